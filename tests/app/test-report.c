/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "yidi-report.h"

static char *
pdf_to_text (const char *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, NULL, &status, &error))
    return NULL;
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static char *
temp_pdf (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yidi-report-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, name, NULL);
}

static void
remove_pdf (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

static gboolean
have_pdftotext (void)
{
  g_autofree char *path = g_find_program_in_path ("pdftotext");

  return path != NULL;
}

static void
test_checklist_pdf (void)
{
  g_autoptr(YidiReport) report = yidi_report_new ("异地就医备案材料清单");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = temp_pdf ("checklist.pdf");
  g_autofree char *text = NULL;

  yidi_report_add_field (report, "参保地", "北京市");
  yidi_report_add_field (report, "Category", "Retiree resettled in another place");
  yidi_report_add_heading (report, "需要准备的材料");
  yidi_report_add_check_item (report, "居民身份证或社会保障卡", TRUE);
  yidi_report_add_check_item (report, "异地安置认定材料（户口簿首页和本人页、居住证明）", FALSE);
  yidi_report_add_note (report, "Figures marked unconfirmed come from a single source.");
  yidi_report_set_footer (report, "Yidi 2026-11-23");

  if (!have_pdftotext ())
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }

  g_assert_true (yidi_report_write_pdf (report, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (yidi_report_get_n_pages (report), ==, 1);

  text = pdf_to_text (path);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "异地就医备案材料清单"));
  g_assert_nonnull (strstr (text, "居民身份证或社会保障卡"));
  g_assert_nonnull (strstr (text, "Retiree resettled in another place"));
  g_assert_nonnull (strstr (text, "Yidi 2026-11-23"));
  g_assert_nonnull (strstr (text, "Page 1 of 1"));
  remove_pdf (path);
}

static void
test_long_document_flows_over_pages (void)
{
  g_autoptr(YidiReport) report = yidi_report_new ("Estimate");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = temp_pdf ("long.pdf");
  g_autofree char *text = NULL;
  const double widths[] = { 0.5, 0.25, 0.25 };
  const char *header[] = { "Step", "Value", "Source", NULL };
  guint n_pages;

  yidi_report_set_columns (report, widths, G_N_ELEMENTS (widths));
  yidi_report_add_row (report, header, TRUE);
  for (int i = 0; i < 120; i++)
    {
      g_autofree char *step = g_strdup_printf ("step-%03d 起付线以上部分按比例支付", i);
      const char *row[] = { step, "¥1,300.00", "BJ_BANZHENGSHI", NULL };

      yidi_report_add_row (report, row, FALSE);
    }

  n_pages = yidi_report_get_n_pages (report);
  g_assert_cmpuint (n_pages, >=, 2);

  if (!have_pdftotext ())
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }

  g_assert_true (yidi_report_write_pdf (report, path, &error));
  text = pdf_to_text (path);
  /* Every row made it onto some page, none twice. */
  for (int i = 0; i < 120; i++)
    {
      g_autofree char *step = g_strdup_printf ("step-%03d", i);
      const char *first = strstr (text, step);

      g_assert_nonnull (first);
      g_assert_null (strstr (first + 1, step));
    }
  {
    g_autofree char *last = g_strdup_printf ("Page %u of %u", n_pages, n_pages);
    g_assert_nonnull (strstr (text, last));
  }
  remove_pdf (path);
}

static void
test_unwritable_target (void)
{
  g_autoptr(YidiReport) report = yidi_report_new ("x");
  g_autoptr(GError) error = NULL;

  g_assert_false (yidi_report_write_pdf (report, "/nonexistent-dir/yidi.pdf", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_false (g_file_test ("/nonexistent-dir/yidi.pdf.part", G_FILE_TEST_EXISTS));
}

/* A file the chooser gave that is not on this computer (a network
 * location): a clear error, nothing written. */
static void
test_remote_file (void)
{
  g_autoptr(YidiReport) report = yidi_report_new ("x");
  g_autoptr(GFile) file = g_file_new_for_uri ("sftp://example.invalid/home/x/yidi.pdf");
  g_autoptr(GError) error = NULL;

  g_assert_false (yidi_report_write_pdf_file (report, file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "Choose another folder"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/checklist-pdf", test_checklist_pdf);
  g_test_add_func ("/report/long-document", test_long_document_flows_over_pages);
  g_test_add_func ("/report/unwritable-target", test_unwritable_target);
  g_test_add_func ("/report/remote-file", test_remote_file);

  return g_test_run ();
}

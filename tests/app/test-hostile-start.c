/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Yidi starting on hostile files, as a person meets them: the window
 * opens, a plain translated message says what happened and what to do,
 * and the person's file is left as it was. (A damaged casebook moved
 * aside is tested in test-filing-page; the core cases in
 * tests/core/test-hostile.c.) */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "yidi-application.h"
#include "yidi-casebook.h"
#include "yidi-db.h"
#include "yidi-filing-page.h"
#include "yidi-test-ui.h"
#include "yidi-window.h"

static GBytes *
read_file (const char *path)
{
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (contents, length);
}

/* A casebook from a newer Yidi: not opened, not changed, and the person
 * is told their cases are not kept this time and why. */
static void
test_newer_casebook (void)
{
  g_autofree char *path = g_build_filename (yidi_test_ui_get_data_dir (), "newer.sqlite", NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  YidiApplication *app;
  YidiWindow *window;
  GtkWindow *dialog;
  const GError *cases_error;
  const char *body;
  sqlite3 *db = NULL;

  yidi_casebook_close (yidi_casebook_open (path, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99; PRAGMA wal_checkpoint(TRUNCATE);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = read_file (path);

  app = yidi_test_application_new ("Hostile", path, NULL, NULL);
  cases_error = yidi_application_get_cases_error (app);
  g_assert_error ((GError *) cases_error, YIDI_DB_ERROR, YIDI_DB_ERROR_TOO_NEW);

  window = yidi_test_open_window (app, 900, 700);
  dialog = yidi_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 5000);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   _("Your Cases Cannot Be Saved"));
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (body, cases_error->message));
  g_assert_nonnull (strstr (body, path));
  if (yidi_test_ui_is_chinese ())
    g_assert_nonnull (strstr (body, "更新版本"));
  else
    g_assert_nonnull (strstr (body, "newer version of Yidi"));
  yidi_test_wait_for_frame (GTK_WIDGET (dialog));
  g_free (yidi_test_save_screenshot (GTK_WIDGET (dialog), "newer-casebook"));
  gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (app);

  after = read_file (path);
  g_assert_true (g_bytes_equal (before, after));
  g_unlink (path);
}

/* No policies at all (a broken install): the window still opens, and the
 * Filing tab says what is wrong instead of its questions. */
static void
test_missing_policies (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *path = g_build_filename (yidi_test_ui_get_data_dir (), "no-policies.sqlite", NULL);
      g_autoptr(GError) error = NULL;
      YidiApplication *app;
      YidiWindow *window;
      GObject *filing_page;
      GObject *error_page;
      GObject *stack;
      const char *problem = NULL;

      app = yidi_test_application_new ("Hostile", path, NULL, NULL);
      g_assert_null (yidi_application_get_cases_error (app));
      g_assert_null (yidi_application_get_filing_rules (app, &problem));
      g_assert_nonnull (problem);
      if (yidi_test_ui_is_chinese ())
        g_assert_nonnull (strstr (problem, "重新安装"));
      else
        g_assert_nonnull (strstr (problem, "Reinstall Yidi"));

      window = yidi_test_open_window (app, 900, 700);
      yidi_window_set_visible_page (window, "filing");
      filing_page = yidi_test_template_child (GTK_WIDGET (window), YIDI_TYPE_WINDOW, "filing_page");
      error_page = yidi_test_template_child (GTK_WIDGET (filing_page), YIDI_TYPE_FILING_PAGE, "error_page");
      stack = yidi_test_template_child (GTK_WIDGET (filing_page), YIDI_TYPE_FILING_PAGE, "stack");
      g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "error");
      g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (error_page)), ==, problem);
      yidi_test_wait_for_frame (GTK_WIDGET (window));
      g_free (yidi_test_save_screenshot (GTK_WIDGET (window), "missing-policies"));
      gtk_window_destroy (GTK_WINDOW (window));
      g_object_unref (app);
      g_unlink (path);
      return;
    }

  {
    g_autofree char *missing = g_build_filename (yidi_test_ui_get_data_dir (), "no-such-policies", NULL);

    g_setenv ("YIDI_POLICY_DIR", missing, TRUE);
    g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed ();
  }
}

int
main (int    argc,
      char **argv)
{
  if (!yidi_test_ui_init (&argc, &argv))
    return 77;

  g_test_add_func ("/hostile-start/newer-casebook", test_newer_casebook);
  g_test_add_func ("/hostile-start/missing-policies", test_missing_policies);

  return g_test_run ();
}

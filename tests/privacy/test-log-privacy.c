/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Privacy: an ID number and a phone number typed into a case never reach
 * the log, with every debug message on (G_MESSAGES_DEBUG=all), whatever
 * is done with the case: saved, changed, listed and searched, loaded,
 * exported, imported (also from a broken file that holds them), duplicated
 * and deleted. Every log message is captured and searched for them. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "yidi-casebook.h"
#include "yidi-case-record.h"

#define ID_NUMBER "110101199003071234"
#define PHONE     "13800138000"

static GString *captured;
static guint n_messages;

static GLogWriterOutput
capture (GLogLevelFlags   level,
         const GLogField *fields,
         gsize            n_fields,
         gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length < 0)
        g_string_append (captured, fields[i].value);
      else
        g_string_append_len (captured, fields[i].value, fields[i].length);
      g_string_append_c (captured, '\n');
    }
  n_messages++;
  /* Criticals and warnings still fail the test. */
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

static void
assert_not_logged (void)
{
  g_assert_null (strstr (captured->str, ID_NUMBER));
  g_assert_null (strstr (captured->str, PHONE));
  /* Not even in part (the year of birth and the area code are common). */
  g_assert_null (strstr (captured->str, "19900307"));
  g_assert_null (strstr (captured->str, "38001380"));
}

static void
test_case_lifecycle (void)
{
  g_autofree char *dir = g_dir_make_tmp ("yidi-privacy-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "user.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiCasebook) book = NULL;
  g_autoptr(YidiCaseRecord) record = yidi_case_record_new ();
  g_autoptr(YidiCaseRecord) loaded = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *broken = NULL;
  gsize length = 0;
  gint64 copy;
  gint64 imported;

  book = yidi_casebook_open (path, NULL, &error);
  g_assert_no_error (error);

  record->label = g_strdup ("张三 " ID_NUMBER);
  record->notes = g_strdup ("身份证 " ID_NUMBER "，电话 " PHONE);
  record->insured_place = g_strdup ("110000");
  record->filing_date = g_strdup ("2025-01-02");
  yidi_case_record_set_answer (record, "retired", "yes");
  g_assert_true (yidi_casebook_save (book, record, &error));
  g_assert_no_error (error);

  g_free (record->notes);
  record->notes = g_strdup ("电话 " PHONE " 已改");
  g_assert_true (yidi_casebook_save (book, record, &error));
  g_assert_true (yidi_casebook_set_checked (book, record->id, "filing/id_card", TRUE, &error));
  g_assert_true (yidi_casebook_rename (book, record->id, "张三 " PHONE, &error));
  g_assert_no_error (error);

  found = yidi_casebook_list (book, PHONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = yidi_casebook_list (book, ID_NUMBER, NULL, &error);
  g_assert_no_error (error);

  loaded = yidi_casebook_load (book, record->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (loaded->notes, PHONE));

  exported = yidi_casebook_export (book, record->id, &length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (exported, PHONE));
  imported = yidi_casebook_import (book, exported, length, "张三.json", &error);
  g_assert_no_error (error);
  g_assert_cmpint (imported, >, 0);

  /* A broken file holding them: refused, and still not logged. */
  broken = g_strdup ("{\"format\": \"yidi-case\", \"version\": 1, \"case\": {\"insured_place\": \"" ID_NUMBER "\","
                     " \"notes\": \"" PHONE "\", \"label\": 7}}");
  g_assert_cmpint (yidi_casebook_import (book, broken, -1, "broken.json", &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (yidi_case_record_import (broken, -1, "broken.json", &error));
  g_clear_error (&error);
  g_assert_cmpint (yidi_casebook_import (book, "{\"format\": \"yidi-case\", \"version\": 1, \"case\": {\"insured_place\": \"" ID_NUMBER "\"}}",
                                         -1, "bad-place.json", &error), ==, 0);
  g_clear_error (&error);

  copy = yidi_casebook_duplicate (book, record->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (yidi_casebook_set_last_opened (book, copy, &error));
  g_assert_true (yidi_casebook_delete (book, copy, &error));
  g_assert_true (yidi_casebook_delete (book, imported, &error));
  g_assert_no_error (error);
  g_clear_pointer (&book, yidi_casebook_close);

  /* The log was on and heard something: the check can fail. */
  g_assert_cmpuint (n_messages, >, 0);
  g_assert_nonnull (strstr (captured->str, "saved case"));
  assert_not_logged ();

  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_test_init (&argc, &argv, NULL);
  captured = g_string_new (NULL);
  g_log_set_writer_func (capture, NULL, NULL);

  g_test_add_func ("/privacy/case-not-logged", test_case_lifecycle);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: importing an official list (CSV, UTF-8 or GB18030)
 * into the person's directory database, held in memory so each run is
 * quick. An import is all or nothing: when it fails no institution is
 * left; when it succeeds the table holds exactly the rows it reports,
 * and the database passes its integrity check. */
#include "config.h"

#include <sqlite3.h>

#include "yidi-csv.h"
#include "yidi-directory-private.h"
#include "fuzz-common.h"

static YidiDivisions *divisions;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autofree char *path = fuzz_source_path ("data", "divisions.csv", NULL);
  g_autoptr(GError) error = NULL;

  divisions = yidi_divisions_new_from_csv (path, &error);
  g_assert_no_error (error);
  return 0;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *path = fuzz_write_scratch ("list.csv", data, size);
  g_autoptr(YidiImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  gboolean ok;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  sqlite3_extended_result_codes (db, 1);
  for (guint i = 0; i < yidi_directory_n_migrations; i++)
    g_assert_cmpint (sqlite3_exec (db, yidi_directory_migrations[i].sql, NULL, NULL, NULL), ==, SQLITE_OK);

  ok = yidi_directory_import_into (db, divisions, path, "fuzz", NULL, NULL, NULL, &result, NULL, &error);
  g_assert_nonnull (result);
  if (ok)
    {
      g_assert_no_error (error);
      g_assert_cmpuint (yidi_import_result_get_n_rows (result), >, 0);
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM institution"), ==,
                       yidi_import_result_get_n_rows (result));
      g_assert_cmpuint (yidi_import_result_get_problems (result)->len, ==, 0);
    }
  else
    {
      /* A problem with the file, never one of the database. */
      g_assert_nonnull (error);
      g_assert_true (error->domain == YIDI_DIRECTORY_ERROR || error->domain == YIDI_CSV_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM institution"), ==, 0);
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM source"), ==, 0);
    }
  for (guint i = 0; i < yidi_import_result_get_problems (result)->len; i++)
    {
      YidiImportProblem *problem = g_ptr_array_index (yidi_import_result_get_problems (result), i);

      g_assert_true (g_utf8_validate (problem->message, -1, NULL));
    }
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check != 'ok'"), ==, 0);

  sqlite3_close (db);
  return 0;
}

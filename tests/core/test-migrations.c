/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Schema versions of the person's databases: every version a Yidi ever
 * wrote opens in this one, migrated forward with its data.
 *
 * The schemas below are frozen copies of what each released version
 * created, written out here on purpose rather than taken from the
 * migrations: editing a migration that already shipped (instead of adding
 * a new one) then fails this test. When you add a migration, add the new
 * version's schema to the list; the test checks the newest one is what a
 * fresh database gets and migrates every older one to it. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "yidi-casebook.h"
#include "yidi-directory.h"

/* ---- The casebook (user.sqlite) ------------------------------------------ */

static const char *const casebook_schemas[] = {
  /* Version 1 (Yidi 0.1). */
  "CREATE TABLE cases ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  label TEXT NOT NULL DEFAULT '',"
  "  insured_place TEXT,"
  "  scheme TEXT NOT NULL,"
  "  member_status TEXT NOT NULL,"
  "  birth_year INTEGER,"
  "  destination TEXT,"
  "  filing_category TEXT NOT NULL,"
  "  filing_date TEXT,"
  "  filing_status TEXT NOT NULL,"
  "  admission_date TEXT,"
  "  discharge_date TEXT,"
  "  notes TEXT,"
  "  warned TEXT NOT NULL DEFAULT 'none',"
  "  created TEXT NOT NULL,"
  "  modified TEXT NOT NULL"
  ");"
  "CREATE INDEX cases_modified ON cases (modified);"
  "CREATE TABLE case_answers ("
  "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
  "  question TEXT NOT NULL,"
  "  answer TEXT NOT NULL,"
  "  PRIMARY KEY (case_id, question)"
  ") WITHOUT ROWID;"
  "CREATE TABLE case_checklist ("
  "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
  "  item TEXT NOT NULL,"
  "  PRIMARY KEY (case_id, item)"
  ") WITHOUT ROWID;"
  "CREATE TABLE settings ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT"
  ") WITHOUT ROWID;",
};

/* What a person had saved, in the oldest schema's columns (each later
 * version must keep it). */
static const char casebook_data_v1[] =
  "INSERT INTO cases (id, label, insured_place, scheme, member_status, birth_year, destination,"
  "  filing_category, filing_date, filing_status, admission_date, discharge_date, notes, warned,"
  "  created, modified) VALUES"
  " (1, '王芳', '110000', 'employee', 'retired', 1956, '460100', 'resettled_retiree', '2024-11-02',"
  "  'approved', '2025-03-01', NULL, '带医保卡', 'none', '2024-11-01T08:00:00.000000Z',"
  "  '2024-11-02T09:30:00.000000Z'),"
  " (2, 'Li Lei', NULL, 'resident', 'in_service', NULL, NULL, 'none', NULL, 'not_filed', NULL, NULL,"
  "  NULL, 'none', '2024-12-01T08:00:00.000000Z', '2024-12-01T08:00:00.000000Z');"
  "INSERT INTO case_answers VALUES (1, 'retired', 'yes'), (1, 'emergency', 'no');"
  "INSERT INTO case_checklist VALUES (1, 'filing/id_card');"
  "INSERT INTO settings VALUES ('last_opened', '1');";

/* ---- The directory's user database (directory-user.sqlite) ---------------- */

static const char *const directory_schemas[] = {
  /* Version 1 (Yidi 0.1). */
  "CREATE TABLE division ("
  "  code INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  level INTEGER NOT NULL,"
  "  parent INTEGER,"
  "  stat_only INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE source ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  as_of TEXT,"
  "  imported TEXT NOT NULL,"
  "  file TEXT,"
  "  encoding TEXT,"
  "  n_rows INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE institution ("
  "  id INTEGER PRIMARY KEY,"
  "  source_id INTEGER NOT NULL,"
  "  line INTEGER NOT NULL,"
  "  code TEXT,"
  "  name TEXT NOT NULL,"
  "  aliases TEXT,"
  "  province INTEGER,"
  "  city INTEGER,"
  "  county INTEGER,"
  "  level INTEGER NOT NULL,"
  "  grade INTEGER NOT NULL,"
  "  type INTEGER NOT NULL,"
  "  address TEXT,"
  "  phone TEXT,"
  "  longitude REAL,"
  "  latitude REAL,"
  "  inpatient INTEGER NOT NULL,"
  "  outpatient INTEGER NOT NULL,"
  "  chronic INTEGER NOT NULL,"
  "  data_date TEXT,"
  "  source TEXT,"
  "  pinyin TEXT NOT NULL,"
  "  initials TEXT NOT NULL,"
  "  sort_key TEXT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS institution_name ON institution (name COLLATE NOCASE);"
  "CREATE INDEX IF NOT EXISTS institution_code ON institution (code) WHERE code IS NOT NULL;"
  "CREATE TABLE gram ("
  "  token BLOB NOT NULL,"
  "  first INTEGER NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  data BLOB NOT NULL,"
  "  PRIMARY KEY (token, first)) WITHOUT ROWID;"
  "CREATE TABLE gram_block ("
  "  first BLOB PRIMARY KEY,"
  "  data BLOB NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE favourite ("
  "  key TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  added TEXT NOT NULL);",
};

static const char directory_data_v1[] =
  "INSERT INTO favourite VALUES ('H11010100001', '北京协和医院', '2025-01-02T03:04:05Z'),"
  " ('n:440000:广州市第一人民医院', '广州市第一人民医院', '2025-01-03T03:04:05Z');";

/* ---- Helpers --------------------------------------------------------------- */

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("yidi-migrations-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "user.sqlite", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* A database as version @version left it: its schema, @data, and the
 * version number, written with plain SQL. */
static void
write_old_database (const char *path,
                    const char *schema,
                    const char *data,
                    int         version)
{
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d;", version);
  sqlite3 *db = NULL;
  char *message = NULL;

  g_unlink (path);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, schema, NULL, NULL, &message) != SQLITE_OK ||
      (data != NULL && sqlite3_exec (db, data, NULL, NULL, &message) != SQLITE_OK) ||
      sqlite3_exec (db, set_version, NULL, NULL, &message) != SQLITE_OK)
    g_error ("cannot write a version-%d database: %s", version, message);
  sqlite3_close (db);
}

/* The schema as SQLite describes it (columns with types, constraints and
 * defaults; indexes with their columns), so that a migrated database can
 * be compared with a fresh one whatever the text of its CREATE
 * statements. */
static char *
describe_schema (const char *path,
                 int        *out_version)
{
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT type, name, tbl_name FROM sqlite_schema"
                                       " WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
                                       -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (tables, 0);
      const char *name = (const char *) sqlite3_column_text (tables, 1);
      g_autofree char *sql = g_str_equal (type, "table")
        ? g_strdup_printf ("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('%s')", name)
        : g_strdup_printf ("SELECT name, seqno, NULL, NULL, NULL FROM pragma_index_info('%s')", name);
      sqlite3_stmt *columns = NULL;

      g_string_append_printf (out, "%s %s (on %s)\n", type, name, sqlite3_column_text (tables, 2));
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &columns, NULL), ==, SQLITE_OK);
      while (sqlite3_step (columns) == SQLITE_ROW)
        g_string_append_printf (out, "  %s %s %s %s %s\n",
                                sqlite3_column_text (columns, 0), sqlite3_column_text (columns, 1),
                                sqlite3_column_text (columns, 2), sqlite3_column_text (columns, 3),
                                sqlite3_column_text (columns, 4));
      sqlite3_finalize (columns);
    }
  sqlite3_finalize (tables);

  if (out_version != NULL)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      *out_version = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

/* ---- The casebook ----------------------------------------------------------- */

/* A fresh casebook has the newest frozen schema: a new migration needs
 * its schema added above. */
static void
test_casebook_current (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *fresh_path = g_build_filename (f->dir, "fresh.sqlite", NULL);
  g_autofree char *fresh = NULL;
  g_autofree char *frozen = NULL;
  g_autoptr(GError) error = NULL;
  int version = -1;

  yidi_casebook_close (yidi_casebook_open (fresh_path, NULL, &error));
  g_assert_no_error (error);
  fresh = describe_schema (fresh_path, &version);
  g_assert_cmpint (version, ==, G_N_ELEMENTS (casebook_schemas));

  write_old_database (f->path, casebook_schemas[version - 1], NULL, version);
  frozen = describe_schema (f->path, NULL);
  g_assert_cmpstr (fresh, ==, frozen);
}

/* Every earlier version (0 is a new, empty file) opens, with its cases. */
static void
test_casebook_from_every_version (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *fresh_path = g_build_filename (f->dir, "fresh.sqlite", NULL);
  g_autofree char *fresh = NULL;

  yidi_casebook_close (yidi_casebook_open (fresh_path, NULL, NULL));
  fresh = describe_schema (fresh_path, NULL);

  for (guint from = 0; from < G_N_ELEMENTS (casebook_schemas); from++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *moved = NULL;
      g_autofree char *migrated = NULL;
      g_autoptr(YidiCasebook) book = NULL;
      int version = -1;

      g_test_message ("from version %u", from);
      if (from == 0)
        write_old_database (f->path, "", NULL, 0);
      else
        write_old_database (f->path, casebook_schemas[from - 1], casebook_data_v1, from);

      book = yidi_casebook_open (f->path, &moved, &error);
      g_assert_no_error (error);
      g_assert_null (moved);

      if (from > 0)
        {
          g_autoptr(YidiCaseRecord) wang = yidi_casebook_load (book, 1, &error);
          g_autoptr(YidiCaseRecord) li = yidi_casebook_load (book, 2, &error);

          g_assert_no_error (error);
          g_assert_cmpuint (yidi_casebook_count (book), ==, 2);
          g_assert_cmpstr (wang->label, ==, "王芳");
          g_assert_cmpstr (wang->insured_place, ==, "110000");
          g_assert_cmpint (wang->scheme, ==, YIDI_SCHEME_EMPLOYEE);
          g_assert_cmpint (wang->member_status, ==, YIDI_MEMBER_RETIRED);
          g_assert_cmpint (wang->birth_year, ==, 1956);
          g_assert_cmpstr (wang->destination, ==, "460100");
          g_assert_cmpint (wang->filing_category, ==, YIDI_FILING_RESETTLED_RETIREE);
          g_assert_cmpstr (wang->filing_date, ==, "2024-11-02");
          g_assert_cmpint (wang->filing_status, ==, YIDI_FILING_STATUS_APPROVED);
          g_assert_cmpstr (wang->admission_date, ==, "2025-03-01");
          g_assert_null (wang->discharge_date);
          g_assert_cmpstr (wang->notes, ==, "带医保卡");
          g_assert_cmpstr (g_hash_table_lookup (wang->answers, "retired"), ==, "yes");
          g_assert_cmpstr (g_hash_table_lookup (wang->answers, "emergency"), ==, "no");
          g_assert_true (yidi_case_record_get_checked (wang, "filing/id_card"));
          g_assert_cmpstr (li->label, ==, "Li Lei");
          g_assert_cmpint (li->scheme, ==, YIDI_SCHEME_RESIDENT);
          g_assert_cmpint (yidi_casebook_get_last_opened (book), ==, 1);
        }

      /* And it works as a current casebook. */
      {
        g_autoptr(YidiCaseRecord) record = yidi_case_record_new ();
        record->label = g_strdup ("New");
        g_assert_true (yidi_casebook_save (book, record, &error));
        g_assert_no_error (error);
      }
      g_clear_pointer (&book, yidi_casebook_close);

      migrated = describe_schema (f->path, &version);
      g_assert_cmpint (version, ==, G_N_ELEMENTS (casebook_schemas));
      g_assert_cmpstr (migrated, ==, fresh);
    }
}

/* ---- The directory's user database ---------------------------------------- */

static void
test_directory_current (Fixture       *f,
                        gconstpointer  data)
{
  const char *bundled = g_getenv ("YIDI_DIRECTORY_DB");
  g_autofree char *fresh_path = g_build_filename (f->dir, "fresh.sqlite", NULL);
  g_autofree char *fresh = NULL;
  g_autofree char *frozen = NULL;
  g_autoptr(GError) error = NULL;
  YidiDirectory *directory;
  int version = -1;

  if (bundled == NULL)
    {
      g_test_skip ("no installed directory (-Dbundled_directory=false)");
      return;
    }
  directory = yidi_directory_open (bundled, fresh_path, &error);
  g_assert_no_error (error);
  g_clear_object (&directory);
  fresh = describe_schema (fresh_path, &version);
  g_assert_cmpint (version, ==, G_N_ELEMENTS (directory_schemas));

  write_old_database (f->path, directory_schemas[version - 1], NULL, version);
  frozen = describe_schema (f->path, NULL);
  g_assert_cmpstr (fresh, ==, frozen);
}

static void
test_directory_from_every_version (Fixture       *f,
                                   gconstpointer  data)
{
  const char *bundled = g_getenv ("YIDI_DIRECTORY_DB");

  if (bundled == NULL)
    {
      g_test_skip ("no installed directory (-Dbundled_directory=false)");
      return;
    }

  for (guint from = 0; from < G_N_ELEMENTS (directory_schemas); from++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(YidiDirectory) directory = NULL;
      g_autoptr(GPtrArray) favourites = NULL;

      g_test_message ("from version %u", from);
      if (from == 0)
        write_old_database (f->path, "", NULL, 0);
      else
        write_old_database (f->path, directory_schemas[from - 1], directory_data_v1, from);

      directory = yidi_directory_open (bundled, f->path, &error);
      g_assert_no_error (error);
      g_assert_null (yidi_directory_get_moved_aside (directory));
      favourites = yidi_directory_list_favourites (directory, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (favourites->len, ==, from == 0 ? 0 : 2);
      g_assert_true (yidi_directory_set_favourite (directory, "k", "Another", TRUE, &error));
      g_assert_no_error (error);
    }
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/migrations/casebook/current-is-frozen", test_casebook_current);
  ADD ("/migrations/casebook/from-every-version", test_casebook_from_every_version);
  ADD ("/migrations/directory/current-is-frozen", test_directory_current);
  ADD ("/migrations/directory/from-every-version", test_directory_from_every_version);
#undef ADD

  return g_test_run ();
}

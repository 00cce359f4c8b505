/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>

#include "yidi-db.h"

static const YidiDbMigration migrations[] = {
  { "CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT NOT NULL);" },
  { "ALTER TABLE note ADD COLUMN created TEXT;" },
};

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("yidi-db-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "sub", "user.sqlite", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static int
count_notes (sqlite3 *db)
{
  sqlite3_stmt *stmt;
  int n;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM note", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
write_file (const char *path,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static void
test_creates_private_file (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  mode_t old_umask = umask (0);
  sqlite3 *db = yidi_db_open (f->path, 0, migrations, G_N_ELEMENTS (migrations), NULL, &error);
  GStatBuf st;

  umask (old_umask);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_cmpint (yidi_db_get_version (db), ==, 2);
  g_assert_true (yidi_db_exec (db, "INSERT INTO note (text, created) VALUES ('a', 'today')", &error));
  g_assert_no_error (error);

  /* Even with a permissive umask, nobody else may read the file. */
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  yidi_db_close (db);
}

static void
test_migrates_forward (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  /* A version-1 database, as an older Yidi left it. */
  db = yidi_db_open (f->path, 0, migrations, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (yidi_db_exec (db, "INSERT INTO note (text) VALUES ('kept')", &error));
  yidi_db_close (db);

  db = yidi_db_open (f->path, 0, migrations, G_N_ELEMENTS (migrations), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yidi_db_get_version (db), ==, 2);
  g_assert_cmpint (count_notes (db), ==, 1);
  g_assert_true (yidi_db_exec (db, "UPDATE note SET created = 'now'", &error));
  yidi_db_close (db);
}

static void
test_refuses_newer_file (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  char *moved = (char *) "unset";
  sqlite3 *db;

  db = yidi_db_open (f->path, 0, migrations, 2, NULL, &error);
  g_assert_true (yidi_db_exec (db, "PRAGMA user_version = 7; PRAGMA wal_checkpoint(TRUNCATE)", &error));
  g_assert_no_error (error);
  yidi_db_close (db);
  g_assert_true (g_file_get_contents (f->path, &before, NULL, NULL));

  db = yidi_db_open (f->path, YIDI_DB_OPEN_RECOVER, migrations, 2, &moved, &error);
  g_assert_null (db);
  g_assert_null (moved);
  g_assert_error (error, YIDI_DB_ERROR, YIDI_DB_ERROR_TOO_NEW);
  g_assert_true (g_file_get_contents (f->path, &after, NULL, NULL));
  g_assert_cmpmem (before, 4096, after, 4096);
}

static void
check_damaged (Fixture    *f,
               const char *contents,
               gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *kept = NULL;
  gsize kept_length;
  sqlite3 *db;

  write_file (f->path, contents, length);

  /* Without recovery: a clear error, and the file stays where it was. */
  db = yidi_db_open (f->path, 0, migrations, 2, NULL, &error);
  g_assert_null (db);
  g_assert_error (error, YIDI_DB_ERROR, YIDI_DB_ERROR_CORRUPT);
  g_assert_true (g_str_has_suffix (error->message, "is damaged or is not a Yidi database."));
  g_clear_error (&error);

  /* With recovery: the damaged file is moved aside intact, a fresh one made. */
  db = yidi_db_open (f->path, YIDI_DB_OPEN_RECOVER | YIDI_DB_OPEN_CHECK, migrations, 2, &moved, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_nonnull (moved);
  g_assert_true (g_str_has_prefix (moved, f->path));
  g_assert_nonnull (strstr (moved, ".damaged-"));
  g_assert_true (g_file_get_contents (moved, &kept, &kept_length, NULL));
  g_assert_cmpmem (kept, kept_length, contents, length);
  g_assert_cmpint (count_notes (db), ==, 0);
  yidi_db_close (db);
}

static void
test_random_bytes (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  char bytes[8192];

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = g_rand_int_range (rand, 0, 256);
  check_damaged (f, bytes, sizeof bytes);
}

static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  sqlite3 *db;

  db = yidi_db_open (f->path, 0, migrations, 2, NULL, &error);
  for (int i = 0; i < 500; i++)
    g_assert_true (yidi_db_exec (db, "INSERT INTO note (text) VALUES (hex(randomblob(200)))", &error));
  g_assert_true (yidi_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  g_assert_no_error (error);
  yidi_db_close (db);

  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 20000);
  g_unlink (f->path);
  check_damaged (f, contents, length / 3);
}

static void
test_zero_bytes (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  /* An empty file is an empty database: it simply gets the schema. */
  write_file (f->path, "", 0);
  db = yidi_db_open (f->path, YIDI_DB_OPEN_RECOVER, migrations, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_notes (db), ==, 0);
  yidi_db_close (db);
}

static void
test_read_only_folder (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (f->dir, "locked", NULL);
  g_autofree char *path = g_build_filename (dir, "user.sqlite", NULL);
  sqlite3 *db;

  if (geteuid () == 0)
    {
      g_test_skip ("root may write anywhere");
      return;
    }

  g_mkdir (dir, 0500);
  db = yidi_db_open (path, YIDI_DB_OPEN_RECOVER, migrations, 2, NULL, &error);
  g_assert_null (db);
  g_assert_error (error, YIDI_DB_ERROR, YIDI_DB_ERROR_READ_ONLY);
  g_chmod (dir, 0700);
}

static void
test_read_only_open (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  db = yidi_db_open (f->path, YIDI_DB_OPEN_READ_ONLY, migrations, 2, NULL, &error);
  g_assert_null (db);
  g_assert_error (error, YIDI_DB_ERROR, YIDI_DB_ERROR_OPEN);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  db = yidi_db_open (f->path, 0, migrations, 2, NULL, &error);
  yidi_db_close (db);
  db = yidi_db_open (f->path, YIDI_DB_OPEN_READ_ONLY, migrations, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (yidi_db_exec (db, "INSERT INTO note (text) VALUES ('x')", &error));
  g_assert_error (error, YIDI_DB_ERROR, YIDI_DB_ERROR_READ_ONLY);
  yidi_db_close (db);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/db/creates-private-file", test_creates_private_file);
  ADD ("/db/migrates-forward", test_migrates_forward);
  ADD ("/db/refuses-newer-file", test_refuses_newer_file);
  ADD ("/db/damaged/random-bytes", test_random_bytes);
  ADD ("/db/damaged/truncated", test_truncated);
  ADD ("/db/zero-bytes", test_zero_bytes);
  ADD ("/db/read-only-folder", test_read_only_folder);
  ADD ("/db/read-only-open", test_read_only_open);
#undef ADD

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hostile and broken files where Yidi keeps the person's data: the
 * casebook (user.sqlite) and the directory's user database
 * (directory-user.sqlite). For each: Yidi still opens (or refuses with a
 * clear, translated sentence), and the person's file is never
 * overwritten or deleted — a damaged one is moved aside, byte for byte,
 * under a time-stamped name. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "yidi-casebook.h"
#include "yidi-db.h"
#include "yidi-directory.h"
#include "yidi-policy.h"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  g_chmod (path, 0700);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("yidi-hostile-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  g_chmod (f->dir, 0755);
  f->path = g_build_filename (f->dir, "user.sqlite", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
write_file (const char *path,
            GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
}

/* The files of the folder whose names start with @prefix. */
static guint
count_files (const char *dir,
             const char *prefix)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, prefix))
      n++;
  return n;
}

/* A casebook of @n cases, closed (its journal folded into the file). */
static void
make_casebook (const char *path,
               guint       n)
{
  g_autoptr(GError) error = NULL;
  YidiCasebook *book = yidi_casebook_open (path, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YidiCaseRecord) record = yidi_case_record_new ();

      record->label = g_strdup_printf ("Person %u", i);
      record->notes = g_strnfill (500, 'n');
      g_assert_true (yidi_casebook_save (book, record, &error));
    }
  yidi_casebook_close (book);
}

static void
set_user_version (const char *path,
                  int         version)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA wal_checkpoint(TRUNCATE);", version);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* Opens @path after damage: a fresh casebook, the damaged file moved aside
 * unchanged under "user.sqlite.damaged-YYYYMMDD-HHMMSS". */
static void
check_moved_aside (Fixture *f,
                   GBytes  *damaged)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GBytes) kept = NULL;
  g_autoptr(YidiCasebook) book = NULL;

  book = yidi_casebook_open (f->path, &moved, &error);
  g_assert_no_error (error);
  g_assert_nonnull (book);
  g_assert_nonnull (moved);

  base = g_path_get_basename (moved);
  g_assert_true (g_str_has_prefix (base, "user.sqlite.damaged-"));
  g_assert_cmpuint (strlen (base), >=, strlen ("user.sqlite.damaged-20250101-120000"));
  g_assert_true (g_ascii_isdigit (base[strlen ("user.sqlite.damaged-")]));
  kept = read_file (moved);
  g_assert_true (g_bytes_equal (kept, damaged));

  /* The fresh casebook works. */
  g_assert_cmpuint (yidi_casebook_count (book), ==, 0);
  {
    g_autoptr(YidiCaseRecord) record = yidi_case_record_new ();
    record->label = g_strdup ("After");
    g_assert_true (yidi_casebook_save (book, record, &error));
    g_assert_no_error (error);
  }
}

static void
test_zero_bytes (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = NULL;
  g_autoptr(YidiCasebook) book = NULL;

  /* An empty file holds nothing to lose: it becomes an empty casebook. */
  write_file (f->path, empty);
  book = yidi_casebook_open (f->path, &moved, &error);
  g_assert_no_error (error);
  g_assert_null (moved);
  g_assert_cmpuint (yidi_casebook_count (book), ==, 0);
  g_assert_cmpuint (count_files (f->dir, "user.sqlite.damaged-"), ==, 0);
}

static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) whole = NULL;
  g_autoptr(GBytes) cut = NULL;

  make_casebook (f->path, 40);
  whole = read_file (f->path);
  g_assert_cmpuint (g_bytes_get_size (whole), >, 8 * 4096);
  /* Cut in the middle of a page. */
  cut = g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) / 2 + 100);
  write_file (f->path, cut);
  check_moved_aside (f, cut);
}

static void
test_random_bytes (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GBytes) bytes = NULL;
  guint8 *random = g_malloc (20000);

  for (guint i = 0; i < 20000; i++)
    random[i] = g_rand_int_range (rand, 0, 256);
  bytes = g_bytes_new_take (random, 20000);
  write_file (f->path, bytes);
  check_moved_aside (f, bytes);
}

/* A valid header with garbage pages after it. */
static void
test_damaged_pages (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) whole = NULL;
  g_autoptr(GBytes) damaged = NULL;
  guint8 *copy;
  gsize size;

  make_casebook (f->path, 40);
  whole = read_file (f->path);
  copy = g_bytes_unref_to_data (g_bytes_ref (whole), &size);
  for (gsize i = 2 * 4096; i < size; i += 7)
    copy[i] ^= 0x5a;
  damaged = g_bytes_new_take (copy, size);
  write_file (f->path, damaged);
  check_moved_aside (f, damaged);
}

static void
test_newer_schema (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = NULL;
  YidiCasebook *book;

  make_casebook (f->path, 3);
  set_user_version (f->path, 99);
  before = read_file (f->path);

  book = yidi_casebook_open (f->path, &moved, &error);
  g_assert_null (book);
  g_assert_null (moved);
  g_assert_error (error, YIDI_DB_ERROR, YIDI_DB_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version of Yidi"));
  g_assert_nonnull (strstr (error->message, "left unchanged"));

  /* Never touched, never moved. */
  after = read_file (f->path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpuint (count_files (f->dir, "user.sqlite.damaged-"), ==, 0);
}

/* Run as a user who may not write the folder (root drops to nobody, as
 * root may write anywhere). */
static void
drop_root (void)
{
  if (geteuid () == 0)
    {
      g_assert_cmpint (setgid (65534), ==, 0);
      g_assert_cmpint (setuid (65534), ==, 0);
    }
}

static void
test_read_only_folder (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  make_casebook (f->path, 3);
  before = read_file (f->path);
  g_chmod (f->path, 0644);
  g_chmod (f->dir, 0555);

  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *moved = NULL;
      YidiCasebook *book;

      drop_root ();
      book = yidi_casebook_open (f->path, &moved, &error);
      g_assert_null (book);
      g_assert_null (moved);
      g_assert_nonnull (error);
      g_assert_true (error->domain == YIDI_DB_ERROR);
      g_assert_true (error->code == YIDI_DB_ERROR_READ_ONLY || error->code == YIDI_DB_ERROR_OPEN);
      g_assert_nonnull (strstr (error->message, f->path));
      g_print ("%s\n", error->message);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*Yidi cannot*Check*");
  g_chmod (f->dir, 0755);

  after = read_file (f->path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpuint (count_files (f->dir, "user.sqlite.damaged-"), ==, 0);
}

static void
test_read_only_file (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  make_casebook (f->path, 3);
  before = read_file (f->path);
  g_chmod (f->path, 0444);

  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *moved = NULL;
      YidiCasebook *book;
      g_autoptr(YidiCaseRecord) record = yidi_case_record_new ();

      drop_root ();
      /* It may open for reading; a save must then fail clearly. */
      book = yidi_casebook_open (f->path, &moved, &error);
      g_assert_null (moved);
      if (book != NULL)
        {
          record->label = g_strdup ("x");
          g_assert_false (yidi_casebook_save (book, record, &error));
          yidi_casebook_close (book);
        }
      g_assert_nonnull (error);
      g_assert_true (error->domain == YIDI_DB_ERROR);
      g_assert_true (error->code == YIDI_DB_ERROR_READ_ONLY || error->code == YIDI_DB_ERROR_OPEN);
      g_print ("%s\n", error->message);
      return;
    }

  /* nobody must be able to reach the file to read it. */
  g_chmod (f->dir, 0755);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*Yidi cannot*");

  after = read_file (f->path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpuint (count_files (f->dir, "user.sqlite.damaged-"), ==, 0);
}

/* The directory's user database: favourites and imported lists. */
static void
test_directory_user_db (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *user = g_build_filename (f->dir, "directory-user.sqlite", NULL);
  const char *bundled = g_getenv ("YIDI_DIRECTORY_DB");
  g_autoptr(GBytes) garbage = g_bytes_new_static ("SQLite format 3\0garbage garbage garbage", 40);
  g_autoptr(GError) error = NULL;

  if (bundled == NULL)
    {
      g_test_skip ("no installed directory (-Dbundled_directory=false)");
      return;
    }

  /* Damaged: moved aside, the directory opens with a fresh one. */
  write_file (user, garbage);
  {
    g_autoptr(YidiDirectory) directory = yidi_directory_open (bundled, user, &error);
    g_autoptr(GBytes) kept = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (yidi_directory_get_moved_aside (directory));
    kept = read_file (yidi_directory_get_moved_aside (directory));
    g_assert_true (g_bytes_equal (kept, garbage));
    g_assert_true (yidi_directory_set_favourite (directory, "k", "A hospital", TRUE, &error));
    g_assert_no_error (error);
  }

  /* From a newer Yidi: refused, unchanged. */
  set_user_version (user, 99);
  {
    g_autoptr(GBytes) before = read_file (user);
    g_autoptr(GBytes) after = NULL;
    YidiDirectory *directory = yidi_directory_open (bundled, user, &error);

    g_assert_null (directory);
    g_assert_error (error, YIDI_DB_ERROR, YIDI_DB_ERROR_TOO_NEW);
    after = read_file (user);
    g_assert_true (g_bytes_equal (before, after));
  }
}

/* A truncated directory user database (after a full disk, a bad copy):
 * the imported lists and favourites are kept aside, searches still work. */
static void
test_directory_user_db_truncated (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *user = g_build_filename (f->dir, "directory-user.sqlite", NULL);
  g_autofree char *list = g_build_filename (f->dir, "list.csv", NULL);
  const char *bundled = g_getenv ("YIDI_DIRECTORY_DB");
  g_autoptr(GString) csv = g_string_new ("机构名称,所属区划代码,医院等级,地址\n");
  g_autoptr(GBytes) whole = NULL;
  g_autoptr(GBytes) cut = NULL;
  g_autoptr(GError) error = NULL;

  if (bundled == NULL)
    {
      g_test_skip ("no installed directory (-Dbundled_directory=false)");
      return;
    }

  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (csv, "测试医院%u,110101,三级,北京市东城区某某路%u号\n", i, i);
  g_assert_true (g_file_set_contents (list, csv->str, csv->len, NULL));
  {
    g_autoptr(YidiDirectory) directory = yidi_directory_open (bundled, user, &error);

    g_assert_no_error (error);
    g_assert_true (yidi_directory_import (directory, list, "mine", NULL, NULL, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (yidi_directory_set_favourite (directory, "k", "A hospital", TRUE, &error));
  }
  whole = read_file (user);
  g_assert_cmpuint (g_bytes_get_size (whole), >, 64 * 1024);
  cut = g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) / 2 + 100);
  write_file (user, cut);

  {
    g_autoptr(YidiDirectory) directory = yidi_directory_open (bundled, user, &error);
    g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();
    g_autoptr(GPtrArray) found = NULL;
    g_autoptr(GBytes) kept = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (yidi_directory_get_moved_aside (directory));
    kept = read_file (yidi_directory_get_moved_aside (directory));
    g_assert_true (g_bytes_equal (kept, cut));

    query->text = g_strdup ("医院");
    found = yidi_directory_search (directory, query, 0, 20, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, >, 0);
  }
}

/* Policies: a missing folder is a clear error; a folder without its
 * national rules or place packs, or with a broken pack, still loads what
 * it can and names each problem. */
static void
test_policies (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "no-policies", NULL);
  g_autofree char *empty_dir = g_build_filename (f->dir, "empty-policies", NULL);
  g_autofree char *places = g_build_filename (empty_dir, "places", NULL);
  g_autofree char *broken = g_build_filename (places, "110000-employee.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiPolicySet) set = NULL;
  GPtrArray *problems;
  gboolean named_broken = FALSE;

  set = yidi_policy_set_load (missing, &error);
  g_assert_null (set);
  g_assert_error (error, YIDI_POLICY_ERROR, YIDI_POLICY_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "Reinstall Yidi"));
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir_with_parents (empty_dir, 0700), ==, 0);
  set = yidi_policy_set_load (empty_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yidi_policy_set_get_n_packs (set), ==, 0);
  g_assert_cmpuint (yidi_policy_set_get_problems (set)->len, >=, 2);
  g_clear_pointer (&set, yidi_policy_set_unref);

  g_assert_cmpint (g_mkdir_with_parents (places, 0700), ==, 0);
  g_assert_true (g_file_set_contents (broken, "{ \"format\": \"yidi-policy/1\", ", -1, NULL));
  set = yidi_policy_set_load (empty_dir, &error);
  g_assert_no_error (error);
  problems = yidi_policy_set_get_problems (set);
  for (guint i = 0; i < problems->len; i++)
    {
      YidiPolicyProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (problem->file, broken) == 0)
        {
          named_broken = TRUE;
          g_assert_nonnull (strstr (problem->message, "not valid JSON"));
        }
    }
  g_assert_true (named_broken);
}

/* The sentences are translated: the same failures in Chinese. */
static void
test_translated (Fixture       *f,
                 gconstpointer  data)
{
  static const char *const locales[] = { "zh_CN.UTF-8", "zh_CN.utf8", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *old_locale = g_strdup (setlocale (LC_ALL, NULL));
  gboolean have_locale = FALSE;
  YidiCasebook *book;

  for (guint i = 0; locales[i] != NULL && !have_locale; i++)
    have_locale = setlocale (LC_ALL, locales[i]) != NULL;
  if (!have_locale)
    {
      g_test_skip ("no zh_CN locale");
      return;
    }
  g_setenv ("LANGUAGE", "zh_CN", TRUE);

  make_casebook (f->path, 1);
  set_user_version (f->path, 99);
  book = yidi_casebook_open (f->path, NULL, &error);
  g_assert_null (book);
  g_assert_error (error, YIDI_DB_ERROR, YIDI_DB_ERROR_TOO_NEW);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "更新版本"));
  g_assert_null (strstr (error->message, "newer"));

  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, old_locale);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "en", TRUE);
  if (g_getenv ("YIDI_LOCALE_DIR") != NULL)
    bindtextdomain (GETTEXT_PACKAGE, g_getenv ("YIDI_LOCALE_DIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/hostile/casebook/zero-bytes", test_zero_bytes);
  ADD ("/hostile/casebook/truncated", test_truncated);
  ADD ("/hostile/casebook/random-bytes", test_random_bytes);
  ADD ("/hostile/casebook/damaged-pages", test_damaged_pages);
  ADD ("/hostile/casebook/newer-schema", test_newer_schema);
  ADD ("/hostile/casebook/read-only-folder", test_read_only_folder);
  ADD ("/hostile/casebook/read-only-file", test_read_only_file);
  ADD ("/hostile/directory-user-db", test_directory_user_db);
  ADD ("/hostile/directory-user-db/truncated", test_directory_user_db_truncated);
  ADD ("/hostile/policies", test_policies);
  ADD ("/hostile/translated", test_translated);
#undef ADD

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Kills a process that is saving cases (SIGKILL, at random moments) many
 * times over, and checks after each kill that the casebook opens without
 * being moved aside, passes PRAGMA integrity_check, and holds every case
 * whose save had returned, whole. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>

#include "casebook-fill.h"

#if defined(__has_include)
# if __has_include(<valgrind/valgrind.h>)
#  include <valgrind/valgrind.h>
# endif
#endif
#ifndef RUNNING_ON_VALGRIND
# define RUNNING_ON_VALGRIND 0
#endif

static const char *writer_path;

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
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }
  g_rmdir (path);
}

static void
assert_integrity (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* Reads the "ID VERSION" lines of the writer into @reported (id → the
 * highest version reported) and @this_run. Returns the number of saves. */
static guint
read_reports (GBytes     *output,
              GHashTable *reported,
              GHashTable *this_run)
{
  gsize size;
  const char *data = output != NULL ? g_bytes_get_data (output, &size) : NULL;
  g_autofree char *text = g_strndup (data != NULL ? data : "", data != NULL ? size : 0);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint saves = 0;

  /* The last piece has no newline: empty, as the writer writes whole lines. */
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      gint64 id;
      guint64 version;

      g_assert_cmpint (sscanf (lines[i], "%" G_GINT64_FORMAT " %" G_GUINT64_FORMAT, &id, &version), ==, 2);
      g_assert_cmpint (id, >, 0);
      g_hash_table_insert (reported, g_memdup2 (&id, sizeof id), g_memdup2 (&version, sizeof version));
      g_hash_table_add (this_run, g_memdup2 (&id, sizeof id));
      saves++;
    }
  return saves;
}

/* Reads the writer's first report byte by byte (nothing is buffered
 * beyond it, so the rest is left in the pipe for communicate()). */
static void
read_first_line (GSubprocess *writer,
                 GString     *line)
{
  GInputStream *stream = g_subprocess_get_stdout_pipe (writer);
  g_autoptr(GError) error = NULL;
  char c;

  for (;;)
    {
      gssize n = g_input_stream_read (stream, &c, 1, NULL, &error);

      g_assert_no_error (error);
      if (n == 0)
        g_error ("the writer stopped before its first save");
      g_string_append_c (line, c);
      if (c == '\n')
        return;
    }
}

static void
check_case (YidiCasebook *book,
            gint64        id,
            guint64       reported_version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiCaseRecord) record = yidi_casebook_load (book, id, &error);
  guint64 version;

  g_assert_no_error (error);
  version = casebook_fill_check (record);
  /* Whole, and at least as new as the last save reported (the writer may
   * have been killed after a later commit but before reporting it). */
  if (version == 0 || version < reported_version)
    g_error ("case %" G_GINT64_FORMAT ": found version %" G_GUINT64_FORMAT ", reported %" G_GUINT64_FORMAT,
             id, version, reported_version);
}

static void
check_all (YidiCasebook *book,
           GHashTable   *reported)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = yidi_casebook_list (book, NULL, NULL, &error);
  GHashTableIter iter;
  gpointer key, value;

  g_assert_no_error (error);
  for (guint i = 0; i < records->len; i++)
    g_assert_cmpuint (casebook_fill_check (g_ptr_array_index (records, i)), >, 0);

  g_hash_table_iter_init (&iter, reported);
  while (g_hash_table_iter_next (&iter, &key, &value))
    check_case (book, *(gint64 *) key, *(guint64 *) value);
}

static void
test_kill_while_saving (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yidi-crash-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "user.sqlite", NULL);
  g_autoptr(GHashTable) reported = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  const char *env = g_getenv ("YIDI_CRASH_ITERATIONS");
  /* Under valgrind (memory checking, ~30× slower) fewer kills do. */
  guint iterations = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10)
                                 : RUNNING_ON_VALGRIND ? 40 : 200;
  guint total_saves = 0, killed_while_saving = 0;
  g_autoptr(GTimer) timer = g_timer_new ();

  g_assert_no_error (error);

  for (guint it = 0; it < iterations; it++)
    {
      g_autoptr(GSubprocess) writer = NULL;
      g_autoptr(GBytes) output = NULL;
      g_autoptr(GHashTable) this_run = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_autoptr(YidiCasebook) book = NULL;
      g_autofree char *first = g_strdup_printf ("%u", (it + 1) * 1000000u);
      g_autofree char *seed = g_strdup_printf ("%u", (guint) g_test_rand_int ());
      g_autofree char *moved = NULL;
      GString *first_line = g_string_new (NULL);
      GHashTableIter iter;
      gpointer key;
      guint saves;

      writer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                 writer_path, path, first, seed, NULL);
      g_assert_no_error (error);

      /* One kill in four lands while the writer starts (opening the file,
       * maybe recovering the WAL); the others after its first save, a
       * random while into its saving, however slow the build is. */
      if (g_test_rand_int_range (0, 4) == 0)
        g_usleep (g_test_rand_int_range (0, 5000));
      else
        {
          read_first_line (writer, first_line);
          g_usleep (g_test_rand_int_range (0, 20000));
        }
      g_subprocess_force_exit (writer);
      g_assert_true (g_subprocess_communicate (writer, NULL, NULL, &output, NULL, &error));
      g_assert_no_error (error);
      if (!g_subprocess_get_if_signaled (writer))
        g_error ("the writer stopped by itself (status %d) in iteration %u",
                 g_subprocess_get_exit_status (writer), it);

      g_string_append_len (first_line, output != NULL ? g_bytes_get_data (output, NULL) : "",
                           output != NULL ? g_bytes_get_size (output) : 0);
      g_clear_pointer (&output, g_bytes_unref);
      output = g_string_free_to_bytes (g_steal_pointer (&first_line));
      saves = read_reports (output, reported, this_run);
      total_saves += saves;
      killed_while_saving += saves > 0;

      /* The casebook opens as it is: nothing damaged, nothing moved aside. */
      book = yidi_casebook_open (path, &moved, &error);
      g_assert_no_error (error);
      g_assert_null (moved);
      assert_integrity (path);

      g_hash_table_iter_init (&iter, this_run);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        check_case (book, *(gint64 *) key, *(guint64 *) g_hash_table_lookup (reported, key));

      if (it % 25 == 24 || it + 1 == iterations)
        check_all (book, reported);
    }

  g_test_message ("%u kills, %u of them after at least one save; %u saves reported, %u cases; %.1f s",
                  iterations, killed_while_saving, total_saves,
                  g_hash_table_size (reported), g_timer_elapsed (timer, NULL));

  /* Most kills must have landed while the writer was saving. */
  g_assert_cmpuint (killed_while_saving, >=, iterations / 2);

  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    {
      g_printerr ("usage: test-casebook-crash WRITER\n");
      return 2;
    }
  writer_path = argv[1];

  g_test_add_func ("/casebook/crash/kill-while-saving", test_kill_while_saving);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The directory at national scale: generates a synthetic directory of
 * 650,000 institutions (YIDI_BENCH_ROWS to change), imports it the way
 * `yidi-cli import` does, and prints
 *   - the import time,
 *   - search times per query class (first page, and the total count),
 *     against a LIKE '%q%' scan of the same rows measured in the same run,
 *   - the time to open the directory and show the first page, 4,000
 *     rows against 650,000,
 *   - the peak RSS of a process that opens the big directory and shows a
 *     search through YidiInstitutionList.
 * Figures only: it fails only if something does not work. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yidi-bench-generator.h"
#include "yidi-csv.h"
#include "yidi-directory.h"
#include "yidi-institution-list.h"
#include "yidi-pinyin.h"

#define PAGE 50
#define QUERIES_PER_CLASS 200
/* The LIKE scan is slow: it is timed on the first queries of each class. */
#define LIKE_QUERIES 40
#define STARTUP_RUNS 15

typedef enum {
  CLASS_1_CHAR,
  CLASS_2_CHARS,
  CLASS_4_CHARS,
  CLASS_INITIALS,
  CLASS_PINYIN,
  CLASS_FILTERED,
  CLASS_PLACE_ONLY,
  N_CLASSES
} QueryClass;

static const char *const class_names[N_CLASSES] = {
  "1 Chinese character",
  "2 Chinese characters",
  "4 Chinese characters",
  "pinyin initials (2-4 letters)",
  "full pinyin (4-8 letters)",
  "2 chars + province + level/inpatient",
  "county only, no text",
};

typedef struct {
  char *name;
  char *address;
  char *initials;
  char *pinyin;
  char *county;
} Sample;

static void
sample_free (gpointer data)
{
  Sample *sample = data;

  g_free (sample->name);
  g_free (sample->address);
  g_free (sample->initials);
  g_free (sample->pinyin);
  g_free (sample->county);
  g_free (sample);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *samples,
            double  p)
{
  guint index;

  g_array_sort (samples, compare_double);
  index = (guint) (p * (samples->len - 1) + 0.5);
  return g_array_index (samples, double, MIN (index, samples->len - 1));
}

static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line != NULL ? strtol (line + strlen ("VmHWM:"), NULL, 10) : -1;
}

/* ---------------------------------------------------------------------- */
/* The child measured for memory */

static gboolean
list_idle (gpointer data)
{
  return !yidi_institution_list_get_loading (data) && !yidi_institution_list_get_counting (data);
}

static int
run_rss_child (const char *bundled,
               const char *user,
               const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiDirectory) directory = yidi_directory_open (bundled, user, &error);
  g_autoptr(YidiInstitutionList) list = NULL;
  guint shown = 0;

  if (directory == NULL)
    g_error ("%s", error->message);
  list = yidi_institution_list_new (directory);
  while (!list_idle (list))
    g_main_context_iteration (NULL, TRUE);
  yidi_institution_list_set_text (list, text);
  while (!list_idle (list))
    g_main_context_iteration (NULL, TRUE);

  /* Show three pages, as a list view scrolled a little would. */
  for (guint i = 0; i < 3 * PAGE && i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      for (;;)
        {
          g_autoptr(YidiInstitution) item = g_list_model_get_item (G_LIST_MODEL (list), i);

          if (!yidi_institution_get_loading (item))
            break;
          g_main_context_iteration (NULL, TRUE);
        }
      shown++;
    }
  g_print ("results %u shown %u peak-rss-kb %ld\n",
           g_list_model_get_n_items (G_LIST_MODEL (list)), shown, peak_rss_kb ());
  return 0;
}

static long
measure_rss (const char *self_path,
             const char *bundled,
             const char *user,
             const char *text,
             guint      *out_results)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { self_path, "--rss", bundled, user, text, NULL };
  int status;
  const char *p;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("memory child failed: %s", error->message);
  p = strstr (out, "results ");
  *out_results = p ? (guint) strtoul (p + strlen ("results "), NULL, 10) : 0;
  p = strstr (out, "peak-rss-kb ");
  return p ? strtol (p + strlen ("peak-rss-kb "), NULL, 10) : -1;
}

/* ---------------------------------------------------------------------- */
/* Queries */

static GPtrArray *
read_samples (const char *csv,
              guint       every)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiCsvReader) reader = yidi_csv_reader_new_from_file (csv, &error);
  GPtrArray *samples = g_ptr_array_new_with_free_func (sample_free);
  guint row = 0;

  g_assert_no_error (error);
  yidi_csv_reader_next (reader, NULL);  /* the header */
  while (yidi_csv_reader_next (reader, NULL) == YIDI_CSV_RECORD)
    {
      Sample *sample;

      if (row++ % every != 0)
        continue;
      sample = g_new0 (Sample, 1);
      sample->name = g_strdup (yidi_csv_reader_get_field (reader, 1));
      sample->county = g_strdup (yidi_csv_reader_get_field (reader, 2));
      sample->address = g_strdup (yidi_csv_reader_get_field (reader, 5));
      yidi_pinyin_convert (sample->name, '\'', &sample->pinyin, &sample->initials);
      g_ptr_array_add (samples, sample);
    }
  return samples;
}

/* @n characters of @text from a random place (all CJK when @cjk). */
static char *
piece (GRand      *rand,
       const char *text,
       guint       n,
       gboolean    cjk)
{
  glong length = g_utf8_strlen (text, -1);

  for (int attempt = 0; attempt < 20 && length >= (glong) n; attempt++)
    {
      glong start = g_rand_int_range (rand, 0, length - n + 1);
      const char *from = g_utf8_offset_to_pointer (text, start);
      const char *to = g_utf8_offset_to_pointer (from, n);
      gboolean ok = TRUE;

      for (const char *p = from; cjk && p < to; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          ok = ok && c >= 0x4E00 && c <= 0x9FFF;
        }
      if (ok)
        return g_strndup (from, to - from);
    }
  return NULL;
}

/* @n letters of @pinyin ("xie'he'yi'yuan") from a syllable start, as
 * people type pinyin. */
static char *
pinyin_piece (GRand      *rand,
              const char *pinyin,
              guint       n)
{
  g_autoptr(GPtrArray) starts = g_ptr_array_new ();
  g_autoptr(GString) letters = g_string_new (NULL);
  const char *p;

  for (p = pinyin; *p != '\0'; p++)
    {
      if (p == pinyin || p[-1] == '\'')
        g_ptr_array_add (starts, (gpointer) p);
    }
  if (starts->len == 0)
    return NULL;
  for (p = g_ptr_array_index (starts, g_rand_int_range (rand, 0, starts->len)); *p != '\0' && letters->len < n; p++)
    {
      if (*p != '\'')
        g_string_append_c (letters, *p);
    }
  return letters->len == n ? g_string_free (g_steal_pointer (&letters), FALSE) : NULL;
}

static YidiDirectoryQuery *
make_query (GRand      *rand,
            GPtrArray  *samples,
            QueryClass  klass)
{
  YidiDirectoryQuery *query = yidi_directory_query_new ();

  while (query->text == NULL && klass != CLASS_PLACE_ONLY)
    {
      Sample *sample = g_ptr_array_index (samples, g_rand_int_range (rand, 0, samples->len));

      switch (klass)
        {
        case CLASS_1_CHAR:
          query->text = piece (rand, sample->name, 1, TRUE);
          break;
        case CLASS_2_CHARS:
          query->text = piece (rand, sample->name, 2, TRUE);
          break;
        case CLASS_4_CHARS:
          query->text = piece (rand, g_rand_boolean (rand) ? sample->name : sample->address, 4, TRUE);
          break;
        case CLASS_INITIALS:
          query->text = piece (rand, sample->initials, g_rand_int_range (rand, 2, 5), FALSE);
          break;
        case CLASS_PINYIN:
          query->text = pinyin_piece (rand, sample->pinyin, g_rand_int_range (rand, 4, 9));
          break;
        case CLASS_FILTERED:
          query->text = piece (rand, sample->name, 2, TRUE);
          query->place = g_strndup (sample->county, 2);
          query->place = g_strconcat (query->place, "0000", NULL);
          if (g_rand_boolean (rand))
            query->levels = 1u << YIDI_LEVEL_3;
          else
            query->networked = YIDI_NETWORKED_INPATIENT;
          break;
        case CLASS_PLACE_ONLY:
        case N_CLASSES:
        default:
          g_assert_not_reached ();
        }
    }
  if (klass == CLASS_PLACE_ONLY)
    query->place = g_strdup (((Sample *) g_ptr_array_index (samples, g_rand_int_range (rand, 0, samples->len)))->county);
  return query;
}

/* The LIKE '%q%' scan over the same columns, first page in rank order
 * (rowid) or the count. */
static double
time_like (sqlite3                  *db,
           const YidiDirectoryQuery *query,
           QueryClass                klass,
           gboolean                  count)
{
  g_autoptr(GString) sql = g_string_new (count ? "SELECT count(*) FROM institution WHERE " : "SELECT rowid FROM institution WHERE ");
  g_autofree char *pattern = g_strdup_printf ("%%%s%%", query->text ? query->text : "");
  sqlite3_stmt *stmt = NULL;
  double start;

  if (query->text == NULL)
    g_string_append (sql, "1");
  else if (klass == CLASS_INITIALS || klass == CLASS_PINYIN)
    g_string_append (sql, "(initials LIKE ?1 OR replace (pinyin, char (39), '') LIKE ?1 OR name LIKE ?1 OR address LIKE ?1)");
  else
    g_string_append (sql, "(name LIKE ?1 OR aliases LIKE ?1 OR address LIKE ?1)");
  if (query->place != NULL)
    g_string_append_printf (sql, " AND %s = %s",
                            g_str_has_suffix (query->place, "0000") ? "province" :
                            g_str_has_suffix (query->place, "00") ? "city" : "county", query->place);
  if (query->levels != 0)
    g_string_append (sql, " AND level = 3");
  if (query->networked != 0)
    g_string_append (sql, " AND inpatient = 2");
  if (!count)
    g_string_append_printf (sql, " ORDER BY rowid LIMIT %d", PAGE);

  start = now_ms ();
  if (sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql->str, sqlite3_errmsg (db));
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    ;
  sqlite3_finalize (stmt);
  return now_ms () - start;
}

typedef struct {
  GArray *page;
  GArray *count;
  GArray *both;
  GArray *like_page;
  GArray *like_count;
  guint results_max;
  guint64 results_sum;
} Timings;

static void
run_class (YidiDirectory *directory,
           sqlite3       *like_db,
           GPtrArray     *samples,
           QueryClass     klass,
           GRand         *rand,
           Timings       *t,
           guint          n_queries)
{
  t->page = g_array_new (FALSE, FALSE, sizeof (double));
  t->count = g_array_new (FALSE, FALSE, sizeof (double));
  t->both = g_array_new (FALSE, FALSE, sizeof (double));
  t->like_page = g_array_new (FALSE, FALSE, sizeof (double));
  t->like_count = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint q = 0; q < n_queries; q++)
    {
      g_autoptr(YidiDirectoryQuery) query = make_query (rand, samples, klass);
      g_autoptr(GPtrArray) records = NULL;
      g_autoptr(GError) error = NULL;
      guint n = 0;
      double start, page, count;

      start = now_ms ();
      records = yidi_directory_search (directory, query, 0, PAGE, NULL, &error);
      page = now_ms () - start;
      g_assert_no_error (error);

      if (page > 50 && g_getenv ("YIDI_BENCH_VERBOSE") != NULL)
        g_printerr ("slow first page: %.1f ms for “%s”\n", page, query->text);

      start = now_ms ();
      if (!yidi_directory_count (directory, query, &n, NULL, &error))
        g_error ("%s", error->message);
      count = now_ms () - start;
      g_assert_cmpuint (records->len, ==, MIN (n, PAGE));

      g_array_append_val (t->page, page);
      g_array_append_val (t->count, count);
      page += count;
      g_array_append_val (t->both, page);
      t->results_max = MAX (t->results_max, n);
      t->results_sum += n;

      if (like_db != NULL && q < LIKE_QUERIES)
        {
          double like_page = time_like (like_db, query, klass, FALSE);
          double like_count = time_like (like_db, query, klass, TRUE);

          g_array_append_val (t->like_page, like_page);
          g_array_append_val (t->like_count, like_count);
        }
    }
}

static void
timings_clear (Timings *t)
{
  g_array_unref (t->page);
  g_array_unref (t->count);
  g_array_unref (t->both);
  g_array_unref (t->like_page);
  g_array_unref (t->like_count);
}

/* Opening the directory and showing the first page of everything: what
 * the Hospitals tab does when the app starts. */
static void
time_startup (const char *bundled,
              const char *user,
              double     *out_open,
              double     *out_first_page)
{
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (double));

  for (int i = 0; i < STARTUP_RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(YidiDirectory) directory = NULL;
      g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();
      g_autoptr(GPtrArray) records = NULL;
      double start = now_ms (), opened, shown;
      guint n;

      directory = yidi_directory_open (bundled, user, &error);
      g_assert_no_error (error);
      opened = now_ms () - start;
      g_assert_true (yidi_directory_count (directory, query, &n, NULL, NULL));
      records = yidi_directory_search (directory, query, 0, PAGE, NULL, NULL);
      shown = now_ms () - start;
      g_assert_cmpuint (records->len, ==, PAGE);
      g_array_append_val (open, opened);
      g_array_append_val (first, shown);
    }
  *out_open = percentile (open, 0.5);
  *out_first_page = percentile (first, 0.5);
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? st.st_size : -1;
}

static void
import_file (const char *bundled,
             const char *user,
             const char *csv,
             double     *out_seconds,
             guint      *out_rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiDirectory) directory = yidi_directory_open (bundled, user, &error);
  g_autoptr(YidiImportResult) result = NULL;
  double start;

  g_assert_no_error (error);
  start = now_ms ();
  if (!yidi_directory_import (directory, csv, "national", "2026-11-01", NULL, NULL, &result, NULL, &error))
    {
      GPtrArray *problems = result ? yidi_import_result_get_problems (result) : NULL;

      for (guint i = 0; problems != NULL && i < problems->len && i < 10; i++)
        g_printerr ("%s\n", ((YidiImportProblem *) g_ptr_array_index (problems, i))->message);
      g_error ("import failed: %s", error->message);
    }
  *out_seconds = (now_ms () - start) / 1000.0;
  *out_rows = yidi_import_result_get_n_rows (result);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *divisions_csv = NULL;
  g_autofree char *big_csv = NULL, *small_csv = NULL, *big_db = NULL, *small_db = NULL;
  g_autoptr(YidiDivisions) divisions = NULL;
  g_autoptr(YidiDirectory) directory = NULL;
  g_autoptr(GPtrArray) samples = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  const char *bundled = g_getenv ("YIDI_DIRECTORY_DB");
  const char *rows_env = g_getenv ("YIDI_BENCH_ROWS");
  guint n_rows = rows_env ? (guint) atoi (rows_env) : 650000;
  guint n_imported = 0, n_small = 0;
  double import_seconds, small_seconds, generate_seconds, start;
  double open_small, open_big, first_small, first_big;
  sqlite3 *like_db = NULL;
  long rss_big, rss_small, rss_big_all;
  guint rss_results, rss_small_results, rss_all_results;

  setlocale (LC_ALL, "C.UTF-8");
  if (argc == 5 && g_str_equal (argv[1], "--rss"))
    return run_rss_child (argv[2], argv[3], argv[4]);

  if (bundled == NULL || g_getenv ("YIDI_TEST_DATA_DIR") == NULL)
    {
      g_printerr ("run through meson: YIDI_DIRECTORY_DB and YIDI_TEST_DATA_DIR are needed\n");
      return 77;
    }

  dir = g_dir_make_tmp ("yidi-bench-XXXXXX", &error);
  g_assert_no_error (error);
  divisions_csv = g_build_filename (g_getenv ("YIDI_TEST_DATA_DIR"), "divisions.csv", NULL);
  divisions = yidi_divisions_new_from_csv (divisions_csv, &error);
  g_assert_no_error (error);
  big_csv = g_build_filename (dir, "national.csv", NULL);
  small_csv = g_build_filename (dir, "small.csv", NULL);
  big_db = g_build_filename (dir, "big.sqlite", NULL);
  small_db = g_build_filename (dir, "small.sqlite", NULL);

  g_print ("Directory benchmark: %u synthetic institutions, page of %d, %d queries per class (%d for LIKE)\n\n",
           n_rows, PAGE, QUERIES_PER_CLASS, LIKE_QUERIES);

  start = now_ms ();
  if (!yidi_bench_generate (divisions, big_csv, n_rows, 1, &error) ||
      !yidi_bench_generate (divisions, small_csv, 4000, 2, &error))
    g_error ("%s", error->message);
  generate_seconds = (now_ms () - start) / 1000.0;
  g_print ("generated %.1f MB of CSV in %.1f s\n", file_size (big_csv) / 1e6, generate_seconds);

  /* Import, as yidi-cli import does: parse, check, rank, index, commit. */
  import_file (bundled, big_db, big_csv, &import_seconds, &n_imported);
  import_file (bundled, small_db, small_csv, &small_seconds, &n_small);
  g_print ("import of %u rows: %.1f s including indexes (target ≤ 20 s: %s); database %.0f MB\n",
           n_imported, import_seconds, import_seconds <= 20 ? "met" : "MISSED", file_size (big_db) / 1e6);
  g_print ("import of %u rows: %.2f s\n\n", n_small, small_seconds);

  /* Search, each query class against the LIKE scan. */
  samples = read_samples (big_csv, 97);
  directory = yidi_directory_open (bundled, big_db, &error);
  g_assert_no_error (error);
  if (sqlite3_open_v2 (big_db, &like_db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("cannot open %s", big_db);

  {
    /* Warm both up on other queries first. */
    for (QueryClass klass = 0; klass < N_CLASSES; klass++)
      {
        Timings warm = { NULL };

        run_class (directory, like_db, samples, klass, rand, &warm, 10);
        timings_clear (&warm);
      }
  }

  g_print ("%-38s %9s %9s %9s | %9s %9s | %9s %9s | %8s %8s | %s\n",
           "search (ms)", "page p50", "page p95", "max", "count p50", "count p95",
           "LIKE p50", "LIKE p95", "speed-up", "count×", "results max");
  for (QueryClass klass = 0; klass < N_CLASSES; klass++)
    {
      Timings t = { NULL };
      double page_p95, like_p95;

      run_class (directory, like_db, samples, klass, rand, &t, QUERIES_PER_CLASS);
      page_p95 = percentile (t.page, 0.95);
      like_p95 = percentile (t.like_page, 0.95);
      g_print ("%-38s %9.3f %9.3f %9.3f | %9.3f %9.3f | %9.3f %9.3f | %7.0f× %7.0f× | %u\n",
               class_names[klass], percentile (t.page, 0.5), page_p95, percentile (t.page, 1.0),
               percentile (t.count, 0.5), percentile (t.count, 0.95),
               percentile (t.like_page, 0.5), like_p95,
               like_p95 / MAX (page_p95, 0.001),
               percentile (t.like_count, 0.95) / MAX (percentile (t.count, 0.95), 0.001),
               t.results_max);
      timings_clear (&t);
    }
  g_print ("(page: first %d results, ranked; count: the total the list shows; LIKE: '%%q%%' on the same "
           "columns, first page in rank order; speed-up: LIKE page p95 / page p95; count×: same for counts)\n\n",
           PAGE);

  sqlite3_close (like_db);
  g_clear_object (&directory);

  /* Start-up must not grow with the directory. */
  time_startup (bundled, small_db, &open_small, &first_small);
  time_startup (bundled, big_db, &open_big, &first_big);
  g_print ("start-up (median of %d): open %.2f ms, first page and count %.2f ms with %u rows; "
           "open %.2f ms, first page and count %.2f ms with %u rows\n\n",
           STARTUP_RUNS, open_small, first_small, n_small, open_big, first_big, n_imported);

  /* Memory of a process with the directory open and a search shown. */
  rss_big = measure_rss (argv[0], bundled, big_db, "医院", &rss_results);
  rss_big_all = measure_rss (argv[0], bundled, big_db, "", &rss_all_results);
  rss_small = measure_rss (argv[0], bundled, small_db, "医院", &rss_small_results);
  g_print ("peak RSS, directory open + YidiInstitutionList + 3 pages shown: %.1f MB (“医院”, %u results), "
           "%.1f MB (everything, %u), with %u rows; %.1f MB with %u rows\n",
           rss_big / 1024.0, rss_results, rss_big_all / 1024.0, rss_all_results, n_imported,
           rss_small / 1024.0, n_small);

  remove_tree (dir);
  return 0;
}

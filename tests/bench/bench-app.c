/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The app with the directory at national scale: generates synthetic
 * directories of 4,000 and 650,000 institutions (YIDI_BENCH_ROWS to
 * change the large one), imports each into a person's database of its own,
 * then runs the real yidi binary on each, alternating, and prints
 *   - start-up to first frame (the directory opens off the main thread:
 *     this must not grow with its size),
 *   - start-up to the Hospitals tab showing its first page of results,
 *     and to the count of all of them,
 *   - the peak RSS of the app with the directory open and a search shown.
 * The app reports these itself (YIDI_BENCH_FIRST_FRAME, YIDI_BENCH_SEARCH),
 * on the monotonic clock the processes share. Figures only: it fails only
 * if something does not work. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "yidi-bench-generator.h"
#include "yidi-directory.h"

#define RUNS 9
#define RSS_TARGET_MB 150.0

typedef struct {
  const char *label;
  char *data_home;              /* XDG_DATA_HOME with yidi/directory-user.sqlite */
  guint n_rows;
  GArray *first_frame;          /* ms */
  GArray *results_shown;
  GArray *counted;
} Setup;

typedef struct {
  double first_frame;
  double results_shown;
  double counted;
  guint n_results;
  long peak_rss_kb;
} Run;

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_double);
  return g_array_index (samples, double, samples->len / 2);
}

static gint64
field (const char *out,
       const char *name,
       guint       index)
{
  g_autofree char *key = g_strconcat (name, " ", NULL);
  const char *line = strstr (out, key);
  g_auto(GStrv) parts = NULL;
  g_autofree char *rest = NULL;

  if (line == NULL)
    g_error ("yidi did not report “%s”:\n%s", name, out);
  rest = g_strndup (line, strcspn (line, "\n"));
  parts = g_strsplit (rest, " ", -1);
  g_assert_cmpuint (g_strv_length (parts), >, index + 1);
  return g_ascii_strtoll (parts[index + 1], NULL, 10);
}

/* One start of yidi: to its first frame, or to a search shown. */
static void
run_yidi (const char *yidi,
          Setup      *setup,
          const char *search,
          Run        *run)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *argv[] = { yidi, NULL };
  gint64 start;
  int status;

  envp = g_environ_setenv (envp, "XDG_DATA_HOME", setup->data_home, TRUE);
  if (search != NULL)
    envp = g_environ_setenv (envp, "YIDI_BENCH_SEARCH", search, TRUE);
  else
    envp = g_environ_setenv (envp, "YIDI_BENCH_FIRST_FRAME", "1", TRUE);

  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, NULL, &status, &error))
    g_error ("cannot run %s: %s", yidi, error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s", yidi, error->message);

  memset (run, 0, sizeof *run);
  if (search == NULL)
    {
      run->first_frame = (field (out, "first-frame", 0) - start) / 1000.0;
      return;
    }
  run->results_shown = (field (out, "results-shown", 0) - start) / 1000.0;
  run->counted = (field (out, "counted", 0) - start) / 1000.0;
  run->n_results = (guint) field (out, "counted", 1);
  run->peak_rss_kb = (long) field (out, "peak-rss-kb", 0);
}

static void
make_setup (Setup         *setup,
            const char    *dir,
            const char    *label,
            YidiDivisions *divisions,
            const char    *bundled,
            guint          n_rows,
            guint32        seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiDirectory) directory = NULL;
  g_autoptr(YidiImportResult) result = NULL;
  g_autofree char *csv = g_strdup_printf ("%s/%s.csv", dir, label);
  g_autofree char *user_dir = NULL;
  g_autofree char *user = NULL;
  gint64 start;

  setup->label = label;
  setup->data_home = g_build_filename (dir, label, NULL);
  user_dir = g_build_filename (setup->data_home, "yidi", NULL);
  g_mkdir_with_parents (user_dir, 0700);
  user = g_build_filename (user_dir, "directory-user.sqlite", NULL);

  if (!yidi_bench_generate (divisions, csv, n_rows, seed, &error))
    g_error ("%s", error->message);
  directory = yidi_directory_open (bundled, user, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  if (!yidi_directory_import (directory, csv, "national", "2026-11-01", NULL, NULL, &result, NULL, &error))
    g_error ("import failed: %s", error->message);
  g_print ("imported %u rows for the %s directory in %.1f s\n",
           yidi_import_result_get_n_rows (result), label, (g_get_monotonic_time () - start) / 1e6);
  g_unlink (csv);

  setup->n_rows = yidi_import_result_get_n_rows (result);
  setup->first_frame = g_array_new (FALSE, FALSE, sizeof (double));
  setup->results_shown = g_array_new (FALSE, FALSE, sizeof (double));
  setup->counted = g_array_new (FALSE, FALSE, sizeof (double));
}

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

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *divisions_csv = NULL;
  g_autoptr(YidiDivisions) divisions = NULL;
  const char *yidi = argc > 1 ? argv[1] : NULL;
  const char *bundled = g_getenv ("YIDI_DIRECTORY_DB");
  const char *rows_env = g_getenv ("YIDI_BENCH_ROWS");
  guint n_big = rows_env ? (guint) atoi (rows_env) : 650000;
  Setup setups[2] = { { NULL } };
  const char *searches[] = { "医院", "xh", "" };
  Run run;

  setlocale (LC_ALL, "C.UTF-8");
  if (yidi == NULL || bundled == NULL || g_getenv ("YIDI_TEST_DATA_DIR") == NULL)
    {
      g_printerr ("run through meson: the yidi binary, YIDI_DIRECTORY_DB and YIDI_TEST_DATA_DIR are needed\n");
      return 77;
    }
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("no display: skipping the app benchmark\n");
      return 77;
    }

  dir = g_dir_make_tmp ("yidi-bench-app-XXXXXX", &error);
  g_assert_no_error (error);
  divisions_csv = g_build_filename (g_getenv ("YIDI_TEST_DATA_DIR"), "divisions.csv", NULL);
  divisions = yidi_divisions_new_from_csv (divisions_csv, &error);
  g_assert_no_error (error);

  g_print ("App benchmark: yidi with 4,000 and %u synthetic institutions (GSK_RENDERER=%s)\n\n",
           n_big, g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  make_setup (&setups[0], dir, "small", divisions, bundled, 4000, 2);
  make_setup (&setups[1], dir, "large", divisions, bundled, n_big, 1);
  g_print ("\n");

  /* Warm the page cache: a cold process, not a cold disk. */
  for (guint s = 0; s < G_N_ELEMENTS (setups); s++)
    {
      run_yidi (yidi, &setups[s], NULL, &run);
      run_yidi (yidi, &setups[s], "", &run);
    }

  /* Start-up, alternating the two so both see the same machine. */
  for (guint i = 0; i < RUNS; i++)
    for (guint s = 0; s < G_N_ELEMENTS (setups); s++)
      {
        run_yidi (yidi, &setups[s], NULL, &run);
        g_array_append_val (setups[s].first_frame, run.first_frame);
        run_yidi (yidi, &setups[s], "", &run);
        g_array_append_val (setups[s].results_shown, run.results_shown);
        g_array_append_val (setups[s].counted, run.counted);
      }

  g_print ("start-up of yidi, median of %d runs (ms)     %12s %14s %14s\n", RUNS,
           "first frame", "first results", "all counted");
  for (guint s = 0; s < G_N_ELEMENTS (setups); s++)
    {
      g_autofree char *what = g_strdup_printf ("%u institutions (%s)", setups[s].n_rows, setups[s].label);

      g_print ("  %-40s %12.1f %14.1f %14.1f\n", what, median (setups[s].first_frame),
               median (setups[s].results_shown), median (setups[s].counted));
    }
  g_print ("  first frame, large / small: %.2f (start-up must not grow with the directory)\n\n",
           median (setups[1].first_frame) / median (setups[0].first_frame));

  /* Memory: the app with the directory open and a search shown. */
  g_print ("peak RSS of yidi with the Hospitals tab showing a search (MB, target ≤ %.0f with the large one)\n",
           RSS_TARGET_MB);
  for (guint q = 0; q < G_N_ELEMENTS (searches); q++)
    for (guint s = 0; s < G_N_ELEMENTS (setups); s++)
      {
        run_yidi (yidi, &setups[s], searches[q], &run);
        g_print ("  %-10s %-8s %8.1f MB  (%u results)%s\n",
                 *searches[q] != '\0' ? searches[q] : "(all)", setups[s].label,
                 run.peak_rss_kb / 1024.0, run.n_results,
                 s == 1 ? (run.peak_rss_kb / 1024.0 <= RSS_TARGET_MB ? "  target met" : "  target MISSED") : "");
      }

  for (guint s = 0; s < G_N_ELEMENTS (setups); s++)
    {
      g_array_unref (setups[s].first_frame);
      g_array_unref (setups[s].results_shown);
      g_array_unref (setups[s].counted);
      g_free (setups[s].data_home);
    }
  remove_tree (dir);
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cold start to first frame: yidi against the smallest GTK 4 + libadwaita
 * window, alternating runs in one process so both see the same machine.
 * Prints medians and the ratio. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gint64
run_once (const char *program)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *argv[] = { program, NULL };
  const char *line;
  gint64 start;
  int status;

  envp = g_environ_setenv (envp, "YIDI_BENCH_FIRST_FRAME", "1", TRUE);
  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, NULL, &status, &error))
    g_error ("cannot run %s: %s", program, error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s", program, error->message);

  line = strstr (out, "first-frame ");
  if (line == NULL)
    g_error ("%s did not report its first frame", program);
  return g_ascii_strtoll (line + strlen ("first-frame "), NULL, 10) - start;
}

static gint64
median (GArray *samples)
{
  g_array_sort (samples, compare_int64);
  return g_array_index (samples, gint64, samples->len / 2);
}

int
main (int    argc,
      char **argv)
{
  const char *yidi = argv[1];
  const char *hello = argv[2];
  int runs = argc > 3 ? atoi (argv[3]) : 15;
  g_autoptr(GArray) yidi_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) hello_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 yidi_median;
  gint64 hello_median;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("no display: skipping start-up benchmark\n");
      return 77;
    }

  /* One warm-up each fills the page cache: we measure a cold process
   * start, not a cold disk. */
  run_once (yidi);
  run_once (hello);

  for (int i = 0; i < runs; i++)
    {
      gint64 t;

      t = run_once (yidi);
      g_array_append_val (yidi_times, t);
      t = run_once (hello);
      g_array_append_val (hello_times, t);
    }

  yidi_median = median (yidi_times);
  hello_median = median (hello_times);

  g_print ("start-up to first frame, median of %d runs (GSK_RENDERER=%s)\n",
           runs, g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  g_print ("  yidi:          %6.1f ms\n", yidi_median / 1000.0);
  g_print ("  hello window:  %6.1f ms\n", hello_median / 1000.0);
  g_print ("  ratio:         %6.2f\n", (double) yidi_median / (double) hello_median);

  return 0;
}

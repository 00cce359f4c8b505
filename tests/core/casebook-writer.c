/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test helper for test-casebook-crash: saves cases in a loop until it is
 * killed, and after every save that returned writes "ID VERSION\n" to
 * standard output, unbuffered. The content of a case is a function of its
 * version (casebook-fill.h), so the test can tell a torn case from a
 * whole one. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "casebook-fill.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiCasebook) book = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GRand) rand = NULL;
  guint64 version;

  setlocale (LC_ALL, "C.UTF-8");
  if (argc != 4)
    {
      g_printerr ("usage: casebook-writer PATH FIRST-VERSION SEED\n");
      return 2;
    }

  version = g_ascii_strtoull (argv[2], NULL, 10);
  rand = g_rand_new_with_seed ((guint32) g_ascii_strtoull (argv[3], NULL, 10));

  book = yidi_casebook_open (argv[1], NULL, &error);
  if (book == NULL)
    {
      g_printerr ("casebook-writer: %s\n", error->message);
      return 1;
    }

  for (;; version++)
    {
      g_autoptr(YidiCaseRecord) record = NULL;
      g_autofree char *line = NULL;
      gsize written = 0;
      gboolean is_new;

      /* Two saves in three are new cases, one rewrites a case of this run. */
      record = casebook_fill_new (version);
      if (ids->len > 0 && g_rand_int_range (rand, 0, 3) == 0)
        record->id = g_array_index (ids, gint64, g_rand_int_range (rand, 0, ids->len));
      is_new = record->id == 0;

      if (!yidi_casebook_save (book, record, &error))
        {
          g_printerr ("casebook-writer: %s\n", error->message);
          return 1;
        }
      if (is_new)
        g_array_append_val (ids, record->id);

      line = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GUINT64_FORMAT "\n", record->id, version);
      while (written < strlen (line))
        {
          gssize n = write (STDOUT_FILENO, line + written, strlen (line) - written);

          if (n < 0)
            return 1;
          written += n;
        }
    }
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Replays a fuzz target's corpus and kept crashing inputs as an ordinary
 * test, built with the normal compiler (and so also under valgrind and
 * the sanitizer build): every input that once crashed the target must
 * pass now. Linked with one fuzz-*.c file; arguments are folders of
 * inputs. */
#include "config.h"

#include <glib.h>
#include <locale.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

static void
replay (gconstpointer data)
{
  const char *path = data;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  /* Exactly the bytes of the file, as libFuzzer gives them: no
   * terminating NUL to lean on, never a NULL pointer. */
  {
    g_autofree guint8 *copy = g_malloc (MAX (length, 1));

    memcpy (copy, contents, length);
    g_assert_cmpint (LLVMFuzzerTestOneInput (copy, length), ==, 0);
  }
}

static void
replay_empty (void)
{
  g_assert_cmpint (LLVMFuzzerTestOneInput ((const guint8 *) "", 0), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  LLVMFuzzerInitialize (&argc, &argv);

  g_test_add_func ("/replay/empty", replay_empty);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (argv[i], 0, NULL);
      g_autofree char *kind = g_path_get_basename (argv[i]);
      g_autofree char *parent = g_path_get_dirname (argv[i]);
      g_autofree char *group = g_path_get_basename (parent);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        g_error ("cannot read the inputs in %s", argv[i]);
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, (GCompareFunc) g_ascii_strcasecmp);
      for (guint j = 0; j < names->len; j++)
        {
          char *path = g_build_filename (argv[i], names->pdata[j], NULL);
          g_autofree char *test = g_strdup_printf ("/replay/%s/%s/%s", group, kind, (char *) names->pdata[j]);

          g_ptr_array_add (paths, path);
          g_test_add_data_func (test, path, replay);
        }
    }

  status = g_test_run ();
  return status;
}

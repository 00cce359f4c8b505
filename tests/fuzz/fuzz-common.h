/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers shared by the libFuzzer targets: a private scratch folder for
 * targets whose entry point reads a file, removed when the process ends,
 * and the paths of the source tree's data. */

#include <glib.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

static char *fuzz_scratch;

G_GNUC_UNUSED static void
fuzz_remove_tree (const char *path)
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
      fuzz_remove_tree (child);
    }
  g_rmdir (path);
}

G_GNUC_UNUSED static void
fuzz_remove_scratch (void)
{
  if (fuzz_scratch != NULL)
    fuzz_remove_tree (fuzz_scratch);
  g_clear_pointer (&fuzz_scratch, g_free);
}

/* A folder of this process's own, on a RAM disk when there is one. */
G_GNUC_UNUSED static const char *
fuzz_get_scratch (void)
{
  if (fuzz_scratch == NULL)
    {
      g_autofree char *template = NULL;

      if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && g_access ("/dev/shm", W_OK) == 0)
        template = g_strdup ("/dev/shm/yidi-fuzz-XXXXXX");
      else
        template = g_build_filename (g_get_tmp_dir (), "yidi-fuzz-XXXXXX", NULL);
      fuzz_scratch = g_mkdtemp (g_steal_pointer (&template));
      g_assert_nonnull (fuzz_scratch);
      atexit (fuzz_remove_scratch);
    }
  return fuzz_scratch;
}

G_GNUC_UNUSED static char *
fuzz_write_scratch (const char   *name,
                    const guint8 *data,
                    size_t        size)
{
  g_autofree char *path = g_build_filename (fuzz_get_scratch (), name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, (const char *) data, size, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* The source tree (YIDI_SOURCE_DIR is set by tests/fuzz/meson.build). */
G_GNUC_UNUSED static char *
fuzz_source_path (const char *first,
                  ...)
{
  va_list args;
  GString *path = g_string_new (YIDI_SOURCE_DIR);
  const char *part = first;

  va_start (args, first);
  while (part != NULL)
    {
      g_string_append_c (path, G_DIR_SEPARATOR);
      g_string_append (path, part);
      part = va_arg (args, const char *);
    }
  va_end (args);
  return g_string_free (path, FALSE);
}

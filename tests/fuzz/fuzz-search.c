/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: searching the directory. Whatever a person types (and
 * whichever filters they set), a search never fails at the database level:
 * the text is data, never query syntax. The only error allowed is a place
 * code that names no place. The count agrees with the rows found.
 *
 * The input: four bytes of filters, then the text. The fixture is a small
 * directory built from the first rows of data/institutions.csv, with the
 * same rows imported again as the person's own list and a few of them
 * favourites. */
#include "config.h"

#include <string.h>

#include "yidi-db.h"
#include "yidi-directory.h"
#include "fuzz-common.h"

#define FIXTURE_ROWS 120

static YidiDirectory *directory;

static const char * const places[] = {
  NULL, "", "110000", "110100", "440106", "440300", "999999", "11", "abc", "110000 ", "4401060",
};

static char *
write_fixture_list (void)
{
  g_autofree char *source = fuzz_source_path ("data", "institutions.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *joined = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (source, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", FIXTURE_ROWS + 2);
  g_clear_pointer (&lines[FIXTURE_ROWS + 1], g_free);
  joined = g_strjoinv ("\n", lines);
  return fuzz_write_scratch ("institutions.csv", (const guint8 *) joined, strlen (joined));
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autofree char *list = write_fixture_list ();
  g_autofree char *divisions = fuzz_source_path ("data", "divisions.csv", NULL);
  g_autofree char *bundled = g_build_filename (fuzz_get_scratch (), "directory.sqlite", NULL);
  g_autofree char *user = g_build_filename (fuzz_get_scratch (), "user.sqlite", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (yidi_directory_build (bundled, divisions, list, NULL, &error));
  g_assert_no_error (error);
  directory = yidi_directory_open (bundled, user, &error);
  g_assert_no_error (error);
  g_assert_true (yidi_directory_import (directory, list, "mine", "2025-01-01", NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* A few favourites, so that "favourites only" finds something. */
  {
    g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();
    g_autoptr(GPtrArray) some = yidi_directory_search (directory, query, 0, 40, NULL, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < some->len; i += 7)
      {
        YidiInstitutionRecord *record = g_ptr_array_index (some, i);

        g_assert_true (yidi_directory_set_favourite (directory, record->key, record->name, TRUE, &error));
        g_assert_no_error (error);
      }
  }
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();
  g_autofree char *raw = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  guint count = G_MAXUINT;
  guint8 filters[4] = { 0 };

  memcpy (filters, data, MIN (size, sizeof filters));
  data += MIN (size, sizeof filters);
  size -= MIN (size, sizeof filters);

  /* What a text field can hold: UTF-8 without NUL. */
  raw = g_strndup ((const char *) data, size);
  for (gsize i = 0; i < size; i++)
    if (raw[i] == '\0')
      raw[i] = ' ';
  query->text = g_utf8_make_valid (raw, size);
  query->levels = filters[0] & 0x1f ? filters[0] : 0;
  query->types = filters[1] & 0x40 ? filters[1] & 0x3f : 0;
  query->networked = filters[2] & 0x7;
  query->favourites_only = (filters[2] & 0x8) != 0;
  query->place = g_strdup (places[(filters[2] >> 4) % G_N_ELEMENTS (places)]);

  found = yidi_directory_search (directory, query, 0, 3 * FIXTURE_ROWS, NULL, &error);
  if (found == NULL)
    {
      /* Only a place that does not exist; never the database. */
      g_assert_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_NOT_FOUND);
      g_assert_nonnull (query->place);
      return 0;
    }
  g_assert_no_error (error);
  g_assert_true (yidi_directory_count (directory, query, &count, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, found->len);

  for (guint i = 0; i < found->len; i++)
    g_assert_nonnull (((YidiInstitutionRecord *) g_ptr_array_index (found, i))->name);

  /* A page further on: no error either. */
  if (filters[3] & 2)
    {
      g_autoptr(GPtrArray) page = yidi_directory_search (directory, query, filters[3] >> 2, 10, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (page->len, ==, MIN (10, count > (guint) (filters[3] >> 2) ? count - (filters[3] >> 2) : 0));
    }
  return 0;
}

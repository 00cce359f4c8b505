/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the CSV reader, in UTF-8 and GB18030. Every call
 * makes progress, every field is UTF-8, and a UTF-8 text saved as GB18030
 * (as Excel does) reads as the same records. */
#include "config.h"

#include <string.h>

#include "yidi-csv.h"
#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  return 0;
}

/* Reads every record; returns them as one string, fields and records
 * separated by control characters no field holds in this comparison. */
static GString *
read_all (const char *data,
          gsize       size,
          const char *expected_encoding)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(YidiCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);
  guint last_line = 0;
  gsize last_position = 0;
  YidiCsvStatus status;

  reader = yidi_csv_reader_new_from_bytes (bytes, &error);
  if (reader == NULL)
    {
      g_assert_error (error, YIDI_CSV_ERROR, YIDI_CSV_ERROR_ENCODING);
      g_string_free (out, TRUE);
      return NULL;
    }
  if (expected_encoding != NULL)
    g_assert_cmpstr (yidi_csv_reader_get_encoding (reader), ==, expected_encoding);

  while ((status = yidi_csv_reader_next (reader, &error)) != YIDI_CSV_END)
    {
      gsize position = yidi_csv_reader_get_position (reader);

      /* Progress: each call consumes text; nothing loops for ever. */
      g_assert_cmpuint (position, >, last_position);
      g_assert_cmpuint (position, <=, yidi_csv_reader_get_size (reader));
      g_assert_cmpuint (yidi_csv_reader_get_line (reader), >=, last_line);
      last_position = position;
      last_line = yidi_csv_reader_get_line (reader);

      if (status == YIDI_CSV_BAD_RECORD)
        {
          g_assert_error (error, YIDI_CSV_ERROR, YIDI_CSV_ERROR_SYNTAX);
          g_clear_error (&error);
          g_string_append_printf (out, "bad@%u\x1e", last_line);
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpint (status, ==, YIDI_CSV_RECORD);
      g_assert_cmpuint (yidi_csv_reader_get_n_fields (reader), >, 0);
      g_string_append_printf (out, "@%u", last_line);
      for (guint i = 0; i < yidi_csv_reader_get_n_fields (reader); i++)
        {
          const char *field = yidi_csv_reader_get_field (reader, i);

          g_assert_nonnull (field);
          g_assert_true (g_utf8_validate (field, -1, NULL));
          g_string_append_c (out, '\x1f');
          g_string_append (out, field);
        }
      g_string_append_c (out, '\x1e');
    }
  g_assert_no_error (error);
  return out;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GString) as_read = read_all ((const char *) data, size, NULL);
  g_autofree char *gb18030 = NULL;
  gsize gb_size = 0;

  /* The same text as GB18030: the same records. Not when the GB18030
   * bytes happen to be UTF-8 too (then they are read as UTF-8), nor with a
   * byte-order mark, which only UTF-8 files carry. */
  if (as_read == NULL || !g_utf8_validate_len ((const char *) data, size, NULL) ||
      (size >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0))
    return 0;
  gb18030 = g_convert ((const char *) data, size, "GB18030", "UTF-8", NULL, &gb_size, NULL);
  if (gb18030 != NULL && !g_utf8_validate_len (gb18030, gb_size, NULL))
    {
      g_autoptr(GString) as_gb = read_all (gb18030, gb_size, "GB18030");

      g_assert_nonnull (as_gb);
      g_assert_cmpstr (as_gb->str, ==, as_read->str);
    }
  return 0;
}

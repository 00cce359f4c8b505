/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-csv"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yidi-csv.h"

struct _YidiCsvReader
{
  GBytes *bytes;          /* the UTF-8 text */
  const char *data;
  gsize size;
  gsize pos;
  const char *encoding;

  guint line;             /* the physical line at pos, from 1 */
  guint record_line;      /* the line the current record starts on */

  GString *buffer;        /* the current record's fields, NUL-separated */
  GArray *offsets;        /* guint: where each field starts in buffer */
};

G_DEFINE_QUARK (yidi-csv-error-quark, yidi_csv_error)

static gboolean
has_prefix (const char *data,
            gsize       size,
            const char *prefix,
            gsize       length)
{
  return size >= length && memcmp (data, prefix, length) == 0;
}

/* Decides the encoding and makes the text UTF-8. */
static GBytes *
to_utf8 (GBytes      *bytes,
         const char **out_encoding,
         GError     **error)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *converted = NULL;
  gsize converted_size = 0;

  if (has_prefix (data, size, "\xEF\xBB\xBF", 3))
    {
      if (!g_utf8_validate_len (data + 3, size - 3, NULL))
        {
          g_set_error_literal (error, YIDI_CSV_ERROR, YIDI_CSV_ERROR_ENCODING,
                               _("The file says it is UTF-8 but is not. Save it again as UTF-8 or GB18030 text."));
          return NULL;
        }
      *out_encoding = "UTF-8";
      return g_bytes_new_from_bytes (bytes, 3, size - 3);
    }
  if (has_prefix (data, size, "\xFF\xFE", 2) || has_prefix (data, size, "\xFE\xFF", 2))
    {
      g_set_error_literal (error, YIDI_CSV_ERROR, YIDI_CSV_ERROR_ENCODING,
                           _("The file is in UTF-16, which Yidi does not read. Save it again as “CSV UTF-8” or as GB18030 text."));
      return NULL;
    }
  if (g_utf8_validate_len (data, size, NULL))
    {
      *out_encoding = "UTF-8";
      return g_bytes_ref (bytes);
    }

  converted = g_convert (data, size, "UTF-8", "GB18030", NULL, &converted_size, &local_error);
  if (converted == NULL || memchr (converted, '\0', converted_size) != NULL)
    {
      if (local_error != NULL)
        g_debug ("not GB18030 either: %s", local_error->message);
      g_set_error_literal (error, YIDI_CSV_ERROR, YIDI_CSV_ERROR_ENCODING,
                           _("The file is neither UTF-8 nor GB18030 text. Save it again as CSV in one of these encodings."));
      return NULL;
    }
  *out_encoding = "GB18030";
  return g_bytes_new_take (g_steal_pointer (&converted), converted_size);
}

/**
 * yidi_csv_reader_new_from_bytes:
 * @bytes: the file's contents
 *
 * Returns: (transfer full): a reader, or %NULL with @error set if the text
 *   is in no encoding Yidi reads.
 */
YidiCsvReader *
yidi_csv_reader_new_from_bytes (GBytes  *bytes,
                                GError **error)
{
  YidiCsvReader *self;
  const char *encoding = NULL;
  GBytes *text;

  g_return_val_if_fail (bytes != NULL, NULL);

  text = to_utf8 (bytes, &encoding, error);
  if (text == NULL)
    return NULL;

  self = g_new0 (YidiCsvReader, 1);
  self->bytes = text;
  self->data = g_bytes_get_data (text, &self->size);
  self->encoding = encoding;
  self->line = 1;
  self->buffer = g_string_sized_new (256);
  self->offsets = g_array_new (FALSE, FALSE, sizeof (guint));

  return self;
}

/**
 * yidi_csv_reader_new_from_file:
 * @path: a CSV file
 *
 * Returns: (transfer full): a reader, or %NULL with @error set.
 */
YidiCsvReader *
yidi_csv_reader_new_from_file (const char  *path,
                               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      display = g_filename_display_name (path);
      g_debug ("cannot map %s: %s", path, local_error->message);
      g_set_error (error, YIDI_CSV_ERROR, YIDI_CSV_ERROR_READ,
                   _("Yidi cannot read “%s”. Check that the file exists and that you may read it."),
                   display);
      return NULL;
    }

  bytes = g_mapped_file_get_bytes (mapped);
  return yidi_csv_reader_new_from_bytes (bytes, error);
}

void
yidi_csv_reader_free (YidiCsvReader *self)
{
  if (self == NULL)
    return;
  g_bytes_unref (self->bytes);
  g_string_free (self->buffer, TRUE);
  g_array_unref (self->offsets);
  g_free (self);
}

/* "UTF-8" or "GB18030": what the file was in. */
const char *
yidi_csv_reader_get_encoding (YidiCsvReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->encoding;
}

/* The size of the text and how far the reader is in it, for progress. */
gsize
yidi_csv_reader_get_size (YidiCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->size;
}

gsize
yidi_csv_reader_get_position (YidiCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->pos;
}

static void
start_field (YidiCsvReader *self)
{
  guint offset = self->buffer->len;

  g_array_append_val (self->offsets, offset);
}

static void
end_field (YidiCsvReader *self)
{
  g_string_append_c (self->buffer, '\0');
}

/* Consumes a line end at pos, if there is one. */
static gboolean
eat_line_end (YidiCsvReader *self)
{
  if (self->pos < self->size && self->data[self->pos] == '\r')
    {
      self->pos++;
      if (self->pos < self->size && self->data[self->pos] == '\n')
        self->pos++;
      self->line++;
      return TRUE;
    }
  if (self->pos < self->size && self->data[self->pos] == '\n')
    {
      self->pos++;
      self->line++;
      return TRUE;
    }
  return FALSE;
}

static void
skip_to_next_line (YidiCsvReader *self)
{
  while (self->pos < self->size && !eat_line_end (self))
    self->pos++;
}

/* Reads a quoted field; pos is on the opening quote. */
static gboolean
read_quoted (YidiCsvReader  *self,
             GError        **error)
{
  self->pos++;
  for (;;)
    {
      const char *start = self->data + self->pos;
      const char *quote = memchr (start, '"', self->size - self->pos);
      gsize length = quote != NULL ? (gsize) (quote - start) : self->size - self->pos;

      /* Count the line breaks inside the field. */
      for (gsize i = 0; i < length; i++)
        {
          if (start[i] == '\n' || (start[i] == '\r' && (i + 1 >= length || start[i + 1] != '\n')))
            self->line++;
        }
      g_string_append_len (self->buffer, start, length);
      self->pos += length;

      if (quote == NULL)
        {
          g_set_error (error, YIDI_CSV_ERROR, YIDI_CSV_ERROR_SYNTAX,
                       _("Line %u: a quoted field is not closed. Add the missing quotation mark (\")."),
                       self->record_line);
          return FALSE;
        }

      self->pos++;  /* the quote */
      if (self->pos < self->size && self->data[self->pos] == '"')
        {
          g_string_append_c (self->buffer, '"');
          self->pos++;
          continue;
        }
      if (self->pos < self->size && self->data[self->pos] != ',' &&
          self->data[self->pos] != '\r' && self->data[self->pos] != '\n')
        {
          g_set_error (error, YIDI_CSV_ERROR, YIDI_CSV_ERROR_SYNTAX,
                       _("Line %u: there is text after a closing quotation mark. A quotation mark inside a quoted field must be doubled (\"\")."),
                       self->record_line);
          skip_to_next_line (self);
          return FALSE;
        }
      return TRUE;
    }
}

static void
read_plain (YidiCsvReader *self)
{
  gsize start = self->pos;

  while (self->pos < self->size)
    {
      char c = self->data[self->pos];

      if (c == ',' || c == '\r' || c == '\n')
        break;
      self->pos++;
    }
  g_string_append_len (self->buffer, self->data + start, self->pos - start);
}

/**
 * yidi_csv_reader_next:
 * @self: a reader
 *
 * Reads the next record. On %YIDI_CSV_BAD_RECORD @error says what is wrong
 * (with the line number) and the reader is past the bad record: call it
 * again for the next one.
 */
YidiCsvStatus
yidi_csv_reader_next (YidiCsvReader  *self,
                      GError        **error)
{
  g_return_val_if_fail (self != NULL, YIDI_CSV_END);

  g_string_truncate (self->buffer, 0);
  g_array_set_size (self->offsets, 0);

  /* Blank lines are not records. */
  while (eat_line_end (self))
    ;
  if (self->pos >= self->size)
    return YIDI_CSV_END;

  self->record_line = self->line;
  for (;;)
    {
      start_field (self);
      if (self->data[self->pos] == '"')
        {
          if (!read_quoted (self, error))
            {
              g_string_truncate (self->buffer, 0);
              g_array_set_size (self->offsets, 0);
              return YIDI_CSV_BAD_RECORD;
            }
        }
      else
        {
          read_plain (self);
        }
      end_field (self);

      if (self->pos < self->size && self->data[self->pos] == ',')
        {
          self->pos++;
          if (self->pos >= self->size)
            {
              /* "a,b," at the very end: a last empty field. */
              start_field (self);
              end_field (self);
              break;
            }
          continue;
        }
      eat_line_end (self);
      break;
    }

  return YIDI_CSV_RECORD;
}

/* The line the current record starts on, counting from 1. */
guint
yidi_csv_reader_get_line (YidiCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->record_line;
}

guint
yidi_csv_reader_get_n_fields (YidiCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->offsets->len;
}

/* Valid until the next call of yidi_csv_reader_next(). */
const char *
yidi_csv_reader_get_field (YidiCsvReader *self,
                           guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->offsets->len, NULL);
  return self->buffer->str + g_array_index (self->offsets, guint, index);
}

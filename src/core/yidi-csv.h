/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A reader for CSV files as official lists come: RFC 4180 quoting (quoted
 * fields may hold commas, doubled quotes and line breaks), LF or CRLF line
 * ends, in UTF-8 (with or without a byte-order mark) or GB18030 (the
 * encoding Excel uses for Chinese), which is converted to UTF-8. Blank
 * lines are skipped. A record with bad quoting is reported with its line
 * number and skipped; the records after it are still read. */

#define YIDI_CSV_ERROR (yidi_csv_error_quark ())

typedef enum {
  YIDI_CSV_ERROR_READ,       /* the file cannot be read */
  YIDI_CSV_ERROR_ENCODING,   /* neither UTF-8 nor GB18030 text */
  YIDI_CSV_ERROR_SYNTAX,     /* bad quoting in one record */
} YidiCsvError;

typedef enum {
  YIDI_CSV_RECORD,           /* a record was read */
  YIDI_CSV_END,              /* no more records */
  YIDI_CSV_BAD_RECORD,       /* a record was skipped; the error says why */
} YidiCsvStatus;

typedef struct _YidiCsvReader YidiCsvReader;

GQuark         yidi_csv_error_quark           (void);

YidiCsvReader *yidi_csv_reader_new_from_file  (const char     *path,
                                               GError        **error);
YidiCsvReader *yidi_csv_reader_new_from_bytes (GBytes         *bytes,
                                               GError        **error);
void           yidi_csv_reader_free           (YidiCsvReader  *self);

const char    *yidi_csv_reader_get_encoding   (YidiCsvReader  *self);
gsize          yidi_csv_reader_get_size       (YidiCsvReader  *self);
gsize          yidi_csv_reader_get_position   (YidiCsvReader  *self);

YidiCsvStatus  yidi_csv_reader_next           (YidiCsvReader  *self,
                                               GError        **error);
guint          yidi_csv_reader_get_line       (YidiCsvReader  *self);
guint          yidi_csv_reader_get_n_fields   (YidiCsvReader  *self);
const char    *yidi_csv_reader_get_field      (YidiCsvReader  *self,
                                               guint           index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiCsvReader, yidi_csv_reader_free)

G_END_DECLS

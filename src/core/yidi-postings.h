/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Posting lists kept in SQLite: for each token, the rowids of the rows
 * that have it, ascending, in chunks of delta-encoded varints, in the
 * table
 *
 *   gram (token BLOB, first INTEGER, n INTEGER, data BLOB,
 *         PRIMARY KEY (token, first)) WITHOUT ROWID
 *
 * where a chunk holds n rowids starting at first. A token with more than
 * one chunk also has a row with first = 0 whose n is its total. The many
 * short lists (one chunk or less) are packed, in token order, into blocks
 * of a few kilobytes instead:
 *
 *   gram_block (first BLOB PRIMARY KEY, data BLOB) WITHOUT ROWID
 *
 * keyed by their first token, so that writing a national directory means
 * writing a few hundred thousand rows, not millions.
 *
 * A builder collects the lists in memory while rows are read in rowid
 * order and writes them in key order. Iterators walk lists and
 * intersections, unions and differences of them, seeking forward: the
 * smallest list of an intersection leads, so that filters and rare terms
 * make a search cheap whatever the size of the directory. */

#define YIDI_POSTINGS_END G_MAXINT64

extern const char yidi_postings_schema_sql[];

typedef struct _YidiPostingsBuilder YidiPostingsBuilder;
typedef struct _YidiPostingsReader YidiPostingsReader;
typedef struct _YidiPostingsIter YidiPostingsIter;

YidiPostingsBuilder *yidi_postings_builder_new        (void);
void                 yidi_postings_builder_add        (YidiPostingsBuilder *self,
                                                       const char          *token,
                                                       gsize                length,
                                                       gint64               rowid);
guint                yidi_postings_builder_get_n_tokens (YidiPostingsBuilder *self);
gboolean             yidi_postings_builder_write      (YidiPostingsBuilder *self,
                                                       sqlite3             *db,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
void                 yidi_postings_builder_free       (YidiPostingsBuilder *self);

YidiPostingsReader  *yidi_postings_reader_new         (sqlite3             *db);
void                 yidi_postings_reader_free        (YidiPostingsReader  *self);
gboolean             yidi_postings_reader_get_total   (YidiPostingsReader  *self,
                                                       GBytes              *token,
                                                       guint64             *out_total,
                                                       GError             **error);

YidiPostingsIter    *yidi_postings_iter_new_token     (YidiPostingsReader  *reader,
                                                       GBytes              *token,
                                                       GError             **error);
YidiPostingsIter    *yidi_postings_iter_new_and       (GPtrArray           *children);
YidiPostingsIter    *yidi_postings_iter_new_or        (GPtrArray           *children);
YidiPostingsIter    *yidi_postings_iter_new_not       (YidiPostingsIter    *included,
                                                       YidiPostingsIter    *excluded);
YidiPostingsIter    *yidi_postings_iter_new_array     (GArray              *rowids);
YidiPostingsIter    *yidi_postings_iter_new_range     (gint64               first,
                                                       gint64               last);
void                 yidi_postings_iter_free          (YidiPostingsIter    *self);

guint64              yidi_postings_iter_get_estimate  (YidiPostingsIter    *self);
gboolean             yidi_postings_iter_is_token      (YidiPostingsIter    *self);
gint64               yidi_postings_iter_get_current   (YidiPostingsIter    *self);
gboolean             yidi_postings_iter_seek          (YidiPostingsIter    *self,
                                                       gint64               target,
                                                       GError             **error);
gboolean             yidi_postings_iter_next          (YidiPostingsIter    *self,
                                                       GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiPostingsBuilder, yidi_postings_builder_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiPostingsReader, yidi_postings_reader_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiPostingsIter, yidi_postings_iter_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "yidi-db.h"
#include "yidi-directory.h"
#include "yidi-divisions.h"

G_BEGIN_DECLS

/* The schema shared by the installed directory and the user's database.
 * Rows of `institution` are numbered in ranking order (higher level and
 * grade first, then by the pinyin of the name), so that a search can read
 * matches in rowid order and stop after one page; `gram` holds the posting
 * lists of the search tokens (yidi-search.h, yidi-postings.h). Imports
 * keep this true by renumbering the whole table and rebuilding the lists
 * (see yidi-directory-import.c). */
extern const YidiDbMigration yidi_directory_migrations[];
extern const guint yidi_directory_n_migrations;

/* Indexes on `institution`, dropped during a bulk load and made again. */
extern const char yidi_directory_create_indexes_sql[];
extern const char yidi_directory_drop_indexes_sql[];

/* The source name of the installed directory's rows. */
#define YIDI_DIRECTORY_BUNDLED_SOURCE "bundled"

gboolean       yidi_division_code_is_valid (const char     *code);
YidiDivisions *yidi_divisions_new_from_db  (sqlite3        *db,
                                            GError        **error);
gboolean       yidi_divisions_save         (YidiDivisions  *self,
                                            sqlite3        *db,
                                            GError        **error);

/* Imports @path into @db (opened for writing, nobody else writing), in one
 * transaction, as the list @source_name. */
gboolean       yidi_directory_import_into  (sqlite3                *db,
                                            YidiDivisions          *divisions,
                                            const char             *path,
                                            const char             *source_name,
                                            const char             *as_of,
                                            YidiImportProgressFunc  progress,
                                            gpointer                progress_data,
                                            YidiImportResult      **out_result,
                                            GCancellable           *cancellable,
                                            GError                **error);

char          *yidi_directory_make_sort_key (YidiInstitutionLevel  level,
                                            YidiInstitutionGrade  grade,
                                            const char           *pinyin,
                                            const char           *name) G_GNUC_WARN_UNUSED_RESULT;
void           yidi_directory_make_pinyin   (const char           *name,
                                            const char * const   *aliases,
                                            char                **out_pinyin,
                                            char                **out_initials);
char          *yidi_directory_make_key      (const char           *code,
                                            int                   province,
                                            const char           *name) G_GNUC_WARN_UNUSED_RESULT;

/* Cancels the statements of @db when @cancellable is cancelled, until
 * called again with NULL. */
void           yidi_directory_watch_cancellable (sqlite3      *db,
                                                 GCancellable *cancellable);
gboolean       yidi_directory_set_cancelled     (GError      **error,
                                                 sqlite3      *db,
                                                 int           rc,
                                                 GCancellable *cancellable);

G_END_DECLS

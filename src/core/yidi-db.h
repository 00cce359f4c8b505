/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Opening Yidi's SQLite files safely: the user's files are created 0600, in
 * WAL mode, migrated forward by schema version, and a damaged or
 * unreadable file is moved aside (never deleted) before a fresh one is
 * made. Raw SQLite messages never reach a person: errors are mapped to
 * translated sentences that say what to do. */

#define YIDI_DB_ERROR (yidi_db_error_quark ())

typedef enum {
  YIDI_DB_ERROR_OPEN,        /* cannot open or create the file */
  YIDI_DB_ERROR_CORRUPT,     /* not a database, or damaged */
  YIDI_DB_ERROR_TOO_NEW,     /* written by a newer Yidi */
  YIDI_DB_ERROR_READ_ONLY,   /* the file or its folder cannot be written */
  YIDI_DB_ERROR_FULL,        /* the disk is full */
  YIDI_DB_ERROR_BUSY,        /* another program holds the file */
  YIDI_DB_ERROR_FAILED,      /* any other failure of a statement */
} YidiDbError;

/* One forward migration: the SQL that takes a database from version
 * (index) to version (index + 1). The array index is the version it
 * starts from, so migrations[0] creates the first schema. */
typedef struct {
  const char *sql;
} YidiDbMigration;

typedef enum {
  YIDI_DB_OPEN_READ_ONLY   = 1 << 0,  /* bundled data: never written */
  YIDI_DB_OPEN_RECOVER     = 1 << 1,  /* move a damaged file aside and start afresh */
  YIDI_DB_OPEN_CHECK       = 1 << 2,  /* run PRAGMA quick_check (small files only) */
} YidiDbOpenFlags;

GQuark   yidi_db_error_quark       (void);

sqlite3 *yidi_db_open              (const char            *path,
                                    YidiDbOpenFlags        flags,
                                    const YidiDbMigration *migrations,
                                    guint                  n_migrations,
                                    char                 **out_moved_aside,
                                    GError               **error);
void     yidi_db_close             (sqlite3               *db);

gboolean yidi_db_exec              (sqlite3               *db,
                                    const char            *sql,
                                    GError               **error);
gboolean yidi_db_begin             (sqlite3               *db,
                                    GError               **error);
gboolean yidi_db_commit            (sqlite3               *db,
                                    GError               **error);
void     yidi_db_rollback          (sqlite3               *db);
int      yidi_db_get_version       (sqlite3               *db);

/* Maps an SQLite result code to a GError in YIDI_DB_ERROR with a
 * translated message; the raw SQLite text is only logged with g_debug. */
void     yidi_db_set_error         (GError               **error,
                                    sqlite3               *db,
                                    int                    rc);

G_END_DECLS

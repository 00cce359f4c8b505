/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-db"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "yidi-db.h"

G_DEFINE_QUARK (yidi-db-error-quark, yidi_db_error)

static const char *
db_path (sqlite3 *db)
{
  const char *path = db != NULL ? sqlite3_db_filename (db, "main") : NULL;

  return path != NULL && *path != '\0' ? path : _("the database");
}

static void
set_error_for_path (GError    **error,
                    const char *path,
                    int         rc,
                    const char *detail)
{
  int primary = rc & 0xff;

  g_debug ("SQLite error %d on %s: %s", rc, path, detail ? detail : sqlite3_errstr (rc));

  switch (primary)
    {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      g_set_error (error, YIDI_DB_ERROR, YIDI_DB_ERROR_CORRUPT,
                   _("“%s” is damaged or is not a Yidi database."), path);
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      g_set_error (error, YIDI_DB_ERROR, YIDI_DB_ERROR_READ_ONLY,
                   _("Yidi cannot write to “%s”. Check the permissions of the file and its folder."), path);
      break;
    case SQLITE_FULL:
      g_set_error_literal (error, YIDI_DB_ERROR, YIDI_DB_ERROR_FULL,
                           _("The disk is full. Free some space and try again."));
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, YIDI_DB_ERROR, YIDI_DB_ERROR_BUSY,
                   _("Another program is using “%s”. Close it and try again."), path);
      break;
    case SQLITE_CANTOPEN:
      g_set_error (error, YIDI_DB_ERROR, YIDI_DB_ERROR_OPEN,
                   _("Yidi cannot open “%s”. Check that the folder exists and that you may write to it."), path);
      break;
    default:
      g_set_error_literal (error, YIDI_DB_ERROR, YIDI_DB_ERROR_FAILED,
                           _("A database operation failed. Try again; if it keeps failing, restart Yidi."));
    }
}

void
yidi_db_set_error (GError  **error,
                   sqlite3  *db,
                   int       rc)
{
  set_error_for_path (error, db_path (db), rc, db != NULL ? sqlite3_errmsg (db) : NULL);
}

gboolean
yidi_db_exec (sqlite3    *db,
              const char *sql,
              GError    **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      yidi_db_set_error (error, db, rc);
      return FALSE;
    }
  return TRUE;
}

gboolean
yidi_db_begin (sqlite3  *db,
               GError  **error)
{
  return yidi_db_exec (db, "BEGIN IMMEDIATE", error);
}

gboolean
yidi_db_commit (sqlite3  *db,
                GError  **error)
{
  if (!yidi_db_exec (db, "COMMIT", error))
    {
      yidi_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

void
yidi_db_rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

int
yidi_db_get_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
}

void
yidi_db_close (sqlite3 *db)
{
  if (db != NULL)
    sqlite3_close_v2 (db);
}

/* Creates an empty file readable by its owner only, so that SQLite (which
 * gives its -wal and -shm files the mode of the database) never makes a
 * file others can read, whatever the umask. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  int saved_errno;
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

  if (fd < 0 && errno == EEXIST)
    return TRUE;
  if (fd < 0)
    {
      saved_errno = errno;
      set_error_for_path (error, path,
                          saved_errno == EACCES || saved_errno == EROFS ? SQLITE_READONLY : SQLITE_CANTOPEN,
                          g_strerror (saved_errno));
      return FALSE;
    }
  fchmod (fd, 0600);
  close (fd);
  return TRUE;
}

/* Reads enough of the file to know whether SQLite can use it. */
static int
check_readable (sqlite3         *db,
                YidiDbOpenFlags  flags)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_exec (db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
  if (rc != SQLITE_OK || !(flags & YIDI_DB_OPEN_CHECK))
    return rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        rc = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0 ? SQLITE_OK : SQLITE_CORRUPT;
    }
  sqlite3_finalize (stmt);
  return rc;
}

static gboolean
migrate (sqlite3               *db,
         const YidiDbMigration *migrations,
         guint                  n_migrations,
         GError               **error)
{
  int version = yidi_db_get_version (db);
  g_autofree char *set_version = NULL;

  if (version < 0)
    {
      yidi_db_set_error (error, db, SQLITE_CORRUPT);
      return FALSE;
    }
  if ((guint) version > n_migrations)
    {
      g_set_error (error, YIDI_DB_ERROR, YIDI_DB_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Yidi. Update Yidi to open it; the file was left unchanged."),
                   db_path (db));
      return FALSE;
    }
  if ((guint) version == n_migrations)
    return TRUE;

  if (!yidi_db_begin (db, error))
    return FALSE;
  for (guint v = version; v < n_migrations; v++)
    {
      g_debug ("migrating %s from version %u", db_path (db), v);
      if (!yidi_db_exec (db, migrations[v].sql, error))
        {
          yidi_db_rollback (db);
          return FALSE;
        }
    }
  set_version = g_strdup_printf ("PRAGMA user_version = %u", n_migrations);
  if (!yidi_db_exec (db, set_version, error))
    {
      yidi_db_rollback (db);
      return FALSE;
    }
  return yidi_db_commit (db, error);
}

/* Moves a damaged file and its journal aside, with a time stamp, so that
 * nothing the person had is ever deleted. Returns the new name. */
static char *
move_aside (const char  *path,
            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *target = g_strdup_printf ("%s.damaged-%s", path, stamp);
  static const char *suffixes[] = { "-wal", "-shm" };

  for (int n = 2; g_file_test (target, G_FILE_TEST_EXISTS); n++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.damaged-%s-%d", path, stamp, n);
    }

  if (g_rename (path, target) != 0)
    {
      int saved_errno = errno;
      set_error_for_path (error, path, SQLITE_CANTOPEN, g_strerror (saved_errno));
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS))
        g_rename (from, to);
    }

  g_message ("moved damaged database %s aside to %s", path, target);
  return g_steal_pointer (&target);
}

static sqlite3 *
open_once (const char             *path,
           YidiDbOpenFlags         flags,
           const YidiDbMigration  *migrations,
           guint                   n_migrations,
           GError                **error)
{
  sqlite3 *db = NULL;
  int rc;

  if (flags & YIDI_DB_OPEN_READ_ONLY)
    {
      rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
    }
  else
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved_errno = errno;
          set_error_for_path (error, path,
                              saved_errno == EACCES || saved_errno == EROFS ? SQLITE_READONLY : SQLITE_CANTOPEN,
                              g_strerror (saved_errno));
          return NULL;
        }
      if (!create_private_file (path, error))
        return NULL;
      rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL);
    }

  if (rc != SQLITE_OK)
    {
      set_error_for_path (error, path, rc, db ? sqlite3_errmsg (db) : NULL);
      yidi_db_close (db);
      return NULL;
    }

  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, 5000);

  rc = check_readable (db, flags);
  if (rc != SQLITE_OK)
    {
      set_error_for_path (error, path, rc, sqlite3_errmsg (db));
      yidi_db_close (db);
      return NULL;
    }

  if (!(flags & YIDI_DB_OPEN_READ_ONLY))
    {
      /* WAL: readers never block the writer and a crash mid-write leaves the
       * last committed state. FULL sync: a save that returned survives a
       * power cut too. */
      if (!yidi_db_exec (db, "PRAGMA journal_mode = WAL", error) ||
          !yidi_db_exec (db, "PRAGMA synchronous = FULL", error) ||
          !yidi_db_exec (db, "PRAGMA foreign_keys = ON", error) ||
          !migrate (db, migrations, n_migrations, error))
        {
          yidi_db_close (db);
          return NULL;
        }
    }
  else if (n_migrations > 0 && yidi_db_get_version (db) != (int) n_migrations)
    {
      if (yidi_db_get_version (db) > (int) n_migrations)
        g_set_error (error, YIDI_DB_ERROR, YIDI_DB_ERROR_TOO_NEW,
                     _("“%s” was written by a newer version of Yidi. Update Yidi to open it; the file was left unchanged."),
                     path);
      else
        set_error_for_path (error, path, SQLITE_CORRUPT, "unexpected schema version");
      yidi_db_close (db);
      return NULL;
    }

  return db;
}

/**
 * yidi_db_open:
 * @path: the database file
 * @flags: how to open it
 * @migrations: (array length=n_migrations): the schema, as forward steps
 * @out_moved_aside: (out) (optional): where a damaged file was moved, if it was
 *
 * Opens @path, creating it (mode 0600) and its folder if needed, and brings
 * its schema to version @n_migrations. With %YIDI_DB_OPEN_RECOVER a file
 * that is damaged or not a database is renamed to
 * "PATH.damaged-YYYYMMDD-HHMMSS" and a fresh database is created; the new
 * name is returned in @out_moved_aside so the caller can tell the person.
 * A file from a newer Yidi is never moved or changed.
 *
 * Returns: (transfer full): the open database, or %NULL with @error set.
 */
sqlite3 *
yidi_db_open (const char             *path,
              YidiDbOpenFlags         flags,
              const YidiDbMigration  *migrations,
              guint                   n_migrations,
              char                  **out_moved_aside,
              GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *moved = NULL;
  sqlite3 *db;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (migrations != NULL || n_migrations == 0, NULL);

  if (out_moved_aside != NULL)
    *out_moved_aside = NULL;

  db = open_once (path, flags, migrations, n_migrations, &local_error);
  if (db != NULL)
    return db;

  if (!(flags & YIDI_DB_OPEN_RECOVER) || (flags & YIDI_DB_OPEN_READ_ONLY) ||
      !g_error_matches (local_error, YIDI_DB_ERROR, YIDI_DB_ERROR_CORRUPT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  moved = move_aside (path, error);
  if (moved == NULL)
    return NULL;

  db = open_once (path, flags, migrations, n_migrations, error);
  if (db != NULL && out_moved_aside != NULL)
    *out_moved_aside = g_steal_pointer (&moved);

  return db;
}

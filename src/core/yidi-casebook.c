/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-casebook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <string.h>

#include "yidi-casebook.h"
#include "yidi-db.h"
#include "yidi-paths.h"

/* Personal data (labels, notes, places) never goes to the log: messages
 * name cases by id only. */

struct _YidiCasebook
{
  sqlite3 *db;
  char    *path;
};

static const YidiDbMigration migrations[] = {
  { "CREATE TABLE cases ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  label TEXT NOT NULL DEFAULT '',"
    "  insured_place TEXT,"
    "  scheme TEXT NOT NULL,"
    "  member_status TEXT NOT NULL,"
    "  birth_year INTEGER,"
    "  destination TEXT,"
    "  filing_category TEXT NOT NULL,"
    "  filing_date TEXT,"
    "  filing_status TEXT NOT NULL,"
    "  admission_date TEXT,"
    "  discharge_date TEXT,"
    "  notes TEXT,"
    "  warned TEXT NOT NULL DEFAULT 'none',"
    "  created TEXT NOT NULL,"
    "  modified TEXT NOT NULL"
    ");"
    "CREATE INDEX cases_modified ON cases (modified);"
    "CREATE TABLE case_answers ("
    "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
    "  question TEXT NOT NULL,"
    "  answer TEXT NOT NULL,"
    "  PRIMARY KEY (case_id, question)"
    ") WITHOUT ROWID;"
    "CREATE TABLE case_checklist ("
    "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
    "  item TEXT NOT NULL,"
    "  PRIMARY KEY (case_id, item)"
    ") WITHOUT ROWID;"
    "CREATE TABLE settings ("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT"
    ") WITHOUT ROWID;" },
};

#define CASE_COLUMNS \
  "id, label, insured_place, scheme, member_status, birth_year, destination, " \
  "filing_category, filing_date, filing_status, admission_date, discharge_date, " \
  "notes, created, modified"

/* ---- Statements ----------------------------------------------------------- */

static sqlite3_stmt *
prepare (YidiCasebook  *self,
         const char    *sql,
         GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      yidi_db_set_error (error, self->db, rc);
      return NULL;
    }
  return stmt;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Steps a statement that returns no rows. */
static gboolean
run (YidiCasebook  *self,
     sqlite3_stmt  *stmt,
     GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      yidi_db_set_error (error, self->db, rc);
      return FALSE;
    }
  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *value)
{
  if (value != NULL)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static char *
now_stamp (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  /* Fixed width with microseconds, so text order is time order. */
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static gboolean
not_found (GError **error,
           gint64   id)
{
  g_set_error (error, YIDI_CASE_ERROR, YIDI_CASE_ERROR_NOT_FOUND,
               _("The case no longer exists. It may have been deleted; choose another case."));
  g_debug ("no case with id %" G_GINT64_FORMAT, id);
  return FALSE;
}

/* ---- Opening -------------------------------------------------------------- */

char *
yidi_casebook_get_default_path (void)
{
  g_autofree char *dir = yidi_paths_get_user_data_dir ();

  return g_build_filename (dir, "user.sqlite", NULL);
}

YidiCasebook *
yidi_casebook_open (const char  *path,
                    char       **out_moved_aside,
                    GError     **error)
{
  g_autofree char *default_path = NULL;
  YidiCasebook *self;
  sqlite3 *db;

  if (path == NULL)
    path = default_path = yidi_casebook_get_default_path ();

  db = yidi_db_open (path, YIDI_DB_OPEN_RECOVER | YIDI_DB_OPEN_CHECK,
                     migrations, G_N_ELEMENTS (migrations), out_moved_aside, error);
  if (db == NULL)
    return NULL;

  self = g_new0 (YidiCasebook, 1);
  self->db = db;
  self->path = g_strdup (path);
  return self;
}

void
yidi_casebook_close (YidiCasebook *self)
{
  if (self == NULL)
    return;

  yidi_db_close (self->db);
  g_free (self->path);
  g_free (self);
}

const char *
yidi_casebook_get_path (YidiCasebook *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

/* ---- Saving --------------------------------------------------------------- */

static gboolean
write_children (YidiCasebook          *self,
                const YidiCaseRecord  *record,
                GError               **error)
{
  g_autoptr(sqlite3_stmt) clear_answers = NULL;
  g_autoptr(sqlite3_stmt) clear_checklist = NULL;
  g_autoptr(sqlite3_stmt) add_answer = NULL;
  g_autoptr(sqlite3_stmt) add_item = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if ((clear_answers = prepare (self, "DELETE FROM case_answers WHERE case_id = ?", error)) == NULL ||
      (clear_checklist = prepare (self, "DELETE FROM case_checklist WHERE case_id = ?", error)) == NULL ||
      (add_answer = prepare (self, "INSERT INTO case_answers (case_id, question, answer) VALUES (?, ?, ?)", error)) == NULL ||
      (add_item = prepare (self, "INSERT INTO case_checklist (case_id, item) VALUES (?, ?)", error)) == NULL)
    return FALSE;

  sqlite3_bind_int64 (clear_answers, 1, record->id);
  sqlite3_bind_int64 (clear_checklist, 1, record->id);
  if (!run (self, clear_answers, error) || !run (self, clear_checklist, error))
    return FALSE;

  g_hash_table_iter_init (&iter, record->answers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      sqlite3_reset (add_answer);
      sqlite3_bind_int64 (add_answer, 1, record->id);
      bind_text (add_answer, 2, key);
      bind_text (add_answer, 3, value);
      if (!run (self, add_answer, error))
        return FALSE;
    }

  g_hash_table_iter_init (&iter, record->checked);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      sqlite3_reset (add_item);
      sqlite3_bind_int64 (add_item, 1, record->id);
      bind_text (add_item, 2, key);
      if (!run (self, add_item, error))
        return FALSE;
    }
  return TRUE;
}

static void
bind_case_fields (sqlite3_stmt         *stmt,
                  const YidiCaseRecord *record)
{
  bind_text (stmt, 1, record->label != NULL ? record->label : "");
  bind_text (stmt, 2, record->insured_place);
  bind_text (stmt, 3, yidi_scheme_to_key (record->scheme));
  bind_text (stmt, 4, yidi_member_status_to_key (record->member_status));
  if (record->birth_year != 0)
    sqlite3_bind_int (stmt, 5, record->birth_year);
  else
    sqlite3_bind_null (stmt, 5);
  bind_text (stmt, 6, record->destination);
  bind_text (stmt, 7, yidi_filing_category_to_key (record->filing_category));
  bind_text (stmt, 8, record->filing_date);
  bind_text (stmt, 9, yidi_filing_status_to_key (record->filing_status));
  bind_text (stmt, 10, record->admission_date);
  bind_text (stmt, 11, record->discharge_date);
  bind_text (stmt, 12, record->notes);
}

static gboolean
save_in_transaction (YidiCasebook    *self,
                     YidiCaseRecord  *record,
                     const char      *stamp,
                     gint64          *out_id,
                     GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  YidiCaseRecord saved;

  if (record->id == 0)
    {
      stmt = prepare (self,
                      "INSERT INTO cases (label, insured_place, scheme, member_status, birth_year,"
                      " destination, filing_category, filing_date, filing_status, admission_date,"
                      " discharge_date, notes, created, modified)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
                      error);
      if (stmt == NULL)
        return FALSE;
      bind_case_fields (stmt, record);
      bind_text (stmt, 13, stamp);
      if (!run (self, stmt, error))
        return FALSE;
      *out_id = sqlite3_last_insert_rowid (self->db);
    }
  else
    {
      /* A new filing (date, status or category changed) starts its
       * expiry reminders afresh. */
      stmt = prepare (self,
                      "UPDATE cases SET label = ?1, insured_place = ?2, scheme = ?3,"
                      " member_status = ?4, birth_year = ?5, destination = ?6,"
                      " warned = CASE WHEN filing_category IS NOT ?7 OR filing_date IS NOT ?8"
                      "   OR filing_status IS NOT ?9 THEN 'none' ELSE warned END,"
                      " filing_category = ?7, filing_date = ?8, filing_status = ?9,"
                      " admission_date = ?10, discharge_date = ?11, notes = ?12, modified = ?13"
                      " WHERE id = ?14",
                      error);
      if (stmt == NULL)
        return FALSE;
      bind_case_fields (stmt, record);
      bind_text (stmt, 13, stamp);
      sqlite3_bind_int64 (stmt, 14, record->id);
      if (!run (self, stmt, error))
        return FALSE;
      if (sqlite3_changes (self->db) == 0)
        return not_found (error, record->id);
      *out_id = record->id;
    }

  saved = *record;
  saved.id = *out_id;
  return write_children (self, &saved, error);
}

gboolean
yidi_casebook_save (YidiCasebook    *self,
                    YidiCaseRecord  *record,
                    GError         **error)
{
  g_autofree char *stamp = now_stamp ();
  gint64 id = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (!yidi_case_record_validate (record, error))
    return FALSE;

  if (!yidi_db_begin (self->db, error))
    return FALSE;
  if (!save_in_transaction (self, record, stamp, &id, error))
    {
      yidi_db_rollback (self->db);
      return FALSE;
    }
  if (!yidi_db_commit (self->db, error))
    return FALSE;

  /* Only a committed save changes the record. */
  if (record->id == 0)
    {
      record->id = id;
      g_free (record->created);
      record->created = g_strdup (stamp);
    }
  g_free (record->modified);
  record->modified = g_steal_pointer (&stamp);

  g_debug ("saved case %" G_GINT64_FORMAT, record->id);
  return TRUE;
}

/* ---- Loading -------------------------------------------------------------- */

static YidiCaseRecord *
record_from_row (sqlite3_stmt *stmt)
{
  YidiCaseRecord *record = yidi_case_record_new ();
  g_autofree char *scheme = column_text (stmt, 3);
  g_autofree char *member_status = column_text (stmt, 4);
  g_autofree char *category = column_text (stmt, 7);
  g_autofree char *status = column_text (stmt, 9);

  record->id = sqlite3_column_int64 (stmt, 0);
  record->label = column_text (stmt, 1);
  record->insured_place = column_text (stmt, 2);
  record->birth_year = sqlite3_column_int (stmt, 5);
  record->destination = column_text (stmt, 6);
  record->filing_date = column_text (stmt, 8);
  record->admission_date = column_text (stmt, 10);
  record->discharge_date = column_text (stmt, 11);
  record->notes = column_text (stmt, 12);
  record->created = column_text (stmt, 13);
  record->modified = column_text (stmt, 14);

  /* Keys this version does not know (a damaged row) fall back to the
   * defaults rather than losing the case. */
  if (!yidi_scheme_from_key (scheme, &record->scheme))
    record->scheme = YIDI_SCHEME_EMPLOYEE;
  if (!yidi_member_status_from_key (member_status, &record->member_status))
    record->member_status = YIDI_MEMBER_IN_SERVICE;
  if (!yidi_filing_category_from_key (category, &record->filing_category))
    record->filing_category = YIDI_FILING_NONE;
  if (!yidi_filing_status_from_key (status, &record->filing_status))
    record->filing_status = YIDI_FILING_STATUS_NOT_FILED;

  return record;
}

static gboolean
read_children (YidiCasebook    *self,
               YidiCaseRecord  *record,
               GError         **error)
{
  g_autoptr(sqlite3_stmt) answers = NULL;
  g_autoptr(sqlite3_stmt) checklist = NULL;
  int rc;

  if ((answers = prepare (self, "SELECT question, answer FROM case_answers WHERE case_id = ?", error)) == NULL ||
      (checklist = prepare (self, "SELECT item FROM case_checklist WHERE case_id = ?", error)) == NULL)
    return FALSE;

  sqlite3_bind_int64 (answers, 1, record->id);
  while ((rc = sqlite3_step (answers)) == SQLITE_ROW)
    yidi_case_record_set_answer (record,
                                 (const char *) sqlite3_column_text (answers, 0),
                                 (const char *) sqlite3_column_text (answers, 1));
  if (rc != SQLITE_DONE)
    {
      yidi_db_set_error (error, self->db, rc);
      return FALSE;
    }

  sqlite3_bind_int64 (checklist, 1, record->id);
  while ((rc = sqlite3_step (checklist)) == SQLITE_ROW)
    yidi_case_record_set_checked (record, (const char *) sqlite3_column_text (checklist, 0), TRUE);
  if (rc != SQLITE_DONE)
    {
      yidi_db_set_error (error, self->db, rc);
      return FALSE;
    }
  return TRUE;
}

YidiCaseRecord *
yidi_casebook_load (YidiCasebook  *self,
                    gint64         id,
                    GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(YidiCaseRecord) record = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = prepare (self, "SELECT " CASE_COLUMNS " FROM cases WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      not_found (error, id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      yidi_db_set_error (error, self->db, rc);
      return NULL;
    }

  record = record_from_row (stmt);
  if (!read_children (self, record, error))
    return NULL;

  return g_steal_pointer (&record);
}

/* "110105" → "110105", "110100" → "1101", "110000" → "11": the prefix
 * every division inside this one shares. */
static char *
division_prefix (const char *code)
{
  gsize length = strlen (code);

  while (length > 2 && code[length - 1] == '0' && code[length - 2] == '0')
    length -= 2;
  return g_strndup (code, length);
}

static char *
escape_like (const char *text)
{
  GString *escaped = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (escaped, '\\');
      g_string_append_c (escaped, *p);
    }
  return g_string_free (escaped, FALSE);
}

GPtrArray *
yidi_casebook_list (YidiCasebook        *self,
                    const char          *query,
                    const char * const  *place_codes,
                    GError             **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT " CASE_COLUMNS " FROM cases");
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *trimmed = query != NULL ? g_strstrip (g_strdup (query)) : NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if (trimmed != NULL && *trimmed != '\0')
    {
      g_autofree char *escaped = escape_like (trimmed);

      g_string_append (sql, " WHERE (label LIKE ?1 ESCAPE '\\' OR notes LIKE ?1 ESCAPE '\\'"
                            " OR insured_place LIKE ?1 ESCAPE '\\' OR destination LIKE ?1 ESCAPE '\\'");
      g_ptr_array_add (params, g_strdup_printf ("%%%s%%", escaped));

      for (guint i = 0; place_codes != NULL && place_codes[i] != NULL; i++)
        {
          g_autofree char *prefix = division_prefix (place_codes[i]);
          g_autofree char *escaped_prefix = escape_like (prefix);

          g_ptr_array_add (params, g_strdup_printf ("%s%%", escaped_prefix));
          g_string_append_printf (sql, " OR insured_place LIKE ?%u ESCAPE '\\' OR destination LIKE ?%u ESCAPE '\\'",
                                  params->len, params->len);
        }
      g_string_append_c (sql, ')');
    }
  g_string_append (sql, " ORDER BY modified DESC, id DESC");

  stmt = prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < params->len; i++)
    bind_text (stmt, i + 1, params->pdata[i]);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_case_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, record_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      yidi_db_set_error (error, self->db, rc);
      return NULL;
    }

  for (guint i = 0; i < records->len; i++)
    {
      if (!read_children (self, records->pdata[i], error))
        return NULL;
    }

  return g_steal_pointer (&records);
}

guint
yidi_casebook_count (YidiCasebook *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, 0);

  stmt = prepare (self, "SELECT count(*) FROM cases", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return (guint) sqlite3_column_int64 (stmt, 0);
}

/* ---- Changing ------------------------------------------------------------- */

static gboolean
exec_on_case (YidiCasebook  *self,
              const char    *sql,
              gint64         id,
              const char    *text,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (text != NULL)
    bind_text (stmt, 2, text);
  if (!run (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    return not_found (error, id);
  return TRUE;
}

gboolean
yidi_casebook_rename (YidiCasebook  *self,
                      gint64         id,
                      const char    *label,
                      GError       **error)
{
  g_autofree char *stamp = now_stamp ();
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (label != NULL, FALSE);

  stmt = prepare (self, "UPDATE cases SET label = ?2, modified = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, label);
  bind_text (stmt, 3, stamp);
  if (!run (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    return not_found (error, id);
  return TRUE;
}

gint64
yidi_casebook_duplicate (YidiCasebook  *self,
                         gint64         id,
                         const char    *label,
                         GError       **error)
{
  g_autoptr(YidiCaseRecord) record = NULL;
  g_autofree char *copy_label = NULL;

  g_return_val_if_fail (self != NULL, 0);

  record = yidi_casebook_load (self, id, error);
  if (record == NULL)
    return 0;

  if (label == NULL)
    /* Translators: the label of a copied case, %s is the original label */
    copy_label = g_strdup_printf (_("%s (copy)"), record->label != NULL ? record->label : "");
  else
    copy_label = g_strdup (label);

  g_free (record->label);
  record->label = g_steal_pointer (&copy_label);
  record->id = 0;

  if (!yidi_casebook_save (self, record, error))
    return 0;
  return record->id;
}

gboolean
yidi_casebook_delete (YidiCasebook  *self,
                      gint64         id,
                      GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  /* The answers and the checklist go with the case (ON DELETE CASCADE). */
  return exec_on_case (self, "DELETE FROM cases WHERE id = ?1", id, NULL, error);
}

gboolean
yidi_casebook_set_checked (YidiCasebook  *self,
                           gint64         id,
                           const char    *key,
                           gboolean       checked,
                           GError       **error)
{
  g_autofree char *stamp = now_stamp ();
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL && *key != '\0', FALSE);

  if (!yidi_db_begin (self->db, error))
    return FALSE;
  if (!exec_on_case (self, "UPDATE cases SET modified = ?2 WHERE id = ?1", id, stamp, error))
    goto fail;

  stmt = prepare (self,
                  checked ? "INSERT OR IGNORE INTO case_checklist (case_id, item) VALUES (?1, ?2)"
                          : "DELETE FROM case_checklist WHERE case_id = ?1 AND item = ?2",
                  error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, key);
  if (!run (self, stmt, error))
    goto fail;

  return yidi_db_commit (self->db, error);

fail:
  yidi_db_rollback (self->db);
  return FALSE;
}

/* ---- Settings ------------------------------------------------------------- */

gint64
yidi_casebook_get_last_opened (YidiCasebook *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, 0);

  stmt = prepare (self,
                  "SELECT cases.id FROM settings JOIN cases ON cases.id = CAST (settings.value AS INTEGER)"
                  " WHERE settings.key = 'last_opened'",
                  NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

gboolean
yidi_casebook_set_last_opened (YidiCasebook  *self,
                               gint64         id,
                               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  g_return_val_if_fail (self != NULL, FALSE);

  stmt = prepare (self, "INSERT OR REPLACE INTO settings (key, value) VALUES ('last_opened', ?)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, value);
  return run (self, stmt, error);
}

/* ---- Case files ----------------------------------------------------------- */

char *
yidi_casebook_export (YidiCasebook  *self,
                      gint64         id,
                      gsize         *out_length,
                      GError       **error)
{
  g_autoptr(YidiCaseRecord) record = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  record = yidi_casebook_load (self, id, error);
  if (record == NULL)
    return NULL;
  return yidi_case_record_export (record, out_length);
}

gint64
yidi_casebook_import (YidiCasebook  *self,
                      const char    *data,
                      gssize         length,
                      const char    *file_name,
                      GError       **error)
{
  g_autoptr(YidiCaseRecord) record = NULL;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (data != NULL, 0);
  g_return_val_if_fail (file_name != NULL, 0);

  /* The whole file is checked before anything is written. */
  record = yidi_case_record_import (data, length, file_name, error);
  if (record == NULL)
    return 0;

  record->id = 0;
  if (!yidi_casebook_save (self, record, error))
    return 0;
  return record->id;
}

/* ---- Reminders ------------------------------------------------------------ */

YidiFilingWarning
yidi_casebook_get_warned (YidiCasebook *self,
                          gint64        id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  YidiFilingWarning warning = YIDI_FILING_WARNING_NONE;

  g_return_val_if_fail (self != NULL, YIDI_FILING_WARNING_NONE);

  stmt = prepare (self, "SELECT warned FROM cases WHERE id = ?", NULL);
  if (stmt == NULL)
    return YIDI_FILING_WARNING_NONE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW &&
      !yidi_filing_warning_from_key ((const char *) sqlite3_column_text (stmt, 0), &warning))
    warning = YIDI_FILING_WARNING_NONE;
  return warning;
}

gboolean
yidi_casebook_set_warned (YidiCasebook       *self,
                          gint64              id,
                          YidiFilingWarning   warning,
                          GError            **error)
{
  const char *key = yidi_filing_warning_to_key (warning);

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  return exec_on_case (self, "UPDATE cases SET warned = ?2 WHERE id = ?1", id, key, error);
}

GPtrArray *
yidi_casebook_list_due_reminders (YidiCasebook     *self,
                                  YidiFilingRules  *rules,
                                  const GDate      *today,
                                  GError          **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) reminders = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  records = yidi_casebook_list (self, NULL, NULL, error);
  if (records == NULL)
    return NULL;

  reminders = yidi_filing_collect_reminders (rules, records, today);
  for (guint i = reminders->len; i > 0; i--)
    {
      YidiFilingReminder *reminder = reminders->pdata[i - 1];

      if (reminder->warning <= yidi_casebook_get_warned (self, reminder->case_id))
        g_ptr_array_remove_index (reminders, i - 1);
    }

  return g_steal_pointer (&reminders);
}

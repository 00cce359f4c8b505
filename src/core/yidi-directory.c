/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-directory"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "yidi-directory.h"
#include "yidi-directory-private.h"
#include "yidi-paths.h"
#include "yidi-pinyin.h"
#include "yidi-postings.h"
#include "yidi-search.h"

#define INDEXES_SQL \
  "CREATE INDEX IF NOT EXISTS institution_name ON institution (name COLLATE NOCASE);" \
  "CREATE INDEX IF NOT EXISTS institution_code ON institution (code) WHERE code IS NOT NULL;"

const char yidi_directory_create_indexes_sql[] = INDEXES_SQL;

const char yidi_directory_drop_indexes_sql[] =
  "DROP INDEX IF EXISTS institution_name;"
  "DROP INDEX IF EXISTS institution_code;";

const YidiDbMigration yidi_directory_migrations[] = {
  {
    "CREATE TABLE division ("
    "  code INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  level INTEGER NOT NULL,"
    "  parent INTEGER,"
    "  stat_only INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE source ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  as_of TEXT,"
    "  imported TEXT NOT NULL,"
    "  file TEXT,"
    "  encoding TEXT,"
    "  n_rows INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE institution ("
    "  id INTEGER PRIMARY KEY,"
    "  source_id INTEGER NOT NULL,"
    "  line INTEGER NOT NULL,"
    "  code TEXT,"
    "  name TEXT NOT NULL,"
    "  aliases TEXT,"
    "  province INTEGER,"
    "  city INTEGER,"
    "  county INTEGER,"
    "  level INTEGER NOT NULL,"
    "  grade INTEGER NOT NULL,"
    "  type INTEGER NOT NULL,"
    "  address TEXT,"
    "  phone TEXT,"
    "  longitude REAL,"
    "  latitude REAL,"
    "  inpatient INTEGER NOT NULL,"
    "  outpatient INTEGER NOT NULL,"
    "  chronic INTEGER NOT NULL,"
    "  data_date TEXT,"
    "  source TEXT,"
    "  pinyin TEXT NOT NULL,"
    "  initials TEXT NOT NULL,"
    "  sort_key TEXT NOT NULL);"
    INDEXES_SQL
    "CREATE TABLE gram ("
    "  token BLOB NOT NULL,"
    "  first INTEGER NOT NULL,"
    "  n INTEGER NOT NULL,"
    "  data BLOB NOT NULL,"
    "  PRIMARY KEY (token, first)) WITHOUT ROWID;"
    "CREATE TABLE gram_block ("
    "  first BLOB PRIMARY KEY,"
    "  data BLOB NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE favourite ("
    "  key TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  added TEXT NOT NULL);"
  },
};

const guint yidi_directory_n_migrations = G_N_ELEMENTS (yidi_directory_migrations);

/* The columns of a result row, in this order. */
#define RECORD_COLUMNS \
  "i.rowid, i.sort_key, i.code, i.name, i.aliases, i.province, i.city, i.county, " \
  "i.level, i.grade, i.type, i.address, i.phone, i.longitude, i.latitude, " \
  "i.inpatient, i.outpatient, i.chronic, i.data_date, i.source, i.source_id, i.pinyin, i.initials"

enum {
  COL_ROWID, COL_SORT_KEY, COL_CODE, COL_NAME, COL_ALIASES, COL_PROVINCE, COL_CITY,
  COL_COUNTY, COL_LEVEL, COL_GRADE, COL_TYPE, COL_ADDRESS, COL_PHONE, COL_LONGITUDE,
  COL_LATITUDE, COL_INPATIENT, COL_OUTPATIENT, COL_CHRONIC, COL_DATA_DATE, COL_SOURCE,
  COL_SOURCE_ID, COL_PINYIN, COL_INITIALS,
};

/* Statements kept prepared per connection. */
#define MAX_CACHED_STATEMENTS 64

typedef struct {
  sqlite3 *db;
  gboolean user;
  GHashTable *statements;   /* SQL → sqlite3_stmt* */
  YidiPostingsReader *postings;
} Db;

struct _YidiDirectory
{
  GObject parent_instance;

  GMutex lock;              /* every use of dbs[] */
  GMutex import_lock;       /* one import at a time */
  Db dbs[2];                /* the user's first: it wins ties */
  YidiDivisions *divisions;
  char *bundled_path;
  char *user_path;
  char *moved_aside;
};

G_DEFINE_FINAL_TYPE (YidiDirectory, yidi_directory, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (yidi-directory-error-quark, yidi_directory_error)

G_DEFINE_BOXED_TYPE (YidiDirectoryQuery, yidi_directory_query,
                     yidi_directory_query_copy, yidi_directory_query_free)
G_DEFINE_BOXED_TYPE (YidiInstitutionRecord, yidi_institution_record,
                     yidi_institution_record_copy, yidi_institution_record_free)

#define USER 0
#define BUNDLED 1

/* ---------------------------------------------------------------------- */
/* Boxed types */

YidiDirectoryQuery *
yidi_directory_query_new (void)
{
  return g_new0 (YidiDirectoryQuery, 1);
}

YidiDirectoryQuery *
yidi_directory_query_copy (const YidiDirectoryQuery *query)
{
  YidiDirectoryQuery *copy;

  g_return_val_if_fail (query != NULL, NULL);

  copy = g_memdup2 (query, sizeof *query);
  copy->text = g_strdup (query->text);
  copy->place = g_strdup (query->place);
  return copy;
}

void
yidi_directory_query_free (YidiDirectoryQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->text);
  g_free (query->place);
  g_free (query);
}

gboolean
yidi_directory_query_equal (const YidiDirectoryQuery *a,
                            const YidiDirectoryQuery *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return g_strcmp0 (a->text, b->text) == 0 &&
         g_strcmp0 (a->place, b->place) == 0 &&
         a->levels == b->levels && a->types == b->types &&
         a->networked == b->networked &&
         !a->favourites_only == !b->favourites_only;
}

YidiInstitutionRecord *
yidi_institution_record_copy (const YidiInstitutionRecord *record)
{
  YidiInstitutionRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_memdup2 (record, sizeof *record);
  copy->key = g_strdup (record->key);
  copy->code = g_strdup (record->code);
  copy->name = g_strdup (record->name);
  copy->aliases = g_strdupv (record->aliases);
  copy->province_code = g_strdup (record->province_code);
  copy->city_code = g_strdup (record->city_code);
  copy->county_code = g_strdup (record->county_code);
  copy->place_name = g_strdup (record->place_name);
  copy->address = g_strdup (record->address);
  copy->phone = g_strdup (record->phone);
  copy->data_date = g_strdup (record->data_date);
  copy->source = g_strdup (record->source);
  copy->source_name = g_strdup (record->source_name);
  return copy;
}

void
yidi_institution_record_free (YidiInstitutionRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->key);
  g_free (record->code);
  g_free (record->name);
  g_strfreev (record->aliases);
  g_free (record->province_code);
  g_free (record->city_code);
  g_free (record->county_code);
  g_free (record->place_name);
  g_free (record->address);
  g_free (record->phone);
  g_free (record->data_date);
  g_free (record->source);
  g_free (record->source_name);
  g_free (record);
}

void
yidi_directory_source_free (YidiDirectorySource *source)
{
  if (source == NULL)
    return;
  g_free (source->name);
  g_free (source->as_of);
  g_free (source->imported);
  g_free (source);
}

/* ---------------------------------------------------------------------- */
/* Helpers */

char *
yidi_directory_make_key (const char *code,
                         int         province,
                         const char *name)
{
  if (code != NULL && *code != '\0')
    return g_strconcat ("code:", code, NULL);
  return g_strdup_printf ("name:%06d:%s", province, name);
}

static const char *
bundled_source_label (void)
{
  return _("Directory installed with Yidi (public lists of 2015–2020)");
}

static int
on_progress (void *data)
{
  return g_cancellable_is_cancelled (data);
}

void
yidi_directory_watch_cancellable (sqlite3      *db,
                                  GCancellable *cancellable)
{
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 1000, on_progress, cancellable);
  else
    sqlite3_progress_handler (db, 0, NULL, NULL);
}

/* Sets @error for a failed statement: cancelled if it was interrupted
 * because @cancellable was cancelled. Returns FALSE. */
gboolean
yidi_directory_set_cancelled (GError      **error,
                              sqlite3      *db,
                              int           rc,
                              GCancellable *cancellable)
{
  if ((rc & 0xff) == SQLITE_INTERRUPT && g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  yidi_db_set_error (error, db, rc);
  return FALSE;
}

static void
db_clear (Db *db)
{
  g_clear_pointer (&db->postings, yidi_postings_reader_free);
  g_clear_pointer (&db->statements, g_hash_table_unref);
  g_clear_pointer (&db->db, yidi_db_close);
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

/* A prepared statement for @sql, reset and cleared; owned by @db. */
static sqlite3_stmt *
db_prepare (Db          *db,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (db->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (db->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_debug ("cannot prepare %s: %s", sql, sqlite3_errmsg (db->db));
      yidi_db_set_error (error, db->db, rc);
      return NULL;
    }
  if (g_hash_table_size (db->statements) >= MAX_CACHED_STATEMENTS)
    g_hash_table_remove_all (db->statements);
  g_hash_table_insert (db->statements, g_strdup (sql), stmt);
  return stmt;
}

static char *
code_string (sqlite3_stmt *stmt,
             int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_strdup_printf ("%06d", sqlite3_column_int (stmt, column));
}

static char *
text_or_null (sqlite3_stmt *stmt,
              int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

/* Builds a record from a row of RECORD_COLUMNS, adding its source's id to
 * @source_ids; finish_records() fills in the source name, favourite flag
 * and place name. */
static YidiInstitutionRecord *
record_from_row (Db           *db,
                 sqlite3_stmt *stmt,
                 GArray       *source_ids)
{
  int source_id = sqlite3_column_int (stmt, COL_SOURCE_ID);

  YidiInstitutionRecord *record = g_new0 (YidiInstitutionRecord, 1);
  const char *aliases = (const char *) sqlite3_column_text (stmt, COL_ALIASES);

  record->id = (sqlite3_column_int64 (stmt, COL_ROWID) << 1) | (db->user ? 1 : 0);
  record->code = text_or_null (stmt, COL_CODE);
  record->name = g_strdup ((const char *) sqlite3_column_text (stmt, COL_NAME));
  record->key = yidi_directory_make_key (record->code, sqlite3_column_int (stmt, COL_PROVINCE), record->name);
  record->aliases = aliases != NULL && *aliases != '\0' ? g_strsplit (aliases, "|", -1) : g_new0 (char *, 1);
  record->province_code = code_string (stmt, COL_PROVINCE);
  record->city_code = code_string (stmt, COL_CITY);
  record->county_code = code_string (stmt, COL_COUNTY);
  record->level = CLAMP (sqlite3_column_int (stmt, COL_LEVEL), YIDI_LEVEL_COMMUNITY, YIDI_LEVEL_UNKNOWN);
  record->grade = CLAMP (sqlite3_column_int (stmt, COL_GRADE), YIDI_GRADE_NONE, YIDI_GRADE_C);
  record->type = CLAMP (sqlite3_column_int (stmt, COL_TYPE), YIDI_INSTITUTION_TYPE_UNKNOWN, YIDI_INSTITUTION_TYPE_OTHER);
  record->address = text_or_null (stmt, COL_ADDRESS);
  record->phone = text_or_null (stmt, COL_PHONE);
  record->has_location = sqlite3_column_type (stmt, COL_LONGITUDE) != SQLITE_NULL &&
                         sqlite3_column_type (stmt, COL_LATITUDE) != SQLITE_NULL;
  record->longitude = record->has_location ? sqlite3_column_double (stmt, COL_LONGITUDE) : 0.0;
  record->latitude = record->has_location ? sqlite3_column_double (stmt, COL_LATITUDE) : 0.0;
  record->inpatient = CLAMP (sqlite3_column_int (stmt, COL_INPATIENT), YIDI_TRISTATE_UNKNOWN, YIDI_TRISTATE_YES);
  record->outpatient = CLAMP (sqlite3_column_int (stmt, COL_OUTPATIENT), YIDI_TRISTATE_UNKNOWN, YIDI_TRISTATE_YES);
  record->chronic = CLAMP (sqlite3_column_int (stmt, COL_CHRONIC), YIDI_TRISTATE_UNKNOWN, YIDI_TRISTATE_YES);
  record->data_date = text_or_null (stmt, COL_DATA_DATE);
  record->source = text_or_null (stmt, COL_SOURCE);
  record->imported = db->user;
  g_array_append_val (source_ids, source_id);
  return record;
}

/* Fills in what record_from_row() left: the source's name and date, the
 * favourite flag and the place's name. */
static void
finish_records (YidiDirectory *self,
                Db            *db,
                GPtrArray     *records,
                GArray        *source_ids)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GHashTable) dates = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  sqlite3_stmt *stmt;

  stmt = db_prepare (db, "SELECT id, name, as_of FROM source", NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gpointer id = GINT_TO_POINTER (sqlite3_column_int (stmt, 0));
      const char *name = (const char *) sqlite3_column_text (stmt, 1);

      if (g_strcmp0 (name, YIDI_DIRECTORY_BUNDLED_SOURCE) == 0)
        name = bundled_source_label ();
      g_hash_table_insert (names, id, g_strdup (name));
      g_hash_table_insert (dates, id, text_or_null (stmt, 2));
    }
  if (stmt != NULL)
    sqlite3_reset (stmt);

  for (guint i = 0; i < records->len; i++)
    {
      YidiInstitutionRecord *record = g_ptr_array_index (records, i);
      gpointer id = GINT_TO_POINTER (g_array_index (source_ids, int, i));

      record->source_name = g_strdup (g_hash_table_lookup (names, id));
      if (record->data_date == NULL)
        record->data_date = g_strdup (g_hash_table_lookup (dates, id));
      record->place_name = yidi_divisions_get_path_name (self->divisions,
                                                         record->county_code ? record->county_code :
                                                         record->city_code ? record->city_code :
                                                         record->province_code);

      stmt = db_prepare (&self->dbs[USER], "SELECT 1 FROM favourite WHERE key = ?1", NULL);
      if (stmt != NULL)
        {
          sqlite3_bind_text (stmt, 1, record->key, -1, SQLITE_STATIC);
          record->favourite = sqlite3_step (stmt) == SQLITE_ROW;
          sqlite3_reset (stmt);
        }
    }
}

/* ---------------------------------------------------------------------- */
/* Iterators for a query */

/* Letters of the filter tokens (yidi_search_filter_token) the importer
 * writes for every row. */
#define FILTER_PROVINCE   'p'
#define FILTER_CITY       'c'
#define FILTER_COUNTY     'k'
#define FILTER_LEVEL      'l'
#define FILTER_TYPE       't'
#define FILTER_INPATIENT  'i'
#define FILTER_OUTPATIENT 'o'
#define FILTER_CHRONIC    'h'

static YidiPostingsIter *
token_iter (Db      *db,
            GBytes  *token,
            GError **error)
{
  return yidi_postings_iter_new_token (db->postings, token, error);
}

static YidiPostingsIter *
filter_token_iter (Db      *db,
                   char     kind,
                   gint64   value,
                   GError **error)
{
  g_autoptr(GBytes) token = yidi_search_filter_token (kind, value);

  return token_iter (db, token, error);
}

/* The union of the filter tokens of the values in @mask. */
static YidiPostingsIter *
mask_iter (Db      *db,
           char     kind,
           guint    mask,
           guint    n_values,
           GError **error)
{
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_postings_iter_free);

  for (guint v = 0; v < n_values; v++)
    {
      YidiPostingsIter *child;

      if (!(mask & (1u << v)))
        continue;
      child = filter_token_iter (db, kind, v, error);
      if (child == NULL)
        return NULL;
      g_ptr_array_add (children, child);
    }
  return yidi_postings_iter_new_or (g_steal_pointer (&children));
}

/* Adds the iterators of @query's filters to @children. */
static gboolean
add_filter_iters (YidiDirectory             *self,
                  Db                        *db,
                  const YidiDirectoryQuery  *query,
                  GPtrArray                 *children,
                  GError                   **error)
{
  static const struct {
    YidiNetworkedFlags flag;
    char kind;
  } networked[] = {
    { YIDI_NETWORKED_INPATIENT, FILTER_INPATIENT },
    { YIDI_NETWORKED_OUTPATIENT, FILTER_OUTPATIENT },
    { YIDI_NETWORKED_CHRONIC, FILTER_CHRONIC },
  };
  static const char place_kinds[] = { FILTER_PROVINCE, FILTER_CITY, FILTER_COUNTY };
  YidiPostingsIter *iter;

  if (query->place != NULL && *query->place != '\0')
    {
      const YidiDivision *division = yidi_divisions_lookup (self->divisions, query->place);

      if (division == NULL)
        {
          /* The code may be anything typed on a command line. */
          g_autofree char *shown = g_utf8_make_valid (query->place, -1);

          g_set_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_NOT_FOUND,
                       _("There is no place with the code “%s”. Choose the place from the list."),
                       shown);
          return FALSE;
        }
      if ((iter = filter_token_iter (db, place_kinds[division->level], atoi (division->code), error)) == NULL)
        return FALSE;
      g_ptr_array_add (children, iter);
    }
  if (query->levels != 0)
    {
      if ((iter = mask_iter (db, FILTER_LEVEL, query->levels, YIDI_LEVEL_UNKNOWN + 1, error)) == NULL)
        return FALSE;
      g_ptr_array_add (children, iter);
    }
  if (query->types != 0)
    {
      if ((iter = mask_iter (db, FILTER_TYPE, query->types, YIDI_INSTITUTION_TYPE_OTHER + 1, error)) == NULL)
        return FALSE;
      g_ptr_array_add (children, iter);
    }
  for (guint i = 0; i < G_N_ELEMENTS (networked); i++)
    {
      if (!(query->networked & networked[i].flag))
        continue;
      if ((iter = filter_token_iter (db, networked[i].kind, YIDI_TRISTATE_YES, error)) == NULL)
        return FALSE;
      g_ptr_array_add (children, iter);
    }
  return TRUE;
}

/* The rows having every token of some alternative of @expr. */
static YidiPostingsIter *
expr_iter (Db                   *db,
           const YidiSearchExpr *expr,
           GError              **error)
{
  g_autoptr(GPtrArray) alternatives = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_postings_iter_free);

  for (guint a = 0; a < expr->alternatives->len; a++)
    {
      GPtrArray *tokens = g_ptr_array_index (expr->alternatives, a);
      g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_postings_iter_free);

      for (guint t = 0; t < tokens->len; t++)
        {
          YidiPostingsIter *iter = token_iter (db, g_ptr_array_index (tokens, t), error);

          if (iter == NULL)
            return NULL;
          g_ptr_array_add (all, iter);
        }
      g_ptr_array_add (alternatives, all->len == 1 ? g_ptr_array_steal_index (all, 0)
                                                   : yidi_postings_iter_new_and (g_steal_pointer (&all)));
    }
  if (alternatives->len == 1)
    return g_ptr_array_steal_index (alternatives, 0);
  return yidi_postings_iter_new_or (g_steal_pointer (&alternatives));
}

/* The highest rowid, 0 for no rows; -1 with @error set if the database
 * cannot be read (a damaged file must not look empty). */
static gint64
db_get_n_rows (Db      *db,
               GError **error)
{
  sqlite3_stmt *stmt = db_prepare (db, "SELECT max(rowid) FROM institution", error);
  gint64 n;
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  n = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    yidi_db_set_error (error, db->db, rc);
  return n;
}

/* The rows matching every term and filter (candidates, if the query
 * needs checking). */
static YidiPostingsIter *
match_iter (YidiDirectory             *self,
            Db                        *db,
            const YidiDirectoryQuery  *query,
            YidiSearchQuery           *search,
            GError                   **error)
{
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_postings_iter_free);

  for (guint i = 0; search != NULL && i < yidi_search_query_get_n_terms (search); i++)
    {
      YidiPostingsIter *iter = expr_iter (db, yidi_search_query_get_term_expr (search, i), error);

      if (iter == NULL)
        return NULL;
      g_ptr_array_add (children, iter);
    }
  if (!add_filter_iters (self, db, query, children, error))
    return NULL;

  if (children->len == 0)
    {
      gint64 n_rows = db_get_n_rows (db, error);

      return n_rows < 0 ? NULL : yidi_postings_iter_new_range (1, n_rows);
    }
  if (children->len == 1)
    return g_ptr_array_steal_index (children, 0);
  return yidi_postings_iter_new_and (g_steal_pointer (&children));
}

/* The rows whose name is the first term, ignoring ASCII case. */
static YidiPostingsIter *
exact_iter (Db               *db,
            YidiSearchQuery  *search,
            GError          **error)
{
  sqlite3_stmt *stmt = db_prepare (db, "SELECT rowid FROM institution WHERE name = ?1 COLLATE NOCASE ORDER BY rowid", error);
  GArray *rowids;
  int rc;

  if (stmt == NULL)
    return NULL;
  rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_bind_text (stmt, 1, yidi_search_query_get_term (search, 0), -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rowids, rowid);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      yidi_db_set_error (error, db->db, rc);
      g_array_unref (rowids);
      return NULL;
    }
  return yidi_postings_iter_new_array (rowids);
}

/* ---------------------------------------------------------------------- */
/* Streams: one database's results, in order */

typedef struct {
  YidiDirectory *self;
  Db *db;
  const YidiDirectoryQuery *query;
  YidiSearchQuery *search;  /* not owned; NULL without text */
  GCancellable *cancellable;

  int tier;                 /* the tier being read */
  YidiPostingsIter *iter;   /* its rows (candidates if check) */
  gboolean check_terms;     /* rows need yidi_search_query_matches */
  gboolean check_tier;      /* rows need yidi_search_query_get_tier == tier */
  sqlite3_stmt *row;        /* the current row, while has_row */
  gboolean has_row;
  gboolean done;
} Stream;

/* The iterator of @tier. */
static gboolean
stream_open_tier (Stream  *stream,
                  GError **error)
{
  g_autoptr(YidiPostingsIter) matches = NULL;
  const YidiSearchExpr *prefix;

  g_clear_pointer (&stream->iter, yidi_postings_iter_free);
  matches = match_iter (stream->self, stream->db, stream->query, stream->search, error);
  if (matches == NULL)
    return FALSE;

  stream->check_terms = stream->search != NULL && yidi_search_query_needs_check (stream->search);
  stream->check_tier = FALSE;
  if (stream->search == NULL)
    {
      stream->tier = YIDI_SEARCH_TIER_OTHER;
      stream->iter = g_steal_pointer (&matches);
      return TRUE;
    }

  prefix = yidi_search_query_get_prefix_expr (stream->search);
  switch (stream->tier)
    {
    case YIDI_SEARCH_TIER_EXACT:
      {
        g_autoptr(GPtrArray) both = g_ptr_array_new ();
        YidiPostingsIter *exact = exact_iter (stream->db, stream->search, error);

        if (exact == NULL)
          return FALSE;
        g_ptr_array_add (both, exact);
        g_ptr_array_add (both, g_steal_pointer (&matches));
        stream->iter = yidi_postings_iter_new_and (g_steal_pointer (&both));
      }
      break;

    case YIDI_SEARCH_TIER_PREFIX:
      {
        g_autoptr(GPtrArray) both = g_ptr_array_new ();
        YidiPostingsIter *starts = expr_iter (stream->db, prefix, error);
        YidiPostingsIter *exact;

        if (starts == NULL)
          return FALSE;
        g_ptr_array_add (both, starts);
        g_ptr_array_add (both, g_steal_pointer (&matches));
        exact = exact_iter (stream->db, stream->search, error);
        if (exact == NULL)
          {
            g_ptr_array_set_free_func (both, (GDestroyNotify) yidi_postings_iter_free);
            return FALSE;
          }
        stream->iter = yidi_postings_iter_new_not (yidi_postings_iter_new_and (g_steal_pointer (&both)), exact);
        stream->check_tier = prefix->check;
      }
      break;

    case YIDI_SEARCH_TIER_OTHER:
      if (prefix->check)
        {
          /* Names starting with a long first term are only known once
           * checked. */
          stream->iter = g_steal_pointer (&matches);
          stream->check_tier = TRUE;
        }
      else
        {
          YidiPostingsIter *starts = expr_iter (stream->db, prefix, error);

          if (starts == NULL)
            return FALSE;
          stream->iter = yidi_postings_iter_new_not (g_steal_pointer (&matches), starts);
        }
      break;

    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

/* Reads row @rowid into stream->row. */
static gboolean
fetch_row (Stream  *stream,
           gint64   rowid,
           GError **error)
{
  int rc;

  stream->row = db_prepare (stream->db, "SELECT " RECORD_COLUMNS " FROM institution i WHERE i.rowid = ?1", error);
  if (stream->row == NULL)
    return FALSE;
  sqlite3_bind_int64 (stream->row, 1, rowid);
  rc = sqlite3_step (stream->row);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stream->row);
      stream->row = NULL;
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_BAD_DATA,
                             _("The directory’s search index does not match its institutions. Import the list again."));
      else
        yidi_directory_set_cancelled (error, stream->db->db, rc, stream->cancellable);
      return FALSE;
    }
  return TRUE;
}

static void
fields_from_row (YidiSearchFields *fields,
                 sqlite3_stmt     *row)
{
  fields->name = (const char *) sqlite3_column_text (row, COL_NAME);
  fields->aliases = (const char *) sqlite3_column_text (row, COL_ALIASES);
  fields->address = (const char *) sqlite3_column_text (row, COL_ADDRESS);
  fields->pinyin = (const char *) sqlite3_column_text (row, COL_PINYIN);
  fields->initials = (const char *) sqlite3_column_text (row, COL_INITIALS);
}

/* Whether the row in stream->row passes the checks its tier needs. */
static gboolean
row_passes (Stream *stream)
{
  YidiSearchFields fields;

  if (!stream->check_terms && !stream->check_tier)
    return TRUE;
  fields_from_row (&fields, stream->row);
  if (fields.name == NULL)
    return FALSE;
  if (stream->check_terms && !yidi_search_query_matches (stream->search, &fields))
    return FALSE;
  return !stream->check_tier || (int) yidi_search_query_get_tier (stream->search, &fields) == stream->tier;
}

static void
stream_release_row (Stream *stream)
{
  if (stream->row != NULL)
    sqlite3_reset (stream->row);
  stream->row = NULL;
  stream->has_row = FALSE;
}

/* Moves to the next result; with @need_row FALSE the row is only read if
 * it must be checked. */
static gboolean
stream_next (Stream    *stream,
             gboolean   need_row,
             GError   **error)
{
  stream_release_row (stream);
  while (!stream->done)
    {
      gint64 rowid;

      if (stream->iter == NULL && !stream_open_tier (stream, error))
        return FALSE;
      if (g_cancellable_set_error_if_cancelled (stream->cancellable, error) ||
          !yidi_postings_iter_next (stream->iter, error))
        return FALSE;

      rowid = yidi_postings_iter_get_current (stream->iter);
      if (rowid == YIDI_POSTINGS_END)
        {
          g_clear_pointer (&stream->iter, yidi_postings_iter_free);
          if (stream->search == NULL || stream->tier == YIDI_SEARCH_TIER_OTHER)
            stream->done = TRUE;
          else
            stream->tier++;
          continue;
        }

      if (!need_row && !stream->check_terms && !stream->check_tier)
        {
          stream->has_row = TRUE;
          return TRUE;
        }
      if (!fetch_row (stream, rowid, error))
        return FALSE;
      if (row_passes (stream))
        {
          stream->has_row = TRUE;
          return TRUE;
        }
      stream_release_row (stream);
    }
  return TRUE;
}

static void
stream_clear (Stream *stream)
{
  stream_release_row (stream);
  g_clear_pointer (&stream->iter, yidi_postings_iter_free);
}

/* Which of two streams with rows comes first: lower tier, then rank; the
 * user's database first on a tie. */
static int
compare_streams (Stream *a,
                 Stream *b)
{
  if (a->tier != b->tier)
    return a->tier < b->tier ? -1 : 1;
  return g_strcmp0 ((const char *) sqlite3_column_text (a->row, COL_SORT_KEY),
                    (const char *) sqlite3_column_text (b->row, COL_SORT_KEY));
}

/* How many rows of @db match. */
static gboolean
count_db (YidiDirectory             *self,
          Db                        *db,
          const YidiDirectoryQuery  *query,
          YidiSearchQuery           *search,
          GCancellable              *cancellable,
          guint64                   *out_count,
          GError                   **error)
{
  Stream stream = { self, db, query, search, cancellable, YIDI_SEARCH_TIER_OTHER };
  guint64 n = 0;

  *out_count = 0;
  stream.iter = match_iter (self, db, query, search, error);
  if (stream.iter == NULL)
    return FALSE;
  stream.check_terms = search != NULL && yidi_search_query_needs_check (search);

  /* One list, nothing to check: its length is known. */
  if (!stream.check_terms &&
      (yidi_postings_iter_is_token (stream.iter) || (search == NULL && query->place == NULL &&
                                                     query->levels == 0 && query->types == 0 &&
                                                     query->networked == 0)))
    {
      *out_count = yidi_postings_iter_get_estimate (stream.iter);
      stream_clear (&stream);
      return TRUE;
    }

  /* Candidates to check are read from a cursor walking the table, which
   * for dense candidates costs far less than one lookup each. */
  if (stream.check_terms)
    {
      stream.row = db_prepare (db, "SELECT " RECORD_COLUMNS " FROM institution i WHERE i.rowid >= ?1 ORDER BY i.rowid",
                               error);
      if (stream.row == NULL)
        {
          stream_clear (&stream);
          return FALSE;
        }
    }

  for (guint steps = 0;; steps++)
    {
      gint64 rowid;

      if (!yidi_postings_iter_next (stream.iter, error))
        break;
      rowid = yidi_postings_iter_get_current (stream.iter);
      if (rowid == YIDI_POSTINGS_END)
        {
          *out_count = n;
          stream_clear (&stream);
          return TRUE;
        }
      if (stream.check_terms)
        {
          gint64 at = stream.has_row ? sqlite3_column_int64 (stream.row, COL_ROWID) : G_MAXINT64;
          int rc = SQLITE_ROW;

          /* A near candidate: step there; a far one: seek. */
          if (at > rowid || rowid - at > 32)
            {
              sqlite3_reset (stream.row);
              sqlite3_bind_int64 (stream.row, 1, rowid);
              rc = sqlite3_step (stream.row);
            }
          else
            {
              while (rc == SQLITE_ROW && sqlite3_column_int64 (stream.row, COL_ROWID) < rowid)
                rc = sqlite3_step (stream.row);
            }
          stream.has_row = rc == SQLITE_ROW;
          if (rc != SQLITE_ROW)
            {
              sqlite3_reset (stream.row);
              if (rc == SQLITE_DONE)
                g_set_error_literal (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_BAD_DATA,
                                     _("The directory’s search index does not match its institutions. Import the list again."));
              else
                yidi_directory_set_cancelled (error, db->db, rc, cancellable);
              break;
            }
          if (sqlite3_column_int64 (stream.row, COL_ROWID) == rowid && row_passes (&stream))
            n++;
        }
      else
        {
          n++;
        }
      if (steps % 4096 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
    }
  stream_clear (&stream);
  return FALSE;
}

/* ---------------------------------------------------------------------- */
/* Favourites as a result set */

static gboolean
record_passes (YidiDirectory               *self,
               const YidiDirectoryQuery    *query,
               const YidiInstitutionRecord *record)
{
  if (query->place != NULL && *query->place != '\0')
    {
      const YidiDivision *division = yidi_divisions_lookup (self->divisions, query->place);
      const char *codes[] = { record->province_code, record->city_code, record->county_code };

      if (division == NULL || g_strcmp0 (codes[division->level], division->code) != 0)
        return FALSE;
    }
  if (query->levels != 0 && !(query->levels & (1u << record->level)))
    return FALSE;
  if (query->types != 0 && !(query->types & (1u << record->type)))
    return FALSE;
  if ((query->networked & YIDI_NETWORKED_INPATIENT) && record->inpatient != YIDI_TRISTATE_YES)
    return FALSE;
  if ((query->networked & YIDI_NETWORKED_OUTPATIENT) && record->outpatient != YIDI_TRISTATE_YES)
    return FALSE;
  if ((query->networked & YIDI_NETWORKED_CHRONIC) && record->chronic != YIDI_TRISTATE_YES)
    return FALSE;
  return TRUE;
}

typedef struct {
  YidiInstitutionRecord *record;
  int tier;
  char *sort_key;
} Ranked;

static void
ranked_free (gpointer data)
{
  Ranked *ranked = data;

  yidi_institution_record_free (ranked->record);
  g_free (ranked->sort_key);
  g_free (ranked);
}

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = *(const Ranked **) a;
  const Ranked *y = *(const Ranked **) b;

  if (x->tier != y->tier)
    return x->tier < y->tier ? -1 : 1;
  return strcmp (x->sort_key, y->sort_key);
}

static GPtrArray *list_favourites_locked (YidiDirectory *self, GError **error);

/* The favourites that match @query, ranked as a search ranks. */
static GPtrArray *
rank_favourites (YidiDirectory             *self,
                 const YidiDirectoryQuery  *query,
                 GError                   **error)
{
  g_autoptr(GPtrArray) favourites = list_favourites_locked (self, error);
  g_autoptr(YidiSearchQuery) search = yidi_search_query_new (query->text);
  GPtrArray *ranked;

  if (favourites == NULL)
    return NULL;

  ranked = g_ptr_array_new_with_free_func (ranked_free);
  for (guint i = 0; i < favourites->len; i++)
    {
      YidiInstitutionRecord *record = g_ptr_array_index (favourites, i);
      g_autofree char *aliases = NULL;
      g_autofree char *pinyin = NULL;
      g_autofree char *initials = NULL;
      YidiSearchFields fields = { NULL };
      Ranked *entry;
      int tier = YIDI_SEARCH_TIER_OTHER;

      if (record->id == 0 || !record_passes (self, query, record))
        continue;

      aliases = g_strjoinv ("|", record->aliases);
      yidi_directory_make_pinyin (record->name, (const char * const *) record->aliases, &pinyin, &initials);

      fields.name = record->name;
      fields.aliases = aliases;
      fields.address = record->address;
      fields.pinyin = pinyin;
      fields.initials = initials;
      if (search != NULL)
        {
          if (!yidi_search_query_matches (search, &fields))
            continue;
          tier = yidi_search_query_get_tier (search, &fields);
        }

      entry = g_new0 (Ranked, 1);
      entry->tier = tier;
      entry->sort_key = yidi_directory_make_sort_key (record->level, record->grade, pinyin, record->name);
      entry->record = g_steal_pointer (&favourites->pdata[i]);
      g_ptr_array_add (ranked, entry);
    }
  g_ptr_array_sort (ranked, compare_ranked);
  return ranked;
}

/* ---------------------------------------------------------------------- */
/* Search */

static gboolean
search_locked (YidiDirectory             *self,
               const YidiDirectoryQuery  *query,
               guint                      offset,
               guint                      limit,
               GPtrArray                 *records,
               guint                     *out_count,
               GCancellable              *cancellable,
               GError                   **error)
{
  g_autoptr(YidiSearchQuery) search = yidi_search_query_new (query->text);
  g_autoptr(GArray) source_ids = g_array_new (FALSE, FALSE, sizeof (int));
  Stream streams[G_N_ELEMENTS (((YidiDirectory *) NULL)->dbs)];
  guint skip = offset;
  gboolean ok = TRUE;

  if (query->favourites_only)
    {
      g_autoptr(GPtrArray) ranked = rank_favourites (self, query, error);

      if (ranked == NULL)
        return FALSE;
      if (out_count != NULL)
        *out_count = ranked->len;
      for (guint i = offset; records != NULL && i < ranked->len && i - offset < limit; i++)
        {
          Ranked *entry = g_ptr_array_index (ranked, i);

          g_ptr_array_add (records, g_steal_pointer (&entry->record));
        }
      return TRUE;
    }

  if (out_count != NULL)
    {
      guint64 total = 0;

      for (guint i = 0; i < G_N_ELEMENTS (self->dbs); i++)
        {
          guint64 n;

          if (!count_db (self, &self->dbs[i], query, search, cancellable, &n, error))
            return FALSE;
          total += n;
        }
      *out_count = (guint) MIN (total, G_MAXUINT);
    }
  if (records == NULL || limit == 0)
    return TRUE;

  memset (streams, 0, sizeof streams);
  for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
    {
      streams[i].self = self;
      streams[i].db = &self->dbs[i];
      streams[i].query = query;
      streams[i].search = search;
      streams[i].cancellable = cancellable;
      streams[i].tier = search != NULL ? YIDI_SEARCH_TIER_EXACT : YIDI_SEARCH_TIER_OTHER;
    }

  /* The rows of each database come in rank order; merge them. While only
   * one database still has rows, skipping needs no row read. */
  for (guint i = 0; ok && i < G_N_ELEMENTS (streams); i++)
    ok = stream_next (&streams[i], TRUE, error);

  while (ok && records->len < limit)
    {
      Stream *best = NULL;
      guint n_live = 0;

      for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
        {
          if (!streams[i].has_row)
            continue;
          n_live++;
          if (best == NULL || compare_streams (&streams[i], best) < 0)
            best = &streams[i];
        }
      if (best == NULL)
        break;

      if (skip > 0)
        {
          skip--;
          ok = stream_next (best, n_live > 1 || skip == 0, error);
          continue;
        }
      if (best->row == NULL)
        ok = fetch_row (best, yidi_postings_iter_get_current (best->iter), error);
      if (ok)
        {
          g_ptr_array_add (records, record_from_row (best->db, best->row, source_ids));
          ok = stream_next (best, TRUE, error);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
    stream_clear (&streams[i]);
  if (!ok)
    {
      g_ptr_array_set_size (records, 0);
      return FALSE;
    }

  /* Finish the records of each database with that database. */
  for (guint d = 0; d < G_N_ELEMENTS (streams); d++)
    {
      g_autoptr(GPtrArray) mine = g_ptr_array_new ();
      g_autoptr(GArray) mine_ids = g_array_new (FALSE, FALSE, sizeof (int));

      for (guint i = 0; i < records->len; i++)
        {
          YidiInstitutionRecord *record = g_ptr_array_index (records, i);

          if (record->imported == self->dbs[d].user)
            {
              g_ptr_array_add (mine, record);
              g_array_append_val (mine_ids, g_array_index (source_ids, int, i));
            }
        }
      finish_records (self, &self->dbs[d], mine, mine_ids);
    }
  return TRUE;
}

static void
begin_read (YidiDirectory *self,
            GCancellable  *cancellable)
{
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < G_N_ELEMENTS (self->dbs); i++)
    yidi_directory_watch_cancellable (self->dbs[i].db, cancellable);
}

static void
end_read (YidiDirectory *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->dbs); i++)
    yidi_directory_watch_cancellable (self->dbs[i].db, NULL);
  g_mutex_unlock (&self->lock);
}

/**
 * yidi_directory_search:
 * @self: a directory
 * @query: what to look for
 * @offset: how many results to skip
 * @limit: how many results to return at most
 * @cancellable: (nullable): cancels the search
 *
 * Returns: (transfer container) (element-type YidiInstitutionRecord): the
 *   results from @offset on, best first; %NULL with @error set on failure
 *   (%G_IO_ERROR_CANCELLED if cancelled).
 */
GPtrArray *
yidi_directory_search (YidiDirectory             *self,
                       const YidiDirectoryQuery  *query,
                       guint                      offset,
                       guint                      limit,
                       GCancellable              *cancellable,
                       GError                   **error)
{
  g_autoptr(GPtrArray) records = NULL;
  gboolean ok;

  g_return_val_if_fail (YIDI_IS_DIRECTORY (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_institution_record_free);
  begin_read (self, cancellable);
  ok = search_locked (self, query, offset, limit, records, NULL, cancellable, error);
  end_read (self);

  return ok ? g_steal_pointer (&records) : NULL;
}

/**
 * yidi_directory_count:
 * @out_count: (out): how many institutions match @query
 *
 * Returns: %FALSE with @error set on failure.
 */
gboolean
yidi_directory_count (YidiDirectory             *self,
                      const YidiDirectoryQuery  *query,
                      guint                     *out_count,
                      GCancellable              *cancellable,
                      GError                   **error)
{
  gboolean ok;

  g_return_val_if_fail (YIDI_IS_DIRECTORY (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  begin_read (self, cancellable);
  ok = search_locked (self, query, 0, 0, NULL, out_count, cancellable, error);
  end_read (self);
  return ok;
}

/* ---------------------------------------------------------------------- */
/* Single institutions */

static YidiInstitutionRecord *
get_locked (YidiDirectory  *self,
            Db             *db,
            gint64          rowid)
{
  sqlite3_stmt *stmt = db_prepare (db, "SELECT " RECORD_COLUMNS " FROM institution i WHERE i.rowid = ?1", NULL);
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_institution_record_free);
  g_autoptr(GArray) source_ids = g_array_new (FALSE, FALSE, sizeof (int));

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (one, record_from_row (db, stmt, source_ids));
  sqlite3_reset (stmt);
  if (one->len == 0)
    return NULL;
  finish_records (self, db, one, source_ids);
  return g_ptr_array_steal_index (one, 0);
}

static void
set_not_found (GError **error)
{
  g_set_error_literal (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_NOT_FOUND,
                       _("This institution is no longer in the directory. Search for it again."));
}

/**
 * yidi_directory_get:
 * @id: an institution's id, from a search since the last import
 *
 * Returns: (transfer full): the institution, or %NULL with @error set.
 */
YidiInstitutionRecord *
yidi_directory_get (YidiDirectory  *self,
                    gint64          id,
                    GError        **error)
{
  YidiInstitutionRecord *record = NULL;

  g_return_val_if_fail (YIDI_IS_DIRECTORY (self), NULL);

  if (id > 0)
    {
      g_mutex_lock (&self->lock);
      record = get_locked (self, &self->dbs[(id & 1) ? USER : BUNDLED], id >> 1);
      g_mutex_unlock (&self->lock);
    }
  if (record == NULL)
    set_not_found (error);
  return record;
}

static YidiInstitutionRecord *
get_by_key_locked (YidiDirectory *self,
                   const char    *key)
{
  for (guint d = 0; d < G_N_ELEMENTS (self->dbs); d++)
    {
      Db *db = &self->dbs[d];
      sqlite3_stmt *stmt;
      gint64 rowid = 0;

      if (g_str_has_prefix (key, "code:"))
        {
          stmt = db_prepare (db, "SELECT rowid FROM institution WHERE code = ?1 ORDER BY rowid LIMIT 1", NULL);
          if (stmt == NULL)
            continue;
          sqlite3_bind_text (stmt, 1, key + strlen ("code:"), -1, SQLITE_STATIC);
        }
      else if (g_str_has_prefix (key, "name:") && strlen (key) > strlen ("name:000000:"))
        {
          const char *name = key + strlen ("name:000000:");

          stmt = db_prepare (db, "SELECT rowid FROM institution WHERE name = ?1 COLLATE NOCASE AND name = ?1"
                                 " AND coalesce (province, 0) = ?2 ORDER BY rowid LIMIT 1", NULL);
          if (stmt == NULL)
            continue;
          sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 2, atoi (key + strlen ("name:")));
        }
      else
        {
          return NULL;
        }

      if (sqlite3_step (stmt) == SQLITE_ROW)
        rowid = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (rowid != 0)
        return get_locked (self, db, rowid);
    }
  return NULL;
}

/**
 * yidi_directory_get_by_key:
 * @key: an institution's key (see #YidiInstitutionRecord)
 *
 * Returns: (transfer full): the institution (from the person's imported
 *   lists first), or %NULL with @error set.
 */
YidiInstitutionRecord *
yidi_directory_get_by_key (YidiDirectory  *self,
                           const char     *key,
                           GError        **error)
{
  YidiInstitutionRecord *record;

  g_return_val_if_fail (YIDI_IS_DIRECTORY (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  g_mutex_lock (&self->lock);
  record = get_by_key_locked (self, key);
  g_mutex_unlock (&self->lock);

  if (record == NULL)
    set_not_found (error);
  return record;
}

/* ---------------------------------------------------------------------- */
/* Favourites and sources */

/**
 * yidi_directory_set_favourite:
 * @key: the institution's key
 * @name: its name, shown if it ever leaves the directory
 * @favourite: whether it is a favourite
 *
 * Returns: %FALSE with @error set if the change could not be saved.
 */
gboolean
yidi_directory_set_favourite (YidiDirectory  *self,
                              const char     *key,
                              const char     *name,
                              gboolean        favourite,
                              GError        **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *added = g_date_time_format_iso8601 (now);
  sqlite3_stmt *stmt;
  int rc = SQLITE_ERROR;

  g_return_val_if_fail (YIDI_IS_DIRECTORY (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (name != NULL || !favourite, FALSE);

  g_mutex_lock (&self->lock);
  if (favourite)
    stmt = db_prepare (&self->dbs[USER], "INSERT INTO favourite (key, name, added) VALUES (?1, ?2, ?3)"
                                         " ON CONFLICT (key) DO UPDATE SET name = excluded.name", error);
  else
    stmt = db_prepare (&self->dbs[USER], "DELETE FROM favourite WHERE key = ?1", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (favourite)
        {
          sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 3, added, -1, SQLITE_STATIC);
        }
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        yidi_db_set_error (error, self->dbs[USER].db, rc);
    }
  g_mutex_unlock (&self->lock);

  return rc == SQLITE_DONE;
}

static GPtrArray *
list_favourites_locked (YidiDirectory  *self,
                        GError        **error)
{
  g_autoptr(GPtrArray) favourites = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_institution_record_free);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = db_prepare (&self->dbs[USER], "SELECT key, name FROM favourite ORDER BY added, key", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (keys, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      yidi_db_set_error (error, self->dbs[USER].db, rc);
      return NULL;
    }

  for (guint i = 0; i < keys->len; i++)
    {
      YidiInstitutionRecord *record = get_by_key_locked (self, g_ptr_array_index (keys, i));

      if (record == NULL)
        {
          /* Gone from the directory: kept, with what we know. */
          record = g_new0 (YidiInstitutionRecord, 1);
          record->key = g_strdup (g_ptr_array_index (keys, i));
          record->name = g_strdup (g_ptr_array_index (names, i));
          record->aliases = g_new0 (char *, 1);
          record->level = YIDI_LEVEL_UNKNOWN;
          record->favourite = TRUE;
        }
      g_ptr_array_add (favourites, record);
    }
  return g_steal_pointer (&favourites);
}

/**
 * yidi_directory_list_favourites:
 *
 * Returns: (transfer container) (element-type YidiInstitutionRecord): the
 *   favourites in the order they were added. A favourite no longer in the
 *   directory has id 0 and only its key and name.
 */
GPtrArray *
yidi_directory_list_favourites (YidiDirectory  *self,
                                GError        **error)
{
  GPtrArray *favourites;

  g_return_val_if_fail (YIDI_IS_DIRECTORY (self), NULL);

  g_mutex_lock (&self->lock);
  favourites = list_favourites_locked (self, error);
  g_mutex_unlock (&self->lock);
  return favourites;
}

/**
 * yidi_directory_list_sources:
 *
 * Returns: (transfer container) (element-type YidiDirectorySource): the
 *   installed directory, then the lists the person imported.
 */
GPtrArray *
yidi_directory_list_sources (YidiDirectory  *self,
                             GError        **error)
{
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_directory_source_free);
  gboolean ok = TRUE;

  g_return_val_if_fail (YIDI_IS_DIRECTORY (self), NULL);

  g_mutex_lock (&self->lock);
  for (int d = BUNDLED; d >= USER && ok; d--)
    {
      sqlite3_stmt *stmt = db_prepare (&self->dbs[d], "SELECT name, as_of, imported, n_rows FROM source ORDER BY id", error);
      int rc = SQLITE_ERROR;

      while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          YidiDirectorySource *source = g_new0 (YidiDirectorySource, 1);
          const char *name = (const char *) sqlite3_column_text (stmt, 0);

          source->bundled = d == BUNDLED && g_strcmp0 (name, YIDI_DIRECTORY_BUNDLED_SOURCE) == 0;
          source->name = g_strdup (source->bundled ? bundled_source_label () : name);
          source->as_of = text_or_null (stmt, 1);
          source->imported = text_or_null (stmt, 2);
          source->n_rows = sqlite3_column_int (stmt, 3);
          g_ptr_array_add (sources, source);
        }
      if (stmt != NULL)
        sqlite3_reset (stmt);
      if (stmt != NULL && rc != SQLITE_DONE)
        yidi_db_set_error (error, self->dbs[d].db, rc);
      ok = stmt != NULL && rc == SQLITE_DONE;
    }
  g_mutex_unlock (&self->lock);

  return ok ? g_steal_pointer (&sources) : NULL;
}

/* ---------------------------------------------------------------------- */
/* Import */

/**
 * yidi_directory_import:
 * @path: a CSV file (UTF-8 or GB18030)
 * @source_name: (nullable): the list's name; importing a list of the same
 *   name again replaces it. Defaults to the file's base name.
 * @as_of: (nullable): the date the list is valid for (YYYY-MM-DD, YYYY-MM
 *   or YYYY)
 * @progress: (nullable) (scope call): called with the fraction done, from
 *   this thread
 * @out_result: (out) (optional): what was imported or why rows were rejected
 *
 * Imports an official list into the person's database, in one transaction:
 * all rows or none. If any row is rejected nothing is imported and @error
 * is %YIDI_DIRECTORY_ERROR_INVALID_ROWS; every rejected row is in the
 * result's problems. Searches can go on meanwhile.
 */
gboolean
yidi_directory_import (YidiDirectory           *self,
                       const char              *path,
                       const char              *source_name,
                       const char              *as_of,
                       YidiImportProgressFunc   progress,
                       gpointer                 progress_data,
                       YidiImportResult       **out_result,
                       GCancellable            *cancellable,
                       GError                 **error)
{
  g_autofree char *default_name = NULL;
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (YIDI_IS_DIRECTORY (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (out_result != NULL)
    *out_result = NULL;
  if (source_name == NULL || *source_name == '\0')
    source_name = default_name = g_path_get_basename (path);

  g_mutex_lock (&self->import_lock);
  db = yidi_db_open (self->user_path, 0, yidi_directory_migrations, yidi_directory_n_migrations, NULL, error);
  ok = db != NULL &&
       yidi_directory_import_into (db, self->divisions, path, source_name, as_of,
                                   progress, progress_data, out_result, cancellable, error);
  yidi_db_close (db);
  g_mutex_unlock (&self->import_lock);

  return ok;
}

typedef struct {
  char *path;
  char *source_name;
  char *as_of;
  YidiImportResult *result;
  YidiImportProgressFunc progress;
  gpointer progress_data;
  GDestroyNotify progress_destroy;
  GMainContext *context;     /* the caller's: progress goes there */
  double reported;           /* the last fraction passed on */
} ImportData;

typedef struct {
  GDestroyNotify destroy;
  gpointer data;
} DeferredFree;

static gboolean
run_deferred_free (gpointer user_data)
{
  DeferredFree *deferred = user_data;

  deferred->destroy (deferred->data);
  g_free (deferred);
  return G_SOURCE_REMOVE;
}

static void
import_data_free (gpointer data)
{
  ImportData *import = data;

  g_free (import->path);
  g_free (import->source_name);
  g_free (import->as_of);
  g_clear_pointer (&import->result, yidi_import_result_unref);
  /* The task may end in the worker thread: the progress data are freed
   * where they were made. */
  if (import->progress_destroy != NULL)
    {
      DeferredFree *deferred = g_new0 (DeferredFree, 1);

      deferred->destroy = import->progress_destroy;
      deferred->data = import->progress_data;
      g_main_context_invoke (import->context, run_deferred_free, deferred);
    }
  g_clear_pointer (&import->context, g_main_context_unref);
  g_free (import);
}

typedef struct {
  GTask *task;
  double fraction;
} ImportProgress;

static gboolean
report_progress (gpointer user_data)
{
  ImportProgress *report = user_data;
  ImportData *import = g_task_get_task_data (report->task);

  import->progress (report->fraction, import->progress_data);
  return G_SOURCE_REMOVE;
}

static void
import_progress_free (gpointer data)
{
  ImportProgress *report = data;

  g_object_unref (report->task);
  g_free (report);
}

/* In the import's thread: passes the fraction on to the caller's main
 * context, at most once a percent. */
static void
on_import_progress (double   fraction,
                    gpointer user_data)
{
  GTask *task = user_data;
  ImportData *import = g_task_get_task_data (task);
  ImportProgress *report;

  if (fraction <= import->reported || (fraction < 1.0 && fraction - import->reported < 0.01))
    return;
  import->reported = fraction;

  report = g_new0 (ImportProgress, 1);
  report->task = g_object_ref (task);
  report->fraction = fraction;
  g_main_context_invoke_full (import->context, G_PRIORITY_DEFAULT,
                              report_progress, report, import_progress_free);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *import = task_data;
  GError *error = NULL;

  if (yidi_directory_import (source_object, import->path, import->source_name, import->as_of,
                             import->progress != NULL ? on_import_progress : NULL, task,
                             &import->result, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * yidi_directory_import_async:
 *
 * Runs yidi_directory_import() in a thread.
 */
void
yidi_directory_import_async (YidiDirectory       *self,
                             const char          *path,
                             const char          *source_name,
                             const char          *as_of,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  yidi_directory_import_with_progress_async (self, path, source_name, as_of, NULL, NULL, NULL,
                                             cancellable, callback, user_data);
}

/**
 * yidi_directory_import_with_progress_async:
 * @progress: (nullable): called with the fraction done, in the thread-default
 *   main context of the caller, at most once a percent
 * @progress_destroy: (nullable): frees @progress_data once the import is over
 *
 * Runs yidi_directory_import() in a thread and tells how far it got;
 * finish with yidi_directory_import_finish().
 */
void
yidi_directory_import_with_progress_async (YidiDirectory          *self,
                                           const char             *path,
                                           const char             *source_name,
                                           const char             *as_of,
                                           YidiImportProgressFunc  progress,
                                           gpointer                progress_data,
                                           GDestroyNotify          progress_destroy,
                                           GCancellable           *cancellable,
                                           GAsyncReadyCallback     callback,
                                           gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportData *import;

  g_return_if_fail (YIDI_IS_DIRECTORY (self));
  g_return_if_fail (path != NULL);

  import = g_new0 (ImportData, 1);
  import->path = g_strdup (path);
  import->source_name = g_strdup (source_name);
  import->as_of = g_strdup (as_of);
  import->progress = progress;
  import->progress_data = progress_data;
  import->progress_destroy = progress_destroy;
  import->context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yidi_directory_import_async);
  g_task_set_task_data (task, import, import_data_free);
  g_task_run_in_thread (task, import_thread);
}

/**
 * yidi_directory_import_finish:
 * @out_result: (out) (optional): as for yidi_directory_import(), also on
 *   failure
 *
 * Emits #YidiDirectory::changed when rows were imported.
 */
gboolean
yidi_directory_import_finish (YidiDirectory     *self,
                              GAsyncResult      *result,
                              YidiImportResult **out_result,
                              GError           **error)
{
  ImportData *import;

  g_return_val_if_fail (YIDI_IS_DIRECTORY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yidi_directory_import_async, FALSE);

  import = g_task_get_task_data (G_TASK (result));
  if (out_result != NULL)
    *out_result = import->result != NULL ? yidi_import_result_ref (import->result) : NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Opening */

static void
yidi_directory_finalize (GObject *object)
{
  YidiDirectory *self = (YidiDirectory *) object;

  for (guint i = 0; i < G_N_ELEMENTS (self->dbs); i++)
    db_clear (&self->dbs[i]);
  g_clear_pointer (&self->divisions, yidi_divisions_unref);
  g_clear_pointer (&self->bundled_path, g_free);
  g_clear_pointer (&self->user_path, g_free);
  g_clear_pointer (&self->moved_aside, g_free);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->import_lock);

  G_OBJECT_CLASS (yidi_directory_parent_class)->finalize (object);
}

static void
yidi_directory_class_init (YidiDirectoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yidi_directory_finalize;

  /**
   * YidiDirectory::changed:
   *
   * Emitted by yidi_directory_import_finish() when an import has changed
   * what searches find.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
yidi_directory_init (YidiDirectory *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->import_lock);
}

static gboolean
db_init (Db       *db,
         sqlite3  *handle,
         gboolean  user,
         GError  **error)
{
  int rc;

  db->db = handle;
  db->user = user;
  db->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  db->postings = yidi_postings_reader_new (handle);

  /* A modest page cache: the app's memory must not grow with the
   * directory. */
  rc = sqlite3_exec (handle, "PRAGMA cache_size = -8000; PRAGMA temp_store = MEMORY;", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      yidi_db_set_error (error, handle, rc);
      return FALSE;
    }
  return TRUE;
}

/**
 * yidi_directory_open:
 * @bundled_path: (nullable): the installed directory; default
 *   yidi_paths_get_directory_db()
 * @user_path: (nullable): the person's database; default
 *   directory-user.sqlite in the user data folder
 *
 * Opens the directory. A damaged user database is moved aside (see
 * yidi_directory_get_moved_aside()) and a fresh one is made.
 *
 * Returns: (transfer full): the directory, or %NULL with @error set.
 */
YidiDirectory *
yidi_directory_open (const char  *bundled_path,
                     const char  *user_path,
                     GError     **error)
{
  g_autoptr(YidiDirectory) self = NULL;
  g_autofree char *user_dir = NULL;
  sqlite3 *db;

  self = g_object_new (YIDI_TYPE_DIRECTORY, NULL);
  self->bundled_path = g_strdup (bundled_path != NULL ? bundled_path : yidi_paths_get_directory_db ());
  if (user_path == NULL)
    {
      user_dir = yidi_paths_get_user_data_dir ();
      self->user_path = g_build_filename (user_dir, "directory-user.sqlite", NULL);
    }
  else
    {
      self->user_path = g_strdup (user_path);
    }

  if (!g_file_test (self->bundled_path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *display = g_filename_display_name (self->bundled_path);

      g_set_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_NOT_FOUND,
                   _("The institution directory installed with Yidi is missing (“%s”). Reinstall Yidi."),
                   display);
      return NULL;
    }

  db = yidi_db_open (self->bundled_path, YIDI_DB_OPEN_READ_ONLY,
                     yidi_directory_migrations, yidi_directory_n_migrations, NULL, error);
  if (db == NULL || !db_init (&self->dbs[BUNDLED], db, FALSE, error))
    return NULL;

  self->divisions = yidi_divisions_new_from_db (db, error);
  if (self->divisions == NULL)
    return NULL;

  db = yidi_db_open (self->user_path, YIDI_DB_OPEN_RECOVER,
                     yidi_directory_migrations, yidi_directory_n_migrations, &self->moved_aside, error);
  if (db == NULL || !db_init (&self->dbs[USER], db, TRUE, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * yidi_directory_get_moved_aside:
 *
 * Returns: (nullable): where a damaged user database was moved when the
 *   directory was opened, so the person can be told; %NULL if it was not.
 */
const char *
yidi_directory_get_moved_aside (YidiDirectory *self)
{
  g_return_val_if_fail (YIDI_IS_DIRECTORY (self), NULL);
  return self->moved_aside;
}

/**
 * yidi_directory_get_divisions:
 *
 * Returns: (transfer none): the administrative divisions.
 */
YidiDivisions *
yidi_directory_get_divisions (YidiDirectory *self)
{
  g_return_val_if_fail (YIDI_IS_DIRECTORY (self), NULL);
  return self->divisions;
}

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
#include "yidi-fts.h"
#include "yidi-paths.h"
#include "yidi-pinyin.h"

#define INDEXES_SQL \
  "CREATE INDEX IF NOT EXISTS institution_province ON institution (province);" \
  "CREATE INDEX IF NOT EXISTS institution_city ON institution (city);" \
  "CREATE INDEX IF NOT EXISTS institution_county ON institution (county);" \
  "CREATE INDEX IF NOT EXISTS institution_level ON institution (level);" \
  "CREATE INDEX IF NOT EXISTS institution_type ON institution (type);" \
  "CREATE INDEX IF NOT EXISTS institution_inpatient ON institution (inpatient);" \
  "CREATE INDEX IF NOT EXISTS institution_outpatient ON institution (outpatient);" \
  "CREATE INDEX IF NOT EXISTS institution_chronic ON institution (chronic);" \
  "CREATE INDEX IF NOT EXISTS institution_code ON institution (code) WHERE code IS NOT NULL;"

const char yidi_directory_create_indexes_sql[] = INDEXES_SQL;

const char yidi_directory_drop_indexes_sql[] =
  "DROP INDEX IF EXISTS institution_province;"
  "DROP INDEX IF EXISTS institution_city;"
  "DROP INDEX IF EXISTS institution_county;"
  "DROP INDEX IF EXISTS institution_level;"
  "DROP INDEX IF EXISTS institution_type;"
  "DROP INDEX IF EXISTS institution_inpatient;"
  "DROP INDEX IF EXISTS institution_outpatient;"
  "DROP INDEX IF EXISTS institution_chronic;"
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
    "CREATE VIRTUAL TABLE search USING fts5 ("
    "  doc, content='', detail='none', columnsize=0, tokenize='yidi');"
    "CREATE TABLE stat ("
    "  kind INTEGER NOT NULL,"
    "  value INTEGER NOT NULL,"
    "  n INTEGER NOT NULL,"
    "  PRIMARY KEY (kind, value)) WITHOUT ROWID;"
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
  "i.inpatient, i.outpatient, i.chronic, i.data_date, i.source, i.source_id"

enum {
  COL_ROWID, COL_SORT_KEY, COL_CODE, COL_NAME, COL_ALIASES, COL_PROVINCE, COL_CITY,
  COL_COUNTY, COL_LEVEL, COL_GRADE, COL_TYPE, COL_ADDRESS, COL_PHONE, COL_LONGITUDE,
  COL_LATITUDE, COL_INPATIENT, COL_OUTPATIENT, COL_CHRONIC, COL_DATA_DATE, COL_SOURCE,
  COL_SOURCE_ID, COL_TIER,
};

#define CHECK_SQL \
  " AND yidi_match(?2, i.name, i.aliases, i.address, i.pinyin, i.initials)"
#define TIER_SQL "yidi_tier(?2, i.name, i.aliases, i.pinyin, i.initials)"

/* Statements kept prepared per connection. */
#define MAX_CACHED_STATEMENTS 64

/* The first parameter number filters use: ?1 is the MATCH text, ?2 the
 * bound YidiFtsQuery. */
#define FIRST_FILTER_PARAM 3

typedef struct {
  sqlite3 *db;
  gboolean user;
  GHashTable *statements;   /* SQL → sqlite3_stmt* */
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

static guint64
db_get_stat (Db                *db,
             YidiDirectoryStat  kind,
             gint64             value)
{
  sqlite3_stmt *stmt = db_prepare (db, "SELECT n FROM stat WHERE kind = ?1 AND value = ?2", NULL);
  guint64 n = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int (stmt, 1, kind);
  sqlite3_bind_int64 (stmt, 2, value);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static guint64
doc_count (const char *token,
           gpointer    user_data)
{
  Db *db = user_data;
  sqlite3_stmt *stmt = db_prepare (db, "SELECT doc FROM temp.search_vocab WHERE term = ?1", NULL);
  guint64 n = 0;

  if (stmt == NULL)
    return G_MAXUINT32;
  sqlite3_bind_text (stmt, 1, token, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
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

/* Builds a record from a row of RECORD_COLUMNS; the source name,
 * favourite flag and place name are filled in later. */
static YidiInstitutionRecord *
record_from_row (Db           *db,
                 sqlite3_stmt *stmt)
{
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
  /* Kept until finish_records() looks the source up. */
  record->source_name = GINT_TO_POINTER (sqlite3_column_int (stmt, COL_SOURCE_ID));
  return record;
}

/* Fills in what record_from_row() left: the source's name and date, the
 * favourite flag and the place's name. */
static void
finish_records (YidiDirectory *self,
                Db            *db,
                GPtrArray     *records)
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
      gpointer id = record->source_name;

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
/* Filters */

typedef struct {
  GString *sql;             /* " AND …", parameters from FIRST_FILTER_PARAM */
  GArray *params;           /* gint64 */
  guint64 estimate;         /* at most this many rows pass */
  gboolean active;
} Filter;

static void
filter_clear (Filter *filter)
{
  if (filter->sql != NULL)
    g_string_free (g_steal_pointer (&filter->sql), TRUE);
  g_clear_pointer (&filter->params, g_array_unref);
}

static void
filter_add_param (Filter *filter,
                  gint64  value)
{
  g_string_append_printf (filter->sql, "?%u", FIRST_FILTER_PARAM + filter->params->len);
  g_array_append_val (filter->params, value);
}

static void
filter_add_set (Filter            *filter,
                Db                *db,
                const char        *column,
                YidiDirectoryStat  kind,
                guint              mask,
                guint              n_values)
{
  guint64 estimate = 0;
  gboolean first = TRUE;

  g_string_append_printf (filter->sql, " AND %s IN (", column);
  for (guint v = 0; v < n_values; v++)
    {
      if (!(mask & (1u << v)))
        continue;
      if (!first)
        g_string_append_c (filter->sql, ',');
      filter_add_param (filter, v);
      estimate += db_get_stat (db, kind, v);
      first = FALSE;
    }
  g_string_append_c (filter->sql, ')');
  filter->estimate = MIN (filter->estimate, estimate);
  filter->active = TRUE;
}

static gboolean
filter_init (Filter                   *filter,
             YidiDirectory            *self,
             Db                       *db,
             const YidiDirectoryQuery *query,
             GError                  **error)
{
  static const struct {
    YidiNetworkedFlags flag;
    const char *sql;
    YidiDirectoryStat stat;
  } networked[] = {
    { YIDI_NETWORKED_INPATIENT, " AND i.inpatient = 2", STAT_INPATIENT },
    { YIDI_NETWORKED_OUTPATIENT, " AND i.outpatient = 2", STAT_OUTPATIENT },
    { YIDI_NETWORKED_CHRONIC, " AND i.chronic = 2", STAT_CHRONIC },
  };
  G_STATIC_ASSERT (YIDI_TRISTATE_YES == 2);

  filter->sql = g_string_new (NULL);
  filter->params = g_array_new (FALSE, FALSE, sizeof (gint64));
  filter->estimate = db_get_stat (db, STAT_TOTAL, 0);
  filter->active = FALSE;

  if (query->place != NULL && *query->place != '\0')
    {
      const YidiDivision *division = yidi_divisions_lookup (self->divisions, query->place);
      static const char *const columns[] = { "i.province", "i.city", "i.county" };

      if (division == NULL)
        {
          g_set_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_NOT_FOUND,
                       _("There is no place with the code “%s”. Choose the place from the list."),
                       query->place);
          return FALSE;
        }
      g_string_append_printf (filter->sql, " AND %s = ", columns[division->level]);
      filter_add_param (filter, atoi (division->code));
      filter->estimate = MIN (filter->estimate,
                              db_get_stat (db, STAT_PROVINCE + division->level, atoi (division->code)));
      filter->active = TRUE;
    }
  if (query->levels != 0)
    filter_add_set (filter, db, "i.level", STAT_LEVEL, query->levels, YIDI_LEVEL_UNKNOWN + 1);
  if (query->types != 0)
    filter_add_set (filter, db, "i.type", STAT_TYPE, query->types, YIDI_INSTITUTION_TYPE_OTHER + 1);
  for (guint i = 0; i < G_N_ELEMENTS (networked); i++)
    {
      if (!(query->networked & networked[i].flag))
        continue;
      g_string_append (filter->sql, networked[i].sql);
      filter->estimate = MIN (filter->estimate, db_get_stat (db, networked[i].stat, YIDI_TRISTATE_YES));
      filter->active = TRUE;
    }
  return TRUE;
}

static void
filter_bind (Filter       *filter,
             sqlite3_stmt *stmt)
{
  for (guint i = 0; i < filter->params->len; i++)
    sqlite3_bind_int64 (stmt, FIRST_FILTER_PARAM + i, g_array_index (filter->params, gint64, i));
}

/* ---------------------------------------------------------------------- */
/* Plans and streams */

typedef enum {
  PLAN_EMPTY,     /* nothing can match in this database */
  PLAN_SCAN,      /* no text: the rows passing the filters, in rank order */
  PLAN_FTS,       /* the text index, tier by tier, in rank order */
  PLAN_FILTER,    /* a filter's index, each row checked, sorted by tier and rank */
} PlanKind;

typedef struct {
  Db *db;
  PlanKind kind;
  YidiFtsQuery *fts;        /* not owned */
  Filter filter;
  sqlite3_stmt *stmt;       /* the statement being read */
  int tier;                 /* PLAN_FTS: the tier being read */
  gboolean has_row;
} Stream;

/* How many rows of the text index we expect to read to find @wanted rows
 * that also pass a filter letting @passing of @total rows through. */
static double
expected_index_reads (guint64 text_rows,
                      guint64 passing,
                      guint64 total,
                      guint64 wanted)
{
  double fraction;

  if (wanted == G_MAXUINT64 || total == 0)
    return text_rows;
  fraction = MAX ((double) passing / (double) total, 1e-6);
  return MIN ((double) text_rows, wanted / fraction);
}

static void
plan (Stream       *stream,
      guint64       wanted)
{
  guint64 total = db_get_stat (stream->db, STAT_TOTAL, 0);
  guint64 text_rows;

  if (total == 0 || stream->filter.estimate == 0)
    {
      stream->kind = PLAN_EMPTY;
      return;
    }
  if (stream->fts == NULL)
    {
      stream->kind = PLAN_SCAN;
      return;
    }

  text_rows = yidi_fts_query_estimate (stream->fts, doc_count, stream->db);
  if (text_rows == 0)
    {
      stream->kind = PLAN_EMPTY;
      return;
    }

  /* Reading a filter's index checks (and sorts) every row passing it;
   * reading the text index stops once enough rows have passed. */
  stream->kind = PLAN_FTS;
  if (stream->filter.active &&
      1.5 * stream->filter.estimate < expected_index_reads (text_rows, stream->filter.estimate, total, wanted))
    stream->kind = PLAN_FILTER;

  g_debug ("%s: text ≤ %" G_GUINT64_FORMAT ", filter ≤ %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " → %s",
           stream->db->user ? "user" : "bundled", text_rows, stream->filter.estimate, total,
           stream->kind == PLAN_FTS ? "text index" : "filter index");
}

static sqlite3_stmt *
stream_prepare (Stream  *stream,
                GError **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT " RECORD_COLUMNS);
  g_autofree char *match = NULL;
  sqlite3_stmt *stmt;
  gboolean check = FALSE;

  switch (stream->kind)
    {
    case PLAN_SCAN:
      g_string_append_printf (sql, ", %d FROM institution i WHERE 1", YIDI_FTS_TIER_OTHER);
      g_string_append (sql, stream->filter.sql->str);
      g_string_append (sql, " ORDER BY i.rowid");
      break;

    case PLAN_FTS:
      match = yidi_fts_query_build_match (stream->fts, stream->tier);
      check = yidi_fts_query_needs_check (stream->fts, stream->tier);
      g_string_append_printf (sql, ", %d FROM search s CROSS JOIN institution i ON i.rowid = s.rowid"
                              " WHERE search MATCH ?1", stream->tier);
      g_string_append (sql, stream->filter.sql->str);
      if (check)
        g_string_append_printf (sql, CHECK_SQL " AND " TIER_SQL " = %d", stream->tier);
      g_string_append (sql, " ORDER BY s.rowid");
      break;

    case PLAN_FILTER:
      g_string_append (sql, ", " TIER_SQL " AS tier FROM institution i WHERE 1");
      g_string_append (sql, stream->filter.sql->str);
      g_string_append (sql, CHECK_SQL " ORDER BY tier, i.rowid");
      break;

    case PLAN_EMPTY:
    default:
      g_assert_not_reached ();
    }

  stmt = db_prepare (stream->db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  if (match != NULL)
    sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  if (stream->fts != NULL)
    sqlite3_bind_pointer (stmt, 2, stream->fts, YIDI_FTS_QUERY_POINTER_TYPE, NULL);
  filter_bind (&stream->filter, stmt);
  return stmt;
}

/* Moves to the next row; has_row says whether there is one. */
static gboolean
stream_next (Stream        *stream,
             GCancellable  *cancellable,
             GError       **error)
{
  for (;;)
    {
      int rc;

      if (stream->stmt == NULL)
        {
          stream->stmt = stream_prepare (stream, error);
          if (stream->stmt == NULL)
            return FALSE;
        }

      rc = sqlite3_step (stream->stmt);
      if (rc == SQLITE_ROW)
        {
          stream->has_row = TRUE;
          return TRUE;
        }

      sqlite3_reset (stream->stmt);
      stream->stmt = NULL;
      stream->has_row = FALSE;
      if (rc != SQLITE_DONE)
        return yidi_directory_set_cancelled (error, stream->db->db, rc, cancellable);
      if (stream->kind != PLAN_FTS || stream->tier == YIDI_FTS_TIER_OTHER)
        return TRUE;
      stream->tier++;
    }
}

static void
stream_clear (Stream *stream)
{
  if (stream->stmt != NULL)
    sqlite3_reset (stream->stmt);
  stream->stmt = NULL;
  filter_clear (&stream->filter);
}

/* Which of two streams with rows comes first: lower tier, then rank; the
 * user's database first on a tie. */
static int
compare_streams (Stream *a,
                 Stream *b)
{
  int tier_a = sqlite3_column_int (a->stmt, COL_TIER);
  int tier_b = sqlite3_column_int (b->stmt, COL_TIER);

  if (tier_a != tier_b)
    return tier_a < tier_b ? -1 : 1;
  return g_strcmp0 ((const char *) sqlite3_column_text (a->stmt, COL_SORT_KEY),
                    (const char *) sqlite3_column_text (b->stmt, COL_SORT_KEY));
}

static guint64
count_stream (Stream        *stream,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *match = NULL;
  sqlite3_stmt *stmt;
  guint64 count = 0;
  int rc;

  switch (stream->kind)
    {
    case PLAN_EMPTY:
      return 0;

    case PLAN_SCAN:
      if (!stream->filter.active)
        return db_get_stat (stream->db, STAT_TOTAL, 0);
      g_string_append (sql, "SELECT count(*) FROM institution i WHERE 1");
      g_string_append (sql, stream->filter.sql->str);
      break;

    case PLAN_FTS:
      match = yidi_fts_query_build_match (stream->fts, -1);
      if (!stream->filter.active && !yidi_fts_query_needs_check (stream->fts, -1))
        {
          g_string_append (sql, "SELECT count(*) FROM search WHERE search MATCH ?1");
          break;
        }
      g_string_append (sql, "SELECT count(*) FROM search s CROSS JOIN institution i ON i.rowid = s.rowid"
                            " WHERE search MATCH ?1");
      g_string_append (sql, stream->filter.sql->str);
      if (yidi_fts_query_needs_check (stream->fts, -1))
        g_string_append (sql, CHECK_SQL);
      break;

    case PLAN_FILTER:
      g_string_append (sql, "SELECT count(*) FROM institution i WHERE 1");
      g_string_append (sql, stream->filter.sql->str);
      g_string_append (sql, CHECK_SQL);
      break;

    default:
      g_assert_not_reached ();
    }

  stmt = db_prepare (stream->db, sql->str, error);
  if (stmt == NULL)
    return G_MAXUINT64;
  if (match != NULL)
    sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  if (stream->fts != NULL)
    sqlite3_bind_pointer (stmt, 2, stream->fts, YIDI_FTS_QUERY_POINTER_TYPE, NULL);
  filter_bind (&stream->filter, stmt);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      yidi_directory_set_cancelled (error, stream->db->db, rc, cancellable);
      return G_MAXUINT64;
    }
  return count;
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
  g_autoptr(YidiFtsQuery) fts = yidi_fts_query_new (query->text);
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
      YidiFtsFields fields = { NULL };
      Ranked *entry;
      int tier = YIDI_FTS_TIER_OTHER;

      if (record->id == 0 || !record_passes (self, query, record))
        continue;

      aliases = g_strjoinv ("|", record->aliases);
      yidi_directory_make_pinyin (record->name, (const char * const *) record->aliases, &pinyin, &initials);

      fields.name = record->name;
      fields.aliases = aliases;
      fields.address = record->address;
      fields.pinyin = pinyin;
      fields.initials = initials;
      if (fts != NULL)
        {
          if (!yidi_fts_query_matches (fts, &fields))
            continue;
          tier = yidi_fts_query_get_tier (fts, &fields);
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
  g_autoptr(YidiFtsQuery) fts = yidi_fts_query_new (query->text);
  Stream streams[G_N_ELEMENTS (((YidiDirectory *) NULL)->dbs)] = { { NULL } };
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

  for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
    {
      streams[i].db = &self->dbs[i];
      streams[i].fts = fts;
      if (!filter_init (&streams[i].filter, self, streams[i].db, query, error))
        {
          ok = FALSE;
          goto out;
        }
      plan (&streams[i], out_count != NULL ? G_MAXUINT64 : (guint64) offset + limit);
    }

  if (out_count != NULL)
    {
      guint64 total = 0;

      for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
        {
          guint64 n = count_stream (&streams[i], cancellable, error);

          if (n == G_MAXUINT64)
            {
              ok = FALSE;
              goto out;
            }
          total += n;
        }
      *out_count = (guint) MIN (total, G_MAXUINT);
    }
  if (records == NULL || limit == 0)
    goto out;

  for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
    {
      if (streams[i].kind != PLAN_EMPTY && !stream_next (&streams[i], cancellable, error))
        {
          ok = FALSE;
          goto out;
        }
    }

  while (records->len < limit)
    {
      Stream *best = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
        {
          if (streams[i].has_row && (best == NULL || compare_streams (&streams[i], best) < 0))
            best = &streams[i];
        }
      if (best == NULL)
        break;

      if (skip > 0)
        skip--;
      else
        g_ptr_array_add (records, record_from_row (best->db, best->stmt));

      if (!stream_next (best, cancellable, error))
        {
          ok = FALSE;
          goto out;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
    stream_clear (&streams[i]);

  /* Finish the records of each database with that database. */
  for (guint d = 0; d < G_N_ELEMENTS (streams); d++)
    {
      g_autoptr(GPtrArray) mine = g_ptr_array_new ();

      for (guint i = 0; i < records->len; i++)
        {
          YidiInstitutionRecord *record = g_ptr_array_index (records, i);

          if (record->imported == self->dbs[d].user)
            g_ptr_array_add (mine, record);
        }
      finish_records (self, &self->dbs[d], mine);
    }
  return TRUE;

out:
  for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
    stream_clear (&streams[i]);
  if (!ok && records != NULL)
    g_ptr_array_set_size (records, 0);
  return ok;
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

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (one, record_from_row (db, stmt));
  sqlite3_reset (stmt);
  if (one->len == 0)
    return NULL;
  finish_records (self, db, one);
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
          g_autofree char *match = yidi_fts_build_exact_match (name);

          stmt = db_prepare (db, "SELECT i.rowid FROM search s CROSS JOIN institution i ON i.rowid = s.rowid"
                                 " WHERE search MATCH ?1 AND i.name = ?2 AND coalesce (i.province, 0) = ?3"
                                 " ORDER BY s.rowid LIMIT 1", NULL);
          if (stmt == NULL)
            continue;
          sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 3, atoi (key + strlen ("name:")));
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
} ImportData;

static void
import_data_free (gpointer data)
{
  ImportData *import = data;

  g_free (import->path);
  g_free (import->source_name);
  g_free (import->as_of);
  g_clear_pointer (&import->result, yidi_import_result_unref);
  g_free (import);
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
                             NULL, NULL, &import->result, cancellable, &error))
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
  g_autoptr(GTask) task = NULL;
  ImportData *import;

  g_return_if_fail (YIDI_IS_DIRECTORY (self));
  g_return_if_fail (path != NULL);

  import = g_new0 (ImportData, 1);
  import->path = g_strdup (path);
  import->source_name = g_strdup (source_name);
  import->as_of = g_strdup (as_of);

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

  /* A modest page cache: the app's memory must not grow with the
   * directory. */
  rc = sqlite3_exec (handle,
                     "PRAGMA cache_size = -8000;"
                     "PRAGMA temp_store = MEMORY;"
                     "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab (main, search, row);",
                     NULL, NULL, NULL);
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

  yidi_fts_register_auto ();

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

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-postings"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "yidi-db.h"
#include "yidi-postings.h"

/* Rowids per chunk: a chunk is read at once; seeking skips whole chunks.
 * A list of at most CHUNK rowids is packed with its neighbours (in token
 * order) into a block of about BLOCK bytes of gram_block instead. */
#define CHUNK 256
#define BLOCK 4096

const char yidi_postings_schema_sql[] =
  "CREATE TABLE gram ("
  "  token BLOB NOT NULL,"
  "  first INTEGER NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  data BLOB NOT NULL,"
  "  PRIMARY KEY (token, first)) WITHOUT ROWID;"
  "CREATE TABLE gram_block ("
  "  first BLOB PRIMARY KEY,"
  "  data BLOB NOT NULL) WITHOUT ROWID;";

/* ---------------------------------------------------------------------- */
/* Varints (little-endian base 128) */

static inline void
put_varint (guint8 **p,
            guint64  value)
{
  while (value >= 0x80)
    {
      *(*p)++ = (guint8) (value | 0x80);
      value >>= 7;
    }
  *(*p)++ = (guint8) value;
}

static inline guint64
get_varint (const guint8 **p,
            const guint8  *end)
{
  guint64 value = 0;
  guint shift = 0;

  while (*p < end)
    {
      guint8 byte = *(*p)++;

      value |= (guint64) (byte & 0x7f) << shift;
      if (!(byte & 0x80) || shift > 56)
        break;
      shift += 7;
    }
  return value;
}

/* ---------------------------------------------------------------------- */
/* Building */

/* Tokens are short (a few characters, a namespace byte): kept in the
 * entry itself, so that a lookup touches one cache line. */
#define MAX_KEY 23

typedef struct {
  guint32 hash;
  guint8 key_length;
  char key[MAX_KEY];
  guint32 count;
  guint32 length;           /* of buffer */
  guint32 capacity;
  gint64 last;
  guint8 *buffer;           /* varint deltas from the previous rowid */
} Entry;

struct _YidiPostingsBuilder
{
  GArray *entries;          /* Entry */
  guint32 *slots;           /* entry index + 1, 0 = free */
  gsize n_slots;            /* a power of two */
};

static inline guint32
hash_bytes (const char *data,
            gsize       length)
{
  guint32 h = 2166136261u;

  for (gsize i = 0; i < length; i++)
    {
      h ^= (guchar) data[i];
      h *= 16777619u;
    }
  return h ^ (h >> 15);
}

YidiPostingsBuilder *
yidi_postings_builder_new (void)
{
  YidiPostingsBuilder *self = g_new0 (YidiPostingsBuilder, 1);

  self->entries = g_array_sized_new (FALSE, FALSE, sizeof (Entry), 1 << 16);
  self->n_slots = 1 << 17;
  self->slots = g_new0 (guint32, self->n_slots);
  return self;
}

void
yidi_postings_builder_free (YidiPostingsBuilder *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->entries->len; i++)
    g_free (g_array_index (self->entries, Entry, i).buffer);
  g_array_unref (self->entries);
  g_free (self->slots);
  g_free (self);
}

guint
yidi_postings_builder_get_n_tokens (YidiPostingsBuilder *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->entries->len;
}

static void
grow_slots (YidiPostingsBuilder *self)
{
  gsize n_slots = self->n_slots * 2;
  guint32 *slots = g_new0 (guint32, n_slots);

  for (guint i = 0; i < self->entries->len; i++)
    {
      gsize slot = g_array_index (self->entries, Entry, i).hash & (n_slots - 1);

      while (slots[slot] != 0)
        slot = (slot + 1) & (n_slots - 1);
      slots[slot] = i + 1;
    }
  g_free (self->slots);
  self->slots = slots;
  self->n_slots = n_slots;
}

/**
 * yidi_postings_builder_add:
 * @token: the token's bytes
 * @rowid: a row that has it; rowids must not decrease
 *
 * Adds @rowid to @token's list (once, however often it is added).
 */
void
yidi_postings_builder_add (YidiPostingsBuilder *self,
                           const char          *token,
                           gsize                length,
                           gint64               rowid)
{
  guint32 hash = hash_bytes (token, length);
  gsize slot = hash & (self->n_slots - 1);
  Entry *entry = NULL;
  guint8 *p;

  g_return_if_fail (length <= MAX_KEY);

  while (self->slots[slot] != 0)
    {
      Entry *candidate = &g_array_index (self->entries, Entry, self->slots[slot] - 1);

      if (candidate->hash == hash && candidate->key_length == length &&
          memcmp (candidate->key, token, length) == 0)
        {
          entry = candidate;
          break;
        }
      slot = (slot + 1) & (self->n_slots - 1);
    }

  if (entry == NULL)
    {
      Entry fresh = { hash, (guint8) length };

      memcpy (fresh.key, token, length);
      g_array_append_val (self->entries, fresh);
      self->slots[slot] = self->entries->len;
      entry = &g_array_index (self->entries, Entry, self->entries->len - 1);
      if (self->entries->len * 2 > self->n_slots)
        {
          grow_slots (self);
          entry = &g_array_index (self->entries, Entry, self->entries->len - 1);
        }
    }

  if (entry->count > 0 && entry->last == rowid)
    return;
  g_assert (rowid > entry->last);

  if (entry->length + 10 > entry->capacity)
    {
      entry->capacity = MAX (entry->capacity * 2, 8);
      entry->buffer = g_realloc (entry->buffer, entry->capacity);
    }
  p = entry->buffer + entry->length;
  put_varint (&p, rowid - entry->last);
  entry->length = p - entry->buffer;
  entry->last = rowid;
  entry->count++;
}

static YidiPostingsBuilder *sort_builder;

static int
compare_entries (const void *a,
                 const void *b)
{
  const Entry *x = &g_array_index (sort_builder->entries, Entry, *(const guint32 *) a);
  const Entry *y = &g_array_index (sort_builder->entries, Entry, *(const guint32 *) b);
  int c = memcmp (x->key, y->key, MIN (x->key_length, y->key_length));

  if (c != 0)
    return c;
  return x->key_length < y->key_length ? -1 : x->key_length > y->key_length;
}

/* Writes the block being filled, if any: its key is its first token. */
static int
flush_block (sqlite3_stmt *stmt,
             GByteArray   *block,
             GByteArray   *first)
{
  int rc;

  if (block->len == 0)
    return SQLITE_OK;
  sqlite3_bind_blob (stmt, 1, first->data, first->len, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, block->data, block->len, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  g_byte_array_set_size (block, 0);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int
insert_chunk (sqlite3_stmt *stmt,
              const guint8 *token,
              gsize         token_length,
              gint64        first,
              guint         n,
              const guint8 *data,
              gsize         length)
{
  int rc;

  sqlite3_bind_blob (stmt, 1, token, token_length, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, first);
  sqlite3_bind_int (stmt, 3, n);
  if (length == 0)
    sqlite3_bind_zeroblob (stmt, 4, 0);
  else
    sqlite3_bind_blob (stmt, 4, data, length, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/**
 * yidi_postings_builder_write:
 * @db: a database with an empty gram table
 *
 * Writes every list, in key order (the fast way to fill a B-tree).
 */
gboolean
yidi_postings_builder_write (YidiPostingsBuilder  *self,
                             sqlite3              *db,
                             GCancellable         *cancellable,
                             GError              **error)
{
  static GMutex sort_lock;
  g_autofree guint32 *order = g_new (guint32, self->entries->len);
  g_autoptr(GByteArray) block = g_byte_array_sized_new (BLOCK + 4096);
  g_autoptr(GByteArray) block_first = g_byte_array_new ();
  guint8 chunk[CHUNK * 10];
  sqlite3_stmt *stmt = NULL;
  sqlite3_stmt *block_stmt = NULL;
  int rc;

  for (guint i = 0; i < self->entries->len; i++)
    order[i] = i;
  /* qsort has no user data; one sort at a time. */
  g_mutex_lock (&sort_lock);
  sort_builder = self;
  qsort (order, self->entries->len, sizeof *order, compare_entries);
  sort_builder = NULL;
  g_mutex_unlock (&sort_lock);

  rc = sqlite3_prepare_v2 (db, "INSERT INTO gram (token, first, n, data) VALUES (?1, ?2, ?3, ?4)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO gram_block (first, data) VALUES (?1, ?2)", -1, &block_stmt, NULL);
  for (guint i = 0; rc == SQLITE_OK && i < self->entries->len; i++)
    {
      Entry *entry = &g_array_index (self->entries, Entry, order[i]);
      const guint8 *token = (const guint8 *) entry->key;
      const guint8 *p = entry->buffer;
      const guint8 *end = entry->buffer + entry->length;
      gint64 rowid = 0;

      if (i % 65536 == 0 && g_cancellable_is_cancelled (cancellable))
        {
          rc = SQLITE_INTERRUPT;
          break;
        }

      if (entry->count <= CHUNK)
        {
          /* A short list goes into the block: token length, token, count,
           * the deltas as built. */
          guint8 head[20];
          guint8 *q = head;

          if (block->len == 0)
            {
              g_byte_array_set_size (block_first, 0);
              g_byte_array_append (block_first, token, entry->key_length);
            }
          put_varint (&q, entry->key_length);
          g_byte_array_append (block, head, q - head);
          g_byte_array_append (block, token, entry->key_length);
          q = head;
          put_varint (&q, entry->count);
          put_varint (&q, entry->length);
          g_byte_array_append (block, head, q - head);
          g_byte_array_append (block, entry->buffer, entry->length);
          g_clear_pointer (&entry->buffer, g_free);
          if (block->len >= BLOCK)
            rc = flush_block (block_stmt, block, block_first);
          continue;
        }

      rc = insert_chunk (stmt, token, entry->key_length, 0, entry->count, NULL, 0);

      while (rc == SQLITE_OK && p < end)
        {
          guint8 *q = chunk;
          gint64 first, previous;
          guint n = 1;

          rowid += get_varint (&p, end);
          first = previous = rowid;
          while (n < CHUNK && p < end)
            {
              rowid += get_varint (&p, end);
              put_varint (&q, rowid - previous);
              previous = rowid;
              n++;
            }
          rc = insert_chunk (stmt, token, entry->key_length, first, n, chunk, q - chunk);
        }
      g_clear_pointer (&entry->buffer, g_free);
    }
  if (rc == SQLITE_OK)
    rc = flush_block (block_stmt, block, block_first);
  if (rc != SQLITE_OK)
    {
      if ((rc & 0xff) == SQLITE_INTERRUPT && g_cancellable_set_error_if_cancelled (cancellable, error))
        ;
      else
        yidi_db_set_error (error, db, rc);
    }
  sqlite3_finalize (stmt);
  sqlite3_finalize (block_stmt);
  return rc == SQLITE_OK;
}

/* ---------------------------------------------------------------------- */
/* Reading */

struct _YidiPostingsReader
{
  sqlite3 *db;
  sqlite3_stmt *total;
  sqlite3_stmt *at_or_before;
  sqlite3_stmt *after;
  sqlite3_stmt *block;
};

YidiPostingsReader *
yidi_postings_reader_new (sqlite3 *db)
{
  YidiPostingsReader *self = g_new0 (YidiPostingsReader, 1);

  self->db = db;
  return self;
}

void
yidi_postings_reader_free (YidiPostingsReader *self)
{
  if (self == NULL)
    return;
  sqlite3_finalize (self->total);
  sqlite3_finalize (self->at_or_before);
  sqlite3_finalize (self->after);
  sqlite3_finalize (self->block);
  g_free (self);
}

static sqlite3_stmt *
reader_statement (YidiPostingsReader  *self,
                  sqlite3_stmt       **stmt,
                  const char          *sql,
                  GError             **error)
{
  int rc;

  if (*stmt != NULL)
    return *stmt;
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL);
  if (rc != SQLITE_OK)
    {
      yidi_db_set_error (error, self->db, rc);
      return NULL;
    }
  return *stmt;
}

/* Finds @token among the short lists packed in gram_block; on success
 * decodes its rowids into @rowids (CHUNK of them at most). */
static gboolean
find_in_block (YidiPostingsReader  *self,
               GBytes              *token,
               gint64              *rowids,
               guint               *out_n,
               GError             **error)
{
  sqlite3_stmt *stmt = reader_statement (self, &self->block,
                                         "SELECT data FROM gram_block WHERE first <= ?1 ORDER BY first DESC LIMIT 1",
                                         error);
  gsize length;
  const guint8 *key = g_bytes_get_data (token, &length);
  int rc;

  *out_n = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, key, length, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const guint8 *p = sqlite3_column_blob (stmt, 0);
      const guint8 *end = p + sqlite3_column_bytes (stmt, 0);

      while (p < end)
        {
          guint64 key_length = get_varint (&p, end);
          const guint8 *entry_key = p;
          guint64 count, bytes;
          int c;

          p += MIN (key_length, (guint64) (end - p));
          count = get_varint (&p, end);
          bytes = get_varint (&p, end);
          c = memcmp (entry_key, key, MIN (key_length, length));
          if (c == 0 && key_length == length)
            {
              const guint8 *q = p;
              const guint8 *q_end = p + MIN (bytes, (guint64) (end - p));
              gint64 rowid = 0;

              for (guint i = 0; i < count && i < CHUNK; i++)
                {
                  rowid += get_varint (&q, q_end);
                  rowids[i] = rowid;
                }
              *out_n = MIN (count, CHUNK);
              break;
            }
          /* Tokens are in order: past it, it is not there. */
          if (c > 0 || (c == 0 && key_length > length))
            break;
          p += MIN (bytes, (guint64) (end - p));
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      yidi_db_set_error (error, self->db, rc);
      return FALSE;
    }
  return TRUE;
}

/**
 * yidi_postings_reader_get_total:
 * @out_total: (out): how many rows have @token
 */
gboolean
yidi_postings_reader_get_total (YidiPostingsReader  *self,
                                GBytes              *token,
                                guint64             *out_total,
                                GError             **error)
{
  sqlite3_stmt *stmt = reader_statement (self, &self->total,
                                         "SELECT first, n FROM gram WHERE token = ?1 ORDER BY first LIMIT 1",
                                         error);
  gsize length;
  const void *data;
  int rc;

  if (stmt == NULL)
    return FALSE;
  data = g_bytes_get_data (token, &length);
  sqlite3_bind_blob (stmt, 1, data, length, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *out_total = rc == SQLITE_ROW ? (guint64) sqlite3_column_int64 (stmt, 1) : 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      yidi_db_set_error (error, self->db, rc);
      return FALSE;
    }
  if (rc == SQLITE_DONE)
    {
      gint64 rowids[CHUNK];
      guint n;

      if (!find_in_block (self, token, rowids, &n, error))
        return FALSE;
      *out_total = n;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Iterators */

typedef enum {
  ITER_TOKEN,
  ITER_AND,
  ITER_OR,
  ITER_NOT,
  ITER_ARRAY,
  ITER_RANGE,
} IterKind;

struct _YidiPostingsIter
{
  IterKind kind;
  gint64 current;           /* 0 before the start, YIDI_POSTINGS_END after */
  guint64 estimate;

  /* ITER_TOKEN */
  YidiPostingsReader *reader;
  GBytes *token;
  gint64 rowids[CHUNK];
  guint n;                  /* decoded rowids of the current chunk */
  guint pos;
  gint64 chunk_first;       /* 0: no chunk read yet */
  gboolean short_list;      /* all of it is in rowids[] */

  /* ITER_AND, ITER_OR; ITER_NOT uses children[0] NOT children[1] */
  GPtrArray *children;

  /* ITER_ARRAY */
  GArray *array;
  /* ITER_RANGE */
  gint64 last;
};

void
yidi_postings_iter_free (YidiPostingsIter *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->token, g_bytes_unref);
  g_clear_pointer (&self->children, g_ptr_array_unref);
  g_clear_pointer (&self->array, g_array_unref);
  g_free (self);
}

static YidiPostingsIter *
iter_new (IterKind kind)
{
  YidiPostingsIter *self = g_new0 (YidiPostingsIter, 1);

  self->kind = kind;
  return self;
}

/**
 * yidi_postings_iter_new_token:
 * @reader: where the lists are
 * @token: the token
 *
 * Returns: (transfer full): an iterator over @token's list, or %NULL with
 *   @error set.
 */
YidiPostingsIter *
yidi_postings_iter_new_token (YidiPostingsReader  *reader,
                              GBytes              *token,
                              GError             **error)
{
  g_autoptr(YidiPostingsIter) self = iter_new (ITER_TOKEN);
  sqlite3_stmt *stmt;
  gsize length;
  const void *data = g_bytes_get_data (token, &length);
  int rc;

  self->reader = reader;
  self->token = g_bytes_ref (token);

  /* A long list has chunks in gram (and its total in the header row); a
   * short one is read whole from its block now. */
  stmt = reader_statement (reader, &reader->total,
                           "SELECT first, n FROM gram WHERE token = ?1 ORDER BY first LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_blob (stmt, 1, data, length, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    self->estimate = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      yidi_db_set_error (error, reader->db, rc);
      return NULL;
    }
  if (rc == SQLITE_DONE)
    {
      if (!find_in_block (reader, token, self->rowids, &self->n, error))
        return NULL;
      self->short_list = TRUE;
      self->estimate = self->n;
    }
  if (self->estimate == 0)
    self->current = YIDI_POSTINGS_END;
  return g_steal_pointer (&self);
}

static int
compare_estimates (gconstpointer a,
                   gconstpointer b)
{
  const YidiPostingsIter *x = *(const YidiPostingsIter **) a;
  const YidiPostingsIter *y = *(const YidiPostingsIter **) b;

  return x->estimate < y->estimate ? -1 : x->estimate > y->estimate;
}

/**
 * yidi_postings_iter_new_and:
 * @children: (transfer full) (element-type YidiPostingsIter): at least one
 *
 * Returns: (transfer full): the rows in every child.
 */
YidiPostingsIter *
yidi_postings_iter_new_and (GPtrArray *children)
{
  YidiPostingsIter *self = iter_new (ITER_AND);

  g_assert (children->len > 0);
  g_ptr_array_set_free_func (children, (GDestroyNotify) yidi_postings_iter_free);
  /* The smallest list leads. */
  g_ptr_array_sort (children, compare_estimates);
  self->children = children;
  self->estimate = ((YidiPostingsIter *) g_ptr_array_index (children, 0))->estimate;
  if (self->estimate == 0)
    self->current = YIDI_POSTINGS_END;
  return self;
}

/**
 * yidi_postings_iter_new_or:
 * @children: (transfer full) (element-type YidiPostingsIter)
 *
 * Returns: (transfer full): the rows in any child.
 */
YidiPostingsIter *
yidi_postings_iter_new_or (GPtrArray *children)
{
  YidiPostingsIter *self = iter_new (ITER_OR);

  g_ptr_array_set_free_func (children, (GDestroyNotify) yidi_postings_iter_free);
  self->children = children;
  for (guint i = 0; i < children->len; i++)
    self->estimate += ((YidiPostingsIter *) g_ptr_array_index (children, i))->estimate;
  if (self->estimate == 0)
    self->current = YIDI_POSTINGS_END;
  return self;
}

/**
 * yidi_postings_iter_new_not:
 * @included: (transfer full): rows to take
 * @excluded: (transfer full): rows to leave out
 */
YidiPostingsIter *
yidi_postings_iter_new_not (YidiPostingsIter *included,
                            YidiPostingsIter *excluded)
{
  YidiPostingsIter *self = iter_new (ITER_NOT);

  self->children = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_postings_iter_free);
  g_ptr_array_add (self->children, included);
  g_ptr_array_add (self->children, excluded);
  self->estimate = included->estimate;
  if (self->estimate == 0)
    self->current = YIDI_POSTINGS_END;
  return self;
}

/**
 * yidi_postings_iter_new_array:
 * @rowids: (transfer full): ascending rowids (gint64)
 */
YidiPostingsIter *
yidi_postings_iter_new_array (GArray *rowids)
{
  YidiPostingsIter *self = iter_new (ITER_ARRAY);

  self->array = rowids;
  self->estimate = rowids->len;
  if (rowids->len == 0)
    self->current = YIDI_POSTINGS_END;
  return self;
}

/* Every rowid from @first to @last. */
YidiPostingsIter *
yidi_postings_iter_new_range (gint64 first,
                              gint64 last)
{
  YidiPostingsIter *self = iter_new (ITER_RANGE);

  self->current = first > last ? YIDI_POSTINGS_END : first - 1;
  self->last = last;
  self->estimate = first > last ? 0 : (guint64) (last - first + 1);
  return self;
}

guint64
yidi_postings_iter_get_estimate (YidiPostingsIter *self)
{
  return self->estimate;
}

/* Whether this is one token's list, whose estimate is exact. */
gboolean
yidi_postings_iter_is_token (YidiPostingsIter *self)
{
  return self->kind == ITER_TOKEN;
}

gint64
yidi_postings_iter_get_current (YidiPostingsIter *self)
{
  return self->current;
}

/* Reads the chunk that @stmt finds into @self; FALSE with *found unset if
 * there is none. */
static gboolean
read_chunk (YidiPostingsIter  *self,
            sqlite3_stmt      *stmt,
            gboolean          *found,
            GError           **error)
{
  int rc = sqlite3_step (stmt);

  *found = FALSE;
  if (rc == SQLITE_ROW)
    {
      const guint8 *p = sqlite3_column_blob (stmt, 2);
      const guint8 *end = p + sqlite3_column_bytes (stmt, 2);
      guint n = MIN ((guint) sqlite3_column_int (stmt, 1), CHUNK);
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      self->chunk_first = rowid;
      self->rowids[0] = rowid;
      for (guint i = 1; i < n; i++)
        {
          rowid += get_varint (&p, end);
          self->rowids[i] = rowid;
        }
      self->n = MAX (n, 1);
      self->pos = 0;
      *found = TRUE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      yidi_db_set_error (error, self->reader->db, rc);
      return FALSE;
    }
  return TRUE;
}

static gboolean
fetch_chunk (YidiPostingsIter  *self,
             gboolean           at_or_before,
             gint64             rowid,
             gboolean          *found,
             GError           **error)
{
  YidiPostingsReader *reader = self->reader;
  sqlite3_stmt *stmt;
  gsize length;
  const void *data = g_bytes_get_data (self->token, &length);

  if (at_or_before)
    stmt = reader_statement (reader, &reader->at_or_before,
                             "SELECT first, n, data FROM gram WHERE token = ?1 AND first > 0 AND first <= ?2"
                             " ORDER BY first DESC LIMIT 1", error);
  else
    stmt = reader_statement (reader, &reader->after,
                             "SELECT first, n, data FROM gram WHERE token = ?1 AND first > ?2"
                             " ORDER BY first LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, data, length, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, rowid);
  return read_chunk (self, stmt, found, error);
}

static gboolean
token_seek (YidiPostingsIter  *self,
            gint64             target,
            GError           **error)
{
  gboolean found;
  guint lo, hi;

  if (self->short_list && (self->n == 0 || target > self->rowids[self->n - 1]))
    {
      self->current = YIDI_POSTINGS_END;
      return TRUE;
    }
  if (self->n == 0 || target > self->rowids[self->n - 1])
    {
      /* The chunk holding target: the last one starting at or before it,
       * or the next one if that one ends before it. */
      if (!fetch_chunk (self, TRUE, target, &found, error))
        return FALSE;
      if (!found || self->rowids[self->n - 1] < target)
        {
          gint64 after = found ? self->chunk_first : 0;

          if (!fetch_chunk (self, FALSE, after, &found, error))
            return FALSE;
          if (!found)
            {
              self->current = YIDI_POSTINGS_END;
              return TRUE;
            }
        }
    }

  /* The first rowid >= target in the chunk. */
  lo = self->pos;
  hi = self->n;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (self->rowids[mid] < target)
        lo = mid + 1;
      else
        hi = mid;
    }
  g_assert (lo < self->n);
  self->pos = lo;
  self->current = self->rowids[lo];
  return TRUE;
}

static gboolean
and_seek (YidiPostingsIter  *self,
          gint64             target,
          GError           **error)
{
  gint64 x = target;
  guint agreed = 0;
  guint i = 0;

  /* Leapfrog: move each child to x; whoever lands beyond raises x. */
  while (agreed < self->children->len)
    {
      YidiPostingsIter *child = g_ptr_array_index (self->children, i);

      if (!yidi_postings_iter_seek (child, x, error))
        return FALSE;
      if (child->current == YIDI_POSTINGS_END)
        {
          self->current = YIDI_POSTINGS_END;
          return TRUE;
        }
      if (child->current > x)
        {
          x = child->current;
          agreed = 1;
        }
      else
        {
          agreed++;
        }
      i = (i + 1) % self->children->len;
    }
  self->current = x;
  return TRUE;
}

static gboolean
or_seek (YidiPostingsIter  *self,
         gint64             target,
         GError           **error)
{
  gint64 least = YIDI_POSTINGS_END;

  for (guint i = 0; i < self->children->len; i++)
    {
      YidiPostingsIter *child = g_ptr_array_index (self->children, i);

      if (!yidi_postings_iter_seek (child, target, error))
        return FALSE;
      least = MIN (least, child->current);
    }
  self->current = least;
  return TRUE;
}

static gboolean
not_seek (YidiPostingsIter  *self,
          gint64             target,
          GError           **error)
{
  YidiPostingsIter *included = g_ptr_array_index (self->children, 0);
  YidiPostingsIter *excluded = g_ptr_array_index (self->children, 1);

  for (;;)
    {
      if (!yidi_postings_iter_seek (included, target, error))
        return FALSE;
      if (included->current == YIDI_POSTINGS_END)
        break;
      if (!yidi_postings_iter_seek (excluded, included->current, error))
        return FALSE;
      if (excluded->current != included->current)
        break;
      target = included->current + 1;
    }
  self->current = included->current;
  return TRUE;
}

static void
array_seek (YidiPostingsIter *self,
            gint64            target)
{
  guint lo = 0, hi = self->array->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (self->array, gint64, mid) < target)
        lo = mid + 1;
      else
        hi = mid;
    }
  self->current = lo < self->array->len ? g_array_index (self->array, gint64, lo) : YIDI_POSTINGS_END;
}

/**
 * yidi_postings_iter_seek:
 * @target: a rowid
 *
 * Moves to the first row at or after @target (never backwards);
 * yidi_postings_iter_get_current() is then that row, or
 * %YIDI_POSTINGS_END if there is none.
 */
gboolean
yidi_postings_iter_seek (YidiPostingsIter  *self,
                         gint64             target,
                         GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->current >= target)
    return TRUE;

  switch (self->kind)
    {
    case ITER_TOKEN:
      return token_seek (self, target, error);
    case ITER_AND:
      return and_seek (self, target, error);
    case ITER_OR:
      return or_seek (self, target, error);
    case ITER_NOT:
      return not_seek (self, target, error);
    case ITER_ARRAY:
      array_seek (self, target);
      return TRUE;
    case ITER_RANGE:
      self->current = target <= self->last ? target : YIDI_POSTINGS_END;
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/* Moves to the next row. */
gboolean
yidi_postings_iter_next (YidiPostingsIter  *self,
                         GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->current == YIDI_POSTINGS_END)
    return TRUE;
  return yidi_postings_iter_seek (self, self->current + 1, error);
}

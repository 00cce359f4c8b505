/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-fts"

#include "config.h"

#include <string.h>

#include "yidi-fts.h"

/* Segment markers in an indexed document (see build_document). Control
 * characters never occur in indexed text: yidi_fts_fold() turns them into
 * spaces. */
#define SEG_GRAMS    '\x1f'   /* characters and pairs of characters */
#define SEG_TRIGRAMS '\x1e'   /* triples of characters (pinyin) */
#define SEG_PREFIX   '\x01'   /* name prefixes, in their own token space */
#define SEG_EXACT    '\x02'   /* whole names, in their own token space */

/* Prefix tokens are made up to this many characters (longer when the
 * prefix is plain ASCII, as pinyin is); a longer first term is checked
 * row by row. */
#define PREFIX_MAX        6
#define PREFIX_MAX_ASCII 12

/* Bounds on what one query may ask, so a pasted paragraph stays cheap. */
#define MAX_TERMS       8
#define MAX_TERM_CHARS 32

struct _YidiFtsQuery
{
  GPtrArray *terms;     /* folded terms */
};

/* ---------------------------------------------------------------------- */
/* Text */

static gboolean
is_ascii (const char *text,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      if ((guchar) text[i] >= 0x80)
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_ascii_alnum (const char *text)
{
  for (; *text != '\0'; text++)
    {
      if (!g_ascii_isalnum (*text))
        return FALSE;
    }
  return TRUE;
}

/**
 * yidi_fts_fold:
 * @text: UTF-8 text
 *
 * Returns: @text with ASCII letters in lower case and control characters
 *   turned into spaces: the form in which text is indexed and searched.
 */
char *
yidi_fts_fold (const char *text)
{
  char *folded;

  g_return_val_if_fail (text != NULL, NULL);

  folded = g_strdup (text);
  for (char *p = folded; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        *p = ' ';
      else
        *p = g_ascii_tolower (*p);
    }
  return folded;
}

/* The first @n characters of @text, or all of it if shorter: the length
 * in bytes. */
static gsize
chars_to_bytes (const char *text,
                gsize       length,
                guint       n)
{
  const char *p = text;
  const char *end = text + length;

  while (n > 0 && p < end)
    {
      p = g_utf8_next_char (p);
      n--;
    }
  return MIN ((gsize) (p - text), length);
}

/* ---------------------------------------------------------------------- */
/* Documents */

static void
append_segment (GString    *doc,
                char        marker,
                const char *text,
                gssize      length)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return;
  if (length < 0)
    length = strlen (text);
  if (length == 0)
    return;

  folded = g_strndup (text, length);
  for (char *p = folded; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        *p = ' ';
      else
        *p = g_ascii_tolower (*p);
    }
  g_string_append_c (doc, marker);
  g_string_append (doc, folded);
}

/* Appends one segment per "|"-separated piece of @list. */
static void
append_list (GString    *doc,
             char        marker,
             const char *list)
{
  const char *p = list;

  if (list == NULL)
    return;
  while (*p != '\0')
    {
      gsize n = strcspn (p, "|");

      append_segment (doc, marker, p, n);
      p += n;
      if (*p == '|')
        p++;
    }
}

/**
 * yidi_fts_build_document:
 * @fields: an institution's text
 *
 * Returns: the text to insert into the search table for it.
 */
char *
yidi_fts_build_document (const YidiFtsFields *fields)
{
  GString *doc = g_string_sized_new (256);

  g_return_val_if_fail (fields != NULL && fields->name != NULL, NULL);

  append_segment (doc, SEG_GRAMS, fields->name, -1);
  append_list (doc, SEG_GRAMS, fields->aliases);
  append_segment (doc, SEG_GRAMS, fields->address, -1);
  append_list (doc, SEG_GRAMS, fields->initials);
  append_list (doc, SEG_TRIGRAMS, fields->pinyin);

  append_segment (doc, SEG_PREFIX, fields->name, -1);
  append_list (doc, SEG_PREFIX, fields->aliases);
  append_list (doc, SEG_PREFIX, fields->pinyin);
  append_list (doc, SEG_PREFIX, fields->initials);

  append_segment (doc, SEG_EXACT, fields->name, -1);
  append_list (doc, SEG_EXACT, fields->aliases);
  append_list (doc, SEG_EXACT, fields->pinyin);
  append_list (doc, SEG_EXACT, fields->initials);

  return g_string_free (doc, FALSE);
}

/* ---------------------------------------------------------------------- */
/* The tokenizer */

typedef int (*TokenFunc) (void *ctx, int flags, const char *token, int n_token, int start, int end);

static int
emit_grams (void       *ctx,
            TokenFunc   token,
            const char *text,
            int         length,
            int         min_n,
            int         max_n)
{
  const char *end = text + length;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      const char *q = p;

      for (int n = 1; n <= max_n && q < end; n++)
        {
          int rc;

          q = g_utf8_next_char (q);
          if (q > end)
            break;
          if (n < min_n)
            continue;
          rc = token (ctx, 0, p, (int) (q - p), (int) (p - text), (int) (q - text));
          if (rc != SQLITE_OK)
            return rc;
        }
    }
  return SQLITE_OK;
}

static int
emit_prefixes (void       *ctx,
               TokenFunc   token,
               const char *text,
               int         length,
               GString    *scratch)
{
  const char *end = text + length;
  const char *q = text;

  for (int n = 1; n <= PREFIX_MAX_ASCII && q < end; n++)
    {
      int rc;

      q = g_utf8_next_char (q);
      if (q > end)
        break;
      if (n > PREFIX_MAX && !is_ascii (text, q - text))
        break;
      g_string_truncate (scratch, 0);
      g_string_append_c (scratch, SEG_PREFIX);
      g_string_append_len (scratch, text, q - text);
      rc = token (ctx, 0, scratch->str, (int) scratch->len, 0, (int) (q - text));
      if (rc != SQLITE_OK)
        return rc;
    }
  return SQLITE_OK;
}

static int
tokenizer_create (void        *context,
                  const char **args,
                  int          n_args,
                  Fts5Tokenizer **out)
{
  static int instance;

  *out = (Fts5Tokenizer *) &instance;
  return SQLITE_OK;
}

static void
tokenizer_delete (Fts5Tokenizer *tokenizer)
{
}

static int
tokenizer_tokenize (Fts5Tokenizer *tokenizer,
                    void          *ctx,
                    int            flags,
                    const char    *text,
                    int            length,
                    TokenFunc      token)
{
  g_autoptr(GString) scratch = NULL;
  const char *end = text + length;
  const char *p = text;

  /* A query is made of tokens already (see build_term): each quoted
   * string is one token, as it is. */
  if (!(flags & FTS5_TOKENIZE_DOCUMENT))
    return length > 0 ? token (ctx, 0, text, length, 0, length) : SQLITE_OK;

  scratch = g_string_new (NULL);
  while (p < end)
    {
      char marker = SEG_GRAMS;
      const char *segment_end;
      int rc = SQLITE_OK;
      int n;

      if (*p == SEG_GRAMS || *p == SEG_TRIGRAMS || *p == SEG_PREFIX || *p == SEG_EXACT)
        marker = *p++;
      segment_end = p;
      while (segment_end < end && *segment_end != SEG_GRAMS && *segment_end != SEG_TRIGRAMS &&
             *segment_end != SEG_PREFIX && *segment_end != SEG_EXACT)
        segment_end++;
      n = (int) (segment_end - p);

      if (n > 0 && g_utf8_validate_len (p, n, NULL))
        {
          switch (marker)
            {
            case SEG_GRAMS:
              rc = emit_grams (ctx, token, p, n, 1, 2);
              break;
            case SEG_TRIGRAMS:
              rc = emit_grams (ctx, token, p, n, 3, 3);
              break;
            case SEG_PREFIX:
              rc = emit_prefixes (ctx, token, p, n, scratch);
              break;
            case SEG_EXACT:
              g_string_truncate (scratch, 0);
              g_string_append_c (scratch, SEG_EXACT);
              g_string_append_len (scratch, p, n);
              rc = token (ctx, 0, scratch->str, (int) scratch->len, (int) (p - text), (int) (segment_end - text));
              break;
            default:
              g_assert_not_reached ();
            }
        }
      if (rc != SQLITE_OK)
        return rc;
      p = segment_end;
    }
  return SQLITE_OK;
}

/* ---------------------------------------------------------------------- */
/* Matching, the definition */

/* Whether the folded form of @text[0..length) starts with (or with @whole
 * equals) @term; terms are folded already. */
static gboolean
folded_has_prefix (const char *text,
                   gsize       length,
                   const char *term,
                   gboolean    whole)
{
  gsize n = strlen (term);

  if (n > length || (whole && n != length))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      char c = text[i];

      if ((guchar) c < 0x20 || c == 0x7f)
        c = ' ';
      if (g_ascii_tolower (c) != term[i])
        return FALSE;
    }
  return TRUE;
}

/* Whether one "|"-separated piece of @list (or @list as a whole if not
 * @split) starts with or equals @term. */
static gboolean
any_has_prefix (const char *list,
                const char *term,
                gboolean    split,
                gboolean    whole)
{
  if (list == NULL)
    return FALSE;
  if (!split)
    return folded_has_prefix (list, strlen (list), term, whole);
  for (const char *p = list;;)
    {
      gsize length = strcspn (p, "|");

      if (folded_has_prefix (p, length, term, whole))
        return TRUE;
      if (p[length] == '\0')
        return FALSE;
      p += length + 1;
    }
}

/* Whether @term (folded) occurs in @text[0..length) once folded. */
static gboolean
contains_in (const char *text,
             gsize       length,
             const char *term,
             gsize       n)
{
  if (n > length)
    return FALSE;
  for (gsize i = 0; i + n <= length; i++)
    {
      gsize j = 0;

      while (j < n && g_ascii_tolower (text[i + j]) == term[j])
        j++;
      if (j == n)
        return TRUE;
    }
  return FALSE;
}

/* Whether @term occurs in @text, or with @split in one of its
 * "|"-separated pieces (never across a "|" between two pieces). */
static gboolean
folded_contains (const char *text,
                 const char *term,
                 gboolean    split)
{
  gsize n = strlen (term);

  if (text == NULL)
    return FALSE;
  if (!split)
    return contains_in (text, strlen (text), term, n);

  for (const char *p = text;;)
    {
      gsize length = strcspn (p, "|");

      if (contains_in (p, length, term, n))
        return TRUE;
      if (p[length] == '\0')
        return FALSE;
      p += length + 1;
    }
}

static gboolean
term_matches (const char          *term,
              const YidiFtsFields *fields)
{
  if (folded_contains (fields->name, term, FALSE) ||
      folded_contains (fields->aliases, term, TRUE) ||
      folded_contains (fields->address, term, FALSE) ||
      folded_contains (fields->initials, term, TRUE))
    return TRUE;

  return g_utf8_strlen (term, -1) >= 3 && folded_contains (fields->pinyin, term, TRUE);
}

/**
 * yidi_fts_query_matches:
 *
 * Returns: whether every term of @self matches @fields (the definition the
 *   index implements).
 */
gboolean
yidi_fts_query_matches (YidiFtsQuery        *self,
                        const YidiFtsFields *fields)
{
  g_return_val_if_fail (self != NULL && fields != NULL, FALSE);

  for (guint i = 0; i < self->terms->len; i++)
    {
      if (!term_matches (g_ptr_array_index (self->terms, i), fields))
        return FALSE;
    }
  return TRUE;
}

YidiFtsTier
yidi_fts_query_get_tier (YidiFtsQuery        *self,
                         const YidiFtsFields *fields)
{
  const char *term;

  g_return_val_if_fail (self != NULL && fields != NULL, YIDI_FTS_TIER_OTHER);

  term = g_ptr_array_index (self->terms, 0);
  for (int whole = TRUE; whole >= FALSE; whole--)
    {
      if (any_has_prefix (fields->name, term, FALSE, whole) ||
          any_has_prefix (fields->aliases, term, TRUE, whole) ||
          any_has_prefix (fields->pinyin, term, TRUE, whole) ||
          any_has_prefix (fields->initials, term, TRUE, whole))
        return whole ? YIDI_FTS_TIER_EXACT : YIDI_FTS_TIER_PREFIX;
    }
  return YIDI_FTS_TIER_OTHER;
}

/* ---------------------------------------------------------------------- */
/* SQL functions */

static void
fields_from_values (YidiFtsFields  *fields,
                    sqlite3_value **values,
                    gboolean        with_address)
{
  fields->name = (const char *) sqlite3_value_text (values[0]);
  fields->aliases = (const char *) sqlite3_value_text (values[1]);
  if (with_address)
    {
      fields->address = (const char *) sqlite3_value_text (values[2]);
      values++;
    }
  fields->pinyin = (const char *) sqlite3_value_text (values[2]);
  fields->initials = (const char *) sqlite3_value_text (values[3]);
}

static void
sql_match (sqlite3_context  *context,
           int               n_values,
           sqlite3_value   **values)
{
  YidiFtsQuery *query = sqlite3_value_pointer (values[0], YIDI_FTS_QUERY_POINTER_TYPE);
  YidiFtsFields fields = { NULL };

  if (query == NULL)
    {
      sqlite3_result_error (context, "yidi_match: no query bound", -1);
      return;
    }
  fields_from_values (&fields, values + 1, TRUE);
  if (fields.name == NULL)
    sqlite3_result_int (context, 0);
  else
    sqlite3_result_int (context, yidi_fts_query_matches (query, &fields));
}

static void
sql_tier (sqlite3_context  *context,
          int               n_values,
          sqlite3_value   **values)
{
  YidiFtsQuery *query = sqlite3_value_pointer (values[0], YIDI_FTS_QUERY_POINTER_TYPE);
  YidiFtsFields fields = { NULL };

  if (query == NULL)
    {
      sqlite3_result_error (context, "yidi_tier: no query bound", -1);
      return;
    }
  fields_from_values (&fields, values + 1, FALSE);
  if (fields.name == NULL)
    sqlite3_result_int (context, YIDI_FTS_TIER_OTHER);
  else
    sqlite3_result_int (context, yidi_fts_query_get_tier (query, &fields));
}

static fts5_api *
get_fts5_api (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return api;
}

/**
 * yidi_fts_register:
 * @db: a connection
 *
 * Registers the "yidi" FTS5 tokenizer and the SQL functions yidi_match()
 * and yidi_tier() on @db.
 *
 * Returns: %FALSE if this SQLite has no FTS5.
 */
gboolean
yidi_fts_register (sqlite3 *db)
{
  static fts5_tokenizer tokenizer = {
    tokenizer_create,
    tokenizer_delete,
    tokenizer_tokenize,
  };
  fts5_api *api;
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY;

  g_return_val_if_fail (db != NULL, FALSE);

  api = get_fts5_api (db);
  if (api == NULL || api->iVersion < 2)
    return FALSE;
  if (api->xCreateTokenizer (api, "yidi", NULL, &tokenizer, NULL) != SQLITE_OK)
    return FALSE;

  return sqlite3_create_function (db, "yidi_match", 6, flags, NULL, sql_match, NULL, NULL) == SQLITE_OK &&
         sqlite3_create_function (db, "yidi_tier", 5, flags, NULL, sql_tier, NULL, NULL) == SQLITE_OK;
}

static int
auto_register (sqlite3                        *db,
               char                          **error_message,
               const struct sqlite3_api_routines *api)
{
  if (!yidi_fts_register (db))
    {
      *error_message = sqlite3_mprintf ("FTS5 is not available");
      return SQLITE_ERROR;
    }
  return SQLITE_OK;
}

/* Registers the tokenizer and functions on every connection opened from
 * now on in this process (the schema of the directory needs them before
 * its migrations run). */
void
yidi_fts_register_auto (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      sqlite3_auto_extension ((void (*) (void)) auto_register);
      g_once_init_leave (&once, 1);
    }
}

/* ---------------------------------------------------------------------- */
/* Queries */

/**
 * yidi_fts_query_new:
 * @text: what the person typed
 *
 * Returns: (nullable): the query, or %NULL if @text has no term.
 */
YidiFtsQuery *
yidi_fts_query_new (const char *text)
{
  g_autoptr(YidiFtsQuery) self = NULL;
  g_autofree char *folded = NULL;
  const char *p;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  self = g_new0 (YidiFtsQuery, 1);
  self->terms = g_ptr_array_new_with_free_func (g_free);
  folded = yidi_fts_fold (text);

  p = folded;
  while (*p != '\0' && self->terms->len < MAX_TERMS)
    {
      const char *start;
      g_autofree char *term = NULL;
      gboolean seen = FALSE;

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (p == start)
        break;

      term = g_strndup (start, chars_to_bytes (start, p - start, MAX_TERM_CHARS));
      for (guint i = 0; i < self->terms->len; i++)
        seen = seen || g_str_equal (g_ptr_array_index (self->terms, i), term);
      if (!seen)
        g_ptr_array_add (self->terms, g_steal_pointer (&term));
    }

  if (self->terms->len == 0)
    return NULL;
  return g_steal_pointer (&self);
}

void
yidi_fts_query_free (YidiFtsQuery *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->terms);
  g_free (self);
}

guint
yidi_fts_query_get_n_terms (YidiFtsQuery *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->terms->len;
}

const char *
yidi_fts_query_get_term (YidiFtsQuery *self,
                         guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->terms->len, NULL);
  return g_ptr_array_index (self->terms, index);
}

/* Appends @token as an FTS5 string: in double quotes, quotes doubled. */
static void
append_quoted (GString    *match,
               char        space,
               const char *token,
               gsize       length)
{
  g_string_append_c (match, '"');
  if (space != '\0')
    g_string_append_c (match, space);
  for (gsize i = 0; i < length; i++)
    {
      if (token[i] == '"')
        g_string_append_c (match, '"');
      g_string_append_c (match, token[i]);
    }
  g_string_append_c (match, '"');
}

/* The n-grams of @term joined with AND, in brackets. */
static void
append_grams (GString    *match,
              const char *term,
              int         n)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *end = term + strlen (term);
  gboolean first = TRUE;

  g_string_append_c (match, '(');
  for (const char *p = term; p < end; p = g_utf8_next_char (p))
    {
      gsize length = chars_to_bytes (p, end - p, n);
      char *gram;

      if (g_utf8_strlen (p, length) < n)
        break;
      gram = g_strndup (p, length);
      if (!g_hash_table_add (seen, gram))
        continue;
      if (!first)
        g_string_append (match, " AND ");
      append_quoted (match, '\0', p, length);
      first = FALSE;
    }
  g_string_append_c (match, ')');
}

static void
append_term (GString    *match,
             const char *term)
{
  glong n = g_utf8_strlen (term, -1);

  if (n <= 2)
    {
      append_quoted (match, '\0', term, strlen (term));
      return;
    }

  /* Longer terms: every pair of characters occurs (text, initials), or
   * every triple (pinyin); yidi_match() then checks the candidates. */
  g_string_append_c (match, '(');
  append_grams (match, term, 2);
  if (is_ascii_alnum (term))
    {
      g_string_append (match, " OR ");
      append_grams (match, term, 3);
    }
  g_string_append_c (match, ')');
}

static gboolean
prefix_token_is_whole (const char *term)
{
  glong n = g_utf8_strlen (term, -1);

  return n <= PREFIX_MAX || (n <= PREFIX_MAX_ASCII && is_ascii (term, strlen (term)));
}

static void
append_prefix_token (GString    *match,
                     const char *term)
{
  gsize length = strlen (term);

  if (!prefix_token_is_whole (term))
    length = chars_to_bytes (term, length, is_ascii (term, length) ? PREFIX_MAX_ASCII : PREFIX_MAX);
  append_quoted (match, SEG_PREFIX, term, length);
}

/**
 * yidi_fts_build_exact_match:
 * @name: an institution's name
 *
 * Returns: a MATCH expression for the rows whose name is @name (ignoring
 *   ASCII case): a candidate set, to be checked against the name.
 */
char *
yidi_fts_build_exact_match (const char *name)
{
  g_autofree char *folded = NULL;
  GString *match = g_string_new (NULL);

  g_return_val_if_fail (name != NULL, NULL);

  folded = yidi_fts_fold (name);
  append_quoted (match, SEG_EXACT, folded, strlen (folded));
  return g_string_free (match, FALSE);
}

/**
 * yidi_fts_query_build_match:
 * @self: a query
 * @tier: a #YidiFtsTier, or -1 for every matching row
 *
 * Returns: the FTS5 MATCH expression whose rows, once checked with
 *   yidi_match() and yidi_tier() where yidi_fts_query_needs_check() says
 *   so, are the rows of @tier.
 */
char *
yidi_fts_query_build_match (YidiFtsQuery *self,
                            int           tier)
{
  GString *match = g_string_new (NULL);
  const char *first;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (tier >= -1 && tier < YIDI_FTS_N_TIERS, NULL);

  first = g_ptr_array_index (self->terms, 0);
  if (tier == YIDI_FTS_TIER_EXACT)
    {
      append_quoted (match, SEG_EXACT, first, strlen (first));
      g_string_append (match, " AND ");
    }
  else if (tier == YIDI_FTS_TIER_PREFIX)
    {
      append_prefix_token (match, first);
      g_string_append (match, " AND ");
    }

  g_string_append_c (match, '(');
  for (guint i = 0; i < self->terms->len; i++)
    {
      if (i > 0)
        g_string_append (match, " AND ");
      append_term (match, g_ptr_array_index (self->terms, i));
    }
  g_string_append_c (match, ')');

  if (tier == YIDI_FTS_TIER_PREFIX)
    {
      g_string_append (match, " NOT ");
      append_quoted (match, SEG_EXACT, first, strlen (first));
    }
  else if (tier == YIDI_FTS_TIER_OTHER && prefix_token_is_whole (first))
    {
      g_string_append (match, " NOT ");
      append_prefix_token (match, first);
    }

  return g_string_free (match, FALSE);
}

/**
 * yidi_fts_query_needs_check:
 *
 * Returns: whether the rows of yidi_fts_query_build_match() for @tier are
 *   only candidates, to be checked with yidi_match() (and yidi_tier() for
 *   the prefix and other tiers).
 */
gboolean
yidi_fts_query_needs_check (YidiFtsQuery *self,
                            int           tier)
{
  g_return_val_if_fail (self != NULL, TRUE);

  if (tier != YIDI_FTS_TIER_EXACT && tier != -1 &&
      !prefix_token_is_whole (g_ptr_array_index (self->terms, 0)))
    return TRUE;
  for (guint i = 0; i < self->terms->len; i++)
    {
      if (g_utf8_strlen (g_ptr_array_index (self->terms, i), -1) > 2)
        return TRUE;
    }
  return FALSE;
}

static guint64
estimate_grams (const char          *term,
                int                  n,
                YidiFtsDocCountFunc  doc_count,
                gpointer             user_data)
{
  const char *end = term + strlen (term);
  guint64 best = G_MAXUINT64;

  for (const char *p = term; p < end; p = g_utf8_next_char (p))
    {
      gsize length = chars_to_bytes (p, end - p, n);
      g_autofree char *gram = NULL;

      if (g_utf8_strlen (p, length) < n)
        break;
      gram = g_strndup (p, length);
      best = MIN (best, doc_count (gram, user_data));
    }
  return best == G_MAXUINT64 ? 0 : best;
}

/**
 * yidi_fts_query_estimate:
 * @doc_count: returns how many rows hold a token
 *
 * Returns: an upper bound of the rows the query matches.
 */
guint64
yidi_fts_query_estimate (YidiFtsQuery        *self,
                         YidiFtsDocCountFunc  doc_count,
                         gpointer             user_data)
{
  guint64 best = G_MAXUINT64;

  g_return_val_if_fail (self != NULL && doc_count != NULL, 0);

  for (guint i = 0; i < self->terms->len; i++)
    {
      const char *term = g_ptr_array_index (self->terms, i);
      guint64 estimate;

      if (g_utf8_strlen (term, -1) <= 2)
        {
          estimate = doc_count (term, user_data);
        }
      else
        {
          estimate = estimate_grams (term, 2, doc_count, user_data);
          if (is_ascii_alnum (term))
            estimate += estimate_grams (term, 3, doc_count, user_data);
        }
      best = MIN (best, estimate);
    }
  return best;
}

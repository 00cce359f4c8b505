/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-search"

#include "config.h"

#include <string.h>

#include "yidi-pinyin.h"
#include "yidi-search.h"

/* The namespace byte of prefix tokens. Control characters never occur in
 * indexed text (yidi_search_fold makes them spaces). */
#define PREFIX_SPACE '\x01'

/* Longest prefix token, in characters; ASCII prefixes (pinyin, initials)
 * get one more. Longer prefixes are checked row by row. */
#define PREFIX_CHARS 3
#define PREFIX_ASCII_CHARS 4

/* ASCII tokens (pinyin from each syllable start, pinyin initials, runs of
 * ASCII letters and digits in the text) are made of 3 to ASCII_MAX
 * characters; initials and text also of 2 and 1; pinyin also of
 * PINYIN_MAX. */
#define ASCII_MIN 3
#define ASCII_MAX 5
#define PINYIN_MAX 6

/* Ways of reading a long pinyin term worth narrowing a search with. */
#define MAX_READINGS 16

/* Bounds on one query, so that a pasted paragraph stays cheap. */
#define MAX_TERMS       8
#define MAX_TERM_CHARS 32

/* Longest token: the namespace byte and six characters of four bytes. */
#define MAX_TOKEN 32

typedef struct {
  char *text;               /* folded */
  glong n_chars;
  gboolean alnum;           /* ASCII letters and digits only */
  YidiSearchExpr expr;
} Term;

struct _YidiSearchQuery
{
  GPtrArray *terms;         /* Term* */
  YidiSearchExpr prefix;
};

/* ---------------------------------------------------------------------- */
/* Text */

static inline gboolean
is_alnum_byte (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static gboolean
is_ascii_alnum (const char *text,
                gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (!is_alnum_byte (text[i]))
        return FALSE;
    }
  return length > 0;
}

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

static inline char
fold_byte (char c)
{
  if ((guchar) c < 0x20 || c == 0x7f)
    return ' ';
  return g_ascii_tolower (c);
}

/**
 * yidi_search_fold:
 * @text: UTF-8 text
 *
 * Returns: @text with ASCII letters in lower case and control characters
 *   turned into spaces: the form in which text is indexed and searched.
 */
char *
yidi_search_fold (const char *text)
{
  char *folded;

  g_return_val_if_fail (text != NULL, NULL);

  folded = g_strdup (text);
  for (char *p = folded; *p != '\0'; p++)
    *p = fold_byte (*p);
  return folded;
}

/* The byte length of the first @n characters of @text (all of it if
 * shorter). */
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

typedef struct {
  YidiSearchTokenFunc emit;
  gpointer user_data;
  char token[MAX_TOKEN + 1];
} Emitter;

static void
emit_spaced (Emitter    *e,
             char        space,
             const char *text,
             gsize       length)
{
  g_assert (length < MAX_TOKEN);
  e->token[0] = space;
  memcpy (e->token + 1, text, length);
  e->emit (e->token, length + 1, e->user_data);
}

/* Characters and pairs of characters of folded text, and 3 to 5
 * characters of its runs of ASCII letters and digits. */
static void
emit_text (Emitter    *e,
           const char *text,
           gsize       length)
{
  const char *end = text + length;

  for (const char *p = text; p < end;)
    {
      const char *q1 = g_utf8_next_char (p);
      const char *q2 = q1 < end ? g_utf8_next_char (q1) : NULL;

      e->emit (p, q1 - p, e->user_data);
      if (q2 != NULL)
        e->emit (p, q2 - p, e->user_data);
      for (gsize n = ASCII_MIN; n <= ASCII_MAX && p + n <= end && is_alnum_byte (p[n - 1]); n++)
        {
          if (n == ASCII_MIN && !(is_alnum_byte (p[0]) && is_alnum_byte (p[1])))
            break;
          e->emit (p, n, e->user_data);
        }
      p = q1;
    }
}

/* Prefixes of a string for the prefix tier. */
static void
emit_prefixes (Emitter    *e,
               const char *text,
               gsize       length)
{
  const char *end = text + length;
  const char *q = text;

  for (guint k = 1; k <= PREFIX_ASCII_CHARS && q < end; k++)
    {
      q = g_utf8_next_char (q);
      if (k <= PREFIX_CHARS || is_ascii (text, q - text))
        emit_spaced (e, PREFIX_SPACE, text, q - text);
    }
}

/* Calls @func on each "|"-separated piece of @list. */
static void
for_each_piece (const char *list,
                void      (*func) (Emitter *, const char *, gsize),
                Emitter    *e)
{
  if (list == NULL)
    return;
  for (const char *p = list;;)
    {
      gsize length = strcspn (p, "|");

      if (length > 0)
        func (e, p, length);
      if (p[length] == '\0')
        return;
      p += length + 1;
    }
}

static void
emit_folded (Emitter    *e,
             const char *text,
             gsize       length,
             gboolean    prefixes)
{
  char stack[512];
  char *folded = length < sizeof stack ? stack : g_malloc (length + 1);

  for (gsize i = 0; i < length; i++)
    folded[i] = fold_byte (text[i]);
  folded[length] = '\0';
  emit_text (e, folded, length);
  if (prefixes)
    emit_prefixes (e, folded, length);
  if (folded != stack)
    g_free (folded);
}

static void
emit_alias (Emitter    *e,
            const char *text,
            gsize       length)
{
  emit_folded (e, text, length, TRUE);
}

static void
emit_initials (Emitter    *e,
               const char *text,
               gsize       length)
{
  for (gsize i = 0; i + 2 <= length; i++)
    {
      for (gsize n = 2; n <= ASCII_MAX && i + n <= length; n++)
        e->emit (text + i, n, e->user_data);
    }
  emit_prefixes (e, text, length);
}

static void
emit_pinyin (Emitter    *e,
             const char *text,
             gsize       length)
{
  char letters_stack[256];
  gsize starts_stack[256];
  char *letters = length <= G_N_ELEMENTS (letters_stack) ? letters_stack : g_malloc (length);
  gsize *starts = length <= G_N_ELEMENTS (starts_stack) ? starts_stack : g_new (gsize, length);
  gsize n = 0, n_starts = 0;
  gboolean at_start = TRUE;

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '\'')
        {
          at_start = TRUE;
          continue;
        }
      if (at_start)
        starts[n_starts++] = n;
      letters[n++] = text[i];
      at_start = FALSE;
    }

  for (gsize s = 0; s < n_starts; s++)
    {
      gsize from = starts[s];

      for (gsize k = ASCII_MIN; k <= PINYIN_MAX && from + k <= n; k++)
        e->emit (letters + from, k, e->user_data);
    }
  if (n > 0)
    emit_prefixes (e, letters, n);

  if (letters != letters_stack)
    g_free (letters);
  if (starts != starts_stack)
    g_free (starts);
}

/**
 * yidi_search_emit_tokens:
 * @fields: an institution's text
 * @emit: (scope call): called for every token, possibly more than once for one
 *
 * Emits the tokens under which the institution is indexed (see the
 * top of yidi-search.h). Filter tokens are not among them.
 */
void
yidi_search_emit_tokens (const YidiSearchFields *fields,
                         YidiSearchTokenFunc     emit,
                         gpointer                user_data)
{
  Emitter e = { emit, user_data };

  g_return_if_fail (fields != NULL && fields->name != NULL && emit != NULL);

  emit_folded (&e, fields->name, strlen (fields->name), TRUE);
  for_each_piece (fields->aliases, emit_alias, &e);
  if (fields->address != NULL)
    emit_folded (&e, fields->address, strlen (fields->address), FALSE);
  for_each_piece (fields->initials, emit_initials, &e);
  for_each_piece (fields->pinyin, emit_pinyin, &e);
}

/**
 * yidi_search_filter_token:
 * @kind: a letter naming the filter (the directory chooses them)
 * @value: the filter's value
 *
 * Returns: the token of rows whose @kind is @value.
 */
GBytes *
yidi_search_filter_token (char   kind,
                          gint64 value)
{
  char token[YIDI_SEARCH_FILTER_TOKEN_MAX];
  gsize length = yidi_search_format_filter_token (token, kind, value);

  return g_bytes_new (token, length);
}

/**
 * yidi_search_format_filter_token:
 * @buffer: (out caller-allocates): at least YIDI_SEARCH_FILTER_TOKEN_MAX bytes
 *
 * Writes the token of yidi_search_filter_token() into @buffer, without
 * allocating: for the importer, which makes millions.
 *
 * Returns: its length.
 */
gsize
yidi_search_format_filter_token (char   *buffer,
                                 char    kind,
                                 gint64  value)
{
  char digits[24];
  gsize n = 0, length = 0;
  guint64 v = value < 0 ? -(guint64) value : (guint64) value;

  buffer[length++] = YIDI_SEARCH_FILTER_SPACE;
  buffer[length++] = kind;
  if (value < 0)
    buffer[length++] = '-';
  do
    {
      digits[n++] = '0' + v % 10;
      v /= 10;
    }
  while (v > 0);
  while (n > 0)
    buffer[length++] = digits[--n];
  return length;
}

/* ---------------------------------------------------------------------- */
/* The definition */

/* Whether the folded @text[0..length) contains @term. */
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

      while (j < n && fold_byte (text[i + j]) == term[j])
        j++;
      if (j == n)
        return TRUE;
    }
  return FALSE;
}

/* Whether the folded @text[0..length) starts with, or with @whole equals,
 * @term. Pinyin separators are skipped with @skip_quotes. */
static gboolean
starts_with (const char *text,
             gsize       length,
             const char *term,
             gboolean    whole,
             gboolean    skip_quotes)
{
  gsize i = 0, j = 0;

  while (term[j] != '\0')
    {
      if (i < length && skip_quotes && text[i] == '\'')
        {
          i++;
          continue;
        }
      if (i >= length || fold_byte (text[i]) != term[j])
        return FALSE;
      i++;
      j++;
    }
  return !whole || i == length;
}

typedef gboolean (*PieceFunc) (const char *piece, gsize length, const char *term, gsize n);

static gboolean
any_piece (const char *list,
           PieceFunc   func,
           const char *term)
{
  gsize n = strlen (term);

  if (list == NULL)
    return FALSE;
  for (const char *p = list;;)
    {
      gsize length = strcspn (p, "|");

      if (func (p, length, term, n))
        return TRUE;
      if (p[length] == '\0')
        return FALSE;
      p += length + 1;
    }
}

static gboolean
piece_contains (const char *piece,
                gsize       length,
                const char *term,
                gsize       n)
{
  return contains_in (piece, length, term, n);
}

static gboolean
piece_starts (const char *piece,
              gsize       length,
              const char *term,
              gsize       n)
{
  return starts_with (piece, length, term, FALSE, FALSE);
}

/* The same, for pinyin: syllable separators do not count. */
static gboolean
pinyin_starts (const char *piece,
               gsize       length,
               const char *term,
               gsize       n)
{
  return starts_with (piece, length, term, FALSE, TRUE);
}

/* Whether @term occurs in the pinyin @piece starting at a syllable. */
static gboolean
piece_has_syllables (const char *piece,
                     gsize       length,
                     const char *term,
                     gsize       n)
{
  for (gsize i = 0; i < length; i++)
    {
      if ((i == 0 || piece[i - 1] == '\'') && piece[i] != '\'' &&
          starts_with (piece + i, length - i, term, FALSE, TRUE))
        return TRUE;
    }
  return FALSE;
}

static gboolean
term_matches (const Term             *term,
              const YidiSearchFields *fields)
{
  const char *t = term->text;
  gsize n = strlen (t);

  if (contains_in (fields->name, strlen (fields->name), t, n) ||
      any_piece (fields->aliases, piece_contains, t) ||
      (fields->address != NULL && contains_in (fields->address, strlen (fields->address), t, n)))
    return TRUE;
  if (term->n_chars == 1 && any_piece (fields->initials, piece_starts, t))
    return TRUE;
  if (term->n_chars >= 2 && any_piece (fields->initials, piece_contains, t))
    return TRUE;
  return term->n_chars >= 3 && any_piece (fields->pinyin, piece_has_syllables, t);
}

/**
 * yidi_search_query_matches:
 *
 * Returns: whether every term of @self matches @fields.
 */
gboolean
yidi_search_query_matches (YidiSearchQuery        *self,
                           const YidiSearchFields *fields)
{
  g_return_val_if_fail (self != NULL && fields != NULL && fields->name != NULL, FALSE);

  for (guint i = 0; i < self->terms->len; i++)
    {
      if (!term_matches (g_ptr_array_index (self->terms, i), fields))
        return FALSE;
    }
  return TRUE;
}

YidiSearchTier
yidi_search_query_get_tier (YidiSearchQuery        *self,
                            const YidiSearchFields *fields)
{
  const char *t;

  g_return_val_if_fail (self != NULL && fields != NULL && fields->name != NULL, YIDI_SEARCH_TIER_OTHER);

  t = ((Term *) g_ptr_array_index (self->terms, 0))->text;
  if (starts_with (fields->name, strlen (fields->name), t, TRUE, FALSE))
    return YIDI_SEARCH_TIER_EXACT;
  if (starts_with (fields->name, strlen (fields->name), t, FALSE, FALSE) ||
      any_piece (fields->aliases, piece_starts, t) ||
      any_piece (fields->pinyin, pinyin_starts, t) ||
      any_piece (fields->initials, piece_starts, t))
    return YIDI_SEARCH_TIER_PREFIX;
  return YIDI_SEARCH_TIER_OTHER;
}

/* ---------------------------------------------------------------------- */
/* Queries */

static void
expr_init (YidiSearchExpr *expr)
{
  expr->alternatives = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  expr->check = FALSE;
}

/* Adds an alternative: the AND of the tokens added to it. */
static GPtrArray *
expr_add_alternative (YidiSearchExpr *expr)
{
  GPtrArray *tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_ptr_array_add (expr->alternatives, tokens);
  return tokens;
}

static void
add_token (GPtrArray  *tokens,
           char        space,
           const char *text,
           gsize       length)
{
  GByteArray *bytes = g_byte_array_sized_new (length + 1);

  for (guint i = 0; i < tokens->len; i++)
    {
      GBytes *other = g_ptr_array_index (tokens, i);
      gsize other_length;
      const char *data = g_bytes_get_data (other, &other_length);

      if (other_length == length + (space ? 1 : 0) && memcmp (data + (space ? 1 : 0), text, length) == 0)
        {
          g_byte_array_unref (bytes);
          return;
        }
    }
  if (space != '\0')
    g_byte_array_append (bytes, (const guint8 *) &space, 1);
  g_byte_array_append (bytes, (const guint8 *) text, length);
  g_ptr_array_add (tokens, g_byte_array_free_to_bytes (bytes));
}

/* Every @n-character window of @text into @tokens. */
static void
add_windows (GPtrArray  *tokens,
             const char *text,
             guint       n)
{
  const char *end = text + strlen (text);

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gsize length = chars_to_bytes (p, end - p, n);

      if ((guint) g_utf8_strlen (p, length) < n)
        break;
      add_token (tokens, '\0', p, length);
    }
}

static void
term_build (Term *term)
{
  const char *t = term->text;
  gsize length = strlen (t);
  YidiSearchExpr *expr = &term->expr;

  expr_init (expr);
  if (term->n_chars == 1)
    {
      /* The character anywhere in the text; a letter or digit may also be
       * the first of the initials (the prefix token says so). */
      add_token (expr_add_alternative (expr), '\0', t, length);
      if (term->alnum)
        add_token (expr_add_alternative (expr), PREFIX_SPACE, t, length);
    }
  else if (term->n_chars == 2 || (term->alnum && term->n_chars <= ASCII_MAX))
    {
      /* A token of its own: exact. */
      add_token (expr_add_alternative (expr), '\0', t, length);
    }
  else if (term->alnum && term->n_chars == PINYIN_MAX)
    {
      /* In text or initials, every five letters of it are tokens; in
       * pinyin, it is one. */
      add_windows (expr_add_alternative (expr), t, ASCII_MAX);
      add_token (expr_add_alternative (expr), '\0', t, length);
      expr->check = TRUE;
    }
  else if (term->alnum)
    {
      g_autoptr(GPtrArray) readings = yidi_pinyin_split (t, MAX_READINGS);

      /* In text or initials: every five letters of it are tokens. */
      add_windows (expr_add_alternative (expr), t, ASCII_MAX);

      /* In pinyin, from a syllable start: whichever way it is read
       * (xi'an or xian), its first six letters, six letters (or what is
       * left, if three or more) from each later syllable, and the
       * initials of its syllables are tokens. */
      if (readings == NULL)
        add_token (expr_add_alternative (expr), '\0', t, PINYIN_MAX);
      for (guint i = 0; readings != NULL && i < readings->len; i++)
        {
          GArray *starts = g_ptr_array_index (readings, i);
          GPtrArray *tokens = expr_add_alternative (expr);
          char initials[ASCII_MAX];
          guint n_initials = 0;

          add_token (tokens, '\0', t, PINYIN_MAX);
          for (guint j = 0; j < starts->len; j++)
            {
              gsize from = g_array_index (starts, guint8, j);

              if (n_initials < ASCII_MAX)
                initials[n_initials++] = t[from];
              if (j > 0 && length - from >= ASCII_MIN)
                add_token (tokens, '\0', t + from, MIN (length - from, PINYIN_MAX));
            }
          if (n_initials >= 2)
            add_token (tokens, '\0', initials, n_initials);
        }
      expr->check = TRUE;
    }
  else
    {
      /* Every pair of its characters occurs wherever it matches. */
      add_windows (expr_add_alternative (expr), t, 2);
      expr->check = TRUE;
    }
}

static void
prefix_build (YidiSearchExpr *expr,
              const Term     *term)
{
  const char *t = term->text;
  gsize length = strlen (t);
  gsize used = length;

  expr_init (expr);
  if (term->n_chars > PREFIX_CHARS)
    used = chars_to_bytes (t, length, is_ascii (t, length) ? PREFIX_ASCII_CHARS : PREFIX_CHARS);
  add_token (expr_add_alternative (expr), PREFIX_SPACE, t, used);
  expr->check = used < length;
}

static void
term_free (gpointer data)
{
  Term *term = data;

  g_free (term->text);
  g_ptr_array_unref (term->expr.alternatives);
  g_free (term);
}

/**
 * yidi_search_query_new:
 * @text: (nullable): what the person typed
 *
 * Returns: (nullable): the query, or %NULL if @text has no term.
 */
YidiSearchQuery *
yidi_search_query_new (const char *text)
{
  g_autoptr(YidiSearchQuery) self = NULL;
  g_autofree char *folded = NULL;
  const char *p;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  self = g_new0 (YidiSearchQuery, 1);
  self->terms = g_ptr_array_new_with_free_func (term_free);
  folded = yidi_search_fold (text);

  p = folded;
  while (*p != '\0' && self->terms->len < MAX_TERMS)
    {
      const char *start;
      Term *term;
      gboolean seen = FALSE;
      gsize length;

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (p == start)
        break;

      length = chars_to_bytes (start, p - start, MAX_TERM_CHARS);
      for (guint i = 0; i < self->terms->len; i++)
        {
          Term *other = g_ptr_array_index (self->terms, i);

          seen = seen || (strlen (other->text) == length && memcmp (other->text, start, length) == 0);
        }
      if (seen)
        continue;

      term = g_new0 (Term, 1);
      term->text = g_strndup (start, length);
      term->n_chars = g_utf8_strlen (term->text, -1);
      term->alnum = is_ascii_alnum (term->text, length);
      term_build (term);
      g_ptr_array_add (self->terms, term);
    }

  if (self->terms->len == 0)
    return NULL;
  prefix_build (&self->prefix, g_ptr_array_index (self->terms, 0));
  return g_steal_pointer (&self);
}

void
yidi_search_query_free (YidiSearchQuery *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->terms);
  if (self->prefix.alternatives != NULL)
    g_ptr_array_unref (self->prefix.alternatives);
  g_free (self);
}

guint
yidi_search_query_get_n_terms (YidiSearchQuery *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->terms->len;
}

const char *
yidi_search_query_get_term (YidiSearchQuery *self,
                            guint            index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->terms->len, NULL);
  return ((Term *) g_ptr_array_index (self->terms, index))->text;
}

/**
 * yidi_search_query_get_term_expr:
 *
 * Returns: (transfer none): the posting lists that find the rows term
 *   @index matches (or candidates to check, if its check flag is set).
 */
const YidiSearchExpr *
yidi_search_query_get_term_expr (YidiSearchQuery *self,
                                 guint            index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->terms->len, NULL);
  return &((Term *) g_ptr_array_index (self->terms, index))->expr;
}

/**
 * yidi_search_query_get_prefix_expr:
 *
 * Returns: (transfer none): the posting list of rows whose name, an
 *   alias, or their pinyin or initials start with the first term (or
 *   candidates to check).
 */
const YidiSearchExpr *
yidi_search_query_get_prefix_expr (YidiSearchQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->prefix;
}

/* Whether some term only finds candidates. */
gboolean
yidi_search_query_needs_check (YidiSearchQuery *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  for (guint i = 0; i < self->terms->len; i++)
    {
      if (((Term *) g_ptr_array_index (self->terms, i))->expr.check)
        return TRUE;
    }
  return FALSE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a search matches, and the tokens of the index that find it.
 *
 * The definition (yidi_search_query_matches, yidi_search_query_get_tier):
 * a query is split at white space into terms, folded (ASCII lower case),
 * that must all match. A term matches an institution when it is
 *  - a substring of its name, of one of its aliases or of its address;
 *  - or, two letters or more, a substring of the pinyin initials of its
 *    name or an alias ("xh", "bjxh"); one letter, their first letter;
 *  - or, three letters or more, a substring of the full pinyin of its
 *    name or an alias that starts at a syllable ("xiehe", "heyiyuan",
 *    not "iehe").
 * Results come in three tiers: the name equals the first term; the name,
 * an alias, or their pinyin or initials start with it; the rest.
 *
 * The index (yidi_search_emit_tokens): posting lists of tokens, each an
 * exact byte string — a character or pair of characters of the text; 3 to
 * 5 letters or digits of its ASCII runs, of the pinyin initials (also 2)
 * and of the pinyin from a syllable start; a name prefix; a filter value —
 * so that a term of up to two characters, or of up to five ASCII letters
 * and digits, is exactly one list, a longer term a few lists whose rows
 * are checked, and every filter one list more to intersect. User text
 * only ever becomes tokens compared byte for byte: nothing in it is
 * syntax. */

typedef struct _YidiSearchQuery YidiSearchQuery;

typedef enum {
  YIDI_SEARCH_TIER_EXACT,
  YIDI_SEARCH_TIER_PREFIX,
  YIDI_SEARCH_TIER_OTHER,
} YidiSearchTier;

#define YIDI_SEARCH_N_TIERS 3

/* The namespace byte of filter tokens (see yidi_search_filter_token). */
#define YIDI_SEARCH_FILTER_SPACE '\x05'

/* An institution's searchable text: aliases, pinyin and initials are
 * "|"-separated pieces (the name's first), pinyin syllables are separated
 * by "'" (see yidi_pinyin_convert). */
typedef struct {
  const char *name;
  const char *aliases;
  const char *address;
  const char *pinyin;
  const char *initials;
} YidiSearchFields;

typedef void (*YidiSearchTokenFunc) (const char *token,
                                     gsize       length,
                                     gpointer    user_data);

/* A set of posting lists to combine: rows in all of the tokens of any
 * one alternative. */
typedef struct {
  GPtrArray *alternatives;  /* of GPtrArray of GBytes: OR of ANDs */
  gboolean check;           /* only candidates: check each row */
} YidiSearchExpr;

char             *yidi_search_fold             (const char             *text) G_GNUC_WARN_UNUSED_RESULT;
void              yidi_search_emit_tokens      (const YidiSearchFields *fields,
                                                YidiSearchTokenFunc     emit,
                                                gpointer                user_data);
GBytes           *yidi_search_filter_token     (char                    kind,
                                                gint64                  value) G_GNUC_WARN_UNUSED_RESULT;
gsize             yidi_search_format_filter_token (char                *buffer,
                                                char                    kind,
                                                gint64                  value);

#define YIDI_SEARCH_FILTER_TOKEN_MAX 24

YidiSearchQuery  *yidi_search_query_new        (const char             *text);
void              yidi_search_query_free       (YidiSearchQuery        *self);
guint             yidi_search_query_get_n_terms (YidiSearchQuery       *self);
const char       *yidi_search_query_get_term   (YidiSearchQuery        *self,
                                                guint                   index);
const YidiSearchExpr *yidi_search_query_get_term_expr (YidiSearchQuery *self,
                                                guint                   index);
const YidiSearchExpr *yidi_search_query_get_prefix_expr (YidiSearchQuery *self);
gboolean          yidi_search_query_needs_check (YidiSearchQuery       *self);
gboolean          yidi_search_query_matches    (YidiSearchQuery        *self,
                                                const YidiSearchFields *fields);
YidiSearchTier    yidi_search_query_get_tier   (YidiSearchQuery        *self,
                                                const YidiSearchFields *fields);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiSearchQuery, yidi_search_query_free)

G_END_DECLS

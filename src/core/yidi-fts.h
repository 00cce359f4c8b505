/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The search index of the directory and the queries against it.
 *
 * What a search term matches (the definition; the index only makes it
 * fast): a term of one or two characters matches an institution when it is
 * a substring of its name, one of its aliases, its address, or the pinyin
 * initials of its name or an alias; a longer term also when it is a
 * substring of the full pinyin of its name or an alias. Matching ignores
 * ASCII case. A query is split at white space into terms that must all
 * match. Results come in three tiers: the name or an alias (or its full
 * pinyin or initials) equals the first term, then starts with it, then
 * the rest.
 *
 * The index is one contentless FTS5 table with the "yidi" tokenizer, which
 * indexes every character and pair of characters of the text (and
 * trigrams of pinyin), plus name prefixes and whole names in their own
 * token spaces. User text reaches FTS5 only as quoted tokens, so FTS5
 * syntax ("", *, (, NEAR, -, :, ^) in a query is searched for literally. */

typedef struct _YidiFtsQuery YidiFtsQuery;

typedef enum {
  YIDI_FTS_TIER_EXACT,
  YIDI_FTS_TIER_PREFIX,
  YIDI_FTS_TIER_OTHER,
} YidiFtsTier;

#define YIDI_FTS_N_TIERS 3

/* The text the index holds for one institution. */
typedef struct {
  const char *name;
  const char *aliases;     /* "|"-separated, may be NULL */
  const char *address;     /* may be NULL */
  const char *pinyin;      /* of the name, then of each alias, "|"-separated */
  const char *initials;    /* likewise */
} YidiFtsFields;

gboolean       yidi_fts_register               (sqlite3            *db);
void           yidi_fts_register_auto          (void);

char          *yidi_fts_fold                   (const char         *text) G_GNUC_WARN_UNUSED_RESULT;
char          *yidi_fts_build_document         (const YidiFtsFields *fields) G_GNUC_WARN_UNUSED_RESULT;

char          *yidi_fts_build_exact_match      (const char         *name) G_GNUC_WARN_UNUSED_RESULT;

YidiFtsQuery  *yidi_fts_query_new              (const char         *text);
void           yidi_fts_query_free             (YidiFtsQuery       *self);
guint          yidi_fts_query_get_n_terms      (YidiFtsQuery       *self);
const char    *yidi_fts_query_get_term         (YidiFtsQuery       *self,
                                                guint               index);
char          *yidi_fts_query_build_match      (YidiFtsQuery       *self,
                                                int                 tier) G_GNUC_WARN_UNUSED_RESULT;
gboolean       yidi_fts_query_needs_check      (YidiFtsQuery       *self,
                                                int                 tier);
typedef guint64 (*YidiFtsDocCountFunc) (const char *token,
                                        gpointer    user_data);
guint64        yidi_fts_query_estimate         (YidiFtsQuery       *self,
                                                YidiFtsDocCountFunc doc_count,
                                                gpointer            user_data);
gboolean       yidi_fts_query_matches          (YidiFtsQuery       *self,
                                                const YidiFtsFields *fields);
YidiFtsTier    yidi_fts_query_get_tier         (YidiFtsQuery       *self,
                                                const YidiFtsFields *fields);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiFtsQuery, yidi_fts_query_free)

/* The pointer type under which a YidiFtsQuery is bound for the SQL
 * functions yidi_match(Q, name, aliases, address, pinyin, initials) and
 * yidi_tier(Q, name, aliases, pinyin, initials). */
#define YIDI_FTS_QUERY_POINTER_TYPE "yidi-fts-query"

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "yidi-pinyin.h"
#include "yidi-postings.h"
#include "yidi-search.h"

/* The search tokens against their definition: for every query, the rows
 * the posting lists find (and the checks keep) are exactly the rows the
 * definition (yidi_search_query_matches, yidi_search_query_get_tier)
 * accepts. */

typedef struct {
  const char *name;
  const char *aliases;
  const char *address;
} Row;

static const Row rows[] = {
  { "北京协和医院", "协和医院", "北京市东城区帅府园1号" },
  { "武汉协和医院", NULL, "湖北省武汉市江汉区解放大道1277号" },
  { "协和", NULL, NULL },
  { "协和社区卫生服务中心", NULL, "上海市协和路8号" },
  { "和平医院", "和平|第二和平医院", "石家庄市和平西路" },
  { "解放军301医院", "中国人民解放军总医院", "北京市海淀区复兴路28号" },
  { "测试\"*(NEAR-:^医院", NULL, "AND OR NOT 路" },
  { "CT影像中心", NULL, "ct路" },
  { "重庆医科大学附属第一医院", NULL, "重庆市渝中区友谊路1号" },
  { "Xiehe Clinic", NULL, NULL },
  { "西安交通大学第一附属医院", NULL, "西安市雁塔西路277号" },
};

/* What people type, and FTS-like syntax that must be text. */
static const char *const queries[] = {
  "协", "和", "协和", "协和医", "协和医院", "北京协和医院", "医院", "院",
  "xh", "x", "c", "xiehe", "xieh", "XIEHE", "iehe", "bjxhyy", "bjxh", "xhyy", "jfj", "jiefangjun",
  "jiefangjun301", "chongqing", "cq", "cqykdx", "xian", "xi", "xia", "xianj", "301", "30", "127",
  "帅府园", "1号", "ct", "CT影", "ctyx", "和平", "二和", "zhongguo",
  "协和 北京", "北京 协和", "医院 xh", "协 和",
  "\"", "*", "(", ")", "NEAR", "near", "NEAR(", "-", ":", "^", "\"*(NEAR-:^", "AND", "OR", "NOT",
  "{", "}", "+", "'", "\\", "a\"b", "\"\"", "医\"院", "\x01", "x\x02y", "\x05p110000",
  "不存在的医院", "zzzz", "中国人民解放军总医院",
};

typedef struct {
  sqlite3 *db;
  YidiPostingsReader *reader;
  GPtrArray *pinyin;
  GPtrArray *initials;
} Fixture;

static void
fields_for (Fixture          *f,
            guint             i,
            YidiSearchFields *fields)
{
  fields->name = rows[i].name;
  fields->aliases = rows[i].aliases;
  fields->address = rows[i].address;
  fields->pinyin = g_ptr_array_index (f->pinyin, i);
  fields->initials = g_ptr_array_index (f->initials, i);
}

typedef struct {
  YidiPostingsBuilder *builder;
  gint64 rowid;
} Collect;

static void
collect (const char *token,
         gsize       length,
         gpointer    user_data)
{
  Collect *c = user_data;

  yidi_postings_builder_add (c->builder, token, length, c->rowid);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(YidiPostingsBuilder) builder = yidi_postings_builder_new ();
  g_autoptr(GError) error = NULL;
  Collect c = { builder };

  g_assert_cmpint (sqlite3_open (":memory:", &f->db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (f->db, yidi_postings_schema_sql, NULL, NULL, NULL), ==, SQLITE_OK);

  f->pinyin = g_ptr_array_new_with_free_func (g_free);
  f->initials = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_auto(GStrv) aliases = rows[i].aliases ? g_strsplit (rows[i].aliases, "|", -1) : g_new0 (char *, 1);
      g_autoptr(GString) pinyin = g_string_new (NULL);
      g_autoptr(GString) initials = g_string_new (NULL);
      YidiSearchFields fields;

      for (guint a = 0; a <= g_strv_length (aliases); a++)
        {
          g_autofree char *full = NULL;
          g_autofree char *brief = NULL;

          yidi_pinyin_convert (a == 0 ? rows[i].name : aliases[a - 1], '\'', &full, &brief);
          g_string_append_printf (pinyin, "%s%s", a > 0 ? "|" : "", full);
          g_string_append_printf (initials, "%s%s", a > 0 ? "|" : "", brief);
        }
      g_ptr_array_add (f->pinyin, g_string_free (g_steal_pointer (&pinyin), FALSE));
      g_ptr_array_add (f->initials, g_string_free (g_steal_pointer (&initials), FALSE));

      fields_for (f, i, &fields);
      c.rowid = i + 1;
      yidi_search_emit_tokens (&fields, collect, &c);
    }
  g_assert_true (yidi_postings_builder_write (builder, f->db, NULL, &error));
  g_assert_no_error (error);
  f->reader = yidi_postings_reader_new (f->db);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  yidi_postings_reader_free (f->reader);
  sqlite3_close (f->db);
  g_ptr_array_unref (f->pinyin);
  g_ptr_array_unref (f->initials);
}

static YidiPostingsIter *
expr_iter (Fixture              *f,
           const YidiSearchExpr *expr)
{
  GPtrArray *alternatives = g_ptr_array_new ();

  for (guint a = 0; a < expr->alternatives->len; a++)
    {
      GPtrArray *tokens = g_ptr_array_index (expr->alternatives, a);
      GPtrArray *all = g_ptr_array_new ();

      for (guint t = 0; t < tokens->len; t++)
        {
          g_autoptr(GError) error = NULL;
          YidiPostingsIter *iter = yidi_postings_iter_new_token (f->reader, g_ptr_array_index (tokens, t), &error);

          g_assert_no_error (error);
          g_ptr_array_add (all, iter);
        }
      g_ptr_array_add (alternatives, yidi_postings_iter_new_and (all));
    }
  return yidi_postings_iter_new_or (alternatives);
}

static guint64
exact_rows (Fixture         *f,
            YidiSearchQuery *query)
{
  guint64 found = 0;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *folded = yidi_search_fold (rows[i].name);

      if (g_str_equal (folded, yidi_search_query_get_term (query, 0)))
        found |= G_GUINT64_CONSTANT (1) << i;
    }
  return found;
}

/* The rows of @tier (or all, -1) by the posting lists: a bit per row. */
static guint64
index_rows (Fixture         *f,
            YidiSearchQuery *query,
            int              tier)
{
  const YidiSearchExpr *prefix = yidi_search_query_get_prefix_expr (query);
  GPtrArray *terms = g_ptr_array_new ();
  YidiPostingsIter *iter;
  gboolean check_tier = FALSE;
  guint64 found = 0;

  for (guint i = 0; i < yidi_search_query_get_n_terms (query); i++)
    g_ptr_array_add (terms, expr_iter (f, yidi_search_query_get_term_expr (query, i)));
  iter = yidi_postings_iter_new_and (terms);

  if (tier == YIDI_SEARCH_TIER_PREFIX)
    {
      GPtrArray *both = g_ptr_array_new ();

      g_ptr_array_add (both, iter);
      g_ptr_array_add (both, expr_iter (f, prefix));
      iter = yidi_postings_iter_new_and (both);
      check_tier = prefix->check;
    }
  else if (tier == YIDI_SEARCH_TIER_OTHER && !prefix->check)
    iter = yidi_postings_iter_new_not (iter, expr_iter (f, prefix));
  else if (tier == YIDI_SEARCH_TIER_OTHER)
    check_tier = TRUE;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      YidiSearchFields fields;
      gint64 rowid;

      g_assert_true (yidi_postings_iter_next (iter, &error));
      g_assert_no_error (error);
      rowid = yidi_postings_iter_get_current (iter);
      if (rowid == YIDI_POSTINGS_END)
        break;
      fields_for (f, rowid - 1, &fields);
      if (yidi_search_query_needs_check (query) && !yidi_search_query_matches (query, &fields))
        continue;
      if (check_tier && (int) yidi_search_query_get_tier (query, &fields) != tier)
        continue;
      found |= G_GUINT64_CONSTANT (1) << (rowid - 1);
    }
  yidi_postings_iter_free (iter);

  /* The exact tier comes from the name index, and leaves the prefix tier. */
  if (tier == YIDI_SEARCH_TIER_EXACT)
    found &= exact_rows (f, query);
  else if (tier == YIDI_SEARCH_TIER_PREFIX)
    found &= ~exact_rows (f, query);
  return found;
}

static guint64
defined_rows (Fixture         *f,
              YidiSearchQuery *query,
              int              tier)
{
  guint64 found = 0;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      YidiSearchFields fields;

      fields_for (f, i, &fields);
      if (yidi_search_query_matches (query, &fields) &&
          (tier < 0 || (int) yidi_search_query_get_tier (query, &fields) == tier))
        found |= G_GUINT64_CONSTANT (1) << i;
    }
  return found;
}

static void
test_index_matches_definition (Fixture       *f,
                               gconstpointer  data)
{
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(YidiSearchQuery) query = yidi_search_query_new (queries[q]);
      guint64 tiers = 0;

      if (query == NULL)
        continue;
      for (int tier = -1; tier < YIDI_SEARCH_N_TIERS; tier++)
        {
          guint64 by_index = index_rows (f, query, tier);
          guint64 by_definition = defined_rows (f, query, tier);

          if (by_index != by_definition)
            g_error ("query “%s”, tier %d: index finds %" G_GINT64_MODIFIER "x, definition %" G_GINT64_MODIFIER "x",
                     queries[q], tier, by_index, by_definition);
          if (tier >= 0)
            {
              g_assert_cmpuint (tiers & by_index, ==, 0);
              tiers |= by_index;
            }
        }
      g_assert_cmpuint (tiers, ==, defined_rows (f, query, -1));
    }
}

static void
test_what_matches (Fixture       *f,
                   gconstpointer  data)
{
  static const struct {
    const char *query;
    int tier;
    guint64 rows;
  } cases[] = {
    /* One and two characters, anywhere in a name, alias or address. */
    { "协", -1, 0x1 | 0x2 | 0x4 | 0x8 },
    { "和", YIDI_SEARCH_TIER_PREFIX, 0x10 },
    /* 协和 itself; 北京协和医院 (alias 协和医院) starts with it. */
    { "协和", YIDI_SEARCH_TIER_EXACT, 0x4 },
    { "协和", YIDI_SEARCH_TIER_PREFIX, 0x1 | 0x8 },
    { "帅府园", -1, 0x1 },
    /* Pinyin from a syllable start, of names and aliases. */
    { "xiehe", -1, 0x1 | 0x2 | 0x4 | 0x8 | 0x200 },
    { "iehe", -1, 0x200 },
    { "jiefangjun", -1, 0x20 },
    { "chongqing", -1, 0x100 },
    /* 西安 is xi'an and 影像 ying'xiang: "xian" starts at a syllable in
     * both, "ian" in neither. */
    { "xian", -1, 0x400 | 0x80 },
    { "ian", -1, 0 },
    /* Initials anywhere; one letter: the first. */
    { "xh", -1, 0x1 | 0x2 | 0x4 | 0x8 },
    { "xh", YIDI_SEARCH_TIER_PREFIX, 0x1 | 0x4 | 0x8 },
    { "jfj", -1, 0x20 },
    { "w", -1, 0x2 },
    /* FTS-like syntax is text. */
    { "\"*(NEAR-:^", -1, 0x40 },
    { "near", -1, 0x40 },
    { "not", -1, 0x40 },
    { "(", -1, 0x40 },
    /* All words must match. */
    { "协和 北京", -1, 0x1 },
    /* Case does not matter for ASCII. */
    { "CT", YIDI_SEARCH_TIER_PREFIX, 0x80 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(YidiSearchQuery) query = yidi_search_query_new (cases[i].query);

      g_assert_nonnull (query);
      if (index_rows (f, query, cases[i].tier) != cases[i].rows)
        g_error ("“%s” tier %d: %" G_GINT64_MODIFIER "x, expected %" G_GINT64_MODIFIER "x",
                 cases[i].query, cases[i].tier, index_rows (f, query, cases[i].tier), cases[i].rows);
    }
}

static void
test_terms (void)
{
  g_autoptr(YidiSearchQuery) query = NULL;
  g_autofree char *long_text = NULL;

  /* White space of any kind separates terms; ASCII is folded; repeated
   * terms count once. */
  query = yidi_search_query_new ("  XieHe\t北京　协和  xiehe ");
  g_assert_cmpuint (yidi_search_query_get_n_terms (query), ==, 3);
  g_assert_cmpstr (yidi_search_query_get_term (query, 0), ==, "xiehe");
  g_assert_cmpstr (yidi_search_query_get_term (query, 1), ==, "北京");
  g_assert_cmpstr (yidi_search_query_get_term (query, 2), ==, "协和");
  g_clear_pointer (&query, yidi_search_query_free);

  g_assert_null (yidi_search_query_new (NULL));
  g_assert_null (yidi_search_query_new (""));
  g_assert_null (yidi_search_query_new (" \t　"));
  g_assert_null (yidi_search_query_new ("\xff\xfe"));

  /* A pasted paragraph is cut to a bounded query. */
  long_text = g_strnfill (500, 'a');
  query = yidi_search_query_new (long_text);
  g_assert_cmpuint (g_utf8_strlen (yidi_search_query_get_term (query, 0), -1), ==, 32);
  g_clear_pointer (&query, yidi_search_query_free);
  query = yidi_search_query_new ("a b c d e f g h i j k l");
  g_assert_cmpuint (yidi_search_query_get_n_terms (query), ==, 8);
}

static void
test_tokens_are_bytes (void)
{
  g_autoptr(YidiSearchQuery) query = yidi_search_query_new ("a\"b");
  const YidiSearchExpr *expr = yidi_search_query_get_term_expr (query, 0);
  GPtrArray *tokens;
  gsize length;
  const char *data;

  /* Text becomes tokens as it is: a quote is a byte, not syntax. */
  g_assert_cmpuint (expr->alternatives->len, ==, 1);
  tokens = g_ptr_array_index (expr->alternatives, 0);
  g_assert_cmpuint (tokens->len, ==, 2);
  data = g_bytes_get_data (g_ptr_array_index (tokens, 0), &length);
  g_assert_cmpmem (data, length, "a\"", 2);
  data = g_bytes_get_data (g_ptr_array_index (tokens, 1), &length);
  g_assert_cmpmem (data, length, "\"b", 2);
  g_assert_true (expr->check);

  /* Filter tokens live apart from text. */
  {
    g_autoptr(GBytes) filter = yidi_search_filter_token ('p', 440000);

    data = g_bytes_get_data (filter, &length);
    g_assert_cmpmem (data, length, "\x05p440000", 8);
  }
}

static void
test_fold (void)
{
  g_autofree char *folded = yidi_search_fold ("CT室\tＡ");

  /* ASCII only: full-width letters stay as they are. */
  g_assert_cmpstr (folded, ==, "ct室 Ａ");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/search/index-matches-definition", Fixture, NULL, fixture_set_up,
              test_index_matches_definition, fixture_tear_down);
  g_test_add ("/search/what-matches", Fixture, NULL, fixture_set_up, test_what_matches, fixture_tear_down);
  g_test_add_func ("/search/terms", test_terms);
  g_test_add_func ("/search/tokens-are-bytes", test_tokens_are_bytes);
  g_test_add_func ("/search/fold", test_fold);

  return g_test_run ();
}

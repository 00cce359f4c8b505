/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "yidi-fts.h"
#include "yidi-pinyin.h"

/* The search index against its definition: for every query, the rows the
 * index finds (and the checks keep) are exactly the rows the definition
 * (yidi_fts_query_matches, yidi_fts_query_get_tier) accepts. */

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
};

/* Queries, with what a person might type, including FTS5 syntax that
 * must be searched for literally. */
static const char *const queries[] = {
  "协", "和", "协和", "协和医", "协和医院", "北京协和医院", "医院", "院",
  "xh", "x", "xiehe", "xieh", "XIEHE", "bjxhyy", "xhyy", "jfj", "jiefangjun", "chongqing", "cq",
  "帅府园", "1号", "301", "ct", "CT影", "和平", "二和",
  "协和 北京", "北京 协和", "医院 xh", "协 和",
  "\"", "*", "(", ")", "NEAR", "near", "NEAR(", "-", ":", "^", "\"*(NEAR-:^", "AND", "OR", "NOT",
  "{", "}", "+", "'", "\\", "a\"b", "\"\"", "医\"院", "\x01", "x\x02y",
  "不存在的医院", "zzzz", "中国人民解放军总医院",
};

typedef struct {
  sqlite3 *db;
  GPtrArray *pinyin;
  GPtrArray *initials;
  GPtrArray *aliases;
} Fixture;

static void
fields_for (Fixture       *f,
            guint          i,
            YidiFtsFields *fields)
{
  fields->name = rows[i].name;
  fields->aliases = rows[i].aliases;
  fields->address = rows[i].address;
  fields->pinyin = g_ptr_array_index (f->pinyin, i);
  fields->initials = g_ptr_array_index (f->initials, i);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open (":memory:", &f->db), ==, SQLITE_OK);
  g_assert_true (yidi_fts_register (f->db));
  g_assert_cmpint (sqlite3_exec (f->db,
                                 "CREATE TABLE t (id INTEGER PRIMARY KEY, name, aliases, address, pinyin, initials);"
                                 "CREATE VIRTUAL TABLE search USING fts5 (doc, content='', detail='none',"
                                 " columnsize=0, tokenize='yidi');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  f->pinyin = g_ptr_array_new_with_free_func (g_free);
  f->initials = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_auto(GStrv) aliases = rows[i].aliases ? g_strsplit (rows[i].aliases, "|", -1) : g_new0 (char *, 1);
      g_autoptr(GString) pinyin = g_string_new (NULL);
      g_autoptr(GString) initials = g_string_new (NULL);
      g_autofree char *doc = NULL;
      YidiFtsFields fields;

      for (guint a = 0; a <= g_strv_length (aliases); a++)
        {
          g_autofree char *full = NULL;
          g_autofree char *brief = NULL;

          yidi_pinyin_convert (a == 0 ? rows[i].name : aliases[a - 1], &full, &brief);
          g_string_append_printf (pinyin, "%s%s", a > 0 ? "|" : "", full);
          g_string_append_printf (initials, "%s%s", a > 0 ? "|" : "", brief);
        }
      g_ptr_array_add (f->pinyin, g_string_free (g_steal_pointer (&pinyin), FALSE));
      g_ptr_array_add (f->initials, g_string_free (g_steal_pointer (&initials), FALSE));

      fields_for (f, i, &fields);
      doc = yidi_fts_build_document (&fields);
      g_assert_cmpint (sqlite3_prepare_v2 (f->db, "INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_int (stmt, 1, i + 1);
      sqlite3_bind_text (stmt, 2, fields.name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, fields.aliases, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, fields.address, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, fields.pinyin, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, fields.initials, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);

      g_assert_cmpint (sqlite3_prepare_v2 (f->db, "INSERT INTO search (rowid, doc) VALUES (?1, ?2)", -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_int (stmt, 1, i + 1);
      sqlite3_bind_text (stmt, 2, doc, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sqlite3_close (f->db);
  g_ptr_array_unref (f->pinyin);
  g_ptr_array_unref (f->initials);
}

/* The rows of @tier (or all, -1) by the index: a bit per row. */
static guint64
index_rows (Fixture      *f,
            YidiFtsQuery *query,
            int           tier)
{
  g_autofree char *match = yidi_fts_query_build_match (query, tier);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  guint64 found = 0;
  int rc;

  if (yidi_fts_query_needs_check (query, tier))
    sql = g_strdup_printf ("SELECT t.id FROM search s JOIN t ON t.id = s.rowid WHERE search MATCH ?1"
                           " AND yidi_match(?2, t.name, t.aliases, t.address, t.pinyin, t.initials)"
                           " %s ORDER BY s.rowid",
                           tier >= 0 ? "AND yidi_tier(?2, t.name, t.aliases, t.pinyin, t.initials) = ?3" : "");
  else
    sql = g_strdup ("SELECT rowid FROM search WHERE search MATCH ?1 ORDER BY rowid");

  rc = sqlite3_prepare_v2 (f->db, sql, -1, &stmt, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_pointer (stmt, 2, query, YIDI_FTS_QUERY_POINTER_TYPE, NULL);
  sqlite3_bind_int (stmt, 3, tier);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    found |= G_GUINT64_CONSTANT (1) << (sqlite3_column_int (stmt, 0) - 1);
  if (rc != SQLITE_DONE)
    g_error ("query “%s” (MATCH %s) failed: %s", yidi_fts_query_get_term (query, 0), match, sqlite3_errmsg (f->db));
  sqlite3_finalize (stmt);
  return found;
}

static guint64
defined_rows (Fixture      *f,
              YidiFtsQuery *query,
              int           tier)
{
  guint64 found = 0;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      YidiFtsFields fields;

      fields_for (f, i, &fields);
      if (yidi_fts_query_matches (query, &fields) &&
          (tier < 0 || (int) yidi_fts_query_get_tier (query, &fields) == tier))
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
      g_autoptr(YidiFtsQuery) query = yidi_fts_query_new (queries[q]);
      guint64 tiers = 0;

      if (query == NULL)
        continue;
      for (int tier = -1; tier < YIDI_FTS_N_TIERS; tier++)
        {
          guint64 by_index = index_rows (f, query, tier);
          guint64 by_definition = defined_rows (f, query, tier);

          if (by_index != by_definition)
            g_error ("query “%s”, tier %d: index finds %" G_GINT64_MODIFIER "x, definition %" G_GINT64_MODIFIER "x",
                     queries[q], tier, by_index, by_definition);
          if (tier >= 0)
            {
              /* The tiers split the matches. */
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
    { "和", YIDI_FTS_TIER_PREFIX, 0x10 },
    /* 协和 itself; 北京协和医院 (alias 协和医院) only starts with it. */
    { "协和", YIDI_FTS_TIER_EXACT, 0x4 },
    { "协和", YIDI_FTS_TIER_PREFIX, 0x1 | 0x8 },
    { "帅府园", -1, 0x1 },
    /* Pinyin: full and initials, of names and aliases. */
    { "xiehe", -1, 0x1 | 0x2 | 0x4 | 0x8 | 0x200 },
    { "xh", YIDI_FTS_TIER_EXACT, 0x4 },
    /* Pinyin of names and aliases, not of addresses (解放大道). */
    { "jiefangjun", -1, 0x20 },
    { "chongqing", -1, 0x100 },
    /* FTS5 syntax is text. */
    { "\"*(NEAR-:^", -1, 0x40 },
    { "near", -1, 0x40 },
    { "not", -1, 0x40 },
    { "(", -1, 0x40 },
    /* All words must match. */
    { "协和 北京", -1, 0x1 },
    /* Case does not matter for ASCII. */
    { "CT", YIDI_FTS_TIER_PREFIX, 0x80 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(YidiFtsQuery) query = yidi_fts_query_new (cases[i].query);

      g_assert_nonnull (query);
      g_assert_cmphex (index_rows (f, query, cases[i].tier), ==, cases[i].rows);
    }
}

static void
test_terms (void)
{
  g_autoptr(YidiFtsQuery) query = NULL;
  g_autofree char *long_text = NULL;

  /* White space of any kind separates terms; ASCII is folded; repeated
   * terms count once. */
  query = yidi_fts_query_new ("  XieHe\t北京　协和  xiehe ");
  g_assert_cmpuint (yidi_fts_query_get_n_terms (query), ==, 3);
  g_assert_cmpstr (yidi_fts_query_get_term (query, 0), ==, "xiehe");
  g_assert_cmpstr (yidi_fts_query_get_term (query, 1), ==, "北京");
  g_assert_cmpstr (yidi_fts_query_get_term (query, 2), ==, "协和");
  g_clear_pointer (&query, yidi_fts_query_free);

  g_assert_null (yidi_fts_query_new (NULL));
  g_assert_null (yidi_fts_query_new (""));
  g_assert_null (yidi_fts_query_new (" \t　"));
  g_assert_null (yidi_fts_query_new ("\xff\xfe"));

  /* A pasted paragraph is cut to a bounded query. */
  long_text = g_strnfill (500, 'a');
  query = yidi_fts_query_new (long_text);
  g_assert_cmpuint (g_utf8_strlen (yidi_fts_query_get_term (query, 0), -1), ==, 32);
  g_clear_pointer (&query, yidi_fts_query_free);
  query = yidi_fts_query_new ("a b c d e f g h i j k l");
  g_assert_cmpuint (yidi_fts_query_get_n_terms (query), ==, 8);
}

static void
test_quoting (void)
{
  g_autoptr(YidiFtsQuery) query = yidi_fts_query_new ("a\"b");
  g_autofree char *match = yidi_fts_query_build_match (query, -1);

  /* Every token is a quoted string; a quote inside is doubled. */
  g_assert_nonnull (strstr (match, "\"a\"\"\""));
  g_assert_nonnull (strstr (match, "\"\"\"b\""));
  g_clear_pointer (&match, g_free);

  match = yidi_fts_build_exact_match ("协和\"医院");
  g_assert_cmpstr (match, ==, "\"\x02协和\"\"医院\"");
}

static void
test_fold (void)
{
  g_autofree char *folded = yidi_fts_fold ("CT室\tＡ");

  /* ASCII only: full-width letters stay as they are. */
  g_assert_cmpstr (folded, ==, "ct室 Ａ");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/fts/index-matches-definition", Fixture, NULL, fixture_set_up,
              test_index_matches_definition, fixture_tear_down);
  g_test_add ("/fts/what-matches", Fixture, NULL, fixture_set_up, test_what_matches, fixture_tear_down);
  g_test_add_func ("/fts/terms", test_terms);
  g_test_add_func ("/fts/quoting", test_quoting);
  g_test_add_func ("/fts/fold", test_fold);

  return g_test_run ();
}

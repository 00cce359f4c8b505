/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <sqlite3.h>

#include "yidi-postings.h"

/* Posting lists and their combinations against plain sets, with lists
 * long enough to span many chunks. */

#define N_ROWS 5000

typedef struct {
  sqlite3 *db;
  YidiPostingsReader *reader;
  gboolean sets[4][N_ROWS + 1];   /* token "a" to "d": which rows have it */
} Fixture;

static const char *const tokens[] = { "a", "b", "c", "d" };

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(YidiPostingsBuilder) builder = yidi_postings_builder_new ();
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (7);
  /* Dense, sparse, very sparse and all rows. */
  static const double density[] = { 0.6, 0.05, 0.002, 1.0 };

  g_assert_cmpint (sqlite3_open (":memory:", &f->db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (f->db, yidi_postings_schema_sql, NULL, NULL, NULL), ==, SQLITE_OK);

  for (gint64 rowid = 1; rowid <= N_ROWS; rowid++)
    {
      for (guint t = 0; t < G_N_ELEMENTS (tokens); t++)
        {
          f->sets[t][rowid] = g_rand_double (rand) < density[t];
          if (f->sets[t][rowid])
            {
              yidi_postings_builder_add (builder, tokens[t], 1, rowid);
              /* Twice is once. */
              yidi_postings_builder_add (builder, tokens[t], 1, rowid);
            }
        }
    }
  g_rand_free (rand);
  g_assert_cmpuint (yidi_postings_builder_get_n_tokens (builder), ==, 4);
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
}

static YidiPostingsIter *
token (Fixture *f,
       guint    t)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (tokens[t], 1);
  g_autoptr(GError) error = NULL;
  YidiPostingsIter *iter = yidi_postings_iter_new_token (f->reader, bytes, &error);

  g_assert_no_error (error);
  return iter;
}

/* Walks @iter with next() and checks it gives exactly the rows of @want. */
static void
check_walk (YidiPostingsIter *iter,
            const gboolean   *want)
{
  gint64 expected = 1;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gint64 current;

      while (expected <= N_ROWS && !want[expected])
        expected++;
      g_assert_true (yidi_postings_iter_next (iter, &error));
      g_assert_no_error (error);
      current = yidi_postings_iter_get_current (iter);
      if (expected > N_ROWS)
        {
          g_assert_cmpint (current, ==, YIDI_POSTINGS_END);
          break;
        }
      g_assert_cmpint (current, ==, expected);
      expected++;
    }
  /* At the end it stays there. */
  g_assert_true (yidi_postings_iter_next (iter, NULL));
  g_assert_cmpint (yidi_postings_iter_get_current (iter), ==, YIDI_POSTINGS_END);
}

/* Seeks @iter to random increasing targets and checks each landing. */
static void
check_seeks (YidiPostingsIter *iter,
             const gboolean   *want)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  gint64 target = 0;

  for (;;)
    {
      gint64 expected;

      target += g_rand_int_range (rand, 1, 400);
      g_assert_true (yidi_postings_iter_seek (iter, target, NULL));
      for (expected = target; expected <= N_ROWS && !want[expected]; expected++)
        ;
      if (expected > N_ROWS)
        {
          g_assert_cmpint (yidi_postings_iter_get_current (iter), ==, YIDI_POSTINGS_END);
          break;
        }
      g_assert_cmpint (yidi_postings_iter_get_current (iter), ==, expected);
      target = expected;
    }
}

static void
test_tokens (Fixture       *f,
             gconstpointer  data)
{
  for (guint t = 0; t < G_N_ELEMENTS (tokens); t++)
    {
      YidiPostingsIter *iter = token (f, t);
      guint64 total = 0;

      for (guint r = 1; r <= N_ROWS; r++)
        total += f->sets[t][r];
      /* The estimate of one list is its length. */
      g_assert_cmpuint (yidi_postings_iter_get_estimate (iter), ==, total);
      g_assert_true (yidi_postings_iter_is_token (iter));
      check_walk (iter, f->sets[t]);
      yidi_postings_iter_free (iter);

      iter = token (f, t);
      check_seeks (iter, f->sets[t]);
      yidi_postings_iter_free (iter);
    }

  /* A token no row has. */
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static ("zz", 2);
    YidiPostingsIter *iter = yidi_postings_iter_new_token (f->reader, bytes, NULL);
    gboolean none[N_ROWS + 1] = { FALSE };

    g_assert_cmpuint (yidi_postings_iter_get_estimate (iter), ==, 0);
    check_walk (iter, none);
    yidi_postings_iter_free (iter);
  }
}

static void
test_combinations (Fixture       *f,
                   gconstpointer  data)
{
  static gboolean want[N_ROWS + 1];
  GPtrArray *children;
  YidiPostingsIter *iter;

  /* a AND b AND c */
  for (guint r = 1; r <= N_ROWS; r++)
    want[r] = f->sets[0][r] && f->sets[1][r] && f->sets[2][r];
  for (int pass = 0; pass < 2; pass++)
    {
      children = g_ptr_array_new ();
      g_ptr_array_add (children, token (f, 0));
      g_ptr_array_add (children, token (f, 1));
      g_ptr_array_add (children, token (f, 2));
      iter = yidi_postings_iter_new_and (children);
      /* The smallest list leads: the estimate is its length. */
      g_assert_cmpuint (yidi_postings_iter_get_estimate (iter), <=, N_ROWS * 0.01);
      if (pass == 0)
        check_walk (iter, want);
      else
        check_seeks (iter, want);
      yidi_postings_iter_free (iter);
    }

  /* (b OR c) AND a */
  for (guint r = 1; r <= N_ROWS; r++)
    want[r] = (f->sets[1][r] || f->sets[2][r]) && f->sets[0][r];
  for (int pass = 0; pass < 2; pass++)
    {
      GPtrArray *either = g_ptr_array_new ();

      g_ptr_array_add (either, token (f, 1));
      g_ptr_array_add (either, token (f, 2));
      children = g_ptr_array_new ();
      g_ptr_array_add (children, yidi_postings_iter_new_or (either));
      g_ptr_array_add (children, token (f, 0));
      iter = yidi_postings_iter_new_and (children);
      if (pass == 0)
        check_walk (iter, want);
      else
        check_seeks (iter, want);
      yidi_postings_iter_free (iter);
    }

  /* a NOT b */
  for (guint r = 1; r <= N_ROWS; r++)
    want[r] = f->sets[0][r] && !f->sets[1][r];
  for (int pass = 0; pass < 2; pass++)
    {
      iter = yidi_postings_iter_new_not (token (f, 0), token (f, 1));
      if (pass == 0)
        check_walk (iter, want);
      else
        check_seeks (iter, want);
      yidi_postings_iter_free (iter);
    }

  /* range AND array NOT c */
  {
    GArray *rowids = g_array_new (FALSE, FALSE, sizeof (gint64));

    for (gint64 r = 3; r <= N_ROWS; r += 7)
      g_array_append_val (rowids, r);
    for (guint r = 1; r <= N_ROWS; r++)
      want[r] = r >= 100 && r <= 4000 && r % 7 == 3 && !f->sets[2][r];
    children = g_ptr_array_new ();
    g_ptr_array_add (children, yidi_postings_iter_new_range (100, 4000));
    g_ptr_array_add (children, yidi_postings_iter_new_array (rowids));
    iter = yidi_postings_iter_new_not (yidi_postings_iter_new_and (children), token (f, 2));
    check_walk (iter, want);
    yidi_postings_iter_free (iter);
  }

  /* d is every row: AND with it changes nothing. */
  for (guint r = 1; r <= N_ROWS; r++)
    want[r] = f->sets[1][r];
  children = g_ptr_array_new ();
  g_ptr_array_add (children, token (f, 3));
  g_ptr_array_add (children, token (f, 1));
  iter = yidi_postings_iter_new_and (children);
  check_walk (iter, want);
  yidi_postings_iter_free (iter);
}

static void
test_chunks_on_disk (Fixture       *f,
                     gconstpointer  data)
{
  sqlite3_stmt *stmt;
  int n_chunks = 0, header = -1;

  /* "d" has 5000 rows: a header with the total, then chunks. */
  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "SELECT first, n FROM gram WHERE token = CAST ('d' AS BLOB) ORDER BY first", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (sqlite3_column_int64 (stmt, 0) == 0)
        header = sqlite3_column_int (stmt, 1);
      else
        n_chunks++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (header, ==, N_ROWS);
  g_assert_cmpint (n_chunks, ==, (N_ROWS + 255) / 256);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/postings/tokens", Fixture, NULL, fixture_set_up, test_tokens, fixture_tear_down);
  g_test_add ("/postings/combinations", Fixture, NULL, fixture_set_up, test_combinations, fixture_tear_down);
  g_test_add ("/postings/chunks-on-disk", Fixture, NULL, fixture_set_up, test_chunks_on_disk, fixture_tear_down);

  return g_test_run ();
}

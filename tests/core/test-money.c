/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "yidi-money.h"

static YidiFen
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  YidiFen fen = -1;

  g_assert_true (yidi_money_parse (text, &fen, &error));
  g_assert_no_error (error);
  return fen;
}

static void
parse_fails (const char *text,
             int         code)
{
  g_autoptr(GError) error = NULL;
  YidiFen fen = 12345;

  g_assert_false (yidi_money_parse (text, &fen, &error));
  g_assert_error (error, YIDI_MONEY_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_cmpint (fen, ==, 12345); /* untouched on failure */
}

static void
test_parse_plain_amounts (void)
{
  g_assert_cmpint (parse_ok ("1300.00"), ==, 130000);
  g_assert_cmpint (parse_ok ("1300"), ==, 130000);
  g_assert_cmpint (parse_ok ("1300.5"), ==, 130050);
  g_assert_cmpint (parse_ok ("0.07"), ==, 7);
  g_assert_cmpint (parse_ok (".5"), ==, 50);
  g_assert_cmpint (parse_ok ("5."), ==, 500);
  g_assert_cmpint (parse_ok ("0"), ==, 0);
  g_assert_cmpint (parse_ok ("  42.10 "), ==, 4210);
}

static void
test_parse_written_forms (void)
{
  g_assert_cmpint (parse_ok ("¥12,345.67"), ==, 1234567);
  g_assert_cmpint (parse_ok ("￥ 1,000"), ==, 100000);
  g_assert_cmpint (parse_ok ("1,234,567.89"), ==, 123456789);
}

static void
test_parse_rejects (void)
{
  parse_fails ("", YIDI_MONEY_ERROR_EMPTY);
  parse_fails ("   ", YIDI_MONEY_ERROR_EMPTY);
  parse_fails ("-1", YIDI_MONEY_ERROR_NEGATIVE);
  parse_fails ("1.234", YIDI_MONEY_ERROR_TOO_PRECISE);
  parse_fails ("abc", YIDI_MONEY_ERROR_INVALID);
  parse_fails ("1e5", YIDI_MONEY_ERROR_INVALID);
  parse_fails ("NaN", YIDI_MONEY_ERROR_INVALID);
  parse_fails (".", YIDI_MONEY_ERROR_INVALID);
  parse_fails ("1.2.3", YIDI_MONEY_ERROR_INVALID);
  parse_fails ("12,34", YIDI_MONEY_ERROR_INVALID);
  parse_fails ("1,2345", YIDI_MONEY_ERROR_INVALID);
  parse_fails (",123", YIDI_MONEY_ERROR_INVALID);
  parse_fails ("1 000", YIDI_MONEY_ERROR_INVALID);
  parse_fails ("+5", YIDI_MONEY_ERROR_INVALID);
  parse_fails ("99999999999999999999999", YIDI_MONEY_ERROR_TOO_LARGE);
  parse_fails ("1000000000001", YIDI_MONEY_ERROR_TOO_LARGE);
}

static void
test_parse_limit (void)
{
  /* One trillion yuan is the largest accepted amount. */
  g_assert_cmpint (parse_ok ("1000000000000"), ==, YIDI_MONEY_MAX);
  parse_fails ("1000000000000.01", YIDI_MONEY_ERROR_TOO_LARGE);
}

static void
test_format (void)
{
  struct { YidiFen fen; const char *shown; const char *decimal; } cases[] = {
    { 0, "¥0.00", "0.00" },
    { 7, "¥0.07", "0.07" },
    { 130000, "¥1,300.00", "1300.00" },
    { 1234567, "¥12,345.67", "12345.67" },
    { 100000000, "¥1,000,000.00", "1000000.00" },
    { -100, "-¥1.00", "-1.00" },
    { G_MININT64, "-¥92,233,720,368,547,758.08", "-92233720368547758.08" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = yidi_money_format (cases[i].fen);
      g_autofree char *decimal = yidi_money_to_decimal (cases[i].fen);

      g_assert_cmpstr (shown, ==, cases[i].shown);
      g_assert_cmpstr (decimal, ==, cases[i].decimal);
    }
}

static void
test_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);

  for (int i = 0; i < 10000; i++)
    {
      YidiFen fen = ((YidiFen) g_rand_int (rand) << 16 | g_rand_int_range (rand, 0, 65536)) % YIDI_MONEY_MAX;
      g_autofree char *decimal = yidi_money_to_decimal (fen);
      g_autofree char *shown = yidi_money_format (fen);

      g_assert_cmpint (parse_ok (decimal), ==, fen);
      g_assert_cmpint (parse_ok (shown), ==, fen);
    }
}

static void
test_apply_rate_rounds_half_up (void)
{
  g_assert_cmpint (yidi_money_apply_rate (100000, 8500), ==, 85000);
  g_assert_cmpint (yidi_money_apply_rate (1, 5000), ==, 1);    /* 0.5 fen → 1 */
  g_assert_cmpint (yidi_money_apply_rate (1, 4999), ==, 0);    /* 0.4999 fen → 0 */
  g_assert_cmpint (yidi_money_apply_rate (3, 5000), ==, 2);    /* 1.5 → 2 */
  g_assert_cmpint (yidi_money_apply_rate (12345, 1400), ==, 1728); /* 1728.3 */
  g_assert_cmpint (yidi_money_apply_rate (12345, 0), ==, 0);
  g_assert_cmpint (yidi_money_apply_rate (12345, 10000), ==, 12345);
  /* No intermediate overflow even at the top of the range. */
  g_assert_cmpint (yidi_money_apply_rate (G_MAXINT64, 10000), ==, G_MAXINT64);
  g_assert_cmpint (yidi_money_apply_rate (G_MAXINT64, 5000), ==, G_MAXINT64 / 2 + 1);
}

static void
test_apply_rate_matches_exact_arithmetic (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (int i = 0; i < 100000; i++)
    {
      YidiFen amount = g_rand_int_range (rand, 0, G_MAXINT32);
      YidiBp rate = g_rand_int_range (rand, 0, YIDI_BP_WHOLE + 1);
      __int128 exact = (__int128) amount * rate;
      YidiFen expected = (YidiFen) ((exact + YIDI_BP_WHOLE / 2) / YIDI_BP_WHOLE);

      g_assert_cmpint (yidi_money_apply_rate (amount, rate), ==, expected);
    }
}

static void
test_add_overflow (void)
{
  YidiFen sum = 0;

  g_assert_true (yidi_money_add (1, 2, &sum));
  g_assert_cmpint (sum, ==, 3);
  g_assert_false (yidi_money_add (G_MAXINT64, 1, &sum));
  g_assert_cmpint (sum, ==, 3);
}

static void
test_rate_format (void)
{
  struct { YidiBp rate; const char *shown; } cases[] = {
    { 8500, "85%" }, { 9220, "92.2%" }, { 875, "8.75%" }, { 10000, "100%" }, { 0, "0%" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = yidi_rate_format (cases[i].rate);
      g_assert_cmpstr (shown, ==, cases[i].shown);
    }
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/parse/plain", test_parse_plain_amounts);
  g_test_add_func ("/money/parse/written-forms", test_parse_written_forms);
  g_test_add_func ("/money/parse/rejects", test_parse_rejects);
  g_test_add_func ("/money/parse/limit", test_parse_limit);
  g_test_add_func ("/money/format", test_format);
  g_test_add_func ("/money/round-trip", test_round_trip);
  g_test_add_func ("/money/rate/half-up", test_apply_rate_rounds_half_up);
  g_test_add_func ("/money/rate/exact", test_apply_rate_matches_exact_arithmetic);
  g_test_add_func ("/money/add/overflow", test_add_overflow);
  g_test_add_func ("/money/rate/format", test_rate_format);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the money parser must never crash, and whatever it
 * accepts must print back and parse to the same amount. */
#include "config.h"

#include "yidi-money.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  YidiFen fen = -1;

  if (yidi_money_parse (text, &fen, &error))
    {
      g_autofree char *decimal = yidi_money_to_decimal (fen);
      g_autofree char *shown = yidi_money_format (fen);
      YidiFen again = -1;

      g_assert_cmpint (fen, >=, 0);
      g_assert_cmpint (fen, <=, YIDI_MONEY_MAX);
      g_assert_true (yidi_money_parse (decimal, &again, NULL));
      g_assert_cmpint (again, ==, fen);
      g_assert_true (yidi_money_parse (shown, &again, NULL));
      g_assert_cmpint (again, ==, fen);
      g_assert_cmpint (yidi_money_apply_rate (fen, 8500), <=, fen);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == YIDI_MONEY_ERROR);
    }

  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-money"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yidi-money.h"

G_DEFINE_QUARK (yidi-money-error-quark, yidi_money_error)

static const char *
skip_space (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

static const char *
skip_currency_sign (const char *p)
{
  /* ¥ (U+00A5) and the full-width ￥ (U+FFE5). */
  if (g_str_has_prefix (p, "\xc2\xa5"))
    return skip_space (p + 2);
  if (g_str_has_prefix (p, "\xef\xbf\xa5"))
    return skip_space (p + 3);
  return p;
}

/**
 * yidi_money_parse:
 * @text: a decimal amount in yuan, such as "1300", "1,300.5" or "¥1300.00"
 * @out_fen: (out): the amount in fen
 *
 * Parses an amount exactly. Accepts surrounding blanks, a leading yuan sign
 * and thousands separators in groups of three; refuses negative amounts,
 * more than two decimals and amounts above %YIDI_MONEY_MAX.
 */
gboolean
yidi_money_parse (const char  *text,
                  YidiFen     *out_fen,
                  GError     **error)
{
  const char *p;
  YidiFen yuan = 0;
  YidiFen fen = 0;
  int int_digits = 0;
  int group_digits = 0;
  gboolean grouped = FALSE;
  int decimals = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_fen != NULL, FALSE);

  p = skip_currency_sign (skip_space (text));

  if (*p == '\0')
    {
      g_set_error_literal (error, YIDI_MONEY_ERROR, YIDI_MONEY_ERROR_EMPTY,
                           _("Enter an amount in yuan, for example 1300.00."));
      return FALSE;
    }

  if (*p == '-')
    {
      g_set_error_literal (error, YIDI_MONEY_ERROR, YIDI_MONEY_ERROR_NEGATIVE,
                           _("The amount cannot be negative. Enter 0 or more."));
      return FALSE;
    }

  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          yuan = yuan * 10 + (*p - '0');
          int_digits++;
          group_digits++;
          if (yuan > YIDI_MONEY_MAX / YIDI_FEN_PER_YUAN)
            goto too_large;
        }
      else if (*p == ',')
        {
          /* The first group has 1–3 digits, every later group exactly 3. */
          if ((grouped && group_digits != 3) || group_digits == 0 || group_digits > 3)
            goto invalid;
          grouped = TRUE;
          group_digits = 0;
        }
      else
        break;
    }

  if (grouped && group_digits != 3)
    goto invalid;

  if (*p == '.')
    {
      for (p++; g_ascii_isdigit (*p); p++)
        {
          if (++decimals > 2)
            {
              g_set_error_literal (error, YIDI_MONEY_ERROR, YIDI_MONEY_ERROR_TOO_PRECISE,
                                   _("Amounts have at most two decimals (fen). Round to the fen, for example 12.35."));
              return FALSE;
            }
          fen = fen * 10 + (*p - '0');
        }
      if (decimals == 0 && int_digits == 0)
        goto invalid;
      if (decimals == 1)
        fen *= 10;
    }

  p = skip_space (p);
  if (*p != '\0' || (int_digits == 0 && decimals == 0))
    goto invalid;

  if (yuan * YIDI_FEN_PER_YUAN + fen > YIDI_MONEY_MAX)
    goto too_large;

  *out_fen = yuan * YIDI_FEN_PER_YUAN + fen;
  return TRUE;

invalid:
  g_set_error (error, YIDI_MONEY_ERROR, YIDI_MONEY_ERROR_INVALID,
               _("“%s” is not an amount. Use digits and at most two decimals, for example 1300.00."),
               text);
  return FALSE;

too_large:
  g_set_error_literal (error, YIDI_MONEY_ERROR, YIDI_MONEY_ERROR_TOO_LARGE,
                       _("The amount is too large to be real. Check the number of digits."));
  return FALSE;
}

static void
append_grouped (GString *out,
                guint64  value)
{
  char digits[32];
  int len = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, value);

  for (int i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
}

static guint64
magnitude (YidiFen fen)
{
  return fen < 0 ? (guint64) -(fen + 1) + 1 : (guint64) fen;
}

/**
 * yidi_money_format:
 *
 * Returns: the amount as people read it: "¥12,345.67", "-¥1.00".
 */
char *
yidi_money_format (YidiFen fen)
{
  GString *out = g_string_new (NULL);
  guint64 abs = magnitude (fen);

  if (fen < 0)
    g_string_append_c (out, '-');
  g_string_append (out, "\xc2\xa5");
  append_grouped (out, abs / YIDI_FEN_PER_YUAN);
  g_string_append_printf (out, ".%02u", (guint) (abs % YIDI_FEN_PER_YUAN));

  return g_string_free (out, FALSE);
}

/**
 * yidi_money_to_decimal:
 *
 * Returns: the amount as a plain decimal string for files: "12345.67".
 */
char *
yidi_money_to_decimal (YidiFen fen)
{
  guint64 abs = magnitude (fen);

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%02u",
                          fen < 0 ? "-" : "",
                          abs / YIDI_FEN_PER_YUAN,
                          (guint) (abs % YIDI_FEN_PER_YUAN));
}

/**
 * yidi_money_apply_rate:
 * @amount: a non-negative amount in fen
 * @rate: a rate in basis points, 0 to 10000
 *
 * The one rounding rule of Yidi: @amount × @rate, rounded half-up to the fen.
 * Exact for every amount up to %G_MAXINT64 (no intermediate overflow).
 */
YidiFen
yidi_money_apply_rate (YidiFen amount,
                       YidiBp  rate)
{
  YidiFen whole;
  YidiFen rest;

  g_return_val_if_fail (amount >= 0, 0);
  g_return_val_if_fail (rate >= 0 && rate <= YIDI_BP_WHOLE, 0);

  whole = amount / YIDI_BP_WHOLE;
  rest = amount % YIDI_BP_WHOLE;

  return whole * rate + (rest * rate + YIDI_BP_WHOLE / 2) / YIDI_BP_WHOLE;
}

/**
 * yidi_money_add:
 *
 * Returns: %FALSE if @a + @b would overflow; @out_sum is then untouched.
 */
gboolean
yidi_money_add (YidiFen  a,
                YidiFen  b,
                YidiFen *out_sum)
{
  YidiFen sum;

  if (__builtin_add_overflow (a, b, &sum))
    return FALSE;
  *out_sum = sum;
  return TRUE;
}

/**
 * yidi_rate_format:
 *
 * Returns: a rate as a percentage without needless zeros: "85%", "92.2%", "8.75%".
 */
char *
yidi_rate_format (YidiBp rate)
{
  int whole = rate / 100;
  int frac = ABS (rate % 100);

  if (frac == 0)
    return g_strdup_printf ("%d%%", whole);
  if (frac % 10 == 0)
    return g_strdup_printf ("%d.%d%%", whole, frac / 10);
  return g_strdup_printf ("%d.%02d%%", whole, frac);
}

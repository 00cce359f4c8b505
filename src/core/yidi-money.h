/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Money is a count of fen (0.01 yuan); rates are basis points (1 bp = 0.01 %). */
typedef gint64 YidiFen;
typedef gint32 YidiBp;

#define YIDI_FEN_PER_YUAN 100
#define YIDI_BP_WHOLE 10000
/* The largest amount any file or form may hold: one trillion yuan. */
#define YIDI_MONEY_MAX ((YidiFen) 100000000000000)

#define YIDI_MONEY_ERROR (yidi_money_error_quark ())

typedef enum {
  YIDI_MONEY_ERROR_EMPTY,
  YIDI_MONEY_ERROR_INVALID,
  YIDI_MONEY_ERROR_NEGATIVE,
  YIDI_MONEY_ERROR_TOO_PRECISE,
  YIDI_MONEY_ERROR_TOO_LARGE,
} YidiMoneyError;

GQuark   yidi_money_error_quark (void);

gboolean yidi_money_parse       (const char  *text,
                                 YidiFen     *out_fen,
                                 GError     **error);
char    *yidi_money_format      (YidiFen      fen) G_GNUC_WARN_UNUSED_RESULT;
char    *yidi_money_to_decimal  (YidiFen      fen) G_GNUC_WARN_UNUSED_RESULT;
YidiFen  yidi_money_apply_rate  (YidiFen      amount,
                                 YidiBp       rate);
gboolean yidi_money_add         (YidiFen      a,
                                 YidiFen      b,
                                 YidiFen     *out_sum);
char    *yidi_rate_format       (YidiBp       rate) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

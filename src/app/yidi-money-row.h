/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yidi-money.h"

G_BEGIN_DECLS

/* A row to type an amount of yuan ("12345.67", "¥12,345.67"). What is
 * typed is never changed: an entry that is not a valid amount, is
 * negative or absurd (above ¥10,000,000.00) is marked at once, with the
 * reason below the title and as the entry's accessible description, and
 * :amount keeps the last valid value. Empty is 0. */

#define YIDI_MONEY_ROW_MAX ((YidiFen) 1000000000)

#define YIDI_TYPE_MONEY_ROW (yidi_money_row_get_type ())

G_DECLARE_FINAL_TYPE (YidiMoneyRow, yidi_money_row, YIDI, MONEY_ROW, AdwActionRow)

GtkWidget  *yidi_money_row_new            (void);
YidiFen     yidi_money_row_get_amount     (YidiMoneyRow *self);
gboolean    yidi_money_row_get_valid      (YidiMoneyRow *self);
/* Why the text is not a valid amount, or NULL. */
const char *yidi_money_row_get_error      (YidiMoneyRow *self);
GtkEditable *yidi_money_row_get_editable  (YidiMoneyRow *self);
/* Replaces the text with @amount as a decimal ("1300.00"; 0: empty). */
void        yidi_money_row_set_amount     (YidiMoneyRow *self,
                                           YidiFen       amount);
/* What the subtitle says while the entry is valid. */
void        yidi_money_row_set_hint       (YidiMoneyRow *self,
                                           const char   *hint);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yidi-estimate-model.h"

G_BEGIN_DECLS

/* Who pays what, as one bar split in coloured parts (YidiEstimatePart)
 * in proportion to their amounts. A screen reader hears the parts in
 * words through the bar's accessible label. */

#define YIDI_TYPE_COST_BAR (yidi_cost_bar_get_type ())

G_DECLARE_FINAL_TYPE (YidiCostBar, yidi_cost_bar, YIDI, COST_BAR, GtkWidget)

GtkWidget  *yidi_cost_bar_new              (void);
/* @parts: YIDI_N_PARTS amounts, or NULL for an empty bar. */
void        yidi_cost_bar_set_parts        (YidiCostBar   *self,
                                            const YidiFen *parts);
const char *yidi_cost_bar_get_description  (YidiCostBar   *self);
/* The colour of a part, shared by the bar and its legend. */
void        yidi_cost_bar_get_part_color   (YidiEstimatePart part,
                                            GdkRGBA         *out_color);
/* "Basic fund (统筹基金) pays ¥38,000.00; you pay the deductible …". */
char       *yidi_cost_bar_describe_parts   (const YidiFen *parts) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

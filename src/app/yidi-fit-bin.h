/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A bin that tells its height for the width it was last given, even when
 * asked without a width. GtkScrolledWindow (propagate-natural-height)
 * asks its child that way, and a child that wraps text would otherwise
 * answer for its widest layout: when it is given less width, its last
 * lines fall outside the scrolled window's natural height. */

#define YIDI_TYPE_FIT_BIN (yidi_fit_bin_get_type ())

G_DECLARE_FINAL_TYPE (YidiFitBin, yidi_fit_bin, YIDI, FIT_BIN, GtkWidget)

GtkWidget *yidi_fit_bin_new       (void);
GtkWidget *yidi_fit_bin_get_child (YidiFitBin *self);
void       yidi_fit_bin_set_child (YidiFitBin *self,
                                   GtkWidget  *child);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A row for one date of a case: the title says which ("Filing date"),
 * the subtitle shows the date as people write it, and a calendar button
 * sets or clears it. "date" is ISO 8601 ("2025-04-08") or NULL. */

#define YIDI_TYPE_DATE_ROW (yidi_date_row_get_type ())

G_DECLARE_FINAL_TYPE (YidiDateRow, yidi_date_row, YIDI, DATE_ROW, AdwActionRow)

GtkWidget  *yidi_date_row_new      (void);
const char *yidi_date_row_get_date (YidiDateRow *self);
void        yidi_date_row_set_date (YidiDateRow *self,
                                    const char  *iso_date);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yidi-places.h"

G_BEGIN_DECLS

/* A button that shows a place ("广东省 广州市 天河区") and opens a
 * chooser: browse province → city → county, or type a name. "code" is
 * the six-digit division code chosen, or NULL. Without "places" the
 * button only shows the code it holds and cannot be used. */

#define YIDI_TYPE_PLACE_PICKER (yidi_place_picker_get_type ())

G_DECLARE_FINAL_TYPE (YidiPlacePicker, yidi_place_picker, YIDI, PLACE_PICKER, AdwBin)

GtkWidget  *yidi_place_picker_new        (void);
YidiPlaces *yidi_place_picker_get_places (YidiPlacePicker *self);
void        yidi_place_picker_set_places (YidiPlacePicker *self,
                                          YidiPlaces      *places);
const char *yidi_place_picker_get_code   (YidiPlacePicker *self);
void        yidi_place_picker_set_code   (YidiPlacePicker *self,
                                          const char      *code);
/* What the chooser lists now: the places within @parent_code (NULL: the
 * provinces). For keyboard users and tests, like clicking through. */
void        yidi_place_picker_browse     (YidiPlacePicker *self,
                                          const char      *parent_code);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yidi-divisions.h"
#include "yidi-places.h"

G_BEGIN_DECLS

/* The places of the place pickers, from the directory's administrative
 * divisions (GB/T 2260, held in memory). Statistical zones are left out. */

#define YIDI_TYPE_DIVISION_PLACES (yidi_division_places_get_type ())

G_DECLARE_FINAL_TYPE (YidiDivisionPlaces, yidi_division_places, YIDI, DIVISION_PLACES, GObject)

YidiPlaces *yidi_division_places_new (YidiDivisions *divisions) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

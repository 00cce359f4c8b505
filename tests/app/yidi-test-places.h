/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yidi-places.h"

G_BEGIN_DECLS

/* A few real divisions (Beijing, Guangdong, Hunan, Jilin) for the place
 * pickers under test. */
#define YIDI_TYPE_TEST_PLACES (yidi_test_places_get_type ())

G_DECLARE_FINAL_TYPE (YidiTestPlaces, yidi_test_places, YIDI, TEST_PLACES, GObject)

YidiPlaces *yidi_test_places_new (void);

G_END_DECLS

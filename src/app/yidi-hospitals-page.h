/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define YIDI_TYPE_HOSPITALS_PAGE (yidi_hospitals_page_get_type ())

G_DECLARE_FINAL_TYPE (YidiHospitalsPage, yidi_hospitals_page, YIDI, HOSPITALS_PAGE, AdwBin)

void yidi_hospitals_page_focus_search (YidiHospitalsPage *self);

G_END_DECLS

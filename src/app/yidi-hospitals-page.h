/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yidi-application.h"
#include "yidi-institution-list.h"

G_BEGIN_DECLS

/* The Hospitals tab: search the directory of designated institutions,
 * filter by place, level, type and direct settlement, see one in full,
 * keep favourites, import an official list. */

#define YIDI_TYPE_HOSPITALS_PAGE (yidi_hospitals_page_get_type ())

G_DECLARE_FINAL_TYPE (YidiHospitalsPage, yidi_hospitals_page, YIDI, HOSPITALS_PAGE, AdwBin)

YidiInstitutionList *yidi_hospitals_page_get_institutions (YidiHospitalsPage *self);
YidiInstitution     *yidi_hospitals_page_get_shown        (YidiHospitalsPage *self);

void                 yidi_hospitals_page_set_application  (YidiHospitalsPage *self,
                                                           YidiApplication   *application);
void                 yidi_hospitals_page_focus_search     (YidiHospitalsPage *self);
void                 yidi_hospitals_page_show_institution (YidiHospitalsPage *self,
                                                           const char        *key);
void                 yidi_hospitals_page_import_file      (YidiHospitalsPage *self,
                                                           GFile             *file);

G_END_DECLS

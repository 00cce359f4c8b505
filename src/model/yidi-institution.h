/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "yidi-directory.h"
#include "yidi-types.h"

G_BEGIN_DECLS

/* One designated institution as the Hospitals tab shows it: read-only
 * properties over a directory record. A placeholder (loading = TRUE)
 * stands for a row of a YidiInstitutionList whose page is still being
 * read; the list replaces it with items-changed once the page is in. */

#define YIDI_TYPE_INSTITUTION (yidi_institution_get_type ())

G_DECLARE_FINAL_TYPE (YidiInstitution, yidi_institution, YIDI, INSTITUTION, GObject)

YidiInstitution             *yidi_institution_new             (YidiInstitutionRecord *record) G_GNUC_WARN_UNUSED_RESULT;
YidiInstitution             *yidi_institution_new_placeholder (void) G_GNUC_WARN_UNUSED_RESULT;
YidiInstitution             *yidi_institution_new_unreadable  (void) G_GNUC_WARN_UNUSED_RESULT;

gboolean                     yidi_institution_get_loading     (YidiInstitution *self);
gboolean                     yidi_institution_get_unreadable  (YidiInstitution *self);
const YidiInstitutionRecord *yidi_institution_get_record      (YidiInstitution *self);
gint64                       yidi_institution_get_id          (YidiInstitution *self);
const char                  *yidi_institution_get_key         (YidiInstitution *self);
const char                  *yidi_institution_get_code        (YidiInstitution *self);
const char                  *yidi_institution_get_name        (YidiInstitution *self);
const char * const          *yidi_institution_get_aliases     (YidiInstitution *self);
const char                  *yidi_institution_get_province_code (YidiInstitution *self);
const char                  *yidi_institution_get_city_code   (YidiInstitution *self);
const char                  *yidi_institution_get_county_code (YidiInstitution *self);
const char                  *yidi_institution_get_division_code (YidiInstitution *self);
const char                  *yidi_institution_get_place_name  (YidiInstitution *self);
YidiInstitutionLevel         yidi_institution_get_level       (YidiInstitution *self);
YidiInstitutionGrade         yidi_institution_get_grade       (YidiInstitution *self);
char                        *yidi_institution_dup_level_label (YidiInstitution *self) G_GNUC_WARN_UNUSED_RESULT;
YidiInstitutionType          yidi_institution_get_institution_type (YidiInstitution *self);
const char                  *yidi_institution_get_address     (YidiInstitution *self);
const char                  *yidi_institution_get_phone       (YidiInstitution *self);
gboolean                     yidi_institution_get_has_location (YidiInstitution *self);
double                       yidi_institution_get_longitude   (YidiInstitution *self);
double                       yidi_institution_get_latitude    (YidiInstitution *self);
YidiTristate                 yidi_institution_get_networked   (YidiInstitution *self,
                                                               YidiVisitType    visit);
const char                  *yidi_institution_get_data_date   (YidiInstitution *self);
const char                  *yidi_institution_get_source      (YidiInstitution *self);
const char                  *yidi_institution_get_source_name (YidiInstitution *self);
gboolean                     yidi_institution_get_imported    (YidiInstitution *self);
gboolean                     yidi_institution_get_favourite   (YidiInstitution *self);

G_END_DECLS

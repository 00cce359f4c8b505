/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "yidi-types.h"

G_BEGIN_DECLS

#define YIDI_TYPE_CASE (yidi_case_get_type ())

G_DECLARE_FINAL_TYPE (YidiCase, yidi_case, YIDI, CASE, GObject)

YidiCase           *yidi_case_new                 (void) G_GNUC_WARN_UNUSED_RESULT;

const char         *yidi_case_get_label           (YidiCase           *self);
const char         *yidi_case_get_insured_place   (YidiCase           *self);
YidiScheme          yidi_case_get_scheme          (YidiCase           *self);
YidiMemberStatus    yidi_case_get_member_status   (YidiCase           *self);
int                 yidi_case_get_birth_year      (YidiCase           *self);
const char         *yidi_case_get_destination     (YidiCase           *self);
YidiFilingCategory  yidi_case_get_filing_category (YidiCase           *self);
const char         *yidi_case_get_filing_date     (YidiCase           *self);
YidiFilingStatus    yidi_case_get_filing_status   (YidiCase           *self);
const char         *yidi_case_get_notes           (YidiCase           *self);

void                yidi_case_set_label           (YidiCase           *self,
                                                   const char         *label);
void                yidi_case_set_insured_place   (YidiCase           *self,
                                                   const char         *division_code);
void                yidi_case_set_scheme          (YidiCase           *self,
                                                   YidiScheme          scheme);
void                yidi_case_set_member_status   (YidiCase           *self,
                                                   YidiMemberStatus    status);
void                yidi_case_set_birth_year      (YidiCase           *self,
                                                   int                 year);
void                yidi_case_set_destination     (YidiCase           *self,
                                                   const char         *division_code);
void                yidi_case_set_filing_category (YidiCase           *self,
                                                   YidiFilingCategory  category);
void                yidi_case_set_filing_date     (YidiCase           *self,
                                                   const char         *iso_date);
void                yidi_case_set_filing_status   (YidiCase           *self,
                                                   YidiFilingStatus    status);
void                yidi_case_set_notes           (YidiCase           *self,
                                                   const char         *notes);

G_END_DECLS

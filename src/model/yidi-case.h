/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "yidi-case-record.h"
#include "yidi-types.h"

G_BEGIN_DECLS

#define YIDI_TYPE_CASE (yidi_case_get_type ())

G_DECLARE_FINAL_TYPE (YidiCase, yidi_case, YIDI, CASE, GObject)

YidiCase           *yidi_case_new                 (void) G_GNUC_WARN_UNUSED_RESULT;

/* The saved case this is (0: not saved yet). */
gint64              yidi_case_get_id              (YidiCase           *self);

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
const char         *yidi_case_get_admission_date  (YidiCase           *self);
const char         *yidi_case_get_discharge_date  (YidiCase           *self);
/* Answers to the filing questions (question id → answer id); "filing-answers" is notified on change. */
GHashTable         *yidi_case_get_filing_answers  (YidiCase           *self);
const char         *yidi_case_get_filing_answer   (YidiCase           *self,
                                                   const char         *question_id);
/* Checklist ticks by item key ("filing/id_card"); "checked" is notified on change. */
gboolean            yidi_case_get_checked         (YidiCase           *self,
                                                   const char         *key);
GStrv               yidi_case_dup_checked         (YidiCase           *self) G_GNUC_WARN_UNUSED_RESULT;

void                yidi_case_set_id              (YidiCase           *self,
                                                   gint64              id);

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
void                yidi_case_set_admission_date  (YidiCase           *self,
                                                   const char         *iso_date);
void                yidi_case_set_discharge_date  (YidiCase           *self,
                                                   const char         *iso_date);
/* A NULL @answer_id removes the answer. */
void                yidi_case_set_filing_answer   (YidiCase           *self,
                                                   const char         *question_id,
                                                   const char         *answer_id);
void                yidi_case_set_checked         (YidiCase           *self,
                                                   const char         *key,
                                                   gboolean            checked);

/* The case as plain data (a copy), and loading one in: every property
 * that changes is notified, once, after all have changed — this is how
 * switching the case updates every tab. */
YidiCaseRecord     *yidi_case_to_record           (YidiCase             *self) G_GNUC_WARN_UNUSED_RESULT;
void                yidi_case_load_record         (YidiCase             *self,
                                                   const YidiCaseRecord *record);
/* Back to a new, empty case. */
void                yidi_case_reset               (YidiCase             *self);

G_END_DECLS

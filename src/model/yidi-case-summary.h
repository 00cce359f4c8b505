/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "yidi-case-record.h"
#include "yidi-filing.h"

G_BEGIN_DECLS

/* One saved case as the case switcher shows it: who, which filing, and
 * how long it has left. Immutable; the list replaces it when it changes. */

#define YIDI_TYPE_CASE_SUMMARY (yidi_case_summary_get_type ())

G_DECLARE_FINAL_TYPE (YidiCaseSummary, yidi_case_summary, YIDI, CASE_SUMMARY, GObject)

/* @rules may be NULL: then no expiry is known. */
YidiCaseSummary    *yidi_case_summary_new                 (const YidiCaseRecord *record,
                                                           YidiFilingRules      *rules,
                                                           const GDate          *today) G_GNUC_WARN_UNUSED_RESULT;

gint64              yidi_case_summary_get_id              (YidiCaseSummary *self);
const char         *yidi_case_summary_get_label           (YidiCaseSummary *self);
const char         *yidi_case_summary_get_insured_place   (YidiCaseSummary *self);
const char         *yidi_case_summary_get_destination     (YidiCaseSummary *self);
YidiFilingCategory  yidi_case_summary_get_filing_category (YidiCaseSummary *self);
YidiFilingStatus    yidi_case_summary_get_filing_status   (YidiCaseSummary *self);
const char         *yidi_case_summary_get_filing_date     (YidiCaseSummary *self);
const char         *yidi_case_summary_get_modified        (YidiCaseSummary *self);
/* The last valid day of a temporary filing, or NULL. */
const char         *yidi_case_summary_get_expires         (YidiCaseSummary *self);
/* Days from today to the expiry (negative once expired); 0 without expiry. */
int                 yidi_case_summary_get_days_left       (YidiCaseSummary *self);
YidiFilingWarning   yidi_case_summary_get_warning         (YidiCaseSummary *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yidi-case-record.h"
#include "yidi-filing.h"
#include "yidi-report.h"

G_BEGIN_DECLS

/* The one-page filing checklist a social worker hands over: who, which
 * category and why, the papers with tick boxes, validity and key dates,
 * what to do next, where to file and what to do when already in
 * hospital — all in @language ("zh_CN" or "en"), whatever the window's
 * language. @insured_place_name and @destination_name name the places
 * (NULL when not given). */
YidiReport *yidi_filing_report_new (YidiFilingRules      *rules,
                                    const YidiCaseRecord *record,
                                    const char           *insured_place_name,
                                    const char           *destination_name,
                                    const GDate          *today,
                                    const char           *language,
                                    GError              **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yidi-case-list.h"
#include "yidi-filing.h"
#include "yidi-places.h"
#include "yidi-report.h"

G_BEGIN_DECLS

/* The Filing tab: who the person is, a few questions that find the
 * filing category, then the papers to bring (ticks kept in the case),
 * validity and key dates, what to do next, where to file and what to do
 * when already in hospital; printed or saved as a one-page PDF. It
 * shows and edits the current case of the case list. */

#define YIDI_TYPE_FILING_PAGE (yidi_filing_page_get_type ())

G_DECLARE_FINAL_TYPE (YidiFilingPage, yidi_filing_page, YIDI, FILING_PAGE, AdwBin)

void        yidi_filing_page_set_case_list (YidiFilingPage  *self,
                                            YidiCaseList    *case_list);
/* @rules NULL: the rules could not be read; @problem says why. */
void        yidi_filing_page_set_rules     (YidiFilingPage  *self,
                                            YidiFilingRules *rules,
                                            const char      *problem);
void        yidi_filing_page_set_places    (YidiFilingPage  *self,
                                            YidiPlaces      *places);

/* The checklist of the current case, in @language ("zh_CN", "en"; NULL:
 * the language chosen on the page). */
YidiReport *yidi_filing_page_build_report  (YidiFilingPage  *self,
                                            const char      *language,
                                            GError         **error) G_GNUC_WARN_UNUSED_RESULT;
/* What "Save as PDF…" does once a file is chosen. */
gboolean    yidi_filing_page_save_pdf      (YidiFilingPage  *self,
                                            GFile           *file,
                                            GError         **error);

G_END_DECLS

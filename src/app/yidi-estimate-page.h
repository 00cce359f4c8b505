/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yidi-case-list.h"
#include "yidi-directory.h"
#include "yidi-estimate-model.h"
#include "yidi-estimate-ranking.h"
#include "yidi-places.h"
#include "yidi-report.h"

G_BEGIN_DECLS

/* The Cost estimate tab: the person (the shared case, editable here
 * too), the stay and the bill; then what the person would pay in large
 * type, a bar of who pays what, the breakdown in plain words, "Why?" step
 * by step, the same stay compared under other choices, the cheapest
 * networked hospitals nearby, and a printable estimate. The result
 * follows every edit without blocking typing. */

#define YIDI_TYPE_ESTIMATE_PAGE (yidi_estimate_page_get_type ())

G_DECLARE_FINAL_TYPE (YidiEstimatePage, yidi_estimate_page, YIDI, ESTIMATE_PAGE, AdwBin)

void                 yidi_estimate_page_set_case_list (YidiEstimatePage *self,
                                                       YidiCaseList     *case_list);
void                 yidi_estimate_page_set_places    (YidiEstimatePage *self,
                                                       YidiPlaces       *places);
void                 yidi_estimate_page_set_directory (YidiEstimatePage *self,
                                                       YidiDirectory    *directory);

YidiEstimateModel   *yidi_estimate_page_get_model     (YidiEstimatePage *self);
/* Estimates for @institution (its level, its place) and shows the result. */
void                 yidi_estimate_page_use_institution (YidiEstimatePage *self,
                                                         YidiInstitution  *institution);
YidiEstimateRanking *yidi_estimate_page_get_ranking   (YidiEstimatePage *self);

/* The estimate as a document, dated today. */
YidiReport          *yidi_estimate_page_build_report  (YidiEstimatePage *self,
                                                       GError          **error) G_GNUC_WARN_UNUSED_RESULT;
/* What "Save as PDF…" does once a file is chosen. */
gboolean             yidi_estimate_page_save_pdf      (YidiEstimatePage *self,
                                                       GFile            *file,
                                                       GError          **error);

G_END_DECLS

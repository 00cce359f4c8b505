/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yidi-directory.h"
#include "yidi-engine.h"
#include "yidi-institution.h"

G_BEGIN_DECLS

/* "Cheapest nearby" as a GListModel of YidiRankedInstitution: the
 * institutions of the treatment place networked for the kind of visit,
 * each estimated at its level for the same case and bill, cheapest first
 * (then by name); when the directory knows none of the place to be
 * networked, all of the place's institutions. The directory is searched and the ranking made on a
 * worker thread; the newest input wins, and one items-changed replaces
 * the list once it is ranked. At most :limit rows are listed; :n-found
 * says how many institutions were ranked. */

#define YIDI_TYPE_RANKED_INSTITUTION (yidi_ranked_institution_get_type ())

G_DECLARE_FINAL_TYPE (YidiRankedInstitution, yidi_ranked_institution, YIDI, RANKED_INSTITUTION, GObject)

YidiInstitution *yidi_ranked_institution_get_institution   (YidiRankedInstitution *self);
guint            yidi_ranked_institution_get_rank          (YidiRankedInstitution *self);
/* -1 when there is no estimate; then the reason is in get_error(). */
YidiFen          yidi_ranked_institution_get_out_of_pocket (YidiRankedInstitution *self);
YidiFen          yidi_ranked_institution_get_fund          (YidiRankedInstitution *self);
guint32          yidi_ranked_institution_get_unknown       (YidiRankedInstitution *self);
const char      *yidi_ranked_institution_get_error         (YidiRankedInstitution *self);

#define YIDI_TYPE_ESTIMATE_RANKING (yidi_estimate_ranking_get_type ())

G_DECLARE_FINAL_TYPE (YidiEstimateRanking, yidi_estimate_ranking, YIDI, ESTIMATE_RANKING, GObject)

YidiEstimateRanking *yidi_estimate_ranking_new           (void) G_GNUC_WARN_UNUSED_RESULT;

YidiDirectory       *yidi_estimate_ranking_get_directory (YidiEstimateRanking   *self);
guint                yidi_estimate_ranking_get_limit     (YidiEstimateRanking   *self);
gboolean             yidi_estimate_ranking_get_loading   (YidiEstimateRanking   *self);
guint                yidi_estimate_ranking_get_n_found   (YidiEstimateRanking   *self);
gboolean             yidi_estimate_ranking_get_networked_known (YidiEstimateRanking *self);
const GError        *yidi_estimate_ranking_get_error     (YidiEstimateRanking   *self);

void                 yidi_estimate_ranking_set_directory (YidiEstimateRanking   *self,
                                                          YidiDirectory         *directory);
void                 yidi_estimate_ranking_set_limit     (YidiEstimateRanking   *self,
                                                          guint                  limit);
/* Ranks for @input (NULL: no case to rank for, the list empties). The
 * input is copied; its bill must have no lines. */
void                 yidi_estimate_ranking_set_input     (YidiEstimateRanking   *self,
                                                          YidiPolicySet         *policies,
                                                          const YidiEngineInput *input);

/* The directory query for @input: the treatment place, networked for
 * the visit type. */
YidiDirectoryQuery  *yidi_estimate_ranking_make_query    (const YidiEngineInput *input) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

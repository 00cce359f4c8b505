/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yidi-directory.h"
#include "yidi-engine.h"

G_BEGIN_DECLS

/* "Cheapest nearby": institutions ranked by what the person would pay
 * there for the same stay and bill. Each institution is estimated with
 * its own level and its own place as the treatment place; institutions
 * that share both share one estimate, so ranking a city's hospitals costs
 * a few dozen estimates and a sort. */

typedef struct {
  guint   index;             /* into the records ranked */
  YidiFen out_of_pocket;     /* -1: no estimate (see error) */
  YidiFen fund;
  YidiFen total;
  guint32 unknown;           /* YidiEstimateUnknown of its estimate */
  const GError *error;       /* why there is no estimate; owned by the ranking */
} YidiRankedEntry;

typedef struct _YidiRanking YidiRanking;

/* Ranks @records (YidiInstitutionRecord*) for @input (its level and
 * treatment place are replaced by each institution's): cheapest first,
 * then by name; those without an estimate (level not known, no figures
 * for their level) last, by name. */
YidiRanking           *yidi_ranking_new       (YidiPolicySet          *set,
                                               const YidiEngineInput  *input,
                                               GPtrArray              *records) G_GNUC_WARN_UNUSED_RESULT;
void                   yidi_ranking_free      (YidiRanking            *self);
guint                  yidi_ranking_get_n_entries (YidiRanking        *self);
const YidiRankedEntry *yidi_ranking_get_entry (YidiRanking            *self,
                                               guint                   position);
/* How many distinct estimates the ranking needed. */
guint                  yidi_ranking_get_n_estimates (YidiRanking      *self);

/* The treatment place an institution stands for: its county, else its
 * city, else its province, else @fallback. */
const char            *yidi_ranking_record_place (const YidiInstitutionRecord *record,
                                                  const char                  *fallback);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiRanking, yidi_ranking_free)

G_END_DECLS

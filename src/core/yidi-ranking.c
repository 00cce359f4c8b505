/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-ranking"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yidi-ranking.h"

typedef struct {
  YidiFen out_of_pocket;
  YidiFen fund;
  YidiFen total;
  guint32 unknown;
  GError *error;
} Outcome;

typedef struct {
  Outcome *level[YIDI_ENGINE_N_LEVELS];
} PlaceOutcomes;

struct _YidiRanking {
  GArray     *entries;      /* YidiRankedEntry */
  GHashTable *outcomes;     /* place code → PlaceOutcomes* */
  guint       n_estimates;
  GError     *level_unknown;
};

static void
place_outcomes_free (gpointer data)
{
  PlaceOutcomes *outcomes = data;

  for (guint i = 0; i < YIDI_ENGINE_N_LEVELS; i++)
    if (outcomes->level[i] != NULL)
      {
        g_clear_error (&outcomes->level[i]->error);
        g_free (outcomes->level[i]);
      }
  g_free (outcomes);
}

const char *
yidi_ranking_record_place (const YidiInstitutionRecord *record,
                           const char                  *fallback)
{
  g_return_val_if_fail (record != NULL, fallback);

  if (record->county_code != NULL && strlen (record->county_code) == 6)
    return record->county_code;
  if (record->city_code != NULL && strlen (record->city_code) == 6)
    return record->city_code;
  if (record->province_code != NULL && strlen (record->province_code) == 6)
    return record->province_code;
  return fallback;
}

static const Outcome *
estimate (YidiRanking           *self,
          YidiPolicySet         *set,
          YidiEngineInput       *variant,
          const char            *place,
          YidiInstitutionLevel   level)
{
  PlaceOutcomes *outcomes;
  Outcome *outcome;
  YidiEstimate result;

  outcomes = g_hash_table_lookup (self->outcomes, place);
  if (outcomes == NULL)
    {
      outcomes = g_new0 (PlaceOutcomes, 1);
      g_hash_table_insert (self->outcomes, g_strdup (place), outcomes);
    }
  if (outcomes->level[level] != NULL)
    return outcomes->level[level];

  outcome = g_new0 (Outcome, 1);
  memcpy (variant->visit.treatment_place, place, 7);
  variant->visit.level = level;
  if (yidi_engine_estimate (set, variant, YIDI_ESTIMATE_DEFAULT, &result, &outcome->error))
    {
      outcome->out_of_pocket = result.out_of_pocket;
      outcome->fund = result.fund;
      outcome->total = result.total;
      outcome->unknown = result.unknown;
      yidi_estimate_clear (&result);
    }
  else
    outcome->out_of_pocket = -1;
  outcomes->level[level] = outcome;
  self->n_estimates++;
  return outcome;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const YidiRankedEntry *x = a;
  const YidiRankedEntry *y = b;
  GPtrArray *names = user_data;
  gboolean x_none = x->out_of_pocket < 0;
  gboolean y_none = y->out_of_pocket < 0;
  int cmp;

  if (x_none != y_none)
    return x_none ? 1 : -1;
  if (x->out_of_pocket != y->out_of_pocket)
    return x->out_of_pocket < y->out_of_pocket ? -1 : 1;
  cmp = g_strcmp0 (names->pdata[x->index], names->pdata[y->index]);
  if (cmp != 0)
    return cmp;
  return x->index < y->index ? -1 : x->index > y->index;
}

YidiRanking *
yidi_ranking_new (YidiPolicySet         *set,
                  const YidiEngineInput *input,
                  GPtrArray             *records)
{
  YidiRanking *self;
  YidiEngineInput variant;
  g_autoptr(GPtrArray) names = NULL;  /* borrowed from the records, by index */

  g_return_val_if_fail (set != NULL, NULL);
  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (records != NULL, NULL);

  self = g_new0 (YidiRanking, 1);
  self->entries = g_array_sized_new (FALSE, FALSE, sizeof (YidiRankedEntry), records->len);
  self->outcomes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, place_outcomes_free);
  names = g_ptr_array_sized_new (records->len);
  self->level_unknown = g_error_new_literal (YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT,
                                             _("The directory does not give this institution’s level, so it cannot be estimated."));
  variant = *input;

  for (guint i = 0; i < records->len; i++)
    {
      const YidiInstitutionRecord *record = records->pdata[i];
      YidiRankedEntry entry = { i, -1, 0, 0, 0, NULL };
      const char *place = yidi_ranking_record_place (record, input->visit.treatment_place);

      g_ptr_array_add (names, record->name);
      if ((guint) record->level <= YIDI_LEVEL_UNRATED)
        {
          const Outcome *outcome = estimate (self, set, &variant, place, record->level);

          entry.out_of_pocket = outcome->out_of_pocket;
          entry.fund = outcome->fund;
          entry.total = outcome->total;
          entry.unknown = outcome->unknown;
          entry.error = outcome->error;
        }
      else
        entry.error = self->level_unknown;
      g_array_append_val (self->entries, entry);
    }

  g_array_sort_with_data (self->entries, compare_entries, names);
  return self;
}

void
yidi_ranking_free (YidiRanking *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->entries);
  g_hash_table_unref (self->outcomes);
  g_clear_error (&self->level_unknown);
  g_free (self);
}

guint
yidi_ranking_get_n_entries (YidiRanking *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->entries->len;
}

const YidiRankedEntry *
yidi_ranking_get_entry (YidiRanking *self,
                        guint        position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->entries->len, NULL);
  return &g_array_index (self->entries, YidiRankedEntry, position);
}

guint
yidi_ranking_get_n_estimates (YidiRanking *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_estimates;
}

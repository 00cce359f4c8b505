/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-estimate-ranking"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yidi-estimate-ranking.h"
#include "yidi-ranking.h"

/* Read from the directory in pages of this size, up to the maximum. */
#define PAGE_SIZE 1000
#define MAX_RANKED 100000
#define DEFAULT_LIMIT 10

/* ---- YidiRankedInstitution -------------------------------------------------- */

struct _YidiRankedInstitution
{
  GObject parent_instance;

  YidiInstitution *institution;
  guint rank;
  YidiFen out_of_pocket;
  YidiFen fund;
  guint32 unknown;
  char *error;
};

G_DEFINE_FINAL_TYPE (YidiRankedInstitution, yidi_ranked_institution, G_TYPE_OBJECT)

static void
yidi_ranked_institution_finalize (GObject *object)
{
  YidiRankedInstitution *self = YIDI_RANKED_INSTITUTION (object);

  g_clear_object (&self->institution);
  g_free (self->error);

  G_OBJECT_CLASS (yidi_ranked_institution_parent_class)->finalize (object);
}

static void
yidi_ranked_institution_class_init (YidiRankedInstitutionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yidi_ranked_institution_finalize;
}

static void
yidi_ranked_institution_init (YidiRankedInstitution *self)
{
}

YidiInstitution *
yidi_ranked_institution_get_institution (YidiRankedInstitution *self)
{
  g_return_val_if_fail (YIDI_IS_RANKED_INSTITUTION (self), NULL);
  return self->institution;
}

/* 1 for the cheapest. */
guint
yidi_ranked_institution_get_rank (YidiRankedInstitution *self)
{
  g_return_val_if_fail (YIDI_IS_RANKED_INSTITUTION (self), 0);
  return self->rank;
}

YidiFen
yidi_ranked_institution_get_out_of_pocket (YidiRankedInstitution *self)
{
  g_return_val_if_fail (YIDI_IS_RANKED_INSTITUTION (self), -1);
  return self->out_of_pocket;
}

YidiFen
yidi_ranked_institution_get_fund (YidiRankedInstitution *self)
{
  g_return_val_if_fail (YIDI_IS_RANKED_INSTITUTION (self), 0);
  return self->fund;
}

guint32
yidi_ranked_institution_get_unknown (YidiRankedInstitution *self)
{
  g_return_val_if_fail (YIDI_IS_RANKED_INSTITUTION (self), 0);
  return self->unknown;
}

const char *
yidi_ranked_institution_get_error (YidiRankedInstitution *self)
{
  g_return_val_if_fail (YIDI_IS_RANKED_INSTITUTION (self), NULL);
  return self->error;
}

/* ---- YidiEstimateRanking ---------------------------------------------------- */

struct _YidiEstimateRanking
{
  GObject parent_instance;

  YidiDirectory *directory;
  guint limit;

  GPtrArray *items;            /* YidiRankedInstitution */
  guint n_found;
  gboolean loading;
  GError *error;

  guint generation;
  GCancellable *cancellable;
  YidiDirectoryQuery *records_query;  /* what @records were found for */
  GPtrArray *records;                 /* YidiInstitutionRecord: reused while the query is the same */
  gboolean networked_known;
};

static void yidi_estimate_ranking_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YidiEstimateRanking, yidi_estimate_ranking, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, yidi_estimate_ranking_model_init))

enum {
  PROP_0,
  PROP_DIRECTORY,
  PROP_LIMIT,
  PROP_LOADING,
  PROP_N_FOUND,
  PROP_N_ITEMS,
  PROP_ITEM_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  YidiDirectory *directory;
  YidiDirectoryQuery *query;
  YidiPolicySet *policies;
  YidiEngineInput input;
  GPtrArray *records;         /* given, or found by the task */
  YidiRanking *ranking;       /* the result */
  gboolean networked_known;   /* some were known to be networked */
  guint generation;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->directory);
  g_clear_pointer (&job->query, yidi_directory_query_free);
  g_clear_pointer (&job->policies, yidi_policy_set_unref);
  g_clear_pointer (&job->records, g_ptr_array_unref);
  g_clear_pointer (&job->ranking, yidi_ranking_free);
  g_free (job);
}

static GPtrArray *
search_all (YidiDirectory            *directory,
            const YidiDirectoryQuery *query,
            GCancellable             *cancellable,
            GError                  **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_institution_record_free);

  while (records->len < MAX_RANKED)
    {
      g_autoptr(GPtrArray) page = yidi_directory_search (directory, query, records->len, PAGE_SIZE, cancellable, error);

      if (page == NULL)
        return NULL;
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (records, g_steal_pointer (&page->pdata[i]));
      if (page->len < PAGE_SIZE)
        break;
    }
  return g_steal_pointer (&records);
}

static void
rank_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;

  if (job->records == NULL)
    {
      job->records = search_all (job->directory, job->query, cancellable, &error);
      job->networked_known = job->records != NULL && job->records->len > 0;
      /* Many lists do not say which institutions are networked: then
       * rank them all, and say so. */
      if (job->records != NULL && job->records->len == 0)
        {
          g_autoptr(YidiDirectoryQuery) any = yidi_directory_query_copy (job->query);

          any->networked = YIDI_NETWORKED_NONE;
          g_clear_pointer (&job->records, g_ptr_array_unref);
          job->records = search_all (job->directory, any, cancellable, &error);
        }
      if (job->records == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  if (g_task_return_error_if_cancelled (task))
    return;
  job->ranking = yidi_ranking_new (job->policies, &job->input, job->records);
  g_task_return_boolean (task, TRUE);
}

static void
replace_items (YidiEstimateRanking *self,
               GPtrArray           *items,
               guint                n_found)
{
  guint removed = self->items->len;
  guint added = items->len;

  g_ptr_array_set_size (self->items, 0);
  g_ptr_array_extend_and_steal (self->items, g_ptr_array_ref (items));
  self->n_found = n_found;
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FOUND]);
}

static void
set_loading (YidiEstimateRanking *self,
             gboolean             loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
rank_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  YidiEstimateRanking *self = YIDI_ESTIMATE_RANKING (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  guint n;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || job->generation != self->generation)
        return;
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      items = g_ptr_array_new ();
      replace_items (self, items, 0);
      set_loading (self, FALSE);
      return;
    }
  if (job->generation != self->generation)
    return;

  /* Keep the records for the next ranking of the same place. */
  if (self->records != job->records)
    {
      g_clear_pointer (&self->records, g_ptr_array_unref);
      self->records = g_ptr_array_ref (job->records);
      g_clear_pointer (&self->records_query, yidi_directory_query_free);
      self->records_query = yidi_directory_query_copy (job->query);
      self->networked_known = job->networked_known;
    }

  n = yidi_ranking_get_n_entries (job->ranking);
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n && (self->limit == 0 || i < self->limit); i++)
    {
      const YidiRankedEntry *entry = yidi_ranking_get_entry (job->ranking, i);
      YidiRankedInstitution *item = g_object_new (YIDI_TYPE_RANKED_INSTITUTION, NULL);

      item->institution = yidi_institution_new (yidi_institution_record_copy (job->records->pdata[entry->index]));
      item->rank = i + 1;
      item->out_of_pocket = entry->out_of_pocket;
      item->fund = entry->fund;
      item->unknown = entry->unknown;
      item->error = entry->error != NULL ? g_strdup (entry->error->message) : NULL;
      g_ptr_array_add (items, item);
    }
  g_clear_error (&self->error);
  replace_items (self, items, n);
  set_loading (self, FALSE);
}

/* ---- GListModel ------------------------------------------------------------- */

static GType
get_item_type (GListModel *model)
{
  return YIDI_TYPE_RANKED_INSTITUTION;
}

static guint
get_n_items (GListModel *model)
{
  return YIDI_ESTIMATE_RANKING (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  YidiEstimateRanking *self = YIDI_ESTIMATE_RANKING (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (self->items->pdata[position]);
}

static void
yidi_estimate_ranking_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* ---- GObject ---------------------------------------------------------------- */

static void
yidi_estimate_ranking_dispose (GObject *object)
{
  YidiEstimateRanking *self = YIDI_ESTIMATE_RANKING (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->directory);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->records_query, yidi_directory_query_free);

  G_OBJECT_CLASS (yidi_estimate_ranking_parent_class)->dispose (object);
}

static void
yidi_estimate_ranking_finalize (GObject *object)
{
  YidiEstimateRanking *self = YIDI_ESTIMATE_RANKING (object);

  g_ptr_array_unref (self->items);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (yidi_estimate_ranking_parent_class)->finalize (object);
}

static void
yidi_estimate_ranking_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  YidiEstimateRanking *self = YIDI_ESTIMATE_RANKING (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_object (value, self->directory);
      break;
    case PROP_LIMIT:
      g_value_set_uint (value, self->limit);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_FOUND:
      g_value_set_uint (value, self->n_found);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, YIDI_TYPE_RANKED_INSTITUTION);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yidi_estimate_ranking_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  YidiEstimateRanking *self = YIDI_ESTIMATE_RANKING (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      yidi_estimate_ranking_set_directory (self, g_value_get_object (value));
      break;
    case PROP_LIMIT:
      yidi_estimate_ranking_set_limit (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yidi_estimate_ranking_class_init (YidiEstimateRankingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yidi_estimate_ranking_dispose;
  object_class->finalize = yidi_estimate_ranking_finalize;
  object_class->get_property = yidi_estimate_ranking_get_property;
  object_class->set_property = yidi_estimate_ranking_set_property;

  properties[PROP_DIRECTORY] =
    g_param_spec_object ("directory", NULL, NULL, YIDI_TYPE_DIRECTORY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIMIT] =
    g_param_spec_uint ("limit", NULL, NULL, 0, G_MAXUINT, DEFAULT_LIMIT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_FOUND] =
    g_param_spec_uint ("n-found", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yidi_estimate_ranking_init (YidiEstimateRanking *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->limit = DEFAULT_LIMIT;
}

/* ---- Public API ------------------------------------------------------------- */

YidiEstimateRanking *
yidi_estimate_ranking_new (void)
{
  return g_object_new (YIDI_TYPE_ESTIMATE_RANKING, NULL);
}

YidiDirectory *
yidi_estimate_ranking_get_directory (YidiEstimateRanking *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_RANKING (self), NULL);
  return self->directory;
}

guint
yidi_estimate_ranking_get_limit (YidiEstimateRanking *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_RANKING (self), 0);
  return self->limit;
}

gboolean
yidi_estimate_ranking_get_loading (YidiEstimateRanking *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_RANKING (self), FALSE);
  return self->loading;
}

guint
yidi_estimate_ranking_get_n_found (YidiEstimateRanking *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_RANKING (self), 0);
  return self->n_found;
}

/* FALSE when the directory knows no institution of the place to be
 * networked, and all of them were ranked instead. */
gboolean
yidi_estimate_ranking_get_networked_known (YidiEstimateRanking *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_RANKING (self), FALSE);
  return self->networked_known;
}

const GError *
yidi_estimate_ranking_get_error (YidiEstimateRanking *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_RANKING (self), NULL);
  return self->error;
}

void
yidi_estimate_ranking_set_directory (YidiEstimateRanking *self,
                                     YidiDirectory       *directory)
{
  g_return_if_fail (YIDI_IS_ESTIMATE_RANKING (self));
  g_return_if_fail (directory == NULL || YIDI_IS_DIRECTORY (directory));

  if (!g_set_object (&self->directory, directory))
    return;
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->records_query, yidi_directory_query_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTORY]);
}

void
yidi_estimate_ranking_set_limit (YidiEstimateRanking *self,
                                 guint                limit)
{
  g_return_if_fail (YIDI_IS_ESTIMATE_RANKING (self));

  if (self->limit == limit)
    return;
  self->limit = limit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIMIT]);
}

YidiDirectoryQuery *
yidi_estimate_ranking_make_query (const YidiEngineInput *input)
{
  YidiDirectoryQuery *query;

  g_return_val_if_fail (input != NULL, NULL);

  query = yidi_directory_query_new ();
  query->place = g_strdup (input->visit.treatment_place);
  switch (input->visit.type)
    {
    case YIDI_VISIT_OUTPATIENT:
      query->networked = YIDI_NETWORKED_OUTPATIENT;
      break;
    case YIDI_VISIT_CHRONIC_OUTPATIENT:
      query->networked = YIDI_NETWORKED_CHRONIC;
      break;
    case YIDI_VISIT_INPATIENT:
    default:
      query->networked = YIDI_NETWORKED_INPATIENT;
      break;
    }
  return query;
}

void
yidi_estimate_ranking_set_input (YidiEstimateRanking   *self,
                                 YidiPolicySet         *policies,
                                 const YidiEngineInput *input)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (YIDI_IS_ESTIMATE_RANKING (self));
  g_return_if_fail (input == NULL || input->bill.n_lines == 0);

  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (input == NULL || policies == NULL || self->directory == NULL)
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      replace_items (self, none, 0);
      set_loading (self, FALSE);
      return;
    }

  job = g_new0 (Job, 1);
  job->directory = g_object_ref (self->directory);
  job->query = yidi_estimate_ranking_make_query (input);
  job->policies = yidi_policy_set_ref (policies);
  job->input = *input;
  job->generation = self->generation;
  if (self->records != NULL && yidi_directory_query_equal (self->records_query, job->query))
    {
      job->records = g_ptr_array_ref (self->records);
      job->networked_known = self->networked_known;
    }

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, rank_done, NULL);
  g_task_set_source_tag (task, yidi_estimate_ranking_set_input);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  set_loading (self, TRUE);
  g_task_run_in_thread (task, rank_thread);
}

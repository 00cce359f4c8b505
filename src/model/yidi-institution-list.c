/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-institution-list"

#include "config.h"

#include "yidi-core-enums.h"
#include "yidi-institution-list.h"
#include "yidi-institution-private.h"

/* Pages kept in memory: enough for a list view scrolled back and forth,
 * bounded whatever the number of results. */
#define MAX_PAGES 40

typedef struct {
  guint index;
  GPtrArray *items;         /* YidiInstitution*: placeholders until loaded */
  gboolean loaded;
  GList link;               /* in the list's lru queue */
} Page;

struct _YidiInstitutionList
{
  GObject parent_instance;

  YidiDirectory *directory;
  YidiDirectoryQuery *query;

  guint generation;         /* of the newest search */
  GCancellable *cancellable; /* cancels the tasks of that search */
  guint n_items;
  GHashTable *pages;        /* page index → Page* */
  GQueue lru;               /* Pages, most recently used first */
  gboolean loading;
  gboolean counting;
  GError *error;
};

static void yidi_institution_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YidiInstitutionList, yidi_institution_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, yidi_institution_list_model_init))

enum {
  PROP_0,
  PROP_DIRECTORY,
  PROP_TEXT,
  PROP_PLACE,
  PROP_LEVELS,
  PROP_TYPES,
  PROP_NETWORKED,
  PROP_FAVOURITES_ONLY,
  PROP_LOADING,
  PROP_COUNTING,
  PROP_ERROR,
  PROP_N_ITEMS,
  PROP_ITEM_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---------------------------------------------------------------------- */
/* Pages */

static void
page_free (gpointer data)
{
  Page *page = data;

  g_ptr_array_unref (page->items);
  g_free (page);
}

static Page *
page_new (guint index,
          guint n_items)
{
  Page *page = g_new0 (Page, 1);

  page->index = index;
  page->link.data = page;
  page->items = g_ptr_array_new_full (n_items, g_object_unref);
  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (page->items, yidi_institution_new_placeholder ());
  return page;
}

static void
clear_pages (YidiInstitutionList *self)
{
  /* The links are inside the pages: forget them, do not free them. */
  g_queue_init (&self->lru);
  g_hash_table_remove_all (self->pages);
}

static guint
page_length (YidiInstitutionList *self,
             guint                index)
{
  guint start = index * YIDI_INSTITUTION_LIST_PAGE_SIZE;

  return MIN (YIDI_INSTITUTION_LIST_PAGE_SIZE, self->n_items - start);
}

static void
touch_page (YidiInstitutionList *self,
            Page                *page)
{
  if (page->link.prev != NULL || page->link.next != NULL || self->lru.head == &page->link)
    g_queue_unlink (&self->lru, &page->link);
  g_queue_push_head_link (&self->lru, &page->link);
}

/* Drops the least recently used pages beyond MAX_PAGES. A view still
 * showing their items keeps its references; asking again reads again. */
static void
evict_pages (YidiInstitutionList *self)
{
  GList *link = self->lru.tail;

  while (g_hash_table_size (self->pages) > MAX_PAGES && link != NULL)
    {
      Page *page = link->data;
      GList *prev = link->prev;

      if (page->loaded)
        {
          g_queue_unlink (&self->lru, link);
          g_hash_table_remove (self->pages, GUINT_TO_POINTER (page->index));
        }
      link = prev;
    }
}

/* ---------------------------------------------------------------------- */
/* Worker */

typedef enum {
  JOB_FIRST_PAGE,           /* a new search: its first page */
  JOB_COUNT,                /* then, if that page is full, the count */
  JOB_PAGE,                 /* a page asked for */
} JobKind;

typedef struct {
  YidiDirectory *directory;
  YidiDirectoryQuery *query;
  guint generation;
  JobKind kind;
  guint page;               /* the page to read */
  guint n_items;            /* out: JOB_COUNT */
  GPtrArray *records;       /* out: the pages */
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_object_unref (job->directory);
  yidi_directory_query_free (job->query);
  g_clear_pointer (&job->records, g_ptr_array_unref);
  g_free (job);
}

static void
run_job (GTask        *task,
         gpointer      source_object,
         gpointer      task_data,
         GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (job->kind == JOB_COUNT)
    {
      if (yidi_directory_count (job->directory, job->query, &job->n_items, cancellable, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      return;
    }
  job->records = yidi_directory_search (job->directory, job->query,
                                        job->page * YIDI_INSTITUTION_LIST_PAGE_SIZE,
                                        YIDI_INSTITUTION_LIST_PAGE_SIZE, cancellable, &error);
  if (job->records == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
set_loading (YidiInstitutionList *self,
             gboolean             loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_counting (YidiInstitutionList *self,
              gboolean             counting)
{
  if (self->counting == counting)
    return;
  self->counting = counting;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
}

static void
set_error (YidiInstitutionList *self,
           const GError        *error)
{
  if (self->error == NULL && error == NULL)
    return;
  /* The same failure again (page after page of a damaged file) is no
   * news: one notification, one toast. */
  if (self->error != NULL && error != NULL &&
      g_error_matches (self->error, error->domain, error->code) &&
      g_strcmp0 (self->error->message, error->message) == 0)
    return;
  g_clear_error (&self->error);
  self->error = error != NULL ? g_error_copy (error) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* Replaces what the model shows: one items-changed. */
static void
replace_all (YidiInstitutionList *self,
             guint                n_items,
             GPtrArray           *first_page)
{
  guint old_n_items = self->n_items;

  clear_pages (self);
  self->n_items = n_items;
  if (first_page != NULL && n_items > 0)
    {
      Page *page = page_new (0, page_length (self, 0));

      for (guint i = 0; i < page->items->len && i < first_page->len; i++)
        {
          g_object_unref (page->items->pdata[i]);
          page->items->pdata[i] = yidi_institution_new (g_steal_pointer (&first_page->pdata[i]));
        }
      page->loaded = TRUE;
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (0), page);
      touch_page (self, page);
    }

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, n_items);
  if (old_n_items != n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static Job *
job_new (YidiInstitutionList *self,
         JobKind              kind,
         guint                page)
{
  Job *job = g_new0 (Job, 1);

  job->directory = g_object_ref (self->directory);
  job->query = yidi_directory_query_copy (self->query);
  job->generation = self->generation;
  job->kind = kind;
  job->page = page;
  return job;
}

static void on_job_done (GObject *object, GAsyncResult *result, gpointer user_data);
static void start_search (YidiInstitutionList *self);

static void
run (YidiInstitutionList *self,
     Job                 *job)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_job_done, NULL);

  g_task_set_source_tag (task, run);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, run_job);
}

static void
first_page_done (YidiInstitutionList *self,
                 Job                 *job)
{
  /* A short first page is everything: no count to wait for. */
  gboolean complete = job->records->len < YIDI_INSTITUTION_LIST_PAGE_SIZE;

  replace_all (self, job->records->len, job->records);
  set_counting (self, !complete);
  if (!complete)
    run (self, job_new (self, JOB_COUNT, 0));
  set_error (self, NULL);
  set_loading (self, FALSE);
}

static void
count_done (YidiInstitutionList *self,
            Job                 *job)
{
  guint old_n_items = self->n_items;

  set_counting (self, FALSE);
  /* An import between the page and the count may have left fewer rows
   * than the page: search again. */
  if (job->n_items < old_n_items)
    {
      start_search (self);
      return;
    }
  if (job->n_items == old_n_items)
    return;
  self->n_items = job->n_items;
  g_list_model_items_changed (G_LIST_MODEL (self), old_n_items, 0, job->n_items - old_n_items);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
start_search (YidiInstitutionList *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;

  run (self, job_new (self, JOB_FIRST_PAGE, 0));
  set_loading (self, TRUE);
}

static void
page_done (YidiInstitutionList *self,
           Job                 *job)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (job->page));

  if (page == NULL || page->loaded)
    return;

  for (guint i = 0; i < page->items->len && i < job->records->len; i++)
    {
      g_object_unref (page->items->pdata[i]);
      page->items->pdata[i] = yidi_institution_new (g_steal_pointer (&job->records->pdata[i]));
    }
  page->loaded = TRUE;
  touch_page (self, page);
  g_list_model_items_changed (G_LIST_MODEL (self), page->index * YIDI_INSTITUTION_LIST_PAGE_SIZE,
                              page->items->len, page->items->len);

  /* The directory changed under us: search again. */
  if (job->records->len < page->items->len)
    start_search (self);
  else
    evict_pages (self);
}

/* The rows of a page that could not be read say so instead of staying
 * "loading" for ever. The page counts as read: once it is evicted,
 * asking again reads again, and a new search starts afresh. */
static void
page_failed (YidiInstitutionList *self,
             Job                 *job)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (job->page));

  if (page == NULL || page->loaded)
    return;

  for (guint i = 0; i < page->items->len; i++)
    {
      g_object_unref (page->items->pdata[i]);
      page->items->pdata[i] = yidi_institution_new_unreadable ();
    }
  page->loaded = TRUE;
  g_list_model_items_changed (G_LIST_MODEL (self), page->index * YIDI_INSTITUTION_LIST_PAGE_SIZE,
                              page->items->len, page->items->len);
  evict_pages (self);
}

static void
on_job_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  YidiInstitutionList *self = YIDI_INSTITUTION_LIST (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* A newer search replaced this one: nothing to do. */
      if (job->generation != self->generation || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("reading the directory failed: %s", error->message);
      set_error (self, error);
      if (job->kind == JOB_PAGE)
        page_failed (self, job);
      else
        {
          replace_all (self, 0, NULL);
          set_counting (self, FALSE);
          set_loading (self, FALSE);
        }
      return;
    }
  if (job->generation != self->generation)
    return;

  switch (job->kind)
    {
    case JOB_FIRST_PAGE:
      first_page_done (self, job);
      break;
    case JOB_COUNT:
      count_done (self, job);
      break;
    case JOB_PAGE:
      page_done (self, job);
      break;
    default:
      g_assert_not_reached ();
    }
}

static Page *
request_page (YidiInstitutionList *self,
              guint                index)
{
  Page *page = page_new (index, page_length (self, index));

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  touch_page (self, page);
  run (self, job_new (self, JOB_PAGE, index));
  return page;
}

static void
on_directory_changed (YidiDirectory       *directory,
                      YidiInstitutionList *self)
{
  start_search (self);
}

/* ---------------------------------------------------------------------- */
/* GListModel */

static GType
yidi_institution_list_get_item_type (GListModel *model)
{
  return YIDI_TYPE_INSTITUTION;
}

static guint
yidi_institution_list_get_n_items (GListModel *model)
{
  return YIDI_INSTITUTION_LIST (model)->n_items;
}

static gpointer
yidi_institution_list_get_item (GListModel *model,
                                guint       position)
{
  YidiInstitutionList *self = YIDI_INSTITUTION_LIST (model);
  guint index = position / YIDI_INSTITUTION_LIST_PAGE_SIZE;
  Page *page;

  if (position >= self->n_items)
    return NULL;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page == NULL)
    page = request_page (self, index);
  else
    touch_page (self, page);

  return g_object_ref (g_ptr_array_index (page->items, position % YIDI_INSTITUTION_LIST_PAGE_SIZE));
}

static void
yidi_institution_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = yidi_institution_list_get_item_type;
  iface->get_n_items = yidi_institution_list_get_n_items;
  iface->get_item = yidi_institution_list_get_item;
}

/* ---------------------------------------------------------------------- */
/* GObject */

static void
yidi_institution_list_constructed (GObject *object)
{
  YidiInstitutionList *self = YIDI_INSTITUTION_LIST (object);

  G_OBJECT_CLASS (yidi_institution_list_parent_class)->constructed (object);

  g_return_if_fail (self->directory != NULL);
  g_signal_connect_object (self->directory, "changed", G_CALLBACK (on_directory_changed), self, 0);
  start_search (self);
}

static void
yidi_institution_list_dispose (GObject *object)
{
  YidiInstitutionList *self = YIDI_INSTITUTION_LIST (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_pages (self);
  g_clear_object (&self->directory);

  G_OBJECT_CLASS (yidi_institution_list_parent_class)->dispose (object);
}

static void
yidi_institution_list_finalize (GObject *object)
{
  YidiInstitutionList *self = YIDI_INSTITUTION_LIST (object);

  g_hash_table_unref (self->pages);
  yidi_directory_query_free (self->query);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (yidi_institution_list_parent_class)->finalize (object);
}

static void
yidi_institution_list_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  YidiInstitutionList *self = YIDI_INSTITUTION_LIST (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_object (value, self->directory);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->query->text);
      break;
    case PROP_PLACE:
      g_value_set_string (value, self->query->place);
      break;
    case PROP_LEVELS:
      g_value_set_uint (value, self->query->levels);
      break;
    case PROP_TYPES:
      g_value_set_uint (value, self->query->types);
      break;
    case PROP_NETWORKED:
      g_value_set_flags (value, self->query->networked);
      break;
    case PROP_FAVOURITES_ONLY:
      g_value_set_boolean (value, self->query->favourites_only);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_COUNTING:
      g_value_set_boolean (value, self->counting);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, YIDI_TYPE_INSTITUTION);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yidi_institution_list_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  YidiInstitutionList *self = YIDI_INSTITUTION_LIST (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      self->directory = g_value_dup_object (value);
      break;
    case PROP_TEXT:
      yidi_institution_list_set_text (self, g_value_get_string (value));
      break;
    case PROP_PLACE:
      yidi_institution_list_set_place (self, g_value_get_string (value));
      break;
    case PROP_LEVELS:
      yidi_institution_list_set_levels (self, g_value_get_uint (value));
      break;
    case PROP_TYPES:
      yidi_institution_list_set_types (self, g_value_get_uint (value));
      break;
    case PROP_NETWORKED:
      yidi_institution_list_set_networked (self, g_value_get_flags (value));
      break;
    case PROP_FAVOURITES_ONLY:
      yidi_institution_list_set_favourites_only (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yidi_institution_list_class_init (YidiInstitutionListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = yidi_institution_list_constructed;
  object_class->dispose = yidi_institution_list_dispose;
  object_class->finalize = yidi_institution_list_finalize;
  object_class->get_property = yidi_institution_list_get_property;
  object_class->set_property = yidi_institution_list_set_property;

  properties[PROP_DIRECTORY] =
    g_param_spec_object ("directory", NULL, NULL, YIDI_TYPE_DIRECTORY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * YidiInstitutionList:text:
   *
   * What the person typed (see YidiDirectoryQuery).
   */
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, rw);
  /**
   * YidiInstitutionList:place:
   *
   * A division code (province, city or county) to search in, or %NULL.
   */
  properties[PROP_PLACE] = g_param_spec_string ("place", NULL, NULL, NULL, rw);
  /**
   * YidiInstitutionList:levels:
   *
   * The levels to show, as bits 1 << #YidiInstitutionLevel; 0 for all.
   */
  properties[PROP_LEVELS] = g_param_spec_uint ("levels", NULL, NULL, 0, G_MAXUINT, 0, rw);
  /**
   * YidiInstitutionList:types:
   *
   * The types to show, as bits 1 << #YidiInstitutionType; 0 for all.
   */
  properties[PROP_TYPES] = g_param_spec_uint ("types", NULL, NULL, 0, G_MAXUINT, 0, rw);
  /**
   * YidiInstitutionList:networked:
   *
   * Services the institutions must be known to settle directly.
   */
  properties[PROP_NETWORKED] = g_param_spec_flags ("networked", NULL, NULL, YIDI_TYPE_NETWORKED_FLAGS,
                                                   YIDI_NETWORKED_NONE, rw);
  properties[PROP_FAVOURITES_ONLY] = g_param_spec_boolean ("favourites-only", NULL, NULL, FALSE, rw);
  /**
   * YidiInstitutionList:loading:
   *
   * Whether a search is running; the items are still the previous ones.
   */
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);
  /**
   * YidiInstitutionList:counting:
   *
   * Whether the results are being counted: until then :n-items is the
   * first page only, and it grows once the count is in.
   */
  properties[PROP_COUNTING] = g_param_spec_boolean ("counting", NULL, NULL, FALSE, ro);
  /**
   * YidiInstitutionList:error:
   *
   * Why the last search failed (a translated message), or %NULL.
   */
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_ITEM_TYPE] = g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yidi_institution_list_init (YidiInstitutionList *self)
{
  self->query = yidi_directory_query_new ();
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  g_queue_init (&self->lru);
}

/* ---------------------------------------------------------------------- */
/* Public API */

/**
 * yidi_institution_list_new:
 * @directory: the directory to search
 *
 * Returns: (transfer full): a list that starts by showing every
 *   institution, by rank.
 */
YidiInstitutionList *
yidi_institution_list_new (YidiDirectory *directory)
{
  g_return_val_if_fail (YIDI_IS_DIRECTORY (directory), NULL);

  return g_object_new (YIDI_TYPE_INSTITUTION_LIST, "directory", directory, NULL);
}

/**
 * yidi_institution_list_get_directory:
 *
 * Returns: (transfer none): the directory searched.
 */
YidiDirectory *
yidi_institution_list_get_directory (YidiInstitutionList *self)
{
  g_return_val_if_fail (YIDI_IS_INSTITUTION_LIST (self), NULL);
  return self->directory;
}

/**
 * yidi_institution_list_get_query:
 *
 * Returns: (transfer none): the current search.
 */
const YidiDirectoryQuery *
yidi_institution_list_get_query (YidiInstitutionList *self)
{
  g_return_val_if_fail (YIDI_IS_INSTITUTION_LIST (self), NULL);
  return self->query;
}

const char *
yidi_institution_list_get_text (YidiInstitutionList *self)
{
  g_return_val_if_fail (YIDI_IS_INSTITUTION_LIST (self), NULL);
  return self->query->text;
}

const char *
yidi_institution_list_get_place (YidiInstitutionList *self)
{
  g_return_val_if_fail (YIDI_IS_INSTITUTION_LIST (self), NULL);
  return self->query->place;
}

guint
yidi_institution_list_get_levels (YidiInstitutionList *self)
{
  g_return_val_if_fail (YIDI_IS_INSTITUTION_LIST (self), 0);
  return self->query->levels;
}

guint
yidi_institution_list_get_types (YidiInstitutionList *self)
{
  g_return_val_if_fail (YIDI_IS_INSTITUTION_LIST (self), 0);
  return self->query->types;
}

YidiNetworkedFlags
yidi_institution_list_get_networked (YidiInstitutionList *self)
{
  g_return_val_if_fail (YIDI_IS_INSTITUTION_LIST (self), 0);
  return self->query->networked;
}

gboolean
yidi_institution_list_get_favourites_only (YidiInstitutionList *self)
{
  g_return_val_if_fail (YIDI_IS_INSTITUTION_LIST (self), FALSE);
  return self->query->favourites_only;
}

gboolean
yidi_institution_list_get_loading (YidiInstitutionList *self)
{
  g_return_val_if_fail (YIDI_IS_INSTITUTION_LIST (self), FALSE);
  return self->loading;
}

gboolean
yidi_institution_list_get_counting (YidiInstitutionList *self)
{
  g_return_val_if_fail (YIDI_IS_INSTITUTION_LIST (self), FALSE);
  return self->counting;
}

/**
 * yidi_institution_list_get_error:
 *
 * Returns: (nullable) (transfer none): why the last search failed.
 */
const GError *
yidi_institution_list_get_error (YidiInstitutionList *self)
{
  g_return_val_if_fail (YIDI_IS_INSTITUTION_LIST (self), NULL);
  return self->error;
}

/**
 * yidi_institution_list_set_query:
 * @query: the text and every filter at once
 *
 * Starts one search for all the changes.
 */
void
yidi_institution_list_set_query (YidiInstitutionList      *self,
                                 const YidiDirectoryQuery *query)
{
  YidiDirectoryQuery *old;

  g_return_if_fail (YIDI_IS_INSTITUTION_LIST (self));
  g_return_if_fail (query != NULL);

  if (yidi_directory_query_equal (self->query, query))
    return;

  old = g_steal_pointer (&self->query);
  self->query = yidi_directory_query_copy (query);

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (old->text, query->text) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  if (g_strcmp0 (old->place, query->place) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLACE]);
  if (old->levels != query->levels)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVELS]);
  if (old->types != query->types)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TYPES]);
  if (old->networked != query->networked)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NETWORKED]);
  if (!old->favourites_only != !query->favourites_only)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAVOURITES_ONLY]);
  yidi_directory_query_free (old);

  start_search (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
change_query (YidiInstitutionList *self,
              void (*change) (YidiDirectoryQuery *query, gconstpointer value),
              gconstpointer        value)
{
  g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_copy (self->query);

  change (query, value);
  yidi_institution_list_set_query (self, query);
}

static void
change_text (YidiDirectoryQuery *query,
             gconstpointer       value)
{
  g_free (query->text);
  query->text = g_strdup (value);
}

static void
change_place (YidiDirectoryQuery *query,
              gconstpointer       value)
{
  g_free (query->place);
  query->place = value != NULL && *(const char *) value != '\0' ? g_strdup (value) : NULL;
}

static void
change_levels (YidiDirectoryQuery *query,
               gconstpointer       value)
{
  query->levels = GPOINTER_TO_UINT (value);
}

static void
change_types (YidiDirectoryQuery *query,
              gconstpointer       value)
{
  query->types = GPOINTER_TO_UINT (value);
}

static void
change_networked (YidiDirectoryQuery *query,
                  gconstpointer       value)
{
  query->networked = GPOINTER_TO_UINT (value);
}

static void
change_favourites_only (YidiDirectoryQuery *query,
                        gconstpointer       value)
{
  query->favourites_only = GPOINTER_TO_UINT (value) != 0;
}

void
yidi_institution_list_set_text (YidiInstitutionList *self,
                                const char          *text)
{
  g_return_if_fail (YIDI_IS_INSTITUTION_LIST (self));
  change_query (self, change_text, text);
}

/**
 * yidi_institution_list_set_place:
 * @division_code: (nullable): a province, city or county, or %NULL for
 *   anywhere
 */
void
yidi_institution_list_set_place (YidiInstitutionList *self,
                                 const char          *division_code)
{
  g_return_if_fail (YIDI_IS_INSTITUTION_LIST (self));
  change_query (self, change_place, division_code);
}

void
yidi_institution_list_set_levels (YidiInstitutionList *self,
                                  guint                levels)
{
  g_return_if_fail (YIDI_IS_INSTITUTION_LIST (self));
  change_query (self, change_levels, GUINT_TO_POINTER (levels));
}

void
yidi_institution_list_set_types (YidiInstitutionList *self,
                                 guint                types)
{
  g_return_if_fail (YIDI_IS_INSTITUTION_LIST (self));
  change_query (self, change_types, GUINT_TO_POINTER (types));
}

void
yidi_institution_list_set_networked (YidiInstitutionList *self,
                                     YidiNetworkedFlags   networked)
{
  g_return_if_fail (YIDI_IS_INSTITUTION_LIST (self));
  change_query (self, change_networked, GUINT_TO_POINTER (networked));
}

void
yidi_institution_list_set_favourites_only (YidiInstitutionList *self,
                                           gboolean             favourites_only)
{
  g_return_if_fail (YIDI_IS_INSTITUTION_LIST (self));
  change_query (self, change_favourites_only, GUINT_TO_POINTER (favourites_only));
}

/**
 * yidi_institution_list_refresh:
 *
 * Searches again, for when the directory changed behind the list's back
 * (imports through yidi_directory_import_async() are noticed by
 * themselves).
 */
void
yidi_institution_list_refresh (YidiInstitutionList *self)
{
  g_return_if_fail (YIDI_IS_INSTITUTION_LIST (self));
  start_search (self);
}

typedef struct {
  YidiDirectory *directory;
  YidiInstitution *institution;
  gboolean favourite;
} FavouriteJob;

static void
favourite_job_free (gpointer data)
{
  FavouriteJob *job = data;

  g_object_unref (job->directory);
  g_object_unref (job->institution);
  g_free (job);
}

static void
run_favourite (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FavouriteJob *job = task_data;
  GError *error = NULL;

  if (yidi_directory_set_favourite (job->directory,
                                    yidi_institution_get_key (job->institution),
                                    yidi_institution_get_name (job->institution),
                                    job->favourite, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_favourite_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  YidiInstitutionList *self = YIDI_INSTITUTION_LIST (object);
  FavouriteJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      set_error (self, error);
      return;
    }
  yidi_institution_set_favourite (job->institution, job->favourite);
  if (self->query->favourites_only)
    start_search (self);
}

/**
 * yidi_institution_list_set_favourite:
 * @institution: an institution of this list (not a placeholder)
 * @favourite: whether to keep it among the favourites
 *
 * Saves the change in the person's database, off the main thread; then
 * @institution's :favourite changes, or :error says why it could not be
 * saved. Writes are never cancelled.
 */
void
yidi_institution_list_set_favourite (YidiInstitutionList *self,
                                     YidiInstitution     *institution,
                                     gboolean             favourite)
{
  g_autoptr(GTask) task = NULL;
  FavouriteJob *job;

  g_return_if_fail (YIDI_IS_INSTITUTION_LIST (self));
  g_return_if_fail (YIDI_IS_INSTITUTION (institution));
  g_return_if_fail (!yidi_institution_get_loading (institution));

  job = g_new0 (FavouriteJob, 1);
  job->directory = g_object_ref (self->directory);
  job->institution = g_object_ref (institution);
  job->favourite = favourite;

  task = g_task_new (self, NULL, on_favourite_done, NULL);
  g_task_set_source_tag (task, yidi_institution_list_set_favourite);
  g_task_set_task_data (task, job, favourite_job_free);
  g_task_run_in_thread (task, run_favourite);
}

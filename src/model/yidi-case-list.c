/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-case-list"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <time.h>

#include "yidi-case-list.h"
#include "yidi-casebook.h"

/* One worker thread owns the casebook: operations queue in order (a save
 * is done before the list that follows it), and the results are applied
 * on the main thread before the caller's callback runs. */

typedef enum {
  OP_OPEN,
  OP_LIST,
  OP_SAVE,
  OP_LOAD,
  OP_RENAME,
  OP_DUPLICATE,
  OP_DELETE,
  OP_EXPORT,
  OP_IMPORT,
} OpKind;

typedef struct {
  OpKind          kind;
  char           *path;         /* OPEN */
  char           *query;        /* the search to list with afterwards */
  YidiCaseRecord *record;       /* SAVE in, OPEN/LOAD out */
  gint64          id;           /* the case; DUPLICATE/IMPORT out */
  gint64          saved_from;   /* SAVE: the id "current" had when asked */
  char           *text;         /* RENAME label, IMPORT contents, EXPORT out */
  gsize           length;
  char           *name;         /* IMPORT file name */
  GPtrArray      *records;      /* the list afterwards */
  char           *moved_aside;  /* OPEN */
} Op;

struct _YidiCaseList
{
  GObject parent_instance;

  YidiCase        *current;
  YidiFilingRules *rules;
  GPtrArray       *items;        /* YidiCaseSummary */
  char            *search;
  char            *moved_aside;
  GDate            today;        /* invalid: the real date */
  GThreadPool     *worker;

  /* Touched by the worker thread only. */
  YidiCasebook    *book;
};

static void yidi_case_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YidiCaseList, yidi_case_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, yidi_case_list_model_init))

enum {
  PROP_0,
  PROP_CURRENT,
  PROP_SEARCH,
  PROP_MOVED_ASIDE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Operations ----------------------------------------------------------- */

static void
op_free (Op *op)
{
  g_free (op->path);
  g_free (op->query);
  g_clear_pointer (&op->record, yidi_case_record_free);
  g_free (op->text);
  g_free (op->name);
  g_clear_pointer (&op->records, g_ptr_array_unref);
  g_free (op->moved_aside);
  g_free (op);
}

static Op *
op_new (YidiCaseList *self,
        OpKind        kind)
{
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  op->query = g_strdup (self->search);
  return op;
}

static gboolean
not_open (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                       _("The saved cases are not open. Restart Yidi."));
  return FALSE;
}

/* Runs in the worker thread. */
static gboolean
run_op (YidiCaseList  *self,
        Op            *op,
        GError       **error)
{
  gint64 last;

  if (op->kind == OP_OPEN)
    {
      g_clear_pointer (&self->book, yidi_casebook_close);
      self->book = yidi_casebook_open (op->path, &op->moved_aside, error);
      if (self->book == NULL)
        return FALSE;
      last = yidi_casebook_get_last_opened (self->book);
      if (last != 0)
        op->record = yidi_casebook_load (self->book, last, NULL);
      return TRUE;
    }

  if (self->book == NULL)
    return not_open (error);

  switch (op->kind)
    {
    case OP_LIST:
      return TRUE;
    case OP_SAVE:
      return yidi_casebook_save (self->book, op->record, error) &&
             yidi_casebook_set_last_opened (self->book, op->record->id, error);
    case OP_LOAD:
      op->record = yidi_casebook_load (self->book, op->id, error);
      return op->record != NULL && yidi_casebook_set_last_opened (self->book, op->id, error);
    case OP_RENAME:
      return yidi_casebook_rename (self->book, op->id, op->text, error);
    case OP_DUPLICATE:
      op->id = yidi_casebook_duplicate (self->book, op->id, NULL, error);
      return op->id != 0;
    case OP_DELETE:
      return yidi_casebook_delete (self->book, op->id, error);
    case OP_EXPORT:
      op->text = yidi_casebook_export (self->book, op->id, &op->length, error);
      return op->text != NULL;
    case OP_IMPORT:
      op->id = yidi_casebook_import (self->book, op->text, op->length, op->name, error);
      return op->id != 0;
    case OP_OPEN:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
unref_task_cb (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

static void
worker_func (gpointer data,
             gpointer user_data)
{
  GTask *task = data;
  YidiCaseList *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;
  GSource *source;

  if (run_op (self, op, &error) && op->kind != OP_EXPORT)
    op->records = yidi_casebook_list (self->book, op->query, NULL, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);

  /* Drop the worker's reference on the main thread, after the result,
   * so the list is never finalized in this thread. */
  source = g_idle_source_new ();
  g_source_set_callback (source, unref_task_cb, task, NULL);
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

static void
get_today (YidiCaseList *self,
           GDate        *today)
{
  if (g_date_valid (&self->today))
    {
      *today = self->today;
      return;
    }
  g_date_clear (today, 1);
  g_date_set_time_t (today, time (NULL));
}

static void
set_records (YidiCaseList *self,
             GPtrArray    *records)
{
  guint removed = self->items->len;
  GDate today;

  get_today (self, &today);
  g_ptr_array_set_size (self->items, 0);
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (self->items, yidi_case_summary_new (records->pdata[i], self->rules, &today));

  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->items->len);
}

/* Runs on the main thread when the worker is done: applies the result,
 * then completes the caller's task. */
static void
op_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  YidiCaseList *self = YIDI_CASE_LIST (object);
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GError) error = NULL;
  Op *op = g_task_get_task_data (outer);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_debug ("case operation %d failed", op->kind);
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  switch (op->kind)
    {
    case OP_OPEN:
      g_free (self->moved_aside);
      self->moved_aside = g_strdup (op->moved_aside);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOVED_ASIDE]);
      if (op->record != NULL)
        yidi_case_load_record (self->current, op->record);
      break;
    case OP_SAVE:
      /* Unless the person has switched to another case meanwhile. */
      if (yidi_case_get_id (self->current) == op->saved_from)
        yidi_case_set_id (self->current, op->record->id);
      break;
    case OP_LOAD:
      yidi_case_load_record (self->current, op->record);
      break;
    case OP_RENAME:
      if (yidi_case_get_id (self->current) == op->id)
        yidi_case_set_label (self->current, op->text);
      break;
    case OP_DELETE:
      if (yidi_case_get_id (self->current) == op->id)
        yidi_case_reset (self->current);
      break;
    case OP_LIST:
    case OP_DUPLICATE:
    case OP_EXPORT:
    case OP_IMPORT:
    default:
      break;
    }

  if (op->records != NULL)
    set_records (self, op->records);

  g_task_return_boolean (outer, TRUE);
}

static void
queue_op (YidiCaseList        *self,
          Op                  *op,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  GTask *inner;

  g_task_set_source_tag (outer, source_tag);
  g_task_set_task_data (outer, op, (GDestroyNotify) op_free);

  /* The inner task is not cancellable: a write always completes. */
  inner = g_task_new (self, NULL, op_done_cb, outer);
  g_task_set_task_data (inner, op, NULL);
  g_thread_pool_push (self->worker, inner, NULL);
}

static gboolean
finish_op (YidiCaseList  *self,
           GAsyncResult  *result,
           gpointer       source_tag,
           GError       **error)
{
  g_return_val_if_fail (YIDI_IS_CASE_LIST (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- GListModel ----------------------------------------------------------- */

static GType
yidi_case_list_get_item_type (GListModel *model)
{
  return YIDI_TYPE_CASE_SUMMARY;
}

static guint
yidi_case_list_get_n_items (GListModel *model)
{
  return YIDI_CASE_LIST (model)->items->len;
}

static gpointer
yidi_case_list_get_item (GListModel *model,
                         guint       position)
{
  YidiCaseList *self = YIDI_CASE_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (self->items->pdata[position]);
}

static void
yidi_case_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = yidi_case_list_get_item_type;
  iface->get_n_items = yidi_case_list_get_n_items;
  iface->get_item = yidi_case_list_get_item;
}

/* ---- GObject -------------------------------------------------------------- */

static void
yidi_case_list_dispose (GObject *object)
{
  YidiCaseList *self = (YidiCaseList *) object;

  g_clear_object (&self->current);

  G_OBJECT_CLASS (yidi_case_list_parent_class)->dispose (object);
}

static void
yidi_case_list_finalize (GObject *object)
{
  YidiCaseList *self = (YidiCaseList *) object;

  /* Every queued operation holds a reference, so none is left: the
   * worker is idle and the casebook can be closed here. */
  g_thread_pool_free (self->worker, FALSE, TRUE);
  g_clear_pointer (&self->book, yidi_casebook_close);
  g_clear_pointer (&self->rules, yidi_filing_rules_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_free (self->search);
  g_free (self->moved_aside);

  G_OBJECT_CLASS (yidi_case_list_parent_class)->finalize (object);
}

static void
yidi_case_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YidiCaseList *self = YIDI_CASE_LIST (object);

  switch (prop_id)
    {
    case PROP_CURRENT:
      g_value_set_object (value, self->current);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    case PROP_MOVED_ASIDE:
      g_value_set_string (value, self->moved_aside);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yidi_case_list_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  YidiCaseList *self = YIDI_CASE_LIST (object);

  switch (prop_id)
    {
    case PROP_CURRENT:
      g_set_object (&self->current, g_value_get_object (value));
      if (self->current == NULL)
        self->current = yidi_case_new ();
      break;
    case PROP_SEARCH:
      yidi_case_list_set_search (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yidi_case_list_class_init (YidiCaseListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yidi_case_list_dispose;
  object_class->finalize = yidi_case_list_finalize;
  object_class->get_property = yidi_case_list_get_property;
  object_class->set_property = yidi_case_list_set_property;

  properties[PROP_CURRENT] =
    g_param_spec_object ("current", NULL, NULL, YIDI_TYPE_CASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MOVED_ASIDE] =
    g_param_spec_string ("moved-aside", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yidi_case_list_init (YidiCaseList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  g_date_clear (&self->today, 1);
  self->worker = g_thread_pool_new (worker_func, self, 1, FALSE, NULL);
}

/* ---- Public API ----------------------------------------------------------- */

YidiCaseList *
yidi_case_list_new (YidiCase        *current,
                    YidiFilingRules *rules)
{
  YidiCaseList *self;

  g_return_val_if_fail (current == NULL || YIDI_IS_CASE (current), NULL);

  self = g_object_new (YIDI_TYPE_CASE_LIST, "current", current, NULL);
  if (rules != NULL)
    self->rules = yidi_filing_rules_ref (rules);
  return self;
}

YidiCase *
yidi_case_list_get_current (YidiCaseList *self)
{
  g_return_val_if_fail (YIDI_IS_CASE_LIST (self), NULL);
  return self->current;
}

const char *
yidi_case_list_get_search (YidiCaseList *self)
{
  g_return_val_if_fail (YIDI_IS_CASE_LIST (self), NULL);
  return self->search;
}

const char *
yidi_case_list_get_moved_aside (YidiCaseList *self)
{
  g_return_val_if_fail (YIDI_IS_CASE_LIST (self), NULL);
  return self->moved_aside;
}

char *
yidi_case_list_dup_recovery_message (YidiCaseList *self)
{
  g_return_val_if_fail (YIDI_IS_CASE_LIST (self), NULL);

  if (self->moved_aside == NULL)
    return NULL;
  return g_strdup_printf (_("Your saved cases could not be read. The damaged file was kept as “%s” and a new, empty case list was started."),
                          self->moved_aside);
}

static void
refresh_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_debug ("could not refresh the case list: %s", error->message);
}

void
yidi_case_list_set_search (YidiCaseList *self,
                           const char   *search)
{
  g_return_if_fail (YIDI_IS_CASE_LIST (self));

  if (g_strcmp0 (self->search, search) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (search);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);

  queue_op (self, op_new (self, OP_LIST), yidi_case_list_set_search, NULL, refresh_done_cb, NULL);
}

void
yidi_case_list_set_today (YidiCaseList *self,
                          const GDate  *today)
{
  g_return_if_fail (YIDI_IS_CASE_LIST (self));

  if (today != NULL)
    self->today = *today;
  else
    g_date_clear (&self->today, 1);
}

static int
compare_urgency (gconstpointer a,
                 gconstpointer b)
{
  YidiCaseSummary *sa = *(YidiCaseSummary **) a;
  YidiCaseSummary *sb = *(YidiCaseSummary **) b;
  YidiFilingWarning wa = yidi_case_summary_get_warning (sa);
  YidiFilingWarning wb = yidi_case_summary_get_warning (sb);

  if (wa != wb)
    return wa > wb ? -1 : 1;
  return yidi_case_summary_get_days_left (sa) - yidi_case_summary_get_days_left (sb);
}

GPtrArray *
yidi_case_list_dup_warned (YidiCaseList *self)
{
  GPtrArray *warned;

  g_return_val_if_fail (YIDI_IS_CASE_LIST (self), NULL);

  warned = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->items->len; i++)
    {
      if (yidi_case_summary_get_warning (self->items->pdata[i]) != YIDI_FILING_WARNING_NONE)
        g_ptr_array_add (warned, g_object_ref (self->items->pdata[i]));
    }
  g_ptr_array_sort (warned, compare_urgency);
  return warned;
}

void
yidi_case_list_open_async (YidiCaseList        *self,
                           const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Op *op;

  g_return_if_fail (YIDI_IS_CASE_LIST (self));

  op = op_new (self, OP_OPEN);
  op->path = g_strdup (path);
  queue_op (self, op, yidi_case_list_open_async, cancellable, callback, user_data);
}

gboolean
yidi_case_list_open_finish (YidiCaseList  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return finish_op (self, result, yidi_case_list_open_async, error);
}

void
yidi_case_list_save_async (YidiCaseList        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Op *op;

  g_return_if_fail (YIDI_IS_CASE_LIST (self));

  /* A snapshot: later edits go into the next save. */
  op = op_new (self, OP_SAVE);
  op->record = yidi_case_to_record (self->current);
  op->saved_from = op->record->id;
  queue_op (self, op, yidi_case_list_save_async, cancellable, callback, user_data);
}

gboolean
yidi_case_list_save_finish (YidiCaseList  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return finish_op (self, result, yidi_case_list_save_async, error);
}

void
yidi_case_list_switch_async (YidiCaseList        *self,
                             gint64               id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Op *op;

  g_return_if_fail (YIDI_IS_CASE_LIST (self));

  op = op_new (self, OP_LOAD);
  op->id = id;
  queue_op (self, op, yidi_case_list_switch_async, cancellable, callback, user_data);
}

gboolean
yidi_case_list_switch_finish (YidiCaseList  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_op (self, result, yidi_case_list_switch_async, error);
}

void
yidi_case_list_new_case (YidiCaseList *self)
{
  g_return_if_fail (YIDI_IS_CASE_LIST (self));
  yidi_case_reset (self->current);
}

void
yidi_case_list_rename_async (YidiCaseList        *self,
                             gint64               id,
                             const char          *label,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Op *op;

  g_return_if_fail (YIDI_IS_CASE_LIST (self));
  g_return_if_fail (label != NULL);

  op = op_new (self, OP_RENAME);
  op->id = id;
  op->text = g_strdup (label);
  queue_op (self, op, yidi_case_list_rename_async, cancellable, callback, user_data);
}

gboolean
yidi_case_list_rename_finish (YidiCaseList  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_op (self, result, yidi_case_list_rename_async, error);
}

void
yidi_case_list_duplicate_async (YidiCaseList        *self,
                                gint64               id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Op *op;

  g_return_if_fail (YIDI_IS_CASE_LIST (self));

  op = op_new (self, OP_DUPLICATE);
  op->id = id;
  queue_op (self, op, yidi_case_list_duplicate_async, cancellable, callback, user_data);
}

gint64
yidi_case_list_duplicate_finish (YidiCaseList  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  if (!finish_op (self, result, yidi_case_list_duplicate_async, error))
    return 0;
  return ((Op *) g_task_get_task_data (G_TASK (result)))->id;
}

void
yidi_case_list_delete_async (YidiCaseList        *self,
                             gint64               id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Op *op;

  g_return_if_fail (YIDI_IS_CASE_LIST (self));

  op = op_new (self, OP_DELETE);
  op->id = id;
  queue_op (self, op, yidi_case_list_delete_async, cancellable, callback, user_data);
}

gboolean
yidi_case_list_delete_finish (YidiCaseList  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_op (self, result, yidi_case_list_delete_async, error);
}

void
yidi_case_list_export_async (YidiCaseList        *self,
                             gint64               id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Op *op;

  g_return_if_fail (YIDI_IS_CASE_LIST (self));

  op = op_new (self, OP_EXPORT);
  op->id = id;
  queue_op (self, op, yidi_case_list_export_async, cancellable, callback, user_data);
}

GBytes *
yidi_case_list_export_finish (YidiCaseList  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  Op *op;

  if (!finish_op (self, result, yidi_case_list_export_async, error))
    return NULL;
  op = g_task_get_task_data (G_TASK (result));
  return g_bytes_new_take (g_steal_pointer (&op->text), op->length);
}

void
yidi_case_list_import_async (YidiCaseList        *self,
                             GBytes              *contents,
                             const char          *file_name,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Op *op;
  gsize length;
  const char *data;

  g_return_if_fail (YIDI_IS_CASE_LIST (self));
  g_return_if_fail (contents != NULL);
  g_return_if_fail (file_name != NULL);

  data = g_bytes_get_data (contents, &length);
  op = op_new (self, OP_IMPORT);
  op->text = g_strndup (data != NULL ? data : "", length);
  op->length = strlen (op->text);
  op->name = g_strdup (file_name);
  queue_op (self, op, yidi_case_list_import_async, cancellable, callback, user_data);
}

gint64
yidi_case_list_import_finish (YidiCaseList  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  if (!finish_op (self, result, yidi_case_list_import_async, error))
    return 0;
  return ((Op *) g_task_get_task_data (G_TASK (result)))->id;
}

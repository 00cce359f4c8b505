/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-case-list"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <time.h>

#include "yidi-case-list.h"
#include "yidi-casebook.h"

/* How many places a search by place name looks at. */
#define MAX_MATCHED_PLACES 20

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
  OP_FLUSH,
  OP_REMINDERS,
} OpKind;

typedef struct {
  OpKind          kind;
  char           *path;         /* OPEN */
  char           *query;        /* the search to list with afterwards */
  GStrv           place_codes;  /* places whose name matches the search */
  YidiCaseRecord *record;       /* SAVE in, OPEN/LOAD out */
  gint64          id;           /* the case; DUPLICATE/IMPORT out */
  guint           token;        /* SAVE: which loaded case "current" held when asked */
  GDate           today;        /* REMINDERS */
  char           *text;         /* RENAME label, IMPORT contents, EXPORT out */
  gsize           length;
  char           *name;         /* IMPORT file name */
  GPtrArray      *records;      /* the list afterwards */
  char           *moved_aside;  /* OPEN */
  GPtrArray      *reminders;    /* REMINDERS out: YidiFilingReminder */
} Op;

struct _YidiCaseList
{
  GObject parent_instance;

  YidiCase        *current;
  YidiFilingRules *rules;
  GPtrArray       *items;        /* YidiCaseSummary */
  char            *search;
  YidiPlaces      *places;
  char            *moved_aside;
  GDate            today;        /* invalid: the real date */
  GThreadPool     *worker;

  /* Autosave. "clean" is the content of "current" as saved (or queued
   * to be saved) or as loaded; NULL after a failed save. "token" tells
   * apart the cases "current" has held: it changes on every load. */
  YidiCaseRecord  *clean;
  guint            token;
  guint            autosave_delay;
  guint            autosave_id;
  guint            pending_saves;
  gboolean         loading;
  gboolean         unsaved;

  /* Touched by the worker thread only. */
  YidiCasebook    *book;
  guint            inserted_token;  /* the new case last inserted … */
  gint64           inserted_id;     /* … and the id it got */
};

static void yidi_case_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YidiCaseList, yidi_case_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, yidi_case_list_model_init))

enum {
  PROP_0,
  PROP_CURRENT,
  PROP_SEARCH,
  PROP_MOVED_ASIDE,
  PROP_AUTOSAVE_DELAY,
  PROP_UNSAVED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- Operations ----------------------------------------------------------- */

static void
op_free (Op *op)
{
  g_free (op->path);
  g_free (op->query);
  g_strfreev (op->place_codes);
  g_clear_pointer (&op->record, yidi_case_record_free);
  g_free (op->text);
  g_free (op->name);
  g_clear_pointer (&op->records, g_ptr_array_unref);
  g_free (op->moved_aside);
  g_clear_pointer (&op->reminders, g_ptr_array_unref);
  g_free (op);
}

/* A search for "广州" also finds the cases insured in or going to any
 * place of that name (the casebook holds division codes only). */
static GStrv
match_places (YidiCaseList *self)
{
  g_autoptr(GStrvBuilder) codes = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *text = NULL;

  if (self->places == NULL || self->search == NULL)
    return NULL;
  text = g_strstrip (g_strdup (self->search));
  if (*text == '\0')
    return NULL;

  found = yidi_places_search (self->places, text, MAX_MATCHED_PLACES);
  if (found == NULL || found->len == 0)
    return NULL;
  codes = g_strv_builder_new ();
  for (guint i = 0; i < found->len; i++)
    g_strv_builder_add (codes, ((YidiPlace *) found->pdata[i])->code);
  return g_strv_builder_end (codes);
}

static Op *
op_new (YidiCaseList *self,
        OpKind        kind)
{
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  op->query = g_strdup (self->search);
  op->place_codes = match_places (self);
  g_date_clear (&op->today, 1);
  return op;
}

static gboolean
not_open (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                       _("The saved cases are not open. Restart Yidi."));
  return FALSE;
}

/* Runs in the worker thread: the reminders not given yet, each marked
 * as given so it comes once per level. */
static gboolean
take_reminders (YidiCaseList  *self,
                Op            *op,
                GError       **error)
{
  if (self->rules == NULL)
    {
      op->reminders = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_filing_reminder_free);
      return TRUE;
    }

  op->reminders = yidi_casebook_list_due_reminders (self->book, self->rules, &op->today, error);
  if (op->reminders == NULL)
    return FALSE;
  for (guint i = 0; i < op->reminders->len; i++)
    {
      const YidiFilingReminder *reminder = op->reminders->pdata[i];

      if (!yidi_casebook_set_warned (self->book, reminder->case_id, reminder->warning, error))
        return FALSE;
    }
  return TRUE;
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
      self->inserted_token = 0;
      self->inserted_id = 0;
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
      /* A new case saved again before its first save came back: it has
       * its id by now, so this save replaces it rather than adding a
       * second copy. */
      if (op->record->id == 0 && op->token == self->inserted_token && self->inserted_id != 0)
        op->record->id = self->inserted_id;
      if (op->record->id == 0)
        {
          if (!yidi_casebook_save (self->book, op->record, error))
            return FALSE;
          self->inserted_token = op->token;
          self->inserted_id = op->record->id;
        }
      else if (!yidi_casebook_save (self->book, op->record, error))
        return FALSE;
      return yidi_casebook_set_last_opened (self->book, op->record->id, error);
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
    case OP_FLUSH:
      return TRUE;
    case OP_REMINDERS:
      return take_reminders (self, op, error);
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

  if (run_op (self, op, &error) &&
      op->kind != OP_EXPORT && op->kind != OP_FLUSH && op->kind != OP_REMINDERS)
    op->records = yidi_casebook_list (self->book, op->query, (const char * const *) op->place_codes, &error);

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

static void
set_unsaved (YidiCaseList *self)
{
  gboolean unsaved = self->autosave_id != 0 || self->pending_saves > 0;

  if (unsaved == self->unsaved)
    return;
  self->unsaved = unsaved;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNSAVED]);
}

static void autosave_now (YidiCaseList *self);

/* Puts @record into "current" as a case whose content is saved. A change
 * still waiting for the autosave is saved first, unless @drop_pending
 * (the case it belongs to was deleted). */
static void
load_current (YidiCaseList         *self,
              const YidiCaseRecord *record,
              gboolean              drop_pending)
{
  if (drop_pending)
    g_clear_handle_id (&self->autosave_id, g_source_remove);
  else if (self->autosave_id != 0)
    autosave_now (self);

  self->token++;
  self->loading = TRUE;
  yidi_case_load_record (self->current, record);
  self->loading = FALSE;

  g_clear_pointer (&self->clean, yidi_case_record_free);
  self->clean = yidi_case_to_record (self->current);
  set_unsaved (self);
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
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (op->kind == OP_SAVE)
    {
      g_assert (self->pending_saves > 0);
      self->pending_saves--;
      /* What failed to be written must be written with the next change. */
      if (!ok && op->token == self->token)
        g_clear_pointer (&self->clean, yidi_case_record_free);
      set_unsaved (self);
    }

  if (!ok)
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
        load_current (self, op->record, FALSE);
      break;
    case OP_SAVE:
      /* Unless the person has switched to another case meanwhile. */
      if (op->token == self->token)
        {
          self->loading = TRUE;
          yidi_case_set_id (self->current, op->record->id);
          self->loading = FALSE;
          if (self->clean != NULL)
            self->clean->id = op->record->id;
        }
      break;
    case OP_LOAD:
      load_current (self, op->record, FALSE);
      break;
    case OP_RENAME:
      if (yidi_case_get_id (self->current) == op->id)
        {
          self->loading = TRUE;
          yidi_case_set_label (self->current, op->text);
          self->loading = FALSE;
          if (self->clean != NULL)
            {
              g_free (self->clean->label);
              self->clean->label = g_strdup (op->text);
            }
        }
      break;
    case OP_DELETE:
      if (yidi_case_get_id (self->current) == op->id)
        {
          g_autoptr(YidiCaseRecord) blank = yidi_case_record_new ();
          load_current (self, blank, TRUE);
        }
      break;
    case OP_LIST:
    case OP_DUPLICATE:
    case OP_EXPORT:
    case OP_IMPORT:
    case OP_FLUSH:
    case OP_REMINDERS:
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

/* ---- Autosave ------------------------------------------------------------- */

static void
autosave_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  YidiCaseList *self = YIDI_CASE_LIST (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_signal_emit (self, signals[SAVE_FAILED], 0, error);
}

/* Queues a save of "current" as it is now. */
static void
queue_save (YidiCaseList        *self,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  Op *op = op_new (self, OP_SAVE);

  g_clear_handle_id (&self->autosave_id, g_source_remove);

  /* A snapshot: later edits go into the next save. */
  op->record = yidi_case_to_record (self->current);
  op->token = self->token;
  g_clear_pointer (&self->clean, yidi_case_record_free);
  self->clean = yidi_case_record_copy (op->record);
  self->pending_saves++;
  set_unsaved (self);

  queue_op (self, op, source_tag, cancellable, callback, user_data);
}

/* Saves "current" if it differs from what is saved. A new case that is
 * still empty is never written (it equals the empty case it started as),
 * and a case just loaded is not written again. */
static void
autosave_now (YidiCaseList *self)
{
  g_autoptr(YidiCaseRecord) record = yidi_case_to_record (self->current);

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (self->clean != NULL && yidi_case_record_equal_content (record, self->clean))
    {
      set_unsaved (self);
      return;
    }
  queue_save (self, autosave_now, NULL, autosave_done_cb, NULL);
}

static gboolean
autosave_cb (gpointer user_data)
{
  YidiCaseList *self = user_data;

  self->autosave_id = 0;
  autosave_now (self);
  return G_SOURCE_REMOVE;
}

static void
on_current_notify (YidiCase     *current,
                   GParamSpec   *pspec,
                   YidiCaseList *self)
{
  if (self->loading || self->autosave_delay == 0)
    return;

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->autosave_id = g_timeout_add (self->autosave_delay, autosave_cb, self);
  g_source_set_name_by_id (self->autosave_id, "[yidi] autosave");
  set_unsaved (self);
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

  /* A change not yet saved is lost here: call flush first. */
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (self->current != NULL)
    g_signal_handlers_disconnect_by_func (self->current, on_current_notify, self);
  g_clear_object (&self->current);
  g_clear_object (&self->places);

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
  g_clear_pointer (&self->clean, yidi_case_record_free);

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
    case PROP_AUTOSAVE_DELAY:
      g_value_set_uint (value, self->autosave_delay);
      break;
    case PROP_UNSAVED:
      g_value_set_boolean (value, self->unsaved);
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
      /* A saved case counts as saved as it is; a new one as empty. */
      self->clean = yidi_case_get_id (self->current) != 0
        ? yidi_case_to_record (self->current)
        : yidi_case_record_new ();
      g_signal_connect (self->current, "notify", G_CALLBACK (on_current_notify), self);
      break;
    case PROP_SEARCH:
      yidi_case_list_set_search (self, g_value_get_string (value));
      break;
    case PROP_AUTOSAVE_DELAY:
      yidi_case_list_set_autosave_delay (self, g_value_get_uint (value));
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
  properties[PROP_AUTOSAVE_DELAY] =
    g_param_spec_uint ("autosave-delay", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNSAVED] =
    g_param_spec_boolean ("unsaved", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YidiCaseList::save-failed:
   * @error: why, in a sentence for the person
   *
   * An automatic save failed. The change stays in "current" and is
   * written with the next one.
   */
  signals[SAVE_FAILED] =
    g_signal_new ("save-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
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

/**
 * yidi_case_list_set_places:
 * @places: (nullable): the divisions to match a search against by name
 *
 * With places, a search also finds the cases whose insured place or
 * destination is (within) a place whose name matches.
 */
void
yidi_case_list_set_places (YidiCaseList *self,
                           YidiPlaces   *places)
{
  g_return_if_fail (YIDI_IS_CASE_LIST (self));
  g_return_if_fail (places == NULL || YIDI_IS_PLACES (places));

  if (!g_set_object (&self->places, places))
    return;
  if (self->search != NULL && *self->search != '\0')
    queue_op (self, op_new (self, OP_LIST), yidi_case_list_set_places, NULL, refresh_done_cb, NULL);
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
  g_return_if_fail (YIDI_IS_CASE_LIST (self));

  queue_save (self, yidi_case_list_save_async, cancellable, callback, user_data);
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

  /* The case being left is saved before the other one is loaded. */
  if (self->autosave_id != 0)
    autosave_now (self);

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
  g_autoptr(YidiCaseRecord) blank = yidi_case_record_new ();

  g_return_if_fail (YIDI_IS_CASE_LIST (self));

  load_current (self, blank, FALSE);
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

guint
yidi_case_list_get_autosave_delay (YidiCaseList *self)
{
  g_return_val_if_fail (YIDI_IS_CASE_LIST (self), 0);
  return self->autosave_delay;
}

void
yidi_case_list_set_autosave_delay (YidiCaseList *self,
                                   guint         delay_ms)
{
  g_return_if_fail (YIDI_IS_CASE_LIST (self));

  if (self->autosave_delay == delay_ms)
    return;
  self->autosave_delay = delay_ms;
  /* Turning it off writes what is waiting. */
  if (delay_ms == 0 && self->autosave_id != 0)
    autosave_now (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOSAVE_DELAY]);
}

gboolean
yidi_case_list_get_unsaved (YidiCaseList *self)
{
  g_return_val_if_fail (YIDI_IS_CASE_LIST (self), FALSE);
  return self->unsaved;
}

void
yidi_case_list_flush_async (YidiCaseList        *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (YIDI_IS_CASE_LIST (self));

  if (self->autosave_id != 0)
    autosave_now (self);
  /* The worker runs operations in order: once this one is done, every
   * save queued before it is written. */
  queue_op (self, op_new (self, OP_FLUSH), yidi_case_list_flush_async, cancellable, callback, user_data);
}

gboolean
yidi_case_list_flush_finish (YidiCaseList  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return finish_op (self, result, yidi_case_list_flush_async, error);
}

void
yidi_case_list_get_today (YidiCaseList *self,
                          GDate        *out_today)
{
  g_return_if_fail (YIDI_IS_CASE_LIST (self));
  g_return_if_fail (out_today != NULL);

  get_today (self, out_today);
}

void
yidi_case_list_take_reminders_async (YidiCaseList        *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Op *op;

  g_return_if_fail (YIDI_IS_CASE_LIST (self));

  op = op_new (self, OP_REMINDERS);
  get_today (self, &op->today);
  queue_op (self, op, yidi_case_list_take_reminders_async, cancellable, callback, user_data);
}

GPtrArray *
yidi_case_list_take_reminders_finish (YidiCaseList  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  Op *op;

  if (!finish_op (self, result, yidi_case_list_take_reminders_async, error))
    return NULL;
  op = g_task_get_task_data (G_TASK (result));
  return g_steal_pointer (&op->reminders);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "yidi-application.h"
#include "yidi-division-places.h"
#include "yidi-window.h"

/* How long after the last change a case is saved. */
#define AUTOSAVE_DELAY_MS 600
/* How often the reminders are looked at again (a filing may expire while
 * Yidi stays open). */
#define REMINDER_INTERVAL_S (60 * 60)

struct _YidiApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
  YidiCase *current_case;
  YidiCaseList *case_list;
  char *casebook_path;
  gboolean cases_ready;
  GError *cases_error;
  gboolean recovery_told;
  gboolean holding;

  YidiFilingRules *filing_rules;
  char *rules_problem;
  YidiPlaces *places;

  char *directory_bundled_path;
  char *directory_user_path;
  YidiDirectory *directory;
  GError *directory_error;
  gboolean directory_ready;

  guint reminder_timer;
  guint sigterm_id;
  guint sigint_id;
  guint reminder_idle;
  gboolean taking_reminders;
  gboolean reminders_again;
};

G_DEFINE_FINAL_TYPE (YidiApplication, yidi_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_CASES_READY,
  PROP_PLACES,
  PROP_DIRECTORY,
  PROP_DIRECTORY_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  REMINDER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- Reminders ------------------------------------------------------------ */

static void take_reminders (YidiApplication *self);

/* The default handler of "reminder": a desktop notification that opens
 * the case. */
static void
yidi_application_real_reminder (YidiApplication *self,
                                gint64           case_id,
                                int              warning,
                                const char      *body)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = g_strdup_printf ("filing-expiry-%" G_GINT64_FORMAT, case_id);
  gboolean expired = warning == YIDI_FILING_WARNING_EXPIRED;

  notification = g_notification_new (expired ? _("A Filing Has Expired") : _("A Filing Expires Soon"));
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification,
                               warning == YIDI_FILING_WARNING_30_DAYS
                               ? G_NOTIFICATION_PRIORITY_NORMAL : G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target_value (notification, "app.open-case",
                                                      g_variant_new_int64 (case_id));
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

static void
send_reminder (YidiApplication          *self,
               const YidiFilingReminder *reminder)
{
  g_autofree char *body = yidi_filing_reminder_describe (reminder);

  if (body != NULL)
    g_signal_emit (self, signals[REMINDER], 0, reminder->case_id, (int) reminder->warning, body);
}

static void
on_reminders_taken (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(YidiApplication) self = user_data;
  g_autoptr(GPtrArray) reminders = NULL;
  g_autoptr(GError) error = NULL;

  self->taking_reminders = FALSE;
  reminders = yidi_case_list_take_reminders_finish (YIDI_CASE_LIST (object), result, &error);
  if (reminders == NULL)
    g_debug ("no reminders: %s", error->message);
  for (guint i = 0; reminders != NULL && i < reminders->len; i++)
    send_reminder (self, reminders->pdata[i]);

  if (self->reminders_again)
    {
      self->reminders_again = FALSE;
      take_reminders (self);
    }
}

/* Each warning level of each case is notified once: the casebook marks
 * the reminders it hands out. */
static void
take_reminders (YidiApplication *self)
{
  if (!self->cases_ready || self->cases_error != NULL || self->filing_rules == NULL)
    return;
  if (self->taking_reminders)
    {
      self->reminders_again = TRUE;
      return;
    }
  self->taking_reminders = TRUE;
  yidi_case_list_take_reminders_async (self->case_list, NULL, on_reminders_taken, g_object_ref (self));
}

static gboolean
reminder_idle_cb (gpointer user_data)
{
  YidiApplication *self = user_data;

  self->reminder_idle = 0;
  take_reminders (self);
  return G_SOURCE_REMOVE;
}

static gboolean
reminder_timer_cb (gpointer user_data)
{
  take_reminders (user_data);
  return G_SOURCE_CONTINUE;
}

/* A saved change may bring a filing near its end (a new filing date). */
static void
on_cases_changed (GListModel      *model,
                  guint            position,
                  guint            removed,
                  guint            added,
                  YidiApplication *self)
{
  if (self->reminder_idle == 0)
    self->reminder_idle = g_idle_add (reminder_idle_cb, self);
}

/* ---- The saved cases ------------------------------------------------------ */

/* Quitting waits for a change still being saved. */
static void
on_unsaved_changed (YidiCaseList    *list,
                    GParamSpec      *pspec,
                    YidiApplication *self)
{
  gboolean unsaved = yidi_case_list_get_unsaved (list);

  if (unsaved && !self->holding)
    g_application_hold (G_APPLICATION (self));
  else if (!unsaved && self->holding)
    g_application_release (G_APPLICATION (self));
  self->holding = unsaved;
}

static void
on_cases_opened (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(YidiApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!yidi_case_list_open_finish (YIDI_CASE_LIST (object), result, &error))
    {
      g_message ("could not open the saved cases: %s", error->message);
      self->cases_error = g_steal_pointer (&error);
    }
  self->cases_ready = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASES_READY]);

  take_reminders (self);
}

static void
load_filing_rules (YidiApplication *self)
{
  g_autofree char *path = yidi_filing_rules_get_default_path ();
  g_autoptr(GError) error = NULL;

  self->filing_rules = yidi_filing_rules_new_from_file (path, &error);
  if (self->filing_rules == NULL)
    {
      g_message ("%s", error->message);
      self->rules_problem = g_strdup (error->message);
    }
}

/* ---- The institution directory ------------------------------------------ */

static void
open_directory_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  YidiApplication *self = source_object;
  g_autoptr(GError) error = NULL;
  YidiDirectory *directory;

  directory = yidi_directory_open (self->directory_bundled_path, self->directory_user_path, &error);
  if (directory == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, directory, g_object_unref);
}

static void
on_directory_opened (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  YidiApplication *self = YIDI_APPLICATION (object);
  g_autoptr(YidiDirectory) directory = NULL;
  g_autoptr(GError) error = NULL;

  directory = g_task_propagate_pointer (G_TASK (result), &error);
  self->directory_ready = TRUE;
  if (directory == NULL)
    {
      g_message ("could not open the institution directory: %s", error->message);
      self->directory_error = g_steal_pointer (&error);
    }
  else
    {
      g_autoptr(YidiPlaces) places = NULL;

      if (yidi_directory_get_moved_aside (directory) != NULL)
        g_message ("a damaged directory database was moved aside to %s",
                   yidi_directory_get_moved_aside (directory));
      self->directory = g_steal_pointer (&directory);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTORY]);

      /* The place pickers of every tab choose among the directory's
       * divisions, unless someone (a test) gave them places already. */
      if (self->places == NULL)
        {
          places = yidi_division_places_new (yidi_directory_get_divisions (self->directory));
          yidi_application_set_places (self, places);
        }
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTORY_READY]);
}

/* The directory is large: it is opened on a worker thread so the window
 * shows at once, and the tabs take it up through "directory". */
static void
open_directory (YidiApplication *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_directory_opened, NULL);

  g_task_set_source_tag (task, open_directory);
  g_task_run_in_thread (task, open_directory_thread);
}

/* ---- Actions -------------------------------------------------------------- */

static void
on_quit_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  YidiApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Close windows first so they save their state; shutdown writes what
   * is still waiting. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;
      l = l->next;
      gtk_window_close (window);
    }
  g_application_quit (G_APPLICATION (self));
}

static void
on_about_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  YidiApplication *self = user_data;
  static const char *developers[] = { "The Yidi developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (parent,
                         "application-name", _("Yidi"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Yidi developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Plan medical treatment away from the place where you are insured: filing, networked hospitals and what you will pay."),
                         "developers", developers,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", "https://github.com/yidi/yidi",
                         NULL);
}

/* From a notification: show that case. */
static void
on_open_case_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  YidiApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (yidi_window_new (self));
  gtk_window_present (window);
  yidi_window_set_visible_page (YIDI_WINDOW (window), "filing");
  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.switch-case", parameter);
}

static const GActionEntry app_actions[] = {
  { "quit", on_quit_activated },
  { "about", on_about_activated },
  { "open-case", on_open_case_activated, "x" },
};

static gboolean
on_terminate (gpointer user_data)
{
  /* Logging out or a kill: save, then go. */
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

/* ---- GApplication --------------------------------------------------------- */

static void
yidi_application_startup (GApplication *application)
{
  YidiApplication *self = YIDI_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *new_case_accels[] = { "<Control>n", NULL };
  static const char *switch_case_accels[] = { "<Control>o", NULL };
  static const char *print_accels[] = { "<Control>p", NULL };

  G_APPLICATION_CLASS (yidi_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.new-case", new_case_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-cases", switch_case_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.print", print_accels);

  gtk_window_set_default_icon_name (APP_ID);

  self->sigterm_id = g_unix_signal_add (SIGTERM, on_terminate, self);
  self->sigint_id = g_unix_signal_add (SIGINT, on_terminate, self);

  load_filing_rules (self);
  open_directory (self);

  self->case_list = yidi_case_list_new (self->current_case, self->filing_rules);
  yidi_case_list_set_autosave_delay (self->case_list, AUTOSAVE_DELAY_MS);
  yidi_case_list_set_places (self->case_list, self->places);
  g_signal_connect (self->case_list, "notify::unsaved", G_CALLBACK (on_unsaved_changed), self);
  g_signal_connect (self->case_list, "items-changed", G_CALLBACK (on_cases_changed), self);
  yidi_case_list_open_async (self->case_list, self->casebook_path, NULL, on_cases_opened, g_object_ref (self));

  self->reminder_timer = g_timeout_add_seconds (REMINDER_INTERVAL_S, reminder_timer_cb, self);
}

static void
flush_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!yidi_case_list_flush_finish (YIDI_CASE_LIST (object), result, &error))
    g_warning ("the last change may not be saved: %s", error->message);
  *done = TRUE;
}

static void
yidi_application_shutdown (GApplication *application)
{
  YidiApplication *self = YIDI_APPLICATION (application);

  /* Nothing typed is lost on quitting: write what is waiting. */
  if (self->case_list != NULL && yidi_case_list_get_unsaved (self->case_list))
    {
      gboolean done = FALSE;

      yidi_case_list_flush_async (self->case_list, NULL, flush_done_cb, &done);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
    }

  g_clear_handle_id (&self->reminder_timer, g_source_remove);
  g_clear_handle_id (&self->reminder_idle, g_source_remove);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->sigint_id, g_source_remove);

  G_APPLICATION_CLASS (yidi_application_parent_class)->shutdown (application);
}

static void
on_first_frame_painted (GdkFrameClock   *clock,
                        YidiApplication *self)
{
  /* For the start-up benchmark: the monotonic clock is shared by all
   * processes, so the bench subtracts the time it spawned us. */
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (clock, on_first_frame_painted, self);
  g_application_quit (G_APPLICATION (self));
}

static void
yidi_application_activate (GApplication *application)
{
  YidiApplication *self = YIDI_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (yidi_window_new (self));

  gtk_window_present (window);

  if (g_getenv ("YIDI_BENCH_FIRST_FRAME") != NULL)
    g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                      G_CALLBACK (on_first_frame_painted), self);
}

/* ---- GObject -------------------------------------------------------------- */

static void
yidi_application_dispose (GObject *object)
{
  YidiApplication *self = YIDI_APPLICATION (object);

  g_clear_handle_id (&self->reminder_timer, g_source_remove);
  g_clear_handle_id (&self->reminder_idle, g_source_remove);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->sigint_id, g_source_remove);
  if (self->holding)
    g_application_release (G_APPLICATION (self));
  self->holding = FALSE;
  if (self->case_list != NULL)
    g_signal_handlers_disconnect_by_data (self->case_list, self);
  g_clear_object (&self->case_list);
  g_clear_object (&self->current_case);
  g_clear_object (&self->places);
  g_clear_object (&self->directory);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->filing_rules, yidi_filing_rules_unref);

  G_OBJECT_CLASS (yidi_application_parent_class)->dispose (object);
}

static void
yidi_application_finalize (GObject *object)
{
  YidiApplication *self = YIDI_APPLICATION (object);

  g_clear_error (&self->cases_error);
  g_clear_error (&self->directory_error);
  g_free (self->casebook_path);
  g_free (self->directory_bundled_path);
  g_free (self->directory_user_path);
  g_free (self->rules_problem);

  G_OBJECT_CLASS (yidi_application_parent_class)->finalize (object);
}

static void
yidi_application_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  YidiApplication *self = YIDI_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_CASES_READY:
      g_value_set_boolean (value, self->cases_ready);
      break;
    case PROP_PLACES:
      g_value_set_object (value, self->places);
      break;
    case PROP_DIRECTORY:
      g_value_set_object (value, self->directory);
      break;
    case PROP_DIRECTORY_READY:
      g_value_set_boolean (value, self->directory_ready);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yidi_application_class_init (YidiApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = yidi_application_dispose;
  object_class->finalize = yidi_application_finalize;
  object_class->get_property = yidi_application_get_property;
  app_class->startup = yidi_application_startup;
  app_class->shutdown = yidi_application_shutdown;
  app_class->activate = yidi_application_activate;

  properties[PROP_CASES_READY] =
    g_param_spec_boolean ("cases-ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLACES] =
    g_param_spec_object ("places", NULL, NULL, YIDI_TYPE_PLACES,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRECTORY] =
    g_param_spec_object ("directory", NULL, NULL, YIDI_TYPE_DIRECTORY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRECTORY_READY] =
    g_param_spec_boolean ("directory-ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YidiApplication::reminder:
   * @case_id: the saved case
   * @warning: a #YidiFilingWarning: 30 days, 7 days or expired
   * @text: the sentence for the person
   *
   * A filing is near its end (or past it) and the person has not been
   * told at this level yet. The default handler sends a desktop
   * notification; stopping the emission keeps it from being sent.
   */
  signals[REMINDER] =
    g_signal_new_class_handler ("reminder", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (yidi_application_real_reminder),
                                NULL, NULL, NULL,
                                G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_INT, G_TYPE_STRING);
}

static void
yidi_application_init (YidiApplication *self)
{
  self->settings = g_settings_new (APP_ID);
  self->current_case = yidi_case_new ();
}

YidiApplication *
yidi_application_new (void)
{
  return g_object_new (YIDI_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/yidi/Yidi",
                       NULL);
}

/**
 * yidi_application_get_case:
 *
 * Returns: (transfer none): the case every tab shows and edits.
 */
YidiCase *
yidi_application_get_case (YidiApplication *self)
{
  g_return_val_if_fail (YIDI_IS_APPLICATION (self), NULL);
  return self->current_case;
}

GSettings *
yidi_application_get_settings (YidiApplication *self)
{
  g_return_val_if_fail (YIDI_IS_APPLICATION (self), NULL);
  return self->settings;
}

/**
 * yidi_application_get_case_list:
 *
 * Returns: (transfer none) (nullable): the saved cases, from start-up on.
 */
YidiCaseList *
yidi_application_get_case_list (YidiApplication *self)
{
  g_return_val_if_fail (YIDI_IS_APPLICATION (self), NULL);
  return self->case_list;
}

gboolean
yidi_application_get_cases_ready (YidiApplication *self)
{
  g_return_val_if_fail (YIDI_IS_APPLICATION (self), FALSE);
  return self->cases_ready;
}

const GError *
yidi_application_get_cases_error (YidiApplication *self)
{
  g_return_val_if_fail (YIDI_IS_APPLICATION (self), NULL);
  return self->cases_error;
}

char *
yidi_application_take_recovery_message (YidiApplication *self)
{
  g_return_val_if_fail (YIDI_IS_APPLICATION (self), NULL);

  if (self->recovery_told || !self->cases_ready || self->case_list == NULL)
    return NULL;
  self->recovery_told = TRUE;
  return yidi_case_list_dup_recovery_message (self->case_list);
}

YidiFilingRules *
yidi_application_get_filing_rules (YidiApplication  *self,
                                   const char      **out_problem)
{
  g_return_val_if_fail (YIDI_IS_APPLICATION (self), NULL);

  if (out_problem != NULL)
    *out_problem = self->rules_problem;
  return self->filing_rules;
}

YidiPlaces *
yidi_application_get_places (YidiApplication *self)
{
  g_return_val_if_fail (YIDI_IS_APPLICATION (self), NULL);
  return self->places;
}

/**
 * yidi_application_set_places:
 * @places: (nullable): the divisions for every place picker
 *
 * The places may come after the windows (they are read from the
 * directory); every window takes them up through "places".
 */
void
yidi_application_set_places (YidiApplication *self,
                             YidiPlaces      *places)
{
  g_return_if_fail (YIDI_IS_APPLICATION (self));
  g_return_if_fail (places == NULL || YIDI_IS_PLACES (places));

  if (!g_set_object (&self->places, places))
    return;
  if (self->case_list != NULL)
    yidi_case_list_set_places (self->case_list, places);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLACES]);
}

void
yidi_application_set_casebook_path (YidiApplication *self,
                                    const char      *path)
{
  g_return_if_fail (YIDI_IS_APPLICATION (self));
  g_return_if_fail (self->case_list == NULL);

  g_free (self->casebook_path);
  self->casebook_path = g_strdup (path);
}

/**
 * yidi_application_set_directory_paths:
 * @bundled_path: (nullable): the directory installed with the app
 * @user_path: (nullable): the person's own directory database
 *
 * Where the directory is opened from (before start-up; tests use it).
 * %NULL keeps the default (see yidi_directory_open()).
 */
void
yidi_application_set_directory_paths (YidiApplication *self,
                                      const char      *bundled_path,
                                      const char      *user_path)
{
  g_return_if_fail (YIDI_IS_APPLICATION (self));
  g_return_if_fail (!self->directory_ready && self->directory == NULL);

  g_free (self->directory_bundled_path);
  self->directory_bundled_path = g_strdup (bundled_path);
  g_free (self->directory_user_path);
  self->directory_user_path = g_strdup (user_path);
}

/**
 * yidi_application_get_directory:
 *
 * Returns: (transfer none) (nullable): the institution directory, once
 *   it was opened (see "directory-ready"), or %NULL if it could not be
 */
YidiDirectory *
yidi_application_get_directory (YidiApplication *self)
{
  g_return_val_if_fail (YIDI_IS_APPLICATION (self), NULL);
  return self->directory;
}

gboolean
yidi_application_get_directory_ready (YidiApplication *self)
{
  g_return_val_if_fail (YIDI_IS_APPLICATION (self), FALSE);
  return self->directory_ready;
}

/**
 * yidi_application_get_directory_error:
 *
 * Returns: (nullable): why the directory could not be opened: a
 *   translated sentence that says what to do
 */
const GError *
yidi_application_get_directory_error (YidiApplication *self)
{
  g_return_val_if_fail (YIDI_IS_APPLICATION (self), NULL);
  return self->directory_error;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-application"

#include "config.h"

#include <glib/gi18n.h>

#include "yidi-application.h"
#include "yidi-window.h"

struct _YidiApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
  YidiCase *current_case;
};

G_DEFINE_FINAL_TYPE (YidiApplication, yidi_application, ADW_TYPE_APPLICATION)

static void
on_quit_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  YidiApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Close windows first so they save their state. */
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

static const GActionEntry app_actions[] = {
  { "quit", on_quit_activated },
  { "about", on_about_activated },
};

static void
yidi_application_startup (GApplication *application)
{
  YidiApplication *self = YIDI_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };

  G_APPLICATION_CLASS (yidi_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search", search_accels);

  gtk_window_set_default_icon_name (APP_ID);
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

static void
yidi_application_dispose (GObject *object)
{
  YidiApplication *self = YIDI_APPLICATION (object);

  g_clear_object (&self->current_case);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (yidi_application_parent_class)->dispose (object);
}

static void
yidi_application_class_init (YidiApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = yidi_application_dispose;
  app_class->startup = yidi_application_startup;
  app_class->activate = yidi_application_activate;
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

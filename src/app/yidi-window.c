/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-window"

#include "config.h"

#include <glib/gi18n.h>

#include "yidi-estimate-page.h"
#include "yidi-filing-page.h"
#include "yidi-hospitals-page.h"
#include "yidi-window.h"

struct _YidiWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;

  AdwViewStack *stack;
  YidiFilingPage *filing_page;
  YidiHospitalsPage *hospitals_page;
  YidiEstimatePage *estimate_page;
};

G_DEFINE_FINAL_TYPE (YidiWindow, yidi_window, ADW_TYPE_APPLICATION_WINDOW)

static void
restore_window_state (YidiWindow *self)
{
  GSettings *settings = self->settings;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (YidiWindow *self)
{
  GSettings *settings = self->settings;
  int width;
  int height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (settings);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (settings);
}

static gboolean
yidi_window_close_request (GtkWindow *window)
{
  save_window_state (YIDI_WINDOW (window));

  return GTK_WINDOW_CLASS (yidi_window_parent_class)->close_request (window);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YidiWindow *self = YIDI_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->stack, "hospitals");
  yidi_hospitals_page_focus_search (self->hospitals_page);
}

static void
yidi_window_dispose (GObject *object)
{
  YidiWindow *self = YIDI_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), YIDI_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (yidi_window_parent_class)->dispose (object);
}

static void
yidi_window_class_init (YidiWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = yidi_window_dispose;
  window_class->close_request = yidi_window_close_request;

  g_type_ensure (YIDI_TYPE_FILING_PAGE);
  g_type_ensure (YIDI_TYPE_HOSPITALS_PAGE);
  g_type_ensure (YIDI_TYPE_ESTIMATE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/yidi/Yidi/yidi-window.ui");
  gtk_widget_class_bind_template_child (widget_class, YidiWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, YidiWindow, filing_page);
  gtk_widget_class_bind_template_child (widget_class, YidiWindow, hospitals_page);
  gtk_widget_class_bind_template_child (widget_class, YidiWindow, estimate_page);

  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
}

static void
yidi_window_init (YidiWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  restore_window_state (self);
}

YidiWindow *
yidi_window_new (YidiApplication *application)
{
  return g_object_new (YIDI_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * yidi_window_get_visible_page:
 *
 * Returns: the name of the visible tab: "filing", "hospitals" or "estimate".
 */
const char *
yidi_window_get_visible_page (YidiWindow *self)
{
  g_return_val_if_fail (YIDI_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->stack);
}

void
yidi_window_set_visible_page (YidiWindow *self,
                              const char *name)
{
  g_return_if_fail (YIDI_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->stack, name);
}

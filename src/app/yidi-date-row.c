/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-date-row"

#include "config.h"

#include <glib/gi18n.h>

#include "yidi-case-record.h"
#include "yidi-date-row.h"

struct _YidiDateRow
{
  AdwActionRow parent_instance;

  char *date;
  gboolean syncing;

  GtkMenuButton *button;
  GtkPopover *popover;
  GtkCalendar *calendar;
  GtkButton *clear_button;
};

G_DEFINE_FINAL_TYPE (YidiDateRow, yidi_date_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_display (YidiDateRow *self)
{
  GDate date;
  g_autofree char *text = NULL;
  g_autofree char *button_label = NULL;
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));

  if (self->date != NULL && yidi_date_parse (self->date, &date))
    {
      g_autoptr(GDateTime) when = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                                         g_date_get_day (&date), 0, 0, 0);

      text = yidi_date_format_for_people (&date);
      self->syncing = TRUE;
      gtk_calendar_select_day (self->calendar, when);
      self->syncing = FALSE;
    }
  else
    text = g_strdup (_("Not set"));

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_button), self->date != NULL);

  /* Translators: the button that opens a calendar, e.g. "Choose the date: Filing date" */
  button_label = g_strdup_printf (_("Choose the date: %s"), title != NULL ? title : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), button_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, button_label,
                                  -1);
}

static void
on_day_selected (GtkCalendar *calendar,
                 YidiDateRow *self)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *iso = NULL;

  if (self->syncing)
    return;

  when = gtk_calendar_get_date (calendar);
  iso = g_date_time_format (when, "%Y-%m-%d");
  /* Not closing here: moving to another month selects a day too. */
  yidi_date_row_set_date (self, iso);
}

static void
on_clear_clicked (GtkButton   *button,
                  YidiDateRow *self)
{
  yidi_date_row_set_date (self, NULL);
  gtk_popover_popdown (self->popover);
}

static void
on_title_changed (YidiDateRow *self)
{
  update_display (self);
}

static void
yidi_date_row_activate (AdwActionRow *row)
{
  YidiDateRow *self = YIDI_DATE_ROW (row);

  gtk_menu_button_popup (self->button);
}

static void
yidi_date_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), YIDI_TYPE_DATE_ROW);

  G_OBJECT_CLASS (yidi_date_row_parent_class)->dispose (object);
}

static void
yidi_date_row_finalize (GObject *object)
{
  YidiDateRow *self = YIDI_DATE_ROW (object);

  g_free (self->date);

  G_OBJECT_CLASS (yidi_date_row_parent_class)->finalize (object);
}

static void
yidi_date_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  YidiDateRow *self = YIDI_DATE_ROW (object);

  switch (prop_id)
    {
    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yidi_date_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  YidiDateRow *self = YIDI_DATE_ROW (object);

  switch (prop_id)
    {
    case PROP_DATE:
      yidi_date_row_set_date (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yidi_date_row_class_init (YidiDateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwActionRowClass *row_class = ADW_ACTION_ROW_CLASS (klass);

  object_class->dispose = yidi_date_row_dispose;
  object_class->finalize = yidi_date_row_finalize;
  object_class->get_property = yidi_date_row_get_property;
  object_class->set_property = yidi_date_row_set_property;
  row_class->activate = yidi_date_row_activate;

  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/yidi/Yidi/yidi-date-row.ui");
  gtk_widget_class_bind_template_child (widget_class, YidiDateRow, button);
  gtk_widget_class_bind_template_child (widget_class, YidiDateRow, popover);
  gtk_widget_class_bind_template_child (widget_class, YidiDateRow, calendar);
  gtk_widget_class_bind_template_child (widget_class, YidiDateRow, clear_button);
  gtk_widget_class_bind_template_callback (widget_class, on_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_clicked);
}

static void
yidi_date_row_init (YidiDateRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self, "notify::title", G_CALLBACK (on_title_changed), NULL);
  update_display (self);
}

GtkWidget *
yidi_date_row_new (void)
{
  return g_object_new (YIDI_TYPE_DATE_ROW, NULL);
}

const char *
yidi_date_row_get_date (YidiDateRow *self)
{
  g_return_val_if_fail (YIDI_IS_DATE_ROW (self), NULL);
  return self->date;
}

/**
 * yidi_date_row_set_date:
 * @iso_date: (nullable): "2025-04-08", or %NULL for no date
 *
 * A text that is not a real date counts as no date.
 */
void
yidi_date_row_set_date (YidiDateRow *self,
                        const char  *iso_date)
{
  GDate date;

  g_return_if_fail (YIDI_IS_DATE_ROW (self));

  if (iso_date != NULL && !yidi_date_parse (iso_date, &date))
    iso_date = NULL;
  if (g_strcmp0 (self->date, iso_date) == 0)
    return;

  g_free (self->date);
  self->date = g_strdup (iso_date);
  update_display (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

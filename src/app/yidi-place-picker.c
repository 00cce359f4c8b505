/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-place-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "yidi-place-picker.h"

#define SEARCH_LIMIT 50

typedef enum {
  ROW_CHOOSE,     /* picks the place */
  ROW_OPEN,       /* lists what lies within it */
} RowKind;

struct _YidiPlacePicker
{
  AdwBin parent_instance;

  YidiPlaces *places;
  char *code;
  char *title;             /* what the place is, for screen readers */
  char *level;             /* the place being browsed; NULL: the provinces */

  GtkMenuButton *button;
  GtkLabel *button_label;
  GtkPopover *popover;
  GtkSearchEntry *search_entry;
  GtkWidget *level_box;
  GtkLabel *level_label;
  GtkListBox *list_box;
};

G_DEFINE_FINAL_TYPE (YidiPlacePicker, yidi_place_picker, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CODE,
  PROP_PLACES,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_button (YidiPlacePicker *self)
{
  g_autofree char *name = yidi_places_dup_full_name (self->places, self->code);
  const char *text;

  if (name != NULL)
    text = name;
  else if (self->code != NULL)
    text = self->code;
  else if (self->places != NULL)
    text = _("Choose a Place");
  else
    text = _("No List of Places");

  gtk_label_set_label (self->button_label, text);
  /* A long place keeps its end ("…广州市 天河区"); a hint its start. */
  gtk_label_set_ellipsize (self->button_label, name != NULL ? PANGO_ELLIPSIZE_START : PANGO_ELLIPSIZE_END);
  /* "Insured in", then the place: what a screen reader says. */
  if (self->title != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, self->title,
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                    -1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->button), self->places != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button),
                               self->places != NULL ? NULL
                               : _("The list of places is not installed: reinstall Yidi."));
}

static GtkWidget *
make_row (const YidiPlace *place,
          const char      *text,
          RowKind          kind)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  if (kind == ROW_OPEN)
    {
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      gtk_accessible_update_property (GTK_ACCESSIBLE (arrow),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Open"),
                                      -1);
      gtk_box_append (GTK_BOX (box), arrow);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);

  g_object_set_data_full (G_OBJECT (row), "place", yidi_place_copy (place), (GDestroyNotify) yidi_place_free);
  g_object_set_data (G_OBJECT (row), "kind", GINT_TO_POINTER (kind));
  return row;
}

static void
clear_list (YidiPlacePicker *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
}

static void
show_places (YidiPlacePicker *self,
             GPtrArray       *places,
             gboolean         browsing)
{
  clear_list (self);
  for (guint i = 0; places != NULL && i < places->len; i++)
    {
      const YidiPlace *place = places->pdata[i];
      RowKind kind = browsing && place->has_children ? ROW_OPEN : ROW_CHOOSE;

      gtk_list_box_append (self->list_box, make_row (place, browsing ? place->name : place->full_name, kind));
    }
}

static void
show_level (YidiPlacePicker *self)
{
  g_autoptr(GPtrArray) children = NULL;
  g_autoptr(YidiPlace) level = NULL;

  if (self->places == NULL)
    return;

  level = yidi_places_lookup (self->places, self->level);
  children = yidi_places_list_children (self->places, level != NULL ? level->code : NULL);
  show_places (self, children, TRUE);

  gtk_widget_set_visible (self->level_box, level != NULL);
  if (level != NULL)
    {
      /* Translators: the first entry when browsing a place: choose it as a whole */
      g_autofree char *whole = g_strdup_printf (_("All of %s"), level->name);

      gtk_label_set_label (self->level_label, level->full_name);
      gtk_list_box_prepend (self->list_box, make_row (level, whole, ROW_CHOOSE));
    }
}

static void
on_search_changed (YidiPlacePicker *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  g_autoptr(GPtrArray) found = NULL;

  if (self->places == NULL)
    return;

  if (*text == '\0')
    {
      show_level (self);
      return;
    }

  found = yidi_places_search (self->places, text, SEARCH_LIMIT);
  gtk_widget_set_visible (self->level_box, FALSE);
  show_places (self, found, FALSE);
}

static void
choose (YidiPlacePicker *self,
        const char      *code)
{
  yidi_place_picker_set_code (self, code);
  gtk_popover_popdown (self->popover);
}

static void
on_search_activate (YidiPlacePicker *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->list_box, 0);

  /* Enter takes the best match, as in a search. */
  if (first != NULL)
    g_signal_emit_by_name (self->list_box, "row-activated", first);
}

static void
on_row_activated (YidiPlacePicker *self,
                  GtkListBoxRow   *row)
{
  const YidiPlace *place = g_object_get_data (G_OBJECT (row), "place");
  RowKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "kind"));

  if (kind == ROW_OPEN)
    yidi_place_picker_browse (self, place->code);
  else
    choose (self, place->code);
}

static void
on_up_clicked (YidiPlacePicker *self)
{
  g_autoptr(YidiPlace) level = yidi_places_lookup (self->places, self->level);

  yidi_place_picker_browse (self, level != NULL ? level->parent_code : NULL);
}

static void
on_popover_show (YidiPlacePicker *self)
{
  g_autoptr(YidiPlace) place = NULL;

  /* Open where the chosen place is, so a neighbour is one click away. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  if (self->places != NULL && self->code != NULL)
    place = yidi_places_lookup (self->places, self->code);
  yidi_place_picker_browse (self, place != NULL ? (place->has_children ? place->code : place->parent_code) : NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_activate (YidiPlacePicker *self)
{
  gtk_menu_button_popup (self->button);
}

static void
yidi_place_picker_dispose (GObject *object)
{
  YidiPlacePicker *self = YIDI_PLACE_PICKER (object);

  /* AdwBin would unparent its child again. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), YIDI_TYPE_PLACE_PICKER);
  g_clear_object (&self->places);

  G_OBJECT_CLASS (yidi_place_picker_parent_class)->dispose (object);
}

static void
yidi_place_picker_finalize (GObject *object)
{
  YidiPlacePicker *self = YIDI_PLACE_PICKER (object);

  g_free (self->code);
  g_free (self->level);
  g_free (self->title);

  G_OBJECT_CLASS (yidi_place_picker_parent_class)->finalize (object);
}

static void
yidi_place_picker_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  YidiPlacePicker *self = YIDI_PLACE_PICKER (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_PLACES:
      g_value_set_object (value, self->places);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yidi_place_picker_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  YidiPlacePicker *self = YIDI_PLACE_PICKER (object);

  switch (prop_id)
    {
    case PROP_CODE:
      yidi_place_picker_set_code (self, g_value_get_string (value));
      break;
    case PROP_PLACES:
      yidi_place_picker_set_places (self, g_value_get_object (value));
      break;
    case PROP_TITLE:
      g_free (self->title);
      self->title = g_value_dup_string (value);
      update_button (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yidi_place_picker_class_init (YidiPlacePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yidi_place_picker_dispose;
  object_class->finalize = yidi_place_picker_finalize;
  object_class->get_property = yidi_place_picker_get_property;
  object_class->set_property = yidi_place_picker_set_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLACES] =
    g_param_spec_object ("places", NULL, NULL, YIDI_TYPE_PLACES,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* What the place is ("Insured in"): the button's accessible name. */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* So a row can name the picker as its activatable widget. */
  signals[ACTIVATE] =
    g_signal_new_class_handler ("activate", G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_FIRST | G_SIGNAL_ACTION,
                                G_CALLBACK (on_activate), NULL, NULL, NULL,
                                G_TYPE_NONE, 0);
  gtk_widget_class_set_activate_signal (widget_class, signals[ACTIVATE]);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/yidi/Yidi/yidi-place-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, YidiPlacePicker, button);
  gtk_widget_class_bind_template_child (widget_class, YidiPlacePicker, button_label);
  gtk_widget_class_bind_template_child (widget_class, YidiPlacePicker, popover);
  gtk_widget_class_bind_template_child (widget_class, YidiPlacePicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, YidiPlacePicker, level_box);
  gtk_widget_class_bind_template_child (widget_class, YidiPlacePicker, level_label);
  gtk_widget_class_bind_template_child (widget_class, YidiPlacePicker, list_box);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_up_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show);
}

static void
yidi_place_picker_init (YidiPlacePicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_button (self);
}

GtkWidget *
yidi_place_picker_new (void)
{
  return g_object_new (YIDI_TYPE_PLACE_PICKER, NULL);
}

YidiPlaces *
yidi_place_picker_get_places (YidiPlacePicker *self)
{
  g_return_val_if_fail (YIDI_IS_PLACE_PICKER (self), NULL);
  return self->places;
}

void
yidi_place_picker_set_places (YidiPlacePicker *self,
                              YidiPlaces      *places)
{
  g_return_if_fail (YIDI_IS_PLACE_PICKER (self));
  g_return_if_fail (places == NULL || YIDI_IS_PLACES (places));

  if (!g_set_object (&self->places, places))
    return;
  update_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLACES]);
}

const char *
yidi_place_picker_get_code (YidiPlacePicker *self)
{
  g_return_val_if_fail (YIDI_IS_PLACE_PICKER (self), NULL);
  return self->code;
}

void
yidi_place_picker_set_code (YidiPlacePicker *self,
                            const char      *code)
{
  g_return_if_fail (YIDI_IS_PLACE_PICKER (self));

  if (code != NULL && *code == '\0')
    code = NULL;
  if (g_strcmp0 (self->code, code) == 0)
    return;
  g_free (self->code);
  self->code = g_strdup (code);
  update_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
}

void
yidi_place_picker_browse (YidiPlacePicker *self,
                          const char      *parent_code)
{
  g_return_if_fail (YIDI_IS_PLACE_PICKER (self));

  g_free (self->level);
  self->level = g_strdup (parent_code);
  show_level (self);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-case-switcher"

#include "config.h"

#include <glib/gi18n.h>

#include "yidi-case-switcher.h"

struct _YidiCaseSwitcher
{
  AdwBin parent_instance;

  YidiCaseList *case_list;
  YidiCase *current;

  GtkMenuButton *button;
  GtkLabel *case_label;
  GtkPopover *popover;
  GtkSearchEntry *search_entry;
  GtkStack *list_stack;
  GtkListBox *list_box;
  GtkLabel *empty_label;
};

G_DEFINE_FINAL_TYPE (YidiCaseSwitcher, yidi_case_switcher, ADW_TYPE_BIN)

static const char *
display_label (const char *label)
{
  return label != NULL && *label != '\0' ? label : _("Unnamed case");
}

char *
yidi_case_switcher_describe (YidiCaseSummary *summary)
{
  YidiFilingCategory category;
  const char *what;
  g_autofree char *when = NULL;
  int days;

  g_return_val_if_fail (YIDI_IS_CASE_SUMMARY (summary), NULL);

  category = yidi_case_summary_get_filing_category (summary);
  what = category != YIDI_FILING_NONE ? yidi_filing_category_get_label (category) : _("No filing category yet");
  days = yidi_case_summary_get_days_left (summary);

  switch (yidi_case_summary_get_warning (summary))
    {
    case YIDI_FILING_WARNING_EXPIRED:
      when = g_strdup (_("Filing expired"));
      break;
    case YIDI_FILING_WARNING_30_DAYS:
    case YIDI_FILING_WARNING_7_DAYS:
    case YIDI_FILING_WARNING_NONE:
    default:
      if (yidi_case_summary_get_expires (summary) != NULL && days > 0)
        when = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day left", "%d days left", days), days);
      else if (yidi_case_summary_get_expires (summary) != NULL && days == 0)
        when = g_strdup (_("Expires today"));
      else if (category != YIDI_FILING_NONE && category != YIDI_FILING_EMERGENCY)
        /* An emergency counts as filed: its status says nothing. */
        when = g_strdup (yidi_filing_status_get_label (yidi_case_summary_get_filing_status (summary)));
      break;
    }

  if (when == NULL)
    return g_strdup (what);
  /* Translators: the filing category of a saved case, then its state */
  return g_strdup_printf (_("%s · %s"), what, when);
}

static void
update_label (YidiCaseSwitcher *self)
{
  const char *label = self->current != NULL ? yidi_case_get_label (self->current) : NULL;
  g_autofree char *tooltip = NULL;

  if (label == NULL || *label == '\0')
    label = self->current != NULL && yidi_case_get_id (self->current) != 0 ? _("Unnamed case") : _("New case");
  gtk_label_set_label (self->case_label, label);

  /* Translators: the tooltip of the case button; %s is the person's name */
  tooltip = g_strdup_printf (_("Switch case (now: %s)"), label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
}

static void
update_marks (YidiCaseSwitcher *self)
{
  gint64 current = self->current != NULL ? yidi_case_get_id (self->current) : 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *mark = g_object_get_data (G_OBJECT (row), "mark");
      gint64 *id = g_object_get_data (G_OBJECT (row), "case-id");

      if (mark != NULL && id != NULL)
        {
          gtk_widget_set_opacity (mark, *id == current ? 1.0 : 0.0);
          gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                                       GTK_ACCESSIBLE_STATE_SELECTED, *id == current,
                                       -1);
        }
    }
}

static void
update_empty (YidiCaseSwitcher *self)
{
  guint n = self->case_list != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->case_list)) : 0;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  gtk_label_set_label (self->empty_label,
                       search != NULL && *search != '\0'
                       ? _("No saved case matches.")
                       : _("No saved cases yet. A case is saved by itself as soon as you enter a name or answer a question."));
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
}

static GMenuModel *
make_row_menu (gint64 id)
{
  GMenu *menu = g_menu_new ();
  static const struct {
    const char *label;
    const char *action;
  } items[] = {
    { N_("_Rename…"), "win.rename-case" },
    { N_("_Duplicate"), "win.duplicate-case" },
    { N_("_Export…"), "win.export-case" },
    { N_("De_lete…"), "win.delete-case" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(items[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, items[i].action, g_variant_new_int64 (id));
      g_menu_append_item (menu, item);
    }
  return G_MENU_MODEL (menu);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  YidiCaseSummary *summary = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *mark = gtk_image_new_from_icon_name ("object-select-symbolic");
  const char *label = display_label (yidi_case_summary_get_label (summary));
  g_autofree char *details = yidi_case_switcher_describe (summary);
  g_autofree char *more = NULL;
  g_autoptr(GMenuModel) menu = make_row_menu (yidi_case_summary_get_id (summary));
  GtkWidget *title = gtk_label_new (label);
  GtkWidget *subtitle = gtk_label_new (details);
  GtkWidget *menu_button = gtk_menu_button_new ();
  gint64 *id = g_new (gint64, 1);

  *id = yidi_case_summary_get_id (summary);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  if (yidi_case_summary_get_warning (summary) == YIDI_FILING_WARNING_EXPIRED)
    gtk_widget_add_css_class (subtitle, "error");
  else if (yidi_case_summary_get_warning (summary) != YIDI_FILING_WARNING_NONE)
    gtk_widget_add_css_class (subtitle, "warning");
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_widget_set_hexpand (texts, TRUE);

  gtk_widget_set_valign (mark, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), mark);
  gtk_box_append (GTK_BOX (box), texts);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), menu);
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (menu_button, "flat");
  /* Translators: the menu of one saved case; %s is the person's name */
  more = g_strdup_printf (_("More for %s"), label);
  gtk_widget_set_tooltip_text (menu_button, more);
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, more,
                                  -1);
  gtk_box_append (GTK_BOX (box), menu_button);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, details,
                                  -1);
  g_object_set_data_full (G_OBJECT (row), "case-id", id, g_free);
  g_object_set_data (G_OBJECT (row), "mark", mark);
  return row;
}

static void
on_items_changed (GListModel       *model,
                  guint             position,
                  guint             removed,
                  guint             added,
                  YidiCaseSwitcher *self)
{
  update_marks (self);
  update_empty (self);
}

static void
on_current_notify (YidiCase         *current,
                   GParamSpec       *pspec,
                   YidiCaseSwitcher *self)
{
  update_label (self);
  update_marks (self);
}

static void
on_search_changed (YidiCaseSwitcher *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  if (self->case_list != NULL)
    yidi_case_list_set_search (self->case_list, *text != '\0' ? text : NULL);
  update_empty (self);
}

static void
switch_to_row (YidiCaseSwitcher *self,
               GtkListBoxRow    *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "case-id");

  if (id == NULL)
    return;
  gtk_popover_popdown (self->popover);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.switch-case", "x", *id);
}

static void
on_search_activate (YidiCaseSwitcher *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->list_box, 0);

  if (first != NULL)
    switch_to_row (self, first);
}

static void
on_row_activated (YidiCaseSwitcher *self,
                  GtkListBoxRow    *row)
{
  switch_to_row (self, row);
}

static void
on_button_clicked (YidiCaseSwitcher *self)
{
  gtk_popover_popdown (self->popover);
}

static void
on_popover_show (YidiCaseSwitcher *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
disconnect (YidiCaseSwitcher *self)
{
  if (self->case_list != NULL)
    g_signal_handlers_disconnect_by_data (self->case_list, self);
  if (self->current != NULL)
    g_signal_handlers_disconnect_by_data (self->current, self);
  g_clear_object (&self->current);
  g_clear_object (&self->case_list);
}

static void
yidi_case_switcher_dispose (GObject *object)
{
  YidiCaseSwitcher *self = YIDI_CASE_SWITCHER (object);

  disconnect (self);
  /* AdwBin would unparent its child again. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), YIDI_TYPE_CASE_SWITCHER);

  G_OBJECT_CLASS (yidi_case_switcher_parent_class)->dispose (object);
}

static void
yidi_case_switcher_class_init (YidiCaseSwitcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yidi_case_switcher_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/yidi/Yidi/yidi-case-switcher.ui");
  gtk_widget_class_bind_template_child (widget_class, YidiCaseSwitcher, button);
  gtk_widget_class_bind_template_child (widget_class, YidiCaseSwitcher, case_label);
  gtk_widget_class_bind_template_child (widget_class, YidiCaseSwitcher, popover);
  gtk_widget_class_bind_template_child (widget_class, YidiCaseSwitcher, search_entry);
  gtk_widget_class_bind_template_child (widget_class, YidiCaseSwitcher, list_stack);
  gtk_widget_class_bind_template_child (widget_class, YidiCaseSwitcher, list_box);
  gtk_widget_class_bind_template_child (widget_class, YidiCaseSwitcher, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show);
}

static void
yidi_case_switcher_init (YidiCaseSwitcher *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_label (self);
  update_empty (self);
}

void
yidi_case_switcher_set_case_list (YidiCaseSwitcher *self,
                                  YidiCaseList     *case_list)
{
  g_return_if_fail (YIDI_IS_CASE_SWITCHER (self));
  g_return_if_fail (case_list == NULL || YIDI_IS_CASE_LIST (case_list));

  disconnect (self);
  gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);

  if (case_list != NULL)
    {
      self->case_list = g_object_ref (case_list);
      self->current = g_object_ref (yidi_case_list_get_current (case_list));
      gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (case_list), create_row, self, NULL);
      g_signal_connect (case_list, "items-changed", G_CALLBACK (on_items_changed), self);
      g_signal_connect (self->current, "notify::label", G_CALLBACK (on_current_notify), self);
      g_signal_connect (self->current, "notify::id", G_CALLBACK (on_current_notify), self);
    }
  update_label (self);
  update_marks (self);
  update_empty (self);
}

YidiCaseList *
yidi_case_switcher_get_case_list (YidiCaseSwitcher *self)
{
  g_return_val_if_fail (YIDI_IS_CASE_SWITCHER (self), NULL);
  return self->case_list;
}

void
yidi_case_switcher_popup (YidiCaseSwitcher *self)
{
  g_return_if_fail (YIDI_IS_CASE_SWITCHER (self));
  gtk_menu_button_popup (self->button);
}

void
yidi_case_switcher_popdown (YidiCaseSwitcher *self)
{
  g_return_if_fail (YIDI_IS_CASE_SWITCHER (self));
  gtk_menu_button_popdown (self->button);
}

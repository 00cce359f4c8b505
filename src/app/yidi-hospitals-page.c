/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-hospitals-page"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "yidi-hospitals-page.h"
#include "yidi-place-picker.h"

/* How many rejected rows of an import are listed by line. */
#define MAX_PROBLEMS_SHOWN 10
/* A list older than this is not to be trusted without asking. */
#define DATA_DATE_MAX_AGE_DAYS 365

struct _YidiHospitalsPage
{
  AdwBin parent_instance;

  YidiApplication *application;   /* weak */
  YidiCase *current_case;
  YidiDirectory *directory;
  YidiInstitutionList *list;
  YidiInstitution *shown;
  char *pending_key;              /* to show once the directory is open */
  GCancellable *lookup_cancellable;
  GtkFileChooserNative *chooser;
  gboolean importing;

  GPtrArray *level_checks;        /* GtkCheckButton, "bit" data */
  GPtrArray *type_checks;
  GPtrArray *networked_checks;
  GtkWidget *favourites_check;
  gboolean updating_filters;

  GtkStack *main_stack;
  GtkSpinner *opening_spinner;
  AdwStatusPage *unavailable_page;
  AdwLeaflet *leaflet;
  GtkWidget *search_pane;
  GtkSearchEntry *search_entry;
  YidiPlacePicker *place_picker;
  GtkWidget *clear_place_button;
  GtkMenuButton *filter_button;
  GtkLabel *filter_label;
  GtkWidget *import_button;
  GtkPopover *filter_popover;
  GtkBox *filter_box;
  GtkLabel *count_label;
  GtkSpinner *spinner;
  GtkRevealer *import_revealer;
  GtkLabel *import_label;
  GtkProgressBar *import_progress;
  GtkStack *results_stack;
  GtkListView *list_view;
  AdwStatusPage *empty_page;
  AdwStatusPage *error_page;
  GtkWidget *details_pane;
  GtkWidget *back_box;
  GtkWidget *back_button;
  GtkStack *detail_stack;
  GtkLabel *name_label;
  GtkToggleButton *favourite_button;
  GtkWidget *data_box;
  GtkImage *data_icon;
  GtkLabel *data_label;
  AdwActionRow *inpatient_row;
  AdwActionRow *outpatient_row;
  AdwActionRow *chronic_row;
  AdwActionRow *level_row;
  AdwActionRow *type_row;
  AdwActionRow *place_row;
  AdwActionRow *address_row;
  AdwActionRow *phone_row;
  GtkWidget *copy_address_button;
  GtkWidget *copy_phone_button;
  AdwActionRow *aliases_row;
  AdwActionRow *code_row;
  AdwActionRow *location_row;
  AdwActionRow *date_row;
  AdwActionRow *source_row;
  GtkWidget *use_button;
  GtkWidget *estimate_button;    /* for the tests */
};

G_DEFINE_FINAL_TYPE (YidiHospitalsPage, yidi_hospitals_page, ADW_TYPE_BIN)

static void show_institution (YidiHospitalsPage *self, YidiInstitution *institution);
static void bench_search (YidiHospitalsPage *self, const char *text);

/* ---- Helpers -------------------------------------------------------------- */

static void
toast (YidiHospitalsPage *self,
       const char        *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", text);
}

static const char *
or_not_given (const char *text)
{
  return text != NULL && *text != '\0' ? text : _("Not given in the list");
}

/* "1,234 hospitals": grouped as the language groups digits. */
static char *
format_count (guint n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u hospital", "%'u hospitals", n), n);
}

static const char *
tristate_words (YidiTristate value)
{
  switch (value)
    {
    case YIDI_TRISTATE_YES:
      return _("Yes");
    case YIDI_TRISTATE_NO:
      return _("No");
    case YIDI_TRISTATE_UNKNOWN:
    default:
      return _("Not known — check with the hospital");
    }
}

/* The last day a data date ("2024-05-01", "2024-05", "2015-2016") can
 * stand for. */
static gboolean
data_date_end (const char *text,
               GDate      *out_date)
{
  guint year = 0;
  guint month = 0;
  guint day = 0;
  const char *last_year = NULL;

  if (text == NULL)
    return FALSE;
  if (yidi_date_parse (text, out_date))
    return TRUE;

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]) && g_ascii_isdigit (p[3])
        && (p == text || !g_ascii_isdigit (p[-1])) && !g_ascii_isdigit (p[4]))
      last_year = p;
  if (last_year == NULL)
    return FALSE;
  year = (guint) g_ascii_strtoull (last_year, NULL, 10);
  /* "2024-05": the end of that month. */
  if (last_year[4] == '-' && g_ascii_isdigit (last_year[5]) && g_ascii_isdigit (last_year[6]) && !g_ascii_isdigit (last_year[7]))
    month = (guint) g_ascii_strtoull (last_year + 5, NULL, 10);
  if (!g_date_valid_year (year))
    return FALSE;
  if (!g_date_valid_month (month))
    month = 12;
  day = g_date_get_days_in_month (month, year);
  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, day, month, year);
  return TRUE;
}

static char *
format_data_date (const char *text)
{
  GDate date;

  if (text != NULL && yidi_date_parse (text, &date))
    return yidi_date_format_for_people (&date);
  return g_strdup (text);
}

static gboolean
data_date_is_old (const char *text)
{
  GDate end;
  GDate today;

  if (!data_date_end (text, &end))
    return TRUE;
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  return g_date_days_between (&end, &today) > DATA_DATE_MAX_AGE_DAYS;
}

/* The place of treatment an institution stands for: its county, else
 * its city. */
static const char *
treatment_place (YidiInstitution *institution)
{
  const char *county = yidi_institution_get_county_code (institution);

  if (county != NULL && *county != '\0')
    return county;
  return yidi_institution_get_city_code (institution);
}

/* ---- The list ------------------------------------------------------------- */

static void
update_results (YidiHospitalsPage *self)
{
  guint n;
  gboolean loading;
  gboolean counting;
  const GError *error;
  g_autofree char *count = NULL;

  if (self->list == NULL)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  loading = yidi_institution_list_get_loading (self->list);
  counting = yidi_institution_list_get_counting (self->list);
  error = yidi_institution_list_get_error (self->list);

  gtk_spinner_set_spinning (self->spinner, loading || counting);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading || counting);

  if (error != NULL && n == 0 && !loading)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->results_stack, "error");
      gtk_label_set_label (self->count_label, "");
      return;
    }

  if (n == 0 && loading)
    gtk_label_set_label (self->count_label, _("Searching…"));
  else if (counting)
    gtk_label_set_label (self->count_label, _("Counting…"));
  else
    {
      count = format_count (n);
      gtk_label_set_label (self->count_label, count);
    }

  if (n == 0 && !loading)
    {
      const YidiDirectoryQuery *query = yidi_institution_list_get_query (self->list);
      gboolean narrowed = query->place != NULL || query->levels != 0 || query->types != 0
                          || query->networked != 0 || query->favourites_only;
      g_autoptr(GString) hint = g_string_new (NULL);

      if (query->favourites_only)
        g_string_append (hint, _("You have no favourites among these yet: star a hospital in its details to keep it here."));
      else
        g_string_append (hint, _("Check the spelling, type fewer characters, or try pinyin such as “xiehe” or its initials “xh”."));
      if (narrowed)
        {
          g_string_append_c (hint, '\n');
          g_string_append (hint, _("Search everywhere or clear the filters to see more."));
        }
      adw_status_page_set_description (self->empty_page, hint->str);
      gtk_stack_set_visible_child_name (self->results_stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->results_stack, "list");
}

/* An error with results on screen is about a later page: its rows say
 * "Could not be read", and a toast says what to do. */
static void
on_list_error (YidiHospitalsPage *self)
{
  const GError *error = yidi_institution_list_get_error (self->list);

  if (error == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0)
    return;

  /* A toast is one short line: the remedy, not the file's path. A start
   * checks the directory: a damaged list of the person's own is moved
   * aside, a damaged installed one makes the tab say to reinstall. */
  g_debug ("some hospitals could not be read: %s", error->message);
  toast (self, _("Some hospitals could not be read. Restart Yidi; if it happens again, reinstall it."));
}

static void
on_list_changed (YidiHospitalsPage *self)
{
  update_results (self);
}

static void
on_items_changed (GListModel        *model,
                  guint              position,
                  guint              removed,
                  guint              added,
                  YidiHospitalsPage *self)
{
  update_results (self);
}

static void
update_row_star (YidiInstitution *institution,
                 GParamSpec      *pspec,
                 GtkWidget       *star)
{
  gtk_widget_set_visible (star, !yidi_institution_get_loading (institution)
                                && yidi_institution_get_favourite (institution));
}

static GtkWidget *
make_badge (const char *text)
{
  GtkWidget *badge = gtk_label_new (text);

  gtk_widget_add_css_class (badge, "yidi-badge");
  gtk_widget_add_css_class (badge, "caption");
  return badge;
}

static void
on_row_setup (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              YidiHospitalsPage        *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *star = gtk_image_new_from_icon_name ("starred-symbolic");
  GtkWidget *info = gtk_label_new (NULL);
  GtkWidget *badges = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (star), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Favourite"), -1);
  gtk_box_append (GTK_BOX (top), name);
  gtk_box_append (GTK_BOX (top), star);
  gtk_label_set_xalign (GTK_LABEL (info), 0);
  gtk_label_set_ellipsize (GTK_LABEL (info), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (info, "caption");
  gtk_widget_add_css_class (info, "dim-label");
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), info);
  gtk_box_append (GTK_BOX (box), badges);

  g_object_set_data (G_OBJECT (box), "name", name);
  g_object_set_data (G_OBJECT (box), "star", star);
  g_object_set_data (G_OBJECT (box), "info", info);
  g_object_set_data (G_OBJECT (box), "badges", badges);
  gtk_list_item_set_child (item, box);
}

static void
on_row_bind (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             YidiHospitalsPage        *self)
{
  YidiInstitution *institution = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = g_object_get_data (G_OBJECT (box), "name");
  GtkWidget *star = g_object_get_data (G_OBJECT (box), "star");
  GtkWidget *info = g_object_get_data (G_OBJECT (box), "info");
  GtkWidget *badges = g_object_get_data (G_OBJECT (box), "badges");
  gboolean unreadable = yidi_institution_get_unreadable (institution);
  gboolean loading = yidi_institution_get_loading (institution);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (badges)) != NULL)
    gtk_box_remove (GTK_BOX (badges), child);

  gtk_widget_set_visible (info, !loading && !unreadable);
  gtk_widget_set_visible (badges, !loading && !unreadable);
  gtk_list_item_set_activatable (item, !loading && !unreadable);
  if (loading || unreadable)
    {
      /* Translators: a row of the hospital list the directory failed to read */
      gtk_label_set_label (GTK_LABEL (name), unreadable ? _("Could not be read") : _("Loading…"));
      gtk_widget_add_css_class (name, "dim-label");
      gtk_widget_set_visible (star, FALSE);
      return;
    }

  gtk_widget_remove_css_class (name, "dim-label");
  gtk_label_set_label (GTK_LABEL (name), yidi_institution_get_name (institution));
  {
    g_autofree char *level = yidi_institution_dup_level_label (institution);
    const char *place = yidi_institution_get_place_name (institution);
    g_autofree char *text = place != NULL && *place != '\0'
                            /* Translators: a hospital's level, then its place: "Level 3 Grade A · 广东省 广州市" */
                            ? g_strdup_printf (_("%s · %s"), level, place)
                            : g_strdup (level);

    gtk_label_set_label (GTK_LABEL (info), text);
  }

  if (yidi_institution_get_networked (institution, YIDI_VISIT_INPATIENT) == YIDI_TRISTATE_YES)
    gtk_box_append (GTK_BOX (badges), make_badge (_("Hospital stay")));
  if (yidi_institution_get_networked (institution, YIDI_VISIT_OUTPATIENT) == YIDI_TRISTATE_YES)
    gtk_box_append (GTK_BOX (badges), make_badge (_("Outpatient")));
  if (yidi_institution_get_networked (institution, YIDI_VISIT_CHRONIC_OUTPATIENT) == YIDI_TRISTATE_YES)
    gtk_box_append (GTK_BOX (badges), make_badge (_("Chronic diseases")));
  gtk_widget_set_visible (badges, gtk_widget_get_first_child (badges) != NULL);

  update_row_star (institution, NULL, star);
  g_signal_connect_object (institution, "notify::favourite", G_CALLBACK (update_row_star), star, 0);
}

static void
on_row_unbind (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               YidiHospitalsPage        *self)
{
  YidiInstitution *institution = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *star = g_object_get_data (G_OBJECT (box), "star");

  if (institution != NULL)
    g_signal_handlers_disconnect_by_func (institution, update_row_star, star);
}

static void
on_list_activate (YidiHospitalsPage *self,
                  guint              position)
{
  g_autoptr(YidiInstitution) institution = g_list_model_get_item (G_LIST_MODEL (self->list), position);

  if (institution == NULL || yidi_institution_get_loading (institution))
    return;
  show_institution (self, institution);
}

/* ---- Searching and filters ------------------------------------------------ */

static void
on_search_changed (YidiHospitalsPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  if (self->list != NULL)
    yidi_institution_list_set_text (self->list, *text != '\0' ? text : NULL);
}

static void
on_stop_search (YidiHospitalsPage *self)
{
  /* Escape clears the search, then gives the list the keyboard. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
on_search_activate (YidiHospitalsPage *self)
{
  g_autoptr(YidiInstitution) first = NULL;

  /* Enter opens the best match, once it is there. */
  if (self->list == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0)
    return;
  first = g_list_model_get_item (G_LIST_MODEL (self->list), 0);
  if (!yidi_institution_get_loading (first))
    show_institution (self, first);
}

static void
on_place_changed (YidiHospitalsPage *self)
{
  const char *code = yidi_place_picker_get_code (self->place_picker);

  gtk_widget_set_sensitive (self->clear_place_button, code != NULL);
  if (self->list != NULL)
    yidi_institution_list_set_place (self->list, code);
}

static void
on_clear_place_clicked (YidiHospitalsPage *self)
{
  yidi_place_picker_set_code (self->place_picker, NULL);
}

static guint
checked_bits (GPtrArray *checks)
{
  guint bits = 0;

  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (checks->pdata[i]))
      bits |= GPOINTER_TO_UINT (g_object_get_data (checks->pdata[i], "bit"));
  return bits;
}

static guint
count_checked (GPtrArray *checks)
{
  guint n = 0;

  for (guint i = 0; i < checks->len; i++)
    n += gtk_check_button_get_active (checks->pdata[i]) ? 1 : 0;
  return n;
}

static void
update_filter_label (YidiHospitalsPage *self)
{
  guint n = count_checked (self->level_checks) + count_checked (self->type_checks)
            + count_checked (self->networked_checks)
            + (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->favourites_check)) ? 1 : 0);
  g_autofree char *text = n == 0 ? g_strdup (_("Filters"))
                                 /* Translators: the filter button with the number of filters set */
                                 : g_strdup_printf (_("Filters (%u)"), n);

  gtk_label_set_label (self->filter_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hospitals.clear-filters", n > 0);
}

/* The search as the tab shows it: text, place and filters. */
static YidiDirectoryQuery *
dup_query (YidiHospitalsPage *self)
{
  YidiDirectoryQuery *query = yidi_directory_query_new ();
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  const char *place = yidi_place_picker_get_code (self->place_picker);

  query->text = *text != '\0' ? g_steal_pointer (&text) : NULL;
  query->place = g_strdup (place);
  query->levels = checked_bits (self->level_checks);
  query->types = checked_bits (self->type_checks);
  query->networked = checked_bits (self->networked_checks);
  query->favourites_only = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->favourites_check));
  return query;
}

static void
on_filter_toggled (YidiHospitalsPage *self)
{
  g_autoptr(YidiDirectoryQuery) query = NULL;

  if (self->updating_filters)
    return;
  update_filter_label (self);
  if (self->list == NULL)
    return;

  query = dup_query (self);
  yidi_institution_list_set_query (self->list, query);
}

static GtkWidget *
add_filter_heading (YidiHospitalsPage *self,
                    const char        *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_top (label, gtk_widget_get_first_child (GTK_WIDGET (self->filter_box)) != NULL ? 12 : 0);
  gtk_widget_set_margin_bottom (label, 3);
  gtk_box_append (self->filter_box, label);
  return label;
}

static GtkWidget *
add_filter_check (YidiHospitalsPage *self,
                  GPtrArray         *group,
                  const char        *text,
                  guint              bit)
{
  GtkWidget *check = gtk_check_button_new_with_label (text);

  g_object_set_data (G_OBJECT (check), "bit", GUINT_TO_POINTER (bit));
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_filter_toggled), self);
  gtk_box_append (self->filter_box, check);
  if (group != NULL)
    g_ptr_array_add (group, check);
  return check;
}

static void
build_filters (YidiHospitalsPage *self)
{
  static const YidiInstitutionLevel levels[] = {
    YIDI_LEVEL_3, YIDI_LEVEL_2, YIDI_LEVEL_1, YIDI_LEVEL_COMMUNITY, YIDI_LEVEL_UNRATED,
  };
  static const YidiInstitutionType types[] = {
    YIDI_INSTITUTION_TYPE_GENERAL, YIDI_INSTITUTION_TYPE_TCM, YIDI_INSTITUTION_TYPE_INTEGRATED,
    YIDI_INSTITUTION_TYPE_MATERNAL_CHILD, YIDI_INSTITUTION_TYPE_SPECIALTY, YIDI_INSTITUTION_TYPE_PRIMARY,
    YIDI_INSTITUTION_TYPE_OTHER,
  };
  GtkWidget *clear;

  add_filter_heading (self, _("Level"));
  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    add_filter_check (self, self->level_checks, yidi_institution_level_get_label (levels[i]), 1u << levels[i]);

  add_filter_heading (self, _("Type"));
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    add_filter_check (self, self->type_checks, yidi_institution_type_get_label (types[i]), 1u << types[i]);

  add_filter_heading (self, _("Known to Settle Directly"));
  add_filter_check (self, self->networked_checks, _("Hospital stay"), YIDI_NETWORKED_INPATIENT);
  add_filter_check (self, self->networked_checks, _("General outpatient visits"), YIDI_NETWORKED_OUTPATIENT);
  add_filter_check (self, self->networked_checks, _("Outpatient care for chronic and special diseases"),
                    YIDI_NETWORKED_CHRONIC);

  add_filter_heading (self, _("Favourites"));
  self->favourites_check = add_filter_check (self, NULL, _("Only my favourites"), 0);

  clear = gtk_button_new_with_mnemonic (_("_Clear Filters"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (clear), "hospitals.clear-filters");
  gtk_widget_set_margin_top (clear, 12);
  gtk_box_append (self->filter_box, clear);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  YidiHospitalsPage *self = YIDI_HOSPITALS_PAGE (widget);
  GPtrArray *groups[] = { self->level_checks, self->type_checks, self->networked_checks };

  /* One search for all of them. */
  self->updating_filters = TRUE;
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    for (guint i = 0; i < groups[g]->len; i++)
      gtk_check_button_set_active (groups[g]->pdata[i], FALSE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->favourites_check), FALSE);
  self->updating_filters = FALSE;
  on_filter_toggled (self);
}

/* ---- Details -------------------------------------------------------------- */

static void
set_row (AdwActionRow *row,
         const char   *value)
{
  adw_action_row_set_subtitle (row, value);
}

/* A service's state in words, and an icon beside it for the eye. */
static void
set_tristate_row (AdwActionRow *row,
                  YidiTristate  value)
{
  GtkWidget *icon = g_object_get_data (G_OBJECT (row), "icon");
  static const char *icons[] = {
    [YIDI_TRISTATE_UNKNOWN] = "dialog-question-symbolic",
    [YIDI_TRISTATE_NO] = "window-close-symbolic",
    [YIDI_TRISTATE_YES] = "object-select-symbolic",
  };

  if (icon == NULL)
    {
      icon = gtk_image_new ();
      gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
      /* The words say it already. */
      gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      adw_action_row_add_prefix (row, icon);
      g_object_set_data (G_OBJECT (row), "icon", icon);
    }
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), icons[value]);
  gtk_widget_remove_css_class (icon, "success");
  gtk_widget_remove_css_class (icon, "error");
  gtk_widget_remove_css_class (icon, "warning");
  gtk_widget_add_css_class (icon, value == YIDI_TRISTATE_YES ? "success" : value == YIDI_TRISTATE_NO ? "error" : "warning");
  set_row (row, tristate_words (value));
}

static void
update_favourite_button (YidiHospitalsPage *self)
{
  gboolean favourite = self->shown != NULL && yidi_institution_get_favourite (self->shown);

  /* on_favourite_toggled() leaves the saved state alone. */
  gtk_toggle_button_set_active (self->favourite_button, favourite);
  gtk_button_set_icon_name (GTK_BUTTON (self->favourite_button),
                            favourite ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->favourite_button),
                               favourite ? _("Remove From the Favourites") : _("Keep Among the Favourites"));
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->favourite_button),
                               GTK_ACCESSIBLE_STATE_PRESSED, favourite,
                               -1);
}

static void
on_shown_favourite_changed (YidiHospitalsPage *self)
{
  update_favourite_button (self);
}

static void
update_use_button (YidiHospitalsPage *self)
{
  const char *place = self->shown != NULL ? treatment_place (self->shown) : NULL;
  gboolean can = place != NULL && *place != '\0' && self->current_case != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hospitals.use-place", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hospitals.estimate", can);
  gtk_widget_set_tooltip_text (self->use_button,
                               self->shown == NULL || can ? NULL
                               : _("The list does not say which city this hospital is in."));
}

static void
show_data_note (YidiHospitalsPage *self,
                YidiInstitution   *institution)
{
  const char *data_date = yidi_institution_get_data_date (institution);
  g_autofree char *when = format_data_date (data_date);
  g_autofree char *text = NULL;
  gboolean old = data_date_is_old (data_date);

  if (when == NULL || *when == '\0')
    text = g_strdup (_("The list does not say how current it is. Check with the local medical insurance agency before you go."));
  else if (old)
    text = g_strdup_printf (_("This list is from %s; check with the local medical insurance agency before you go."), when);
  else
    text = g_strdup_printf (_("This list is from %s."), when);

  gtk_label_set_label (self->data_label, text);
  gtk_image_set_from_icon_name (self->data_icon, old ? "dialog-warning-symbolic" : "dialog-information-symbolic");
  if (old)
    gtk_widget_add_css_class (self->data_box, "warning");
  else
    gtk_widget_remove_css_class (self->data_box, "warning");
  set_row (self->date_row, when != NULL && *when != '\0' ? when : _("Not given in the list"));
}

static void
show_institution (YidiHospitalsPage *self,
                  YidiInstitution   *institution)
{
  const char * const *aliases;
  const char *address;
  const char *phone;
  const char *source;
  const char *source_name;
  g_autofree char *level = NULL;

  g_return_if_fail (!yidi_institution_get_loading (institution));

  if (self->shown != NULL)
    g_signal_handlers_disconnect_by_data (self->shown, self);
  g_set_object (&self->shown, institution);
  g_signal_connect_swapped (institution, "notify::favourite", G_CALLBACK (on_shown_favourite_changed), self);

  gtk_label_set_label (self->name_label, yidi_institution_get_name (institution));
  update_favourite_button (self);
  show_data_note (self, institution);

  set_tristate_row (self->inpatient_row, yidi_institution_get_networked (institution, YIDI_VISIT_INPATIENT));
  set_tristate_row (self->outpatient_row, yidi_institution_get_networked (institution, YIDI_VISIT_OUTPATIENT));
  set_tristate_row (self->chronic_row, yidi_institution_get_networked (institution, YIDI_VISIT_CHRONIC_OUTPATIENT));

  level = yidi_institution_dup_level_label (institution);
  set_row (self->level_row, level);
  set_row (self->type_row, yidi_institution_type_get_label (yidi_institution_get_institution_type (institution)));
  set_row (self->place_row, or_not_given (yidi_institution_get_place_name (institution)));

  address = yidi_institution_get_address (institution);
  phone = yidi_institution_get_phone (institution);
  set_row (self->address_row, or_not_given (address));
  set_row (self->phone_row, or_not_given (phone));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hospitals.copy-address", address != NULL && *address != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hospitals.copy-phone", phone != NULL && *phone != '\0');

  aliases = yidi_institution_get_aliases (institution);
  if (aliases != NULL && aliases[0] != NULL)
    {
      /* Translators: between the other names of a hospital */
      g_autofree char *joined = g_strjoinv (_(", "), (char **) aliases);
      set_row (self->aliases_row, joined);
    }
  else
    set_row (self->aliases_row, _("None given in the list"));
  set_row (self->code_row, or_not_given (yidi_institution_get_code (institution)));

  gtk_widget_set_visible (GTK_WIDGET (self->location_row), yidi_institution_get_has_location (institution));
  if (yidi_institution_get_has_location (institution))
    {
      double latitude = yidi_institution_get_latitude (institution);
      double longitude = yidi_institution_get_longitude (institution);
      g_autofree char *text = g_strdup_printf (_("Latitude %.5f, longitude %.5f"), latitude, longitude);
      set_row (self->location_row, text);
    }

  source = yidi_institution_get_source (institution);
  source_name = yidi_institution_get_source_name (institution);
  if (yidi_institution_get_imported (institution))
    {
      g_autofree char *text = g_strdup_printf (_("“%s”, a list you imported"), or_not_given (source_name));
      set_row (self->source_row, text);
    }
  else
    {
      g_autofree char *text = NULL;

      if (source != NULL && *source != '\0')
        text = g_strdup_printf (_("%s, in the directory installed with Yidi"), source);
      else
        text = g_strdup (_("The directory installed with Yidi"));
      set_row (self->source_row, text);
    }

  update_use_button (self);
  gtk_stack_set_visible_child_name (self->detail_stack, "details");
  adw_leaflet_set_visible_child (self->leaflet, self->details_pane);
}

static void
on_favourite_toggled (YidiHospitalsPage *self,
                      GtkToggleButton   *button)
{
  gboolean active = gtk_toggle_button_get_active (button);

  if (self->shown == NULL || self->list == NULL || active == yidi_institution_get_favourite (self->shown))
    return;
  /* The button shows the saved state: it changes once saved. */
  yidi_institution_list_set_favourite (self->list, self->shown, active);
  update_favourite_button (self);
}

static void
on_back_clicked (YidiHospitalsPage *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_leaflet_folded (YidiHospitalsPage *self)
{
  gtk_widget_set_visible (self->back_box, adw_leaflet_get_folded (self->leaflet));
}

static void
copy_text (YidiHospitalsPage *self,
           const char        *text,
           const char        *told)
{
  if (text == NULL || *text == '\0')
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  toast (self, told);
}

static void
copy_address_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  YidiHospitalsPage *self = YIDI_HOSPITALS_PAGE (widget);

  if (self->shown != NULL)
    copy_text (self, yidi_institution_get_address (self->shown), _("Address copied"));
}

static void
copy_phone_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  YidiHospitalsPage *self = YIDI_HOSPITALS_PAGE (widget);

  if (self->shown != NULL)
    copy_text (self, yidi_institution_get_phone (self->shown), _("Phone number copied"));
}

/* Makes the shown hospital's place the case's place of treatment; FALSE
 * when there is no hospital, no case or no known place. */
static gboolean
use_shown_place (YidiHospitalsPage *self)
{
  const char *place;

  if (self->shown == NULL || self->current_case == NULL)
    return FALSE;
  place = treatment_place (self->shown);
  if (place == NULL || *place == '\0')
    return FALSE;

  yidi_case_set_destination (self->current_case, place);
  return TRUE;
}

static void
use_place_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  YidiHospitalsPage *self = YIDI_HOSPITALS_PAGE (widget);
  g_autofree char *text = NULL;

  if (!use_shown_place (self))
    return;
  text = g_strdup_printf (_("The place of treatment is now where “%s” is."), yidi_institution_get_name (self->shown));
  toast (self, text);
}

/* The cost of a stay here: the case's place of treatment becomes the
 * hospital's, and the Cost estimate tab takes the hospital and its level. */
static void
estimate_here_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  if (use_shown_place (YIDI_HOSPITALS_PAGE (widget)))
    gtk_widget_activate_action (widget, "win.estimate-institution", NULL);
}

/* ---- Showing an institution by its key ------------------------------------ */

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  YidiDirectory *directory = source_object;
  GError *error = NULL;
  YidiInstitutionRecord *record = yidi_directory_get_by_key (directory, task_data, &error);

  if (record == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, record, (GDestroyNotify) yidi_institution_record_free);
}

static void
on_lookup_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(YidiHospitalsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiInstitution) institution = NULL;
  YidiInstitutionRecord *record = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (record == NULL)
    {
      g_debug ("no institution: %s", error->message);
      toast (self, _("That hospital is not in the directory any more. Search for it by name."));
      return;
    }
  institution = yidi_institution_new (record);
  show_institution (self, institution);
}

static void
look_up (YidiHospitalsPage *self,
         const char        *key)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  self->lookup_cancellable = g_cancellable_new ();

  task = g_task_new (self->directory, self->lookup_cancellable, on_lookup_done, g_object_ref (self));
  g_task_set_source_tag (task, look_up);
  g_task_set_task_data (task, g_strdup (key), g_free);
  g_task_run_in_thread (task, lookup_thread);
}

/* ---- Importing a list ----------------------------------------------------- */

static void
on_import_progress (double   fraction,
                    gpointer user_data)
{
  YidiHospitalsPage *self = user_data;

  /* The window may have been closed meanwhile. */
  if (self->import_progress != NULL)
    gtk_progress_bar_set_fraction (self->import_progress, fraction);
}

static char *
describe_problems (YidiImportResult *result)
{
  GPtrArray *problems = result != NULL ? yidi_import_result_get_problems (result) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  guint shown;

  if (problems == NULL || problems->len == 0)
    return NULL;

  shown = MIN (problems->len, MAX_PROBLEMS_SHOWN);
  for (guint i = 0; i < shown; i++)
    {
      const YidiImportProblem *problem = problems->pdata[i];

      /* The messages name their line ("Line 3: …"). */
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, problem->message);
    }
  if (problems->len > shown)
    {
      guint more = problems->len - shown;

      g_string_append_c (text, '\n');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "…and %u more row.", "…and %u more rows.", more), more);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_import_summary (YidiHospitalsPage *self,
                     const char        *name,
                     YidiImportResult  *result,
                     const GError      *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *problems = describe_problems (result);
  const char *heading;
  GtkWidget *dialog;

  if (error == NULL)
    {
      guint n_rows = yidi_import_result_get_n_rows (result);
      guint n_replaced = yidi_import_result_get_n_replaced (result);
      const char * const *ignored = yidi_import_result_get_ignored_columns (result);

      heading = _("List Imported");
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE,
                                                 "%'u hospital was imported from “%s”.",
                                                 "%'u hospitals were imported from “%s”.", n_rows),
                              n_rows, name);
      if (n_replaced > 0)
        {
          g_string_append_c (body, ' ');
          g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE,
                                                     "They replace the %'u hospital imported from a list of the same name before.",
                                                     "They replace the %'u hospitals imported from a list of the same name before.",
                                                     n_replaced),
                                  n_replaced);
        }
      if (ignored != NULL && ignored[0] != NULL)
        {
          /* Translators: between the names of columns */
          g_autofree char *columns = g_strjoinv (_(", "), (char **) ignored);

          g_string_append (body, "\n\n");
          g_string_append_printf (body, _("These columns were not used: %s."), columns);
        }
    }
  else
    {
      heading = g_error_matches (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_INVALID_ROWS)
                ? _("Nothing Was Imported") : _("The List Could Not Be Imported");
      g_string_append (body, error->message);
      if (problems != NULL)
        {
          g_string_append (body, "\n\n");
          g_string_append (body, problems);
        }
    }

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct {
  YidiHospitalsPage *self;        /* a reference */
  char *name;
} ImportOp;

static void
import_op_free (ImportOp *op)
{
  g_object_unref (op->self);
  g_free (op->name);
  g_free (op);
}

static void
on_import_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ImportOp *op = user_data;
  YidiHospitalsPage *self = op->self;
  g_autoptr(YidiImportResult) import = NULL;
  g_autoptr(GError) error = NULL;

  yidi_directory_import_finish (YIDI_DIRECTORY (object), result, &import, &error);
  self->importing = FALSE;
  /* The window may have been closed meanwhile: the import is kept. */
  if (self->import_revealer != NULL && gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "hospitals.import", self->directory != NULL);
      gtk_revealer_set_reveal_child (self->import_revealer, FALSE);
      show_import_summary (self, op->name, import, error);
    }
  import_op_free (op);
}

/**
 * yidi_hospitals_page_import_file:
 * @file: a CSV list of designated institutions
 *
 * Imports @file into the person's directory (what "Import a List…" does
 * once a file is chosen); a dialog says what was imported, or which rows
 * were rejected and why.
 */
void
yidi_hospitals_page_import_file (YidiHospitalsPage *self,
                                 GFile             *file)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  ImportOp *op;

  g_return_if_fail (YIDI_IS_HOSPITALS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->directory == NULL || self->importing)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    {
      toast (self, _("Only files on this computer can be imported. Copy the list here first."));
      return;
    }

  op = g_new0 (ImportOp, 1);
  op->self = g_object_ref (self);
  op->name = g_file_get_basename (file);

  self->importing = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hospitals.import", FALSE);
  text = g_strdup_printf (_("Importing “%s”…"), op->name);
  gtk_label_set_label (self->import_label, text);
  gtk_progress_bar_set_fraction (self->import_progress, 0);
  gtk_revealer_set_reveal_child (self->import_revealer, TRUE);

  yidi_directory_import_with_progress_async (self->directory, path, NULL, NULL,
                                             on_import_progress, g_object_ref (self), g_object_unref,
                                             NULL, on_import_done, op);
}

static void
on_chooser_response (GtkNativeDialog   *dialog,
                     int                response,
                     YidiHospitalsPage *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);
  if (file != NULL)
    yidi_hospitals_page_import_file (self, file);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YidiHospitalsPage *self = YIDI_HOSPITALS_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->chooser != NULL || self->directory == NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Import a List of Hospitals"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Lists of hospitals (CSV)"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- The application's directory, places and case ------------------------- */

static void
set_list (YidiHospitalsPage *self,
          YidiDirectory     *directory)
{
  GtkSelectionModel *selection;

  if (self->list != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->list, self);
      gtk_list_view_set_model (self->list_view, NULL);
      g_clear_object (&self->list);
    }
  g_set_object (&self->directory, directory);
  if (directory == NULL)
    return;

  self->list = yidi_institution_list_new (directory);
  g_signal_connect_swapped (self->list, "notify::loading", G_CALLBACK (on_list_changed), self);
  g_signal_connect_swapped (self->list, "notify::counting", G_CALLBACK (on_list_changed), self);
  g_signal_connect_swapped (self->list, "notify::error", G_CALLBACK (on_list_changed), self);
  g_signal_connect_swapped (self->list, "notify::error", G_CALLBACK (on_list_error), self);
  g_signal_connect (self->list, "items-changed", G_CALLBACK (on_items_changed), self);

  /* What is on screen now: one search for all of it. */
  {
    g_autoptr(YidiDirectoryQuery) query = dup_query (self);
    yidi_institution_list_set_query (self->list, query);
  }

  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->list))));
  gtk_list_view_set_model (self->list_view, selection);
  g_object_unref (selection);
  update_results (self);
}

static void
on_directory_changed (YidiHospitalsPage *self)
{
  YidiDirectory *directory = NULL;
  const GError *error = NULL;

  if (self->application != NULL)
    {
      directory = yidi_application_get_directory (self->application);
      error = yidi_application_get_directory_error (self->application);
    }

  if (directory == self->directory && directory != NULL)
    return;
  set_list (self, directory);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hospitals.import", directory != NULL && !self->importing);

  if (directory != NULL)
    {
      gtk_spinner_set_spinning (self->opening_spinner, FALSE);
      gtk_stack_set_visible_child_name (self->main_stack, "browse");
      if (self->pending_key != NULL)
        {
          g_autofree char *key = g_steal_pointer (&self->pending_key);
          look_up (self, key);
        }
      if (g_getenv ("YIDI_BENCH_SEARCH") != NULL && gtk_widget_get_root (GTK_WIDGET (self)) != NULL
          && gtk_widget_get_realized (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)))))
        bench_search (self, g_getenv ("YIDI_BENCH_SEARCH"));
    }
  else if (self->application != NULL && yidi_application_get_directory_ready (self->application))
    {
      g_autofree char *text = g_strdup_printf (_("%s\n\nThe other tabs still work."),
                                               error != NULL ? error->message : "");

      gtk_spinner_set_spinning (self->opening_spinner, FALSE);
      adw_status_page_set_description (self->unavailable_page, text);
      gtk_stack_set_visible_child_name (self->main_stack, "unavailable");
    }
  else
    {
      gtk_spinner_set_spinning (self->opening_spinner, TRUE);
      gtk_stack_set_visible_child_name (self->main_stack, "opening");
    }
}

static void
on_places_changed (YidiHospitalsPage *self)
{
  yidi_place_picker_set_places (self->place_picker,
                                self->application != NULL ? yidi_application_get_places (self->application) : NULL);
}

/* The search starts where the case is treated; the person may widen it. */
static void
on_destination_changed (YidiHospitalsPage *self)
{
  yidi_place_picker_set_code (self->place_picker, yidi_case_get_destination (self->current_case));
}

/* ---- For the benchmarks --------------------------------------------------- */

/* YIDI_BENCH_SEARCH=TEXT: search for TEXT as soon as the directory is
 * open, print when the first page and then the count are on screen (the
 * monotonic clock, which the bench shares) with the peak RSS so far, and
 * quit. See tests/bench/bench-app.c. */

static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line != NULL ? strtol (line + strlen ("VmHWM:"), NULL, 10) : -1;
}

static void
on_bench_painted (GdkFrameClock     *clock,
                  YidiHospitalsPage *self)
{
  YidiInstitutionList *list = self->list;
  gboolean counted;

  if (list == NULL || yidi_institution_list_get_loading (list))
    return;
  counted = !yidi_institution_list_get_counting (list);
  if (g_object_get_data (G_OBJECT (self), "bench-shown") == NULL)
    {
      g_print ("results-shown %" G_GINT64_FORMAT " %u\n", g_get_monotonic_time (),
               g_list_model_get_n_items (G_LIST_MODEL (list)));
      g_object_set_data (G_OBJECT (self), "bench-shown", GINT_TO_POINTER (TRUE));
    }
  if (!counted)
    return;
  g_print ("counted %" G_GINT64_FORMAT " %u\n", g_get_monotonic_time (), g_list_model_get_n_items (G_LIST_MODEL (list)));
  g_print ("peak-rss-kb %ld\n", peak_rss_kb ());
  g_signal_handlers_disconnect_by_func (clock, on_bench_painted, self);
  g_application_quit (g_application_get_default ());
}

static void
on_bench_changed (YidiHospitalsPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
bench_search (YidiHospitalsPage *self,
              const char        *text)
{
  GdkFrameClock *clock;

  gtk_widget_activate_action (GTK_WIDGET (self), "win.search", NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  /* Not after the entry's delay: now. */
  on_search_changed (self);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self))));
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_bench_painted), self);
  g_signal_connect_swapped (self->list, "notify::loading", G_CALLBACK (on_bench_changed), self);
  g_signal_connect_swapped (self->list, "notify::counting", G_CALLBACK (on_bench_changed), self);
}

/* ---- GObject -------------------------------------------------------------- */

static void
yidi_hospitals_page_dispose (GObject *object)
{
  YidiHospitalsPage *self = YIDI_HOSPITALS_PAGE (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  if (self->application != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->application, self);
      g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
      self->application = NULL;
    }
  if (self->current_case != NULL)
    g_signal_handlers_disconnect_by_data (self->current_case, self);
  g_clear_object (&self->current_case);
  if (self->shown != NULL)
    g_signal_handlers_disconnect_by_data (self->shown, self);
  g_clear_object (&self->shown);
  set_list (self, NULL);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), YIDI_TYPE_HOSPITALS_PAGE);

  G_OBJECT_CLASS (yidi_hospitals_page_parent_class)->dispose (object);
}

static void
yidi_hospitals_page_finalize (GObject *object)
{
  YidiHospitalsPage *self = YIDI_HOSPITALS_PAGE (object);

  g_ptr_array_unref (self->level_checks);
  g_ptr_array_unref (self->type_checks);
  g_ptr_array_unref (self->networked_checks);
  g_free (self->pending_key);

  G_OBJECT_CLASS (yidi_hospitals_page_parent_class)->finalize (object);
}

static void
yidi_hospitals_page_class_init (YidiHospitalsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yidi_hospitals_page_dispose;
  object_class->finalize = yidi_hospitals_page_finalize;

  g_type_ensure (YIDI_TYPE_PLACE_PICKER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/yidi/Yidi/yidi-hospitals-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, opening_spinner);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, unavailable_page);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, search_pane);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, place_picker);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, clear_place_button);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, filter_label);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, import_button);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, copy_address_button);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, copy_phone_button);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, filter_popover);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, filter_box);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, import_label);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, import_progress);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, details_pane);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, back_box);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, favourite_button);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, data_box);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, data_icon);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, data_label);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, inpatient_row);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, outpatient_row);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, chronic_row);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, level_row);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, type_row);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, place_row);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, aliases_row);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, code_row);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, location_row);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, date_row);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, source_row);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, use_button);
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, estimate_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_place_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_place_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_favourite_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded);

  gtk_widget_class_install_action (widget_class, "hospitals.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "hospitals.copy-address", NULL, copy_address_action);
  gtk_widget_class_install_action (widget_class, "hospitals.copy-phone", NULL, copy_phone_action);
  gtk_widget_class_install_action (widget_class, "hospitals.use-place", NULL, use_place_action);
  gtk_widget_class_install_action (widget_class, "hospitals.estimate", NULL, estimate_here_action);
  gtk_widget_class_install_action (widget_class, "hospitals.clear-filters", NULL, clear_filters_action);
}

static void
yidi_hospitals_page_init (YidiHospitalsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->level_checks = g_ptr_array_new ();
  self->type_checks = g_ptr_array_new ();
  self->networked_checks = g_ptr_array_new ();
  build_filters (self);
  update_filter_label (self);

  g_signal_connect (factory, "setup", G_CALLBACK (on_row_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_row_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_row_unbind), self);
  gtk_list_view_set_factory (self->list_view, factory);

  /* Typing anywhere on the tab searches. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  gtk_widget_set_sensitive (self->clear_place_button, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hospitals.import", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hospitals.copy-address", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hospitals.copy-phone", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hospitals.use-place", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hospitals.estimate", FALSE);
  on_leaflet_folded (self);
  gtk_spinner_set_spinning (self->opening_spinner, TRUE);
}

/* ---- Public API ----------------------------------------------------------- */

/**
 * yidi_hospitals_page_get_institutions:
 *
 * Returns: (transfer none) (nullable): the results shown, once the
 *   directory is open.
 */
YidiInstitutionList *
yidi_hospitals_page_get_institutions (YidiHospitalsPage *self)
{
  g_return_val_if_fail (YIDI_IS_HOSPITALS_PAGE (self), NULL);
  return self->list;
}

/**
 * yidi_hospitals_page_get_shown:
 *
 * Returns: (transfer none) (nullable): the institution in the details.
 */
YidiInstitution *
yidi_hospitals_page_get_shown (YidiHospitalsPage *self)
{
  g_return_val_if_fail (YIDI_IS_HOSPITALS_PAGE (self), NULL);
  return self->shown;
}

/**
 * yidi_hospitals_page_set_application:
 *
 * Follows @application's directory, places and case.
 */
void
yidi_hospitals_page_set_application (YidiHospitalsPage *self,
                                     YidiApplication   *application)
{
  g_return_if_fail (YIDI_IS_HOSPITALS_PAGE (self));
  g_return_if_fail (YIDI_IS_APPLICATION (application));
  g_return_if_fail (self->application == NULL);

  self->application = application;
  g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);
  g_signal_connect_swapped (application, "notify::directory", G_CALLBACK (on_directory_changed), self);
  g_signal_connect_swapped (application, "notify::directory-ready", G_CALLBACK (on_directory_changed), self);
  g_signal_connect_swapped (application, "notify::places", G_CALLBACK (on_places_changed), self);

  self->current_case = g_object_ref (yidi_application_get_case (application));
  g_signal_connect_swapped (self->current_case, "notify::destination", G_CALLBACK (on_destination_changed), self);

  on_places_changed (self);
  on_destination_changed (self);
  on_directory_changed (self);
}

void
yidi_hospitals_page_focus_search (YidiHospitalsPage *self)
{
  g_return_if_fail (YIDI_IS_HOSPITALS_PAGE (self));

  adw_leaflet_set_visible_child (self->leaflet, self->search_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * yidi_hospitals_page_show_institution:
 * @key: an institution's key (yidi_institution_get_key())
 *
 * Shows that institution's details, read off the main thread (once the
 * directory is open).
 */
void
yidi_hospitals_page_show_institution (YidiHospitalsPage *self,
                                      const char        *key)
{
  g_return_if_fail (YIDI_IS_HOSPITALS_PAGE (self));
  g_return_if_fail (key != NULL);

  if (self->directory == NULL)
    {
      g_free (self->pending_key);
      self->pending_key = g_strdup (key);
      return;
    }
  look_up (self, key);
}

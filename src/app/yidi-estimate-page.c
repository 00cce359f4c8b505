/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-estimate-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "yidi-cost-bar.h"
#include "yidi-date-row.h"
#include "yidi-estimate-page.h"
#include "yidi-estimate-report.h"
#include "yidi-fit-bin.h"
#include "yidi-money-row.h"
#include "yidi-place-picker.h"

struct _YidiEstimatePage
{
  AdwBin parent_instance;

  YidiCaseList *case_list;
  YidiCase *current;
  YidiPlaces *places;
  YidiPolicySet *policies;
  YidiEstimateModel *model;
  YidiEstimateRanking *ranking;

  guint sync_id;
  gboolean syncing;
  gint64 shown_id;
  gboolean why_stale;          /* the trace changed while "Why?" was closed */
  GPtrArray *why_rows;         /* AdwActionRow in why_row */

  GtkWidget *caption_label;
  GtkLabel *oop_label;
  GtkLabel *summary_label;
  YidiCostBar *cost_bar;
  GtkFlowBox *legend_box;
  GtkWidget *scrolled_window;
  YidiPlacePicker *insured_picker;
  AdwComboRow *scheme_row;
  AdwComboRow *member_row;
  AdwEntryRow *birth_year_row;
  AdwComboRow *category_row;
  AdwComboRow *status_row;
  YidiPlacePicker *destination_picker;
  AdwComboRow *visit_type_row;
  YidiDateRow *admission_date_row;
  YidiDateRow *discharge_date_row;
  AdwActionRow *hospital_row;
  AdwComboRow *level_row;
  AdwComboRow *settlement_row;
  GtkSpinButton *admissions_spin;
  YidiMoneyRow *fund_paid_row;
  GtkToggleButton *quick_button;
  GtkToggleButton *detailed_button;
  GtkStack *bill_stack;
  YidiMoneyRow *total_row;
  AdwActionRow *share_row;
  GtkSpinButton *share_spin;
  YidiMoneyRow *class_a_row;
  YidiMoneyRow *class_b_row;
  YidiMoneyRow *self_pay_row;
  YidiMoneyRow *over_standard_row;
  YidiMoneyRow *consumables_row;
  GtkStack *result_stack;
  GtkListBox *breakdown_list;
  GtkBox *notes_box;
  AdwExpanderRow *why_row;
  GtkListBox *compare_list;
  GtkLabel *nearby_status;
  GtkListBox *nearby_list;
};

G_DEFINE_FINAL_TYPE (YidiEstimatePage, yidi_estimate_page, ADW_TYPE_BIN)

/* ---- Helpers -------------------------------------------------------------- */

static void
show_toast (YidiEstimatePage *self,
            const char       *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", text);
}

static void
get_today (YidiEstimatePage *self,
           GDate            *today)
{
  if (self->case_list != NULL)
    yidi_case_list_get_today (self->case_list, today);
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_date_clear (today, 1);
      g_date_set_dmy (today, g_date_time_get_day_of_month (now),
                      g_date_time_get_month (now), g_date_time_get_year (now));
    }
}

static char *
place_name (YidiEstimatePage *self,
            const char       *code)
{
  char *name = yidi_places_dup_full_name (self->places, code);

  return name != NULL ? name : g_strdup (code);
}

static GtkStringList *
make_list (guint                n_items,
           const char *(*label) (int value))
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n_items; i++)
    gtk_string_list_append (list, label ((int) i));
  return list;
}

static const char *scheme_label (int v) { return yidi_scheme_get_label (v); }
static const char *member_label (int v) { return yidi_member_status_get_label (v); }
static const char *category_label (int v) { return yidi_filing_category_get_label (v); }
static const char *status_label (int v) { return yidi_filing_status_get_label (v); }
static const char *visit_label (int v) { return yidi_visit_type_get_label (v); }
static const char *level_label (int v) { return yidi_institution_level_get_label (v); }
static const char *settlement_label (int v) { return yidi_settlement_get_label (v); }

static void
remove_children (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else if (GTK_IS_FLOW_BOX (box))
        gtk_flow_box_remove (GTK_FLOW_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

static GtkWidget *
make_text_label (const char *text,
                 const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static char *
swatch_markup (YidiEstimatePart part)
{
  GdkRGBA color;
  g_autofree char *hex = NULL;

  yidi_cost_bar_get_part_color (part, &color);
  hex = g_strdup_printf ("#%02x%02x%02x", (int) (color.red * 255), (int) (color.green * 255), (int) (color.blue * 255));
  return g_strdup_printf ("<span foreground=\"%s\">■</span>", hex);
}

static GtkWidget *
make_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  if (subtitle != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (subtitle, -1);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
    }
  return row;
}

static gboolean
all_money_valid (YidiEstimatePage *self)
{
  YidiMoneyRow *rows[] = {
    self->fund_paid_row, self->total_row, self->class_a_row, self->class_b_row,
    self->self_pay_row, self->over_standard_row, self->consumables_row,
  };
  gboolean detailed = yidi_estimate_model_get_bill_mode (self->model) == YIDI_BILL_MODE_DETAILED;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      /* Only the rows of the bill mode in use count. */
      if ((rows[i] == self->total_row && detailed) || (i >= 2 && !detailed))
        continue;
      if (!yidi_money_row_get_valid (rows[i]))
        return FALSE;
    }
  return TRUE;
}

/* Which parts rest on a figure not confirmed by two sources. */
static void
find_unconfirmed (const YidiEstimate *estimate,
                  gboolean           *out_marked)
{
  memset (out_marked, 0, sizeof (gboolean) * YIDI_N_PARTS);
  if (estimate->trace == NULL)
    return;
  for (guint i = 0; i < estimate->trace->len; i++)
    {
      const YidiTraceStep *step = g_ptr_array_index (estimate->trace, i);

      if (step->param_key == NULL || !step->known || step->confirmed)
        continue;
      switch (step->rule)
        {
        case YIDI_RULE_DEDUCTIBLE:
          out_marked[YIDI_PART_DEDUCTIBLE] = TRUE;
          out_marked[YIDI_PART_FUND] = TRUE;
          break;
        case YIDI_RULE_CLASS_B:
        case YIDI_RULE_CONSUMABLES:
          out_marked[YIDI_PART_PRE_SELF_PAY] = TRUE;
          out_marked[YIDI_PART_FUND] = TRUE;
          break;
        case YIDI_RULE_ANNUAL_CAP:
          out_marked[YIDI_PART_OVER_CAP] = TRUE;
          out_marked[YIDI_PART_FUND] = TRUE;
          break;
        case YIDI_RULE_LAYER:
          out_marked[YIDI_PART_SERIOUS_ILLNESS] = TRUE;
          out_marked[YIDI_PART_CIVIL_SERVANT] = TRUE;
          out_marked[YIDI_PART_ASSISTANCE] = TRUE;
          break;
        case YIDI_RULE_NOT_COVERED:
          out_marked[YIDI_PART_NOT_COVERED] = TRUE;
          break;
        case YIDI_RULE_SEGMENT:
        case YIDI_RULE_RATIO_FLOOR:
        case YIDI_RULE_AGE_ADDITION:
        case YIDI_RULE_REDUCTION:
        case YIDI_RULE_NATIONAL_LIMIT:
        case YIDI_RULE_FILING:
        case YIDI_RULE_SETTLEMENT:
          out_marked[YIDI_PART_FUND] = TRUE;
          out_marked[YIDI_PART_COPAYMENT] = TRUE;
          break;
        default:
          break;
        }
    }
}

/* ---- The result ----------------------------------------------------------- */

static void
sync_breakdown (YidiEstimatePage   *self,
                const YidiEstimate *estimate,
                const YidiFen      *parts)
{
  gboolean unconfirmed[YIDI_N_PARTS];
  gboolean any_unconfirmed = FALSE;
  g_auto(GStrv) notes = yidi_estimate_describe_notes (estimate);
  g_auto(GStrv) unknown = yidi_estimate_describe_unknown (estimate);

  find_unconfirmed (estimate, unconfirmed);
  remove_children (GTK_WIDGET (self->breakdown_list));
  gtk_widget_set_visible (GTK_WIDGET (self->breakdown_list), TRUE);
  remove_children (GTK_WIDGET (self->notes_box));

  {
    g_autofree char *total = yidi_money_format (estimate->total);
    GtkWidget *row = make_row (_("The bill"), NULL);
    GtkWidget *amount = gtk_label_new (total);

    gtk_widget_add_css_class (amount, "numeric");
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount);
    gtk_list_box_append (self->breakdown_list, row);
  }

  for (guint i = 0; i < YIDI_N_PARTS; i++)
    {
      g_autofree char *amount = NULL;
      g_autofree char *swatch = NULL;
      g_autofree char *title = NULL;
      GtkWidget *row, *label, *mark;

      if (parts[i] == 0)
        continue;
      amount = yidi_money_format (parts[i]);
      title = unconfirmed[i] ? g_strdup_printf ("%s *", yidi_estimate_part_get_label (i))
                             : g_strdup (yidi_estimate_part_get_label (i));
      row = make_row (title, unconfirmed[i] ? _("Based on a figure that is not confirmed") : NULL);
      any_unconfirmed |= unconfirmed[i];

      swatch = swatch_markup (i);
      mark = gtk_label_new (NULL);
      gtk_label_set_markup (GTK_LABEL (mark), swatch);
      gtk_accessible_update_property (GTK_ACCESSIBLE (mark), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), mark);

      label = gtk_label_new (amount);
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      gtk_list_box_append (self->breakdown_list, row);
    }

  {
    g_autofree char *oop = yidi_money_format (estimate->out_of_pocket);
    GtkWidget *row = make_row (_("You pay in all"), NULL);
    GtkWidget *amount = gtk_label_new (oop);

    gtk_widget_add_css_class (amount, "numeric");
    gtk_widget_add_css_class (amount, "heading");
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount);
    if (estimate->personal_account_known && estimate->personal_account > 0)
      {
        g_autofree char *account = yidi_money_format (estimate->personal_account);
        g_autofree char *subtitle = g_strdup_printf (_("Your personal account (个人账户) may pay %s of it"), account);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      }
    gtk_list_box_append (self->breakdown_list, row);
  }

  if (any_unconfirmed)
    gtk_box_append (self->notes_box,
                    make_text_label (_("* Rests on a policy figure found in only one source. Check it with the insured place’s medical insurance agency (医保局)."),
                                     "dim-label"));
  for (guint i = 0; notes[i] != NULL; i++)
    {
      g_autofree char *text = g_strdup_printf ("• %s", notes[i]);
      gtk_box_append (self->notes_box, make_text_label (text, NULL));
    }
  if (unknown[0] != NULL)
    {
      gtk_box_append (self->notes_box, make_text_label (_("Not known, so not counted:"), "heading"));
      for (guint i = 0; unknown[i] != NULL; i++)
        {
          g_autofree char *text = g_strdup_printf ("• %s", unknown[i]);
          gtk_box_append (self->notes_box, make_text_label (text, "warning"));
        }
    }
}

static void
sync_legend (YidiEstimatePage *self,
             const YidiFen    *parts)
{
  remove_children (GTK_WIDGET (self->legend_box));
  if (parts == NULL)
    return;
  for (guint i = 0; i < YIDI_N_PARTS; i++)
    {
      g_autofree char *swatch = NULL;
      g_autofree char *label = NULL;
      g_autofree char *amount = NULL;
      g_autofree char *markup = NULL;
      GtkWidget *child;

      if (parts[i] == 0)
        continue;
      swatch = swatch_markup (i);
      label = g_markup_escape_text (yidi_estimate_part_get_label (i), -1);
      amount = yidi_money_format (parts[i]);
      markup = g_strdup_printf ("%s %s <span font_features=\"tnum\">%s</span>", swatch, label, amount);
      child = gtk_label_new (NULL);
      gtk_label_set_markup (GTK_LABEL (child), markup);
      gtk_label_set_xalign (GTK_LABEL (child), 0);
      gtk_label_set_wrap (GTK_LABEL (child), TRUE);
      gtk_widget_add_css_class (child, "caption");
      gtk_flow_box_append (self->legend_box, child);
    }
}

static void
sync_why (YidiEstimatePage   *self,
          const YidiEstimate *estimate)
{
  YidiPolicySet *policies = yidi_estimate_model_get_policies (self->model);

  for (guint i = 0; i < self->why_rows->len; i++)
    adw_expander_row_remove (self->why_row, self->why_rows->pdata[i]);
  g_ptr_array_set_size (self->why_rows, 0);
  self->why_stale = FALSE;

  if (estimate == NULL || estimate->trace == NULL)
    return;
  for (guint i = 0; i < estimate->trace->len; i++)
    {
      const YidiTraceStep *step = g_ptr_array_index (estimate->trace, i);
      g_autofree char *title = g_strdup_printf ("%u. %s", i + 1, step->text);
      g_autofree char *detail = yidi_trace_step_describe (step, policies);
      GtkWidget *row = make_row (title, detail);

      if (step->param_key != NULL && step->known && !step->confirmed)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          gtk_widget_set_tooltip_text (icon, _("Not confirmed by two independent sources"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Not confirmed by two independent sources"), -1);
          gtk_widget_add_css_class (icon, "warning");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
        }
      adw_expander_row_add_row (self->why_row, row);
      g_ptr_array_add (self->why_rows, row);
    }
}

static GtkWidget *
make_scenario_cell (const YidiScenario *scenario)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = make_text_label (scenario->label, "caption");
  g_autofree char *amount = scenario->error == NULL ? yidi_money_format (scenario->estimate.out_of_pocket)
                                                    : g_strdup (_("No estimate"));
  GtkWidget *value = make_text_label (amount, "heading");

  gtk_widget_set_hexpand (box, TRUE);
  gtk_widget_add_css_class (value, "numeric");
  if (scenario->error != NULL)
    gtk_widget_set_tooltip_text (value, scenario->error->message);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), value);
  if (scenario->is_current)
    {
      gtk_box_append (GTK_BOX (box), make_text_label (_("As entered"), "accent"));
      gtk_widget_add_css_class (box, "yidi-current");
    }
  return box;
}

static void
sync_compare (YidiEstimatePage *self,
              GPtrArray        *scenarios)
{
  remove_children (GTK_WIDGET (self->compare_list));
  gtk_widget_set_visible (GTK_WIDGET (self->compare_list), scenarios != NULL && scenarios->len > 0);
  if (scenarios == NULL)
    return;

  for (guint i = 0; i + 1 < scenarios->len; i += 2)
    {
      const YidiScenario *a = g_ptr_array_index (scenarios, i);
      const YidiScenario *b = g_ptr_array_index (scenarios, i + 1);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *difference;
      g_autoptr(GString) spoken = g_string_new (NULL);
      g_autofree char *diff_text = NULL;

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_add_css_class (box, "yidi-compare-row");
      gtk_box_append (GTK_BOX (box), make_scenario_cell (a));
      gtk_box_append (GTK_BOX (box), make_scenario_cell (b));

      if (a->error == NULL && b->error == NULL)
        {
          YidiFen delta = b->estimate.out_of_pocket - a->estimate.out_of_pocket;
          g_autofree char *amount = yidi_money_format (delta < 0 ? -delta : delta);
          g_autofree char *oop_a = yidi_money_format (a->estimate.out_of_pocket);
          g_autofree char *oop_b = yidi_money_format (b->estimate.out_of_pocket);

          /* The same amount because a figure is missing (a cut for not
           * filing that no policy file gives, say) is no answer. */
          if (delta == 0 && (a->estimate.unknown | b->estimate.unknown) != 0)
            {
              diff_text = g_strdup (_("Not known"));
              gtk_widget_set_tooltip_text (box, _("The policy files do not give every figure this comparison needs, so the two amounts may differ more than shown."));
            }
          else if (delta == 0)
            diff_text = g_strdup (_("No difference"));
          else
            /* Translators: the difference between two ways; %s is an amount */
            diff_text = g_strdup_printf (_("Difference: %s"), amount);
          /* Translators: read by a screen reader: "Filed: you pay ¥1.00. Not filed: you pay ¥2.00. Difference: ¥1.00." */
          g_string_append_printf (spoken, _("%s: you pay %s. %s: you pay %s. %s."), a->label, oop_a, b->label, oop_b, diff_text);
        }
      else
        {
          diff_text = g_strdup (_("Cannot compare"));
          g_string_append_printf (spoken, "%s / %s: %s", a->label, b->label,
                                  a->error != NULL ? a->error->message : b->error->message);
        }
      /* Whole, never broken inside a word: the cells beside it wrap instead. */
      difference = gtk_label_new (diff_text);
      gtk_widget_add_css_class (difference, "numeric");
      gtk_label_set_xalign (GTK_LABEL (difference), 1);
      gtk_widget_set_valign (difference, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (difference, "heading");
      gtk_box_append (GTK_BOX (box), difference);

      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken->str, -1);
      gtk_list_box_append (self->compare_list, row);
    }
}

static void
sync_nearby_status (YidiEstimatePage *self)
{
  const YidiEngineInput *input = yidi_estimate_model_get_input (self->model);
  g_autofree char *text = NULL;

  if (yidi_estimate_model_get_estimate (self->model) == NULL)
    text = g_strdup (_("Once there is an estimate, the hospitals of the treatment place are ranked here by what you would pay."));
  else if (yidi_estimate_ranking_get_directory (self->ranking) == NULL)
    text = g_strdup (_("The directory of hospitals is not open yet."));
  else if (yidi_estimate_ranking_get_error (self->ranking) != NULL)
    text = g_strdup (yidi_estimate_ranking_get_error (self->ranking)->message);
  else if (yidi_estimate_ranking_get_loading (self->ranking) &&
           g_list_model_get_n_items (G_LIST_MODEL (self->ranking)) == 0)
    text = g_strdup (_("Ranking the hospitals…"));
  else
    {
      g_autofree char *place = place_name (self, input->visit.treatment_place);
      guint n_found = yidi_estimate_ranking_get_n_found (self->ranking);
      guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->ranking));

      if (n_found == 0)
        text = g_strdup_printf (_("The directory lists no hospital in %s."), place);
      else if (!yidi_estimate_ranking_get_networked_known (self->ranking))
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The cheapest of %2$u hospital in %3$s for this case and bill (%1$u shown). The directory does not say which are networked for direct settlement: ask the hospital before you go.",
                                             "The cheapest of %2$u hospitals in %3$s for this case and bill (%1$u shown). The directory does not say which are networked for direct settlement: ask the hospital before you go.",
                                             n_found),
                                shown, n_found, place);
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The cheapest of %2$u networked hospital in %3$s for this case and bill (%1$u shown):",
                                             "The cheapest of %2$u networked hospitals in %3$s for this case and bill (%1$u shown):",
                                             n_found),
                                shown, n_found, place);
    }
  gtk_label_set_label (self->nearby_status, text);
  gtk_widget_set_visible (GTK_WIDGET (self->nearby_list), g_list_model_get_n_items (G_LIST_MODEL (self->ranking)) > 0);
}

static void
sync_hospital (YidiEstimatePage *self)
{
  YidiInstitution *institution = yidi_estimate_model_get_institution (self->model);
  gboolean fixed_level = institution != NULL && yidi_institution_get_level (institution) <= YIDI_LEVEL_UNRATED;

  if (institution != NULL)
    {
      g_autofree char *name = g_markup_escape_text (yidi_institution_get_name (institution), -1);
      adw_action_row_set_subtitle (self->hospital_row, name);
    }
  else
    adw_action_row_set_subtitle (self->hospital_row, _("None chosen: pick one under Cheapest Nearby, or choose the level below"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "estimate.clear-hospital", institution != NULL);

  self->syncing = TRUE;
  adw_combo_row_set_selected (self->level_row, fixed_level ? yidi_institution_get_level (institution)
                                                           : yidi_estimate_model_get_level (self->model));
  self->syncing = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->level_row), !fixed_level);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->level_row), fixed_level ? _("The chosen hospital’s level") : "");
}

static void
show_no_estimate (YidiEstimatePage *self,
                  const char       *reason)
{
  gtk_label_set_label (GTK_LABEL (self->caption_label), _("No estimate yet"));
  gtk_label_set_label (self->oop_label, "—");
  gtk_label_set_label (self->summary_label, reason);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "warning");
  yidi_cost_bar_set_parts (self->cost_bar, NULL);
  sync_legend (self, NULL);
  remove_children (GTK_WIDGET (self->breakdown_list));
  gtk_widget_set_visible (GTK_WIDGET (self->breakdown_list), FALSE);
  remove_children (GTK_WIDGET (self->notes_box));
  gtk_box_append (self->notes_box, make_text_label (reason, NULL));
  sync_compare (self, NULL);
  sync_why (self, NULL);
}

static void
update_result (YidiEstimatePage *self)
{
  const YidiEstimate *estimate = yidi_estimate_model_get_estimate (self->model);
  gboolean valid = all_money_valid (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "estimate.print", estimate != NULL && valid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "estimate.save-pdf", estimate != NULL && valid);

  if (!valid)
    show_no_estimate (self, _("An amount above is not valid: correct the entry marked in red to see the estimate."));
  else if (estimate == NULL)
    {
      const GError *error = yidi_estimate_model_get_error (self->model);

      show_no_estimate (self, error != NULL ? error->message : "");
    }
  else
    {
      YidiFen parts[YIDI_N_PARTS];
      g_autofree char *oop = yidi_money_format (estimate->out_of_pocket);
      g_autofree char *total = yidi_money_format (estimate->total);
      g_autofree char *others = yidi_money_format (estimate->total - estimate->out_of_pocket);
      g_autofree char *summary = NULL;
      const YidiEngineInput *input = yidi_estimate_model_get_input (self->model);

      yidi_estimate_model_get_parts (self->model, parts);
      gtk_label_set_label (GTK_LABEL (self->caption_label), _("You would pay about"));
      gtk_label_set_label (self->oop_label, oop);
      /* Translators: under the large amount: the bill, the level, where, how settled, and what insurance pays */
      summary = g_strdup_printf (_("Of a bill of %s (%s, %s, %s), insurance pays %s."),
                                 total, yidi_institution_level_get_label (input->visit.level),
                                 yidi_treatment_area_get_label (estimate->area),
                                 yidi_settlement_get_label (estimate->settlement), others);
      gtk_label_set_label (self->summary_label, summary);
      gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "warning");
      yidi_cost_bar_set_parts (self->cost_bar, parts);
      sync_legend (self, parts);
      sync_breakdown (self, estimate, parts);
      sync_compare (self, yidi_estimate_model_get_scenarios (self->model));
      /* The steps are many rows: built when "Why?" is open. */
      if (adw_expander_row_get_expanded (self->why_row))
        sync_why (self, estimate);
      else
        self->why_stale = TRUE;
    }

  yidi_estimate_ranking_set_input (self->ranking, yidi_estimate_model_get_policies (self->model),
                                   estimate != NULL && valid ? yidi_estimate_model_get_input (self->model) : NULL);
  sync_nearby_status (self);
  sync_hospital (self);
}

static void
on_model_updated (YidiEstimatePage *self)
{
  update_result (self);
}

static void
on_why_expanded (YidiEstimatePage *self)
{
  if (adw_expander_row_get_expanded (self->why_row) && self->why_stale)
    sync_why (self, yidi_estimate_model_get_estimate (self->model));
}

/* ---- Cheapest nearby ------------------------------------------------------ */

static void
on_use_clicked (GtkButton        *button,
                YidiEstimatePage *self)
{
  yidi_estimate_page_use_institution (self, g_object_get_data (G_OBJECT (button), "institution"));
}

static void
on_show_clicked (GtkButton        *button,
                 YidiEstimatePage *self)
{
  YidiInstitution *institution = g_object_get_data (G_OBJECT (button), "institution");

  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.show-institution", "s",
                                   yidi_institution_get_key (institution)))
    show_toast (self, _("The Hospitals tab cannot show this hospital yet."));
}

static GtkWidget *
create_nearby_row (gpointer item,
                   gpointer user_data)
{
  YidiEstimatePage *self = user_data;
  YidiRankedInstitution *ranked = item;
  YidiInstitution *institution = yidi_ranked_institution_get_institution (ranked);
  g_autofree char *title = g_strdup_printf ("%u. %s", yidi_ranked_institution_get_rank (ranked),
                                            yidi_institution_get_name (institution));
  g_autofree char *level = yidi_institution_dup_level_label (institution);
  g_autofree char *subtitle = NULL;
  g_autofree char *use_label = NULL;
  g_autofree char *show_label = NULL;
  const char *place = yidi_institution_get_place_name (institution);
  GtkWidget *row, *use, *show;

  if (yidi_ranked_institution_get_out_of_pocket (ranked) >= 0)
    {
      g_autofree char *oop = yidi_money_format (yidi_ranked_institution_get_out_of_pocket (ranked));
      /* Translators: a hospital's level, its place, then what the person would pay there */
      subtitle = g_strdup_printf (_("%s · %s · you would pay about %s"), level, place != NULL ? place : "", oop);
    }
  else
    /* The whole reason (long, with the policy's own notes) is the tooltip. */
    subtitle = g_strdup_printf ("%s · %s · %s", level, place != NULL ? place : "",
                                yidi_institution_get_level (institution) <= YIDI_LEVEL_UNRATED
                                ? _("no estimate: the policy gives no figures for this level")
                                : yidi_ranked_institution_get_error (ranked));
  row = make_row (title, subtitle);
  if (yidi_ranked_institution_get_error (ranked) != NULL)
    gtk_widget_set_tooltip_text (row, yidi_ranked_institution_get_error (ranked));

  /* Translators: a button's accessible name; %s is a hospital */
  use_label = g_strdup_printf (_("Estimate for %s"), yidi_institution_get_name (institution));
  use = gtk_button_new_with_mnemonic (_("_Use"));
  gtk_widget_set_tooltip_text (use, _("Estimate for this hospital"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (use), GTK_ACCESSIBLE_PROPERTY_LABEL, use_label, -1);
  gtk_widget_set_valign (use, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (use), "institution", g_object_ref (institution), g_object_unref);
  gtk_widget_set_sensitive (use, yidi_ranked_institution_get_out_of_pocket (ranked) >= 0 ||
                                 yidi_institution_get_level (institution) <= YIDI_LEVEL_UNRATED);
  g_signal_connect (use, "clicked", G_CALLBACK (on_use_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), use);

  /* Translators: a button's accessible name; %s is a hospital */
  show_label = g_strdup_printf (_("Show %s in the Hospitals tab"), yidi_institution_get_name (institution));
  show = gtk_button_new_from_icon_name ("find-location-symbolic");
  gtk_widget_set_tooltip_text (show, _("Show in the Hospitals tab"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (show), GTK_ACCESSIBLE_PROPERTY_LABEL, show_label, -1);
  gtk_widget_set_valign (show, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (show, "flat");
  g_object_set_data_full (G_OBJECT (show), "institution", g_object_ref (institution), g_object_unref);
  g_signal_connect (show, "clicked", G_CALLBACK (on_show_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), show);
  return row;
}

static void
on_ranking_changed (YidiEstimatePage *self)
{
  sync_nearby_status (self);
}

/* ---- The form ------------------------------------------------------------- */

static int
parse_birth_year (const char *text,
                  gboolean   *out_valid)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  guint64 year;

  *out_valid = TRUE;
  if (text == NULL || *text == '\0')
    return 0;
  if (!g_ascii_string_to_unsigned (text, 10, 1900, g_date_time_get_year (now), &year, NULL))
    {
      *out_valid = FALSE;
      return 0;
    }
  return (int) year;
}

static void
sync_form (YidiEstimatePage *self)
{
  YidiCase *c = self->current;
  gboolean whole, valid;
  int shown_year;

  if (c == NULL)
    return;
  whole = self->shown_id != yidi_case_get_id (c);
  self->shown_id = yidi_case_get_id (c);
  shown_year = parse_birth_year (gtk_editable_get_text (GTK_EDITABLE (self->birth_year_row)), &valid);

  self->syncing = TRUE;
  yidi_place_picker_set_code (self->insured_picker, yidi_case_get_insured_place (c));
  yidi_place_picker_set_code (self->destination_picker, yidi_case_get_destination (c));
  adw_combo_row_set_selected (self->scheme_row, yidi_case_get_scheme (c));
  adw_combo_row_set_selected (self->member_row, yidi_case_get_member_status (c));
  adw_combo_row_set_selected (self->category_row, yidi_case_get_filing_category (c));
  adw_combo_row_set_selected (self->status_row, yidi_case_get_filing_status (c));
  yidi_date_row_set_date (self->admission_date_row, yidi_case_get_admission_date (c));
  yidi_date_row_set_date (self->discharge_date_row, yidi_case_get_discharge_date (c));
  /* A year half typed is left alone unless another case came in. */
  if (whole || shown_year != yidi_case_get_birth_year (c))
    {
      g_autofree char *year = yidi_case_get_birth_year (c) > 0
        ? g_strdup_printf ("%d", yidi_case_get_birth_year (c)) : g_strdup ("");

      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->birth_year_row)), year) != 0)
        gtk_editable_set_text (GTK_EDITABLE (self->birth_year_row), year);
      gtk_widget_remove_css_class (GTK_WIDGET (self->birth_year_row), "error");
    }
  self->syncing = FALSE;
}

static gboolean
sync_form_cb (gpointer user_data)
{
  YidiEstimatePage *self = user_data;

  self->sync_id = 0;
  sync_form (self);
  return G_SOURCE_REMOVE;
}

static void
on_case_notify (YidiEstimatePage *self)
{
  if (self->sync_id == 0)
    self->sync_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, sync_form_cb, self, NULL);
}

#define CASE_EDIT(self) ((self)->syncing || (self)->current == NULL)

static void
on_insured_place_changed (YidiEstimatePage *self)
{
  if (CASE_EDIT (self))
    return;
  yidi_case_set_insured_place (self->current, yidi_place_picker_get_code (self->insured_picker));
}

static void
on_destination_changed (YidiEstimatePage *self)
{
  if (CASE_EDIT (self))
    return;
  yidi_case_set_destination (self->current, yidi_place_picker_get_code (self->destination_picker));
}

static void
on_scheme_selected (YidiEstimatePage *self)
{
  guint selected = adw_combo_row_get_selected (self->scheme_row);

  if (CASE_EDIT (self) || selected == GTK_INVALID_LIST_POSITION)
    return;
  yidi_case_set_scheme (self->current, selected);
}

static void
on_member_selected (YidiEstimatePage *self)
{
  guint selected = adw_combo_row_get_selected (self->member_row);

  if (CASE_EDIT (self) || selected == GTK_INVALID_LIST_POSITION)
    return;
  yidi_case_set_member_status (self->current, selected);
}

static void
on_category_selected (YidiEstimatePage *self)
{
  guint selected = adw_combo_row_get_selected (self->category_row);

  if (CASE_EDIT (self) || selected == GTK_INVALID_LIST_POSITION)
    return;
  yidi_case_set_filing_category (self->current, selected);
}

static void
on_status_selected (YidiEstimatePage *self)
{
  guint selected = adw_combo_row_get_selected (self->status_row);

  if (CASE_EDIT (self) || selected == GTK_INVALID_LIST_POSITION)
    return;
  yidi_case_set_filing_status (self->current, selected);
}

static void
on_birth_year_changed (YidiEstimatePage *self)
{
  gboolean valid;
  int year = parse_birth_year (gtk_editable_get_text (GTK_EDITABLE (self->birth_year_row)), &valid);

  if (CASE_EDIT (self))
    return;
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->birth_year_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->birth_year_row), "error");
  yidi_case_set_birth_year (self->current, year);
}

static void
on_admission_date_changed (YidiEstimatePage *self)
{
  if (CASE_EDIT (self))
    return;
  yidi_case_set_admission_date (self->current, yidi_date_row_get_date (self->admission_date_row));
}

static void
on_discharge_date_changed (YidiEstimatePage *self)
{
  if (CASE_EDIT (self))
    return;
  yidi_case_set_discharge_date (self->current, yidi_date_row_get_date (self->discharge_date_row));
}

static void
on_visit_type_selected (YidiEstimatePage *self)
{
  guint selected = adw_combo_row_get_selected (self->visit_type_row);

  if (self->syncing || self->model == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  yidi_estimate_model_set_visit_type (self->model, selected);
}

static void
on_level_selected (YidiEstimatePage *self)
{
  guint selected = adw_combo_row_get_selected (self->level_row);

  if (self->syncing || self->model == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  yidi_estimate_model_set_level (self->model, selected);
}

static void
on_settlement_selected (YidiEstimatePage *self)
{
  guint selected = adw_combo_row_get_selected (self->settlement_row);

  if (self->syncing || self->model == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  yidi_estimate_model_set_settlement (self->model, selected);
}

static void
on_admissions_changed (YidiEstimatePage *self)
{
  if (self->model == NULL)
    return;
  yidi_estimate_model_set_admissions (self->model, (guint) gtk_spin_button_get_value_as_int (self->admissions_spin));
}

static void
on_share_changed (YidiEstimatePage *self)
{
  if (self->model == NULL)
    return;
  yidi_estimate_model_set_self_pay_share (self->model, gtk_spin_button_get_value_as_int (self->share_spin) * 100);
}

static void
on_bill_mode_toggled (YidiEstimatePage *self)
{
  gboolean detailed = gtk_toggle_button_get_active (self->detailed_button);

  if (self->model == NULL)
    return;
  gtk_stack_set_visible_child_name (self->bill_stack, detailed ? "detailed" : "quick");
  yidi_estimate_model_set_bill_mode (self->model, detailed ? YIDI_BILL_MODE_DETAILED : YIDI_BILL_MODE_QUICK);
  update_result (self);
}

/* Valid amounts go to the model; a bad one changes nothing there, and
 * the result says to correct it. */
static void
on_money_changed (YidiEstimatePage *self)
{
  const struct { YidiMoneyRow *row; YidiBillCategory category; } bill[] = {
    { self->class_a_row, YIDI_BILL_CLASS_A },
    { self->class_b_row, YIDI_BILL_CLASS_B },
    { self->self_pay_row, YIDI_BILL_SELF_PAY },
    { self->over_standard_row, YIDI_BILL_OVER_STANDARD },
    { self->consumables_row, YIDI_BILL_CONSUMABLES },
  };

  if (self->model == NULL)
    return;
  yidi_estimate_model_set_fund_paid (self->model, yidi_money_row_get_amount (self->fund_paid_row));
  yidi_estimate_model_set_bill_total (self->model, yidi_money_row_get_amount (self->total_row));
  for (guint i = 0; i < G_N_ELEMENTS (bill); i++)
    yidi_estimate_model_set_bill_amount (self->model, bill[i].category, yidi_money_row_get_amount (bill[i].row));
  update_result (self);
}

/* ---- Actions -------------------------------------------------------------- */

static void
clear_hospital_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  YidiEstimatePage *self = YIDI_ESTIMATE_PAGE (widget);

  yidi_estimate_model_set_institution (self->model, NULL);
}

YidiReport *
yidi_estimate_page_build_report (YidiEstimatePage *self,
                                 GError          **error)
{
  YidiEstimateReportInfo info = { 0 };
  g_autofree char *insured = NULL;
  g_autofree char *treated = NULL;
  YidiInstitution *institution;
  GDate today;

  g_return_val_if_fail (YIDI_IS_ESTIMATE_PAGE (self), NULL);

  if (!all_money_valid (self))
    {
      g_set_error_literal (error, YIDI_ESTIMATE_MODEL_ERROR, YIDI_ESTIMATE_MODEL_ERROR_INCOMPLETE,
                           _("An amount is not valid: correct the entry marked in red, then print."));
      return NULL;
    }
  yidi_estimate_model_flush (self->model);
  if (yidi_estimate_model_get_estimate (self->model) != NULL)
    {
      const YidiEngineInput *input = yidi_estimate_model_get_input (self->model);

      insured = place_name (self, input->insured.insured_place);
      treated = place_name (self, input->visit.treatment_place);
    }
  institution = yidi_estimate_model_get_institution (self->model);
  info.person = self->current != NULL ? yidi_case_get_label (self->current) : NULL;
  info.insured_place = insured;
  info.treatment_place = treated;
  info.hospital = institution != NULL ? yidi_institution_get_name (institution) : NULL;
  get_today (self, &today);
  return yidi_estimate_report_new (self->model, &info, &today, error);
}

gboolean
yidi_estimate_page_save_pdf (YidiEstimatePage *self,
                             GFile            *file,
                             GError          **error)
{
  g_autoptr(YidiReport) report = NULL;

  g_return_val_if_fail (YIDI_IS_ESTIMATE_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  report = yidi_estimate_page_build_report (self, error);
  return report != NULL && yidi_report_write_pdf_file (report, file, error);
}

static YidiReport *
build_report (GtkWidget  *widget,
              GError    **error)
{
  return yidi_estimate_page_build_report (YIDI_ESTIMATE_PAGE (widget), error);
}

static void
save_pdf_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  YidiEstimatePage *self = YIDI_ESTIMATE_PAGE (widget);
  const char *label = self->current != NULL ? yidi_case_get_label (self->current) : NULL;
  g_autofree char *name = NULL;

  /* Translators: the file name offered for the estimate; %s is the person's name */
  name = label != NULL && *label != '\0' ? g_strdup_printf (_("Cost estimate %s.pdf"), label)
                                         : g_strdup (_("Cost estimate.pdf"));
  /* Translators: said once the PDF is written; %s is the file's name */
  yidi_report_save_page_pdf (widget, build_report, _("Save the Estimate as PDF"), name, _("Saved the estimate as “%s”"));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  yidi_report_print_page (widget, build_report);
}

static void
show_why_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  YidiEstimatePage *self = YIDI_ESTIMATE_PAGE (widget);

  gtk_stack_set_visible_child_name (self->result_stack, "breakdown");
  adw_expander_row_set_expanded (self->why_row, TRUE);
}

/* ---- GObject -------------------------------------------------------------- */

static void
yidi_estimate_page_dispose (GObject *object)
{
  YidiEstimatePage *self = YIDI_ESTIMATE_PAGE (object);

  g_clear_handle_id (&self->sync_id, g_source_remove);
  if (self->current != NULL)
    g_signal_handlers_disconnect_by_data (self->current, self);
  g_clear_object (&self->current);
  g_clear_object (&self->case_list);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  if (self->ranking != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->ranking, self);
      yidi_estimate_ranking_set_input (self->ranking, NULL, NULL);
    }
  if (self->nearby_list != NULL)
    gtk_list_box_bind_model (self->nearby_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->ranking);
  g_clear_object (&self->places);
  g_clear_pointer (&self->policies, yidi_policy_set_unref);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), YIDI_TYPE_ESTIMATE_PAGE);

  G_OBJECT_CLASS (yidi_estimate_page_parent_class)->dispose (object);
}

static void
yidi_estimate_page_finalize (GObject *object)
{
  YidiEstimatePage *self = YIDI_ESTIMATE_PAGE (object);

  g_clear_pointer (&self->why_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (yidi_estimate_page_parent_class)->finalize (object);
}

static void
yidi_estimate_page_class_init (YidiEstimatePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yidi_estimate_page_dispose;
  object_class->finalize = yidi_estimate_page_finalize;

  g_type_ensure (YIDI_TYPE_COST_BAR);
  g_type_ensure (YIDI_TYPE_DATE_ROW);
  g_type_ensure (YIDI_TYPE_FIT_BIN);
  g_type_ensure (YIDI_TYPE_MONEY_ROW);
  g_type_ensure (YIDI_TYPE_PLACE_PICKER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/yidi/Yidi/yidi-estimate-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, caption_label);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, oop_label);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, cost_bar);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, legend_box);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, insured_picker);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, scheme_row);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, member_row);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, birth_year_row);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, category_row);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, status_row);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, destination_picker);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, visit_type_row);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, admission_date_row);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, discharge_date_row);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, hospital_row);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, level_row);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, settlement_row);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, admissions_spin);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, fund_paid_row);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, quick_button);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, detailed_button);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, bill_stack);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, total_row);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, share_row);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, share_spin);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, class_a_row);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, class_b_row);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, self_pay_row);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, over_standard_row);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, consumables_row);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, result_stack);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, breakdown_list);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, notes_box);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, why_row);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, compare_list);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, nearby_status);
  gtk_widget_class_bind_template_child (widget_class, YidiEstimatePage, nearby_list);
  gtk_widget_class_bind_template_callback (widget_class, on_insured_place_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_destination_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_scheme_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_member_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_birth_year_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_category_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_status_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_admission_date_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_discharge_date_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_visit_type_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_level_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_settlement_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_admissions_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_share_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_bill_mode_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_money_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_why_expanded);

  gtk_widget_class_install_action (widget_class, "estimate.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "estimate.save-pdf", NULL, save_pdf_action);
  gtk_widget_class_install_action (widget_class, "estimate.show-why", NULL, show_why_action);
  gtk_widget_class_install_action (widget_class, "estimate.clear-hospital", NULL, clear_hospital_action);
}

static void
yidi_estimate_page_init (YidiEstimatePage *self)
{
  g_autoptr(GtkStringList) schemes = make_list (YIDI_SCHEME_RESIDENT + 1, scheme_label);
  g_autoptr(GtkStringList) members = make_list (YIDI_MEMBER_RETIRED + 1, member_label);
  g_autoptr(GtkStringList) categories = make_list (YIDI_FILING_OTHER_TEMPORARY + 1, category_label);
  g_autoptr(GtkStringList) statuses = make_list (YIDI_FILING_STATUS_EXPIRED + 1, status_label);
  g_autoptr(GtkStringList) visits = make_list (YIDI_VISIT_CHRONIC_OUTPATIENT + 1, visit_label);
  g_autoptr(GtkStringList) levels = make_list (YIDI_LEVEL_UNRATED + 1, level_label);
  g_autoptr(GtkStringList) settlements = make_list (YIDI_SETTLEMENT_MANUAL + 1, settlement_label);
  g_autoptr(GError) error = NULL;
  g_autofree char *total_hint = NULL;

  self->why_rows = g_ptr_array_new ();
  self->shown_id = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The policies are small (a few ms to read); without them the page
   * says why there is no estimate and what to do (the model's error). */
  self->policies = yidi_policy_set_load (NULL, &error);
  if (self->policies == NULL)
    g_debug ("Cannot read the policies: %s", error->message);
  self->model = yidi_estimate_model_new (NULL, self->policies);
  self->ranking = yidi_estimate_ranking_new ();

  self->syncing = TRUE;
  adw_combo_row_set_model (self->scheme_row, G_LIST_MODEL (schemes));
  adw_combo_row_set_model (self->member_row, G_LIST_MODEL (members));
  adw_combo_row_set_model (self->category_row, G_LIST_MODEL (categories));
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (statuses));
  adw_combo_row_set_model (self->visit_type_row, G_LIST_MODEL (visits));
  adw_combo_row_set_model (self->level_row, G_LIST_MODEL (levels));
  adw_combo_row_set_model (self->settlement_row, G_LIST_MODEL (settlements));
  adw_combo_row_set_selected (self->level_row, YIDI_LEVEL_3);
  adw_combo_row_set_selected (self->settlement_row, YIDI_SETTLEMENT_DIRECT);
  self->syncing = FALSE;

  total_hint = g_strdup (_("What the hospital charges in all, or what you expect"));
  yidi_money_row_set_hint (self->total_row, total_hint);
  yidi_money_row_set_hint (self->fund_paid_row, _("Counts toward the fund’s annual cap"));

  g_signal_connect_swapped (self->model, "updated", G_CALLBACK (on_model_updated), self);
  g_signal_connect_swapped (self->model, "notify::institution", G_CALLBACK (sync_hospital), self);
  g_signal_connect_swapped (self->ranking, "notify::loading", G_CALLBACK (on_ranking_changed), self);
  g_signal_connect_swapped (self->ranking, "notify::n-found", G_CALLBACK (on_ranking_changed), self);
  gtk_list_box_bind_model (self->nearby_list, G_LIST_MODEL (self->ranking), create_nearby_row, self, NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "estimate.print", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "estimate.save-pdf", FALSE);
  update_result (self);
}

/* ---- Public API ----------------------------------------------------------- */

void
yidi_estimate_page_set_case_list (YidiEstimatePage *self,
                                  YidiCaseList     *case_list)
{
  g_return_if_fail (YIDI_IS_ESTIMATE_PAGE (self));
  g_return_if_fail (case_list == NULL || YIDI_IS_CASE_LIST (case_list));

  if (self->current != NULL)
    g_signal_handlers_disconnect_by_data (self->current, self);
  g_clear_object (&self->current);
  g_set_object (&self->case_list, case_list);

  /* The model reads the case the tabs share. */
  g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  if (case_list != NULL)
    {
      self->current = g_object_ref (yidi_case_list_get_current (case_list));
      g_signal_connect_swapped (self->current, "notify", G_CALLBACK (on_case_notify), self);
    }
  self->model = yidi_estimate_model_new (self->current, self->policies);
  g_signal_connect_swapped (self->model, "updated", G_CALLBACK (on_model_updated), self);
  g_signal_connect_swapped (self->model, "notify::institution", G_CALLBACK (sync_hospital), self);
  if (case_list != NULL)
    {
      GDate today;

      yidi_case_list_get_today (case_list, &today);
      yidi_estimate_model_set_today (self->model, &today);
    }

  /* What the form holds goes on to the new model. */
  on_visit_type_selected (self);
  on_level_selected (self);
  on_settlement_selected (self);
  on_admissions_changed (self);
  on_share_changed (self);
  on_bill_mode_toggled (self);
  on_money_changed (self);

  self->shown_id = -1;
  sync_form (self);
}

void
yidi_estimate_page_set_places (YidiEstimatePage *self,
                               YidiPlaces       *places)
{
  g_return_if_fail (YIDI_IS_ESTIMATE_PAGE (self));

  g_set_object (&self->places, places);
  yidi_place_picker_set_places (self->insured_picker, places);
  yidi_place_picker_set_places (self->destination_picker, places);
}

void
yidi_estimate_page_set_directory (YidiEstimatePage *self,
                                  YidiDirectory    *directory)
{
  g_return_if_fail (YIDI_IS_ESTIMATE_PAGE (self));

  yidi_estimate_ranking_set_directory (self->ranking, directory);
  update_result (self);
}

void
yidi_estimate_page_use_institution (YidiEstimatePage *self,
                                    YidiInstitution  *institution)
{
  g_return_if_fail (YIDI_IS_ESTIMATE_PAGE (self));
  g_return_if_fail (YIDI_IS_INSTITUTION (institution));

  yidi_estimate_model_set_institution (self->model, institution);
  gtk_stack_set_visible_child_name (self->result_stack, "breakdown");
}

YidiEstimateModel *
yidi_estimate_page_get_model (YidiEstimatePage *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_PAGE (self), NULL);
  return self->model;
}

YidiEstimateRanking *
yidi_estimate_page_get_ranking (YidiEstimatePage *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_PAGE (self), NULL);
  return self->ranking;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-filing-page"

#include "config.h"

#include <glib/gi18n.h>

#include "yidi-date-row.h"
#include "yidi-filing-page.h"
#include "yidi-filing-report.h"
#include "yidi-language.h"
#include "yidi-place-picker.h"

/* The languages a checklist can be printed in, in the order of the row. */
static const char * const print_languages[] = { "zh_CN", "en" };

typedef struct {
  char      *question_id;
  GtkWidget *box;
  GPtrArray *buttons;          /* GtkCheckButton, "answer-id" data */
} QuestionView;

struct _YidiFilingPage
{
  AdwBin parent_instance;

  YidiCaseList *case_list;
  YidiCase *current;
  YidiFilingRules *rules;
  YidiPlaces *places;
  GSettings *settings;

  guint refresh_id;
  guint scroll_id;             /* tick callback that brings the result into view */
  gboolean scroll_laid_out;
  gboolean reveal_result;      /* an answer was just given */
  gboolean syncing;
  gint64 shown_id;
  GPtrArray *questions;        /* QuestionView */
  GPtrArray *checklist_rows;   /* AdwActionRow in checklist_group */
  GPtrArray *claim_rows;       /* AdwActionRow in claim_expander */
  char *checklist_keys;        /* what the rows show, to rebuild only on change */
  char *claim_keys;
  char *steps_text;
  char *more_text;

  GtkStack *stack;
  GtkWidget *scrolled_window;
  AdwStatusPage *error_page;
  AdwEntryRow *label_row;
  YidiPlacePicker *insured_picker;
  YidiPlacePicker *destination_picker;
  AdwComboRow *scheme_row;
  AdwComboRow *member_row;
  AdwEntryRow *birth_year_row;
  GtkWidget *start_over_button;
  GtkBox *questions_box;
  GtkWidget *category_box;
  GtkLabel *category_caption;
  GtkLabel *category_label;
  GtkLabel *reason_label;
  AdwPreferencesGroup *checklist_group;
  AdwPreferencesGroup *dates_group;
  AdwComboRow *status_row;
  YidiDateRow *filing_date_row;
  AdwActionRow *validity_row;
  GtkLabel *days_left_label;
  YidiDateRow *admission_date_row;
  YidiDateRow *discharge_date_row;
  GtkWidget *steps_box;
  GtkBox *steps_list;
  GtkWidget *where_box;
  GtkLabel *where_title;
  GtkLabel *where_label;
  GtkWidget *where_unconfirmed;
  GtkLabel *admitted_label;
  GtkLabel *discharged_label;
  GtkWidget *claim_list;
  AdwExpanderRow *claim_expander;
  GtkWidget *more_expander;
  GtkBox *more_box;
  GtkWidget *print_group;
  AdwComboRow *print_language_row;
  GtkTextView *notes_view;
};

G_DEFINE_FINAL_TYPE (YidiFilingPage, yidi_filing_page, ADW_TYPE_BIN)

static void schedule_refresh (YidiFilingPage *self);

/* ---- Helpers -------------------------------------------------------------- */

static void
question_view_free (QuestionView *view)
{
  g_free (view->question_id);
  g_clear_pointer (&view->buttons, g_ptr_array_unref);
  g_free (view);
}

static void
get_today (YidiFilingPage *self,
           GDate          *today)
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

static const char *
page_print_language (YidiFilingPage *self)
{
  guint selected = adw_combo_row_get_selected (self->print_language_row);

  return selected < G_N_ELEMENTS (print_languages) ? print_languages[selected] : print_languages[0];
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

static const char *
scheme_label (int value)
{
  return yidi_scheme_get_label ((YidiScheme) value);
}

static const char *
member_label (int value)
{
  return yidi_member_status_get_label ((YidiMemberStatus) value);
}

static const char *
status_label (int value)
{
  return yidi_filing_status_get_label ((YidiFilingStatus) value);
}

static void
remove_children (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static GtkWidget *
make_text_label (const char *text,
                 const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static const YidiFilingNote *
find_note (GPtrArray  *notes,
           const char *id)
{
  for (guint i = 0; i < notes->len; i++)
    {
      const YidiFilingNote *note = notes->pdata[i];

      if (g_str_equal (note->id, id))
        return note;
    }
  return NULL;
}

static char *
note_markup (const YidiFilingNote *note)
{
  if (note == NULL)
    return g_strdup ("");
  return g_markup_printf_escaped ("<b>%s</b>\n%s", note->title, note->text);
}

/* ---- The person ----------------------------------------------------------- */

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
sync_entry (AdwEntryRow *row,
            const char  *value)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), value != NULL ? value : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
}

static void
sync_person (YidiFilingPage *self,
             gboolean        whole)
{
  YidiCase *c = self->current;
  gboolean valid;
  int shown_year = parse_birth_year (gtk_editable_get_text (GTK_EDITABLE (self->birth_year_row)), &valid);

  sync_entry (self->label_row, yidi_case_get_label (c));
  yidi_place_picker_set_code (self->insured_picker, yidi_case_get_insured_place (c));
  yidi_place_picker_set_code (self->destination_picker, yidi_case_get_destination (c));
  adw_combo_row_set_selected (self->scheme_row, yidi_case_get_scheme (c));
  adw_combo_row_set_selected (self->member_row, yidi_case_get_member_status (c));

  /* A year half typed is left alone unless another case came in. */
  if (whole || shown_year != yidi_case_get_birth_year (c))
    {
      g_autofree char *year = yidi_case_get_birth_year (c) > 0
        ? g_strdup_printf ("%d", yidi_case_get_birth_year (c)) : NULL;

      sync_entry (self->birth_year_row, year);
      gtk_widget_remove_css_class (GTK_WIDGET (self->birth_year_row), "error");
    }

  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
    GtkTextIter start, end;
    g_autofree char *shown = NULL;
    const char *notes = yidi_case_get_notes (c);

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    if (g_strcmp0 (shown, notes != NULL ? notes : "") != 0)
      gtk_text_buffer_set_text (buffer, notes != NULL ? notes : "", -1);
  }
}

static void
on_label_changed (YidiFilingPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->label_row));

  if (self->syncing || self->current == NULL)
    return;
  yidi_case_set_label (self->current, *text != '\0' ? text : NULL);
}

static void
on_insured_place_changed (YidiFilingPage *self)
{
  if (self->syncing || self->current == NULL)
    return;
  yidi_case_set_insured_place (self->current, yidi_place_picker_get_code (self->insured_picker));
}

static void
on_destination_changed (YidiFilingPage *self)
{
  if (self->syncing || self->current == NULL)
    return;
  yidi_case_set_destination (self->current, yidi_place_picker_get_code (self->destination_picker));
}

static void
on_scheme_selected (YidiFilingPage *self)
{
  guint selected = adw_combo_row_get_selected (self->scheme_row);

  if (self->syncing || self->current == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  yidi_case_set_scheme (self->current, (YidiScheme) selected);
}

static void
on_member_selected (YidiFilingPage *self)
{
  guint selected = adw_combo_row_get_selected (self->member_row);

  if (self->syncing || self->current == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  yidi_case_set_member_status (self->current, (YidiMemberStatus) selected);
}

static void
on_birth_year_changed (YidiFilingPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->birth_year_row));
  gboolean valid;
  int year = parse_birth_year (text, &valid);

  if (self->syncing || self->current == NULL)
    return;

  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->birth_year_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->birth_year_row), "error");
  yidi_case_set_birth_year (self->current, year);
}

static void
on_notes_changed (GtkTextBuffer  *buffer,
                  YidiFilingPage *self)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (self->syncing || self->current == NULL)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  yidi_case_set_notes (self->current, *text != '\0' ? text : NULL);
}

static void
on_status_selected (YidiFilingPage *self)
{
  guint selected = adw_combo_row_get_selected (self->status_row);

  if (self->syncing || self->current == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  yidi_case_set_filing_status (self->current, (YidiFilingStatus) selected);
}

static void
on_filing_date_changed (YidiFilingPage *self)
{
  if (self->syncing || self->current == NULL)
    return;
  yidi_case_set_filing_date (self->current, yidi_date_row_get_date (self->filing_date_row));
}

static void
on_admission_date_changed (YidiFilingPage *self)
{
  if (self->syncing || self->current == NULL)
    return;
  yidi_case_set_admission_date (self->current, yidi_date_row_get_date (self->admission_date_row));
}

static void
on_discharge_date_changed (YidiFilingPage *self)
{
  if (self->syncing || self->current == NULL)
    return;
  yidi_case_set_discharge_date (self->current, yidi_date_row_get_date (self->discharge_date_row));
}

static void
on_print_language_selected (YidiFilingPage *self)
{
  if (self->syncing)
    return;
  g_settings_set_string (self->settings, "print-language", page_print_language (self));
}

/* ---- The questions -------------------------------------------------------- */

/* The category follows the answers: an unfinished flow has none. */
static void
apply_answers (YidiFilingPage *self)
{
  g_autoptr(YidiFilingFlow) flow = yidi_filing_flow_new (self->rules, yidi_case_get_filing_answers (self->current));

  yidi_case_set_filing_category (self->current, flow->category);
}

static void
on_answer_toggled (GtkCheckButton *button,
                   YidiFilingPage *self)
{
  const char *question_id = g_object_get_data (G_OBJECT (button), "question-id");
  const char *answer_id = g_object_get_data (G_OBJECT (button), "answer-id");

  if (self->syncing || self->current == NULL || !gtk_check_button_get_active (button))
    return;

  self->reveal_result = TRUE;
  yidi_case_set_filing_answer (self->current, question_id, answer_id);
  apply_answers (self);
}

static QuestionView *
make_question (YidiFilingPage       *self,
               const YidiFilingStep *step,
               guint                 number)
{
  QuestionView *view = g_new0 (QuestionView, 1);
  GtkWidget *heading;
  GtkCheckButton *group = NULL;
  g_autofree char *title = g_strdup_printf ("%u. %s", number, step->text);

  view->question_id = g_strdup (step->question_id);
  view->buttons = g_ptr_array_new ();
  /* A group named by its question, so a screen reader says what the
   * answers answer. */
  view->box = g_object_new (GTK_TYPE_BOX,
                            "orientation", GTK_ORIENTATION_VERTICAL,
                            "spacing", 6,
                            "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                            NULL);
  gtk_widget_add_css_class (view->box, "card");
  gtk_widget_add_css_class (view->box, "yidi-question");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view->box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, step->text,
                                  -1);
  if (step->help != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (view->box),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, step->help,
                                    -1);

  heading = make_text_label (title, "heading");
  gtk_label_set_selectable (GTK_LABEL (heading), FALSE);
  gtk_box_append (GTK_BOX (view->box), heading);
  if (step->help != NULL)
    {
      GtkWidget *help = make_text_label (step->help, "dim-label");

      gtk_label_set_selectable (GTK_LABEL (help), FALSE);
      gtk_box_append (GTK_BOX (view->box), help);
    }

  for (guint i = 0; i < step->answers->len; i++)
    {
      const YidiFilingAnswer *answer = step->answers->pdata[i];
      GtkWidget *button = gtk_check_button_new_with_label (answer->label);

      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);
      else
        group = GTK_CHECK_BUTTON (button);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, answer->label,
                                      -1);
      g_object_set_data_full (G_OBJECT (button), "question-id", g_strdup (step->question_id), g_free);
      g_object_set_data_full (G_OBJECT (button), "answer-id", g_strdup (answer->id), g_free);
      g_signal_connect (button, "toggled", G_CALLBACK (on_answer_toggled), self);
      gtk_box_append (GTK_BOX (view->box), button);
      g_ptr_array_add (view->buttons, button);
    }

  return view;
}

/* Keeps the questions already shown (and the focus in them); only what
 * follows a changed answer is replaced. */
static void
sync_questions (YidiFilingPage       *self,
                const YidiFilingFlow *flow)
{
  guint keep = 0;

  while (keep < flow->steps->len && keep < self->questions->len)
    {
      const YidiFilingStep *step = flow->steps->pdata[keep];
      QuestionView *view = self->questions->pdata[keep];

      if (!g_str_equal (step->question_id, view->question_id))
        break;
      keep++;
    }

  for (guint i = self->questions->len; i > keep; i--)
    {
      QuestionView *view = self->questions->pdata[i - 1];

      gtk_box_remove (self->questions_box, view->box);
      g_ptr_array_remove_index (self->questions, i - 1);
    }

  for (guint i = keep; i < flow->steps->len; i++)
    {
      QuestionView *view = make_question (self, flow->steps->pdata[i], i + 1);

      gtk_box_append (self->questions_box, view->box);
      g_ptr_array_add (self->questions, view);
    }

  for (guint i = 0; i < flow->steps->len; i++)
    {
      const YidiFilingStep *step = flow->steps->pdata[i];
      QuestionView *view = self->questions->pdata[i];

      for (guint j = 0; j < view->buttons->len; j++)
        {
          GtkCheckButton *button = view->buttons->pdata[j];
          const char *answer_id = g_object_get_data (G_OBJECT (button), "answer-id");
          gboolean chosen = g_strcmp0 (step->chosen, answer_id) == 0;

          if (gtk_check_button_get_active (button) != chosen)
            gtk_check_button_set_active (button, chosen);
        }
    }

  gtk_widget_set_sensitive (self->start_over_button,
                            g_hash_table_size (yidi_case_get_filing_answers (self->current)) > 0);
}

/* ---- The result ----------------------------------------------------------- */

static void
on_tick_toggled (GtkCheckButton *button,
                 YidiFilingPage *self)
{
  const char *key = g_object_get_data (G_OBJECT (button), "key");

  if (self->syncing || self->current == NULL)
    return;
  yidi_case_set_checked (self->current, key, gtk_check_button_get_active (button));
}

static char *
checklist_keys (GPtrArray *items)
{
  g_autoptr(GString) keys = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      const YidiFilingChecklistItem *item = items->pdata[i];

      g_string_append_printf (keys, "%s\n%s\n", item->key, item->label);
    }
  return g_string_free (g_steal_pointer (&keys), FALSE);
}

static GtkWidget *
make_tick_row (YidiFilingPage                *self,
               const YidiFilingChecklistItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  g_autoptr(GString) subtitle = g_string_new (NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->label);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (item->alternative_label != NULL)
    /* Translators: a paper that may be given instead of the one above */
    g_string_append_printf (subtitle, _("Or instead: %s"), item->alternative_label);
  if (item->term != NULL && g_strstr_len (item->label, -1, item->term) == NULL)
    {
      if (subtitle->len > 0)
        g_string_append_c (subtitle, '\n');
      /* Translators: the official Chinese name of a paper, as the counter calls it */
      g_string_append_printf (subtitle, _("Official name: %s"), item->term);
    }
  if (subtitle->len > 0)
    {
      g_autofree char *escaped = g_markup_escape_text (subtitle->str, -1);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
    }
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);

  /* The row's title names the tick box (activatable widget). */
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (check), "key", g_strdup (item->key), g_free);
  g_signal_connect (check, "toggled", G_CALLBACK (on_tick_toggled), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_object_set_data (G_OBJECT (row), "check", check);
  return row;
}

static void
sync_ticks (GPtrArray *rows,
            GPtrArray *items)
{
  for (guint i = 0; i < rows->len && i < items->len; i++)
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (rows->pdata[i]), "check");
      const YidiFilingChecklistItem *item = items->pdata[i];

      if (gtk_check_button_get_active (check) != item->checked)
        gtk_check_button_set_active (check, item->checked);
    }
}

static void
sync_checklist (YidiFilingPage         *self,
                const YidiFilingAdvice *advice)
{
  g_autofree char *keys = checklist_keys (advice->checklist);
  g_autofree char *claim_keys = checklist_keys (advice->claim_checklist);

  if (g_strcmp0 (keys, self->checklist_keys) != 0)
    {
      for (guint i = 0; i < self->checklist_rows->len; i++)
        adw_preferences_group_remove (self->checklist_group, self->checklist_rows->pdata[i]);
      g_ptr_array_set_size (self->checklist_rows, 0);
      for (guint i = 0; i < advice->checklist->len; i++)
        {
          GtkWidget *row = make_tick_row (self, advice->checklist->pdata[i]);

          adw_preferences_group_add (self->checklist_group, row);
          g_ptr_array_add (self->checklist_rows, row);
        }
      g_free (self->checklist_keys);
      self->checklist_keys = g_steal_pointer (&keys);
    }
  sync_ticks (self->checklist_rows, advice->checklist);
  gtk_widget_set_visible (GTK_WIDGET (self->checklist_group), advice->checklist->len > 0);
  adw_preferences_group_set_description (self->checklist_group,
                                         advice->checklist_confirmed
                                         ? _("Tick each paper once you have it. The ticks are kept with the case.")
                                         : _("Tick each paper once you have it. The ticks are kept with the case. Ask the insured place’s medical insurance agency whether it wants other papers too: this list is not confirmed by two independent sources."));

  if (g_strcmp0 (claim_keys, self->claim_keys) != 0)
    {
      for (guint i = 0; i < self->claim_rows->len; i++)
        adw_expander_row_remove (self->claim_expander, self->claim_rows->pdata[i]);
      g_ptr_array_set_size (self->claim_rows, 0);
      for (guint i = 0; i < advice->claim_checklist->len; i++)
        {
          GtkWidget *row = make_tick_row (self, advice->claim_checklist->pdata[i]);

          adw_expander_row_add_row (self->claim_expander, row);
          g_ptr_array_add (self->claim_rows, row);
        }
      g_free (self->claim_keys);
      self->claim_keys = g_steal_pointer (&claim_keys);
    }
  sync_ticks (self->claim_rows, advice->claim_checklist);
  gtk_widget_set_visible (self->claim_list, advice->claim_checklist->len > 0);
}

static void
sync_dates (YidiFilingPage         *self,
            const YidiFilingAdvice *advice,
            const YidiCaseRecord   *record)
{
  const YidiFilingValidity *validity = &advice->validity;
  gboolean needs_filing = validity->kind != YIDI_FILING_VALIDITY_NOT_NEEDED;
  g_autofree char *days = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->dates_group), advice->category != YIDI_FILING_NONE);
  gtk_widget_set_visible (GTK_WIDGET (self->status_row), needs_filing);
  gtk_widget_set_visible (GTK_WIDGET (self->filing_date_row), needs_filing);

  adw_combo_row_set_selected (self->status_row, record->filing_status);
  yidi_date_row_set_date (self->filing_date_row, record->filing_date);
  yidi_date_row_set_date (self->admission_date_row, record->admission_date);
  yidi_date_row_set_date (self->discharge_date_row, record->discharge_date);

  if (advice->validity_text != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (advice->validity_text, -1);
      adw_action_row_set_subtitle (self->validity_row, escaped);
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->days_left_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->days_left_label), "error");
  if (validity->has_expiry)
    {
      if (validity->days_left > 0)
        days = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day left", "%d days left", validity->days_left),
                                validity->days_left);
      else if (validity->days_left == 0)
        days = g_strdup (_("Expires today"));
      else
        days = g_strdup (_("Expired"));
      if (validity->warning == YIDI_FILING_WARNING_EXPIRED)
        gtk_widget_add_css_class (GTK_WIDGET (self->days_left_label), "error");
      else if (validity->warning != YIDI_FILING_WARNING_NONE)
        gtk_widget_add_css_class (GTK_WIDGET (self->days_left_label), "warning");
    }
  else if (validity->warning == YIDI_FILING_WARNING_EXPIRED)
    {
      days = g_strdup (_("Expired"));
      gtk_widget_add_css_class (GTK_WIDGET (self->days_left_label), "error");
    }
  gtk_label_set_label (self->days_left_label, days != NULL ? days : "");
  gtk_widget_set_visible (GTK_WIDGET (self->days_left_label), days != NULL);
}

static void
sync_steps (YidiFilingPage         *self,
            const YidiFilingAdvice *advice)
{
  g_autoptr(GString) all = g_string_new (NULL);

  for (guint i = 0; i < advice->next_steps->len; i++)
    g_string_append_printf (all, "%s\n", (const char *) advice->next_steps->pdata[i]);
  if (g_strcmp0 (all->str, self->steps_text) == 0)
    return;

  remove_children (self->steps_list);
  for (guint i = 0; i < advice->next_steps->len; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u. %s", i + 1, (const char *) advice->next_steps->pdata[i]);

      gtk_box_append (self->steps_list, make_text_label (text, NULL));
    }
  g_free (self->steps_text);
  self->steps_text = g_string_free (g_steal_pointer (&all), FALSE);
}

static void
sync_notes (YidiFilingPage         *self,
            const YidiFilingAdvice *advice)
{
  static const char * const more_ids[] = { "principle", "long_term", "temporary", "ratio", "trauma" };
  const YidiFilingNote *where;
  g_autofree char *admitted = note_markup (find_note (advice->notes, "if_admitted"));
  g_autofree char *discharged = note_markup (find_note (advice->notes, "if_discharged"));
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(GPtrArray) more = g_ptr_array_new ();

  /* Where to file; for an emergency, what replaces filing. */
  where = find_note (advice->notes, advice->category == YIDI_FILING_EMERGENCY ? "emergency" : "channels");
  gtk_widget_set_visible (self->where_box, where != NULL && advice->category != YIDI_FILING_NONE);
  if (where != NULL)
    {
      gtk_label_set_label (self->where_title, advice->category == YIDI_FILING_EMERGENCY ? where->title : _("Where to File"));
      gtk_label_set_label (self->where_label, where->text);
      gtk_widget_set_visible (self->where_unconfirmed, !where->confirmed);
    }

  gtk_label_set_markup (self->admitted_label, admitted);
  gtk_label_set_markup (self->discharged_label, discharged);

  for (guint i = 0; i < G_N_ELEMENTS (more_ids); i++)
    {
      const YidiFilingNote *note = find_note (advice->notes, more_ids[i]);

      if (note != NULL)
        {
          g_ptr_array_add (more, (gpointer) note);
          g_string_append_printf (all, "%s\n%s\n%d\n", note->title, note->text, note->confirmed);
        }
    }
  if (advice->who != NULL)
    g_string_append (all, advice->who->text);
  if (g_strcmp0 (all->str, self->more_text) == 0)
    return;

  remove_children (self->more_box);
  if (advice->who != NULL)
    {
      g_autofree char *who = note_markup (advice->who);
      GtkWidget *label = make_text_label (NULL, NULL);

      gtk_label_set_markup (GTK_LABEL (label), who);
      gtk_box_append (self->more_box, label);
    }
  for (guint i = 0; i < more->len; i++)
    {
      const YidiFilingNote *note = more->pdata[i];
      g_autofree char *markup = note_markup (note);
      GtkWidget *label = make_text_label (NULL, NULL);

      gtk_label_set_markup (GTK_LABEL (label), markup);
      gtk_box_append (self->more_box, label);
      if (!note->confirmed)
        gtk_box_append (self->more_box,
                        make_text_label (_("Not confirmed by two independent sources: check with the insured place’s medical insurance agency."),
                                         "dim-label"));
    }
  g_free (self->more_text);
  self->more_text = g_string_free (g_steal_pointer (&all), FALSE);
}

static void
sync_result (YidiFilingPage         *self,
             const YidiFilingAdvice *advice,
             const YidiCaseRecord   *record)
{
  gboolean decided = advice->category != YIDI_FILING_NONE;

  if (decided)
    {
      gtk_label_set_label (self->category_label, yidi_filing_category_get_label (advice->category));
      gtk_label_set_label (self->reason_label,
                           advice->reason != NULL ? advice->reason
                           : advice->who != NULL ? advice->who->text : "");
    }
  else
    {
      gtk_label_set_label (self->category_label, _("Not decided yet"));
      gtk_label_set_label (self->reason_label, _("Answer the questions above to find the filing category."));
    }

  sync_checklist (self, advice);
  sync_dates (self, advice, record);
  sync_steps (self, advice);
  sync_notes (self, advice);
  gtk_widget_set_visible (self->steps_box, decided);
  gtk_widget_set_visible (self->more_expander, decided);
  gtk_widget_set_visible (self->print_group, decided);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "filing.print", decided);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "filing.save-pdf", decided);
}

/* ---- Refreshing ----------------------------------------------------------- */

/* Once laid out: when the last answer decided the category, scroll so
 * its card shows, if it is below the fold. Focus stays on the answer. */
static gboolean
scroll_to_result_cb (GtkWidget     *widget,
                     GdkFrameClock *clock,
                     gpointer       user_data)
{
  YidiFilingPage *self = YIDI_FILING_PAGE (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled_window));
  GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (self->scrolled_window));
  double x, y;
  double value = gtk_adjustment_get_value (adjustment);
  double page_size = gtk_adjustment_get_page_size (adjustment);

  /* The first tick comes before the new result is laid out. */
  if (!self->scroll_laid_out)
    {
      self->scroll_laid_out = TRUE;
      return G_SOURCE_CONTINUE;
    }

  /* Positions in the scrolled content, not in the visible part. */
  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));

  self->scroll_id = 0;
  if (gtk_widget_translate_coordinates (self->category_box, content, 0, 0, &x, &y) &&
      y > value + page_size * 0.6)
    gtk_adjustment_set_value (adjustment, y - page_size * 0.25);
  return G_SOURCE_REMOVE;
}

static void
refresh (YidiFilingPage *self)
{
  g_autoptr(YidiFilingFlow) flow = NULL;
  g_autoptr(YidiFilingAdvice) advice = NULL;
  g_autoptr(YidiCaseRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  gboolean whole;
  GDate today;

  if (self->current == NULL)
    return;

  whole = self->shown_id != yidi_case_get_id (self->current);
  self->shown_id = yidi_case_get_id (self->current);

  self->syncing = TRUE;
  sync_person (self, whole);

  if (self->rules != NULL)
    {
      flow = yidi_filing_flow_new (self->rules, yidi_case_get_filing_answers (self->current));
      sync_questions (self, flow);

      record = yidi_case_to_record (self->current);
      get_today (self, &today);
      advice = yidi_filing_advise (self->rules, record, &today, &error);
      if (advice != NULL)
        {
          sync_result (self, advice, record);
          if (self->reveal_result && advice->category != YIDI_FILING_NONE && self->scroll_id == 0)
            {
              self->scroll_laid_out = FALSE;
              self->scroll_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_result_cb, NULL, NULL);
            }
        }
      else
        {
          /* Only an imported case can hold a date that does not exist. */
          gtk_label_set_label (self->category_label, _("This case cannot be judged"));
          gtk_label_set_label (self->reason_label, error->message);
        }
    }
  self->reveal_result = FALSE;
  self->syncing = FALSE;
}

static gboolean
refresh_cb (gpointer user_data)
{
  YidiFilingPage *self = user_data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (YidiFilingPage *self)
{
  /* Loading a case notifies many properties: redraw once for them all. */
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_cb, self, NULL);
}

static void
on_case_notify (YidiCase       *current,
                GParamSpec     *pspec,
                YidiFilingPage *self)
{
  schedule_refresh (self);
}

/* ---- Actions -------------------------------------------------------------- */

static void
start_over_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  YidiFilingPage *self = YIDI_FILING_PAGE (widget);
  g_autoptr(GList) questions = NULL;

  if (self->current == NULL)
    return;

  questions = g_hash_table_get_keys (yidi_case_get_filing_answers (self->current));
  g_object_freeze_notify (G_OBJECT (self->current));
  for (GList *l = questions; l != NULL; l = l->next)
    {
      g_autofree char *question = g_strdup (l->data);
      yidi_case_set_filing_answer (self->current, question, NULL);
    }
  yidi_case_set_filing_category (self->current, YIDI_FILING_NONE);
  g_object_thaw_notify (G_OBJECT (self->current));
}

static char *
place_name (YidiFilingPage *self,
            const char     *code)
{
  char *name = yidi_places_dup_full_name (self->places, code);

  return name != NULL ? name : g_strdup (code);
}

YidiReport *
yidi_filing_page_build_report (YidiFilingPage  *self,
                               const char      *language,
                               GError         **error)
{
  g_autoptr(YidiCaseRecord) record = NULL;
  g_autofree char *insured = NULL;
  g_autofree char *destination = NULL;
  GDate today;

  g_return_val_if_fail (YIDI_IS_FILING_PAGE (self), NULL);

  if (self->rules == NULL || self->current == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("The filing rules could not be read, so there is no checklist to print. Reinstall Yidi."));
      return NULL;
    }

  record = yidi_case_to_record (self->current);
  insured = place_name (self, record->insured_place);
  destination = place_name (self, record->destination);
  get_today (self, &today);
  return yidi_filing_report_new (self->rules, record, insured, destination, &today,
                                 language != NULL ? language : page_print_language (self),
                                 error);
}

gboolean
yidi_filing_page_save_pdf (YidiFilingPage  *self,
                           GFile           *file,
                           GError         **error)
{
  g_autoptr(YidiReport) report = NULL;

  g_return_val_if_fail (YIDI_IS_FILING_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  report = yidi_filing_page_build_report (self, NULL, error);
  return report != NULL && yidi_report_write_pdf_file (report, file, error);
}

static YidiReport *
build_report (GtkWidget  *widget,
              GError    **error)
{
  return yidi_filing_page_build_report (YIDI_FILING_PAGE (widget), NULL, error);
}

static void
save_pdf_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  YidiFilingPage *self = YIDI_FILING_PAGE (widget);
  const char *label = self->current != NULL ? yidi_case_get_label (self->current) : NULL;
  g_autofree char *name = NULL;

  /* Translators: the file name offered for the checklist; %s is the person's name */
  name = label != NULL && *label != '\0' ? g_strdup_printf (_("Filing checklist %s.pdf"), label)
                                         : g_strdup (_("Filing checklist.pdf"));
  /* Translators: said once the PDF is written; %s is the file's name */
  yidi_report_save_page_pdf (widget, build_report, _("Save the Checklist as PDF"), name, _("Saved the checklist as “%s”"));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  yidi_report_print_page (widget, build_report);
}

/* ---- GObject -------------------------------------------------------------- */

static void
yidi_filing_page_dispose (GObject *object)
{
  YidiFilingPage *self = YIDI_FILING_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->scroll_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_id);
  self->scroll_id = 0;
  if (self->current != NULL)
    g_signal_handlers_disconnect_by_data (self->current, self);
  g_clear_object (&self->current);
  g_clear_object (&self->case_list);
  g_clear_object (&self->places);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->rules, yidi_filing_rules_unref);

  /* AdwBin would unparent its child again. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), YIDI_TYPE_FILING_PAGE);

  G_OBJECT_CLASS (yidi_filing_page_parent_class)->dispose (object);
}

static void
yidi_filing_page_finalize (GObject *object)
{
  YidiFilingPage *self = YIDI_FILING_PAGE (object);

  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_clear_pointer (&self->checklist_rows, g_ptr_array_unref);
  g_clear_pointer (&self->claim_rows, g_ptr_array_unref);
  g_free (self->checklist_keys);
  g_free (self->claim_keys);
  g_free (self->steps_text);
  g_free (self->more_text);

  G_OBJECT_CLASS (yidi_filing_page_parent_class)->finalize (object);
}

static void
yidi_filing_page_class_init (YidiFilingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yidi_filing_page_dispose;
  object_class->finalize = yidi_filing_page_finalize;

  g_type_ensure (YIDI_TYPE_DATE_ROW);
  g_type_ensure (YIDI_TYPE_PLACE_PICKER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/yidi/Yidi/yidi-filing-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, stack);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, label_row);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, insured_picker);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, destination_picker);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, scheme_row);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, member_row);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, birth_year_row);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, start_over_button);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, questions_box);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, category_box);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, category_caption);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, category_label);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, reason_label);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, checklist_group);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, dates_group);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, filing_date_row);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, validity_row);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, days_left_label);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, admission_date_row);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, discharge_date_row);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, steps_box);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, steps_list);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, where_box);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, where_title);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, where_label);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, where_unconfirmed);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, admitted_label);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, discharged_label);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, claim_list);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, claim_expander);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, more_expander);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, more_box);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, print_group);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, print_language_row);
  gtk_widget_class_bind_template_child (widget_class, YidiFilingPage, notes_view);
  gtk_widget_class_bind_template_callback (widget_class, on_label_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_insured_place_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_destination_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_scheme_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_member_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_birth_year_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_status_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_filing_date_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_admission_date_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_discharge_date_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_print_language_selected);

  gtk_widget_class_install_action (widget_class, "filing.start-over", NULL, start_over_action);
  gtk_widget_class_install_action (widget_class, "filing.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "filing.save-pdf", NULL, save_pdf_action);
}

static void
yidi_filing_page_init (YidiFilingPage *self)
{
  g_autoptr(GtkStringList) schemes = make_list (YIDI_SCHEME_RESIDENT + 1, scheme_label);
  g_autoptr(GtkStringList) members = make_list (YIDI_MEMBER_RETIRED + 1, member_label);
  g_autoptr(GtkStringList) statuses = make_list (YIDI_FILING_STATUS_EXPIRED + 1, status_label);
  /* Each language named in itself. */
  g_autoptr(GtkStringList) languages = gtk_string_list_new ((const char * const []) { "简体中文", "English", NULL });
  g_autofree char *language = NULL;

  self->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) question_view_free);
  self->checklist_rows = g_ptr_array_new ();
  self->claim_rows = g_ptr_array_new ();
  self->shown_id = -1;
  self->settings = g_settings_new (APP_ID);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->syncing = TRUE;
  adw_combo_row_set_model (self->scheme_row, G_LIST_MODEL (schemes));
  adw_combo_row_set_model (self->member_row, G_LIST_MODEL (members));
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (statuses));
  adw_combo_row_set_model (self->print_language_row, G_LIST_MODEL (languages));
  language = g_settings_get_string (self->settings, "print-language");
  adw_combo_row_set_selected (self->print_language_row, g_str_equal (language, "en") ? 1 : 0);
  self->syncing = FALSE;

  g_signal_connect (gtk_text_view_get_buffer (self->notes_view), "changed",
                    G_CALLBACK (on_notes_changed), self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "filing.print", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "filing.save-pdf", FALSE);
}

/* ---- Public API ----------------------------------------------------------- */

void
yidi_filing_page_set_case_list (YidiFilingPage *self,
                                YidiCaseList   *case_list)
{
  g_return_if_fail (YIDI_IS_FILING_PAGE (self));
  g_return_if_fail (case_list == NULL || YIDI_IS_CASE_LIST (case_list));

  if (self->current != NULL)
    g_signal_handlers_disconnect_by_data (self->current, self);
  g_clear_object (&self->current);
  g_set_object (&self->case_list, case_list);

  if (case_list != NULL)
    {
      self->current = g_object_ref (yidi_case_list_get_current (case_list));
      g_signal_connect (self->current, "notify", G_CALLBACK (on_case_notify), self);
    }
  self->shown_id = -1;
  schedule_refresh (self);
}

void
yidi_filing_page_set_rules (YidiFilingPage  *self,
                            YidiFilingRules *rules,
                            const char      *problem)
{
  g_return_if_fail (YIDI_IS_FILING_PAGE (self));

  g_clear_pointer (&self->rules, yidi_filing_rules_unref);
  if (rules != NULL)
    self->rules = yidi_filing_rules_ref (rules);

  adw_status_page_set_description (self->error_page, problem);
  gtk_stack_set_visible_child_name (self->stack, rules != NULL ? "form" : "error");
  schedule_refresh (self);
}

void
yidi_filing_page_set_places (YidiFilingPage *self,
                             YidiPlaces     *places)
{
  g_return_if_fail (YIDI_IS_FILING_PAGE (self));

  g_set_object (&self->places, places);
  yidi_place_picker_set_places (self->insured_picker, places);
  yidi_place_picker_set_places (self->destination_picker, places);
}

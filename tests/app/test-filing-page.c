/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "yidi-application.h"
#include "yidi-case-switcher.h"
#include "yidi-casebook.h"
#include "yidi-date-row.h"
#include "yidi-filing-page.h"
#include "yidi-language.h"
#include "yidi-place-picker.h"
#include "yidi-test-places.h"
#include "yidi-test-ui.h"
#include "yidi-window.h"

/* The Filing tab driven through its widgets, as a person would: answer
 * the questions, tick papers, type a name; then what is saved, printed
 * and shown in the header bar. Each test has its own casebook file and
 * its own application (a fresh start of Yidi). */

typedef struct {
  char            *path;      /* the casebook */
  YidiApplication *app;
  YidiWindow      *window;
  YidiFilingPage  *page;
  YidiCaseList    *list;
  YidiCase        *current;
  YidiFilingRules *rules;
} Fixture;

/* ---- Helpers -------------------------------------------------------------- */

static GtkWidget *
page_child (Fixture    *f,
            const char *name)
{
  return yidi_test_template_child (GTK_WIDGET (f->page), YIDI_TYPE_FILING_PAGE, name);
}

static GtkWidget *
window_child (Fixture    *f,
              const char *name)
{
  return yidi_test_template_child (GTK_WIDGET (f->window), YIDI_TYPE_WINDOW, name);
}

/* The page has shown the case once. */
static gboolean
page_shown (gpointer user_data)
{
  Fixture *f = user_data;

  return *gtk_label_get_label (GTK_LABEL (page_child (f, "category_label"))) != '\0';
}

/* Starts Yidi on the casebook @path: a new application, as after a restart. */
static void
start (Fixture    *f,
       const char *path)
{
  f->app = yidi_test_application_new ("Test", path, NULL, NULL);
  g_assert_null (yidi_application_get_cases_error (f->app));
  g_assert_true (yidi_test_wait_until (yidi_test_directory_ready, f->app, 10000));
  g_assert_null (yidi_application_get_directory_error (f->app));
  g_assert_nonnull (yidi_application_get_places (f->app));

  f->list = yidi_application_get_case_list (f->app);
  f->current = yidi_application_get_case (f->app);
  f->rules = yidi_application_get_filing_rules (f->app, NULL);
  g_assert_nonnull (f->rules);

  f->window = yidi_test_open_window (f->app, 900, 1000);
  yidi_window_set_visible_page (f->window, "filing");
  f->page = YIDI_FILING_PAGE (window_child (f, "filing_page"));
  g_assert_true (yidi_test_wait_until (page_shown, f, 5000));
  yidi_test_wait_for_frame (GTK_WIDGET (f->window));
}

static void
flush_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_assert_true (yidi_case_list_flush_finish (YIDI_CASE_LIST (object), result, NULL));
  *(gboolean *) user_data = TRUE;
}

/* Waits until every change is written. */
static void
flush (Fixture *f)
{
  gboolean done = FALSE;

  yidi_case_list_flush_async (f->list, NULL, flush_done, &done);
  g_assert_true (yidi_test_wait_until (yidi_test_is_true, &done, 10000));
  g_assert_false (yidi_case_list_get_unsaved (f->list));
}

static void
stop (Fixture *f)
{
  flush (f);
  yidi_test_close_window (f->window);
  /* The registered application keeps a reference until shutdown. */
  g_object_unref (f->app);
  memset (&f->app, 0, sizeof *f - G_STRUCT_OFFSET (Fixture, app));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("cases-%u.sqlite", ++n);

  f->path = g_build_filename (yidi_test_ui_get_data_dir (), name, NULL);
  start (f, f->path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->app != NULL)
    stop (f);
  g_free (f->path);
}

static const YidiFilingStep *
find_step (YidiFilingFlow *flow,
           const char     *question_id)
{
  for (guint i = 0; i < flow->steps->len; i++)
    {
      const YidiFilingStep *step = flow->steps->pdata[i];

      if (g_str_equal (step->question_id, question_id))
        return step;
    }
  return NULL;
}

typedef struct {
  Fixture    *f;
  const char *text;
} Lookup;

static gboolean
question_shown (gpointer user_data)
{
  Lookup *lookup = user_data;

  return yidi_test_find_widget (GTK_WIDGET (lookup->f->page), GTK_TYPE_BOX, lookup->text) != NULL;
}

/* Answers as a person does: finds the question by the name a screen
 * reader gives it, then activates the answer's radio button. */
static void
answer (Fixture    *f,
        const char *question_id,
        const char *answer_id)
{
  g_autoptr(YidiFilingFlow) flow = yidi_filing_flow_new (f->rules, yidi_case_get_filing_answers (f->current));
  const YidiFilingStep *step = find_step (flow, question_id);
  const char *label = NULL;
  Lookup lookup = { f, NULL };
  GtkWidget *group;
  GtkWidget *button;

  g_assert_nonnull (step);
  for (guint i = 0; i < step->answers->len; i++)
    {
      const YidiFilingAnswer *a = step->answers->pdata[i];
      if (g_str_equal (a->id, answer_id))
        label = a->label;
    }
  g_assert_nonnull (label);

  lookup.text = step->text;
  g_assert_true (yidi_test_wait_until (question_shown, &lookup, 5000));
  group = yidi_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_BOX, step->text);
  button = yidi_test_find_widget (group, GTK_TYPE_CHECK_BUTTON, label);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));

  g_signal_emit_by_name (button, "activate");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (button)));
  g_assert_cmpstr (yidi_case_get_filing_answer (f->current, question_id), ==, answer_id);
}

static gboolean
label_is (gpointer user_data)
{
  Lookup *lookup = user_data;
  GtkWidget *label = page_child (lookup->f, "category_label");

  return g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), lookup->text) == 0;
}

static void
wait_for_category (Fixture            *f,
                   YidiFilingCategory  category)
{
  Lookup lookup = { f, yidi_filing_category_get_label (category) };

  g_assert_true (yidi_test_wait_until (label_is, &lookup, 5000));
  g_assert_cmpint (yidi_case_get_filing_category (f->current), ==, category);
}

static YidiFilingAdvice *
advise (Fixture *f)
{
  g_autoptr(YidiCaseRecord) record = yidi_case_to_record (f->current);
  g_autoptr(GError) error = NULL;
  YidiFilingAdvice *advice;
  GDate today;

  yidi_case_list_get_today (f->list, &today);
  advice = yidi_filing_advise (f->rules, record, &today, &error);
  g_assert_no_error (error);
  return advice;
}

/* The tick boxes of the checklist, in order. */
static GPtrArray *
checklist_buttons (Fixture *f)
{
  GtkWidget *group = page_child (f, "checklist_group");
  g_autoptr(YidiFilingAdvice) advice = advise (f);
  GPtrArray *buttons = g_ptr_array_new ();

  for (guint i = 0; i < advice->checklist->len; i++)
    {
      const YidiFilingChecklistItem *item = advice->checklist->pdata[i];
      /* The row named by the paper, and its tick box. */
      GtkWidget *row = yidi_test_find_widget (group, ADW_TYPE_ACTION_ROW, item->label);
      GtkWidget *check;

      g_assert_nonnull (row);
      check = yidi_test_find_widget (row, GTK_TYPE_CHECK_BUTTON, NULL);
      g_assert_nonnull (check);
      g_ptr_array_add (buttons, check);
    }
  return buttons;
}

static gboolean
saved (gpointer user_data)
{
  Fixture *f = user_data;

  return yidi_case_get_id (f->current) != 0 && !yidi_case_list_get_unsaved (f->list);
}

static void
type_name (Fixture    *f,
           const char *name)
{
  GtkWidget *row = page_child (f, "label_row");

  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   yidi_test_ui_is_chinese () ? "姓名或称呼" : "Name or label");
  gtk_editable_set_text (GTK_EDITABLE (row), name);
  g_assert_cmpstr (yidi_case_get_label (f->current), ==, name);
}

static void
answer_retiree (Fixture *f)
{
  answer (f, "emergency", "no");
  answer (f, "retired", "yes");
  answer (f, "resettled", "yes");
  wait_for_category (f, YIDI_FILING_RESETTLED_RETIREE);
}

/* The page's content inside its scrolled window (inside the viewport). */
static GtkWidget *
page_content (Fixture *f)
{
  GtkWidget *viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (page_child (f, "scrolled_window")));

  g_assert_true (GTK_IS_VIEWPORT (viewport));
  return gtk_viewport_get_child (GTK_VIEWPORT (viewport));
}

static gboolean
result_in_view (gpointer user_data)
{
  Fixture *f = user_data;
  GtkWidget *scrolled = page_child (f, "scrolled_window");
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  double x, y;

  if (!gtk_widget_translate_coordinates (page_child (f, "category_box"), page_content (f), 0, 0, &x, &y))
    return FALSE;
  return y >= gtk_adjustment_get_value (adjustment) &&
         y + 60 <= gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment);
}

/* Scrolls the page so the template child @name is near the top. */
static void
scroll_to (Fixture    *f,
           const char *name)
{
  GtkWidget *scrolled = page_child (f, "scrolled_window");
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  double x, y;

  /* After the page has brought a new result into view (two frames). */
  yidi_test_wait_for_frame (GTK_WIDGET (f->window));
  yidi_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_true (gtk_widget_translate_coordinates (page_child (f, name), page_content (f), 0, 0, &x, &y));
  gtk_adjustment_set_value (adjustment, y - 80);
  yidi_test_wait_for_frame (GTK_WIDGET (f->window));
}

/* ---- Tests ---------------------------------------------------------------- */

static void
test_resettled_retiree (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(YidiFilingAdvice) advice = NULL;
  g_autoptr(GPtrArray) ticks = NULL;
  GtkWidget *reason = page_child (f, "reason_label");

  /* Before any answer: no category, only the first question. */
  {
    Lookup undecided = { f, yidi_test_ui_is_chinese () ? "尚未确定" : "Not decided yet" };
    g_assert_true (yidi_test_wait_until (label_is, &undecided, 5000));
  }
  g_assert_false (gtk_widget_get_visible (page_child (f, "checklist_group")));
  g_assert_false (gtk_widget_is_visible (page_child (f, "print_group")));

  yidi_test_wait_for_frame (GTK_WIDGET (f->window));
  g_free (yidi_test_save_screenshot (GTK_WIDGET (f->window), "filing-start"));

  type_name (f, "王秀英");
  answer_retiree (f);

  /* The last answer brings the result into view. */
  g_assert_true (yidi_test_wait_until (result_in_view, f, 5000));

  /* The category with its reason, from the rules in the person's language. */
  advice = advise (f);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (reason)), ==, advice->reason);
  if (yidi_test_ui_is_chinese ())
    {
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child (f, "category_label"))), ==, "异地安置退休人员");
      g_assert_nonnull (strstr (advice->reason, "异地安置退休人员"));
    }

  /* The papers: ID, card, and proof of residence (or a promise letter). */
  g_assert_true (gtk_widget_get_visible (page_child (f, "checklist_group")));
  ticks = checklist_buttons (f);
  g_assert_cmpuint (ticks->len, ==, 3);
  g_assert_cmpstr (((YidiFilingChecklistItem *) advice->checklist->pdata[2])->alternative, ==, "promise_letter");

  /* A tick is kept with the case, and saved. */
  g_signal_emit_by_name (ticks->pdata[0], "activate");
  g_assert_true (yidi_case_get_checked (f->current, "filing/id_card"));
  g_assert_false (yidi_case_get_checked (f->current, "filing/insurance_card"));
  g_assert_true (yidi_test_wait_until (saved, f, 5000));

  /* Long-term: valid until changed; where to file is shown. */
  g_assert_true (gtk_widget_get_visible (page_child (f, "dates_group")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (page_child (f, "validity_row"))), ==,
                   advice->validity_text);
  g_assert_true (gtk_widget_get_visible (page_child (f, "where_box")));
  g_assert_true (gtk_widget_is_visible (page_child (f, "print_group")));

  yidi_test_wait_for_frame (GTK_WIDGET (f->window));
  g_free (yidi_test_save_screenshot (GTK_WIDGET (f->window), "filing-retiree"));
  {
    GtkWidget *scrolled = page_child (f, "scrolled_window");
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    yidi_test_wait_for_frame (GTK_WIDGET (f->window));
    g_free (yidi_test_save_screenshot (GTK_WIDGET (f->window), "filing-retiree-end"));
  }
}

static void
test_emergency_patient (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(YidiFilingAdvice) advice = NULL;
  g_autoptr(GPtrArray) ticks = NULL;
  g_autofree char *today_iso = NULL;
  GDate today;

  type_name (f, "Li Ming");
  answer (f, "emergency", "yes");
  wait_for_category (f, YIDI_FILING_EMERGENCY);

  /* Treated as filed: only the card to show, no status or filing date. */
  ticks = checklist_buttons (f);
  g_assert_cmpuint (ticks->len, ==, 1);
  advice = advise (f);
  g_assert_cmpstr (((YidiFilingChecklistItem *) advice->checklist->pdata[0])->document, ==, "insurance_card");
  g_assert_false (gtk_widget_get_visible (page_child (f, "status_row")));
  g_assert_false (gtk_widget_get_visible (page_child (f, "filing_date_row")));
  g_assert_true (gtk_widget_get_visible (page_child (f, "where_box")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child (f, "where_title"))), ==,
                   yidi_test_ui_is_chinese () ? "急诊抢救" : "Emergencies");

  /* Admitted today: the hospital stage, and the steps say so. */
  yidi_case_list_get_today (f->list, &today);
  today_iso = yidi_date_format (&today);
  yidi_date_row_set_date (YIDI_DATE_ROW (page_child (f, "admission_date_row")), today_iso);
  g_assert_cmpstr (yidi_case_get_admission_date (f->current), ==, today_iso);
  g_clear_pointer (&advice, yidi_filing_advice_free);
  advice = advise (f);
  g_assert_cmpint (advice->stage, ==, YIDI_TREATMENT_IN_HOSPITAL);

  /* What to do when already in hospital is always there. */
  {
    const char *admitted = gtk_label_get_text (GTK_LABEL (page_child (f, "admitted_label")));
    g_assert_nonnull (strstr (admitted, yidi_test_ui_is_chinese () ? "出院结算之前" : "before the discharge bill"));
  }

  g_assert_true (yidi_test_wait_until (saved, f, 5000));
  yidi_test_wait_for_frame (GTK_WIDGET (f->window));
  g_free (yidi_test_save_screenshot (GTK_WIDGET (f->window), "filing-emergency"));
}

static gboolean
question_count_is (gpointer user_data)
{
  Lookup *lookup = user_data;
  GtkWidget *box = page_child (lookup->f, "questions_box");
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n == GPOINTER_TO_UINT (lookup->text);
}

static void
test_changing_an_answer (Fixture       *f,
                         gconstpointer  data)
{
  Lookup three = { f, GUINT_TO_POINTER (3) };
  Lookup one = { f, GUINT_TO_POINTER (1) };

  answer_retiree (f);
  g_assert_true (question_count_is (&three));

  /* Not retired after all: what followed is replaced by the next
   * question for people in work, and the category is undecided. */
  answer (f, "retired", "no");
  g_assert_cmpint (yidi_case_get_filing_category (f->current), ==, YIDI_FILING_NONE);
  {
    g_autoptr(YidiFilingFlow) flow = yidi_filing_flow_new (f->rules, yidi_case_get_filing_answers (f->current));
    Lookup posted = { f, ((YidiFilingStep *) flow->steps->pdata[2])->text };
    Lookup resettled = { f, ((YidiFilingStep *) flow->steps->pdata[2])->text };

    g_assert_cmpstr (((YidiFilingStep *) flow->steps->pdata[2])->question_id, ==, "posted");
    g_assert_true (yidi_test_wait_until (question_shown, &posted, 5000));
    g_clear_pointer (&flow, yidi_filing_flow_free);
    yidi_case_set_filing_answer (f->current, "retired", "yes");
    flow = yidi_filing_flow_new (f->rules, yidi_case_get_filing_answers (f->current));
    resettled.text = ((YidiFilingStep *) flow->steps->pdata[2])->text;
    yidi_case_set_filing_answer (f->current, "retired", "no");
    g_assert_true (yidi_test_wait_until (question_count_is, &three, 5000));
    g_assert_false (question_shown (&resettled));
  }
  g_assert_false (gtk_widget_is_visible (page_child (f, "checklist_group")));
  g_assert_false (gtk_widget_is_visible (page_child (f, "print_group")));

  answer (f, "posted", "yes");
  wait_for_category (f, YIDI_FILING_RESIDENT_STAFF);

  /* Start over clears the answers, not the ticks or the name. */
  yidi_case_set_checked (f->current, "filing/id_card", TRUE);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "filing.start-over", NULL);
  g_assert_cmpuint (g_hash_table_size (yidi_case_get_filing_answers (f->current)), ==, 0);
  g_assert_cmpint (yidi_case_get_filing_category (f->current), ==, YIDI_FILING_NONE);
  g_assert_true (yidi_case_get_checked (f->current, "filing/id_card"));
  g_assert_true (yidi_test_wait_until (question_count_is, &one, 5000));
}

static void
test_checklist_pdf (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* Kept beside the screenshots, to be looked at. */
  const char *dir = g_getenv ("YIDI_SCREENSHOT_DIR") != NULL ? g_getenv ("YIDI_SCREENSHOT_DIR") : yidi_test_ui_get_data_dir ();
  g_autofree char *name = g_strdup_printf ("checklist-zh_CN-from-%s.pdf", yidi_test_ui_language ());
  g_autofree char *english_name = g_strdup_printf ("checklist-en-from-%s.pdf", yidi_test_ui_language ());
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *english_path = g_build_filename (dir, english_name, NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(YidiReport) english = NULL;
  g_autofree char *text = NULL;
  g_autofree char *language_before = g_strdup (g_getenv ("LANGUAGE"));
  const char *translated_before = _("Filing category");

  if (g_find_program_in_path ("pdftotext") == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }

  /* Printing needs a category. */
  g_assert_false (gtk_widget_is_visible (page_child (f, "print_group")));
  g_mkdir_with_parents (dir, 0755);
  file = g_file_new_for_path (path);

  type_name (f, "王秀英");
  answer_retiree (f);
  yidi_case_set_checked (f->current, "filing/id_card", TRUE);

  /* In Chinese by default, whatever the window's language. */
  g_assert_true (yidi_filing_page_save_pdf (f->page, file, &error));
  g_assert_no_error (error);
  text = yidi_test_pdf_to_text (path);
  {
    g_autoptr(YidiReport) report = yidi_filing_page_build_report (f->page, NULL, NULL);
    g_assert_cmpuint (yidi_report_get_n_pages (report), ==, 1);
  }
  g_assert_true (yidi_test_text_has (text, "异地就医备案材料清单"));
  g_assert_true (yidi_test_text_has (text, "王秀英"));
  g_assert_true (yidi_test_text_has (text, "异地安置退休人员"));
  g_assert_true (yidi_test_text_has (text, "居民身份证或其他有效身份证件"));
  g_assert_true (yidi_test_text_has (text, "社会保障卡或医保电子凭证"));
  g_assert_true (yidi_test_text_has (text, "本人签署的个人承诺书"));
  g_assert_true (yidi_test_text_has (text, "已经住院了？"));
  g_assert_true (yidi_test_text_has (text, "请在出院结算之前补办备案"));
  g_assert_true (yidi_test_text_has (text, "第 1 页，共 1 页"));
  g_assert_false (yidi_test_text_has (text, "Resident ID card"));

  /* The window's language is as it was. */
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, language_before);
  g_assert_cmpstr (_("Filing category"), ==, translated_before);

  /* In English when asked, on one page. */
  english = yidi_filing_page_build_report (f->page, "en", &error);
  g_assert_no_error (error);
  g_assert_true (yidi_report_write_pdf (english, english_path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (yidi_report_get_n_pages (english), ==, 1);
  g_free (text);
  text = yidi_test_pdf_to_text (english_path);
  g_assert_true (yidi_test_text_has (text, "Cross-region filing checklist"));
  g_assert_true (yidi_test_text_has (text, "Retiree resettled in another place"));
  g_assert_true (yidi_test_text_has (text, "Resident ID card or other valid ID"));
  g_assert_true (yidi_test_text_has (text, "Page 1 of 1"));
  g_assert_cmpstr (_("Filing category"), ==, translated_before);
}

static gboolean
switched_to (gpointer user_data)
{
  Lookup *lookup = user_data;

  return g_strcmp0 (yidi_case_get_label (lookup->f->current), lookup->text) == 0;
}

static void
test_saved_case_comes_back (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = g_strdup (f->path);
  GtkWidget *label_row;
  gint64 id;

  /* An empty new case is not saved. */
  flush (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);

  type_name (f, "张建国");
  answer_retiree (f);
  g_signal_emit_by_name (g_ptr_array_index (checklist_buttons (f), 1), "activate");
  g_assert_true (yidi_test_wait_until (saved, f, 5000));
  id = yidi_case_get_id (f->current);
  stop (f);

  /* Yidi again: the case is back in every widget. */
  start (f, path);
  g_assert_cmpint (yidi_case_get_id (f->current), ==, id);
  g_assert_cmpstr (yidi_case_get_label (f->current), ==, "张建国");
  label_row = page_child (f, "label_row");
  {
    Lookup lookup = { f, yidi_filing_category_get_label (YIDI_FILING_RESETTLED_RETIREE) };
    g_assert_true (yidi_test_wait_until (label_is, &lookup, 5000));
  }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (label_row)), ==, "张建国");
  {
    g_autoptr(GPtrArray) ticks = checklist_buttons (f);
    g_assert_false (gtk_check_button_get_active (ticks->pdata[0]));
    g_assert_true (gtk_check_button_get_active (ticks->pdata[1]));
  }
  g_assert_cmpstr (gtk_label_get_label (yidi_test_template_child (window_child (f, "case_switcher"),
                                                                YIDI_TYPE_CASE_SWITCHER, "case_label")),
                   ==, "张建国");
  g_free (f->path);
  f->path = g_steal_pointer (&path);
}

static gboolean
n_cases_is (gpointer user_data)
{
  Lookup *lookup = user_data;

  return g_list_model_get_n_items (G_LIST_MODEL (lookup->f->list)) == GPOINTER_TO_UINT (lookup->text);
}

static void
test_case_switcher (Fixture       *f,
                    gconstpointer  data)
{
  YidiCaseSwitcher *switcher = YIDI_CASE_SWITCHER (window_child (f, "case_switcher"));
  GtkWidget *list_box = yidi_test_template_child (GTK_WIDGET (switcher), YIDI_TYPE_CASE_SWITCHER, "list_box");
  GtkWidget *search = yidi_test_template_child (GTK_WIDGET (switcher), YIDI_TYPE_CASE_SWITCHER, "search_entry");
  Lookup two = { f, GUINT_TO_POINTER (2) };
  Lookup three = { f, GUINT_TO_POINTER (3) };
  Lookup one = { f, GUINT_TO_POINTER (1) };
  Lookup first = { f, "Zhang Gui" };
  gint64 zhang;
  GtkWindow *dialog;

  type_name (f, "Zhang Gui");
  answer (f, "emergency", "yes");
  g_assert_true (yidi_test_wait_until (saved, f, 5000));
  zhang = yidi_case_get_id (f->current);

  /* A new case from the header bar; the tabs follow. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-case", NULL);
  g_assert_cmpint (yidi_case_get_id (f->current), ==, 0);
  g_assert_true (yidi_test_wait_until (question_count_is, &(Lookup) { f, GUINT_TO_POINTER (1) }, 5000));
  type_name (f, "Wang Fang");
  g_assert_true (yidi_test_wait_until (saved, f, 5000));
  g_assert_true (yidi_test_wait_until (n_cases_is, &two, 5000));

  /* The switcher lists both, newest first, the current one marked. */
  {
    GtkWidget *popover = yidi_test_template_child (GTK_WIDGET (switcher), YIDI_TYPE_CASE_SWITCHER, "popover");

    /* UI tests share one X server: a popover that grabs the pointer
     * closes at once when another test holds the grab. */
    gtk_popover_set_autohide (GTK_POPOVER (popover), FALSE);
    yidi_case_switcher_popup (switcher);

    g_assert_true (yidi_test_wait_until (yidi_test_is_mapped, popover, 5000));
    yidi_test_wait_for_frame (popover);
    g_assert_nonnull (yidi_test_find_widget (list_box, GTK_TYPE_LIST_BOX_ROW, "Wang Fang"));
    g_assert_nonnull (yidi_test_find_widget (list_box, GTK_TYPE_LIST_BOX_ROW, "Zhang Gui"));
    g_free (yidi_test_save_screenshot (popover, "case-switcher"));
  }

  /* Search, then pick the one found. */
  gtk_editable_set_text (GTK_EDITABLE (search), "Zhang");
  g_assert_true (yidi_test_wait_until (n_cases_is, &one, 5000));
  g_signal_emit_by_name (list_box, "row-activated", gtk_list_box_get_row_at_index (GTK_LIST_BOX (list_box), 0));
  g_assert_true (yidi_test_wait_until (switched_to, &first, 5000));
  g_assert_cmpint (yidi_case_get_id (f->current), ==, zhang);
  wait_for_category (f, YIDI_FILING_EMERGENCY);
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_assert_true (yidi_test_wait_until (n_cases_is, &two, 5000));

  /* Rename through the dialog. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.rename-case", "x", zhang);
  dialog = yidi_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 5000);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog))), "Zhang Guilan");
  yidi_test_respond (dialog, _("_Rename"));
  {
    Lookup renamed = { f, "Zhang Guilan" };
    g_assert_true (yidi_test_wait_until (switched_to, &renamed, 5000));
  }

  /* Duplicate, then delete the copy after saying yes. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.duplicate-case", "x", zhang);
  g_assert_true (yidi_test_wait_until (n_cases_is, &three, 5000));
  {
    g_autoptr(YidiCaseSummary) copy = g_list_model_get_item (G_LIST_MODEL (f->list), 0);

    g_assert_cmpint (yidi_case_summary_get_id (copy), !=, zhang);
    gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-case", "x", yidi_case_summary_get_id (copy));
  }
  dialog = yidi_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 5000);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), "Zhang Guilan"));
  yidi_test_respond (dialog, _("_Delete"));
  g_assert_true (yidi_test_wait_until (n_cases_is, &two, 5000));
  g_assert_cmpint (yidi_case_get_id (f->current), ==, zhang);
}

/* The export is written (the window tells by a toast, tests by reading). */
static gboolean
file_written (gpointer path)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) &&
         strstr (contents, "\"format\"") != NULL && g_str_has_suffix (g_strchomp (contents), "}");
}

static void
test_export_and_import (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (yidi_test_ui_get_data_dir (), "moving.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  Lookup two = { f, GUINT_TO_POINTER (2) };
  gint64 id;
  struct stat st;

  type_name (f, "Moving in with the children");
  answer_retiree (f);
  yidi_case_set_checked (f->current, "filing/residence_proof", TRUE);
  g_assert_true (yidi_test_wait_until (saved, f, 5000));
  id = yidi_case_get_id (f->current);

  yidi_window_export_case (f->window, id, file);
  g_assert_true (yidi_test_wait_until (file_written, path, 5000));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Moving in with the children"));
  g_assert_nonnull (strstr (contents, "filing/residence_proof"));

  /* On the other computer: the same person, now the current case. */
  yidi_window_import_case (f->window, file);
  g_assert_true (yidi_test_wait_until (n_cases_is, &two, 5000));
  {
    Lookup lookup = { f, "Moving in with the children" };
    g_assert_true (yidi_test_wait_until (switched_to, &lookup, 5000));
  }
  flush (f);
  g_assert_cmpint (yidi_case_get_id (f->current), !=, id);
  g_assert_true (yidi_case_get_checked (f->current, "filing/residence_proof"));
  g_unlink (path);
}

static gboolean
banner_revealed (gpointer user_data)
{
  Fixture *f = user_data;

  return gtk_revealer_get_reveal_child (GTK_REVEALER (window_child (f, "banner")));
}

typedef struct {
  const char       *path;
  gint64            id;
  YidiFilingWarning level;
  GPtrArray        *sent;       /* "id:level:text" of each reminder */
  guint             n_expected;
} WarnedCheck;

/* Records the notification instead of sending it (no daemon here). */
static void
on_reminder (YidiApplication *app,
             gint64           case_id,
             int              warning,
             const char      *text,
             WarnedCheck     *check)
{
  g_ptr_array_add (check->sent, g_strdup_printf ("%" G_GINT64_FORMAT ":%d:%s", case_id, warning, text));
  g_signal_stop_emission_by_name (app, "reminder");
}


/* The casebook marks a level given before the reminder reaches the
 * main loop: wait for both. */
static gboolean
sent_reminders (gpointer user_data)
{
  WarnedCheck *check = user_data;

  return check->sent->len >= check->n_expected;
}

static gboolean
warned_at (gpointer user_data)
{
  WarnedCheck *check = user_data;
  g_autoptr(YidiCasebook) book = yidi_casebook_open (check->path, NULL, NULL);

  return book != NULL && yidi_casebook_get_warned (book, check->id) == check->level;
}

static void
test_expiry_warning (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *filed_iso = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(YidiCaseRecord) record = NULL;
  YidiFilingValidity validity;
  YidiFilingReminder reminder = { 0 };
  WarnedCheck check = { f->path, 0, YIDI_FILING_WARNING_7_DAYS, g_ptr_array_new_with_free_func (g_free) };
  GtkWidget *days_left = page_child (f, "days_left_label");
  GDate today, filed;

  g_signal_connect (f->app, "reminder", G_CALLBACK (on_reminder), &check);

  /* A referral filed six months less five days ago. */
  yidi_case_list_get_today (f->list, &today);
  filed = today;
  g_date_subtract_months (&filed, 6);
  g_date_add_days (&filed, 5);
  filed_iso = yidi_date_format (&filed);

  type_name (f, "Chen Jing");
  answer (f, "emergency", "no");
  answer (f, "retired", "no");
  answer (f, "posted", "no");
  answer (f, "long_stay", "short");
  answer (f, "referred", "yes");
  wait_for_category (f, YIDI_FILING_REFERRAL);
  adw_combo_row_set_selected (ADW_COMBO_ROW (page_child (f, "status_row")), YIDI_FILING_STATUS_APPROVED);
  g_assert_cmpint (yidi_case_get_filing_status (f->current), ==, YIDI_FILING_STATUS_APPROVED);
  yidi_date_row_set_date (YIDI_DATE_ROW (page_child (f, "filing_date_row")), filed_iso);
  g_assert_cmpstr (yidi_case_get_filing_date (f->current), ==, filed_iso);

  record = yidi_case_to_record (f->current);
  g_assert_true (yidi_filing_rules_get_validity (f->rules, record, &today, &validity, NULL));
  g_assert_cmpint (validity.warning, ==, YIDI_FILING_WARNING_7_DAYS);

  /* Once saved: the banner, the days left on the page, and the
   * notification given once (the casebook remembers the level). */
  g_assert_true (yidi_test_wait_until (saved, f, 5000));
  g_assert_true (yidi_test_wait_until (banner_revealed, f, 5000));
  reminder.case_id = yidi_case_get_id (f->current);
  reminder.label = (char *) "Chen Jing";
  reminder.expires = validity.expires;
  reminder.days_left = validity.days_left;
  reminder.warning = validity.warning;
  expected = yidi_filing_reminder_describe (&reminder);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (window_child (f, "banner_label"))), ==, expected);
  g_assert_true (gtk_widget_has_css_class (days_left, "warning"));
  {
    g_autofree char *days = g_strdup_printf (yidi_test_ui_is_chinese () ? "还剩 %d 天" : "%d days left", validity.days_left);
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (days_left)), ==, days);
  }
  check.id = yidi_case_get_id (f->current);
  g_assert_true (yidi_test_wait_until (warned_at, &check, 5000));
  check.n_expected = 1;
  g_assert_true (yidi_test_wait_until (sent_reminders, &check, 5000));
  g_assert_cmpuint (check.sent->len, ==, 1);
  {
    g_autofree char *want = g_strdup_printf ("%" G_GINT64_FORMAT ":%d:%s", check.id, YIDI_FILING_WARNING_7_DAYS, expected);
    g_assert_cmpstr (check.sent->pdata[0], ==, want);
  }

  scroll_to (f, "dates_group");
  g_free (yidi_test_save_screenshot (GTK_WIDGET (f->window), "filing-expiry-banner"));

  /* Dismissed, it stays away until the filing reaches the next level. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.dismiss-banner", NULL);
  g_assert_false (banner_revealed (f));
  filed = today;
  g_date_subtract_months (&filed, 6);
  g_date_subtract_days (&filed, 1);
  g_free (filed_iso);
  filed_iso = yidi_date_format (&filed);
  yidi_date_row_set_date (YIDI_DATE_ROW (page_child (f, "filing_date_row")), filed_iso);
  g_assert_true (yidi_test_wait_until (saved, f, 5000));
  g_assert_true (yidi_test_wait_until (banner_revealed, f, 5000));
  g_assert_true (gtk_widget_has_css_class (window_child (f, "banner_box"), "error"));
  check.level = YIDI_FILING_WARNING_EXPIRED;
  g_assert_true (yidi_test_wait_until (warned_at, &check, 5000));
  check.n_expected = 2;
  g_assert_true (yidi_test_wait_until (sent_reminders, &check, 5000));

  /* Once per level: more changes to the case send nothing new. */
  yidi_case_set_notes (f->current, "Renew next week");
  g_assert_true (yidi_test_wait_until (saved, f, 5000));
  flush (f);
  g_assert_cmpuint (check.sent->len, ==, 2);
  g_assert_true (g_str_has_suffix (check.sent->pdata[1],
                                   yidi_test_ui_is_chinese () ? "下次就医前请重新备案。" : "File again before the next treatment."));

  /* From another case: the banner offers to open this one, and so does
   * the notification. */
  {
    Lookup chen = { f, "Chen Jing" };

    gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-case", NULL);
    type_name (f, "Someone else");
    g_assert_true (yidi_test_wait_until (saved, f, 5000));
    g_assert_true (gtk_widget_get_visible (window_child (f, "banner_button")));
    gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-banner-case", NULL);
    g_assert_true (yidi_test_wait_until (switched_to, &chen, 5000));
    g_assert_false (gtk_widget_get_visible (window_child (f, "banner_button")));

    gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-case", NULL);
    g_assert_null (yidi_case_get_label (f->current));
    g_action_group_activate_action (G_ACTION_GROUP (f->app), "open-case", g_variant_new_int64 (check.id));
    g_assert_true (yidi_test_wait_until (switched_to, &chen, 5000));
    g_assert_cmpstr (yidi_window_get_visible_page (f->window), ==, "filing");
  }

  g_signal_handlers_disconnect_by_data (f->app, &check);
  g_ptr_array_unref (check.sent);
}

static void
test_damaged_casebook (void)
{
  g_autofree char *path = g_build_filename (yidi_test_ui_get_data_dir (), "damaged.sqlite", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  const char *moved;
  Fixture f = { 0 };
  GtkWindow *dialog;

  g_assert_true (g_file_set_contents (path, "This is not a database, and never was one. Garbage garbage.", -1, NULL));

  /* Yidi starts, says so plainly, with the path of the file kept aside. */
  start (&f, path);
  moved = yidi_case_list_get_moved_aside (f.list);
  g_assert_nonnull (moved);
  g_assert_true (g_file_test (moved, G_FILE_TEST_IS_REGULAR));
  dialog = yidi_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 5000);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), moved));
  yidi_test_wait_for_frame (GTK_WIDGET (dialog));
  g_free (yidi_test_save_screenshot (GTK_WIDGET (dialog), "damaged-casebook"));
  yidi_test_respond (dialog, _("_Close"));

  /* A second window is not told again; new cases are saved. */
  {
    YidiWindow *second = yidi_window_new (f.app);
    g_assert_null (yidi_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
    gtk_window_destroy (GTK_WINDOW (second));
  }
  type_name (&f, "Fresh start");
  g_assert_true (yidi_test_wait_until (saved, &f, 5000));
  stop (&f);

  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *child = g_build_filename (dir, name, NULL);
        if (g_str_has_prefix (name, "damaged.sqlite"))
          g_unlink (child);
      }
  }
}

/* See test_case_switcher: no pointer grab between parallel UI tests. */
static void
no_grab (YidiPlacePicker *picker)
{
  gtk_popover_set_autohide (GTK_POPOVER (yidi_test_template_child (GTK_WIDGET (picker), YIDI_TYPE_PLACE_PICKER, "popover")), FALSE);
}

static void
test_place_picker (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(YidiPlaces) places = yidi_test_places_new ();
  YidiPlacePicker *picker = YIDI_PLACE_PICKER (page_child (f, "insured_picker"));
  GtkWidget *list_box = yidi_test_template_child (GTK_WIDGET (picker), YIDI_TYPE_PLACE_PICKER, "list_box");
  GtkWidget *search = yidi_test_template_child (GTK_WIDGET (picker), YIDI_TYPE_PLACE_PICKER, "search_entry");
  GtkWidget *button_label = yidi_test_template_child (GTK_WIDGET (picker), YIDI_TYPE_PLACE_PICKER, "button_label");
  GtkWidget *row;

  /* The directory's divisions came after the window; places set later
   * still reach the pickers. */
  g_assert_true (yidi_place_picker_get_places (picker) == yidi_application_get_places (f->app));
  g_assert_true (gtk_widget_get_sensitive (yidi_test_template_child (GTK_WIDGET (picker), YIDI_TYPE_PLACE_PICKER, "button")));
  yidi_application_set_places (f->app, places);
  g_assert_true (yidi_place_picker_get_places (picker) == places);
  no_grab (picker);
  no_grab (YIDI_PLACE_PICKER (page_child (f, "destination_picker")));

  /* Browse: province, city, then the county. */
  gtk_widget_activate (GTK_WIDGET (picker));
  yidi_test_wait_for_frame (GTK_WIDGET (f->window));
  row = yidi_test_find_widget (list_box, GTK_TYPE_LIST_BOX_ROW, "广东省");
  g_assert_nonnull (row);
  g_signal_emit_by_name (list_box, "row-activated", row);
  row = yidi_test_find_widget (list_box, GTK_TYPE_LIST_BOX_ROW, "广州市");
  g_assert_nonnull (row);
  g_signal_emit_by_name (list_box, "row-activated", row);
  row = yidi_test_find_widget (list_box, GTK_TYPE_LIST_BOX_ROW, "天河区");
  g_assert_nonnull (row);
  {
    GtkWidget *popover = yidi_test_template_child (GTK_WIDGET (picker), YIDI_TYPE_PLACE_PICKER, "popover");

    g_assert_true (yidi_test_wait_until (yidi_test_is_mapped, popover, 5000));
    yidi_test_wait_for_frame (popover);
    g_free (yidi_test_save_screenshot (popover, "place-picker"));
  }
  g_signal_emit_by_name (list_box, "row-activated", row);
  g_assert_cmpstr (yidi_case_get_insured_place (f->current), ==, "440106");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (button_label)), ==, "广东省 广州市 天河区");

  /* A city as a whole, by typing its name. */
  picker = YIDI_PLACE_PICKER (page_child (f, "destination_picker"));
  list_box = yidi_test_template_child (GTK_WIDGET (picker), YIDI_TYPE_PLACE_PICKER, "list_box");
  search = yidi_test_template_child (GTK_WIDGET (picker), YIDI_TYPE_PLACE_PICKER, "search_entry");
  gtk_widget_activate (GTK_WIDGET (picker));
  gtk_editable_set_text (GTK_EDITABLE (search), "深圳");
  g_signal_emit_by_name (search, "search-changed");
  row = yidi_test_find_widget (list_box, GTK_TYPE_LIST_BOX_ROW, "广东省 深圳市");
  g_assert_nonnull (row);
  g_signal_emit_by_name (search, "activate");
  g_assert_cmpstr (yidi_case_get_destination (f->current), ==, "440300");

  /* The names go onto the checklist. */
  {
    g_autoptr(YidiReport) report = NULL;
    g_autofree char *pdf = g_build_filename (yidi_test_ui_get_data_dir (), "places.pdf", NULL);
    g_autofree char *text = NULL;

    answer (f, "emergency", "yes");
    wait_for_category (f, YIDI_FILING_EMERGENCY);
    report = yidi_filing_page_build_report (f->page, "zh_CN", NULL);
    g_assert_true (yidi_report_write_pdf (report, pdf, NULL));
    if (g_find_program_in_path ("pdftotext") != NULL)
      {
        text = yidi_test_pdf_to_text (pdf);
        g_assert_true (yidi_test_text_has (text, "广东省 广州市 天河区"));
        g_assert_true (yidi_test_text_has (text, "广东省 深圳市"));
      }
    g_unlink (pdf);
  }
}

static void
test_dates_for_people (void)
{
  GDate date;
  g_autofree char *text = NULL;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 8, G_DATE_APRIL, 2025);
  text = yidi_date_format_for_people (&date);
  g_assert_cmpstr (text, ==, yidi_test_ui_is_chinese () ? "2025年4月8日" : "8 April 2025");

  /* And in the other language, for a checklist. */
  {
    g_autoptr(YidiLanguageScope) scope = yidi_language_scope_begin (yidi_test_ui_is_chinese () ? "en" : "zh_CN");
    g_autofree char *other = yidi_date_format_for_people (&date);

    g_assert_cmpstr (other, ==, yidi_test_ui_is_chinese () ? "8 April 2025" : "2025年4月8日");
  }
  g_free (text);
  text = yidi_date_format_for_people (&date);
  g_assert_cmpstr (text, ==, yidi_test_ui_is_chinese () ? "2025年4月8日" : "8 April 2025");
}

int
main (int    argc,
      char **argv)
{
  if (!yidi_test_ui_init (&argc, &argv))
    return 77;

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/filing/dates-for-people", test_dates_for_people);
  ADD ("/filing/resettled-retiree", test_resettled_retiree);
  ADD ("/filing/emergency-patient", test_emergency_patient);
  ADD ("/filing/changing-an-answer", test_changing_an_answer);
  ADD ("/filing/checklist-pdf", test_checklist_pdf);
  ADD ("/filing/saved-case-comes-back", test_saved_case_comes_back);
  ADD ("/filing/case-switcher", test_case_switcher);
  ADD ("/filing/export-and-import", test_export_and_import);
  ADD ("/filing/expiry-warning", test_expiry_warning);
  ADD ("/filing/place-picker", test_place_picker);
  g_test_add_func ("/filing/damaged-casebook", test_damaged_casebook);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "yidi-application.h"
#include "yidi-cost-bar.h"
#include "yidi-date-row.h"
#include "yidi-estimate-page.h"
#include "yidi-hospitals-page.h"
#include "yidi-money-row.h"
#include "yidi-place-picker.h"
#include "yidi-test-ui.h"
#include "yidi-window.h"

/* The Cost estimate tab driven through its widgets: a Beijing retiree
 * treated in Shanghai, a bill typed in; the amount the tab shows is
 * checked against the rule engine called here on its own. Then Why?,
 * Compare, Cheapest nearby, the PDF and entries that are not amounts. */

static const char institutions_csv[] =
  "name,province_code,city_code,county_code,level,grade,type,address,phone,source,aliases,longitude,latitude,data_year,inpatient\n"
  "上海市第一人民医院,310000,310100,310101,三级,甲等,综合,,,testlist,,,,2024,是\n"
  "上海市徐汇区中心医院,310000,310100,310104,二级,甲等,综合,,,testlist,,,,2024,是\n"
  "上海市浦东新区公利医院,310000,310100,310115,二级,,综合,,,testlist,,,,2024,是\n"
  "上海市浦东新区社区卫生服务中心,310000,310100,310115,社区,,基层/门诊,,,testlist,,,,2024,是\n"
  "上海市黄浦区香山中医医院,310000,310100,310101,一级,,中医,,,testlist,,,,2024,是\n"
  "上海未联网医院,310000,310100,310101,三级,,综合,,,testlist,,,,2024,否\n"
  "北京协和医院,110000,110100,110101,三级,甲等,综合,,,testlist,,,,2024,是\n";

typedef struct {
  char             *casebook;
  YidiApplication  *app;
  YidiWindow       *window;
  YidiEstimatePage *page;
  YidiCase         *current;
  YidiPolicySet    *policies;
} Fixture;

static char *directory_path;

/* ---- Helpers -------------------------------------------------------------- */

static gpointer
child (Fixture    *f,
       const char *name)
{
  return yidi_test_template_child (GTK_WIDGET (f->page), YIDI_TYPE_ESTIMATE_PAGE, name);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static guint n;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("estimate-cases-%u.sqlite", ++n);
  g_autofree char *user = g_strdup_printf ("%s/directory-user-%u.sqlite", yidi_test_ui_get_data_dir (), n);

  f->casebook = g_build_filename (yidi_test_ui_get_data_dir (), name, NULL);
  f->app = yidi_test_application_new ("EstimateTest", f->casebook, directory_path, user);
  g_assert_true (yidi_test_wait_until (yidi_test_directory_ready, f->app, 10000));
  g_assert_null (yidi_application_get_directory_error (f->app));

  f->current = yidi_application_get_case (f->app);
  f->policies = yidi_policy_set_load (NULL, &error);
  g_assert_no_error (error);

  f->window = yidi_test_open_window (f->app, 900, 1100);
  yidi_window_set_visible_page (f->window, "estimate");
  f->page = YIDI_ESTIMATE_PAGE (yidi_test_template_child (GTK_WIDGET (f->window), YIDI_TYPE_WINDOW, "estimate_page"));
  g_assert_true (yidi_test_wait_until (yidi_test_is_mapped, f->page, 5000));
  yidi_test_wait_for_frame (GTK_WIDGET (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    yidi_test_close_window (f->window);
  g_object_unref (f->app);
  yidi_policy_set_unref (f->policies);
  g_free (f->casebook);
}

static void
select_row (Fixture    *f,
            const char *name,
            guint       position)
{
  adw_combo_row_set_selected (child (f, name), position);
}

static void
type_into (GtkEditable *editable,
           const char  *text)
{
  /* As typed: one character at a time, every one a change. */
  gtk_editable_set_text (editable, "");
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      int position = -1;
      gtk_editable_insert_text (editable, p, g_utf8_next_char (p) - p, &position);
      gtk_editable_set_position (editable, -1);
    }
}

static void
type_money (Fixture    *f,
            const char *row,
            const char *text)
{
  type_into (yidi_money_row_get_editable (child (f, row)), text);
}

/* A Beijing retiree, resettled in Shanghai and filed, entered on the tab. */
static void
fill_retiree (Fixture *f)
{
  yidi_place_picker_set_code (child (f, "insured_picker"), "110000");
  select_row (f, "scheme_row", YIDI_SCHEME_EMPLOYEE);
  select_row (f, "member_row", YIDI_MEMBER_RETIRED);
  type_into (GTK_EDITABLE (child (f, "birth_year_row")), "1955");
  select_row (f, "category_row", YIDI_FILING_RESETTLED_RETIREE);
  select_row (f, "status_row", YIDI_FILING_STATUS_APPROVED);
  yidi_place_picker_set_code (child (f, "destination_picker"), "310000");
  yidi_date_row_set_date (child (f, "admission_date_row"), "2025-03-01");
  yidi_date_row_set_date (child (f, "discharge_date_row"), "2025-03-12");
}

static void
retiree_input (YidiEngineInput *in)
{
  yidi_engine_input_init (in);
  memcpy (in->insured.insured_place, "110000", 7);
  in->insured.scheme = YIDI_SCHEME_EMPLOYEE;
  in->insured.member_status = YIDI_MEMBER_RETIRED;
  in->insured.age = 70;
  in->insured.filing_category = YIDI_FILING_RESETTLED_RETIREE;
  in->insured.filed = TRUE;
  in->visit.type = YIDI_VISIT_INPATIENT;
  g_date_set_dmy (&in->visit.admission, 1, 3, 2025);
  g_date_set_dmy (&in->visit.discharge, 12, 3, 2025);
  memcpy (in->visit.treatment_place, "310000", 7);
  in->visit.level = YIDI_LEVEL_3;
}

static char *
engine_out_of_pocket (Fixture               *f,
                      const YidiEngineInput *in)
{
  g_auto(YidiEstimate) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (yidi_engine_estimate (f->policies, in, YIDI_ESTIMATE_DEFAULT, &result, &error));
  g_assert_no_error (error);
  return yidi_money_format (result.out_of_pocket);
}

typedef struct {
  Fixture    *f;
  const char *text;
} Expect;

static gboolean
oop_shows (gpointer user_data)
{
  Expect *e = user_data;

  return g_strcmp0 (gtk_label_get_label (child (e->f, "oop_label")), e->text) == 0;
}

static void
wait_for_amount (Fixture    *f,
                 const char *text)
{
  Expect e = { f, text };

  if (!yidi_test_wait_until (oop_shows, &e, 5000))
    g_error ("the tab shows %s, not %s (%s)", gtk_label_get_label (child (f, "oop_label")), text,
             gtk_label_get_label (child (f, "summary_label")));
}

/* The retiree and a bill of @total yuan entered on the tab; waits for the
 * amount the engine, on its own, gives for them (10 % not covered, the
 * rest class A) and returns it, with the engine's input in @in. */
static char *
enter_retiree_bill (Fixture         *f,
                    guint            total,
                    YidiEngineInput *in)
{
  g_autofree char *typed = g_strdup_printf ("%u", total);
  char *want;

  fill_retiree (f);
  type_money (f, "total_row", typed);
  retiree_input (in);
  in->bill.amount[YIDI_BILL_SELF_PAY] = (YidiFen) total * 10;
  in->bill.amount[YIDI_BILL_CLASS_A] = (YidiFen) total * 90;
  want = engine_out_of_pocket (f, in);
  wait_for_amount (f, want);

  return want;
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (list); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += GTK_IS_LIST_BOX_ROW (c);
  return n;
}

static void
scroll_to (Fixture    *f,
           const char *name)
{
  GtkWidget *target = child (f, name);
  GtkScrolledWindow *scrolled = child (f, "scrolled_window");
  GtkWidget *content = gtk_scrolled_window_get_child (scrolled);
  double x, y;

  yidi_test_wait_for_frame (GTK_WIDGET (f->window));
  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  if (gtk_widget_translate_coordinates (target, content, 0, 0, &x, &y))
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scrolled), y - 12);
  yidi_test_wait_for_frame (GTK_WIDGET (f->window));
}

/* ---- Tests ---------------------------------------------------------------- */

static gboolean
summary_given (gpointer user_data)
{
  return *gtk_label_get_label (child (user_data, "summary_label")) != '\0';
}

/* The window is narrowed to 760 and the summary at the top shows all of itself
 * at that width (or the most it may: 320 pixels, then it scrolls). */
static gboolean
summary_fits (gpointer user_data)
{
  Fixture *f = user_data;
  GtkWidget *scroll = gtk_widget_get_ancestor (child (f, "legend_box"), GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroll));
  int natural;

  /* (The window's width leaves out its frame.) */
  if (gtk_widget_get_width (GTK_WIDGET (f->window)) > 760)
    return FALSE;
  gtk_widget_measure (content, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (scroll), NULL, &natural, NULL, NULL);
  return gtk_widget_get_height (scroll) >= MIN (natural, 320);
}

static void
test_retiree_in_shanghai (Fixture       *f,
                          gconstpointer  data)
{
  YidiEngineInput in;
  g_autofree char *want = NULL;
  g_autofree char *fund = NULL;
  g_auto(YidiEstimate) result = { 0 };

  g_assert_cmpstr (gtk_label_get_label (child (f, "oop_label")), ==, "—");
  /* Why there is no estimate yet, in words. */
  g_assert_true (yidi_test_wait_until (summary_given, f, 5000));
  yidi_test_wait_for_frame (GTK_WIDGET (f->window));
  g_free (yidi_test_save_screenshot (GTK_WIDGET (f->window), "estimate-start"));

  /* The tab fits the narrowest window (360 px), as the other tabs do. */
  {
    int minimum, natural;

    gtk_widget_measure (GTK_WIDGET (f->page), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
    g_assert_cmpint (minimum, <=, 360);
  }

  want = enter_retiree_bill (f, 50000, &in);

  /* The case was written through the tab. */
  g_assert_cmpstr (yidi_case_get_insured_place (f->current), ==, "110000");
  g_assert_cmpint (yidi_case_get_member_status (f->current), ==, YIDI_MEMBER_RETIRED);
  g_assert_cmpint (yidi_case_get_birth_year (f->current), ==, 1955);
  g_assert_cmpstr (yidi_case_get_destination (f->current), ==, "310000");

  /* The bar says the parts in words, the fund's among them. */
  g_assert_true (yidi_engine_estimate (f->policies, &in, YIDI_ESTIMATE_DEFAULT, &result, NULL));
  fund = yidi_money_format (result.fund);
  g_assert_nonnull (strstr (yidi_cost_bar_get_description (child (f, "cost_bar")), fund));
  g_assert_nonnull (strstr (yidi_cost_bar_get_description (child (f, "cost_bar")), _("Basic fund (统筹基金) pays")));
  /* The breakdown: the bill, the parts, and what you pay in all. */
  g_assert_cmpuint (count_rows (child (f, "breakdown_list")), >=, 4);
  g_assert_nonnull (yidi_test_find_widget (child (f, "breakdown_list"), GTK_TYPE_LABEL, want));

  yidi_test_wait_for_frame (GTK_WIDGET (f->window));
  g_free (yidi_test_save_screenshot (GTK_WIDGET (f->window), "estimate-retiree"));

  /* Another key press, another answer. */
  type_money (f, "total_row", "8000");
  in.bill.amount[YIDI_BILL_SELF_PAY] = 80000;
  in.bill.amount[YIDI_BILL_CLASS_A] = 720000;
  g_free (want);
  want = engine_out_of_pocket (f, &in);
  wait_for_amount (f, want);

  /* The detailed bill. */
  gtk_toggle_button_set_active (child (f, "detailed_button"), TRUE);
  type_money (f, "class_a_row", "30000");
  type_money (f, "class_b_row", "12000.50");
  type_money (f, "self_pay_row", "1500");
  type_money (f, "consumables_row", "6000");
  memset (in.bill.amount, 0, sizeof in.bill.amount);
  in.bill.amount[YIDI_BILL_CLASS_A] = 3000000;
  in.bill.amount[YIDI_BILL_CLASS_B] = 1200050;
  in.bill.amount[YIDI_BILL_SELF_PAY] = 150000;
  in.bill.amount[YIDI_BILL_CONSUMABLES] = 600000;
  g_free (want);
  want = engine_out_of_pocket (f, &in);
  wait_for_amount (f, want);
  scroll_to (f, "bill_stack");
  g_free (yidi_test_save_screenshot (GTK_WIDGET (f->window), "estimate-detailed"));

  /* Narrower and shorter: the summary wraps to more lines, and the part
   * that stays in view grows with it instead of cutting off its last. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 760, 560);
  g_assert_true (yidi_test_wait_until (summary_fits, f, 5000));
  g_free (yidi_test_save_screenshot (GTK_WIDGET (f->window), "estimate-short-window"));
}

typedef struct {
  GtkWidget  *label;
  const char *text;
} LabelWait;

static gboolean
label_is (gpointer user_data)
{
  LabelWait *wait = user_data;

  return g_strcmp0 (gtk_label_get_label (GTK_LABEL (wait->label)), wait->text) == 0;
}

static void
test_why_compare_nearby (Fixture       *f,
                         gconstpointer  data)
{
  YidiEstimateModel *model = yidi_estimate_page_get_model (f->page);
  AdwExpanderRow *why = child (f, "why_row");
  YidiEngineInput in;
  g_autoptr(GPtrArray) scenarios = NULL;
  g_autofree char *want = NULL;
  const YidiEstimate *estimate;
  GtkWidget *first_row;
  guint n_notes = 0;

  want = enter_retiree_bill (f, 50000, &in);

  /* Why? lists every step of the trace, with its text. */
  g_assert_false (adw_expander_row_get_expanded (why));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "estimate.show-why", NULL));
  g_assert_true (adw_expander_row_get_expanded (why));
  estimate = yidi_estimate_model_get_estimate (model);
  g_assert_nonnull (estimate);
  for (guint i = 0; i < estimate->trace->len; i++)
    {
      const YidiTraceStep *step = g_ptr_array_index (estimate->trace, i);
      g_autofree char *title = g_strdup_printf ("%u. %s", i + 1, step->text);
      g_autofree char *escaped = g_markup_escape_text (title, -1);
      GtkWidget *row = yidi_test_find_widget (GTK_WIDGET (why), ADW_TYPE_ACTION_ROW, escaped);

      if (row == NULL)
        row = yidi_test_find_widget (GTK_WIDGET (why), ADW_TYPE_ACTION_ROW, title);
      if (row == NULL)
        g_error ("step %u is not shown: %s", i + 1, title);
      /* The policy's note on a figure, in the reader's language. */
      if (step->note != NULL)
        {
          const char *detail = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

          g_assert_true (strstr (detail, step->note) != NULL || yidi_test_text_has (detail, step->note));
          n_notes++;
          if (yidi_test_ui_is_chinese ())
            g_assert_null (strstr (step->note, "The sources"));
        }
    }
  /* Beijing's segments come with a note on how they are counted. */
  g_assert_cmpuint (n_notes, >, 0);
  scroll_to (f, "why_row");
  g_free (yidi_test_save_screenshot (GTK_WIDGET (f->window), "estimate-why"));

  /* Compare: five pairs, each with the engine's figures. */
  gtk_stack_set_visible_child_name (child (f, "result_stack"), "compare");
  g_assert_cmpuint (count_rows (child (f, "compare_list")), ==, 5);
  scenarios = yidi_engine_compare (f->policies, &in, YIDI_SCENARIO_ALL, YIDI_ESTIMATE_DEFAULT);
  for (guint i = 0; i < scenarios->len; i++)
    {
      const YidiScenario *scenario = g_ptr_array_index (scenarios, i);
      g_autofree char *amount = NULL;

      if (scenario->error != NULL)
        continue;
      amount = yidi_money_format (scenario->estimate.out_of_pocket);
      g_assert_nonnull (yidi_test_find_widget (child (f, "compare_list"), GTK_TYPE_LABEL, scenario->label));
      g_assert_nonnull (yidi_test_find_widget (child (f, "compare_list"), GTK_TYPE_LABEL, amount));
    }
  /* The filing pair: the difference in yuan. */
  {
    const YidiScenario *filed = g_ptr_array_index (scenarios, 0);
    const YidiScenario *not_filed = g_ptr_array_index (scenarios, 1);
    YidiFen delta = not_filed->estimate.out_of_pocket - filed->estimate.out_of_pocket;
    g_autofree char *amount = yidi_money_format (delta < 0 ? -delta : delta);
    gboolean unknown = (filed->estimate.unknown | not_filed->estimate.unknown) != 0;
    g_autofree char *text = delta != 0 ? g_strdup_printf (_("Difference: %s"), amount)
                            : unknown ? g_strdup (_("Not known")) : g_strdup (_("No difference"));

    g_assert_nonnull (yidi_test_find_widget (child (f, "compare_list"), GTK_TYPE_LABEL, text));
  }
  scroll_to (f, "result_stack");
  g_free (yidi_test_save_screenshot (GTK_WIDGET (f->window), "estimate-compare"));

  /* Cheapest nearby: the networked Shanghai hospitals, cheapest first. */
  gtk_stack_set_visible_child_name (child (f, "result_stack"), "nearby");
  {
    YidiEstimateRanking *ranking = yidi_estimate_page_get_ranking (f->page);
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    YidiFen previous = 0;
    g_autoptr(YidiRankedInstitution) first = NULL;
    GtkWidget *use;

    while (yidi_estimate_ranking_get_loading (ranking) || g_list_model_get_n_items (G_LIST_MODEL (ranking)) == 0)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, TRUE);
      }
    g_assert_cmpuint (yidi_estimate_ranking_get_n_found (ranking), ==, 5);
    g_assert_true (yidi_estimate_ranking_get_networked_known (ranking));
    g_assert_cmpuint (count_rows (child (f, "nearby_list")), ==, 5);
    for (guint i = 0; i < 5; i++)
      {
        g_autoptr(YidiRankedInstitution) item = g_list_model_get_item (G_LIST_MODEL (ranking), i);
        YidiFen oop = yidi_ranked_institution_get_out_of_pocket (item);

        if (oop < 0)
          continue;
        g_assert_cmpint (oop, >=, previous);
        previous = oop;
      }
    yidi_test_wait_for_frame (GTK_WIDGET (f->window));
    scroll_to (f, "result_stack");
    g_free (yidi_test_save_screenshot (GTK_WIDGET (f->window), "estimate-nearby"));
    /* Full of results, the tab still fits the narrowest window. */
    {
      int minimum, natural;

      gtk_widget_measure (GTK_WIDGET (f->page), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
      g_assert_cmpint (minimum, <=, 360);
    }

    /* "Use" estimates for that hospital: its level fills in. */
    first = g_list_model_get_item (G_LIST_MODEL (ranking), 0);
    first_row = gtk_widget_get_first_child (child (f, "nearby_list"));
    {
      g_autofree char *label = g_strdup_printf (_("Estimate for %s"),
                                                yidi_institution_get_name (yidi_ranked_institution_get_institution (first)));
      use = yidi_test_find_widget (first_row, GTK_TYPE_BUTTON, label);
    }
    g_assert_nonnull (use);
    g_signal_emit_by_name (use, "clicked");
    g_assert_true (yidi_estimate_model_get_institution (model) == yidi_ranked_institution_get_institution (first));
    yidi_estimate_model_flush (model);
    in.visit.level = yidi_institution_get_level (yidi_ranked_institution_get_institution (first));
    memcpy (in.visit.treatment_place, "310000", 7);
    g_free (want);
    want = engine_out_of_pocket (f, &in);
    wait_for_amount (f, want);
    g_assert_false (gtk_widget_get_sensitive (child (f, "level_row")));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "estimate.clear-hospital", NULL));
    g_assert_null (yidi_estimate_model_get_institution (model));
    g_assert_true (gtk_widget_get_sensitive (child (f, "level_row")));

    /* "Show" opens that hospital's details in the Hospitals tab. */
    {
      const char *name = yidi_institution_get_name (yidi_ranked_institution_get_institution (first));
      g_autofree char *label = g_strdup_printf (_("Show %s in the Hospitals tab"), name);
      GtkWidget *hospitals = yidi_test_find_widget (GTK_WIDGET (f->window), YIDI_TYPE_HOSPITALS_PAGE, NULL);
      GtkWidget *name_label = yidi_test_template_child (hospitals, YIDI_TYPE_HOSPITALS_PAGE, "name_label");
      GtkWidget *show;

      first_row = gtk_widget_get_first_child (child (f, "nearby_list"));
      show = yidi_test_find_widget (first_row, GTK_TYPE_BUTTON, label);
      g_assert_nonnull (show);
      g_signal_emit_by_name (show, "clicked");
      g_assert_cmpstr (yidi_window_get_visible_page (f->window), ==, "hospitals");
      g_assert_true (yidi_test_wait_until (label_is, &(LabelWait) { name_label, name }, 5000));
      yidi_window_set_visible_page (f->window, "estimate");
    }
  }
}

static void
test_estimate_pdf (Fixture       *f,
                   gconstpointer  data)
{
  const char *dir = g_getenv ("YIDI_SCREENSHOT_DIR") != NULL ? g_getenv ("YIDI_SCREENSHOT_DIR") : yidi_test_ui_get_data_dir ();
  g_autofree char *name = g_strdup_printf ("estimate-%s.pdf", yidi_test_ui_language ());
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *want = NULL;
  g_autofree char *today_text = NULL;
  YidiEngineInput in;
  GDate today;

  if (g_find_program_in_path ("pdftotext") == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }

  g_mkdir_with_parents (dir, 0755);
  file = g_file_new_for_path (path);

  /* Nothing to print yet: the reason, not a file. */
  g_assert_false (yidi_estimate_page_save_pdf (f->page, file, &error));
  g_assert_error (error, YIDI_ESTIMATE_MODEL_ERROR, YIDI_ESTIMATE_MODEL_ERROR_INCOMPLETE);
  g_clear_error (&error);

  yidi_case_set_label (f->current, "李大爷");
  want = enter_retiree_bill (f, 50000, &in);

  g_assert_true (yidi_estimate_page_save_pdf (f->page, file, &error));
  g_assert_no_error (error);
  text = yidi_test_pdf_to_text (path);

  g_assert_true (yidi_test_text_has (text, _("Cost estimate for a stay in another place")));
  g_assert_true (yidi_test_text_has (text, "李大爷"));
  g_assert_true (yidi_test_text_has (text, want));
  g_assert_true (yidi_test_text_has (text, _("Why? Step by step")));
  g_assert_true (yidi_test_text_has (text, _("What would change it")));
  /* The trace's last step, the total, is in it. */
  {
    const YidiEstimate *estimate = yidi_estimate_model_get_estimate (yidi_estimate_page_get_model (f->page));
    const YidiTraceStep *last = g_ptr_array_index (estimate->trace, estimate->trace->len - 1);
    g_autofree char *start = g_utf8_substring (last->text, 0, 12);

    g_assert_true (yidi_test_text_has (text, start));
  }
  /* The disclaimer, dated today. */
  yidi_case_list_get_today (yidi_application_get_case_list (f->app), &today);
  today_text = yidi_date_format_for_people (&today);
  g_assert_true (yidi_test_text_has (text, today_text));
  g_assert_true (yidi_test_text_has (text, yidi_test_ui_is_chinese () ? "估算" : "not a bill"));
}

static gboolean
no_file_chooser (gpointer user_data)
{
  return yidi_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL;
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

/* Save as PDF from the tab's menu, as a person would: the file chooser
 * offers a name with the person's in it, the PDF is written where chosen,
 * a toast says so; one chooser at a time, gone with its window. */
static void
test_save_pdf_with_chooser (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *offered = NULL;
  g_autofree char *path = NULL;
  g_autofree char *told = NULL;
  g_autofree char *text = NULL;
  g_autofree char *want = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (yidi_test_ui_get_data_dir ());
  GtkWindow *chooser;
  YidiEngineInput in;

  if (g_find_program_in_path ("pdftotext") == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }

  yidi_case_set_label (f->current, "王/阿姨");
  want = enter_retiree_bill (f, 50000, &in);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "estimate.save-pdf", NULL));
  chooser = yidi_test_wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, 5000);
  g_assert_nonnull (chooser);
  g_assert_true (gtk_window_get_modal (chooser));
  /* The name offered: the person's, a "/" in it no folder. */
  offered = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (offered, ==, yidi_test_ui_is_chinese () ? "费用估算 王-阿姨.pdf" : "Cost estimate 王-阿姨.pdf");

  /* Asked again while it is open: still the one chooser. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "estimate.save-pdf", NULL));
  yidi_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_true (yidi_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) == chooser);

  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "saved-estimate.pdf");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  path = g_build_filename (yidi_test_ui_get_data_dir (), "saved-estimate.pdf", NULL);
  g_assert_true (yidi_test_wait_until (file_exists, path, 10000));
  text = yidi_test_pdf_to_text (path);
  g_assert_true (yidi_test_text_has (text, "王/阿姨"));
  g_assert_true (yidi_test_text_has (text, want));
  told = g_strdup_printf (_("Saved the estimate as “%s”"), "saved-estimate.pdf");
  g_assert_nonnull (yidi_test_find_widget (GTK_WIDGET (f->window), GTK_TYPE_LABEL, told));

  /* A chooser left open goes with its window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "estimate.save-pdf", NULL));
  g_assert_nonnull (yidi_test_wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, 5000));
  yidi_test_close_window (f->window);
  f->window = NULL;
  g_assert_true (yidi_test_wait_until (no_file_chooser, NULL, 5000));
}

typedef struct {
  Fixture    *f;
  const char *row;
} RowRef;

static void
assert_refused (Fixture    *f,
                const char *row_name,
                const char *typed,
                const char *reason_part)
{
  YidiMoneyRow *row = child (f, row_name);
  GtkWidget *entry = GTK_WIDGET (yidi_money_row_get_editable (row));
  const char *subtitle;

  type_money (f, row_name, typed);
  /* Marked at once, not after the estimate. */
  g_assert_false (yidi_money_row_get_valid (row));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_assert_nonnull (subtitle);
  if (reason_part != NULL && strstr (subtitle, reason_part) == NULL)
    g_error ("“%s” is refused with “%s”, which does not say “%s”", typed, subtitle, reason_part);
  g_assert_cmpstr (yidi_money_row_get_error (row), !=, NULL);
  /* Never changed. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, typed);
  /* The result says to correct it. */
  yidi_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_cmpstr (gtk_label_get_label (child (f, "oop_label")), ==, "—");
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *path = g_build_filename (yidi_test_ui_get_data_dir (), "refused.pdf", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);

    g_assert_false (yidi_estimate_page_save_pdf (f->page, file, &error));
    g_assert_error (error, YIDI_ESTIMATE_MODEL_ERROR, YIDI_ESTIMATE_MODEL_ERROR_INCOMPLETE);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }
}

static void
test_bad_entries (Fixture       *f,
                  gconstpointer  data)
{
  YidiEngineInput in;
  g_autofree char *want = NULL;
  g_autofree char *max = yidi_money_format (YIDI_MONEY_ROW_MAX);

  want = enter_retiree_bill (f, 20000, &in);

  assert_refused (f, "total_row", "12,3x", NULL);
  scroll_to (f, "bill_stack");
  g_free (yidi_test_save_screenshot (GTK_WIDGET (f->window), "estimate-bad-entry"));
  assert_refused (f, "total_row", "-5", yidi_test_ui_is_chinese () ? NULL : "negative");
  assert_refused (f, "total_row", "20000000", max);
  assert_refused (f, "total_row", "1.234", NULL);
  assert_refused (f, "fund_paid_row", "abc", NULL);

  /* Corrected: the estimate comes back, for the amount now typed. */
  type_money (f, "fund_paid_row", "");
  type_money (f, "total_row", "¥20,000.00");
  g_assert_true (yidi_money_row_get_valid (child (f, "total_row")));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (yidi_money_row_get_editable (child (f, "total_row"))), "error"));
  wait_for_amount (f, want);
}

int
main (int    argc,
      char **argv)
{
  int status;

  if (!yidi_test_ui_init (&argc, &argv))
    return 77;
  directory_path = yidi_test_build_directory ("directory.sqlite", institutions_csv);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/estimate/retiree-in-shanghai", test_retiree_in_shanghai);
  ADD ("/estimate/why-compare-nearby", test_why_compare_nearby);
  ADD ("/estimate/pdf", test_estimate_pdf);
  ADD ("/estimate/save-pdf-with-chooser", test_save_pdf_with_chooser);
  ADD ("/estimate/bad-entries", test_bad_entries);

  status = g_test_run ();
  g_free (directory_path);
  return status;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "yidi-application.h"
#include "yidi-estimate-page.h"
#include "yidi-hospitals-page.h"
#include "yidi-place-picker.h"
#include "yidi-test-ui.h"
#include "yidi-window.h"

/* The Hospitals tab driven through its widgets, over a small directory
 * built for these tests: search as one types (Chinese, pinyin, syntax
 * characters), filters, the details, favourites, the place of treatment,
 * showing a hospital from another tab, and importing a list. Each test
 * starts its own application (a fresh start of Yidi). */

/* Ten institutions: levels, types, direct-settlement flags in all three
 * states, one without a county, one with characters of search syntax.
 * DATE is replaced with today's date (a list that is current). */
static const char institutions_csv[] =
  "code,name,aliases,province_code,city_code,county_code,level,grade,type,address,phone,"
  "inpatient,outpatient,chronic,data_date,source,longitude,latitude\n"
  "H11010100001,北京协和医院,协和医院,110000,110100,110101,三级,甲等,综合,北京市东城区帅府园1号,010-69156114,是,是,否,2016,testlist,116.41,39.91\n"
  "H42010300002,武汉协和医院,,420000,420100,420103,三级,甲等,综合,湖北省武汉市江汉区解放大道1277号,,是,,,2016,testlist,,\n"
  "H31010100003,协和社区卫生服务中心,,310000,310100,310101,社区,,基层/门诊,上海市协和路8号,,否,是,,DATE,testlist,,\n"
  "H44010400004,广州市第一人民医院,,440000,440100,440104,三级,甲等,综合,广州市越秀区盘福路1号,020-81048888,是,否,是,DATE,testlist,,\n"
  "H44010500005,广州市红十字会医院,,440000,440100,440105,二级,,综合,广州市海珠区同福中路396号,,是,,,DATE,testlist,,\n"
  "H44010600006,天河区中医医院,,440000,440100,440106,二级,甲等,中医,广州市天河区天河路8号,,,,,DATE,testlist,,\n"
  "H44010600007,\"测试\"\"*(NEAR-:^医院\",,440000,440100,440106,一级,,专科,AND OR NOT 路,,,,,2020,testlist,,\n"
  "H50010300008,重庆医科大学附属第一医院,,500000,500100,500103,三级,甲等,综合,重庆市渝中区友谊路1号,,是,是,是,2016,testlist,,\n"
  "H44010000009,广州某某门诊部,,440000,440100,,未定级,,基层/门诊,广州市天河区,,,,,2015,testlist,,\n"
  "H13010200010,石家庄和平医院,,130000,130100,130102,一级,,综合,石家庄市和平西路,,否,否,否,2016,testlist,,\n";

typedef struct {
  char              *path;      /* the casebook */
  YidiApplication   *app;
  YidiWindow        *window;
  YidiHospitalsPage *page;
  YidiDirectory     *directory;
  YidiCase          *current;
} Fixture;

static char *directory_db;

/* ---- Helpers -------------------------------------------------------------- */

static GtkWidget *
page_child (Fixture    *f,
            const char *name)
{
  return yidi_test_template_child (GTK_WIDGET (f->page), YIDI_TYPE_HOSPITALS_PAGE, name);
}

static GtkWidget *
window_child (Fixture    *f,
              const char *name)
{
  return yidi_test_template_child (GTK_WIDGET (f->window), YIDI_TYPE_WINDOW, name);
}

static GListModel *
results (Fixture *f)
{
  return G_LIST_MODEL (yidi_hospitals_page_get_institutions (f->page));
}

/* The search is in and counted. */
static gboolean
settled (gpointer user_data)
{
  Fixture *f = user_data;
  YidiInstitutionList *list = yidi_hospitals_page_get_institutions (f->page);

  return list != NULL && !yidi_institution_list_get_loading (list) && !yidi_institution_list_get_counting (list);
}

static void
start_with (Fixture    *f,
            const char *path,
            const char *directory,
            int         width)
{
  /* The person's own database stays the default, in the test's data dir. */
  f->app = yidi_test_application_new ("HospitalsTest", path, directory, NULL);
  f->current = yidi_application_get_case (f->app);

  f->window = yidi_test_open_window (f->app, width, 760);
  yidi_window_set_visible_page (f->window, "hospitals");
  f->page = YIDI_HOSPITALS_PAGE (window_child (f, "hospitals_page"));

  g_assert_true (yidi_test_wait_until (yidi_test_directory_ready, f->app, 20000));
  f->directory = yidi_application_get_directory (f->app);
  if (f->directory != NULL)
    g_assert_true (yidi_test_wait_until (settled, f, 10000));
  yidi_test_wait_for_frame (GTK_WIDGET (f->window));
}

static void
start (Fixture    *f,
       const char *path,
       int         width)
{
  start_with (f, path, directory_db, width);
}

static void
stop (Fixture *f)
{
  yidi_test_close_window (f->window);
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
  start (f, f->path, 1000);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->app != NULL)
    stop (f);
  g_free (f->path);
}

typedef struct {
  Fixture    *f;
  const char *text;
} Typed;

/* The list searches for @text (after the entry's delay) and is settled. */
static gboolean
searched (gpointer user_data)
{
  Typed *typed = user_data;
  YidiInstitutionList *list = yidi_hospitals_page_get_institutions (typed->f->page);

  return g_strcmp0 (yidi_institution_list_get_text (list), typed->text) == 0 && settled (typed->f);
}

/* Types into the search entry as a person does, and waits for the results. */
static void
type_search (Fixture    *f,
             const char *text)
{
  Typed typed = { f, *text != '\0' ? text : NULL };

  gtk_editable_set_text (GTK_EDITABLE (page_child (f, "search_entry")), text);
  g_assert_true (yidi_test_wait_until (searched, &typed, 10000));
  yidi_test_wait_for_frame (GTK_WIDGET (f->window));
}

/* What the directory itself finds first for @text, anywhere. */
static char *
directory_first (Fixture    *f,
                 const char *text)
{
  g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  query->text = g_strdup (text);
  found = yidi_directory_search (f->directory, query, 0, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  return g_strdup (((YidiInstitutionRecord *) found->pdata[0])->name);
}

static guint
directory_count (Fixture                  *f,
                 const YidiDirectoryQuery *query)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (yidi_directory_count (f->directory, query, &n, NULL, &error));
  g_assert_no_error (error);
  return n;
}

/* The name in the first row the list view shows. */
static const char *
first_row_name (Fixture *f)
{
  GtkWidget *list_view = page_child (f, "list_view");

  for (GtkWidget *row = gtk_widget_get_first_child (list_view); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *label = yidi_test_find_widget (row, GTK_TYPE_LABEL, NULL);

      if (label != NULL && gtk_widget_has_css_class (label, "heading"))
        return gtk_label_get_label (GTK_LABEL (label));
    }
  return NULL;
}

static const char *
subtitle (Fixture    *f,
          const char *row)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (page_child (f, row)));
}

static gboolean
details_shown (gpointer user_data)
{
  Fixture *f = user_data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (page_child (f, "detail_stack"))), "details") == 0;
}

/* Opens the first result, as clicking it does. */
static YidiInstitution *
open_first (Fixture *f)
{
  g_signal_emit_by_name (page_child (f, "list_view"), "activate", 0);
  g_assert_true (yidi_test_wait_until (details_shown, f, 5000));
  g_assert_nonnull (yidi_hospitals_page_get_shown (f->page));
  return yidi_hospitals_page_get_shown (f->page);
}

static void
search_and_open (Fixture    *f,
                 const char *text,
                 const char *name)
{
  YidiInstitution *shown;

  type_search (f, text);
  g_assert_cmpstr (first_row_name (f), ==, name);
  shown = open_first (f);
  g_assert_cmpstr (yidi_institution_get_name (shown), ==, name);
}

/* The filter check button labelled @label. */
static GtkCheckButton *
filter_check (Fixture    *f,
              const char *label)
{
  GtkWidget *check = yidi_test_find_widget (page_child (f, "filter_box"), GTK_TYPE_CHECK_BUTTON, label);

  g_assert_nonnull (check);
  return GTK_CHECK_BUTTON (check);
}

static gboolean
n_items_is (gpointer user_data)
{
  Typed *typed = user_data;

  return settled (typed->f) && g_list_model_get_n_items (results (typed->f)) == GPOINTER_TO_UINT (typed->text);
}

static void
wait_for_n_items (Fixture *f,
                  guint    n)
{
  Typed typed = { f, GUINT_TO_POINTER (n) };

  g_assert_true (yidi_test_wait_until (n_items_is, &typed, 10000));
}

static char *
count_text (guint n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u hospital", "%'u hospitals", n), n);
}

/* ---- Tests ---------------------------------------------------------------- */

static void
test_search_as_you_type (Fixture       *f,
                         gconstpointer  data)
{
  const char *queries[] = { "协", "协和", "xiehe", "xh", "帅府园" };
  GtkWidget *count = page_child (f, "count_label");
  g_autofree char *all = count_text (10);

  /* At first everything, counted in words. */
  g_assert_cmpuint (g_list_model_get_n_items (results (f)), ==, 10);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (count)), ==, all);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (page_child (f, "main_stack"))), ==, "browse");

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *expected = directory_first (f, queries[i]);
      g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();
      g_autofree char *counted = NULL;

      type_search (f, queries[i]);
      g_assert_cmpstr (first_row_name (f), ==, expected);
      query->text = g_strdup (queries[i]);
      g_assert_cmpuint (g_list_model_get_n_items (results (f)), ==, directory_count (f, query));
      counted = count_text (directory_count (f, query));
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (count)), ==, counted);
    }
  /* Exact names first: 协和 is in three names and one alias. */
  type_search (f, "协和医院");
  g_assert_cmpstr (first_row_name (f), ==, "北京协和医院");
  g_free (yidi_test_save_screenshot (GTK_WIDGET (f->window), "hospitals-search"));

  /* Escape clears the search and shows everything again. */
  g_signal_emit_by_name (page_child (f, "search_entry"), "stop-search");
  type_search (f, "");
  g_assert_cmpuint (g_list_model_get_n_items (results (f)), ==, 10);

  /* Nothing found: says so, and what to try. */
  type_search (f, "不存在的医院名字");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (page_child (f, "results_stack"))), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page_child (f, "empty_page"))), ==, _("No Hospitals Match"));
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (page_child (f, "empty_page"))), "xiehe"));
  g_free (yidi_test_save_screenshot (GTK_WIDGET (f->window), "hospitals-empty"));
}

static void
test_syntax_is_text (Fixture       *f,
                     gconstpointer  data)
{
  const char *queries[] = { "\"*(NEAR -", "\"", "*", "(", "NEAR", "-", "AND OR NOT", "'" };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();

      type_search (f, queries[i]);
      g_assert_null (yidi_institution_list_get_error (yidi_hospitals_page_get_institutions (f->page)));
      g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (page_child (f, "results_stack"))), !=, "error");
      query->text = g_strdup (queries[i]);
      g_assert_cmpuint (g_list_model_get_n_items (results (f)), ==, directory_count (f, query));
    }
  /* Searched literally: the one name with those characters. */
  type_search (f, "\"*(NEAR -");
  g_assert_cmpuint (g_list_model_get_n_items (results (f)), ==, 1);
  g_assert_cmpstr (first_row_name (f), ==, "测试\"*(NEAR-:^医院");
}

static void
test_details (Fixture       *f,
              gconstpointer  data)
{
  GtkWidget *data_box = page_child (f, "data_box");
  const char *note;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (page_child (f, "detail_stack"))), ==, "none");

  /* An old list: every field, the three states, and a warning. */
  search_and_open (f, "帅府园", "北京协和医院");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child (f, "name_label"))), ==, "北京协和医院");
  g_assert_cmpstr (subtitle (f, "inpatient_row"), ==, _("Yes"));
  g_assert_cmpstr (subtitle (f, "outpatient_row"), ==, _("Yes"));
  g_assert_cmpstr (subtitle (f, "chronic_row"), ==, _("No"));
  g_assert_cmpstr (subtitle (f, "address_row"), ==, "北京市东城区帅府园1号");
  g_assert_cmpstr (subtitle (f, "phone_row"), ==, "010-69156114");
  g_assert_cmpstr (subtitle (f, "code_row"), ==, "H11010100001");
  g_assert_cmpstr (subtitle (f, "aliases_row"), ==, "协和医院");
  g_assert_nonnull (strstr (subtitle (f, "place_row"), "东城区"));
  g_assert_cmpstr (subtitle (f, "type_row"), ==, yidi_institution_type_get_label (YIDI_INSTITUTION_TYPE_GENERAL));
  g_assert_nonnull (strstr (subtitle (f, "level_row"), yidi_institution_level_get_label (YIDI_LEVEL_3)));
  g_assert_true (gtk_widget_get_visible (page_child (f, "location_row")));
  g_assert_nonnull (strstr (subtitle (f, "location_row"), "39.91"));
  g_assert_cmpstr (subtitle (f, "date_row"), ==, "2016");
  g_assert_nonnull (strstr (subtitle (f, "source_row"), "testlist"));
  note = gtk_label_get_label (GTK_LABEL (page_child (f, "data_label")));
  g_assert_nonnull (strstr (note, "2016"));
  g_assert_true (gtk_widget_has_css_class (data_box, "warning"));
  g_assert_true (gtk_widget_is_sensitive (page_child (f, "copy_phone_button")));
  yidi_test_wait_for_frame (GTK_WIDGET (f->window));
  g_free (yidi_test_save_screenshot (GTK_WIDGET (f->window), "hospitals-details"));

  /* Unknown is said in words; no phone, nothing to copy; no place on a map. */
  search_and_open (f, "武汉协和", "武汉协和医院");
  g_assert_cmpstr (subtitle (f, "inpatient_row"), ==, _("Yes"));
  g_assert_cmpstr (subtitle (f, "outpatient_row"), ==, _("Not known — check with the hospital"));
  g_assert_cmpstr (subtitle (f, "chronic_row"), ==, _("Not known — check with the hospital"));
  g_assert_cmpstr (subtitle (f, "phone_row"), ==, _("Not given in the list"));
  g_assert_false (gtk_widget_is_sensitive (page_child (f, "copy_phone_button")));
  g_assert_false (gtk_widget_get_visible (page_child (f, "location_row")));

  /* A current list: its date, no warning. */
  search_and_open (f, "盘福路", "广州市第一人民医院");
  g_assert_false (gtk_widget_has_css_class (data_box, "warning"));
  g_assert_null (strstr (gtk_label_get_label (GTK_LABEL (page_child (f, "data_label"))), "2016"));
  g_assert_cmpstr (subtitle (f, "chronic_row"), ==, _("Yes"));
  g_assert_cmpstr (subtitle (f, "outpatient_row"), ==, _("No"));
}

static void
on_text_read (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static gboolean
is_set (gpointer pointer)
{
  return *(gpointer *) pointer != NULL;
}

static void
test_copy (Fixture       *f,
           gconstpointer  data)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f->page));
  g_autofree char *text = NULL;
  g_autofree char *phone = NULL;

  search_and_open (f, "帅府园", "北京协和医院");
  g_signal_emit_by_name (page_child (f, "copy_address_button"), "clicked");
  gdk_clipboard_read_text_async (clipboard, NULL, on_text_read, &text);
  g_assert_true (yidi_test_wait_until (is_set, &text, 5000));
  g_assert_cmpstr (text, ==, "北京市东城区帅府园1号");

  g_signal_emit_by_name (page_child (f, "copy_phone_button"), "clicked");
  gdk_clipboard_read_text_async (clipboard, NULL, on_text_read, &phone);
  g_assert_true (yidi_test_wait_until (is_set, &phone, 5000));
  g_assert_cmpstr (phone, ==, "010-69156114");
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();
  GtkCheckButton *level3 = filter_check (f, yidi_institution_level_get_label (YIDI_LEVEL_3));
  GtkCheckButton *community = filter_check (f, yidi_institution_level_get_label (YIDI_LEVEL_COMMUNITY));
  GtkCheckButton *tcm = filter_check (f, yidi_institution_type_get_label (YIDI_INSTITUTION_TYPE_TCM));
  GtkCheckButton *chronic = filter_check (f, _("Outpatient care for chronic and special diseases"));
  GtkWidget *count = page_child (f, "count_label");
  guint n;

  /* Level 3 only: fewer, and the count says so. */
  gtk_check_button_set_active (level3, TRUE);
  query->levels = 1u << YIDI_LEVEL_3;
  n = directory_count (f, query);
  g_assert_cmpuint (n, ==, 4);
  wait_for_n_items (f, n);
  {
    g_autofree char *text = count_text (n);
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (count)), ==, text);
  }
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child (f, "filter_label"))), ==,
                   yidi_test_ui_is_chinese () ? "筛选 (1)" : "Filters (1)");

  /* Levels add up; a type narrows. */
  gtk_check_button_set_active (community, TRUE);
  query->levels |= 1u << YIDI_LEVEL_COMMUNITY;
  wait_for_n_items (f, directory_count (f, query));
  g_assert_cmpuint (g_list_model_get_n_items (results (f)), ==, 5);

  gtk_check_button_set_active (level3, FALSE);
  gtk_check_button_set_active (community, FALSE);
  gtk_check_button_set_active (tcm, TRUE);
  wait_for_n_items (f, 1);

  /* Known to settle chronic diseases directly: yes only, not unknown. */
  gtk_check_button_set_active (tcm, FALSE);
  gtk_check_button_set_active (chronic, TRUE);
  wait_for_n_items (f, 2);

  /* With a search and a place. */
  type_search (f, "医院");
  yidi_place_picker_set_code (YIDI_PLACE_PICKER (page_child (f, "place_picker")), "440000");
  {
    g_autoptr(YidiDirectoryQuery) q = yidi_directory_query_new ();
    q->text = g_strdup ("医院");
    q->place = g_strdup ("440000");
    q->networked = YIDI_NETWORKED_CHRONIC;
    wait_for_n_items (f, directory_count (f, q));
    g_assert_cmpuint (g_list_model_get_n_items (results (f)), ==, 1);
    g_assert_cmpstr (first_row_name (f), ==, "广州市第一人民医院");
  }

  /* No pointer grab: UI tests run side by side on one display. */
  gtk_popover_set_autohide (GTK_POPOVER (page_child (f, "filter_popover")), FALSE);
  gtk_menu_button_popup (GTK_MENU_BUTTON (page_child (f, "filter_button")));
  g_assert_true (yidi_test_wait_until (yidi_test_is_mapped, page_child (f, "filter_popover"), 5000));
  yidi_test_wait_for_frame (page_child (f, "filter_popover"));
  g_free (yidi_test_save_screenshot (page_child (f, "filter_popover"), "hospitals-filters"));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (page_child (f, "filter_button")));

  /* Clearing: everything in that place again. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "hospitals.clear-filters", NULL);
  g_assert_false (gtk_check_button_get_active (chronic));
  g_signal_emit_by_name (page_child (f, "clear_place_button"), "clicked");
  g_assert_null (yidi_place_picker_get_code (YIDI_PLACE_PICKER (page_child (f, "place_picker"))));
  {
    g_autoptr(YidiDirectoryQuery) q = yidi_directory_query_new ();
    q->text = g_strdup ("医院");
    wait_for_n_items (f, directory_count (f, q));
  }
}

static gboolean
shown_is_favourite (gpointer user_data)
{
  Fixture *f = user_data;
  YidiInstitution *shown = yidi_hospitals_page_get_shown (f->page);

  return shown != NULL && yidi_institution_get_favourite (shown);
}

static gboolean
shown_is_not_favourite (gpointer user_data)
{
  return !shown_is_favourite (user_data);
}

static void
test_favourites (Fixture       *f,
                 gconstpointer  data)
{
  GtkToggleButton *star = GTK_TOGGLE_BUTTON (page_child (f, "favourite_button"));
  g_autofree char *key = NULL;
  g_autoptr(GPtrArray) favourites = NULL;
  g_autoptr(GError) error = NULL;

  search_and_open (f, "重庆", "重庆医科大学附属第一医院");
  key = g_strdup (yidi_institution_get_key (yidi_hospitals_page_get_shown (f->page)));
  g_assert_false (gtk_toggle_button_get_active (star));
  gtk_toggle_button_set_active (star, TRUE);
  g_assert_true (yidi_test_wait_until (shown_is_favourite, f, 5000));
  g_assert_true (gtk_toggle_button_get_active (star));

  /* Only favourites: that one. */
  gtk_check_button_set_active (filter_check (f, _("Only my favourites")), TRUE);
  type_search (f, "");
  wait_for_n_items (f, 1);
  g_assert_cmpstr (first_row_name (f), ==, "重庆医科大学附属第一医院");

  /* Still there after a restart, from the person's database. */
  stop (f);
  start (f, f->path, 1000);
  star = GTK_TOGGLE_BUTTON (page_child (f, "favourite_button"));
  favourites = yidi_directory_list_favourites (f->directory, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (favourites->len, ==, 1);
  g_assert_cmpstr (((YidiInstitutionRecord *) favourites->pdata[0])->key, ==, key);
  search_and_open (f, "重庆", "重庆医科大学附属第一医院");
  g_assert_true (gtk_toggle_button_get_active (star));

  /* And taken away again. */
  gtk_toggle_button_set_active (star, FALSE);
  g_assert_true (yidi_test_wait_until (shown_is_not_favourite, f, 5000));
  g_assert_false (gtk_toggle_button_get_active (star));
  g_clear_pointer (&favourites, g_ptr_array_unref);
  favourites = yidi_directory_list_favourites (f->directory, &error);
  g_assert_cmpuint (favourites->len, ==, 0);
}

static void
test_treatment_place (Fixture       *f,
                      gconstpointer  data)
{
  YidiPlacePicker *picker = YIDI_PLACE_PICKER (page_child (f, "place_picker"));

  g_assert_null (yidi_case_get_destination (f->current));
  g_assert_null (yidi_place_picker_get_code (picker));

  /* A county when the list gives one... */
  search_and_open (f, "帅府园", "北京协和医院");
  g_assert_true (gtk_widget_is_sensitive (page_child (f, "use_button")));
  g_signal_emit_by_name (page_child (f, "use_button"), "clicked");
  g_assert_cmpstr (yidi_case_get_destination (f->current), ==, "110101");
  /* ...and the search follows the case's place. */
  g_assert_cmpstr (yidi_place_picker_get_code (picker), ==, "110101");
  wait_for_n_items (f, 1);

  /* ...else the city. */
  g_signal_emit_by_name (page_child (f, "clear_place_button"), "clicked");
  search_and_open (f, "门诊部", "广州某某门诊部");
  g_signal_emit_by_name (page_child (f, "use_button"), "clicked");
  g_assert_cmpstr (yidi_case_get_destination (f->current), ==, "440100");

  /* Another tab choosing a destination sets the search's place. */
  yidi_case_set_destination (f->current, "420100");
  g_assert_cmpstr (yidi_place_picker_get_code (picker), ==, "420100");
  type_search (f, "");
  wait_for_n_items (f, 1);
  g_assert_cmpstr (first_row_name (f), ==, "武汉协和医院");
}

/* "Estimate the cost here": the Cost estimate tab opens on a stay at
 * this hospital, its level and its place taken over. */
static void
test_estimate_here (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *estimate_page = yidi_test_template_child (GTK_WIDGET (f->window), YIDI_TYPE_WINDOW, "estimate_page");
  YidiEstimateModel *model = yidi_estimate_page_get_model (YIDI_ESTIMATE_PAGE (estimate_page));
  GtkWidget *stack = gtk_widget_get_ancestor (estimate_page, ADW_TYPE_VIEW_STACK);
  YidiInstitution *chosen;

  g_assert_false (gtk_widget_is_sensitive (page_child (f, "estimate_button")));
  search_and_open (f, "第一人民", "广州市第一人民医院");
  yidi_test_wait_for_frame (GTK_WIDGET (f->window));
  /* The two buttons under the details (below the fold at this size). */
  g_free (yidi_test_save_screenshot (gtk_widget_get_parent (page_child (f, "estimate_button")), "hospitals-estimate-here"));
  g_assert_true (gtk_widget_is_sensitive (page_child (f, "estimate_button")));
  g_signal_emit_by_name (page_child (f, "estimate_button"), "clicked");

  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "estimate");
  g_assert_cmpstr (yidi_case_get_destination (f->current), ==, "440104");
  chosen = yidi_estimate_model_get_institution (model);
  g_assert_nonnull (chosen);
  g_assert_cmpstr (yidi_institution_get_name (chosen), ==, "广州市第一人民医院");
  g_assert_cmpint (yidi_institution_get_level (chosen), ==, YIDI_LEVEL_3);
}

static void
test_show_institution (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();
  g_autoptr(GPtrArray) found = NULL;
  const YidiInstitutionRecord *record;

  query->text = g_strdup ("红十字会");
  found = yidi_directory_search (f->directory, query, 0, 1, NULL, NULL);
  g_assert_cmpuint (found->len, ==, 1);
  record = found->pdata[0];

  yidi_window_set_visible_page (f->window, "filing");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-institution", "s", record->key);
  g_assert_cmpstr (yidi_window_get_visible_page (f->window), ==, "hospitals");
  g_assert_true (yidi_test_wait_until (details_shown, f, 5000));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child (f, "name_label"))), ==, "广州市红十字会医院");
  g_assert_cmpstr (subtitle (f, "address_row"), ==, "广州市海珠区同福中路396号");
}

static gboolean
switcher_bar_revealed (gpointer user_data)
{
  Fixture *f = user_data;
  GtkWidget *bar = yidi_test_find_widget (GTK_WIDGET (f->window), ADW_TYPE_VIEW_SWITCHER_BAR, NULL);
  GtkWidget *revealer = bar != NULL ? yidi_test_find_widget (bar, GTK_TYPE_REVEALER, NULL) : NULL;

  return bar != NULL && adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar)) &&
         revealer != NULL && gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

static void
test_narrow_window (Fixture       *f,
                    gconstpointer  data)
{
  AdwLeaflet *leaflet;

  /* GTK 4.8 mis-allocates the switcher bar's revealer when it is shown
   * with animations off (see test-window.c): let it run to its end. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 400, 760);
  g_assert_true (yidi_test_wait_until (switcher_bar_revealed, f, 5000));
  yidi_test_wait_for_frame (GTK_WIDGET (f->window));
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  leaflet = ADW_LEAFLET (page_child (f, "leaflet"));
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == page_child (f, "search_pane"));
  type_search (f, "xh");
  g_free (yidi_test_save_screenshot (GTK_WIDGET (f->window), "hospitals-narrow-results"));

  open_first (f);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == page_child (f, "details_pane"));
  g_assert_true (gtk_widget_get_visible (page_child (f, "back_box")));
  yidi_test_wait_for_frame (GTK_WIDGET (f->window));
  g_free (yidi_test_save_screenshot (GTK_WIDGET (f->window), "hospitals-narrow-details"));

  g_signal_emit_by_name (page_child (f, "back_button"), "clicked");
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == page_child (f, "search_pane"));
}

static char *
write_csv (const char *name,
           const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (yidi_test_ui_get_data_dir (), name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *bad = write_csv ("bad-list.csv",
                                    "机构名称,所属区划,医院等级,是否开通住院跨省直接结算\n"
                                    "新医院一,广东省广州市天河区,二级,是\n"
                                    ",广东省广州市天河区,二级,是\n"
                                    "新医院三,火星,二级,是\n");
  g_autofree char *good = write_csv ("good-list.csv",
                                     "机构名称,所属区划,医院等级,是否开通住院跨省直接结算,联系人\n"
                                     "新导入测试医院,广东省广州市天河区,二级甲等,是,张三\n"
                                     "另一家导入医院,440104,三级,否,李四\n");
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  g_autoptr(GFile) good_file = g_file_new_for_path (good);
  GtkWindow *dialog;
  const char *body;

  /* Rejected rows, by line: nothing imported. */
  yidi_hospitals_page_import_file (f->page, bad_file);
  dialog = yidi_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 20000);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, _("Nothing Was Imported"));
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (body, yidi_test_ui_is_chinese () ? "第 3 行" : "Line 3:"));
  g_assert_nonnull (strstr (body, yidi_test_ui_is_chinese () ? "第 4 行" : "Line 4:"));
  g_assert_null (strstr (body, yidi_test_ui_is_chinese () ? "第 2 行" : "Line 2:"));
  yidi_test_wait_for_frame (GTK_WIDGET (dialog));
  g_free (yidi_test_save_screenshot (GTK_WIDGET (dialog), "hospitals-import-rejected"));
  yidi_test_respond (dialog, _("_Close"));
  type_search (f, "新医院");
  g_assert_cmpuint (g_list_model_get_n_items (results (f)), ==, 0);

  /* Many rejected rows: the first ten, then how many more. */
  {
    g_autoptr(GString) many = g_string_new ("机构名称,所属区划\n");
    g_autofree char *many_path = NULL;
    g_autoptr(GFile) many_file = NULL;
    g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "…and %u more row.", "…and %u more rows.", 3), 3);

    for (guint i = 0; i < 13; i++)
      g_string_append_printf (many, "坏医院%u,火星\n", i);
    many_path = write_csv ("many-bad.csv", many->str);
    many_file = g_file_new_for_path (many_path);
    yidi_hospitals_page_import_file (f->page, many_file);
    dialog = yidi_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 20000);
    body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
    g_assert_nonnull (strstr (body, yidi_test_ui_is_chinese () ? "第 11 行" : "Line 11:"));
    g_assert_null (strstr (body, yidi_test_ui_is_chinese () ? "第 12 行" : "Line 12:"));
    g_assert_nonnull (strstr (body, more));
    yidi_test_respond (dialog, _("_Close"));
  }

  /* A good list: how many, and the column not used. */
  yidi_hospitals_page_import_file (f->page, good_file);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (page_child (f, "import_revealer"))));
  dialog = yidi_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 20000);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, _("List Imported"));
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (body, "2"));
  g_assert_nonnull (strstr (body, "good-list.csv"));
  g_assert_nonnull (strstr (body, "联系人"));
  yidi_test_wait_for_frame (GTK_WIDGET (dialog));
  g_free (yidi_test_save_screenshot (GTK_WIDGET (dialog), "hospitals-import-done"));
  yidi_test_respond (dialog, _("_Close"));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (page_child (f, "import_revealer"))));

  /* Found at once, marked as imported. */
  type_search (f, "新导入");
  g_assert_cmpuint (g_list_model_get_n_items (results (f)), ==, 1);
  open_first (f);
  g_assert_nonnull (strstr (subtitle (f, "source_row"), "good-list.csv"));
  g_assert_cmpstr (subtitle (f, "inpatient_row"), ==, _("Yes"));
}

static void
test_no_directory (void)
{
  Fixture f = { 0 };
  g_autofree char *missing = g_build_filename (yidi_test_ui_get_data_dir (), "no-such-directory.sqlite", NULL);
  const char *text;

  f.path = g_build_filename (yidi_test_ui_get_data_dir (), "cases-missing.sqlite", NULL);
  start_with (&f, f.path, missing, 1000);
  g_assert_null (f.directory);
  g_assert_nonnull (yidi_application_get_directory_error (f.app));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (page_child (&f, "main_stack"))), ==, "unavailable");
  text = adw_status_page_get_description (ADW_STATUS_PAGE (page_child (&f, "unavailable_page")));
  g_assert_nonnull (strstr (text, yidi_application_get_directory_error (f.app)->message));
  g_assert_false (gtk_widget_get_sensitive (page_child (&f, "import_button")));
  g_free (yidi_test_save_screenshot (GTK_WIDGET (f.window), "hospitals-no-directory"));
  stop (&f);
  g_free (f.path);
}

typedef struct {
  Fixture *f;
  guint    position;
} Row;

/* How many labels below @root show @text on screen (a list view keeps
 * unmapped rows for reuse: those do not count). */
static guint
count_shown_labels (GtkWidget  *root,
                    const char *text)
{
  guint n = GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
            g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += count_shown_labels (child, text);
  return n;
}

static gboolean
row_unreadable (gpointer user_data)
{
  Row *row = user_data;
  g_autoptr(YidiInstitution) item = g_list_model_get_item (results (row->f), row->position);

  return item != NULL && yidi_institution_get_unreadable (item);
}

/* The directory damaged while Yidi runs: the rows it can no longer read
 * say so (not "Loading…" for ever), a toast says why, and what was read
 * stays on screen. */
static void
test_unreadable_page (void)
{
  Fixture f = { 0 };
  g_autoptr(GString) csv = g_string_new ("code,name,province_code,city_code,county_code,level\n");
  g_autofree char *db = NULL;
  g_autoptr(YidiInstitution) first = NULL;
  GtkAdjustment *adjustment;
  char header[100];
  FILE *file;
  Row row;
  guint n;

  for (guint i = 1; i <= 10 * YIDI_INSTITUTION_LIST_PAGE_SIZE; i++)
    g_string_append_printf (csv, "H440106%05u,天河第%u医院,440000,440100,440106,二级\n", i, i);
  db = yidi_test_build_directory ("many.sqlite", csv->str);

  f.path = g_build_filename (yidi_test_ui_get_data_dir (), "cases-unreadable.sqlite", NULL);
  start_with (&f, f.path, db, 1000);
  g_assert_nonnull (f.directory);
  /* Ours, and any the earlier tests imported into the person's own list. */
  n = g_list_model_get_n_items (results (&f));
  g_assert_cmpuint (n, >=, 10 * YIDI_INSTITUTION_LIST_PAGE_SIZE);
  first = g_list_model_get_item (results (&f), 0);
  g_assert_false (yidi_institution_get_loading (first));

  /* Damaged under the running app: the header, change counter and all. */
  memset (header, 'x', sizeof header);
  file = g_fopen (db, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fwrite (header, 1, sizeof header, file), ==, sizeof header);
  g_assert_cmpint (fclose (file), ==, 0);

  /* Scroll to the end, as a person would, to rows not read yet. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (page_child (&f, "list_view")));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  row.f = &f;
  row.position = n - 1;
  g_assert_true (yidi_test_wait_until (row_unreadable, &row, 10000));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  yidi_test_wait_for_frame (GTK_WIDGET (f.window));
  g_free (yidi_test_save_screenshot (GTK_WIDGET (f.window), "hospitals-unreadable"));

  /* On screen: rows that say so, none still loading. */
  g_assert_cmpuint (count_shown_labels (page_child (&f, "list_view"), _("Could not be read")), >, 5);
  g_assert_cmpuint (count_shown_labels (page_child (&f, "list_view"), _("Loading…")), ==, 0);
  g_assert_cmpuint (count_shown_labels (GTK_WIDGET (f.window),
                                        _("Some hospitals could not be read. Restart Yidi; if it happens again, reinstall it.")), ==, 1);

  /* What was read is still there. */
  g_assert_cmpuint (g_list_model_get_n_items (results (&f)), ==, n);
  stop (&f);
  g_free (f.path);
  g_unlink (db);
}

/* ---- The directory of these tests ----------------------------------------- */

static void
remove_directory (void)
{
  if (directory_db != NULL)
    {
      g_unlink (directory_db);
      g_clear_pointer (&directory_db, g_free);
    }
}

static void
build_directory (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GString) csv = g_string_new (institutions_csv);

  g_string_replace (csv, "DATE", today, 0);
  directory_db = yidi_test_build_directory ("directory.sqlite", csv->str);
}

int
main (int    argc,
      char **argv)
{
  int status;

  if (!yidi_test_ui_init (&argc, &argv))
    return 77;
  build_directory ();

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/hospitals/search-as-you-type", test_search_as_you_type);
  ADD ("/hospitals/syntax-is-text", test_syntax_is_text);
  ADD ("/hospitals/details", test_details);
  ADD ("/hospitals/copy", test_copy);
  ADD ("/hospitals/filters", test_filters);
  ADD ("/hospitals/favourites", test_favourites);
  ADD ("/hospitals/treatment-place", test_treatment_place);
  ADD ("/hospitals/show-institution", test_show_institution);
  ADD ("/hospitals/estimate-here", test_estimate_here);
  ADD ("/hospitals/narrow-window", test_narrow_window);
  ADD ("/hospitals/import", test_import);
  g_test_add_func ("/hospitals/no-directory", test_no_directory);
  g_test_add_func ("/hospitals/unreadable-page", test_unreadable_page);

  status = g_test_run ();
  remove_directory ();
  return status;
}

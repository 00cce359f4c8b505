/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "yidi-application.h"
#include "yidi-case-switcher.h"
#include "yidi-test-ui.h"
#include "yidi-window.h"

typedef struct {
  const char *name;
  const char *title_en;
  const char *title_zh;
} PageInfo;

static const PageInfo pages[] = {
  { "filing", "Filing", "备案" },
  { "hospitals", "Hospitals", "定点医院" },
  { "estimate", "Cost Estimate", "费用估算" },
};

static YidiApplication *app;

static const char *
expected_title (const PageInfo *page)
{
  return yidi_test_ui_is_chinese () ? page->title_zh : page->title_en;
}

static YidiWindow *
open_window (void)
{
  YidiWindow *window = yidi_test_open_window (app, -1, -1);

  yidi_test_wait_for_frame (GTK_WIDGET (window));

  return window;
}

static GtkWidget *
find_switcher_button (YidiWindow     *window,
                      const PageInfo *page)
{
  GtkWidget *header = yidi_test_find_widget (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR, NULL);
  GtkWidget *label;

  g_assert_nonnull (header);
  /* The wide view switcher in the header bar: a toggle button per page
   * showing the page title. */
  label = yidi_test_find_widget (header, GTK_TYPE_LABEL, expected_title (page));
  g_assert_nonnull (label);
  return gtk_widget_get_ancestor (label, GTK_TYPE_TOGGLE_BUTTON);
}

static void
test_three_tabs (void)
{
  YidiWindow *window = open_window ();
  AdwViewStack *stack = ADW_VIEW_STACK (yidi_test_template_child (GTK_WIDGET (window), YIDI_TYPE_WINDOW, "stack"));
  g_autoptr(GtkSelectionModel) stack_pages = adw_view_stack_get_pages (stack);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (stack_pages)), ==, G_N_ELEMENTS (pages));

  /* Visit the tabs in reverse so every click changes the visible page. */
  for (int i = G_N_ELEMENTS (pages) - 1; i >= 0; i--)
    {
      GtkWidget *button = find_switcher_button (window, &pages[i]);
      GtkWidget *child;
      g_autofree char *mismatch = NULL;
      g_autofree char *shot = NULL;
      g_autofree char *shot_name = g_strdup_printf ("window-%s", pages[i].name);

      g_assert_nonnull (button);
      g_signal_emit_by_name (button, "clicked");
      g_assert_cmpstr (yidi_window_get_visible_page (window), ==, pages[i].name);

      child = adw_view_stack_get_visible_child (stack);
      g_assert_true (gtk_widget_get_mapped (child));
      mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (child),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                     expected_title (&pages[i]));
      g_assert_null (mismatch);

      yidi_test_wait_for_frame (GTK_WIDGET (window));
      shot = yidi_test_save_screenshot (GTK_WIDGET (window), shot_name);
      g_assert_true (g_file_test (shot, G_FILE_TEST_IS_REGULAR));
    }

  yidi_test_close_window (window);
}

static gboolean
search_has_focus (gpointer user_data)
{
  YidiWindow *window = user_data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  GtkWidget *entry = yidi_test_find_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY,
                                            yidi_test_ui_is_chinese () ? "搜索医院" : "Search hospitals");

  return focus != NULL && entry != NULL &&
         (focus == entry || gtk_widget_is_ancestor (focus, entry));
}

static void
test_search_shortcut (void)
{
  YidiWindow *window = open_window ();
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.search");

  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>f"));

  yidi_window_set_visible_page (window, "filing");
  g_assert_false (search_has_focus (window));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  g_assert_cmpstr (yidi_window_get_visible_page (window), ==, "hospitals");
  g_assert_true (yidi_test_wait_until (search_has_focus, window, 2000));

  yidi_test_close_window (window);
}

static void
test_quit_shortcut (void)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");

  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>q"));
}

static void
test_case_shortcuts (void)
{
  static const struct {
    const char *action;
    const char *accel;
  } shortcuts[] = {
    { "win.new-case", "<Control>n" },
    { "win.show-cases", "<Control>o" },
    { "win.print", "<Control>p" },
  };
  YidiWindow *window = open_window ();
  GtkWidget *switcher = yidi_test_find_widget (GTK_WIDGET (window), YIDI_TYPE_CASE_SWITCHER, NULL);
  GtkWidget *popover = yidi_test_template_child (switcher, YIDI_TYPE_CASE_SWITCHER, "popover");

  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), shortcuts[i].action);
      g_assert_true (g_strv_contains ((const char * const *) accels, shortcuts[i].accel));
    }

  /* The case switcher is in the header bar of every tab. */
  yidi_window_set_visible_page (window, "estimate");
  gtk_popover_set_autohide (GTK_POPOVER (popover), FALSE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-cases", NULL);
  g_assert_true (yidi_test_wait_until (yidi_test_is_mapped, popover, 5000));
  gtk_popover_popdown (GTK_POPOVER (popover));

  yidi_test_close_window (window);
}

static void
test_size_persists (void)
{
  GSettings *settings = yidi_application_get_settings (app);
  YidiWindow *window = open_window ();
  int width;
  int height;

  gtk_window_set_default_size (GTK_WINDOW (window), 812, 604);
  yidi_test_close_window (window);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 812);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 604);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  window = open_window ();
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 812);
  g_assert_cmpint (height, ==, 604);
  yidi_test_close_window (window);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static gboolean
switcher_bar_revealed (gpointer user_data)
{
  GtkWidget *bar = yidi_test_find_widget (user_data, ADW_TYPE_VIEW_SWITCHER_BAR, NULL);
  GtkWidget *revealer = bar != NULL ? yidi_test_find_widget (bar, GTK_TYPE_REVEALER, NULL) : NULL;

  return bar != NULL && adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar)) &&
         revealer != NULL && gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

/* Labels below @root shown narrower than their text: an ellipsis instead
 * of words. */
static guint
count_cut_labels (GtkWidget *root)
{
  guint n = 0;

  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      *gtk_label_get_text (GTK_LABEL (root)) != '\0' &&
      gtk_label_get_ellipsize (GTK_LABEL (root)) != PANGO_ELLIPSIZE_NONE)
    {
      int natural;

      gtk_widget_measure (root, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      if (gtk_widget_get_width (root) < natural)
        {
          g_test_message ("cut: “%s”", gtk_label_get_label (GTK_LABEL (root)));
          n++;
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += count_cut_labels (child);
  return n;
}

static void
test_narrow_window_uses_bottom_bar (void)
{
  YidiWindow *window = open_window ();
  g_autofree char *shot = NULL;

  g_assert_false (switcher_bar_revealed (window));

  /* GTK 4.8 mis-allocates the switcher bar's revealer when it is shown
   * with animations off, so let this one transition run to its end. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 380, 640);
  g_assert_true (yidi_test_wait_until (switcher_bar_revealed, window, 5000));
  yidi_test_wait_for_frame (GTK_WIDGET (window));
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  shot = yidi_test_save_screenshot (GTK_WIDGET (window), "window-narrow");
  /* The header bar keeps what it shows whole: the case's name. */
  {
    GtkWidget *switcher = yidi_test_template_child (GTK_WIDGET (window), YIDI_TYPE_WINDOW, "case_switcher");

    g_assert_cmpuint (count_cut_labels (gtk_widget_get_ancestor (switcher, ADW_TYPE_HEADER_BAR)), ==, 0);
  }

  yidi_test_close_window (window);
  g_settings_reset (yidi_application_get_settings (app), "window-width");
  g_settings_reset (yidi_application_get_settings (app), "window-height");
}

static void
test_about_and_shortcuts (void)
{
  YidiWindow *window = open_window ();
  GtkWindow *about;
  GtkWindow *shortcuts;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = yidi_test_wait_for_toplevel (ADW_TYPE_ABOUT_WINDOW, 5000);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==,
                   yidi_test_ui_is_chinese () ? "异地就医助手" : "Yidi");
  g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (window));
  gtk_window_destroy (about);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  shortcuts = yidi_test_wait_for_toplevel (GTK_TYPE_SHORTCUTS_WINDOW, 5000);
  yidi_test_wait_for_frame (GTK_WIDGET (shortcuts));
  g_free (yidi_test_save_screenshot (GTK_WIDGET (shortcuts), "shortcuts"));
  gtk_widget_set_visible (GTK_WIDGET (shortcuts), FALSE);

  yidi_test_close_window (window);
}

/* The directory opens off the main thread after start-up and gives the
 * place pickers its divisions. */
static void
test_directory_opens (void)
{
  YidiPlaces *places;
  g_autoptr(YidiPlace) shanghai = NULL;
  g_autoptr(GPtrArray) provinces = NULL;

  g_assert_true (yidi_test_wait_until (yidi_test_directory_ready, app, 10000));
  g_assert_null (yidi_application_get_directory_error (app));
  g_assert_nonnull (yidi_application_get_directory (app));

  places = yidi_application_get_places (app);
  g_assert_nonnull (places);
  shanghai = yidi_places_lookup (places, "310000");
  g_assert_nonnull (shanghai);
  g_assert_cmpstr (shanghai->name, ==, "上海市");
  provinces = yidi_places_list_children (places, NULL);
  /* 31 provinces of the mainland, plus Taiwan, Hong Kong and Macao in GB/T 2260. */
  g_assert_cmpuint (provinces->len, >=, 31);
}

/* Without its directory the app still starts and says what to do. */
static void
test_directory_missing (void)
{
  g_autoptr(YidiApplication) other = NULL;
  g_autofree char *missing = g_build_filename (yidi_test_ui_get_data_dir (), "no-such-directory.sqlite", NULL);
  g_autofree char *user = g_build_filename (yidi_test_ui_get_data_dir (), "directory-user-missing.sqlite", NULL);
  const GError *open_error;

  other = yidi_test_application_new ("TestMissing", NULL, missing, user);
  g_assert_true (yidi_test_wait_until (yidi_test_directory_ready, other, 10000));

  open_error = yidi_application_get_directory_error (other);
  g_assert_nonnull (open_error);
  g_assert_error (open_error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_NOT_FOUND);
  g_assert_true (strstr (open_error->message, yidi_test_ui_is_chinese () ? "重新安装" : "Reinstall") != NULL);
  g_assert_null (yidi_application_get_directory (other));
  g_assert_null (yidi_application_get_places (other));
  /* Nothing was made where the missing directory should be. */
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  if (!yidi_test_ui_init (&argc, &argv))
    return 77;

  app = yidi_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/window/three-tabs", test_three_tabs);
  g_test_add_func ("/window/search-shortcut", test_search_shortcut);
  g_test_add_func ("/window/quit-shortcut", test_quit_shortcut);
  g_test_add_func ("/window/case-shortcuts", test_case_shortcuts);
  g_test_add_func ("/window/size-persists", test_size_persists);
  g_test_add_func ("/window/narrow", test_narrow_window_uses_bottom_bar);
  g_test_add_func ("/window/about-and-shortcuts", test_about_and_shortcuts);
  g_test_add_func ("/window/directory-opens", test_directory_opens);
  g_test_add_func ("/window/directory-missing", test_directory_missing);

  status = g_test_run ();

  /* Every window the tests opened is gone; the registered application
   * keeps a reference of its own until shutdown, so only drop ours. */
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_object_unref (app);
  return status;
}

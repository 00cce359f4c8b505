/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "yidi-paths.h"
#include "yidi-test-ui.h"

static char *data_dir;
static guint app_count;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }
  g_rmdir (path);
}

static void
remove_data_dir (void)
{
  if (data_dir != NULL && g_getenv ("YIDI_TEST_KEEP_DATA") == NULL)
    remove_tree (data_dir);
  g_clear_pointer (&data_dir, g_free);
}

gboolean
yidi_test_ui_init (int    *argc,
                   char ***argv)
{
  g_autoptr(GError) error = NULL;

  /* The user's saved cases are never touched: each test program has its
   * own data directory, removed when it exits. */
  data_dir = g_dir_make_tmp ("yidi-test-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  atexit (remove_data_dir);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, yidi_paths_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("no display: skipping UI test\n");
      return FALSE;
    }

  gtk_test_init (argc, argv, NULL);
  adw_init ();

  /* Transitions would make screenshots catch widgets half-way. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  return TRUE;
}

const char *
yidi_test_ui_get_data_dir (void)
{
  return data_dir;
}

const char *
yidi_test_ui_language (void)
{
  const char *language = g_getenv ("YIDI_TEST_LANGUAGE");

  return language != NULL ? language : "en";
}

gboolean
yidi_test_ui_is_chinese (void)
{
  return g_str_has_prefix (yidi_test_ui_language (), "zh");
}

YidiApplication *
yidi_test_application_new (const char *name,
                           const char *casebook,
                           const char *directory,
                           const char *user_directory)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("io.github.yidi.Yidi.%s%u", name, ++app_count);
  YidiApplication *app = g_object_new (YIDI_TYPE_APPLICATION,
                                       "application-id", id,
                                       "flags", G_APPLICATION_NON_UNIQUE,
                                       "resource-base-path", "/io/github/yidi/Yidi",
                                       NULL);

  yidi_application_set_casebook_path (app, casebook);
  yidi_application_set_directory_paths (app, directory, user_directory);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (yidi_test_wait_until (yidi_test_cases_ready, app, 10000));

  return app;
}

YidiWindow *
yidi_test_open_window (YidiApplication *app,
                       int              width,
                       int              height)
{
  YidiWindow *window = yidi_window_new (app);

  if (width != -1 || height != -1)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (yidi_test_wait_until (yidi_test_is_mapped, window, 5000));

  return window;
}

void
yidi_test_close_window (gpointer window)
{
  g_object_add_weak_pointer (window, &window);
  gtk_window_close (window);
  g_assert_null (window);
}

char *
yidi_test_build_directory (const char *name,
                           const char *csv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *divisions = g_build_filename (g_getenv ("YIDI_TEST_DATA_DIR"), "divisions.csv", NULL);
  g_autofree char *csv_name = g_strconcat (name, ".csv", NULL);
  g_autofree char *csv_path = g_build_filename (data_dir, csv_name, NULL);
  g_autofree char *path = g_build_filename (data_dir, name, NULL);

  g_file_set_contents (csv_path, csv, -1, &error);
  g_assert_no_error (error);
  g_assert_true (yidi_directory_build (path, divisions, csv_path, NULL, &error));
  g_assert_no_error (error);
  g_unlink (csv_path);

  return g_steal_pointer (&path);
}

gboolean
yidi_test_is_true (gpointer flag)
{
  return *(gboolean *) flag;
}

gboolean
yidi_test_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

gboolean
yidi_test_cases_ready (gpointer app)
{
  return yidi_application_get_cases_ready (app);
}

gboolean
yidi_test_directory_ready (gpointer app)
{
  return yidi_application_get_directory_ready (app);
}

static gboolean
on_wakeup (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
yidi_test_wait_until (YidiTestCondition condition,
                      gpointer          user_data,
                      guint             timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wakeup = g_timeout_add (10, on_wakeup, NULL);
  gboolean met;

  while (!(met = condition (user_data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wakeup);
  return met;
}

static void
on_after_paint (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

void
yidi_test_wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;

  g_assert_true (gtk_widget_get_realized (widget));
  clock = gtk_widget_get_frame_clock (widget);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gtk_widget_queue_draw (widget);
  g_assert_true (yidi_test_wait_until (yidi_test_is_true, &painted, 5000));
  g_signal_handler_disconnect (clock, handler);
}

char *
yidi_test_save_screenshot (GtkWidget  *widget,
                           const char *name)
{
  const char *dir = g_getenv ("YIDI_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);

  file = g_strdup_printf ("%s-%s.png", name, yidi_test_ui_language ());
  path = g_build_filename (dir != NULL ? dir : ".", file, NULL);
  g_mkdir_with_parents (dir != NULL ? dir : ".", 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  return g_steal_pointer (&path);
}

char *
yidi_test_pdf_to_text (const char *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

gboolean
yidi_test_text_has (const char *haystack,
                    const char *needle)
{
  g_autoptr(GString) squeezed = g_string_new (NULL);
  g_autoptr(GString) want = g_string_new (NULL);

  for (const char *p = haystack; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (squeezed, *p);
  for (const char *p = needle; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (want, *p);
  return strstr (squeezed->str, want->str) != NULL;
}

static gboolean
widget_matches (GtkWidget  *widget,
                const char *label)
{
  g_autofree char *mismatch = NULL;

  if (label == NULL)
    return TRUE;

  mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                 GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                 label);
  if (mismatch == NULL)
    return TRUE;
  if (GTK_IS_LABEL (widget))
    return g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), label) == 0;
  if (GTK_IS_BUTTON (widget))
    return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
  if (ADW_IS_PREFERENCES_ROW (widget))
    return g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), label) == 0;

  return FALSE;
}

GtkWidget *
yidi_test_find_widget (GtkWidget  *root,
                       GType       type,
                       const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && widget_matches (child, label))
        return child;
      if ((found = yidi_test_find_widget (child, type, label)) != NULL)
        return found;
    }

  return NULL;
}

gpointer
yidi_test_template_child (GtkWidget  *widget,
                          GType       type,
                          const char *name)
{
  GObject *child = gtk_widget_get_template_child (widget, type, name);

  g_assert_nonnull (child);
  return child;
}

GtkWindow *
yidi_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
toplevel_shown (gpointer type)
{
  return yidi_test_find_toplevel (GPOINTER_TO_SIZE (type)) != NULL;
}

static gboolean
no_dialog (gpointer user_data)
{
  return yidi_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL;
}

GtkWindow *
yidi_test_wait_for_toplevel (GType type,
                             guint timeout_ms)
{
  g_assert_true (yidi_test_wait_until (toplevel_shown, GSIZE_TO_POINTER (type), timeout_ms));
  return yidi_test_find_toplevel (type);
}

void
yidi_test_respond (GtkWindow  *dialog,
                   const char *label)
{
  GtkWidget *button = yidi_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (yidi_test_wait_until (no_dialog, NULL, 5000));
}

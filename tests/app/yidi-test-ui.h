/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yidi-application.h"
#include "yidi-window.h"

G_BEGIN_DECLS

typedef gboolean (*YidiTestCondition) (gpointer user_data);

/* Sets up a temporary XDG_DATA_HOME (removed at exit), locale,
 * translations, GTK and libadwaita for an in-process UI test.
 * Without a display it says so and returns FALSE: the test should then
 * exit 77, "skipped". */
gboolean         yidi_test_ui_init           (int                 *argc,
                                              char              ***argv);
/* The temporary XDG_DATA_HOME of this test program. */
const char      *yidi_test_ui_get_data_dir   (void);
const char      *yidi_test_ui_language       (void);
gboolean         yidi_test_ui_is_chinese     (void);

/* A new YidiApplication, not unique, with an application id of its own
 * (@name and a number), its cases in @casebook and its directory in
 * @directory and @user_directory (NULL for the defaults); registered, it
 * returns once the cases are read. */
YidiApplication *yidi_test_application_new   (const char          *name,
                                              const char          *casebook,
                                              const char          *directory,
                                              const char          *user_directory) G_GNUC_WARN_UNUSED_RESULT;
/* Presents a new window of @app, @width by @height (-1 by -1 for the size
 * it remembers), and waits until it is mapped. */
YidiWindow      *yidi_test_open_window       (YidiApplication     *app,
                                              int                  width,
                                              int                  height);
/* Closes @window and asserts that it is gone: the application held the
 * only reference. */
void             yidi_test_close_window      (gpointer             window);

/* Builds the directory database @name in the test's data dir from the
 * institutions in @csv and the divisions of the test data; returns its
 * path. */
char            *yidi_test_build_directory   (const char          *name,
                                              const char          *csv) G_GNUC_WARN_UNUSED_RESULT;

/* Conditions for yidi_test_wait_until(): *@flag is TRUE; @widget is
 * mapped; the YidiApplication @app has read its cases, or has opened its
 * directory (or failed to). */
gboolean         yidi_test_is_true           (gpointer             flag);
gboolean         yidi_test_is_mapped         (gpointer             widget);
gboolean         yidi_test_cases_ready       (gpointer             app);
gboolean         yidi_test_directory_ready   (gpointer             app);

/* Runs the main loop until @condition holds or @timeout_ms pass. */
gboolean         yidi_test_wait_until        (YidiTestCondition    condition,
                                              gpointer             user_data,
                                              guint                timeout_ms);
/* Runs the main loop until @widget has been drawn at least once more. */
void             yidi_test_wait_for_frame    (GtkWidget           *widget);

/* Renders @widget as GTK draws it and writes a PNG into the screenshot dir;
 * returns the path written. */
char            *yidi_test_save_screenshot   (GtkWidget           *widget,
                                              const char          *name);

/* The text of the PDF file @pdf, as pdftotext -layout reads it. */
char            *yidi_test_pdf_to_text       (const char          *pdf) G_GNUC_WARN_UNUSED_RESULT;
/* Whether @haystack holds @needle, white space aside: pdftotext -layout
 * may put spaces between the characters of a line. */
gboolean         yidi_test_text_has          (const char          *haystack,
                                              const char          *needle);

/* Depth-first search below @root for a widget of @type whose accessible
 * label, visible text or row title is @label (NULL matches any). */
GtkWidget       *yidi_test_find_widget       (GtkWidget           *root,
                                              GType                type,
                                              const char          *label);
/* The visible toplevel window of @type (a message dialog, the About
 * window), or NULL. */
GtkWindow       *yidi_test_find_toplevel     (GType                type);
/* Waits up to @timeout_ms for a toplevel window of @type and returns it. */
GtkWindow       *yidi_test_wait_for_toplevel (GType                type,
                                              guint                timeout_ms);
/* Clicks the button labelled @label in @dialog, as a person would, and
 * waits until no message dialog is left. */
void             yidi_test_respond           (GtkWindow           *dialog,
                                              const char          *label);

/* The template child @name of @widget, an instance of @type; asserts it
 * exists. */
gpointer         yidi_test_template_child    (GtkWidget           *widget,
                                              GType                type,
                                              const char          *name);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A printable document a social worker can hand over: headings, text,
 * label/value lines, tick boxes and tables, laid out with Pango on A4 pages.
 * The same document prints (GtkPrintOperation) or becomes a PDF. */

#define YIDI_TYPE_REPORT (yidi_report_get_type ())

G_DECLARE_FINAL_TYPE (YidiReport, yidi_report, YIDI, REPORT, GObject)

YidiReport *yidi_report_new             (const char  *title) G_GNUC_WARN_UNUSED_RESULT;
const char *yidi_report_get_title       (YidiReport  *self);
guint       yidi_report_get_n_pages     (YidiReport  *self);

void        yidi_report_add_heading     (YidiReport  *self,
                                         const char  *text);
void        yidi_report_add_paragraph   (YidiReport  *self,
                                         const char  *text);
void        yidi_report_add_field       (YidiReport  *self,
                                         const char  *label,
                                         const char  *value);
void        yidi_report_add_check_item  (YidiReport  *self,
                                         const char  *text,
                                         gboolean     checked);
void        yidi_report_add_row         (YidiReport  *self,
                                         const char * const *cells,
                                         gboolean     header);
void        yidi_report_set_columns     (YidiReport  *self,
                                         const double *widths,
                                         guint        n_columns);
void        yidi_report_add_note        (YidiReport  *self,
                                         const char  *text);
void        yidi_report_set_footer      (YidiReport  *self,
                                         const char  *text);
void        yidi_report_set_body_size   (YidiReport  *self,
                                         double       points);
const char *yidi_report_get_language    (YidiReport  *self);
void        yidi_report_set_language    (YidiReport  *self,
                                         const char  *language);

gboolean    yidi_report_write_pdf       (YidiReport  *self,
                                         const char  *path,
                                         GError     **error);
gboolean    yidi_report_write_pdf_file  (YidiReport  *self,
                                         GFile       *file,
                                         GError     **error);
gboolean    yidi_report_print           (YidiReport  *self,
                                         GtkWindow   *parent,
                                         GError     **error);

/* A page's Print and Save as PDF actions: @build makes the page's report
 * when it is needed, and the page's window tells how it went by a toast
 * (win.show-toast). */
typedef YidiReport *(*YidiReportBuildFunc) (GtkWidget  *page,
                                            GError    **error);

void        yidi_report_print_page      (GtkWidget           *page,
                                         YidiReportBuildFunc  build);
/* Asks where to save in a modal file chooser (the portal in the Flatpak)
 * offering @name, then writes the PDF. @saved is the toast afterwards,
 * "%s" standing for the file's name. One chooser at a time per page; it
 * goes when the page does. */
void        yidi_report_save_page_pdf   (GtkWidget           *page,
                                         YidiReportBuildFunc  build,
                                         const char          *title,
                                         const char          *name,
                                         const char          *saved);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-report"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "yidi-language.h"
#include "yidi-report.h"

/* A4 in points, and the margins around the text. */
#define PAGE_WIDTH  595.0
#define PAGE_HEIGHT 842.0
#define MARGIN      56.0
#define FOOTER_SPACE 28.0
#define BLOCK_GAP   6.0
#define CHECK_SIZE  9.0
#define CHECK_INDENT 18.0

typedef enum {
  BLOCK_HEADING,
  BLOCK_PARAGRAPH,
  BLOCK_FIELD,
  BLOCK_CHECK,
  BLOCK_ROW,
  BLOCK_NOTE,
} BlockKind;

typedef struct {
  BlockKind kind;
  char *text;
  char *value;
  gboolean flag;          /* checked, or a table header row */
  GStrv cells;
  GArray *widths;         /* fractions of the text width, for rows */
} Block;

struct _YidiReport
{
  GObject parent_instance;

  char *title;
  char *footer;
  char *language;         /* of the page numbers; NULL: the window's */
  double body_size;       /* points */
  GPtrArray *blocks;
  GArray *columns;
  guint n_pages;
};

G_DEFINE_FINAL_TYPE (YidiReport, yidi_report, G_TYPE_OBJECT)

/* Where the layout pass is: which page, how far down, and whether this
 * page is drawn (printing draws one page per call, a PDF every page). */
typedef struct {
  cairo_t *cr;
  double width;
  double height;
  double y;
  guint page;
  int target;             /* the page to draw; -1 every page; -2 none */
  guint n_pages;          /* known total, for the footer; 0 if unknown */
  YidiReport *report;
} Pass;

static void
block_free (gpointer data)
{
  Block *block = data;

  g_free (block->text);
  g_free (block->value);
  g_strfreev (block->cells);
  g_clear_pointer (&block->widths, g_array_unref);
  g_free (block);
}

static Block *
add_block (YidiReport *self,
           BlockKind   kind,
           const char *text)
{
  Block *block = g_new0 (Block, 1);

  block->kind = kind;
  block->text = g_strdup (text);
  g_ptr_array_add (self->blocks, block);
  return block;
}

static gboolean
drawing (Pass *pass)
{
  return pass->target == -1 || pass->target == (int) pass->page;
}

/* Font sizes are relative to the body text size (10 pt unless set). */
#define TITLE_SIZE   1.6
#define HEADING_SIZE 1.2
#define BODY_SIZE    1.0
#define ROW_SIZE     0.85
#define NOTE_SIZE    0.8
#define FOOTER_SIZE  0.7

static PangoLayout *
make_layout (Pass       *pass,
             const char *text,
             gboolean    bold,
             double      size,
             double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (pass->cr);
  PangoFontDescription *desc = pango_font_description_from_string ("Sans");

  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_size (desc, (int) (pass->report->body_size * size * PANGO_SCALE));

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, width < 0 ? -1 : (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  pango_font_description_free (desc);

  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static void
draw_footer (Pass *pass)
{
  g_autofree char *page_text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoLayout) page = NULL;
  int page_width;
  double bottom_y;

  if (!drawing (pass))
    return;

  if (pass->n_pages > 0)
    {
      g_autoptr(YidiLanguageScope) scope = NULL;

      if (pass->report->language != NULL)
        scope = yidi_language_scope_begin (pass->report->language);
      /* Translators: the page number at the foot of a printed page */
      page_text = g_strdup_printf (_("Page %u of %u"), pass->page + 1, pass->n_pages);
    }
  else
    page_text = g_strdup_printf ("%u", pass->page + 1);

  /* The page number on the right, never broken; the footer text on the
   * left, wrapped before it. Both end on the same line. */
  page = make_layout (pass, page_text, FALSE, FOOTER_SIZE, -1);
  pango_layout_get_size (page, &page_width, NULL);
  cairo_save (pass->cr);
  cairo_set_source_rgb (pass->cr, 0.4, 0.4, 0.4);
  bottom_y = PAGE_HEIGHT - MARGIN + FOOTER_SPACE / 2;
  cairo_move_to (pass->cr, MARGIN + pass->width - (double) page_width / PANGO_SCALE,
                 bottom_y - layout_height (page));
  pango_cairo_show_layout (pass->cr, page);
  if (pass->report->footer != NULL)
    {
      layout = make_layout (pass, pass->report->footer, FALSE, FOOTER_SIZE,
                            pass->width - (double) page_width / PANGO_SCALE - 18);
      cairo_move_to (pass->cr, MARGIN, bottom_y - layout_height (layout));
      pango_cairo_show_layout (pass->cr, layout);
    }
  cairo_restore (pass->cr);
}

static double
bottom (Pass *pass)
{
  return MARGIN + pass->height;
}

static void
next_page (Pass *pass)
{
  draw_footer (pass);
  if (pass->target == -1)
    cairo_show_page (pass->cr);
  pass->page++;
  pass->y = MARGIN;
}

/* Makes room for @needed points, starting a new page if this one is full
 * (but never leaving a page empty for a block taller than a page). */
static void
reserve (Pass   *pass,
         double  needed)
{
  if (pass->y + needed > bottom (pass) && pass->y > MARGIN)
    next_page (pass);
}

static void
show_layout_at (Pass        *pass,
                PangoLayout *layout,
                double       x,
                double       y)
{
  if (!drawing (pass))
    return;
  cairo_move_to (pass->cr, x, y);
  pango_cairo_show_layout (pass->cr, layout);
}

/* Places a layout line by line, so long text flows onto the next page. */
static void
flow_layout (Pass        *pass,
             PangoLayout *layout,
             double       x)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoRectangle logical;
      double line_height;
      double baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      line_height = (double) logical.height / PANGO_SCALE;
      baseline = (double) (pango_layout_iter_get_baseline (iter) - logical.y) / PANGO_SCALE;

      reserve (pass, line_height);
      if (drawing (pass))
        {
          cairo_move_to (pass->cr, x, pass->y + baseline);
          pango_cairo_show_layout_line (pass->cr, pango_layout_iter_get_line_readonly (iter));
        }
      pass->y += line_height;
    }
  while (pango_layout_iter_next_line (iter));

  pango_layout_iter_free (iter);
}

static void
draw_check_box (Pass     *pass,
                double    x,
                double    y,
                gboolean  checked)
{
  if (!drawing (pass))
    return;

  cairo_save (pass->cr);
  cairo_set_line_width (pass->cr, 0.8);
  cairo_rectangle (pass->cr, x, y, CHECK_SIZE, CHECK_SIZE);
  cairo_stroke (pass->cr);
  if (checked)
    {
      cairo_move_to (pass->cr, x + 2, y + CHECK_SIZE / 2);
      cairo_line_to (pass->cr, x + CHECK_SIZE / 2 - 0.5, y + CHECK_SIZE - 2);
      cairo_line_to (pass->cr, x + CHECK_SIZE - 1.5, y + 1.5);
      cairo_stroke (pass->cr);
    }
  cairo_restore (pass->cr);
}

static void
place_row (Pass  *pass,
           Block *block)
{
  GArray *widths = block->widths;
  guint n = g_strv_length (block->cells);
  g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
  double row_height = 0;
  double x = MARGIN;

  for (guint i = 0; i < n; i++)
    {
      double fraction = widths != NULL && i < widths->len ? g_array_index (widths, double, i) : 1.0 / n;
      PangoLayout *layout = make_layout (pass, block->cells[i],
                                         block->flag, ROW_SIZE,
                                         pass->width * fraction - 6);

      g_ptr_array_add (layouts, layout);
      row_height = MAX (row_height, layout_height (layout));
    }

  reserve (pass, row_height + 4);
  for (guint i = 0; i < n; i++)
    {
      double fraction = widths != NULL && i < widths->len ? g_array_index (widths, double, i) : 1.0 / n;

      show_layout_at (pass, g_ptr_array_index (layouts, i), x, pass->y + 2);
      x += pass->width * fraction;
    }
  if (drawing (pass))
    {
      cairo_save (pass->cr);
      cairo_set_source_rgb (pass->cr, 0.75, 0.75, 0.75);
      cairo_set_line_width (pass->cr, block->flag ? 0.8 : 0.3);
      cairo_move_to (pass->cr, MARGIN, pass->y + row_height + 3.5);
      cairo_line_to (pass->cr, MARGIN + pass->width, pass->y + row_height + 3.5);
      cairo_stroke (pass->cr);
      cairo_restore (pass->cr);
    }
  pass->y += row_height + 4;
}

static void
place_block (Pass  *pass,
             Block *block,
             Block *next)
{
  g_autoptr(PangoLayout) layout = NULL;

  switch (block->kind)
    {
    case BLOCK_HEADING:
      {
        g_autoptr(PangoLayout) following = NULL;
        double keep = 0;

        layout = make_layout (pass, block->text, TRUE, HEADING_SIZE, pass->width);
        /* Keep a heading with the first line of what follows it. */
        if (next != NULL && next->kind != BLOCK_HEADING)
          {
            following = make_layout (pass, next->text ? next->text : "x", FALSE, BODY_SIZE, pass->width);
            keep = MIN (layout_height (following), 30.0);
          }
        pass->y += BLOCK_GAP * 2;
        reserve (pass, layout_height (layout) + keep);
        show_layout_at (pass, layout, MARGIN, pass->y);
        pass->y += layout_height (layout) + BLOCK_GAP / 2;
      }
      break;

    case BLOCK_PARAGRAPH:
    case BLOCK_NOTE:
      layout = make_layout (pass, block->text,
                            FALSE, block->kind == BLOCK_NOTE ? NOTE_SIZE : BODY_SIZE,
                            pass->width);
      if (drawing (pass) && block->kind == BLOCK_NOTE)
        cairo_set_source_rgb (pass->cr, 0.35, 0.35, 0.35);
      flow_layout (pass, layout, MARGIN);
      if (drawing (pass))
        cairo_set_source_rgb (pass->cr, 0, 0, 0);
      pass->y += BLOCK_GAP;
      break;

    case BLOCK_FIELD:
      {
        g_autoptr(PangoLayout) label = make_layout (pass, block->text, TRUE, BODY_SIZE, pass->width * 0.32);
        double height;

        layout = make_layout (pass, block->value, FALSE, BODY_SIZE, pass->width * 0.66);
        height = MAX (layout_height (label), layout_height (layout));
        reserve (pass, height);
        show_layout_at (pass, label, MARGIN, pass->y);
        show_layout_at (pass, layout, MARGIN + pass->width * 0.34, pass->y);
        pass->y += height + BLOCK_GAP / 2;
      }
      break;

    case BLOCK_CHECK:
      layout = make_layout (pass, block->text, FALSE, BODY_SIZE, pass->width - CHECK_INDENT);
      reserve (pass, MIN (layout_height (layout), 40.0));
      draw_check_box (pass, MARGIN, pass->y + 3, block->flag);
      flow_layout (pass, layout, MARGIN + CHECK_INDENT);
      pass->y += BLOCK_GAP / 2;
      break;

    case BLOCK_ROW:
      place_row (pass, block);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Lays the whole document out once, drawing the pages @target selects.
 * Returns the number of pages. */
static guint
run_pass (YidiReport *self,
          cairo_t    *cr,
          int         target,
          guint       n_pages)
{
  g_autoptr(PangoLayout) title = NULL;
  Pass pass = {
    .cr = cr,
    .width = PAGE_WIDTH - 2 * MARGIN,
    .height = PAGE_HEIGHT - 2 * MARGIN - FOOTER_SPACE,
    .y = MARGIN,
    .page = 0,
    .target = target,
    .n_pages = n_pages,
    .report = self,
  };

  cairo_set_source_rgb (cr, 0, 0, 0);
  title = make_layout (&pass, self->title, TRUE, TITLE_SIZE, pass.width);
  show_layout_at (&pass, title, MARGIN, pass.y);
  pass.y += layout_height (title) + BLOCK_GAP;

  for (guint i = 0; i < self->blocks->len; i++)
    place_block (&pass, g_ptr_array_index (self->blocks, i),
                 i + 1 < self->blocks->len ? g_ptr_array_index (self->blocks, i + 1) : NULL);

  draw_footer (&pass);
  return pass.page + 1;
}

static guint
count_pages (YidiReport *self)
{
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (NULL, NULL, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_t *cr = cairo_create (surface);
  guint n_pages = run_pass (self, cr, -2, 0);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return n_pages;
}

static void
yidi_report_finalize (GObject *object)
{
  YidiReport *self = YIDI_REPORT (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->footer, g_free);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->columns, g_array_unref);

  G_OBJECT_CLASS (yidi_report_parent_class)->finalize (object);
}

static void
yidi_report_class_init (YidiReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yidi_report_finalize;
}

static void
yidi_report_init (YidiReport *self)
{
  self->blocks = g_ptr_array_new_with_free_func (block_free);
  self->body_size = 10.0;
}

YidiReport *
yidi_report_new (const char *title)
{
  YidiReport *self = g_object_new (YIDI_TYPE_REPORT, NULL);

  self->title = g_strdup (title);
  return self;
}

const char *
yidi_report_get_title (YidiReport *self)
{
  g_return_val_if_fail (YIDI_IS_REPORT (self), NULL);
  return self->title;
}

/**
 * yidi_report_get_n_pages:
 *
 * Returns: how many A4 pages the document takes.
 */
guint
yidi_report_get_n_pages (YidiReport *self)
{
  g_return_val_if_fail (YIDI_IS_REPORT (self), 0);
  return count_pages (self);
}

void
yidi_report_add_heading (YidiReport *self,
                         const char *text)
{
  g_return_if_fail (YIDI_IS_REPORT (self));
  add_block (self, BLOCK_HEADING, text);
}

void
yidi_report_add_paragraph (YidiReport *self,
                           const char *text)
{
  g_return_if_fail (YIDI_IS_REPORT (self));
  add_block (self, BLOCK_PARAGRAPH, text);
}

void
yidi_report_add_field (YidiReport *self,
                       const char *label,
                       const char *value)
{
  g_return_if_fail (YIDI_IS_REPORT (self));
  add_block (self, BLOCK_FIELD, label)->value = g_strdup (value);
}

void
yidi_report_add_check_item (YidiReport *self,
                            const char *text,
                            gboolean    checked)
{
  g_return_if_fail (YIDI_IS_REPORT (self));
  add_block (self, BLOCK_CHECK, text)->flag = checked;
}

/**
 * yidi_report_set_columns:
 * @widths: (array length=n_columns): each column's share of the text width
 *
 * Sets the column widths used by the rows added after this call.
 */
void
yidi_report_set_columns (YidiReport   *self,
                         const double *widths,
                         guint         n_columns)
{
  g_return_if_fail (YIDI_IS_REPORT (self));

  g_clear_pointer (&self->columns, g_array_unref);
  self->columns = g_array_sized_new (FALSE, FALSE, sizeof (double), n_columns);
  g_array_append_vals (self->columns, widths, n_columns);
}

void
yidi_report_add_row (YidiReport         *self,
                     const char * const *cells,
                     gboolean            header)
{
  Block *block;

  g_return_if_fail (YIDI_IS_REPORT (self));
  g_return_if_fail (cells != NULL && cells[0] != NULL);

  block = add_block (self, BLOCK_ROW, NULL);
  block->cells = g_strdupv ((char **) cells);
  block->flag = header;
  if (self->columns != NULL)
    block->widths = g_array_ref (self->columns);
}

void
yidi_report_add_note (YidiReport *self,
                      const char *text)
{
  g_return_if_fail (YIDI_IS_REPORT (self));
  add_block (self, BLOCK_NOTE, text);
}

void
yidi_report_set_footer (YidiReport *self,
                        const char *text)
{
  g_return_if_fail (YIDI_IS_REPORT (self));
  g_free (self->footer);
  self->footer = g_strdup (text);
}

/**
 * yidi_report_set_body_size:
 * @points: the size of the body text; headings, notes and the rest
 *   keep their proportions to it (10 by default)
 *
 * A smaller size keeps a document that must fit a page on one page.
 */
void
yidi_report_set_body_size (YidiReport *self,
                           double      points)
{
  g_return_if_fail (YIDI_IS_REPORT (self));
  g_return_if_fail (points >= 6.0 && points <= 24.0);
  self->body_size = points;
}

/**
 * yidi_report_set_language:
 * @language: (nullable): "zh_CN", "en", or %NULL for the window's language
 *
 * The language of the words the report adds itself ("Page 1 of 2") when
 * it is drawn, which for printing is after the dialog: set it to the
 * language the rest of the document was written in.
 */
void
yidi_report_set_language (YidiReport *self,
                          const char *language)
{
  g_return_if_fail (YIDI_IS_REPORT (self));
  g_free (self->language);
  self->language = g_strdup (language);
}

const char *
yidi_report_get_language (YidiReport *self)
{
  g_return_val_if_fail (YIDI_IS_REPORT (self), NULL);
  return self->language;
}

/**
 * yidi_report_write_pdf:
 *
 * Writes the document as an A4 PDF, replacing @path atomically: a failed
 * export never leaves half a file where a good one was.
 */
gboolean
yidi_report_write_pdf (YidiReport  *self,
                       const char  *path,
                       GError     **error)
{
  g_autofree char *tmp_path = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  guint n_pages;

  g_return_val_if_fail (YIDI_IS_REPORT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  n_pages = count_pages (self);
  tmp_path = g_strdup_printf ("%s.part", path);
  surface = cairo_pdf_surface_create (tmp_path, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Yidi " PACKAGE_VERSION);
  cr = cairo_create (surface);
  run_pass (self, cr, -1, n_pages);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS || g_rename (tmp_path, path) != 0)
    {
      g_unlink (tmp_path);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write the PDF to “%s”. Check that the folder exists and that you may write to it."),
                   path);
      return FALSE;
    }

  return TRUE;
}

static void
on_begin_print (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                YidiReport        *self)
{
  self->n_pages = count_pages (self);
  gtk_print_operation_set_n_pages (operation, self->n_pages);
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              YidiReport        *self)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double scale = gtk_print_context_get_width (context) / PAGE_WIDTH;

  /* The layout is in A4 points; fit it to the printable width. */
  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  run_pass (self, cr, page_nr, self->n_pages);
  cairo_restore (cr);
}

/**
 * yidi_report_print:
 *
 * Shows the print dialog for the document and prints it.
 *
 * Returns: %FALSE with @error set if printing failed; %TRUE when it was
 * printed or the person cancelled.
 */
gboolean
yidi_report_print (YidiReport  *self,
                   GtkWindow   *parent,
                   GError     **error)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

  g_return_val_if_fail (YIDI_IS_REPORT (self), FALSE);

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_page_setup_set_top_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_bottom_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_left_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_right_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_job_name (operation, self->title);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);

  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), self);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), self);

  return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                  parent, error) != GTK_PRINT_OPERATION_RESULT_ERROR;
}

/**
 * yidi_report_write_pdf_file:
 * @file: where the person chose to save it
 *
 * Like yidi_report_write_pdf(), for a file from a file chooser, which
 * must be a file on this computer.
 */
gboolean
yidi_report_write_pdf_file (YidiReport  *self,
                            GFile       *file,
                            GError     **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (YIDI_IS_REPORT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The PDF can only be saved to a folder on this computer. Choose another folder."));
      return FALSE;
    }
  return yidi_report_write_pdf (self, path, error);
}

/* ---- A page's Print and Save as PDF ---------------------------------------- */

#define CHOOSER_KEY "yidi-report-pdf-chooser"
#define EXPORT_KEY "yidi-report-export"

/* What a chooser saves, kept on the chooser. */
typedef struct {
  GtkWidget *page;              /* not owned: the chooser goes with it */
  YidiReportBuildFunc build;
  char *saved;
} Export;

static void
export_free (gpointer data)
{
  Export *export = data;

  g_free (export->saved);
  g_free (export);
}

static void
tell (GtkWidget  *page,
      const char *text)
{
  gtk_widget_activate_action (page, "win.show-toast", "s", text);
}

void
yidi_report_print_page (GtkWidget           *page,
                        YidiReportBuildFunc  build)
{
  GtkRoot *root;
  g_autoptr(YidiReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (build != NULL);

  root = gtk_widget_get_root (page);
  report = build (page, &error);
  if (report == NULL || !yidi_report_print (report, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &error))
    tell (page, error->message);
}

static void on_pdf_chooser_response (GtkNativeDialog *chooser, int response, gpointer user_data);

/* The page is going: so is its chooser. */
static void
on_page_destroy (GtkWidget *page,
                 gpointer   user_data)
{
  g_autoptr(GtkNativeDialog) chooser = g_object_steal_data (G_OBJECT (page), CHOOSER_KEY);

  if (chooser != NULL)
    {
      g_signal_handlers_disconnect_by_func (chooser, on_pdf_chooser_response, NULL);
      gtk_native_dialog_destroy (chooser);
    }
}

static void
on_pdf_chooser_response (GtkNativeDialog *dialog,
                         int              response,
                         gpointer         user_data)
{
  Export *export = g_object_get_data (G_OBJECT (dialog), EXPORT_KEY);
  GtkWidget *page = export->page;
  g_autoptr(GtkNativeDialog) chooser = g_object_steal_data (G_OBJECT (page), CHOOSER_KEY);
  g_autoptr(GFile) file = NULL;
  g_autoptr(YidiReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_handlers_disconnect_by_func (page, on_page_destroy, NULL);
  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file == NULL)
    return;

  report = export->build (page, &error);
  if (report != NULL && yidi_report_write_pdf_file (report, file, &error))
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autoptr(GString) text = g_string_new (export->saved);

      g_string_replace (text, "%s", name, 1);
      tell (page, text->str);
    }
  else
    {
      tell (page, error->message);
    }
}

void
yidi_report_save_page_pdf (GtkWidget           *page,
                           YidiReportBuildFunc  build,
                           const char          *title,
                           const char          *name,
                           const char          *saved)
{
  GtkRoot *root;
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autofree char *safe_name = NULL;
  GtkFileChooserNative *chooser;
  Export *export;

  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (build != NULL);
  g_return_if_fail (name != NULL);

  if (g_object_get_data (G_OBJECT (page), CHOOSER_KEY) != NULL)
    return;

  root = gtk_widget_get_root (page);
  chooser = gtk_file_chooser_native_new (title,
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* A person's name may hold a "/": it is no folder. */
  safe_name = g_strdelimit (g_strdup (name), "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), safe_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  export = g_new0 (Export, 1);
  export->page = page;
  export->build = build;
  export->saved = g_strdup (saved);
  g_object_set_data_full (G_OBJECT (chooser), EXPORT_KEY, export, export_free);
  g_object_set_data (G_OBJECT (page), CHOOSER_KEY, chooser);
  g_signal_connect (chooser, "response", G_CALLBACK (on_pdf_chooser_response), NULL);
  g_signal_connect (page, "destroy", G_CALLBACK (on_page_destroy), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

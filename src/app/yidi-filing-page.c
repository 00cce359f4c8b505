/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-filing-page"

#include "config.h"

#include "yidi-filing-page.h"

struct _YidiFilingPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (YidiFilingPage, yidi_filing_page, ADW_TYPE_BIN)

static void
yidi_filing_page_class_init (YidiFilingPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/yidi/Yidi/yidi-filing-page.ui");
}

static void
yidi_filing_page_init (YidiFilingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

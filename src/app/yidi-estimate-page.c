/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-estimate-page"

#include "config.h"

#include "yidi-estimate-page.h"

struct _YidiEstimatePage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (YidiEstimatePage, yidi_estimate_page, ADW_TYPE_BIN)

static void
yidi_estimate_page_class_init (YidiEstimatePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/yidi/Yidi/yidi-estimate-page.ui");
}

static void
yidi_estimate_page_init (YidiEstimatePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

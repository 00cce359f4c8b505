/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-hospitals-page"

#include "config.h"

#include "yidi-hospitals-page.h"

struct _YidiHospitalsPage
{
  AdwBin parent_instance;

  GtkSearchEntry *search_entry;
};

G_DEFINE_FINAL_TYPE (YidiHospitalsPage, yidi_hospitals_page, ADW_TYPE_BIN)

static void
yidi_hospitals_page_class_init (YidiHospitalsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/yidi/Yidi/yidi-hospitals-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YidiHospitalsPage, search_entry);
}

static void
yidi_hospitals_page_init (YidiHospitalsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
yidi_hospitals_page_focus_search (YidiHospitalsPage *self)
{
  g_return_if_fail (YIDI_IS_HOSPITALS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

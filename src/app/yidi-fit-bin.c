/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-fit-bin"

#include "config.h"

#include "yidi-fit-bin.h"

struct _YidiFitBin
{
  GtkWidget parent_instance;

  GtkWidget *child;
  int width;            /* last allocated, -1 before the first */
  guint remeasure_id;   /* tick callback asking the parent again */
};

G_DEFINE_FINAL_TYPE (YidiFitBin, yidi_fit_bin, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CHILD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
yidi_fit_bin_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  YidiFitBin *self = YIDI_FIT_BIN (widget);

  if (self->child == NULL || !gtk_widget_get_visible (self->child))
    return;

  if (orientation == GTK_ORIENTATION_VERTICAL && for_size < 0)
    for_size = self->width;
  gtk_widget_measure (self->child, orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static gboolean
remeasure_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  YIDI_FIT_BIN (widget)->remeasure_id = 0;
  gtk_widget_queue_resize (widget);
  return G_SOURCE_REMOVE;
}

static void
yidi_fit_bin_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  YidiFitBin *self = YIDI_FIT_BIN (widget);

  if (self->child != NULL && gtk_widget_get_visible (self->child))
    gtk_widget_allocate (self->child, width, height, baseline, NULL);

  /* A new width is a new height: ask the parent to measure again, on the
   * next frame rather than in the middle of this layout. */
  if (width != self->width)
    {
      self->width = width;
      if (self->remeasure_id == 0)
        self->remeasure_id = gtk_widget_add_tick_callback (widget, remeasure_cb, NULL, NULL);
    }
}

static GtkSizeRequestMode
yidi_fit_bin_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
yidi_fit_bin_dispose (GObject *object)
{
  YidiFitBin *self = YIDI_FIT_BIN (object);

  if (self->remeasure_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->remeasure_id);
      self->remeasure_id = 0;
    }
  g_clear_pointer (&self->child, gtk_widget_unparent);

  G_OBJECT_CLASS (yidi_fit_bin_parent_class)->dispose (object);
}

static void
yidi_fit_bin_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  YidiFitBin *self = YIDI_FIT_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yidi_fit_bin_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  YidiFitBin *self = YIDI_FIT_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      yidi_fit_bin_set_child (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yidi_fit_bin_class_init (YidiFitBinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yidi_fit_bin_dispose;
  object_class->get_property = yidi_fit_bin_get_property;
  object_class->set_property = yidi_fit_bin_set_property;

  widget_class->measure = yidi_fit_bin_measure;
  widget_class->size_allocate = yidi_fit_bin_size_allocate;
  widget_class->get_request_mode = yidi_fit_bin_get_request_mode;

  properties[PROP_CHILD] = g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yidi_fit_bin_init (YidiFitBin *self)
{
  self->width = -1;
}

GtkWidget *
yidi_fit_bin_new (void)
{
  return g_object_new (YIDI_TYPE_FIT_BIN, NULL);
}

GtkWidget *
yidi_fit_bin_get_child (YidiFitBin *self)
{
  g_return_val_if_fail (YIDI_IS_FIT_BIN (self), NULL);
  return self->child;
}

void
yidi_fit_bin_set_child (YidiFitBin *self,
                        GtkWidget  *child)
{
  g_return_if_fail (YIDI_IS_FIT_BIN (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;
  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

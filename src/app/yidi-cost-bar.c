/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-cost-bar"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "yidi-cost-bar.h"

#define BAR_HEIGHT 28
#define GAP 2.0f

struct _YidiCostBar
{
  GtkWidget parent_instance;

  YidiFen parts[YIDI_N_PARTS];
  gboolean has_parts;
  char *description;
};

G_DEFINE_FINAL_TYPE (YidiCostBar, yidi_cost_bar, GTK_TYPE_WIDGET)

/* The GNOME palette: blues and greens for what insurance pays, warm
 * colours for what the person pays. */
static const char * const part_colors[YIDI_N_PARTS] = {
  [YIDI_PART_FUND] = "#3584e4",
  [YIDI_PART_SERIOUS_ILLNESS] = "#9141ac",
  [YIDI_PART_CIVIL_SERVANT] = "#2190a4",
  [YIDI_PART_ASSISTANCE] = "#26a269",
  [YIDI_PART_DEDUCTIBLE] = "#f6d32d",
  [YIDI_PART_COPAYMENT] = "#ff7800",
  [YIDI_PART_PRE_SELF_PAY] = "#c64600",
  [YIDI_PART_SELF_PAY] = "#e01b24",
  [YIDI_PART_OVER_CAP] = "#a51d2d",
  [YIDI_PART_NOT_COVERED] = "#865e3c",
};

void
yidi_cost_bar_get_part_color (YidiEstimatePart part,
                              GdkRGBA         *out_color)
{
  g_return_if_fail ((guint) part < YIDI_N_PARTS);
  gdk_rgba_parse (out_color, part_colors[part]);
}

char *
yidi_cost_bar_describe_parts (const YidiFen *parts)
{
  g_autoptr(GString) text = g_string_new (NULL);
  YidiFen total = 0;
  YidiFen personal = 0;

  for (guint i = 0; i < YIDI_N_PARTS; i++)
    {
      total += parts[i];
      if (!yidi_estimate_part_is_insurance (i))
        personal += parts[i];
    }
  {
    g_autofree char *amount = yidi_money_format (total);
    /* Translators: the start of the spoken description of the bar: the bill total */
    g_string_append_printf (text, _("Of %s:"), amount);
  }
  for (guint i = 0; i < YIDI_N_PARTS; i++)
    {
      g_autofree char *amount = NULL;

      if (parts[i] == 0)
        continue;
      amount = yidi_money_format (parts[i]);
      /* Translators: one part of the bar, e.g. "Basic fund pays ¥38,000.00" */
      g_string_append_printf (text, _(" %s %s;"), yidi_estimate_part_get_label (i), amount);
    }
  if (text->len > 0 && text->str[text->len - 1] == ';')
    text->str[text->len - 1] = '.';
  {
    g_autofree char *amount = yidi_money_format (personal);
    /* Translators: the end of the spoken description of the bar */
    g_string_append_printf (text, _(" In all you pay %s."), amount);
  }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
yidi_cost_bar_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  YidiCostBar *self = YIDI_COST_BAR (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  GskRoundedRect outline;
  YidiFen total = 0;
  guint n_visible = 0;
  float x = 0;

  gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (0, 0, width, height), 6);
  gtk_snapshot_push_rounded_clip (snapshot, &outline);

  for (guint i = 0; i < YIDI_N_PARTS; i++)
    {
      total += self->parts[i];
      n_visible += self->parts[i] > 0;
    }

  if (!self->has_parts || total <= 0)
    {
      GdkRGBA empty = { 0.5f, 0.5f, 0.5f, 0.2f };

      gtk_snapshot_append_color (snapshot, &empty, &GRAPHENE_RECT_INIT (0, 0, width, height));
    }
  else
    {
      float available = width - GAP * (n_visible > 0 ? n_visible - 1 : 0);
      YidiFen before = 0;
      guint drawn = 0;

      for (guint i = 0; i < YIDI_N_PARTS; i++)
        {
          GdkRGBA color;
          float end;

          if (self->parts[i] <= 0)
            continue;
          before += self->parts[i];
          drawn++;
          /* Edges from the running sum, so rounding never leaves a gap. */
          end = (float) ((double) available * (double) before / (double) total) + GAP * (drawn - 1);
          yidi_cost_bar_get_part_color (i, &color);
          /* Every part at least a sliver wide, to be seen. */
          gtk_snapshot_append_color (snapshot, &color,
                                     &GRAPHENE_RECT_INIT (x, 0, MAX (end - x, 2.0f), height));
          x = end + GAP;
        }
    }
  gtk_snapshot_pop (snapshot);
}

static void
yidi_cost_bar_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 480;
    }
  else
    *minimum = *natural = BAR_HEIGHT;
}

static void
yidi_cost_bar_finalize (GObject *object)
{
  YidiCostBar *self = YIDI_COST_BAR (object);

  g_free (self->description);

  G_OBJECT_CLASS (yidi_cost_bar_parent_class)->finalize (object);
}

static void
yidi_cost_bar_class_init (YidiCostBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = yidi_cost_bar_finalize;
  widget_class->snapshot = yidi_cost_bar_snapshot;
  widget_class->measure = yidi_cost_bar_measure;

  gtk_widget_class_set_css_name (widget_class, "costbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
yidi_cost_bar_init (YidiCostBar *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  yidi_cost_bar_set_parts (self, NULL);
}

GtkWidget *
yidi_cost_bar_new (void)
{
  return g_object_new (YIDI_TYPE_COST_BAR, NULL);
}

void
yidi_cost_bar_set_parts (YidiCostBar   *self,
                         const YidiFen *parts)
{
  g_return_if_fail (YIDI_IS_COST_BAR (self));

  g_clear_pointer (&self->description, g_free);
  self->has_parts = parts != NULL;
  if (parts != NULL)
    {
      memcpy (self->parts, parts, sizeof self->parts);
      self->description = yidi_cost_bar_describe_parts (parts);
    }
  else
    {
      memset (self->parts, 0, sizeof self->parts);
      self->description = g_strdup (_("No estimate yet"));
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->description,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), self->description);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
yidi_cost_bar_get_description (YidiCostBar *self)
{
  g_return_val_if_fail (YIDI_IS_COST_BAR (self), NULL);
  return self->description;
}

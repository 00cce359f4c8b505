/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-money-row"

#include "config.h"

#include <glib/gi18n.h>

#include "yidi-money-row.h"

struct _YidiMoneyRow
{
  AdwActionRow parent_instance;

  GtkWidget *entry;
  YidiFen amount;
  gboolean valid;
  char *error;
  char *hint;
};

G_DEFINE_FINAL_TYPE (YidiMoneyRow, yidi_money_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_AMOUNT,
  PROP_VALID,
  PROP_HINT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_state (YidiMoneyRow *self)
{
  const char *subtitle = self->valid ? self->hint : self->error;
  g_autofree char *escaped = subtitle != NULL ? g_markup_escape_text (subtitle, -1) : NULL;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), escaped != NULL ? escaped : "");
  if (self->valid)
    {
      gtk_widget_remove_css_class (self->entry, "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "yidi-invalid");
    }
  else
    {
      gtk_widget_add_css_class (self->entry, "error");
      gtk_widget_add_css_class (GTK_WIDGET (self), "yidi-invalid");
    }
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               self->valid ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle != NULL ? subtitle : "",
                                  -1);
}

static void
on_text_changed (YidiMoneyRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  gboolean was_valid = self->valid;
  YidiFen amount = 0;
  gboolean valid = TRUE;

  g_clear_pointer (&self->error, g_free);
  if (*stripped == '\0')
    amount = 0;
  else if (!yidi_money_parse (text, &amount, &error))
    {
      valid = FALSE;
      if (g_error_matches (error, YIDI_MONEY_ERROR, YIDI_MONEY_ERROR_NEGATIVE))
        self->error = g_strdup (_("An amount cannot be negative: enter 0 or more."));
      else if (g_error_matches (error, YIDI_MONEY_ERROR, YIDI_MONEY_ERROR_TOO_LARGE))
        {
          g_autofree char *max = yidi_money_format (YIDI_MONEY_ROW_MAX);
          self->error = g_strdup_printf (_("More than %s is not a real hospital bill: check the number of digits."), max);
        }
      else
        self->error = g_strdup (error->message);
    }
  else if (amount > YIDI_MONEY_ROW_MAX)
    {
      g_autofree char *max = yidi_money_format (YIDI_MONEY_ROW_MAX);

      valid = FALSE;
      self->error = g_strdup_printf (_("More than %s is not a real hospital bill: check the number of digits."), max);
    }

  self->valid = valid;
  show_state (self);
  if (valid != was_valid)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
  if (valid && amount != self->amount)
    {
      self->amount = amount;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AMOUNT]);
    }
}

static void
yidi_money_row_finalize (GObject *object)
{
  YidiMoneyRow *self = YIDI_MONEY_ROW (object);

  g_free (self->error);
  g_free (self->hint);

  G_OBJECT_CLASS (yidi_money_row_parent_class)->finalize (object);
}

static void
yidi_money_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YidiMoneyRow *self = YIDI_MONEY_ROW (object);

  switch (prop_id)
    {
    case PROP_AMOUNT:
      g_value_set_int64 (value, self->amount);
      break;
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    case PROP_HINT:
      g_value_set_string (value, self->hint);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yidi_money_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  YidiMoneyRow *self = YIDI_MONEY_ROW (object);

  switch (prop_id)
    {
    case PROP_HINT:
      yidi_money_row_set_hint (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yidi_money_row_class_init (YidiMoneyRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yidi_money_row_finalize;
  object_class->get_property = yidi_money_row_get_property;
  object_class->set_property = yidi_money_row_set_property;

  properties[PROP_AMOUNT] =
    g_param_spec_int64 ("amount", NULL, NULL, 0, YIDI_MONEY_ROW_MAX, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HINT] =
    g_param_spec_string ("hint", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yidi_money_row_init (YidiMoneyRow *self)
{
  self->valid = TRUE;
  self->entry = g_object_new (GTK_TYPE_ENTRY,
                              "valign", GTK_ALIGN_CENTER,
                              "xalign", 1.0f,
                              "width-chars", 12,
                              "max-width-chars", 14,
                              "input-purpose", GTK_INPUT_PURPOSE_NUMBER,
                              "placeholder-text", "0.00",
                              NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->entry);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), self->entry);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self), 0);
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (on_text_changed), self);
  /* The row names the entry (its activatable widget is labelled by the
   * title); the subtitle, a hint or the error, is its description. */
}

GtkWidget *
yidi_money_row_new (void)
{
  return g_object_new (YIDI_TYPE_MONEY_ROW, NULL);
}

YidiFen
yidi_money_row_get_amount (YidiMoneyRow *self)
{
  g_return_val_if_fail (YIDI_IS_MONEY_ROW (self), 0);
  return self->amount;
}

gboolean
yidi_money_row_get_valid (YidiMoneyRow *self)
{
  g_return_val_if_fail (YIDI_IS_MONEY_ROW (self), FALSE);
  return self->valid;
}

const char *
yidi_money_row_get_error (YidiMoneyRow *self)
{
  g_return_val_if_fail (YIDI_IS_MONEY_ROW (self), NULL);
  return self->error;
}

/**
 * yidi_money_row_get_editable:
 *
 * Returns: (transfer none): the entry, as a person types into it.
 */
GtkEditable *
yidi_money_row_get_editable (YidiMoneyRow *self)
{
  g_return_val_if_fail (YIDI_IS_MONEY_ROW (self), NULL);
  return GTK_EDITABLE (self->entry);
}

void
yidi_money_row_set_amount (YidiMoneyRow *self,
                           YidiFen       amount)
{
  g_autofree char *text = NULL;

  g_return_if_fail (YIDI_IS_MONEY_ROW (self));
  g_return_if_fail (amount >= 0 && amount <= YIDI_MONEY_ROW_MAX);

  text = amount > 0 ? yidi_money_to_decimal (amount) : g_strdup ("");
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
}

void
yidi_money_row_set_hint (YidiMoneyRow *self,
                         const char   *hint)
{
  g_return_if_fail (YIDI_IS_MONEY_ROW (self));

  if (g_strcmp0 (self->hint, hint) == 0)
    return;
  g_free (self->hint);
  self->hint = g_strdup (hint);
  show_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HINT]);
}

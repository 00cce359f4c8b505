/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-case-summary"

#include "config.h"

#include "yidi-case-summary.h"
#include "yidi-core-enums.h"

struct _YidiCaseSummary
{
  GObject parent_instance;

  gint64              id;
  char               *label;
  char               *insured_place;
  char               *destination;
  YidiFilingCategory  filing_category;
  YidiFilingStatus    filing_status;
  char               *filing_date;
  char               *modified;
  char               *expires;
  int                 days_left;
  YidiFilingWarning   warning;
};

G_DEFINE_FINAL_TYPE (YidiCaseSummary, yidi_case_summary, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LABEL,
  PROP_INSURED_PLACE,
  PROP_DESTINATION,
  PROP_FILING_CATEGORY,
  PROP_FILING_STATUS,
  PROP_FILING_DATE,
  PROP_MODIFIED,
  PROP_EXPIRES,
  PROP_DAYS_LEFT,
  PROP_WARNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
yidi_case_summary_finalize (GObject *object)
{
  YidiCaseSummary *self = (YidiCaseSummary *) object;

  g_free (self->label);
  g_free (self->insured_place);
  g_free (self->destination);
  g_free (self->filing_date);
  g_free (self->modified);
  g_free (self->expires);

  G_OBJECT_CLASS (yidi_case_summary_parent_class)->finalize (object);
}

static void
yidi_case_summary_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  YidiCaseSummary *self = YIDI_CASE_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_INSURED_PLACE:
      g_value_set_string (value, self->insured_place);
      break;
    case PROP_DESTINATION:
      g_value_set_string (value, self->destination);
      break;
    case PROP_FILING_CATEGORY:
      g_value_set_enum (value, self->filing_category);
      break;
    case PROP_FILING_STATUS:
      g_value_set_enum (value, self->filing_status);
      break;
    case PROP_FILING_DATE:
      g_value_set_string (value, self->filing_date);
      break;
    case PROP_MODIFIED:
      g_value_set_string (value, self->modified);
      break;
    case PROP_EXPIRES:
      g_value_set_string (value, self->expires);
      break;
    case PROP_DAYS_LEFT:
      g_value_set_int (value, self->days_left);
      break;
    case PROP_WARNING:
      g_value_set_enum (value, self->warning);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yidi_case_summary_class_init (YidiCaseSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = yidi_case_summary_finalize;
  object_class->get_property = yidi_case_summary_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_INSURED_PLACE] = g_param_spec_string ("insured-place", NULL, NULL, NULL, flags);
  properties[PROP_DESTINATION] = g_param_spec_string ("destination", NULL, NULL, NULL, flags);
  properties[PROP_FILING_CATEGORY] =
    g_param_spec_enum ("filing-category", NULL, NULL, YIDI_TYPE_FILING_CATEGORY, YIDI_FILING_NONE, flags);
  properties[PROP_FILING_STATUS] =
    g_param_spec_enum ("filing-status", NULL, NULL, YIDI_TYPE_FILING_STATUS, YIDI_FILING_STATUS_NOT_FILED, flags);
  properties[PROP_FILING_DATE] = g_param_spec_string ("filing-date", NULL, NULL, NULL, flags);
  properties[PROP_MODIFIED] = g_param_spec_string ("modified", NULL, NULL, NULL, flags);
  properties[PROP_EXPIRES] = g_param_spec_string ("expires", NULL, NULL, NULL, flags);
  properties[PROP_DAYS_LEFT] = g_param_spec_int ("days-left", NULL, NULL, G_MININT, G_MAXINT, 0, flags);
  properties[PROP_WARNING] =
    g_param_spec_enum ("warning", NULL, NULL, YIDI_TYPE_FILING_WARNING, YIDI_FILING_WARNING_NONE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yidi_case_summary_init (YidiCaseSummary *self)
{
}

YidiCaseSummary *
yidi_case_summary_new (const YidiCaseRecord *record,
                       YidiFilingRules      *rules,
                       const GDate          *today)
{
  YidiCaseSummary *self;
  YidiFilingValidity validity;

  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  self = g_object_new (YIDI_TYPE_CASE_SUMMARY, NULL);
  self->id = record->id;
  self->label = g_strdup (record->label);
  self->insured_place = g_strdup (record->insured_place);
  self->destination = g_strdup (record->destination);
  self->filing_category = record->filing_category;
  self->filing_status = record->filing_status;
  self->filing_date = g_strdup (record->filing_date);
  self->modified = g_strdup (record->modified);

  if (rules != NULL && yidi_filing_rules_get_validity (rules, record, today, &validity, NULL))
    {
      self->warning = validity.warning;
      if (validity.has_expiry)
        {
          self->expires = yidi_date_format (&validity.expires);
          self->days_left = validity.days_left;
        }
    }

  return self;
}

#define GETTER(Type, field)                                       \
  Type                                                            \
  yidi_case_summary_get_##field (YidiCaseSummary *self)           \
  {                                                               \
    g_return_val_if_fail (YIDI_IS_CASE_SUMMARY (self), 0);        \
    return self->field;                                           \
  }

GETTER (gint64, id)
GETTER (const char *, label)
GETTER (const char *, insured_place)
GETTER (const char *, destination)
GETTER (YidiFilingCategory, filing_category)
GETTER (YidiFilingStatus, filing_status)
GETTER (const char *, filing_date)
GETTER (const char *, modified)
GETTER (const char *, expires)
GETTER (int, days_left)
GETTER (YidiFilingWarning, warning)

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-case"

#include "config.h"

#include "yidi-case.h"
#include "yidi-core-enums.h"

/* The person being helped. One instance is shared by every tab: a change
 * made on one tab reaches the others through property notification. */
struct _YidiCase
{
  GObject parent_instance;

  char *label;
  char *insured_place;
  YidiScheme scheme;
  YidiMemberStatus member_status;
  int birth_year;
  char *destination;
  YidiFilingCategory filing_category;
  char *filing_date;
  YidiFilingStatus filing_status;
  char *notes;
};

G_DEFINE_FINAL_TYPE (YidiCase, yidi_case, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LABEL,
  PROP_INSURED_PLACE,
  PROP_SCHEME,
  PROP_MEMBER_STATUS,
  PROP_BIRTH_YEAR,
  PROP_DESTINATION,
  PROP_FILING_CATEGORY,
  PROP_FILING_DATE,
  PROP_FILING_STATUS,
  PROP_NOTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string (YidiCase    *self,
            char       **field,
            const char  *value,
            int          prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_int (YidiCase *self,
         int      *field,
         int       value,
         int       prop_id)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
yidi_case_finalize (GObject *object)
{
  YidiCase *self = (YidiCase *) object;

  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->insured_place, g_free);
  g_clear_pointer (&self->destination, g_free);
  g_clear_pointer (&self->filing_date, g_free);
  g_clear_pointer (&self->notes, g_free);

  G_OBJECT_CLASS (yidi_case_parent_class)->finalize (object);
}

static void
yidi_case_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  YidiCase *self = YIDI_CASE (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_INSURED_PLACE:
      g_value_set_string (value, self->insured_place);
      break;
    case PROP_SCHEME:
      g_value_set_enum (value, self->scheme);
      break;
    case PROP_MEMBER_STATUS:
      g_value_set_enum (value, self->member_status);
      break;
    case PROP_BIRTH_YEAR:
      g_value_set_int (value, self->birth_year);
      break;
    case PROP_DESTINATION:
      g_value_set_string (value, self->destination);
      break;
    case PROP_FILING_CATEGORY:
      g_value_set_enum (value, self->filing_category);
      break;
    case PROP_FILING_DATE:
      g_value_set_string (value, self->filing_date);
      break;
    case PROP_FILING_STATUS:
      g_value_set_enum (value, self->filing_status);
      break;
    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yidi_case_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  YidiCase *self = YIDI_CASE (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      yidi_case_set_label (self, g_value_get_string (value));
      break;
    case PROP_INSURED_PLACE:
      yidi_case_set_insured_place (self, g_value_get_string (value));
      break;
    case PROP_SCHEME:
      yidi_case_set_scheme (self, g_value_get_enum (value));
      break;
    case PROP_MEMBER_STATUS:
      yidi_case_set_member_status (self, g_value_get_enum (value));
      break;
    case PROP_BIRTH_YEAR:
      yidi_case_set_birth_year (self, g_value_get_int (value));
      break;
    case PROP_DESTINATION:
      yidi_case_set_destination (self, g_value_get_string (value));
      break;
    case PROP_FILING_CATEGORY:
      yidi_case_set_filing_category (self, g_value_get_enum (value));
      break;
    case PROP_FILING_DATE:
      yidi_case_set_filing_date (self, g_value_get_string (value));
      break;
    case PROP_FILING_STATUS:
      yidi_case_set_filing_status (self, g_value_get_enum (value));
      break;
    case PROP_NOTES:
      yidi_case_set_notes (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yidi_case_class_init (YidiCaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = yidi_case_finalize;
  object_class->get_property = yidi_case_get_property;
  object_class->set_property = yidi_case_set_property;

  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_INSURED_PLACE] =
    g_param_spec_string ("insured-place", NULL, NULL, NULL, flags);
  properties[PROP_SCHEME] =
    g_param_spec_enum ("scheme", NULL, NULL,
                       YIDI_TYPE_SCHEME, YIDI_SCHEME_EMPLOYEE, flags);
  properties[PROP_MEMBER_STATUS] =
    g_param_spec_enum ("member-status", NULL, NULL,
                       YIDI_TYPE_MEMBER_STATUS, YIDI_MEMBER_IN_SERVICE, flags);
  properties[PROP_BIRTH_YEAR] =
    g_param_spec_int ("birth-year", NULL, NULL, 0, 9999, 0, flags);
  properties[PROP_DESTINATION] =
    g_param_spec_string ("destination", NULL, NULL, NULL, flags);
  properties[PROP_FILING_CATEGORY] =
    g_param_spec_enum ("filing-category", NULL, NULL,
                       YIDI_TYPE_FILING_CATEGORY, YIDI_FILING_NONE, flags);
  properties[PROP_FILING_DATE] =
    g_param_spec_string ("filing-date", NULL, NULL, NULL, flags);
  properties[PROP_FILING_STATUS] =
    g_param_spec_enum ("filing-status", NULL, NULL,
                       YIDI_TYPE_FILING_STATUS, YIDI_FILING_STATUS_NOT_FILED, flags);
  properties[PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yidi_case_init (YidiCase *self)
{
}

YidiCase *
yidi_case_new (void)
{
  return g_object_new (YIDI_TYPE_CASE, NULL);
}

#define DEFINE_STRING_ACCESSORS(field, PROP)                                   \
  const char *                                                                 \
  yidi_case_get_##field (YidiCase *self)                                       \
  {                                                                            \
    g_return_val_if_fail (YIDI_IS_CASE (self), NULL);                          \
    return self->field;                                                        \
  }                                                                            \
  void                                                                         \
  yidi_case_set_##field (YidiCase   *self,                                     \
                         const char *value)                                    \
  {                                                                            \
    g_return_if_fail (YIDI_IS_CASE (self));                                    \
    set_string (self, &self->field, value, PROP);                              \
  }

#define DEFINE_INT_ACCESSORS(field, Type, PROP)                                \
  Type                                                                         \
  yidi_case_get_##field (YidiCase *self)                                       \
  {                                                                            \
    g_return_val_if_fail (YIDI_IS_CASE (self), 0);                             \
    return self->field;                                                        \
  }                                                                            \
  void                                                                         \
  yidi_case_set_##field (YidiCase *self,                                       \
                         Type      value)                                      \
  {                                                                            \
    g_return_if_fail (YIDI_IS_CASE (self));                                    \
    set_int (self, (int *) &self->field, (int) value, PROP);                   \
  }

DEFINE_STRING_ACCESSORS (label, PROP_LABEL)
DEFINE_STRING_ACCESSORS (insured_place, PROP_INSURED_PLACE)
DEFINE_STRING_ACCESSORS (destination, PROP_DESTINATION)
DEFINE_STRING_ACCESSORS (filing_date, PROP_FILING_DATE)
DEFINE_STRING_ACCESSORS (notes, PROP_NOTES)

DEFINE_INT_ACCESSORS (scheme, YidiScheme, PROP_SCHEME)
DEFINE_INT_ACCESSORS (member_status, YidiMemberStatus, PROP_MEMBER_STATUS)
DEFINE_INT_ACCESSORS (birth_year, int, PROP_BIRTH_YEAR)
DEFINE_INT_ACCESSORS (filing_category, YidiFilingCategory, PROP_FILING_CATEGORY)
DEFINE_INT_ACCESSORS (filing_status, YidiFilingStatus, PROP_FILING_STATUS)

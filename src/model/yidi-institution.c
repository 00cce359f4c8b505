/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-institution"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yidi-core-enums.h"
#include "yidi-institution.h"
#include "yidi-institution-private.h"

struct _YidiInstitution
{
  GObject parent_instance;

  YidiInstitutionRecord *record;   /* NULL for a placeholder */
  gboolean unreadable;             /* a placeholder for a row that failed */
};

G_DEFINE_FINAL_TYPE (YidiInstitution, yidi_institution, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_UNREADABLE,
  PROP_ID,
  PROP_KEY,
  PROP_CODE,
  PROP_NAME,
  PROP_ALIASES,
  PROP_PROVINCE_CODE,
  PROP_CITY_CODE,
  PROP_COUNTY_CODE,
  PROP_DIVISION_CODE,
  PROP_PLACE_NAME,
  PROP_LEVEL,
  PROP_GRADE,
  PROP_LEVEL_LABEL,
  PROP_INSTITUTION_TYPE,
  PROP_ADDRESS,
  PROP_PHONE,
  PROP_HAS_LOCATION,
  PROP_LONGITUDE,
  PROP_LATITUDE,
  PROP_INPATIENT,
  PROP_OUTPATIENT,
  PROP_CHRONIC,
  PROP_DATA_DATE,
  PROP_SOURCE,
  PROP_SOURCE_NAME,
  PROP_IMPORTED,
  PROP_FAVOURITE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What a placeholder answers: nothing known yet. */
static const YidiInstitutionRecord empty_record = {
  .level = YIDI_LEVEL_UNKNOWN,
  .grade = YIDI_GRADE_NONE,
  .type = YIDI_INSTITUTION_TYPE_UNKNOWN,
  .aliases = (char *[]) { NULL },
};

static const YidiInstitutionRecord *
record (YidiInstitution *self)
{
  return self->record != NULL ? self->record : &empty_record;
}

static void
yidi_institution_finalize (GObject *object)
{
  YidiInstitution *self = (YidiInstitution *) object;

  g_clear_pointer (&self->record, yidi_institution_record_free);

  G_OBJECT_CLASS (yidi_institution_parent_class)->finalize (object);
}

static void
yidi_institution_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  YidiInstitution *self = YIDI_INSTITUTION (object);
  const YidiInstitutionRecord *r = record (self);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, yidi_institution_get_loading (self));
      break;
    case PROP_UNREADABLE:
      g_value_set_boolean (value, self->unreadable);
      break;
    case PROP_ID:
      g_value_set_int64 (value, r->id);
      break;
    case PROP_KEY:
      g_value_set_string (value, r->key);
      break;
    case PROP_CODE:
      g_value_set_string (value, r->code);
      break;
    case PROP_NAME:
      g_value_set_string (value, r->name);
      break;
    case PROP_ALIASES:
      g_value_set_boxed (value, r->aliases);
      break;
    case PROP_PROVINCE_CODE:
      g_value_set_string (value, r->province_code);
      break;
    case PROP_CITY_CODE:
      g_value_set_string (value, r->city_code);
      break;
    case PROP_COUNTY_CODE:
      g_value_set_string (value, r->county_code);
      break;
    case PROP_DIVISION_CODE:
      g_value_set_string (value, yidi_institution_get_division_code (self));
      break;
    case PROP_PLACE_NAME:
      g_value_set_string (value, r->place_name);
      break;
    case PROP_LEVEL:
      g_value_set_enum (value, r->level);
      break;
    case PROP_GRADE:
      g_value_set_enum (value, r->grade);
      break;
    case PROP_LEVEL_LABEL:
      g_value_take_string (value, yidi_institution_dup_level_label (self));
      break;
    case PROP_INSTITUTION_TYPE:
      g_value_set_enum (value, r->type);
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, r->address);
      break;
    case PROP_PHONE:
      g_value_set_string (value, r->phone);
      break;
    case PROP_HAS_LOCATION:
      g_value_set_boolean (value, r->has_location);
      break;
    case PROP_LONGITUDE:
      g_value_set_double (value, r->longitude);
      break;
    case PROP_LATITUDE:
      g_value_set_double (value, r->latitude);
      break;
    case PROP_INPATIENT:
      g_value_set_enum (value, r->inpatient);
      break;
    case PROP_OUTPATIENT:
      g_value_set_enum (value, r->outpatient);
      break;
    case PROP_CHRONIC:
      g_value_set_enum (value, r->chronic);
      break;
    case PROP_DATA_DATE:
      g_value_set_string (value, r->data_date);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, r->source);
      break;
    case PROP_SOURCE_NAME:
      g_value_set_string (value, r->source_name);
      break;
    case PROP_IMPORTED:
      g_value_set_boolean (value, r->imported);
      break;
    case PROP_FAVOURITE:
      g_value_set_boolean (value, r->favourite);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yidi_institution_class_init (YidiInstitutionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = yidi_institution_finalize;
  object_class->get_property = yidi_institution_get_property;

  /**
   * YidiInstitution:loading:
   *
   * Whether this is a placeholder for a row still being read.
   */
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, flags);
  /**
   * YidiInstitution:unreadable:
   *
   * Whether this stands for a row the directory could not read: the
   * list's :error says why.
   */
  properties[PROP_UNREADABLE] = g_param_spec_boolean ("unreadable", NULL, NULL, FALSE, flags);
  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /**
   * YidiInstitution:key:
   *
   * Stays the same across imports: what favourites remember.
   */
  properties[PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, flags);
  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_ALIASES] = g_param_spec_boxed ("aliases", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_PROVINCE_CODE] = g_param_spec_string ("province-code", NULL, NULL, NULL, flags);
  properties[PROP_CITY_CODE] = g_param_spec_string ("city-code", NULL, NULL, NULL, flags);
  properties[PROP_COUNTY_CODE] = g_param_spec_string ("county-code", NULL, NULL, NULL, flags);
  /**
   * YidiInstitution:division-code:
   *
   * The most precise division known (county, else city, else province):
   * what "use as treatment place" gives the case.
   */
  properties[PROP_DIVISION_CODE] = g_param_spec_string ("division-code", NULL, NULL, NULL, flags);
  properties[PROP_PLACE_NAME] = g_param_spec_string ("place-name", NULL, NULL, NULL, flags);
  properties[PROP_LEVEL] = g_param_spec_enum ("level", NULL, NULL, YIDI_TYPE_INSTITUTION_LEVEL,
                                              YIDI_LEVEL_UNKNOWN, flags);
  properties[PROP_GRADE] = g_param_spec_enum ("grade", NULL, NULL, YIDI_TYPE_INSTITUTION_GRADE,
                                              YIDI_GRADE_NONE, flags);
  /**
   * YidiInstitution:level-label:
   *
   * The level and grade in words, e.g. "Level 3 Grade A".
   */
  properties[PROP_LEVEL_LABEL] = g_param_spec_string ("level-label", NULL, NULL, NULL, flags);
  properties[PROP_INSTITUTION_TYPE] = g_param_spec_enum ("institution-type", NULL, NULL, YIDI_TYPE_INSTITUTION_TYPE,
                                                         YIDI_INSTITUTION_TYPE_UNKNOWN, flags);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, flags);
  properties[PROP_PHONE] = g_param_spec_string ("phone", NULL, NULL, NULL, flags);
  properties[PROP_HAS_LOCATION] = g_param_spec_boolean ("has-location", NULL, NULL, FALSE, flags);
  properties[PROP_LONGITUDE] = g_param_spec_double ("longitude", NULL, NULL, -180, 180, 0, flags);
  properties[PROP_LATITUDE] = g_param_spec_double ("latitude", NULL, NULL, -90, 90, 0, flags);
  /**
   * YidiInstitution:inpatient:
   *
   * Whether hospital stays are settled directly across provinces: yes, no,
   * or unknown — say so plainly when unknown.
   */
  properties[PROP_INPATIENT] = g_param_spec_enum ("inpatient", NULL, NULL, YIDI_TYPE_TRISTATE,
                                                  YIDI_TRISTATE_UNKNOWN, flags);
  properties[PROP_OUTPATIENT] = g_param_spec_enum ("outpatient", NULL, NULL, YIDI_TYPE_TRISTATE,
                                                   YIDI_TRISTATE_UNKNOWN, flags);
  properties[PROP_CHRONIC] = g_param_spec_enum ("chronic", NULL, NULL, YIDI_TYPE_TRISTATE,
                                                YIDI_TRISTATE_UNKNOWN, flags);
  /**
   * YidiInstitution:data-date:
   *
   * When the data were valid ("2024-05-01", "2015-2016"); %NULL if not
   * known. Show it next to the flags.
   */
  properties[PROP_DATA_DATE] = g_param_spec_string ("data-date", NULL, NULL, NULL, flags);
  properties[PROP_SOURCE] = g_param_spec_string ("source", NULL, NULL, NULL, flags);
  properties[PROP_SOURCE_NAME] = g_param_spec_string ("source-name", NULL, NULL, NULL, flags);
  properties[PROP_IMPORTED] = g_param_spec_boolean ("imported", NULL, NULL, FALSE, flags);
  properties[PROP_FAVOURITE] = g_param_spec_boolean ("favourite", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yidi_institution_init (YidiInstitution *self)
{
}

/**
 * yidi_institution_new:
 * @record: (transfer full): what the directory found
 *
 * Returns: (transfer full): an institution owning @record.
 */
YidiInstitution *
yidi_institution_new (YidiInstitutionRecord *record)
{
  YidiInstitution *self;

  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (YIDI_TYPE_INSTITUTION, NULL);
  self->record = record;
  return self;
}

/**
 * yidi_institution_new_placeholder:
 *
 * Returns: (transfer full): an institution standing for a row not yet read.
 */
YidiInstitution *
yidi_institution_new_placeholder (void)
{
  return g_object_new (YIDI_TYPE_INSTITUTION, NULL);
}

/**
 * yidi_institution_new_unreadable:
 *
 * Returns: (transfer full): an institution standing for a row that could
 *   not be read.
 */
YidiInstitution *
yidi_institution_new_unreadable (void)
{
  YidiInstitution *self = g_object_new (YIDI_TYPE_INSTITUTION, NULL);

  self->unreadable = TRUE;
  return self;
}

gboolean
yidi_institution_get_loading (YidiInstitution *self)
{
  g_return_val_if_fail (YIDI_IS_INSTITUTION (self), FALSE);
  return self->record == NULL && !self->unreadable;
}

gboolean
yidi_institution_get_unreadable (YidiInstitution *self)
{
  g_return_val_if_fail (YIDI_IS_INSTITUTION (self), FALSE);
  return self->unreadable;
}

/**
 * yidi_institution_get_record:
 *
 * Returns: (transfer none): every field at once (empty for a placeholder).
 */
const YidiInstitutionRecord *
yidi_institution_get_record (YidiInstitution *self)
{
  g_return_val_if_fail (YIDI_IS_INSTITUTION (self), NULL);
  return record (self);
}

#define DEFINE_GETTER(Type, name, field, fallback)                             \
  Type                                                                         \
  yidi_institution_get_##name (YidiInstitution *self)                          \
  {                                                                            \
    g_return_val_if_fail (YIDI_IS_INSTITUTION (self), fallback);               \
    return record (self)->field;                                               \
  }

DEFINE_GETTER (gint64, id, id, 0)
DEFINE_GETTER (const char *, key, key, NULL)
DEFINE_GETTER (const char *, code, code, NULL)
DEFINE_GETTER (const char *, name, name, NULL)
DEFINE_GETTER (const char *, province_code, province_code, NULL)
DEFINE_GETTER (const char *, city_code, city_code, NULL)
DEFINE_GETTER (const char *, county_code, county_code, NULL)
DEFINE_GETTER (const char *, place_name, place_name, NULL)
DEFINE_GETTER (YidiInstitutionLevel, level, level, YIDI_LEVEL_UNKNOWN)
DEFINE_GETTER (YidiInstitutionGrade, grade, grade, YIDI_GRADE_NONE)
DEFINE_GETTER (YidiInstitutionType, institution_type, type, YIDI_INSTITUTION_TYPE_UNKNOWN)
DEFINE_GETTER (const char *, address, address, NULL)
DEFINE_GETTER (const char *, phone, phone, NULL)
DEFINE_GETTER (gboolean, has_location, has_location, FALSE)
DEFINE_GETTER (double, longitude, longitude, 0.0)
DEFINE_GETTER (double, latitude, latitude, 0.0)
DEFINE_GETTER (const char *, data_date, data_date, NULL)
DEFINE_GETTER (const char *, source, source, NULL)
DEFINE_GETTER (const char *, source_name, source_name, NULL)
DEFINE_GETTER (gboolean, imported, imported, FALSE)
DEFINE_GETTER (gboolean, favourite, favourite, FALSE)

/**
 * yidi_institution_get_aliases:
 *
 * Returns: (transfer none): other names, never %NULL.
 */
const char * const *
yidi_institution_get_aliases (YidiInstitution *self)
{
  g_return_val_if_fail (YIDI_IS_INSTITUTION (self), NULL);
  return (const char * const *) record (self)->aliases;
}

/**
 * yidi_institution_get_division_code:
 *
 * Returns: (nullable): the county's code, else the city's, else the
 *   province's.
 */
const char *
yidi_institution_get_division_code (YidiInstitution *self)
{
  const YidiInstitutionRecord *r;

  g_return_val_if_fail (YIDI_IS_INSTITUTION (self), NULL);

  r = record (self);
  return r->county_code ? r->county_code : r->city_code ? r->city_code : r->province_code;
}

/**
 * yidi_institution_dup_level_label:
 *
 * Returns: the level and grade in words ("Level 3 Grade A", "Level not
 *   known").
 */
char *
yidi_institution_dup_level_label (YidiInstitution *self)
{
  const YidiInstitutionRecord *r;

  g_return_val_if_fail (YIDI_IS_INSTITUTION (self), NULL);

  r = record (self);
  if (r->grade == YIDI_GRADE_NONE)
    return g_strdup (yidi_institution_level_get_label (r->level));
  /* TRANSLATORS: an institution's level and grade, e.g. "Level 3 Grade A" (三级甲等) */
  return g_strdup_printf (C_("level and grade", "%s %s"),
                          yidi_institution_level_get_label (r->level),
                          yidi_institution_grade_get_label (r->grade));
}

/**
 * yidi_institution_get_networked:
 * @visit: the kind of care
 *
 * Returns: whether @visit is settled directly across provinces here.
 */
YidiTristate
yidi_institution_get_networked (YidiInstitution *self,
                                YidiVisitType    visit)
{
  const YidiInstitutionRecord *r;

  g_return_val_if_fail (YIDI_IS_INSTITUTION (self), YIDI_TRISTATE_UNKNOWN);

  r = record (self);
  switch (visit)
    {
    case YIDI_VISIT_INPATIENT:
      return r->inpatient;
    case YIDI_VISIT_OUTPATIENT:
      return r->outpatient;
    case YIDI_VISIT_CHRONIC_OUTPATIENT:
      return r->chronic;
    default:
      g_return_val_if_reached (YIDI_TRISTATE_UNKNOWN);
    }
}

void
yidi_institution_set_favourite (YidiInstitution *self,
                                gboolean         favourite)
{
  g_return_if_fail (YIDI_IS_INSTITUTION (self));

  if (self->record == NULL || !self->record->favourite == !favourite)
    return;
  self->record->favourite = !!favourite;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAVOURITE]);
}

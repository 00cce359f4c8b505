/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-case"

#include "config.h"

#include <string.h>

#include "yidi-case.h"
#include "yidi-core-enums.h"

/* The person being helped. One instance is shared by every tab: a change
 * made on one tab reaches the others through property notification.
 * The data is a YidiCaseRecord, the form the casebook saves. */
struct _YidiCase
{
  GObject parent_instance;

  YidiCaseRecord *record;
};

G_DEFINE_FINAL_TYPE (YidiCase, yidi_case, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LABEL,
  PROP_INSURED_PLACE,
  PROP_SCHEME,
  PROP_MEMBER_STATUS,
  PROP_BIRTH_YEAR,
  PROP_DESTINATION,
  PROP_FILING_CATEGORY,
  PROP_FILING_DATE,
  PROP_FILING_STATUS,
  PROP_ADMISSION_DATE,
  PROP_DISCHARGE_DATE,
  PROP_NOTES,
  PROP_FILING_ANSWERS,
  PROP_CHECKED,
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

  g_clear_pointer (&self->record, yidi_case_record_free);

  G_OBJECT_CLASS (yidi_case_parent_class)->finalize (object);
}

static void
yidi_case_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  YidiCase *self = YIDI_CASE (object);
  YidiCaseRecord *r = self->record;

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, r->id);
      break;
    case PROP_LABEL:
      g_value_set_string (value, r->label);
      break;
    case PROP_INSURED_PLACE:
      g_value_set_string (value, r->insured_place);
      break;
    case PROP_SCHEME:
      g_value_set_enum (value, r->scheme);
      break;
    case PROP_MEMBER_STATUS:
      g_value_set_enum (value, r->member_status);
      break;
    case PROP_BIRTH_YEAR:
      g_value_set_int (value, r->birth_year);
      break;
    case PROP_DESTINATION:
      g_value_set_string (value, r->destination);
      break;
    case PROP_FILING_CATEGORY:
      g_value_set_enum (value, r->filing_category);
      break;
    case PROP_FILING_DATE:
      g_value_set_string (value, r->filing_date);
      break;
    case PROP_FILING_STATUS:
      g_value_set_enum (value, r->filing_status);
      break;
    case PROP_ADMISSION_DATE:
      g_value_set_string (value, r->admission_date);
      break;
    case PROP_DISCHARGE_DATE:
      g_value_set_string (value, r->discharge_date);
      break;
    case PROP_NOTES:
      g_value_set_string (value, r->notes);
      break;
    case PROP_FILING_ANSWERS:
      g_value_set_boxed (value, r->answers);
      break;
    case PROP_CHECKED:
      g_value_take_boxed (value, yidi_case_dup_checked (self));
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
    case PROP_ID:
      yidi_case_set_id (self, g_value_get_int64 (value));
      break;
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
    case PROP_ADMISSION_DATE:
      yidi_case_set_admission_date (self, g_value_get_string (value));
      break;
    case PROP_DISCHARGE_DATE:
      yidi_case_set_discharge_date (self, g_value_get_string (value));
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
  GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = yidi_case_finalize;
  object_class->get_property = yidi_case_get_property;
  object_class->set_property = yidi_case_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
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
  properties[PROP_ADMISSION_DATE] =
    g_param_spec_string ("admission-date", NULL, NULL, NULL, flags);
  properties[PROP_DISCHARGE_DATE] =
    g_param_spec_string ("discharge-date", NULL, NULL, NULL, flags);
  properties[PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL, NULL, flags);
  properties[PROP_FILING_ANSWERS] =
    g_param_spec_boxed ("filing-answers", NULL, NULL, G_TYPE_HASH_TABLE, read_only);
  properties[PROP_CHECKED] =
    g_param_spec_boxed ("checked", NULL, NULL, G_TYPE_STRV, read_only);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yidi_case_init (YidiCase *self)
{
  self->record = yidi_case_record_new ();
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
    return self->record->field;                                                \
  }                                                                            \
  void                                                                         \
  yidi_case_set_##field (YidiCase   *self,                                     \
                         const char *value)                                    \
  {                                                                            \
    g_return_if_fail (YIDI_IS_CASE (self));                                    \
    set_string (self, &self->record->field, value, PROP);                      \
  }

#define DEFINE_INT_ACCESSORS(field, Type, PROP)                                \
  Type                                                                         \
  yidi_case_get_##field (YidiCase *self)                                       \
  {                                                                            \
    g_return_val_if_fail (YIDI_IS_CASE (self), 0);                             \
    return self->record->field;                                                \
  }                                                                            \
  void                                                                         \
  yidi_case_set_##field (YidiCase *self,                                       \
                         Type      value)                                      \
  {                                                                            \
    g_return_if_fail (YIDI_IS_CASE (self));                                    \
    set_int (self, (int *) &self->record->field, (int) value, PROP);           \
  }

DEFINE_STRING_ACCESSORS (label, PROP_LABEL)
DEFINE_STRING_ACCESSORS (insured_place, PROP_INSURED_PLACE)
DEFINE_STRING_ACCESSORS (destination, PROP_DESTINATION)
DEFINE_STRING_ACCESSORS (filing_date, PROP_FILING_DATE)
DEFINE_STRING_ACCESSORS (admission_date, PROP_ADMISSION_DATE)
DEFINE_STRING_ACCESSORS (discharge_date, PROP_DISCHARGE_DATE)
DEFINE_STRING_ACCESSORS (notes, PROP_NOTES)

DEFINE_INT_ACCESSORS (scheme, YidiScheme, PROP_SCHEME)
DEFINE_INT_ACCESSORS (member_status, YidiMemberStatus, PROP_MEMBER_STATUS)
DEFINE_INT_ACCESSORS (birth_year, int, PROP_BIRTH_YEAR)
DEFINE_INT_ACCESSORS (filing_category, YidiFilingCategory, PROP_FILING_CATEGORY)
DEFINE_INT_ACCESSORS (filing_status, YidiFilingStatus, PROP_FILING_STATUS)

gint64
yidi_case_get_id (YidiCase *self)
{
  g_return_val_if_fail (YIDI_IS_CASE (self), 0);
  return self->record->id;
}

void
yidi_case_set_id (YidiCase *self,
                  gint64    id)
{
  g_return_if_fail (YIDI_IS_CASE (self));

  if (self->record->id == id)
    return;
  self->record->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

GHashTable *
yidi_case_get_filing_answers (YidiCase *self)
{
  g_return_val_if_fail (YIDI_IS_CASE (self), NULL);
  return self->record->answers;
}

const char *
yidi_case_get_filing_answer (YidiCase   *self,
                             const char *question_id)
{
  g_return_val_if_fail (YIDI_IS_CASE (self), NULL);
  g_return_val_if_fail (question_id != NULL, NULL);
  return g_hash_table_lookup (self->record->answers, question_id);
}

void
yidi_case_set_filing_answer (YidiCase   *self,
                             const char *question_id,
                             const char *answer_id)
{
  g_return_if_fail (YIDI_IS_CASE (self));
  g_return_if_fail (question_id != NULL);

  if (g_strcmp0 (yidi_case_get_filing_answer (self, question_id), answer_id) == 0)
    return;
  yidi_case_record_set_answer (self->record, question_id, answer_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILING_ANSWERS]);
}

gboolean
yidi_case_get_checked (YidiCase   *self,
                       const char *key)
{
  g_return_val_if_fail (YIDI_IS_CASE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  return yidi_case_record_get_checked (self->record, key);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

GStrv
yidi_case_dup_checked (YidiCase *self)
{
  g_autoptr(GPtrArray) keys = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (YIDI_IS_CASE (self), NULL);

  keys = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->record->checked);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, g_strdup (key));
  g_ptr_array_sort (keys, compare_strings);
  g_ptr_array_add (keys, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&keys), FALSE);
}

void
yidi_case_set_checked (YidiCase   *self,
                       const char *key,
                       gboolean    checked)
{
  g_return_if_fail (YIDI_IS_CASE (self));
  g_return_if_fail (key != NULL);

  if (yidi_case_get_checked (self, key) == !!checked)
    return;
  yidi_case_record_set_checked (self->record, key, checked);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKED]);
}

YidiCaseRecord *
yidi_case_to_record (YidiCase *self)
{
  g_return_val_if_fail (YIDI_IS_CASE (self), NULL);
  return yidi_case_record_copy (self->record);
}

static gboolean
tables_differ (GHashTable *a,
               GHashTable *b,
               gboolean    compare_values)
{
  GHashTableIter iter;
  gpointer key, value;

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return TRUE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gpointer other;

      if (!g_hash_table_lookup_extended (b, key, NULL, &other) ||
          (compare_values && g_strcmp0 (value, other) != 0))
        return TRUE;
    }
  return FALSE;
}

void
yidi_case_load_record (YidiCase             *self,
                       const YidiCaseRecord *record)
{
  YidiCaseRecord *old;

  g_return_if_fail (YIDI_IS_CASE (self));
  g_return_if_fail (record != NULL);

  /* One notification per changed property, all after the whole case is
   * in place, so no tab ever sees half of one case and half of another. */
  g_object_freeze_notify (G_OBJECT (self));

  yidi_case_set_id (self, record->id);
  yidi_case_set_label (self, record->label);
  yidi_case_set_insured_place (self, record->insured_place);
  yidi_case_set_scheme (self, record->scheme);
  yidi_case_set_member_status (self, record->member_status);
  yidi_case_set_birth_year (self, record->birth_year);
  yidi_case_set_destination (self, record->destination);
  yidi_case_set_filing_category (self, record->filing_category);
  yidi_case_set_filing_date (self, record->filing_date);
  yidi_case_set_filing_status (self, record->filing_status);
  yidi_case_set_admission_date (self, record->admission_date);
  yidi_case_set_discharge_date (self, record->discharge_date);
  yidi_case_set_notes (self, record->notes);

  old = self->record;
  if (tables_differ (old->answers, record->answers, TRUE))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILING_ANSWERS]);
  if (tables_differ (old->checked, record->checked, FALSE))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKED]);

  /* Take the record whole (answers, ticks, time stamps). */
  self->record = yidi_case_record_copy (record);
  yidi_case_record_free (old);

  g_object_thaw_notify (G_OBJECT (self));
}

void
yidi_case_reset (YidiCase *self)
{
  g_autoptr(YidiCaseRecord) blank = yidi_case_record_new ();

  g_return_if_fail (YIDI_IS_CASE (self));
  yidi_case_load_record (self, blank);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-case-record"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "yidi-case-record.h"

G_DEFINE_QUARK (yidi-case-error-quark, yidi_case_error)
G_DEFINE_BOXED_TYPE (YidiCaseRecord, yidi_case_record, yidi_case_record_copy, yidi_case_record_free)

#define CASE_FILE_FORMAT "yidi-case"

static GHashTable *
new_answers (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static GHashTable *
new_set (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

YidiCaseRecord *
yidi_case_record_new (void)
{
  YidiCaseRecord *self = g_new0 (YidiCaseRecord, 1);

  self->scheme = YIDI_SCHEME_EMPLOYEE;
  self->member_status = YIDI_MEMBER_IN_SERVICE;
  self->filing_category = YIDI_FILING_NONE;
  self->filing_status = YIDI_FILING_STATUS_NOT_FILED;
  self->answers = new_answers ();
  self->checked = new_set ();

  return self;
}

YidiCaseRecord *
yidi_case_record_copy (const YidiCaseRecord *self)
{
  YidiCaseRecord *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (self != NULL, NULL);

  copy = yidi_case_record_new ();
  copy->id = self->id;
  copy->label = g_strdup (self->label);
  copy->insured_place = g_strdup (self->insured_place);
  copy->scheme = self->scheme;
  copy->member_status = self->member_status;
  copy->birth_year = self->birth_year;
  copy->destination = g_strdup (self->destination);
  copy->filing_category = self->filing_category;
  copy->filing_date = g_strdup (self->filing_date);
  copy->filing_status = self->filing_status;
  copy->admission_date = g_strdup (self->admission_date);
  copy->discharge_date = g_strdup (self->discharge_date);
  copy->notes = g_strdup (self->notes);
  copy->created = g_strdup (self->created);
  copy->modified = g_strdup (self->modified);

  g_hash_table_iter_init (&iter, self->answers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->answers, g_strdup (key), g_strdup (value));
  g_hash_table_iter_init (&iter, self->checked);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (copy->checked, g_strdup (key));

  return copy;
}

void
yidi_case_record_free (YidiCaseRecord *self)
{
  if (self == NULL)
    return;

  g_free (self->label);
  g_free (self->insured_place);
  g_free (self->destination);
  g_free (self->filing_date);
  g_free (self->admission_date);
  g_free (self->discharge_date);
  g_free (self->notes);
  g_free (self->created);
  g_free (self->modified);
  g_clear_pointer (&self->answers, g_hash_table_unref);
  g_clear_pointer (&self->checked, g_hash_table_unref);
  g_free (self);
}

static gboolean
string_tables_equal (GHashTable *a,
                     GHashTable *b,
                     gboolean    compare_values)
{
  GHashTableIter iter;
  gpointer key, value;

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gpointer other;

      if (!g_hash_table_lookup_extended (b, key, NULL, &other))
        return FALSE;
      if (compare_values && g_strcmp0 (value, other) != 0)
        return FALSE;
    }
  return TRUE;
}

gboolean
yidi_case_record_equal_content (const YidiCaseRecord *a,
                                const YidiCaseRecord *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return g_strcmp0 (a->label, b->label) == 0 &&
         g_strcmp0 (a->insured_place, b->insured_place) == 0 &&
         a->scheme == b->scheme &&
         a->member_status == b->member_status &&
         a->birth_year == b->birth_year &&
         g_strcmp0 (a->destination, b->destination) == 0 &&
         a->filing_category == b->filing_category &&
         g_strcmp0 (a->filing_date, b->filing_date) == 0 &&
         a->filing_status == b->filing_status &&
         g_strcmp0 (a->admission_date, b->admission_date) == 0 &&
         g_strcmp0 (a->discharge_date, b->discharge_date) == 0 &&
         g_strcmp0 (a->notes, b->notes) == 0 &&
         string_tables_equal (a->answers, b->answers, TRUE) &&
         string_tables_equal (a->checked, b->checked, FALSE);
}

void
yidi_case_record_set_answer (YidiCaseRecord *self,
                             const char     *question_id,
                             const char     *answer_id)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (question_id != NULL);

  if (answer_id == NULL)
    g_hash_table_remove (self->answers, question_id);
  else
    g_hash_table_insert (self->answers, g_strdup (question_id), g_strdup (answer_id));
}

void
yidi_case_record_set_checked (YidiCaseRecord *self,
                              const char     *key,
                              gboolean        checked)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);

  if (checked)
    g_hash_table_add (self->checked, g_strdup (key));
  else
    g_hash_table_remove (self->checked, key);
}

gboolean
yidi_case_record_get_checked (const YidiCaseRecord *self,
                              const char           *key)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  return g_hash_table_contains (self->checked, key);
}

/* ---- Dates ---------------------------------------------------------------- */

gboolean
yidi_date_parse (const char *iso_date,
                 GDate      *out_date)
{
  unsigned year, month, day;
  int consumed = 0;

  g_return_val_if_fail (out_date != NULL, FALSE);

  g_date_clear (out_date, 1);
  if (iso_date == NULL || strlen (iso_date) != 10 ||
      iso_date[4] != '-' || iso_date[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    {
      if (i != 4 && i != 7 && !g_ascii_isdigit (iso_date[i]))
        return FALSE;
    }
  if (sscanf (iso_date, "%4u-%2u-%2u%n", &year, &month, &day, &consumed) != 3 || consumed != 10)
    return FALSE;
  if (year < 1900 || year > 2999 || !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_set_dmy (out_date, day, month, year);
  return TRUE;
}

char *
yidi_date_format (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u",
                          g_date_get_year (date),
                          g_date_get_month (date),
                          g_date_get_day (date));
}

/**
 * yidi_date_format_for_people:
 *
 * Returns: the date as people write it, in the language of the messages:
 * "8 April 2025", "2025年4月8日".
 */
char *
yidi_date_format_for_people (const GDate *date)
{
  static const char * const months[] = {
    NULL,
    NC_("month", "January"), NC_("month", "February"), NC_("month", "March"),
    NC_("month", "April"), NC_("month", "May"), NC_("month", "June"),
    NC_("month", "July"), NC_("month", "August"), NC_("month", "September"),
    NC_("month", "October"), NC_("month", "November"), NC_("month", "December"),
  };
  g_autofree char *day = NULL;
  g_autofree char *year = NULL;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  day = g_strdup_printf ("%u", g_date_get_day (date));
  year = g_strdup_printf ("%u", g_date_get_year (date));
  /* Translators: a date as people write it: %1$s is the day, %2$s the
   * month (translated separately), %3$s the year: "8 April 2025". In
   * Chinese "%3$s年%2$s%1$s日", with the months as "4月". */
  return g_strdup_printf (_("%1$s %2$s %3$s"),
                          day,
                          g_dpgettext2 (GETTEXT_PACKAGE, "month", months[g_date_get_month (date)]),
                          year);
}

/* ---- Validation ----------------------------------------------------------- */

static gboolean
is_division_code (const char *code)
{
  if (strlen (code) != 6)
    return FALSE;
  for (guint i = 0; i < 6; i++)
    {
      if (!g_ascii_isdigit (code[i]))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_date (const char  *value,
            const char  *what,
            GError     **error)
{
  GDate date;

  if (value == NULL || yidi_date_parse (value, &date))
    return TRUE;

  g_set_error (error, YIDI_CASE_ERROR, YIDI_CASE_ERROR_INVALID,
               /* Translators: the first %s is a field such as "filing date" */
               _("The %s “%s” is not a date. Enter it as year-month-day, for example 2025-03-31."),
               what, value);
  return FALSE;
}

static gboolean
check_place (const char  *value,
             const char  *what,
             GError     **error)
{
  if (value == NULL || is_division_code (value))
    return TRUE;

  g_set_error (error, YIDI_CASE_ERROR, YIDI_CASE_ERROR_INVALID,
               /* Translators: the first %s is "insured place" or "treatment place" */
               _("The %s “%s” is not a six-digit division code. Choose the place from the list."),
               what, value);
  return FALSE;
}

gboolean
yidi_case_record_validate (const YidiCaseRecord  *self,
                           GError               **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!check_place (self->insured_place, _("insured place"), error) ||
      !check_place (self->destination, _("treatment place"), error) ||
      !check_date (self->filing_date, _("filing date"), error) ||
      !check_date (self->admission_date, _("admission date"), error) ||
      !check_date (self->discharge_date, _("discharge date"), error))
    return FALSE;

  if (self->birth_year != 0 && (self->birth_year < 1900 || self->birth_year > 2999))
    {
      g_set_error (error, YIDI_CASE_ERROR, YIDI_CASE_ERROR_INVALID,
                   _("The birth year %d is not possible. Enter a year such as 1955, or leave it empty."),
                   self->birth_year);
      return FALSE;
    }

  if (yidi_scheme_to_key (self->scheme) == NULL ||
      yidi_member_status_to_key (self->member_status) == NULL ||
      yidi_filing_category_to_key (self->filing_category) == NULL ||
      yidi_filing_status_to_key (self->filing_status) == NULL)
    {
      g_set_error_literal (error, YIDI_CASE_ERROR, YIDI_CASE_ERROR_INVALID,
                           _("The case has a scheme, status or filing category Yidi does not know."));
      return FALSE;
    }

  return TRUE;
}

/* ---- JSON ----------------------------------------------------------------- */

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* The keys of @table, sorted (borrowed pointers). */
static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

JsonNode *
yidi_case_record_to_json (const YidiCaseRecord *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) keys = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  add_string_or_null (builder, "label", self->label);
  add_string_or_null (builder, "insured_place", self->insured_place);
  add_string_or_null (builder, "scheme", yidi_scheme_to_key (self->scheme));
  add_string_or_null (builder, "member_status", yidi_member_status_to_key (self->member_status));
  json_builder_set_member_name (builder, "birth_year");
  if (self->birth_year != 0)
    json_builder_add_int_value (builder, self->birth_year);
  else
    json_builder_add_null_value (builder);
  add_string_or_null (builder, "destination", self->destination);
  add_string_or_null (builder, "filing_category", yidi_filing_category_to_key (self->filing_category));
  add_string_or_null (builder, "filing_date", self->filing_date);
  add_string_or_null (builder, "filing_status", yidi_filing_status_to_key (self->filing_status));
  add_string_or_null (builder, "admission_date", self->admission_date);
  add_string_or_null (builder, "discharge_date", self->discharge_date);
  add_string_or_null (builder, "notes", self->notes);

  /* Sorted, so that the same case always gives the same file. */
  json_builder_set_member_name (builder, "filing_answers");
  json_builder_begin_object (builder);
  keys = sorted_keys (self->answers);
  for (guint i = 0; i < keys->len; i++)
    {
      json_builder_set_member_name (builder, keys->pdata[i]);
      json_builder_add_string_value (builder, g_hash_table_lookup (self->answers, keys->pdata[i]));
    }
  json_builder_end_object (builder);
  g_clear_pointer (&keys, g_ptr_array_unref);

  json_builder_set_member_name (builder, "checklist");
  json_builder_begin_array (builder);
  keys = sorted_keys (self->checked);
  for (guint i = 0; i < keys->len; i++)
    json_builder_add_string_value (builder, keys->pdata[i]);
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

typedef struct {
  const char *file_name;
  const char *json_path;
  GError    **error;
} ReadContext;

static gboolean
bad_file (ReadContext *ctx,
          const char  *member,
          const char  *reason)
{
  g_autofree char *path = member != NULL ? g_strdup_printf ("%s.%s", ctx->json_path, member)
                                         : g_strdup (ctx->json_path);
  /* Member names and values come from the file, which may hold any bytes
   * (json-glib decodes some broken escapes into invalid UTF-8). */
  g_autofree char *where = g_utf8_make_valid (path, -1);
  g_autofree char *shown_reason = g_utf8_make_valid (reason, -1);

  g_set_error (ctx->error, YIDI_CASE_ERROR, YIDI_CASE_ERROR_BAD_FILE,
               /* Translators: “file” is not a Yidi case file: reason (at $.case.scheme). */
               _("“%s” is not a Yidi case file that can be opened: %s (at %s). Nothing was changed."),
               ctx->file_name, shown_reason, where);
  return FALSE;
}

/* Reads an optional string member: absent and null both give NULL. */
static gboolean
read_string (ReadContext  *ctx,
             JsonObject   *object,
             const char   *member,
             char        **out_value)
{
  JsonNode *node = json_object_get_member (object, member);

  *out_value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      !g_utf8_validate (json_node_get_string (node), -1, NULL))
    return bad_file (ctx, member, _("expected text"));

  *out_value = json_node_dup_string (node);
  return TRUE;
}

#define READ_ENUM(ctx, object, member, from_key, out, fallback)                           \
  G_STMT_START {                                                                           \
    g_autofree char *key_ = NULL;                                                          \
    if (!read_string (ctx, object, member, &key_))                                         \
      goto fail;                                                                           \
    if (key_ == NULL)                                                                      \
      *(out) = (fallback);                                                                 \
    else if (!from_key (key_, out))                                                        \
      {                                                                                    \
        g_autofree char *reason_ = g_strdup_printf (_("unknown value “%s”"), key_);        \
        bad_file (ctx, member, reason_);                                                   \
        goto fail;                                                                         \
      }                                                                                    \
  } G_STMT_END

YidiCaseRecord *
yidi_case_record_from_json (JsonNode    *node,
                            const char  *file_name,
                            const char  *json_path,
                            GError     **error)
{
  ReadContext ctx = { file_name, json_path, error };
  g_autoptr(YidiCaseRecord) record = yidi_case_record_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *member;

  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (json_path != NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      bad_file (&ctx, NULL, _("expected an object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!read_string (&ctx, object, "label", &record->label) ||
      !read_string (&ctx, object, "insured_place", &record->insured_place) ||
      !read_string (&ctx, object, "destination", &record->destination) ||
      !read_string (&ctx, object, "filing_date", &record->filing_date) ||
      !read_string (&ctx, object, "admission_date", &record->admission_date) ||
      !read_string (&ctx, object, "discharge_date", &record->discharge_date) ||
      !read_string (&ctx, object, "notes", &record->notes))
    return NULL;

  {
    const struct { const char *member; const char *value; gboolean is_date; } checks[] = {
      { "insured_place", record->insured_place, FALSE },
      { "destination", record->destination, FALSE },
      { "filing_date", record->filing_date, TRUE },
      { "admission_date", record->admission_date, TRUE },
      { "discharge_date", record->discharge_date, TRUE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
      {
        GDate date;

        if (checks[i].value == NULL)
          continue;
        if (checks[i].is_date && !yidi_date_parse (checks[i].value, &date))
          {
            g_autofree char *reason = g_strdup_printf (_("“%s” is not a date of the form year-month-day"), checks[i].value);
            bad_file (&ctx, checks[i].member, reason);
            return NULL;
          }
        if (!checks[i].is_date && !is_division_code (checks[i].value))
          {
            g_autofree char *reason = g_strdup_printf (_("“%s” is not a six-digit division code"), checks[i].value);
            bad_file (&ctx, checks[i].member, reason);
            return NULL;
          }
      }
  }

  READ_ENUM (&ctx, object, "scheme", yidi_scheme_from_key, &record->scheme, YIDI_SCHEME_EMPLOYEE);
  READ_ENUM (&ctx, object, "member_status", yidi_member_status_from_key, &record->member_status, YIDI_MEMBER_IN_SERVICE);
  READ_ENUM (&ctx, object, "filing_category", yidi_filing_category_from_key, &record->filing_category, YIDI_FILING_NONE);
  READ_ENUM (&ctx, object, "filing_status", yidi_filing_status_from_key, &record->filing_status, YIDI_FILING_STATUS_NOT_FILED);

  member = json_object_get_member (object, "birth_year");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64 ||
          json_node_get_int (member) < 1900 || json_node_get_int (member) > 2999)
        {
          bad_file (&ctx, "birth_year", _("expected a year such as 1955"));
          return NULL;
        }
      record->birth_year = (int) json_node_get_int (member);
    }

  member = json_object_get_member (object, "filing_answers");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      g_autoptr(GList) names = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        {
          bad_file (&ctx, "filing_answers", _("expected an object"));
          return NULL;
        }
      names = json_object_get_members (json_node_get_object (member));
      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *answer = json_object_get_member (json_node_get_object (member), l->data);

          if (!JSON_NODE_HOLDS_VALUE (answer) || json_node_get_value_type (answer) != G_TYPE_STRING ||
              *(const char *) l->data == '\0' || *json_node_get_string (answer) == '\0' ||
              !g_utf8_validate (l->data, -1, NULL) || !g_utf8_validate (json_node_get_string (answer), -1, NULL))
            {
              g_autofree char *where = g_strdup_printf ("filing_answers.%s", (const char *) l->data);
              bad_file (&ctx, where, _("expected the id of an answer"));
              return NULL;
            }
          yidi_case_record_set_answer (record, l->data, json_node_get_string (answer));
        }
    }

  member = json_object_get_member (object, "checklist");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          bad_file (&ctx, "checklist", _("expected a list"));
          return NULL;
        }
      array = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING ||
              *json_node_get_string (item) == '\0' || !g_utf8_validate (json_node_get_string (item), -1, NULL))
            {
              g_autofree char *where = g_strdup_printf ("checklist[%u]", i);
              bad_file (&ctx, where, _("expected the key of a checklist item"));
              return NULL;
            }
          yidi_case_record_set_checked (record, json_node_get_string (item), TRUE);
        }
    }

  if (!yidi_case_record_validate (record, &local_error))
    {
      bad_file (&ctx, NULL, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&record);

fail:
  return NULL;
}

char *
yidi_case_record_export (const YidiCaseRecord *self,
                         gsize                *out_length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, CASE_FILE_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, YIDI_CASE_FILE_VERSION);
  json_builder_set_member_name (builder, "generator");
  json_builder_add_string_value (builder, "Yidi " PACKAGE_VERSION);
  json_builder_set_member_name (builder, "exported");
  json_builder_add_string_value (builder, stamp);
  json_builder_set_member_name (builder, "case");
  json_builder_add_value (builder, yidi_case_record_to_json (self));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, out_length);
}

YidiCaseRecord *
yidi_case_record_import (const char  *data,
                         gssize       length,
                         const char  *file_name,
                         GError     **error)
{
  ReadContext ctx = { file_name, "$", error };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  JsonObject *root;
  JsonNode *format;
  JsonNode *version;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (file_name != NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      g_debug ("case file does not parse: %s", parse_error->message);
      bad_file (&ctx, NULL, _("the file is not valid JSON"));
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      bad_file (&ctx, NULL, _("expected an object"));
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  format = json_object_get_member (root, "format");
  if (format == NULL || !JSON_NODE_HOLDS_VALUE (format) ||
      json_node_get_value_type (format) != G_TYPE_STRING ||
      g_strcmp0 (json_node_get_string (format), CASE_FILE_FORMAT) != 0)
    {
      bad_file (&ctx, "format", _("this is not a case exported by Yidi"));
      return NULL;
    }

  version = json_object_get_member (root, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 || json_node_get_int (version) < 1)
    {
      bad_file (&ctx, "version", _("the format version is missing"));
      return NULL;
    }
  if (json_node_get_int (version) > YIDI_CASE_FILE_VERSION)
    {
      g_set_error (error, YIDI_CASE_ERROR, YIDI_CASE_ERROR_TOO_NEW,
                   _("“%s” was saved by a newer version of Yidi (case file format %d). Update Yidi to open it. Nothing was changed."),
                   file_name, (int) json_node_get_int (version));
      return NULL;
    }

  if (!json_object_has_member (root, "case"))
    {
      bad_file (&ctx, "case", _("the case is missing"));
      return NULL;
    }

  return yidi_case_record_from_json (json_object_get_member (root, "case"), file_name, "$.case", error);
}

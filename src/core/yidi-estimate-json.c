/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-estimate-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "yidi-estimate-json.h"
#include "yidi-policy-private.h"

struct _YidiEstimateRequest {
  YidiEngineInput input;
  GArray         *lines;        /* YidiBillLine */
  GDate           birth_date;   /* when given instead of an age */
  gboolean        has_case;
  gboolean        has_bill;
};

G_DEFINE_QUARK (yidi-estimate-json-error-quark, yidi_estimate_json_error)

typedef struct {
  const char *label;            /* the file, for messages */
} Reader;

static const char * const unknown_keys[] = {
  "annual_cap", "class_b_pre_self_pay", "consumables_pre_self_pay", "serious_illness", "above_cap",
  "civil_servant_subsidy", "medical_assistance", "cross_region_reduction", "manual_settlement",
  "not_filed", "waiting_period", "personal_account", "national_rules", "stay_length",
};

static const char * const note_keys[] = {
  "legacy_scheme", "local", "emergency_as_filed", "not_filed", "not_filed_not_paid",
  "trauma_commitment", "trauma_no_commitment", "not_yet_eligible", "national_limit",
  "unconfirmed", "cap_reached", "manual_settlement", "deductible_repeated",
};

static int
bit_index (guint32 flag)
{
  return flag != 0 && (flag & (flag - 1)) == 0 ? g_bit_nth_lsf (flag, -1) : -1;
}

const char *
yidi_estimate_unknown_to_key (YidiEstimateUnknown flag)
{
  int bit = bit_index (flag);

  g_return_val_if_fail (bit >= 0 && bit < (int) G_N_ELEMENTS (unknown_keys), NULL);
  return unknown_keys[bit];
}

const char *
yidi_estimate_note_to_key (YidiEstimateNote flag)
{
  int bit = bit_index (flag);

  g_return_val_if_fail (bit >= 0 && bit < (int) G_N_ELEMENTS (note_keys), NULL);
  return note_keys[bit];
}

/* Reading */

static gboolean fail (const Reader *r, const char *path, GError **error, const char *format, ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (const Reader *r,
      const char   *path,
      GError      **error,
      const char   *format,
      ...)
{
  g_autofree char *message = NULL;
  g_autofree char *full = NULL;
  g_autofree char *shown = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Keys and values come from the file and may be any bytes (json-glib
   * decodes some broken escapes into invalid UTF-8): the message stays text. */
  full = g_strdup_printf ("%s: %s: %s", r->label, path, message);
  g_set_error_literal (error, YIDI_ESTIMATE_JSON_ERROR, YIDI_ESTIMATE_JSON_ERROR_INVALID,
                       shown = g_utf8_make_valid (full, -1));
  return FALSE;
}

static char *
child (const char *path,
       const char *key)
{
  return g_strdup_printf ("%s.%s", path, key);
}

static gboolean
check_keys (const Reader       *r,
            JsonObject         *obj,
            const char         *path,
            const char * const *allowed,
            GError            **error)
{
  JsonObjectIter iter;
  const char *name;

  json_object_iter_init (&iter, obj);
  while (json_object_iter_next (&iter, &name, NULL))
    if (!g_strv_contains (allowed, name))
      {
        g_autofree char *expected = g_strjoinv (", ", (char **) allowed);
        return fail (r, path, error, _("Unknown key “%s”. Allowed here: %s."), name, expected);
      }
  return TRUE;
}

static JsonObject *
get_object (const Reader *r,
            JsonNode     *node,
            const char   *path,
            GError      **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (r, path, error, _("Expected an object ({ … }) here."));
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
get_string (const Reader *r,
            JsonObject   *obj,
            const char   *path,
            const char   *key,
            gboolean      required,
            const char  **out,
            GError      **error)
{
  JsonNode *node = json_object_get_member (obj, key);
  g_autofree char *where = child (path, key);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail (r, path, error, _("“%s” is missing. Add it (see policies/README.md)."), key);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      !g_utf8_validate (json_node_get_string (node), -1, NULL))
    return fail (r, where, error, _("Expected a text in quotes here."));
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_bool (const Reader *r,
          JsonObject   *obj,
          const char   *path,
          const char   *key,
          gboolean     *out,
          GError      **error)
{
  JsonNode *node = json_object_get_member (obj, key);
  g_autofree char *where = child (path, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (r, where, error, _("Expected true or false here."));
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_int (const Reader *r,
         JsonObject   *obj,
         const char   *path,
         const char   *key,
         int           min,
         int           max,
         int          *out,
         GError      **error)
{
  JsonNode *node = json_object_get_member (obj, key);
  g_autofree char *where = child (path, key);
  gint64 value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (r, where, error, _("Expected a whole number here (no quotes, no decimals)."));
  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
      return fail (r, where, error, _("%s is out of range: use a number from %d to %d."), text, min, max);
    }
  *out = (int) value;
  return TRUE;
}

/* An amount: yuan as a string ("1300.00") or whole fen as a number. */
static gboolean
read_money_node (const Reader *r,
                 JsonNode     *node,
                 const char   *where,
                 YidiFen      *out,
                 GError      **error)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autoptr(GError) local_error = NULL;

      if (!yidi_money_parse (json_node_get_string (node), out, &local_error))
        return fail (r, where, error, "%s", local_error->message);
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      if (*out < 0)
        return fail (r, where, error, _("The amount cannot be negative. Enter 0 or more."));
    }
  else
    return fail (r, where, error, _("Expected an amount here: yuan in quotes such as \"1300.00\", or whole fen."));

  if (*out > YIDI_ENGINE_MAX_AMOUNT)
    {
      g_autofree char *max = yidi_money_format (YIDI_ENGINE_MAX_AMOUNT);
      return fail (r, where, error, _("More than %s is not a real hospital bill. Check the number of digits."), max);
    }
  return TRUE;
}

static gboolean
get_money (const Reader *r,
           JsonObject   *obj,
           const char   *path,
           const char   *key,
           YidiFen      *out,
           GError      **error)
{
  JsonNode *node = json_object_get_member (obj, key);
  g_autofree char *where = child (path, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  return read_money_node (r, node, where, out, error);
}

static gboolean
get_date (const Reader *r,
          JsonObject   *obj,
          const char   *path,
          const char   *key,
          gboolean      required,
          GDate        *out,
          GError      **error)
{
  g_autofree char *where = child (path, key);
  const char *text;
  guint32 julian;

  if (!get_string (r, obj, path, key, required, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!yidi_date_parse_iso (text, &julian))
    return fail (r, where, error, _("“%s” is not a date Yidi can use. Write YYYY-MM-DD between 1950 and 2100, for example 2024-01-01."),
                 text);
  g_date_clear (out, 1);
  g_date_set_julian (out, julian);
  return TRUE;
}

static gboolean
get_place (const Reader *r,
           JsonObject   *obj,
           const char   *path,
           const char   *key,
           char         *out,
           GError      **error)
{
  g_autofree char *where = child (path, key);
  const char *text;
  gboolean digits;

  if (!get_string (r, obj, path, key, TRUE, &text, error))
    return FALSE;
  digits = strlen (text) == 6;
  for (guint i = 0; digits && i < 6; i++)
    digits = g_ascii_isdigit (text[i]);
  if (!digits)
    return fail (r, where, error, _("“%s” is not a division code. Use its six digits, for example 110000 for Beijing."), text);
  memcpy (out, text, 7);
  return TRUE;
}

#define GET_ENUM(r, obj, path, key, required, type, out, error, message)                  \
  G_STMT_START {                                                                          \
    const char *text_;                                                                    \
    if (!get_string (r, obj, path, key, required, &text_, error))                         \
      return FALSE;                                                                       \
    if (text_ != NULL && !yidi_##type##_from_key (text_, out))                            \
      {                                                                                   \
        g_autofree char *where_ = child (path, key);                                      \
        return fail (r, where_, error, message, text_);                                   \
      }                                                                                   \
  } G_STMT_END

static gboolean
read_filing (const Reader        *r,
             JsonObject          *root,
             YidiEngineInput     *input,
             GError             **error)
{
  static const char * const keys[] = { "category", "filed", "settlement", NULL };
  JsonNode *node = json_object_get_member (root, "filing");
  JsonObject *obj;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if ((obj = get_object (r, node, "$.filing", error)) == NULL)
    return FALSE;
  if (!check_keys (r, obj, "$.filing", keys, error))
    return FALSE;

  GET_ENUM (r, obj, "$.filing", "category", FALSE, filing_category, &input->insured.filing_category, error,
            _("“%s” is not a filing category. Use none, resettled_retiree, long_term_resident, resident_staff, referral, emergency or other_temporary."));
  if (!get_bool (r, obj, "$.filing", "filed", &input->insured.filed, error))
    return FALSE;
  GET_ENUM (r, obj, "$.filing", "settlement", FALSE, settlement, &input->insured.settlement, error,
            _("“%s” is not a way of settling. Use direct or manual."));
  return TRUE;
}

static gboolean
read_enrolment (const Reader    *r,
                JsonObject      *root,
                YidiEngineInput *input,
                GError         **error)
{
  static const char * const keys[] = { "kind", "since", NULL };
  JsonNode *node = json_object_get_member (root, "enrolment");
  JsonObject *obj;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if ((obj = get_object (r, node, "$.enrolment", error)) == NULL)
    return FALSE;
  if (!check_keys (r, obj, "$.enrolment", keys, error))
    return FALSE;

  GET_ENUM (r, obj, "$.enrolment", "kind", TRUE, enrolment, &input->insured.enrolment, error,
            _("“%s” is not a kind of enrolment. Use continuous, new or flexible_employment."));
  return get_date (r, obj, "$.enrolment", "since", input->insured.enrolment != YIDI_ENROLMENT_CONTINUOUS,
                   &input->insured.enrolled_since, error);
}

static gboolean
read_visit (const Reader    *r,
            JsonObject      *root,
            YidiEngineInput *input,
            GError         **error)
{
  static const char * const keys[] = { "type", "admission", "discharge", "treatment_place", "level",
                                       "trauma_no_third_party", "commitment_signed", NULL };
  JsonObject *obj = get_object (r, json_object_get_member (root, "visit"), "$.visit", error);

  if (obj == NULL)
    return FALSE;
  if (!check_keys (r, obj, "$.visit", keys, error))
    return FALSE;

  GET_ENUM (r, obj, "$.visit", "type", FALSE, visit_type, &input->visit.type, error,
            _("“%s” is not a kind of visit. Use inpatient, outpatient or chronic_outpatient."));
  if (!get_date (r, obj, "$.visit", "admission", TRUE, &input->visit.admission, error) ||
      !get_date (r, obj, "$.visit", "discharge", FALSE, &input->visit.discharge, error) ||
      !get_place (r, obj, "$.visit", "treatment_place", input->visit.treatment_place, error))
    return FALSE;
  GET_ENUM (r, obj, "$.visit", "level", TRUE, institution_level, &input->visit.level, error,
            _("“%s” is not an institution level. Use community, level1, level2, level3 or unrated."));
  if (!get_bool (r, obj, "$.visit", "trauma_no_third_party", &input->visit.trauma_no_third_party, error) ||
      !get_bool (r, obj, "$.visit", "commitment_signed", &input->visit.commitment_signed, error))
    return FALSE;

  if (g_date_valid (&input->visit.discharge) &&
      g_date_compare (&input->visit.discharge, &input->visit.admission) < 0)
    return fail (r, "$.visit.discharge", error, _("The discharge date is before the admission date. Check both dates."));
  return TRUE;
}

static gboolean
read_year_to_date (const Reader    *r,
                   JsonObject      *root,
                   YidiEngineInput *input,
                   GError         **error)
{
  static const char * const keys[] = { "admissions", "fund_paid", "serious_illness_paid", "deductible_paid",
                                       "in_scope_cost", "personal_in_scope", "civil_servant_paid",
                                       "assistance_paid", NULL };
  JsonNode *node = json_object_get_member (root, "year_to_date");
  YidiYearToDate *ytd = &input->ytd;
  JsonObject *obj;
  int admissions = 0;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if ((obj = get_object (r, node, "$.year_to_date", error)) == NULL)
    return FALSE;
  if (!check_keys (r, obj, "$.year_to_date", keys, error))
    return FALSE;

  if (!get_int (r, obj, "$.year_to_date", "admissions", 0, 366, &admissions, error) ||
      !get_money (r, obj, "$.year_to_date", "fund_paid", &ytd->fund_paid, error) ||
      !get_money (r, obj, "$.year_to_date", "serious_illness_paid", &ytd->serious_illness_paid, error) ||
      !get_money (r, obj, "$.year_to_date", "deductible_paid", &ytd->deductible_paid, error) ||
      !get_money (r, obj, "$.year_to_date", "in_scope_cost", &ytd->in_scope_cost, error) ||
      !get_money (r, obj, "$.year_to_date", "personal_in_scope", &ytd->personal_in_scope, error) ||
      !get_money (r, obj, "$.year_to_date", "civil_servant_paid", &ytd->civil_servant_paid, error) ||
      !get_money (r, obj, "$.year_to_date", "assistance_paid", &ytd->assistance_paid, error))
    return FALSE;
  ytd->admissions = admissions;
  return TRUE;
}

YidiEstimateRequest *
yidi_estimate_request_new (void)
{
  YidiEstimateRequest *self = g_new0 (YidiEstimateRequest, 1);

  yidi_engine_input_init (&self->input);
  self->lines = g_array_new (FALSE, FALSE, sizeof (YidiBillLine));
  g_date_clear (&self->birth_date, 1);
  return self;
}

void
yidi_estimate_request_free (YidiEstimateRequest *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->lines);
  g_free (self);
}

/**
 * yidi_estimate_request_load_case:
 * @node: the case object (see policies/README.md, "Case files")
 * @label: how messages name the source, e.g. its file name
 */
gboolean
yidi_estimate_request_load_case (YidiEstimateRequest *self,
                                 JsonNode            *node,
                                 const char          *label,
                                 GError             **error)
{
  static const char * const keys[] = { "insured_place", "scheme", "tier", "member_status", "age", "birth_date",
                                       "filing", "civil_servant", "low_income", "enrolment", "visit",
                                       "year_to_date", NULL };
  Reader reader = { label };
  const Reader *r = &reader;
  YidiEngineInput *input = &self->input;
  const char *scheme;
  const char *tier;
  JsonObject *root;
  int age = -1;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (node != NULL, FALSE);

  if ((root = get_object (r, node, "$", error)) == NULL)
    return FALSE;
  if (!check_keys (r, root, "$", keys, error))
    return FALSE;

  if (!get_place (r, root, "$", "insured_place", input->insured.insured_place, error) ||
      !get_string (r, root, "$", "scheme", TRUE, &scheme, error))
    return FALSE;
  if (!yidi_scheme_from_key (scheme, &input->insured.scheme))
    return fail (r, "$.scheme", error, _("“%s” is not a scheme. Use employee or resident."), scheme);
  /* 新农合 was merged into the resident scheme: accept it, and say so. */
  input->insured.legacy_scheme_name = g_str_equal (scheme, "新农合") || g_str_equal (scheme, "new_rural_cooperative");

  if (!get_string (r, root, "$", "tier", FALSE, &tier, error))
    return FALSE;
  if (tier != NULL)
    {
      if (strlen (tier) >= sizeof input->insured.tier)
        return fail (r, "$.tier", error, _("“%s” is not a tier. Use the tier key of the policy, for example tier1."), tier);
      strcpy (input->insured.tier, tier);
    }

  GET_ENUM (r, root, "$", "member_status", FALSE, member_status, &input->insured.member_status, error,
            _("“%s” is not a member status. Use in_service or retired."));

  if (!get_int (r, root, "$", "age", 0, 130, &age, error) ||
      !get_date (r, root, "$", "birth_date", FALSE, &self->birth_date, error))
    return FALSE;
  if (age >= 0 && g_date_valid (&self->birth_date))
    return fail (r, "$", error, _("Give either “age” or “birth_date”, not both."));
  if (age < 0 && !g_date_valid (&self->birth_date))
    return fail (r, "$", error, _("“age” is missing. Give the age at admission, or “birth_date”."));

  if (!read_filing (r, root, input, error) ||
      !get_bool (r, root, "$", "civil_servant", &input->insured.civil_servant, error) ||
      !get_bool (r, root, "$", "low_income", &input->insured.low_income, error) ||
      !read_enrolment (r, root, input, error) ||
      !read_visit (r, root, input, error) ||
      !read_year_to_date (r, root, input, error))
    return FALSE;

  if (g_date_valid (&self->birth_date))
    {
      const GDate *admission = &input->visit.admission;
      const GDate *birth = &self->birth_date;

      if (g_date_compare (birth, admission) > 0)
        return fail (r, "$.birth_date", error, _("The birth date is after the admission date. Check both dates."));
      age = g_date_get_year (admission) - g_date_get_year (birth);
      if (g_date_get_month (admission) < g_date_get_month (birth) ||
          (g_date_get_month (admission) == g_date_get_month (birth) &&
           g_date_get_day (admission) < g_date_get_day (birth)))
        age--;
    }
  input->insured.age = age;

  if (input->insured.filed && input->insured.filing_category == YIDI_FILING_NONE)
    return fail (r, "$.filing", error, _("The filing is marked as done but has no category. Choose the category of the filing (备案类型)."));

  self->has_case = TRUE;
  return TRUE;
}

/**
 * yidi_estimate_request_load_bill:
 * @node: totals per category ({"class_a": "1000.00", …}) or line items
 *   ({"items": [{"name": …, "category": "class_b", "amount": "12.50"}]})
 */
gboolean
yidi_estimate_request_load_bill (YidiEstimateRequest *self,
                                 JsonNode            *node,
                                 const char          *label,
                                 GError             **error)
{
  static const char * const item_keys[] = { "name", "category", "amount", NULL };
  Reader reader = { label };
  const Reader *r = &reader;
  YidiBill *bill = &self->input.bill;
  JsonObject *root;
  JsonNode *items;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (node != NULL, FALSE);

  if ((root = get_object (r, node, "$", error)) == NULL)
    return FALSE;

  memset (bill->amount, 0, sizeof bill->amount);
  g_array_set_size (self->lines, 0);
  bill->lines = NULL;
  bill->n_lines = 0;

  items = json_object_get_member (root, "items");
  if (items != NULL)
    {
      JsonArray *array;

      if (json_object_get_size (root) != 1)
        return fail (r, "$", error, _("Give either line “items” or totals per category, not both."));
      if (!JSON_NODE_HOLDS_ARRAY (items))
        return fail (r, "$.items", error, _("Expected a list ([ … ]) here."));
      array = json_node_get_array (items);
      if (json_array_get_length (array) == 0)
        return fail (r, "$.items", error, _("The bill has no items. Add at least one, or give totals."));

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *where = g_strdup_printf ("$.items[%u]", i);
          JsonObject *item = get_object (r, json_array_get_element (array, i), where, error);
          YidiBillLine line = { 0 };
          const char *category;
          const char *item_name;
          JsonNode *amount;

          if (item == NULL || !check_keys (r, item, where, item_keys, error) ||
              !get_string (r, item, where, "name", FALSE, &item_name, error) ||
              !get_string (r, item, where, "category", TRUE, &category, error))
            return FALSE;
          if (!yidi_bill_category_from_key (category, &line.category))
            {
              g_autofree char *at = child (where, "category");
              return fail (r, at, error, _("“%s” is not a bill category. Use class_a, class_b, self_pay, over_standard or high_value_consumables."),
                           category);
            }
          amount = json_object_get_member (item, "amount");
          if (amount == NULL)
            return fail (r, where, error, _("“%s” is missing. Add it (see policies/README.md)."), "amount");
          {
            g_autofree char *at = child (where, "amount");
            if (!read_money_node (r, amount, at, &line.amount, error))
              return FALSE;
          }
          bill->amount[line.category] += line.amount;
          if (bill->amount[line.category] > YIDI_ENGINE_MAX_AMOUNT)
            return fail (r, where, error, _("The bill adds up to an amount no stay costs. Check the amounts."));
          g_array_append_val (self->lines, line);
        }
      bill->lines = (const YidiBillLine *) self->lines->data;
      bill->n_lines = self->lines->len;
      self->has_bill = TRUE;
      return TRUE;
    }

  if (json_object_get_size (root) == 0)
    return fail (r, "$", error, _("The bill is empty. Give amounts such as {\"class_a\": \"12000.00\"}."));

  json_object_iter_init (&iter, root);
  while (json_object_iter_next (&iter, &name, &value))
    {
      g_autofree char *where = child ("$", name);
      YidiBillCategory category;
      YidiFen amount;

      if (!yidi_bill_category_from_key (name, &category))
        return fail (r, "$", error, _("Unknown key “%s”. Allowed here: %s."), name,
                     "class_a, class_b, self_pay, over_standard, high_value_consumables, items");
      if (!read_money_node (r, value, where, &amount, error))
        return FALSE;
      bill->amount[category] += amount;
    }

  self->has_bill = TRUE;
  return TRUE;
}

static JsonNode *
parse_file (const char  *path,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  if (!json_parser_load_from_mapped_file (parser, path, &local_error))
    {
      if (local_error->domain == G_FILE_ERROR)
        g_set_error (error, YIDI_ESTIMATE_JSON_ERROR, YIDI_ESTIMATE_JSON_ERROR_PARSE,
                     _("%s: the file cannot be read. Check the name and that you may read it."), path);
      else
        {
          /* The parser's message quotes the file, cut anywhere (even
           * inside a character): only its line number is for people. */
          const char *rest = g_str_has_prefix (local_error->message, path)
                             ? local_error->message + strlen (path) : "";
          guint line = 0;

          g_debug ("%s does not parse: %s", path, local_error->message);
          if (*rest != ':' || sscanf (rest + 1, "%u:", &line) != 1)
            line = 0;
          g_set_error (error, YIDI_ESTIMATE_JSON_ERROR, YIDI_ESTIMATE_JSON_ERROR_PARSE,
                       _("%s: the file is not valid JSON (line %u). Fix the syntax, for example a missing comma or quote."),
                       path, line);
        }
      return NULL;
    }
  /* An empty file (or only white space) parses, without a root. */
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, YIDI_ESTIMATE_JSON_ERROR, YIDI_ESTIMATE_JSON_ERROR_PARSE,
                   _("%s: the file is empty. Choose the file that holds the case or the bill."), path);
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

gboolean
yidi_estimate_request_load_files (YidiEstimateRequest *self,
                                  const char          *case_path,
                                  const char          *bill_path,
                                  GError             **error)
{
  g_autoptr(JsonNode) case_node = NULL;
  g_autoptr(JsonNode) bill_node = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (case_path != NULL, FALSE);
  g_return_val_if_fail (bill_path != NULL, FALSE);

  if ((case_node = parse_file (case_path, error)) == NULL ||
      !yidi_estimate_request_load_case (self, case_node, case_path, error) ||
      (bill_node = parse_file (bill_path, error)) == NULL ||
      !yidi_estimate_request_load_bill (self, bill_node, bill_path, error))
    return FALSE;
  return TRUE;
}

/**
 * yidi_estimate_request_get_input:
 *
 * Returns: (transfer none): the input; its bill lines belong to @self.
 */
const YidiEngineInput *
yidi_estimate_request_get_input (YidiEstimateRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->input;
}

/* Writing */

static void
add_money (JsonBuilder *b,
           const char  *key,
           YidiFen      fen)
{
  g_autofree char *text = yidi_money_to_decimal (fen);

  json_builder_set_member_name (b, key);
  json_builder_add_string_value (b, text);
}

static void
add_date (JsonBuilder *b,
          const char  *key,
          const GDate *date)
{
  json_builder_set_member_name (b, key);
  if (g_date_valid (date))
    {
      char text[16];
      g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
      json_builder_add_string_value (b, text);
    }
  else
    json_builder_add_null_value (b);
}

static void
add_string_or_null (JsonBuilder *b,
                    const char  *key,
                    const char  *value)
{
  json_builder_set_member_name (b, key);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_trace_step (JsonBuilder         *b,
                const YidiTraceStep *step)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "rule");
  json_builder_add_string_value (b, yidi_trace_rule_to_key (step->rule));
  add_string_or_null (b, "parameter", step->param_key);

  json_builder_set_member_name (b, "value");
  switch (step->value_kind)
    {
    case YIDI_TRACE_VALUE_FEN:
      {
        g_autofree char *text = yidi_money_to_decimal (step->value);
        json_builder_begin_object (b);
        json_builder_set_member_name (b, "yuan");
        json_builder_add_string_value (b, text);
        json_builder_end_object (b);
      }
      break;
    case YIDI_TRACE_VALUE_BP:
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "bp");
      json_builder_add_int_value (b, step->value);
      json_builder_end_object (b);
      break;
    case YIDI_TRACE_VALUE_COUNT:
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "count");
      json_builder_add_int_value (b, step->value);
      json_builder_end_object (b);
      break;
    case YIDI_TRACE_VALUE_FLAG:
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "flag");
      json_builder_add_boolean_value (b, step->value != 0);
      json_builder_end_object (b);
      break;
    case YIDI_TRACE_VALUE_NONE:
    default:
      json_builder_add_null_value (b);
      break;
    }

  if (step->amount >= 0)
    add_money (b, "amount", step->amount);
  else
    add_string_or_null (b, "amount", NULL);
  add_string_or_null (b, "from", step->from);
  add_string_or_null (b, "until", step->until);
  json_builder_set_member_name (b, "sources");
  json_builder_begin_array (b);
  for (guint i = 0; step->sources != NULL && step->sources[i] != NULL; i++)
    json_builder_add_string_value (b, step->sources[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "confirmed");
  json_builder_add_boolean_value (b, step->confirmed);
  json_builder_set_member_name (b, "known");
  json_builder_add_boolean_value (b, step->known);
  add_string_or_null (b, "note", step->note);
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, step->text);
  json_builder_end_object (b);
}

static void
build_estimate (JsonBuilder        *b,
                const YidiEstimate *result,
                YidiPolicySet      *set)
{
  json_builder_begin_object (b);

  if (result->pack != NULL)
    {
      g_autofree char *name = yidi_policy_pack_get_display_name (result->pack);

      json_builder_set_member_name (b, "policy");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, yidi_policy_pack_get_id (result->pack));
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, name);
      json_builder_end_object (b);
    }

  add_money (b, "total", result->total);
  add_money (b, "self_pay", result->self_pay);
  add_money (b, "pre_self_pay", result->pre_self_pay);
  add_money (b, "deductible", result->deductible);
  add_money (b, "copayment", result->copayment);
  add_money (b, "over_cap", result->over_cap);
  add_money (b, "not_covered", result->not_covered);
  add_money (b, "fund", result->fund);
  add_money (b, "serious_illness", result->serious_illness);
  add_money (b, "civil_servant", result->civil_servant);
  add_money (b, "assistance", result->assistance);
  add_money (b, "out_of_pocket", result->out_of_pocket);
  if (result->personal_account_known)
    add_money (b, "personal_account", result->personal_account);
  else
    add_string_or_null (b, "personal_account", NULL);

  json_builder_set_member_name (b, "ratio_bp");
  json_builder_add_int_value (b, result->ratio);
  json_builder_set_member_name (b, "reduction_bp");
  json_builder_add_int_value (b, result->reduction);
  json_builder_set_member_name (b, "area");
  json_builder_add_string_value (b, yidi_treatment_area_to_key (result->area));
  json_builder_set_member_name (b, "settlement");
  json_builder_add_string_value (b, yidi_settlement_to_key (result->settlement));
  json_builder_set_member_name (b, "eligible");
  json_builder_add_boolean_value (b, result->eligible);
  add_date (b, "eligible_from", &result->eligible_from);

  json_builder_set_member_name (b, "insurance_year");
  json_builder_begin_object (b);
  add_date (b, "from", &result->year_start);
  add_date (b, "until", &result->year_end);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "not_known");
  json_builder_begin_array (b);
  for (guint bit = 0; bit < G_N_ELEMENTS (unknown_keys); bit++)
    if (result->unknown & (1u << bit))
      {
        json_builder_begin_object (b);
        json_builder_set_member_name (b, "key");
        json_builder_add_string_value (b, unknown_keys[bit]);
        json_builder_set_member_name (b, "text");
        json_builder_add_string_value (b, yidi_estimate_unknown_get_text (1u << bit));
        json_builder_end_object (b);
      }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "notes");
  json_builder_begin_array (b);
  for (guint bit = 0; bit < G_N_ELEMENTS (note_keys); bit++)
    if (result->notes & (1u << bit))
      {
        g_autofree char *text = yidi_estimate_note_get_text (result, 1u << bit);

        json_builder_begin_object (b);
        json_builder_set_member_name (b, "key");
        json_builder_add_string_value (b, note_keys[bit]);
        json_builder_set_member_name (b, "text");
        json_builder_add_string_value (b, text);
        json_builder_end_object (b);
      }
  json_builder_end_array (b);

  if (result->trace != NULL)
    {
      g_autoptr(GHashTable) cited = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GPtrArray) order = g_ptr_array_new ();

      json_builder_set_member_name (b, "trace");
      json_builder_begin_array (b);
      for (guint i = 0; i < result->trace->len; i++)
        {
          const YidiTraceStep *step = g_ptr_array_index (result->trace, i);

          add_trace_step (b, step);
          for (guint j = 0; step->sources[j] != NULL; j++)
            if (g_hash_table_add (cited, step->sources[j]))
              g_ptr_array_add (order, step->sources[j]);
        }
      json_builder_end_array (b);

      /* The documents the trace cites, once each. */
      json_builder_set_member_name (b, "sources");
      json_builder_begin_object (b);
      for (guint i = 0; set != NULL && i < order->len; i++)
        {
          const YidiPolicySource *source = yidi_policy_set_get_source (set, g_ptr_array_index (order, i));

          if (source == NULL)
            continue;
          json_builder_set_member_name (b, source->id);
          json_builder_begin_object (b);
          add_string_or_null (b, "title", source->title);
          add_string_or_null (b, "document_number", source->document_number);
          add_string_or_null (b, "issuer", source->issuer);
          add_string_or_null (b, "url", source->url);
          add_string_or_null (b, "published", source->published);
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
    }

  json_builder_end_object (b);
}

/**
 * yidi_estimate_to_json:
 * @set: (nullable): to list the documents the trace cites
 *
 * Returns: (transfer full): the result as JSON; amounts are yuan strings
 *   ("1300.00"), rates basis points.
 */
JsonNode *
yidi_estimate_to_json (const YidiEstimate *result,
                       YidiPolicySet      *set)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  g_return_val_if_fail (result != NULL, NULL);

  build_estimate (b, result, set);
  return json_builder_get_root (b);
}

/**
 * yidi_scenarios_to_json:
 * @scenarios: (element-type YidiScenario): from yidi_engine_compare()
 *
 * Returns: (transfer full): a list of {axis, label, current, result} or
 *   {axis, label, current, error}.
 */
JsonNode *
yidi_scenarios_to_json (GPtrArray     *scenarios,
                        YidiPolicySet *set)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  g_return_val_if_fail (scenarios != NULL, NULL);

  json_builder_begin_array (b);
  for (guint i = 0; i < scenarios->len; i++)
    {
      const YidiScenario *scenario = g_ptr_array_index (scenarios, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "axis");
      json_builder_add_string_value (b, yidi_scenario_axis_to_key (scenario->axis));
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, scenario->label);
      json_builder_set_member_name (b, "current");
      json_builder_add_boolean_value (b, scenario->is_current);
      if (scenario->error != NULL)
        {
          json_builder_set_member_name (b, "error");
          json_builder_add_string_value (b, scenario->error->message);
        }
      else
        {
          json_builder_set_member_name (b, "result");
          build_estimate (b, &scenario->estimate, set);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  return json_builder_get_root (b);
}

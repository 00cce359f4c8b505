/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-policy"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "yidi-paths.h"
#include "yidi-policy-private.h"

#define FORMAT_PLACE    "yidi-policy/1"
#define FORMAT_SOURCES  "yidi-sources/1"

struct _YidiPolicySet {
  gatomicrefcount  ref_count;
  char            *dir;
  GPtrArray       *packs;       /* YidiPolicyPack*, place packs, sorted by id */
  YidiPolicyPack  *national;
  GHashTable      *sources;     /* id → Source* */
  GPtrArray       *problems;    /* YidiPolicyProblem* */
};

typedef struct {
  YidiPolicySource pub;
  char *strings[7];
} Source;

G_DEFINE_BOXED_TYPE (YidiPolicySet, yidi_policy_set, yidi_policy_set_ref, yidi_policy_set_unref)
G_DEFINE_QUARK (yidi-policy-error-quark, yidi_policy_error)

/* The catalogue of parameters a pack may hold. */
static const YidiParamInfo catalogue[YIDI_N_PARAMS] = {
  [YIDI_PARAM_DEDUCTIBLE] = { "deductible", YIDI_VALUE_DEDUCTIBLE, YIDI_PACK_PLACE },
  [YIDI_PARAM_RATIO] = { "ratio", YIDI_VALUE_RATIO, YIDI_PACK_PLACE },
  [YIDI_PARAM_AGE_ADDITION] = { "age_addition", YIDI_VALUE_AGE_ADDITION, YIDI_PACK_PLACE },
  [YIDI_PARAM_ANNUAL_CAP] = { "annual_cap", YIDI_VALUE_CAP, YIDI_PACK_PLACE },
  [YIDI_PARAM_CLASS_B_PRE_SELF_PAY] = { "class_b_pre_self_pay", YIDI_VALUE_RATE, YIDI_PACK_PLACE },
  [YIDI_PARAM_CONSUMABLES_PRE_SELF_PAY] = { "consumables_pre_self_pay", YIDI_VALUE_RATE, YIDI_PACK_PLACE },
  [YIDI_PARAM_ABOVE_CAP] = { "above_cap", YIDI_VALUE_LAYER, YIDI_PACK_PLACE },
  [YIDI_PARAM_SERIOUS_ILLNESS] = { "serious_illness", YIDI_VALUE_LAYER, YIDI_PACK_PLACE },
  [YIDI_PARAM_CIVIL_SERVANT_SUBSIDY] = { "civil_servant_subsidy", YIDI_VALUE_LAYER, YIDI_PACK_PLACE },
  [YIDI_PARAM_MEDICAL_ASSISTANCE] = { "medical_assistance", YIDI_VALUE_LAYER, YIDI_PACK_PLACE },
  [YIDI_PARAM_CROSS_REGION_REDUCTION] = { "cross_region_reduction", YIDI_VALUE_REDUCTION, YIDI_PACK_PLACE },
  [YIDI_PARAM_RATIO_FLOOR] = { "ratio_floor", YIDI_VALUE_RATE, YIDI_PACK_PLACE },
  [YIDI_PARAM_WAITING_PERIOD] = { "waiting_period", YIDI_VALUE_WAITING, YIDI_PACK_PLACE },
  [YIDI_PARAM_PERSONAL_ACCOUNT] = { "personal_account", YIDI_VALUE_ACCOUNT, YIDI_PACK_PLACE },
  [YIDI_PARAM_NATIONAL_MAX_REDUCTION] = { "cross_region.max_reduction", YIDI_VALUE_REDUCTION, YIDI_PACK_NATIONAL },
  [YIDI_PARAM_NATIONAL_CATALOGUE] = { "cross_region.catalogue_of_treatment_place", YIDI_VALUE_FLAG, YIDI_PACK_NATIONAL },
  [YIDI_PARAM_NATIONAL_EMERGENCY_AS_FILED] = { "cross_region.emergency_treated_as_filed", YIDI_VALUE_FLAG, YIDI_PACK_NATIONAL },
  [YIDI_PARAM_NATIONAL_MANUAL_AFTER_DISCHARGE] = { "cross_region.manual_claim_after_discharge", YIDI_VALUE_FLAG, YIDI_PACK_NATIONAL },
  [YIDI_PARAM_NATIONAL_TRAUMA_COMMITMENT] = { "cross_region.trauma_direct_with_commitment", YIDI_VALUE_FLAG, YIDI_PACK_NATIONAL },
};

#define VISIT_KEYS(visit)                                                      \
  { visit ".deductible", visit ".ratio", visit ".age_addition",               \
    visit ".annual_cap", visit ".class_b_pre_self_pay",                        \
    visit ".consumables_pre_self_pay", visit ".above_cap",                     \
    visit ".serious_illness", visit ".civil_servant_subsidy",                  \
    visit ".medical_assistance" }

/* Static so that the engine's trace can point at them without copying. */
static const char * const visit_keys[YIDI_N_VISIT_TYPES][YIDI_N_VISIT_PARAMS] = {
  [YIDI_VISIT_INPATIENT] = VISIT_KEYS ("inpatient"),
  [YIDI_VISIT_OUTPATIENT] = VISIT_KEYS ("outpatient"),
  [YIDI_VISIT_CHRONIC_OUTPATIENT] = VISIT_KEYS ("chronic_outpatient"),
};

static const char * const level_keys[YIDI_N_LEVELS] = {
  "community", "level1", "level2", "level3", "unrated",
};

static const char * const reduce_keys[YIDI_N_REDUCE_SLOTS] = {
  "long_term", "referral", "emergency", "other_temporary", "not_filed", "manual_settlement",
};

const YidiParamInfo *
yidi_param_get_info (YidiParamId id)
{
  g_return_val_if_fail ((guint) id < YIDI_N_PARAMS, NULL);
  return &catalogue[id];
}

const char *
yidi_param_get_key (YidiParamId   id,
                    YidiVisitType visit)
{
  g_return_val_if_fail ((guint) id < YIDI_N_PARAMS, NULL);

  if (id < YIDI_N_VISIT_PARAMS)
    {
      g_return_val_if_fail ((guint) visit < YIDI_N_VISIT_TYPES, NULL);
      return visit_keys[visit][id];
    }
  return catalogue[id].key;
}

/* Dates */

gboolean
yidi_date_parse_iso (const char *text,
                     guint32    *out_julian)
{
  int year, month, day;
  GDate date;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = g_ascii_digit_value (text[0]) * 1000 + g_ascii_digit_value (text[1]) * 100 +
         g_ascii_digit_value (text[2]) * 10 + g_ascii_digit_value (text[3]);
  month = g_ascii_digit_value (text[5]) * 10 + g_ascii_digit_value (text[6]);
  day = g_ascii_digit_value (text[8]) * 10 + g_ascii_digit_value (text[9]);

  /* Policies and stays of people alive today: nothing before 1950 or after 2100. */
  if (year < 1950 || year > 2100 || !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  *out_julian = g_date_get_julian (&date);
  return TRUE;
}

char *
yidi_date_format_iso (guint32 julian)
{
  GDate date;

  g_return_val_if_fail (g_date_valid_julian (julian), NULL);

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date),
                          g_date_get_month (&date), g_date_get_day (&date));
}

/* Problems */

void
yidi_policy_problem_free (YidiPolicyProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->file);
  g_free (problem->path);
  g_free (problem->message);
  g_free (problem);
}

char *
yidi_policy_problem_to_string (const YidiPolicyProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  if (problem->path != NULL)
    return g_strdup_printf ("%s: %s: %s", problem->file, problem->path, problem->message);
  return g_strdup_printf ("%s: %s", problem->file, problem->message);
}

typedef struct {
  const char *file;
  GPtrArray  *problems;
  GHashTable *sources;     /* NULL: citations are not checked */
  guint       n_problems;  /* added by this reader */
} Reader;

static void problem (Reader *r, const char *path, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
problem (Reader     *r,
         const char *path,
         const char *format,
         ...)
{
  YidiPolicyProblem *p = g_new0 (YidiPolicyProblem, 1);
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* Keys and values quoted from the file may be any bytes (json-glib
   * decodes some broken escapes into invalid UTF-8): keep them text. */
  p->message = g_utf8_make_valid (message, -1);
  p->file = g_strdup (r->file);
  p->path = path != NULL ? g_utf8_make_valid (path, -1) : NULL;
  g_ptr_array_add (r->problems, p);
  r->n_problems++;
}

static gboolean
is_identifier (const char *key)
{
  if (*key == '\0' || g_ascii_isdigit (*key))
    return FALSE;
  for (const char *p = key; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static char *
child (const char *path,
       const char *key)
{
  if (is_identifier (key))
    return g_strdup_printf ("%s.%s", path, key);
  return g_strdup_printf ("%s[\"%s\"]", path, key);
}

static char *
child_index (const char *path,
             guint       index)
{
  return g_strdup_printf ("%s[%u]", path, index);
}

static gboolean
is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static JsonObject *
get_object (Reader     *r,
            JsonNode   *node,
            const char *path)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      problem (r, path, _("Expected an object ({ … }) here."));
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
get_array (Reader     *r,
           JsonNode   *node,
           const char *path)
{
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      problem (r, path, _("Expected a list ([ … ]) here."));
      return NULL;
    }
  return json_node_get_array (node);
}

/* Reports every member of @obj that is not in @allowed. */
static void
check_keys (Reader             *r,
            JsonObject         *obj,
            const char         *path,
            const char * const *allowed)
{
  JsonObjectIter iter;
  const char *name;

  json_object_iter_init (&iter, obj);
  while (json_object_iter_next (&iter, &name, NULL))
    {
      if (!g_strv_contains (allowed, name))
        {
          g_autofree char *where = child (path, name);
          g_autofree char *expected = g_strjoinv (", ", (char **) allowed);
          problem (r, where, _("Unknown key “%s”. Allowed here: %s."), name, expected);
        }
    }
}

/* Returns the member, or NULL (with a problem when @required). */
static JsonNode *
member (Reader     *r,
        JsonObject *obj,
        const char *path,
        const char *key,
        gboolean    required)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node == NULL && required)
    problem (r, path, _("“%s” is missing. Add it as policies/README.md describes."), key);
  return node;
}

static const char *
read_string (Reader     *r,
             JsonNode   *node,
             const char *path)
{
  const char *text;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    {
      problem (r, path, _("Expected a text in quotes here."));
      return NULL;
    }
  text = json_node_get_string (node);
  if (text == NULL || *text == '\0')
    {
      problem (r, path, _("This text is empty. Write the value or remove the key."));
      return NULL;
    }
  return text;
}

/* A note for people: a text, or the same text in several languages,
 * { "en": "…", "zh_CN": "…" } (English required). Returns the one for the
 * user's language, as GLib names it from the environment, else English. */
static const char *
read_note (Reader     *r,
           JsonNode   *node,
           const char *path)
{
  static const char * const languages[] = { "en", "zh_CN", NULL };
  const char * const *names;
  JsonObject *obj;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    return read_string (r, node, path);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      problem (r, path, _("Expected a text in quotes, or texts by language such as { \"en\": \"…\", \"zh_CN\": \"…\" }."));
      return NULL;
    }

  obj = json_node_get_object (node);
  check_keys (r, obj, path, languages);
  for (guint i = 0; languages[i] != NULL; i++)
    {
      JsonNode *text = json_object_get_member (obj, languages[i]);
      g_autofree char *where = child (path, languages[i]);

      if (text != NULL)
        read_string (r, text, where);
      else if (i == 0)
        problem (r, where, _("The English text is missing. Give “en”; other languages are optional."));
    }

  for (names = g_get_language_names (); *names != NULL; names++)
    {
      JsonNode *text = json_object_get_member (obj, *names);

      if (text != NULL && JSON_NODE_HOLDS_VALUE (text) && json_node_get_value_type (text) == G_TYPE_STRING)
        return json_node_get_string (text);
    }
  return json_object_get_string_member_with_default (obj, "en", NULL);
}

static gboolean
read_bool (Reader     *r,
           JsonNode   *node,
           const char *path,
           gboolean   *out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      problem (r, path, _("Expected true or false here."));
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_int (Reader     *r,
          JsonNode   *node,
          const char *path,
          gint64      min,
          gint64      max,
          gint64     *out)
{
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    {
      problem (r, path, _("Expected a whole number here (no quotes, no decimals)."));
      return FALSE;
    }
  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
      problem (r, path, _("%s is out of range: use a number from %d to %d."), text, (int) min, (int) max);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

static gboolean
read_bp (Reader     *r,
         JsonNode   *node,
         const char *path,
         YidiBp     *out)
{
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    {
      problem (r, path, _("Expected a rate in basis points here: a whole number from 0 to 10000 (85%% is 8500)."));
      return FALSE;
    }
  value = json_node_get_int (node);
  if (value < 0 || value > YIDI_BP_WHOLE)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
      problem (r, path, _("A rate is a whole number of basis points from 0 to 10000 (85%% is 8500); %s is not."), text);
      return FALSE;
    }
  *out = (YidiBp) value;
  return TRUE;
}

/* Money in policy files is a decimal string in yuan ("1300.00"), or a whole
 * number of fen. */
static gboolean
read_money (Reader     *r,
            JsonNode   *node,
            const char *path,
            YidiFen    *out)
{
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autoptr(GError) error = NULL;

      if (!yidi_money_parse (json_node_get_string (node), out, &error))
        {
          problem (r, path, "%s", error->message);
          return FALSE;
        }
      return TRUE;
    }
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 fen = json_node_get_int (node);

      if (fen < 0 || fen > YIDI_MONEY_MAX)
        {
          problem (r, path, _("An amount must be 0 or more and not absurdly large."));
          return FALSE;
        }
      *out = fen;
      return TRUE;
    }

  problem (r, path, _("Expected an amount here: yuan in quotes such as \"1300.00\", or whole fen."));
  return FALSE;
}

static gboolean
read_date (Reader     *r,
           JsonNode   *node,
           const char *path,
           guint32    *out,
           char      **out_text)
{
  const char *text = read_string (r, node, path);

  if (text == NULL)
    return FALSE;
  if (!yidi_date_parse_iso (text, out))
    {
      problem (r, path, _("“%s” is not a date Yidi can use. Write YYYY-MM-DD between 1950 and 2100, for example 2024-01-01."),
               text);
      return FALSE;
    }
  if (out_text != NULL)
    *out_text = g_strdup (text);
  return TRUE;
}

/* Reads a string that must be one of @choices; returns its index or -1. */
static int
read_choice (Reader             *r,
             JsonNode           *node,
             const char         *path,
             const char * const *choices)
{
  const char *text = read_string (r, node, path);

  if (text == NULL)
    return -1;
  for (int i = 0; choices[i] != NULL; i++)
    if (g_str_equal (choices[i], text))
      return i;

  {
    g_autofree char *expected = g_strjoinv (", ", (char **) choices);
    problem (r, path, _("“%s” is not allowed here. Use one of: %s."), text, expected);
  }
  return -1;
}

static char **
read_sources (Reader     *r,
              JsonNode   *node,
              const char *path,
              gboolean    required)
{
  JsonArray *array = get_array (r, node, path);
  g_autoptr(GStrvBuilder) builder = NULL;
  guint n;

  if (array == NULL)
    return NULL;

  n = json_array_get_length (array);
  if (n == 0 && required)
    {
      problem (r, path, _("A value needs at least one source. Cite the ids of policies/sources.json that state it."));
      return NULL;
    }

  builder = g_strv_builder_new ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = child_index (path, i);
      const char *id = read_string (r, json_array_get_element (array, i), where);

      if (id == NULL)
        continue;
      if (r->sources != NULL && !g_hash_table_contains (r->sources, id))
        problem (r, where, _("Unknown source “%s”. Add it to policies/sources.json or correct the id."), id);
      g_strv_builder_add (builder, id);
    }
  return g_strv_builder_end (builder);
}

static void
part_meta_clear (YidiPartMeta *meta)
{
  g_clear_pointer (&meta->sources, g_strfreev);
  g_clear_pointer (&meta->note, g_free);
}

/* The optional "confirmed", "sources" and "note" of a part of a value. */
static void
read_part_meta (Reader       *r,
                JsonObject   *obj,
                const char   *path,
                YidiPartMeta *meta)
{
  JsonNode *node;

  if ((node = json_object_get_member (obj, "confirmed")) != NULL)
    {
      g_autofree char *where = child (path, "confirmed");
      meta->has_confirmed = read_bool (r, node, where, &meta->confirmed);
    }
  if ((node = json_object_get_member (obj, "sources")) != NULL)
    {
      g_autofree char *where = child (path, "sources");
      meta->sources = read_sources (r, node, where, TRUE);
    }
  if ((node = json_object_get_member (obj, "note")) != NULL)
    {
      g_autofree char *where = child (path, "note");
      meta->note = g_strdup (read_note (r, node, where));
    }
}

/* { "community": "160.00", "level1": "200.00", … } or { "all": "1300.00" };
 * null marks a level whose figure is not known. */
static void
read_level_table (Reader     *r,
                  JsonNode   *node,
                  const char *path,
                  gboolean    money,
                  guint8     *known,
                  gint64     *values)
{
  static const char * const keys[] = { "community", "level1", "level2", "level3", "unrated", "all", NULL };
  JsonObject *obj = get_object (r, node, path);
  JsonNode *all;

  *known = 0;
  if (obj == NULL)
    return;
  check_keys (r, obj, path, keys);

  if (json_object_get_size (obj) == 0)
    {
      problem (r, path, _("Give a value for at least one level, or “all”."));
      return;
    }

  all = json_object_get_member (obj, "all");
  if (all != NULL && json_object_get_size (obj) > 1)
    problem (r, path, _("Use either “all” or the levels one by one, not both."));

  for (guint level = 0; level < YIDI_N_LEVELS; level++)
    {
      const char *key = all != NULL ? "all" : level_keys[level];
      JsonNode *value = json_object_get_member (obj, key);
      g_autofree char *where = child (path, key);

      if (is_null (value))
        continue;

      if (money)
        {
          YidiFen fen;
          if (read_money (r, value, where, &fen))
            {
              values[level] = fen;
              *known |= 1 << level;
            }
        }
      else
        {
          YidiBp bp;
          if (read_bp (r, value, where, &bp))
            {
              values[level] = bp;
              *known |= 1 << level;
            }
        }
      if (all != NULL && (*known & 1) == 0)
        break;  /* one problem for "all", not five */
    }
}

static gpointer
read_deductible (Reader     *r,
                 JsonObject *obj,
                 const char *path)
{
  static const char * const keys[] = { "basis", "amounts", "repeat_after_days", NULL };
  static const char * const bases[] = { "admission", "year", NULL };
  static const char * const table_keys[] = { "levels", "confirmed", "sources", "note", NULL };
  YidiDeductibleValue *value = g_new0 (YidiDeductibleValue, 1);
  g_autofree char *basis_path = child (path, "basis");
  g_autofree char *amounts_path = child (path, "amounts");
  JsonArray *amounts;
  JsonNode *node;
  int basis;

  check_keys (r, obj, path, keys);

  basis = read_choice (r, member (r, obj, path, "basis", TRUE), basis_path, bases);
  value->basis = basis == 1 ? YIDI_DEDUCTIBLE_PER_YEAR : YIDI_DEDUCTIBLE_PER_ADMISSION;

  amounts = get_array (r, member (r, obj, path, "amounts", TRUE), amounts_path);
  if (amounts != NULL)
    {
      guint n = json_array_get_length (amounts);

      if (n == 0 || n > YIDI_MAX_ADMISSION_TABLES)
        problem (r, amounts_path, _("List from 1 to %d tables: the first admission of the year, the second, …; the last one also counts for later admissions."),
                 YIDI_MAX_ADMISSION_TABLES);
      else if (value->basis == YIDI_DEDUCTIBLE_PER_YEAR && n != 1)
        problem (r, amounts_path, _("A deductible per year has exactly one table."));

      for (guint i = 0; i < MIN (n, YIDI_MAX_ADMISSION_TABLES); i++)
        {
          g_autofree char *where = child_index (amounts_path, i);
          g_autofree char *levels_path = child (where, "levels");
          JsonObject *table = get_object (r, json_array_get_element (amounts, i), where);
          YidiLevelMoney *money = &value->tables[i];

          value->n_tables = i + 1;
          if (table == NULL)
            continue;
          check_keys (r, table, where, table_keys);
          read_level_table (r, member (r, table, where, "levels", TRUE), levels_path, TRUE,
                            &money->known, money->amount);
          read_part_meta (r, table, where, &money->meta);
        }
    }

  if ((node = json_object_get_member (obj, "repeat_after_days")) != NULL)
    {
      g_autofree char *where = child (path, "repeat_after_days");
      gint64 days;

      if (read_int (r, node, where, 1, 3650, &days))
        value->repeat_after_days = (int) days;
    }

  return value;
}

static gpointer
read_ratio (Reader     *r,
            JsonObject *obj,
            const char *path)
{
  static const char * const keys[] = { "accumulation", "segments", NULL };
  static const char * const accumulations[] = { "admission", "year", NULL };
  static const char * const segment_keys[] = { "up_to", "levels", "confirmed", "sources", "note", NULL };
  YidiRatioValue *value = g_new0 (YidiRatioValue, 1);
  g_autofree char *segments_path = child (path, "segments");
  JsonArray *segments;
  JsonNode *node;

  check_keys (r, obj, path, keys);

  if ((node = json_object_get_member (obj, "accumulation")) != NULL)
    {
      g_autofree char *where = child (path, "accumulation");
      value->accumulation = read_choice (r, node, where, accumulations) == 1
                            ? YIDI_ACCUMULATE_YEAR : YIDI_ACCUMULATE_ADMISSION;
    }

  segments = get_array (r, member (r, obj, path, "segments", TRUE), segments_path);
  if (segments != NULL)
    {
      guint n = json_array_get_length (segments);
      YidiFen previous = 0;

      if (n == 0 || n > YIDI_MAX_SEGMENTS)
        problem (r, segments_path, _("List from 1 to %d segments."), YIDI_MAX_SEGMENTS);

      for (guint i = 0; i < MIN (n, YIDI_MAX_SEGMENTS); i++)
        {
          g_autofree char *where = child_index (segments_path, i);
          g_autofree char *up_to_path = child (where, "up_to");
          g_autofree char *levels_path = child (where, "levels");
          JsonObject *segment = get_object (r, json_array_get_element (segments, i), where);
          YidiRatioSegment *s = &value->segments[i];
          gint64 rates[YIDI_N_LEVELS] = { 0 };
          JsonNode *up_to;

          value->n_segments = i + 1;
          s->up_to = -1;
          if (segment == NULL)
            continue;
          check_keys (r, segment, where, segment_keys);

          up_to = member (r, segment, where, "up_to", TRUE);
          if (up_to != NULL && !is_null (up_to) && read_money (r, up_to, up_to_path, &s->up_to))
            {
              if (s->up_to <= previous)
                problem (r, up_to_path, _("Segments must rise: each “up_to” must be larger than the one before."));
              previous = s->up_to;
            }
          if (is_null (up_to) && i + 1 < n)
            problem (r, up_to_path, _("Only the last segment may be open-ended (“up_to”: null)."));

          read_level_table (r, member (r, segment, where, "levels", TRUE), levels_path, FALSE,
                            &s->known, rates);
          for (guint level = 0; level < YIDI_N_LEVELS; level++)
            s->rate[level] = (YidiBp) rates[level];
          read_part_meta (r, segment, where, &s->meta);
        }
    }

  return value;
}

static gpointer
read_age_addition (Reader     *r,
                   JsonObject *obj,
                   const char *path)
{
  static const char * const keys[] = { "steps", "max", NULL };
  static const char * const step_keys[] = { "age_min", "add", NULL };
  YidiAgeValue *value = g_new0 (YidiAgeValue, 1);
  g_autofree char *steps_path = child (path, "steps");
  g_autofree char *max_path = child (path, "max");
  JsonArray *steps;

  check_keys (r, obj, path, keys);
  value->max = YIDI_BP_WHOLE;
  read_bp (r, member (r, obj, path, "max", TRUE), max_path, &value->max);

  steps = get_array (r, member (r, obj, path, "steps", TRUE), steps_path);
  if (steps != NULL)
    {
      guint n = json_array_get_length (steps);
      int previous = -1;

      if (n == 0 || n > YIDI_MAX_AGE_STEPS)
        problem (r, steps_path, _("List from 1 to %d age steps."), YIDI_MAX_AGE_STEPS);

      for (guint i = 0; i < MIN (n, YIDI_MAX_AGE_STEPS); i++)
        {
          g_autofree char *where = child_index (steps_path, i);
          g_autofree char *age_path = child (where, "age_min");
          g_autofree char *add_path = child (where, "add");
          JsonObject *step = get_object (r, json_array_get_element (steps, i), where);
          gint64 age;

          value->n_steps = i + 1;
          if (step == NULL)
            continue;
          check_keys (r, step, where, step_keys);
          if (read_int (r, member (r, step, where, "age_min", TRUE), age_path, 0, 150, &age))
            {
              if (age <= previous)
                problem (r, age_path, _("Age steps must rise: each “age_min” must be larger than the one before."));
              previous = (int) age;
              value->steps[i].age_min = (int) age;
            }
          read_bp (r, member (r, step, where, "add", TRUE), add_path, &value->steps[i].add);
        }
    }

  return value;
}

static gpointer
read_cap (Reader     *r,
          JsonObject *obj,
          const char *path)
{
  static const char * const keys[] = { "basis", "amount", NULL };
  static const char * const bases[] = { "fund_payment", "in_scope_cost", NULL };
  YidiCapValue *value = g_new0 (YidiCapValue, 1);
  g_autofree char *basis_path = child (path, "basis");
  g_autofree char *amount_path = child (path, "amount");

  check_keys (r, obj, path, keys);
  value->basis = read_choice (r, member (r, obj, path, "basis", TRUE), basis_path, bases) == 1
                 ? YIDI_CAP_IN_SCOPE_COST : YIDI_CAP_FUND_PAYMENT;
  read_money (r, member (r, obj, path, "amount", TRUE), amount_path, &value->amount);

  return value;
}

static gpointer
read_layer (Reader     *r,
            JsonNode   *node,
            const char *path)
{
  static const char * const keys[] = { "name", "name_en", "base", "include_pre_self_pay",
                                       "threshold", "segments", "cap", NULL };
  static const char * const bases[] = { "over_cap", "personal_in_scope", "personal_all", NULL };
  static const char * const segment_keys[] = { "up_to", "rate", "confirmed", "sources", "note", NULL };
  int base;
  YidiLayerValue *value = g_new0 (YidiLayerValue, 1);
  g_autofree char *base_path = child (path, "base");
  g_autofree char *threshold_path = child (path, "threshold");
  g_autofree char *segments_path = child (path, "segments");
  g_autofree char *cap_path = child (path, "cap");
  g_autofree char *name_path = child (path, "name");
  JsonObject *obj;
  JsonArray *segments;
  JsonNode *cap;
  JsonNode *extra;

  value->cap = -1;

  /* "none": the scheme has no such layer (stated by the sources). */
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
      g_strcmp0 (json_node_get_string (node), "none") == 0)
    {
      value->none = TRUE;
      return value;
    }

  obj = get_object (r, node, path);
  if (obj == NULL)
    return value;
  check_keys (r, obj, path, keys);

  value->name = g_strdup (read_string (r, member (r, obj, path, "name", TRUE), name_path));
  if ((extra = json_object_get_member (obj, "name_en")) != NULL)
    {
      g_autofree char *where = child (path, "name_en");
      value->name_en = g_strdup (read_string (r, extra, where));
    }
  base = read_choice (r, member (r, obj, path, "base", TRUE), base_path, bases);
  value->base = base == 2 ? YIDI_LAYER_BASE_PERSONAL_ALL
                : base == 1 ? YIDI_LAYER_BASE_PERSONAL_IN_SCOPE : YIDI_LAYER_BASE_OVER_CAP;
  if ((extra = json_object_get_member (obj, "include_pre_self_pay")) != NULL)
    {
      g_autofree char *where = child (path, "include_pre_self_pay");
      read_bool (r, extra, where, &value->include_pre_self_pay);
    }
  read_money (r, member (r, obj, path, "threshold", TRUE), threshold_path, &value->threshold);

  cap = member (r, obj, path, "cap", TRUE);
  if (cap != NULL && !is_null (cap))
    read_money (r, cap, cap_path, &value->cap);

  segments = get_array (r, member (r, obj, path, "segments", TRUE), segments_path);
  if (segments != NULL)
    {
      guint n = json_array_get_length (segments);
      YidiFen previous = 0;

      if (n == 0 || n > YIDI_MAX_SEGMENTS)
        problem (r, segments_path, _("List from 1 to %d segments."), YIDI_MAX_SEGMENTS);

      for (guint i = 0; i < MIN (n, YIDI_MAX_SEGMENTS); i++)
        {
          g_autofree char *where = child_index (segments_path, i);
          g_autofree char *up_to_path = child (where, "up_to");
          g_autofree char *rate_path = child (where, "rate");
          JsonObject *segment = get_object (r, json_array_get_element (segments, i), where);
          YidiLayerSegment *s = &value->segments[i];
          JsonNode *up_to;

          value->n_segments = i + 1;
          s->up_to = -1;
          if (segment == NULL)
            continue;
          check_keys (r, segment, where, segment_keys);

          up_to = member (r, segment, where, "up_to", TRUE);
          if (up_to != NULL && !is_null (up_to) && read_money (r, up_to, up_to_path, &s->up_to))
            {
              if (s->up_to <= previous)
                problem (r, up_to_path, _("Segments must rise: each “up_to” must be larger than the one before."));
              previous = s->up_to;
            }
          if (is_null (up_to) && i + 1 < n)
            problem (r, up_to_path, _("Only the last segment may be open-ended (“up_to”: null)."));
          read_bp (r, member (r, segment, where, "rate", TRUE), rate_path, &s->rate);
          read_part_meta (r, segment, where, &s->meta);
        }
    }

  return value;
}

static gpointer
read_reduction (Reader     *r,
                JsonObject *obj,
                const char *path,
                gboolean    national)
{
  static const char * const national_keys[] = { "long_term", "referral", "emergency", "other_temporary", NULL };
  YidiReductionValue *value = g_new0 (YidiReductionValue, 1);

  check_keys (r, obj, path, national ? national_keys : reduce_keys);

  for (guint slot = 0; slot < YIDI_N_REDUCE_SLOTS; slot++)
    {
      JsonNode *node = json_object_get_member (obj, reduce_keys[slot]);
      g_autofree char *where = child (path, reduce_keys[slot]);

      if (node == NULL || (national && slot >= YIDI_REDUCE_NOT_FILED))
        continue;
      value->present |= 1 << slot;
      if (is_null (node))
        continue;

      if (slot == YIDI_REDUCE_NOT_FILED && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        {
          if (g_strcmp0 (json_node_get_string (node), "not_paid") == 0)
            {
              value->not_filed_not_paid = TRUE;
              value->known |= 1 << slot;
            }
          else
            problem (r, where, _("Use a reduction in basis points (1000 is 10 points), \"not_paid\" or null."));
          continue;
        }

      if (read_bp (r, node, where, &value->points[slot]))
        value->known |= 1 << slot;
    }

  return value;
}

static gpointer
read_waiting (Reader     *r,
              JsonObject *obj,
              const char *path)
{
  static const char * const keys[] = { "months", "applies_to", NULL };
  YidiWaitingValue *value = g_new0 (YidiWaitingValue, 1);
  g_autofree char *months_path = child (path, "months");
  g_autofree char *applies_path = child (path, "applies_to");
  JsonArray *applies;
  gint64 months;

  check_keys (r, obj, path, keys);
  if (read_int (r, member (r, obj, path, "months", TRUE), months_path, 1, 60, &months))
    value->months = (int) months;

  applies = get_array (r, member (r, obj, path, "applies_to", TRUE), applies_path);
  for (guint i = 0; applies != NULL && i < json_array_get_length (applies); i++)
    {
      g_autofree char *where = child_index (applies_path, i);
      const char *key = read_string (r, json_array_get_element (applies, i), where);
      YidiEnrolment enrolment;

      if (key == NULL)
        continue;
      if (!yidi_enrolment_from_key (key, &enrolment) || enrolment == YIDI_ENROLMENT_CONTINUOUS)
        problem (r, where, _("“%s” is not a kind of enrolment with a waiting period. Use \"new\" or \"flexible_employment\"."), key);
      else
        value->applies |= 1 << enrolment;
    }

  return value;
}

static gpointer
read_account (Reader     *r,
              JsonObject *obj,
              const char *path)
{
  static const char * const keys[] = { "pays", NULL };
  static const char * const parts[] = { "in_scope", "self_pay", NULL };
  YidiAccountValue *value = g_new0 (YidiAccountValue, 1);
  g_autofree char *pays_path = child (path, "pays");
  JsonArray *pays;

  check_keys (r, obj, path, keys);
  pays = get_array (r, member (r, obj, path, "pays", TRUE), pays_path);
  for (guint i = 0; pays != NULL && i < json_array_get_length (pays); i++)
    {
      g_autofree char *where = child_index (pays_path, i);
      int part = read_choice (r, json_array_get_element (pays, i), where, parts);

      if (part == 0)
        value->in_scope = TRUE;
      else if (part == 1)
        value->self_pay = TRUE;
    }

  return value;
}

static void
free_value (YidiValueKind kind,
            gpointer      value)
{
  if (value == NULL)
    return;

  switch (kind)
    {
    case YIDI_VALUE_DEDUCTIBLE:
      {
        YidiDeductibleValue *v = value;
        for (guint i = 0; i < YIDI_MAX_ADMISSION_TABLES; i++)
          part_meta_clear (&v->tables[i].meta);
      }
      break;
    case YIDI_VALUE_RATIO:
      {
        YidiRatioValue *v = value;
        for (guint i = 0; i < YIDI_MAX_SEGMENTS; i++)
          part_meta_clear (&v->segments[i].meta);
      }
      break;
    case YIDI_VALUE_LAYER:
      {
        YidiLayerValue *v = value;
        g_free (v->name);
        g_free (v->name_en);
        for (guint i = 0; i < YIDI_MAX_SEGMENTS; i++)
          part_meta_clear (&v->segments[i].meta);
      }
      break;
    case YIDI_VALUE_AGE_ADDITION:
    case YIDI_VALUE_CAP:
    case YIDI_VALUE_RATE:
    case YIDI_VALUE_REDUCTION:
    case YIDI_VALUE_WAITING:
    case YIDI_VALUE_ACCOUNT:
    case YIDI_VALUE_FLAG:
    default:
      break;
    }
  g_free (value);
}

static void
read_value (Reader         *r,
            YidiParamId     id,
            JsonNode       *node,
            const char     *path,
            YidiParamEntry *entry)
{
  YidiValueKind kind = catalogue[id].kind;
  JsonObject *obj = NULL;

  if (kind == YIDI_VALUE_RATE)
    {
      read_bp (r, node, path, &entry->rate);
      return;
    }
  if (kind == YIDI_VALUE_FLAG)
    {
      read_bool (r, node, path, &entry->flag);
      return;
    }
  if (kind == YIDI_VALUE_LAYER)
    {
      entry->value = read_layer (r, node, path);
      return;
    }

  obj = get_object (r, node, path);
  if (obj == NULL)
    return;

  switch (kind)
    {
    case YIDI_VALUE_DEDUCTIBLE:
      entry->value = read_deductible (r, obj, path);
      break;
    case YIDI_VALUE_RATIO:
      entry->value = read_ratio (r, obj, path);
      break;
    case YIDI_VALUE_AGE_ADDITION:
      entry->value = read_age_addition (r, obj, path);
      break;
    case YIDI_VALUE_CAP:
      entry->value = read_cap (r, obj, path);
      break;
    case YIDI_VALUE_REDUCTION:
      entry->value = read_reduction (r, obj, path, id == YIDI_PARAM_NATIONAL_MAX_REDUCTION);
      break;
    case YIDI_VALUE_WAITING:
      entry->value = read_waiting (r, obj, path);
      break;
    case YIDI_VALUE_ACCOUNT:
      entry->value = read_account (r, obj, path);
      break;
    case YIDI_VALUE_RATE:
    case YIDI_VALUE_FLAG:
    case YIDI_VALUE_LAYER:
    default:
      g_assert_not_reached ();
    }
}

typedef enum {
  MASK_STATUS,
  MASK_AREA,
  MASK_FILING,
} MaskKind;

static gboolean
mask_bit (MaskKind    kind,
          const char *key,
          guint      *out)
{
  YidiMemberStatus status;
  YidiTreatmentArea area;
  YidiFilingCategory category;

  switch (kind)
    {
    case MASK_STATUS:
      if (!yidi_member_status_from_key (key, &status) || g_strcmp0 (yidi_member_status_to_key (status), key) != 0)
        return FALSE;
      *out = 1u << status;
      return TRUE;

    case MASK_AREA:
      if (!yidi_treatment_area_from_key (key, &area) || g_strcmp0 (yidi_treatment_area_to_key (area), key) != 0)
        return FALSE;
      *out = 1u << area;
      return TRUE;

    case MASK_FILING:
      if (g_strcmp0 (key, "long_term") == 0)
        {
          *out = (1u << YIDI_FILING_RESETTLED_RETIREE) | (1u << YIDI_FILING_LONG_TERM_RESIDENT) |
                 (1u << YIDI_FILING_RESIDENT_STAFF);
          return TRUE;
        }
      if (g_strcmp0 (key, "temporary") == 0)
        {
          *out = (1u << YIDI_FILING_REFERRAL) | (1u << YIDI_FILING_EMERGENCY) | (1u << YIDI_FILING_OTHER_TEMPORARY);
          return TRUE;
        }
      if (!yidi_filing_category_from_key (key, &category) ||
          g_strcmp0 (yidi_filing_category_to_key (category), key) != 0)
        return FALSE;
      *out = 1u << category;
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/* A key, or a list of keys, each turned into a bit. */
static guint
read_key_mask (Reader     *r,
               JsonNode   *node,
               const char *path,
               MaskKind    kind)
{
  guint mask = 0;
  g_autoptr(JsonArray) single = NULL;
  JsonArray *array;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      single = json_array_new ();
      json_array_add_element (single, json_node_copy (node));
      array = single;
    }
  else
    array = get_array (r, node, path);

  if (array != NULL && json_array_get_length (array) == 0)
    problem (r, path, _("Name at least one value, or leave the condition out."));

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *where = single != NULL ? g_strdup (path) : child_index (path, i);
      const char *key = read_string (r, json_array_get_element (array, i), where);
      guint bit;

      if (key == NULL)
        continue;
      if (mask_bit (kind, key, &bit))
        {
          mask |= bit;
          continue;
        }
      switch (kind)
        {
        case MASK_STATUS:
          problem (r, where, _("“%s” is not a member status. Use in_service or retired."), key);
          break;
        case MASK_AREA:
          problem (r, where, _("“%s” is not a treatment area. Use local, in_province or out_of_province."), key);
          break;
        case MASK_FILING:
        default:
          problem (r, where, _("“%s” is not a filing category. Use none, resettled_retiree, long_term_resident, resident_staff, referral, emergency, other_temporary, long_term or temporary."),
                   key);
          break;
        }
    }

  return mask;
}

static void
read_when (Reader         *r,
           JsonNode       *node,
           const char     *path,
           YidiParamEntry *entry)
{
  static const char * const keys[] = { "member_status", "age_min", "age_max", "treatment", "filing",
                                       "civil_servant", "low_income", NULL };
  JsonObject *obj = get_object (r, node, path);
  JsonNode *value;
  gint64 age;
  gboolean flag;

  if (obj == NULL)
    return;
  check_keys (r, obj, path, keys);
  entry->has_when = TRUE;

  if ((value = json_object_get_member (obj, "member_status")) != NULL)
    {
      g_autofree char *where = child (path, "member_status");
      entry->status_mask = read_key_mask (r, value, where, MASK_STATUS);
    }
  if ((value = json_object_get_member (obj, "treatment")) != NULL)
    {
      g_autofree char *where = child (path, "treatment");
      entry->area_mask = read_key_mask (r, value, where, MASK_AREA);
    }
  if ((value = json_object_get_member (obj, "filing")) != NULL)
    {
      g_autofree char *where = child (path, "filing");
      entry->filing_mask = read_key_mask (r, value, where, MASK_FILING);
    }
  if ((value = json_object_get_member (obj, "age_min")) != NULL)
    {
      g_autofree char *where = child (path, "age_min");
      if (read_int (r, value, where, 0, 150, &age))
        entry->age_min = (gint16) age;
    }
  if ((value = json_object_get_member (obj, "age_max")) != NULL)
    {
      g_autofree char *where = child (path, "age_max");
      if (read_int (r, value, where, 0, 150, &age))
        {
          entry->age_max = (gint16) age;
          if (entry->age_min >= 0 && entry->age_max < entry->age_min)
            problem (r, where, _("“age_max” is below “age_min”."));
        }
    }
  if ((value = json_object_get_member (obj, "civil_servant")) != NULL)
    {
      g_autofree char *where = child (path, "civil_servant");
      if (read_bool (r, value, where, &flag))
        entry->civil_servant = flag;
    }
  if ((value = json_object_get_member (obj, "low_income")) != NULL)
    {
      g_autofree char *where = child (path, "low_income");
      if (read_bool (r, value, where, &flag))
        entry->low_income = flag;
    }
}

static void
entry_clear (YidiValueKind   kind,
             YidiParamEntry *entry)
{
  g_free (entry->from_text);
  g_free (entry->until_text);
  g_strfreev (entry->sources);
  g_free (entry->note);
  g_free (entry->path);
  free_value (kind, entry->value);
}

static gboolean
same_conditions (const YidiParamEntry *a,
                 const YidiParamEntry *b)
{
  return a->status_mask == b->status_mask && a->area_mask == b->area_mask &&
         a->filing_mask == b->filing_mask && a->age_min == b->age_min &&
         a->age_max == b->age_max && a->civil_servant == b->civil_servant &&
         a->low_income == b->low_income;
}

static void
read_param (Reader     *r,
            YidiParamId id,
            JsonNode   *node,
            const char *path,
            YidiParam  *param)
{
  static const char * const keys[] = { "description", "values", NULL };
  static const char * const entry_keys[] = { "from", "until", "when", "value", "confirmed",
                                             "sources", "note", NULL };
  g_autofree char *values_path = child (path, "values");
  JsonObject *obj = get_object (r, node, path);
  JsonArray *values;
  JsonNode *description;
  guint n;

  param->present = TRUE;
  if (obj == NULL)
    return;
  check_keys (r, obj, path, keys);

  if ((description = json_object_get_member (obj, "description")) != NULL)
    {
      g_autofree char *where = child (path, "description");
      param->description = g_strdup (read_string (r, description, where));
    }

  values = get_array (r, member (r, obj, path, "values", TRUE), values_path);
  if (values == NULL)
    return;

  n = json_array_get_length (values);
  if (n == 0)
    {
      problem (r, values_path, _("List at least one dated value."));
      return;
    }

  param->entries = g_new0 (YidiParamEntry, n);
  param->n_entries = n;

  for (guint i = 0; i < n; i++)
    {
      YidiParamEntry *entry = &param->entries[i];
      g_autofree char *where = child_index (values_path, i);
      g_autofree char *from_path = child (where, "from");
      g_autofree char *until_path = child (where, "until");
      g_autofree char *value_path = child (where, "value");
      g_autofree char *confirmed_path = child (where, "confirmed");
      g_autofree char *sources_path = child (where, "sources");
      JsonObject *e = get_object (r, json_array_get_element (values, i), where);
      JsonNode *value;
      JsonNode *extra;

      entry->path = g_strdup (where);
      entry->until = YIDI_DATE_OPEN;
      entry->age_min = -1;
      entry->age_max = -1;
      entry->civil_servant = -1;
      entry->low_income = -1;
      if (e == NULL)
        continue;
      check_keys (r, e, where, entry_keys);

      read_date (r, member (r, e, where, "from", TRUE), from_path, &entry->from, &entry->from_text);
      extra = json_object_get_member (e, "until");
      if (!is_null (extra) && read_date (r, extra, until_path, &entry->until, &entry->until_text) &&
          entry->from_text != NULL && entry->until < entry->from)
        problem (r, until_path, _("“until” is before “from”. “until” is the last day the value is in force."));

      if ((extra = json_object_get_member (e, "when")) != NULL)
        {
          g_autofree char *when_path = child (where, "when");
          read_when (r, extra, when_path, entry);
        }

      value = member (r, e, where, "value", TRUE);
      entry->known = value != NULL && !is_null (value);
      if (entry->known)
        read_value (r, id, value, value_path, entry);

      read_bool (r, member (r, e, where, "confirmed", TRUE), confirmed_path, &entry->confirmed);
      if (entry->confirmed && !entry->known)
        problem (r, confirmed_path, _("A value that is not known (null) cannot be confirmed. Set “confirmed” to false."));

      /* A figure needs a source; "not known" may cite the pages that
       * were searched, or none. */
      entry->sources = read_sources (r, member (r, e, where, "sources", TRUE), sources_path, entry->known);

      if ((extra = json_object_get_member (e, "note")) != NULL)
        {
          g_autofree char *note_path = child (where, "note");
          entry->note = g_strdup (read_note (r, extra, note_path));
        }

      for (guint j = 0; j < i; j++)
        {
          const YidiParamEntry *other = &param->entries[j];

          if (same_conditions (entry, other) && entry->from <= other->until && other->from <= entry->until)
            {
              problem (r, where, _("This value’s dates overlap value %u, which has the same conditions. End one with “until” before the other starts."),
                       j);
              break;
            }
        }
    }
}

static void
param_clear (YidiParamId id,
             YidiParam  *param)
{
  for (guint i = 0; i < param->n_entries; i++)
    entry_clear (catalogue[id].kind, &param->entries[i]);
  g_free (param->entries);
  g_free (param->description);
}

static void
pack_free (YidiPolicyPack *pack)
{
  if (pack == NULL)
    return;

  for (guint visit = 0; visit < YIDI_N_VISIT_TYPES; visit++)
    for (guint id = 0; id < YIDI_N_VISIT_PARAMS; id++)
      param_clear (id, &pack->visit_params[visit][id]);
  for (guint id = YIDI_N_VISIT_PARAMS; id < YIDI_N_PARAMS; id++)
    param_clear (id, &pack->params[id]);

  g_free (pack->file);
  g_free (pack->id);
  g_free (pack->place_name);
  g_free (pack->place_name_en);
  g_free (pack->tier);
  g_free (pack->tier_name);
  g_free (pack->title);
  g_free (pack->coverage_from_text);
  g_free (pack->coverage_until_text);
  g_free (pack->reviewed);
  g_strfreev (pack->notes);
  g_free (pack);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiPolicyPack, pack_free)

/* Finds the parameter a key names: "inpatient.ratio", "waiting_period". */
static YidiParam *
param_for_key (YidiPolicyPack *pack,
               const char     *key,
               YidiParamId    *out_id)
{
  for (guint visit = 0; visit < YIDI_N_VISIT_TYPES; visit++)
    for (guint id = 0; id < YIDI_N_VISIT_PARAMS; id++)
      if (pack->kind == YIDI_PACK_PLACE && g_str_equal (visit_keys[visit][id], key))
        {
          *out_id = id;
          return &pack->visit_params[visit][id];
        }

  for (guint id = YIDI_N_VISIT_PARAMS; id < YIDI_N_PARAMS; id++)
    if (catalogue[id].pack_kind == pack->kind && g_str_equal (catalogue[id].key, key))
      {
        *out_id = id;
        return &pack->params[id];
      }

  return NULL;
}

static char *
allowed_parameters (YidiPackKind kind)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint id = 0; id < YIDI_N_PARAMS; id++)
    {
      if (catalogue[id].pack_kind != kind)
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      if (id < YIDI_N_VISIT_PARAMS)
        g_string_append_printf (out, "<visit>.%s", catalogue[id].key);
      else
        g_string_append (out, catalogue[id].key);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
read_place (Reader         *r,
            JsonObject     *root,
            YidiPolicyPack *pack)
{
  static const char * const place_keys[] = { "division_code", "name", "name_en", NULL };
  static const char * const tier_keys[] = { "key", "name", "default", NULL };
  static const char * const schemes[] = { "employee", "resident", NULL };
  JsonObject *place;
  JsonNode *node;
  const char *code;
  int scheme;

  place = get_object (r, member (r, root, "$", "place", TRUE), "$.place");
  if (place != NULL)
    {
      check_keys (r, place, "$.place", place_keys);
      code = read_string (r, member (r, place, "$.place", "division_code", TRUE), "$.place.division_code");
      if (code != NULL)
        {
          gboolean digits = strlen (code) == 6;

          for (guint i = 0; digits && i < 6; i++)
            digits = g_ascii_isdigit (code[i]);
          if (!digits)
            problem (r, "$.place.division_code", _("“%s” is not a division code. Use the six digits of GB/T 2260, for example 110000."), code);
          else
            {
              memcpy (pack->division_code, code, 7);
              /* 110000 is a province-level city: the whole province is local.
               * 440100 is a prefecture; 320481 a county. */
              pack->code_prefix = g_str_has_suffix (code, "0000") ? 2 : g_str_has_suffix (code, "00") ? 4 : 6;
            }
        }
      pack->place_name = g_strdup (read_string (r, member (r, place, "$.place", "name", TRUE), "$.place.name"));
      if ((node = json_object_get_member (place, "name_en")) != NULL)
        pack->place_name_en = g_strdup (read_string (r, node, "$.place.name_en"));
    }

  scheme = read_choice (r, member (r, root, "$", "scheme", TRUE), "$.scheme", schemes);
  pack->scheme = scheme == 1 ? YIDI_SCHEME_RESIDENT : YIDI_SCHEME_EMPLOYEE;

  if ((node = json_object_get_member (root, "tier")) != NULL && !is_null (node))
    {
      JsonObject *tier = get_object (r, node, "$.tier");

      if (tier != NULL)
        {
          const char *key;

          check_keys (r, tier, "$.tier", tier_keys);
          key = read_string (r, member (r, tier, "$.tier", "key", TRUE), "$.tier.key");
          if (key != NULL && !is_identifier (key))
            problem (r, "$.tier.key", _("A tier key is short and plain, for example tier1."));
          pack->tier = g_strdup (key);
          pack->tier_name = g_strdup (read_string (r, member (r, tier, "$.tier", "name", TRUE), "$.tier.name"));
          if ((node = json_object_get_member (tier, "default")) != NULL)
            read_bool (r, node, "$.tier.default", &pack->default_tier);
        }
    }
}

static YidiPolicyPack *
read_pack (Reader     *r,
           JsonNode   *root_node)
{
  static const char * const place_keys[] = { "format", "kind", "id", "title", "place", "scheme", "tier",
                                             "coverage", "year_start", "reviewed", "notes", "parameters", NULL };
  static const char * const national_keys[] = { "format", "kind", "id", "title", "coverage", "reviewed",
                                                "notes", "parameters", NULL };
  static const char * const kinds[] = { "place", "national", NULL };
  static const char * const coverage_keys[] = { "from", "until", NULL };
  g_autoptr(YidiPolicyPack) pack = g_new0 (YidiPolicyPack, 1);
  JsonObject *root = get_object (r, root_node, "$");
  JsonObject *coverage;
  JsonObject *params;
  JsonObjectIter iter;
  JsonNode *node;
  const char *format;
  const char *name;
  int kind;

  if (root == NULL)
    return NULL;

  format = read_string (r, member (r, root, "$", "format", TRUE), "$.format");
  if (format != NULL && !g_str_equal (format, FORMAT_PLACE))
    {
      problem (r, "$.format", _("This is not a Yidi policy pack (“format” is “%s”, expected “%s”)."), format, FORMAT_PLACE);
      return NULL;
    }

  kind = read_choice (r, member (r, root, "$", "kind", TRUE), "$.kind", kinds);
  if (kind < 0)
    return NULL;
  pack->kind = kind == 1 ? YIDI_PACK_NATIONAL : YIDI_PACK_PLACE;
  pack->file = g_strdup (r->file);
  check_keys (r, root, "$", pack->kind == YIDI_PACK_NATIONAL ? national_keys : place_keys);

  pack->id = g_strdup (read_string (r, member (r, root, "$", "id", TRUE), "$.id"));
  pack->title = g_strdup (read_string (r, member (r, root, "$", "title", TRUE), "$.title"));

  if (pack->kind == YIDI_PACK_PLACE)
    {
      read_place (r, root, pack);
      if (pack->id != NULL && pack->division_code[0] != '\0')
        {
          g_autofree char *expected = pack->tier != NULL
            ? g_strdup_printf ("%s-%s-%s", pack->division_code, yidi_scheme_to_key (pack->scheme), pack->tier)
            : g_strdup_printf ("%s-%s", pack->division_code, yidi_scheme_to_key (pack->scheme));
          if (!g_str_equal (expected, pack->id))
            problem (r, "$.id", _("The id is “%s” but place, scheme and tier make “%s”. Make them agree (and name the file after the id)."),
                     pack->id, expected);
        }
    }

  coverage = get_object (r, member (r, root, "$", "coverage", TRUE), "$.coverage");
  pack->coverage_until = YIDI_DATE_OPEN;
  if (coverage != NULL)
    {
      check_keys (r, coverage, "$.coverage", coverage_keys);
      read_date (r, member (r, coverage, "$.coverage", "from", TRUE), "$.coverage.from",
                 &pack->coverage_from, &pack->coverage_from_text);
      node = json_object_get_member (coverage, "until");
      if (!is_null (node) &&
          read_date (r, node, "$.coverage.until", &pack->coverage_until, &pack->coverage_until_text) &&
          pack->coverage_until < pack->coverage_from)
        problem (r, "$.coverage.until", _("“until” is before “from”. “until” is the last day the value is in force."));
    }

  pack->year_start_month = 1;
  pack->year_start_day = 1;
  if ((node = json_object_get_member (root, "year_start")) != NULL)
    {
      const char *text = read_string (r, node, "$.year_start");
      guint month = 0, day = 0;

      if (text != NULL)
        {
          if (strlen (text) != 5 || text[2] != '-' || !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
              !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]) ||
              (month = (text[0] - '0') * 10 + text[1] - '0', day = (text[3] - '0') * 10 + text[4] - '0',
               !g_date_valid_dmy (day, month, 2001)))
            problem (r, "$.year_start", _("Write the first day of the insurance year as MM-DD, for example 07-01."));
          else
            {
              pack->year_start_month = month;
              pack->year_start_day = day;
            }
        }
    }

  if ((node = json_object_get_member (root, "reviewed")) != NULL)
    {
      guint32 julian;
      read_date (r, node, "$.reviewed", &julian, &pack->reviewed);
    }

  if ((node = json_object_get_member (root, "notes")) != NULL)
    {
      JsonArray *notes = get_array (r, node, "$.notes");
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; notes != NULL && i < json_array_get_length (notes); i++)
        {
          g_autofree char *where = child_index ("$.notes", i);
          const char *note = read_note (r, json_array_get_element (notes, i), where);
          if (note != NULL)
            g_strv_builder_add (builder, note);
        }
      pack->notes = g_strv_builder_end (builder);
    }

  params = get_object (r, member (r, root, "$", "parameters", TRUE), "$.parameters");
  if (params == NULL)
    return NULL;

  json_object_iter_init (&iter, params);
  while (json_object_iter_next (&iter, &name, &node))
    {
      g_autofree char *where = child ("$.parameters", name);
      YidiParamId id;
      YidiParam *param = param_for_key (pack, name, &id);

      if (param == NULL)
        {
          g_autofree char *allowed = allowed_parameters (pack->kind);
          problem (r, where, _("Unknown parameter “%s”. A pack may hold: %s (<visit> is inpatient, outpatient or chronic_outpatient)."),
                   name, allowed);
          continue;
        }
      read_param (r, id, node, where, param);
    }

  /* The figures every estimate needs must be listed, even when not known. */
  if (pack->kind == YIDI_PACK_PLACE)
    {
      static const YidiParamId essential[] = { YIDI_PARAM_DEDUCTIBLE, YIDI_PARAM_RATIO };

      for (guint i = 0; i < G_N_ELEMENTS (essential); i++)
        if (!pack->visit_params[YIDI_VISIT_INPATIENT][essential[i]].present)
          problem (r, "$.parameters", _("“%s” is missing. Every pack lists it; write null as its value if the figure is not known."),
                   visit_keys[YIDI_VISIT_INPATIENT][essential[i]]);
    }

  return g_steal_pointer (&pack);
}

/* The line of a json-glib parse error, "PATH:LINE:COLUMN: …"; 0 if
 * the message has another form. */
static guint
json_error_line (const char *message,
                 const char *path)
{
  const char *rest = g_str_has_prefix (message, path) ? message + strlen (path) : strchr (message, ':');
  guint line = 0;

  if (rest == NULL || *rest != ':' || sscanf (rest + 1, "%u:", &line) != 1)
    return 0;
  return line;
}

static JsonNode *
parse_file (Reader     *r,
            const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_mapped_file (parser, path, &error))
    {
      if (error->domain == G_FILE_ERROR)
        problem (r, NULL, _("The file cannot be read. Check that it exists and that you may read it."));
      else
        {
          /* The parser's message quotes the file, cut anywhere (even
           * inside a character): only its line number is for people. */
          g_debug ("%s does not parse: %s", path, error->message);
          problem (r, NULL, _("The file is not valid JSON (line %u). Fix the syntax, for example a missing comma or quote."),
                   json_error_line (error->message, path));
        }
      return NULL;
    }
  /* An empty file (or only white space) parses, without a root. */
  if (json_parser_get_root (parser) == NULL)
    {
      problem (r, NULL, _("The file is empty. Put the policy pack in it, or remove it."));
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

static void
source_free (Source *source)
{
  for (guint i = 0; i < G_N_ELEMENTS (source->strings); i++)
    g_free (source->strings[i]);
  g_free (source);
}

static GHashTable *
load_sources (Reader     *r,
              const char *path)
{
  static const char * const root_keys[] = { "schema", "note", "sources", NULL };
  static const char * const fields[] = { "title", "url", "issuer", "document_number", "published", "kind",
                                         "accessed", "note", NULL };
  g_autoptr(JsonNode) root_node = parse_file (r, path);
  g_autoptr(GHashTable) sources = NULL;
  JsonObject *root;
  JsonObject *list;
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;
  const char *schema;

  if (root_node == NULL)
    return NULL;
  root = get_object (r, root_node, "$");
  if (root == NULL)
    return NULL;
  check_keys (r, root, "$", root_keys);
  schema = read_string (r, member (r, root, "$", "schema", TRUE), "$.schema");
  if (schema != NULL && !g_str_equal (schema, FORMAT_SOURCES))
    problem (r, "$.schema", _("This is not a Yidi list of sources (“schema” is “%s”, expected “%s”)."), schema, FORMAT_SOURCES);

  list = get_object (r, member (r, root, "$", "sources", TRUE), "$.sources");
  if (list == NULL)
    return NULL;

  sources = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) source_free);
  json_object_iter_init (&iter, list);
  while (json_object_iter_next (&iter, &id, &node))
    {
      g_autofree char *where = child ("$.sources", id);
      JsonObject *obj = get_object (r, node, where);
      Source *source;

      if (obj == NULL)
        continue;
      check_keys (r, obj, where, fields);

      source = g_new0 (Source, 1);
      source->strings[0] = g_strdup (id);
      for (guint i = 0; i < 6; i++)
        {
          JsonNode *value = json_object_get_member (obj, fields[i]);
          g_autofree char *field_path = child (where, fields[i]);

          if (value == NULL || is_null (value))
            continue;
          source->strings[i + 1] = g_strdup (read_string (r, value, field_path));
        }
      if (source->strings[1] == NULL)
        problem (r, where, _("A source needs a “title”."));
      source->pub.id = source->strings[0];
      source->pub.title = source->strings[1];
      source->pub.url = source->strings[2];
      source->pub.issuer = source->strings[3];
      source->pub.document_number = source->strings[4];
      source->pub.published = source->strings[5];
      source->pub.kind = source->strings[6];
      g_hash_table_insert (sources, source->strings[0], source);
    }

  return g_steal_pointer (&sources);
}

/* Parses one pack; returns NULL (and adds problems) if anything is wrong. */
static YidiPolicyPack *
load_pack (const char *path,
           GHashTable *sources,
           gboolean    check_name,
           GPtrArray  *problems)
{
  Reader r = { path, problems, sources, 0 };
  g_autoptr(JsonNode) root = parse_file (&r, path);
  g_autoptr(YidiPolicyPack) pack = NULL;

  if (root == NULL)
    return NULL;

  pack = read_pack (&r, root);
  if (pack != NULL && check_name && pack->kind == YIDI_PACK_PLACE && pack->id != NULL)
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *expected = g_strconcat (pack->id, ".json", NULL);

      if (!g_str_equal (base, expected))
        problem (&r, NULL, _("The file is named “%s” but holds the pack “%s”. Rename it to “%s”."),
                 base, pack->id, expected);
    }

  if (r.n_problems > 0)
    return NULL;
  return g_steal_pointer (&pack);
}

static char *
find_sources_for (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *parent = g_path_get_dirname (dir);
  const char *candidates[] = { dir, parent, yidi_paths_get_policy_dir () };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *file = g_build_filename (candidates[i], "sources.json", NULL);
      if (g_file_test (file, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&file);
    }
  return NULL;
}

/**
 * yidi_policy_validate_file:
 * @path: a policy pack (place or national)
 * @sources_path: (nullable): the list of sources its citations must be
 *   in; %NULL looks for sources.json beside the file, in its parent
 *   folder, then in the installed policies
 * @problems: (element-type YidiPolicyProblem): where every problem found
 *   is appended
 *
 * Returns: %TRUE if the file has no problem.
 */
gboolean
yidi_policy_validate_file (const char *path,
                           const char *sources_path,
                           GPtrArray  *problems)
{
  g_autofree char *found = NULL;
  g_autoptr(GHashTable) sources = NULL;
  g_autoptr(YidiPolicyPack) pack = NULL;
  guint before;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);

  before = problems->len;
  if (sources_path == NULL)
    sources_path = found = find_sources_for (path);

  if (sources_path != NULL)
    {
      Reader r = { sources_path, problems, NULL, 0 };
      sources = load_sources (&r, sources_path);
    }
  else
    {
      Reader r = { path, problems, NULL, 0 };
      problem (&r, NULL, _("No sources.json was found, so citations cannot be checked. Pass the list of sources."));
    }

  pack = load_pack (path, sources, FALSE, problems);
  return problems->len == before;
}

/* Sets */

static int
compare_packs (gconstpointer a,
               gconstpointer b)
{
  const YidiPolicyPack *x = *(YidiPolicyPack * const *) a;
  const YidiPolicyPack *y = *(YidiPolicyPack * const *) b;

  return strcmp (x->id, y->id);
}

/**
 * yidi_policy_set_load:
 * @dir: (nullable): a policy folder (sources.json, national.json,
 *   places/<id>.json); %NULL for yidi_paths_get_policy_dir()
 *
 * Loads every pack of @dir. A broken pack is skipped and its problems are
 * kept (yidi_policy_set_get_problems()); the others still load.
 *
 * Returns: (transfer full): the set, or %NULL if @dir cannot be read.
 */
YidiPolicySet *
yidi_policy_set_load (const char  *dir,
                      GError     **error)
{
  g_autoptr(YidiPolicySet) self = g_new0 (YidiPolicySet, 1);
  g_autofree char *sources_path = NULL;
  g_autofree char *national_path = NULL;
  g_autofree char *places_dir = NULL;
  g_autoptr(GDir) places = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  const char *name;

  if (dir == NULL)
    dir = yidi_paths_get_policy_dir ();

  g_atomic_ref_count_init (&self->ref_count);
  self->dir = g_strdup (dir);
  self->packs = g_ptr_array_new_with_free_func ((GDestroyNotify) pack_free);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_policy_problem_free);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, YIDI_POLICY_ERROR, YIDI_POLICY_ERROR_IO,
                   _("The policy folder “%s” cannot be read. Reinstall Yidi or set YIDI_POLICY_DIR to the folder."),
                   dir);
      return NULL;
    }

  sources_path = g_build_filename (dir, "sources.json", NULL);
  {
    Reader r = { sources_path, self->problems, NULL, 0 };
    self->sources = load_sources (&r, sources_path);
  }
  if (self->sources == NULL)
    self->sources = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) source_free);

  national_path = g_build_filename (dir, "national.json", NULL);
  if (g_file_test (national_path, G_FILE_TEST_EXISTS))
    {
      YidiPolicyPack *national = load_pack (national_path, self->sources, FALSE, self->problems);

      if (national != NULL && national->kind != YIDI_PACK_NATIONAL)
        {
          Reader r = { national_path, self->problems, NULL, 0 };
          problem (&r, "$.kind", _("national.json must hold the national rules (“kind”: “national”)."));
          g_clear_pointer (&national, pack_free);
        }
      self->national = national;
    }
  else
    {
      Reader r = { national_path, self->problems, NULL, 0 };
      problem (&r, NULL, _("The national rules are missing: estimates for treatment in another province will say they are not known. Reinstall Yidi or check YIDI_POLICY_DIR."));
    }

  places_dir = g_build_filename (dir, "places", NULL);
  places = g_dir_open (places_dir, 0, &local_error);
  if (places == NULL)
    {
      Reader r = { places_dir, self->problems, NULL, 0 };
      problem (&r, NULL, _("The folder of place packs cannot be read. Reinstall Yidi or check YIDI_POLICY_DIR."));
    }

  while (places != NULL && (name = g_dir_read_name (places)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_ascii_strcasecmp);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (places_dir, g_ptr_array_index (names, i), NULL);
      YidiPolicyPack *pack = load_pack (path, self->sources, TRUE, self->problems);

      if (pack == NULL)
        continue;
      if (pack->kind != YIDI_PACK_PLACE)
        {
          Reader r = { path, self->problems, NULL, 0 };
          problem (&r, "$.kind", _("Only place packs belong in places/; the national rules go in national.json."));
          pack_free (pack);
          continue;
        }
      for (guint j = 0; pack != NULL && j < self->packs->len; j++)
        {
          const YidiPolicyPack *other = g_ptr_array_index (self->packs, j);

          if (other->scheme == pack->scheme && g_str_equal (other->division_code, pack->division_code) &&
              (g_strcmp0 (other->tier, pack->tier) == 0 || (other->default_tier && pack->default_tier)))
            {
              Reader r = { path, self->problems, NULL, 0 };
              problem (&r, NULL, _("This pack has the same place, scheme and tier (or default tier) as %s. Keep one of them."),
                       other->file);
              g_clear_pointer (&pack, pack_free);
            }
        }
      if (pack != NULL)
        g_ptr_array_add (self->packs, pack);
    }
  g_ptr_array_sort (self->packs, compare_packs);

  return g_steal_pointer (&self);
}

YidiPolicySet *
yidi_policy_set_ref (YidiPolicySet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
yidi_policy_set_unref (YidiPolicySet *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->dir);
  g_clear_pointer (&self->packs, g_ptr_array_unref);
  g_clear_pointer (&self->national, pack_free);
  g_clear_pointer (&self->sources, g_hash_table_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_free (self);
}

/**
 * yidi_policy_set_get_problems:
 *
 * Returns: (transfer none) (element-type YidiPolicyProblem): what was wrong
 *   with the files that were skipped.
 */
GPtrArray *
yidi_policy_set_get_problems (YidiPolicySet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->problems;
}

guint
yidi_policy_set_get_n_packs (YidiPolicySet *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->packs->len;
}

const YidiPolicyPack *
yidi_policy_set_get_pack (YidiPolicySet *self,
                          guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->packs->len, NULL);
  return g_ptr_array_index (self->packs, index);
}

const YidiPolicyPack *
yidi_policy_set_get_national (YidiPolicySet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->national;
}

const YidiPolicySource *
yidi_policy_set_get_source (YidiPolicySet *self,
                            const char    *id)
{
  Source *source;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  source = g_hash_table_lookup (self->sources, id);
  return source != NULL ? &source->pub : NULL;
}

/**
 * yidi_policy_set_lookup:
 * @division_code: the insured place (six digits)
 * @tier: (nullable): e.g. "tier1"; %NULL for the pack marked default
 *
 * Returns: (transfer none): the pack, or %NULL with
 *   %YIDI_POLICY_ERROR_NOT_FOUND or %YIDI_POLICY_ERROR_AMBIGUOUS.
 */
const YidiPolicyPack *
yidi_policy_set_lookup (YidiPolicySet *self,
                        const char    *division_code,
                        YidiScheme     scheme,
                        const char    *tier,
                        GError       **error)
{
  const YidiPolicyPack *only = NULL;
  const YidiPolicyPack *fallback = NULL;
  g_autoptr(GString) tiers = NULL;
  guint n = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (division_code != NULL, NULL);

  for (guint i = 0; i < self->packs->len; i++)
    {
      const YidiPolicyPack *pack = g_ptr_array_index (self->packs, i);

      if (pack->scheme != scheme || strcmp (pack->division_code, division_code) != 0)
        continue;
      if (tier != NULL && *tier != '\0')
        {
          if (g_strcmp0 (pack->tier, tier) == 0)
            return pack;
          continue;
        }
      n++;
      only = pack;
      if (pack->default_tier)
        fallback = pack;
      if (pack->tier != NULL)
        {
          if (tiers == NULL)
            tiers = g_string_new (pack->tier);
          else
            g_string_append_printf (tiers, ", %s", pack->tier);
        }
    }

  if (tier == NULL || *tier == '\0')
    {
      if (n == 1)
        return only;
      if (fallback != NULL)
        return fallback;
      if (n > 1)
        {
          g_set_error (error, YIDI_POLICY_ERROR, YIDI_POLICY_ERROR_AMBIGUOUS,
                       _("This place has several tiers of %s (%s). Choose the tier the person pays into."),
                       yidi_scheme_get_label (scheme), tiers != NULL ? tiers->str : "");
          return NULL;
        }
    }

  if (tier != NULL && *tier != '\0')
    g_set_error (error, YIDI_POLICY_ERROR, YIDI_POLICY_ERROR_NOT_FOUND,
                 _("Yidi has no policy for tier “%s” of %s in place %s. Check the tier, or ask the local medical insurance bureau (医保局)."),
                 tier, yidi_scheme_get_label (scheme), division_code);
  else
    g_set_error (error, YIDI_POLICY_ERROR, YIDI_POLICY_ERROR_NOT_FOUND,
                 _("Yidi has no policy for %s in place %s yet. Ask the local medical insurance bureau (医保局) for the figures."),
                 yidi_scheme_get_label (scheme), division_code);
  return NULL;
}

/**
 * yidi_policy_set_find_place:
 * @place: a division code ("110000"), a Chinese name or its start ("北京")
 *   or an English name ("Beijing")
 *
 * Returns: (transfer container) (element-type YidiPolicyPack): the packs of
 *   that place, possibly none.
 */
GPtrArray *
yidi_policy_set_find_place (YidiPolicySet *self,
                            const char    *place)
{
  GPtrArray *found = g_ptr_array_new ();

  g_return_val_if_fail (self != NULL, found);
  g_return_val_if_fail (place != NULL, found);

  for (guint i = 0; i < self->packs->len; i++)
    {
      YidiPolicyPack *pack = g_ptr_array_index (self->packs, i);

      if (g_str_equal (pack->division_code, place) ||
          (pack->place_name != NULL && *place != '\0' && g_str_has_prefix (pack->place_name, place)) ||
          (pack->place_name_en != NULL && g_ascii_strcasecmp (pack->place_name_en, place) == 0))
        g_ptr_array_add (found, pack);
    }
  return found;
}

/* Packs */

const char *
yidi_policy_pack_get_id (const YidiPolicyPack *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

const char *
yidi_policy_pack_get_file (const YidiPolicyPack *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->file;
}

const char *
yidi_policy_pack_get_division_code (const YidiPolicyPack *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->division_code;
}

const char *
yidi_policy_pack_get_place_name (const YidiPolicyPack *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->place_name;
}

const char *
yidi_policy_pack_get_place_name_en (const YidiPolicyPack *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->place_name_en;
}

YidiScheme
yidi_policy_pack_get_scheme (const YidiPolicyPack *self)
{
  g_return_val_if_fail (self != NULL, YIDI_SCHEME_EMPLOYEE);
  return self->scheme;
}

const char *
yidi_policy_pack_get_tier (const YidiPolicyPack *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->tier;
}

const char *
yidi_policy_pack_get_tier_name (const YidiPolicyPack *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->tier_name;
}

gboolean
yidi_policy_pack_is_default_tier (const YidiPolicyPack *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->default_tier;
}

const char *
yidi_policy_pack_get_title (const YidiPolicyPack *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->title;
}

const char *
yidi_policy_pack_get_coverage_from (const YidiPolicyPack *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->coverage_from_text;
}

/* Returns: the last day covered, or %NULL while the figures are in force. */
const char *
yidi_policy_pack_get_coverage_until (const YidiPolicyPack *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->coverage_until_text;
}

/**
 * yidi_policy_pack_get_display_name:
 *
 * Returns: how a person names the pack: "北京市 · Employee medical insurance"
 *   (with the tier name when there is one).
 */
char *
yidi_policy_pack_get_display_name (const YidiPolicyPack *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->kind == YIDI_PACK_NATIONAL)
    return g_strdup (self->title);
  if (self->tier_name != NULL)
    return g_strdup_printf ("%s · %s · %s", self->place_name, yidi_scheme_get_label (self->scheme), self->tier_name);
  return g_strdup_printf ("%s · %s", self->place_name, yidi_scheme_get_label (self->scheme));
}

gboolean
yidi_policy_pack_covers (const YidiPolicyPack *self,
                         guint32               date)
{
  return date >= self->coverage_from && date <= self->coverage_until;
}

const YidiParam *
yidi_policy_pack_get_param (const YidiPolicyPack *self,
                            YidiParamId           id,
                            YidiVisitType         visit)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail ((guint) id < YIDI_N_PARAMS, NULL);

  if (id < YIDI_N_VISIT_PARAMS)
    {
      g_return_val_if_fail ((guint) visit < YIDI_N_VISIT_TYPES, NULL);
      return &self->visit_params[visit][id];
    }
  return &self->params[id];
}

/**
 * yidi_param_find:
 *
 * Returns: the first value of @param in force on the query's date whose
 *   conditions the query meets, or %NULL.
 */
const YidiParamEntry *
yidi_param_find (const YidiParam      *param,
                 const YidiParamQuery *query)
{
  for (guint i = 0; i < param->n_entries; i++)
    {
      const YidiParamEntry *e = &param->entries[i];

      if (query->date < e->from || query->date > e->until)
        continue;
      if (e->has_when)
        {
          if (e->status_mask != 0 && (e->status_mask & (1u << query->status)) == 0)
            continue;
          if (e->area_mask != 0 && (e->area_mask & (1u << query->area)) == 0)
            continue;
          if (e->filing_mask != 0 && (e->filing_mask & (1u << query->filing)) == 0)
            continue;
          if (e->age_min >= 0 && query->age < e->age_min)
            continue;
          if (e->age_max >= 0 && query->age > e->age_max)
            continue;
          if (e->civil_servant >= 0 && e->civil_servant != !!query->civil_servant)
            continue;
          if (e->low_income >= 0 && e->low_income != !!query->low_income)
            continue;
        }
      return e;
    }
  return NULL;
}

/* Formatting for `yidi-cli policy show` */

static void
append_money (GString *out,
              YidiFen  fen)
{
  g_autofree char *text = yidi_money_format (fen);
  g_string_append (out, text);
}

static void
append_rate (GString *out,
             YidiBp   bp)
{
  g_autofree char *text = yidi_rate_format (bp);
  g_string_append (out, text);
}

static void
append_levels (GString      *out,
               guint8        known,
               const gint64 *values,
               gboolean      money)
{
  gboolean same = known == (1 << YIDI_N_LEVELS) - 1;

  for (guint level = 1; same && level < YIDI_N_LEVELS; level++)
    same = values[level] == values[0];

  if (same)
    {
      /* TRANSLATORS: a value that is the same for every institution level */
      g_string_append_printf (out, "%s ", _("all levels"));
      if (money)
        append_money (out, values[0]);
      else
        append_rate (out, (YidiBp) values[0]);
      return;
    }

  {
    gboolean first = TRUE;

    for (guint level = 0; level < YIDI_N_LEVELS; level++)
      {
        if ((known & (1 << level)) == 0)
          continue;
        if (!first)
          g_string_append (out, ", ");
        first = FALSE;
        g_string_append_printf (out, "%s ", yidi_institution_level_get_label (level));
        if (money)
          append_money (out, values[level]);
        else
          append_rate (out, (YidiBp) values[level]);
      }
    if (known != (1 << YIDI_N_LEVELS) - 1)
      {
        g_string_append (out, first ? "" : ", ");
        /* TRANSLATORS: after a list of institution levels with their values */
        g_string_append (out, first ? _("no level known") : _("other levels not known"));
      }
  }
}

static void
append_meta (GString            *out,
             const YidiPartMeta *meta)
{
  if (meta->has_confirmed && !meta->confirmed)
    g_string_append_printf (out, " (%s)", _("unconfirmed"));
  if (meta->sources != NULL)
    {
      g_autofree char *ids = g_strjoinv (", ", meta->sources);
      g_string_append_printf (out, " [%s]", ids);
    }
}

char *
yidi_param_entry_format (YidiParamId           id,
                         const YidiParamEntry *entry)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (entry != NULL, NULL);

  if (!entry->known)
    return g_strdup (_("not known"));

  switch (catalogue[id].kind)
    {
    case YIDI_VALUE_DEDUCTIBLE:
      {
        const YidiDeductibleValue *v = entry->value;

        g_string_append (out, v->basis == YIDI_DEDUCTIBLE_PER_YEAR ? _("once per insurance year") : _("per stay"));
        for (guint i = 0; i < v->n_tables; i++)
          {
            g_string_append (out, "; ");
            if (v->basis == YIDI_DEDUCTIBLE_PER_ADMISSION)
              {
                if (i + 1 == v->n_tables && i > 0)
                  g_string_append_printf (out, _("stay %u and later: "), i + 1);
                else if (v->n_tables > 1)
                  g_string_append_printf (out, _("stay %u: "), i + 1);
              }
            append_levels (out, v->tables[i].known, v->tables[i].amount, TRUE);
            append_meta (out, &v->tables[i].meta);
          }
        if (v->repeat_after_days > 0)
          {
            g_string_append (out, "; ");
            g_string_append_printf (out, _("again for every %d days of a continuous stay"), v->repeat_after_days);
          }
      }
      break;

    case YIDI_VALUE_RATIO:
      {
        const YidiRatioValue *v = entry->value;
        YidiFen from = 0;

        for (guint i = 0; i < v->n_segments; i++)
          {
            const YidiRatioSegment *s = &v->segments[i];
            gint64 rates[YIDI_N_LEVELS];

            if (i > 0)
              g_string_append (out, "; ");
            if (s->up_to >= 0)
              {
                append_money (out, from);
                g_string_append (out, "–");
                append_money (out, s->up_to);
              }
            else
              {
                append_money (out, from);
                g_string_append (out, "+");
              }
            g_string_append (out, ": ");
            for (guint level = 0; level < YIDI_N_LEVELS; level++)
              rates[level] = s->rate[level];
            append_levels (out, s->known, rates, FALSE);
            append_meta (out, &s->meta);
            from = s->up_to;
          }
        if (v->accumulation == YIDI_ACCUMULATE_YEAR)
          g_string_append_printf (out, " (%s)", _("counted over the year"));
      }
      break;

    case YIDI_VALUE_AGE_ADDITION:
      {
        const YidiAgeValue *v = entry->value;

        for (guint i = 0; i < v->n_steps; i++)
          {
            if (i > 0)
              g_string_append (out, ", ");
            g_string_append_printf (out, _("age %d+: +%d points"), v->steps[i].age_min, v->steps[i].add / 100);
          }
        g_string_append_printf (out, "; %s ", _("at most"));
        append_rate (out, v->max);
      }
      break;

    case YIDI_VALUE_CAP:
      {
        const YidiCapValue *v = entry->value;

        append_money (out, v->amount);
        g_string_append_printf (out, " (%s)", v->basis == YIDI_CAP_FUND_PAYMENT
                                ? _("fund payments in the year") : _("in-scope costs in the year"));
      }
      break;

    case YIDI_VALUE_RATE:
      append_rate (out, entry->rate);
      break;

    case YIDI_VALUE_LAYER:
      {
        const YidiLayerValue *v = entry->value;
        YidiFen from = 0;

        if (v->none)
          {
            g_string_append (out, _("none in this scheme"));
            break;
          }
        g_string_append_printf (out, "%s: ", v->name);
        g_string_append (out, v->base == YIDI_LAYER_BASE_OVER_CAP ? _("costs above the fund’s cap")
                         : v->base == YIDI_LAYER_BASE_PERSONAL_IN_SCOPE ? _("in-scope costs the person pays")
                         : _("everything the person pays"));
        g_string_append_printf (out, ", %s ", _("above"));
        append_money (out, v->threshold);
        for (guint i = 0; i < v->n_segments; i++)
          {
            g_string_append (out, "; ");
            append_money (out, from);
            if (v->segments[i].up_to >= 0)
              {
                g_string_append (out, "–");
                append_money (out, v->segments[i].up_to);
              }
            else
              g_string_append (out, "+");
            g_string_append (out, ": ");
            append_rate (out, v->segments[i].rate);
            append_meta (out, &v->segments[i].meta);
            from = v->segments[i].up_to;
          }
        if (v->cap >= 0)
          {
            g_string_append_printf (out, "; %s ", _("at most"));
            append_money (out, v->cap);
          }
      }
      break;

    case YIDI_VALUE_REDUCTION:
      {
        const YidiReductionValue *v = entry->value;
        gboolean first = TRUE;

        for (guint slot = 0; slot < YIDI_N_REDUCE_SLOTS; slot++)
          {
            if ((v->present & (1 << slot)) == 0)
              continue;
            if (!first)
              g_string_append (out, ", ");
            first = FALSE;
            g_string_append_printf (out, "%s ", reduce_keys[slot]);
            if ((v->known & (1 << slot)) == 0)
              g_string_append (out, _("not known"));
            else if (slot == YIDI_REDUCE_NOT_FILED && v->not_filed_not_paid)
              g_string_append (out, _("not paid"));
            else
              {
                g_autofree char *points = yidi_rate_format (v->points[slot]);
                /* TRANSLATORS: a cut in the fund's share, e.g. "−10% points" */
                g_string_append_printf (out, _("−%s points"), points);
              }
          }
      }
      break;

    case YIDI_VALUE_WAITING:
      {
        const YidiWaitingValue *v = entry->value;

        g_string_append_printf (out, _("%d months"), v->months);
        for (guint e = 0; e <= YIDI_ENROLMENT_FLEXIBLE; e++)
          if (v->applies & (1 << e))
            g_string_append_printf (out, ", %s", yidi_enrolment_get_label (e));
      }
      break;

    case YIDI_VALUE_ACCOUNT:
      {
        const YidiAccountValue *v = entry->value;

        if (!v->in_scope && !v->self_pay)
          g_string_append (out, _("pays nothing of a stay"));
        if (v->in_scope)
          g_string_append (out, _("pays what you owe within the scope"));
        if (v->in_scope && v->self_pay)
          g_string_append (out, "; ");
        if (v->self_pay)
          g_string_append (out, _("pays self-pay items"));
      }
      break;

    case YIDI_VALUE_FLAG:
      g_string_append (out, entry->flag ? _("yes") : _("no"));
      break;

    default:
      g_assert_not_reached ();
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
format_conditions (GString              *out,
                   const YidiParamEntry *e)
{
  if (!e->has_when)
    return;

  g_string_append (out, " [");
  if (e->status_mask != 0)
    for (guint s = 0; s <= YIDI_MEMBER_RETIRED; s++)
      if (e->status_mask & (1 << s))
        g_string_append_printf (out, "%s; ", yidi_member_status_get_label (s));
  if (e->age_min >= 0)
    g_string_append_printf (out, _("age %d or more; "), e->age_min);
  if (e->age_max >= 0)
    g_string_append_printf (out, _("age %d or less; "), e->age_max);
  if (e->area_mask != 0)
    for (guint a = 0; a < YIDI_N_AREAS; a++)
      if (e->area_mask & (1 << a))
        g_string_append_printf (out, "%s; ", yidi_treatment_area_get_label (a));
  if (e->filing_mask != 0)
    for (guint c = 0; c <= YIDI_FILING_OTHER_TEMPORARY; c++)
      if (e->filing_mask & (1 << c))
        g_string_append_printf (out, "%s; ", yidi_filing_category_get_label (c));
  if (e->civil_servant >= 0)
    g_string_append_printf (out, "%s; ", e->civil_servant ? _("civil servants") : _("not civil servants"));
  if (e->low_income >= 0)
    g_string_append_printf (out, "%s; ", e->low_income ? _("low-income") : _("not low-income"));
  if (g_str_has_suffix (out->str, "; "))
    g_string_truncate (out, out->len - 2);
  g_string_append (out, "]");
}

static void
format_param (GString          *out,
              const char       *key,
              YidiParamId       id,
              const YidiParam  *param)
{
  g_string_append_printf (out, "  %s", key);
  if (param->description != NULL)
    g_string_append_printf (out, " — %s", param->description);
  g_string_append_c (out, '\n');

  for (guint i = 0; i < param->n_entries; i++)
    {
      const YidiParamEntry *e = &param->entries[i];
      g_autofree char *value = yidi_param_entry_format (id, e);
      g_autofree char *sources = e->sources != NULL ? g_strjoinv (", ", e->sources) : g_strdup ("");

      /* TRANSLATORS: a value's dates: "from 2023-01-01" or "2023-01-01 to 2024-06-30" */
      if (e->until_text != NULL)
        g_string_append_printf (out, _("    %s to %s"), e->from_text, e->until_text);
      else
        g_string_append_printf (out, _("    from %s"), e->from_text);
      format_conditions (out, e);
      g_string_append_printf (out, ": %s\n", value);
      g_string_append_printf (out, "      %s · %s %s\n",
                              e->confirmed ? _("confirmed") : _("unconfirmed"),
                              _("sources:"), *sources ? sources : "—");
      if (e->note != NULL)
        g_string_append_printf (out, "      %s\n", e->note);
    }
}

/**
 * yidi_policy_pack_format:
 * @set: (nullable): to name the sources cited
 *
 * Returns: the pack as text for a person: every parameter with its dated
 *   values, conditions, confirmation and sources.
 */
char *
yidi_policy_pack_format (const YidiPolicyPack *self,
                         YidiPolicySet        *set)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *name = NULL;
  g_autoptr(GHashTable) cited = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) cited_order = g_ptr_array_new ();

  g_return_val_if_fail (self != NULL, NULL);

  name = yidi_policy_pack_get_display_name (self);
  g_string_append_printf (out, "%s\n%s\n", name, self->title);
  if (self->kind == YIDI_PACK_PLACE)
    g_string_append_printf (out, "%s %s · %s\n", _("Division code"), self->division_code, self->id);
  if (self->coverage_until_text != NULL)
    g_string_append_printf (out, _("Covers stays from %s to %s"), self->coverage_from_text, self->coverage_until_text);
  else
    g_string_append_printf (out, _("Covers stays from %s"), self->coverage_from_text);
  g_string_append_c (out, '\n');
  if (self->year_start_month != 1 || self->year_start_day != 1)
    g_string_append_printf (out, _("The insurance year starts on %02d-%02d.\n"), self->year_start_month, self->year_start_day);
  for (guint i = 0; self->notes != NULL && self->notes[i] != NULL; i++)
    g_string_append_printf (out, "· %s\n", self->notes[i]);
  g_string_append_c (out, '\n');

  for (guint id = 0; id < YIDI_N_PARAMS; id++)
    {
      if (id < YIDI_N_VISIT_PARAMS)
        {
          for (guint visit = 0; visit < YIDI_N_VISIT_TYPES; visit++)
            if (self->visit_params[visit][id].present)
              format_param (out, visit_keys[visit][id], id, &self->visit_params[visit][id]);
        }
      else if (self->params[id].present)
        format_param (out, catalogue[id].key, id, &self->params[id]);
    }

  /* The sources, once each, in order of first citation. */
  for (guint id = 0; id < YIDI_N_PARAMS; id++)
    for (guint visit = 0; visit < (id < YIDI_N_VISIT_PARAMS ? YIDI_N_VISIT_TYPES : 1u); visit++)
      {
        const YidiParam *param = id < YIDI_N_VISIT_PARAMS ? &self->visit_params[visit][id] : &self->params[id];

        for (guint i = 0; i < param->n_entries; i++)
          for (guint j = 0; param->entries[i].sources != NULL && param->entries[i].sources[j] != NULL; j++)
            if (g_hash_table_add (cited, param->entries[i].sources[j]))
              g_ptr_array_add (cited_order, param->entries[i].sources[j]);
      }

  if (set != NULL && cited_order->len > 0)
    {
      g_string_append_printf (out, "\n%s\n", _("Sources"));
      for (guint i = 0; i < cited_order->len; i++)
        {
          const char *id = g_ptr_array_index (cited_order, i);
          const YidiPolicySource *source = yidi_policy_set_get_source (set, id);

          if (source == NULL)
            continue;
          g_string_append_printf (out, "  %s  %s", id, source->title);
          if (source->document_number != NULL)
            g_string_append_printf (out, " (%s)", source->document_number);
          if (source->published != NULL)
            g_string_append_printf (out, ", %s", source->published);
          if (source->url != NULL)
            g_string_append_printf (out, "\n      %s", source->url);
          g_string_append_c (out, '\n');
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

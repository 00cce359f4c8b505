/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "yidi-policy-private.h"

/* The shipped packs come from $YIDI_POLICY_DIR (the source tree's
 * policies/); the test files from tests/core/policies/. */

static YidiPolicySet *
load_shipped (void)
{
  g_autoptr(GError) error = NULL;
  YidiPolicySet *set = yidi_policy_set_load (NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (set);
  return set;
}

static char *
test_path (const char *first,
           ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *part;
  va_list args;

  g_ptr_array_add (parts, (gpointer) YIDI_TEST_POLICIES);
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static void
test_shipped_packs_load (void)
{
  g_autoptr(YidiPolicySet) set = load_shipped ();
  GPtrArray *problems = yidi_policy_set_get_problems (set);

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = yidi_policy_problem_to_string (g_ptr_array_index (problems, i));
      g_test_message ("%s", text);
    }
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (yidi_policy_set_get_n_packs (set), ==, 14);
  g_assert_nonnull (yidi_policy_set_get_national (set));
}

/* Every place and scheme the issue asks for is there. */
static void
test_shipped_lookup (void)
{
  static const struct { const char *code; YidiScheme scheme; const char *tier; const char *id; } wanted[] = {
    { "110000", YIDI_SCHEME_EMPLOYEE, NULL, "110000-employee" },
    { "110000", YIDI_SCHEME_RESIDENT, NULL, "110000-resident" },
    { "310000", YIDI_SCHEME_EMPLOYEE, NULL, "310000-employee" },
    { "310000", YIDI_SCHEME_RESIDENT, NULL, "310000-resident" },
    { "440100", YIDI_SCHEME_EMPLOYEE, NULL, "440100-employee" },
    { "440300", YIDI_SCHEME_EMPLOYEE, NULL, "440300-employee-tier1" },
    { "440300", YIDI_SCHEME_EMPLOYEE, "tier1", "440300-employee-tier1" },
    { "440300", YIDI_SCHEME_EMPLOYEE, "tier2", "440300-employee-tier2" },
    { "440300", YIDI_SCHEME_RESIDENT, NULL, "440300-resident" },
    { "510100", YIDI_SCHEME_EMPLOYEE, NULL, "510100-employee" },
    { "330100", YIDI_SCHEME_EMPLOYEE, NULL, "330100-employee" },
    { "420100", YIDI_SCHEME_EMPLOYEE, NULL, "420100-employee" },
    { "420100", YIDI_SCHEME_RESIDENT, NULL, "420100-resident" },
    { "340300", YIDI_SCHEME_RESIDENT, NULL, "340300-resident" },
  };
  g_autoptr(YidiPolicySet) set = load_shipped ();

  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    {
      g_autoptr(GError) error = NULL;
      const YidiPolicyPack *pack = yidi_policy_set_lookup (set, wanted[i].code, wanted[i].scheme, wanted[i].tier, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (yidi_policy_pack_get_id (pack), ==, wanted[i].id);
      g_assert_cmpstr (yidi_policy_pack_get_division_code (pack), ==, wanted[i].code);
      g_assert_cmpint (yidi_policy_pack_get_scheme (pack), ==, wanted[i].scheme);
    }
}

static void
test_lookup_errors (void)
{
  g_autoptr(YidiPolicySet) set = load_shipped ();
  g_autoptr(GError) error = NULL;

  g_assert_null (yidi_policy_set_lookup (set, "440100", YIDI_SCHEME_RESIDENT, NULL, &error));
  g_assert_error (error, YIDI_POLICY_ERROR, YIDI_POLICY_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "440100"));
  g_clear_error (&error);

  g_assert_null (yidi_policy_set_lookup (set, "440300", YIDI_SCHEME_EMPLOYEE, "tier3", &error));
  g_assert_error (error, YIDI_POLICY_ERROR, YIDI_POLICY_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "tier3"));
}

static void
test_find_place (void)
{
  g_autoptr(YidiPolicySet) set = load_shipped ();
  g_autoptr(GPtrArray) by_name = yidi_policy_set_find_place (set, "北京");
  g_autoptr(GPtrArray) by_english = yidi_policy_set_find_place (set, "shenzhen");
  g_autoptr(GPtrArray) by_code = yidi_policy_set_find_place (set, "420100");
  g_autoptr(GPtrArray) none = yidi_policy_set_find_place (set, "拉萨");

  g_assert_cmpuint (by_name->len, ==, 2);
  g_assert_cmpuint (by_english->len, ==, 3);
  g_assert_cmpuint (by_code->len, ==, 2);
  g_assert_cmpuint (none->len, ==, 0);
}

static YidiParamQuery
query (const char        *date,
       YidiMemberStatus   status,
       int                age,
       YidiTreatmentArea  area,
       YidiFilingCategory filing)
{
  YidiParamQuery q = { 0 };

  g_assert_true (yidi_date_parse_iso (date, &q.date));
  q.status = status;
  q.age = age;
  q.area = area;
  q.filing = filing;
  return q;
}

static const YidiParamEntry *
find (YidiPolicySet        *set,
      const char           *id,
      YidiParamId           param,
      const YidiParamQuery *q)
{
  for (guint i = 0; i < yidi_policy_set_get_n_packs (set); i++)
    {
      const YidiPolicyPack *pack = yidi_policy_set_get_pack (set, i);

      if (g_str_equal (yidi_policy_pack_get_id (pack), id))
        return yidi_param_find (yidi_policy_pack_get_param (pack, param, YIDI_VISIT_INPATIENT), q);
    }
  g_assert_not_reached ();
}

/* Shanghai's cap changes with the insurance year, and is not known for
 * 2023/24: the value in force on the date is taken. */
static void
test_dated_values (void)
{
  g_autoptr(YidiPolicySet) set = load_shipped ();
  YidiParamQuery q;
  const YidiParamEntry *e;

  q = query ("2022-08-01", YIDI_MEMBER_IN_SERVICE, 50, YIDI_AREA_LOCAL, YIDI_FILING_NONE);
  e = find (set, "310000-employee", YIDI_PARAM_ANNUAL_CAP, &q);
  g_assert_true (e->known);
  g_assert_false (e->confirmed);
  g_assert_cmpint (((YidiCapValue *) e->value)->amount, ==, 59000000);
  g_assert_cmpstr (e->until_text, ==, "2023-06-30");

  q = query ("2023-06-30", YIDI_MEMBER_IN_SERVICE, 50, YIDI_AREA_LOCAL, YIDI_FILING_NONE);
  e = find (set, "310000-employee", YIDI_PARAM_ANNUAL_CAP, &q);
  g_assert_cmpint (((YidiCapValue *) e->value)->amount, ==, 59000000);

  q = query ("2023-07-01", YIDI_MEMBER_IN_SERVICE, 50, YIDI_AREA_LOCAL, YIDI_FILING_NONE);
  e = find (set, "310000-employee", YIDI_PARAM_ANNUAL_CAP, &q);
  g_assert_false (e->known);

  q = query ("2024-07-01", YIDI_MEMBER_IN_SERVICE, 50, YIDI_AREA_LOCAL, YIDI_FILING_NONE);
  e = find (set, "310000-employee", YIDI_PARAM_ANNUAL_CAP, &q);
  g_assert_cmpint (((YidiCapValue *) e->value)->amount, ==, 61000000);

  /* Before the pack's first value nothing is in force. */
  q = query ("2022-06-30", YIDI_MEMBER_IN_SERVICE, 50, YIDI_AREA_LOCAL, YIDI_FILING_NONE);
  g_assert_null (find (set, "310000-employee", YIDI_PARAM_ANNUAL_CAP, &q));
}

static void
test_conditions (void)
{
  g_autoptr(YidiPolicySet) set = load_shipped ();
  const YidiRatioValue *ratio;
  const YidiDeductibleValue *ded;
  YidiParamQuery q;
  const YidiParamEntry *e;

  /* Beijing: retired ratios differ from in-service ones. */
  q = query ("2025-01-01", YIDI_MEMBER_RETIRED, 70, YIDI_AREA_LOCAL, YIDI_FILING_NONE);
  e = find (set, "110000-employee", YIDI_PARAM_RATIO, &q);
  ratio = e->value;
  g_assert_cmpint (ratio->segments[0].rate[YIDI_LEVEL_2], ==, 9220);
  g_assert_cmpint (ratio->accumulation, ==, YIDI_ACCUMULATE_YEAR);
  q.status = YIDI_MEMBER_IN_SERVICE;
  ratio = find (set, "110000-employee", YIDI_PARAM_RATIO, &q)->value;
  g_assert_cmpint (ratio->segments[0].rate[YIDI_LEVEL_2], ==, 8700);
  g_assert_cmpint (ratio->segments[2].up_to, ==, 10000000);
  g_assert_false (ratio->segments[0].known & (1 << YIDI_LEVEL_COMMUNITY));

  /* Shanghai residents: 60 and over have their own shares (age_min is inclusive). */
  q = query ("2023-01-01", YIDI_MEMBER_IN_SERVICE, 59, YIDI_AREA_LOCAL, YIDI_FILING_NONE);
  ratio = find (set, "310000-resident", YIDI_PARAM_RATIO, &q)->value;
  g_assert_cmpint (ratio->segments[0].rate[YIDI_LEVEL_1], ==, 8000);
  q.age = 60;
  ratio = find (set, "310000-resident", YIDI_PARAM_RATIO, &q)->value;
  g_assert_cmpint (ratio->segments[0].rate[YIDI_LEVEL_1], ==, 9000);

  /* Chengdu: a referral out of the city has its own deductible. */
  q = query ("2024-01-01", YIDI_MEMBER_IN_SERVICE, 40, YIDI_AREA_OUT_OF_PROVINCE, YIDI_FILING_REFERRAL);
  ded = find (set, "510100-employee", YIDI_PARAM_DEDUCTIBLE, &q)->value;
  g_assert_cmpuint (ded->n_tables, ==, 1);
  g_assert_cmpint (ded->tables[0].amount[YIDI_LEVEL_3], ==, 200000);
  q.filing = YIDI_FILING_OTHER_TEMPORARY;
  ded = find (set, "510100-employee", YIDI_PARAM_DEDUCTIBLE, &q)->value;
  g_assert_cmpuint (ded->n_tables, ==, 3);
  g_assert_cmpint (ded->tables[0].amount[YIDI_LEVEL_COMMUNITY], ==, 16000);
  g_assert_false (ded->tables[1].meta.confirmed);
  g_assert_true (ded->tables[1].meta.has_confirmed);
}

/* Notes are for people: in the user's language where the pack has it,
 * else English. Every shipped note has both. */
static void
test_notes_by_language (void)
{
  YidiParamQuery q = query ("2024-06-01", YIDI_MEMBER_IN_SERVICE, 40, YIDI_AREA_OUT_OF_PROVINCE, YIDI_FILING_REFERRAL);
  g_autofree char *old_language = g_strdup (g_getenv ("LANGUAGE"));
  g_autofree char *english = NULL;
  g_autofree char *chinese = NULL;
  g_autofree char *fallback = NULL;
  const char *languages[] = { "en", "zh_CN", "fr" };
  char **notes[] = { &english, &chinese, &fallback };

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autoptr(YidiPolicySet) set = NULL;
      const YidiParamEntry *e;

      g_setenv ("LANGUAGE", languages[i], TRUE);
      set = load_shipped ();
      e = find (set, "440100-employee", YIDI_PARAM_ANNUAL_CAP, &q);
      g_assert_nonnull (e->note);
      *notes[i] = g_strdup (e->note);
    }
  if (old_language != NULL)
    g_setenv ("LANGUAGE", old_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");

  g_assert_cmpstr (english, !=, chinese);
  g_assert_cmpstr (fallback, ==, english);
  g_assert_nonnull (strstr (chinese, "矛盾"));
  for (const char *p = english; *p != '\0'; p = g_utf8_next_char (p))
    g_assert_cmpuint (g_utf8_get_char (p), <, 0x3000);
}

/* What the reference collection does not give is written as not known. */
static void
test_missing_figures_are_not_known (void)
{
  g_autoptr(YidiPolicySet) set = load_shipped ();
  YidiParamQuery q = query ("2024-06-01", YIDI_MEMBER_IN_SERVICE, 40, YIDI_AREA_OUT_OF_PROVINCE, YIDI_FILING_REFERRAL);
  const YidiParamEntry *e;

  e = find (set, "440100-employee", YIDI_PARAM_ANNUAL_CAP, &q);
  g_assert_nonnull (e);
  g_assert_false (e->known);
  g_assert_false (e->confirmed);
  g_assert_nonnull (e->note);

  e = find (set, "110000-employee", YIDI_PARAM_CLASS_B_PRE_SELF_PAY, &q);
  g_assert_false (e->known);

  e = find (set, "420100-resident", YIDI_PARAM_CLASS_B_PRE_SELF_PAY, &q);
  g_assert_true (e->known);
  g_assert_cmpint (e->rate, ==, 1000);
}

typedef struct {
  const char *file;
  const char *path;      /* where the problem must be reported */
  const char *words;     /* in its (English) message */
} BadFile;

static const BadFile bad_files[] = {
  { "not-json.json", NULL, "not valid JSON" },
  /* Found by fuzzing: an empty file parsed without a root and passed. */
  { "empty.json", NULL, "empty" },
  /* Found by fuzzing: the parser's message quoted the text cut inside a
   * character; only the line is given now. */
  { "cut-character.json", NULL, "line 3" },
  { "wrong-type.json", "$.parameters[\"inpatient.ratio\"].values[0].value.segments[0].levels.all", "basis points" },
  { "unknown-key.json", "$.deductable", "Unknown key" },
  { "unknown-source.json", "$.parameters[\"inpatient.ratio\"].values[0].sources[0]", "NO_SUCH_SOURCE" },
  { "negative-amount.json", "$.parameters[\"inpatient.deductible\"].values[0].value.amounts[0].levels.all", "negative" },
  { "bad-date.json", "$.parameters[\"inpatient.ratio\"].values[0].from", "2023-13-01" },
  { "overlap.json", "$.parameters[\"inpatient.ratio\"].values[1]", "overlap" },
  { "falling-segments.json", "$.parameters[\"inpatient.ratio\"].values[0].value.segments[1].up_to", "rise" },
  { "missing-ratio.json", "$.parameters", "inpatient.ratio" },
  { "wrong-id.json", "$.id", "990900-employee" },
  { "unknown-parameter.json", "$.parameters[\"inpatient.copay\"]", "Unknown parameter" },
  { "rate-too-high.json", "$.parameters[\"inpatient.ratio\"].values[0].value.segments[0].levels.all", "12000" },
  { "no-sources.json", "$.parameters[\"inpatient.ratio\"].values[0].sources", "source" },
  { "confirmed-unknown.json", "$.parameters[\"inpatient.ratio\"].values[0].confirmed", "cannot be confirmed" },
  { "note-without-english.json", "$.parameters[\"inpatient.ratio\"].values[0].note.en", "English" },
  { "note-unknown-language.json", "$.parameters[\"inpatient.ratio\"].values[0].note.fr", "Unknown key" },
};

static void
test_bad_file (gconstpointer data)
{
  const BadFile *bad = data;
  g_autofree char *path = test_path ("bad", bad->file, NULL);
  g_autofree char *sources = test_path ("fixtures", "sources.json", NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_policy_problem_free);
  const YidiPolicyProblem *problem;

  g_assert_false (yidi_policy_validate_file (path, sources, problems));
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (problem->file, ==, path);
  g_assert_cmpstr (problem->path, ==, bad->path);
  g_assert_nonnull (strstr (problem->message, bad->words));
  g_assert_true (g_utf8_validate (problem->message, -1, NULL));
}

static void
test_valid_file (void)
{
  g_autofree char *path = test_path ("bad", "valid.json", NULL);
  g_autofree char *sources = test_path ("fixtures", "sources.json", NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_policy_problem_free);

  g_assert_true (yidi_policy_validate_file (path, sources, problems));
  g_assert_cmpuint (problems->len, ==, 0);
}

/* Validation goes on after a problem: every problem is reported. */
static void
test_every_problem_reported (void)
{
  g_autofree char *path = test_path ("bad", "many-problems.json", NULL);
  g_autofree char *sources = test_path ("fixtures", "sources.json", NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_policy_problem_free);
  g_autoptr(GHashTable) paths = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_false (yidi_policy_validate_file (path, sources, problems));
  for (guint i = 0; i < problems->len; i++)
    g_hash_table_add (paths, ((YidiPolicyProblem *) g_ptr_array_index (problems, i))->path);

  g_assert_cmpuint (problems->len, ==, 3);
  g_assert_true (g_hash_table_contains (paths, "$.scheme"));
  g_assert_true (g_hash_table_contains (paths, "$.parameters[\"inpatient.ratio\"].values[0].until"));
  g_assert_true (g_hash_table_contains (paths, "$.parameters[\"inpatient.deductible\"].values[0].value.basis"));
}

/* Without a list of sources beside it, the installed one is used. */
static void
test_validate_finds_sources (void)
{
  g_autofree char *path = test_path ("fixtures", "places", "990100-employee.json", NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_policy_problem_free);

  /* tests/core/policies/fixtures/sources.json is the parent folder's. */
  g_assert_true (yidi_policy_validate_file (path, NULL, problems));
}

/* A broken file is skipped with its problems; the others load. */
static void
test_directory_keeps_good_packs (void)
{
  g_autofree char *dir = test_path ("mixed", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiPolicySet) set = yidi_policy_set_load (dir, &error);
  GPtrArray *problems;
  gboolean broken = FALSE, misnamed = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (yidi_policy_set_get_n_packs (set), ==, 1);
  g_assert_cmpstr (yidi_policy_pack_get_id (yidi_policy_set_get_pack (set, 0)), ==, "990100-employee");
  g_assert_nonnull (yidi_policy_set_get_national (set));

  problems = yidi_policy_set_get_problems (set);
  for (guint i = 0; i < problems->len; i++)
    {
      const YidiPolicyProblem *p = g_ptr_array_index (problems, i);

      broken |= g_str_has_suffix (p->file, "990300-employee.json") && strstr (p->message, "JSON") != NULL;
      misnamed |= g_str_has_suffix (p->file, "990301-employee.json") && strstr (p->message, "990300-employee.json") != NULL;
    }
  g_assert_true (broken);
  g_assert_true (misnamed);
}

/* Several tiers and none marked default: the person must choose. */
static void
test_tier_must_be_chosen (void)
{
  g_autofree char *dir = test_path ("tiers", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiPolicySet) set = yidi_policy_set_load (dir, &error);
  const YidiPolicyPack *pack;

  g_assert_no_error (error);
  g_assert_cmpuint (yidi_policy_set_get_problems (set)->len, ==, 1);   /* no national.json */
  g_assert_cmpuint (yidi_policy_set_get_n_packs (set), ==, 2);
  g_assert_null (yidi_policy_set_get_national (set));

  g_assert_null (yidi_policy_set_lookup (set, "990600", YIDI_SCHEME_EMPLOYEE, NULL, &error));
  g_assert_error (error, YIDI_POLICY_ERROR, YIDI_POLICY_ERROR_AMBIGUOUS);
  g_assert_nonnull (strstr (error->message, "gold, silver"));
  g_clear_error (&error);

  pack = yidi_policy_set_lookup (set, "990600", YIDI_SCHEME_EMPLOYEE, "silver", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yidi_policy_pack_get_tier_name (pack), ==, "测试silver");
}

static void
test_missing_directory (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiPolicySet) set = yidi_policy_set_load ("/nonexistent/yidi-policies", &error);

  g_assert_null (set);
  g_assert_error (error, YIDI_POLICY_ERROR, YIDI_POLICY_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "YIDI_POLICY_DIR"));
}

/* policies/schema.json documents the same parameters the loader knows. */
static void
test_schema_matches_loader (void)
{
  g_autofree char *schema_path = g_build_filename (g_getenv ("YIDI_POLICY_DIR"), "schema.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  JsonObject *root;
  JsonArray *variants;
  g_autoptr(GPtrArray) patterns = g_ptr_array_new ();

  json_parser_load_from_file (parser, schema_path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  variants = json_object_get_array_member (root, "oneOf");
  g_assert_cmpuint (json_array_get_length (variants), ==, 2);

  for (guint v = 0; v < 2; v++)
    {
      JsonObject *variant = json_array_get_object_element (variants, v);
      JsonObject *props = json_object_get_object_member (variant, "properties");
      JsonObject *params = json_object_get_object_member (props, "parameters");
      JsonObject *pattern_props = json_object_get_object_member (params, "patternProperties");
      g_autoptr(GList) names = json_object_get_members (pattern_props);

      for (GList *l = names; l != NULL; l = l->next)
        g_ptr_array_add (patterns, l->data);
    }

  for (guint id = 0; id < YIDI_N_PARAMS; id++)
    for (guint visit = 0; visit < (id < YIDI_N_VISIT_PARAMS ? YIDI_N_VISIT_TYPES : 1u); visit++)
      g_ptr_array_add (keys, g_strdup (yidi_param_get_key (id, visit)));

  /* Every key the loader knows matches a pattern of the schema … */
  for (guint i = 0; i < keys->len; i++)
    {
      gboolean matched = FALSE;

      for (guint j = 0; j < patterns->len && !matched; j++)
        matched = g_regex_match_simple (g_ptr_array_index (patterns, j), g_ptr_array_index (keys, i), 0, 0);
      if (!matched)
        g_error ("schema.json does not describe the parameter %s", (char *) g_ptr_array_index (keys, i));
    }

  /* … and every pattern matches a key the loader knows. */
  for (guint j = 0; j < patterns->len; j++)
    {
      gboolean matched = FALSE;

      for (guint i = 0; i < keys->len && !matched; i++)
        matched = g_regex_match_simple (g_ptr_array_index (patterns, j), g_ptr_array_index (keys, i), 0, 0);
      if (!matched)
        g_error ("schema.json describes %s, which the loader does not know", (char *) g_ptr_array_index (patterns, j));
    }
}

static void
test_format_for_people (void)
{
  g_autoptr(YidiPolicySet) set = load_shipped ();
  g_autoptr(GError) error = NULL;
  const YidiPolicyPack *pack = yidi_policy_set_lookup (set, "510100", YIDI_SCHEME_EMPLOYEE, NULL, &error);
  g_autofree char *text = yidi_policy_pack_format (pack, set);
  g_autofree char *national = yidi_policy_pack_format (yidi_policy_set_get_national (set), set);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "inpatient.age_addition"));
  g_assert_nonnull (strstr (text, "age 90+: +10 points"));
  g_assert_nonnull (strstr (text, "CD_HROC"));
  g_assert_nonnull (strstr (text, "http://hroc.cn/news/1010.html"));
  g_assert_nonnull (strstr (national, "cross_region.max_reduction"));
  g_assert_nonnull (strstr (national, "医保发〔2022〕22号"));
}

static void
test_sources (void)
{
  g_autoptr(YidiPolicySet) set = load_shipped ();
  const YidiPolicySource *source = yidi_policy_set_get_source (set, "NAT_22_TEXT");

  g_assert_nonnull (source);
  g_assert_cmpstr (source->document_number, ==, "医保发〔2022〕22号");
  g_assert_nonnull (source->url);
  g_assert_null (yidi_policy_set_get_source (set, "NO_SUCH"));
}

static void
test_dates (void)
{
  guint32 julian;
  g_autofree char *text = NULL;

  g_assert_true (yidi_date_parse_iso ("2024-02-29", &julian));
  text = yidi_date_format_iso (julian);
  g_assert_cmpstr (text, ==, "2024-02-29");
  g_assert_false (yidi_date_parse_iso ("2023-02-29", &julian));
  g_assert_false (yidi_date_parse_iso ("2024-2-29", &julian));
  g_assert_false (yidi_date_parse_iso ("1949-12-31", &julian));
  g_assert_false (yidi_date_parse_iso ("2101-01-01", &julian));
  g_assert_false (yidi_date_parse_iso ("2024-01-01x", &julian));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/policy/shipped/load", test_shipped_packs_load);
  g_test_add_func ("/policy/shipped/lookup", test_shipped_lookup);
  g_test_add_func ("/policy/shipped/lookup-errors", test_lookup_errors);
  g_test_add_func ("/policy/shipped/find-place", test_find_place);
  g_test_add_func ("/policy/shipped/dated-values", test_dated_values);
  g_test_add_func ("/policy/shipped/conditions", test_conditions);
  g_test_add_func ("/policy/shipped/missing-figures-not-known", test_missing_figures_are_not_known);
  g_test_add_func ("/policy/shipped/sources", test_sources);
  g_test_add_func ("/policy/shipped/notes-by-language", test_notes_by_language);
  g_test_add_func ("/policy/shipped/format", test_format_for_people);
  g_test_add_func ("/policy/schema-matches-loader", test_schema_matches_loader);
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *name = g_strdup_printf ("/policy/validate/%s", bad_files[i].file);
      g_test_add_data_func (name, &bad_files[i], test_bad_file);
    }
  g_test_add_func ("/policy/validate/valid.json", test_valid_file);
  g_test_add_func ("/policy/validate/every-problem", test_every_problem_reported);
  g_test_add_func ("/policy/validate/finds-sources", test_validate_finds_sources);
  g_test_add_func ("/policy/directory/keeps-good-packs", test_directory_keeps_good_packs);
  g_test_add_func ("/policy/directory/missing", test_missing_directory);
  g_test_add_func ("/policy/directory/tier-must-be-chosen", test_tier_must_be_chosen);
  g_test_add_func ("/policy/dates", test_dates);

  return g_test_run ();
}

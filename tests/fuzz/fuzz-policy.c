/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the policy loader. The input is read as a policy pack
 * (checked against the real list of sources), as a list of sources and as
 * filing rules. A pack the validator accepts is then loaded into a policy
 * set beside the real national rules and used for an estimate, whose
 * parts must add up to the total to the fen: whatever the validator lets
 * through, the engine must cope with. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "yidi-engine.h"
#include "yidi-filing.h"
#include "yidi-policy.h"
#include "fuzz-common.h"

static char *real_sources;
static char *real_national;
static char *small_pack;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autofree char *places = NULL;

  real_sources = fuzz_source_path ("policies", "sources.json", NULL);
  real_national = fuzz_source_path ("policies", "national.json", NULL);
  small_pack = fuzz_source_path ("policies", "places", "310000-resident.json", NULL);
  places = g_build_filename (fuzz_get_scratch (), "set", "places", NULL);
  g_assert_cmpint (g_mkdir_with_parents (places, 0700), ==, 0);
  return 0;
}

/* A message for people: UTF-8 (shown escaped when it is not). */
static void
assert_utf8 (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_autofree char *escaped = g_strescape (text, NULL);
      g_error ("not UTF-8: %s", escaped);
    }
}

static gboolean
is_safe_name (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static void
check_estimate (YidiPolicySet        *set,
                const YidiPolicyPack *pack)
{
  YidiEngineInput input;
  g_auto(YidiEstimate) result = { 0 };
  g_autoptr(GError) error = NULL;

  yidi_engine_input_init (&input);
  g_strlcpy (input.insured.insured_place, yidi_policy_pack_get_division_code (pack),
             sizeof input.insured.insured_place);
  input.insured.scheme = yidi_policy_pack_get_scheme (pack);
  if (yidi_policy_pack_get_tier (pack) != NULL)
    g_strlcpy (input.insured.tier, yidi_policy_pack_get_tier (pack), sizeof input.insured.tier);
  input.insured.age = 70;
  input.insured.filing_category = YIDI_FILING_RESETTLED_RETIREE;
  input.insured.filed = TRUE;
  input.visit.type = YIDI_VISIT_INPATIENT;
  g_date_set_dmy (&input.visit.admission, 1, 3, 2025);
  g_date_set_dmy (&input.visit.discharge, 15, 3, 2025);
  g_strlcpy (input.visit.treatment_place, "460100", sizeof input.visit.treatment_place);
  input.visit.level = YIDI_LEVEL_3;
  input.bill.amount[YIDI_BILL_CLASS_A] = 4000000;
  input.bill.amount[YIDI_BILL_CLASS_B] = 800000;
  input.bill.amount[YIDI_BILL_SELF_PAY] = 200000;

  if (!yidi_engine_estimate (set, &input, YIDI_ESTIMATE_TRACE, &result, &error))
    {
      g_assert_true (error->domain == YIDI_ENGINE_ERROR || error->domain == YIDI_POLICY_ERROR);
      return;
    }

  g_assert_cmpint (result.total, ==, 5000000);
  g_assert_cmpint (result.total, ==, result.fund + result.serious_illness + result.civil_servant +
                                     result.assistance + result.out_of_pocket);
  g_assert_cmpint (result.out_of_pocket, ==, result.self_pay + result.pre_self_pay + result.deductible +
                                             result.copayment + result.over_cap + result.not_covered -
                                             result.serious_illness - result.civil_servant - result.assistance);
  g_assert_cmpint (result.fund, >=, 0);
  g_assert_cmpint (result.out_of_pocket, >=, 0);
}

/* Loads a pack the validator accepted into a set of its own. */
static void
use_pack (const guint8 *data,
          size_t        size)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *set_dir = g_build_filename (fuzz_get_scratch (), "set", NULL);
  g_autofree char *sources = g_build_filename (set_dir, "sources.json", NULL);
  g_autofree char *national = g_build_filename (set_dir, "national.json", NULL);
  g_autofree char *target = NULL;
  g_autoptr(YidiPolicySet) set = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  const char *id;
  gboolean is_national;

  g_assert_true (json_parser_load_from_data (parser, (const char *) data, size, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  id = json_object_get_string_member_with_default (root, "id", NULL);
  is_national = g_strcmp0 (json_object_get_string_member_with_default (root, "kind", ""), "national") == 0;
  if (!is_national && !is_safe_name (id))
    return;

  g_unlink (sources);
  g_assert_cmpint (symlink (real_sources, sources), ==, 0);
  g_unlink (national);
  if (is_national)
    {
      g_free (fuzz_write_scratch ("set/national.json", data, size));
    }
  else
    {
      g_autofree char *name = g_strconcat ("set/places/", id, ".json", NULL);

      g_assert_cmpint (symlink (real_national, national), ==, 0);
      target = fuzz_write_scratch (name, data, size);
    }

  set = yidi_policy_set_load (set_dir, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < yidi_policy_set_get_n_packs (set); i++)
    {
      const YidiPolicyPack *pack = yidi_policy_set_get_pack (set, i);
      g_autofree char *text = yidi_policy_pack_format (pack, set);
      g_autofree char *name = yidi_policy_pack_get_display_name (pack);

      g_assert_nonnull (text);
      assert_utf8 (name);
      check_estimate (set, pack);
    }
  if (is_national)
    {
      /* A real place pack under these national rules. */
      g_autofree char *places = g_build_filename (set_dir, "places", NULL);
      g_autofree char *copy = g_build_filename (places, "310000-resident.json", NULL);
      g_autoptr(YidiPolicySet) with_place = NULL;

      g_assert_cmpint (symlink (small_pack, copy), ==, 0);
      with_place = yidi_policy_set_load (set_dir, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < yidi_policy_set_get_n_packs (with_place); i++)
        check_estimate (with_place, yidi_policy_set_get_pack (with_place, i));
      g_unlink (copy);
    }
  if (target != NULL)
    g_unlink (target);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *path = fuzz_write_scratch ("input.json", data, size);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_policy_problem_free);
  g_autoptr(YidiFilingRules) rules = NULL;
  g_autoptr(GError) error = NULL;

  /* As a pack: valid, or problems that each say where and why. */
  if (yidi_policy_validate_file (path, real_sources, problems))
    {
      g_assert_cmpuint (problems->len, ==, 0);
      use_pack (data, size);
    }
  else
    {
      g_assert_cmpuint (problems->len, >, 0);
    }
  for (guint i = 0; i < problems->len; i++)
    {
      YidiPolicyProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *text = yidi_policy_problem_to_string (problem);

      g_assert_nonnull (problem->message);
      assert_utf8 (text);
    }
  g_ptr_array_set_size (problems, 0);

  /* As the list of sources a known-good pack cites (only what looks
   * like one: loading the pack each time is slow). */
  if (g_strstr_len ((const char *) data, size, "\"sources\"") != NULL)
    yidi_policy_validate_file (small_pack, path, problems);
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = yidi_policy_problem_to_string (g_ptr_array_index (problems, i));
      assert_utf8 (text);
    }

  /* As filing rules. */
  rules = yidi_filing_rules_new_from_data ((const char *) data, size, "input.json", &error);
  if (rules == NULL)
    {
      g_assert_nonnull (error);
      assert_utf8 (error->message);
    }
  else
    {
      g_clear_error (&error);
      yidi_filing_rules_check_sources (rules, real_sources, &error);
    }

  return 0;
}

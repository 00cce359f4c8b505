/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: cases and bills in JSON.
 *  - As a case file (yidi_case_record_import): accepted cases must pass
 *    validation and survive export and import unchanged.
 *  - As the case and the bill of `yidi-cli estimate`
 *    (yidi-estimate-json.c): a JSON array [case, bill] is read as both and
 *    estimated with the real policies; the parts must add up to the total
 *    to the fen. Any other document is read as a case and as a bill. */
#include "config.h"

#include <json-glib/json-glib.h>

#include "yidi-case-record.h"
#include "yidi-engine.h"
#include "yidi-estimate-json.h"
#include "yidi-policy.h"
#include "fuzz-common.h"

static YidiPolicySet *policies;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autofree char *dir = fuzz_source_path ("policies", NULL);
  g_autoptr(GError) error = NULL;

  policies = yidi_policy_set_load (dir, &error);
  g_assert_no_error (error);
  return 0;
}

static void
check_case_file (const guint8 *data,
                 size_t        size)
{
  g_autoptr(YidiCaseRecord) record = NULL;
  g_autoptr(YidiCaseRecord) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;
  gsize length = 0;

  record = yidi_case_record_import ((const char *) data, size, "case.json", &error);
  if (record == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == YIDI_CASE_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  g_assert_no_error (error);
  g_assert_true (yidi_case_record_validate (record, &error));
  g_assert_no_error (error);

  exported = yidi_case_record_export (record, &length);
  g_assert_nonnull (exported);
  again = yidi_case_record_import (exported, length, "again.json", &error);
  g_assert_no_error (error);
  g_assert_true (yidi_case_record_equal_content (record, again));
}

static void
check_estimate (const YidiEngineInput *input)
{
  g_auto(YidiEstimate) result = { 0 };
  g_autoptr(GError) error = NULL;
  YidiFen bill = 0;

  if (input->bill.n_lines > 0)
    for (guint i = 0; i < input->bill.n_lines; i++)
      bill += input->bill.lines[i].amount;
  else
    for (guint c = 0; c < YIDI_BILL_N_CATEGORIES; c++)
      bill += input->bill.amount[c];

  if (!yidi_engine_estimate (policies, input, YIDI_ESTIMATE_TRACE, &result, &error))
    {
      g_assert_true (error->domain == YIDI_ENGINE_ERROR || error->domain == YIDI_POLICY_ERROR);
      return;
    }
  g_assert_cmpint (result.total, ==, bill);
  g_assert_cmpint (result.total, ==, result.fund + result.serious_illness + result.civil_servant +
                                     result.assistance + result.out_of_pocket);
  g_assert_cmpint (result.out_of_pocket, ==, result.self_pay + result.pre_self_pay + result.deductible +
                                             result.copayment + result.over_cap + result.not_covered -
                                             result.serious_illness - result.civil_servant - result.assistance);
  g_assert_cmpint (result.fund, >=, 0);
  g_assert_cmpint (result.out_of_pocket, >=, 0);

  {
    g_autoptr(JsonNode) json = yidi_estimate_to_json (&result, policies);
    g_assert_nonnull (json);
  }
}

static void
check_request (JsonNode *root)
{
  g_autoptr(YidiEstimateRequest) request = yidi_estimate_request_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *case_node = root;
  JsonNode *bill_node = root;
  gboolean both;

  if (JSON_NODE_HOLDS_ARRAY (root) && json_array_get_length (json_node_get_array (root)) == 2)
    {
      case_node = json_array_get_element (json_node_get_array (root), 0);
      bill_node = json_array_get_element (json_node_get_array (root), 1);
    }

  both = yidi_estimate_request_load_case (request, case_node, "case.json", &error);
  if (!both)
    {
      g_assert_true (error->domain == YIDI_ESTIMATE_JSON_ERROR);
      g_clear_error (&error);
    }
  if (!yidi_estimate_request_load_bill (request, bill_node, "bill.json", &error))
    {
      g_assert_true (error->domain == YIDI_ESTIMATE_JSON_ERROR);
      both = FALSE;
    }
  if (both && case_node != bill_node)
    check_estimate (yidi_estimate_request_get_input (request));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  check_case_file (data, size);
  if (json_parser_load_from_data (parser, (const char *) data, size, NULL) &&
      json_parser_get_root (parser) != NULL)
    check_request (json_parser_get_root (parser));
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "yidi-estimate-json.h"

static const char *good_case =
  "{ \"insured_place\": \"110000\", \"scheme\": \"employee\", \"member_status\": \"retired\", \"age\": 68,"
  "  \"filing\": { \"category\": \"resettled_retiree\", \"filed\": true, \"settlement\": \"direct\" },"
  "  \"visit\": { \"type\": \"inpatient\", \"admission\": \"2025-03-01\", \"discharge\": \"2025-03-15\","
  "             \"treatment_place\": \"460100\", \"level\": \"level3\" },"
  "  \"year_to_date\": { \"admissions\": 1, \"fund_paid\": \"1000.00\", \"in_scope_cost\": 250000 } }";

static const char *good_bill = "{ \"class_a\": \"40000.00\", \"乙类\": \"8000.50\", \"self_pay\": 200000 }";

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static YidiEstimateRequest *
load (const char *case_text,
      const char *bill_text)
{
  g_autoptr(YidiEstimateRequest) request = yidi_estimate_request_new ();
  g_autoptr(JsonNode) case_node = parse (case_text);
  g_autoptr(JsonNode) bill_node = parse (bill_text);
  g_autoptr(GError) error = NULL;

  g_assert_true (yidi_estimate_request_load_case (request, case_node, "case.json", &error));
  g_assert_no_error (error);
  g_assert_true (yidi_estimate_request_load_bill (request, bill_node, "bill.json", &error));
  g_assert_no_error (error);
  return g_steal_pointer (&request);
}

static void
test_read_case_and_bill (void)
{
  g_autoptr(YidiEstimateRequest) request = load (good_case, good_bill);
  const YidiEngineInput *in = yidi_estimate_request_get_input (request);

  g_assert_cmpstr (in->insured.insured_place, ==, "110000");
  g_assert_cmpint (in->insured.scheme, ==, YIDI_SCHEME_EMPLOYEE);
  g_assert_false (in->insured.legacy_scheme_name);
  g_assert_cmpint (in->insured.member_status, ==, YIDI_MEMBER_RETIRED);
  g_assert_cmpint (in->insured.age, ==, 68);
  g_assert_cmpint (in->insured.filing_category, ==, YIDI_FILING_RESETTLED_RETIREE);
  g_assert_true (in->insured.filed);
  g_assert_cmpint (in->visit.level, ==, YIDI_LEVEL_3);
  g_assert_cmpstr (in->visit.treatment_place, ==, "460100");
  g_assert_cmpint (g_date_get_day (&in->visit.discharge), ==, 15);
  g_assert_cmpuint (in->ytd.admissions, ==, 1);
  g_assert_cmpint (in->ytd.fund_paid, ==, 100000);
  g_assert_cmpint (in->ytd.in_scope_cost, ==, 250000);        /* whole fen */
  g_assert_cmpint (in->bill.amount[YIDI_BILL_CLASS_A], ==, 4000000);
  g_assert_cmpint (in->bill.amount[YIDI_BILL_CLASS_B], ==, 800050);
  g_assert_cmpint (in->bill.amount[YIDI_BILL_SELF_PAY], ==, 200000);
  g_assert_cmpuint (in->bill.n_lines, ==, 0);
}

/* The age on the admission day, from a birth date. */
static void
test_birth_date (void)
{
  g_autoptr(YidiEstimateRequest) before = load (
    "{ \"insured_place\": \"110000\", \"scheme\": \"resident\", \"birth_date\": \"1960-03-02\","
    "  \"visit\": { \"admission\": \"2025-03-01\", \"treatment_place\": \"110105\", \"level\": \"level2\" } }",
    good_bill);
  g_autoptr(YidiEstimateRequest) on = load (
    "{ \"insured_place\": \"110000\", \"scheme\": \"resident\", \"birth_date\": \"1960-03-01\","
    "  \"visit\": { \"admission\": \"2025-03-01\", \"treatment_place\": \"110105\", \"level\": \"level2\" } }",
    good_bill);

  g_assert_cmpint (yidi_estimate_request_get_input (before)->insured.age, ==, 64);
  g_assert_cmpint (yidi_estimate_request_get_input (on)->insured.age, ==, 65);
}

/* 新农合 is read as the resident scheme, and flagged so the result says so. */
static void
test_new_rural_cooperative (void)
{
  g_autoptr(YidiEstimateRequest) request = load (
    "{ \"insured_place\": \"340300\", \"scheme\": \"新农合\", \"age\": 70,"
    "  \"visit\": { \"admission\": \"2024-05-01\", \"treatment_place\": \"340302\", \"level\": \"level2\" } }",
    "{ \"class_a\": \"1000.00\" }");
  const YidiEngineInput *in = yidi_estimate_request_get_input (request);

  g_assert_cmpint (in->insured.scheme, ==, YIDI_SCHEME_RESIDENT);
  g_assert_true (in->insured.legacy_scheme_name);
}

static void
test_line_items (void)
{
  g_autoptr(YidiEstimateRequest) request = load (good_case,
    "{ \"items\": [ { \"name\": \"头孢\", \"category\": \"class_b\", \"amount\": \"12.50\" },"
    "               { \"category\": \"甲类\", \"amount\": \"100\" },"
    "               { \"category\": \"class_b\", \"amount\": 7 } ] }");
  const YidiEngineInput *in = yidi_estimate_request_get_input (request);

  g_assert_cmpuint (in->bill.n_lines, ==, 3);
  g_assert_cmpint (in->bill.lines[0].category, ==, YIDI_BILL_CLASS_B);
  g_assert_cmpint (in->bill.lines[0].amount, ==, 1250);
  g_assert_cmpint (in->bill.lines[2].amount, ==, 7);
  g_assert_cmpint (in->bill.amount[YIDI_BILL_CLASS_B], ==, 1257);
  g_assert_cmpint (in->bill.amount[YIDI_BILL_CLASS_A], ==, 10000);
}

typedef struct {
  const char *name;
  const char *case_text;  /* NULL: the good case */
  const char *bill_text;  /* NULL: the good bill */
  int         code;
  const char *words;      /* in the message: the path or the reason */
} BadInput;

#define VISIT "\"visit\": { \"admission\": \"2025-03-01\", \"treatment_place\": \"460100\", \"level\": \"level3\" }"

static const BadInput bad_inputs[] = {
  { "malformed-json", "{ \"insured_place\": ", NULL, YIDI_ESTIMATE_JSON_ERROR_PARSE, NULL },
  { "not-an-object", "[1, 2]", NULL, YIDI_ESTIMATE_JSON_ERROR_INVALID, "case.json: $: Expected an object" },
  { "unknown-key", "{ \"insured_place\": \"110000\", \"scheme\": \"employee\", \"age\": 40, \"agee\": 40, " VISIT " }",
    NULL, YIDI_ESTIMATE_JSON_ERROR_INVALID, "Unknown key “agee”" },
  { "unknown-visit-key", "{ \"insured_place\": \"110000\", \"scheme\": \"employee\", \"age\": 40,"
    " \"visit\": { \"admission\": \"2025-03-01\", \"treatment_place\": \"460100\", \"level\": \"level3\", \"ward\": 3 } }",
    NULL, YIDI_ESTIMATE_JSON_ERROR_INVALID, "case.json: $.visit: Unknown key “ward”" },
  { "age-as-text", "{ \"insured_place\": \"110000\", \"scheme\": \"employee\", \"age\": \"40\", " VISIT " }",
    NULL, YIDI_ESTIMATE_JSON_ERROR_INVALID, "$.age: Expected a whole number" },
  { "age-absurd", "{ \"insured_place\": \"110000\", \"scheme\": \"employee\", \"age\": 400, " VISIT " }",
    NULL, YIDI_ESTIMATE_JSON_ERROR_INVALID, "$.age: 400 is out of range" },
  { "no-age", "{ \"insured_place\": \"110000\", \"scheme\": \"employee\", " VISIT " }",
    NULL, YIDI_ESTIMATE_JSON_ERROR_INVALID, "“age” is missing" },
  { "age-and-birth-date", "{ \"insured_place\": \"110000\", \"scheme\": \"employee\", \"age\": 40,"
    " \"birth_date\": \"1980-01-01\", " VISIT " }", NULL, YIDI_ESTIMATE_JSON_ERROR_INVALID, "not both" },
  { "no-scheme", "{ \"insured_place\": \"110000\", \"age\": 40, " VISIT " }",
    NULL, YIDI_ESTIMATE_JSON_ERROR_INVALID, "“scheme” is missing" },
  { "bad-scheme", "{ \"insured_place\": \"110000\", \"scheme\": \"gold\", \"age\": 40, " VISIT " }",
    NULL, YIDI_ESTIMATE_JSON_ERROR_INVALID, "$.scheme: “gold” is not a scheme" },
  { "bad-place", "{ \"insured_place\": \"北京\", \"scheme\": \"employee\", \"age\": 40, " VISIT " }",
    NULL, YIDI_ESTIMATE_JSON_ERROR_INVALID, "$.insured_place: “北京” is not a division code" },
  { "bad-date", "{ \"insured_place\": \"110000\", \"scheme\": \"employee\", \"age\": 40,"
    " \"visit\": { \"admission\": \"2025-02-30\", \"treatment_place\": \"460100\", \"level\": \"level3\" } }",
    NULL, YIDI_ESTIMATE_JSON_ERROR_INVALID, "$.visit.admission: “2025-02-30”" },
  { "date-out-of-range", "{ \"insured_place\": \"110000\", \"scheme\": \"employee\", \"age\": 40,"
    " \"visit\": { \"admission\": \"2125-01-01\", \"treatment_place\": \"460100\", \"level\": \"level3\" } }",
    NULL, YIDI_ESTIMATE_JSON_ERROR_INVALID, "between 1950 and 2100" },
  { "discharge-before-admission", "{ \"insured_place\": \"110000\", \"scheme\": \"employee\", \"age\": 40,"
    " \"visit\": { \"admission\": \"2025-03-01\", \"discharge\": \"2025-02-01\", \"treatment_place\": \"460100\","
    " \"level\": \"level3\" } }", NULL, YIDI_ESTIMATE_JSON_ERROR_INVALID, "$.visit.discharge" },
  { "bad-level", "{ \"insured_place\": \"110000\", \"scheme\": \"employee\", \"age\": 40,"
    " \"visit\": { \"admission\": \"2025-03-01\", \"treatment_place\": \"460100\", \"level\": \"level4\" } }",
    NULL, YIDI_ESTIMATE_JSON_ERROR_INVALID, "$.visit.level: “level4”" },
  { "no-visit", "{ \"insured_place\": \"110000\", \"scheme\": \"employee\", \"age\": 40 }",
    NULL, YIDI_ESTIMATE_JSON_ERROR_INVALID, "$.visit: Expected an object" },
  { "filed-without-category", "{ \"insured_place\": \"110000\", \"scheme\": \"employee\", \"age\": 40,"
    " \"filing\": { \"filed\": true }, " VISIT " }", NULL, YIDI_ESTIMATE_JSON_ERROR_INVALID, "备案类型" },
  { "filed-as-text", "{ \"insured_place\": \"110000\", \"scheme\": \"employee\", \"age\": 40,"
    " \"filing\": { \"category\": \"referral\", \"filed\": \"yes\" }, " VISIT " }",
    NULL, YIDI_ESTIMATE_JSON_ERROR_INVALID, "$.filing.filed: Expected true or false" },
  { "enrolment-without-date", "{ \"insured_place\": \"110000\", \"scheme\": \"employee\", \"age\": 40,"
    " \"enrolment\": { \"kind\": \"new\" }, " VISIT " }", NULL, YIDI_ESTIMATE_JSON_ERROR_INVALID, "“since” is missing" },
  { "ytd-negative", "{ \"insured_place\": \"110000\", \"scheme\": \"employee\", \"age\": 40, " VISIT ","
    " \"year_to_date\": { \"fund_paid\": \"-5.00\" } }", NULL, YIDI_ESTIMATE_JSON_ERROR_INVALID,
    "$.year_to_date.fund_paid: The amount cannot be negative" },
  /* Found by fuzzing: json-glib decodes the broken escape \6 into a byte
   * that is not UTF-8; the message must stay text. */
  { "broken-escape-value", "{ \"insured_place\": \"\\60100\", \"scheme\": \"employee\", \"age\": 40, " VISIT " }",
    NULL, YIDI_ESTIMATE_JSON_ERROR_INVALID, "$.insured_place: Expected a text" },
  { "broken-escape-key", NULL, "{ \"\\6drugs\": \"10.00\" }", YIDI_ESTIMATE_JSON_ERROR_INVALID, "Unknown key" },
  { "bill-negative", NULL, "{ \"class_a\": \"-1.00\" }", YIDI_ESTIMATE_JSON_ERROR_INVALID, "bill.json: $.class_a" },
  { "bill-negative-fen", NULL, "{ \"class_a\": -100 }", YIDI_ESTIMATE_JSON_ERROR_INVALID, "negative" },
  { "bill-absurd", NULL, "{ \"class_a\": \"1000000000.00\" }", YIDI_ESTIMATE_JSON_ERROR_INVALID, "not a real hospital bill" },
  { "bill-three-decimals", NULL, "{ \"class_a\": \"10.005\" }", YIDI_ESTIMATE_JSON_ERROR_INVALID, "two decimals" },
  { "bill-float", NULL, "{ \"class_a\": 10.5 }", YIDI_ESTIMATE_JSON_ERROR_INVALID, "yuan in quotes" },
  { "bill-unknown-key", NULL, "{ \"drugs\": \"10.00\" }", YIDI_ESTIMATE_JSON_ERROR_INVALID, "Unknown key “drugs”" },
  { "bill-empty", NULL, "{ }", YIDI_ESTIMATE_JSON_ERROR_INVALID, "empty" },
  { "bill-both", NULL, "{ \"class_a\": \"1.00\", \"items\": [] }", YIDI_ESTIMATE_JSON_ERROR_INVALID, "not both" },
  { "bill-no-items", NULL, "{ \"items\": [] }", YIDI_ESTIMATE_JSON_ERROR_INVALID, "no items" },
  { "bill-item-category", NULL, "{ \"items\": [ { \"category\": \"gold\", \"amount\": \"1.00\" } ] }",
    YIDI_ESTIMATE_JSON_ERROR_INVALID, "$.items[0].category: “gold”" },
  { "bill-item-no-amount", NULL, "{ \"items\": [ { \"category\": \"class_a\" } ] }",
    YIDI_ESTIMATE_JSON_ERROR_INVALID, "$.items[0]: “amount” is missing" },
};

static void
test_bad_input (gconstpointer data)
{
  const BadInput *bad = data;
  g_autoptr(YidiEstimateRequest) request = yidi_estimate_request_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) case_node = NULL;
  g_autoptr(JsonNode) bill_node = NULL;
  const char *case_text = bad->case_text != NULL ? bad->case_text : good_case;
  const char *bill_text = bad->bill_text != NULL ? bad->bill_text : good_bill;
  gboolean ok;

  if (bad->code == YIDI_ESTIMATE_JSON_ERROR_PARSE)
    {
      /* Through a file, as the CLI reads it. */
      g_autofree char *dir = g_dir_make_tmp ("yidi-json-XXXXXX", &error);
      g_autofree char *case_path = g_build_filename (dir, "case.json", NULL);
      g_autofree char *bill_path = g_build_filename (dir, "bill.json", NULL);

      g_assert_no_error (error);
      g_assert_true (g_file_set_contents (case_path, case_text, -1, NULL));
      g_assert_true (g_file_set_contents (bill_path, bill_text, -1, NULL));
      ok = yidi_estimate_request_load_files (request, case_path, bill_path, &error);
      g_assert_false (ok);
      g_assert_error (error, YIDI_ESTIMATE_JSON_ERROR, YIDI_ESTIMATE_JSON_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, case_path));
      g_unlink (case_path);
      g_unlink (bill_path);
      g_rmdir (dir);
      return;
    }

  case_node = parse (case_text);
  bill_node = parse (bill_text);
  ok = yidi_estimate_request_load_case (request, case_node, "case.json", &error) &&
       yidi_estimate_request_load_bill (request, bill_node, "bill.json", &error);
  g_assert_false (ok);
  g_assert_error (error, YIDI_ESTIMATE_JSON_ERROR, bad->code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (strstr (error->message, bad->words) == NULL)
    g_error ("“%s” is not in the error “%s”", bad->words, error->message);
}

static void
test_missing_file (void)
{
  g_autoptr(YidiEstimateRequest) request = yidi_estimate_request_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (yidi_estimate_request_load_files (request, "/nonexistent/case.json", "/nonexistent/bill.json", &error));
  g_assert_error (error, YIDI_ESTIMATE_JSON_ERROR, YIDI_ESTIMATE_JSON_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "/nonexistent/case.json"));
}

/* Found by fuzzing: an empty file parsed without a root, and the load
 * failed without an error; a syntax error quoted the text cut inside a
 * character. Both are clear, UTF-8 sentences now. */
static void
test_hostile_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("yidi-estimate-XXXXXX", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.json", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.json", NULL);
  g_autofree char *bill = g_build_filename (dir, "bill.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (empty, " \n", -1, NULL));
  g_assert_true (g_file_set_contents (broken, "{\n \"scheme\": \"employee\" \"北京市职工基本医疗保险住院待遇北京市职工基本医疗保险\"\n}", -1, NULL));
  g_assert_true (g_file_set_contents (bill, "{ \"class_a\": \"1.00\" }", -1, NULL));

  {
    g_autoptr(YidiEstimateRequest) request = yidi_estimate_request_new ();

    g_assert_false (yidi_estimate_request_load_files (request, empty, bill, &error));
    g_assert_error (error, YIDI_ESTIMATE_JSON_ERROR, YIDI_ESTIMATE_JSON_ERROR_PARSE);
    g_assert_nonnull (strstr (error->message, "empty"));
    g_clear_error (&error);
  }
  {
    g_autoptr(YidiEstimateRequest) request = yidi_estimate_request_new ();

    g_assert_false (yidi_estimate_request_load_files (request, broken, bill, &error));
    g_assert_error (error, YIDI_ESTIMATE_JSON_ERROR, YIDI_ESTIMATE_JSON_ERROR_PARSE);
    g_assert_true (g_utf8_validate (error->message, -1, NULL));
    g_assert_nonnull (strstr (error->message, "line 2"));
    g_clear_error (&error);
  }

  g_unlink (empty);
  g_unlink (broken);
  g_unlink (bill);
  g_rmdir (dir);
}

/* The result as JSON: amounts as yuan strings, the trace with its
 * sources, what is not known. */
static void
test_result_json (void)
{
  g_autoptr(YidiEstimateRequest) request = load (good_case, "{ \"class_a\": \"40000.00\", \"class_b\": \"8000.00\" }");
  g_autoptr(YidiPolicySet) set = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) scenarios = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_auto(YidiEstimate) result = { 0 };
  JsonObject *obj;
  JsonArray *trace;
  JsonObject *step = NULL;

  set = yidi_policy_set_load (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (yidi_engine_estimate (set, yidi_estimate_request_get_input (request), YIDI_ESTIMATE_TRACE,
                                       &result, &error));
  node = yidi_estimate_to_json (&result, set);
  obj = json_node_get_object (node);

  g_assert_cmpstr (json_object_get_string_member (obj, "total"), ==, "48000.00");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj, "policy"), "id"), ==,
                   "110000-employee");
  g_assert_cmpstr (json_object_get_string_member (obj, "area"), ==, "out_of_province");
  g_assert_true (json_object_get_null_member (obj, "personal_account"));
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (obj, "not_known"), 0), "key"),
                   ==, "class_b_pre_self_pay");

  trace = json_object_get_array_member (obj, "trace");
  for (guint i = 0; i < json_array_get_length (trace); i++)
    {
      JsonObject *s = json_array_get_object_element (trace, i);
      if (g_strcmp0 (json_object_get_string_member (s, "rule"), "deductible") == 0)
        step = s;
    }
  g_assert_nonnull (step);
  g_assert_cmpstr (json_object_get_string_member (step, "parameter"), ==, "inpatient.deductible");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (step, "value"), "yuan"), ==, "650.00");
  g_assert_cmpstr (json_object_get_string_member (step, "from"), ==, "2023-01-01");
  g_assert_true (json_object_get_boolean_member (step, "confirmed"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (step, "sources")), ==, 4);
  g_assert_true (json_object_has_member (json_object_get_object_member (obj, "sources"), "BJ_K129"));

  list = yidi_engine_compare (set, yidi_estimate_request_get_input (request), 1 << YIDI_SCENARIO_LEVEL,
                              YIDI_ESTIMATE_DEFAULT);
  scenarios = yidi_scenarios_to_json (list, set);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (scenarios)), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (scenarios), 0),
                                                  "axis"), ==, "level");
}

static void
test_keys (void)
{
  g_assert_cmpstr (yidi_estimate_unknown_to_key (YIDI_UNKNOWN_STAY_LENGTH), ==, "stay_length");
  g_assert_cmpstr (yidi_estimate_note_to_key (YIDI_NOTE_DEDUCTIBLE_REPEATED), ==, "deductible_repeated");
  g_assert_cmpstr (yidi_estimate_note_to_key (YIDI_NOTE_LEGACY_SCHEME), ==, "legacy_scheme");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/estimate-json/read", test_read_case_and_bill);
  g_test_add_func ("/estimate-json/birth-date", test_birth_date);
  g_test_add_func ("/estimate-json/new-rural-cooperative", test_new_rural_cooperative);
  g_test_add_func ("/estimate-json/line-items", test_line_items);
  g_test_add_func ("/estimate-json/missing-file", test_missing_file);
  g_test_add_func ("/estimate-json/hostile-files", test_hostile_files);
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autofree char *name = g_strdup_printf ("/estimate-json/bad/%s", bad_inputs[i].name);
      g_test_add_data_func (name, &bad_inputs[i], test_bad_input);
    }
  g_test_add_func ("/estimate-json/result", test_result_json);
  g_test_add_func ("/estimate-json/keys", test_keys);

  return g_test_run ();
}

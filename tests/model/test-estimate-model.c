/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "yidi-estimate-model.h"

/* The Cost-estimate model against the rule engine called on its own: the
 * input each test builds by hand is what the model must build from the
 * case and the form, so the figures must be the same to the fen. */

typedef struct {
  YidiPolicySet     *policies;
  YidiCase          *shared_case;
  YidiEstimateModel *model;
  guint              updates;
} Fixture;

static void
on_updated (YidiEstimateModel *model,
            Fixture           *f)
{
  f->updates++;
}

/* A Beijing retiree (employee scheme), resettled in Shanghai and filed. */
static void
fill_beijing_retiree (YidiCase *c)
{
  yidi_case_set_label (c, "Grandpa Li");
  yidi_case_set_insured_place (c, "110000");
  yidi_case_set_scheme (c, YIDI_SCHEME_EMPLOYEE);
  yidi_case_set_member_status (c, YIDI_MEMBER_RETIRED);
  yidi_case_set_birth_year (c, 1955);
  yidi_case_set_destination (c, "310000");
  yidi_case_set_filing_category (c, YIDI_FILING_RESETTLED_RETIREE);
  yidi_case_set_filing_status (c, YIDI_FILING_STATUS_APPROVED);
  yidi_case_set_admission_date (c, "2025-03-01");
  yidi_case_set_discharge_date (c, "2025-03-12");
}

/* The same person and stay as an engine input, written out by hand. */
static void
beijing_retiree_input (YidiEngineInput *in)
{
  yidi_engine_input_init (in);
  memcpy (in->insured.insured_place, "110000", 7);
  in->insured.scheme = YIDI_SCHEME_EMPLOYEE;
  in->insured.member_status = YIDI_MEMBER_RETIRED;
  in->insured.age = 2025 - 1955;
  in->insured.filing_category = YIDI_FILING_RESETTLED_RETIREE;
  in->insured.filed = TRUE;
  in->insured.settlement = YIDI_SETTLEMENT_DIRECT;
  in->visit.type = YIDI_VISIT_INPATIENT;
  g_date_set_dmy (&in->visit.admission, 1, 3, 2025);
  g_date_set_dmy (&in->visit.discharge, 12, 3, 2025);
  memcpy (in->visit.treatment_place, "310000", 7);
  in->visit.level = YIDI_LEVEL_3;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->policies = yidi_policy_set_load (NULL, &error);
  g_assert_no_error (error);
  f->shared_case = yidi_case_new ();
  f->model = yidi_estimate_model_new (f->shared_case, f->policies);
  g_signal_connect (f->model, "updated", G_CALLBACK (on_updated), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_signal_handlers_disconnect_by_data (f->model, f);
  g_assert_finalize_object (f->model);
  g_assert_finalize_object (f->shared_case);
  yidi_policy_set_unref (f->policies);
}

/* Runs the main loop until the pending recompute has run. */
static void
settle (Fixture *f)
{
  guint before = f->updates;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (f->updates == before)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  /* Nothing else pending. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
assert_parts_add_up (const YidiEstimate *estimate)
{
  YidiFen parts[YIDI_N_PARTS];
  YidiFen sum = 0, insurance = 0, person = 0;

  yidi_estimate_split_parts (estimate, parts);
  for (guint i = 0; i < YIDI_N_PARTS; i++)
    {
      g_assert_cmpint (parts[i], >=, 0);
      sum += parts[i];
      if (yidi_estimate_part_is_insurance (i))
        insurance += parts[i];
      else
        person += parts[i];
    }
  g_assert_cmpint (sum, ==, estimate->total);
  g_assert_cmpint (person, ==, estimate->out_of_pocket);
  g_assert_cmpint (insurance, ==, estimate->fund + estimate->serious_illness +
                                  estimate->civil_servant + estimate->assistance);
}

static void
assert_same_estimate (const YidiEstimate *got,
                      const YidiEstimate *want)
{
  g_assert_cmpint (got->total, ==, want->total);
  g_assert_cmpint (got->out_of_pocket, ==, want->out_of_pocket);
  g_assert_cmpint (got->fund, ==, want->fund);
  g_assert_cmpint (got->serious_illness, ==, want->serious_illness);
  g_assert_cmpint (got->self_pay, ==, want->self_pay);
  g_assert_cmpint (got->pre_self_pay, ==, want->pre_self_pay);
  g_assert_cmpint (got->deductible, ==, want->deductible);
  g_assert_cmpint (got->copayment, ==, want->copayment);
  g_assert_cmpint (got->over_cap, ==, want->over_cap);
  g_assert_cmpint (got->not_covered, ==, want->not_covered);
  g_assert_cmpuint (got->unknown, ==, want->unknown);
  g_assert_cmpuint (got->notes, ==, want->notes);
}

static void
assert_model_matches (Fixture               *f,
                      const YidiEngineInput *in)
{
  g_auto(YidiEstimate) want = { 0 };
  g_autoptr(GError) error = NULL;
  const YidiEstimate *got = yidi_estimate_model_get_estimate (f->model);

  g_assert_no_error (yidi_estimate_model_get_error (f->model));
  g_assert_nonnull (got);
  g_assert_true (yidi_engine_estimate (f->policies, in, YIDI_ESTIMATE_DEFAULT, &want, &error));
  g_assert_no_error (error);
  assert_same_estimate (got, &want);
  g_assert_cmpint (yidi_estimate_model_get_out_of_pocket (f->model), ==, want.out_of_pocket);
  assert_parts_add_up (got);
  /* The trace is kept for "Why?" and ends with the total. */
  g_assert_nonnull (got->trace);
  g_assert_cmpuint (got->trace->len, >, 3);
  g_assert_cmpint (((YidiTraceStep *) g_ptr_array_index (got->trace, got->trace->len - 1))->rule, ==, YIDI_RULE_TOTAL);
}

/* ---- Tests ----------------------------------------------------------------- */

static void
test_quick_bill (Fixture       *f,
                 gconstpointer  data)
{
  YidiEngineInput in;
  YidiFen parts[YIDI_N_PARTS];

  fill_beijing_retiree (f->shared_case);
  yidi_estimate_model_set_bill_total (f->model, 5000000);
  settle (f);

  /* The default share not covered is 10 %; the rest counts as class A. */
  g_assert_cmpint (yidi_estimate_model_get_self_pay_share (f->model), ==, 1000);
  beijing_retiree_input (&in);
  in.bill.amount[YIDI_BILL_SELF_PAY] = 500000;
  in.bill.amount[YIDI_BILL_CLASS_A] = 4500000;
  assert_model_matches (f, &in);

  /* A retiree in Beijing's employee scheme pays a real share, and less
   * than the bill. */
  g_assert_cmpint (yidi_estimate_model_get_out_of_pocket (f->model), >, 500000);
  g_assert_cmpint (yidi_estimate_model_get_out_of_pocket (f->model), <, 5000000);
  yidi_estimate_model_get_parts (f->model, parts);
  g_assert_cmpint (parts[YIDI_PART_SELF_PAY], ==, 500000);
  g_assert_cmpint (parts[YIDI_PART_FUND], >, 0);

  /* Another share: 0.35 of 10,000.01 rounds to the fen. */
  yidi_estimate_model_set_bill_total (f->model, 1000001);
  yidi_estimate_model_set_self_pay_share (f->model, 3500);
  settle (f);
  in.bill.amount[YIDI_BILL_SELF_PAY] = yidi_money_apply_rate (1000001, 3500);
  in.bill.amount[YIDI_BILL_CLASS_A] = 1000001 - in.bill.amount[YIDI_BILL_SELF_PAY];
  assert_model_matches (f, &in);
}

static void
test_detailed_bill (Fixture       *f,
                    gconstpointer  data)
{
  YidiEngineInput in;
  static const YidiFen amounts[YIDI_BILL_N_CATEGORIES] = { 3210055, 870033, 120000, 45001, 300099 };

  fill_beijing_retiree (f->shared_case);
  yidi_estimate_model_set_bill_total (f->model, 999900);   /* ignored in detailed mode */
  yidi_estimate_model_set_bill_mode (f->model, YIDI_BILL_MODE_DETAILED);
  for (guint c = 0; c < YIDI_BILL_N_CATEGORIES; c++)
    yidi_estimate_model_set_bill_amount (f->model, c, amounts[c]);
  yidi_estimate_model_set_admissions (f->model, 1);
  yidi_estimate_model_set_fund_paid (f->model, 2000000);
  settle (f);

  beijing_retiree_input (&in);
  memcpy (in.bill.amount, amounts, sizeof amounts);
  in.ytd.admissions = 1;
  in.ytd.fund_paid = 2000000;
  assert_model_matches (f, &in);
  g_assert_cmpint (yidi_estimate_model_get_estimate (f->model)->total, ==,
                   3210055 + 870033 + 120000 + 45001 + 300099);
}

/* Level 2 against level 3, by hand or from the chosen institution. */
static void
test_level_and_institution (Fixture       *f,
                            gconstpointer  data)
{
  YidiEngineInput in;
  YidiInstitutionRecord *record = g_new0 (YidiInstitutionRecord, 1);
  g_autoptr(YidiInstitution) hospital = NULL;

  fill_beijing_retiree (f->shared_case);
  yidi_estimate_model_set_bill_total (f->model, 2000000);
  yidi_estimate_model_set_level (f->model, YIDI_LEVEL_2);
  settle (f);
  beijing_retiree_input (&in);
  in.bill.amount[YIDI_BILL_SELF_PAY] = 200000;
  in.bill.amount[YIDI_BILL_CLASS_A] = 1800000;
  in.visit.level = YIDI_LEVEL_2;
  assert_model_matches (f, &in);

  record->name = g_strdup ("上海测试医院");
  record->key = g_strdup ("test:1");
  record->aliases = g_new0 (char *, 1);
  record->province_code = g_strdup ("310000");
  record->level = YIDI_LEVEL_1;
  hospital = yidi_institution_new (record);
  yidi_estimate_model_set_institution (f->model, hospital);
  settle (f);
  in.visit.level = YIDI_LEVEL_1;
  assert_model_matches (f, &in);

  yidi_estimate_model_set_institution (f->model, NULL);
  settle (f);
  in.visit.level = YIDI_LEVEL_2;
  assert_model_matches (f, &in);
}

/* The insured side comes from the case, and follows its changes. */
static void
test_follows_the_case (Fixture       *f,
                       gconstpointer  data)
{
  YidiEngineInput in;
  YidiFen filed_oop;

  fill_beijing_retiree (f->shared_case);
  yidi_estimate_model_set_bill_total (f->model, 3000000);
  settle (f);
  filed_oop = yidi_estimate_model_get_out_of_pocket (f->model);

  /* Not filed: paid first and claimed back under the not-filed rules. */
  yidi_case_set_filing_status (f->shared_case, YIDI_FILING_STATUS_NOT_FILED);
  settle (f);
  beijing_retiree_input (&in);
  in.bill.amount[YIDI_BILL_SELF_PAY] = 300000;
  in.bill.amount[YIDI_BILL_CLASS_A] = 2700000;
  in.insured.filed = FALSE;
  assert_model_matches (f, &in);
  /* The policy's not-filed rule, or a warning that it is not known. */
  g_assert_true ((yidi_estimate_model_get_estimate (f->model)->notes & (YIDI_NOTE_NOT_FILED | YIDI_NOTE_NOT_FILED_NOT_PAID)) ||
                 (yidi_estimate_model_get_estimate (f->model)->unknown & YIDI_UNKNOWN_NOT_FILED));
  g_assert_cmpint (yidi_estimate_model_get_out_of_pocket (f->model), >=, filed_oop);

  /* Younger, in service, resident scheme. */
  yidi_case_set_filing_status (f->shared_case, YIDI_FILING_STATUS_SUBMITTED);
  yidi_case_set_birth_year (f->shared_case, 1990);
  yidi_case_set_member_status (f->shared_case, YIDI_MEMBER_IN_SERVICE);
  yidi_case_set_scheme (f->shared_case, YIDI_SCHEME_RESIDENT);
  settle (f);
  in.insured.filed = TRUE;
  in.insured.age = 2025 - 1990;
  in.insured.member_status = YIDI_MEMBER_IN_SERVICE;
  in.insured.scheme = YIDI_SCHEME_RESIDENT;
  assert_model_matches (f, &in);

  /* A change the estimate does not read recomputes nothing. */
  {
    guint before = yidi_estimate_model_get_n_recomputes (f->model);

    yidi_case_set_notes (f->shared_case, "bring the invoices");
    while (g_main_context_iteration (NULL, FALSE))
      ;
    g_assert_cmpuint (yidi_estimate_model_get_n_recomputes (f->model), ==, before);
  }
}

/* Many edits in a row are estimated once. */
static void
test_coalesced (Fixture       *f,
                gconstpointer  data)
{
  guint before;

  fill_beijing_retiree (f->shared_case);
  settle (f);
  before = yidi_estimate_model_get_n_recomputes (f->model);

  /* Typing "12345" digit by digit, then other fields, in one go. */
  yidi_estimate_model_set_bill_total (f->model, 100);
  yidi_estimate_model_set_bill_total (f->model, 1200);
  yidi_estimate_model_set_bill_total (f->model, 12300);
  yidi_estimate_model_set_bill_total (f->model, 123400);
  yidi_estimate_model_set_bill_total (f->model, 1234500);
  yidi_estimate_model_set_visit_type (f->model, YIDI_VISIT_INPATIENT);
  yidi_estimate_model_set_settlement (f->model, YIDI_SETTLEMENT_MANUAL);
  yidi_case_set_destination (f->shared_case, "310100");
  /* Nothing computed while the edits come. */
  g_assert_cmpuint (yidi_estimate_model_get_n_recomputes (f->model), ==, before);
  settle (f);
  g_assert_cmpuint (yidi_estimate_model_get_n_recomputes (f->model), ==, before + 1);
  g_assert_cmpint (yidi_estimate_model_get_estimate (f->model)->total, ==, 1234500);
  g_assert_cmpint (yidi_estimate_model_get_estimate (f->model)->settlement, ==, YIDI_SETTLEMENT_MANUAL);

  /* Flushing computes at once; a second flush has nothing to do. */
  yidi_estimate_model_set_bill_total (f->model, 1234600);
  yidi_estimate_model_flush (f->model);
  g_assert_cmpuint (yidi_estimate_model_get_n_recomputes (f->model), ==, before + 2);
  yidi_estimate_model_flush (f->model);
  g_assert_cmpuint (yidi_estimate_model_get_n_recomputes (f->model), ==, before + 2);
  g_assert_cmpint (yidi_estimate_model_get_estimate (f->model)->total, ==, 1234600);
}

static void
test_incomplete (Fixture       *f,
                 gconstpointer  data)
{
  settle (f);
  g_assert_null (yidi_estimate_model_get_estimate (f->model));
  g_assert_error (yidi_estimate_model_get_error (f->model), YIDI_ESTIMATE_MODEL_ERROR,
                  YIDI_ESTIMATE_MODEL_ERROR_INCOMPLETE);
  g_assert_cmpint (yidi_estimate_model_get_out_of_pocket (f->model), ==, -1);
  g_assert_null (yidi_estimate_model_get_scenarios (f->model));

  /* Everything but the year of birth and the bill. */
  fill_beijing_retiree (f->shared_case);
  yidi_case_set_birth_year (f->shared_case, 0);
  settle (f);
  g_assert_error (yidi_estimate_model_get_error (f->model), YIDI_ESTIMATE_MODEL_ERROR,
                  YIDI_ESTIMATE_MODEL_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (yidi_estimate_model_get_error (f->model)->message, "birth"));

  yidi_case_set_birth_year (f->shared_case, 1955);
  settle (f);
  g_assert_nonnull (strstr (yidi_estimate_model_get_error (f->model)->message, "bill"));

  yidi_estimate_model_set_bill_total (f->model, 100000);
  settle (f);
  g_assert_no_error (yidi_estimate_model_get_error (f->model));

  /* A place without a policy: the engine's own reason. */
  yidi_case_set_insured_place (f->shared_case, "650000");
  settle (f);
  g_assert_error (yidi_estimate_model_get_error (f->model), YIDI_POLICY_ERROR, YIDI_POLICY_ERROR_NOT_FOUND);

  /* Without policies there is never an estimate. */
  yidi_case_set_insured_place (f->shared_case, "110000");
  yidi_estimate_model_set_policies (f->model, NULL);
  settle (f);
  g_assert_error (yidi_estimate_model_get_error (f->model), YIDI_ESTIMATE_MODEL_ERROR,
                  YIDI_ESTIMATE_MODEL_ERROR_NO_POLICIES);
}

/* The scenarios are the engine's comparison of the same input. */
static void
test_scenarios (Fixture       *f,
                gconstpointer  data)
{
  YidiEngineInput in;
  GPtrArray *got;
  g_autoptr(GPtrArray) want = NULL;
  gboolean some_current = FALSE;

  fill_beijing_retiree (f->shared_case);
  yidi_estimate_model_set_bill_total (f->model, 8000000);
  settle (f);

  beijing_retiree_input (&in);
  in.bill.amount[YIDI_BILL_SELF_PAY] = 800000;
  in.bill.amount[YIDI_BILL_CLASS_A] = 7200000;
  want = yidi_engine_compare (f->policies, &in, YIDI_SCENARIO_ALL, YIDI_ESTIMATE_DEFAULT);
  got = yidi_estimate_model_get_scenarios (f->model);
  g_assert_nonnull (got);
  g_assert_cmpuint (got->len, ==, want->len);
  g_assert_cmpuint (got->len, ==, 10);
  for (guint i = 0; i < got->len; i++)
    {
      const YidiScenario *a = g_ptr_array_index (got, i);
      const YidiScenario *b = g_ptr_array_index (want, i);

      g_assert_cmpint (a->axis, ==, b->axis);
      g_assert_cmpstr (a->label, ==, b->label);
      g_assert_cmpint (a->is_current, ==, b->is_current);
      g_assert_cmpint (a->error == NULL, ==, b->error == NULL);
      if (a->error == NULL)
        {
          assert_same_estimate (&a->estimate, &b->estimate);
          assert_parts_add_up (&a->estimate);
        }
      some_current |= a->is_current;
    }
  g_assert_true (some_current);
}

/* Parts add up for bills of every shape, to the fen. */
static void
test_parts_add_up (Fixture       *f,
                   gconstpointer  data)
{
  GRand *rand = g_rand_new_with_seed (20250301);
  static const char * const places[] = { "110000", "310000", "440100", "330100", "510100" };
  guint estimated = 0;

  for (guint i = 0; i < 2000; i++)
    {
      YidiEngineInput in;
      g_auto(YidiEstimate) result = { 0 };
      g_autoptr(GError) error = NULL;

      beijing_retiree_input (&in);
      memcpy (in.insured.insured_place, places[g_rand_int_range (rand, 0, G_N_ELEMENTS (places))], 7);
      memcpy (in.visit.treatment_place, places[g_rand_int_range (rand, 0, G_N_ELEMENTS (places))], 7);
      in.insured.scheme = g_rand_int_range (rand, 0, 2);
      in.insured.member_status = g_rand_int_range (rand, 0, 2);
      in.insured.filed = g_rand_boolean (rand);
      in.insured.filing_category = in.insured.filed ? g_rand_int_range (rand, 1, 7) : YIDI_FILING_NONE;
      in.insured.settlement = g_rand_int_range (rand, 0, 2);
      in.insured.civil_servant = g_rand_int_range (rand, 0, 4) == 0;
      in.insured.low_income = g_rand_int_range (rand, 0, 4) == 0;
      in.visit.type = g_rand_int_range (rand, 0, 3);
      in.visit.level = g_rand_int_range (rand, 0, YIDI_LEVEL_UNRATED + 1);
      in.ytd.fund_paid = g_rand_int_range (rand, 0, 2) ? (YidiFen) g_rand_int_range (rand, 0, 50000000) : 0;
      for (guint c = 0; c < YIDI_BILL_N_CATEGORIES; c++)
        in.bill.amount[c] = g_rand_int_range (rand, 0, 3) ? (YidiFen) g_rand_int_range (rand, 0, 200000000) : 0;

      if (!yidi_engine_estimate (f->policies, &in, YIDI_ESTIMATE_DEFAULT, &result, &error))
        continue;
      assert_parts_add_up (&result);
      estimated++;
    }
  /* Many could be estimated (the others lack a pack or a level's figures). */
  g_assert_cmpuint (estimated, >, 300);
  g_rand_free (rand);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/estimate-model/quick-bill", test_quick_bill);
  ADD ("/estimate-model/detailed-bill", test_detailed_bill);
  ADD ("/estimate-model/level-and-institution", test_level_and_institution);
  ADD ("/estimate-model/follows-the-case", test_follows_the_case);
  ADD ("/estimate-model/coalesced", test_coalesced);
  ADD ("/estimate-model/incomplete", test_incomplete);
  ADD ("/estimate-model/scenarios", test_scenarios);
  ADD ("/estimate-model/parts-add-up", test_parts_add_up);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "yidi-engine.h"
#include "yidi-policy-private.h"

/* Properties of every estimate, over thousands of generated cases on every
 * shipped and test pack:
 *  - the parts add up to the total, to the fen, and nothing is negative;
 *  - paying more on any line of the bill never lowers what the person pays;
 *  - the fund never pays more than its cap minus what it paid so far;
 *  - a trace changes nothing, and per-level estimates match single ones.
 * The cases come from g_test's random generator: a failure prints the
 * seed; `test-engine-properties --seed=…` replays it. -m slow runs more. */

typedef struct {
  YidiPolicySet        *set;
  const YidiPolicyPack *pack;
} Pack;

static GArray *all_packs;
static guint n_estimates;
static guint n_failures_expected;

static YidiFen
random_amount (void)
{
  int kind = g_test_rand_int_range (0, 10);

  if (kind < 4)
    return 0;
  if (kind < 7)
    return g_test_rand_int_range (0, 500000);            /* up to ¥5,000 */
  if (kind < 9)
    return g_test_rand_int_range (0, 20000000);          /* up to ¥200,000 */
  return (YidiFen) g_test_rand_int_range (0, 30000000) * 10;   /* up to ¥3,000,000 */
}

static void
pick_place (const YidiPolicyPack *pack,
            YidiTreatmentArea     area,
            char                 *out)
{
  const char *code = yidi_policy_pack_get_division_code (pack);

  switch (area)
    {
    case YIDI_AREA_LOCAL:
      memcpy (out, code, 7);
      break;
    case YIDI_AREA_IN_PROVINCE:
      /* Same province, another prefecture (for a province-level city it
       * is still local). */
      g_snprintf (out, 7, "%c%c9901", code[0], code[1]);
      break;
    case YIDI_AREA_OUT_OF_PROVINCE:
    default:
      memcpy (out, strncmp (code, "31", 2) == 0 ? "110000" : "310000", 7);
      break;
    }
}

static void
random_date (const YidiPolicyPack *pack,
             GDate                *date)
{
  guint32 from = pack->coverage_from;
  guint32 until = MIN (pack->coverage_until, from + 6 * 366);
  guint32 julian;

  /* One case in twelve falls outside what the pack covers. */
  if (g_test_rand_int_range (0, 12) == 0)
    julian = g_test_rand_bit () ? from - 1 - g_test_rand_int_range (0, 400)
                                : (pack->coverage_until != YIDI_DATE_OPEN ? pack->coverage_until + 1 : until);
  else
    julian = from + g_test_rand_int_range (0, until - from + 1);

  g_date_clear (date, 1);
  g_date_set_julian (date, julian);
}

static const Pack *
random_input (YidiEngineInput *in,
              YidiBillLine    *lines)
{
  const Pack *p = &g_array_index (all_packs, Pack, g_test_rand_int_range (0, all_packs->len));
  const YidiPolicyPack *pack = p->pack;

  yidi_engine_input_init (in);
  memcpy (in->insured.insured_place, yidi_policy_pack_get_division_code (pack), 7);
  in->insured.scheme = yidi_policy_pack_get_scheme (pack);
  if (yidi_policy_pack_get_tier (pack) != NULL && (g_test_rand_bit () || !yidi_policy_pack_is_default_tier (pack)))
    g_strlcpy (in->insured.tier, yidi_policy_pack_get_tier (pack), sizeof in->insured.tier);
  in->insured.legacy_scheme_name = in->insured.scheme == YIDI_SCHEME_RESIDENT && g_test_rand_int_range (0, 4) == 0;
  in->insured.member_status = g_test_rand_int_range (0, 2);
  in->insured.age = g_test_rand_int_range (0, 111);
  in->insured.filing_category = g_test_rand_int_range (0, YIDI_FILING_OTHER_TEMPORARY + 1);
  in->insured.filed = in->insured.filing_category != YIDI_FILING_NONE && g_test_rand_int_range (0, 4) != 0;
  in->insured.settlement = g_test_rand_int_range (0, 4) == 0 ? YIDI_SETTLEMENT_MANUAL : YIDI_SETTLEMENT_DIRECT;
  in->insured.civil_servant = g_test_rand_int_range (0, 5) == 0;
  in->insured.low_income = g_test_rand_int_range (0, 5) == 0;
  in->insured.enrolment = g_test_rand_int_range (0, 6) == 0 ? g_test_rand_int_range (1, 3) : YIDI_ENROLMENT_CONTINUOUS;

  in->visit.type = g_test_rand_int_range (0, 10) == 0 ? g_test_rand_int_range (1, 3) : YIDI_VISIT_INPATIENT;
  random_date (pack, &in->visit.admission);
  if (in->insured.enrolment != YIDI_ENROLMENT_CONTINUOUS)
    {
      in->insured.enrolled_since = in->visit.admission;
      g_date_subtract_days (&in->insured.enrolled_since, g_test_rand_int_range (0, 400));
    }
  if (g_test_rand_bit ())
    {
      in->visit.discharge = in->visit.admission;
      g_date_add_days (&in->visit.discharge, g_test_rand_int_range (0, 300));
    }
  pick_place (pack, g_test_rand_int_range (0, YIDI_N_AREAS), in->visit.treatment_place);
  in->visit.level = g_test_rand_int_range (0, YIDI_ENGINE_N_LEVELS);
  in->visit.trauma_no_third_party = g_test_rand_int_range (0, 8) == 0;
  in->visit.commitment_signed = g_test_rand_bit ();

  if (g_test_rand_int_range (0, 5) == 0)
    {
      guint n = g_test_rand_int_range (1, 9);

      for (guint i = 0; i < n; i++)
        {
          lines[i].category = g_test_rand_int_range (0, YIDI_BILL_N_CATEGORIES);
          lines[i].amount = random_amount ();
        }
      in->bill.lines = lines;
      in->bill.n_lines = n;
    }
  else
    for (guint c = 0; c < YIDI_BILL_N_CATEGORIES; c++)
      in->bill.amount[c] = random_amount ();

  if (g_test_rand_bit ())
    {
      in->ytd.admissions = g_test_rand_int_range (0, 5);
      in->ytd.fund_paid = random_amount ();
      in->ytd.serious_illness_paid = random_amount ();
      in->ytd.deductible_paid = g_test_rand_int_range (0, 300000);
      in->ytd.in_scope_cost = random_amount ();
      in->ytd.personal_in_scope = random_amount ();
      in->ytd.civil_servant_paid = random_amount ();
      in->ytd.assistance_paid = random_amount ();
    }

  return p;
}

static YidiFen
bill_total (const YidiEngineInput *in)
{
  YidiFen total = 0;

  if (in->bill.n_lines > 0)
    for (guint i = 0; i < in->bill.n_lines; i++)
      total += in->bill.lines[i].amount;
  else
    for (guint c = 0; c < YIDI_BILL_N_CATEGORIES; c++)
      total += in->bill.amount[c];
  return total;
}

static void
check_parts (const YidiEngineInput *in,
             const YidiEstimate    *out)
{
  const YidiFen parts[] = {
    out->total, out->self_pay, out->pre_self_pay, out->deductible, out->copayment, out->over_cap,
    out->not_covered, out->fund, out->serious_illness, out->civil_servant, out->assistance,
    out->out_of_pocket, out->personal_account,
  };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    g_assert_cmpint (parts[i], >=, 0);
  g_assert_cmpint (out->total, ==, bill_total (in));
  g_assert_cmpint (out->total, ==, out->fund + out->serious_illness + out->civil_servant + out->assistance +
                                   out->out_of_pocket);
  g_assert_cmpint (out->out_of_pocket, ==, out->self_pay + out->pre_self_pay + out->deductible + out->copayment +
                                           out->over_cap + out->not_covered - out->serious_illness -
                                           out->civil_servant - out->assistance);
  g_assert_cmpint (out->personal_account, <=, out->out_of_pocket);
  g_assert_cmpint (out->ratio, >=, 0);
  g_assert_cmpint (out->ratio, <=, YIDI_BP_WHOLE);
  if (!out->eligible)
    g_assert_cmpint (out->fund + out->serious_illness + out->civil_servant + out->assistance, ==, 0);
}

/* The fund's cap, looked up on its own. */
static void
check_caps (const Pack            *p,
            const YidiEngineInput *in,
            const YidiEstimate    *out)
{
  const YidiParam *param = yidi_policy_pack_get_param (out->pack, YIDI_PARAM_ANNUAL_CAP, in->visit.type);
  YidiParamQuery q = { 0 };
  const YidiParamEntry *entry;
  const YidiCapValue *cap;

  q.date = g_date_get_julian (&in->visit.admission);
  q.status = in->insured.member_status;
  q.age = in->insured.age;
  q.area = out->area;
  q.filing = in->insured.filed ? in->insured.filing_category : YIDI_FILING_NONE;
  q.civil_servant = in->insured.civil_servant;
  q.low_income = in->insured.low_income;

  entry = param->present ? yidi_param_find (param, &q) : NULL;
  if (entry == NULL || !entry->known)
    return;
  cap = entry->value;

  if (cap->basis == YIDI_CAP_FUND_PAYMENT)
    g_assert_cmpint (out->fund, <=, MAX (0, cap->amount - in->ytd.fund_paid));
  else
    g_assert_cmpint (out->fund + out->copayment, <=, MAX (0, cap->amount - in->ytd.in_scope_cost));
}

static gboolean
run (YidiPolicySet         *set,
     const YidiEngineInput *in,
     YidiEstimateFlags      flags,
     YidiEstimate          *out)
{
  g_autoptr(GError) error = NULL;

  n_estimates++;
  if (yidi_engine_estimate (set, in, flags, out, &error))
    return TRUE;

  /* Generated inputs are valid: only a missing figure or a date outside
   * the pack may stop an estimate. */
  g_assert_true (g_error_matches (error, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_NOT_KNOWN) ||
                 g_error_matches (error, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_OUT_OF_RANGE));
  g_assert_cmpstr (error->message, !=, "");
  return FALSE;
}

static void
check_monotone (const Pack            *p,
                const YidiEngineInput *in,
                const YidiEstimate    *base)
{
  YidiBillLine lines[8];

  for (guint c = 0; c < (in->bill.n_lines > 0 ? in->bill.n_lines : (guint) YIDI_BILL_N_CATEGORIES); c++)
    {
      YidiEngineInput more = *in;
      YidiEstimate out;
      YidiFen delta = g_test_rand_bit () ? g_test_rand_int_range (1, 100) : g_test_rand_int_range (1, 50000000);

      if (in->bill.n_lines > 0)
        {
          memcpy (lines, in->bill.lines, sizeof (YidiBillLine) * in->bill.n_lines);
          lines[c].amount += delta;
          more.bill.lines = lines;
        }
      else
        more.bill.amount[c] += delta;

      g_assert_true (run (p->set, &more, YIDI_ESTIMATE_DEFAULT, &out));
      check_parts (&more, &out);
      if (out.out_of_pocket < base->out_of_pocket)
        g_error ("paying %" G_GINT64_FORMAT " fen more on %s lowered what the person pays from %" G_GINT64_FORMAT
                 " to %" G_GINT64_FORMAT " (%s)",
                 delta, in->bill.n_lines > 0 ? "a line" : yidi_bill_category_to_key (c),
                 base->out_of_pocket, out.out_of_pocket, yidi_policy_pack_get_id (base->pack));
    }
}

static void
check_trace (const Pack            *p,
             const YidiEngineInput *in,
             const YidiEstimate    *plain)
{
  g_auto(YidiEstimate) traced = { 0 };

  g_assert_true (run (p->set, in, YIDI_ESTIMATE_TRACE, &traced));
  g_assert_cmpint (traced.fund, ==, plain->fund);
  g_assert_cmpint (traced.out_of_pocket, ==, plain->out_of_pocket);
  g_assert_cmpint (traced.serious_illness, ==, plain->serious_illness);
  g_assert_cmpint (traced.unknown, ==, plain->unknown);
  g_assert_cmpint (traced.notes, ==, plain->notes);
  g_assert_cmpuint (traced.trace->len, >=, 3);
  g_assert_cmpint (((YidiTraceStep *) g_ptr_array_index (traced.trace, 0))->rule, ==, YIDI_RULE_POLICY);
  g_assert_cmpint (((YidiTraceStep *) g_ptr_array_index (traced.trace, traced.trace->len - 1))->rule, ==, YIDI_RULE_TOTAL);
  for (guint i = 0; i < traced.trace->len; i++)
    {
      const YidiTraceStep *step = g_ptr_array_index (traced.trace, i);

      g_assert_nonnull (step->text);
      g_assert_cmpstr (step->text, !=, "");
      g_assert_nonnull (step->sources);
      /* A step on a known policy value says when it is in force and who
       * states it. */
      if (step->param_key != NULL && step->known && step->rule != YIDI_RULE_NOT_KNOWN)
        {
          g_assert_nonnull (step->from);
          g_assert_nonnull (step->sources[0]);
        }
    }
}

static void
check_levels (const Pack            *p,
              const YidiEngineInput *in)
{
  g_auto(YidiLevelEstimates) levels = { 0 };

  yidi_engine_estimate_levels (p->set, in, &levels);
  for (guint level = 0; level < YIDI_ENGINE_N_LEVELS; level++)
    {
      YidiEngineInput one = *in;
      YidiEstimate out;
      gboolean ok;

      one.visit.level = level;
      ok = run (p->set, &one, YIDI_ESTIMATE_DEFAULT, &out);
      g_assert_cmpint (ok, ==, levels.error[level] == NULL);
      if (ok)
        {
          g_assert_cmpint (out.fund, ==, levels.estimate[level].fund);
          g_assert_cmpint (out.out_of_pocket, ==, levels.estimate[level].out_of_pocket);
        }
    }
}

static void
test_invariants (void)
{
  guint n_cases = g_test_slow () ? 40000 : 4000;
  guint n_ok = 0;

  for (guint i = 0; i < n_cases; i++)
    {
      YidiBillLine lines[8];
      YidiEngineInput in;
      YidiEstimate out;
      const Pack *p = random_input (&in, lines);

      if (!run (p->set, &in, YIDI_ESTIMATE_DEFAULT, &out))
        {
          n_failures_expected++;
          continue;
        }
      n_ok++;
      check_parts (&in, &out);
      check_caps (p, &in, &out);
      check_monotone (p, &in, &out);
      if (i % 4 == 0)
        check_trace (p, &in, &out);
      if (i % 16 == 0)
        check_levels (p, &in);
      if (i % 64 == 0)
        {
          g_autoptr(GPtrArray) list = yidi_engine_compare (p->set, &in, YIDI_SCENARIO_ALL, YIDI_ESTIMATE_DEFAULT);

          g_assert_cmpuint (list->len, ==, 10);
          for (guint j = 0; j < list->len; j++)
            {
              const YidiScenario *s = g_ptr_array_index (list, j);
              if (s->error == NULL)
                check_parts (&s->input, &s->estimate);
            }
        }
    }

  g_test_message ("%u cases, %u estimated, %u refused (figure not known or date outside the pack), %u estimates in all",
                  n_cases, n_ok, n_failures_expected, n_estimates);
  /* Most generated cases must be estimable, or the test proves little. */
  g_assert_cmpuint (n_ok, >, n_cases / 2);
}

/* The same bill paid in one go or one fen at a time around a cap: what
 * the person pays rises by at most the fen added, never falls. */
static void
test_fen_by_fen_around_caps (void)
{
  const Pack *p = NULL;
  YidiEngineInput in;
  YidiFen previous = -1;

  for (guint i = 0; i < all_packs->len; i++)
    if (g_str_equal (yidi_policy_pack_get_id (g_array_index (all_packs, Pack, i).pack), "990400-employee"))
      p = &g_array_index (all_packs, Pack, i);
  g_assert_nonnull (p);

  yidi_engine_input_init (&in);
  memcpy (in.insured.insured_place, "990400", 7);
  memcpy (in.visit.treatment_place, "990401", 7);
  in.insured.age = 40;
  g_date_set_dmy (&in.visit.admission, 1, 6, 2024);
  in.ytd.fund_paid = 14999900;   /* ¥149,999.00 paid: ¥1,000.00 left */

  for (YidiFen amount = 100000; amount < 100000 + 3000; amount++)
    {
      YidiEstimate out;

      in.bill.amount[YIDI_BILL_CLASS_A] = amount;
      g_assert_true (run (p->set, &in, YIDI_ESTIMATE_DEFAULT, &out));
      check_parts (&in, &out);
      g_assert_cmpint (out.fund, <=, 100);
      if (previous >= 0)
        {
          g_assert_cmpint (out.out_of_pocket, >=, previous);
          g_assert_cmpint (out.out_of_pocket, <=, previous + 1);
        }
      previous = out.out_of_pocket;
    }
}

static void
add_packs (YidiPolicySet *set)
{
  for (guint i = 0; i < yidi_policy_set_get_n_packs (set); i++)
    {
      Pack p = { set, yidi_policy_set_get_pack (set, i) };
      g_array_append_val (all_packs, p);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiPolicySet) shipped = NULL;
  g_autoptr(YidiPolicySet) fixtures = NULL;
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  shipped = yidi_policy_set_load (NULL, &error);
  g_assert_no_error (error);
  fixtures = yidi_policy_set_load (YIDI_TEST_POLICIES "/fixtures", &error);
  g_assert_no_error (error);
  all_packs = g_array_new (FALSE, FALSE, sizeof (Pack));
  add_packs (shipped);
  add_packs (fixtures);

  g_test_add_func ("/engine-properties/invariants", test_invariants);
  g_test_add_func ("/engine-properties/fen-by-fen-around-caps", test_fen_by_fen_around_caps);

  status = g_test_run ();
  g_array_unref (all_packs);
  return status;
}

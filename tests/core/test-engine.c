/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "yidi-engine.h"

/* Golden tests: the published worked examples reproduced to the fen with a
 * policy written for each (tests/core/policies/fixtures), and hand-checked
 * cases for every shipped pack, one per structure it uses. The expected
 * figures are worked out by hand in the comments. */

static YidiPolicySet *shipped;
static YidiPolicySet *fixtures;

static YidiFen
yuan (const char *text)
{
  g_autoptr(GError) error = NULL;
  YidiFen fen = -1;

  g_assert_true (yidi_money_parse (text, &fen, &error));
  g_assert_no_error (error);
  return fen;
}

#define assert_yuan(fen, text)                                                 \
  G_STMT_START {                                                               \
    g_autofree char *actual_ = yidi_money_to_decimal (fen);                    \
    g_assert_cmpstr (actual_, ==, text);                                       \
  } G_STMT_END

static void
set_date (GDate      *date,
          const char *text)
{
  int y, m, d;

  g_assert_cmpint (sscanf (text, "%d-%d-%d", &y, &m, &d), ==, 3);
  g_date_clear (date, 1);
  g_date_set_dmy (date, d, m, y);
}

/* An inpatient case: insured at @place, treated at @treatment on @date. */
static void
make_input (YidiEngineInput      *in,
            const char           *place,
            YidiScheme            scheme,
            const char           *treatment,
            const char           *date,
            YidiInstitutionLevel  level,
            int                   age)
{
  yidi_engine_input_init (in);
  g_strlcpy (in->insured.insured_place, place, sizeof in->insured.insured_place);
  in->insured.scheme = scheme;
  in->insured.age = age;
  g_strlcpy (in->visit.treatment_place, treatment, sizeof in->visit.treatment_place);
  set_date (&in->visit.admission, date);
  in->visit.level = level;
}

static void
filed_as (YidiEngineInput    *in,
          YidiFilingCategory  category)
{
  in->insured.filing_category = category;
  in->insured.filed = TRUE;
}

/* Estimates with a trace and checks that the parts add up. */
static void
estimate (YidiPolicySet         *set,
          const YidiEngineInput *in,
          YidiEstimate          *out)
{
  g_autoptr(GError) error = NULL;
  YidiEstimate plain;

  g_assert_true (yidi_engine_estimate (set, in, YIDI_ESTIMATE_TRACE, out, &error));
  g_assert_no_error (error);
  g_assert_cmpint (out->total, ==, out->fund + out->serious_illness + out->civil_servant + out->assistance +
                                   out->out_of_pocket);
  g_assert_cmpint (out->out_of_pocket, ==, out->self_pay + out->pre_self_pay + out->deductible + out->copayment +
                                           out->over_cap + out->not_covered - out->serious_illness -
                                           out->civil_servant - out->assistance);
  g_assert_nonnull (out->trace);
  g_assert_cmpint (((YidiTraceStep *) g_ptr_array_index (out->trace, out->trace->len - 1))->rule, ==, YIDI_RULE_TOTAL);

  /* Without a trace: the same figures, no allocation. */
  g_assert_true (yidi_engine_estimate (set, in, YIDI_ESTIMATE_DEFAULT, &plain, &error));
  g_assert_null (plain.trace);
  g_assert_cmpint (plain.fund, ==, out->fund);
  g_assert_cmpint (plain.out_of_pocket, ==, out->out_of_pocket);
  g_assert_cmpint (plain.unknown, ==, out->unknown);
  g_assert_cmpint (plain.notes, ==, out->notes);
}

static void
estimate_fails (YidiPolicySet         *set,
                const YidiEngineInput *in,
                GQuark                 domain,
                int                    code,
                const char            *words)
{
  g_autoptr(GError) error = NULL;
  YidiEstimate out;

  g_assert_false (yidi_engine_estimate (set, in, YIDI_ESTIMATE_TRACE, &out, &error));
  g_assert_error (error, domain, code);
  g_assert_null (out.trace);
  if (words != NULL && strstr (error->message, words) == NULL)
    g_error ("“%s” is not in the error “%s”", words, error->message);
}

static const YidiTraceStep *
find_step (const YidiEstimate *out,
           YidiTraceRule       rule,
           guint               nth)
{
  for (guint i = 0; i < out->trace->len; i++)
    {
      const YidiTraceStep *step = g_ptr_array_index (out->trace, i);
      if (step->rule == rule && nth-- == 0)
        return step;
    }
  return NULL;
}

static guint
count_steps (const YidiEstimate *out,
             YidiTraceRule       rule)
{
  guint n = 0;

  for (guint i = 0; i < out->trace->len; i++)
    n += ((YidiTraceStep *) g_ptr_array_index (out->trace, i))->rule == rule;
  return n;
}

/* Worked examples (shared/data/worked_examples.json, use_as_oracle) */

/* xiangrikui-2012-inservice (吴女士): 20000 in all; deductible 800;
 * self-pay drugs 500 and self-care items 1200; 甲类 14900, 乙类 2000 (10 %
 * first), 放宽项目 600 (30 % first); personal share 14 %. The 800 under the
 * deductible are 甲类 too, so class A is 15700. Published: fully self-paid
 * 2500 (1700 + the 800 deductible), 甲类 personal 2086, 乙类 452, 放宽
 * 238.80, personal total 5276.80, fund 14723.20. */
static void
test_worked_xiangrikui (void)
{
  g_auto(YidiEstimate) out = { 0 };
  YidiEngineInput in;

  make_input (&in, "990100", YIDI_SCHEME_EMPLOYEE, "990101", "2012-04-09", YIDI_LEVEL_2, 40);
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("15700.00");
  in.bill.amount[YIDI_BILL_CLASS_B] = yuan ("2000.00");
  in.bill.amount[YIDI_BILL_CONSUMABLES] = yuan ("600.00");
  in.bill.amount[YIDI_BILL_SELF_PAY] = yuan ("1700.00");
  estimate (fixtures, &in, &out);

  assert_yuan (out.total, "20000.00");
  assert_yuan (out.self_pay + out.deductible, "2500.00");
  assert_yuan (out.pre_self_pay, "380.00");          /* 200 + 180 */
  assert_yuan (out.pre_self_pay + out.copayment, "2776.80");   /* 2086 + 452 + 238.80 */
  assert_yuan (out.out_of_pocket, "5276.80");
  assert_yuan (out.fund, "14723.20");
}

/* exam-zhang-2013: 147000 in all, 117000 in the list; deductible 2000;
 * 80 %; fund cap 100000; commercial insurance pays 80 % of the rest.
 * Published: fund 92000, personal 11000. */
static void
test_worked_exam_zhang (void)
{
  g_auto(YidiEstimate) out = { 0 };
  YidiEngineInput in;

  make_input (&in, "990200", YIDI_SCHEME_EMPLOYEE, "990201", "2013-06-01", YIDI_LEVEL_3, 50);
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("117000.00");
  in.bill.amount[YIDI_BILL_SELF_PAY] = yuan ("30000.00");
  estimate (fixtures, &in, &out);

  assert_yuan (out.total, "147000.00");
  assert_yuan (out.fund, "92000.00");
  assert_yuan (out.serious_illness, "44000.00");     /* 80 % of 55000 */
  assert_yuan (out.out_of_pocket, "11000.00");
  g_assert_false (out.notes & YIDI_NOTE_CAP_REACHED);
}

/* 365baodao-accounting: total 4500, in scope 4200, fund 3600; so 自费 300
 * and 自付 600 (total = fund + 自付 + 自费). */
static void
test_worked_365baodao (void)
{
  g_auto(YidiEstimate) out = { 0 };
  YidiEngineInput in;

  make_input (&in, "990300", YIDI_SCHEME_EMPLOYEE, "990301", "2024-12-29", YIDI_LEVEL_2, 40);
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("4200.00");
  in.bill.amount[YIDI_BILL_SELF_PAY] = yuan ("300.00");
  estimate (fixtures, &in, &out);

  assert_yuan (out.fund, "3600.00");
  assert_yuan (out.self_pay, "300.00");
  assert_yuan (out.deductible + out.copayment, "600.00");
  assert_yuan (out.out_of_pocket, "900.00");
}

/* Beijing, employee */

/* In service, level 3, first stay, resettled retiree in Hainan:
 * 1300 deductible; 28700 × 85 % = 24395; 10000 × 90 % = 9000;
 * 10000 × 95 % = 9500; fund 42895; you pay 2000 + 1300 + 5805. */
static void
test_beijing_employee_segments (void)
{
  g_auto(YidiEstimate) out = { 0 };
  const YidiTraceStep *step;
  YidiEngineInput in;

  make_input (&in, "110000", YIDI_SCHEME_EMPLOYEE, "460100", "2025-03-01", YIDI_LEVEL_3, 58);
  filed_as (&in, YIDI_FILING_LONG_TERM_RESIDENT);
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("50000.00");
  in.bill.amount[YIDI_BILL_SELF_PAY] = yuan ("2000.00");
  estimate (shipped, &in, &out);

  assert_yuan (out.deductible, "1300.00");
  assert_yuan (out.fund, "42895.00");
  assert_yuan (out.copayment, "5805.00");
  assert_yuan (out.out_of_pocket, "9105.00");
  g_assert_cmpint (out.ratio, ==, 8500);
  g_assert_cmpint (out.area, ==, YIDI_AREA_OUT_OF_PROVINCE);
  g_assert_cmpint (out.reduction, ==, 0);
  g_assert_cmpuint (count_steps (&out, YIDI_RULE_SEGMENT), ==, 3);

  /* The trace says where each figure comes from. */
  step = find_step (&out, YIDI_RULE_DEDUCTIBLE, 0);
  g_assert_cmpstr (step->param_key, ==, "inpatient.deductible");
  g_assert_cmpint (step->value_kind, ==, YIDI_TRACE_VALUE_FEN);
  g_assert_cmpint (step->value, ==, 130000);
  g_assert_cmpint (step->amount, ==, 130000);
  g_assert_cmpstr (step->from, ==, "2023-01-01");
  g_assert_null (step->until);
  g_assert_true (g_strv_contains ((const char * const *) step->sources, "BJ_K129"));
  g_assert_true (step->confirmed);

  step = find_step (&out, YIDI_RULE_SEGMENT, 1);
  g_assert_cmpstr (step->param_key, ==, "inpatient.ratio");
  g_assert_cmpint (step->value, ==, 9000);
  g_assert_cmpint (step->amount, ==, 900000);

  /* Long-term residents: the national rule says no cut. */
  step = find_step (&out, YIDI_RULE_REDUCTION, 0);
  g_assert_cmpstr (step->param_key, ==, "cross_region.max_reduction");
  g_assert_true (g_strv_contains ((const char * const *) step->sources, "NAT_22_TEXT"));
  g_assert_nonnull (find_step (&out, YIDI_RULE_CATALOGUE, 0));
}

/* Later stays have a 650 deductible: (10000 − 650) × 85 % = 7947.50. */
static void
test_beijing_employee_second_stay (void)
{
  g_auto(YidiEstimate) out = { 0 };
  YidiEngineInput in;

  make_input (&in, "110000", YIDI_SCHEME_EMPLOYEE, "110105", "2025-05-01", YIDI_LEVEL_3, 45);
  in.ytd.admissions = 1;
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("10000.00");
  estimate (shipped, &in, &out);

  assert_yuan (out.deductible, "650.00");
  assert_yuan (out.fund, "7947.50");
  assert_yuan (out.out_of_pocket, "2052.50");
  g_assert_false (out.unknown & YIDI_UNKNOWN_CLASS_B);   /* no 乙类 items */
  g_assert_true (out.notes & YIDI_NOTE_LOCAL);
  g_assert_cmpint (out.area, ==, YIDI_AREA_LOCAL);
}

/* Retired, level 2: 28700 × 92.2 % = 26461.40; 5000 × 95.2 % = 4760. */
static void
test_beijing_employee_retired (void)
{
  g_auto(YidiEstimate) out = { 0 };
  YidiEngineInput in;

  make_input (&in, "110000", YIDI_SCHEME_EMPLOYEE, "110105", "2025-05-01", YIDI_LEVEL_2, 70);
  in.insured.member_status = YIDI_MEMBER_RETIRED;
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("34000.00");
  in.bill.amount[YIDI_BILL_CLASS_B] = yuan ("1000.00");
  estimate (shipped, &in, &out);

  /* The 乙类 share paid first is not known: none is taken, and it is said. */
  assert_yuan (out.pre_self_pay, "0.00");
  g_assert_true (out.unknown & YIDI_UNKNOWN_CLASS_B);
  assert_yuan (out.fund, "31221.40");
  assert_yuan (out.out_of_pocket, "3778.60");
  g_assert_cmpstr (find_step (&out, YIDI_RULE_NOT_KNOWN, 0)->param_key, ==, "inpatient.class_b_pre_self_pay");
}

/* Above 10万 the 大额互助 pays 85 %: the fund pays 24395 + 9000 + 57000;
 * 50000 is over the cap, of which 42500 is paid by the 大额互助. */
static void
test_beijing_employee_above_cap (void)
{
  g_auto(YidiEstimate) out = { 0 };
  const YidiTraceStep *step;
  YidiEngineInput in;

  make_input (&in, "110000", YIDI_SCHEME_EMPLOYEE, "110105", "2025-05-01", YIDI_LEVEL_3, 45);
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("150000.00");
  estimate (shipped, &in, &out);

  assert_yuan (out.fund, "90395.00");
  assert_yuan (out.over_cap, "50000.00");
  assert_yuan (out.serious_illness, "42500.00");
  assert_yuan (out.out_of_pocket, "17105.00");
  g_assert_true (out.notes & YIDI_NOTE_CAP_REACHED);

  step = find_step (&out, YIDI_RULE_LAYER, 0);
  g_assert_cmpstr (step->param_key, ==, "inpatient.above_cap");
  g_assert_cmpint (step->value, ==, 8500);
  g_assert_nonnull (strstr (step->text, "大额医疗费用互助资金"));
}

/* Segments count over the year: after 95000 of covered costs, a second
 * stay of 20000 has 650 deductible, 4350 at 95 % (4132.50), and 15000
 * over 10万 (大额 pays 12750). */
static void
test_beijing_employee_year_accumulation (void)
{
  g_auto(YidiEstimate) out = { 0 };
  YidiEngineInput in;

  make_input (&in, "110000", YIDI_SCHEME_EMPLOYEE, "110105", "2025-09-01", YIDI_LEVEL_3, 45);
  in.ytd.admissions = 1;
  in.ytd.in_scope_cost = yuan ("95000.00");
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("20000.00");
  estimate (shipped, &in, &out);

  assert_yuan (out.deductible, "650.00");
  assert_yuan (out.fund, "4132.50");
  assert_yuan (out.over_cap, "15000.00");
  assert_yuan (out.serious_illness, "12750.00");
  assert_yuan (out.out_of_pocket, "3117.50");
  g_assert_cmpint (out.ratio, ==, 9500);
}

/* Beijing, resident */

/* Adults, second stay at level 2: half the deductible (unconfirmed),
 * (10000 − 400) × 78 %. */
static void
test_beijing_resident_later_stay (void)
{
  g_auto(YidiEstimate) out = { 0 };
  const YidiTraceStep *step;
  YidiEngineInput in;

  make_input (&in, "110000", YIDI_SCHEME_RESIDENT, "110105", "2024-05-01", YIDI_LEVEL_2, 40);
  in.ytd.admissions = 1;
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("10000.00");
  estimate (shipped, &in, &out);

  assert_yuan (out.deductible, "400.00");
  assert_yuan (out.fund, "7488.00");
  g_assert_true (out.notes & YIDI_NOTE_UNCONFIRMED);
  step = find_step (&out, YIDI_RULE_DEDUCTIBLE, 0);
  g_assert_false (step->confirmed);
  g_assert_cmpstr (step->sources[0], ==, "BJ_BENDIBAO");
  g_assert_null (step->sources[1]);

  /* Resident insurance has no personal account. */
  g_assert_true (out.personal_account_known);
  g_assert_cmpint (out.personal_account, ==, 0);
}

/* Children and students: 650 at level 3, (10000 − 650) × 75 %. */
static void
test_beijing_resident_child (void)
{
  g_auto(YidiEstimate) out = { 0 };
  YidiEngineInput in;

  make_input (&in, "110000", YIDI_SCHEME_RESIDENT, "110105", "2024-05-01", YIDI_LEVEL_3, 10);
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("10000.00");
  estimate (shipped, &in, &out);

  assert_yuan (out.deductible, "650.00");
  assert_yuan (out.fund, "7012.50");
}

/* 大病保险: 198700 × 75 % = 149025 from the fund; the person's 50975
 * is 20571 above the 30404 threshold, 60 % of which is 12342.60. */
static void
test_beijing_resident_serious_illness (void)
{
  g_auto(YidiEstimate) out = { 0 };
  YidiEngineInput in;

  make_input (&in, "110000", YIDI_SCHEME_RESIDENT, "110105", "2024-05-01", YIDI_LEVEL_3, 40);
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("200000.00");
  estimate (shipped, &in, &out);

  assert_yuan (out.fund, "149025.00");
  assert_yuan (out.serious_illness, "12342.60");
  assert_yuan (out.out_of_pocket, "38632.40");
}

/* The 25万 cap with 240000 paid: the fund pays the last 10000, reached at
 * 13333.33 of covered cost (13333.33 × 75 % rounds to 10000.00); 5366.67
 * is over the cap. */
static void
test_beijing_resident_annual_cap (void)
{
  g_auto(YidiEstimate) out = { 0 };
  YidiEngineInput in;

  make_input (&in, "110000", YIDI_SCHEME_RESIDENT, "110105", "2024-11-01", YIDI_LEVEL_3, 40);
  in.ytd.admissions = 3;
  in.ytd.fund_paid = yuan ("240000.00");
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("20000.00");
  estimate (shipped, &in, &out);

  assert_yuan (out.deductible, "650.00");
  /* later stays: 650; allowance 10000; 19350 at 75 % would be 14512.50 */
  assert_yuan (out.fund, "10000.00");
  assert_yuan (out.copayment, "3333.33");
  assert_yuan (out.over_cap, "6016.67");
  g_assert_true (out.notes & YIDI_NOTE_CAP_REACHED);
}

/* Shanghai */

/* One deductible per insurance year (from 1 July): 1000 met already, 500
 * left; 9500 × 85 % = 8075. The 2024/25 cap is a single source. */
static void
test_shanghai_employee_yearly_deductible (void)
{
  g_auto(YidiEstimate) out = { 0 };
  char start[16];
  YidiEngineInput in;

  make_input (&in, "310000", YIDI_SCHEME_EMPLOYEE, "310104", "2024-09-01", YIDI_LEVEL_3, 45);
  in.ytd.deductible_paid = yuan ("1000.00");
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("10000.00");
  estimate (shipped, &in, &out);

  assert_yuan (out.deductible, "500.00");
  assert_yuan (out.fund, "8075.00");
  g_date_strftime (start, sizeof start, "%Y-%m-%d", &out.year_start);
  g_assert_cmpstr (start, ==, "2024-07-01");
  g_assert_false (out.unknown & YIDI_UNKNOWN_ANNUAL_CAP);
  g_assert_true (out.notes & YIDI_NOTE_UNCONFIRMED);

  /* In the 2023/24 insurance year the cap is not known. */
  set_date (&in.visit.admission, "2024-03-01");
  yidi_estimate_clear (&out);
  estimate (shipped, &in, &out);
  g_date_strftime (start, sizeof start, "%Y-%m-%d", &out.year_start);
  g_assert_cmpstr (start, ==, "2023-07-01");
  g_assert_true (out.unknown & YIDI_UNKNOWN_ANNUAL_CAP);
  assert_yuan (out.fund, "8075.00");
}

/* Above the 61万 cap the 附加基金 pays 80 %: 600000 paid, so the fund pays
 * 10000 (reached at 11764.70: × 85 % rounds to 10000.00); 86735.30 over
 * the cap, 80 % of it is 69388.24. */
static void
test_shanghai_employee_supplementary_fund (void)
{
  g_auto(YidiEstimate) out = { 0 };
  YidiEngineInput in;

  make_input (&in, "310000", YIDI_SCHEME_EMPLOYEE, "310104", "2024-09-01", YIDI_LEVEL_3, 45);
  in.ytd.fund_paid = yuan ("600000.00");
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("100000.00");
  estimate (shipped, &in, &out);

  assert_yuan (out.fund, "10000.00");
  assert_yuan (out.copayment, "1764.70");
  assert_yuan (out.over_cap, "86735.30");
  assert_yuan (out.serious_illness, "69388.24");
  assert_yuan (out.out_of_pocket, "20611.76");
}

/* Residents of 60 and over have a higher share (unconfirmed). */
static void
test_shanghai_resident_age (void)
{
  g_auto(YidiEstimate) old = { 0 };
  g_auto(YidiEstimate) young = { 0 };
  YidiEngineInput in;

  make_input (&in, "310000", YIDI_SCHEME_RESIDENT, "310104", "2023-05-01", YIDI_LEVEL_2, 65);
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("5000.00");
  estimate (shipped, &in, &old);
  assert_yuan (old.fund, "3920.00");      /* 4900 × 80 % */
  g_assert_true (old.notes & YIDI_NOTE_UNCONFIRMED);

  in.insured.age = 59;
  estimate (shipped, &in, &young);
  assert_yuan (young.fund, "3430.00");    /* 4900 × 70 % */
  g_assert_true (young.unknown & YIDI_UNKNOWN_ANNUAL_CAP);
}

/* Guangzhou */

/* Another deductible for every 90 days: a 100-day stay counts it twice. */
static void
test_guangzhou_long_stay (void)
{
  g_auto(YidiEstimate) out = { 0 };
  g_auto(YidiEstimate) open = { 0 };
  YidiEngineInput in;

  make_input (&in, "440100", YIDI_SCHEME_EMPLOYEE, "440106", "2024-01-01", YIDI_LEVEL_3, 45);
  set_date (&in.visit.discharge, "2024-04-10");
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("50000.00");
  estimate (shipped, &in, &out);

  assert_yuan (out.deductible, "3200.00");
  assert_yuan (out.fund, "37440.00");     /* 46800 × 80 % */
  g_assert_true (out.notes & YIDI_NOTE_DEDUCTIBLE_REPEATED);

  /* Without a discharge date it counts once, and says so. */
  g_date_clear (&in.visit.discharge, 1);
  estimate (shipped, &in, &open);
  assert_yuan (open.deductible, "1600.00");
  g_assert_true (open.unknown & YIDI_UNKNOWN_STAY_LENGTH);
}

static void
test_guangzhou_retired (void)
{
  g_auto(YidiEstimate) out = { 0 };
  YidiEngineInput in;

  make_input (&in, "440100", YIDI_SCHEME_EMPLOYEE, "440106", "2024-01-01", YIDI_LEVEL_1, 68);
  in.insured.member_status = YIDI_MEMBER_RETIRED;
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("10000.00");
  estimate (shipped, &in, &out);

  assert_yuan (out.deductible, "280.00");
  assert_yuan (out.fund, "9039.60");      /* 9720 × 93 % */
  g_assert_true (out.unknown & YIDI_UNKNOWN_ANNUAL_CAP);
}

/* Shenzhen */

static void
test_shenzhen_tiers (void)
{
  g_auto(YidiEstimate) tier1 = { 0 };
  g_auto(YidiEstimate) tier2 = { 0 };
  g_auto(YidiEstimate) second = { 0 };
  YidiEngineInput in;

  make_input (&in, "440300", YIDI_SCHEME_EMPLOYEE, "440304", "2024-08-01", YIDI_LEVEL_2, 40);
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("10000.00");
  estimate (shipped, &in, &tier1);        /* no tier given: tier 1 is the default */
  g_assert_cmpstr (yidi_policy_pack_get_id (tier1.pack), ==, "440300-employee-tier1");
  assert_yuan (tier1.fund, "8832.00");    /* 9600 × 92 % */

  g_strlcpy (in.insured.tier, "tier2", sizeof in.insured.tier);
  estimate (shipped, &in, &tier2);
  assert_yuan (tier2.fund, "8736.00");    /* 9600 × 91 % */

  /* Community centres count as 一级及以下; second stays halve it. */
  in.visit.level = YIDI_LEVEL_COMMUNITY;
  in.ytd.admissions = 1;
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("2000.00");
  g_strlcpy (in.insured.tier, "tier1", sizeof in.insured.tier);
  estimate (shipped, &in, &second);
  assert_yuan (second.deductible, "100.00");
  assert_yuan (second.fund, "1786.00");   /* 1900 × 94 % */
}

static void
test_shenzhen_resident_and_retired (void)
{
  g_auto(YidiEstimate) old = { 0 };
  g_auto(YidiEstimate) young = { 0 };
  g_auto(YidiEstimate) retired = { 0 };
  YidiEngineInput in;

  make_input (&in, "440300", YIDI_SCHEME_RESIDENT, "440304", "2024-08-01", YIDI_LEVEL_3, 65);
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("10000.00");
  estimate (shipped, &in, &old);
  assert_yuan (old.fund, "8930.00");      /* 9400 × 95 % */
  in.insured.age = 30;
  estimate (shipped, &in, &young);
  assert_yuan (young.fund, "8460.00");    /* 9400 × 90 % */

  make_input (&in, "440300", YIDI_SCHEME_EMPLOYEE, "440304", "2024-08-01", YIDI_LEVEL_3, 62);
  in.insured.member_status = YIDI_MEMBER_RETIRED;
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("10000.00");
  estimate (shipped, &in, &retired);
  assert_yuan (retired.fund, "8930.00");
}

/* Chengdu */

/* Age additions: level 3 is 85 %; at 75, +6 points; at 100, 100 %. */
static void
test_chengdu_age_additions (void)
{
  static const struct { int age; const char *fund; } cases[] = {
    { 45, "16320.00" },   /* 19200 × 85 % */
    { 50, "16704.00" },   /* × 87 % */
    { 75, "17472.00" },   /* × 91 % */
    { 99, "18240.00" },   /* × 95 % */
    { 100, "19200.00" },  /* × 100 % */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(YidiEstimate) out = { 0 };
      YidiEngineInput in;

      make_input (&in, "510100", YIDI_SCHEME_EMPLOYEE, "510104", "2024-03-01", YIDI_LEVEL_3, cases[i].age);
      in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("20000.00");
      estimate (shipped, &in, &out);
      assert_yuan (out.fund, cases[i].fund);
      if (cases[i].age >= 50)
        g_assert_nonnull (find_step (&out, YIDI_RULE_AGE_ADDITION, 0));
      else
        g_assert_null (find_step (&out, YIDI_RULE_AGE_ADDITION, 0));
    }
}

/* Third stay: no deductible (single source). */
static void
test_chengdu_third_stay (void)
{
  g_auto(YidiEstimate) out = { 0 };
  YidiEngineInput in;

  make_input (&in, "510100", YIDI_SCHEME_EMPLOYEE, "510104", "2024-03-01", YIDI_LEVEL_2, 40);
  in.ytd.admissions = 2;
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("1000.00");
  estimate (shipped, &in, &out);
  assert_yuan (out.deductible, "0.00");
  assert_yuan (out.fund, "900.00");
  g_assert_true (out.notes & YIDI_NOTE_UNCONFIRMED);
}

/* A referral to Shanghai: 2000 deductible; the cut for referrals is not
 * known, so none is applied and the result says so. */
static void
test_chengdu_referral (void)
{
  g_auto(YidiEstimate) out = { 0 };
  const YidiTraceStep *step;
  YidiEngineInput in;

  make_input (&in, "510100", YIDI_SCHEME_EMPLOYEE, "310104", "2024-03-01", YIDI_LEVEL_3, 40);
  filed_as (&in, YIDI_FILING_REFERRAL);
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("20000.00");
  estimate (shipped, &in, &out);

  assert_yuan (out.deductible, "2000.00");
  assert_yuan (out.fund, "15300.00");
  g_assert_true (out.unknown & YIDI_UNKNOWN_CROSS_REGION);
  step = find_step (&out, YIDI_RULE_NOT_KNOWN, 0);
  g_assert_cmpstr (step->param_key, ==, "cross_region_reduction");
  g_assert_false (step->known);
  /* … and the national limit tells how much less it could be. */
  step = find_step (&out, YIDI_RULE_NATIONAL_LIMIT, 0);
  g_assert_cmpint (step->value, ==, 1000);
}

/* Hangzhou */

/* The published Hangzhou example says 7544; its own formula
 * (10000 − 1000 − 800) × 86 % gives 7052, and so does the engine. */
static void
test_hangzhou_retired_example_recomputed (void)
{
  g_auto(YidiEstimate) out = { 0 };
  YidiEngineInput in;

  make_input (&in, "330100", YIDI_SCHEME_EMPLOYEE, "330106", "2024-05-01", YIDI_LEVEL_3, 70);
  in.insured.member_status = YIDI_MEMBER_RETIRED;
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("9000.00");
  in.bill.amount[YIDI_BILL_SELF_PAY] = yuan ("1000.00");
  estimate (shipped, &in, &out);

  assert_yuan (out.fund, "7052.00");
  assert_yuan (out.out_of_pocket, "2948.00");
}

/* "Other" institutions (level 2): 39500 × 84 % + 20000 × 90 %. */
static void
test_hangzhou_segments (void)
{
  g_auto(YidiEstimate) out = { 0 };
  YidiEngineInput in;

  make_input (&in, "330100", YIDI_SCHEME_EMPLOYEE, "330106", "2024-05-01", YIDI_LEVEL_2, 40);
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("60000.00");
  estimate (shipped, &in, &out);

  assert_yuan (out.deductible, "500.00");
  assert_yuan (out.fund, "51180.00");
  g_assert_true (out.unknown & YIDI_UNKNOWN_ANNUAL_CAP);
}

/* Residents (2020 table, unconfirmed): "other" institutions 75 % up to
 * 25万, 70 % above: 249500 × 75 % + 10000 × 70 %. */
static void
test_hangzhou_resident_segments (void)
{
  g_auto(YidiEstimate) out = { 0 };
  YidiEngineInput in;

  make_input (&in, "330100", YIDI_SCHEME_RESIDENT, "330106", "2024-05-01", YIDI_LEVEL_2, 40);
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("260000.00");
  estimate (shipped, &in, &out);

  assert_yuan (out.deductible, "500.00");
  assert_yuan (out.fund, "194125.00");
  g_assert_cmpuint (count_steps (&out, YIDI_RULE_SEGMENT), ==, 2);
  g_assert_true (out.notes & YIDI_NOTE_UNCONFIRMED);
  g_assert_true (out.unknown & YIDI_UNKNOWN_SERIOUS_ILLNESS);
}

/* Wuhan */

static void
test_wuhan_employee_later_stays (void)
{
  g_auto(YidiEstimate) level3 = { 0 };
  g_auto(YidiEstimate) community = { 0 };
  YidiEngineInput in;

  make_input (&in, "420100", YIDI_SCHEME_EMPLOYEE, "420102", "2024-05-01", YIDI_LEVEL_3, 40);
  in.ytd.admissions = 1;
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("10000.00");
  estimate (shipped, &in, &level3);
  assert_yuan (level3.deductible, "400.00");
  assert_yuan (level3.fund, "8256.00");   /* 9600 × 86 % */

  in.visit.level = YIDI_LEVEL_COMMUNITY;
  estimate (shipped, &in, &community);
  assert_yuan (community.deductible, "200.00");
}

/* 年度限额 24万 on covered costs: with 230000 counted, 10000 is left; the
 * fund pays 9600 × 86 %; 20000 beyond it, 98 % of which the 大额医保 pays. */
static void
test_wuhan_employee_cost_limit (void)
{
  g_auto(YidiEstimate) out = { 0 };
  YidiEngineInput in;

  make_input (&in, "420100", YIDI_SCHEME_EMPLOYEE, "420102", "2024-10-01", YIDI_LEVEL_3, 40);
  in.ytd.admissions = 1;
  in.ytd.in_scope_cost = yuan ("230000.00");
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("30000.00");
  estimate (shipped, &in, &out);

  assert_yuan (out.fund, "8256.00");
  assert_yuan (out.over_cap, "20000.00");
  assert_yuan (out.serious_illness, "19600.00");
  assert_yuan (out.out_of_pocket, "2144.00");
}

/* Low-income residents: no deductible, 2 more points; 乙类 10 % first. */
static void
test_wuhan_resident_low_income (void)
{
  g_auto(YidiEstimate) out = { 0 };
  YidiEngineInput in;

  make_input (&in, "420100", YIDI_SCHEME_RESIDENT, "420102", "2024-05-01", YIDI_LEVEL_2, 40);
  in.insured.low_income = TRUE;
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("10000.00");
  in.bill.amount[YIDI_BILL_CLASS_B] = yuan ("2000.00");
  estimate (shipped, &in, &out);

  assert_yuan (out.pre_self_pay, "200.00");
  assert_yuan (out.deductible, "0.00");
  assert_yuan (out.fund, "8496.00");      /* 11800 × 72 % */
  assert_yuan (out.out_of_pocket, "3504.00");
  /* 大病保险 exists but its figures are not known; medical assistance too. */
  g_assert_true (out.unknown & YIDI_UNKNOWN_SERIOUS_ILLNESS);
  g_assert_true (out.unknown & YIDI_UNKNOWN_ASSISTANCE);
}

/* Bengbu */

static void
test_bengbu (void)
{
  g_auto(YidiEstimate) out = { 0 };
  YidiEngineInput in;

  /* At home, level 2: 500 and 80 %. */
  make_input (&in, "340300", YIDI_SCHEME_RESIDENT, "340302", "2024-05-01", YIDI_LEVEL_2, 40);
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("10000.00");
  estimate (shipped, &in, &out);
  assert_yuan (out.fund, "7600.00");

  /* Level 3 depends on who runs the hospital: not known. */
  in.visit.level = YIDI_LEVEL_3;
  estimate_fails (shipped, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_NOT_KNOWN, "Level 3");

  /* In another province the share is only given as a range. */
  make_input (&in, "340300", YIDI_SCHEME_RESIDENT, "310104", "2024-05-01", YIDI_LEVEL_2, 40);
  filed_as (&in, YIDI_FILING_OTHER_TEMPORARY);
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("10000.00");
  estimate_fails (shipped, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_NOT_KNOWN, "45% and 75%");
}

/* Schemes */

static void
test_new_rural_cooperative (void)
{
  g_auto(YidiEstimate) out = { 0 };
  const YidiTraceStep *step;
  g_auto(GStrv) notes = NULL;
  YidiEngineInput in;

  make_input (&in, "420100", YIDI_SCHEME_RESIDENT, "420102", "2024-05-01", YIDI_LEVEL_1, 60);
  in.insured.legacy_scheme_name = TRUE;
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("1000.00");
  estimate (shipped, &in, &out);

  g_assert_true (out.notes & YIDI_NOTE_LEGACY_SCHEME);
  step = find_step (&out, YIDI_RULE_SCHEME, 0);
  g_assert_nonnull (strstr (step->text, "新农合"));
  notes = yidi_estimate_describe_notes (&out);
  g_assert_nonnull (strstr (notes[0], "新农合"));
}

/* Cross-region rules on the invented pack (990400): national limits,
 * emergencies, not filing, manual settlement, the floor, trauma. */

static void
mech_input (YidiEngineInput *in,
            const char      *treatment,
            const char      *date)
{
  make_input (in, "990400", YIDI_SCHEME_EMPLOYEE, treatment, date, YIDI_LEVEL_3, 40);
  in->bill.amount[YIDI_BILL_CLASS_A] = yuan ("11000.00");
}

/* Level 3, first stay in 2024: 1000 deductible, 10000 at 80 % − cut. */
static YidiFen
fund_with_cut (YidiBp cut)
{
  return yidi_money_apply_rate (yuan ("10000.00"), 8000 - cut);
}

static void
test_cut_limited_by_national_rule (void)
{
  g_auto(YidiEstimate) out = { 0 };
  const YidiTraceStep *step;
  YidiEngineInput in;

  mech_input (&in, "310104", "2024-06-01");
  filed_as (&in, YIDI_FILING_OTHER_TEMPORARY);
  estimate (fixtures, &in, &out);

  /* The pack cuts 25 points; the national limit is 20. */
  g_assert_cmpint (out.reduction, ==, 2000);
  g_assert_cmpint (out.fund, ==, fund_with_cut (2000));
  g_assert_true (out.notes & YIDI_NOTE_NATIONAL_LIMIT);
  step = find_step (&out, YIDI_RULE_NATIONAL_LIMIT, 0);
  g_assert_cmpstr (step->param_key, ==, "cross_region.max_reduction");
  g_assert_cmpint (step->value, ==, 2000);

  /* Within the province the pack's own figure stands (10 points). */
  mech_input (&in, "991000", "2024-06-01");
  filed_as (&in, YIDI_FILING_OTHER_TEMPORARY);
  yidi_estimate_clear (&out);
  estimate (fixtures, &in, &out);
  g_assert_cmpint (out.area, ==, YIDI_AREA_IN_PROVINCE);
  g_assert_cmpint (out.reduction, ==, 1000);
  g_assert_false (out.notes & YIDI_NOTE_NATIONAL_LIMIT);
}

static void
test_cuts_by_category (void)
{
  static const struct { YidiFilingCategory category; YidiBp cut; } cases[] = {
    { YIDI_FILING_RESETTLED_RETIREE, 0 },
    { YIDI_FILING_LONG_TERM_RESIDENT, 0 },
    { YIDI_FILING_RESIDENT_STAFF, 0 },
    { YIDI_FILING_REFERRAL, 500 },
    { YIDI_FILING_EMERGENCY, 1000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(YidiEstimate) out = { 0 };
      YidiEngineInput in;

      mech_input (&in, "310104", "2024-06-01");
      filed_as (&in, cases[i].category);
      estimate (fixtures, &in, &out);
      g_assert_cmpint (out.reduction, ==, cases[i].cut);
      g_assert_cmpint (out.fund, ==, fund_with_cut (cases[i].cut));
      g_assert_cmpint (out.settlement, ==, YIDI_SETTLEMENT_DIRECT);
    }
}

static void
test_emergency_counts_as_filed (void)
{
  g_auto(YidiEstimate) out = { 0 };
  g_auto(YidiEstimate) before = { 0 };
  YidiEngineInput in;

  mech_input (&in, "310104", "2024-06-01");
  in.insured.filing_category = YIDI_FILING_EMERGENCY;
  in.insured.filed = FALSE;
  estimate (fixtures, &in, &out);
  g_assert_true (out.notes & YIDI_NOTE_EMERGENCY_AS_FILED);
  g_assert_false (out.notes & YIDI_NOTE_NOT_FILED);
  g_assert_cmpint (out.reduction, ==, 1000);
  g_assert_cmpint (out.settlement, ==, YIDI_SETTLEMENT_DIRECT);

  /* Before the national rules (2023) there is no such rule: not filed. */
  mech_input (&in, "310104", "2022-06-01");
  in.insured.filing_category = YIDI_FILING_EMERGENCY;
  estimate (fixtures, &in, &before);
  g_assert_true (before.notes & YIDI_NOTE_NOT_FILED);
  g_assert_true (before.unknown & YIDI_UNKNOWN_NATIONAL_RULES);
  g_assert_cmpint (before.reduction, ==, 3000);
}

static void
test_not_filed (void)
{
  g_auto(YidiEstimate) out = { 0 };
  g_auto(YidiEstimate) in_province = { 0 };
  YidiEngineInput in;

  /* Another province: pay first, claim back, 30 points less. */
  mech_input (&in, "310104", "2024-06-01");
  estimate (fixtures, &in, &out);
  g_assert_true (out.notes & YIDI_NOTE_NOT_FILED);
  g_assert_cmpint (out.settlement, ==, YIDI_SETTLEMENT_MANUAL);
  g_assert_cmpint (out.reduction, ==, 3000);
  g_assert_cmpint (out.fund, ==, fund_with_cut (3000));

  /* Within the province this pack pays nothing without a filing. */
  mech_input (&in, "991000", "2024-06-01");
  estimate (fixtures, &in, &in_province);
  g_assert_true (in_province.notes & YIDI_NOTE_NOT_FILED_NOT_PAID);
  assert_yuan (in_province.fund, "0.00");
  assert_yuan (in_province.not_covered, "11000.00");
  assert_yuan (in_province.out_of_pocket, "11000.00");
}

/* A filed referral claimed back: 5 + 10 points. With another temporary
 * stay, 20 + 10 = 30 points would take 80 % to 50 %, below the 60 %
 * floor. */
static void
test_manual_settlement_and_floor (void)
{
  g_auto(YidiEstimate) referral = { 0 };
  g_auto(YidiEstimate) floored = { 0 };
  YidiEngineInput in;

  mech_input (&in, "310104", "2024-06-01");
  filed_as (&in, YIDI_FILING_REFERRAL);
  in.insured.settlement = YIDI_SETTLEMENT_MANUAL;
  estimate (fixtures, &in, &referral);
  g_assert_cmpint (referral.reduction, ==, 1500);
  g_assert_cmpint (referral.fund, ==, fund_with_cut (1500));
  g_assert_true (referral.notes & YIDI_NOTE_MANUAL_SETTLEMENT);

  filed_as (&in, YIDI_FILING_OTHER_TEMPORARY);
  estimate (fixtures, &in, &floored);
  g_assert_cmpint (floored.reduction, ==, 3000);
  g_assert_cmpint (floored.ratio, ==, 6000);
  g_assert_cmpint (floored.fund, ==, yuan ("6000.00"));
  g_assert_nonnull (find_step (&floored, YIDI_RULE_RATIO_FLOOR, 0));
}

/* Injury without a liable third party: direct settlement only with the
 * commitment letter. */
static void
test_trauma_commitment (void)
{
  g_auto(YidiEstimate) signed_letter = { 0 };
  g_auto(YidiEstimate) no_letter = { 0 };
  const YidiTraceStep *step;
  YidiEngineInput in;

  mech_input (&in, "310104", "2024-06-01");
  filed_as (&in, YIDI_FILING_REFERRAL);
  in.visit.trauma_no_third_party = TRUE;
  in.visit.commitment_signed = TRUE;
  estimate (fixtures, &in, &signed_letter);
  g_assert_cmpint (signed_letter.settlement, ==, YIDI_SETTLEMENT_DIRECT);
  g_assert_true (signed_letter.notes & YIDI_NOTE_TRAUMA_COMMITMENT);
  step = find_step (&signed_letter, YIDI_RULE_TRAUMA, 0);
  g_assert_cmpstr (step->param_key, ==, "cross_region.trauma_direct_with_commitment");
  g_assert_nonnull (strstr (step->text, "无第三方责任外伤"));
  g_assert_cmpint (signed_letter.reduction, ==, 500);

  in.visit.commitment_signed = FALSE;
  estimate (fixtures, &in, &no_letter);
  g_assert_cmpint (no_letter.settlement, ==, YIDI_SETTLEMENT_MANUAL);
  g_assert_true (no_letter.notes & YIDI_NOTE_TRAUMA_NO_COMMITMENT);
  g_assert_cmpint (no_letter.reduction, ==, 1500);
}

/* New members wait 6 months: joined 2024-03-15, a stay on 2024-06-01 is
 * not covered; the fund pays from 2024-09-15. */
static void
test_waiting_period (void)
{
  g_auto(YidiEstimate) out = { 0 };
  g_auto(YidiEstimate) later = { 0 };
  g_auto(GStrv) notes = NULL;
  char from[16];
  YidiEngineInput in;

  mech_input (&in, "990401", "2024-06-01");
  in.insured.enrolment = YIDI_ENROLMENT_NEW;
  set_date (&in.insured.enrolled_since, "2024-03-15");
  estimate (fixtures, &in, &out);

  g_assert_false (out.eligible);
  g_date_strftime (from, sizeof from, "%Y-%m-%d", &out.eligible_from);
  g_assert_cmpstr (from, ==, "2024-09-15");
  assert_yuan (out.fund, "0.00");
  assert_yuan (out.not_covered, "11000.00");
  assert_yuan (out.out_of_pocket, "11000.00");
  notes = yidi_estimate_describe_notes (&out);
  g_assert_true (g_strv_contains ((const char * const *) notes,
                                  "Not yet eligible: the fund pays for care from 2024-09-15."));

  set_date (&in.visit.admission, "2024-09-15");
  estimate (fixtures, &in, &later);
  g_assert_true (later.eligible);
  assert_yuan (later.fund, "8000.00");
}

/* Every layer at once, local, level 3, in service, age 50 (990400, 2024):
 * 4000 self-paid; 1000 + 1000 paid first; covered 113000: deductible 1000,
 * 19000 × 80 % + 80000 × 90 % + 13000 × 95 % = 99550 from the fund;
 * 12450 co-payment. 大病: 13450 − 10000 = 3450 × 50 % = 1725; civil
 * servants: 50 % of 11725 = 5862.50; assistance: (5862.50 + 2000 − 1000)
 * × 70 % = 4803.75. You pay 7058.75; the account may pay 3058.75. */
static void
test_all_layers (void)
{
  g_auto(YidiEstimate) out = { 0 };
  YidiEngineInput in;

  make_input (&in, "990400", YIDI_SCHEME_EMPLOYEE, "990401", "2024-06-01", YIDI_LEVEL_3, 50);
  in.insured.civil_servant = TRUE;
  in.insured.low_income = TRUE;
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("100000.00");
  in.bill.amount[YIDI_BILL_CLASS_B] = yuan ("10000.00");
  in.bill.amount[YIDI_BILL_CONSUMABLES] = yuan ("5000.00");
  in.bill.amount[YIDI_BILL_SELF_PAY] = yuan ("3000.00");
  in.bill.amount[YIDI_BILL_OVER_STANDARD] = yuan ("1000.00");
  estimate (fixtures, &in, &out);

  assert_yuan (out.total, "119000.00");
  assert_yuan (out.self_pay, "4000.00");
  assert_yuan (out.pre_self_pay, "2000.00");
  assert_yuan (out.deductible, "1000.00");
  assert_yuan (out.fund, "99550.00");
  assert_yuan (out.copayment, "12450.00");
  assert_yuan (out.serious_illness, "1725.00");
  assert_yuan (out.civil_servant, "5862.50");
  assert_yuan (out.assistance, "4803.75");
  assert_yuan (out.out_of_pocket, "7058.75");
  g_assert_true (out.personal_account_known);
  assert_yuan (out.personal_account, "3058.75");
  /* The third segment is unconfirmed, and cites its own source. */
  g_assert_true (out.notes & YIDI_NOTE_UNCONFIRMED);
  g_assert_cmpstr (find_step (&out, YIDI_RULE_SEGMENT, 2)->sources[0], ==, "TEST_SECOND");
  g_assert_false (find_step (&out, YIDI_RULE_SEGMENT, 2)->confirmed);
  g_assert_true (find_step (&out, YIDI_RULE_SEGMENT, 1)->confirmed);
}

/* The fund cap reached inside a segment: 149000 paid of 150000, so the
 * fund pays 1000, reached at 1250 of covered cost; 7750 is over the cap,
 * 80 % of which (6200) the above-cap layer pays. */
static void
test_fund_cap_exact_fen (void)
{
  g_auto(YidiEstimate) out = { 0 };
  YidiEngineInput in;

  make_input (&in, "990400", YIDI_SCHEME_EMPLOYEE, "990401", "2024-06-01", YIDI_LEVEL_3, 40);
  in.ytd.fund_paid = yuan ("149000.00");
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("10000.00");
  estimate (fixtures, &in, &out);

  assert_yuan (out.fund, "1000.00");
  assert_yuan (out.copayment, "250.00");
  assert_yuan (out.over_cap, "7750.00");
  assert_yuan (out.serious_illness, "6200.00");
  assert_yuan (out.out_of_pocket, "2800.00");
  g_assert_true (out.notes & YIDI_NOTE_CAP_REACHED);
}

/* Age additions are capped: retired level 3 is 88 %, +6 at 80 → 94 %;
 * level 1 is 94 %, +6 would be 100 % but the pack stops at 96 %. */
static void
test_age_addition_cap (void)
{
  g_auto(YidiEstimate) level3 = { 0 };
  g_auto(YidiEstimate) level1 = { 0 };
  YidiEngineInput in;

  make_input (&in, "990400", YIDI_SCHEME_EMPLOYEE, "990401", "2024-06-01", YIDI_LEVEL_3, 85);
  in.insured.member_status = YIDI_MEMBER_RETIRED;
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("11000.00");
  estimate (fixtures, &in, &level3);
  g_assert_cmpint (level3.ratio, ==, 9400);

  in.visit.level = YIDI_LEVEL_1;
  estimate (fixtures, &in, &level1);
  g_assert_cmpint (level1.ratio, ==, 9600);
}

/* Dated values and coverage: 2023 has one deductible for all levels,
 * 2024 one per level; the pack ends with 2025. */
static void
test_dates_and_coverage (void)
{
  g_auto(YidiEstimate) y2023 = { 0 };
  g_auto(YidiEstimate) y2024 = { 0 };
  const YidiTraceStep *step;
  YidiEngineInput in;

  make_input (&in, "990400", YIDI_SCHEME_EMPLOYEE, "990401", "2023-12-31", YIDI_LEVEL_2, 40);
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("5000.00");
  estimate (fixtures, &in, &y2023);
  assert_yuan (y2023.deductible, "1000.00");
  step = find_step (&y2023, YIDI_RULE_DEDUCTIBLE, 0);
  g_assert_cmpstr (step->until, ==, "2023-12-31");

  set_date (&in.visit.admission, "2024-01-01");
  estimate (fixtures, &in, &y2024);
  assert_yuan (y2024.deductible, "500.00");
  step = find_step (&y2024, YIDI_RULE_DEDUCTIBLE, 0);
  g_assert_cmpstr (step->from, ==, "2024-01-01");

  set_date (&in.visit.admission, "2026-01-01");
  estimate_fails (fixtures, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_OUT_OF_RANGE, "2025-12-31");
  set_date (&in.visit.admission, "2021-12-31");
  estimate_fails (fixtures, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_OUT_OF_RANGE, "2022-01-01");

  /* Shipped packs refuse dates before they start too. */
  make_input (&in, "110000", YIDI_SCHEME_EMPLOYEE, "110105", "2019-05-01", YIDI_LEVEL_3, 40);
  estimate_fails (shipped, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_OUT_OF_RANGE, "2023-01-01");
}

/* Outpatient visits: a yearly deductible, 50 %, a 4000 cap. */
static void
test_outpatient (void)
{
  g_auto(YidiEstimate) out = { 0 };
  YidiEngineInput in;

  make_input (&in, "990400", YIDI_SCHEME_EMPLOYEE, "990401", "2024-06-01", YIDI_LEVEL_1, 40);
  in.visit.type = YIDI_VISIT_OUTPATIENT;
  in.ytd.deductible_paid = yuan ("1000.00");
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("3000.00");
  estimate (fixtures, &in, &out);
  assert_yuan (out.deductible, "800.00");
  assert_yuan (out.fund, "1100.00");
  g_assert_cmpstr (find_step (&out, YIDI_RULE_DEDUCTIBLE, 0)->param_key, ==, "outpatient.deductible");

  /* Shipped packs have no outpatient figures: not known. */
  make_input (&in, "110000", YIDI_SCHEME_EMPLOYEE, "110105", "2024-06-01", YIDI_LEVEL_1, 40);
  in.visit.type = YIDI_VISIT_CHRONIC_OUTPATIENT;
  estimate_fails (shipped, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_NOT_KNOWN, "deductible");
}

/* With line items the share paid first is rounded per line: three 0.05
 * lines of 乙类 at 10 % are 0.01 each; the total 0.15 rounds to 0.02. */
static void
test_line_items_round_per_line (void)
{
  static const YidiBillLine lines[] = {
    { YIDI_BILL_CLASS_B, 5 }, { YIDI_BILL_CLASS_B, 5 }, { YIDI_BILL_CLASS_B, 5 }, { YIDI_BILL_CLASS_A, 200000 },
  };
  g_auto(YidiEstimate) by_line = { 0 };
  g_auto(YidiEstimate) by_total = { 0 };
  YidiEngineInput in;

  make_input (&in, "990400", YIDI_SCHEME_EMPLOYEE, "990401", "2024-06-01", YIDI_LEVEL_3, 40);
  in.bill.lines = lines;
  in.bill.n_lines = G_N_ELEMENTS (lines);
  estimate (fixtures, &in, &by_line);
  g_assert_cmpint (by_line.pre_self_pay, ==, 3);
  g_assert_cmpint (by_line.total, ==, 200015);

  in.bill.lines = NULL;
  in.bill.n_lines = 0;
  in.bill.amount[YIDI_BILL_CLASS_B] = 15;
  in.bill.amount[YIDI_BILL_CLASS_A] = 200000;
  estimate (fixtures, &in, &by_total);
  g_assert_cmpint (by_total.pre_self_pay, ==, 2);
}

/* A pack that knows little: what is missing is listed, never invented. */
static void
test_not_known_listed (void)
{
  g_auto(YidiEstimate) out = { 0 };
  g_auto(GStrv) unknown = NULL;
  YidiEngineInput in;

  make_input (&in, "990500", YIDI_SCHEME_RESIDENT, "990501", "2024-06-01", YIDI_LEVEL_3, 40);
  in.ytd.in_scope_cost = yuan ("45000.00");
  in.insured.civil_servant = TRUE;
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("10000.00");
  in.bill.amount[YIDI_BILL_CLASS_B] = yuan ("100.00");
  estimate (fixtures, &in, &out);

  /* 45000 counted, 5000 left under the cost limit: 4500 × 60 %. */
  assert_yuan (out.fund, "2700.00");
  assert_yuan (out.over_cap, "5100.00");
  g_assert_cmpint (out.unknown, ==, YIDI_UNKNOWN_CLASS_B | YIDI_UNKNOWN_SERIOUS_ILLNESS | YIDI_UNKNOWN_CIVIL_SERVANT);
  unknown = yidi_estimate_describe_unknown (&out);
  g_assert_cmpuint (g_strv_length (unknown), ==, 3);
  g_assert_cmpuint (count_steps (&out, YIDI_RULE_NOT_KNOWN), ==, 3);

  /* A level without figures cannot be estimated. */
  in.visit.level = YIDI_LEVEL_2;
  estimate_fails (fixtures, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_NOT_KNOWN, "Level 2");
}

/* Side by side: filed or not, referral or not, level 2 or 3, long-term or
 * temporary, direct or claimed back. */
static void
test_scenarios (void)
{
  g_autoptr(GPtrArray) list = NULL;
  const YidiScenario *s[10];
  YidiEngineInput in;

  mech_input (&in, "310104", "2024-06-01");
  filed_as (&in, YIDI_FILING_REFERRAL);
  list = yidi_engine_compare (fixtures, &in, YIDI_SCENARIO_ALL, YIDI_ESTIMATE_DEFAULT);
  g_assert_cmpuint (list->len, ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      s[i] = g_ptr_array_index (list, i);
      g_assert_no_error (s[i]->error);
      g_assert_nonnull (s[i]->label);
    }

  /* filed (5 points) vs not filed (30 points) */
  g_assert_cmpint (s[0]->axis, ==, YIDI_SCENARIO_FILING);
  g_assert_true (s[0]->is_current);
  g_assert_false (s[1]->is_current);
  g_assert_cmpint (s[0]->estimate.fund, ==, fund_with_cut (500));
  g_assert_cmpint (s[1]->estimate.fund, ==, fund_with_cut (3000));
  /* referral (5) vs other temporary (20) */
  g_assert_cmpint (s[2]->estimate.fund, ==, fund_with_cut (500));
  g_assert_cmpint (s[3]->estimate.fund, ==, fund_with_cut (2000));
  g_assert_true (s[2]->is_current);
  g_assert_false (s[3]->is_current);
  /* level 2 (500 deductible, 88 %) vs level 3 */
  g_assert_cmpint (s[4]->axis, ==, YIDI_SCENARIO_LEVEL);
  g_assert_cmpint (s[4]->estimate.out_of_pocket, <, s[5]->estimate.out_of_pocket);
  /* long-term (no cut) vs temporary */
  g_assert_cmpint (s[6]->estimate.fund, ==, fund_with_cut (0));
  g_assert_cmpint (s[7]->estimate.fund, ==, fund_with_cut (2000));
  /* direct vs claimed back (+10 points) */
  g_assert_cmpint (s[8]->estimate.out_of_pocket, <, s[9]->estimate.out_of_pocket);
  g_assert_cmpint (s[9]->estimate.settlement, ==, YIDI_SETTLEMENT_MANUAL);

  /* Only the axes asked for. */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = yidi_engine_compare (fixtures, &in, 1 << YIDI_SCENARIO_LEVEL, YIDI_ESTIMATE_TRACE);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_nonnull (((YidiScenario *) g_ptr_array_index (list, 0))->estimate.trace);
}

/* The same case at every level, for ranking institutions. */
static void
test_levels (void)
{
  g_auto(YidiLevelEstimates) levels = { 0 };
  YidiEngineInput in;

  make_input (&in, "340300", YIDI_SCHEME_RESIDENT, "340302", "2024-05-01", YIDI_LEVEL_2, 40);
  in.bill.amount[YIDI_BILL_CLASS_A] = yuan ("10000.00");
  yidi_engine_estimate_levels (shipped, &in, &levels);

  for (guint level = 0; level < YIDI_ENGINE_N_LEVELS; level++)
    {
      if (level == YIDI_LEVEL_3)
        {
          g_assert_error (levels.error[level], YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_NOT_KNOWN);
          continue;
        }
      g_assert_no_error (levels.error[level]);
      g_assert_null (levels.estimate[level].trace);
    }
  assert_yuan (levels.estimate[YIDI_LEVEL_1].fund, "8330.00");      /* 9800 × 85 % */
  assert_yuan (levels.estimate[YIDI_LEVEL_COMMUNITY].fund, "8330.00");
  assert_yuan (levels.estimate[YIDI_LEVEL_2].fund, "7600.00");
}

/* Bad input: each a clear error. */
static void
test_bad_input (void)
{
  static const YidiBillLine bad_line[] = { { 99, 100 } };
  YidiEngineInput good, in;

  make_input (&good, "110000", YIDI_SCHEME_EMPLOYEE, "110105", "2024-06-01", YIDI_LEVEL_3, 40);
  good.bill.amount[YIDI_BILL_CLASS_A] = yuan ("1000.00");

  in = good;
  in.bill.amount[YIDI_BILL_CLASS_B] = -1;
  estimate_fails (shipped, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT, "negative");

  in = good;
  in.bill.amount[YIDI_BILL_SELF_PAY] = YIDI_ENGINE_MAX_AMOUNT + 1;
  estimate_fails (shipped, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT, "digits");

  in = good;
  in.bill.amount[YIDI_BILL_SELF_PAY] = YIDI_ENGINE_MAX_AMOUNT;
  estimate_fails (shipped, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT, "adds up");

  in = good;
  in.bill.lines = bad_line;
  in.bill.n_lines = 1;
  estimate_fails (shipped, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT, "Line 1");

  in = good;
  in.insured.age = 200;
  estimate_fails (shipped, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT, "200");

  in = good;
  in.insured.age = -1;
  estimate_fails (shipped, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT, "age");

  in = good;
  in.insured.filed = TRUE;
  estimate_fails (shipped, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT, "备案");

  in = good;
  in.insured.enrolment = YIDI_ENROLMENT_FLEXIBLE;
  estimate_fails (shipped, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT, "joined");

  in = good;
  g_date_clear (&in.visit.admission, 1);
  estimate_fails (shipped, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT, "admission");

  in = good;
  set_date (&in.visit.discharge, "2024-05-01");
  estimate_fails (shipped, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT, "discharge");

  in = good;
  g_strlcpy (in.insured.insured_place, "1100", sizeof in.insured.insured_place);
  estimate_fails (shipped, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT, "division code");

  in = good;
  g_strlcpy (in.visit.treatment_place, "abcdef", sizeof in.visit.treatment_place);
  estimate_fails (shipped, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT, "abcdef");

  in = good;
  in.ytd.admissions = 400;
  estimate_fails (shipped, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT, "400");

  in = good;
  in.ytd.fund_paid = -5;
  estimate_fails (shipped, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT, "fund paid");

  in = good;
  in.visit.level = 17;
  estimate_fails (shipped, &in, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT, "lists");

  /* No policy for the place, or for that tier. */
  in = good;
  g_strlcpy (in.insured.insured_place, "650100", sizeof in.insured.insured_place);
  estimate_fails (shipped, &in, YIDI_POLICY_ERROR, YIDI_POLICY_ERROR_NOT_FOUND, "650100");

  in = good;
  g_strlcpy (in.insured.tier, "gold", sizeof in.insured.tier);
  estimate_fails (shipped, &in, YIDI_POLICY_ERROR, YIDI_POLICY_ERROR_NOT_FOUND, "gold");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  shipped = yidi_policy_set_load (NULL, &error);
  g_assert_no_error (error);
  fixtures = yidi_policy_set_load (YIDI_TEST_POLICIES "/fixtures", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yidi_policy_set_get_problems (fixtures)->len, ==, 0);

  g_test_add_func ("/engine/worked/xiangrikui-2012-inservice", test_worked_xiangrikui);
  g_test_add_func ("/engine/worked/exam-zhang-2013", test_worked_exam_zhang);
  g_test_add_func ("/engine/worked/365baodao-accounting", test_worked_365baodao);

  g_test_add_func ("/engine/beijing/employee-segments-at-level-3", test_beijing_employee_segments);
  g_test_add_func ("/engine/beijing/employee-second-stay-half-deductible", test_beijing_employee_second_stay);
  g_test_add_func ("/engine/beijing/employee-retired-shares", test_beijing_employee_retired);
  g_test_add_func ("/engine/beijing/employee-mutual-fund-above-10wan", test_beijing_employee_above_cap);
  g_test_add_func ("/engine/beijing/employee-segments-count-the-year", test_beijing_employee_year_accumulation);
  g_test_add_func ("/engine/beijing/resident-later-stay-unconfirmed-half", test_beijing_resident_later_stay);
  g_test_add_func ("/engine/beijing/resident-child-deductible", test_beijing_resident_child);
  g_test_add_func ("/engine/beijing/resident-serious-illness-threshold", test_beijing_resident_serious_illness);
  g_test_add_func ("/engine/beijing/resident-annual-cap-reached", test_beijing_resident_annual_cap);
  g_test_add_func ("/engine/shanghai/employee-yearly-deductible-july-year", test_shanghai_employee_yearly_deductible);
  g_test_add_func ("/engine/shanghai/employee-supplementary-fund-above-cap", test_shanghai_employee_supplementary_fund);
  g_test_add_func ("/engine/shanghai/resident-age-60", test_shanghai_resident_age);
  g_test_add_func ("/engine/guangzhou/deductible-every-90-days", test_guangzhou_long_stay);
  g_test_add_func ("/engine/guangzhou/retired", test_guangzhou_retired);
  g_test_add_func ("/engine/shenzhen/tiers-and-community", test_shenzhen_tiers);
  g_test_add_func ("/engine/shenzhen/resident-60-and-retired", test_shenzhen_resident_and_retired);
  g_test_add_func ("/engine/chengdu/age-additions", test_chengdu_age_additions);
  g_test_add_func ("/engine/chengdu/third-stay-no-deductible", test_chengdu_third_stay);
  g_test_add_func ("/engine/chengdu/referral-out-of-city", test_chengdu_referral);
  g_test_add_func ("/engine/hangzhou/retired-example-recomputed", test_hangzhou_retired_example_recomputed);
  g_test_add_func ("/engine/hangzhou/segments-other-institutions", test_hangzhou_segments);
  g_test_add_func ("/engine/hangzhou/resident-segments", test_hangzhou_resident_segments);
  g_test_add_func ("/engine/wuhan/employee-later-stays", test_wuhan_employee_later_stays);
  g_test_add_func ("/engine/wuhan/employee-yearly-cost-limit", test_wuhan_employee_cost_limit);
  g_test_add_func ("/engine/wuhan/resident-low-income", test_wuhan_resident_low_income);
  g_test_add_func ("/engine/bengbu/local-and-not-known", test_bengbu);
  g_test_add_func ("/engine/scheme/new-rural-cooperative", test_new_rural_cooperative);

  g_test_add_func ("/engine/cross-region/national-limit", test_cut_limited_by_national_rule);
  g_test_add_func ("/engine/cross-region/cuts-by-category", test_cuts_by_category);
  g_test_add_func ("/engine/cross-region/emergency-counts-as-filed", test_emergency_counts_as_filed);
  g_test_add_func ("/engine/cross-region/not-filed", test_not_filed);
  g_test_add_func ("/engine/cross-region/manual-settlement-and-floor", test_manual_settlement_and_floor);
  g_test_add_func ("/engine/cross-region/trauma-commitment", test_trauma_commitment);
  g_test_add_func ("/engine/waiting-period", test_waiting_period);
  g_test_add_func ("/engine/layers/all-at-once", test_all_layers);
  g_test_add_func ("/engine/cap/exact-fen", test_fund_cap_exact_fen);
  g_test_add_func ("/engine/age-addition-cap", test_age_addition_cap);
  g_test_add_func ("/engine/dates-and-coverage", test_dates_and_coverage);
  g_test_add_func ("/engine/outpatient", test_outpatient);
  g_test_add_func ("/engine/line-items-round-per-line", test_line_items_round_per_line);
  g_test_add_func ("/engine/not-known-listed", test_not_known_listed);
  g_test_add_func ("/engine/scenarios", test_scenarios);
  g_test_add_func ("/engine/levels", test_levels);
  g_test_add_func ("/engine/bad-input", test_bad_input);

  status = g_test_run ();
  yidi_policy_set_unref (shipped);
  yidi_policy_set_unref (fixtures);
  return status;
}

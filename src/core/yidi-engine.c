/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-engine"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yidi-engine.h"
#include "yidi-policy-private.h"

/* One estimate in progress. Everything but the trace lives on the stack:
 * without YIDI_ESTIMATE_TRACE nothing is allocated. */
typedef struct {
  const YidiPolicyPack  *pack;
  const YidiPolicyPack  *national;
  const YidiEngineInput *in;
  YidiEstimate          *out;
  YidiParamQuery         q;
  YidiVisitType          visit;
  gboolean               trace;
  GPtrArray             *scratch;   /* strings for the trace's sentences */
  YidiFen                totals[YIDI_BILL_N_CATEGORIES];
} Run;

#define NO_PARAM ((YidiParamId) -1)
#define MAX_POSITION G_MAXINT64

G_DEFINE_QUARK (yidi-engine-error-quark, yidi_engine_error)

static const char * const rule_keys[] = {
  [YIDI_RULE_POLICY] = "policy",
  [YIDI_RULE_SCHEME] = "scheme",
  [YIDI_RULE_AREA] = "area",
  [YIDI_RULE_CATALOGUE] = "catalogue",
  [YIDI_RULE_FILING] = "filing",
  [YIDI_RULE_REDUCTION] = "reduction",
  [YIDI_RULE_NATIONAL_LIMIT] = "national_limit",
  [YIDI_RULE_TRAUMA] = "trauma",
  [YIDI_RULE_SETTLEMENT] = "settlement",
  [YIDI_RULE_ELIGIBILITY] = "eligibility",
  [YIDI_RULE_SELF_PAY] = "self_pay",
  [YIDI_RULE_CLASS_B] = "class_b_pre_self_pay",
  [YIDI_RULE_CONSUMABLES] = "consumables_pre_self_pay",
  [YIDI_RULE_IN_SCOPE] = "in_scope",
  [YIDI_RULE_NOT_COVERED] = "not_covered",
  [YIDI_RULE_DEDUCTIBLE] = "deductible",
  [YIDI_RULE_AGE_ADDITION] = "age_addition",
  [YIDI_RULE_RATIO_FLOOR] = "ratio_floor",
  [YIDI_RULE_SEGMENT] = "segment",
  [YIDI_RULE_ANNUAL_CAP] = "annual_cap",
  [YIDI_RULE_LAYER] = "layer",
  [YIDI_RULE_PERSONAL_ACCOUNT] = "personal_account",
  [YIDI_RULE_NOT_KNOWN] = "not_known",
  [YIDI_RULE_TOTAL] = "total",
};

static const char * const axis_keys[] = {
  [YIDI_SCENARIO_FILING] = "filing",
  [YIDI_SCENARIO_REFERRAL] = "referral",
  [YIDI_SCENARIO_LEVEL] = "level",
  [YIDI_SCENARIO_TERM] = "term",
  [YIDI_SCENARIO_SETTLEMENT] = "settlement",
};

const char *
yidi_trace_rule_to_key (YidiTraceRule rule)
{
  g_return_val_if_fail ((guint) rule < G_N_ELEMENTS (rule_keys), NULL);
  return rule_keys[rule];
}

const char *
yidi_scenario_axis_to_key (YidiScenarioAxis axis)
{
  g_return_val_if_fail ((guint) axis < G_N_ELEMENTS (axis_keys), NULL);
  return axis_keys[axis];
}

/* Trace helpers */

void
yidi_trace_step_free (YidiTraceStep *step)
{
  if (step == NULL)
    return;
  g_free (step->from);
  g_free (step->until);
  g_strfreev (step->sources);
  g_free (step->note);
  g_free (step->text);
  g_free (step);
}

/* Strings for sentences, freed with the run. */
static const char *
keep (Run  *run,
      char *text)
{
  g_ptr_array_add (run->scratch, text);
  return text;
}

static const char *
money (Run     *run,
       YidiFen  fen)
{
  return keep (run, yidi_money_format (fen));
}

static const char *
rate (Run    *run,
      YidiBp  bp)
{
  return keep (run, yidi_rate_format (bp));
}

/* The number of percentage points in a cut of @bp, e.g. "10" or "7.5". */
static const char *
points (Run    *run,
        YidiBp  bp)
{
  char *text = yidi_rate_format (bp);

  text[strlen (text) - 1] = '\0';   /* drop the % sign */
  return keep (run, text);
}

static gboolean
entry_confirmed (const YidiParamEntry *entry,
                 const YidiPartMeta   *meta)
{
  if (meta != NULL && meta->has_confirmed)
    return meta->confirmed;
  return entry->confirmed;
}

/* Notes that a value was used, whether or not the trace is kept. */
static void
use (Run                  *run,
     const YidiParamEntry *entry,
     const YidiPartMeta   *meta)
{
  if (!entry_confirmed (entry, meta))
    run->out->notes |= YIDI_NOTE_UNCONFIRMED;
}

static YidiTraceStep *
add_step (Run                  *run,
          YidiTraceRule         rule,
          YidiParamId           id,
          const YidiParamEntry *entry,
          const YidiPartMeta   *meta,
          YidiTraceValueKind    kind,
          gint64                value,
          YidiFen               amount,
          const char           *text)
{
  YidiTraceStep *step = g_new0 (YidiTraceStep, 1);

  step->rule = rule;
  step->param_key = id != NO_PARAM ? yidi_param_get_key (id, run->visit) : NULL;
  step->value_kind = kind;
  step->value = value;
  step->amount = amount;
  step->known = TRUE;
  step->confirmed = TRUE;
  step->text = g_strdup (text);

  if (entry != NULL)
    {
      char **sources = meta != NULL && meta->sources != NULL ? meta->sources : entry->sources;

      step->from = g_strdup (entry->from_text);
      step->until = g_strdup (entry->until_text);
      step->sources = g_strdupv (sources);
      step->confirmed = entry_confirmed (entry, meta);
      step->known = entry->known;
      step->note = g_strdup (meta != NULL && meta->note != NULL ? meta->note : entry->note);
    }
  if (step->sources == NULL)
    step->sources = g_new0 (char *, 1);

  g_ptr_array_add (run->out->trace, step);
  return step;
}

/* A plain step: arithmetic or the person's own input, no policy value. */
static void
add_text (Run           *run,
          YidiTraceRule  rule,
          YidiFen        amount,
          const char    *text)
{
  add_step (run, rule, NO_PARAM, NULL, NULL, YIDI_TRACE_VALUE_NONE, 0, amount, text);
}

/* Parameter look-up */

static const YidiParamEntry *
lookup (const Run   *run,
        YidiParamId  id,
        gboolean    *out_present)
{
  const YidiPolicyPack *pack = id >= YIDI_PARAM_NATIONAL_MAX_REDUCTION ? run->national : run->pack;
  const YidiParam *param;

  if (pack == NULL)
    {
      *out_present = FALSE;
      return NULL;
    }
  param = yidi_policy_pack_get_param (pack, id, run->visit);
  *out_present = param->present;
  return param->present ? yidi_param_find (param, &run->q) : NULL;
}

static const char *
param_label (YidiParamId id)
{
  switch (id)
    {
    case YIDI_PARAM_DEDUCTIBLE: return _("the deductible (起付线)");
    case YIDI_PARAM_RATIO: return _("the fund’s share (支付比例)");
    case YIDI_PARAM_AGE_ADDITION: return _("the extra share by age");
    case YIDI_PARAM_ANNUAL_CAP: return _("the fund’s annual cap (封顶线)");
    case YIDI_PARAM_CLASS_B_PRE_SELF_PAY: return _("the share of class B items paid first (乙类先行自付)");
    case YIDI_PARAM_CONSUMABLES_PRE_SELF_PAY: return _("the share of high-value consumables paid first");
    case YIDI_PARAM_ABOVE_CAP: return _("the insurance above the cap (大额互助 / 附加基金)");
    case YIDI_PARAM_SERIOUS_ILLNESS: return _("serious-illness insurance (大病保险)");
    case YIDI_PARAM_CIVIL_SERVANT_SUBSIDY: return _("the civil-servant medical subsidy (公务员医疗补助)");
    case YIDI_PARAM_MEDICAL_ASSISTANCE: return _("medical assistance (医疗救助)");
    case YIDI_PARAM_CROSS_REGION_REDUCTION: return _("the cut for treatment in another place");
    case YIDI_PARAM_RATIO_FLOOR: return _("the lowest share for treatment in another place");
    case YIDI_PARAM_WAITING_PERIOD: return _("the waiting period for new members");
    case YIDI_PARAM_PERSONAL_ACCOUNT: return _("what the personal account (个人账户) may pay");
    case YIDI_PARAM_NATIONAL_MAX_REDUCTION:
    case YIDI_PARAM_NATIONAL_CATALOGUE:
    case YIDI_PARAM_NATIONAL_EMERGENCY_AS_FILED:
    case YIDI_PARAM_NATIONAL_MANUAL_AFTER_DISCHARGE:
    case YIDI_PARAM_NATIONAL_TRAUMA_COMMITMENT:
      return _("the national rules for treatment in another province");
    case YIDI_N_PARAMS:
    default:
      g_assert_not_reached ();
    }
}

/* An optional figure is missing: go on without it, say so. */
static void
not_known (Run                  *run,
           YidiEstimateUnknown   flag,
           YidiParamId           id,
           const YidiParamEntry *entry)
{
  run->out->unknown |= flag;

  if (run->trace)
    {
      const char *text = keep (run, g_strdup_printf (_("Not known for this policy, so not applied: %s."),
                                                     param_label (id)));
      YidiTraceStep *step = add_step (run, YIDI_RULE_NOT_KNOWN, id, entry, NULL,
                                      YIDI_TRACE_VALUE_NONE, 0, -1, text);
      step->known = FALSE;
      step->confirmed = FALSE;
    }
}

static char *
display_name (const Run *run)
{
  return yidi_policy_pack_get_display_name (run->pack);
}

static char *
date_text (guint32 julian)
{
  return yidi_date_format_iso (julian);
}

/* A figure every estimate needs is missing: no estimate. */
static gboolean
essential_missing (Run                  *run,
                   YidiParamId           id,
                   const YidiParamEntry *entry,
                   const char           *detail,
                   GError              **error)
{
  g_autofree char *name = display_name (run);
  g_autofree char *day = date_text (run->q.date);
  g_autofree char *what = detail != NULL ? g_strdup_printf ("%s (%s)", param_label (id), detail)
                                         : g_strdup (param_label (id));
  g_autofree char *message = g_strdup_printf (_("%s is not known for %s for a stay on %s, so Yidi cannot estimate it. Ask the local medical insurance bureau (医保局) for the figure."),
                                              what, name, day);

  if (entry != NULL && entry->note != NULL)
    {
      g_autofree char *with_note = g_strdup_printf (_("%s The policy file says: %s"), message, entry->note);
      g_set_error_literal (error, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_NOT_KNOWN, with_note);
    }
  else
    g_set_error_literal (error, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_NOT_KNOWN, message);
  return FALSE;
}

/* Input checks */

static gboolean
is_division_code (const char *code)
{
  if (strnlen (code, 7) != 6)
    return FALSE;
  for (guint i = 0; i < 6; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;
  return strcmp (code, "000000") != 0;
}

/* @what is translated only when the amount is wrong: checking costs no
 * gettext call. */
static gboolean
check_amount (YidiFen      amount,
              const char  *what,
              gboolean     bill_category,
              GError     **error)
{
  if (G_LIKELY (amount >= 0 && amount <= YIDI_ENGINE_MAX_AMOUNT))
    return TRUE;

  if (bill_category)
    {
      YidiBillCategory category;

      yidi_bill_category_from_key (what, &category);
      what = yidi_bill_category_get_label (category);
    }
  else
    what = _(what);

  if (amount < 0)
    {
      g_set_error (error, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT,
                   _("The amount for “%s” is negative. Enter 0 or more."), what);
    }
  else
    {
      g_autofree char *max = yidi_money_format (YIDI_ENGINE_MAX_AMOUNT);
      g_set_error (error, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT,
                   _("The amount for “%s” is more than %s, which no stay costs. Check the number of digits."),
                   what, max);
    }
  return FALSE;
}

static gboolean
check_input (const YidiEngineInput  *in,
             YidiFen                *out_totals,
             GError                **error)
{
  const YidiEngineInsured *who = &in->insured;
  const YidiEngineVisit *visit = &in->visit;
  const YidiYearToDate *ytd = &in->ytd;
  YidiFen sum = 0;
  const struct { YidiFen amount; const char *what; } ytd_amounts[] = {
    { ytd->fund_paid, N_("fund paid so far this year") },
    { ytd->serious_illness_paid, N_("serious-illness insurance paid so far this year") },
    { ytd->deductible_paid, N_("deductible met so far this year") },
    { ytd->in_scope_cost, N_("in-scope costs so far this year") },
    { ytd->personal_in_scope, N_("in-scope costs you bore so far this year") },
    { ytd->civil_servant_paid, N_("civil-servant subsidy paid so far this year") },
    { ytd->assistance_paid, N_("medical assistance paid so far this year") },
  };

  if (!is_division_code (who->insured_place))
    {
      g_set_error (error, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT,
                   _("The insured place “%s” is not a division code. Use its six digits, for example 110000 for Beijing."),
                   who->insured_place);
      return FALSE;
    }
  if (!is_division_code (visit->treatment_place))
    {
      g_set_error (error, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT,
                   _("The treatment place “%s” is not a division code. Use its six digits, for example 310000 for Shanghai."),
                   visit->treatment_place);
      return FALSE;
    }
  if ((guint) who->scheme > YIDI_SCHEME_RESIDENT || (guint) who->member_status > YIDI_MEMBER_RETIRED ||
      (guint) who->filing_category > YIDI_FILING_OTHER_TEMPORARY || (guint) who->settlement > YIDI_SETTLEMENT_MANUAL ||
      (guint) who->enrolment > YIDI_ENROLMENT_FLEXIBLE || (guint) visit->type > YIDI_VISIT_CHRONIC_OUTPATIENT ||
      (guint) visit->level > YIDI_LEVEL_UNRATED)
    {
      g_set_error_literal (error, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT,
                           _("A choice in the case is not one Yidi knows. Choose again from the lists."));
      return FALSE;
    }
  if (who->age < 0 || who->age > 130)
    {
      g_set_error (error, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT,
                   _("An age of %d is not possible. Enter the age in years on the day of admission."), who->age);
      return FALSE;
    }
  if (who->filed && who->filing_category == YIDI_FILING_NONE)
    {
      g_set_error_literal (error, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT,
                           _("The filing is marked as done but has no category. Choose the category of the filing (备案类型)."));
      return FALSE;
    }
  if (who->enrolment != YIDI_ENROLMENT_CONTINUOUS && !g_date_valid (&who->enrolled_since))
    {
      g_set_error_literal (error, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT,
                           _("Enter the date the person joined the scheme: new members and flexible workers may have to wait before the fund pays."));
      return FALSE;
    }
  if (!g_date_valid (&visit->admission))
    {
      g_set_error_literal (error, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT,
                           _("The admission date is missing. Enter the day the stay or visit begins."));
      return FALSE;
    }
  if (g_date_valid (&visit->discharge) && g_date_compare (&visit->discharge, &visit->admission) < 0)
    {
      g_set_error_literal (error, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT,
                           _("The discharge date is before the admission date. Check both dates."));
      return FALSE;
    }
  if (ytd->admissions > 366)
    {
      g_set_error (error, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT,
                   _("%u earlier stays in one year is not possible. Enter how many times the person was admitted this year before this stay."),
                   ytd->admissions);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (ytd_amounts); i++)
    if (!check_amount (ytd_amounts[i].amount, ytd_amounts[i].what, FALSE, error))
      return FALSE;

  memset (out_totals, 0, sizeof (YidiFen) * YIDI_BILL_N_CATEGORIES);
  if (in->bill.n_lines > 0)
    {
      g_return_val_if_fail (in->bill.lines != NULL, FALSE);
      for (guint i = 0; i < in->bill.n_lines; i++)
        {
          const YidiBillLine *line = &in->bill.lines[i];

          if ((guint) line->category >= YIDI_BILL_N_CATEGORIES)
            {
              g_set_error (error, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT,
                           _("Line %u of the bill has no valid category. Choose class A, class B, self-pay, over-standard or high-value consumables."),
                           i + 1);
              return FALSE;
            }
          if (!check_amount (line->amount, yidi_bill_category_to_key (line->category), TRUE, error))
            return FALSE;
          out_totals[line->category] += line->amount;
          sum += line->amount;
          if (sum > YIDI_ENGINE_MAX_AMOUNT)
            break;
        }
    }
  else
    {
      for (guint c = 0; c < YIDI_BILL_N_CATEGORIES; c++)
        {
          if (!check_amount (in->bill.amount[c], yidi_bill_category_to_key (c), TRUE, error))
            return FALSE;
          out_totals[c] = in->bill.amount[c];
          sum += in->bill.amount[c];
        }
    }
  if (sum > YIDI_ENGINE_MAX_AMOUNT)
    {
      g_autofree char *max = yidi_money_format (YIDI_ENGINE_MAX_AMOUNT);
      g_set_error (error, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT,
                   _("The bill adds up to more than %s, which no stay costs. Check the amounts."), max);
      return FALSE;
    }

  return TRUE;
}

/* Places */

static YidiTreatmentArea
treatment_area (const YidiPolicyPack *pack,
                const char           *treatment_place)
{
  if (strncmp (pack->division_code, treatment_place, pack->code_prefix) == 0)
    return YIDI_AREA_LOCAL;
  if (strncmp (pack->division_code, treatment_place, 2) == 0)
    return YIDI_AREA_IN_PROVINCE;
  return YIDI_AREA_OUT_OF_PROVINCE;
}

static void
insurance_year (const YidiPolicyPack *pack,
                const GDate          *admission,
                GDate                *start,
                GDate                *end)
{
  g_date_clear (start, 1);
  g_date_set_dmy (start, pack->year_start_day, pack->year_start_month, g_date_get_year (admission));
  if (g_date_compare (start, admission) > 0)
    g_date_subtract_years (start, 1);
  *end = *start;
  g_date_add_years (end, 1);
  g_date_subtract_days (end, 1);
}

/* Cross-region rules: filing, the cut in the fund's share, settlement.
 * Returns the cut in basis points; sets *not_paid when the policy pays
 * nothing without filing. */
static YidiBp
cross_region (Run      *run,
              gboolean *not_paid)
{
  const YidiEngineInsured *who = &run->in->insured;
  YidiEstimate *out = run->out;
  const YidiParamEntry *entry;
  const YidiParamEntry *national;
  const YidiReductionValue *reduction = NULL;
  gboolean present;
  gboolean national_rules = out->area == YIDI_AREA_OUT_OF_PROVINCE;
  gboolean filed = who->filed;
  YidiBp cut = 0;

  *not_paid = FALSE;

  if (national_rules)
    {
      national = lookup (run, YIDI_PARAM_NATIONAL_CATALOGUE, &present);
      if (national != NULL && national->known && national->flag)
        {
          use (run, national, NULL);
          if (run->trace)
            add_step (run, YIDI_RULE_CATALOGUE, YIDI_PARAM_NATIONAL_CATALOGUE, national, NULL,
                      YIDI_TRACE_VALUE_FLAG, 1, -1,
                      _("What is covered follows the lists of the treatment place (就医地目录); the deductible, shares and caps follow the insured place’s policy (参保地政策)."));
        }
      else
        not_known (run, YIDI_UNKNOWN_NATIONAL_RULES, YIDI_PARAM_NATIONAL_CATALOGUE, national);
    }

  /* Emergencies count as filed (视同已备案). */
  if (!filed && who->filing_category == YIDI_FILING_EMERGENCY && national_rules)
    {
      national = lookup (run, YIDI_PARAM_NATIONAL_EMERGENCY_AS_FILED, &present);
      if (national != NULL && national->known && national->flag)
        {
          use (run, national, NULL);
          filed = TRUE;
          out->notes |= YIDI_NOTE_EMERGENCY_AS_FILED;
          if (run->trace)
            add_step (run, YIDI_RULE_FILING, YIDI_PARAM_NATIONAL_EMERGENCY_AS_FILED, national, NULL,
                      YIDI_TRACE_VALUE_FLAG, 1, -1,
                      _("Emergency treatment in another province counts as filed (视同已备案), even without a filing."));
        }
    }

  run->q.filing = filed ? who->filing_category : YIDI_FILING_NONE;

  entry = lookup (run, YIDI_PARAM_CROSS_REGION_REDUCTION, &present);
  if (entry != NULL && entry->known)
    reduction = entry->value;

  if (!filed)
    {
      out->notes |= YIDI_NOTE_NOT_FILED;
      out->settlement = YIDI_SETTLEMENT_MANUAL;
      if (run->trace)
        {
          const char *text = _("Not filed: the hospital cannot settle directly. Pay the bill first, then file (补办备案) and claim back under the insured place’s rules.");
          national = national_rules ? lookup (run, YIDI_PARAM_NATIONAL_MANUAL_AFTER_DISCHARGE, &present) : NULL;
          if (national != NULL && national->known)
            add_step (run, YIDI_RULE_FILING, YIDI_PARAM_NATIONAL_MANUAL_AFTER_DISCHARGE, national, NULL,
                      YIDI_TRACE_VALUE_FLAG, 1, -1, text);
          else
            add_text (run, YIDI_RULE_FILING, -1, text);
        }

      if (reduction != NULL && (reduction->known & (1 << YIDI_REDUCE_NOT_FILED)))
        {
          use (run, entry, NULL);
          if (reduction->not_filed_not_paid)
            {
              *not_paid = TRUE;
              out->notes |= YIDI_NOTE_NOT_FILED_NOT_PAID;
              if (run->trace)
                add_step (run, YIDI_RULE_REDUCTION, YIDI_PARAM_CROSS_REGION_REDUCTION, entry, NULL,
                          YIDI_TRACE_VALUE_NONE, 0, -1,
                          _("Without a filing this policy pays nothing for treatment in another place."));
            }
          else
            {
              cut = reduction->points[YIDI_REDUCE_NOT_FILED];
              if (run->trace)
                add_step (run, YIDI_RULE_REDUCTION, YIDI_PARAM_CROSS_REGION_REDUCTION, entry, NULL,
                          YIDI_TRACE_VALUE_BP, cut, -1,
                          keep (run, g_strdup_printf (_("Without a filing the fund’s share is cut by %s points."),
                                                      points (run, cut))));
            }
        }
      else
        not_known (run, YIDI_UNKNOWN_NOT_FILED, YIDI_PARAM_CROSS_REGION_REDUCTION, entry);
    }
  else
    {
      YidiFilingCategory category = who->filing_category;
      gboolean long_term = yidi_filing_category_is_long_term (category);
      YidiReduceSlot slot = long_term ? YIDI_REDUCE_LONG_TERM
                            : category == YIDI_FILING_REFERRAL ? YIDI_REDUCE_REFERRAL
                            : category == YIDI_FILING_EMERGENCY ? YIDI_REDUCE_EMERGENCY
                            : YIDI_REDUCE_OTHER_TEMPORARY;
      const YidiParamEntry *limit_entry = national_rules ? lookup (run, YIDI_PARAM_NATIONAL_MAX_REDUCTION, &present) : NULL;
      const YidiReductionValue *limit = limit_entry != NULL && limit_entry->known ? limit_entry->value : NULL;
      gboolean has_limit = limit != NULL && (limit->known & (1 << slot));

      if (run->trace)
        add_text (run, YIDI_RULE_FILING, -1,
                  keep (run, g_strdup_printf (_("Filed (备案) as: %s."), yidi_filing_category_get_label (category))));

      if (reduction != NULL && (reduction->known & (1 << slot)))
        {
          use (run, entry, NULL);
          cut = reduction->points[slot];
          if (run->trace)
            add_step (run, YIDI_RULE_REDUCTION, YIDI_PARAM_CROSS_REGION_REDUCTION, entry, NULL,
                      YIDI_TRACE_VALUE_BP, cut, -1,
                      cut == 0 ? _("No cut in the fund’s share for this filing category.")
                      : keep (run, g_strdup_printf (_("For this filing category the fund’s share is cut by %s points."),
                                                    points (run, cut))));
          if (has_limit && cut > limit->points[slot])
            {
              use (run, limit_entry, NULL);
              out->notes |= YIDI_NOTE_NATIONAL_LIMIT;
              if (run->trace)
                add_step (run, YIDI_RULE_NATIONAL_LIMIT, YIDI_PARAM_NATIONAL_MAX_REDUCTION, limit_entry, NULL,
                          YIDI_TRACE_VALUE_BP, limit->points[slot], -1,
                          keep (run, g_strdup_printf (_("The national rule allows a cut of at most %s points for this category; that limit is used instead of %s."),
                                                      points (run, limit->points[slot]), points (run, cut))));
              cut = limit->points[slot];
            }
        }
      else if (long_term && has_limit && limit->points[slot] == 0)
        {
          /* The national rule settles it: long-term residents are paid as
           * at home (本地就医标准). */
          use (run, limit_entry, NULL);
          if (run->trace)
            add_step (run, YIDI_RULE_REDUCTION, YIDI_PARAM_NATIONAL_MAX_REDUCTION, limit_entry, NULL,
                      YIDI_TRACE_VALUE_BP, 0, -1,
                      _("Long-term residents in another province are paid as if treated at home: no cut in the fund’s share."));
        }
      else
        {
          not_known (run, YIDI_UNKNOWN_CROSS_REGION, YIDI_PARAM_CROSS_REGION_REDUCTION, entry);
          if (run->trace && has_limit && limit->points[slot] > 0)
            add_step (run, YIDI_RULE_NATIONAL_LIMIT, YIDI_PARAM_NATIONAL_MAX_REDUCTION, limit_entry, NULL,
                      YIDI_TRACE_VALUE_BP, limit->points[slot], -1,
                      keep (run, g_strdup_printf (_("The national rule allows the insured place to cut the fund’s share by up to %s points for this category, so the fund may pay less than shown."),
                                                  points (run, limit->points[slot]))));
        }
    }

  /* Injury without a liable third party: direct settlement once the
   * commitment letter is signed. */
  if (run->in->visit.trauma_no_third_party)
    {
      national = lookup (run, YIDI_PARAM_NATIONAL_TRAUMA_COMMITMENT, &present);
      if (run->in->visit.commitment_signed)
        {
          out->notes |= YIDI_NOTE_TRAUMA_COMMITMENT;
          if (national != NULL)
            use (run, national, NULL);
          if (run->trace)
            add_step (run, YIDI_RULE_TRAUMA, national != NULL ? YIDI_PARAM_NATIONAL_TRAUMA_COMMITMENT : NO_PARAM,
                      national, NULL, YIDI_TRACE_VALUE_FLAG, 1, -1,
                      _("Injury without a liable third party (无第三方责任外伤): with the signed commitment letter (承诺书) it is settled like any other stay."));
        }
      else if (out->settlement == YIDI_SETTLEMENT_DIRECT)
        {
          out->notes |= YIDI_NOTE_TRAUMA_NO_COMMITMENT;
          out->settlement = YIDI_SETTLEMENT_MANUAL;
          if (national != NULL)
            use (run, national, NULL);
          if (run->trace)
            add_step (run, YIDI_RULE_TRAUMA, national != NULL ? YIDI_PARAM_NATIONAL_TRAUMA_COMMITMENT : NO_PARAM,
                      national, NULL, YIDI_TRACE_VALUE_FLAG, 0, -1,
                      _("Injury without a liable third party (无第三方责任外伤): until the commitment letter (承诺书) is signed the hospital cannot settle directly. Sign it at the hospital, or pay first and claim back."));
        }
    }

  /* Paid first and claimed back although direct settlement was open. */
  if (filed && out->settlement == YIDI_SETTLEMENT_MANUAL)
    {
      out->notes |= YIDI_NOTE_MANUAL_SETTLEMENT;
      if (reduction != NULL && (reduction->known & (1 << YIDI_REDUCE_MANUAL_SETTLEMENT)))
        {
          YidiBp manual = reduction->points[YIDI_REDUCE_MANUAL_SETTLEMENT];

          use (run, entry, NULL);
          cut += manual;
          if (run->trace)
            add_step (run, YIDI_RULE_SETTLEMENT, YIDI_PARAM_CROSS_REGION_REDUCTION, entry, NULL,
                      YIDI_TRACE_VALUE_BP, manual, -1,
                      keep (run, g_strdup_printf (_("Paid first and claimed back instead of settled at the hospital: the fund’s share is cut by %s points."),
                                                  points (run, manual))));
        }
      else
        not_known (run, YIDI_UNKNOWN_MANUAL_SETTLEMENT, YIDI_PARAM_CROSS_REGION_REDUCTION, entry);
    }

  return MIN (cut, YIDI_BP_WHOLE);
}

/* Waiting periods for new members and flexible workers. */
static void
check_eligibility (Run *run)
{
  const YidiEngineInsured *who = &run->in->insured;
  YidiEstimate *out = run->out;
  const YidiParamEntry *entry;
  const YidiWaitingValue *wait;
  gboolean present;
  GDate from;

  out->eligible = TRUE;
  if (who->enrolment == YIDI_ENROLMENT_CONTINUOUS)
    return;

  entry = lookup (run, YIDI_PARAM_WAITING_PERIOD, &present);
  if (entry == NULL || !entry->known)
    {
      not_known (run, YIDI_UNKNOWN_WAITING_PERIOD, YIDI_PARAM_WAITING_PERIOD, entry);
      return;
    }

  wait = entry->value;
  if ((wait->applies & (1 << who->enrolment)) == 0)
    return;

  use (run, entry, NULL);
  from = who->enrolled_since;
  g_date_add_months (&from, wait->months);

  if (g_date_get_julian (&from) > run->q.date)
    {
      out->eligible = FALSE;
      out->eligible_from = from;
      out->notes |= YIDI_NOTE_NOT_YET_ELIGIBLE;
    }

  if (run->trace)
    {
      char since[16], start[16];

      g_date_strftime (since, sizeof since, "%Y-%m-%d", &who->enrolled_since);
      g_date_strftime (start, sizeof start, "%Y-%m-%d", &from);
      add_step (run, YIDI_RULE_ELIGIBILITY, YIDI_PARAM_WAITING_PERIOD, entry, NULL,
                YIDI_TRACE_VALUE_COUNT, wait->months, -1,
                keep (run, out->eligible
                      ? g_strdup_printf (_("Joined on %s (%s): the fund pays for care from %s, after %d months. That date has passed."),
                                         since, yidi_enrolment_get_label (who->enrolment), start, wait->months)
                      : g_strdup_printf (_("Joined on %s (%s): the fund pays for care only from %s, after %d months. Not yet eligible: the fund pays nothing for this stay."),
                                         since, yidi_enrolment_get_label (who->enrolment), start, wait->months)));
    }
}

/* The share paid first of one category (乙类, consumables). */
static YidiFen
pre_self_pay (Run              *run,
              YidiBillCategory  category,
              YidiFen           total,
              YidiParamId       id,
              YidiTraceRule     rule,
              YidiEstimateUnknown flag)
{
  const YidiParamEntry *entry;
  gboolean present;
  YidiFen pre = 0;

  if (total == 0)
    return 0;

  entry = lookup (run, id, &present);
  if (entry == NULL || !entry->known)
    {
      not_known (run, flag, id, entry);
      return 0;
    }

  use (run, entry, NULL);
  if (run->in->bill.n_lines > 0)
    {
      for (guint i = 0; i < run->in->bill.n_lines; i++)
        if (run->in->bill.lines[i].category == category)
          pre += yidi_money_apply_rate (run->in->bill.lines[i].amount, entry->rate);
    }
  else
    pre = yidi_money_apply_rate (total, entry->rate);

  if (run->trace)
    add_step (run, rule, id, entry, NULL, YIDI_TRACE_VALUE_BP, entry->rate, pre,
              keep (run, g_strdup_printf (rule == YIDI_RULE_CLASS_B
                                          ? _("Class B items (乙类) of %s: you pay %s of them first (先行自付), %s.")
                                          : _("High-value consumables of %s: you pay %s of them first (先行自付), %s."),
                                          money (run, total), rate (run, entry->rate), money (run, pre))));
  return pre;
}

/* The smallest amount whose share at @r reaches @m fen. */
static YidiFen
amount_reaching (YidiFen m,
                 YidiBp  r)
{
  YidiFen x;

  if (m <= 0)
    return 0;
  g_assert (r > 0);

  x = ((2 * m - 1) * (YIDI_BP_WHOLE / 2) + r - 1) / r;
  while (yidi_money_apply_rate (x, r) < m)
    x++;
  while (x > 0 && yidi_money_apply_rate (x - 1, r) >= m)
    x--;
  return x;
}

typedef struct {
  YidiFen fund;
  YidiFen copay;
  YidiFen over_cap;
} Split;

/* Walks the covered costs of the stay from @from to @to (the deductible
 * already taken), paying each part at its segment's rate. Segment bounds
 * count in-scope cost from the first fen of the stay, or of the year when
 * @offset holds the costs of earlier stays. Costs past @cap (in the
 * stay's own terms) or past the fund's @allowance are over the cap. */
static void
walk_segments (Run                  *run,
               const YidiParamEntry *entry,
               const YidiRatioValue *ratio,
               const YidiBp         *rates,
               YidiFen               from,
               YidiFen               to,
               YidiFen               offset,
               YidiFen               cap,
               YidiFen              *allowance,
               Split                *split)
{
  YidiFen lo = 0;
  YidiFen walked = 0;

  for (guint i = 0; i < ratio->n_segments; i++)
    {
      const YidiRatioSegment *segment = &ratio->segments[i];
      YidiFen hi = segment->up_to < 0 ? MAX_POSITION : segment->up_to - offset;
      YidiFen a = MAX (from, lo);
      YidiFen b = MIN (MIN (to, hi), cap);
      YidiFen portion, paid, in_cap;

      lo = hi;
      if (b <= a)
        continue;

      portion = b - a;
      walked += portion;
      paid = yidi_money_apply_rate (portion, rates[i]);
      in_cap = portion;
      if (*allowance >= 0 && paid > *allowance)
        {
          in_cap = amount_reaching (*allowance, rates[i]);
          paid = *allowance;
          split->over_cap += portion - in_cap;
          run->out->notes |= YIDI_NOTE_CAP_REACHED;
        }
      if (*allowance >= 0)
        *allowance -= paid;
      split->fund += paid;
      split->copay += in_cap - paid;

      use (run, entry, &segment->meta);
      if (run->trace)
        {
          const char *range = keep (run, g_strdup_printf (_("%s to %s"), money (run, a + offset),
                                                          money (run, b + offset)));
          char *text = in_cap == portion
            ? g_strdup_printf (_("Covered costs %s: %s at %s — the fund pays %s, you pay %s."),
                               range, money (run, portion), rate (run, rates[i]),
                               money (run, paid), money (run, portion - paid))
            : g_strdup_printf (_("Covered costs %s: %s at %s — the fund pays %s and reaches its cap; you pay %s, and %s is above the cap."),
                               range, money (run, portion), rate (run, rates[i]),
                               money (run, paid), money (run, in_cap - paid), money (run, portion - in_cap));
          add_step (run, YIDI_RULE_SEGMENT, YIDI_PARAM_RATIO, entry, &segment->meta,
                    YIDI_TRACE_VALUE_BP, rates[i], paid, keep (run, text));
        }
    }

  /* Whatever lies beyond the last segment or the cost cap. */
  if (to - from > walked)
    {
      YidiFen beyond = to - from - walked;

      split->over_cap += beyond;
      run->out->notes |= YIDI_NOTE_CAP_REACHED;
      if (run->trace)
        add_text (run, YIDI_RULE_ANNUAL_CAP, beyond,
                  keep (run, g_strdup_printf (_("%s of covered costs lie beyond what the fund pays for in a year; the fund pays none of it."),
                                              money (run, beyond))));
    }
}

typedef struct {
  YidiFen deductible_copay;   /* deductible + co-payment still owed */
  YidiFen over_cap;
  YidiFen pre;
  YidiFen self_pay;
} Owed;

/* Takes @amount off what is owed, in the order the layer's base lists. */
static void
take (Owed          *owed,
      YidiLayerBase  base,
      gboolean       include_pre,
      YidiFen        amount)
{
  YidiFen *order[4];
  guint n = 0;

  if (base == YIDI_LAYER_BASE_OVER_CAP)
    order[n++] = &owed->over_cap;
  else
    {
      order[n++] = &owed->deductible_copay;
      order[n++] = &owed->over_cap;
      if (include_pre || base == YIDI_LAYER_BASE_PERSONAL_ALL)
        order[n++] = &owed->pre;
      if (base == YIDI_LAYER_BASE_PERSONAL_ALL)
        order[n++] = &owed->self_pay;
    }

  for (guint i = 0; i < n && amount > 0; i++)
    {
      YidiFen part = MIN (amount, *order[i]);
      *order[i] -= part;
      amount -= part;
    }
  g_assert (amount == 0);
}

/* A layer on top of the basic fund: 大额互助, 附加基金, 大病保险,
 * 公务员医疗补助, 医疗救助. Returns what it pays. */
static YidiFen
apply_layer (Run         *run,
             YidiParamId  id,
             Owed        *owed,
             YidiFen      over_cap_before,
             YidiFen      paid_before)
{
  const YidiParamEntry *entry;
  const YidiLayerValue *layer;
  YidiEstimateUnknown flag;
  gboolean present;
  YidiFen base, before, start, end, paid = 0, lo = 0;

  flag = id == YIDI_PARAM_ABOVE_CAP ? YIDI_UNKNOWN_ABOVE_CAP
         : id == YIDI_PARAM_SERIOUS_ILLNESS ? YIDI_UNKNOWN_SERIOUS_ILLNESS
         : id == YIDI_PARAM_CIVIL_SERVANT_SUBSIDY ? YIDI_UNKNOWN_CIVIL_SERVANT
         : YIDI_UNKNOWN_ASSISTANCE;

  entry = lookup (run, id, &present);
  if (!present && id == YIDI_PARAM_ABOVE_CAP)
    return 0;   /* an optional layer: most schemes have none */
  if (entry == NULL || !entry->known)
    {
      not_known (run, flag, id, entry);
      return 0;
    }

  layer = entry->value;
  use (run, entry, NULL);
  if (layer->none)
    {
      if (run->trace)
        add_step (run, YIDI_RULE_LAYER, id, entry, NULL, YIDI_TRACE_VALUE_NONE, 0, 0,
                  keep (run, g_strdup_printf (_("This scheme has no %s."), param_label (id))));
      return 0;
    }

  switch (layer->base)
    {
    case YIDI_LAYER_BASE_OVER_CAP:
      base = owed->over_cap;
      before = over_cap_before;
      break;
    case YIDI_LAYER_BASE_PERSONAL_IN_SCOPE:
      base = owed->deductible_copay + owed->over_cap + (layer->include_pre_self_pay ? owed->pre : 0);
      before = run->in->ytd.personal_in_scope;
      break;
    case YIDI_LAYER_BASE_PERSONAL_ALL:
    default:
      base = owed->deductible_copay + owed->over_cap + owed->pre + owed->self_pay;
      before = run->in->ytd.personal_in_scope;
      break;
    }

  start = before;
  end = before + base;
  for (guint i = 0; i < layer->n_segments; i++)
    {
      const YidiLayerSegment *segment = &layer->segments[i];
      YidiFen seg_lo = layer->threshold + lo;
      YidiFen seg_hi = segment->up_to < 0 ? MAX_POSITION : layer->threshold + segment->up_to;
      YidiFen a = MAX (start, seg_lo);
      YidiFen b = MIN (end, seg_hi);
      YidiFen part;

      lo = segment->up_to;
      if (b <= a)
        continue;
      part = yidi_money_apply_rate (b - a, segment->rate);
      paid += part;
      use (run, entry, &segment->meta);
      if (run->trace)
        add_step (run, YIDI_RULE_LAYER, id, entry, &segment->meta, YIDI_TRACE_VALUE_BP, segment->rate, part,
                  keep (run, g_strdup_printf (_("%s pays %s: %s of %s above its threshold of %s."),
                                              layer->name, money (run, part), rate (run, segment->rate),
                                              money (run, b - a), money (run, layer->threshold))));
    }

  if (layer->cap >= 0)
    {
      YidiFen allowed = MAX (0, layer->cap - paid_before);

      if (paid > allowed)
        {
          if (run->trace)
            add_step (run, YIDI_RULE_LAYER, id, entry, NULL, YIDI_TRACE_VALUE_FEN, layer->cap, allowed,
                      keep (run, g_strdup_printf (_("%s pays at most %s a year; %s was paid already, so it pays %s instead of %s."),
                                                  layer->name, money (run, layer->cap), money (run, paid_before),
                                                  money (run, allowed), money (run, paid))));
          paid = allowed;
        }
    }

  if (paid == 0 && run->trace && base > 0)
    add_step (run, YIDI_RULE_LAYER, id, entry, NULL, YIDI_TRACE_VALUE_FEN, layer->threshold, 0,
              keep (run, g_strdup_printf (_("%s pays nothing: what it covers (%s) stays below its threshold of %s this year."),
                                          layer->name, money (run, end), money (run, layer->threshold))));

  take (owed, layer->base, layer->include_pre_self_pay, paid);
  return paid;
}

static gboolean
compute (Run     *run,
         GError **error)
{
  const YidiEngineInput *in = run->in;
  const YidiEngineInsured *who = &in->insured;
  YidiEstimate *out = run->out;
  const YidiFen *totals = run->totals;
  const YidiParamEntry *entry;
  const YidiParamEntry *ratio_entry;
  const YidiDeductibleValue *deductible;
  const YidiRatioValue *ratio;
  const YidiLevelMoney *table;
  YidiBp rates[YIDI_MAX_SEGMENTS];
  YidiInstitutionLevel level = in->visit.level;
  YidiFen pre_b, pre_c, in_scope, ded, cap = MAX_POSITION, allowance = -1, offset, over_cap_before = 0;
  YidiBp cut, add = 0, age_max = YIDI_BP_WHOLE, floor = -1;
  gboolean not_paid, present, floored = FALSE;
  guint table_index;
  Split split = { 0, 0, 0 };
  Owed owed;

  for (guint c = 0; c < YIDI_BILL_N_CATEGORIES; c++)
    out->total += totals[c];
  out->settlement = who->settlement;
  out->area = treatment_area (run->pack, in->visit.treatment_place);
  insurance_year (run->pack, &in->visit.admission, &out->year_start, &out->year_end);

  run->q.date = g_date_get_julian (&in->visit.admission);
  run->q.status = who->member_status;
  run->q.age = who->age;
  run->q.area = out->area;
  run->q.filing = who->filed ? who->filing_category : YIDI_FILING_NONE;
  run->q.civil_servant = who->civil_servant;
  run->q.low_income = who->low_income;

  if (!yidi_policy_pack_covers (run->pack, run->q.date))
    {
      g_autofree char *name = display_name (run);
      g_autofree char *day = date_text (run->q.date);

      if (run->pack->coverage_until_text != NULL)
        g_set_error (error, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_OUT_OF_RANGE,
                     _("The figures Yidi has for %s cover stays from %s to %s; %s is outside. Yidi does not guess figures for other dates."),
                     name, run->pack->coverage_from_text, run->pack->coverage_until_text, day);
      else
        g_set_error (error, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_OUT_OF_RANGE,
                     _("The figures Yidi has for %s cover stays from %s; %s is earlier. Yidi does not guess figures for other dates."),
                     name, run->pack->coverage_from_text, day);
      return FALSE;
    }

  if (run->trace)
    {
      g_autofree char *name = display_name (run);
      g_autofree char *day = date_text (run->q.date);
      char start_text[16], end_text[16];

      g_date_strftime (start_text, sizeof start_text, "%Y-%m-%d", &out->year_start);
      g_date_strftime (end_text, sizeof end_text, "%Y-%m-%d", &out->year_end);
      add_text (run, YIDI_RULE_POLICY, -1,
                keep (run, g_strdup_printf (_("Policy of the insured place: %s (%s), with the values in force on %s. The insurance year runs from %s to %s."),
                                            name, run->pack->id, day, start_text, end_text)));
    }

  if (who->legacy_scheme_name)
    {
      out->notes |= YIDI_NOTE_LEGACY_SCHEME;
      if (run->trace)
        add_text (run, YIDI_RULE_SCHEME, -1,
                  _("The New Rural Cooperative Medical Scheme (新农合) has been merged into urban and rural resident medical insurance (城乡居民医保); its rules apply."));
    }

  if (run->trace)
    add_text (run, YIDI_RULE_AREA, -1, out->area == YIDI_AREA_LOCAL
              ? _("The hospital is in the insured place: this is not treatment in another place, and no filing is needed.")
              : out->area == YIDI_AREA_IN_PROVINCE
              ? _("The hospital is elsewhere in the same province (省内异地就医).")
              : _("The hospital is in another province (跨省异地就医)."));

  if (out->area == YIDI_AREA_LOCAL)
    {
      out->notes |= YIDI_NOTE_LOCAL;
      cut = 0;
      not_paid = FALSE;
      if (in->visit.trauma_no_third_party && !in->visit.commitment_signed &&
          out->settlement == YIDI_SETTLEMENT_DIRECT)
        {
          out->notes |= YIDI_NOTE_TRAUMA_NO_COMMITMENT;
          out->settlement = YIDI_SETTLEMENT_MANUAL;
          if (run->trace)
            add_text (run, YIDI_RULE_TRAUMA, -1,
                      _("Injury without a liable third party (无第三方责任外伤): until the commitment letter (承诺书) is signed the hospital cannot settle directly. Sign it at the hospital, or pay first and claim back."));
        }
      else if (in->visit.trauma_no_third_party && in->visit.commitment_signed)
        {
          out->notes |= YIDI_NOTE_TRAUMA_COMMITMENT;
          if (run->trace)
            add_text (run, YIDI_RULE_TRAUMA, -1,
                      _("Injury without a liable third party (无第三方责任外伤): with the signed commitment letter (承诺书) it is settled like any other stay."));
        }
    }
  else
    cut = cross_region (run, &not_paid);
  out->reduction = cut;

  check_eligibility (run);

  /* What the treatment place's lists leave out, and the shares paid first. */
  out->self_pay = totals[YIDI_BILL_SELF_PAY] + totals[YIDI_BILL_OVER_STANDARD];
  if (run->trace && out->self_pay > 0)
    add_text (run, YIDI_RULE_SELF_PAY, out->self_pay,
              keep (run, g_strdup_printf (_("Not covered by the lists (丙类, items above the standard): %s, paid by you in full."),
                                          money (run, out->self_pay))));

  pre_b = pre_self_pay (run, YIDI_BILL_CLASS_B, totals[YIDI_BILL_CLASS_B], YIDI_PARAM_CLASS_B_PRE_SELF_PAY,
                        YIDI_RULE_CLASS_B, YIDI_UNKNOWN_CLASS_B);
  pre_c = pre_self_pay (run, YIDI_BILL_CONSUMABLES, totals[YIDI_BILL_CONSUMABLES], YIDI_PARAM_CONSUMABLES_PRE_SELF_PAY,
                        YIDI_RULE_CONSUMABLES, YIDI_UNKNOWN_CONSUMABLES);
  out->pre_self_pay = pre_b + pre_c;
  in_scope = totals[YIDI_BILL_CLASS_A] + totals[YIDI_BILL_CLASS_B] - pre_b + totals[YIDI_BILL_CONSUMABLES] - pre_c;

  if (run->trace)
    add_text (run, YIDI_RULE_IN_SCOPE, in_scope,
              keep (run, g_strdup_printf (_("Covered costs (政策范围内费用): %s."), money (run, in_scope))));

  if (!out->eligible || not_paid)
    {
      out->not_covered = in_scope;
      if (run->trace)
        add_text (run, YIDI_RULE_NOT_COVERED, in_scope,
                  keep (run, g_strdup_printf (_("The fund pays nothing for this stay: you pay the covered costs too, %s."),
                                              money (run, in_scope))));
      goto totals;
    }

  /* The deductible (起付线). */
  entry = lookup (run, YIDI_PARAM_DEDUCTIBLE, &present);
  if (entry == NULL || !entry->known)
    return essential_missing (run, YIDI_PARAM_DEDUCTIBLE, entry, NULL, error);
  deductible = entry->value;
  table_index = deductible->basis == YIDI_DEDUCTIBLE_PER_YEAR ? 0
                : MIN (in->ytd.admissions, deductible->n_tables - 1);
  table = &deductible->tables[table_index];
  if ((table->known & (1 << level)) == 0)
    return essential_missing (run, YIDI_PARAM_DEDUCTIBLE, entry, yidi_institution_level_get_label (level), error);
  use (run, entry, &table->meta);

  ded = table->amount[level];
  if (deductible->basis == YIDI_DEDUCTIBLE_PER_YEAR)
    {
      YidiFen left = MAX (0, ded - in->ytd.deductible_paid);

      if (run->trace)
        add_step (run, YIDI_RULE_DEDUCTIBLE, YIDI_PARAM_DEDUCTIBLE, entry, &table->meta, YIDI_TRACE_VALUE_FEN, ded,
                  MIN (left, in_scope),
                  keep (run, g_strdup_printf (_("Deductible (起付线) at %s: %s once a year; %s met already, so you pay %s now."),
                                              yidi_institution_level_get_label (level), money (run, ded),
                                              money (run, MIN (ded, in->ytd.deductible_paid)),
                                              money (run, MIN (left, in_scope)))));
      ded = left;
    }
  else
    {
      guint times = 1;

      if (deductible->repeat_after_days > 0)
        {
          if (g_date_valid (&in->visit.discharge))
            {
              guint days = g_date_days_between (&in->visit.admission, &in->visit.discharge);

              times = MAX (1, (days + deductible->repeat_after_days - 1) / deductible->repeat_after_days);
              if (times > 1)
                out->notes |= YIDI_NOTE_DEDUCTIBLE_REPEATED;
              if (run->trace && times > 1)
                add_step (run, YIDI_RULE_DEDUCTIBLE, YIDI_PARAM_DEDUCTIBLE, entry, NULL, YIDI_TRACE_VALUE_COUNT, times, -1,
                          keep (run, g_strdup_printf (_("The stay lasts %u days: the deductible counts %u times (once for every %d days)."),
                                                      days, times, deductible->repeat_after_days)));
            }
          else
            {
              run->out->unknown |= YIDI_UNKNOWN_STAY_LENGTH;
              if (run->trace)
                add_step (run, YIDI_RULE_DEDUCTIBLE, YIDI_PARAM_DEDUCTIBLE, entry, NULL, YIDI_TRACE_VALUE_COUNT,
                          deductible->repeat_after_days, -1,
                          keep (run, g_strdup_printf (_("This policy counts the deductible again for every %d days of a stay; the discharge date is not given, so it is counted once."),
                                                      deductible->repeat_after_days)));
            }
        }
      ded *= times;
      if (run->trace)
        add_step (run, YIDI_RULE_DEDUCTIBLE, YIDI_PARAM_DEDUCTIBLE, entry, &table->meta, YIDI_TRACE_VALUE_FEN,
                  table->amount[level], MIN (ded, in_scope),
                  keep (run, g_strdup_printf (_("Deductible (起付线) for stay %u of the year at %s: %s; you pay %s of it."),
                                              in->ytd.admissions + 1, yidi_institution_level_get_label (level),
                                              money (run, table->amount[level] * times), money (run, MIN (ded, in_scope)))));
    }
  out->deductible = MIN (ded, in_scope);

  /* The fund's share by segment (支付比例), with age additions, the cut for
   * treatment elsewhere and its floor. */
  ratio_entry = lookup (run, YIDI_PARAM_RATIO, &present);
  if (ratio_entry == NULL || !ratio_entry->known)
    return essential_missing (run, YIDI_PARAM_RATIO, ratio_entry, NULL, error);
  ratio = ratio_entry->value;
  for (guint i = 0; i < ratio->n_segments; i++)
    if ((ratio->segments[i].known & (1 << level)) == 0)
      return essential_missing (run, YIDI_PARAM_RATIO, ratio_entry, yidi_institution_level_get_label (level), error);

  entry = lookup (run, YIDI_PARAM_AGE_ADDITION, &present);
  if (entry != NULL && entry->known)
    {
      const YidiAgeValue *age = entry->value;

      for (guint i = 0; i < age->n_steps; i++)
        if (who->age >= age->steps[i].age_min)
          add = age->steps[i].add;
      age_max = age->max;
      if (add > 0)
        {
          use (run, entry, NULL);
          if (run->trace)
            add_step (run, YIDI_RULE_AGE_ADDITION, YIDI_PARAM_AGE_ADDITION, entry, NULL, YIDI_TRACE_VALUE_BP, add, -1,
                      keep (run, g_strdup_printf (_("At age %d the fund’s share rises by %s points, up to %s at most."),
                                                  who->age, points (run, add), rate (run, age_max))));
        }
    }
  else if (present)
    not_known (run, 0, YIDI_PARAM_AGE_ADDITION, entry);

  if (cut > 0)
    {
      entry = lookup (run, YIDI_PARAM_RATIO_FLOOR, &present);
      if (entry != NULL && entry->known)
        {
          floor = entry->rate;
          use (run, entry, NULL);
        }
      else if (present)
        not_known (run, 0, YIDI_PARAM_RATIO_FLOOR, entry);
    }

  for (guint i = 0; i < ratio->n_segments; i++)
    {
      YidiBp base = ratio->segments[i].rate[level];
      YidiBp r = base;

      if (add > 0)
        r = MAX (r, MIN (r + add, age_max));
      r -= cut;
      if (floor >= 0 && r < MIN (floor, base))
        {
          r = MIN (floor, base);
          if (run->trace && !floored)
            add_step (run, YIDI_RULE_RATIO_FLOOR, YIDI_PARAM_RATIO_FLOOR, lookup (run, YIDI_PARAM_RATIO_FLOOR, &present),
                      NULL, YIDI_TRACE_VALUE_BP, floor, -1,
                      keep (run, g_strdup_printf (_("The fund’s share does not fall below %s for treatment in another place."),
                                                  rate (run, floor))));
          floored = TRUE;
        }
      rates[i] = CLAMP (r, 0, YIDI_BP_WHOLE);
    }

  /* The caps: the last segment's bound, and the annual cap on fund
   * payments or on covered costs. Segments count from the first fen of the
   * stay, or of the year; the annual cap always counts the year. */
  offset = ratio->accumulation == YIDI_ACCUMULATE_YEAR ? in->ytd.in_scope_cost : 0;
  if (ratio->segments[ratio->n_segments - 1].up_to >= 0)
    {
      YidiFen bound = ratio->segments[ratio->n_segments - 1].up_to;

      cap = MAX (0, bound - offset);
      if (offset > 0)
        over_cap_before = MAX (0, offset - bound);
    }

  entry = lookup (run, YIDI_PARAM_ANNUAL_CAP, &present);
  if (entry != NULL && entry->known)
    {
      const YidiCapValue *annual = entry->value;

      use (run, entry, NULL);
      if (annual->basis == YIDI_CAP_FUND_PAYMENT)
        {
          allowance = MAX (0, annual->amount - in->ytd.fund_paid);
          if (run->trace)
            add_step (run, YIDI_RULE_ANNUAL_CAP, YIDI_PARAM_ANNUAL_CAP, entry, NULL, YIDI_TRACE_VALUE_FEN, annual->amount, -1,
                      keep (run, g_strdup_printf (_("The fund pays at most %s a year (封顶线); %s was paid already, so %s is left."),
                                                  money (run, annual->amount), money (run, in->ytd.fund_paid),
                                                  money (run, allowance))));
        }
      else
        {
          cap = MIN (cap, MAX (0, annual->amount - in->ytd.in_scope_cost));
          over_cap_before = MAX (over_cap_before, in->ytd.in_scope_cost - annual->amount);
          if (run->trace)
            add_step (run, YIDI_RULE_ANNUAL_CAP, YIDI_PARAM_ANNUAL_CAP, entry, NULL, YIDI_TRACE_VALUE_FEN, annual->amount, -1,
                      keep (run, g_strdup_printf (_("The fund pays for covered costs up to %s a year (年度限额); %s counted already this year."),
                                                  money (run, annual->amount), money (run, in->ytd.in_scope_cost))));
        }
    }
  else if (ratio->segments[ratio->n_segments - 1].up_to < 0)
    not_known (run, YIDI_UNKNOWN_ANNUAL_CAP, YIDI_PARAM_ANNUAL_CAP, entry);

  /* The share where the first covered fen falls, for a one-line summary. */
  out->ratio = rates[ratio->n_segments - 1];
  for (guint i = 0; i < ratio->n_segments; i++)
    if (ratio->segments[i].up_to < 0 || out->deductible + offset < ratio->segments[i].up_to)
      {
        out->ratio = rates[i];
        break;
      }

  walk_segments (run, ratio_entry, ratio, rates, out->deductible, in_scope, offset, cap, &allowance, &split);

  out->fund = split.fund;
  out->copayment = split.copay;
  out->over_cap = split.over_cap;
  g_assert (out->deductible + out->fund + out->copayment + out->over_cap == in_scope);

  /* Layers on top of the basic fund, each on what is still owed. */
  owed.deductible_copay = out->deductible + out->copayment;
  owed.over_cap = out->over_cap;
  owed.pre = out->pre_self_pay;
  owed.self_pay = out->self_pay;

  out->serious_illness = apply_layer (run, YIDI_PARAM_ABOVE_CAP, &owed, over_cap_before, in->ytd.serious_illness_paid);
  out->serious_illness += apply_layer (run, YIDI_PARAM_SERIOUS_ILLNESS, &owed, over_cap_before,
                                       in->ytd.serious_illness_paid + out->serious_illness);
  if (who->civil_servant)
    out->civil_servant = apply_layer (run, YIDI_PARAM_CIVIL_SERVANT_SUBSIDY, &owed, over_cap_before,
                                      in->ytd.civil_servant_paid);
  if (who->low_income)
    out->assistance = apply_layer (run, YIDI_PARAM_MEDICAL_ASSISTANCE, &owed, over_cap_before,
                                   in->ytd.assistance_paid);

totals:
  out->out_of_pocket = out->total - out->fund - out->serious_illness - out->civil_servant - out->assistance;
  g_assert (out->out_of_pocket >= 0);
  g_assert (out->self_pay + out->pre_self_pay + out->deductible + out->copayment + out->over_cap +
            out->not_covered - out->serious_illness - out->civil_servant - out->assistance == out->out_of_pocket);

  /* The personal account (个人账户). */
  if (who->scheme == YIDI_SCHEME_RESIDENT)
    {
      out->personal_account_known = TRUE;
      out->personal_account = 0;
      if (run->trace)
        add_text (run, YIDI_RULE_PERSONAL_ACCOUNT, 0,
                  _("Resident insurance has no personal account (个人账户): you pay your part in cash or by other means."));
    }
  else
    {
      entry = lookup (run, YIDI_PARAM_PERSONAL_ACCOUNT, &present);
      if (entry != NULL && entry->known)
        {
          const YidiAccountValue *account = entry->value;
          YidiFen self = MIN (out->self_pay, out->out_of_pocket);

          use (run, entry, NULL);
          out->personal_account_known = TRUE;
          out->personal_account = (account->in_scope ? out->out_of_pocket - self : 0) +
                                  (account->self_pay ? self : 0);
          if (run->trace)
            add_step (run, YIDI_RULE_PERSONAL_ACCOUNT, YIDI_PARAM_PERSONAL_ACCOUNT, entry, NULL,
                      YIDI_TRACE_VALUE_NONE, 0, out->personal_account,
                      keep (run, g_strdup_printf (_("Your personal account (个人账户) may pay %s of your part."),
                                                  money (run, out->personal_account))));
        }
      else
        not_known (run, YIDI_UNKNOWN_PERSONAL_ACCOUNT, YIDI_PARAM_PERSONAL_ACCOUNT, entry);
    }

  if (run->trace)
    add_text (run, YIDI_RULE_TOTAL, out->out_of_pocket,
              keep (run, g_strdup_printf (_("In all, of %s: the basic fund pays %s, other insurance and aid pay %s, and you pay %s."),
                                          money (run, out->total), money (run, out->fund),
                                          money (run, out->serious_illness + out->civil_servant + out->assistance),
                                          money (run, out->out_of_pocket))));

  return TRUE;
}

/**
 * yidi_engine_input_init:
 *
 * Sets @input to an empty inpatient case: in-service employee, not filed,
 * direct settlement, level 3 hospital, no bill, nothing so far this year.
 * The caller fills in the places, age, admission date and bill.
 */
void
yidi_engine_input_init (YidiEngineInput *input)
{
  g_return_if_fail (input != NULL);

  memset (input, 0, sizeof *input);
  input->insured.scheme = YIDI_SCHEME_EMPLOYEE;
  input->insured.member_status = YIDI_MEMBER_IN_SERVICE;
  input->insured.age = -1;
  input->insured.filing_category = YIDI_FILING_NONE;
  input->insured.settlement = YIDI_SETTLEMENT_DIRECT;
  input->insured.enrolment = YIDI_ENROLMENT_CONTINUOUS;
  g_date_clear (&input->insured.enrolled_since, 1);
  input->visit.type = YIDI_VISIT_INPATIENT;
  input->visit.level = YIDI_LEVEL_3;
  g_date_clear (&input->visit.admission, 1);
  g_date_clear (&input->visit.discharge, 1);
}

/**
 * yidi_engine_estimate:
 * @set: the policies
 * @input: the case, visit, bill and year so far
 * @flags: %YIDI_ESTIMATE_TRACE to keep the steps
 * @result: (out caller-allocates): cleared, then filled; release it with
 *   yidi_estimate_clear()
 *
 * Estimates who pays what for one stay or visit. Without a trace nothing
 * is allocated.
 *
 * Returns: %FALSE with @error set in %YIDI_ENGINE_ERROR (or
 *   %YIDI_POLICY_ERROR for a place or tier without a policy).
 */
gboolean
yidi_engine_estimate (YidiPolicySet          *set,
                      const YidiEngineInput  *input,
                      YidiEstimateFlags       flags,
                      YidiEstimate           *result,
                      GError                **error)
{
  Run run = { 0 };
  GError *local_error = NULL;
  const char *tier;

  g_return_val_if_fail (set != NULL, FALSE);
  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (result, 0, sizeof *result);
  g_date_clear (&result->eligible_from, 1);
  result->eligible = TRUE;

  tier = input->insured.tier[0] != '\0' ? input->insured.tier : NULL;
  if (memchr (input->insured.tier, '\0', sizeof input->insured.tier) == NULL ||
      memchr (input->insured.insured_place, '\0', sizeof input->insured.insured_place) == NULL ||
      memchr (input->visit.treatment_place, '\0', sizeof input->visit.treatment_place) == NULL)
    {
      g_set_error_literal (error, YIDI_ENGINE_ERROR, YIDI_ENGINE_ERROR_INVALID_INPUT,
                           _("A place code or tier in the case is too long. Use six digits for places."));
      return FALSE;
    }

  if (!check_input (input, run.totals, error))
    return FALSE;

  run.pack = yidi_policy_set_lookup (set, input->insured.insured_place, input->insured.scheme, tier, &local_error);
  if (run.pack == NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  run.national = yidi_policy_set_get_national (set);
  run.in = input;
  run.out = result;
  run.visit = input->visit.type;
  run.trace = (flags & YIDI_ESTIMATE_TRACE) != 0;
  result->pack = run.pack;
  if (run.trace)
    {
      result->trace = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_trace_step_free);
      run.scratch = g_ptr_array_new_with_free_func (g_free);
    }

  if (!compute (&run, error))
    {
      g_clear_pointer (&run.scratch, g_ptr_array_unref);
      yidi_estimate_clear (result);
      return FALSE;
    }

  g_clear_pointer (&run.scratch, g_ptr_array_unref);
  return TRUE;
}

/**
 * yidi_estimate_clear:
 *
 * Frees what @result holds (its trace) and zeroes it.
 */
void
yidi_estimate_clear (YidiEstimate *result)
{
  g_return_if_fail (result != NULL);

  g_clear_pointer (&result->trace, g_ptr_array_unref);
  memset (result, 0, sizeof *result);
}

/**
 * yidi_engine_estimate_levels:
 *
 * Estimates @input once for each institution level, for ranking
 * institutions that differ only in level. A level the policy has no
 * figures for gets an error instead of an estimate.
 */
void
yidi_engine_estimate_levels (YidiPolicySet         *set,
                             const YidiEngineInput *input,
                             YidiLevelEstimates    *result)
{
  YidiEngineInput variant;

  g_return_if_fail (set != NULL);
  g_return_if_fail (input != NULL);
  g_return_if_fail (result != NULL);

  memset (result, 0, sizeof *result);
  variant = *input;
  for (guint level = 0; level < YIDI_ENGINE_N_LEVELS; level++)
    {
      variant.visit.level = level;
      yidi_engine_estimate (set, &variant, YIDI_ESTIMATE_DEFAULT, &result->estimate[level], &result->error[level]);
    }
}

void
yidi_level_estimates_clear (YidiLevelEstimates *result)
{
  g_return_if_fail (result != NULL);

  for (guint level = 0; level < YIDI_ENGINE_N_LEVELS; level++)
    {
      yidi_estimate_clear (&result->estimate[level]);
      g_clear_error (&result->error[level]);
    }
}

void
yidi_scenario_free (YidiScenario *scenario)
{
  if (scenario == NULL)
    return;
  g_free (scenario->label);
  yidi_estimate_clear (&scenario->estimate);
  g_clear_error (&scenario->error);
  g_free (scenario);
}

static void
add_scenario (GPtrArray             *out,
              YidiPolicySet         *set,
              YidiScenarioAxis       axis,
              const char            *label,
              const YidiEngineInput *current,
              const YidiEngineInput *variant,
              YidiEstimateFlags      flags)
{
  YidiScenario *scenario = g_new0 (YidiScenario, 1);

  scenario->axis = axis;
  scenario->label = g_strdup (label);
  scenario->input = *variant;
  scenario->is_current = current->insured.filed == variant->insured.filed &&
                         current->insured.filing_category == variant->insured.filing_category &&
                         current->insured.settlement == variant->insured.settlement &&
                         current->visit.level == variant->visit.level;
  yidi_engine_estimate (set, &scenario->input, flags, &scenario->estimate, &scenario->error);
  g_ptr_array_add (out, scenario);
}

/**
 * yidi_engine_compare:
 * @axes: a mask of (1 << #YidiScenarioAxis), or %YIDI_SCENARIO_ALL
 *
 * Estimates the same case under variations, two per axis side by side:
 * filed or not, referral or not, level 2 or 3, long-term or temporary,
 * settled directly or claimed back. The bill line pointer is shared with
 * @input, which must outlive the result.
 *
 * Returns: (transfer full) (element-type YidiScenario): the variations in
 *   axis order.
 */
GPtrArray *
yidi_engine_compare (YidiPolicySet         *set,
                     const YidiEngineInput *input,
                     guint                  axes,
                     YidiEstimateFlags      flags)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_scenario_free);
  YidiEngineInput a, b;

  g_return_val_if_fail (set != NULL, out);
  g_return_val_if_fail (input != NULL, out);

  if (axes & (1 << YIDI_SCENARIO_FILING))
    {
      a = *input;
      a.insured.filed = TRUE;
      if (a.insured.filing_category == YIDI_FILING_NONE)
        a.insured.filing_category = YIDI_FILING_OTHER_TEMPORARY;
      b = *input;
      b.insured.filed = FALSE;
      if (b.insured.filing_category == YIDI_FILING_EMERGENCY)
        b.insured.filing_category = YIDI_FILING_NONE;
      add_scenario (out, set, YIDI_SCENARIO_FILING, _("Filed (备案) before discharge"), input, &a, flags);
      add_scenario (out, set, YIDI_SCENARIO_FILING, _("Not filed"), input, &b, flags);
    }

  if (axes & (1 << YIDI_SCENARIO_REFERRAL))
    {
      a = *input;
      a.insured.filed = TRUE;
      a.insured.filing_category = YIDI_FILING_REFERRAL;
      b = *input;
      b.insured.filed = TRUE;
      b.insured.filing_category = YIDI_FILING_OTHER_TEMPORARY;
      add_scenario (out, set, YIDI_SCENARIO_REFERRAL, _("With a referral (转诊)"), input, &a, flags);
      add_scenario (out, set, YIDI_SCENARIO_REFERRAL, _("Without a referral (other temporary stay)"), input, &b, flags);
    }

  if (axes & (1 << YIDI_SCENARIO_LEVEL))
    {
      a = *input;
      a.visit.level = YIDI_LEVEL_2;
      b = *input;
      b.visit.level = YIDI_LEVEL_3;
      add_scenario (out, set, YIDI_SCENARIO_LEVEL, _("At a level 2 hospital"), input, &a, flags);
      add_scenario (out, set, YIDI_SCENARIO_LEVEL, _("At a level 3 hospital"), input, &b, flags);
    }

  if (axes & (1 << YIDI_SCENARIO_TERM))
    {
      a = *input;
      a.insured.filed = TRUE;
      if (!yidi_filing_category_is_long_term (a.insured.filing_category))
        a.insured.filing_category = input->insured.member_status == YIDI_MEMBER_RETIRED
                                    ? YIDI_FILING_RESETTLED_RETIREE : YIDI_FILING_LONG_TERM_RESIDENT;
      b = *input;
      b.insured.filed = TRUE;
      b.insured.filing_category = YIDI_FILING_OTHER_TEMPORARY;
      add_scenario (out, set, YIDI_SCENARIO_TERM, _("Filed as a long-term resident"), input, &a, flags);
      add_scenario (out, set, YIDI_SCENARIO_TERM, _("Filed as a temporary stay"), input, &b, flags);
    }

  if (axes & (1 << YIDI_SCENARIO_SETTLEMENT))
    {
      a = *input;
      a.insured.settlement = YIDI_SETTLEMENT_DIRECT;
      b = *input;
      b.insured.settlement = YIDI_SETTLEMENT_MANUAL;
      add_scenario (out, set, YIDI_SCENARIO_SETTLEMENT, _("Settled directly at the hospital"), input, &a, flags);
      add_scenario (out, set, YIDI_SCENARIO_SETTLEMENT, _("Paid first, claimed back later"), input, &b, flags);
    }

  return out;
}

/**
 * yidi_estimate_unknown_get_text:
 * @flag: one #YidiEstimateUnknown
 *
 * Returns: a translated sentence saying what is not known and what it
 *   means for the person.
 */
const char *
yidi_estimate_unknown_get_text (YidiEstimateUnknown flag)
{
  switch (flag)
    {
    case YIDI_UNKNOWN_ANNUAL_CAP:
      return _("The fund’s annual cap is not known: for a very large bill the fund may pay less.");
    case YIDI_UNKNOWN_CLASS_B:
      return _("The share of class B items (乙类) you pay first is not known: you may pay more.");
    case YIDI_UNKNOWN_CONSUMABLES:
      return _("The share of high-value consumables you pay first is not known: you may pay more.");
    case YIDI_UNKNOWN_SERIOUS_ILLNESS:
      return _("Serious-illness insurance (大病保险) is not known: for a large bill it may pay part of your share.");
    case YIDI_UNKNOWN_ABOVE_CAP:
      return _("The insurance above the fund’s cap is not known: above the cap it may pay part.");
    case YIDI_UNKNOWN_CIVIL_SERVANT:
      return _("The civil-servant medical subsidy (公务员医疗补助) is not known: it may pay part of your share.");
    case YIDI_UNKNOWN_ASSISTANCE:
      return _("Medical assistance (医疗救助) is not known: for low-income families it may pay part of your share.");
    case YIDI_UNKNOWN_CROSS_REGION:
      return _("How much the insured place cuts the fund’s share for this filing category is not known: the fund may pay up to the national limit less.");
    case YIDI_UNKNOWN_MANUAL_SETTLEMENT:
      return _("Whether a claim paid first gets a lower share is not known for this policy.");
    case YIDI_UNKNOWN_NOT_FILED:
      return _("What the policy pays without a filing is not known: it may pay less or nothing. File before discharge to be safe.");
    case YIDI_UNKNOWN_WAITING_PERIOD:
      return _("Whether new members must wait before the fund pays is not known for this policy.");
    case YIDI_UNKNOWN_PERSONAL_ACCOUNT:
      return _("What the personal account (个人账户) may pay is not known for this policy.");
    case YIDI_UNKNOWN_NATIONAL_RULES:
      return _("The national rules for treatment in another province are not known for this date.");
    case YIDI_UNKNOWN_STAY_LENGTH:
      return _("The discharge date is not given: a long stay may count the deductible more than once.");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * yidi_estimate_note_get_text:
 * @flag: one #YidiEstimateNote
 *
 * Returns: (transfer full): a translated sentence for the note.
 */
char *
yidi_estimate_note_get_text (const YidiEstimate *result,
                             YidiEstimateNote    flag)
{
  g_return_val_if_fail (result != NULL, NULL);

  switch (flag)
    {
    case YIDI_NOTE_LEGACY_SCHEME:
      return g_strdup (_("The New Rural Cooperative Medical Scheme (新农合) is now part of urban and rural resident insurance; its rules are used."));
    case YIDI_NOTE_LOCAL:
      return g_strdup (_("The hospital is in the insured place, so local rules apply and no filing is needed."));
    case YIDI_NOTE_EMERGENCY_AS_FILED:
      return g_strdup (_("An emergency counts as filed. Complete the filing before discharge if you can."));
    case YIDI_NOTE_NOT_FILED:
      return g_strdup (_("Without a filing the hospital cannot settle directly: you pay everything first and claim back after filing."));
    case YIDI_NOTE_NOT_FILED_NOT_PAID:
      return g_strdup (_("Without a filing this policy pays nothing. File before discharge."));
    case YIDI_NOTE_TRAUMA_COMMITMENT:
      return g_strdup (_("The injury has no liable third party and the commitment letter is signed: it is settled directly."));
    case YIDI_NOTE_TRAUMA_NO_COMMITMENT:
      return g_strdup (_("For an injury without a liable third party, sign the commitment letter (承诺书) at the hospital so it can be settled directly."));
    case YIDI_NOTE_NOT_YET_ELIGIBLE:
      {
        char date[16] = "";

        if (g_date_valid (&result->eligible_from))
          g_date_strftime (date, sizeof date, "%Y-%m-%d", &result->eligible_from);
        return g_strdup_printf (_("Not yet eligible: the fund pays for care from %s."), date);
      }
    case YIDI_NOTE_NATIONAL_LIMIT:
      return g_strdup (_("The policy’s cut for treatment in another province is above the national limit; the limit is used."));
    case YIDI_NOTE_UNCONFIRMED:
      return g_strdup (_("Some figures come from a single source and are not confirmed. Check them with the local medical insurance bureau (医保局)."));
    case YIDI_NOTE_CAP_REACHED:
      return g_strdup (_("The fund reaches its annual cap with this stay."));
    case YIDI_NOTE_MANUAL_SETTLEMENT:
      return g_strdup (_("You pay first and claim back: keep the invoices, the itemised bill and the discharge summary."));
    case YIDI_NOTE_DEDUCTIBLE_REPEATED:
      return g_strdup (_("The stay is long enough for the deductible to count more than once."));
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * yidi_estimate_describe_unknown:
 *
 * Returns: (transfer full): one translated sentence per figure the policy
 *   does not give; empty when everything was known.
 */
char **
yidi_estimate_describe_unknown (const YidiEstimate *result)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (result != NULL, NULL);

  for (guint bit = 0; bit < 32; bit++)
    if (result->unknown & (1u << bit))
      g_strv_builder_add (builder, yidi_estimate_unknown_get_text (1u << bit));
  return g_strv_builder_end (builder);
}

/**
 * yidi_estimate_describe_notes:
 *
 * Returns: (transfer full): one translated sentence per note, for the
 *   plain-language lines under the figures.
 */
char **
yidi_estimate_describe_notes (const YidiEstimate *result)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (result != NULL, NULL);

  for (guint bit = 0; bit < 32; bit++)
    if (result->notes & (1u << bit))
      {
        g_autofree char *text = yidi_estimate_note_get_text (result, 1u << bit);
        g_strv_builder_add (builder, text);
      }
  return g_strv_builder_end (builder);
}

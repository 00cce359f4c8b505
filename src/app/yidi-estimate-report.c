/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-estimate-report"

#include "config.h"

#include <glib/gi18n.h>

#include "yidi-estimate-report.h"

const char *
yidi_trace_rule_get_label (YidiTraceRule rule)
{
  switch (rule)
    {
    case YIDI_RULE_POLICY: return _("Policy");
    case YIDI_RULE_SCHEME: return _("Scheme");
    case YIDI_RULE_AREA: return _("Where the care is");
    case YIDI_RULE_CATALOGUE: return _("Lists used");
    case YIDI_RULE_FILING: return _("Filing");
    case YIDI_RULE_REDUCTION: return _("Cut for another place");
    case YIDI_RULE_NATIONAL_LIMIT: return _("National limit");
    case YIDI_RULE_TRAUMA: return _("Injury");
    case YIDI_RULE_SETTLEMENT: return _("Settlement");
    case YIDI_RULE_ELIGIBILITY: return _("Eligibility");
    case YIDI_RULE_SELF_PAY: return _("Items not covered");
    case YIDI_RULE_CLASS_B: return _("Class B share paid first");
    case YIDI_RULE_CONSUMABLES: return _("Consumables share paid first");
    case YIDI_RULE_IN_SCOPE: return _("Covered costs");
    case YIDI_RULE_NOT_COVERED: return _("Not paid by the fund");
    case YIDI_RULE_DEDUCTIBLE: return _("Deductible");
    case YIDI_RULE_AGE_ADDITION: return _("Addition for age");
    case YIDI_RULE_RATIO_FLOOR: return _("Lowest share");
    case YIDI_RULE_SEGMENT: return _("Fund’s share");
    case YIDI_RULE_ANNUAL_CAP: return _("Annual cap");
    case YIDI_RULE_LAYER: return _("Further insurance");
    case YIDI_RULE_PERSONAL_ACCOUNT: return _("Personal account");
    case YIDI_RULE_NOT_KNOWN: return _("Not known");
    case YIDI_RULE_TOTAL: return _("Total");
    default: g_return_val_if_reached ("");
    }
}

char *
yidi_trace_step_format_value (const YidiTraceStep *step)
{
  g_return_val_if_fail (step != NULL, NULL);

  switch (step->value_kind)
    {
    case YIDI_TRACE_VALUE_FEN:
      return yidi_money_format (step->value);
    case YIDI_TRACE_VALUE_BP:
      return yidi_rate_format ((YidiBp) step->value);
    case YIDI_TRACE_VALUE_COUNT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, step->value);
    case YIDI_TRACE_VALUE_FLAG:
      return g_strdup (step->value ? _("yes") : _("no"));
    case YIDI_TRACE_VALUE_NONE:
    default:
      return NULL;
    }
}

char *
yidi_trace_step_describe (const YidiTraceStep *step,
                          YidiPolicySet       *policies)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *value = NULL;

  g_return_val_if_fail (step != NULL, NULL);

  /* Translators: "Rule: Deductible" in the details of a step of "Why?" */
  g_string_append_printf (text, _("Rule: %s"), yidi_trace_rule_get_label (step->rule));
  value = yidi_trace_step_format_value (step);
  if (value != NULL)
    g_string_append_printf (text, " · %s %s", _("Value:"), value);
  if (step->from != NULL)
    {
      g_string_append (text, " · ");
      if (step->until != NULL)
        g_string_append_printf (text, _("in force %s to %s"), step->from, step->until);
      else
        g_string_append_printf (text, _("in force from %s"), step->from);
    }
  if (step->param_key != NULL)
    g_string_append_printf (text, " · %s", !step->known ? _("not known")
                                           : step->confirmed ? _("confirmed")
                                           : _("unconfirmed"));
  /* The policy's own word on the figure: what it covers, what conflicts. */
  if (step->note != NULL)
    g_string_append_printf (text, " · %s %s", _("Note:"), step->note);
  for (guint i = 0; step->sources != NULL && step->sources[i] != NULL; i++)
    {
      const YidiPolicySource *source = policies != NULL ? yidi_policy_set_get_source (policies, step->sources[i]) : NULL;

      g_string_append_printf (text, " · %s ", _("Source:"));
      if (source == NULL)
        g_string_append (text, step->sources[i]);
      else
        {
          g_string_append (text, source->title);
          if (source->document_number != NULL)
            g_string_append_printf (text, " (%s)", source->document_number);
          if (source->published != NULL)
            g_string_append_printf (text, ", %s", source->published);
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
or_not_given (const char *text)
{
  return g_strdup (text != NULL && *text != '\0' ? text : _("Not given"));
}

static void
add_money_field (YidiReport *report,
                 const char *label,
                 YidiFen     amount)
{
  g_autofree char *text = yidi_money_format (amount);

  yidi_report_add_field (report, label, text);
}

YidiReport *
yidi_estimate_report_new (YidiEstimateModel            *model,
                          const YidiEstimateReportInfo *info,
                          const GDate                  *today,
                          GError                      **error)
{
  const YidiEstimate *estimate;
  const YidiEngineInput *input;
  YidiPolicySet *policies;
  g_autoptr(YidiReport) report = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *footer = NULL;
  g_auto(GStrv) notes = NULL;
  g_auto(GStrv) unknown = NULL;
  YidiFen parts[YIDI_N_PARTS];
  GPtrArray *scenarios;
  char date[16];

  g_return_val_if_fail (YIDI_IS_ESTIMATE_MODEL (model), NULL);
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  yidi_estimate_model_flush (model);
  estimate = yidi_estimate_model_get_estimate (model);
  if (estimate == NULL)
    {
      const GError *why = yidi_estimate_model_get_error (model);

      g_set_error_literal (error, YIDI_ESTIMATE_MODEL_ERROR, YIDI_ESTIMATE_MODEL_ERROR_INCOMPLETE,
                           why != NULL ? why->message : _("There is no estimate to print yet."));
      return NULL;
    }
  input = yidi_estimate_model_get_input (model);
  policies = yidi_estimate_model_get_policies (model);

  report = yidi_report_new (_("Cost estimate for a stay in another place"));
  yidi_report_set_body_size (report, 9.0);

  {
    g_autofree char *person = or_not_given (info->person);
    g_autofree char *insured = or_not_given (info->insured_place);
    g_autofree char *treated = or_not_given (info->treatment_place);
    g_autofree char *policy = yidi_policy_pack_get_display_name (estimate->pack);
    /* Translators: the insurance scheme, then working or retired */
    g_autofree char *insurance = g_strdup_printf (_("%s, %s"), yidi_scheme_get_label (input->insured.scheme),
                                                  yidi_member_status_get_label (input->insured.member_status));
    g_autofree char *age = g_strdup_printf ("%d", input->insured.age);

    yidi_report_add_field (report, _("Name"), person);
    yidi_report_add_field (report, _("Insured in"), insured);
    yidi_report_add_field (report, _("Insurance"), insurance);
    yidi_report_add_field (report, _("Age at admission"), age);
    yidi_report_add_field (report, _("Treated in"), treated);
    yidi_report_add_field (report, _("Filing"),
                           input->insured.filed ? yidi_filing_category_get_label (input->insured.filing_category)
                                                : _("Not filed"));
    g_date_strftime (date, sizeof date, "%Y-%m-%d", &input->visit.admission);
    {
      /* Translators: the kind of care, then the day it begins */
      g_autofree char *visit = g_strdup_printf (_("%s from %s"), yidi_visit_type_get_label (input->visit.type), date);
      yidi_report_add_field (report, _("Care"), visit);
    }
    if (info->hospital != NULL)
      {
        /* Translators: a hospital's name, then its level */
        g_autofree char *hospital = g_strdup_printf (_("%s (%s)"), info->hospital,
                                                     yidi_institution_level_get_label (input->visit.level));
        yidi_report_add_field (report, _("Hospital"), hospital);
      }
    else
      yidi_report_add_field (report, _("Hospital level"), yidi_institution_level_get_label (input->visit.level));
    yidi_report_add_field (report, _("Settlement"), yidi_settlement_get_label (estimate->settlement));
    yidi_report_add_field (report, _("Policy used"), policy);
  }

  yidi_report_add_heading (report, _("Who pays what"));
  add_money_field (report, _("Bill total"), estimate->total);
  yidi_estimate_split_parts (estimate, parts);
  for (guint i = 0; i < YIDI_N_PARTS; i++)
    if (parts[i] > 0)
      add_money_field (report, yidi_estimate_part_get_label (i), parts[i]);
  add_money_field (report, _("You pay in all"), estimate->out_of_pocket);
  if (estimate->personal_account_known && estimate->personal_account > 0)
    add_money_field (report, _("of which your personal account may pay"), estimate->personal_account);

  notes = yidi_estimate_describe_notes (estimate);
  unknown = yidi_estimate_describe_unknown (estimate);
  if (notes[0] != NULL)
    {
      yidi_report_add_heading (report, _("Good to know"));
      for (guint i = 0; notes[i] != NULL; i++)
        yidi_report_add_paragraph (report, notes[i]);
    }
  if (unknown[0] != NULL)
    {
      yidi_report_add_heading (report, _("Not known, so not counted"));
      for (guint i = 0; unknown[i] != NULL; i++)
        yidi_report_add_paragraph (report, unknown[i]);
    }

  scenarios = yidi_estimate_model_get_scenarios (model);
  if (scenarios != NULL && scenarios->len > 0)
    {
      static const double widths[] = { 0.6, 0.4 };
      const char *header[] = { _("The same stay"), _("You would pay"), NULL };

      yidi_report_add_heading (report, _("What would change it"));
      yidi_report_set_columns (report, widths, G_N_ELEMENTS (widths));
      yidi_report_add_row (report, header, TRUE);
      for (guint i = 0; i < scenarios->len; i++)
        {
          const YidiScenario *scenario = g_ptr_array_index (scenarios, i);
          g_autofree char *label = scenario->is_current ? g_strdup_printf (_("%s (as entered)"), scenario->label)
                                                        : g_strdup (scenario->label);
          g_autofree char *amount = scenario->error == NULL ? yidi_money_format (scenario->estimate.out_of_pocket)
                                                            : g_strdup (_("No estimate"));
          const char *cells[] = { label, amount, NULL };

          yidi_report_add_row (report, cells, FALSE);
        }
    }

  if (estimate->trace != NULL)
    {
      yidi_report_add_heading (report, _("Why? Step by step"));
      for (guint i = 0; i < estimate->trace->len; i++)
        {
          const YidiTraceStep *step = g_ptr_array_index (estimate->trace, i);
          g_autofree char *detail = yidi_trace_step_describe (step, policies);
          g_autofree char *text = g_strdup_printf ("%u. %s\n%s", i + 1, step->text, detail);

          yidi_report_add_paragraph (report, text);
        }
    }

  printed = yidi_date_format_for_people (today);
  /* Translators: the dated disclaimer at the foot of the printed estimate */
  footer = g_strdup_printf (_("Estimated by Yidi on %s from published policies. This is an estimate, not a bill: the hospital’s settlement and the insured place’s medical insurance agency have the last word."),
                            printed);
  yidi_report_set_footer (report, footer);
  return g_steal_pointer (&report);
}

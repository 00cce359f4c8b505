/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "yidi-cli.h"
#include "yidi-engine.h"
#include "yidi-estimate-json.h"
#include "yidi-policy.h"

/* yidi-cli estimate --case case.json --bill bill.json [--json] [--explain]
 *                   [--scenarios] */

static char *case_path = NULL;
static char *bill_path = NULL;
static char *policy_dir = NULL;
static gboolean as_json = FALSE;
static gboolean explain = FALSE;
static gboolean scenarios = FALSE;

static const GOptionEntry entries[] = {
  { "case", 0, 0, G_OPTION_ARG_FILENAME, &case_path, N_("The case: person, filing, stay and year so far (JSON)"), N_("FILE") },
  { "bill", 0, 0, G_OPTION_ARG_FILENAME, &bill_path, N_("The bill, as totals or line items (JSON)"), N_("FILE") },
  { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print the result as JSON"), NULL },
  { "explain", 0, 0, G_OPTION_ARG_NONE, &explain, N_("Show every step with its rule, value, date and sources"), NULL },
  { "scenarios", 0, 0, G_OPTION_ARG_NONE, &scenarios, N_("Also compare: filed or not, referral or not, level 2 or 3, long-term or temporary, direct or claimed back"), NULL },
  { "policy-dir", 0, 0, G_OPTION_ARG_FILENAME, &policy_dir, N_("Read policies from DIR"), N_("DIR") },
  { NULL }
};

static void
print_amount (const char *label,
              YidiFen     fen,
              gboolean    always)
{
  g_autofree char *text = NULL;

  if (fen == 0 && !always)
    return;
  text = yidi_money_format (fen);
  g_print ("  %16s  %s\n", text, label);
}

static void
print_lines (char **lines,
             const char *heading)
{
  if (lines == NULL || lines[0] == NULL)
    return;
  g_print ("\n%s\n", heading);
  for (guint i = 0; lines[i] != NULL; i++)
    g_print ("  · %s\n", lines[i]);
}

static void
print_trace (const YidiEstimate *result)
{
  g_print ("\n%s\n", _("Why? Step by step:"));
  for (guint i = 0; i < result->trace->len; i++)
    {
      const YidiTraceStep *step = g_ptr_array_index (result->trace, i);
      g_autoptr(GString) detail = g_string_new (NULL);

      g_print ("%3u. %s\n", i + 1, step->text);
      if (step->param_key != NULL)
        g_string_append (detail, step->param_key);
      if (step->from != NULL)
        {
          if (detail->len > 0)
            g_string_append (detail, " · ");
          if (step->until != NULL)
            g_string_append_printf (detail, _("in force %s to %s"), step->from, step->until);
          else
            g_string_append_printf (detail, _("in force from %s"), step->from);
        }
      if (step->param_key != NULL)
        {
          g_string_append (detail, " · ");
          g_string_append (detail, !step->known ? _("not known") : step->confirmed ? _("confirmed") : _("unconfirmed"));
        }
      if (step->sources[0] != NULL)
        {
          g_autofree char *ids = g_strjoinv (", ", step->sources);
          g_string_append_printf (detail, " · %s %s", _("sources:"), ids);
        }
      if (detail->len > 0)
        g_print ("     %s\n", detail->str);
      if (step->note != NULL)
        g_print ("     %s\n", step->note);
    }
}

static void
print_sources (const YidiEstimate *result,
               YidiPolicySet      *set)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean heading = FALSE;

  for (guint i = 0; i < result->trace->len; i++)
    {
      const YidiTraceStep *step = g_ptr_array_index (result->trace, i);

      for (guint j = 0; step->sources[j] != NULL; j++)
        {
          const YidiPolicySource *source;

          if (!g_hash_table_add (seen, step->sources[j]))
            continue;
          source = yidi_policy_set_get_source (set, step->sources[j]);
          if (source == NULL)
            continue;
          if (!heading)
            g_print ("\n%s\n", _("Sources"));
          heading = TRUE;
          g_print ("  %s  %s", source->id, source->title);
          if (source->document_number != NULL)
            g_print (" (%s)", source->document_number);
          if (source->published != NULL)
            g_print (", %s", source->published);
          g_print ("\n");
          if (source->url != NULL)
            g_print ("      %s\n", source->url);
        }
    }
}

static void
print_result (const YidiEngineInput *input,
              const YidiEstimate    *result,
              YidiPolicySet         *set)
{
  g_autofree char *name = yidi_policy_pack_get_display_name (result->pack);
  g_auto(GStrv) notes = yidi_estimate_describe_notes (result);
  g_auto(GStrv) unknown = yidi_estimate_describe_unknown (result);
  char date[16];

  g_date_strftime (date, sizeof date, "%Y-%m-%d", &input->visit.admission);
  g_print (_("Policy: %s (%s)\n"), name, yidi_policy_pack_get_id (result->pack));
  /* TRANSLATORS: e.g. "Hospital stay from 2025-03-01 · Level 3 · In another province · Settled directly at the hospital" */
  g_print (_("%s from %s · %s · %s · %s\n\n"), yidi_visit_type_get_label (input->visit.type), date,
           yidi_institution_level_get_label (input->visit.level), yidi_treatment_area_get_label (result->area),
           yidi_settlement_get_label (result->settlement));

  print_amount (_("Bill total"), result->total, TRUE);
  print_amount (_("Not covered, paid by you in full (自费)"), result->self_pay, FALSE);
  print_amount (_("Paid first by you (先行自付)"), result->pre_self_pay, FALSE);
  print_amount (_("Deductible (起付线)"), result->deductible, FALSE);
  print_amount (_("Your share of covered costs (自付)"), result->copayment, FALSE);
  print_amount (_("Covered costs above the cap"), result->over_cap, FALSE);
  print_amount (_("Covered costs the fund does not pay"), result->not_covered, FALSE);
  g_print ("\n");
  print_amount (_("Basic fund pays (统筹基金)"), result->fund, TRUE);
  print_amount (_("Serious-illness or large-amount insurance pays"), result->serious_illness, FALSE);
  print_amount (_("Civil-servant subsidy pays"), result->civil_servant, FALSE);
  print_amount (_("Medical assistance pays"), result->assistance, FALSE);
  print_amount (_("You pay"), result->out_of_pocket, TRUE);
  if (result->personal_account_known && result->personal_account > 0)
    print_amount (_("of which your personal account may pay"), result->personal_account, TRUE);

  print_lines (notes, _("Good to know:"));
  print_lines (unknown, _("Not known, so not counted:"));

  if (result->trace != NULL)
    {
      print_trace (result);
      print_sources (result, set);
    }
}

static void
print_scenarios (GPtrArray *list)
{
  g_print ("\n%s\n", _("The same stay, side by side:"));
  for (guint i = 0; i < list->len; i++)
    {
      const YidiScenario *scenario = g_ptr_array_index (list, i);

      if (i > 0 && scenario->axis != ((YidiScenario *) g_ptr_array_index (list, i - 1))->axis)
        g_print ("\n");
      if (scenario->error != NULL)
        g_print ("  %-44s %s\n", scenario->label, scenario->error->message);
      else
        {
          g_autofree char *oop = yidi_money_format (scenario->estimate.out_of_pocket);
          g_autofree char *fund = yidi_money_format (scenario->estimate.fund);

          static const YidiEstimateUnknown caveats[] = {
            YIDI_UNKNOWN_CROSS_REGION, YIDI_UNKNOWN_NOT_FILED, YIDI_UNKNOWN_MANUAL_SETTLEMENT,
          };

          g_print ("  %s%s\n", scenario->label, scenario->is_current ? _(" (as entered)") : "");
          g_print (_("      you pay %s, the fund pays %s\n"), oop, fund);
          for (guint j = 0; j < G_N_ELEMENTS (caveats); j++)
            if (scenario->estimate.unknown & caveats[j])
              g_print ("      ! %s\n", yidi_estimate_unknown_get_text (caveats[j]));
        }
    }
}

int
yidi_cli_run_estimate (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiPolicySet) set = NULL;
  g_autoptr(YidiEstimateRequest) request = NULL;
  g_auto(YidiEstimate) result = { 0 };
  g_autoptr(GPtrArray) variations = NULL;
  const YidiEngineInput *input;
  GPtrArray *problems;

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Estimate how much the fund pays and how much you pay for a stay or visit in "
                                  "another place, under the insured place’s policy. The file formats are described "
                                  "in policies/README.md."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      yidi_cli_print_error (error);
      return 2;
    }
  if (case_path == NULL || bill_path == NULL || argc > 1)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("%s", help);
      return 2;
    }

  request = yidi_estimate_request_new ();
  if (!yidi_estimate_request_load_files (request, case_path, bill_path, &error))
    {
      yidi_cli_print_error (error);
      return 1;
    }
  input = yidi_estimate_request_get_input (request);

  set = yidi_policy_set_load (policy_dir, &error);
  if (set == NULL)
    {
      yidi_cli_print_error (error);
      return 1;
    }
  problems = yidi_policy_set_get_problems (set);
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = yidi_policy_problem_to_string (g_ptr_array_index (problems, i));
      g_printerr ("yidi-cli: %s\n", line);
    }

  if (!yidi_engine_estimate (set, input, explain || as_json ? YIDI_ESTIMATE_TRACE : YIDI_ESTIMATE_DEFAULT,
                             &result, &error))
    {
      yidi_cli_print_error (error);
      return 1;
    }

  if (scenarios)
    variations = yidi_engine_compare (set, input, YIDI_SCENARIO_ALL, YIDI_ESTIMATE_DEFAULT);

  if (as_json)
    {
      g_autoptr(JsonNode) node = yidi_estimate_to_json (&result, set);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *text = NULL;

      if (variations != NULL)
        {
          g_autoptr(JsonNode) list = yidi_scenarios_to_json (variations, set);
          json_object_set_member (json_node_get_object (node), "scenarios", g_steal_pointer (&list));
        }
      json_generator_set_pretty (generator, TRUE);
      json_generator_set_root (generator, node);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
      return 0;
    }

  print_result (input, &result, set);
  if (variations != NULL)
    print_scenarios (variations);
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "yidi-filing.h"
#include "yidi-paths.h"

static char *
bundled_path (void)
{
  return yidi_filing_rules_get_default_path ();
}

static char *
bundled_text (void)
{
  g_autofree char *path = bundled_path ();
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static YidiFilingRules *
load_bundled (void)
{
  g_autofree char *path = bundled_path ();
  g_autoptr(GError) error = NULL;
  YidiFilingRules *rules = yidi_filing_rules_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rules);
  return rules;
}

static void
set_date (GDate      *date,
          const char *iso)
{
  g_assert_true (yidi_date_parse (iso, date));
}

static YidiCaseRecord *
make_record (YidiFilingCategory  category,
             YidiFilingStatus    status,
             const char         *filing_date,
             const char         *insured_place)
{
  YidiCaseRecord *record = yidi_case_record_new ();

  record->label = g_strdup ("Test");
  record->filing_category = category;
  record->filing_status = status;
  record->filing_date = g_strdup (filing_date);
  record->insured_place = g_strdup (insured_place);
  return record;
}

/* ---- Loading ------------------------------------------------------------- */

static void
test_bundled_rules_load (void)
{
  g_autoptr(YidiFilingRules) rules = load_bundled ();
  g_autofree char *sources = g_build_filename (yidi_paths_get_policy_dir (), "sources.json", NULL);
  g_autoptr(GError) error = NULL;

  /* Every rule cites sources that exist. */
  g_assert_true (yidi_filing_rules_check_sources (rules, sources, &error));
  g_assert_no_error (error);
}

/* ---- The questions ------------------------------------------------------- */

static GHashTable *
copy_answers (GHashTable *answers)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, answers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
  return copy;
}

/* Tries every answer to every question the flow asks, as a person
 * clicking through the Filing tab would, and counts the categories. */
static void
explore (YidiFilingRules *rules,
         GHashTable      *answers,
         guint           *counts,
         guint            depth)
{
  g_autoptr(YidiFilingFlow) flow = yidi_filing_flow_new (rules, answers);
  YidiFilingStep *open;

  g_assert_cmpuint (depth, <, 20);
  g_assert_cmpuint (flow->steps->len, >, 0);

  if (flow->category != YIDI_FILING_NONE)
    {
      g_assert_nonnull (flow->reason);
      g_assert_cmpstr (flow->reason, !=, "");
      counts[flow->category]++;
      return;
    }

  open = g_ptr_array_index (flow->steps, flow->steps->len - 1);
  g_assert_null (open->chosen);
  g_assert_nonnull (open->text);
  g_assert_cmpuint (open->answers->len, >=, 2);
  for (guint i = 0; i < flow->steps->len - 1; i++)
    g_assert_nonnull (((YidiFilingStep *) g_ptr_array_index (flow->steps, i))->chosen);

  for (guint i = 0; i < open->answers->len; i++)
    {
      YidiFilingAnswer *answer = g_ptr_array_index (open->answers, i);
      g_autoptr(GHashTable) next = copy_answers (answers);

      g_hash_table_insert (next, g_strdup (open->question_id), g_strdup (answer->id));
      explore (rules, next, counts, depth + 1);
    }
}

static void
test_every_category_reachable (void)
{
  g_autoptr(YidiFilingRules) rules = load_bundled ();
  g_autoptr(GHashTable) answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint counts[YIDI_FILING_OTHER_TEMPORARY + 1] = { 0 };

  explore (rules, answers, counts, 0);

  g_assert_cmpuint (counts[YIDI_FILING_NONE], ==, 0);
  for (int c = YIDI_FILING_RESETTLED_RETIREE; c <= YIDI_FILING_OTHER_TEMPORARY; c++)
    {
      if (counts[c] == 0)
        g_error ("no answers lead to %s", yidi_filing_category_to_key (c));
    }
}

typedef struct {
  const char         *answers;   /* "question=answer,…" */
  YidiFilingCategory  expected;
  guint               n_steps;
} FlowCase;

static GHashTable *
parse_answers (const char *spec)
{
  GHashTable *answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) pairs = g_strsplit (spec, ",", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (pairs[i], "=", 2);

      if (pair[0] != NULL && pair[1] != NULL)
        g_hash_table_insert (answers, g_strdup (pair[0]), g_strdup (pair[1]));
    }
  return answers;
}

static void
test_answers_decide_category (void)
{
  static const FlowCase cases[] = {
    { "emergency=yes", YIDI_FILING_EMERGENCY, 1 },
    { "emergency=no,retired=yes,resettled=yes", YIDI_FILING_RESETTLED_RETIREE, 3 },
    { "emergency=no,retired=yes,resettled=no,long_stay=long", YIDI_FILING_LONG_TERM_RESIDENT, 4 },
    { "emergency=no,retired=no,posted=yes", YIDI_FILING_RESIDENT_STAFF, 3 },
    { "emergency=no,retired=no,posted=no,long_stay=long", YIDI_FILING_LONG_TERM_RESIDENT, 4 },
    { "emergency=no,retired=no,posted=no,long_stay=short,referred=yes", YIDI_FILING_REFERRAL, 5 },
    { "emergency=no,retired=yes,resettled=no,long_stay=short,referred=no", YIDI_FILING_OTHER_TEMPORARY, 5 },
    /* Unanswered: the open question is the last step. */
    { "", YIDI_FILING_NONE, 1 },
    { "emergency=no,retired=no", YIDI_FILING_NONE, 3 },
    /* An answer the question does not have counts as unanswered. */
    { "emergency=maybe,retired=yes", YIDI_FILING_NONE, 1 },
    /* Changing an early answer ignores the answers off the new path. */
    { "emergency=yes,retired=no,posted=yes", YIDI_FILING_EMERGENCY, 1 },
    { "emergency=no,retired=yes,posted=yes", YIDI_FILING_NONE, 3 },
  };
  g_autoptr(YidiFilingRules) rules = load_bundled ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) answers = parse_answers (cases[i].answers);
      g_autoptr(YidiFilingFlow) flow = yidi_filing_flow_new (rules, answers);

      g_test_message ("answers: %s", cases[i].answers);
      g_assert_cmpint (flow->category, ==, cases[i].expected);
      g_assert_cmpuint (flow->steps->len, ==, cases[i].n_steps);
      g_assert_true ((flow->reason != NULL) == (cases[i].expected != YIDI_FILING_NONE));
    }

  /* The path after retired=yes asks "resettled", after retired=no "posted". */
  {
    g_autoptr(GHashTable) answers = parse_answers ("emergency=no,retired=yes");
    g_autoptr(YidiFilingFlow) flow = yidi_filing_flow_new (rules, answers);
    YidiFilingStep *step = g_ptr_array_index (flow->steps, 2);

    g_assert_cmpstr (step->question_id, ==, "resettled");
    g_assert_null (step->chosen);
  }
}

/* ---- Checklists ---------------------------------------------------------- */

static GString *
checklist_summary (GPtrArray *items)
{
  GString *summary = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      YidiFilingChecklistItem *item = g_ptr_array_index (items, i);

      g_assert_nonnull (item->label);
      g_assert_nonnull (item->term);
      if (summary->len > 0)
        g_string_append_c (summary, ' ');
      g_string_append (summary, item->key);
      if (item->alternative != NULL)
        {
          g_assert_nonnull (item->alternative_label);
          g_string_append_printf (summary, "|%s", item->alternative);
        }
    }
  return summary;
}

static void
test_checklist_per_category (void)
{
  static const struct {
    YidiFilingCategory category;
    const char *filing;
    const char *claim_extra;
  } expected[] = {
    { YIDI_FILING_RESETTLED_RETIREE, "filing/id_card filing/insurance_card filing/residence_proof|promise_letter", "claim/filing_record" },
    { YIDI_FILING_LONG_TERM_RESIDENT, "filing/id_card filing/insurance_card filing/residence_proof|promise_letter", "claim/filing_record" },
    { YIDI_FILING_RESIDENT_STAFF, "filing/id_card filing/insurance_card filing/work_proof|promise_letter", "claim/filing_record" },
    { YIDI_FILING_REFERRAL, "filing/id_card filing/insurance_card filing/referral_certificate", "claim/referral_certificate claim/filing_record" },
    { YIDI_FILING_EMERGENCY, "filing/insurance_card", "claim/emergency_proof" },
    { YIDI_FILING_OTHER_TEMPORARY, "filing/id_card filing/insurance_card filing/promise_letter", "claim/filing_record" },
  };
  static const char *claim_common =
    "claim/id_card claim/insurance_card claim/invoices claim/expense_list "
    "claim/discharge_summary claim/medical_record_copy claim/bank_card";
  g_autoptr(YidiFilingRules) rules = load_bundled ();
  GDate today;

  set_date (&today, "2025-01-10");
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(YidiCaseRecord) record = make_record (expected[i].category, YIDI_FILING_STATUS_NOT_FILED, NULL, "110000");
      g_autoptr(YidiFilingAdvice) advice = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) filing = NULL;
      g_autoptr(GString) claim = NULL;
      g_autofree char *claim_expected = g_strdup_printf ("%s %s", claim_common, expected[i].claim_extra);

      /* A tick saved in the case shows in the checklist. */
      yidi_case_record_set_checked (record, "filing/insurance_card", TRUE);

      advice = yidi_filing_advise (rules, record, &today, &error);
      g_assert_no_error (error);
      g_assert_cmpint (advice->category, ==, expected[i].category);
      g_assert_cmpint (advice->long_term, ==, yidi_filing_category_is_long_term (expected[i].category));
      g_assert_nonnull (advice->who);
      g_assert_nonnull (advice->who->text);

      filing = checklist_summary (advice->checklist);
      claim = checklist_summary (advice->claim_checklist);
      g_assert_cmpstr (filing->str, ==, expected[i].filing);
      g_assert_cmpstr (claim->str, ==, claim_expected);

      for (guint j = 0; j < advice->checklist->len; j++)
        {
          YidiFilingChecklistItem *item = g_ptr_array_index (advice->checklist, j);
          g_assert_cmpint (item->checked, ==, g_str_equal (item->key, "filing/insurance_card"));
        }
      /* The same paper on the claim list is ticked separately. */
      for (guint j = 0; j < advice->claim_checklist->len; j++)
        g_assert_false (((YidiFilingChecklistItem *) g_ptr_array_index (advice->claim_checklist, j))->checked);
    }
}

/* ---- Dates --------------------------------------------------------------- */

static void
test_add_months (void)
{
  static const struct {
    const char *filed;
    guint months;
    const char *expected;
  } cases[] = {
    { "2024-08-31", 6, "2025-02-28" },   /* month end, common year */
    { "2023-08-31", 6, "2024-02-29" },   /* month end, leap year */
    { "2024-02-29", 12, "2025-02-28" },  /* leap day to a common year */
    { "2024-02-29", 48, "2028-02-29" },  /* leap day to a leap year */
    { "2024-02-29", 6, "2024-08-29" },
    { "2024-01-31", 1, "2024-02-29" },
    { "2023-01-31", 1, "2023-02-28" },
    { "2024-03-31", 6, "2024-09-30" },   /* 31 → 30-day month */
    { "2024-12-15", 6, "2025-06-15" },   /* across the year */
    { "2025-07-31", 6, "2026-01-31" },
    { "2099-12-31", 2, "2100-02-28" },   /* 2100 is not a leap year */
    { "2025-05-01", 0, "2025-05-01" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate filed, result;
      g_autofree char *text = NULL;

      set_date (&filed, cases[i].filed);
      yidi_filing_add_months (&filed, cases[i].months, &result);
      text = yidi_date_format (&result);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_parse_dates (void)
{
  static const char *bad[] = {
    "2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "24-01-01",
    "2024-1-01", "2024/01/01", "2024-01-01x", "", "abcd-ef-gh", "1899-12-31",
  };
  GDate date;
  g_autofree char *text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (yidi_date_parse (bad[i], &date));
      g_assert_false (g_date_valid (&date));
    }
  g_assert_false (yidi_date_parse (NULL, &date));

  g_assert_true (yidi_date_parse ("2024-02-29", &date));
  text = yidi_date_format (&date);
  g_assert_cmpstr (text, ==, "2024-02-29");
  g_clear_pointer (&text, g_free);

  /* In sentences, dates are written the way people write them. */
  text = yidi_date_format_for_people (&date);
  g_assert_cmpstr (text, ==, "29 February 2024");
  g_clear_pointer (&text, g_free);
  g_assert_true (yidi_date_parse ("2025-12-01", &date));
  text = yidi_date_format_for_people (&date);
  g_assert_cmpstr (text, ==, "1 December 2025");
}

static void
test_warning_levels (void)
{
  YidiFilingWarning warning;

  g_assert_cmpint (yidi_filing_warning_for_days_left (31), ==, YIDI_FILING_WARNING_NONE);
  g_assert_cmpint (yidi_filing_warning_for_days_left (30), ==, YIDI_FILING_WARNING_30_DAYS);
  g_assert_cmpint (yidi_filing_warning_for_days_left (8), ==, YIDI_FILING_WARNING_30_DAYS);
  g_assert_cmpint (yidi_filing_warning_for_days_left (7), ==, YIDI_FILING_WARNING_7_DAYS);
  g_assert_cmpint (yidi_filing_warning_for_days_left (0), ==, YIDI_FILING_WARNING_7_DAYS);
  g_assert_cmpint (yidi_filing_warning_for_days_left (-1), ==, YIDI_FILING_WARNING_EXPIRED);

  for (int w = YIDI_FILING_WARNING_NONE; w <= YIDI_FILING_WARNING_EXPIRED; w++)
    {
      g_assert_true (yidi_filing_warning_from_key (yidi_filing_warning_to_key (w), &warning));
      g_assert_cmpint (warning, ==, w);
    }
  g_assert_false (yidi_filing_warning_from_key ("soon", &warning));
}

static void
test_temporary_expiry (void)
{
  static const struct {
    const char *today;
    int days_left;
    YidiFilingWarning warning;
  } cases[] = {
    { "2024-09-01", 180, YIDI_FILING_WARNING_NONE },
    { "2025-01-28", 31, YIDI_FILING_WARNING_NONE },
    { "2025-01-29", 30, YIDI_FILING_WARNING_30_DAYS },
    { "2025-02-20", 8, YIDI_FILING_WARNING_30_DAYS },
    { "2025-02-21", 7, YIDI_FILING_WARNING_7_DAYS },
    { "2025-02-28", 0, YIDI_FILING_WARNING_7_DAYS },
    { "2025-03-01", -1, YIDI_FILING_WARNING_EXPIRED },
    { "2026-03-01", -366, YIDI_FILING_WARNING_EXPIRED },
  };
  g_autoptr(YidiFilingRules) rules = load_bundled ();
  g_autoptr(YidiCaseRecord) record = make_record (YIDI_FILING_REFERRAL, YIDI_FILING_STATUS_APPROVED,
                                                  "2024-08-31", "110000");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      YidiFilingValidity validity;
      g_autoptr(GError) error = NULL;
      g_autofree char *expires = NULL;
      GDate today;

      set_date (&today, cases[i].today);
      g_assert_true (yidi_filing_rules_get_validity (rules, record, &today, &validity, &error));
      g_assert_no_error (error);
      g_assert_cmpint (validity.kind, ==, YIDI_FILING_VALIDITY_MONTHS);
      g_assert_cmpint (validity.months, ==, 6);
      g_assert_true (validity.has_expiry);
      expires = yidi_date_format (&validity.expires);
      g_assert_cmpstr (expires, ==, "2025-02-28");
      g_assert_cmpint (validity.days_left, ==, cases[i].days_left);
      g_assert_cmpint (validity.warning, ==, cases[i].warning);
      g_assert_true (validity.validity_param.confirmed);
      g_assert_null (validity.validity_param.place);
    }
}

static void
test_validity_kinds (void)
{
  g_autoptr(YidiFilingRules) rules = load_bundled ();
  YidiFilingValidity validity;
  g_autoptr(GError) error = NULL;
  g_autofree char *lock = NULL;
  GDate today;

  set_date (&today, "2025-01-10");

  /* Long-term: no expiry, but a change lock after filing. */
  {
    g_autoptr(YidiCaseRecord) record = make_record (YIDI_FILING_RESETTLED_RETIREE, YIDI_FILING_STATUS_APPROVED,
                                                    "2024-08-31", "110000");
    g_assert_true (yidi_filing_rules_get_validity (rules, record, &today, &validity, &error));
    g_assert_cmpint (validity.kind, ==, YIDI_FILING_VALIDITY_UNTIL_CHANGED);
    g_assert_false (validity.has_expiry);
    g_assert_cmpint (validity.warning, ==, YIDI_FILING_WARNING_NONE);
    g_assert_cmpint (validity.lock_months, ==, 6);
    lock = yidi_date_format (&validity.lock_until);
    g_assert_cmpstr (lock, ==, "2025-02-28");
  }

  /* Emergency: treated as filed, nothing expires. */
  {
    g_autoptr(YidiCaseRecord) record = make_record (YIDI_FILING_EMERGENCY, YIDI_FILING_STATUS_NOT_FILED, NULL, NULL);
    g_assert_true (yidi_filing_rules_get_validity (rules, record, &today, &validity, &error));
    g_assert_cmpint (validity.kind, ==, YIDI_FILING_VALIDITY_NOT_NEEDED);
    g_assert_false (validity.has_expiry);
  }

  /* Not filed yet: a date alone does not start the clock. */
  {
    g_autoptr(YidiCaseRecord) record = make_record (YIDI_FILING_OTHER_TEMPORARY, YIDI_FILING_STATUS_NOT_FILED,
                                                    "2024-01-01", NULL);
    g_assert_true (yidi_filing_rules_get_validity (rules, record, &today, &validity, &error));
    g_assert_false (validity.has_expiry);
    g_assert_cmpint (validity.warning, ==, YIDI_FILING_WARNING_NONE);
  }

  /* Marked expired by the person: warns even with no date. */
  {
    g_autoptr(YidiCaseRecord) record = make_record (YIDI_FILING_OTHER_TEMPORARY, YIDI_FILING_STATUS_EXPIRED, NULL, NULL);
    g_assert_true (yidi_filing_rules_get_validity (rules, record, &today, &validity, &error));
    g_assert_cmpint (validity.warning, ==, YIDI_FILING_WARNING_EXPIRED);
  }

  /* A submitted filing warns too: its start date was chosen. */
  {
    g_autoptr(YidiCaseRecord) record = make_record (YIDI_FILING_OTHER_TEMPORARY, YIDI_FILING_STATUS_SUBMITTED,
                                                    "2024-07-20", NULL);
    g_assert_true (yidi_filing_rules_get_validity (rules, record, &today, &validity, &error));
    g_assert_cmpint (validity.days_left, ==, 10);
    g_assert_cmpint (validity.warning, ==, YIDI_FILING_WARNING_30_DAYS);
  }

  /* A date that does not exist is an error that names it. */
  {
    g_autoptr(YidiCaseRecord) record = make_record (YIDI_FILING_REFERRAL, YIDI_FILING_STATUS_APPROVED,
                                                    "2023-02-29", NULL);
    g_assert_false (yidi_filing_rules_get_validity (rules, record, &today, &validity, &error));
    g_assert_error (error, YIDI_FILING_ERROR, YIDI_FILING_ERROR_BAD_DATE);
    g_assert_nonnull (strstr (error->message, "2023-02-29"));
  }
}

/* ---- Overrides ----------------------------------------------------------- */

static void
test_place_overrides (void)
{
  g_autoptr(YidiFilingRules) rules = load_bundled ();
  YidiFilingParam param;

  /* National maximum where the place sets nothing. */
  g_assert_false (yidi_filing_rules_lookup (rules, "ratio_reduction_points", YIDI_FILING_REFERRAL, "110000", &param));
  g_assert_true (yidi_filing_rules_lookup (rules, "ratio_reduction_max_points", YIDI_FILING_REFERRAL, "110000", &param));
  g_assert_cmpint (param.value, ==, 10);
  g_assert_null (param.place);
  g_assert_true (param.confirmed);
  g_assert_true (yidi_filing_rules_lookup (rules, "ratio_reduction_max_points", YIDI_FILING_OTHER_TEMPORARY, NULL, &param));
  g_assert_cmpint (param.value, ==, 20);

  /* 溧阳 (a county) sets its own figure for referrals. */
  g_assert_true (yidi_filing_rules_lookup (rules, "ratio_reduction_points", YIDI_FILING_REFERRAL, "320481", &param));
  g_assert_cmpint (param.value, ==, 5);
  g_assert_cmpstr (param.place, ==, "320481");
  g_assert_false (param.confirmed);
  g_assert_cmpstr (param.sources[0], ==, "LIYANG_2024");
  g_assert_null (param.sources[1]);

  /* A district of 吉林市 inherits the city's figures. */
  g_assert_true (yidi_filing_rules_lookup (rules, "ratio_reduction_points", YIDI_FILING_OTHER_TEMPORARY, "220202", &param));
  g_assert_cmpint (param.value, ==, 20);
  g_assert_cmpstr (param.place, ==, "220200");
  g_assert_true (yidi_filing_rules_lookup (rules, "manual_ratio_reduction_points", YIDI_FILING_REFERRAL, "220202", &param));
  g_assert_cmpint (param.value, ==, 10);

  /* A figure that varies by place has no value. */
  g_assert_true (yidi_filing_rules_lookup (rules, "manual_claim_deadline_days", YIDI_FILING_REFERRAL, "110000", &param));
  g_assert_false (param.has_value);
  g_assert_false (param.confirmed);
  g_assert_nonnull (param.note);

  /* 湘潭 states its own validity. */
  g_assert_true (yidi_filing_rules_lookup (rules, "validity_months", YIDI_FILING_REFERRAL, "430321", &param));
  g_assert_cmpstr (param.place, ==, "430300");
  g_assert_cmpint (param.value, ==, 6);
}

static char *
replace_once (const char *text,
              const char *from,
              const char *to)
{
  const char *at = strstr (text, from);

  g_assert_nonnull (at);
  g_assert_null (strstr (at + 1, from));
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, to, at + strlen (from));
}

static void
test_override_changes_expiry (void)
{
  g_autofree char *text = bundled_text ();
  g_autofree char *changed = NULL;
  g_autoptr(YidiFilingRules) rules = NULL;
  g_autoptr(GError) error = NULL;
  YidiFilingValidity validity;
  g_autofree char *expires = NULL;
  GDate today;

  /* A province gives its temporary filings 12 months; its city 湘潭 says 6. */
  changed = replace_once (text, "\"places\": {",
                          "\"places\": {\n"
                          "    \"430000\": { \"name\": \"湖南省\", \"parameters\": [\n"
                          "      { \"param\": \"validity_months\", \"categories\": [\"other_temporary\"], \"value\": 12,\n"
                          "        \"confirmed\": false, \"sources\": [\"NAT_XIANGTAN\"] } ] },");
  rules = yidi_filing_rules_new_from_data (changed, -1, "test.json", &error);
  g_assert_no_error (error);

  set_date (&today, "2024-09-01");
  {
    g_autoptr(YidiCaseRecord) changsha = make_record (YIDI_FILING_OTHER_TEMPORARY, YIDI_FILING_STATUS_APPROVED,
                                                      "2024-08-31", "430102");
    g_assert_true (yidi_filing_rules_get_validity (rules, changsha, &today, &validity, &error));
    g_assert_cmpint (validity.months, ==, 12);
    g_assert_cmpstr (validity.validity_param.place, ==, "430000");
    expires = yidi_date_format (&validity.expires);
    g_assert_cmpstr (expires, ==, "2025-08-31");
    g_clear_pointer (&expires, g_free);
  }
  {
    /* The city is nearer than the province, so its figure wins. */
    g_autoptr(YidiCaseRecord) xiangtan = make_record (YIDI_FILING_OTHER_TEMPORARY, YIDI_FILING_STATUS_APPROVED,
                                                      "2024-08-31", "430321");
    g_assert_true (yidi_filing_rules_get_validity (rules, xiangtan, &today, &validity, &error));
    g_assert_cmpint (validity.months, ==, 6);
    expires = yidi_date_format (&validity.expires);
    g_assert_cmpstr (expires, ==, "2025-02-28");
    g_clear_pointer (&expires, g_free);
  }
  {
    /* Referrals in the province keep the national figure. */
    g_autoptr(YidiCaseRecord) referral = make_record (YIDI_FILING_REFERRAL, YIDI_FILING_STATUS_APPROVED,
                                                      "2024-08-31", "430102");
    g_assert_true (yidi_filing_rules_get_validity (rules, referral, &today, &validity, &error));
    g_assert_cmpint (validity.months, ==, 6);
    g_assert_null (validity.validity_param.place);
  }
}

/* ---- Bad files ----------------------------------------------------------- */

typedef struct {
  const char *from;
  const char *to;
  int         code;
  const char *where;
} BadCase;

static void
test_bad_files (void)
{
  static const BadCase cases[] = {
    { "\"schema\": \"yidi-filing/1\"", "\"schema\": \"yidi-filing/2\"", YIDI_FILING_ERROR_BAD_VALUE, "$.schema" },
    { "\"first_question\": \"emergency\"", "\"first_question\": \"nope\"", YIDI_FILING_ERROR_UNKNOWN_NAME, "$.first_question" },
    /* An answer that leads nowhere. */
    { "{ \"id\": \"no\", \"label\": { \"en\": \"No, the treatment can be planned\", \"zh_CN\": \"不是，可以提前安排\" }, \"next\": \"retired\" }",
      "{ \"id\": \"no\", \"label\": { \"en\": \"No, the treatment can be planned\", \"zh_CN\": \"不是，可以提前安排\" } }",
      YIDI_FILING_ERROR_BAD_FLOW, "$.questions[0].answers[1]" },
    /* A loop: the last question leads back to the first. */
    { "\"label\": { \"en\": \"No referral\", \"zh_CN\": \"没有转诊\" }, \"category\": \"other_temporary\",",
      "\"label\": { \"en\": \"No referral\", \"zh_CN\": \"没有转诊\" }, \"next\": \"emergency\",",
      YIDI_FILING_ERROR_BAD_FLOW, "back to the question “emergency”" },
    /* With the "no referral" answer gone to a question, other_temporary is unreachable. */
    { "\"category\": \"other_temporary\",\n          \"reason\"", "\"category\": \"referral\",\n          \"reason\"",
      YIDI_FILING_ERROR_BAD_FLOW, "“other_temporary”" },
    { "\"next\": \"posted\"", "\"next\": \"postd\"", YIDI_FILING_ERROR_UNKNOWN_NAME, "$.questions[1].answers[1].next" },
    { "\"label\": { \"en\": \"Resident ID card or other valid ID\", \"zh_CN\": \"居民身份证或其他有效身份证件\" }",
      "\"label\": { \"en\": \"Resident ID card or other valid ID\" }",
      YIDI_FILING_ERROR_MISSING, "$.documents.id_card.label.zh_CN" },
    { "{ \"document\": \"referral_certificate\" }\n        ],\n        \"confirmed\": false",
      "{ \"document\": \"passport\" }\n        ],\n        \"confirmed\": false",
      YIDI_FILING_ERROR_UNKNOWN_NAME, "$.categories.referral.documents.items[2].document" },
    { "\"categories\": [\"referral\", \"other_temporary\"],\n      \"value\": 6,",
      "\"categories\": [\"referral\", \"other_temporary\"],\n      \"value\": \"six\",",
      YIDI_FILING_ERROR_BAD_VALUE, "$.parameters[0].value" },
    { "\"categories\": [\"referral\", \"other_temporary\"],\n      \"value\": 6,",
      "\"categories\": [\"referral\", \"holiday\"],\n      \"value\": 6,",
      YIDI_FILING_ERROR_UNKNOWN_NAME, "$.parameters[0].categories[1]" },
    { "\"param\": \"lock_months\"", "\"param\": \"lock_weeks\"", YIDI_FILING_ERROR_UNKNOWN_NAME, "$.parameters[1].param" },
    { "\"430300\": {", "\"4303\": {", YIDI_FILING_ERROR_BAD_VALUE, "$.places.4303" },
    { "\"confirmed\": true, \"sources\": [\"NAT_JSJK_5667135\", \"NAT_ZHUHAI\"],",
      "\"confirmed\": true, \"sources\": [],",
      YIDI_FILING_ERROR_MISSING, "$.parameters[1].sources" },
    { "\"confirmed\": true, \"sources\": [\"NAT_JSJK_5667135\", \"NAT_ZHUHAI\"],",
      "\"confirmed\": \"yes\", \"sources\": [\"NAT_JSJK_5667135\", \"NAT_ZHUHAI\"],",
      YIDI_FILING_ERROR_BAD_VALUE, "$.parameters[1].confirmed" },
    { "\"trauma\": {", "\"traumas\": {", YIDI_FILING_ERROR_UNKNOWN_NAME, "$.guidance.traumas" },
    { "\"validity\": \"not_needed\"", "\"validity\": \"forever\"", YIDI_FILING_ERROR_BAD_VALUE, "$.categories.emergency.validity" },
    { "\"emergency\": {\n      \"group\": \"temporary\"", "\"emergency\": {\n      \"group\": \"long_term\"",
      YIDI_FILING_ERROR_BAD_VALUE, "$.categories.emergency.group" },
    { "\"schema\": \"yidi-filing/1\",", "\"schema\": \"yidi-filing/1\" \"oops\",", YIDI_FILING_ERROR_PARSE, "at line 2)" },
  };
  g_autofree char *text = bundled_text ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *changed = replace_once (text, cases[i].from, cases[i].to);
      g_autoptr(GError) error = NULL;
      YidiFilingRules *rules;

      g_test_message ("case %u: %s", i, cases[i].to);
      rules = yidi_filing_rules_new_from_data (changed, -1, "broken-filing.json", &error);
      g_assert_null (rules);
      g_test_message ("→ %s", error != NULL ? error->message : "(no error)");
      g_assert_error (error, YIDI_FILING_ERROR, cases[i].code);
      /* The message names the file and where in it. */
      g_assert_nonnull (strstr (error->message, "broken-filing.json"));
      g_assert_nonnull (strstr (error->message, cases[i].where));
    }
}

static void
test_unreadable_and_uncited (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiFilingRules) rules = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yidi-filing-XXXXXX", &error);
  g_autofree char *sources = g_build_filename (dir, "sources.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);

  g_assert_null (yidi_filing_rules_new_from_file (missing, &error));
  g_assert_error (error, YIDI_FILING_ERROR, YIDI_FILING_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "missing.json"));
  g_clear_error (&error);

  g_assert_null (yidi_filing_rules_new_from_data ("[1, 2]", -1, "list.json", &error));
  g_assert_error (error, YIDI_FILING_ERROR, YIDI_FILING_ERROR_BAD_VALUE);
  g_clear_error (&error);

  /* A citation that sources.json does not have. */
  rules = load_bundled ();
  g_file_set_contents (sources, "{\"sources\": {\"NAT_22_TEXT\": {}}}", -1, &error);
  g_assert_no_error (error);
  g_assert_false (yidi_filing_rules_check_sources (rules, sources, &error));
  g_assert_error (error, YIDI_FILING_ERROR, YIDI_FILING_ERROR_UNKNOWN_NAME);
  g_assert_nonnull (strstr (error->message, "sources.json"));
  g_clear_error (&error);

  g_unlink (sources);
  g_rmdir (dir);
}

/* ---- Advice -------------------------------------------------------------- */

static gboolean
has_note (YidiFilingAdvice *advice,
          const char       *id)
{
  for (guint i = 0; i < advice->notes->len; i++)
    {
      YidiFilingNote *note = g_ptr_array_index (advice->notes, i);

      g_assert_nonnull (note->title);
      g_assert_nonnull (note->text);
      g_assert_nonnull (note->sources);
      if (g_str_equal (note->id, id))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_step (YidiFilingAdvice *advice,
          const char       *start)
{
  for (guint i = 0; i < advice->next_steps->len; i++)
    {
      if (g_str_has_prefix (g_ptr_array_index (advice->next_steps, i), start))
        return TRUE;
    }
  return FALSE;
}

static void
test_advice_follows_the_stay (void)
{
  g_autoptr(YidiFilingRules) rules = load_bundled ();
  g_autoptr(YidiCaseRecord) record = make_record (YIDI_FILING_NONE, YIDI_FILING_STATUS_NOT_FILED, NULL, "220202");
  g_autoptr(GError) error = NULL;
  GDate today;

  set_date (&today, "2025-03-10");

  /* No category and no answers: ask the questions. */
  {
    g_autoptr(YidiFilingAdvice) advice = yidi_filing_advise (rules, record, &today, &error);
    g_assert_no_error (error);
    g_assert_cmpint (advice->category, ==, YIDI_FILING_NONE);
    g_assert_true (has_step (advice, "Answer the questions"));
    g_assert_cmpuint (advice->checklist->len, ==, 0);
  }

  /* The answers give the category, with the reason. */
  yidi_case_record_set_answer (record, "emergency", "no");
  yidi_case_record_set_answer (record, "retired", "no");
  yidi_case_record_set_answer (record, "posted", "no");
  yidi_case_record_set_answer (record, "long_stay", "short");
  yidi_case_record_set_answer (record, "referred", "yes");
  {
    g_autoptr(YidiFilingAdvice) advice = yidi_filing_advise (rules, record, &today, &error);
    g_assert_no_error (error);
    g_assert_cmpint (advice->category, ==, YIDI_FILING_REFERRAL);
    g_assert_nonnull (advice->reason);
    g_assert_cmpint (advice->stage, ==, YIDI_TREATMENT_PLANNED);
    g_assert_true (has_step (advice, "Gather the papers"));
    g_assert_true (has_note (advice, "channels"));
    g_assert_true (has_note (advice, "if_admitted"));
    g_assert_true (has_note (advice, "trauma"));
    g_assert_true (has_note (advice, "temporary"));
    /* 吉林市 (the city of this district) reduces referrals by 10 points. */
    g_assert_true (has_note (advice, "ratio"));
    g_assert_false (advice->ratio_reduction_is_max);
    g_assert_cmpint (advice->ratio_reduction.value, ==, 10);
    g_assert_cmpstr (advice->validity_text, ==, "Valid for 6 months from the filing date.");
    /* …and pays manual claims 10 points less. */
    g_assert_cmpuint (advice->claim_notes->len, ==, 3);
  }

  /* Admitted yesterday, not filed: file before discharge. */
  record->admission_date = g_strdup ("2025-03-09");
  {
    g_autoptr(YidiFilingAdvice) advice = yidi_filing_advise (rules, record, &today, &error);
    g_assert_cmpint (advice->stage, ==, YIDI_TREATMENT_IN_HOSPITAL);
    g_assert_true (has_step (advice, "File now, before the discharge bill"));
  }

  /* Discharged: file afterwards and claim by hand. */
  record->discharge_date = g_strdup ("2025-03-10");
  {
    g_autoptr(YidiFilingAdvice) advice = yidi_filing_advise (rules, record, &today, &error);
    g_assert_cmpint (advice->stage, ==, YIDI_TREATMENT_DISCHARGED);
    g_assert_true (has_step (advice, "File afterwards"));
  }

  /* Approved, 20 days before expiry: settle directly, and renew. */
  g_clear_pointer (&record->admission_date, g_free);
  g_clear_pointer (&record->discharge_date, g_free);
  record->filing_status = YIDI_FILING_STATUS_APPROVED;
  record->filing_date = g_strdup ("2024-10-08");
  {
    g_autoptr(YidiFilingAdvice) advice = yidi_filing_advise (rules, record, &today, &error);
    g_assert_cmpint (advice->validity.days_left, ==, 29);
    g_assert_cmpint (advice->validity.warning, ==, YIDI_FILING_WARNING_30_DAYS);
    g_assert_cmpstr (advice->validity_text, ==, "Filed on 8 October 2024; valid until 8 April 2025. 29 days left.");
    g_assert_true (has_step (advice, "Show the social security card"));
    g_assert_true (has_step (advice, "The filing expires on 8 April 2025."));
  }
}

static void
test_advice_emergency_and_long_term (void)
{
  g_autoptr(YidiFilingRules) rules = load_bundled ();
  g_autoptr(GError) error = NULL;
  GDate today;

  set_date (&today, "2025-01-10");
  {
    g_autoptr(YidiCaseRecord) record = make_record (YIDI_FILING_EMERGENCY, YIDI_FILING_STATUS_NOT_FILED, NULL, "110000");
    g_autoptr(YidiFilingAdvice) advice = yidi_filing_advise (rules, record, &today, &error);

    g_assert_no_error (error);
    g_assert_true (has_note (advice, "emergency"));
    g_assert_false (has_note (advice, "channels"));
    g_assert_cmpstr (advice->validity_text, ==, "No filing is needed for an emergency: it counts as filed.");
    g_assert_true (advice->ratio_reduction_is_max);
    g_assert_cmpint (advice->ratio_reduction.value, ==, 10);
  }
  {
    g_autoptr(YidiCaseRecord) record = make_record (YIDI_FILING_LONG_TERM_RESIDENT, YIDI_FILING_STATUS_APPROVED,
                                                    "2024-12-31", "110000");
    g_autoptr(YidiFilingAdvice) advice = yidi_filing_advise (rules, record, &today, &error);

    g_assert_no_error (error);
    g_assert_true (advice->long_term);
    g_assert_true (has_note (advice, "long_term"));
    g_assert_cmpstr (advice->validity_text, ==,
                     "Filed on 31 December 2024; valid until it is changed or cancelled. "
                     "The insured place may not allow a change or cancellation before 30 June 2025.");
  }
  {
    /* A broken date is refused with a message that names it. */
    g_autoptr(YidiCaseRecord) record = make_record (YIDI_FILING_REFERRAL, YIDI_FILING_STATUS_APPROVED,
                                                    "2025-02-30", NULL);
    g_assert_null (yidi_filing_advise (rules, record, &today, &error));
    g_assert_error (error, YIDI_CASE_ERROR, YIDI_CASE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "2025-02-30"));
  }
}

static void
test_language (void)
{
  g_autoptr(YidiFilingRules) rules = load_bundled ();
  g_autoptr(GHashTable) answers = parse_answers ("emergency=yes");
  g_autoptr(YidiFilingFlow) english = NULL;
  g_autoptr(YidiFilingFlow) chinese = NULL;

  english = yidi_filing_flow_new (rules, answers);
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  chinese = yidi_filing_flow_new (rules, answers);
  g_setenv ("LANGUAGE", "en", TRUE);

  g_assert_true (g_str_has_prefix (english->reason, "Emergency treatment"));
  g_assert_true (g_str_has_prefix (chinese->reason, "在外地急诊抢救"));
  g_assert_cmpstr (((YidiFilingStep *) g_ptr_array_index (chinese->steps, 0))->text, ==,
                   "病人是否需要在外地紧急抢救，急到来不及先备案？");
}

/* ---- Reminders ----------------------------------------------------------- */

static void
test_reminders (void)
{
  g_autoptr(YidiFilingRules) rules = load_bundled ();
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_case_record_free);
  g_autoptr(GPtrArray) reminders = NULL;
  static const struct {
    YidiFilingCategory category;
    YidiFilingStatus status;
    const char *filed;
  } cases[] = {
    { YIDI_FILING_REFERRAL, YIDI_FILING_STATUS_APPROVED, "2024-08-31" },        /* 1: 18 days left */
    { YIDI_FILING_OTHER_TEMPORARY, YIDI_FILING_STATUS_APPROVED, "2024-08-11" }, /* 2: 1 day left */
    { YIDI_FILING_OTHER_TEMPORARY, YIDI_FILING_STATUS_APPROVED, "2024-07-30" }, /* 3: expired */
    { YIDI_FILING_OTHER_TEMPORARY, YIDI_FILING_STATUS_APPROVED, "2024-12-01" }, /* 4: fine */
    { YIDI_FILING_RESETTLED_RETIREE, YIDI_FILING_STATUS_APPROVED, "2020-01-01" }, /* 5: long-term */
    { YIDI_FILING_REFERRAL, YIDI_FILING_STATUS_NOT_FILED, "2024-08-01" },       /* 6: not filed */
    { YIDI_FILING_REFERRAL, YIDI_FILING_STATUS_APPROVED, "2024-02-31" },        /* 7: broken date */
    { YIDI_FILING_REFERRAL, YIDI_FILING_STATUS_APPROVED, "2024-08-10" },        /* 8: expires today */
  };
  const gint64 expected_ids[] = { 3, 8, 2, 1 };
  const int expected_days[] = { -11, 0, 1, 18 };
  GDate today;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      YidiCaseRecord *record = make_record (cases[i].category, cases[i].status, cases[i].filed, "110000");

      record->id = i + 1;
      g_ptr_array_add (records, record);
    }

  set_date (&today, "2025-02-10");
  reminders = yidi_filing_collect_reminders (rules, records, &today);
  g_assert_cmpuint (reminders->len, ==, G_N_ELEMENTS (expected_ids));
  for (guint i = 0; i < reminders->len; i++)
    {
      YidiFilingReminder *reminder = g_ptr_array_index (reminders, i);
      g_autofree char *text = yidi_filing_reminder_describe (reminder);

      g_assert_cmpint (reminder->case_id, ==, expected_ids[i]);
      g_assert_cmpint (reminder->days_left, ==, expected_days[i]);
      g_assert_nonnull (text);
      g_assert_nonnull (strstr (text, "“Test”"));
    }

  {
    YidiFilingReminder *expired = g_ptr_array_index (reminders, 0);
    YidiFilingReminder *soon = g_ptr_array_index (reminders, 2);
    YidiFilingReminder *month = g_ptr_array_index (reminders, 3);
    g_autofree char *a = yidi_filing_reminder_describe (expired);
    g_autofree char *b = yidi_filing_reminder_describe (soon);

    g_assert_cmpint (expired->warning, ==, YIDI_FILING_WARNING_EXPIRED);
    g_assert_cmpint (soon->warning, ==, YIDI_FILING_WARNING_7_DAYS);
    g_assert_cmpint (month->warning, ==, YIDI_FILING_WARNING_30_DAYS);
    g_assert_cmpstr (a, ==, "The filing of “Test” expired on 30 January 2025. File again before the next treatment.");
    g_assert_cmpstr (b, ==, "The filing of “Test” expires in 1 day, on 11 February 2025. File again if treatment goes on.");
  }
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/filing/load/bundled", test_bundled_rules_load);
  g_test_add_func ("/filing/load/bad-files", test_bad_files);
  g_test_add_func ("/filing/load/unreadable-and-uncited", test_unreadable_and_uncited);
  g_test_add_func ("/filing/flow/every-category-reachable", test_every_category_reachable);
  g_test_add_func ("/filing/flow/answers-decide-category", test_answers_decide_category);
  g_test_add_func ("/filing/checklist/per-category", test_checklist_per_category);
  g_test_add_func ("/filing/dates/add-months", test_add_months);
  g_test_add_func ("/filing/dates/parse", test_parse_dates);
  g_test_add_func ("/filing/validity/warning-levels", test_warning_levels);
  g_test_add_func ("/filing/validity/temporary-expiry", test_temporary_expiry);
  g_test_add_func ("/filing/validity/kinds", test_validity_kinds);
  g_test_add_func ("/filing/overrides/places", test_place_overrides);
  g_test_add_func ("/filing/overrides/change-expiry", test_override_changes_expiry);
  g_test_add_func ("/filing/advice/stay", test_advice_follows_the_stay);
  g_test_add_func ("/filing/advice/emergency-and-long-term", test_advice_emergency_and_long_term);
  g_test_add_func ("/filing/advice/language", test_language);
  g_test_add_func ("/filing/reminders", test_reminders);

  return g_test_run ();
}

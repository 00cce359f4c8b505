/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Cheapest nearby" and the Cost-estimate tab's recompute, timed:
 *   - ranking 20,000 hospitals of one city for one case (target ≤ 20 ms),
 *     in memory, and through the directory (search + rank on the worker
 *     thread, first for a place and again with its records kept);
 *   - the same 20,000 estimated one by one without sharing, for scale;
 *   - one recompute of the tab's model: the estimate with its trace and
 *     the ten side-by-side scenarios (target: well under 16 ms, a frame).
 * Prints medians; fails only if something does not work. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "yidi-estimate-model.h"
#include "yidi-estimate-ranking.h"
#include "yidi-ranking.h"

#define N_HOSPITALS 20000
#define RUNS 31

static const char * const counties[] = {
  "310101", "310104", "310105", "310106", "310107", "310109", "310110", "310112",
  "310113", "310114", "310115", "310116", "310117", "310118", "310120", "310151",
};

static const char * const level_names[] = { "社区", "一级", "二级", "三级", "未定级", "" };

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_double);
  return g_array_index (samples, double, samples->len / 2);
}

static double
max_of (GArray *samples)
{
  g_array_sort (samples, compare_double);
  return g_array_index (samples, double, samples->len - 1);
}

static void
retiree_input (YidiEngineInput *in)
{
  yidi_engine_input_init (in);
  memcpy (in->insured.insured_place, "110000", 7);
  in->insured.member_status = YIDI_MEMBER_RETIRED;
  in->insured.age = 70;
  in->insured.filing_category = YIDI_FILING_RESETTLED_RETIREE;
  in->insured.filed = TRUE;
  g_date_set_dmy (&in->visit.admission, 1, 3, 2025);
  memcpy (in->visit.treatment_place, "310000", 7);
  in->bill.amount[YIDI_BILL_CLASS_A] = 4500000;
  in->bill.amount[YIDI_BILL_CLASS_B] = 800000;
  in->bill.amount[YIDI_BILL_SELF_PAY] = 500000;
}

static GPtrArray *
make_records (GRand *rand)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_institution_record_free);

  for (guint i = 0; i < N_HOSPITALS; i++)
    {
      YidiInstitutionRecord *record = g_new0 (YidiInstitutionRecord, 1);

      record->name = g_strdup_printf ("上海第%05u医院", g_rand_int_range (rand, 0, 99999));
      record->province_code = g_strdup ("310000");
      record->city_code = g_strdup ("310100");
      record->county_code = g_strdup (counties[g_rand_int_range (rand, 0, G_N_ELEMENTS (counties))]);
      record->level = g_rand_int_range (rand, 0, YIDI_LEVEL_UNKNOWN + 1);
      record->aliases = g_new0 (char *, 1);
      record->inpatient = YIDI_TRISTATE_YES;
      g_ptr_array_add (records, record);
    }
  return records;
}

static void
bench_in_memory (YidiPolicySet *set,
                 GPtrArray     *records)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) unshared = g_array_new (FALSE, FALSE, sizeof (double));
  YidiEngineInput in;
  guint n_estimates = 0;

  retiree_input (&in);
  for (guint run = 0; run < RUNS; run++)
    {
      gint64 start = g_get_monotonic_time ();
      YidiRanking *ranking = yidi_ranking_new (set, &in, records);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      g_assert_cmpuint (yidi_ranking_get_n_entries (ranking), ==, N_HOSPITALS);
      n_estimates = yidi_ranking_get_n_estimates (ranking);
      g_array_append_val (times, ms);
      in.bill.amount[YIDI_BILL_CLASS_A] += 10000;   /* another bill each run */
      yidi_ranking_free (ranking);
    }

  /* For scale: one estimate per hospital, nothing shared. */
  for (guint run = 0; run < 7; run++)
    {
      gint64 start = g_get_monotonic_time ();
      YidiEngineInput variant = in;
      double ms;

      for (guint i = 0; i < records->len; i++)
        {
          const YidiInstitutionRecord *record = records->pdata[i];
          YidiEstimate result;

          if (record->level > YIDI_LEVEL_UNRATED)
            continue;
          variant.visit.level = record->level;
          memcpy (variant.visit.treatment_place, record->county_code, 7);
          if (yidi_engine_estimate (set, &variant, YIDI_ESTIMATE_DEFAULT, &result, NULL))
            yidi_estimate_clear (&result);
        }
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (unshared, ms);
    }

  g_print ("rank %d hospitals in memory (16 districts, 6 levels, %u estimates): median %.2f ms, max %.2f ms (target ≤ 20 ms)\n",
           N_HOSPITALS, n_estimates, median (times), max_of (times));
  g_print ("  for scale, one estimate per hospital without sharing: median %.2f ms\n", median (unshared));
}

static gboolean
ranked (YidiEstimateRanking *ranking)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (yidi_estimate_ranking_get_loading (ranking))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  return TRUE;
}

static void
bench_directory (YidiPolicySet *set,
                 GRand         *rand)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yidi-bench-ranking-XXXXXX", &error);
  g_autofree char *csv = g_build_filename (dir, "institutions.csv", NULL);
  g_autofree char *db = g_build_filename (dir, "directory.sqlite", NULL);
  g_autofree char *user = g_build_filename (dir, "user.sqlite", NULL);
  g_autofree char *divisions = g_build_filename (g_getenv ("YIDI_TEST_DATA_DIR"), "divisions.csv", NULL);
  g_autoptr(GString) text = g_string_new ("name,province_code,city_code,county_code,level,type,source,data_year,inpatient\n");
  g_autoptr(YidiDirectory) directory = NULL;
  g_autoptr(YidiEstimateRanking) ranking = NULL;
  g_autoptr(GArray) cold = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) warm = g_array_new (FALSE, FALSE, sizeof (double));
  YidiEngineInput in;
  gint64 start;

  g_assert_no_error (error);
  for (guint i = 0; i < N_HOSPITALS; i++)
    g_string_append_printf (text, "上海测试%05u医院,310000,310100,%s,%s,综合,bench,2024,是\n", i,
                            counties[g_rand_int_range (rand, 0, G_N_ELEMENTS (counties))],
                            level_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (level_names))]);
  g_file_set_contents (csv, text->str, text->len, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  g_assert_true (yidi_directory_build (db, divisions, csv, NULL, &error));
  g_assert_no_error (error);
  g_print ("built a directory of %d Shanghai hospitals in %.0f ms\n", N_HOSPITALS,
           (g_get_monotonic_time () - start) / 1000.0);
  directory = yidi_directory_open (db, user, &error);
  g_assert_no_error (error);

  ranking = yidi_estimate_ranking_new ();
  retiree_input (&in);
  for (guint run = 0; run < 9; run++)
    {
      double ms;

      /* A new place each time: nothing kept. */
      yidi_estimate_ranking_set_directory (ranking, NULL);
      yidi_estimate_ranking_set_directory (ranking, directory);
      start = g_get_monotonic_time ();
      yidi_estimate_ranking_set_input (ranking, set, &in);
      g_assert_true (ranked (ranking));
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_cmpuint (yidi_estimate_ranking_get_n_found (ranking), ==, N_HOSPITALS);
      g_array_append_val (cold, ms);

      /* The next key press: the same place, another bill. */
      in.bill.amount[YIDI_BILL_CLASS_A] += 100;
      start = g_get_monotonic_time ();
      yidi_estimate_ranking_set_input (ranking, set, &in);
      g_assert_true (ranked (ranking));
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (warm, ms);
    }
  g_print ("rank %d hospitals through the directory (worker thread): search + rank median %.1f ms; "
           "re-rank for another bill median %.2f ms\n", N_HOSPITALS, median (cold), median (warm));

  g_clear_object (&ranking);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&directory);
  g_unlink (csv);
  g_unlink (db);
  g_unlink (user);
  g_rmdir (dir);
}

static void
bench_model (YidiPolicySet *set)
{
  g_autoptr(YidiCase) shared = yidi_case_new ();
  g_autoptr(YidiEstimateModel) model = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  yidi_case_set_insured_place (shared, "110000");
  yidi_case_set_member_status (shared, YIDI_MEMBER_RETIRED);
  yidi_case_set_birth_year (shared, 1955);
  yidi_case_set_destination (shared, "310000");
  yidi_case_set_filing_category (shared, YIDI_FILING_RESETTLED_RETIREE);
  yidi_case_set_filing_status (shared, YIDI_FILING_STATUS_APPROVED);
  yidi_case_set_admission_date (shared, "2025-03-01");
  model = yidi_estimate_model_new (shared, set);

  for (guint i = 0; i < 2000; i++)
    {
      gint64 start;
      double ms;

      /* As if the person typed one more digit. */
      yidi_estimate_model_set_bill_total (model, 100000 + i * 137);
      start = g_get_monotonic_time ();
      yidi_estimate_model_flush (model);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_nonnull (yidi_estimate_model_get_estimate (model));
      g_array_append_val (times, ms);
    }
  g_print ("one recompute of the Cost-estimate model (estimate with trace + 10 scenarios): median %.3f ms, max %.3f ms "
           "(target: well under 16 ms)\n", median (times), max_of (times));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiPolicySet) set = NULL;
  g_autoptr(GPtrArray) records = NULL;
  GRand *rand;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "en", TRUE);

  set = yidi_policy_set_load (NULL, &error);
  g_assert_no_error (error);
  rand = g_rand_new_with_seed (6);
  records = make_records (rand);

  bench_in_memory (set, records);
  bench_model (set);
  bench_directory (set, rand);

  g_rand_free (rand);
  return 0;
}

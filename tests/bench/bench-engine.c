/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rule engine on one core: estimates per second without and with a
 * trace, the five-level estimate for ranking institutions, and the time
 * to load every pack at start-up. Prints medians; targets: at least
 * 1,000,000 estimates/s without trace, packs loaded in 5 ms or less. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "yidi-engine.h"

#define N_CASES 256

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

/* A spread of real cases on the shipped packs: places, levels, filings,
 * bills small and large, some with earlier stays. */
static guint
make_cases (YidiPolicySet   *set,
            YidiEngineInput *cases)
{
  static const struct { const char *place; YidiScheme scheme; } places[] = {
    { "110000", YIDI_SCHEME_EMPLOYEE }, { "110000", YIDI_SCHEME_RESIDENT }, { "310000", YIDI_SCHEME_EMPLOYEE },
    { "310000", YIDI_SCHEME_RESIDENT }, { "440100", YIDI_SCHEME_EMPLOYEE }, { "440300", YIDI_SCHEME_EMPLOYEE },
    { "440300", YIDI_SCHEME_RESIDENT }, { "510100", YIDI_SCHEME_EMPLOYEE }, { "330100", YIDI_SCHEME_EMPLOYEE },
    { "420100", YIDI_SCHEME_EMPLOYEE }, { "420100", YIDI_SCHEME_RESIDENT },
  };
  static const char * const treatment[] = { "460100", "310104", "110105", "440106" };
  GRand *rand = g_rand_new_with_seed (20261123);
  guint n = 0;

  while (n < N_CASES)
    {
      YidiEngineInput *in = &cases[n];
      YidiEstimate out;
      guint p = g_rand_int_range (rand, 0, G_N_ELEMENTS (places));

      yidi_engine_input_init (in);
      memcpy (in->insured.insured_place, places[p].place, 7);
      in->insured.scheme = places[p].scheme;
      in->insured.member_status = g_rand_int_range (rand, 0, 2);
      in->insured.age = g_rand_int_range (rand, 20, 95);
      in->insured.filing_category = g_rand_int_range (rand, 1, YIDI_FILING_OTHER_TEMPORARY + 1);
      in->insured.filed = g_rand_int_range (rand, 0, 5) != 0;
      memcpy (in->visit.treatment_place, treatment[g_rand_int_range (rand, 0, G_N_ELEMENTS (treatment))], 7);
      g_date_set_dmy (&in->visit.admission, g_rand_int_range (rand, 1, 29), g_rand_int_range (rand, 1, 13), 2025);
      in->visit.level = g_rand_int_range (rand, YIDI_LEVEL_1, YIDI_LEVEL_3 + 1);
      in->bill.amount[YIDI_BILL_CLASS_A] = g_rand_int_range (rand, 100000, 30000000);
      in->bill.amount[YIDI_BILL_CLASS_B] = g_rand_int_range (rand, 0, 2000000);
      in->bill.amount[YIDI_BILL_SELF_PAY] = g_rand_int_range (rand, 0, 500000);
      in->ytd.admissions = g_rand_int_range (rand, 0, 3);
      in->ytd.fund_paid = g_rand_int_range (rand, 0, 2) ? g_rand_int_range (rand, 0, 30000000) : 0;

      if (yidi_engine_estimate (set, in, YIDI_ESTIMATE_DEFAULT, &out, NULL))
        n++;
    }

  g_rand_free (rand);
  return n;
}

/* Runs estimates for about @seconds; returns estimates per second. */
static double
measure (YidiPolicySet         *set,
         const YidiEngineInput *cases,
         YidiEstimateFlags      flags,
         double                 seconds)
{
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + (gint64) (seconds * G_USEC_PER_SEC);
  guint64 count = 0;
  YidiFen checksum = 0;
  gint64 now;

  do
    {
      for (guint i = 0; i < N_CASES; i++)
        {
          YidiEstimate out;

          if (!yidi_engine_estimate (set, &cases[i], flags, &out, NULL))
            g_error ("a benchmark case failed");
          checksum += out.out_of_pocket;
          yidi_estimate_clear (&out);
        }
      count += N_CASES;
      now = g_get_monotonic_time ();
    }
  while (now < end);

  g_assert_cmpint (checksum, >, 0);
  return count / ((now - start) / (double) G_USEC_PER_SEC);
}

static double
measure_levels (YidiPolicySet         *set,
                const YidiEngineInput *cases,
                double                 seconds)
{
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + (gint64) (seconds * G_USEC_PER_SEC);
  guint64 count = 0;
  gint64 now;

  do
    {
      for (guint i = 0; i < N_CASES; i++)
        {
          YidiLevelEstimates levels;

          yidi_engine_estimate_levels (set, &cases[i], &levels);
          yidi_level_estimates_clear (&levels);
        }
      count += N_CASES;
      now = g_get_monotonic_time ();
    }
  while (now < end);

  return count / ((now - start) / (double) G_USEC_PER_SEC);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GArray) load_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) plain = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) traced = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) levels = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(YidiPolicySet) set = NULL;
  g_autoptr(GError) error = NULL;
  YidiEngineInput *cases = g_new0 (YidiEngineInput, N_CASES);
  int rounds = argc > 1 ? atoi (argv[1]) : 5;
  double load_ms, rate_plain, rate_traced, rate_levels;

  setlocale (LC_ALL, "C.UTF-8");

  /* Start-up: load every pack, the national rules and the sources. */
  for (int i = 0; i < 41; i++)
    {
      gint64 start = g_get_monotonic_time ();
      YidiPolicySet *fresh = yidi_policy_set_load (NULL, &error);
      double ms;

      g_assert_no_error (error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (i > 0)   /* the first one warms the page cache */
        g_array_append_val (load_times, ms);
      if (i == 40)
        set = fresh;
      else
        yidi_policy_set_unref (fresh);
    }

  make_cases (set, cases);
  measure (set, cases, YIDI_ESTIMATE_DEFAULT, 0.2);   /* warm-up */

  for (int i = 0; i < rounds; i++)
    {
      double rate;

      rate = measure (set, cases, YIDI_ESTIMATE_DEFAULT, 1.0);
      g_array_append_val (plain, rate);
      rate = measure (set, cases, YIDI_ESTIMATE_TRACE, 0.5);
      g_array_append_val (traced, rate);
      rate = measure_levels (set, cases, 0.5);
      g_array_append_val (levels, rate);
    }

  load_ms = median (load_times);
  rate_plain = median (plain);
  rate_traced = median (traced);
  rate_levels = median (levels);

  g_print ("rule engine, one core, median of %d rounds over %d cases on %u packs\n",
           rounds, N_CASES, yidi_policy_set_get_n_packs (set));
  g_print ("  load all packs at start-up:   %8.2f ms   (target ≤ 5 ms)\n", load_ms);
  g_print ("  estimates/s without trace:    %10.0f   (target ≥ 1,000,000)\n", rate_plain);
  g_print ("  estimates/s with trace:       %10.0f\n", rate_traced);
  g_print ("  five-level estimates/s:       %10.0f   (%.0f single estimates/s)\n", rate_levels, rate_levels * 5);

  g_free (cases);
  return 0;
}

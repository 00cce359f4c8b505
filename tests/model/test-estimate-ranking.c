/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "yidi-estimate-ranking.h"
#include "yidi-ranking.h"

/* "Cheapest nearby" over a small directory: the order must be the one the
 * rule engine gives when each hospital is estimated on its own, with its
 * level and its place. */

static const char institutions_csv[] =
  "name,province_code,city_code,county_code,level,grade,type,address,phone,source,aliases,longitude,latitude,data_year,inpatient\n"
  "上海甲三级医院,310000,310100,310101,三级,甲等,综合,,,testlist,,,,2024,是\n"
  "上海乙三级医院,310000,310100,310104,三级,,综合,,,testlist,,,,2024,是\n"
  "上海丙二级医院,310000,310100,310115,二级,,综合,,,testlist,,,,2024,是\n"
  "上海丁一级医院,310000,310100,310115,一级,,综合,,,testlist,,,,2024,是\n"
  "上海戊社区卫生服务中心,310000,310100,310101,社区,,基层/门诊,,,testlist,,,,2024,是\n"
  "上海己未定级医院,310000,310100,310104,未定级,,综合,,,testlist,,,,2024,是\n"
  "上海庚无等级医院,310000,310100,310104,,,综合,,,testlist,,,,2024,是\n"
  "上海辛未联网医院,310000,310100,310101,三级,,综合,,,testlist,,,,2024,否\n"
  "北京壬三级医院,110000,110100,110101,三级,,综合,,,testlist,,,,2024,是\n";

typedef struct {
  char *dir;
  YidiDirectory *directory;
  YidiPolicySet *policies;
  YidiEstimateRanking *ranking;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *divisions = g_build_filename (g_getenv ("YIDI_TEST_DATA_DIR"), "divisions.csv", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *bundled = NULL;
  g_autofree char *user = NULL;

  f->dir = g_dir_make_tmp ("yidi-ranking-XXXXXX", &error);
  g_assert_no_error (error);
  csv = g_build_filename (f->dir, "institutions.csv", NULL);
  g_file_set_contents (csv, institutions_csv, -1, &error);
  g_assert_no_error (error);
  bundled = g_build_filename (f->dir, "directory.sqlite", NULL);
  user = g_build_filename (f->dir, "user.sqlite", NULL);
  g_assert_true (yidi_directory_build (bundled, divisions, csv, NULL, &error));
  g_assert_no_error (error);
  f->directory = yidi_directory_open (bundled, user, &error);
  g_assert_no_error (error);
  f->policies = yidi_policy_set_load (NULL, &error);
  g_assert_no_error (error);
  f->ranking = yidi_estimate_ranking_new ();
  yidi_estimate_ranking_set_directory (f->ranking, f->directory);
  yidi_estimate_ranking_set_limit (f->ranking, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  /* Tasks in flight (cancelled ones too) hold the ranking and the directory. */
  while (G_OBJECT (f->ranking)->ref_count > 1 || G_OBJECT (f->directory)->ref_count > 2)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_finalize_object (f->ranking);
  g_assert_finalize_object (f->directory);
  yidi_policy_set_unref (f->policies);

  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
wait_ranked (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (yidi_estimate_ranking_get_loading (f->ranking))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
retiree_input (YidiEngineInput *in,
               YidiFen          class_a,
               YidiFen          self_pay)
{
  yidi_engine_input_init (in);
  memcpy (in->insured.insured_place, "110000", 7);
  in->insured.scheme = YIDI_SCHEME_EMPLOYEE;
  in->insured.member_status = YIDI_MEMBER_RETIRED;
  in->insured.age = 70;
  in->insured.filing_category = YIDI_FILING_RESETTLED_RETIREE;
  in->insured.filed = TRUE;
  g_date_set_dmy (&in->visit.admission, 1, 3, 2025);
  memcpy (in->visit.treatment_place, "310000", 7);
  in->bill.amount[YIDI_BILL_CLASS_A] = class_a;
  in->bill.amount[YIDI_BILL_SELF_PAY] = self_pay;
}

typedef struct {
  const char *name;
  YidiFen     out_of_pocket;   /* -1: none */
} Expected;

static int
compare_expected (gconstpointer a,
                  gconstpointer b)
{
  const Expected *x = a, *y = b;

  if ((x->out_of_pocket < 0) != (y->out_of_pocket < 0))
    return x->out_of_pocket < 0 ? 1 : -1;
  if (x->out_of_pocket != y->out_of_pocket)
    return x->out_of_pocket < y->out_of_pocket ? -1 : 1;
  return strcmp (x->name, y->name);
}

/* Each networked Shanghai hospital estimated on its own, then sorted. */
static GArray *
expected_order (Fixture               *f,
                const YidiEngineInput *input)
{
  g_autoptr(YidiDirectoryQuery) query = yidi_estimate_ranking_make_query (input);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  GArray *expected = g_array_new (FALSE, FALSE, sizeof (Expected));

  records = yidi_directory_search (f->directory, query, 0, 100, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < records->len; i++)
    {
      const YidiInstitutionRecord *record = records->pdata[i];
      Expected e = { g_intern_string (record->name), -1 };
      YidiEngineInput in = *input;
      g_auto(YidiEstimate) result = { 0 };

      g_assert_cmpstr (record->province_code, ==, "310000");
      g_assert_cmpint (record->inpatient, ==, YIDI_TRISTATE_YES);
      if (record->level <= YIDI_LEVEL_UNRATED)
        {
          in.visit.level = record->level;
          memcpy (in.visit.treatment_place, record->county_code, 7);
          if (yidi_engine_estimate (f->policies, &in, YIDI_ESTIMATE_DEFAULT, &result, NULL))
            e.out_of_pocket = result.out_of_pocket;
        }
      g_array_append_val (expected, e);
    }
  g_array_sort (expected, compare_expected);
  return expected;
}

static void
assert_order (Fixture               *f,
              const YidiEngineInput *input)
{
  g_autoptr(GArray) expected = expected_order (f, input);
  GListModel *model = G_LIST_MODEL (f->ranking);
  guint n_estimated = 0;

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected->len);
  g_assert_cmpuint (yidi_estimate_ranking_get_n_found (f->ranking), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(YidiRankedInstitution) item = g_list_model_get_item (model, i);
      const Expected *e = &g_array_index (expected, Expected, i);

      g_assert_cmpstr (yidi_institution_get_name (yidi_ranked_institution_get_institution (item)), ==, e->name);
      g_assert_cmpint (yidi_ranked_institution_get_out_of_pocket (item), ==, e->out_of_pocket);
      g_assert_cmpuint (yidi_ranked_institution_get_rank (item), ==, i + 1);
      if (e->out_of_pocket >= 0)
        {
          g_assert_null (yidi_ranked_institution_get_error (item));
          n_estimated++;
        }
      else
        g_assert_nonnull (yidi_ranked_institution_get_error (item));
    }
  /* Level 1, 2 and 3 at least have figures. */
  g_assert_cmpuint (n_estimated, >=, 4);
}

static void
test_order_matches_engine (Fixture       *f,
                           gconstpointer  data)
{
  YidiEngineInput in;

  /* Seven networked Shanghai hospitals; not the unnetworked one nor Beijing's. */
  retiree_input (&in, 3000000, 300000);
  yidi_estimate_ranking_set_input (f->ranking, f->policies, &in);
  g_assert_true (yidi_estimate_ranking_get_loading (f->ranking));
  wait_ranked (f);
  g_assert_no_error (yidi_estimate_ranking_get_error (f->ranking));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->ranking)), ==, 7);
  assert_order (f, &in);

  /* A small bill: the deductibles of the levels decide; re-ranked. */
  retiree_input (&in, 150000, 0);
  yidi_estimate_ranking_set_input (f->ranking, f->policies, &in);
  wait_ranked (f);
  assert_order (f, &in);

  /* A level 3 hospital never costs less than a level 1 one here. */
  {
    GListModel *model = G_LIST_MODEL (f->ranking);
    g_autoptr(YidiRankedInstitution) first = g_list_model_get_item (model, 0);

    g_assert_cmpint (yidi_institution_get_level (yidi_ranked_institution_get_institution (first)), !=, YIDI_LEVEL_3);
  }
}

static void
test_limit_and_newest_wins (Fixture       *f,
                            gconstpointer  data)
{
  YidiEngineInput a, b;
  g_autoptr(GArray) expected = NULL;

  yidi_estimate_ranking_set_limit (f->ranking, 3);
  retiree_input (&a, 100000000, 0);
  retiree_input (&b, 200000, 50000);
  /* Two inputs in a row: only the second is shown. */
  yidi_estimate_ranking_set_input (f->ranking, f->policies, &a);
  yidi_estimate_ranking_set_input (f->ranking, f->policies, &b);
  wait_ranked (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->ranking)), ==, 3);
  g_assert_cmpuint (yidi_estimate_ranking_get_n_found (f->ranking), ==, 7);
  expected = expected_order (f, &b);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(YidiRankedInstitution) item = g_list_model_get_item (G_LIST_MODEL (f->ranking), i);

      g_assert_cmpint (yidi_ranked_institution_get_out_of_pocket (item), ==,
                       g_array_index (expected, Expected, i).out_of_pocket);
    }

  /* No case: an empty list. */
  yidi_estimate_ranking_set_input (f->ranking, f->policies, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->ranking)), ==, 0);
  g_assert_false (yidi_estimate_ranking_get_loading (f->ranking));
}

/* The core ranking on records made by hand: shared estimates, ties by name. */
static void
test_core_ranking (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_institution_record_free);
  static const struct { const char *name; const char *county; YidiInstitutionLevel level; } rows[] = {
    { "b", "310101", YIDI_LEVEL_3 }, { "a", "310101", YIDI_LEVEL_3 }, { "c", "310104", YIDI_LEVEL_2 },
    { "d", NULL, YIDI_LEVEL_UNKNOWN }, { "e", "310104", YIDI_LEVEL_3 },
  };
  g_autoptr(YidiRanking) ranking = NULL;
  YidiEngineInput in;
  YidiFen previous = 0;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      YidiInstitutionRecord *record = g_new0 (YidiInstitutionRecord, 1);

      record->name = g_strdup (rows[i].name);
      record->province_code = g_strdup ("310000");
      record->county_code = g_strdup (rows[i].county);
      record->level = rows[i].level;
      record->aliases = g_new0 (char *, 1);
      g_ptr_array_add (records, record);
    }
  retiree_input (&in, 5000000, 0);
  ranking = yidi_ranking_new (f->policies, &in, records);
  g_assert_cmpuint (yidi_ranking_get_n_entries (ranking), ==, 5);
  /* Three (place, level) pairs: 310101 L3, 310104 L2, 310104 L3. */
  g_assert_cmpuint (yidi_ranking_get_n_estimates (ranking), ==, 3);
  for (guint i = 0; i < 4; i++)
    {
      const YidiRankedEntry *entry = yidi_ranking_get_entry (ranking, i);

      g_assert_cmpint (entry->out_of_pocket, >=, previous);
      previous = entry->out_of_pocket;
    }
  /* "a" before "b": the same estimate, by name. */
  {
    int pos_a = -1, pos_b = -1;

    for (guint i = 0; i < 5; i++)
      {
        guint index = yidi_ranking_get_entry (ranking, i)->index;

        if (index == 1)
          pos_a = i;
        if (index == 0)
          pos_b = i;
      }
    g_assert_cmpint (pos_a + 1, ==, pos_b);
  }
  /* The one without a level comes last, with a reason. */
  g_assert_cmpuint (yidi_ranking_get_entry (ranking, 4)->index, ==, 3);
  g_assert_cmpint (yidi_ranking_get_entry (ranking, 4)->out_of_pocket, ==, -1);
  g_assert_nonnull (yidi_ranking_get_entry (ranking, 4)->error);
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

  ADD ("/estimate-ranking/order-matches-engine", test_order_matches_engine);
  ADD ("/estimate-ranking/limit-and-newest-wins", test_limit_and_newest_wins);
  ADD ("/estimate-ranking/core", test_core_ranking);

  return g_test_run ();
}

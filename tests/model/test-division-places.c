/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "yidi-division-places.h"

/* The place pickers' places from the real divisions (data/divisions.csv). */

static YidiDivisions *divisions;

static gboolean
has_code (GPtrArray  *places,
          const char *code)
{
  for (guint i = 0; i < places->len; i++)
    if (g_str_equal (((YidiPlace *) g_ptr_array_index (places, i))->code, code))
      return TRUE;
  return FALSE;
}

static void
test_browse (void)
{
  g_autoptr(YidiPlaces) places = yidi_division_places_new (divisions);
  g_autoptr(GPtrArray) provinces = yidi_places_list_children (places, NULL);
  g_autoptr(GPtrArray) cities = yidi_places_list_children (places, "440000");
  g_autoptr(GPtrArray) districts = yidi_places_list_children (places, "440100");
  g_autoptr(GPtrArray) zones = yidi_places_list_children (places, "130100");

  g_assert_cmpuint (provinces->len, >=, 31);
  g_assert_true (has_code (provinces, "310000"));
  g_assert_true (((YidiPlace *) g_ptr_array_index (provinces, 0))->has_children);
  g_assert_null (((YidiPlace *) g_ptr_array_index (provinces, 0))->parent_code);
  g_assert_true (has_code (cities, "440100"));
  g_assert_false (has_code (cities, "440106"));
  g_assert_true (has_code (districts, "440106"));
  /* Statistical zones are not places a person lives in. */
  g_assert_false (has_code (zones, "130171"));
  g_assert_true (has_code (zones, "130102"));
}

static void
test_lookup (void)
{
  g_autoptr(YidiPlaces) places = yidi_division_places_new (divisions);
  g_autoptr(YidiPlace) tianhe = yidi_places_lookup (places, "440106");
  g_autoptr(YidiPlace) xuhui = yidi_places_lookup (places, "310104");
  g_autoptr(YidiPlace) nowhere = yidi_places_lookup (places, "999999");
  g_autofree char *name = yidi_places_dup_full_name (places, "440106");

  g_assert_cmpstr (tianhe->name, ==, "天河区");
  g_assert_cmpstr (tianhe->full_name, ==, "广东省 广州市 天河区");
  g_assert_cmpstr (tianhe->parent_code, ==, "440100");
  g_assert_false (tianhe->has_children);
  /* 市辖区 is a placeholder: left out of the full name. */
  g_assert_cmpstr (xuhui->full_name, ==, "上海市 徐汇区");
  g_assert_null (nowhere);
  g_assert_cmpstr (name, ==, "广东省 广州市 天河区");
}

static void
test_search (void)
{
  g_autoptr(YidiPlaces) places = yidi_division_places_new (divisions);
  g_autoptr(GPtrArray) xuhui = yidi_places_search (places, "徐汇", 10);
  g_autoptr(GPtrArray) guangzhou = yidi_places_search (places, "广州", 10);
  g_autoptr(GPtrArray) code = yidi_places_search (places, "4401", 50);
  g_autoptr(GPtrArray) few = yidi_places_search (places, "区", 3);
  g_autoptr(GPtrArray) none = yidi_places_search (places, "  ", 10);
  g_autoptr(GPtrArray) chaoyang = yidi_places_search (places, "朝阳", 10);

  g_assert_cmpuint (xuhui->len, >=, 1);
  g_assert_cmpstr (((YidiPlace *) g_ptr_array_index (xuhui, 0))->code, ==, "310104");
  /* The city before its districts. */
  g_assert_cmpstr (((YidiPlace *) g_ptr_array_index (guangzhou, 0))->code, ==, "440100");
  g_assert_true (has_code (code, "440106"));
  for (guint i = 0; i < code->len; i++)
    g_assert_true (g_str_has_prefix (((YidiPlace *) g_ptr_array_index (code, i))->code, "4401"));
  g_assert_cmpuint (few->len, ==, 3);
  g_assert_cmpuint (none->len, ==, 0);
  /* A shared name finds each place of that name. */
  g_assert_true (has_code (chaoyang, "110105"));
  g_assert_true (has_code (chaoyang, "211300"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("YIDI_TEST_DATA_DIR"), "divisions.csv", NULL);
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  divisions = yidi_divisions_new_from_csv (path, &error);
  g_assert_no_error (error);

  g_test_add_func ("/division-places/browse", test_browse);
  g_test_add_func ("/division-places/lookup", test_lookup);
  g_test_add_func ("/division-places/search", test_search);

  status = g_test_run ();
  yidi_divisions_unref (divisions);
  return status;
}

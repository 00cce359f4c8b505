/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "yidi-directory.h"
#include "yidi-divisions.h"

static YidiDivisions *divisions;

static void
test_lookup (void)
{
  const YidiDivision *division = yidi_divisions_lookup (divisions, "440106");

  g_assert_cmpuint (yidi_divisions_get_n_items (divisions), ==, 3348);
  g_assert_nonnull (division);
  g_assert_cmpstr (division->name, ==, "天河区");
  g_assert_cmpstr (division->short_name, ==, "天河");
  g_assert_cmpint (division->level, ==, YIDI_DIVISION_COUNTY);
  g_assert_cmpstr (division->parent_code, ==, "440100");
  g_assert_false (division->stat_only);

  division = yidi_divisions_lookup (divisions, "440000");
  g_assert_cmpstr (division->name, ==, "广东省");
  g_assert_null (division->parent_code);

  /* A statistical zone is marked as such. */
  g_assert_true (yidi_divisions_lookup (divisions, "130171")->stat_only);

  g_assert_null (yidi_divisions_lookup (divisions, "999999"));
  g_assert_null (yidi_divisions_lookup (divisions, NULL));
}

static void
test_children (void)
{
  g_autoptr(GPtrArray) provinces = yidi_divisions_get_children (divisions, NULL);
  g_autoptr(GPtrArray) cities = yidi_divisions_get_children (divisions, "440000");
  g_autoptr(GPtrArray) counties = yidi_divisions_get_children (divisions, "440100");
  g_autoptr(GPtrArray) none = yidi_divisions_get_children (divisions, "440106");
  gboolean found = FALSE;

  g_assert_cmpuint (provinces->len, ==, 31);
  g_assert_cmpstr (((YidiDivision *) g_ptr_array_index (provinces, 0))->code, ==, "110000");
  g_assert_cmpuint (cities->len, ==, 21);
  /* By code. */
  for (guint i = 1; i < cities->len; i++)
    g_assert_cmpstr (((YidiDivision *) g_ptr_array_index (cities, i - 1))->code, <,
                     ((YidiDivision *) g_ptr_array_index (cities, i))->code);
  for (guint i = 0; i < counties->len; i++)
    found = found || g_str_equal (((YidiDivision *) g_ptr_array_index (counties, i))->name, "天河区");
  g_assert_true (found);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_path (void)
{
  g_autofree char *tianhe = yidi_divisions_get_path_name (divisions, "440106");
  g_autofree char *chaoyang = yidi_divisions_get_path_name (divisions, "110105");
  g_autofree char *province = yidi_divisions_get_path_name (divisions, "440000");

  g_assert_cmpstr (tianhe, ==, "广东省 广州市 天河区");
  /* The placeholder 市辖区 is left out. */
  g_assert_cmpstr (chaoyang, ==, "北京市 朝阳区");
  g_assert_cmpstr (province, ==, "广东省");
  g_assert_null (yidi_divisions_get_path_name (divisions, "000001"));

  g_assert_cmpstr (yidi_divisions_get_ancestor (divisions, "440106", YIDI_DIVISION_PROVINCE)->code, ==, "440000");
  g_assert_cmpstr (yidi_divisions_get_ancestor (divisions, "440106", YIDI_DIVISION_CITY)->code, ==, "440100");
  g_assert_cmpstr (yidi_divisions_get_ancestor (divisions, "440106", YIDI_DIVISION_COUNTY)->code, ==, "440106");
  g_assert_null (yidi_divisions_get_ancestor (divisions, "440100", YIDI_DIVISION_COUNTY));
}

static void
test_find (void)
{
  g_autoptr(GPtrArray) guangdong = yidi_divisions_find (divisions, "广东", NULL);
  g_autoptr(GPtrArray) by_code = yidi_divisions_find (divisions, "440106", NULL);
  g_autoptr(GPtrArray) chaoyang = yidi_divisions_find (divisions, "朝阳", NULL);
  g_autoptr(GPtrArray) chaoyang_beijing = yidi_divisions_find (divisions, "朝阳区", "110000");
  g_autoptr(GPtrArray) guangxi = yidi_divisions_find (divisions, "广西", NULL);
  g_autoptr(GPtrArray) xinjiang = yidi_divisions_find (divisions, "新疆", NULL);
  g_autoptr(GPtrArray) enshi = yidi_divisions_find (divisions, "恩施", NULL);
  g_autoptr(GPtrArray) nothing = yidi_divisions_find (divisions, "不存在", NULL);

  g_assert_cmpuint (guangdong->len, ==, 1);
  g_assert_cmpstr (((YidiDivision *) g_ptr_array_index (guangdong, 0))->code, ==, "440000");
  g_assert_cmpuint (by_code->len, ==, 1);
  /* Beijing's 朝阳区 and Liaoning's 朝阳市 (and 朝阳县) share a name. */
  g_assert_cmpuint (chaoyang->len, >=, 2);
  g_assert_cmpuint (chaoyang_beijing->len, ==, 1);
  g_assert_cmpstr (((YidiDivision *) g_ptr_array_index (chaoyang_beijing, 0))->code, ==, "110105");
  /* Short names of autonomous regions and prefectures. */
  g_assert_cmpstr (((YidiDivision *) g_ptr_array_index (guangxi, 0))->code, ==, "450000");
  g_assert_cmpstr (((YidiDivision *) g_ptr_array_index (xinjiang, 0))->code, ==, "650000");
  g_assert_cmpuint (enshi->len, >=, 1);
  g_assert_cmpstr (((YidiDivision *) g_ptr_array_index (enshi, 0))->name, ==, "恩施土家族苗族自治州");
  g_assert_cmpuint (nothing->len, ==, 0);
}

static void
check_resolve (const char *text,
               const char *within,
               const char *expected)
{
  const YidiDivision *division = yidi_divisions_resolve (divisions, text, within);

  if (expected == NULL)
    g_assert_null (division);
  else
    {
      g_assert_nonnull (division);
      g_assert_cmpstr (division->code, ==, expected);
    }
}

static void
test_resolve (void)
{
  check_resolve ("广东省广州市天河区", NULL, "440106");
  check_resolve ("广东广州天河", NULL, "440106");
  check_resolve ("广州市天河区", NULL, "440106");
  check_resolve ("北京市朝阳区", NULL, "110105");
  check_resolve ("广东省广州市天河区天河路1号", NULL, "440106");
  check_resolve ("440106", NULL, "440106");
  check_resolve ("吉林省吉林市", NULL, "220200");
  check_resolve ("天河区", "440000", "440106");
  /* Unique on its own. */
  check_resolve ("天河区", NULL, "440106");
  /* Not unique on its own, and unknown. */
  check_resolve ("朝阳区", NULL, NULL);
  check_resolve ("火星市", NULL, NULL);
  check_resolve ("", NULL, NULL);
  /* A code outside the given place. */
  check_resolve ("440106", "110000", NULL);
  /* A province followed by an unknown name: the province. */
  check_resolve ("广东省某某县", NULL, "440000");
}

static void
test_bad_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yidi-divisions-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "divisions.csv", NULL);
  YidiDivisions *bad;

  g_file_set_contents (path, "code,name\n110000,北京市\n", -1, NULL);
  bad = yidi_divisions_new_from_csv (path, &error);
  g_assert_null (bad);
  g_assert_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_BAD_DATA);
  g_clear_error (&error);

  /* A city whose province is missing. */
  g_file_set_contents (path, "code,name,level,parent_code,stat_only\n440100,广州市,city,440000,0\n", -1, NULL);
  bad = yidi_divisions_new_from_csv (path, &error);
  g_assert_null (bad);
  g_assert_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_BAD_DATA);
  g_clear_error (&error);

  g_file_set_contents (path, "code,name,level,parent_code,stat_only\n4401,广州市,city,440000,0\n", -1, NULL);
  bad = yidi_divisions_new_from_csv (path, &error);
  g_assert_null (bad);
  g_assert_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_BAD_DATA);
  g_assert_true (g_str_has_prefix (error->message, "Line 2 "));

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  path = g_build_filename (g_getenv ("YIDI_TEST_DATA_DIR"), "divisions.csv", NULL);
  divisions = yidi_divisions_new_from_csv (path, &error);
  g_assert_no_error (error);

  g_test_add_func ("/divisions/lookup", test_lookup);
  g_test_add_func ("/divisions/children", test_children);
  g_test_add_func ("/divisions/path", test_path);
  g_test_add_func ("/divisions/find", test_find);
  g_test_add_func ("/divisions/resolve", test_resolve);
  g_test_add_func ("/divisions/bad-files", test_bad_files);

  status = g_test_run ();
  yidi_divisions_unref (divisions);
  return status;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "yidi-pinyin.h"

static void
check (const char *text,
       const char *full,
       const char *initials)
{
  g_autofree char *out_full = NULL;
  g_autofree char *out_initials = NULL;

  yidi_pinyin_convert (text, '\0', &out_full, &out_initials);
  g_assert_cmpstr (out_full, ==, full);
  g_assert_cmpstr (out_initials, ==, initials);
}

static void
test_readings (void)
{
  /* From Unihan's kMandarin, tones removed. */
  g_assert_cmpstr (yidi_pinyin_get_syllable (0x534F), ==, "xie");   /* 协 */
  g_assert_cmpstr (yidi_pinyin_get_syllable (0x548C), ==, "he");    /* 和 */
  g_assert_cmpstr (yidi_pinyin_get_syllable (0x7EFF), ==, "lv");    /* 绿: ü is v */
  g_assert_cmpstr (yidi_pinyin_get_syllable (0x4E9B), ==, "xie");   /* 些 */
  /* Extension A is covered too. */
  g_assert_nonnull (yidi_pinyin_get_syllable (0x3400));
  /* Not ideographs. */
  g_assert_null (yidi_pinyin_get_syllable ('a'));
  g_assert_null (yidi_pinyin_get_syllable (0x3002));  /* 。 */
  g_assert_null (yidi_pinyin_get_syllable (0xFFFF));
}

static void
test_names (void)
{
  check ("北京协和医院", "beijingxieheyiyuan", "bjxhyy");
  check ("中国人民解放军总医院", "zhongguorenminjiefangjunzongyiyuan", "zgrmjfjzyy");
  /* Only characters with a reading count: letters, digits and
   * punctuation are left out. */
  check ("解放军301医院（CT室）", "jiefangjunyiyuanshi", "jfjyys");
  check ("第２医院", "diyiyuan", "dyy");
  check ("CT", "", "");
  check ("", "", "");
}

static void
test_place_names (void)
{
  /* Readings of characters that differ in place names. */
  check ("重庆市", "chongqingshi", "cqs");
  check ("重症医学科", "zhongzhengyixueke", "zzyxk");
  check ("长沙市", "changshashi", "css");
  check ("长子县", "zhangzixian", "zzx");
  check ("厦门大学附属第一医院", "xiamendaxuefushudiyiyiyuan", "xmdxfsdyyy");
  check ("成都市", "chengdushi", "cds");
  check ("六安市", "luanshi", "las");
  check ("蚌埠医学院", "bengbuyixueyuan", "bbyxy");
  check ("西藏自治区", "xizangzizhiqu", "xzzzq");
}

static void
test_invalid_utf8 (void)
{
  g_autofree char *full = NULL;

  /* Conversion stops at the first invalid byte. */
  yidi_pinyin_convert ("协\xff和", '\0', &full, NULL);
  g_assert_cmpstr (full, ==, "xie");
}

static void
test_syllables (void)
{
  g_autofree char *full = NULL;
  g_autofree char *initials = NULL;

  yidi_pinyin_convert ("重庆CT室", '\'', &full, &initials);
  g_assert_cmpstr (full, ==, "chong'qing'shi");
  g_assert_cmpstr (initials, ==, "cqs");
}

static void
check_split (const char  *letters,
             const char  *expected)
{
  g_autoptr(GPtrArray) readings = yidi_pinyin_split_initials (letters, 16);
  g_autofree char *joined = NULL;

  g_assert_nonnull (readings);
  g_ptr_array_add (readings, NULL);
  joined = g_strjoinv (",", (char **) readings->pdata);
  g_assert_cmpstr (joined, ==, expected);
}

static void
test_split (void)
{
  /* Every way of reading typed pinyin, the last syllable possibly cut
   * short: xian, xi'an, xi'a'n…, xia'n…. */
  check_split ("xian", "x,xa,xan,xn");
  check_split ("beijing", "bj,bjg");
  check_split ("zhongxinwei", "zxw");
  /* 鹅 is e. */
  check_split ("xiehe", "xeh,xh");
  /* Not pinyin at all. */
  check_split ("qqq", "");
  /* Too many ways: NULL. */
  g_assert_null (yidi_pinyin_split_initials ("xianxianxianxian", 16));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pinyin/readings", test_readings);
  g_test_add_func ("/pinyin/names", test_names);
  g_test_add_func ("/pinyin/place-names", test_place_names);
  g_test_add_func ("/pinyin/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/pinyin/syllables", test_syllables);
  g_test_add_func ("/pinyin/split", test_split);

  return g_test_run ();
}

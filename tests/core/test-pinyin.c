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

  yidi_pinyin_convert (text, &out_full, &out_initials);
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
  /* ASCII letters and digits are kept, lower case; punctuation dropped. */
  check ("解放军301医院（CT室）", "jiefangjun301yiyuanctshi", "jfj301yycts");
  /* Full-width letters and digits count as ASCII. */
  check ("第２医院", "di2yiyuan", "d2yy");
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
  yidi_pinyin_convert ("协\xff和", &full, NULL);
  g_assert_cmpstr (full, ==, "xie");
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

  return g_test_run ();
}

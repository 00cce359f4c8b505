/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "yidi-bench-generator.h"

/* A synthetic national directory: institutions spread over every county
 * in proportion to what real lists look like (village clinics and
 * private clinics by far the most numerous, hospitals a few percent),
 * with names, addresses and phone numbers built the way real ones are.
 * The same seed gives the same file. */

static const char *const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
  "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田",
  "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈",
};

/* Characters common in the names of towns, villages, streets and people. */
static const char *const place_chars[] = {
  "东", "西", "南", "北", "中", "新", "安", "和", "平", "兴", "华", "昌", "盛", "福", "民", "山", "河",
  "湖", "桥", "林", "石", "阳", "城", "关", "庄", "家", "店", "集", "口", "坡", "沟", "湾", "岭", "泉",
  "水", "田", "花", "园", "长", "乐", "宁", "康", "富", "贵", "龙", "凤", "金", "银", "马", "牛", "松",
  "柏", "青", "红", "白", "黄", "大", "小", "上", "下", "前", "后", "高", "王", "李", "张", "三", "五",
  "七", "八", "双", "永", "丰", "庆", "祥", "瑞", "德", "仁", "义", "礼", "信", "春", "秋", "云", "峰",
  "溪", "塘", "坝", "寨", "堡", "屯", "营", "铺", "洲", "岗", "台", "坊", "里", "寺", "源", "滩",
};

static const char *const given_chars[] = {
  "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀",
  "霞", "平", "刚", "桂", "英", "华", "玉", "兰", "建", "国", "文", "红", "志", "春", "海", "亮", "林",
};

static const char *const brands[] = {
  "仁爱", "康宁", "博爱", "慈济", "同仁", "安康", "惠民", "济民", "长寿", "百姓", "益民", "康泰",
  "瑞康", "美尔", "佳美", "博康", "和美", "华康", "德仁", "普济",
};

static const char *const specialties[] = {
  "口腔", "眼科", "骨科", "肛肠", "皮肤病", "精神病", "肿瘤", "妇产", "儿童", "康复", "心血管", "耳鼻喉",
  "中西医结合", "医疗美容", "肾病", "传染病",
};

static const char *const universities[] = {
  "北京大学", "复旦大学", "中山大学", "四川大学", "浙江大学", "华中科技大学", "中南大学", "山东大学",
  "吉林大学", "郑州大学", "南京医科大学", "首都医科大学", "重庆医科大学", "中国医科大学", "广州医科大学",
  "温州医科大学", "昆明医科大学", "新疆医科大学", "安徽医科大学", "河北医科大学",
};

static const char *const roads[] = { "路", "街", "大道", "大街", "巷" };

typedef struct {
  const YidiDivision *county;
  const YidiDivision *city;
  const YidiDivision *province;
} Place;

static const char *
pick (GRand             *rand,
      const char *const *list,
      guint              n)
{
  return list[g_rand_int_range (rand, 0, n)];
}

#define PICK(rand, list) pick (rand, list, G_N_ELEMENTS (list))

static void
append_word (GString *s,
             GRand   *rand,
             guint    n)
{
  for (guint i = 0; i < n; i++)
    g_string_append (s, PICK (rand, place_chars));
}

/* A CSV field, quoted when needed. */
static void
append_field (GString    *line,
              const char *text,
              gboolean    last)
{
  if (strpbrk (text, ",\"\n") != NULL)
    {
      g_string_append_c (line, '"');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (line, '"');
          g_string_append_c (line, *p);
        }
      g_string_append_c (line, '"');
    }
  else
    {
      g_string_append (line, text);
    }
  g_string_append_c (line, last ? '\n' : ',');
}

typedef struct {
  const char *level;
  const char *type;
  int inpatient_percent;        /* of rows known to be networked for it */
  int outpatient_percent;
  int chronic_percent;
} Kind;

/* Builds one institution; returns the row. */
static void
make_institution (GRand       *rand,
                  const Place *place,
                  guint        serial,
                  GString     *line)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) address = g_string_new (NULL);
  g_autoptr(GString) town = g_string_new (NULL);
  g_autofree char *code = NULL;
  g_autofree char *phone = NULL;
  const char *county = place->county->short_name;
  const char *city = place->city != NULL ? place->city->short_name : place->province->short_name;
  Kind kind = { "", "综合", 5, 60, 10 };
  int dice = g_rand_int_range (rand, 0, 1000);
  const char *flags[3];

  append_word (town, rand, 2);
  g_string_append (town, g_rand_int_range (rand, 0, 3) == 0 ? "街道" : "镇");

  if (dice < 420)
    {
      /* 村卫生室 */
      g_string_append_printf (name, "%s%s", county, town->str);
      append_word (name, rand, 2);
      g_string_append (name, "村卫生室");
      kind = (Kind) { "未定级", "基层", 0, 55, 5 };
    }
  else if (dice < 640)
    {
      /* 个体诊所 */
      if (g_rand_boolean (rand))
        g_string_append_printf (name, "%s%s%s诊所", county, PICK (rand, surnames), PICK (rand, given_chars));
      else
        g_string_append_printf (name, "%s%s%s诊所", city, PICK (rand, brands), PICK (rand, specialties));
      kind = (Kind) { "", "基层", 0, 40, 3 };
    }
  else if (dice < 760)
    {
      g_string_append_printf (name, "%s%s社区卫生服务%s", county, town->str,
                              g_rand_boolean (rand) ? "中心" : "站");
      kind = (Kind) { "社区", "基层", 10, 80, 40 };
    }
  else if (dice < 860)
    {
      g_string_append_printf (name, "%s%s卫生院", county, town->str);
      kind = (Kind) { "一级", "基层", 50, 80, 30 };
    }
  else if (dice < 930)
    {
      g_string_append_printf (name, "%s%s%s门诊部", city, PICK (rand, brands), PICK (rand, specialties));
      kind = (Kind) { "", "专科", 0, 50, 5 };
    }
  else if (dice < 960)
    {
      static const char *const suffixes[] = { "医院", "专科医院", "医院有限公司" };

      g_string_append_printf (name, "%s%s%s%s", city, PICK (rand, brands), PICK (rand, specialties),
                              PICK (rand, suffixes));
      kind = (Kind) { g_rand_boolean (rand) ? "一级" : "二级", "专科", 60, 70, 20 };
    }
  else if (dice < 975)
    {
      static const char *const kinds[] = { "人民医院", "中医医院", "妇幼保健院", "第二人民医院", "中西医结合医院" };
      const char *which = PICK (rand, kinds);

      g_string_append_printf (name, "%s%s", place->county->name, which);
      kind = (Kind) { g_rand_boolean (rand) ? "二级甲等" : "二级乙等",
                      strstr (which, "中西医") ? "中西医结合" : strstr (which, "中医") ? "中医" :
                      strstr (which, "妇幼") ? "妇幼" : "综合", 95, 95, 80 };
    }
  else if (dice < 992)
    {
      static const char *const ordinals[] = { "第一", "第二", "第三", "第四", "第五", "第六", "第七" };

      g_string_append_printf (name, "%s%s人民医院", place->city ? place->city->name : place->province->name,
                              PICK (rand, ordinals));
      kind = (Kind) { g_rand_int_range (rand, 0, 3) ? "三级甲等" : "三级乙等", "综合", 98, 95, 90 };
    }
  else
    {
      static const char *const kinds[] = { "附属第一医院", "附属第二医院", "附属医院", "附属肿瘤医院", "附属口腔医院",
                                           "协和医院", "同济医院", "华西医院", "湘雅医院", "附属儿童医院" };

      g_string_append_printf (name, "%s%s", PICK (rand, universities), PICK (rand, kinds));
      /* Same university, many cities: tell them apart as real lists do. */
      g_string_append_printf (name, "（%s院区）", county);
      kind = (Kind) { "三级甲等", "综合", 99, 98, 95 };
    }

  g_string_append_printf (address, "%s%s%s%s", place->province->name,
                          place->city != NULL ? place->city->name : "", place->county->name, town->str);
  append_word (address, rand, 2);
  g_string_append_printf (address, "%s%u号", PICK (rand, roads), g_rand_int_range (rand, 1, 999));

  code = g_strdup_printf ("H%s%07u", place->county->code, serial);
  phone = g_strdup_printf ("0%03u-%08u", g_rand_int_range (rand, 10, 999), g_rand_int_range (rand, 10000000, 99999999));

  for (guint i = 0; i < 3; i++)
    {
      int percent = i == 0 ? kind.inpatient_percent : i == 1 ? kind.outpatient_percent : kind.chronic_percent;
      int roll = g_rand_int_range (rand, 0, 100);

      /* One row in ten does not say. */
      flags[i] = g_rand_int_range (rand, 0, 10) == 0 ? "" : roll < percent ? "是" : "否";
    }

  append_field (line, code, FALSE);
  append_field (line, name->str, FALSE);
  append_field (line, place->county->code, FALSE);
  append_field (line, kind.level, FALSE);
  append_field (line, kind.type, FALSE);
  append_field (line, address->str, FALSE);
  append_field (line, phone, FALSE);
  append_field (line, flags[0], FALSE);
  append_field (line, flags[1], FALSE);
  append_field (line, flags[2], TRUE);
}

static void
collect_counties (YidiDivisions *divisions,
                  const char    *parent,
                  GArray        *places)
{
  g_autoptr(GPtrArray) children = yidi_divisions_get_children (divisions, parent);

  for (guint i = 0; i < children->len; i++)
    {
      const YidiDivision *division = g_ptr_array_index (children, i);

      if (division->level == YIDI_DIVISION_COUNTY)
        {
          Place place = {
            division,
            yidi_divisions_get_ancestor (divisions, division->code, YIDI_DIVISION_CITY),
            yidi_divisions_get_ancestor (divisions, division->code, YIDI_DIVISION_PROVINCE),
          };

          g_array_append_val (places, place);
        }
      else
        {
          collect_counties (divisions, division->code, places);
        }
    }
}

/**
 * yidi_bench_generate:
 * @divisions: every division
 * @path: the CSV file to write
 * @n_rows: how many institutions
 * @seed: the same seed, the same file
 *
 * Writes a synthetic directory with the headers of an official list,
 * spread over every county.
 */
gboolean
yidi_bench_generate (YidiDivisions  *divisions,
                     const char     *path,
                     guint           n_rows,
                     guint32         seed,
                     GError        **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GArray) places = g_array_new (FALSE, FALSE, sizeof (Place));
  g_autoptr(GString) line = g_string_sized_new (512);
  FILE *file;

  collect_counties (divisions, NULL, places);
  g_assert (places->len > 2000);

  file = fopen (path, "w");
  if (file == NULL)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "cannot write %s", path);
      return FALSE;
    }
  fputs ("机构编码,机构名称,所属区划,医院等级,机构类型,详细地址,联系电话,"
         "是否开通住院跨省直接结算,是否开通普通门诊跨省直接结算,是否开通门诊慢特病跨省直接结算\n", file);
  for (guint i = 0; i < n_rows; i++)
    {
      /* Every county gets its share, in a shuffled order. */
      const Place *place = &g_array_index (places, Place, (guint) (((guint64) i * 7919u) % places->len));

      g_string_truncate (line, 0);
      make_institution (rand, place, i, line);
      fwrite (line->str, 1, line->len, file);
    }
  if (fclose (file) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "cannot write %s", path);
      return FALSE;
    }
  return TRUE;
}

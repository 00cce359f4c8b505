/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-directory"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "yidi-csv.h"
#include "yidi-directory.h"
#include "yidi-directory-private.h"
#include "yidi-pinyin.h"
#include "yidi-postings.h"
#include "yidi-search.h"

/* Limits on one row, so a broken file cannot fill the database with
 * garbage. */
#define MAX_NAME_CHARS     200
#define MAX_ADDRESS_CHARS  500
#define MAX_SHORT_CHARS    100
#define MAX_ALIASES         20
#define MAX_CODE_CHARS      40

struct _YidiImportResult
{
  gatomicrefcount ref_count;
  char *source;
  char *encoding;
  guint n_rows;
  guint n_replaced;
  GPtrArray *problems;          /* YidiImportProblem* */
  GPtrArray *ignored_columns;   /* char*, NULL-terminated */
};

G_DEFINE_BOXED_TYPE (YidiImportResult, yidi_import_result,
                     yidi_import_result_ref, yidi_import_result_unref)

/* ---------------------------------------------------------------------- */
/* Results */

static void
problem_free (gpointer data)
{
  YidiImportProblem *problem = data;

  g_free (problem->message);
  g_free (problem);
}

static YidiImportResult *
import_result_new (const char *source)
{
  YidiImportResult *result = g_new0 (YidiImportResult, 1);

  g_atomic_ref_count_init (&result->ref_count);
  result->source = g_strdup (source);
  result->problems = g_ptr_array_new_with_free_func (problem_free);
  result->ignored_columns = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (result->ignored_columns, NULL);
  return result;
}

YidiImportResult *
yidi_import_result_ref (YidiImportResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  g_atomic_ref_count_inc (&result->ref_count);
  return result;
}

void
yidi_import_result_unref (YidiImportResult *result)
{
  g_return_if_fail (result != NULL);

  if (!g_atomic_ref_count_dec (&result->ref_count))
    return;
  g_free (result->source);
  g_free (result->encoding);
  g_ptr_array_unref (result->problems);
  g_ptr_array_unref (result->ignored_columns);
  g_free (result);
}

/* The list's name as stored. */
const char *
yidi_import_result_get_source (YidiImportResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->source;
}

/* "UTF-8" or "GB18030", or NULL if the file could not be read. */
const char *
yidi_import_result_get_encoding (YidiImportResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->encoding;
}

/* How many institutions were imported (0 if the import failed). */
guint
yidi_import_result_get_n_rows (YidiImportResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->n_rows;
}

/* How many institutions of an earlier import of the same list were
 * replaced. */
guint
yidi_import_result_get_n_replaced (YidiImportResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->n_replaced;
}

/**
 * yidi_import_result_get_problems:
 *
 * Returns: (transfer none) (element-type YidiImportProblem): every rejected
 *   row, by line.
 */
GPtrArray *
yidi_import_result_get_problems (YidiImportResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->problems;
}

/**
 * yidi_import_result_get_ignored_columns:
 *
 * Returns: (transfer none): the headers of the columns Yidi does not use.
 */
const char * const *
yidi_import_result_get_ignored_columns (YidiImportResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return (const char * const *) result->ignored_columns->pdata;
}

/* ---------------------------------------------------------------------- */
/* Columns */

typedef enum {
  F_CODE, F_NAME, F_ALIASES, F_DIVISION, F_PROVINCE_CODE, F_CITY_CODE, F_COUNTY_CODE,
  F_PROVINCE, F_CITY, F_COUNTY, F_LEVEL, F_GRADE, F_TYPE, F_ADDRESS, F_PHONE,
  F_LONGITUDE, F_LATITUDE, F_INPATIENT, F_OUTPATIENT, F_CHRONIC, F_DATA_DATE, F_SOURCE,
  N_FIELDS,
  F_KNOWN_UNUSED = N_FIELDS,
  F_UNKNOWN,
} Field;

/* Column headers of official lists and our own (data/institutions.csv),
 * compared after normalize_header(). */
static const struct {
  Field field;
  const char *names[14];
} headers[] = {
  { F_CODE, { "code", "national_code", "机构编码", "机构代码", "医疗机构编码", "医疗机构代码",
              "定点医疗机构编码", "定点医疗机构代码", "医药机构编码", "医药机构代码",
              "定点医药机构编号", "定点医药机构编码", "国家医保编码", "医保编码" } },
  { F_NAME, { "name", "机构名称", "医疗机构名称", "定点医疗机构名称", "医药机构名称",
              "定点医药机构名称", "医院名称", "单位名称" } },
  { F_ALIASES, { "aliases", "alias", "别名", "曾用名", "其他名称" } },
  { F_DIVISION, { "division", "division_code", "所属区划", "所属区划代码", "行政区划", "行政区划代码",
                  "区划代码", "统筹区", "统筹区编码", "统筹区名称", "所在地区", "所属地区", "所属统筹区" } },
  { F_PROVINCE_CODE, { "province_code", "省份代码", "省代码" } },
  { F_CITY_CODE, { "city_code", "城市代码", "地市代码", "市代码" } },
  { F_COUNTY_CODE, { "county_code", "区县代码", "县区代码" } },
  { F_PROVINCE, { "province", "省份", "省", "所属省份", "省级" } },
  { F_CITY, { "city", "城市", "地市", "市", "所属城市", "所属地市" } },
  { F_COUNTY, { "county", "区县", "县区", "所属区县", "区/县", "县" } },
  { F_LEVEL, { "level", "医院等级", "机构等级", "医疗机构等级", "等级", "级别", "医院级别" } },
  { F_GRADE, { "grade", "等次", "医院等次" } },
  { F_TYPE, { "type", "机构类型", "机构类别", "医疗机构类别", "医疗机构类型", "医院类型", "类别", "类型" } },
  { F_ADDRESS, { "address", "地址", "机构地址", "详细地址", "医院地址", "单位地址" } },
  { F_PHONE, { "phone", "telephone", "电话", "联系电话", "咨询电话", "电话号码" } },
  { F_LONGITUDE, { "longitude", "lng", "lon", "经度" } },
  { F_LATITUDE, { "latitude", "lat", "纬度" } },
  { F_INPATIENT, { "inpatient", "是否开通住院跨省直接结算", "是否开通跨省住院直接结算",
                   "住院跨省直接结算", "跨省住院直接结算", "住院直接结算", "住院" } },
  { F_OUTPATIENT, { "outpatient", "是否开通普通门诊跨省直接结算", "是否开通跨省普通门诊直接结算",
                    "普通门诊跨省直接结算", "跨省普通门诊直接结算", "普通门诊直接结算", "普通门诊" } },
  { F_CHRONIC, { "chronic", "是否开通门诊慢特病跨省直接结算", "是否开通跨省门诊慢特病直接结算",
                 "门诊慢特病跨省直接结算", "跨省门诊慢特病直接结算", "门诊慢特病直接结算", "门诊慢特病",
                 "慢特病" } },
  { F_DATA_DATE, { "data_date", "data_year", "数据日期", "更新日期", "更新时间", "数据年份" } },
  { F_SOURCE, { "source", "来源", "数据来源" } },
  { F_KNOWN_UNUSED, { "level_raw", "geo_match", "序号", "编号", "备注", "no", "id" } },
};

/* Strips spaces, "*" and "(必填)" and lower-cases ASCII: "机构名称 *" and
 * "机构名称（必填）" are both "机构名称". */
static char *
normalize_header (const char *header)
{
  static const char *const drop[] = { "（必填）", "(必填)", "*", "＊", "\xEF\xBB\xBF", "　", " " };
  g_autoptr(GString) s = g_string_new (header);

  for (guint i = 0; i < G_N_ELEMENTS (drop); i++)
    g_string_replace (s, drop[i], "", 0);
  for (gsize i = 0; i < s->len; i++)
    s->str[i] = g_ascii_tolower (s->str[i]);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static Field
field_for_header (const char *header)
{
  g_autofree char *name = normalize_header (header);

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      for (guint j = 0; j < G_N_ELEMENTS (headers[i].names) && headers[i].names[j] != NULL; j++)
        {
          if (g_str_equal (name, headers[i].names[j]))
            return headers[i].field;
        }
    }

  /* The networked flags come in many wordings: 是否开通跨省联网住院直接结算 … */
  if (strstr (name, "跨省") != NULL || strstr (name, "直接结算") != NULL || strstr (name, "联网") != NULL)
    {
      if (strstr (name, "慢特病") != NULL || strstr (name, "慢性病") != NULL || strstr (name, "特殊病") != NULL)
        return F_CHRONIC;
      if (strstr (name, "住院") != NULL)
        return F_INPATIENT;
      if (strstr (name, "门诊") != NULL)
        return F_OUTPATIENT;
    }
  return F_UNKNOWN;
}

typedef struct {
  int columns[N_FIELDS];        /* the column of each field, or -1 */
  char *headers[N_FIELDS];      /* the header as written, for messages */
  guint n_columns;
} ColumnMap;

static void
column_map_clear (ColumnMap *map)
{
  for (guint i = 0; i < N_FIELDS; i++)
    g_free (map->headers[i]);
}

static gboolean
map_columns (ColumnMap         *map,
             YidiCsvReader     *reader,
             YidiImportResult  *result,
             const char        *display,
             GError           **error)
{
  for (guint i = 0; i < N_FIELDS; i++)
    map->columns[i] = -1;
  map->n_columns = yidi_csv_reader_get_n_fields (reader);

  for (guint c = 0; c < map->n_columns; c++)
    {
      const char *header = yidi_csv_reader_get_field (reader, c);
      Field field = field_for_header (header);

      if (field == F_UNKNOWN)
        {
          if (*header != '\0')
            g_ptr_array_insert (result->ignored_columns, result->ignored_columns->len - 1, g_strdup (header));
          continue;
        }
      if (field == F_KNOWN_UNUSED)
        continue;
      if (map->columns[field] >= 0)
        {
          g_set_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_BAD_HEADER,
                       _("In “%s” the columns “%s” and “%s” say the same thing. Remove one of them and import again."),
                       display, map->headers[field], header);
          return FALSE;
        }
      map->columns[field] = (int) c;
      map->headers[field] = g_strdup (header);
    }

  if (map->columns[F_NAME] < 0)
    {
      g_set_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_BAD_HEADER,
                   _("“%s” has no column with the institutions’ names. The first line must name the columns, for example “机构名称” or “name”."),
                   display);
      return FALSE;
    }
  if (map->columns[F_DIVISION] < 0 && map->columns[F_PROVINCE_CODE] < 0 && map->columns[F_CITY_CODE] < 0 &&
      map->columns[F_COUNTY_CODE] < 0 && map->columns[F_PROVINCE] < 0 && map->columns[F_CITY] < 0 &&
      map->columns[F_COUNTY] < 0)
    {
      g_set_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_BAD_HEADER,
                   _("“%s” has no column saying where the institutions are. Add a column such as “所属区划”, “省份” or “province_code”."),
                   display);
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Values */

/* A field's text with control characters made spaces and white space
 * trimmed; NULL if the column is absent. */
static char *
get_text (YidiCsvReader   *reader,
          const ColumnMap *map,
          Field            field)
{
  char *text;

  if (map->columns[field] < 0)
    return NULL;
  text = g_strdup (yidi_csv_reader_get_field (reader, map->columns[field]));
  for (char *p = text; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        *p = ' ';
    }
  /* Full-width spaces too: "　北京协和医院" */
  g_strstrip (text);
  while (g_str_has_prefix (text, "　"))
    memmove (text, text + 3, strlen (text + 3) + 1);
  while (g_str_has_suffix (text, "　"))
    text[strlen (text) - 3] = '\0';
  g_strstrip (text);
  return text;
}

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

static gboolean
in_list (const char        *text,
         const char *const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    {
      if (g_str_equal (text, list[i]))
        return TRUE;
    }
  return FALSE;
}

static gboolean
parse_tristate (const char   *text,
                YidiTristate *out)
{
  static const char *const yes[] = { "是", "有", "已开通", "开通", "已联网", "联网", "y", "yes", "true", "1", "√", "✓", "✔", NULL };
  static const char *const no[] = { "否", "无", "未开通", "不开通", "未联网", "n", "no", "false", "0", "×", "✗", "✘", NULL };
  static const char *const unknown[] = { "", "未知", "不详", "unknown", "-", "—", NULL };
  g_autofree char *lower = g_ascii_strdown (text != NULL ? text : "", -1);

  if (in_list (lower, yes))
    *out = YIDI_TRISTATE_YES;
  else if (in_list (lower, no))
    *out = YIDI_TRISTATE_NO;
  else if (in_list (lower, unknown))
    *out = YIDI_TRISTATE_UNKNOWN;
  else
    return FALSE;
  return TRUE;
}

static gboolean
parse_grade (const char           *text,
             YidiInstitutionGrade *out)
{
  static const char *const none[] = { "", "无", "未定等", "未评等", "-", NULL };
  g_autofree char *lower = g_ascii_strdown (text, -1);

  if (in_list (lower, none))
    {
      *out = YIDI_GRADE_NONE;
      return TRUE;
    }
  return yidi_institution_grade_from_key (lower, out);
}

/* 三级甲等, 三甲, 二级, 相当二级, 社区卫生服务中心, 未定级, level3, 3 … */
static gboolean
parse_level (const char           *text,
             YidiInstitutionLevel *out_level,
             YidiInstitutionGrade *out_grade)
{
  static const char *const unrated[] = { "未定级", "未评级", "无等级", "未分级", "无级别", "无", "unrated", "0", NULL };
  static const char *const digits[] = { "一", "二", "三" };
  g_autofree char *lower = g_ascii_strdown (text, -1);
  const char *p = lower;

  *out_grade = YIDI_GRADE_NONE;
  if (*p == '\0' || g_str_equal (p, "-") || g_str_equal (p, "unknown") || g_str_equal (p, "不详"))
    {
      *out_level = YIDI_LEVEL_UNKNOWN;
      return TRUE;
    }
  if (in_list (p, unrated))
    {
      *out_level = YIDI_LEVEL_UNRATED;
      return TRUE;
    }
  if (yidi_institution_level_from_key (p, out_level))
    return TRUE;
  if (g_str_has_prefix (p, "社区"))
    {
      *out_level = YIDI_LEVEL_COMMUNITY;
      return TRUE;
    }
  if (p[0] >= '1' && p[0] <= '3' && p[1] == '\0')
    {
      *out_level = YIDI_LEVEL_1 + (p[0] - '1');
      return TRUE;
    }

  if (g_str_has_prefix (p, "相当"))
    p += strlen ("相当");
  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    {
      if (!g_str_has_prefix (p, digits[i]))
        continue;
      p += strlen (digits[i]);
      if (g_str_has_prefix (p, "级"))
        p += strlen ("级");
      else if (*p == '\0')
        return FALSE;
      if (g_str_has_suffix (p, "医院"))
        lower[strlen (lower) - strlen ("医院")] = '\0';
      if (!parse_grade (p, out_grade))
        return FALSE;
      *out_level = YIDI_LEVEL_1 + i;
      return TRUE;
    }
  return FALSE;
}

static YidiInstitutionType
parse_type (const char *text)
{
  static const struct {
    const char *word;
    YidiInstitutionType type;
  } words[] = {
    { "中西医", YIDI_INSTITUTION_TYPE_INTEGRATED },
    { "中医", YIDI_INSTITUTION_TYPE_TCM },
    { "民族医", YIDI_INSTITUTION_TYPE_TCM },
    { "妇幼", YIDI_INSTITUTION_TYPE_MATERNAL_CHILD },
    { "专科", YIDI_INSTITUTION_TYPE_SPECIALTY },
    { "综合", YIDI_INSTITUTION_TYPE_GENERAL },
    { "社区", YIDI_INSTITUTION_TYPE_PRIMARY },
    { "卫生院", YIDI_INSTITUTION_TYPE_PRIMARY },
    { "卫生室", YIDI_INSTITUTION_TYPE_PRIMARY },
    { "门诊", YIDI_INSTITUTION_TYPE_PRIMARY },
    { "诊所", YIDI_INSTITUTION_TYPE_PRIMARY },
    { "基层", YIDI_INSTITUTION_TYPE_PRIMARY },
  };
  YidiInstitutionType type;
  g_autofree char *lower = g_ascii_strdown (text, -1);

  if (*lower == '\0')
    return YIDI_INSTITUTION_TYPE_UNKNOWN;
  if (yidi_institution_type_from_key (lower, &type))
    return type;
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      if (strstr (lower, words[i].word) != NULL)
        return words[i].type;
    }
  return YIDI_INSTITUTION_TYPE_OTHER;
}

static gboolean
parse_coordinate (const char *text,
                  double      limit,
                  double     *out)
{
  char *end = NULL;
  double value;

  errno = 0;
  value = g_ascii_strtod (text, &end);
  if (errno != 0 || end == text || *end != '\0' || !(value >= -limit && value <= limit))
    return FALSE;
  *out = value;
  return TRUE;
}

static gboolean
is_valid_code (const char *code)
{
  if (g_utf8_strlen (code, -1) > MAX_CODE_CHARS)
    return FALSE;
  for (const char *p = code; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
        return FALSE;
    }
  return TRUE;
}

/* YYYY, YYYY-MM or YYYY-MM-DD, a real date. */
static gboolean
is_valid_date (const char *text)
{
  int year = 0, month = 1, day = 1;
  char tail;
  int n;

  n = sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &tail);
  if (strlen (text) != 4 && strlen (text) != 7 && strlen (text) != 10)
    return FALSE;
  if (n < 1 || n > 3 || (n == 1 && strlen (text) != 4) || (n == 2 && strlen (text) != 7))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) && *p != '-')
        return FALSE;
    }
  return year >= 1900 && year <= 2999 && g_date_valid_dmy (day, month, year);
}

/* ---------------------------------------------------------------------- */
/* Derived columns */

/**
 * yidi_directory_make_pinyin:
 *
 * The full pinyin (syllables separated by "'") and the initials of @name
 * and each of @aliases, "|"-separated, as the index and its checks expect.
 */
void
yidi_directory_make_pinyin (const char          *name,
                            const char * const  *aliases,
                            char               **out_pinyin,
                            char               **out_initials)
{
  GString *pinyin = g_string_new (NULL);
  GString *initials = g_string_new (NULL);
  guint n_aliases = aliases != NULL ? g_strv_length ((char **) aliases) : 0;

  for (guint i = 0; i <= n_aliases; i++)
    {
      g_autofree char *full = NULL;
      g_autofree char *short_form = NULL;

      yidi_pinyin_convert (i == 0 ? name : aliases[i - 1], '\'', &full, &short_form);
      if (i > 0)
        {
          g_string_append_c (pinyin, '|');
          g_string_append_c (initials, '|');
        }
      g_string_append (pinyin, full);
      g_string_append (initials, short_form);
    }
  *out_pinyin = g_string_free (pinyin, FALSE);
  *out_initials = g_string_free (initials, FALSE);
}

/**
 * yidi_directory_make_sort_key:
 *
 * The key that orders search results within a tier: 三级 before 二级
 * before 一级, 社区, 未定级 and unknown; 甲 before 乙 before 丙; then by
 * the pinyin of the name, then by the name.
 */
char *
yidi_directory_make_sort_key (YidiInstitutionLevel  level,
                              YidiInstitutionGrade  grade,
                              const char           *pinyin,
                              const char           *name)
{
  static const char level_rank[] = {
    [YIDI_LEVEL_3] = '0',
    [YIDI_LEVEL_2] = '1',
    [YIDI_LEVEL_1] = '2',
    [YIDI_LEVEL_COMMUNITY] = '3',
    [YIDI_LEVEL_UNRATED] = '4',
    [YIDI_LEVEL_UNKNOWN] = '5',
  };
  static const char grade_rank[] = {
    [YIDI_GRADE_A] = '0',
    [YIDI_GRADE_B] = '1',
    [YIDI_GRADE_C] = '2',
    [YIDI_GRADE_NONE] = '3',
  };
  GString *key;

  g_return_val_if_fail ((guint) level < G_N_ELEMENTS (level_rank), NULL);
  g_return_val_if_fail ((guint) grade < G_N_ELEMENTS (grade_rank), NULL);

  key = g_string_sized_new (64);
  g_string_append_c (key, level_rank[level]);
  g_string_append_c (key, grade_rank[grade]);
  /* The name's pinyin, without syllable separators. */
  for (const char *p = pinyin; p != NULL && *p != '\0' && *p != '|'; p++)
    {
      if (*p != '\'')
        g_string_append_c (key, *p);
    }
  g_string_append_c (key, '\x01');
  g_string_append (key, name);
  return g_string_free (key, FALSE);
}

/* ---------------------------------------------------------------------- */
/* Rows */

/* Rows held in memory until they are written in rank order: the fixed
 * fields here, the texts in an arena, one after the other. */
enum {
  TEXT_SORT_KEY, TEXT_CODE, TEXT_NAME, TEXT_ALIASES, TEXT_ADDRESS, TEXT_PHONE,
  TEXT_DATA_DATE, TEXT_SOURCE, TEXT_PINYIN, TEXT_INITIALS, N_TEXTS
};

typedef struct {
  gint64 source_id;
  guint32 line;
  gint32 province, city, county;        /* 0 for none */
  guint8 level, grade, type;
  guint8 inpatient, outpatient, chronic;
  gboolean has_location;
  double longitude, latitude;
  gsize texts;                          /* N_TEXTS strings in the arena */
} Staged;

typedef struct {
  GArray *rows;                         /* Staged */
  GByteArray *arena;
  guint *order;                         /* rows in rank order, once sorted */
} Stage;

typedef struct {
  YidiDivisions *divisions;
  ColumnMap map;
  YidiImportResult *result;
  GHashTable *codes;            /* national code → line, for duplicates */
  gint64 source_id;
  Stage *stage;
} Importer;

static void
stage_init (Stage *stage)
{
  stage->rows = g_array_new (FALSE, FALSE, sizeof (Staged));
  stage->arena = g_byte_array_sized_new (1 << 20);
}

static void
stage_clear (Stage *stage)
{
  g_clear_pointer (&stage->rows, g_array_unref);
  g_clear_pointer (&stage->arena, g_byte_array_unref);
  g_clear_pointer (&stage->order, g_free);
}

static void
stage_add (Stage        *stage,
           Staged       *row,
           const char  **texts)
{
  row->texts = stage->arena->len;
  for (guint i = 0; i < N_TEXTS; i++)
    {
      const char *text = texts[i] != NULL ? texts[i] : "";

      g_byte_array_append (stage->arena, (const guint8 *) text, strlen (text) + 1);
    }
  g_array_append_val (stage->rows, *row);
}

static const char *
staged_text (Stage        *stage,
             const Staged *row,
             guint         which)
{
  const char *text = (const char *) stage->arena->data + row->texts;

  for (guint i = 0; i < which; i++)
    text += strlen (text) + 1;
  return text;
}

static void G_GNUC_PRINTF (3, 4)
reject (Importer   *importer,
        guint       line,
        const char *format,
        ...)
{
  YidiImportProblem *problem = g_new0 (YidiImportProblem, 1);
  va_list args;

  va_start (args, format);
  problem->line = line;
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (importer->result->problems, problem);
}

static gboolean
check_length (Importer   *importer,
              guint       line,
              Field       field,
              const char *text,
              guint       limit)
{
  if (text == NULL || g_utf8_strlen (text, -1) <= limit)
    return TRUE;
  reject (importer, line, _("Line %u: the text in column “%s” is longer than %u characters."),
          line, importer->map.headers[field], limit);
  return FALSE;
}

/* A division from a code column; reports and returns FALSE if the code is
 * not a known one. */
static gboolean
division_from_code (Importer            *importer,
                    guint                line,
                    Field                field,
                    YidiCsvReader       *reader,
                    const YidiDivision **out)
{
  g_autofree char *code = get_text (reader, &importer->map, field);

  *out = NULL;
  if (is_empty (code))
    return TRUE;
  *out = yidi_division_code_is_valid (code) ? yidi_divisions_lookup (importer->divisions, code) : NULL;
  if (*out == NULL)
    {
      reject (importer, line,
              _("Line %u: “%s” in column “%s” is not a known division code. Use the six-digit GB/T 2260 code, such as 440106."),
              line, code, importer->map.headers[field]);
      return FALSE;
    }
  return TRUE;
}

/* Whether @inner lies in @outer (or is it). */
static gboolean
division_within (YidiDivisions      *divisions,
                 const YidiDivision *inner,
                 const YidiDivision *outer)
{
  return outer == NULL || inner == NULL ||
         yidi_divisions_get_ancestor (divisions, inner->code, outer->level) == outer;
}

/* The most specific division the row gives, from its code columns, its
 * division column or its name columns, checked for consistency. */
static gboolean
resolve_division (Importer            *importer,
                  guint                line,
                  YidiCsvReader       *reader,
                  const YidiDivision **out)
{
  const YidiDivision *by_code[3] = { NULL };
  const YidiDivision *found = NULL;
  static const Field code_fields[] = { F_PROVINCE_CODE, F_CITY_CODE, F_COUNTY_CODE };
  static const Field name_fields[] = { F_PROVINCE, F_CITY, F_COUNTY };
  g_autofree char *division = NULL;

  *out = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (code_fields); i++)
    {
      if (!division_from_code (importer, line, code_fields[i], reader, &by_code[i]))
        return FALSE;
      if (by_code[i] != NULL && by_code[i]->level != (YidiDivisionLevel) i)
        {
          reject (importer, line, _("Line %u: the code “%s” in column “%s” is not a code of that level."),
                  line, by_code[i]->code, importer->map.headers[code_fields[i]]);
          return FALSE;
        }
      if (by_code[i] != NULL)
        {
          for (guint j = 0; j < i; j++)
            {
              if (!division_within (importer->divisions, by_code[i], by_code[j]))
                {
                  reject (importer, line, _("Line %u: %s (%s) is not in %s (%s). Check the division codes."),
                          line, by_code[i]->name, by_code[i]->code, by_code[j]->name, by_code[j]->code);
                  return FALSE;
                }
            }
          found = by_code[i];
        }
    }
  if (found != NULL)
    {
      *out = found;
      return TRUE;
    }

  division = get_text (reader, &importer->map, F_DIVISION);
  if (!is_empty (division))
    {
      found = yidi_divisions_resolve (importer->divisions, division, NULL);
      if (found == NULL)
        {
          reject (importer, line,
                  _("Line %u: Yidi cannot tell which place “%s” is. Give its six-digit division code, or its province, city and county."),
                  line, division);
          return FALSE;
        }
      *out = found;
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (name_fields); i++)
    {
      g_autofree char *name = get_text (reader, &importer->map, name_fields[i]);
      const YidiDivision *next;

      if (is_empty (name))
        continue;
      next = yidi_divisions_resolve (importer->divisions, name, found ? found->code : NULL);
      if (next == NULL)
        {
          reject (importer, line,
                  _("Line %u: Yidi cannot tell which place “%s” is. Give its six-digit division code, or its province, city and county."),
                  line, name);
          return FALSE;
        }
      found = next;
    }
  if (found == NULL)
    {
      reject (importer, line, _("Line %u: the row does not say where the institution is. Give at least its province."), line);
      return FALSE;
    }
  *out = found;
  return TRUE;
}

/* Splits aliases at "|" or semicolons, dropping empty ones and the name. */
static char **
split_aliases (const char *text,
               const char *name)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *normalized = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) s = NULL;

  if (is_empty (text))
    return g_new0 (char *, 1);

  s = g_string_new (text);
  g_string_replace (s, "；", "|", 0);
  g_string_replace (s, ";", "|", 0);
  normalized = g_string_free (g_steal_pointer (&s), FALSE);
  parts = g_strsplit (normalized, "|", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0' && !g_str_equal (parts[i], name))
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (is_empty (text))
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

#define STAGING_COLUMNS \
  "source_id, line, code, name, aliases, province, city, county, level, grade, type, " \
  "address, phone, longitude, latitude, inpatient, outpatient, chronic, data_date, source, " \
  "pinyin, initials, sort_key"

/* Checks one row and, if it is good and no row was rejected yet, stages
 * it in memory. */
static void
import_row (Importer       *importer,
            YidiCsvReader  *reader)
{
  const ColumnMap *map = &importer->map;
  guint line = yidi_csv_reader_get_line (reader);
  guint n_problems = importer->result->problems->len;
  g_autofree char *code = NULL, *name = NULL, *aliases_text = NULL, *level_text = NULL;
  g_autofree char *grade_text = NULL, *type_text = NULL, *address = NULL, *phone = NULL;
  g_autofree char *longitude_text = NULL, *latitude_text = NULL, *data_date = NULL, *source = NULL;
  g_autofree char *pinyin = NULL, *initials = NULL, *sort_key = NULL, *aliases_joined = NULL;
  g_auto(GStrv) aliases = NULL;
  const YidiDivision *division = NULL;
  YidiInstitutionLevel level = YIDI_LEVEL_UNKNOWN;
  YidiInstitutionGrade grade = YIDI_GRADE_NONE, grade_column = YIDI_GRADE_NONE;
  YidiTristate flags[3] = { YIDI_TRISTATE_UNKNOWN, YIDI_TRISTATE_UNKNOWN, YIDI_TRISTATE_UNKNOWN };
  static const Field flag_fields[] = { F_INPATIENT, F_OUTPATIENT, F_CHRONIC };
  double longitude = 0, latitude = 0;
  gboolean has_location = FALSE;

  if (yidi_csv_reader_get_n_fields (reader) != map->n_columns)
    {
      reject (importer, line,
              _("Line %u has %u fields but the first line names %u columns. A comma inside a field needs quotation marks around the field."),
              line, yidi_csv_reader_get_n_fields (reader), map->n_columns);
      return;
    }

  name = get_text (reader, map, F_NAME);
  if (is_empty (name))
    {
      reject (importer, line, _("Line %u: the name is empty. Every institution needs a name."), line);
      return;
    }
  check_length (importer, line, F_NAME, name, MAX_NAME_CHARS);

  code = get_text (reader, map, F_CODE);
  if (!is_empty (code))
    {
      gpointer first_line;

      if (!is_valid_code (code))
        reject (importer, line, _("Line %u: “%s” is not a valid institution code: use letters and digits only."),
                line, code);
      else if (g_hash_table_lookup_extended (importer->codes, code, NULL, &first_line))
        reject (importer, line, _("Line %u: the institution code “%s” was already given on line %u."),
                line, code, GPOINTER_TO_UINT (first_line));
      else
        g_hash_table_insert (importer->codes, g_strdup (code), GUINT_TO_POINTER (line));
    }

  resolve_division (importer, line, reader, &division);

  level_text = get_text (reader, map, F_LEVEL);
  if (level_text != NULL && !parse_level (level_text, &level, &grade))
    reject (importer, line, _("Line %u: the level “%s” is not known. Use 一级, 二级, 三级 (optionally with 甲等, 乙等 or 丙等), 社区 or 未定级."),
            line, level_text);
  grade_text = get_text (reader, map, F_GRADE);
  if (grade_text != NULL)
    {
      if (!parse_grade (grade_text, &grade_column))
        reject (importer, line, _("Line %u: the grade “%s” is not known. Use 甲等, 乙等 or 丙等, or leave it empty."),
                line, grade_text);
      else if (grade != YIDI_GRADE_NONE && grade_column != YIDI_GRADE_NONE && grade != grade_column)
        reject (importer, line, _("Line %u: the level “%s” and the grade “%s” disagree."),
                line, level_text, grade_text);
      else if (grade_column != YIDI_GRADE_NONE)
        grade = grade_column;
    }

  type_text = get_text (reader, map, F_TYPE);

  for (guint i = 0; i < G_N_ELEMENTS (flag_fields); i++)
    {
      g_autofree char *text = get_text (reader, map, flag_fields[i]);

      if (text != NULL && !parse_tristate (text, &flags[i]))
        reject (importer, line, _("Line %u: “%s” in column “%s” is neither yes nor no. Use 是 or 否, or leave it empty if not known."),
                line, text, map->headers[flag_fields[i]]);
    }

  longitude_text = get_text (reader, map, F_LONGITUDE);
  latitude_text = get_text (reader, map, F_LATITUDE);
  if (!is_empty (longitude_text) || !is_empty (latitude_text))
    {
      if (is_empty (longitude_text) || is_empty (latitude_text))
        reject (importer, line, _("Line %u: give both the longitude and the latitude, or neither."), line);
      else if (!parse_coordinate (longitude_text, 180, &longitude) ||
               !parse_coordinate (latitude_text, 90, &latitude))
        reject (importer, line, _("Line %u: the coordinates “%s, %s” are not a longitude and a latitude in degrees."),
                line, longitude_text, latitude_text);
      else
        has_location = TRUE;
    }

  address = get_text (reader, map, F_ADDRESS);
  check_length (importer, line, F_ADDRESS, address, MAX_ADDRESS_CHARS);
  phone = get_text (reader, map, F_PHONE);
  check_length (importer, line, F_PHONE, phone, MAX_SHORT_CHARS);
  data_date = get_text (reader, map, F_DATA_DATE);
  check_length (importer, line, F_DATA_DATE, data_date, MAX_SHORT_CHARS);
  source = get_text (reader, map, F_SOURCE);
  check_length (importer, line, F_SOURCE, source, MAX_SHORT_CHARS);

  aliases_text = get_text (reader, map, F_ALIASES);
  aliases = split_aliases (aliases_text, name);
  if (g_strv_length (aliases) > MAX_ALIASES)
    reject (importer, line, _("Line %u has more than %u aliases."), line, MAX_ALIASES);
  for (guint i = 0; aliases[i] != NULL; i++)
    {
      if (!check_length (importer, line, F_ALIASES, aliases[i], MAX_NAME_CHARS))
        break;
    }

  /* Once a row is rejected nothing will be imported: only check the rest. */
  if (importer->result->problems->len > 0)
    return;
  g_assert (importer->result->problems->len == n_problems);

  yidi_directory_make_pinyin (name, (const char * const *) aliases, &pinyin, &initials);
  sort_key = yidi_directory_make_sort_key (level, grade, pinyin, name);
  aliases_joined = g_strjoinv ("|", aliases);

  {
    Staged row = { importer->source_id, line };
    const YidiDivision *province = yidi_divisions_get_ancestor (importer->divisions, division->code, YIDI_DIVISION_PROVINCE);
    const YidiDivision *city = yidi_divisions_get_ancestor (importer->divisions, division->code, YIDI_DIVISION_CITY);
    const YidiDivision *county = yidi_divisions_get_ancestor (importer->divisions, division->code, YIDI_DIVISION_COUNTY);
    const char *texts[N_TEXTS] = {
      [TEXT_SORT_KEY] = sort_key, [TEXT_CODE] = code, [TEXT_NAME] = name, [TEXT_ALIASES] = aliases_joined,
      [TEXT_ADDRESS] = address, [TEXT_PHONE] = phone, [TEXT_DATA_DATE] = data_date, [TEXT_SOURCE] = source,
      [TEXT_PINYIN] = pinyin, [TEXT_INITIALS] = initials,
    };

    row.province = province ? atoi (province->code) : 0;
    row.city = city ? atoi (city->code) : 0;
    row.county = county ? atoi (county->code) : 0;
    row.level = level;
    row.grade = grade;
    row.type = parse_type (type_text != NULL ? type_text : "");
    row.inpatient = flags[0];
    row.outpatient = flags[1];
    row.chronic = flags[2];
    row.has_location = has_location;
    row.longitude = longitude;
    row.latitude = latitude;
    stage_add (importer->stage, &row, texts);
  }
  importer->result->n_rows++;
  return;
}

/* ---------------------------------------------------------------------- */
/* The load */

static gboolean
exec (sqlite3      *db,
      const char   *sql,
      GCancellable *cancellable,
      GError      **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      g_debug ("%s: %s", sql, sqlite3_errmsg (db));
      return yidi_directory_set_cancelled (error, db, rc, cancellable);
    }
  return TRUE;
}

/* Progress, and how long each step took (G_MESSAGES_DEBUG=yidi-directory). */
typedef struct {
  YidiImportProgressFunc func;
  gpointer data;
  gint64 step_start;
} Progress;

static void
report (Progress *progress,
        double    fraction)
{
  if (progress->func != NULL)
    progress->func (CLAMP (fraction, 0.0, 1.0), progress->data);
}

static void
step_done (Progress   *progress,
           const char *step,
           double      fraction)
{
  gint64 now = g_get_monotonic_time ();

  g_debug ("import: %s took %.2f s", step, (now - progress->step_start) / 1e6);
  progress->step_start = now;
  report (progress, fraction);
}

typedef struct {
  YidiPostingsBuilder *builder;
  gint64 rowid;
} Collect;

static void
collect_token (const char *token,
               gsize       length,
               gpointer    user_data)
{
  Collect *collect = user_data;

  yidi_postings_builder_add (collect->builder, token, length, collect->rowid);
}

static void
collect_filter (Collect *collect,
                char     kind,
                gint64   value)
{
  char token[YIDI_SEARCH_FILTER_TOKEN_MAX];
  gsize length = yidi_search_format_filter_token (token, kind, value);

  yidi_postings_builder_add (collect->builder, token, length, collect->rowid);
}

typedef struct {
  Stage *stage;
  GCancellable *cancellable;
  YidiPostingsBuilder *builder;     /* out */
} IndexJob;

/* Makes the posting lists of the staged rows, numbered in rank order as
 * write_staged() numbers them: in a thread of its own, while the rows are
 * written. Letters of filter tokens: see yidi-directory.c. */
static gpointer
index_staged (gpointer data)
{
  IndexJob *job = data;
  Stage *stage = job->stage;
  Collect collect = { yidi_postings_builder_new () };

  for (guint i = 0; i < stage->rows->len; i++)
    {
      const Staged *row = &g_array_index (stage->rows, Staged, stage->order[i]);
      const char *texts[N_TEXTS];
      const char *text = staged_text (stage, row, 0);
      YidiSearchFields fields;

      if (i % 4096 == 0 && g_cancellable_is_cancelled (job->cancellable))
        break;
      for (guint t = 0; t < N_TEXTS; t++)
        {
          texts[t] = text;
          text += strlen (text) + 1;
        }
      fields.name = texts[TEXT_NAME];
      fields.aliases = texts[TEXT_ALIASES];
      fields.address = texts[TEXT_ADDRESS];
      fields.pinyin = texts[TEXT_PINYIN];
      fields.initials = texts[TEXT_INITIALS];

      collect.rowid = i + 1;
      yidi_search_emit_tokens (&fields, collect_token, &collect);
      if (row->province != 0)
        collect_filter (&collect, 'p', row->province);
      if (row->city != 0)
        collect_filter (&collect, 'c', row->city);
      if (row->county != 0)
        collect_filter (&collect, 'k', row->county);
      collect_filter (&collect, 'l', row->level);
      collect_filter (&collect, 't', row->type);
      collect_filter (&collect, 'i', row->inpatient);
      collect_filter (&collect, 'o', row->outpatient);
      collect_filter (&collect, 'h', row->chronic);
    }
  job->builder = collect.builder;
  return NULL;
}

/* Adds the rows of the other lists, already imported, to @stage. */
static gboolean
stage_other_lists (Stage         *stage,
                   sqlite3       *db,
                   gint64         source_id,
                   GCancellable  *cancellable,
                   GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT " STAGING_COLUMNS " FROM institution WHERE source_id != ?1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    sqlite3_bind_int64 (stmt, 1, source_id);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Staged row = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int (stmt, 1) };
      const char *texts[N_TEXTS] = {
        [TEXT_SORT_KEY] = (const char *) sqlite3_column_text (stmt, 22),
        [TEXT_CODE] = (const char *) sqlite3_column_text (stmt, 2),
        [TEXT_NAME] = (const char *) sqlite3_column_text (stmt, 3),
        [TEXT_ALIASES] = (const char *) sqlite3_column_text (stmt, 4),
        [TEXT_ADDRESS] = (const char *) sqlite3_column_text (stmt, 11),
        [TEXT_PHONE] = (const char *) sqlite3_column_text (stmt, 12),
        [TEXT_DATA_DATE] = (const char *) sqlite3_column_text (stmt, 18),
        [TEXT_SOURCE] = (const char *) sqlite3_column_text (stmt, 19),
        [TEXT_PINYIN] = (const char *) sqlite3_column_text (stmt, 20),
        [TEXT_INITIALS] = (const char *) sqlite3_column_text (stmt, 21),
      };

      row.province = sqlite3_column_int (stmt, 5);
      row.city = sqlite3_column_int (stmt, 6);
      row.county = sqlite3_column_int (stmt, 7);
      row.level = sqlite3_column_int (stmt, 8);
      row.grade = sqlite3_column_int (stmt, 9);
      row.type = sqlite3_column_int (stmt, 10);
      row.has_location = sqlite3_column_type (stmt, 13) != SQLITE_NULL;
      row.longitude = sqlite3_column_double (stmt, 13);
      row.latitude = sqlite3_column_double (stmt, 14);
      row.inpatient = sqlite3_column_int (stmt, 15);
      row.outpatient = sqlite3_column_int (stmt, 16);
      row.chronic = sqlite3_column_int (stmt, 17);
      stage_add (stage, &row, texts);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return yidi_directory_set_cancelled (error, db, rc, cancellable);
  return TRUE;
}

static Stage *sort_stage;

static int
compare_staged (const void *a,
                const void *b)
{
  const Staged *x = &g_array_index (sort_stage->rows, Staged, *(const guint *) a);
  const Staged *y = &g_array_index (sort_stage->rows, Staged, *(const guint *) b);
  int c = strcmp (staged_text (sort_stage, x, TEXT_SORT_KEY), staged_text (sort_stage, y, TEXT_SORT_KEY));

  if (c != 0)
    return c;
  if (x->source_id != y->source_id)
    return x->source_id < y->source_id ? -1 : 1;
  return x->line < y->line ? -1 : x->line > y->line;
}

static void
bind_staged_text (sqlite3_stmt *stmt,
                  int           index,
                  const char   *text,
                  gboolean      not_null)
{
  if (*text == '\0' && !not_null)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

static void
sort_staged (Stage *stage)
{
  static GMutex sort_lock;

  stage->order = g_new (guint, stage->rows->len);
  for (guint i = 0; i < stage->rows->len; i++)
    stage->order[i] = i;
  /* qsort has no user data; one sort at a time. */
  g_mutex_lock (&sort_lock);
  sort_stage = stage;
  qsort (stage->order, stage->rows->len, sizeof *stage->order, compare_staged);
  sort_stage = NULL;
  g_mutex_unlock (&sort_lock);
}

/* Replaces every row of `institution` with the staged rows, in rank
 * order, numbered from 1. */
static gboolean
write_staged (Stage         *stage,
              sqlite3       *db,
              GCancellable  *cancellable,
              GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!exec (db, "DELETE FROM institution;", cancellable, error) ||
      !exec (db, yidi_directory_drop_indexes_sql, cancellable, error))
    return FALSE;

  rc = sqlite3_prepare_v2 (db, "INSERT INTO institution (" STAGING_COLUMNS ") VALUES"
                               " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
                               " ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
                           -1, &stmt, NULL);
  for (guint i = 0; rc == SQLITE_OK && i < stage->rows->len; i++)
    {
      const Staged *row = &g_array_index (stage->rows, Staged, stage->order[i]);
      const char *text = staged_text (stage, row, 0);
      const char *texts[N_TEXTS];

      for (guint t = 0; t < N_TEXTS; t++)
        {
          texts[t] = text;
          text += strlen (text) + 1;
        }

      sqlite3_bind_int64 (stmt, 1, row->source_id);
      sqlite3_bind_int (stmt, 2, row->line);
      bind_staged_text (stmt, 3, texts[TEXT_CODE], FALSE);
      bind_staged_text (stmt, 4, texts[TEXT_NAME], TRUE);
      bind_staged_text (stmt, 5, texts[TEXT_ALIASES], FALSE);
      if (row->province != 0) sqlite3_bind_int (stmt, 6, row->province); else sqlite3_bind_null (stmt, 6);
      if (row->city != 0) sqlite3_bind_int (stmt, 7, row->city); else sqlite3_bind_null (stmt, 7);
      if (row->county != 0) sqlite3_bind_int (stmt, 8, row->county); else sqlite3_bind_null (stmt, 8);
      sqlite3_bind_int (stmt, 9, row->level);
      sqlite3_bind_int (stmt, 10, row->grade);
      sqlite3_bind_int (stmt, 11, row->type);
      bind_staged_text (stmt, 12, texts[TEXT_ADDRESS], FALSE);
      bind_staged_text (stmt, 13, texts[TEXT_PHONE], FALSE);
      if (row->has_location)
        {
          sqlite3_bind_double (stmt, 14, row->longitude);
          sqlite3_bind_double (stmt, 15, row->latitude);
        }
      else
        {
          sqlite3_bind_null (stmt, 14);
          sqlite3_bind_null (stmt, 15);
        }
      sqlite3_bind_int (stmt, 16, row->inpatient);
      sqlite3_bind_int (stmt, 17, row->outpatient);
      sqlite3_bind_int (stmt, 18, row->chronic);
      bind_staged_text (stmt, 19, texts[TEXT_DATA_DATE], FALSE);
      bind_staged_text (stmt, 20, texts[TEXT_SOURCE], FALSE);
      bind_staged_text (stmt, 21, texts[TEXT_PINYIN], TRUE);
      bind_staged_text (stmt, 22, texts[TEXT_INITIALS], TRUE);
      bind_staged_text (stmt, 23, texts[TEXT_SORT_KEY], TRUE);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return yidi_directory_set_cancelled (error, db, rc, cancellable);
  return TRUE;
}

static gboolean
update_sources (sqlite3       *db,
                GCancellable  *cancellable,
                GError       **error)
{
  return exec (db,
               "UPDATE source SET n_rows = (SELECT count(*) FROM institution i WHERE i.source_id = source.id);"
               "DELETE FROM source WHERE n_rows = 0;",
               cancellable, error);
}

/* Finds or makes the source row; returns its id and how many rows it has. */
static gint64
prepare_source (sqlite3       *db,
                const char    *name,
                const char    *as_of,
                const char    *path,
                const char    *encoding,
                guint         *out_n_rows,
                GError       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *imported = g_date_time_format_iso8601 (now);
  g_autofree char *file = g_path_get_basename (path);
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;
  int rc;

  *out_n_rows = 0;
  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO source (name, as_of, imported, file, encoding) VALUES (?1, ?2, ?3, ?4, ?5)"
                           " ON CONFLICT (name) DO UPDATE SET as_of = excluded.as_of, imported = excluded.imported,"
                           " file = excluded.file, encoding = excluded.encoding"
                           " RETURNING id, n_rows",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 2, as_of);
      sqlite3_bind_text (stmt, 3, imported, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, file, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, encoding, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          id = sqlite3_column_int64 (stmt, 0);
          *out_n_rows = sqlite3_column_int (stmt, 1);
          rc = sqlite3_step (stmt);
        }
    }
  if (rc != SQLITE_DONE)
    {
      yidi_db_set_error (error, db, rc);
      id = 0;
    }
  sqlite3_finalize (stmt);
  return id;
}

gboolean
yidi_directory_import_into (sqlite3                *db,
                            YidiDivisions          *divisions,
                            const char             *path,
                            const char             *source_name,
                            const char             *as_of,
                            YidiImportProgressFunc  progress,
                            gpointer                progress_data,
                            YidiImportResult      **out_result,
                            GCancellable           *cancellable,
                            GError                **error)
{
  g_autoptr(YidiImportResult) result = import_result_new (source_name);
  g_autoptr(YidiCsvReader) reader = NULL;
  g_autofree char *display = g_filename_display_name (path);
  Importer importer = { NULL };
  Progress steps = { progress, progress_data, g_get_monotonic_time () };
  Stage stage = { NULL };
  YidiCsvStatus status;
  gboolean ok = FALSE;
  guint records = 0;

  g_return_val_if_fail (db != NULL && divisions != NULL && path != NULL && source_name != NULL, FALSE);

  if (out_result != NULL)
    *out_result = NULL;

  if (g_utf8_strlen (source_name, -1) > MAX_SHORT_CHARS || !g_utf8_validate (source_name, -1, NULL))
    {
      g_set_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_BAD_ARGUMENT,
                   _("The name of the list is too long. Give a name of at most %u characters."),
                   MAX_SHORT_CHARS);
      goto out;
    }
  if (as_of != NULL && !is_valid_date (as_of))
    {
      g_set_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_BAD_ARGUMENT,
                   _("“%s” is not a date. Give the date of the list as YYYY-MM-DD, YYYY-MM or YYYY."),
                   as_of);
      goto out;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  reader = yidi_csv_reader_new_from_file (path, error);
  if (reader == NULL)
    goto out;
  result->encoding = g_strdup (yidi_csv_reader_get_encoding (reader));

  status = yidi_csv_reader_next (reader, error);
  if (status != YIDI_CSV_RECORD)
    {
      if (status == YIDI_CSV_END)
        g_set_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_EMPTY,
                     _("“%s” is empty. Choose the file with the list of institutions."), display);
      goto out;
    }

  importer.divisions = divisions;
  importer.result = result;
  importer.codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!map_columns (&importer.map, reader, result, display, error))
    goto out;

  /* A bulk load: a larger cache. */
  if (!exec (db, "PRAGMA cache_size = -65536;", cancellable, error))
    goto out;
  yidi_directory_watch_cancellable (db, cancellable);
  if (!yidi_db_begin (db, error))
    goto out;

  importer.source_id = prepare_source (db, source_name, as_of, path, result->encoding, &result->n_replaced, error);
  if (importer.source_id == 0)
    goto rollback;

  stage_init (&stage);
  importer.stage = &stage;

  g_debug ("importing %s as “%s” (%s)", path, source_name, result->encoding);
  for (;;)
    {
      g_autoptr(GError) record_error = NULL;

      status = yidi_csv_reader_next (reader, &record_error);
      if (status == YIDI_CSV_END)
        break;
      if (status == YIDI_CSV_BAD_RECORD)
        {
          reject (&importer, yidi_csv_reader_get_line (reader), "%s", record_error->message);
          continue;
        }
      import_row (&importer, reader);
      if (++records % 4096 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto rollback;
          report (&steps, 0.45 * yidi_csv_reader_get_position (reader) / MAX (yidi_csv_reader_get_size (reader), 1));
        }
    }
  if (result->problems->len > 0)
    {
      g_set_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_INVALID_ROWS,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u row of “%s” cannot be imported, so nothing was imported. Correct it and import the file again.",
                                "%u rows of “%s” cannot be imported, so nothing was imported. Correct them and import the file again.",
                                result->problems->len),
                   result->problems->len, display);
      goto rollback;
    }
  if (result->n_rows == 0)
    {
      g_set_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_EMPTY,
                   _("“%s” has no institutions, only a header line."), display);
      goto rollback;
    }

  step_done (&steps, "reading and checking the rows", 0.45);

  /* Renumber every row in rank order, this list's new rows and the other
   * lists' rows, so that searches can read the index in rowid order; make
   * the posting lists in another thread meanwhile. */
  if (!stage_other_lists (&stage, db, importer.source_id, cancellable, error))
    goto rollback;
  sort_staged (&stage);
  {
    IndexJob job = { &stage, cancellable };
    GThread *thread = g_thread_new ("yidi-index", index_staged, &job);
    gboolean written;

    written = write_staged (&stage, db, cancellable, error);
    if (written)
      step_done (&steps, "writing the rows in rank order", 0.6);
    written = written && exec (db, yidi_directory_create_indexes_sql, cancellable, error);
    if (written)
      step_done (&steps, "indexing names and codes", 0.65);
    g_thread_join (thread);
    step_done (&steps, "finishing the search index", 0.8);
    if (job.builder != NULL)
      g_debug ("import: %u tokens", yidi_postings_builder_get_n_tokens (job.builder));
    written = written &&
              !g_cancellable_set_error_if_cancelled (cancellable, error) &&
              exec (db, "DELETE FROM gram; DELETE FROM gram_block;", cancellable, error) &&
              yidi_postings_builder_write (job.builder, db, cancellable, error);
    g_clear_pointer (&job.builder, yidi_postings_builder_free);
    stage_clear (&stage);
    if (!written)
      goto rollback;
  }
  step_done (&steps, "writing the search index", 0.95);
  if (!update_sources (db, cancellable, error))
    goto rollback;

  /* From here the import always completes. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto rollback;
  yidi_directory_watch_cancellable (db, NULL);
  if (!yidi_db_commit (db, error))
    goto out;
  step_done (&steps, "saving", 0.98);
  sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  step_done (&steps, "checkpointing", 1.0);
  ok = TRUE;
  goto out;

rollback:
  yidi_db_rollback (db);
  result->n_rows = 0;
  result->n_replaced = 0;

out:
  stage_clear (&stage);
  yidi_directory_watch_cancellable (db, NULL);
  g_clear_pointer (&importer.codes, g_hash_table_unref);
  column_map_clear (&importer.map);
  if (out_result != NULL)
    *out_result = g_steal_pointer (&result);
  return ok;
}

/* ---------------------------------------------------------------------- */
/* The installed directory */

static void
remove_database (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

/**
 * yidi_directory_build:
 * @output_path: the database to write (replaced if it exists)
 * @divisions_csv: data/divisions.csv
 * @institutions_csv: data/institutions.csv
 * @out_result: (out) (optional): as for yidi_directory_import()
 *
 * Builds the read-only directory installed with Yidi: the divisions and
 * the institutions, each institution keeping its own source and data date
 * columns.
 */
gboolean
yidi_directory_build (const char        *output_path,
                      const char        *divisions_csv,
                      const char        *institutions_csv,
                      YidiImportResult **out_result,
                      GError           **error)
{
  g_autoptr(YidiDivisions) divisions = NULL;
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (output_path != NULL && divisions_csv != NULL && institutions_csv != NULL, FALSE);

  if (out_result != NULL)
    *out_result = NULL;

  divisions = yidi_divisions_new_from_csv (divisions_csv, error);
  if (divisions == NULL)
    return FALSE;

  remove_database (output_path);
  db = yidi_db_open (output_path, 0, yidi_directory_migrations, yidi_directory_n_migrations, NULL, error);
  if (db == NULL)
    return FALSE;

  ok = yidi_db_begin (db, error) &&
       yidi_divisions_save (divisions, db, error) &&
       yidi_db_commit (db, error) &&
       yidi_directory_import_into (db, divisions, institutions_csv, YIDI_DIRECTORY_BUNDLED_SOURCE, NULL,
                                   NULL, NULL, out_result, NULL, error) &&
       yidi_db_exec (db, "PRAGMA journal_mode = DELETE; VACUUM;", error);
  yidi_db_close (db);

  if (!ok)
    {
      remove_database (output_path);
      return FALSE;
    }
  /* Installed for everyone to read. */
  g_chmod (output_path, 0644);
  return TRUE;
}

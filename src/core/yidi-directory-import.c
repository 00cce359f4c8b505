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
#include "yidi-fts.h"
#include "yidi-pinyin.h"

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
 * The full pinyin and the initials of @name and each of @aliases,
 * "|"-separated, as the index and its checks expect.
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

      yidi_pinyin_convert (i == 0 ? name : aliases[i - 1], &full, &short_form);
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
  gsize pinyin_length = pinyin != NULL ? strcspn (pinyin, "|") : 0;

  g_return_val_if_fail ((guint) level < G_N_ELEMENTS (level_rank), NULL);
  g_return_val_if_fail ((guint) grade < G_N_ELEMENTS (grade_rank), NULL);

  return g_strdup_printf ("%c%c%.*s\x01%s", level_rank[level], grade_rank[grade],
                          (int) pinyin_length, pinyin != NULL ? pinyin : "", name);
}

/* ---------------------------------------------------------------------- */
/* Rows */

typedef struct {
  YidiDivisions *divisions;
  ColumnMap map;
  YidiImportResult *result;
  GHashTable *codes;            /* national code → line, for duplicates */
  gint64 source_id;
  sqlite3_stmt *insert;
} Importer;

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

static void
bind_code_or_null (sqlite3_stmt       *stmt,
                   int                 index,
                   const YidiDivision *division)
{
  if (division == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int (stmt, index, atoi (division->code));
}

#define STAGING_COLUMNS \
  "source_id, line, code, name, aliases, province, city, county, level, grade, type, " \
  "address, phone, longitude, latitude, inpatient, outpatient, chronic, data_date, source, " \
  "pinyin, initials, sort_key"

/* Checks one row and, if it is good and no row was rejected yet, stages
 * it. */
static gboolean
import_row (Importer       *importer,
            YidiCsvReader  *reader,
            sqlite3        *db,
            GError        **error)
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
  sqlite3_stmt *stmt = importer->insert;
  int rc;

  if (yidi_csv_reader_get_n_fields (reader) != map->n_columns)
    {
      reject (importer, line,
              _("Line %u has %u fields but the first line names %u columns. A comma inside a field needs quotation marks around the field."),
              line, yidi_csv_reader_get_n_fields (reader), map->n_columns);
      return TRUE;
    }

  name = get_text (reader, map, F_NAME);
  if (is_empty (name))
    {
      reject (importer, line, _("Line %u: the name is empty. Every institution needs a name."), line);
      return TRUE;
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
    return TRUE;
  g_assert (importer->result->problems->len == n_problems);

  yidi_directory_make_pinyin (name, (const char * const *) aliases, &pinyin, &initials);
  sort_key = yidi_directory_make_sort_key (level, grade, pinyin, name);
  aliases_joined = g_strjoinv ("|", aliases);

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, importer->source_id);
  sqlite3_bind_int (stmt, 2, line);
  bind_text_or_null (stmt, 3, code);
  sqlite3_bind_text (stmt, 4, name, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 5, aliases_joined);
  bind_code_or_null (stmt, 6, yidi_divisions_get_ancestor (importer->divisions, division->code, YIDI_DIVISION_PROVINCE));
  bind_code_or_null (stmt, 7, yidi_divisions_get_ancestor (importer->divisions, division->code, YIDI_DIVISION_CITY));
  bind_code_or_null (stmt, 8, yidi_divisions_get_ancestor (importer->divisions, division->code, YIDI_DIVISION_COUNTY));
  sqlite3_bind_int (stmt, 9, level);
  sqlite3_bind_int (stmt, 10, grade);
  sqlite3_bind_int (stmt, 11, parse_type (type_text != NULL ? type_text : ""));
  bind_text_or_null (stmt, 12, address);
  bind_text_or_null (stmt, 13, phone);
  if (has_location)
    {
      sqlite3_bind_double (stmt, 14, longitude);
      sqlite3_bind_double (stmt, 15, latitude);
    }
  else
    {
      sqlite3_bind_null (stmt, 14);
      sqlite3_bind_null (stmt, 15);
    }
  sqlite3_bind_int (stmt, 16, flags[0]);
  sqlite3_bind_int (stmt, 17, flags[1]);
  sqlite3_bind_int (stmt, 18, flags[2]);
  bind_text_or_null (stmt, 19, data_date);
  bind_text_or_null (stmt, 20, source);
  sqlite3_bind_text (stmt, 21, pinyin, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 22, initials, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 23, sort_key, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      yidi_db_set_error (error, db, rc);
      return FALSE;
    }
  importer->result->n_rows++;
  return TRUE;
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

static void
report (YidiImportProgressFunc progress,
        gpointer               data,
        double                 fraction)
{
  if (progress != NULL)
    progress (CLAMP (fraction, 0.0, 1.0), data);
}

/* Fills the search table from `institution`, in rowid order. */
static gboolean
index_text (sqlite3                *db,
            YidiImportProgressFunc  progress,
            gpointer                progress_data,
            guint                   n_rows,
            GCancellable           *cancellable,
            GError                **error)
{
  sqlite3_stmt *select = NULL;
  sqlite3_stmt *insert = NULL;
  guint done = 0;
  int rc;

  if (!exec (db, "INSERT INTO search (search) VALUES ('delete-all')", cancellable, error))
    return FALSE;

  rc = sqlite3_prepare_v2 (db, "SELECT rowid, name, aliases, address, pinyin, initials FROM institution ORDER BY rowid",
                           -1, &select, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO search (rowid, doc) VALUES (?1, ?2)", -1, &insert, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      YidiFtsFields fields = {
        (const char *) sqlite3_column_text (select, 1),
        (const char *) sqlite3_column_text (select, 2),
        (const char *) sqlite3_column_text (select, 3),
        (const char *) sqlite3_column_text (select, 4),
        (const char *) sqlite3_column_text (select, 5),
      };
      char *doc = yidi_fts_build_document (&fields);

      sqlite3_bind_int64 (insert, 1, sqlite3_column_int64 (select, 0));
      sqlite3_bind_text (insert, 2, doc, -1, g_free);
      rc = sqlite3_step (insert);
      sqlite3_reset (insert);
      if (rc != SQLITE_DONE)
        break;
      rc = SQLITE_OK;

      if (++done % 4096 == 0)
        {
          if (g_cancellable_is_cancelled (cancellable))
            {
              rc = SQLITE_INTERRUPT;
              break;
            }
          report (progress, progress_data, 0.65 + 0.3 * done / MAX (n_rows, 1));
        }
    }
  if (rc == SQLITE_DONE)
    rc = SQLITE_OK;
  if (rc != SQLITE_OK)
    yidi_directory_set_cancelled (error, db, rc, cancellable);
  sqlite3_finalize (select);
  sqlite3_finalize (insert);
  return rc == SQLITE_OK;
}

static gboolean
update_stats (sqlite3       *db,
              GCancellable  *cancellable,
              GError       **error)
{
  static const struct {
    YidiDirectoryStat kind;
    const char *column;
  } columns[] = {
    { STAT_PROVINCE, "province" }, { STAT_CITY, "city" }, { STAT_COUNTY, "county" },
    { STAT_LEVEL, "level" }, { STAT_TYPE, "type" }, { STAT_INPATIENT, "inpatient" },
    { STAT_OUTPATIENT, "outpatient" }, { STAT_CHRONIC, "chronic" },
  };
  g_autoptr(GString) sql = g_string_new ("DELETE FROM stat;");

  g_string_append_printf (sql, "INSERT INTO stat SELECT %d, 0, count(*) FROM institution;", STAT_TOTAL);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_string_append_printf (sql, "INSERT INTO stat SELECT %d, %s, count(*) FROM institution"
                                 " WHERE %s IS NOT NULL GROUP BY %s;",
                            columns[i].kind, columns[i].column, columns[i].column, columns[i].column);
  g_string_append (sql, "UPDATE source SET n_rows = (SELECT count(*) FROM institution i WHERE i.source_id = source.id);"
                        "DELETE FROM source WHERE n_rows = 0;"
                        "PRAGMA analysis_limit = 1000;"
                        "ANALYZE;");
  return exec (db, sql->str, cancellable, error);
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
  YidiCsvStatus status;
  gboolean ok = FALSE;
  guint n_rows = 0;
  guint records = 0;
  int rc;

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

  /* A bulk load: a larger cache, temporary tables on disk. */
  if (!exec (db, "PRAGMA cache_size = -65536; PRAGMA temp_store = FILE;", cancellable, error))
    goto out;
  yidi_directory_watch_cancellable (db, cancellable);
  if (!yidi_db_begin (db, error))
    goto out;

  importer.source_id = prepare_source (db, source_name, as_of, path, result->encoding, &result->n_replaced, error);
  if (importer.source_id == 0)
    goto rollback;

  if (!exec (db, "DROP TABLE IF EXISTS temp.staging;"
                 "CREATE TEMP TABLE staging AS SELECT " STAGING_COLUMNS " FROM institution WHERE 0;",
             cancellable, error))
    goto rollback;
  rc = sqlite3_prepare_v2 (db, "INSERT INTO temp.staging (" STAGING_COLUMNS ") VALUES"
                               " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
                               " ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
                           -1, &importer.insert, NULL);
  if (rc != SQLITE_OK)
    {
      yidi_db_set_error (error, db, rc);
      goto rollback;
    }

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
      if (!import_row (&importer, reader, db, error))
        goto rollback;
      if (++records % 4096 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto rollback;
          report (progress, progress_data,
                  0.5 * yidi_csv_reader_get_position (reader) / MAX (yidi_csv_reader_get_size (reader), 1));
        }
    }
  g_clear_pointer (&importer.insert, sqlite3_finalize);

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

  /* Renumber every row in rank order: this list's new rows and the other
   * lists' rows, so that searches can read the index in rowid order. */
  report (progress, progress_data, 0.5);
  {
    g_autofree char *sql = g_strdup_printf (
      "INSERT INTO temp.staging (" STAGING_COLUMNS ") SELECT " STAGING_COLUMNS
      " FROM institution WHERE source_id != %" G_GINT64_FORMAT ";"
      "DELETE FROM institution;"
      "%s"
      "INSERT INTO institution (" STAGING_COLUMNS ") SELECT " STAGING_COLUMNS
      " FROM temp.staging ORDER BY sort_key, source_id, line;"
      "DROP TABLE temp.staging;",
      importer.source_id, yidi_directory_drop_indexes_sql);

    if (!exec (db, sql, cancellable, error))
      goto rollback;
  }
  report (progress, progress_data, 0.6);
  if (!exec (db, yidi_directory_create_indexes_sql, cancellable, error))
    goto rollback;
  report (progress, progress_data, 0.65);

  {
    sqlite3_stmt *stmt = NULL;

    if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM institution", -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step (stmt) == SQLITE_ROW)
      n_rows = sqlite3_column_int (stmt, 0);
    sqlite3_finalize (stmt);
  }
  if (!index_text (db, progress, progress_data, n_rows, cancellable, error))
    goto rollback;
  report (progress, progress_data, 0.95);
  if (!exec (db, "INSERT INTO search (search) VALUES ('optimize');", cancellable, error) ||
      !update_stats (db, cancellable, error))
    goto rollback;

  /* From here the import always completes. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto rollback;
  yidi_directory_watch_cancellable (db, NULL);
  if (!yidi_db_commit (db, error))
    goto out;
  sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  report (progress, progress_data, 1.0);
  ok = TRUE;
  goto out;

rollback:
  g_clear_pointer (&importer.insert, sqlite3_finalize);
  yidi_db_rollback (db);
  sqlite3_exec (db, "DROP TABLE IF EXISTS temp.staging", NULL, NULL, NULL);
  result->n_rows = 0;
  result->n_replaced = 0;

out:
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

  yidi_fts_register_auto ();
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

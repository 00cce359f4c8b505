/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "yidi-db.h"
#include "yidi-directory.h"
#include "yidi-search.h"
#include "yidi-pinyin.h"

/* The installed directory of these tests: ten institutions chosen to make
 * ranking, filters and escaping visible. */
static const char bundled_csv[] =
  "name,province_code,city_code,county_code,level,grade,type,address,phone,source,aliases,longitude,latitude,data_year\n"
  "北京协和医院,110000,110100,110101,三级,甲等,综合,北京市东城区帅府园1号,010-69156114,testlist,协和医院,116.41,39.91,2016\n"
  "武汉协和医院,420000,420100,420103,三级,甲等,综合,湖北省武汉市江汉区解放大道1277号,,testlist,,,,2016\n"
  "协和,110000,110100,110105,一级,,基层/门诊,,,testlist,,,,2020\n"
  "协和社区卫生服务中心,310000,310100,310101,,,基层/门诊,上海市协和路8号,,testlist,,,,2020\n"
  "和平医院,130000,130100,130102,二级,,综合,石家庄市和平西路,,testlist,,,,2015\n"
  "广州市第一人民医院,440000,440100,440104,三级,甲等,综合,广州市越秀区盘福路1号,,testlist,,,,2016\n"
  "广州市红十字会医院,440000,440100,440105,三级,,综合,广州市海珠区同福中路396号,,testlist,,,,2016\n"
  "\"测试\"\"*(NEAR-:^医院\",440000,440100,440106,二级,,专科,AND OR NOT 路,,testlist,,,,2020\n"
  "重庆医科大学附属第一医院,500000,500100,500103,三级,甲等,综合,重庆市渝中区友谊路1号,,testlist,,,,2016\n"
  "广州某某门诊部,440000,440100,,,,基层/门诊,广州市天河区,,testlist,,,,2015\n";

/* An official list as a person would import it. */
static const char official_csv[] =
  "机构编码,机构名称,所属区划,医院等级,机构类型,详细地址,联系电话,"
  "是否开通住院跨省直接结算,是否开通普通门诊跨省直接结算,是否开通门诊慢特病跨省直接结算,备注\n"
  "H44010600001,广州市天河区人民医院,广东省广州市天河区,二级甲等,综合医院,广州市天河区天河路1号,020-1234,是,否,,\n"
  "H11010500002,北京朝阳医院,110105,三级甲等,综合医院,\"北京市朝阳区工体南路8号, 东院\",010-5,是,是,是,\n"
  "H42010300003,协和东院,湖北省武汉市江汉区,未定级,,,,否,否,否,旧名\n";

typedef struct {
  char *dir;
  char *bundled;
  char *user;
  YidiDirectory *directory;
} Fixture;

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

static YidiDirectory *
open_directory (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  YidiDirectory *directory = yidi_directory_open (f->bundled, f->user, &error);

  g_assert_no_error (error);
  g_assert_nonnull (directory);
  return directory;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *divisions = g_build_filename (g_getenv ("YIDI_TEST_DATA_DIR"), "divisions.csv", NULL);
  g_autofree char *csv = NULL;

  f->dir = g_dir_make_tmp ("yidi-directory-XXXXXX", &error);
  g_assert_no_error (error);
  csv = write_file (f, "institutions.csv", bundled_csv, -1);
  f->bundled = g_build_filename (f->dir, "directory.sqlite", NULL);
  f->user = g_build_filename (f->dir, "user", "directory-user.sqlite", NULL);
  g_assert_true (yidi_directory_build (f->bundled, divisions, csv, NULL, &error));
  g_assert_no_error (error);
  f->directory = open_directory (f);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->directory);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->bundled);
  g_free (f->user);
}

/* ---------------------------------------------------------------------- */

static char *
names_of (GPtrArray *records)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < records->len; i++)
    {
      YidiInstitutionRecord *record = g_ptr_array_index (records, i);

      if (i > 0)
        g_string_append_c (names, ',');
      g_string_append (names, record->name);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static GPtrArray *
search (YidiDirectory            *directory,
        const YidiDirectoryQuery *query,
        guint                     offset,
        guint                     limit)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = yidi_directory_search (directory, query, offset, limit, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (records);
  return records;
}

static guint
count (YidiDirectory            *directory,
       const YidiDirectoryQuery *query)
{
  g_autoptr(GError) error = NULL;
  guint n = G_MAXUINT;

  g_assert_true (yidi_directory_count (directory, query, &n, NULL, &error));
  g_assert_no_error (error);
  return n;
}

/* The names found, comma-separated; checks that the count agrees. */
static char *
find (YidiDirectory *directory,
      const char    *text,
      const char    *place,
      guint          levels,
      guint          types,
      guint          networked)
{
  g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();
  g_autoptr(GPtrArray) records = NULL;

  query->text = g_strdup (text);
  query->place = g_strdup (place);
  query->levels = levels;
  query->types = types;
  query->networked = networked;
  records = search (directory, query, 0, 1000);
  g_assert_cmpuint (count (directory, query), ==, records->len);
  return names_of (records);
}

#define assert_found(directory, text, expected) \
  G_STMT_START { \
    g_autofree char *names_ = find (directory, text, NULL, 0, 0, 0); \
    g_assert_cmpstr (names_, ==, expected); \
  } G_STMT_END

static YidiInstitutionRecord *
find_one (YidiDirectory *directory,
          const char    *text)
{
  g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();
  g_autoptr(GPtrArray) records = NULL;

  query->text = g_strdup (text);
  records = search (directory, query, 0, 1);
  g_assert_cmpuint (records->len, ==, 1);
  return g_ptr_array_steal_index (records, 0);
}

static gboolean
import (Fixture           *f,
        const char        *name,
        const char        *contents,
        gssize             length,
        const char        *source,
        const char        *as_of,
        YidiImportResult **out_result,
        GError           **error)
{
  g_autofree char *path = write_file (f, name, contents, length);

  return yidi_directory_import (f->directory, path, source, as_of, NULL, NULL, out_result, NULL, error);
}

/* ---------------------------------------------------------------------- */
/* Opening and the installed data */

static void
test_open_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiDirectory) directory = yidi_directory_open ("/nonexistent/directory.sqlite", "/nonexistent/user.sqlite", &error);

  g_assert_null (directory);
  g_assert_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_NOT_FOUND);
}

static void
test_bundled_record (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(YidiInstitutionRecord) record = find_one (f->directory, "帅府园");
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_cmpstr (record->name, ==, "北京协和医院");
  g_assert_cmpstr (record->key, ==, "name:110000:北京协和医院");
  g_assert_null (record->code);
  g_assert_cmpuint (g_strv_length (record->aliases), ==, 1);
  g_assert_cmpstr (record->aliases[0], ==, "协和医院");
  g_assert_cmpstr (record->province_code, ==, "110000");
  g_assert_cmpstr (record->city_code, ==, "110100");
  g_assert_cmpstr (record->county_code, ==, "110101");
  g_assert_cmpstr (record->place_name, ==, "北京市 东城区");
  g_assert_cmpint (record->level, ==, YIDI_LEVEL_3);
  g_assert_cmpint (record->grade, ==, YIDI_GRADE_A);
  g_assert_cmpint (record->type, ==, YIDI_INSTITUTION_TYPE_GENERAL);
  g_assert_cmpstr (record->address, ==, "北京市东城区帅府园1号");
  g_assert_cmpstr (record->phone, ==, "010-69156114");
  g_assert_true (record->has_location);
  g_assert_cmpfloat_with_epsilon (record->longitude, 116.41, 1e-9);
  g_assert_cmpfloat_with_epsilon (record->latitude, 39.91, 1e-9);
  /* The installed data say nothing about direct settlement. */
  g_assert_cmpint (record->inpatient, ==, YIDI_TRISTATE_UNKNOWN);
  g_assert_cmpint (record->outpatient, ==, YIDI_TRISTATE_UNKNOWN);
  g_assert_cmpint (record->chronic, ==, YIDI_TRISTATE_UNKNOWN);
  g_assert_cmpstr (record->data_date, ==, "2016");
  g_assert_cmpstr (record->source, ==, "testlist");
  g_assert_nonnull (record->source_name);
  g_assert_false (record->imported);
  g_assert_false (record->favourite);

  /* A level the source does not give stays unknown, not 未定级. */
  g_clear_pointer (&record, yidi_institution_record_free);
  record = find_one (f->directory, "协和社区");
  g_assert_cmpint (record->level, ==, YIDI_LEVEL_UNKNOWN);
  g_assert_false (record->has_location);

  sources = yidi_directory_list_sources (f->directory, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sources->len, ==, 1);
  g_assert_true (((YidiDirectorySource *) g_ptr_array_index (sources, 0))->bundled);
  g_assert_cmpuint (((YidiDirectorySource *) g_ptr_array_index (sources, 0))->n_rows, ==, 10);

  /* Installed for everyone to read; the person's database is private. */
  g_assert_cmpint (g_stat (f->bundled, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);
  g_assert_cmpint (g_stat (f->user, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_get (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(YidiInstitutionRecord) found = find_one (f->directory, "盘福路");
  g_autoptr(YidiInstitutionRecord) by_id = NULL;
  g_autoptr(YidiInstitutionRecord) by_key = NULL;
  g_autoptr(YidiInstitutionRecord) missing = NULL;
  g_autoptr(GError) error = NULL;

  by_id = yidi_directory_get (f->directory, found->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_id->name, ==, "广州市第一人民医院");
  g_assert_cmpint (by_id->id, ==, found->id);

  by_key = yidi_directory_get_by_key (f->directory, found->key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_key->id, ==, found->id);

  missing = yidi_directory_get (f->directory, 999999, &error);
  g_assert_null (missing);
  g_assert_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  missing = yidi_directory_get_by_key (f->directory, "name:440000:没有这家医院", &error);
  g_assert_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  missing = yidi_directory_get_by_key (f->directory, "garbage", &error);
  g_assert_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_NOT_FOUND);
}

/* ---------------------------------------------------------------------- */
/* Search */

static void
test_ranking (Fixture       *f,
              gconstpointer  data)
{
  /* The name 协和 itself; then names and aliases starting with 协和 by
   * level (北京协和医院 is also called 协和医院; the community centre's
   * level is not known); then the rest. */
  assert_found (f->directory, "协和", "协和,北京协和医院,协和社区卫生服务中心,武汉协和医院");
  /* Higher level first, then by the pinyin of the name. */
  assert_found (f->directory, "和", "和平医院,北京协和医院,武汉协和医院,协和,协和社区卫生服务中心");
  assert_found (f->directory, "医院",
                "北京协和医院,重庆医科大学附属第一医院,广州市第一人民医院,武汉协和医院,"
                "广州市红十字会医院,测试\"*(NEAR-:^医院,和平医院");
}

static void
test_query_classes (Fixture       *f,
                    gconstpointer  data)
{
  /* One, two, three and four characters anywhere in a name, alias or
   * address. */
  assert_found (f->directory, "协", "北京协和医院,协和,协和社区卫生服务中心,武汉协和医院");
  assert_found (f->directory, "人民", "广州市第一人民医院");
  assert_found (f->directory, "红十字会", "广州市红十字会医院");
  assert_found (f->directory, "盘福路", "广州市第一人民医院");
  assert_found (f->directory, "广州市第一人民医院", "广州市第一人民医院");
  /* Pinyin, full and initials, any case: names and aliases starting with
   * them first (none is called "xiehe"). */
  assert_found (f->directory, "xiehe", "北京协和医院,协和,协和社区卫生服务中心,武汉协和医院");
  assert_found (f->directory, "XH", "北京协和医院,协和,协和社区卫生服务中心,武汉协和医院");
  assert_found (f->directory, "gzsdyrmyy", "广州市第一人民医院");
  assert_found (f->directory, "chongqing", "重庆医科大学附属第一医院");
  assert_found (f->directory, "cq", "重庆医科大学附属第一医院");
  /* Several words must all match. */
  assert_found (f->directory, "协和 武汉", "武汉协和医院");
  assert_found (f->directory, "广州 xx", "");
  /* Nothing typed: everything, by rank. */
  {
    g_autofree char *all = find (f->directory, NULL, NULL, 0, 0, 0);
    g_autofree char *spaces = find (f->directory, "   ", NULL, 0, 0, 0);

    g_assert_true (g_str_has_prefix (all, "北京协和医院,重庆医科大学附属第一医院,"));
    g_assert_true (g_str_has_suffix (all, ",广州某某门诊部,协和社区卫生服务中心"));
    g_assert_cmpstr (all, ==, spaces);
  }
  assert_found (f->directory, "不存在", "");
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  char *names;

  names = find (f->directory, "医院", "440000", 0, 0, 0);
  g_assert_cmpstr (names, ==, "广州市第一人民医院,广州市红十字会医院,测试\"*(NEAR-:^医院");
  g_free (names);
  names = find (f->directory, "医院", "440104", 0, 0, 0);
  g_assert_cmpstr (names, ==, "广州市第一人民医院");
  g_free (names);
  /* A place and no text. */
  names = find (f->directory, NULL, "440100", 0, 0, 0);
  g_assert_cmpstr (names, ==, "广州市第一人民医院,广州市红十字会医院,测试\"*(NEAR-:^医院,广州某某门诊部");
  g_free (names);
  /* One character and a small place: read through the place's index. */
  names = find (f->directory, "医", "440106", 0, 0, 0);
  g_assert_cmpstr (names, ==, "测试\"*(NEAR-:^医院");
  g_free (names);
  names = find (f->directory, "医院", NULL, 1u << YIDI_LEVEL_2, 0, 0);
  g_assert_cmpstr (names, ==, "测试\"*(NEAR-:^医院,和平医院");
  g_free (names);
  names = find (f->directory, NULL, NULL, (1u << YIDI_LEVEL_1) | (1u << YIDI_LEVEL_UNKNOWN), 0, 0);
  g_assert_cmpstr (names, ==, "协和,广州某某门诊部,协和社区卫生服务中心");
  g_free (names);
  names = find (f->directory, NULL, "440000", 0, 1u << YIDI_INSTITUTION_TYPE_SPECIALTY, 0);
  g_assert_cmpstr (names, ==, "测试\"*(NEAR-:^医院");
  g_free (names);
  /* Nothing installed is known to be networked. */
  names = find (f->directory, "医院", NULL, 0, 0, YIDI_NETWORKED_INPATIENT);
  g_assert_cmpstr (names, ==, "");
  g_free (names);

  query->place = g_strdup ("999999");
  records = yidi_directory_search (f->directory, query, 0, 10, NULL, &error);
  g_assert_null (records);
  g_assert_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A code from a command line may be any bytes: the message stays text. */
  g_free (query->place);
  query->place = g_strdup ("31\xe4\xb8");
  records = yidi_directory_search (f->directory, query, 0, 10, NULL, &error);
  g_assert_null (records);
  g_assert_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_NOT_FOUND);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_escaping (Fixture       *f,
               gconstpointer  data)
{
  static const char *const nasty[] = {
    "\"", "\"\"", "*", "(", ")", "()", "NEAR", "NEAR(", "NEAR/2", "-", ":", "^", "+", "{", "}", "[", "'",
    "\\", "AND", "OR", "NOT", "a AND b", "医 OR 院", "doc:", "{doc}:医", "^医", "医*", "\"*(NEAR-:^",
    "\"*(NEAR-:^医院", "协和\"", "%", "_", "%医%", "\x01", "\x02" "协和",
  };

  for (guint i = 0; i < G_N_ELEMENTS (nasty); i++)
    {
      g_autofree char *names = find (f->directory, nasty[i], NULL, 0, 0, 0);
      g_autofree char *filtered = find (f->directory, nasty[i], "440106", 0, 0, 0);

      (void) names;
      (void) filtered;
    }

  /* Searched for literally: these are in one name or address only. */
  assert_found (f->directory, "\"*(NEAR-:^", "测试\"*(NEAR-:^医院");
  assert_found (f->directory, "NEAR", "测试\"*(NEAR-:^医院");
  assert_found (f->directory, "(", "测试\"*(NEAR-:^医院");
  assert_found (f->directory, "\"", "测试\"*(NEAR-:^医院");
  assert_found (f->directory, "NOT", "测试\"*(NEAR-:^医院");
  assert_found (f->directory, "%", "");
  assert_found (f->directory, "医*", "");
}

static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *all_names = NULL;

  query->text = g_strdup ("医");
  all = search (f->directory, query, 0, 100);
  all_names = names_of (all);
  g_assert_cmpuint (all->len, ==, 7);
  g_assert_cmpuint (count (f->directory, query), ==, 7);

  for (guint size = 1; size <= 4; size++)
    {
      g_autoptr(GString) joined = g_string_new (NULL);

      for (guint offset = 0; offset < all->len + size; offset += size)
        {
          g_autoptr(GPtrArray) page = search (f->directory, query, offset, size);
          g_autofree char *names = names_of (page);

          g_assert_cmpuint (page->len, ==, MIN (size, all->len - MIN (offset, all->len)));
          if (page->len > 0)
            g_string_append_printf (joined, "%s%s", joined->len > 0 ? "," : "", names);
        }
      g_assert_cmpstr (joined->str, ==, all_names);
    }
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  guint n = 0;

  query->text = g_strdup ("医");
  g_cancellable_cancel (cancellable);
  records = yidi_directory_search (f->directory, query, 0, 10, cancellable, &error);
  g_assert_null (records);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (yidi_directory_count (f->directory, query, &n, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The installed file damaged while the directory is open: every search
 * says so; none looks like an empty directory. */
static void
test_damaged_while_open (Fixture       *f,
                         gconstpointer  data)
{
  const char *texts[] = { NULL, "医", "xh", "北京朝阳医院" };
  char header[100];
  FILE *file;

  memset (header, 'x', sizeof header);
  file = g_fopen (f->bundled, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fwrite (header, 1, sizeof header, file), ==, sizeof header);
  g_assert_cmpint (fclose (file), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) records = NULL;
      guint n = 0;

      query->text = g_strdup (texts[i]);
      records = yidi_directory_search (f->directory, query, 0, 10, NULL, &error);
      g_assert_null (records);
      g_assert_error (error, YIDI_DB_ERROR, YIDI_DB_ERROR_CORRUPT);
      g_clear_error (&error);
      g_assert_false (yidi_directory_count (f->directory, query, &n, NULL, &error));
      g_assert_error (error, YIDI_DB_ERROR, YIDI_DB_ERROR_CORRUPT);
    }
}

/* ---------------------------------------------------------------------- */
/* Import */

static void
test_import_official (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(YidiImportResult) result = NULL;
  g_autoptr(YidiInstitutionRecord) record = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;
  char *names;

  g_assert_true (import (f, "official.csv", official_csv, -1, "广东测试", "2024-05-01", &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (yidi_import_result_get_n_rows (result), ==, 3);
  g_assert_cmpuint (yidi_import_result_get_n_replaced (result), ==, 0);
  g_assert_cmpstr (yidi_import_result_get_encoding (result), ==, "UTF-8");
  g_assert_cmpstr (yidi_import_result_get_source (result), ==, "广东测试");
  g_assert_cmpuint (yidi_import_result_get_problems (result)->len, ==, 0);
  g_assert_null (yidi_import_result_get_ignored_columns (result)[0]);

  record = find_one (f->directory, "天河路");
  g_assert_cmpstr (record->name, ==, "广州市天河区人民医院");
  g_assert_cmpstr (record->code, ==, "H44010600001");
  g_assert_cmpstr (record->key, ==, "code:H44010600001");
  g_assert_cmpstr (record->county_code, ==, "440106");
  g_assert_cmpstr (record->city_code, ==, "440100");
  g_assert_cmpstr (record->province_code, ==, "440000");
  g_assert_cmpint (record->level, ==, YIDI_LEVEL_2);
  g_assert_cmpint (record->grade, ==, YIDI_GRADE_A);
  g_assert_cmpint (record->type, ==, YIDI_INSTITUTION_TYPE_GENERAL);
  g_assert_cmpint (record->inpatient, ==, YIDI_TRISTATE_YES);
  g_assert_cmpint (record->outpatient, ==, YIDI_TRISTATE_NO);
  g_assert_cmpint (record->chronic, ==, YIDI_TRISTATE_UNKNOWN);
  g_assert_cmpstr (record->data_date, ==, "2024-05-01");
  g_assert_cmpstr (record->source_name, ==, "广东测试");
  g_assert_null (record->source);
  g_assert_true (record->imported);
  g_clear_pointer (&record, yidi_institution_record_free);

  /* A quoted comma stays in the address. */
  record = find_one (f->directory, "工体南路");
  g_assert_cmpstr (record->address, ==, "北京市朝阳区工体南路8号, 东院");
  g_assert_cmpstr (record->county_code, ==, "110105");

  /* Imported and installed rows are ranked together. */
  names = find (f->directory, "医院", NULL, 0, 0, 0);
  g_assert_true (g_str_has_prefix (names, "北京朝阳医院,北京协和医院,"));
  g_free (names);
  names = find (f->directory, "协和", NULL, 0, 0, 0);
  g_assert_cmpstr (names, ==, "协和,北京协和医院,协和东院,协和社区卫生服务中心,武汉协和医院");
  g_free (names);

  /* Now some are known to be networked. */
  names = find (f->directory, NULL, NULL, 0, 0, YIDI_NETWORKED_INPATIENT);
  g_assert_cmpstr (names, ==, "北京朝阳医院,广州市天河区人民医院");
  g_free (names);
  names = find (f->directory, NULL, NULL, 0, 0, YIDI_NETWORKED_INPATIENT | YIDI_NETWORKED_CHRONIC);
  g_assert_cmpstr (names, ==, "北京朝阳医院");
  g_free (names);
  names = find (f->directory, "医院", "440000", 0, 0, YIDI_NETWORKED_INPATIENT);
  g_assert_cmpstr (names, ==, "广州市天河区人民医院");
  g_free (names);

  sources = yidi_directory_list_sources (f->directory, &error);
  g_assert_cmpuint (sources->len, ==, 2);
  g_assert_cmpstr (((YidiDirectorySource *) g_ptr_array_index (sources, 1))->name, ==, "广东测试");
  g_assert_cmpstr (((YidiDirectorySource *) g_ptr_array_index (sources, 1))->as_of, ==, "2024-05-01");
  g_assert_cmpuint (((YidiDirectorySource *) g_ptr_array_index (sources, 1))->n_rows, ==, 3);
  g_assert_false (((YidiDirectorySource *) g_ptr_array_index (sources, 1))->bundled);
}

static void
test_import_bad_rows (Fixture       *f,
                      gconstpointer  data)
{
  static const char csv[] =
    "name,province_code,level,inpatient,longitude,latitude,code\n"   /* 1 */
    "好医院,440000,三级,是,,,A1\n"                                   /* 2 */
    ",440000,三级,是,,,A2\n"                                         /* 3: no name */
    "好医院二,440000,二级,否,,,A3\n"                                 /* 4 */
    "\"坏\n医院\",999999,二级,否,,,A4\n"                             /* 5-6: unknown division */
    "好医院三,440000,四级,是,,,A5\n"                                 /* 7: unknown level */
    "好医院四,440000,一级,也许,,,A6\n"                               /* 8: not yes or no */
    "好医院五,440000,一级,是,200,10,A7\n"                            /* 9: bad coordinates */
    "好医院六,440000,一级,是,,,A1\n"                                 /* 10: duplicate code */
    "好医院七,440000,一级\n"                                         /* 11: too few fields */
    "\"好医院八\"x,440000,一级,是,,,A8\n"                            /* 12: bad quoting */
    "好医院九,440000,一级,是,,,A9\n";                                /* 13 */
  static const guint lines[] = { 3, 5, 7, 8, 9, 10, 11, 12 };
  g_autoptr(YidiImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;
  guint before = 0;

  g_autoptr(YidiDirectoryQuery) all = yidi_directory_query_new ();
  before = count (f->directory, all);

  g_assert_false (import (f, "bad.csv", csv, -1, NULL, NULL, &result, &error));
  g_assert_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_INVALID_ROWS);
  g_assert_nonnull (strstr (error->message, "8 rows"));

  /* Every rejected row, with its line and why. */
  problems = yidi_import_result_get_problems (result);
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (lines));
  for (guint i = 0; i < problems->len; i++)
    {
      YidiImportProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *prefix = g_strdup_printf ("Line %u", lines[i]);

      g_assert_cmpuint (problem->line, ==, lines[i]);
      g_assert_true (g_str_has_prefix (problem->message, prefix));
    }
  g_assert_nonnull (strstr (((YidiImportProblem *) g_ptr_array_index (problems, 0))->message, "name"));
  g_assert_nonnull (strstr (((YidiImportProblem *) g_ptr_array_index (problems, 1))->message, "999999"));
  g_assert_nonnull (strstr (((YidiImportProblem *) g_ptr_array_index (problems, 2))->message, "四级"));
  g_assert_nonnull (strstr (((YidiImportProblem *) g_ptr_array_index (problems, 3))->message, "也许"));
  g_assert_nonnull (strstr (((YidiImportProblem *) g_ptr_array_index (problems, 5))->message, "line 2"));

  /* Nothing was imported: not even the good rows. */
  g_assert_cmpuint (yidi_import_result_get_n_rows (result), ==, 0);
  g_assert_cmpuint (count (f->directory, all), ==, before);
  assert_found (f->directory, "好医院", "");
}

static void
test_import_rollback (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (import (f, "official.csv", official_csv, -1, "list", NULL, NULL, &error));
  g_assert_no_error (error);
  before = find (f->directory, NULL, NULL, 0, 0, 0);

  /* The same list again, with one bad row: the earlier import stays. */
  g_assert_false (import (f, "bad.csv",
                          "机构名称,所属区划,医院等级\n新医院,广东省,三级\n坏医院,火星,三级\n",
                          -1, "list", NULL, NULL, &error));
  g_assert_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_INVALID_ROWS);
  g_clear_error (&error);
  after = find (f->directory, NULL, NULL, 0, 0, 0);
  g_assert_cmpstr (after, ==, before);
  assert_found (f->directory, "新医院", "");

  /* Cancelled half-way: nothing changes either. */
  path = write_file (f, "other.csv", "机构名称,所属区划\n另一家医院,广东省\n", -1);
  g_cancellable_cancel (cancellable);
  g_assert_false (yidi_directory_import (f->directory, path, "list", NULL, NULL, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_pointer (&after, g_free);
  after = find (f->directory, NULL, NULL, 0, 0, 0);
  g_assert_cmpstr (after, ==, before);
}

static void
test_import_gb18030 (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiImportResult) result = NULL;
  gsize length = 0;
  g_autofree char *gb = g_convert (official_csv, -1, "GB18030", "UTF-8", NULL, &length, &error);
  g_autoptr(YidiInstitutionRecord) record = NULL;

  g_assert_no_error (error);
  g_assert_true (import (f, "gb.csv", gb, length, "gb", NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (yidi_import_result_get_encoding (result), ==, "GB18030");
  g_assert_cmpuint (yidi_import_result_get_n_rows (result), ==, 3);

  record = find_one (f->directory, "bjcyyy");
  g_assert_cmpstr (record->name, ==, "北京朝阳医院");
  g_assert_cmpstr (record->address, ==, "北京市朝阳区工体南路8号, 东院");
  /* Without a date, the list's date is not known. */
  g_assert_null (record->data_date);
}

static void
test_reimport (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiImportResult) result = NULL;
  g_autoptr(YidiDirectoryQuery) all = yidi_directory_query_new ();
  g_autoptr(GPtrArray) sources = NULL;
  char *names;

  g_assert_true (import (f, "a.csv", official_csv, -1, "list", "2024-01", NULL, &error));
  g_assert_true (import (f, "m.csv", "机构名称,所属区划\n另一张表的医院,广东省\n", -1, "other", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (f->directory, all), ==, 10 + 3 + 1);

  /* The same list, a newer version: it replaces the old one. */
  g_assert_true (import (f, "b.csv",
                         "机构编码,机构名称,所属区划,医院等级\n"
                         "H44010600001,广州市天河区人民医院,广东省广州市天河区,三级\n"
                         "H44010600009,天河新医院,440106,一级\n",
                         -1, "list", "2024-06", &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (yidi_import_result_get_n_rows (result), ==, 2);
  g_assert_cmpuint (yidi_import_result_get_n_replaced (result), ==, 3);
  g_assert_cmpuint (count (f->directory, all), ==, 10 + 2 + 1);

  names = find (f->directory, "天河", NULL, 0, 0, 0);
  g_assert_cmpstr (names, ==, "天河新医院,广州市天河区人民医院,广州某某门诊部");
  g_free (names);
  assert_found (f->directory, "北京朝阳医院", "");
  /* The other list is untouched. */
  assert_found (f->directory, "另一张表", "另一张表的医院");

  sources = yidi_directory_list_sources (f->directory, &error);
  g_assert_cmpuint (sources->len, ==, 3);
  g_assert_cmpstr (((YidiDirectorySource *) g_ptr_array_index (sources, 1))->name, ==, "list");
  g_assert_cmpstr (((YidiDirectorySource *) g_ptr_array_index (sources, 1))->as_of, ==, "2024-06");
  g_assert_cmpuint (((YidiDirectorySource *) g_ptr_array_index (sources, 1))->n_rows, ==, 2);
}

static void
test_import_headers (Fixture       *f,
                     gconstpointer  data)
{
  static const struct {
    const char *contents;
    const char *as_of;
    GQuark domain;
    int code;
  } cases[] = {
    { "地址,所属区划\n北京,北京市\n", NULL, 0, YIDI_DIRECTORY_ERROR_BAD_HEADER },
    { "name,机构名称,province\na,b,北京\n", NULL, 0, YIDI_DIRECTORY_ERROR_BAD_HEADER },
    { "机构名称,地址\n协和,北京\n", NULL, 0, YIDI_DIRECTORY_ERROR_BAD_HEADER },
    { "", NULL, 0, YIDI_DIRECTORY_ERROR_EMPTY },
    { "机构名称,所属区划\n", NULL, 0, YIDI_DIRECTORY_ERROR_EMPTY },
    { "机构名称,所属区划\n协和,北京市\n", "2024-13-01", 0, YIDI_DIRECTORY_ERROR_BAD_ARGUMENT },
    { "机构名称,所属区划\n协和,北京市\n", "yesterday", 0, YIDI_DIRECTORY_ERROR_BAD_ARGUMENT },
  };
  g_autoptr(YidiImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) case_error = NULL;

      g_assert_false (import (f, "h.csv", cases[i].contents, -1, NULL, cases[i].as_of, NULL, &case_error));
      g_assert_error (case_error, YIDI_DIRECTORY_ERROR, cases[i].code);
    }

  /* Headers written in other ways, and columns Yidi does not use. */
  g_assert_true (import (f, "ok.csv",
                         "\xEF\xBB\xBF" "序号, 医疗机构名称 *,省份,城市,区县,等级,联系人,"
                         "是否开通跨省联网住院直接结算\n"
                         "1,天河测试医院,广东,广州,天河,三甲,张三,√\n",
                         -1, NULL, "2024", &result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (yidi_import_result_get_ignored_columns (result)[0], ==, "联系人");
  g_assert_null (yidi_import_result_get_ignored_columns (result)[1]);
  /* The list is named after its file by default. */
  g_assert_cmpstr (yidi_import_result_get_source (result), ==, "ok.csv");
  {
    g_autoptr(YidiInstitutionRecord) record = find_one (f->directory, "天河测试");

    g_assert_cmpstr (record->county_code, ==, "440106");
    g_assert_cmpint (record->level, ==, YIDI_LEVEL_3);
    g_assert_cmpint (record->grade, ==, YIDI_GRADE_A);
    g_assert_cmpint (record->inpatient, ==, YIDI_TRISTATE_YES);
    g_assert_cmpstr (record->data_date, ==, "2024");
  }

  missing = g_build_filename (f->dir, "missing.csv", NULL);
  g_assert_false (yidi_directory_import (f->directory, missing, NULL, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
}

static void
on_progress (double   fraction,
             gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  *last = fraction;
}

static void
test_import_progress (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (f, "official.csv", official_csv, -1);
  double last = 0.0;

  g_assert_true (yidi_directory_import (f->directory, path, NULL, NULL, on_progress, &last, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);
}

static void
on_changed (YidiDirectory *directory,
            gpointer       user_data)
{
  (*(int *) user_data)++;
}

static void
on_imported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  YidiImportResult **out = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (yidi_directory_import_finish (YIDI_DIRECTORY (object), result, out, &error));
  g_assert_no_error (error);
}

/* The import's task may end in its thread a little after the callback:
 * until then it holds the directory. */
static void
wait_for_tasks (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (G_OBJECT (f->directory)->ref_count > 1)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("a task still holds the directory");
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
test_import_async (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = write_file (f, "official.csv", official_csv, -1);
  g_autoptr(YidiImportResult) result = NULL;
  int changed = 0;

  g_signal_connect (f->directory, "changed", G_CALLBACK (on_changed), &changed);
  yidi_directory_import_async (f->directory, path, "async", NULL, NULL, on_imported, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  wait_for_tasks (f);

  g_assert_cmpuint (yidi_import_result_get_n_rows (result), ==, 3);
  g_assert_cmpint (changed, ==, 1);
  assert_found (f->directory, "工体南路", "北京朝阳医院");
  g_signal_handlers_disconnect_by_data (f->directory, &changed);
}

typedef struct {
  GArray *fractions;
  GThread *thread;            /* where the progress must arrive */
  gboolean freed;
} ProgressLog;

static void
on_import_progress (double   fraction,
                    gpointer user_data)
{
  ProgressLog *log = user_data;

  g_assert_true (g_thread_self () == log->thread);
  g_array_append_val (log->fractions, fraction);
}

static void
progress_log_done (gpointer user_data)
{
  ((ProgressLog *) user_data)->freed = TRUE;
}

static void
test_import_async_progress (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = write_file (f, "official.csv", official_csv, -1);
  g_autoptr(YidiImportResult) result = NULL;
  ProgressLog log = { g_array_new (FALSE, FALSE, sizeof (double)), g_thread_self (), FALSE };

  yidi_directory_import_with_progress_async (f->directory, path, "progress", NULL,
                                             on_import_progress, &log, progress_log_done,
                                             NULL, on_imported, &result);
  while (result == NULL || !log.freed)
    g_main_context_iteration (NULL, TRUE);
  wait_for_tasks (f);

  g_assert_cmpuint (yidi_import_result_get_n_rows (result), ==, 3);
  /* Rising fractions, in this thread, ending with all done. */
  g_assert_cmpuint (log.fractions->len, >=, 2);
  for (guint i = 1; i < log.fractions->len; i++)
    g_assert_cmpfloat (g_array_index (log.fractions, double, i), >, g_array_index (log.fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (log.fractions, double, log.fractions->len - 1), ==, 1.0);
  g_array_unref (log.fractions);
}

/* ---------------------------------------------------------------------- */
/* Favourites */

static void
test_favourites (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(YidiInstitutionRecord) xiehe = find_one (f->directory, "帅府园");
  g_autoptr(YidiInstitutionRecord) imported = NULL;
  g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();
  g_autoptr(GPtrArray) favourites = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;

  g_assert_true (import (f, "official.csv", official_csv, -1, "list", NULL, NULL, &error));
  imported = find_one (f->directory, "天河路");

  g_assert_true (yidi_directory_set_favourite (f->directory, xiehe->key, xiehe->name, TRUE, &error));
  g_assert_true (yidi_directory_set_favourite (f->directory, imported->key, imported->name, TRUE, &error));
  /* Twice is the same as once. */
  g_assert_true (yidi_directory_set_favourite (f->directory, imported->key, imported->name, TRUE, &error));
  g_assert_no_error (error);

  g_clear_pointer (&xiehe, yidi_institution_record_free);
  xiehe = find_one (f->directory, "帅府园");
  g_assert_true (xiehe->favourite);

  /* Favourites as a search: ranked, filtered and searched like the rest. */
  query->favourites_only = TRUE;
  records = search (f->directory, query, 0, 100);
  names = names_of (records);
  g_assert_cmpstr (names, ==, "北京协和医院,广州市天河区人民医院");
  g_assert_cmpuint (count (f->directory, query), ==, 2);
  g_clear_pointer (&records, g_ptr_array_unref);
  g_clear_pointer (&names, g_free);
  query->text = g_strdup ("xh");
  records = search (f->directory, query, 0, 100);
  names = names_of (records);
  g_assert_cmpstr (names, ==, "北京协和医院");
  g_clear_pointer (&records, g_ptr_array_unref);
  g_clear_pointer (&names, g_free);
  g_clear_pointer (&query->text, g_free);
  query->place = g_strdup ("440000");
  query->networked = YIDI_NETWORKED_INPATIENT;
  records = search (f->directory, query, 0, 100);
  names = names_of (records);
  g_assert_cmpstr (names, ==, "广州市天河区人民医院");

  /* They live in the person's database and survive reopening. */
  g_clear_object (&f->directory);
  f->directory = open_directory (f);
  favourites = yidi_directory_list_favourites (f->directory, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (favourites->len, ==, 2);
  g_assert_cmpstr (((YidiInstitutionRecord *) g_ptr_array_index (favourites, 0))->name, ==, "北京协和医院");
  g_clear_pointer (&favourites, g_ptr_array_unref);

  /* A new version of the list without the institution: the favourite is
   * kept, with its name, and marked as gone. */
  g_assert_true (import (f, "new.csv", "机构编码,机构名称,所属区划\nH1,别的医院,广东省\n", -1, "list", NULL, NULL, &error));
  g_assert_no_error (error);
  favourites = yidi_directory_list_favourites (f->directory, &error);
  g_assert_cmpuint (favourites->len, ==, 2);
  g_assert_cmpint (((YidiInstitutionRecord *) g_ptr_array_index (favourites, 1))->id, ==, 0);
  g_assert_cmpstr (((YidiInstitutionRecord *) g_ptr_array_index (favourites, 1))->name, ==, "广州市天河区人民医院");
  g_clear_pointer (&favourites, g_ptr_array_unref);

  g_assert_true (yidi_directory_set_favourite (f->directory, xiehe->key, NULL, FALSE, &error));
  favourites = yidi_directory_list_favourites (f->directory, &error);
  g_assert_cmpuint (favourites->len, ==, 1);
}

/* ---------------------------------------------------------------------- */
/* Every query against brute force over the real installed directory */

typedef struct {
  YidiInstitutionRecord *record;
  guint rank;
  char *pinyin;
  char *initials;
  char *aliases;
} Row;

static void
row_free (gpointer data)
{
  Row *row = data;

  yidi_institution_record_free (row->record);
  g_free (row->pinyin);
  g_free (row->initials);
  g_free (row->aliases);
  g_free (row);
}

static gboolean
passes (const YidiDirectoryQuery    *query,
        const YidiInstitutionRecord *record,
        YidiDivisions               *divisions)
{
  if (query->place != NULL)
    {
      const YidiDivision *division = yidi_divisions_lookup (divisions, query->place);
      const char *codes[] = { record->province_code, record->city_code, record->county_code };

      if (g_strcmp0 (codes[division->level], query->place) != 0)
        return FALSE;
    }
  if (query->levels != 0 && !(query->levels & (1u << record->level)))
    return FALSE;
  return TRUE;
}

static int
compare_expected (gconstpointer a,
                  gconstpointer b)
{
  const Row *x = *(const Row **) a;
  const Row *y = *(const Row **) b;

  return x->rank < y->rank ? -1 : x->rank > y->rank;
}

static char *
random_piece (const char *text)
{
  glong n = g_utf8_strlen (text, -1);
  glong start, length;
  const char *from;
  const char *to;

  if (n == 0)
    return g_strdup ("医");
  start = g_test_rand_int_range (0, n);
  length = g_test_rand_int_range (1, MIN (n - start, 5) + 1);
  from = g_utf8_offset_to_pointer (text, start);
  to = g_utf8_offset_to_pointer (from, length);
  return g_strndup (from, to - from);
}

static void
test_against_brute_force (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yidi-brute-XXXXXX", &error);
  g_autofree char *user = g_build_filename (dir, "user.sqlite", NULL);
  g_autofree char *csv = g_build_filename (dir, "official.csv", NULL);
  g_autoptr(YidiDirectory) directory = NULL;
  g_autoptr(YidiDirectoryQuery) everything = yidi_directory_query_new ();
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
  YidiDivisions *divisions;
  guint n_queries = g_test_slow () ? 2000 : 300;

  if (g_getenv ("YIDI_DIRECTORY_DB") == NULL)
    {
      g_test_skip ("the installed directory is not built (-Dbundled_directory=false)");
      return;
    }
  /* The real installed directory, with a list imported on top. */
  directory = yidi_directory_open (NULL, user, &error);
  g_assert_no_error (error);
  g_file_set_contents (csv, official_csv, -1, NULL);
  g_assert_true (yidi_directory_import (directory, csv, "list", NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  divisions = yidi_directory_get_divisions (directory);

  /* Everything, in rank order: the reference order. */
  all = search (directory, everything, 0, G_MAXUINT);
  g_assert_cmpuint (all->len, ==, count (directory, everything));
  g_assert_cmpuint (all->len, >, 4000);
  for (guint i = 0; i < all->len; i++)
    {
      Row *row = g_new0 (Row, 1);

      row->record = g_steal_pointer (&all->pdata[i]);
      row->rank = i;
      row->aliases = g_strjoinv ("|", row->record->aliases);
      {
        GString *pinyin = g_string_new (NULL);
        GString *initials = g_string_new (NULL);

        for (guint a = 0; a <= g_strv_length (row->record->aliases); a++)
          {
            g_autofree char *full = NULL;
            g_autofree char *brief = NULL;

            yidi_pinyin_convert (a == 0 ? row->record->name : row->record->aliases[a - 1], '\'', &full, &brief);
            g_string_append_printf (pinyin, "%s%s", a > 0 ? "|" : "", full);
            g_string_append_printf (initials, "%s%s", a > 0 ? "|" : "", brief);
          }
        row->pinyin = g_string_free (pinyin, FALSE);
        row->initials = g_string_free (initials, FALSE);
      }
      g_ptr_array_add (rows, row);
    }

  for (guint q = 0; q < n_queries; q++)
    {
      Row *source = g_ptr_array_index (rows, g_test_rand_int_range (0, rows->len));
      g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();
      g_autoptr(YidiSearchQuery) fts = NULL;
      GPtrArray *expected[YIDI_SEARCH_N_TIERS] = { NULL };
      g_autoptr(GString) expected_names = g_string_new (NULL);
      g_autoptr(GPtrArray) found = NULL;
      g_autofree char *found_names = NULL;
      guint limit = g_test_rand_int_range (0, 3) == 0 ? 10 : G_MAXUINT;

      switch (g_test_rand_int_range (0, 4))
        {
        case 0:
          query->text = random_piece (source->record->name);
          break;
        case 1:
          query->text = random_piece (source->record->address ? source->record->address : source->record->name);
          break;
        case 2:
          query->text = random_piece (source->initials);
          break;
        default:
          {
            g_autofree char *a = random_piece (source->record->name);
            g_autofree char *b = random_piece (source->pinyin);

            query->text = g_strdup_printf ("%s %s", a, b);
          }
        }
      switch (g_test_rand_int_range (0, 5))
        {
        case 0:
          query->place = g_strdup (source->record->province_code);
          break;
        case 1:
          query->place = g_strdup (source->record->county_code ? source->record->county_code : source->record->city_code);
          break;
        case 2:
          query->levels = 1u << source->record->level;
          break;
        default:
          break;
        }

      fts = yidi_search_query_new (query->text);
      for (guint t = 0; t < YIDI_SEARCH_N_TIERS; t++)
        expected[t] = g_ptr_array_new ();
      for (guint i = 0; i < rows->len; i++)
        {
          Row *row = g_ptr_array_index (rows, i);
          YidiSearchFields fields = { row->record->name, row->aliases, row->record->address, row->pinyin, row->initials };

          if (passes (query, row->record, divisions) && (fts == NULL || yidi_search_query_matches (fts, &fields)))
            g_ptr_array_add (expected[fts ? yidi_search_query_get_tier (fts, &fields) : 2], row);
        }
      for (guint t = 0; t < YIDI_SEARCH_N_TIERS; t++)
        g_ptr_array_sort (expected[t], compare_expected);
      for (guint t = 0, n = 0; t < YIDI_SEARCH_N_TIERS; t++)
        for (guint i = 0; i < expected[t]->len && n < limit; i++, n++)
          g_string_append_printf (expected_names, "%s%" G_GINT64_FORMAT, expected_names->len ? "," : "",
                                  ((Row *) g_ptr_array_index (expected[t], i))->record->id);

      found = search (directory, query, 0, limit);
      {
        g_autoptr(GString) ids = g_string_new (NULL);

        for (guint i = 0; i < found->len; i++)
          g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "",
                                  ((YidiInstitutionRecord *) g_ptr_array_index (found, i))->id);
        found_names = g_string_free (g_steal_pointer (&ids), FALSE);
      }
      if (!g_str_equal (found_names, expected_names->str))
        g_error ("query “%s” place %s levels %x: found %s, expected %s",
                 query->text, query->place, query->levels, found_names, expected_names->str);
      g_assert_cmpuint (count (directory, query), ==,
                        expected[0]->len + expected[1]->len + expected[2]->len);
      for (guint t = 0; t < YIDI_SEARCH_N_TIERS; t++)
        g_ptr_array_unref (expected[t]);
    }

  g_clear_object (&directory);
  g_unlink (user);
  g_unlink (csv);
  {
    g_autofree char *wal = g_strconcat (user, "-wal", NULL);
    g_autofree char *shm = g_strconcat (user, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/directory/open-missing", test_open_missing);
  ADD ("/directory/bundled-record", test_bundled_record);
  ADD ("/directory/get", test_get);
  ADD ("/directory/search/ranking", test_ranking);
  ADD ("/directory/search/query-classes", test_query_classes);
  ADD ("/directory/search/filters", test_filters);
  ADD ("/directory/search/escaping", test_escaping);
  ADD ("/directory/search/paging", test_paging);
  ADD ("/directory/search/cancel", test_cancel);
  ADD ("/directory/search/damaged-while-open", test_damaged_while_open);
  ADD ("/directory/import/official", test_import_official);
  ADD ("/directory/import/bad-rows", test_import_bad_rows);
  ADD ("/directory/import/rollback", test_import_rollback);
  ADD ("/directory/import/gb18030", test_import_gb18030);
  ADD ("/directory/import/reimport", test_reimport);
  ADD ("/directory/import/headers", test_import_headers);
  ADD ("/directory/import/progress", test_import_progress);
  ADD ("/directory/import/async", test_import_async);
  ADD ("/directory/import/async-progress", test_import_async_progress);
  ADD ("/directory/favourites", test_favourites);
  g_test_add_func ("/directory/search/against-brute-force", test_against_brute_force);
#undef ADD

  return g_test_run ();
}

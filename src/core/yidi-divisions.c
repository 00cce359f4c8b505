/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-divisions"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yidi-csv.h"
#include "yidi-directory.h"
#include "yidi-directory-private.h"
#include "yidi-divisions.h"

struct _YidiDivisions
{
  gatomicrefcount ref_count;
  GStringChunk *strings;
  GHashTable *by_code;      /* code string → YidiDivision* (owned) */
  GHashTable *children;     /* parent code or "" → GPtrArray of YidiDivision*, by code */
};

/* Endings dropped to make the short name people use: 广东省 → 广东,
 * 恩施土家族苗族自治州 → 恩施. The longest ending is tried first. */
static const char *const name_suffixes[] = {
  "特别行政区", "维吾尔自治区", "自治区", "自治州", "自治县", "自治旗", "地区",
  "林区", "新区", "矿区", "省", "市", "区", "县", "旗", "盟",
};

static const char *const nationalities[] = {
  "维吾尔", "柯尔克孜", "乌孜别克", "鄂伦春", "鄂温克", "达斡尔", "哈萨克",
  "塔吉克", "塔塔尔", "俄罗斯", "蒙古", "土家", "布依", "朝鲜", "哈尼",
  "傈僳", "拉祜", "东乡", "纳西", "景颇", "仫佬", "布朗", "撒拉", "毛南",
  "仡佬", "锡伯", "阿昌", "普米", "德昂", "保安", "裕固", "独龙", "赫哲",
  "门巴", "珞巴", "基诺", "高山", "回", "藏", "苗", "彝", "壮", "满", "侗",
  "瑶", "白", "傣", "黎", "佤", "畲", "水", "土", "羌", "怒", "京",
};

static gboolean
strip_suffix (GString    *name,
              const char *suffix)
{
  gsize n = strlen (suffix);

  if (name->len > n && strcmp (name->str + name->len - n, suffix) == 0)
    {
      g_string_truncate (name, name->len - n);
      return TRUE;
    }
  return FALSE;
}

static char *
make_short_name (const char *name)
{
  GString *s = g_string_new (name);
  gboolean again = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (name_suffixes); i++)
    {
      if (strip_suffix (s, name_suffixes[i]))
        break;
    }
  /* 恩施土家族苗族 → 恩施 */
  while (again)
    {
      again = FALSE;
      if (!strip_suffix (s, "族"))
        break;
      for (guint i = 0; i < G_N_ELEMENTS (nationalities); i++)
        {
          if (strip_suffix (s, nationalities[i]))
            {
              again = TRUE;
              break;
            }
        }
      if (!again)
        g_string_append (s, "族");
    }
  /* Never shorter than two characters: 和县 stays 和县. */
  if (g_utf8_strlen (s->str, -1) < 2)
    {
      g_string_free (s, TRUE);
      return g_strdup (name);
    }
  return g_string_free (s, FALSE);
}

static int
compare_by_code (gconstpointer a,
                 gconstpointer b)
{
  const YidiDivision *x = *(const YidiDivision **) a;
  const YidiDivision *y = *(const YidiDivision **) b;

  return strcmp (x->code, y->code);
}

static YidiDivisions *
divisions_new (void)
{
  YidiDivisions *self = g_new0 (YidiDivisions, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->strings = g_string_chunk_new (64 * 1024);
  self->by_code = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->children = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) g_ptr_array_unref);
  return self;
}

gboolean
yidi_division_code_is_valid (const char *code)
{
  if (code == NULL || strlen (code) != 6)
    return FALSE;
  for (guint i = 0; i < 6; i++)
    {
      if (!g_ascii_isdigit (code[i]))
        return FALSE;
    }
  return strcmp (code, "000000") != 0;
}

static void
add_division (YidiDivisions     *self,
              const char        *code,
              const char        *name,
              YidiDivisionLevel  level,
              const char        *parent_code,
              gboolean           stat_only)
{
  YidiDivision *division = g_new0 (YidiDivision, 1);
  g_autofree char *short_name = make_short_name (name);

  division->code = g_string_chunk_insert_const (self->strings, code);
  division->name = g_string_chunk_insert_const (self->strings, name);
  division->short_name = g_string_chunk_insert_const (self->strings, short_name);
  division->level = level;
  division->parent_code = parent_code != NULL && *parent_code != '\0'
                          ? g_string_chunk_insert_const (self->strings, parent_code) : NULL;
  division->stat_only = stat_only;
  g_hash_table_replace (self->by_code, (gpointer) division->code, division);
}

/* Links children to parents; fails if a parent is missing or of the wrong
 * level. */
static gboolean
link_children (YidiDivisions  *self,
               const char     *source,
               GError        **error)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->by_code);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      YidiDivision *division = value;
      const YidiDivision *parent = NULL;
      const char *key = "";
      GPtrArray *list;

      if (division->level != YIDI_DIVISION_PROVINCE)
        {
          parent = division->parent_code ? g_hash_table_lookup (self->by_code, division->parent_code) : NULL;
          if (parent == NULL || parent->level != division->level - 1)
            {
              g_set_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_BAD_DATA,
                           _("The division list “%s” is damaged: %s has no valid parent. Reinstall Yidi."),
                           source, division->code);
              return FALSE;
            }
          key = parent->code;
        }

      list = g_hash_table_lookup (self->children, key);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (self->children, (gpointer) g_string_chunk_insert_const (self->strings, key), list);
        }
      g_ptr_array_add (list, division);
    }

  g_hash_table_iter_init (&iter, self->children);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_sort (value, compare_by_code);

  return TRUE;
}

/**
 * yidi_divisions_new_from_csv:
 * @path: a CSV file with the columns code, name, level, parent_code and
 *   stat_only (data/divisions.csv)
 *
 * Returns: (transfer full): the divisions, or %NULL with @error set.
 */
YidiDivisions *
yidi_divisions_new_from_csv (const char  *path,
                             GError     **error)
{
  g_autoptr(YidiCsvReader) reader = NULL;
  g_autoptr(YidiDivisions) self = NULL;
  g_autofree char *display = NULL;
  YidiCsvStatus status;

  g_return_val_if_fail (path != NULL, NULL);

  reader = yidi_csv_reader_new_from_file (path, error);
  if (reader == NULL)
    return NULL;

  display = g_filename_display_name (path);
  self = divisions_new ();
  if (yidi_csv_reader_next (reader, NULL) != YIDI_CSV_RECORD ||
      yidi_csv_reader_get_n_fields (reader) < 5 ||
      !g_str_equal (yidi_csv_reader_get_field (reader, 0), "code") ||
      !g_str_equal (yidi_csv_reader_get_field (reader, 1), "name") ||
      !g_str_equal (yidi_csv_reader_get_field (reader, 2), "level") ||
      !g_str_equal (yidi_csv_reader_get_field (reader, 3), "parent_code") ||
      !g_str_equal (yidi_csv_reader_get_field (reader, 4), "stat_only"))
    {
      g_set_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_BAD_DATA,
                   _("“%s” is not a division list: its first line must be “code,name,level,parent_code,stat_only”."),
                   display);
      return NULL;
    }

  while ((status = yidi_csv_reader_next (reader, NULL)) != YIDI_CSV_END)
    {
      const char *code, *name, *parent;
      YidiDivisionLevel level;

      if (status == YIDI_CSV_BAD_RECORD || yidi_csv_reader_get_n_fields (reader) < 5)
        goto bad_line;
      code = yidi_csv_reader_get_field (reader, 0);
      name = yidi_csv_reader_get_field (reader, 1);
      parent = yidi_csv_reader_get_field (reader, 3);
      if (!yidi_division_code_is_valid (code) || *name == '\0' ||
          !yidi_division_level_from_key (yidi_csv_reader_get_field (reader, 2), &level) ||
          (*parent != '\0' && !yidi_division_code_is_valid (parent)) ||
          g_hash_table_contains (self->by_code, code))
        goto bad_line;

      add_division (self, code, name, level, parent,
                    g_str_equal (yidi_csv_reader_get_field (reader, 4), "1"));
      continue;

    bad_line:
      g_set_error (error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_BAD_DATA,
                   _("Line %u of the division list “%s” is not valid."),
                   yidi_csv_reader_get_line (reader), display);
      return NULL;
    }

  if (!link_children (self, display, error))
    return NULL;
  return g_steal_pointer (&self);
}

YidiDivisions *
yidi_divisions_new_from_db (sqlite3  *db,
                            GError  **error)
{
  g_autoptr(YidiDivisions) self = divisions_new ();
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT code, name, level, parent, stat_only FROM division", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char code[16], parent[16] = "";

      g_snprintf (code, sizeof code, "%06d", sqlite3_column_int (stmt, 0));
      if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
        g_snprintf (parent, sizeof parent, "%06d", sqlite3_column_int (stmt, 3));
      add_division (self, code, (const char *) sqlite3_column_text (stmt, 1),
                    CLAMP (sqlite3_column_int (stmt, 2), YIDI_DIVISION_PROVINCE, YIDI_DIVISION_COUNTY),
                    parent, sqlite3_column_int (stmt, 4) != 0);
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    {
      yidi_db_set_error (error, db, rc);
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);

  if (!link_children (self, sqlite3_db_filename (db, "main"), error))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
yidi_divisions_save (YidiDivisions  *self,
                     sqlite3        *db,
                     GError        **error)
{
  GHashTableIter iter;
  gpointer value;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO division (code, name, level, parent, stat_only) VALUES (?, ?, ?, ?, ?)",
                           -1, &stmt, NULL);
  g_hash_table_iter_init (&iter, self->by_code);
  while (rc == SQLITE_OK && g_hash_table_iter_next (&iter, NULL, &value))
    {
      const YidiDivision *division = value;

      sqlite3_bind_int (stmt, 1, atoi (division->code));
      sqlite3_bind_text (stmt, 2, division->name, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, division->level);
      if (division->parent_code != NULL)
        sqlite3_bind_int (stmt, 4, atoi (division->parent_code));
      else
        sqlite3_bind_null (stmt, 4);
      sqlite3_bind_int (stmt, 5, division->stat_only);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        rc = sqlite3_reset (stmt);
    }
  if (rc != SQLITE_OK)
    yidi_db_set_error (error, db, rc);
  sqlite3_finalize (stmt);
  return rc == SQLITE_OK;
}

YidiDivisions *
yidi_divisions_ref (YidiDivisions *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
yidi_divisions_unref (YidiDivisions *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_hash_table_unref (self->children);
  g_hash_table_unref (self->by_code);
  g_string_chunk_free (self->strings);
  g_free (self);
}

guint
yidi_divisions_get_n_items (YidiDivisions *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return g_hash_table_size (self->by_code);
}

/**
 * yidi_divisions_lookup:
 * @code: (nullable): a six-digit code
 *
 * Returns: (nullable): the division, or %NULL if there is none of @code.
 */
const YidiDivision *
yidi_divisions_lookup (YidiDivisions *self,
                       const char    *code)
{
  g_return_val_if_fail (self != NULL, NULL);
  return code != NULL ? g_hash_table_lookup (self->by_code, code) : NULL;
}

/**
 * yidi_divisions_get_children:
 * @parent_code: (nullable): a division, or %NULL for the provinces
 *
 * Returns: (transfer container) (element-type YidiDivision): the divisions
 *   directly under @parent_code, by code; empty if there are none.
 */
GPtrArray *
yidi_divisions_get_children (YidiDivisions *self,
                             const char    *parent_code)
{
  GPtrArray *list;

  g_return_val_if_fail (self != NULL, NULL);

  list = g_hash_table_lookup (self->children, parent_code != NULL ? parent_code : "");
  return list != NULL ? g_ptr_array_ref (list) : g_ptr_array_new ();
}

/**
 * yidi_divisions_get_ancestor:
 * @code: a division
 * @level: the level wanted
 *
 * Returns: (nullable): the division of @level that contains @code (or
 *   @code itself), or %NULL.
 */
const YidiDivision *
yidi_divisions_get_ancestor (YidiDivisions     *self,
                             const char        *code,
                             YidiDivisionLevel  level)
{
  const YidiDivision *division;

  g_return_val_if_fail (self != NULL, NULL);

  division = yidi_divisions_lookup (self, code);
  while (division != NULL && division->level > level)
    division = yidi_divisions_lookup (self, division->parent_code);
  return division != NULL && division->level == level ? division : NULL;
}

/**
 * yidi_divisions_get_path_name:
 * @code: a division
 *
 * Returns: (nullable): the names from the province down, separated by
 *   spaces ("广东省 广州市 天河区"); placeholders such as 市辖区 are left out.
 *   %NULL if @code is unknown.
 */
char *
yidi_divisions_get_path_name (YidiDivisions *self,
                              const char    *code)
{
  const YidiDivision *path[3] = { NULL };
  const YidiDivision *division;
  GString *name;

  g_return_val_if_fail (self != NULL, NULL);

  division = yidi_divisions_lookup (self, code);
  if (division == NULL)
    return NULL;
  for (; division != NULL; division = yidi_divisions_lookup (self, division->parent_code))
    path[division->level] = division;

  name = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (path); i++)
    {
      if (path[i] == NULL || g_str_equal (path[i]->name, "市辖区") ||
          g_str_equal (path[i]->name, "县") || g_str_has_suffix (path[i]->name, "直辖县级行政区划"))
        continue;
      if (name->len > 0)
        g_string_append_c (name, ' ');
      g_string_append (name, path[i]->name);
    }
  return g_string_free (name, FALSE);
}

static gboolean
is_within (YidiDivisions      *self,
           const YidiDivision *division,
           const char         *within_code)
{
  if (within_code == NULL)
    return TRUE;
  for (; division != NULL; division = yidi_divisions_lookup (self, division->parent_code))
    {
      if (g_str_equal (division->code, within_code))
        return TRUE;
    }
  return FALSE;
}

/**
 * yidi_divisions_find:
 * @name_or_code: a code, or a full or short name ("广东省", "广东")
 * @within_code: (nullable): only divisions inside this one
 *
 * Returns: (transfer container) (element-type YidiDivision): the divisions
 *   that answer to @name_or_code, by code: several when a name is shared
 *   (朝阳区 in Beijing and 朝阳市 in Liaoning are both "朝阳").
 */
GPtrArray *
yidi_divisions_find (YidiDivisions *self,
                     const char    *name_or_code,
                     const char    *within_code)
{
  GPtrArray *found = g_ptr_array_new ();
  const YidiDivision *division;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (self != NULL, found);
  g_return_val_if_fail (name_or_code != NULL, found);

  division = yidi_divisions_lookup (self, name_or_code);
  if (division != NULL)
    {
      if (is_within (self, division, within_code))
        g_ptr_array_add (found, (gpointer) division);
      return found;
    }

  g_hash_table_iter_init (&iter, self->by_code);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      division = value;
      if ((g_str_equal (division->name, name_or_code) || g_str_equal (division->short_name, name_or_code)) &&
          is_within (self, division, within_code))
        g_ptr_array_add (found, (gpointer) division);
    }
  g_ptr_array_sort (found, compare_by_code);
  return found;
}

/* The child of @parent (or province if NULL) whose full or short name is
 * the longest prefix of @text; its length in @out_length. */
static const YidiDivision *
match_prefix (YidiDivisions *self,
              GPtrArray     *candidates,
              const char    *text,
              gsize         *out_length)
{
  const YidiDivision *best = NULL;
  gsize best_length = 0;

  for (guint i = 0; candidates != NULL && i < candidates->len; i++)
    {
      const YidiDivision *division = g_ptr_array_index (candidates, i);
      const char *names[] = { division->name, division->short_name };

      for (guint j = 0; j < G_N_ELEMENTS (names); j++)
        {
          gsize n = strlen (names[j]);

          if (n > best_length && strncmp (text, names[j], n) == 0)
            {
              best = division;
              best_length = n;
            }
        }
    }
  *out_length = best_length;
  return best;
}

/* Every division of @level (inside @within_code if set). */
static GPtrArray *
all_of_level (YidiDivisions     *self,
              YidiDivisionLevel  level,
              const char        *within_code)
{
  GPtrArray *list = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->by_code);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const YidiDivision *division = value;

      if (division->level == level && is_within (self, division, within_code))
        g_ptr_array_add (list, value);
    }
  g_ptr_array_sort (list, compare_by_code);
  return list;
}

/**
 * yidi_divisions_resolve:
 * @text: a code, or names from the top down ("广东省广州市天河区",
 *   "广州市天河区", "北京市朝阳区", "天河区")
 * @within_code: (nullable): the division @text is known to be in
 *
 * Finds the most specific division @text names. A name found on its own
 * (not after its parent's) must be unique.
 *
 * Returns: (nullable): the division, or %NULL if @text names none.
 */
const YidiDivision *
yidi_divisions_resolve (YidiDivisions *self,
                        const char    *text,
                        const char    *within_code)
{
  const YidiDivision *scope;
  const YidiDivision *best = NULL;
  const char *rest = text;

  g_return_val_if_fail (self != NULL, NULL);

  if (text == NULL || *text == '\0')
    return NULL;
  if (yidi_division_code_is_valid (text))
    {
      best = yidi_divisions_lookup (self, text);
      return best != NULL && is_within (self, best, within_code) ? best : NULL;
    }

  scope = yidi_divisions_lookup (self, within_code);
  while (*rest != '\0' && (scope == NULL || scope->level < YIDI_DIVISION_COUNTY))
    {
      g_autoptr(GPtrArray) candidates = yidi_divisions_get_children (self, scope ? scope->code : NULL);
      const YidiDivision *match;
      gsize length = 0;

      match = match_prefix (self, candidates, rest, &length);
      if (match == NULL && scope != NULL && scope->level == YIDI_DIVISION_PROVINCE)
        {
          /* 北京市朝阳区: the city level (市辖区) is not named. */
          g_autoptr(GPtrArray) counties = all_of_level (self, YIDI_DIVISION_COUNTY, scope->code);

          match = match_prefix (self, counties, rest, &length);
        }
      if (match == NULL && scope == NULL)
        {
          /* No province first: a city or county named alone, if unique. */
          for (int level = YIDI_DIVISION_CITY; level <= YIDI_DIVISION_COUNTY && match == NULL; level++)
            {
              g_autoptr(GPtrArray) all = all_of_level (self, level, NULL);
              guint n = 0;

              for (guint i = 0; i < all->len; i++)
                {
                  const YidiDivision *division = g_ptr_array_index (all, i);
                  gsize n_name = strlen (division->name);

                  if (strncmp (rest, division->name, n_name) == 0)
                    {
                      if (n++ == 0 || n_name > length)
                        {
                          match = division;
                          length = n_name;
                        }
                    }
                }
              if (n > 1)
                return NULL;
            }
        }
      if (match == NULL)
        break;

      best = match;
      scope = match;
      rest += length;
    }

  return best;
}

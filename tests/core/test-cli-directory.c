/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

/* yidi-cli import and search, run as a person runs them. */

static char *dir;
static char *user_db;

static int
run (const char  *const *args,
     char              **out,
     char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  g_auto(GStrv) wrapper = NULL;
  int status;

  /* Under `meson test --setup valgrind` yidi-cli itself runs in valgrind. */
  if (g_getenv ("YIDI_CLI_WRAPPER") != NULL)
    {
      g_assert_true (g_shell_parse_argv (g_getenv ("YIDI_CLI_WRAPPER"), NULL, &wrapper, &error));
      for (guint i = 0; wrapper[i] != NULL; i++)
        g_ptr_array_add (argv, wrapper[i]);
    }
  g_ptr_array_add (argv, (gpointer) g_getenv ("YIDI_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) "--user-db");
  g_ptr_array_add (argv, user_db);
  g_ptr_array_add (argv, NULL);
  envp = g_environ_setenv (envp, "LANGUAGE", "C", TRUE);
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static char *
write_csv (const char *name,
           const char *contents)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
test_import_and_search (void)
{
  g_autofree char *csv = write_csv ("list.csv",
                                    "机构编码,机构名称,所属区划,医院等级,是否开通住院跨省直接结算\n"
                                    "H1,天河测试医院,广东省广州市天河区,二级甲等,是\n"
                                    "H2,天河另一家医院,440106,一级,否\n");
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *first;

  g_assert_cmpint (run ((const char *[]) { "import", "-q", "--source", "测试", "--as-of", "2024-05-01", csv, NULL },
                        &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Imported 2 institutions"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run ((const char *[]) { "search", "天河", "--province", "广东", "--inpatient", "--json", NULL },
                        &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "total"), ==, 1);
  first = json_array_get_object_element (json_object_get_array_member (root, "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "天河测试医院");
  g_assert_cmpstr (json_object_get_string_member (first, "code"), ==, "H1");
  g_assert_cmpstr (json_object_get_string_member (first, "level"), ==, "level2");
  g_assert_cmpstr (json_object_get_string_member (first, "grade"), ==, "a");
  g_assert_cmpstr (json_object_get_string_member (first, "data_date"), ==, "2024-05-01");
  g_assert_cmpstr (json_object_get_string_member (first, "list"), ==, "测试");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "networked"), "inpatient"),
                   ==, "yes");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "networked"), "chronic"),
                   ==, "unknown");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* In words, with the data date and where the data come from. */
  g_assert_cmpint (run ((const char *[]) { "search", "thcs", NULL }, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "1 institution found."));
  g_assert_nonnull (strstr (out, "天河测试医院"));
  g_assert_nonnull (strstr (out, "Data date: 2024-05-01"));
  g_assert_nonnull (strstr (out, "hospital stay Yes"));
}

static void
test_bad_rows (void)
{
  g_autofree char *csv = write_csv ("bad.csv",
                                    "机构名称,所属区划,医院等级\n"
                                    "甲乙丙测试医院,广东省,三级\n"
                                    "坏医院,火星,三级\n"
                                    ",广东省,四级\n");
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run ((const char *[]) { "import", "-q", csv, NULL }, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "Line 3: "));
  g_assert_nonnull (strstr (err, "火星"));
  g_assert_nonnull (strstr (err, "Line 4: "));
  g_assert_nonnull (strstr (err, "2 rows of"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Nothing of it was imported. */
  g_assert_cmpint (run ((const char *[]) { "search", "甲乙丙测试", NULL }, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "0 institutions found."));
}

static void
test_bad_arguments (void)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run ((const char *[]) { "search", "医院", "--province", "火星", NULL }, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "火星"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The city 朝阳 is in Liaoning; the districts 朝阳区 are in Beijing
   * and in Changchun. */
  g_assert_cmpint (run ((const char *[]) { "search", "--city", "朝阳", NULL }, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run ((const char *[]) { "search", "--county", "朝阳区", NULL }, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "Several places"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run ((const char *[]) { "search", "--province", "北京", "--county", "朝阳区", NULL }, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run ((const char *[]) { "search", "--level", "四级", NULL }, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run ((const char *[]) { "import", NULL }, &out, &err), ==, 2);
}

/* A damaged database of imported lists and favourites: the search still
 * runs, the person is told, and the file is kept aside as it was. */
static void
test_damaged_user_db (void)
{
  static const char garbage[] = "SQLite format 3 - no, only garbage after a bad copy";
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *kept = NULL;
  const char *quoted;
  g_autofree char *moved = NULL;

  g_assert_true (g_file_set_contents (user_db, garbage, -1, NULL));
  g_assert_cmpint (run ((const char *[]) { "search", "医院", NULL }, &out, &err), ==, 0);
  g_assert_nonnull (strstr (err, "could not be read"));
  quoted = strstr (err, "kept as “");
  g_assert_nonnull (quoted);
  quoted += strlen ("kept as “");
  moved = g_strndup (quoted, strstr (quoted, "”") - quoted);
  g_assert_true (g_str_has_prefix (moved, user_db));
  g_assert_true (g_file_get_contents (moved, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, garbage);
}

int
main (int    argc,
      char **argv)
{
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("YIDI_CLI") == NULL || g_getenv ("YIDI_DIRECTORY_DB") == NULL)
    {
      g_test_skip ("needs the built yidi-cli and directory");
      return g_test_run ();
    }

  dir = g_dir_make_tmp ("yidi-cli-XXXXXX", NULL);
  user_db = g_build_filename (dir, "user.sqlite", NULL);

  g_test_add_func ("/cli/import-and-search", test_import_and_search);
  g_test_add_func ("/cli/bad-rows", test_bad_rows);
  g_test_add_func ("/cli/bad-arguments", test_bad_arguments);
  g_test_add_func ("/cli/damaged-user-db", test_damaged_user_db);
  status = g_test_run ();

  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (dir);
  }
  g_free (user_db);
  g_free (dir);
  return status;
}

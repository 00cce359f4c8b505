/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "yidi-core-enums.h"
#include "yidi-db.h"
#include "yidi-institution-list.h"

/* The list model over the real installed directory, with a main loop: the
 * searches run on worker threads and come back through it. */

static const char official_csv[] =
  "机构编码,机构名称,所属区划,医院等级,是否开通住院跨省直接结算\n"
  "H44010600001,广州市天河区人民医院,广东省广州市天河区,二级甲等,是\n"
  "H11010500002,北京朝阳医院,110105,三级甲等,是\n"
  "H42010300003,协和东院,湖北省武汉市江汉区,未定级,否\n";

typedef struct {
  guint position;
  guint removed;
  guint added;
} Change;

typedef struct {
  char *dir;
  YidiDirectory *directory;
  YidiInstitutionList *list;
  GArray *changes;
} Fixture;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  Change change = { position, removed, added };

  g_array_append_val (f->changes, change);
}

typedef gboolean (*Condition) (Fixture *f, gconstpointer data);

static void
wait_for (Fixture       *f,
          Condition      condition,
          gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!condition (f, data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting");
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
search_done (Fixture       *f,
             gconstpointer  data)
{
  return !yidi_institution_list_get_loading (f->list);
}

/* The first page is in and the results are counted. */
static gboolean
settled (Fixture       *f,
         gconstpointer  data)
{
  return !yidi_institution_list_get_loading (f->list) && !yidi_institution_list_get_counting (f->list);
}

static gboolean
n_changes_at_least (Fixture       *f,
                    gconstpointer  data)
{
  return f->changes->len >= GPOINTER_TO_UINT (data);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;

  f->dir = g_dir_make_tmp ("yidi-list-XXXXXX", &error);
  g_assert_no_error (error);
  user = g_build_filename (f->dir, "user.sqlite", NULL);
  f->directory = yidi_directory_open (NULL, user, &error);
  g_assert_no_error (error);

  f->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  f->list = yidi_institution_list_new (f->directory);
  g_signal_connect (f->list, "items-changed", G_CALLBACK (on_items_changed), f);
  g_assert_true (yidi_institution_list_get_loading (f->list));
  wait_for (f, settled, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  /* Let reads in flight finish: their tasks hold the list. */
  while (G_OBJECT (f->list)->ref_count > 1)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("tasks still hold the list");
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_signal_handlers_disconnect_by_data (f->list, f);
  g_assert_finalize_object (f->list);
  g_assert_finalize_object (f->directory);
  g_array_unref (f->changes);

  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static guint
directory_count (Fixture    *f,
                 const char *text)
{
  g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();
  guint n = 0;

  query->text = g_strdup (text);
  g_assert_true (yidi_directory_count (f->directory, query, &n, NULL, NULL));
  return n;
}

static void
assert_change (Fixture *f,
               guint    index,
               guint    position,
               guint    removed,
               guint    added)
{
  Change *change;

  g_assert_cmpuint (index, <, f->changes->len);
  change = &g_array_index (f->changes, Change, index);
  g_assert_cmpuint (change->position, ==, position);
  g_assert_cmpuint (change->removed, ==, removed);
  g_assert_cmpuint (change->added, ==, added);
}

/* Waits until the institution at @position is read and returns it. */
static YidiInstitution *
get_loaded (Fixture *f,
            guint    position)
{
  for (;;)
    {
      g_autoptr(YidiInstitution) item = g_list_model_get_item (G_LIST_MODEL (f->list), position);

      g_assert_nonnull (item);
      if (!yidi_institution_get_loading (item))
        return g_steal_pointer (&item);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* ---------------------------------------------------------------------- */

static void
test_everything_at_first (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(YidiInstitution) first = NULL;
  guint n = directory_count (f, NULL);

  g_assert_cmpuint (n, >, 4000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, n);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (f->list)) == YIDI_TYPE_INSTITUTION);
  /* One change for the first page, one for the rest once counted. */
  g_assert_cmpuint (f->changes->len, ==, 2);
  assert_change (f, 0, 0, 0, YIDI_INSTITUTION_LIST_PAGE_SIZE);
  assert_change (f, 1, YIDI_INSTITUTION_LIST_PAGE_SIZE, 0, n - YIDI_INSTITUTION_LIST_PAGE_SIZE);

  /* The first page comes with the count. */
  first = g_list_model_get_item (G_LIST_MODEL (f->list), 0);
  g_assert_false (yidi_institution_get_loading (first));
  g_assert_nonnull (yidi_institution_get_name (first));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->list), n));
  g_assert_null (yidi_institution_list_get_error (f->list));
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  guint before = g_list_model_get_n_items (G_LIST_MODEL (f->list));
  guint n = directory_count (f, "医");
  g_autoptr(YidiInstitution) first = NULL;

  g_array_set_size (f->changes, 0);
  yidi_institution_list_set_text (f->list, "医");
  g_assert_cmpstr (yidi_institution_list_get_text (f->list), ==, "医");
  g_assert_true (yidi_institution_list_get_loading (f->list));
  /* Until the search is in, the model shows what it showed. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, before);

  /* First the first page, still counting... */
  wait_for (f, search_done, NULL);
  g_assert_cmpuint (f->changes->len, >=, 1);
  assert_change (f, 0, 0, before, YIDI_INSTITUTION_LIST_PAGE_SIZE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), >=, YIDI_INSTITUTION_LIST_PAGE_SIZE);
  /* ...then the rest. */
  wait_for (f, settled, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, n);
  g_assert_cmpuint (f->changes->len, ==, 2);
  assert_change (f, 1, YIDI_INSTITUTION_LIST_PAGE_SIZE, 0, n - YIDI_INSTITUTION_LIST_PAGE_SIZE);

  first = g_list_model_get_item (G_LIST_MODEL (f->list), 0);
  g_assert_nonnull (g_strstr_len (yidi_institution_get_name (first), -1, "医"));

  /* The same text again is no new search. */
  yidi_institution_list_set_text (f->list, "医");
  g_assert_false (yidi_institution_list_get_loading (f->list));

  /* Fewer results than a page: one change, nothing to count. */
  g_array_set_size (f->changes, 0);
  yidi_institution_list_set_text (f->list, "协和");
  wait_for (f, search_done, NULL);
  g_assert_false (yidi_institution_list_get_counting (f->list));
  g_assert_cmpuint (f->changes->len, ==, 1);
  assert_change (f, 0, 0, n, directory_count (f, "协和"));
}

static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(YidiInstitution) placeholder = NULL;
  g_autoptr(YidiInstitution) again = NULL;
  g_autoptr(YidiInstitution) other = NULL;
  g_autoptr(YidiInstitution) loaded = NULL;
  g_autoptr(YidiInstitution) last = NULL;
  guint n;

  yidi_institution_list_set_text (f->list, "医");
  wait_for (f, settled, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (f->list));
  g_assert_cmpuint (n, >, 1100);
  g_array_set_size (f->changes, 0);

  /* A row of a page not read yet: a placeholder, and the page is read. */
  placeholder = g_list_model_get_item (G_LIST_MODEL (f->list), 1010);
  g_assert_true (yidi_institution_get_loading (placeholder));
  g_assert_null (yidi_institution_get_name (placeholder));
  g_assert_cmpint (yidi_institution_get_level (placeholder), ==, YIDI_LEVEL_UNKNOWN);
  /* Asking again, or for another row of that page, reads it only once. */
  again = g_list_model_get_item (G_LIST_MODEL (f->list), 1010);
  g_assert_true (again == placeholder);
  other = g_list_model_get_item (G_LIST_MODEL (f->list), 1049);
  g_assert_true (yidi_institution_get_loading (other));

  wait_for (f, n_changes_at_least, GUINT_TO_POINTER (1));
  /* One change for the page. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (f->changes->len, ==, 1);
  assert_change (f, 0, 1000, YIDI_INSTITUTION_LIST_PAGE_SIZE, YIDI_INSTITUTION_LIST_PAGE_SIZE);

  loaded = g_list_model_get_item (G_LIST_MODEL (f->list), 1010);
  g_assert_false (yidi_institution_get_loading (loaded));
  query->text = g_strdup ("医");
  expected = yidi_directory_search (f->directory, query, 1010, 1, NULL, NULL);
  g_assert_cmpint (yidi_institution_get_id (loaded), ==,
                   ((YidiInstitutionRecord *) g_ptr_array_index (expected, 0))->id);
  /* The placeholder a view may still hold stays a placeholder. */
  g_assert_true (yidi_institution_get_loading (placeholder));

  /* The last page is short. */
  last = get_loaded (f, n - 1);
  g_clear_pointer (&expected, g_ptr_array_unref);
  expected = yidi_directory_search (f->directory, query, n - 1, 5, NULL, NULL);
  g_assert_cmpuint (expected->len, ==, 1);
  g_assert_cmpint (yidi_institution_get_id (last), ==,
                   ((YidiInstitutionRecord *) g_ptr_array_index (expected, 0))->id);
}

static void
test_scroll_everything (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();
  g_autoptr(GPtrArray) all = NULL;
  guint n;

  /* Read through far more pages than are kept, then back to the top. */
  yidi_institution_list_set_text (f->list, "院");
  wait_for (f, settled, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (f->list));
  query->text = g_strdup ("院");
  all = yidi_directory_search (f->directory, query, 0, G_MAXUINT, NULL, NULL);
  g_assert_cmpuint (all->len, ==, n);

  for (guint i = 0; i < n; i += 7)
    {
      g_autoptr(YidiInstitution) item = get_loaded (f, i);

      g_assert_cmpint (yidi_institution_get_id (item), ==,
                       ((YidiInstitutionRecord *) g_ptr_array_index (all, i))->id);
    }
  {
    g_autoptr(YidiInstitution) item = get_loaded (f, 3);

    g_assert_cmpint (yidi_institution_get_id (item), ==,
                     ((YidiInstitutionRecord *) g_ptr_array_index (all, 3))->id);
  }
}

static void
test_newest_wins (Fixture       *f,
                  gconstpointer  data)
{
  guint before = g_list_model_get_n_items (G_LIST_MODEL (f->list));
  guint n = directory_count (f, "xh");
  g_autoptr(YidiInstitution) stale = NULL;

  /* A page of the old search is being read when the text changes. */
  stale = g_list_model_get_item (G_LIST_MODEL (f->list), 2000);
  g_assert_true (yidi_institution_get_loading (stale));

  g_array_set_size (f->changes, 0);
  yidi_institution_list_set_text (f->list, "协和");
  yidi_institution_list_set_text (f->list, "人民");
  yidi_institution_list_set_text (f->list, "xh");
  wait_for (f, settled, NULL);
  /* Let anything left over arrive. */
  for (int i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  /* Only the newest search reached the model: its first page, then its
   * count. */
  g_assert_cmpuint (n, >, YIDI_INSTITUTION_LIST_PAGE_SIZE);
  g_assert_cmpuint (f->changes->len, ==, 2);
  assert_change (f, 0, 0, before, YIDI_INSTITUTION_LIST_PAGE_SIZE);
  assert_change (f, 1, YIDI_INSTITUTION_LIST_PAGE_SIZE, 0, n - YIDI_INSTITUTION_LIST_PAGE_SIZE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, n);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();
  guint n;
  guint notified = 0;

  query->text = g_strdup ("医院");
  query->place = g_strdup ("440000");
  query->levels = 1u << YIDI_LEVEL_3;
  g_signal_connect (f->list, "notify::place", G_CALLBACK (on_notify), &notified);
  g_signal_connect (f->list, "notify::levels", G_CALLBACK (on_notify), &notified);
  g_signal_connect (f->list, "notify::types", G_CALLBACK (on_notify), &notified);
  g_array_set_size (f->changes, 0);
  yidi_institution_list_set_query (f->list, query);
  /* Place and levels changed, types did not. */
  g_assert_cmpuint (notified, ==, 2);
  wait_for (f, settled, NULL);
  g_signal_handlers_disconnect_by_func (f->list, on_notify, &notified);

  g_assert_cmpstr (yidi_institution_list_get_place (f->list), ==, "440000");
  g_assert_cmpuint (yidi_institution_list_get_levels (f->list), ==, 1u << YIDI_LEVEL_3);
  g_assert_cmpuint (f->changes->len, >=, 1);
  g_assert_cmpuint (f->changes->len, <=, 2);
  n = g_list_model_get_n_items (G_LIST_MODEL (f->list));
  g_assert_cmpuint (n, >, 10);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YidiInstitution) item = get_loaded (f, i);

      g_assert_cmpstr (yidi_institution_get_province_code (item), ==, "440000");
      g_assert_cmpint (yidi_institution_get_level (item), ==, YIDI_LEVEL_3);
    }

  /* Through properties, as a UI binds them. */
  g_object_set (f->list, "networked", YIDI_NETWORKED_INPATIENT, NULL);
  wait_for (f, settled, NULL);
  /* Nothing installed is known to be networked. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);
}

static void
test_error (Fixture       *f,
            gconstpointer  data)
{
  const GError *error;

  yidi_institution_list_set_place (f->list, "999999");
  wait_for (f, settled, NULL);
  error = yidi_institution_list_get_error (f->list);
  g_assert_error ((GError *) error, YIDI_DIRECTORY_ERROR, YIDI_DIRECTORY_ERROR_NOT_FOUND);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);

  yidi_institution_list_set_place (f->list, NULL);
  wait_for (f, settled, NULL);
  g_assert_null (yidi_institution_list_get_error (f->list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), >, 4000);
}

static void
count_notify (guint *n)
{
  (*n)++;
}

/* The row at a position is no longer a "loading" placeholder. */
static gboolean
row_read (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(YidiInstitution) item = g_list_model_get_item (G_LIST_MODEL (f->list), GPOINTER_TO_UINT (data));

  return !yidi_institution_get_loading (item);
}

/* A later page the directory fails to read: its rows say so, instead of
 * "loading" for ever, and the list's :error says why. */
static void
test_page_fails (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *copy = g_build_filename (f->dir, "installed.sqlite", NULL);
  g_autofree char *user = g_build_filename (f->dir, "user-2.sqlite", NULL);
  g_autoptr(YidiDirectory) directory = NULL;
  g_autoptr(YidiInstitutionList) list = NULL;
  g_autoptr(YidiInstitution) first = NULL;
  g_autoptr(YidiInstitution) later = NULL;
  g_autoptr(YidiInstitution) again = NULL;
  Fixture g = *f;
  guint n_notified = 0;
  gsize length;
  FILE *file;
  guint n;

  g_file_get_contents (g_getenv ("YIDI_DIRECTORY_DB"), &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (copy, contents, length, &error);
  g_assert_no_error (error);
  directory = yidi_directory_open (copy, user, &error);
  g_assert_no_error (error);
  list = yidi_institution_list_new (directory);
  g.list = list;
  wait_for (&g, settled, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, >, 6 * YIDI_INSTITUTION_LIST_PAGE_SIZE);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_false (yidi_institution_get_loading (first));

  /* The file is damaged under the open directory: its header, change
   * counter included (so that SQLite drops its cache), is gone. */
  memset (contents, 'x', 100);
  file = g_fopen (copy, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fwrite (contents, 1, 100, file), ==, 100);
  g_assert_cmpint (fclose (file), ==, 0);

  later = g_list_model_get_item (G_LIST_MODEL (list), 3 * YIDI_INSTITUTION_LIST_PAGE_SIZE + 1);
  g_assert_true (yidi_institution_get_loading (later));
  g_assert_false (yidi_institution_get_unreadable (later));
  wait_for (&g, row_read, GUINT_TO_POINTER (3 * YIDI_INSTITUTION_LIST_PAGE_SIZE + 1));

  /* The rows of that page say they could not be read, and why. */
  again = g_list_model_get_item (G_LIST_MODEL (list), 3 * YIDI_INSTITUTION_LIST_PAGE_SIZE + 1);
  g_assert_true (yidi_institution_get_unreadable (again));
  g_assert_false (yidi_institution_get_loading (again));
  g_assert_error ((GError *) yidi_institution_list_get_error (list), YIDI_DB_ERROR, YIDI_DB_ERROR_CORRUPT);
  /* What was read stays; the list keeps its length. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
  g_clear_object (&again);
  again = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (again == first);
  g_assert_false (yidi_institution_get_unreadable (again));

  /* Another page fails the same way: no new news. */
  g_signal_connect_swapped (list, "notify::error", G_CALLBACK (count_notify), &n_notified);
  g_clear_object (&later);
  later = g_list_model_get_item (G_LIST_MODEL (list), 5 * YIDI_INSTITUTION_LIST_PAGE_SIZE + 1);
  wait_for (&g, row_read, GUINT_TO_POINTER (5 * YIDI_INSTITUTION_LIST_PAGE_SIZE + 1));
  g_clear_object (&again);
  again = g_list_model_get_item (G_LIST_MODEL (list), 5 * YIDI_INSTITUTION_LIST_PAGE_SIZE + 1);
  g_assert_true (yidi_institution_get_unreadable (again));
  g_assert_cmpuint (n_notified, ==, 0);
}

static gboolean
is_favourite (Fixture       *f,
              gconstpointer  data)
{
  return yidi_institution_get_favourite ((YidiInstitution *) data);
}

static void
test_favourites (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(YidiInstitution) first = get_loaded (f, 0);
  g_autoptr(YidiInstitution) listed = NULL;
  g_autoptr(GPtrArray) favourites = NULL;

  g_assert_false (yidi_institution_get_favourite (first));
  yidi_institution_list_set_favourite (f->list, first, TRUE);
  wait_for (f, is_favourite, first);

  favourites = yidi_directory_list_favourites (f->directory, NULL);
  g_assert_cmpuint (favourites->len, ==, 1);
  g_assert_cmpstr (((YidiInstitutionRecord *) g_ptr_array_index (favourites, 0))->key, ==,
                   yidi_institution_get_key (first));

  yidi_institution_list_set_favourites_only (f->list, TRUE);
  wait_for (f, settled, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);
  listed = get_loaded (f, 0);
  g_assert_cmpstr (yidi_institution_get_key (listed), ==, yidi_institution_get_key (first));
  g_assert_true (yidi_institution_get_favourite (listed));
}

static void
on_imported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_assert_true (yidi_directory_import_finish (YIDI_DIRECTORY (object), result, NULL, NULL));
  *(gboolean *) user_data = TRUE;
}

static gboolean
has_n_items (Fixture       *f,
             gconstpointer  data)
{
  return settled (f, NULL) && g_list_model_get_n_items (G_LIST_MODEL (f->list)) == GPOINTER_TO_UINT (data);
}

static void
test_import_refreshes (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "official.csv", NULL);
  guint before = g_list_model_get_n_items (G_LIST_MODEL (f->list));
  gboolean done = FALSE;

  g_file_set_contents (path, official_csv, -1, NULL);
  yidi_directory_import_async (f->directory, path, "list", "2024-05-01", NULL, on_imported, &done);
  wait_for (f, has_n_items, GUINT_TO_POINTER (before + 3));
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  yidi_institution_list_set_networked (f->list, YIDI_NETWORKED_INPATIENT);
  wait_for (f, settled, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 2);
  {
    g_autoptr(YidiInstitution) item = get_loaded (f, 0);

    g_assert_cmpstr (yidi_institution_get_name (item), ==, "北京朝阳医院");
    g_assert_cmpint (yidi_institution_get_networked (item, YIDI_VISIT_INPATIENT), ==, YIDI_TRISTATE_YES);
    g_assert_cmpstr (yidi_institution_get_data_date (item), ==, "2024-05-01");
    g_assert_true (yidi_institution_get_imported (item));
  }
}

/* ---------------------------------------------------------------------- */

static void
test_institution_properties (void)
{
  YidiInstitutionRecord *record = g_new0 (YidiInstitutionRecord, 1);
  g_autoptr(YidiInstitution) institution = NULL;
  g_autoptr(YidiInstitution) placeholder = yidi_institution_new_placeholder ();
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;
  g_auto(GStrv) aliases = NULL;
  YidiTristate inpatient;
  gboolean loading;

  record->id = 7;
  record->key = g_strdup ("code:H1");
  record->code = g_strdup ("H1");
  record->name = g_strdup ("北京协和医院");
  record->aliases = g_strsplit ("协和医院", "|", -1);
  record->province_code = g_strdup ("110000");
  record->city_code = g_strdup ("110100");
  record->level = YIDI_LEVEL_3;
  record->grade = YIDI_GRADE_A;
  record->inpatient = YIDI_TRISTATE_YES;
  record->chronic = YIDI_TRISTATE_NO;
  institution = yidi_institution_new (record);

  g_object_get (institution, "name", &name, "aliases", &aliases, "level-label", &label,
                "inpatient", &inpatient, "loading", &loading, NULL);
  g_assert_cmpstr (name, ==, "北京协和医院");
  g_assert_cmpstr (aliases[0], ==, "协和医院");
  g_assert_cmpstr (label, ==, "Level 3 Grade A");
  g_assert_cmpint (inpatient, ==, YIDI_TRISTATE_YES);
  g_assert_false (loading);
  /* The most precise place known. */
  g_assert_cmpstr (yidi_institution_get_division_code (institution), ==, "110100");
  g_assert_cmpint (yidi_institution_get_networked (institution, YIDI_VISIT_OUTPATIENT), ==, YIDI_TRISTATE_UNKNOWN);
  g_assert_cmpint (yidi_institution_get_networked (institution, YIDI_VISIT_CHRONIC_OUTPATIENT), ==, YIDI_TRISTATE_NO);
  g_assert_true (yidi_institution_get_record (institution) == record);

  g_assert_true (yidi_institution_get_loading (placeholder));
  g_assert_null (yidi_institution_get_name (placeholder));
  g_assert_nonnull (yidi_institution_get_aliases (placeholder));
  g_assert_null (yidi_institution_get_aliases (placeholder)[0]);
  g_assert_null (yidi_institution_get_division_code (placeholder));
  g_clear_pointer (&label, g_free);
  label = yidi_institution_dup_level_label (placeholder);
  g_assert_cmpstr (label, ==, "Level not known");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/institution/properties", test_institution_properties);
  if (g_getenv ("YIDI_DIRECTORY_DB") != NULL)
    {
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
      ADD ("/institution-list/everything-at-first", test_everything_at_first);
      ADD ("/institution-list/search", test_search);
      ADD ("/institution-list/pages", test_pages);
      ADD ("/institution-list/scroll-everything", test_scroll_everything);
      ADD ("/institution-list/newest-wins", test_newest_wins);
      ADD ("/institution-list/filters", test_filters);
      ADD ("/institution-list/error", test_error);
      ADD ("/institution-list/page-fails", test_page_fails);
      ADD ("/institution-list/favourites", test_favourites);
      ADD ("/institution-list/import-refreshes", test_import_refreshes);
#undef ADD
    }

  return g_test_run ();
}

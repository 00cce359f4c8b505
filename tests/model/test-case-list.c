/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "yidi-case-list.h"
#include "yidi-casebook.h"
#include "yidi-division-places.h"

typedef struct {
  char         *dir;
  char         *path;
  YidiCase     *current;
  YidiCaseList *list;
  guint         items_changed;
  GAsyncResult *result;
} Fixture;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  f->items_changed++;
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Fixture *f = user_data;

  g_assert_null (f->result);
  f->result = g_object_ref (result);
}

/* Iterates the main loop until the operation's callback has run. */
static GAsyncResult *
wait_result (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (f->result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return f->result;
}

#define FINISH(f, call)                          \
  G_STMT_START {                                 \
    wait_result (f);                             \
    call;                                        \
    g_clear_object (&(f)->result);               \
  } G_STMT_END

static YidiFilingRules *
load_rules (void)
{
  g_autofree char *path = yidi_filing_rules_get_default_path ();
  g_autoptr(GError) error = NULL;
  YidiFilingRules *rules = yidi_filing_rules_new_from_file (path, &error);

  g_assert_no_error (error);
  return rules;
}

static YidiCaseList *
open_list (Fixture  *f,
           GError  **error)
{
  g_autoptr(YidiFilingRules) rules = load_rules ();
  YidiCaseList *list = yidi_case_list_new (f->current, rules);
  gboolean ok;
  GDate today;

  g_date_set_dmy (&today, 10, G_DATE_FEBRUARY, 2025);
  yidi_case_list_set_today (list, &today);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), f);
  yidi_case_list_open_async (list, f->path, NULL, store_result, f);
  FINISH (f, ok = yidi_case_list_open_finish (list, f->result, error));
  g_assert_true (ok == (error == NULL || *error == NULL));
  return list;
}

/* Drops the last reference and waits until the worker has let go too. */
static void
close_list (Fixture       *f,
            YidiCaseList **list)
{
  gpointer weak = *list;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_object_add_weak_pointer (weak, &weak);
  g_signal_handlers_disconnect_by_data (*list, f);
  g_clear_object (list);
  while (weak != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("yidi-case-list-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "user.sqlite", NULL);
  f->current = yidi_case_new ();
  f->list = open_list (f, &error);
  g_assert_no_error (error);
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
  if (f->list != NULL)
    close_list (f, &f->list);
  g_assert_finalize_object (f->current);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
save_current (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  yidi_case_list_save_async (f->list, NULL, store_result, f);
  FINISH (f, ok = yidi_case_list_save_finish (f->list, f->result, &error));
  g_assert_no_error (error);
  g_assert_true (ok);
}

static YidiCaseSummary *
item (Fixture *f,
      guint    position)
{
  YidiCaseSummary *summary = g_list_model_get_item (G_LIST_MODEL (f->list), position);

  g_assert_nonnull (summary);
  g_object_unref (summary);   /* the list keeps it alive */
  return summary;
}

/* ---- Tests ---------------------------------------------------------------- */

static void
test_save_and_list (Fixture       *f,
                    gconstpointer  data)
{
  guint before;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (f->list)) == YIDI_TYPE_CASE_SUMMARY);
  g_assert_null (yidi_case_list_get_moved_aside (f->list));

  yidi_case_set_label (f->current, "王阿姨");
  yidi_case_set_filing_category (f->current, YIDI_FILING_REFERRAL);
  yidi_case_set_filing_status (f->current, YIDI_FILING_STATUS_APPROVED);
  yidi_case_set_filing_date (f->current, "2024-08-31");
  before = f->items_changed;
  save_current (f);

  /* The case got its id; the list shows it, after one items-changed. */
  g_assert_cmpint (yidi_case_get_id (f->current), >, 0);
  g_assert_cmpuint (f->items_changed, ==, before + 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);
  g_assert_cmpint (yidi_case_summary_get_id (item (f, 0)), ==, yidi_case_get_id (f->current));
  g_assert_cmpstr (yidi_case_summary_get_label (item (f, 0)), ==, "王阿姨");
  g_assert_cmpstr (yidi_case_summary_get_expires (item (f, 0)), ==, "2025-02-28");
  g_assert_cmpint (yidi_case_summary_get_days_left (item (f, 0)), ==, 18);
  g_assert_cmpint (yidi_case_summary_get_warning (item (f, 0)), ==, YIDI_FILING_WARNING_30_DAYS);
  g_assert_nonnull (yidi_case_summary_get_modified (item (f, 0)));

  /* A second case, new, goes on top. */
  yidi_case_list_new_case (f->list);
  g_assert_cmpint (yidi_case_get_id (f->current), ==, 0);
  g_assert_null (yidi_case_get_label (f->current));
  yidi_case_set_label (f->current, "李叔叔");
  save_current (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 2);
  g_assert_cmpstr (yidi_case_summary_get_label (item (f, 0)), ==, "李叔叔");
  g_assert_cmpint (yidi_case_summary_get_warning (item (f, 0)), ==, YIDI_FILING_WARNING_NONE);
  g_assert_null (yidi_case_summary_get_expires (item (f, 0)));

  /* Only the expiring filing warns. */
  {
    g_autoptr(GPtrArray) warned = yidi_case_list_dup_warned (f->list);
    g_assert_cmpuint (warned->len, ==, 1);
    g_assert_cmpstr (yidi_case_summary_get_label (g_ptr_array_index (warned, 0)), ==, "王阿姨");
  }
}

typedef struct {
  GHashTable *counts;
} NotifyLog;

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           NotifyLog  *log)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (log->counts, pspec->name));
  g_hash_table_insert (log->counts, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
}

static void
test_switch_updates_current (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  NotifyLog log = { g_hash_table_new (g_str_hash, g_str_equal) };
  gint64 first;
  gboolean ok;

  yidi_case_set_label (f->current, "First");
  yidi_case_set_insured_place (f->current, "110105");
  yidi_case_set_filing_answer (f->current, "emergency", "no");
  yidi_case_set_checked (f->current, "filing/id_card", TRUE);
  save_current (f);
  first = yidi_case_get_id (f->current);

  yidi_case_list_new_case (f->list);
  yidi_case_set_label (f->current, "Second");
  yidi_case_set_insured_place (f->current, "110105");
  save_current (f);

  /* Switching back: each changed property notified once; the same place is not. */
  g_signal_connect (f->current, "notify", G_CALLBACK (on_notify), &log);
  yidi_case_list_switch_async (f->list, first, NULL, store_result, f);
  FINISH (f, ok = yidi_case_list_switch_finish (f->list, f->result, &error));
  g_assert_no_error (error);
  g_assert_true (ok);
  g_signal_handlers_disconnect_by_data (f->current, &log);

  g_assert_cmpstr (yidi_case_get_label (f->current), ==, "First");
  g_assert_cmpint (yidi_case_get_id (f->current), ==, first);
  g_assert_cmpstr (yidi_case_get_filing_answer (f->current, "emergency"), ==, "no");
  g_assert_true (yidi_case_get_checked (f->current, "filing/id_card"));
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (log.counts, "label")), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (log.counts, "id")), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (log.counts, "filing-answers")), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (log.counts, "checked")), ==, 1);
  g_assert_false (g_hash_table_contains (log.counts, "insured-place"));
  g_hash_table_unref (log.counts);

  /* The last case opened comes back on the next start. */
  close_list (f, &f->list);
  g_clear_object (&f->current);
  f->current = yidi_case_new ();
  f->list = open_list (f, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yidi_case_get_id (f->current), ==, first);
  g_assert_cmpstr (yidi_case_get_label (f->current), ==, "First");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 2);

  /* A case that is gone cannot be switched to; current stays. */
  yidi_case_list_switch_async (f->list, first + 100, NULL, store_result, f);
  FINISH (f, ok = yidi_case_list_switch_finish (f->list, f->result, &error));
  g_assert_false (ok);
  g_assert_error (error, YIDI_CASE_ERROR, YIDI_CASE_ERROR_NOT_FOUND);
  g_assert_cmpstr (yidi_case_get_label (f->current), ==, "First");
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  const char *labels[] = { "张桂兰", "李建国", "Wang Wu" };
  guint before;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      yidi_case_list_new_case (f->list);
      yidi_case_set_label (f->current, labels[i]);
      save_current (f);
    }

  before = f->items_changed;
  yidi_case_list_set_search (f->list, "建国");
  g_assert_cmpstr (yidi_case_list_get_search (f->list), ==, "建国");
  while (f->items_changed == before)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);
  g_assert_cmpstr (yidi_case_summary_get_label (item (f, 0)), ==, "李建国");

  /* A save while searching keeps the filter. */
  save_current (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);

  before = f->items_changed;
  yidi_case_list_set_search (f->list, NULL);
  while (f->items_changed == before)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 3);
}


static void
wait_for_list (Fixture *f,
               guint    before)
{
  while (f->items_changed == before)
    g_main_context_iteration (NULL, TRUE);
}

/* The casebook holds division codes; a social worker searches by the
 * place's name: "广州" finds the case going to Tianhe district, Guangzhou. */
static void
test_search_by_place_name (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = g_build_filename (g_getenv ("YIDI_TEST_DATA_DIR"), "divisions.csv", NULL);
  g_autoptr(YidiDivisions) divisions = yidi_divisions_new_from_csv (csv, &error);
  g_autoptr(YidiPlaces) places = NULL;
  static const struct {
    const char *label;
    const char *insured;
    const char *destination;
  } cases[] = {
    { "Case A", "110105", "440106" },   /* Beijing Chaoyang → Guangzhou Tianhe */
    { "Case B", "420100", "310000" },   /* Wuhan → Shanghai */
    { "Case C", "440100", "510100" },   /* Guangzhou → Chengdu */
  };
  guint before;

  g_assert_no_error (error);
  places = yidi_division_places_new (divisions);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      yidi_case_list_new_case (f->list);
      yidi_case_set_label (f->current, cases[i].label);
      yidi_case_set_insured_place (f->current, cases[i].insured);
      yidi_case_set_destination (f->current, cases[i].destination);
      save_current (f);
    }

  /* Without places, a name is only looked for in labels and notes. */
  before = f->items_changed;
  yidi_case_list_set_search (f->list, "广州");
  wait_for_list (f, before);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);

  /* With them, the same search refreshes and finds both Guangzhou cases:
   * one going to a district of the city, one insured in the city. */
  before = f->items_changed;
  yidi_case_list_set_places (f->list, places);
  wait_for_list (f, before);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 2);
  g_assert_cmpstr (yidi_case_summary_get_label (item (f, 0)), ==, "Case C");
  g_assert_cmpstr (yidi_case_summary_get_label (item (f, 1)), ==, "Case A");

  before = f->items_changed;
  yidi_case_list_set_search (f->list, "上海");
  wait_for_list (f, before);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);
  g_assert_cmpstr (yidi_case_summary_get_label (item (f, 0)), ==, "Case B");

  /* A place named nowhere finds nothing, and % is no wildcard. */
  before = f->items_changed;
  yidi_case_list_set_search (f->list, "%");
  wait_for_list (f, before);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);
}

static void
test_rename_duplicate_delete (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id, copy;
  gboolean ok;

  yidi_case_set_label (f->current, "Old name");
  save_current (f);
  id = yidi_case_get_id (f->current);

  yidi_case_list_rename_async (f->list, id, "New name", NULL, store_result, f);
  FINISH (f, ok = yidi_case_list_rename_finish (f->list, f->result, &error));
  g_assert_true (ok);
  g_assert_cmpstr (yidi_case_get_label (f->current), ==, "New name");
  g_assert_cmpstr (yidi_case_summary_get_label (item (f, 0)), ==, "New name");

  yidi_case_list_duplicate_async (f->list, id, NULL, store_result, f);
  FINISH (f, copy = yidi_case_list_duplicate_finish (f->list, f->result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (copy, >, id);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 2);
  g_assert_cmpstr (yidi_case_summary_get_label (item (f, 0)), ==, "New name (copy)");
  /* The current case is still the original. */
  g_assert_cmpint (yidi_case_get_id (f->current), ==, id);

  /* Deleting the current case leaves an empty, unsaved one. */
  yidi_case_list_delete_async (f->list, id, NULL, store_result, f);
  FINISH (f, ok = yidi_case_list_delete_finish (f->list, f->result, &error));
  g_assert_true (ok);
  g_assert_cmpint (yidi_case_get_id (f->current), ==, 0);
  g_assert_null (yidi_case_get_label (f->current));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);
  g_assert_cmpint (yidi_case_summary_get_id (item (f, 0)), ==, copy);

  yidi_case_list_delete_async (f->list, id, NULL, store_result, f);
  FINISH (f, ok = yidi_case_list_delete_finish (f->list, f->result, &error));
  g_assert_false (ok);
  g_assert_error (error, YIDI_CASE_ERROR, YIDI_CASE_ERROR_NOT_FOUND);
}

static void
test_export_import (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GBytes) bad = g_bytes_new_static ("{\"format\": \"yidi-case\", \"version\": 5}", 37);
  g_autoptr(YidiCaseRecord) original = NULL;
  gint64 id, imported;

  yidi_case_set_label (f->current, "Moving house");
  yidi_case_set_destination (f->current, "440305");
  yidi_case_set_checked (f->current, "filing/residence_proof", TRUE);
  save_current (f);
  id = yidi_case_get_id (f->current);
  original = yidi_case_to_record (f->current);

  yidi_case_list_export_async (f->list, id, NULL, store_result, f);
  FINISH (f, file = yidi_case_list_export_finish (f->list, f->result, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (g_bytes_get_data (file, NULL), "Moving house"));

  yidi_case_list_import_async (f->list, file, "moving.json", NULL, store_result, f);
  FINISH (f, imported = yidi_case_list_import_finish (f->list, f->result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (imported, >, id);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 2);

  /* Switching to the imported case gives the same person. */
  yidi_case_list_switch_async (f->list, imported, NULL, store_result, f);
  FINISH (f, yidi_case_list_switch_finish (f->list, f->result, &error));
  {
    g_autoptr(YidiCaseRecord) copy = yidi_case_to_record (f->current);
    g_assert_true (yidi_case_record_equal_content (original, copy));
  }

  /* A file from a newer Yidi: a clear error, nothing added. */
  yidi_case_list_import_async (f->list, bad, "new.json", NULL, store_result, f);
  FINISH (f, imported = yidi_case_list_import_finish (f->list, f->result, &error));
  g_assert_cmpint (imported, ==, 0);
  g_assert_error (error, YIDI_CASE_ERROR, YIDI_CASE_ERROR_TOO_NEW);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 2);
}

static void
test_damaged_casebook (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  close_list (f, &f->list);
  g_assert_true (g_file_set_contents (f->path, "garbage, not SQLite, garbage, garbage, garbage", -1, &error));

  /* The app still starts: an empty list, the bad file kept aside. */
  f->list = open_list (f, &error);
  g_assert_no_error (error);
  g_assert_nonnull (yidi_case_list_get_moved_aside (f->list));
  g_assert_true (g_file_test (yidi_case_list_get_moved_aside (f->list), G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);
  message = yidi_case_list_dup_recovery_message (f->list);
  g_assert_nonnull (strstr (message, yidi_case_list_get_moved_aside (f->list)));

  yidi_case_set_label (f->current, "Fresh start");
  save_current (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);
}

static void
test_unopenable_casebook (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yidi-case-list-XXXXXX", &error);
  g_autofree char *blocker = g_build_filename (dir, "file", NULL);
  g_autofree char *path = g_build_filename (blocker, "user.sqlite", NULL);
  Fixture f = { 0 };
  gboolean ok;

  g_assert_true (g_file_set_contents (blocker, "x", 1, &error));
  f.path = path;
  f.current = yidi_case_new ();
  f.list = yidi_case_list_new (f.current, NULL);

  yidi_case_list_open_async (f.list, path, NULL, store_result, &f);
  FINISH (&f, ok = yidi_case_list_open_finish (f.list, f.result, &error));
  g_assert_false (ok);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Later operations say the cases are not open, and nothing crashes. */
  yidi_case_list_save_async (f.list, NULL, store_result, &f);
  FINISH (&f, ok = yidi_case_list_save_finish (f.list, f.result, &error));
  g_assert_false (ok);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);

  close_list (&f, &f.list);
  g_assert_finalize_object (f.current);
  g_unlink (blocker);
  g_rmdir (dir);
}

/* ---- Autosave ------------------------------------------------------------- */

static gboolean
wait_saved (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (yidi_case_list_get_unsaved (f->list))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return TRUE;
}

static void
flush (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  yidi_case_list_flush_async (f->list, NULL, store_result, f);
  FINISH (f, ok = yidi_case_list_flush_finish (f->list, f->result, &error));
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_false (yidi_case_list_get_unsaved (f->list));
}

static void
test_autosave_new_case (Fixture       *f,
                        gconstpointer  data)
{
  guint before;

  yidi_case_list_set_autosave_delay (f->list, 20);
  g_assert_cmpuint (yidi_case_list_get_autosave_delay (f->list), ==, 20);

  /* A change undone before the delay leaves an empty case: not written. */
  yidi_case_set_notes (f->current, "x");
  g_assert_true (yidi_case_list_get_unsaved (f->list));
  yidi_case_set_notes (f->current, NULL);
  wait_saved (f);
  flush (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);
  g_assert_cmpint (yidi_case_get_id (f->current), ==, 0);

  /* An answer makes it a case worth keeping; quick changes are one save. */
  before = f->items_changed;
  yidi_case_set_filing_answer (f->current, "emergency", "no");
  yidi_case_set_filing_answer (f->current, "retired", "yes");
  yidi_case_set_label (f->current, "张");
  yidi_case_set_label (f->current, "张桂兰");
  wait_saved (f);
  g_assert_cmpuint (f->items_changed, ==, before + 1);
  g_assert_cmpint (yidi_case_get_id (f->current), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);
  g_assert_cmpstr (yidi_case_summary_get_label (item (f, 0)), ==, "张桂兰");

  /* Setting the id after the save is not a change to save again. */
  flush (f);
  g_assert_cmpuint (f->items_changed, ==, before + 1);

  /* A later tick is saved into the same case. */
  yidi_case_set_checked (f->current, "filing/id_card", TRUE);
  wait_saved (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);
  {
    g_autoptr(YidiCasebook) book = NULL;
    g_autoptr(YidiCaseRecord) saved = NULL;
    g_autoptr(GError) error = NULL;

    flush (f);
    book = yidi_casebook_open (f->path, NULL, &error);
    g_assert_no_error (error);
    saved = yidi_casebook_load (book, yidi_case_get_id (f->current), &error);
    g_assert_no_error (error);
    g_assert_true (yidi_case_record_get_checked (saved, "filing/id_card"));
    g_assert_cmpstr (g_hash_table_lookup (saved->answers, "retired"), ==, "yes");
  }
}

static void
test_autosave_switch (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *modified = NULL;
  gint64 first, second;
  guint before;
  gboolean ok;

  yidi_case_set_label (f->current, "First");
  save_current (f);
  first = yidi_case_get_id (f->current);
  yidi_case_list_new_case (f->list);
  yidi_case_set_label (f->current, "Second");
  save_current (f);
  second = yidi_case_get_id (f->current);

  /* Opening a case is not a change: it is not written again. */
  yidi_case_list_set_autosave_delay (f->list, 10);
  g_assert_cmpint (yidi_case_summary_get_id (item (f, 1)), ==, first);
  modified = g_strdup (yidi_case_summary_get_modified (item (f, 1)));
  yidi_case_list_switch_async (f->list, first, NULL, store_result, f);
  FINISH (f, ok = yidi_case_list_switch_finish (f->list, f->result, &error));
  g_assert_true (ok);
  g_assert_false (yidi_case_list_get_unsaved (f->list));
  before = f->items_changed;
  flush (f);
  g_assert_cmpuint (f->items_changed, ==, before);
  g_assert_cmpint (yidi_case_summary_get_id (item (f, 1)), ==, first);
  g_assert_cmpstr (yidi_case_summary_get_modified (item (f, 1)), ==, modified);

  /* A change still waiting when the person switches is saved first, to
   * the case it was made in. */
  yidi_case_list_set_autosave_delay (f->list, 60 * 1000);
  yidi_case_set_notes (f->current, "Needs a wheelchair");
  g_assert_true (yidi_case_list_get_unsaved (f->list));
  yidi_case_list_switch_async (f->list, second, NULL, store_result, f);
  FINISH (f, ok = yidi_case_list_switch_finish (f->list, f->result, &error));
  g_assert_true (ok);
  g_assert_cmpstr (yidi_case_get_label (f->current), ==, "Second");
  g_assert_null (yidi_case_get_notes (f->current));
  yidi_case_list_switch_async (f->list, first, NULL, store_result, f);
  FINISH (f, ok = yidi_case_list_switch_finish (f->list, f->result, &error));
  g_assert_true (ok);
  g_assert_cmpstr (yidi_case_get_notes (f->current), ==, "Needs a wheelchair");

  /* Deleting the case drops its waiting change instead of writing it back. */
  yidi_case_set_notes (f->current, "Gone");
  yidi_case_list_delete_async (f->list, first, NULL, store_result, f);
  FINISH (f, ok = yidi_case_list_delete_finish (f->list, f->result, &error));
  g_assert_no_error (error);
  g_assert_false (yidi_case_list_get_unsaved (f->list));
  flush (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);
}

static void
test_new_case_saved_once (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 first_id;
  gboolean ok;

  /* Two saves of a new case in a row, the second asked before the first
   * came back: one case, not two. */
  yidi_case_set_label (f->current, "Once");
  yidi_case_list_save_async (f->list, NULL, NULL, NULL);
  yidi_case_set_notes (f->current, "and again");
  save_current (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);
  g_assert_cmpstr (yidi_case_summary_get_label (item (f, 0)), ==, "Once");
  first_id = yidi_case_get_id (f->current);

  /* Another new case started while the first one's save is on its way
   * does not take the first one's id. */
  yidi_case_list_new_case (f->list);
  yidi_case_set_label (f->current, "Alpha");
  yidi_case_list_save_async (f->list, NULL, NULL, NULL);
  yidi_case_list_new_case (f->list);
  yidi_case_set_label (f->current, "Beta");
  save_current (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 3);
  g_assert_cmpstr (yidi_case_summary_get_label (item (f, 0)), ==, "Beta");
  g_assert_cmpstr (yidi_case_summary_get_label (item (f, 1)), ==, "Alpha");
  g_assert_cmpint (yidi_case_get_id (f->current), ==, yidi_case_summary_get_id (item (f, 0)));
  g_assert_cmpint (yidi_case_get_id (f->current), !=, first_id);

  yidi_case_list_switch_async (f->list, first_id, NULL, store_result, f);
  FINISH (f, ok = yidi_case_list_switch_finish (f->list, f->result, &error));
  g_assert_true (ok);
  g_assert_cmpstr (yidi_case_get_notes (f->current), ==, "and again");
}

static void
test_reminders_once_per_level (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reminders = NULL;
  GDate today;

  yidi_case_set_label (f->current, "王阿姨");
  yidi_case_set_filing_category (f->current, YIDI_FILING_REFERRAL);
  yidi_case_set_filing_status (f->current, YIDI_FILING_STATUS_APPROVED);
  yidi_case_set_filing_date (f->current, "2024-08-31");
  save_current (f);
  yidi_case_list_new_case (f->list);
  yidi_case_set_label (f->current, "No expiry");
  yidi_case_set_filing_category (f->current, YIDI_FILING_RESETTLED_RETIREE);
  yidi_case_set_filing_date (f->current, "2024-08-31");
  save_current (f);

  /* 18 days left on 10 February 2025: the 30-day warning, once. */
  yidi_case_list_take_reminders_async (f->list, NULL, store_result, f);
  FINISH (f, reminders = yidi_case_list_take_reminders_finish (f->list, f->result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (reminders->len, ==, 1);
  g_assert_cmpstr (((YidiFilingReminder *) reminders->pdata[0])->label, ==, "王阿姨");
  g_assert_cmpint (((YidiFilingReminder *) reminders->pdata[0])->warning, ==, YIDI_FILING_WARNING_30_DAYS);
  g_clear_pointer (&reminders, g_ptr_array_unref);

  yidi_case_list_take_reminders_async (f->list, NULL, store_result, f);
  FINISH (f, reminders = yidi_case_list_take_reminders_finish (f->list, f->result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (reminders->len, ==, 0);
  g_clear_pointer (&reminders, g_ptr_array_unref);

  /* A week before: the next level, once more. */
  g_date_set_dmy (&today, 22, G_DATE_FEBRUARY, 2025);
  yidi_case_list_set_today (f->list, &today);
  yidi_case_list_take_reminders_async (f->list, NULL, store_result, f);
  FINISH (f, reminders = yidi_case_list_take_reminders_finish (f->list, f->result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (reminders->len, ==, 1);
  g_assert_cmpint (((YidiFilingReminder *) reminders->pdata[0])->warning, ==, YIDI_FILING_WARNING_7_DAYS);
  g_assert_cmpint (((YidiFilingReminder *) reminders->pdata[0])->days_left, ==, 6);
  {
    GDate got;
    yidi_case_list_get_today (f->list, &got);
    g_assert_cmpint (g_date_compare (&got, &today), ==, 0);
  }
}

typedef struct {
  GError *error;
} FailLog;

static void
on_save_failed (YidiCaseList *list,
                const GError *error,
                FailLog      *log)
{
  g_clear_error (&log->error);
  log->error = g_error_copy (error);
}

static void
test_autosave_failure_is_reported (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yidi-case-list-XXXXXX", &error);
  g_autofree char *blocker = g_build_filename (dir, "file", NULL);
  g_autofree char *path = g_build_filename (blocker, "user.sqlite", NULL);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  FailLog log = { NULL };
  Fixture f = { 0 };

  g_assert_true (g_file_set_contents (blocker, "x", 1, &error));
  f.path = path;
  f.current = yidi_case_new ();
  f.list = yidi_case_list_new (f.current, NULL);
  yidi_case_list_set_autosave_delay (f.list, 5);
  g_signal_connect (f.list, "save-failed", G_CALLBACK (on_save_failed), &log);
  yidi_case_list_open_async (f.list, path, NULL, store_result, &f);
  FINISH (&f, yidi_case_list_open_finish (f.list, f.result, NULL));

  yidi_case_set_label (f.current, "Nowhere to go");
  while (log.error == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_error (log.error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_assert_false (yidi_case_list_get_unsaved (f.list));
  g_clear_error (&log.error);

  /* The change is still there, and the next change tries again. */
  g_assert_cmpstr (yidi_case_get_label (f.current), ==, "Nowhere to go");
  yidi_case_set_notes (f.current, "again");
  while (log.error == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_clear_error (&log.error);

  close_list (&f, &f.list);
  g_assert_finalize_object (f.current);
  g_unlink (blocker);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/case-list/save-and-list", test_save_and_list);
  ADD ("/case-list/switch", test_switch_updates_current);
  ADD ("/case-list/search", test_search);
  ADD ("/case-list/search-by-place-name", test_search_by_place_name);
  ADD ("/case-list/rename-duplicate-delete", test_rename_duplicate_delete);
  ADD ("/case-list/export-import", test_export_import);
  ADD ("/case-list/damaged", test_damaged_casebook);
  ADD ("/case-list/autosave/new-case", test_autosave_new_case);
  ADD ("/case-list/autosave/switch", test_autosave_switch);
  ADD ("/case-list/autosave/new-case-saved-once", test_new_case_saved_once);
  ADD ("/case-list/reminders", test_reminders_once_per_level);
  g_test_add_func ("/case-list/unopenable", test_unopenable_casebook);
  g_test_add_func ("/case-list/autosave/failure", test_autosave_failure_is_reported);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "yidi-casebook.h"
#include "yidi-db.h"

typedef struct {
  char         *dir;
  char         *path;
  YidiCasebook *book;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = NULL;

  f->dir = g_dir_make_tmp ("yidi-casebook-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "yidi", "user.sqlite", NULL);
  f->book = yidi_casebook_open (f->path, &moved, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->book);
  g_assert_null (moved);
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
  g_clear_pointer (&f->book, yidi_casebook_close);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static YidiCaseRecord *
full_record (const char *label)
{
  YidiCaseRecord *record = yidi_case_record_new ();

  record->label = g_strdup (label);
  record->insured_place = g_strdup ("110105");
  record->scheme = YIDI_SCHEME_RESIDENT;
  record->member_status = YIDI_MEMBER_RETIRED;
  record->birth_year = 1951;
  record->destination = g_strdup ("440305");
  record->filing_category = YIDI_FILING_RESETTLED_RETIREE;
  record->filing_date = g_strdup ("2024-08-31");
  record->filing_status = YIDI_FILING_STATUS_APPROVED;
  record->admission_date = g_strdup ("2025-01-02");
  record->discharge_date = g_strdup ("2025-01-12");
  record->notes = g_strdup ("Daughter: 138-0000-0000. 需要轮椅。");
  yidi_case_record_set_answer (record, "emergency", "no");
  yidi_case_record_set_answer (record, "retired", "yes");
  yidi_case_record_set_checked (record, "filing/id_card", TRUE);
  yidi_case_record_set_checked (record, "claim/invoices", TRUE);
  return record;
}

static gint64
save_new (Fixture    *f,
          const char *label)
{
  g_autoptr(YidiCaseRecord) record = full_record (label);
  g_autoptr(GError) error = NULL;

  g_assert_true (yidi_casebook_save (f->book, record, &error));
  g_assert_no_error (error);
  g_assert_cmpint (record->id, >, 0);
  return record->id;
}

/* ---- Round trip ---------------------------------------------------------- */

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(YidiCaseRecord) record = full_record ("王秀英");
  g_autoptr(YidiCaseRecord) loaded = NULL;
  g_autoptr(YidiCaseRecord) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *created = NULL;
  GStatBuf st;

  g_assert_cmpuint (yidi_casebook_count (f->book), ==, 0);
  g_assert_true (yidi_casebook_save (f->book, record, &error));
  g_assert_no_error (error);
  g_assert_cmpint (record->id, >, 0);
  g_assert_nonnull (record->created);
  g_assert_cmpstr (record->created, ==, record->modified);
  created = g_strdup (record->created);

  loaded = yidi_casebook_load (f->book, record->id, &error);
  g_assert_no_error (error);
  g_assert_true (yidi_case_record_equal_content (record, loaded));
  g_assert_cmpint (loaded->id, ==, record->id);
  g_assert_cmpstr (loaded->created, ==, created);

  /* Saving again replaces, including answers and ticks taken away. */
  g_free (record->notes);
  record->notes = NULL;
  record->birth_year = 0;
  g_clear_pointer (&record->discharge_date, g_free);
  yidi_case_record_set_answer (record, "retired", NULL);
  yidi_case_record_set_answer (record, "resettled", "yes");
  yidi_case_record_set_checked (record, "claim/invoices", FALSE);
  g_assert_true (yidi_casebook_save (f->book, record, &error));
  g_assert_cmpstr (record->created, ==, created);
  g_assert_cmpstr (record->modified, >, created);

  again = yidi_casebook_load (f->book, record->id, &error);
  g_assert_no_error (error);
  g_assert_true (yidi_case_record_equal_content (record, again));
  g_assert_false (yidi_case_record_equal_content (loaded, again));
  g_assert_null (again->notes);
  g_assert_cmpint (again->birth_year, ==, 0);
  g_assert_cmpuint (g_hash_table_size (again->answers), ==, 2);
  g_assert_cmpuint (g_hash_table_size (again->checked), ==, 1);
  g_assert_cmpuint (yidi_casebook_count (f->book), ==, 1);

  /* The file is private. */
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_invalid_case_not_saved (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(YidiCaseRecord) record = full_record ("Bad date");
  g_autoptr(GError) error = NULL;

  g_free (record->filing_date);
  record->filing_date = g_strdup ("2025-02-29");
  g_assert_false (yidi_casebook_save (f->book, record, &error));
  g_assert_error (error, YIDI_CASE_ERROR, YIDI_CASE_ERROR_INVALID);
  g_assert_cmpint (record->id, ==, 0);
  g_assert_cmpuint (yidi_casebook_count (f->book), ==, 0);
  g_clear_error (&error);

  g_free (record->filing_date);
  record->filing_date = NULL;
  g_free (record->insured_place);
  record->insured_place = g_strdup ("Beijing");
  g_assert_false (yidi_casebook_save (f->book, record, &error));
  g_assert_error (error, YIDI_CASE_ERROR, YIDI_CASE_ERROR_INVALID);
  g_assert_cmpuint (yidi_casebook_count (f->book), ==, 0);
}

/* ---- Listing and search -------------------------------------------------- */

static gint64
save_with (Fixture    *f,
           const char *label,
           const char *insured,
           const char *destination,
           const char *notes)
{
  g_autoptr(YidiCaseRecord) record = yidi_case_record_new ();
  g_autoptr(GError) error = NULL;

  record->label = g_strdup (label);
  record->insured_place = g_strdup (insured);
  record->destination = g_strdup (destination);
  record->notes = g_strdup (notes);
  g_assert_true (yidi_casebook_save (f->book, record, &error));
  g_assert_no_error (error);
  return record->id;
}

static char *
labels_of (GPtrArray *records)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < records->len; i++)
    {
      YidiCaseRecord *record = g_ptr_array_index (records, i);

      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append (text, record->label);
    }
  return g_string_free (text, FALSE);
}

static void
check_search (Fixture            *f,
              const char         *query,
              const char * const *codes,
              const char         *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = yidi_casebook_list (f->book, query, codes, &error);
  g_autofree char *labels = NULL;

  g_assert_no_error (error);
  labels = labels_of (records);
  g_test_message ("query “%s” → %s", query, labels);
  g_assert_cmpstr (labels, ==, expected);
}

static void
test_list_and_search (Fixture       *f,
                      gconstpointer  data)
{
  const char *beijing[] = { "110000", NULL };
  const char *shenzhen_nanshan[] = { "440305", NULL };
  const char *chaoyang_and_hubei[] = { "110105", "420000", NULL };

  save_with (f, "张桂兰", "110105", "440305", "needs a wheelchair");
  save_with (f, "李建国", "440300", "110108", NULL);
  save_with (f, "Wang Wu", "420100", NULL, "100% sure about the referral");
  save_with (f, "Zhao_Liu", NULL, NULL, NULL);

  /* Most recently changed first. */
  check_search (f, NULL, NULL, "Zhao_Liu,Wang Wu,李建国,张桂兰");
  check_search (f, "  ", NULL, "Zhao_Liu,Wang Wu,李建国,张桂兰");
  check_search (f, "桂", NULL, "张桂兰");
  check_search (f, "WHEEL", NULL, "张桂兰");
  check_search (f, "wang", NULL, "Wang Wu");
  /* LIKE wildcards in the query are plain characters. */
  check_search (f, "%", NULL, "Wang Wu");
  check_search (f, "_", NULL, "Zhao_Liu");
  check_search (f, "no such person", NULL, "");
  /* Division codes as text… */
  check_search (f, "1101", NULL, "李建国,张桂兰");
  /* …and place names the caller turned into codes: a province finds its
   * districts, a district finds only itself. */
  check_search (f, "北京", beijing, "李建国,张桂兰");
  check_search (f, "南山", shenzhen_nanshan, "张桂兰");
  check_search (f, "x", chaoyang_and_hubei, "Wang Wu,张桂兰");

  /* Saving moves a case to the top. */
  {
    g_autoptr(GPtrArray) all = yidi_casebook_list (f->book, "张桂兰", NULL, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_true (yidi_casebook_save (f->book, g_ptr_array_index (all, 0), &error));
    g_assert_no_error (error);
    check_search (f, NULL, NULL, "张桂兰,Zhao_Liu,Wang Wu,李建国");
  }
}

/* ---- Rename, duplicate, delete ------------------------------------------- */

static void
test_rename_duplicate_delete (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiCaseRecord) original = NULL;
  g_autoptr(YidiCaseRecord) copy = NULL;
  gint64 id = save_new (f, "Mrs Li");
  gint64 copy_id, named_id;

  g_assert_true (yidi_casebook_rename (f->book, id, "Li Xiuying", &error));
  g_assert_no_error (error);
  original = yidi_casebook_load (f->book, id, &error);
  g_assert_cmpstr (original->label, ==, "Li Xiuying");

  copy_id = yidi_casebook_duplicate (f->book, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (copy_id, >, id);
  copy = yidi_casebook_load (f->book, copy_id, &error);
  g_assert_cmpstr (copy->label, ==, "Li Xiuying (copy)");
  g_free (copy->label);
  copy->label = g_strdup (original->label);
  g_assert_true (yidi_case_record_equal_content (original, copy));

  named_id = yidi_casebook_duplicate (f->book, id, "Mr Li", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yidi_casebook_count (f->book), ==, 3);

  /* Deleting one case leaves the others, with their answers and ticks. */
  g_assert_true (yidi_casebook_delete (f->book, id, &error));
  g_assert_no_error (error);
  g_assert_null (yidi_casebook_load (f->book, id, &error));
  g_assert_error (error, YIDI_CASE_ERROR, YIDI_CASE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&copy, yidi_case_record_free);
  copy = yidi_casebook_load (f->book, named_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (copy->answers), ==, 2);
  g_assert_cmpuint (g_hash_table_size (copy->checked), ==, 2);

  /* A deleted case cannot be changed; its id is not reused. */
  g_assert_false (yidi_casebook_delete (f->book, id, &error));
  g_assert_error (error, YIDI_CASE_ERROR, YIDI_CASE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (yidi_casebook_rename (f->book, id, "x", &error));
  g_assert_error (error, YIDI_CASE_ERROR, YIDI_CASE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (yidi_casebook_duplicate (f->book, id, NULL, &error), ==, 0);
  g_assert_error (error, YIDI_CASE_ERROR, YIDI_CASE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (yidi_casebook_save (f->book, original, &error));
  g_assert_error (error, YIDI_CASE_ERROR, YIDI_CASE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (save_new (f, "Someone new"), >, named_id);
  g_assert_cmpuint (yidi_casebook_count (f->book), ==, 3);

  /* Nothing of the deleted case is left behind. */
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT count(*) FROM case_answers WHERE case_id = ?1)"
                                             " + (SELECT count(*) FROM case_checklist WHERE case_id = ?1)",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    sqlite3_bind_int64 (stmt, 1, id);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
}

static void
test_checklist_ticks (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = save_new (f, "Ticks");

  g_assert_true (yidi_casebook_set_checked (f->book, id, "filing/residence_proof", TRUE, &error));
  g_assert_true (yidi_casebook_set_checked (f->book, id, "filing/residence_proof", TRUE, &error));
  g_assert_true (yidi_casebook_set_checked (f->book, id, "filing/id_card", FALSE, &error));
  g_assert_no_error (error);
  {
    g_autoptr(YidiCaseRecord) record = yidi_casebook_load (f->book, id, &error);

    g_assert_true (yidi_case_record_get_checked (record, "filing/residence_proof"));
    g_assert_false (yidi_case_record_get_checked (record, "filing/id_card"));
    g_assert_true (yidi_case_record_get_checked (record, "claim/invoices"));
    g_assert_cmpuint (g_hash_table_size (record->checked), ==, 2);
  }

  g_assert_false (yidi_casebook_set_checked (f->book, id + 100, "filing/id_card", TRUE, &error));
  g_assert_error (error, YIDI_CASE_ERROR, YIDI_CASE_ERROR_NOT_FOUND);
}

static void
test_last_opened (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 first = save_new (f, "First");
  gint64 second = save_new (f, "Second");

  g_assert_cmpint (yidi_casebook_get_last_opened (f->book), ==, 0);
  g_assert_true (yidi_casebook_set_last_opened (f->book, second, &error));
  g_assert_true (yidi_casebook_set_last_opened (f->book, first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (yidi_casebook_get_last_opened (f->book), ==, first);

  /* It survives closing and opening again. */
  yidi_casebook_close (f->book);
  f->book = yidi_casebook_open (f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yidi_casebook_get_last_opened (f->book), ==, first);

  /* A deleted case is not restored. */
  g_assert_true (yidi_casebook_delete (f->book, first, &error));
  g_assert_cmpint (yidi_casebook_get_last_opened (f->book), ==, 0);
}

/* ---- Case files ---------------------------------------------------------- */

static void
test_export_import (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiCaseRecord) original = NULL;
  g_autoptr(YidiCaseRecord) imported = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  gsize length;
  gint64 id = save_new (f, "陈 “老陈” Chen");
  gint64 new_id;

  text = yidi_casebook_export (f->book, id, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (text), ==, length);
  g_assert_nonnull (strstr (text, "\"format\" : \"yidi-case\""));
  g_assert_nonnull (strstr (text, "\"version\" : 1"));

  new_id = yidi_casebook_import (f->book, text, length, "chen.json", &error);
  g_assert_no_error (error);
  g_assert_cmpint (new_id, !=, id);

  original = yidi_casebook_load (f->book, id, &error);
  imported = yidi_casebook_load (f->book, new_id, &error);
  g_assert_true (yidi_case_record_equal_content (original, imported));

  /* The same case gives the same file (but for the time stamp). */
  again = yidi_case_record_export (imported, NULL);
  g_assert_cmpstr (strstr (again, "\"case\""), ==, strstr (text, "\"case\""));

  /* A file of a case with nothing set also round-trips. */
  {
    g_autoptr(YidiCaseRecord) empty = yidi_case_record_new ();
    g_autofree char *empty_text = yidi_case_record_export (empty, NULL);
    g_autoptr(YidiCaseRecord) back = yidi_case_record_import (empty_text, -1, "empty.json", &error);

    g_assert_no_error (error);
    g_assert_true (yidi_case_record_equal_content (empty, back));
  }
}

static void
test_import_bad_files (Fixture       *f,
                       gconstpointer  data)
{
  static const struct {
    const char *text;
    int code;
    const char *where;
  } cases[] = {
    { "", YIDI_CASE_ERROR_BAD_FILE, "(at $)" },
    { "{\"format\": \"yidi-case\", \"version\": 1, \"case\": {", YIDI_CASE_ERROR_BAD_FILE, "not valid JSON" },
    { "[]", YIDI_CASE_ERROR_BAD_FILE, "(at $)" },
    { "{\"format\": \"something-else\", \"version\": 1, \"case\": {}}", YIDI_CASE_ERROR_BAD_FILE, "$.format" },
    { "{\"format\": 7, \"version\": 1, \"case\": {}}", YIDI_CASE_ERROR_BAD_FILE, "$.format" },
    { "{\"format\": \"yidi-case\", \"case\": {}}", YIDI_CASE_ERROR_BAD_FILE, "$.version" },
    { "{\"format\": \"yidi-case\", \"version\": \"1\", \"case\": {}}", YIDI_CASE_ERROR_BAD_FILE, "$.version" },
    { "{\"format\": \"yidi-case\", \"version\": 2, \"case\": {}}", YIDI_CASE_ERROR_TOO_NEW, "format 2" },
    { "{\"format\": \"yidi-case\", \"version\": 1}", YIDI_CASE_ERROR_BAD_FILE, "$.case" },
    { "{\"format\": \"yidi-case\", \"version\": 1, \"case\": []}", YIDI_CASE_ERROR_BAD_FILE, "$.case" },
    { "{\"format\": \"yidi-case\", \"version\": 1, \"case\": {\"scheme\": \"martian\"}}", YIDI_CASE_ERROR_BAD_FILE, "$.case.scheme" },
    { "{\"format\": \"yidi-case\", \"version\": 1, \"case\": {\"label\": 3}}", YIDI_CASE_ERROR_BAD_FILE, "$.case.label" },
    { "{\"format\": \"yidi-case\", \"version\": 1, \"case\": {\"birth_year\": 1700}}", YIDI_CASE_ERROR_BAD_FILE, "$.case.birth_year" },
    { "{\"format\": \"yidi-case\", \"version\": 1, \"case\": {\"filing_date\": \"2024-02-30\"}}", YIDI_CASE_ERROR_BAD_FILE, "“2024-02-30” is not a date of the form year-month-day (at $.case.filing_date)" },
    { "{\"format\": \"yidi-case\", \"version\": 1, \"case\": {\"insured_place\": \"北京\"}}", YIDI_CASE_ERROR_BAD_FILE, "“北京” is not a six-digit division code (at $.case.insured_place)" },
    { "{\"format\": \"yidi-case\", \"version\": 1, \"case\": {\"checklist\": [\"a\", 1]}}", YIDI_CASE_ERROR_BAD_FILE, "$.case.checklist[1]" },
    { "{\"format\": \"yidi-case\", \"version\": 1, \"case\": {\"filing_answers\": {\"q\": true}}}", YIDI_CASE_ERROR_BAD_FILE, "$.case.filing_answers.q" },
    { "{\"format\": \"yidi-case\", \"version\": 1, \"case\": {\"filing_answers\": []}}", YIDI_CASE_ERROR_BAD_FILE, "$.case.filing_answers" },
  };

  save_new (f, "Already here");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("file: %s", cases[i].text);
      g_assert_cmpint (yidi_casebook_import (f->book, cases[i].text, -1, "bad-case.json", &error), ==, 0);
      g_assert_error (error, YIDI_CASE_ERROR, cases[i].code);
      g_test_message ("→ %s", error->message);
      g_assert_nonnull (strstr (error->message, "bad-case.json"));
      g_assert_nonnull (strstr (error->message, cases[i].where));
      /* Nothing changed. */
      g_assert_cmpuint (yidi_casebook_count (f->book), ==, 1);
    }

  /* Unknown members are ignored: a file from the same version with more in it. */
  {
    g_autoptr(GError) error = NULL;
    g_assert_cmpint (yidi_casebook_import (f->book,
                                           "{\"format\": \"yidi-case\", \"version\": 1, \"later\": 1,"
                                           " \"case\": {\"label\": \"ok\", \"colour\": \"red\"}}",
                                           -1, "extra.json", &error), >, 0);
    g_assert_no_error (error);
  }
}

/* ---- Damaged files ------------------------------------------------------- */

static void
test_garbage_file_moved_aside (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GString) garbage = g_string_new (NULL);

  g_clear_pointer (&f->book, yidi_casebook_close);
  for (guint i = 0; i < 400; i++)
    g_string_append (garbage, "this is not a database ");
  g_assert_true (g_file_set_contents (f->path, garbage->str, garbage->len, &error));

  f->book = yidi_casebook_open (f->path, &moved, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->book);

  /* The bad file is kept, unchanged, next to the fresh casebook. */
  g_assert_nonnull (moved);
  g_assert_true (g_str_has_prefix (moved, f->path));
  g_assert_nonnull (strstr (moved, ".damaged-"));
  g_assert_true (g_file_get_contents (moved, &kept, NULL, &error));
  g_assert_cmpstr (kept, ==, garbage->str);

  g_assert_cmpuint (yidi_casebook_count (f->book), ==, 0);
  save_new (f, "After the damage");
  g_assert_cmpuint (yidi_casebook_count (f->book), ==, 1);
}

static void
test_damaged_pages_moved_aside (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  for (guint i = 0; i < 60; i++)
    save_new (f, "A case with some pages");
  yidi_casebook_close (f->book);
  f->book = NULL;

  /* Closing checkpoints the WAL into the file; then spoil its pages after
   * the header. */
  g_assert_true (g_file_get_contents (f->path, &contents, &length, &error));
  g_assert_cmpuint (length, >, 4096 * 4);
  for (gsize i = 4096 + 100; i < length; i += 7)
    contents[i] = (char) (i * 31);
  g_assert_true (g_file_set_contents (f->path, contents, length, &error));

  f->book = yidi_casebook_open (f->path, &moved, &error);
  g_assert_no_error (error);
  g_assert_nonnull (moved);
  g_assert_true (g_file_test (moved, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (yidi_casebook_count (f->book), ==, 0);
}

static void
test_unwritable_folder (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *blocker = g_build_filename (f->dir, "blocker", NULL);
  g_autofree char *path = g_build_filename (blocker, "user.sqlite", NULL);

  /* A file where the folder should be: a clear error, nothing crashes. */
  g_assert_true (g_file_set_contents (blocker, "x", 1, &error));
  g_assert_null (yidi_casebook_open (path, NULL, &error));
  g_assert_true (error != NULL && error->domain == YIDI_DB_ERROR);
  g_assert_nonnull (strstr (error->message, "user.sqlite"));
}

/* ---- Reminders ----------------------------------------------------------- */

static gint64
save_filing (Fixture            *f,
             const char         *label,
             YidiFilingCategory  category,
             const char         *filed)
{
  g_autoptr(YidiCaseRecord) record = yidi_case_record_new ();
  g_autoptr(GError) error = NULL;

  record->label = g_strdup (label);
  record->filing_category = category;
  record->filing_status = YIDI_FILING_STATUS_APPROVED;
  record->filing_date = g_strdup (filed);
  g_assert_true (yidi_casebook_save (f->book, record, &error));
  return record->id;
}

static void
test_due_reminders (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *rules_path = yidi_filing_rules_get_default_path ();
  g_autoptr(YidiFilingRules) rules = NULL;
  g_autoptr(GError) error = NULL;
  gint64 month, week, fine;
  GDate today;

  rules = yidi_filing_rules_new_from_file (rules_path, &error);
  g_assert_no_error (error);
  g_date_set_dmy (&today, 10, G_DATE_FEBRUARY, 2025);

  month = save_filing (f, "20 days", YIDI_FILING_REFERRAL, "2024-09-02");
  week = save_filing (f, "3 days", YIDI_FILING_OTHER_TEMPORARY, "2024-08-13");
  fine = save_filing (f, "long-term", YIDI_FILING_LONG_TERM_RESIDENT, "2024-08-13");
  g_assert_cmpint (fine, >, 0);

  {
    g_autoptr(GPtrArray) due = yidi_casebook_list_due_reminders (f->book, rules, &today, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (due->len, ==, 2);
    g_assert_cmpint (((YidiFilingReminder *) g_ptr_array_index (due, 0))->case_id, ==, week);
    g_assert_cmpint (((YidiFilingReminder *) g_ptr_array_index (due, 1))->case_id, ==, month);
  }

  /* Once shown, a level is not shown again; the next level is. */
  g_assert_true (yidi_casebook_set_warned (f->book, month, YIDI_FILING_WARNING_30_DAYS, &error));
  g_assert_true (yidi_casebook_set_warned (f->book, week, YIDI_FILING_WARNING_30_DAYS, &error));
  g_assert_cmpint (yidi_casebook_get_warned (f->book, month), ==, YIDI_FILING_WARNING_30_DAYS);
  {
    g_autoptr(GPtrArray) due = yidi_casebook_list_due_reminders (f->book, rules, &today, &error);
    g_assert_cmpuint (due->len, ==, 1);
    g_assert_cmpint (((YidiFilingReminder *) g_ptr_array_index (due, 0))->case_id, ==, week);
  }

  /* A new filing date starts the reminders afresh; other edits do not. */
  {
    g_autoptr(YidiCaseRecord) record = yidi_casebook_load (f->book, month, &error);

    g_free (record->notes);
    record->notes = g_strdup ("called the agency");
    g_assert_true (yidi_casebook_save (f->book, record, &error));
    g_assert_cmpint (yidi_casebook_get_warned (f->book, month), ==, YIDI_FILING_WARNING_30_DAYS);

    g_free (record->filing_date);
    record->filing_date = g_strdup ("2025-02-01");
    g_assert_true (yidi_casebook_save (f->book, record, &error));
    g_assert_cmpint (yidi_casebook_get_warned (f->book, month), ==, YIDI_FILING_WARNING_NONE);
  }
}

static void
test_default_path (void)
{
  g_autofree char *path = yidi_casebook_get_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "yidi", "user.sqlite", NULL);

  g_assert_cmpstr (path, ==, expected);
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

  ADD ("/casebook/round-trip", test_round_trip);
  ADD ("/casebook/invalid-case-not-saved", test_invalid_case_not_saved);
  ADD ("/casebook/list-and-search", test_list_and_search);
  ADD ("/casebook/rename-duplicate-delete", test_rename_duplicate_delete);
  ADD ("/casebook/checklist-ticks", test_checklist_ticks);
  ADD ("/casebook/last-opened", test_last_opened);
  ADD ("/casebook/export-import", test_export_import);
  ADD ("/casebook/import-bad-files", test_import_bad_files);
  ADD ("/casebook/damaged/garbage", test_garbage_file_moved_aside);
  ADD ("/casebook/damaged/pages", test_damaged_pages_moved_aside);
  ADD ("/casebook/damaged/unwritable", test_unwritable_folder);
  ADD ("/casebook/reminders", test_due_reminders);
  g_test_add_func ("/casebook/default-path", test_default_path);

  return g_test_run ();
}

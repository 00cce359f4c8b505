/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "yidi-case.h"

typedef struct {
  GPtrArray *notified;
} Recorder;

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  Recorder *recorder = user_data;

  g_ptr_array_add (recorder->notified, g_strdup (pspec->name));
}

static void
test_defaults (void)
{
  g_autoptr(YidiCase) c = yidi_case_new ();

  g_assert_null (yidi_case_get_label (c));
  g_assert_null (yidi_case_get_insured_place (c));
  g_assert_cmpint (yidi_case_get_scheme (c), ==, YIDI_SCHEME_EMPLOYEE);
  g_assert_cmpint (yidi_case_get_member_status (c), ==, YIDI_MEMBER_IN_SERVICE);
  g_assert_cmpint (yidi_case_get_filing_category (c), ==, YIDI_FILING_NONE);
  g_assert_cmpint (yidi_case_get_filing_status (c), ==, YIDI_FILING_STATUS_NOT_FILED);
}

static void
test_notifies_once_per_change (void)
{
  YidiCase *c = yidi_case_new ();
  Recorder recorder = { g_ptr_array_new_with_free_func (g_free) };

  g_signal_connect (c, "notify", G_CALLBACK (on_notify), &recorder);

  yidi_case_set_label (c, "王阿姨");
  yidi_case_set_label (c, "王阿姨");          /* same value: no notify */
  yidi_case_set_insured_place (c, "110000");
  yidi_case_set_scheme (c, YIDI_SCHEME_RESIDENT);
  yidi_case_set_scheme (c, YIDI_SCHEME_RESIDENT);
  yidi_case_set_member_status (c, YIDI_MEMBER_RETIRED);
  yidi_case_set_birth_year (c, 1958);
  yidi_case_set_destination (c, "310000");
  yidi_case_set_filing_category (c, YIDI_FILING_RESETTLED_RETIREE);
  yidi_case_set_filing_date (c, "2026-03-01");
  yidi_case_set_filing_status (c, YIDI_FILING_STATUS_APPROVED);
  yidi_case_set_notes (c, "daughter lives in Pudong");
  yidi_case_set_notes (c, NULL);

  const char *expected[] = {
    "label", "insured-place", "scheme", "member-status", "birth-year",
    "destination", "filing-category", "filing-date", "filing-status",
    "notes", "notes",
  };
  g_assert_cmpuint (recorder.notified->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (g_ptr_array_index (recorder.notified, i), ==, expected[i]);

  g_assert_cmpstr (yidi_case_get_label (c), ==, "王阿姨");
  g_assert_cmpint (yidi_case_get_birth_year (c), ==, 1958);
  g_assert_null (yidi_case_get_notes (c));

  g_ptr_array_unref (recorder.notified);
  g_assert_finalize_object (c);
}

static void
test_properties_by_name (void)
{
  g_autoptr(YidiCase) c = NULL;
  g_autofree char *destination = NULL;
  YidiFilingCategory category;

  c = g_object_new (YIDI_TYPE_CASE,
                    "destination", "440100",
                    "filing-category", YIDI_FILING_EMERGENCY,
                    NULL);
  g_object_get (c, "destination", &destination, "filing-category", &category, NULL);
  g_assert_cmpstr (destination, ==, "440100");
  g_assert_cmpint (category, ==, YIDI_FILING_EMERGENCY);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/case/defaults", test_defaults);
  g_test_add_func ("/case/notify", test_notifies_once_per_change);
  g_test_add_func ("/case/properties", test_properties_by_name);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string.h>

#include "yidi-casebook.h"

/* The case that version @version of a save writes: every field and every
 * answer and tick follows from the version, so a case read back can be
 * checked to be one whole save. */
static inline YidiCaseRecord *
casebook_fill_new (guint64 version)
{
  YidiCaseRecord *record = yidi_case_record_new ();
  GString *notes = g_string_new (NULL);

  record->label = g_strdup_printf ("v%" G_GUINT64_FORMAT, version);
  record->birth_year = 1900 + (int) (version % 100);
  record->insured_place = g_strdup_printf ("%06u", 110000 + (guint) (version % 90) * 100);
  record->filing_category = (YidiFilingCategory) (version % 7);
  record->filing_status = (YidiFilingStatus) (version % 4);
  record->filing_date = version % 2 ? g_strdup_printf ("2024-%02u-%02u", (guint) (version % 12) + 1, (guint) (version % 28) + 1) : NULL;
  for (guint i = 0; i < version % 200; i++)
    g_string_append_c (notes, 'a' + (char) ((version + i) % 26));
  record->notes = g_string_free (notes, FALSE);

  for (guint i = 0; i <= version % 5; i++)
    {
      g_autofree char *question = g_strdup_printf ("q%u", i);
      g_autofree char *answer = g_strdup_printf ("a%" G_GUINT64_FORMAT, version);
      yidi_case_record_set_answer (record, question, answer);
    }
  for (guint i = 0; i <= version % 7; i++)
    {
      g_autofree char *key = g_strdup_printf ("filing/doc%u", i);
      yidi_case_record_set_checked (record, key, TRUE);
    }
  return record;
}

/* The version of a case read back, or 0 when it is not one whole save. */
static inline guint64
casebook_fill_check (const YidiCaseRecord *record)
{
  g_autoptr(YidiCaseRecord) expected = NULL;
  guint64 version;

  if (record->label == NULL || record->label[0] != 'v')
    return 0;
  version = g_ascii_strtoull (record->label + 1, NULL, 10);
  expected = casebook_fill_new (version);
  return yidi_case_record_equal_content (record, expected) ? version : 0;
}

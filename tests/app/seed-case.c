/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test helper for test-a11y-estimate: saves one case in the casebook of
 * $XDG_DATA_HOME, as if opened last, so the app starts on it: a Beijing
 * retiree (employee scheme) resettled in Shanghai, filing approved,
 * admitted on 2025-03-01. */
#include "config.h"

#include <locale.h>

#include "yidi-casebook.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiCaseRecord) record = yidi_case_record_new ();
  YidiCasebook *book;

  setlocale (LC_ALL, "C.UTF-8");
  book = yidi_casebook_open (NULL, NULL, &error);
  if (book == NULL)
    {
      g_printerr ("seed-case: %s\n", error->message);
      return 1;
    }

  record->label = g_strdup (argc > 1 ? argv[1] : "Grandpa Li");
  record->insured_place = g_strdup ("110000");
  record->scheme = YIDI_SCHEME_EMPLOYEE;
  record->member_status = YIDI_MEMBER_RETIRED;
  record->birth_year = 1955;
  record->destination = g_strdup ("310000");
  record->filing_category = YIDI_FILING_RESETTLED_RETIREE;
  record->filing_status = YIDI_FILING_STATUS_APPROVED;
  record->admission_date = g_strdup ("2025-03-01");
  record->discharge_date = g_strdup ("2025-03-12");

  if (!yidi_casebook_save (book, record, &error) ||
      !yidi_casebook_set_last_opened (book, record->id, &error))
    {
      g_printerr ("seed-case: %s\n", error->message);
      yidi_casebook_close (book);
      return 1;
    }
  g_print ("%" G_GINT64_FORMAT "\n", record->id);
  yidi_casebook_close (book);
  return 0;
}

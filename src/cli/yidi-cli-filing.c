/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>

#include "yidi-casebook.h"
#include "yidi-cli.h"
#include "yidi-cli-filing.h"
#include "yidi-filing.h"
#include "yidi-paths.h"

/* ---- Shared -------------------------------------------------------------- */

static gboolean
parse_options (GOptionContext  *context,
               int             *argc,
               char          ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      yidi_cli_print_error (error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
get_today (const char  *text,
           GDate       *today,
           GError     **error)
{
  if (text == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_date_clear (today, 1);
      g_date_set_dmy (today, g_date_time_get_day_of_month (now),
                      g_date_time_get_month (now), g_date_time_get_year (now));
      return TRUE;
    }
  if (yidi_date_parse (text, today))
    return TRUE;

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("“%s” is not a date. Write it as year-month-day, for example 2025-03-31."), text);
  return FALSE;
}

static YidiFilingRules *
load_rules (const char  *path,
            GError     **error)
{
  g_autofree char *default_path = NULL;

  if (path == NULL)
    path = default_path = yidi_filing_rules_get_default_path ();
  return yidi_filing_rules_new_from_file (path, error);
}

/* ---- filing advise ------------------------------------------------------- */

static void
print_sources (gboolean             confirmed,
               const char * const  *sources)
{
  g_autofree char *list = sources != NULL && sources[0] != NULL ? g_strjoinv (", ", (GStrv) sources) : NULL;

  if (list != NULL && confirmed)
    g_print ("    (%s %s)\n", _("Sources:"), list);
  else if (list != NULL)
    g_print ("    (%s %s %s)\n", _("Not confirmed."), _("Sources:"), list);
  else
    g_print ("    (%s)\n", _("Not confirmed; no source states it."));
}

static void
print_checklist (const char *title,
                 GPtrArray  *items)
{
  g_print ("%s\n", title);
  for (guint i = 0; i < items->len; i++)
    {
      YidiFilingChecklistItem *item = g_ptr_array_index (items, i);

      g_print ("  [%s] %s (%s)", item->checked ? "x" : " ", item->label, item->term);
      if (item->alternative_label != NULL)
        g_print (" — %s %s", _("or:"), item->alternative_label);
      g_print ("\n");
    }
}

static void
print_notes (GPtrArray *notes)
{
  for (guint i = 0; i < notes->len; i++)
    {
      YidiFilingNote *note = g_ptr_array_index (notes, i);

      g_print ("\n%s\n  %s\n", note->title, note->text);
      print_sources (note->confirmed, (const char * const *) note->sources);
    }
}

static void
print_advice (const YidiFilingAdvice *advice,
              const YidiCaseRecord   *record)
{
  if (record->label != NULL && *record->label != '\0')
    g_print ("%s %s\n", _("Case:"), record->label);
  g_print ("%s %s\n", _("Category:"), yidi_filing_category_get_label (advice->category));
  if (advice->reason != NULL)
    g_print ("%s %s\n", _("Why:"), advice->reason);
  if (advice->who != NULL)
    {
      g_print ("%s %s\n", _("Who qualifies:"), advice->who->text);
      print_sources (advice->who->confirmed, (const char * const *) advice->who->sources);
    }
  if (advice->validity_text != NULL)
    g_print ("%s %s\n", _("Validity:"), advice->validity_text);

  if (advice->checklist->len > 0)
    {
      g_print ("\n");
      print_checklist (_("Papers to file:"), advice->checklist);
      print_sources (advice->checklist_confirmed, (const char * const *) advice->checklist_sources);
    }

  g_print ("\n%s\n", _("Next steps:"));
  for (guint i = 0; i < advice->next_steps->len; i++)
    g_print ("  %u. %s\n", i + 1, (const char *) g_ptr_array_index (advice->next_steps, i));

  print_notes (advice->notes);

  if (advice->claim_checklist->len > 0)
    {
      g_print ("\n");
      print_checklist (_("Papers for a claim by hand:"), advice->claim_checklist);
    }
  print_notes (advice->claim_notes);
}

static int
run_filing_advise (int    argc,
                   char **argv)
{
  g_autofree char *case_path = NULL;
  g_autofree char *rules_path = NULL;
  g_autofree char *today_text = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(YidiFilingRules) rules = NULL;
  g_autoptr(YidiCaseRecord) record = NULL;
  g_autoptr(YidiFilingAdvice) advice = NULL;
  gsize length;
  GDate today;
  const GOptionEntry entries[] = {
    { "case", 'c', 0, G_OPTION_ARG_FILENAME, &case_path, N_("The case file (as exported by Yidi)"), N_("FILE") },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text, N_("Advise as on this date (year-month-day)"), N_("DATE") },
    { "rules", 0, 0, G_OPTION_ARG_FILENAME, &rules_path, N_("Filing rules to use instead of the installed ones"), N_("FILE") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Print the filing category, the papers to bring, the validity and the next steps for a case."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv))
    return 2;
  if (case_path == NULL)
    {
      g_printerr ("yidi-cli: %s\n", _("Give the case file with --case FILE."));
      return 2;
    }

  if (!get_today (today_text, &today, &error) ||
      (rules = load_rules (rules_path, &error)) == NULL)
    {
      yidi_cli_print_error (error);
      return 1;
    }

  if (!g_file_get_contents (case_path, &contents, &length, NULL))
    {
      g_printerr ("yidi-cli: ");
      g_printerr (_("Cannot read “%s”. Check the name and that you may read it."), case_path);
      g_printerr ("\n");
      return 1;
    }

  if ((record = yidi_case_record_import (contents, length, case_path, &error)) == NULL ||
      (advice = yidi_filing_advise (rules, record, &today, &error)) == NULL)
    {
      yidi_cli_print_error (error);
      return 1;
    }

  print_advice (advice, record);
  return 0;
}

/* ---- filing check -------------------------------------------------------- */

static int
run_filing_check (int    argc,
                  char **argv)
{
  g_autofree char *rules_path = NULL;
  g_autofree char *sources_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(YidiFilingRules) rules = NULL;
  const GOptionEntry entries[] = {
    { "rules", 0, 0, G_OPTION_ARG_FILENAME, &rules_path, N_("Filing rules to check instead of the installed ones"), N_("FILE") },
    { "sources", 0, 0, G_OPTION_ARG_FILENAME, &sources_path, N_("The list of sources the rules cite"), N_("FILE") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Check that the filing rules load and that every source they cite exists."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv))
    return 2;

  if (sources_path == NULL)
    sources_path = g_build_filename (yidi_paths_get_policy_dir (), "sources.json", NULL);

  if ((rules = load_rules (rules_path, &error)) == NULL ||
      !yidi_filing_rules_check_sources (rules, sources_path, &error))
    {
      yidi_cli_print_error (error);
      return 1;
    }

  g_print ("%s\n", _("The filing rules are valid."));
  return 0;
}

int
yidi_cli_run_filing (int    argc,
                     char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "advise"))
    return run_filing_advise (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "check"))
    return run_filing_check (argc - 1, argv + 1);

  g_printerr ("%s\n", _("Usage: yidi-cli filing advise --case FILE [--today DATE]"));
  g_printerr ("%s\n", _("       yidi-cli filing check [--rules FILE] [--sources FILE]"));
  return 2;
}

/* ---- case list / export / import ----------------------------------------- */

static YidiCasebook *
open_casebook (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = NULL;
  YidiCasebook *book = yidi_casebook_open (path, &moved, &error);

  if (book == NULL)
    yidi_cli_print_error (error);
  else if (moved != NULL)
    {
      g_printerr ("yidi-cli: ");
      g_printerr (_("The saved cases could not be read. The damaged file was kept as “%s”; a new, empty case list was started."), moved);
      g_printerr ("\n");
    }
  return book;
}

static int
run_case_list (int    argc,
               char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *search = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(YidiCasebook) book = NULL;
  g_autoptr(GPtrArray) records = NULL;
  const GOptionEntry entries[] = {
    { "search", 's', 0, G_OPTION_ARG_STRING, &search, N_("Only cases whose label, notes or place code contain this text"), N_("TEXT") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The case database instead of the user’s"), N_("FILE") },
    { NULL }
  };

  g_option_context_set_summary (context, _("List the saved cases, most recently changed first."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv))
    return 2;

  if ((book = open_casebook (db_path)) == NULL)
    return 1;
  if ((records = yidi_casebook_list (book, search, NULL, &error)) == NULL)
    {
      yidi_cli_print_error (error);
      return 1;
    }

  for (guint i = 0; i < records->len; i++)
    {
      YidiCaseRecord *record = g_ptr_array_index (records, i);

      g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\n", record->id,
               record->label != NULL ? record->label : "",
               yidi_filing_category_get_label (record->filing_category),
               yidi_filing_status_get_label (record->filing_status),
               record->filing_date != NULL ? record->filing_date : "-");
    }
  return 0;
}

static gboolean
parse_id (const char *text,
          gint64     *out_id)
{
  guint64 id;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &id, NULL))
    {
      g_printerr ("yidi-cli: ");
      g_printerr (_("“%s” is not the number of a saved case. Run “yidi-cli case list” to see them."), text != NULL ? text : "");
      g_printerr ("\n");
      return FALSE;
    }
  *out_id = (gint64) id;
  return TRUE;
}

static int
run_case_export (int    argc,
                 char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *output = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID"));
  g_autoptr(YidiCasebook) book = NULL;
  gsize length;
  gint64 id;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the case file here instead of to standard output"), N_("FILE") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The case database instead of the user’s"), N_("FILE") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Write a saved case as a case file, to move it to another computer."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv))
    return 2;
  if (argc != 2 || !parse_id (argv[1], &id))
    return 2;

  if ((book = open_casebook (db_path)) == NULL)
    return 1;
  if ((text = yidi_casebook_export (book, id, &length, &error)) == NULL)
    {
      yidi_cli_print_error (error);
      return 1;
    }

  if (output == NULL)
    {
      g_print ("%s\n", text);
      return 0;
    }
  if (!g_file_set_contents_full (output, text, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL))
    {
      g_printerr ("yidi-cli: ");
      g_printerr (_("Cannot write “%s”. Check the folder exists and that you may write to it."), output);
      g_printerr ("\n");
      return 1;
    }
  return 0;
}

static int
run_case_import (int    argc,
                 char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE"));
  g_autoptr(YidiCasebook) book = NULL;
  gsize length;
  gint64 id;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The case database instead of the user’s"), N_("FILE") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Add the case of a case file to the saved cases."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      g_printerr ("yidi-cli: %s\n", _("Give one case file to import."));
      return 2;
    }
  if (!g_file_get_contents (argv[1], &contents, &length, NULL))
    {
      g_printerr ("yidi-cli: ");
      g_printerr (_("Cannot read “%s”. Check the name and that you may read it."), argv[1]);
      g_printerr ("\n");
      return 1;
    }

  if ((book = open_casebook (db_path)) == NULL)
    return 1;
  if ((id = yidi_casebook_import (book, contents, length, argv[1], &error)) == 0)
    {
      yidi_cli_print_error (error);
      return 1;
    }
  g_print ("%" G_GINT64_FORMAT "\n", id);
  return 0;
}

int
yidi_cli_run_case (int    argc,
                   char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return run_case_list (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "export"))
    return run_case_export (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "import"))
    return run_case_import (argc - 1, argv + 1);

  g_printerr ("%s\n", _("Usage: yidi-cli case list [--search TEXT]"));
  g_printerr ("%s\n", _("       yidi-cli case export ID [--output FILE]"));
  g_printerr ("%s\n", _("       yidi-cli case import FILE"));
  return 2;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "yidi-cli.h"
#include "yidi-cli-directory.h"
#include "yidi-cli-filing.h"
#include "yidi-paths.h"

static int run_version (int argc, char **argv);

static const YidiCliCommand commands[] = {
  { "case", N_("List, export and import saved cases"), yidi_cli_run_case },
  { "estimate", N_("Estimate who pays what for a stay or visit"), yidi_cli_run_estimate },
  { "filing", N_("Filing advice for a case: category, papers, validity"), yidi_cli_run_filing },
  { "import", N_("Import a list of designated institutions (CSV)"), yidi_cli_run_import },
  { "policy", N_("List, show or check the policies"), yidi_cli_run_policy },
  { "search", N_("Search the designated institutions"), yidi_cli_run_search },
  { "version", N_("Print the version of Yidi"), run_version },
};

void
yidi_cli_print_error (const GError *error)
{
  g_printerr ("yidi-cli: %s\n", error->message);
}

static int
run_version (int    argc,
             char **argv)
{
  g_print ("yidi-cli %s\n", PACKAGE_VERSION);
  return 0;
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n", _("Usage: yidi-cli COMMAND [OPTION…]"));
  fprintf (stream, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “yidi-cli COMMAND --help” for the options of a command."));
}

int
main (int    argc,
      char **argv)
{
  const char *name;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, yidi_paths_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return 2;
    }

  name = argv[1];
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_usage (stdout);
      return 0;
    }
  if (g_str_equal (name, "--version"))
    return run_version (argc - 1, argv + 1);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (commands[i].name, name))
        return commands[i].run (argc - 1, argv + 1);
    }

  g_printerr ("yidi-cli: ");
  g_printerr (_("Unknown command “%s”."), name);
  g_printerr ("\n\n");
  print_usage (stderr);
  return 2;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "yidi-cli.h"
#include "yidi-paths.h"
#include "yidi-policy.h"

/* yidi-cli policy list | show PLACE | validate [FILE…] */

static char *policy_dir = NULL;
static char *scheme_key = NULL;
static char *tier = NULL;
static char *sources_path = NULL;

static const GOptionEntry common_entries[] = {
  { "policy-dir", 0, 0, G_OPTION_ARG_FILENAME, &policy_dir, N_("Read policies from DIR"), N_("DIR") },
  { NULL }
};

static const GOptionEntry show_entries[] = {
  { "scheme", 0, 0, G_OPTION_ARG_STRING, &scheme_key, N_("Only this scheme: employee or resident"), N_("SCHEME") },
  { "tier", 0, 0, G_OPTION_ARG_STRING, &tier, N_("Only this tier, e.g. tier1"), N_("TIER") },
  { NULL }
};

static const GOptionEntry validate_entries[] = {
  { "sources", 0, 0, G_OPTION_ARG_FILENAME, &sources_path, N_("Check citations against this sources.json"), N_("FILE") },
  { NULL }
};

static void
print_problems (GPtrArray *problems,
                FILE      *stream)
{
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = yidi_policy_problem_to_string (g_ptr_array_index (problems, i));
      fprintf (stream, "%s\n", line);
    }
}

static YidiPolicySet *
load_set (void)
{
  g_autoptr(GError) error = NULL;
  YidiPolicySet *set = yidi_policy_set_load (policy_dir, &error);

  if (set == NULL)
    {
      yidi_cli_print_error (error);
      return NULL;
    }
  /* Broken files are skipped; say so, but go on with the others. */
  print_problems (yidi_policy_set_get_problems (set), stderr);
  return set;
}

static int
run_list (void)
{
  g_autoptr(YidiPolicySet) set = load_set ();
  const YidiPolicyPack *national;

  if (set == NULL)
    return 1;

  for (guint i = 0; i < yidi_policy_set_get_n_packs (set); i++)
    {
      const YidiPolicyPack *pack = yidi_policy_set_get_pack (set, i);
      g_autofree char *name = yidi_policy_pack_get_display_name (pack);
      const char *until = yidi_policy_pack_get_coverage_until (pack);
      g_autofree char *dates = until != NULL
        ? g_strdup_printf (_("%s to %s"), yidi_policy_pack_get_coverage_from (pack), until)
        : g_strdup_printf (_("from %s"), yidi_policy_pack_get_coverage_from (pack));

      g_print ("%-26s %s  (%s)%s\n", yidi_policy_pack_get_id (pack), name, dates,
               yidi_policy_pack_is_default_tier (pack) ? _(" default tier") : "");
    }

  national = yidi_policy_set_get_national (set);
  if (national != NULL)
    g_print ("%-26s %s  (%s %s)\n", yidi_policy_pack_get_id (national), yidi_policy_pack_get_title (national),
             _("from"), yidi_policy_pack_get_coverage_from (national));
  else
    g_printerr ("yidi-cli: %s\n", _("The national rules (national.json) are missing or broken."));

  return yidi_policy_set_get_problems (set)->len > 0 ? 1 : 0;
}

static int
run_show (const char *place)
{
  g_autoptr(YidiPolicySet) set = load_set ();
  g_autoptr(GPtrArray) found = NULL;
  YidiScheme scheme = YIDI_SCHEME_EMPLOYEE;
  guint shown = 0;

  if (set == NULL)
    return 1;
  if (scheme_key != NULL && !yidi_scheme_from_key (scheme_key, &scheme))
    {
      g_printerr ("yidi-cli: ");
      g_printerr (_("“%s” is not a scheme. Use employee or resident."), scheme_key);
      g_printerr ("\n");
      return 2;
    }

  if (g_str_equal (place, "national"))
    {
      const YidiPolicyPack *national = yidi_policy_set_get_national (set);
      g_autofree char *text = NULL;

      if (national == NULL)
        {
          g_printerr ("yidi-cli: %s\n", _("The national rules (national.json) are missing or broken."));
          return 1;
        }
      text = yidi_policy_pack_format (national, set);
      g_print ("%s", text);
      return 0;
    }

  found = yidi_policy_set_find_place (set, place);
  for (guint i = 0; i < found->len; i++)
    {
      const YidiPolicyPack *pack = g_ptr_array_index (found, i);
      g_autofree char *text = NULL;

      if (scheme_key != NULL && yidi_policy_pack_get_scheme (pack) != scheme)
        continue;
      if (tier != NULL && g_strcmp0 (yidi_policy_pack_get_tier (pack), tier) != 0)
        continue;
      text = yidi_policy_pack_format (pack, set);
      g_print ("%s%s", shown > 0 ? "\n" : "", text);
      shown++;
    }

  if (shown == 0)
    {
      g_printerr ("yidi-cli: ");
      g_printerr (_("No policy matches “%s”. Run “yidi-cli policy list” to see the places Yidi knows."), place);
      g_printerr ("\n");
      return 1;
    }
  return 0;
}

static int
run_validate (int    n_files,
              char **files)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_policy_problem_free);
  guint n_checked = 0;

  if (n_files == 0)
    {
      /* The whole policy folder. */
      g_autoptr(YidiPolicySet) set = NULL;
      g_autoptr(GError) error = NULL;

      set = yidi_policy_set_load (policy_dir, &error);
      if (set == NULL)
        {
          yidi_cli_print_error (error);
          return 1;
        }
      print_problems (yidi_policy_set_get_problems (set), stdout);
      if (yidi_policy_set_get_problems (set)->len > 0)
        {
          g_print (_("Problems found: %u.\n"), yidi_policy_set_get_problems (set)->len);
          return 1;
        }
      g_print (_("Valid: %u policy packs and the national rules.\n"), yidi_policy_set_get_n_packs (set));
      return yidi_policy_set_get_national (set) != NULL ? 0 : 1;
    }

  for (int i = 0; i < n_files; i++)
    {
      yidi_policy_validate_file (files[i], sources_path, problems);
      n_checked++;
    }

  print_problems (problems, stdout);
  if (problems->len > 0)
    {
      g_print (_("Problems found: %u.\n"), problems->len);
      return 1;
    }
  g_print (_("Valid files: %u.\n"), n_checked);
  return 0;
}

int
yidi_cli_run_policy (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *action;

  context = g_option_context_new (_("list | show PLACE | validate [FILE…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("List the policies Yidi knows, show one place’s figures with their dates and sources, "
                                  "or check policy files.\nPLACE is a division code (110000), a name (北京) or "
                                  "“national”."));
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, show_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, validate_entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      yidi_cli_print_error (error);
      return 2;
    }

  action = argc > 1 ? argv[1] : NULL;
  if (g_strcmp0 (action, "list") == 0 && argc == 2)
    return run_list ();
  if (g_strcmp0 (action, "show") == 0 && argc == 3)
    return run_show (argv[2]);
  if (g_strcmp0 (action, "validate") == 0)
    return run_validate (argc - 2, argv + 2);

  {
    g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
    g_printerr ("%s", help);
  }
  return 2;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "yidi-cli.h"
#include "yidi-cli-directory.h"
#include "yidi-directory.h"

/* yidi-cli import and yidi-cli search. */

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

static void
print_problems (YidiImportResult *result)
{
  GPtrArray *problems;

  if (result == NULL)
    return;
  problems = yidi_import_result_get_problems (result);
  for (guint i = 0; i < problems->len; i++)
    {
      YidiImportProblem *problem = g_ptr_array_index (problems, i);

      g_printerr ("%s\n", problem->message);
    }
}

static void
print_progress (double   fraction,
                gpointer user_data)
{
  int *last = user_data;
  int percent = (int) (fraction * 100);

  if (percent / 10 != *last / 10)
    {
      /* TRANSLATORS: progress of an import, e.g. "Importing… 40%" */
      g_printerr (_("Importing… %d%%"), percent);
      g_printerr ("\n");
      *last = percent;
    }
}

/* Tells the person when their damaged database of imported lists and
 * favourites was moved aside (yidi_directory_open() made a fresh one). */
static void
tell_moved_aside (YidiDirectory *directory)
{
  const char *moved = yidi_directory_get_moved_aside (directory);

  if (moved == NULL)
    return;
  g_printerr ("yidi-cli: ");
  g_printerr (_("Your imported lists and favourites could not be read. The damaged file was kept as “%s”; a new, empty one was started."),
              moved);
  g_printerr ("\n");
}

int
yidi_cli_run_import (int    argc,
                     char **argv)
{
  g_autofree char *source = NULL;
  g_autofree char *as_of = NULL;
  g_autofree char *output = NULL;
  g_autofree char *divisions = NULL;
  g_autofree char *directory_path = NULL;
  g_autofree char *user_db = NULL;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "source", 0, 0, G_OPTION_ARG_STRING, &source,
      N_("Name of the list; importing a list of the same name again replaces it (default: the file name)"), N_("NAME") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of,
      N_("Date the list is valid for: YYYY-MM-DD, YYYY-MM or YYYY"), N_("DATE") },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output,
      N_("Build the directory installed with Yidi into this file instead (needs --divisions)"), N_("FILE") },
    { "divisions", 0, 0, G_OPTION_ARG_FILENAME, &divisions,
      N_("The division list (data/divisions.csv), with --output"), N_("FILE") },
    { "directory", 0, 0, G_OPTION_ARG_FILENAME, &directory_path,
      N_("The installed directory to use"), N_("FILE") },
    { "user-db", 0, 0, G_OPTION_ARG_FILENAME, &user_db,
      N_("Your database of imported lists and favourites"), N_("FILE") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Do not show progress"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE.csv — import a list of designated institutions"));
  g_autoptr(YidiImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *ignored;
  int last = -1;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("The file is CSV in UTF-8 or GB18030 with a header line. Yidi reads the column names "
                                      "used in official lists (机构名称, 机构编码, 所属区划, 医院等级, "
                                      "是否开通住院跨省直接结算 …) and its own (name, code, province_code, level, inpatient …). "
                                      "All rows are imported or none: every rejected row is listed with its line number."));
  if (!parse_options (context, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      g_printerr ("%s\n", _("Give exactly one CSV file to import."));
      return 2;
    }

  if (output != NULL)
    {
      if (divisions == NULL)
        {
          g_printerr ("%s\n", _("--output needs --divisions."));
          return 2;
        }
      if (!yidi_directory_build (output, divisions, argv[1], &result, &error))
        {
          print_problems (result);
          yidi_cli_print_error (error);
          return 1;
        }
    }
  else
    {
      g_autoptr(YidiDirectory) directory = yidi_directory_open (directory_path, user_db, &error);

      if (directory == NULL)
        {
          yidi_cli_print_error (error);
          return 1;
        }
      tell_moved_aside (directory);
      if (!yidi_directory_import (directory, argv[1], source, as_of,
                                  quiet ? NULL : print_progress, &last, &result, NULL, &error))
        {
          print_problems (result);
          yidi_cli_print_error (error);
          return 1;
        }
    }

  ignored = yidi_import_result_get_ignored_columns (result);
  if (ignored[0] != NULL && !quiet)
    {
      g_autofree char *list = g_strjoinv ("”, “", (char **) ignored);

      g_printerr (_("Columns not used: “%s”."), list);
      g_printerr ("\n");
    }
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Imported %u institution from “%s” as the list “%s” (%s).",
                        "Imported %u institutions from “%s” as the list “%s” (%s).",
                        yidi_import_result_get_n_rows (result)),
           yidi_import_result_get_n_rows (result), argv[1],
           yidi_import_result_get_source (result), yidi_import_result_get_encoding (result));
  g_print ("\n");
  if (yidi_import_result_get_n_replaced (result) > 0)
    {
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "It replaces the %u institution of the earlier import of that list.",
                            "It replaces the %u institutions of the earlier import of that list.",
                            yidi_import_result_get_n_replaced (result)),
               yidi_import_result_get_n_replaced (result));
      g_print ("\n");
    }
  return 0;
}

/* The division a --province, --city or --county option names, inside
 * @within; prints why not and returns NULL. */
static const YidiDivision *
find_place (YidiDivisions      *divisions,
            const char         *text,
            YidiDivisionLevel   level,
            const YidiDivision *within)
{
  g_autoptr(GPtrArray) found = yidi_divisions_find (divisions, text, within ? within->code : NULL);

  /* --city 朝阳 is 朝阳市, not Beijing's 朝阳区. */
  for (guint i = found->len; i > 0; i--)
    {
      if (((const YidiDivision *) g_ptr_array_index (found, i - 1))->level != level)
        g_ptr_array_remove_index (found, i - 1);
    }

  if (found->len == 1)
    return g_ptr_array_index (found, 0);

  if (found->len == 0)
    g_printerr (_("There is no place called “%s” at that level. Give its name or its six-digit code."), text);
  else
    g_printerr (_("Several places are called “%s”. Give the province too, or the six-digit code."), text);
  g_printerr ("\n");
  for (guint i = 0; i < found->len && i < 10; i++)
    {
      const YidiDivision *division = g_ptr_array_index (found, i);
      g_autofree char *path = yidi_divisions_get_path_name (divisions, division->code);

      g_printerr ("  %s %s\n", division->code, path);
    }
  return NULL;
}

static const char *
or_unknown (const char *text)
{
  return text != NULL ? text : _("not known");
}

static void
print_line (const char *text)
{
  g_print ("  %s\n", text);
}

static void
print_record (const YidiInstitutionRecord *record)
{
  g_autofree char *aliases = g_strjoinv ("、", record->aliases);
  g_autofree char *level = NULL;
  g_autofree char *line = NULL;

  g_print ("%s%s\n", record->name, record->favourite ? " ★" : "");
  if (aliases[0] != '\0')
    {
      line = g_strdup_printf (_("Also called: %s"), aliases);
      print_line (line);
      g_clear_pointer (&line, g_free);
    }
  if (record->grade != YIDI_GRADE_NONE)
    level = g_strdup_printf (C_("level and grade", "%s %s"), yidi_institution_level_get_label (record->level),
                             yidi_institution_grade_get_label (record->grade));
  else
    level = g_strdup (yidi_institution_level_get_label (record->level));
  line = g_strdup_printf ("%s · %s%s%s", level, yidi_institution_type_get_label (record->type),
                          record->code ? " · " : "", record->code ? record->code : "");
  print_line (line);
  g_clear_pointer (&line, g_free);

  line = g_strdup_printf (_("Place: %s"), or_unknown (record->place_name));
  print_line (line);
  g_clear_pointer (&line, g_free);
  if (record->address != NULL)
    {
      line = g_strdup_printf (_("Address: %s"), record->address);
      print_line (line);
      g_clear_pointer (&line, g_free);
    }
  if (record->phone != NULL)
    {
      line = g_strdup_printf (_("Phone: %s"), record->phone);
      print_line (line);
      g_clear_pointer (&line, g_free);
    }
  line = g_strdup_printf (_("Direct settlement across provinces: hospital stay %s, outpatient visits %s, "
                            "chronic and special disease outpatient care %s"),
                          yidi_tristate_get_label (record->inpatient),
                          yidi_tristate_get_label (record->outpatient),
                          yidi_tristate_get_label (record->chronic));
  print_line (line);
  g_clear_pointer (&line, g_free);
  if (record->source != NULL)
    line = g_strdup_printf (_("Data date: %s · Source: %s (%s)"), or_unknown (record->data_date),
                            or_unknown (record->source_name), record->source);
  else
    line = g_strdup_printf (_("Data date: %s · Source: %s"), or_unknown (record->data_date),
                            or_unknown (record->source_name));
  print_line (line);
}

static JsonNode *
record_to_json (const YidiInstitutionRecord *record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
#define ADD_STRING(key, value) \
  G_STMT_START { \
    json_builder_set_member_name (builder, key); \
    if ((value) != NULL) json_builder_add_string_value (builder, value); \
    else json_builder_add_null_value (builder); \
  } G_STMT_END
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, record->id);
  ADD_STRING ("key", record->key);
  ADD_STRING ("code", record->code);
  ADD_STRING ("name", record->name);
  json_builder_set_member_name (builder, "aliases");
  json_builder_begin_array (builder);
  for (guint i = 0; record->aliases[i] != NULL; i++)
    json_builder_add_string_value (builder, record->aliases[i]);
  json_builder_end_array (builder);
  ADD_STRING ("province_code", record->province_code);
  ADD_STRING ("city_code", record->city_code);
  ADD_STRING ("county_code", record->county_code);
  ADD_STRING ("place", record->place_name);
  ADD_STRING ("level", yidi_institution_level_to_key (record->level));
  ADD_STRING ("grade", yidi_institution_grade_to_key (record->grade));
  ADD_STRING ("type", yidi_institution_type_to_key (record->type));
  ADD_STRING ("address", record->address);
  ADD_STRING ("phone", record->phone);
  json_builder_set_member_name (builder, "location");
  if (record->has_location)
    {
      json_builder_begin_array (builder);
      json_builder_add_double_value (builder, record->longitude);
      json_builder_add_double_value (builder, record->latitude);
      json_builder_end_array (builder);
    }
  else
    {
      json_builder_add_null_value (builder);
    }
  json_builder_set_member_name (builder, "networked");
  json_builder_begin_object (builder);
  ADD_STRING ("inpatient", yidi_tristate_to_key (record->inpatient));
  ADD_STRING ("outpatient", yidi_tristate_to_key (record->outpatient));
  ADD_STRING ("chronic", yidi_tristate_to_key (record->chronic));
  json_builder_end_object (builder);
  ADD_STRING ("data_date", record->data_date);
  ADD_STRING ("source", record->source);
  ADD_STRING ("list", record->source_name);
  json_builder_set_member_name (builder, "imported");
  json_builder_add_boolean_value (builder, record->imported);
  json_builder_set_member_name (builder, "favourite");
  json_builder_add_boolean_value (builder, record->favourite);
#undef ADD_STRING
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
parse_masks (char      **levels,
             char      **types,
             guint      *out_levels,
             guint      *out_types)
{
  *out_levels = 0;
  *out_types = 0;
  for (guint i = 0; levels != NULL && levels[i] != NULL; i++)
    {
      YidiInstitutionLevel level;

      if (!yidi_institution_level_from_key (levels[i], &level))
        {
          g_printerr (_("“%s” is not a level. Use level1, level2, level3, community, unrated or unknown (or 一级, 二级, 三级, 社区, 未定级)."),
                      levels[i]);
          g_printerr ("\n");
          return FALSE;
        }
      *out_levels |= 1u << level;
    }
  for (guint i = 0; types != NULL && types[i] != NULL; i++)
    {
      YidiInstitutionType type;

      if (!yidi_institution_type_from_key (types[i], &type))
        {
          g_printerr (_("“%s” is not an institution type. Use general, tcm, integrated, maternal_child, specialty, primary or other (or 综合, 中医, 专科, 妇幼 …)."),
                      types[i]);
          g_printerr ("\n");
          return FALSE;
        }
      *out_types |= 1u << type;
    }
  return TRUE;
}

int
yidi_cli_run_search (int    argc,
                     char **argv)
{
  g_autofree char *province = NULL;
  g_autofree char *city = NULL;
  g_autofree char *county = NULL;
  g_auto(GStrv) levels = NULL;
  g_auto(GStrv) types = NULL;
  g_autofree char *directory_path = NULL;
  g_autofree char *user_db = NULL;
  gboolean inpatient = FALSE, outpatient = FALSE, chronic = FALSE;
  gboolean favourites = FALSE, json = FALSE;
  int offset = 0, limit = 20;
  GOptionEntry entries[] = {
    { "province", 0, 0, G_OPTION_ARG_STRING, &province, N_("Only in this province (name or code)"), N_("PLACE") },
    { "city", 0, 0, G_OPTION_ARG_STRING, &city, N_("Only in this city (name or code)"), N_("PLACE") },
    { "county", 0, 0, G_OPTION_ARG_STRING, &county, N_("Only in this county or district (name or code)"), N_("PLACE") },
    { "level", 0, 0, G_OPTION_ARG_STRING_ARRAY, &levels, N_("Only of this level; may be repeated"), N_("LEVEL") },
    { "type", 0, 0, G_OPTION_ARG_STRING_ARRAY, &types, N_("Only of this type; may be repeated"), N_("TYPE") },
    { "inpatient", 0, 0, G_OPTION_ARG_NONE, &inpatient, N_("Only those known to settle hospital stays directly"), NULL },
    { "outpatient", 0, 0, G_OPTION_ARG_NONE, &outpatient, N_("Only those known to settle outpatient visits directly"), NULL },
    { "chronic", 0, 0, G_OPTION_ARG_NONE, &chronic,
      N_("Only those known to settle chronic and special disease outpatient care directly"), NULL },
    { "favourites", 0, 0, G_OPTION_ARG_NONE, &favourites, N_("Only your favourites"), NULL },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, N_("Skip this many results"), N_("N") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Show at most this many results (default 20)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "directory", 0, 0, G_OPTION_ARG_FILENAME, &directory_path, N_("The installed directory to use"), N_("FILE") },
    { "user-db", 0, 0, G_OPTION_ARG_FILENAME, &user_db, N_("Your database of imported lists and favourites"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("[QUERY…] — search the designated institutions"));
  g_autoptr(YidiDirectoryQuery) query = yidi_directory_query_new ();
  g_autoptr(YidiDirectory) directory = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  const YidiDivision *place = NULL;
  YidiDivisions *divisions;
  guint total = 0;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("The query matches names, aliases and addresses (any part of them, in Chinese) "
                                      "and pinyin (xiehe or xh for 协和). Words separated by spaces must all match."));
  if (!parse_options (context, &argc, &argv))
    return 2;
  if (offset < 0 || limit < 0)
    {
      g_printerr ("%s\n", _("--offset and --limit cannot be negative."));
      return 2;
    }

  directory = yidi_directory_open (directory_path, user_db, &error);
  if (directory == NULL)
    {
      yidi_cli_print_error (error);
      return 1;
    }
  tell_moved_aside (directory);
  divisions = yidi_directory_get_divisions (directory);

  if (province != NULL && (place = find_place (divisions, province, YIDI_DIVISION_PROVINCE, NULL)) == NULL)
    return 1;
  if (city != NULL && (place = find_place (divisions, city, YIDI_DIVISION_CITY, place)) == NULL)
    return 1;
  if (county != NULL && (place = find_place (divisions, county, YIDI_DIVISION_COUNTY, place)) == NULL)
    return 1;

  query->text = argc > 1 ? g_strjoinv (" ", argv + 1) : NULL;
  query->place = place != NULL ? g_strdup (place->code) : NULL;
  if (!parse_masks (levels, types, &query->levels, &query->types))
    return 2;
  query->networked = (inpatient ? YIDI_NETWORKED_INPATIENT : 0) |
                     (outpatient ? YIDI_NETWORKED_OUTPATIENT : 0) |
                     (chronic ? YIDI_NETWORKED_CHRONIC : 0);
  query->favourites_only = favourites;

  if (!yidi_directory_count (directory, query, &total, NULL, &error) ||
      (records = yidi_directory_search (directory, query, offset, limit, NULL, &error)) == NULL)
    {
      yidi_cli_print_error (error);
      return 1;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "total");
      json_builder_add_int_value (builder, total);
      json_builder_set_member_name (builder, "offset");
      json_builder_add_int_value (builder, offset);
      json_builder_set_member_name (builder, "results");
      json_builder_begin_array (builder);
      for (guint i = 0; i < records->len; i++)
        json_builder_add_value (builder, record_to_json (g_ptr_array_index (records, i)));
      json_builder_end_array (builder);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
      return 0;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "%u institution found.", "%u institutions found.", total), total);
  g_print ("\n");
  if (records->len > 0 && (offset > 0 || records->len < total))
    {
      g_print (_("Showing %u to %u."), offset + 1, offset + records->len);
      g_print ("\n");
    }
  for (guint i = 0; i < records->len; i++)
    {
      g_print ("\n");
      print_record (g_ptr_array_index (records, i));
    }
  return 0;
}

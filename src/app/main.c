/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "yidi-application.h"
#include "yidi-paths.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(YidiApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, yidi_paths_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Yidi"));

  app = yidi_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}

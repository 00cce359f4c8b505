/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-paths"

#include "config.h"

#include "yidi-paths.h"

static const char *
env_or (const char *variable,
        const char *fallback)
{
  const char *value = g_getenv (variable);

  return value != NULL && *value != '\0' ? value : fallback;
}

const char *
yidi_paths_get_policy_dir (void)
{
  return env_or ("YIDI_POLICY_DIR", PKGDATADIR "/policies");
}

const char *
yidi_paths_get_directory_db (void)
{
  return env_or ("YIDI_DIRECTORY_DB", PKGDATADIR "/directory.sqlite");
}

const char *
yidi_paths_get_locale_dir (void)
{
  return env_or ("YIDI_LOCALE_DIR", LOCALEDIR);
}

char *
yidi_paths_get_user_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "yidi", NULL);
}

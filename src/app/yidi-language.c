/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-language"

#include "config.h"

#include <libintl.h>

#include "yidi-language.h"

struct _YidiLanguageScope
{
  char     *saved;       /* LANGUAGE before, or NULL */
  gboolean  was_set;
};

/* gettext caches the translations it found; setting the text domain
 * (even to the one it is) is the documented way to make it look them up
 * again after LANGUAGE changed. */
static void
refresh_gettext (void)
{
  g_autofree char *domain = g_strdup (textdomain (NULL));

  textdomain (domain);
}

/**
 * yidi_language_scope_begin:
 * @language: a language code as in po/LINGUAS ("zh_CN"), or "en"
 *
 * Returns: (transfer full): the scope to end with yidi_language_scope_end().
 */
YidiLanguageScope *
yidi_language_scope_begin (const char *language)
{
  YidiLanguageScope *scope;
  const char *saved;

  g_return_val_if_fail (language != NULL && *language != '\0', NULL);

  scope = g_new0 (YidiLanguageScope, 1);
  saved = g_getenv ("LANGUAGE");
  scope->was_set = saved != NULL;
  scope->saved = g_strdup (saved);

  g_setenv ("LANGUAGE", language, TRUE);
  refresh_gettext ();
  return scope;
}

void
yidi_language_scope_end (YidiLanguageScope *scope)
{
  if (scope == NULL)
    return;

  if (scope->was_set)
    g_setenv ("LANGUAGE", scope->saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  refresh_gettext ();

  g_free (scope->saved);
  g_free (scope);
}

const char *
yidi_language_get_current (void)
{
  const char * const *names = g_get_language_names ();

  for (; *names != NULL; names++)
    {
      if (g_str_has_prefix (*names, "zh"))
        return "zh_CN";
      if (g_str_equal (*names, "en") || g_str_has_prefix (*names, "en_"))
        return "en";
    }
  return "en";
}

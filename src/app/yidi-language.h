/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Builds text in another language than the window's: a social worker
 * with an English desktop still hands over a checklist in Chinese.
 *
 * Between begin and end, gettext and g_get_language_names() (which picks
 * the texts of the policy files) answer in @language ("zh_CN", "en").
 * Call both on the main thread and keep the span short: the language is
 * set process-wide (LANGUAGE), as gettext offers no other way. */

typedef struct _YidiLanguageScope YidiLanguageScope;

YidiLanguageScope *yidi_language_scope_begin (const char        *language) G_GNUC_WARN_UNUSED_RESULT;
void               yidi_language_scope_end   (YidiLanguageScope *scope);

/* "zh_CN" or "en": what the person reads now. */
const char        *yidi_language_get_current (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiLanguageScope, yidi_language_scope_end)

G_END_DECLS

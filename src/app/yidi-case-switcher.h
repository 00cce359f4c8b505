/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yidi-case-list.h"

G_BEGIN_DECLS

/* The header bar button that names the case being worked on and opens
 * the saved cases: search, switch, start a new one, import; each case
 * can be renamed, copied, exported or deleted. The rows activate the
 * window's actions (win.switch-case, win.rename-case, …), so it works
 * the same from every tab. */

#define YIDI_TYPE_CASE_SWITCHER (yidi_case_switcher_get_type ())

G_DECLARE_FINAL_TYPE (YidiCaseSwitcher, yidi_case_switcher, YIDI, CASE_SWITCHER, AdwBin)

void          yidi_case_switcher_set_case_list (YidiCaseSwitcher *self,
                                                YidiCaseList     *case_list);
YidiCaseList *yidi_case_switcher_get_case_list (YidiCaseSwitcher *self);
void          yidi_case_switcher_popup         (YidiCaseSwitcher *self);
void          yidi_case_switcher_popdown       (YidiCaseSwitcher *self);

/* What a row says below the name: "Referred to … · 12 days left". */
char         *yidi_case_switcher_describe      (YidiCaseSummary  *summary) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yidi-case.h"
#include "yidi-case-list.h"
#include "yidi-directory.h"
#include "yidi-filing.h"
#include "yidi-places.h"

G_BEGIN_DECLS

#define YIDI_TYPE_APPLICATION (yidi_application_get_type ())

G_DECLARE_FINAL_TYPE (YidiApplication, yidi_application, YIDI, APPLICATION, AdwApplication)

YidiApplication *yidi_application_new               (void) G_GNUC_WARN_UNUSED_RESULT;
YidiCase        *yidi_application_get_case          (YidiApplication *self);
GSettings       *yidi_application_get_settings      (YidiApplication *self);

/* The saved cases; "current" is yidi_application_get_case(). Opened at
 * start-up; "cases-ready" turns TRUE once opened (or failed). */
YidiCaseList    *yidi_application_get_case_list     (YidiApplication *self);
gboolean         yidi_application_get_cases_ready   (YidiApplication *self);
/* Why the saved cases could not be opened (nothing is saved then), or NULL. */
const GError    *yidi_application_get_cases_error   (YidiApplication *self);
/* The first caller gets the sentence about a damaged casebook that was
 * moved aside (NULL when there was none), so it is told once. */
char            *yidi_application_take_recovery_message (YidiApplication *self) G_GNUC_WARN_UNUSED_RESULT;

/* The filing rules, or NULL with the reason in @out_problem. */
YidiFilingRules *yidi_application_get_filing_rules  (YidiApplication *self,
                                                     const char     **out_problem);
/* The administrative divisions for the place pickers, or NULL when they
 * are not available (yet): "places" is notified when they come. */
YidiPlaces      *yidi_application_get_places        (YidiApplication *self);
void             yidi_application_set_places        (YidiApplication *self,
                                                     YidiPlaces      *places);

/* The institution directory, opened on a worker thread at start-up:
 * "directory-ready" turns TRUE once it is open or failed; "directory" is
 * notified when it comes. The error is a translated sentence. */
YidiDirectory   *yidi_application_get_directory     (YidiApplication *self);
gboolean         yidi_application_get_directory_ready (YidiApplication *self);
const GError    *yidi_application_get_directory_error (YidiApplication *self);
/* For tests: opens the directory from these files (NULL: the default).
 * Call before g_application_register(). */
void             yidi_application_set_directory_paths (YidiApplication *self,
                                                       const char      *bundled_path,
                                                       const char      *user_path);

/* For tests: opens the casebook at @path instead of the user's. Call
 * before g_application_register(). */
void             yidi_application_set_casebook_path (YidiApplication *self,
                                                     const char      *path);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yidi-case.h"
#include "yidi-case-summary.h"
#include "yidi-filing.h"
#include "yidi-places.h"

G_BEGIN_DECLS

/* The saved cases, for the case switcher: a GListModel of
 * YidiCaseSummary, most recently changed first, filtered by "search".
 * It owns the casebook, which only its one worker thread touches; every
 * operation is _async/_finish and the list updates (one items-changed)
 * before the callback runs. Writes always complete, even when cancelled.
 *
 * "current" is the one YidiCase every tab shares: switching loads another
 * saved case into it, so each tab updates through property notification.
 * Switch, start and delete cases through the list (not on "current"
 * directly), so it knows which saved case "current" holds.
 *
 * Autosave: with "autosave-delay" set, a change to "current" is saved
 * that many milliseconds after the last change. A new case is first
 * written once it differs from an empty case (a name, an answer, a tick,
 * any field); a case that was only opened is not written again. A
 * failed save emits "save-failed" and is retried with the next change.
 * "unsaved" is TRUE while a change waits or is being written. */

#define YIDI_TYPE_CASE_LIST (yidi_case_list_get_type ())

G_DECLARE_FINAL_TYPE (YidiCaseList, yidi_case_list, YIDI, CASE_LIST, GObject)

/* @rules (may be NULL) give the summaries their expiry. */
YidiCaseList *yidi_case_list_new              (YidiCase            *current,
                                               YidiFilingRules     *rules) G_GNUC_WARN_UNUSED_RESULT;

YidiCase     *yidi_case_list_get_current      (YidiCaseList        *self);
const char   *yidi_case_list_get_search       (YidiCaseList        *self);
/* After opening: where a damaged casebook was moved, or NULL. */
const char   *yidi_case_list_get_moved_aside  (YidiCaseList        *self);
/* A translated sentence for the person when the casebook was damaged, or NULL. */
char         *yidi_case_list_dup_recovery_message (YidiCaseList    *self) G_GNUC_WARN_UNUSED_RESULT;

/* Filters the list; refreshes it in the background. */
void          yidi_case_list_set_search       (YidiCaseList        *self,
                                               const char          *search);
/* Lets a search find cases by the name of their places. */
void          yidi_case_list_set_places       (YidiCaseList        *self,
                                               YidiPlaces          *places);
/* The day expiry is counted from; NULL (the default) means today. */
void          yidi_case_list_set_today        (YidiCaseList        *self,
                                               const GDate         *today);

/* The saved cases whose filing warns (30 days, 7 days, expired), most
 * urgent first: for the in-app banner and notifications. */
GPtrArray    *yidi_case_list_dup_warned       (YidiCaseList        *self) G_GNUC_WARN_UNUSED_RESULT;

guint         yidi_case_list_get_autosave_delay (YidiCaseList  *self);
/* 0 (the default) turns autosave off. */
void          yidi_case_list_set_autosave_delay (YidiCaseList  *self,
                                                 guint          delay_ms);
gboolean      yidi_case_list_get_unsaved      (YidiCaseList        *self);
/* Saves a waiting change now; the callback runs once every save asked
 * for so far is written. Call it before quitting. */
void          yidi_case_list_flush_async      (YidiCaseList        *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean      yidi_case_list_flush_finish     (YidiCaseList        *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Lets a search find cases by the name of their places. */
void          yidi_case_list_set_places       (YidiCaseList        *self,
                                               YidiPlaces          *places);
/* The day expiry is counted from (see yidi_case_list_set_today()). */
void          yidi_case_list_get_today        (YidiCaseList        *self,
                                               GDate               *out_today);

/* The expiry reminders due today that were not given yet (most urgent
 * first, YidiFilingReminder); each is marked as given in the casebook,
 * so a case warns once per level (30 days, 7 days, expired). */
void          yidi_case_list_take_reminders_async  (YidiCaseList        *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GPtrArray    *yidi_case_list_take_reminders_finish (YidiCaseList        *self,
                                                    GAsyncResult        *result,
                                                    GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* Opens the casebook at @path (NULL: the user's) and restores the case
 * last opened into "current". A damaged casebook is moved aside and an
 * empty one started: see yidi_case_list_get_moved_aside(). */
void          yidi_case_list_open_async       (YidiCaseList        *self,
                                               const char          *path,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean      yidi_case_list_open_finish      (YidiCaseList        *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Saves "current" (inserting it when new; its id is then set). */
void          yidi_case_list_save_async       (YidiCaseList        *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean      yidi_case_list_save_finish      (YidiCaseList        *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Loads saved case @id into "current" (a waiting change to the case
 * being left is saved first). */
void          yidi_case_list_switch_async     (YidiCaseList        *self,
                                               gint64               id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean      yidi_case_list_switch_finish    (YidiCaseList        *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Makes "current" a new, empty, unsaved case (a waiting change to the
 * case being left is saved first). */
void          yidi_case_list_new_case         (YidiCaseList        *self);

void          yidi_case_list_rename_async     (YidiCaseList        *self,
                                               gint64               id,
                                               const char          *label,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean      yidi_case_list_rename_finish    (YidiCaseList        *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Returns the id of the copy, 0 on error. */
void          yidi_case_list_duplicate_async  (YidiCaseList        *self,
                                               gint64               id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gint64        yidi_case_list_duplicate_finish (YidiCaseList        *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Deleting the current case makes "current" a new, empty case. */
void          yidi_case_list_delete_async     (YidiCaseList        *self,
                                               gint64               id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean      yidi_case_list_delete_finish    (YidiCaseList        *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* The case file (JSON) of saved case @id. */
void          yidi_case_list_export_async     (YidiCaseList        *self,
                                               gint64               id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GBytes       *yidi_case_list_export_finish    (YidiCaseList        *self,
                                               GAsyncResult        *result,
                                               GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* Adds the case of a case file; returns its id, 0 on error (nothing was
 * changed). @file_name names the file in error messages. */
void          yidi_case_list_import_async     (YidiCaseList        *self,
                                               GBytes              *contents,
                                               const char          *file_name,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gint64        yidi_case_list_import_finish    (YidiCaseList        *self,
                                               GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS

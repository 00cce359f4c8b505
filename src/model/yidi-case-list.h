/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yidi-case.h"
#include "yidi-case-summary.h"
#include "yidi-filing.h"

G_BEGIN_DECLS

/* The saved cases, for the case switcher: a GListModel of
 * YidiCaseSummary, most recently changed first, filtered by "search".
 * It owns the casebook, which only its one worker thread touches; every
 * operation is _async/_finish and the list updates (one items-changed)
 * before the callback runs. Writes always complete, even when cancelled.
 *
 * "current" is the one YidiCase every tab shares: switching loads another
 * saved case into it, so each tab updates through property notification. */

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
/* The day expiry is counted from; NULL (the default) means today. */
void          yidi_case_list_set_today        (YidiCaseList        *self,
                                               const GDate         *today);

/* The saved cases whose filing warns (30 days, 7 days, expired), most
 * urgent first: for the in-app banner and notifications. */
GPtrArray    *yidi_case_list_dup_warned       (YidiCaseList        *self) G_GNUC_WARN_UNUSED_RESULT;

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

/* Loads saved case @id into "current". */
void          yidi_case_list_switch_async     (YidiCaseList        *self,
                                               gint64               id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean      yidi_case_list_switch_finish    (YidiCaseList        *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Makes "current" a new, empty, unsaved case. */
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

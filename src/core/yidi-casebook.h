/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "yidi-case-record.h"
#include "yidi-filing.h"

G_BEGIN_DECLS

/* The user's saved cases, in the user database ($XDG_DATA_HOME/yidi/
 * user.sqlite: mode 0600, WAL, full sync). Every write is one
 * transaction, so a crash leaves the last saved state. A damaged file is
 * moved aside and a fresh casebook started; errors are in YIDI_DB_ERROR
 * (storage) or YIDI_CASE_ERROR (the case itself).
 *
 * A casebook is not thread-safe: use it from one thread at a time. */

typedef struct _YidiCasebook YidiCasebook;

char           *yidi_casebook_get_default_path   (void) G_GNUC_WARN_UNUSED_RESULT;

/* Opens (creating) the casebook at @path, or the default path when NULL.
 * When the file was damaged, it is moved aside, a fresh casebook is
 * opened and the new name of the damaged file is in @out_moved_aside. */
YidiCasebook   *yidi_casebook_open               (const char     *path,
                                                  char          **out_moved_aside,
                                                  GError        **error) G_GNUC_WARN_UNUSED_RESULT;
void            yidi_casebook_close              (YidiCasebook   *self);
const char     *yidi_casebook_get_path           (YidiCasebook   *self);

/* Inserts @record when its id is 0 (and sets the id), replaces the saved
 * case otherwise. Sets created/modified. All or nothing. */
gboolean        yidi_casebook_save               (YidiCasebook   *self,
                                                  YidiCaseRecord *record,
                                                  GError        **error);
YidiCaseRecord *yidi_casebook_load               (YidiCasebook   *self,
                                                  gint64          id,
                                                  GError        **error) G_GNUC_WARN_UNUSED_RESULT;

/* The saved cases (YidiCaseRecord), most recently changed first. A
 * non-empty @query matches the label, the notes or a division code;
 * @place_codes (may be NULL) also match cases whose insured place or
 * treatment place lies within one of these divisions, so the caller can
 * turn a place name typed by the person into codes. */
GPtrArray      *yidi_casebook_list               (YidiCasebook       *self,
                                                  const char         *query,
                                                  const char * const *place_codes,
                                                  GError            **error) G_GNUC_WARN_UNUSED_RESULT;
guint           yidi_casebook_count              (YidiCasebook   *self);

gboolean        yidi_casebook_rename             (YidiCasebook   *self,
                                                  gint64          id,
                                                  const char     *label,
                                                  GError        **error);
/* A copy of case @id under @label, or "LABEL (copy)" when NULL. Returns
 * the new id, 0 on error. */
gint64          yidi_casebook_duplicate          (YidiCasebook   *self,
                                                  gint64          id,
                                                  const char     *label,
                                                  GError        **error);
gboolean        yidi_casebook_delete             (YidiCasebook   *self,
                                                  gint64          id,
                                                  GError        **error);

/* One checklist tick, saved at once. */
gboolean        yidi_casebook_set_checked        (YidiCasebook   *self,
                                                  gint64          id,
                                                  const char     *key,
                                                  gboolean        checked,
                                                  GError        **error);

/* The case open when Yidi last closed; 0 when none (or it was deleted). */
gint64          yidi_casebook_get_last_opened    (YidiCasebook   *self);
gboolean        yidi_casebook_set_last_opened    (YidiCasebook   *self,
                                                  gint64          id,
                                                  GError        **error);

/* Case files. Export gives the JSON text of case @id; import adds the
 * case of a file as a new case and returns its id (0 on error: nothing
 * was changed). */
char           *yidi_casebook_export             (YidiCasebook   *self,
                                                  gint64          id,
                                                  gsize          *out_length,
                                                  GError        **error) G_GNUC_WARN_UNUSED_RESULT;
gint64          yidi_casebook_import             (YidiCasebook   *self,
                                                  const char     *data,
                                                  gssize          length,
                                                  const char     *file_name,
                                                  GError        **error);

/* Expiry reminders: the highest warning already shown for a case, so a
 * warning is given once per level. */
YidiFilingWarning yidi_casebook_get_warned       (YidiCasebook   *self,
                                                  gint64          id);
gboolean        yidi_casebook_set_warned         (YidiCasebook     *self,
                                                  gint64            id,
                                                  YidiFilingWarning warning,
                                                  GError          **error);

/* The reminders due on @today that have not been shown yet (a higher
 * level than yidi_casebook_get_warned()), most urgent first. */
GPtrArray      *yidi_casebook_list_due_reminders (YidiCasebook    *self,
                                                  YidiFilingRules *rules,
                                                  const GDate     *today,
                                                  GError         **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiCasebook, yidi_casebook_close)

G_END_DECLS

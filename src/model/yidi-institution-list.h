/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yidi-directory.h"
#include "yidi-institution.h"

G_BEGIN_DECLS

/* Search results as a GListModel of YidiInstitution, read from the
 * directory a page at a time on a worker thread, never all at once.
 *
 * Setting the text or a filter starts a new search; the newest search
 * wins (older ones are cancelled and their results dropped). Until its
 * first page is in, the model keeps showing the previous results and
 * :loading is TRUE; then one items-changed replaces them. If that page is
 * full, :counting is TRUE while the results are counted, and one more
 * items-changed then makes :n-items the total (counting a large result
 * can take longer than finding its first page). An item whose page is
 * not read yet is a placeholder (its :loading is TRUE); the page is read
 * when first asked for, and one items-changed per page swaps the
 * placeholders for the institutions. */

#define YIDI_INSTITUTION_LIST_PAGE_SIZE 50

#define YIDI_TYPE_INSTITUTION_LIST (yidi_institution_list_get_type ())

G_DECLARE_FINAL_TYPE (YidiInstitutionList, yidi_institution_list, YIDI, INSTITUTION_LIST, GObject)

YidiInstitutionList      *yidi_institution_list_new             (YidiDirectory            *directory) G_GNUC_WARN_UNUSED_RESULT;

YidiDirectory            *yidi_institution_list_get_directory   (YidiInstitutionList      *self);
const YidiDirectoryQuery *yidi_institution_list_get_query       (YidiInstitutionList      *self);
const char               *yidi_institution_list_get_text        (YidiInstitutionList      *self);
const char               *yidi_institution_list_get_place       (YidiInstitutionList      *self);
guint                     yidi_institution_list_get_levels      (YidiInstitutionList      *self);
guint                     yidi_institution_list_get_types       (YidiInstitutionList      *self);
YidiNetworkedFlags        yidi_institution_list_get_networked   (YidiInstitutionList      *self);
gboolean                  yidi_institution_list_get_favourites_only (YidiInstitutionList  *self);
gboolean                  yidi_institution_list_get_loading     (YidiInstitutionList      *self);
gboolean                  yidi_institution_list_get_counting    (YidiInstitutionList      *self);
const GError             *yidi_institution_list_get_error       (YidiInstitutionList      *self);

void                      yidi_institution_list_set_query       (YidiInstitutionList      *self,
                                                                 const YidiDirectoryQuery *query);
void                      yidi_institution_list_set_text        (YidiInstitutionList      *self,
                                                                 const char               *text);
void                      yidi_institution_list_set_place       (YidiInstitutionList      *self,
                                                                 const char               *division_code);
void                      yidi_institution_list_set_levels      (YidiInstitutionList      *self,
                                                                 guint                     levels);
void                      yidi_institution_list_set_types       (YidiInstitutionList      *self,
                                                                 guint                     types);
void                      yidi_institution_list_set_networked   (YidiInstitutionList      *self,
                                                                 YidiNetworkedFlags        networked);
void                      yidi_institution_list_set_favourites_only (YidiInstitutionList  *self,
                                                                 gboolean                  favourites_only);

void                      yidi_institution_list_refresh         (YidiInstitutionList      *self);
void                      yidi_institution_list_set_favourite   (YidiInstitutionList      *self,
                                                                 YidiInstitution          *institution,
                                                                 gboolean                  favourite);

G_END_DECLS

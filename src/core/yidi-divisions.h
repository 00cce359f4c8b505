/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "yidi-types.h"

G_BEGIN_DECLS

/* The administrative divisions (GB/T 2260 codes: province, city, county),
 * held in memory: a few thousand entries, read once, never changed, safe
 * to share between threads. Codes are six-digit strings ("440106"). */

typedef struct {
  const char *code;
  const char *name;          /* 广州市天河区 is "天河区" */
  const char *short_name;    /* "天河", "广州", "广东", "内蒙古" */
  YidiDivisionLevel level;
  const char *parent_code;   /* NULL for a province */
  gboolean stat_only;        /* a statistical zone, not a GB/T 2260 division */
} YidiDivision;

typedef struct _YidiDivisions YidiDivisions;

YidiDivisions      *yidi_divisions_new_from_csv   (const char     *path,
                                                   GError        **error);
YidiDivisions      *yidi_divisions_ref            (YidiDivisions  *self);
void                yidi_divisions_unref          (YidiDivisions  *self);

guint               yidi_divisions_get_n_items    (YidiDivisions  *self);
const YidiDivision *yidi_divisions_lookup         (YidiDivisions  *self,
                                                   const char     *code);
GPtrArray          *yidi_divisions_get_children   (YidiDivisions  *self,
                                                   const char     *parent_code);
const YidiDivision *yidi_divisions_get_ancestor   (YidiDivisions  *self,
                                                   const char     *code,
                                                   YidiDivisionLevel level);
char               *yidi_divisions_get_path_name  (YidiDivisions  *self,
                                                   const char     *code) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray          *yidi_divisions_find           (YidiDivisions  *self,
                                                   const char     *name_or_code,
                                                   const char     *within_code);
const YidiDivision *yidi_divisions_resolve        (YidiDivisions  *self,
                                                   const char     *text,
                                                   const char     *within_code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiDivisions, yidi_divisions_unref)

G_END_DECLS

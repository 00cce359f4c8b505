/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The administrative divisions (GB/T 2260: province → city → county) as
 * the place pickers need them: what lies within a place, what matches
 * what the person typed, and the name of a code. The directory provides
 * them; tests provide a small table. */

typedef struct {
  char     *code;          /* six digits: "440106" */
  char     *name;          /* "天河区" */
  char     *full_name;     /* "广东省 广州市 天河区" */
  char     *parent_code;   /* NULL for a province */
  gboolean  has_children;
} YidiPlace;

#define YIDI_TYPE_PLACE (yidi_place_get_type ())
#define YIDI_TYPE_PLACES (yidi_places_get_type ())

G_DECLARE_INTERFACE (YidiPlaces, yidi_places, YIDI, PLACES, GObject)

struct _YidiPlacesInterface
{
  GTypeInterface parent_iface;

  GPtrArray *(*list_children) (YidiPlaces *self,
                               const char *parent_code);
  GPtrArray *(*search)        (YidiPlaces *self,
                               const char *text,
                               guint       limit);
  YidiPlace *(*lookup)        (YidiPlaces *self,
                               const char *code);
};

GType      yidi_place_get_type         (void) G_GNUC_CONST;
YidiPlace *yidi_place_new              (const char *code,
                                        const char *name,
                                        const char *full_name,
                                        const char *parent_code,
                                        gboolean    has_children) G_GNUC_WARN_UNUSED_RESULT;
YidiPlace *yidi_place_copy             (const YidiPlace *place) G_GNUC_WARN_UNUSED_RESULT;
void       yidi_place_free             (YidiPlace       *place);

/* The places directly within @parent_code (NULL: the provinces), in
 * code order (YidiPlace). */
GPtrArray *yidi_places_list_children   (YidiPlaces *self,
                                        const char *parent_code) G_GNUC_WARN_UNUSED_RESULT;
/* At most @limit places whose name, short name or code matches @text,
 * best first (YidiPlace). */
GPtrArray *yidi_places_search          (YidiPlaces *self,
                                        const char *text,
                                        guint       limit) G_GNUC_WARN_UNUSED_RESULT;
/* The place of @code, or NULL when there is none. */
YidiPlace *yidi_places_lookup          (YidiPlaces *self,
                                        const char *code) G_GNUC_WARN_UNUSED_RESULT;
/* "广东省 广州市 天河区", or NULL when @places is NULL or knows no @code. */
char      *yidi_places_dup_full_name   (YidiPlaces *places,
                                        const char *code) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiPlace, yidi_place_free)

G_END_DECLS

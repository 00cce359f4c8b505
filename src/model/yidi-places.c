/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-places"

#include "config.h"

#include "yidi-places.h"

G_DEFINE_BOXED_TYPE (YidiPlace, yidi_place, yidi_place_copy, yidi_place_free)
G_DEFINE_INTERFACE (YidiPlaces, yidi_places, G_TYPE_OBJECT)

static void
yidi_places_default_init (YidiPlacesInterface *iface)
{
}

YidiPlace *
yidi_place_new (const char *code,
                const char *name,
                const char *full_name,
                const char *parent_code,
                gboolean    has_children)
{
  YidiPlace *place;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  place = g_new0 (YidiPlace, 1);
  place->code = g_strdup (code);
  place->name = g_strdup (name);
  place->full_name = g_strdup (full_name != NULL ? full_name : name);
  place->parent_code = g_strdup (parent_code);
  place->has_children = has_children;
  return place;
}

YidiPlace *
yidi_place_copy (const YidiPlace *place)
{
  g_return_val_if_fail (place != NULL, NULL);
  return yidi_place_new (place->code, place->name, place->full_name,
                         place->parent_code, place->has_children);
}

void
yidi_place_free (YidiPlace *place)
{
  if (place == NULL)
    return;
  g_free (place->code);
  g_free (place->name);
  g_free (place->full_name);
  g_free (place->parent_code);
  g_free (place);
}

GPtrArray *
yidi_places_list_children (YidiPlaces *self,
                           const char *parent_code)
{
  g_return_val_if_fail (YIDI_IS_PLACES (self), NULL);
  return YIDI_PLACES_GET_IFACE (self)->list_children (self, parent_code);
}

GPtrArray *
yidi_places_search (YidiPlaces *self,
                    const char *text,
                    guint       limit)
{
  g_return_val_if_fail (YIDI_IS_PLACES (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);
  return YIDI_PLACES_GET_IFACE (self)->search (self, text, limit);
}

YidiPlace *
yidi_places_lookup (YidiPlaces *self,
                    const char *code)
{
  g_return_val_if_fail (YIDI_IS_PLACES (self), NULL);
  if (code == NULL)
    return NULL;
  return YIDI_PLACES_GET_IFACE (self)->lookup (self, code);
}

char *
yidi_places_dup_full_name (YidiPlaces *places,
                           const char *code)
{
  g_autoptr(YidiPlace) place = NULL;

  g_return_val_if_fail (places == NULL || YIDI_IS_PLACES (places), NULL);

  if (places == NULL || code == NULL)
    return NULL;
  place = yidi_places_lookup (places, code);
  return place != NULL ? g_strdup (place->full_name) : NULL;
}

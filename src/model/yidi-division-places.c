/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-division-places"

#include "config.h"

#include <string.h>

#include "yidi-division-places.h"

struct _YidiDivisionPlaces
{
  GObject parent_instance;

  YidiDivisions *divisions;
  GPtrArray *all;           /* const YidiDivision*, provinces first, for search */
};

static void yidi_division_places_iface_init (YidiPlacesInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YidiDivisionPlaces, yidi_division_places, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (YIDI_TYPE_PLACES, yidi_division_places_iface_init))

static YidiPlace *
make_place (YidiDivisionPlaces *self,
            const YidiDivision *division)
{
  g_autofree char *full_name = yidi_divisions_get_path_name (self->divisions, division->code);
  g_autoptr(GPtrArray) children = yidi_divisions_get_children (self->divisions, division->code);

  return yidi_place_new (division->code, division->name, full_name, division->parent_code,
                         children->len > 0);
}

static GPtrArray *
list_children (YidiPlaces *places,
               const char *parent_code)
{
  YidiDivisionPlaces *self = YIDI_DIVISION_PLACES (places);
  g_autoptr(GPtrArray) children = yidi_divisions_get_children (self->divisions, parent_code);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_place_free);

  for (guint i = 0; i < children->len; i++)
    {
      const YidiDivision *division = g_ptr_array_index (children, i);

      if (!division->stat_only)
        g_ptr_array_add (out, make_place (self, division));
    }
  return out;
}

/* How well @division answers to @text: 0 not at all, higher is better. */
static int
match (const YidiDivision *division,
       const char         *text)
{
  if (g_str_equal (division->name, text) || g_str_equal (division->short_name, text) ||
      g_str_equal (division->code, text))
    return 3;
  if (g_str_has_prefix (division->name, text) || g_str_has_prefix (division->short_name, text) ||
      g_str_has_prefix (division->code, text))
    return 2;
  if (strstr (division->name, text) != NULL)
    return 1;
  return 0;
}

/* Exact names first, then names that start with the text, then the rest;
 * provinces before cities before counties within each (the list is in
 * that order). */
static GPtrArray *
search (YidiPlaces *places,
        const char *text,
        guint       limit)
{
  YidiDivisionPlaces *self = YIDI_DIVISION_PLACES (places);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_place_free);
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  if (*trimmed == '\0')
    return out;

  for (int quality = 3; quality > 0 && out->len < limit; quality--)
    for (guint i = 0; i < self->all->len && out->len < limit; i++)
      {
        const YidiDivision *division = g_ptr_array_index (self->all, i);

        if (match (division, trimmed) == quality)
          g_ptr_array_add (out, make_place (self, division));
      }
  return out;
}

static YidiPlace *
lookup (YidiPlaces *places,
        const char *code)
{
  YidiDivisionPlaces *self = YIDI_DIVISION_PLACES (places);
  const YidiDivision *division = yidi_divisions_lookup (self->divisions, code);

  return division != NULL ? make_place (self, division) : NULL;
}

static void
yidi_division_places_iface_init (YidiPlacesInterface *iface)
{
  iface->list_children = list_children;
  iface->search = search;
  iface->lookup = lookup;
}

static void
yidi_division_places_finalize (GObject *object)
{
  YidiDivisionPlaces *self = YIDI_DIVISION_PLACES (object);

  g_clear_pointer (&self->all, g_ptr_array_unref);
  g_clear_pointer (&self->divisions, yidi_divisions_unref);

  G_OBJECT_CLASS (yidi_division_places_parent_class)->finalize (object);
}

static void
yidi_division_places_class_init (YidiDivisionPlacesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yidi_division_places_finalize;
}

static void
yidi_division_places_init (YidiDivisionPlaces *self)
{
  self->all = g_ptr_array_new ();
}

/* Every division, level by level: provinces, then cities, then counties. */
static void
collect (YidiDivisionPlaces *self)
{
  g_autoptr(GPtrArray) level = yidi_divisions_get_children (self->divisions, NULL);

  while (level->len > 0)
    {
      g_autoptr(GPtrArray) next = g_ptr_array_new ();

      for (guint i = 0; i < level->len; i++)
        {
          const YidiDivision *division = g_ptr_array_index (level, i);
          g_autoptr(GPtrArray) children = NULL;

          if (division->stat_only)
            continue;
          g_ptr_array_add (self->all, (gpointer) division);
          children = yidi_divisions_get_children (self->divisions, division->code);
          g_ptr_array_extend (next, children, NULL, NULL);
        }
      g_ptr_array_unref (level);
      level = g_steal_pointer (&next);
    }
}

/**
 * yidi_division_places_new:
 * @divisions: the divisions (a reference is kept)
 *
 * Returns: (transfer full): the places.
 */
YidiPlaces *
yidi_division_places_new (YidiDivisions *divisions)
{
  YidiDivisionPlaces *self;

  g_return_val_if_fail (divisions != NULL, NULL);

  self = g_object_new (YIDI_TYPE_DIVISION_PLACES, NULL);
  self->divisions = yidi_divisions_ref (divisions);
  collect (self);
  return YIDI_PLACES (self);
}

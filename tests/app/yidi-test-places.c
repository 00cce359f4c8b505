/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "yidi-test-places.h"

struct _YidiTestPlaces
{
  GObject parent_instance;
};

static void yidi_test_places_iface_init (YidiPlacesInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YidiTestPlaces, yidi_test_places, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (YIDI_TYPE_PLACES, yidi_test_places_iface_init))

static const struct {
  const char *code;
  const char *name;
  const char *parent;
} table[] = {
  { "110000", "北京市", NULL },
  { "110101", "东城区", "110000" },
  { "110105", "朝阳区", "110000" },
  { "220000", "吉林省", NULL },
  { "220200", "吉林市", "220000" },
  { "430000", "湖南省", NULL },
  { "430300", "湘潭市", "430000" },
  { "440000", "广东省", NULL },
  { "440100", "广州市", "440000" },
  { "440104", "越秀区", "440100" },
  { "440106", "天河区", "440100" },
  { "440300", "深圳市", "440000" },
  { "440305", "南山区", "440300" },
};

static int
find (const char *code)
{
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (table); i++)
    if (g_str_equal (table[i].code, code))
      return (int) i;
  return -1;
}

static YidiPlace *
make_place (guint i)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *full = NULL;
  gboolean has_children = FALSE;

  for (int j = (int) i; j >= 0; j = find (table[j].parent))
    g_ptr_array_insert (names, 0, (gpointer) table[j].name);
  g_ptr_array_add (names, NULL);
  full = g_strjoinv (" ", (char **) names->pdata);
  for (guint j = 0; j < G_N_ELEMENTS (table); j++)
    if (g_strcmp0 (table[j].parent, table[i].code) == 0)
      has_children = TRUE;
  return yidi_place_new (table[i].code, table[i].name, full, table[i].parent, has_children);
}

static GPtrArray *
list_children (YidiPlaces *places,
               const char *parent_code)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_place_free);

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_strcmp0 (table[i].parent, parent_code) == 0)
      g_ptr_array_add (out, make_place (i));
  return out;
}

static GPtrArray *
search (YidiPlaces *places,
        const char *text,
        guint       limit)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_place_free);

  for (guint i = 0; i < G_N_ELEMENTS (table) && out->len < limit; i++)
    if (strstr (table[i].name, text) != NULL || g_str_has_prefix (table[i].code, text))
      g_ptr_array_add (out, make_place (i));
  return out;
}

static YidiPlace *
lookup (YidiPlaces *places,
        const char *code)
{
  int i = find (code);

  return i >= 0 ? make_place ((guint) i) : NULL;
}

static void
yidi_test_places_iface_init (YidiPlacesInterface *iface)
{
  iface->list_children = list_children;
  iface->search = search;
  iface->lookup = lookup;
}

static void
yidi_test_places_class_init (YidiTestPlacesClass *klass)
{
}

static void
yidi_test_places_init (YidiTestPlaces *self)
{
}

YidiPlaces *
yidi_test_places_new (void)
{
  return g_object_new (YIDI_TYPE_TEST_PLACES, NULL);
}

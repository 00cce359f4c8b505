/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-pinyin"

#include "config.h"

#include <string.h>

#include "yidi-pinyin.h"

#include "yidi-pinyin-table.inc"

/* Characters whose preferred Unihan reading is not the one they have in
 * the names of places and hospitals. */
static const struct {
  gunichar c;
  const char *syllable;
} char_overrides[] = {
  { 0x90FD, "du" },     /* 都: 成都, 首都 (not dou) */
  { 0x85CF, "zang" },   /* 藏: 西藏, 藏医 */
  { 0x957F, "chang" },  /* 长: 长沙, 长春, 长征 (长子 below) */
  { 0x53A6, "xia" },    /* 厦: 厦门 */
  { 0x868C, "beng" },   /* 蚌: 蚌埠 */
};

/* Place names read differently from their characters' usual readings.
 * Each syllable list has one syllable per character, space-separated. */
static const struct {
  const char *phrase;
  const char *syllables;
} phrase_overrides[] = {
  { "重庆", "chong qing" },
  { "长子", "zhang zi" },
  { "六安", "lu an" },
  { "番禺", "pan yu" },
  { "单县", "shan xian" },
  { "乐清", "yue qing" },
  { "乐亭", "lao ting" },
  { "蔚县", "yu xian" },
  { "铅山", "yan shan" },
  { "涡阳", "guo yang" },
  { "洪洞", "hong tong" },
  { "东阿", "dong e" },
  { "尉氏", "yu shi" },
  { "曾都", "zeng du" },
  { "荥阳", "xing yang" },
  { "荥经", "ying jing" },
  { "枞阳", "zong yang" },
  { "筠连", "jun lian" },
  { "犍为", "qian wei" },
  { "歙县", "she xian" },
  { "珲春", "hun chun" },
  { "牟平", "mu ping" },
  { "大埔", "da bu" },
  { "浚县", "xun xian" },
};

static const char *
lookup_table (gunichar c)
{
  guint16 index = 0;

  if (c >= PINYIN_RANGE0_FIRST && c <= PINYIN_RANGE0_LAST)
    index = pinyin_range0[c - PINYIN_RANGE0_FIRST];
  else if (c >= PINYIN_RANGE1_FIRST && c <= PINYIN_RANGE1_LAST)
    index = pinyin_range1[c - PINYIN_RANGE1_FIRST];

  g_assert (index <= PINYIN_N_SYLLABLES);
  return pinyin_syllables[index];
}

/**
 * yidi_pinyin_get_syllable:
 * @c: a character
 *
 * Returns: (nullable): the toneless syllable of an ideograph as read in
 *   names of places and hospitals, or %NULL if it has none.
 */
const char *
yidi_pinyin_get_syllable (gunichar c)
{
  const char *syllable;

  for (guint i = 0; i < G_N_ELEMENTS (char_overrides); i++)
    {
      if (char_overrides[i].c == c)
        return char_overrides[i].syllable;
    }
  syllable = lookup_table (c);
  /* Interjections read m, n, ng, hm, hng (呣, 嗯, 哼) are not typed as
   * pinyin, and would make every n a syllable. */
  return syllable != NULL && strpbrk (syllable, "aeiouv") != NULL ? syllable : NULL;
}

static void
append_syllable (GString    *full,
                 GString    *initials,
                 char        separator,
                 const char *syllable,
                 gsize       length)
{
  if (separator != '\0' && full->len > 0)
    g_string_append_c (full, separator);
  g_string_append_len (full, syllable, length);
  g_string_append_c (initials, syllable[0]);
}

/* If a phrase override starts at @p, appends its syllables and returns the
 * position after it; otherwise returns NULL. */
static const char *
apply_phrase (const char *p,
              GString    *full,
              GString    *initials,
              char        separator)
{
  /* Every phrase starts with a three-byte character: compare those first. */
  if ((guchar) p[0] < 0xE0)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (phrase_overrides); i++)
    {
      const char *phrase = phrase_overrides[i].phrase;
      gsize length;

      if (phrase[0] != p[0] || phrase[1] != p[1] || phrase[2] != p[2])
        continue;
      length = strlen (phrase);
      if (strncmp (p, phrase, length) == 0)
        {
          const char *s = phrase_overrides[i].syllables;

          while (*s != '\0')
            {
              gsize n = strcspn (s, " ");

              append_syllable (full, initials, separator, s, n);
              s += n;
              while (*s == ' ')
                s++;
            }
          return p + length;
        }
    }
  return NULL;
}

/**
 * yidi_pinyin_convert:
 * @text: UTF-8 text
 * @separator: put between syllables, or '\0' to run them together
 * @out_full: (out) (optional): the syllables, e.g. "xiehe" or "xie'he"
 * @out_initials: (out) (optional): their initials, e.g. "xh"
 *
 * Converts @text to pinyin for search. Invalid UTF-8 ends the conversion.
 */
void
yidi_pinyin_convert (const char  *text,
                     char         separator,
                     char       **out_full,
                     char       **out_initials)
{
  g_autoptr(GString) full = g_string_new (NULL);
  g_autoptr(GString) initials = g_string_new (NULL);
  const char *p = text;

  g_return_if_fail (text != NULL);

  while (*p != '\0')
    {
      const char *after = apply_phrase (p, full, initials, separator);
      gunichar c;
      const char *syllable;

      if (after != NULL)
        {
          p = after;
          continue;
        }

      c = g_utf8_get_char_validated (p, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      p = g_utf8_next_char (p);

      if ((syllable = yidi_pinyin_get_syllable (c)) != NULL)
        append_syllable (full, initials, separator, syllable, strlen (syllable));
    }

  if (out_full != NULL)
    *out_full = g_string_free (g_steal_pointer (&full), FALSE);
  if (out_initials != NULL)
    *out_initials = g_string_free (g_steal_pointer (&initials), FALSE);
}

/* ---------------------------------------------------------------------- */
/* Reading typed pinyin */

static GHashTable *syllables;   /* syllable or its prefix → GINT_TO_POINTER (TRUE if whole) */

static GHashTable *
get_syllables (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 1; i <= PINYIN_N_SYLLABLES; i++)
        {
          const char *syllable = pinyin_syllables[i];
          gsize length = strlen (syllable);

          /* Every prefix, and the whole syllable marked as such. */
          if (strpbrk (syllable, "aeiouv") == NULL)
        continue;
      for (gsize n = 1; n < length; n++)
            {
              char *prefix = g_strndup (syllable, n);

              if (!g_hash_table_contains (table, prefix))
                g_hash_table_insert (table, prefix, GINT_TO_POINTER (FALSE));
              else
                g_free (prefix);
            }
          g_hash_table_insert (table, (gpointer) syllable, GINT_TO_POINTER (TRUE));
        }
      syllables = table;
      g_once_init_leave (&once, 1);
    }
  return syllables;
}

typedef struct {
  const char *letters;
  gsize length;
  GPtrArray *found;         /* GArray of guint8: syllable starts */
  guint max;
  GArray *starts;
} Split;

/* Splits letters[from..] into whole syllables, the last of which may be
 * cut short; adds each way to split->found. */
static gboolean
split_from (Split *split,
            gsize  from)
{
  gsize end = split->length;

  if (from == end)
    {
      if (split->found->len >= split->max)
        return FALSE;
      g_ptr_array_add (split->found, g_array_copy (split->starts));
      return TRUE;
    }

  for (gsize n = 1; from + n <= end && n <= 6; n++)
    {
      char piece[8];
      gpointer whole;

      memcpy (piece, split->letters + from, n);
      piece[n] = '\0';
      if (!g_hash_table_lookup_extended (get_syllables (), piece, NULL, &whole))
        break;
      /* A piece that is not a whole syllable can only end the text. */
      if (!GPOINTER_TO_INT (whole) && from + n != end)
        continue;
      {
        guint8 start = (guint8) from;

        g_array_append_val (split->starts, start);
      }
      if (!split_from (split, from + n))
        return FALSE;
      g_array_set_size (split->starts, split->starts->len - 1);
    }
  return TRUE;
}

/**
 * yidi_pinyin_split:
 * @letters: typed pinyin, lower case, without separators, at most 255
 *   letters
 * @max: the most ways of reading it worth returning
 *
 * Reads @letters as syllables in every way it can be read (its last
 * syllable may be cut short, as when one is still typing): "xian" as
 * xian and xi'an, "zhongxinwei" as zhong'xin'wei and zhong'xin'we….
 *
 * Returns: (transfer full) (nullable) (element-type GArray): for each
 *   reading, the offsets (guint8) where its syllables start; empty if
 *   @letters cannot be read as pinyin; %NULL if there are more than @max.
 */
GPtrArray *
yidi_pinyin_split (const char *letters,
                   guint       max)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint8));
  Split split = { letters, strlen (letters), found, max, starts };

  g_return_val_if_fail (letters != NULL, NULL);

  if (split.length > 255 || !split_from (&split, 0))
    return NULL;
  return g_steal_pointer (&found);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * yidi_pinyin_split_initials:
 * @letters: as for yidi_pinyin_split()
 * @max: likewise
 *
 * Returns: (transfer full) (nullable): the initials of each reading of
 *   yidi_pinyin_split() ("x", "xa" for "xian"), without repeats, sorted;
 *   empty if @letters cannot be read as pinyin; %NULL if there are more
 *   than @max readings.
 */
GPtrArray *
yidi_pinyin_split_initials (const char *letters,
                            guint       max)
{
  g_autoptr(GPtrArray) readings = yidi_pinyin_split (letters, max);
  GPtrArray *result;

  if (readings == NULL)
    return NULL;
  result = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < readings->len; i++)
    {
      GArray *starts = g_ptr_array_index (readings, i);
      GString *initials = g_string_new (NULL);
      gboolean seen = FALSE;

      for (guint j = 0; j < starts->len; j++)
        g_string_append_c (initials, letters[g_array_index (starts, guint8, j)]);
      for (guint j = 0; j < result->len; j++)
        seen = seen || g_str_equal (g_ptr_array_index (result, j), initials->str);
      if (seen)
        g_string_free (initials, TRUE);
      else
        g_ptr_array_add (result, g_string_free (initials, FALSE));
    }
  g_ptr_array_sort (result, compare_strings);
  return result;
}

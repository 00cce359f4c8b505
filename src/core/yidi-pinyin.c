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
  for (guint i = 0; i < G_N_ELEMENTS (char_overrides); i++)
    {
      if (char_overrides[i].c == c)
        return char_overrides[i].syllable;
    }
  return lookup_table (c);
}

/* Maps full-width ASCII letters and digits to ASCII, lower-cases letters;
 * returns 0 for anything else. */
static char
plain_alnum (gunichar c)
{
  if (c >= 0xFF01 && c <= 0xFF5E)
    c -= 0xFF01 - 0x21;
  if (c < 0x80 && g_ascii_isalnum ((char) c))
    return g_ascii_tolower ((char) c);
  return 0;
}

static void
append_syllable (GString    *full,
                 GString    *initials,
                 const char *syllable,
                 gsize       length)
{
  g_string_append_len (full, syllable, length);
  g_string_append_c (initials, syllable[0]);
}

/* If a phrase override starts at @p, appends its syllables and returns the
 * position after it; otherwise returns NULL. */
static const char *
apply_phrase (const char *p,
              GString    *full,
              GString    *initials)
{
  for (guint i = 0; i < G_N_ELEMENTS (phrase_overrides); i++)
    {
      const char *phrase = phrase_overrides[i].phrase;
      gsize length = strlen (phrase);

      if (strncmp (p, phrase, length) == 0)
        {
          const char *s = phrase_overrides[i].syllables;

          while (*s != '\0')
            {
              gsize n = strcspn (s, " ");

              append_syllable (full, initials, s, n);
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
 * @out_full: (out) (optional): the syllables run together, e.g. "xiehe"
 * @out_initials: (out) (optional): their initials, e.g. "xh"
 *
 * Converts @text to pinyin for search. Invalid UTF-8 ends the conversion.
 */
void
yidi_pinyin_convert (const char  *text,
                     char       **out_full,
                     char       **out_initials)
{
  g_autoptr(GString) full = g_string_new (NULL);
  g_autoptr(GString) initials = g_string_new (NULL);
  const char *p = text;

  g_return_if_fail (text != NULL);

  while (*p != '\0')
    {
      const char *after = apply_phrase (p, full, initials);
      gunichar c;
      const char *syllable;
      char ascii;

      if (after != NULL)
        {
          p = after;
          continue;
        }

      c = g_utf8_get_char_validated (p, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      p = g_utf8_next_char (p);

      if ((ascii = plain_alnum (c)) != 0)
        {
          g_string_append_c (full, ascii);
          g_string_append_c (initials, ascii);
        }
      else if ((syllable = yidi_pinyin_get_syllable (c)) != NULL)
        {
          append_syllable (full, initials, syllable, strlen (syllable));
        }
    }

  if (out_full != NULL)
    *out_full = g_string_free (g_steal_pointer (&full), FALSE);
  if (out_initials != NULL)
    *out_initials = g_string_free (g_steal_pointer (&initials), FALSE);
}

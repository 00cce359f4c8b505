/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Pinyin for search, derived from Unihan's kMandarin readings (see
 * data/PROVENANCE.md) with corrections for place names whose reading
 * differs from a character's usual one (重庆 chongqing, 厦门 xiamen,
 * 六安 luan …). Output is lower-case ASCII: toneless syllables, run
 * together or separated by a given character ("xiehe", "xie'he"), and their
 * initials ("xh"); ü is written "v". Only characters with a reading count:
 * letters, digits and punctuation are left out ("CT室" is "shi"). */

const char *yidi_pinyin_get_syllable (gunichar     c);

void        yidi_pinyin_convert      (const char  *text,
                                      char         separator,
                                      char       **out_full,
                                      char       **out_initials);

GPtrArray  *yidi_pinyin_split          (const char *letters,
                                        guint       max);
GPtrArray  *yidi_pinyin_split_initials (const char *letters,
                                        guint       max);

G_END_DECLS

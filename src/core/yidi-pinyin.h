/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Pinyin for search, derived from Unihan's kMandarin readings (see
 * data/PROVENANCE.md) with corrections for place names whose reading
 * differs from a character's usual one (重庆 chongqing, 厦门 xiamen,
 * 六安 luan …). Output is lower-case ASCII: toneless syllables run
 * together ("xiehe") and their initials ("xh"); ü is written "v". ASCII and
 * full-width letters and digits are kept, lower-cased; other characters
 * without a reading are dropped. */

const char *yidi_pinyin_get_syllable (gunichar     c);

void        yidi_pinyin_convert      (const char  *text,
                                      char       **out_full,
                                      char       **out_initials);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yidi-application.h"

G_BEGIN_DECLS

#define YIDI_TYPE_WINDOW (yidi_window_get_type ())

G_DECLARE_FINAL_TYPE (YidiWindow, yidi_window, YIDI, WINDOW, AdwApplicationWindow)

YidiWindow *yidi_window_new              (YidiApplication *application) G_GNUC_WARN_UNUSED_RESULT;
const char *yidi_window_get_visible_page (YidiWindow      *self);
void        yidi_window_set_visible_page (YidiWindow      *self,
                                          const char      *name);
void        yidi_window_export_case      (YidiWindow      *self,
                                          gint64           id,
                                          GFile           *file);
void        yidi_window_import_case      (YidiWindow      *self,
                                          GFile           *file);

G_END_DECLS

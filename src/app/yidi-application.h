/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yidi-case.h"

G_BEGIN_DECLS

#define YIDI_TYPE_APPLICATION (yidi_application_get_type ())

G_DECLARE_FINAL_TYPE (YidiApplication, yidi_application, YIDI, APPLICATION, AdwApplication)

YidiApplication *yidi_application_new          (void) G_GNUC_WARN_UNUSED_RESULT;
YidiCase        *yidi_application_get_case     (YidiApplication *self);
GSettings       *yidi_application_get_settings (YidiApplication *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define YIDI_TYPE_ESTIMATE_PAGE (yidi_estimate_page_get_type ())

G_DECLARE_FINAL_TYPE (YidiEstimatePage, yidi_estimate_page, YIDI, ESTIMATE_PAGE, AdwBin)

G_END_DECLS

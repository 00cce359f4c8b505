/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define YIDI_TYPE_FILING_PAGE (yidi_filing_page_get_type ())

G_DECLARE_FINAL_TYPE (YidiFilingPage, yidi_filing_page, YIDI, FILING_PAGE, AdwBin)

G_END_DECLS

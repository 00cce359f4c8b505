/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yidi-divisions.h"

G_BEGIN_DECLS

gboolean yidi_bench_generate (YidiDivisions  *divisions,
                              const char     *path,
                              guint           n_rows,
                              guint32         seed,
                              GError        **error);

G_END_DECLS

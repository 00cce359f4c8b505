/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int yidi_cli_run_import (int    argc,
                         char **argv);
int yidi_cli_run_search (int    argc,
                         char **argv);

G_END_DECLS

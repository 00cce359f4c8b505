/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

G_BEGIN_DECLS

/* yidi-cli filing advise|check … */
int yidi_cli_run_filing (int    argc,
                         char **argv);
/* yidi-cli case list|export|import … */
int yidi_cli_run_case   (int    argc,
                         char **argv);

G_END_DECLS

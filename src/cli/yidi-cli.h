/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A sub-command of yidi-cli: argv[0] is the sub-command's own name.
 * Returns the process exit status. */
typedef int (*YidiCliCommandFunc) (int argc, char **argv);

typedef struct {
  const char *name;
  const char *summary;  /* N_() marked */
  YidiCliCommandFunc run;
} YidiCliCommand;

/* Prints a GError for a person on stderr: "yidi-cli: message". */
void yidi_cli_print_error (const GError *error);

int  yidi_cli_run_estimate (int argc, char **argv);
int  yidi_cli_run_policy   (int argc, char **argv);

G_END_DECLS

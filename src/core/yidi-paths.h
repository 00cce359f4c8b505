/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where Yidi finds its files. Each has an environment override so the
 * uninstalled build (meson devenv) and the tests run on the build tree. */

const char *yidi_paths_get_policy_dir    (void); /* $YIDI_POLICY_DIR */
const char *yidi_paths_get_directory_db  (void); /* $YIDI_DIRECTORY_DB */
const char *yidi_paths_get_locale_dir    (void); /* $YIDI_LOCALE_DIR */
char       *yidi_paths_get_user_data_dir (void) G_GNUC_WARN_UNUSED_RESULT; /* XDG data/yidi */

G_END_DECLS

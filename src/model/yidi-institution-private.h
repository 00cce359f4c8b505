/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yidi-institution.h"

G_BEGIN_DECLS

/* For YidiInstitutionList, once the change is saved. */
void yidi_institution_set_favourite (YidiInstitution *self,
                                     gboolean         favourite);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "yidi-types.h"

G_BEGIN_DECLS

/* Policy packs: the dated, cited parameters of one insured place and
 * scheme (policies/places/<id>.json), plus the national cross-provincial
 * rules (policies/national.json) and the list of sources
 * (policies/sources.json). The format is documented in policies/README.md
 * and policies/schema.json.
 *
 * A YidiPolicySet holds every pack of a directory. It is immutable once
 * loaded and reference counted, so it can be shared between threads. */

#define YIDI_POLICY_ERROR (yidi_policy_error_quark ())

typedef enum {
  YIDI_POLICY_ERROR_IO,          /* a file or folder cannot be read */
  YIDI_POLICY_ERROR_PARSE,       /* a file is not JSON */
  YIDI_POLICY_ERROR_INVALID,     /* a file does not follow the format */
  YIDI_POLICY_ERROR_NOT_FOUND,   /* no pack for this place and scheme */
  YIDI_POLICY_ERROR_AMBIGUOUS,   /* several tiers and none chosen */
} YidiPolicyError;

/* One thing wrong with a policy file: the file, where in it (a JSON path
 * such as $.parameters["inpatient.ratio"].values[0].value) and why. */
typedef struct {
  char *file;
  char *path;
  char *message;     /* translated */
} YidiPolicyProblem;

/* A document cited by policy values (policies/sources.json). Fields that
 * the list leaves out are NULL. */
typedef struct {
  const char *id;
  const char *title;
  const char *url;
  const char *issuer;
  const char *document_number;
  const char *published;
  const char *kind;
} YidiPolicySource;

typedef struct _YidiPolicySet YidiPolicySet;
typedef struct _YidiPolicyPack YidiPolicyPack;

#define YIDI_TYPE_POLICY_SET (yidi_policy_set_get_type ())

GQuark                 yidi_policy_error_quark         (void);

void                   yidi_policy_problem_free        (YidiPolicyProblem     *problem);
char                  *yidi_policy_problem_to_string   (const YidiPolicyProblem *problem) G_GNUC_WARN_UNUSED_RESULT;

GType                  yidi_policy_set_get_type        (void) G_GNUC_CONST;
YidiPolicySet         *yidi_policy_set_load            (const char            *dir,
                                                        GError               **error) G_GNUC_WARN_UNUSED_RESULT;
YidiPolicySet         *yidi_policy_set_ref             (YidiPolicySet         *self);
void                   yidi_policy_set_unref           (YidiPolicySet         *self);

GPtrArray             *yidi_policy_set_get_problems    (YidiPolicySet         *self);
guint                  yidi_policy_set_get_n_packs     (YidiPolicySet         *self);
const YidiPolicyPack  *yidi_policy_set_get_pack        (YidiPolicySet         *self,
                                                        guint                  index);
const YidiPolicyPack  *yidi_policy_set_get_national    (YidiPolicySet         *self);
const YidiPolicySource *yidi_policy_set_get_source     (YidiPolicySet         *self,
                                                        const char            *id);
const YidiPolicyPack  *yidi_policy_set_lookup          (YidiPolicySet         *self,
                                                        const char            *division_code,
                                                        YidiScheme             scheme,
                                                        const char            *tier,
                                                        GError               **error);
GPtrArray             *yidi_policy_set_find_place      (YidiPolicySet         *self,
                                                        const char            *place) G_GNUC_WARN_UNUSED_RESULT;

gboolean               yidi_policy_validate_file       (const char            *path,
                                                        const char            *sources_path,
                                                        GPtrArray             *problems);

const char            *yidi_policy_pack_get_id         (const YidiPolicyPack  *self);
const char            *yidi_policy_pack_get_file       (const YidiPolicyPack  *self);
const char            *yidi_policy_pack_get_division_code (const YidiPolicyPack *self);
const char            *yidi_policy_pack_get_place_name (const YidiPolicyPack  *self);
const char            *yidi_policy_pack_get_place_name_en (const YidiPolicyPack *self);
YidiScheme             yidi_policy_pack_get_scheme     (const YidiPolicyPack  *self);
const char            *yidi_policy_pack_get_tier       (const YidiPolicyPack  *self);
const char            *yidi_policy_pack_get_tier_name  (const YidiPolicyPack  *self);
gboolean               yidi_policy_pack_is_default_tier (const YidiPolicyPack *self);
const char            *yidi_policy_pack_get_title      (const YidiPolicyPack  *self);
const char            *yidi_policy_pack_get_coverage_from  (const YidiPolicyPack *self);
const char            *yidi_policy_pack_get_coverage_until (const YidiPolicyPack *self);
char                  *yidi_policy_pack_get_display_name (const YidiPolicyPack *self) G_GNUC_WARN_UNUSED_RESULT;
char                  *yidi_policy_pack_format         (const YidiPolicyPack  *self,
                                                        YidiPolicySet         *set) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiPolicySet, yidi_policy_set_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiPolicyProblem, yidi_policy_problem_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "yidi-engine.h"

G_BEGIN_DECLS

/* Cases and bills in JSON (the files `yidi-cli estimate` reads, described
 * in policies/README.md) and results out as JSON, shared by the CLI and
 * the app. Reading is strict: an unknown key, a wrong type or an amount
 * that is negative or absurd is an error naming the file and the JSON
 * path. */

#define YIDI_ESTIMATE_JSON_ERROR (yidi_estimate_json_error_quark ())

typedef enum {
  YIDI_ESTIMATE_JSON_ERROR_PARSE,     /* not JSON, or unreadable */
  YIDI_ESTIMATE_JSON_ERROR_INVALID,   /* a wrong type, key or value */
} YidiEstimateJsonError;

typedef struct _YidiEstimateRequest YidiEstimateRequest;

GQuark                 yidi_estimate_json_error_quark      (void);

YidiEstimateRequest   *yidi_estimate_request_new           (void) G_GNUC_WARN_UNUSED_RESULT;
void                   yidi_estimate_request_free          (YidiEstimateRequest *self);
gboolean               yidi_estimate_request_load_case     (YidiEstimateRequest *self,
                                                            JsonNode            *node,
                                                            const char          *label,
                                                            GError             **error);
gboolean               yidi_estimate_request_load_bill     (YidiEstimateRequest *self,
                                                            JsonNode            *node,
                                                            const char          *label,
                                                            GError             **error);
gboolean               yidi_estimate_request_load_files    (YidiEstimateRequest *self,
                                                            const char          *case_path,
                                                            const char          *bill_path,
                                                            GError             **error);
const YidiEngineInput *yidi_estimate_request_get_input     (YidiEstimateRequest *self);

JsonNode              *yidi_estimate_to_json               (const YidiEstimate  *result,
                                                            YidiPolicySet       *set) G_GNUC_WARN_UNUSED_RESULT;
JsonNode              *yidi_scenarios_to_json              (GPtrArray           *scenarios,
                                                            YidiPolicySet       *set) G_GNUC_WARN_UNUSED_RESULT;
const char            *yidi_estimate_unknown_to_key        (YidiEstimateUnknown  flag);
const char            *yidi_estimate_note_to_key           (YidiEstimateNote     flag);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiEstimateRequest, yidi_estimate_request_free)

G_END_DECLS

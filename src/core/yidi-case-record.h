/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "yidi-types.h"

G_BEGIN_DECLS

/* A case as plain data: the person being helped, as the casebook stores
 * it and as a case file (JSON) carries it between computers. The GObject
 * the tabs share (YidiCase, src/model) is loaded from and saved to this.
 *
 * Dates are ISO 8601 calendar dates ("2025-02-28") or NULL; division
 * codes are six digits (GB/T 2260) or NULL. */

#define YIDI_CASE_ERROR (yidi_case_error_quark ())

typedef enum {
  YIDI_CASE_ERROR_INVALID,    /* a field has a value Yidi cannot use */
  YIDI_CASE_ERROR_BAD_FILE,   /* a case file is not a Yidi case file, or is damaged */
  YIDI_CASE_ERROR_TOO_NEW,    /* a case file from a newer Yidi */
  YIDI_CASE_ERROR_NOT_FOUND,  /* no saved case has this id */
} YidiCaseError;

/* The version of the case file format written by yidi_case_record_export(). */
#define YIDI_CASE_FILE_VERSION 1

#define YIDI_TYPE_CASE_RECORD (yidi_case_record_get_type ())

typedef struct {
  gint64              id;               /* 0 until saved in a casebook */
  char               *label;            /* name or label of the person */
  char               *insured_place;    /* division code */
  YidiScheme          scheme;
  YidiMemberStatus    member_status;
  int                 birth_year;       /* 0 when unknown */
  char               *destination;      /* division code of the treatment place */
  YidiFilingCategory  filing_category;
  char               *filing_date;      /* the day the filing starts */
  YidiFilingStatus    filing_status;
  char               *admission_date;   /* planned or actual admission */
  char               *discharge_date;
  char               *notes;
  GHashTable         *answers;          /* filing question id → answer id */
  GHashTable         *checked;          /* checklist keys ticked (a set) */
  char               *created;          /* ISO 8601 date-time, set by the casebook */
  char               *modified;
} YidiCaseRecord;

GQuark          yidi_case_error_quark          (void);
GType           yidi_case_record_get_type      (void) G_GNUC_CONST;

YidiCaseRecord *yidi_case_record_new           (void) G_GNUC_WARN_UNUSED_RESULT;
YidiCaseRecord *yidi_case_record_copy          (const YidiCaseRecord *self) G_GNUC_WARN_UNUSED_RESULT;
void            yidi_case_record_free          (YidiCaseRecord       *self);

/* Same person data (everything but id, created and modified). */
gboolean        yidi_case_record_equal_content (const YidiCaseRecord *a,
                                                const YidiCaseRecord *b);
gboolean        yidi_case_record_validate      (const YidiCaseRecord *self,
                                                GError              **error);

void            yidi_case_record_set_answer    (YidiCaseRecord       *self,
                                                const char           *question_id,
                                                const char           *answer_id);
void            yidi_case_record_set_checked   (YidiCaseRecord       *self,
                                                const char           *key,
                                                gboolean              checked);
gboolean        yidi_case_record_get_checked   (const YidiCaseRecord *self,
                                                const char           *key);

/* The "case" object of a case file, and back. @json_path names the node
 * in error messages ("$.case"). */
JsonNode       *yidi_case_record_to_json       (const YidiCaseRecord *self) G_GNUC_WARN_UNUSED_RESULT;
YidiCaseRecord *yidi_case_record_from_json     (JsonNode             *node,
                                                const char           *file_name,
                                                const char           *json_path,
                                                GError              **error) G_GNUC_WARN_UNUSED_RESULT;

/* A whole case file: {"format": "yidi-case", "version": 1, "case": {…}}.
 * Import refuses files of a newer version and names the file, the JSON
 * path and the problem of a malformed one. */
char           *yidi_case_record_export        (const YidiCaseRecord *self,
                                                gsize                *out_length) G_GNUC_WARN_UNUSED_RESULT;
YidiCaseRecord *yidi_case_record_import        (const char           *data,
                                                gssize                length,
                                                const char           *file_name,
                                                GError              **error) G_GNUC_WARN_UNUSED_RESULT;

/* ISO 8601 date helpers shared by the case, the filing rules and the UI. */
gboolean        yidi_date_parse                (const char           *iso_date,
                                                GDate                *out_date);
char           *yidi_date_format               (const GDate          *date) G_GNUC_WARN_UNUSED_RESULT;
/* For sentences people read: "8 April 2025", "2025年4月8日". */
char           *yidi_date_format_for_people    (const GDate          *date) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiCaseRecord, yidi_case_record_free)

G_END_DECLS

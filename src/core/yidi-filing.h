/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "yidi-case-record.h"
#include "yidi-types.h"

G_BEGIN_DECLS

/* The filing (备案) rules of 医保发〔2022〕22号, read from policies/filing.json:
 * the questions that decide the category, the papers for each category,
 * how long a filing is valid, where to file, and what to do when already
 * in hospital or already discharged. Places override the national
 * figures by division code (county, then city, then province).
 *
 * Texts in the file are {"en": …, "zh_CN": …} pairs; the one matching
 * the user's language (g_get_language_names()) is returned, English
 * otherwise. */

#define YIDI_FILING_ERROR (yidi_filing_error_quark ())

typedef enum {
  YIDI_FILING_ERROR_READ,           /* the file cannot be read */
  YIDI_FILING_ERROR_PARSE,          /* the file is not JSON */
  YIDI_FILING_ERROR_MISSING,        /* a required key is missing */
  YIDI_FILING_ERROR_BAD_VALUE,      /* a value has the wrong type or range */
  YIDI_FILING_ERROR_UNKNOWN_NAME,   /* names a question, document, category, parameter or source that does not exist */
  YIDI_FILING_ERROR_BAD_FLOW,       /* the questions loop, or a category cannot be reached */
  YIDI_FILING_ERROR_BAD_DATE,       /* a date of the case is not a real date */
} YidiFilingError;

typedef enum {
  YIDI_FILING_VALIDITY_NOT_NEEDED,     /* emergency: treated as filed */
  YIDI_FILING_VALIDITY_UNTIL_CHANGED,  /* long-term: valid until changed */
  YIDI_FILING_VALIDITY_MONTHS,         /* temporary: valid for some months */
} YidiFilingValidityKind;

typedef enum {
  YIDI_FILING_WARNING_NONE,
  YIDI_FILING_WARNING_30_DAYS,         /* expires within 30 days */
  YIDI_FILING_WARNING_7_DAYS,          /* expires within 7 days */
  YIDI_FILING_WARNING_EXPIRED,
} YidiFilingWarning;

typedef enum {
  YIDI_TREATMENT_PLANNED,              /* not admitted yet (or no date) */
  YIDI_TREATMENT_IN_HOSPITAL,          /* admitted, not discharged */
  YIDI_TREATMENT_DISCHARGED,
} YidiTreatmentStage;

#define YIDI_TYPE_FILING_RULES (yidi_filing_rules_get_type ())

typedef struct _YidiFilingRules YidiFilingRules;

/* ---- Loading ---------------------------------------------------------- */

GQuark           yidi_filing_error_quark           (void);
GType            yidi_filing_rules_get_type        (void) G_GNUC_CONST;

/* policies/filing.json in yidi_paths_get_policy_dir() */
char            *yidi_filing_rules_get_default_path (void) G_GNUC_WARN_UNUSED_RESULT;
YidiFilingRules *yidi_filing_rules_new_from_file   (const char       *path,
                                                    GError          **error) G_GNUC_WARN_UNUSED_RESULT;
YidiFilingRules *yidi_filing_rules_new_from_data   (const char       *data,
                                                    gssize            length,
                                                    const char       *file_name,
                                                    GError          **error) G_GNUC_WARN_UNUSED_RESULT;
YidiFilingRules *yidi_filing_rules_ref             (YidiFilingRules  *self);
void             yidi_filing_rules_unref           (YidiFilingRules  *self);

/* Checks that every source id the rules cite is in sources.json. */
gboolean         yidi_filing_rules_check_sources   (YidiFilingRules  *self,
                                                    const char       *sources_path,
                                                    GError          **error);

/* ---- Parameters (national figures and place overrides) ---------------- */

typedef struct {
  gboolean            has_value;    /* FALSE: the rules say it varies */
  gint64              value;
  gboolean            confirmed;
  const char         *place;        /* division code that set it; NULL = national */
  const char * const *sources;      /* source ids, NULL-terminated */
  const char         *note;         /* for maintainers, English, may be NULL */
} YidiFilingParam;

/* Known names: "validity_months", "lock_months",
 * "ratio_reduction_max_points", "ratio_reduction_points",
 * "manual_ratio_reduction_points", "manual_claim_deadline_days",
 * "manual_claim_processing_days". Returns FALSE when neither @place nor
 * the national rules give the parameter for @category. The pointers in
 * @out live as long as @self. */
gboolean         yidi_filing_rules_lookup          (YidiFilingRules    *self,
                                                    const char         *param,
                                                    YidiFilingCategory  category,
                                                    const char         *place,
                                                    YidiFilingParam    *out);

/* ---- The questions ------------------------------------------------------ */

typedef struct {
  char *id;
  char *label;
} YidiFilingAnswer;

typedef struct {
  char      *question_id;
  char      *text;
  char      *help;        /* may be NULL */
  GPtrArray *answers;     /* YidiFilingAnswer, in the order to show them */
  char      *chosen;      /* the answer given, or NULL: the question to ask now */
} YidiFilingStep;

typedef struct {
  GPtrArray          *steps;     /* YidiFilingStep: the questions on the path so far */
  YidiFilingCategory  category;  /* YIDI_FILING_NONE until every question on the path is answered */
  char               *reason;    /* why this category, or NULL */
} YidiFilingFlow;

/* Follows @answers (question id → answer id; may be NULL) from the first
 * question. Answers to questions off the path are ignored, so changing an
 * early answer changes what follows. */
YidiFilingFlow  *yidi_filing_flow_new              (YidiFilingRules  *rules,
                                                    GHashTable       *answers) G_GNUC_WARN_UNUSED_RESULT;
void             yidi_filing_flow_free             (YidiFilingFlow   *flow);

/* ---- Validity and expiry ------------------------------------------------ */

typedef struct {
  YidiFilingValidityKind kind;
  int                    months;       /* MONTHS: how long it is valid */
  int                    lock_months;  /* UNTIL_CHANGED: 0 when the place sets none */
  GDate                  filed;        /* invalid when the case has no filing date */
  GDate                  expires;      /* MONTHS: the last valid day */
  GDate                  lock_until;   /* UNTIL_CHANGED: first day it may be changed */
  gboolean               has_expiry;   /* expires is set */
  int                    days_left;    /* expires − today; < 0 when expired */
  YidiFilingWarning      warning;
  YidiFilingParam        validity_param;
} YidiFilingValidity;

/* @filed + @months, the day of month clamped to the month's last day
 * (2024-08-31 + 6 months = 2025-02-28). */
void             yidi_filing_add_months            (const GDate      *filed,
                                                    guint             months,
                                                    GDate            *out_date);
YidiFilingWarning yidi_filing_warning_for_days_left (int              days_left);
const char      *yidi_filing_warning_to_key        (YidiFilingWarning warning);
gboolean         yidi_filing_warning_from_key      (const char       *key,
                                                    YidiFilingWarning *out_warning);

/* The validity of @record's filing on @today. A filing that is not filed
 * (status not_filed) has no expiry; one marked expired warns as expired. */
gboolean         yidi_filing_rules_get_validity    (YidiFilingRules      *self,
                                                    const YidiCaseRecord *record,
                                                    const GDate          *today,
                                                    YidiFilingValidity   *out,
                                                    GError              **error);
YidiTreatmentStage yidi_filing_get_treatment_stage (const YidiCaseRecord *record,
                                                    const GDate          *today);

/* ---- Advice ------------------------------------------------------------- */

typedef struct {
  char     *key;               /* tick-state key in the case: "filing/id_card" */
  char     *document;          /* document id */
  char     *label;
  char     *term;              /* the official Chinese term */
  char     *alternative;       /* document id that may be given instead, or NULL */
  char     *alternative_label;
  gboolean  checked;
} YidiFilingChecklistItem;

typedef struct {
  char     *id;                /* "if_admitted", "trauma", … */
  char     *title;
  char     *text;
  gboolean  confirmed;
  GStrv     sources;
} YidiFilingNote;

typedef struct {
  YidiFilingCategory  category;
  gboolean            long_term;
  char               *reason;           /* from the answers, or NULL */
  YidiFilingNote     *who;              /* who qualifies */
  GPtrArray          *checklist;        /* YidiFilingChecklistItem: the papers to file */
  gboolean            checklist_confirmed;
  GStrv               checklist_sources;
  YidiFilingValidity  validity;
  char               *validity_text;    /* one sentence with the key dates */
  YidiTreatmentStage  stage;
  GPtrArray          *next_steps;       /* char *: what to do now, in order */
  GPtrArray          *notes;            /* YidiFilingNote: principle, consequence, channels, if_admitted, if_discharged, emergency, trauma */
  GPtrArray          *claim_checklist;  /* YidiFilingChecklistItem: papers for a manual claim */
  GPtrArray          *claim_notes;      /* YidiFilingNote: where to claim, deadline */
  YidiFilingParam     ratio_reduction;  /* the place's figure, or the national maximum */
  gboolean            ratio_reduction_is_max;
} YidiFilingAdvice;

/* Advice for @record on @today. The category is the record's, or the
 * result of its answers when it has none. Fails (YIDI_CASE_ERROR_INVALID)
 * only when the record does not pass yidi_case_record_validate(), for
 * example a date that does not exist. */
YidiFilingAdvice *yidi_filing_advise               (YidiFilingRules      *rules,
                                                    const YidiCaseRecord *record,
                                                    const GDate          *today,
                                                    GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void             yidi_filing_advice_free           (YidiFilingAdvice     *advice);

/* ---- Reminders ---------------------------------------------------------- */

typedef struct {
  gint64            case_id;
  char             *label;
  GDate             expires;
  int               days_left;
  YidiFilingWarning warning;
} YidiFilingReminder;

/* The reminders due on @today for @records (YidiCaseRecord), most urgent
 * first; cases without an expiring filing are left out. */
GPtrArray       *yidi_filing_collect_reminders     (YidiFilingRules  *rules,
                                                    GPtrArray        *records,
                                                    const GDate      *today) G_GNUC_WARN_UNUSED_RESULT;
void             yidi_filing_reminder_free         (YidiFilingReminder *reminder);

/* A translated sentence for a reminder ("The filing of %s expires in 7 days."). */
char            *yidi_filing_reminder_describe     (const YidiFilingReminder *reminder) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiFilingRules, yidi_filing_rules_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiFilingFlow, yidi_filing_flow_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiFilingAdvice, yidi_filing_advice_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The compiled form of a policy pack, shared by the loader and the rule
 * engine. Everything is resolved at load time (dates to Julian days, money
 * to fen, keys to enums) so that looking a value up is a few integer
 * comparisons. */

#include "yidi-money.h"
#include "yidi-policy.h"

G_BEGIN_DECLS

#define YIDI_N_LEVELS        (YIDI_LEVEL_UNRATED + 1)
#define YIDI_N_VISIT_TYPES   (YIDI_VISIT_CHRONIC_OUTPATIENT + 1)
#define YIDI_N_AREAS         (YIDI_AREA_OUT_OF_PROVINCE + 1)
#define YIDI_MAX_ADMISSION_TABLES 4
#define YIDI_MAX_SEGMENTS    8
#define YIDI_MAX_AGE_STEPS   8
#define YIDI_DATE_OPEN       G_MAXUINT32

/* Parameters, in the order the catalogue (yidi-policy.c) lists them. The
 * first ones exist once per visit type ("inpatient.deductible"), the next
 * once per pack, the last in the national file only. */
typedef enum {
  YIDI_PARAM_DEDUCTIBLE,
  YIDI_PARAM_RATIO,
  YIDI_PARAM_AGE_ADDITION,
  YIDI_PARAM_ANNUAL_CAP,
  YIDI_PARAM_CLASS_B_PRE_SELF_PAY,
  YIDI_PARAM_CONSUMABLES_PRE_SELF_PAY,
  YIDI_PARAM_ABOVE_CAP,
  YIDI_PARAM_SERIOUS_ILLNESS,
  YIDI_PARAM_CIVIL_SERVANT_SUBSIDY,
  YIDI_PARAM_MEDICAL_ASSISTANCE,
  /* once per pack */
  YIDI_PARAM_CROSS_REGION_REDUCTION,
  YIDI_PARAM_RATIO_FLOOR,
  YIDI_PARAM_WAITING_PERIOD,
  YIDI_PARAM_PERSONAL_ACCOUNT,
  /* national file */
  YIDI_PARAM_NATIONAL_MAX_REDUCTION,
  YIDI_PARAM_NATIONAL_CATALOGUE,
  YIDI_PARAM_NATIONAL_EMERGENCY_AS_FILED,
  YIDI_PARAM_NATIONAL_MANUAL_AFTER_DISCHARGE,
  YIDI_PARAM_NATIONAL_TRAUMA_COMMITMENT,
  YIDI_N_PARAMS
} YidiParamId;

#define YIDI_N_VISIT_PARAMS (YIDI_PARAM_MEDICAL_ASSISTANCE + 1)

typedef enum {
  YIDI_VALUE_DEDUCTIBLE,
  YIDI_VALUE_RATIO,
  YIDI_VALUE_AGE_ADDITION,
  YIDI_VALUE_CAP,
  YIDI_VALUE_RATE,
  YIDI_VALUE_LAYER,
  YIDI_VALUE_REDUCTION,
  YIDI_VALUE_WAITING,
  YIDI_VALUE_ACCOUNT,
  YIDI_VALUE_FLAG,
} YidiValueKind;

typedef enum {
  YIDI_PACK_PLACE,
  YIDI_PACK_NATIONAL,
} YidiPackKind;

/* A part of a value (one admission's deductible table, one segment) may
 * cite its own sources and carry its own confirmed flag. */
typedef struct {
  gboolean has_confirmed;
  gboolean confirmed;
  char   **sources;      /* NULL: the entry's */
  char    *note;
} YidiPartMeta;

typedef struct {
  guint8       known;                    /* bit per YidiInstitutionLevel */
  YidiFen      amount[YIDI_N_LEVELS];
  YidiPartMeta meta;
} YidiLevelMoney;

typedef enum {
  YIDI_DEDUCTIBLE_PER_ADMISSION,
  YIDI_DEDUCTIBLE_PER_YEAR,
} YidiDeductibleBasis;

typedef struct {
  YidiDeductibleBasis basis;
  guint               n_tables;
  YidiLevelMoney      tables[YIDI_MAX_ADMISSION_TABLES];
  int                 repeat_after_days;  /* 0: once per stay */
} YidiDeductibleValue;

typedef enum {
  YIDI_ACCUMULATE_ADMISSION,
  YIDI_ACCUMULATE_YEAR,
} YidiAccumulation;

typedef struct {
  YidiFen      up_to;                    /* -1: no upper bound */
  guint8       known;
  YidiBp       rate[YIDI_N_LEVELS];
  YidiPartMeta meta;
} YidiRatioSegment;

typedef struct {
  YidiAccumulation accumulation;
  guint            n_segments;
  YidiRatioSegment segments[YIDI_MAX_SEGMENTS];
} YidiRatioValue;

typedef struct {
  int    age_min;
  YidiBp add;
} YidiAgeStep;

typedef struct {
  guint       n_steps;
  YidiAgeStep steps[YIDI_MAX_AGE_STEPS];
  YidiBp      max;
} YidiAgeValue;

typedef enum {
  YIDI_CAP_FUND_PAYMENT,
  YIDI_CAP_IN_SCOPE_COST,
} YidiCapBasis;

typedef struct {
  YidiCapBasis basis;
  YidiFen      amount;
} YidiCapValue;

typedef enum {
  YIDI_LAYER_BASE_OVER_CAP,
  YIDI_LAYER_BASE_PERSONAL_IN_SCOPE,
  YIDI_LAYER_BASE_PERSONAL_ALL,          /* everything the person owes, self-pay too */
} YidiLayerBase;

typedef struct {
  YidiFen      up_to;                    /* above the threshold; -1: no bound */
  YidiBp       rate;
  YidiPartMeta meta;
} YidiLayerSegment;

typedef struct {
  gboolean         none;                 /* the scheme has no such layer */
  char            *name;
  char            *name_en;
  YidiLayerBase    base;
  gboolean         include_pre_self_pay;
  YidiFen          threshold;
  guint            n_segments;
  YidiLayerSegment segments[YIDI_MAX_SEGMENTS];
  YidiFen          cap;                  /* -1: no cap */
} YidiLayerValue;

typedef enum {
  YIDI_REDUCE_LONG_TERM,
  YIDI_REDUCE_REFERRAL,
  YIDI_REDUCE_EMERGENCY,
  YIDI_REDUCE_OTHER_TEMPORARY,
  YIDI_REDUCE_NOT_FILED,
  YIDI_REDUCE_MANUAL_SETTLEMENT,
  YIDI_N_REDUCE_SLOTS
} YidiReduceSlot;

typedef struct {
  guint8   present;                      /* bit per slot: the key is there */
  guint8   known;                        /* bit per slot: and not null */
  YidiBp   points[YIDI_N_REDUCE_SLOTS];
  gboolean not_filed_not_paid;
} YidiReductionValue;

typedef struct {
  int    months;
  guint8 applies;                        /* bit per YidiEnrolment */
} YidiWaitingValue;

typedef struct {
  gboolean in_scope;
  gboolean self_pay;
} YidiAccountValue;

typedef struct {
  guint32   from;                        /* Julian day */
  guint32   until;                       /* Julian day, inclusive; YIDI_DATE_OPEN */
  char     *from_text;
  char     *until_text;                  /* NULL when open */
  /* conditions; 0 or -1 means "any" */
  guint8    status_mask;
  guint8    area_mask;
  guint16   filing_mask;
  gint16    age_min;
  gint16    age_max;
  gint8     civil_servant;
  gint8     low_income;
  gboolean  has_when;
  gboolean  known;                       /* the value is not null */
  gboolean  confirmed;
  char    **sources;
  char     *note;
  char     *path;                        /* JSON path, for messages */
  gpointer  value;                       /* by the parameter's YidiValueKind */
  gboolean  flag;                        /* YIDI_VALUE_FLAG */
  YidiBp    rate;                        /* YIDI_VALUE_RATE */
} YidiParamEntry;

typedef struct {
  gboolean        present;
  char           *description;
  guint           n_entries;
  YidiParamEntry *entries;
} YidiParam;

typedef struct {
  const char    *key;                    /* "deductible"; per-visit keys get "inpatient." */
  YidiValueKind  kind;
  YidiPackKind   pack_kind;
} YidiParamInfo;

struct _YidiPolicyPack {
  char        *file;
  char        *id;
  YidiPackKind kind;
  char         division_code[7];
  guint        code_prefix;              /* digits that make a place "local": 2, 4 or 6 */
  char        *place_name;
  char        *place_name_en;
  YidiScheme   scheme;
  char        *tier;
  char        *tier_name;
  gboolean     default_tier;
  char        *title;
  guint32      coverage_from;
  guint32      coverage_until;
  char        *coverage_from_text;
  char        *coverage_until_text;
  int          year_start_month;
  int          year_start_day;
  char        *reviewed;
  char       **notes;
  YidiParam    visit_params[YIDI_N_VISIT_TYPES][YIDI_N_VISIT_PARAMS];
  YidiParam    params[YIDI_N_PARAMS];   /* pack-wide and national ones */
};

/* What a value is looked up for. */
typedef struct {
  guint32            date;               /* Julian day */
  YidiMemberStatus   status;
  int                age;
  YidiTreatmentArea  area;
  YidiFilingCategory filing;             /* YIDI_FILING_NONE when not filed */
  gboolean           civil_servant;
  gboolean           low_income;
} YidiParamQuery;

const YidiParamInfo  *yidi_param_get_info      (YidiParamId            id);
const char           *yidi_param_get_key       (YidiParamId            id,
                                                YidiVisitType          visit);
const YidiParam      *yidi_policy_pack_get_param (const YidiPolicyPack *self,
                                                YidiParamId            id,
                                                YidiVisitType          visit);
const YidiParamEntry *yidi_param_find          (const YidiParam       *param,
                                                const YidiParamQuery  *query);
gboolean              yidi_policy_pack_covers  (const YidiPolicyPack  *self,
                                                guint32                date);
gboolean              yidi_date_parse_iso      (const char            *text,
                                                guint32               *out_julian);
char                 *yidi_date_format_iso     (guint32                julian) G_GNUC_WARN_UNUSED_RESULT;
char                 *yidi_param_entry_format  (YidiParamId            id,
                                                const YidiParamEntry  *entry) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

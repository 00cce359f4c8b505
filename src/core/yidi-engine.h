/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "yidi-money.h"
#include "yidi-policy.h"
#include "yidi-types.h"

G_BEGIN_DECLS

/* The rule engine: how much the fund pays and how much the person pays for
 * one stay or visit, under the insured place's policy (参保地政策) with the
 * treatment place's lists (就医地目录), every figure traced to its source.
 * Plain structs: the caller owns the input and the result; an estimate
 * without a trace allocates nothing. */

#define YIDI_ENGINE_ERROR (yidi_engine_error_quark ())

typedef enum {
  YIDI_ENGINE_ERROR_INVALID_INPUT,  /* a missing, negative or impossible input */
  YIDI_ENGINE_ERROR_NO_POLICY,      /* no policy for the insured place and scheme */
  YIDI_ENGINE_ERROR_OUT_OF_RANGE,   /* the date is outside what the policy covers */
  YIDI_ENGINE_ERROR_NOT_KNOWN,      /* a figure every estimate needs is not known */
} YidiEngineError;

/* Above ¥100,000,000.00 an amount is a typing mistake, not a hospital bill. */
#define YIDI_ENGINE_MAX_AMOUNT ((YidiFen) 10000000000)
#define YIDI_ENGINE_N_LEVELS   (YIDI_LEVEL_UNRATED + 1)

typedef struct {
  char               insured_place[7];    /* division code, e.g. "110000" */
  YidiScheme         scheme;
  char               tier[16];            /* "" for the default tier */
  gboolean           legacy_scheme_name;  /* entered as 新农合 */
  YidiMemberStatus   member_status;
  int                age;                 /* years, at admission */
  YidiFilingCategory filing_category;
  gboolean           filed;               /* filing done before discharge settlement */
  YidiSettlement     settlement;
  gboolean           civil_servant;       /* 公务员医疗补助 */
  gboolean           low_income;          /* 医疗救助 groups: 低保, 特困 … */
  YidiEnrolment      enrolment;
  GDate              enrolled_since;      /* needed unless enrolment is continuous */
} YidiEngineInsured;

typedef struct {
  YidiVisitType        type;
  GDate                admission;
  GDate                discharge;         /* invalid (zeroed) when not known */
  char                 treatment_place[7];
  YidiInstitutionLevel level;
  gboolean             trauma_no_third_party;  /* 无第三方责任外伤 */
  gboolean             commitment_signed;      /* its 承诺书 */
} YidiEngineVisit;

typedef struct {
  YidiBillCategory category;
  YidiFen          amount;
} YidiBillLine;

/* The bill, as totals per category or as lines. With lines, the shares
 * paid first are rounded line by line, as hospitals do. */
typedef struct {
  YidiFen             amount[YIDI_BILL_N_CATEGORIES];  /* ignored when lines are given */
  const YidiBillLine *lines;
  guint               n_lines;
} YidiBill;

/* Figures of the insurance year so far, before this stay. */
typedef struct {
  guint   admissions;            /* earlier stays this year */
  YidiFen fund_paid;             /* paid by the basic fund */
  YidiFen serious_illness_paid;  /* paid by 大病保险 / 大额互助 / 附加基金 */
  YidiFen deductible_paid;       /* met toward a yearly deductible */
  YidiFen in_scope_cost;         /* in-scope costs of earlier stays */
  YidiFen personal_in_scope;     /* in-scope costs the person bore (合规自付) */
  YidiFen civil_servant_paid;
  YidiFen assistance_paid;
} YidiYearToDate;

typedef struct {
  YidiEngineInsured insured;
  YidiEngineVisit   visit;
  YidiBill          bill;
  YidiYearToDate    ytd;
} YidiEngineInput;

typedef enum {
  YIDI_ESTIMATE_DEFAULT = 0,
  YIDI_ESTIMATE_TRACE   = 1 << 0,
} YidiEstimateFlags;

/* Figures the policy does not give; the estimate went on without them. */
typedef enum {
  YIDI_UNKNOWN_ANNUAL_CAP         = 1 << 0,
  YIDI_UNKNOWN_CLASS_B            = 1 << 1,
  YIDI_UNKNOWN_CONSUMABLES        = 1 << 2,
  YIDI_UNKNOWN_SERIOUS_ILLNESS    = 1 << 3,
  YIDI_UNKNOWN_ABOVE_CAP          = 1 << 4,
  YIDI_UNKNOWN_CIVIL_SERVANT      = 1 << 5,
  YIDI_UNKNOWN_ASSISTANCE         = 1 << 6,
  YIDI_UNKNOWN_CROSS_REGION       = 1 << 7,
  YIDI_UNKNOWN_MANUAL_SETTLEMENT  = 1 << 8,
  YIDI_UNKNOWN_NOT_FILED          = 1 << 9,
  YIDI_UNKNOWN_WAITING_PERIOD     = 1 << 10,
  YIDI_UNKNOWN_PERSONAL_ACCOUNT   = 1 << 11,
  YIDI_UNKNOWN_NATIONAL_RULES     = 1 << 12,
  YIDI_UNKNOWN_STAY_LENGTH        = 1 << 13,
} YidiEstimateUnknown;

/* What a person should know about how the estimate was made. */
typedef enum {
  YIDI_NOTE_LEGACY_SCHEME         = 1 << 0,   /* 新农合 is now the resident scheme */
  YIDI_NOTE_LOCAL                 = 1 << 1,   /* not treatment in another place */
  YIDI_NOTE_EMERGENCY_AS_FILED    = 1 << 2,
  YIDI_NOTE_NOT_FILED             = 1 << 3,   /* pay first, claim after filing */
  YIDI_NOTE_NOT_FILED_NOT_PAID    = 1 << 4,
  YIDI_NOTE_TRAUMA_COMMITMENT     = 1 << 5,
  YIDI_NOTE_TRAUMA_NO_COMMITMENT  = 1 << 6,
  YIDI_NOTE_NOT_YET_ELIGIBLE      = 1 << 7,
  YIDI_NOTE_NATIONAL_LIMIT        = 1 << 8,
  YIDI_NOTE_UNCONFIRMED           = 1 << 9,
  YIDI_NOTE_CAP_REACHED           = 1 << 10,
  YIDI_NOTE_MANUAL_SETTLEMENT     = 1 << 11,
  YIDI_NOTE_DEDUCTIBLE_REPEATED   = 1 << 12,
} YidiEstimateNote;

typedef enum {
  YIDI_RULE_POLICY,
  YIDI_RULE_SCHEME,
  YIDI_RULE_AREA,
  YIDI_RULE_CATALOGUE,
  YIDI_RULE_FILING,
  YIDI_RULE_REDUCTION,
  YIDI_RULE_NATIONAL_LIMIT,
  YIDI_RULE_TRAUMA,
  YIDI_RULE_SETTLEMENT,
  YIDI_RULE_ELIGIBILITY,
  YIDI_RULE_SELF_PAY,
  YIDI_RULE_CLASS_B,
  YIDI_RULE_CONSUMABLES,
  YIDI_RULE_IN_SCOPE,
  YIDI_RULE_NOT_COVERED,
  YIDI_RULE_DEDUCTIBLE,
  YIDI_RULE_AGE_ADDITION,
  YIDI_RULE_RATIO_FLOOR,
  YIDI_RULE_SEGMENT,
  YIDI_RULE_ANNUAL_CAP,
  YIDI_RULE_LAYER,
  YIDI_RULE_PERSONAL_ACCOUNT,
  YIDI_RULE_NOT_KNOWN,
  YIDI_RULE_TOTAL,
} YidiTraceRule;

typedef enum {
  YIDI_TRACE_VALUE_NONE,
  YIDI_TRACE_VALUE_FEN,
  YIDI_TRACE_VALUE_BP,
  YIDI_TRACE_VALUE_COUNT,
  YIDI_TRACE_VALUE_FLAG,
} YidiTraceValueKind;

/* One step of the calculation, as the "Why?" view shows it. */
typedef struct {
  YidiTraceRule       rule;
  const char         *param_key;    /* "inpatient.deductible", or NULL */
  YidiTraceValueKind  value_kind;
  gint64              value;        /* the parameter's value: fen, bp, count */
  YidiFen             amount;       /* money this step settled; -1 if none */
  char               *from;         /* the value's effective dates, or NULL */
  char               *until;
  char              **sources;      /* ids in policies/sources.json */
  gboolean            confirmed;
  gboolean            known;
  char               *note;         /* the policy's note on the value */
  char               *text;         /* a translated sentence */
} YidiTraceStep;

/* The result. The parts add up: total = fund + serious_illness +
 * civil_servant + assistance + out_of_pocket, and out_of_pocket =
 * self_pay + pre_self_pay + deductible + copayment + over_cap +
 * not_covered − serious_illness − civil_servant − assistance. */
typedef struct {
  YidiFen               total;
  YidiFen               self_pay;          /* outside the scope: 丙类, over-standard */
  YidiFen               pre_self_pay;      /* 乙类 and consumables paid first */
  YidiFen               deductible;
  YidiFen               copayment;         /* in-scope share the person pays */
  YidiFen               over_cap;          /* in-scope costs above the fund's cap */
  YidiFen               not_covered;       /* in-scope costs the fund refuses (waiting, not filed) */
  YidiFen               fund;              /* basic fund (统筹基金) */
  YidiFen               serious_illness;   /* 大病保险 / 大额互助 / 附加基金 */
  YidiFen               civil_servant;     /* 公务员医疗补助 */
  YidiFen               assistance;        /* 医疗救助 */
  YidiFen               out_of_pocket;
  YidiFen               personal_account;  /* part of out_of_pocket the personal account may pay */
  gboolean              personal_account_known;
  YidiBp                ratio;             /* the fund's share where the first covered cost falls */
  YidiBp                reduction;         /* points cut for treatment in another place */
  YidiTreatmentArea     area;
  YidiSettlement        settlement;        /* as settled: may differ from the input */
  gboolean              eligible;
  GDate                 eligible_from;     /* when not eligible */
  GDate                 year_start;        /* the insurance year of the stay */
  GDate                 year_end;
  guint32               unknown;           /* YidiEstimateUnknown */
  guint32               notes;             /* YidiEstimateNote */
  const YidiPolicyPack *pack;              /* borrowed from the set */
  GPtrArray            *trace;             /* YidiTraceStep*, NULL without YIDI_ESTIMATE_TRACE */
} YidiEstimate;

typedef enum {
  YIDI_SCENARIO_FILING,      /* filed vs not filed */
  YIDI_SCENARIO_REFERRAL,    /* referral vs other temporary stay */
  YIDI_SCENARIO_LEVEL,       /* level 2 vs level 3 */
  YIDI_SCENARIO_TERM,        /* long-term resident vs temporary stay */
  YIDI_SCENARIO_SETTLEMENT,  /* settled directly vs paid first and claimed */
} YidiScenarioAxis;

#define YIDI_SCENARIO_ALL 0x1f

/* One variation of a case: the input as changed, and its estimate or the
 * reason it has none. */
typedef struct {
  YidiScenarioAxis axis;
  char            *label;        /* translated */
  gboolean         is_current;   /* this variation is the input itself */
  YidiEngineInput  input;
  YidiEstimate     estimate;     /* valid when error is NULL */
  GError          *error;
} YidiScenario;

/* The same case at each institution level (for "cheapest nearby"). */
typedef struct {
  YidiEstimate estimate[YIDI_ENGINE_N_LEVELS];
  GError      *error[YIDI_ENGINE_N_LEVELS];
} YidiLevelEstimates;

GQuark       yidi_engine_error_quark          (void);

void         yidi_engine_input_init           (YidiEngineInput        *input);
gboolean     yidi_engine_estimate             (YidiPolicySet          *set,
                                               const YidiEngineInput  *input,
                                               YidiEstimateFlags       flags,
                                               YidiEstimate           *result,
                                               GError                **error);
void         yidi_engine_estimate_levels      (YidiPolicySet          *set,
                                               const YidiEngineInput  *input,
                                               YidiLevelEstimates     *result);
GPtrArray   *yidi_engine_compare              (YidiPolicySet          *set,
                                               const YidiEngineInput  *input,
                                               guint                   axes,
                                               YidiEstimateFlags       flags) G_GNUC_WARN_UNUSED_RESULT;

void         yidi_estimate_clear              (YidiEstimate           *result);
char       **yidi_estimate_describe_unknown   (const YidiEstimate     *result) G_GNUC_WARN_UNUSED_RESULT;
char       **yidi_estimate_describe_notes     (const YidiEstimate     *result) G_GNUC_WARN_UNUSED_RESULT;
const char  *yidi_estimate_unknown_get_text   (YidiEstimateUnknown     flag);
char        *yidi_estimate_note_get_text      (const YidiEstimate     *result,
                                               YidiEstimateNote        flag) G_GNUC_WARN_UNUSED_RESULT;
void         yidi_level_estimates_clear       (YidiLevelEstimates     *result);
void         yidi_scenario_free               (YidiScenario           *scenario);
void         yidi_trace_step_free             (YidiTraceStep          *step);
const char  *yidi_trace_rule_to_key           (YidiTraceRule           rule);
const char  *yidi_scenario_axis_to_key        (YidiScenarioAxis        axis);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (YidiEstimate, yidi_estimate_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (YidiLevelEstimates, yidi_level_estimates_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiScenario, yidi_scenario_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "yidi-case.h"
#include "yidi-engine.h"
#include "yidi-institution.h"

G_BEGIN_DECLS

/* The Cost-estimate tab's model: the visit and the bill as typed, the
 * insured side read from the shared case, and the rule engine's answer.
 *
 * Every change schedules one recompute in an idle of high priority, so
 * that a burst of edits (a case switch, a key press) is estimated once,
 * before the next frame is drawn, and never more than once per frame
 * interval; "updated" is emitted after each recompute. The estimate keeps
 * its trace (for "Why?") and comes with the side-by-side scenarios. */

#define YIDI_ESTIMATE_MODEL_ERROR (yidi_estimate_model_error_quark ())

typedef enum {
  YIDI_ESTIMATE_MODEL_ERROR_INCOMPLETE,   /* something the estimate needs is not entered yet */
  YIDI_ESTIMATE_MODEL_ERROR_NO_POLICIES,  /* the policies could not be read */
} YidiEstimateModelError;

typedef enum {
  YIDI_BILL_MODE_QUICK,      /* a total and the share not covered */
  YIDI_BILL_MODE_DETAILED,   /* amounts per category */
} YidiBillMode;

/* The quick bill's share of items outside the insurance lists (丙类,
 * 自费) until the person says otherwise: a guess, and labelled as one. */
#define YIDI_ESTIMATE_DEFAULT_SELF_PAY_SHARE ((YidiBp) 1000)

/* Who pays which part of the bill. The parts of an estimate add up to its
 * total, to the fen: the first four are paid by insurance and aid, the
 * others by the person (after the insurance layers took their share). */
typedef enum {
  YIDI_PART_FUND,             /* basic fund (统筹基金) */
  YIDI_PART_SERIOUS_ILLNESS,  /* 大病保险 and other top-up layers */
  YIDI_PART_CIVIL_SERVANT,    /* 公务员医疗补助 */
  YIDI_PART_ASSISTANCE,       /* 医疗救助 */
  YIDI_PART_DEDUCTIBLE,       /* 起付线 */
  YIDI_PART_COPAYMENT,        /* the person's share of covered costs */
  YIDI_PART_PRE_SELF_PAY,     /* 乙类 and consumables paid first */
  YIDI_PART_SELF_PAY,         /* outside the lists: 自费 */
  YIDI_PART_OVER_CAP,         /* covered costs above the annual cap */
  YIDI_PART_NOT_COVERED,      /* covered costs the fund refuses */
} YidiEstimatePart;

#define YIDI_N_PARTS (YIDI_PART_NOT_COVERED + 1)

#define YIDI_TYPE_ESTIMATE_MODEL (yidi_estimate_model_get_type ())

G_DECLARE_FINAL_TYPE (YidiEstimateModel, yidi_estimate_model, YIDI, ESTIMATE_MODEL, GObject)

GQuark                 yidi_estimate_model_error_quark     (void);
GType                  yidi_bill_mode_get_type             (void) G_GNUC_CONST;

/* @policies: NULL when they could not be read (every estimate fails). */
YidiEstimateModel     *yidi_estimate_model_new             (YidiCase           *shared_case,
                                                            YidiPolicySet      *policies) G_GNUC_WARN_UNUSED_RESULT;

YidiCase              *yidi_estimate_model_get_case        (YidiEstimateModel  *self);
YidiPolicySet         *yidi_estimate_model_get_policies    (YidiEstimateModel  *self);
YidiVisitType          yidi_estimate_model_get_visit_type  (YidiEstimateModel  *self);
YidiInstitutionLevel   yidi_estimate_model_get_level       (YidiEstimateModel  *self);
YidiInstitution       *yidi_estimate_model_get_institution (YidiEstimateModel  *self);
YidiSettlement         yidi_estimate_model_get_settlement  (YidiEstimateModel  *self);
guint                  yidi_estimate_model_get_admissions  (YidiEstimateModel  *self);
YidiFen                yidi_estimate_model_get_fund_paid   (YidiEstimateModel  *self);
YidiBillMode           yidi_estimate_model_get_bill_mode   (YidiEstimateModel  *self);
YidiFen                yidi_estimate_model_get_bill_total  (YidiEstimateModel  *self);
YidiBp                 yidi_estimate_model_get_self_pay_share (YidiEstimateModel *self);
YidiFen                yidi_estimate_model_get_bill_amount (YidiEstimateModel  *self,
                                                            YidiBillCategory    category);
/* The day estimates count from when the case has no admission date. */
void                   yidi_estimate_model_get_today       (YidiEstimateModel  *self,
                                                            GDate              *out_today);

void                   yidi_estimate_model_set_policies    (YidiEstimateModel  *self,
                                                            YidiPolicySet      *policies);
void                   yidi_estimate_model_set_visit_type  (YidiEstimateModel  *self,
                                                            YidiVisitType       type);
/* The level chosen by hand; a chosen institution's own level wins when
 * the directory knows it. */
void                   yidi_estimate_model_set_level       (YidiEstimateModel  *self,
                                                            YidiInstitutionLevel level);
void                   yidi_estimate_model_set_institution (YidiEstimateModel  *self,
                                                            YidiInstitution    *institution);
void                   yidi_estimate_model_set_settlement  (YidiEstimateModel  *self,
                                                            YidiSettlement      settlement);
void                   yidi_estimate_model_set_admissions  (YidiEstimateModel  *self,
                                                            guint               admissions);
void                   yidi_estimate_model_set_fund_paid   (YidiEstimateModel  *self,
                                                            YidiFen             fund_paid);
void                   yidi_estimate_model_set_bill_mode   (YidiEstimateModel  *self,
                                                            YidiBillMode        mode);
void                   yidi_estimate_model_set_bill_total  (YidiEstimateModel  *self,
                                                            YidiFen             total);
void                   yidi_estimate_model_set_self_pay_share (YidiEstimateModel *self,
                                                            YidiBp              share);
void                   yidi_estimate_model_set_bill_amount (YidiEstimateModel  *self,
                                                            YidiBillCategory    category,
                                                            YidiFen             amount);
void                   yidi_estimate_model_set_today       (YidiEstimateModel  *self,
                                                            const GDate        *today);

/* The engine input as the model builds it from the case and the form:
 * FALSE with @error (YIDI_ESTIMATE_MODEL_ERROR_INCOMPLETE) saying what is
 * missing. Its bill has no lines. */
gboolean               yidi_estimate_model_build_input     (YidiEstimateModel  *self,
                                                            YidiEngineInput    *out_input,
                                                            GError            **error);

/* Recomputes now if a recompute is pending (tests, benchmarks, printing). */
void                   yidi_estimate_model_flush           (YidiEstimateModel  *self);
guint                  yidi_estimate_model_get_n_recomputes (YidiEstimateModel *self);

/* The result of the last recompute: an estimate (with its trace), or the
 * reason there is none. */
const YidiEstimate    *yidi_estimate_model_get_estimate    (YidiEstimateModel  *self);
const YidiEngineInput *yidi_estimate_model_get_input       (YidiEstimateModel  *self);
const GError          *yidi_estimate_model_get_error       (YidiEstimateModel  *self);
/* -1 when there is no estimate. */
YidiFen                yidi_estimate_model_get_out_of_pocket (YidiEstimateModel *self);
/* The YIDI_N_PARTS parts of the estimate's total (zeros without one). */
void                   yidi_estimate_model_get_parts       (YidiEstimateModel  *self,
                                                            YidiFen            *out_parts);
/* (element-type YidiScenario): the same stay under variations, or NULL. */
GPtrArray             *yidi_estimate_model_get_scenarios   (YidiEstimateModel  *self);

/* Splits @estimate into the YIDI_N_PARTS parts of its total. */
void                   yidi_estimate_split_parts           (const YidiEstimate *estimate,
                                                            YidiFen            *out_parts);
const char            *yidi_estimate_part_get_label        (YidiEstimatePart    part);
gboolean               yidi_estimate_part_is_insurance     (YidiEstimatePart    part);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yidi-estimate-model.h"
#include "yidi-report.h"

G_BEGIN_DECLS

/* What the printed estimate says about the person and the stay. */
typedef struct {
  const char *person;            /* name or label, or NULL */
  const char *insured_place;     /* names of the places, or NULL */
  const char *treatment_place;
  const char *hospital;          /* the chosen hospital's name, or NULL */
} YidiEstimateReportInfo;

/* The estimate of @model as a document to hand over: the person and the
 * stay, who pays what, the notes and the figures not known, the side by
 * side comparison, every step of "Why?" with its sources, and a footer
 * dated @today saying it is an estimate. NULL with @error when the model
 * has no estimate (the error says what is missing). */
YidiReport *yidi_estimate_report_new        (YidiEstimateModel            *model,
                                             const YidiEstimateReportInfo *info,
                                             const GDate                  *today,
                                             GError                      **error) G_GNUC_WARN_UNUSED_RESULT;

/* "Deductible", "Basic fund segment" … for a trace step's rule. */
const char *yidi_trace_rule_get_label       (YidiTraceRule        rule);
/* The value of a step as people read it: "¥1,300.00", "85%", "2", "yes". */
char       *yidi_trace_step_format_value    (const YidiTraceStep *step) G_GNUC_WARN_UNUSED_RESULT;
/* Rule, value, dates, confirmation and source documents of a step, in
 * one line; NULL for a step that has none of them. */
char       *yidi_trace_step_describe        (const YidiTraceStep *step,
                                             YidiPolicySet       *policies) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

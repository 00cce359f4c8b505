/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-estimate-model"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yidi-core-enums.h"
#include "yidi-estimate-model.h"

/* One frame at 60 Hz: recomputes are at least this far apart. */
#define FRAME_USEC (G_USEC_PER_SEC / 60)

struct _YidiEstimateModel
{
  GObject parent_instance;

  YidiCase *shared_case;
  YidiPolicySet *policies;

  YidiVisitType visit_type;
  YidiInstitutionLevel level;
  YidiInstitution *institution;
  YidiSettlement settlement;
  guint admissions;
  YidiFen fund_paid;
  YidiBillMode bill_mode;
  YidiFen bill_total;
  YidiBp self_pay_share;
  YidiFen bill_amount[YIDI_BILL_N_CATEGORIES];
  GDate today;

  guint recompute_id;
  gint64 last_recompute;      /* monotonic µs */
  guint n_recomputes;

  YidiEngineInput input;
  gboolean has_estimate;
  YidiEstimate estimate;
  GError *error;
  GPtrArray *scenarios;
};

G_DEFINE_FINAL_TYPE (YidiEstimateModel, yidi_estimate_model, G_TYPE_OBJECT)

G_DEFINE_QUARK (yidi-estimate-model-error-quark, yidi_estimate_model_error)

GType
yidi_bill_mode_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { YIDI_BILL_MODE_QUICK, "YIDI_BILL_MODE_QUICK", "quick" },
        { YIDI_BILL_MODE_DETAILED, "YIDI_BILL_MODE_DETAILED", "detailed" },
        { 0, NULL, NULL }
      };
      GType id = g_enum_register_static (g_intern_static_string ("YidiBillMode"), values);

      g_once_init_leave (&type_id, id);
    }
  return type_id;
}

enum {
  PROP_0,
  PROP_CASE,
  PROP_VISIT_TYPE,
  PROP_LEVEL,
  PROP_INSTITUTION,
  PROP_SETTLEMENT,
  PROP_ADMISSIONS,
  PROP_FUND_PAID,
  PROP_BILL_MODE,
  PROP_BILL_TOTAL,
  PROP_SELF_PAY_SHARE,
  PROP_OUT_OF_POCKET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_recompute (YidiEstimateModel *self);

/* ---- Parts ----------------------------------------------------------------- */

/**
 * yidi_estimate_split_parts:
 * @out_parts: (array fixed-size=10): filled with the parts
 *
 * The insurance layers (大病保险, subsidy, assistance) pay part of what
 * the person owed; they take it in the order the engine does: the
 * deductible and co-payment first, then costs above the cap, then what
 * was paid first, then the self-paid items. What is left of each is the
 * person's part, so the parts add up to the total.
 */
void
yidi_estimate_split_parts (const YidiEstimate *estimate,
                           YidiFen            *out_parts)
{
  YidiFen layers;
  YidiFen *order[6];
  YidiFen sum = 0;

  g_return_if_fail (estimate != NULL);
  g_return_if_fail (out_parts != NULL);

  out_parts[YIDI_PART_FUND] = estimate->fund;
  out_parts[YIDI_PART_SERIOUS_ILLNESS] = estimate->serious_illness;
  out_parts[YIDI_PART_CIVIL_SERVANT] = estimate->civil_servant;
  out_parts[YIDI_PART_ASSISTANCE] = estimate->assistance;
  out_parts[YIDI_PART_DEDUCTIBLE] = estimate->deductible;
  out_parts[YIDI_PART_COPAYMENT] = estimate->copayment;
  out_parts[YIDI_PART_PRE_SELF_PAY] = estimate->pre_self_pay;
  out_parts[YIDI_PART_SELF_PAY] = estimate->self_pay;
  out_parts[YIDI_PART_OVER_CAP] = estimate->over_cap;
  out_parts[YIDI_PART_NOT_COVERED] = estimate->not_covered;

  layers = estimate->serious_illness + estimate->civil_servant + estimate->assistance;
  order[0] = &out_parts[YIDI_PART_COPAYMENT];
  order[1] = &out_parts[YIDI_PART_DEDUCTIBLE];
  order[2] = &out_parts[YIDI_PART_OVER_CAP];
  order[3] = &out_parts[YIDI_PART_PRE_SELF_PAY];
  order[4] = &out_parts[YIDI_PART_SELF_PAY];
  order[5] = &out_parts[YIDI_PART_NOT_COVERED];
  for (guint i = 0; i < G_N_ELEMENTS (order) && layers > 0; i++)
    {
      YidiFen part = MIN (layers, *order[i]);

      *order[i] -= part;
      layers -= part;
    }
  g_assert (layers == 0);

  for (guint i = 0; i < YIDI_N_PARTS; i++)
    sum += out_parts[i];
  g_assert (sum == estimate->total);
}

const char *
yidi_estimate_part_get_label (YidiEstimatePart part)
{
  switch (part)
    {
    case YIDI_PART_FUND:
      return _("Basic fund (统筹基金) pays");
    case YIDI_PART_SERIOUS_ILLNESS:
      return _("Serious-illness insurance (大病保险) pays");
    case YIDI_PART_CIVIL_SERVANT:
      return _("Civil-servant subsidy pays");
    case YIDI_PART_ASSISTANCE:
      return _("Medical assistance pays");
    case YIDI_PART_DEDUCTIBLE:
      return _("You pay the deductible (起付线)");
    case YIDI_PART_COPAYMENT:
      return _("You pay your share of covered costs");
    case YIDI_PART_PRE_SELF_PAY:
      return _("You pay first for class B items (乙类)");
    case YIDI_PART_SELF_PAY:
      return _("You pay items not covered (自费)");
    case YIDI_PART_OVER_CAP:
      return _("You pay covered costs above the cap");
    case YIDI_PART_NOT_COVERED:
      return _("You pay covered costs the fund does not pay");
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
yidi_estimate_part_is_insurance (YidiEstimatePart part)
{
  return part <= YIDI_PART_ASSISTANCE;
}

/* ---- Building the input ---------------------------------------------------- */

static gboolean
incomplete (GError    **error,
            const char *message)
{
  g_set_error_literal (error, YIDI_ESTIMATE_MODEL_ERROR, YIDI_ESTIMATE_MODEL_ERROR_INCOMPLETE, message);
  return FALSE;
}

static gboolean
copy_place (char       *out,
            const char *code)
{
  if (code == NULL || strlen (code) != 6)
    return FALSE;
  memcpy (out, code, 7);
  return TRUE;
}

static void
fill_bill (YidiEstimateModel *self,
           YidiBill          *bill)
{
  memset (bill, 0, sizeof *bill);
  if (self->bill_mode == YIDI_BILL_MODE_QUICK)
    {
      /* The rest counts as fully covered items (甲类): the detailed bill
       * is there for 乙类 and the other categories. */
      bill->amount[YIDI_BILL_SELF_PAY] = yidi_money_apply_rate (self->bill_total, self->self_pay_share);
      bill->amount[YIDI_BILL_CLASS_A] = self->bill_total - bill->amount[YIDI_BILL_SELF_PAY];
    }
  else
    memcpy (bill->amount, self->bill_amount, sizeof bill->amount);
}

/**
 * yidi_estimate_model_build_input:
 * @out_input: (out caller-allocates): the input
 *
 * Builds the engine input: the person from the case (insured place,
 * scheme, member status, age at admission from the year of birth, filing
 * category and whether the filing is submitted or approved, the
 * destination as the treatment place, the dates), the visit and the bill
 * from the form.
 */
gboolean
yidi_estimate_model_build_input (YidiEstimateModel *self,
                                 YidiEngineInput   *out_input,
                                 GError           **error)
{
  YidiCase *c;
  YidiFilingStatus status;
  YidiInstitutionLevel level = self->level;
  const char *treatment_place;
  int birth_year;
  YidiFen total = 0;

  g_return_val_if_fail (YIDI_IS_ESTIMATE_MODEL (self), FALSE);
  g_return_val_if_fail (out_input != NULL, FALSE);

  c = self->shared_case;
  yidi_engine_input_init (out_input);

  if (!copy_place (out_input->insured.insured_place, yidi_case_get_insured_place (c)))
    return incomplete (error, _("Choose where the person is insured (参保地) to see an estimate."));

  treatment_place = yidi_case_get_destination (c);
  if (treatment_place == NULL && self->institution != NULL)
    treatment_place = yidi_institution_get_division_code (self->institution);
  if (!copy_place (out_input->visit.treatment_place, treatment_place))
    return incomplete (error, _("Choose where the person is treated (就医地) to see an estimate."));

  out_input->insured.scheme = yidi_case_get_scheme (c);
  out_input->insured.member_status = yidi_case_get_member_status (c);
  out_input->insured.filing_category = yidi_case_get_filing_category (c);
  status = yidi_case_get_filing_status (c);
  out_input->insured.filed = (status == YIDI_FILING_STATUS_SUBMITTED || status == YIDI_FILING_STATUS_APPROVED) &&
                             out_input->insured.filing_category != YIDI_FILING_NONE;
  out_input->insured.settlement = self->settlement;

  if (!yidi_date_parse (yidi_case_get_admission_date (c), &out_input->visit.admission))
    out_input->visit.admission = self->today;
  if (!yidi_date_parse (yidi_case_get_discharge_date (c), &out_input->visit.discharge) ||
      g_date_compare (&out_input->visit.discharge, &out_input->visit.admission) < 0)
    g_date_clear (&out_input->visit.discharge, 1);

  birth_year = yidi_case_get_birth_year (c);
  if (birth_year <= 0)
    return incomplete (error, _("Enter the year of birth: the fund’s share can depend on age."));
  /* The birthday is not known: the age it reaches in the year of admission. */
  out_input->insured.age = CLAMP ((int) g_date_get_year (&out_input->visit.admission) - birth_year, 0, 130);

  out_input->visit.type = self->visit_type;
  if (self->institution != NULL && yidi_institution_get_level (self->institution) <= YIDI_LEVEL_UNRATED)
    level = yidi_institution_get_level (self->institution);
  out_input->visit.level = level;

  out_input->ytd.admissions = self->admissions;
  out_input->ytd.fund_paid = self->fund_paid;

  fill_bill (self, &out_input->bill);
  for (guint i = 0; i < YIDI_BILL_N_CATEGORIES; i++)
    total += out_input->bill.amount[i];
  if (total <= 0)
    return incomplete (error, _("Enter the bill, or what you expect it to be, to see an estimate."));

  return TRUE;
}

/* ---- Recomputing ----------------------------------------------------------- */

static void
clear_result (YidiEstimateModel *self)
{
  if (self->has_estimate)
    yidi_estimate_clear (&self->estimate);
  self->has_estimate = FALSE;
  g_clear_error (&self->error);
  g_clear_pointer (&self->scenarios, g_ptr_array_unref);
}

static void
recompute (YidiEstimateModel *self)
{
  YidiFen before = yidi_estimate_model_get_out_of_pocket (self);
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->recompute_id, g_source_remove);
  clear_result (self);
  self->n_recomputes++;

  if (self->policies == NULL)
    g_set_error_literal (&self->error, YIDI_ESTIMATE_MODEL_ERROR, YIDI_ESTIMATE_MODEL_ERROR_NO_POLICIES,
                         _("The insurance policies could not be read, so there is no estimate. Reinstall Yidi."));
  else if (!yidi_estimate_model_build_input (self, &self->input, &self->error))
    ;
  else if (yidi_engine_estimate (self->policies, &self->input, YIDI_ESTIMATE_TRACE, &self->estimate, &error))
    {
      self->has_estimate = TRUE;
      self->scenarios = yidi_engine_compare (self->policies, &self->input, YIDI_SCENARIO_ALL, YIDI_ESTIMATE_DEFAULT);
    }
  else
    self->error = g_steal_pointer (&error);

  self->last_recompute = g_get_monotonic_time ();
  if (before != yidi_estimate_model_get_out_of_pocket (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUT_OF_POCKET]);
  g_signal_emit (self, signals[UPDATED], 0);
}

static gboolean
recompute_cb (gpointer user_data)
{
  YidiEstimateModel *self = user_data;

  self->recompute_id = 0;
  recompute (self);
  return G_SOURCE_REMOVE;
}

/* Before the next frame is drawn (GTK draws at HIGH_IDLE + 20), and at
 * most once per frame interval however fast the edits come. */
static void
schedule_recompute (YidiEstimateModel *self)
{
  gint64 since;

  if (self->recompute_id != 0)
    return;

  since = g_get_monotonic_time () - self->last_recompute;
  if (self->last_recompute != 0 && since >= 0 && since < FRAME_USEC)
    self->recompute_id = g_timeout_add_full (G_PRIORITY_HIGH_IDLE, (FRAME_USEC - since + 999) / 1000,
                                             recompute_cb, self, NULL);
  else
    self->recompute_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, recompute_cb, self, NULL);
}

static void
on_case_notify (YidiCase          *shared_case,
                GParamSpec        *pspec,
                YidiEstimateModel *self)
{
  /* Only what the estimate reads. */
  static const char * const read[] = {
    "insured-place", "scheme", "member-status", "birth-year", "destination",
    "filing-category", "filing-status", "admission-date", "discharge-date", NULL
  };

  if (g_strv_contains (read, pspec->name))
    schedule_recompute (self);
}

/* ---- GObject --------------------------------------------------------------- */

static void
yidi_estimate_model_dispose (GObject *object)
{
  YidiEstimateModel *self = YIDI_ESTIMATE_MODEL (object);

  g_clear_handle_id (&self->recompute_id, g_source_remove);
  if (self->shared_case != NULL)
    g_signal_handlers_disconnect_by_data (self->shared_case, self);
  g_clear_object (&self->shared_case);
  g_clear_object (&self->institution);
  g_clear_pointer (&self->policies, yidi_policy_set_unref);

  G_OBJECT_CLASS (yidi_estimate_model_parent_class)->dispose (object);
}

static void
yidi_estimate_model_finalize (GObject *object)
{
  YidiEstimateModel *self = YIDI_ESTIMATE_MODEL (object);

  clear_result (self);

  G_OBJECT_CLASS (yidi_estimate_model_parent_class)->finalize (object);
}

static void
yidi_estimate_model_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  YidiEstimateModel *self = YIDI_ESTIMATE_MODEL (object);

  switch (prop_id)
    {
    case PROP_CASE:
      g_value_set_object (value, self->shared_case);
      break;
    case PROP_VISIT_TYPE:
      g_value_set_enum (value, self->visit_type);
      break;
    case PROP_LEVEL:
      g_value_set_enum (value, self->level);
      break;
    case PROP_INSTITUTION:
      g_value_set_object (value, self->institution);
      break;
    case PROP_SETTLEMENT:
      g_value_set_enum (value, self->settlement);
      break;
    case PROP_ADMISSIONS:
      g_value_set_uint (value, self->admissions);
      break;
    case PROP_FUND_PAID:
      g_value_set_int64 (value, self->fund_paid);
      break;
    case PROP_BILL_MODE:
      g_value_set_enum (value, self->bill_mode);
      break;
    case PROP_BILL_TOTAL:
      g_value_set_int64 (value, self->bill_total);
      break;
    case PROP_SELF_PAY_SHARE:
      g_value_set_int (value, self->self_pay_share);
      break;
    case PROP_OUT_OF_POCKET:
      g_value_set_int64 (value, yidi_estimate_model_get_out_of_pocket (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yidi_estimate_model_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  YidiEstimateModel *self = YIDI_ESTIMATE_MODEL (object);

  switch (prop_id)
    {
    case PROP_CASE:
      self->shared_case = g_value_dup_object (value);
      break;
    case PROP_VISIT_TYPE:
      yidi_estimate_model_set_visit_type (self, g_value_get_enum (value));
      break;
    case PROP_LEVEL:
      yidi_estimate_model_set_level (self, g_value_get_enum (value));
      break;
    case PROP_INSTITUTION:
      yidi_estimate_model_set_institution (self, g_value_get_object (value));
      break;
    case PROP_SETTLEMENT:
      yidi_estimate_model_set_settlement (self, g_value_get_enum (value));
      break;
    case PROP_ADMISSIONS:
      yidi_estimate_model_set_admissions (self, g_value_get_uint (value));
      break;
    case PROP_FUND_PAID:
      yidi_estimate_model_set_fund_paid (self, g_value_get_int64 (value));
      break;
    case PROP_BILL_MODE:
      yidi_estimate_model_set_bill_mode (self, g_value_get_enum (value));
      break;
    case PROP_BILL_TOTAL:
      yidi_estimate_model_set_bill_total (self, g_value_get_int64 (value));
      break;
    case PROP_SELF_PAY_SHARE:
      yidi_estimate_model_set_self_pay_share (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yidi_estimate_model_constructed (GObject *object)
{
  YidiEstimateModel *self = YIDI_ESTIMATE_MODEL (object);

  G_OBJECT_CLASS (yidi_estimate_model_parent_class)->constructed (object);

  if (self->shared_case == NULL)
    self->shared_case = yidi_case_new ();
  g_signal_connect (self->shared_case, "notify", G_CALLBACK (on_case_notify), self);
  schedule_recompute (self);
}

static void
yidi_estimate_model_class_init (YidiEstimateModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = yidi_estimate_model_dispose;
  object_class->finalize = yidi_estimate_model_finalize;
  object_class->get_property = yidi_estimate_model_get_property;
  object_class->set_property = yidi_estimate_model_set_property;
  object_class->constructed = yidi_estimate_model_constructed;

  properties[PROP_CASE] =
    g_param_spec_object ("case", NULL, NULL, YIDI_TYPE_CASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VISIT_TYPE] =
    g_param_spec_enum ("visit-type", NULL, NULL, YIDI_TYPE_VISIT_TYPE, YIDI_VISIT_INPATIENT, rw);
  properties[PROP_LEVEL] =
    g_param_spec_enum ("level", NULL, NULL, YIDI_TYPE_INSTITUTION_LEVEL, YIDI_LEVEL_3, rw);
  properties[PROP_INSTITUTION] =
    g_param_spec_object ("institution", NULL, NULL, YIDI_TYPE_INSTITUTION, rw);
  properties[PROP_SETTLEMENT] =
    g_param_spec_enum ("settlement", NULL, NULL, YIDI_TYPE_SETTLEMENT, YIDI_SETTLEMENT_DIRECT, rw);
  properties[PROP_ADMISSIONS] =
    g_param_spec_uint ("admissions", NULL, NULL, 0, 366, 0, rw);
  properties[PROP_FUND_PAID] =
    g_param_spec_int64 ("fund-paid", NULL, NULL, 0, YIDI_ENGINE_MAX_AMOUNT, 0, rw);
  properties[PROP_BILL_MODE] =
    g_param_spec_enum ("bill-mode", NULL, NULL, yidi_bill_mode_get_type (), YIDI_BILL_MODE_QUICK, rw);
  properties[PROP_BILL_TOTAL] =
    g_param_spec_int64 ("bill-total", NULL, NULL, 0, YIDI_ENGINE_MAX_AMOUNT, 0, rw);
  properties[PROP_SELF_PAY_SHARE] =
    g_param_spec_int ("self-pay-share", NULL, NULL, 0, YIDI_BP_WHOLE, YIDI_ESTIMATE_DEFAULT_SELF_PAY_SHARE, rw);
  properties[PROP_OUT_OF_POCKET] =
    g_param_spec_int64 ("out-of-pocket", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YidiEstimateModel::updated:
   *
   * After each recompute, whether the result changed or not.
   */
  signals[UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
yidi_estimate_model_init (YidiEstimateModel *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  self->visit_type = YIDI_VISIT_INPATIENT;
  self->level = YIDI_LEVEL_3;
  self->settlement = YIDI_SETTLEMENT_DIRECT;
  self->bill_mode = YIDI_BILL_MODE_QUICK;
  self->self_pay_share = YIDI_ESTIMATE_DEFAULT_SELF_PAY_SHARE;
  g_date_clear (&self->today, 1);
  g_date_set_dmy (&self->today, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
  yidi_engine_input_init (&self->input);
}

/* ---- Public API ------------------------------------------------------------ */

YidiEstimateModel *
yidi_estimate_model_new (YidiCase      *shared_case,
                         YidiPolicySet *policies)
{
  YidiEstimateModel *self;

  g_return_val_if_fail (shared_case == NULL || YIDI_IS_CASE (shared_case), NULL);

  self = g_object_new (YIDI_TYPE_ESTIMATE_MODEL, "case", shared_case, NULL);
  yidi_estimate_model_set_policies (self, policies);
  return self;
}

YidiCase *
yidi_estimate_model_get_case (YidiEstimateModel *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_MODEL (self), NULL);
  return self->shared_case;
}

YidiPolicySet *
yidi_estimate_model_get_policies (YidiEstimateModel *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_MODEL (self), NULL);
  return self->policies;
}

YidiVisitType
yidi_estimate_model_get_visit_type (YidiEstimateModel *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_MODEL (self), YIDI_VISIT_INPATIENT);
  return self->visit_type;
}

YidiInstitutionLevel
yidi_estimate_model_get_level (YidiEstimateModel *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_MODEL (self), YIDI_LEVEL_3);
  return self->level;
}

YidiInstitution *
yidi_estimate_model_get_institution (YidiEstimateModel *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_MODEL (self), NULL);
  return self->institution;
}

YidiSettlement
yidi_estimate_model_get_settlement (YidiEstimateModel *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_MODEL (self), YIDI_SETTLEMENT_DIRECT);
  return self->settlement;
}

guint
yidi_estimate_model_get_admissions (YidiEstimateModel *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_MODEL (self), 0);
  return self->admissions;
}

YidiFen
yidi_estimate_model_get_fund_paid (YidiEstimateModel *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_MODEL (self), 0);
  return self->fund_paid;
}

YidiBillMode
yidi_estimate_model_get_bill_mode (YidiEstimateModel *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_MODEL (self), YIDI_BILL_MODE_QUICK);
  return self->bill_mode;
}

YidiFen
yidi_estimate_model_get_bill_total (YidiEstimateModel *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_MODEL (self), 0);
  return self->bill_total;
}

YidiBp
yidi_estimate_model_get_self_pay_share (YidiEstimateModel *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_MODEL (self), 0);
  return self->self_pay_share;
}

YidiFen
yidi_estimate_model_get_bill_amount (YidiEstimateModel *self,
                                     YidiBillCategory   category)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_MODEL (self), 0);
  g_return_val_if_fail ((guint) category < YIDI_BILL_N_CATEGORIES, 0);
  return self->bill_amount[category];
}

void
yidi_estimate_model_get_today (YidiEstimateModel *self,
                               GDate             *out_today)
{
  g_return_if_fail (YIDI_IS_ESTIMATE_MODEL (self));
  *out_today = self->today;
}

void
yidi_estimate_model_set_policies (YidiEstimateModel *self,
                                  YidiPolicySet     *policies)
{
  g_return_if_fail (YIDI_IS_ESTIMATE_MODEL (self));

  if (policies == self->policies)
    return;
  g_clear_pointer (&self->policies, yidi_policy_set_unref);
  if (policies != NULL)
    self->policies = yidi_policy_set_ref (policies);
  schedule_recompute (self);
}

#define SET_FIELD(self, field, value, prop)                                      \
  G_STMT_START {                                                                 \
    if ((self)->field == (value))                                                \
      return;                                                                    \
    (self)->field = (value);                                                     \
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);                \
    schedule_recompute (self);                                                   \
  } G_STMT_END

void
yidi_estimate_model_set_visit_type (YidiEstimateModel *self,
                                    YidiVisitType      type)
{
  g_return_if_fail (YIDI_IS_ESTIMATE_MODEL (self));
  g_return_if_fail ((guint) type <= YIDI_VISIT_CHRONIC_OUTPATIENT);
  SET_FIELD (self, visit_type, type, PROP_VISIT_TYPE);
}

void
yidi_estimate_model_set_level (YidiEstimateModel    *self,
                               YidiInstitutionLevel  level)
{
  g_return_if_fail (YIDI_IS_ESTIMATE_MODEL (self));
  g_return_if_fail ((guint) level <= YIDI_LEVEL_UNRATED);
  SET_FIELD (self, level, level, PROP_LEVEL);
}

void
yidi_estimate_model_set_institution (YidiEstimateModel *self,
                                     YidiInstitution   *institution)
{
  g_return_if_fail (YIDI_IS_ESTIMATE_MODEL (self));
  g_return_if_fail (institution == NULL || YIDI_IS_INSTITUTION (institution));

  if (!g_set_object (&self->institution, institution))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSTITUTION]);
  schedule_recompute (self);
}

void
yidi_estimate_model_set_settlement (YidiEstimateModel *self,
                                    YidiSettlement     settlement)
{
  g_return_if_fail (YIDI_IS_ESTIMATE_MODEL (self));
  g_return_if_fail ((guint) settlement <= YIDI_SETTLEMENT_MANUAL);
  SET_FIELD (self, settlement, settlement, PROP_SETTLEMENT);
}

void
yidi_estimate_model_set_admissions (YidiEstimateModel *self,
                                    guint              admissions)
{
  g_return_if_fail (YIDI_IS_ESTIMATE_MODEL (self));
  g_return_if_fail (admissions <= 366);
  SET_FIELD (self, admissions, admissions, PROP_ADMISSIONS);
}

void
yidi_estimate_model_set_fund_paid (YidiEstimateModel *self,
                                   YidiFen            fund_paid)
{
  g_return_if_fail (YIDI_IS_ESTIMATE_MODEL (self));
  g_return_if_fail (fund_paid >= 0 && fund_paid <= YIDI_ENGINE_MAX_AMOUNT);
  SET_FIELD (self, fund_paid, fund_paid, PROP_FUND_PAID);
}

void
yidi_estimate_model_set_bill_mode (YidiEstimateModel *self,
                                   YidiBillMode       mode)
{
  g_return_if_fail (YIDI_IS_ESTIMATE_MODEL (self));
  g_return_if_fail ((guint) mode <= YIDI_BILL_MODE_DETAILED);
  SET_FIELD (self, bill_mode, mode, PROP_BILL_MODE);
}

void
yidi_estimate_model_set_bill_total (YidiEstimateModel *self,
                                    YidiFen            total)
{
  g_return_if_fail (YIDI_IS_ESTIMATE_MODEL (self));
  g_return_if_fail (total >= 0 && total <= YIDI_ENGINE_MAX_AMOUNT);
  SET_FIELD (self, bill_total, total, PROP_BILL_TOTAL);
}

void
yidi_estimate_model_set_self_pay_share (YidiEstimateModel *self,
                                        YidiBp             share)
{
  g_return_if_fail (YIDI_IS_ESTIMATE_MODEL (self));
  g_return_if_fail (share >= 0 && share <= YIDI_BP_WHOLE);
  SET_FIELD (self, self_pay_share, share, PROP_SELF_PAY_SHARE);
}

void
yidi_estimate_model_set_bill_amount (YidiEstimateModel *self,
                                     YidiBillCategory   category,
                                     YidiFen            amount)
{
  g_return_if_fail (YIDI_IS_ESTIMATE_MODEL (self));
  g_return_if_fail ((guint) category < YIDI_BILL_N_CATEGORIES);
  g_return_if_fail (amount >= 0 && amount <= YIDI_ENGINE_MAX_AMOUNT);

  if (self->bill_amount[category] == amount)
    return;
  self->bill_amount[category] = amount;
  schedule_recompute (self);
}

void
yidi_estimate_model_set_today (YidiEstimateModel *self,
                               const GDate       *today)
{
  g_return_if_fail (YIDI_IS_ESTIMATE_MODEL (self));
  g_return_if_fail (today != NULL && g_date_valid (today));

  self->today = *today;
  schedule_recompute (self);
}

void
yidi_estimate_model_flush (YidiEstimateModel *self)
{
  g_return_if_fail (YIDI_IS_ESTIMATE_MODEL (self));

  if (self->recompute_id != 0)
    recompute (self);
}

guint
yidi_estimate_model_get_n_recomputes (YidiEstimateModel *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_MODEL (self), 0);
  return self->n_recomputes;
}

/**
 * yidi_estimate_model_get_estimate:
 *
 * Returns: (nullable): the estimate with its trace, or %NULL (see
 *   yidi_estimate_model_get_error()).
 */
const YidiEstimate *
yidi_estimate_model_get_estimate (YidiEstimateModel *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_MODEL (self), NULL);
  return self->has_estimate ? &self->estimate : NULL;
}

/**
 * yidi_estimate_model_get_input:
 *
 * Returns: the input of the last estimate (meaningful with an estimate).
 */
const YidiEngineInput *
yidi_estimate_model_get_input (YidiEstimateModel *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_MODEL (self), NULL);
  return &self->input;
}

const GError *
yidi_estimate_model_get_error (YidiEstimateModel *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_MODEL (self), NULL);
  return self->error;
}

YidiFen
yidi_estimate_model_get_out_of_pocket (YidiEstimateModel *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_MODEL (self), -1);
  return self->has_estimate ? self->estimate.out_of_pocket : -1;
}

void
yidi_estimate_model_get_parts (YidiEstimateModel *self,
                               YidiFen           *out_parts)
{
  g_return_if_fail (YIDI_IS_ESTIMATE_MODEL (self));
  g_return_if_fail (out_parts != NULL);

  if (self->has_estimate)
    yidi_estimate_split_parts (&self->estimate, out_parts);
  else
    memset (out_parts, 0, sizeof (YidiFen) * YIDI_N_PARTS);
}

GPtrArray *
yidi_estimate_model_get_scenarios (YidiEstimateModel *self)
{
  g_return_val_if_fail (YIDI_IS_ESTIMATE_MODEL (self), NULL);
  return self->scenarios;
}

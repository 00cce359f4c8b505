/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-types"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yidi-types.h"

typedef struct {
  const char *key;
  const char *label;        /* N_() marked, translated on use */
  const char *aliases[3];   /* other spellings accepted when reading */
} EnumInfo;

static const EnumInfo schemes[] = {
  [YIDI_SCHEME_EMPLOYEE] = { "employee", N_("Employee medical insurance"), { "职工" } },
  [YIDI_SCHEME_RESIDENT] = { "resident", N_("Urban and rural resident medical insurance"),
                             { "城乡居民", "new_rural_cooperative", "新农合" } },
};

static const EnumInfo member_statuses[] = {
  [YIDI_MEMBER_IN_SERVICE] = { "in_service", N_("In service"), { "在职" } },
  [YIDI_MEMBER_RETIRED] = { "retired", N_("Retired"), { "退休" } },
};

static const EnumInfo filing_categories[] = {
  [YIDI_FILING_NONE] = { "none", N_("No category yet") },
  [YIDI_FILING_RESETTLED_RETIREE] = { "resettled_retiree", N_("Retiree resettled in another place"), { "异地安置退休" } },
  [YIDI_FILING_LONG_TERM_RESIDENT] = { "long_term_resident", N_("Long-term resident in another place"), { "异地长期居住" } },
  [YIDI_FILING_RESIDENT_STAFF] = { "resident_staff", N_("Staff posted to another place"), { "常驻异地工作" } },
  [YIDI_FILING_REFERRAL] = { "referral", N_("Referred to a hospital in another place"), { "异地转诊" } },
  [YIDI_FILING_EMERGENCY] = { "emergency", N_("Emergency treatment in another place"), { "异地急诊抢救" } },
  [YIDI_FILING_OTHER_TEMPORARY] = { "other_temporary", N_("Other temporary stay in another place"), { "其他临时外出" } },
};

static const EnumInfo filing_statuses[] = {
  [YIDI_FILING_STATUS_NOT_FILED] = { "not_filed", N_("Not filed") },
  [YIDI_FILING_STATUS_SUBMITTED] = { "submitted", N_("Submitted") },
  [YIDI_FILING_STATUS_APPROVED] = { "approved", N_("Approved") },
  [YIDI_FILING_STATUS_EXPIRED] = { "expired", N_("Expired") },
};

static const EnumInfo levels[] = {
  [YIDI_LEVEL_COMMUNITY] = { "community", N_("Community health centre"), { "社区" } },
  [YIDI_LEVEL_1] = { "level1", N_("Level 1"), { "一级" } },
  [YIDI_LEVEL_2] = { "level2", N_("Level 2"), { "二级" } },
  [YIDI_LEVEL_3] = { "level3", N_("Level 3"), { "三级" } },
  [YIDI_LEVEL_UNRATED] = { "unrated", N_("Not rated"), { "未定级" } },
  [YIDI_LEVEL_UNKNOWN] = { "unknown", N_("Level not known") },
};

static const EnumInfo division_levels[] = {
  [YIDI_DIVISION_PROVINCE] = { "province", N_("Province"), { "省" } },
  [YIDI_DIVISION_CITY] = { "city", N_("City"), { "市" } },
  [YIDI_DIVISION_COUNTY] = { "county", N_("County or district"), { "县", "区" } },
};

static const EnumInfo grades[] = {
  [YIDI_GRADE_NONE] = { "none", N_("No grade given") },
  [YIDI_GRADE_A] = { "a", N_("Grade A"), { "甲", "甲等" } },
  [YIDI_GRADE_B] = { "b", N_("Grade B"), { "乙", "乙等" } },
  [YIDI_GRADE_C] = { "c", N_("Grade C"), { "丙", "丙等" } },
};

static const EnumInfo institution_types[] = {
  [YIDI_INSTITUTION_TYPE_UNKNOWN] = { "unknown", N_("Type not known") },
  [YIDI_INSTITUTION_TYPE_GENERAL] = { "general", N_("General hospital"), { "综合", "综合医院" } },
  [YIDI_INSTITUTION_TYPE_TCM] = { "tcm", N_("Traditional Chinese medicine hospital"), { "中医", "中医医院" } },
  [YIDI_INSTITUTION_TYPE_INTEGRATED] = { "integrated", N_("Integrated Chinese and Western medicine hospital"),
                                         { "中西医结合", "中西医结合医院" } },
  [YIDI_INSTITUTION_TYPE_MATERNAL_CHILD] = { "maternal_child", N_("Maternal and child health hospital"),
                                             { "妇幼", "妇幼保健院" } },
  [YIDI_INSTITUTION_TYPE_SPECIALTY] = { "specialty", N_("Specialty hospital"), { "专科", "专科医院" } },
  [YIDI_INSTITUTION_TYPE_PRIMARY] = { "primary", N_("Community clinic or outpatient department"),
                                      { "基层/门诊", "基层", "门诊部" } },
  [YIDI_INSTITUTION_TYPE_OTHER] = { "other", N_("Other institution"), { "其他" } },
};

static const EnumInfo visit_types[] = {
  [YIDI_VISIT_INPATIENT] = { "inpatient", N_("Hospital stay"), { "住院" } },
  [YIDI_VISIT_OUTPATIENT] = { "outpatient", N_("Outpatient visit"), { "门诊", "普通门诊" } },
  [YIDI_VISIT_CHRONIC_OUTPATIENT] = { "chronic_outpatient", N_("Chronic or special disease outpatient care"), { "门诊慢特病" } },
};

static const EnumInfo settlements[] = {
  [YIDI_SETTLEMENT_DIRECT] = { "direct", N_("Settled directly at the hospital"), { "直接结算" } },
  [YIDI_SETTLEMENT_MANUAL] = { "manual", N_("Paid first, claimed back later"), { "手工报销" } },
};

static const EnumInfo bill_categories[] = {
  [YIDI_BILL_CLASS_A] = { "class_a", N_("Class A items (fully covered)"), { "甲类", "jia" } },
  [YIDI_BILL_CLASS_B] = { "class_b", N_("Class B items (part paid first)"), { "乙类", "yi" } },
  [YIDI_BILL_SELF_PAY] = { "self_pay", N_("Items not covered (self-pay)"), { "丙类", "自费" } },
  [YIDI_BILL_OVER_STANDARD] = { "over_standard", N_("Above the payment standard"), { "超标准" } },
  [YIDI_BILL_CONSUMABLES] = { "high_value_consumables", N_("High-value medical consumables"), { "高值耗材", "consumables" } },
};

static const EnumInfo enrolments[] = {
  [YIDI_ENROLMENT_CONTINUOUS] = { "continuous", N_("Insured without a break") },
  [YIDI_ENROLMENT_NEW] = { "new", N_("Newly insured or after a break"), { "新参保" } },
  [YIDI_ENROLMENT_FLEXIBLE] = { "flexible_employment", N_("Flexible employment"), { "灵活就业" } },
};

static const EnumInfo treatment_areas[] = {
  [YIDI_AREA_LOCAL] = { "local", N_("In the insured place") },
  [YIDI_AREA_IN_PROVINCE] = { "in_province", N_("Elsewhere in the same province"), { "省内异地" } },
  [YIDI_AREA_OUT_OF_PROVINCE] = { "out_of_province", N_("In another province"), { "跨省异地" } },
};

static const EnumInfo tristates[] = {
  [YIDI_TRISTATE_UNKNOWN] = { "unknown", N_("Unknown") },
  [YIDI_TRISTATE_NO] = { "no", N_("No") },
  [YIDI_TRISTATE_YES] = { "yes", N_("Yes") },
};

static gboolean
lookup (const EnumInfo *table,
        guint           n_entries,
        const char     *key,
        int            *out_value)
{
  if (key == NULL)
    return FALSE;

  for (guint i = 0; i < n_entries; i++)
    {
      if (g_strcmp0 (table[i].key, key) == 0)
        {
          *out_value = (int) i;
          return TRUE;
        }
      for (guint j = 0; j < G_N_ELEMENTS (table[i].aliases) && table[i].aliases[j]; j++)
        {
          if (g_strcmp0 (table[i].aliases[j], key) == 0)
            {
              *out_value = (int) i;
              return TRUE;
            }
        }
    }

  return FALSE;
}

#define DEFINE_ENUM_KEYS(prefix, Type, table)                                  \
  const char *                                                                 \
  prefix##_to_key (Type value)                                                 \
  {                                                                            \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (table), NULL);         \
    return table[value].key;                                                   \
  }                                                                            \
  gboolean                                                                     \
  prefix##_from_key (const char *key,                                          \
                     Type       *out_value)                                    \
  {                                                                            \
    int value;                                                                 \
    if (!lookup (table, G_N_ELEMENTS (table), key, &value))                    \
      return FALSE;                                                            \
    *out_value = (Type) value;                                                 \
    return TRUE;                                                               \
  }                                                                            \
  const char *                                                                 \
  prefix##_get_label (Type value)                                              \
  {                                                                            \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (table), NULL);         \
    return _(table[value].label);                                              \
  }

DEFINE_ENUM_KEYS (yidi_scheme, YidiScheme, schemes)
DEFINE_ENUM_KEYS (yidi_member_status, YidiMemberStatus, member_statuses)
DEFINE_ENUM_KEYS (yidi_filing_category, YidiFilingCategory, filing_categories)
DEFINE_ENUM_KEYS (yidi_filing_status, YidiFilingStatus, filing_statuses)
DEFINE_ENUM_KEYS (yidi_institution_level, YidiInstitutionLevel, levels)
DEFINE_ENUM_KEYS (yidi_division_level, YidiDivisionLevel, division_levels)
DEFINE_ENUM_KEYS (yidi_institution_grade, YidiInstitutionGrade, grades)
DEFINE_ENUM_KEYS (yidi_institution_type, YidiInstitutionType, institution_types)
DEFINE_ENUM_KEYS (yidi_visit_type, YidiVisitType, visit_types)
DEFINE_ENUM_KEYS (yidi_settlement, YidiSettlement, settlements)
DEFINE_ENUM_KEYS (yidi_bill_category, YidiBillCategory, bill_categories)
DEFINE_ENUM_KEYS (yidi_enrolment, YidiEnrolment, enrolments)
DEFINE_ENUM_KEYS (yidi_treatment_area, YidiTreatmentArea, treatment_areas)

gboolean
yidi_filing_category_is_long_term (YidiFilingCategory value)
{
  return value == YIDI_FILING_RESETTLED_RETIREE ||
         value == YIDI_FILING_LONG_TERM_RESIDENT ||
         value == YIDI_FILING_RESIDENT_STAFF;
}

DEFINE_ENUM_KEYS (yidi_tristate, YidiTristate, tristates)

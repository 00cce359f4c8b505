/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The vocabulary every layer shares. Each enum has a stable key used in
 * files (policy packs, case exports, the CLI) and a translated label. */

typedef enum {
  YIDI_SCHEME_EMPLOYEE,            /* 职工基本医疗保险 */
  YIDI_SCHEME_RESIDENT,            /* 城乡居民基本医疗保险 (absorbed 新农合) */
} YidiScheme;

typedef enum {
  YIDI_MEMBER_IN_SERVICE,          /* 在职 */
  YIDI_MEMBER_RETIRED,             /* 退休 */
} YidiMemberStatus;

typedef enum {
  YIDI_FILING_NONE,                /* not filed / no category yet */
  YIDI_FILING_RESETTLED_RETIREE,   /* 异地安置退休 */
  YIDI_FILING_LONG_TERM_RESIDENT,  /* 异地长期居住 */
  YIDI_FILING_RESIDENT_STAFF,      /* 常驻异地工作 */
  YIDI_FILING_REFERRAL,            /* 异地转诊 */
  YIDI_FILING_EMERGENCY,           /* 异地急诊抢救 */
  YIDI_FILING_OTHER_TEMPORARY,     /* 其他临时外出 */
} YidiFilingCategory;

typedef enum {
  YIDI_FILING_STATUS_NOT_FILED,
  YIDI_FILING_STATUS_SUBMITTED,
  YIDI_FILING_STATUS_APPROVED,
  YIDI_FILING_STATUS_EXPIRED,
} YidiFilingStatus;

typedef enum {
  YIDI_LEVEL_COMMUNITY,            /* 社区卫生服务中心 */
  YIDI_LEVEL_1,                    /* 一级 */
  YIDI_LEVEL_2,                    /* 二级 */
  YIDI_LEVEL_3,                    /* 三级 */
  YIDI_LEVEL_UNRATED,              /* 未定级 */
  YIDI_LEVEL_UNKNOWN,              /* the source does not say */
} YidiInstitutionLevel;

typedef enum {
  YIDI_DIVISION_PROVINCE,          /* 省级 */
  YIDI_DIVISION_CITY,              /* 地级 */
  YIDI_DIVISION_COUNTY,            /* 县级 */
} YidiDivisionLevel;

typedef enum {
  YIDI_GRADE_NONE,                 /* no grade given */
  YIDI_GRADE_A,                    /* 甲等 */
  YIDI_GRADE_B,                    /* 乙等 */
  YIDI_GRADE_C,                    /* 丙等 */
} YidiInstitutionGrade;

typedef enum {
  YIDI_INSTITUTION_TYPE_UNKNOWN,
  YIDI_INSTITUTION_TYPE_GENERAL,         /* 综合医院 */
  YIDI_INSTITUTION_TYPE_TCM,             /* 中医医院 */
  YIDI_INSTITUTION_TYPE_INTEGRATED,      /* 中西医结合医院 */
  YIDI_INSTITUTION_TYPE_MATERNAL_CHILD,  /* 妇幼保健院 */
  YIDI_INSTITUTION_TYPE_SPECIALTY,       /* 专科医院 */
  YIDI_INSTITUTION_TYPE_PRIMARY,         /* 基层医疗机构、门诊部 */
  YIDI_INSTITUTION_TYPE_OTHER,
} YidiInstitutionType;

typedef enum {
  YIDI_VISIT_INPATIENT,            /* 住院 */
  YIDI_VISIT_OUTPATIENT,           /* 普通门诊 */
  YIDI_VISIT_CHRONIC_OUTPATIENT,   /* 门诊慢特病 */
} YidiVisitType;

typedef enum {
  YIDI_SETTLEMENT_DIRECT,          /* 直接结算 */
  YIDI_SETTLEMENT_MANUAL,          /* 手工报销 */
} YidiSettlement;

/* The parts of a hospital bill, by how the insurance treats them. */
typedef enum {
  YIDI_BILL_CLASS_A,               /* 甲类: fully in scope */
  YIDI_BILL_CLASS_B,               /* 乙类: in scope after a share paid first (乙类先行自付) */
  YIDI_BILL_SELF_PAY,              /* 丙类 / 自费: outside the scope */
  YIDI_BILL_OVER_STANDARD,         /* 超标准: above the payment standard (e.g. a better bed) */
  YIDI_BILL_CONSUMABLES,           /* 高值医用耗材: in scope after a share paid first */
} YidiBillCategory;

#define YIDI_BILL_N_CATEGORIES (YIDI_BILL_CONSUMABLES + 1)

/* How someone joined the scheme: waiting periods apply to some. */
typedef enum {
  YIDI_ENROLMENT_CONTINUOUS,       /* insured without a break */
  YIDI_ENROLMENT_NEW,              /* newly insured (or after a break) */
  YIDI_ENROLMENT_FLEXIBLE,         /* 灵活就业人员 */
} YidiEnrolment;

/* Where the treatment takes place, seen from the insured place. */
typedef enum {
  YIDI_AREA_LOCAL,                 /* inside the insured place: not 异地 */
  YIDI_AREA_IN_PROVINCE,           /* 省内异地 */
  YIDI_AREA_OUT_OF_PROVINCE,       /* 跨省异地 */
} YidiTreatmentArea;

typedef enum {
  YIDI_TRISTATE_UNKNOWN,
  YIDI_TRISTATE_NO,
  YIDI_TRISTATE_YES,
} YidiTristate;

const char *yidi_scheme_to_key              (YidiScheme            value);
gboolean    yidi_scheme_from_key            (const char           *key,
                                             YidiScheme           *out_value);
const char *yidi_scheme_get_label           (YidiScheme            value);

const char *yidi_member_status_to_key       (YidiMemberStatus      value);
gboolean    yidi_member_status_from_key     (const char           *key,
                                             YidiMemberStatus     *out_value);
const char *yidi_member_status_get_label    (YidiMemberStatus      value);

const char *yidi_filing_category_to_key     (YidiFilingCategory    value);
gboolean    yidi_filing_category_from_key   (const char           *key,
                                             YidiFilingCategory   *out_value);
const char *yidi_filing_category_get_label  (YidiFilingCategory    value);
gboolean    yidi_filing_category_is_long_term (YidiFilingCategory  value);

const char *yidi_filing_status_to_key       (YidiFilingStatus      value);
gboolean    yidi_filing_status_from_key     (const char           *key,
                                             YidiFilingStatus     *out_value);
const char *yidi_filing_status_get_label    (YidiFilingStatus      value);

const char *yidi_institution_level_to_key   (YidiInstitutionLevel  value);
gboolean    yidi_institution_level_from_key (const char           *key,
                                             YidiInstitutionLevel *out_value);
const char *yidi_institution_level_get_label (YidiInstitutionLevel value);

const char *yidi_division_level_to_key      (YidiDivisionLevel     value);
gboolean    yidi_division_level_from_key    (const char           *key,
                                             YidiDivisionLevel    *out_value);
const char *yidi_division_level_get_label   (YidiDivisionLevel     value);

const char *yidi_institution_grade_to_key   (YidiInstitutionGrade  value);
gboolean    yidi_institution_grade_from_key (const char           *key,
                                             YidiInstitutionGrade *out_value);
const char *yidi_institution_grade_get_label (YidiInstitutionGrade value);

const char *yidi_institution_type_to_key    (YidiInstitutionType   value);
gboolean    yidi_institution_type_from_key  (const char           *key,
                                             YidiInstitutionType  *out_value);
const char *yidi_institution_type_get_label (YidiInstitutionType   value);

const char *yidi_visit_type_to_key          (YidiVisitType         value);
gboolean    yidi_visit_type_from_key        (const char           *key,
                                             YidiVisitType        *out_value);
const char *yidi_visit_type_get_label       (YidiVisitType         value);

const char *yidi_settlement_to_key          (YidiSettlement        value);
gboolean    yidi_settlement_from_key        (const char           *key,
                                             YidiSettlement       *out_value);
const char *yidi_settlement_get_label       (YidiSettlement        value);

const char *yidi_bill_category_to_key       (YidiBillCategory      value);
gboolean    yidi_bill_category_from_key     (const char           *key,
                                             YidiBillCategory     *out_value);
const char *yidi_bill_category_get_label    (YidiBillCategory      value);

const char *yidi_enrolment_to_key           (YidiEnrolment         value);
gboolean    yidi_enrolment_from_key         (const char           *key,
                                             YidiEnrolment        *out_value);
const char *yidi_enrolment_get_label        (YidiEnrolment         value);

const char *yidi_treatment_area_to_key      (YidiTreatmentArea     value);
gboolean    yidi_treatment_area_from_key    (const char           *key,
                                             YidiTreatmentArea    *out_value);
const char *yidi_treatment_area_get_label   (YidiTreatmentArea     value);

const char *yidi_tristate_to_key            (YidiTristate          value);
gboolean    yidi_tristate_from_key          (const char           *key,
                                             YidiTristate         *out_value);
const char *yidi_tristate_get_label         (YidiTristate          value);

G_END_DECLS

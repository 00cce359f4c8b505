/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "yidi-core-enums.h"
#include "yidi-types.h"

/* Every value of every enum survives key → value → key, and has a label. */
#define CHECK_ROUND_TRIP(prefix, Type, TYPE_ENUM)                              \
  G_STMT_START {                                                               \
    g_autoptr(GEnumClass) klass = g_type_class_ref (TYPE_ENUM);                \
    for (guint i = 0; i < klass->n_values; i++)                                \
      {                                                                        \
        Type value = klass->values[i].value;                                   \
        Type back;                                                             \
        const char *key = prefix##_to_key (value);                             \
        g_assert_nonnull (key);                                                \
        g_assert_true (prefix##_from_key (key, &back));                        \
        g_assert_cmpint (back, ==, value);                                     \
        g_assert_nonnull (prefix##_get_label (value));                         \
      }                                                                        \
    g_assert_false (prefix##_from_key ("no-such-key", &(Type){ 0 }));          \
    g_assert_false (prefix##_from_key (NULL, &(Type){ 0 }));                   \
  } G_STMT_END

static void
test_round_trips (void)
{
  CHECK_ROUND_TRIP (yidi_scheme, YidiScheme, YIDI_TYPE_SCHEME);
  CHECK_ROUND_TRIP (yidi_member_status, YidiMemberStatus, YIDI_TYPE_MEMBER_STATUS);
  CHECK_ROUND_TRIP (yidi_filing_category, YidiFilingCategory, YIDI_TYPE_FILING_CATEGORY);
  CHECK_ROUND_TRIP (yidi_filing_status, YidiFilingStatus, YIDI_TYPE_FILING_STATUS);
  CHECK_ROUND_TRIP (yidi_institution_level, YidiInstitutionLevel, YIDI_TYPE_INSTITUTION_LEVEL);
  CHECK_ROUND_TRIP (yidi_division_level, YidiDivisionLevel, YIDI_TYPE_DIVISION_LEVEL);
  CHECK_ROUND_TRIP (yidi_institution_grade, YidiInstitutionGrade, YIDI_TYPE_INSTITUTION_GRADE);
  CHECK_ROUND_TRIP (yidi_institution_type, YidiInstitutionType, YIDI_TYPE_INSTITUTION_TYPE);
  CHECK_ROUND_TRIP (yidi_tristate, YidiTristate, YIDI_TYPE_TRISTATE);
  CHECK_ROUND_TRIP (yidi_visit_type, YidiVisitType, YIDI_TYPE_VISIT_TYPE);
  CHECK_ROUND_TRIP (yidi_settlement, YidiSettlement, YIDI_TYPE_SETTLEMENT);
  CHECK_ROUND_TRIP (yidi_bill_category, YidiBillCategory, YIDI_TYPE_BILL_CATEGORY);
  CHECK_ROUND_TRIP (yidi_enrolment, YidiEnrolment, YIDI_TYPE_ENROLMENT);
  CHECK_ROUND_TRIP (yidi_treatment_area, YidiTreatmentArea, YIDI_TYPE_TREATMENT_AREA);
}

static void
test_aliases (void)
{
  YidiScheme scheme = YIDI_SCHEME_EMPLOYEE;
  YidiInstitutionLevel level = YIDI_LEVEL_1;
  YidiFilingCategory category = YIDI_FILING_NONE;
  YidiInstitutionType type = YIDI_INSTITUTION_TYPE_UNKNOWN;
  YidiInstitutionGrade grade = YIDI_GRADE_NONE;

  /* The former New Rural Cooperative scheme is now the resident scheme. */
  g_assert_true (yidi_scheme_from_key ("新农合", &scheme));
  g_assert_cmpint (scheme, ==, YIDI_SCHEME_RESIDENT);
  g_assert_true (yidi_institution_level_from_key ("三级", &level));
  g_assert_cmpint (level, ==, YIDI_LEVEL_3);
  g_assert_true (yidi_institution_type_from_key ("基层/门诊", &type));
  g_assert_cmpint (type, ==, YIDI_INSTITUTION_TYPE_PRIMARY);
  g_assert_true (yidi_institution_grade_from_key ("甲等", &grade));
  g_assert_cmpint (grade, ==, YIDI_GRADE_A);
  /* A level the source does not give is not the same as 未定级. */
  g_assert_true (yidi_institution_level_from_key ("未定级", &level));
  g_assert_cmpint (level, ==, YIDI_LEVEL_UNRATED);
  g_assert_cmpint (level, !=, YIDI_LEVEL_UNKNOWN);
  g_assert_true (yidi_filing_category_from_key ("异地急诊抢救", &category));
  g_assert_cmpint (category, ==, YIDI_FILING_EMERGENCY);

  {
    YidiBillCategory bill = YIDI_BILL_CLASS_A;

    g_assert_true (yidi_bill_category_from_key ("乙类", &bill));
    g_assert_cmpint (bill, ==, YIDI_BILL_CLASS_B);
    g_assert_true (yidi_bill_category_from_key ("丙类", &bill));
    g_assert_cmpint (bill, ==, YIDI_BILL_SELF_PAY);
  }
}

static void
test_long_term_categories (void)
{
  g_assert_true (yidi_filing_category_is_long_term (YIDI_FILING_RESETTLED_RETIREE));
  g_assert_true (yidi_filing_category_is_long_term (YIDI_FILING_LONG_TERM_RESIDENT));
  g_assert_true (yidi_filing_category_is_long_term (YIDI_FILING_RESIDENT_STAFF));
  g_assert_false (yidi_filing_category_is_long_term (YIDI_FILING_REFERRAL));
  g_assert_false (yidi_filing_category_is_long_term (YIDI_FILING_EMERGENCY));
  g_assert_false (yidi_filing_category_is_long_term (YIDI_FILING_OTHER_TEMPORARY));
  g_assert_false (yidi_filing_category_is_long_term (YIDI_FILING_NONE));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/types/round-trips", test_round_trips);
  g_test_add_func ("/types/aliases", test_aliases);
  g_test_add_func ("/types/long-term", test_long_term_categories);

  return g_test_run ();
}

"""KPI-17.4 "successful graduates": each condition pinned on hand-built graduates, the rules as alternatives,
the Career Center's page that sets a cohort's criteria, and the record's level of studies."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core.choices import ProgramLevel, Region
from mansap.core.models import Student
from mansap.graduates.choices import Channel, EmploymentStatus
from mansap.graduates.models import EmploymentRecord, SuccessCriteria, SuccessOutcome, SuccessRule
from mansap.graduates.reports import success
from mansap.graduates.services.success import set_success_criteria

S = EmploymentStatus
D = dt.date
AS_OF = D(2025, 6, 30)


def record(graduate: Student, status: str, started_on: dt.date, **fields: object) -> EmploymentRecord:
    return EmploymentRecord.objects.create(
        graduate=graduate, status=status, started_on=started_on, channel=Channel.TELEPHONE, **fields
    )


class ConditionTests(ScopedCRUDTests):
    """Graduated 30.06.2024 (g_late on 31.08.2024), judged on 30.06.2025."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        grad = D(2024, 6, 30)
        p = cls.program_a
        cls.early = make_student(p, graduation_date=grad, last_name="Early")  # by specialty from 01.09.2024, 500 000
        record(cls.early, S.EMPLOYED_SPECIALTY, D(2024, 9, 1), salary=500_000)
        cls.late = make_student(p, graduation_date=grad, last_name="Late")  # by specialty from 01.03.2025, 280 000
        record(cls.late, S.EMPLOYED_SPECIALTY, D(2025, 3, 1), salary=280_000)
        cls.other = make_student(p, graduation_date=grad, last_name="Other")  # not by specialty, 350 000, abroad
        record(cls.other, S.EMPLOYED_OTHER, D(2024, 8, 1), salary=350_000, region=Region.ABROAD)
        cls.business = make_student(p, graduation_date=grad, last_name="Business")  # own business, no salary
        record(cls.business, S.OWN_BUSINESS, D(2024, 10, 1))
        cls.master_abroad = make_student(p, graduation_date=grad, last_name="MasterAbroad")
        record(cls.master_abroad, S.CONTINUING_EDUCATION, D(2024, 9, 1), region=Region.ABROAD,
               study_level=ProgramLevel.MASTER)  # fmt: skip
        cls.master_home = make_student(p, graduation_date=grad, last_name="MasterHome")
        record(cls.master_home, S.CONTINUING_EDUCATION, D(2024, 9, 1), study_level=ProgramLevel.MASTER)
        cls.lost = make_student(
            p, graduation_date=grad, last_name="Lost"
        )  # by specialty until 31.03.2025, then nothing
        record(cls.lost, S.EMPLOYED_SPECIALTY, D(2024, 8, 1), ended_on=D(2025, 3, 31), salary=400_000)
        cls.voided = make_student(p, graduation_date=grad, last_name="Voided")
        record(cls.voided, S.EMPLOYED_SPECIALTY, D(2024, 8, 1), voided_at=timezone.now(), void_reason="typo")
        cls.nothing = make_student(p, graduation_date=grad, last_name="Nothing")
        cls.late_graduate = make_student(p, graduation_date=D(2024, 12, 31), last_name="LateGraduate")
        record(cls.late_graduate, S.EMPLOYED_SPECIALTY, D(2025, 5, 1), salary=300_000)

    def who(self, *rules: SuccessRule) -> list[str]:
        graduates = Student.objects.filter(institution=self.institution).graduates()
        result = success.evaluate(graduates, list(rules), AS_OF)
        return sorted(Student.objects.filter(pk__in=result.successful).values_list("last_name", flat=True))

    def test_situation(self) -> None:
        self.assertEqual(self.who(SuccessRule(outcome=SuccessOutcome.EMPLOYED_SPECIALTY)),
                         ["Early", "Late", "LateGraduate"])  # fmt: skip
        self.assertEqual(self.who(SuccessRule(outcome=SuccessOutcome.EMPLOYED)),
                         ["Business", "Early", "Late", "LateGraduate", "Other"])  # fmt: skip
        self.assertEqual(self.who(SuccessRule(outcome=SuccessOutcome.OWN_BUSINESS)), ["Business"])
        self.assertEqual(self.who(SuccessRule(outcome=SuccessOutcome.CONTINUING_EDUCATION)),
                         ["MasterAbroad", "MasterHome"])  # fmt: skip

    def test_within_months_reads_the_situation_that_many_months_after_graduation(self) -> None:
        # 6 months: 30.12.2024 (LateGraduate: 30.06.2025, capped by the as-of date).
        six = SuccessRule(outcome=SuccessOutcome.EMPLOYED_SPECIALTY, within_months=6)
        self.assertEqual(self.who(six), ["Early", "LateGraduate", "Lost"])
        # 2 months: 31.08.2024 (LateGraduate: 28.02.2025, nothing yet).
        two = SuccessRule(outcome=SuccessOutcome.EMPLOYED_SPECIALTY, within_months=2)
        self.assertEqual(self.who(two), ["Lost"])
        self.assertEqual(success.add_months(D(2024, 8, 31), 6), D(2025, 2, 28))
        self.assertEqual(success.add_months(D(2023, 8, 31), 6), D(2024, 2, 29))

    def test_salary(self) -> None:
        self.assertEqual(self.who(SuccessRule(min_salary=300_000)), ["Early", "LateGraduate", "Other"])
        self.assertEqual(self.who(SuccessRule(min_salary=300_001)), ["Early", "Other"])
        # Lost had 400 000 within 6 months: the salary is read on the same date as the situation.
        rule = SuccessRule(outcome=SuccessOutcome.EMPLOYED_SPECIALTY, within_months=6, min_salary=400_000)
        self.assertEqual(self.who(rule), ["Early", "Lost"])

    def test_abroad_and_level(self) -> None:
        self.assertEqual(self.who(SuccessRule(abroad=True)), ["MasterAbroad", "Other"])
        self.assertEqual(self.who(SuccessRule(study_level=ProgramLevel.MASTER)), ["MasterAbroad", "MasterHome"])
        rule = SuccessRule(outcome=SuccessOutcome.CONTINUING_EDUCATION, study_level=ProgramLevel.MASTER, abroad=True)
        self.assertEqual(self.who(rule), ["MasterAbroad"])
        self.assertEqual(self.who(SuccessRule(study_level=ProgramLevel.DOCTORATE)), [])

    def test_rules_are_alternatives(self) -> None:
        rules = (
            SuccessRule(outcome=SuccessOutcome.EMPLOYED_SPECIALTY, min_salary=300_000),
            SuccessRule(outcome=SuccessOutcome.CONTINUING_EDUCATION, abroad=True),
        )
        self.assertEqual(self.who(*rules), ["Early", "LateGraduate", "MasterAbroad"])
        graduates = Student.objects.filter(institution=self.institution).graduates()
        result = success.evaluate(graduates, list(rules), AS_OF)
        self.assertEqual((result.count, len(result.cohort)), (3, 10))
        self.assertEqual(result.successful[self.master_abroad.pk], [1])
        self.assertEqual(success.evaluate(graduates, [], AS_OF).has_rules, False)

    def test_two_queries_whatever_the_cohort(self) -> None:
        graduates = Student.objects.filter(institution=self.institution).graduates()
        with self.assertNumQueries(2):
            success.evaluate(graduates, [SuccessRule(abroad=True)], AS_OF)


class CriteriaServiceAndPageTests(ScopedCRUDTests):
    URL = "/employment/successful/"

    def test_service_replaces_the_rules_and_names_a_bad_one(self) -> None:
        set_success_criteria(self.institution, 2025, acting_user=self.cc, rules=[{"abroad": True}, {"min_salary": 1}])
        criteria = set_success_criteria(
            self.institution, 2025, acting_user=self.cc, rules=[{"outcome": "own_business"}], note="2025"
        )
        self.assertEqual([r.describe() for r in criteria.rules.all()], ["own business"])
        self.assertEqual(SuccessCriteria.objects.count(), 1)
        with self.assertRaises(ValidationError) as caught:
            set_success_criteria(self.institution, 2025, acting_user=self.cc,
                                 rules=[{"abroad": True}, {"outcome": "", "min_salary": None}])  # fmt: skip
        self.assertIn("Rule 2", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            set_success_criteria(self.institution, 2025, acting_user=self.cc,
                                 rules=[{"outcome": "employed_specialty", "study_level": "master"}])  # fmt: skip
        self.assertEqual(list(caught.exception.message_dict), ["study_level"])
        self.assertEqual([r.outcome for r in SuccessRule.objects.all()], ["own_business"])  # nothing changed
        for user in (self.dean, self.rector, self.registrar, self.aigerim):
            with self.assertRaises(PermissionDenied):
                set_success_criteria(self.institution, 2025, acting_user=user, rules=[])

    def test_page(self) -> None:
        make_student(self.program_a, graduation_date=D(2025, 6, 20))
        url = reverse("graduates:success_criteria", args=[2025])
        self.assertEqual(url, self.URL + "2025/")
        page = self.get_as(self.cc, url)
        self.assertEqual(page.status_code, 200)
        data = {
            "rule-TOTAL_FORMS": "2", "rule-INITIAL_FORMS": "0", "rule-MIN_NUM_FORMS": "0", "rule-MAX_NUM_FORMS": "20",
            "rule-0-outcome": "employed_specialty", "rule-0-within_months": "6", "rule-0-min_salary": "300000",
            "rule-1-outcome": "continuing_education", "rule-1-study_level": "master", "rule-1-abroad": "on",
            "note": "Decided by the Career Center",
        }  # fmt: skip
        response = self.post_as(self.cc, url, data)
        self.assertRedirects(response, self.URL)
        rules = [r.describe() for r in SuccessRule.objects.filter(criteria__cohort=2025)]
        self.assertEqual(
            rules,
            ["employed by specialty · salary at least 300,000 KZT · within 6 months of graduation",
             "continuing education · master's · abroad"],
        )  # fmt: skip
        listing = self.get_as(self.rector, self.URL)
        self.assertContains(listing, "within 6 months of graduation")
        self.assertNotContains(listing, url)  # management reads, does not edit
        bad = dict(data, **{"rule-1-outcome": "employed_other_typo"})
        self.assertEqual(self.post_as(self.cc, url, bad).status_code, 400)
        empty_rule = dict(
            data, **{"rule-1-outcome": "own_business", "rule-1-study_level": "master", "rule-1-abroad": ""}
        )
        response = self.post_as(self.cc, url, empty_rule)
        self.assertContains(response, "Rule 2", status_code=400)
        for user in (self.dean, self.rector, self.aigerim, self.student_user):
            self.assertEqual(self.get_as(user, url).status_code, 403, user)
        self.assertEqual(self.get_as(self.student_user, self.URL).status_code, 403)
        self.assertEqual(self.get_as(self.cc, self.URL + "20x5/").status_code, 404)
        self.assertEqual(self.get_as(self.cc, self.URL + "99999999999999999999/").status_code, 404)

    def test_list_queries_are_bounded(self) -> None:
        for year in (2021, 2022):
            set_success_criteria(self.institution, year, acting_user=self.cc, rules=[{"abroad": True}])
        self.client.force_login(self.rector)
        self.client.get(self.URL)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as two:
            self.client.get(self.URL)
        for year in range(2000, 2020):
            set_success_criteria(self.institution, year, acting_user=self.cc, rules=[{"abroad": True}])
        with CaptureQueriesContext(connection) as twenty:
            self.client.get(self.URL)
        self.assertEqual(len(two), len(twenty))

    def test_a_level_of_studies_goes_with_continuing_education(self) -> None:
        graduate = make_student(self.program_a, graduation_date=D(2025, 6, 20))
        bad = EmploymentRecord(graduate=graduate, status=S.EMPLOYED_SPECIALTY, started_on=D(2025, 7, 1),
                               channel=Channel.EMAIL, study_level=ProgramLevel.MASTER)  # fmt: skip
        with self.assertRaises(ValidationError) as caught:
            bad.full_clean()
        self.assertIn("study_level", caught.exception.message_dict)

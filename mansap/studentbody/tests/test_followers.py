"""The modules that follow the contingent (issue #15) through core.contingent: the graduating-student survey's audience
is the students expected to graduate by their program's length and their orders (an academic leave delays it; the
expelled and those on leave drop out), and a practice's students are those studying in its program and year of study
on its first day (an expulsion or a leave effective before it takes a student off)."""

from __future__ import annotations

import datetime as dt

from mansap.common.testing import BaseTestCase, make_student
from mansap.practice.services.placements import practice_students
from mansap.practice.tests.factories import make_practice
from mansap.studentbody.models import StudentPeriod
from mansap.studentbody.reports.expected import expected_year
from mansap.studentbody.tests.factories import signed
from mansap.surveys.choices import SurveyKind
from mansap.surveys.services.campaigns import audience_students
from mansap.surveys.tests.factories import make_campaign, make_questionnaire

D = dt.date


class GraduatingAudienceTests(BaseTestCase):
    def test_the_students_expected_to_graduate_by_their_orders(self) -> None:
        p = self.program_a  # four years
        on_time = make_student(p, admission_year=2022, course=4)
        delayed = make_student(p, admission_year=2022, course=3)  # a leave of eleven months: a year later
        signed(delayed, "academic_leave", D(2023, 10, 1), ground="illness")
        signed(delayed, "leave_return", D(2024, 9, 1))
        back = make_student(p, admission_year=2021, course=4)  # admitted a year earlier, a year's leave: 2026 too
        signed(back, "academic_leave", D(2022, 9, 1), ground="military")
        signed(back, "leave_return", D(2023, 9, 1))
        later = make_student(p, admission_year=2023, course=3)
        expelled = make_student(p, admission_year=2022, course=4)
        signed(expelled, "expulsion", D(2025, 3, 1), ground="own_wish")
        on_leave = make_student(p, admission_year=2022, course=4)
        signed(on_leave, "academic_leave", D(2025, 10, 1), ground="childcare")
        questionnaire = make_questionnaire(self.institution, SurveyKind.GRADUATING)

        def audience(cohort: int) -> set[int]:
            return set(audience_students(make_campaign(questionnaire, cohort=cohort)).values_list("pk", flat=True))

        self.assertEqual(audience(2026), {on_time.pk, back.pk})
        self.assertEqual(audience(2027), {delayed.pk, later.pk})
        self.assertEqual(audience(2025), set())

    def test_the_expected_year_of_a_transfer_and_a_repeat(self) -> None:
        student = make_student(self.program_a, admission_year=2022, course=1)
        signed(student, "transfer_internal", D(2023, 9, 1), program=self.program_b, year_of_study=1)
        signed(student, "repeat_year", D(2024, 9, 1), year_of_study=1)
        periods = list(StudentPeriod.objects.filter(student=student).select_related("program", "item__order"))
        # counted anew from the transfer: year 1 in 2023-2024 → four years → 2027; the repeat → 2028
        self.assertEqual(expected_year(2022, periods), 2027)
        self.assertEqual(expected_year(2022, periods, [D(2024, 9, 1)]), 2028)
        questionnaire = make_questionnaire(self.institution, SurveyKind.GRADUATING)
        audience = audience_students(make_campaign(questionnaire, cohort=2028))
        self.assertEqual(list(audience), [student])


class PracticeStudentsTests(BaseTestCase):
    def test_the_students_of_a_practice_as_of_its_first_day(self) -> None:
        practice = make_practice(self.program_a, starts_on=D(2027, 2, 1), course=3)
        studying = make_student(self.program_a, admission_year=2024, course=3)
        leaving = make_student(self.program_a, admission_year=2024, course=3)
        signed(leaving, "expulsion", D(2027, 1, 15), ground="own_wish")  # signed now, in force before the practice
        resting = make_student(self.program_a, admission_year=2024, course=3)
        signed(resting, "academic_leave", D(2027, 1, 10), ground="illness")
        make_student(self.program_a, admission_year=2025, course=2)
        make_student(self.program_b, admission_year=2024, course=3)
        self.assertEqual(list(practice_students(practice)), [studying])
        practice.starts_on = D(2027, 1, 5)  # before both orders: all three are its students
        self.assertEqual(set(practice_students(practice)), {studying, leaving, resting})

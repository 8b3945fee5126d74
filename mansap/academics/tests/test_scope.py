"""The scope matrix of the academics pages and API (issue #14): the Student Service Center (registrar) edits and
reads all; department A vs B read their own students' grades and records; a student reads only their own record;
an advisor their advisees'; everything else answers 404 (403 for a page a role may not use at all)."""

from __future__ import annotations

import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from mansap.academics.models import Course, GradeScaleBand
from mansap.academics.tests.factories import make_course, make_grade
from mansap.common.testing import ScopedMatrixTestCase, make_student, make_user
from mansap.core.models import Employee


class AcademicsScopeTests(ScopedMatrixTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.course = make_course(cls.institution, "MAT101", 5)
        cls.other_course = make_course(cls.other_institution, "MAT101", 5)
        cls.advisor_user = make_user("advisor")
        advisor = Employee.objects.create(
            department=cls.dept_c, last_name="Кеңесші", first_name="Б", position="professor", user=cls.advisor_user
        )
        cls.s_a = cls.own_student  # department A's student with the login student_user
        cls.s_a2 = make_student(cls.program_a)
        cls.s_b = make_student(cls.program_b, advisor=advisor)
        cls.s_other = make_student(cls.other_program)
        for student, letter in ((cls.s_a, "A"), (cls.s_a2, "B"), (cls.s_b, "C")):
            make_grade(student, cls.course, letter=letter)
        make_grade(cls.s_other, cls.other_course, letter="A")

    def listed(self, user, url_name: str = "academics:grade_list") -> set[str]:
        self.client.force_login(user)
        response = self.client.get(reverse(url_name))
        self.assertEqual(response.status_code, 200)
        return {row.record.student.iin for row in response.context["table"].page.object_list}

    def test_the_grade_list_follows_the_students_scope(self) -> None:
        self.assertEqual(self.listed(self.registrar), {self.s_a.iin, self.s_a2.iin, self.s_b.iin})
        self.assertEqual(self.listed(self.aigerim), {self.s_a.iin, self.s_a2.iin})
        self.assertEqual(self.listed(self.dana), {self.s_b.iin})
        self.assertEqual(self.listed(self.other_cc), {self.s_other.iin})
        self.client.force_login(self.student_user)
        self.assertEqual(self.client.get(reverse("academics:grade_list")).status_code, 403)

    def record_status(self, user, student) -> int:
        self.client.force_login(user)
        return self.client.get(reverse("academics:record", args=[student.pk])).status_code

    def test_the_record_page(self) -> None:
        cases = [
            (self.registrar, self.s_a, 200), (self.registrar, self.s_b, 200), (self.registrar, self.s_other, 404),
            (self.aigerim, self.s_a, 200), (self.aigerim, self.s_b, 404),
            (self.dana, self.s_b, 200), (self.dana, self.s_a, 404),
            (self.student_user, self.s_a, 200), (self.student_user, self.s_a2, 404),
            (self.advisor_user, self.s_b, 200), (self.advisor_user, self.s_a, 404),
        ]  # fmt: skip
        for user, student, status in cases:
            with self.subTest(user=user.username, student=student.pk):
                self.assertEqual(self.record_status(user, student), status)
        self.client.force_login(self.student_user)
        response = self.client.get(reverse("academics:my_record"), follow=True)
        self.assertEqual(response.context["record"].gpa.cumulative, Decimal("4.00"))
        self.client.force_login(self.aigerim)
        self.assertEqual(self.client.get(reverse("academics:my_record")).status_code, 404)

    def test_the_api(self) -> None:
        cases = [
            (self.registrar, {self.s_a.iin, self.s_a2.iin, self.s_b.iin}),
            (self.aigerim, {self.s_a.iin, self.s_a2.iin}),
            (self.dana, {self.s_b.iin}), (self.student_user, {self.s_a.iin}), (self.advisor_user, {self.s_b.iin}),
        ]  # fmt: skip
        for user, iins in cases:
            with self.subTest(user=user.username):
                api = self.api_as(user)
                self.assertEqual({g["iin"] for g in api.get(reverse("grade-list")).json()["results"]}, iins)
                self.assertEqual({g["iin"] for g in api.get(reverse("gpa-list")).json()["results"]}, iins)
        api = self.api_as(self.student_user)
        self.assertEqual(api.get(reverse("gpa-detail", args=[self.s_a2.pk])).status_code, 404)
        self.assertEqual(
            api.get(reverse("gpa-detail", args=[self.s_a.pk])).json(),
            {"student": self.s_a.pk, "iin": self.s_a.iin, "cumulative": 4.0, "years": {"2024-2025": 4.0},
             "credits_attempted": 5, "credits_earned": 5},
        )  # fmt: skip
        self.assertEqual(api.get(reverse("course-list")).status_code, 403)  # the catalogue API is staff's
        grade = self.s_a.grades.get()
        registrar = self.api_as(self.registrar)
        self.assertEqual(registrar.patch(reverse("grade-detail", args=[grade.pk]), {"letter": "F"}).status_code, 405)
        self.assertEqual(registrar.post(reverse("grade-list"), {}).status_code, 405)
        self.assertEqual(self.api_as(self.dana).get(reverse("grade-detail", args=[grade.pk])).status_code, 404)

    def test_only_the_ssc_edits_the_catalogue_and_the_scale(self) -> None:
        for user in (self.cc, self.aigerim, self.rector):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(reverse("academics:course_add")).status_code, 403)
                self.assertEqual(
                    self.client.get(reverse("academics:course_edit", args=[self.course.pk])).status_code, 403
                )
                self.assertEqual(self.client.get(reverse("academics:grade_import")).status_code, 403)
                self.assertEqual(self.client.post(reverse("academics:grading_scale"), {}).status_code, 403)
                self.assertEqual(self.client.get(reverse("academics:grading_scale")).status_code, 200)
        self.client.force_login(self.registrar)
        self.assertEqual(
            self.client.get(reverse("academics:course_edit", args=[self.other_course.pk])).status_code, 404
        )
        response = self.client.post(reverse("academics:course_add"), {
            "code": "PHY101", "name_kk": "Физика", "name_ru": "Физика", "name_en": "Physics", "credits": 6,
            "cycle": "basic", "component": "required",
        })  # fmt: skip
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Course.objects.get(code="PHY101", institution=self.institution).credits, 6)

    def test_the_scale_page_saves_a_whole_valid_scale_only(self) -> None:
        self.client.force_login(self.registrar)
        response = self.client.get(reverse("academics:grading_scale"))
        self.assertContains(response, "Default scale")
        formset = response.context["formset"]
        data = {"band-TOTAL_FORMS": "13", "band-INITIAL_FORMS": "12", "band-MIN_NUM_FORMS": "0",
                "band-MAX_NUM_FORMS": "30"}  # fmt: skip
        for i, form in enumerate(formset.forms[:12]):
            for name in ("letter", "numeric", "min_percent", "max_percent"):
                data[f"band-{i}-{name}"] = str(form.initial[name])
        data["band-0-min_percent"] = "94"  # A overlaps A- at 94
        response = self.client.post(reverse("academics:grading_scale"), data)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.context["scale_errors"], ["The bands A- and A overlap at 94%."])
        self.assertEqual(GradeScaleBand.objects.count(), 0)
        data["band-0-min_percent"] = "95"
        data["band-1-numeric"] = "3.70"
        response = self.client.post(reverse("academics:grading_scale"), data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(GradeScaleBand.objects.get(institution=self.institution, letter="A-").numeric, Decimal("3.70"))

    def test_the_transcript_page_its_xlsx_and_its_api(self) -> None:
        cases = [
            (self.registrar, self.s_b, 200), (self.registrar, self.s_other, 404),
            (self.aigerim, self.s_a, 200), (self.aigerim, self.s_b, 404),
            (self.dana, self.s_b, 200), (self.dana, self.s_a, 404),
            (self.student_user, self.s_a, 200), (self.student_user, self.s_a2, 404),
            (self.advisor_user, self.s_b, 200), (self.advisor_user, self.s_a, 404),
        ]  # fmt: skip
        for user, student, status in cases:
            self.client.force_login(user)
            with self.subTest(user=user.username, student=student.pk):
                self.assertEqual(
                    self.client.get(reverse("academics:transcript", args=[student.pk])).status_code, status
                )
                self.assertEqual(
                    self.client.get(reverse("academics:transcript_xlsx", args=[student.pk])).status_code, status
                )
                api = self.api_as(user).get(reverse("gpa-transcript", args=[student.pk]))
                self.assertEqual(api.status_code, status)
        self.client.force_login(self.student_user)
        response = self.client.get(reverse("academics:my_transcript"), follow=True, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.context["transcript"].cumulative, Decimal("4.00"))
        self.assertContains(response, "Unofficial transcript")
        self.assertContains(response, 'id="request-official"')
        workbook = load_workbook(
            io.BytesIO(self.client.get(reverse("academics:transcript_xlsx", args=[self.s_a.pk])).content)
        )
        self.assertEqual(workbook.sheetnames[1], "GPA")
        rows = list(workbook.worksheets[1].iter_rows(values_only=True))
        self.assertEqual(rows[1:], [("2024-2025", "term 1", 4.0, 4.0, 5), ("Total", None, None, 4.0, 5)])
        data = self.api_as(self.student_user).get(reverse("gpa-transcript", args=[self.s_a.pk]) + "?language=en").json()
        self.assertEqual((data["cumulative"], data["credits_earned"], data["language"]), (4.0, 5, "en"))
        self.assertEqual(data["terms"][0]["courses"][0]["code"], "MAT101")
        self.assertEqual((data["terms"][0]["gpa"], data["terms"][0]["cumulative_gpa"]), (4.0, 4.0))
        self.client.force_login(self.aigerim)
        self.assertEqual(self.client.get(reverse("academics:my_transcript")).status_code, 404)

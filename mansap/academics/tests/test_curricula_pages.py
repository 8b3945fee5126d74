"""Curricula pages and API (issue #14): scope (another department's curriculum answers 404, a student sees only
their own, an advisor their advisees'), the main path through the pages (draw up, add, submit, approve, return),
the gaps page with its XLSX, and the read-only API."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from mansap.academics.models import IndividualCurriculum, ModelCurriculum
from mansap.academics.services import curricula as services
from mansap.academics.tests.factories import make_individual, make_model_curriculum
from mansap.academics.tests.test_curricula import CurriculumFixture
from mansap.common.testing import make_student, make_user


class CurriculumPageTests(CurriculumFixture):
    def setUp(self) -> None:
        super().setUp()
        self.model_b = make_model_curriculum(self.program_b, 2024)
        self.student_b = make_student(self.program_b, admission_year=2024, course=1)
        self.mine = self.draw_up()
        self.theirs = make_individual(self.student_b, "2024-2025")

    def status(self, user, url: str) -> int:
        self.client.force_login(user)
        return self.client.get(url).status_code

    def test_model_curricula_follow_the_department(self) -> None:
        a = reverse("academics:modelcurriculum_detail", args=[self.model.pk])
        b = reverse("academics:modelcurriculum_detail", args=[self.model_b.pk])
        cases = [(self.registrar, a, 200), (self.registrar, b, 200), (self.aigerim, a, 200), (self.aigerim, b, 404),
                 (self.dana, a, 404), (self.dana, b, 200), (self.dean, a, 200), (self.other_cc, a, 404),
                 (self.learner, a, 403)]  # fmt: skip
        for user, url, expected in cases:
            with self.subTest(user=user.username, url=url):
                self.assertEqual(self.status(user, url), expected)
        edit_b = reverse("academics:modelcurriculum_edit", args=[self.model_b.pk])
        self.assertEqual(self.status(self.aigerim, edit_b), 404)
        self.assertEqual(self.status(self.bolat, reverse("academics:modelcurriculum_edit", args=[self.model.pk])), 403)

    def test_individual_curricula_follow_the_student(self) -> None:
        mine = reverse("academics:individualcurriculum_detail", args=[self.mine.pk])
        theirs = reverse("academics:individualcurriculum_detail", args=[self.theirs.pk])
        cases = [(self.learner, mine, 200), (self.learner, theirs, 404), (self.advisor_user, mine, 200),
                 (self.advisor_user, theirs, 404), (self.aigerim, mine, 200), (self.aigerim, theirs, 404),
                 (self.dana, theirs, 200), (self.dana, mine, 404), (self.registrar, theirs, 200),
                 (self.student_user, mine, 404), (self.other_cc, mine, 404)]  # fmt: skip
        for user, url, expected in cases:
            with self.subTest(user=user.username, url=url):
                self.assertEqual(self.status(user, url), expected)
        self.client.force_login(self.learner)
        response = self.client.get(reverse("academics:individualcurriculum_list"))
        self.assertEqual({row.record.pk for row in response.context["table"].page.object_list}, {self.mine.pk})
        self.client.force_login(self.advisor_user)
        response = self.client.get(reverse("academics:individualcurriculum_list"))
        self.assertEqual({row.record.pk for row in response.context["table"].page.object_list}, {self.mine.pk})

    def test_the_main_path_through_the_pages(self) -> None:
        self.client.force_login(self.learner)
        page = self.client.get(reverse("academics:individualcurriculum_detail", args=[self.mine.pk]))
        self.assertContains(page, "Elective group “Languages”: 0 of 10 credits chosen.")
        self.assertContains(page, "Submit to the advisor")
        self.assertNotContains(page, "Approve")
        for code in ("ENG", "GER"):
            self.client.post(reverse("academics:curriculum_item_add", args=[self.mine.pk]),
                             {"course": self.c[code].pk, "term": "1"})  # fmt: skip
        self.client.post(reverse("academics:curriculum_submit", args=[self.mine.pk]))
        self.client.force_login(self.advisor_user)
        page = self.client.get(reverse("academics:individualcurriculum_detail", args=[self.mine.pk]))
        self.assertContains(page, "The curriculum passes the check.")
        self.client.post(reverse("academics:curriculum_approve", args=[self.mine.pk]))
        self.mine.refresh_from_db()
        self.assertEqual(self.mine.status, "approved")
        # The student may not approve; a return needs its comment (400 with the form)
        self.client.force_login(self.learner)
        self.assertEqual(
            self.client.post(reverse("academics:curriculum_approve", args=[self.mine.pk])).status_code, 403
        )
        self.client.force_login(self.registrar)
        response = self.client.post(reverse("academics:curriculum_return", args=[self.mine.pk]), {"comment": ""})
        self.assertEqual(response.status_code, 400)
        self.client.post(reverse("academics:curriculum_return", args=[self.mine.pk]), {"comment": "Fewer credits"})
        self.mine.refresh_from_db()
        self.assertEqual((self.mine.status, self.mine.comment), ("returned", "Fewer credits"))

    def test_a_curriculum_approved_by_a_command_names_no_approver(self) -> None:
        for code in ("ENG", "GER"):
            services.add_item(self.mine, course=self.c[code], term="1", acting_user=None)
        services.approve(services.submit(self.mine, acting_user=None), acting_user=None)
        self.client.force_login(self.learner)
        page = self.client.get(reverse("academics:individualcurriculum_detail", args=[self.mine.pk]))
        self.assertContains(page, "Approved on ")
        self.assertNotContains(page, "Submit to the advisor")

    def test_my_curriculum_draws_up_this_years(self) -> None:
        fresh = make_user("fresh")
        student = make_student(self.program_a, admission_year=2024, course=1, user=fresh)
        self.client.force_login(fresh)
        page = self.client.get(reverse("academics:my_curriculum"))
        self.assertContains(page, "Draw up")
        year = page.context["year"]
        response = self.client.post(reverse("academics:curriculum_draw_up", args=[student.pk]), {"academic_year": year})
        created = IndividualCurriculum.objects.get(student=student)
        self.assertRedirects(response, created.get_absolute_url())
        self.assertRedirects(self.client.get(reverse("academics:my_curriculum")), created.get_absolute_url())
        bad = self.client.post(
            reverse("academics:curriculum_draw_up", args=[student.pk]), {"academic_year": "2024-2026"}
        )
        self.assertContains(bad, "Write the academic year as 2025-2026.", status_code=400)
        self.assertEqual(
            self.status(self.student_user, reverse("academics:curriculum_draw_up", args=[self.student_b.pk])), 404
        )

    def test_the_model_curriculum_pages_add_copy_and_remove(self) -> None:
        self.client.force_login(self.aigerim)
        response = self.client.post(reverse("academics:modelcurriculum_add"),
                                    {"program": self.program_a.pk, "admission_year": 2026, "note": ""})  # fmt: skip
        created = ModelCurriculum.objects.get(program=self.program_a, admission_year=2026)
        self.assertRedirects(response, created.get_absolute_url())
        refused = self.client.post(reverse("academics:modelcurriculum_add"),
                                   {"program": self.program_b.pk, "admission_year": 2026})  # fmt: skip
        self.assertEqual(refused.status_code, 200)  # the form refuses a program out of reach
        self.assertFalse(ModelCurriculum.objects.filter(program=self.program_b, admission_year=2026).exists())
        row = {"course": self.c["MAT"].pk, "year_of_study": 1, "term": "1", "component": "required"}
        self.client.post(reverse("academics:curriculum_row_add", args=[created.pk]), row)
        self.client.post(reverse("academics:curriculum_group_add", args=[created.pk]),
                         {"name": "Sport", "year_of_study": 1, "credits": 4})  # fmt: skip
        self.assertEqual(created.rows.count(), 1)
        self.assertEqual(created.elective_groups.count(), 1)
        response = self.client.post(reverse("academics:curriculum_copy", args=[created.pk]), {"admission_year": 2027})
        copy = ModelCurriculum.objects.get(program=self.program_a, admission_year=2027)
        self.assertRedirects(response, copy.get_absolute_url())
        self.client.post(reverse("academics:curriculum_row_delete", args=[copy.rows.get().pk]))
        self.assertEqual(copy.rows.count(), 0)
        self.client.force_login(self.dana)
        self.assertEqual(
            self.client.post(reverse("academics:curriculum_row_delete", args=[created.rows.get().pk])).status_code, 404
        )

    def test_the_credit_range_page_is_the_sscs(self) -> None:
        url = reverse("academics:credit_range")
        self.assertEqual(self.status(self.aigerim, url), 403)
        self.client.force_login(self.registrar)
        self.assertEqual(self.client.post(url, {"min_credits": 70, "max_credits": 60}).status_code, 400)
        self.client.post(url, {"min_credits": 55, "max_credits": 65})
        self.assertEqual(str(self.institution.curriculum_settings), "55–65")


class AdvisorMenuTests(CurriculumFixture):
    def test_an_advisor_without_a_staff_role_finds_their_advisees_curricula_in_the_menu(self) -> None:
        self.draw_up()
        self.client.force_login(self.advisor_user)
        page = self.client.get(reverse("academics:individualcurriculum_list"))
        advisees_url = reverse("academics:individualcurriculum_list") + "?advisees=true"
        self.assertIn(advisees_url, [entry["url"] for entry in page.context["nav_items"]])
        self.client.force_login(make_user("nobody"))
        page = self.client.get(reverse("home"))
        self.assertNotIn(advisees_url, [entry["url"] for entry in page.context["nav_items"]])


class GapsPageTests(CurriculumFixture):
    def test_the_gaps_page_and_its_xlsx_follow_the_scope(self) -> None:
        other = make_student(self.program_b, admission_year=2024, course=1, last_name="Басқа")
        url = reverse("academics:curriculum_gaps") + "?academic_year=2024-2025"
        self.client.force_login(self.aigerim)
        page = self.client.get(url)
        self.assertEqual([row.student.pk for row in page.context["rows"]], [self.student.pk])
        self.assertContains(page, "No individual curriculum for 2024-2025.")
        self.client.force_login(self.registrar)
        page = self.client.get(url + f"&department={self.dept_b.pk}")
        self.assertEqual([row.student.pk for row in page.context["rows"]], [other.pk])
        with translation.override("ru"):
            response = self.client.get(url + f"&program={self.program_a.pk}&export=xlsx", HTTP_ACCEPT_LANGUAGE="ru")
        rows = self.xlsx_rows(response)
        header = ["Студент", "ИИН", "Программа", "Курс обучения", "Группа", "Статус", "Несоответствия"]
        self.assertEqual(rows[0], header)
        self.assertEqual(rows[1][0], self.student.full_name)
        self.assertEqual(rows[1][5], "нет")
        self.assertEqual(rows[1][6], "Нет индивидуального учебного плана на 2024-2025.")
        self.assertEqual(len(rows), 2)

    def test_the_year_of_study_is_picked_from_a_list(self) -> None:
        second = make_student(self.program_a, admission_year=2023, course=2, last_name="Екінші")
        url = reverse("academics:curriculum_gaps") + "?academic_year=2024-2025"
        self.client.force_login(self.registrar)
        page = self.client.get(url + "&course=2")
        self.assertEqual([row.student.pk for row in page.context["rows"]], [second.pk])
        self.assertContains(page, '<option value="3">3</option>', html=True)
        self.assertContains(page, '<option value="7">7</option>', html=True)
        self.assertNotContains(page, '<input type="number" name="course"')

    def test_a_student_is_refused_the_gaps_page(self) -> None:
        self.client.force_login(self.learner)
        self.assertEqual(self.client.get(reverse("academics:curriculum_gaps")).status_code, 403)


class CurriculumAPITests(CurriculumFixture):
    def test_the_api_lists_with_rows_and_items(self) -> None:
        curriculum = self.draw_up()
        response = self.api_as(self.aigerim).get(reverse("curriculum-list"))
        self.assertEqual(response.status_code, 200)
        [found] = response.json()["results"]
        self.assertEqual((found["program_code"], found["admission_year"]), (self.program_a.code, 2024))
        self.assertEqual(len(found["rows"]), 8)
        self.assertEqual(found["elective_groups"], [{"id": self.group.pk, "name": "Languages", "year_of_study": 1,
                                                     "credits": 10}])  # fmt: skip
        self.assertEqual(self.api_as(self.dana).get(reverse("curriculum-list")).json()["results"], [])
        self.assertEqual(self.api_as(self.learner).get(reverse("curriculum-list")).status_code, 403)
        response = self.api_as(self.learner).get(reverse("individual-curriculum-list"))
        [mine] = response.json()["results"]
        self.assertEqual((mine["id"], mine["status"], mine["academic_year"]), (curriculum.pk, "draft", "2024-2025"))
        self.assertEqual(sorted(i["course_code"] for i in mine["items"]), ["HIS", "MAT", "PHY"])
        self.assertEqual(self.api_as(self.dana).get(reverse("individual-curriculum-list")).json()["results"], [])
        self.assertEqual(self.api_as(self.learner).post(reverse("individual-curriculum-list"), {}).status_code, 405)
        self.assertEqual(
            self.api_as(self.dana).get(reverse("individual-curriculum-detail", args=[curriculum.pk])).status_code, 404
        )
        services.submit(curriculum, acting_user=self.learner)

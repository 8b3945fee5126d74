"""Pages that write: adding, editing and deleting through the forms; the list filters and pages."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django.utils.html import escape

from mansap.common.identifiers import make_iin
from mansap.common.testing import ScopedCRUDTests, form_data, make_student
from mansap.common.translit import to_latin
from mansap.core.forms import StudentForm
from mansap.core.models import Employee, Student

IIN_CHECKSUM_ERROR = "The IIN's check digit is wrong: check the number for a typo."


def wrong_check_digit(iin: str) -> str:
    return iin[:11] + str((int(iin[11]) + 1) % 10)


class StudentFormTests(ScopedCRUDTests):
    def new_student_data(self, **changes: object) -> dict[str, object]:
        data: dict[str, object] = {
            "iin": make_iin(dt.date(2003, 4, 5), "F", 4242),
            "last_name": "Сәрсенбаева",
            "first_name": "Әлия",
            "middle_name": "Қайратқызы",
            "birth_date": "2003-04-05",
            "sex": "F",
            "phone": "8 (701) 123-45-67",
            "email": "aliya@example.kz",
            "program": self.program_a.pk,
            "study_form": "full_time",
            "funding": "grant",
            "admission_year": "2021",
            "course": "4",
            "group": "IS-21-1",
            "status": "studying",
            "gpa": "3.45",
        }
        data.update(changes)
        return data

    def test_editor_creates_a_student_with_derived_fields(self) -> None:
        response = self.post_as(self.aigerim, reverse("core:student_add"), self.new_student_data())
        student = Student.objects.get(last_name="Сәрсенбаева")
        self.assertRedirects(response, reverse("core:student_detail", args=[student.pk]))
        self.assertEqual(student.phone, "+7 701 123 45 67")
        self.assertEqual(student.last_name_latin, "Sarsenbaeva")
        self.assertEqual(student.first_name_latin, to_latin("Әлия"))
        self.assertEqual(student.first_name_latin, "Aliia")
        self.assertEqual(student.institution, self.institution)
        self.assertEqual(student.program, self.program_a)
        self.assertEqual(str(student.gpa), "3.45")
        self.assertEqual(student.history.first().history_user, self.aigerim)

    def test_editor_edits_a_student(self) -> None:
        student = make_student(self.program_a, phone="+7 701 000 00 00")
        data = form_data(student, StudentForm.Meta.fields, phone="87071112233", group="IS-22-2", last_name="Жаңабек")
        response = self.post_as(self.aigerim, reverse("core:student_edit", args=[student.pk]), data)
        self.assertRedirects(response, reverse("core:student_detail", args=[student.pk]))
        student.refresh_from_db()
        self.assertEqual(student.phone, "+7 707 111 22 33")
        self.assertEqual(student.group, "IS-22-2")
        self.assertEqual(student.last_name, "Жаңабек")

    def test_graduation_date_makes_the_student_a_graduate(self) -> None:
        student = make_student(self.program_a)
        data = form_data(student, StudentForm.Meta.fields, graduation_date="2025-06-30", diploma_number="ЖБ-Б 0012345")
        self.post_as(self.aigerim, reverse("core:student_edit", args=[student.pk]), data)
        student.refresh_from_db()
        self.assertEqual(student.status, "graduated")
        self.assertContains(self.get_as(self.aigerim, reverse("core:graduate_list")), student.last_name)

    def test_invalid_iin_shows_the_error_and_saves_nothing(self) -> None:
        data = self.new_student_data(iin=wrong_check_digit(make_iin(dt.date(2003, 4, 5), "F", 4242)))
        response = self.post_as(self.aigerim, reverse("core:student_add"), data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("iin", response.context["form"].errors)
        self.assertContains(response, escape(IIN_CHECKSUM_ERROR))
        response = self.post_as(self.aigerim, reverse("core:student_add"), self.new_student_data(iin="12345"))
        self.assertContains(response, "An IIN has exactly 12 digits.")
        self.assertFalse(Student.objects.exists())

    def test_duplicate_iin_is_a_form_error_not_a_server_error(self) -> None:
        existing = make_student(self.program_a)
        response = self.post_as(self.aigerim, reverse("core:student_add"), self.new_student_data(iin=existing.iin))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "A student with this IIN already exists.")
        self.assertEqual(response.context["form"].errors["iin"], ["A student with this IIN already exists."])
        self.assertEqual(Student.objects.count(), 1)

    def test_other_departments_program_is_not_offered(self) -> None:
        form = self.get_as(self.aigerim, reverse("core:student_add")).context["form"]
        self.assertEqual(set(form.fields["program"].queryset), {self.program_a})
        response = self.post_as(
            self.aigerim, reverse("core:student_add"), self.new_student_data(program=self.program_b.pk)
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("program", response.context["form"].errors)
        self.assertFalse(Student.objects.exists())
        # nor can an existing student be moved there
        student = make_student(self.program_a)
        data = form_data(student, StudentForm.Meta.fields, program=self.program_c.pk)
        response = self.post_as(self.aigerim, reverse("core:student_edit", args=[student.pk]), data)
        self.assertIn("program", response.context["form"].errors)
        student.refresh_from_db()
        self.assertEqual(student.program, self.program_a)

    def test_dean_may_place_students_in_any_program_of_the_faculty(self) -> None:
        form = self.get_as(self.dean, reverse("core:student_add")).context["form"]
        self.assertEqual(set(form.fields["program"].queryset), {self.program_a, self.program_b})
        response = self.post_as(
            self.dean, reverse("core:student_add"), self.new_student_data(program=self.program_b.pk)
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Student.objects.get().program, self.program_b)

    def test_minor_equal_to_major_is_rejected(self) -> None:
        data = self.new_student_data(minor_program=self.program_a.pk)
        response = self.post_as(self.aigerim, reverse("core:student_add"), data)
        self.assertIn("minor_program", response.context["form"].errors)
        self.assertFalse(Student.objects.exists())

    def test_detail_labels_keep_their_acronyms(self) -> None:
        """Labels get a capital first letter only: "IIN" and "GPA" must not become "Iin" and "Gpa"."""
        student = make_student(self.program_a, gpa="3.10")
        response = self.get_as(self.aigerim, student.get_absolute_url())
        labels = [row.label for row in response.context["fields"]]
        self.assertIn("IIN", labels)
        self.assertIn("GPA", labels)
        self.assertIn("Program (Major)", labels)

    def test_editor_deletes_a_student(self) -> None:
        student = make_student(self.program_a)
        response = self.post_as(self.aigerim, reverse("core:student_delete", args=[student.pk]))
        self.assertRedirects(response, reverse("core:student_list"))
        self.assertFalse(Student.objects.filter(pk=student.pk).exists())

    def test_employee_add_edit_delete(self) -> None:
        data = {"last_name": "Серікұлы", "first_name": "Марат", "department": self.dept_a.pk, "position": "lecturer",
                "phone": "", "email": "", "academic_degree": "PhD", "is_active": "on"}  # fmt: skip
        response = self.post_as(self.aigerim, reverse("core:employee_add"), data)
        employee = Employee.objects.get(last_name="Серікұлы")
        self.assertRedirects(response, reverse("core:employee_detail", args=[employee.pk]))
        response = self.post_as(self.aigerim, reverse("core:employee_add"), {**data, "department": self.dept_b.pk})
        self.assertIn("department", response.context["form"].errors)
        self.assertEqual(Employee.objects.count(), 1)
        response = self.post_as(
            self.aigerim, reverse("core:employee_edit", args=[employee.pk]), {**data, "position": "professor"}
        )
        self.assertEqual(response.status_code, 302)
        employee.refresh_from_db()
        self.assertEqual(employee.position, "professor")
        delete = reverse("core:employee_delete", args=[employee.pk])
        self.assertContains(self.get_as(self.aigerim, delete), reverse("core:employee_detail", args=[employee.pk]))
        self.assertRedirects(self.post_as(self.aigerim, delete), reverse("core:employee_list"))
        self.assertFalse(Employee.objects.exists())

    def test_protected_records_are_not_deleted(self) -> None:
        make_student(self.program_a)
        response = self.post_as(self.aigerim, reverse("core:educationalprogram_delete", args=[self.program_a.pk]))
        self.assertRedirects(response, reverse("core:educationalprogram_detail", args=[self.program_a.pk]))
        self.assertTrue(type(self.program_a).objects.filter(pk=self.program_a.pk).exists())


class StudentListFilterTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.s1 = make_student(cls.program_a, last_name="Абаев", study_form="part_time", funding="grant", gpa="3.10")
        cls.s2 = make_student(cls.program_b, last_name="Бекова", study_form="full_time", funding="paid", gpa="2.50")
        cls.s3 = make_student(
            cls.program_a, last_name="Вахитов", graduation_date=dt.date(2024, 6, 28), funding="grant", gpa="3.90"
        )
        cls.s4 = make_student(
            cls.program_c, last_name="Гусейнова", graduation_date=dt.date(2023, 6, 28), status="graduated"
        )
        cls.s5 = make_student(cls.program_b, last_name="Дүйсенов", status="academic_leave")

    def shown(self, query: str, user: object = None) -> list[str]:
        """Last names on the students list page for a query string, in order."""
        response = self.get_as(user or self.cc, reverse("core:student_list") + "?" + query)
        self.assertEqual(response.status_code, 200)
        return [row.record.last_name for row in response.context["table"].page.object_list]

    def api_shown(self, query: str, user: object = None) -> list[str]:
        response = self.api_as(user or self.cc).get("/api/v1/students/?" + query)
        self.assertEqual(response.status_code, 200, response.content)
        return [row["last_name"] for row in response.json()["results"]]

    def check(self, query: str, expected: list[str], ordered: bool = False) -> None:
        for shown in (self.shown(query), self.api_shown(query)):
            if ordered:
                self.assertEqual(shown, expected, query)
            else:
                self.assertEqual(sorted(shown), sorted(expected), query)

    def test_filters(self) -> None:
        self.check("", ["Абаев", "Бекова", "Вахитов", "Гусейнова", "Дүйсенов"])
        self.check(f"department={self.dept_a.pk}", ["Абаев", "Вахитов"])
        self.check(f"program={self.program_b.pk}", ["Бекова", "Дүйсенов"])
        self.check("cohort=2024", ["Вахитов"])
        self.check("cohort=2023", ["Гусейнова"])
        self.check("study_form=part_time", ["Абаев"])
        self.check("funding=grant", ["Абаев", "Вахитов"])
        self.check("status=graduated", ["Вахитов", "Гусейнова"])
        self.check("status=academic_leave", ["Дүйсенов"])
        self.check(f"department={self.dept_a.pk}&funding=grant&cohort=2024", ["Вахитов"])

    def test_search_by_name_and_iin_prefix(self) -> None:
        self.check("q=бек", ["Бекова"])
        self.check("q=" + to_latin("Гусейнова")[:5], ["Гусейнова"])
        self.check("q=" + self.s5.iin[:8], ["Дүйсенов"])
        self.check("q=" + self.s5.iin, ["Дүйсенов"])
        self.check("q=Абаев Айгерім" if self.s1.first_name == "Айгерім" else "q=Абаев Ерлан", ["Абаев"])
        self.check("q=нетакого", [])

    def test_ordering(self) -> None:
        by_name = ["Абаев", "Бекова", "Вахитов", "Гусейнова", "Дүйсенов"]
        self.assertEqual(self.shown("sort=full_name"), by_name)
        self.assertEqual(self.shown("sort=-full_name"), by_name[::-1])
        self.assertEqual(self.api_shown("ordering=last_name"), by_name)
        self.assertEqual(self.api_shown("ordering=-last_name"), by_name[::-1])
        self.assertEqual(self.shown("sort=-gpa")[:3], ["Вахитов", "Абаев", "Бекова"])
        self.assertEqual(self.api_shown("ordering=-gpa")[:3], ["Вахитов", "Абаев", "Бекова"])

    def test_filters_cannot_reach_outside_the_scope(self) -> None:
        # Department B is not among aigerim's choices: the filter is invalid (400) and shows nobody.
        response = self.get_as(self.aigerim, reverse("core:student_list") + f"?department={self.dept_b.pk}")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.context["table"].page.object_list), [])
        self.assertEqual(
            self.api_as(self.aigerim).get(f"/api/v1/students/?department={self.dept_b.pk}").status_code, 400
        )
        self.assertEqual(self.shown("q=Бекова", user=self.aigerim), [])
        self.assertEqual(self.api_shown("q=Бекова", user=self.aigerim), [])
        self.assertEqual(self.api_shown(f"department_id={self.dept_b.pk}", user=self.aigerim), [])
        export = self.xlsx_values(
            self.get_as(self.aigerim, reverse("core:student_list") + f"?export=xlsx&department={self.dept_b.pk}")
        )
        self.assertEqual(export, set())

    def test_export_follows_the_filters(self) -> None:
        response = self.get_as(self.cc, reverse("core:student_list") + "?export=xlsx&funding=grant&sort=full_name")
        rows = self.xlsx_rows(response)
        self.assertEqual(rows[0][:2], ["Full name", "IIN"])
        self.assertEqual([row[0] for row in rows[1:]], [self.s1.full_name, self.s3.full_name])
        self.assertEqual(rows[1][1], self.s1.iin)
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertEqual(response["Cache-Control"], "private, no-store")  # IINs: never kept in a cache
        rows = self.xlsx_rows(self.get_as(self.cc, reverse("core:graduate_list") + "?export=xlsx&cohort=2023"))
        self.assertEqual([row[0] for row in rows[1:]], [self.s4.full_name])

    def test_export_link_keeps_the_filters(self) -> None:
        response = self.get_as(self.cc, reverse("core:student_list") + "?funding=grant&page=1")
        self.assertEqual(response.context["export_query"], "funding=grant&export=xlsx")


class PaginationTests(ScopedCRUDTests):
    def test_list_pages_show_25_rows(self) -> None:
        for _ in range(26):
            make_student(self.program_a)
        response = self.get_as(self.aigerim, reverse("core:student_list"))
        self.assertEqual(len(response.context["table"].page.object_list), 25)
        page2 = self.get_as(self.aigerim, reverse("core:student_list") + "?page=2")
        self.assertEqual(page2.status_code, 200)
        self.assertEqual(len(page2.context["table"].page.object_list), 1)
        self.assertEqual(len(re.findall(r"/org/students/\d+/\"", page2.content.decode())), 1)
        # a page past the end shows the last one
        page3 = self.get_as(self.aigerim, reverse("core:student_list") + "?page=3")
        self.assertEqual(page3.context["table"].page.number, 2)
        # the export is never paginated
        self.assertEqual(
            len(self.xlsx_rows(self.get_as(self.aigerim, reverse("core:student_list") + "?export=xlsx"))), 27
        )

    def test_api_pages_hold_50_rows(self) -> None:
        for _ in range(51):
            make_student(self.program_a)
        client = self.api_as(self.aigerim)
        first = client.get("/api/v1/students/").json()
        self.assertEqual((first["count"], len(first["results"])), (51, 50))
        self.assertIsNotNone(first["next"])
        second = client.get("/api/v1/students/?page=2").json()
        self.assertEqual(len(second["results"]), 1)
        self.assertIsNone(second["next"])
        self.assertEqual(client.get("/api/v1/students/?page=3").status_code, 404)

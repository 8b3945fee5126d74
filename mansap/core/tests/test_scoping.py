"""Access control: who sees and who may change which records, on every page and API endpoint.

People (students, graduates, employees) belong to a department: department staff reach their
own department, a dean their faculty, the Career Center, the Registrar's Office and management
the whole institution. Out-of-scope records answer 404 (they do not exist for the user); visible
but read-only ones answer 403 on every write. The organization structure is visible to every
staff member but changed only by those above it.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core.models import AcademicYear, Department, EducationalProgram, Employee, Faculty, Student

PAGE_ACTIONS = ("detail", "edit", "delete", "history")
WRITE_ACTIONS = ("edit", "delete")


class PeopleFixture(ScopedCRUDTests):
    """A student, a graduate and an employee in each of departments A, B (same faculty) and C."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        programs = {"a": cls.program_a, "b": cls.program_b, "c": cls.program_c}
        departments = {"a": cls.dept_a, "b": cls.dept_b, "c": cls.dept_c}
        names = {"a": "Алтынбекова", "b": "Бейсенова", "c": "Серікбаева"}
        graduate_names = {"a": "Гаухарова", "b": "Дәулетова", "c": "Есенова"}
        employee_names = {"a": "Жұмабеков", "b": "Зейноллаев", "c": "Ибрагимов"}
        cls.student = {k: make_student(p, last_name=names[k], group=f"GR-{k}") for k, p in programs.items()}
        cls.graduate = {
            k: make_student(p, last_name=graduate_names[k], graduation_date=dt.date(2024, 6, 28))
            for k, p in programs.items()
        }
        cls.employee = {
            k: Employee.objects.create(
                department=d, last_name=employee_names[k], first_name="Нұрлан", position="lecturer"
            )
            for k, d in departments.items()
        }

    def people(self, *keys: str) -> list[tuple[str, Student | Employee, str]]:
        """(URL model name, object, a text that identifies it) for the given departments."""
        found: list[tuple[str, Student | Employee, str]] = []
        for k in keys:
            found.append(("student", self.student[k], self.student[k].last_name))
            found.append(("student", self.graduate[k], self.graduate[k].last_name))
            found.append(("employee", self.employee[k], self.employee[k].last_name))
        return found

    def list_names(self, *keys: str) -> dict[str, list[str]]:
        """What each people list should show for users reaching the given departments."""
        return {
            "core:student_list": [self.student[k].last_name for k in keys] + [self.graduate[k].last_name for k in keys],
            "core:graduate_list": [self.graduate[k].last_name for k in keys],
            "core:employee_list": [self.employee[k].last_name for k in keys],
        }

    def assert_lists_show_exactly(self, user: object, keys: str) -> None:
        shown = self.list_names(*keys)
        hidden = self.list_names(*(k for k in "abc" if k not in keys))
        for name in shown:
            response = self.assert_page_shows(user, reverse(name), *shown[name])
            for text in hidden[name]:
                self.assertNotContains(response, text, msg_prefix=f"{name} as {user}")
            export = self.xlsx_values(self.get_as(user, reverse(name) + "?export=xlsx"))
            full_names = {t for t in export if " " in t}
            for text in shown[name]:
                self.assertTrue(any(text in v for v in full_names), f"{text} missing from {name} export as {user}")
            for text in hidden[name]:
                self.assertFalse(any(text in v for v in export), f"{text} leaked into {name} export as {user}")
        # Graduates are not studying students: the graduate list never shows a student who has not graduated.
        self.assertNotContains(self.get_as(user, reverse("core:graduate_list")), self.student[keys[0]].last_name)


class DepartmentIsolationPageTests(PeopleFixture):
    def test_department_staff_lists_and_exports_show_only_their_department(self) -> None:
        self.assert_lists_show_exactly(self.aigerim, "a")
        self.assert_lists_show_exactly(self.bolat, "a")
        self.assert_lists_show_exactly(self.dana, "b")

    def test_department_staff_open_their_own_peoples_pages(self) -> None:
        for model, obj, text in self.people("a"):
            for action in PAGE_ACTIONS:
                self.assert_page_shows(self.aigerim, reverse(f"core:{model}_{action}", args=[obj.pk]), text)

    def test_other_departments_people_are_404_on_every_page(self) -> None:
        for user, others in ((self.aigerim, "bc"), (self.bolat, "bc"), (self.dana, "ac")):
            for model, obj, _text in self.people(*others):
                for action in PAGE_ACTIONS:
                    self.assert_status(user, reverse(f"core:{model}_{action}", args=[obj.pk]), 404)
                for action in WRITE_ACTIONS:
                    self.assert_status(user, reverse(f"core:{model}_{action}", args=[obj.pk]), 404, method="post")
                self.assertTrue(type(obj).objects.filter(pk=obj.pk).exists())

    def test_read_only_users_get_403_on_edit_and_delete(self) -> None:
        for user, keys in ((self.bolat, "a"), (self.rector, "abc")):
            for model, obj, text in self.people(*keys):
                self.assert_page_shows(user, reverse(f"core:{model}_detail", args=[obj.pk]), text)
                self.assert_page_shows(user, reverse(f"core:{model}_history", args=[obj.pk]), text)
                for action in WRITE_ACTIONS:
                    url = reverse(f"core:{model}_{action}", args=[obj.pk])
                    self.assert_status(user, url, 403)
                    self.assert_status(user, url, 403, method="post")
            # and nothing was deleted
            self.assertEqual(Student.objects.count(), 6)
            self.assertEqual(Employee.objects.count(), 3)

    def test_read_only_users_see_no_edit_buttons_and_cannot_add(self) -> None:
        detail = reverse("core:student_detail", args=[self.student["a"].pk])
        edit = reverse("core:student_edit", args=[self.student["a"].pk])
        self.assertNotContains(self.get_as(self.bolat, detail), edit)
        self.assertContains(self.get_as(self.aigerim, detail), edit)
        for user in (self.bolat, self.rector):
            self.assert_status(user, reverse("core:student_add"), 403)
            self.assert_status(user, reverse("core:employee_add"), 403)

    def test_dean_sees_the_departments_of_their_faculty_only(self) -> None:
        self.assert_lists_show_exactly(self.dean, "ab")
        for model, obj, text in self.people("a", "b"):
            for action in PAGE_ACTIONS:
                self.assert_page_shows(self.dean, reverse(f"core:{model}_{action}", args=[obj.pk]), text)
        for model, obj, _text in self.people("c"):
            for action in PAGE_ACTIONS:
                self.assert_status(self.dean, reverse(f"core:{model}_{action}", args=[obj.pk]), 404)

    def test_institution_wide_roles_see_everyone(self) -> None:
        for user in (self.cc, self.registrar, self.rector, self.admin):
            self.assert_lists_show_exactly(user, "abc")
        for model, obj, text in self.people("c"):
            for action in PAGE_ACTIONS:
                self.assert_page_shows(self.cc, reverse(f"core:{model}_{action}", args=[obj.pk]), text)
                self.assert_page_shows(self.registrar, reverse(f"core:{model}_{action}", args=[obj.pk]), text)

    def test_a_student_opens_only_their_own_record(self) -> None:
        own = self.student["a"]
        own.user = self.student_user
        own.save()
        self.assert_page_shows(self.student_user, reverse("core:student_detail", args=[own.pk]), own.last_name)
        for other in (self.student["b"], self.graduate["a"]):
            self.assert_status(self.student_user, reverse("core:student_detail", args=[other.pk]), 404)
        for name in ("core:student_list", "core:graduate_list", "core:employee_list", "core:faculty_list"):
            self.assert_status(self.student_user, reverse(name), 403)
            self.assert_status(self.student_user, reverse(name) + "?export=xlsx", 403)
        for action in ("edit", "delete", "history"):
            self.assert_status(self.student_user, reverse(f"core:student_{action}", args=[own.pk]), 403)
        self.assert_status(self.student_user, reverse("core:employee_detail", args=[self.employee["a"].pk]), 403)

    def test_anonymous_visitors_are_sent_to_the_login_page(self) -> None:
        for url in (
            reverse("core:student_list"),
            reverse("core:student_detail", args=[self.student["a"].pk]),
            reverse("core:employee_edit", args=[self.employee["a"].pk]),
        ):
            response = self.get_as(None, url)
            self.assertEqual(response.status_code, 302)
            self.assertIn(reverse("login"), response["Location"])


class DepartmentIsolationApiTests(PeopleFixture):
    endpoints = {"student": "students", "employee": "employees"}

    def api_ids(self, user: object, endpoint: str) -> set[int]:
        response = self.api_as(user).get(f"/api/v1/{endpoint}/")
        self.assertEqual(response.status_code, 200)
        return {row["id"] for row in response.json()["results"]}

    def expected_ids(self, keys: str) -> dict[str, set[int]]:
        return {
            "students": {self.student[k].pk for k in keys} | {self.graduate[k].pk for k in keys},
            "graduates": {self.graduate[k].pk for k in keys},
            "employees": {self.employee[k].pk for k in keys},
        }

    def test_api_lists_are_scoped(self) -> None:
        for user, keys in (
            (self.aigerim, "a"),
            (self.bolat, "a"),
            (self.dana, "b"),
            (self.dean, "ab"),
            (self.cc, "abc"),
            (self.registrar, "abc"),
            (self.rector, "abc"),
            (self.admin, "abc"),
        ):
            for endpoint, ids in self.expected_ids(keys).items():
                self.assertEqual(self.api_ids(user, endpoint), ids, f"{endpoint} as {user}")

    def test_api_other_departments_people_are_404(self) -> None:
        for user, others in ((self.aigerim, "bc"), (self.bolat, "bc"), (self.dean, "c")):
            client = self.api_as(user)
            for model, obj, _text in self.people(*others):
                url = f"/api/v1/{self.endpoints[model]}/{obj.pk}/"
                self.assertEqual(client.get(url).status_code, 404, url)
                self.assertEqual(client.put(url, {}, format="json").status_code, 404, url)
                self.assertEqual(client.patch(url, {"group": "X"}, format="json").status_code, 404, url)
                self.assertEqual(client.delete(url).status_code, 404, url)
            for k in others:
                self.assertEqual(client.get(f"/api/v1/graduates/{self.graduate[k].pk}/").status_code, 404)
        self.assertEqual(Student.objects.count(), 6)
        self.assertEqual(Employee.objects.count(), 3)
        self.assertFalse(Student.objects.filter(group="X").exists())

    def test_api_own_department_detail(self) -> None:
        client = self.api_as(self.aigerim)
        response = client.get(f"/api/v1/students/{self.student['a'].pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["last_name"], self.student["a"].last_name)
        self.assertEqual(response.json()["department"]["code"], "IS")
        response = client.get(f"/api/v1/graduates/{self.graduate['a'].pk}/")
        self.assertEqual(response.json()["cohort"], 2024)
        self.assertEqual(client.get(f"/api/v1/employees/{self.employee['a'].pk}/").status_code, 200)

    def test_api_read_only_users_get_403_on_writes(self) -> None:
        for user, keys in ((self.bolat, "a"), (self.rector, "abc")):
            client = self.api_as(user)
            for model, obj, _text in self.people(*keys):
                url = f"/api/v1/{self.endpoints[model]}/{obj.pk}/"
                self.assertEqual(client.get(url).status_code, 200, url)
                self.assertEqual(client.patch(url, {"group": "X"}, format="json").status_code, 403, url)
                self.assertEqual(client.put(url, {}, format="json").status_code, 403, url)
                self.assertEqual(client.delete(url).status_code, 403, url)
            payload = {
                "last_name": "Жаңа",
                "first_name": "Қызметкер",
                "department": self.dept_a.pk,
                "position": "lecturer",
            }
            self.assertEqual(client.post("/api/v1/employees/", payload, format="json").status_code, 403)
        self.assertEqual(Student.objects.count(), 6)
        self.assertEqual(Employee.objects.count(), 3)
        self.assertFalse(Student.objects.filter(group="X").exists())

    def test_api_graduates_endpoint_is_read_only(self) -> None:
        client = self.api_as(self.cc)
        url = f"/api/v1/graduates/{self.graduate['a'].pk}/"
        self.assertEqual(client.patch(url, {"group": "X"}, format="json").status_code, 405)
        self.assertEqual(client.delete(url).status_code, 405)
        self.assertTrue(Student.objects.filter(pk=self.graduate["a"].pk).exists())

    def test_api_editors_cannot_move_people_out_of_their_scope(self) -> None:
        client = self.api_as(self.aigerim)
        employee = f"/api/v1/employees/{self.employee['a'].pk}/"
        response = client.patch(employee, {"department": self.dept_b.pk}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("department", response.json())
        student = f"/api/v1/students/{self.student['a'].pk}/"
        response = client.patch(student, {"program": self.program_c.pk}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("program", response.json())
        payload = {"last_name": "Жаңа", "first_name": "Қызметкер", "department": self.dept_c.pk, "position": "lecturer"}
        response = client.post("/api/v1/employees/", payload, format="json")
        self.assertEqual(response.status_code, 400)
        self.employee["a"].refresh_from_db()
        self.student["a"].refresh_from_db()
        self.assertEqual(self.employee["a"].department, self.dept_a)
        self.assertEqual(self.student["a"].program, self.program_a)
        self.assertFalse(Employee.objects.filter(last_name="Жаңа").exists())

    def test_a_student_account_reaches_only_its_own_record_through_the_api(self) -> None:
        own = self.student["a"]
        own.user = self.student_user
        own.save()
        client = self.api_as(self.student_user)
        self.assertEqual(self.api_ids(self.student_user, "students"), {own.pk})
        self.assertEqual(client.get(f"/api/v1/students/{self.student['b'].pk}/").status_code, 404)
        self.assertEqual(client.patch(f"/api/v1/students/{own.pk}/", {"group": "X"}, format="json").status_code, 403)
        self.assertEqual(self.api_ids(self.student_user, "employees"), set())


class OrganizationStructureTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.year = AcademicYear.objects.create(
            institution=cls.institution, start_year=2025, starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2026, 6, 30)
        )

    @property
    def staff(self) -> list[object]:
        return [self.aigerim, self.bolat, self.dana, self.dean, self.cc, self.registrar, self.rector, self.admin]

    def test_structure_is_visible_to_every_staff_member(self) -> None:
        for user in self.staff:
            self.assert_page_shows(user, reverse("core:faculty_list"), "FIT", "FEB")
            self.assert_page_shows(user, reverse("core:department_list"), ">IS<", ">CS<", ">EC<")
            self.assert_page_shows(user, reverse("core:educationalprogram_list"), "6B06101", "6B06102", "6B04101")
            self.assert_page_shows(user, reverse("core:academicyear_list"), "2025-2026")
            self.assert_page_shows(user, reverse("core:institution_list"), "KazUTB")
            for name, obj in (
                ("faculty", self.other_faculty),
                ("department", self.dept_c),
                ("educationalprogram", self.program_c),
                ("academicyear", self.year),
                ("institution", self.institution),
            ):
                self.assert_status(user, reverse(f"core:{name}_detail", args=[obj.pk]), 200)
                self.assert_status(user, reverse(f"core:{name}_history", args=[obj.pk]), 200)
            client = self.api_as(user)
            self.assertEqual(client.get("/api/v1/faculties/").json()["count"], 2)
            self.assertEqual(client.get("/api/v1/departments/").json()["count"], 3)
            self.assertEqual(client.get("/api/v1/programs/").json()["count"], 3)
            self.assertEqual(client.get("/api/v1/academic-years/").json()["count"], 1)

    def test_students_cannot_open_structure_pages(self) -> None:
        for name in ("faculty", "department", "educationalprogram", "academicyear", "institution"):
            self.assert_status(self.student_user, reverse(f"core:{name}_list"), 403)
        self.assert_status(self.student_user, reverse("core:department_detail", args=[self.dept_a.pk]), 403)

    def test_only_institution_wide_editors_change_faculties_and_years(self) -> None:
        pages = [
            reverse("core:faculty_edit", args=[self.faculty.pk]),
            reverse("core:faculty_delete", args=[self.other_faculty.pk]),
            reverse("core:faculty_add"),
            reverse("core:academicyear_edit", args=[self.year.pk]),
            reverse("core:academicyear_delete", args=[self.year.pk]),
            reverse("core:academicyear_add"),
            reverse("core:calendarevent_add", args=[self.year.pk]),
        ]
        for user in (self.cc, self.registrar, self.admin):
            for url in pages:
                self.assert_status(user, url, 200)
        for user in (self.aigerim, self.bolat, self.dana, self.dean, self.rector):
            for url in pages:
                self.assert_status(user, url, 403)
                self.assert_status(user, url, 403, method="post")
        self.assertTrue(Faculty.objects.filter(pk=self.other_faculty.pk).exists())
        self.assertTrue(AcademicYear.objects.filter(pk=self.year.pk).exists())

    def test_dean_edits_departments_of_their_faculty_only(self) -> None:
        for dept in (self.dept_a, self.dept_b):
            self.assert_status(self.dean, reverse("core:department_edit", args=[dept.pk]), 200)
        self.assert_status(self.dean, reverse("core:department_add"), 200)
        self.assert_status(self.dean, reverse("core:department_edit", args=[self.dept_c.pk]), 403)
        self.assert_status(self.dean, reverse("core:department_delete", args=[self.dept_c.pk]), 403)
        self.assert_status(self.dean, reverse("core:department_delete", args=[self.dept_c.pk]), 403, method="post")
        self.assertTrue(Department.objects.filter(pk=self.dept_c.pk).exists())
        # The department form offers only the dean's own faculty.
        form = self.get_as(self.dean, reverse("core:department_add")).context["form"]
        self.assertEqual(list(form.fields["faculty"].queryset), [self.faculty])
        for user in (self.aigerim, self.dana, self.bolat, self.rector):
            self.assert_status(user, reverse("core:department_add"), 403)
            self.assert_status(user, reverse("core:department_edit", args=[self.dept_c.pk]), 403)

    def test_department_staff_edit_their_own_programs_only(self) -> None:
        self.assert_status(self.aigerim, reverse("core:educationalprogram_edit", args=[self.program_a.pk]), 200)
        self.assert_status(self.aigerim, reverse("core:educationalprogram_add"), 200)
        self.assert_status(self.dana, reverse("core:educationalprogram_edit", args=[self.program_b.pk]), 200)
        self.assert_status(self.dean, reverse("core:educationalprogram_edit", args=[self.program_b.pk]), 200)
        for user, program in (
            (self.aigerim, self.program_b),
            (self.aigerim, self.program_c),
            (self.dana, self.program_a),
            (self.bolat, self.program_a),
            (self.rector, self.program_a),
            (self.dean, self.program_c),
        ):
            for action in WRITE_ACTIONS:
                self.assert_status(user, reverse(f"core:educationalprogram_{action}", args=[program.pk]), 403)
            self.assert_status(user, reverse("core:educationalprogram_delete", args=[program.pk]), 403, method="post")
        self.assertEqual(EducationalProgram.objects.count(), 3)
        self.assert_status(self.bolat, reverse("core:educationalprogram_add"), 403)
        form = self.get_as(self.aigerim, reverse("core:educationalprogram_add")).context["form"]
        self.assertEqual(list(form.fields["department"].queryset), [self.dept_a])

    def test_add_pages_respect_can_create(self) -> None:
        expectations = {
            "core:faculty_add": {self.cc, self.registrar, self.admin},
            "core:academicyear_add": {self.cc, self.registrar, self.admin},
            "core:department_add": {self.cc, self.registrar, self.admin, self.dean},
            "core:educationalprogram_add": {self.cc, self.registrar, self.admin, self.dean, self.aigerim, self.dana},
            "core:student_add": {self.cc, self.registrar, self.admin, self.dean, self.aigerim, self.dana},
            "core:employee_add": {self.cc, self.registrar, self.admin, self.dean, self.aigerim, self.dana},
        }
        for name, allowed in expectations.items():
            for user in self.staff:
                self.assert_status(user, reverse(name), 200 if user in allowed else 403)
        # Only those may see the "Add" button on the list.
        self.assertNotContains(self.get_as(self.aigerim, reverse("core:faculty_list")), reverse("core:faculty_add"))
        self.assertContains(self.get_as(self.cc, reverse("core:faculty_list")), reverse("core:faculty_add"))

    def test_institution_is_changed_only_by_institution_wide_editors(self) -> None:
        url = reverse("core:institution_edit", args=[self.institution.pk])
        self.assert_status(self.cc, url, 200)
        for user in (self.dean, self.aigerim, self.rector):
            self.assert_status(user, url, 403)

    def test_api_structure_writes(self) -> None:
        faculty = f"/api/v1/faculties/{self.faculty.pk}/"
        year = f"/api/v1/academic-years/{self.year.pk}/"
        for user in (self.dean, self.aigerim, self.rector, self.bolat):
            client = self.api_as(user)
            self.assertEqual(client.patch(faculty, {"name_en": "X"}, format="json").status_code, 403)
            self.assertEqual(client.patch(year, {"is_current": True}, format="json").status_code, 403)
        self.assertEqual(self.api_as(self.cc).patch(faculty, {"name_en": "IT school"}, format="json").status_code, 200)
        self.faculty.refresh_from_db()
        self.assertEqual(self.faculty.name_en, "IT school")

        dean = self.api_as(self.dean)
        response = dean.patch(f"/api/v1/departments/{self.dept_a.pk}/", {"email": "is@kazutb.kz"}, format="json")
        self.assertEqual(response.status_code, 200)
        response = dean.patch(f"/api/v1/departments/{self.dept_c.pk}/", {"email": "x@kazutb.kz"}, format="json")
        self.assertEqual(response.status_code, 403)
        # nor may the dean move a department of theirs to the other faculty
        response = dean.patch(
            f"/api/v1/departments/{self.dept_a.pk}/", {"faculty": self.other_faculty.pk}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.dept_a.refresh_from_db()
        self.dept_c.refresh_from_db()
        self.assertEqual((self.dept_a.email, self.dept_a.faculty), ("is@kazutb.kz", self.faculty))
        self.assertEqual(self.dept_c.email, "")

        aigerim = self.api_as(self.aigerim)
        response = aigerim.patch(f"/api/v1/programs/{self.program_a.pk}/", {"duration_years": 5}, format="json")
        self.assertEqual(response.status_code, 200)
        response = aigerim.patch(f"/api/v1/programs/{self.program_b.pk}/", {"duration_years": 5}, format="json")
        self.assertEqual(response.status_code, 403)
        response = aigerim.patch(
            f"/api/v1/programs/{self.program_a.pk}/", {"department": self.dept_c.pk}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        payload = {
            "code": "6B06199", "name_kk": "Жаңа", "name_ru": "Новая", "name_en": "New", "department": self.dept_b.pk,
        }  # fmt: skip
        self.assertEqual(aigerim.post("/api/v1/programs/", payload, format="json").status_code, 400)
        self.assertEqual(aigerim.post("/api/v1/faculties/", {}, format="json").status_code, 403)
        self.assertFalse(EducationalProgram.objects.filter(code="6B06199").exists())
        self.program_a.refresh_from_db()
        self.program_b.refresh_from_db()
        self.assertEqual((self.program_a.duration_years, self.program_a.department), (5, self.dept_a))
        self.assertEqual(self.program_b.duration_years, 4)
        payload["department"] = self.dept_a.pk
        response = aigerim.post("/api/v1/programs/", payload, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(EducationalProgram.objects.get(code="6B06199").level, "bachelor")

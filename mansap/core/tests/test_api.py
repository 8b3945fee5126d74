"""The REST API: the same rules as the forms, token authentication, the OpenAPI schema."""

from __future__ import annotations

import datetime as dt

from rest_framework.test import APIClient

from mansap.common.identifiers import make_iin
from mansap.common.testing import ScopedCRUDTests, make_api_token, make_student
from mansap.core.models import Employee, Student

STUDENTS = "/api/v1/students/"


class StudentApiTests(ScopedCRUDTests):
    def payload(self, **changes: object) -> dict[str, object]:
        data: dict[str, object] = {
            "iin": make_iin(dt.date(2002, 11, 3), "M", 777),
            "last_name": "Оспанов",
            "first_name": "Ерлан",
            "birth_date": "2002-11-03",
            "sex": "M",
            "phone": "+7 (702) 555 44 33",
            "program": self.program_a.pk,
            "admission_year": 2020,
            "gpa": "3.20",
        }
        data.update(changes)
        return data

    def test_create_read_update_delete(self) -> None:
        client = self.api_as(self.aigerim)
        response = client.post(STUDENTS, self.payload(), format="json")
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        student = Student.objects.get(pk=body["id"])
        self.assertEqual(student.phone, "+7 702 555 44 33")
        self.assertEqual(body["phone"], "+7 702 555 44 33")
        self.assertEqual((student.last_name_latin, student.first_name_latin), ("Ospanov", "Erlan"))
        self.assertEqual(student.institution, self.institution)
        self.assertEqual(body["department"]["code"], "IS")
        self.assertEqual(body["full_name"], "Оспанов Ерлан")
        self.assertEqual(student.history.first().history_user, self.aigerim)

        url = f"{STUDENTS}{student.pk}/"
        self.assertEqual(client.get(url).json()["iin"], student.iin)
        response = client.patch(url, {"group": "IS-20-1", "graduation_date": "2024-06-28"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual((response.json()["status"], response.json()["cohort"]), ("graduated", 2024))
        put = {**self.payload(), "phone": "87015556677", "course": 4}
        response = client.put(url, put, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        student.refresh_from_db()
        self.assertEqual((student.phone, student.course), ("+7 701 555 66 77", 4))
        self.assertEqual(student.history.first().history_user, self.aigerim)
        self.assertIn(student.pk, {row["id"] for row in client.get("/api/v1/graduates/").json()["results"]})

        self.assertEqual(client.delete(url).status_code, 204)
        self.assertFalse(Student.objects.exists())

    def assert_rejected(self, field: str, response: object) -> None:
        self.assertEqual(response.status_code, 400, response.content)  # type: ignore[attr-defined]
        self.assertIn(field, response.json())  # type: ignore[attr-defined]

    def test_validation_matches_the_forms(self) -> None:
        client = self.api_as(self.aigerim)
        good = make_iin(dt.date(2002, 11, 3), "M", 777)
        bad_iin = good[:11] + str((int(good[11]) + 1) % 10)
        response = client.post(STUDENTS, self.payload(iin=bad_iin), format="json")
        self.assert_rejected("iin", response)
        self.assertIn("check digit", response.json()["iin"][0])
        self.assert_rejected("iin", client.post(STUDENTS, self.payload(iin="1234"), format="json"))
        self.assert_rejected("gpa", client.post(STUDENTS, self.payload(gpa="4.5"), format="json"))
        self.assert_rejected("gpa", client.post(STUDENTS, self.payload(gpa="-1"), format="json"))
        self.assert_rejected(
            "minor_program", client.post(STUDENTS, self.payload(minor_program=self.program_a.pk), format="json")
        )
        self.assert_rejected("phone", client.post(STUDENTS, self.payload(phone="12345"), format="json"))
        self.assert_rejected("birth_date", client.post(STUDENTS, self.payload(birth_date="2999-01-01"), format="json"))
        self.assert_rejected("graduation_date", client.post(STUDENTS, self.payload(status="graduated"), format="json"))
        self.assertFalse(Student.objects.exists())
        existing = make_student(self.program_a)
        response = client.post(STUDENTS, self.payload(iin=existing.iin), format="json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["iin"], ["A student with this IIN already exists."])
        response = client.patch(f"{STUDENTS}{existing.pk}/", {"gpa": "4.5"}, format="json")
        self.assert_rejected("gpa", response)
        response = client.patch(f"{STUDENTS}{existing.pk}/", {"minor_program": self.program_a.pk}, format="json")
        self.assert_rejected("minor_program", response)
        existing.refresh_from_db()
        self.assertIsNone(existing.minor_program)
        self.assertEqual(Student.objects.count(), 1)

    def test_cannot_create_in_another_department(self) -> None:
        client = self.api_as(self.aigerim)
        for program in (self.program_b, self.program_c):
            self.assert_rejected("program", client.post(STUDENTS, self.payload(program=program.pk), format="json"))
        self.assertFalse(Student.objects.exists())
        # a minor may come from any program of the institution
        response = client.post(STUDENTS, self.payload(minor_program=self.program_c.pk), format="json")
        self.assertEqual(response.status_code, 201, response.content)

    def test_read_only_users_cannot_create(self) -> None:
        for user in (self.bolat, self.rector):
            self.assertEqual(self.api_as(user).post(STUDENTS, self.payload(), format="json").status_code, 403)
        self.assertFalse(Student.objects.exists())


class ApiAuthenticationTests(ScopedCRUDTests):
    def test_token_authentication(self) -> None:
        make_student(self.program_a)
        make_student(self.program_b)
        token = make_api_token(self.aigerim)
        client = APIClient()
        response = client.get(STUDENTS, HTTP_AUTHORIZATION=f"Token {token}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["count"], 1)
        response = client.get(STUDENTS, HTTP_AUTHORIZATION="Token not-a-real-token")
        self.assertEqual(response.status_code, 401)
        data = {"last_name": "Ахметов", "first_name": "Бауыржан", "department": self.dept_a.pk, "position": "lecturer"}
        response = client.post("/api/v1/employees/", data, format="json", HTTP_AUTHORIZATION=f"Token {token}")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Employee.objects.get().history.first().history_user, self.aigerim)

    def test_anonymous_requests_are_refused(self) -> None:
        student = make_student(self.program_a)
        client = APIClient()
        for url in (
            STUDENTS,
            f"{STUDENTS}{student.pk}/",
            "/api/v1/graduates/",
            "/api/v1/employees/",
            "/api/v1/faculties/",
            "/api/v1/institutions/",
        ):
            self.assertIn(client.get(url).status_code, (401, 403), url)
        self.assertEqual(client.get(STUDENTS).status_code, 401)
        self.assertIn(client.post(STUDENTS, {}, format="json").status_code, (401, 403))
        self.assertIn(client.delete(f"{STUDENTS}{student.pk}/").status_code, (401, 403))
        self.assertTrue(Student.objects.exists())

    def test_schema_and_docs(self) -> None:
        client = self.api_as(self.cc)
        response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        self.assertEqual(response.status_code, 200)
        paths = response.json()["paths"]
        for path in (
            "/api/v1/students/",
            "/api/v1/students/{id}/",
            "/api/v1/graduates/",
            "/api/v1/employees/",
            "/api/v1/programs/",
        ):
            self.assertIn(path, paths)
        self.assertNotIn("post", paths["/api/v1/graduates/"])
        params = {p["name"] for p in paths["/api/v1/students/"]["get"]["parameters"]}
        self.assertTrue({"department", "program", "cohort", "q", "ordering", "page"} <= params)
        self.assertEqual(client.get("/api/v1/docs/").status_code, 200)
        self.assertEqual(client.get("/api/v1/").status_code, 200)

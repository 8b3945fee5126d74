"""API errors are JSON, a refused delete is 409 without names, and the schema is for staff (issue #11)."""

from __future__ import annotations

import logging

from rest_framework.test import APIClient

from mansap.common.testing import BaseTestCase, make_student
from mansap.core.models import EducationalProgram, User

SCHEMA = "/api/v1/schema/"


class APIErrorTests(BaseTestCase):
    def api_as(self, user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    def test_deleting_a_program_students_belong_to_is_409_json_naming_no_one(self) -> None:
        make_student(self.program_a, last_name="Сейтқалиева", first_name="Әйгерім")
        url = f"/api/v1/programs/{self.program_a.pk}/"
        with self.assertNoLogs("django.request", level=logging.ERROR):
            response = self.api_as(self.cc).delete(url)

        self.assertEqual(response.status_code, 409)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response.json()["code"], "protected")
        self.assertEqual(
            response.json()["detail"],
            "This record cannot be deleted: other records refer to it (Contingent periods, students).",
        )
        self.assertNotIn("Сейтқалиева", response.content.decode())
        self.assertTrue(EducationalProgram.objects.filter(pk=self.program_a.pk).exists())

    def test_an_unknown_api_path_is_a_json_404(self) -> None:
        response = self.api_as(self.cc).get("/api/v1/no-such-endpoint/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": "Not found."})

    def test_the_schema_and_its_docs_are_for_staff_only(self) -> None:
        for user, status in ((None, 401), (self.student_user, 403), (self.aigerim, 200), (self.cc, 200)):
            with self.subTest(user=user):
                response = self.api_as(user).get(SCHEMA, HTTP_ACCEPT="application/vnd.oai.openapi+json")
                self.assertEqual(response.status_code, status)
        self.client.force_login(self.student_user)
        self.assertEqual(self.client.get("/api/v1/docs/").status_code, 403)
        self.assertEqual(self.client.get("/api/v1/redoc/").status_code, 403)
        self.client.force_login(self.aigerim)
        self.assertEqual(self.client.get("/api/v1/docs/").status_code, 200)

"""What schemathesis found (issue #11), one test each: answers the schema did not document, or documented wrongly.

The whole API is fuzzed by `make test-fuzz` (fuzz/test_api.py); these keep each finding fixed in the suites
that run on SQLite and PostgreSQL. Each answer is checked the way schemathesis checks it: its status is one
the operation documents, and its body matches that status's schema.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import requests
import schemathesis
from django.core.management import call_command
from django.test import TestCase
from rest_framework.test import APIClient

from mansap.common.schema import openapi_document
from mansap.core.models import Student, User
from mansap.employers.models import CareerEvent, EventRegistration, Vacancy
from mansap.practice.models import Placement
from mansap.surveys.models import Campaign


@cache
def document() -> dict[str, Any]:
    return openapi_document()


@cache
def api_schema() -> Any:
    return schemathesis.openapi.from_dict(document())


def as_schemathesis(response: Any, method: str, url: str) -> schemathesis.Response:
    return schemathesis.Response(
        status_code=response.status_code,
        headers={name: [value] for name, value in response.headers.items()},
        content=response.content,
        request=requests.Request(method.upper(), f"http://testserver{url}").prepare(),
        elapsed=0.0,
        verify=True,
    )


class SchemaConformanceTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("seed_demo", graduates=20, seed=7, verbosity=0)
        cls.admin = User.objects.get(username="admin")

    def setUp(self) -> None:
        self.api = APIClient()
        self.api.force_authenticate(self.admin)

    def call(self, method: str, path: str, url: str | None = None, data: Any = None) -> Any:
        url = url or path
        response = (
            getattr(self.api, method)(url, data, format="json") if data is not None else getattr(self.api, method)(url)
        )
        documented = document()["paths"][path][method]["responses"]
        self.assertIn(str(response.status_code), documented, f"{method.upper()} {url}: {response.content[:300]!r}")
        api_schema()[path][method.upper()].validate_response(as_schemathesis(response, method, url))
        return response

    def test_a_student_who_has_not_graduated_has_no_cohort(self) -> None:
        student = Student.objects.filter(graduation_date__isnull=True).order_by("pk").first()
        response = self.call("get", "/api/v1/students/{id}/", f"/api/v1/students/{student.pk}/")
        self.assertIsNone(response.json()["cohort"])

    def test_an_organizations_registration_names_no_student(self) -> None:
        registration = EventRegistration.objects.filter(student__isnull=True).order_by("pk").first()
        self.assertIsNotNone(registration, "the demo registers organizations at its job fair")
        url = f"/api/v1/event-registrations/{registration.pk}/"
        self.assertIsNone(self.call("get", "/api/v1/event-registrations/{id}/", url).json()["student_name"])

    def career_event(self, **changes: str) -> dict[str, str]:
        """The body of a new career event (a valid one unless changed)."""
        return {
            "kind": CareerEvent.objects.order_by("pk").first().kind,
            "title_kk": "Мансап күні",
            "title_ru": "День карьеры",
            "title_en": "Career day",
            "starts_at": "2030-03-01T10:00:00+05:00",
            "ends_at": "2030-03-01T14:00:00+05:00",
            "location": "Hall 1",
            **changes,
        }

    def test_a_new_career_event_says_how_many_are_registered(self) -> None:
        response = self.call("post", "/api/v1/career-events/", data=self.career_event())
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["registered_count"], 0)

    def test_a_moment_before_1970_is_refused(self) -> None:
        # It was accepted, and written back as "0217-01-03T13:01:53+05:07:48": Almaty's offset before 1924.
        response = self.call("post", "/api/v1/career-events/", data=self.career_event(starts_at="0217-01-03T13:01:53"))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["starts_at"], ["Enter a date from 01.01.1970 to 31.12.2999."])

    def test_an_address_of_an_internationalized_domain_is_documented(self) -> None:
        placement = Placement.objects.order_by("pk").first()
        Placement.objects.filter(pk=placement.pk).update(company_supervisor_email="mentor@нұртелеком.kz")
        self.call("get", "/api/v1/placements/{id}/", f"/api/v1/placements/{placement.pk}/")
        schema = document()["components"]["schemas"]["Placement"]["properties"]["company_supervisor_email"]
        self.assertIn("idn-email", str(schema))

    def test_a_report_not_reviewed_yet_has_a_blank_decision(self) -> None:
        placement = Placement.objects.order_by("pk").first()
        Placement.objects.filter(pk=placement.pk).update(review_decision="")
        response = self.call("get", "/api/v1/practice-grades/{id}/", f"/api/v1/practice-grades/{placement.pk}/")
        self.assertEqual(response.json()["review_decision"], "")

    def test_a_campaigns_results_are_documented(self) -> None:
        campaign = Campaign.objects.order_by("pk").first()
        url = f"/api/v1/survey-campaigns/{campaign.pk}/results/"
        response = self.call("get", "/api/v1/survey-campaigns/{id}/results/", url)
        self.assertEqual(response.json()["campaign"], campaign.pk)

    def test_a_vacancy_in_the_wrong_state_is_a_documented_400(self) -> None:
        vacancy = Vacancy.objects.exclude(status__in=("draft", "rejected")).order_by("pk").first()
        response = self.call("post", "/api/v1/vacancies/{id}/submit/", f"/api/v1/vacancies/{vacancy.pk}/submit/")
        self.assertEqual(response.status_code, 400)

    def test_every_operation_documents_its_errors(self) -> None:
        for path, operations in document()["paths"].items():
            for method, operation in operations.items():
                with self.subTest(operation=f"{method.upper()} {path}"):
                    self.assertLessEqual({"401", "403", "429"}, set(operation["responses"]))
                    if method != "get" or any(p["in"] == "query" for p in operation.get("parameters", [])):
                        self.assertIn("400", operation["responses"])
                    if method == "delete":
                        self.assertIn("409", operation["responses"])

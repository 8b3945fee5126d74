"""Which office does what (#12 "the registrar's powers"; 000 §8, §11; 001 §13; 004).

The Registrar's Office is an institution-wide, read-write office, so its scope covers every record of the
institution; but it supplies data on students and gives access to Platonus (000 §11). Approving vacancies,
sending the practice plan, reviewing and publishing the units' responses to survey results, managing the
collection rounds and recording employment statuses are the Career Center's (and, for employment, the
departments' and deans') powers. Each action is tried here by every persona, through the service (which the
pages, the API and the commands call) and through the page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mansap.common.testing import ScopedMatrixTestCase
from mansap.core import access
from mansap.core.models import AcademicYear, User
from mansap.employers.choices import VacancyStatus
from mansap.employers.models import Vacancy
from mansap.employers.services import vacancies
from mansap.employers.tests.factories import make_org
from mansap.graduates.choices import Channel, EmploymentStatus
from mansap.graduates.models import EmploymentRecord
from mansap.graduates.services import records
from mansap.graduates.tests.factories import make_graduate
from mansap.practice.choices import PracticeStatus
from mansap.practice.services import placements as practice_services
from mansap.practice.tests.factories import make_practice
from mansap.surveys.choices import UnitResponseStatus
from mansap.surveys.models import ResultsResponse
from mansap.surveys.services import results
from mansap.surveys.tests.test_scope_matrix import results_response

PERSONAS = ("admin", "cc", "registrar", "rector", "dean", "aigerim", "bolat", "dana", "student_user", "other_cc")


class PowersMatrixTests(ScopedMatrixTestCase):
    def fresh(self, name: str) -> User:
        return User.objects.get(pk=getattr(self, name).pk)  # no membership cache carried between tries

    def who(self, attempt: Any) -> set[str]:
        """The personas for whom `attempt(user)` goes through (no PermissionDenied / ValidationError)."""
        allowed = set()
        for name in PERSONAS:
            try:
                attempt(self.fresh(name))
            except (PermissionDenied, ValidationError):
                continue
            allowed.add(name)
        return allowed

    def test_the_career_center_approves_vacancies(self) -> None:
        organization = make_org(self.institution)

        def approve(user: User) -> None:
            vacancy = Vacancy.objects.create(
                institution=self.institution, organization=organization, status=VacancyStatus.SUBMITTED,
                title="Junior analyst", description="SQL",
            )  # fmt: skip
            vacancies.approve_vacancy(vacancy, acting_user=user)

        self.assertEqual(self.who(approve), {"admin", "cc"})
        self.assertEqual(Vacancy.objects.filter(status=VacancyStatus.APPROVED).count(), 2)

    def test_the_career_center_sends_the_practice_plan(self) -> None:
        courses = iter(range(1, 20))

        def send(user: User) -> None:
            practice = make_practice(self.program_a, status=PracticeStatus.DRAFT, course=next(courses))
            practice_services.send_plan([practice], acting_user=user)

        self.assertEqual(self.who(send), {"admin", "cc", "other_cc"})  # other_cc's scope is checked by the page

    def test_the_career_center_reviews_and_publishes_unit_responses(self) -> None:
        def review_and_publish(user: User) -> None:
            row = results_response(self.dept_a)
            ResultsResponse.objects.filter(pk=row.pk).update(status=UnitResponseStatus.SUBMITTED)
            row.refresh_from_db()
            results.advance_results_response(row, "review", acting_user=user)
            results.advance_results_response(row, "publish", acting_user=user)

        self.assertEqual(self.who(review_and_publish), {"admin", "cc", "other_cc"})

    def test_departments_deans_and_the_career_center_record_employment(self) -> None:
        graduate = make_graduate(self.program_a)

        def record(user: User) -> None:
            records.record_employment(
                graduate, acting_user=user, status=EmploymentStatus.EMPLOYED_SPECIALTY,
                started_on=dt.date(2026, 9, 1), ended_on=dt.date(2026, 9, 30), channel=Channel.TELEPHONE,
            )  # fmt: skip

        self.assertEqual(self.who(record), {"admin", "cc", "dean", "aigerim"})
        self.assertEqual(EmploymentRecord.objects.filter(graduate=graduate).count(), 4)
        self.assertEqual(
            {name for name in PERSONAS if access.can_record_employment(self.fresh(name))},
            {"admin", "cc", "dean", "aigerim", "dana", "other_cc"},  # somebody's graduates, not necessarily these
        )

    def test_the_career_center_manages_the_rounds(self) -> None:
        self.assertEqual(
            {name for name in PERSONAS if access.can_manage_rounds(self.fresh(name))}, {"admin", "cc", "other_cc"}
        )

    def test_the_registrar_still_keeps_the_student_records(self) -> None:
        graduate = make_graduate(self.program_a)
        self.assertTrue(access.user_can_change(self.fresh("registrar"), graduate))
        self.assertTrue(access.is_institution_editor(self.fresh("registrar")))


class PowersPageTests(ScopedMatrixTestCase):
    """The same powers on the pages and the API: the registrar reads, the Career Center acts."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.graduate = make_graduate(cls.program_a)
        AcademicYear.objects.create(
            institution=cls.institution, start_year=2026, starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 6, 30),
            is_current=True,
        )  # fmt: skip

    def post_as(self, user: User, url: str, data: dict[str, Any] | None = None, **extra: Any) -> Any:
        self.client.force_login(user)
        return self.client.post(url, data or {}, **extra)

    def test_the_registrar_gets_no_status_form_in_the_journal_and_403_when_posting(self) -> None:
        self.client.force_login(self.registrar)
        page = self.client.get(reverse("graduates:journal") + f"?cohort={self.graduate.cohort}")
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, self.graduate.last_name)
        self.assertNotContains(page, reverse("graduates:journal_record", args=[self.graduate.pk]))
        data = {"status": EmploymentStatus.EMPLOYED_SPECIALTY, "started_on": "01.09.2026", "channel": Channel.TELEPHONE}
        url = reverse("graduates:journal_record", args=[self.graduate.pk])
        self.assertEqual(self.post_as(self.registrar, url, data).status_code, 403)
        self.assertEqual(self.post_as(self.aigerim, url, data).status_code, 302)
        self.assertEqual(EmploymentRecord.objects.filter(graduate=self.graduate).count(), 1)

    def test_the_graduate_page_offers_the_registrar_no_writing_links(self) -> None:
        url = reverse("graduates:graduate_detail", args=[self.graduate.pk])
        add = reverse("graduates:contact_add", args=[self.graduate.pk])
        self.client.force_login(self.registrar)
        self.assertNotContains(self.client.get(url), add)
        self.assertEqual(self.client.get(add).status_code, 200)  # the form shows; saving is refused
        refused = self.post_as(
            self.registrar, add, {"contacted_on": "01.09.2026", "channel": Channel.TELEPHONE, "outcome": "reached"}
        )
        self.assertEqual(refused.status_code, 403)
        self.client.force_login(self.aigerim)
        self.assertContains(self.client.get(url), add)

    def test_the_api_refuses_the_registrar_an_employment_record(self) -> None:
        body = {
            "graduate": self.graduate.pk, "status": EmploymentStatus.EMPLOYED_SPECIALTY, "started_on": "2026-09-01",
            "channel": Channel.TELEPHONE,
        }  # fmt: skip
        self.client.force_login(self.registrar)
        refused = self.client.post("/api/v1/employment-records/", body, content_type="application/json")
        self.assertEqual(refused.status_code, 400)  # the graduate is not one the registrar may choose
        self.assertIn("graduate", refused.json())
        self.client.force_login(self.cc)
        created = self.client.post("/api/v1/employment-records/", body, content_type="application/json")
        self.assertEqual(created.status_code, 201, created.content)

    def test_the_registrar_cannot_open_the_plan_the_rounds_calendar_or_approve(self) -> None:
        organization = make_org(self.institution)
        vacancy = Vacancy.objects.create(
            institution=self.institution, organization=organization, status=VacancyStatus.SUBMITTED,
            title="Junior analyst", description="SQL",
        )  # fmt: skip
        self.client.force_login(self.registrar)
        self.assertEqual(self.client.get(reverse("practice:practice_plan")).status_code, 403)
        self.assertEqual(self.client.get(reverse("graduates:round_calendar")).status_code, 403)
        self.assertEqual(
            self.post_as(self.registrar, reverse("employers:vacancy_approve", args=[vacancy.pk])).status_code, 403
        )
        vacancy.refresh_from_db()
        self.assertEqual(vacancy.status, VacancyStatus.SUBMITTED)
        self.client.force_login(self.cc)
        self.assertEqual(self.client.get(reverse("practice:practice_plan")).status_code, 200)
        self.assertEqual(self.client.get(reverse("graduates:round_calendar")).status_code, 200)
        self.post_as(self.cc, reverse("employers:vacancy_approve", args=[vacancy.pk]))
        vacancy.refresh_from_db()
        self.assertEqual(vacancy.status, VacancyStatus.APPROVED)

"""The staff API: same scope and rules as the pages (404/403, 400 with field names)."""

from __future__ import annotations

from django.urls import reverse

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core.choices import Position
from mansap.employers.tests.factories import make_org
from mansap.practice.choices import BaseStatus
from mansap.practice.models import Placement, PracticeBase
from mansap.practice.tests.factories import make_base, make_contract, make_employee, make_placement, make_practice


class StaffApiTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.practice = make_practice(cls.program_a)
        cls.base = make_base(cls.institution, programs=[cls.program_a], capacity=1)
        cls.teacher = make_employee(cls.dept_a, Position.PROFESSOR)
        cls.contract = make_contract(cls.base)

    def test_placement_create_follows_the_rules(self) -> None:
        api = self.api_as(self.aigerim)
        url = reverse("placement-list")
        student = make_student(self.program_a)
        payload = {"practice": self.practice.pk, "student": student.pk, "base": self.base.pk,
                   "supervisor": self.teacher.pk}  # fmt: skip
        response = api.post(url, payload, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        # capacity 1 reached: 400 naming the base
        response = api.post(url, {**payload, "student": make_student(self.program_a).pk}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("base", response.json())
        # a Minor student: 400 naming the student
        minor = make_student(self.program_b, minor_program=self.program_a)
        response = api.post(url, {**payload, "student": minor.pk}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("student", response.json())

    def test_vetting_gate_through_the_api(self) -> None:
        candidate = make_base(self.institution, programs=[self.program_a], approved=False)
        response = self.api_as(self.aigerim).post(reverse("placement-list"), {
            "practice": self.practice.pk, "student": make_student(self.program_a).pk, "base": candidate.pk,
        }, format="json")  # fmt: skip
        self.assertEqual(response.status_code, 400)
        self.assertIn("base", response.json())

    def test_isolation_and_read_only(self) -> None:
        placement = make_placement(self.practice, make_student(self.program_a), self.base)
        url = reverse("placement-detail", args=[placement.pk])
        self.assertEqual(self.api_as(self.dana).get(url).status_code, 404)
        self.assertEqual(self.api_as(self.bolat).get(url).status_code, 200)
        self.assertEqual(self.api_as(self.bolat).patch(url, {"thesis_topic": "x"}, format="json").status_code, 403)
        self.assertEqual(
            self.api_as(self.dana).get(reverse("practicebase-detail", args=[self.base.pk])).status_code, 404
        )
        self.assertEqual(self.api_as(self.rector).get(reverse("placement-list")).status_code, 200)
        response = self.api_as(self.rector).post(reverse("practicebase-list"), {})
        self.assertEqual(response.status_code, 403)

    def test_placement_update_rechecks(self) -> None:
        placement = make_placement(self.practice, make_student(self.program_a), self.base)
        candidate = make_base(self.institution, programs=[self.program_a], approved=False)
        url = reverse("placement-detail", args=[placement.pk])
        response = self.api_as(self.aigerim).patch(url, {"base": candidate.pk}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("base", response.json())
        response = self.api_as(self.aigerim).patch(url, {"company_supervisor_name": "Асқар"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(Placement.objects.get(pk=placement.pk).company_supervisor_name, "Асқар")

    def test_base_create_is_a_candidate_and_student_source_needs_student(self) -> None:
        api = self.api_as(self.aigerim)
        org = make_org(self.institution)
        payload = {"organization": org.pk, "department": self.dept_a.pk, "programs": [self.program_a.pk],
                   "statutory_activity": "IT", "source": "student", "capacity": 3}  # fmt: skip
        response = api.post(reverse("practicebase-list"), payload, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("proposed_by", response.json())
        payload["proposed_by"] = make_student(self.program_a).pk
        response = api.post(reverse("practicebase-list"), payload, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(PracticeBase.objects.get(pk=response.json()["id"]).status, BaseStatus.CANDIDATE)
        # status is read-only: the vetting gate cannot be skipped through the API
        response = api.patch(reverse("practicebase-detail", args=[response.json()["id"]]), {"status": "approved"},
                             format="json")  # fmt: skip
        self.assertEqual(PracticeBase.objects.get(pk=response.json()["id"]).status, BaseStatus.CANDIDATE)

    def test_contract_validation(self) -> None:
        response = self.api_as(self.aigerim).post(reverse("practicecontract-list"), {
            "base": self.base.pk, "department": self.dept_a.pk, "kind": "framework", "number": "X-1",
            "valid_from": "2026-01-01", "valid_until": "2025-01-01",
        }, format="json")  # fmt: skip
        self.assertEqual(response.status_code, 400)
        response = self.api_as(self.aigerim).post(reverse("practicecontract-list"), {
            "base": self.base.pk, "department": self.dept_a.pk, "kind": "framework", "number": "X-1",
            "valid_from": "2026-01-01", "valid_until": "2027-01-01", "signed_on": "2025-12-20",
        }, format="json")  # fmt: skip
        self.assertEqual(response.status_code, 201, response.content)

    def test_practice_planning_is_for_the_career_center(self) -> None:
        payload = {"academic_year": self.practice.academic_year_id, "program": self.program_a.pk,
                   "kind": "educational", "course": 1, "credits": 2, "starts_on": "2026-06-01",
                   "ends_on": "2026-06-14"}  # fmt: skip
        self.assertEqual(
            self.api_as(self.aigerim).post(reverse("practice-list"), payload, format="json").status_code, 403
        )
        response = self.api_as(self.cc).post(reverse("practice-list"), payload, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["department"], self.dept_a.pk)
        bad = {**payload, "kind": "production", "course": 2}
        response = self.api_as(self.cc).post(reverse("practice-list"), bad, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("special_cycle_ends_on", response.json())

    def test_a_department_changes_only_what_it_keeps_on_its_practice(self) -> None:
        """The edit page's rule (save_practice): before, the API refused a department any change (403)."""
        url = reverse("practice-detail", args=[self.practice.pk])
        response = self.api_as(self.aigerim).patch(url, {"report_due_on": "2026-07-10"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["reports_due"], "2026-07-10")
        response = self.api_as(self.aigerim).patch(url, {"starts_on": "2026-06-02"}, format="json")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(type(self.practice).objects.get(pk=self.practice.pk).starts_on.isoformat(), "2026-06-01")
        # A value sent unchanged is not a change (a GET, edited and PUT back, works).
        data = self.api_as(self.aigerim).get(url).json()
        response = self.api_as(self.aigerim).put(url, {**data, "report_due_on": "2026-07-12"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(self.api_as(self.bolat).patch(url, {"report_due_on": "2026-07-11"}, format="json").status_code,
                         403)  # fmt: skip
        self.assertEqual(self.api_as(self.dana).patch(url, {"report_due_on": "2026-07-11"}, format="json").status_code,
                         404)  # fmt: skip
        response = self.api_as(self.cc).patch(url, {"starts_on": "2026-06-02", "ends_on": "2026-06-29"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(self.practice.history.latest("history_date").history_user, self.cc)

"""Verified employment (#20) in the API: reconciliations (run, recompute, freeze), their rows, and the
departments' discrepancy tasks (accept, keep), through the same services as the pages."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mansap.graduates.choices import Channel, EmploymentStatus, TaskStatus
from mansap.graduates.models import DiscrepancyTask, EmploymentRecord, Reconciliation
from mansap.graduates.tests.factories import add_contract
from mansap.graduates.tests.test_reconcile_pages import AS_OF, PageCase

S = EmploymentStatus


class ReconciliationAPITests(PageCase):
    url = "/api/v1/reconciliations/"

    def test_the_career_center_runs_a_reconciliation(self) -> None:
        self.graduates(4)  # 2 employed without a trace, 2 unknown with contributions
        response = self.api_as(self.cc).post(
            self.url, {"cohort": 2025, "as_of": "2026-03-15", "sustained_months": 6, "sustained_required": 5},
            format="json",
        )  # fmt: skip
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        saved = Reconciliation.objects.get()
        self.assertEqual(body["id"], saved.pk)
        self.assertEqual(
            body["counts"],
            {"confirmed": 0, "contradicted": 2, "official_only": 2, "consistent": 0, "not_covered": 0, "cohort": 4},
        )
        self.assertEqual((body["verified_employment_rate"], body["covered_share"]), (0.5, 1.0))
        self.assertEqual((body["sustained_employment"], body["sustained_employment_rate"]), (0, 0.0))
        self.assertEqual((body["is_frozen"], body["department"]), (False, None))
        self.assertEqual(saved.tasks.count(), 4)

    def test_bad_input_is_a_field_error_and_saves_nothing(self) -> None:
        api = self.api_as(self.cc)
        body = {"cohort": 2025, "as_of": "2026-03-15", "sustained_months": 6, "sustained_required": 7}
        response = api.post(self.url, body, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("sustained_required", response.json())
        response = api.post(self.url, {"cohort": 2025, "as_of": "2026-03-15", "department": "NOPE"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("department", response.json())
        self.assertFalse(Reconciliation.objects.exists())

    def test_one_department(self) -> None:
        self.graduates(2)
        self.graduates(1, program=self.program_b)
        response = self.api_as(self.cc).post(
            self.url, {"cohort": 2025, "as_of": "2026-03-15", "department": self.dept_b.code}, format="json"
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual((response.json()["department"]["code"], response.json()["counts"]["cohort"]), ("CS", 1))

    def test_readers_and_departments(self) -> None:
        saved = self.reconcile()
        self.assertEqual(self.api_as(self.rector).get(f"{self.url}{saved.pk}/").status_code, 200)
        self.assertEqual(self.api_as(self.rector).post(f"{self.url}{saved.pk}/freeze/").status_code, 403)
        self.assertEqual(
            self.api_as(self.rector).post(self.url, {"cohort": 2025, "as_of": "2026-03-15"}, format="json").status_code,
            403,
        )
        self.assertEqual(self.api_as(self.aigerim).get(f"{self.url}{saved.pk}/").status_code, 404)
        self.assertEqual(self.api_as(self.aigerim).get(self.url).json()["results"], [])
        self.assertFalse(Reconciliation.objects.filter(frozen_at__isnull=False).exists())

    def test_recompute_then_freeze_then_refused_with_a_code(self) -> None:
        self.graduates(2)
        saved = self.reconcile()
        graduate = saved.rows.get(state="contradicted").graduate

        add_contract(self.contracts, graduate, dt.date(2025, 9, 1))
        api = self.api_as(self.cc)
        response = api.post(f"{self.url}{saved.pk}/recompute/")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual((response.json()["counts"]["confirmed"], response.json()["counts"]["contradicted"]), (1, 0))
        response = api.post(f"{self.url}{saved.pk}/freeze/")
        self.assertEqual((response.status_code, response.json()["is_frozen"]), (200, True))
        frozen_at = Reconciliation.objects.get(pk=saved.pk).updated_at
        for act in ("recompute", "freeze"):
            response = api.post(f"{self.url}{saved.pk}/{act}/")
            self.assertEqual(response.status_code, 400)
            self.assertEqual(response.json()["code"], "frozen")
        self.assertEqual(Reconciliation.objects.get(pk=saved.pk).updated_at, frozen_at)

    def test_no_update_or_delete(self) -> None:
        saved = self.reconcile()
        api = self.api_as(self.cc)
        self.assertEqual(api.patch(f"{self.url}{saved.pk}/", {"cohort": 2024}, format="json").status_code, 405)
        self.assertEqual(api.delete(f"{self.url}{saved.pk}/").status_code, 405)

    def test_list_queries_at_2_and_20_rows(self) -> None:
        def queries(count: int) -> int:
            for _ in range(count):
                self.reconcile()
            api = self.api_as(self.cc)
            with CaptureQueriesContext(connection) as captured:
                response = api.get(self.url + "?page_size=100")
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.json()["count"], Reconciliation.objects.count())
            return len(captured)

        at_two = queries(2)
        self.assertEqual(queries(18), at_two)


class ReconciliationRowAPITests(PageCase):
    url = "/api/v1/reconciliation-rows/"

    def test_filters_and_scope(self) -> None:
        self.graduates(2)
        self.graduates(1, program=self.program_b)
        saved = self.reconcile()
        rows = self.api_as(self.cc).get(f"{self.url}?reconciliation={saved.pk}&state=official_only").json()
        self.assertEqual([(r["state"], r["department"]["code"]) for r in rows["results"]], [("official_only", "IS")])
        rows = self.api_as(self.cc).get(f"{self.url}?department=CS").json()
        self.assertEqual([(r["state"], r["status"]) for r in rows["results"]], [("contradicted", S.EMPLOYED_OTHER)])
        # A department sees its own graduates' rows, read only.
        own = self.api_as(self.aigerim).get(self.url).json()
        self.assertEqual({r["department"]["code"] for r in own["results"]}, {"IS"})
        self.assertEqual(own["count"], 2)
        other = saved.rows.get(graduate__program=self.program_b)
        self.assertEqual(self.api_as(self.aigerim).get(f"{self.url}{other.pk}/").status_code, 404)
        self.assertEqual(self.api_as(self.cc).post(self.url, {}, format="json").status_code, 405)

    def test_list_queries_at_2_and_20_rows(self) -> None:
        def queries() -> int:
            self.reconcile()
            api = self.api_as(self.cc)
            with CaptureQueriesContext(connection) as captured:
                response = api.get(self.url + "?page_size=100")
            self.assertEqual(response.status_code, 200)
            return len(captured)

        self.graduates(2)
        at_two = queries()
        Reconciliation.objects.all().delete()
        self.graduates(18)
        self.assertEqual(queries(), at_two)


class DiscrepancyTaskAPITests(PageCase):
    url = "/api/v1/discrepancy-tasks/"

    def setUp(self) -> None:
        super().setUp()
        self.graduates(2)
        self.graduates(1, program=self.program_b)
        self.saved = self.reconcile()
        self.employed, self.unknown = self.saved.tasks.filter(graduate__program=self.program_a).order_by("pk")
        self.other = self.saved.tasks.get(graduate__program=self.program_b)

    def test_a_department_sees_its_own_tasks_only(self) -> None:
        listed = self.api_as(self.aigerim).get(self.url).json()["results"]
        self.assertEqual({t["id"] for t in listed}, {self.employed.pk, self.unknown.pk})
        self.assertEqual(self.api_as(self.aigerim).get(f"{self.url}{self.other.pk}/").status_code, 404)
        for act, body in (("accept", {}), ("keep", {"reason": "Works abroad"})):
            response = self.api_as(self.aigerim).post(f"{self.url}{self.other.pk}/{act}/", body, format="json")
            self.assertEqual(response.status_code, 404)
        self.assertEqual(DiscrepancyTask.objects.get(pk=self.other.pk).status, TaskStatus.OPEN)

    def test_accept_records_the_official_evidence(self) -> None:
        response = self.api_as(self.aigerim).post(
            f"{self.url}{self.unknown.pk}/accept/", {"status": S.EMPLOYED_SPECIALTY}, format="json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], TaskStatus.ACCEPTED)
        made = EmploymentRecord.objects.get(graduate=self.unknown.graduate)
        self.assertEqual(
            (made.status, made.channel, made.started_on), (S.EMPLOYED_SPECIALTY, Channel.OFFICIAL_EXTRACT, AS_OF)
        )
        self.assertEqual(response.json()["record"], made.pk)
        again = self.api_as(self.aigerim).post(f"{self.url}{self.unknown.pk}/accept/", {}, format="json")
        self.assertEqual((again.status_code, again.json()["code"]), (400, "decided"))

    def test_accept_a_status_the_evidence_does_not_support(self) -> None:
        response = self.api_as(self.aigerim).post(
            f"{self.url}{self.unknown.pk}/accept/", {"status": S.NOT_SEEKING}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("status", response.json())
        self.assertEqual(DiscrepancyTask.objects.get(pk=self.unknown.pk).status, TaskStatus.OPEN)

    def test_keep_needs_a_reason(self) -> None:
        url = f"{self.url}{self.employed.pk}/keep/"
        for body in ({}, {"reason": "   "}):
            response = self.api_as(self.aigerim).post(url, body, format="json")
            self.assertEqual(response.status_code, 400)
            self.assertIn("reason", response.json())
        response = self.api_as(self.aigerim).post(url, {"reason": "Works abroad"}, format="json")
        self.assertEqual((response.status_code, response.json()["status"]), (200, TaskStatus.KEPT))
        self.assertEqual(response.json()["reason"], "Works abroad")
        self.assertEqual(EmploymentRecord.objects.filter(graduate=self.employed.graduate).count(), 1)

    def test_read_only_staff_cannot_decide(self) -> None:
        response = self.api_as(self.bolat).post(f"{self.url}{self.employed.pk}/keep/", {"reason": "x"}, format="json")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.api_as(self.aigerim).post(self.url, {}, format="json").status_code, 405)

    def test_list_queries_at_2_and_20_rows(self) -> None:
        def queries() -> int:
            api = self.api_as(self.cc)
            with CaptureQueriesContext(connection) as captured:
                response = api.get(self.url + "?page_size=100")
            self.assertEqual(response.status_code, 200)
            return len(captured)

        at_two = queries()
        DiscrepancyTask.objects.all().delete()
        self.graduates(20)
        self.reconcile()
        self.assertEqual(DiscrepancyTask.objects.count(), 23)  # with the 3 of setUp
        self.assertEqual(queries(), at_two)

"""Unit work plans (R-169): who adds and changes a unit's plan, measures, the half-year report (every measure,
done / in progress / not done), its period; the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mansap.common.testing import ScopedCRUDTests
from mansap.quality.models import WorkPlan, WorkPlanReport
from mansap.quality.services import workplans as services

D = dt.date


class WorkPlanTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.plan = services.save_plan(
            WorkPlan(institution=cls.institution, office="career_center", year=2025, goals="Employment\nPartners"),
            acting_user=cls.cc,
        )
        cls.fair = services.add_measure(cls.plan, goal="Employment", text="Job fair", due_on=D(2025, 11, 20),
                                        responsible=cls.cc, acting_user=cls.cc)  # fmt: skip
        cls.mou = services.add_measure(cls.plan, goal="Partners", text="Sign 5 agreements", due_on=D(2026, 5, 1),
                                       responsible=cls.aigerim, acting_user=cls.cc)  # fmt: skip

    def test_the_half_year_report_covers_every_measure(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.submit_report(self.plan, half=1, lines={self.fair.pk: ("done", "")}, acting_user=self.cc)
        self.assertEqual(caught.exception.messages, ["Report on every measure: “Sign 5 agreements” has no status."])
        report = services.submit_report(
            self.plan, half=1, lines={self.fair.pk: ("done", "120 employers"), self.mou.pk: ("in_progress", "2 of 5")},
            acting_user=self.cc,
        )  # fmt: skip
        self.assertEqual(report.period_end, D(2026, 2, 28))
        self.assertEqual(sorted(report.items.values_list("status", "comment")),
                         [("done", "120 employers"), ("in_progress", "2 of 5")])  # fmt: skip
        again = services.submit_report(  # the same half again replaces its lines
            self.plan,
            half=1,
            lines={self.fair.pk: ("done", ""), self.mou.pk: ("not_done", "moved")},
            acting_user=self.cc,
        )
        self.assertEqual(again.pk, report.pk)
        self.assertEqual(WorkPlanReport.objects.count(), 1)
        self.assertEqual(sorted(again.items.values_list("status", flat=True)), ["done", "not_done"])
        second = services.submit_report(
            self.plan, half=2, lines={self.fair.pk: ("done", ""), self.mou.pk: ("done", "")}, acting_user=self.cc
        )
        self.assertEqual(second.period_end, D(2026, 8, 31))

    def test_a_unit_member_changes_their_unit_plan_only(self) -> None:
        dept_plan = services.save_plan(
            WorkPlan(institution=self.institution, department=self.dept_a, year=2025, goals="Practice"),
            acting_user=self.aigerim,
        )
        with self.assertRaises(PermissionDenied):
            services.save_plan(WorkPlan(institution=self.institution, department=self.dept_b, year=2025, goals="x"),
                               acting_user=self.aigerim)  # fmt: skip
        with self.assertRaises(PermissionDenied):
            services.add_measure(
                self.plan, text="x", due_on=D(2026, 1, 1), responsible=self.dana, acting_user=self.dana
            )
        with self.assertRaises(PermissionDenied):
            services.add_measure(
                dept_plan, text="x", due_on=D(2026, 1, 1), responsible=self.dana, acting_user=self.dana
            )
        services.add_measure(dept_plan, text="Visit", due_on=D(2026, 1, 1), responsible=self.aigerim,
                             acting_user=self.aigerim)  # fmt: skip

    def test_one_unit_one_plan_a_year(self) -> None:
        with self.assertRaises(ValidationError):
            services.save_plan(WorkPlan(institution=self.institution, office="career_center", year=2025, goals="x"),
                               acting_user=self.cc)  # fmt: skip
        with self.assertRaises(ValidationError):
            services.save_plan(WorkPlan(institution=self.institution, office="career_center", department=self.dept_a,
                                        year=2026, goals="x"), acting_user=self.cc)  # fmt: skip

    def test_the_report_page_saves_every_line(self) -> None:
        url = reverse("quality:workplan_report", args=[self.plan.pk])
        self.assertEqual(self.get_as(self.dana, url).status_code, 403)
        response = self.post_as(self.cc, url, {
            "half": "1", "summary": "Good half", f"status_{self.fair.pk}": "done", f"comment_{self.fair.pk}": "ok",
            f"status_{self.mou.pk}": "not_done", f"comment_{self.mou.pk}": "",
        })  # fmt: skip
        self.assertEqual(response.status_code, 302)
        page = self.get_as(self.rector, reverse("quality:workplan_detail", args=[self.plan.pk]))
        self.assertContains(page, "Good half")
        self.assertContains(page, "Sign 5 agreements")

    def test_students_get_nothing(self) -> None:
        self.assertEqual(self.get_as(self.student_user, reverse("quality:workplan_list")).status_code, 403)

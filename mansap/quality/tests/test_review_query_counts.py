"""Bounded queries of the management reviews, their decisions, the work plans and the risk reviews: the pages and
the API lists cost the same with 2 or 20 rows."""

from __future__ import annotations

import datetime as dt
import itertools

from django.urls import reverse

from mansap.core.tests.test_query_counts import QueryCountTestCase
from mansap.quality.models import ManagementReview, ReviewDecision, RiskReview, WorkPlan, WorkPlanMeasure
from mansap.quality.tests.factories import make_process, make_risk

D = dt.date
_serial = itertools.count(1)


class ReviewQueryCountTests(QueryCountTestCase):
    def add_reviews(self, n: int) -> None:
        for _ in range(n):
            serial = next(_serial)
            review = ManagementReview.objects.create(
                institution=self.institution, period_start=D(2000 + serial, 1, 1), period_end=D(2000 + serial, 12, 31),
                status="issued", snapshot={},
            )  # fmt: skip
            ReviewDecision.objects.create(
                review=review, body="academic_council", protocol_number=str(serial), protocol_date=D(2025, 1, 1),
                text=f"Decision {serial}", owner=self.cc, due_on=D(2025, 3, 1),
            )  # fmt: skip

    def add_plans(self, n: int) -> None:
        for _ in range(n):
            plan = WorkPlan.objects.create(institution=self.institution, office="career_center",
                                           year=1900 + next(_serial), goals="Employment")  # fmt: skip
            WorkPlanMeasure.objects.create(plan=plan, text="Job fair", due_on=D(2025, 2, 1), responsible=self.cc)

    def add_risk_reviews(self, n: int) -> None:
        process = make_process(self.institution, 30 + next(_serial) % 60)
        for _ in range(n):
            risk = make_risk(process, self.cc)
            RiskReview.objects.create(
                risk=risk, reviewed_on=D(2025, 1, 1), reviewer=self.cc, outcome="confirmed", reason="Same",
                next_review_on=D(2026, 1, 1),
            )  # fmt: skip

    def test_review_list(self) -> None:
        self.check_bounded(self.rector, reverse("quality:review_list"), self.add_reviews, pinned=PINNED["reviews"])

    def test_decision_list(self) -> None:
        self.check_bounded(self.rector, reverse("quality:decision_list"), self.add_reviews, pinned=PINNED["decisions"])

    def test_work_plan_list(self) -> None:
        self.check_bounded(self.rector, reverse("quality:workplan_list"), self.add_plans, pinned=PINNED["plans"])

    def test_api_lists(self) -> None:
        for name, add in (
            ("managementreview-list", self.add_reviews),
            ("reviewdecision-list", self.add_reviews),
            ("workplan-list", self.add_plans),
            ("workplanmeasure-list", self.add_plans),
            ("riskreview-list", self.add_risk_reviews),
        ):
            with self.subTest(name):
                self.check_bounded(self.cc, reverse(name), add, pinned=PINNED[name], api=True)


# Pages: session, user, memberships, COUNT, the rows (+ the decisions' owner choices of the filter).
# API: token and user, memberships, COUNT, the rows (+ a review's decisions; a plan's measures and reports).
PINNED = {
    "reviews": 5, "decisions": 6, "plans": 5, "managementreview-list": 5, "reviewdecision-list": 4,
    "workplan-list": 6, "workplanmeasure-list": 4, "riskreview-list": 4,
}  # fmt: skip

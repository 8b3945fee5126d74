"""The quality step of the demo (#13): process 17's targets, KPI-17.4's success criteria, the Career Center's work
plan, program revisions and an advisory board, written through the services as `cc`; flushing leaves none."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from mansap import demo
from mansap.graduates.models import SuccessCriteria, SuccessRule
from mansap.quality.models import (
    AdvisoryBoard,
    AdvisoryBoardMeeting,
    AdvisoryBoardMember,
    KPIDefinition,
    KPITarget,
    ManagementReview,
    ProgramRevision,
    ReviewDecision,
    ReviewDocument,
    WorkPlan,
    WorkPlanMeasure,
    WorkPlanReport,
    WorkPlanReportItem,
)

TODAY = dt.date(2026, 12, 6)


@pytest.mark.django_db
def test_the_quality_step_fills_the_13_pages_and_flush_removes_it() -> None:
    result = demo.build_demo(graduates=60, seed=7, today=TODAY)
    institution = result.institution
    targets = KPITarget.objects.filter(definition__institution=institution).select_related("definition")
    assert sorted(t.definition.code for t in targets) == [f"17.{n}" for n in range(1, 9)]
    assert {t.period for t in targets} == {"2026-2027"}
    first = targets.get(definition__code="17.1")
    assert (first.target, first.amber_threshold, first.red_threshold) == (
        Decimal("0.75"), Decimal("0.70"), Decimal("0.60"),
    )  # fmt: skip
    assert targets.get(definition__code="17.2").target == 350000
    assert set(
        KPIDefinition.objects.filter(institution=institution, code__startswith="17.").values_list("status", flat=True)
    ) == {"target_set"}
    criteria = SuccessCriteria.objects.get(institution=institution)
    assert [(r.outcome, r.within_months) for r in criteria.rules.all()] == [
        ("employed_specialty", 6),
        ("own_business", None),
    ]
    plan = WorkPlan.objects.get(institution=institution)
    assert (plan.office, plan.year, plan.measures.count()) == ("career_center", 2026, 3)
    report = plan.reports.get()
    assert (report.half, report.items.count()) == (1, 3)
    revisions = ProgramRevision.objects.filter(program__department__faculty__institution=institution)
    assert revisions.count() == 2
    assert [r.employers.count() for r in revisions] == [1, 1]
    board = AdvisoryBoard.objects.get(faculty__institution=institution)
    assert (board.members.count(), board.meetings.count()) == (2, 1)
    assert result.counts["KPI targets"] == 8
    review = ManagementReview.objects.get(institution=institution)
    assert (review.status, review.period_start, review.period_end) == (
        "issued",
        dt.date(2025, 9, 1),
        dt.date(2026, 8, 31),
    )
    assert review.documents.count() == 6  # PDF and XLSX in kk, ru, en
    decision = review.decisions.get()
    assert (decision.protocol_number, decision.owner is not None, decision.due_on is not None) == ("7", True, True)

    demo.flush_demo(institution)
    seeded = (KPITarget, SuccessCriteria, SuccessRule, WorkPlan, WorkPlanMeasure, WorkPlanReport, WorkPlanReportItem,
              ProgramRevision, AdvisoryBoard, AdvisoryBoardMember, AdvisoryBoardMeeting, ManagementReview,
              ReviewDecision, ReviewDocument)  # fmt: skip
    for model in seeded:
        assert not model.objects.exists(), model.__name__
    assert not ProgramRevision.employers.through.objects.exists()

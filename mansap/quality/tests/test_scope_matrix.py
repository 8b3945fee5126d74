"""The scope matrix of the quality pages (common.testing.ScopedPageTests).

Covered (pages; editor / read-only / outsider; out of scope):
- process: the map (list), detail, edit, history; cc (the quality editor) / aigerim (a department's read-write
  member, who reads the map but does not edit it) / dana; the other institution's process.
- risk: the register (list), detail, edit, history; cc / aigerim (not the risk's owner) / dana; the other
  institution's risk.

By hand (test_risks.py): the assessment and action forms, the action's "done" button and the heat map.
"""

from __future__ import annotations

import datetime as dt

from mansap.common.testing import ScopedMatrixTestCase, ScopedPageTests
from mansap.quality.models import ManagementReview, Process, ReviewDecision, Risk, WorkPlan
from mansap.quality.tests.factories import make_process, make_risk


class ProcessPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = Process
    url_names = {
        "list": "quality:process_list", "detail": "quality:process_detail", "edit": "quality:process_edit",
        "delete": None, "history": "quality:process_history",
    }  # fmt: skip
    list_context = "object_list"
    editor, viewer = "cc", "aigerim"

    @classmethod
    def in_scope(cls):
        return make_process(cls.institution, 17)

    @classmethod
    def out_of_scope(cls):
        return make_process(cls.other_institution, 17)


class RiskPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = Risk
    url_names = {
        "list": "quality:risk_list", "detail": "quality:risk_detail", "edit": "quality:risk_edit",
        "delete": None, "history": "quality:risk_history",
    }  # fmt: skip
    editor, viewer = "cc", "aigerim"

    @classmethod
    def in_scope(cls):
        return make_risk(make_process(cls.institution, 3), cls.cc)

    @classmethod
    def out_of_scope(cls):
        return make_risk(make_process(cls.other_institution, 3), cls.other_cc)


class ReviewPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    """The management reviews: everyone on staff reads; the quality editors prepare them (aigerim reads only)."""

    model = ManagementReview
    url_names = {
        "list": "quality:review_list", "detail": "quality:review_detail", "edit": "quality:review_edit",
        "delete": None, "history": "quality:review_history",
    }  # fmt: skip
    editor, viewer = "cc", "aigerim"

    @classmethod
    def in_scope(cls):
        return ManagementReview.objects.create(
            institution=cls.institution, period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 6, 30)
        )

    @classmethod
    def out_of_scope(cls):
        return ManagementReview.objects.create(
            institution=cls.other_institution, period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 6, 30)
        )


class WorkPlanPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    """The work plans: everyone on staff reads; the quality editors and the unit's members change a plan (the
    Career Center's plan: dana, of a department, reads it only)."""

    model = WorkPlan
    url_names = {
        "list": "quality:workplan_list", "detail": "quality:workplan_detail", "edit": "quality:workplan_edit",
        "delete": None, "history": "quality:workplan_history",
    }  # fmt: skip
    editor, viewer = "cc", "aigerim"

    @classmethod
    def in_scope(cls):
        return WorkPlan.objects.create(institution=cls.institution, office="career_center", year=2025, goals="A")

    @classmethod
    def out_of_scope(cls):
        return WorkPlan.objects.create(institution=cls.other_institution, office="career_center", year=2025, goals="A")


class DecisionPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    """The decisions of the management reviews (a list; a decision is shown and changed on its review's page)."""

    model = ReviewDecision
    url_names = {"list": "quality:decision_list", "detail": None, "edit": None, "delete": None, "history": None}
    editor, viewer = "cc", "aigerim"

    @classmethod
    def decision(cls, institution):
        review = ManagementReview.objects.create(
            institution=institution, period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 6, 30), status="issued"
        )
        return ReviewDecision.objects.create(
            review=review, body="rectorate", protocol_number="3", protocol_date=dt.date(2025, 9, 1), text="Do it"
        )

    @classmethod
    def in_scope(cls):
        return cls.decision(cls.institution)

    @classmethod
    def out_of_scope(cls):
        return cls.decision(cls.other_institution)

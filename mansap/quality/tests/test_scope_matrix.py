"""The scope matrix of the quality pages (common.testing.ScopedPageTests).

Covered (pages; editor / read-only / outsider; out of scope):
- process: the map (list), detail, edit, history; cc (the quality editor) / aigerim (a department's read-write
  member, who reads the map but does not edit it) / dana; the other institution's process.
- risk: the register (list), detail, edit, history; cc / aigerim (not the risk's owner) / dana; the other
  institution's risk.
- KPI: the register (list), detail, edit, history; cc / aigerim (reads, neither the quality editor nor the process
  owner) / dana; the other institution's KPI.

- programrevision: list, detail, edit, history; aigerim / bolat / dana (another department: 404), and cc / rector /
  other_cc against the other institution's revision.
- advisoryboard: list, detail, edit, history; aigerim / bolat / other_cc; the other institution's board.
- advisoryboardmember, advisoryboardmeeting: their edit pages; aigerim / bolat / other_cc; the other institution's.

By hand (test_risks.py): the assessment and action forms, the action's "done" button and the heat map.
"""

from __future__ import annotations

import datetime as dt

from mansap.common.testing import ScopedMatrixTestCase, ScopedPageTests
from mansap.quality.models import (
    AdvisoryBoard,
    AdvisoryBoardMeeting,
    AdvisoryBoardMember,
    KPIDefinition,
    ManagementReview,
    Process,
    ProgramRevision,
    ReviewDecision,
    Risk,
    WorkPlan,
)
from mansap.quality.tests.factories import make_board, make_process, make_revision, make_risk
from mansap.quality.tests.kpi_fixtures import make_kpi


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


class ProgramRevisionPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    """A department's revision: aigerim records it, bolat (read-only) reads it, dana (another department) gets 404."""

    model = ProgramRevision
    url_names = {
        "list": "quality:programrevision_list", "detail": "quality:programrevision_detail",
        "edit": "quality:programrevision_edit", "delete": None, "history": "quality:programrevision_history",
    }  # fmt: skip

    @classmethod
    def in_scope(cls):
        return make_revision(cls.program_a, dt.date(2026, 2, 1))

    @classmethod
    def out_of_scope(cls):
        return make_revision(cls.program_b, dt.date(2026, 2, 1))


class ProgramRevisionOtherInstitutionMatrixTests(ProgramRevisionPageMatrixTests):
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def out_of_scope(cls):
        return make_revision(cls.other_program, dt.date(2026, 2, 1))


class AdvisoryBoardPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    """Every staff member reads the boards; the other institution's board is 404."""

    model = AdvisoryBoard
    url_names = {
        "list": "quality:advisoryboard_list", "detail": "quality:advisoryboard_detail",
        "edit": "quality:advisoryboard_edit", "delete": None, "history": "quality:advisoryboard_history",
    }  # fmt: skip
    outsider = "other_cc"

    @classmethod
    def in_scope(cls):
        return make_board(cls.program_a)

    @classmethod
    def out_of_scope(cls):
        return make_board(cls.other_program)


class AdvisoryBoardMemberPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    """A member's edit page: the board's change scope (aigerim's program board; the other institution's is 404)."""

    model = AdvisoryBoardMember
    url_names = {
        "list": None, "detail": None, "edit": "quality:advisoryboardmember_edit", "delete": None, "history": None,
    }  # fmt: skip
    outsider = "other_cc"

    @classmethod
    def in_scope(cls):
        return AdvisoryBoardMember.objects.create(
            board=make_board(cls.program_a), kind="other", person_name="A", member_from=dt.date(2025, 9, 1)
        )

    @classmethod
    def out_of_scope(cls):
        return AdvisoryBoardMember.objects.create(
            board=make_board(cls.other_program), kind="other", person_name="B", member_from=dt.date(2025, 9, 1)
        )


class AdvisoryBoardMeetingPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = AdvisoryBoardMeeting
    url_names = {
        "list": None, "detail": None, "edit": "quality:advisoryboardmeeting_edit", "delete": None, "history": None,
    }  # fmt: skip
    outsider = "other_cc"

    @classmethod
    def in_scope(cls):
        return AdvisoryBoardMeeting.objects.create(
            board=make_board(cls.program_a), held_on=dt.date(2026, 1, 5), agenda="A"
        )

    @classmethod
    def out_of_scope(cls):
        return AdvisoryBoardMeeting.objects.create(
            board=make_board(cls.other_program), held_on=dt.date(2026, 1, 5), agenda="A"
        )


class KPIPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = KPIDefinition
    url_names = {
        "list": "quality:kpidefinition_list", "detail": "quality:kpidefinition_detail",
        "edit": "quality:kpidefinition_edit", "delete": None, "history": "quality:kpidefinition_history",
    }  # fmt: skip
    editor, viewer = "cc", "aigerim"

    @classmethod
    def in_scope(cls):
        return make_kpi(make_process(cls.institution, 17), "17.1")

    @classmethod
    def out_of_scope(cls):
        return make_kpi(make_process(cls.other_institution, 17), "17.1")


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

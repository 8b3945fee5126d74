"""The scope matrix of the quality API (common.testing.ScopedAPITests), one class per endpoint.

Covered (router basename: writes offered; editor / read-only / outsider; out of scope), staff only:
- process: update; cc / aigerim / other_cc; the other institution's process.
- risk: create, update; cc / aigerim (not its owner) / other_cc; the other institution's risk.
- riskassessment: create; cc / aigerim / other_cc; an assessment of the other institution's risk.
- riskaction: create, update; cc / aigerim / other_cc; an action of the other institution's risk.
- kpisurvey: create, delete; cc / aigerim / other_cc; a campaign attached to the other institution's KPI.
"""

from __future__ import annotations

import datetime as dt

from mansap.common.testing import ScopedAPITests, ScopedMatrixTestCase
from mansap.quality.models import (
    AdvisoryBoard,
    AdvisoryBoardMeeting,
    AdvisoryBoardMember,
    KPIDefinition,
    KPISurvey,
    KPITarget,
    KPIValue,
    ManagementReview,
    Process,
    ProgramRevision,
    ReviewDecision,
    Risk,
    RiskAction,
    RiskAssessment,
    RiskReview,
    WorkPlan,
    WorkPlanMeasure,
)
from mansap.quality.tests.factories import assess, make_action, make_board, make_process, make_revision, make_risk
from mansap.quality.tests.kpi_fixtures import make_kpi, make_target, make_value


class _Quality:
    """The personas and risks every quality endpoint shares (a mixin: the matrix classes below are the tests)."""

    editor, viewer, outsider = "cc", "aigerim", "other_cc"
    staff_only = True

    @classmethod
    def own_risk(cls) -> Risk:
        return make_risk(make_process(cls.institution, 5), cls.cc)  # type: ignore[attr-defined]

    @classmethod
    def other_risk(cls) -> Risk:
        return make_risk(make_process(cls.other_institution, 5), cls.other_cc)  # type: ignore[attr-defined]


class ProcessAPIMatrixTests(_Quality, ScopedAPITests, ScopedMatrixTestCase):
    model = Process
    basename = "process"
    writes = ("update",)

    @classmethod
    def in_scope(cls):
        return make_process(cls.institution, 1)

    @classmethod
    def out_of_scope(cls):
        return make_process(cls.other_institution, 1)


class RiskAPIMatrixTests(_Quality, ScopedAPITests, ScopedMatrixTestCase):
    model = Risk
    basename = "risk"
    writes = ("create", "update")

    @classmethod
    def in_scope(cls):
        return cls.own_risk()

    @classmethod
    def out_of_scope(cls):
        return cls.other_risk()

    def create_payload(self):
        return {"key": "NEW", "process": self.obj.process_id, "title_kk": "Жаңа", "category": "operational",
                "owner": self.cc.pk}  # fmt: skip


class RiskAssessmentAPIMatrixTests(_Quality, ScopedAPITests, ScopedMatrixTestCase):
    model = RiskAssessment
    basename = "riskassessment"
    writes = ("create",)

    @classmethod
    def in_scope(cls):
        return assess(cls.own_risk(), dt.date(2025, 1, 10), 2, 3)

    @classmethod
    def out_of_scope(cls):
        return assess(cls.other_risk(), dt.date(2025, 1, 10), 2, 3)

    def create_payload(self):
        return {"risk": self.obj.risk_id, "assessed_on": "2025-02-01", "likelihood": 4, "impact": 4}


class RiskActionAPIMatrixTests(_Quality, ScopedAPITests, ScopedMatrixTestCase):
    model = RiskAction
    basename = "riskaction"
    writes = ("create", "update")

    @classmethod
    def in_scope(cls):
        return make_action(cls.own_risk(), dt.date(2025, 3, 1))

    @classmethod
    def out_of_scope(cls):
        return make_action(cls.other_risk(), dt.date(2025, 3, 1))

    def create_payload(self):
        return {"risk": self.obj.risk_id, "action": "Check", "owner": self.cc.pk, "due_on": "2025-04-01"}


# ---- KPIs (#13): cc edits everything; aigerim (department staff) reads only; the other institution's editor sees
# nothing of ours.
class KPIDefinitionAPIMatrixTests(_Quality, ScopedAPITests, ScopedMatrixTestCase):
    model = KPIDefinition
    basename = "kpidefinition"
    writes = ("create", "update")

    @classmethod
    def in_scope(cls):
        return make_kpi(make_process(cls.institution, 9), "9.1")

    @classmethod
    def out_of_scope(cls):
        return make_kpi(make_process(cls.other_institution, 9), "9.1")

    def create_payload(self):
        return {"process": self.obj.process_id, "code": "9.9", "name_kk": "Жаңа", "source": "entered"}


class KPITargetAPIMatrixTests(_Quality, ScopedAPITests, ScopedMatrixTestCase):
    model = KPITarget
    basename = "kpitarget"
    writes = ("create",)

    @classmethod
    def in_scope(cls):
        return make_target(make_kpi(make_process(cls.institution, 9), "9.1"), "2024-2025", "1", "1", "1")

    @classmethod
    def out_of_scope(cls):
        return make_target(make_kpi(make_process(cls.other_institution, 9), "9.1"), "2024-2025", "1", "1", "1")

    def create_payload(self):
        return {"definition": self.obj.definition_id, "period": "2025-2026", "target": "0.8"}


class KPIValueAPIMatrixTests(_Quality, ScopedAPITests, ScopedMatrixTestCase):
    model = KPIValue
    basename = "kpivalue"
    writes = ("create",)

    @classmethod
    def in_scope(cls):
        return make_value(make_kpi(make_process(cls.institution, 9), "9.1"), "2024-2025", "0.5")

    @classmethod
    def out_of_scope(cls):
        return make_value(make_kpi(make_process(cls.other_institution, 9), "9.1"), "2024-2025", "0.5")

    def create_payload(self):
        return {"definition": self.obj.definition_id, "period": "2025-2026", "value": "0.6",
                "evidence_url": "https://example.kz/report"}  # fmt: skip


class KPISurveyAPIMatrixTests(_Quality, ScopedAPITests, ScopedMatrixTestCase):
    model = KPISurvey
    basename = "kpisurvey"
    writes = ("create", "delete")

    @classmethod
    def link(cls, institution):
        from mansap.surveys.tests.factories import make_campaign, make_questionnaire, questions_by_text

        questionnaire = make_questionnaire(institution)
        campaign = make_campaign(questionnaire, headline_question=questions_by_text(questionnaire)["Satisfaction"])
        return KPISurvey.objects.create(definition=make_kpi(make_process(institution, 11), "11.7"), campaign=campaign)

    @classmethod
    def in_scope(cls):
        return cls.link(cls.institution)

    @classmethod
    def out_of_scope(cls):
        return cls.link(cls.other_institution)

    def create_payload(self):
        return {"definition": self.obj.definition_id, "campaign": self.obj.campaign_id}


class ProgramRevisionAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = ProgramRevision
    basename = "programrevision"
    writes = ("create", "update")
    staff_only = True

    @classmethod
    def in_scope(cls):
        return make_revision(cls.program_a, dt.date(2026, 2, 1))

    @classmethod
    def out_of_scope(cls):
        return make_revision(cls.program_b, dt.date(2026, 2, 1))


class AdvisoryBoardAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = AdvisoryBoard
    basename = "advisoryboard"
    writes = ("create", "update")
    staff_only = True
    outsider = "other_cc"

    @classmethod
    def in_scope(cls):
        return make_board(cls.program_a)

    @classmethod
    def out_of_scope(cls):
        return make_board(cls.other_program)


class AdvisoryBoardMeetingAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = AdvisoryBoardMeeting
    basename = "advisoryboardmeeting"
    writes = ("create", "update")
    staff_only = True
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

    def create_payload(self):
        return {"board": self.obj.board_id, "held_on": "2026-01-06", "agenda": "B"}  # valid: the service refuses


class AdvisoryBoardMemberAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = AdvisoryBoardMember
    basename = "advisoryboardmember"
    writes = ("create", "update")
    staff_only = True
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

    def create_payload(self):
        return {"board": self.obj.board_id, "kind": "other", "person_name": "C", "member_from": "2025-09-01"}


class ManagementReviewAPIMatrixTests(_Quality, ScopedAPITests, ScopedMatrixTestCase):
    model = ManagementReview
    basename = "managementreview"
    writes = ("create", "update")

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

    def create_payload(self):
        return {"period_start": "2026-01-01", "period_end": "2026-06-30"}


class ReviewDecisionAPIMatrixTests(_Quality, ScopedAPITests, ScopedMatrixTestCase):
    model = ReviewDecision
    basename = "reviewdecision"
    writes = ("create", "update")

    @classmethod
    def decision(cls, institution):
        review = ManagementReview.objects.create(
            institution=institution, period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 6, 30),
            status="issued", snapshot={},
        )  # fmt: skip
        return ReviewDecision.objects.create(
            review=review, body="rectorate", protocol_number="3", protocol_date=dt.date(2025, 9, 1), text="Do it"
        )

    @classmethod
    def in_scope(cls):
        return cls.decision(cls.institution)

    @classmethod
    def out_of_scope(cls):
        return cls.decision(cls.other_institution)

    def create_payload(self):
        return {"review": self.obj.review_id, "body": "rectorate", "protocol_number": "4",
                "protocol_date": "2025-09-02", "text": "Another"}  # fmt: skip


class WorkPlanAPIMatrixTests(_Quality, ScopedAPITests, ScopedMatrixTestCase):
    model = WorkPlan
    basename = "workplan"
    writes = ("create", "update")

    @classmethod
    def in_scope(cls):
        return WorkPlan.objects.create(institution=cls.institution, office="career_center", year=2025, goals="A")

    @classmethod
    def out_of_scope(cls):
        return WorkPlan.objects.create(institution=cls.other_institution, office="career_center", year=2025, goals="A")

    def create_payload(self):
        return {"office": "registrar", "year": 2025, "goals": "Records"}


class RiskReviewAPIMatrixTests(_Quality, ScopedAPITests, ScopedMatrixTestCase):
    model = RiskReview
    basename = "riskreview"
    writes = ("create",)

    @classmethod
    def review_of(cls, risk):
        assess(risk, dt.date(2025, 1, 10), 3, 3)
        return RiskReview.objects.create(
            risk=risk,
            reviewed_on=dt.date(2025, 2, 1),
            reviewer=risk.owner,
            outcome="confirmed",
            reason="Same",
            next_review_on=dt.date(2026, 2, 1),
        )

    @classmethod
    def in_scope(cls):
        return cls.review_of(cls.own_risk())

    @classmethod
    def out_of_scope(cls):
        return cls.review_of(cls.other_risk())

    def create_payload(self):
        return {"risk": self.obj.risk_id, "outcome": "confirmed", "reason": "Same", "next_review_on": "2027-01-01",
                "reviewed_on": "2025-03-01"}  # fmt: skip


class WorkPlanMeasureAPIMatrixTests(_Quality, ScopedAPITests, ScopedMatrixTestCase):
    model = WorkPlanMeasure
    basename = "workplanmeasure"
    writes = ("create",)

    @classmethod
    def measure(cls, institution, responsible):
        plan = WorkPlan.objects.create(institution=institution, office="career_center", year=2025, goals="A")
        return WorkPlanMeasure.objects.create(
            plan=plan, text="Fair", due_on=dt.date(2025, 11, 1), responsible=responsible
        )

    @classmethod
    def in_scope(cls):
        return cls.measure(cls.institution, cls.cc)

    @classmethod
    def out_of_scope(cls):
        return cls.measure(cls.other_institution, cls.other_cc)

    def create_payload(self):
        return {"plan": self.obj.plan_id, "text": "Another", "due_on": "2026-01-01", "responsible": self.cc.pk}

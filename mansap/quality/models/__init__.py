"""Models of the quality app, one module per sub-domain (Django registers them from here)."""

from mansap.quality.models.kpis import KPIDefinition, KPITarget, KPIValue
from mansap.quality.models.processes import Process
from mansap.quality.models.programs import AdvisoryBoard, AdvisoryBoardMeeting, AdvisoryBoardMember, ProgramRevision
from mansap.quality.models.reviews import ManagementReview, Reminder, ReviewDecision, ReviewDocument
from mansap.quality.models.risks import Risk, RiskAction, RiskAssessment, RiskReview
from mansap.quality.models.surveys import KPISurvey
from mansap.quality.models.workplans import WorkPlan, WorkPlanMeasure, WorkPlanReport, WorkPlanReportItem

__all__ = [
    "AdvisoryBoard",
    "AdvisoryBoardMeeting",
    "AdvisoryBoardMember",
    "KPIDefinition",
    "KPISurvey",
    "KPITarget",
    "KPIValue",
    "ManagementReview",
    "Process",
    "ProgramRevision",
    "Reminder",
    "ReviewDecision",
    "ReviewDocument",
    "Risk",
    "RiskAction",
    "RiskAssessment",
    "RiskReview",
    "WorkPlan",
    "WorkPlanMeasure",
    "WorkPlanReport",
    "WorkPlanReportItem",
]

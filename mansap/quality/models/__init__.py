"""Models of the quality app, one module per sub-domain (Django registers them from here)."""

from mansap.quality.models.processes import Process
from mansap.quality.models.risks import Risk, RiskAction, RiskAssessment

__all__ = ["Process", "Risk", "RiskAction", "RiskAssessment"]

from mansap.quality.models.programs import AdvisoryBoard, AdvisoryBoardMeeting, AdvisoryBoardMember, ProgramRevision

__all__ += ["AdvisoryBoard", "AdvisoryBoardMeeting", "AdvisoryBoardMember", "ProgramRevision"]

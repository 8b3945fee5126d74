"""Models of the quality app, one module per sub-domain (Django registers them from here)."""

from mansap.quality.models.kpis import KPIDefinition, KPITarget, KPIValue
from mansap.quality.models.processes import Process
from mansap.quality.models.risks import Risk, RiskAction, RiskAssessment

__all__ = ["KPIDefinition", "KPITarget", "KPIValue", "Process", "Risk", "RiskAction", "RiskAssessment"]

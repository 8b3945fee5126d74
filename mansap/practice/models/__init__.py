"""Models of the practice app, one module per sub-domain (Django registers them from here)."""

from mansap.practice.models.assessment import (
    Conference,
    DefenceCommission,
    DiaryEntry,
    GradeBand,
    GradeTableChange,
    Meeting,
    PracticeDocument,
    RetentionRule,
)
from mansap.practice.models.bases import BaseVetting, ContractAnnex, PracticeBase, PracticeContract
from mansap.practice.models.placements import CompanyPackage, Placement, PlacementPreference, PracticeOrder
from mansap.practice.models.plan import Practice
from mansap.practice.models.programmes import PracticeProgramme

__all__ = [
    "BaseVetting",
    "CompanyPackage",
    "Conference",
    "ContractAnnex",
    "DefenceCommission",
    "DiaryEntry",
    "GradeBand",
    "GradeTableChange",
    "Meeting",
    "Placement",
    "PlacementPreference",
    "Practice",
    "PracticeBase",
    "PracticeContract",
    "PracticeDocument",
    "PracticeOrder",
    "PracticeProgramme",
    "RetentionRule",
]

"""Models of graduate employment monitoring, one module per sub-domain (Django registers them from here)."""

from mansap.graduates.models.extracts import (
    ExtractCohort,
    ExtractProfile,
    ExtractUpload,
    OfficialCheckConsent,
    OfficialContract,
    OfficialContribution,
    OfficialExtract,
)
from mansap.graduates.models.records import (
    AssistanceAction,
    ContactAttempt,
    EmploymentRecord,
    GrantObligation,
    SelfReport,
)
from mansap.graduates.models.rounds import CollectionRound, Form10Column, RoundReminder, RoundRule, RoundSubmission
from mansap.graduates.models.selfservice import SelfServiceCheck
from mansap.graduates.models.success import SuccessCriteria, SuccessOutcome, SuccessRule
from mansap.graduates.models.verification import DiscrepancyTask, Reconciliation, ReconciliationRow

__all__ = [
    "AssistanceAction",
    "CollectionRound",
    "ContactAttempt",
    "DiscrepancyTask",
    "EmploymentRecord",
    "ExtractCohort",
    "ExtractProfile",
    "ExtractUpload",
    "Form10Column",
    "GrantObligation",
    "OfficialCheckConsent",
    "OfficialContract",
    "OfficialContribution",
    "OfficialExtract",
    "Reconciliation",
    "ReconciliationRow",
    "RoundReminder",
    "RoundRule",
    "RoundSubmission",
    "SelfReport",
    "SelfServiceCheck",
    "SuccessCriteria",
    "SuccessOutcome",
    "SuccessRule",
]

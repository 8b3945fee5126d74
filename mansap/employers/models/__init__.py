"""Models of the employers app, one module per sub-domain (Django registers them from here)."""

from mansap.employers.models.events import CareerEvent, EventInvitation, EventRegistration
from mansap.employers.models.organizations import JointUnit, Organization, OrganizationMerge, PartnershipAgreement
from mansap.employers.models.vacancies import (
    Application,
    EmployerContact,
    Shortlist,
    ShortlistEntry,
    StudentProfile,
    Vacancy,
)

__all__ = [
    "Application",
    "CareerEvent",
    "EmployerContact",
    "EventInvitation",
    "EventRegistration",
    "JointUnit",
    "Organization",
    "OrganizationMerge",
    "PartnershipAgreement",
    "Shortlist",
    "ShortlistEntry",
    "StudentProfile",
    "Vacancy",
]

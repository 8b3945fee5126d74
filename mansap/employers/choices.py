"""Choice lists of the employers app (Kazakhstan's regions are shared reference data in mansap.core.choices)."""

from __future__ import annotations

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class OrganizationSize(models.TextChoices):
    """Business size as the Entrepreneur Code of Kazakhstan (art. 24) classifies it."""

    MICRO = "micro", _("micro (up to 15 employees)")
    SMALL = "small", _("small (up to 100 employees)")
    MEDIUM = "medium", _("medium (up to 250 employees)")
    LARGE = "large", _("large (over 250 employees)")


class AgreementKind(models.TextChoices):
    SOCIAL_PARTNERSHIP = "social_partnership", _("social partnership memorandum")
    COOPERATION = "cooperation", _("cooperation agreement")
    OTHER = "other", _("other agreement")


class JointUnitKind(models.TextChoices):
    DEPARTMENT_BRANCH = "department_branch", _("branch of a department at an enterprise")
    JOINT_LABORATORY = "joint_laboratory", _("joint laboratory")
    OTHER = "other", _("other joint unit")


# ---- Career events ----
class CareerEventKind(models.TextChoices):
    JOB_FAIR = "job_fair", _("job fair")
    PRESENTATION = "presentation", _("company presentation")
    ROUND_TABLE = "round_table", _("round table")
    GUEST_LECTURE = "guest_lecture", _("guest lecture")
    TRAINING_CV = "training_cv", _("training: CV writing")
    TRAINING_INTERVIEW = "training_interview", _("training: interview preparation")
    BUSINESS_GAME = "business_game", _("business game")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    CANCELLED = "cancelled", _("cancelled")


class VacancyKind(models.TextChoices):
    JOB = "job", _("Job")
    INTERNSHIP = "internship", _("Internship")


class EmploymentType(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")
    REMOTE = "remote", _("Remote")
    SHIFT = "shift", _("Shift work")


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


# The label of an organization field in forms, filters and tables.
ORGANIZATION_LABEL = capfirst(_("organization"))

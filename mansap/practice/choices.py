"""Choices of the practice app (regulation 001: types of practice, bases, documents, grades)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PracticeKind(models.TextChoices):
    """The three types of professional practice (001 §5, §7.1; "postgraduate" means pre-graduate, O-6)."""

    EDUCATIONAL = "educational", _("educational practice")
    PRODUCTION = "production", _("production practice")
    PRE_GRADUATE = "pre_graduate", _("pre-graduate practice")


class ProgrammeRole(models.TextChoices):
    """What a register document is to a program's practice (R-018, R-019)."""

    PROGRAMME = "programme", _("practice programme")
    GUIDELINES = "guidelines", _("methodological guidelines")


class GradeTerm(models.TextChoices):
    """The term of the academic year a practice's grade belongs to (the academic record's terms: 1, 2, summer)."""

    FIRST = "1", _("term 1")
    SECOND = "2", _("term 2")
    SUMMER = "summer", _("summer term")


class PracticeStatus(models.TextChoices):
    """A practice of the year's plan: drafted by the Career Center, then sent to the department."""

    DRAFT = "draft", pgettext_lazy("practice plan", "draft")
    SENT = "sent", pgettext_lazy("practice plan", "sent to the department")
    CLOSED = "closed", pgettext_lazy("practice plan", "closed")


class BaseSource(models.TextChoices):
    """Where a candidate practice base came from (001 §8.2, O-8)."""

    INDUSTRY_ASSOCIATION = "industry_association", _("industry association list")
    ATAMEKEN = "atameken", _("Atameken chamber list")
    STUDENT = "student", _("proposed by a student")
    DEPARTMENT = "department", _("found by the department")
    OTHER = "other", _("other")


class BaseStatus(models.TextChoices):
    """A base is usable only when APPROVED (after a passed vetting, 001 §8, §12)."""

    CANDIDATE = "candidate", _("candidate: not vetted")
    APPROVED = "approved", pgettext_lazy("practice base", "approved")
    REJECTED = "rejected", pgettext_lazy("practice base", "rejected")
    SUSPENDED = "suspended", pgettext_lazy("practice base", "suspended")


class VettingCriterion(models.TextChoices):
    """The vetting checklist of a base (001 §8.1, §8.3, §12; Q15)."""

    ACTIVITY = "activity", _("statutory activity matches the program profile")
    STAFF = "staff", _("qualified staff to lead practice")
    EQUIPMENT = "equipment", _("material and technical base, equipment")
    SAFETY = "safety", _("safety and sanitary conditions")
    REPUTATION = "reputation", _("reputation check (anti-corruption)")


class VettingDecision(models.TextChoices):
    APPROVED = "approved", pgettext_lazy("vetting", "approved")
    REJECTED = "rejected", pgettext_lazy("vetting", "rejected")


class ContractKind(models.TextChoices):
    FRAMEWORK = "framework", _("framework contract (annex per practice)")
    SINGLE = "single", _("contract for one practice")


class Custodian(models.TextChoices):
    """Who keeps the paper original (O-9, Q20); both see the electronic copy."""

    CAREER_CENTER = "career_center", _("Career Center")
    DEPARTMENT = "department", _("graduating department")


class PlacementStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("placement", "proposed")
    CONFIRMED = "confirmed", pgettext_lazy("placement", "confirmed")
    CANCELLED = "cancelled", pgettext_lazy("placement", "cancelled")


class PlacementSource(models.TextChoices):
    MANUAL = "manual", _("assigned by staff")
    ALLOCATION = "allocation", _("automatic allocation")


class ConferenceKind(models.TextChoices):
    ORIENTATION = "orientation", _("orientation conference")
    FINAL = "final", _("final conference")


class MeetingKind(models.TextChoices):
    MEETING = "meeting", _("meeting with students")
    CONSULTATION = "consultation", _("consultation")
    MONITORING = "monitoring", _("monitoring visit")


class ReviewDecision(models.TextChoices):
    """The department head of practice's recommendation on the report (R-027, R-045)."""

    ACCEPTED = "accepted", pgettext_lazy("report review", "accepted")
    RETURNED = "returned", pgettext_lazy("report review", "returned for revision")
    # Set by the upload of a new report after a return: the head of practice reviews it again.
    RESUBMITTED = "resubmitted", pgettext_lazy("report review", "revised report awaits review")


class DocumentKind(models.TextChoices):
    """Files kept for a placement; reports, diaries and notices have a retention period (001 §7.10, O-7)."""

    REPORT = "report", _("practice report")
    REPORT_SCAN = "report_scan", _("signed and sealed report (scan)")
    DIARY_SCAN = "diary_scan", _("signed and sealed diary (scan)")
    NOTICE_SCAN = "notice_scan", _("notice of completion (scan)")
    OTHER = "other", _("other document")


class DisposalStatus(models.TextChoices):
    """Never deleted automatically (Q19): flagged for review after the retention period, disposal logged."""

    KEPT = "kept", _("kept")
    REVIEW = "review", _("due for disposal review")
    DISPOSED = "disposed", _("disposed")

"""Choice lists of graduate employment monitoring."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EmploymentStatus(models.TextChoices):
    EMPLOYED_SPECIALTY = "employed_specialty", _("employed by specialty")
    EMPLOYED_OTHER = "employed_other", _("employed not by specialty")
    OWN_BUSINESS = "own_business", _("own business / self-employed")
    CONTINUING_EDUCATION = "continuing_education", _("continuing education (master's, abroad)")
    MILITARY_SERVICE = "military_service", _("military service")
    PARENTAL_LEAVE = "parental_leave", _("parental leave")
    UNEMPLOYED_SEEKING = "unemployed_seeking", _("unemployed and seeking work")
    NOT_SEEKING = "not_seeking", _("not seeking work")
    UNKNOWN = "unknown", _("unknown")


EMPLOYED = frozenset(
    {EmploymentStatus.EMPLOYED_SPECIALTY, EmploymentStatus.EMPLOYED_OTHER, EmploymentStatus.OWN_BUSINESS}
)


OUT_OF_LABOUR_FORCE = frozenset(
    {EmploymentStatus.CONTINUING_EDUCATION, EmploymentStatus.MILITARY_SERVICE, EmploymentStatus.PARENTAL_LEAVE}
)


# Statuses that name an employer (the employer, position and salary fields apply).
WITH_EMPLOYER = EMPLOYED


class Channel(models.TextChoices):
    """How the information was obtained (000 §8.2, 003 §9)."""

    TELEPHONE = "telephone", _("telephone survey")
    MESSENGER = "messenger", _("mobile communication / messenger")
    EMAIL = "email", _("e-mail")
    DOCUMENT = "document", _("supporting document")
    SELF_REPORT = "self_report", _("graduate self-report")
    SOCIAL_NETWORK = "social_network", _("social network")
    COLLEAGUE = "colleague", _("colleague or teacher")
    OFFICIAL_EXTRACT = "official_extract", _("official extract")


# The sources a person may give a record or a contact (forms, API, imports). "Official extract" is not one of them:
# only accepting a discrepancy task (services/reconcile.py) records it (#20).
MANUAL_CHANNELS = tuple(channel for channel in Channel if channel != Channel.OFFICIAL_EXTRACT)


def manual_channel_choices() -> list[tuple[str, Any]]:
    return [(channel.value, channel.label) for channel in MANUAL_CHANNELS]


class ContactOutcome(models.TextChoices):
    REACHED = "reached", _("reached")
    NO_ANSWER = "no_answer", _("no answer")
    WRONG_NUMBER = "wrong_number", _("wrong number")
    REFUSED = "refused", _("refused to answer")


class AssistanceKind(models.TextChoices):
    NEGOTIATION = "negotiation", _("negotiation with an employer")
    REFERRAL = "referral", _("referral to a vacancy")
    CONSULTATION = "consultation", _("career consultation")
    OTHER = "other", _("other help")


class ObligationStatus(models.TextChoices):
    """State-grant work obligation (Order No. 403 of 11.08.2023; no legal logic automated)."""

    WORKING_OFF = "working_off", _("working off")
    FULFILLED = "fulfilled", _("fulfilled")
    EXEMPT = "exempt", _("exempt")
    REIMBURSING = "reimbursing", _("reimbursing the cost")
    TERMINATED = "terminated", _("terminated")


class SelfReportStatus(models.TextChoices):
    PENDING = "pending", _("pending confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


class ExtractKind(models.TextChoices):
    """The two official sources that can confirm employment (#20)."""

    CONTRACTS = "contracts", _("labour-contract extract (ESUTD)")
    CONTRIBUTIONS = "contributions", _("pension contribution extract")


class ConsentStatus(models.TextChoices):
    """A graduate's consent to checks against official registers (#20)."""

    GIVEN = "given", _("given")
    REFUSED = "refused", pgettext_lazy("consent", "refused")


class ReconciledState(models.TextChoices):
    """A graduate's state in a reconciliation with the official extracts (#20; services/reconcile.py defines them)."""

    CONFIRMED = "confirmed", _("confirmed")
    CONTRADICTED = "contradicted", _("contradicted")
    OFFICIAL_ONLY = "official_only", _("official only")
    CONSISTENT = "consistent", _("consistent")
    NOT_COVERED = "not_covered", _("not covered")


# The states that become a discrepancy task for the graduate's department.
DISCREPANT = frozenset({ReconciledState.CONTRADICTED, ReconciledState.OFFICIAL_ONLY})


class BinMatch(models.TextChoices):
    """Whether the employer's BIN of the department's record matches the official trace's (where both have one)."""

    YES = "yes", _("BIN matches")
    NO = "no", _("BIN differs")
    NOT_COMPARABLE = "not_comparable", _("not comparable")


class TaskStatus(models.TextChoices):
    """A discrepancy task: open until the department accepts the official evidence or keeps its record."""

    OPEN = "open", _("open")
    ACCEPTED = "accepted", _("official evidence accepted")
    KEPT = "kept", _("department's record kept")

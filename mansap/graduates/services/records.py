"""State changes of employment monitoring. Views, the API, commands and tests all call these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mansap.common.phones import normalize_phone
from mansap.core.models import Student
from mansap.employers.models import Organization
from mansap.graduates.choices import EMPLOYED, Channel, SelfReportStatus
from mansap.graduates.models import AssistanceAction, ContactAttempt, EmploymentRecord, GrantObligation, SelfReport


def _with_user(obj: Any, acting_user: Any) -> Any:
    obj._history_user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    return obj


@transaction.atomic
def record_employment(graduate: Student, *, acting_user: Any, **fields: Any) -> EmploymentRecord:
    """Add a record to the graduate's career history; an open record closes the one before it.

    Records are never overwritten (R-007): the open record ends the day before
    the new one starts (or on the day itself, when both start the same day). A
    record that starts before the open one must come with its own end date: it
    is a period of the past, entered after the fact.
    """
    # Lock the graduate so two people recording at once cannot both leave an open record.
    Student.objects.select_for_update().filter(pk=graduate.pk).first()
    record = EmploymentRecord(graduate=graduate, recorded_by=_recorded_by(acting_user), **fields)
    if record.organization_id and not record.employer_name:
        record.employer_name = str(record.organization)
    if record.organization_id and not record.employer_bin:
        record.employer_bin = record.organization.bin
    record.full_clean(exclude=["graduate"], validate_constraints=False)
    current = graduate.employment_records.filter(ended_on__isnull=True).first()
    if record.ended_on is None and current is not None:
        if record.started_on < current.started_on:
            raise ValidationError(
                {
                    "started_on": _(
                        "The current record started on {date}: a new one cannot start earlier. "
                        "Enter an earlier period with its end date."
                    ).format(date=current.started_on.strftime("%d.%m.%Y"))
                }
            )
        current.ended_on = max(current.started_on, record.started_on - dt.timedelta(days=1))
        _with_user(current, acting_user).save(update_fields=["ended_on", "updated_at"])
    _with_user(record, acting_user).save()
    return record


@transaction.atomic
def log_contact(graduate: Student, *, acting_user: Any, **fields: Any) -> ContactAttempt:
    attempt = ContactAttempt(graduate=graduate, recorded_by=_recorded_by(acting_user), **fields)
    attempt.full_clean(exclude=["graduate"])
    _with_user(attempt, acting_user).save()
    return attempt


def _recorded_by(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def match_organization(institution_id: int, employer_bin: str) -> Organization | None:
    """The institution's registered organization with this BIN, if there is one."""
    if not employer_bin:
        return None
    return Organization.objects.filter(institution_id=institution_id, bin=employer_bin).first()


@transaction.atomic
def add_assistance(graduate: Student, *, acting_user: Any, **fields: Any) -> AssistanceAction:
    """Note help given to a graduate (R-010)."""
    action = AssistanceAction(graduate=graduate, recorded_by=_recorded_by(acting_user), **fields)
    action.full_clean(exclude=["graduate"])
    _with_user(action, acting_user).save()
    return action


@transaction.atomic
def save_obligation(graduate: Student, *, acting_user: Any, **fields: Any) -> GrantObligation:
    """Create or update the state-grant work obligation of a grant-funded graduate."""
    from mansap.core.choices import Funding

    if graduate.funding != Funding.GRANT:
        raise ValidationError(_("Only graduates who studied on a state grant have a work obligation."))
    obligation = GrantObligation.objects.filter(graduate=graduate).first() or GrantObligation(graduate=graduate)
    for name, value in fields.items():
        setattr(obligation, name, value)
    obligation.full_clean(exclude=["graduate"])
    _with_user(obligation, acting_user).save()
    return obligation


@transaction.atomic
def confirm_self_report(report: SelfReport, *, acting_user: Any) -> EmploymentRecord:
    """Turn a graduate's pending self-report into a record (channel: self-report).

    The student's e-mail and phone are updated when the report gives them; the
    report is marked confirmed by the acting user.
    """
    report = SelfReport.objects.select_for_update().select_related("graduate").get(pk=report.pk)
    if report.review_status != SelfReportStatus.PENDING:
        raise ValidationError(_("This self-report has already been reviewed."))
    graduate = report.graduate
    fields: dict[str, Any] = {
        "status": report.status,
        "employer_name": report.employer_name,
        "employer_bin": report.employer_bin,
        "position": report.position,
        "region": report.region,
        "started_on": report.started_on or timezone.localdate(report.submitted_at),
        "salary": report.salary if report.status in EMPLOYED else None,
        "channel": Channel.SELF_REPORT,
        "collection_round": report.collection_round,
    }
    organization = match_organization(graduate.institution_id, report.employer_bin)
    if organization is not None:
        fields["organization"] = organization
    record = record_employment(graduate, acting_user=acting_user, **fields)
    changed = []
    if report.email and report.email != graduate.email:
        graduate.email = report.email
        changed.append("email")
    if report.phone:
        try:
            phone = normalize_phone(report.phone)
        except ValidationError:
            phone = ""  # an unreadable number is not worth refusing the whole report
        if phone and phone != graduate.phone:
            graduate.phone = phone
            changed.append("phone")
    if changed:
        _with_user(graduate, acting_user).save(update_fields=[*changed, "updated_at"])
    _review(report, SelfReportStatus.CONFIRMED, acting_user)
    return record


@transaction.atomic
def reject_self_report(report: SelfReport, *, acting_user: Any) -> SelfReport:
    """Mark a pending self-report rejected: nothing else changes."""
    report = SelfReport.objects.select_for_update().get(pk=report.pk)
    if report.review_status != SelfReportStatus.PENDING:
        raise ValidationError(_("This self-report has already been reviewed."))
    _review(report, SelfReportStatus.REJECTED, acting_user)
    return report


def _review(report: SelfReport, status: str, acting_user: Any) -> None:
    report.review_status = status
    report.reviewed_by = _recorded_by(acting_user)
    report.reviewed_at = timezone.now()
    report.save(update_fields=["review_status", "reviewed_by", "reviewed_at"])

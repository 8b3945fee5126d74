"""State changes of employment monitoring: records, contacts, assistance, grant obligations, self-reports.

Views, the API, commands (the import) and tests all call these, so every path applies the same rules. Each
service is atomic, takes the acting user keyword-only (None: a command acting for the institution) and
attributes the history rows it causes to them (common.history.attributed). Who may write for a graduate is
decided before a service is called (the views fetch the graduate for change through core.access; the API's
serializers offer only graduates the user may change); the services check once more that the acting user's
office records employment at all (core.access.can_record_employment: not the Registrar's Office).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Any, Final

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.common.phones import normalize_phone
from mansap.core.access import can_record_employment
from mansap.core.choices import Funding
from mansap.core.models import Student, User
from mansap.employers.models import Organization
from mansap.graduates.choices import EMPLOYED, Channel, SelfReportStatus
from mansap.graduates.models import (
    AssistanceAction,
    CollectionRound,
    ContactAttempt,
    EmploymentRecord,
    GrantObligation,
    SelfReport,
)

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser


class _Keep(enum.Enum):
    KEEP = "keep"


# save_obligation's "leave this field as it is" (None is a value: it clears a date or the organization).
KEEP: Final = _Keep.KEEP


def require_recorder(acting_user: MaybeUser, graduate: Student) -> None:
    """PermissionDenied unless the acting user records this graduate's employment (no user: a command)."""
    if acting_user is not None and not can_record_employment(acting_user, graduate):
        raise PermissionDenied


def recorded_by(acting_user: MaybeUser) -> User | None:
    """The account to name as the author of a row: the acting user, unless nobody or an anonymous visitor."""
    return acting_user if isinstance(acting_user, User) and acting_user.is_authenticated else None


@transaction.atomic
def record_employment(
    graduate: Student,
    *,
    acting_user: MaybeUser,
    status: str,
    started_on: dt.date,
    channel: str,
    ended_on: dt.date | None = None,
    organization: Organization | None = None,
    organization_id: int | None = None,
    employer_name: str = "",
    employer_bin: str = "",
    position: str = "",
    region: str = "",
    region_text: str = "",
    sector: str = "",
    salary: int | None = None,
    study_level: str = "",
    evidence: File | None = None,
    note: str = "",
    collection_round: CollectionRound | None = None,
    import_key: str = "",
    corrects: EmploymentRecord | None = None,
) -> EmploymentRecord:
    """Add a record to the graduate's career history; an open record closes the one before it.

    Records are never overwritten (R-007): the open record ends the day before
    the new one starts (or on the day itself, when both start the same day). A
    record that starts before the open one must come with its own end date: it
    is a period of the past, entered after the fact.

    The employer is a registered `organization` (or its `organization_id`, which is all the import
    knows), else `employer_name` and `employer_bin` as written; a registered organization fills in the
    name and BIN left empty. `import_key` identifies a row of an imported file (services/imports.py).
    `corrects` names the voided record this one replaces (correct_record).
    """
    require_recorder(acting_user, graduate)
    # Lock the graduate so two people recording at once cannot both leave an open record.
    Student.objects.select_for_update().filter(pk=graduate.pk).first()
    record = EmploymentRecord(
        graduate=graduate,
        recorded_by=recorded_by(acting_user),
        status=status,
        started_on=started_on,
        ended_on=ended_on,
        channel=channel,
        employer_name=employer_name,
        employer_bin=employer_bin,
        position=position,
        region=region,
        region_text=region_text,
        sector=sector,
        salary=salary,
        study_level=study_level,
        note=note,
        collection_round=collection_round,
        import_key=import_key,
        corrects=corrects,
    )
    if organization is not None:
        record.organization = organization
    elif organization_id is not None:
        record.organization_id = organization_id
    if evidence:
        record.evidence = evidence
    if record.organization_id and not (employer_name and employer_bin):
        # A registered employer fills in the name and BIN left empty (a query only when just its id is known).
        registered = record.organization
        if registered is not None:
            record.employer_name = employer_name or str(registered)
            record.employer_bin = employer_bin or registered.bin
    record.full_clean(exclude=["graduate"], validate_constraints=False)
    open_record = EmploymentRecord.objects.filter(graduate=graduate).open().first()
    closed = open_record if record.ended_on is None else None
    if closed is not None:
        if record.started_on < closed.started_on:
            raise ValidationError(
                {
                    "started_on": _(
                        "The current record started on {date}: a new one cannot start earlier. "
                        "Enter an earlier period with its end date."
                    ).format(date=closed.started_on.strftime("%d.%m.%Y"))
                }
            )
        closed.ended_on = max(closed.started_on, record.started_on - dt.timedelta(days=1))
        attributed(closed, acting_user).save(update_fields=["ended_on", "updated_at"])
    attributed(record, acting_user).save()
    if closed is not None:
        # Which record closed it, so that voiding that record can reopen this one (void_record).
        EmploymentRecord.objects.filter(pk=closed.pk).update(closed_by=record)
    return record


def _void_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"void_reason": _("Give the reason: a record is voided only with a reason.")})
    return reason


@transaction.atomic
def void_record(record: EmploymentRecord, *, acting_user: MaybeUser, reason: str) -> EmploymentRecord:
    """Void a wrong record: it stays in the career history, struck through, and counts for nothing.

    Nothing is deleted (R-007): the record keeps every value and gains who voided it, when and why (its
    history page shows the change). When the record had closed an earlier one, that one gets back the end
    it had before (none, if the voided record was the open one): the wrong record never happened.
    """
    reason = _void_reason(reason)
    Student.objects.select_for_update().filter(pk=record.graduate_id).first()
    record = EmploymentRecord.objects.get(pk=record.pk)
    if record.voided_at is not None:
        raise ValidationError(_("This record has already been voided."))
    record.voided_at = timezone.now()
    record.voided_by = recorded_by(acting_user)
    record.void_reason = reason
    attributed(record, acting_user).save(update_fields=["voided_at", "voided_by", "void_reason", "updated_at"])
    for closed in EmploymentRecord.objects.valid().filter(closed_by=record):
        closed.ended_on = record.ended_on
        closed.closed_by = record.closed_by
        attributed(closed, acting_user).save(update_fields=["ended_on", "closed_by", "updated_at"])
    return record


@transaction.atomic
def correct_record(record: EmploymentRecord, *, acting_user: MaybeUser, reason: str, **fields: Any) -> EmploymentRecord:
    """Replace a wrong record: void it with the reason and add the right one, which names it (`corrects`).

    `fields` are record_employment's. Both happen or neither: an invalid new record leaves the old one valid.
    """
    voided = void_record(record, acting_user=acting_user, reason=reason)
    return record_employment(voided.graduate, acting_user=acting_user, corrects=voided, **fields)


@transaction.atomic
def log_contact(
    graduate: Student,
    *,
    acting_user: MaybeUser,
    contacted_on: dt.date,
    channel: str,
    outcome: str,
    note: str = "",
) -> ContactAttempt:
    """Note an attempt to reach a graduate and how it went (R-009); a reached graduate counts as updated."""
    require_recorder(acting_user, graduate)
    attempt = ContactAttempt(
        graduate=graduate,
        recorded_by=recorded_by(acting_user),
        contacted_on=contacted_on,
        channel=channel,
        outcome=outcome,
        note=note,
    )
    attempt.full_clean(exclude=["graduate"])
    attributed(attempt, acting_user).save()
    return attempt


def match_organization(institution_id: int, employer_bin: str) -> Organization | None:
    """The institution's registered organization with this BIN, if there is one."""
    if not employer_bin:
        return None
    return Organization.objects.filter(institution_id=institution_id, bin=employer_bin).first()


@transaction.atomic
def add_assistance(
    graduate: Student,
    *,
    acting_user: MaybeUser,
    happened_on: dt.date,
    kind: str,
    description: str,
    organization: Organization | None = None,
) -> AssistanceAction:
    """Note help given to a graduate (R-010)."""
    require_recorder(acting_user, graduate)
    action = AssistanceAction(
        graduate=graduate,
        recorded_by=recorded_by(acting_user),
        happened_on=happened_on,
        kind=kind,
        description=description,
        organization=organization,
    )
    action.full_clean(exclude=["graduate"])
    attributed(action, acting_user).save()
    return action


@transaction.atomic
def save_obligation(
    graduate: Student,
    *,
    acting_user: MaybeUser,
    referral_organization: Organization | _Keep | None = KEEP,
    referral_place: str | _Keep = KEEP,
    referral_date: dt.date | _Keep | None = KEEP,
    arrival_confirmed_on: dt.date | _Keep | None = KEEP,
    status: str | _Keep = KEEP,
    status_since: dt.date | _Keep | None = KEEP,
    ends_on: dt.date | _Keep | None = KEEP,
    note: str | _Keep = KEEP,
) -> GrantObligation:
    """Create or update the state-grant work obligation of a grant-funded graduate.

    Only the fields given change (the form gives them all; KEEP, the default, leaves a field as it is).
    """
    require_recorder(acting_user, graduate)
    if graduate.funding != Funding.GRANT:
        raise ValidationError(_("Only graduates who studied on a state grant have a work obligation."))
    obligation = GrantObligation.objects.filter(graduate=graduate).first() or GrantObligation(graduate=graduate)
    changes: dict[str, Any] = {
        "referral_organization": referral_organization,
        "referral_place": referral_place,
        "referral_date": referral_date,
        "arrival_confirmed_on": arrival_confirmed_on,
        "status": status,
        "status_since": status_since,
        "ends_on": ends_on,
        "note": note,
    }
    for name, value in changes.items():
        if value is not KEEP:
            setattr(obligation, name, value)
    obligation.full_clean(exclude=["graduate"])
    attributed(obligation, acting_user).save()
    return obligation


@transaction.atomic
def confirm_self_report(report: SelfReport, *, acting_user: MaybeUser) -> EmploymentRecord:
    """Turn a graduate's pending self-report into a record (channel: self-report).

    The student's e-mail and phone are updated when the report gives them; the
    report is marked confirmed by the acting user.
    """
    report = SelfReport.objects.select_for_update().select_related("graduate").get(pk=report.pk)
    if report.review_status != SelfReportStatus.PENDING:
        raise ValidationError(_("This self-report has already been reviewed."))
    graduate = report.graduate
    record = record_employment(
        graduate,
        acting_user=acting_user,
        status=report.status,
        employer_name=report.employer_name,
        employer_bin=report.employer_bin,
        organization=match_organization(graduate.institution_id, report.employer_bin),
        position=report.position,
        region=report.region,
        started_on=report.started_on or timezone.localdate(report.submitted_at),
        salary=report.salary if report.status in EMPLOYED else None,
        channel=Channel.SELF_REPORT,
        collection_round=report.collection_round,
    )
    report.record = record
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
        attributed(graduate, acting_user).save(update_fields=[*changed, "updated_at"])
    _review(report, SelfReportStatus.CONFIRMED, acting_user, extra=["record"])
    return record


@transaction.atomic
def reject_self_report(report: SelfReport, *, acting_user: MaybeUser, reason: str) -> SelfReport:
    """Mark a pending self-report rejected, with the reason; it is kept, and nothing else changes."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for rejecting the self-report.")})
    report = SelfReport.objects.select_for_update().get(pk=report.pk)
    if report.review_status != SelfReportStatus.PENDING:
        raise ValidationError(_("This self-report has already been reviewed."))
    report.review_note = reason[:500]
    _review(report, SelfReportStatus.REJECTED, acting_user, extra=["review_note"])
    return report


def _review(report: SelfReport, status: str, acting_user: MaybeUser, *, extra: list[str]) -> None:
    # SelfReport keeps no history: who reviewed it, when (and why it was rejected) is on the row itself.
    report.review_status = status
    report.reviewed_by = recorded_by(acting_user)
    report.reviewed_at = timezone.now()
    report.save(update_fields=["review_status", "reviewed_by", "reviewed_at", *extra])

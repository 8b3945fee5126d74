"""Career events (R-053, R-056): registrations and invitations.

Every state change goes through a function here, so the pages and the API apply the same rules:

- `register_student` / `register_organization` / `cancel_registration` / `set_attendance`;
- `invite` creates EventInvitation rows and e-mails them in each recipient's language once committed.

Who may do what is core.access: an editor of the event is who may change it (`user_can_change`); inviting
and registering companies is the Career Center's (`is_career_center(user, event)`).

The month grid and the .ics files are the read side: mansap.employers.reports.events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mansap.common.mail import localized_message, recipient_language, send_messages_on_commit
from mansap.core.access import is_career_center, user_can_change
from mansap.core.models import Department, EducationalProgram, Student
from mansap.core.models.base import translated
from mansap.employers.choices import RegistrationStatus
from mansap.employers.models import CareerEvent, EventInvitation, EventRegistration, Organization

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from mansap.core.models import User


def _event_for_update(event: CareerEvent) -> CareerEvent:
    """The event row locked for the rest of the transaction (capacity and booths are checked under it)."""
    return CareerEvent.objects.select_for_update().get(pk=event.pk)


def active_student_count(event: CareerEvent) -> int:
    return event.registrations.filter(status=RegistrationStatus.REGISTERED, student__isnull=False).count()


def places_left(event: CareerEvent) -> int | None:
    if event.capacity is None:
        return None
    return max(event.capacity - active_student_count(event), 0)


# ---- Registrations ----------------------------------------------------------------------------------------------
@transaction.atomic
def register_student(
    event: CareerEvent,
    student: Student,
    *,
    now: dt.datetime | None = None,
    acting_user: User | AnonymousUser | None = None,
) -> EventRegistration:
    """Registers a student or graduate (a cancelled registration is renewed); refuses when full or closed.

    Students register themselves: an acting user must be the student's login (none: the demo, a command).
    """
    if acting_user is not None and student.user_id != acting_user.pk:
        raise PermissionDenied
    now = now or timezone.now()
    locked = _event_for_update(event)
    if student.institution_id != locked.institution_id:
        raise ValidationError(_("The event belongs to another institution."))
    existing = locked.registrations.filter(student=student).first()
    if existing is not None and existing.is_active:
        raise ValidationError(_("You are already registered for this event."))
    if not locked.registration_open:
        raise ValidationError(_("Registration for this event is closed."))
    if locked.ends_at <= now:
        raise ValidationError(_("The event is over."))
    left = places_left(locked)
    if left is not None and left <= 0:
        raise ValidationError(_("The event is full: all {capacity} places are taken.").format(capacity=locked.capacity))
    if existing is not None:
        existing.status = RegistrationStatus.REGISTERED
        existing.registered_at = now
        existing.save(update_fields=["status", "registered_at"])
        return existing
    try:
        with transaction.atomic():
            return EventRegistration.objects.create(event=locked, student=student, registered_at=now)
    except IntegrityError as exc:  # a second click that raced the first
        raise ValidationError(_("You are already registered for this event.")) from exc


@transaction.atomic
def register_organization(
    event: CareerEvent, organization: Organization, booth_number: str = "", *, acting_user: User
) -> EventRegistration:
    """Registers a company for the event (a fair: with its booth); also lists it among the participants."""
    if not is_career_center(acting_user, event):
        raise PermissionDenied
    booth = booth_number.strip()
    locked = _event_for_update(event)
    if organization.institution_id != locked.institution_id:
        raise ValidationError(_("The organization belongs to another institution."))
    registration = locked.registrations.filter(organization=organization).first()
    if booth:
        taken = locked.registrations.filter(booth_number=booth)
        if registration is not None:
            taken = taken.exclude(pk=registration.pk)
        holder = taken.select_related("organization").first()
        if holder is not None:
            raise ValidationError(
                {"booth_number": _("Booth {booth} is already taken by {holder}.").format(
                    booth=booth, holder=holder.participant
                )}
            )  # fmt: skip
    if registration is None:
        registration = EventRegistration(event=locked, organization=organization)
    elif registration.is_active and registration.booth_number == booth:
        raise ValidationError(_("This organization is already registered for the event."))
    registration.booth_number = booth
    registration.status = RegistrationStatus.REGISTERED
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:
        raise ValidationError({"booth_number": _("This booth is already taken at the event.")}) from exc
    locked.organizations.add(organization)
    return registration


def can_cancel(user: User | AnonymousUser, registration: EventRegistration) -> bool:
    """The student cancels their own registration; an editor of the event cancels any."""
    student = registration.student if registration.student_id else None
    own = student is not None and student.user_id == user.pk
    return own or user_can_change(user, registration.event)


@transaction.atomic
def cancel_registration(registration: EventRegistration, *, acting_user: User) -> EventRegistration:
    """Cancels a registration (the student's own, or any by an editor of the event); a booth is freed."""
    if not can_cancel(acting_user, registration):
        raise PermissionDenied
    if not registration.is_active:
        raise ValidationError(_("The registration is already cancelled."))
    registration.status = RegistrationStatus.CANCELLED
    registration.booth_number = ""
    registration.attended = False
    registration.save(update_fields=["status", "booth_number", "attended"])
    return registration


@transaction.atomic
def set_attendance(registration: EventRegistration, attended: bool, *, acting_user: User) -> EventRegistration:
    """An editor of the event marks whether a registered participant came."""
    if not user_can_change(acting_user, registration.event):
        raise PermissionDenied
    if not registration.is_active:
        raise ValidationError(_("A cancelled registration cannot be marked as attended."))
    registration.attended = attended
    registration.save(update_fields=["attended"])
    return registration


# ---- Invitations ------------------------------------------------------------------------------------------------
@dataclass
class InvitationResult:
    created: int = 0
    sent: int = 0
    already_invited: int = 0
    without_email: list[str] = field(default_factory=list)


def _language(student: Student | None) -> str:
    """The language of the student's account, else the deployment's (an organization has no account)."""
    return recipient_language(student.user if student is not None and student.user_id else None)


def _student_email(student: Student) -> str:
    return student.email or (student.user.email if student.user_id and student.user else "")


def invitation_message(event: CareerEvent, language: str, to: str, base_url: str = "") -> EmailMessage:
    """The invitation e-mail, written in `language`."""

    def subject() -> str:
        return _("Invitation: {title}").format(title=translated(event, "title", language))

    def body() -> str:
        local = timezone.localtime(event.starts_at)
        title = translated(event, "title", language)
        lines = [
            _("You are invited to the event “{title}” ({kind}).").format(title=title, kind=event.get_kind_display()),
            _("When: {date}, {time}").format(date=date_format(local, "DATE_FORMAT"), time=local.strftime("%H:%M")),
        ]
        if event.location:
            lines.append(_("Where: {location}").format(location=event.location))
        if event.online_url:
            lines.append(_("Online: {url}").format(url=event.online_url))
        if event.description:
            lines += ["", event.description]
        if base_url:
            lines += ["", _("Details and registration: {url}").format(url=base_url + event.get_absolute_url())]
        return "\n".join(lines)

    return localized_message(to, language, subject=subject, body=body)


def audience_students(
    event: CareerEvent,
    *,
    programs: Iterable[EducationalProgram] = (),
    departments: Iterable[Department] = (),
    graduation_year: int | None = None,
) -> models.QuerySet[Student]:
    """Students of the programs or departments, and graduates of the year, of the event's institution."""
    q = Q()
    program_ids = [p.pk for p in programs]
    department_ids = [d.pk for d in departments]
    if program_ids:
        q |= Q(program_id__in=program_ids)
    if department_ids:
        q |= Q(program__department_id__in=department_ids)
    if graduation_year:
        q |= Q(graduation_date__year=graduation_year)
    if not q:
        return Student.objects.none()
    return Student.objects.filter(q, institution_id=event.institution_id).select_related("user")


@transaction.atomic
def invite(
    event: CareerEvent,
    *,
    acting_user: User,
    programs: Iterable[EducationalProgram] = (),
    departments: Iterable[Department] = (),
    graduation_year: int | None = None,
    organizations: Iterable[Organization] = (),
    base_url: str = "",
    now: dt.datetime | None = None,
) -> InvitationResult:
    """Invites the audiences: one EventInvitation per new recipient, e-mailed in the recipient's language.

    Recipients invited before are skipped; a recipient without an e-mail address gets a row without sent_at.
    The e-mails leave in one batch once the rows are committed.
    """
    if not is_career_center(acting_user, event):
        raise PermissionDenied
    now = now or timezone.now()
    result = InvitationResult()
    students = list(
        audience_students(event, programs=programs, departments=departments, graduation_year=graduation_year)
    )
    orgs = [o for o in organizations if o.institution_id == event.institution_id]
    invited_students = set(event.invitations.filter(student__in=students).values_list("student_id", flat=True))
    invited_orgs = set(event.invitations.filter(organization__in=orgs).values_list("organization_id", flat=True))
    pending: list[tuple[EventInvitation, str]] = []
    for student in students:
        if student.pk in invited_students:
            result.already_invited += 1
            continue
        pending.append(
            (
                EventInvitation(event=event, student=student, language=_language(student)),
                _student_email(student),
            )
        )
    for org in orgs:
        if org.pk in invited_orgs:
            result.already_invited += 1
            continue
        pending.append((EventInvitation(event=event, organization=org, language=_language(None)), org.email))
    messages: list[EmailMessage] = []
    for invitation, email in pending:
        invitation.email = email
        if email:
            invitation.sent_at = now
            messages.append(invitation_message(event, invitation.language, email, base_url))
        else:
            who = invitation.student or invitation.organization
            result.without_email.append(str(who.full_name if isinstance(who, Student) else who))
    EventInvitation.objects.bulk_create([invitation for invitation, _email in pending])
    send_messages_on_commit(messages)
    result.created = len(pending)
    result.sent = len(messages)
    return result

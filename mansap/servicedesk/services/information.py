"""Requests for information to other units (R-131): the desk asks, the unit answers, the desk reads the answer.

- `ask_unit`: the desk (SERVICE_DESK_STAFF) asks one department or one dean's office of its institution for a
  document or a fact, due `due_days` working days later (services.calendar, the institution's calendar: the
  close of that working day); the unit's people are e-mailed, each in their own interface language.
- `answer_info_request`: a read-write member of the addressed unit answers with a text and an optional file
  (at most MAX_FILE_BYTES); the desk member who asked is e-mailed in their language.
- `cancel_info_request`: the desk withdraws an open request.
Every refusal is a translated ValidationError naming the field; nothing changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.common.links import site_url
from mansap.common.mail import recipient_language, send_localized
from mansap.core.access import CHANGE, is_service_desk_staff, memberships_for
from mansap.core.choices import Role
from mansap.core.models import Department, Faculty, Institution, Membership
from mansap.servicedesk.models import InfoRequest, InfoRequestStatus, ServiceRequest
from mansap.servicedesk.services import calendar

MAX_DUE_DAYS = 60
MAX_FILE_BYTES = 10 * 1024 * 1024


def _require_desk(acting_user: Any, institution: Institution) -> None:
    if acting_user is None or acting_user.is_superuser:
        return
    if not is_service_desk_staff(acting_user) or not any(
        m.institution_id == institution.pk for m in memberships_for(acting_user, CHANGE)
    ):
        raise PermissionDenied


def answers_for(user: Any, info: InfoRequest) -> bool:
    """Whether the user answers for the addressed unit: a read-write member of that department or dean's office
    (or a superuser)."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    for m in memberships_for(user, CHANGE):
        if info.department_id and m.role == Role.DEPARTMENT and m.department_id == info.department_id:
            return True
        if info.faculty_id and m.role == Role.DEAN and m.faculty_id == info.faculty_id:
            return True
    return False


def unit_people(info: InfoRequest) -> list[Any]:
    """The accounts of the addressed unit's members (with an e-mail address)."""
    memberships = Membership.objects.filter(institution_id=info.institution_id).select_related("user")
    if info.department_id:
        memberships = memberships.filter(role=Role.DEPARTMENT, department_id=info.department_id)
    else:
        memberships = memberships.filter(role=Role.DEAN, faculty_id=info.faculty_id or 0)
    people = {m.user_id: m.user for m in memberships if m.user.is_active and m.user.email}
    return [people[key] for key in sorted(people)]


def _mail(user: Any, info: InfoRequest, template: str, subject: Any) -> None:
    send_localized(
        user.email, recipient_language(user), subject=subject, template=template,
        context={"info": info, "url": site_url(info.get_absolute_url())},
    )  # fmt: skip


def find_unit(
    institution: Institution, *, faculty: int | None = None, department: int | None = None
) -> dict[str, Faculty | Department]:
    """The unit the desk asks, by id, within its institution: {"faculty": …} (its dean's office) and/or
    {"department": …}, as `ask_unit` takes them. An id of no unit of the institution is refused naming its field
    (code unknown_faculty / unknown_department); the page's form and the API both look units up here."""
    unit: dict[str, Faculty | Department] = {}
    errors: dict[str, ValidationError] = {}
    lookups: tuple[tuple[str, int | None, Any, str, str], ...] = (
        ("faculty", faculty, Faculty.objects.filter(institution=institution), _("No such dean's office."),
         "unknown_faculty"),
        ("department", department, Department.objects.filter(faculty__institution=institution),
         _("No such department."), "unknown_department"),
    )  # fmt: skip
    for name, pk, units, message, code in lookups:
        if pk:
            found = units.filter(pk=pk).first()
            if found is None:
                errors[name] = ValidationError(message, code=code)
            else:
                unit[name] = found
    if errors:
        raise ValidationError(errors)
    return unit


@transaction.atomic
def ask_unit(
    *,
    institution: Institution,
    subject: str,
    due_days: int,
    acting_user: Any,
    faculty: Faculty | None = None,
    department: Department | None = None,
    text: str = "",
    request: ServiceRequest | None = None,
    now: dt.datetime | None = None,
) -> InfoRequest:
    """Ask a department or a dean's office (exactly one) for something by a due date in working days."""
    _require_desk(acting_user, institution)
    errors: dict[str, str] = {}
    subject, text = (subject or "").strip(), (text or "").strip()
    if not subject:
        errors["subject"] = _("Say what you ask for.")
    if (faculty is None) == (department is None):
        errors["unit"] = _("Address the request to one department or one dean's office.")
    elif department is not None and department.faculty.institution_id != institution.pk:
        errors["unit"] = _("The department belongs to another institution.")
    elif faculty is not None and faculty.institution_id != institution.pk:
        errors["unit"] = _("The faculty belongs to another institution.")
    if not isinstance(due_days, int) or not 1 <= due_days <= MAX_DUE_DAYS:
        errors["due_days"] = _("Give the due time as 1 to {days} working days.").format(days=MAX_DUE_DAYS)
    if request is not None and request.institution_id != institution.pk:
        errors["request"] = _("The request belongs to another institution.")
    if errors:
        raise ValidationError(errors, code="invalid")
    asked = now or timezone.now()
    info = InfoRequest(
        institution=institution, faculty=faculty, department=department, subject=subject[:300], text=text[:5000],
        due_days=due_days, asked_at=asked, due_at=calendar.add_working_days(asked, due_days, institution=institution),
        asked_by=acting_user if getattr(acting_user, "is_authenticated", False) else None, request=request,
    )  # fmt: skip
    attributed(info, acting_user).save()

    def subject_line() -> str:
        return _("Request for information from the service desk: {subject}").format(subject=info.subject)

    for person in unit_people(info):
        _mail(person, info, "servicedesk/email/info_request.txt", subject_line)
    return info


def _locked(info: InfoRequest) -> InfoRequest:
    return InfoRequest.objects.select_for_update(of=("self",)).select_related("asked_by").get(pk=info.pk)


@transaction.atomic
def answer_info_request(info: InfoRequest, *, answer: str, acting_user: Any, file: Any = None) -> InfoRequest:
    """The unit's answer: a text and an optional file."""
    if acting_user is not None and not answers_for(acting_user, info):
        raise PermissionDenied
    info = _locked(info)
    if info.status != InfoRequestStatus.OPEN:
        raise ValidationError(
            _("This request is {status}: it cannot be answered.").format(status=info.get_status_display()),
            code="not_open",
        )
    answer = (answer or "").strip()
    errors: dict[str, str] = {}
    if not answer:
        errors["answer"] = _("Write the answer.")
    if file is not None and getattr(file, "size", 0) > MAX_FILE_BYTES:
        errors["file"] = _("The file is larger than 10 MB.")
    if errors:
        raise ValidationError(errors, code="invalid")
    info.answer, info.status = answer[:5000], InfoRequestStatus.ANSWERED
    info.answered_at = timezone.now()
    info.answered_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    if file is not None:
        info.answer_file.save(file.name.rsplit("/", 1)[-1][:100], file, save=False)
    attributed(info, acting_user).save()
    asker = info.asked_by
    if asker is not None and asker.email and asker.is_active:

        def answered() -> str:
            return _("The answer to your request for information: {subject}").format(subject=info.subject)

        _mail(asker, info, "servicedesk/email/info_answer.txt", answered)
    return info


@transaction.atomic
def cancel_info_request(info: InfoRequest, *, acting_user: Any) -> InfoRequest:
    _require_desk(acting_user, info.institution)
    info = _locked(info)
    if info.status != InfoRequestStatus.OPEN:
        raise ValidationError(
            _("This request is {status}: it cannot be cancelled.").format(status=info.get_status_display()),
            code="not_open",
        )
    info.status = InfoRequestStatus.CANCELLED
    attributed(info, acting_user).save()
    return info

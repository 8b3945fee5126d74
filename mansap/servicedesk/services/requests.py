"""Requests to the desk and their life: submitted → in_progress → ready → issued; refused (with grounds) or
cancelled; waiting_for_student pauses the clock.

The due date is `calendar.add_working_days(received_at, service.sla_days)`: the close of the university's working
day. Waiting for the student pauses it: on resuming, the due date moves by the working time spent waiting
(`calendar.working_time_between`, `calendar.add_working_time`). Each function refuses a step the status does not
allow with a translated error (code `illegal_transition`), records a RequestEvent (who, when) and e-mails the
student in the request's language after commit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mansap.common.history import attributed
from mansap.common.links import site_url
from mansap.common.mail import send_localized
from mansap.core.access import CHANGE, SERVICE_DESK_STAFF, is_service_desk_staff, memberships_for
from mansap.core.models import Institution, Student
from mansap.servicedesk.choices import OPEN_STATUSES, Channel, Language, RequestStatus
from mansap.servicedesk.models import IssuedDocument, RequestEvent, Service, ServiceRequest
from mansap.servicedesk.services import calendar, graduate_links
from mansap.servicedesk.services.catalogue import check_eligible, clean_answers
from mansap.servicedesk.services.documents import issue_document
from mansap.studentbody.choices import OrderType
from mansap.studentbody.services import orders as contingent_orders

S = RequestStatus

# Which statuses each step starts from.
STEPS: dict[str, tuple[str, ...]] = {
    "take": (S.SUBMITTED, S.IN_PROGRESS),
    "assign": OPEN_STATUSES,
    "wait": (S.SUBMITTED, S.IN_PROGRESS),
    "resume": (S.WAITING,),
    "approve": (S.SUBMITTED, S.IN_PROGRESS),
    "ready": (S.IN_PROGRESS,),
    "issue": (S.IN_PROGRESS, S.READY),
    "refuse": OPEN_STATUSES,
    "cancel": OPEN_STATUSES,
}
STEP_NAMES = {
    "take": gettext_lazy("taken into work"),
    "assign": gettext_lazy("assigned"),
    "wait": gettext_lazy("put on hold for the student"),
    "resume": gettext_lazy("resumed"),
    "approve": gettext_lazy("approved"),
    "ready": gettext_lazy("marked ready"),
    "issue": gettext_lazy("issued"),
    "refuse": gettext_lazy("refused"),
    "cancel": gettext_lazy("cancelled"),
}


def allowed(request: ServiceRequest, step: str) -> bool:
    return request.status in STEPS[step]


def _check(request: ServiceRequest, step: str) -> None:
    if not allowed(request, step):
        raise ValidationError(
            _("Request {number} is {status}: it cannot be {step}.").format(
                number=request.receipt_number, status=request.get_status_display(), step=STEP_NAMES[step]
            ),
            code="illegal_transition",
        )


def _require_desk(acting_user: Any) -> None:
    if acting_user is not None and not is_service_desk_staff(acting_user):
        raise PermissionDenied


def _works_at_desk_of(user: Any, institution_id: int) -> bool:
    """A read-write member of the desk of this institution: another university's registrar is no clerk here."""
    return any(
        m.role in SERVICE_DESK_STAFF and m.institution_id == institution_id for m in memberships_for(user, CHANGE)
    )


def _next_sequence(institution: Institution, year: int) -> int:
    Institution.objects.select_for_update().filter(pk=institution.pk).exists()
    top = ServiceRequest.objects.filter(institution=institution, year=year).aggregate(top=Max("sequence"))["top"]
    return (top or 0) + 1


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _event(request: ServiceRequest, from_status: str, acting_user: Any, note: str = "") -> None:
    RequestEvent.objects.create(
        request=request, from_status=from_status, to_status=request.status, by=_user(acting_user), note=note
    )


def _recipient(request: ServiceRequest) -> str:
    student = request.student
    return student.email or (student.user.email if student.user_id and student.user else "")


def notify(request: ServiceRequest) -> None:
    """E-mail the student about the request's status, in the request's language, once the change is committed.

    A graduate without an account follows the request through a new signed link (graduate_links), not a login."""
    to = _recipient(request)
    if not to:
        return
    if graduate_links.uses_link(request.student):
        url = graduate_links.request_url(request)
    else:
        url = site_url(request.get_absolute_url())

    def subject() -> str:
        return _("Your request {number}: {status}").format(
            number=request.receipt_number, status=request.get_status_display()
        )

    send_localized(
        to,
        request.language,
        subject=subject,
        template="servicedesk/email/request_status.txt",
        context={"request": request, "url": url},
    )


def _save(request: ServiceRequest, from_status: str, acting_user: Any, *, note: str = "", mail: bool = True) -> None:
    attributed(request, acting_user).save()
    _event(request, from_status, acting_user, note)
    if mail and request.status != from_status:
        notify(request)


@transaction.atomic
def submit_request(
    service: Service,
    student: Student,
    *,
    answers: dict[str, Any] | None = None,
    language: str = Language.KAZAKH,
    channel: str = Channel.SELF_SERVICE,
    acting_user: Any,
    received_at: Any = None,
    mail: bool = True,
) -> ServiceRequest:
    """A new request (a receipt number of the institution's year, the due date from the SLA); a student submits
    their own, the desk anyone's (channel desk for a walk-in visitor); a graduate without an account through the
    desk's signed link (acting_user None, channel graduate_link)."""
    if acting_user is not None and not is_service_desk_staff(acting_user):
        if getattr(student, "user_id", None) != acting_user.pk:
            raise PermissionDenied
        channel = Channel.SELF_SERVICE
    if language not in Language.values:
        raise ValidationError(_("Choose Kazakh, Russian or English."), code="bad_language")
    check_eligible(service, student)
    cleaned = clean_answers(service, answers or {})
    received = received_at or timezone.now()
    year = timezone.localtime(received).year
    sequence = _next_sequence(student.institution, year)
    request = ServiceRequest(
        institution=student.institution, service=service, student=student, channel=channel, year=year,
        sequence=sequence, receipt_number=f"{year}-{sequence:05d}", answers=cleaned, language=language,
        received_at=received, due_at=calendar.add_working_days(received, service.sla_days),
        submitted_by=_user(acting_user),
    )  # fmt: skip
    _save(request, "", acting_user, mail=False)
    if mail:
        notify(request)
    return request


@transaction.atomic
def self_issue(
    service: Service, student: Student, *, answers: dict[str, Any] | None = None, language: str, acting_user: Any
) -> tuple[ServiceRequest, IssuedDocument]:
    """A service with instant self-issue: the request is issued at once, with its document, no clerk."""
    if not service.instant:
        raise ValidationError(_("This service is not issued at once: submit a request."), code="not_instant")
    request = submit_request(service, student, answers=answers, language=language, acting_user=acting_user, mail=False)
    document = issue_document(service, student, language=language, acting_user=acting_user, request=request)
    from_status = request.status
    request.status, request.closed_at = S.ISSUED, timezone.now()
    _save(request, from_status, acting_user, note=document.number)
    return request, document


def _locked(request: ServiceRequest) -> ServiceRequest:
    return ServiceRequest.objects.select_for_update().select_related("service", "student").get(pk=request.pk)


@transaction.atomic
def take(request: ServiceRequest, *, acting_user: Any) -> ServiceRequest:
    _require_desk(acting_user)
    request = _locked(request)
    _check(request, "take")
    from_status = request.status
    request.status, request.assigned_to = S.IN_PROGRESS, _user(acting_user)
    _save(request, from_status, acting_user)
    return request


@transaction.atomic
def assign(request: ServiceRequest, clerk: Any, *, acting_user: Any) -> ServiceRequest:
    _require_desk(acting_user)
    request = _locked(request)
    _check(request, "assign")
    if clerk is not None and not _works_at_desk_of(clerk, request.institution_id):
        refusal = ValidationError(_("This person does not work at the service desk."), code="not_desk_staff")
        raise ValidationError({"clerk": refusal})
    request.assigned_to = clerk
    _save(request, request.status, acting_user, note=clerk.display_name if clerk else "")
    return request


@transaction.atomic
def wait_for_student(request: ServiceRequest, *, note: str = "", acting_user: Any, at: Any = None) -> ServiceRequest:
    """Pause the clock: the request waits for the student (a missing paper, a signature)."""
    _require_desk(acting_user)
    request = _locked(request)
    _check(request, "wait")
    from_status = request.status
    request.status, request.paused_at = S.WAITING, at or timezone.now()
    _save(request, from_status, acting_user, note=note)
    return request


@transaction.atomic
def resume(request: ServiceRequest, *, acting_user: Any, at: Any = None) -> ServiceRequest:
    """The student answered: the clock runs again and the due date moves by the working time spent waiting."""
    _require_desk(acting_user)
    request = _locked(request)
    _check(request, "resume")
    now = at or timezone.now()
    waited = calendar.working_time_between(request.paused_at or now, now)
    if waited:
        request.due_at = calendar.add_working_time(request.due_at, waited)
    request.status, request.paused_at = S.IN_PROGRESS, None
    _save(request, S.WAITING, acting_user)
    return request


@transaction.atomic
def approve(request: ServiceRequest, *, acting_user: Any) -> ServiceRequest:
    _require_desk(acting_user)
    request = _locked(request)
    _check(request, "approve")
    if not request.service.needs_approval or request.approved_at:
        raise ValidationError(_("This request needs no approval."), code="no_approval")
    request.approved_at, request.approved_by = timezone.now(), _user(acting_user)
    request.order = draft_order(request, acting_user=acting_user)
    _save(request, request.status, acting_user, note=str(STEP_NAMES["approve"]))
    return request


# The applications that become contingent orders (issue #15) once the desk approves them.
ORDER_TYPES = {
    "academic_leave": OrderType.ACADEMIC_LEAVE,
    "transfer": OrderType.TRANSFER_INTERNAL,
    "reinstatement": OrderType.REINSTATEMENT,
}


def draft_order(request: ServiceRequest, *, acting_user: Any) -> Any:
    """An approved application's draft order of the matching type, drafted through the student body's service and
    numbered after the request (the SSC renumbers it when it is signed), with the student's item when the item's
    rules allow it as things stand (an academic leave from its start date; a transfer names its new program, so
    the SSC adds that item); None for other services or when the request has its order already."""
    order_type = ORDER_TYPES.get(request.service.code)
    if order_type is None or request.order_id is not None:
        return request.order
    today = timezone.localdate()
    order = contingent_orders.create_order(
        institution=request.institution, acting_user=acting_user, number=request.receipt_number, date=today,
        type=order_type, note=_("Drafted from request {number} of the service desk.").format(
            number=request.receipt_number),
    )  # fmt: skip
    start = (request.answers or {}).get("from_date") or today.isoformat()
    try:
        contingent_orders.add_item(
            order, student=request.student, acting_user=acting_user, effective_date=dt.date.fromisoformat(start)
        )
    except (ValidationError, ValueError):
        pass  # the draft stays without the item: the SSC completes it on the order's page
    return order


def _check_approved(request: ServiceRequest) -> None:
    if request.service.needs_approval and not request.approved_at:
        raise ValidationError(_("The request must be approved first."), code="not_approved")


@transaction.atomic
def mark_ready(request: ServiceRequest, *, acting_user: Any) -> ServiceRequest:
    _require_desk(acting_user)
    request = _locked(request)
    _check(request, "ready")
    _check_approved(request)
    request.status = S.READY
    _save(request, S.IN_PROGRESS, acting_user)
    return request


@transaction.atomic
def issue(request: ServiceRequest, *, acting_user: Any, language: str | None = None) -> IssuedDocument | None:
    """Issue the request: its document when the service issues one (in the request's language), then status
    issued."""
    _require_desk(acting_user)
    request = _locked(request)
    _check(request, "issue")
    _check_approved(request)
    document = None
    if request.service.issues_document:
        document = issue_document(
            request.service, request.student, language=language or request.language, acting_user=acting_user,
            request=request,
        )  # fmt: skip
    from_status = request.status
    request.status, request.closed_at = S.ISSUED, timezone.now()
    _save(request, from_status, acting_user, note=document.number if document else "")
    return document


@transaction.atomic
def refuse(request: ServiceRequest, *, grounds: str, acting_user: Any) -> ServiceRequest:
    _require_desk(acting_user)
    grounds = (grounds or "").strip()
    if not grounds:
        refusal = ValidationError(_("Give the grounds of the refusal."), code="grounds_required")
        raise ValidationError({"grounds": refusal})
    request = _locked(request)
    _check(request, "refuse")
    from_status = request.status
    request.status, request.grounds, request.closed_at, request.paused_at = S.REFUSED, grounds, timezone.now(), None
    _save(request, from_status, acting_user, note=grounds)
    return request


@transaction.atomic
def cancel(request: ServiceRequest, *, note: str = "", acting_user: Any) -> ServiceRequest:
    """Cancel: the desk any open request, a student their own before it is in work or while it waits for them."""
    request = _locked(request)
    if acting_user is not None and not is_service_desk_staff(acting_user):
        if request.student.user_id != acting_user.pk:
            raise PermissionDenied
        if request.status not in (S.SUBMITTED, S.WAITING):
            raise ValidationError(
                _("Request {number} is already in work: ask the desk to cancel it.").format(
                    number=request.receipt_number
                ),
                code="illegal_transition",
            )
    _check(request, "cancel")
    from_status = request.status
    request.status, request.closed_at, request.paused_at = S.CANCELLED, timezone.now(), None
    _save(request, from_status, acting_user, note=note)
    return request

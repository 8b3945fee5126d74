"""Public enquiries: receipt, routing, taking, answering, forwarding (R-161; process 8's 2-hour target).

- `submit_enquiry`: a visitor's enquiry (the public form has already refused spam: views.enquiries), routed to its
  topic's unit, due `topic.target_hours` of working time after it was received (services.calendar, the
  institution's calendar); a receipt e-mail with its number in the form's language.
- `take_enquiry`: a member of the unit takes it (in progress, theirs).
- `answer_enquiry`: the answer is kept and e-mailed to the enquirer in the enquiry's language; the response time
  is the working time from receipt to answer (services.calendar.working_time_between).
- `forward_enquiry`: to another unit (FORWARD targets); it becomes new there, the clock keeps running.

Who may act: a read-write member of the enquiry's current unit (models.enquiries.EnquiryQuerySet), or a
superuser; anyone else gets PermissionDenied (the views answer 404 first: the enquiry is not in their scope).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from mansap.common.history import attributed
from mansap.common.links import LANGUAGE_CODES
from mansap.common.mail import send_localized
from mansap.common.phones import normalize_phone
from mansap.core.access import CHANGE, SERVICE_DESK_STAFF, memberships_for, user_can_change
from mansap.core.models import Faculty
from mansap.servicedesk.models.enquiries import Enquiry, EnquiryStatus, EnquiryTopic, UnitRole
from mansap.servicedesk.services import calendar

NOT_ACTIVE = "topic_inactive"
ALREADY_ANSWERED = "already_answered"
EMPTY_ANSWER = "empty_answer"
SAME_UNIT = "same_unit"
BAD_UNIT = "bad_unit"


@transaction.atomic
def save_topic(topic: EnquiryTopic, *, acting_user: Any) -> EnquiryTopic:
    """Add or change a topic of the institution's form: the desk (SERVICE_DESK_STAFF) of its institution."""
    if acting_user is not None and not acting_user.is_superuser:
        desk = {m.institution_id for m in memberships_for(acting_user, CHANGE) if m.role in SERVICE_DESK_STAFF}
        if topic.institution_id not in desk:
            raise PermissionDenied
    topic.full_clean()
    attributed(topic, acting_user).save()
    return topic


def enquiry_number(enquiry: Enquiry) -> str:
    """The receipt number: the year received and the enquiry's id, e.g. 2026-000042."""
    return f"{timezone.localtime(enquiry.received_at):%Y}-{enquiry.pk:06d}"


def _due_text(enquiry: Enquiry) -> str:
    return date_format(timezone.localtime(enquiry.due_at), "SHORT_DATETIME_FORMAT")


@transaction.atomic
def submit_enquiry(
    *,
    topic: EnquiryTopic,
    name: str,
    email: str,
    message: str,
    phone: str = "",
    language: str = "kk",
    now: dt.datetime | None = None,
    acting_user: Any = None,
) -> Enquiry:
    """Record a visitor's enquiry and send its receipt; ValidationError (naming the field) on bad values."""
    if not topic.active:
        raise ValidationError({"topic": _("This topic is no longer offered; please choose another.")}, code=NOT_ACTIVE)
    received = now or timezone.now()
    enquiry = Enquiry(
        institution_id=topic.institution_id,
        topic=topic,
        name=name.strip(),
        email=email.strip(),
        phone=normalize_phone(phone) if phone.strip() else "",
        message=message.strip(),
        language=language if language in LANGUAGE_CODES else "kk",
        role=topic.role,
        faculty_id=topic.faculty_id,
        received_at=received,
        due_at=calendar.add_working_time(
            received, dt.timedelta(hours=float(topic.target_hours)), institution=topic.institution_id
        ),
        number="-",
    )
    enquiry.full_clean(exclude=["number"])
    attributed(enquiry, acting_user).save()
    enquiry.number = enquiry_number(enquiry)
    Enquiry.objects.filter(pk=enquiry.pk).update(number=enquiry.number)
    institution = topic.institution
    send_localized(
        enquiry.email,
        enquiry.language,
        subject=lambda: str(_("Your enquiry {number} has been received")).format(number=enquiry.number),
        template="servicedesk/enquiries/email/receipt.txt",
        context={
            "enquiry": enquiry,
            "unit": enquiry.unit_label,  # called in the e-mail's language
            "due": _due_text(enquiry),
            "institution": institution,
        },
    )
    return enquiry


def _require_unit(user: Any, enquiry: Enquiry) -> None:
    if user is not None and not user_can_change(user, enquiry):
        raise PermissionDenied


def _require_open(enquiry: Enquiry) -> None:
    if not enquiry.is_open:
        raise ValidationError(_("Enquiry {number} has already been answered.").format(number=enquiry.number),
                              code=ALREADY_ANSWERED)  # fmt: skip


@transaction.atomic
def take_enquiry(enquiry: Enquiry, *, acting_user: Any) -> Enquiry:
    _require_unit(acting_user, enquiry)
    enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    _require_open(enquiry)
    enquiry.status = EnquiryStatus.IN_PROGRESS
    enquiry.taken_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    attributed(enquiry, acting_user).save()
    return enquiry


@transaction.atomic
def answer_enquiry(enquiry: Enquiry, *, acting_user: Any, answer: str, now: dt.datetime | None = None) -> Enquiry:
    """Keep the answer, measure the response time, e-mail the answer in the enquiry's language."""
    _require_unit(acting_user, enquiry)
    enquiry = Enquiry.objects.select_for_update().select_related("institution").get(pk=enquiry.pk)
    _require_open(enquiry)
    text = (answer or "").strip()
    if not text:
        raise ValidationError({"answer": _("Write the answer.")}, code=EMPTY_ANSWER)
    answered = now or timezone.now()
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    enquiry.answer = text
    enquiry.status = EnquiryStatus.ANSWERED
    enquiry.answered_at = answered
    enquiry.answered_by = user
    if enquiry.taken_by_id is None:
        enquiry.taken_by = user
    spent = calendar.working_time_between(enquiry.received_at, answered, institution=enquiry.institution_id)
    enquiry.response_seconds = int(spent.total_seconds())
    attributed(enquiry, acting_user).save()
    signer = (user.display_name if user is not None else "") or ""
    send_localized(
        enquiry.email,
        enquiry.language,
        subject=lambda: str(_("Answer to your enquiry {number}")).format(number=enquiry.number),
        template="servicedesk/enquiries/email/answer.txt",
        context={
            "enquiry": enquiry,
            "answered_by": signer,
            "unit": enquiry.unit_label,  # called in the e-mail's language
            "institution": enquiry.institution,
        },
    )
    return enquiry


# ---- Forwarding ------------------------------------------------------------------------------------------------
def unit_choices(institution: Any) -> list[tuple[str, str]]:
    """The units an enquiry may be forwarded to: the institution-wide offices, then every faculty's dean's office
    (value "dean:<faculty id>")."""
    choices = [(UnitRole.REGISTRAR.value, str(UnitRole.REGISTRAR.label)),
               (UnitRole.CAREER_CENTER.value, str(UnitRole.CAREER_CENTER.label))]  # fmt: skip
    for faculty in Faculty.objects.filter(institution=institution).order_by("code"):
        choices.append((f"dean:{faculty.pk}", f"{UnitRole.DEAN.label}: {faculty}"))
    return choices


def parse_unit(institution: Any, value: str) -> tuple[str, Faculty | None]:
    role, _sep, faculty_id = (value or "").partition(":")
    if role in (UnitRole.REGISTRAR, UnitRole.CAREER_CENTER) and not faculty_id:
        return role, None
    if role == UnitRole.DEAN and faculty_id.isdigit():
        faculty = Faculty.objects.filter(institution=institution, pk=int(faculty_id)).first()
        if faculty is not None:
            return role, faculty
    raise ValidationError({"unit": _("Choose a unit from the list.")}, code=BAD_UNIT)


@transaction.atomic
def forward_enquiry(enquiry: Enquiry, *, acting_user: Any, unit: str) -> Enquiry:
    """Pass the enquiry to another unit: new there, nobody's; received_at and due_at stay (the clock runs on)."""
    _require_unit(acting_user, enquiry)
    enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    _require_open(enquiry)
    role, faculty = parse_unit(enquiry.institution_id, unit)
    if role == enquiry.role and (faculty.pk if faculty else None) == enquiry.faculty_id:
        raise ValidationError({"unit": _("The enquiry is already with this unit.")}, code=SAME_UNIT)
    enquiry.role, enquiry.faculty = role, faculty
    enquiry.status = EnquiryStatus.NEW
    enquiry.taken_by = None
    enquiry.forward_count += 1
    attributed(enquiry, acting_user, reason=f"forwarded to {unit}").save()
    return enquiry


def can_act(user: Any, enquiry: Enquiry) -> bool:
    return enquiry.is_open and Enquiry.objects.for_user(user, CHANGE).filter(pk=enquiry.pk).exists()

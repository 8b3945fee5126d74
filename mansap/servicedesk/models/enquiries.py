"""Public enquiries (R-161, process 8): a visitor's question, routed by its topic to the unit that answers it.

An EnquiryTopic names what a visitor may ask about (kk/ru/en) and the responsible unit: an institution-wide office
(the Registrar's Office / Student Service Center, which also answers admissions; the Career Center) or a faculty's
dean's office, with the response target in working hours (process 8: 2 hours). An Enquiry keeps the unit it is
with now (`role`, `faculty`): forwarding moves it, the clock (received_at, due_at) does not restart.

Who sees an enquiry (EnquiryQuerySet): the members of its current unit (a dean's office: of that faculty), and
management (read only); every other member of the institution gets 404. Changing (taking, answering, forwarding)
needs a read-write membership of the unit.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Self

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from mansap.core.access import CHANGE, VIEW, memberships_for
from mansap.core.choices import Role
from mansap.core.models.base import TimeStampedModel, TranslatedNameModel
from mansap.core.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from mansap.core.access import AnyUser


class UnitRole(models.TextChoices):
    """The units an enquiry can be routed to (the roles of core.Role that answer the public)."""

    REGISTRAR = Role.REGISTRAR.value, _("Student Service Center (Registrar's Office)")
    CAREER_CENTER = Role.CAREER_CENTER.value, _("Career Center")
    DEAN = Role.DEAN.value, _("Dean's office")


class EnquiryStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("enquiry status", "new")
    IN_PROGRESS = "in_progress", pgettext_lazy("enquiry status", "in progress")
    ANSWERED = "answered", pgettext_lazy("enquiry status", "answered")


OPEN_STATUSES = (EnquiryStatus.NEW, EnquiryStatus.IN_PROGRESS)
DEFAULT_TARGET_HOURS = Decimal(2)


def unit_q(user: AnyUser, action: str, prefix: str = "") -> Q | None:
    """The rows (enquiries, or topics with `prefix`) whose unit the user belongs to; None: all (superuser)."""
    if user.is_superuser:
        return None
    q = Q(pk__in=[])
    for m in memberships_for(user, action):
        if m.role == Role.MANAGEMENT and action == VIEW:
            q |= Q(**{f"{prefix}institution_id": m.institution_id})
        elif m.role in (Role.REGISTRAR, Role.CAREER_CENTER):
            q |= Q(**{f"{prefix}institution_id": m.institution_id, f"{prefix}role": m.role})
        elif m.role == Role.DEAN and m.faculty_id is not None:
            q |= Q(**{f"{prefix}institution_id": m.institution_id, f"{prefix}role": Role.DEAN,
                      f"{prefix}faculty_id": m.faculty_id})  # fmt: skip
    return q


class EnquiryTopicQuerySet(ScopedQuerySet):
    """Every member of the institution reads the topics; the desk (the Registrar's Office) keeps them."""

    institution_wide_view = True

    def for_user(self, user: AnyUser, action: str = VIEW) -> Self:
        from mansap.core.access import SERVICE_DESK_STAFF

        if action == CHANGE:
            return self._reached_by(user, action, SERVICE_DESK_STAFF)
        return super().for_user(user, action)

    def active(self) -> Self:
        return self.filter(active=True)


class EnquiryTopic(TranslatedNameModel, TimeStampedModel):
    institution = models.ForeignKey(
        "core.Institution", models.CASCADE, related_name="enquiry_topics", verbose_name=_("institution")
    )
    role = models.CharField(_("responsible unit"), max_length=24, choices=UnitRole.choices)
    faculty = models.ForeignKey(
        "core.Faculty", models.PROTECT, null=True, blank=True, related_name="enquiry_topics",
        verbose_name=_("faculty"), help_text=_("The faculty whose dean's office answers (dean's office only)."),
    )  # fmt: skip
    target_hours = models.DecimalField(
        _("response target, working hours"), max_digits=5, decimal_places=2, default=DEFAULT_TARGET_HOURS,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal(200))],
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("offered on the form"), default=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = EnquiryTopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("enquiry topic")
        verbose_name_plural = _("enquiry topics")
        ordering = ["position", "name_ru"]

    def __str__(self) -> str:
        return self.name

    def get_edit_url(self) -> str:
        return reverse("servicedesk:enquirytopic_edit", args=[self.pk])

    def clean(self) -> None:
        if self.role == UnitRole.DEAN and self.faculty_id is None:
            raise ValidationError({"faculty": _("Choose the faculty whose dean's office answers.")}, code="no_faculty")
        if self.role != UnitRole.DEAN:
            self.faculty = None
        if self.faculty is not None and self.institution_id and self.faculty.institution_id != self.institution_id:
            raise ValidationError({"faculty": _("The faculty belongs to another institution.")}, code="faculty")


class EnquiryQuerySet(ScopedQuerySet):
    def for_user(self, user: AnyUser, action: str = VIEW) -> Self:
        if not user.is_authenticated:
            return self.none()
        q = unit_q(user, action)
        return self if q is None else self.filter(q)

    def overdue(self, now: dt.datetime | None = None) -> Self:
        """Open past the due time, or answered after it."""
        now = now or timezone.now()
        return self.filter(
            Q(status__in=OPEN_STATUSES, due_at__lt=now)
            | Q(status=EnquiryStatus.ANSWERED, answered_at__gt=models.F("due_at"))
        )

    def with_list_related(self) -> Self:
        return self.select_related("topic", "faculty", "taken_by")


class Enquiry(TimeStampedModel):
    institution = models.ForeignKey(
        "core.Institution", models.CASCADE, related_name="enquiries", verbose_name=_("institution")
    )
    number = models.CharField(_("receipt number"), max_length=20, unique=True, editable=False)
    topic = models.ForeignKey(EnquiryTopic, models.PROTECT, related_name="enquiries", verbose_name=_("topic"))
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    language = models.CharField(_("language"), max_length=2, default="kk")
    status = models.CharField(_("status"), max_length=16, choices=EnquiryStatus.choices, default=EnquiryStatus.NEW)
    role = models.CharField(_("responsible unit"), max_length=24, choices=UnitRole.choices)
    faculty = models.ForeignKey(
        "core.Faculty", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("faculty")
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    due_at = models.DateTimeField(_("answer due"))
    taken_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("taken by")
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("answered by")
    )
    response_seconds = models.PositiveIntegerField(
        _("response time, working seconds"), null=True, blank=True, editable=False
    )
    forward_count = models.PositiveSmallIntegerField(_("times forwarded"), default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = EnquiryQuerySet.as_manager()

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["institution", "received_at"], name="servicedesk_enquiry_received")]

    def __str__(self) -> str:
        return self.number or str(_("new enquiry"))

    def get_absolute_url(self) -> str:
        return reverse("servicedesk:enquiry_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        if self.answered_at is not None:
            return self.answered_at > self.due_at
        return (now or timezone.now()) > self.due_at

    @property
    def response_hours(self) -> Decimal | None:
        if self.response_seconds is None:
            return None
        return (Decimal(self.response_seconds) / 3600).quantize(Decimal("0.01"))

    def unit_label(self) -> str:
        label = str(self.get_role_display())
        return f"{label}: {self.faculty}" if self.faculty_id else label

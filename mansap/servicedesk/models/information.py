"""Requests for information to other units (R-131): the desk asks a department or a dean's office for a document
or a fact by a due date in working days; the unit answers in the platform (text and an optional file).

Who sees a request (InfoRequestQuerySet): the desk (SERVICE_DESK_STAFF) every request of its institution; a
dean's office the requests addressed to it (its faculty, `department` empty); a department's staff those addressed
to their department. Nobody else: another unit's request answers 404. The unit's read-write members answer; the
desk cancels (services.information is the only writer).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from mansap.core.access import VIEW
from mansap.core.choices import Role
from mansap.core.models.base import TimeStampedModel
from mansap.core.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from mansap.core.access import AnyUser


class InfoRequestStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("information request status", "awaiting the answer")
    ANSWERED = "answered", pgettext_lazy("information request status", "answered")
    CANCELLED = "cancelled", pgettext_lazy("information request status", "cancelled")


INFO_REQUEST_ROLES = frozenset({Role.REGISTRAR, Role.DEAN, Role.DEPARTMENT})


class InfoRequestQuerySet(ScopedQuerySet):
    faculty_path = "faculty"
    department_path = "department"

    def for_user(self, user: AnyUser, action: str = VIEW) -> Self:
        # The desk (the Registrar's Office: institution-wide), a dean's office (its faculty's requests), a
        # department (its own); Management and the Career Center reach none.
        return self._reached_by(user, action, INFO_REQUEST_ROLES)

    def with_list_related(self) -> Self:
        return self.select_related("faculty", "department", "request", "asked_by")

    def overdue(self, now: dt.datetime | None = None) -> Self:
        now = now or timezone.now()
        return self.filter(
            Q(status=InfoRequestStatus.OPEN, due_at__lt=now)
            | Q(status=InfoRequestStatus.ANSWERED, answered_at__gt=models.F("due_at"))
        )


def _answer_path(instance: InfoRequest, filename: str) -> str:
    return f"servicedesk/information/{timezone.localdate():%Y}/{instance.pk or 'new'}-{filename}"


class InfoRequest(TimeStampedModel):
    institution = models.ForeignKey(
        "core.Institution", models.CASCADE, related_name="desk_info_requests", verbose_name=_("institution")
    )
    request = models.ForeignKey(
        "servicedesk.ServiceRequest", models.SET_NULL, null=True, blank=True, related_name="info_requests",
        verbose_name=_("service request"),
    )  # fmt: skip
    faculty = models.ForeignKey(
        "core.Faculty", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("dean's office of")
    )
    department = models.ForeignKey(
        "core.Department", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("department")
    )
    subject = models.CharField(_("what is asked for"), max_length=300)
    text = models.TextField(_("details"), max_length=5000, blank=True)
    due_days = models.PositiveSmallIntegerField(_("due in working days"))
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    due_at = models.DateTimeField(_("answer due"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("asked by")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=InfoRequestStatus.choices, default=InfoRequestStatus.OPEN
    )
    answer = models.TextField(_("answer"), max_length=5000, blank=True)
    answer_file = models.FileField(_("attached file"), upload_to=_answer_path, max_length=255, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("answered by"),
    )  # fmt: skip

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = InfoRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request for information")
        verbose_name_plural = _("requests for information")
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["institution", "asked_at"], name="servicedesk_info_inst_asked")]
        constraints = [
            models.CheckConstraint(
                condition=Q(faculty__isnull=True, department__isnull=False)
                | Q(faculty__isnull=False, department__isnull=True),
                name="servicedesk_inforequest_one_unit",
                violation_error_message=_("Address the request to one department or one dean's office."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Request for information No. {number}")).format(number=self.pk or "—")

    def get_absolute_url(self) -> str:
        return reverse("servicedesk:inforequest_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == InfoRequestStatus.OPEN

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        if self.status == InfoRequestStatus.CANCELLED:
            return False
        if self.answered_at is not None:
            return self.answered_at > self.due_at
        return (now or timezone.now()) > self.due_at

    def unit_label(self) -> str:
        if self.department_id:
            return str(self.department)
        return str(_("Dean's office: {faculty}")).format(faculty=self.faculty)

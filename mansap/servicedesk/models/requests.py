"""Requests to the desk (issue #16): a student's (self-service) or a walk-in visitor's (entered at the desk).

submitted → in_progress → ready → issued; refused (with the grounds) or cancelled; "waiting for the student"
pauses the clock: on resuming, the due date moves by the working time spent waiting. Every change of status is
a RequestEvent (who, when, what); services.requests is the only writer.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.common.partitioning import InstitutionFromParent, InstitutionRowQuerySet
from mansap.core.models.base import TimeStampedModel
from mansap.servicedesk.choices import OPEN_STATUSES, Channel, Language, RequestStatus
from mansap.servicedesk.querysets import ServiceRequestQuerySet


def _user_fk(verbose_name: Any, related_name: str = "+") -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name=related_name,
        verbose_name=verbose_name,
    )  # fmt: skip


class ServiceRequest(TimeStampedModel):
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="desk_requests", verbose_name=_("institution")
    )
    service = models.ForeignKey(
        "servicedesk.Service", models.PROTECT, related_name="requests", verbose_name=_("service")
    )
    student = models.ForeignKey("core.Student", models.PROTECT, related_name="desk_requests", verbose_name=_("student"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.SELF_SERVICE)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence number"))
    receipt_number = models.CharField(_("receipt number"), max_length=32)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.KAZAKH)
    status = models.CharField(
        _("status"), max_length=24, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    grounds = models.TextField(_("grounds of the refusal"), blank=True)
    assigned_to = _user_fk(_("clerk"), "desk_requests_assigned")
    submitted_by = _user_fk(_("entered by"))
    approved_by = _user_fk(_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    due_at = models.DateTimeField(_("due"))
    paused_at = models.DateTimeField(_("waiting since"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # An approved academic leave, transfer or reinstatement application: its draft order in the student body (#15).
    order = models.ForeignKey(
        "studentbody.Order", models.SET_NULL, null=True, blank=True, related_name="desk_requests",
        verbose_name=_("contingent order"),
    )  # fmt: skip

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ServiceRequestQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year", "sequence"],
                name="servicedesk_request_sequence_unique",
                violation_error_message=_("A request with this receipt number already exists."),
            ),
            models.UniqueConstraint(
                fields=["institution", "receipt_number"],
                name="servicedesk_request_receipt_unique",
                violation_error_message=_("A request with this receipt number already exists."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="servicedesk_request_queue"),
            models.Index(fields=["institution", "received_at"], name="servicedesk_request_inst_recv"),
        ]

    def __str__(self) -> str:
        return _("Request No. {number}").format(number=self.receipt_number)

    def get_absolute_url(self) -> str:
        return reverse("servicedesk:request_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.status != RequestStatus.WAITING and self.due_at < timezone.now()


class RequestEvent(InstitutionFromParent, models.Model):
    """One step of a request: its status before and after, who and when, and a note (the grounds, a reason)."""

    institution_from = ("request", "institution_id")
    # Its institution, the same as its request's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    request = models.ForeignKey(ServiceRequest, models.CASCADE, related_name="events", verbose_name=_("request"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = _user_fk(_("who"))
    from_status = models.CharField(_("from"), max_length=24, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=24, choices=RequestStatus.choices)
    note = models.TextField(_("note"), blank=True)

    objects = InstitutionRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_status} → {self.to_status}"

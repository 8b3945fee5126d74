"""Familiarization (issue #17, R-145, Q26): the owner assigns a document to units or roles, each person
acknowledges the version in force electronically (user, time, version). An acknowledgement covers every minor
version of the same major one: a new major version asks again, a minor one does not (services.familiarization).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mansap.common.partitioning import InstitutionFromParent
from mansap.core.choices import Role
from mansap.core.models.base import TimeStampedModel
from mansap.regulations.querysets import AcknowledgementQuerySet, DocumentChildQuerySet


class Assignment(TimeStampedModel):
    """Who must read the document: the staff of a department, or every holder of a role."""

    document = models.ForeignKey(
        "regulations.Document", models.CASCADE, related_name="assignments", verbose_name=_("document")
    )
    department = models.ForeignKey(
        "core.Department", models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("department")
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices, blank=True)
    days_to_acknowledge = models.PositiveSmallIntegerField(
        _("days to acknowledge"), default=14, validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Counted from the assignment or from the effective date of the version in force, "
                    "whichever is later."),
    )  # fmt: skip
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("assigned by"),
    )  # fmt: skip

    objects = DocumentChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("familiarization assignment")
        verbose_name_plural = _("familiarization assignments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.department.name if self.department else self.get_role_display())

    def due_on(self, version: Any) -> dt.date:
        """When the people assigned must have acknowledged `version` (a version in force): the later of the day
        of the assignment and the version's effective date, plus `days_to_acknowledge`."""
        start = timezone.localdate(self.created_at) if self.created_at else timezone.localdate()
        if version.effective_on and version.effective_on > start:
            start = version.effective_on
        return start + dt.timedelta(days=self.days_to_acknowledge)

    def clean(self) -> None:
        super().clean()
        if bool(self.department_id) == bool(self.role):
            raise ValidationError(_("Choose either a department or a role."))


class Acknowledgement(InstitutionFromParent, models.Model):
    institution_from = ("version", "document__institution_id")
    # Its institution, the same as its version's document's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    version = models.ForeignKey(
        "regulations.DocumentVersion", models.CASCADE, related_name="acknowledgements", verbose_name=_("version")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="document_acknowledgements", verbose_name=_("user")
    )
    at = models.DateTimeField(_("acknowledged at"), auto_now_add=True)

    objects = AcknowledgementQuerySet.as_manager()

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["institution", "at"], name="regulations_ack_inst_at")]
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="regulations_acknowledgement_once"),
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.user}"

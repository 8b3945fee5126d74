"""Educational programs developed with employers (002 p10; R-052, R-059, R-060).

- ProgramRevision: one revision of a program (core.EducationalProgram) on a date, what changed (kk/ru/en) and
  who took part: employers' organizations of the registry, alumni and students (core.Student), with the
  minutes. Process 10's KPI "share of programs developed or updated with employers' participation" is computed
  from it (quality.indicators.ProgramsWithEmployers).
- AdvisoryBoard of a program or a faculty, its members (an employer's representative, an alumnus, others) and
  its meetings (agenda, minutes, decisions).

Scope: a department reaches its own programs' revisions and boards, a dean the faculty's, the quality editors
all (core.access.PROGRAM_REVISION_RECORDERS); other rows are 404.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.common.forms import TEXT_LANGUAGES, missing_languages
from mansap.common.uploads import validate_report_file
from mansap.core.models.base import TimeStampedModel, translated
from mansap.quality.choices import MINUTES_EXTENSIONS, BoardMemberKind, BoardRole
from mansap.quality.querysets import (
    AdvisoryBoardChildQuerySet,
    AdvisoryBoardQuerySet,
    ProgramRevisionQuerySet,
)

MINUTES_VALIDATORS: list[Any] = [FileExtensionValidator(MINUTES_EXTENSIONS), validate_report_file]
MINUTES_HELP = _("PDF, DOCX, DOC or ODT, up to 20 MB.")


def _one_language(obj: models.Model, field: str, message: Any) -> dict[str, Any]:
    """{<field>_kk: message} when the text is empty in every language (common.forms.missing_languages)."""
    return {f"{field}_kk": message} if len(missing_languages(obj, field)) == len(TEXT_LANGUAGES) else {}


class ProgramRevision(TimeStampedModel):
    """One revision (development or update) of an educational program and who took part in it."""

    program = models.ForeignKey(
        "core.EducationalProgram", models.PROTECT, related_name="revisions", verbose_name=_("educational program")
    )
    revised_on = models.DateField(_("revised on"), help_text=_("The date the revision was approved."))
    summary_kk = models.TextField(_("what changed (Kazakh)"), blank=True)
    summary_ru = models.TextField(_("what changed (Russian)"), blank=True)
    summary_en = models.TextField(_("what changed (English)"), blank=True)
    employers = models.ManyToManyField(
        "employers.Organization", blank=True, related_name="program_revisions",
        verbose_name=_("employers' organizations"),
    )  # fmt: skip
    alumni = models.ManyToManyField(
        "core.Student", blank=True, related_name="program_revisions_as_alumnus", verbose_name=_("alumni")
    )
    students = models.ManyToManyField(
        "core.Student", blank=True, related_name="program_revisions_as_student", verbose_name=_("students")
    )
    minutes = models.FileField(
        _("minutes"), upload_to="quality/revisions/%Y/%m/", blank=True, validators=MINUTES_VALIDATORS,
        help_text=MINUTES_HELP,
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, editable=False, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ProgramRevisionQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("program revision")
        verbose_name_plural = _("program revisions")
        ordering = ["-revised_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.program.code} {self.revised_on:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("quality:programrevision_detail", args=[self.pk])

    def private_file_url(self, field_name: str) -> str | None:
        return reverse("quality:programrevision_minutes", args=[self.pk]) if field_name == "minutes" else None

    @property
    def summary(self) -> str:
        return translated(self, "summary")

    def clean(self) -> None:
        super().clean()
        errors = _one_language(self, "summary", _("Say what changed in at least one language."))
        if errors:
            raise ValidationError(errors)


class AdvisoryBoard(TimeStampedModel):
    """An advisory board of a program or of a faculty (R-060): alumni and representatives of business and NGOs.

    `faculty` is always set (a program's board: the program's faculty), so deans reach their faculty's boards."""

    faculty = models.ForeignKey(
        "core.Faculty", models.PROTECT, related_name="advisory_boards", verbose_name=_("faculty")
    )
    program = models.ForeignKey(
        "core.EducationalProgram", models.PROTECT, null=True, blank=True, related_name="advisory_boards",
        verbose_name=_("educational program"), help_text=_("Leave empty for the faculty's board."),
    )  # fmt: skip
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=255, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    approved_on = models.DateField(
        _("approved by the faculty council on"), null=True, blank=True,
        help_text=_("The Corporate Development Department proposes the members, the faculty council approves them."),
    )  # fmt: skip
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = AdvisoryBoardQuerySet.as_manager()

    scope_level = "faculty"

    class Meta:
        verbose_name = _("advisory board")
        verbose_name_plural = _("advisory boards")
        ordering = ["faculty__code", "program__code", "pk"]

    def __str__(self) -> str:
        return self.name or str(self.program or self.faculty)

    def get_absolute_url(self) -> str:
        return reverse("quality:advisoryboard_detail", args=[self.pk])

    @property
    def name(self) -> str:
        return translated(self, "name")

    def clean(self) -> None:
        super().clean()
        errors = _one_language(self, "name", _("Give the board's name in at least one language."))
        if self.program is not None and self.faculty_id and self.program.department.faculty_id != self.faculty_id:
            errors["program"] = _("The program belongs to another faculty.")
        if errors:
            raise ValidationError(errors)


class AdvisoryBoardMember(TimeStampedModel):
    """A member of a board: an employer's representative (organization and person), an alumnus, or another person."""

    board = models.ForeignKey(AdvisoryBoard, models.CASCADE, related_name="members", verbose_name=_("advisory board"))
    kind = models.CharField(_("member"), max_length=16, choices=BoardMemberKind.choices)
    organization = models.ForeignKey(
        "employers.Organization", models.PROTECT, null=True, blank=True, related_name="advisory_board_members",
        verbose_name=_("organization"),
    )  # fmt: skip
    alumnus = models.ForeignKey(
        "core.Student", models.PROTECT, null=True, blank=True, related_name="advisory_board_seats",
        verbose_name=_("alumnus"),
    )  # fmt: skip
    person_name = models.CharField(
        _("person"), max_length=255, blank=True, help_text=_("The representative's or member's full name.")
    )
    position = models.CharField(_("position"), max_length=255, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=BoardRole.choices, default=BoardRole.MEMBER)
    member_from = models.DateField(_("from"))
    member_to = models.DateField(_("to"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = AdvisoryBoardChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("board member")
        verbose_name_plural = _("board members")
        ordering = ["board", "role", "member_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member_to__isnull=True) | Q(member_to__gte=models.F("member_from")),
                name="quality_board_member_period",
                violation_error_message=_("A membership ends on or after the day it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return self.board.get_absolute_url()

    @property
    def display_name(self) -> str:
        if self.kind == BoardMemberKind.ALUMNUS and self.alumnus_id:
            return self.alumnus.full_name  # type: ignore[union-attr]
        return self.person_name

    def is_current(self, on: object) -> bool:
        return self.member_from <= on and (self.member_to is None or self.member_to >= on)  # type: ignore[operator]

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        if self.kind == BoardMemberKind.EMPLOYER:
            if not self.organization_id:
                errors["organization"] = _("Choose the employer's organization from the registry.")
            if not self.person_name.strip():
                errors["person_name"] = _("Name the organization's representative.")
        elif self.kind == BoardMemberKind.ALUMNUS:
            if not self.alumnus_id:
                errors["alumnus"] = _("Choose the alumnus.")
            elif self.alumnus.graduation_date is None:  # type: ignore[union-attr]
                errors["alumnus"] = _("This student has not graduated: an alumnus has a graduation date.")
        elif self.kind == BoardMemberKind.OTHER and not self.person_name.strip():
            errors["person_name"] = _("Name the member.")
        if self.member_from and self.member_to and self.member_to < self.member_from:
            errors["member_to"] = _("A membership ends on or after the day it starts.")
        if errors:
            raise ValidationError(errors)


class AdvisoryBoardMeeting(TimeStampedModel):
    """A meeting of a board: its date, agenda, minutes and decisions."""

    board = models.ForeignKey(AdvisoryBoard, models.CASCADE, related_name="meetings", verbose_name=_("advisory board"))
    held_on = models.DateField(_("held on"))
    agenda = models.TextField(_("agenda"))
    decisions = models.TextField(_("decisions"), blank=True)
    minutes = models.FileField(
        _("minutes"), upload_to="quality/boards/%Y/%m/", blank=True, validators=MINUTES_VALIDATORS,
        help_text=MINUTES_HELP,
    )  # fmt: skip

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = AdvisoryBoardChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("board meeting")
        verbose_name_plural = _("board meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.board} {self.held_on:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return self.board.get_absolute_url()

    def private_file_url(self, field_name: str) -> str | None:
        return reverse("quality:advisoryboardmeeting_minutes", args=[self.pk]) if field_name == "minutes" else None

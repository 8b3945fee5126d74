"""Students' personal files (личное дело, R-101, R-102, R-104, R-122, R-127), the return of originals (R-103) and
the transfer of files to the archive (issue #15).

Each institution keeps a checklist of document kinds (DocumentKind: names in kk/ru/en, required or not, for state
grant holders only or for everyone). A student has one PersonalFile (where it lies: room, shelf, box) with one
FileItem per kind it holds: received on, checked on and by whom, original or copy, a note. A file is complete when
every required kind that applies to the student has been received. Originals given back to an expelled or
transferred-out student are listed on a ReturnAct (the items marked returned); files handed to the archive are
listed on a TransferAct, after which they are read-only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.common.partitioning import InstitutionFromParent, InstitutionRowQuerySet
from mansap.core.models.base import TimeStampedModel, TranslatedNameModel
from mansap.studentbody.querysets import DocumentKindQuerySet, PersonalFileQuerySet, TransferActQuerySet


class DocumentKind(TranslatedNameModel, TimeStampedModel):
    """One line of an institution's personal-file checklist."""

    institution = models.ForeignKey(
        "core.Institution", models.CASCADE, related_name="document_kinds", verbose_name=_("institution")
    )
    code = models.SlugField(_("code"), max_length=32)
    required = models.BooleanField(_("required"), default=True)
    grant_only = models.BooleanField(
        _("state grant holders only"), default=False, help_text=_("Required only of students on a state grant.")
    )
    original = models.BooleanField(
        _("original expected"), default=False, help_text=_("The file keeps the original, not a copy.")
    )
    position = models.PositiveSmallIntegerField(_("order in the list"), default=0)

    objects = DocumentKindQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("document kind")
        verbose_name_plural = _("document kinds")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "code"],
                name="studentbody_document_kind_code",
                violation_error_message=_("A document kind with this code already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def applies_to(self, funding: str) -> bool:
        return not self.grant_only or funding == "grant"


class TransferAct(TimeStampedModel):
    """An act handing personal files over to the archive (number, date, who handed over and who received)."""

    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="file_transfer_acts", verbose_name=_("institution")
    )
    number = models.CharField(_("act number"), max_length=32)
    date = models.DateField(_("act date"))
    handed_over_by = models.CharField(_("handed over by"), max_length=200)
    received_by = models.CharField(_("received by (archive)"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip

    objects = TransferActQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("archive transfer act")
        verbose_name_plural = _("archive transfer acts")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "number", "date"],
                name="studentbody_transfer_act_number",
                violation_error_message=_("An act with this number and date already exists."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Transfer act No. {number} of {date}")).format(
            number=self.number, date=self.date.strftime("%d.%m.%Y")
        )

    def get_absolute_url(self) -> str:
        return reverse("studentbody:transfer_act_detail", args=[self.pk])


class PersonalFile(InstitutionFromParent, TimeStampedModel):
    institution_from = ("student", "institution_id")
    # Its institution, the same as its student's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    student = models.OneToOneField(
        "core.Student", models.CASCADE, related_name="personal_file", verbose_name=_("student")
    )
    room = models.CharField(_("room"), max_length=32, blank=True)
    shelf = models.CharField(_("shelf"), max_length=32, blank=True)
    box = models.CharField(_("box"), max_length=32, blank=True)
    note = models.TextField(_("note"), blank=True)
    transfer_act = models.ForeignKey(
        TransferAct, models.PROTECT, null=True, blank=True, related_name="files",
        verbose_name=_("archive transfer act"),
    )  # fmt: skip

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = PersonalFileQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("personal file")
        verbose_name_plural = _("personal files")
        ordering = ["student__last_name", "student__first_name", "pk"]
        indexes = [models.Index(fields=["institution", "student"], name="studentbody_file_inst")]

    def __str__(self) -> str:
        return str(_("Personal file of {student}")).format(student=self.student.full_name)

    def get_absolute_url(self) -> str:
        return reverse("studentbody:file_detail", args=[self.student_id])

    @property
    def archived(self) -> bool:
        return self.transfer_act_id is not None

    @property
    def location(self) -> str:
        parts = [
            (_("room"), self.room), (_("shelf"), self.shelf), (_("box"), self.box),
        ]  # fmt: skip
        return ", ".join(f"{label} {value}" for label, value in parts if value)


class ReturnAct(InstitutionFromParent, TimeStampedModel):
    """The list of originals given back to an expelled or transferred-out student (R-103), signed by them."""

    institution_from = ("file", "institution_id")
    # Its institution, the same as its personal file's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    file = models.ForeignKey(PersonalFile, models.CASCADE, related_name="return_acts", verbose_name=_("personal file"))
    date = models.DateField(_("return date"))
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("handed over by"),
    )  # fmt: skip
    signed_on = models.DateField(_("signed by the student on"), null=True, blank=True)
    request_reference = models.CharField(
        _("request"), max_length=64, blank=True, help_text=_("The service desk request it answers, if any.")
    )
    note = models.TextField(_("note"), blank=True)

    objects = InstitutionRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("return act")
        verbose_name_plural = _("return acts")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["institution", "date"], name="studentbody_return_inst_date")]

    def __str__(self) -> str:
        return str(_("Return of originals of {date}")).format(date=self.date.strftime("%d.%m.%Y"))

    def get_absolute_url(self) -> str:
        return reverse("studentbody:return_act_detail", args=[self.pk])


class FileItem(InstitutionFromParent, TimeStampedModel):
    """One document of a file: when it came in, when and by whom it was checked, original or copy."""

    institution_from = ("file", "institution_id")
    # Its institution, the same as its personal file's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    file = models.ForeignKey(PersonalFile, models.CASCADE, related_name="items", verbose_name=_("personal file"))
    kind = models.ForeignKey(DocumentKind, models.PROTECT, related_name="items", verbose_name=_("document kind"))
    received_on = models.DateField(_("received on"), null=True, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("checked by"),
    )  # fmt: skip
    is_original = models.BooleanField(_("original"), default=False)
    note = models.CharField(_("note"), max_length=255, blank=True)
    returned_on = models.DateField(_("returned to the student on"), null=True, blank=True)
    return_act = models.ForeignKey(
        ReturnAct, models.SET_NULL, null=True, blank=True, related_name="items", verbose_name=_("return act")
    )

    objects = InstitutionRowQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("file document")
        verbose_name_plural = _("file documents")
        ordering = ["kind__position", "kind_id"]
        constraints = [
            models.UniqueConstraint(fields=["file", "kind"], name="studentbody_file_item_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.file_id}: {self.kind}"

"""Practice programmes and methodological guidelines in the register of regulations (issue #17, R-018, R-019).

A programme of a type of practice of an educational program, or the program's methodological guidelines, is a
controlled document of the register (regulations.Document, with its versions); `PracticeProgramme` links it to
the program and the type here, above the regulations app in the import layers. The practice pages show and
link the version in force (services.programmes). `Practice.programme_file`, the loose file a department
uploaded before, stays readable until the quality department registers it (services.programmes).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from mansap.core.models.base import TimeStampedModel
from mansap.practice import querysets as qs
from mansap.practice.choices import PracticeKind, ProgrammeRole
from mansap.practice.models.base import _history


class PracticeProgramme(TimeStampedModel):
    program = models.ForeignKey(
        "core.EducationalProgram", models.CASCADE, related_name="practice_programmes",
        verbose_name=_("educational program"),
    )  # fmt: skip
    kind = models.CharField(
        _("type of practice"), max_length=16, choices=PracticeKind.choices, blank=True,
        help_text=_("Empty: every type of practice of the program (methodological guidelines)."),
    )  # fmt: skip
    role = models.CharField(_("role"), max_length=12, choices=ProgrammeRole.choices, default=ProgrammeRole.PROGRAMME)
    document = models.ForeignKey(
        "regulations.Document", models.PROTECT, related_name="practice_links", verbose_name=_("controlled document")
    )

    history = _history()
    objects = qs.PracticeProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("practice programme")
        verbose_name_plural = _("practice programmes")
        ordering = ["program__code", "role", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "kind", "role"],
                name="practice_programme_unique",
                violation_error_message=_("This program already has a document for this type of practice."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.code} {self.get_kind_display() or ''} {self.document.code}".replace("  ", " ")

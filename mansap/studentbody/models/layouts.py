"""Layouts of the statistical reports (issue #15, Q22): rows and columns chosen from the contingent's breakdown
keys, with a title in kk/ru/en, kept per institution and edited by the registrar. The defaults shaped like the
1-NK and 3-NK forms live in reports.layouts (DEFAULTS) until the registrar saves their own."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mansap.core.models.base import TimeStampedModel, TranslatedNameModel
from mansap.studentbody.querysets import ReportLayoutQuerySet


class ReportLayout(TranslatedNameModel, TimeStampedModel):
    institution = models.ForeignKey(
        "core.Institution", models.CASCADE, related_name="report_layouts", verbose_name=_("institution")
    )
    rows = models.JSONField(_("rows"), default=list, help_text=_("Breakdown keys of the rows, in order."))
    columns = models.JSONField(_("columns"), default=list, help_text=_("Breakdown keys of the columns, in order."))

    objects = ReportLayoutQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("report layout")
        verbose_name_plural = _("report layouts")
        ordering = ["name_en", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("studentbody:layout_report") + f"?layout={self.pk}"

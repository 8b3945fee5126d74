"""Import jobs: an uploaded file, checked then applied in the background."""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mansap.core.choices import ImportStatus
from mansap.core.querysets import ImportJobQuerySet


class ImportJob(models.Model):
    """One uploaded file to import, its check report and, once confirmed, its result."""

    institution = models.ForeignKey(
        "core.Institution", models.CASCADE, related_name="import_jobs", verbose_name=_("institution")
    )
    kind = models.CharField(_("kind"), max_length=32, default="graduates")
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    # DjangoJSONEncoder: error params may hold Decimals and dates (e.g. a GPA of 4.7).
    report = models.JSONField(_("report"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, related_name="import_jobs", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # Set by the background worker when it takes the job (a queued job waits without it; one whose
    # worker then stops beating is failed and can be run again: mansap.core.services.imports.reap).
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("core:import_detail", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in {ImportStatus.PENDING, ImportStatus.VALIDATING, ImportStatus.IMPORTING}

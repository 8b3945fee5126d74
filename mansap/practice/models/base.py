"""Field helpers shared by the practice models: scan validators, user foreign keys, history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from simple_history.models import HistoricalRecords

from mansap.common.uploads import validate_evidence

SCAN_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]


REPORT_EXTENSIONS = ["pdf", "docx", "doc", "odt"]


scan_validators: list[Callable[[Any], None]] = [FileExtensionValidator(SCAN_EXTENSIONS), validate_evidence]


def _user_fk(verbose_name: Any) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=verbose_name
    )


def _history() -> HistoricalRecords:
    return HistoricalRecords(excluded_fields=["updated_at"], inherit=False)

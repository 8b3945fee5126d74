"""Serving a version's file (issue #17): the one rule the page and the API share. The file in the asked language
is served (404 without one); every download of an internal-only document is logged (who, when, which version,
which language). The caller fetched the version in the user's scope (core.access)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import FileResponse, Http404

from mansap.common.files import private_file_response
from mansap.regulations.choices import LANGUAGES, Classification
from mansap.regulations.models import DocumentVersion, DownloadLog


def file_name(version: DocumentVersion, language: str, stored: str) -> str:
    extension = stored.rsplit(".", 1)[-1] if "." in stored else "pdf"
    return f"{version.document.code} v{version.number} {language}.{extension}".replace("/", "-")


@transaction.atomic
def download(version: DocumentVersion, language: str, *, acting_user: Any) -> FileResponse:
    """The version's file in `language`; a download of an internal document is logged."""
    field_file = version.file_of(language) if language in LANGUAGES else None
    if not field_file:
        raise Http404
    if version.document.classification == Classification.INTERNAL:
        user = acting_user if acting_user is not None and acting_user.is_authenticated else None
        DownloadLog.objects.create(version=version, language=language, user=user)
    return private_file_response(field_file, filename=file_name(version, language, field_file.name))

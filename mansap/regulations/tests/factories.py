"""Builders of the regulations app's rows for tests, through the services (acting_user=None: a command)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.core.files.base import ContentFile

from mansap.common.demo import tiny_pdf
from mansap.core.models import Institution
from mansap.regulations.choices import DocumentType, VersionStatus
from mansap.regulations.models import Document, DocumentVersion
from mansap.regulations.services import documents

_numbers = itertools.count(1)


def document(institution: Institution, **fields: Any) -> Document:
    fields.setdefault("code", f"KazUTB-CC-RPA-7.2-2025-{next(_numbers) + 10:02d}")
    fields.setdefault("type", DocumentType.REGULATION)
    fields.setdefault("title_ru", "Положение о тестовом документе")
    return documents.create_document(institution=institution, acting_user=None, **fields)


def approved(doc: Document, *, on: dt.date = dt.date(2025, 6, 18), **fields: Any) -> DocumentVersion:
    """A version of the document through draft → in agreement → approved."""
    fields.setdefault("approved_by_position", "Rector")
    fields.setdefault("approved_by_name", "L.K. Baibolova")
    version = documents.add_version(doc, acting_user=None, approved_on=on, **fields)
    documents.transition(version, VersionStatus.IN_AGREEMENT, acting_user=None)
    return documents.transition(version, VersionStatus.APPROVED, acting_user=None)


def in_force(doc: Document, effective: dt.date, **fields: Any) -> DocumentVersion:
    version = approved(doc, on=fields.pop("on", effective), **fields)
    return documents.put_in_force(version, acting_user=None, effective_on=effective)


def with_file(version: DocumentVersion, language: str = "ru") -> DocumentVersion:
    getattr(version, f"file_{language}").save(f"doc-{language}.pdf", ContentFile(tiny_pdf("regulation")), save=True)
    return version

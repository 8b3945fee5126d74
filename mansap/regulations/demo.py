"""Demo data of the regulations app, its step of the demo (mansap/demo.py runs it last).

The platform's own regulations (services.preload: seeds 000, 001, 002, 004 and 004's predecessor) with a small
PDF per language, a review of 004, and two documents of the quality department's own: an instruction in force
whose review is overdue (the register shows it in red) and a form whose second version is still a draft in
agreement, so every page (versions, transitions, agreements, reviews, downloads) has something to show.
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.base import ContentFile
from django.utils import timezone

from mansap.common.demo import purge, tiny_pdf
from mansap.core.choices import Role
from mansap.core.models import Department, Institution, User
from mansap.regulations.choices import Classification, DocumentType, ReviewResult, VersionStatus
from mansap.regulations.models import (
    Acknowledgement,
    Assignment,
    CodePattern,
    Document,
    DocumentVersion,
    DownloadLog,
    WorkingCopy,
)
from mansap.regulations.services import documents as services
from mansap.regulations.services.changes import record_change
from mansap.regulations.services.distribution import issue_copy, withdraw_copy
from mansap.regulations.services.familiarization import acknowledge, assign
from mansap.regulations.services.preload import CAREER_CENTER, preload_platform_regulations
from mansap.regulations.services.reviews import record_review


def _attach(version: DocumentVersion, languages: tuple[str, ...] = ("kk", "ru", "en")) -> None:
    for code in languages:
        name = f"{version.document.code}-{version.number}-{code}".encode("ascii", "replace").decode()
        safe = "".join(c if c.isalnum() or c in "-." else "-" for c in name)
        getattr(version, f"file_{code}").save(f"{safe}.pdf", ContentFile(tiny_pdf(f"{name}")), save=False)
    version.save()


def seed(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    if Document.objects.filter(institution=institution).exists():
        return {}
    editor = User.objects.filter(username="cc").first()
    preload_platform_regulations(institution, acting_user=editor)
    for version in DocumentVersion.objects.filter(document__institution=institution).select_related("document"):
        _attach(version, ("kk", "ru", "en") if version.document.title_en else ("ru",))
    ssc = Document.objects.get(institution=institution, code="ПСП 11-02.112-2022")
    record_review(ssc, acting_user=editor, reviewed_on=dt.date(2025, 3, 3), reviewer="Нурбаева М.З.",
                  result=ReviewResult.NO_CHANGE, note="")  # fmt: skip
    department = Department.objects.filter(faculty__institution=institution).order_by("code").first()
    instruction = services.create_document(
        institution=institution, acting_user=editor, code="KazUTB-CC-INS-7.5-2021-03", type=DocumentType.INSTRUCTION,
        title_kk="Түлектердің жұмысқа орналасуы туралы деректерді енгізу жөніндегі нұсқаулық",
        title_ru="Инструкция по вводу данных о трудоустройстве выпускников",
        title_en="Instruction on entering graduate employment data", department=department,
        classification=Classification.INTERNAL, owner=editor,
    )  # fmt: skip
    old = services.add_version(instruction, acting_user=editor, approved_by_position="Rector",
                               approved_by_name="L.K. Baibolova", approved_on=dt.date(2021, 9, 1))  # fmt: skip
    services.transition(old, VersionStatus.IN_AGREEMENT, acting_user=editor)
    services.transition(old, VersionStatus.APPROVED, acting_user=editor)
    services.put_in_force(old, acting_user=editor, effective_on=dt.date(2021, 9, 1))
    _attach(old, ("kk", "ru"))
    form = services.create_document(
        institution=institution, acting_user=editor, code="KazUTB-CC-F-7.5-2025-04", type=DocumentType.FORM,
        title_kk="Практика күнделігінің нысаны", title_ru="Форма дневника практики", title_en="Practice diary form",
        **CAREER_CENTER, classification=Classification.PUBLIC, owner=editor,
    )  # fmt: skip
    first = services.add_version(form, acting_user=editor, approved_by_position="Rector",
                                 approved_by_name="L.K. Baibolova", approved_on=dt.date(2025, 6, 18))  # fmt: skip
    services.transition(first, VersionStatus.IN_AGREEMENT, acting_user=editor)
    services.transition(first, VersionStatus.APPROVED, acting_user=editor)
    services.put_in_force(first, acting_user=editor, effective_on=dt.date(2025, 9, 1))
    _attach(first)
    second = services.add_version(form, acting_user=editor, change_permit="Протокол рабочей группы №2")
    services.add_agreement(second, acting_user=editor, position="Vice-Rector for Academic Affairs",
                           full_name="E.B. Askarbekov", agreed_on=None)  # fmt: skip
    services.transition(second, VersionStatus.IN_AGREEMENT, acting_user=editor)
    practice = Document.objects.get(institution=institution, code="KazUTB-CC-RPA-7.2-2025-02")
    if department is not None:
        assign(practice, acting_user=editor, department=department)
    assign(practice, acting_user=editor, role=Role.CAREER_CENTER)
    if editor is not None:
        acknowledge(practice.versions.get(major=1), acting_user=editor)
    # The SSC's regulation: read by the departments (assigned a month ago: some are overdue), its change
    # registration sheet and its working copies (one withdrawn).
    assign(ssc, acting_user=editor, role=Role.DEPARTMENT, days_to_acknowledge=10)
    Assignment.objects.filter(document=ssc).update(created_at=timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=30), dt.time(10))))  # fmt: skip
    for reader in User.objects.filter(memberships__institution=institution, memberships__role=Role.DEPARTMENT)[:2]:
        acknowledge(ssc.versions.get(major=4), acting_user=reader)
    record_change(ssc, acting_user=editor, notice_number="1", sheets_replaced="5, 6", total_sheets=14,
                  made_on=dt.date(2024, 9, 2), made_by_name="Нурбаева М.З.")  # fmt: skip
    record_change(ssc, acting_user=editor, notice_number="2", sheets_new="15", total_sheets=15,
                  made_on=dt.date(2025, 4, 14), made_by_name="Нурбаева М.З.")  # fmt: skip
    copy = issue_copy(ssc, acting_user=editor, issued_on=dt.date(2024, 3, 1), recipient_name="ЦОО")
    if department is not None:
        issue_copy(ssc, acting_user=editor, issued_on=dt.date(2024, 3, 1), department=department)
    withdraw_copy(copy, acting_user=editor, on=dt.date(2025, 4, 14))
    issue_copy(ssc, acting_user=editor, issued_on=dt.date(2025, 4, 14), recipient_name="ЦОО")
    return {"documents": Document.objects.filter(institution=institution).count()}


def flush(institution: Institution) -> None:
    purge(DownloadLog.objects.filter(institution=institution))
    purge(WorkingCopy.objects.filter(document__institution=institution))
    purge(Acknowledgement.objects.filter(institution=institution))
    Document.objects.filter(institution=institution).update(replaces=None)  # a document PROTECTs its predecessor
    purge(Document.objects.filter(institution=institution))
    purge(CodePattern.objects.filter(institution=institution))

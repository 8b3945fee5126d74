"""Demo practice programmes in the register (issue #17): run after the regulations step (mansap/demo.py), it
registers, for the first programs that have a practice, the programme of that practice (internal only, a file
per language) and the program's methodological guidelines (public), each version 1.0 in force, and links them."""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.base import ContentFile

from mansap.common.demo import purge, tiny_pdf
from mansap.core.models import Institution, User
from mansap.practice.choices import ProgrammeRole
from mansap.practice.models import Practice, PracticeProgramme
from mansap.practice.services.programmes import link_programme
from mansap.regulations.choices import Classification, DocumentType
from mansap.regulations.models import Document
from mansap.regulations.services import documents as register

PROGRAMME_TITLES = {"kk": "Практика бағдарламасы", "ru": "Программа практики", "en": "Practice programme"}
GUIDELINES_TITLES = {"kk": "Практика бойынша әдістемелік нұсқаулар", "ru": "Методические указания по практике",
                     "en": "Methodological guidelines on practice"}  # fmt: skip


def _in_force(document: Document, editor: User | None) -> None:
    version = register.add_version(
        document, acting_user=editor, approved_by_position="Rector", approved_by_name="L.K. Baibolova",
        approved_on=dt.date(2025, 8, 25),
    )  # fmt: skip
    version.status = "approved"
    version.save(update_fields=["status"])
    register.put_in_force(version, acting_user=editor, effective_on=dt.date(2025, 9, 1))
    for language in ("kk", "ru", "en"):
        name = f"programme-{document.pk}-{language}.pdf"
        getattr(version, f"file_{language}").save(name, ContentFile(tiny_pdf(document.code)), save=False)
    version.save()


def seed(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    editor = User.objects.filter(username="cc").first()
    practices = (
        Practice.objects.filter(institution=institution).select_related("program").order_by("program__code", "kind")
    )
    seen: set[int] = set()
    number = 40
    for practice in practices:
        if practice.program_id in seen or len(seen) >= 3:
            continue
        seen.add(practice.program_id)
        program = practice.program
        for role, kind, classification, titles in (
            (ProgrammeRole.PROGRAMME, practice.kind, Classification.INTERNAL, PROGRAMME_TITLES),
            (ProgrammeRole.GUIDELINES, "", Classification.PUBLIC, GUIDELINES_TITLES),
        ):
            number += 1
            document = register.create_document(
                institution=institution, acting_user=editor, code=f"KazUTB-CC-PP-7.8-2025-{number:02d}",
                type=DocumentType.INSTRUCTION, **{
                    f"title_{lang}": f"{text}, {program.code}" for lang, text in titles.items()
                },
                department=program.department, classification=classification, owner=editor,
            )  # fmt: skip
            _in_force(document, editor)
            link_programme(program=program, kind=kind, role=role, document=document, acting_user=editor)
    return {
        "practice programmes": PracticeProgramme.objects.filter(
            program__department__faculty__institution=institution
        ).count()
    }


def flush(institution: Institution) -> None:
    purge(PracticeProgramme.objects.filter(program__department__faculty__institution=institution))

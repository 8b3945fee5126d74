"""Demo data of the studentbody app, its step of the demo (mansap/demo.py runs it after academics).

Written through the services as the registrar, so the orders, their items and the students' periods are those a
real SSC would leave: a scholarship order for the demo student (signed and entered in Platonus), an academic
leave and an expulsion of two students of department A (signed), a transfer within the university (entered), and
a draft expulsion waiting for the rector, so every order page and the student's history have something to show.
"""

from __future__ import annotations

import datetime as dt
import random

from mansap.common.demo import purge, refresh_statistics
from mansap.core.choices import ProgramLevel, StudentStatus
from mansap.core.demo import DEMO_DEPARTMENT_A, DEMO_DEPARTMENT_B
from mansap.core.models import EducationalProgram, Institution, Student, User
from mansap.studentbody.models import (
    AnnualReport,
    AnnualSection,
    DocumentKind,
    FileItem,
    Order,
    OrderItem,
    PersonalFile,
    ReportLayout,
    ReturnAct,
    StudentPeriod,
    TransferAct,
)
from mansap.studentbody.services import annual, files, layouts, orders
from mansap.studentbody.services.states import ensure_baselines

SIGNATORY = "Ректор Б. Н. Ахметов"


def seed(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    if Order.objects.filter(institution=institution).exists():
        return {}
    registrar = User.objects.filter(username="registrar").first()
    ensure_baselines(Student.objects.filter(institution=institution))
    students = list(
        Student.objects.filter(
            institution=institution, program__department__code__in=[DEMO_DEPARTMENT_A, DEMO_DEPARTMENT_B],
            program__level=ProgramLevel.BACHELOR, status=StudentStatus.STUDYING, graduation_date__isnull=True,
            admission_year__isnull=False,
        ).exclude(user__isnull=False).select_related("program").order_by("pk")[:6]
    )  # fmt: skip
    me = Student.objects.filter(institution=institution, user__username="student").first()
    if len(students) < 4:
        return {}
    start = dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)  # the academic year under way
    made = 0

    def order(type: str, day: dt.date, number: str, items: list[tuple[Student, dict]], *, enter: bool = True,
              sign: bool = True) -> None:  # fmt: skip
        nonlocal made
        draft = orders.create_order(institution=institution, acting_user=registrar, number=number, date=day,
                                    type=type, signatory=SIGNATORY)  # fmt: skip
        for student, values in items:
            orders.add_item(draft, student=student, acting_user=registrar, **values)
        if sign:
            orders.sign_order(draft, acting_user=registrar)
            if enter:
                orders.mark_entered(draft, acting_user=registrar)
        made += 1

    if me is not None:
        order("scholarship", start, f"{start.year}-101-С", [(me, {"effective_date": start})])
    order("academic_leave", start + dt.timedelta(days=20), f"{start.year}-118-С",
          [(students[0], {"effective_date": start + dt.timedelta(days=21), "ground": "illness",
                          "leave_end_date": start + dt.timedelta(days=280)})], enter=False)  # fmt: skip
    order("expulsion", start + dt.timedelta(days=40), f"{start.year}-131-С",
          [(students[1], {"effective_date": start + dt.timedelta(days=41), "ground": "own_wish"})])  # fmt: skip
    other = (
        EducationalProgram.objects.filter(department__faculty__institution=institution, level=ProgramLevel.BACHELOR)
        .exclude(pk=students[2].program_id)
        .order_by("code")
        .first()
    )
    if other is not None:
        order("transfer_internal", start + dt.timedelta(days=30), f"{start.year}-125-С",
              [(students[2], {"effective_date": start + dt.timedelta(days=31), "program": other})])  # fmt: skip
    order("expulsion", today, f"{today.year}-{rng.randint(200, 299)}-С",
          [(students[3], {"effective_date": today + dt.timedelta(days=7), "ground": "non_payment"})],
          sign=False)  # fmt: skip
    layouts.save_layout(
        ReportLayout(institution=institution), acting_user=registrar, name_kk="Курстар мен қаржыландыру",
        name_ru="Курсы и финансирование", name_en="Years of study by funding", rows=["year"], columns=["funding"],
    )  # fmt: skip
    return {"contingent orders": made, "order items": OrderItem.objects.filter(institution=institution).count()}


def flush(institution: Institution) -> None:
    purge(StudentPeriod.objects.filter(institution=institution))
    purge(OrderItem.objects.filter(institution=institution))
    purge(Order.objects.filter(institution=institution))
    purge(ReportLayout.objects.filter(institution=institution))


def seed_files(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    """Personal files: the demo student's file half complete (so their checklist shows what is missing), ten files
    of department A with documents and a location, the originals given back to an expelled student (signed), and
    three graduates' files handed to the archive on a transfer act."""
    kinds = files.ensure_default_kinds(institution)  # the checklist, whatever else the demo holds already
    if PersonalFile.objects.filter(institution=institution).exists():
        return {}
    registrar = User.objects.filter(username="registrar").first()
    by_code = {kind.code: kind for kind in kinds}
    basic = [by_code[c] for c in ("previous_education", "id_copy", "photos", "medical_086") if c in by_code]
    received = today - dt.timedelta(days=90)

    def fill(student: Student, chosen: list[DocumentKind]) -> None:
        for kind in chosen:
            files.record_item(student, kind, acting_user=registrar, received_on=received,
                              checked_on=received + dt.timedelta(days=rng.randint(0, 5)))  # fmt: skip
        files.update_location(student, acting_user=registrar, room="105", shelf=str(rng.randint(1, 8)),
                              box=str(rng.randint(1, 40)))  # fmt: skip

    me = Student.objects.filter(institution=institution, user__username="student").first()
    if me is not None:
        fill(me, basic[:3])
    studying = list(
        Student.objects.filter(institution=institution, program__department__code=DEMO_DEPARTMENT_A,
                               status=StudentStatus.STUDYING, user__isnull=True).order_by("pk")[:10]
    )  # fmt: skip
    for index, student in enumerate(studying):
        fill(student, kinds if index % 3 == 0 else basic)
    returned = 0
    expelled = Student.objects.filter(institution=institution, status=StudentStatus.EXPELLED).order_by("pk").first()
    if expelled is not None:
        fill(expelled, basic)
        originals = [kind for kind in basic if kind.original]
        if originals:
            files.return_originals(expelled, originals, acting_user=registrar, date=today - dt.timedelta(days=3),
                                   signed_on=today - dt.timedelta(days=3))  # fmt: skip
            returned = 1
    graduates = list(Student.objects.filter(institution=institution, status=StudentStatus.GRADUATED).order_by("pk")[:3])
    if graduates:
        for graduate in graduates:
            fill(graduate, basic)
        files.transfer_to_archive(
            institution, graduates, acting_user=registrar, number=f"{today.year}-А-1",
            date=today - dt.timedelta(days=10), handed_over_by="Серікова А. Б., СҚКО",
            received_by="Нұрланова Г. К., мұрағат",
        )  # fmt: skip
    return {"personal files": PersonalFile.objects.filter(institution=institution).count(),
            "return acts": returned, "archive transfer acts": 1 if graduates else 0}  # fmt: skip


def flush_files(institution: Institution) -> None:
    purge(ReturnAct.objects.filter(institution=institution))
    purge(FileItem.objects.filter(institution=institution))
    purge(PersonalFile.objects.filter(institution=institution))
    purge(TransferAct.objects.filter(institution=institution))
    purge(DocumentKind.objects.filter(institution=institution))


def seed_annual(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    """The registrar's annual report of the academic year under way, a draft generated from the demo's data (after
    the academics and the service desk, whose figures it reads); its conclusions written by the registrar."""
    if AnnualReport.objects.filter(institution=institution).exists():
        return {}
    registrar = User.objects.filter(username="registrar").first()
    start_year = today.year if today.month >= 9 else today.year - 1
    refresh_statistics()  # the report reads back everything the demo loaded
    report = annual.generate(institution, start_year, acting_user=registrar, language="ru")
    annual.save_texts(
        report, {"conclusions": "Контингент стабилен; доля заявок, исполненных в срок, требует внимания."},
        acting_user=registrar,
    )  # fmt: skip
    return {"annual reports": 1}


def flush_annual(institution: Institution) -> None:
    purge(AnnualSection.objects.filter(report__institution=institution))
    purge(AnnualReport.objects.filter(institution=institution))

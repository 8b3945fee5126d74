"""Demo data of the practice app (assessment part); called by mansap.practice.demo after demo.staff.

On whatever placements demo.staff made (none is fine): rules acknowledged, diary entries, conferences
and a monitoring visit for practices that have started; reports and signed scans (tiny valid PDFs),
company evaluations, a defence commission, admissions and grades for practices that have ended;
for an ended pre-graduate practice every student submits the report and the head of practice reviews
it (one report returned, revised and accepted; one returned and not revised: that student is refused
admission); and the retention schedule. Deterministic for a given `rng` and `today`; rules go through the services.
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from mansap.core.models import Employee, Institution, User
from mansap.practice.choices import (
    ConferenceKind,
    DocumentKind,
    MeetingKind,
    PlacementStatus,
    PracticeKind,
    ReviewDecision,
)
from mansap.practice.models import (
    Conference,
    DefenceCommission,
    DiaryEntry,
    Meeting,
    Placement,
    Practice,
    PracticeDocument,
    RetentionRule,
)
from mansap.practice.services import assessment as svc

DIARY_WORK = (
    "Ознакомился с внутренним распорядком и правилами охраны труда на предприятии.",
    "Изучил структуру отдела и документацию по информационным системам.",
    "Участвовал в совещании отдела, вёл протокол.",
    "Настроил рабочее место, установил среду разработки.",
    "Выполнил анализ требований к модулю учёта заявок.",
    "Разработал форму отчёта по заявкам, показал руководителю.",
    "Тестировал модуль, исправил найденные ошибки.",
    "Подготовил раздел отчёта по практике о структуре предприятия.",
    "Кәсіпорынның ақпараттық жүйелерімен таныстым.",
    "Деректер қорының құрылымын зерттедім, есеп дайындадым.",
    "Бөлім басшысының тапсырмасы бойынша құжаттарды рәсімдедім.",
)
REMARKS = ("Опишите подробнее использованные инструменты.", "Хорошо.", "Жақсы, жалғастырыңыз.")
CHARACTERIZATIONS = (
    "За время практики студент проявил себя ответственным и дисциплинированным, быстро освоил "
    "внутренние системы предприятия, выполнял поручения в срок и качественно.",
    "Практикант добросовестно выполнял задания руководителя, проявлял инициативу, умеет работать в "
    "команде. Теоретическая подготовка хорошая.",
    "Студент тәртіпті, тапсырмаларды уақытында орындады, ұжыммен тіл табыса білді. Кәсіби білімі жеткілікті.",
)
REVIEW_ACCEPTED = (
    "Отчёт соответствует программе практики; материал по теме дипломной работы собран в полном объёме, "
    "анализ предметной области выполнен грамотно. Рекомендуется к защите.",
    "Есеп практика бағдарламасына сәйкес, дипломдық жұмыс тақырыбы бойынша деректер толық жиналған. "
    "Қорғауға ұсынылады.",
)
REVIEW_RETURNED = (
    "Есеп толық емес: дипломдық жұмыс тақырыбы бойынша талдау бөлімі жоқ, күнделік жазбаларымен сәйкес "
    "келмейді. Қайта өңдеуге қайтарылады."
)
# Positions of the pre-graduate placements whose report is returned: revised and accepted / not revised.
REVISED, NOT_REVISED = 2, 1


def tiny_pdf(title: str) -> bytes:
    """A small valid one-page PDF (no fonts needed: the page is blank, the title is in the metadata)."""
    safe = "".join(c for c in title if c.isascii() and c not in "()\\")[:60]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        f"<< /Title ({safe}) /Producer (Mansap demo) >>".encode(),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _upload(placement: Placement, kind: str, day: dt.date) -> PracticeDocument | None:
    name = f"{kind}-{placement.pk}.pdf"
    file = ContentFile(tiny_pdf(f"{kind} {placement.pk}"), name=name)
    try:
        document = svc.upload_document(placement, kind=kind, file=file, acting_user=None, today=day)
    except ValidationError:
        return None
    uploaded = timezone.make_aware(dt.datetime.combine(day, dt.time(11, 30)))
    PracticeDocument.objects.filter(pk=document.pk).update(created_at=uploaded, updated_at=uploaded)
    return document


def seed(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    counts = {"retention rules": len(svc.ensure_default_retention_rules(institution))}
    practices = list(
        Practice.objects.filter(institution=institution, starts_on__lte=today)
        .select_related("department")
        .order_by("starts_on", "pk")
    )
    tally = {"diary entries": 0, "company evaluations": 0, "commissions": 0, "grades": 0, "documents": 0}
    for practice in practices:
        placements = list(
            Placement.objects.filter(practice=practice)
            .exclude(status=PlacementStatus.CANCELLED)
            .select_related("practice", "student")
            .order_by("pk")
        )
        if not placements:
            continue
        staff = list(Employee.objects.filter(department=practice.department, is_active=True).order_by("pk")[:4])
        _conferences_and_meetings(practice, staff, today)
        ended = practice.ends_on < today
        pre = practice.kind == PracticeKind.PRE_GRADUATE
        reviewer = _reviewer(practice) if pre else None
        for n, placement in enumerate(placements):
            placement.rules_acknowledged_on = practice.starts_on - dt.timedelta(days=2)
            placement.save(update_fields=["rules_acknowledged_on", "updated_at"])
            tally["diary entries"] += _diary(placement, rng, today)
            if not ended:
                continue
            due = practice.reports_due
            if pre:
                tally["documents"] += _thesis_report(placement, n, reviewer, today)
            elif rng.random() < 0.85:
                late = rng.random() < 0.15
                submitted = min(
                    today, due + dt.timedelta(days=rng.randint(1, 4)) if late else due - dt.timedelta(rng.randint(0, 4))
                )
                tally["documents"] += bool(_upload(placement, DocumentKind.REPORT, submitted))
                if rng.random() < 0.85:
                    tally["documents"] += bool(_upload(placement, DocumentKind.REPORT_SCAN, submitted))
                    tally["documents"] += bool(_upload(placement, DocumentKind.DIARY_SCAN, submitted))
            if pre or rng.random() < 0.7:
                answered = min(today, practice.ends_on + dt.timedelta(days=3))
                try:
                    svc.submit_company_evaluation(
                        placement,
                        safety_briefing_on=practice.starts_on,
                        characterization=rng.choice(CHARACTERIZATIONS),
                        report_score=rng.randint(70, 100),
                        report_comment="",
                        today=answered,
                    )
                    tally["company evaluations"] += 1
                except ValidationError:
                    pass
                else:  # received on the day of the answer, not when the demo was loaded
                    received = timezone.make_aware(dt.datetime.combine(answered, dt.time(15, 10)))
                    Placement.objects.filter(pk=placement.pk, company_submitted_at__date__gt=answered).update(
                        company_submitted_at=received
                    )
        if ended and staff:
            tally["commissions"] += 1
            tally["grades"] += _defence(practice, staff, rng, today)
    counts.update(tally)
    return counts


def _reviewer(practice: Practice) -> User | None:
    """The department's head of practice who signs the reviews: an edit member of the department."""
    return (
        User.objects.filter(memberships__department=practice.department_id, memberships__access="edit")
        .order_by("pk")
        .first()
    )


def _thesis_report(placement: Placement, n: int, reviewer: User | None, today: dt.date) -> int:
    """Report, scans and the head of practice's review for a pre-graduate placement (R-045 step 1)."""
    practice = placement.practice
    submitted = min(today, practice.reports_due - dt.timedelta(days=n % 3))
    made = int(_upload(placement, DocumentKind.REPORT, submitted) is not None)
    if n != NOT_REVISED:
        made += bool(_upload(placement, DocumentKind.REPORT_SCAN, submitted))
    made += bool(_upload(placement, DocumentKind.DIARY_SCAN, submitted))

    def review(decision: str, text: str, day: dt.date) -> None:
        day = min(day, today)
        try:
            svc.review_report(placement, text=text, decision=decision, reviewed_on=day, acting_user=None, today=day)
        except ValidationError:
            return
        Placement.objects.filter(pk=placement.pk).update(reviewed_by=reviewer)

    placement.refresh_from_db()
    if n in (REVISED, NOT_REVISED):
        review(ReviewDecision.RETURNED, REVIEW_RETURNED, submitted + dt.timedelta(days=1))
        if n == REVISED:
            made += bool(_upload(placement, DocumentKind.REPORT, min(today, submitted + dt.timedelta(days=2))))
            placement.refresh_from_db()
            review(ReviewDecision.ACCEPTED, REVIEW_ACCEPTED[n % 2], submitted + dt.timedelta(days=3))
    else:
        review(ReviewDecision.ACCEPTED, REVIEW_ACCEPTED[n % 2], submitted + dt.timedelta(days=2))
    placement.refresh_from_db()
    return made


def _conferences_and_meetings(practice: Practice, staff: list[Employee], today: dt.date) -> None:
    held_by = staff[0] if staff else None
    Conference.objects.get_or_create(
        practice=practice,
        kind=ConferenceKind.ORIENTATION,
        defaults={
            "held_on": practice.starts_on - dt.timedelta(days=3),
            "attendees": practice.placements.count(),
            "minutes": "Руководитель практики ознакомил студентов с программой практики, правилами "
            "внутреннего распорядка и техники безопасности; выданы направления и дневники.",
        },
    )
    if practice.ends_on + dt.timedelta(days=2) <= today:
        Conference.objects.get_or_create(
            practice=practice,
            kind=ConferenceKind.FINAL,
            defaults={
                "held_on": practice.ends_on + dt.timedelta(days=2),
                "attendees": practice.placements.count(),
                "minutes": "Подведены итоги практики; студенты представили краткие сообщения, "
                "руководители от предприятий отметили хорошую подготовку.",
            },
        )
    visit = practice.starts_on + dt.timedelta(days=7)
    if visit <= today:
        Meeting.objects.get_or_create(
            practice=practice,
            kind=MeetingKind.MONITORING,
            held_on=visit,
            defaults={"topic": "Посещение баз практики", "held_by": held_by, "notes": "Замечаний нет."},
        )
    Meeting.objects.get_or_create(
        practice=practice,
        kind=MeetingKind.CONSULTATION,
        held_on=practice.starts_on - dt.timedelta(days=5),
        defaults={"topic": "Консультация по программе практики и оформлению дневника", "held_by": held_by},
    )


def _diary(placement: Placement, rng: random.Random, today: dt.date) -> int:
    practice = placement.practice
    last = min(practice.ends_on, today)
    day, made = practice.starts_on, 0
    while day <= last:
        if day.weekday() < 5 and rng.random() < 0.6:
            entry = DiaryEntry.objects.create(placement=placement, day=day, work_done=rng.choice(DIARY_WORK))
            if rng.random() < 0.15:
                entry.supervisor_remark = rng.choice(REMARKS)
                entry.save(update_fields=["supervisor_remark"])
            made += 1
        day += dt.timedelta(days=1)
    return made


def _defence(practice: Practice, staff: list[Employee], rng: random.Random, today: dt.date) -> int:
    defence_day = practice.reports_due + dt.timedelta(days=5)
    commission = DefenceCommission(
        practice=practice,
        order_number=f"{practice.pk}-П",
        order_date=practice.ends_on - dt.timedelta(days=10),
        chair=staff[0],
        defence_date=defence_day,
    )
    svc.save_commission(commission, staff[1:3], acting_user=None)
    if defence_day > today:
        return 0
    graded = 0
    placements = Placement.objects.filter(practice=practice).exclude(status=PlacementStatus.CANCELLED)
    for placement in placements.select_related("practice").order_by("pk"):
        if practice.kind == PracticeKind.PRE_GRADUATE:
            admitted = not svc.missing_admission_requirements(placement)
            try:
                svc.decide_admission(
                    placement, admitted=admitted, acting_user=None, today=defence_day - dt.timedelta(days=2)
                )
            except ValidationError:
                continue
        pre = practice.kind == PracticeKind.PRE_GRADUATE
        if not placement.report_submitted_on or (not pre and rng.random() < 0.1):
            continue
        try:
            svc.record_grade(placement, int(rng.triangular(45, 100, 86)), acting_user=None, today=defence_day)
            graded += 1
        except ValidationError:
            continue
    return graded


def flush(institution: Institution) -> None:
    """Delete the assessment rows that protect placements and practices (before demo_staff.flush)."""
    scope = Q(practice__institution=institution)
    PracticeDocument.objects.filter(institution=institution).delete()
    DiaryEntry.objects.filter(institution=institution).delete()
    DefenceCommission.objects.filter(scope).delete()
    Conference.objects.filter(scope).delete()
    Meeting.objects.filter(scope).delete()
    RetentionRule.objects.filter(institution=institution).delete()

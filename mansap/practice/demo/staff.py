"""Demo data of the practice app (staff part); called by mansap.practice.demo.

- this year's plan, drafted from the academic calendar and sent to the graduating departments;
- ~15 approved bases from the demo organizations (vetted), 2 candidates (one proposed by a student)
  and 1 rejected; framework contracts, one base without a contract and one with a late one;
- one production practice of the IS department that has just ended (preferences, automatic
  allocation, confirmed placements, order, packages, referrals: ready for documents, diary,
  evaluation and grading; the demo `student` login is placed), and a second one starting in 40 days
  (contract warnings on the practice page and the compliance view);
- last academic year's pre-graduate practice of the same department with the students who graduated
  after it: thesis topics, order, referrals (the reviews, admissions with one refusal, commission and
  grades are added by demo.assessment);
- this year's pre-graduate practice of the same program, started five days ago, with the demo `student2`
  login placed: a practice in progress whose diary the login fills.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Q
from django.utils import timezone

from mansap.common.demo import purge
from mansap.core.choices import Position, StudentStatus
from mansap.core.models import AcademicYear, Department, EducationalProgram, Employee, Institution, Student
from mansap.employers.models import Organization
from mansap.practice.choices import (
    BaseSource,
    BaseStatus,
    ContractKind,
    Custodian,
    PlacementStatus,
    PracticeKind,
    PracticeStatus,
    VettingDecision,
)
from mansap.practice.models import (
    BaseVetting,
    CompanyPackage,
    Conference,
    ContractAnnex,
    DefenceCommission,
    DiaryEntry,
    GradeBand,
    Meeting,
    Placement,
    PlacementPreference,
    Practice,
    PracticeBase,
    PracticeContract,
    PracticeDocument,
    PracticeOrder,
    RetentionRule,
)

DEMO_DEPARTMENT = "IS"

# organization short name -> (department code, capacity); the first 15 are approved
APPROVED = [
    ("Astana Soft", "IS", 6), ("Qazaq Digital", "IS", 6), ("Нұр Телеком", "IS", 5), ("Digital Akimat Lab", "IS", 5),
    ("Береке Банк", "IS", 4), ("Есіл Құрылыс", "CONS", 6), ("Сарыарқа Агро", "FOOD", 6), ("Көкше Сүт", "FOOD", 5),
    ("Дала Энерго", "ENER", 6), ("Ертіс Жылу", "ENER", 5), ("Steppe Audit", "FIN", 5),
    ("Қазақ Қаржы Кеңес", "FIN", 4), ("Silk Way Hotels", "TOUR", 6), ("Сапа Стандарт", "STD", 4),
    ("Каспий Логистикс", "MGMT", 5),
]  # fmt: skip
CANDIDATES = [("Turan Travel", "TOUR"), ("Шығыс Техмаш", "ENER")]
REJECTED = ("Оқу Орталығы", "ISEC")
ACTIVITY = {
    "IS": "Разработка программного обеспечения, ИТ-услуги",
    "CONS": "Строительство зданий и сооружений",
    "FOOD": "Производство пищевых продуктов",
    "ENER": "Производство и передача электрической и тепловой энергии",
    "FIN": "Финансовые и аудиторские услуги",
    "TOUR": "Гостиничные и туристические услуги",
    "STD": "Испытания, сертификация и метрология",
    "MGMT": "Логистика и управление цепями поставок",
    "ISEC": "Образовательные услуги",
}
COMPANY_SUPERVISORS = [
    ("Ахметов Серік Болатұлы", "Бас бағдарламашы"), ("Иванова Елена Петровна", "Руководитель отдела"),
    ("Сейітқали Айдана Нұрланқызы", "Team lead"), ("Жақсылықов Ерболат Маратұлы", "Технический директор"),
    ("Ким Александр Викторович", "Ведущий инженер"), ("Оспанова Гүлмира Серікқызы", "HR-менеджер"),
]  # fmt: skip


def _vet(base: PracticeBase, day: dt.date, approved: bool) -> None:
    criteria = {f"{c}_ok": True for c in BaseVetting.CRITERIA}
    notes = {
        "activity_note": "Жарғы / устав: " + base.statutory_activity,
        "staff_note": "3 сотрудника с высшим образованием по профилю",
        "equipment_note": "Рабочие места, лицензионное ПО / оборудование",
        "safety_note": "Инструктаж по ТБ, акт проверки условий труда",
        "reputation_note": "Проверено по реестру недобросовестных участников: нарушений нет",
    }
    if not approved:
        criteria["reputation_ok"] = False
        notes["reputation_note"] = "Сведения о нарушениях в публичных источниках"
    BaseVetting.objects.create(
        base=base, checked_on=day, legal_review=True,
        decision=VettingDecision.APPROVED if approved else VettingDecision.REJECTED, **criteria, **notes,
    )  # fmt: skip


def seed(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    year = (
        AcademicYear.objects.filter(institution=institution, starts_on__lte=today, ends_on__gte=today).first()
        or AcademicYear.objects.filter(institution=institution).order_by("-start_year").first()
    )
    if year is None:
        return {}
    from mansap.practice.services import placements as svc

    departments = {d.code: d for d in Department.objects.filter(faculty__institution=institution)}
    if DEMO_DEPARTMENT not in departments:
        return {}
    # 1. The plan: drafted from the calendar; sent to every department but two (still drafts).
    plan = svc.build_plan(year, acting_user=None)
    keep_drafts = {"LANG", "MATH", "STD", "CONS"}
    sent_at = timezone.make_aware(dt.datetime.combine(year.starts_on + dt.timedelta(days=20), dt.time(10)))
    Practice.objects.filter(pk__in=[p.pk for p in plan]).exclude(department__code__in=keep_drafts).update(
        status=PracticeStatus.SENT, sent_at=sent_at
    )

    # 2. Bases.
    organizations = {o.short_name: o for o in Organization.objects.filter(institution=institution)}
    programs_of = {code: list(d.programs.filter(is_active=True).order_by("code")) for code, d in departments.items()}
    approved_day = year.starts_on - dt.timedelta(days=40)
    bases: list[PracticeBase] = []
    for short, code, capacity in APPROVED:
        org = organizations.get(short)
        if org is None or code not in departments:
            continue
        base = PracticeBase.objects.create(
            institution=institution, organization=org, department=departments[code],
            statutory_activity=ACTIVITY[code], source=rng.choice([BaseSource.DEPARTMENT, BaseSource.ATAMEKEN,
                                                                   BaseSource.INDUSTRY_ASSOCIATION]),
            status=BaseStatus.APPROVED, approved_on=approved_day, capacity=capacity,
            address=f"{org.name_ru}, офис {rng.randint(1, 400)}",
        )  # fmt: skip
        base.programs.set(programs_of[code])
        _vet(base, approved_day, approved=True)
        bases.append(base)
    is_programs = programs_of[DEMO_DEPARTMENT]
    for base in bases:
        if base.organization.short_name == "Береке Банк":  # the bank's IT department also takes IS students
            base.programs.add(*is_programs)
    proposer = (
        Student.objects.filter(
            institution=institution, program__department=departments[DEMO_DEPARTMENT], status=StudentStatus.STUDYING
        )
        .order_by("pk")
        .last()
    )
    for short, code in CANDIDATES:
        org = organizations.get(short)
        if org is None or code not in departments:
            continue
        student_source = proposer is not None and short == CANDIDATES[0][0]
        base = PracticeBase.objects.create(
            institution=institution, organization=org, department=departments[code], statutory_activity=ACTIVITY[code],
            source=BaseSource.STUDENT if student_source else BaseSource.ATAMEKEN,
            proposed_by=proposer if student_source else None, capacity=3,
        )  # fmt: skip
        base.programs.set(programs_of[code])
    org = organizations.get(REJECTED[0])
    if org is not None and REJECTED[1] in departments:
        base = PracticeBase.objects.create(
            institution=institution, organization=org, department=departments[REJECTED[1]],
            statutory_activity=ACTIVITY[REJECTED[1]], source=BaseSource.OTHER, status=BaseStatus.REJECTED, capacity=3,
        )  # fmt: skip
        base.programs.set(programs_of[REJECTED[1]])
        _vet(base, approved_day + dt.timedelta(days=3), approved=False)

    # 3. The two demo practices of the IS department.
    demo_student = Student.objects.filter(institution=institution, user__username="student").first()
    bachelor = [p for p in is_programs if p.level == "bachelor"]
    if not bachelor:
        return {"practice_bases": len(bases)}
    current_program = demo_student.program if demo_student and demo_student.program in bachelor else bachelor[0]
    upcoming_program = next((p for p in bachelor if p != current_program), current_program)
    current = _practice(year, current_program, today - dt.timedelta(days=40), PracticeKind.PRODUCTION, 3)
    upcoming = _practice(
        year, upcoming_program, today + dt.timedelta(days=40),
        PracticeKind.PRODUCTION if upcoming_program != current_program else PracticeKind.EDUCATIONAL,
        3 if upcoming_program != current_program else 1,
    )  # fmt: skip

    # Contracts: framework contracts signed long ago, except one base without a contract ("missing")
    # and one signed 20 days before the current practice ("late").
    is_bases = [b for b in bases if b.programs.filter(pk=current_program.pk).exists()]
    missing = next((b for b in is_bases if b.organization.short_name == "Digital Akimat Lab"), None)
    late = next((b for b in is_bases if b.organization.short_name == "Нұр Телеком"), None)
    contracts = 0
    for i, base in enumerate(bases):
        if base == missing:
            continue
        signed = current.starts_on - dt.timedelta(days=20) if base == late else year.starts_on - dt.timedelta(days=300)
        contract = PracticeContract.objects.create(
            base=base, department=base.department, kind=ContractKind.FRAMEWORK,
            number=f"ПБ-{year.start_year}/{i + 1:02d}", signed_on=signed, valid_from=min(signed, year.starts_on),
            valid_until=year.starts_on.replace(year=year.start_year + 3), custodian=Custodian.CAREER_CENTER,
        )  # fmt: skip
        contracts += 1
        if base in is_bases and base != late:
            ContractAnnex.objects.create(
                contract=contract, practice=current, number="1", signed_on=current.starts_on - dt.timedelta(days=45),
                student_count=base.capacity,
            )  # fmt: skip
    # An expiring contract for the contract list's filter.
    if len(bases) > 6:
        PracticeContract.objects.create(
            base=bases[6], department=bases[6].department, kind=ContractKind.SINGLE, number=f"ПБ-{year.start_year}/E",
            signed_on=today - dt.timedelta(days=300), valid_from=today - dt.timedelta(days=300),
            valid_until=today + dt.timedelta(days=25),
        )  # fmt: skip
        contracts += 1

    counts = {
        "practice_plan": len(plan),
        "practice_bases": PracticeBase.objects.filter(institution=institution).count(),
        "practice_contracts": contracts,
    }
    counts.update(_place(current, is_bases, rng, today, demo_student, missing, late, current=True))
    upcoming_bases = [b for b in bases if b.programs.filter(pk=upcoming_program.pk).exists()]
    counts_up = _place(upcoming, upcoming_bases, rng, today, None, missing, late, current=False)
    counts["placements"] += counts_up["placements"]
    counts["placements"] += _pre_graduate(year, current_program, is_bases, rng)
    counts["placements"] += _in_progress(institution, year, bachelor, bases, rng, today, missing, late)
    return counts


def _in_progress(
    institution: Institution,
    year: AcademicYear,
    bachelor: list[EducationalProgram],
    bases: list[PracticeBase],
    rng: random.Random,
    today: dt.date,
    missing: PracticeBase | None,
    late: PracticeBase | None,
) -> int:
    """This year's pre-graduate practice of the demo `student2` login's program, started five days ago: the
    login has a practice under way whose diary they can fill (the `student` login's practice is over and
    graded). Seeded last, so the other practices keep the data they had."""
    student = Student.objects.filter(institution=institution, user__username="student2").first()
    if student is None or student.program not in bachelor:
        return 0
    practice = _practice(year, student.program, today - dt.timedelta(days=5), PracticeKind.PRE_GRADUATE, 4)
    program_bases = [b for b in bases if b.programs.filter(pk=student.program_id).exists()]
    return _place(practice, program_bases, rng, today, student, missing, late, current=True)["placements"]


THESIS_TOPICS = (
    "Разработка информационной системы учёта заявок для ИТ-отдела предприятия",
    "Кәсіпорынның құжат айналымын автоматтандыру жүйесін әзірлеу",
    "Проектирование веб-портала для взаимодействия с клиентами банка",
    "Деректерді талдау негізінде сатуды болжау модулін жобалау",
    "Разработка мобильного приложения для мониторинга энергопотребления",
    "Ақпараттық қауіпсіздік тәуекелдерін бағалаудың автоматтандырылған жүйесі",
)
PRE_GRADUATE_PLACES = 6


def _pre_graduate(
    year: AcademicYear, program: EducationalProgram, bases: list[PracticeBase], rng: random.Random
) -> int:
    """Last year's pre-graduate practice of the program with students who have since graduated (R-045)."""
    from mansap.practice.services import placements as svc

    previous = AcademicYear.objects.filter(institution=year.institution, start_year=year.start_year - 1).first()
    if previous is None or not bases:
        return 0
    students = list(
        Student.objects.filter(
            program=program, graduation_date__gt=previous.starts_on, graduation_date__lte=previous.ends_on
        ).order_by("pk")[:PRE_GRADUATE_PLACES]
    )
    if not students:
        return 0
    graduation = min(s.graduation_date for s in students if s.graduation_date)
    practice = _practice(previous, program, graduation - dt.timedelta(days=85), PracticeKind.PRE_GRADUATE, 4)
    teachers = list(
        Employee.objects.filter(
            department_id=practice.department_id,
            position__in=[Position.PROFESSOR, Position.ASSOCIATE_PROFESSOR, Position.SENIOR_LECTURER],
        ).order_by("pk")
    )
    order = PracticeOrder.objects.create(
        practice=practice, submitted_on=practice.starts_on - dt.timedelta(days=40), language="kk",
        order_number=f"{rng.randint(100, 400)}-П", order_date=practice.starts_on - dt.timedelta(days=32),
    )  # fmt: skip
    made, taken = 0, dict.fromkeys([b.pk for b in bases], 0)
    for i, student in enumerate(students):
        base = next((b for b in bases[i % len(bases) :] + bases if taken[b.pk] < b.capacity), None)
        if base is None:
            break
        taken[base.pk] += 1
        name, position = COMPANY_SUPERVISORS[i % len(COMPANY_SUPERVISORS)]
        placement = svc.place_student(
            practice, student, base, acting_user=None,
            supervisor=teachers[i % len(teachers)] if teachers else None,
            company_supervisor_name=name, company_supervisor_position=position,
            company_supervisor_email=f"thesis{i + 1}@{base.organization.short_name.lower().replace(' ', '')[:12]}"
            ".example",
            thesis_topic=THESIS_TOPICS[i % len(THESIS_TOPICS)],
        )  # fmt: skip
        placement.order = order
        placement.referral_issued_on = practice.starts_on - dt.timedelta(days=9)
        placement.save(update_fields=["order", "referral_issued_on", "updated_at"])
        made += 1
    return made


def _practice(year: AcademicYear, program: EducationalProgram, starts_on: dt.date, kind: str, course: int) -> Practice:
    """The plan's practice of the program moved to the demo dates (or a new one)."""
    practice = Practice.objects.filter(academic_year=year, program=program, kind=kind, course=course).first()
    if practice is None:
        practice = Practice(academic_year=year, institution=year.institution, program=program,
                            department=program.department, kind=kind, course=course, credits=6)  # fmt: skip
    practice.starts_on = starts_on
    practice.ends_on = starts_on + dt.timedelta(days=27)
    practice.special_cycle_ends_on = starts_on - dt.timedelta(days=3) if kind == PracticeKind.PRODUCTION else None
    practice.status = PracticeStatus.SENT
    practice.sent_at = practice.sent_at or timezone.make_aware(
        dt.datetime.combine(starts_on - dt.timedelta(days=70), dt.time(10))
    )
    practice.full_clean()
    practice.save()
    return practice


def _place(
    practice: Practice,
    bases: list[PracticeBase],
    rng: random.Random,
    today: dt.date,
    demo_student: Student | None,
    missing: PracticeBase | None,
    late: PracticeBase | None,
    *,
    current: bool,
) -> dict[str, int]:
    from mansap.practice.services import placements as svc

    students = list(
        Student.objects.filter(
            program=practice.program, status=StudentStatus.STUDYING, course=practice.course
        ).order_by("pk")
    )
    if demo_student is not None and demo_student.program_id == practice.program_id and demo_student not in students:
        students.append(demo_student)
    places = sum(b.capacity for b in bases)
    if len(students) > places:  # keep the demo cohort within the places (the rest study in another group)
        keep = [s for s in students if s == demo_student]
        students = keep + [s for s in students if s != demo_student][: places - len(keep) - 1]
    if not students or not bases:
        return {"placements": 0, "placement_preferences": 0}
    # One student has not completed the special disciplines cycle (production practice only).
    debtor = next((s for s in reversed(students) if s != demo_student), None)
    if practice.kind == PracticeKind.PRODUCTION and debtor is not None and current:
        practice.students_with_cycle_debt.add(debtor)
    preferences = 0
    favourites = [b for b in (missing, late) if b is not None and b in bases]
    for i, student in enumerate(students):
        chosen = rng.sample(bases, k=min(3, len(bases)))
        if student == demo_student:  # the demo login's base has a timely contract
            chosen = [b for b in bases if b not in favourites][:3]
        elif i < len(favourites) * 2:
            favourite = favourites[i % len(favourites)]
            chosen = [favourite, *[b for b in chosen if b != favourite][:2]]
        for rank, base in enumerate(chosen, start=1):
            PlacementPreference.objects.create(practice=practice, student=student, base=base, rank=rank)
            preferences += 1
    # Students outside the practice's course list (the demo student) are placed by hand first.
    teachers = list(
        Employee.objects.filter(
            department_id=practice.department_id, position__in=[Position.PROFESSOR, Position.ASSOCIATE_PROFESSOR,
                                                                 Position.SENIOR_LECTURER]
        ).order_by("pk")
    )  # fmt: skip
    if demo_student is not None and demo_student in students and demo_student.course != practice.course:
        first = PlacementPreference.objects.filter(practice=practice, student=demo_student).order_by("rank").first()
        if first is not None:
            svc.place_student(practice, demo_student, first.base, acting_user=None,
                              supervisor=teachers[0] if teachers else None)  # fmt: skip
    svc.propose_allocation(practice, acting_user=None)
    placements = list(practice.placements.select_related("base").order_by("pk"))
    lecturer = Employee.objects.filter(department_id=practice.department_id, position=Position.LECTURER).first()
    for i, placement in enumerate(placements):
        name, position = COMPANY_SUPERVISORS[i % len(COMPANY_SUPERVISORS)]
        placement.company_supervisor_name = name
        placement.company_supervisor_position = position
        placement.company_supervisor_email = (
            f"mentor{i + 1}@{placement.base.organization.short_name.lower().replace(' ', '')[:12]}.example"
        )
        placement.company_supervisor_phone = (
            f"+7 701 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        )
        if i == 1 and lecturer is not None:  # a flagged exception
            placement.supervisor = lecturer
            placement.supervisor_exception = "Магистр, 8 лет практического опыта в отрасли"
        elif placement.supervisor is None and teachers:
            placement.supervisor = teachers[i % len(teachers)]
        placement.status = PlacementStatus.CONFIRMED
        if current:
            # referrals a week before the start; one late
            placement.referral_issued_on = practice.starts_on - dt.timedelta(days=3 if i == 2 else 8)
            placement.rules_acknowledged_on = practice.starts_on - dt.timedelta(days=2)
        placement.save()
    used = sorted({p.base_id for p in placements})
    if current:
        for i, base_id in enumerate(used):
            sent = practice.starts_on - dt.timedelta(days=25 if i == 0 else 35)  # one late package
            CompanyPackage.objects.create(practice=practice, base_id=base_id, sent_on=sent,
                                          approved_on=sent + dt.timedelta(days=5), language="kk")  # fmt: skip
        order = PracticeOrder.objects.create(
            practice=practice, submitted_on=practice.starts_on - dt.timedelta(days=38), language="kk",
            order_number=f"{rng.randint(100, 400)}-П", order_date=practice.starts_on - dt.timedelta(days=30),
        )  # fmt: skip
        Placement.objects.filter(practice=practice, status=PlacementStatus.CONFIRMED).update(order=order)
    else:
        # The upcoming practice: one package already sent, the rest pending.
        if used:
            CompanyPackage.objects.create(practice=practice, base_id=used[0], sent_on=today - dt.timedelta(days=2))
    return {"placements": len(placements), "placement_preferences": preferences}


def flush(institution: Institution) -> None:
    """Delete every practice row of the institution, children before parents (PROTECT)."""
    per_practice = Q(practice__institution=institution)
    purge(PracticeDocument.objects.filter(institution=institution))
    purge(DiaryEntry.objects.filter(institution=institution))
    purge(Placement.objects.filter(per_practice))
    purge(PlacementPreference.objects.filter(per_practice))
    purge(PracticeOrder.objects.filter(per_practice))
    purge(CompanyPackage.objects.filter(per_practice))
    purge(Conference.objects.filter(per_practice))
    purge(Meeting.objects.filter(per_practice))
    commissions = DefenceCommission.objects.filter(per_practice)
    DefenceCommission.members.through.objects.filter(defencecommission__in=commissions).delete()
    purge(commissions)
    purge(ContractAnnex.objects.filter(institution=institution))
    purge(PracticeContract.objects.filter(institution=institution))
    purge(BaseVetting.objects.filter(institution=institution))
    bases = PracticeBase.objects.filter(institution=institution)
    PracticeBase.programs.through.objects.filter(practicebase__in=bases).delete()
    purge(bases)
    practices = Practice.objects.filter(institution=institution)
    Practice.students_with_cycle_debt.through.objects.filter(practice__in=practices).delete()
    purge(practices)
    purge(GradeBand.objects.filter(institution=institution))
    purge(RetentionRule.objects.filter(institution=institution))

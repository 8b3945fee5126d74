"""Demo data of the academics app, its step of the demo (mansap/demo.py runs it after quality).

A catalogue of 24 courses (three per term of a four-year bachelor's curriculum, names in kk/ru/en) and the
grades of the current students of the demo departments A and B, as if imported from AIS Platonus: every completed
term of their studies, mostly B and C, a few FX and F retaken in the summer semester (and at least one
academic debt in the latest session), physical education as pass rows. The demo student sees their own record,
GPA and rank (`make run`).

Curricula (R-093, R-109, R-135): a model curriculum of each bachelor's program of departments A and B for the
admission years of their current students, from the same catalogue (two elective groups in years 3 and 4); the
demo's credit range is 25–40 (its catalogue has three courses a term, not a real year's 60 credits). Individual
curricula of this academic year for their students in turn approved (by the advisor), submitted, a draft short of
its electives, and none at all, so the gaps page has each kind; aigerim advises six of department A's students, the
demo student among them when they study there.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from mansap.academics.choices import Attempt, Attestation, Component, Cycle, GradeKind, Term
from mansap.academics.models import (
    Course,
    CurriculumSettings,
    ElectiveGroup,
    Grade,
    GradeScaleBand,
    IndividualCurriculum,
    ModelCurriculum,
    ModelCurriculumRow,
)
from mansap.academics.services.catalogue import default_scale
from mansap.common.demo import purge
from mansap.core.choices import ProgramLevel, StudentStatus
from mansap.core.demo import DEMO_DEPARTMENT_A, DEMO_DEPARTMENT_B
from mansap.core.models import Institution, Student

G, B, P = Cycle.GENERAL, Cycle.BASIC, Cycle.PROFILE
R, E = Component.REQUIRED, Component.ELECTIVE
# (code, kk, ru, en, credits, cycle, component): three courses per term, year 1 term 1 first.
COURSES = [
    ("HK1101", "Қазақстанның қазіргі заман тарихы", "Современная история Казахстана",
     "Modern History of Kazakhstan", 5, G, R),
    ("FL1102", "Шетел тілі", "Иностранный язык", "Foreign Language", 5, G, R),
    ("MAT1103", "Жоғары математика", "Высшая математика", "Higher Mathematics", 5, B, R),
    ("ICT1201", "Ақпараттық-коммуникациялық технологиялар", "Информационно-коммуникационные технологии",
     "Information and Communication Technologies", 5, G, R),
    ("KRL1202", "Қазақ (орыс) тілі", "Казахский (русский) язык", "Kazakh (Russian) Language", 5, G, R),
    ("PHY1203", "Физика", "Физика", "Physics", 5, B, R),
    ("PHIL2101", "Философия", "Философия", "Philosophy", 5, G, R),
    ("ALG2102", "Алгоритмдер және деректер құрылымдары", "Алгоритмы и структуры данных",
     "Algorithms and Data Structures", 6, B, R),
    ("STAT2103", "Ықтималдықтар теориясы және статистика", "Теория вероятностей и статистика",
     "Probability and Statistics", 5, B, R),
    ("DB2201", "Деректер қорлары", "Базы данных", "Databases", 5, B, R),
    ("ECO2202", "Экономикалық теория", "Экономическая теория", "Economic Theory", 4, B, E),
    ("OOP2203", "Объектіге бағытталған бағдарламалау", "Объектно-ориентированное программирование",
     "Object-Oriented Programming", 6, B, R),
    ("NET3101", "Компьютерлік желілер", "Компьютерные сети", "Computer Networks", 5, P, R),
    ("WEB3102", "Веб-әзірлеу", "Веб-разработка", "Web Development", 5, P, E),
    ("SE3103", "Бағдарламалық жасақтама инженериясы", "Программная инженерия", "Software Engineering", 6, P, R),
    ("OS3201", "Операциялық жүйелер", "Операционные системы", "Operating Systems", 5, P, R),
    ("ML3202", "Машиналық оқыту негіздері", "Основы машинного обучения", "Foundations of Machine Learning",
     5, P, E),
    ("SEC3203", "Ақпараттық қауіпсіздік", "Информационная безопасность", "Information Security", 5, P, R),
    ("PM4101", "IT-жобаларды басқару", "Управление IT-проектами", "IT Project Management", 5, P, E),
    ("CLD4102", "Бұлтты технологиялар", "Облачные технологии", "Cloud Computing", 5, P, E),
    ("QA4103", "Бағдарламалық жасақтаманы тестілеу", "Тестирование программного обеспечения", "Software Testing",
     5, P, R),
    ("PR4201", "Өндірістік практика", "Производственная практика", "Industrial Practice", 10, P, R),
    ("DIP4202", "Дипломдық жобаны жазу және қорғау", "Написание и защита дипломного проекта",
     "Writing and Defending the Diploma Project", 8, P, R),
    ("PE1000", "Дене шынықтыру", "Физическая культура", "Physical Education", 2, G, R),
]  # fmt: skip
LETTERS = ["A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "FX", "F"]
WEIGHTS = [8, 10, 13, 15, 13, 11, 9, 6, 4, 4, 4, 3]
PERCENT = {band.letter: (band.min_percent, band.max_percent) for band in default_scale()}
MAX_STUDENTS = 120


def seed(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    if Course.objects.filter(institution=institution).exists():
        return {}
    courses = [
        Course(institution=institution, code=code, name_kk=kk, name_ru=ru, name_en=en, credits=credits, cycle=cycle,
               component=component)
        for code, kk, ru, en, credits, cycle, component in COURSES
    ]  # fmt: skip
    Course.objects.bulk_create(courses)
    by_term = [courses[i : i + 3] for i in range(0, 24, 3)]  # 8 terms of 3 courses
    pe = courses[-1]
    current = today.year if today.month >= 9 else today.year - 1  # the academic year under way
    students = (
        Student.objects.filter(
            institution=institution,
            program__department__code__in=[DEMO_DEPARTMENT_A, DEMO_DEPARTMENT_B],
            program__level=ProgramLevel.BACHELOR,
            admission_year__isnull=False,
            status=StudentStatus.STUDYING,
            graduation_date__isnull=True,
        )
        .order_by("pk")
        .only("pk", "admission_year")[:MAX_STUDENTS]
    )
    grades: list[Grade] = []
    for student in students:
        if student.admission_year is None:
            continue
        strength = rng.gauss(0, 1.5)  # some students are stronger than others
        for year_index in range(4):
            start = student.admission_year + year_index
            for term_index, term in enumerate((Term.FIRST, Term.SECOND)):
                if not _done(start, term, current, today):
                    continue
                year = f"{start}-{start + 1}"
                for course in by_term[year_index * 2 + term_index]:
                    grades.extend(_attempts(rng, student, course, year, term, strength))
                if year_index == 0:
                    grades.append(Grade(
                        student=student, course=pe, academic_year=year, term=term, attestation=Attestation.FINAL,
                        kind=GradeKind.PASS, letter="", attempt=Attempt.REGULAR,
                    ))  # fmt: skip
    grades = _with_a_debt(grades)
    Grade.objects.bulk_create(grades, batch_size=2000)
    counts = {"courses": len(courses), "course grades": len(grades)}
    counts.update(seed_curricula(institution, courses, students))
    return counts


# Demo elective groups: (year of study, name, credits to choose, course codes).
ELECTIVE_GROUPS = [
    (3, "Профильдік элективтер / Профильные элективы", 5, ("WEB3102", "ML3202")),
    (4, "Жобалау элективтері / Проектные элективы", 5, ("PM4101", "CLD4102")),
]
DEMO_MIN_CREDITS, DEMO_MAX_CREDITS = 25, 40


def seed_curricula(institution: Institution, courses: list[Course], students: Any) -> dict[str, int]:
    from django.core.exceptions import ValidationError

    from mansap.academics.services import curricula as services
    from mansap.academics.services.checks import check_curriculum, current_academic_year
    from mansap.core.models import Employee

    services.save_credit_range(
        institution, min_credits=DEMO_MIN_CREDITS, max_credits=DEMO_MAX_CREDITS, acting_user=None
    )
    grouped = {code: (year, name) for year, name, _credits, codes in ELECTIVE_GROUPS for code in codes}
    studying = [s for s in students if s.admission_year is not None]
    keys = sorted({(s.program_id, s.admission_year) for s in studying})
    models = 0
    for program_id, admission_year in keys:
        model = ModelCurriculum.objects.create(program_id=program_id, admission_year=admission_year)
        groups = {
            name: ElectiveGroup.objects.create(curriculum=model, name=name, year_of_study=year, credits=credits)
            for year, name, credits, _codes in ELECTIVE_GROUPS
        }
        rows = []
        for index, course in enumerate(courses):
            if course.code == "PE1000":
                year_of_study, term = 1, Term.FIRST
            else:
                year_of_study, term = index // 6 + 1, (Term.FIRST, Term.SECOND)[(index // 3) % 2]
            group = groups[grouped[course.code][1]] if course.code in grouped else None
            rows.append(ModelCurriculumRow(
                curriculum=model, course=course, year_of_study=year_of_study, term=term,
                component=course.component or Component.REQUIRED, elective_group=group,
            ))  # fmt: skip
        ModelCurriculumRow.objects.bulk_create(rows)
        models += 1
    advisor = Employee.objects.filter(user__username="aigerim").first()
    year = current_academic_year()
    full = list(
        Student.objects.filter(pk__in=[s.pk for s in studying])
        .select_related("user", "program__department")
        .order_by("pk")
    )
    login = {s.pk: s.user.username if s.user is not None else "" for s in full}
    if advisor is not None:
        in_a = [s for s in full if s.program.department.code == DEMO_DEPARTMENT_A]
        advised = sorted(in_a, key=lambda s: login[s.pk] != "student")[:6]
        Student.objects.filter(pk__in=[s.pk for s in advised]).update(advisor=advisor)
    individual = 0
    for index, student in enumerate(full):
        kind = index % 4
        if kind == 3 or login[student.pk] == "student2":
            continue  # no curriculum: a gap
        try:
            curriculum = services.draw_up(student, academic_year=year, acting_user=None)
        except ValidationError:  # not studying this year: no curriculum expected
            continue
        individual += 1
        if kind == 2:
            continue  # a draft, its electives not chosen yet
        electives = ModelCurriculumRow.objects.filter(
            curriculum__program_id=student.program_id, curriculum__admission_year=student.admission_year or 0,
            year_of_study=curriculum.year_of_study, elective_group__isnull=False,
        ).select_related("course")[:1]  # fmt: skip
        for row in electives:
            services.add_item(curriculum, course=row.course, term=row.term, acting_user=None)
        services.submit(curriculum, acting_user=None)
        if kind == 0 and check_curriculum(curriculum).passed:
            services.approve(curriculum, acting_user=None)
    return {"model curricula": models, "individual curricula": individual}


def _with_a_debt(grades: list[Grade]) -> list[Grade]:
    """At least one academic debt in the latest session (the session results page's default): the first graded
    attempt of that term becomes an FX that no summer attempt retakes (the summer semester's planning has a row)."""
    regular = [g for g in grades if g.term != Term.SUMMER and g.kind == GradeKind.GRADED]
    if not regular:
        return grades
    latest = max((g.academic_year, g.term) for g in regular)
    debt = next(g for g in regular if (g.academic_year, g.term) == latest)
    debt.letter, debt.percent = "FX", PERCENT["FX"][0] + 10
    return [
        g
        for g in grades
        if not (g.term == Term.SUMMER and g.student is debt.student and g.course is debt.course
                and g.academic_year == debt.academic_year)
    ]  # fmt: skip


def _done(start: int, term: str, current: int, today: dt.date) -> bool:
    """Whether the session of a term is over: every term of a past year; term 1 of the current year from
    February, term 2 from July."""
    if start < current:
        return True
    if start > current:
        return False
    return today.month in range(2, 9) if term == Term.FIRST else today.month in (7, 8)


def _letter(rng: random.Random, strength: float) -> str:
    index = rng.choices(range(len(LETTERS)), weights=WEIGHTS)[0]
    return LETTERS[max(0, min(len(LETTERS) - 1, round(index - strength)))]


def _grade(
    student: Student, course: Course, year: str, term: str, letter: str, attempt: str, rng: random.Random
) -> Grade:
    low, high = PERCENT[letter]
    return Grade(
        student=student, course=course, academic_year=year, term=term, attestation=Attestation.EXAM,
        kind=GradeKind.GRADED, letter=letter, percent=rng.randint(low, high), attempt=attempt,
    )  # fmt: skip


def _attempts(
    rng: random.Random, student: Student, course: Course, year: str, term: str, strength: float
) -> list[Grade]:
    letter = _letter(rng, strength)
    rows = [_grade(student, course, year, term, letter, Attempt.REGULAR, rng)]
    if letter in ("FX", "F") and rng.random() < 0.8:  # retaken in the summer semester
        rows.append(
            _grade(student, course, year, Term.SUMMER, rng.choice(["C", "C-", "D+", "B-"]), Attempt.SUMMER, rng)
        )
    return rows


def flush(institution: Institution) -> None:
    purge(IndividualCurriculum.objects.filter(student__institution=institution))
    purge(ModelCurriculum.objects.filter(program__department__faculty__institution=institution))
    purge(CurriculumSettings.objects.filter(institution=institution))
    purge(Grade.objects.filter(course__institution=institution))
    purge(Course.objects.filter(institution=institution))
    purge(GradeScaleBand.objects.filter(institution=institution))

"""Importing grades from an AIS Platonus export (XLSX or CSV), all or nothing (issue #14; Q21).

    python manage.py import_grades FILE [--dry-run] [--json] [--institution CODE] [--language kk|ru|en]
                                        [--user USERNAME]

and the same from the page (an import job: upload, background check with progress, confirm, error report).
One row per attempt, columns (English names or their Russian and Kazakh aliases, any case):

    iin, course_code, course_name, credits, academic_year (2025-2026), term (1, 2 or summer),
    attestation (exam, coursework, practice, final), percent (0–100, optional), letter (empty for a pass row),
    kind (graded, pass, exempted), attempt (regular, retake, summer)

Error codes, each naming the row and the column:

- `unknown_student`: no student of the institution has the IIN;
- `bad_grade`: no such letter in the grading scale, a graded row without a letter, a pass or exempted row with
  one, or a percent outside 0–100;
- `grade_mismatch`: the letter and the percent disagree with the scale;
- `bad_credits`: not a whole number 1–30, or different from the catalogue's credits for the course;
- `bad_term`: a term other than 1, 2 or summer, or an academic year not written as 2025-2026;
- `duplicate_row`: the same student, course, academic year, term and attempt twice in the file.

One warning code (the row is imported): `practice_grade_differs`, the row replaces a grade given in Mansap's
practice module (source "practice") for the same student, course, academic year and term with another letter.
Such a practice row is removed by the import whatever its letter: Platonus wins (services.practice_grades).

A course code not yet in the catalogue is added to it from its first row (name and credits); every later row, in
this file or another, must agree with the catalogue's credits. A row is identified by (student, course, academic
year, term, attempt): importing the same file twice adds nothing, and a changed grade is updated (its history
keeps the previous one). Nobody types a grade: the import is the only writer (Platonus is the source of truth).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from mansap.academics.choices import Attempt, Attestation, GradeKind, GradeSource, Term
from mansap.academics.models import Course, Grade
from mansap.academics.models.catalogue import MAX_CREDITS, MIN_CREDITS
from mansap.academics.services.catalogue import band_of_percent, current_scale, normalize_letter
from mansap.common.history import attributed
from mansap.common.import_runs import ImportRun, table_import
from mansap.common.importing import (
    BASE_MESSAGES,
    CellError,
    Column,
    ImportReport,
    ImportSpec,
    ParsedRow,
    enum_parser,
    identifier_text,
    normalize_choice,
    parse_decimal,
    parse_int,
    parse_rows,
    text_parser,
)
from mansap.core.access import is_academic_records_editor
from mansap.core.models import Student

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser
    from mansap.core.models import Institution

KIND = "grades"
BATCH_SIZE = 1000

MESSAGES: dict[str, Any] = {
    **BASE_MESSAGES,
    "unknown_student": _("No student of the university has the IIN {value}."),
    "bad_grade": _("{value} is not a letter of the grading scale ({choices})."),
    "bad_grade.missing": _("A graded row needs a letter."),
    "bad_grade.pass": _("A pass or exempted row has no letter, but {value} is given."),
    "bad_grade.percent": _("{value} is not a percent between 0 and 100."),
    "grade_mismatch": _("The letter {letter} does not match {value}%: the scale gives {expected}."),
    "bad_credits": _("{value} is not a whole number of credits between {min} and {max}."),
    "bad_credits.catalogue": _("The course {course} has {catalogue} credits in the catalogue, not {value}."),
    "bad_term": _("{value} is not a term: write 1, 2 or summer."),
    "bad_term.year": _("{value} is not an academic year: write it as 2025-2026."),
    "duplicate_row": _("This attempt (student, course, year, term and attempt) is already given in row {first_row}."),
    "practice_grade_differs": _(
        "The practice grade {practice} given in Mansap for {course} differs from {value}: this row replaces it."
    ),
}

# What a user who is not of the Student Service Center is told (the command, and a grade import job's confirm).
REFUSAL = _("Only the Student Service Center imports grades.")

_YEAR = re.compile(r"^(\d{4})\s*[-/–—]\s*(\d{4})$")
TERM_SPELLINGS = {
    "1": Term.FIRST, "2": Term.SECOND, "summer": Term.SUMMER, "летний": Term.SUMMER, "летний семестр": Term.SUMMER,
    "жазғы": Term.SUMMER, "жазғы семестр": Term.SUMMER, "лето": Term.SUMMER, "жаз": Term.SUMMER,
}  # fmt: skip


def parse_academic_year(value: Any) -> str:
    match = _YEAR.match(str(value).strip())
    if not match or int(match[2]) != int(match[1]) + 1 or int(match[1]) < 1990:
        raise CellError("bad_term", variant="year")
    return f"{match[1]}-{match[2]}"


def parse_term(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    term = TERM_SPELLINGS.get(normalize_choice(value))
    if term is None:
        raise CellError("bad_term")
    return str(term)


def parse_credits(value: Any) -> int:
    return parse_int(value, minimum=MIN_CREDITS, maximum=MAX_CREDITS, code="bad_credits")


def parse_percent(value: Any) -> Decimal:
    try:
        return parse_decimal(value, minimum=Decimal(0), maximum=Decimal(100), code="bad_grade")
    except CellError as exc:
        raise CellError("bad_grade", variant="percent") from exc


def columns() -> list[Column]:
    return [
        Column("iin", ("иин", "жсн", "ИИН студента", "білім алушының ЖСН"), required=True, parse=identifier_text,
               label=_("IIN")),
        Column("course_code", ("код дисциплины", "код", "пән коды", "пәннің коды"), required=True,
               parse=text_parser(40), label=_("course code")),
        Column("course_name", ("дисциплина", "наименование дисциплины", "пән", "пәннің атауы", "пән атауы"),
               required=True, parse=text_parser(300), label=_("course name")),
        Column("credits", ("кредиты", "кредит", "количество кредитов", "кредиттер", "кредит саны"), required=True,
               parse=parse_credits, label=_("credits"), help=_("a whole number 1–30")),
        Column("academic_year", ("учебный год", "оқу жылы"), required=True, parse=parse_academic_year,
               label=_("academic year"), help="2025-2026"),
        Column("term", ("семестр", "академический период", "кезең", "академиялық кезең"), required=True,
               parse=parse_term, label=_("term"), help=_("1, 2 or summer")),
        Column("attestation", ("аттестация", "вид контроля", "форма контроля", "бақылау түрі", "аттестаттау"),
               required=True, label=_("attestation"), help="exam, coursework, practice, final",
               parse=enum_parser(Attestation, {
                   "экзамен": "exam", "емтихан": "exam", "курсовая работа": "coursework",
                   "курстық жұмыс": "coursework", "практика": "practice", "тәжірибе": "practice",
                   "итоговая аттестация": "final", "қорытынды аттестаттау": "final",
               })),
        Column("percent", ("процент", "балл", "итоговый балл", "%", "пайыз", "қорытынды балл"), parse=parse_percent,
               label=_("percent"), help=_("0–100, optional")),
        Column("letter", ("буквенная оценка", "оценка", "әріптік баға", "баға"), parse=text_parser(8),
               label=_("letter"), help=_("A to F; empty for a pass row")),
        Column("kind", ("вид оценки", "тип оценки", "баға түрі"), required=True, label=_("kind"),
               help="graded, pass, exempted",
               parse=enum_parser(GradeKind, {
                   "оценка": "graded", "баға": "graded", "зачет": "pass", "зачтено": "pass", "сынақ": "pass",
                   "сынақ қойылды": "pass", "перезачет": "exempted", "перезачтено": "exempted",
                   "освобожден": "exempted", "қайта есептелді": "exempted",
               })),
        Column("attempt", ("попытка", "сдача", "тапсыру", "әрекет"), required=True, label=_("attempt"),
               help="regular, retake, summer",
               parse=enum_parser(Attempt, {
                   "основная": "regular", "негізгі": "regular", "пересдача": "retake",
                   "повторное изучение": "retake", "қайта тапсыру": "retake", "летний семестр": "summer",
                   "жазғы семестр": "summer",
               })),
    ]  # fmt: skip


def spec() -> ImportSpec:
    return ImportSpec(columns(), MESSAGES)


def column_help() -> list[dict[str, Any]]:
    return spec().column_help()


GradeKey = tuple[int, str, str, str, str]  # student id, course code, academic year, term, attempt


@dataclass
class Plan:
    """What the import writes for the rows checked since the last write (a dry run counts exactly as a real run)."""

    new_courses: dict[str, Course] = field(default_factory=dict)
    create: list[tuple[GradeKey, dict[str, Any]]] = field(default_factory=list)
    update: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (grade pk, new values)
    replace: set[int] = field(default_factory=set)  # pks of the practice rows Platonus's rows replace


# What a stored grade is compared on: its pk and the values a row may change (plain values, not a model instance:
# a re-import of 1,000,000 rows keeps no million Grades in memory).
STORED_FIELDS = ("attestation", "kind", "percent", "letter", "source")
Stored = tuple[int, str, str, Decimal | None, str, str]


@dataclass
class _Check:
    institution: Institution
    report: ImportReport
    plan: Plan = field(default_factory=Plan)
    _loaded: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.scale = {band.letter: band for band in current_scale(self.institution)}
        self.students = dict(Student.objects.filter(institution=self.institution).values_list("iin", "pk"))
        self.courses = {c.code: c for c in Course.objects.filter(institution=self.institution)}
        self.courses_added = 0
        self.practice_replaced = 0
        self.grades: dict[GradeKey, Stored] = {}
        # The practice rows (source "practice") by student, course, academic year and term: (pk, letter); a Platonus
        # row there replaces them (services.practice_grades).
        self.practice: dict[tuple[int, str, str, str], list[tuple[int, str]]] = {}
        self.seen: dict[GradeKey, int] = {}

    def load_grades(self, student_ids: set[int]) -> None:
        missing = student_ids - self._loaded
        if not missing:
            return
        stored = Grade.objects.filter(student_id__in=missing).order_by().values_list(
            "pk", "student_id", "course__code", "academic_year", "term", "attempt", *STORED_FIELDS
        )  # fmt: skip
        for pk, student_id, code, year, term, attempt, attestation, kind, percent, letter, source in stored:
            if source == GradeSource.PRACTICE:
                self.practice.setdefault((student_id, code, year, term), []).append((pk, letter))
                continue
            self.grades[(student_id, code, year, term, attempt)] = (pk, attestation, kind, percent, letter, source)
        self._loaded |= missing

    def chunk(self, rows: list[ParsedRow]) -> None:
        self.load_grades({self.students[r.data["iin"]] for r in rows if r.data.get("iin") in self.students})
        for row in rows:
            self.row(row)

    def row(self, row: ParsedRow) -> None:
        self.report.rows += 1
        data = row.data
        student_id = self.students.get(data["iin"]) if "iin" in data else None
        if "iin" in data and student_id is None:
            row.add_issue("iin", "unknown_student")
        code = data.get("course_code")
        if code is not None and "credits" in data:
            course = self.courses.get(code) or self.plan.new_courses.get(code)
            if course is not None and course.credits != data["credits"]:
                row.add_issue("credits", "bad_credits", variant="catalogue", course=code, catalogue=course.credits)
        self.check_grade(row)
        key: GradeKey | None = None
        if student_id is not None and code is not None and {"academic_year", "term", "attempt"} <= data.keys():
            key = (student_id, code, data["academic_year"], data["term"], data["attempt"])
            if key in self.seen:
                row.add_issue("attempt", "duplicate_row", first_row=self.seen[key])
            else:
                self.seen[key] = row.row
        if row.issues:
            self.report.invalid += 1
            self.report.errors.extend(row.issues)
            return
        self.report.valid += 1
        assert key is not None and code is not None
        if code not in self.courses and code not in self.plan.new_courses:
            self.courses_added += 1
            name = data["course_name"]
            self.plan.new_courses[code] = Course(
                institution=self.institution, code=code, credits=data["credits"], name_kk=name, name_ru=name,
                name_en=name,
            )  # fmt: skip
        values = {
            "attestation": data["attestation"],
            "kind": data["kind"],
            "percent": data.get("percent"),
            "letter": data.get("letter", ""),
            "source": GradeSource.PLATONUS,
        }
        for practice_pk, practice_letter in self.practice.pop(key[:4], ()):
            self.plan.replace.add(practice_pk)
            self.practice_replaced += 1
            if practice_letter != values["letter"]:
                shown = row.shown.get("letter") or row.shown.get("kind", "")
                self.report.warn(row.row, "letter", "practice_grade_differs", value=shown, practice=practice_letter,
                                 course=code)  # fmt: skip
        existing = self.grades.get(key)
        if existing is None:
            self.report.created += 1
            self.plan.create.append((key, values))
        elif existing[1:] != tuple(values[name] for name in STORED_FIELDS):
            self.report.updated += 1
            self.plan.update.append((existing[0], values))
        else:
            self.report.unchanged += 1

    def check_grade(self, row: ParsedRow) -> None:
        data = row.data
        kind = data.get("kind")
        letter = normalize_letter(data["letter"]) if "letter" in data else ""
        if "letter" in data:
            data["letter"] = letter
        if kind in (GradeKind.PASS, GradeKind.EXEMPTED):
            if letter:
                row.add_issue("letter", "bad_grade", variant="pass")
            return
        if kind != GradeKind.GRADED:
            return
        if not letter:
            if "letter" not in row.shown:
                row.add_issue("letter", "bad_grade", variant="missing")
            return
        if letter not in self.scale:
            row.add_issue("letter", "bad_grade", choices=", ".join(self.scale))
            return
        percent = data.get("percent")
        if percent is not None:
            band = band_of_percent(list(self.scale.values()), percent)
            if band is None or band.letter != letter:
                row.add_issue(
                    "letter", "grade_mismatch", value=row.shown["percent"], letter=row.shown["letter"],
                    expected=band.letter if band else "",
                )  # fmt: skip


def apply(check: _Check, *, acting_user: MaybeUser) -> None:
    """Write what the rows checked so far plan (inside the import's transaction), and start a new plan."""
    plan = check.plan
    check.plan = Plan()
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    for replaced in Grade.objects.filter(pk__in=plan.replace):  # Platonus wins: the practice's rows go (history
        attributed(replaced, acting_user, reason="import").delete()  # keeps them)
    for course in plan.new_courses.values():
        course.full_clean()
        attributed(course, acting_user, reason="import").save()
        check.courses[course.code] = course
    courses = check.courses
    for start in range(0, len(plan.create), BATCH_SIZE):
        new = [
            Grade(student_id=student_id, course=courses[code], academic_year=year, term=term, attempt=attempt,
                  **values)
            for (student_id, code, year, term, attempt), values in plan.create[start : start + BATCH_SIZE]
        ]  # fmt: skip
        bulk_create_with_history(
            new, Grade, batch_size=BATCH_SIZE, default_user=user, default_change_reason="import",
        )  # fmt: skip
    for start in range(0, len(plan.update), BATCH_SIZE):
        batch = plan.update[start : start + BATCH_SIZE]
        grades = Grade.objects.in_bulk([pk for pk, _values in batch])
        changed = []
        for pk, values in batch:
            grade = grades[pk]
            for name, value in values.items():
                setattr(grade, name, value)
            changed.append(grade)
        bulk_update_with_history(
            changed, Grade, list(STORED_FIELDS), batch_size=BATCH_SIZE, default_user=user,
            default_change_reason="import",
        )  # fmt: skip


def _import(run: ImportRun) -> None:
    report = run.report
    report.extra["preview"] = []
    check = _Check(run.institution, report)
    # Rows are written chunk by chunk as they are checked, so memory does not grow with the file; the first error
    # stops the writing (the rest is still checked, for the report) and rolls every written row back: all or nothing.
    with transaction.atomic():
        for chunk in parse_rows(run.table, run.spec.columns, run.header, progress=run.progress,
                                progress_span=(0.0, 0.95)):  # fmt: skip
            if run.header.missing:
                report.rows += len(chunk)
                report.invalid += len(chunk)
                continue
            check.chunk(chunk)
            if run.dry_run or report.errors.total:
                check.plan = Plan(new_courses=check.plan.new_courses)  # counted; the courses are still to add
            else:
                apply(check, acting_user=run.acting_user)
        if report.errors.total:
            transaction.set_rollback(True)
    report.extra["courses_added"] = check.courses_added
    report.extra["practice_replaced"] = check.practice_replaced
    if not report.refused():
        run.done()


# Check the file and, unless `dry_run` or it has an error, import it in one transaction. Raises UnreadableFile (not
# a spreadsheet, no header...) and PermissionDenied (a user who is not of the Student Service Center).
run_import = table_import(spec, is_academic_records_editor, _import)

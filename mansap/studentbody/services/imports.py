"""Importing past contingent orders (issue #15), all or nothing, on the platform's import rules.

    python manage.py import_orders FILE [--dry-run] [--json] [--institution CODE] [--language kk|ru|en]
                                        [--user USERNAME]

and the same from the page (an import job: upload, background check with progress, confirm, error report).
One row per student of an order; rows with the same order_number and order_date make one order. Columns
(English names or their Russian and Kazakh aliases, any case):

    order_number, order_date, type, iin, effective_date, ground, program_code, study_form, funding,
    year_of_study, last_name, first_name, middle_name, birth_date, sex

Imported orders count as signed and entered in Platonus. An `enrolment` or `transfer_in` row for an IIN not yet
in the platform creates the student (last_name, first_name, birth_date and sex are then required);
`program_code` is the program enrolled in or, for `transfer_internal`, the new one. Rows take effect in
effective-date order, after the orders already in the platform. Error codes, each naming the row and column:

- `unknown_student`: no student of the university has the IIN (and the row does not enrol one);
- `bad_type`: not an order type, or another type than the order's earlier rows (or the order in the platform);
- `state_conflict`: the order contradicts the student's state on its effective date (the message says why);
- `bad_ground`: a ground that is not one of the type's (or a ground for a type without one);
- `unknown_program`: no program of the university has the code;
- `duplicate_row`: the same student twice in one order;
- and the platform's `missing_field`, `bad_date`, `bad_choice`, `bad_number`, `too_long`.

Importing the same file twice adds nothing: a student already in the order is left as it is.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mansap.common.history import attributed
from mansap.common.import_runs import ImportRun, table_import
from mansap.common.importing import (
    BASE_MESSAGES,
    Column,
    ImportReport,
    ImportSpec,
    ParsedRow,
    RowCheck,
    choice_parser,
    choice_spellings,
    enum_parser,
    identifier_text,
    parse_date,
    parse_int,
    text_parser,
)
from mansap.core.access import is_contingent_editor
from mansap.core.choices import Funding, Sex, StudyForm
from mansap.core.models import EducationalProgram, Student
from mansap.studentbody.choices import ALL_GROUNDS, GROUNDS, IN_FORCE, NEEDS_PROGRAM, OrderStatus, OrderType
from mansap.studentbody.models import Order, OrderItem
from mansap.studentbody.services import states

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser
    from mansap.core.models import Institution

KIND = "orders"
CREATING = (OrderType.ENROLMENT, OrderType.TRANSFER_IN)

MESSAGES: dict[str, Any] = {
    **BASE_MESSAGES,
    "unknown_student": _("No student of the university has the IIN {value}."),
    "unknown_student.enrol": _(
        "No student of the university has the IIN {value}: to enrol one, give last_name, first_name, birth_date "
        "and sex."
    ),
    "bad_type": _("{value} is not an order type ({choices})."),
    "bad_type.order": _("The order {number} is of the type {type}, not {value}."),
    "state_conflict": _("{reason}"),
    "bad_ground": _("{value} is not a ground of this order type ({choices})."),
    "bad_ground.none": _("An order of this type has no ground, but {value} is given."),
    "unknown_program": _("No program of the university has the code {value}."),
    "duplicate_row": _("This student is already in the order in row {first_row}."),
}


def _type_parser() -> Any:
    extra = {
        "зачисление": "enrolment", "қабылдау": "enrolment", "оқуға қабылдау": "enrolment",
        "перевод из другого вуза": "transfer_in", "перевод в другой вуз": "transfer_out",
        "перевод внутри вуза": "transfer_internal", "восстановление": "reinstatement",
        "қайта қабылдау": "reinstatement",
        "отчисление": "expulsion", "шығару": "expulsion", "оқудан шығару": "expulsion",
        "академический отпуск": "academic_leave", "академиялық демалыс": "academic_leave",
        "выход из академического отпуска": "leave_return", "повторное обучение": "repeat_year",
        "перевод на грант": "state_grant", "стипендия": "scholarship", "назначение стипендии": "scholarship",
        "академическая мобильность": "mobility_out", "смена фамилии": "name_change", "тегін өзгерту": "name_change",
        "выпуск": "graduation", "бітіру": "graduation",
    }  # fmt: skip
    return enum_parser(OrderType, extra, code="bad_type")


def _ground_parser() -> Any:
    extra = {
        "по собственному желанию": "own_wish", "өз еркімен": "own_wish", "неуспеваемость": "academic_failure",
        "академическая неуспеваемость": "academic_failure", "үлгермеу": "academic_failure",
        "неоплата": "non_payment", "неоплата обучения": "non_payment", "төлемеу": "non_payment",
        "нарушение правил": "rules_violation", "перевод": "transfer", "ауысу": "transfer", "смерть": "death",
        "болезнь": "illness", "по болезни": "illness", "ауру": "illness", "армия": "military",
        "воинская служба": "military", "әскери қызмет": "military", "уход за ребенком": "childcare",
        "бала күтімі": "childcare",
    }  # fmt: skip
    values = {value for value, _label in ALL_GROUNDS}
    spellings: dict[str, str] = {v: v for v in values}
    for enum in GROUNDS.values():
        spellings.update(choice_spellings(enum))
    spellings.update(extra)
    return choice_parser(spellings, shown=sorted(values), code="bad_ground")


def columns() -> list[Column]:
    def choices(enum: Any, extra: dict[str, str]) -> Any:
        return enum_parser(enum, extra)

    return [
        Column("order_number", ("номер приказа", "№ приказа", "бұйрық нөмірі", "бұйрықтың нөмірі"), required=True,
               parse=text_parser(32), label=_("order number")),
        Column("order_date", ("дата приказа", "бұйрық күні", "бұйрықтың күні"), required=True, parse=parse_date,
               label=_("order date"), help=_("dd.mm.yyyy")),
        Column("type", ("тип приказа", "вид приказа", "бұйрық түрі"), required=True, parse=_type_parser(),
               label=_("order type"), help=", ".join(OrderType.values)),
        Column("iin", ("иин", "жсн"), required=True, parse=identifier_text, label=_("IIN")),
        Column("effective_date", ("дата вступления в силу", "с даты", "күшіне енетін күні", "күшіне ену күні"),
               required=True, parse=parse_date, label=_("effective date"), help=_("dd.mm.yyyy")),
        Column("ground", ("основание", "негіздеме"), parse=_ground_parser(), label=_("ground"),
               help=_("for an expulsion or an academic leave")),
        Column("program_code", ("код программы", "шифр", "код ОП", "бағдарлама коды", "БББ коды"),
               parse=text_parser(20), label=_("program code"),
               help=_("the program enrolled in, or the new one of a transfer")),
        Column("study_form", ("форма обучения", "оқу нысаны"), label=_("study form"),
               help=", ".join(StudyForm.values),
               parse=choices(StudyForm, {"очная": "full_time", "күндізгі": "full_time", "заочная": "part_time",
                                         "сырттай": "part_time", "дистанционная": "distance",
                                         "қашықтықтан": "distance"})),
        Column("funding", ("финансирование", "источник финансирования", "қаржыландыру"), label=_("funding"),
               help=", ".join(Funding.values),
               parse=choices(Funding, {"грант": "grant", "государственный грант": "grant",
                                       "мемлекеттік грант": "grant", "платно": "paid", "платное": "paid",
                                       "ақылы": "paid", "целевой": "other_grant", "нысаналы": "other_grant"})),
        Column("year_of_study", ("курс", "курс обучения", "оқу курсы"), label=_("year of study"), help="1–7",
               parse=lambda value: parse_int(value, minimum=1, maximum=7)),
        Column("last_name", ("фамилия", "тегі"), parse=text_parser(100), label=_("last name"),
               help=_("for a new student, or the new name of a change of name")),
        Column("first_name", ("имя", "аты"), parse=text_parser(100), label=_("first name")),
        Column("middle_name", ("отчество", "әкесінің аты"), parse=text_parser(100), label=_("middle name")),
        Column("birth_date", ("дата рождения", "туған күні"), label=_("birth date"), help=_("dd.mm.yyyy"),
               parse=lambda value: parse_date(value, not_after=timezone.localdate())),
        Column("sex", ("пол", "жынысы"), label=_("sex"), help="M, F",
               parse=choices(Sex, {"м": "M", "муж": "M", "мужской": "M", "ер": "M", "ж": "F", "жен": "F",
                                   "женский": "F", "әйел": "F"})),
    ]  # fmt: skip


def spec() -> ImportSpec:
    return ImportSpec(columns(), MESSAGES)


def column_help() -> list[dict[str, Any]]:
    return spec().column_help()


@dataclass
class _Row:
    row: ParsedRow
    order_key: tuple[str, dt.date]
    student: Student
    item: OrderItem


@dataclass
class _Check(RowCheck):
    institution: Institution
    report: ImportReport
    rows: list[_Row] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.students = {s.iin: s for s in Student.objects.filter(institution=self.institution)}
        self.programs = {
            p.code: p for p in EducationalProgram.objects.filter(department__faculty__institution=self.institution)
        }
        self.orders: dict[tuple[str, dt.date], Order] = {
            (o.number, o.date): o for o in Order.objects.filter(institution=self.institution)
        }
        self.new_orders: dict[tuple[str, dt.date], Order] = {}
        self.new_students: dict[str, Student] = {}
        self.seen: dict[tuple[tuple[str, dt.date], str], int] = {}
        self.existing_items = {
            (i.order_id, i.student_id) for i in OrderItem.objects.filter(institution=self.institution)
        }

    def row(self, row: ParsedRow) -> None:
        self.report.rows += 1
        data = row.data
        order_type = data.get("type")
        key = (data["order_number"], data["order_date"]) if {"order_number", "order_date"} <= data.keys() else None
        order = None
        if key is not None and order_type is not None:
            order = self.orders.get(key) or self.new_orders.get(key)
            if order is not None and order.type != order_type:
                row.add_issue("type", "bad_type", variant="order", number=key[0], type=order.type)
                order = None
            elif order is None:
                order = Order(
                    institution=self.institution, number=key[0], date=key[1], type=order_type,
                    status=OrderStatus.ENTERED, imported=True,
                )  # fmt: skip
                self.new_orders[key] = order
        program = None
        if "program_code" in data:
            program = self.programs.get(data["program_code"])
            if program is None:
                row.add_issue("program_code", "unknown_program")
        elif order_type in NEEDS_PROGRAM:
            row.add_issue("program_code", "missing_field")
        self.check_ground(row, order_type)
        student = self.student_of(row, order_type, program)
        if key is not None and "iin" in data:
            seen_key = (key, data["iin"])
            if seen_key in self.seen:
                row.add_issue("iin", "duplicate_row", first_row=self.seen[seen_key])
            else:
                self.seen[seen_key] = row.row
        if row.issues or order is None or student is None:
            self.fail(row)
            return
        if order.pk and student.pk and (order.pk, student.pk) in self.existing_items:
            self.report.valid += 1
            self.report.unchanged += 1
            return
        item = OrderItem(
            order=order, student=student, effective_date=data["effective_date"], ground=data.get("ground", ""),
            program=program, study_form=data.get("study_form", ""), funding=data.get("funding", ""),
            year_of_study=data.get("year_of_study"),
        )  # fmt: skip
        if order_type == OrderType.NAME_CHANGE:
            item.new_last_name = data.get("last_name", "")
            item.new_first_name = data.get("first_name", "")
            item.new_middle_name = data.get("middle_name", "")
            if not item.new_last_name:
                row.add_issue("last_name", "missing_field")
            if not item.new_first_name:
                row.add_issue("first_name", "missing_field")
            if row.issues:
                self.fail(row)
                return
        self.rows.append(_Row(row, key, student, item))  # type: ignore[arg-type]

    def check_ground(self, row: ParsedRow, order_type: str | None) -> None:
        ground = row.data.get("ground")
        if order_type is None:
            return
        grounds = GROUNDS.get(OrderType(order_type))
        if grounds is None and ground:
            row.add_issue("ground", "bad_ground", variant="none")
        elif grounds is not None and ground is None:
            row.add_issue("ground", "missing_field")
        elif grounds is not None and ground is not None and ground not in grounds.values:
            row.add_issue("ground", "bad_ground", choices=", ".join(grounds.values))

    def student_of(self, row: ParsedRow, order_type: str | None, program: EducationalProgram | None) -> Student | None:
        iin = row.data.get("iin")
        if iin is None:
            return None
        found = self.students.get(iin) or self.new_students.get(iin)
        if found is not None:
            return found
        if order_type not in CREATING:
            row.add_issue("iin", "unknown_student")
            return None
        needed = [name for name in ("last_name", "first_name", "birth_date", "sex") if name not in row.data]
        if needed:
            row.add_issue("iin", "unknown_student", variant="enrol")
            return None
        if program is None:
            return None
        effective = row.data.get("effective_date")
        student = Student(
            institution=self.institution, iin=iin, last_name=row.data["last_name"],
            first_name=row.data["first_name"], middle_name=row.data.get("middle_name", ""),
            birth_date=row.data["birth_date"], sex=row.data["sex"], program=program,
            study_form=row.data.get("study_form") or StudyForm.FULL_TIME,
            funding=row.data.get("funding") or Funding.PAID, course=row.data.get("year_of_study") or 1,
            admission_year=effective.year if effective else None,
        )  # fmt: skip
        student.fill_derived()
        try:
            student.full_clean(exclude=["institution", "program", "sponsor", "advisor", "user", "minor_program"],
                               validate_unique=False)  # fmt: skip
        except ValidationError as exc:
            column = {"iin": "iin", "birth_date": "birth_date", "last_name": "last_name"}
            for name, messages in exc.message_dict.items():
                row.add_issue(column.get(name, "iin"), "bad_choice", choices="; ".join(messages))
            return None
        self.new_students[iin] = student
        return student

    def states(self) -> dict[str, list[states.Period]]:
        """Replay every student's items (those in the platform first, then the file's by effective date)."""
        by_student: dict[str, list[_Row]] = defaultdict(list)
        for entry in self.rows:
            by_student[entry.student.iin].append(entry)
        known = [s.pk for iin, s in self.students.items() if iin in by_student]
        existing: dict[int, list[OrderItem]] = defaultdict(list)
        for item in OrderItem.objects.filter(student_id__in=known, order__status__in=IN_FORCE).select_related("order"):
            existing[item.student_id].append(item)
        result: dict[str, list[states.Period]] = {}
        for iin, entries in by_student.items():
            student = entries[0].student
            items = [*existing.get(student.pk, []), *(e.item for e in entries)] if student.pk else [
                e.item for e in entries]  # fmt: skip
            try:
                result[iin] = states.replay(student, items)
            except states.StateConflict as exc:
                entry = next((e for e in entries if e.item is exc.item), entries[0])
                entry.row.add_issue("type", "state_conflict", reason=" ".join(exc.messages))
                self.fail(entry.row)
                continue
        return result


def _import(run: ImportRun) -> None:
    report = run.report
    check = _Check(run.institution, report)
    check.check_table(run.table, run.spec.columns, run.header, progress=run.progress, progress_span=(0.0, 0.7))
    periods = check.states() if not report.errors.total else {}
    if report.refused():
        return
    report.valid += len(check.rows)
    report.created = len(check.rows)
    report.extra["orders_added"] = len({id(e.item.order) for e in check.rows if e.item.order.pk is None})
    report.extra["students_added"] = len(check.new_students)
    if not run.dry_run:
        with transaction.atomic():
            apply(check, periods, acting_user=run.acting_user)
    run.done()


def apply(check: _Check, periods: dict[str, list[states.Period]], *, acting_user: MaybeUser) -> None:
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    now = timezone.now()
    for order in check.new_orders.values():
        if not any(e.item.order is order for e in check.rows):
            continue
        order.signed_at = order.entered_at = now
        order.signed_by = order.entered_by = user  # type: ignore[assignment]
        order.full_clean()
        attributed(order, acting_user, reason="import").save()
    for student in check.new_students.values():
        attributed(student, acting_user, reason="import").save()
    touched: dict[str, Student] = {}
    for entry in check.rows:
        attributed(entry.item, acting_user, reason="import").save()
        touched[entry.student.iin] = entry.student
    for iin, student in touched.items():
        states.rebuild(student, acting_user=acting_user, periods=periods[iin])


# Check the file and, unless `dry_run` or it has an error, import it in one transaction. Raises UnreadableFile and
# PermissionDenied (a user who is not of the Student Service Center).
run_import = table_import(spec, is_contingent_editor, _import)

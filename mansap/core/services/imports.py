"""Importing students and graduates from a spreadsheet: all or nothing, and idempotent.

The rules of the graduates file live here (columns, aliases, value checks, how a row
becomes a Student); reading and reporting is the generic engine in
mansap.common.importing. The background jobs (mansap.core.tasks), the web pages
(mansap.core.views.imports) and the `import_graduates` command all call `run_import`
or its wrappers `check_file` / `import_file`.

A row is matched to an existing student by (institution, IIN). Empty optional cells
mean "not given": they never blank out a stored value. A re-import of the same file
changes nothing and writes no history. Every write goes through simple_history's bulk
helpers, so the audit trail records who imported what.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Callable, Collection, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history

from mansap.common.bulk import create_with_history
from mansap.common.exports import rows_to_xlsx, sheets_to_xlsx
from mansap.common.identifiers import check_digit, iin_facts, make_iin, validate_iin
from mansap.common.importing import (
    BASE_MESSAGES,
    CellError,
    Column,
    ImportReport,
    ImportSpec,
    ParsedRow,
    ProgressCallback,
    Table,
    UnreadableFile,
    choice_parser,
    collecting_less,
    identifier_text,
    parse_date,
    parse_decimal,
    parse_email,
    parse_int,
    parse_phone,
    parse_rows,
    shown_value,
    text_parser,
    with_messages,
)
from mansap.common.translit import to_latin
from mansap.core.access import CHANGE
from mansap.core.choices import Funding, ImportStatus, Sex, StudentStatus, StudyForm, StudyLanguage
from mansap.core.countries import find_country
from mansap.core.models import EducationalProgram, ImportJob, Institution, Student
from mansap.core.signals import students_written

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from mansap.core.models import User

BATCH_SIZE = 1000
CHUNK_SIZE = 2000
PREVIEW_ROWS = 20

# ---------------------------------------------------------------------------
# Values


def parse_iin(value: Any) -> str:
    """Spaces and a spreadsheet's trailing ".0" are dropped; a number cell gets its lost leading zeros back."""
    if value.__class__ is str and len(value) == 12 and value.isascii() and value.isdigit():
        # A text cell of 12 digits (most of a file): identifier_text would return it as it is (#19)
        if check_digit(value[:11]) == ord(value[11]) - 48:
            return value
        raise CellError("iin_checksum", value=value)
    text = identifier_text(value)
    try:
        validate_iin(text)
    except ValidationError as exc:
        raise CellError(exc.code or "iin_format", value=text) from None
    return text


@lru_cache(maxsize=1024, typed=True)  # a file names a few programs, row after row (#19)
def parse_program_code(value: Any) -> str:
    return shown_value(value).replace(" ", "").upper()


@lru_cache(maxsize=8)
def _local_date_at(minute: dt.datetime, zone: dt.tzinfo) -> dt.date:
    return timezone.localdate(minute, zone)


# The day a run's chunk is checked against (set by _Run.process once per chunk): the date columns' bounds.
_RUN_DAY: ContextVar[dt.date | None] = ContextVar("import_day", default=None)


def today() -> dt.date:
    """The day of the rows being parsed: once per chunk during a run (#19: 6,000 calls took 0.17 s of a
    3,000-row import), else timezone.localdate(), converted once a minute (exact: local midnight falls on a
    whole UTC minute, the offsets being whole minutes)."""
    day = _RUN_DAY.get()
    if day is not None:
        return day
    return _local_date_at(timezone.now().replace(second=0, microsecond=0), timezone.get_current_timezone())


def parse_birth_date(value: Any) -> dt.date:
    return parse_date(value, not_after=today() - dt.timedelta(days=1))


def parse_graduation_date(value: Any) -> dt.date:
    return parse_date(value, earliest=dt.date(1950, 1, 1), not_after=today() + dt.timedelta(days=366))


def parse_admission_year(value: Any) -> int:
    return parse_int(value, minimum=1950, maximum=today().year + 1)


def parse_citizenship(value: Any) -> str:
    code = find_country(value)
    if code is None:
        raise CellError("bad_country")
    return code


def parse_gpa(value: Any) -> Decimal:
    return parse_decimal(value, minimum=Decimal("0.00"), maximum=Decimal("4.00"), code="bad_gpa")


SEX_VALUES = {
    "M": Sex.MALE, "male": Sex.MALE, "м": Sex.MALE, "муж": Sex.MALE, "мужской": Sex.MALE,
    "е": Sex.MALE, "ер": Sex.MALE, "ер адам": Sex.MALE,
    "F": Sex.FEMALE, "female": Sex.FEMALE, "ж": Sex.FEMALE, "жен": Sex.FEMALE, "женский": Sex.FEMALE,
    "ә": Sex.FEMALE, "әйел": Sex.FEMALE, "әйел адам": Sex.FEMALE,
}  # fmt: skip
STUDY_FORM_VALUES = {
    "full_time": StudyForm.FULL_TIME, "full-time": StudyForm.FULL_TIME, "full time": StudyForm.FULL_TIME,
    "очная": StudyForm.FULL_TIME, "очно": StudyForm.FULL_TIME, "күндізгі": StudyForm.FULL_TIME,
    "part_time": StudyForm.PART_TIME, "part-time": StudyForm.PART_TIME, "part time": StudyForm.PART_TIME,
    "заочная": StudyForm.PART_TIME, "заочно": StudyForm.PART_TIME, "сырттай": StudyForm.PART_TIME,
    "distance": StudyForm.DISTANCE, "дистанционная": StudyForm.DISTANCE, "дистанционно": StudyForm.DISTANCE,
    "қашықтықтан": StudyForm.DISTANCE,
}  # fmt: skip
STUDY_LANGUAGE_VALUES = {
    "kk": StudyLanguage.KAZAKH, "kaz": StudyLanguage.KAZAKH, "kazakh": StudyLanguage.KAZAKH,
    "қаз": StudyLanguage.KAZAKH, "қазақ": StudyLanguage.KAZAKH, "қазақша": StudyLanguage.KAZAKH,
    "қазақ тілі": StudyLanguage.KAZAKH, "каз": StudyLanguage.KAZAKH, "казахский": StudyLanguage.KAZAKH,
    "казахский язык": StudyLanguage.KAZAKH, "казахское": StudyLanguage.KAZAKH,
    "казахское отделение": StudyLanguage.KAZAKH,
    "ru": StudyLanguage.RUSSIAN, "rus": StudyLanguage.RUSSIAN, "russian": StudyLanguage.RUSSIAN,
    "орыс": StudyLanguage.RUSSIAN, "орысша": StudyLanguage.RUSSIAN, "орыс тілі": StudyLanguage.RUSSIAN,
    "рус": StudyLanguage.RUSSIAN, "русский": StudyLanguage.RUSSIAN, "русский язык": StudyLanguage.RUSSIAN,
    "русское": StudyLanguage.RUSSIAN, "русское отделение": StudyLanguage.RUSSIAN,
    "en": StudyLanguage.ENGLISH, "eng": StudyLanguage.ENGLISH, "english": StudyLanguage.ENGLISH,
    "ағылшын": StudyLanguage.ENGLISH, "ағылшынша": StudyLanguage.ENGLISH, "ағылшын тілі": StudyLanguage.ENGLISH,
    "англ": StudyLanguage.ENGLISH, "английский": StudyLanguage.ENGLISH, "английский язык": StudyLanguage.ENGLISH,
    "английское": StudyLanguage.ENGLISH, "английское отделение": StudyLanguage.ENGLISH,
}  # fmt: skip
FUNDING_VALUES = {
    "grant": Funding.GRANT, "state grant": Funding.GRANT, "грант": Funding.GRANT,
    "государственный грант": Funding.GRANT, "гос. грант": Funding.GRANT, "гос грант": Funding.GRANT,
    "госгрант": Funding.GRANT, "мемлекеттік грант": Funding.GRANT,
    "paid": Funding.PAID, "fee-paying": Funding.PAID, "платное": Funding.PAID, "платно": Funding.PAID,
    "договор": Funding.PAID, "на платной основе": Funding.PAID, "ақылы": Funding.PAID,
    "other_grant": Funding.OTHER_GRANT, "other grant": Funding.OTHER_GRANT, "другой грант": Funding.OTHER_GRANT,
    "иной грант": Funding.OTHER_GRANT, "басқа грант": Funding.OTHER_GRANT,
}  # fmt: skip
YES_NO_VALUES = {
    "yes": True, "true": True, "1": True, "y": True, "да": True, "иә": True, "ия": True,
    "no": False, "false": False, "0": False, "n": False, "нет": False, "жоқ": False,
}  # fmt: skip

# The IIN column and its messages, shared with every import that names students by IIN.
IIN_ALIASES = ("IIN", "ИИН", "ЖСН", "ИИН (ЖСН)", "ЖСН (ИИН)")
IIN_MESSAGES: dict[str, Any] = {
    "iin_format": gettext_lazy("{value} is not an IIN: an IIN has exactly 12 digits."),
    "iin_checksum": gettext_lazy("The IIN {value} has a wrong check digit: check the number for a typo."),
}

COLUMNS: list[Column] = [
    Column(
        "iin",
        IIN_ALIASES,
        required=True,
        parse=parse_iin,
        label=gettext_lazy("IIN"),
        help=gettext_lazy("12 digits with a valid check digit; identifies the student."),
    ),
    Column(
        "last_name",
        ("last name", "surname", "Фамилия", "Тегі"),
        required=True,
        parse=text_parser(100),
        label=gettext_lazy("last name"),
        help=gettext_lazy("Text, in Cyrillic as in the ID card; the Latin spelling is derived."),
    ),
    Column(
        "first_name",
        ("first name", "name", "Имя", "Аты"),
        required=True,
        parse=text_parser(100),
        label=gettext_lazy("first name"),
        help=gettext_lazy("Text, in Cyrillic as in the ID card."),
    ),
    Column(
        "middle_name",
        ("middle name", "patronymic", "Отчество", "Әкесінің аты"),
        parse=text_parser(100),
        label=gettext_lazy("middle name"),
        help=gettext_lazy("Text."),
    ),
    Column(
        "birth_date",
        ("birth date", "date of birth", "Дата рождения", "Туған күні", "Туған күн"),
        parse=parse_birth_date,
        label=gettext_lazy("birth date"),
        help=gettext_lazy("A date in the past: dd.mm.yyyy, yyyy-mm-dd or an Excel date."),
    ),
    Column(
        "sex",
        ("sex", "gender", "Пол", "Жынысы"),
        parse=choice_parser(SEX_VALUES, shown=["M", "F", "М", "Ж", "Е", "Ә"]),
        label=gettext_lazy("sex"),
        help=gettext_lazy("M or F (also М/Ж, Е/Ә, male/female, мужской/женский, ер/әйел)."),
    ),
    Column(
        "program_code",
        ("program code", "program", "Код ОП", "Шифр ОП", "Код образовательной программы", "ББ коды", "ББ шифры"),
        required=True,
        parse=parse_program_code,
        label=gettext_lazy("program code (Major)"),
        help=gettext_lazy("The code of one of the programs you may add students to, e.g. 6B06101."),
    ),
    Column(
        "minor_program_code",
        ("minor program code", "minor", "Код Minor", "Minor коды", "Шифр Minor"),
        parse=parse_program_code,
        label=gettext_lazy("program code (Minor)"),
        help=gettext_lazy("The code of the additional program, different from the Major."),
    ),
    Column(
        "study_form",
        ("study form", "form of study", "Форма обучения", "Оқу нысаны"),
        parse=choice_parser(STUDY_FORM_VALUES, shown=["full_time", "part_time", "distance"]),
        label=gettext_lazy("study form"),
        help=gettext_lazy(
            "full_time, part_time or distance (also очная, заочная, дистанционная, күндізгі, сырттай, қашықтықтан)."
        ),
    ),
    Column(
        "study_language",
        (
            "language of instruction",
            "language of study",
            "study language",
            "language",
            "Язык обучения",
            "Язык",
            "Оқу тілі",
            "Оқыту тілі",
            "Тілі",
            "Тіл",
        ),
        parse=choice_parser(STUDY_LANGUAGE_VALUES, shown=["kk", "ru", "en"], code="bad_language"),
        label=gettext_lazy("language of instruction"),
        help=gettext_lazy(
            "kk, ru or en (also қазақ, орыс, ағылшын, казахский, русский, английский, Kazakh, Russian, English)."
        ),
    ),
    Column(
        "citizenship",
        ("citizenship", "country", "Гражданство", "Страна", "Азаматтығы", "Азаматтық", "Ел"),
        parse=parse_citizenship,
        label=gettext_lazy("citizenship"),
        help=gettext_lazy("The country's two-letter code (KZ, RU, UZ, CN…) or its name; empty: Kazakhstan."),
    ),
    Column(
        "funding",
        ("funding", "Финансирование", "Основа обучения", "Қаржыландыру"),
        parse=choice_parser(FUNDING_VALUES, shown=["grant", "paid", "other_grant"]),
        label=gettext_lazy("funding"),
        help=gettext_lazy(
            "grant, paid or other_grant (also грант, платное, договор, другой грант, мемлекеттік грант, ақылы)."
        ),
    ),
    Column(
        "admission_year",
        ("admission year", "year of admission", "Год поступления", "Түскен жылы"),
        parse=parse_admission_year,
        label=gettext_lazy("admission year"),
        help=gettext_lazy("A year from 1950 to next year."),
    ),
    Column(
        "graduation_date",
        ("graduation date", "Дата выпуска", "Дата окончания", "Бітірген күні"),
        parse=parse_graduation_date,
        label=gettext_lazy("graduation date"),
        help=gettext_lazy("A date; filled in, it makes the student a graduate."),
    ),
    Column(
        "diploma_number",
        ("diploma number", "diploma", "Номер диплома", "Диплом нөмірі"),
        parse=text_parser(32),
        label=gettext_lazy("diploma number"),
        help=gettext_lazy("Text, up to 32 characters."),
    ),
    Column(
        "with_honours",
        ("with honours", "with honors", "honours", "С отличием", "Үздік", "Үздік диплом"),
        parse=choice_parser(YES_NO_VALUES, shown=["yes", "no", "да", "нет", "иә", "жоқ", "1", "0"]),
        label=gettext_lazy("diploma with honours"),
        help=gettext_lazy("yes or no (also true/false, 1/0, да/нет, иә/жоқ)."),
    ),
    Column(
        "gpa",
        ("GPA", "Средний балл", "Орташа балл"),
        parse=parse_gpa,
        label=gettext_lazy("GPA"),
        help=gettext_lazy("From 0.00 to 4.00, with a comma or a dot."),
    ),
    Column(
        "email",
        ("email", "e-mail", "E-mail", "Эл. почта", "Эл. пошта", "Электронная почта", "Электрондық пошта"),
        parse=parse_email,
        label=gettext_lazy("e-mail"),
        help=gettext_lazy("An e-mail address."),
    ),
    Column(
        "phone",
        ("phone", "phone number", "Телефон", "Номер телефона", "Телефон нөмірі"),
        parse=parse_phone,
        label=gettext_lazy("phone"),
        help=gettext_lazy("A Kazakhstan number in any usual form: 8 701 123 45 67, +7(701)1234567."),
    ),
]

MESSAGES: dict[str, Any] = {
    **BASE_MESSAGES,
    **IIN_MESSAGES,
    "duplicate_iin": gettext_lazy("The IIN {value} already appears in row {first_row} of this file."),
    "duplicate_iin.foreign": gettext_lazy(
        "A student with the IIN {value} already exists in a program you may not change."
    ),
    "unknown_program": gettext_lazy("There is no program {value} that you may add students to."),
    "bad_gpa": gettext_lazy("{value} is not a GPA: expected a number from 0.00 to 4.00."),
    "bad_language": gettext_lazy(
        "{value} is not a language of instruction: write kk, ru or en (or the language's name, e.g. қазақ, "
        "русский, English)."
    ),
    "bad_country": gettext_lazy(
        "{value} is not a country: write its two-letter ISO code (KZ, RU, UZ, CN…) or its name in Kazakh, Russian "
        "or English."
    ),
    "bad_choice.same_minor": gettext_lazy("The Minor {value} must differ from the Major."),
    "bad_date.order": gettext_lazy("The graduation date {value} must be after the birth date {after}."),
    "iin_birthdate_mismatch": gettext_lazy(
        "The IIN {iin} encodes the birth date {encoded}, not {value}. Since 2013 this can be correct: "
        "the row is imported; check the documents."
    ),
    "iin_sex_mismatch": gettext_lazy(
        "The IIN {iin} encodes the sex {encoded}, not {value}. Since 2013 this can be correct: "
        "the row is imported; check the documents."
    ),
}
GRADUATES_IMPORT = ImportSpec(COLUMNS, MESSAGES)

# Columns stored on Student under the same name.
PLAIN_FIELDS = (
    "last_name",
    "first_name",
    "middle_name",
    "birth_date",
    "sex",
    "study_form",
    "study_language",
    "citizenship",
    "funding",
    "admission_year",
    "graduation_date",
    "diploma_number",
    "with_honours",
    "gpa",
    "email",
    "phone",
)


# ---------------------------------------------------------------------------
# Help, display and downloads for the web pages


def column_help() -> list[dict[str, Any]]:
    """The accepted columns for the upload page: name, aliases, required? and what each accepts."""
    return GRADUATES_IMPORT.column_help()


def report_for_display(
    report: dict[str, Any] | None, kind: str = "graduates", *, messages: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """A stored report with a "message" on every error and warning, in the active language (the messages of
    the job's kind of import, or the `messages` of an import that does not run as a job)."""
    if messages is None:
        messages = IMPORT_KINDS[kind].messages if kind in IMPORT_KINDS else MESSAGES
    out = with_messages(report or {}, messages)
    out.setdefault("errors_total", len(out["errors"]))
    out.setdefault("warnings_total", len(out["warnings"]))
    out.setdefault("preview", [])
    out.setdefault("ignored_columns", [])
    return out


def error_report_xlsx(
    report: dict[str, Any] | None, kind: str = "graduates", *, messages: Mapping[str, Any] | None = None
) -> bytes:
    """The errors (then the warnings) as a workbook: row, column, code, message, offending value."""
    shown = report_for_display(report, kind, messages=messages)
    header = [_("Row"), _("Column"), _("Code"), _("Message"), _("Value")]
    rows = (
        [i.get("row"), i.get("column", ""), i.get("code", ""), i.get("message", ""), _issue_value(i)]
        for i in chain(shown["errors"], shown["warnings"])
    )
    return rows_to_xlsx(_("Errors"), header, rows)


def _issue_value(issue: dict[str, Any]) -> str:
    params = issue.get("params") or {}
    return str(params.get("value", ""))


def template_xlsx() -> bytes:
    """A workbook whose first sheet, the one imported, has only the canonical headers; a second sheet shows an
    example row (with a valid IIN). The example is never in the data rows: left in, it would be imported as a
    real graduate."""
    example = {
        "iin": make_iin(dt.date(2002, 5, 14), "F", 1234),
        "last_name": "Сейтқалиева",
        "first_name": "Айгерім",
        "middle_name": "Нұрланқызы",
        "birth_date": "14.05.2002",
        "sex": "F",
        "program_code": "6B06101",
        "minor_program_code": "",
        "study_form": "full_time",
        "study_language": "kk",
        "citizenship": "KZ",
        "funding": "grant",
        "admission_year": "2020",
        "graduation_date": "25.06.2024",
        "diploma_number": "ЖБ-Б 1234567",
        "with_honours": "no",
        "gpa": "3.45",
        "email": "aigerim@example.kz",
        "phone": "+7 701 123 45 67",
    }
    header = [c.name for c in COLUMNS]
    return sheets_to_xlsx(
        [(_("Graduates"), header, []), (_("Example (not imported)"), header, [[example[c.name] for c in COLUMNS]])]
    )


# ---------------------------------------------------------------------------
# Checking and importing


def check_file(
    file_obj: Any,
    filename: str,
    *,
    institution: Institution,
    acting_user: User | None,
    progress: ProgressCallback | None = None,
) -> dict[str, Any]:
    """Validate without writing; the JSON contract with what would be created/updated."""
    report = run_import(
        file_obj, filename, institution=institution, acting_user=acting_user, dry_run=True, progress=progress
    )
    return report.to_dict()


def run_import(
    file_obj: Any,
    filename: str,
    *,
    institution: Institution,
    acting_user: User | None,
    dry_run: bool,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Validate everything and, unless dry_run, write all rows in one transaction if there is no error.

    report.to_dict() is the JSON contract of the import commands (messages in the active language);
    report.to_dict(messages=False) is the form stored on an ImportJob. Raises UnreadableFile.
    """
    with collecting_less():  # #19: the collector scanned Django's objects every ~30 rows
        table, header, report = GRADUATES_IMPORT.open(file_obj, filename)
        report.extra["preview"] = []
        user = acting_user if getattr(acting_user, "is_authenticated", False) else None
        run = _Run(
            institution=institution, user=user, report=report, write=not dry_run, columns_missing=bool(header.missing)
        )

        if dry_run:
            run.process(table, header, progress)
        else:
            with transaction.atomic():
                run.process(table, header, progress)
                if report.errors:
                    transaction.set_rollback(True)

    if report.errors:
        report.created = report.updated = report.unchanged = 0
        report.extra["preview"] = []
    report.sort()
    return report


@dataclass(frozen=True)
class ImportKind:
    """A kind of import the jobs run: its `run(file_obj, filename, *, institution, acting_user, dry_run,
    progress)` returning an ImportReport, and the messages of its codes."""

    run: Callable[..., ImportReport]
    messages: Mapping[str, Any]
    title: Any = None  # the pages' breadcrumb back to the app's import page (url_name), e.g. "Import grades"
    url_name: str | None = None
    # Who may run this kind (e.g. the grades: the Student Service Center only), and what a refused user is told:
    # checked when a job is confirmed, so a refusal is a message, never a job failing in the background.
    allowed: Callable[[Any], bool] | None = None
    refusal: Any = None
    # The run also takes `job=` (the ImportJob): an import whose upload carries parameters of its own (an
    # official extract's kind, period, cohorts and column mapping) reads them from the job's side.
    with_job: bool = False
    # The app's own page of a job of this kind (an official extract's upload: its mapping, its check, in its own
    # words): core's job pages send there, and core's list of the students' and graduates' imports leaves it out.
    page: Callable[[ImportJob], str] | None = None


# The kinds of import an ImportJob may be (its `kind`): the graduates' here; an app above core adds its own from
# its AppConfig.ready (the academics app's grades), so core never imports it.
IMPORT_KINDS: dict[str, ImportKind] = {}


def register_import_kind(
    kind: str,
    run: Callable[..., ImportReport],
    messages: Mapping[str, Any],
    *,
    title: Any = None,
    url_name: str | None = None,
    allowed: Callable[[Any], bool] | None = None,
    refusal: Any = None,
    with_job: bool = False,
    page: Callable[[ImportJob], str] | None = None,
) -> None:
    IMPORT_KINDS[kind] = ImportKind(run, messages, title, url_name, allowed, refusal, with_job, page)


def own_page(job: ImportJob) -> str | None:
    """The app's own page of the job, when its kind has one (ImportKind.page)."""
    kind = IMPORT_KINDS.get(job.kind)
    return kind.page(job) if kind is not None and kind.page is not None else None


def kinds_with_own_pages() -> list[str]:
    return sorted(name for name, kind in IMPORT_KINDS.items() if kind.page is not None)


def may_import(job: ImportJob, user: Any) -> bool:
    """Whether the user may run the job's kind of import (scope aside: the pages fetch the job in scope)."""
    kind = IMPORT_KINDS.get(job.kind)
    return kind is None or kind.allowed is None or kind.allowed(user)


def runner_for(kind: str) -> Callable[..., ImportReport]:
    return IMPORT_KINDS[kind].run if kind in IMPORT_KINDS else run_import


def runner_for_job(job: ImportJob) -> Callable[..., ImportReport]:
    """The job's kind's run, given the job itself when the kind asks for it (`with_job`)."""
    kind = IMPORT_KINDS.get(job.kind)
    if kind is not None and kind.with_job:
        return functools.partial(kind.run, job=job)
    return runner_for(job.kind)


@dataclass
class _Run:
    institution: Institution
    user: User | None
    report: ImportReport
    write: bool
    columns_missing: bool = False  # a required column has no header: no row can be imported
    seen: dict[str, int] = field(default_factory=dict)  # IIN -> first row with it
    programs: dict[str, int] = field(default_factory=dict)  # code -> id, that the user may change
    now: dt.datetime = field(default_factory=timezone.now)
    _blank: dict[str, Any] | None = None  # a new Student's attributes before the row's values (new_student)

    def __post_init__(self) -> None:
        allowed = EducationalProgram.objects.filter(department__faculty__institution=self.institution)
        if self.user is not None:
            allowed = allowed.with_people_for(self.user, CHANGE)
        for pk, code in allowed.order_by("pk").values_list("pk", "code"):
            self.programs.setdefault(code.strip().upper(), pk)

    def process(self, table: Table, header: Any, progress: ProgressCallback | None) -> None:
        # The date columns' bounds are taken once per chunk: the day is set before the first row is parsed and
        # again after each chunk, while parse_rows (a generator running in this context) parses the next one.
        token = _RUN_DAY.set(None)
        try:
            _RUN_DAY.set(today())
            for chunk in parse_rows(table, COLUMNS, header, chunk_size=CHUNK_SIZE, progress=progress):
                self.process_chunk(chunk)
                _RUN_DAY.set(None)
                _RUN_DAY.set(today())
        finally:
            _RUN_DAY.reset(token)

    def process_chunk(self, chunk: list[ParsedRow]) -> None:

        report = self.report
        report.rows += len(chunk)
        for parsed in chunk:
            self.check_row(parsed)
        iins = [p.data["iin"] for p in chunk if "iin" in p.data and not _has(p, "duplicate_iin")]
        existing = {s.iin: s for s in Student.objects.filter(institution=self.institution, iin__in=iins)}
        writable = set(self.programs.values())

        to_create: list[Any] = []
        to_update: list[Any] = []
        changed_fields: set[str] = set()
        for parsed in chunk:
            student = existing.get(parsed.data.get("iin", ""))
            if student is not None and student.program_id not in writable and not _has(parsed, "duplicate_iin"):
                parsed.add_issue("iin", "duplicate_iin", value=student.iin, variant="foreign")
            self.check_merged(parsed, student)
            self.warn(parsed)
            report.errors.extend(parsed.issues)
            if not parsed.ok or self.columns_missing:
                report.invalid += 1
                continue
            report.valid += 1
            if student is None:
                action = "create"
                to_create.append(self.new_student(parsed.data))
                report.created += 1
            else:
                changed = self.apply_changes(student, parsed.data)
                if changed:
                    action = "update"
                    changed_fields |= changed
                    to_update.append(student)
                    report.updated += 1
                else:
                    action = "unchanged"
                    report.unchanged += 1
            self.add_preview(parsed, action)

        if self.write and report.ok:
            user = self.user
            if to_create:
                create_with_history(to_create, Student, user=user)
            if to_update:
                for student in to_update:
                    student.updated_at = self.now
                fields = sorted(changed_fields | {"updated_at"})
                bulk_update_with_history(to_update, Student, fields, batch_size=BATCH_SIZE, default_user=user)
            if to_create or to_update:  # bulk writes send no post_save: tell the apps that follow the students
                students_written.send(sender=Student, students=[*to_create, *to_update], created=to_create)

    def check_row(self, parsed: ParsedRow) -> None:
        """Checks that need more than one cell or the database's programs."""
        data = parsed.data
        iin = data.get("iin")
        if iin:
            first_row = self.seen.get(iin)
            if first_row is None:
                self.seen[iin] = parsed.row
            else:
                parsed.add_issue("iin", "duplicate_iin", value=iin, first_row=first_row)
        for name, target in (("program_code", "program_id"), ("minor_program_code", "minor_program_id")):
            if name in data:
                pk = self.programs.get(data[name])
                if pk is None:
                    parsed.add_issue(name, "unknown_program", value=data[name])
                else:
                    data[target] = pk

    def check_merged(self, parsed: ParsedRow, student: Any) -> None:
        """Rules on the row as it would be stored (file values over the stored ones)."""
        data = parsed.data
        if student is None:  # a new student: the file's values are all there is (the rules below, inline; #19)
            minor = data.get("minor_program_id")
            if minor and minor == data.get("program_id"):
                parsed.add_issue("minor_program_code", "bad_choice", variant="same_minor")
            born, graduated = data.get("birth_date"), data.get("graduation_date")
            if born and graduated and graduated <= born:
                column = "graduation_date" if "graduation_date" in data else "birth_date"
                parsed.add_issue(
                    column, "bad_date", variant="order", value=graduated.isoformat(), after=born.isoformat()
                )
            return

        def merged(name: str) -> Any:
            if name in data:
                return data[name]
            return getattr(student, name, None) if student is not None else None

        major, minor = merged("program_id"), merged("minor_program_id")
        if minor and major and minor == major and "minor_program_code" in data:
            parsed.add_issue("minor_program_code", "bad_choice", variant="same_minor")
        born, graduated = merged("birth_date"), merged("graduation_date")
        if born and graduated and graduated <= born and ("birth_date" in data or "graduation_date" in data):
            column = "graduation_date" if "graduation_date" in data else "birth_date"
            parsed.add_issue(column, "bad_date", variant="order", value=graduated.isoformat(), after=born.isoformat())

    def warn(self, parsed: ParsedRow) -> None:
        """The IIN's digits disagree with the given birth date or sex: a warning, never an error."""
        iin = parsed.data.get("iin")
        if not iin:
            return
        facts = iin_facts(iin)
        born, sex = parsed.data.get("birth_date"), parsed.data.get("sex")
        if facts.birth_date and born and facts.birth_date != born:
            self.report.warn(
                parsed.row,
                "birth_date",
                "iin_birthdate_mismatch",
                value=born.isoformat(),
                iin=iin,
                encoded=facts.birth_date.isoformat(),
            )
        if facts.sex and sex and facts.sex != sex:
            self.report.warn(parsed.row, "sex", "iin_sex_mismatch", value=sex, iin=iin, encoded=facts.sex)

    def new_student(self, data: dict[str, Any]) -> Any:
        """A new Student, as Student(institution=..., ...) builds it: the defaults are taken once per import
        from one built the ordinary way and copied (Model.__init__ resolved each of its 31 fields a row: #19)."""
        blank = self._blank
        if blank is None:
            blank = self._blank = {
                k: v for k, v in Student(institution=self.institution).__dict__.items() if k != "_state"
            }
        student = Student.__new__(Student)
        student._state = ModelState()
        student._state.fields_cache["institution"] = self.institution
        student.__dict__.update(blank)
        student.iin = data["iin"]
        student.program_id = data["program_id"]
        student.minor_program_id = data.get("minor_program_id")
        student.status = StudentStatus.GRADUATED if data.get("graduation_date") else StudentStatus.STUDYING
        for name in PLAIN_FIELDS:
            if name in data:
                setattr(student, name, data[name])
        student.fill_derived()
        student.created_at = student.updated_at = self.now
        return student

    def apply_changes(self, student: Any, data: dict[str, Any]) -> set[str]:
        """Set the given values that differ from the stored ones; the names of the changed fields."""
        changed: set[str] = set()

        def put(name: str, value: Any) -> None:
            if getattr(student, name) != value:
                setattr(student, name, value)
                changed.add(name)

        for name, latin in (("last_name", "last_name_latin"), ("first_name", "first_name_latin")):
            if name in data and data[name] != getattr(student, name):
                if getattr(student, latin) in ("", to_latin(getattr(student, name))):  # derived, so re-derive
                    put(latin, to_latin(data[name]))
        for name in PLAIN_FIELDS:
            if name in data:
                put(name, data[name])
        for name in ("program_id", "minor_program_id"):
            if name in data:
                put(name, data[name])
        if data.get("graduation_date"):
            put("status", StudentStatus.GRADUATED)
        return changed

    def add_preview(self, parsed: ParsedRow, action: str) -> None:
        preview = self.report.extra["preview"]
        if len(preview) < PREVIEW_ROWS:
            names = [parsed.data.get(n, "") for n in ("last_name", "first_name", "middle_name")]
            preview.append(
                {
                    "row": parsed.row,
                    "iin": parsed.data.get("iin", ""),
                    "full_name": " ".join(n for n in names if n),
                    "program_code": parsed.data.get("program_code", ""),
                    "action": action,
                }
            )


def _has(parsed: ParsedRow, code: str) -> bool:
    return any(i.code == code for i in parsed.issues)


# ---- Import jobs ---------------------------------------------------------------------------------------------
# The worker reports progress and a heartbeat through the "jobs" cache, not the database: a write
# import holds its transaction open (all or nothing), and what it wrote into the database inside it
# (progress included) stays invisible until the end. A job the worker has taken (started_at) and
# that has not beaten for DEAD_AFTER seconds lost its worker (killed, out of memory, the machine
# restarted): `reap` fails it, and `retry_import` runs it again.
HEARTBEAT_EVERY = 5
DEAD_AFTER = int(getattr(settings, "IMPORT_WORKER_DEAD_SECONDS", 60))


def _job_key(job_id: int) -> str:
    return f"mansap:import-job:{job_id}"


def report_progress(job_id: int, percent: int) -> None:
    """The worker's progress (0-99) and heartbeat, readable by every process while the job runs."""
    caches["jobs"].set(_job_key(job_id), {"progress": percent, "beat": time.time()}, DEAD_AFTER * 10)


def beat(job_id: int) -> None:
    """The worker is alive (called every HEARTBEAT_EVERY seconds by the job's heartbeat thread)."""
    state = caches["jobs"].get(_job_key(job_id)) or {"progress": 0}
    caches["jobs"].set(_job_key(job_id), {**state, "beat": time.time()}, DEAD_AFTER * 10)


def forget_progress(job_id: int) -> None:
    caches["jobs"].delete(_job_key(job_id))


def live_progress(job: ImportJob) -> int:
    """The job's progress: the worker's latest while it runs, the stored one once it has finished."""
    if job.is_running:
        state = caches["jobs"].get(_job_key(job.pk))
        if state:
            return int(state["progress"])
    return int(job.progress)


def reap(job: ImportJob) -> bool:
    """Fail a job whose worker stopped beating (True when it did): it was taken but is no longer worked on.

    Nothing was written: the import's transaction died with the worker. A job still waiting in the
    queue (not taken: no started_at) is left alone, however long the queue.
    """
    if job.status not in (ImportStatus.VALIDATING, ImportStatus.IMPORTING) or job.started_at is None:
        return False
    state = caches["jobs"].get(_job_key(job.pk))
    last = float(state["beat"]) if state and "beat" in state else job.started_at.timestamp()
    if time.time() - last <= DEAD_AFTER:
        return False
    return _fail(job, "worker_died")


def _fail(job: ImportJob, code: str, **params: Any) -> bool:
    """Fail the job with the UnreadableFile `code`, unless it moved on since it was read (False then)."""
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != job.status or locked.started_at != job.started_at:
            return False  # it moved on meanwhile
        locked.status = ImportStatus.FAILED
        locked.report = UnreadableFile.because(code, name=locked.original_name, **params).to_dict()
        locked.finished_at = timezone.now()
        locked.save(update_fields=["status", "report", "finished_at"])
    forget_progress(job.pk)
    job.refresh_from_db()
    return True


def expire(job: ImportJob, *, statuses: Collection[str], days: int) -> bool:
    """Fail a job left waiting for a person (in one of `statuses`, not taken by a worker) for more than `days` days
    since its upload (True when it did), as `reap` fails one whose worker stopped: read when its page is shown.

    The core's own jobs go on from "checked" when someone confirms them; an app whose upload waits for another step
    first (an official extract's column mapping) says which waits end (graduates/services/extracts.py)."""
    if job.status not in statuses or (job.status == ImportStatus.PENDING and job.started_at is not None):
        return False
    if timezone.now() - job.created_at <= dt.timedelta(days=days):
        return False
    return _fail(job, "expired", days=days)


def can_retry(job: ImportJob) -> bool:
    return job.status == ImportStatus.FAILED and (job.report or {}).get("error_code") == "worker_died"


@transaction.atomic
def retry_import(job: ImportJob, *, acting_user: User) -> None:
    """Check again a file whose worker stopped (see `reap`): the job starts over from the check."""
    from mansap.core import tasks  # the tasks module imports this one

    if not can_retry(job):
        raise ValidationError(_("Only a file whose processing was interrupted can be checked again."), code="bad_state")
    job.status = ImportStatus.PENDING
    job.progress = 0
    job.report = {}
    job.started_at = job.finished_at = None
    job.save(update_fields=["status", "progress", "report", "started_at", "finished_at"])
    transaction.on_commit(lambda: tasks.check_import_job(job.pk))


@transaction.atomic
def start_import(
    upload: UploadedFile, *, institution: Institution, acting_user: User, kind: str = "graduates"
) -> ImportJob:
    """Store an uploaded file as an import job and queue its check (nothing is imported yet)."""
    from mansap.core import tasks  # the tasks module imports this one

    job = ImportJob.objects.create(
        institution=institution, kind=kind, file=upload, original_name=(upload.name or "")[:255], created_by=acting_user
    )
    transaction.on_commit(lambda: tasks.check_import_job(job.pk))
    return job


@transaction.atomic
def confirm_import(job: ImportJob, *, acting_user: User) -> None:
    """Queue the import of a checked file; the job re-checks it, so it stays all or nothing.

    Only a file checked without errors (VALID) can be imported: not one still being checked, one with
    errors, or one already confirmed (a second click).
    """
    from mansap.core import tasks  # the tasks module imports this one

    if job.status != ImportStatus.VALID:
        raise ValidationError(_("Only a checked file without errors can be imported."), code="bad_state")
    if not may_import(job, acting_user):
        refusal = IMPORT_KINDS[job.kind].refusal
        if refusal is None:
            raise PermissionDenied
        raise ValidationError(str(refusal), code="forbidden")
    job.status = ImportStatus.IMPORTING
    job.progress = 0
    job.save(update_fields=["status", "progress"])
    transaction.on_commit(lambda: tasks.apply_import_job(job.pk, acting_user.pk))

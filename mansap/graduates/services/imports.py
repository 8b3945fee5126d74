"""Importing graduates' employment records from the departments' Excel journals.

    python manage.py import_employment FILE [--dry-run] [--json] [--institution CODE]
                                            [--language kk|ru|en] [--user USERNAME]

The rules of the employment file live here (columns, aliases, value checks, how a row
becomes an EmploymentRecord); reading and reporting is the generic engine in
mansap.common.importing, and the command is import_graduates' command with this
import plugged in, so both share options, exit codes and the JSON report.

Columns (a header in English, Russian or Kazakh, any case, any order):
iin*, status*, employer_name, employer_bin, position, region, salary, start_date*,
end_date, channel, study_level (* required).

Rules:

- All or nothing: every row is checked first; one error and nothing is written.
- A row names a graduate by IIN: a graduate of the institution (with --user: one
  whose records that user may change), else `unknown_graduate`.
- `status` and `channel` accept the codes and their usual Russian/Kazakh names.
  An empty `channel` means "document" when the row gives an employer's BIN (the
  journal copied it from a reference) and "telephone" otherwise (the usual survey).
- `region` is matched to Kazakhstan's regions by name in any of the three languages;
  a name that matches none is kept as written (region_text) with the warning
  `unknown_region`.
- `study_level` (bachelor, master, doctorate, or their Russian/Kazakh names: магистратура,
  докторантура, PhD...) is only for a graduate continuing their education (`bad_study_level`).
- `salary` is whole tenge ("250 000", "250000.0" are fine) and only for employed
  graduates; `end_date` may not be before `start_date` (`date_order`).
- Importing the same file again adds nothing: each row has a key (a hash of the
  graduate, status, start date, employer, BIN and end date) stored on the record
  (EmploymentRecord.import_key, unique per graduate in the database:
  graduates_record_import_key_unique); a row whose record exists is "unchanged", and so is
  a row that repeats an earlier row of the file (with the warning `duplicate_row`).
  A row is also "unchanged" when the graduate already has the same record entered
  by hand (same status, start date, employer and BIN; same end date if one is given).
  Two imports of the same rows at once: the second one's insert violates the unique
  constraint; it reports `imported_meanwhile` on the row and imports nothing (all or nothing).
- Records are never overwritten: the rows of a graduate are applied in start-date
  order through services.record_employment, so a later record without an end date
  closes the open one. A record without an end date that would start before the
  graduate's open record is a `date_order` error (enter that period with its end date).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mansap.common.identifiers import validate_bin
from mansap.common.importing import (
    BASE_MESSAGES,
    CellError,
    Column,
    ImportReport,
    ImportSpec,
    ParsedRow,
    ProgressCallback,
    choice_parser,
    identifier_text,
    parse_date,
    parse_int,
    parse_rows,
    text_parser,
)
from mansap.core.access import EMPLOYMENT_RECORDERS
from mansap.core.choices import ProgramLevel, match_region
from mansap.core.services.imports import IIN_ALIASES, IIN_MESSAGES, parse_iin
from mansap.graduates.choices import EMPLOYED, MANUAL_CHANNELS, Channel, EmploymentStatus

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from mansap.core.access import MaybeUser
    from mansap.core.models import Institution, Student, User

CHUNK_SIZE = 2000
SALARY_MAX = 100_000_000
IN_BATCH = 900  # ids per "IN (...)" query, within SQLite's limit on variables

S = EmploymentStatus
C = Channel

# Accepted spellings (compared case-insensitively, ё = е, extra spaces and a final dot ignored).
STATUS_VALUES: dict[str, str] = {
    **{s.value: s.value for s in S},
    **{s.value.replace("_", " "): s.value for s in S},
    # employed by specialty
    "employed by specialty": S.EMPLOYED_SPECIALTY, "by specialty": S.EMPLOYED_SPECIALTY,
    "трудоустроен по специальности": S.EMPLOYED_SPECIALTY, "трудоустроена по специальности": S.EMPLOYED_SPECIALTY,
    "работает по специальности": S.EMPLOYED_SPECIALTY, "по специальности": S.EMPLOYED_SPECIALTY,
    "мамандығы бойынша жұмыс істейді": S.EMPLOYED_SPECIALTY, "мамандығы бойынша": S.EMPLOYED_SPECIALTY,
    "мамандығы бойынша жұмысқа орналасқан": S.EMPLOYED_SPECIALTY,
    # employed not by specialty
    "employed not by specialty": S.EMPLOYED_OTHER, "employed other": S.EMPLOYED_OTHER,
    "не по специальности": S.EMPLOYED_OTHER, "трудоустроен не по специальности": S.EMPLOYED_OTHER,
    "трудоустроена не по специальности": S.EMPLOYED_OTHER, "работает не по специальности": S.EMPLOYED_OTHER,
    "мамандығы бойынша емес": S.EMPLOYED_OTHER, "мамандығы бойынша жұмыс істемейді": S.EMPLOYED_OTHER,
    "басқа салада жұмыс істейді": S.EMPLOYED_OTHER,
    # own business
    "own business": S.OWN_BUSINESS, "self-employed": S.OWN_BUSINESS, "self employed": S.OWN_BUSINESS,
    "ип": S.OWN_BUSINESS, "собственный бизнес": S.OWN_BUSINESS, "свой бизнес": S.OWN_BUSINESS,
    "индивидуальный предприниматель": S.OWN_BUSINESS, "самозанятый": S.OWN_BUSINESS, "самозанятая": S.OWN_BUSINESS,
    "өз бизнесі": S.OWN_BUSINESS, "жеке кәсіпкер": S.OWN_BUSINESS, "жк": S.OWN_BUSINESS,
    "өзін-өзі жұмыспен қамтыған": S.OWN_BUSINESS,
    # continuing education
    "continuing education": S.CONTINUING_EDUCATION, "master's": S.CONTINUING_EDUCATION,
    "магистратура": S.CONTINUING_EDUCATION, "продолжает обучение": S.CONTINUING_EDUCATION,
    "продолжает учебу": S.CONTINUING_EDUCATION, "обучение в магистратуре": S.CONTINUING_EDUCATION,
    "учеба за рубежом": S.CONTINUING_EDUCATION, "оқуын жалғастыруда": S.CONTINUING_EDUCATION,
    "оқуын жалғастыруды": S.CONTINUING_EDUCATION, "магистратурада оқиды": S.CONTINUING_EDUCATION,
    # military service
    "military service": S.MILITARY_SERVICE, "army": S.MILITARY_SERVICE, "армия": S.MILITARY_SERVICE,
    "служба в армии": S.MILITARY_SERVICE, "воинская служба": S.MILITARY_SERVICE, "срочная служба": S.MILITARY_SERVICE,
    "әскери қызмет": S.MILITARY_SERVICE, "әскерде": S.MILITARY_SERVICE, "әскер": S.MILITARY_SERVICE,
    # parental leave
    "parental leave": S.PARENTAL_LEAVE, "maternity leave": S.PARENTAL_LEAVE, "декрет": S.PARENTAL_LEAVE,
    "декретный отпуск": S.PARENTAL_LEAVE, "отпуск по уходу за ребенком": S.PARENTAL_LEAVE,
    "бала күтіміне байланысты демалыс": S.PARENTAL_LEAVE, "бала күтімі бойынша демалыс": S.PARENTAL_LEAVE,
    "декреттік демалыс": S.PARENTAL_LEAVE,
    # unemployed, seeking
    "unemployed": S.UNEMPLOYED_SEEKING, "seeking work": S.UNEMPLOYED_SEEKING,
    "безработный": S.UNEMPLOYED_SEEKING, "безработная": S.UNEMPLOYED_SEEKING, "ищет работу": S.UNEMPLOYED_SEEKING,
    "не трудоустроен": S.UNEMPLOYED_SEEKING, "не трудоустроена": S.UNEMPLOYED_SEEKING,
    "жұмыссыз": S.UNEMPLOYED_SEEKING, "жұмыс іздеуде": S.UNEMPLOYED_SEEKING, "жұмыс іздейді": S.UNEMPLOYED_SEEKING,
    # not seeking
    "not seeking work": S.NOT_SEEKING, "не ищет работу": S.NOT_SEEKING, "не работает и не ищет": S.NOT_SEEKING,
    "жұмыс іздемейді": S.NOT_SEEKING,
    # unknown
    "неизвестно": S.UNKNOWN, "нет сведений": S.UNKNOWN, "нет данных": S.UNKNOWN, "белгісіз": S.UNKNOWN,
    "мәлімет жоқ": S.UNKNOWN,
}  # fmt: skip

# Not "official extract" (#20): only accepting a discrepancy task records it; a file naming it is a row error.
CHANNEL_VALUES: dict[str, str] = {
    **{c.value: c.value for c in MANUAL_CHANNELS},
    **{c.value.replace("_", " "): c.value for c in MANUAL_CHANNELS},
    "phone": C.TELEPHONE, "telephone survey": C.TELEPHONE, "call": C.TELEPHONE,
    "телефон": C.TELEPHONE, "телефонный опрос": C.TELEPHONE, "звонок": C.TELEPHONE, "по телефону": C.TELEPHONE,
    "телефон арқылы": C.TELEPHONE, "телефонмен": C.TELEPHONE,
    "whatsapp": C.MESSENGER, "telegram": C.MESSENGER, "мессенджер": C.MESSENGER, "мобильная связь": C.MESSENGER,
    "ватсап": C.MESSENGER, "телеграм": C.MESSENGER, "ұялы байланыс": C.MESSENGER,
    "e-mail": C.EMAIL, "mail": C.EMAIL, "эл. почта": C.EMAIL, "эл.почта": C.EMAIL, "электронная почта": C.EMAIL,
    "почта": C.EMAIL, "эл. пошта": C.EMAIL, "эл.пошта": C.EMAIL, "электрондық пошта": C.EMAIL,
    "reference": C.DOCUMENT, "документ": C.DOCUMENT, "справка": C.DOCUMENT, "справка с места работы": C.DOCUMENT,
    "приказ": C.DOCUMENT, "трудовой договор": C.DOCUMENT, "құжат": C.DOCUMENT, "анықтама": C.DOCUMENT,
    "self-report": C.SELF_REPORT, "сам сообщил": C.SELF_REPORT, "сама сообщила": C.SELF_REPORT,
    "самоотчет": C.SELF_REPORT, "анкета": C.SELF_REPORT, "өзі хабарлады": C.SELF_REPORT,
    "social network": C.SOCIAL_NETWORK, "соцсети": C.SOCIAL_NETWORK, "социальные сети": C.SOCIAL_NETWORK,
    "социальная сеть": C.SOCIAL_NETWORK, "instagram": C.SOCIAL_NETWORK, "linkedin": C.SOCIAL_NETWORK,
    "facebook": C.SOCIAL_NETWORK, "әлеуметтік желі": C.SOCIAL_NETWORK, "әлеуметтік желілер": C.SOCIAL_NETWORK,
    "teacher": C.COLLEAGUE, "коллега": C.COLLEAGUE, "преподаватель": C.COLLEAGUE, "куратор": C.COLLEAGUE,
    "однокурсник": C.COLLEAGUE, "әріптес": C.COLLEAGUE, "оқытушы": C.COLLEAGUE,
}  # fmt: skip

STUDY_LEVEL_VALUES: dict[str, str] = {
    **{level.value: level.value for level in ProgramLevel},
    "bachelor's": ProgramLevel.BACHELOR, "bachelor's degree": ProgramLevel.BACHELOR,
    "undergraduate": ProgramLevel.BACHELOR,
    "бакалавриат": ProgramLevel.BACHELOR, "бакалавр": ProgramLevel.BACHELOR, "6b": ProgramLevel.BACHELOR,
    "master's": ProgramLevel.MASTER, "master's degree": ProgramLevel.MASTER, "masters": ProgramLevel.MASTER,
    "магистратура": ProgramLevel.MASTER, "магистр": ProgramLevel.MASTER, "магистрант": ProgramLevel.MASTER,
    "7m": ProgramLevel.MASTER,
    "phd": ProgramLevel.DOCTORATE, "doctoral studies": ProgramLevel.DOCTORATE, "докторантура": ProgramLevel.DOCTORATE,
    "доктор phd": ProgramLevel.DOCTORATE, "докторант": ProgramLevel.DOCTORATE, "8d": ProgramLevel.DOCTORATE,
}  # fmt: skip


# ---------------------------------------------------------------------------
# Values


def parse_bin(value: Any) -> str:
    """12 digits with a valid check digit; a number cell gets its lost leading zeros back."""
    text = identifier_text(value)
    try:
        validate_bin(text)
    except ValidationError:
        raise CellError("bad_bin", value=text) from None
    return text


_SALARY_SPACES = re.compile(r"[\s\u00a0\u202f']+")
_SALARY_CURRENCY = re.compile(r"(₸|kzt|тг\.?|тенге|теңге)$", re.IGNORECASE)


def parse_salary(value: Any) -> int:
    """Whole tenge: "250 000", "250000", "250000.0" (a number cell), "250 000 тг" are all 250000."""
    if isinstance(value, str):
        value = _SALARY_CURRENCY.sub("", _SALARY_SPACES.sub("", value))
        value = re.sub(r",0+$", "", value)
    return parse_int(value, minimum=1, maximum=SALARY_MAX, code="bad_number")


def parse_start_date(value: Any) -> dt.date:
    return parse_date(value, earliest=dt.date(1950, 1, 1), not_after=timezone.localdate() + dt.timedelta(days=366))


def parse_end_date(value: Any) -> dt.date:
    return parse_date(value, earliest=dt.date(1950, 1, 1))


_REGION_PREFIX = re.compile(r"^(г\.|город|city of)\s*", re.IGNORECASE)
_REGION_SUFFIX = re.compile(r"\s*(қ\.|қаласы|г\.|city)$", re.IGNORECASE)


def region_code(text: str) -> str | None:
    """The region for a name (choices.match_region), also with "г."/"қ." and "обл." written around it."""
    found = match_region(text)
    if found:
        return found
    bare = _REGION_SUFFIX.sub("", _REGION_PREFIX.sub("", text.strip()))
    bare = re.sub(r"\bобл\.?$", "область", bare)
    return match_region(bare)


COLUMNS: list[Column] = [
    Column(
        "iin",
        (*IIN_ALIASES, "ИИН выпускника", "Түлектің ЖСН"),
        required=True,
        parse=parse_iin,
        label=_("IIN"),
        help=_("12 digits; identifies a graduate of the platform."),
    ),
    Column(
        "status",
        (
            "Статус",
            "Статус трудоустройства",
            "Статус занятости",
            "Занятость",
            "Мәртебе",
            "Мәртебесі",
            "Жұмыспен қамтылу мәртебесі",
            "employment status",
        ),
        required=True,
        parse=choice_parser(STATUS_VALUES, shown=list(S.values), code="bad_status"),
        label=_("status"),
        help=_(
            "One of the status codes, or its usual name: трудоустроен по специальности / мамандығы бойынша, "
            "не по специальности, ИП / өз бизнесі, магистратура / оқуын жалғастыруда, армия / әскери қызмет, "
            "декрет, безработный / жұмыссыз, не ищет работу, неизвестно / белгісіз."
        ),
    ),
    Column(
        "employer_name",
        (
            "employer",
            "employer name",
            "Работодатель",
            "Наименование работодателя",
            "Место работы",
            "Организация",
            "Жұмыс беруші",
            "Жұмыс орны",
            "Ұйым",
            "Жұмыс берушінің атауы",
        ),
        parse=text_parser(255),
        label=_("employer"),
        help=_("Text, up to 255 characters."),
    ),
    Column(
        "employer_bin",
        ("employer BIN", "BIN", "БИН", "БИН работодателя", "БСН", "Жұмыс берушінің БСН"),
        parse=parse_bin,
        label=_("employer's BIN"),
        help=_("12 digits with a valid check digit; a registered employer with this BIN is linked."),
    ),
    Column(
        "position",
        ("job title", "Должность", "Лауазым", "Лауазымы"),
        parse=text_parser(255),
        label=_("position"),
        help=_("Text, up to 255 characters."),
    ),
    Column(
        "region",
        ("Регион", "Область", "Регион трудоустройства", "Место трудоустройства (регион)", "Өңір", "Облыс", "Аймақ"),
        parse=text_parser(255),
        label=_("region"),
        help=_("A region or city of Kazakhstan in any language; other names are kept as written, with a warning."),
    ),
    Column(
        "salary",
        ("Заработная плата", "Зарплата", "З/п", "Оклад", "Жалақы", "Жалақы мөлшері", "salary, KZT"),
        parse=parse_salary,
        label=_("salary, KZT"),
        help=_("Whole tenge, spaces allowed (250 000); only for employed graduates."),
    ),
    Column(
        "start_date",
        (
            "start date",
            "since",
            "from",
            "Дата начала",
            "Дата трудоустройства",
            "С",
            "С даты",
            "Басталған күні",
            "Бастап",
            "Жұмысқа орналасқан күні",
        ),
        required=True,
        parse=parse_start_date,
        label=_("start date"),
        help=_("A date: dd.mm.yyyy, yyyy-mm-dd or an Excel date."),
    ),
    Column(
        "end_date",
        ("end date", "until", "to", "Дата окончания", "Дата увольнения", "По", "Аяқталған күні", "Дейін"),
        parse=parse_end_date,
        label=_("end date"),
        help=_("A date, not before the start date; empty while the situation lasts."),
    ),
    Column(
        "channel",
        (
            "source",
            "Источник",
            "Источник информации",
            "Способ получения информации",
            "Канал",
            "Ақпарат көзі",
            "Дереккөз",
            "Арна",
        ),
        parse=choice_parser(CHANNEL_VALUES, shown=[c.value for c in MANUAL_CHANNELS]),
        label=_("source of the information"),
        help=_(
            "One of the channel codes or its usual name (телефон, WhatsApp, эл. почта, справка, сам сообщил, "
            "соцсети, преподаватель). Empty: document when a BIN is given, else telephone."
        ),
    ),
    Column(
        "study_level",
        (
            "level of studies",
            "study level",
            "Уровень обучения",
            "Уровень образования",
            "Уровень продолжения обучения",
            "Оқу деңгейі",
            "Білім деңгейі",
            "Білім беру деңгейі",
        ),
        parse=choice_parser(STUDY_LEVEL_VALUES, shown=list(ProgramLevel.values), code="bad_study_level"),
        label=_("level of studies"),
        help=_(
            "Only for a graduate continuing their education: bachelor, master or doctorate, or its usual name "
            "(бакалавриат, магистратура, докторантура / PhD)."
        ),
    ),
]
COLUMNS_BY_NAME = {c.name: c for c in COLUMNS}

MESSAGES: dict[str, Any] = {
    **BASE_MESSAGES,
    **IIN_MESSAGES,
    "unknown_graduate": _("There is no graduate with the IIN {value} whose records you may change."),
    "bad_bin": _("{value} is not a BIN: a BIN has 12 digits and a valid check digit."),
    "bad_status": _("{value} is not a status; accepted: {choices}."),
    "bad_number": _("{value} is not a salary: write whole tenge from {min} to {max}, e.g. 250 000."),
    "bad_number.not_employed": _("A salary ({value}) is recorded only for employed graduates, not for {status}."),
    "bad_study_level": _("{value} is not a level of studies; accepted: {choices}."),
    "bad_study_level.not_continuing": _(
        "A level of studies ({value}) is recorded only for a graduate continuing their education, not for {status}."
    ),
    "date_order": _("The end date {value} is before the start date {after}."),
    "date_order.open": _(
        "The graduate's current record started on {current}: a record without an end date cannot start "
        "earlier ({value}). Enter the earlier period with its end date."
    ),
    "date_order.model": _("{message}"),
    "invalid": _("{message}"),
    "unknown_region": _("The region {value} was not recognised: it is kept as written."),
    "duplicate_row": _("This row repeats row {first_row}: it is skipped."),
    "imported_meanwhile": _(
        "Another import added this row while this one ran: nothing was imported. Run the import again."
    ),
}
EMPLOYMENT_IMPORT = ImportSpec(COLUMNS, MESSAGES)

# Model fields reported on the file's columns when the service rejects a record.
FIELD_COLUMNS = {
    "status": "status",
    "employer_name": "employer_name",
    "employer_bin": "employer_bin",
    "position": "position",
    "region": "region",
    "region_text": "region",
    "salary": "salary",
    "started_on": "start_date",
    "ended_on": "end_date",
    "channel": "channel",
    "study_level": "study_level",
}


def default_channel(employer_bin: str) -> str:
    """An empty channel: a row with a BIN was copied from a document, others come from the phone survey."""
    return Channel.DOCUMENT if employer_bin else Channel.TELEPHONE


def import_key(graduate_id: int, data: dict[str, Any]) -> str:
    """A row's identity: the same graduate, status, start, employer, BIN and end give the same key."""
    parts = [
        str(graduate_id),
        str(data["status"]),
        data["start_date"].isoformat(),
        _norm(data.get("employer_name", "")),
        data.get("employer_bin", ""),
        data["end_date"].isoformat() if data.get("end_date") else "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _norm(text: str) -> str:
    return " ".join(str(text or "").split()).casefold().replace("ё", "е")


# ---------------------------------------------------------------------------
# Checking and importing


def run_import(
    file_obj: Any,
    filename: str,
    *,
    institution: Institution,
    acting_user: MaybeUser,
    dry_run: bool,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Validate everything and, unless dry_run, write all rows in one transaction if there is no error.

    report.to_dict() is the JSON contract of the import commands (messages in the active language).
    Raises UnreadableFile.
    """
    table, header, report = EMPLOYMENT_IMPORT.open(file_obj, filename)
    from mansap.graduates.services.records import recorded_by

    user = recorded_by(acting_user)
    run = _Run(institution=institution, user=user, report=report, columns_missing=bool(header.missing))

    for chunk in parse_rows(table, COLUMNS, header, chunk_size=CHUNK_SIZE, progress=progress, progress_span=(0, 0.5)):
        run.check_chunk(chunk)
    run.plan()
    if not dry_run and report.ok and run.rows_ok():
        with transaction.atomic():
            if not run.write():
                transaction.set_rollback(True)
    run.count()
    if progress:
        progress(1.0)
    report.sort()
    return report


@dataclass
class _Row:
    parsed: ParsedRow
    graduate: Student | None = None
    key: str = ""
    action: str = ""  # "create" or "unchanged" once planned

    @property
    def keyed_graduate(self) -> Student:
        """The graduate of a row that has a key: check_row keys only rows that name a known graduate."""
        if self.graduate is None:
            raise ValueError(f"row {self.parsed.row} names no known graduate")
        return self.graduate


@dataclass
class _Run:
    institution: Institution
    user: User | None  # None: the command without --user, acting for the whole institution
    report: ImportReport
    columns_missing: bool = False  # a required column has no header: no row can be imported
    rows: list[_Row] = field(default_factory=list)
    to_create: list[_Row] = field(default_factory=list)

    def graduates(self) -> QuerySet[Student]:
        from mansap.core.models import Student

        if self.user is None:
            return Student.objects.filter(institution=self.institution).graduates()
        # The graduates whose employment the user records (not the Registrar's Office's: it reads them).
        return (
            Student.objects.for_user_as(self.user, EMPLOYMENT_RECORDERS)
            .graduates()
            .filter(institution=self.institution)
        )

    def rows_ok(self) -> bool:
        return all(row.parsed.ok for row in self.rows)

    def check_chunk(self, chunk: list[ParsedRow]) -> None:
        from mansap.employers.models import Organization

        iins = {p.data["iin"] for p in chunk if "iin" in p.data}
        graduates = {s.iin: s for s in self.graduates().filter(iin__in=iins).only("pk", "iin", "institution_id")}
        bins = {p.data["employer_bin"] for p in chunk if "employer_bin" in p.data}
        organizations = dict(
            Organization.objects.filter(institution=self.institution, bin__in=bins).values_list("bin", "pk")
        )
        for parsed in chunk:
            row = _Row(parsed)
            self.check_row(row, graduates, organizations)
            self.rows.append(row)

    def check_row(self, row: _Row, graduates: dict[str, Any], organizations: dict[str, int]) -> None:
        parsed, data = row.parsed, row.parsed.data
        iin = data.get("iin")
        if iin:
            row.graduate = graduates.get(iin)
            if row.graduate is None:
                parsed.add_issue("iin", "unknown_graduate", value=iin)
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            parsed.add_issue("end_date", "date_order", after=parsed.shown["start_date"])
        status = data.get("status")
        if status and "salary" in data and status not in EMPLOYED:
            parsed.add_issue("salary", "bad_number", variant="not_employed", status=status)
        if status and "study_level" in data and status != S.CONTINUING_EDUCATION:
            parsed.add_issue("study_level", "bad_study_level", variant="not_continuing", status=status)
        if "region" in data:
            code = region_code(data["region"])
            if code is None:
                self.report.warn(parsed.row, "region", "unknown_region", value=parsed.shown["region"])
                data["region_text"], data["region"] = data["region"], ""
            else:
                data["region"] = code
        if "channel" not in data:
            data["channel"] = default_channel(data.get("employer_bin", ""))
        if data.get("employer_bin") in organizations:
            data["organization_id"] = organizations[data["employer_bin"]]
        if parsed.ok and row.graduate is not None and not self.columns_missing:
            row.key = import_key(row.graduate.pk, data)

    def plan(self) -> None:
        """Decide each valid row's fate as record_employment would apply them, graduate by graduate."""
        by_graduate: dict[int, list[_Row]] = defaultdict(list)
        for row in self.rows:
            if row.parsed.ok and row.key:
                by_graduate[row.keyed_graduate.pk].append(row)
        existing = self.existing_records(list(by_graduate))
        for graduate_id, rows in by_graduate.items():
            keys, natural, open_start = existing.get(graduate_id, (set(), {}, None))
            first_row: dict[str, int] = {}
            for row in sorted(rows, key=lambda r: (r.parsed.data["start_date"], r.parsed.row)):
                parsed, data = row.parsed, row.parsed.data
                if row.key in first_row:
                    row.action = "unchanged"
                    self.report.warn(parsed.row, "", "duplicate_row", first_row=first_row[row.key])
                    continue
                first_row[row.key] = parsed.row
                ends = natural.get(_natural_key(data))
                if row.key in keys or (ends is not None and (data.get("end_date") is None or data["end_date"] in ends)):
                    row.action = "unchanged"
                    continue
                if data.get("end_date") is None:
                    if open_start is not None and data["start_date"] < open_start:
                        parsed.add_issue(
                            "start_date",
                            "date_order",
                            variant="open",
                            value=parsed.shown["start_date"],
                            current=open_start.strftime("%d.%m.%Y"),
                        )
                        continue
                    open_start = data["start_date"]
                row.action = "create"
                self.to_create.append(row)
        self.to_create.sort(key=lambda r: (r.keyed_graduate.pk, r.parsed.data["start_date"], r.parsed.row))

    def existing_records(self, graduate_ids: list[int]) -> dict[int, tuple[set[str], dict, dt.date | None]]:
        """Per graduate: the import keys, the (status, start, employer, BIN) -> end dates, the open record's start."""
        from mansap.graduates.models import EmploymentRecord

        found: dict[int, tuple[set[str], dict, dt.date | None]] = {}
        for i in range(0, len(graduate_ids), IN_BATCH):
            rows = (
                EmploymentRecord.objects.filter(graduate_id__in=graduate_ids[i : i + IN_BATCH])
                .order_by()
                .values_list("graduate_id", "import_key", "status", "started_on", "ended_on", "employer_name",
                             "employer_bin")
            )  # fmt: skip
            for graduate_id, key, status, started, ended, name, bin_ in rows.iterator(chunk_size=5000):
                keys, natural, _open = found.setdefault(graduate_id, (set(), {}, None))
                if key:
                    keys.add(key)
                natural.setdefault((status, started, _norm(name), bin_), set()).add(ended)
                if ended is None:
                    found[graduate_id] = (keys, natural, started)
        return found

    def write(self) -> bool:
        """Apply the planned rows through the service; False when it refused one (then roll back)."""
        from mansap.graduates.models import EmploymentRecord
        from mansap.graduates.services.records import record_employment

        ok = True
        for row in self.to_create:
            data = row.parsed.data
            try:
                with transaction.atomic():
                    record_employment(
                        row.keyed_graduate,
                        acting_user=self.user,
                        status=data["status"],
                        employer_name=data.get("employer_name", ""),
                        employer_bin=data.get("employer_bin", ""),
                        organization_id=data.get("organization_id"),
                        position=data.get("position", ""),
                        region=data.get("region", ""),
                        region_text=data.get("region_text", ""),
                        salary=data.get("salary"),
                        study_level=data.get("study_level", ""),
                        started_on=data["start_date"],
                        ended_on=data.get("end_date"),
                        channel=data["channel"],
                        import_key=row.key,
                    )
            except ValidationError as exc:
                self.reject(row, exc)
                ok = False
            except IntegrityError:
                # graduates_record_import_key_unique: another import wrote this row since plan() looked.
                if not EmploymentRecord.objects.filter(graduate=row.graduate, import_key=row.key).exists():
                    raise
                row.parsed.add_issue("", "imported_meanwhile")
                ok = False
        return ok

    def reject(self, row: _Row, exc: ValidationError) -> None:
        """The service refused a record the checks let through: report it on the row (nothing is kept)."""
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        for name, texts in messages.items():
            column = FIELD_COLUMNS.get(name, "")
            code = "date_order" if column in ("start_date", "end_date") else "invalid"
            params = {"message": " ".join(str(t) for t in texts)}
            if code == "date_order":
                params["variant"] = "model"
            row.parsed.add_issue(column, code, **params)

    def count(self) -> None:
        report = self.report
        report.rows = len(self.rows)
        for row in self.rows:
            report.errors.extend(row.parsed.issues)
            if not row.parsed.ok or self.columns_missing:
                report.invalid += 1
                continue
            report.valid += 1
            if row.action == "create":
                report.created += 1
            else:
                report.unchanged += 1
        if report.errors:
            report.created = report.updated = report.unchanged = 0


def _natural_key(data: dict[str, Any]) -> tuple[str, dt.date, str, str]:
    return (data["status"], data["start_date"], _norm(data.get("employer_name", "")), data.get("employer_bin", ""))

"""Importing a risk register kept in Excel, all or nothing (issue #13).

    python manage.py import_risk_register FILE.xlsx [--dry-run] [--json] [--institution CODE]
                                                    [--language kk|ru|en] [--user USERNAME]

The workbook has up to three sheets, read by name (any case) through the platform's import engine
(mansap.common.importing: header aliases in English, Russian and Kazakh, row limits, coded issues):

- `risks`: key*, process*, title*, owner_email*, category* (and optionally title_kk, title_ru, title_en);
- `assessments`: key*, assessed_on*, likelihood*, impact* (and optionally note);
- `actions`: key*, action*, due_on*, done_on.

Rules:

- All or nothing: every row of every sheet is checked first; one error and nothing is written.
- `process` is the process number 1–22 (also written 07) or its code (either code of the card): else
  `bad_process`. `owner_email` is the e-mail of an active user with a membership of the institution: else
  `unknown_owner`. `category` is a code or its name in kk/ru/en: else `bad_choice`.
- An assessment's or an action's key must be on the `risks` sheet or already in the register: else
  `unknown_risk`. Likelihood and impact are whole numbers 1–5 (`bad_number`); dates are dd.mm.yyyy or
  yyyy-mm-dd and not in the future (`bad_date`).
- Keys identify risks across imports: a known key updates its risk (process, owner, category; `title` is
  written in the import's language when it differs from every language's title), so importing the same
  workbook twice adds nothing. An assessment is identified by its risk and date, an action by its risk, text
  and due date; a known one is updated (likelihood and impact; completion date) or left unchanged.
- An imported action's responsible person is its risk's owner; it is done when done_on is given.
- A key repeated on the `risks` sheet, or an assessment repeated for a risk and date, is `duplicate_row`.

Each error carries `sheet`, `row`, `column` and `code` (and a message in the active language).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from mansap.common.history import attributed
from mansap.common.importing import (
    BASE_MESSAGES,
    Column,
    ImportReport,
    ParsedRow,
    RowIssue,
    UnreadableFile,
    enum_parser,
    map_header,
    open_table,
    parse_date,
    parse_int,
    parse_row,
    parse_text,
    text_parser,
)
from mansap.common.params import parse_id
from mansap.core.access import is_quality_editor
from mansap.quality.choices import ActionStatus, RiskCategory
from mansap.quality.models import Process, Risk, RiskAction, RiskAssessment

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser
    from mansap.core.models import Institution, User

SHEETS = ("risks", "assessments", "actions")
LANGS = ("kk", "ru", "en")

MESSAGES: dict[str, Any] = {
    **BASE_MESSAGES,
    "bad_process": _("{value} is not a process of the map: give its number (1–22) or its code."),
    "unknown_owner": _("No user of the institution has the e-mail {value}."),
    "unknown_risk": _("There is no risk with the key {value}, neither on the risks sheet nor in the register."),
    "duplicate_row": _("{value} is already given in row {first_row}."),
    "bad_number": _("{value} is not a whole number between {min} and {max}."),
    "invalid": _("The register could not be saved: {value}"),
}


def _today() -> dt.date:
    return timezone.localdate()


def _date(value: Any) -> dt.date:
    return parse_date(value, not_after=_today())


def _score(value: Any) -> int:
    return parse_int(value, minimum=1, maximum=5)


def _process_ref(value: Any) -> str:
    """The process as written: a number ("7", "07", 7.0) or a code; resolved against the map later."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return parse_text(value, max_length=80)


def _columns() -> dict[str, list[Column]]:
    return {
        "risks": [
            Column("key", ("ключ", "код риска", "кілт", "тәуекел коды"), required=True, parse=text_parser(40)),
            Column("process", ("процесс", "процесс №", "№ процесса", "процесс нөмірі"), required=True,
                   parse=_process_ref),
            Column("title", ("риск", "название", "наименование риска", "тәуекел", "атауы"), required=True,
                   parse=text_parser(500)),
            Column("title_kk", ("название (каз)", "атауы (қаз)"), parse=text_parser(500)),
            Column("title_ru", ("название (рус)", "атауы (орыс)"), parse=text_parser(500)),
            Column("title_en", ("название (англ)", "атауы (ағыл)"), parse=text_parser(500)),
            Column("owner_email", ("owner", "владелец", "e-mail владельца", "email", "иесі", "иесінің e-mail"),
                   required=True, parse=text_parser(254)),
            Column("category", ("категория", "санат"), required=True, parse=enum_parser(RiskCategory)),
        ],
        "assessments": [
            Column("key", ("ключ", "код риска", "кілт"), required=True, parse=text_parser(40)),
            Column("assessed_on", ("date", "дата", "дата оценки", "бағалау күні"), required=True, parse=_date),
            Column("likelihood", ("вероятность", "ықтималдық"), required=True, parse=_score),
            Column("impact", ("влияние", "последствия", "әсер", "салдары"), required=True, parse=_score),
            Column("note", ("обоснование", "комментарий", "негіздеме"), parse=text_parser(2000)),
        ],
        "actions": [
            Column("key", ("ключ", "код риска", "кілт"), required=True, parse=text_parser(40)),
            Column("action", ("мероприятие", "действие", "шара", "іс-шара"), required=True, parse=text_parser(2000)),
            Column("due_on", ("срок", "мерзімі"), required=True, parse=lambda v: parse_date(v)),
            Column("done_on", ("выполнено", "дата выполнения", "орындалды"), parse=_date),
        ],
    }  # fmt: skip


@dataclass
class SheetRows:
    name: str
    rows: list[ParsedRow] = field(default_factory=list)
    header_ok: bool = True  # every required column is in the header (else its rows are counted, not checked)


@dataclass
class Plan:
    """What the import would write, decided while checking (so a dry run counts exactly as a real run)."""

    risks: list[tuple[Risk, dict[str, Any], bool]] = field(default_factory=list)  # (risk, changes, is_new)
    assessments: list[tuple[str, dict[str, Any], RiskAssessment | None]] = field(default_factory=list)
    actions: list[tuple[str, dict[str, Any], RiskAction | None]] = field(default_factory=list)


def _issue(report: ImportReport, sheet: str, row: int, column: str, code: str, **params: Any) -> None:
    report.errors.append(RowIssue(row, column, code, params, sheet=sheet))


def read_sheets(file_obj: Any, filename: str, report: ImportReport) -> dict[str, SheetRows]:
    """Each sheet that exists, parsed; a missing header column is an error at its header row. A workbook with
    none of the three sheets is unreadable ("no_sheet")."""
    found: dict[str, SheetRows] = {}
    for name, columns in _columns().items():
        try:
            table = open_table(file_obj, filename, sheet=name)
        except UnreadableFile as exc:
            if exc.code in {"no_sheet", "empty"}:
                continue
            raise
        header = map_header(table.header, columns)
        report.ignored_columns += [f"{name}: {title}" for title in header.ignored]
        for missing in header.missing:
            _issue(report, name, table.header_row, missing, "missing_field", variant="header")
        sheet = SheetRows(name, header_ok=not header.missing)
        for number, values in table.rows:
            parsed = parse_row(number, values, header, columns)
            for issue in parsed.issues:
                issue.sheet = name
            sheet.rows.append(parsed)
        found[name] = sheet
    if not found:
        raise UnreadableFile.because("no_sheet", name=filename.rsplit("/", 1)[-1], sheet=", ".join(SHEETS))
    return found


def _process_lookup(institution: Institution) -> tuple[dict[int, Process], dict[str, Process]]:
    by_number: dict[int, Process] = {}
    by_code: dict[str, Process] = {}
    for process in Process.objects.filter(institution=institution):
        by_number[process.number] = process
        for code in (process.code, process.id_code):
            if code:
                by_code[_code_key(code)] = process
    return by_number, by_code


def _code_key(code: str) -> str:
    return re.sub(r"\s+", "", code).casefold()


def _owners(institution: Institution) -> dict[str, User]:
    users = (
        get_user_model()
        ._default_manager.filter(is_active=True)
        .filter(Q(memberships__institution=institution) | Q(is_superuser=True))
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    found: dict[str, User] = {}
    for user in users:
        found.setdefault(user.email.casefold(), user)
    return found


def check(institution: Institution, sheets: dict[str, SheetRows], report: ImportReport) -> Plan:
    plan = Plan()
    for sheet in list(sheets.values()):
        if not sheet.header_ok:  # its header error already fails the import; its rows cannot be read
            report.rows += len(sheet.rows)
            report.invalid += len(sheet.rows)
            del sheets[sheet.name]
    by_number, by_code = _process_lookup(institution)
    owners = _owners(institution)
    existing = {r.key: r for r in Risk.objects.filter(institution=institution)}
    keys_on_sheet: dict[str, int] = {}
    language = (translation.get_language() or "kk")[:2]

    for row in sheets.get("risks", SheetRows("risks")).rows:
        report.rows += 1
        data = row.data
        key = data.get("key")
        if key is not None:
            if key in keys_on_sheet:
                row.issues.append(
                    RowIssue(row.row, "key", "duplicate_row", {"value": key, "first_row": keys_on_sheet[key]}, "risks")
                )
            else:
                keys_on_sheet[key] = row.row
        process = None
        if "process" in data:
            ref = data["process"]
            number = parse_id(ref)  # ("²".isdigit(), but int("²") fails)
            process = by_number.get(number) if number is not None else by_code.get(_code_key(ref))
            if process is None:
                row.issues.append(RowIssue(row.row, "process", "bad_process", {"value": row.shown["process"]}, "risks"))
        owner = None
        if "owner_email" in data:
            owner = owners.get(data["owner_email"].casefold())
            if owner is None:
                row.issues.append(
                    RowIssue(row.row, "owner_email", "unknown_owner", {"value": row.shown["owner_email"]}, "risks")
                )
        if row.issues:
            report.invalid += 1
            report.errors.extend(row.issues)
            continue
        report.valid += 1
        assert key is not None and process is not None and owner is not None
        titles = {f"title_{lang}": data[f"title_{lang}"] for lang in LANGS if f"title_{lang}" in data}
        risk = existing.get(key)
        if risk is None:
            risk = Risk(institution=institution, key=key, process=process, owner=owner, category=data["category"])
            for lang in LANGS:
                setattr(risk, f"title_{lang}", titles.get(f"title_{lang}", data["title"]))
            plan.risks.append((risk, {}, True))
            continue
        changes: dict[str, Any] = {}
        if risk.process_id != process.pk:
            changes["process"] = process
        if risk.owner_id != owner.pk:
            changes["owner"] = owner
        if risk.category != data["category"]:
            changes["category"] = data["category"]
        if data["title"] not in {risk.title_kk, risk.title_ru, risk.title_en} and f"title_{language}" not in titles:
            titles[f"title_{language}"] = data["title"]
        changes.update({k: v for k, v in titles.items() if getattr(risk, k) != v})
        plan.risks.append((risk, changes, False))

    known = set(existing) | set(keys_on_sheet)
    assessments = {
        (a.risk.key, a.assessed_on): a
        for a in RiskAssessment.objects.filter(risk__institution=institution).select_related("risk")
    }
    seen: dict[tuple[str, dt.date], int] = {}
    for row in sheets.get("assessments", SheetRows("assessments")).rows:
        report.rows += 1
        data = row.data
        if "key" in data and data["key"] not in known:
            row.issues.append(RowIssue(row.row, "key", "unknown_risk", {"value": data["key"]}, "assessments"))
        if "key" in data and "assessed_on" in data:
            pair = (data["key"], data["assessed_on"])
            if pair in seen:
                value = f"{data['key']} {row.shown['assessed_on']}"
                row.issues.append(
                    RowIssue(row.row, "assessed_on", "duplicate_row", {"value": value, "first_row": seen[pair]},
                             "assessments")
                )  # fmt: skip
            seen.setdefault(pair, row.row)
        if row.issues:
            report.invalid += 1
            report.errors.extend(row.issues)
            continue
        report.valid += 1
        plan.assessments.append((data["key"], data, assessments.get((data["key"], data["assessed_on"]))))

    actions = {
        (a.risk.key, a.action, a.due_on): a
        for a in RiskAction.objects.filter(risk__institution=institution).select_related("risk")
    }
    for row in sheets.get("actions", SheetRows("actions")).rows:
        report.rows += 1
        data = row.data
        if "key" in data and data["key"] not in known:
            row.issues.append(RowIssue(row.row, "key", "unknown_risk", {"value": data["key"]}, "actions"))
        if row.issues:
            report.invalid += 1
            report.errors.extend(row.issues)
            continue
        report.valid += 1
        plan.actions.append((data["key"], data, actions.get((data["key"], data["action"], data["due_on"]))))
    return plan


def apply(institution: Institution, plan: Plan, report: ImportReport, *, acting_user: MaybeUser, write: bool) -> None:
    """Count (and, when `write`, make) the plan's changes; called inside one transaction."""
    by_key: dict[str, Risk] = {}
    for risk, changes, is_new in plan.risks:
        if is_new:
            report.created += 1
        elif changes:
            report.updated += 1
            for name, value in changes.items():
                setattr(risk, name, value)
        else:
            report.unchanged += 1
        if write and (is_new or changes):
            risk.full_clean()
            attributed(risk, acting_user, reason="import").save()
        by_key[risk.key] = risk
    missing = {key for key, _data, _found in [*plan.assessments, *plan.actions]} - set(by_key)
    by_key.update({r.key: r for r in Risk.objects.filter(institution=institution, key__in=missing)})

    for key, data, found in plan.assessments:
        values = {"likelihood": data["likelihood"], "impact": data["impact"]}
        if found is None:
            report.created += 1
            if write:
                item = RiskAssessment(risk=by_key[key], assessed_on=data["assessed_on"], note=data.get("note", ""),
                                      score=values["likelihood"] * values["impact"], **values)  # fmt: skip
                item.assessed_by = acting_user if getattr(acting_user, "is_authenticated", False) else None  # type: ignore[assignment]
                attributed(item, acting_user, reason="import").save()
        elif (found.likelihood, found.impact) != (values["likelihood"], values["impact"]):
            report.updated += 1
            if write:
                found.likelihood, found.impact = values["likelihood"], values["impact"]
                attributed(found, acting_user, reason="import").save()
        else:
            report.unchanged += 1

    for key, data, existing in plan.actions:
        done_on = data.get("done_on")
        status = ActionStatus.DONE if done_on else ActionStatus.PLANNED
        if existing is None:
            report.created += 1
            if write:
                risk = by_key[key]
                planned = RiskAction(risk=risk, action=data["action"], owner_id=risk.owner_id, due_on=data["due_on"],
                                  done_on=done_on, status=status)  # fmt: skip
                attributed(planned, acting_user, reason="import").save()
        elif existing.done_on != done_on:
            report.updated += 1
            if write:
                existing.done_on, existing.status = done_on, status
                attributed(existing, acting_user, reason="import").save()
        else:
            report.unchanged += 1


def run_import(
    file_obj: Any, filename: str, *, institution: Institution, acting_user: MaybeUser, dry_run: bool = False
) -> ImportReport:
    """Check the workbook and, unless `dry_run` or it has errors, import it in one transaction.

    Raises UnreadableFile (not a workbook, none of the sheets) and PermissionDenied (a user who is not a
    quality editor)."""
    if acting_user is not None and not is_quality_editor(acting_user):
        raise PermissionDenied
    report = ImportReport(messages=MESSAGES)
    sheets = read_sheets(file_obj, filename, report)
    plan = check(institution, sheets, report)
    report.errors.sort(key=lambda issue: (SHEETS.index(issue.sheet) if issue.sheet in SHEETS else 0, issue.row))
    if report.errors.total:
        return report
    with transaction.atomic():
        try:
            apply(institution, plan, report, acting_user=acting_user, write=not dry_run)
        except ValidationError as exc:  # a rule the checks above missed: nothing is written
            transaction.set_rollback(True)
            report.errors.append(RowIssue(0, "", "invalid", {"value": "; ".join(exc.messages)}))
    return report

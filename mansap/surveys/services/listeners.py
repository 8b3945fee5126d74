"""The audience of an end-of-course survey (002 p12; R-066): additional-education course listeners, imported from a
spreadsheet or typed in, before the campaign is launched.

The import follows the platform's rules (mansap.common.importing): an .xlsx or .csv file whose first row names
the columns (aliases in English, Russian and Kazakh):

- `full_name`* (ФИО, аты-жөні), `email`*, `course`* (курс, курс атауы), `language` (язык, тіл: kk, ru, en or
  their names; empty: the campaign's default language).

All or nothing: every row is checked first, one error and nobody is added. Each error names its row, column
and code: `missing_field`, `bad_email`, `bad_choice` (language), `too_long`, `duplicate_row` (the same e-mail
and course twice in the file). (e-mail, course) identifies a listener within the campaign: importing the same
file again adds nobody (a changed name or language is updated). Invitations go to the listeners at the launch,
in each one's language, as for any campaign.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mansap.common.importing import (
    BASE_MESSAGES,
    Column,
    ImportReport,
    ImportSpec,
    choice_parser,
    parse_email,
    parse_rows,
    text_parser,
)
from mansap.core.access import user_can_change
from mansap.core.services import imports
from mansap.surveys.choices import LANGUAGE_CODES
from mansap.surveys.models import Campaign, CourseListener

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser

MESSAGES: dict[str, Any] = {
    **BASE_MESSAGES,
    "duplicate_row": gettext_lazy("{value} is already given in row {first_row}."),
}


def _language_parser() -> Any:
    spellings: dict[str, str] = {}
    for code in LANGUAGE_CODES:
        spellings[code] = code
        for shown_in in LANGUAGE_CODES:
            with translation.override(shown_in):
                spellings[str(translation.get_language_info(code)["name_translated"])] = code
        spellings[str(translation.get_language_info(code)["name_local"])] = code
        spellings[str(translation.get_language_info(code)["name"])] = code
    return choice_parser(spellings, shown=list(LANGUAGE_CODES))


def _spec() -> ImportSpec:
    columns = [
        Column("full_name", ("name", "listener", "фио", "ф.и.о.", "слушатель", "аты-жөні", "тыңдаушы"),
               required=True, parse=text_parser(255), label=gettext_lazy("full name")),
        Column("email", ("e-mail", "почта", "электронная почта", "эл. пошта"), required=True, parse=parse_email,
               label=gettext_lazy("e-mail")),
        Column("course", ("курс", "курс атауы", "название курса", "программа"), required=True,
               parse=text_parser(255), label=gettext_lazy("course")),
        Column("language", ("язык", "тіл"), parse=_language_parser(), label=gettext_lazy("language"),
               help=gettext_lazy("kk, ru or en; empty: the campaign's default language")),
    ]  # fmt: skip
    return ImportSpec(columns, MESSAGES)


def _require_draft(campaign: Campaign, acting_user: MaybeUser) -> None:
    if acting_user is not None and not user_can_change(acting_user, campaign):
        raise PermissionDenied
    if not campaign.asks_listeners:
        raise ValidationError(_("Only an end-of-course survey asks a list of course listeners."), code="kind")
    if campaign.launched_at is not None:
        raise ValidationError(
            _("The campaign has been launched: its audience is fixed, listeners can no longer be added."),
            code="launched",
        )


@transaction.atomic
def import_listeners(
    campaign: Campaign, file_obj: Any, filename: str, *, acting_user: MaybeUser, dry_run: bool = False
) -> ImportReport:
    """Check the file and, when no row has an error (and not `dry_run`), add or update its listeners.

    Raises ValidationError (not a draft end-of-course campaign), PermissionDenied and
    mansap.common.importing.UnreadableFile (not a spreadsheet, no header, ...)."""
    _require_draft(campaign, acting_user)
    spec = _spec()
    table, header, report = spec.open(file_obj, filename)
    existing = {(listener.email.lower(), listener.course.casefold()): listener for listener in campaign.listeners.all()}
    seen: dict[tuple[str, str], int] = {}
    to_create: list[CourseListener] = []
    to_update: list[CourseListener] = []
    for chunk in parse_rows(table, spec.columns, header):
        for row in chunk:
            report.rows += 1
            if header.missing:
                report.invalid += 1
                continue
            if row.ok:
                key = (row.data["email"].lower(), row.data["course"].casefold())
                if key in seen:
                    row.add_issue("email", "duplicate_row", first_row=seen[key])
                else:
                    seen[key] = row.row
            if not row.ok:
                report.invalid += 1
                report.errors.extend(row.issues)
                continue
            report.valid += 1
            language = row.data.get("language") or campaign.language
            known = existing.get(key)
            if known is None:
                report.created += 1
                to_create.append(
                    CourseListener(
                        campaign=campaign, full_name=row.data["full_name"], email=row.data["email"],
                        course=row.data["course"], language=language,
                    )
                )  # fmt: skip
            elif (known.full_name, known.language) != (row.data["full_name"], language):
                report.updated += 1
                known.full_name, known.language = row.data["full_name"], language
                to_update.append(known)
            else:
                report.unchanged += 1
    report.sort()
    if report.ok and not dry_run:
        CourseListener.objects.bulk_create(to_create, batch_size=500)
        CourseListener.objects.bulk_update(to_update, ["full_name", "language"], batch_size=500)
    return report


@transaction.atomic
def add_listener(
    campaign: Campaign, *, acting_user: MaybeUser, full_name: str, email: str, course: str, language: str
) -> CourseListener:
    """Type in one listener (the same rules as a row of the import; an existing e-mail and course is refused)."""
    _require_draft(campaign, acting_user)
    listener = CourseListener(campaign=campaign, full_name=full_name, email=email, course=course, language=language)
    if campaign.listeners.filter(email__iexact=email, course__iexact=course).exists():
        raise ValidationError({"email": _("This listener of this course is already on the list.")})
    listener.full_clean()
    listener.save()
    return listener


@transaction.atomic
def remove_listener(listener: CourseListener, *, acting_user: MaybeUser) -> None:
    _require_draft(listener.campaign, acting_user)
    listener.delete()


def column_help() -> list[dict[str, Any]]:
    return _spec().column_help()


def report_for_display(report: dict[str, Any] | None) -> dict[str, Any]:
    """A stored report (ImportReport.to_dict(messages=False)) with a message on each issue, in the active language."""
    return imports.report_for_display(report, messages=MESSAGES)


def error_report_xlsx(report: dict[str, Any] | None) -> bytes:
    """The errors as a workbook: row, column, code, message, the value as written (the graduates import's)."""
    return imports.error_report_xlsx(report, messages=MESSAGES)

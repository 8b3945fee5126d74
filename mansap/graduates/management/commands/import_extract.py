"""Import an official extract (labour contracts or pension contributions, .xlsx or .csv), all or nothing (#20).

    python manage.py import_extract FILE --kind contracts|contributions --cohorts 2024,2025 [--profile NAME]
                                         [--dry-run] [--json] [--source TEXT] [--period-from DATE]
                                         [--period-to DATE] [--consent-basis TEXT] [--institution CODE]
                                         [--language kk|ru|en] [--user USERNAME]

The columns are mapped by the named profile (ExtractProfile of the institution and kind) or guessed from the
headers (kk/ru/en). Codes: bad_iin, iin_leading_zero (warning: a lost leading zero restored), unknown_graduate
(warning: the row is kept), bad_date, bad_month, bad_bin. Options, exit status and the JSON report are those of
import_graduates: 0 valid (imported unless --dry-run), 1 errors (nothing written), 2 unreadable or the command
cannot run. The same file twice adds nothing (by SHA-256). The period defaults to the rows' dates.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from mansap.common.importing import ImportReport, parse_date
from mansap.core.commands import ImportCommand, Stop
from mansap.core.models import Institution, User
from mansap.graduates.choices import ExtractKind
from mansap.graduates.models import ExtractProfile
from mansap.graduates.services import extracts


class Command(ImportCommand):
    help = (
        "Import an official extract (labour contracts or pension contributions; .xlsx or .csv; all rows or none), "
        "its columns mapped by --profile or guessed from the headers. The same file twice adds nothing. "
        "Exit status: 0 valid, 1 errors (nothing written), 2 unreadable."
    )
    refused = extracts.REFUSAL

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--kind", required=True, choices=ExtractKind.values, help="what the extract holds")
        parser.add_argument("--cohorts", required=True, help="graduation years it was requested for: 2024,2025")
        parser.add_argument("--profile", help="the name of a saved column mapping of this kind")
        parser.add_argument("--source", default="", help="the register and the body that issued it")
        parser.add_argument("--period-from", help="the start of the period it covers (default: the rows' first)")
        parser.add_argument("--period-to", help="the end of the period it covers (default: the rows' last)")
        parser.add_argument("--consent-basis", default="", help="on what basis the data were requested")

    def run(self, options: Any) -> int:
        self.options = options
        return super().run(options)

    def run_import(
        self, handle: Any, name: str, *, institution: Institution, acting_user: User | None, dry_run: bool
    ) -> ImportReport:
        options = self.options
        params = extracts.ExtractParams(
            kind=options["kind"],
            cohorts=self.cohorts(options["cohorts"]),
            source=options["source"] or _("official extract"),
            period_start=self.day(options.get("period_from")),
            period_end=self.day(options.get("period_to")),
            consent_basis=options["consent_basis"],
            profile=self.profile(institution, options["kind"], options.get("profile")),
        )
        if params.period_start and params.period_end and params.period_end < params.period_start:
            raise Stop(_("The end of the period cannot be before its start."))
        try:
            report, _extract = extracts.run_extract(
                handle, name, institution=institution, acting_user=acting_user, dry_run=dry_run, params=params
            )
        except PermissionDenied:
            raise Stop(str(self.refused)) from None
        except ValidationError as exc:
            raise Stop(" ".join(exc.messages)) from None
        return report

    def cohorts(self, text: str) -> list[int]:
        years = []
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or not 1950 <= int(part) <= 2999:
                raise Stop(_("{value} is not a graduation year.").format(value=part))
            years.append(int(part))
        if not years:
            raise Stop(_("Name the cohorts the extract was requested for, e.g. --cohorts 2024,2025."))
        return years

    def day(self, text: str | None) -> Any:
        if not text:
            return None
        try:
            return parse_date(text)
        except Exception:
            raise Stop(_("{value} is not a date: write it as yyyy-mm-dd.").format(value=text)) from None

    def profile(self, institution: Institution, kind: str, name: str | None) -> ExtractProfile | None:
        if not name:
            return None
        found = ExtractProfile.objects.filter(institution=institution, kind=kind, name=name).first()
        if found is None:
            raise Stop(_("There is no column profile {name} for this kind of extract.").format(name=name))
        return found

"""The registrar's annual report (issue #15, R-130): generate or regenerate its draft, edit its texts, issue it.

`generate(institution, start_year)` counts the academic year (1 September to 31 August) from the platform's data:

- the contingent on the year's first and last day, per faculty (reports.contingent);
- the movement over the year by order type (reports.movement.movement_between, the monthly report's reader);
- the session results: academics' indicators `academics.absolute_performance` and `academics.quality_performance`;
- the requests served within their SLA: the service desk's indicator `servicedesk.requests_within_sla`.

The two last are read through common.indicators' registry by their codes: academics is beside the student body and
the service desk above it in the import contract, so neither is imported; a missing indicator gives no figure.

Each section's text is generated in the report's language until the registrar edits it; regenerating refreshes the
figures and the texts nobody edited, and keeps the edited ones. An issued report is frozen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mansap.common import indicators
from mansap.common.history import attributed
from mansap.core.access import is_contingent_editor
from mansap.core.models import Institution
from mansap.studentbody.choices import Breakdown
from mansap.studentbody.models import AnnualReport, AnnualSection, StudentPeriod
from mansap.studentbody.models.annual import ReportLanguage, ReportStatus, SectionCode
from mansap.studentbody.reports.annual import default_text
from mansap.studentbody.reports.contingent import contingent
from mansap.studentbody.reports.movement import movement_between, total

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser

SESSION_INDICATORS = {"absolute": "academics.absolute_performance", "quality": "academics.quality_performance"}
SLA_INDICATOR = "servicedesk.requests_within_sla"
FIRST_YEAR = 2000


def year_bounds(start_year: int) -> tuple[dt.date, dt.date]:
    """The academic year: 1 September to 31 August."""
    return dt.date(start_year, 9, 1), dt.date(start_year + 1, 8, 31)


def _require_editor(acting_user: MaybeUser) -> None:
    if acting_user is not None and not is_contingent_editor(acting_user):
        raise PermissionDenied


def _measure(code: str, institution: Institution, period: indicators.Period) -> dict[str, Any] | None:
    """An indicator's figure as JSON (value as a string), or None when no app provides the code."""
    try:
        indicator = indicators.get(code)
    except indicators.UnknownIndicator:
        return None
    found = indicator.measure(institution, period)
    return {
        "value": None if found.value is None else str(found.value),
        "numerator": None if found.numerator is None else int(found.numerator),
        "denominator": found.denominator,
    }


def compute_figures(institution: Institution, start_year: int) -> dict[str, Any]:
    """Every section's figures for the academic year beginning in `start_year` (reads only)."""
    first, last = year_bounds(start_year)
    label = f"{start_year}-{start_year + 1}"
    periods = StudentPeriod.objects.filter(institution=institution)
    at_start = contingent(periods, first, Breakdown.FACULTY)
    at_end = contingent(periods, last, Breakdown.FACULTY)
    faculties = sorted(set(at_start.by) | set(at_start.leave_by) | set(at_end.by) | set(at_end.leave_by))
    year = total(movement_between(periods, first, last, label).values(), label)
    period = indicators.Period.academic_year(start_year)
    return {
        "start": first.isoformat(),
        "end": last.isoformat(),
        "contingent": {
            "start": at_start.total, "start_on_leave": at_start.on_leave,
            "end": at_end.total, "end_on_leave": at_end.on_leave,
            "by_faculty": {
                code: [at_start.by.get(code, 0), at_start.leave_by.get(code, 0), at_end.by.get(code, 0),
                       at_end.leave_by.get(code, 0)]
                for code in faculties
            },
        },
        "movement": {
            "start": year.start, "end": year.end, "arrivals": year.arrivals, "departures": year.departures,
        },
        "sessions": {key: _measure(code, institution, period) for key, code in SESSION_INDICATORS.items()},
        "services": {"requests_within_sla": _measure(SLA_INDICATOR, institution, period)},
    }  # fmt: skip


# ---- The services ----------------------------------------------------------------------------------------------


def _refuse_issued(report: AnnualReport) -> None:
    if not report.is_draft:
        raise ValidationError(
            _("The annual report {year} is issued: it can no longer be changed.").format(year=report.year_label),
            code="issued",
        )


def _refresh_sections(report: AnnualReport, acting_user: MaybeUser) -> None:
    existing = {section.code: section for section in report.sections.all()}
    with translation.override(report.language):
        for position, code in enumerate(SectionCode, start=1):
            section = existing.get(code) or AnnualSection(report=report, code=code)
            section.position = position * 10
            if not section.edited:
                section.text = default_text(code, report.figures)
            attributed(section, acting_user).save()


@transaction.atomic
def generate(
    institution: Institution, start_year: int, *, acting_user: MaybeUser, language: str | None = None
) -> AnnualReport:
    """The draft of the year, made or regenerated: figures anew, texts nobody edited anew, edited texts kept."""
    _require_editor(acting_user)
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= start_year <= this_year:
        raise ValidationError(
            {"start_year": _("The academic year begins between {first} and {last}.").format(first=FIRST_YEAR,
                                                                                          last=this_year)},
            code="bad_year",
        )  # fmt: skip
    report = AnnualReport.objects.select_for_update().filter(institution=institution, start_year=start_year).first()
    if report is None:
        report = AnnualReport(institution=institution, start_year=start_year, language=language or ReportLanguage.KK)
    else:
        _refuse_issued(report)
        if language:
            report.language = language
    report.figures = compute_figures(institution, start_year)
    report.generated_at = timezone.now()
    report.full_clean(exclude=["figures"])
    attributed(report, acting_user).save()
    _refresh_sections(report, acting_user)
    return report


@transaction.atomic
def save_texts(
    report: AnnualReport, texts: Mapping[str, str], *, acting_user: MaybeUser, language: str | None = None
) -> AnnualReport:
    """The registrar's texts: a changed text is kept from now on (edited); an emptied one is generated again.
    A new language regenerates the texts nobody edited in it."""
    _require_editor(acting_user)
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _refuse_issued(report)
    if language and language != report.language:
        if language not in ReportLanguage.values:
            raise ValidationError({"language": _("Choose kk, ru or en.")}, code="bad_language")
        report.language = language
        attributed(report, acting_user).save()
    sections = {section.code: section for section in report.sections.all()}
    with translation.override(report.language):
        for code, text in texts.items():
            section = sections.get(code)
            if section is None:
                continue
            text = (text or "").strip()
            generated = default_text(code, report.figures)
            if not text or (text == generated and not section.edited):
                section.text, section.edited = generated, False
            elif text != section.text or not section.edited:
                section.text, section.edited = text, text != generated
            attributed(section, acting_user).save()
    _refresh_sections(report, acting_user)
    return report


@transaction.atomic
def issue(report: AnnualReport, *, acting_user: MaybeUser) -> AnnualReport:
    """draft → issued: the report is frozen (its figures and texts as they are)."""
    _require_editor(acting_user)
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _refuse_issued(report)
    report.status = ReportStatus.ISSUED
    report.issued_at = timezone.now()
    report.issued_by = acting_user if getattr(acting_user, "is_authenticated", False) else None  # type: ignore[assignment]
    attributed(report, acting_user).save()
    return report

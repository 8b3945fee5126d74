"""Verified employment (#20): the figures of a reconciliation as the page, the discrepancy report and the KPIs show
them. The rules are services/reconcile.py's; this module only lays their results out."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, QuerySet
from django.utils.translation import gettext as _

from mansap.common.exports import sheets_to_xlsx
from mansap.core.models import Student
from mansap.graduates import kpi_cache
from mansap.graduates.choices import BinMatch, EmploymentStatus, ReconciledState, TaskStatus
from mansap.graduates.models import DiscrepancyTask, Reconciliation, ReconciliationRow
from mansap.graduates.reports.analytics import format_number, format_rate
from mansap.graduates.services import reconcile as services

STATES = services.STATES
STATE_COLOURS = {
    ReconciledState.CONFIRMED: "success",
    ReconciledState.CONTRADICTED: "danger",
    ReconciledState.OFFICIAL_ONLY: "info",
    ReconciledState.CONSISTENT: "secondary",
    ReconciledState.NOT_COVERED: "light",
}


def state_cards(figures: dict[str, Any], language: str | None = None) -> list[dict[str, Any]]:
    """One card per state: its label, count and colour (the page's and the PDF's order)."""
    counts = figures.get("counts", {})
    labels = dict(ReconciledState.choices)
    return [
        {
            "state": str(state),
            "label": labels[state],
            "count": counts.get(str(state), 0),
            "text": format_number(counts.get(str(state), 0), language),
            "colour": STATE_COLOURS[state],
        }
        for state in STATES
    ]


def rate_cards(figures: dict[str, Any], language: str | None = None) -> list[dict[str, Any]]:
    cards = [
        {"name": "verified_employment_rate", "label": _("Verified employment rate"),
         "text": format_rate(figures.get("verified_employment_rate"), language),
         "basis": _("confirmed + official only, over the cohort less those out of the labour force")},
        {"name": "covered_share", "label": _("Covered by extracts"),
         "text": format_rate(figures.get("covered_share"), language),
         "basis": _("covered graduates over the cohort")},
    ]  # fmt: skip
    if figures.get("sustained_employment") is not None:
        cards.append(
            {
                "name": "sustained_employment_rate",
                "label": _("Sustained employment"),
                "text": format_rate(figures.get("sustained_employment_rate"), language),
                "basis": _("{count} covered graduates with contributions in the window").format(
                    count=format_number(figures["sustained_employment"], language)
                ),
            }
        )
    return cards


def verified_kpis(graduates: QuerySet[Student], as_of: dt.date, institution_id: int | None = None) -> dict[str, Any]:
    """The verified employment rate and the covered share of a selection (beside the employment KPIs): the
    reconciliation's rules over the graduates' extracts (6 queries, any size), or one query when the figures of
    the same selection, date and data are in the figures' cache (kpi_cache, kind "verified").

    Besides the records and graduates the cache follows anyway, these figures change with an extract stored or
    deleted and a consent given or refused: the extract and consent services bump the cache for those.
    """

    def compute() -> dict[str, Any]:
        outcome = services.compute_graduates(graduates, institution_id, as_of, with_graduates=False)
        return {
            "verified_employment_rate": outcome.verified_employment_rate,
            "covered_share": outcome.covered_share,
        }

    if not kpi_cache.enabled():
        return compute()
    span = graduates.order_by().aggregate(n=Count("pk"), first=Min("graduation_date"), last=Max("graduation_date"))
    years = [] if span["first"] is None else list(range(span["first"].year, span["last"].year + 1))
    return kpi_cache.get_or_compute("verified", graduates, (as_of, institution_id, span["n"]), years, compute)


def department_summary(reconciliation: Reconciliation, rows: QuerySet[ReconciliationRow]) -> list[dict[str, Any]]:
    """Counts per department and state (one grouped query), with the open tasks of each department."""
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    names: dict[int, str] = {}
    grouped = (
        rows.order_by()
        .values("graduate__program__department_id", "state")
        .annotate(n=Count("pk"))
        .values_list("graduate__program__department_id", "state", "n")
    )
    for department_id, state, n in grouped:
        counts[department_id][state] += n
    open_tasks = Counter(
        dict(
            DiscrepancyTask.objects.filter(
                reconciliation=reconciliation, status=TaskStatus.OPEN, graduate__in=rows.values("graduate")
            )
            .order_by()
            .values("graduate__program__department_id")
            .annotate(n=Count("pk"))
            .values_list("graduate__program__department_id", "n")
        )
    )
    from mansap.core.models import Department

    for department in Department.objects.filter(pk__in=list(counts)):
        names[department.pk] = f"{department.code} · {department.name}"
    result = []
    for department_id in sorted(counts, key=lambda pk: names.get(pk, "")):
        row = counts[department_id]
        result.append(
            {
                "department": names.get(department_id, ""),
                "counts": [row[str(state)] for state in STATES],
                "cohort": sum(row.values()),
                "open_tasks": open_tasks[department_id],
            }
        )
    return result


@dataclass
class DiscrepancyReport:
    """The discrepancy report (counts per department, then the contradicted and official-only graduates) in the
    active language: one reader, laid out as XLSX and as PDF."""

    reconciliation: Reconciliation
    summary_header: list[str]
    summary: list[list[Any]]
    list_header: list[str]
    listing: list[list[Any]]
    state_cards: list[dict[str, Any]]
    rate_cards: list[dict[str, Any]]


def discrepancy_report(
    reconciliation: Reconciliation, rows: QuerySet[ReconciliationRow], language: str | None = None
) -> DiscrepancyReport:
    """Read the report (4 queries whatever the size: the grouped counts, the departments, the tasks, the rows)."""
    # Plain strings in the user's language (openpyxl takes no lazy translation).
    labels = {key: str(label) for key, label in ReconciledState.choices}
    statuses = {key: str(label) for key, label in EmploymentStatus.choices}
    matches = {key: str(label) for key, label in BinMatch.choices}
    decisions = {key: str(label) for key, label in TaskStatus.choices}
    summary_header = [_("Department"), *[labels[s] for s in STATES], _("Cohort"), _("Open tasks")]
    summary = [
        [item["department"], *item["counts"], item["cohort"], item["open_tasks"]]
        for item in department_summary(reconciliation, rows)
    ]
    tasks = {
        t.graduate_id: t
        for t in DiscrepancyTask.objects.filter(reconciliation=reconciliation).only("graduate_id", "status", "reason")
    }
    listed = (
        rows.filter(state__in=[ReconciledState.CONTRADICTED, ReconciledState.OFFICIAL_ONLY])
        .select_related("graduate__program__department")
        .order_by("graduate__program__department__code", "graduate__last_name", "graduate__first_name")
    )
    list_header = [
        _("Department"), _("Graduate"), _("IIN"), _("Department's status"), _("State"), _("Official employer"),
        _("Official employer's BIN"), _("Employer's BIN"), _("Decision"), _("Reason"),
    ]  # fmt: skip
    listing = []
    for row in listed:
        task = tasks.get(row.graduate_id)
        listing.append(
            [
                row.graduate.program.department.code,
                row.graduate.full_name,
                row.graduate.iin,
                statuses.get(row.status, row.status),
                labels.get(row.state, row.state),
                row.official_employer,
                row.official_bin,
                matches.get(row.bin_match, ""),
                decisions.get(task.status, "") if task else "",
                task.reason if task else "",
            ]
        )
    return DiscrepancyReport(
        reconciliation=reconciliation,
        summary_header=summary_header,
        summary=summary,
        list_header=list_header,
        listing=listing,
        state_cards=state_cards(reconciliation.figures, language),
        rate_cards=rate_cards(reconciliation.figures, language),
    )


def discrepancy_xlsx(reconciliation: Reconciliation, rows: QuerySet[ReconciliationRow]) -> bytes:
    """The discrepancy report as a workbook: a sheet of counts per department, a sheet of the discrepancies."""
    report = discrepancy_report(reconciliation, rows)
    return sheets_to_xlsx(
        [
            (_("By department"), report.summary_header, report.summary),
            (_("Discrepancies"), report.list_header, report.listing),
        ]
    )


def discrepancy_title(reconciliation: Reconciliation) -> str:
    return _("Discrepancies {cohort} {date}").format(
        cohort=reconciliation.cohort, date=reconciliation.as_of.strftime("%Y-%m-%d")
    )


def discrepancy_html(report: DiscrepancyReport, language: str) -> str:
    from django.template.loader import render_to_string
    from django.utils import timezone

    from mansap.graduates.reports.analytics import format_date

    reconciliation = report.reconciliation
    return render_to_string(
        "graduates/pdf/discrepancy_report.html",
        {
            "report": report,
            "language": language,
            "title": _("Discrepancies with official extracts"),
            "subtitle": _("Cohort {cohort}, as of {date}").format(
                cohort=reconciliation.cohort, date=format_date(reconciliation.as_of, language)
            ),
            "frozen": format_date(timezone.localtime(reconciliation.frozen_at).date(), language)
            if reconciliation.frozen_at
            else "",
            "scope": str(reconciliation.department) if reconciliation.department_id else _("All departments"),
            "generated": format_date(timezone.localdate(), language),
        },
    )


def discrepancy_pdf(report: DiscrepancyReport, language: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=discrepancy_html(report, language)).write_pdf())

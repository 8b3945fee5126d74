"""The management review's figures (process 5; ISO 9001 §9.3) and the files made from them.

`gather(institution, start, end)` collects every section as plain JSON values (texts in kk, ru and en side by
side, figures as numbers, dates as ISO strings): at issue it is stored as the review's snapshot, and the PDF and
XLSX in each language are rendered from that snapshot only (`render_pdf`, `render_xlsx`), so nothing that
changes later reaches an issued review. A draft's page renders a fresh `gather` the same way.

Sections (keys of the snapshot):
- "kpis": every process's KPIs against their targets (quality.reports.scorecards, from the KPI framework);
- "heat_map", "red_risks", "risk_kpis": the register as of the period's end (retired risks left out);
- "overdue_actions": risk actions due by the period's end and not done by then; "overdue_decisions": the
  decisions of earlier reviews in the same state (ISO 9001 §9.3.2 a: the status of actions from previous reviews);
- "surveys": the employer, graduate (graduating students, alumni) and student satisfaction campaigns that closed
  within the period, with their headline scores (surveys.reports.results);
- "work_plans": the units' half-year work plan reports whose half-year ends within the period;
- "documents": the state of the document register: `document_register_section` (None until the regulations app,
  issue #17, provides it; the section is then left out, not filled with a placeholder).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from mansap.common.exports import sheets_to_xlsx
from mansap.quality.choices import ActionStatus, Half, MeasureStatus, ReviewStatus, Zone, zone_of
from mansap.quality.display import kpi_number
from mansap.quality.models import Process, ReviewDecision, Risk, RiskAction, WorkPlanReport
from mansap.quality.reports.risks import heat_map, risk_kpis
from mansap.surveys.choices import ResponseStatus, SurveyKind
from mansap.surveys.models import Campaign
from mansap.surveys.reports.results import headline_score

if TYPE_CHECKING:
    from mansap.core.models import Institution

SCHEMA = 1
LANGS = ("kk", "ru", "en")
SURVEY_KINDS = (SurveyKind.EMPLOYERS, SurveyKind.ALUMNI, SurveyKind.GRADUATING, SurveyKind.STUDENTS)
Texts = dict[str, str]


def texts(obj: Any, name: str) -> Texts:
    return {lang: str(getattr(obj, f"{name}_{lang}", "") or "") for lang in LANGS}


def pick(value: Any, language: str) -> str:
    """A {kk, ru, en} text in `language`, else the first language that has it."""
    if not isinstance(value, Mapping):
        return "" if value is None else str(value)
    for code in (language, "ru", "kk", "en"):
        if value.get(code):
            return str(value[code])
    return ""


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _number(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


# ---- Hooks ---------------------------------------------------------------------------------------------------
def kpi_section(institution: Institution, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Every process's KPIs against targets (reports.kpis.scorecard, the one reader of the KPI framework): for each
    definition the period of its kind that contains the review's end, its value, numerator, denominator,
    target and RAG status, and the values of the last five periods (the chart). One scorecard per period kind
    and period, not per KPI."""
    from mansap.common.indicators import Period
    from mansap.quality.models import KPIDefinition
    from mansap.quality.reports.kpis import as_number, scorecard

    definitions = list(
        KPIDefinition.objects.filter(institution=institution)
        .select_related("institution", "process")
        .order_by("process__number", "code")
    )
    rows: dict[int, dict[str, Any]] = {}
    for definition in definitions:
        rows[definition.pk] = {
            "process": definition.process.number, "code": definition.code, "name": texts(definition, "name"),
            "unit": definition.unit, "higher_is_better": definition.higher_is_better, "period": None,
            "value": None, "numerator": None, "denominator": None, "target": None, "status": "none",
            "lifecycle": definition.status, "trend": [], "provider_missing": False,
        }  # fmt: skip
    kinds: dict[str, list[Any]] = {}
    for definition in definitions:
        if definition.period_kind:
            kinds.setdefault(definition.period_kind, []).append(definition)
    for kind, group in kinds.items():
        current = Period.containing(kind, end)
        for period in current.last(5):
            for found in scorecard(group, period):
                row = rows[found.definition.pk]
                row["trend"].append({"period": period.label, "value": as_number(found.value)})
                if period == current:
                    row.update(
                        period=period.label, value=as_number(found.value), numerator=as_number(found.numerator),
                        denominator=as_number(found.denominator), status=found.status,
                        target=as_number(found.target.target) if found.target else None,
                        provider_missing=found.provider_missing,
                    )  # fmt: skip
    return [rows[d.pk] for d in definitions]


def document_register_section(institution: Institution, start: dt.date, end: dt.date) -> dict[str, Any] | None:
    """The state of the document register for the review (issue #17, the regulations app, fills this hook in;
    until then None, and the review has no such section)."""
    return None


# ---- The sections --------------------------------------------------------------------------------------------
def risk_section(institution: Institution, end: dt.date) -> dict[str, Any]:
    risks = Risk.objects.filter(institution=institution)
    heat = heat_map(risks, end)
    red: list[dict[str, Any]] = []
    current: Any = risks.live_on(end).with_assessment_on(end)
    for risk in current.select_related("process", "owner").order_by("-current_score", "process__number", "key"):
        if zone_of(risk.current_score) != Zone.RED:
            continue
        red.append(
            {
                "key": risk.key,
                "title": texts(risk, "title"),
                "process": risk.process.number,
                "score": risk.current_score,
                "likelihood": risk.current_likelihood,
                "impact": risk.current_impact,
                "assessed_on": _iso(risk.current_assessed_on),
                "owner": risk.owner.display_name,
            }
        )
    return {
        "heat_map": {
            "rows": [[cell.count for cell in row] for row in heat.rows],
            "assessed": heat.assessed,
            "not_assessed": heat.not_assessed,
        },
        "red_risks": red,
    }


def _open_by(end: dt.date) -> Q:
    """Due before `end` and not done by then (cancelled ones aside)."""
    return Q(due_on__lt=end) & ~Q(status=ActionStatus.CANCELLED) & (Q(done_on__isnull=True) | Q(done_on__gt=end))


def overdue_actions(institution: Institution, end: dt.date) -> list[dict[str, Any]]:
    rows = (
        RiskAction.objects.filter(_open_by(end), risk__institution=institution)
        .filter(Q(risk__retired_on__isnull=True) | Q(risk__retired_on__gt=end))
        .select_related("risk", "owner")
        .order_by("due_on", "pk")
    )
    return [
        {
            "risk": a.risk.key,
            "action": a.action,
            "owner": a.owner.display_name,
            "due_on": _iso(a.due_on),
            "done_on": _iso(a.done_on),
        }
        for a in rows
    ]


def overdue_decisions(institution: Institution, end: dt.date) -> list[dict[str, Any]]:
    rows = (
        ReviewDecision.objects.filter(_open_by(end), review__institution=institution, due_on__isnull=False)
        .exclude(review__status=ReviewStatus.DRAFT)
        .select_related("owner")
        .order_by("due_on", "pk")
    )
    return [
        {
            "body": d.body,
            "protocol_number": d.protocol_number,
            "protocol_date": _iso(d.protocol_date),
            "text": d.text,
            "owner": d.owner.display_name if d.owner else "",
            "due_on": _iso(d.due_on),
            "done_on": _iso(d.done_on),
        }
        for d in rows
    ]


def survey_section(institution: Institution, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    campaigns = (
        Campaign.objects.filter(
            institution=institution,
            kind__in=SURVEY_KINDS,
            launched_at__isnull=False,
            closes_on__gte=start,
            closes_on__lte=end,
        )
        .select_related("headline_question")
        .annotate(
            invited=Count("invitations", distinct=True),
            respondents=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED), distinct=True),
        )
        .order_by("kind", "closes_on", "pk")
    )
    rows = []
    for campaign in campaigns:
        score = headline_score(campaign, personal_only=campaign.kind == SurveyKind.EMPLOYERS)
        rows.append(
            {
                "kind": campaign.kind,
                "title": texts(campaign, "title"),
                "closes_on": _iso(campaign.closes_on),
                "invited": campaign.invited,
                "respondents": campaign.respondents,
                "headline": _number(score),
                "min_slice": campaign.min_slice,
            }
        )
    return rows


def work_plan_section(institution: Institution, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    reports = (
        WorkPlanReport.objects.filter(plan__institution=institution, period_end__gte=start, period_end__lte=end)
        .select_related("plan__department", "submitted_by")
        .prefetch_related("items__measure__responsible")
        .order_by("period_end", "plan__office", "plan__department__code", "pk")
    )
    rows = []
    for report in reports:
        plan = report.plan
        unit = texts(plan.department, "name") if plan.department_id else _office_texts(plan.office)
        items = [
            {
                "goal": i.measure.goal,
                "measure": i.measure.text,
                "due_on": _iso(i.measure.due_on),
                "responsible": i.measure.responsible.display_name,
                "status": i.status,
                "comment": i.comment,
            }
            for i in report.items.all()
        ]
        counts = {status: sum(1 for i in items if i["status"] == status) for status in MeasureStatus.values}
        rows.append(
            {
                "unit": unit,
                "year": plan.year,
                "half": report.half,
                "period_end": _iso(report.period_end),
                "summary": report.summary,
                "items": items,
                "counts": counts,
            }
        )
    return rows


def _office_texts(office: str) -> Texts:
    from mansap.core.choices import Role

    label = Role(office).label
    result = {}
    for lang in LANGS:
        with translation.override(lang):
            result[lang] = str(label)
    return result


def gather(institution: Institution, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Every section of the management review for [start, end], as JSON values (see the module's docstring)."""
    snapshot: dict[str, Any] = {
        "schema": SCHEMA,
        "institution": texts(institution, "name"),
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "processes": {
            str(p.number): {"code": p.code, "name": texts(p, "name")}
            for p in Process.objects.filter(institution=institution).order_by("number")
        },
        "kpis": kpi_section(institution, start, end),
        **risk_section(institution, end),
        "risk_kpis": risk_kpis(institution, start, end).as_json(),
        "overdue_actions": overdue_actions(institution, end),
        "overdue_decisions": overdue_decisions(institution, end),
        "surveys": survey_section(institution, start, end),
        "work_plans": work_plan_section(institution, start, end),
    }
    documents = document_register_section(institution, start, end)
    if documents is not None:
        snapshot["documents"] = documents
    return snapshot


# ---- The files -----------------------------------------------------------------------------------------------
def _day(value: str | None) -> str:
    return dt.date.fromisoformat(value).strftime("%d.%m.%Y") if value else "—"


def _percent(value: float | None) -> str:
    """A share as a percentage with one decimal (half up) in the active language: "4,5 %" in kk and ru, "4.5 %"
    in en (presented runs inside translation.override), as the platform's pages show numbers."""
    if value is None:
        return "—"
    percent = (Decimal(repr(value)) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{number_format(percent, decimal_pos=1)} %"


def presented(snapshot: Mapping[str, Any], language: str, meta: Mapping[str, Any]) -> dict[str, Any]:
    """The snapshot with its texts in `language` and its figures formatted, for the page, the PDF and the XLSX
    (call inside translation.override(language)). `meta`: the review's title, version and status lines."""
    from mansap.core.choices import Role  # noqa: F401  (labels of offices come from the snapshot)
    from mansap.quality.choices import ZONE_COLOURS, CollegiateBody

    processes = snapshot.get("processes", {})
    heat_rows = []
    for lk_index, counts in enumerate(snapshot["heat_map"]["rows"]):
        likelihood = 5 - lk_index
        row = []
        for im_index, count in enumerate(counts):
            zone = zone_of(likelihood * (im_index + 1))
            row.append(
                {"count": count, "zone": zone.value if zone else "", "colour": ZONE_COLOURS[zone] if zone else ""}
            )
        heat_rows.append({"likelihood": likelihood, "cells": row})
    kpis = snapshot.get("risk_kpis") or {}
    counts = kpis.get("counts", {})
    status_labels = dict(MeasureStatus.choices)
    half_labels = dict(Half.choices)
    kind_labels = dict(SurveyKind.choices)
    body_labels = dict(CollegiateBody.choices)
    return {
        **meta,
        "language": language,
        "institution": pick(snapshot["institution"], language),
        "period": f"{_day(snapshot['period']['start'])} – {_day(snapshot['period']['end'])}",
        "kpis": None
        if snapshot.get("kpis") is None
        else [presented_kpi(k, processes, language) for k in snapshot["kpis"] if _has_figure(k)],
        "kpis_pending": [k["code"] for k in snapshot.get("kpis") or [] if not _has_figure(k)],
        "heat_rows": heat_rows,
        "heat_assessed": snapshot["heat_map"]["assessed"],
        "heat_not_assessed": snapshot["heat_map"]["not_assessed"],
        "red_risks": [
            {
                **r,
                "title": pick(r["title"], language),
                "assessed_on": _day(r["assessed_on"]),
                "process_name": pick(processes.get(str(r["process"]), {}).get("name"), language),
            }
            for r in snapshot["red_risks"]
        ],
        "risk_kpis": [
            (
                _("Left the red zone"),
                _percent(kpis.get("left_red_share")),
                f"{counts.get('left_red', 0)} / {counts.get('red_at_start', 0)}",
            ),
            (
                _("Processes covered by risk assessment"),
                _percent(kpis.get("processes_covered_share")),
                f"{counts.get('processes_covered', 0)} / {len(processes)}",
            ),
            (
                _("Actions done"),
                _percent(kpis.get("actions_done_share")),
                f"{counts.get('actions_done', 0)} / {counts.get('actions_due', 0)}",
            ),
            (
                _("Actions done on time"),
                _percent(kpis.get("actions_on_time_share")),
                f"{counts.get('actions_on_time', 0)} / {counts.get('actions_due', 0)}",
            ),
        ],
        "overdue_actions": [{**a, "due_on": _day(a["due_on"])} for a in snapshot["overdue_actions"]],
        "overdue_decisions": [
            {
                **d,
                "due_on": _day(d["due_on"]),
                "protocol_date": _day(d["protocol_date"]),
                "body": str(body_labels.get(d["body"], d["body"])),
            }
            for d in snapshot["overdue_decisions"]
        ],
        "surveys": [
            {
                **s,
                "title": pick(s["title"], language),
                "kind": str(kind_labels.get(s["kind"], s["kind"])),
                "closes_on": _day(s["closes_on"]),
                "headline": _score(s["headline"]),
                "suppressed": s["headline"] is None and s["respondents"] < s["min_slice"],
            }
            for s in snapshot["surveys"]
        ],
        "work_plans": [
            {
                **w,
                "unit": pick(w["unit"], language),
                "year": f"{w['year']}-{w['year'] + 1}",
                "half": str(half_labels.get(w["half"], w["half"])),
                "items": [
                    {**i, "due_on": _day(i["due_on"]), "status_label": str(status_labels.get(i["status"], ""))}
                    for i in w["items"]
                ],
                "counts": [(str(status_labels[k]), v) for k, v in w["counts"].items()],
            }
            for w in snapshot["work_plans"]
        ],
        "documents": snapshot.get("documents"),
    }


RAG_COLOURS = {"green": "#198754", "amber": "#ffc107", "red": "#dc3545", "none": "#6c757d"}


def _score(value: float | None) -> str:
    """A survey's headline score with two decimals (half up) in the active language: "4,25" in kk and ru."""
    if value is None:
        return "—"
    return number_format(Decimal(repr(value)).quantize(Decimal("0.01"), ROUND_HALF_UP), decimal_pos=2)


def _figure(value: float | None, unit: str) -> str:
    """A KPI's figure in the active language: a share as _percent, any other as the KPI pages show it
    (quality.display.kpi_number: "4,5" in kk and ru, tenge and counts grouped)."""
    if value is None:
        return "—"
    if unit == "share":
        return _percent(value)
    return kpi_number(value, unit)


def kpi_chart(trend: list[dict[str, Any]], target: float | None, status: str) -> str:
    """A small SVG bar chart of the last periods' values (the latest in its RAG colour) with the target as a
    dashed line; built from numbers only (no text from people), so it is safe to mark safe."""
    values = [t["value"] for t in trend]
    known = [v for v in values if v is not None]
    if not known:
        return ""
    top = max([*known, target or 0]) or 1
    width, height, bar = 100, 28, 16
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
    ]
    for index, value in enumerate(values):
        if value is None:
            continue
        h = max(1.0, (value / top) * (height - 2)) if value > 0 else 1.0
        colour = RAG_COLOURS.get(status, "#6c757d") if index == len(values) - 1 else "#9ab"
        parts.append(
            f'<rect x="{index * 20 + 2}" y="{height - h:.1f}" width="{bar}" height="{h:.1f}" fill="{colour}"/>'
        )
    if target is not None:
        y = height - (target / top) * (height - 2)
        parts.append(f'<line x1="0" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" stroke="#1d2329" stroke-dasharray="3 2"/>')
    parts.append("</svg>")
    return "".join(parts)


def _has_figure(kpi: Mapping[str, Any]) -> bool:
    """A KPI the review shows in its table: it has a value or a target (in the period or its trend)."""
    return kpi["value"] is not None or kpi["target"] is not None or any(t["value"] is not None for t in kpi["trend"])


def presented_kpi(kpi: Mapping[str, Any], processes: Mapping[str, Any], language: str) -> dict[str, Any]:
    from django.utils.safestring import mark_safe

    from mansap.quality.choices import Rag

    rag_labels = dict(Rag.choices)
    return {
        **kpi,
        "name": pick(kpi["name"], language),
        "process_name": pick(processes.get(str(kpi["process"]), {}).get("name"), language),
        "value_text": _figure(kpi["value"], kpi["unit"]),
        "target_text": _figure(kpi["target"], kpi["unit"]),
        "status_label": str(rag_labels.get(kpi["status"], kpi["status"])),
        "colour": {"green": "success", "amber": "warning", "red": "danger"}.get(kpi["status"], "secondary"),
        "chart": mark_safe(kpi_chart(kpi["trend"], kpi["target"], kpi["status"])),
        "basis": f"{kpi_number(kpi['numerator'])} / {kpi_number(kpi['denominator'])}"
        if isinstance(kpi.get("numerator"), (int, float)) and isinstance(kpi.get("denominator"), (int, float))
        else "",
    }


def render_html(snapshot: Mapping[str, Any], language: str, meta: Mapping[str, Any]) -> str:
    with translation.override(language):
        return render_to_string("quality/pdf/management_review.html", presented(snapshot, language, meta))


def render_pdf(snapshot: Mapping[str, Any], language: str, meta: Mapping[str, Any]) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(snapshot, language, meta)).write_pdf()


def render_xlsx(snapshot: Mapping[str, Any], language: str, meta: Mapping[str, Any]) -> bytes:
    with translation.override(language):
        data = presented(snapshot, language, meta)
        sheets: list[tuple[str, list[Any], list[list[Any]]]] = [
            (
                _("Review"),
                [_("Item"), _("Value")],
                [
                    [_("Institution"), data["institution"]],
                    [_("Period"), data["period"]],
                    [_("Version"), meta.get("version", "")],
                    [_("Issued"), meta.get("issued", "")],
                ],
            ),
        ]
        if data["kpis"] is not None:
            sheets.append(kpi_sheet(data["kpis"], language))
        sheets += [
            (_("Risk KPIs"), [_("Indicator"), _("Value"), _("Count")], [list(row) for row in data["risk_kpis"]]),
            (
                _("Heat map"),
                [_("Likelihood \\ impact"), "1", "2", "3", "4", "5"],
                [[row["likelihood"], *[c["count"] for c in row["cells"]]] for row in data["heat_rows"]],
            ),
            (
                _("Red risks"),
                [_("Key"), _("Risk"), _("Process"), _("Score"), _("Assessed on"), _("Owner")],
                [
                    [r["key"], r["title"], r["process"], r["score"], r["assessed_on"], r["owner"]]
                    for r in data["red_risks"]
                ],
            ),
            (
                _("Overdue actions"),
                [_("Risk"), _("Action"), _("Responsible"), _("Due on")],
                [[a["risk"], a["action"], a["owner"], a["due_on"]] for a in data["overdue_actions"]],
            ),
            (
                _("Overdue decisions"),
                [_("Protocol"), _("Decision"), _("Responsible"), _("Due on")],
                [
                    [f"{d['body']} № {d['protocol_number']} {d['protocol_date']}", d["text"], d["owner"], d["due_on"]]
                    for d in data["overdue_decisions"]
                ],
            ),
            (
                _("Surveys"),
                [_("Survey"), _("Campaign"), _("Closed on"), _("Invited"), _("Answered"), _("Headline score")],
                [
                    [s["kind"], s["title"], s["closes_on"], s["invited"], s["respondents"], s["headline"]]
                    for s in data["surveys"]
                ],
            ),
            (
                _("Work plan reports"),
                [
                    _("Unit"),
                    _("Year"),
                    _("Half-year"),
                    _("Goal"),
                    _("Measure"),
                    _("Due on"),
                    _("Responsible"),
                    _("Status"),
                    _("Comment"),
                ],
                [
                    [
                        w["unit"],
                        w["year"],
                        w["half"],
                        i["goal"],
                        i["measure"],
                        i["due_on"],
                        i["responsible"],
                        i["status_label"],
                        i["comment"],
                    ]
                    for w in data["work_plans"]
                    for i in w["items"]
                ],
            ),
        ]
        return sheets_to_xlsx(sheets)


def kpi_sheet(kpis: list[dict[str, Any]], language: str) -> tuple[str, list[Any], list[list[Any]]]:
    """The KPI section as a sheet (rows as kpi_section gives them)."""
    header = [_("Process"), _("Code"), _("KPI"), _("Period"), _("Value"), _("Target"), _("Status")]
    rows = [
        [k["process"], k["code"], k["name"], k["period"] or "", k["value_text"], k["target_text"], k["status_label"]]
        for k in kpis
    ]
    return _("KPIs"), header, rows

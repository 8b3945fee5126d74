"""The process 17 dashboard: KPI-17.1…17.8 for an academic year. ONE reader, `read()`, for the page, its
XLSX and PDF, the API and the tests; each figure is the measurement of the indicator registered under the
KPI's code (graduates/, employers/, surveys/ indicators.py), so `process_kpis --process 17` gives the same.

- 17.1–17.4 are the cohort the period reports, as of the date graduates/indicators.py derives from the
  period (one year after the cohort's graduation, the period's end or today, whichever is first);
- 17.5–17.7 are counts as of a date: the period's end unless another date is asked for (`on`);
- 17.8 is the employer campaign of the year up to the period's end; the survey asks employers about the
  whole university, so a faculty's dashboard shows the institution's figure (marked as such).

Scope (who sees what) is decided by `scope_for()`: the Career Center, the Registrar's Office, management
and superusers read the whole institution (and may narrow it to a faculty or a department); a dean reads
their faculty (and its departments) only; department staff and everyone else are turned away (403): the
issue names management, the Career Center and deans as the dashboard's readers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mansap.common import indicators
from mansap.common.indicators import WHOLE, Breakdown, Measurement, Period, PeriodKind, Unit
from mansap.core.access import is_institution_wide, user_memberships
from mansap.core.choices import Role
from mansap.core.models import Department, EducationalProgram, Faculty, Institution
from mansap.employers.indicators import PartnershipIndicator
from mansap.graduates import indicators as graduates_indicators
from mansap.graduates.reports import analytics
from mansap.quality.choices import Rag
from mansap.quality.models import KPITarget
from mansap.quality.reports.kpis import SMALL_NUMBER, as_number

if TYPE_CHECKING:
    from mansap.core.access import AnyUser

# (KPI number, indicator code), in the order of the process card.
KPIS: tuple[tuple[str, str], ...] = (
    ("17.1", "graduates.employed_by_specialty"),
    ("17.2", "graduates.average_salary"),
    ("17.3", "graduates.own_business_share"),
    ("17.4", "graduates.successful"),
    ("17.5", "employers.partnership_agreements"),
    ("17.6", "employers.joint_units"),
    ("17.7", "employers.targeted_students"),
    ("17.8", "surveys.employer_training_quality"),
)
CODES = dict(KPIS)
PARTNER_KPIS = ("17.5", "17.6", "17.7")
# #20: shown beside KPI-17.1 (same cohort, same as-of date, same scope): how much of the employment the official
# extracts confirm, and the share of the cohort they cover. Not KPIs of the card: no target, no status.
BESIDE: dict[str, tuple[str, ...]] = {"17.1": ("graduates.verified_employment_rate", "graduates.covered_share")}


def current_period(today: dt.date | None = None) -> Period:
    return Period.containing(PeriodKind.ACADEMIC_YEAR, today or timezone.localdate())


# ---- Scope -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scope:
    institution: Institution
    breakdown: Breakdown
    # The faculties the user may narrow to (None: any of the institution's).
    faculties: frozenset[int] | None
    label: str


def can_read(user: AnyUser) -> bool:
    """Whether the user reads the dashboard at all (the institution-wide offices, management, deans)."""
    return is_institution_wide(user) or any(m.role == Role.DEAN for m in user_memberships(user))


def scope_for(user: AnyUser, *, faculty: int | None = None, department: int | None = None) -> Scope:
    """The part of the institution the user reads, narrowed to `faculty`/`department` when asked (and allowed).

    PermissionDenied for users who are not readers of the dashboard; Http404 for a unit outside their reach.
    """
    memberships = user_memberships(user)
    if is_institution_wide(user):
        institution = next(
            (m.institution for m in memberships if m.role in (Role.CAREER_CENTER, Role.REGISTRAR, Role.MANAGEMENT)),
            None,
        )
        if institution is None:  # a superuser without memberships
            from mansap.core.access import default_institution

            institution = default_institution()
        if institution is None:
            raise Http404
        allowed: frozenset[int] | None = None
    else:
        deans = [m for m in memberships if m.role == Role.DEAN and m.faculty_id is not None]
        if not deans:
            raise PermissionDenied
        institution = deans[0].institution
        allowed = frozenset(m.faculty_id for m in deans if m.institution_id == institution.pk)  # type: ignore[misc]
        if faculty is None:
            faculty = min(allowed)
    unit: Faculty | Department | None = None
    if department is not None:
        found = Department.objects.filter(pk=department, faculty__institution=institution).first()
        if found is None or (allowed is not None and found.faculty_id not in allowed):
            raise Http404
        if faculty is not None and found.faculty_id != faculty:
            raise Http404
        return Scope(institution, Breakdown(department=found.pk), allowed, f"{found.code} {found.name}")
    if faculty is not None:
        unit = Faculty.objects.filter(pk=faculty, institution=institution).first()
        if unit is None or (allowed is not None and unit.pk not in allowed):
            raise Http404
        return Scope(institution, Breakdown(faculty=unit.pk), allowed, f"{unit.code} {unit.name}")
    return Scope(institution, WHOLE, allowed, str(institution))


# ---- Targets (kpis13's KPITarget and rag()) ---------------------------------------------------------------
def targets(institution: Institution, period: Period) -> dict[str, KPITarget]:
    """The institution's target of each process 17 KPI for the period, by KPI number (one query)."""
    found = KPITarget.objects.filter(
        definition__institution=institution, definition__code__in=CODES, period=period.label
    ).select_related("definition")
    return {t.definition.code: t for t in found}


# ---- Figures -----------------------------------------------------------------------------------------------
@dataclass
class Figure:
    number: str
    code: str
    title: str
    unit: str
    value: Any
    numerator: Any
    denominator: Any
    as_of: dt.date | None
    target: Any
    status: str
    rows: Any
    whole_institution: bool = False  # shown for the whole institution whatever the scope (17.8)
    suppressed: bool = False  # a faculty's or department's figure over fewer than SMALL_NUMBER people
    beside: list[Figure] = field(default_factory=list)  # figures shown with this one (BESIDE), no target

    def text(self, language: str | None = None) -> str:
        return format_value(self.unit, self.value, language)

    def target_text(self, language: str | None = None) -> str:
        return format_value(self.unit, self.target, language)


@dataclass
class UnitRow:
    pk: int
    code: str
    name: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def targeted(self) -> int:
        """KPI-17.7 of the unit."""
        return self.counts.get("17.7", 0)


@dataclass
class Dashboard:
    scope: Scope
    period: Period
    on: dt.date  # the date of 17.5–17.7
    cohort: int
    figures: list[Figure]
    departments: list[UnitRow]
    programs: list[UnitRow]

    def figure(self, number: str) -> Figure:
        return next(f for f in self.figures if f.number == number)


def format_value(unit: str, value: Any, language: str | None = None) -> str:
    if value is None:
        return "—"
    if unit == Unit.SHARE:
        return analytics.format_rate(float(value), language)
    if unit == Unit.TENGE:
        return analytics.format_money(int(value), language)
    if unit == Unit.SCORE:
        from babel.numbers import format_decimal

        rounded = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return format_decimal(rounded, format="0.00", locale=analytics.language_code(language))
    return analytics.format_number(int(value), language)


def measure(number: str, scope: Scope, period: Period, on: dt.date, *, code: str = "") -> tuple[Measurement, bool]:
    """One KPI's measurement in the scope (and whether it is the whole institution's, for want of a breakdown);
    `code`: another indicator measured as KPI `number` is (a BESIDE figure)."""
    indicator = indicators.get(code or CODES[number])
    breakdown = scope.breakdown
    whole = breakdown.dimension is not None and breakdown.dimension not in indicator.breakdowns
    if whole:
        breakdown = WHOLE
    if isinstance(indicator, PartnershipIndicator):
        return indicator.measure_on(scope.institution, on, breakdown), whole
    return indicator.measure(scope.institution, period, breakdown), whole


def read(scope: Scope, period: Period, *, on: dt.date | None = None, numbers: tuple[str, ...] = ()) -> Dashboard:
    """Every figure of the dashboard (or only `numbers`) for the scope and the period; 17.5–17.7 as of `on`
    (default: the period's end), with their counts by department and program."""
    on = on or period.end
    figures = []
    by_number = targets(scope.institution, period)
    with indicators.batch():
        for number, code in KPIS:
            if numbers and number not in numbers:
                continue
            figure = make_figure(number, code, scope, period, on, by_number.get(number))
            figure.beside = [make_figure(number, other, scope, period, on, None) for other in BESIDE.get(number, ())]
            figures.append(figure)
    departments, programs = ([], []) if numbers else by_unit(scope, figures)
    return Dashboard(
        scope=scope,
        period=period,
        on=on,
        cohort=graduates_indicators.cohort_of(period),
        figures=figures,
        departments=departments,
        programs=programs,
    )


def make_figure(number: str, code: str, scope: Scope, period: Period, on: dt.date, target: KPITarget | None) -> Figure:
    """The indicator `code` measured as KPI `number` is, with the KPI register's small-number rule."""
    indicator = indicators.get(code)
    measured, whole = measure(number, scope, period, on, code=code)
    suppressed = (
        scope.breakdown != WHOLE
        and not whole
        and measured.denominator is not None
        and measured.denominator < SMALL_NUMBER
    )
    if suppressed:  # the KPI register's small-number rule (quality/reports/kpis.py), the same figures
        measured = Measurement(value=None, rows=[], as_of=measured.as_of)
    return Figure(
        number=number,
        code=code,
        title=str(indicator.title),
        unit=indicator.unit,
        value=measured.value,
        numerator=measured.numerator,
        denominator=measured.denominator,
        as_of=measured.as_of,
        target=target.target if target is not None else None,
        status=target.rag(measured.value) if target is not None else Rag.NONE.value,
        rows=measured.rows,
        whole_institution=whole,
        suppressed=suppressed,
    )


def by_unit(scope: Scope, figures: list[Figure]) -> tuple[list[UnitRow], list[UnitRow]]:
    """17.5–17.7 by department (every department of the scope) and 17.7 by program (programs with students):
    the figures' own rows grouped, one query each."""
    departments = Department.objects.filter(faculty__institution=scope.institution)
    if scope.breakdown.faculty is not None:
        departments = departments.filter(faculty_id=scope.breakdown.faculty)
    if scope.breakdown.department is not None:
        departments = departments.filter(pk=scope.breakdown.department)
    department_rows = {d.pk: UnitRow(d.pk, d.code, d.name) for d in departments.order_by("code", "pk")}
    for figure in figures:
        if figure.number not in PARTNER_KPIS:
            continue
        path = "program__department_id" if figure.number == "17.7" else "department_id"
        for row in department_rows.values():
            row.counts[figure.number] = 0
        grouped = figure.rows.order_by().values(path).annotate(n=Count("pk")).values_list(path, "n")
        for pk, count in grouped:
            if pk in department_rows:
                department_rows[pk].counts[figure.number] = count
    programs: list[UnitRow] = []
    students = next((f for f in figures if f.number == "17.7"), None)
    if students is not None:
        counts = dict(
            students.rows.order_by().values("program_id").annotate(n=Count("pk")).values_list("program_id", "n")
        )
        for program in EducationalProgram.objects.filter(pk__in=counts).order_by("code", "pk"):
            programs.append(UnitRow(program.pk, program.code, program.name, {"17.7": counts[program.pk]}))
    return list(department_rows.values()), programs


# ---- JSON (the API) --------------------------------------------------------------------------------------
def as_json(dashboard: Dashboard) -> dict[str, Any]:
    scope = dashboard.scope
    return {
        "institution": scope.institution.code,
        "year": dashboard.period.label,
        "cohort": dashboard.cohort,
        "on": dashboard.on.isoformat(),
        "scope": {
            "faculty": scope.breakdown.faculty,
            "department": scope.breakdown.department,
            "label": scope.label,
        },
        "kpis": [
            {
                "number": f.number,
                "code": f.code,
                "title": f.title,
                "unit": f.unit,
                "value": as_number(f.value),
                "numerator": as_number(f.numerator),
                "denominator": as_number(f.denominator),
                "as_of": f.as_of.isoformat() if f.as_of else None,
                "target": as_number(f.target),
                "status": f.status,
                "whole_institution": f.whole_institution,
                "suppressed": f.suppressed,
                "beside": [
                    {
                        "code": b.code,
                        "title": b.title,
                        "unit": b.unit,
                        "value": as_number(b.value),
                        "numerator": as_number(b.numerator),
                        "denominator": as_number(b.denominator),
                        "as_of": b.as_of.isoformat() if b.as_of else None,
                        "suppressed": b.suppressed,
                    }
                    for b in f.beside
                ],
            }
            for f in dashboard.figures
        ],
        "by_department": [
            {"id": row.pk, "code": row.code, "name": row.name, **row.counts} for row in dashboard.departments
        ],
        "by_program": [{"id": row.pk, "code": row.code, "name": row.name, **row.counts} for row in dashboard.programs],
    }


def basis(figure: Figure, cohort: int, language: str | None = None) -> str:
    """What the figure is computed from, in words."""
    n = analytics.format_number
    if figure.suppressed:
        return _("fewer than {count} people: no figure").format(count=SMALL_NUMBER)
    if figure.number == "17.8":
        if figure.value is None and figure.numerator is None:
            return _("no employer survey closed in the year")
        return _("{respondents} employers answered of {invited} invited").format(
            respondents=n(figure.numerator, language), invited=n(figure.denominator, language)
        )
    if figure.number == "17.4" and figure.numerator is None:
        return _("no criteria set for the cohort {cohort}").format(cohort=cohort)
    if figure.number == "17.2":
        count = int(figure.denominator or 0)
        return ngettext("over {count} salary given", "over {count} salaries given", count).format(
            count=n(count, language)
        )
    if figure.unit == Unit.SHARE:
        return _("{numerator} of {denominator}").format(
            numerator=n(figure.numerator, language), denominator=n(figure.denominator, language)
        )
    return ""


# ---- The records behind a figure ----------------------------------------------------------------------------
def drill_table(number: str, rows: list[Any]) -> tuple[list[str], list[list[tuple[str, str | None]]]]:
    """Column headers and (text, link) cells of the records behind KPI `number` (one page of them)."""
    from django.urls import reverse

    def d(day: dt.date | None) -> str:
        return day.strftime("%d.%m.%Y") if day else "—"

    if number in ("17.1", "17.2", "17.3", "17.4", "17.7"):
        header = [_("Full name"), _("Educational program"), _("Department")]
        header.append(_("Sponsor") if number == "17.7" else _("Graduation date"))
        cells = []
        for s in rows:
            link = reverse("graduates:graduate_detail", args=[s.pk]) if number != "17.7" else None
            last = str(s.sponsor) if number == "17.7" else d(s.graduation_date)
            cells.append([(s.full_name, link), (s.program.code, None), (s.program.department.code, None), (last, None)])
        return header, cells
    if number == "17.5":
        header = [_("Organization"), _("Number"), _("Valid from"), _("Valid until"), _("Department")]
        return header, [
            [
                (str(a.organization), reverse("employers:organization_detail", args=[a.organization_id])),
                (a.number or "—", None),
                (d(a.valid_from), None),
                (d(a.valid_until), None),
                (a.department.code if a.department else "—", None),
            ]
            for a in rows
        ]
    if number == "17.6":
        header = [_("Name"), _("Kind"), _("Organization"), _("Department"), _("Opened on")]
        return header, [
            [
                (u.name, None),
                (str(u.get_kind_display()), None),
                (str(u.organization), reverse("employers:organization_detail", args=[u.organization_id])),
                (u.department.code, None),
                (d(u.opened_on), None),
            ]
            for u in rows
        ]
    header = [_("Survey campaign"), _("Closes on")]
    return header, [[(c.title, reverse("surveys:campaign_detail", args=[c.pk])), (d(c.closes_on), None)] for c in rows]

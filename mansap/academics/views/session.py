"""The session results page (R-096, R-115) with its XLSX, PDF and debts-only XLSX (R-092, R-114), and the summary
record sheet of a group (R-121) with its XLSX and PDF.

Scope: the grades and students the user reads (Grade / Student `.for_user(user, VIEW)`: the SSC and the other
institution-wide offices all, a dean their faculty, a department its own); the units offered in the filters are
those whose students the user reads, and a unit outside them answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from mansap.academics.choices import TERM_ORDER, Term
from mansap.academics.models import Grade
from mansap.academics.reports import exports
from mansap.academics.reports.session import BY_GROUP, BY_PROGRAM, SessionReport, narrowed, session_report
from mansap.academics.reports.summary_sheet import SummarySheet, cell_text, groups_of, summary_sheet
from mansap.common.params import parse_id, parse_int
from mansap.common.views import StaffRequiredMixin
from mansap.core.access import VIEW, institution_for
from mansap.core.models import Department, EducationalProgram, Institution, Student

ALL_TERMS = "all"


def request_language(request: HttpRequest) -> str:
    language = request.GET.get("lang", "")
    return language if language in ("kk", "ru", "en") else (translation.get_language() or "kk")[:2]


@dataclass
class Units:
    """The faculties, departments and programs whose students the user reads (two queries)."""

    departments: list[Department]
    programs: list[EducationalProgram]
    faculties: list[Any] = field(default_factory=list)

    @classmethod
    def of(cls, user: Any, institution: Institution) -> Units:
        departments = list(
            Department.objects.with_people_for(user, VIEW)
            .filter(faculty__institution=institution)
            .select_related("faculty")
            .order_by("code")
        )
        programs = list(
            EducationalProgram.objects.with_people_for(user, VIEW)
            .filter(department__faculty__institution=institution)
            .order_by("code")
        )
        faculties = sorted({d.faculty_id: d.faculty for d in departments}.values(), key=lambda f: f.code)
        return cls(departments, programs, faculties)

    def pick(self, items: list[Any], value: str | None) -> Any:
        """The unit the parameter names, None when not given; 404 for one outside the user's reach."""
        if not value:
            return None
        pk = parse_id(value)
        found = next((item for item in items if item.pk == pk), None)
        if found is None:
            raise Http404
        return found


@dataclass
class SessionQuery:
    """The page's query string, read and checked against the user's reach."""

    institution: Institution
    units: Units
    grades: Any  # the user's grades, narrowed to the chosen unit
    periods: list[tuple[str, str]]  # (academic year, term) with grades, latest first
    year: str | None
    term: str | None
    faculty: Any = None
    department: Any = None
    program: Any = None
    group: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def by(self) -> str:
        return BY_GROUP if self.program is not None or self.group else BY_PROGRAM

    def params(self, **changes: Any) -> str:
        values: dict[str, Any] = {
            "year": self.year,
            "term": self.term or ALL_TERMS,
            "faculty": self.faculty.pk if self.faculty else None,
            "department": self.department.pk if self.department else None,
            "program": self.program.pk if self.program else None,
            "group": self.group or None,
        }
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v is not None})

    def header(self) -> list[tuple[str, str]]:
        """The filters as the exports print them."""
        rows = [(_("Academic year"), self.year or "—"), (_("Term"), exports.term_label(self.term))]
        if self.faculty is not None:
            rows.append((_("Faculty"), f"{self.faculty.code} {self.faculty.name}"))
        if self.department is not None:
            rows.append((_("Department"), f"{self.department.code} {self.department.name}"))
        if self.program is not None:
            rows.append((_("Educational program"), f"{self.program.code} {self.program.name}"))
        if self.group:
            rows.append((_("Group"), self.group))
        if len(rows) == 2:
            rows.append((_("Scope"), str(self.institution)))
        return rows

    def report(self) -> SessionReport | None:
        if self.year is None:
            return None
        return session_report(self.grades, self.institution, self.year, self.term, by=self.by)


def read_session_query(request: HttpRequest) -> SessionQuery:
    user = request.user
    institution = institution_for(user, or_raise=Http404)
    units = Units.of(user, institution)
    faculty = units.pick(units.faculties, request.GET.get("faculty"))
    department = units.pick(units.departments, request.GET.get("department"))
    program = units.pick(units.programs, request.GET.get("program"))
    group = request.GET.get("group", "").strip()[:32]
    grades = narrowed(
        Grade.objects.for_user(user, VIEW).filter(student__institution=institution),
        faculty=faculty.pk if faculty else None,
        department=department.pk if department else None,
        program=program.pk if program else None,
        group=group,
    )
    found = set(grades.order_by().values_list("academic_year", "term").distinct())
    periods = sorted(found, key=lambda p: (p[0], TERM_ORDER.get(Term(p[1]), 0)), reverse=True)
    errors: list[str] = []
    year = request.GET.get("year", "").strip()
    term: str | None = request.GET.get("term", "").strip()
    years = sorted({p[0] for p in periods}, reverse=True)
    if year and year not in years:
        errors.append(_("No grades in the academic year “{value}” for this choice.").format(value=year[:20]))
        year = ""
    if term and term != ALL_TERMS and term not in Term.values:
        errors.append(_("“{value}” is not a term: choose 1, 2 or summer.").format(value=term[:20]))
        term = ""
    if not year and periods:  # the latest examination session (term 1 or 2; the summer term retakes them)
        latest = next((p for p in periods if p[1] != Term.SUMMER), periods[0])
        year, term = latest[0], term or latest[1]
    elif not term:
        term = next((t for y, t in periods if y == year), ALL_TERMS)
    return SessionQuery(
        institution, units, grades, periods, year or None, None if term == ALL_TERMS else term or None,
        faculty, department, program, group, errors,
    )  # fmt: skip


class SessionResultsView(StaffRequiredMixin, TemplateView):
    template_name = "academics/session_results.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = read_session_query(self.request)
        report = query.report()
        title = _("Session results")
        language = translation.get_language()
        context.update(
            title=title,
            breadcrumbs=[(_("Grades"), reverse("academics:grade_list")), (title, None)],
            query=query,
            report=report,
            years=sorted({year for year, _term in query.periods}, reverse=True),
            terms=[(ALL_TERMS, _("all terms")), *Term.choices],
            export_query=query.params(),
        )
        if report is not None:
            context["figures"] = [
                (label, exports.figure_text(value, fmt, language))
                for label, value, fmt in exports.session_figures(report.results, report)
            ]
            context["unit_header"] = exports.unit_header(report)
            context["unit_title"] = exports.unit_title(report)
            context["units"] = [
                {
                    "row": row,
                    "link": "?" + self.unit_params(query, report, row),
                    "values": [
                        row.students,
                        row.results.total,
                        exports.share_text(row.results.absolute_share, language),
                        exports.share_text(row.results.quality_share, language),
                        exports.score_text(row.results.average, language),
                        len(row.results.debts),
                    ],
                }
                for row in report.rows
            ]
        return context

    @staticmethod
    def unit_params(query: SessionQuery, report: SessionReport, row: Any) -> str:
        if report.by == BY_PROGRAM:
            return query.params(program=row.key)
        program, group = row.key
        return query.params(program=program, group=group or None)


class SessionExportView(StaffRequiredMixin, View):
    """The session results as XLSX or PDF, or their debts only as XLSX (in the request's language)."""

    report_format = "xlsx"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = request_language(request)
        with translation.override(language):
            query = read_session_query(request)
            report = query.report()
            if report is None:
                raise Http404
            if self.report_format == "pdf":
                return exports.session_pdf_response(report, query.header(), language)
            if self.report_format == "debts":
                return exports.debts_xlsx_response(report)
            return exports.session_xlsx_response(report, query.header(), language)


# ---- Summary record sheet ----------------------------------------------------------------------------------------


def read_sheet(request: HttpRequest) -> tuple[Units, SummarySheet | None, Any]:
    """The units the user reads and the sheet the query asks for (None: no group chosen yet, then the user's
    students, for the list of groups)."""
    user = request.user
    institution = institution_for(user, or_raise=Http404)
    units = Units.of(user, institution)
    students = Student.objects.for_user(user, VIEW).filter(institution=institution)
    program = units.pick(units.programs, request.GET.get("program"))
    year_text = request.GET.get("admission_year", "")
    admission_year = parse_int(year_text, minimum=1990, maximum=2100) if year_text else None
    if year_text and admission_year is None:
        raise Http404
    if program is None or admission_year is None:
        return units, None, students
    group = request.GET.get("group", "").strip()[:32]
    chosen = students.filter(program=program, admission_year=admission_year, group=group)
    return units, summary_sheet(chosen, institution, program, admission_year, group), students


def sheet_params(program: int, admission_year: int, group: str) -> str:
    values: dict[str, Any] = {"program": program, "admission_year": admission_year, "group": group}
    return urlencode(values)


class SummarySheetView(StaffRequiredMixin, TemplateView):
    template_name = "academics/summary_sheet.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        units, sheet, students = read_sheet(self.request)
        title = _("Summary record sheet")
        context.update(title=title, units=units, sheet=sheet)
        if sheet is None:
            context["breadcrumbs"] = [(_("Grades"), reverse("academics:grade_list")), (title, None)]
            context["groups"] = [
                (line, sheet_params(line.program.pk, line.admission_year, line.group)) for line in groups_of(students)
            ]
            return context
        language = translation.get_language()
        query = sheet_params(sheet.program.pk, sheet.admission_year, sheet.group)
        context.update(
            breadcrumbs=[
                (_("Grades"), reverse("academics:grade_list")),
                (title, reverse("academics:summary_sheet")),
                (sheet.group or sheet.program.code, None),
            ],
            export_query=query,
            header_rows=exports.sheet_header(sheet),
            rows=[
                (
                    row,
                    [cell_text(row.cell(course)) for course in sheet.columns],
                    exports.score_text(row.gpa.cumulative, language),
                )
                for row in sheet.rows
            ],
        )
        return context


class SummarySheetExportView(StaffRequiredMixin, View):
    report_format = "xlsx"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = request_language(request)
        with translation.override(language):
            _units, sheet, _students = read_sheet(request)
            if sheet is None:
                raise Http404
            if self.report_format == "pdf":
                return exports.sheet_pdf_response(sheet, language)
            return exports.sheet_xlsx_response(sheet, language)

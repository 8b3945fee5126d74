"""Pages of the grades: the SSC's grade list, the grade import (on the platform's import jobs) and a student's
academic record (the student's own, an advisor's advisees', a department's students', the SSC's all)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from mansap.academics import filtersets, tables
from mansap.academics.models import Grade
from mansap.academics.querysets import record_students
from mansap.academics.reports.records import student_record
from mansap.academics.reports.transcript import Transcript, student_transcript
from mansap.academics.services import imports
from mansap.common.exports import sheets_to_xlsx, xlsx_response
from mansap.common.views import ScopedListView, StaffRequiredMixin
from mansap.core.access import is_academic_records_editor
from mansap.core.views.imports import KindImportView


class GradeListView(ScopedListView):
    queryset = Grade.objects.with_list_related()
    filterset_class = filtersets.GradeFilterSet
    table_class = tables.GradeTable
    title = gettext_lazy("Grades")  # type: ignore[assignment]
    export_name = "grades"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if is_academic_records_editor(self.request.user):
            context["add_url"] = reverse("academics:grade_import")
            context["add_label"] = _("Import grades")
        else:
            context["add_url"] = None
        return context


class GradeImportView(KindImportView):
    """Upload a Platonus export: a grade import job, checked in the background, then confirmed (core's pages
    show its progress, its errors with their report, and the button that imports it)."""

    template_name = "academics/grade_import.html"
    kind = imports.KIND
    title = gettext_lazy("Import grades")
    list_url_name = "academics:grade_list"
    list_title = gettext_lazy("Grades")

    def may_import(self, user: Any) -> bool:
        return is_academic_records_editor(user)

    def column_help(self) -> list[dict[str, Any]]:
        return imports.column_help()


class GradeImportTemplateView(StaffRequiredMixin, View):
    """The empty spreadsheet to fill in (the columns of the import), the same for everyone."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        header = [c.name for c in imports.columns()]
        example = ["020514612345", "MAT101", "Математика", 5, "2025-2026", "1", "exam", 92, "A-", "graded", "regular"]
        workbook = sheets_to_xlsx([(_("Grades"), header, []), (_("Example (not imported)"), header, [example])])
        return xlsx_response(workbook, _("grades import template"))


class StudentRecordView(LoginRequiredMixin, TemplateView):
    """A student's academic record: grades per year and term, GPA per year and cumulative, credits and rank."""

    template_name = "academics/student_record.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        student = _record_student(self.request, self.kwargs["pk"])
        record = student_record(student)
        own = student.user_id == user.pk
        context.update(record=record, student=student, own=own, title=_("Academic record"))
        if own:
            context["breadcrumbs"] = [(context["title"], None)]
        else:
            context["breadcrumbs"] = [(_("Grades"), reverse("academics:grade_list")), (student.full_name, None)]
        return context


class MyRecordView(LoginRequiredMixin, View):
    """A student's own record or transcript (the menu's links): their page, or 404 for a login that is no student."""

    url_name = "academics:record"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        student = getattr(request.user, "student", None)
        if student is None:
            raise Http404
        return HttpResponseRedirect(reverse(self.url_name, args=[student.pk]))


def _record_student(request: HttpRequest, pk: int) -> Any:
    """The student whose record the user reads (their own, an advisee, their department's, the SSC all), or 404."""
    return get_object_or_404(record_students(request.user).select_related("program__department", "institution"), pk=pk)


class TranscriptView(LoginRequiredMixin, TemplateView):
    """A student's unofficial transcript (R-134): courses per term, term and cumulative GPA, credits earned. The
    student's own, or a staff member's view of a student in their scope; the official one is issued by the desk."""

    template_name = "academics/transcript.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        student = _record_student(self.request, self.kwargs["pk"])
        own = student.user_id == self.request.user.pk
        title = _("Unofficial transcript")
        context.update(transcript=student_transcript(student), student=student, own=own, title=title)
        if own:
            context["breadcrumbs"] = [(_("My grades"), reverse("academics:my_record")), (title, None)]
        else:
            context["breadcrumbs"] = [
                (_("Grades"), reverse("academics:grade_list")),
                (student.full_name, reverse("academics:record", args=[student.pk])),
                (title, None),
            ]
        return context


def transcript_xlsx(transcript: Transcript) -> bytes:
    """The transcript as a workbook: the courses (one row per attempt) and the terms' GPA."""
    courses = [
        (term.academic_year, term.label, row.code, row.name, row.credits, row.letter or row.kind_label,
         None if row.numeric is None else float(row.numeric), None if row.percent is None else float(row.percent),
         row.attempt_label, _("yes") if row.counted else _("no, superseded"))
        for term in transcript.terms
        for row in term.rows
    ]  # fmt: skip
    terms = [
        (term.academic_year, term.label, None if term.gpa is None else float(term.gpa),
         None if term.cumulative is None else float(term.cumulative), term.credits_earned)
        for term in transcript.terms
    ]  # fmt: skip
    total = None if transcript.cumulative is None else float(transcript.cumulative)
    terms.append((_("Total"), "", None, total, transcript.credits_earned))
    course_header = [_("Academic year"), _("Term"), _("Code"), _("Course"), _("Credits"), _("Grade"), _("Numeric"),
                     "%", _("Attempt"), _("Counts")]  # fmt: skip
    term_header = [_("Academic year"), _("Term"), _("Term GPA"), _("Cumulative GPA"), _("Credits earned")]
    return sheets_to_xlsx([(_("Transcript"), course_header, courses), (_("GPA"), term_header, terms)])


class TranscriptExportView(LoginRequiredMixin, View):
    """The unofficial transcript as XLSX, for the same people as the page."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        student = _record_student(request, kwargs["pk"])
        return xlsx_response(transcript_xlsx(student_transcript(student)), f"{_('Transcript')} {student.iin}")

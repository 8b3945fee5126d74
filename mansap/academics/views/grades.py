"""Pages of the grades: the SSC's grade list, the grade import (on the platform's import jobs) and a student's
academic record (the student's own, an advisor's advisees', a department's students', the SSC's all)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from mansap.academics import filtersets, tables
from mansap.academics.models import Grade
from mansap.academics.querysets import record_students
from mansap.academics.reports.records import student_record
from mansap.academics.services import imports
from mansap.common.exports import sheets_to_xlsx, xlsx_response
from mansap.common.typing import AuthedRequest
from mansap.common.views import ScopedListView, StaffRequiredMixin
from mansap.core.access import VIEW, institution_for, is_academic_records_editor, scoped
from mansap.core.forms import ImportUploadForm
from mansap.core.models import ImportJob
from mansap.core.services import imports as jobs


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


class GradeImportView(StaffRequiredMixin, FormView):
    """Upload a Platonus export: a grade import job, checked in the background, then confirmed (core's pages
    show its progress, its errors with their report, and the button that imports it)."""

    form_class = ImportUploadForm
    template_name = "academics/grade_import.html"
    request: AuthedRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not is_academic_records_editor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: ImportUploadForm) -> HttpResponse:
        institution = institution_for(self.request.user, or_raise=PermissionDenied)
        job = jobs.start_import(
            form.cleaned_data["file"], institution=institution, acting_user=self.request.user, kind=imports.KIND
        )
        return HttpResponseRedirect(job.get_absolute_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Import grades")
        context["columns"] = imports.column_help()
        context["recent"] = (
            scoped(ImportJob).for_user(self.request.user, VIEW).filter(kind=imports.KIND).select_related("created_by")
        )[:10]
        context["breadcrumbs"] = [(_("Grades"), reverse("academics:grade_list")), (context["title"], None)]
        return context


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
        student = get_object_or_404(
            record_students(user).select_related("program__department", "institution"), pk=self.kwargs["pk"]
        )
        record = student_record(student)
        own = student.user_id == user.pk
        context.update(record=record, student=student, own=own, title=_("Academic record"))
        if own:
            context["breadcrumbs"] = [(context["title"], None)]
        else:
            context["breadcrumbs"] = [(_("Grades"), reverse("academics:grade_list")), (student.full_name, None)]
        return context


class MyRecordView(LoginRequiredMixin, View):
    """A student's own record (the menu's link): their page, or 404 for a login that is no student."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        student = getattr(request.user, "student", None)
        if student is None:
            raise Http404
        return HttpResponseRedirect(reverse("academics:record", args=[student.pk]))

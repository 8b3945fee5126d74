"""Pages of the institution tree: institutions, faculties, departments, programs, academic years."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from mansap.common.views import (
    ObjectHistoryView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
)
from mansap.core import filtersets, forms, tables
from mansap.core.access import CHANGE, get_for_user_or_404
from mansap.core.models import (
    AcademicYear,
    CalendarEvent,
    Department,
    EducationalProgram,
    Faculty,
    Institution,
)


#
# Institution
#
class InstitutionListView(ScopedListView):
    queryset = Institution.objects.all()
    filterset_class = filtersets.InstitutionFilterSet
    table_class = tables.InstitutionTable


class InstitutionDetailView(ScopedDetailView):
    queryset = Institution.objects.all()
    fields = ["code", "short_name", "name_kk", "name_ru", "name_en", "bin", "city", "address", "website"]
    template_name = "core/institution_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["faculties"] = self.object.faculties.annotate(department_count=Count("departments"))
        return context


class InstitutionEditView(ScopedEditView):
    queryset = Institution.objects.all()
    form_class = forms.InstitutionForm


class InstitutionHistoryView(ObjectHistoryView):
    queryset = Institution.objects.all()


#
# Faculties
#
class FacultyListView(ScopedListView):
    queryset = Faculty.objects.all()
    filterset_class = filtersets.FacultyFilterSet
    table_class = tables.FacultyTable


class FacultyDetailView(ScopedDetailView):
    queryset = Faculty.objects.select_related("institution")
    fields = ["institution", "code", "name_kk", "name_ru", "name_en"]
    template_name = "core/faculty_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["departments"] = self.object.departments.annotate(program_count=Count("programs"))
        return context


class FacultyEditView(ScopedEditView):
    queryset = Faculty.objects.all()
    form_class = forms.FacultyForm


class FacultyDeleteView(ScopedDeleteView):
    queryset = Faculty.objects.all()


class FacultyHistoryView(ObjectHistoryView):
    queryset = Faculty.objects.all()


#
# Departments
#
class DepartmentListView(ScopedListView):
    queryset = Department.objects.with_list_related()
    filterset_class = filtersets.DepartmentFilterSet
    table_class = tables.DepartmentTable


class DepartmentDetailView(ScopedDetailView):
    queryset = Department.objects.select_related("faculty")
    fields = ["faculty", "code", "name_kk", "name_ru", "name_en", "is_graduating", "email", "phone"]
    template_name = "core/department_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["programs"] = self.object.programs.select_related("group")
        context["can_see_people"] = (
            Department.objects.with_people_for(self.request.user).filter(pk=self.object.pk).exists()
        )
        return context


class DepartmentEditView(ScopedEditView):
    queryset = Department.objects.all()
    form_class = forms.DepartmentForm


class DepartmentDeleteView(ScopedDeleteView):
    queryset = Department.objects.all()


class DepartmentHistoryView(ObjectHistoryView):
    queryset = Department.objects.all()


#
# Educational programs
#
class EducationalProgramListView(ScopedListView):
    queryset = EducationalProgram.objects.with_list_related()
    filterset_class = filtersets.EducationalProgramFilterSet
    table_class = tables.EducationalProgramTable


class EducationalProgramDetailView(ScopedDetailView):
    queryset = EducationalProgram.objects.with_list_related()
    fields = ["code", "name_kk", "name_ru", "name_en", "level", "group", "department", "duration_years", "is_active"]


class EducationalProgramEditView(ScopedEditView):
    queryset = EducationalProgram.objects.all()
    form_class = forms.EducationalProgramForm


class EducationalProgramDeleteView(ScopedDeleteView):
    queryset = EducationalProgram.objects.all()


class EducationalProgramHistoryView(ObjectHistoryView):
    queryset = EducationalProgram.objects.all()


#
# Academic years and their calendar
#
class AcademicYearListView(ScopedListView):
    queryset = AcademicYear.objects.all()
    filterset_class = filtersets.AcademicYearFilterSet
    table_class = tables.AcademicYearTable


class AcademicYearDetailView(ScopedDetailView):
    queryset = AcademicYear.objects.select_related("institution")
    fields = ["institution", "start_year", "starts_on", "ends_on", "is_current"]
    template_name = "core/academicyear_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["events"] = self.object.events.all()
        return context


class AcademicYearEditView(ScopedEditView):
    queryset = AcademicYear.objects.all()
    form_class = forms.AcademicYearForm


class AcademicYearDeleteView(ScopedDeleteView):
    queryset = AcademicYear.objects.all()


class AcademicYearHistoryView(ObjectHistoryView):
    queryset = AcademicYear.objects.all()


class CalendarEventEditView(ScopedEditView):
    """Adds a period to a year's calendar (/years/<year>/events/add/) or edits one."""

    queryset = CalendarEvent.objects.select_related("academic_year")
    form_class = forms.CalendarEventForm

    def get_object(self, queryset: QuerySet[Any] | None = None) -> CalendarEvent:
        obj: CalendarEvent = super().get_object(queryset)
        if obj.pk is None:
            # A new period belongs to the year in the URL: the user must be able to change that year.
            obj.academic_year = get_for_user_or_404(AcademicYear, self.request.user, self.kwargs["year"], CHANGE)
        return obj

    def get_success_url(self) -> str:
        return self.object.academic_year.get_absolute_url()


class CalendarEventDeleteView(ScopedDeleteView):
    queryset = CalendarEvent.objects.select_related("academic_year")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        year_url = self.get_object().academic_year.get_absolute_url()
        super().post(request, *args, **kwargs)
        return HttpResponseRedirect(year_url)

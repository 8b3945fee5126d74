"""Pages of the core app. Declarations only: the base views in common.views do the work."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from mansap.common.views import (
    ObjectHistoryView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    user_can_change,
)
from mansap.core import filtersets, forms, services, tables
from mansap.core.choices import INSTITUTION_WIDE_ROLES, Role, StudentStatus
from mansap.core.models import (
    AcademicYear,
    CalendarEvent,
    Department,
    EducationalProgram,
    Employee,
    Faculty,
    Institution,
    Student,
)
from mansap.core.querysets import VIEW, is_staff_member, user_memberships


class HomeView(LoginRequiredMixin, TemplateView):
    """A dashboard for the user's role: what they are responsible for, in numbers."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["memberships"] = [m for m in user_memberships(user)]
        for m in context["memberships"]:
            m.scope_label = str(m.department or m.faculty or m.institution) if m.pk else ""
        if is_staff_member(user):
            students = Student.objects.for_user(user, VIEW)
            this_year = timezone.localdate().year
            context["counts"] = students.aggregate(
                studying=Count("pk", filter=Q(status=StudentStatus.STUDYING)),
                graduates=Count("pk", filter=Q(graduation_date__isnull=False)),
                recent=Count("pk", filter=Q(graduation_date__year=this_year)),
                total=Count("pk"),
            )
            context["recent_cohort"] = this_year
            context["by_department"] = (
                students.values("program__department__code", "program__department__name_" + _lang())
                .annotate(
                    studying=Count("pk", filter=Q(status=StudentStatus.STUDYING)),
                    graduates=Count("pk", filter=Q(graduation_date__isnull=False)),
                )
                .order_by("program__department__code")
            )
            context["lang_name_key"] = "program__department__name_" + _lang()
            context["is_institution_wide"] = user.is_superuser or any(
                m.role in INSTITUTION_WIDE_ROLES for m in context["memberships"]
            )
            context["is_read_only"] = not user.is_superuser and not any(m.is_rw for m in context["memberships"])
            context["role_labels"] = sorted({str(Role(m.role).label) for m in context["memberships"]})
        else:
            context["student"] = Student.objects.for_user(user).with_detail_related().first()
        return context


def _lang() -> str:
    from django.utils.translation import get_language

    return (get_language() or "kk")[:2] if (get_language() or "kk")[:2] in {"kk", "ru", "en"} else "kk"


class SetLanguageView(View):
    """Django's set_language, which also remembers the choice on the user's profile."""

    def post(self, request: HttpRequest) -> HttpResponse:
        from django.views.i18n import set_language

        response = set_language(request)
        language = request.POST.get("language", "")
        if request.user.is_authenticated and language in {"kk", "ru", "en"}:
            services.set_user_language(request.user, language)
        return response


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

    def get_object(self, queryset: Any = None) -> Any:
        obj = super().get_object(queryset)
        if obj.pk is None:
            year = get_object_or_404(AcademicYear.objects.for_user(self.request.user, VIEW), pk=self.kwargs["year"])
            if not user_can_change(self.request.user, year):
                from django.core.exceptions import PermissionDenied

                raise PermissionDenied
            obj.academic_year = year
        return obj

    def get_success_url(self) -> str:
        return self.object.academic_year.get_absolute_url()


class CalendarEventDeleteView(ScopedDeleteView):
    queryset = CalendarEvent.objects.select_related("academic_year")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        year_url = self.get_object().academic_year.get_absolute_url()
        super().post(request, *args, **kwargs)
        return HttpResponseRedirect(year_url)


#
# Employees
#
class EmployeeListView(ScopedListView):
    queryset = Employee.objects.with_list_related()
    filterset_class = filtersets.EmployeeFilterSet
    table_class = tables.EmployeeTable


class EmployeeDetailView(ScopedDetailView):
    queryset = Employee.objects.with_list_related()
    fields = ["full_name", "department", "position", "academic_degree", "email", "phone", "user", "is_active"]


class EmployeeEditView(ScopedEditView):
    queryset = Employee.objects.all()
    form_class = forms.EmployeeForm


class EmployeeDeleteView(ScopedDeleteView):
    queryset = Employee.objects.all()


class EmployeeHistoryView(ObjectHistoryView):
    queryset = Employee.objects.all()


#
# Students and graduates
#
STUDENT_FIELDS = [
    "iin", "full_name", "last_name_latin", "first_name_latin", "birth_date", "sex", "email", "phone",
    "program", "minor_program", "study_form", "study_language", "funding", "sponsor", "admission_year", "course",
    "group", "status", "gpa", "advisor", "graduation_date", "cohort", "diploma_number", "with_honours",
]  # fmt: skip


class StudentListView(ScopedListView):
    queryset = Student.objects.with_list_related()
    filterset_class = filtersets.StudentFilterSet
    table_class = tables.StudentTable


class GraduateListView(ScopedListView):
    queryset = Student.objects.graduates().with_list_related()
    filterset_class = filtersets.StudentFilterSet
    table_class = tables.GraduateTable
    export_name = "graduates"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Graduates")
        context["breadcrumbs"] = [(context["title"], None)]
        return context


class StudentDetailView(ScopedDetailView):
    queryset = Student.objects.with_detail_related()
    fields = STUDENT_FIELDS
    staff_only = False  # a student may open their own record; for_user() lets only that one through
    template_name = "core/student_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["iin_warnings"] = self.object.iin_warnings()
        context["is_staff_member"] = is_staff_member(self.request.user)
        return context


class StudentEditView(ScopedEditView):
    queryset = Student.objects.all()
    form_class = forms.StudentForm
    template_name = "core/student_form.html"

    def save(self, form: Any) -> Student:
        return services.save_student(form.instance, acting_user=self.request.user)


class StudentDeleteView(ScopedDeleteView):
    queryset = Student.objects.all()


class StudentHistoryView(ObjectHistoryView):
    queryset = Student.objects.all()

"""Pages of employees, students and graduates."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from mansap.common.views import (
    ObjectHistoryView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
)
from mansap.core import filtersets, forms, tables
from mansap.core.access import is_staff_member
from mansap.core.models import (
    Employee,
    Student,
)
from mansap.core.services import people as services


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

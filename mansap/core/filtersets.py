"""Filters of the core lists (the same FilterSets serve the pages and the API)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import django_filters
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from mansap.common.filtersets import FilterSet, ValuesModelChoiceFilter
from mansap.common.forms import FilterForm
from mansap.common.translit import to_latin
from mansap.core.choices import Access, Funding, ProgramLevel, Role, StudentStatus, StudyForm, StudyLanguage
from mansap.core.models import (
    AcademicYear,
    Department,
    EducationalProgram,
    Employee,
    Faculty,
    ImportJob,
    Institution,
    Student,
    User,
)
from mansap.core.models.base import translated


def _user(request: HttpRequest | None) -> User | AnonymousUser | None:
    """The user a filter's choices are for (django-filter passes no request when the form is built without one)."""
    return getattr(request, "user", None)


def departments_with_people(request: HttpRequest | None) -> QuerySet[Department]:
    user = _user(request)
    if user is None:
        return Department.objects.none()
    return Department.objects.with_people_for(user).order_by("code")


def programs_with_people(request: HttpRequest | None) -> QuerySet[EducationalProgram]:
    user = _user(request)
    if user is None:
        return EducationalProgram.objects.none()
    return EducationalProgram.objects.with_people_for(user).order_by("code")


NAME_FIELDS = ("name_kk", "name_ru", "name_en")


def department_label(row: dict[str, Any]) -> str:
    """str(department), of a values() row with NAME_FIELDS."""
    return translated(SimpleNamespace(**row), "name")


def program_label(row: dict[str, Any]) -> str:
    """str(program), of a values() row with "code" and NAME_FIELDS."""
    return f"{row['code']} {translated(SimpleNamespace(**row), 'name')}"


def cohort_choices() -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year + 1, this_year - 15, -1)]


@extend_schema_field(OpenApiTypes.INT)
class CohortFilter(django_filters.ChoiceFilter):
    """Graduation year; offered as the last fifteen years."""


class SearchFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    search_fields: tuple[str, ...] = ()

    class Meta:
        form = FilterForm

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        q = Q()
        for term in value.split():
            term_q = Q()
            for field in self.search_fields:
                term_q |= Q(**{f"{field}__icontains": term})
            q &= term_q
        return queryset.filter(q)


class StudentFilterSet(SearchFilterSet):
    search_fields = ("last_name", "first_name", "middle_name", "last_name_latin", "first_name_latin", "iin")

    q = django_filters.CharFilter(label=_("Name or IIN"), method="search")
    department = ValuesModelChoiceFilter(
        field_name="program__department",
        label=_("Department"),
        queryset=departments_with_people,
        label_fields=NAME_FIELDS,
        row_label=department_label,
    )
    program = ValuesModelChoiceFilter(
        label=_("Program"),
        queryset=programs_with_people,
        label_fields=("code", *NAME_FIELDS),
        row_label=program_label,
    )
    cohort = CohortFilter(field_name="graduation_date__year", label=_("Cohort"), choices=cohort_choices)
    study_form = django_filters.ChoiceFilter(label=_("Study form"), choices=StudyForm.choices)
    study_language = django_filters.ChoiceFilter(label=_("Language of instruction"), choices=StudyLanguage.choices)
    funding = django_filters.ChoiceFilter(label=_("Funding"), choices=Funding.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=StudentStatus.choices)
    department_id = django_filters.NumberFilter(field_name="program__department_id", label=_("Department ID"))
    program_code = django_filters.CharFilter(field_name="program__code", label=_("Program code"))
    iin = django_filters.CharFilter(label=_("IIN"))

    class Meta(SearchFilterSet.Meta):
        model = Student
        fields = ["q", "department", "program", "cohort", "study_form", "study_language", "funding", "status"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if value.isdigit() and len(value) >= 6:
            return queryset.filter(iin__startswith=value)
        # SQLite compares only ASCII letters case-insensitively: "бек" would miss "Бекова".
        # Matching the Latin spelling too finds it whatever the case (and the database).
        q = Q()
        for term in value.split():
            latin = to_latin(term)
            term_q = Q(last_name_latin__icontains=latin) | Q(first_name_latin__icontains=latin)
            for field in self.search_fields:
                term_q |= Q(**{f"{field}__icontains": term})
            q &= term_q
        return queryset.filter(q)


class FacultyFilterSet(SearchFilterSet):
    search_fields = ("code", "name_kk", "name_ru", "name_en")

    class Meta(SearchFilterSet.Meta):
        model = Faculty
        fields = ["q"]


class DepartmentFilterSet(SearchFilterSet):
    search_fields = ("code", "name_kk", "name_ru", "name_en")
    faculty = django_filters.ModelChoiceFilter(
        label=_("Faculty"), queryset=lambda request: Faculty.objects.for_user(request.user)
    )
    is_graduating = django_filters.BooleanFilter(label=_("Graduating"))

    class Meta(SearchFilterSet.Meta):
        model = Department
        fields = ["q", "faculty", "is_graduating"]


class EducationalProgramFilterSet(SearchFilterSet):
    search_fields = ("code", "name_kk", "name_ru", "name_en")
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=lambda request: Department.objects.for_user(request.user)
    )
    level = django_filters.ChoiceFilter(label=_("Level"), choices=ProgramLevel.choices)
    department_id = django_filters.NumberFilter(label=_("Department ID"))

    class Meta(SearchFilterSet.Meta):
        model = EducationalProgram
        fields = ["q", "department", "level", "is_active"]


class AcademicYearFilterSet(SearchFilterSet):
    class Meta(SearchFilterSet.Meta):
        model = AcademicYear
        fields = ["is_current"]


class EmployeeFilterSet(SearchFilterSet):
    search_fields = ("last_name", "first_name", "middle_name", "email")
    department = django_filters.ModelChoiceFilter(label=_("Department"), queryset=departments_with_people)

    class Meta(SearchFilterSet.Meta):
        model = Employee
        fields = ["q", "department", "position", "is_active"]


class InstitutionFilterSet(SearchFilterSet):
    search_fields = ("code", "short_name", "name_kk", "name_ru", "name_en")

    class Meta(SearchFilterSet.Meta):
        model = Institution
        fields = ["q"]


class ImportJobFilterSet(FilterSet):
    class Meta:
        model = ImportJob
        fields = ["status"]
        form = FilterForm


class AccessUserFilterSet(FilterSet):
    """Filters of the access list: users whose memberships match the role, department and access."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices, field_name="memberships__role")
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=departments_with_people, method="filter_department"
    )
    access = django_filters.ChoiceFilter(label=_("Access"), choices=Access.choices, field_name="memberships__access")

    class Meta:
        model = User
        fields: list[str] = []
        form = FilterForm

    def filter_q(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        for word in value.split():
            queryset = queryset.filter(
                Q(last_name__icontains=word)
                | Q(first_name__icontains=word)
                | Q(email__icontains=word)
                | Q(username__icontains=word)
            )
        return queryset

    def filter_department(self, queryset: QuerySet[User], name: str, value: Any) -> QuerySet[User]:
        return queryset.filter(memberships__department=value) if value else queryset

"""Filters of the catalogue and the grade list (the same FilterSets serve the pages and the API)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from mansap.academics.choices import DEBT_LETTERS, Attempt, Component, CurriculumStatus, Cycle, GradeKind, Term
from mansap.academics.models import Course, Grade, IndividualCurriculum, ModelCurriculum
from mansap.academics.services.checks import current_academic_year
from mansap.common.filtersets import FilterSet
from mansap.common.forms import FilterForm
from mansap.core.filtersets import SearchFilterSet, departments_with_people, programs_with_people
from mansap.core.models import Department, Faculty, Student

if TYPE_CHECKING:
    from django.http import HttpRequest


def _departments(request: HttpRequest | None) -> QuerySet[Department]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Department.objects.none()
    return Department.objects.for_user(user).order_by("code")


def _years() -> list[tuple[str, str]]:
    years = Grade.objects.order_by("-academic_year").values_list("academic_year", flat=True).distinct()
    return [(year, year) for year in years]


class CourseFilterSet(SearchFilterSet):
    search_fields = ("code", "name_kk", "name_ru", "name_en")
    q = django_filters.CharFilter(label=_("Code or name"), method="search")
    cycle = django_filters.ChoiceFilter(label=_("Cycle"), choices=Cycle.choices)
    component = django_filters.ChoiceFilter(label=_("Component"), choices=Component.choices)
    department = django_filters.ModelChoiceFilter(label=_("Department"), queryset=_departments)

    class Meta(SearchFilterSet.Meta):
        model = Course
        fields = ["q", "cycle", "component", "department"]


class GradeFilterSet(SearchFilterSet):
    search_fields = ("student__last_name", "student__first_name", "student__iin", "course__code")
    q = django_filters.CharFilter(label=_("Student, IIN or course code"), method="search")
    academic_year = django_filters.ChoiceFilter(label=_("Academic year"), choices=_years)
    term = django_filters.ChoiceFilter(label=_("Term"), choices=Term.choices)
    department = django_filters.ModelChoiceFilter(
        field_name="student__program__department", label=_("Department"), queryset=departments_with_people
    )
    program = django_filters.ModelChoiceFilter(
        field_name="student__program", label=_("Program"), queryset=programs_with_people
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=GradeKind.choices)
    attempt = django_filters.ChoiceFilter(label=_("Attempt"), choices=Attempt.choices)
    result = django_filters.ChoiceFilter(
        label=_("Result"), method="filter_result",
        choices=[("debts", _("academic debts (FX, F)")), ("passed", _("passed (A to D)"))],
    )  # fmt: skip

    class Meta(SearchFilterSet.Meta):
        model = Grade
        fields = ["q", "academic_year", "term", "department", "program", "kind", "attempt", "result"]

    def filter_result(self, queryset: QuerySet[Grade], name: str, value: str) -> QuerySet[Grade]:
        debts = Q(kind=GradeKind.GRADED, letter__in=DEBT_LETTERS)
        return queryset.filter(debts) if value == "debts" else queryset.exclude(debts).filter(kind=GradeKind.GRADED)


# ---- Curricula -----------------------------------------------------------------------------------------------
def _faculties(request: HttpRequest | None) -> QuerySet[Faculty]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Faculty.objects.none()
    return Faculty.objects.for_user(user).order_by("code")


def curriculum_years() -> list[tuple[str, str]]:
    """The academic years individual curricula exist for, and the current one."""
    years = set(IndividualCurriculum.objects.values_list("academic_year", flat=True).distinct())
    years.add(current_academic_year())
    return [(year, year) for year in sorted(years, reverse=True)]


class ModelCurriculumFilterSet(SearchFilterSet):
    search_fields = ("program__code", "program__name_kk", "program__name_ru", "program__name_en")
    q = django_filters.CharFilter(label=_("Program code or name"), method="search")
    department = django_filters.ModelChoiceFilter(
        field_name="program__department", label=_("Department"), queryset=departments_with_people
    )
    program = django_filters.ModelChoiceFilter(label=_("Program"), queryset=programs_with_people)
    admission_year = django_filters.NumberFilter(label=_("Admission year"))

    class Meta(SearchFilterSet.Meta):
        model = ModelCurriculum
        fields = ["q", "department", "program", "admission_year"]


class IndividualCurriculumFilterSet(SearchFilterSet):
    search_fields = ("student__last_name", "student__first_name", "student__iin")
    q = django_filters.CharFilter(label=_("Student or IIN"), method="search")
    academic_year = django_filters.ChoiceFilter(label=_("Academic year"), choices=curriculum_years)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CurriculumStatus.choices)
    department = django_filters.ModelChoiceFilter(
        field_name="student__program__department", label=_("Department"), queryset=departments_with_people
    )
    program = django_filters.ModelChoiceFilter(
        field_name="student__program", label=_("Program"), queryset=programs_with_people
    )
    advisees = django_filters.BooleanFilter(label=_("My advisees only"), method="filter_advisees")

    class Meta(SearchFilterSet.Meta):
        model = IndividualCurriculum
        fields = ["q", "academic_year", "status", "department", "program", "advisees"]

    def filter_advisees(
        self, queryset: QuerySet[IndividualCurriculum], name: str, value: bool | None
    ) -> QuerySet[IndividualCurriculum]:
        user = getattr(self.request, "user", None)
        if not value or user is None:
            return queryset
        return queryset.filter(student__advisor__user_id=user.pk)


def gap_years() -> list[tuple[str, str]]:
    """The years the gaps page offers: those with curricula, and the current one with the six before and the next."""
    start = int(current_academic_year()[:4])
    years = {year for year, _label in curriculum_years()} | {f"{y}-{y + 1}" for y in range(start - 6, start + 2)}
    return [(year, year) for year in sorted(years, reverse=True)]


class GapFilterSet(FilterSet):
    """The students the gaps page checks (its academic year is read by the view)."""

    academic_year = django_filters.ChoiceFilter(
        label=_("Academic year"), choices=gap_years, method="keep", empty_label=None
    )
    faculty = django_filters.ModelChoiceFilter(
        field_name="program__department__faculty", label=_("Faculty"), queryset=_faculties
    )
    department = django_filters.ModelChoiceFilter(
        field_name="program__department", label=_("Department"), queryset=departments_with_people
    )
    program = django_filters.ModelChoiceFilter(label=_("Program"), queryset=programs_with_people)
    # Years of study 1–7, as core.Student.course allows: a list to pick from, not a number to type.
    course = django_filters.ChoiceFilter(label=_("Year of study"), choices=[(n, str(n)) for n in range(1, 8)])

    class Meta:
        model = Student
        fields = ["academic_year", "faculty", "department", "program", "course"]
        form = FilterForm

    def keep(self, queryset: QuerySet[Student], name: str, value: str) -> QuerySet[Student]:
        return queryset

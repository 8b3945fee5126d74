"""Filters of the catalogue and the grade list (the same FilterSets serve the pages and the API)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from mansap.academics.choices import DEBT_LETTERS, Attempt, Component, Cycle, GradeKind, Term
from mansap.academics.models import Course, Grade
from mansap.core.filtersets import SearchFilterSet, departments_with_people, programs_with_people
from mansap.core.models import Department

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

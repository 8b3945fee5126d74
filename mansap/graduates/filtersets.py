"""Filters of the electronic journal."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from mansap.common.filtersets import FilterSet
from mansap.common.forms import FilterForm
from mansap.core.filtersets import StudentFilterSet, departments_with_people, programs_with_people
from mansap.graduates.choices import EmploymentStatus, SelfReportStatus
from mansap.graduates.models import SelfReport

YES_NO = [("yes", _("yes")), ("no", _("no"))]


class JournalFilterSet(FilterSet):
    """Filters over journal_rows(); the view passes the cohorts the user's graduates have."""

    search_fields = StudentFilterSet.search_fields

    q = django_filters.CharFilter(label=_("Name or IIN"), method="search")
    cohort = django_filters.TypedChoiceFilter(
        field_name="graduation_date__year", label=_("Cohort"), coerce=int, empty_value=None
    )
    department = django_filters.ModelChoiceFilter(
        field_name="program__department", label=_("Department"), queryset=departments_with_people
    )
    program = django_filters.ModelChoiceFilter(label=_("Program"), queryset=programs_with_people)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=EmploymentStatus.choices, method="filter_status")
    fresh = django_filters.ChoiceFilter(label=_("Fresh this round"), choices=YES_NO, method="filter_fresh")
    evidence = django_filters.ChoiceFilter(label=_("Supporting document"), choices=YES_NO, method="filter_evidence")
    self_report = django_filters.ChoiceFilter(
        label=_("Self-report to confirm"), choices=YES_NO, method="filter_self_report"
    )

    class Meta:
        form = FilterForm
        fields = ["q", "cohort", "department", "program", "status", "fresh", "evidence", "self_report"]

    def __init__(self, *args: Any, cohorts: list[int] | None = None, has_round: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["cohort"].extra["choices"] = [(year, str(year)) for year in cohorts or []]
        self.has_round = has_round

    # StudentFilterSet's name/IIN search (Cyrillic and Latin spellings alike).
    search = StudentFilterSet.search

    def filter_status(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == EmploymentStatus.UNKNOWN:  # no open record counts as unknown
            return queryset.filter(Q(current_status=value) | Q(current_status__isnull=True))
        return queryset.filter(current_status=value)

    def filter_fresh(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if not self.has_round:
            return queryset
        return queryset.filter(is_fresh=(value == "yes"))

    def filter_evidence(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        present = Q(current_evidence__isnull=False) & ~Q(current_evidence="")
        return queryset.filter(present if value == "yes" else ~present)

    def filter_self_report(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        pending = Exists(SelfReport.objects.filter(graduate=OuterRef("pk"), review_status=SelfReportStatus.PENDING))
        return queryset.filter(pending if value == "yes" else ~pending)

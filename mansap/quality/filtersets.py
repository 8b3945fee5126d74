"""Filters of the risk register (the same FilterSet serves the page and the API)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mansap.common.filtersets import FilterSet
from mansap.common.forms import DateInput, FilterForm
from mansap.common.indicators import Period, PeriodKind
from mansap.common.params import parse_date
from mansap.core.access import VIEW
from mansap.core.filtersets import SearchFilterSet
from mansap.core.models import Department, EducationalProgram, Faculty
from mansap.quality.choices import (
    SCALE,
    ActionStatus,
    KPISource,
    KPIStatus,
    RegisterState,
    ReviewStatus,
    RiskCategory,
    Zone,
)
from mansap.quality.forms import UserChoiceField
from mansap.quality.models import (
    AdvisoryBoard,
    KPIDefinition,
    ManagementReview,
    Process,
    ProgramRevision,
    ReviewDecision,
    Risk,
    WorkPlan,
)
from mansap.quality.models.workplans import OFFICES
from mansap.quality.reports.risks import in_zone

if TYPE_CHECKING:
    from django.http import HttpRequest

SCORES = [(n, str(n)) for n in SCALE]


def _processes(request: HttpRequest | None) -> QuerySet[Process]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Process.objects.none()
    return Process.objects.for_user(user).only("pk", "number", "name_kk", "name_ru", "name_en").order_by("number")


def _owners(request: HttpRequest | None) -> QuerySet[Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return get_user_model()._default_manager.none()
    risks = Risk.objects.for_user(user, VIEW)
    return get_user_model()._default_manager.filter(pk__in=risks.values("owner_id")).order_by("last_name", "username")


class OwnerFilter(django_filters.ModelChoiceFilter):
    field_class = UserChoiceField  # people by name, not by login


class RiskFilterSet(SearchFilterSet):
    """`on` is the date the zones, the scores and the heat map's cells are read at (default: today); the view
    annotates each risk with its latest assessment on or before it (RiskQuerySet.with_assessment_on)."""

    search_fields = ("key", "title_kk", "title_ru", "title_en")
    q = django_filters.CharFilter(label=_("Key or title"), method="search")
    process = django_filters.ModelChoiceFilter(label=_("Process"), queryset=_processes)
    zone = django_filters.ChoiceFilter(label=_("Zone"), choices=[*Zone.choices, ("none", _("not assessed"))],
                                       method="filter_zone")  # fmt: skip
    owner = OwnerFilter(label=_("Owner"), queryset=_owners)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=RiskCategory.choices)
    likelihood = django_filters.ChoiceFilter(label=_("Likelihood"), choices=SCORES, field_name="current_likelihood")
    impact = django_filters.ChoiceFilter(label=_("Impact"), choices=SCORES, field_name="current_impact")
    on = django_filters.DateFilter(label=_("As of"), method="as_of", widget=DateInput())
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=RegisterState.choices, method="filter_state", empty_label=_("active (default)")
    )
    review_due = django_filters.BooleanFilter(label=_("Due for review"), method="filter_review_due")

    class Meta(SearchFilterSet.Meta):
        model = Risk
        fields = ["q", "process", "zone", "owner", "category", "likelihood", "impact", "on", "state", "review_due"]

    def filter_state(self, queryset: QuerySet[Risk], name: str, value: str) -> QuerySet[Risk]:
        return queryset  # applied by the view (RiskListView.get_queryset), also when the filter is not given

    def filter_review_due(self, queryset: QuerySet[Risk], name: str, value: bool | None) -> QuerySet[Risk]:
        if value is None:
            return queryset
        due = Q(retired_on__isnull=True, next_review_on__lte=timezone.localdate())
        return queryset.filter(due) if value else queryset.exclude(due)

    def filter_zone(self, queryset: QuerySet[Risk], name: str, value: str) -> QuerySet[Risk]:
        if value == "none":
            return queryset.filter(Q(current_score__isnull=True))
        return queryset.filter(in_zone(value))

    def as_of(self, queryset: QuerySet[Risk], name: str, value: dt.date) -> QuerySet[Risk]:
        return queryset  # read by the view, which annotates the queryset for this date

    @staticmethod
    def date_of(data: Any, default: dt.date) -> dt.date:
        """The `on` date of a query (a valid yyyy-mm-dd), else `default`."""
        return parse_date(data.get("on")) or default


# ---- Program revisions and advisory boards ----------------------------------------------------------------------
def academic_year_choices() -> list[tuple[str, str]]:
    """The last ten academic years and the next one, newest first ("2025-2026")."""
    current = Period.containing(PeriodKind.ACADEMIC_YEAR, timezone.localdate())
    years = [current.start.year + 1 - n for n in range(11)]
    return [(f"{y}-{y + 1}", f"{y}-{y + 1}") for y in years]


def _faculties(request: HttpRequest | None) -> QuerySet[Faculty]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Faculty.objects.none()
    return Faculty.objects.for_user(user).order_by("code")


def _departments(request: HttpRequest | None) -> QuerySet[Department]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Department.objects.none()
    return Department.objects.for_user(user).order_by("code")


def _programs(request: HttpRequest | None) -> QuerySet[EducationalProgram]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return EducationalProgram.objects.none()
    return EducationalProgram.objects.for_user(user).order_by("code")


# A yes/no filter without NullBooleanSelect's "Unknown" (an empty choice means "either").
YES_NO = [("", "---------"), ("true", _("yes")), ("false", _("no"))]


class AcademicYearFilter(django_filters.ChoiceFilter):
    """An academic year "2025-2026": the rows dated from 1 September 2025 to 31 August 2026."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", academic_year_choices)
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if not value:
            return qs
        period = Period.parse(PeriodKind.ACADEMIC_YEAR, value)
        return qs.filter(**{f"{self.field_name}__gte": period.start, f"{self.field_name}__lte": period.end})


class ProgramRevisionFilterSet(SearchFilterSet):
    search_fields = ("program__code", "summary_kk", "summary_ru", "summary_en")
    q = django_filters.CharFilter(label=_("Program code or text"), method="search")
    faculty = django_filters.ModelChoiceFilter(
        label=_("Faculty"), queryset=_faculties, field_name="program__department__faculty"
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=_departments, field_name="program__department"
    )
    program = django_filters.ModelChoiceFilter(label=_("Program"), queryset=_programs)
    year = AcademicYearFilter(label=_("Academic year"), field_name="revised_on")
    with_employers = django_filters.BooleanFilter(
        label=_("With employers"), method="filter_with_employers", widget=forms.Select(choices=YES_NO)
    )

    class Meta(SearchFilterSet.Meta):
        model = ProgramRevision
        fields = ["q", "faculty", "department", "program", "year", "with_employers"]

    def filter_with_employers(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.filter(employer_count__gt=0) if value else queryset.filter(employer_count=0)


class AdvisoryBoardFilterSet(SearchFilterSet):
    search_fields = ("name_kk", "name_ru", "name_en", "program__code")
    q = django_filters.CharFilter(label=_("Name or program code"), method="search")
    faculty = django_filters.ModelChoiceFilter(label=_("Faculty"), queryset=_faculties)
    program = django_filters.ModelChoiceFilter(label=_("Program"), queryset=_programs)
    is_active = django_filters.BooleanFilter(label=_("Active"), widget=forms.Select(choices=YES_NO))

    class Meta(SearchFilterSet.Meta):
        model = AdvisoryBoard
        fields = ["q", "faculty", "program", "is_active"]


def state_filter(queryset: QuerySet[Risk], state: str | None, on: dt.date) -> QuerySet[Risk]:
    """The register's `state`: the risks live on `on` (default), the retired ones, or all of them."""
    if state == RegisterState.ALL:
        return queryset
    if state == RegisterState.RETIRED:
        return queryset.filter(retired_on__isnull=False)
    return queryset.live_on(on)  # type: ignore[attr-defined]


class ReviewFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReviewStatus.choices)

    class Meta:
        model = ManagementReview
        form = FilterForm
        fields = ["status"]


def _decision_owners(request: HttpRequest | None) -> QuerySet[Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return get_user_model()._default_manager.none()
    decisions = ReviewDecision.objects.for_user(user, VIEW)
    return get_user_model()._default_manager.filter(pk__in=decisions.values("owner_id")).order_by("last_name")


class DecisionFilterSet(SearchFilterSet):
    search_fields = ("text", "protocol_number")
    q = django_filters.CharFilter(label=_("Text or protocol"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ActionStatus.choices)
    owner = OwnerFilter(label=_("Responsible"), queryset=_decision_owners)
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta(SearchFilterSet.Meta):
        model = ReviewDecision
        fields = ["q", "status", "owner", "overdue"]

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        overdue = Q(due_on__lt=timezone.localdate(), done_on__isnull=True) & ~Q(status=ActionStatus.CANCELLED)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class WorkPlanFilterSet(FilterSet):
    year = django_filters.NumberFilter(label=_("Academic year (start)"))
    office = django_filters.ChoiceFilter(label=_("Office"), choices=OFFICES)

    class Meta:
        model = WorkPlan
        form = FilterForm
        fields = ["year", "office"]


class KPIFilterSet(SearchFilterSet):
    """The KPI register's filters: process, status, source and a search in the code and the names."""

    search_fields = ("code", "name_kk", "name_ru", "name_en", "indicator")
    q = django_filters.CharFilter(label=_("Code or name"), method="search")
    process = django_filters.ModelChoiceFilter(label=_("Process"), queryset=_processes)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=KPIStatus.choices)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=KPISource.choices)

    class Meta(SearchFilterSet.Meta):
        model = KPIDefinition
        fields = ["q", "process", "status", "source"]

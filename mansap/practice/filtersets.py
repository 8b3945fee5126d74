"""Filters of the practice lists (staff part); the same FilterSets serve the pages and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from mansap.common.filtersets import FilterSet
from mansap.common.forms import FilterForm
from mansap.core.access import VIEW
from mansap.core.filtersets import SearchFilterSet
from mansap.core.models import AcademicYear, Department, EducationalProgram, User
from mansap.practice.choices import (
    BaseSource,
    BaseStatus,
    DisposalStatus,
    DocumentKind,
    PlacementSource,
    PlacementStatus,
    PracticeKind,
    PracticeStatus,
    ProgrammeRole,
)
from mansap.practice.models import (
    DefenceCommission,
    Placement,
    Practice,
    PracticeBase,
    PracticeContract,
    PracticeDocument,
    PracticeOrder,
    PracticeProgramme,
)

EXPIRING_DAYS = 60


# django-filter calls these with the filterset's request, which is None when a filterset is built without one.
def _user(request: HttpRequest | None) -> User | AnonymousUser | None:
    return getattr(request, "user", None)


def _departments(request: HttpRequest | None) -> QuerySet[Department]:
    user = _user(request)
    return Department.objects.for_user(user).order_by("code") if user else Department.objects.none()


def _programs(request: HttpRequest | None) -> QuerySet[EducationalProgram]:
    user = _user(request)
    if user is None:
        return EducationalProgram.objects.none()
    return EducationalProgram.objects.filter(department__in=Department.objects.for_user(user)).order_by("code")


def _years(request: HttpRequest | None) -> QuerySet[AcademicYear]:
    user = _user(request)
    return AcademicYear.objects.for_user(user).order_by("-start_year") if user else AcademicYear.objects.none()


def _practices(request: HttpRequest | None) -> QuerySet[Practice]:
    user = _user(request)
    if user is None:
        return Practice.objects.none()
    return Practice.objects.for_user(user, VIEW).select_related("program").order_by("-starts_on", "program__code")


def _bases(request: HttpRequest | None) -> QuerySet[PracticeBase]:
    user = _user(request)
    if user is None:
        return PracticeBase.objects.none()
    return PracticeBase.objects.for_user(user, VIEW).select_related("organization").order_by("organization__name_ru")


class PracticeFilterSet(SearchFilterSet):
    search_fields = ("program__code", "program__name_ru", "program__name_kk", "program__name_en")
    q = django_filters.CharFilter(label=_("Program"), method="search")
    academic_year = django_filters.ModelChoiceFilter(label=_("Academic year"), queryset=_years)
    kind = django_filters.ChoiceFilter(label=_("Type of practice"), choices=PracticeKind.choices)
    department = django_filters.ModelChoiceFilter(label=_("Department"), queryset=_departments)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PracticeStatus.choices)

    class Meta(SearchFilterSet.Meta):
        model = Practice
        fields = ["q", "academic_year", "kind", "department", "status"]


class PracticeBaseFilterSet(SearchFilterSet):
    search_fields = (
        "organization__name_ru",
        "organization__name_kk",
        "organization__name_en",
        "organization__short_name",
        "organization__bin",
    )
    q = django_filters.CharFilter(label=_("Name or BIN"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=BaseStatus.choices)
    program = django_filters.ModelChoiceFilter(label=_("Program"), field_name="programs", queryset=_programs)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=BaseSource.choices)
    department = django_filters.ModelChoiceFilter(label=_("Department"), queryset=_departments)

    class Meta(SearchFilterSet.Meta):
        model = PracticeBase
        fields = ["q", "status", "program", "source", "department"]


CONTRACT_STATE_CHOICES = (
    ("unsigned", _("not signed")),
    ("expiring", _("expiring within 60 days")),
    ("expired", _("expired")),
    ("valid", _("in force")),
)


class PracticeContractFilterSet(SearchFilterSet):
    search_fields = (
        "number",
        "base__organization__name_ru",
        "base__organization__name_kk",
        "base__organization__name_en",
        "base__organization__bin",
    )
    q = django_filters.CharFilter(label=_("Number, base or BIN"), method="search")
    state = django_filters.ChoiceFilter(label=_("Status"), choices=CONTRACT_STATE_CHOICES, method="filter_state")
    department = django_filters.ModelChoiceFilter(label=_("Department"), queryset=_departments)
    base = django_filters.ModelChoiceFilter(label=_("Practice base"), queryset=_bases)

    class Meta(SearchFilterSet.Meta):
        model = PracticeContract
        fields = ["q", "state", "department", "base"]

    def filter_state(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        today = timezone.localdate()
        signed = Q(signed_on__isnull=False)
        if value == "unsigned":
            return queryset.filter(signed_on__isnull=True)
        if value == "expired":
            return queryset.filter(signed, valid_until__lt=today)
        if value == "expiring":
            return queryset.filter(
                signed,
                valid_from__lte=today,
                valid_until__gte=today,
                valid_until__lte=today + dt.timedelta(days=EXPIRING_DAYS),
            )
        if value == "valid":
            return queryset.filter(signed, valid_from__lte=today, valid_until__gte=today)
        return queryset


class PlacementFilterSet(SearchFilterSet):
    search_fields = (
        "student__last_name",
        "student__first_name",
        "student__iin",
        "base__organization__name_ru",
        "base__organization__name_kk",
        "company_supervisor_name",
    )
    q = django_filters.CharFilter(label=_("Student or base"), method="search")
    practice = django_filters.ModelChoiceFilter(label=_("Practice"), queryset=_practices)
    base = django_filters.ModelChoiceFilter(label=_("Practice base"), queryset=_bases)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PlacementStatus.choices)
    source = django_filters.ChoiceFilter(label=_("Assigned by"), choices=PlacementSource.choices)
    flagged = django_filters.BooleanFilter(label=_("Supervisor exception"), method="filter_flagged")

    class Meta(SearchFilterSet.Meta):
        model = Placement
        fields = ["q", "practice", "base", "status", "source", "flagged"]

    def filter_flagged(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        flagged = ~Q(supervisor_exception="") | Q(supervisor__isnull=True)
        return queryset.filter(flagged) if value else queryset.exclude(flagged)


class PracticeOrderFilterSet(SearchFilterSet):
    search_fields = ("order_number", "practice__program__code")
    q = django_filters.CharFilter(label=_("Number or program"), method="search")
    practice = django_filters.ModelChoiceFilter(label=_("Practice"), queryset=_practices)
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), field_name="practice__department", queryset=_departments
    )

    class Meta(SearchFilterSet.Meta):
        model = PracticeOrder
        fields = ["q", "practice", "department"]


# ---- Defence commissions ------------------------------------------------------------------------------------------
class DefenceCommissionFilterSet(FilterSet):
    year = django_filters.NumberFilter(
        field_name="practice__academic_year__start_year", label=gettext_lazy("Academic year (first calendar year)")
    )

    class Meta:
        model = DefenceCommission
        fields = ["year"]
        form = FilterForm


class DocumentReviewFilterSet(FilterSet):
    disposal_status = django_filters.ChoiceFilter(
        choices=DisposalStatus.choices, label=gettext_lazy("disposal status"), empty_label=gettext_lazy("all")
    )
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices, label=gettext_lazy("kind"))

    class Meta:
        model = PracticeDocument
        fields = ["disposal_status", "kind"]
        form = FilterForm

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and not data.get("disposal_status") and "disposal_status" not in data:
            data = data.copy()
            data["disposal_status"] = DisposalStatus.REVIEW
        super().__init__(data, *args, **kwargs)


class PracticeProgrammeFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(choices=PracticeKind.choices, label=gettext_lazy("type of practice"))
    role = django_filters.ChoiceFilter(choices=ProgrammeRole.choices, label=gettext_lazy("role"))

    class Meta:
        model = PracticeProgramme
        fields = ["kind", "role"]
        form = FilterForm

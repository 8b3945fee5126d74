"""Filters of the employers lists (the same FilterSets serve the pages and the API)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mansap.common.filtersets import FilterSet
from mansap.common.forms import DateInput
from mansap.core.choices import Region
from mansap.core.filtersets import SearchFilterSet
from mansap.core.models import Department
from mansap.employers.choices import (
    ORGANIZATION_LABEL,
    AgreementKind,
    CareerEventKind,
    JointUnitKind,
    OrganizationSize,
    RegistrationStatus,
    VacancyKind,
    VacancyStatus,
)
from mansap.employers.forms.vacancies import _programs
from mansap.employers.models import (
    CareerEvent,
    EventRegistration,
    JointUnit,
    Organization,
    PartnershipAgreement,
    Vacancy,
)

DEFAULT_EXPIRING_DAYS = 60
# "Organization" (capitalized) is the menu of the university's structure; the model's word is meant here.

if TYPE_CHECKING:
    from django.http import HttpRequest


def _departments(request: HttpRequest | None) -> QuerySet[Department]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Department.objects.none()
    return Department.objects.for_user(user).order_by("code")


def _organizations(request: HttpRequest | None) -> QuerySet[Organization]:
    user = getattr(request, "user", None)
    if user is None:
        return Organization.objects.none()
    return Organization.objects.for_user(user).order_by("name_ru")


class OrganizationFilterSet(SearchFilterSet):
    search_fields = ("name_kk", "name_ru", "name_en", "short_name", "bin", "contact_person")
    q = django_filters.CharFilter(label=_("Name or BIN"), method="search")
    region = django_filters.ChoiceFilter(label=_("Region"), choices=Region.choices)
    size = django_filters.ChoiceFilter(label=_("Size"), choices=OrganizationSize.choices)

    class Meta(SearchFilterSet.Meta):
        model = Organization
        fields = ["q", "region", "size"]


class PartnershipAgreementFilterSet(SearchFilterSet):
    search_fields = ("number", "organization__name_kk", "organization__name_ru", "organization__name_en",
                     "organization__short_name", "organization__bin")  # fmt: skip
    q = django_filters.CharFilter(label=_("Organization, BIN or number"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AgreementKind.choices)
    department = django_filters.ModelChoiceFilter(label=_("Department"), queryset=_departments)
    organization = django_filters.ModelChoiceFilter(label=ORGANIZATION_LABEL, queryset=_organizations)
    valid_on = django_filters.DateFilter(label=_("In force on"), method="filter_valid_on", widget=DateInput())
    expiring_within = django_filters.NumberFilter(
        label=_("Expiring within, days"), method="filter_expiring", min_value=0, max_value=3650
    )

    class Meta(SearchFilterSet.Meta):
        model = PartnershipAgreement
        fields = ["q", "kind", "department", "organization", "valid_on", "expiring_within"]

    def filter_valid_on(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.in_force(value)  # type: ignore[attr-defined]

    def filter_expiring(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.expiring(timezone.localdate(), int(value))  # type: ignore[attr-defined]


class JointUnitFilterSet(SearchFilterSet):
    search_fields = ("name_kk", "name_ru", "name_en", "organization__name_ru", "organization__name_kk",
                     "organization__short_name")  # fmt: skip
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=JointUnitKind.choices)
    department = django_filters.ModelChoiceFilter(label=_("Department"), queryset=_departments)
    organization = django_filters.ModelChoiceFilter(label=ORGANIZATION_LABEL, queryset=_organizations)
    open_on = django_filters.DateFilter(label=_("Open on"), method="filter_open_on", widget=DateInput())

    class Meta(SearchFilterSet.Meta):
        model = JointUnit
        fields = ["q", "kind", "department", "organization", "open_on"]

    def filter_open_on(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.open_on(value)  # type: ignore[attr-defined]


VACANCY_SEARCH = ("title", "description", "organization__name_kk", "organization__name_ru", "organization__name_en",
                  "organization__short_name")  # fmt: skip


# ---- Filters -------------------------------------------------------------------------------------------------
class VacancyFilterSet(SearchFilterSet):
    search_fields = VACANCY_SEARCH
    q = django_filters.CharFilter(label=_("Title, organization or description"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=VacancyStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=VacancyKind.choices)
    region = django_filters.ChoiceFilter(label=_("Region"), choices=Region.choices)

    class Meta(SearchFilterSet.Meta):
        model = Vacancy
        fields = ["q", "status", "kind", "region"]


class PublicVacancyFilterSet(SearchFilterSet):
    search_fields = VACANCY_SEARCH
    q = django_filters.CharFilter(label=_("Search"), method="search")
    program = django_filters.ModelChoiceFilter(
        label=_("Program"), field_name="programs", queryset=lambda request: _programs(), empty_label=_("Any")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=VacancyKind.choices, empty_label=_("Any"))
    region = django_filters.ChoiceFilter(label=_("Region"), choices=Region.choices, empty_label=_("Any"))

    class Meta(SearchFilterSet.Meta):
        model = Vacancy
        fields = ["q", "program", "kind", "region"]


WHEN_CHOICES = [("upcoming", _("upcoming")), ("past", _("past"))]


class CareerEventFilterSet(SearchFilterSet):
    search_fields = ("title_kk", "title_ru", "title_en", "location")
    q = django_filters.CharFilter(label=_("Title or place"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CareerEventKind.choices)
    when = django_filters.ChoiceFilter(label=_("When"), choices=WHEN_CHOICES, method="filter_when")
    department = django_filters.ModelChoiceFilter(label=_("Department"), queryset=_departments)

    class Meta(SearchFilterSet.Meta):
        model = CareerEvent
        fields = ["q", "kind", "when", "department"]

    def filter_when(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        now = timezone.now()
        if value == "upcoming":
            return queryset.upcoming(now)  # type: ignore[attr-defined]
        return queryset.past(now).order_by("-starts_at", "-pk")  # type: ignore[attr-defined]


class EventRegistrationFilterSet(FilterSet):
    event = django_filters.NumberFilter(field_name="event_id", label=_("Event"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RegistrationStatus.choices)

    class Meta:
        model = EventRegistration
        fields = ["event", "status"]

"""Filters of the risk register (the same FilterSet serves the page and the API)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import DateInput
from mansap.common.params import parse_date
from mansap.core.access import VIEW
from mansap.core.filtersets import SearchFilterSet
from mansap.quality.choices import SCALE, KPISource, KPIStatus, RiskCategory, Zone
from mansap.quality.forms import UserChoiceField
from mansap.quality.models import KPIDefinition, Process, Risk
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

    class Meta(SearchFilterSet.Meta):
        model = Risk
        fields = ["q", "process", "zone", "owner", "category", "likelihood", "impact", "on"]

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

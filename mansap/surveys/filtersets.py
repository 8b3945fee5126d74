"""Filters of the surveys lists (the same FilterSets serve the pages and the API)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from mansap.core.filtersets import SearchFilterSet
from mansap.surveys.choices import SurveyKind, UnitResponseStatus
from mansap.surveys.models import Campaign, Questionnaire, ResultsResponse


class QuestionnaireFilterSet(SearchFilterSet):
    search_fields = ("title_kk", "title_ru", "title_en")
    q = django_filters.CharFilter(label=_("Title"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Audience"), choices=SurveyKind.choices)
    latest = django_filters.BooleanFilter(label=_("Latest versions only"), method="filter_latest")

    class Meta(SearchFilterSet.Meta):
        model = Questionnaire
        fields = ["q", "kind", "latest"]

    def filter_latest(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.latest_versions() if value else queryset


class CampaignFilterSet(SearchFilterSet):
    search_fields = ("title_kk", "title_ru", "title_en")
    q = django_filters.CharFilter(label=_("Title"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Audience"), choices=SurveyKind.choices)
    year = django_filters.NumberFilter(label=_("Year"), field_name="closes_on__year")

    class Meta(SearchFilterSet.Meta):
        model = Campaign
        fields = ["q", "kind", "year"]


class ResultsResponseFilterSet(SearchFilterSet):
    search_fields = ("campaign__title_kk", "campaign__title_ru", "campaign__title_en", "department__code")
    q = django_filters.CharFilter(label=_("Campaign or unit"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=UnitResponseStatus.choices)
    year = django_filters.NumberFilter(label=_("Year"), field_name="campaign__closes_on__year")

    class Meta(SearchFilterSet.Meta):
        model = ResultsResponse
        fields = ["q", "status", "year"]

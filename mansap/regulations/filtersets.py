"""Filters of the register (the same FilterSet serves the page, its XLSX export and the API).

The search looks at the codes, the other codes and the titles in the three languages: `icontains` per word on
SQLite, PostgreSQL's full-text search (the "simple" configuration, prefix matching per word, so Kazakh and
Russian words are found without a stemmer) when the connection is PostgreSQL.
"""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mansap.core.filtersets import SearchFilterSet
from mansap.core.models import Department
from mansap.regulations.choices import Classification, DocumentType, VersionStatus
from mansap.regulations.models import Document

SEARCH_FIELDS = ("code", "aliases", "title_kk", "title_ru", "title_en")


def search_documents(queryset: QuerySet[Any], value: str) -> QuerySet[Any]:
    words = value.split()
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector(*SEARCH_FIELDS, config="simple")
        # Only letters and digits reach the raw tsquery: "(", "|", "!", ":" or "&" typed in the box would be its
        # syntax and PostgreSQL would refuse the query (a 500); a code's punctuation is matched by code_q.
        tokens = [token for word in words for token in re.findall(r"[^\W_]+", word)]
        code_q = Q()
        for word in words:
            code_q |= Q(code__icontains=word) | Q(aliases__icontains=word)
        if not tokens:
            return queryset.filter(code_q)
        query = SearchQuery(" & ".join(f"{token}:*" for token in tokens), search_type="raw", config="simple")
        return queryset.annotate(search=vector).filter(Q(search=query) | code_q)
    q = Q()
    for word in words:
        # A word is in the code or an alias as typed, or each of its letter-and-digit runs is in some field (so
        # "(Student" finds "Student", as on PostgreSQL); a word of punctuation only does not narrow the search.
        tokens = re.findall(r"[^\W_]+", word)
        if not tokens:
            continue
        word_q = Q(code__icontains=word) | Q(aliases__icontains=word)
        in_fields = Q()
        for token in tokens:
            token_q = Q()
            for field in SEARCH_FIELDS:
                token_q |= Q(**{f"{field}__icontains": token})
            in_fields &= token_q
        q &= word_q | in_fields
    return queryset.filter(q)


def _departments(request: Any) -> QuerySet[Department]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Department.objects.none()
    return Department.objects.for_user(user).order_by("code")


class DocumentFilterSet(SearchFilterSet):
    q = django_filters.CharFilter(label=_("Code or title"), method="search")
    type = django_filters.ChoiceFilter(label=_("Type"), choices=DocumentType.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=VersionStatus.choices)
    department = django_filters.ModelChoiceFilter(label=_("Developing department"), queryset=_departments)
    classification = django_filters.ChoiceFilter(label=_("Classification"), choices=Classification.choices)
    overdue = django_filters.BooleanFilter(label=_("Review overdue"), method="filter_overdue")

    class Meta(SearchFilterSet.Meta):
        model = Document
        fields = ["q", "type", "status", "department", "classification", "overdue"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return search_documents(queryset, value)

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        overdue = Q(next_review_on__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class PublicDocumentFilterSet(SearchFilterSet):
    q = django_filters.CharFilter(label=_("Code or title"), method="search")
    type = django_filters.ChoiceFilter(label=_("Type"), choices=DocumentType.choices)

    class Meta(SearchFilterSet.Meta):
        model = Document
        fields = ["q", "type"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return search_documents(queryset, value)

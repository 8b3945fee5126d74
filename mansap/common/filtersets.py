"""The FilterSet every list's filters derive from (pages and API alike).

A filter value the database cannot take is a form error, never a server error (issue #11): the page answers
400 with the field's message (ScopedListView), the API a JSON 400 (DRF's DjangoFilterBackend). This base

- bounds every number filter: a year lookup (`graduation_date__year`) to 1–9999, which a date can have;
  any other number to what a 64-bit column holds (on SQLite a larger integer cannot even be sent);
- checks the ids of multiple-choice filters before they reach an `IN (...)` query (common.forms).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.core.validators import MaxValueValidator, MinValueValidator
from django_filters.fields import ModelMultipleChoiceField as FilterModelMultipleChoiceField

from mansap.common.forms import FilterForm, IdBoundsMixin
from mansap.common.params import MAX_ID

YEAR_LOOKUPS = {"year", "iso_year"}


class BoundedModelMultipleChoiceField(IdBoundsMixin, FilterModelMultipleChoiceField):
    """django-filter's multiple-choice field, refusing ids no column holds."""


def is_year_filter(filter_: django_filters.Filter) -> bool:
    parts = {*str(filter_.field_name or "").split("__"), filter_.lookup_expr}
    return bool(parts & YEAR_LOOKUPS)


class FilterSet(django_filters.FilterSet):
    """django-filter's FilterSet with the bounds above; its form is the compact FilterForm."""

    class Meta:
        form = FilterForm

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():  # this FilterSet's own copies
            if isinstance(filter_, django_filters.ModelMultipleChoiceFilter):
                if filter_.field_class is FilterModelMultipleChoiceField:
                    filter_.field_class = BoundedModelMultipleChoiceField
            elif isinstance(filter_, django_filters.NumberFilter):
                low, high = (dt.MINYEAR, dt.MAXYEAR) if is_year_filter(filter_) else (-MAX_ID, MAX_ID)
                field = filter_.field
                field.validators = [*field.validators, MinValueValidator(low), MaxValueValidator(high)]

"""The FilterSet every list's filters derive from (pages and API alike).

A filter value the database cannot take is a form error, never a server error (issue #11): the page answers
400 with the field's message (ScopedListView), the API a JSON 400 (DRF's DjangoFilterBackend). This base

- bounds every number filter: a year lookup (`graduation_date__year`) to 1–9999, which a date can have;
  any other number to what a 64-bit column holds (on SQLite a larger integer cannot even be sent);
- checks the ids of multiple-choice filters before they reach an `IN (...)` query (common.forms).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import django_filters
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django_filters.fields import ModelChoiceField as FilterModelChoiceField
from django_filters.fields import ModelChoiceIterator as FilterModelChoiceIterator
from django_filters.fields import ModelMultipleChoiceField as FilterModelMultipleChoiceField

from mansap.common.forms import FilterForm, IdBoundsMixin
from mansap.common.params import MAX_ID

YEAR_LOOKUPS = {"year", "iso_year"}


class BoundedModelMultipleChoiceField(IdBoundsMixin, FilterModelMultipleChoiceField):
    """django-filter's multiple-choice field, refusing ids no column holds."""


class _RowsIterator(ModelChoiceIterator):
    """Django's choices of a ModelChoiceField, read with values(): (pk, label) per row, no model instance."""

    field: ValuesModelChoiceField

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        label = self.field.row_label
        for row in self.queryset.values("pk", *self.field.label_fields):
            # No instance: Django's Select renders the value alone (a widget that reads .instance gets None).
            yield (ModelChoiceIteratorValue(row["pk"], None), label(row))  # type: ignore[arg-type]


class ValuesChoiceIterator(FilterModelChoiceIterator, _RowsIterator):
    """django-filter's iterator (its null choice) over _RowsIterator's rows."""


class ValuesModelChoiceField(FilterModelChoiceField):
    """django-filter's ModelChoiceField whose options come from `queryset.values("pk", *label_fields)`, labelled by
    `row_label(row)` (which must say what str(instance) says): a list page's department and program selects built
    some 70 model instances for their labels alone (#19). A chosen value is still checked against the queryset."""

    iterator = ValuesChoiceIterator

    def __init__(
        self, *args: Any, label_fields: tuple[str, ...], row_label: Callable[[dict[str, Any]], str], **kwargs: Any
    ) -> None:
        self.label_fields = label_fields
        self.row_label = row_label
        super().__init__(*args, **kwargs)


class ValuesModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter whose select is built from values() (ValuesModelChoiceField): give `label_fields` and
    `row_label`."""

    field_class = ValuesModelChoiceField


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

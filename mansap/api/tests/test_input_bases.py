"""Every FilterSet and every model serializer is built on common's bases, which bound what they accept (#11).

common.filtersets.FilterSet bounds number filters and checks multiple-choice ids; common.api.ModelSerializer
bounds dates and documents blank read-only choices. A class on django-filter's or DRF's own base would bring
the 500s back (?year=-1, a year-1 date): fuzz/ finds them late, this test at once.
"""

from __future__ import annotations

from collections.abc import Iterator

import django_filters
from django.test import SimpleTestCase
from django.urls import get_resolver
from rest_framework import serializers

from mansap.common.api import ModelSerializer
from mansap.common.filtersets import FilterSet


def subclasses(base: type) -> Iterator[type]:
    for klass in base.__subclasses__():
        yield klass
        yield from subclasses(klass)


def ours(klass: type) -> bool:
    return klass.__module__.startswith("mansap.") and ".tests." not in klass.__module__


class InputBasesTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        get_resolver().url_patterns  # noqa: B018  (imports every view, so every FilterSet and serializer)

    def test_every_filterset_is_built_on_commons(self) -> None:
        found = {k for k in subclasses(django_filters.FilterSet) if ours(k)}
        self.assertGreater(len(found), 20)
        self.assertEqual({k.__qualname__ for k in found if not issubclass(k, FilterSet)}, set())

    def test_every_model_serializer_is_built_on_commons(self) -> None:
        found = {k for k in subclasses(serializers.ModelSerializer) if ours(k)}
        self.assertGreater(len(found), 20)
        self.assertEqual({k.__qualname__ for k in found if not issubclass(k, ModelSerializer)}, set())

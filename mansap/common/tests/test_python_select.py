"""The filter forms' selects rendered in Python (common.forms.PythonSelect) give Django's templates' markup exactly."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.test import TestCase
from django.utils import translation
from django.utils.translation import gettext_lazy

from mansap.common.forms import FilterForm, PythonSelect
from mansap.core.choices import StudentStatus
from mansap.core.models import Department
from mansap.core.tests.factories import DepartmentFactory

GROUPED = [
    ("", "---------"),
    ("Кафедры & <факультеты>", [("1", "Ақпараттық жүйелер"), ("2", 'Кафедра "Право"')]),
    (3, gettext_lazy("Graduates")),
    ("4 & 5", "<b>bold</b>"),
]


class SampleFilter(FilterForm):
    status = forms.ChoiceField(choices=[("", "---------"), *StudentStatus.choices], required=False)
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    department = forms.ModelChoiceField(queryset=Department.objects.order_by("code"), required=False)
    cohort = forms.TypedChoiceField(choices=[(y, str(y)) for y in range(2026, 2020, -1)], coerce=int, required=True)
    on = forms.ChoiceField(choices=[(dt.date(2026, 6, 30), dt.date(2026, 6, 30))], required=False)


class PythonSelectTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.departments = [
            DepartmentFactory(code="IS", name_kk="Ақпараттық <жүйелер>", name_ru="Информационные системы & сети"),
            DepartmentFactory(code="LAW", name_kk='Құқық "кафедрасы"', name_ru="Право"),
        ]

    def both(self, data: dict[str, Any] | None) -> list[tuple[str, str, str]]:
        """(field, the templates' markup, PythonSelect's) for every field of a bound or unbound filter form."""
        form = SampleFilter(data)
        if data is not None:
            form.is_valid()  # an invalid value marks its control (is-invalid), as on the list pages
        out = []
        for bound in form:
            self.assertIs(type(bound.field.widget), PythonSelect)
            python = str(bound)
            bound.field.widget.__class__ = forms.Select
            out.append((bound.name, str(bound), python))
            bound.field.widget.__class__ = PythonSelect
        return out

    def test_the_markup_is_the_templates_in_every_language(self) -> None:
        for language in ("kk", "ru", "en"):
            for data in (None, {}, {"status": "graduated", "grouped": "2", "department": self.departments[1].pk}):
                for name, expected, python in self.both(data):
                    with self.subTest(language=language, data=data, field=name), translation.override(language):
                        self.assertEqual(python, expected)
            for name, expected, python in self.both({"status": "nonsense", "cohort": "1999", "grouped": "3"}):
                with self.subTest(language=language, field=name, invalid=True), translation.override(language):
                    self.assertEqual(python, expected)

    def test_a_literal_select(self) -> None:
        with translation.override("en"):
            html = str(SampleFilter({"grouped": "2"})["grouped"])
        self.assertEqual(
            html,
            '<select name="grouped" class="form-select form-select-sm" id="id_grouped">\n'
            '  <option value="">---------</option>\n\n'
            '  <optgroup label="Кафедры &amp; &lt;факультеты&gt;">\n'
            '  <option value="1">Ақпараттық жүйелер</option>\n\n'
            '  <option value="2" selected>Кафедра &quot;Право&quot;</option>\n\n'
            "  </optgroup>\n"
            '  <option value="3">Graduates</option>\n\n'
            '  <option value="4 &amp; 5">&lt;b&gt;bold&lt;/b&gt;</option>\n\n'
            "</select>",
        )

    def test_other_forms_keep_djangos_select(self) -> None:
        class Plain(forms.Form):
            status = forms.ChoiceField(choices=StudentStatus.choices)

        self.assertIs(type(Plain()["status"].field.widget), forms.Select)

"""The site's table template renders exactly what django-tables2's bootstrap5 template renders (mansap/common/
templates/common/table.html, templatetags.mansap.table_row), and the remembered signatures are django-tables2's."""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal
from typing import Any

import django_tables2 as tables
from django.template import Context
from django.template.loader import get_template
from django.test import RequestFactory, SimpleTestCase, override_settings
from django.utils import translation
from django.utils.html import format_html

from mansap.common import tables as site_tables

STOCK = "django_tables2/bootstrap5-responsive.html"
ROWS = [
    {"id": 1, "name": "Ахметова <Гүлнар>", "gpa": Decimal("3.5"), "ok": True, "on": dt.date(2026, 6, 30), "n": 1234},
    {"id": 2, "name": "Бекова & Co", "gpa": None, "ok": False, "on": None, "n": 5678},
    {"id": 3, "name": "Цой", "gpa": Decimal("2.75"), "ok": True, "on": dt.date(2025, 1, 2), "n": 0},
]


class SampleTable(tables.Table):
    name = tables.Column(linkify=lambda record: f"/people/{record['id']}/", attrs={"td": {"class": "text-nowrap"}})
    gpa = tables.Column(attrs={"td": {"data-gpa": lambda value: value, "class": lambda record: f"r{record['id']}"}})
    ok = tables.BooleanColumn()
    on = tables.DateColumn(short=True)
    n = tables.Column(localize=True)
    plain_n = tables.Column(accessor="n", localize=False)
    badge = tables.Column(empty_values=(), orderable=False)

    class Meta:
        attrs = {"class": "table table-sm", "td": {"data-cell": "yes"}}
        row_attrs = {"data-id": lambda record: record["id"]}

    def render_badge(self, record: dict[str, Any]) -> str:
        return format_html('<span class="badge">{}</span>', record["id"])


class NamedColumnsTable(SampleTable):
    """A table that adds each column's name to its cells' classes: its attributes are not cached per column."""

    def get_column_class_names(self, classes_set: set[str], bound_column: Any) -> set[str]:
        return {*super().get_column_class_names(classes_set, bound_column), bound_column.name}


def normalized(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


class TableTemplateTests(SimpleTestCase):
    def render(self, table_class: type[tables.Table], template: str, query: str = "") -> str:
        request = RequestFactory().get(f"/list/{query}")
        table = table_class(ROWS, request=request)
        table.order_by = request.GET.get("sort")
        return normalized(get_template(template).render({"table": table}, request))

    def test_the_rows_are_the_stock_templates_in_every_language(self) -> None:
        for language in ("kk", "ru", "en"):
            for table_class in (SampleTable, NamedColumnsTable):
                for query in ("", "?sort=-gpa", "?sort=name"):
                    with self.subTest(language=language, table=table_class.__name__, query=query):
                        with translation.override(language):
                            ours = self.render(table_class, "common/table.html", query)
                            stock = self.render(table_class, STOCK, query)
                        self.assertEqual(ours, stock)

    def test_what_the_rows_hold(self) -> None:
        with translation.override("en"):
            html = self.render(SampleTable, "common/table.html")
        self.assertIn(
            '<tr data-id="1" class="even"><td class="text-nowrap"><a href="/people/1/">Ахметова &lt;Гүлнар&gt;</a>'
            '</td><td data-gpa="3.5" class="r1">3.5</td><td data-cell="yes"><span class="true">✔</span></td>'
            '<td data-cell="yes">30.06.2026</td><td data-cell="yes">1234</td><td data-cell="yes">1234</td>'
            '<td data-cell="yes"><span class="badge">1</span></td></tr>',
            html,
        )
        self.assertIn('<td data-gpa="—" class="r2">—</td>', html)  # no value: the default, in the attribute too
        self.assertIn('<td class="text-nowrap"><a href="/people/2/">Бекова &amp; Co</a></td>', html)

    @override_settings(DJANGO_TABLES2_TEMPLATE="common/table.html")
    def test_the_settings_template_is_the_sites(self) -> None:
        from django.conf import settings

        self.assertEqual(tables.Table([]).template_name, settings.DJANGO_TABLES2_TEMPLATE)


class Holder:
    def method(self, value: Any, record: Any = None) -> None: ...

    def catch_all(self, value: Any, **kwargs: Any) -> None: ...

    def positional(self, *args: Any, record: Any) -> None: ...

    def __call__(self, record: Any) -> None: ...


def function(value: Any, *, table: Any) -> None: ...


class SignatureTests(SimpleTestCase):
    def test_the_same_answers_as_django_tables2(self) -> None:
        first, second = Holder(), Holder()
        callables = [
            first.method, second.method, first.catch_all, first.positional, Holder.method, function,
            lambda record: record, functools.partial(function, table=None), first,
        ]  # fmt: skip
        for fn in callables * 2:  # the second time from what was remembered
            with self.subTest(fn=fn):
                self.assertEqual(site_tables.signature(fn), site_tables._original_signature(fn))

    def test_bound_and_plain_are_remembered_apart(self) -> None:
        self.assertEqual(site_tables.signature(Holder().method), (("value", "record"), None))
        self.assertEqual(site_tables.signature(Holder.method), (("self", "value", "record"), None))

    def test_django_tables2_calls_ours(self) -> None:
        from django_tables2 import utils

        self.assertIs(utils.signature, site_tables.signature)


class CompiledTemplateTests(SimpleTestCase):
    def test_a_template_column_compiles_its_code_once(self) -> None:
        from django_tables2.columns import templatecolumn

        self.assertIs(templatecolumn.Template, site_tables.compiled_template)
        code = "{{ value|date:'d.m.Y' }} {{ record.id }}"
        first = site_tables.compiled_template(code)
        self.assertIs(site_tables.compiled_template(code), first)
        self.assertEqual(first.render(Context({"value": dt.date(2026, 6, 30), "record": {"id": 7}})), "30.06.2026 7")

    def test_the_dates_of_a_table(self) -> None:
        with translation.override("ru"):
            html = TableTemplateTests().render(SampleTable, "common/table.html")
        self.assertEqual(re.findall(r"<td data-cell=\"yes\">(\d\d\.\d\d\.\d{4}|—)</td>", html), [
            "30.06.2026", "—", "02.01.2025",
        ])  # fmt: skip

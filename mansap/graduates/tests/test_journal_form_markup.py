"""The journal rows' inline form: the same fields, values, selected options and labels per row as the form rendered
through Django's widget templates (the rendering before the fields were remembered per language and day and the
selects rendered in Python), in kk, ru and en, on the page and in the htmx answer with errors."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from typing import Any

from django import forms as django_forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from mansap.common.testing import ScopedCRUDTests
from mansap.graduates import tables
from mansap.graduates.choices import Channel, EmploymentStatus
from mansap.graduates.forms.records import JournalStatusForm
from mansap.graduates.services import records as services
from mansap.graduates.tests.factories import make_graduate

JOURNAL = reverse("graduates:journal")
HTMX = {"HTTP_HX_REQUEST": "true"}
CONTROL_ATTRS = ("name", "type", "value", "required", "aria-label", "title", "placeholder", "style", "list", "hx-get")


class Controls(HTMLParser):
    """Each journal row form's controls: (tag, attributes that matter, options as (value, label, selected))."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[Any, ...]]] = []
        self.errors: list[str] = []
        self._in_form = self._in_errors = False
        self._select: list[Any] | None = None
        self._option: list[Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form" and "journal-inline-form" in (values.get("class") or ""):
            self._in_form = True
            self.forms.append([])
        elif not self._in_form:
            return
        elif tag in ("input", "select") and values.get("name") != "csrfmiddlewaretoken":
            control = [tag, tuple((name, values.get(name)) for name in CONTROL_ATTRS if name in values), []]
            self.forms[-1].append(control)
            if tag == "select":
                self._select = control
        elif tag == "option" and self._select is not None:
            self._option = [values.get("value"), "", "selected" in values]
        elif tag == "div" and "invalid-feedback" in (values.get("class") or ""):
            self._in_errors = True

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option[1] += data
        elif self._in_errors and data.strip():
            self.errors.append(data.strip())

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._option is not None and self._select is not None:
            self._select[2].append(tuple(self._option))
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = self._in_errors = False


def controls(html: str) -> Controls:
    parser = Controls()
    parser.feed(html)
    parser.close()
    return parser


def as_before(form: JournalStatusForm) -> str:
    """The form's four fields rendered through Django's widget templates (select.html, input.html), in a form tag."""
    for name in ("status", "channel"):
        form.fields[name].widget.__class__ = django_forms.Select
    return f'<form class="journal-inline-form">{tables._render_inline_fields(form)}</form>'


class JournalFormMarkupTests(ScopedCRUDTests):
    def setUp(self) -> None:
        self.graduates = [
            make_graduate(self.program_a, last_name=name, first_name="Асан") for name in ("Әлиева", "Бекова", "Волкова")
        ]
        services.record_employment(
            self.graduates[1], acting_user=self.aigerim, status=EmploymentStatus.EMPLOYED_SPECIALTY,
            started_on=dt.date(2025, 9, 1), channel=Channel.TELEPHONE, employer_name="ТОО «Алтын» & Co",
        )  # fmt: skip
        tables._UNBOUND_FIELDS.clear()
        self.client.force_login(self.aigerim)

    def in_language(self, language: str) -> None:
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    def test_every_row_has_the_fields_of_the_template_rendering_in_kk_ru_en(self) -> None:
        today = timezone.localdate().isoformat()
        labels = {"kk": ("Мәртебесі", "Дереккөз"), "ru": ("Статус", "Источник"), "en": ("Status", "Source")}
        for language, (status_label, channel_label) in labels.items():
            with self.subTest(language=language):
                self.in_language(language)
                for _twice in range(2):  # the second page's fields are the remembered ones
                    page = controls(self.client.get(JOURNAL).content.decode())
                    with translation.override(language):
                        expected = controls(as_before(JournalStatusForm(user=self.aigerim))).forms[0]
                    self.assertEqual(len(page.forms), 3)
                    for row in page.forms:
                        self.assertEqual(row, expected)
                status, employer, started_on, channel = page.forms[0]
                self.assertEqual([control[0] for control in page.forms[0]], ["select", "input", "input", "select"])
                self.assertIn(("aria-label", status_label), status[1])
                self.assertIn(("aria-label", channel_label), channel[1])
                self.assertEqual(status[2][0], ("", str(_new_status(language)), True))
                self.assertEqual([option[0] for option in status[2][1:]], list(EmploymentStatus.values))
                self.assertEqual(
                    [option[0] for option in channel[2] if option[2]], [Channel.TELEPHONE]
                )  # the one selected source
                self.assertIn(("value", today), started_on[1])
                self.assertIn(("name", "employer"), employer[1])
                self.assertNotIn("value", dict(employer[1]))

    def test_the_htmx_answer_with_errors_keeps_the_values_as_the_template_rendering(self) -> None:
        graduate = self.graduates[0]
        url = reverse("graduates:journal_record", args=[graduate.pk])
        data = {"status": EmploymentStatus.UNEMPLOYED_SEEKING, "employer": "ТОО <Бір>", "started_on": "2025-09-01",
                "channel": Channel.EMAIL}  # fmt: skip
        expected_errors = {
            "kk": "Жұмыс беруші: Жұмыс беруші тек жұмысқа орналасу мәртебесімен жазылады.",
            "ru": "Работодатель: Работодатель указывается только при статусе трудоустройства.",
            "en": "Employer: An employer is recorded only with an employed status.",
        }
        for language, error in expected_errors.items():
            with self.subTest(language=language):
                self.in_language(language)
                answer = controls(self.client.post(url, data, **HTMX).content.decode())
                with translation.override(language):
                    expected = controls(as_before(JournalStatusForm(data, user=self.aigerim))).forms[0]
                self.assertEqual(answer.forms, [expected])
                status, employer, started_on, channel = answer.forms[0]
                self.assertEqual([o[0] for o in status[2] if o[2]], [EmploymentStatus.UNEMPLOYED_SEEKING])
                self.assertIn(("value", "ТОО <Бір>"), employer[1])
                self.assertIn(("value", "2025-09-01"), started_on[1])
                self.assertEqual([o[0] for o in channel[2] if o[2]], [Channel.EMAIL])
                self.assertEqual(answer.errors, [error])
        self.assertFalse(graduate.employment_records.exists())

    def test_the_remembered_fields_follow_the_language_and_the_day(self) -> None:
        with translation.override("kk"):
            kk = tables.inline_fields_html(JournalStatusForm())
        with translation.override("en"):
            en = tables.inline_fields_html(JournalStatusForm())
            tomorrow = JournalStatusForm(initial={"started_on": timezone.localdate() + dt.timedelta(days=1)})
            later = tables.inline_fields_html(tomorrow)
            self.assertEqual(tables.inline_fields_html(JournalStatusForm()), en)
        self.assertIn("Мәртебесі", kk)
        self.assertIn('aria-label="Status"', en)
        self.assertNotEqual(later, en)
        self.assertIn(f'value="{(timezone.localdate() + dt.timedelta(days=1)).isoformat()}"', later)
        self.assertEqual(len(tables._UNBOUND_FIELDS), 3)


def _new_status(language: str) -> str:
    return {"kk": "— жаңа мәртебе —", "ru": "— новый статус —", "en": "— new status —"}[language]

"""errors_to_form: a service's ValidationError shown on the form, whatever its shape; URL fields assume https."""

from __future__ import annotations

import warnings
from typing import Any

from django import forms
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.test import SimpleTestCase
from django.utils.deprecation import RemovedInDjango60Warning

from mansap.common.forms import errors_to_form


class RoundForm(forms.Form):
    deadline = forms.DateField()
    label = forms.CharField(required=False)


def bound() -> RoundForm:
    form = RoundForm({"deadline": "2026-12-30", "label": "Extra"})
    assert form.is_valid()
    return form


class ErrorsToFormTests(SimpleTestCase):
    def test_a_dict_error_lands_on_its_fields(self) -> None:
        form = bound()
        errors_to_form(form, ValidationError({"deadline": ["Too late.", "Not a workday."], "label": "Taken."}))
        self.assertEqual(form.errors, {"deadline": ["Too late.", "Not a workday."], "label": ["Taken."]})
        self.assertNotIn("deadline", form.cleaned_data)  # add_error drops the value, as for a clean_ error

    def test_a_field_the_form_lacks_goes_on_the_form(self) -> None:
        form = bound()
        errors_to_form(form, ValidationError({"cohort": "No graduates in this cohort.", NON_FIELD_ERRORS: "Closed."}))
        self.assertEqual(form.non_field_errors(), ["No graduates in this cohort.", "Closed."])
        self.assertEqual(list(form.errors), [NON_FIELD_ERRORS])

    def test_a_message_or_a_list_goes_on_the_form(self) -> None:
        """The shape `exc.message_dict` (employers/vacancy_views.py) fails on with AttributeError."""
        form = bound()
        errors_to_form(form, ValidationError("The round is closed.", code="closed"))
        self.assertEqual(form.non_field_errors(), ["The round is closed."])
        form = bound()
        errors_to_form(form, ValidationError(["One.", ValidationError("Two %(n)s.", params={"n": 2})]))
        self.assertEqual(form.non_field_errors(), ["One.", "Two 2."])
        with self.assertRaises(AttributeError):
            ValidationError("The round is closed.").message_dict  # noqa: B018

    def test_codes_are_kept(self) -> None:
        form = bound()
        errors_to_form(form, ValidationError({"deadline": ValidationError("Too late.", code="late")}))
        self.assertTrue(form.has_error("deadline", code="late"))


class URLFieldSchemeTests(SimpleTestCase):
    """Every model URLField's form field reads an address without a scheme as https:// (Django 6's default), in
    any form built from the model (a plain ModelForm, the admin), without Django 5's deprecation warning."""

    def url_fields(self) -> list[Any]:
        found = [
            field
            for model in apps.get_models()
            if model.__module__.startswith("mansap.")
            for field in model._meta.get_fields()
            if isinstance(field, models.URLField)
        ]
        self.assertGreaterEqual(len(found), 4)  # organization, institution websites; event link; KPI evidence
        return found

    def test_a_plain_model_form_assumes_https(self) -> None:
        for field in self.url_fields():
            with self.subTest(field=str(field)), warnings.catch_warnings():
                warnings.simplefilter("error", RemovedInDjango60Warning)
                form_field = forms.modelform_factory(field.model, fields=[field.name]).base_fields[field.name]
                self.assertEqual(form_field.clean("univer.kz"), "https://univer.kz")

    def test_the_admin_assumes_https(self) -> None:
        for field in self.url_fields():
            with self.subTest(field=str(field)), warnings.catch_warnings():
                warnings.simplefilter("error", RemovedInDjango60Warning)
                form_field = admin.ModelAdmin(field.model, admin.site).formfield_for_dbfield(field, request=None)
                self.assertEqual(form_field.clean("univer.kz"), "https://univer.kz")

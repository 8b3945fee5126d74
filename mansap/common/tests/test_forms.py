"""errors_to_form: a service's ValidationError shown on the form, whatever its shape."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.test import SimpleTestCase

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

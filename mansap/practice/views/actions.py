"""The practice pages' small action forms (a date, a file, a language, an order number) on the shared action view.

Most state changes of the practice pages are a button with a field or two, posted from the page of the
object (a placement's assessment panel, a practice, an order). `FormActionView` is `ScopedActionView`
(fetch in scope → act → message → redirect) plus that form: a form that does not validate is refused like a
rule of the service, with a message on the page it came from, not with a page of its own.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise

from mansap.common.views import ScopedActionView


class InvalidForm(ValidationError):
    """The action's form did not validate (as opposed to a rule of the service)."""


def form_errors(form: forms.BaseForm) -> list[str]:
    """Every error of a form, field by field, as the texts the page shows in one message."""
    return [str(error) for errors in form.errors.values() for error in errors]


class FormActionView(ScopedActionView):
    """A POST with a small form about one object: `form_class` is validated, then `perform(obj, form)` calls the
    service. An invalid form raises InvalidForm with `invalid_message`, or the form's own errors when there is
    none; the base view shows it as an error message and goes back."""

    form_class: type[forms.BaseForm]
    invalid_message: str | Promise | None = None
    # Lazy texts (gettext_lazy), translated for each request; the base view declares a plain str.
    success_message: str | Promise = ""  # type: ignore[assignment]

    def get_form(self, obj: Any) -> forms.BaseForm:
        return self.form_class(self.request.POST, self.request.FILES)

    def act(self, obj: Any) -> Any:
        form = self.get_form(obj)
        if not form.is_valid():
            raise InvalidForm(str(self.invalid_message) if self.invalid_message else form_errors(form))
        return self.perform(obj, form)

    def perform(self, obj: Any, form: Any) -> Any:
        """The state change: one service call with the form's cleaned data and `acting_user`."""
        raise NotImplementedError


__all__ = ["FormActionView", "InvalidForm", "form_errors"]

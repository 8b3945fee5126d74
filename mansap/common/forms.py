"""Form helpers: Bootstrap classes on every widget, forms that know their user, service errors on forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelFormMetaclass

from mansap.common.params import parse_int, validate_date_range


def style_fields(form: forms.BaseForm, small: bool = False) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select form-select-sm" if small else "form-select"
        elif isinstance(widget, forms.FileInput):
            css = "form-control"
        else:
            css = "form-control form-control-sm" if small else "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class BootstrapForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class FilterForm(forms.Form):
    """The form django-filter builds for list pages: compact controls; a refused value's control is marked."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class IdBoundsMixin:
    """A multiple choice of objects whose ids must be integers a column holds (issue #11).

    Django checks each id by building a query, then runs `id IN (...)`: on SQLite an id beyond 64 bits is an
    OverflowError there (a 500), not the "not a valid value" error any other wrong id gets.
    """

    queryset: Any
    to_field_name: str | None
    error_messages: dict[str, Any]

    def _check_values(self, value: Any) -> Any:
        model = self.queryset.model
        key = model._meta.pk if self.to_field_name in (None, "pk") else model._meta.get_field(self.to_field_name)
        if isinstance(key, models.IntegerField | models.AutoField):
            for pk in value:
                if parse_int(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)  # type: ignore[misc]


class ModelMultipleChoiceField(IdBoundsMixin, forms.ModelMultipleChoiceField):
    """Django's multiple choice of objects, refusing ids no column holds (every model form's many-to-many)."""


def formfield_for(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """Model fields to form fields; URLs without a scheme are read as https:// (Django 6's default); a
    many-to-many field refuses ids no column holds; a date must be one the services can compute with."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    if isinstance(field, models.ManyToManyField):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    if isinstance(field, models.DateField) and field.editable:  # date-time fields too
        kwargs.setdefault("validators", [validate_date_range])
    return field.formfield(**kwargs)


class ScopedModelFormMetaclass(ModelFormMetaclass):
    """Gives every subclass's Meta the formfield_for callback (Django reads it from Meta only)."""

    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> Any:
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(formfield_for)
        return super().__new__(mcs, name, bases, attrs)


class ScopedModelForm(forms.ModelForm, metaclass=ScopedModelFormMetaclass):
    """A model form that receives the acting user (to limit choices to what they may use)."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        style_fields(self)
        for field in self.fields.values():
            if isinstance(field.widget, forms.DateInput):
                field.widget.input_type = "date"
                field.widget.format = "%Y-%m-%d"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def errors_to_form(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: each error on the field it names, when the form has that
    field, else on the form as a whole (a rule about a field the form lacks, or no field at all).

    Handles both shapes of ValidationError: a dict (`{"field": [...]}`, from full_clean or a service) and a
    message or list (`ValidationError("...")`). Reading `exc.message_dict` instead, as one copy did, raises
    AttributeError on the second shape. Codes and params are kept (the errors are added as they are).
    """
    errors = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
    for name, found in errors.items():
        target = name if name in form.fields else None
        for error in found:
            form.add_error(target, error)

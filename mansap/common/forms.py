"""Form helpers: Bootstrap classes on every widget, forms that know their user, service errors on forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelFormMetaclass
from django.utils.translation import gettext_lazy as _

from mansap.common.params import parse_int, validate_date_range

# The languages a text typed by staff is kept in (<field>_kk, <field>_ru, <field>_en), in fallback order.
TEXT_LANGUAGES = ("kk", "ru", "en")


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


class PrivateFileInput(forms.ClearableFileInput):
    """A file upload whose current file links to the scoped view that serves it, never to MEDIA_URL.

    Django's ClearableFileInput links to `file.url` (/media/...), which is not served: uploads hold personal
    data and go through a view that fetched their row through core.access (common.files). The link is the
    model's `private_file_url(field_name)` when it has one; otherwise the file's name is shown without a link.
    """

    template_name = "common/widgets/private_file_input.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        if widget.get("is_initial"):
            widget["file_name"] = str(getattr(value, "name", value) or "").rsplit("/", 1)[-1]
            widget["file_url"] = private_file_url(value)
        return context


def private_file_url(value: Any) -> str | None:
    """The address of a stored file's scoped view (its model's `private_file_url(field_name)`), or None."""
    instance, field = getattr(value, "instance", None), getattr(value, "field", None)
    method = getattr(instance, "private_file_url", None)
    if instance is None or field is None or method is None or instance.pk is None:
        return None
    url: str | None = method(field.name)
    return url


def formfield_for(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """Model fields to form fields: a file links to its scoped view (PrivateFileInput), never to /media/; a
    many-to-many field refuses ids no column holds; a date must be one the services can compute with. (A link
    reads an address without a scheme as https:// in every form: common.fields.URLField.)"""
    if isinstance(field, models.FileField):
        widget = kwargs.get("widget")
        attrs = getattr(widget, "attrs", None) if widget is not None and not isinstance(widget, type) else None
        kwargs["widget"] = PrivateFileInput(attrs=attrs)
    if isinstance(field, models.ManyToManyField):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    if isinstance(field, models.DateField) and field.editable:  # date-time fields too
        kwargs.setdefault("validators", [validate_date_range])
    return field.formfield(**kwargs)


class OneLanguageRequiredMixin:
    """Texts kept in kk/ru/en (`<name>_kk`, `<name>_ru`, `<name>_en`): one language is enough.

    The page shows a missing language in the first one available (core.models.base.translated), and staff pages
    mark it (the missing_languages tag). With every language empty, the form says so on the first one's field.
    """

    translated_fields: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        fields: dict[str, Any] = self.fields  # type: ignore[attr-defined]
        for name in self.translated_fields:
            names = [f"{name}_{code}" for code in TEXT_LANGUAGES if f"{name}_{code}" in fields]
            if names and not any(str(cleaned.get(field) or "").strip() for field in names):
                self.add_error(  # type: ignore[attr-defined]
                    names[0], _("Enter it in at least one language: Kazakh, Russian or English.")
                )
        return cleaned


def missing_languages(obj: Any, name: str) -> list[str]:
    """The languages obj.<name>_<code> is empty in, in TEXT_LANGUAGES order ([] when every one is filled)."""
    return [code for code in TEXT_LANGUAGES if not str(getattr(obj, f"{name}_{code}", "") or "").strip()]


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

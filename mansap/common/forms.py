"""Form helpers: Bootstrap classes on every widget, forms that know their user, service errors on forms."""

from __future__ import annotations

import functools
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


_SELECT_TEMPLATES = ("django/forms/widgets/select.html", "django/forms/widgets/select_option.html")


def _attrs_html(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html: ` name="value"` per attribute, ` name` for True, nothing for False."""
    return "".join(
        f" {_as_template(name)}" if value is True else f' {_as_template(name)}="{_stringformat(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _as_template(value: Any) -> str:
    """`{{ value }}`: localized, made a string and escaped, as a template renders a variable."""
    from django.template.base import render_value_in_context

    return render_value_in_context(value, _plain_context())


@functools.cache
def _plain_context() -> Any:
    """A template context as a widget's template gets (autoescape on, the settings' localization): read only."""
    from django.template import Context

    return Context()


def _stringformat(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`."""
    from django.template.defaultfilters import stringformat
    from django.utils.html import conditional_escape

    return conditional_escape(stringformat(value, "s"))


class PythonSelect(forms.Select):
    """A Select rendered in Python: the same markup as Django's select.html and select_option.html templates.

    A list page's filter has selects of tens to hundreds of options (departments, programs, cohorts); through the
    templates each option is an {% include %} of two templates, a fifth of the graduates list's time. Only when the
    form renderer and the templates are Django's own (a site override of either falls back to the templates).
    """

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> Any:
        from django.forms.renderers import DjangoTemplates, get_default_renderer
        from django.utils.safestring import mark_safe

        used = renderer or get_default_renderer()
        if type(used) is not DjangoTemplates or (self.template_name, self.option_template_name) != _SELECT_TEMPLATES:
            return super().render(name, value, attrs, renderer)
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{_as_template(widget["name"])}"{_attrs_html(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{_as_template(group_name)}">')
            for option in group_choices:
                if option["template_name"] != _SELECT_TEMPLATES[1]:
                    return super().render(name, value, attrs, renderer)
                out.append(
                    f'\n  <option value="{_stringformat(option["value"])}"{_attrs_html(option["attrs"])}>'
                    f"{_as_template(option['label'])}</option>\n"
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")  # the renderer strips the template's output
        return mark_safe("".join(out))


class FilterForm(forms.Form):
    """The form django-filter builds for list pages: compact controls; a refused value's control is marked; its
    selects rendered in Python (PythonSelect: the same markup)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:  # the instance's own copy: only its rendering changes
                field.widget.__class__ = PythonSelect

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

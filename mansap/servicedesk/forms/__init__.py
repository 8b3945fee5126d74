"""Forms of the servicedesk app: a service's request form (its declarative fields), the desk's steps, the
revocation, the catalogue's edit form and the public hash check."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import DateInput, errors_to_form
from mansap.servicedesk.choices import FieldType, Language
from mansap.servicedesk.models import Service
from mansap.servicedesk.services.catalogue import field_label

ANSWER_PREFIX = "answer_"


class RequestForm(forms.Form):
    """The service's own fields (answer_<name>), the language of the document, and for the desk the visitor's IIN."""

    iin = forms.CharField(label=_("Student's IIN"), max_length=12, min_length=12)
    language = forms.ChoiceField(label=_("Language of the document"), choices=Language.choices)

    def __init__(self, *args: Any, service: Service, desk: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        if not desk:
            del self.fields["iin"]
        language = (get_language() or "kk")[:2]
        for field in service.fields():
            label = field_label(field, language)
            required = bool(field.get("required"))
            if field.get("type") == FieldType.DATE:
                form_field: forms.Field = forms.DateField(label=label, required=required, widget=DateInput())
            elif field.get("type") == FieldType.CHOICE:
                choices = [("", "—")] + [(str(c), str(c)) for c in field.get("choices", [])]
                form_field = forms.ChoiceField(label=label, required=required, choices=choices)
            else:
                form_field = forms.CharField(label=label, required=required, max_length=1000)
            self.fields[ANSWER_PREFIX + str(field["name"])] = form_field

    def answers(self) -> dict[str, Any]:
        return {
            name.removeprefix(ANSWER_PREFIX): (value.isoformat() if hasattr(value, "isoformat") else value)
            for name, value in self.cleaned_data.items()
            if name.startswith(ANSWER_PREFIX)
        }

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put a request service's ValidationError on this form: its errors about answers on the answer_<name>
        fields (the student's, the desk's and the graduate link's forms alike)."""
        if hasattr(exc, "error_dict"):
            known = {"iin", "language", "__all__"}
            exc = ValidationError(
                {(name if name in known else ANSWER_PREFIX + name): errors for name, errors in exc.error_dict.items()}
            )
        errors_to_form(self, exc)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason of the revocation"), widget=forms.Textarea(attrs={"rows": 3}))


class HashCheckForm(forms.Form):
    file = forms.FileField(label=_("The PDF you received"), required=False)
    sha256 = forms.CharField(label=_("or its SHA-256"), required=False, max_length=64)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not (data.get("sha256") or "").strip():
            raise forms.ValidationError(_("Choose the file or paste its SHA-256."))
        return data


class ServiceForm(forms.ModelForm):
    form_fields = forms.JSONField(
        label=_("Form fields"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "font-monospace"}),
        help_text=_(
            'A list such as [{"name": "destination", "label_kk": "…", "label_ru": "…", "label_en": "…", '
            '"type": "text", "required": false}]; type is text, choice (with "choices") or date.'
        ),
    )

    class Meta:
        model = Service
        fields = [
            "name_kk", "name_ru", "name_en", "eligibility", "sla_days", "instant", "needs_approval", "document_kind",
            "form_fields", "is_active", "position",
        ]  # fmt: skip

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def clean_form_fields(self) -> list[dict[str, Any]]:
        value = self.cleaned_data.get("form_fields") or []
        if isinstance(value, str):
            value = json.loads(value)
        if not isinstance(value, list):
            raise forms.ValidationError(_("Give a list of fields."))
        for position, field in enumerate(value, start=1):
            if not isinstance(field, dict) or not str(field.get("name") or "").strip():
                raise forms.ValidationError(_("Field {n} has no name.").format(n=position))
            if field.get("type", FieldType.TEXT) not in FieldType.values:
                raise forms.ValidationError(_("Field {n}: the type is text, choice or date.").format(n=position))
        return value

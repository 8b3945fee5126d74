"""The form that edits a document template's text (services.templates.revise_template)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, DateInput
from mansap.regulations.services import templates


class TemplateTextForm(BootstrapForm):
    text_kk = forms.CharField(label=_("Text (Kazakh)"), widget=forms.Textarea(attrs={"rows": 6}))
    text_ru = forms.CharField(label=_("Text (Russian)"), widget=forms.Textarea(attrs={"rows": 6}))
    text_en = forms.CharField(label=_("Text (English)"), widget=forms.Textarea(attrs={"rows": 6}))
    effective_on = forms.DateField(label=_("In force from"), widget=DateInput())
    note = forms.CharField(label=_("What changed"), max_length=500, required=False)

    def __init__(self, *args: Any, variables: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = ", ".join("{{ " + name + " }}" for name in variables)
        for language in ("kk", "ru", "en"):
            self.fields[f"text_{language}"].help_text = _(
                "Paragraphs are separated by a blank line. The text may use: {names}."
            ).format(names=names)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for language in ("kk", "ru", "en"):
            text = data.get(f"text_{language}")
            if text:
                try:
                    templates.check_text(text)
                except forms.ValidationError as exc:
                    self.add_error(f"text_{language}", exc)
        day = data.get("effective_on")
        if day and day < timezone.localdate():
            self.add_error("effective_on", _("A new version cannot take effect in the past."))
        return data

    def texts(self) -> dict[str, str]:
        return {language: self.cleaned_data[f"text_{language}"] for language in ("kk", "ru", "en")}

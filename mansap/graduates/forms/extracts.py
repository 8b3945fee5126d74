"""Official extracts (#20): the upload form, the column-mapping form and the consent form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import style_fields
from mansap.core.forms import ImportUploadForm
from mansap.graduates.choices import ConsentStatus, ExtractKind
from mansap.graduates.models import ExtractProfile
from mansap.graduates.services.extracts import columns_for


class ExtractUploadForm(ImportUploadForm):
    kind = forms.ChoiceField(label=capfirst(_("kind")), choices=ExtractKind.choices)
    source = forms.CharField(
        label=capfirst(_("source")),
        max_length=255,
        help_text=_("The register and the body that issued the extract."),
    )
    period_start = forms.DateField(label=capfirst(_("period from")), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=capfirst(_("period to")), widget=forms.DateInput(attrs={"type": "date"}))
    consent_basis = forms.CharField(
        label=capfirst(_("consent basis")),
        max_length=500,
        help_text=_("On what basis the graduates' data were requested (e.g. consent forms collected at graduation)."),
    )
    cohorts = forms.TypedMultipleChoiceField(
        label=capfirst(_("cohorts")),
        coerce=int,
        help_text=_("The graduation years the extract was requested for: their graduates are covered."),
        widget=forms.CheckboxSelectMultiple,
    )
    profile = forms.ModelChoiceField(
        label=capfirst(_("column profile")),
        queryset=ExtractProfile.objects.none(),
        required=False,
        empty_label=capfirst(_("guess from the headers")),
        help_text=_("A saved mapping of the columns; you can correct it on the next step."),
    )

    def __init__(self, *args: Any, institution: Any = None, years: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cohorts: Any = self.fields["cohorts"]
        cohorts.choices = [(y, str(y)) for y in (years or [])]
        profile: Any = self.fields["profile"]
        profile.queryset = ExtractProfile.objects.filter(institution=institution).order_by("kind", "name")
        profile.label_from_instance = lambda p: f"{p.name} ({p.get_kind_display()})"
        style_fields(self)
        self.fields["cohorts"].widget.attrs["class"] = "form-check-input"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period cannot be before its start."))
        profile = data.get("profile")
        if profile is not None and profile.kind != data.get("kind"):
            self.add_error("profile", _("The profile is for another kind of extract."))
        return data


class MappingForm(forms.Form):
    """One select per field of the extract's kind: which header of the file holds it."""

    profile_name = forms.CharField(
        label=capfirst(_("save this mapping as a profile")),
        max_length=100,
        required=False,
        help_text=_("A name (e.g. ESUTD 2025): the next extract of this layout is mapped at once."),
    )

    def __init__(self, *args: Any, kind: str, header: list[str], initial_mapping: dict[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.kind = kind
        options = [("", "—"), *[(h, h) for h in header if h]]
        fields = {}
        for column in columns_for(kind):
            fields[f"map_{column.name}"] = forms.ChoiceField(
                label=capfirst(column.label),
                choices=options,
                required=column.required,
                initial=initial_mapping.get(column.name, ""),
                help_text=column.help,
            )
        self.fields = {**fields, **self.fields}
        style_fields(self, small=True)

    def mapping(self) -> dict[str, str]:
        source = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {
            c.name: source.get(f"map_{c.name}") or "" for c in columns_for(self.kind) if source.get(f"map_{c.name}")
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [data.get(f"map_{c.name}") for c in columns_for(self.kind) if data.get(f"map_{c.name}")]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("A column of the file can hold only one field."))
        return data


class ConsentForm(forms.Form):
    status = forms.ChoiceField(label=capfirst(_("consent to official checks")), choices=ConsentStatus.choices)
    note = forms.CharField(label=capfirst(_("note")), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)

"""The filter form of the consortium page: which consortium, which cohort, as of which date."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy

from mansap.common.forms import DateInput, style_fields


class ConsortiumFilterForm(forms.Form):
    consortium = forms.TypedChoiceField(label=gettext_lazy("Consortium"), coerce=int, required=False)
    cohort = forms.TypedChoiceField(label=gettext_lazy("Cohort"), coerce=int, required=False)
    as_of = forms.DateField(label=gettext_lazy("As of"), required=False, widget=DateInput())

    def __init__(self, *args: Any, consortiums: list[tuple[int, str]], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["consortium"]).choices = consortiums
        cast(forms.ChoiceField, self.fields["cohort"]).choices = [(year, str(year)) for year in years]
        if len(consortiums) < 2:
            self.fields["consortium"].widget = forms.HiddenInput()
        style_fields(self, small=True)

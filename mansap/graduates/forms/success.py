"""KPI-17.4: the form of one rule of successful graduates; the page edits a cohort's rules as a formset."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import style_fields
from mansap.core.choices import ProgramLevel
from mansap.graduates.models import SuccessOutcome
from mansap.graduates.services.success import RULE_FIELDS


class SuccessRuleForm(forms.Form):
    outcome = forms.ChoiceField(label=_("situation"), choices=[("", "—"), *SuccessOutcome.choices], required=False)
    within_months = forms.IntegerField(
        label=_("within months of graduation"), min_value=1, max_value=120, required=False
    )
    min_salary = forms.IntegerField(label=_("salary at least, KZT"), min_value=1, max_value=10**9, required=False)
    abroad = forms.BooleanField(label=_("abroad"), required=False)
    study_level = forms.ChoiceField(
        label=_("level of studies"), choices=[("", "—"), *ProgramLevel.choices], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)

    def rule(self) -> dict[str, Any] | None:
        """The rule's fields, or None for a row left empty (or marked to delete)."""
        data = getattr(self, "cleaned_data", {})
        if not data or data.get("DELETE"):
            return None
        fields = {name: data.get(name) for name in RULE_FIELDS}
        if not any(fields.values()):
            return None
        return fields


SuccessRuleFormSet = forms.formset_factory(SuccessRuleForm, extra=2, can_delete=True, max_num=20, validate_max=True)


class CriteriaNoteForm(forms.Form):
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)

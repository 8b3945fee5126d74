"""Verified employment (#20): the reconciliation's selection and the departments' decisions on tasks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import DateInput, style_fields
from mansap.core.models import Department
from mansap.graduates.choices import EmploymentStatus


class ReconcileForm(forms.Form):
    cohort = forms.TypedChoiceField(label=_("Cohort"), coerce=int)
    as_of = forms.DateField(label=_("As of"), widget=DateInput())
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)
    window_required = forms.IntegerField(
        label=_("Sustained: months with contributions"), min_value=1, max_value=24, initial=5
    )
    window_months = forms.IntegerField(label=_("of months (from October)"), min_value=1, max_value=24, initial=6)

    def __init__(self, *args: Any, cohorts: list[int], departments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cohort = self.fields["cohort"]
        assert isinstance(cohort, forms.TypedChoiceField)
        cohort.choices = [(year, str(year)) for year in cohorts]
        department = self.fields["department"]
        assert isinstance(department, forms.ModelChoiceField)
        department.queryset = departments
        department.empty_label = _("All departments")
        style_fields(self, small=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        required, months = data.get("window_required"), data.get("window_months")
        if required and months and required > months:
            self.add_error("window_required", _("At most the number of months in the window."))
        return data


class AcceptTaskForm(forms.Form):
    status = forms.ChoiceField(label=_("Status to record"))

    def __init__(self, *args: Any, statuses: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(EmploymentStatus.choices)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(status, labels[status]) for status in statuses]
        style_fields(self, small=True)


class KeepTaskForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("Why the department's record stands, e.g. works abroad, informal self-employment."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)

"""Forms of the requests for information to other units: the desk's question, the unit's answer, the list's
filters."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mansap.common.filtersets import FilterSet
from mansap.common.forms import BootstrapForm, FilterForm
from mansap.core.models import Department, Faculty
from mansap.servicedesk.models import InfoRequest, InfoRequestStatus
from mansap.servicedesk.services.information import MAX_DUE_DAYS, find_unit


def unit_choices(institution: Any) -> list[tuple[str, Any]]:
    """The units the desk may ask: each faculty's dean's office, then each department (grouped by faculty)."""
    faculties = list(Faculty.objects.filter(institution=institution).order_by("code"))
    departments = list(
        Department.objects.filter(faculty__institution=institution).select_related("faculty").order_by("code")
    )
    deans = [(f"faculty:{f.pk}", str(_("Dean's office: {faculty}")).format(faculty=f)) for f in faculties]
    return [
        ("", "—"),
        (str(_("Dean's offices")), deans),
        (str(_("Departments")), [(f"department:{d.pk}", str(d)) for d in departments]),
    ]


class AskForm(BootstrapForm):
    unit = forms.ChoiceField(label=_("Unit"), choices=(), widget=forms.Select(attrs={"class": "form-select"}))
    subject = forms.CharField(label=_("What is asked for"), max_length=300)
    text = forms.CharField(
        label=_("Details"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    due_days = forms.IntegerField(label=_("Due in working days"), min_value=1, max_value=MAX_DUE_DAYS, initial=3)

    def __init__(self, *args: Any, institution: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.institution = institution
        field: Any = self.fields["unit"]
        field.choices = unit_choices(institution)

    def clean_unit(self) -> dict[str, Any]:
        kind, _sep, pk = str(self.cleaned_data["unit"]).partition(":")
        if kind in ("faculty", "department") and pk.isdigit():
            try:
                return find_unit(self.institution, **{kind: int(pk)})
            except ValidationError:
                pass
        raise forms.ValidationError(_("Choose a department or a dean's office."), code="bad_unit")


class InfoAnswerForm(BootstrapForm):
    answer = forms.CharField(label=_("Answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    file = forms.FileField(label=_("File (optional, up to 10 MB)"), required=False)


class InfoRequestFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=InfoRequestStatus.choices)
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"), choices=[("yes", _("overdue only"))], method="filter_overdue"
    )

    class Meta:
        model = InfoRequest
        fields = ["status", "overdue"]
        form = FilterForm

    def filter_overdue(self, queryset: Any, name: str, value: Any) -> Any:
        return queryset.overdue() if value == "yes" else queryset

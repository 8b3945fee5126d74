"""The filter form of the employment analytics page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mansap.common.forms import DateInput, style_fields
from mansap.core.choices import Funding, StudyForm
from mansap.core.models import Department, EducationalProgram, Faculty
from mansap.graduates.reports import analytics

if TYPE_CHECKING:
    from mansap.core.access import AnyUser


class AnalyticsFilterForm(forms.Form):
    """The slice of graduates: cohort, as-of date, structure, funding, study form; and the breakdown dimension."""

    cohort = forms.TypedChoiceField(label=gettext_lazy("Cohort"), coerce=int, required=False)
    as_of = forms.DateField(label=gettext_lazy("As of"), required=False, widget=DateInput())
    faculty = forms.ModelChoiceField(label=gettext_lazy("Faculty"), queryset=Faculty.objects.none(), required=False)
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department"), queryset=Department.objects.none(), required=False
    )
    program = forms.ModelChoiceField(
        label=gettext_lazy("Educational program"), queryset=EducationalProgram.objects.none(), required=False
    )
    funding = forms.ChoiceField(label=gettext_lazy("Funding"), required=False)
    study_form = forms.ChoiceField(label=gettext_lazy("Study form"), required=False)
    by = forms.ChoiceField(label=gettext_lazy("Breakdown by"), required=False)

    def __init__(self, *args: Any, user: AnyUser, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = Department.objects.with_people_for(user)
        self.choice_field("cohort").choices = [(year, str(year)) for year in years]
        faculty = cast("forms.ModelChoiceField[Faculty]", self.fields["faculty"])
        faculty.queryset = Faculty.objects.filter(departments__in=departments).distinct().order_by("code")
        department = cast("forms.ModelChoiceField[Department]", self.fields["department"])
        department.queryset = departments.order_by("code")
        program = cast("forms.ModelChoiceField[EducationalProgram]", self.fields["program"])
        program.queryset = EducationalProgram.objects.with_people_for(user).order_by("code")
        self.choice_field("funding").choices = [("", _("all")), *Funding.choices]
        self.choice_field("study_form").choices = [("", _("all")), *StudyForm.choices]
        self.choice_field("by").choices = list(analytics.DIMENSIONS.items())
        for field in (faculty, department, program):
            field.empty_label = _("all")
        style_fields(self, small=True)

    def choice_field(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

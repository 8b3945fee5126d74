"""Forms of the studentbody app: an order's heading, one student's item, the contingent's date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, DateInput, ScopedModelForm
from mansap.core.access import institution_for
from mansap.core.choices import Funding, StudyForm, StudyLanguage
from mansap.core.models import EducationalProgram, Student
from mansap.studentbody.choices import ALL_GROUNDS
from mansap.studentbody.models import Order


class OrderForm(ScopedModelForm):
    class Meta:
        model = Order
        fields = ["number", "date", "type", "signatory", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class OrderItemForm(BootstrapForm):
    """One student of a draft order, found by IIN among the order's university's students."""

    iin = forms.CharField(label=_("Student's IIN"), max_length=12)
    effective_date = forms.DateField(label=_("Effective date"), widget=DateInput())
    ground = forms.ChoiceField(label=_("Ground"), choices=[("", "—"), *ALL_GROUNDS], required=False,
                               help_text=_("For an expulsion or an academic leave."))  # fmt: skip
    program = forms.ModelChoiceField(label=_("New program"), queryset=EducationalProgram.objects.none(),
                                     required=False, help_text=_("For an enrolment or a transfer."))  # fmt: skip
    study_form = forms.ChoiceField(label=_("New study form"), choices=[("", "—"), *StudyForm.choices], required=False)
    study_language = forms.ChoiceField(
        label=_("New language of instruction"), choices=[("", "—"), *StudyLanguage.choices], required=False
    )
    funding = forms.ChoiceField(label=_("New funding"), choices=[("", "—"), *Funding.choices], required=False)
    year_of_study = forms.IntegerField(label=_("Year of study"), min_value=1, max_value=7, required=False)
    leave_end_date = forms.DateField(label=_("Leave ends"), widget=DateInput(), required=False)
    new_last_name = forms.CharField(label=_("New last name"), max_length=100, required=False)
    new_first_name = forms.CharField(label=_("New first name"), max_length=100, required=False)
    new_middle_name = forms.CharField(label=_("New middle name"), max_length=100, required=False)

    def __init__(self, *args: Any, order: Order, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order = order
        self.fields["program"].queryset = EducationalProgram.objects.filter(  # type: ignore[attr-defined]
            department__faculty__institution=order.institution_id
        ).order_by("code")
        if not self.is_bound:
            self.initial.setdefault("effective_date", order.date)

    def clean_iin(self) -> Student:
        iin = "".join(self.cleaned_data["iin"].split())
        student = Student.objects.filter(institution=self.order.institution_id, iin=iin).first()
        if student is None:
            raise forms.ValidationError(_("No student of the university has the IIN {iin}.").format(iin=iin))
        return student

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["student"] = data.pop("iin")
        return {k: v for k, v in data.items() if v not in (None, "") or k == "student"}


class ContingentForm(BootstrapForm):
    as_of = forms.DateField(label=_("On the date"), widget=DateInput(), required=False)

    def day(self) -> dt.date:
        if self.is_valid() and self.cleaned_data.get("as_of"):
            return self.cleaned_data["as_of"]
        return timezone.localdate()


def user_institution(user: Any) -> Any:
    return institution_for(user)

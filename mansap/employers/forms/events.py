"""Forms of the career events: the event itself, a company's registration, and the invitation of audiences."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, ScopedModelForm
from mansap.core.models import Department, EducationalProgram
from mansap.employers.forms.organizations import limit_department, own_institution
from mansap.employers.models import CareerEvent, Organization


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class CareerEventForm(ScopedModelForm):
    class Meta:
        model = CareerEvent
        fields = [
            "kind", "title_kk", "title_ru", "title_en", "description", "starts_at", "ends_at", "location",
            "online_url", "department", "organizations", "capacity", "registration_open", "is_public",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "organizations": forms.SelectMultiple(attrs={"size": 6}),
        }

    fieldsets = (
        (_("Event"), ("kind", "title_kk", "title_ru", "title_en", "description")),
        (_("Time and place"), ("starts_at", "ends_at", "location", "online_url")),
        (_("Organizers and participants"), ("department", "organizations")),
        (_("Registration"), ("capacity", "registration_open", "is_public")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own_institution(self)
        limit_department(self)  # a department's editors organize their own department's events only
        organizations = self.fields["organizations"]
        assert isinstance(organizations, forms.ModelMultipleChoiceField)
        organizations.queryset = Organization.objects.filter(institution_id=self.instance.institution_id).order_by(
            "name_ru"
        )


class OrganizationRegistrationForm(BootstrapForm):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.none())
    booth_number = forms.CharField(
        label=_("Booth number"), max_length=16, required=False, help_text=_("Unique within the event.")
    )

    def __init__(self, *args: Any, event: CareerEvent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(institution_id=event.institution_id).order_by("name_ru")


class InvitationForm(BootstrapForm):
    programs = forms.ModelMultipleChoiceField(
        label=_("Students of the programs"), queryset=EducationalProgram.objects.none(), required=False
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Students of the departments"), queryset=Department.objects.none(), required=False
    )
    graduation_year = forms.IntegerField(
        label=_("Graduates of the year"), required=False, min_value=1990, max_value=2100
    )
    organizations = forms.ModelMultipleChoiceField(
        label=_("Contacts of the organizations"), queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args: Any, event: CareerEvent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institution = event.institution_id
        self.fields["programs"].queryset = EducationalProgram.objects.filter(  # type: ignore[attr-defined]
            department__faculty__institution_id=institution
        ).order_by("code")
        self.fields["departments"].queryset = Department.objects.filter(  # type: ignore[attr-defined]
            faculty__institution_id=institution
        ).order_by("code")
        self.fields["organizations"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            institution_id=institution
        ).order_by("name_ru")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (
            data.get("programs") or data.get("departments") or data.get("graduation_year") or data.get("organizations")
        ):
            raise ValidationError(_("Choose at least one audience."))
        return data

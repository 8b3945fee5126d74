"""Forms of the journal and the graduate page; choices limited to what the acting user may use."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import DateInput, PrivateFileInput, ScopedModelForm, style_fields
from mansap.common.uploads import validate_evidence
from mansap.core.access import VIEW
from mansap.employers.models import Organization
from mansap.graduates.choices import Channel, EmploymentStatus
from mansap.graduates.models import AssistanceAction, ContactAttempt, EmploymentRecord, GrantObligation
from mansap.graduates.services import records as services

if TYPE_CHECKING:
    from mansap.core.access import AnyUser


def _organizations(user: AnyUser | None) -> QuerySet[Organization]:
    if user is None:
        return Organization.objects.none()
    return Organization.objects.for_user(user, VIEW).order_by("name_ru")


def limit_organizations(form: forms.BaseForm, name: str, user: AnyUser | None) -> None:
    """Offer only the organizations the user may see in the form's organization field `name`."""
    cast("forms.ModelChoiceField[Organization]", form.fields[name]).queryset = _organizations(user)


class EmploymentRecordForm(ScopedModelForm):
    """A new period of a graduate's career history; the view hands it to services.record_employment."""

    fieldsets = [
        (_("Situation"), ["status", "started_on", "ended_on", "channel"]),
        (_("Employer"), ["organization", "employer_name", "employer_bin", "position", "region", "sector", "salary"]),
        (_("Supporting document"), ["evidence", "note"]),
    ]

    class Meta:
        model = EmploymentRecord
        fields = [
            "status",
            "started_on",
            "ended_on",
            "channel",
            "organization",
            "employer_name",
            "employer_bin",
            "position",
            "region",
            "sector",
            "salary",
            "evidence",
            "note",
        ]
        widgets = {
            "evidence": PrivateFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/*"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"employer_name": _("Employer's name")}
        help_texts = {
            "organization": _("Pick a registered organization, or type the employer's name below."),
            "employer_bin": _("When the BIN matches a registered organization, the record is linked to it."),
            "salary": _("Only for employed graduates."),
            "ended_on": _("Leave empty for the current situation; fill in for a past period."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_organizations(self, "organization", self.user)
        if not self.is_bound and not self.initial.get("started_on"):
            self.initial["started_on"] = timezone.localdate()

    def clean_evidence(self) -> Any:
        upload = self.cleaned_data.get("evidence")
        if upload and hasattr(upload, "content_type"):  # a new upload (not the stored file)
            validate_evidence(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        # The model's clean() checks dates and that a salary goes with an employed status.
        employer_bin = cleaned.get("employer_bin")
        if employer_bin and not cleaned.get("organization") and self.instance.graduate_id:
            found = services.match_organization(self.instance.graduate.institution_id, employer_bin)
            if found is not None:
                cleaned["organization"] = found
                self.instance.organization = found
        return cleaned

    def record_fields(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments of services.record_employment.

        A file input cleared without a stored file (False) is no file: None.
        """
        fields = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        fields["evidence"] = fields["evidence"] or None
        return fields


class JournalStatusForm(forms.Form):
    """The journal row's compact form: status, since when, and how it was learned."""

    status = forms.ChoiceField(label=_("Status"), choices=[("", _("— new status —")), *EmploymentStatus.choices])
    started_on = forms.DateField(label=_("Since"), widget=DateInput())
    channel = forms.ChoiceField(label=_("Source"), choices=Channel.choices, initial=Channel.TELEPHONE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", False)  # one form per row: no duplicate element ids
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)
        if not self.is_bound:
            self.initial.setdefault("started_on", timezone.localdate())
        widths = {"status": "100%", "started_on": "8.75rem", "channel": "7.5rem"}
        for name, field in self.fields.items():
            field.widget.attrs["aria-label"] = str(field.label)
            field.widget.attrs["title"] = str(field.label)
            field.widget.attrs["style"] = f"width: {widths[name]}"


class ContactAttemptForm(ScopedModelForm):
    class Meta:
        model = ContactAttempt
        fields = ["contacted_on", "channel", "outcome", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("contacted_on", timezone.localdate())


class AssistanceActionForm(ScopedModelForm):
    class Meta:
        model = AssistanceAction
        fields = ["happened_on", "kind", "organization", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_organizations(self, "organization", self.user)
        if not self.is_bound:
            self.initial.setdefault("happened_on", timezone.localdate())


class GrantObligationForm(ScopedModelForm):
    fieldsets = [
        (_("Referral"), ["referral_organization", "referral_place", "referral_date", "arrival_confirmed_on"]),
        (_("Obligation"), ["status", "status_since", "ends_on", "note"]),
    ]

    class Meta:
        model = GrantObligation
        fields = [
            "referral_organization",
            "referral_place",
            "referral_date",
            "arrival_confirmed_on",
            "status",
            "status_since",
            "ends_on",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_organizations(self, "referral_organization", self.user)

    def obligation_fields(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments of services.save_obligation (every field: all change)."""
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}

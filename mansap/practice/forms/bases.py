"""Forms of practice bases, their vetting and contracts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, DateInput, PrivateFileInput, ScopedModelForm
from mansap.common.identifiers import validate_bin
from mansap.core.access import VIEW, institution_for
from mansap.core.models import Student
from mansap.employers.models import Organization
from mansap.practice.choices import VettingDecision
from mansap.practice.forms.plan import _limit_department, _programs
from mansap.practice.models import (
    BaseVetting,
    ContractAnnex,
    Practice,
    PracticeBase,
    PracticeContract,
)


# ---- Bases ----------------------------------------------------------------------------------------------------
class PracticeBaseForm(ScopedModelForm):
    """A base: an organization of the employers registry, or a new one created here (BIN checked)."""

    new_name_ru = forms.CharField(label=_("New organization: name (Russian)"), required=False, max_length=255)
    new_name_kk = forms.CharField(label=_("New organization: name (Kazakh)"), required=False, max_length=255)
    new_name_en = forms.CharField(label=_("New organization: name (English)"), required=False, max_length=255)
    new_bin = forms.CharField(
        label=_("New organization: BIN"),
        required=False,
        max_length=12,
        help_text=_("12 digits; the check digit is verified."),
    )

    class Meta:
        model = PracticeBase
        fields = [
            "organization",
            "department",
            "programs",
            "statutory_activity",
            "source",
            "proposed_by",
            "capacity",
            "address",
            "note",
        ]
        widgets = {"statutory_activity": forms.Textarea(attrs={"rows": 3}), "note": forms.Textarea(attrs={"rows": 2})}

    fieldsets = (
        (_("Organization"), ("organization", "new_name_ru", "new_name_kk", "new_name_en", "new_bin")),
        (
            _("Practice base"),
            ("department", "programs", "statutory_activity", "source", "proposed_by", "capacity", "address", "note"),
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institution = institution_for(self.user)
        if self.instance.institution_id is None and institution is not None:
            self.instance.institution = institution
        organization = self.fields["organization"]
        assert isinstance(organization, forms.ModelChoiceField)
        organization.queryset = Organization.objects.for_user(self.user, VIEW).order_by("name_ru")
        organization.required = False
        organization.help_text = _("Choose from the employers registry, or fill in a new organization below.")
        _limit_department(self)
        self.fields["programs"].queryset = _programs(self.user).filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["programs"].widget.attrs["size"] = 8
        proposed_by = self.fields["proposed_by"]
        assert isinstance(proposed_by, forms.ModelChoiceField)
        proposed_by.queryset = Student.objects.for_user(self.user, VIEW).order_by("last_name", "first_name")

    def clean_new_bin(self) -> str:
        value = (self.cleaned_data.get("new_bin") or "").strip()
        if value:
            validate_bin(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        new_name = (data.get("new_name_ru") or "").strip()
        if data.get("organization") is None and not new_name:
            self.add_error("organization", _("Choose an organization or give the name of a new one."))
        elif data.get("organization") is None:
            institution = self.instance.institution if self.instance.institution_id else None
            bin_value = data.get("new_bin") or ""
            if bin_value and Organization.objects.filter(institution=institution, bin=bin_value).exists():
                self.add_error("new_bin", _("An organization with this BIN is already in the registry: choose it."))
        return data

    def organization_to_create(self) -> Organization | None:
        data = self.cleaned_data
        if data.get("organization") is not None:
            return None
        name_ru = data["new_name_ru"].strip()
        return Organization(
            institution=self.instance.institution,
            name_ru=name_ru,
            name_kk=(data.get("new_name_kk") or "").strip() or name_ru,
            name_en=(data.get("new_name_en") or "").strip() or name_ru,
            bin=data.get("new_bin") or "",
        )


class VettingForm(ScopedModelForm):
    class Meta:
        model = BaseVetting
        fields = [
            "checked_on",
            "activity_ok",
            "activity_note",
            "staff_ok",
            "staff_note",
            "equipment_ok",
            "equipment_note",
            "safety_ok",
            "safety_note",
            "reputation_ok",
            "reputation_note",
            "legal_review",
            "evidence_file",
            "decision",
        ]
        widgets = {
            "checked_on": DateInput(),
            **{f"{c}_note": forms.Textarea(attrs={"rows": 2}) for c in BaseVetting.CRITERIA},
        }

    fieldsets = (
        (_("Checklist"), tuple(n for c in BaseVetting.CRITERIA for n in (f"{c}_ok", f"{c}_note"))),
        (_("Decision"), ("checked_on", "legal_review", "evidence_file", "decision")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision = self.fields["decision"]
        assert isinstance(decision, forms.ChoiceField)
        decision.choices = [("", "---------"), *VettingDecision.choices]


class ReasonForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


# ---- Contracts ------------------------------------------------------------------------------------------------
class PracticeContractForm(ScopedModelForm):
    class Meta:
        model = PracticeContract
        fields = [
            "base",
            "department",
            "kind",
            "number",
            "signed_on",
            "valid_from",
            "valid_until",
            "custodian",
            "scan",
            "note",
        ]
        widgets = {
            "signed_on": DateInput(),
            "valid_from": DateInput(),
            "valid_until": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
            "scan": PrivateFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["base"].queryset = (  # type: ignore[attr-defined]
            PracticeBase.objects.for_user(self.user, VIEW)
            .select_related("organization")
            .order_by("organization__name_ru")
        )
        _limit_department(self)


class AnnexForm(ScopedModelForm):
    class Meta:
        model = ContractAnnex
        fields = ["practice", "number", "signed_on", "student_count", "scan"]
        widgets = {"signed_on": DateInput()}

    def __init__(self, *args: Any, contract: PracticeContract | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if contract is not None:
            self.instance.contract = contract
            self.fields["practice"].queryset = (  # type: ignore[attr-defined]
                Practice.objects.for_user(self.user, VIEW)
                .filter(program__in=contract.base.programs.all())
                .select_related("program")
            )

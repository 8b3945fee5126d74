"""Forms of the regulations app: a document, a version, an agreement, a transition, a review."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, DateInput, OneLanguageRequiredMixin, ScopedModelForm
from mansap.core.access import VIEW, institution_for, scoped
from mansap.core.models import Department, Faculty, User
from mansap.regulations.choices import TRANSITIONS, VersionStatus
from mansap.regulations.models import ChangeRecord, Document, DocumentVersion, Review


class DocumentForm(OneLanguageRequiredMixin, ScopedModelForm):
    translated_fields = ("title",)

    class Meta:
        model = Document
        fields = [
            "code", "aliases", "type", "title_kk", "title_ru", "title_en", "faculty", "department", "unit_name_kk",
            "unit_name_ru", "unit_name_en",
            "owner", "classification", "edms_number", "review_interval_years", "replaces",
        ]  # fmt: skip
        widgets = {"aliases": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institution = institution_for(self.user)
        fields: dict[str, Any] = self.fields
        fields["faculty"].queryset = Faculty.objects.filter(institution=institution).order_by("code")
        fields["department"].queryset = Department.objects.filter(faculty__institution=institution).order_by("code")
        fields["owner"].queryset = (
            User.objects.filter(memberships__institution=institution, is_active=True)
            .distinct()
            .order_by("last_name", "first_name")
        )
        others = scoped(Document).for_user(self.user, VIEW).order_by("code")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        fields["replaces"].queryset = others
        fields["replaces"].help_text = _("Empty: introduced for the first time.")

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class VersionForm(ScopedModelForm):
    class Meta:
        model = DocumentVersion
        fields = [
            "major", "minor", "approved_by_position", "approved_by_name", "approval_body", "protocol_number",
            "approved_on", "approved_year", "effective_on", "change_permit", "note", "file_kk", "file_ru", "file_en",
        ]  # fmt: skip
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def values(self) -> dict[str, Any]:
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        for code in ("kk", "ru", "en"):
            # An untouched file field keeps the stored file; a cleared one ("False") removes it.
            if values[f"file_{code}"] is None:
                values.pop(f"file_{code}")
            elif values[f"file_{code}"] is False:
                values[f"file_{code}"] = ""
        return values


class AgreementForm(BootstrapForm):
    position = forms.CharField(label=_("Position"), max_length=200)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    agreed_on = forms.DateField(label=_("Date"), widget=DateInput(), required=False)


class TransitionForm(BootstrapForm):
    target = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(
        label=_("Date"), widget=DateInput(), required=False,
        help_text=_("In force: the effective date (empty: the recorded one). Superseded or cancelled: from when."),
    )  # fmt: skip

    def __init__(self, *args: Any, version: DocumentVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        target: Any = self.fields["target"]
        target.choices = [(code, VersionStatus(code).label) for code in TRANSITIONS.get(version.status, ())]


class ReviewForm(ScopedModelForm):
    class Meta:
        model = Review
        fields = ["reviewed_on", "reviewer", "result", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class AssignmentForm(BootstrapForm):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False)
    days_to_acknowledge = forms.IntegerField(
        label=_("Days to acknowledge"), min_value=1, max_value=365, initial=14, required=False,
        help_text=_("Counted from the assignment or from the effective date of the version in force, "
                    "whichever is later."),
    )  # fmt: skip

    def __init__(self, *args: Any, document: Document, **kwargs: Any) -> None:
        from mansap.core.choices import Role

        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["department"].queryset = Department.objects.filter(
            faculty__institution_id=document.institution_id
        ).order_by("code")
        fields["role"].choices = [("", "—"), *Role.choices]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if bool(cleaned.get("department")) == bool(cleaned.get("role")):
            raise forms.ValidationError(_("Choose either a department or a role."))
        return cleaned


class ChangeForm(ScopedModelForm):
    """A line of the change registration sheet (the number: empty for the next one)."""

    class Meta:
        model = ChangeRecord
        fields = [
            "number", "notice_number", "sheets_changed", "sheets_replaced", "sheets_new", "sheets_annulled",
            "total_sheets", "made_on", "made_by_name",
        ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        number: Any = self.fields["number"]
        number.required = False
        number.help_text = _("Empty: the next number.")

    def _post_clean(self) -> None:
        """The service checks the change (the number and the document are set there)."""


class CopyForm(BootstrapForm):
    department = forms.ModelChoiceField(
        label=_("Recipient department"), queryset=Department.objects.none(), required=False
    )
    recipient_name = forms.CharField(
        label=_("Recipient unit (text)"), max_length=200, required=False,
        help_text=_("When the recipient is not a department of the platform."),
    )  # fmt: skip
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput())
    number = forms.IntegerField(
        label=_("Copy No."), min_value=1, max_value=32767, required=False, help_text=_("Empty: the next number.")
    )

    def __init__(self, *args: Any, document: Document, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        department: Any = self.fields["department"]
        department.queryset = Department.objects.filter(faculty__institution_id=document.institution_id).order_by(
            "code"
        )


class WithdrawForm(BootstrapForm):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DateInput())

"""Forms of the employers app; choices are limited to what the acting user may use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import PrivateFileInput, ScopedModelForm
from mansap.core.access import VIEW, institution_for, is_institution_editor, scoped
from mansap.employers.models import JointUnit, Organization, PartnershipAgreement
from mansap.employers.services import organizations as services


class OrganizationForm(ScopedModelForm):
    class Meta:
        model = Organization
        fields = [
            "name_kk", "name_ru", "name_en", "short_name", "bin", "oked", "size", "region", "address",
            "website", "contact_person", "email", "phone",
        ]  # fmt: skip
        help_texts = {
            "bin": _("12 digits; the check digit is verified."),
            "phone": _("Any common form; saved as +7 7XX XXX XX XX."),
        }

    fieldsets = (
        (_("Names"), ("name_kk", "name_ru", "name_en", "short_name")),
        (_("Registration"), ("bin", "oked", "size", "region", "address")),
        (_("Contacts"), ("contact_person", "email", "phone", "website")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own_institution(self)


# The choices of the employers app's forms (agreements, joint units, vacancies, events).
def own_institution(form: ScopedModelForm) -> None:
    """A new object belongs to the acting user's institution."""
    if form.instance.institution_id is None and form.user is not None:
        institution = institution_for(form.user)
        if institution is not None:
            form.instance.institution = institution


def limit_organizations(form: ScopedModelForm) -> None:
    """The organization is one the user may see."""
    form.fields["organization"].queryset = (  # type: ignore[attr-defined]
        scoped(Organization).for_user(form.user, VIEW).order_by("name_ru")
    )


def limit_department(form: ScopedModelForm) -> None:
    """Department editors and deans choose among their departments, and must choose one."""
    field = form.fields["department"]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = services.writable_departments(form.user)
    if not is_institution_editor(form.user):
        field.required = True
        field.empty_label = None


class PartnershipAgreementForm(ScopedModelForm):
    class Meta:
        model = PartnershipAgreement
        fields = [
            "organization", "kind", "number", "signed_on", "valid_from", "valid_until", "department", "scan", "note",
        ]  # fmt: skip
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "scan": PrivateFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_organizations(self)
        limit_department(self)


class JointUnitForm(ScopedModelForm):
    class Meta:
        model = JointUnit
        fields = ["kind", "name_kk", "name_ru", "name_en", "department", "organization", "agreement", "opened_on",
                  "closed_on"]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_organizations(self)
        self.fields["agreement"].queryset = (  # type: ignore[attr-defined]
            scoped(PartnershipAgreement)
            .for_user(self.user, VIEW)
            .select_related("organization")
            .order_by("-valid_from")
        )
        self.fields["agreement"].label_from_instance = lambda a: f"{a.organization} · {a}"  # type: ignore[attr-defined]
        limit_department(self)


class MergeSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or BIN"), required=False)

"""Forms of the journal and the graduate page; choices limited to what the acting user may use."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import (
    BootstrapForm,
    DateInput,
    PrivateFileInput,
    PythonSelect,
    ScopedModelForm,
    style_fields,
)
from mansap.common.uploads import validate_evidence
from mansap.core.access import VIEW
from mansap.employers.models import Organization
from mansap.graduates.choices import WITH_EMPLOYER, Channel, EmploymentStatus, manual_channel_choices
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


def manual_channels_only(form: forms.BaseForm) -> None:
    """A person never picks "official extract" (#20): only accepting a discrepancy task records it."""
    field = form.fields["channel"]
    assert isinstance(field, forms.ChoiceField)
    field.choices = manual_channel_choices()


class EmploymentRecordForm(ScopedModelForm):
    """A new period of a graduate's career history; the view hands it to services.record_employment."""

    fieldsets = [
        (_("Situation"), ["status", "started_on", "ended_on", "channel", "study_level"]),
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
            "study_level",
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
        manual_channels_only(self)
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


# The employer's option text in the journal: "name · BIN" (employer_options.html); a BIN at the end is read back.
TRAILING_BIN = re.compile(r"(?:^|[\s·,(])(\d{12})\)?\s*$")
EMPLOYER_OPTIONS_LIMIT = 10
NAME_FIELDS = ("name_kk", "name_ru", "name_en", "short_name")


def organizations_matching(user: AnyUser, text: str) -> QuerySet[Organization]:
    """The organizations the user may see whose name, short name or BIN contains each word of the text."""
    found = _organizations(user)
    for word in text.split():
        # SQLite folds the case of ASCII letters only: try the usual spellings of a Cyrillic word too.
        spellings = {word, word.lower(), word.capitalize(), word.upper()}
        matches = Q(bin__contains=word)
        for spelling in spellings:
            for field in NAME_FIELDS:
                matches |= Q(**{f"{field}__icontains": spelling})
        found = found.filter(matches)
    return found


def resolve_employer(user: AnyUser, text: str) -> dict[str, Any]:
    """What the journal's employer box names: a registered organization, else a name (and BIN) as typed.

    A BIN (12 digits, alone or after the name, as the suggestions write it) picks the registered
    organization with that BIN; else a name equal to one registered organization's name or short name
    (in any language, any case) picks it; anything else is an unregistered employer's name.
    """
    text = " ".join(text.split())
    fields: dict[str, Any] = {"organization": None, "employer_name": "", "employer_bin": ""}
    if not text:
        return fields
    match = TRAILING_BIN.search(text)
    name = text
    if match:
        fields["employer_bin"] = match.group(1)
        name = text[: match.start(1)].rstrip(" ·,(").strip()
        organization = _organizations(user).filter(bin=match.group(1)).first()
    else:
        # Compared in Python: SQLite's case-insensitive match folds ASCII letters only, not Cyrillic.
        wanted = text.casefold()
        candidates = {
            pk
            for pk, *names in _organizations(user).values_list("pk", *NAME_FIELDS)
            if any(name and " ".join(name.split()).casefold() == wanted for name in names)
        }
        organization = _organizations(user).get(pk=candidates.pop()) if len(candidates) == 1 else None
    if organization is not None:
        fields.update(organization=organization, employer_name="", employer_bin=organization.bin)
    else:
        fields["employer_name"] = name
    return fields


class JournalStatusForm(forms.Form):
    """The journal row's compact form: status, since when, how it was learned, and the employer.

    The employer box takes a registered organization (suggested by name or BIN as one types) or the
    name of an unregistered one; `record_fields()` gives what services.record_employment needs.
    """

    status = forms.ChoiceField(label=_("Status"), choices=[("", _("— new status —")), *EmploymentStatus.choices])
    employer = forms.CharField(label=_("Employer"), required=False, max_length=255)
    started_on = forms.DateField(label=_("Since"), widget=DateInput())
    channel = forms.ChoiceField(label=_("Source"), choices=manual_channel_choices, initial=Channel.TELEPHONE)

    def __init__(self, *args: Any, user: AnyUser | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", False)  # one form per row: no duplicate element ids
        super().__init__(*args, **kwargs)
        self.user = user
        style_fields(self, small=True)
        if not self.is_bound:
            self.initial.setdefault("started_on", timezone.localdate())
        widths = {"status": "100%", "employer": "100%", "started_on": "8.75rem", "channel": "7.5rem"}
        for name, field in self.fields.items():
            field.widget.attrs["aria-label"] = str(field.label)
            field.widget.attrs["title"] = str(field.label)
            field.widget.attrs["style"] = f"width: {widths[name]}"
        employer = self.fields["employer"].widget.attrs
        employer["placeholder"] = _("Employer: name or BIN")
        employer["title"] = _("A registered organization (type its name or BIN and pick it), or another name")
        employer["list"] = "journal-employers"
        employer["autocomplete"] = "off"
        # As one types, htmx fills the page's one <datalist> with the matching registered organizations.
        employer["hx-get"] = reverse("graduates:employer_options")
        employer["hx-trigger"] = "input changed delay:250ms"
        employer["hx-target"] = "#journal-employers"
        employer["hx-swap"] = "innerHTML"
        employer["hx-sync"] = "this:replace"
        for name in ("status", "channel"):  # rendered in Python: the same markup as Django's select templates
            self.fields[name].widget.__class__ = PythonSelect

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text = cleaned.get("employer", "")
        if text and cleaned.get("status") and cleaned["status"] not in WITH_EMPLOYER:
            self.add_error("employer", _("An employer is recorded only with an employed status."))
        elif text and self.user is not None:
            cleaned.update(resolve_employer(self.user, text))
        return cleaned

    def record_fields(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments of services.record_employment."""
        names = ("status", "started_on", "channel", "organization", "employer_name", "employer_bin")
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}


class VoidRecordForm(BootstrapForm):
    """Why a record is voided (the record stays in the history, struck through, with this reason)."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Say what was wrong, e.g. “the start date was typed as 2026 instead of 2025”."),
    )


class CorrectRecordForm(EmploymentRecordForm):
    """A corrected record: the wrong one's values to change, and why (services.correct_record)."""

    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The wrong record is voided with this reason and stays in the history."),
    )
    fieldsets = [(_("Correction"), ["reason"]), *EmploymentRecordForm.fieldsets]


class SelfReportReviewForm(forms.Form):
    """Confirming a graduate's self-report needs nothing; rejecting it needs a reason (kept on the report)."""

    reason = forms.CharField(label=_("Reason for rejecting"), max_length=500, required=False)

    def __init__(self, *args: Any, reject: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", False)
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reject
        style_fields(self, small=True)


class ContactAttemptForm(ScopedModelForm):
    class Meta:
        model = ContactAttempt
        fields = ["contacted_on", "channel", "outcome", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manual_channels_only(self)
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

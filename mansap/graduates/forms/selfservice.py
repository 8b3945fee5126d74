"""Forms a graduate fills on their self-service link, and the form that sends the links."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, DateInput, style_fields
from mansap.common.phones import normalize_phone
from mansap.graduates.choices import EMPLOYED, WITH_EMPLOYER, EmploymentStatus
from mansap.graduates.forms.rounds import LANGUAGE_CHOICES, OWN_LANGUAGE, capitalize_labels
from mansap.graduates.models import SelfReport


class IINCheckForm(forms.Form):
    iin_last4 = forms.CharField(
        label=gettext_lazy("The last 4 digits of your IIN"),
        min_length=4,
        max_length=4,
        error_messages={
            "required": gettext_lazy("Enter the last 4 digits of your IIN."),
            "min_length": gettext_lazy("Enter exactly 4 digits."),
            "max_length": gettext_lazy("Enter exactly 4 digits."),
        },
    )

    def clean_iin_last4(self) -> str:
        value = self.cleaned_data["iin_last4"].strip()
        if not (len(value) == 4 and value.isascii() and value.isdigit()):
            raise forms.ValidationError(_("Enter exactly 4 digits."), code="digits")
        return value


class SendLinksForm(BootstrapForm):
    language = forms.ChoiceField(
        label=_("language of the e-mail and the page"),
        choices=[(OWN_LANGUAGE, _("each graduate's own language")), *LANGUAGE_CHOICES],
        initial=OWN_LANGUAGE,
        help_text=_("Their own: the graduate's language of instruction; the page's language when it is not known."),
    )
    only_missing = forms.BooleanField(
        label=_("only graduates without an update this round"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        capitalize_labels(self)

    def chosen_language(self) -> str:
        """The language chosen for every graduate, or "" for each graduate's own one."""
        language = self.cleaned_data["language"]
        return "" if language == OWN_LANGUAGE else language


# The answer's fields, in the form's order: also the keyword arguments of services.selfservice.save_self_report.
SELF_REPORT_FIELDS = (
    "status",
    "employer_name",
    "employer_bin",
    "position",
    "region",
    "started_on",
    "salary",
    "email",
    "phone",
)


class SelfReportForm(forms.ModelForm):
    """What the graduate tells: their situation and how to reach them."""

    class Meta:
        model = SelfReport
        fields = list(SELF_REPORT_FIELDS)
        labels = {
            "status": _("What are you doing now?"),
            "employer_name": _("Employer (organization)"),
            "employer_bin": _("Employer's BIN (if you know it)"),
            "started_on": _("Since"),
            "salary": _("Monthly salary, KZT (optional)"),
            "email": _("Your e-mail"),
            "phone": _("Your phone"),
        }
        widgets = {"started_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = cast(forms.ChoiceField, self.fields["status"])
        status.choices = [c for c in EmploymentStatus.choices if c[0] != EmploymentStatus.UNKNOWN]
        self.fields["started_on"].required = True
        self.fields["employer_bin"].widget.attrs.update(inputmode="numeric", maxlength="12", autocomplete="off")
        self.fields["salary"].widget.attrs.update(inputmode="numeric")
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="tel", placeholder="+7 7XX XXX XX XX")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        style_fields(self)

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone", "")
        return normalize_phone(phone) if phone else ""

    def clean_started_on(self) -> dt.date | None:
        started = self.cleaned_data.get("started_on")
        if started and started > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return started

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        status = data.get("status")
        if status in WITH_EMPLOYER - {EmploymentStatus.OWN_BUSINESS} and not data.get("employer_name"):
            self.add_error("employer_name", _("Please name your employer."))
        if status and status not in EMPLOYED:
            for name in ("employer_name", "employer_bin", "position", "salary"):
                data[name] = None if name == "salary" else ""
        if not data.get("email") and not data.get("phone"):
            self.add_error("phone", _("Please leave a phone number or an e-mail so the department can reach you."))
        return data

    def report_fields(self) -> dict[str, Any]:
        """The answer as keyword arguments of services.selfservice.save_self_report (an empty text is "")."""
        fields = {name: self.cleaned_data.get(name) for name in SELF_REPORT_FIELDS}
        return {k: ("" if v is None and k not in ("salary", "started_on") else v) for k, v in fields.items()}

"""Forms of the rounds pages, form No. 10's mapping and the graduates' self-service page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, DateInput, style_fields
from mansap.common.phones import normalize_phone
from mansap.core.models import AcademicYear, Institution
from mansap.graduates.choices import EMPLOYED, WITH_EMPLOYER, EmploymentStatus
from mansap.graduates.form10 import field_choices
from mansap.graduates.models import Form10Column, SelfReport

LANGUAGE_CHOICES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
OWN_LANGUAGE = "own"  # each graduate's language of instruction (Student.preferred_language)


def capitalize_labels(form: forms.BaseForm) -> None:
    """Labels are model-style lower case (shared msgids); on a form they start with a capital."""
    for field in form.fields.values():
        field.label = capfirst(field.label)


class _YearMixin:
    fields: dict[str, Any]

    def limit_years(self, institution: Institution | None, current: AcademicYear | None) -> None:
        years = AcademicYear.objects.filter(institution=institution) if institution else AcademicYear.objects.none()
        self.fields["academic_year"].queryset = years.order_by("-start_year")
        if current is not None:
            self.fields["academic_year"].initial = current.pk
            self.fields["cohort"].initial = current.start_year


class CreateRoundsForm(_YearMixin, BootstrapForm):
    """The calendar's four rounds of an academic year, for one cohort."""

    academic_year = forms.ModelChoiceField(label=_("academic year"), queryset=AcademicYear.objects.none())
    cohort = forms.IntegerField(
        label=_("cohort (graduation year)"),
        min_value=1950,
        max_value=2100,
        help_text=_("Usually the year in which the academic year starts: the graduates of last June."),
    )

    def __init__(self, *args: Any, institution: Institution | None = None, current: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.limit_years(institution, current)
        capitalize_labels(self)


class ExtraRoundForm(_YearMixin, BootstrapForm):
    """A checkpoint outside the calendar (final year, at graduation, +3, +6 or +12 months)."""

    academic_year = forms.ModelChoiceField(label=_("academic year"), queryset=AcademicYear.objects.none())
    cohort = forms.IntegerField(label=_("cohort (graduation year)"), min_value=1950, max_value=2100)
    label = forms.CharField(
        label=_("checkpoint"),
        max_length=64,
        required=False,
        help_text=_('Shown with the round number, e.g. "at graduation" or "+6 months".'),
    )
    deadline = forms.DateField(label=_("collection deadline"), widget=DateInput())
    opens_on = forms.DateField(
        label=_("opens on"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty: the day after the cohort's previous deadline."),
    )
    platonus_deadline = forms.DateField(label=_("Platonus deadline"), widget=DateInput(), required=False)
    number = forms.IntegerField(
        label=_("round number"), min_value=1, max_value=99, required=False, help_text=_("Empty: the next free number.")
    )

    def __init__(self, *args: Any, institution: Institution | None = None, current: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.limit_years(institution, current)
        capitalize_labels(self)


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


class Form10ColumnForm(forms.ModelForm):
    field = forms.ChoiceField(label=_("value"), choices=())

    class Meta:
        model = Form10Column
        fields = ["field", "header_kk", "header_ru", "header_en"]

    def __init__(self, *args: Any, form_id: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [(key, capfirst(label)) for key, label in field_choices()]
        self.fields["field"].label = capfirst(self.fields["field"].label)
        style_fields(self, small=True)
        for field in self.fields.values():
            if form_id:  # the inputs sit in table cells, outside their row's <form>
                field.widget.attrs["form"] = form_id


class SelfReportForm(forms.ModelForm):
    """What the graduate tells: their situation and how to reach them."""

    class Meta:
        model = SelfReport
        fields = [
            "status",
            "employer_name",
            "employer_bin",
            "position",
            "region",
            "started_on",
            "salary",
            "email",
            "phone",
        ]
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
        status = self.fields["status"]
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
        data = super().clean()
        status = data.get("status")
        if status in WITH_EMPLOYER - {EmploymentStatus.OWN_BUSINESS} and not data.get("employer_name"):
            self.add_error("employer_name", _("Please name your employer."))
        if status and status not in EMPLOYED:
            for name in ("employer_name", "employer_bin", "position", "salary"):
                data[name] = None if name == "salary" else ""
        if not data.get("email") and not data.get("phone"):
            self.add_error("phone", _("Please leave a phone number or an e-mail so the department can reach you."))
        return data

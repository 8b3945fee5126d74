"""Forms of the rounds pages, form No. 10's mapping and the graduates' self-service page."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, DateInput, style_fields
from mansap.core.models import AcademicYear, Institution
from mansap.graduates.models import Form10Column, RoundRule
from mansap.graduates.reports.form10 import field_choices

LANGUAGE_CHOICES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]


OWN_LANGUAGE = "own"  # each graduate's language of instruction (Student.preferred_language)


def capitalize_labels(form: forms.BaseForm) -> None:
    """Labels are model-style lower case (shared msgids); on a form they start with a capital."""
    for field in form.fields.values():
        field.label = capfirst(field.label)


class _RoundsForm(BootstrapForm):
    """Rounds of an academic year of the institution (the current one preselected) for a cohort."""

    academic_year = forms.ModelChoiceField(label=_("academic year"), queryset=AcademicYear.objects.none())

    def __init__(
        self, *args: Any, institution: Institution | None = None, current: AcademicYear | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        years = AcademicYear.objects.filter(institution=institution) if institution else AcademicYear.objects.none()
        cast("forms.ModelChoiceField[AcademicYear]", self.fields["academic_year"]).queryset = years.order_by(
            "-start_year"
        )
        if current is not None:
            self.fields["academic_year"].initial = current.pk
            self.fields["cohort"].initial = current.start_year
        capitalize_labels(self)


class CreateRoundsForm(_RoundsForm):
    """The calendar's four rounds of an academic year, for one cohort."""

    cohort = forms.IntegerField(
        label=_("cohort (graduation year)"),
        min_value=1950,
        max_value=2100,
        help_text=_("Usually the year in which the academic year starts: the graduates of last June."),
    )


class ExtraRoundForm(_RoundsForm):
    """A checkpoint outside the calendar (final year, at graduation, +3, +6 or +12 months)."""

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


class Form10ColumnForm(forms.ModelForm):
    field = forms.ChoiceField(label=_("value"), choices=())

    class Meta:
        model = Form10Column
        fields = ["field", "header_kk", "header_ru", "header_en"]

    def __init__(self, *args: Any, form_id: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["field"]).choices = [
            (key, capfirst(label)) for key, label in field_choices()
        ]
        self.fields["field"].label = capfirst(self.fields["field"].label)
        style_fields(self, small=True)
        for field in self.fields.values():
            if form_id:  # the inputs sit in table cells, outside their row's <form>
                field.widget.attrs["form"] = form_id


class RoundRuleForm(forms.ModelForm):
    """One rule of the round calendar, in its row of the calendar table: months by name, days as numbers."""

    class Meta:
        model = RoundRule
        fields = ["collection_month", "collection_day", "platonus_month", "platonus_day"]

    def __init__(self, *args: Any, form_id: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        months = [(number, capfirst(name)) for number, name in MONTHS.items()]
        self.fields["collection_month"] = forms.TypedChoiceField(
            label=self.fields["collection_month"].label, choices=months, coerce=int
        )
        self.fields["platonus_month"] = forms.TypedChoiceField(
            label=self.fields["platonus_month"].label,
            choices=[("", _("no Platonus deadline")), *months],
            coerce=int,
            empty_value=None,
            required=False,
        )
        for name in ("collection_day", "platonus_day"):
            self.fields[name].widget.attrs.update(
                min=1, max=31, placeholder="—", title=_("Empty: the last day of the month.")
            )
        capitalize_labels(self)
        style_fields(self, small=True)
        for field in self.fields.values():
            if form_id:  # the inputs sit in table cells, outside their row's <form>
                field.widget.attrs["form"] = form_id

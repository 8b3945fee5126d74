"""Forms of the working-day calendar: an exception (a moved day off, a working Saturday) and the working hours."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, DateInput, ScopedModelForm
from mansap.servicedesk.models.calendar import CalendarException


class CalendarExceptionForm(ScopedModelForm):
    class Meta:
        model = CalendarException
        fields = ["date", "kind", "note_kk", "note_ru", "note_en"]
        widgets = {"date": DateInput()}
        help_texts = {"kind": _("An extra day off (a day off the government moved) or a working day (e.g. the "
                                "Saturday it was moved to).")}  # fmt: skip


class WorkingHoursForm(BootstrapForm):
    opens = forms.TimeField(label=_("Opens"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    closes = forms.TimeField(label=_("Closes"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

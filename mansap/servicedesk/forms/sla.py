"""The SLA figures page's filters: a period of months (from, to) and a service."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mansap.servicedesk.models import Service

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> dt.date | None:
    """The first day of a month written YYYY-MM (years 2000–2100), or None."""
    found = MONTH.match((text or "").strip())
    if not found:
        return None
    year, month = int(found[1]), int(found[2])
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)


def month_end(first: dt.date) -> dt.date:
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


class MonthField(forms.Field):
    widget = forms.TextInput(attrs={"type": "month", "class": "form-control"})

    def to_python(self, value: Any) -> dt.date | None:
        text = str(value or "").strip()[:20]
        if not text:
            return None
        first = parse_month(text)
        if first is None:
            raise ValidationError(_("Enter a month as YYYY-MM."), code="bad_month")
        return first


class SlaFilterForm(forms.Form):
    start = MonthField(label=_("From month"), required=False)
    end = MonthField(label=_("To month"), required=False)
    service = forms.ModelChoiceField(
        label=_("Service"), queryset=Service.objects.none(), required=False, empty_label=_("All services"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )  # fmt: skip

    def __init__(self, *args: Any, institution: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["service"]
        field.queryset = Service.objects.filter(institution=institution).order_by("position", "code")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        start = data.get("start") or dt.date(today.year, 1, 1)
        end = data.get("end") or dt.date(today.year, today.month, 1)
        if end < start:
            raise ValidationError({"end": _("The period ends before it starts.")}, code="bad_period")
        if (end.year - start.year) * 12 + end.month - start.month >= 36:
            raise ValidationError({"end": _("Choose a period of at most 36 months.")}, code="long_period")
        data["start"], data["end"] = start, end
        return data

    def period(self) -> tuple[dt.date, dt.date, Any]:
        """The period's first and last days and the service (the defaults when the filters are not valid)."""
        if self.is_valid():
            data = self.cleaned_data
            return data["start"], month_end(data["end"]), data.get("service")
        today = timezone.localdate()
        return dt.date(today.year, 1, 1), month_end(dt.date(today.year, today.month, 1)), None

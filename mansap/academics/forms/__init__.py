"""Forms of the academics app: a course of the catalogue and the grading scale."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mansap.academics.models import Course
from mansap.common.forms import BootstrapForm, ScopedModelForm, style_fields


class CourseForm(ScopedModelForm):
    class Meta:
        model = Course
        fields = ["code", "name_kk", "name_ru", "name_en", "credits", "cycle", "component", "department"]


class BandForm(BootstrapForm):
    letter = forms.CharField(label=_("Letter"), max_length=4)
    numeric = forms.DecimalField(label=_("Numeric equivalent"), min_value=0, max_value=4, decimal_places=2)
    min_percent = forms.IntegerField(label=_("From, %"), min_value=0, max_value=100)
    max_percent = forms.IntegerField(label=_("To, %"), min_value=0, max_value=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)


BandFormSet = forms.formset_factory(BandForm, extra=1, can_delete=True, max_num=30, validate_max=True)

"""Forms of the curricula pages: a model curriculum, its rows and elective groups, a copy, the credit range, an
individual curriculum's course and the advisor's return comment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mansap.academics.choices import MAX_YEAR_OF_STUDY, Component, Term
from mansap.academics.models import Course, CurriculumSettings, ElectiveGroup, ModelCurriculum
from mansap.common.forms import BootstrapForm, ScopedModelForm, style_fields
from mansap.core.access import CURRICULUM_EDITORS
from mansap.core.models import EducationalProgram


class ModelCurriculumForm(ScopedModelForm):
    class Meta:
        model = ModelCurriculum
        fields = ["program", "admission_year", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programs = EducationalProgram.objects.select_related("department").order_by("code")
        if self.user is not None:
            programs = programs.for_user_as(self.user, CURRICULUM_EDITORS)
        self.fields["program"].queryset = programs  # type: ignore[attr-defined]
        if self.instance.pk is not None:
            self.fields["program"].disabled = True


def _courses(institution_id: int) -> Any:
    return Course.objects.filter(institution_id=institution_id).order_by("code")


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name} ({obj.credits})"


class RowForm(BootstrapForm):
    course = CourseChoiceField(label=_("Course"), queryset=Course.objects.none())
    year_of_study = forms.IntegerField(label=_("Year of study"), min_value=1, max_value=MAX_YEAR_OF_STUDY)
    term = forms.ChoiceField(label=_("Term"), choices=Term.choices)
    component = forms.ChoiceField(label=_("Component"), choices=Component.choices)
    elective_group = forms.ModelChoiceField(
        label=_("Elective group"), queryset=ElectiveGroup.objects.none(), required=False
    )

    def __init__(self, *args: Any, curriculum: ModelCurriculum, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institution_id = curriculum.program.department.faculty.institution_id
        self.fields["course"].queryset = _courses(institution_id)  # type: ignore[attr-defined]
        self.fields["elective_group"].queryset = curriculum.elective_groups.all()  # type: ignore[attr-defined]


class ElectiveGroupForm(BootstrapForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    year_of_study = forms.IntegerField(label=_("Year of study"), min_value=1, max_value=MAX_YEAR_OF_STUDY)
    credits = forms.IntegerField(label=_("Credits to choose"), min_value=1, max_value=200)


class CopyCurriculumForm(BootstrapForm):
    admission_year = forms.IntegerField(label=_("Admission year of the copy"), min_value=1950, max_value=2100)


class CreditRangeForm(forms.ModelForm):
    class Meta:
        model = CurriculumSettings
        fields = ["min_credits", "max_credits"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class DrawUpForm(BootstrapForm):
    academic_year = forms.RegexField(
        label=_("Academic year"), regex=r"^\d{4}-\d{4}$", max_length=9,
        error_messages={"invalid": _("Write the academic year as 2025-2026.")},
    )  # fmt: skip

    def clean_academic_year(self) -> str:
        value: str = self.cleaned_data["academic_year"]
        if int(value[5:]) != int(value[:4]) + 1:
            raise forms.ValidationError(_("Write the academic year as 2025-2026."))
        return value


class ItemForm(BootstrapForm):
    course = CourseChoiceField(label=_("Course"), queryset=Course.objects.none())
    term = forms.ChoiceField(label=_("Term"), choices=Term.choices)

    def __init__(self, *args: Any, institution_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = _courses(institution_id)  # type: ignore[attr-defined]


class ReturnForm(BootstrapForm):
    comment = forms.CharField(label=_("What to change"), widget=forms.Textarea(attrs={"rows": 3}))

"""Forms of the practice plan; choices are limited to what the acting user may use,
and every rule lives in the services, which the views call."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, DateInput, ScopedModelForm
from mansap.core.access import CHANGE, VIEW, institution_for, is_career_center_editor
from mansap.core.models import AcademicYear, Department, EducationalProgram, Student
from mansap.practice.models import (
    Practice,
)

if TYPE_CHECKING:
    from mansap.core.access import AnyUser, MaybeUser


def _departments(user: AnyUser) -> QuerySet[Department]:
    """Departments the user may change (a base's, a contract's department)."""
    return Department.objects.with_people_for(user, CHANGE).select_related("faculty").order_by("code")


def _limit_department(form: ScopedModelForm, name: str = "department") -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = _departments(form.user)
    if not is_career_center_editor(form.user):
        field.empty_label = None


def _programs(user: AnyUser) -> QuerySet[EducationalProgram]:
    """Programs of the departments the user may see."""
    return (
        EducationalProgram.objects.filter(department__in=Department.objects.for_user(user, VIEW))
        .select_related("department")
        .order_by("code")
    )


# ---- Plan -----------------------------------------------------------------------------------------------------
class PracticeForm(ScopedModelForm):
    """The Career Center's form of a practice of the plan (the department follows the program)."""

    class Meta:
        model = Practice
        fields = [
            "academic_year",
            "program",
            "kind",
            "course",
            "credits",
            "course_code",
            "grade_term",
            "starts_on",
            "ends_on",
            "special_cycle_ends_on",
            "report_due_on",
            "programme_file",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "special_cycle_ends_on": DateInput(),
            "report_due_on": DateInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institution = institution_for(self.user)
        self.fields["academic_year"].queryset = AcademicYear.objects.filter(institution=institution)  # type: ignore[attr-defined]
        self.fields["program"].queryset = _programs(self.user).filter(is_active=True)  # type: ignore[attr-defined]
        if self.instance.institution_id is None and institution is not None:
            self.instance.institution = institution

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        program = data.get("program")
        if program is not None:
            self.instance.department = program.department
        return data


class PracticeDepartmentForm(ScopedModelForm):
    """What the graduating department keeps on a practice sent to it."""

    class Meta:
        model = Practice
        fields = ["special_cycle_ends_on", "students_with_cycle_debt", "report_due_on", "programme_file"]
        widgets = {"special_cycle_ends_on": DateInput(), "report_due_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["students_with_cycle_debt"]
        field.queryset = Student.objects.filter(  # type: ignore[attr-defined]
            Q(program_id=self.instance.program_id, course=self.instance.course)
            | Q(pk__in=self.instance.students_with_cycle_debt.all() if self.instance.pk else [])
        ).order_by("last_name", "first_name")
        field.widget.attrs["size"] = 12


class BuildPlanForm(BootstrapForm):
    academic_year = forms.ModelChoiceField(label=_("Academic year"), queryset=AcademicYear.objects.none())

    def __init__(self, *args: Any, user: MaybeUser = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institution = institution_for(user)
        self.fields["academic_year"].queryset = AcademicYear.objects.filter(institution=institution)  # type: ignore[attr-defined]

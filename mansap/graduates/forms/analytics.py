"""The filter form of the employment analytics page."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mansap.common.forms import DateInput, PythonSelect, style_fields
from mansap.core.choices import Funding, StudyForm
from mansap.core.models import Department, EducationalProgram, Faculty
from mansap.core.models.base import translated
from mansap.graduates.reports import analytics

if TYPE_CHECKING:
    from mansap.core.access import AnyUser

_NAMES = ("name_kk", "name_ru", "name_en")


class _Row:
    """A faculty, department or program read with values(): what translated() reads a name from."""

    def __init__(self, values: dict[str, Any], prefix: str) -> None:
        for name in _NAMES:
            setattr(self, name, values[f"{prefix}{name}"])


def structure_choices(user: AnyUser) -> tuple[list[tuple[int, str]], list[tuple[int, str]], list[tuple[int, str]]]:
    """The faculty, department and program options (pk, label) of the user's scope, each by code, from ONE query.

    The departments whose people the user may see (Department.with_people_for), their faculties and their programs:
    a program's scope is its department's (EducationalProgram.with_people_for goes through the same department), so
    the departments LEFT JOINed with their programs give all three. The labels are the models' own __str__ (the
    name in the active language; a program's code and name), without building an instance per row.
    """
    columns = [
        "pk",
        "code",
        *_NAMES,
        "faculty_id",
        "faculty__code",
        *(f"faculty__{name}" for name in _NAMES),
        "programs__pk",
        "programs__code",
        *(f"programs__{name}" for name in _NAMES),
    ]
    faculties: dict[int, tuple[str, str]] = {}
    departments: dict[int, tuple[str, str]] = {}
    programs: dict[int, tuple[str, str]] = {}
    for row in Department.objects.with_people_for(user).order_by().values(*columns):
        faculties.setdefault(row["faculty_id"], (row["faculty__code"], translated(_Row(row, "faculty__"), "name")))
        departments.setdefault(row["pk"], (row["code"], translated(_Row(row, ""), "name")))
        if row["programs__pk"] is not None:
            name = translated(_Row(row, "programs__"), "name")
            programs[row["programs__pk"]] = (row["programs__code"], f"{row['programs__code']} {name}")

    def options(found: dict[int, tuple[str, str]]) -> list[tuple[int, str]]:
        return [(pk, label) for pk, (_code, label) in sorted(found.items(), key=lambda item: (item[1][0], item[0]))]

    return options(faculties), options(departments), options(programs)


def _with_every(read: Callable[[], tuple[list[tuple[int, str]], ...]], index: int, every: str) -> list[Any]:
    return [("", every), *read()[index]]


class AnalyticsFilterForm(forms.Form):
    """The slice of graduates: cohort, as-of date, structure, funding, study form; and the breakdown dimension.

    The faculty, department and program are still ModelChoiceFields over the user's scope (a value given is read
    from it, one the user may not see is refused), but their options come from structure_choices(): one query of
    values for the three, rendered without model instances (PythonSelect, the same markup as Django's templates).
    """

    cohort = forms.TypedChoiceField(label=gettext_lazy("Cohort"), coerce=int, required=False)
    as_of = forms.DateField(label=gettext_lazy("As of"), required=False, widget=DateInput())
    faculty = forms.ModelChoiceField(label=gettext_lazy("Faculty"), queryset=Faculty.objects.none(), required=False)
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department"), queryset=Department.objects.none(), required=False
    )
    program = forms.ModelChoiceField(
        label=gettext_lazy("Educational program"), queryset=EducationalProgram.objects.none(), required=False
    )
    funding = forms.ChoiceField(label=gettext_lazy("Funding"), required=False)
    study_form = forms.ChoiceField(label=gettext_lazy("Study form"), required=False)
    by = forms.ChoiceField(label=gettext_lazy("Breakdown by"), required=False)

    def __init__(self, *args: Any, user: AnyUser, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = Department.objects.with_people_for(user)
        self.choice_field("cohort").choices = [(year, str(year)) for year in years]
        faculty = cast("forms.ModelChoiceField[Faculty]", self.fields["faculty"])
        faculty.queryset = Faculty.objects.filter(departments__in=departments).distinct().order_by("code")
        department = cast("forms.ModelChoiceField[Department]", self.fields["department"])
        department.queryset = departments.order_by("code")
        program = cast("forms.ModelChoiceField[EducationalProgram]", self.fields["program"])
        program.queryset = EducationalProgram.objects.with_people_for(user).order_by("code")
        self.choice_field("funding").choices = [("", _("all")), *Funding.choices]
        self.choice_field("study_form").choices = [("", _("all")), *StudyForm.choices]
        self.choice_field("by").choices = list(analytics.DIMENSIONS.items())
        every = _("all")
        read = functools.cache(lambda: structure_choices(user))  # when the form is rendered, once for the three
        structure: list[forms.ModelChoiceField[Any]] = [faculty, department, program]
        for index, field in enumerate(structure):
            field.empty_label = every
            # The options only (a callable: read when rendered, not by the views that only read the selection);
            # the field still reads a value given from its queryset (lazy: no query without one).
            field.widget.choices = functools.partial(_with_every, read, index, every)
        style_fields(self, small=True)
        for widget in (each.widget for each in self.fields.values()):
            if type(widget) is forms.Select:  # the instance's own copy: only its rendering changes
                widget.__class__ = PythonSelect

    def choice_field(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

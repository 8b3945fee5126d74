"""Forms of placements, wishes, the order and the company package."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, DateInput, ScopedModelForm
from mansap.common.params import parse_id
from mansap.core.access import CHANGE, VIEW
from mansap.core.models import Employee, Student
from mansap.practice.choices import BaseStatus, PlacementStatus
from mansap.practice.models import (
    Placement,
    Practice,
    PracticeBase,
)
from mansap.practice.services import placements as placement_services

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser


# ---- Placements -----------------------------------------------------------------------------------------------
class PlacementForm(ScopedModelForm):
    """A manual placement; the service checks every hard rule (errors come back on the fields)."""

    class Meta:
        model = Placement
        fields = ["practice", "student", "base", *placement_services.PLACEMENT_FIELDS]
        widgets = {"supervisor_exception": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        practices = Practice.objects.for_user(self.user, CHANGE).select_related("program").order_by("-starts_on")
        self.fields["practice"].queryset = practices  # type: ignore[attr-defined]
        practice = self._practice()
        students = Student.objects.for_user(self.user, VIEW)
        bases = PracticeBase.objects.for_user(self.user, VIEW).filter(status=BaseStatus.APPROVED)
        employees = Employee.objects.for_user(self.user, VIEW).filter(is_active=True)
        if practice is not None:
            students = students.filter(program_id=practice.program_id)
            bases = bases.filter(programs=practice.program_id)
            employees = employees.filter(department_id=practice.department_id)
        if self.instance.pk:
            students = Student.objects.filter(pk=self.instance.student_id)
            self.fields["practice"].disabled = True
            self.fields["student"].disabled = True
            bases = bases | PracticeBase.objects.filter(pk=self.instance.base_id)
        self.fields["student"].queryset = students.order_by("last_name", "first_name")  # type: ignore[attr-defined]
        self.fields["base"].queryset = bases.select_related("organization").distinct().order_by("organization__name_ru")  # type: ignore[attr-defined]
        self.fields["base"].help_text = _("Only approved bases can receive students.")
        self.fields["supervisor"].queryset = employees.order_by("last_name", "first_name")  # type: ignore[attr-defined]
        self.fields["supervisor"].label_from_instance = lambda e: f"{e.short_name} ({e.get_position_display()})"  # type: ignore[attr-defined]

    def _practice(self) -> Practice | None:
        if self.instance.pk:
            return self.instance.practice
        value = parse_id(self.data.get("practice") or self.initial.get("practice"))
        if value is not None:
            return Practice.objects.for_user(self.user, CHANGE).filter(pk=value).first()
        return None

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data.get(name) or ("" if name != "supervisor" else None)
            for name in placement_services.PLACEMENT_FIELDS
        }


class PreferencesForm(BootstrapForm):
    """A student's ranked wishes: up to five bases, first = most wanted."""

    student = forms.ModelChoiceField(label=_("Student"), queryset=Student.objects.none())

    RANKS = 5

    def __init__(
        self,
        *args: Any,
        practice: Practice,
        user: MaybeUser = None,
        student: Student | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        bases = placement_services.candidate_bases(practice)
        if student is not None:
            self.fields["student"].queryset = Student.objects.filter(pk=student.pk)  # type: ignore[attr-defined]
            self.fields["student"].initial = student.pk
            self.fields["student"].widget = forms.HiddenInput()
        else:
            self.fields["student"].queryset = placement_services.practice_students(practice)  # type: ignore[attr-defined]
        for rank in range(1, self.RANKS + 1):
            self.fields[f"rank_{rank}"] = forms.ModelChoiceField(
                label=_("Choice {rank}").format(rank=rank), queryset=bases, required=False
            )
        from mansap.common.forms import style_fields

        style_fields(self)

    def chosen_bases(self) -> list[PracticeBase]:
        return [b for r in range(1, self.RANKS + 1) if (b := self.cleaned_data.get(f"rank_{r}")) is not None]


class SubmitOrderForm(BootstrapForm):
    override_reason = forms.CharField(
        label=_("Reason for the override (Career Center only)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    language = forms.ChoiceField(
        label=_("Document language"), choices=(("kk", "Қазақша"), ("ru", "Русский"), ("en", "English"))
    )


class RecordOrderForm(BootstrapForm):
    order_number = forms.CharField(label=_("Order number"), max_length=64)
    order_date = forms.DateField(label=_("Order date"), widget=DateInput())


class PackageForm(BootstrapForm):
    base = forms.ModelChoiceField(label=_("Practice base"), queryset=PracticeBase.objects.none())
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput(), required=False)
    approved_on = forms.DateField(label=_("Approved by the company on"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        base = self.fields["base"]
        assert isinstance(base, forms.ModelChoiceField)
        base.queryset = (
            PracticeBase.objects.filter(placements__practice=practice)
            .exclude(placements__status=PlacementStatus.CANCELLED)
            .distinct()
        )

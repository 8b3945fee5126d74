"""Forms of the practice app (staff part); choices are limited to what the acting user may use,
and every rule lives in the services, which the views call."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, DateInput, ScopedModelForm
from mansap.common.identifiers import validate_bin
from mansap.core.models import AcademicYear, Department, EducationalProgram, Employee, Student
from mansap.core.querysets import CHANGE, VIEW
from mansap.employers.models import Organization
from mansap.employers.services.organizations import user_institution
from mansap.practice.choices import BaseStatus, PlacementStatus, VettingDecision
from mansap.practice.models import (
    BaseVetting,
    ContractAnnex,
    Placement,
    Practice,
    PracticeBase,
    PracticeContract,
)
from mansap.practice.services import placements as placement_services


def _departments(user: Any) -> Any:
    return Department.objects.with_people_for(user, CHANGE).select_related("faculty").order_by("code")


def _limit_department(form: ScopedModelForm, name: str = "department") -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = _departments(form.user)
    if not placement_services.is_institution_editor(form.user):
        field.empty_label = None


def _programs(user: Any) -> Any:
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
        institution = user_institution(self.user) if self.user is not None else None
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

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institution = user_institution(user) if user is not None else None
        self.fields["academic_year"].queryset = AcademicYear.objects.filter(institution=institution)  # type: ignore[attr-defined]


# ---- Bases ----------------------------------------------------------------------------------------------------
class PracticeBaseForm(ScopedModelForm):
    """A base: an organization of the employers registry, or a new one created here (BIN checked)."""

    new_name_ru = forms.CharField(label=_("New organization: name (Russian)"), required=False, max_length=255)
    new_name_kk = forms.CharField(label=_("New organization: name (Kazakh)"), required=False, max_length=255)
    new_name_en = forms.CharField(label=_("New organization: name (English)"), required=False, max_length=255)
    new_bin = forms.CharField(
        label=_("New organization: BIN"),
        required=False,
        max_length=12,
        help_text=_("12 digits; the check digit is verified."),
    )

    class Meta:
        model = PracticeBase
        fields = [
            "organization",
            "department",
            "programs",
            "statutory_activity",
            "source",
            "proposed_by",
            "capacity",
            "address",
            "note",
        ]
        widgets = {"statutory_activity": forms.Textarea(attrs={"rows": 3}), "note": forms.Textarea(attrs={"rows": 2})}

    fieldsets = (
        (_("Organization"), ("organization", "new_name_ru", "new_name_kk", "new_name_en", "new_bin")),
        (
            _("Practice base"),
            ("department", "programs", "statutory_activity", "source", "proposed_by", "capacity", "address", "note"),
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institution = user_institution(self.user) if self.user is not None else None
        if self.instance.institution_id is None and institution is not None:
            self.instance.institution = institution
        organization = self.fields["organization"]
        organization.queryset = Organization.objects.for_user(self.user, VIEW).order_by("name_ru")  # type: ignore[attr-defined]
        organization.required = False
        organization.help_text = _("Choose from the employers registry, or fill in a new organization below.")
        _limit_department(self)
        self.fields["programs"].queryset = _programs(self.user).filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["programs"].widget.attrs["size"] = 8
        self.fields["proposed_by"].queryset = Student.objects.for_user(self.user, VIEW).order_by(  # type: ignore[attr-defined]
            "last_name", "first_name"
        )

    def clean_new_bin(self) -> str:
        value = (self.cleaned_data.get("new_bin") or "").strip()
        if value:
            validate_bin(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        new_name = (data.get("new_name_ru") or "").strip()
        if data.get("organization") is None and not new_name:
            self.add_error("organization", _("Choose an organization or give the name of a new one."))
        elif data.get("organization") is None:
            institution = self.instance.institution if self.instance.institution_id else None
            bin_value = data.get("new_bin") or ""
            if bin_value and Organization.objects.filter(institution=institution, bin=bin_value).exists():
                self.add_error("new_bin", _("An organization with this BIN is already in the registry: choose it."))
        return data

    def organization_to_create(self) -> Organization | None:
        data = self.cleaned_data
        if data.get("organization") is not None:
            return None
        name_ru = data["new_name_ru"].strip()
        return Organization(
            institution=self.instance.institution,
            name_ru=name_ru,
            name_kk=(data.get("new_name_kk") or "").strip() or name_ru,
            name_en=(data.get("new_name_en") or "").strip() or name_ru,
            bin=data.get("new_bin") or "",
        )


class VettingForm(ScopedModelForm):
    class Meta:
        model = BaseVetting
        fields = [
            "checked_on",
            "activity_ok",
            "activity_note",
            "staff_ok",
            "staff_note",
            "equipment_ok",
            "equipment_note",
            "safety_ok",
            "safety_note",
            "reputation_ok",
            "reputation_note",
            "legal_review",
            "evidence_file",
            "decision",
        ]
        widgets = {
            "checked_on": DateInput(),
            **{f"{c}_note": forms.Textarea(attrs={"rows": 2}) for c in BaseVetting.CRITERIA},
        }

    fieldsets = (
        (_("Checklist"), tuple(n for c in BaseVetting.CRITERIA for n in (f"{c}_ok", f"{c}_note"))),
        (_("Decision"), ("checked_on", "legal_review", "evidence_file", "decision")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision = self.fields["decision"]
        assert isinstance(decision, forms.ChoiceField)
        decision.choices = [("", "---------"), *VettingDecision.choices]


class ReasonForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


# ---- Contracts ------------------------------------------------------------------------------------------------
class PracticeContractForm(ScopedModelForm):
    class Meta:
        model = PracticeContract
        fields = [
            "base",
            "department",
            "kind",
            "number",
            "signed_on",
            "valid_from",
            "valid_until",
            "custodian",
            "scan",
            "note",
        ]
        widgets = {
            "signed_on": DateInput(),
            "valid_from": DateInput(),
            "valid_until": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
            "scan": forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["base"].queryset = (  # type: ignore[attr-defined]
            PracticeBase.objects.for_user(self.user, VIEW)
            .select_related("organization")
            .order_by("organization__name_ru")
        )
        _limit_department(self)


class AnnexForm(ScopedModelForm):
    class Meta:
        model = ContractAnnex
        fields = ["practice", "number", "signed_on", "student_count", "scan"]
        widgets = {"signed_on": DateInput()}

    def __init__(self, *args: Any, contract: PracticeContract | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if contract is not None:
            self.instance.contract = contract
            self.fields["practice"].queryset = (  # type: ignore[attr-defined]
                Practice.objects.for_user(self.user, VIEW)
                .filter(program__in=contract.base.programs.all())
                .select_related("program")
            )


# ---- Placements -----------------------------------------------------------------------------------------------
class PlacementForm(ScopedModelForm):
    """A manual placement; the service checks every hard rule (errors come back on the fields)."""

    class Meta:
        model = Placement
        fields = [
            "practice",
            "student",
            "base",
            "supervisor",
            "supervisor_exception",
            "company_supervisor_name",
            "company_supervisor_position",
            "company_supervisor_email",
            "company_supervisor_phone",
            "thesis_topic",
        ]
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
        value = self.data.get("practice") or self.initial.get("practice")
        if value and str(value).isdigit():
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
        self, *args: Any, practice: Practice, user: Any = None, student: Student | None = None, **kwargs: Any
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


def errors_to_form(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (unknown fields: on the form)."""
    errors = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
    for name, found in errors.items():
        target = name if name in form.fields else None
        for error in found:
            form.add_error(target, error)

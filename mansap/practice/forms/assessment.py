"""Forms of the assessment part: diary, uploads, the company supervisor's form, conferences, meetings,
the defence commission, the grade sheet row, the letter-grade table and the retention schedule."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, DateInput, ScopedModelForm, style_fields
from mansap.core.access import CHANGE
from mansap.core.models import Employee
from mansap.practice.choices import DocumentKind, ReviewDecision
from mansap.practice.models import Conference, DefenceCommission, DiaryEntry, Meeting, Placement, Practice

LANGUAGE_CHOICES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
STUDENT_UPLOAD_KINDS = (DocumentKind.REPORT, DocumentKind.REPORT_SCAN, DocumentKind.DIARY_SCAN)

if TYPE_CHECKING:
    from mansap.core.access import AnyUser


class DiaryEntryForm(forms.ModelForm):
    class Meta:
        model = DiaryEntry
        fields = ["day", "work_done"]
        widgets = {"day": DateInput(), "work_done": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class RemarkForm(BootstrapForm):
    supervisor_remark = forms.CharField(
        label=_("Supervisor's remark"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class UploadForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("Kind of document"))
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, staff: bool = False, report: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = DocumentKind.values if staff else STUDENT_UPLOAD_KINDS
        if not report:  # the head of practice accepted the report: only the scans can still be uploaded
            kinds = [k for k in kinds if k != DocumentKind.REPORT]
        self.fields["kind"].choices = [(k, DocumentKind(k).label) for k in kinds]  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))


class ReviewForm(BootstrapForm):
    """The department head of practice's review of the report and the recommended decision."""

    review_text = forms.CharField(label=_("Review of the report"), widget=forms.Textarea(attrs={"rows": 4}))
    review_decision = forms.ChoiceField(
        label=_("Recommended decision"),
        choices=[(ReviewDecision.ACCEPTED, ReviewDecision.ACCEPTED.label),
                 (ReviewDecision.RETURNED, ReviewDecision.RETURNED.label)],
        widget=forms.RadioSelect,
    )  # fmt: skip
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review_decision"].widget.attrs["class"] = "form-check-input"


class RulesForm(BootstrapForm):
    on = forms.DateField(label=_("Practice rules acknowledged on"), widget=DateInput())


class RulesBulkForm(BootstrapForm):
    on = forms.DateField(label=_("Date the students were familiarized with the rules"), widget=DateInput())
    placements = forms.ModelMultipleChoiceField(
        label=_("Students"), queryset=Placement.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, placements: QuerySet[Placement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["placements"]
        field.queryset = placements  # type: ignore[attr-defined]
        field.label_from_instance = lambda p: str(p.student)  # type: ignore[attr-defined]
        field.widget.attrs["class"] = "form-check-input"


class CompanyEvaluationForm(forms.ModelForm):
    class Meta:
        model = Placement
        fields = ["safety_briefing_on", "characterization", "company_report_score", "company_report_comment"]
        widgets = {
            "safety_briefing_on": DateInput(),
            "characterization": forms.Textarea(attrs={"rows": 7}),
            "company_report_comment": forms.Textarea(attrs={"rows": 3}),
            "company_report_score": forms.NumberInput(attrs={"min": 0, "max": 100, "inputmode": "numeric"}),
        }
        labels = {
            "safety_briefing_on": _("Occupational safety briefing given on"),
            "characterization": _("Characterization of the student"),
            "company_report_score": _("Assessment of the report (0–100)"),
            "company_report_comment": _("Comment on the report"),
        }
        help_texts = {
            "characterization": _("The student's attitude to work, knowledge and skills shown, discipline."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("safety_briefing_on", "characterization", "company_report_score"):
            self.fields[name].required = True
        style_fields(self)

    def _post_clean(self) -> None:
        """The service validates and saves; the model's own clean is not needed here."""


class SendLinkForm(BootstrapForm):
    language = forms.ChoiceField(label=_("Language of the page and the e-mail"), choices=LANGUAGE_CHOICES)


def practices_for(user: AnyUser) -> QuerySet[Practice]:
    """The practices the user may change (a conference, meeting or commission belongs to one)."""
    return (
        Practice.objects.for_user(user, CHANGE)
        .select_related("program", "academic_year")
        .order_by("-academic_year__start_year", "program__code", "kind")
    )


class ConferenceForm(ScopedModelForm):
    class Meta:
        model = Conference
        fields = ["practice", "kind", "held_on", "attendees", "minutes", "minutes_file"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices_for(self.user)  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["practice"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        practice, held_on, kind = data.get("practice"), data.get("held_on"), data.get("kind")
        if practice and held_on and kind == "final" and held_on < practice.ends_on:
            self.add_error("held_on", _("The final conference is held on the last day of the practice or later."))
        if practice and held_on and kind == "orientation" and held_on > practice.starts_on:
            self.add_error(
                "held_on", _("The orientation conference is held on the first day of the practice or earlier.")
            )
        return data


class MeetingForm(ScopedModelForm):
    class Meta:
        model = Meeting
        fields = ["practice", "kind", "held_on", "topic", "held_by", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices_for(self.user)  # type: ignore[attr-defined]
        self.fields["held_by"].queryset = (  # type: ignore[attr-defined]
            Employee.objects.for_user(self.user, "view").filter(is_active=True).order_by("last_name", "first_name")
        )
        if self.instance.pk:
            self.fields["practice"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        practice, held_by = data.get("practice"), data.get("held_by")
        if practice and held_by and held_by.department_id != practice.department_id:
            self.add_error("held_by", _("Choose an employee of the practice's department."))
        return data


class DefenceCommissionForm(ScopedModelForm):
    class Meta:
        model = DefenceCommission
        fields = ["practice", "order_number", "order_date", "defence_date", "chair", "members"]
        widgets = {"members": forms.CheckboxSelectMultiple}
        help_texts = {
            "members": _("Employees of the practice's department; the chair is added automatically."),
            "order_number": _("The order of the head of the department setting up the commission."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        practices = practices_for(self.user).filter(commission__isnull=True)
        if self.instance.pk:
            practices = Practice.objects.filter(pk=self.instance.practice_id)
            self.fields["practice"].disabled = True
        self.fields["practice"].queryset = practices  # type: ignore[attr-defined]
        employees = (
            Employee.objects.for_user(self.user, "view")
            .filter(is_active=True)
            .select_related("department")
            .order_by("department__code", "last_name", "first_name")
        )
        if self.instance.pk:
            employees = employees.filter(department_id=self.instance.practice.department_id)
        self.fields["chair"].queryset = employees  # type: ignore[attr-defined]
        self.fields["members"].queryset = employees  # type: ignore[attr-defined]
        if len({e.department_id for e in employees[:500]}) > 1:  # the Career Center: name the department
            for name in ("chair", "members"):
                self.fields[name].label_from_instance = (  # type: ignore[attr-defined]
                    lambda e: f"{e} · {e.department.code}"
                )
        self.fields["members"].required = False
        self.fields["members"].widget.attrs["class"] = "form-check-input"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        practice = data.get("practice") or (self.instance.practice if self.instance.practice_id else None)
        if practice is None:
            return data
        chair = data.get("chair")
        if chair and chair.department_id != practice.department_id:
            self.add_error("chair", _("The chair must be an employee of the practice's department."))
        outsiders = [str(m) for m in data.get("members") or [] if m.department_id != practice.department_id]
        if outsiders:
            self.add_error(
                "members",
                _("Not employees of the practice's department: {names}.").format(names=", ".join(outsiders)),
            )
        defence, order_date = data.get("defence_date"), data.get("order_date")
        if defence and order_date and defence < order_date:
            self.add_error("defence_date", _("The defence comes after the order setting up the commission."))
        return data


ADMISSION_CHOICES = [("", _("not decided")), ("yes", _("admitted")), ("no", _("not admitted"))]


class GradeRowForm(BootstrapForm):
    """One row of the grade sheet: admission (pre-graduate), defence date and score."""

    admission = forms.ChoiceField(label=_("Admission to the defence"), choices=ADMISSION_CHOICES, required=False)
    defence_date = forms.DateField(label=_("Defence date"), required=False, widget=DateInput())
    score = forms.IntegerField(label=_("Score (0–100)"), required=False, min_value=0, max_value=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)
        self.fields["score"].widget.attrs.update({"inputmode": "numeric", "style": "width: 5.5rem"})


class GradeBandForm(BootstrapForm):
    letter = forms.CharField(label=_("Letter grade"), max_length=2)
    min_score = forms.IntegerField(label=_("From score"), min_value=0, max_value=100)
    max_score = forms.IntegerField(label=_("To score"), min_value=0, max_value=100)
    points = forms.DecimalField(
        label=_("Grade points"), max_digits=3, decimal_places=2, min_value=Decimal(0), max_value=Decimal("9.99")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_score"), data.get("max_score")
        if low is not None and high is not None and high < low:
            self.add_error("max_score", _("The upper score cannot be below the lower score."))
        if data.get("letter"):
            data["letter"] = data["letter"].strip().upper()
        return data


GradeBandFormSet = forms.formset_factory(GradeBandForm, extra=1, can_delete=True, max_num=30, validate_max=True)


class RetentionForm(BootstrapForm):
    """Years to keep for each kind of document (empty: kept without a review date)."""

    def __init__(self, *args: Any, initial_years: dict[str, int | None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in DocumentKind.choices:
            self.fields[kind] = forms.IntegerField(
                label=label, required=False, min_value=1, max_value=100, initial=initial_years.get(kind)
            )
        style_fields(self)


class DisposalForm(BootstrapForm):
    disposal_act = forms.CharField(label=_("Disposal act number"), max_length=64)
    disposed_on = forms.DateField(label=_("Date of the act"), widget=DateInput())

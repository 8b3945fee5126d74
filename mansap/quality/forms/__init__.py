"""Forms of the quality app: a process card, a risk, an assessment and an action; a KPI's definition, the
agreement of its formula, a target and a value; a risk review and retirement; the management review and its
decisions; work plans, their measures and half-year reports."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import FileExtensionValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mansap.common import indicators
from mansap.common.forms import BootstrapForm, DateInput, ScopedModelForm
from mansap.common.indicators import Period, PeriodKind, Unit
from mansap.common.uploads import validate_evidence
from mansap.core.access import VIEW, institution_for
from mansap.core.models import Department, Student
from mansap.employers.models import Organization
from mansap.quality.choices import SCALE, CollegiateBody, Half, MeasureStatus, ReviewOutcome
from mansap.quality.models import (
    AdvisoryBoard,
    AdvisoryBoardMeeting,
    AdvisoryBoardMember,
    KPIDefinition,
    ManagementReview,
    Process,
    ProgramRevision,
    Risk,
    WorkPlan,
)
from mansap.quality.models.kpis import EVIDENCE_EXTENSIONS, PERIOD_EXAMPLES
from mansap.quality.models.processes import TRANSLATED_FIELDS

LANGS = ("kk", "ru", "en")
SCORE_CHOICES = [(n, str(n)) for n in SCALE]


def staff_users(institution: Any) -> QuerySet[Any]:
    """People who may own a risk or an action: active users with a membership of the institution."""
    return (
        get_user_model()
        ._default_manager.filter(is_active=True, memberships__institution=institution)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class ProcessForm(ScopedModelForm):
    owner_user = UserChoiceField(
        queryset=None, label=_("process owner (user)"), required=False,
        help_text=_("The platform user who sets the targets and enters the values of the process's KPIs."),
    )  # fmt: skip

    class Meta:
        model = Process
        fields = [
            "code", "id_code", "category", "owner_user",
            *[f"{name}_{lang}" for name in TRANSLATED_FIELDS for lang in LANGS],
        ]  # fmt: skip
        widgets = {
            f"{name}_{lang}": forms.Textarea(attrs={"rows": 3})
            for name in TRANSLATED_FIELDS
            if name not in {"name", "owner", "manager"}
            for lang in LANGS
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = staff_users(self.instance.institution_id)  # type: ignore[attr-defined]


class RiskForm(ScopedModelForm):
    owner = UserChoiceField(queryset=None, label=_("risk owner"))

    class Meta:
        model = Risk
        fields = [
            "key", "process", "category", "owner", "title_kk", "title_ru", "title_en",
            "treatment_kk", "treatment_ru", "treatment_en", "source",
        ]  # fmt: skip
        widgets = {f"treatment_{lang}": forms.Textarea(attrs={"rows": 2}) for lang in LANGS}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institution = self.instance.institution if self.instance.institution_id else institution_for(self.user, VIEW)
        self.fields["process"].queryset = Process.objects.filter(institution=institution)  # type: ignore[attr-defined]
        self.fields["owner"].queryset = staff_users(institution)  # type: ignore[attr-defined]
        if self.instance.pk is None and institution is not None:
            self.instance.institution = institution


class AssessmentForm(BootstrapForm):
    assessed_on = forms.DateField(label=_("assessed on"), widget=DateInput())
    likelihood = forms.TypedChoiceField(
        label=_("likelihood"), choices=SCORE_CHOICES, coerce=int,
        help_text=_("1: rare … 5: almost certain."),
    )  # fmt: skip
    impact = forms.TypedChoiceField(
        label=_("impact"), choices=SCORE_CHOICES, coerce=int, help_text=_("1: negligible … 5: catastrophic.")
    )
    note = forms.CharField(label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("assessed_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ActionForm(BootstrapForm):
    action = forms.CharField(label=_("action"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = UserChoiceField(queryset=None, label=_("responsible"))
    due_on = forms.DateField(label=_("due on"), widget=DateInput())
    done_on = forms.DateField(label=_("done on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, risk: Risk, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("owner", risk.owner_id)
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_users(risk.institution_id)  # type: ignore[attr-defined]


# ---- KPIs (#13) ------------------------------------------------------------------------------------------------
DIRECTION_CHOICES = [("", "—"), ("true", _("higher is better")), ("false", _("lower is better"))]


def _direction(value: str) -> bool | None:
    return {"true": True, "false": False}.get(value)


def unit_scale(unit: str) -> Decimal:
    """Shares are stored as fractions and typed as percentages."""
    return Decimal(100) if unit == Unit.SHARE else Decimal(1)


class DirectionField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("direction"), choices=DIRECTION_CHOICES, coerce=_direction, empty_value=None, required=False,
            **kwargs,
        )  # fmt: skip

    def prepare_value(self, data: Any) -> Any:
        return {True: "true", False: "false"}.get(data, data)


class KPIDefinitionForm(ScopedModelForm):
    """A KPI's definition (the quality editors): texts, unit, direction, period, and what computes it."""

    higher_is_better = DirectionField()
    indicator = forms.ChoiceField(label=_("indicator"), required=False)

    class Meta:
        model = KPIDefinition
        fields = [
            "process", "code", "name_kk", "name_ru", "name_en", "formula_kk", "formula_ru", "formula_en", "unit",
            "higher_is_better", "period_kind", "source", "indicator",
        ]  # fmt: skip
        widgets = {
            **{f"name_{lang}": forms.Textarea(attrs={"rows": 2}) for lang in LANGS},
            **{f"formula_{lang}": forms.Textarea(attrs={"rows": 2}) for lang in LANGS},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institution = self.instance.institution if self.instance.institution_id else institution_for(self.user, VIEW)
        self.fields["process"].queryset = Process.objects.filter(institution=institution)  # type: ignore[attr-defined]
        if self.instance.pk is None and institution is not None:
            self.instance.institution = institution
        choices = [("", "—"), *indicators.choices()]
        current = self.instance.indicator
        if current and current not in dict(choices):
            choices.append((current, _("%(code)s (not available)") % {"code": current}))
        self.fields["indicator"].choices = choices  # type: ignore[attr-defined]


class AgreeFormulaForm(BootstrapForm):
    """What agreeing a KPI's formula needs: the formula, the unit, the direction and the period."""

    formula_kk = forms.CharField(label=_("formula (Kazakh)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    formula_ru = forms.CharField(label=_("formula (Russian)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    formula_en = forms.CharField(label=_("formula (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    unit = forms.ChoiceField(label=_("unit"), choices=[("", "—"), *Unit.choices], required=False)
    higher_is_better = DirectionField()
    period_kind = forms.ChoiceField(label=_("period"), choices=[("", "—"), *PeriodKind.choices], required=False)


class _PeriodFormMixin(BootstrapForm):
    def __init__(self, *args: Any, definition: KPIDefinition, **kwargs: Any) -> None:
        self.definition = definition
        kwargs.setdefault("initial", {})
        if definition.period_kind:
            kwargs["initial"].setdefault("period", Period.containing(definition.period_kind, timezone.localdate()))
        super().__init__(*args, **kwargs)
        self.scale = unit_scale(definition.unit)
        suffix = " (%)" if definition.unit == Unit.SHARE else ""
        for name in self.scaled:
            field = self.fields[name]
            field.label = f"{field.label}{suffix}"
        example = PERIOD_EXAMPLES.get(definition.period_kind, "2025-2026")
        self.fields["period"].help_text = _("e.g. %(example)s") % {"example": example}

    scaled: tuple[str, ...] = ()

    def scaled_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["period"] = str(data["period"])
        for name in self.scaled:
            if data.get(name) is not None:
                data[name] = data[name] / self.scale
        return data


class KPITargetForm(_PeriodFormMixin):
    period = forms.CharField(label=_("period"), max_length=20)
    target = forms.DecimalField(label=_("target"), max_digits=18, decimal_places=4)
    amber_threshold = forms.DecimalField(label=_("amber threshold"), max_digits=18, decimal_places=4, required=False)
    red_threshold = forms.DecimalField(label=_("red threshold"), max_digits=18, decimal_places=4, required=False)
    scaled = ("target", "amber_threshold", "red_threshold")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.definition.higher_is_better is False:
            amber, red = (
                _("Green at this value or below; empty: the target."),
                _("Red above this value; empty: the amber threshold."),
            )
        else:
            amber, red = (
                _("Green at this value or above; empty: the target."),
                _("Red below this value; empty: the amber threshold."),
            )
        self.fields["amber_threshold"].help_text = amber
        self.fields["red_threshold"].help_text = red


class KPIValueForm(_PeriodFormMixin):
    period = forms.CharField(label=_("period"), max_length=20)
    value = forms.DecimalField(label=_("value"), max_digits=18, decimal_places=4)
    numerator = forms.DecimalField(label=_("numerator"), max_digits=18, decimal_places=4, required=False)
    denominator = forms.DecimalField(label=_("denominator"), max_digits=18, decimal_places=4, required=False)
    evidence = forms.FileField(
        label=_("evidence (file)"), required=False,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS), validate_evidence],
        help_text=_("PDF, JPG or PNG, up to 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/*"}),
    )  # fmt: skip
    evidence_url = forms.URLField(label=_("evidence (link)"), required=False, assume_scheme="https")
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(
        label=_("reason for the correction"), required=False, max_length=100,
        help_text=_("When you correct a value already entered for the period."),
    )  # fmt: skip
    scaled = ("value",)


class KPIMeasureForm(_PeriodFormMixin):
    period = forms.CharField(label=_("period"), max_length=20)


# ---- Program revisions and advisory boards (002 p10) ------------------------------------------------------------
class ProgramChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


class PeopleByIINField(forms.CharField):
    """People (core.Student) named by their IINs, one per line (or separated by commas or spaces), among
    `queryset`; an unknown IIN is an error naming it. Scales to any number of students, unlike a select."""

    widget = forms.Textarea(attrs={"rows": 2})

    def __init__(self, *args: Any, not_found: Any, **kwargs: Any) -> None:
        self.queryset: QuerySet[Any] | None = None
        self.not_found = not_found
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> list[Any]:
        text = super().clean(value)
        iins = [part for part in re.split(r"[\s,;]+", text or "") if part]
        if not iins:
            return []
        assert self.queryset is not None
        found = {s.iin: s for s in self.queryset.filter(iin__in=iins)}
        missing = [iin for iin in dict.fromkeys(iins) if iin not in found]
        if missing:
            raise forms.ValidationError(self.not_found, params={"iins": ", ".join(missing)})
        return list({found[iin].pk: found[iin] for iin in iins}.values())


class ProgramRevisionForm(ScopedModelForm):
    program = ProgramChoiceField(queryset=None, label=_("Educational program"))
    alumni = PeopleByIINField(
        label=_("Alumni"), help_text=_("Their IINs, one per line: graduates of the institution."),
        not_found=_("No graduate you can see has the IIN %(iins)s."),
    )  # fmt: skip
    students = PeopleByIINField(
        label=_("Students"), help_text=_("Their IINs, one per line."),
        not_found=_("No student you can see has the IIN %(iins)s."),
    )  # fmt: skip
    field_order = [
        "program", "revised_on", "summary_kk", "summary_ru", "summary_en", "employers", "alumni", "students", "minutes",
    ]  # fmt: skip

    class Meta:
        model = ProgramRevision
        fields = ["program", "revised_on", "summary_kk", "summary_ru", "summary_en", "employers", "minutes"]
        widgets = {
            **{f"summary_{lang}": forms.Textarea(attrs={"rows": 3}) for lang in LANGS},
            "employers": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from mansap.quality.services.programs import revision_programs

        self.fields["program"].queryset = revision_programs(self.user)  # type: ignore[attr-defined]
        institution = institution_for(self.user, VIEW)
        self.fields["employers"].queryset = Organization.objects.filter(institution=institution).order_by(  # type: ignore[attr-defined]
            "name_ru"
        )
        self.fields["employers"].help_text = _("From the registry of organizations; Ctrl-click to choose several.")
        people = Student.objects.for_user(self.user, VIEW)
        self.fields["alumni"].queryset = people.graduates()  # type: ignore[attr-defined]
        self.fields["students"].queryset = people  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["alumni"] = "\n".join(self.instance.alumni.values_list("iin", flat=True))
            self.initial["students"] = "\n".join(self.instance.students.values_list("iin", flat=True))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(str(cleaned.get(f"summary_{lang}") or "").strip() for lang in LANGS):
            self.add_error("summary_kk", _("Enter it in at least one language: Kazakh, Russian or English."))
        return cleaned


class AdvisoryBoardForm(ScopedModelForm):
    program = ProgramChoiceField(
        queryset=None, required=False, label=_("Educational program"),
        help_text=_("A program's board; leave empty for a faculty's board."),
    )  # fmt: skip

    class Meta:
        model = AdvisoryBoard
        fields = ["faculty", "program", "name_kk", "name_ru", "name_en", "approved_on", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from mansap.quality.services.programs import board_faculties, revision_programs

        self.fields["program"].queryset = revision_programs(self.user)  # type: ignore[attr-defined]
        self.fields["faculty"].queryset = board_faculties(self.user)  # type: ignore[attr-defined]
        self.fields["faculty"].required = False
        self.fields["faculty"].help_text = _("A faculty's board; a program's board takes the program's faculty.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("faculty") and not cleaned.get("program"):
            self.add_error("faculty", _("Choose the faculty or the program whose board it is."))
        if not any(str(cleaned.get(f"name_{lang}") or "").strip() for lang in LANGS):
            self.add_error("name_kk", _("Enter it in at least one language: Kazakh, Russian or English."))
        return cleaned

    def _post_clean(self) -> None:
        program = self.cleaned_data.get("program")
        if program is not None:
            self.instance.faculty_id = program.department.faculty_id
            self.cleaned_data["faculty"] = program.department.faculty
        super()._post_clean()  # type: ignore[misc]


class AlumnusChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.iin})"


class BoardMemberForm(ScopedModelForm):
    alumnus = PeopleByIINField(
        label=_("Alumnus"), help_text=_("The alumnus's IIN (alumni members)."),
        not_found=_("No graduate you can see has the IIN %(iins)s."),
    )  # fmt: skip

    class Meta:
        model = AdvisoryBoardMember
        fields = ["kind", "organization", "person_name", "position", "alumnus", "role", "member_from", "member_to"]

    def __init__(self, *args: Any, board: AdvisoryBoard, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.board = board
        self.fields["organization"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            institution_id=board.faculty.institution_id
        ).order_by("name_ru")
        self.fields["alumnus"].queryset = Student.objects.for_user(self.user, VIEW).graduates()  # type: ignore[attr-defined]
        if self.instance.alumnus_id:
            self.initial["alumnus"] = self.instance.alumnus.iin

    def clean_alumnus(self) -> Any:
        people = self.cleaned_data.get("alumnus") or []
        if len(people) > 1:
            raise forms.ValidationError(_("Give one IIN."))
        return people[0] if people else None


class BoardMeetingForm(ScopedModelForm):
    class Meta:
        model = AdvisoryBoardMeeting
        fields = ["held_on", "agenda", "decisions", "minutes"]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 3}), "decisions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, board: AdvisoryBoard, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.board = board


# ---- Survey campaigns as KPI values (R-065) --------------------------------------------------------------------
class KPISurveyForm(BootstrapForm):
    """Attach a campaign with a headline question to one of the process's KPIs."""

    definition: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("KPI"))
    campaign: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Survey campaign"))

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from mansap.surveys.models import Campaign

        definitions = KPIDefinition.objects.filter(process=process).order_by("code")
        self.fields["definition"].queryset = definitions  # type: ignore[attr-defined]
        self.fields["definition"].label_from_instance = lambda d: f"{d.code} {d.name}"  # type: ignore[attr-defined]
        campaigns = Campaign.objects.filter(institution_id=process.institution_id, headline_question__isnull=False)
        self.fields["campaign"].queryset = campaigns.order_by("-closes_on", "pk")  # type: ignore[attr-defined]
        self.fields["campaign"].label_from_instance = (  # type: ignore[attr-defined]
            lambda c: f"{c.title} ({c.get_kind_display()}, {c.closes_on:%d.%m.%Y})"
        )
        self.fields["campaign"].help_text = _("Campaigns with a headline question: its mean is the score.")


class RiskReviewForm(BootstrapForm):
    reviewed_on = forms.DateField(label=pgettext_lazy("risk review", "reviewed on"), widget=DateInput())
    outcome = forms.ChoiceField(label=_("outcome"), choices=ReviewOutcome.choices)
    likelihood = forms.TypedChoiceField(
        label=_("new likelihood"),
        choices=[("", "—"), *SCORE_CHOICES],
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Only when the risk is changed."),
    )
    impact = forms.TypedChoiceField(
        label=_("new impact"),
        choices=[("", "—"), *SCORE_CHOICES],
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Only when the risk is changed."),
    )
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))
    next_review_on = forms.DateField(label=_("next review on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        today = timezone.localdate()
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("reviewed_on", today)
        initial.setdefault("outcome", ReviewOutcome.CONFIRMED)
        initial.setdefault(
            "next_review_on",
            today.replace(year=today.year + 1)
            if not (today.month == 2 and today.day == 29)
            else today.replace(year=today.year + 1, day=28),
        )
        super().__init__(*args, **kwargs)


class RetireForm(BootstrapForm):
    reason = forms.CharField(
        label=_("reason for retirement"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The risk leaves the heat map and the register's default view; its history is kept."),
    )


class ReviewForm(ScopedModelForm):
    """Prepare a management review: its period and the quality department's summary."""

    class Meta:
        model = ManagementReview
        fields = ["period_start", "period_end", "notes"]
        widgets = {"period_start": DateInput(), "period_end": DateInput(), "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:  # a draft's period is fixed; only its notes change
            for name in ("period_start", "period_end"):
                self.fields[name].disabled = True


class DecisionForm(BootstrapForm):
    body = forms.ChoiceField(label=_("collegiate body"), choices=CollegiateBody.choices)
    protocol_number = forms.CharField(label=_("protocol number"), max_length=40)
    protocol_date = forms.DateField(label=_("protocol date"), widget=DateInput())
    text = forms.CharField(label=_("decision"), widget=forms.Textarea(attrs={"rows": 3}))
    owner = UserChoiceField(queryset=None, label=_("responsible"), required=False)
    due_on = forms.DateField(label=_("due on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, institution: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_users(institution)  # type: ignore[attr-defined]


class WorkPlanForm(ScopedModelForm):
    class Meta:
        model = WorkPlan
        fields = ["office", "department", "year", "goals"]
        widgets = {"goals": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institution = self.instance.institution if self.instance.institution_id else institution_for(self.user, VIEW)
        self.fields["department"].queryset = Department.objects.filter(faculty__institution=institution)  # type: ignore[attr-defined]
        self.fields["office"].help_text = _("An office of the institution, or else a department below.")
        if self.instance.pk is None:
            if institution is not None:
                self.instance.institution = institution
            today = timezone.localdate()
            self.fields["year"].initial = today.year if today.month >= 9 else today.year - 1


class MeasureForm(BootstrapForm):
    goal = forms.CharField(label=pgettext_lazy("work plan", "goal"), max_length=500, required=False)
    text = forms.CharField(label=_("measure"), widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label=_("due on"), widget=DateInput())
    responsible = UserChoiceField(queryset=None, label=_("responsible"))

    def __init__(self, *args: Any, plan: WorkPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goals = plan.goal_list
        if goals:
            self.fields["goal"] = forms.ChoiceField(
                label=pgettext_lazy("work plan", "goal"), choices=[("", "—"), *[(g, g) for g in goals]], required=False
            )
        self.fields["responsible"].queryset = staff_users(plan.institution_id)  # type: ignore[attr-defined]


class WorkPlanReportForm(BootstrapForm):
    """A half-year report: one status and comment per measure of the plan (fields status_<id>, comment_<id>)."""

    half = forms.TypedChoiceField(label=_("half-year"), choices=Half.choices, coerce=int)
    summary = forms.CharField(label=_("summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, plan: WorkPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measures = list(plan.measures.select_related("responsible"))
        for measure in self.measures:
            self.fields[f"status_{measure.pk}"] = forms.ChoiceField(
                label=measure.text,
                choices=MeasureStatus.choices,
                help_text=_("Due on {date}; responsible: {name}.").format(
                    date=measure.due_on.strftime("%d.%m.%Y"), name=measure.responsible.display_name
                ),
            )
            self.fields[f"comment_{measure.pk}"] = forms.CharField(
                label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 1})
            )

    def lines(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {m.pk: (data[f"status_{m.pk}"], data.get(f"comment_{m.pk}", "")) for m in self.measures}

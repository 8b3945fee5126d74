"""Forms of the quality app: a process card, a risk, an assessment and an action; a KPI's definition, the
agreement of its formula, a target and a value."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import FileExtensionValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mansap.common import indicators
from mansap.common.forms import BootstrapForm, DateInput, ScopedModelForm
from mansap.common.indicators import Period, PeriodKind, Unit
from mansap.common.uploads import validate_evidence
from mansap.core.access import VIEW, institution_for
from mansap.quality.choices import SCALE
from mansap.quality.models import KPIDefinition, Process, Risk
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

"""Forms of the quality app: a process card, a risk, an assessment and an action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, DateInput, ScopedModelForm
from mansap.core.access import VIEW, institution_for
from mansap.quality.choices import SCALE
from mansap.quality.models import Process, Risk
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
    class Meta:
        model = Process
        fields = ["code", "id_code", "category", *[f"{name}_{lang}" for name in TRANSLATED_FIELDS for lang in LANGS]]
        widgets = {
            f"{name}_{lang}": forms.Textarea(attrs={"rows": 3})
            for name in TRANSLATED_FIELDS
            if name not in {"name", "owner", "manager"}
            for lang in LANGS
        }


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

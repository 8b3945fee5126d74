"""Forms of the quality app: a process card, a risk, an assessment and an action."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, DateInput, ScopedModelForm
from mansap.core.access import VIEW, institution_for
from mansap.core.models import Student
from mansap.employers.models import Organization
from mansap.quality.choices import SCALE
from mansap.quality.models import (
    AdvisoryBoard,
    AdvisoryBoardMeeting,
    AdvisoryBoardMember,
    Process,
    ProgramRevision,
    Risk,
)
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
    program = ProgramChoiceField(queryset=None, label=_("educational program"))
    alumni = PeopleByIINField(
        label=_("alumni"), help_text=_("Their IINs, one per line: graduates of the institution."),
        not_found=_("No graduate you can see has the IIN %(iins)s."),
    )  # fmt: skip
    students = PeopleByIINField(
        label=_("students"), help_text=_("Their IINs, one per line."),
        not_found=_("No student you can see has the IIN %(iins)s."),
    )  # fmt: skip

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
        queryset=None, required=False, label=_("educational program"),
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
        label=_("alumnus"), help_text=_("The alumnus's IIN (alumni members)."),
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

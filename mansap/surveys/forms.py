"""Forms of the surveys app: the builder (questionnaire, section, question with its choices) and campaigns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.forms import inlineformset_factory
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, OneLanguageRequiredMixin, ScopedModelForm, style_fields
from mansap.common.params import parse_id
from mansap.core.access import CHANGE, has_institution_wide_write_membership
from mansap.core.models import Department, EducationalProgram, Institution
from mansap.employers.models import Organization
from mansap.surveys.choices import CHOICE_TYPES, SCALE_LABELS, QuestionType
from mansap.surveys.models import Campaign, Choice, Invitation, Question, Questionnaire, ResultsResponse, Section

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from mansap.core.models import User


class LockedFormMixin:
    """Refuses to save a frozen (answered) questionnaire's parts: the form says so, nothing is changed."""

    def locked_questionnaire(self) -> Questionnaire | None:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()  # type: ignore[misc]
        questionnaire = self.locked_questionnaire()
        if questionnaire is not None and questionnaire.pk and questionnaire.is_locked:
            raise forms.ValidationError(
                _("This questionnaire already has answers and cannot be changed; copy it to a new version instead.")
            )
        return cleaned


class QuestionnaireForm(LockedFormMixin, OneLanguageRequiredMixin, ScopedModelForm):
    translated_fields = ("title",)

    class Meta:
        model = Questionnaire
        fields = ["kind", "title_kk", "title_ru", "title_en", "intro_kk", "intro_ru", "intro_en"]
        widgets = {f"intro_{code}": forms.Textarea(attrs={"rows": 3}) for code in ("kk", "ru", "en")}

    fieldsets = [
        (_("Audience"), ["kind"]),
        (_("Title"), ["title_kk", "title_ru", "title_en"]),
        (_("Introduction shown to respondents"), ["intro_kk", "intro_ru", "intro_en"]),
    ]

    def locked_questionnaire(self) -> Questionnaire | None:
        return self.instance if self.instance.pk else None


class SectionForm(LockedFormMixin, OneLanguageRequiredMixin, ScopedModelForm):
    translated_fields = ("title",)

    class Meta:
        model = Section
        fields = ["title_kk", "title_ru", "title_en", "position"]

    def locked_questionnaire(self) -> Questionnaire | None:
        return self.instance.questionnaire


def int_or_none(value: Any) -> int | None:
    return parse_id(value)


def condition_value_field(condition: Question | None, current: str = "") -> forms.Field:
    """The answer deciding a condition: a select of the chosen question's choices (codes as values)."""
    choices: list[tuple[str, str]] = [("", str(_("— choose the question first —")))]
    if condition is not None and condition.kind in CHOICE_TYPES:
        choices = [("", "—")] + [(c.code, f"{c.text} ({c.code})") for c in condition.choices.all()]
    elif condition is not None and condition.kind == QuestionType.LIKERT:
        choices = [("", "—")] + [(str(k), str(label)) for k, label in SCALE_LABELS.items()]
    elif condition is not None:  # a number question: the value is typed
        return forms.CharField(required=False, max_length=64, widget=forms.TextInput(attrs={"class": "form-control"}))
    if current and current not in {value for value, _label in choices}:
        choices.append((current, current))  # keep what was posted visible; clean() explains what is valid
    return forms.CharField(
        required=False, max_length=64, widget=forms.Select(choices=choices, attrs={"class": "form-select"})
    )


class QuestionForm(LockedFormMixin, OneLanguageRequiredMixin, ScopedModelForm):
    translated_fields = ("text",)

    """A question; its place on the page is changed with the builder's move buttons (positions stay dense).

    The builder's page gives it the question's choices as `formset` (ChoiceFormSet): the form is then valid
    when the question is and, after it, its choices.
    """

    formset: BaseChoiceFormSet | None = None

    class Meta:
        model = Question
        fields = [
            "kind", "text_kk", "text_ru", "text_en", "required", "min_value", "max_value",
            "condition_question", "condition_value", "compare_with",
        ]  # fmt: skip
        widgets = {f"text_{code}": forms.Textarea(attrs={"rows": 2}) for code in ("kk", "ru", "en")}

    fieldsets = [
        (_("Question"), ["kind", "text_kk", "text_ru", "text_en", "required"]),
        (_("Numbers"), ["min_value", "max_value"]),
        (_("Condition"), ["condition_question", "condition_value"]),
        (_("Competency gap"), ["compare_with"]),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        question = self.instance
        questionnaire = question.section.questionnaire
        ordered = questionnaire.ordered_questions()
        if question.pk:
            at = next((i for i, q in enumerate(ordered) if q.pk == question.pk), len(ordered))
            earlier = ordered[:at]
        else:  # a new question goes to the end of its section
            here = (question.section.position, question.section.pk)
            earlier = [q for q in ordered if (q.section.position, q.section_id) <= here]
        self.earlier = {q.pk: q for q in earlier}
        allowed = [q.pk for q in earlier if q.kind in CHOICE_TYPES or q.pk == question.condition_question_id]
        others = Question.objects.filter(section__questionnaire=questionnaire).exclude(pk=question.pk)
        field = self.fields["condition_question"]
        field.queryset = others.filter(pk__in=allowed).order_by(  # type: ignore[attr-defined]
            "section__position", "section__pk", "position", "pk"
        )
        numbers = {q.pk: n for n, q in enumerate(ordered, start=1)}
        field.label_from_instance = lambda q: f"{numbers.get(q.pk, '')}. {q.text[:80]}"  # type: ignore[attr-defined]
        field.help_text = _("Only an earlier single or multiple choice question can decide a condition.")
        field.widget.attrs.update(
            {
                "hx-get": reverse("surveys:condition_values", args=[questionnaire.pk]),
                "hx-target": "#id_condition_value",
                "hx-swap": "outerHTML",
                "hx-trigger": "change",
            }
        )
        chosen_id = (
            int_or_none(self.data.get("condition_question")) if self.is_bound else question.condition_question_id
        )
        chosen = self.earlier.get(chosen_id or 0)
        current = (self.data.get("condition_value") if self.is_bound else question.condition_value) or ""
        value_field = condition_value_field(chosen, current)
        value_field.label = self.fields["condition_value"].label
        value_field.help_text = _("The answer of that question that shows this one.")
        self.fields["condition_value"] = value_field
        self.fields["compare_with"].queryset = others.filter(kind=QuestionType.MATRIX)  # type: ignore[attr-defined]
        self.fields["compare_with"].label_from_instance = lambda q: q.text[:80]  # type: ignore[attr-defined]

    def locked_questionnaire(self) -> Questionnaire | None:
        return self.instance.section.questionnaire

    def is_valid(self) -> bool:
        return super().is_valid() and (self.formset is None or self.formset.is_valid())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        condition = cleaned.get("condition_question")
        value = (cleaned.get("condition_value") or "").strip()
        if condition is not None and condition.pk not in self.earlier:
            self.add_error("condition_question", _("The condition must name an earlier question."))
        elif condition is not None and condition.kind in CHOICE_TYPES:
            codes = set(condition.choices.values_list("code", flat=True))
            if not value:
                self.add_error("condition_value", _("Give the answer that shows this question."))
            elif value not in codes:
                self.add_error(
                    "condition_value",
                    _("Use the code of one of that question's choices: {codes}.").format(
                        codes=", ".join(sorted(codes))
                    ),
                )
        return cleaned


class ChoiceForm(OneLanguageRequiredMixin, forms.ModelForm):
    translated_fields = ("text",)

    class Meta:
        model = Choice
        fields = ["code", "text_kk", "text_ru", "text_en"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)


class BaseChoiceFormSet(forms.BaseInlineFormSet):
    question_kind: str = ""

    def clean(self) -> None:
        super().clean()
        if any(form.errors for form in self.forms):
            return
        self.check_dependents()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("code")
        ]
        codes = [form.cleaned_data["code"] for form in kept]
        if len(codes) != len(set(codes)):
            raise forms.ValidationError(_("Each choice of a question needs its own code."))
        if self.question_kind in CHOICE_TYPES and len(kept) < 2:
            raise forms.ValidationError(_("A choice question needs at least two choices."))
        if self.question_kind == QuestionType.MATRIX and not kept:
            raise forms.ValidationError(_("A matrix needs at least one row."))

    def check_dependents(self) -> None:
        """A choice that decides a later question's condition may be neither deleted nor renamed."""
        question = self.instance
        if not question.pk:
            return
        dependents = list(question.dependents.exclude(condition_value="").order_by("position", "pk"))
        if not dependents:
            return
        kept: set[str] = set()
        if self.question_kind in CHOICE_TYPES:
            kept = {
                form.cleaned_data["code"]
                for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("code")
            }
        for dependent in dependents:
            if dependent.condition_value not in kept:
                raise forms.ValidationError(
                    _("The choice «{code}» decides whether «{question}» is shown; change that condition first.").format(
                        code=dependent.condition_value, question=dependent.text[:80]
                    )
                )


def choice_rows(formset: Any) -> tuple[list[Choice], list[Choice]]:
    """The choices a valid formset keeps, in the order of its rows, and the ones it deletes (not saved)."""
    rows = formset.save(commit=False)
    kept = [
        form.instance
        for form in formset.forms
        if form not in formset.deleted_forms and (form.instance.pk or form.instance in rows)
    ]
    return kept, list(formset.deleted_objects)


ChoiceFormSet = inlineformset_factory(
    Question, Choice, form=ChoiceForm, formset=BaseChoiceFormSet, extra=3, can_delete=True
)


class CampaignForm(OneLanguageRequiredMixin, ScopedModelForm):
    translated_fields = ("title",)

    class Meta:
        model = Campaign
        fields = [
            "title_kk", "title_ru", "title_en", "questionnaire", "kind", "opens_on", "closes_on", "anonymous",
            "min_slice", "public_link", "language", "department", "programs", "cohort", "organizations",
            "headline_question",
        ]  # fmt: skip
        widgets = {
            "opens_on": forms.DateInput(),
            "closes_on": forms.DateInput(),
            "programs": forms.SelectMultiple(attrs={"size": 6}),
            "organizations": forms.SelectMultiple(attrs={"size": 6}),
        }

    fieldsets = [
        (_("Campaign"), ["title_kk", "title_ru", "title_en", "kind", "questionnaire", "headline_question"]),
        (_("Window and rules"), ["opens_on", "closes_on", "anonymous", "min_slice", "public_link", "language"]),
        (_("Audience"), ["department", "programs", "cohort", "organizations"]),
    ]
    # Once launched, the questionnaire and the audience are frozen with the invitations.
    frozen_after_launch = ("questionnaire", "kind", "department", "programs", "cohort", "organizations")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.user
        institution_ids = _institutions(user)
        questionnaires = Questionnaire.objects.for_user(user).latest_versions()
        if self.instance.questionnaire_id:
            questionnaires = Questionnaire.objects.for_user(user).filter(
                pk__in=[*list(questionnaires.values_list("pk", flat=True)), self.instance.questionnaire_id]
            )
        self.fields["questionnaire"].queryset = questionnaires.order_by("kind", "title_ru")  # type: ignore[attr-defined]
        self.fields["department"].queryset = Department.objects.with_people_for(user, CHANGE).order_by("code")  # type: ignore[attr-defined]
        self.fields["programs"].queryset = EducationalProgram.objects.with_people_for(user, CHANGE).order_by("code")  # type: ignore[attr-defined]
        self.fields["organizations"].queryset = Organization.objects.filter(institution_id__in=institution_ids)  # type: ignore[attr-defined]
        self.fields["organizations"].required = False
        self.fields["programs"].required = False
        q_id = parse_id(
            self.data.get("questionnaire") or self.initial.get("questionnaire") or self.instance.questionnaire_id
        )
        headline = Question.objects.filter(
            kind__in=(QuestionType.LIKERT, QuestionType.NUMBER, QuestionType.MATRIX)
        ).select_related("section__questionnaire")
        if q_id is not None:
            self.fields["headline_question"].queryset = headline.filter(section__questionnaire_id=q_id)  # type: ignore[attr-defined]
            self.fields["headline_question"].label_from_instance = lambda q: q.text[:90]  # type: ignore[attr-defined]
        else:  # no questionnaire chosen yet: every eligible question, named with its questionnaire
            self.fields["headline_question"].queryset = headline.filter(  # type: ignore[attr-defined]
                section__questionnaire__in=questionnaires
            ).order_by("section__questionnaire__kind", "section__position", "position")
            self.fields["headline_question"].label_from_instance = _headline_label  # type: ignore[attr-defined]
        self.fields["language"].choices = list(settings.LANGUAGES)  # type: ignore[attr-defined]
        self.fields["public_link"].help_text = _(
            "Anyone with the public link may answer (no invitation). Not for the employer survey: it feeds "
            "KPI-17.8 and is answered through personal links only."
        )
        if self.instance.launched_at:
            for name in self.frozen_after_launch:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed when the campaign was launched.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        department = cleaned.get("department")
        programs = cleaned.get("programs")
        if department is not None and programs:
            strangers = [p.code for p in programs if p.department_id != department.pk]
            if strangers:
                self.add_error(
                    "programs",
                    _("These programs belong to another department: {codes}.").format(codes=", ".join(strangers)),
                )
        # A campaign of the whole institution is for the institution-wide offices (and superusers).
        if (
            self.user is not None
            and not self.user.is_superuser
            and department is None
            and not has_institution_wide_write_membership(self.user)
        ):
            self.add_error("department", _("Choose your department: you may run surveys only for its audience."))
        return cleaned


def _headline_label(question: Question) -> str:
    return f"{question.section.questionnaire.title[:40]} · {question.text[:70]}"


def _institutions(user: User | AnonymousUser) -> list[int]:
    """The institutions a user reads (the organizations a campaign may ask are theirs)."""
    return list(Institution.objects.for_user(user).values_list("pk", flat=True))


class InterviewForm(BootstrapForm):
    """Who was interviewed (optional: an invitation not answered yet) and in which language."""

    invitation = forms.ModelChoiceField(
        label=_("Respondent (invitation)"),
        queryset=Invitation.objects.none(),
        required=False,
        help_text=_("Marks the invitation as answered so no reminder is sent; leave empty for someone not invited."),
    )
    language = forms.ChoiceField(label=_("Language of the interview"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["invitation"]
        field.queryset = (  # type: ignore[attr-defined]
            campaign.invitations.filter(has_responded=False)
            .select_related("student", "organization", "listener")
            .order_by("student__last_name", "organization__name_ru", "listener__full_name", "pk")
        )
        field.label_from_instance = lambda inv: inv.recipient_name  # type: ignore[attr-defined]


class SendForm(BootstrapForm):
    reminder = forms.BooleanField(required=False)


class ResultsResponseForm(ScopedModelForm):
    """A unit's summary of the results and its plan (R-071); the due date follows from the campaign."""

    class Meta:
        model = ResultsResponse
        fields = ["department", "summary", "actions"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "actions": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from mansap.surveys.services.results import responding_departments

        departments = responding_departments(self.user, campaign)
        if self.instance.pk:
            self.fields["department"].disabled = True
            departments = departments.filter(pk=self.instance.department_id)
        else:
            departments = departments.exclude(survey_unit_responses__campaign=campaign)
        self.fields["department"].queryset = departments.order_by("code")  # type: ignore[attr-defined]
        if not self.instance.pk and len(ids := list(departments.values_list("pk", flat=True)[:2])) == 1:
            self.fields["department"].empty_label = None  # type: ignore[attr-defined]  # the only unit: chosen
            self.initial.setdefault("department", ids[0])
        self.instance.campaign = campaign


class ListenerImportForm(BootstrapForm):
    """A spreadsheet of course listeners (services.listeners.import_listeners)."""

    file = forms.FileField(
        label=_("File"), help_text=_(".xlsx or .csv; the first row names the columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.csv"}),
    )  # fmt: skip


class ListenerForm(BootstrapForm):
    """One listener typed in."""

    full_name = forms.CharField(label=_("Full name"), max_length=255)
    email = forms.EmailField(label=_("E-mail"))
    course = forms.CharField(label=_("Course"), max_length=255)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

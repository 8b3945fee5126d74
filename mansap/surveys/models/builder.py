"""Questionnaires and their sections, questions and choices, in three languages, versioned."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from mansap.core.models.base import TimeStampedModel, translated
from mansap.surveys.choices import (
    CHOICE_TYPES,
    CONDITION_TYPES,
    ROW_TYPES,
    QuestionType,
    SurveyKind,
)
from mansap.surveys.querysets import ChoiceQuerySet, QuestionnaireQuerySet, QuestionQuerySet, SectionQuerySet


def _new_family() -> str:
    return uuid.uuid4().hex


def _new_slug() -> str:
    return secrets.token_urlsafe(12)


class TranslatedTitle(models.Model):
    title_kk = models.CharField(_("title (Kazakh)"), max_length=500, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def title(self) -> str:
        return translated(self, "title")

    def title_in(self, language: str) -> str:
        return translated(self, "title", language)


class TranslatedText:
    """A question's and a choice's text (text_kk, text_ru, text_en) in the current language or a given one."""

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return translated(self, "text")

    def text_in(self, language: str) -> str:
        return translated(self, "text", language)


class Questionnaire(TranslatedTitle, TimeStampedModel):
    """One version of a survey instrument; once anyone has answered it, it is frozen (copy to a new version)."""

    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="questionnaires", verbose_name=_("institution")
    )
    kind = models.CharField(_("audience"), max_length=16, choices=SurveyKind.choices)
    intro_kk = models.TextField(_("introduction (Kazakh)"), blank=True)
    intro_ru = models.TextField(_("introduction (Russian)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    family = models.CharField(_("family"), max_length=32, default=_new_family, editable=False, db_index=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    previous = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, editable=False, related_name="next_versions",
        verbose_name=_("previous version"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, editable=False, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = QuestionnaireQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["kind", "title_ru", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "version"],
                name="surveys_questionnaire_version_unique",
                violation_error_message=_("This version of the questionnaire already exists."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("surveys:questionnaire_detail", args=[self.pk])

    @property
    def intro(self) -> str:
        return translated(self, "intro")

    @property
    def is_locked(self) -> bool:
        """Answered (a draft counts: its answers name the questions), so it may only be copied."""
        cached = getattr(self, "_locked", None)
        if cached is None:
            from mansap.surveys.models.responses import Response

            cached = Response.objects.filter(campaign__questionnaire=self).exists()
            self._locked = cached
        return cached

    def ordered_questions(self) -> list[Question]:
        """Every question in page order, with its section, choices and condition (three queries)."""
        questions = list(
            Question.objects.filter(section__questionnaire=self)
            .select_related("section", "condition_question")
            .prefetch_related("choices")
            .order_by("section__position", "section__pk", "position", "pk")
        )
        return questions


class Section(TranslatedTitle):
    """A page part of a questionnaire, with its questions."""

    questionnaire = models.ForeignKey(
        Questionnaire, models.CASCADE, related_name="sections", verbose_name=_("questionnaire")
    )
    position = models.PositiveSmallIntegerField(pgettext_lazy("sequence", "position"), default=1)

    objects = SectionQuerySet.as_manager()  # scoped through its questionnaire

    scope_level = "institution"

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.questionnaire.get_absolute_url() + f"#section-{self.pk}"


class Question(TranslatedText, models.Model):
    """A question; a condition shows it only when an earlier question was answered with a given value."""

    section = models.ForeignKey(Section, models.CASCADE, related_name="questions", verbose_name=_("section"))
    position = models.PositiveSmallIntegerField(pgettext_lazy("sequence", "position"), default=1)
    kind = models.CharField(_("type"), max_length=16, choices=QuestionType.choices)
    text_kk = models.TextField(_("question (Kazakh)"), blank=True)
    text_ru = models.TextField(_("question (Russian)"), blank=True)
    text_en = models.TextField(_("question (English)"), blank=True)
    required = models.BooleanField(_("required"), default=True)
    min_value = models.DecimalField(_("minimum"), max_digits=12, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=12, decimal_places=2, null=True, blank=True)
    condition_question = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="dependents",
        verbose_name=_("show only when question"),
    )  # fmt: skip
    condition_value = models.CharField(
        _("has the answer"),
        max_length=64,
        blank=True,
        help_text=_("The code of a choice, or a number for scale and number questions."),
    )
    compare_with = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("importance question to compare with"),
        help_text=_("For a matrix rating preparedness: the matrix rating the importance of the same rows (codes)."),
    )  # fmt: skip

    objects = QuestionQuerySet.as_manager()  # scoped through its section's questionnaire

    scope_level = "institution"

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    @property
    def questionnaire(self) -> Questionnaire:
        return self.section.questionnaire

    @property
    def has_choices(self) -> bool:
        return self.kind in CHOICE_TYPES

    @property
    def has_rows(self) -> bool:
        return self.kind in ROW_TYPES

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            errors["max_value"] = _("The maximum must not be below the minimum.")
        if self.condition_question_id:
            cond = self.condition_question
            if cond is None or (self.section_id and cond.section.questionnaire_id != self.section.questionnaire_id):
                errors["condition_question"] = _("The condition must name a question of the same questionnaire.")
            elif cond.kind not in CONDITION_TYPES:
                errors["condition_question"] = _("Only choice, scale and number questions can decide a condition.")
            elif self.pk and cond.pk == self.pk:
                errors["condition_question"] = _("A question cannot depend on itself.")
            elif self.section_id and page_order(cond) >= page_order(self):
                errors["condition_question"] = _("The condition must name an earlier question.")
            elif not self.condition_value.strip():
                errors["condition_value"] = _("Give the answer that shows this question.")
        elif self.condition_value:
            errors["condition_question"] = _("Choose the question the answer belongs to.")
        other = self.compare_with if self.compare_with_id else None
        if other is not None and (self.kind != QuestionType.MATRIX or other.kind != QuestionType.MATRIX):
            errors["compare_with"] = _("Only a matrix can be compared with another matrix.")
        if errors:
            raise ValidationError(errors)


def page_order(question: Question) -> tuple[int, int, int, int]:
    """Where a question stands on the respondent's page (as `Questionnaire.ordered_questions` sorts)."""
    section = question.section
    return (section.position, section.pk or 0, question.position, question.pk or 2**62)


class Choice(TranslatedText, models.Model):
    """An option of a choice question, or a row (competency) of a matrix."""

    question = models.ForeignKey(Question, models.CASCADE, related_name="choices", verbose_name=_("question"))
    position = models.PositiveSmallIntegerField(pgettext_lazy("sequence", "position"), default=1)
    code = models.SlugField(
        _("code"), max_length=64, help_text=_("A short stable name used by conditions and to pair matrix rows.")
    )
    text_kk = models.CharField(_("text (Kazakh)"), max_length=500, blank=True)
    text_ru = models.CharField(_("text (Russian)"), max_length=500, blank=True)
    text_en = models.CharField(_("text (English)"), max_length=500, blank=True)

    objects = ChoiceQuerySet.as_manager()  # scoped through its question's questionnaire

    scope_level = "institution"

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "code"],
                name="surveys_choice_code_unique",
                violation_error_message=_("Each choice of a question needs its own code."),
            )
        ]

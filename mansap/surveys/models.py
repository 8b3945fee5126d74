"""Models of the surveys app: versioned questionnaires, campaigns, invitations and anonymous-able responses.

Anonymity is a property of the schema, not of the screens: a Response of an anonymous campaign keeps
only slicing attributes (program, department, cohort, language, channel); its respondent columns stay
empty, no column names its invitation, and the resume key of a draft (a hash the link can recompute)
is wiped when the answer is submitted. The invitation only learns `has_responded`, so reminders stop.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from mansap.core.choices import INSTITUTION_WIDE_ROLES, Role
from mansap.core.models.base import TimeStampedModel, translated
from mansap.core.querysets import VIEW, ScopedQuerySet, memberships_for, scope_q
from mansap.surveys.choices import (
    CHOICE_TYPES,
    CONDITION_TYPES,
    ROW_TYPES,
    CampaignStatus,
    Channel,
    QuestionType,
    ResponseStatus,
    SurveyKind,
    UnitResponseStatus,
)

LOCAL_ROLES = {Role.DEPARTMENT, Role.DEAN}


def results_departments(user: Any, campaign: Campaign) -> list[int] | None:
    """The departments whose audience a user may read in a campaign's figures; None means all of them.

    Institution-wide roles, superusers, and everyone on a campaign of their own department see it all;
    a department's staff reading an institution-wide campaign see their department's slice, a dean's
    office its faculty's departments.
    """
    if user.is_superuser or campaign.department_id is not None or campaign.asks_organizations:
        return None  # organizations belong to no department: their aggregates are the institution's
    found = memberships_for(user, VIEW)
    if any(m.role in INSTITUTION_WIDE_ROLES for m in found):
        return None
    from mansap.core.models import Department

    ids = {m.department_id for m in found if m.role == Role.DEPARTMENT and m.department_id}
    faculties = {m.faculty_id for m in found if m.role == Role.DEAN and m.faculty_id}
    if faculties:
        ids |= set(Department.objects.filter(faculty_id__in=faculties).values_list("pk", flat=True))
    return sorted(ids)


def _new_family() -> str:
    return uuid.uuid4().hex


def _new_slug() -> str:
    return secrets.token_urlsafe(12)


class TranslatedTitle(models.Model):
    title_kk = models.CharField(_("title (Kazakh)"), max_length=500)
    title_ru = models.CharField(_("title (Russian)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500)

    class Meta:
        abstract = True

    @property
    def title(self) -> str:
        return translated(self, "title")

    def title_in(self, language: str) -> str:
        return translated(self, "title", language)


# ---- Questionnaires ------------------------------------------------------------------------------------------
class QuestionnaireQuerySet(ScopedQuerySet):
    """Questionnaires belong to the institution; every staff member may read them, the CC changes them."""

    institution_wide_view = True

    def with_list_related(self) -> Self:
        return self.annotate(
            question_count=models.Count("sections__questions", distinct=True),
            campaign_count=models.Count("campaigns", distinct=True),
        )

    def latest_versions(self) -> Self:
        newer = Questionnaire.objects.filter(family=models.OuterRef("family"), version__gt=models.OuterRef("version"))
        return self.filter(~models.Exists(newer))


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

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.questionnaire.get_absolute_url() + f"#section-{self.pk}"


class Question(models.Model):
    """A question; a condition shows it only when an earlier question was answered with a given value."""

    section = models.ForeignKey(Section, models.CASCADE, related_name="questions", verbose_name=_("section"))
    position = models.PositiveSmallIntegerField(pgettext_lazy("sequence", "position"), default=1)
    kind = models.CharField(_("type"), max_length=16, choices=QuestionType.choices)
    text_kk = models.TextField(_("question (Kazakh)"))
    text_ru = models.TextField(_("question (Russian)"))
    text_en = models.TextField(_("question (English)"))
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

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return translated(self, "text")

    def text_in(self, language: str) -> str:
        return translated(self, "text", language)

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


class Choice(models.Model):
    """An option of a choice question, or a row (competency) of a matrix."""

    question = models.ForeignKey(Question, models.CASCADE, related_name="choices", verbose_name=_("question"))
    position = models.PositiveSmallIntegerField(pgettext_lazy("sequence", "position"), default=1)
    code = models.SlugField(
        _("code"), max_length=64, help_text=_("A short stable name used by conditions and to pair matrix rows.")
    )
    text_kk = models.CharField(_("text (Kazakh)"), max_length=500)
    text_ru = models.CharField(_("text (Russian)"), max_length=500)
    text_en = models.CharField(_("text (English)"), max_length=500)

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

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return translated(self, "text")

    def text_in(self, language: str) -> str:
        return translated(self, "text", language)


# ---- Campaigns -----------------------------------------------------------------------------------------------
class CampaignQuerySet(ScopedQuerySet):
    """Who sees which campaign.

    The Career Center sees and runs every campaign; management reads them all. A department (a dean's
    office: its faculty) sees and, with write access, runs its own campaigns (department set), and also
    reads the institution-wide ones, whose figures are then limited to its own audience
    (see `results_departments`).
    """

    institution_path = "institution"
    faculty_path = "department__faculty"
    department_path = "department"

    def for_user(self, user: Any, action: str = VIEW) -> Self:
        if not user.is_authenticated:
            return self.none()
        q = scope_q(
            user, action, institution_path=self.institution_path, faculty_path=self.faculty_path,
            department_path=self.department_path,
        )  # fmt: skip
        if q is None:
            return self
        if action == VIEW:
            local = {m.institution_id for m in memberships_for(user, VIEW) if m.role in LOCAL_ROLES}
            if local:
                q |= Q(department__isnull=True, institution_id__in=sorted(local))
        return self.filter(q) if q else self.none()

    def with_list_related(self) -> Self:
        """Counts as subqueries: joining invitations and responses would multiply their rows."""
        return self.select_related("questionnaire", "department").annotate(
            invited=_count(Invitation.objects.all()),
            responded=_count(Invitation.objects.filter(has_responded=True)),
            submitted=_count(Response.objects.filter(status=ResponseStatus.SUBMITTED)),
        )


def _count(rows: models.QuerySet[Any]) -> Any:
    per_campaign = rows.filter(campaign=models.OuterRef("pk")).order_by().values("campaign")
    counted = per_campaign.annotate(n=models.Count("pk")).values("n")
    return Coalesce(models.Subquery(counted), 0)


class Campaign(TranslatedTitle, TimeStampedModel):
    """One run of a questionnaire for an audience within a window (e.g. the 2026 employer survey)."""

    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="survey_campaigns", verbose_name=_("institution")
    )
    questionnaire = models.ForeignKey(
        Questionnaire, models.PROTECT, related_name="campaigns", verbose_name=_("questionnaire")
    )
    kind = models.CharField(_("audience"), max_length=16, choices=SurveyKind.choices)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"), help_text=_("The last day answers are accepted; links expire then."))
    anonymous = models.BooleanField(
        _("anonymous"), default=True, help_text=_("No link between an answer and a person is stored.")
    )
    min_slice = models.PositiveSmallIntegerField(
        _("minimum slice size"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Results of any group with fewer respondents are not shown."),
    )
    public_link = models.BooleanField(
        _("public link"), default=False, help_text=_("Anyone with the public link may answer (no invitation).")
    )
    public_slug = models.CharField(_("public link key"), max_length=32, unique=True, default=_new_slug, editable=False)
    language = models.CharField(
        _("default language"), max_length=2, choices=settings.LANGUAGES, default="kk",
        help_text=_("For recipients whose language is not known."),
    )  # fmt: skip
    # Audience, from the platform's own data.
    department = models.ForeignKey(
        "core.Department", models.PROTECT, null=True, blank=True, related_name="survey_campaigns",
        verbose_name=_("department"), help_text=_("Leave empty for the whole institution."),
    )  # fmt: skip
    programs = models.ManyToManyField(
        "core.EducationalProgram", blank=True, related_name="survey_campaigns", verbose_name=_("programs"),
        help_text=_("Leave empty for every program (of the department)."),
    )  # fmt: skip
    cohort = models.PositiveSmallIntegerField(
        _("graduation year"), null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("Graduating students: the year they graduate; alumni: the year they graduated."),
    )  # fmt: skip
    organizations = models.ManyToManyField(
        "employers.Organization", blank=True, related_name="survey_campaigns", verbose_name=_("organizations"),
        help_text=_("Employer surveys: leave empty for every organization with an e-mail."),
    )  # fmt: skip
    headline_question = models.ForeignKey(
        Question, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("headline question"),
        help_text=_("A scale, number or matrix question whose mean is the campaign's score (KPI-17.8)."),
    )  # fmt: skip
    launched_at = models.DateTimeField(_("launched"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed early"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, editable=False, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = CampaignQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        ordering = ["-opens_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="surveys_campaign_closes_after_opening",
                violation_error_message=_("The campaign must close on or after the day it opens."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:campaign_detail", args=[self.pk])

    @property
    def closes_at(self) -> dt.datetime:
        """The moment links stop working: the end of the closing day (local time)."""
        end = dt.datetime.combine(self.closes_on + dt.timedelta(days=1), dt.time.min)
        return timezone.make_aware(end)

    def status_on(self, now: dt.datetime | None = None) -> str:
        now = now or timezone.now()
        if self.launched_at is None:
            return CampaignStatus.DRAFT
        if self.closed_at is not None or now >= self.closes_at:
            return CampaignStatus.CLOSED
        if timezone.localdate(now) < self.opens_on:
            return CampaignStatus.SCHEDULED
        return CampaignStatus.OPEN

    @property
    def status(self) -> str:
        return self.status_on()

    def get_status_display(self) -> str:
        return str(CampaignStatus(self.status).label)

    @property
    def is_open(self) -> bool:
        return self.status == CampaignStatus.OPEN

    @property
    def asks_organizations(self) -> bool:
        from mansap.surveys.choices import ORGANIZATION_KINDS

        return self.kind in ORGANIZATION_KINDS

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("The campaign must close on or after the day it opens.")
        if self.questionnaire_id:
            if self.institution_id and self.questionnaire.institution_id != self.institution_id:
                errors["questionnaire"] = _("The questionnaire belongs to another institution.")
            if self.kind and self.questionnaire.kind != self.kind:
                errors["questionnaire"] = _("The questionnaire is written for another audience.")
        q = self.headline_question if self.headline_question_id else None
        if q is not None:
            if q.section.questionnaire_id != self.questionnaire_id:
                errors["headline_question"] = _("The headline question must belong to the campaign's questionnaire.")
            elif q.kind not in {QuestionType.LIKERT.value, QuestionType.NUMBER.value, QuestionType.MATRIX.value}:
                errors["headline_question"] = _("The headline question must be a scale, number or matrix question.")
        department = self.department if self.department_id else None
        if department is not None and self.institution_id and department.faculty.institution_id != self.institution_id:
            errors["department"] = _("The department belongs to another institution.")
        if errors:
            raise ValidationError(errors)


class InvitationQuerySet(ScopedQuerySet):
    institution_path = "campaign__institution"
    faculty_path = "campaign__department__faculty"
    department_path = "campaign__department"


class Invitation(models.Model):
    """A person (student) or organization asked to answer a campaign; never linked to the answer itself."""

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="invitations", verbose_name=_("campaign"))
    student = models.ForeignKey(
        "core.Student", models.CASCADE, null=True, blank=True, related_name="survey_invitations",
        verbose_name=_("student"),
    )  # fmt: skip
    organization = models.ForeignKey(
        "employers.Organization", models.CASCADE, null=True, blank=True, related_name="survey_invitations",
        verbose_name=_("organization"),
    )  # fmt: skip
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="kk")
    # Slicing attributes for response rates (invited vs responded by program and department).
    program = models.ForeignKey(
        "core.EducationalProgram", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("program")
    )
    department = models.ForeignKey(
        "core.Department", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("department")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    has_responded = models.BooleanField(_("has responded"), default=False)

    objects = InvitationQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "student"], condition=Q(student__isnull=False),
                name="surveys_invitation_student_once",
                violation_error_message=_("This student is already invited to the campaign."),
            ),
            models.UniqueConstraint(
                fields=["campaign", "organization"], condition=Q(organization__isnull=False),
                name="surveys_invitation_organization_once",
                violation_error_message=_("This organization is already invited to the campaign."),
            ),
            models.CheckConstraint(
                condition=Q(student__isnull=False) | Q(organization__isnull=False),
                name="surveys_invitation_has_recipient",
                violation_error_message=_("An invitation names a student or an organization."),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.recipient_name

    @property
    def recipient_name(self) -> str:
        if self.student is not None:
            return self.student.full_name
        return str(self.organization) if self.organization_id else ""


class ResponseQuerySet(ScopedQuerySet):
    institution_path = "campaign__institution"
    faculty_path = "campaign__department__faculty"
    department_path = "campaign__department"

    def submitted(self) -> Self:
        return self.filter(status=ResponseStatus.SUBMITTED)


class Response(models.Model):
    """One respondent's answers to a campaign; for anonymous campaigns no column leads to the person."""

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="responses", verbose_name=_("campaign"))
    status = models.CharField(_("status"), max_length=16, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.LINK)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="kk")
    # Slicing attributes, copied when the answer is submitted (results never reach the person).
    program = models.ForeignKey(
        "core.EducationalProgram", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("program")
    )
    department = models.ForeignKey(
        "core.Department", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("department")
    )
    cohort = models.PositiveSmallIntegerField(_("graduation year"), null=True, blank=True)
    # Only for campaigns that are not anonymous.
    respondent_student = models.ForeignKey(
        "core.Student", models.SET_NULL, null=True, blank=True, related_name="survey_responses",
        verbose_name=_("respondent (student)"),
    )  # fmt: skip
    respondent_organization = models.ForeignKey(
        "employers.Organization", models.SET_NULL, null=True, blank=True, related_name="survey_responses",
        verbose_name=_("respondent (organization)"),
    )  # fmt: skip
    # A draft is found again through a key derived from its link; the key is wiped on submission.
    resume_key = models.CharField(_("resume key"), max_length=64, null=True, blank=True, unique=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("entered by (interviewer)"),
    )  # fmt: skip
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)

    objects = ResponseQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ResponseStatus.DRAFT) | Q(resume_key__isnull=True),
                name="surveys_response_submitted_has_no_key",
                violation_error_message=_("A submitted answer keeps no resume key."),
            )
        ]
        indexes = [models.Index(fields=["campaign", "status"], name="surveys_response_campaign")]

    def __str__(self) -> str:
        return f"{self.campaign} #{self.pk}"


class Answer(models.Model):
    """One value of a response: a chosen option, a matrix cell (row + rating), a number or a text."""

    response = models.ForeignKey(Response, models.CASCADE, related_name="answers", verbose_name=_("response"))
    question = models.ForeignKey(Question, models.CASCADE, related_name="answers", verbose_name=_("question"))
    choice = models.ForeignKey(
        Choice, models.CASCADE, null=True, blank=True, related_name="answers", verbose_name=_("choice or row")
    )
    number = models.DecimalField(
        pgettext_lazy("numeric answer", "number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["pk"]
        indexes = [models.Index(fields=["question", "response"], name="surveys_answer_question")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.choice_id or self.number or self.text}"


# ---- The response cycle after the results (R-071) -------------------------------------------------------------
class ResultsResponseQuerySet(ScopedQuerySet):
    """A unit's response is its department's (a dean's office: its faculty's); the CC and management see all."""

    institution_path = "campaign__institution"
    faculty_path = "department__faculty"
    department_path = "department"

    def published(self) -> Self:
        return self.filter(status=UnitResponseStatus.PUBLISHED)


class ResultsResponse(TimeStampedModel):
    """A unit's summary of a campaign's results and its plan of actions on the respondents' suggestions.

    R-071: each evaluated unit presents its summary and response plan within four weeks of receiving the
    results; quality assurance reviews it and it is published to students.
    """

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="unit_responses", verbose_name=_("campaign"))
    department = models.ForeignKey(
        "core.Department", models.PROTECT, related_name="survey_unit_responses", verbose_name=_("unit (department)")
    )
    summary = models.TextField(_("summary of the results"))
    actions = models.TextField(
        _("planned actions"), help_text=_("What the unit will do about the respondents' suggestions, and by when.")
    )
    due_on = models.DateField(_("due"), help_text=_("Four weeks after the results were received."))
    status = models.CharField(
        _("status"), max_length=16, choices=UnitResponseStatus.choices, default=UnitResponseStatus.DRAFT
    )
    submitted_on = models.DateField(_("presented on"), null=True, blank=True, editable=False)
    published_on = models.DateField(_("published on"), null=True, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, editable=False, related_name="+",
        verbose_name=_("author"),
    )  # fmt: skip
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, editable=False, related_name="+",
        verbose_name=_("reviewed by"),
    )  # fmt: skip

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ResultsResponseQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("unit response to survey results")
        verbose_name_plural = _("unit responses to survey results")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "department"],
                name="surveys_resultsresponse_once_per_unit",
                violation_error_message=_("This unit has already responded to the campaign's results."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.department} · {self.campaign}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:campaign_results", args=[self.campaign_id]) + f"#unit-response-{self.pk}"

    @property
    def is_overdue(self) -> bool:
        late = self.submitted_on > self.due_on if self.submitted_on else timezone.localdate() > self.due_on
        return bool(late)


# The channels a campaign's response may arrive through; `Channel` re-exported for callers.
__all__ = [
    "Answer", "Campaign", "Channel", "Choice", "Invitation", "Question", "Questionnaire", "Response", "ResultsResponse",
    "Section",
]  # fmt: skip

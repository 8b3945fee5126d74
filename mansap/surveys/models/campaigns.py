"""Campaigns (a questionnaire sent to an audience) and their personal invitations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.common.partitioning import InstitutionFromParent, InstitutionRowQuerySet
from mansap.core.models.base import TimeStampedModel
from mansap.surveys.choices import (
    PERSONAL_LINK_ONLY_KINDS,
    CampaignStatus,
    QuestionType,
    SurveyKind,
)
from mansap.surveys.models.builder import Question, Questionnaire, TranslatedTitle, _new_slug
from mansap.surveys.querysets import CampaignQuerySet, InvitationQuerySet

# Until the student body module knows who graduates, the graduation year is what tells graduating students
# apart: a campaign without one asked every student of years 1 to 4 (issue #12).
GRADUATING_YEAR_REQUIRED = _(
    "Choose the graduation year: without it the campaign would ask every student of every year of study."
)


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

    @property
    def asks_listeners(self) -> bool:
        """An end-of-course survey: its audience is the campaign's list of course listeners (R-066)."""
        from mansap.surveys.choices import LISTENER_KINDS

        return self.kind in LISTENER_KINDS

    @property
    def accepts_public_answers(self) -> bool:
        """Whether the public link takes answers: it is on, and the kind is not one of personal links only
        (an employer campaign saved with a public link before the rule keeps the flag, and takes nothing)."""
        return self.public_link and self.kind not in PERSONAL_LINK_ONLY_KINDS

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        # The API as the form (common.forms.OneLanguageRequiredMixin): one language is enough, none is not.
        if not any(str(getattr(self, f"title_{code}") or "").strip() for code in ("kk", "ru", "en")):
            errors["title_kk"] = _("Enter it in at least one language: Kazakh, Russian or English.")
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("The campaign must close on or after the day it opens.")
        if self.questionnaire_id:
            if self.institution_id and self.questionnaire.institution_id != self.institution_id:
                errors["questionnaire"] = _("The questionnaire belongs to another institution.")
            if self.kind and self.questionnaire.kind != self.kind:
                errors["questionnaire"] = _("The questionnaire is written for another audience.")
        if self.public_link and self.kind in PERSONAL_LINK_ONLY_KINDS:
            errors["public_link"] = _(
                "The employer survey feeds KPI-17.8 and is answered through personal links only: "
                "it cannot have a public link."
            )
        q = self.headline_question if self.headline_question_id else None
        if q is not None:
            if q.section.questionnaire_id != self.questionnaire_id:
                errors["headline_question"] = _("The headline question must belong to the campaign's questionnaire.")
            elif q.kind not in {QuestionType.LIKERT.value, QuestionType.NUMBER.value, QuestionType.MATRIX.value}:
                errors["headline_question"] = _("The headline question must be a scale, number or matrix question.")
        if self.kind == SurveyKind.GRADUATING and not self.cohort:
            errors["cohort"] = GRADUATING_YEAR_REQUIRED
        department = self.department if self.department_id else None
        if department is not None and self.institution_id and department.faculty.institution_id != self.institution_id:
            errors["department"] = _("The department belongs to another institution.")
        if errors:
            raise ValidationError(errors)


class CourseListener(InstitutionFromParent, models.Model):
    """A listener of an additional-education course, in an end-of-course campaign's audience (R-066).

    Imported from a spreadsheet or typed in before the launch; (e-mail, course) identifies a listener within the
    campaign, so importing the same file again adds nobody."""

    institution_from = ("campaign", "institution_id")
    # Its institution, the same as its campaign's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="listeners", verbose_name=_("campaign"))
    full_name = models.CharField(_("full name"), max_length=255)
    email = models.EmailField(_("e-mail"))
    course = models.CharField(_("course"), max_length=255)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="kk")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = InstitutionRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("course listener")
        verbose_name_plural = _("course listeners")
        ordering = ["course", "full_name", "pk"]
        indexes = [models.Index(fields=["institution", "course"], name="surveys_listener_inst_course")]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "email", "course"], name="surveys_listener_once_per_course",
                violation_error_message=_("This listener of this course is already on the list."),
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.full_name} ({self.course})"


class Invitation(InstitutionFromParent, models.Model):
    """A person (student or course listener) or organization asked to answer a campaign; never linked to the
    answer itself."""

    institution_from = ("campaign", "institution_id")
    # Its institution, the same as its campaign's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="invitations", verbose_name=_("campaign"))
    student = models.ForeignKey(
        "core.Student", models.CASCADE, null=True, blank=True, related_name="survey_invitations",
        verbose_name=_("student"),
    )  # fmt: skip
    organization = models.ForeignKey(
        "employers.Organization", models.CASCADE, null=True, blank=True, related_name="survey_invitations",
        verbose_name=_("organization"),
    )  # fmt: skip
    listener = models.ForeignKey(
        CourseListener, models.CASCADE, null=True, blank=True, related_name="invitations",
        verbose_name=_("course listener"),
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
        indexes = [models.Index(fields=["institution", "campaign"], name="surveys_invit_inst_campaign")]
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
            models.UniqueConstraint(
                fields=["campaign", "listener"], condition=Q(listener__isnull=False),
                name="surveys_invitation_listener_once",
                violation_error_message=_("This listener is already invited to the campaign."),
            ),
            models.CheckConstraint(
                condition=Q(student__isnull=False) | Q(organization__isnull=False) | Q(listener__isnull=False),
                name="surveys_invitation_has_recipient",
                violation_error_message=_("An invitation names a student, an organization or a course listener."),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.recipient_name

    @property
    def recipient_name(self) -> str:
        if self.student is not None:
            return self.student.full_name
        if self.listener_id:
            return self.listener.full_name  # type: ignore[union-attr]
        return str(self.organization) if self.organization_id else ""

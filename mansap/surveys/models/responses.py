"""Responses and their answers; anonymous responses keep no path to a person.

Anonymity is a property of the schema, not of the screens: a Response of an anonymous campaign keeps
only slicing attributes (program, department, cohort, language, channel); its respondent columns stay
empty, no column names its invitation, and the resume key of a draft (a hash the link can recompute)
is wiped when the answer is submitted. The invitation only learns `has_responded`, so reminders stop.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mansap.common.partitioning import InstitutionFromParent, InstitutionRowQuerySet
from mansap.surveys.choices import (
    Channel,
    ResponseStatus,
)
from mansap.surveys.querysets import ResponseQuerySet


class Response(InstitutionFromParent, models.Model):
    """One respondent's answers to a campaign; for anonymous campaigns no column leads to the person."""

    institution_from = ("campaign", "institution_id")
    # Its institution, the same as its campaign's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    campaign = models.ForeignKey(
        "surveys.Campaign", models.CASCADE, related_name="responses", verbose_name=_("campaign")
    )
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
        indexes = [
            models.Index(fields=["campaign", "status"], name="surveys_response_campaign"),
            models.Index(fields=["institution", "status"], name="surveys_response_inst_status"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} #{self.pk}"


class Answer(InstitutionFromParent, models.Model):
    """One value of a response: a chosen option, a matrix cell (row + rating), a number or a text."""

    institution_from = ("response", "institution_id")
    # Its institution, the same as its response's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    response = models.ForeignKey(Response, models.CASCADE, related_name="answers", verbose_name=_("response"))
    question = models.ForeignKey("surveys.Question", models.CASCADE, related_name="answers", verbose_name=_("question"))
    choice = models.ForeignKey(
        "surveys.Choice", models.CASCADE, null=True, blank=True, related_name="answers", verbose_name=_("choice or row")
    )
    number = models.DecimalField(
        pgettext_lazy("numeric answer", "number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    text = models.TextField(_("text"), blank=True)

    objects = InstitutionRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["question", "response"], name="surveys_answer_question"),
            models.Index(fields=["institution", "response"], name="surveys_answer_inst_response"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.choice_id or self.number or self.text}"

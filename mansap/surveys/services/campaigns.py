"""Campaigns: saving, the audience from the platform's data, launch, invitations, closing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mansap.core.choices import StudentStatus
from mansap.core.models import Institution, Student
from mansap.core.querysets import CHANGE
from mansap.employers.models import Organization
from mansap.surveys.choices import (
    LANGUAGE_CODES,
    CampaignStatus,
    SurveyKind,
)
from mansap.surveys.models import (
    Campaign,
    Invitation,
    Question,
)
from mansap.surveys.services.links import base_url, link_path


def default_institution(user: Any) -> Institution | None:
    """The institution a new campaign of this user belongs to (the first one they may change)."""
    return Institution.objects.for_user(user, CHANGE).order_by("pk").first()


@transaction.atomic
def save_campaign(campaign: Campaign, *, acting_user: Any, programs: Any = None, organizations: Any = None) -> Campaign:
    """Create or change a campaign (the page and the API): a new one belongs to the user's institution and
    records its author; validated like a form; the audience lists are set when given."""
    if campaign.pk is None:
        if not campaign.institution_id:
            institution = default_institution(acting_user)
            if institution is None:
                raise ValidationError(_("You may not create campaigns."), code="no_institution")
            campaign.institution = institution
        campaign.created_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    campaign.full_clean()
    campaign.save()
    if programs is not None:
        campaign.programs.set(programs)
    if organizations is not None:
        campaign.organizations.set(organizations)
    return campaign


# ---- Audience ------------------------------------------------------------------------------------------------
def audience_students(campaign: Campaign, programs: Any = None) -> QuerySet[Student]:
    """The students (or graduates) a student campaign asks, from the platform's own records.

    `programs` overrides the campaign's own (the form's choice before the campaign is saved).
    """
    students = Student.objects.filter(institution_id=campaign.institution_id)
    if campaign.department_id:
        students = students.filter(program__department_id=campaign.department_id)
    if programs is None and campaign.pk:
        programs = list(campaign.programs.all())
    if programs:
        students = students.filter(program__in=programs)
    if campaign.kind == SurveyKind.ALUMNI:
        students = students.filter(graduation_date__isnull=False)
        if campaign.cohort:
            students = students.filter(graduation_date__year=campaign.cohort)
    else:
        students = students.filter(status=StudentStatus.STUDYING)
        if campaign.kind == SurveyKind.GRADUATING and campaign.cohort:
            students = students.annotate(expected=F("admission_year") + F("program__duration_years")).filter(
                expected=campaign.cohort
            )
    return students


def audience_organizations(campaign: Campaign, organizations: Any = None) -> QuerySet[Organization]:
    if organizations is None and campaign.pk:
        organizations = list(campaign.organizations.all())
    if organizations:
        return Organization.objects.filter(pk__in=[o.pk for o in organizations])
    return Organization.objects.filter(institution_id=campaign.institution_id).exclude(email="")


@dataclass
class AudiencePreview:
    total: int
    with_email: int
    by_department: list[tuple[str, int]]


def audience_preview(campaign: Campaign, programs: Any = None, organizations: Any = None) -> AudiencePreview:
    """How many the campaign would invite, how many can get an e-mail, and per department (students)."""
    if campaign.asks_organizations:
        orgs = audience_organizations(campaign, organizations)
        total = orgs.count()
        return AudiencePreview(total=total, with_email=orgs.exclude(email="").count(), by_department=[])
    students = audience_students(campaign, programs)
    total = students.count()
    with_email = students.exclude(email="").count()
    rows = (
        students.values("program__department__code")
        .annotate(n=models.Count("pk"))
        .order_by("program__department__code")
    )
    return AudiencePreview(
        total=total, with_email=with_email, by_department=[(r["program__department__code"], r["n"]) for r in rows]
    )


def _recipient_language(user: Any, default: str) -> str:
    language = getattr(user, "language", "") if user is not None else ""
    return language if language in LANGUAGE_CODES else default


@transaction.atomic
def launch_campaign(campaign: Campaign, *, acting_user: Any) -> int:
    """Freeze the audience: one invitation per student or organization. Returns the number invited."""
    given = campaign
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.launched_at is not None:
        raise ValidationError(_("The campaign has already been launched."), code="launched")
    if not Question.objects.filter(section__questionnaire_id=campaign.questionnaire_id).exists():
        raise ValidationError(_("The questionnaire has no questions yet."), code="empty")
    if campaign.closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("The campaign's window is already over; move its closing day.")})
    invitations = []
    if campaign.asks_organizations:
        orgs = audience_organizations(campaign).prefetch_related("contacts__user")
        for org in orgs:
            contact = next(iter(org.contacts.all()), None)
            email = org.email or (contact.user.email if contact else "")
            invitations.append(
                Invitation(
                    campaign=campaign,
                    organization=org,
                    email=email,
                    language=_recipient_language(contact.user if contact else None, campaign.language),
                )
            )
    else:
        students = audience_students(campaign).select_related("program", "user")
        for student in students:
            invitations.append(
                Invitation(
                    campaign=campaign,
                    student=student,
                    email=student.email,
                    # the account's language, else the language of instruction, else the campaign's
                    language=_recipient_language(student.user, student.preferred_language(campaign.language)),
                    program_id=student.program_id,
                    department_id=student.program.department_id if student.program_id else None,
                )
            )
    Invitation.objects.bulk_create(invitations, batch_size=500)
    campaign.launched_at = given.launched_at = timezone.now()
    campaign.save(update_fields=["launched_at", "updated_at"])
    return len(invitations)


def close_campaign(campaign: Campaign, *, acting_user: Any) -> None:
    if campaign.launched_at is None:
        raise ValidationError(_("A campaign that was never launched cannot be closed."), code="draft")
    if campaign.closed_at is None:
        campaign.closed_at = timezone.now()
        campaign.save(update_fields=["closed_at", "updated_at"])


def send_invitations(
    campaign: Campaign, *, acting_user: Any, reminder: bool = False, site_url: str = "", quiet_days: int = 0
) -> int:
    """E-mail personal links (or reminders to those who have not answered) in each recipient's language.

    `quiet_days` (reminders): skip those sent a link or a reminder within that many days.
    """
    if campaign.status not in (CampaignStatus.OPEN, CampaignStatus.SCHEDULED):
        raise ValidationError(_("Invitations can be sent only while the campaign is launched and not closed."))
    pending = campaign.invitations.filter(has_responded=False).exclude(email="").select_related("student")
    pending = pending.filter(sent_at__isnull=False) if reminder else pending.filter(sent_at__isnull=True)
    if reminder and quiet_days:
        since = timezone.now() - dt.timedelta(days=quiet_days)
        pending = pending.filter(sent_at__lt=since).exclude(last_reminded_at__gte=since)
    site = (site_url or base_url()).rstrip("/")
    now = timezone.now()
    messages, sent = [], []
    questionnaire = campaign.questionnaire
    for invitation in pending.order_by("pk"):
        with translation.override(invitation.language):
            context = {
                "campaign": campaign,
                "title": campaign.title_in(invitation.language),
                "questionnaire_title": questionnaire.title_in(invitation.language),
                "name": invitation.student.first_name if invitation.student is not None else "",
                "url": site + link_path(invitation),
                "closes_on": campaign.closes_on,
                "reminder": reminder,
                "anonymous": campaign.anonymous,
            }
            subject = (_("Reminder: {title}") if reminder else _("Survey: {title}")).format(title=context["title"])
            body = render_to_string("surveys/email/invitation.txt", context)
        messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email]))
        if reminder:
            invitation.reminders_sent += 1
            invitation.last_reminded_at = now
        else:
            invitation.sent_at = now
        sent.append(invitation)
    if messages:
        get_connection().send_messages(messages)
        fields = ["reminders_sent", "last_reminded_at"] if reminder else ["sent_at"]
        Invitation.objects.bulk_update(sent, fields, batch_size=500)
    return len(sent)


def campaigns_of_year(institution: Institution, year: int, kind: str) -> QuerySet[Campaign]:
    """Launched campaigns of a kind whose window closes in a calendar year, latest first."""
    return Campaign.objects.filter(
        institution=institution, kind=kind, closes_on__year=year, launched_at__isnull=False
    ).order_by("-closes_on", "-pk")


def window_days(campaign: Campaign) -> int:
    return (campaign.closes_on - campaign.opens_on).days + 1

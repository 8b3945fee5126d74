"""Campaigns: saving, the audience from the platform's data, launch, invitations, closing.

Who may run a campaign is decided by the pages and the API (core.access: a campaign is changed within the
user's change scope); a new campaign belongs to the first institution the user may change as a whole.
Invitations are e-mailed in each recipient's language once the transaction that records them commits
(common.mail).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mansap.common.confirm import require_confirmed_count
from mansap.common.history import attributed
from mansap.common.links import site_url as _site_url
from mansap.common.mail import localized_message, recipient_language, send_messages_on_commit
from mansap.core import contingent
from mansap.core.access import CHANGE, institution_for
from mansap.core.choices import StudentStatus
from mansap.core.models import EducationalProgram, Institution, Student
from mansap.employers.models import Organization
from mansap.surveys.choices import (
    CampaignStatus,
    SurveyKind,
)
from mansap.surveys.models import (
    GRADUATING_YEAR_REQUIRED,
    Campaign,
    Invitation,
    Question,
)
from mansap.surveys.services.links import survey_link

if TYPE_CHECKING:
    from mansap.core.models import User


@transaction.atomic
def save_campaign(
    campaign: Campaign,
    *,
    acting_user: User,
    programs: Iterable[EducationalProgram] | None = None,
    organizations: Iterable[Organization] | None = None,
) -> Campaign:
    """Create or change a campaign (the page and the API): a new one belongs to the user's institution and
    records its author; validated like a form; the audience lists are set when given."""
    if campaign.pk is None:
        if not campaign.institution_id:
            # The first institution the user may change as a whole (a superuser: the lowest pk).
            institution = institution_for(acting_user, CHANGE)
            if institution is None:
                raise ValidationError(_("You may not create campaigns."), code="no_institution")
            campaign.institution = institution
        campaign.created_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    campaign.full_clean()
    attributed(campaign, acting_user).save()
    if programs is not None:
        campaign.programs.set(programs)
    if organizations is not None:
        campaign.organizations.set(organizations)
    return campaign


# ---- Audience ------------------------------------------------------------------------------------------------
def audience_students(campaign: Campaign, programs: Sequence[EducationalProgram] | None = None) -> QuerySet[Student]:
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
        if campaign.kind == SurveyKind.GRADUATING:
            if not campaign.cohort:
                # The graduation year is what tells them apart: without it nobody is a graduating student (never
                # "every student of years 1 to 4").
                return students.none()
            # Expected to graduate in the year by their program's length and their orders (leave, reinstatement,
            # transfer: the student body's reader through core.contingent; surveys may not import it).
            students = contingent.reader().expected_graduates(students, campaign.cohort)  # type: ignore[assignment]
    return students


def audience_count(campaign: Campaign) -> int:
    """How many a launch would invite now (the number the launch's confirmation shows and checks)."""
    if campaign.asks_listeners:
        return campaign.listeners.count() if campaign.pk else 0
    if campaign.asks_organizations:
        return audience_organizations(campaign).count()
    return audience_students(campaign).count()


def audience_organizations(
    campaign: Campaign, organizations: Sequence[Organization] | None = None
) -> QuerySet[Organization]:
    """The organizations an employer campaign asks: those chosen, else every one of the institution with an e-mail."""
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


def audience_preview(
    campaign: Campaign,
    programs: Sequence[EducationalProgram] | None = None,
    organizations: Sequence[Organization] | None = None,
) -> AudiencePreview:
    """How many the campaign would invite, how many can get an e-mail, and per department (students)."""
    if campaign.asks_listeners:
        total = campaign.listeners.count() if campaign.pk else 0
        return AudiencePreview(total=total, with_email=total, by_department=[])
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


@transaction.atomic
def launch_campaign(campaign: Campaign, *, acting_user: User | None, confirmed_count: int | None = None) -> int:
    """Freeze the audience: one invitation per student or organization. Returns the number invited.

    A person confirms the size of the audience first (`confirmed_count`, see common.confirm.require_confirmed_count).
    """
    given = campaign
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.launched_at is not None:
        raise ValidationError(_("The campaign has already been launched."), code="launched")
    if campaign.kind == SurveyKind.GRADUATING and not campaign.cohort:
        raise ValidationError({"cohort": GRADUATING_YEAR_REQUIRED}, code="no_cohort")
    if not Question.objects.filter(section__questionnaire_id=campaign.questionnaire_id).exists():
        raise ValidationError(_("The questionnaire has no questions yet."), code="empty")
    if campaign.closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("The campaign's window is already over; move its closing day.")})
    require_confirmed_count(audience_count(campaign), confirmed_count, acting_user=acting_user)
    invitations = []
    if campaign.asks_listeners:
        invitations = [
            Invitation(campaign=campaign, listener=listener, email=listener.email, language=listener.language)
            for listener in campaign.listeners.order_by("pk")
        ]
    elif campaign.asks_organizations:
        orgs = audience_organizations(campaign).prefetch_related("contacts__user")
        for org in orgs:
            contact = next(iter(org.contacts.all()), None)
            email = org.email or (contact.user.email if contact else "")
            invitations.append(
                Invitation(
                    campaign=campaign,
                    organization=org,
                    email=email,
                    language=recipient_language(contact.user if contact else None, campaign.language),
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
                    language=recipient_language(student.user, student.preferred_language(campaign.language)),
                    program_id=student.program_id,
                    department_id=student.program.department_id if student.program_id else None,
                )
            )
    Invitation.objects.bulk_create(invitations, batch_size=500)
    campaign.launched_at = given.launched_at = timezone.now()
    attributed(campaign, acting_user).save(update_fields=["launched_at", "updated_at"])
    return len(invitations)


@transaction.atomic
def close_campaign(campaign: Campaign, *, acting_user: User) -> None:
    """Close a launched campaign now: its links stop working (an already closed one is left as it is)."""
    if campaign.launched_at is None:
        raise ValidationError(_("A campaign that was never launched cannot be closed."), code="draft")
    if campaign.closed_at is None:
        campaign.closed_at = timezone.now()
        attributed(campaign, acting_user).save(update_fields=["closed_at", "updated_at"])


def pending_invitations(campaign: Campaign, *, reminder: bool = False, quiet_days: int = 0) -> QuerySet[Invitation]:
    """The invitations a send would e-mail now: not sent yet, or (reminder) sent and not answered."""
    pending = campaign.invitations.filter(has_responded=False).exclude(email="")
    pending = pending.filter(sent_at__isnull=False) if reminder else pending.filter(sent_at__isnull=True)
    if reminder and quiet_days:
        since = timezone.now() - dt.timedelta(days=quiet_days)
        pending = pending.filter(sent_at__lt=since).exclude(last_reminded_at__gte=since)
    return pending


@transaction.atomic
def send_invitations(
    campaign: Campaign,
    *,
    acting_user: User | None,
    reminder: bool = False,
    site_url: str = "",
    quiet_days: int = 0,
    confirmed_count: int | None = None,
) -> int:
    """E-mail personal links (or reminders to those who have not answered) in each recipient's language.

    `site_url` is the address the links start with (the page passes the request's; else MANSAP_BASE_URL).
    `quiet_days` (reminders): skip those sent a link or a reminder within that many days. `acting_user` is
    None for the reminder command. The e-mails leave in one SMTP connection inside the transaction that
    records them: when the mail server refuses them, nothing is recorded as sent and sending again retries
    (recording first and mailing after the commit would mark unsent invitations as sent). A person confirms
    the number of e-mails first (`confirmed_count`, see common.confirm.require_confirmed_count).
    """
    if campaign.status not in (CampaignStatus.OPEN, CampaignStatus.SCHEDULED):
        raise ValidationError(_("Invitations can be sent only while the campaign is launched and not closed."))
    pending = pending_invitations(campaign, reminder=reminder, quiet_days=quiet_days).select_related(
        "student", "listener"
    )
    require_confirmed_count(pending.count(), confirmed_count, acting_user=acting_user)
    now = timezone.now()
    messages: list[EmailMessage] = []
    sent: list[Invitation] = []
    for invitation in pending.order_by("pk"):
        messages.append(_invitation_message(campaign, invitation, reminder=reminder, site_url=site_url))
        if reminder:
            invitation.reminders_sent += 1
            invitation.last_reminded_at = now
        else:
            invitation.sent_at = now
        sent.append(invitation)
    if messages:
        fields = ["reminders_sent", "last_reminded_at"] if reminder else ["sent_at"]
        Invitation.objects.bulk_update(sent, fields, batch_size=500)
        send_messages_on_commit(messages, on_commit=False)
    return len(sent)


def _invitation_message(campaign: Campaign, invitation: Invitation, *, reminder: bool, site_url: str) -> EmailMessage:
    """The invitation (or reminder) e-mail with the personal link, in the invitation's language."""
    language = invitation.language
    title = campaign.title_in(language)
    context = {
        "campaign": campaign,
        "title": title,
        "questionnaire_title": campaign.questionnaire.title_in(language),
        "name": _recipient_first_name(invitation),
        "url": _site_url(survey_link.path(invitation), base=site_url or None),
        "closes_on": campaign.closes_on,
        "reminder": reminder,
        "anonymous": campaign.anonymous,
    }

    def subject() -> str:  # translated inside the recipient's language
        return (_("Reminder: {title}") if reminder else _("Survey: {title}")).format(title=title)

    return localized_message(
        invitation.email, language, subject=subject, template="surveys/email/invitation.txt", context=context
    )


def _recipient_first_name(invitation: Invitation) -> str:
    if invitation.student is not None:
        return invitation.student.first_name
    if invitation.listener is not None:
        return invitation.listener.full_name
    return ""


def campaigns_of_year(institution: Institution, year: int, kind: str) -> QuerySet[Campaign]:
    """Launched campaigns of a kind whose window closes in a calendar year, latest first."""
    return Campaign.objects.filter(
        institution=institution, kind=kind, closes_on__year=year, launched_at__isnull=False
    ).order_by("-closes_on", "-pk")


def window_days(campaign: Campaign) -> int:
    return (campaign.closes_on - campaign.opens_on).days + 1

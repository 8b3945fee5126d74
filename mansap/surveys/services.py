"""State changes of the surveys app: versions, campaigns, invitations, links and answers.

Links: a personal link carries a signed token (django.core.signing, salt SALT) naming the invitation
and the language; it stops working when the campaign closes (the end of `closes_on`), or once the
invitation has been answered. A draft is found again through `resume_key`, an HMAC of the invitation
(or, for the public link, a random key kept in the visitor's session); submitting wipes the key, so
a submitted anonymous answer keeps no way back to the person.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from mansap.core.choices import INSTITUTION_WIDE_ROLES, StudentStatus
from mansap.core.models import Department, Institution, Student
from mansap.core.querysets import CHANGE, memberships_for
from mansap.employers.models import Organization
from mansap.surveys.choices import (
    CHOICE_TYPES,
    CONDITION_TYPES,
    LANGUAGE_CODES,
    UNIT_RESPONSE_DAYS,
    CampaignStatus,
    Channel,
    QuestionType,
    ResponseStatus,
    SurveyKind,
    UnitResponseStatus,
)
from mansap.surveys.models import (
    Answer,
    Campaign,
    Choice,
    Invitation,
    Question,
    Questionnaire,
    Response,
    ResultsResponse,
    Section,
)

SALT = "mansap.surveys.link"
RESUME_SALT = "mansap.surveys.resume"
# A hard cap on a token's age, whatever the campaign says (a campaign runs for months, not years).
MAX_TOKEN_AGE = 400 * 24 * 3600
SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 5000


# ---- Questionnaire versions ----------------------------------------------------------------------------------
def ensure_editable(questionnaire: Questionnaire) -> None:
    """Refuse to change a questionnaire in place once it has answers."""
    questionnaire._locked = None  # type: ignore[attr-defined, assignment]
    if questionnaire.pk and questionnaire.is_locked:
        raise ValidationError(
            _("This questionnaire already has answers and cannot be changed; copy it to a new version instead."),
            code="locked",
        )


@transaction.atomic
def copy_to_new_version(questionnaire: Questionnaire, *, acting_user: Any) -> Questionnaire:
    """A new, editable version of the family: sections, questions, choices, conditions and pairs copied."""
    last = Questionnaire.objects.filter(family=questionnaire.family).aggregate(v=models.Max("version"))["v"] or 0
    new = Questionnaire.objects.create(
        institution=questionnaire.institution,
        kind=questionnaire.kind,
        title_kk=questionnaire.title_kk,
        title_ru=questionnaire.title_ru,
        title_en=questionnaire.title_en,
        intro_kk=questionnaire.intro_kk,
        intro_ru=questionnaire.intro_ru,
        intro_en=questionnaire.intro_en,
        family=questionnaire.family,
        version=last + 1,
        previous=questionnaire,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    question_map: dict[int, Question] = {}
    old_questions: list[Question] = []
    for section in questionnaire.sections.order_by("position", "pk"):
        new_section = Section.objects.create(
            questionnaire=new,
            position=section.position,
            title_kk=section.title_kk,
            title_ru=section.title_ru,
            title_en=section.title_en,
        )
        for question in section.questions.order_by("position", "pk").prefetch_related("choices"):
            copy = Question.objects.create(
                section=new_section,
                position=question.position,
                kind=question.kind,
                text_kk=question.text_kk,
                text_ru=question.text_ru,
                text_en=question.text_en,
                required=question.required,
                min_value=question.min_value,
                max_value=question.max_value,
                condition_value=question.condition_value,
            )
            Choice.objects.bulk_create(
                Choice(
                    question=copy,
                    position=c.position,
                    code=c.code,
                    text_kk=c.text_kk,
                    text_ru=c.text_ru,
                    text_en=c.text_en,
                )
                for c in question.choices.all()
            )
            question_map[question.pk] = copy
            old_questions.append(question)
    for question in old_questions:
        copy = question_map[question.pk]
        changed = []
        if question.condition_question_id in question_map:
            copy.condition_question = question_map[question.condition_question_id]
            changed.append("condition_question")
        if question.compare_with_id in question_map:
            copy.compare_with = question_map[question.compare_with_id]
            changed.append("compare_with")
        if changed:
            copy.save(update_fields=changed)
    return new


def save_questionnaire(questionnaire: Questionnaire, *, acting_user: Any) -> Questionnaire:
    ensure_editable(questionnaire)
    if questionnaire.pk is None and getattr(acting_user, "pk", None):
        questionnaire.created_by = acting_user
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


def _quoted(questions: list[Question]) -> str:
    return ", ".join(f"«{q.text[:80]}»" for q in questions)


def _renumber(section: Section) -> None:
    """Dense positions 1..n in the section's current order."""
    questions = list(section.questions.order_by("position", "pk"))
    changed = []
    for number, question in enumerate(questions, start=1):
        if question.position != number:
            question.position = number
            changed.append(question)
    if changed:
        Question.objects.bulk_update(changed, ["position"])


def verify_conditions(questionnaire: Questionnaire) -> None:
    """Every condition still names an earlier question able to decide it, with an answer it can give.

    Called after a change inside its transaction: the ValidationError rolls the change back.
    """
    questions = questionnaire.ordered_questions()
    index = {q.pk: i for i, q in enumerate(questions)}
    by_id = {q.pk: q for q in questions}
    for i, question in enumerate(questions):
        cond = by_id.get(question.condition_question_id or 0)
        if cond is None:
            continue
        if index[cond.pk] >= i:
            raise ValidationError(
                _("«{question}» is shown only after an answer to «{condition}», which must come before it.").format(
                    question=question.text[:80], condition=cond.text[:80]
                ),
                code="condition_order",
            )
        if cond.kind not in CONDITION_TYPES:
            raise ValidationError(
                _("«{question}» depends on the answer to «{condition}»; that question must stay a choice, scale or "
                  "number question.").format(question=question.text[:80], condition=cond.text[:80]),
                code="condition_kind",
            )  # fmt: skip
        if cond.kind in CHOICE_TYPES:
            codes = {c.code for c in cond.choices.all()}
            if question.condition_value.strip() not in codes:
                raise ValidationError(
                    _("The choice «{code}» of «{condition}» decides whether «{question}» is shown; change that "
                      "condition first.").format(
                        code=question.condition_value, condition=cond.text[:80], question=question.text[:80]
                    ),
                    code="condition_choice",
                )  # fmt: skip


def save_section(section: Section, *, acting_user: Any) -> Section:
    ensure_editable(section.questionnaire)
    section.full_clean()
    with transaction.atomic():
        section.save()
        verify_conditions(section.questionnaire)
    return section


def delete_section(section: Section, *, acting_user: Any) -> None:
    ensure_editable(section.questionnaire)
    inside = list(section.questions.values_list("pk", flat=True))
    outside = list(
        Question.objects.filter(condition_question_id__in=inside)
        .exclude(section=section)
        .select_related("section")
        .order_by("section__position", "position", "pk")
    )
    if outside:
        raise ValidationError(
            _("The section cannot be deleted: the conditions of {questions} depend on its questions.").format(
                questions=_quoted(outside)
            ),
            code="has_dependents",
        )
    section.delete()


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


@transaction.atomic
def save_question_with_choices(
    question: Question, choices: list[Choice], deleted: list[Choice], *, acting_user: Any
) -> Question:
    """Save a question and its options in the given order (positions 1, 2, ...), dropping `deleted`;
    questions without options lose theirs. The questionnaire's conditions must still hold afterwards."""
    saved = save_question(question, acting_user=acting_user)
    if saved.kind in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.MATRIX):
        for choice in deleted:
            if choice.pk:
                choice.delete()
        for position, choice in enumerate(choices, start=1):
            choice.position = position
            choice.question = saved
            choice.save()
    else:
        saved.choices.all().delete()
    verify_conditions(saved.section.questionnaire)
    return saved


def save_question(question: Question, *, acting_user: Any) -> Question:
    ensure_editable(question.section.questionnaire)
    question.full_clean()
    question.save()
    return question


def delete_question(question: Question, *, acting_user: Any) -> None:
    """Refused while other questions' conditions (or a competency pair) depend on it; positions stay dense."""
    ensure_editable(question.section.questionnaire)
    dependents = list(
        Question.objects.filter(models.Q(condition_question=question) | models.Q(compare_with=question))
        .exclude(pk=question.pk)
        .select_related("section")
        .order_by("section__position", "position", "pk")
    )
    if dependents:
        raise ValidationError(
            _("The question cannot be deleted: {questions} depend on it (a condition or a competency pair); "
              "change them first.").format(questions=_quoted(dependents)),
            code="has_dependents",
        )  # fmt: skip
    section = question.section
    with transaction.atomic():
        question.delete()
        _renumber(section)


def delete_choice(choice: Choice, *, acting_user: Any) -> None:
    """Refused while a condition is decided by this choice; the other choices keep dense positions."""
    question = choice.question
    ensure_editable(question.section.questionnaire)
    dependents = list(
        Question.objects.filter(condition_question=question, condition_value=choice.code)
        .select_related("section")
        .order_by("section__position", "position", "pk")
    )
    if dependents:
        raise ValidationError(
            _("The choice «{choice}» cannot be deleted: the condition of {questions} uses it.").format(
                choice=choice.text[:80], questions=_quoted(dependents)
            ),
            code="has_dependents",
        )
    with transaction.atomic():
        choice.delete()
        for number, other in enumerate(question.choices.order_by("position", "pk"), start=1):
            if other.position != number:
                Choice.objects.filter(pk=other.pk).update(position=number)


@transaction.atomic
def move_question(question: Question, direction: str, *, acting_user: Any) -> Question:
    """One step up or down the page; past the edge of its section into the neighbouring one.

    Positions stay dense; a move that would put a question before the one its condition depends on
    (or a question after one that depends on it) is refused.
    """
    questionnaire = question.section.questionnaire
    ensure_editable(questionnaire)
    if direction not in ("up", "down"):
        raise ValidationError(_("Unknown direction."), code="direction")
    section = question.section
    _renumber(section)
    question.refresh_from_db()
    siblings = list(section.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(siblings):
        other = siblings[target]
        question.position, other.position = other.position, question.position
        Question.objects.bulk_update([question, other], ["position"])
    else:
        sections = list(questionnaire.sections.order_by("position", "pk"))
        at = next(i for i, s in enumerate(sections) if s.pk == section.pk)
        neighbour_at = at - 1 if direction == "up" else at + 1
        if not 0 <= neighbour_at < len(sections):
            raise ValidationError(
                _("The question is already first.") if direction == "up" else _("The question is already last."),
                code="edge",
            )
        neighbour = sections[neighbour_at]
        _renumber(neighbour)
        if direction == "up":
            question.position = neighbour.questions.count() + 1
        else:
            neighbour.questions.update(position=F("position") + 1)
            question.position = 1
        question.section = neighbour
        question.save(update_fields=["section", "position"])
        _renumber(section)
    verify_conditions(questionnaire)
    return question


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


# ---- Links ---------------------------------------------------------------------------------------------------
class LinkError(Exception):
    """The link cannot be used; `reason` is invalid, expired, closed, not_open or used."""

    def __init__(self, reason: str, language: str | None = None, campaign: Campaign | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.language = language
        self.campaign = campaign


@dataclass
class Link:
    invitation: Invitation
    campaign: Campaign
    language: str


def make_token(invitation: Invitation, language: str = "") -> str:
    language = language if language in LANGUAGE_CODES else invitation.language
    return signing.dumps({"i": invitation.pk, "l": language}, salt=SALT, compress=True)


def link_path(invitation: Invitation, language: str = "") -> str:
    return reverse("surveys:respond", args=[make_token(invitation, language)])


def base_url() -> str:
    return getattr(settings, "MANSAP_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def campaign_gate(campaign: Campaign, language: str | None) -> None:
    """LinkError unless the campaign accepts answers now."""
    status = campaign.status
    if status == CampaignStatus.DRAFT:
        raise LinkError("invalid", language, campaign)
    if status == CampaignStatus.SCHEDULED:
        raise LinkError("not_open", language, campaign)
    if status == CampaignStatus.CLOSED:
        raise LinkError("closed" if campaign.closed_at else "expired", language, campaign)


def read_token(token: str) -> Link:
    """The invitation and language of a personal link; LinkError when tampered, expired, closed or used."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_TOKEN_AGE)
    except signing.SignatureExpired as exc:
        raise LinkError("expired") from exc
    except signing.BadSignature as exc:
        raise LinkError("invalid") from exc
    try:
        invitation = Invitation.objects.select_related(
            "campaign__questionnaire", "campaign__institution", "student", "organization"
        ).get(pk=payload["i"])
    except (KeyError, TypeError, ValueError, Invitation.DoesNotExist) as exc:
        raise LinkError("invalid") from exc
    language = payload.get("l") if payload.get("l") in LANGUAGE_CODES else invitation.language
    campaign = invitation.campaign
    campaign_gate(campaign, language)
    if invitation.has_responded:
        raise LinkError("used", language, campaign)
    return Link(invitation=invitation, campaign=campaign, language=language)


def invitation_resume_key(invitation: Invitation) -> str:
    """Recomputed from the link; stored only on a draft, and wiped when it is submitted."""
    return salted_hmac(RESUME_SALT, f"{invitation.campaign_id}:{invitation.pk}", algorithm="sha256").hexdigest()


def new_public_key() -> str:
    return secrets.token_hex(32)


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


# ---- Answers -------------------------------------------------------------------------------------------------
def raw_from_post(questions: list[Question], data: Any) -> dict[int, Any]:
    """The submitted values by question id: a list for multiple choice, a {row id: value} dict for a matrix."""
    raw: dict[int, Any] = {}
    for question in questions:
        name = f"q{question.pk}"
        if question.kind == QuestionType.MULTIPLE:
            raw[question.pk] = [v for v in data.getlist(name) if v]
        elif question.kind == QuestionType.MATRIX:
            raw[question.pk] = {row.pk: data.get(f"{name}_{row.pk}", "") for row in question.choices.all()}
        else:
            raw[question.pk] = data.get(name, "")
    return raw


def raw_from_response(response: Response) -> dict[int, Any]:
    """The stored answers of a response in the shape raw_from_post gives (to fill the form again)."""
    raw: dict[int, Any] = {}
    for answer in response.answers.select_related("question"):
        kind = answer.question.kind
        if kind == QuestionType.MULTIPLE:
            raw.setdefault(answer.question_id, []).append(str(answer.choice_id))
        elif kind == QuestionType.MATRIX:
            raw.setdefault(answer.question_id, {})[answer.choice_id] = str(int(answer.number or 0))
        elif kind == QuestionType.SINGLE:
            raw[answer.question_id] = str(answer.choice_id)
        elif kind in (QuestionType.LIKERT,):
            raw[answer.question_id] = str(int(answer.number or 0))
        elif kind == QuestionType.NUMBER:
            raw[answer.question_id] = _plain_number(answer.number)
        else:
            raw[answer.question_id] = answer.text
    return raw


def _plain_number(value: Decimal | None) -> str:
    if value is None:
        return ""
    return str(value.normalize()) if value == value.to_integral() else str(value)


def _is_empty(value: Any) -> bool:
    if isinstance(value, dict):
        return all(str(v).strip() == "" for v in value.values())
    if isinstance(value, list):
        return not value
    return value is None or str(value).strip() == ""


def condition_met(question: Question, values: dict[int, Any]) -> bool:
    """Whether a conditional question is shown, given the cleaned values of earlier (visible) questions."""
    cond_id = question.condition_question_id
    if not cond_id:
        return True
    value = values.get(cond_id)
    if value is None:
        return False
    expected = question.condition_value.strip()
    if isinstance(value, Choice):
        return value.code == expected
    if isinstance(value, list):
        return any(choice.code == expected for choice in value)
    try:
        return Decimal(str(value)) == Decimal(expected.replace(",", "."))
    except InvalidOperation:
        return False


def _scale(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    return number if 1 <= number <= 5 else None


def clean_answers(
    questions: list[Question], raw: dict[int, Any], *, partial: bool = False
) -> tuple[dict[int, Any], dict[int, str]]:
    """Typed values of the visible questions and the errors by question id.

    Questions hidden by their condition are neither required nor kept. `partial` (a draft) skips the
    required check but still refuses values of the wrong type.
    """
    values: dict[int, Any] = {}
    errors: dict[int, str] = {}
    for question in questions:
        if not condition_met(question, values):
            continue
        value = raw.get(question.pk)
        if _is_empty(value):
            if question.required and not partial:
                errors[question.pk] = (
                    _("Rate every row.") if question.kind == QuestionType.MATRIX else _("This question is required.")
                )
            continue
        choices = {str(c.pk): c for c in question.choices.all()}
        kind = question.kind
        if kind == QuestionType.SINGLE:
            if str(value) not in choices:
                errors[question.pk] = _("Choose one of the options.")
            else:
                values[question.pk] = choices[str(value)]
        elif kind == QuestionType.MULTIPLE:
            picked = [choices.get(str(v)) for v in (value or [])]
            if None in picked:
                errors[question.pk] = _("Choose among the options shown.")
            else:
                values[question.pk] = list(dict.fromkeys(picked))  # type: ignore[arg-type]
        elif kind == QuestionType.LIKERT:
            number = _scale(value)
            if number is None:
                errors[question.pk] = _("Choose a value from 1 to 5.")
            else:
                values[question.pk] = number
        elif kind == QuestionType.NUMBER:
            try:
                amount = Decimal(str(value).strip().replace(",", ".").replace(" ", ""))
                if not amount.is_finite() or abs(amount) >= Decimal("1e10"):
                    raise InvalidOperation
            except InvalidOperation:
                errors[question.pk] = _("Enter a number.")
                continue
            if question.min_value is not None and amount < question.min_value:
                errors[question.pk] = _("Enter a number of at least {min}.").format(
                    min=_plain_number(question.min_value)
                )
            elif question.max_value is not None and amount > question.max_value:
                errors[question.pk] = _("Enter a number of at most {max}.").format(
                    max=_plain_number(question.max_value)
                )
            else:
                values[question.pk] = amount.quantize(Decimal("0.01"))
        elif kind in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
            text = str(value).strip()
            limit = SHORT_TEXT_MAX if kind == QuestionType.SHORT_TEXT else LONG_TEXT_MAX
            if len(text) > limit:
                errors[question.pk] = _("Keep the answer within {n} characters.").format(n=limit)
            else:
                values[question.pk] = text
        elif kind == QuestionType.MATRIX:
            rows = {c.pk: c for c in question.choices.all()}
            cells: dict[Choice, int] = {}
            bad = False
            for row_id, cell in (value or {}).items():
                if str(cell).strip() == "" or row_id not in rows:
                    continue
                number = _scale(cell)
                if number is None:
                    bad = True
                else:
                    cells[rows[row_id]] = number
            if bad:
                errors[question.pk] = _("Choose a value from 1 to 5.")
            elif question.required and not partial and len(cells) < len(rows):
                errors[question.pk] = _("Rate every row.")
            elif cells:
                values[question.pk] = cells
    return values, errors


def _answer_rows(response: Response, questions: list[Question], values: dict[int, Any]) -> list[Answer]:
    rows: list[Answer] = []
    by_id = {q.pk: q for q in questions}
    for qid, value in values.items():
        question = by_id[qid]
        if isinstance(value, Choice):
            rows.append(Answer(response=response, question=question, choice=value))
        elif isinstance(value, list):
            rows += [Answer(response=response, question=question, choice=c) for c in value]
        elif isinstance(value, dict):
            rows += [Answer(response=response, question=question, choice=c, number=n) for c, n in value.items()]
        elif isinstance(value, str):
            rows.append(Answer(response=response, question=question, text=value))
        else:
            rows.append(Answer(response=response, question=question, number=Decimal(value)))
    return rows


def find_draft(campaign: Campaign, resume_key: str | None) -> Response | None:
    if not resume_key:
        return None
    return Response.objects.filter(campaign=campaign, resume_key=resume_key, status=ResponseStatus.DRAFT).first()


def _slicing(response: Response, campaign: Campaign, invitation: Invitation | None) -> None:
    """Copy the program, department and cohort (plain attributes) and, if not anonymous, the respondent."""
    if invitation is not None:
        response.program_id = invitation.program_id
        response.department_id = invitation.department_id
        student = invitation.student if invitation.student_id else None
        if student is not None and student.graduation_date:
            response.cohort = student.graduation_date.year
        elif campaign.cohort:
            response.cohort = campaign.cohort
        if not campaign.anonymous:
            response.respondent_student_id = invitation.student_id
            response.respondent_organization_id = invitation.organization_id
    elif campaign.cohort:
        response.cohort = campaign.cohort


@transaction.atomic
def save_response(
    campaign: Campaign,
    raw: dict[int, Any],
    *,
    submit: bool,
    language: str,
    channel: str = Channel.LINK,
    invitation: Invitation | None = None,
    resume_key: str | None = None,
    acting_user: Any = None,
) -> Response:
    """Save a draft (typed values only) or submit (everything checked); ValidationError names the questions.

    The error's dict maps "q<id>" to the message, so views can show each next to its question.
    """
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.has_responded:
            raise ValidationError(_("This survey has already been answered through this link."), code="used")
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError(_("The campaign is not accepting answers."), code="closed")
    questions = campaign.questionnaire.ordered_questions()
    values, errors = clean_answers(questions, raw, partial=not submit)
    if errors:
        raise ValidationError({f"q{qid}": message for qid, message in errors.items()})
    response = find_draft(campaign, resume_key)
    if response is None:
        response = Response(campaign=campaign, channel=channel, resume_key=resume_key)
    response.language = language if language in LANGUAGE_CODES else campaign.language
    if channel == Channel.PHONE:
        response.channel = Channel.PHONE
        response.entered_by = acting_user if getattr(acting_user, "pk", None) else None
    if submit:
        response.status = ResponseStatus.SUBMITTED
        response.resume_key = None
        response.submitted_on = timezone.localdate()
        _slicing(response, campaign, invitation)
    response.save()
    response.answers.all().delete()
    Answer.objects.bulk_create(_answer_rows(response, questions, values))
    if submit and invitation is not None:
        invitation.has_responded = True
        invitation.save(update_fields=["has_responded"])
    return response


def record_phone_interview(
    campaign: Campaign, raw: dict[int, Any], *, invitation: Invitation | None, language: str, acting_user: Any
) -> Response:
    """Staff enter the answers of a telephone interview on the respondent's behalf (marked, with who)."""
    if invitation is not None and invitation.campaign_id != campaign.pk:
        raise ValidationError({"invitation": _("The invitation belongs to another campaign.")})
    return save_response(
        campaign, raw, submit=True, language=language, channel=Channel.PHONE, invitation=invitation,
        acting_user=acting_user,
    )  # fmt: skip


def campaigns_of_year(institution: Institution, year: int, kind: str) -> QuerySet[Campaign]:
    """Launched campaigns of a kind whose window closes in a calendar year, latest first."""
    return Campaign.objects.filter(
        institution=institution, kind=kind, closes_on__year=year, launched_at__isnull=False
    ).order_by("-closes_on", "-pk")


def window_days(campaign: Campaign) -> int:
    return (campaign.closes_on - campaign.opens_on).days + 1


# ---- The response cycle after the results (R-071) ------------------------------------------------------------
def results_received_on(campaign: Campaign) -> dt.date | None:
    """The day the results became final (the campaign closed); None while answers may still arrive."""
    if campaign.status != CampaignStatus.CLOSED:
        return None
    if campaign.closed_at is not None:
        return min(timezone.localdate(campaign.closed_at), campaign.closes_on)
    return campaign.closes_on


def results_response_due(campaign: Campaign) -> dt.date | None:
    received = results_received_on(campaign)
    return received + dt.timedelta(days=UNIT_RESPONSE_DAYS) if received else None


def may_review_unit_responses(user: Any) -> bool:
    """Quality assurance: the institution-wide roles with write access (the Career Center), or a superuser."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(m.role in INSTITUTION_WIDE_ROLES for m in memberships_for(user, CHANGE))


def responding_departments(user: Any, campaign: Campaign) -> QuerySet[Department]:
    """The units a user may answer for in a campaign: theirs (with write access) among those it surveyed."""
    departments = Department.objects.with_people_for(user, CHANGE).filter(
        faculty__institution_id=campaign.institution_id
    )
    if campaign.department_id:
        departments = departments.filter(pk=campaign.department_id)
    return departments


def save_results_response(response: ResultsResponse, *, acting_user: Any) -> ResultsResponse:
    """A unit's summary and plan; written once the campaign has closed, changed only while being prepared."""
    campaign = response.campaign
    due = results_response_due(campaign)
    if due is None:
        raise ValidationError(
            _("A unit responds once the campaign has closed and its results are final."), code="not_closed"
        )
    if response.pk:
        stored = ResultsResponse.objects.get(pk=response.pk)
        if stored.status != UnitResponseStatus.DRAFT:
            raise ValidationError(
                _("Only a response still being prepared can be changed; ask quality assurance to return it."),
                code="not_draft",
            )
    if not responding_departments(acting_user, campaign).filter(pk=response.department_id).exists():
        raise ValidationError({"department": _("Choose a unit you answer for that this campaign surveyed.")})
    if response.pk is None:
        response.due_on = due
        response.status = UnitResponseStatus.DRAFT
        response.author = acting_user if getattr(acting_user, "pk", None) else None
    response.full_clean()
    response.save()
    return response


# action: (allowed from, to, reviewer only)
UNIT_RESPONSE_STEPS: dict[str, tuple[tuple[str, ...], str, bool]] = {
    "submit": ((UnitResponseStatus.DRAFT,), UnitResponseStatus.SUBMITTED, False),
    "review": ((UnitResponseStatus.SUBMITTED,), UnitResponseStatus.REVIEWED, True),
    "return": ((UnitResponseStatus.SUBMITTED, UnitResponseStatus.REVIEWED), UnitResponseStatus.DRAFT, True),
    "publish": ((UnitResponseStatus.REVIEWED,), UnitResponseStatus.PUBLISHED, True),
}


def advance_results_response(response: ResultsResponse, action: str, *, acting_user: Any) -> ResultsResponse:
    """Present (the unit), review, return or publish (quality assurance) a unit's response."""
    step = UNIT_RESPONSE_STEPS.get(action)
    if step is None:
        raise ValidationError(_("Unknown action."), code="action")
    sources, target, reviewer_only = step
    if reviewer_only and not may_review_unit_responses(acting_user):
        raise ValidationError(_("Only quality assurance (the Career Center) reviews and publishes responses."))
    if not reviewer_only and not ResultsResponse.objects.for_user(acting_user, CHANGE).filter(pk=response.pk).exists():
        raise ValidationError(_("Only the unit's own staff present its response."))
    if response.status not in sources:
        raise ValidationError(
            _("This cannot be done to a response that is “{status}”.").format(status=response.get_status_display()),
            code="status",
        )
    today = timezone.localdate()
    response.status = target
    if target == UnitResponseStatus.SUBMITTED:
        response.submitted_on = today
    elif target == UnitResponseStatus.REVIEWED:
        response.reviewed_by = acting_user
    elif target == UnitResponseStatus.PUBLISHED:
        response.published_on = today
    else:  # returned for changes
        response.submitted_on = None
        response.reviewed_by = None
    response.save()
    return response

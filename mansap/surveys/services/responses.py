"""Answers: reading them from a page or a stored response, conditions, validation, saving."""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mansap.surveys.choices import (
    LANGUAGE_CODES,
    CampaignStatus,
    Channel,
    QuestionType,
    ResponseStatus,
)
from mansap.surveys.models import (
    Answer,
    Campaign,
    Choice,
    Invitation,
    Question,
    Response,
)
from mansap.surveys.services import links

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from mansap.core.models import User

logger = logging.getLogger(__name__)

SHORT_TEXT_MAX = 500


LONG_TEXT_MAX = 5000


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


# ---- Cleaning one answer: a typed value, or the message that refuses it ---------------------------------------
# Each cleaner gets a visible question and its non-empty raw value, and returns (value, None) to keep a
# typed value, (None, message) to refuse it, or (None, None) to keep nothing (a matrix with no cell rated).
Cleaned = tuple[Any, str | None]


def _clean_single(question: Question, value: Any, partial: bool) -> Cleaned:
    choices = {str(c.pk): c for c in question.choices.all()}
    if str(value) not in choices:  # an option of another question, or made up
        return None, _("Choose one of the options.")
    return choices[str(value)], None


def _clean_multiple(question: Question, value: Any, partial: bool) -> Cleaned:
    choices = {str(c.pk): c for c in question.choices.all()}
    picked = [choices.get(str(v)) for v in (value or [])]
    if None in picked:
        return None, _("Choose among the options shown.")
    return list(dict.fromkeys(picked)), None  # each option once, in the order picked


def _clean_likert(question: Question, value: Any, partial: bool) -> Cleaned:
    number = _scale(value)
    if number is None:
        return None, _("Choose a value from 1 to 5.")
    return number, None


def _clean_number(question: Question, value: Any, partial: bool) -> Cleaned:
    try:
        # A decimal comma and thousands spaces are how people type numbers here ("350 000", "12,5").
        amount = Decimal(str(value).strip().replace(",", ".").replace(" ", ""))
        if not amount.is_finite() or abs(amount) >= Decimal("1e10"):  # NaN, infinity, or beyond the column
            raise InvalidOperation
    except InvalidOperation:
        return None, _("Enter a number.")
    if question.min_value is not None and amount < question.min_value:
        return None, _("Enter a number of at least {min}.").format(min=_plain_number(question.min_value))
    if question.max_value is not None and amount > question.max_value:
        return None, _("Enter a number of at most {max}.").format(max=_plain_number(question.max_value))
    return amount.quantize(Decimal("0.01")), None


def _clean_text(question: Question, value: Any, partial: bool) -> Cleaned:
    text = str(value).strip()
    limit = SHORT_TEXT_MAX if question.kind == QuestionType.SHORT_TEXT else LONG_TEXT_MAX
    if len(text) > limit:
        return None, _("Keep the answer within {n} characters.").format(n=limit)
    return text, None


def _clean_matrix(question: Question, value: Any, partial: bool) -> Cleaned:
    """A rating 1-5 per row; rows left empty (or not of this matrix) are skipped, and a required matrix of a
    submitted answer needs every row rated."""
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
        return None, _("Choose a value from 1 to 5.")
    if question.required and not partial and len(cells) < len(rows):
        return None, _("Rate every row.")
    return (cells or None), None


_CLEANERS: dict[str, Callable[[Question, Any, bool], Cleaned]] = {
    QuestionType.SINGLE: _clean_single,
    QuestionType.MULTIPLE: _clean_multiple,
    QuestionType.LIKERT: _clean_likert,
    QuestionType.NUMBER: _clean_number,
    QuestionType.SHORT_TEXT: _clean_text,
    QuestionType.LONG_TEXT: _clean_text,
    QuestionType.MATRIX: _clean_matrix,
}


def _required_message(question: Question) -> str:
    return _("Rate every row.") if question.kind == QuestionType.MATRIX else _("This question is required.")


def clean_answers(
    questions: list[Question], raw: dict[int, Any], *, partial: bool = False
) -> tuple[dict[int, Any], dict[int, str]]:
    """Typed values of the visible questions and the errors by question id.

    Questions hidden by their condition are neither required nor kept. `partial` (a draft) skips the
    required check but still refuses values of the wrong type. The questions come in page order: a
    condition is decided by the values kept so far, i.e. by earlier visible questions only.
    """
    values: dict[int, Any] = {}
    errors: dict[int, str] = {}
    for question in questions:
        if not condition_met(question, values):
            continue
        value = raw.get(question.pk)
        if _is_empty(value):
            if question.required and not partial:
                errors[question.pk] = _required_message(question)
            continue
        cleaner = _CLEANERS.get(question.kind)
        if cleaner is None:  # a type this version does not know: nothing to keep
            continue
        cleaned, error = cleaner(question, value, partial)
        if error is not None:
            errors[question.pk] = error
        elif cleaned is not None:
            values[question.pk] = cleaned
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
    acting_user: User | AnonymousUser | None = None,
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
    if channel == Channel.PUBLIC and not campaign.accepts_public_answers:
        raise ValidationError(_("This survey is answered through personal links only."), code=links.PERSONAL_ONLY)
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
        # The interviewer: a login (an anonymous visitor or a command records nobody).
        response.entered_by = cast("User | None", acting_user if getattr(acting_user, "pk", None) else None)
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


def save_public_response(
    campaign: Campaign,
    raw: dict[int, Any],
    *,
    submit: bool,
    language: str,
    resume_key: str | None,
    client_address: str,
    honeypot: str = "",
) -> Response | None:
    """A draft or an answer through the campaign's public link; None when it was silently discarded.

    No acting user: the visitor has no account. On top of save_response's rules:
    - a campaign of personal links only (the employer survey) takes nothing: ValidationError "personal_only";
    - a submitted answer counts against the client address's daily limit (services.links): over it,
      ValidationError "limit". Drafts are not counted: they never reach the results;
    - a filled honeypot (a field people neither see nor reach, which form-filling bots fill) saves nothing and
      returns None, and the page answers as if it was saved. Discarded rather than refused: a refusal tells the
      bot's author what to change, while a person cannot fill the field (out of sight, out of the tab order,
      hidden from screen readers, not autofilled), so nobody real loses an answer. It still counts against
      the address's limit.
    """
    if not campaign.accepts_public_answers:
        raise ValidationError(_("This survey is answered through personal links only."), code=links.PERSONAL_ONLY)
    if submit and links.public_limit_reached(campaign, client_address):
        raise ValidationError(_("Too many answers were sent from your network address today."), code=links.LIMIT)
    if honeypot.strip():
        logger.info("Public-link answer to campaign %s discarded: the honeypot field was filled", campaign.pk)
        if submit:
            links.count_public_answer(campaign, client_address)
        return None
    response = save_response(
        campaign, raw, submit=submit, language=language, channel=Channel.PUBLIC, resume_key=resume_key
    )
    if submit:
        links.count_public_answer(campaign, client_address)
    return response


@transaction.atomic
def record_phone_interview(
    campaign: Campaign, raw: dict[int, Any], *, invitation: Invitation | None, language: str, acting_user: User
) -> Response:
    """Staff enter the answers of a telephone interview on the respondent's behalf (marked, with who)."""
    if invitation is not None and invitation.campaign_id != campaign.pk:
        raise ValidationError({"invitation": _("The invitation belongs to another campaign.")})
    return save_response(
        campaign, raw, submit=True, language=language, channel=Channel.PHONE, invitation=invitation,
        acting_user=acting_user,
    )  # fmt: skip

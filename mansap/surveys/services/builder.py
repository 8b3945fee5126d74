"""The questionnaire builder: versions, sections, questions and choices, conditions, moves.

A questionnaire with answers is locked: it can only be copied to a new version. Whether the user may
change the questionnaire is decided by the pages (core.access, through the part's questionnaire).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.surveys.choices import (
    CHOICE_TYPES,
    CONDITION_TYPES,
    QuestionType,
)
from mansap.surveys.models import (
    Choice,
    Question,
    Questionnaire,
    Section,
)

if TYPE_CHECKING:
    from mansap.core.models import User


# ---- Questionnaire versions ----------------------------------------------------------------------------------
def ensure_editable(questionnaire: Questionnaire) -> None:
    """Refuse to change a questionnaire in place once it has answers."""
    questionnaire._locked = None  # type: ignore[assignment]  # forget the cached answer: ask the database again
    if questionnaire.pk and questionnaire.is_locked:
        raise ValidationError(
            _("This questionnaire already has answers and cannot be changed; copy it to a new version instead."),
            code="locked",
        )


@transaction.atomic
def copy_to_new_version(questionnaire: Questionnaire, *, acting_user: User) -> Questionnaire:
    """A new, editable version of the family: sections, questions, choices, conditions and pairs copied."""
    last = Questionnaire.objects.filter(family=questionnaire.family).aggregate(v=models.Max("version"))["v"] or 0
    new = Questionnaire(
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
    attributed(new, acting_user).save(force_insert=True)
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


@transaction.atomic
def save_questionnaire(questionnaire: Questionnaire, *, acting_user: User) -> Questionnaire:
    """Create or change a questionnaire (not once answered); a new one records its author."""
    ensure_editable(questionnaire)
    if questionnaire.pk is None and getattr(acting_user, "pk", None):
        questionnaire.created_by = acting_user
    questionnaire.full_clean()
    attributed(questionnaire, acting_user).save()
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


@transaction.atomic
def save_section(section: Section, *, acting_user: User) -> Section:
    """Add or change a section; moving it must keep every condition after the question deciding it."""
    ensure_editable(section.questionnaire)
    section.full_clean()
    section.save()
    verify_conditions(section.questionnaire)  # its ValidationError rolls the save back
    return section


@transaction.atomic
def delete_section(section: Section, *, acting_user: User) -> None:
    """Delete a section and its questions; refused while a question outside it depends on one of them."""
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


@transaction.atomic
def save_question_with_choices(
    question: Question, choices: list[Choice], deleted: list[Choice], *, acting_user: User
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


@transaction.atomic
def save_question(question: Question, *, acting_user: User) -> Question:
    """Add or change a question (not once answered), validated like the form (Question.clean)."""
    ensure_editable(question.section.questionnaire)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def delete_question(question: Question, *, acting_user: User) -> None:
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
    question.delete()
    _renumber(section)


@transaction.atomic
def delete_choice(choice: Choice, *, acting_user: User) -> None:
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
    choice.delete()
    for number, other in enumerate(question.choices.order_by("position", "pk"), start=1):
        if other.position != number:
            Choice.objects.filter(pk=other.pk).update(position=number)


@transaction.atomic
def move_question(question: Question, direction: str, *, acting_user: User) -> Question:
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

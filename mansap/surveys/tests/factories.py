"""Builders for the surveys tests: a small questionnaire with every question type, and campaigns."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from mansap.core.models import Institution
from mansap.surveys.choices import QuestionType, SurveyKind
from mansap.surveys.models import Campaign, Choice, Question, Questionnaire, Section


def make_question(section: Section, kind: str, text: str, *, choices: list[str] = (), **fields: Any) -> Question:
    position = section.questions.count() + 1
    question = Question.objects.create(
        section=section, position=position, kind=kind, text_kk=f"{text} (kk)", text_ru=f"{text} (ru)", text_en=text,
        **fields,
    )  # fmt: skip
    for i, code in enumerate(choices, start=1):
        Choice.objects.create(
            question=question, position=i, code=code, text_kk=f"{code} kk", text_ru=f"{code} ru", text_en=code
        )
    return question


def make_questionnaire(institution: Institution, kind: str = SurveyKind.ALUMNI) -> Questionnaire:
    """Q: employed (single yes/no) → employer (short text, only when yes); satisfaction (Likert);
    salary (number 0..10^7, optional); skills (multiple); matrix importance / preparedness; comment (long, optional).
    """
    questionnaire = Questionnaire.objects.create(
        institution=institution, kind=kind, title_kk="Сауалнама", title_ru="Анкета", title_en="Questionnaire"
    )
    one = Section.objects.create(questionnaire=questionnaire, position=1, title_kk="А", title_ru="А", title_en="A")
    two = Section.objects.create(questionnaire=questionnaire, position=2, title_kk="Б", title_ru="Б", title_en="B")
    employed = make_question(one, QuestionType.SINGLE, "Employed?", choices=["yes", "no"])
    make_question(
        one, QuestionType.SHORT_TEXT, "Employer", condition_question=employed, condition_value="yes", required=True
    )
    make_question(one, QuestionType.LIKERT, "Satisfaction")
    make_question(one, QuestionType.NUMBER, "Salary", required=False, min_value=0, max_value=10_000_000)
    make_question(two, QuestionType.MULTIPLE, "Skills", choices=["it", "lang", "team"], required=False)
    importance = make_question(two, QuestionType.MATRIX, "Importance", choices=["comm", "tech"])
    make_question(two, QuestionType.MATRIX, "Preparedness", choices=["comm", "tech"], compare_with=importance)
    make_question(two, QuestionType.LONG_TEXT, "Comment", required=False)
    return questionnaire


def questions_by_text(questionnaire: Questionnaire) -> dict[str, Question]:
    return {q.text_en: q for q in questionnaire.ordered_questions()}


def make_campaign(questionnaire: Questionnaire, **fields: Any) -> Campaign:
    today = timezone.localdate()
    defaults: dict[str, Any] = {
        "institution": questionnaire.institution,
        "questionnaire": questionnaire,
        "kind": questionnaire.kind,
        "title_kk": "Науқан",
        "title_ru": "Кампания",
        "title_en": "Campaign",
        "opens_on": today - dt.timedelta(days=1),
        "closes_on": today + dt.timedelta(days=30),
    }
    defaults.update(fields)
    programs = defaults.pop("programs", [])
    organizations = defaults.pop("organizations", [])
    campaign = Campaign.objects.create(**defaults)
    if programs:
        campaign.programs.set(programs)
    if organizations:
        campaign.organizations.set(organizations)
    return campaign


def full_answer(questionnaire: Questionnaire, *, employed: bool = True, satisfaction: int = 4) -> dict[int, Any]:
    """A raw answer (as raw_from_post gives) filling every visible required question."""
    q = questions_by_text(questionnaire)
    choice = {c.code: c for c in q["Employed?"].choices.all()}
    rows_i = list(q["Importance"].choices.all())
    rows_p = list(q["Preparedness"].choices.all())
    raw: dict[int, Any] = {
        q["Employed?"].pk: str(choice["yes" if employed else "no"].pk),
        q["Satisfaction"].pk: str(satisfaction),
        q["Salary"].pk: "350000",
        q["Skills"].pk: [str(c.pk) for c in q["Skills"].choices.all()[:2]],
        q["Importance"].pk: {rows_i[0].pk: "5", rows_i[1].pk: "4"},
        q["Preparedness"].pk: {rows_p[0].pk: "3", rows_p[1].pk: "4"},
        q["Comment"].pk: "",
    }
    if employed:
        raw[q["Employer"].pk] = "Kaspi"
    return raw

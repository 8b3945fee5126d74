# ruff: noqa: E501  (trilingual question texts read best on one line each)
"""Demo data of the surveys app: its step of the demo, which mansap/demo.py runs last.

One questionnaire per kind (real questions in kk/ru/en), and three campaigns:
- the employer survey on the quality of graduates' training (KPI-17.8): closed, named, answered by most
  demo organizations;
- the alumni survey of the cohort that graduated a year ago: closed, anonymous, answered by about half
  of the graduates (some programs end up below the minimum slice of 5), a few by telephone interview;
- the graduating-student survey: open, with invitations (their links work) and a public link.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from mansap.common.demo import purge
from mansap.core.models import Institution, User
from mansap.surveys.choices import (
    UNIT_RESPONSE_DAYS,
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
from mansap.surveys.services import campaigns as services_campaigns
from mansap.surveys.services import links
from mansap.surveys.services import responses as services

S, M, L, N, T, LT, X = (
    QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.LIKERT, QuestionType.NUMBER, QuestionType.SHORT_TEXT,
    QuestionType.LONG_TEXT, QuestionType.MATRIX,
)  # fmt: skip

COMPETENCIES = [
    ("knowledge", "Кәсіби білім", "Профессиональные знания", "Professional knowledge"),
    ("practice", "Практикалық дағдылар", "Практические навыки", "Practical skills"),
    ("digital", "Цифрлық дағдылар", "Цифровые навыки", "Digital skills"),
    ("communication", "Коммуникация", "Коммуникация", "Communication"),
    ("teamwork", "Командада жұмыс", "Работа в команде", "Teamwork"),
    ("languages", "Шет тілдері", "Иностранные языки", "Foreign languages"),
    ("responsibility", "Жауапкершілік және тәртіп", "Ответственность и дисциплина", "Responsibility and discipline"),
]
SERVICES = [
    ("teaching", "Оқыту сапасы", "Качество преподавания", "Quality of teaching"),
    ("library", "Кітапхана", "Библиотека", "Library"),
    ("it", "IT қызметтері және Wi-Fi", "IT-сервисы и Wi-Fi", "IT services and Wi-Fi"),
    ("career", "Мансап орталығы", "Центр карьеры", "Career Center"),
    ("registrar", "Тіркеу бөлімі", "Офис регистратора", "Registrar's Office"),
    ("dormitory", "Жатақхана", "Общежитие", "Dormitory"),
]
YES_NO = [("yes", "Иә", "Да", "Yes"), ("no", "Жоқ", "Нет", "No")]

# (kind, title kk/ru/en, intro kk/ru/en, [(section kk/ru/en, [question spec])]).
# A question spec: (key, type, kk, ru, en, options, extra) with extra = {"required", "when": (key, code),
# "compare": key, "min", "max", "headline"}.
QUESTIONNAIRES: list[tuple[Any, ...]] = [
    (
        SurveyKind.EMPLOYERS,
        (
            "Жұмыс берушілердің түлектерді даярлау сапасына сауалнамасы",
            "Анкета работодателей о качестве подготовки выпускников",
            "Employer survey on the quality of graduates' training",
        ),
        (
            "Сіздің пікіріңіз білім беру бағдарламаларын жетілдіруге көмектеседі. Сауалнама 10 минуттай уақыт алады.",
            "Ваше мнение поможет улучшить образовательные программы. Анкета займёт около 10 минут.",
            "Your opinion helps us improve our programs. The survey takes about 10 minutes.",
        ),
        [
            (
                ("Ұйым туралы", "Об организации", "About your organization"),
                [
                    (
                        "graduates",
                        N,
                        "Ұйымыңызда біздің университеттің қанша түлегі жұмыс істейді?",
                        "Сколько выпускников нашего университета работает в вашей организации?",
                        "How many of our university's graduates work in your organization?",
                        [],
                        {"min": 0, "max": 10000},
                    ),
                    (
                        "sector",
                        S,
                        "Ұйымның қызмет саласы",
                        "Сфера деятельности организации",
                        "Your organization's sector",
                        [
                            ("it", "Ақпараттық технологиялар", "Информационные технологии", "Information technology"),
                            ("finance", "Қаржы", "Финансы", "Finance"),
                            (
                                "industry",
                                "Өнеркәсіп және энергетика",
                                "Промышленность и энергетика",
                                "Industry and energy",
                            ),
                            ("agro", "Агроөнеркәсіп", "Агропромышленность", "Agriculture and food"),
                            ("public", "Мемлекеттік сектор", "Государственный сектор", "Public sector"),
                        ],
                        {},
                    ),
                ],
            ),
            (
                ("Түлектердің құзыреттері", "Компетенции выпускников", "Graduates' competencies"),
                [
                    (
                        "importance",
                        X,
                        "Сіздің ұйымыңыз үшін әр құзыреттің маңыздылығын бағалаңыз (1–5)",
                        "Оцените важность каждой компетенции для вашей организации (1–5)",
                        "Rate how important each competency is for your organization (1–5)",
                        COMPETENCIES,
                        {},
                    ),
                    (
                        "preparedness",
                        X,
                        "Біздің түлектердің осы құзыреттер бойынша даярлығын бағалаңыз (1–5)",
                        "Оцените подготовленность наших выпускников по этим компетенциям (1–5)",
                        "Rate how well prepared our graduates are in these competencies (1–5)",
                        COMPETENCIES,
                        {"compare": "importance"},
                    ),
                    (
                        "overall",
                        L,
                        "Түлектерді даярлау сапасына жалпы қанағаттануыңыз",
                        "Общая удовлетворённость качеством подготовки выпускников",
                        "Overall satisfaction with the quality of graduates' training",
                        [],
                        {"headline": True},
                    ),
                    (
                        "hire",
                        S,
                        "Біздің түлектерді қайта жұмысқа алар ма едіңіз?",
                        "Взяли бы вы на работу наших выпускников снова?",
                        "Would you hire our graduates again?",
                        YES_NO,
                        {},
                    ),
                    (
                        "why_not",
                        LT,
                        "Неге жоқ? Не жетіспейді?",
                        "Почему нет? Чего не хватает?",
                        "Why not? What is missing?",
                        [],
                        {"when": ("hire", "no")},
                    ),
                    (
                        "suggestions",
                        LT,
                        "Оқу бағдарламаларын жетілдіру бойынша ұсыныстарыңыз",
                        "Ваши предложения по улучшению образовательных программ",
                        "Your suggestions for improving the programs",
                        [],
                        {"required": False},
                    ),
                ],
            ),
        ],
    ),
    (
        SurveyKind.ALUMNI,
        (
            "Түлектер сауалнамасы (бітіргеннен кейін бір жыл)",
            "Анкета выпускников (через год после окончания)",
            "Alumni survey (one year after graduation)",
        ),
        (
            "Бір жыл бұрын оқуды бітірдіңіз. Мансабыңыз туралы айтып беріңіз: бұл бағдарламаларды жақсартуға көмектеседі.",
            "Вы окончили университет год назад. Расскажите о своей карьере: это поможет улучшить программы.",
            "You graduated a year ago. Tell us about your career: it helps us improve the programs.",
        ),
        [
            (
                ("Жұмыс", "Работа", "Work"),
                [
                    (
                        "status",
                        S,
                        "Қазір немен айналысасыз?",
                        "Чем вы сейчас занимаетесь?",
                        "What are you doing now?",
                        [
                            (
                                "specialty",
                                "Мамандығым бойынша жұмыс істеймін",
                                "Работаю по специальности",
                                "Working in my field",
                            ),
                            (
                                "other_field",
                                "Басқа салада жұмыс істеймін",
                                "Работаю не по специальности",
                                "Working in another field",
                            ),
                            ("business", "Өз ісім бар", "Своё дело", "Running my own business"),
                            (
                                "study",
                                "Магистратурада оқимын",
                                "Учусь в магистратуре",
                                "Studying for a master's degree",
                            ),
                            ("searching", "Жұмыс іздеп жүрмін", "Ищу работу", "Looking for work"),
                        ],
                        {},
                    ),
                    (
                        "months",
                        N,
                        "Бірінші жұмысты табуға қанша ай кетті?",
                        "Сколько месяцев ушло на поиск первой работы?",
                        "How many months did it take to find your first job?",
                        [],
                        {"when": ("status", "specialty"), "min": 0, "max": 60},
                    ),
                    (
                        "salary",
                        N,
                        "Айлық жалақыңыз (теңге, міндетті емес)",
                        "Ваша месячная зарплата (тенге, необязательно)",
                        "Your monthly salary (tenge, optional)",
                        [],
                        {"required": False, "min": 0, "max": 10000000},
                    ),
                ],
            ),
            (
                ("Білім сапасы", "Качество образования", "Quality of education"),
                [
                    (
                        "quality",
                        L,
                        "Алған біліміңіздің сапасына қанағаттануыңыз",
                        "Удовлетворённость качеством полученного образования",
                        "Satisfaction with the quality of your education",
                        [],
                        {"headline": True},
                    ),
                    (
                        "relevance",
                        L,
                        "Бағдарлама еңбек нарығының талаптарына қаншалықты сай келеді?",
                        "Насколько программа соответствует требованиям рынка труда?",
                        "How well does the program match the labour market?",
                        [],
                        {},
                    ),
                    (
                        "competencies",
                        X,
                        "Жұмысыңыз үшін осы құзыреттердің маңыздылығы",
                        "Важность этих компетенций для вашей работы",
                        "How important are these competencies for your work",
                        COMPETENCIES[:5],
                        {},
                    ),
                    (
                        "recommend",
                        S,
                        "Бағдарламаны досыңызға ұсынар ма едіңіз?",
                        "Порекомендовали бы вы программу другу?",
                        "Would you recommend the program to a friend?",
                        YES_NO,
                        {},
                    ),
                    (
                        "comment",
                        LT,
                        "Тағы не айтқыңыз келеді?",
                        "Что ещё вы хотели бы сказать?",
                        "Anything else you would like to say?",
                        [],
                        {"required": False},
                    ),
                ],
            ),
        ],
    ),
    (
        SurveyKind.GRADUATING,
        ("Бітірушілер сауалнамасы", "Анкета выпускающихся студентов", "Graduating student survey"),
        (
            "Оқуды аяқтап жатырсыз. Университет туралы әсеріңізбен және жоспарларыңызбен бөлісіңіз.",
            "Вы завершаете обучение. Поделитесь впечатлениями об университете и своими планами.",
            "You are finishing your studies. Share your impressions of the university and your plans.",
        ),
        [
            (
                ("Әсерлер", "Впечатления", "Impressions"),
                [
                    (
                        "overall",
                        L,
                        "Университеттегі оқуға жалпы қанағаттануыңыз",
                        "Общая удовлетворённость обучением в университете",
                        "Overall satisfaction with your studies",
                        [],
                        {"headline": True},
                    ),
                    (
                        "services",
                        X,
                        "Қызметтерді бағалаңыз",
                        "Оцените службы университета",
                        "Rate the university's services",
                        SERVICES,
                        {},
                    ),
                ],
            ),
            (
                ("Жоспарлар", "Планы", "Plans"),
                [
                    (
                        "plans",
                        S,
                        "Бітіргеннен кейінгі жоспарыңыз",
                        "Ваши планы после окончания",
                        "Your plans after graduation",
                        [
                            ("work", "Жұмыс", "Работа", "Work"),
                            ("masters", "Магистратура", "Магистратура", "Master's degree"),
                            ("business", "Өз ісім", "Своё дело", "My own business"),
                            ("undecided", "Әлі шешкен жоқпын", "Ещё не решил(а)", "Not decided yet"),
                        ],
                        {},
                    ),
                    (
                        "offer",
                        S,
                        "Сізде жұмыс ұсынысы бар ма?",
                        "Есть ли у вас предложение о работе?",
                        "Do you have a job offer?",
                        YES_NO,
                        {"when": ("plans", "work")},
                    ),
                    (
                        "employer",
                        T,
                        "Қай ұйымнан?",
                        "От какой организации?",
                        "From which organization?",
                        [],
                        {"when": ("offer", "yes"), "required": False},
                    ),
                    (
                        "help",
                        M,
                        "Мансап орталығы неге көмектесуі керек?",
                        "В чём Центр карьеры должен помочь?",
                        "What should the Career Center help with?",
                        [
                            ("cv", "Түйіндеме", "Резюме", "CV writing"),
                            ("interview", "Сұхбатқа дайындық", "Подготовка к собеседованию", "Interview preparation"),
                            ("vacancies", "Бос орындар", "Вакансии", "Vacancies"),
                            ("internships", "Тағылымдамалар", "Стажировки", "Internships"),
                        ],
                        {"required": False},
                    ),
                    ("comment", LT, "Ұсыныстарыңыз", "Ваши предложения", "Your suggestions", [], {"required": False}),
                ],
            ),
        ],
    ),
    (
        SurveyKind.SUPERVISORS,
        (
            "Практика базасы жетекшісінің сауалнамасы",
            "Анкета руководителя практики от базы практики",
            "Practice-base supervisor survey",
        ),
        ("", "", ""),
        [
            (
                ("Практиканттар", "Практиканты", "Interns"),
                [
                    (
                        "preparedness",
                        X,
                        "Практиканттардың даярлығын бағалаңыз",
                        "Оцените подготовленность практикантов",
                        "Rate the interns' preparedness",
                        COMPETENCIES[:5],
                        {},
                    ),
                    (
                        "overall",
                        L,
                        "Практиканың ұйымдастырылуына жалпы баға",
                        "Общая оценка организации практики",
                        "Overall rating of how the practice was organized",
                        [],
                        {"headline": True},
                    ),
                    (
                        "again",
                        S,
                        "Келесі жылы да практиканттарды қабылдайсыз ба?",
                        "Примете ли вы практикантов в следующем году?",
                        "Will you host interns next year?",
                        YES_NO,
                        {},
                    ),
                    (
                        "comment",
                        LT,
                        "Ескертулер мен ұсыныстар",
                        "Замечания и предложения",
                        "Remarks and suggestions",
                        [],
                        {"required": False},
                    ),
                ],
            ),
        ],
    ),
    (
        SurveyKind.STUDENTS,
        ("Студенттердің қанағаттану сауалнамасы", "Анкета удовлетворённости студентов", "Student satisfaction survey"),
        ("", "", ""),
        [
            (
                ("Қызметтер", "Службы", "Services"),
                [
                    (
                        "services",
                        X,
                        "Университет қызметтерін бағалаңыз",
                        "Оцените службы университета",
                        "Rate the university's services",
                        SERVICES,
                        {},
                    ),
                    (
                        "overall",
                        L,
                        "Жалпы қанағаттану",
                        "Общая удовлетворённость",
                        "Overall satisfaction",
                        [],
                        {"headline": True},
                    ),
                    (
                        "comment",
                        LT,
                        "Не жақсартуға болады?",
                        "Что можно улучшить?",
                        "What could be improved?",
                        [],
                        {"required": False},
                    ),
                ],
            ),
        ],
    ),
]


def build_questionnaire(
    institution: Institution, spec: tuple[Any, ...], user: User | None
) -> tuple[Questionnaire, dict[str, Question]]:
    kind, titles, intros, sections = spec
    questionnaire = Questionnaire.objects.create(
        institution=institution, kind=kind, title_kk=titles[0], title_ru=titles[1], title_en=titles[2],
        intro_kk=intros[0], intro_ru=intros[1], intro_en=intros[2], created_by=user,
    )  # fmt: skip
    questions: dict[str, Question] = {}
    for s_pos, (s_titles, items) in enumerate(sections, start=1):
        section = Section.objects.create(
            questionnaire=questionnaire,
            position=s_pos,
            title_kk=s_titles[0],
            title_ru=s_titles[1],
            title_en=s_titles[2],
        )
        for q_pos, (key, kind_, kk, ru, en, options, extra) in enumerate(items, start=1):
            when = extra.get("when")
            question = Question.objects.create(
                section=section, position=q_pos, kind=kind_, text_kk=kk, text_ru=ru, text_en=en,
                required=extra.get("required", True), min_value=extra.get("min"), max_value=extra.get("max"),
                condition_question=questions[when[0]] if when else None, condition_value=when[1] if when else "",
                compare_with=questions.get(extra.get("compare", "")),
            )  # fmt: skip
            Choice.objects.bulk_create(
                Choice(question=question, position=i, code=code, text_kk=o_kk, text_ru=o_ru, text_en=o_en)
                for i, (code, o_kk, o_ru, o_en) in enumerate(options, start=1)
            )
            question.headline = extra.get("headline", False)  # type: ignore[attr-defined]
            questions[key] = question
    return questionnaire, questions


def _headline(questions: dict[str, Question]) -> Question | None:
    return next((q for q in questions.values() if getattr(q, "headline", False)), None)


# ---- Answers -------------------------------------------------------------------------------------------------
def _clip(value: float) -> int:
    return max(1, min(5, round(value)))


def random_answer(questions: dict[str, Question], rng: random.Random, mood: float) -> dict[int, Any]:
    """A raw answer (as a browser would send it) from a respondent whose general mood is `mood` (1–5)."""
    raw: dict[int, Any] = {}
    choices = {key: list(q.choices.all()) for key, q in questions.items()}
    for key, q in questions.items():
        opts = choices[key]
        if q.kind == QuestionType.LIKERT:
            raw[q.pk] = str(_clip(mood + rng.gauss(0, 0.7)))
        elif q.kind == QuestionType.MATRIX:
            offset = 0.6 if key == "importance" else (-0.3 if key == "preparedness" else 0)
            raw[q.pk] = {
                c.pk: str(_clip(mood + offset + rng.gauss(0, 0.8) - (0.5 * (c.code in ("languages", "digital")))))
                for c in opts
            }
        elif q.kind == QuestionType.SINGLE:
            if [c.code for c in opts] == ["yes", "no"]:
                raw[q.pk] = str(opts[0 if rng.random() < 0.35 + mood / 7 else 1].pk)
            else:
                weights = [len(opts) - i for i in range(len(opts))]
                raw[q.pk] = str(rng.choices(opts, weights=weights)[0].pk)
        elif q.kind == QuestionType.MULTIPLE:
            raw[q.pk] = [str(c.pk) for c in opts if rng.random() < 0.45]
        elif q.kind == QuestionType.NUMBER:
            if "зарплата" in q.text_ru:
                raw[q.pk] = str(rng.randrange(250, 700) * 1000) if rng.random() < 0.7 else ""
            elif "месяцев" in q.text_ru:
                raw[q.pk] = str(rng.choice([0, 1, 1, 2, 3, 4, 6, 9]))
            else:
                raw[q.pk] = str(rng.randint(1, 25))
        elif q.kind == QuestionType.SHORT_TEXT:
            raw[q.pk] = rng.choice(["Astana Soft", "Береке Банк", "Нұр Телеком", ""])
        elif q.kind == QuestionType.LONG_TEXT:
            raw[q.pk] = rng.choice(OPEN_ANSWERS) if rng.random() < 0.6 else ""
    return raw


OPEN_ANSWERS = [
    "Практикалық сабақтар көбірек болса екен.",
    "Больше практики на реальных проектах, меньше теории.",
    "Ағылшын тілін тереңірек оқыту керек.",
    "Нужно усилить английский язык и цифровые навыки.",
    "More internships with partner companies, please.",
    "Оқытушылар жақсы, бірақ зертханалық жабдық ескірген.",
    "Хотелось бы больше встреч с работодателями и карьерных мероприятий.",
    "Soft skills: presentations and teamwork deserve a course of their own.",
    "Жатақхана жағдайын жақсарту қажет.",
    "Спасибо преподавателям кафедры за поддержку!",
]


def add_response(
    campaign: Campaign,
    questions: list[Question],
    raw: dict[int, Any],
    *,
    invitation: Invitation | None,
    language: str,
    submitted_on: dt.date,
    channel: str = Channel.LINK,
    entered_by: User | None = None,
) -> Response | None:
    """A submitted response written directly (the campaign is already closed in the demo's past)."""
    values, errors = services.clean_answers(questions, raw)
    if errors:
        return None
    response = Response(
        campaign=campaign, status=ResponseStatus.SUBMITTED, channel=channel, language=language,
        submitted_on=submitted_on, entered_by=entered_by,
    )  # fmt: skip
    services._slicing(response, campaign, invitation)
    response.save()
    Answer.objects.bulk_create(services._answer_rows(response, questions, values))
    if invitation is not None:
        invitation.has_responded = True
        invitation.save(update_fields=["has_responded"])
    return response


def _launch(campaign: Campaign, user: User | None, *, opens_on: dt.date, closes_on: dt.date, today: dt.date) -> None:
    """Launch now (the window must include the real today for that, whatever day the demo is built
    for), then place the window where the demo wants it."""
    real_today = timezone.localdate()
    if campaign.closes_on < real_today:
        Campaign.objects.filter(pk=campaign.pk).update(closes_on=real_today)
        campaign.closes_on = real_today
    services_campaigns.launch_campaign(
        campaign, acting_user=user, confirmed_count=services_campaigns.audience_count(campaign)
    )
    sent_at = timezone.make_aware(dt.datetime.combine(opens_on, dt.time(10, 0)))
    campaign.invitations.exclude(email="").update(sent_at=sent_at)
    Campaign.objects.filter(pk=campaign.pk).update(opens_on=opens_on, closes_on=closes_on, launched_at=sent_at)
    campaign.refresh_from_db()


def seed(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    """Create this app's demo rows for the demo institution; return counts for the summary."""
    if Questionnaire.objects.filter(institution=institution).exists():
        return {}
    cc = User.objects.filter(username="cc").first()
    built = {spec[0]: build_questionnaire(institution, spec, cc) for spec in QUESTIONNAIRES}
    counts = {"questionnaires": len(built), "survey campaigns": 0, "survey responses": 0}
    year = today.year if today.month >= 9 else today.year - 1  # the academic year's first calendar year
    languages = ["kk", "kk", "ru", "ru", "en"]

    # 1. Employers (KPI-17.8): this calendar year's survey, closed a few weeks ago, named answers.
    questionnaire, questions = built[SurveyKind.EMPLOYERS]
    employers = Campaign(
        institution=institution, questionnaire=questionnaire, kind=SurveyKind.EMPLOYERS, anonymous=False,
        title_kk=f"Жұмыс берушілер сауалнамасы {today.year}", title_ru=f"Опрос работодателей {today.year}",
        title_en=f"Employer survey {today.year}", opens_on=today, closes_on=today + dt.timedelta(days=30),
        headline_question=_headline(questions), created_by=cc,
    )  # fmt: skip
    employers.save()
    closes = today - dt.timedelta(days=20)
    _launch(employers, cc, opens_on=closes - dt.timedelta(days=45), closes_on=closes, today=today)
    ordered = questionnaire.ordered_questions()
    by_key = {key: next(q for q in ordered if q.pk == question.pk) for key, question in questions.items()}
    for invitation in employers.invitations.order_by("pk"):
        if rng.random() < 0.8:
            raw = random_answer(by_key, rng, mood=rng.uniform(2.8, 4.6))
            channel = Channel.PHONE if rng.random() < 0.2 else Channel.LINK
            if add_response(
                employers, ordered, raw, invitation=invitation, language=rng.choice(languages),
                submitted_on=closes - dt.timedelta(days=rng.randint(1, 40)), channel=channel,
                entered_by=cc if channel == Channel.PHONE else None,
            ):  # fmt: skip
                counts["survey responses"] += 1
    counts["survey campaigns"] += 1

    # 2. Alumni of the cohort that graduated a year ago: last summer, anonymous, by program.
    questionnaire, questions = built[SurveyKind.ALUMNI]
    cohort = year - 1
    alumni = Campaign(
        institution=institution, questionnaire=questionnaire, kind=SurveyKind.ALUMNI, cohort=cohort,
        title_kk=f"{cohort} жылғы түлектер сауалнамасы", title_ru=f"Опрос выпускников {cohort} года",
        title_en=f"Alumni survey, class of {cohort}", opens_on=today, closes_on=today + dt.timedelta(days=30),
        headline_question=_headline(questions), created_by=cc,
    )  # fmt: skip
    alumni.save()
    _launch(alumni, cc, opens_on=dt.date(year, 6, 15), closes_on=dt.date(year, 8, 31), today=today)
    ordered = questionnaire.ordered_questions()
    by_key = {key: next(q for q in ordered if q.pk == question.pk) for key, question in questions.items()}
    programs = sorted({i.program_id for i in alumni.invitations.all() if i.program_id})
    # Each program answers at its own rate, so a few stay below the minimum slice.
    rates = {p: rng.choice([0.08, 0.15, 0.45, 0.6, 0.75]) for p in programs}
    for invitation in alumni.invitations.order_by("pk"):
        if rng.random() < rates.get(invitation.program_id or 0, 0.5):
            phone = rng.random() < 0.15
            raw = random_answer(by_key, rng, mood=rng.uniform(2.6, 4.8))
            if add_response(
                alumni, ordered, raw, invitation=invitation, language=rng.choice(languages),
                submitted_on=dt.date(year, 7, rng.randint(1, 31)), channel=Channel.PHONE if phone else Channel.LINK,
                entered_by=cc if phone else None,
            ):  # fmt: skip
                counts["survey responses"] += 1
    counts["survey campaigns"] += 1

    # 3. Graduating students: open now, personal links and a public link; a few answered already.
    questionnaire, questions = built[SurveyKind.GRADUATING]
    graduating = Campaign(
        institution=institution, questionnaire=questionnaire, kind=SurveyKind.GRADUATING, cohort=year + 1,
        public_link=True, title_kk=f"Бітірушілер сауалнамасы, {year}-{year + 1} күзгі семестр",
        title_ru=f"Опрос выпускающихся студентов, осень {year}", title_en=f"Graduating student survey, autumn {year}",
        opens_on=today - dt.timedelta(days=7), closes_on=today + dt.timedelta(days=30),
        headline_question=_headline(questions), created_by=cc,
    )  # fmt: skip
    graduating.save()
    _launch(graduating, cc, opens_on=graduating.opens_on, closes_on=graduating.closes_on, today=today)
    graduating.invitations.exclude(email="").update(sent_at=timezone.now() - dt.timedelta(days=6))
    ordered = questionnaire.ordered_questions()
    by_key = {key: next(q for q in ordered if q.pk == question.pk) for key, question in questions.items()}
    invitations = list(graduating.invitations.order_by("pk"))
    for invitation in invitations[3::4]:  # every fourth answered; the first three keep working links
        raw = random_answer(by_key, rng, mood=rng.uniform(3, 4.8))
        if add_response(graduating, ordered, raw, invitation=invitation, language=invitation.language,
                        submitted_on=today - dt.timedelta(days=rng.randint(0, 6))):  # fmt: skip
            counts["survey responses"] += 1
    counts["survey campaigns"] += 1

    # 4. Student satisfaction: closed ten days ago; the units' responses (R-071) at each step of the cycle.
    questionnaire, questions = built[SurveyKind.STUDENTS]
    satisfaction = Campaign(
        institution=institution, questionnaire=questionnaire, kind=SurveyKind.STUDENTS, anonymous=True,
        title_kk=f"Студенттердің қанағаттану сауалнамасы {today.year}",
        title_ru=f"Удовлетворённость студентов {today.year}", title_en=f"Student satisfaction {today.year}",
        opens_on=today, closes_on=today + dt.timedelta(days=30), headline_question=_headline(questions),
        created_by=cc,
    )  # fmt: skip
    satisfaction.save()
    closes = today - dt.timedelta(days=10)
    _launch(satisfaction, cc, opens_on=closes - dt.timedelta(days=30), closes_on=closes, today=today)
    ordered = questionnaire.ordered_questions()
    by_key = {key: next(q for q in ordered if q.pk == question.pk) for key, question in questions.items()}
    for invitation in satisfaction.invitations.order_by("pk"):
        if rng.random() < 0.45:
            raw = random_answer(by_key, rng, mood=rng.uniform(2.6, 4.7))
            if add_response(satisfaction, ordered, raw, invitation=invitation, language=invitation.language,
                            submitted_on=closes - dt.timedelta(days=rng.randint(0, 29))):  # fmt: skip
                counts["survey responses"] += 1
    counts["survey campaigns"] += 1
    counts["unit responses"] = _unit_responses(satisfaction, cc, closes)

    # 5. A practice-supervisor campaign being prepared (not launched yet).
    questionnaire, questions = built[SurveyKind.SUPERVISORS]
    Campaign.objects.create(
        institution=institution, questionnaire=questionnaire, kind=SurveyKind.SUPERVISORS,
        title_kk="Практика базалары жетекшілерінің сауалнамасы", title_ru="Опрос руководителей практики от баз",
        title_en="Practice-base supervisor survey", opens_on=today + dt.timedelta(days=14),
        closes_on=today + dt.timedelta(days=60), headline_question=_headline(questions), created_by=cc,
    )  # fmt: skip
    counts["survey campaigns"] += 1
    counts["survey invitations"] = Invitation.objects.filter(campaign__institution=institution).count()
    return counts


UNIT_RESPONSE_TEXTS = [
    (
        UnitResponseStatus.PUBLISHED,
        (
            "Студенттер кітапхананың жұмыс уақытын және компьютер сыныптарын жиі атап өтті.",
            "Студенты чаще всего упоминали часы работы библиотеки и компьютерные классы.",
            "Students most often mentioned the library's opening hours and the computer labs.",
        ),
        (
            "Сессия кезінде кітапхана 22:00-ге дейін жұмыс істейді; екі сыныптағы компьютерлер жаңартылады.",
            "Во время сессии библиотека работает до 22:00; компьютеры в двух классах будут обновлены.",
            "During exams the library stays open until 22:00; the computers of two labs will be replaced.",
        ),
    ),
    (
        UnitResponseStatus.SUBMITTED,
        (
            "Кеңес беру сағаттары туралы ақпарат жеткіліксіз.",
            "Недостаточно информации о часах консультаций.",
            "Too little information about consultation hours.",
        ),
        (
            "Оқытушылардың кеңес беру кестесі әр семестрдің басында порталда жарияланады.",
            "График консультаций преподавателей публикуется на портале в начале каждого семестра.",
            "The teachers' consultation timetable is published on the portal at the start of each semester.",
        ),
    ),
    (
        UnitResponseStatus.DRAFT,
        (
            "Практика базаларын таңдау мүмкіндігі аз.",
            "Мало возможностей выбрать базу практики.",
            "Few choices of practice base.",
        ),
        (
            "Жаңа серіктестермен келісімдер дайындалуда.",
            "Готовятся договоры с новыми партнёрами.",
            "Agreements with new partners are being prepared.",
        ),
    ),
]


def _unit_responses(campaign: Campaign, cc: User | None, closes: dt.date) -> int:
    """One unit's response per step of the cycle, written in the campaign's language by its own staff."""
    from mansap.core.models import Department, Membership

    language = campaign.language if campaign.language in ("kk", "ru", "en") else "kk"
    at = {"kk": 0, "ru": 1, "en": 2}[language]
    departments = Department.objects.filter(faculty__institution_id=campaign.institution_id).order_by("code")
    made = 0
    for department, (status, summary, actions) in zip(departments, UNIT_RESPONSE_TEXTS, strict=False):
        member = Membership.objects.filter(department=department).select_related("user").order_by("pk").first()
        ResultsResponse.objects.create(
            campaign=campaign, department=department, summary=summary[at], actions=actions[at],
            due_on=closes + dt.timedelta(days=UNIT_RESPONSE_DAYS), status=status,
            author=member.user if member else None,
            submitted_on=closes + dt.timedelta(days=6) if status != UnitResponseStatus.DRAFT else None,
            reviewed_by=cc if status == UnitResponseStatus.PUBLISHED else None,
            published_on=closes + dt.timedelta(days=9) if status == UnitResponseStatus.PUBLISHED else None,
        )  # fmt: skip
        made += 1
    return made


def demo_links(institution: Institution, limit: int = 3) -> list[str]:
    """Paths of a few working personal links of the open demo campaign (for the README and screenshots)."""
    invitations = Invitation.objects.filter(
        campaign__institution=institution, campaign__kind=SurveyKind.GRADUATING, has_responded=False
    ).order_by("pk")[:limit]
    return [links.link_path(i) for i in invitations]


def flush(institution: Institution) -> None:
    """Delete this app's rows of the institution (called before the core rows are deleted)."""
    campaigns = Campaign.objects.filter(institution=institution)
    purge(ResultsResponse.objects.filter(campaign__in=campaigns))
    purge(Answer.objects.filter(response__campaign__in=campaigns))
    purge(Response.objects.filter(campaign__in=campaigns))
    purge(Invitation.objects.filter(campaign__in=campaigns))
    Campaign.programs.through.objects.filter(campaign__in=campaigns).delete()
    Campaign.organizations.through.objects.filter(campaign__in=campaigns).delete()
    purge(campaigns)
    questionnaires = Questionnaire.objects.filter(institution=institution)
    purge(Choice.objects.filter(question__section__questionnaire__in=questionnaires))
    Question.objects.filter(section__questionnaire__in=questionnaires).update(
        condition_question=None, compare_with=None
    )
    purge(Question.objects.filter(section__questionnaire__in=questionnaires))
    purge(Section.objects.filter(questionnaire__in=questionnaires))
    Questionnaire.objects.filter(institution=institution, previous__isnull=False).update(previous=None)
    purge(questionnaires)

"""Demo data of the quality app, its step of the demo (mansap/demo.py runs it last).

The process map of document 002 with the seeds' risks (owned by the Career Center's demo login `cc`), and
a year of the register's life: most risks assessed twice (a year ago and recently), a few red ones brought
down, treatment actions done on time, late or not yet, so the heat map, the register's KPIs and the command
`risk_kpis` show something real. Then #13's pages (seed_p17, through the services as `cc`): targets of process
17's eight KPIs for the current academic year, KPI-17.4's success criteria for the latest graduated cohort, the
Career Center's work plan with a half-year report, two program revisions and an advisory board.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db.models import Q

from mansap.common.demo import purge
from mansap.common.indicators import Period, PeriodKind
from mansap.core.choices import Role
from mansap.core.models import EducationalProgram, Institution, Student, User
from mansap.employers.models import Organization
from mansap.graduates.models import SuccessCriteria, SuccessOutcome, SuccessRule
from mansap.graduates.services.success import set_success_criteria
from mansap.quality.choices import (
    ActionStatus,
    BoardMemberKind,
    BoardRole,
    CollegiateBody,
    Half,
    KPIStatus,
    MeasureStatus,
)
from mansap.quality.models import (
    AdvisoryBoard,
    AdvisoryBoardMeeting,
    AdvisoryBoardMember,
    KPIDefinition,
    KPITarget,
    ManagementReview,
    Process,
    ProgramRevision,
    ReviewDecision,
    ReviewDocument,
    Risk,
    RiskAction,
    RiskAssessment,
    WorkPlan,
    WorkPlanMeasure,
    WorkPlanReport,
    WorkPlanReportItem,
)
from mansap.quality.services.kpis import agree_formula, set_target
from mansap.quality.services.processes import load_process_map
from mansap.quality.services.programs import save_board, save_meeting, save_member, save_revision
from mansap.quality.services.workplans import add_measure, save_plan, submit_report

ACTIONS = [
    ("Тәуекелді талдау және бақылау шараларын жаңарту", "Проанализировать риск и обновить меры контроля"),
    ("Жауапты бөлімшемен кеңес өткізу", "Провести совещание с ответственным подразделением"),
    ("Ішкі нормативтік құжатты өзектендіру", "Актуализировать внутренний нормативный документ"),
]


def seed(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    if Process.objects.filter(institution=institution).exists():
        return {}
    owner = User.objects.filter(username="cc").first() or User.objects.filter(is_superuser=True).order_by("pk").first()
    if owner is None:
        return {}
    result = load_process_map(institution, owner=owner, acting_user=None)
    year_ago = today.replace(year=today.year - 1, day=min(today.day, 28))
    assessments: list[RiskAssessment] = []
    actions: list[RiskAction] = []
    for risk in Risk.objects.filter(institution=institution).order_by("key"):
        if rng.random() < 0.15:
            continue  # some risks are not assessed yet
        likelihood, impact = rng.randint(1, 5), rng.randint(1, 5)
        first = year_ago - dt.timedelta(days=rng.randint(1, 60))
        assessments.append(_assessment(risk, first, likelihood, impact, owner))
        if rng.random() < 0.7:
            # Reassessed recently: treatment lowered the likelihood most of the time.
            likelihood = max(1, likelihood - rng.choice([0, 1, 2, 2]))
            recently = today - dt.timedelta(days=rng.randint(5, 90))
            assessments.append(_assessment(risk, recently, likelihood, impact, owner))
        if likelihood * impact >= 8:
            due = today + dt.timedelta(days=rng.randint(-150, 90))
            kk, ru = rng.choice(ACTIONS)
            done_on = None
            if due < today and rng.random() < 0.7:
                done_on = min(today, due + dt.timedelta(days=rng.randint(-20, 25)))
            actions.append(RiskAction(
                risk=risk, action=f"{ru} / {kk}", owner=owner, due_on=due, done_on=done_on,
                status=ActionStatus.DONE if done_on else ActionStatus.PLANNED,
            ))  # fmt: skip
    RiskAssessment.objects.bulk_create(assessments)
    RiskAction.objects.bulk_create(actions)
    return {
        **result.as_counts(), "risk assessments": len(assessments), "risk actions": len(actions),
        **seed_p17(institution, owner, rng=rng, today=today),
        **seed_review(institution, owner, today=today),
    }  # fmt: skip


def seed_review(institution: Institution, cc: User, *, today: dt.date) -> dict[str, int]:
    """Last academic year's management review, issued (its kk/ru/en PDF and XLSX frozen), with one decision of
    the Academic Council that has an owner and a due date, so the review and decision pages show a real one."""
    from mansap.quality.services import reviews

    last_year = Period.containing(PeriodKind.ACADEMIC_YEAR, today).previous()
    review = reviews.prepare_review(
        institution, period_start=last_year.start, period_end=last_year.end, acting_user=cc,
        notes="Жылдық талдау / Годовой анализ / Annual review",
    )  # fmt: skip
    review = reviews.issue_review(review, acting_user=cc)
    reviews.record_decision(
        review, acting_user=cc, body=CollegiateBody.ACADEMIC_COUNCIL, protocol_number="7",
        protocol_date=last_year.end + dt.timedelta(days=20), owner=cc, due_on=today + dt.timedelta(days=60),
        text="Түлектермен байланысты жоғалту тәуекелін азайту жоспарын бекіту / "
        "Утвердить план снижения риска потери связи с выпускниками",
    )  # fmt: skip
    return {"management reviews": 1, "review decisions": 1}


# Process 17's targets for the current academic year (KPI code: target, amber, red; higher is better) and the
# agreed formula of each (kk, ru, en), so the dashboard shows its RAG bands.
KPI_17_TARGETS: dict[str, tuple[str, str, str]] = {
    "17.1": ("0.75", "0.70", "0.60"),
    "17.2": ("350000", "300000", "250000"),
    "17.3": ("0.05", "0.03", "0.01"),
    "17.4": ("0.30", "0.25", "0.15"),
    "17.5": ("30", "25", "20"),
    "17.6": ("5", "3", "1"),
    "17.7": ("50", "40", "30"),
    "17.8": ("4.0", "3.5", "3.0"),
}
SHARE_FORMULA = (
    "Көрсеткішке сәйкес түлектер саны / түлектердің жалпы саны",
    "Число выпускников, отвечающих показателю / общее число выпускников",
    "Graduates meeting the indicator / all graduates",
)
KPI_17_FORMULAS: dict[str, tuple[str, str, str]] = {
    "17.1": SHARE_FORMULA,
    "17.2": ("Жұмыс істейтін түлектердің орташа жалақысы, теңге", "Средняя зарплата работающих выпускников, тенге",
             "Average salary of employed graduates, tenge"),
    "17.3": SHARE_FORMULA,
    "17.4": ("Табыс критерийлеріне сай түлектер / түлектердің жалпы саны",
             "Выпускники, отвечающие критериям успешности / общее число выпускников",
             "Graduates meeting the success criteria / all graduates"),
    "17.5": ("Оқу жылында жасалған келісімдер саны", "Число соглашений, заключённых за учебный год",
             "Agreements signed in the academic year"),
    "17.6": ("Жұмыс берушілермен бірге құрылған бөлімдер саны", "Число подразделений, созданных с работодателями",
             "Units created jointly with employers"),
    "17.7": ("Кәсіпорындардың тапсырысы бойынша оқитын студенттер саны",
             "Число студентов, обучающихся по заказу предприятий", "Students studying at enterprises' request"),
    "17.8": ("Жұмыс берушілер сауалнамасының орташа бағасы (1–5)", "Средняя оценка в анкете работодателей (1–5)",
             "Average score of the employers' survey (1–5)"),
}  # fmt: skip
PLAN_MEASURES = [
    ("Түлектерді жұмысқа орналастыру / Трудоустройство выпускников",
     "Бос орындар жәрмеңкесін өткізу / Провести ярмарку вакансий", 3),
    ("Түлектерді жұмысқа орналастыру / Трудоустройство выпускников",
     "Түлектердің жұмысқа орналасуын бақылау / Провести мониторинг трудоустройства выпускников", 6),
    ("Жұмыс берушілермен әріптестік / Партнёрство с работодателями",
     "Жаңа серіктестік келісімдерін жасау / Заключить новые соглашения о партнёрстве", 9),
]  # fmt: skip
PLAN_REPORT = [
    (MeasureStatus.DONE, "Жәрмеңке өтті / Ярмарка проведена"),
    (MeasureStatus.IN_PROGRESS, "Сауалнама жүріп жатыр / Опрос идёт"),
    (MeasureStatus.NOT_DONE, ""),
]
REVISIONS = [
    ("Жұмыс берушілердің ұсынысымен жаңа элективті пән қосылды",
     "По предложению работодателей добавлена новая элективная дисциплина"),
    ("Кәсіптік практиканың көлемі ұлғайтылды", "Увеличен объём производственной практики"),
]  # fmt: skip


def seed_p17(institution: Institution, cc: User, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    """Process 17's targets, KPI-17.4's success criteria, the Career Center's work plan, two program revisions
    and an advisory board: what the #13 pages show, written through the services as the login `cc`."""
    counts = {"KPI targets": 0, "success criteria rules": 0, "work plan measures": 0, "work plan reports": 0,
              "program revisions": 0, "advisory boards": 0, "board members": 0, "board meetings": 0}  # fmt: skip
    year = Period.containing(PeriodKind.ACADEMIC_YEAR, today)
    definitions = {d.code: d for d in KPIDefinition.objects.filter(institution=institution, code__in=KPI_17_TARGETS)}
    for code, (target, amber, red) in KPI_17_TARGETS.items():
        definition = definitions.get(code)
        if definition is None:
            continue
        if definition.status == KPIStatus.DECLARED:
            definition.formula_kk, definition.formula_ru, definition.formula_en = KPI_17_FORMULAS[code]
            agree_formula(definition, acting_user=cc)
        set_target(definition, period=year.label, target=Decimal(target), amber_threshold=Decimal(amber),
                   red_threshold=Decimal(red), acting_user=cc)  # fmt: skip
        counts["KPI targets"] += 1
    graduated = Student.objects.filter(institution=institution, graduation_date__lte=today)
    last = graduated.order_by("-graduation_date").values_list("graduation_date", flat=True).first()
    if last is not None:
        rules: list[dict[str, Any]] = [
            {"outcome": SuccessOutcome.EMPLOYED_SPECIALTY, "within_months": 6},
            {"outcome": SuccessOutcome.OWN_BUSINESS},
        ]
        set_success_criteria(institution, last.year, acting_user=cc, rules=rules)
        counts["success criteria rules"] = len(rules)
    plan = save_plan(
        WorkPlan(institution=institution, office=Role.CAREER_CENTER, year=year.start.year,
                 goals="Түлектерді жұмысқа орналастыру / Трудоустройство выпускников\n"
                       "Жұмыс берушілермен әріптестік / Партнёрство с работодателями"),
        acting_user=cc,
    )  # fmt: skip
    measures = [
        add_measure(plan, acting_user=cc, goal=goal, text=text, responsible=cc,
                    due_on=year.start + dt.timedelta(days=30 * months + rng.randint(0, 20)))
        for goal, text, months in PLAN_MEASURES
    ]  # fmt: skip
    counts["work plan measures"] = len(measures)
    submit_report(plan, half=Half.FIRST, acting_user=cc,
                  summary="Жарты жылдың жоспары негізінен орындалды / План полугодия в основном выполнен",
                  lines={m.pk: line for m, line in zip(measures, PLAN_REPORT, strict=True)})  # fmt: skip
    counts["work plan reports"] = 1
    programs = list(EducationalProgram.objects.filter(department__faculty__institution=institution, is_active=True)
                    .select_related("department").order_by("code")[:10])  # fmt: skip
    organizations = list(Organization.objects.filter(institution=institution).order_by("pk")[:20])
    if not programs or not organizations:
        return counts
    program = rng.choice(programs)
    employer = rng.choice(organizations)
    for months_ago, (kk, ru) in zip((14, 3), REVISIONS, strict=True):
        revision = save_revision(
            ProgramRevision(program=program, revised_on=today - dt.timedelta(days=30 * months_ago),
                            summary_kk=kk, summary_ru=ru),
            acting_user=cc, employers=[employer],
        )  # fmt: skip
        counts["program revisions"] += bool(revision.pk)
    approved_on = today - dt.timedelta(days=200)
    board = save_board(
        AdvisoryBoard(program=program, name_kk=f"{program.code} бағдарламасының кеңесі",
                      name_ru=f"Консультативный совет программы {program.code}",
                      name_en=f"Advisory board of the program {program.code}",
                      approved_on=approved_on),
        acting_user=cc,
    )  # fmt: skip
    counts["advisory boards"] = 1
    members = [
        AdvisoryBoardMember(board=board, kind=BoardMemberKind.EMPLOYER, organization=employer, role=BoardRole.CHAIR,
                            person_name="Нұрлан Әбенов", position="Директор", member_from=approved_on),
        AdvisoryBoardMember(board=board, kind=BoardMemberKind.OTHER, role=BoardRole.MEMBER,
                            person_name="Дина Сейітова", position="Эксперт", member_from=approved_on),
    ]  # fmt: skip
    for member in members:
        save_member(member, acting_user=cc)
    counts["board members"] = len(members)
    save_meeting(
        AdvisoryBoardMeeting(board=board, held_on=today - dt.timedelta(days=rng.randint(20, 60)),
                             agenda="Бағдарламаны жаңарту / Обновление программы",
                             decisions="Практиканы ұлғайту ұсынылды / Рекомендовано расширить практику"),
        acting_user=cc,
    )  # fmt: skip
    counts["board meetings"] = 1
    return counts


def _assessment(risk: Risk, on: dt.date, likelihood: int, impact: int, by: User) -> RiskAssessment:
    return RiskAssessment(
        risk=risk, assessed_on=on, likelihood=likelihood, impact=impact, score=likelihood * impact, assessed_by=by
    )


def flush(institution: Institution) -> None:
    review_list = ManagementReview.objects.filter(institution=institution)
    purge(ReviewDecision.objects.filter(review__in=review_list))
    purge(ReviewDocument.objects.filter(review__in=review_list))
    review_list.update(supersedes=None)
    purge(review_list)
    revisions = ProgramRevision.objects.filter(program__department__faculty__institution=institution)
    for field in ("employers", "alumni", "students"):
        through = getattr(ProgramRevision, field).through
        purge(through.objects.filter(programrevision__in=revisions))
    purge(revisions)
    boards = AdvisoryBoard.objects.filter(faculty__institution=institution)
    purge(AdvisoryBoardMeeting.objects.filter(board__in=boards))
    purge(AdvisoryBoardMember.objects.filter(board__in=boards))
    purge(boards)
    plans = WorkPlan.objects.filter(institution=institution)
    purge(WorkPlanReportItem.objects.filter(report__plan__in=plans))
    purge(WorkPlanReport.objects.filter(plan__in=plans))
    purge(WorkPlanMeasure.objects.filter(plan__in=plans))
    purge(plans)
    purge(SuccessRule.objects.filter(criteria__institution=institution))
    purge(SuccessCriteria.objects.filter(institution=institution))
    purge(KPITarget.objects.filter(definition__institution=institution))
    risks = Risk.objects.filter(institution=institution)
    purge(RiskAssessment.objects.filter(risk__in=risks))
    purge(RiskAction.objects.filter(risk__in=risks))
    purge(risks)
    purge(Process.objects.filter(Q(institution=institution)))

"""Demo data of the quality app, its step of the demo (mansap/demo.py runs it last).

The process map of document 002 with the seeds' risks (owned by the Career Center's demo login `cc`), and
a year of the register's life: most risks assessed twice (a year ago and recently), a few red ones brought
down, treatment actions done on time, late or not yet, so the heat map, the register's KPIs and the command
`risk_kpis` show something real.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Q

from mansap.common.demo import purge
from mansap.core.models import Institution, User
from mansap.quality.choices import ActionStatus
from mansap.quality.models import Process, Risk, RiskAction, RiskAssessment
from mansap.quality.services.processes import load_process_map

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
    return {**result.as_counts(), "risk assessments": len(assessments), "risk actions": len(actions)}


def _assessment(risk: Risk, on: dt.date, likelihood: int, impact: int, by: User) -> RiskAssessment:
    return RiskAssessment(
        risk=risk, assessed_on=on, likelihood=likelihood, impact=impact, score=likelihood * impact, assessed_by=by
    )


def flush(institution: Institution) -> None:
    risks = Risk.objects.filter(institution=institution)
    purge(RiskAssessment.objects.filter(risk__in=risks))
    purge(RiskAction.objects.filter(risk__in=risks))
    purge(risks)
    purge(Process.objects.filter(Q(institution=institution)))

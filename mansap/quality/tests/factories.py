"""Builders of the quality app's rows for tests (plain functions, like the other apps' factories)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from mansap.core.models import Institution, User
from mansap.quality.models import Process, Risk, RiskAction, RiskAssessment

_serial = itertools.count(1)


def make_process(institution: Institution, number: int | None = None, **fields: Any) -> Process:
    number = number if number is not None else next(_serial) % 90 + 1
    defaults: dict[str, Any] = {
        "code": f"ҚазТБУ-ПАК-{number:02d}", "id_code": f"ҚазТБУ-ПАК-{number:02d}", "category": "core",
        "name_kk": f"Процесс {number}", "name_ru": f"Процесс {number}", "name_en": f"Process {number}",
    }  # fmt: skip
    defaults.update(fields)
    return Process.objects.create(institution=institution, number=number, **defaults)


def make_risk(process: Process, owner: User, key: str | None = None, **fields: Any) -> Risk:
    serial = next(_serial)
    defaults: dict[str, Any] = {
        "title_kk": f"Тәуекел {serial}", "title_ru": f"Риск {serial}", "title_en": f"Risk {serial}",
        "category": "operational",
    }  # fmt: skip
    defaults.update(fields)
    return Risk.objects.create(
        institution=process.institution, process=process, owner=owner, key=key or f"R{serial}", **defaults
    )


def assess(risk: Risk, on: dt.date, likelihood: int, impact: int) -> RiskAssessment:
    return RiskAssessment.objects.create(risk=risk, assessed_on=on, likelihood=likelihood, impact=impact)


def make_action(risk: Risk, due_on: dt.date, done_on: dt.date | None = None, **fields: Any) -> RiskAction:
    status = "done" if done_on else fields.pop("status", "planned")
    return RiskAction.objects.create(
        risk=risk, action=fields.pop("action", "Check"), owner=fields.pop("owner", risk.owner), due_on=due_on,
        done_on=done_on, status=status, **fields,
    )  # fmt: skip


def make_revision(program: Any, revised_on: dt.date, *, employers: Any = (), **fields: Any) -> Any:
    from mansap.quality.models import ProgramRevision

    fields.setdefault("summary_ru", "Обновлены дисциплины")
    revision = ProgramRevision.objects.create(program=program, revised_on=revised_on, **fields)
    if employers:
        revision.employers.set(employers)
    return revision


def make_board(program: Any = None, faculty: Any = None, **fields: Any) -> Any:
    from mansap.quality.models import AdvisoryBoard

    faculty = faculty or program.department.faculty
    fields.setdefault("name_ru", f"Консультативный совет {next(_serial)}")
    return AdvisoryBoard.objects.create(faculty=faculty, program=program, **fields)

"""Small builders for the practice tests (shared by the three practice helpers' test modules).

practice = make_practice(program, kind=PracticeKind.PRODUCTION, starts_on=dt.date(2026, 6, 1))
base = make_base(practice.institution, programs=[program], capacity=3)          # approved
contract = make_contract(base, signed_on=dt.date(2026, 4, 1))                     # covers 2026
placement = make_placement(practice, student, base)                               # confirmed
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import Any

from mansap.core.choices import Position
from mansap.core.models import AcademicYear, Department, EducationalProgram, Employee, Institution, Student
from mansap.employers.tests.factories import make_org
from mansap.practice.choices import (
    BaseSource,
    BaseStatus,
    ContractKind,
    PlacementSource,
    PlacementStatus,
    PracticeKind,
    PracticeStatus,
)
from mansap.practice.models import Placement, Practice, PracticeBase, PracticeContract

_serials = itertools.count(1)


def academic_year(institution: Institution, start_year: int = 2025) -> AcademicYear:
    year, _ = AcademicYear.objects.get_or_create(
        institution=institution,
        start_year=start_year,
        defaults={"starts_on": dt.date(start_year, 9, 1), "ends_on": dt.date(start_year + 1, 8, 31)},
    )
    return year


def make_practice(program: EducationalProgram, **fields: Any) -> Practice:
    """A production practice of the 2025-2026 plan (3rd course, 1 June – 28 June 2026), sent."""
    institution = program.department.faculty.institution
    kind = fields.get("kind", PracticeKind.PRODUCTION)
    starts_on = fields.get("starts_on", dt.date(2026, 6, 1))
    defaults: dict[str, Any] = {
        "institution": institution,
        "academic_year": academic_year(institution),
        "program": program,
        "department": program.department,
        "kind": kind,
        "course": {PracticeKind.EDUCATIONAL: 1, PracticeKind.PRODUCTION: 3}.get(kind, 4),
        "credits": 4,
        "starts_on": starts_on,
        "ends_on": starts_on + dt.timedelta(days=27),
        "special_cycle_ends_on": starts_on - dt.timedelta(days=10) if kind == PracticeKind.PRODUCTION else None,
        "status": PracticeStatus.SENT,
    }
    defaults.update(fields)
    return Practice.objects.create(**defaults)


def make_base(
    institution: Institution,
    *,
    programs: Iterable[EducationalProgram] = (),
    approved: bool = True,
    capacity: int = 5,
    department: Department | None = None,
    **fields: Any,
) -> PracticeBase:
    """A practice base for the given programs (approved unless approved=False: then a candidate).

    The department defaults to the first program's department.
    """
    programs = list(programs)
    if department is None:
        if programs:
            department = programs[0].department
        else:
            department = Department.objects.filter(faculty__institution=institution).first()
    organization = fields.pop("organization", None) or make_org(institution)
    defaults: dict[str, Any] = {
        "statutory_activity": "Software development",
        "source": BaseSource.DEPARTMENT,
        "status": BaseStatus.APPROVED if approved else BaseStatus.CANDIDATE,
        "approved_on": dt.date(2025, 9, 15) if approved else None,
        "capacity": capacity,
    }
    defaults.update(fields)
    base = PracticeBase.objects.create(
        institution=institution, organization=organization, department=department, **defaults
    )
    if programs:
        base.programs.set(programs)
    return base


def make_contract(
    base: PracticeBase,
    *,
    signed: bool = True,
    signed_on: dt.date | None = None,
    valid_from: dt.date = dt.date(2025, 9, 1),
    valid_until: dt.date = dt.date(2027, 8, 31),
    **fields: Any,
) -> PracticeContract:
    """A framework contract valid from `valid_from` to `valid_until`, signed on `signed_on`
    (default: valid_from) unless signed=False."""
    defaults: dict[str, Any] = {
        "department": base.department,
        "kind": ContractKind.FRAMEWORK,
        "number": f"PC-{next(_serials)}",
        "signed_on": (signed_on or valid_from) if signed else None,
        "valid_from": valid_from,
        "valid_until": valid_until,
    }
    defaults.update(fields)
    return PracticeContract.objects.create(base=base, **defaults)


def make_employee(department: Department, position: str = Position.ASSOCIATE_PROFESSOR, **fields: Any) -> Employee:
    n = next(_serials)
    defaults: dict[str, Any] = {"last_name": f"Оқытушы{n}", "first_name": "Марат", "position": position}
    defaults.update(fields)
    return Employee.objects.create(department=department, **defaults)


def make_placement(practice: Practice, student: Student, base: PracticeBase, **fields: Any) -> Placement:
    """A confirmed manual placement, written directly (no service rules): for tests of what comes after."""
    defaults: dict[str, Any] = {
        "status": PlacementStatus.CONFIRMED,
        "source": PlacementSource.MANUAL,
        "company_supervisor_name": "Ахметов Серік",
        "company_supervisor_position": "Head of IT",
        "company_supervisor_email": "supervisor@example.kz",
    }
    if "supervisor" not in fields:
        defaults["supervisor"] = make_employee(practice.department)
    if practice.kind == PracticeKind.PRE_GRADUATE:
        defaults["thesis_topic"] = "Information system for a university career center"
    defaults.update(fields)
    return Placement.objects.create(practice=practice, student=student, base=base, **defaults)

"""Who has read what (issue #17, R-145): for each familiarization assignment and each unit it reaches, the people
assigned, who acknowledged the version in force (or another version of the same major one) and who is overdue
(not acknowledged after the assignment's due date, Assignment.due_on). The overdue page, the reminders and the
KPI "familiarization completion" read these rows; a fixed number of queries whatever the number of documents.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mansap.core.models import Membership
from mansap.regulations.choices import LIVE
from mansap.regulations.models import Acknowledgement, Assignment, Document, DocumentVersion


@dataclass
class Person:
    user: Any
    acknowledged_at: dt.datetime | None
    overdue: bool
    membership: Membership | None = None

    @property
    def position(self) -> str:
        """The role the person holds in the unit (the familiarization sheet's "position")."""
        return str(self.membership.get_role_display()) if self.membership is not None else ""


@dataclass
class UnitRow:
    """One assignment's people in one unit (a department, else a faculty, else the university)."""

    assignment: Assignment
    version: DocumentVersion
    unit: str
    department_id: int | None
    due_on: dt.date
    people: list[Person] = field(default_factory=list)

    @property
    def document(self) -> Document:
        return self.version.document

    @property
    def assigned(self) -> int:
        return len(self.people)

    @property
    def acknowledged(self) -> int:
        return sum(1 for p in self.people if p.acknowledged_at is not None)

    @property
    def overdue(self) -> list[Person]:
        return [p for p in self.people if p.overdue]


def _unit_of(membership: Membership) -> tuple[str, int | None]:
    if membership.department is not None:
        return membership.department.name, membership.department_id
    if membership.faculty is not None:
        return membership.faculty.name, None
    return _("The whole university"), None


def unit_rows(documents: QuerySet[Document] | Iterable[Document], as_of: dt.date) -> list[UnitRow]:
    """The rows of the documents' assignments whose document has a version in force, ordered by document code,
    assignment and unit."""
    ids = (
        [d.pk for d in documents]
        if not isinstance(documents, QuerySet)
        else list(documents.values_list("pk", flat=True))
    )
    versions: dict[int, DocumentVersion] = {}
    for version in DocumentVersion.objects.filter(document_id__in=ids, status__in=LIVE).select_related("document"):
        versions.setdefault(version.document_id, version)
    assignments = list(
        Assignment.objects.filter(document_id__in=list(versions)).select_related("department").order_by("pk")
    )
    if not assignments:
        return []
    institutions = {v.document.institution_id for v in versions.values()}
    memberships = (
        Membership.objects.filter(institution_id__in=institutions, user__is_active=True)
        .select_related("user", "department", "faculty")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    by_department: dict[int, list[Membership]] = defaultdict(list)
    by_role: dict[tuple[int, str], list[Membership]] = defaultdict(list)
    for membership in memberships:
        if membership.department_id:
            by_department[membership.department_id].append(membership)
        by_role[(membership.institution_id, membership.role)].append(membership)
    read: dict[tuple[int, int, int], dt.datetime] = {}
    for user_id, document_id, major, at in Acknowledgement.objects.filter(
        version__document_id__in=list(versions)
    ).values_list("user_id", "version__document_id", "version__major", "at"):
        key = (user_id, document_id, major)
        read[key] = min(at, read.get(key, at))
    rows: list[UnitRow] = []
    for assignment in assignments:
        version = versions[assignment.document_id]
        due_on = assignment.due_on(version)
        reached = (
            by_department.get(assignment.department_id or 0, [])
            if assignment.department_id
            else by_role.get((version.document.institution_id, assignment.role), [])
        )
        units: dict[str, UnitRow] = {}
        seen: set[int] = set()
        for membership in reached:
            if membership.user_id in seen:
                continue
            seen.add(membership.user_id)
            unit, department_id = _unit_of(membership)
            row = units.get(unit)
            if row is None:
                row = units[unit] = UnitRow(assignment, version, unit, department_id, due_on)
            read_at = read.get((membership.user_id, version.document_id, version.major))
            row.people.append(Person(membership.user, read_at, read_at is None and due_on < as_of, membership))
        rows.extend(sorted(units.values(), key=lambda r: r.unit))
    rows.sort(key=lambda r: (r.document.code, r.assignment.pk))
    return rows


__all__ = ["Person", "UnitRow", "unit_rows"]

"""Readers of graduate employment shared by the reports and the services: the one definition of a graduate's
latest record as of a date, as the KPIs (reports/analytics.py), form No. 10 and the reconciliation
(services/reconcile.py) read it.

It lives below both reports/ and services/ (it imports only the models and querysets), so that a service can reuse
it without importing a report (the import contract's acyclic rule between graduates' modules).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, QuerySet, Window
from django.db.models.expressions import Col
from django.db.models.functions import RowNumber
from django.db.models.lookups import Exact, In
from django.db.models.sql.where import AND, WhereNode

from mansap.core.models import Student
from mansap.graduates.models import EmploymentRecord
from mansap.graduates.querysets import LATEST_FIRST


def _institutions_in(node: Any, table: str, found: list[frozenset[int]]) -> None:
    """Collect the institutions the `where` node pins the graduates to (`institution_id = x` or `IN (...)` on the
    graduates' own table, in a branch that must hold: AND, or OR of one condition, not negated)."""
    if isinstance(node, WhereNode):
        if node.negated or (node.connector != AND and len(node.children) != 1):
            return
        for child in node.children:
            _institutions_in(child, table, found)
        return
    if not isinstance(node, (Exact, In)) or not isinstance(node.lhs, Col) or node.lhs.alias != table:
        return
    if node.lhs.target.attname != "institution_id" or node.lhs.target.model is not Student:
        return
    values = [node.rhs] if isinstance(node, Exact) else node.rhs
    try:
        found.append(frozenset(int(getattr(value, "pk", value)) for value in values))
    except (TypeError, ValueError):  # an expression or a subquery: not a list of ids
        return


def institutions_of(graduates: QuerySet[Student]) -> frozenset[int] | None:
    """The institutions a queryset of students is limited to by its own filters (a user's scope, a consortium's
    institution), or None when it is not limited that way (the superuser, a department's scope).

    Each employment record carries its graduate's institution (#18: common/partitioning.py), so the records of
    these graduates are all in these institutions: filtering the records' own `institution_id` first is the same
    set of rows, read from the index that leads with it instead of every institution's records.
    """
    query = graduates.query
    if query.is_sliced or query.combinator:
        return None
    found: list[frozenset[int]] = []
    _institutions_in(query.where, query.get_initial_alias(), found)
    if not found:
        return None
    return frozenset.intersection(*found)


InstitutionSpan = tuple[int | None, int | None]  # the lowest and highest institution_id of the graduates


def for_institutions_of(
    records: QuerySet[Any], graduates: QuerySet[Student], span: InstitutionSpan | None = None
) -> QuerySet[Any]:
    """The records (rows carrying their graduate's institution) narrowed to the graduates' institutions: the same
    rows, a cheaper plan with many institutions (PostgreSQL reads one institution's records from the index that
    leads with institution_id instead of scanning every institution's and joining them with the graduates).

    The institutions are the literal ids the graduates' filters name (institutions_of), else `span`, the lowest
    and highest institution_id of the graduates when the caller has read them anyway (compute_kpis and the page
    count the graduates first: Min/Max in the same query): one institution's graduates give `institution_id = x`
    (a scope such as "my institution OR myself as a student" names no literal). A subquery of the graduates'
    institutions would not do: PostgreSQL then scans every record and checks the subquery per row.
    """
    institutions = institutions_of(graduates)
    if institutions is not None:
        return records.filter(institution_id__in=sorted(institutions))
    if span is None or span[0] is None or span[1] is None:
        return records
    if span[0] == span[1]:
        return records.filter(institution_id=span[0])
    return records.filter(institution_id__gte=span[0], institution_id__lte=span[1])  # no __range on a key


def latest_records(
    graduates: QuerySet[Student], as_of: dt.date, span: InstitutionSpan | None = None
) -> QuerySet[EmploymentRecord]:
    """Each graduate's latest valid record started on or before the date: one row per graduate with one.

    ROW_NUMBER() over each graduate's records, newest first (started_on, then recorded last: created_at,
    pk), kept where it is 1: the database sorts, no timestamp reaches Python. Portable to SQLite (3.25+)
    and PostgreSQL. Whether the record ended before the date (then the status is unknown) is left to
    the caller. `span`: the graduates' lowest and highest institution_id when known (for_institutions_of).
    """
    newest_first = [F(name[1:]).desc() for name in LATEST_FIRST]
    records = EmploymentRecord.objects.using(graduates.db).valid()
    return (
        for_institutions_of(records, graduates, span)
        .filter(graduate__in=graduates.order_by().values("pk"), started_on__lte=as_of)
        .annotate(kpi_rank=Window(RowNumber(), partition_by=[F("graduate_id")], order_by=newest_first))
        .filter(kpi_rank=1)
        .order_by()
    )

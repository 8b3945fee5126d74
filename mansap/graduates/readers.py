"""Readers of graduate employment shared by the reports and the services: the one definition of a graduate's
latest record as of a date, as the KPIs (reports/analytics.py), form No. 10 and the reconciliation
(services/reconcile.py) read it.

It lives below both reports/ and services/ (it imports only the models and querysets), so that a service can reuse
it without importing a report (the import contract's acyclic rule between graduates' modules).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

from mansap.core.models import Student
from mansap.graduates.models import EmploymentRecord
from mansap.graduates.querysets import LATEST_FIRST


def latest_records(graduates: QuerySet[Student], as_of: dt.date) -> QuerySet[EmploymentRecord]:
    """Each graduate's latest valid record started on or before the date: one row per graduate with one.

    ROW_NUMBER() over each graduate's records, newest first (started_on, then recorded last: created_at,
    pk), kept where it is 1: the database sorts, no timestamp reaches Python. Portable to SQLite (3.25+)
    and PostgreSQL. Whether the record ended before the date (then the status is unknown) is left to
    the caller.
    """
    newest_first = [F(name[1:]).desc() for name in LATEST_FIRST]
    return (
        EmploymentRecord.objects.using(graduates.db)
        .valid()
        .filter(graduate__in=graduates.order_by().values("pk"), started_on__lte=as_of)
        .annotate(kpi_rank=Window(RowNumber(), partition_by=[F("graduate_id")], order_by=newest_first))
        .filter(kpi_rank=1)
        .order_by()
    )

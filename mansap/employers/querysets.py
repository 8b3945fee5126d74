"""Querysets of the employers app: who sees and changes what, and the KPI date filters.

Organizations, agreements and joint units are visible to every staff member of the
institution. Organizations are changed by institution-wide editors (the Career Center,
the Registrar's Office); agreements and joint units also by the dean's office and the
department editors of the responsible department.
"""

from __future__ import annotations

import datetime as dt
from typing import Self

from django.db.models import Q

from mansap.core.querysets import ScopedQuerySet


class OrganizationQuerySet(ScopedQuerySet):
    """Organizations are shared by the whole institution: every member may see them."""

    institution_wide_view = True


class PartnershipAgreementQuerySet(ScopedQuerySet):
    institution_path = "organization__institution"
    faculty_path = "department__faculty"
    department_path = "department"
    institution_wide_view = True

    def with_list_related(self) -> Self:
        return self.select_related("organization", "department")

    def in_force(self, on: dt.date) -> Self:
        """Agreements in force on a date: started on or before it, ending on or after it (or never)."""
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on), valid_from__lte=on)

    def expiring(self, today: dt.date, within_days: int) -> Self:
        """Agreements whose last day falls between today and today + within_days (both included)."""
        return self.filter(valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=within_days))


class JointUnitQuerySet(ScopedQuerySet):
    institution_path = "department__faculty__institution"
    faculty_path = "department__faculty"
    department_path = "department"
    institution_wide_view = True

    def with_list_related(self) -> Self:
        return self.select_related("organization", "department", "agreement")

    def open_on(self, on: dt.date) -> Self:
        """Units open on a date: opened on or before it and not closed by then (closed_on is the first day closed)."""
        return self.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on), opened_on__lte=on)


class OrganizationMergeQuerySet(ScopedQuerySet):
    pass

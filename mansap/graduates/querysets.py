"""Querysets of graduate employment monitoring: scoped like the graduates they belong to."""

from __future__ import annotations

import datetime as dt
from typing import Any, Self

from django.db.models import OuterRef, Q, Subquery

from mansap.common.partitioning import InstitutionRows
from mansap.core.access import CAREER_CENTER_ONLY, EMPLOYMENT_RECORDERS
from mansap.core.querysets import ScopedQuerySet


class GraduateRecordQuerySet(InstitutionRows, ScopedQuerySet):
    """Rows hanging off a graduate: visible to whoever may see that graduate, changed by the offices that record
    employment (the Registrar's Office reads them). Each row carries its graduate's institution (#18), filled on
    save and bulk_create (InstitutionRows)."""

    institution_path = "institution"  # the row's own column (#18), not the graduate's
    faculty_path = "graduate__program__department__faculty"
    department_path = "graduate__program__department"
    change_roles = EMPLOYMENT_RECORDERS

    def open(self) -> Self:
        return self.filter(ended_on__isnull=True)


# How the records of a graduate are ranked: the later start first, then the one recorded last.
LATEST_FIRST = ("-started_on", "-created_at", "-pk")


class EmploymentRecordQuerySet(GraduateRecordQuerySet):
    """Employment records. A voided record stays in the history but counts for nothing.

    A graduate's status as of a date is their latest valid record that started on or before it (ties: the
    one recorded last), unless that record ended before the date: then "unknown". A record that starts
    later (a contract signed for next month) is not the status yet. This is the one definition: the
    journal, the graduate page, the API, the self-service form and the organization page ask `current()`;
    the analytics and form No. 10 scans (reports/) apply the same rule in Python over `valid()` records.
    """

    def valid(self) -> Self:
        """Records not voided."""
        return self.filter(voided_at__isnull=True)

    def open(self) -> Self:
        """The valid record without an end date (at most one per graduate)."""
        return self.valid().filter(ended_on__isnull=True)

    def current(self, as_of: dt.date) -> Self:
        """The records that are their graduate's status as of the date (at most one per graduate)."""
        latest = (
            self.model._default_manager.valid()  # type: ignore[attr-defined]
            .filter(graduate=OuterRef("graduate"), started_on__lte=as_of)
            .order_by(*LATEST_FIRST)
            .values("pk")[:1]
        )
        return self.filter(pk=Subquery(latest)).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=as_of))

    def current_of_graduate(self, graduate: Any, as_of: dt.date) -> Self:
        """current() for one graduate: `graduate` is a graduate (or an OuterRef to one, for an annotation)."""
        return self.filter(graduate=graduate).current(as_of)


class RoundRuleQuerySet(ScopedQuerySet):
    institution_wide_view = True


class CollectionRoundQuerySet(ScopedQuerySet):
    """Rounds are institution-wide: every staff member sees them; the Career Center manages them."""

    institution_wide_view = True

    def with_list_related(self) -> Self:
        return self.select_related("academic_year", "platonus_registered_by")


class SuccessCriteriaQuerySet(ScopedQuerySet):
    """KPI-17.4's criteria: every staff member of the institution reads them, the Career Center sets them."""

    institution_wide_view = True
    change_roles = CAREER_CENTER_ONLY


class OfficialExtractQuerySet(ScopedQuerySet):
    """Official extracts (#20): whole-institution files, seen by the institution-wide offices (the Career Center,
    the Registrar's Office, management) and uploaded, changed and deleted by the Career Center only; a department
    or a dean reaches none (an extract holds every department's graduates)."""

    change_roles = CAREER_CENTER_ONLY


class ExtractRowQuerySet(InstitutionRows, ScopedQuerySet):
    """The rows of official extracts (contracts, contributions): scoped like their extract."""

    change_roles = CAREER_CENTER_ONLY


class ExtractUploadQuerySet(ScopedQuerySet):
    """Uploads of extracts waiting for their mapping and check: the Career Center's."""

    change_roles = CAREER_CENTER_ONLY


class CheckConsentQuerySet(GraduateRecordQuerySet):  # InstitutionRows through GraduateRecordQuerySet
    """Consents to official checks: seen and recorded by whoever records the graduate's employment."""


class ReconciliationQuerySet(ScopedQuerySet):
    """Reconciliations (#20): institution-wide offices read them, the Career Center computes and freezes them;
    a department sees its graduates' rows and tasks only (their own querysets), never a whole reconciliation."""

    institution_path = "institution"
    change_roles = CAREER_CENTER_ONLY

"""Scoped querysets of the practice app: who reaches which base, contract, practice and placement.

- The Career Center, the registrar and management reach the whole institution (management read-only);
  a dean their faculty; department staff their department (the concluding department of a contract,
  the department of a practice and of its placements). Others answer 404.
- A student reaches their own placements, preferences, diary and documents (`self_filter`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db.models import Q

from mansap.common.partitioning import InstitutionRows
from mansap.core.access import CHANGE, VIEW
from mansap.core.querysets import ScopedQuerySet

if TYPE_CHECKING:
    import datetime as dt

    from mansap.core.access import AnyUser


class PracticeBaseQuerySet(ScopedQuerySet):
    institution_path = "institution"
    faculty_path = "department__faculty"
    department_path = "department"

    def approved(self) -> Self:
        from mansap.practice.choices import BaseStatus

        return self.filter(status=BaseStatus.APPROVED)

    def for_program(self, program_id: int) -> Self:
        return self.filter(programs=program_id)


class BaseVettingQuerySet(InstitutionRows, ScopedQuerySet):
    institution_path = "institution"  # the vetting's own column, its base's (#18)
    faculty_path = "base__department__faculty"
    department_path = "base__department"


class PracticeContractQuerySet(InstitutionRows, ScopedQuerySet):
    institution_path = "institution"  # the contract's own column, its base's (#18)
    faculty_path = "department__faculty"
    department_path = "department"

    def valid_on(self, day: dt.date) -> Self:
        """Signed contracts in force on `day` (validity inclusive)."""
        return self.filter(signed_on__isnull=False, valid_from__lte=day, valid_until__gte=day)


class PracticeQuerySet(ScopedQuerySet):
    institution_path = "institution"
    faculty_path = "department__faculty"
    department_path = "department"


class _PerPractice(ScopedQuerySet):
    """Rows that belong to one practice (and so to its department)."""

    institution_path = "practice__institution"
    faculty_path = "practice__department__faculty"
    department_path = "practice__department"


class PracticeOrderQuerySet(_PerPractice):
    pass


class CompanyPackageQuerySet(InstitutionRows, _PerPractice):
    institution_path = "institution"  # the package's own column, its practice's (#18)


class ConferenceQuerySet(_PerPractice):
    pass


class DefenceCommissionQuerySet(_PerPractice):
    pass


class PlacementQuerySet(InstitutionRows, _PerPractice):
    institution_path = "institution"  # the placement's own column (#18)

    def self_filter(self, user: AnyUser, action: str) -> Q:
        # A student sees their own placements; what they may change goes through services, not forms.
        return Q(student__user_id=user.pk) if action == VIEW else Q()


class PlacementPreferenceQuerySet(InstitutionRows, _PerPractice):
    institution_path = "institution"  # the preference's own column (#18)

    def self_filter(self, user: AnyUser, action: str) -> Q:
        return Q(student__user_id=user.pk) if action in (VIEW, CHANGE) else Q()


class _PerPlacement(InstitutionRows, ScopedQuerySet):
    institution_path = "institution"  # the row's own column, its placement's (#18)
    faculty_path = "placement__practice__department__faculty"
    department_path = "placement__practice__department"

    def self_filter(self, user: AnyUser, action: str) -> Q:
        # The student keeps their own diary and uploads their own documents.
        return Q(placement__student__user_id=user.pk) if action in (VIEW, CHANGE) else Q()


class DiaryEntryQuerySet(_PerPlacement):
    pass


class PracticeDocumentQuerySet(_PerPlacement):
    pass


class PracticeProgrammeQuerySet(ScopedQuerySet):
    """Links of programs to their practice programmes: every staff member of the institution reads them."""

    institution_path = "program__department__faculty__institution"
    faculty_path = "program__department__faculty"
    department_path = "program__department"
    institution_wide_view = True


class GradeBandQuerySet(ScopedQuerySet):
    institution_wide_view = True

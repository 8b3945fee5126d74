"""Querysets of graduate employment monitoring: scoped like the graduates they belong to."""

from __future__ import annotations

from typing import Self

from mansap.core.access import EMPLOYMENT_RECORDERS
from mansap.core.querysets import ScopedQuerySet


class GraduateRecordQuerySet(ScopedQuerySet):
    """Rows hanging off a graduate: visible to whoever may see that graduate, changed by the offices that record
    employment (the Registrar's Office reads them)."""

    institution_path = "graduate__institution"
    faculty_path = "graduate__program__department__faculty"
    department_path = "graduate__program__department"
    change_roles = EMPLOYMENT_RECORDERS

    def open(self) -> Self:
        return self.filter(ended_on__isnull=True)


class RoundRuleQuerySet(ScopedQuerySet):
    institution_wide_view = True


class CollectionRoundQuerySet(ScopedQuerySet):
    """Rounds are institution-wide: every staff member sees them; the Career Center manages them."""

    institution_wide_view = True

    def with_list_related(self) -> Self:
        return self.select_related("academic_year", "platonus_registered_by")

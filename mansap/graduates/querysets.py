"""Querysets of graduate employment monitoring: scoped like the graduates they belong to."""

from __future__ import annotations

from typing import Self

from mansap.core.querysets import ScopedQuerySet


class GraduateRecordQuerySet(ScopedQuerySet):
    """Rows hanging off a graduate: visible to whoever may see that graduate."""

    institution_path = "graduate__institution"
    faculty_path = "graduate__program__department__faculty"
    department_path = "graduate__program__department"

    def open(self) -> Self:
        return self.filter(ended_on__isnull=True)


class RoundRuleQuerySet(ScopedQuerySet):
    institution_wide_view = True


class CollectionRoundQuerySet(ScopedQuerySet):
    """Rounds are institution-wide: every staff member sees them; the Career Center manages them."""

    institution_wide_view = True

    def with_list_related(self) -> Self:
        return self.select_related("academic_year", "platonus_registered_by")

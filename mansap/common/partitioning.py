"""Every table that grows with the number of people carries its institution (#18), so that a deployment of many
institutions can later be partitioned by it, and a scoped list filters one column instead of joining up a tree.

A model whose row belongs to a parent row (a grade to its student, an answer to its response) declares its own
`institution` foreign key and where the parent's is:

    class Grade(InstitutionFromParent, TimeStampedModel):
        institution_from = ("student", "institution_id")
        institution = models.ForeignKey("core.Institution", models.PROTECT, related_name="+", ...)
        objects = GradeQuerySet.as_manager()   # GradeQuerySet(InstitutionRows, ScopedQuerySet)

and the column is filled from the parent when a row is saved without it (save()) or bulk-created
(InstitutionRows.bulk_create): every service, import, demo and test that creates rows keeps working,
and a row can never be saved with no institution (the column is NOT NULL). The parent's institution never
changes (a student does not move between institutions), so the column needs no update afterwards.
mansap/common/tests/test_institution_partitioning.py walks the models and holds the list of those still to do.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.db import models


def fill_institution(model: type[models.Model], objs: Iterable[Any]) -> None:
    """Set institution_id on the objects that have none, from their parent row (one query for all of them,
    none when the parent objects are already loaded)."""
    parent_name, path = model.institution_from  # type: ignore[attr-defined]
    fk = model._meta.get_field(parent_name)
    missing = [obj for obj in objs if obj.institution_id is None]
    to_read = []
    for obj in missing:
        if "__" not in path and fk.is_cached(obj):  # type: ignore[union-attr]
            parent = getattr(obj, parent_name)
            if parent is not None:
                obj.institution_id = getattr(parent, path)
                continue
        to_read.append(obj)
    if not to_read:
        return
    ids = {getattr(obj, fk.attname) for obj in to_read}  # type: ignore[union-attr]
    related = fk.related_model._base_manager  # type: ignore[union-attr]
    found = dict(related.filter(pk__in=ids).values_list("pk", path))
    for obj in to_read:
        obj.institution_id = found.get(getattr(obj, fk.attname))  # type: ignore[union-attr]


class InstitutionFromParent:
    """A model mixin: a row saved with no institution takes its parent's (see the module's docstring)."""

    institution_from: ClassVar[tuple[str, str]]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if getattr(self, "institution_id", None) is None:
            fill_institution(type(self), [self])  # type: ignore[arg-type]
        super().save(*args, **kwargs)  # type: ignore[misc]


class InstitutionRows:
    """A queryset mixin: bulk_create fills the institution of the rows that have none, from their parents."""

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        objs = list(objs)
        fill_institution(self.model, objs)  # type: ignore[attr-defined]
        return super().bulk_create(objs, *args, **kwargs)  # type: ignore[misc]


class InstitutionRowQuerySet(InstitutionRows, models.QuerySet[Any]):
    """The plain queryset of such rows (a model with no scoped queryset of its own)."""


def parent_institution_sql(table: str, parent_column: str, parent_table: str) -> str:
    """The UPDATE that fills a new institution_id column from the parent row's (SQLite and PostgreSQL alike)."""
    # Table and column names from the migration's code, never from input.
    return (
        f"UPDATE {table} SET institution_id = (SELECT p.institution_id FROM {parent_table} p "  # noqa: S608
        f"WHERE p.id = {table}.{parent_column}) WHERE institution_id IS NULL"
    )

"""State changes of organizations: merging duplicate organizations.

`merge_organizations` re-points every row of every model that refers to the
duplicates, found from the model metadata (so foreign keys added later are covered
too, hidden ones such as related_name="+" included), fills the survivor's empty
fields, logs an OrganizationMerge row and deletes the duplicates. History rows are
never rewritten: the duplicates' own history stays, and each re-pointed row that
keeps a history gets a new entry naming the merge.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from mansap.common.history import attributed
from mansap.core.access import CHANGE, is_career_center, is_institution_editor, scoped
from mansap.core.models import Department
from mansap.employers.models import Organization, OrganizationMerge

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from mansap.core.models import User

# Fields of the survivor that a merge may fill from a duplicate (never overwrite).
NOT_FILLED = {"id", "institution", "created_at", "updated_at"}


class MergeError(ValidationError):
    """A merge that cannot be done safely; the message says why."""


def writable_departments(user: User | AnonymousUser | None) -> models.QuerySet[Department]:
    """Departments a user may name as responsible for an agreement, a joint unit or an event (the forms' and the
    API's choices: a scope, not a role rule; core.access has no such list)."""
    if user is None:
        return Department.objects.none()
    return Department.objects.with_people_for(user, CHANGE).select_related("faculty").order_by("code")


def can_merge(user: User | AnonymousUser, survivor: Organization) -> bool:
    """Merging rewrites every link of the organization: the Career Center of its institution (or a superuser)."""
    return is_career_center(user, survivor)


# ---- Relations -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Relation:
    """A foreign key (or one-to-one) of some model pointing at Organization."""

    model: type[models.Model]
    field: models.ForeignKey[Any, Any]

    @property
    def key(self) -> str:
        return f"{self.model._meta.label}.{self.field.name}"

    @property
    def label(self) -> str:
        opts = self.model._meta
        return f"{opts.verbose_name_plural} · {self.field.verbose_name}"

    @property
    def is_auto_m2m(self) -> bool:
        """A row of an automatic many-to-many table: a clash there is a duplicate link, safely dropped."""
        return bool(self.model._meta.auto_created)

    def rows(self, organizations: list[int]) -> models.QuerySet[Any]:
        return self.model._base_manager.filter(**{f"{self.field.attname}__in": organizations})


def _is_history_model(model: type[models.Model]) -> bool:
    return hasattr(model, "instance_type")  # simple_history's historical models: audit rows are never rewritten


def organization_relations() -> list[Relation]:
    """Every foreign key to Organization, hidden ones (related_name="+") and many-to-many tables included."""
    found = []
    for rel in Organization._meta.get_fields(include_hidden=True):
        if not rel.auto_created or rel.concrete or rel.many_to_many:
            continue  # forward fields, and m2m descriptors (their table's foreign key is listed on its own)
        related = rel.related_model
        if related is None or not isinstance(related, type) or _is_history_model(related):
            continue
        found.append(Relation(related, rel.field))  # type: ignore[union-attr, arg-type]
    return sorted(found, key=lambda r: r.key)


def relation_labels() -> dict[str, str]:
    return {r.key: r.label for r in organization_relations()}


def _unique_sets(relation: Relation) -> list[tuple[tuple[str, ...], Any]]:
    """The other columns that must stay unique together with the relation's column (and the condition)."""
    model, name = relation.model, relation.field.name
    sets: list[tuple[tuple[str, ...], Any]] = []
    if relation.field.unique:
        sets.append(((), None))
    for together in model._meta.unique_together:
        if name in together:
            sets.append((tuple(f for f in together if f != name), None))
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields and name in constraint.fields:
            sets.append((tuple(f for f in constraint.fields if f != name), constraint.condition))
    return sets


def _clashes(relation: Relation, ids: list[int], duplicate_ids: set[int]) -> list[int]:
    """Rows pointing at a duplicate that would break a unique rule once they point at the survivor."""
    attname = relation.field.attname
    clashing: list[int] = []
    for others, condition in _unique_sets(relation):
        rows = relation.rows(ids)
        if condition is not None:
            rows = rows.filter(condition)
        values = list(rows.values_list("pk", attname, *others))
        seen = Counter(tuple(v[2:]) for v in values if None not in v[2:])
        for pk, target, *rest in values:
            if target in duplicate_ids and None not in rest and seen[tuple(rest)] > 1:
                clashing.append(pk)
    return clashing


# ---- Preview and merge -----------------------------------------------------------------------------------------
@dataclass
class MergePlan:
    survivor: Organization
    duplicates: list[Organization]
    counts: dict[str, int] = field(default_factory=dict)  # relation key -> rows to re-point
    per_duplicate: dict[int, dict[str, int]] = field(default_factory=dict)
    fills: dict[str, Any] = field(default_factory=dict)  # field name -> value taken from a duplicate
    conflicts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _check(survivor: Organization, duplicates: list[Organization]) -> None:
    if not duplicates:
        raise MergeError(_("Choose at least one duplicate to merge."), code="no_duplicates")
    if any(d.pk == survivor.pk for d in duplicates):
        raise MergeError(_("An organization cannot be merged into itself."), code="self_merge")
    if any(d.institution_id != survivor.institution_id for d in duplicates):
        raise MergeError(_("Only organizations of the same institution can be merged."), code="other_institution")


def _fills(survivor: Organization, duplicates: list[Organization]) -> dict[str, Any]:
    fills: dict[str, Any] = {}
    for f in Organization._meta.concrete_fields:
        if f.name in NOT_FILLED or not f.editable:
            continue
        if getattr(survivor, f.attname) not in ("", None):
            continue
        for duplicate in duplicates:
            value = getattr(duplicate, f.attname)
            if value not in ("", None):
                fills[f.name] = value
                break
    return fills


def plan_merge(survivor: Organization, duplicates: list[Organization]) -> MergePlan:
    """What a merge would do, without doing it (the merge page shows it before the user confirms)."""
    _check(survivor, duplicates)
    plan = MergePlan(survivor, duplicates)
    duplicate_ids = {d.pk for d in duplicates}
    ids = [survivor.pk, *sorted(duplicate_ids)]
    for relation in organization_relations():
        by_target = dict(
            relation.rows(sorted(duplicate_ids))
            .order_by()
            .values(relation.field.attname)
            .annotate(n=models.Count("pk"))
            .values_list(relation.field.attname, "n")
        )
        if not by_target:
            continue
        plan.counts[relation.key] = sum(by_target.values())
        for target, n in by_target.items():
            plan.per_duplicate.setdefault(target, {})[relation.key] = n
        if not relation.is_auto_m2m and _clashes(relation, ids, duplicate_ids):
            plan.conflicts.append(
                _("{relation}: the kept organization already has such a record; they cannot both point at it.").format(
                    relation=relation.label
                )
            )
    plan.fills = _fills(survivor, duplicates)
    bins = {o.bin for o in [survivor, *duplicates] if o.bin}
    if len(bins) > 1:
        plan.warnings.append(
            _("The organizations have different BINs ({bins}): they may be different legal entities.").format(
                bins=", ".join(sorted(bins))
            )
        )
    return plan


def _snapshot(organization: Organization) -> dict[str, Any]:
    return {
        "id": organization.pk,
        "name": str(organization),
        "name_kk": organization.name_kk,
        "name_ru": organization.name_ru,
        "name_en": organization.name_en,
        "short_name": organization.short_name,
        "bin": organization.bin,
    }


@transaction.atomic
def merge_organizations(
    survivor: Organization, duplicates: list[Organization], *, acting_user: User | None
) -> OrganizationMerge:
    """Merge duplicates into the survivor: every link re-pointed, empty fields filled, duplicates deleted, logged.

    Raises MergeError (a ValidationError) when it cannot be done safely (a one-to-one or
    unique rule would break, self-merge, another institution) and PermissionDenied when
    the acting user may not change every organization involved.
    """
    ids = [survivor.pk, *(d.pk for d in duplicates)]
    locked = {o.pk: o for o in Organization.objects.select_for_update().filter(pk__in=ids)}
    if len(locked) != len(set(ids)):
        raise MergeError(_("Some of the organizations no longer exist."), code="missing")
    survivor = locked[survivor.pk]
    duplicates = [locked[d.pk] for d in duplicates]
    _check(survivor, duplicates)
    # No acting user: a command merging for the institution. Otherwise every organization involved must be
    # the user's to change, not only the survivor (can_merge decides the page's button by the survivor alone).
    if acting_user is not None and not acting_user.is_superuser:
        writable = scoped(Organization).for_user(acting_user, CHANGE).filter(pk__in=ids).count()
        if not is_institution_editor(acting_user) or writable != len(set(ids)):
            raise PermissionDenied
    plan = plan_merge(survivor, duplicates)
    if plan.conflicts:
        raise MergeError(" ".join(plan.conflicts), code="unique_clash")

    duplicate_ids = sorted(d.pk for d in duplicates)
    names = ", ".join(str(d) for d in duplicates)
    reason = _("merged {names} into {survivor}").format(names=names, survivor=survivor)[:100]
    for relation in organization_relations():
        rows = relation.rows(duplicate_ids)
        if relation.is_auto_m2m:
            rows.filter(pk__in=_clashes(relation, [survivor.pk, *duplicate_ids], set(duplicate_ids))).delete()
            rows.update(**{relation.field.attname: survivor.pk})
        elif getattr(relation.model._meta, "simple_history_manager_attribute", None):
            objs = list(rows)
            for obj in objs:
                setattr(obj, relation.field.attname, survivor.pk)
            bulk_update_with_history(
                objs,
                relation.model,
                [relation.field.name],
                batch_size=500,
                default_user=acting_user,
                default_change_reason=reason,
            )
        else:
            rows.update(**{relation.field.attname: survivor.pk})
    # Many-to-many fields declared on Organization itself (none today): the survivor takes the links.
    for m2m in Organization._meta.many_to_many:
        for duplicate in duplicates:
            getattr(survivor, m2m.name).add(*getattr(duplicate, m2m.name).all())

    log = OrganizationMerge.objects.create(
        institution_id=survivor.institution_id,
        survivor=survivor,
        survivor_name=str(survivor)[:255],
        merged=[_snapshot(d) for d in duplicates],
        relinked=plan.counts,
        filled_fields={k: str(v) for k, v in plan.fills.items()},
        merged_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    for duplicate in duplicates:
        attributed(duplicate, acting_user, reason=reason).delete()
    if plan.fills:
        for name, value in plan.fills.items():
            setattr(survivor, name, value)
        attributed(survivor, acting_user, reason=reason).save()
    return log

"""Access management: who may give, change and revoke roles, and the rules that keep someone in charge."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from mansap.core.choices import Access, Role
from mansap.core.models import Department, Faculty, Institution, Membership, User
from mansap.core.querysets import CHANGE


# ---- Access management (who may see and change which part of the institution) -----------------------------
def _managing_memberships(user: Any) -> list[Membership]:
    from mansap.core.querysets import memberships_for

    return [m for m in memberships_for(user, CHANGE) if m.role in (Role.CAREER_CENTER, Role.DEAN)]


def can_manage_access(user: Any) -> bool:
    """Superusers, Career Center editors and deans with edit access manage memberships."""
    return bool(user.is_authenticated and (user.is_superuser or _managing_memberships(user)))


def can_view_access(user: Any) -> bool:
    """Managers, and management (the rector) who sees the list read-only."""
    from mansap.core.querysets import user_memberships

    if can_manage_access(user):
        return True
    return bool(user.is_authenticated and any(m.role == Role.MANAGEMENT for m in user_memberships(user)))


def _access_q(user: Any, *, manage: bool) -> Q | None:
    """Memberships the user reaches; None means all (superuser); an empty Q() means none."""
    from mansap.core.querysets import user_memberships

    if user.is_superuser:
        return None
    q = Q()
    for m in _managing_memberships(user):
        if m.role == Role.CAREER_CENTER:
            q |= Q(institution_id=m.institution_id)
        elif m.faculty_id:
            q |= Q(role=Role.DEPARTMENT, department__faculty_id=m.faculty_id)
    if not manage:
        for m in user_memberships(user):
            if m.role == Role.MANAGEMENT:
                q |= Q(institution_id=m.institution_id)
    return q


def memberships_for_access(user: Any, *, manage: bool = False) -> QuerySet[Membership]:
    """The memberships a user may see (manage=False) or change (manage=True) on the access pages."""
    if not user.is_authenticated:
        return Membership.objects.none()
    q = _access_q(user, manage=manage)
    if q is None:
        return Membership.objects.all()
    return Membership.objects.filter(q) if q else Membership.objects.none()


def membership_history_for(user: Any) -> QuerySet[Any]:
    """The audit trail of the memberships a user may see (revoked ones included)."""
    q = _access_q(user, manage=False) if user.is_authenticated else Q()
    history = Membership.history.all()
    if q is None:
        return history
    return history.filter(q) if q else history.none()


def access_institutions(user: Any) -> QuerySet[Institution]:
    """Institutions in which the user manages institution-wide or faculty memberships."""
    if user.is_superuser:
        return Institution.objects.all()
    ids = {m.institution_id for m in _managing_memberships(user)}
    return Institution.objects.filter(pk__in=ids)


def grantable_roles(user: Any) -> list[str]:
    """The roles a user may grant: a dean only department staff of their faculty."""
    if user.is_superuser or any(m.role == Role.CAREER_CENTER for m in _managing_memberships(user)):
        return list(Role.values)
    if _managing_memberships(user):
        return [Role.DEPARTMENT]
    return []


def grantable_faculties(user: Any) -> QuerySet[Faculty]:
    if user.is_superuser:
        return Faculty.objects.all()
    ids = {m.institution_id for m in _managing_memberships(user) if m.role == Role.CAREER_CENTER}
    return Faculty.objects.filter(institution_id__in=ids)


def grantable_departments(user: Any) -> QuerySet[Department]:
    if user.is_superuser:
        return Department.objects.all()
    managing = _managing_memberships(user)
    institutions = {m.institution_id for m in managing if m.role == Role.CAREER_CENTER}
    faculties = {m.faculty_id for m in managing if m.role == Role.DEAN and m.faculty_id}
    return Department.objects.filter(Q(faculty__institution_id__in=institutions) | Q(faculty_id__in=faculties))


def _check_can_manage(membership: Membership, acting_user: Any) -> None:
    reachable = memberships_for_access(acting_user, manage=True)
    if membership.pk:
        allowed = reachable.filter(pk=membership.pk).exists()
    else:
        allowed = acting_user.is_superuser or (
            membership.role in grantable_roles(acting_user) and _scope_allowed(membership, acting_user)
        )
    if not allowed:
        raise PermissionDenied


def _scope_allowed(membership: Membership, acting_user: Any) -> bool:
    if membership.role == Role.DEPARTMENT:
        return grantable_departments(acting_user).filter(pk=membership.department_id or 0).exists()
    if membership.role == Role.DEAN:
        return grantable_faculties(acting_user).filter(pk=membership.faculty_id or 0).exists()
    return access_institutions(acting_user).filter(pk=membership.institution_id).exists() and (
        Role.CAREER_CENTER in grantable_roles(acting_user)
    )


def _normalize_scope(membership: Membership) -> None:
    """Each role has exactly its scope: a dean a faculty, department staff a department, the others none."""
    errors: dict[str, str] = {}
    if membership.role == Role.DEAN:
        membership.department = None
        if not membership.faculty_id:
            errors["faculty"] = _("A dean's office membership needs a faculty.")
        else:
            membership.institution_id = membership.faculty.institution_id  # type: ignore[union-attr]
    elif membership.role == Role.DEPARTMENT:
        if not membership.department_id:
            errors["department"] = _("A department membership needs a department.")
        else:
            membership.faculty = None
            membership.institution_id = membership.department.faculty.institution_id  # type: ignore[union-attr]
    else:
        if membership.faculty_id:
            errors["faculty"] = _("This role covers the whole institution: leave the faculty empty.")
        if membership.department_id:
            errors["department"] = _("This role covers the whole institution: leave the department empty.")
        if not membership.institution_id:
            errors["institution"] = _("Choose the institution.")
    if membership.role == Role.MANAGEMENT:
        membership.access = Access.VIEW  # management is read-only by definition
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def grant_membership(user: User, *, acting_user: Any, **fields: Any) -> Membership:
    """Give a user a role over the institution, a faculty or a department (no duplicates, in scope)."""
    membership = Membership(user=user, **fields)
    _normalize_scope(membership)
    if acting_user is not None:
        _check_can_manage(membership, acting_user)
    duplicate = Membership.objects.filter(
        Q(faculty_id=membership.faculty_id) if membership.faculty_id else Q(faculty__isnull=True),
        Q(department_id=membership.department_id) if membership.department_id else Q(department__isnull=True),
        user=user,
        role=membership.role,
        institution_id=membership.institution_id,
    )
    if duplicate.exists():
        raise ValidationError(
            {
                "role": _("{user} already has this role over this part of the institution.").format(
                    user=user.display_name
                )
            },
            code="duplicate",
        )
    membership.full_clean()
    membership._history_user = acting_user  # type: ignore[attr-defined]
    membership.save()
    return membership


def _is_last_editor(membership: Membership) -> bool:
    """Whether removing or downgrading this membership leaves its user with no editing membership."""
    return membership.is_rw and not (
        Membership.objects.filter(user_id=membership.user_id, access=Access.EDIT)
        .exclude(role=Role.MANAGEMENT)
        .exclude(pk=membership.pk)
        .exists()
    )


def _is_last_career_center_editor(membership: Membership) -> bool:
    if membership.role != Role.CAREER_CENTER or membership.access != Access.EDIT:
        return False
    return not (
        Membership.objects.filter(
            institution_id=membership.institution_id,
            role=Role.CAREER_CENTER,
            access=Access.EDIT,
            user__is_active=True,
        )
        .exclude(pk=membership.pk)
        .exists()
    )


def _check_no_lock_out(membership: Membership, acting_user: Any, *, removing: bool) -> None:
    if membership.user_id == acting_user.pk and not acting_user.is_superuser and _is_last_editor(membership):
        raise ValidationError(
            _("You cannot remove or downgrade your own last editing access: you would lock yourself out."),
            code="lock_out",
        )
    if _is_last_career_center_editor(membership):
        raise ValidationError(
            _(
                "This is the last Career Center member with edit access in the institution; give someone else "
                "edit access first."
            ),
            code="last_career_center",
        )


@transaction.atomic
def change_access(membership: Membership, access: str, *, acting_user: Any) -> Membership:
    """Switch a membership between read-only and read-write."""
    _check_can_manage(membership, acting_user)
    if access not in Access.values:
        raise ValidationError({"access": _("Choose read only or read and write.")})
    if membership.role == Role.MANAGEMENT and access == Access.EDIT:
        raise ValidationError({"access": _("Management has read-only access by definition.")})
    if membership.access == access:
        return membership
    if access == Access.VIEW:
        _check_no_lock_out(membership, acting_user, removing=False)
    membership.access = access
    membership._history_user = acting_user  # type: ignore[attr-defined]
    membership.save(update_fields=["access"])
    return membership


@transaction.atomic
def revoke_membership(membership: Membership, *, acting_user: Any) -> None:
    """Remove a membership; its history stays in the audit trail."""
    _check_can_manage(membership, acting_user)
    _check_no_lock_out(membership, acting_user, removing=True)
    membership._history_user = acting_user  # type: ignore[attr-defined]
    membership.delete()


def users_for_access(user: Any) -> QuerySet[User]:
    """Users with a membership the user may see, plus (for managers) those whose memberships they revoked."""
    visible = memberships_for_access(user)
    q = Q(pk__in=visible.values("user_id"))
    if can_manage_access(user):
        institutions = None if user.is_superuser else [m.institution_id for m in _managing_memberships(user)]
        past = Membership.history.all()
        if institutions is not None:
            past = past.filter(institution_id__in=institutions)
        q |= Q(pk__in=past.values("user_id"), memberships__isnull=True, is_superuser=False)
    return User.objects.filter(q).distinct()

"""Access management: who may give, change and revoke roles, the rules that keep someone in charge, and the
logins the access pages may switch off.

Who may open the access pages, and which memberships they reach, is core.access's (`can_manage_access`,
`can_view_access`, `Membership.objects.for_user`); this module holds the changes and the rules that are not
about scope: which roles a manager may give, that every role has exactly its scope, that nobody locks
themselves (or the institution's Career Center) out, and which logins may be deactivated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.core.access import (
    CHANGE,
    can_manage_access,
    managing_memberships,
    membership_access_q,
)
from mansap.core.choices import Access, Role
from mansap.core.models import Department, Faculty, Institution, Membership, User
from mansap.core.services.accounts import invite_staff_user

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest


# ---- What a manager reaches ----------------------------------------------------------------------------------
def membership_history_for(user: User | AnonymousUser) -> QuerySet[Any]:
    """The audit trail of the memberships a user may see (revoked ones included)."""
    q = membership_access_q(user, manage=False)
    history = Membership.history.all()
    if q is None:
        return history
    return history.filter(q) if q else history.none()


def access_institutions(user: User) -> QuerySet[Institution]:
    """Institutions in which the user manages institution-wide or faculty memberships."""
    if user.is_superuser:
        return Institution.objects.all()
    ids = {m.institution_id for m in managing_memberships(user)}
    return Institution.objects.filter(pk__in=ids)


def grantable_roles(user: User) -> list[str]:
    """The roles a user may grant: a dean only department staff of their faculty."""
    if user.is_superuser or any(m.role == Role.CAREER_CENTER for m in managing_memberships(user)):
        return list(Role.values)
    if managing_memberships(user):
        return [Role.DEPARTMENT]
    return []


def grantable_faculties(user: User) -> QuerySet[Faculty]:
    if user.is_superuser:
        return Faculty.objects.all()
    ids = {m.institution_id for m in managing_memberships(user) if m.role == Role.CAREER_CENTER}
    return Faculty.objects.filter(institution_id__in=ids)


def grantable_departments(user: User) -> QuerySet[Department]:
    if user.is_superuser:
        return Department.objects.all()
    managing = managing_memberships(user)
    institutions = {m.institution_id for m in managing if m.role == Role.CAREER_CENTER}
    faculties = {m.faculty_id for m in managing if m.role == Role.DEAN and m.faculty_id}
    return Department.objects.filter(Q(faculty__institution_id__in=institutions) | Q(faculty_id__in=faculties))


def users_for_access(user: User | AnonymousUser) -> QuerySet[User]:
    """Users with a membership the user may see, plus (for managers) those whose memberships they revoked."""
    visible = Membership.objects.for_user(user)
    q = Q(pk__in=visible.values("user_id"))
    if can_manage_access(user):
        institutions = None if user.is_superuser else [m.institution_id for m in managing_memberships(user)]
        past = Membership.history.all()
        if institutions is not None:
            past = past.filter(institution_id__in=institutions)
        q |= Q(pk__in=past.values("user_id"), memberships__isnull=True, is_superuser=False)
    return User.objects.filter(q).distinct()


# ---- Giving, changing and revoking a membership --------------------------------------------------------------
def _check_can_manage(membership: Membership, acting_user: User) -> None:
    if membership.pk:
        allowed = Membership.objects.for_user(acting_user, CHANGE).filter(pk=membership.pk).exists()
    else:
        allowed = acting_user.is_superuser or (
            membership.role in grantable_roles(acting_user) and _scope_allowed(membership, acting_user)
        )
    if not allowed:
        raise PermissionDenied


def _scope_allowed(membership: Membership, acting_user: User) -> bool:
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
        if membership.faculty is None:
            errors["faculty"] = _("A dean's office membership needs a faculty.")
        else:
            membership.institution_id = membership.faculty.institution_id
    elif membership.role == Role.DEPARTMENT:
        if membership.department is None:
            errors["department"] = _("A department membership needs a department.")
        else:
            membership.faculty = None
            membership.institution_id = membership.department.faculty.institution_id
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
def grant_membership(
    user: User,
    *,
    role: str,
    institution: Institution | None = None,
    faculty: Faculty | None = None,
    department: Department | None = None,
    access: str = Access.EDIT,
    acting_user: User | None,
) -> Membership:
    """Give a user a role over the institution, a faculty or a department (no duplicates, in scope).

    The institution of a dean's or a department's membership follows from its faculty or department.
    No acting user (a command) skips the manager's check.
    """
    membership = Membership(
        user=user, role=role, institution=institution, faculty=faculty, department=department, access=access
    )
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
    attributed(membership, acting_user).save()
    return membership


@dataclass(frozen=True)
class Invitation:
    """A new staff login for grant_access to create: who, and the language of the invitation e-mail."""

    email: str
    first_name: str
    last_name: str
    language: str


@transaction.atomic
def grant_access(
    user: User | None,
    *,
    invite: Invitation | None = None,
    role: str,
    institution: Institution | None = None,
    faculty: Faculty | None = None,
    department: Department | None = None,
    access: str = Access.EDIT,
    acting_user: User,
    request: HttpRequest | None = None,
) -> Membership:
    """Give access to an existing user, or invite a new one by e-mail and give them access: all or nothing.

    Exactly one of `user` and `invite`. A membership the rules refuse (a wrong scope, a duplicate) also undoes
    the invited login, and its e-mail is never sent (it leaves only after the commit).
    """
    if (user is None) == (invite is None):
        raise ValueError("give either an existing user or an invitation")
    if invite is not None:
        user = invite_staff_user(
            email=invite.email,
            first_name=invite.first_name,
            last_name=invite.last_name,
            language=invite.language,
            acting_user=acting_user,
            request=request,
        )
    assert user is not None
    return grant_membership(
        user,
        role=role,
        institution=institution,
        faculty=faculty,
        department=department,
        access=access,
        acting_user=acting_user,
    )


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


def _check_no_lock_out(membership: Membership, acting_user: User, *, removing: bool) -> None:
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
def change_access(membership: Membership, access: str, *, acting_user: User) -> Membership:
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
    attributed(membership, acting_user).save(update_fields=["access"])
    return membership


@transaction.atomic
def revoke_membership(membership: Membership, *, acting_user: User) -> None:
    """Remove a membership; its history stays in the audit trail."""
    _check_can_manage(membership, acting_user)
    _check_no_lock_out(membership, acting_user, removing=True)
    attributed(membership, acting_user).delete()


# ---- Logins without access -----------------------------------------------------------------------------------
def _check_can_deactivate_login(user: User, acting_user: User) -> None:
    """PermissionDenied when the login is not the acting user's to manage; ValidationError (with the reason) when
    it may not be switched off here."""
    if not can_manage_access(acting_user) or not users_for_access(acting_user).filter(pk=user.pk).exists():
        raise PermissionDenied
    if user.pk == acting_user.pk or user.is_superuser:
        raise ValidationError(_("This login cannot be deactivated here."), code="protected")
    if user.memberships.exists():
        raise ValidationError(_("Revoke the user's memberships first."), code="has_memberships")
    if hasattr(user, "student"):
        raise ValidationError(_("This is a student's login; it is not managed here."), code="student")


def can_deactivate_login(user: User, *, acting_user: User) -> bool:
    """Whether `deactivate_login` would switch this login off: a login of someone the acting user manages who
    has no membership left, is not a student, not a superuser and not the acting user. The access page shows
    its button on this rule, so the button and the service cannot disagree."""
    try:
        _check_can_deactivate_login(user, acting_user)
    except (PermissionDenied, ValidationError):
        return False
    return True


@transaction.atomic
def deactivate_login(user: User, *, acting_user: User) -> User:
    """Switch off the login of a user who has no membership left (never a superuser, a student or oneself)."""
    _check_can_deactivate_login(user, acting_user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user

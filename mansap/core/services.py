"""State changes of the core app that carry rules. Views, the API, commands and tests call these."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from mansap.core.choices import Access, Role
from mansap.core.models import Department, Faculty, Institution, Membership, Student, User
from mansap.core.querysets import CHANGE


@transaction.atomic
def save_student(student: Student, *, acting_user: Any) -> Student:
    """Validate and save a student: derived fields filled, the program within the user's write scope."""
    from mansap.core.models import EducationalProgram

    if acting_user is not None and student.program_id:
        allowed = EducationalProgram.objects.with_people_for(acting_user, CHANGE).filter(pk=student.program_id)
        if not allowed.exists():
            raise ValidationError({"program": _("You cannot add or move students to this program.")})
    student.fill_derived()
    student.full_clean()
    student._history_user = acting_user if getattr(acting_user, "is_authenticated", False) else None  # type: ignore[attr-defined]
    student.save()
    return student


def set_user_language(user: User, language: str) -> None:
    """Remember the interface language a user chose (used on their next login)."""
    if user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


# ---- Access management (who may see and change which part of the institution) -----------------------------
def _managing_memberships(user: Any) -> list[Membership]:
    from mansap.core.querysets import memberships_for

    return [m for m in memberships_for(user, CHANGE) if m.role in (Role.CAREER_CENTER, Role.DEAN)]


def user_institution(user: Any) -> Institution | None:
    """The institution the user works for (a superuser: the deployment's default one; others: None)."""

    from mansap.core.querysets import user_memberships

    for membership in user_memberships(user):
        return membership.institution
    if getattr(user, "is_superuser", False):
        code = getattr(settings, "MANSAP_DEFAULT_INSTITUTION_CODE", "")
        return Institution.objects.filter(code=code).first() or Institution.objects.order_by("pk").first()
    return None


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


@transaction.atomic
def deactivate_login(user: User, *, acting_user: Any) -> User:
    """Switch off the login of a user who has no membership left (never a superuser, never oneself)."""
    if not can_manage_access(acting_user) or not users_for_access(acting_user).filter(pk=user.pk).exists():
        raise PermissionDenied
    if user.pk == acting_user.pk or user.is_superuser:
        raise ValidationError(_("This login cannot be deactivated here."), code="protected")
    if user.memberships.exists():
        raise ValidationError(_("Revoke the user's memberships first."), code="has_memberships")
    if hasattr(user, "student"):
        raise ValidationError(_("This is a student's login; it is not managed here."), code="student")
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def invite_staff_user(
    *, email: str, first_name: str, last_name: str, language: str, acting_user: Any, request: Any = None
) -> User:
    """Create a staff login (no usable password) and e-mail, in its language, a link to set the password."""
    from django.utils import translation

    from mansap.core.services import set_password_link

    if not can_manage_access(acting_user):
        raise PermissionDenied
    email = email.strip().lower()
    if User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
        raise ValidationError(
            {"email": _("A user with this e-mail already exists; choose them as an existing user.")},
            code="duplicate",
        )
    if language not in {"kk", "ru", "en"}:
        raise ValidationError({"language": _("Choose the interface language.")})
    user = User(
        username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip(), language=language
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    link = set_password_link(request, user)
    with translation.override(language):
        subject = _("Mansap: your access to the university's Career Center platform")
        body = _(
            "Hello, {name}!\n\n{inviter} has given you access to Mansap, the university's Career Center "
            "platform. Set your password here:\n\n{link}\n\nYour login is {login}."
        ).format(name=user.get_full_name() or email, inviter=acting_user.display_name, link=link, login=email)
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email]))
    return user


@transaction.atomic
def start_import(upload: Any, *, institution: Any, acting_user: Any, kind: str = "graduates") -> Any:
    """Store an uploaded file as an import job and queue its check (nothing is imported yet)."""
    from mansap.core import tasks
    from mansap.core.models import ImportJob

    job = ImportJob.objects.create(
        institution=institution, kind=kind, file=upload, original_name=upload.name[:255], created_by=acting_user
    )
    transaction.on_commit(lambda: tasks.check_import_job(job.pk))
    return job


@transaction.atomic
def confirm_import(job: Any, *, acting_user: Any) -> None:
    """Queue the import of a checked file; the job re-checks it, so it stays all or nothing."""
    from mansap.core import tasks
    from mansap.core.choices import ImportStatus

    job.status = ImportStatus.IMPORTING
    job.progress = 0
    job.save(update_fields=["status", "progress"])
    transaction.on_commit(lambda: tasks.apply_import_job(job.pk, acting_user.pk))


# ---- Employer contacts ---------------------------------------------------------------------------------------
def set_password_link(request: Any, user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return request.build_absolute_uri(path) if request is not None else path

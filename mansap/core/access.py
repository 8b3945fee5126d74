"""Who may see and change what: the one module every permission rule lives in.

Access comes from memberships (core.Membership): a role over the whole institution (Career Center,
Registrar's Office, management), a faculty (dean's office) or a department, read-only or read-write.
Superusers reach everything. This module turns memberships into

- scope filters (`scope_q`), which each ScopedQuerySet applies in `for_user(user, action)`;
- role predicates (`is_institution_editor`, `can_manage_access`, ...), named after the rule they
  decide, so a page, the API and a service ask the same question the same way;
- scoped lookups: `get_for_user_or_404` (out of scope: 404; visible but read-only: 403, as
  Healthchecks' `_get_rw_check_for_user`) and `institution_for`.

Views fetch objects through here; services check only their own role-specific rules.

The memberships are read once per user object, i.e. once per request (`user_memberships`).
Nothing here imports core.models at module level: the models import core.querysets, which imports
this module, so a top-level model import would be a cycle. The few lookups that need a model
import it inside the function.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar, cast, overload

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from mansap.core.choices import INSTITUTION_WIDE_ROLES, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from mansap.common.typing import ScopedManager
    from mansap.core.models import Institution, Membership, User
    from mansap.core.querysets import InstitutionQuerySet

    # Who asks: a login, the anonymous visitor, or nobody (a command or a task calling a service).
    AnyUser: TypeAlias = User | AnonymousUser
    MaybeUser: TypeAlias = User | AnonymousUser | None

M = TypeVar("M", bound=Model)

VIEW = "view"
CHANGE = "change"
ACTIONS = (VIEW, CHANGE)

# Cache attributes on the user object: one query per request, whoever asks first.
_MEMBERSHIPS_CACHE = "_mansap_memberships"
_EMPLOYER_CACHE = "_mansap_employer_org"  # shared with employers.vacancy_models.employer_organization_id


# ---- Memberships ---------------------------------------------------------------------------------------------
def user_memberships(user: MaybeUser) -> list[Membership]:
    """The user's memberships, read once per user object (i.e. once per request)."""
    if user is None:
        return []
    cached: list[Membership] | None = getattr(user, _MEMBERSHIPS_CACHE, None)
    if cached is None:
        # Through the reverse relation (Membership.user, related_name="memberships"): no model import.
        cached = list(cast("User", user).memberships.all()) if user.is_authenticated else []
        setattr(user, _MEMBERSHIPS_CACHE, cached)
    return cached


def remember_memberships(user: User, memberships: list[Membership]) -> None:
    """Attach the user's memberships read elsewhere (core.backends: the session's user, from the cache)."""
    setattr(user, _MEMBERSHIPS_CACHE, memberships)


def memberships_for(user: MaybeUser, action: str) -> list[Membership]:
    """The memberships that grant `action`: all of them to view, the read-write ones to change."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    found = user_memberships(user)
    return found if action == VIEW else [m for m in found if m.is_rw]


def _is_superuser(user: MaybeUser) -> bool:
    return bool(user is not None and user.is_authenticated and cast("User", user).is_superuser)


def scope_q(
    user: AnyUser,
    action: str,
    *,
    institution_path: str | None,
    faculty_path: str | None = None,
    department_path: str | None = None,
    institution_wide_view: bool = False,
    roles: Collection[str] | None = None,
) -> Q | None:
    """The filter of rows a user reaches through memberships; None means every row (superuser).

    An empty Q() means nothing is reachable. `roles` limits the memberships that count to those roles
    (a power of some offices only, see POWERS).
    """
    if user.is_superuser:
        return None
    found = memberships_for(user, action)
    if roles is not None:
        found = [m for m in found if m.role in roles]
    wide = institution_wide_view and action == VIEW
    institutions = {m.institution_id for m in found if m.role in INSTITUTION_WIDE_ROLES or wide}
    faculties = set() if wide else {m.faculty_id for m in found if m.role == Role.DEAN and m.faculty_id is not None}
    departments = (
        set() if wide else {m.department_id for m in found if m.role == Role.DEPARTMENT and m.department_id is not None}
    )
    q = Q()
    if institutions and institution_path:
        q |= Q(**{f"{institution_path}__in": sorted(institutions)})
    if faculties and faculty_path:
        q |= Q(**{f"{faculty_path}__in": sorted(faculties)})
    if departments and department_path:
        q |= Q(**{f"{department_path}__in": sorted(departments)})
    return q


# ---- Role predicates -----------------------------------------------------------------------------------------
def is_staff_member(user: MaybeUser) -> bool:
    """Staff: a superuser or anyone with a membership (read-only ones included). Students and employer
    contacts have none."""
    return bool(user is not None and user.is_authenticated and (_is_superuser(user) or user_memberships(user)))


def can_create(user: MaybeUser, scope_level: str) -> bool:
    """Whether the user may add records that live at this level (institution/faculty/department)."""
    if user is None or not user.is_authenticated:
        return False
    if _is_superuser(user):
        return True
    writable = memberships_for(user, CHANGE)
    if scope_level == "institution":
        return any(m.role in INSTITUTION_WIDE_ROLES for m in writable)
    if scope_level == "faculty":
        return any(m.role in INSTITUTION_WIDE_ROLES or m.role == Role.DEAN for m in writable)
    return bool(writable)


def is_institution_editor(user: MaybeUser) -> bool:
    """Superusers and read-write members of institution-wide offices (Career Center, Registrar's Office).

    Management is read-only by definition, so the rector is never an editor. The same rule as
    `can_create(user, "institution")`, `can_manage_rounds` and `is_career_center(user)`.
    """
    if user is None or not user.is_authenticated:
        return False
    return _is_superuser(user) or any(m.role in INSTITUTION_WIDE_ROLES for m in memberships_for(user, CHANGE))


def has_institution_wide_write_membership(user: MaybeUser) -> bool:
    """A read-write membership of an institution-wide office, superusers NOT included.

    Differs from `is_institution_editor` only for superusers: the surveys campaign form asks this after
    letting superusers through on its own (surveys/forms.py `_is_institution_wide`).
    """
    return any(m.role in INSTITUTION_WIDE_ROLES for m in memberships_for(user, CHANGE))


def writes_as(user: MaybeUser, roles: Collection[str]) -> bool:
    """A superuser, or a read-write member in one of `roles` (of any unit: the object's queryset says which)."""
    if user is None or not user.is_authenticated:
        return False
    return _is_superuser(user) or any(m.role in roles for m in memberships_for(user, CHANGE))


def is_career_center_editor(user: MaybeUser) -> bool:
    """A read-write member of the Career Center itself (or a superuser): plans practice, overrides the block.

    Narrower than `is_institution_editor`: the Registrar's Office is not the Career Center.
    """
    if user is None or not user.is_authenticated:
        return False
    return _is_superuser(user) or any(m.role == Role.CAREER_CENTER for m in memberships_for(user, CHANGE))


def is_career_center(user: MaybeUser, obj: Model | None = None) -> bool:
    """A read-write member of the Career Center (or a superuser), of `obj`'s institution when given.

    The Career Center's powers (POWERS) are its own: the Registrar's Office supplies data on students and
    gives access to Platonus (000 §11), it does not approve vacancies or run career events.
    """
    if not is_career_center_editor(user):
        return False
    return obj is None or reaches_as(user, obj, CAREER_CENTER_ONLY)


# The quality department (process map, risk register; 002 p2–p5). There is no quality role yet: the Career Center,
# the operational steward of process 17's data (seed O-14, Q17), edits the map and the whole register until the
# university names its quality office. A later Role.QUALITY joins this set and nothing else changes.
QUALITY_EDITORS = frozenset({Role.CAREER_CENTER})


def is_quality_editor(user: MaybeUser) -> bool:
    """Edits the process map and every risk of the register: a read-write member of QUALITY_EDITORS, or a
    superuser. A risk's own owner changes that risk too (its assessments and actions), through its queryset."""
    return writes_as(user, QUALITY_EDITORS)


# Controlled documents (issue #17): the quality department keeps the register of internal regulations; every staff
# member reads it, and only staff ever receive an internal-only document.
REGULATION_EDITORS = QUALITY_EDITORS


def is_regulation_editor(user: MaybeUser) -> bool:
    """Edits the register of regulations (documents, versions, transitions, reviews): a read-write member of
    REGULATION_EDITORS, or a superuser."""
    return writes_as(user, REGULATION_EDITORS)


# The Student Service Center (004; ): the Registrar's Office keeps the course catalogue and the grading
# scale and imports the grades from AIS Platonus (issue #14). Departments, advisors and students only read.
ACADEMIC_RECORD_EDITORS = frozenset({Role.REGISTRAR})


def is_academic_records_editor(user: MaybeUser) -> bool:
    """Keeps the catalogue and the grading scale and imports grades: a read-write member of the Registrar's Office
    (the Student Service Center), or a superuser."""
    return writes_as(user, ACADEMIC_RECORD_EDITORS)


# The contingent (issue #15): the Student Service Center drafts the orders, records the rector's signature and
# their entry in AIS Platonus. Departments read their students' orders; a student reads their own history.
CONTINGENT_EDITORS = ACADEMIC_RECORD_EDITORS


def is_contingent_editor(user: MaybeUser) -> bool:
    """Drafts, signs and enters contingent orders and imports past ones: a read-write member of the Registrar's
    Office (the Student Service Center), or a superuser."""
    return writes_as(user, CONTINGENT_EDITORS)


# The one-window service desk (issue #16): the Student Service Center (the Registrar's Office) keeps the service
# catalogue, works the queue of requests and issues the documents. Departments and deans see none of its requests.
SERVICE_DESK_STAFF = frozenset({Role.REGISTRAR})


def is_service_desk_staff(user: MaybeUser) -> bool:
    """Works the service desk's queue, issues and revokes documents, edits the catalogue: a read-write member of
    the Registrar's Office (the Student Service Center), or a superuser."""
    return writes_as(user, SERVICE_DESK_STAFF)


# Curricula: the SSC keeps every program's model curriculum and each student's individual one;
# a department those of its own programs and students. An individual curriculum is approved by the student's advisor
# or the SSC (mansap.academics.services.curricula).
CURRICULUM_EDITORS = ACADEMIC_RECORD_EDITORS | {Role.DEPARTMENT}


def can_edit_curricula(user: MaybeUser) -> bool:
    """A read-write member of CURRICULUM_EDITORS (or a superuser): which programs, the curricula's queryset says."""
    return writes_as(user, CURRICULUM_EDITORS)


# Program revisions and advisory boards (002 p10; ): a department records the revisions of its
# own programs, a dean those of the faculty, the quality editors all of them.
PROGRAM_REVISION_RECORDERS = QUALITY_EDITORS | {Role.DEAN, Role.DEPARTMENT}


def can_record_program_revisions(user: MaybeUser) -> bool:
    """A read-write member of PROGRAM_REVISION_RECORDERS (or a superuser): which programs, their queryset says."""
    return writes_as(user, PROGRAM_REVISION_RECORDERS)


def can_manage_rounds(user: MaybeUser) -> bool:
    """The Career Center manages the collection rounds, their calendar and form No. 10 (000 §8.1, §8.4–8.5)."""
    return is_career_center_editor(user)


def is_institution_wide(user: MaybeUser) -> bool:
    """A superuser or a member of an institution-wide office, read-only management (the rector) included.

    They read the whole institution; the API documentation link is shown to them.
    """
    if user is None:
        return False
    return bool(_is_superuser(user) or any(m.role in INSTITUTION_WIDE_ROLES for m in user_memberships(user)))


def is_read_only_staff(user: MaybeUser) -> bool:
    """Staff with no read-write membership (and not a superuser): the home page says they only read."""
    return not _is_superuser(user) and not any(m.is_rw for m in user_memberships(user))


# ---- Powers: which office does what (000 §8, §11; 001 §13; 004) -------------------------------------------------
# A read-write membership gives write scope over a part of the institution; some actions in that scope belong
# to certain offices only. The Registrar's Office is institution-wide but supplies data (000 §11): it records no
# employment, approves no vacancy, plans no practice and reviews no survey responses.
CAREER_CENTER_ONLY = frozenset({Role.CAREER_CENTER})
# Departments supply and keep the employment data of their graduates, deans add to it, the Career Center
# consolidates it (000 §8.3–8.4, §9, §11): they record statuses, contacts and assistance.
EMPLOYMENT_RECORDERS = frozenset({Role.CAREER_CENTER, Role.DEAN, Role.DEPARTMENT})


def reaches_as(user: MaybeUser, obj: Model, roles: Collection[str]) -> bool:
    """Whether a read-write membership of one of `roles` reaches `obj` (superusers reach everything).

    Rows a user reaches as themselves (self_filter: a student's own record) count too, as they do for CHANGE:
    a predicate that needs a membership checks it first.
    """
    if user is None or not user.is_authenticated:
        return False
    if _is_superuser(user):
        return True
    queryset: Any = scoped(type(obj))  # a ScopedQuerySet: for_user_as is not part of the ScopedManager protocol
    return bool(queryset.for_user_as(user, roles).filter(pk=obj.pk).exists())


def can_record_employment(user: MaybeUser, graduate: Model | None = None) -> bool:
    """Whether the user records employment statuses, contacts and assistance (of this graduate, when given).

    A department for its graduates, a dean for the faculty's, the Career Center for the institution's.
    """
    if user is None or not user.is_authenticated:
        return False
    if not (_is_superuser(user) or any(m.role in EMPLOYMENT_RECORDERS for m in memberships_for(user, CHANGE))):
        return False  # before reaches_as: a graduate's own login reaches their record as themselves
    return graduate is None or reaches_as(user, graduate, EMPLOYMENT_RECORDERS)


# ---- Students' logins -----------------------------------------------------------------------------------------
STUDENT_ACCOUNT_ROLES = (Role.CAREER_CENTER, Role.REGISTRAR)


def can_invite_students(user: MaybeUser, student: Model | None = None) -> bool:
    """Who opens students' logins (an e-mail with a set-password link): the Career Center and the Registrar's
    Office (the student service centre), read-write and institution-wide, and superusers; of `student`'s
    institution when given. Not departments or deans: the Student Service Center registers students and serves them
    "one window" (004 §6–7), and the Career Center runs the platform they log in to.
    """
    if user is None or not user.is_authenticated:
        return False
    if _is_superuser(user):
        return True
    institutions = {m.institution_id for m in memberships_for(user, CHANGE) if m.role in STUDENT_ACCOUNT_ROLES}
    if student is None:
        return bool(institutions)
    return getattr(student, "institution_id", None) in institutions


# ---- Access management (the memberships pages) ---------------------------------------------------------------
def managing_memberships(user: MaybeUser) -> list[Membership]:
    """The read-write memberships that let a user manage others' access: the Career Center's and deans'."""
    return [m for m in memberships_for(user, CHANGE) if m.role in (Role.CAREER_CENTER, Role.DEAN)]


def can_manage_access(user: MaybeUser) -> bool:
    """Superusers, Career Center editors and deans with edit access manage memberships."""
    return bool(user is not None and user.is_authenticated and (_is_superuser(user) or managing_memberships(user)))


def can_view_access(user: MaybeUser) -> bool:
    """Managers, and management (the rector) who sees the list read-only."""
    if can_manage_access(user):
        return True
    return bool(
        user is not None and user.is_authenticated and any(m.role == Role.MANAGEMENT for m in user_memberships(user))
    )


def membership_access_q(user: AnyUser, *, manage: bool) -> Q | None:
    """Memberships the user reaches on the access pages; None means all (superuser); an empty Q() means none.

    The Career Center reaches its institution's memberships, a dean the department memberships of their
    faculty; to read (manage=False), management also reaches its institution's.
    """
    if user.is_superuser:
        return None
    q = Q()
    for m in managing_memberships(user):
        if m.role == Role.CAREER_CENTER:
            q |= Q(institution_id=m.institution_id)
        elif m.faculty_id:
            q |= Q(role=Role.DEPARTMENT, department__faculty_id=m.faculty_id)
    if not manage:
        for m in user_memberships(user):
            if m.role == Role.MANAGEMENT:
                q |= Q(institution_id=m.institution_id)
    return q


# ---- Employer contacts ---------------------------------------------------------------------------------------
def employer_organization_id(user: MaybeUser) -> int | None:
    """The organization an employer contact works for (read once per user object), or None.

    Employer contacts have no Membership; a user with one is staff, whatever else they are.
    """
    if user is None or not user.is_authenticated or _is_superuser(user) or user_memberships(user):
        return None  # staff are never employer contacts (one query saved on every staff page)
    cached = getattr(user, _EMPLOYER_CACHE, False)
    if cached is False:
        # Through the reverse one-to-one (EmployerContact.user, related_name="employer_contact"), so core
        # needs no import from the employers app: one query either way, None when there is no contact.
        # get_user_model(), not type(user): request.user is a SimpleLazyObject.
        cached = (
            get_user_model()
            ._default_manager.filter(pk=user.pk)
            .values_list("employer_contact__organization_id", flat=True)
            .first()
        )
        setattr(user, _EMPLOYER_CACHE, cached)
    return cast("int | None", cached)


def is_employer_contact(user: MaybeUser) -> bool:
    """A login of an employer's contact person (no membership): sees only their organization's rows."""
    return employer_organization_id(user) is not None


# ---- Consortium viewers ----------------------------------------------------------------------------------------
_CONSORTIUMS_CACHE = "_mansap_consortium_ids"


def consortium_ids(user: MaybeUser) -> list[int]:
    """The consortiums the user is a member of (ids, read once per user object)."""
    if user is None or not user.is_authenticated:
        return []
    cached: list[int] | None = getattr(user, _CONSORTIUMS_CACHE, None)
    if cached is None:
        # Through the reverse relation (Consortium.members, related_name="consortiums"): no model import.
        cached = sorted(cast("User", user).consortiums.values_list("pk", flat=True))
        setattr(user, _CONSORTIUMS_CACHE, cached)
    return cached


def is_consortium_viewer(user: MaybeUser) -> bool:
    """A member of a consortium (a ministry, a group of universities): reads its aggregate page(s)."""
    return bool(consortium_ids(user))


def is_consortium_only(user: MaybeUser) -> bool:
    """A consortium member and nothing else (no superuser, no membership, no student, no employer contact):
    every page but the consortium's answers 404 (core.middleware.ConsortiumOnlyMiddleware)."""
    if not is_consortium_viewer(user) or _is_superuser(user) or user_memberships(user):
        return False
    user = cast("User", user)
    return not hasattr(user, "student") and not is_employer_contact(user)


def consortiums_for(user: MaybeUser) -> QuerySet[Any]:
    """The consortiums whose page the user may open: their own; a superuser every one."""
    consortiums = apps.get_model("core", "Consortium")._default_manager.all()
    if _is_superuser(user):
        return consortiums
    return consortiums.filter(pk__in=consortium_ids(user))


def consortium_institutions(user: MaybeUser, consortium: Model | None = None) -> InstitutionQuerySet:
    """The institutions the user sees through consortiums (of `consortium` only, when given): aggregates only."""
    chosen = consortiums_for(user)
    if consortium is not None:
        chosen = chosen.filter(pk=consortium.pk)
    return _institutions().filter(consortiums__in=chosen).distinct().order_by("short_name", "pk")


# ---- API tokens -----------------------------------------------------------------------------------------------
def can_hold_api_tokens(user: MaybeUser) -> bool:
    """Who keeps API tokens on their own tokens page (accounts/tokens/): staff (superusers included) and employer
    contacts, who script against the lists they already see.

    Not students: the API offers them no more than their pages do (their own record, placement, diary and
    grades, applications), and a long-lived key on a student's laptop would be a risk with no use.
    """
    return is_staff_member(user) or is_employer_contact(user)


def api_tokens_q(user: AnyUser) -> Q | None:
    """The API tokens a user sees and revokes on the tokens page: their own, whoever they are (a superuser
    revokes someone else's in the admin). None means none at all (the anonymous visitor)."""
    return Q(user_id=user.pk) if user.is_authenticated else None


def can_manage_api_tokens(acting_user: MaybeUser, owner: User) -> bool:
    """Whether the acting user may issue or revoke `owner`'s tokens: the owner, or a superuser.

    Issuing also needs an owner who may hold tokens (`can_hold_api_tokens`); revoking does not (a key issued
    by the create_api_token command for a script account is revoked by its owner like any other).
    """
    if acting_user is None or not acting_user.is_authenticated:
        return False
    return _is_superuser(acting_user) or acting_user.pk == owner.pk


# ---- Scoped lookups ------------------------------------------------------------------------------------------
def scoped(source: QuerySet[M] | type[M] | ScopedManager[M]) -> ScopedManager[M]:
    """A fresh queryset (`.all()`) with for_user(), from a scoped queryset, manager or model.

    django-stubs types Model.objects as a plain Manager; this is the one place that says it is scoped.
    """
    if isinstance(source, type):
        queryset: Any = source._default_manager.all()
    else:
        queryset = source.all()
    if not hasattr(queryset, "for_user"):
        raise TypeError(f"{queryset.model.__name__} has no scoped queryset (for_user)")
    return cast("ScopedManager[M]", queryset)


def user_can_change(user: AnyUser, obj: Model) -> bool:
    """Whether the object is in the user's change scope (its model's default manager decides)."""
    return scoped(type(obj)).for_user(user, CHANGE).filter(pk=obj.pk).exists()


def require_change(user: MaybeUser, obj: Model, *, unsaved_ok: bool = True) -> None:
    """PermissionDenied unless the user may change the object; services call it before writing.

    No user (a command, a task) passes: they act for the institution. An unsaved object passes unless
    `unsaved_ok=False` (its creation is decided by `can_create` and the form's choices).
    """
    if user is None:
        return
    if obj.pk is None and unsaved_ok:
        return
    if not user_can_change(user, obj):
        raise PermissionDenied


def get_for_user_or_404(
    source: QuerySet[M] | type[M] | ScopedManager[M],
    user: AnyUser,
    pk: Any,
    action: str = VIEW,
    **lookups: Any,
) -> M:
    """The object with this pk in the user's view scope (else 404); for CHANGE, also in the change scope
    (else 403: the user may see it, so hiding it would be a lie).

    `source` is a scoped queryset (its select_related and filters are kept), manager or model.
    Extra lookups narrow the search (e.g. `practice=...`): a miss is a 404 too.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    queryset = scoped(source).for_user(user, VIEW)
    try:
        obj = get_object_or_404(queryset, pk=pk, **lookups)
    except (TypeError, ValueError, DjangoValidationError):
        raise Http404 from None  # a pk that is no number (an API path) names no object: 404, never a 500
    if action == CHANGE and not user_can_change(user, obj):
        raise PermissionDenied(read_only_message())
    return obj


def read_only_message() -> str:
    """What the 403 page says to a user who may see the object but not change it (common.errors)."""
    return gettext("Your role lets you see this, but not change it. Ask the Career Center if you need more rights.")


# ---- The user's institution ----------------------------------------------------------------------------------
def _institutions() -> InstitutionQuerySet:
    # Through the app registry: core.models imports its querysets, which import this module.
    return cast("InstitutionQuerySet", apps.get_model("core", "Institution")._default_manager.all())


def default_institution() -> Institution | None:
    """The deployment's institution: MANSAP_DEFAULT_INSTITUTION_CODE, else the first one created."""
    institutions = _institutions()
    code = getattr(settings, "MANSAP_DEFAULT_INSTITUTION_CODE", "")
    return institutions.filter(code=code).first() or institutions.order_by("pk").first()


@overload
def institution_for(user: MaybeUser, action: str = ..., *, or_raise: None = None) -> Institution | None: ...
@overload
def institution_for(user: MaybeUser, action: str = ..., *, or_raise: type[Exception]) -> Institution: ...
def institution_for(
    user: MaybeUser, action: str = VIEW, *, or_raise: type[Exception] | None = None
) -> Institution | None:
    """The institution a user works in (VIEW) or may change (CHANGE); None, or `or_raise`, when there is none.

    VIEW: the institution of the user's first membership, whatever its role or access (a dean's, a
    department's, the rector's). A superuser without memberships gets the deployment's default
    institution (`default_institution`); other users without memberships get None.

    CHANGE: the first institution (lowest pk) the user may change as a whole, i.e. where they hold a
    read-write institution-wide membership (Career Center, Registrar's Office); deans and department
    staff get None. A superuser gets the institution with the lowest pk, NOT the configured default
    (the surveys' rule; the two differ only on a server with several institutions).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    found: Institution | None
    if action == VIEW:
        memberships = user_memberships(user)
        if memberships:
            found = memberships[0].institution
        elif _is_superuser(user):
            found = default_institution()
        else:
            found = None
    else:
        found = (
            _institutions().for_user(user, CHANGE).order_by("pk").first()
            if user is not None and user.is_authenticated
            else None
        )
    if found is None and or_raise is not None:
        raise or_raise
    return found


__all__ = [
    "ACTIONS",
    "CAREER_CENTER_ONLY",
    "CHANGE",
    "CURRICULUM_EDITORS",
    "EMPLOYMENT_RECORDERS",
    "QUALITY_EDITORS",
    "REGULATION_EDITORS",
    "SERVICE_DESK_STAFF",
    "VIEW",
    "api_tokens_q",
    "can_create",
    "can_edit_curricula",
    "can_hold_api_tokens",
    "can_invite_students",
    "can_manage_access",
    "can_manage_api_tokens",
    "can_manage_rounds",
    "can_record_employment",
    "can_view_access",
    "default_institution",
    "employer_organization_id",
    "get_for_user_or_404",
    "has_institution_wide_write_membership",
    "institution_for",
    "is_career_center",
    "is_career_center_editor",
    "is_employer_contact",
    "is_institution_editor",
    "is_institution_wide",
    "is_quality_editor",
    "is_read_only_staff",
    "is_regulation_editor",
    "is_service_desk_staff",
    "is_staff_member",
    "managing_memberships",
    "membership_access_q",
    "memberships_for",
    "reaches_as",
    "read_only_message",
    "require_change",
    "scope_q",
    "scoped",
    "user_can_change",
    "user_memberships",
]

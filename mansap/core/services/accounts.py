"""Logins: the interface language, inviting staff, the set-password link an invitation carries, the e-mail of
a forgotten password, API tokens, and students' logins (invited by the Career Center or the Registrar's Office,
or claimed by the student on a public page with their IIN and e-mail).

Deactivating a login belongs to access management (core.services.access.deactivate_login): who may do it
is decided by the memberships the acting user manages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from knox.models import get_digest_token
from knox.settings import CONSTANTS as KNOX

from mansap.common.confirm import require_confirmed_count
from mansap.common.history import attributed
from mansap.common.links import LANGUAGE_CODES, site_url
from mansap.common.mail import recipient_language, send_localized
from mansap.core.access import (
    can_hold_api_tokens,
    can_invite_students,
    can_manage_access,
    can_manage_api_tokens,
)
from mansap.core.models import ApiToken, Student, User

if TYPE_CHECKING:
    from django.http import HttpRequest

# The longest an API token may live, whoever issues it.
API_TOKEN_MAX_DAYS = 365


@transaction.atomic
def set_user_language(user: User, language: str) -> None:
    """Remember the interface language a user chose (used on their next login).

    No `acting_user`: the user is always the one choosing (the language switch acts on request.user).
    """
    if user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def invite_staff_user(
    *,
    email: str,
    first_name: str,
    last_name: str,
    language: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> User:
    """Create a staff login (no usable password) and e-mail, in its language, a link to set the password.

    The e-mail leaves after the commit: an invitation undone with its transaction (grant_access refusing
    the membership) sends nothing.
    """
    if not can_manage_access(acting_user):
        raise PermissionDenied
    email = email.strip().lower()
    if User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
        raise ValidationError(
            {"email": _("A user with this e-mail already exists; choose them as an existing user.")},
            code="duplicate",
        )
    if language not in LANGUAGE_CODES:
        raise ValidationError({"language": _("Choose the interface language.")})
    user = User(
        username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip(), language=language
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    link = set_password_link(request, user)
    send_localized(
        email,
        language,
        subject=lambda: _("Mansap: your access to the university's Career Center platform"),
        body=lambda: _(
            "Hello, {name}!\n\n{inviter} has given you access to Mansap, the university's Career Center "
            "platform. Set your password here:\n\n{link}\n\nYour login is {login}."
        ).format(name=user.get_full_name() or email, inviter=acting_user.display_name, link=link, login=email),
    )
    return user


def set_password_link(request: HttpRequest | None, user: User) -> str:
    """The absolute address at which a login without a usable password sets one (Django's password reset).

    Built on the request's host when there is one, else on the site's address (MANSAP_BASE_URL).
    """
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return request.build_absolute_uri(path) if request is not None else site_url(path)


def send_password_reset_link(user: User, link: str) -> None:
    """E-mail a forgotten password's reset link in the user's language (their account's, else the deployment's),
    whoever asked for it and in whichever language.

    Called by the reset form (core.forms.PasswordResetForm) for each account with the address typed: the page
    answers the same whether or not there is one. Sent at once: nothing is written, so there is no commit to wait
    for, and the form must see a failure to log it rather than show it.
    """
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    send_localized(
        user.email,
        recipient_language(user),
        subject=lambda: _("Mansap: set a new password"),
        body=lambda: (
            _(
                "Hello, {name}!\n\nSomeone, most likely you, asked to set a new password for your login to Mansap, "
                "the university's Career Center platform. Set it here:\n\n{link}\n\nYour login is {login}."
            )
            + " "
            + ngettext(
                "The link works once, for {days} day.",
                "The link works once, for {days} days.",
                days,
            )
            + "\n\n"
            + _("If you did not ask for it, ignore this e-mail: your password stays as it is.")
        ).format(name=user.get_full_name() or user.username, link=link, login=user.username, days=days),
        on_commit=False,
    )


# ---- API tokens ----------------------------------------------------------------------------------------------
@transaction.atomic
def create_api_token(
    user: User, *, name: str, days: int | None = None, acting_user: User | None
) -> tuple[ApiToken, str]:
    """Issue an API token for `user`: the stored row (the key's SHA-512 digest, never the key) and the key itself,
    to be shown once and never again.

    It expires after `days` (1 to 365; None: the deployment's MANSAP_API_TOKEN_DAYS). On a page the acting user
    is the owner, who must be one who may hold tokens (staff, employer contacts), or a superuser; no acting user
    is the create_api_token command, with which an operator issues a key for a script's account.
    """
    if acting_user is not None and not (
        can_manage_api_tokens(acting_user, user) and (acting_user.is_superuser or can_hold_api_tokens(user))
    ):
        raise PermissionDenied
    days = settings.MANSAP_API_TOKEN_DAYS if days is None else days
    errors: dict[str, str] = {}
    if not user.is_active:
        errors["user"] = _("This login is deactivated: it cannot have API tokens.")
    if not name.strip():
        errors["name"] = _("Say what the token is for.")
    if not 1 <= days <= API_TOKEN_MAX_DAYS:
        errors["days"] = _("A token lasts from 1 to {max} days.").format(max=API_TOKEN_MAX_DAYS)
    if errors:
        raise ValidationError(errors)
    digest, key = get_digest_token()
    token = ApiToken(
        digest=digest,
        token_key=key[: KNOX.TOKEN_KEY_LENGTH],
        user=user,
        name=name.strip(),
        expiry=timezone.now() + dt.timedelta(days=days),
    )
    token.full_clean(validate_unique=False)  # the name's length; the digest is a fresh random value's
    attributed(token, acting_user).save(force_insert=True)
    return token, key


@transaction.atomic
def revoke_api_token(token: ApiToken, *, acting_user: User | None) -> None:
    """Delete a token: the API refuses its key from now on (401). The history keeps who revoked it and when.

    The owner or a superuser; no acting user is an operator's command.
    """
    if acting_user is not None and not can_manage_api_tokens(acting_user, token.user):
        raise PermissionDenied
    attributed(token, acting_user).delete()


# ---- Students' logins -----------------------------------------------------------------------------------------
class StudentLinkOutcome:
    """What an invitation does for one student."""

    INVITE = "invite"  # a new login, and its set-password link
    RESET = "reset"  # the student already has a login: a link to set a new password, never a second login
    NO_EMAIL = "no_email"  # nothing: the record has no e-mail to send the link to
    EMAIL_TAKEN = "email_taken"  # nothing: another login uses the record's e-mail
    INACTIVE = "inactive"  # nothing: the student's login is deactivated


@dataclass
class StudentInvitationPlan:
    """The students of a list sorted by what an invitation does for them; `count` is the e-mails it sends."""

    invite: list[Student] = field(default_factory=list)
    reset: list[Student] = field(default_factory=list)
    skipped: list[tuple[Student, str]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.invite) + len(self.reset)


def student_invitation_plan(students: Iterable[Student]) -> StudentInvitationPlan:
    """What inviting these students would do (two queries, whatever their number): the page shows it before
    the confirmation, and the service acts on it."""
    students = list(students)
    wanted = {s.email.strip().lower() for s in students if s.email.strip() and s.user_id is None}
    taken = (
        {
            e.lower()
            for pair in User.objects.filter(Q(username__in=wanted) | Q(email__in=wanted)).values_list(
                "username", "email"
            )
            for e in pair
        }
        if wanted
        else set()
    )
    users = {u.pk: u for u in User.objects.filter(pk__in=[s.user_id for s in students if s.user_id])}
    plan = StudentInvitationPlan()
    for student in students:
        user = users.get(student.user_id) if student.user_id else None
        if user is not None:
            if not user.is_active:
                plan.skipped.append((student, StudentLinkOutcome.INACTIVE))
            elif not user.email:
                plan.skipped.append((student, StudentLinkOutcome.NO_EMAIL))
            else:
                student.user = user  # kept on the row: no second query to mail it
                plan.reset.append(student)
        elif not student.email.strip():
            plan.skipped.append((student, StudentLinkOutcome.NO_EMAIL))
        elif student.email.strip().lower() in taken:
            plan.skipped.append((student, StudentLinkOutcome.EMAIL_TAKEN))
        else:
            plan.invite.append(student)
    return plan


def skipped_reason(outcome: str) -> str:
    """Why a student gets no e-mail, said to staff."""
    reasons = {
        StudentLinkOutcome.NO_EMAIL: _("The student's record has no e-mail: add it first."),
        StudentLinkOutcome.EMAIL_TAKEN: _("Another login already uses the student's e-mail."),
        StudentLinkOutcome.INACTIVE: _("The student's login is deactivated."),
    }
    return reasons.get(outcome, "")


@transaction.atomic
def invite_student(student: Student, *, acting_user: User, request: HttpRequest | None = None) -> str:
    """Open a student's login and e-mail, in the student's language, a link to set the password; a student who
    already has a login gets a link to set a new one instead (never a second login). Returns what was done
    (StudentLinkOutcome.INVITE or RESET). The Career Center and the Registrar's Office
    (core.access.can_invite_students); a student the service cannot write to is a translated error.
    """
    if not can_invite_students(acting_user, student):
        raise PermissionDenied
    plan = student_invitation_plan([student])
    if plan.skipped:
        raise ValidationError(skipped_reason(plan.skipped[0][1]), code=plan.skipped[0][1])
    _act_on_plan(plan, acting_user=acting_user, request=request)
    return StudentLinkOutcome.INVITE if plan.invite else StudentLinkOutcome.RESET


@transaction.atomic
def invite_students(
    students: Iterable[Student],
    *,
    acting_user: User,
    confirmed_count: int | None,
    request: HttpRequest | None = None,
) -> StudentInvitationPlan:
    """Invite every student of a list (a filtered students list): as `invite_student` for each, skipping those
    without an e-mail, with a deactivated login or whose e-mail another login uses. The acting user confirms
    the number of e-mails first (common.confirm): a list that changed since is refused."""
    students = list(students)
    if not all(can_invite_students(acting_user, s) for s in students) or not can_invite_students(acting_user):
        raise PermissionDenied
    plan = student_invitation_plan(students)
    require_confirmed_count(plan.count, confirmed_count, acting_user=acting_user)
    _act_on_plan(plan, acting_user=acting_user, request=request)
    return plan


@transaction.atomic
def claim_student_account(*, iin: str, email: str, request: HttpRequest | None = None) -> None:
    """A student claims their login on the public page with their IIN and the e-mail on their record.

    When both match a student, the set-password link goes to that e-mail (opening the login if there is none
    yet): whoever reads that mailbox confirms the claim by setting the password. Otherwise nothing happens,
    and the page says the same either way (it never tells whether an IIN or an address is known).
    """
    iin, email = iin.strip(), email.strip()
    if not iin or not email:
        return
    student = Student.objects.filter(iin=iin, email__iexact=email).exclude(email="").order_by("pk").first()
    if student is None:
        return
    plan = student_invitation_plan([student])
    _act_on_plan(plan, acting_user=None, request=request, claimed=True)


def _act_on_plan(
    plan: StudentInvitationPlan, *, acting_user: User | None, request: HttpRequest | None, claimed: bool = False
) -> None:
    for student in plan.invite:
        email = student.email.strip().lower()
        user = User(
            username=email,
            email=email,
            first_name=student.first_name,
            last_name=student.last_name,
            language=student.preferred_language(),
        )
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        student.user = user
        attributed(student, acting_user).save(update_fields=["user", "updated_at"])
        _send_student_link(user, set_password_link(request, user), acting_user=acting_user, new=True, claimed=claimed)
    for student in plan.reset:
        user = cast("User", student.user)
        _send_student_link(user, set_password_link(request, user), acting_user=acting_user, new=False, claimed=claimed)


def _send_student_link(user: User, link: str, *, acting_user: User | None, new: bool, claimed: bool) -> None:
    """The set-password e-mail to a student, in their language, once the transaction commits."""
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    name = user.get_full_name() or user.username
    inviter = acting_user.display_name if acting_user is not None else ""

    def body() -> str:
        if claimed and new:
            text = _(
                "Hello, {name}!\n\nSomeone, most likely you, asked to open your student login to Mansap, the "
                "university's Career Center platform, with your IIN and this e-mail. Set your password here:"
                "\n\n{link}\n\nYour login is {login}."
            )
        elif new:
            text = _(
                "Hello, {name}!\n\n{inviter} has opened your student login to Mansap, the university's Career "
                "Center platform: your practice and its diary, vacancies and career events. Set your password "
                "here:\n\n{link}\n\nYour login is {login}."
            )
        elif claimed:
            text = _(
                "Hello, {name}!\n\nSomeone, most likely you, asked to set a new password for your login to Mansap, "
                "the university's Career Center platform. Set it here:\n\n{link}\n\nYour login is {login}."
            )
        else:
            text = _(
                "Hello, {name}!\n\nYou already have a login to Mansap, the university's Career Center platform: "
                "{inviter} has sent you a link to set a new password for it:\n\n{link}\n\nYour login is {login}."
            )
        validity = ngettext("The link works once, for {days} day.", "The link works once, for {days} days.", days)
        ignore = _("If you did not ask for it, ignore this e-mail: your password stays as it is.") if claimed else ""
        return (text + " " + validity + ("\n\n" + ignore if ignore else "")).format(
            name=name, inviter=inviter, link=link, login=user.username, days=days
        )

    def subject() -> str:
        return _("Mansap: your student login") if new else _("Mansap: set a new password")

    send_localized(user.email, recipient_language(user), subject=subject, body=body)

"""Logins: the interface language, inviting staff (a set-password link), deactivating a login."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from mansap.core.models import User
from mansap.core.services.access import can_manage_access, users_for_access


def set_user_language(user: User, language: str) -> None:
    """Remember the interface language a user chose (used on their next login)."""
    if user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


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

    from mansap.core.services.accounts import set_password_link

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


# ---- Employer contacts ---------------------------------------------------------------------------------------
def set_password_link(request: Any, user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return request.build_absolute_uri(path) if request is not None else path

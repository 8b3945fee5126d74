"""Users, their memberships (who may see and change which part of the institution) and their API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken
from simple_history.models import HistoricalRecords

from mansap.core.choices import INSTITUTION_WIDE_ROLES, Access, Role
from mansap.core.querysets import ApiTokenQuerySet, MembershipQuerySet


# The type checker cannot see knox's abstract model, so not the manager of User.auth_token_set (ApiToken.user).
class User(AbstractUser):  # type: ignore[django-manager-missing]
    """A person who logs in: staff (through memberships) or a student (through Student.user)."""

    middle_name = models.CharField(_("middle name"), max_length=150, blank=True)
    language = models.CharField(
        _("interface language"),
        max_length=2,
        blank=True,
        choices=[("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")],
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name) if p) or self.username


class Membership(models.Model):
    """A user's role in the institution, a faculty or a department, read-only or read-write."""

    user = models.ForeignKey(User, models.CASCADE, related_name="memberships", verbose_name=_("user"))
    institution = models.ForeignKey(
        "core.Institution", models.CASCADE, related_name="memberships", verbose_name=_("institution")
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    faculty = models.ForeignKey(
        "core.Faculty", models.CASCADE, null=True, blank=True, related_name="memberships", verbose_name=_("faculty")
    )
    department = models.ForeignKey(
        "core.Department",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("department"),
    )
    access = models.CharField(_("access"), max_length=8, choices=Access.choices, default=Access.EDIT)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="dean") | models.Q(faculty__isnull=False),
                name="core_membership_dean_has_faculty",
                violation_error_message=_("A dean's office membership needs a faculty."),
            ),
            models.CheckConstraint(
                condition=~models.Q(role="department") | models.Q(department__isnull=False),
                name="core_membership_department_has_department",
                violation_error_message=_("A department membership needs a department."),
            ),
        ]

    def __str__(self) -> str:
        where = self.department or self.faculty or self.institution
        return f"{self.user} · {self.get_role_display()} · {where}"

    @property
    def is_rw(self) -> bool:
        return self.access == Access.EDIT and self.role != Role.MANAGEMENT

    @property
    def is_institution_wide(self) -> bool:
        return self.role in INSTITUTION_WIDE_ROLES

    def clean(self) -> None:
        super().clean()
        if self.role == Role.MANAGEMENT and self.access == Access.EDIT:
            self.access = Access.VIEW  # management is read-only by definition
        if self.role == Role.DEAN and not self.faculty_id:
            raise ValidationError({"faculty": _("A dean's office membership needs a faculty.")})
        if self.role == Role.DEPARTMENT and not self.department_id:
            raise ValidationError({"department": _("A department membership needs a department.")})


class ApiToken(AbstractAuthToken):
    """A key with which a script acts on the API as its user (`Authorization: Token <key>`) until it expires or is
    revoked; `name` says what it is for.

    Only the key's SHA-512 digest is stored (knox), with its first characters (`token_key`) to find the row: the
    key itself is shown once, when the token is issued (core.services.accounts.create_api_token). An expired
    token answers 401, and knox deletes it the next time one of its user's tokens is used. KNOX_TOKEN_MODEL names
    this model in place of knox's own AuthToken.
    """

    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for: the script or system."))

    history = HistoricalRecords()
    # Not knox's manager: tokens are issued by create_api_token only (knox's own views, which use its create(),
    # are not installed).
    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def prefix(self) -> str:
        """The first characters of the key: enough to recognise it, useless to use it."""
        return str(self.token_key)[:8]

    @property
    def is_expired(self) -> bool:
        return self.expiry is not None and self.expiry <= timezone.now()

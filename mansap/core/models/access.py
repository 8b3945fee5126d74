"""Users and their memberships: who may see and change which part of the institution."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.core.choices import INSTITUTION_WIDE_ROLES, Access, Role
from mansap.core.querysets import MembershipQuerySet


class User(AbstractUser):
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

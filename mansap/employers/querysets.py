"""Querysets of the employers app: who sees and changes what, and the KPI date filters.

Organizations, agreements and joint units are visible to every staff member of the
institution. Organizations are changed by institution-wide editors (the Career Center,
the Registrar's Office); agreements and joint units also by the dean's office and the
department editors of the responsible department.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Self

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from mansap.common.partitioning import InstitutionRows
from mansap.core.access import VIEW, employer_organization_id
from mansap.core.querysets import ScopedQuerySet
from mansap.employers.choices import VacancyStatus

if TYPE_CHECKING:
    from mansap.core.access import AnyUser


class OrganizationQuerySet(ScopedQuerySet):
    """Organizations are shared by the whole institution: every member may see them."""

    institution_wide_view = True


class PartnershipAgreementQuerySet(ScopedQuerySet):
    institution_path = "organization__institution"
    faculty_path = "department__faculty"
    department_path = "department"
    institution_wide_view = True

    def with_list_related(self) -> Self:
        return self.select_related("organization", "department")

    def in_force(self, on: dt.date) -> Self:
        """Agreements in force on a date: started on or before it, ending on or after it (or never)."""
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on), valid_from__lte=on)

    def expiring(self, today: dt.date, within_days: int) -> Self:
        """Agreements whose last day falls between today and today + within_days (both included)."""
        return self.filter(valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=within_days))


class JointUnitQuerySet(ScopedQuerySet):
    institution_path = "department__faculty__institution"
    faculty_path = "department__faculty"
    department_path = "department"
    institution_wide_view = True

    def with_list_related(self) -> Self:
        return self.select_related("organization", "department", "agreement")

    def open_on(self, on: dt.date) -> Self:
        """Units open on a date: opened on or before it and not closed by then (closed_on is the first day closed)."""
        return self.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on), opened_on__lte=on)


class OrganizationMergeQuerySet(ScopedQuerySet):
    pass


class CareerEventQuerySet(ScopedQuerySet):
    """Every staff member of the institution sees its events; editors change their department's (or all).

    A student sees the public events of their institution and the events they are registered for.
    """

    faculty_path = "department__faculty"
    department_path = "department"
    institution_wide_view = True

    def self_filter(self, user: AnyUser, action: str) -> Q:
        if action != VIEW:
            return Q()
        from mansap.core.models import Student

        # Registrations through the app registry: employers.models imports this module.
        registrations = apps.get_model("employers", "EventRegistration")._default_manager
        own = Student.objects.filter(Q(user_id=user.pk))  # only called for a logged-in user (for_user)
        registered = registrations.filter(Q(student__user_id=user.pk)).values("event_id")
        return Q(is_public=True, institution_id__in=own.values("institution_id")) | Q(pk__in=registered)

    def with_list_related(self) -> Self:
        return self.select_related("department").annotate(
            registered_count=models.Count(
                "registrations",
                filter=Q(registrations__status="registered", registrations__student__isnull=False),
            )
        )

    def upcoming(self, now: dt.datetime) -> Self:
        return self.filter(ends_at__gte=now)

    def past(self, now: dt.datetime) -> Self:
        return self.filter(ends_at__lt=now)


class EventRegistrationQuerySet(InstitutionRows, ScopedQuerySet):
    institution_path = "institution"  # the row's own column (#18)
    faculty_path = "event__department__faculty"
    department_path = "event__department"
    institution_wide_view = True

    def self_filter(self, user: AnyUser, action: str) -> Q:
        return Q(student__user_id=user.pk) if action == VIEW else Q()


class EmployerContactQuerySet(InstitutionRows, ScopedQuerySet):
    institution_path = "institution"  # the row's own column (#18)

    def self_filter(self, user: AnyUser, action: str) -> Q:
        return Q(user_id=user.pk) if action == VIEW else Q()


class VacancyQuerySet(ScopedQuerySet):
    institution_path = "institution"
    institution_wide_view = True

    def self_filter(self, user: AnyUser, action: str) -> Q:
        organization = employer_organization_id(user)
        return Q(organization_id=organization) if organization else Q()

    def public(self, today: dt.date | None = None) -> Self:
        """Approved vacancies whose last day (expires_on) is today or later."""
        today = today or timezone.localdate()
        return self.filter(status=VacancyStatus.APPROVED, expires_on__gte=today, published_on__lte=today)

    def of_default_institution(self) -> Self:
        return self.filter(institution__code=settings.MANSAP_DEFAULT_INSTITUTION_CODE)

    def with_list_related(self) -> Self:
        return self.select_related("organization")


class ApplicationQuerySet(InstitutionRows, ScopedQuerySet):
    institution_path = "institution"  # the row's own column (#18)
    faculty_path = "student__program__department__faculty"
    department_path = "student__program__department"

    def self_filter(self, user: AnyUser, action: str) -> Q:
        q = Q()
        organization = employer_organization_id(user)
        if organization and action == VIEW:
            q |= Q(vacancy__organization_id=organization)
        if action == VIEW:
            q |= Q(student__user_id=user.pk)
        return q

    def with_list_related(self) -> Self:
        return self.select_related("vacancy__organization", "student__program")


class ShortlistQuerySet(ScopedQuerySet):
    institution_path = "vacancy__institution"

    def self_filter(self, user: AnyUser, action: str) -> Q:
        organization = employer_organization_id(user)
        if organization and action == VIEW:
            return Q(vacancy__organization_id=organization, sent_at__isnull=False)
        return Q()

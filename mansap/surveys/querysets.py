"""Querysets of the surveys app: who sees which questionnaire (and its sections, questions and choices),
campaign, invitation, response and unit response.

Two rules here are access rules of the surveys alone, not scope paths (core.access has no equivalent):

- `LOCAL_ROLES`: department and dean's-office staff also *read* the institution-wide campaigns of their
  institution (CampaignQuerySet.for_user), not only those of their own units;
- `results_departments`: when they do, the figures they read are limited to their own units' audience.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, Self

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce

from mansap.common.partitioning import InstitutionRows
from mansap.core.access import VIEW, memberships_for, scope_q
from mansap.core.choices import INSTITUTION_WIDE_ROLES, Role
from mansap.core.querysets import ScopedQuerySet
from mansap.surveys.choices import (
    ResponseStatus,
    UnitResponseStatus,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from mansap.core.models import User
    from mansap.surveys.models import Campaign

# The roles bound to part of an institution (a department, a dean's office's faculty). Besides their own
# units' campaigns they read the institution-wide ones, whose figures `results_departments` then limits.
LOCAL_ROLES: Final[frozenset[str]] = frozenset({Role.DEPARTMENT, Role.DEAN})


def results_departments(user: User | AnonymousUser, campaign: Campaign) -> list[int] | None:
    """The departments whose audience a user may read in a campaign's figures; None means all of them.

    Institution-wide roles, superusers, and everyone on a campaign of their own department see it all;
    a department's staff reading an institution-wide campaign see their department's slice, a dean's
    office its faculty's departments. Employer surveys are never sliced: organizations belong to no
    department, so their aggregates are the institution's. A user with no membership gets [] (nothing):
    the pages that call this are staff-only anyway. Course listeners (an end-of-course survey) belong to no
    department either.
    """
    if (
        user.is_superuser
        or campaign.department_id is not None
        or campaign.asks_organizations
        or campaign.asks_listeners
    ):
        return None
    found = memberships_for(user, VIEW)
    if any(m.role in INSTITUTION_WIDE_ROLES for m in found):
        return None
    from mansap.core.models import Department

    ids = {m.department_id for m in found if m.role == Role.DEPARTMENT and m.department_id}
    faculties = {m.faculty_id for m in found if m.role == Role.DEAN and m.faculty_id}
    if faculties:
        ids |= set(Department.objects.filter(faculty_id__in=faculties).values_list("pk", flat=True))
    return sorted(ids)


# ---- Questionnaires ------------------------------------------------------------------------------------------


def _count(rows: models.QuerySet[Any]) -> Any:
    per_campaign = rows.filter(campaign=models.OuterRef("pk")).order_by().values("campaign")
    counted = per_campaign.annotate(n=models.Count("pk")).values("n")
    return Coalesce(models.Subquery(counted), 0)


class QuestionnaireQuerySet(ScopedQuerySet):
    """Questionnaires belong to the institution; every staff member may read them, the CC changes them."""

    institution_path = "institution"
    institution_wide_view = True

    def with_list_related(self) -> Self:
        return self.annotate(
            question_count=models.Count("sections__questions", distinct=True),
            campaign_count=models.Count("campaigns", distinct=True),
        )

    def latest_versions(self) -> Self:
        newer = self.model._default_manager.filter(
            family=models.OuterRef("family"), version__gt=models.OuterRef("version")
        )
        return self.filter(~models.Exists(newer))


# The parts of a questionnaire have no scope of their own: each is scoped exactly as its questionnaire
# (institution level, read by every member of the institution, changed by the institution-wide editors),
# so the builder's pages fetch a section or a question through core.access like any other object:
# another institution's answers 404, a reader's write 403.
class SectionQuerySet(ScopedQuerySet):
    institution_path = "questionnaire__institution"
    institution_wide_view = True


class QuestionQuerySet(ScopedQuerySet):
    institution_path = "section__questionnaire__institution"
    institution_wide_view = True


class ChoiceQuerySet(ScopedQuerySet):
    institution_path = "question__section__questionnaire__institution"
    institution_wide_view = True


# ---- Campaigns -----------------------------------------------------------------------------------------------
class CampaignQuerySet(ScopedQuerySet):
    """Who sees which campaign.

    The Career Center sees and runs every campaign; management reads them all. A department (a dean's
    office: its faculty) sees and, with write access, runs its own campaigns (department set), and also
    reads the institution-wide ones, whose figures are then limited to its own audience
    (see `results_departments`).
    """

    institution_path = "institution"
    faculty_path = "department__faculty"
    department_path = "department"

    def for_user(self, user: User | AnonymousUser, action: str = VIEW) -> Self:
        if not user.is_authenticated:
            return self.none()
        q = scope_q(
            user, action, institution_path=self.institution_path, faculty_path=self.faculty_path,
            department_path=self.department_path,
        )  # fmt: skip
        if q is None:
            return self
        if action == VIEW:
            local = {m.institution_id for m in memberships_for(user, VIEW) if m.role in LOCAL_ROLES}
            if local:
                q |= Q(department__isnull=True, institution_id__in=sorted(local))
        return self.filter(q) if q else self.none()

    def with_list_related(self) -> Self:
        """Counts as subqueries: joining invitations and responses would multiply their rows."""
        # Through the app registry: surveys.models imports this module.
        invitations = apps.get_model("surveys", "Invitation")._default_manager
        responses = apps.get_model("surveys", "Response")._default_manager
        return self.select_related("questionnaire", "department").annotate(
            invited=_count(invitations.all()),
            responded=_count(invitations.filter(has_responded=True)),
            submitted=_count(responses.filter(status=ResponseStatus.SUBMITTED)),
        )


class InvitationQuerySet(InstitutionRows, ScopedQuerySet):
    institution_path = "institution"  # the invitation's own column (#18)
    faculty_path = "campaign__department__faculty"
    department_path = "campaign__department"


class ResponseQuerySet(InstitutionRows, ScopedQuerySet):
    institution_path = "institution"  # the response's own column (#18)
    faculty_path = "campaign__department__faculty"
    department_path = "campaign__department"

    def submitted(self) -> Self:
        return self.filter(status=ResponseStatus.SUBMITTED)


# ---- The response cycle after the results (R-071) -------------------------------------------------------------
class ResultsResponseQuerySet(InstitutionRows, ScopedQuerySet):
    """A unit's response is its department's (a dean's office: its faculty's); the CC and management see all."""

    institution_path = "institution"  # the response's own column (#18)
    faculty_path = "department__faculty"
    department_path = "department"

    def published(self) -> Self:
        return self.filter(status=UnitResponseStatus.PUBLISHED)

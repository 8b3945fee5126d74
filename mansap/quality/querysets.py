"""Querysets of the quality app: who sees and changes the process map and the risk register.

Every staff member of the institution reads the map and the register (institution_wide_view). The quality
editors (core.access.QUALITY_EDITORS: the Career Center until the university names its quality office) change
all of it; a risk's owner changes that risk, its assessments and its actions (self_filter), and an action's
owner that action.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Self

from django.apps import apps
from django.db import models
from django.db.models import OuterRef, Q, Subquery

from mansap.core.access import CHANGE, PROGRAM_REVISION_RECORDERS, QUALITY_EDITORS, memberships_for
from mansap.core.choices import Role
from mansap.core.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from mansap.core.access import AnyUser

OFFICE_ROLES = frozenset({Role.CAREER_CENTER, Role.REGISTRAR, Role.MANAGEMENT})


class ProcessQuerySet(ScopedQuerySet):
    institution_wide_view = True
    change_roles = QUALITY_EDITORS

    def with_risk_counts(self) -> Self:
        return self.annotate(risk_count=models.Count("risks"))


class RiskQuerySet(ScopedQuerySet):
    institution_wide_view = True
    change_roles = QUALITY_EDITORS

    def self_filter(self, user: AnyUser, action: str) -> Q:
        return Q(owner_id=user.pk) if action == CHANGE else Q()

    def with_list_related(self) -> Self:
        return self.select_related("process", "owner")

    def live_on(self, on: dt.date) -> Self:
        """The risks not retired on `on` (a risk retired later is still shown for an earlier date)."""
        return self.filter(Q(retired_on__isnull=True) | Q(retired_on__gt=on))

    def retired(self) -> Self:
        return self.filter(retired_on__isnull=False)

    def due_for_review(self, on: dt.date) -> Self:
        return self.filter(retired_on__isnull=True, next_review_on__lte=on)

    def with_assessment_on(self, on: dt.date) -> Self:
        """Each risk with its latest assessment on or before `on` (by date, then the latest recorded):
        `current_score`, `current_likelihood`, `current_impact`, `current_assessed_on` (None: not assessed yet)."""
        latest = (
            apps.get_model("quality", "RiskAssessment")
            ._default_manager.filter(risk_id=OuterRef("pk"), assessed_on__lte=on)
            .order_by("-assessed_on", "-pk")
        )
        return self.annotate(
            current_score=Subquery(latest.values("score")[:1]),
            current_likelihood=Subquery(latest.values("likelihood")[:1]),
            current_impact=Subquery(latest.values("impact")[:1]),
            current_assessed_on=Subquery(latest.values("assessed_on")[:1]),
        )


class RiskAssessmentQuerySet(ScopedQuerySet):
    institution_path = "risk__institution"
    institution_wide_view = True
    change_roles = QUALITY_EDITORS

    def self_filter(self, user: AnyUser, action: str) -> Q:
        return Q(risk__owner_id=user.pk) if action == CHANGE else Q()

    def with_list_related(self) -> Self:
        return self.select_related("risk", "assessed_by")


class RiskActionQuerySet(ScopedQuerySet):
    institution_path = "risk__institution"
    institution_wide_view = True
    change_roles = QUALITY_EDITORS

    def self_filter(self, user: AnyUser, action: str) -> Q:
        return Q(risk__owner_id=user.pk) | Q(owner_id=user.pk) if action == CHANGE else Q()

    def with_list_related(self) -> Self:
        return self.select_related("risk", "owner")


class ProgramRevisionQuerySet(ScopedQuerySet):
    """A department reaches its programs' revisions, a dean the faculty's, institution-wide offices all (to read);
    the change scope is PROGRAM_REVISION_RECORDERS' (the Registrar's Office and management only read)."""

    institution_path = "program__department__faculty__institution"
    faculty_path = "program__department__faculty"
    department_path = "program__department"
    change_roles = PROGRAM_REVISION_RECORDERS

    def with_list_related(self) -> Self:
        return self.select_related("program__department__faculty").annotate(
            employer_count=models.Count("employers", distinct=True),
            alumni_count=models.Count("alumni", distinct=True),
            student_count=models.Count("students", distinct=True),
        )


class AdvisoryBoardQuerySet(ScopedQuerySet):
    """Every staff member reads the boards; a department changes its programs' boards, a dean the faculty's."""

    institution_path = "faculty__institution"
    faculty_path = "faculty"
    department_path = "program__department"
    institution_wide_view = True
    change_roles = PROGRAM_REVISION_RECORDERS

    def with_list_related(self) -> Self:
        return self.select_related("faculty", "program").annotate(
            member_count=models.Count("members", distinct=True),
            meeting_count=models.Count("meetings", distinct=True),
            last_meeting_on=models.Max("meetings__held_on"),
        )


class AdvisoryBoardChildQuerySet(ScopedQuerySet):
    """A board's members and meetings: the board's scope."""

    institution_path = "board__faculty__institution"
    faculty_path = "board__faculty"
    department_path = "board__program__department"
    institution_wide_view = True
    change_roles = PROGRAM_REVISION_RECORDERS


def unit_member_q(user: AnyUser, prefix: str = "") -> Q:
    """The work plans of the units the user is a read-write member of: an office by its role, a department."""
    q = Q()
    for membership in memberships_for(user, CHANGE):
        where = {f"{prefix}institution_id": membership.institution_id}
        if membership.department_id:
            q |= Q(**where, **{f"{prefix}department_id": membership.department_id})
        elif membership.role in OFFICE_ROLES:
            q |= Q(**where, **{f"{prefix}office": membership.role})
    return q


class WorkPlanQuerySet(ScopedQuerySet):
    """Every staff member reads the work plans; the quality editors change all of them, a unit's read-write
    members their unit's plan (an office's members by their role, a department's by their department)."""

    institution_wide_view = True
    change_roles = QUALITY_EDITORS

    def self_filter(self, user: AnyUser, action: str) -> Q:
        return unit_member_q(user) if action == CHANGE else Q()

    def with_list_related(self) -> Self:
        return self.select_related("department").annotate(
            measure_count=models.Count("measures", distinct=True), report_count=models.Count("reports", distinct=True)
        )


class WorkPlanReportQuerySet(ScopedQuerySet):
    institution_path = "plan__institution"
    institution_wide_view = True
    change_roles = QUALITY_EDITORS

    def self_filter(self, user: AnyUser, action: str) -> Q:
        return unit_member_q(user, "plan__") if action == CHANGE else Q()


class ManagementReviewQuerySet(ScopedQuerySet):
    """Every staff member reads the management reviews; the quality editors prepare, issue and close them."""

    institution_wide_view = True
    change_roles = QUALITY_EDITORS


class DecisionQuerySet(ScopedQuerySet):
    """A decision is changed by the quality editors and by its owner (who marks it done)."""

    institution_path = "review__institution"
    institution_wide_view = True
    change_roles = QUALITY_EDITORS

    def self_filter(self, user: AnyUser, action: str) -> Q:
        return Q(owner_id=user.pk) if action == CHANGE else Q()

    def with_list_related(self) -> Self:
        return self.select_related("review", "owner")


# ---- KPIs (#13): everyone on staff reads them; the quality editors change all; a process's owner (Process.owner_user)
# sets the targets and enters the values of their process's KPIs (services/kpis.py asks which power a step needs).
class KPIDefinitionQuerySet(ScopedQuerySet):
    institution_wide_view = True
    change_roles = QUALITY_EDITORS

    def self_filter(self, user: AnyUser, action: str) -> Q:
        return Q(process__owner_user_id=user.pk) if action == CHANGE else Q()

    def with_list_related(self) -> Self:
        return self.select_related("process")


class KPIChildQuerySet(ScopedQuerySet):
    """A KPI's targets and values: scoped through their definition."""

    institution_path = "definition__institution"
    institution_wide_view = True
    change_roles = QUALITY_EDITORS
    user_field = ""  # who set the target, who entered the value (joined in lists)

    def self_filter(self, user: AnyUser, action: str) -> Q:
        return Q(definition__process__owner_user_id=user.pk) if action == CHANGE else Q()

    def with_list_related(self) -> Self:
        return self.select_related("definition__process", self.user_field)


class KPITargetQuerySet(KPIChildQuerySet):
    user_field = "set_by"


class KPIValueQuerySet(KPIChildQuerySet):
    user_field = "entered_by"


class KPISurveyQuerySet(KPIChildQuerySet):
    """Survey campaigns attached to KPIs: read by every staff member; attached by the quality editors and the
    owner of the KPI's process (the KPI's change scope)."""

    user_field = "attached_by"

    def with_list_related(self) -> Self:
        return super().with_list_related().select_related("campaign__headline_question")

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

from mansap.core.access import CHANGE, QUALITY_EDITORS
from mansap.core.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from mansap.core.access import AnyUser


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

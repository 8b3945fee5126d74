"""State changes of the units' work plans (R-169): a plan for a year, its measures, and the half-year reports.

The quality editors act on every plan, a unit's read-write members on their unit's (querysets.WorkPlanQuerySet).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.core.access import CHANGE, is_quality_editor, memberships_for, require_change
from mansap.quality.choices import MeasureStatus
from mansap.quality.models import WorkPlan, WorkPlanMeasure, WorkPlanReport, WorkPlanReportItem

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser


def _user(acting_user: MaybeUser) -> Any:
    return acting_user if acting_user is not None and acting_user.is_authenticated else None


@transaction.atomic
def save_plan(plan: WorkPlan, *, acting_user: MaybeUser) -> WorkPlan:
    """Add a unit's plan (the quality editors, or a member of that unit) or save a changed one."""
    if plan.pk is None:
        if acting_user is not None and not (is_quality_editor(acting_user) or _member_of_unit(acting_user, plan)):
            raise PermissionDenied
    else:
        require_change(acting_user, plan)
    plan.full_clean()
    attributed(plan, acting_user).save()
    return plan


def _member_of_unit(user: Any, plan: WorkPlan) -> bool:
    """Whether the user may write the unsaved plan's unit (the queryset's rule: querysets.unit_member_q)."""
    return any(
        m.institution_id == plan.institution_id
        and (
            (plan.department_id is not None and m.department_id == plan.department_id)
            or (bool(plan.office) and not m.department_id and m.role == plan.office)
        )
        for m in memberships_for(user, CHANGE)
    )


@transaction.atomic
def add_measure(plan: WorkPlan, *, acting_user: MaybeUser, **fields: Any) -> WorkPlanMeasure:
    require_change(acting_user, plan)
    measure = WorkPlanMeasure(plan=plan, **fields)
    measure.full_clean()
    attributed(measure, acting_user).save()
    return measure


@transaction.atomic
def submit_report(
    plan: WorkPlan, *, half: int, lines: dict[int, tuple[str, str]], summary: str = "", acting_user: MaybeUser
) -> WorkPlanReport:
    """The unit's report for a half-year: per measure (by id) its status (done / in progress / not done) and a
    comment; every measure of the plan is reported on. Submitting the same half again replaces the lines."""
    require_change(acting_user, plan)
    measures = {m.pk: m for m in plan.measures.all()}
    if not measures:
        raise ValidationError(_("The plan has no measures to report on yet."))
    missing = [m for pk, m in measures.items() if pk not in lines]
    if missing:
        raise ValidationError(
            _("Report on every measure: “{measure}” has no status.").format(measure=missing[0].text[:80])
        )
    unknown = set(lines) - set(measures)
    if unknown:
        raise ValidationError(_("A reported measure is not in this plan."))
    for pk, (status, _comment) in lines.items():
        if status not in MeasureStatus.values:
            raise ValidationError(
                _("“{measure}”: choose done, in progress or not done.").format(measure=measures[pk].text[:80])
            )
    report = WorkPlanReport.objects.filter(plan=plan, half=half).first() or WorkPlanReport(plan=plan, half=half)
    report.summary = summary
    report.submitted_by = _user(acting_user)
    report.full_clean(exclude=["period_end"])
    attributed(report, acting_user).save()
    report.items.all().delete()
    WorkPlanReportItem.objects.bulk_create(
        WorkPlanReportItem(report=report, measure=measures[pk], status=status, comment=comment)
        for pk, (status, comment) in sorted(lines.items())
    )
    return report

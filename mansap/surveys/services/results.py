"""The response cycle after the results (R-071): units' summaries and action plans."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mansap.core.choices import INSTITUTION_WIDE_ROLES
from mansap.core.models import Department
from mansap.core.querysets import CHANGE, memberships_for
from mansap.surveys.choices import (
    UNIT_RESPONSE_DAYS,
    CampaignStatus,
    UnitResponseStatus,
)
from mansap.surveys.models import (
    Campaign,
    ResultsResponse,
)


# ---- The response cycle after the results (R-071) ------------------------------------------------------------
def results_received_on(campaign: Campaign) -> dt.date | None:
    """The day the results became final (the campaign closed); None while answers may still arrive."""
    if campaign.status != CampaignStatus.CLOSED:
        return None
    if campaign.closed_at is not None:
        return min(timezone.localdate(campaign.closed_at), campaign.closes_on)
    return campaign.closes_on


def results_response_due(campaign: Campaign) -> dt.date | None:
    received = results_received_on(campaign)
    return received + dt.timedelta(days=UNIT_RESPONSE_DAYS) if received else None


def may_review_unit_responses(user: Any) -> bool:
    """Quality assurance: the institution-wide roles with write access (the Career Center), or a superuser."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(m.role in INSTITUTION_WIDE_ROLES for m in memberships_for(user, CHANGE))


def responding_departments(user: Any, campaign: Campaign) -> QuerySet[Department]:
    """The units a user may answer for in a campaign: theirs (with write access) among those it surveyed."""
    departments = Department.objects.with_people_for(user, CHANGE).filter(
        faculty__institution_id=campaign.institution_id
    )
    if campaign.department_id:
        departments = departments.filter(pk=campaign.department_id)
    return departments


def save_results_response(response: ResultsResponse, *, acting_user: Any) -> ResultsResponse:
    """A unit's summary and plan; written once the campaign has closed, changed only while being prepared."""
    campaign = response.campaign
    due = results_response_due(campaign)
    if due is None:
        raise ValidationError(
            _("A unit responds once the campaign has closed and its results are final."), code="not_closed"
        )
    if response.pk:
        stored = ResultsResponse.objects.get(pk=response.pk)
        if stored.status != UnitResponseStatus.DRAFT:
            raise ValidationError(
                _("Only a response still being prepared can be changed; ask quality assurance to return it."),
                code="not_draft",
            )
    if not responding_departments(acting_user, campaign).filter(pk=response.department_id).exists():
        raise ValidationError({"department": _("Choose a unit you answer for that this campaign surveyed.")})
    if response.pk is None:
        response.due_on = due
        response.status = UnitResponseStatus.DRAFT
        response.author = acting_user if getattr(acting_user, "pk", None) else None
    response.full_clean()
    response.save()
    return response


# action: (allowed from, to, reviewer only)
UNIT_RESPONSE_STEPS: dict[str, tuple[tuple[str, ...], str, bool]] = {
    "submit": ((UnitResponseStatus.DRAFT,), UnitResponseStatus.SUBMITTED, False),
    "review": ((UnitResponseStatus.SUBMITTED,), UnitResponseStatus.REVIEWED, True),
    "return": ((UnitResponseStatus.SUBMITTED, UnitResponseStatus.REVIEWED), UnitResponseStatus.DRAFT, True),
    "publish": ((UnitResponseStatus.REVIEWED,), UnitResponseStatus.PUBLISHED, True),
}


def advance_results_response(response: ResultsResponse, action: str, *, acting_user: Any) -> ResultsResponse:
    """Present (the unit), review, return or publish (quality assurance) a unit's response."""
    step = UNIT_RESPONSE_STEPS.get(action)
    if step is None:
        raise ValidationError(_("Unknown action."), code="action")
    sources, target, reviewer_only = step
    if reviewer_only and not may_review_unit_responses(acting_user):
        raise ValidationError(_("Only quality assurance (the Career Center) reviews and publishes responses."))
    if not reviewer_only and not ResultsResponse.objects.for_user(acting_user, CHANGE).filter(pk=response.pk).exists():
        raise ValidationError(_("Only the unit's own staff present its response."))
    if response.status not in sources:
        raise ValidationError(
            _("This cannot be done to a response that is “{status}”.").format(status=response.get_status_display()),
            code="status",
        )
    today = timezone.localdate()
    response.status = target
    if target == UnitResponseStatus.SUBMITTED:
        response.submitted_on = today
    elif target == UnitResponseStatus.REVIEWED:
        response.reviewed_by = acting_user
    elif target == UnitResponseStatus.PUBLISHED:
        response.published_on = today
    else:  # returned for changes
        response.submitted_on = None
        response.reviewed_by = None
    response.save()
    return response

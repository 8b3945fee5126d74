"""The response cycle after the results (R-071): units' summaries and action plans.

A unit's staff write and present their unit's response; quality assurance (the Career Center,
core.access.is_career_center_editor; not the Registrar's Office) reviews, returns and publishes it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.core.access import CHANGE, is_career_center_editor, user_can_change
from mansap.core.models import Department
from mansap.surveys.choices import (
    UNIT_RESPONSE_DAYS,
    CampaignStatus,
    UnitResponseStatus,
)
from mansap.surveys.models import (
    Campaign,
    ResultsResponse,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from mansap.core.models import User


# ---- The response cycle after the results (R-071) ------------------------------------------------------------
def results_received_on(campaign: Campaign) -> dt.date | None:
    """The day the results became final (the campaign closed); None while answers may still arrive."""
    if campaign.status != CampaignStatus.CLOSED:
        return None
    if campaign.closed_at is not None:
        return min(timezone.localdate(campaign.closed_at), campaign.closes_on)
    return campaign.closes_on


def results_response_due(campaign: Campaign) -> dt.date | None:
    """The day the units' responses are due (UNIT_RESPONSE_DAYS after the results); None while the campaign runs."""
    received = results_received_on(campaign)
    return received + dt.timedelta(days=UNIT_RESPONSE_DAYS) if received else None


def responding_departments(user: User | AnonymousUser, campaign: Campaign) -> QuerySet[Department]:
    """The units a user may answer for in a campaign: theirs (with write access) among those it surveyed."""
    departments = Department.objects.with_people_for(user, CHANGE).filter(
        faculty__institution_id=campaign.institution_id
    )
    if campaign.department_id:
        departments = departments.filter(pk=campaign.department_id)
    return departments


@transaction.atomic
def save_results_response(response: ResultsResponse, *, acting_user: User) -> ResultsResponse:
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
    attributed(response, acting_user).save()
    return response


# action: (allowed from, to, reviewer only)
UNIT_RESPONSE_STEPS: dict[str, tuple[tuple[str, ...], str, bool]] = {
    "submit": ((UnitResponseStatus.DRAFT,), UnitResponseStatus.SUBMITTED, False),
    "review": ((UnitResponseStatus.SUBMITTED,), UnitResponseStatus.REVIEWED, True),
    "return": ((UnitResponseStatus.SUBMITTED, UnitResponseStatus.REVIEWED), UnitResponseStatus.DRAFT, True),
    "publish": ((UnitResponseStatus.REVIEWED,), UnitResponseStatus.PUBLISHED, True),
}


@transaction.atomic
def advance_results_response(response: ResultsResponse, action: str, *, acting_user: User) -> ResultsResponse:
    """Present (the unit), review, return or publish (quality assurance) a unit's response."""
    step = UNIT_RESPONSE_STEPS.get(action)
    if step is None:
        raise ValidationError(_("Unknown action."), code="action")
    sources, target, reviewer_only = step
    if reviewer_only and not is_career_center_editor(acting_user):
        raise ValidationError(_("Only quality assurance (the Career Center) reviews and publishes responses."))
    # The page checks both rules first (403); they stay here for any other caller.
    if not reviewer_only and not user_can_change(acting_user, response):
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
    attributed(response, acting_user).save()
    return response

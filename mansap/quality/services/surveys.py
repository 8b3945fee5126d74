"""Survey campaigns as KPI values (R-065): attach a campaign to a process's KPI, and record its headline score
as the KPI's value for the period the campaign closes in.

- An entered KPI (student satisfaction 11.7, the end-of-course survey 12.6, ...) gets the score through
  services.kpis.enter_value, with the campaign's results page as its evidence and the number of respondents in
  the note: a correction later replaces it and the history keeps the previous one.
- A computed KPI (17.8, the employer survey, read by its indicator in the surveys app) is measured by that
  indicator through services.kpis.record_measurement: the figure is never computed twice.

Who may: the KPI's managers (services.kpis.can_manage_kpi: the quality editors and the process owner).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.common.indicators import Period
from mansap.common.links import site_url
from mansap.core.access import is_quality_editor
from mansap.quality.choices import KPISource
from mansap.quality.models import KPIDefinition, KPISurvey, KPIValue, Process
from mansap.quality.services import kpis as kpi_services
from mansap.surveys.choices import CampaignStatus, ResponseStatus
from mansap.surveys.models import Campaign
from mansap.surveys.reports.results import headline_score, headline_scores

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser


@dataclass
class CampaignScore:
    """A campaign's headline score and the KPI period it belongs to ("" when the KPI has no period kind yet)."""

    link: KPISurvey
    score: Decimal | None
    respondents: int
    period: str
    value: KPIValue | None  # the KPI's value recorded for that period, if any


def can_attach(user: MaybeUser, process: Process) -> bool:
    """Whether the user manages the process's KPIs (the quality editors, the process owner): the page's buttons."""
    if user is None or not user.is_authenticated:
        return False
    return is_quality_editor(user) or (process.owner_user_id is not None and process.owner_user_id == user.pk)


def campaign_period(definition: KPIDefinition, campaign: Campaign) -> str:
    """The KPI period the campaign's score belongs to: the one containing its closing day."""
    if not definition.period_kind:
        return ""
    return Period.containing(definition.period_kind, campaign.closes_on).label


@transaction.atomic
def attach_campaign(definition: KPIDefinition, campaign: Campaign, *, acting_user: MaybeUser) -> KPISurvey:
    """Attach a survey campaign to a KPI (its managers only)."""
    if not kpi_services.can_manage_kpi(acting_user, definition):
        raise PermissionDenied
    link = KPISurvey(definition=definition, campaign=campaign)
    if acting_user is not None and acting_user.is_authenticated:
        link.attached_by = acting_user
    link.full_clean()
    attributed(link, acting_user).save()
    return link


@transaction.atomic
def detach_campaign(link: KPISurvey, *, acting_user: MaybeUser) -> None:
    """Take a campaign off a KPI; a value it gave stays (it is the KPI's history)."""
    if not kpi_services.can_manage_kpi(acting_user, link.definition):
        raise PermissionDenied
    link.delete()


def scores(links: list[KPISurvey]) -> list[CampaignScore]:
    """Each attached campaign with its headline score now, its respondents, its KPI period and the value recorded
    (3 queries whatever the number of links: the values, the headline answers, the respondents)."""
    from mansap.surveys.models import Response

    wanted = {(link.definition_id, campaign_period(link.definition, link.campaign)) for link in links}
    values = {
        (v.definition_id, v.period): v
        for v in KPIValue.objects.filter(definition_id__in={d for d, _p in wanted}, period__in={p for _d, p in wanted})
    }
    campaigns = {link.campaign_id: link.campaign for link in links}
    headlines = headline_scores(campaigns.values())
    respondents = dict(
        Response.objects.filter(campaign_id__in=campaigns, status=ResponseStatus.SUBMITTED)
        .values("campaign_id")
        .annotate(n=Count("pk"))
        .values_list("campaign_id", "n")
    )
    out = []
    for link in links:
        period = campaign_period(link.definition, link.campaign)
        out.append(
            CampaignScore(
                link=link,
                score=headlines[link.campaign_id],
                respondents=respondents.get(link.campaign_id, 0),
                period=period,
                value=values.get((link.definition_id, period)),
            )
        )
    return out


@transaction.atomic
def record_campaign_score(link: KPISurvey, *, acting_user: MaybeUser) -> KPIValue:
    """Make the closed campaign's headline score the KPI's value for the period it closed in."""
    definition, campaign = link.definition, link.campaign
    if not kpi_services.can_manage_kpi(acting_user, definition):
        raise PermissionDenied
    if campaign.status != CampaignStatus.CLOSED:
        raise ValidationError(_("The campaign is not closed yet: its score may still change."), code="open")
    period = campaign_period(definition, campaign)
    if not period:
        raise ValidationError(_("Agree the KPI's formula and period before recording a value."), code="declared")
    if definition.source == KPISource.COMPUTED:
        return kpi_services.record_measurement(definition, period=period, acting_user=acting_user)
    score = headline_score(campaign)
    if score is None:
        raise ValidationError(
            _("The campaign has no score: too few answers to its headline question (fewer than {n}).").format(
                n=campaign.min_slice
            ),
            code="no_score",
        )
    from mansap.surveys.models import Response

    respondents = Response.objects.filter(campaign=campaign, status=ResponseStatus.SUBMITTED).count()
    return kpi_services.enter_value(
        definition,
        period=period,
        value=score,
        evidence_url=site_url(reverse("surveys:campaign_results", args=[campaign.pk])),
        note=_("The headline score of the survey campaign “{campaign}”: {n} respondents.").format(
            campaign=campaign.title, n=respondents
        ),
        acting_user=acting_user,
        reason=_("Survey campaign score"),
    )

"""Pages of the risk register: the register (filters, process 3's KPIs), a risk's page with its assessments
and actions, the forms that add them, and the 5×5 heat map for a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from mansap.common.params import parse_date, parse_id
from mansap.common.views import (
    ObjectHistoryView,
    ScopedActionView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    ScopedMixin,
    ScopedServiceFormView,
)
from mansap.core.access import CHANGE, VIEW, get_for_user_or_404, institution_for, is_quality_editor, scoped
from mansap.quality import filtersets, tables
from mansap.quality.choices import ZONE_COLOURS, zone_of
from mansap.quality.forms import ActionForm, AssessmentForm, RetireForm, RiskForm, RiskReviewForm
from mansap.quality.models import Risk, RiskAction, RiskAssessment
from mansap.quality.reports import risks as reports
from mansap.quality.services import risks as services

RISK_FIELDS = ["key", "process", "category", "owner", "source"]


def _date(value: str | None, default: dt.date) -> dt.date:
    return parse_date(value) or default  # (a year 1 made year_before() a 500)


class RiskListView(ScopedListView):
    """The register: every risk with its zone as of a date (`on`, default today), filtered by process, zone,
    owner, category or a heat map cell; above it, process 3's risk KPIs for a period (default the last year)."""

    queryset = Risk.objects.with_list_related()
    filterset_class = filtersets.RiskFilterSet
    table_class = tables.RiskTable
    template_name = "quality/risk_list.html"
    title = gettext_lazy("Risk register")  # type: ignore[assignment]
    export_name = "risk-register"

    def as_of(self) -> dt.date:
        return filtersets.RiskFilterSet.date_of(self.request.GET, timezone.localdate())

    def get_queryset(self) -> QuerySet[Any]:
        on = self.as_of()
        queryset = filtersets.state_filter(super().get_queryset(), self.request.GET.get("state"), on)
        return queryset.with_assessment_on(on)  # type: ignore[attr-defined]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        context["add_url"] = reverse("quality:risk_add") if is_quality_editor(user) else None
        institution = institution_for(user, VIEW)
        date_to = _date(self.request.GET.get("kpi_to"), today)
        date_from = _date(self.request.GET.get("kpi_from"), reports.year_before(date_to))
        if institution is not None and date_from <= date_to:
            context["kpis"] = reports.risk_kpis(institution, date_from, date_to)
        context["heat_map_url"] = reverse("quality:heat_map") + "?" + urlencode({"on": self.as_of().isoformat()})
        return context


class RiskDetailView(ScopedDetailView):
    queryset = Risk.objects.select_related("process", "owner")
    fields = RISK_FIELDS
    template_name = "quality/risk_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        risk: Risk = self.object
        owner_label = capfirst(str(Risk._meta.get_field("owner").verbose_name))
        for row in context["fields"]:
            if row.label == owner_label:
                row.value = risk.owner.display_name
        assessments = list(risk.assessments.select_related("assessed_by"))
        reviews = list(risk.reviews.select_related("reviewer", "assessment"))
        for assessment in assessments:
            assessment.badge = tables.zone_badge(assessment.score)  # type: ignore[attr-defined]
        actions = list(risk.actions.select_related("owner"))
        today = timezone.localdate()
        for action in actions:
            action.overdue = action.is_overdue(today)  # type: ignore[attr-defined]
        live = risk.retired_on is None
        if not live:
            context["edit_url"] = None  # a retired risk keeps its history and no longer changes
        context.update(
            reviews=reviews,
            review_due=risk.review_due(today),
            review_url=reverse("quality:risk_review", args=[risk.pk]) if live else None,
            retire_url=reverse("quality:risk_retire", args=[risk.pk])
            if live and is_quality_editor(self.request.user)
            else None,
            assessments=assessments,
            current=assessments[0] if assessments else None,
            actions=actions,
            today=today,
            assess_url=reverse("quality:risk_assess", args=[risk.pk]),
            add_action_url=reverse("quality:riskaction_add", args=[risk.pk]),
        )
        if context["current"] is not None:
            zone = zone_of(context["current"].score)
            context["current_colour"] = ZONE_COLOURS[zone] if zone else "secondary"
        return context


class RiskEditView(ScopedEditView):
    """Add a risk (the quality editors) or edit one (also its owner)."""

    queryset = Risk.objects.all()
    form_class = RiskForm

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        pk = self.kwargs.get("pk")
        if pk is None:
            if not is_quality_editor(self.request.user):
                raise PermissionDenied
            return Risk()
        return get_for_user_or_404(Risk, self.request.user, pk, CHANGE)

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        process = parse_id(self.request.GET.get("process"))
        if process is not None:
            initial["process"] = process
        return initial

    def save(self, form: RiskForm) -> Risk:
        return services.save_risk(form.save(commit=False), acting_user=self.request.user)


class RiskHistoryView(ObjectHistoryView):
    queryset = Risk.objects.all()


class RiskChildFormView(ScopedServiceFormView):
    """A form that adds something to a risk (the quality editors' and the risk owner's: its change scope)."""

    queryset = Risk.objects.select_related("process")

    def get_title(self, obj: Risk) -> str:
        return str(self.title)


class RiskAssessView(RiskChildFormView):
    """Record an assessment of the risk (likelihood × impact on a date, with the reason)."""

    form_class = AssessmentForm
    title = gettext_lazy("New assessment")  # type: ignore[assignment]

    def perform(self, obj: Risk, form: AssessmentForm) -> RiskAssessment:
        return services.record_assessment(obj, acting_user=self.request.user, **form.cleaned_data)

    def get_success_message(self, obj: Risk, result: RiskAssessment) -> str:
        zone = result.zone
        return _("Assessment recorded: score {score}, {zone} zone.").format(
            score=result.score, zone=zone.label if zone else ""
        )


class RiskActionAddView(RiskChildFormView):
    """Plan a treatment action of the risk: what, who, by when."""

    form_class = ActionForm
    title = gettext_lazy("New action")  # type: ignore[assignment]

    def get_form_kwargs(self, obj: Risk) -> dict[str, Any]:
        return {"risk": obj, "initial": {}}

    def perform(self, obj: Risk, form: ActionForm) -> RiskAction:
        return services.add_action(obj, acting_user=self.request.user, **form.cleaned_data)

    def get_success_message(self, obj: Risk, result: RiskAction) -> str:
        return _("Action added.")


class RiskReviewView(RiskChildFormView):
    """Review the risk: confirm or change it, with the reason and the next review date."""

    form_class = RiskReviewForm
    title = gettext_lazy("Review the risk")  # type: ignore[assignment]

    def perform(self, obj: Risk, form: RiskReviewForm) -> Any:
        return services.review_risk(obj, acting_user=self.request.user, **form.cleaned_data)

    def get_success_message(self, obj: Risk, result: Any) -> str:
        return _("Review recorded; the next one is due on {date}.").format(
            date=result.next_review_on.strftime("%d.%m.%Y")
        )


class RiskRetireView(RiskChildFormView):
    """Retire the risk with a reason (the quality editors)."""

    form_class = RetireForm
    title = gettext_lazy("Retire the risk")  # type: ignore[assignment]

    def perform(self, obj: Risk, form: RetireForm) -> Risk:
        return services.retire_risk(obj, reason=form.cleaned_data["reason"], acting_user=self.request.user)

    def get_success_message(self, obj: Risk, result: Risk) -> str:
        return _("The risk is retired.")


class ActionDoneView(ScopedActionView):
    """Marks a tracked action done through its service `complete(obj, acting_user=...)`: a risk's action, a
    management review's decision (views/reviews.py). The service decides who may and refuses an action done."""

    complete: Callable[..., Any]

    def act(self, obj: Any) -> Any:
        return self.complete(obj, acting_user=self.request.user)

    def get_success_message(self, obj: Any, result: Any) -> str:
        return _("The action is marked done.")


class RiskActionDoneView(ActionDoneView):
    queryset = RiskAction.objects.select_related("risk")
    complete = staticmethod(services.complete_action)

    def get_success_url(self, obj: RiskAction) -> str:
        return obj.risk.get_absolute_url()


class HeatMapView(ScopedMixin, TemplateView):
    """The 5×5 heat map of the register for a date: how many risks sit in each cell (likelihood × impact) by
    their latest assessment on or before it; a cell links to the register filtered to its risks."""

    queryset = Risk.objects.all()
    template_name = "quality/heat_map.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        on = _date(self.request.GET.get("on"), timezone.localdate())
        risks = scoped(Risk).for_user(self.request.user, VIEW)
        heat = reports.heat_map(risks, on)
        register = reverse("quality:risk_list")
        for row in heat.rows:
            for cell in row:
                query = {"on": on.isoformat(), "likelihood": str(cell.likelihood), "impact": str(cell.impact)}
                cell.url = f"{register}?{urlencode(query)}"
                cell.colour = ZONE_COLOURS[cell.zone]
        context.update(heat=heat, on=on, title=_("Risk heat map"), register_url=register)
        context["breadcrumbs"] = [(_("Risk register"), register), (context["title"], None)]
        return context

"""Pages of the process map: the map in its three groups, one page per process (with its risks), the card's edit
form (the quality editors) and its history. Every staff member reads them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from mansap.common.views import ObjectHistoryView, ScopedDetailView, ScopedEditView, ScopedMixin
from mansap.core.access import VIEW, is_quality_editor, scoped
from mansap.quality.choices import ProcessCategory
from mansap.quality.forms import ProcessForm
from mansap.quality.models import Process, Risk
from mansap.quality.models.processes import CARD_FIELDS, CARD_LABELS, LIST_FIELDS
from mansap.quality.reports import kpis as kpi_reports
from mansap.quality.services import processes as services
from mansap.quality.tables import zone_badge


class ProcessMapView(ScopedMixin, ListView):
    """The map: management, core and support processes side by side, each with its number of risks."""

    queryset = Process.objects.with_risk_counts()
    template_name = "quality/process_map.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        processes = list(context["object_list"].order_by("number"))
        context["object_list"] = processes
        context["groups"] = [
            (category, [p for p in processes if p.category == category]) for category in ProcessCategory
        ]
        context["title"] = _("Process map")
        context["breadcrumbs"] = [(context["title"], None)]
        return context


class MapCrumbMixin:
    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [(str(_("Process map")), reverse("quality:process_list"))]


class ProcessDetailView(MapCrumbMixin, ScopedDetailView):
    queryset = Process.objects.select_related("institution", "owner_user")
    template_name = "quality/process_detail.html"
    fields = ["name_kk", "name_ru", "name_en", "owner_user"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        process: Process = self.object
        context["card"] = [
            {
                "label": CARD_LABELS[name],
                "items": process.text(name).splitlines() if name in LIST_FIELDS else None,
                "text": process.text(name),
            }
            for name in CARD_FIELDS
        ]
        today = timezone.localdate()
        visible: Any = scoped(Risk).for_user(self.request.user, VIEW)
        risks = list(visible.filter(process=process).with_list_related().with_assessment_on(today))
        for risk in risks:
            risk.badge = zone_badge(risk.current_score)
        context["risks"] = risks
        context["can_add_risk"] = is_quality_editor(self.request.user)
        owner_label = capfirst(str(Process._meta.get_field("owner_user").verbose_name))
        for row in context["fields"]:
            if row.label == owner_label and process.owner_user is not None:
                row.value = process.owner_user.display_name
        context["kpis"] = kpi_reports.current_scorecard(process, today)
        context["can_add_kpi"] = is_quality_editor(self.request.user)
        return context


class ProcessEditView(MapCrumbMixin, ScopedEditView):
    queryset = Process.objects.all()
    form_class = ProcessForm

    def save(self, form: ProcessForm) -> Process:
        return services.save_process(form.save(commit=False), acting_user=self.request.user)


class ProcessHistoryView(MapCrumbMixin, ObjectHistoryView):
    queryset = Process.objects.all()

"""Pages of the units' work plans (R-169): the list, a plan (goals, measures, half-year reports), its forms."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mansap.common.views import (
    ObjectHistoryView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    ScopedServiceFormView,
)
from mansap.core.access import CHANGE, VIEW, get_for_user_or_404, institution_for, is_quality_editor, memberships_for
from mansap.quality import filtersets, tables
from mansap.quality.choices import Half
from mansap.quality.forms import MeasureForm, WorkPlanForm, WorkPlanReportForm
from mansap.quality.models import WorkPlan, WorkPlanMeasure, WorkPlanReport
from mansap.quality.querysets import OFFICE_ROLES
from mansap.quality.services import workplans as services


def may_add_plans(user: Any) -> bool:
    """The quality editors and the read-write members of a unit (an office or a department) add plans."""
    return is_quality_editor(user) or any(
        m.department_id or m.role in OFFICE_ROLES for m in memberships_for(user, CHANGE)
    )


class WorkPlanListView(ScopedListView):
    queryset = WorkPlan.objects.with_list_related()
    table_class = tables.WorkPlanTable
    filterset_class = filtersets.WorkPlanFilterSet
    title = gettext_lazy("Unit work plans")  # type: ignore[assignment]
    template_name = "quality/workplan_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["add_url"] = reverse("quality:workplan_add") if may_add_plans(self.request.user) else None
        return context


class WorkPlanDetailView(ScopedDetailView):
    queryset = WorkPlan.objects.select_related("department", "institution")
    fields = ["office", "department", "year"]
    template_name = "quality/workplan_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plan: WorkPlan = self.object
        rows = [row for row in context["fields"] if row.value not in (None, "", "—")]  # the unit is one of two
        for row in rows:
            if row.value == plan.year:
                row.value = plan.year_label
        context["fields"] = rows
        measures = list(plan.measures.select_related("responsible"))
        reports = list(plan.reports.select_related("submitted_by").prefetch_related("items"))
        status_by_half = {r.half: {i.measure_id: i for i in r.items.all()} for r in reports}
        for measure in measures:
            measure.lines = [status_by_half.get(h, {}).get(measure.pk) for h in Half.values]  # type: ignore[attr-defined]
        context.update(
            measures=measures,
            reports=reports,
            halves=Half.choices,
            add_measure_url=reverse("quality:workplan_measure_add", args=[plan.pk]),
            report_url=reverse("quality:workplan_report", args=[plan.pk]),
        )
        return context


class WorkPlanEditView(ScopedEditView):
    queryset = WorkPlan.objects.all()
    form_class = WorkPlanForm

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        pk = self.kwargs.get("pk")
        if pk is None:
            if not may_add_plans(self.request.user):
                raise PermissionDenied
            return WorkPlan(institution=institution_for(self.request.user, VIEW, or_raise=PermissionDenied))
        return get_for_user_or_404(WorkPlan, self.request.user, pk, CHANGE)

    def save(self, form: WorkPlanForm) -> WorkPlan:
        return services.save_plan(form.save(commit=False), acting_user=self.request.user)


class WorkPlanHistoryView(ObjectHistoryView):
    queryset = WorkPlan.objects.all()


class MeasureAddView(ScopedServiceFormView):
    queryset = WorkPlan.objects.select_related("department")
    form_class = MeasureForm
    title = gettext_lazy("New measure")  # type: ignore[assignment]

    def get_form_kwargs(self, obj: WorkPlan) -> dict[str, Any]:
        return {"plan": obj, "initial": {}}

    def get_title(self, obj: Any) -> str:
        return str(self.title)

    def perform(self, obj: WorkPlan, form: MeasureForm) -> WorkPlanMeasure:
        return services.add_measure(obj, acting_user=self.request.user, **form.cleaned_data)

    def get_success_message(self, obj: Any, result: Any) -> str:
        return _("Measure added.")


class WorkPlanReportView(ScopedServiceFormView):
    """The half-year report: a status and a comment for each measure (the form is prefilled from a report of
    the same half already submitted)."""

    queryset = WorkPlan.objects.select_related("department")
    form_class = WorkPlanReportForm
    title = gettext_lazy("Half-year report")  # type: ignore[assignment]

    def get_form_kwargs(self, obj: WorkPlan) -> dict[str, Any]:
        return {"plan": obj, "initial": self.get_initial(obj)}

    def get_initial(self, obj: WorkPlan) -> dict[str, Any]:
        half = self.request.GET.get("half")
        initial: dict[str, Any] = {"half": int(half) if half in ("1", "2") else Half.FIRST}
        report = WorkPlanReport.objects.filter(plan=obj, half=initial["half"]).prefetch_related("items").first()
        if report is not None:
            initial["summary"] = report.summary
            for item in report.items.all():
                initial[f"status_{item.measure_id}"] = item.status
                initial[f"comment_{item.measure_id}"] = item.comment
        return initial

    def get_title(self, obj: Any) -> str:
        return str(self.title)

    def perform(self, obj: WorkPlan, form: WorkPlanReportForm) -> WorkPlanReport:
        return services.submit_report(
            obj, half=form.cleaned_data["half"], lines=form.lines(), summary=form.cleaned_data["summary"],
            acting_user=self.request.user,
        )  # fmt: skip

    def get_success_message(self, obj: Any, result: Any) -> str:
        return _("Report saved.")

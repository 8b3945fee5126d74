"""Pages of the KPIs (#13): the register, one page per KPI with its targets, values, trend and drill-down, the
forms of the lifecycle (agree the formula, set a target, enter a value, record a measurement) and the evidence
file. Everyone on staff reads them; the services decide who may act (services/kpis.py)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mansap.common.files import ScopedFileView
from mansap.common.indicators import WHOLE, Breakdown, Period
from mansap.common.params import parse_id
from mansap.common.views import (
    ObjectHistoryView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    ScopedServiceFormView,
)
from mansap.core.access import CHANGE, VIEW, get_for_user_or_404
from mansap.core.models import Department, EducationalProgram, Faculty
from mansap.quality import filtersets, tables
from mansap.quality.display import chart_number
from mansap.quality.forms import AgreeFormulaForm, KPIDefinitionForm, KPIMeasureForm, KPITargetForm, KPIValueForm
from mansap.quality.models import KPIDefinition, KPIValue
from mansap.quality.reports import kpis as reports
from mansap.quality.services import kpis as services

KPI_FIELDS = ["code", "process", "unit", "higher_is_better", "period_kind", "source", "indicator"]
RECORDS_SHOWN = 50


class KPICrumbMixin:
    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [(str(_("KPIs")), reverse("quality:kpidefinition_list"))]


class KPIListView(ScopedListView):
    """The register of every KPI of the institution, filtered by process, status and source."""

    queryset = KPIDefinition.objects.with_list_related()
    filterset_class = filtersets.KPIFilterSet
    table_class = tables.KPITable
    title = gettext_lazy("KPIs")  # type: ignore[assignment]
    export_name = "kpis"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        can_add = services.can_edit_definition(self.request.user)
        context["add_url"] = reverse("quality:kpidefinition_add") if can_add else None
        return context


def selected_period(definition: KPIDefinition, label: str | None) -> Period | None:
    """The period a KPI page shows: ?period= when it reads as one of the KPI's kind, else the current one."""
    if not definition.period_kind:
        return None
    return definition.parse_period(label or "") or reports.current_period(definition, timezone.localdate())


class KPIDetailView(KPICrumbMixin, ScopedDetailView):
    """A KPI: its definition, its targets and values, the trend over five periods and, for a computed KPI, the
    drill-down faculty → department → program → the records behind the number (what the user may see)."""

    queryset = KPIDefinition.objects.select_related("process", "institution", "formula_agreed_by")
    template_name = "quality/kpi_detail.html"
    fields = KPI_FIELDS

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        definition: KPIDefinition = self.object
        user = self.request.user
        period = selected_period(definition, self.request.GET.get("period"))
        context.update(
            period=period,
            targets=list(definition.targets.select_related("set_by").order_by("-period")),
            values=list(definition.values.select_related("entered_by").order_by("-period")),
            can_edit_definition=services.can_edit_definition(user, definition),
            can_manage=services.can_manage_kpi(user, definition),
            can_change=services.can_edit_definition(user, definition),
            history_url=reverse("quality:kpidefinition_history", args=[definition.pk]),
        )
        if period is not None:
            points = reports.trend(definition, period)
            context["trend"] = points
            context["current"] = points[-1]
            context["chart"] = {
                "labels": [p.label for p in points],
                "values": [chart_number(p.value, definition.unit) for p in points],
                "targets": [chart_number(p.target.target if p.target else None, definition.unit) for p in points],
                "value_label": _("Value"),
                "target_label": _("Target"),
                "percent": definition.unit == "share",
            }
            context["periods"] = [p.label for p in period.last(5)[::-1]]
            if definition.is_computed and definition.provider is not None:
                context.update(self.drill_down(definition, period))
        return context

    def drill_down(self, definition: KPIDefinition, period: Period) -> dict[str, Any]:
        user = self.request.user
        breakdown, trail = self.breakdown(definition)
        row = reports.scorecard([definition], period, breakdown, with_rows=True)[0]
        provider = definition.provider
        assert provider is not None
        finest = provider.breakdowns[-1] if provider.breakdowns else None
        records: list[Any] = []
        if not row.suppressed and row.rows is not None and breakdown.dimension == finest:
            records = reports.visible_rows(row.rows, user)
        page = Paginator(records, RECORDS_SHOWN).get_page(self.request.GET.get("page"))
        base = f"{reverse('quality:kpidefinition_detail', args=[definition.pk])}?period={period.label}"
        return {
            "drill_row": row,
            "drill_trail": trail,
            "drill_children": reports.drill_children(definition, period, breakdown, user),
            "drill_records": page,
            "drill_base": base,
            "drill_finest": breakdown.dimension == finest,
            "small_number": reports.SMALL_NUMBER,
        }

    def breakdown(self, definition: KPIDefinition) -> tuple[Breakdown, list[tuple[str, str]]]:
        """The breakdown of ?faculty=, ?department=, ?program= among the units whose people the user may see
        (else 404), with the trail of links back up."""
        user = self.request.user
        get = self.request.GET
        faculty_id, department_id, program_id = (parse_id(get.get(k)) for k in ("faculty", "department", "program"))
        institution = definition.institution_id
        departments = Department.objects.with_people_for(user, VIEW).filter(faculty__institution=institution)
        trail: list[tuple[str, str]] = []
        base = reverse("quality:kpidefinition_detail", args=[definition.pk])
        period = get.get("period", "")
        if program_id is not None:
            programs = EducationalProgram.objects.with_people_for(user, VIEW).filter(
                department__faculty__institution=institution
            )
            program = programs.select_related("department__faculty").filter(pk=program_id).first()
            if program is None:
                raise Http404
            department = program.department
            trail = [
                (department.faculty.name, f"{base}?period={period}&faculty={department.faculty_id}"),
                (department.name, f"{base}?period={period}&department={department.pk}"),
                (f"{program.code} {program.name}", ""),
            ]
            return Breakdown(faculty=department.faculty_id, department=department.pk, program=program.pk), trail
        if department_id is not None:
            chosen = departments.select_related("faculty").filter(pk=department_id).first()
            if chosen is None:
                raise Http404
            trail = [
                (chosen.faculty.name, f"{base}?period={period}&faculty={chosen.faculty_id}"),
                (chosen.name, ""),
            ]
            return Breakdown(faculty=chosen.faculty_id, department=chosen.pk), trail
        if faculty_id is not None:
            faculty = Faculty.objects.filter(pk=faculty_id, departments__in=departments.values("pk")).first()
            if faculty is None:
                raise Http404
            return Breakdown(faculty=faculty.pk), [(faculty.name, "")]
        return WHOLE, trail


class KPIEditView(KPICrumbMixin, ScopedEditView):
    """Add a KPI to a process or change its definition (the quality editors)."""

    queryset = KPIDefinition.objects.all()
    form_class = KPIDefinitionForm

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        pk = self.kwargs.get("pk")
        if pk is None:
            if not services.can_edit_definition(self.request.user):
                raise PermissionDenied
            return KPIDefinition()
        definition = get_for_user_or_404(KPIDefinition, self.request.user, pk, CHANGE)
        if not services.can_edit_definition(self.request.user, definition):
            raise PermissionDenied
        return definition

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        process = parse_id(self.request.GET.get("process"))
        if process is not None:
            initial["process"] = process
        return initial

    def save(self, form: KPIDefinitionForm) -> KPIDefinition:
        return services.save_definition(form.save(commit=False), acting_user=self.request.user)


class KPIHistoryView(KPICrumbMixin, ObjectHistoryView):
    queryset = KPIDefinition.objects.all()


class KPIFormView(KPICrumbMixin, ScopedServiceFormView):
    """A form of a KPI's lifecycle; the service checks who may act."""

    queryset = KPIDefinition.objects.select_related("process", "institution")

    def get_form_kwargs(self, obj: KPIDefinition) -> dict[str, Any]:
        return {"definition": obj, "initial": self.get_initial(obj)}

    def get_title(self, obj: KPIDefinition) -> str:
        return str(self.title)


class KPIAgreeView(KPIFormView):
    """Agree a declared KPI's formula (the quality editors): formula, unit, direction and period."""

    form_class = AgreeFormulaForm
    title = gettext_lazy("Agree the formula")  # type: ignore[assignment]

    def get_object(self) -> Any:
        definition = super().get_object()
        if not services.can_edit_definition(self.request.user, definition):
            raise PermissionDenied
        return definition

    def get_form_kwargs(self, obj: KPIDefinition) -> dict[str, Any]:
        return {"initial": {name: getattr(obj, name) for name in AgreeFormulaForm.base_fields}}

    def perform(self, obj: KPIDefinition, form: AgreeFormulaForm) -> KPIDefinition:
        for name, value in form.cleaned_data.items():
            setattr(obj, name, value)
        return services.agree_formula(obj, acting_user=self.request.user)

    def get_success_message(self, obj: KPIDefinition, result: KPIDefinition) -> str:
        return _("The formula is agreed.")


class KPITargetView(KPIFormView):
    """Set the KPI's target for a period, with its amber and red thresholds (the process owner, the editors)."""

    form_class = KPITargetForm
    title = gettext_lazy("Set a target")  # type: ignore[assignment]

    def perform(self, obj: KPIDefinition, form: KPITargetForm) -> Any:
        return services.set_target(obj, acting_user=self.request.user, **form.scaled_data())

    def get_success_message(self, obj: KPIDefinition, result: Any) -> str:
        return _("Target set for %(period)s.") % {"period": result.period}

    def get_success_url(self, obj: KPIDefinition, result: Any) -> str:
        return f"{obj.get_absolute_url()}?period={result.period}"


class KPIValueView(KPIFormView):
    """Enter (or correct) the value of an entered KPI for a period, with evidence (the process owner, the
    editors)."""

    form_class = KPIValueForm
    title = gettext_lazy("Enter a value")  # type: ignore[assignment]

    def perform(self, obj: KPIDefinition, form: KPIValueForm) -> Any:
        data = form.scaled_data()
        reason = data.pop("reason") or None
        return services.enter_value(obj, acting_user=self.request.user, reason=reason, **data)

    def get_success_message(self, obj: KPIDefinition, result: Any) -> str:
        return _("Value saved for %(period)s.") % {"period": result.period}

    def get_success_url(self, obj: KPIDefinition, result: Any) -> str:
        return f"{obj.get_absolute_url()}?period={result.period}"


class KPIMeasureView(KPIFormView):
    """Record a computed KPI's figure for a period as its value (kept for the trend and the reviews)."""

    form_class = KPIMeasureForm
    title = gettext_lazy("Record the measurement")  # type: ignore[assignment]

    def perform(self, obj: KPIDefinition, form: KPIMeasureForm) -> Any:
        return services.record_measurement(obj, acting_user=self.request.user, period=form.scaled_data()["period"])

    def get_success_message(self, obj: KPIDefinition, result: Any) -> str:
        return _("Measurement recorded for %(period)s.") % {"period": result.period}

    def get_success_url(self, obj: KPIDefinition, result: Any) -> str:
        return f"{obj.get_absolute_url()}?period={result.period}"


class KPIValueEvidenceView(ScopedFileView):
    """The evidence file of an entered value, for everyone who may see the KPI."""

    queryset = KPIValue.objects.all()
    file_field = "evidence"

"""The deadline compliance view per department and practice (R-037)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from mansap.common.exports import rows_to_xlsx, xlsx_response
from mansap.common.views import (
    StaffRequiredMixin,
)
from mansap.core.access import VIEW
from mansap.core.models import AcademicYear, Department
from mansap.practice import filtersets
from mansap.practice.models import (
    Placement,
    Practice,
)
from mansap.practice.reports import deadlines
from mansap.practice.services import placements as services
from mansap.practice.services.placements import ACTIVE

# ---- Compliance -----------------------------------------------------------------------------------------------
COMPLIANCE_KINDS = ("contract", "package", "referral", "report")


SHORT_LABELS = {
    "contract": gettext_lazy("Contracts (1 month)"),
    "package": gettext_lazy("Packages (1 month)"),
    "referral": gettext_lazy("Referrals (1 week)"),
    "report": gettext_lazy("Reports on time"),
}


class ComplianceView(StaffRequiredMixin, TemplateView):
    """Per department and practice: deadlines met, late items in red, warnings (R-040, R-025, R-026, R-032).

    A report over many practices, not one object's page: the practices are the user's (for_user, VIEW),
    filtered like the plan's list; by default the current academic year's with placements.
    """

    template_name = "practice/compliance.html"
    limit = 200

    def practices(self) -> tuple[Any, QuerySet[Practice]]:
        user = self.request.user
        filterset = filtersets.PracticeFilterSet(
            self.request.GET or None, queryset=Practice.objects.for_user(user, VIEW), request=self.request
        )
        queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        if not self.request.GET.get("academic_year"):
            current = AcademicYear.objects.for_user(user).filter(is_current=True).first()
            if current is not None:
                queryset = queryset.filter(academic_year=current)
                filterset.form.initial["academic_year"] = current.pk
        if not self.request.GET.get("all"):
            queryset = queryset.filter(placements__in=Placement.objects.filter(ACTIVE)).distinct()
        return filterset, queryset.select_related("program", "department", "academic_year").order_by(
            "department__code", "starts_on", "program__code"
        )

    def rows(self) -> tuple[Any, list[dict[str, Any]], int]:
        filterset, queryset = self.practices()
        practices = list(queryset[: self.limit + 1])
        total = len(practices) if len(practices) <= self.limit else queryset.count()
        practices = practices[: self.limit]
        today = timezone.localdate()
        results = services.compliance_for(practices, today)
        rows = []
        for practice in practices:
            result = results[practice.pk]
            rows.append(
                {
                    "practice": practice,
                    "result": result,
                    "counts": {kind: result.counts(kind) for kind in COMPLIANCE_KINDS},
                    "red_items": [i for i in result.items if i.is_red][:30],
                    "days_to_start": (practice.starts_on - today).days,
                }
            )
        return filterset, rows, total

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        filterset, rows, total = self.rows()
        by_department: dict[Department, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            by_department[row["practice"].department].append(row)
        query = self.request.GET.copy()
        query["export"] = "xlsx"
        context.update(
            title=_("Deadline compliance"),
            breadcrumbs=[(_("Deadline compliance"), None)],
            filter=filterset,
            departments=sorted(by_department.items(), key=lambda kv: kv[0].code),
            total=total,
            shown=len(rows),
            kinds=[(k, SHORT_LABELS[k], deadlines.ITEM_LABELS[k]) for k in COMPLIANCE_KINDS],
            show_all=bool(self.request.GET.get("all")),
            export_query=query.urlencode(),
            today=timezone.localdate(),
        )
        return context

    def export(self) -> HttpResponse:
        _filterset, rows, _total = self.rows()
        header = [
            _("Department"),
            _("Practice"),
            _("Starts on"),
            _("Deadline"),
            _("Subject"),
            _("Due"),
            _("Done on"),
            _("Status"),
        ]
        out = []
        for row in rows:
            practice = row["practice"]
            for item in row["result"].items:
                out.append(
                    [
                        practice.department.code,
                        str(practice),
                        practice.starts_on,
                        item.label,
                        str(item.subject),
                        item.due,
                        item.done_on or "",
                        item.status_label,
                    ]
                )
        name = _("Deadline compliance")
        return xlsx_response(rows_to_xlsx(name, header, out), f"{name} {timezone.localdate().isoformat()}")

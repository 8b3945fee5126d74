"""The grade sheet (htmx rows) and the configurable grade table.

The grade sheet shows every placement of a practice as a row whose inputs are saved one row at a time
(`GradeRowView`, htmx swaps the row); without JavaScript the row's form posts the same way and the sheet
reloads with the outcome as messages.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from mansap.common.exports import rows_to_xlsx, xlsx_response
from mansap.common.views import ScopedDetailView, ScopedServiceFormView, StaffRequiredMixin
from mansap.core.access import can_create, institution_for
from mansap.practice.choices import (
    DocumentKind,
    PracticeKind,
)
from mansap.practice.forms.assessment import (
    GradeBandFormSet,
    GradeRowForm,
)
from mansap.practice.models import (
    DefenceCommission,
    GradeBand,
    GradeTableChange,
    Placement,
    Practice,
    PracticeDocument,
)
from mansap.practice.services import assessment as svc
from mansap.practice.services import grades
from mansap.practice.views.actions import form_errors

# The admission column's values (GradeRowForm) and what the service records.
ADMISSION = {"yes": True, "no": False}


# ---- Grade sheet -------------------------------------------------------------------------------------------------
def _sheet_rows(practice: Practice) -> list[Placement]:
    """The sheet's placements with whether the signed scans are in (two EXISTS, not a query per row)."""
    scans = PracticeDocument.objects.filter(placement=OuterRef("pk"))
    rows: list[Placement] = list(
        svc.placements_for_sheet(practice).annotate(
            has_report_scan=Exists(scans.filter(kind=DocumentKind.REPORT_SCAN)),
            has_diary_scan=Exists(scans.filter(kind=DocumentKind.DIARY_SCAN)),
        )
    )
    for row in rows:
        row.page_url = row.get_absolute_url()  # type: ignore[attr-defined]
    return rows


def _row_form(placement: Placement, data: Any = None) -> GradeRowForm:
    admission = {True: "yes", False: "no", None: ""}[placement.admitted_to_defence]
    form = GradeRowForm(
        data,
        prefix=f"p{placement.pk}",
        initial={"admission": admission, "defence_date": placement.defence_date, "score": placement.score},
    )
    for field in form.fields.values():  # the row's inputs sit in other cells than its <form>
        field.widget.attrs["form"] = f"row-{placement.pk}"
    return form


class GradeSheetView(ScopedDetailView):
    """Admission, defence dates and scores of a whole practice, entered row by row (htmx), with an XLSX export."""

    queryset = Practice.objects.select_related("program", "department", "academic_year")
    template_name = "practice/assessment_grade_sheet.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") == "xlsx":
            practice = self.get_object()
            return self.export(practice, _sheet_rows(practice))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        practice: Practice = self.object
        context.update(
            practice=practice,
            rows=[(p, _row_form(p)) for p in _sheet_rows(practice)],
            is_pre_graduate=practice.kind == PracticeKind.PRE_GRADUATE,
            table=grades.table_for(practice.institution_id),
            alert=svc.admissions_alert(practice),
            commission=DefenceCommission.objects.filter(practice=practice).first(),
            title=_("Grade sheet"),
            breadcrumbs=[(str(practice), practice.get_absolute_url()), (_("Grade sheet"), None)],
        )
        return context

    def export(self, practice: Practice, rows: list[Placement]) -> HttpResponse:
        header = [
            _("Student"), _("Practice base"), _("Report submitted on"), _("Company evaluation"),
            _("Admission"), _("Defence date"), _("Score"), _("Letter grade"), _("Grade points"),
        ]  # fmt: skip
        data = []
        for p in rows:
            admission = {True: _("admitted"), False: _("not admitted"), None: ""}[p.admitted_to_defence]
            data.append(
                [
                    str(p.student),
                    str(p.base),
                    p.report_submitted_on,
                    p.company_report_score if p.company_submitted_at else "",
                    admission,
                    p.defence_date,
                    p.score,
                    p.letter_grade,
                    p.grade_points,
                ]
            )
        content = rows_to_xlsx(_("Grade sheet"), header, data)
        return xlsx_response(content, f"grades-{practice.program.code}-{practice.kind}")


class GradeRowView(ScopedServiceFormView):
    """Save one row of the grade sheet (`save_grade_row`: admission → defence date → score, all or nothing).

    htmx swaps the row: saved (green, with the grade's warnings) or with the errors, always as 200 so that
    htmx swaps it. Without htmx the sheet reloads, the warnings and errors shown as messages.
    """

    queryset = Placement.objects.select_related("practice", "student")
    form_class = GradeRowForm
    http_method_names = ["post"]  # the rows are in the grade sheet
    partial_template_name = "practice/assessment_grade_row.html"

    def get_form(self, obj: Placement) -> GradeRowForm:
        return _row_form(obj, self.request.POST)

    def perform(self, obj: Placement, form: GradeRowForm) -> svc.GradeResult | None:
        data = form.cleaned_data
        return svc.save_grade_row(
            obj,
            admission=ADMISSION.get(data.get("admission") or ""),
            defence_date=data.get("defence_date"),
            score=data.get("score"),
            acting_user=self.request.user,
        )

    def form_invalid(self, obj: Placement, form: GradeRowForm) -> HttpResponse:
        return self.row(obj, form, None)

    def form_done(self, obj: Placement, form: GradeRowForm, result: svc.GradeResult | None) -> HttpResponse:
        return self.row(obj, form, result)

    def row(self, placement: Placement, form: GradeRowForm, result: svc.GradeResult | None) -> HttpResponse:
        # Read the row again: what was saved (or, after a refusal, what is still stored: the steps were undone).
        row = next(p for p in _sheet_rows(placement.practice) if p.pk == placement.pk)
        if not form.errors:
            form = _row_form(row)
        warnings: list[str] = result.warnings if result else []
        if not self.wants_partial():
            for warning in warnings:
                messages.warning(self.request, warning)
            if form.errors:
                messages.error(self.request, " ".join(form_errors(form)))
            return HttpResponseRedirect(reverse("practice:grade_sheet", args=[row.practice_id]))
        context = {
            "p": row,
            "form": form,
            "can_change": True,
            "is_pre_graduate": row.practice.kind == PracticeKind.PRE_GRADUATE,
            "warnings": warnings,
            "saved": not form.errors,
        }
        return render(self.request, "practice/assessment_grade_row.html", context)


# ---- Letter-grade table ------------------------------------------------------------------------------------------
class GradeTableView(StaffRequiredMixin, View):
    """The institution's letter-grade table: the Career Center edits it, others read it.

    Not a scoped object's page: the table is a setting of the user's institution (404 without one).
    """

    def context(self, request: HttpRequest, formset: Any = None) -> dict[str, Any]:
        institution = institution_for(request.user, or_raise=Http404)
        rows = grades.table_for(institution)
        configured = GradeBand.objects.filter(institution=institution).exists()
        can_edit = can_create(request.user, "institution")
        if formset is None and can_edit:
            formset = GradeBandFormSet(
                initial=[{"letter": r[0], "min_score": r[1], "max_score": r[2], "points": r[3]} for r in rows],
                prefix="bands",
            )
        return {
            "rows": rows,
            "configured": configured,
            "can_edit": can_edit,
            "formset": formset,
            "changes": GradeTableChange.objects.filter(institution=institution).select_related("changed_by")[:10],
            "title": _("Letter-grade table"),
            "breadcrumbs": [(_("Letter-grade table"), None)],
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "practice/assessment_grade_table.html", self.context(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        if not can_create(request.user, "institution"):
            raise PermissionDenied
        institution = institution_for(request.user, or_raise=Http404)
        if request.POST.get("action") == "reset":
            svc.reset_grade_table(institution, acting_user=request.user)
            messages.success(request, _("The default letter-grade table applies again."))
            return HttpResponseRedirect(reverse("practice:grade_table"))
        formset = GradeBandFormSet(request.POST, prefix="bands")
        if formset.is_valid():
            rows = [
                (f.cleaned_data["letter"], f.cleaned_data["min_score"], f.cleaned_data["max_score"],
                 Decimal(f.cleaned_data["points"]))
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]  # fmt: skip
            try:
                svc.save_grade_table(institution, rows, acting_user=request.user)
            except ValidationError as exc:
                context = self.context(request, formset)
                context["table_errors"] = exc.messages
                return render(request, "practice/assessment_grade_table.html", context, status=400)
            messages.success(request, _("The letter-grade table is saved."))
            return HttpResponseRedirect(reverse("practice:grade_table"))
        return render(request, "practice/assessment_grade_table.html", self.context(request, formset), status=400)

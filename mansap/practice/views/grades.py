"""The grade sheet (htmx rows) and the configurable grade table."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from mansap.common.exports import rows_to_xlsx, xlsx_response
from mansap.common.views import (
    StaffRequiredMixin,
    user_can_change,
)
from mansap.core.querysets import can_create
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
    Placement,
    Practice,
    PracticeDocument,
)
from mansap.practice.services import assessment as svc
from mansap.practice.services import grades
from mansap.practice.views.mixins import (
    _apply,
    _institution,
    _placement_for_change,
    _placement_url,
    _practice_for,
    _practice_url,
)


# ---- Grade sheet -------------------------------------------------------------------------------------------------
def _sheet_rows(practice: Practice) -> list[Placement]:
    scans = PracticeDocument.objects.filter(placement=OuterRef("pk"))
    rows: list[Placement] = list(
        svc.placements_for_sheet(practice).annotate(
            has_report_scan=Exists(scans.filter(kind=DocumentKind.REPORT_SCAN)),
            has_diary_scan=Exists(scans.filter(kind=DocumentKind.DIARY_SCAN)),
        )
    )
    for row in rows:
        row.page_url = _placement_url(row)  # type: ignore[attr-defined]
    return rows


def _row_form(placement: Placement, data: Any = None) -> GradeRowForm:
    admission = {True: "yes", False: "no"}.get(placement.admitted_to_defence, "")  # type: ignore[arg-type]
    form = GradeRowForm(
        data,
        prefix=f"p{placement.pk}",
        initial={"admission": admission, "defence_date": placement.defence_date, "score": placement.score},
    )
    for field in form.fields.values():  # the row's inputs sit in other cells than its <form>
        field.widget.attrs["form"] = f"row-{placement.pk}"
    return form


class GradeSheetView(StaffRequiredMixin, View):
    """Admission, defence dates and scores of a whole practice, entered row by row (htmx), with an XLSX export."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = _practice_for(request, pk)
        rows = _sheet_rows(practice)
        if request.GET.get("export") == "xlsx":
            return self.export(practice, rows)
        can_change = user_can_change(request.user, practice)
        context = {
            "practice": practice,
            "rows": [(p, _row_form(p)) for p in rows],
            "can_change": can_change,
            "is_pre_graduate": practice.kind == PracticeKind.PRE_GRADUATE,
            "table": grades.table_for(practice.institution_id),
            "alert": svc.admissions_alert(practice),
            "commission": DefenceCommission.objects.filter(practice=practice).first(),
            "title": _("Grade sheet"),
            "breadcrumbs": [(str(practice), _practice_url(practice)), (_("Grade sheet"), None)],
        }
        return render(request, "practice/assessment_grade_sheet.html", context)

    def export(self, practice: Practice, rows: list[Placement]) -> HttpResponse:
        header = [
            _("Student"), _("Practice base"), _("Report submitted on"), _("Company evaluation"),
            _("Admission"), _("Defence date"), _("Score"), _("Letter grade"), _("Grade points"),
        ]  # fmt: skip
        data = []
        for p in rows:
            admission = {True: _("admitted"), False: _("not admitted")}.get(p.admitted_to_defence, "")  # type: ignore[arg-type]
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


class GradeRowView(StaffRequiredMixin, View):
    """htmx: save one row of the grade sheet (admission → defence date → score, through the services)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        placement = _placement_for_change(request, pk)
        form = _row_form(placement, request.POST)
        result = None
        if form.is_valid():
            data = form.cleaned_data
            try:
                with_transaction(lambda: self.apply(placement, data, request.user))
                result = self.result
            except ValidationError as exc:
                _apply(form, exc)
        row = next(p for p in _sheet_rows(placement.practice) if p.pk == placement.pk)
        if not form.errors:
            form = _row_form(row)
        warnings: list[str] = result.warnings if result else []
        context = {
            "p": row,
            "form": form,
            "can_change": True,
            "is_pre_graduate": row.practice.kind == PracticeKind.PRE_GRADUATE,
            "warnings": warnings,
            "saved": not form.errors,
        }
        if not request.htmx:  # type: ignore[attr-defined]
            for w in warnings:
                messages.warning(request, w)
            if form.errors:
                messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
            return HttpResponseRedirect(reverse("practice:grade_sheet", args=[row.practice_id]))
        return render(request, "practice/assessment_grade_row.html", context)

    result: svc.GradeResult | None = None

    def apply(self, placement: Placement, data: dict[str, Any], user: Any) -> None:
        admission = {"yes": True, "no": False}.get(data.get("admission") or "")
        is_pre = placement.practice.kind == PracticeKind.PRE_GRADUATE
        if is_pre and admission != placement.admitted_to_defence:
            svc.decide_admission(placement, admitted=admission, acting_user=user)
        if data.get("defence_date") != placement.defence_date:
            svc.set_defence_date(placement, data.get("defence_date"), acting_user=user)
        if data.get("score") != placement.score:
            self.result = svc.record_grade(placement, data.get("score"), acting_user=user)


def with_transaction(fn: Any) -> Any:
    from django.db import transaction

    with transaction.atomic():
        return fn()


class GradeTableView(StaffRequiredMixin, View):
    """The institution's letter-grade table: the Career Center edits it, others read it."""

    def context(self, request: HttpRequest, formset: Any = None) -> dict[str, Any]:
        institution = _institution(request)
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
            "title": _("Letter-grade table"),
            "breadcrumbs": [(_("Letter-grade table"), None)],
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "practice/assessment_grade_table.html", self.context(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        if not can_create(request.user, "institution"):
            raise PermissionDenied
        institution = _institution(request)
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

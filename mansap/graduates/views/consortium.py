"""The consortium page (#18): a ministry's or a group of universities' aggregate view of the institutions it is
given, and its XLSX. Read-only, aggregates only (reports/consortium.py suppresses every small figure).

Who: a consortium's members (core.access.is_consortium_viewer) and superusers; anyone else gets 404, and a
consortium-only login gets 404 on every other page (core.middleware.ConsortiumOnlyMiddleware).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from mansap.common.exports import number_cell, text_cell, xlsx_response
from mansap.core.access import consortium_institutions, consortiums_for, is_consortium_viewer
from mansap.core.models import Consortium, Institution, Student
from mansap.graduates.forms.consortium import ConsortiumFilterForm
from mansap.graduates.reports import analytics, consortium


@dataclass
class Choice:
    consortium: Consortium | None
    institutions: list[Institution]
    cohort: int
    as_of: dt.date
    form: ConsortiumFilterForm


def cohorts_of(institutions: list[Institution]) -> list[int]:
    """The graduation years with graduates in any of the institutions, newest first (from the index)."""
    dates = (
        Student.objects.filter(institution__in=institutions)
        .graduates()
        .order_by()
        .values_list("graduation_date", flat=True)
        .distinct()
    )
    return sorted({day.year for day in dates if day is not None}, reverse=True)


def read_choice(request: HttpRequest) -> Choice:
    """The consortium (one of the user's, else 404), cohort and date from the query string, with defaults."""
    user = request.user
    if not (is_consortium_viewer(user) or user.is_superuser):
        raise Http404
    consortiums = list(consortiums_for(user))
    if not consortiums:
        raise Http404
    options = [(c.pk, str(c)) for c in consortiums]
    raw = request.GET.get("consortium")
    chosen = consortiums[0]
    if raw:
        found = next((c for c in consortiums if str(c.pk) == raw), None)
        if found is None:
            raise Http404
        chosen = found
    institutions = list(consortium_institutions(user, chosen))
    years = cohorts_of(institutions)
    today = timezone.localdate()
    form = ConsortiumFilterForm(request.GET or None, consortiums=options, years=years or [today.year])
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    cohort = data.get("cohort") or (years[0] if years else today.year)
    as_of = data.get("as_of") or today
    if not form.is_bound:
        form = ConsortiumFilterForm(
            initial={"consortium": chosen.pk, "cohort": cohort, "as_of": as_of},
            consortiums=options,
            years=years or [today.year],
        )
    return Choice(chosen, institutions, cohort, as_of, form)


class ConsortiumView(LoginRequiredMixin, TemplateView):
    template_name = "graduates/consortium.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        choice = read_choice(self.request)
        table = consortium.build(choice.institutions, choice.cohort, choice.as_of, get_language())
        query = {"consortium": choice.consortium.pk if choice.consortium else "", "cohort": choice.cohort}
        query["as_of"] = choice.as_of.isoformat()
        context.update(
            title=_("Consortium"),
            choice=choice,
            form=choice.form,
            table=table,
            groups=table.groups(),
            legend=consortium.legend(),
            as_of_text=analytics.format_date(choice.as_of),
            export_query=urlencode(query),
        )
        return context


class ConsortiumExportView(LoginRequiredMixin, View):
    """The same table as an XLSX workbook: one sheet, the figures as numbers, suppressed ones as "< 5"."""

    def get(self, request: HttpRequest) -> HttpResponse:
        choice = read_choice(request)
        table = consortium.build(choice.institutions, choice.cohort, choice.as_of, get_language())
        return xlsx_response(workbook(choice, table), _("Consortium {cohort}").format(cohort=choice.cohort))


def workbook(choice: Choice, table: consortium.ConsortiumTable) -> bytes:
    from io import BytesIO

    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Consortium")[:31])
    ws.append([text_cell(ws, str(choice.consortium or ""), bold=True)])
    ws.append(
        [
            text_cell(
                ws,
                _("Cohort {cohort}, status as of {date}").format(
                    cohort=choice.cohort, date=analytics.format_date(choice.as_of)
                ),
            )
        ]
    )
    ws.append([])
    ws.append([text_cell(ws, _("Figure"), bold=True), *(text_cell(ws, c.label, bold=True) for c in table.columns)])
    for group, rows in table.groups():
        ws.append([text_cell(ws, group, bold=True)])
        for row in rows:
            cells: list[Any] = [text_cell(ws, str(row.figure.label))]
            for cell in row.cells:
                if cell.value is None:
                    cells.append(text_cell(ws, cell.text))
                elif row.figure.kind == consortium.RATE:
                    cells.append(number_cell(ws, float(cell.value), "0.0%"))
                elif row.figure.kind == consortium.MONEY:
                    cells.append(number_cell(ws, cell.value, "#,##0 ₸"))
                else:
                    cells.append(number_cell(ws, cell.value, "#,##0"))
            ws.append(cells)
    ws.append([])
    for mark, meaning in consortium.legend():
        ws.append([text_cell(ws, mark), text_cell(ws, meaning)])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()

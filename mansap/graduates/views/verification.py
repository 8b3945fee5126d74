"""Verified employment (#20): the Career Center's reconciliation page, a saved reconciliation (its states, the
graduates of each, recompute, freeze, the discrepancy report), and the departments' discrepancy tasks.

Reconciliations are read by the institution-wide offices (the Career Center computes and freezes them); a
department never sees a whole reconciliation, only its own graduates' tasks (DiscrepancyTask.objects.for_user).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from mansap.common.exports import pdf_response, xlsx_response
from mansap.common.forms import errors_to_form
from mansap.common.views import StaffRequiredMixin, safe_next
from mansap.core.access import CHANGE, VIEW, get_for_user_or_404, institution_for, is_career_center, is_institution_wide
from mansap.core.models import Department, Student
from mansap.graduates.choices import ReconciledState, TaskStatus
from mansap.graduates.forms.verification import AcceptTaskForm, KeepTaskForm, ReconcileForm
from mansap.graduates.models import DiscrepancyTask, Reconciliation, ReconciliationRow
from mansap.graduates.reports import verification as report
from mansap.graduates.services import reconcile as services

PAGE_TITLE = "Reconciliation with official extracts"
LANGUAGE_CODES = ("kk", "ru", "en")


class ReconciliationListView(StaffRequiredMixin, View):
    """Pick a cohort, a date and a department, and reconcile; the reconciliations saved so far."""

    template_name = "graduates/verification/reconciliation_list.html"

    def institution(self) -> Any:
        institution = institution_for(self.request.user, VIEW, or_raise=Http404)
        if not is_institution_wide(self.request.user):
            raise Http404  # a department sees its tasks, never a whole reconciliation
        return institution

    def form(self, institution: Any, data: Any = None) -> ReconcileForm:
        departments = Department.objects.filter(faculty__institution=institution, is_graduating=True).order_by("code")
        initial = {"as_of": timezone.localdate(), "window_required": 5, "window_months": 6}
        cohorts = Student.objects.filter(institution=institution).cohort_years()
        return ReconcileForm(data, cohorts=cohorts, departments=departments, initial=initial)

    def render_page(self, institution: Any, form: ReconcileForm, status: int = 200) -> HttpResponse:
        title = _("Reconciliation with official extracts")
        saved = (
            Reconciliation.objects.for_user(self.request.user)
            .filter(institution=institution)
            .select_related("department", "created_by", "frozen_by")[:50]
        )
        context = {
            "title": title,
            "breadcrumbs": [(title, None)],
            "form": form,
            "reconciliations": saved,
            "can_reconcile": is_career_center(self.request.user, institution),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        institution = self.institution()
        return self.render_page(institution, self.form(institution))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        institution = self.institution()
        if not is_career_center(request.user, institution):
            raise PermissionDenied
        form = self.form(institution, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.reconcile_cohort(
                    institution,
                    data["cohort"],
                    data["as_of"],
                    acting_user=request.user,
                    department=data["department"],
                    months=data["window_months"],
                    required=data["window_required"],
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("The cohort is reconciled; discrepancies went to the departments."))
                return redirect(saved.get_absolute_url())
        return self.render_page(institution, form, status=400)


class ReconciliationDetailView(StaffRequiredMixin, View):
    """A saved reconciliation: the counts per state, the rates, the graduates of a state; recompute and freeze."""

    model = Reconciliation
    queryset = Reconciliation.objects.all()
    template_name = "graduates/verification/reconciliation_detail.html"
    per_page = 50

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        reconciliation: Reconciliation = get_for_user_or_404(Reconciliation, request.user, pk)
        language = get_language()
        state = request.GET.get("state", "")
        if state not in ReconciledState.values:
            state = ""
        rows: QuerySet[ReconciliationRow] = reconciliation.rows.select_related(
            "graduate__program__department"
        ).order_by("graduate__last_name", "graduate__first_name", "pk")
        if state:
            rows = rows.filter(state=state)
        query = (request.GET.get("q") or "").strip()
        if query:
            rows = rows.filter(graduate__last_name__icontains=query) | rows.filter(graduate__iin__startswith=query)
        page = Paginator(rows, self.per_page).get_page(request.GET.get("page"))
        tasks = {
            t.graduate_id: t
            for t in DiscrepancyTask.objects.filter(
                reconciliation=reconciliation, graduate_id__in=[r.graduate_id for r in page.object_list]
            ).only("graduate_id", "status", "reason")
        }
        list_title = _("Reconciliation with official extracts")
        title = _("Cohort {cohort}, as of {date}").format(
            cohort=reconciliation.cohort, date=reconciliation.as_of.strftime("%d.%m.%Y")
        )
        context = {
            "title": title,
            "breadcrumbs": [(list_title, reverse("graduates:reconciliation_list")), (title, None)],
            "reconciliation": reconciliation,
            "state_cards": report.state_cards(reconciliation.figures, language),
            "rate_cards": report.rate_cards(reconciliation.figures, language),
            "state": state,
            "q": query,
            "page": page,
            "rows": [(row, tasks.get(row.graduate_id)) for row in page.object_list],
            "headers": [
                _("Graduate"),
                _("Department"),
                _("Department's status"),
                _("State"),
                _("Official employer"),
                _("Employer's BIN"),
                _("Sustained employment"),
                _("Decision"),
            ],
            "can_change": not reconciliation.is_frozen and is_career_center(request.user, reconciliation.institution),
            "open_tasks": reconciliation.tasks.filter(status=TaskStatus.OPEN).count(),
        }
        return render(request, self.template_name, context)


class ReconciliationActionView(StaffRequiredMixin, View):
    """POST: recompute or freeze (the Career Center; a frozen reconciliation is read-only)."""

    model = Reconciliation
    queryset = Reconciliation.objects.all()
    action = "recompute"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        reconciliation: Reconciliation = get_for_user_or_404(Reconciliation, request.user, pk, CHANGE)
        act = services.freeze if self.action == "freeze" else services.recompute
        try:
            act(reconciliation, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            done = _("The reconciliation is frozen.") if self.action == "freeze" else _("Recomputed.")
            messages.success(request, done)
        return redirect(reconciliation.get_absolute_url())


class DiscrepancyReportView(StaffRequiredMixin, View):
    """The discrepancy report per department (XLSX, in the user's language)."""

    model = Reconciliation
    queryset = Reconciliation.objects.all()

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        reconciliation: Reconciliation = get_for_user_or_404(Reconciliation, request.user, pk)
        content = report.discrepancy_xlsx(reconciliation, reconciliation.rows.all())
        return xlsx_response(content, report.discrepancy_title(reconciliation))


class DiscrepancyPdfView(StaffRequiredMixin, View):
    """The discrepancy report per department as a PDF (?lang= kk, ru or en; else the user's language)."""

    model = Reconciliation
    queryset = Reconciliation.objects.all()

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        reconciliation: Reconciliation = get_for_user_or_404(Reconciliation, request.user, pk)
        language = request.GET.get("lang", "")
        if language not in LANGUAGE_CODES:
            language = get_language() or "kk"
        with translation.override(language):
            read = report.discrepancy_report(reconciliation, reconciliation.rows.all(), language)
            return pdf_response(report.discrepancy_pdf(read, language), report.discrepancy_title(reconciliation))


class TaskListView(StaffRequiredMixin, View):
    """A department's discrepancy tasks (its own graduates only): accept the evidence or keep the record."""

    template_name = "graduates/verification/task_list.html"
    per_page = 50

    def get(self, request: HttpRequest) -> HttpResponse:
        show = request.GET.get("show", "open")
        tasks = (
            DiscrepancyTask.objects.for_user(request.user)
            .select_related("graduate__program__department", "reconciliation", "decided_by")
            .order_by("graduate__last_name", "graduate__first_name", "pk")
        )
        if show != "all":
            tasks = tasks.filter(status=TaskStatus.OPEN)
        page = Paginator(tasks, self.per_page).get_page(request.GET.get("page"))
        title = _("Discrepancies with official extracts")
        rows = [
            (task, AcceptTaskForm(statuses=services.accept_statuses(task), prefix=f"t{task.pk}"))
            for task in page.object_list
        ]
        context = {
            "title": title,
            "breadcrumbs": [(_("Electronic journal"), reverse("graduates:journal")), (title, None)],
            "rows": rows,
            "headers": [_("Graduate"), _("Department's status"), _("Official evidence"), _("Decision")],
            "page": page,
            "show": show,
            "keep_form": KeepTaskForm(),
        }
        return render(request, self.template_name, context)


class TaskDecisionView(StaffRequiredMixin, View):
    """POST: accept the official evidence (a record with the channel "official extract") or keep with a reason."""

    model = DiscrepancyTask
    queryset = DiscrepancyTask.objects.all()
    decision = "accept"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        task: DiscrepancyTask = get_for_user_or_404(DiscrepancyTask, request.user, pk, CHANGE)
        try:
            if self.decision == "accept":
                form: Any = AcceptTaskForm(request.POST, statuses=services.accept_statuses(task), prefix=f"t{task.pk}")
                if not form.is_valid():
                    raise ValidationError(form.errors.get("status") or _("Choose the status to record."))
                services.accept_task(task, acting_user=request.user, status=form.cleaned_data["status"])
                messages.success(
                    request, _("{graduate}: the official evidence is recorded.").format(graduate=task.graduate)
                )
            else:
                form = KeepTaskForm(request.POST)
                reason = form.data.get("reason", "")
                services.keep_task(task, acting_user=request.user, reason=reason)
                messages.success(
                    request, _("{graduate}: the department's record is kept.").format(graduate=task.graduate)
                )
        except ValidationError as error:
            messages.error(request, f"{task.graduate}: {' '.join(error.messages)}")
        return redirect(safe_next(request, reverse("graduates:discrepancy_tasks")))

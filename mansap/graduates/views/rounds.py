"""Pages of collection rounds and form No. 10.

The logic lives in services/rounds.py, services/form10.py, reports/progress.py and
reports/form10.py; these views check who may do what: every staff member sees rounds
(they are institution-wide), the Career Center (institution-wide editors) manages
them, department staff submit their own department's round.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from mansap.common.exports import rows_to_xlsx, xlsx_response
from mansap.common.views import StaffRequiredMixin
from mansap.core.querysets import VIEW
from mansap.core.services.people import user_institution
from mansap.graduates.forms.rounds import CreateRoundsForm, ExtraRoundForm, Form10ColumnForm
from mansap.graduates.forms.selfservice import SendLinksForm
from mansap.graduates.models import CollectionRound, Form10Column
from mansap.graduates.reports import form10
from mansap.graduates.reports import progress as reports_progress
from mansap.graduates.services import form10 as services_form10
from mansap.graduates.services import rounds


def get_round(request: HttpRequest, pk: int) -> CollectionRound:
    queryset = CollectionRound.objects.for_user(request.user, VIEW).with_list_related()
    return get_object_or_404(queryset, pk=pk)


def rounds_crumb() -> tuple[str, str]:
    return (_("Collection rounds"), reverse("graduates:collectionround_list"))


class RoundManagerMixin(StaffRequiredMixin):
    """Pages and actions of the Career Center (institution-wide editors); others get 403."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not rounds.can_manage_rounds(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


#
# Rounds list and creation
#
def _list_context(request: HttpRequest, **forms: Any) -> dict[str, Any]:
    user = request.user
    manager = rounds.can_manage_rounds(user)
    context: dict[str, Any] = {
        "title": _("Collection rounds"),
        "breadcrumbs": [(_("Collection rounds"), None)],
        "rounds": CollectionRound.objects.for_user(user, VIEW)
        .with_list_related()
        .annotate(submission_count=Count("submissions"))
        .order_by("-academic_year__start_year", "-cohort", "number"),
        "can_manage": manager,
        "today": timezone.localdate(),
    }
    if manager:
        institution = user_institution(user)
        current = reports_progress.current_academic_year(institution) if institution else None
        context["create_form"] = forms.get("create_form") or CreateRoundsForm(
            institution=institution, current=current, prefix="create"
        )
        context["extra_form"] = forms.get("extra_form") or ExtraRoundForm(
            institution=institution, current=current, prefix="extra"
        )
        context["current_year"] = current
        context["show_extra"] = "extra_form" in forms
    return context


class RoundListView(StaffRequiredMixin, TemplateView):
    template_name = "graduates/round_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **_list_context(self.request)}


class RoundCreateView(RoundManagerMixin, View):
    """Creates the calendar's rounds of an academic year for a cohort."""

    def post(self, request: HttpRequest) -> HttpResponse:
        institution = user_institution(request.user)
        form = CreateRoundsForm(request.POST, institution=institution, prefix="create")
        if not form.is_valid():
            return render(request, "graduates/round_list.html", _list_context(request, create_form=form), status=400)
        year, cohort = form.cleaned_data["academic_year"], form.cleaned_data["cohort"]
        created = rounds.create_rounds(year, cohort=cohort, acting_user=request.user)
        if created:
            messages.success(
                request,
                _("Created {count} rounds of {year} for the cohort {cohort}.").format(
                    count=len(created), year=year.name, cohort=cohort
                ),
            )
        else:
            messages.info(
                request,
                _("The rounds of {year} for the cohort {cohort} already exist.").format(year=year, cohort=cohort),
            )
        return HttpResponseRedirect(reverse("graduates:collectionround_list"))


class ExtraRoundCreateView(RoundManagerMixin, View):
    """Creates one extra round (a checkpoint) with its own deadline."""

    def post(self, request: HttpRequest) -> HttpResponse:
        institution = user_institution(request.user)
        form = ExtraRoundForm(request.POST, institution=institution, prefix="extra")
        if form.is_valid():
            data = form.cleaned_data
            try:
                round_ = rounds.create_extra_round(
                    data["academic_year"],
                    cohort=data["cohort"],
                    deadline=data["deadline"],
                    opens_on=data["opens_on"],
                    platonus_deadline=data["platonus_deadline"],
                    number=data["number"],
                    label=data["label"],
                    acting_user=request.user,
                )
            except ValidationError as exc:
                errors = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
                for field, found in errors.items():
                    form.add_error(field if field in form.fields else None, found)
            else:
                messages.success(request, _("Created {round}.").format(round=round_))
                return HttpResponseRedirect(round_.get_absolute_url())
        return render(request, "graduates/round_list.html", _list_context(request, extra_form=form), status=400)


#
# One round: progress, department view, actions
#
class RoundDetailView(StaffRequiredMixin, TemplateView):
    template_name = "graduates/round_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        round_ = get_round(self.request, kwargs["pk"])
        progress = reports_progress.department_progress(round_, user)
        writable = reports_progress.writable_department_ids(user)
        # Department staff submit from the table; the Career Center can do it on their behalf from a department's page.
        on_behalf = rounds.is_institution_wide(user)
        reminded = reports_progress.last_reminders(round_, [row.department.pk for row in progress]) if progress else {}
        for row in progress:
            row.last_reminder = reminded.get(row.department.pk)
            row.can_submit = (
                not on_behalf and row.department.pk in writable and not row.submitted and not round_.is_closed
            )
        context.update(
            round=round_,
            title=str(round_),
            breadcrumbs=[rounds_crumb(), (str(round_), None)],
            progress=progress,
            totals=reports_progress.progress_totals(progress),
            can_manage=rounds.can_manage_rounds(user),
            can_send_links=bool(writable) or rounds.can_manage_rounds(user),
            days=round_.days_to_deadline(),
            overdue_days=-round_.days_to_deadline(),
            today=timezone.localdate(),
            send_form=SendLinksForm(),
        )
        return context


class RoundDepartmentView(StaffRequiredMixin, TemplateView):
    """A department's view of a round: who is still missing an update, and the submit button."""

    template_name = "graduates/round_department.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        round_ = get_round(self.request, kwargs["pk"])
        department = get_object_or_404(reports_progress.departments_for(user, VIEW), pk=kwargs["department_pk"])
        graduates = reports_progress.round_graduates(round_, user).filter(program__department=department)
        missing = list(reports_progress.missing_graduates(round_, department, user))
        total = graduates.count()
        submission = round_.submissions.filter(department=department).select_related("submitted_by").first()
        can_change = department.pk in reports_progress.writable_department_ids(user)
        context.update(
            round=round_,
            department=department,
            title=_("{department}: {round}").format(department=department, round=round_),
            breadcrumbs=[rounds_crumb(), (str(round_), round_.get_absolute_url()), (str(department), None)],
            missing=missing,
            total=total,
            updated=total - len(missing),
            percent=round(100 * (total - len(missing)) / total) if total else None,
            submission=submission,
            can_submit=can_change and submission is None and not round_.is_closed,
            can_change=can_change,
            days=round_.days_to_deadline(),
            overdue=round_.days_to_deadline() < 0 and submission is None,
            send_form=SendLinksForm(),
            journal_url=_try_reverse("graduates:graduate_detail"),
        )
        return context


def _try_reverse(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name, args=[0])
    except NoReverseMatch:
        return False
    return True


class RoundSubmitView(StaffRequiredMixin, View):
    """A department submits the round: a read-only member gets 403, another department 404."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        round_ = get_round(request, pk)
        department_id = request.POST.get("department") or ""
        if not department_id.isdigit():
            writable = reports_progress.writable_department_ids(request.user)
            if len(writable) != 1:
                raise Http404
            department_id = str(next(iter(writable)))
        department = get_object_or_404(reports_progress.departments_for(request.user, VIEW), pk=int(department_id))
        if department.pk not in reports_progress.writable_department_ids(request.user):
            raise PermissionDenied
        try:
            rounds.submit_round(round_, department, acting_user=request.user, note=request.POST.get("note", "")[:2000])
        except ValidationError as exc:
            messages.warning(request, " ".join(exc.messages))
        else:
            messages.success(request, _("{department} submitted {round}.").format(department=department, round=round_))
        return HttpResponseRedirect(reverse("graduates:round_department", args=[round_.pk, department.pk]))


class _RoundActionView(RoundManagerMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        round_ = get_round(request, pk)
        self.act(request, round_)
        return HttpResponseRedirect(round_.get_absolute_url())

    def act(self, request: HttpRequest, round_: CollectionRound) -> None:
        raise NotImplementedError


class RoundCloseView(_RoundActionView):
    def act(self, request: HttpRequest, round_: CollectionRound) -> None:
        rounds.close_round(round_, acting_user=request.user)
        messages.success(request, _("{round} is closed.").format(round=round_))


class RoundReopenView(_RoundActionView):
    def act(self, request: HttpRequest, round_: CollectionRound) -> None:
        rounds.reopen_round(round_, acting_user=request.user)
        messages.success(request, _("{round} is open again.").format(round=round_))


class RoundRemindView(_RoundActionView):
    def act(self, request: HttpRequest, round_: CollectionRound) -> None:
        if round_.is_closed:
            messages.warning(request, _("The round is closed: no reminders were sent."))
            return
        count = rounds.send_reminders(round_, site_url=request.build_absolute_uri("/"))
        messages.success(request, _("Reminders sent: {count}.").format(count=count))


class RoundPlatonusView(_RoundActionView):
    """Records that the round was registered in AIS Platonus (by whom, when)."""

    def act(self, request: HttpRequest, round_: CollectionRound) -> None:
        if not rounds.register_in_platonus(round_, acting_user=request.user):
            messages.info(request, _("The registration in Platonus was already recorded."))
        elif round_.platonus_registered_late:
            messages.warning(
                request,
                _("Registered in Platonus after the deadline of {date}.").format(
                    date=round_.platonus_deadline.strftime("%d.%m.%Y")
                ),
            )
        else:
            messages.success(request, _("The registration in Platonus is recorded."))


#
# Form No. 10
#
class Form10ExportView(StaffRequiredMixin, View):
    """Form No. 10 of a round as XLSX: the user's graduates of the cohort, status as of the deadline."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        round_ = get_round(request, pk)
        header, rows = form10.form10_table(round_, request.user)
        return xlsx_response(rows_to_xlsx(_("Form No. 10"), header, rows), form10.export_filename(round_))


class Form10ColumnsView(RoundManagerMixin, TemplateView):
    """The column layout of form No. 10: add, change, remove and reorder columns."""

    template_name = "graduates/form10_columns.html"

    def institution(self) -> Any:
        institution = user_institution(self.request.user)
        if institution is None:
            raise Http404
        return institution

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        columns = services_form10.ensure_default_form10(self.institution())
        bound = kwargs.get("bound")
        context.update(
            title=_("Form No. 10: columns"),
            breadcrumbs=[rounds_crumb(), (_("Form No. 10: columns"), None)],
            rows=[(c, bound if bound is not None and bound.instance.pk == c.pk else self.row_form(c)) for c in columns],
            add_form=kwargs.get("add_form") or Form10ColumnForm(prefix="new"),
        )
        return context

    @staticmethod
    def row_form(column: Form10Column, data: Any = None) -> Form10ColumnForm:
        return Form10ColumnForm(data, instance=column, prefix=f"c{column.pk}", form_id=f"col-{column.pk}")

    def post(self, request: HttpRequest) -> HttpResponse:
        institution = self.institution()
        columns = Form10Column.objects.filter(institution=institution)
        action = request.POST.get("action", "")
        url = reverse("graduates:form10_columns")
        if action == "add":
            form = Form10ColumnForm(request.POST, prefix="new")
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(add_form=form), status=400)
            column = form.save(commit=False)
            column.institution = institution
            column.position = (columns.order_by("-position").values_list("position", flat=True).first() or 0) + 1
            column.save()
            messages.success(request, _("Column added."))
            return HttpResponseRedirect(url)
        column = get_object_or_404(columns, pk=request.POST.get("column") or 0)
        if action == "save":
            form = self.row_form(column, request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(bound=form), status=400)
            form.save()
            messages.success(request, _("Column saved."))
        elif action == "delete":
            column.delete()
            services_form10.renumber(institution)
            messages.success(request, _("Column removed."))
        elif action in {"up", "down"}:
            services_form10.move_column(column, -1 if action == "up" else 1)
        return HttpResponseRedirect(url)

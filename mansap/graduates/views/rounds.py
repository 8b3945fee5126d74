"""Pages of collection rounds and form No. 10.

The logic lives in services/rounds.py, services/form10.py, reports/progress.py and
reports/form10.py; these views check who may do what: every staff member sees rounds
(they are institution-wide: CollectionRound's scope), the Career Center (institution-wide
editors, core.access.can_manage_rounds) manages them, department staff submit their own
department's round.

Every page about a round is a Scoped* view: the round comes through its scoped queryset
(another institution's round is a 404).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from mansap.common.exports import rows_to_xlsx, xlsx_response
from mansap.common.forms import errors_to_form
from mansap.common.params import parse_id
from mansap.common.views import ScopedActionView, ScopedMixin, StaffRequiredMixin
from mansap.core.access import VIEW, can_manage_rounds, institution_for, is_institution_wide
from mansap.core.models import Department, Institution
from mansap.graduates.forms.rounds import CreateRoundsForm, ExtraRoundForm, Form10ColumnForm, RoundRuleForm
from mansap.graduates.forms.selfservice import SendLinksForm
from mansap.graduates.models import CollectionRound, Form10Column, RoundRule, RoundSubmission
from mansap.graduates.reports import form10
from mansap.graduates.reports import progress as reports_progress
from mansap.graduates.services import form10 as services_form10
from mansap.graduates.services import rounds
from mansap.graduates.services import selfservice as services_selfservice

ROUNDS = CollectionRound.objects.with_list_related()


def rounds_crumb() -> tuple[str, str]:
    return (_("Collection rounds"), reverse("graduates:collectionround_list"))


class RoundManagerMixin(StaffRequiredMixin):
    """Pages and actions of the Career Center (core.access.can_manage_rounds); others get 403.

    A role rule, not a scope: it is checked before any round is looked up, so a non-manager gets 403
    whichever round the URL names.
    """

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not can_manage_rounds(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


#
# Rounds list and creation
#
class RoundListView(ScopedMixin, TemplateView):
    """The rounds every staff member sees; the Career Center also gets the forms that create them."""

    queryset = ROUNDS
    template_name = "graduates/round_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        manager = can_manage_rounds(user)
        context.update(
            title=_("Collection rounds"),
            breadcrumbs=[(_("Collection rounds"), None)],
            rounds=self.get_queryset()
            .annotate(submission_count=Count("submissions"))
            .order_by("-academic_year__start_year", "-cohort", "number"),
            can_manage=manager,
            today=timezone.localdate(),
        )
        if manager:
            institution = institution_for(user)
            current = reports_progress.current_academic_year(institution) if institution else None
            # A form sent back with its errors (kwargs) is shown instead of a new one.
            context["create_form"] = kwargs.get("create_form") or CreateRoundsForm(
                institution=institution, current=current, prefix="create"
            )
            context["extra_form"] = kwargs.get("extra_form") or ExtraRoundForm(
                institution=institution, current=current, prefix="extra"
            )
            context["current_year"] = current
            context["show_extra"] = "extra_form" in kwargs
        return context


class RoundCreateView(RoundManagerMixin, RoundListView):
    """Creates the calendar's rounds of an academic year for a cohort (invalid: the list with the form's errors)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = CreateRoundsForm(request.POST, institution=institution_for(request.user), prefix="create")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(create_form=form), status=400)
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


class ExtraRoundCreateView(RoundManagerMixin, RoundListView):
    """Creates one extra round (a checkpoint) with its own deadline."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ExtraRoundForm(request.POST, institution=institution_for(request.user), prefix="extra")
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
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Created {round}.").format(round=round_))
                return HttpResponseRedirect(round_.get_absolute_url())
        return self.render_to_response(self.get_context_data(extra_form=form), status=400)


#
# One round: progress, department view, actions
#
class RoundDetailView(ScopedMixin, DetailView):
    """A round's progress per department, with the Career Center's actions and the departments' submit buttons."""

    queryset = ROUNDS
    template_name = "graduates/round_detail.html"
    context_object_name = "round"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        round_: CollectionRound = self.object
        progress = reports_progress.department_progress(round_, user)
        writable = reports_progress.writable_department_ids(user)
        # Department staff submit from the table; the Career Center can do it on their behalf from a department's page.
        on_behalf = is_institution_wide(user)
        reminded = reports_progress.last_reminders(round_, [row.department.pk for row in progress]) if progress else {}
        locked = services_selfservice.locked_links_by_department(round_, reports_progress.round_graduates(round_, user))
        for row in progress:
            row.last_reminder = reminded.get(row.department.pk)
            row.locked_links = locked.get(row.department.pk, 0)
            row.can_submit = (
                not on_behalf and row.department.pk in writable and not row.submitted and not round_.is_closed
            )
        manager = can_manage_rounds(user)
        context.update(
            title=str(round_),
            breadcrumbs=[rounds_crumb(), (str(round_), None)],
            progress=progress,
            totals=reports_progress.progress_totals(progress),
            can_manage=manager,
            can_send_links=bool(writable) or manager,
            days=round_.days_to_deadline(),
            overdue_days=-round_.days_to_deadline(),
            today=timezone.localdate(),
            send_form=SendLinksForm(),
        )
        return context


class RoundDepartmentView(ScopedMixin, DetailView):
    """A department's view of a round: who is still missing an update, and the submit button."""

    queryset = ROUNDS
    template_name = "graduates/round_department.html"
    context_object_name = "round"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        round_: CollectionRound = self.object
        # The departments whose graduates the user may see (core's scope of people); another is a 404.
        department = get_object_or_404(Department.objects.with_people_for(user, VIEW), pk=self.kwargs["department_pk"])
        graduates = reports_progress.round_graduates(round_, user).filter(program__department=department)
        missing = list(reports_progress.missing_graduates(round_, department, user))
        # Graduates whose self-service link is locked (too many wrong IIN digits): the department sends a new one.
        locked = services_selfservice.locked_links(round_, graduates)
        for graduate in missing:
            graduate.locked_link = locked.get(graduate.pk)  # type: ignore[attr-defined]
        total = graduates.count()
        submission = round_.submissions.filter(department=department).select_related("submitted_by").first()
        can_change = department.pk in reports_progress.writable_department_ids(user)
        context.update(
            department=department,
            title=_("{department}: {round}").format(department=department, round=round_),
            breadcrumbs=[rounds_crumb(), (str(round_), round_.get_absolute_url()), (str(department), None)],
            missing=missing,
            locked_count=len([graduate for graduate in missing if graduate.pk in locked]),
            total=total,
            updated=total - len(missing),
            percent=round(100 * (total - len(missing)) / total) if total else None,
            submission=submission,
            can_submit=can_change and submission is None and not round_.is_closed,
            can_change=can_change,
            days=round_.days_to_deadline(),
            overdue=round_.days_to_deadline() < 0 and submission is None,
            send_form=SendLinksForm(),
            journal_url=_graduate_page_exists(),
        )
        return context


def _graduate_page_exists() -> bool:
    try:
        reverse("graduates:graduate_detail", args=[0])
    except NoReverseMatch:
        return False
    return True


class RoundSubmitView(ScopedActionView):
    """A department submits the round: a read-only member gets 403, another department 404.

    The round is fetched to view (rounds are institution-wide); whether the user may submit is a matter
    of the department, decided in act(): the one posted, or the user's only writable one.
    """

    queryset = ROUNDS
    action = VIEW
    error_level = messages.WARNING
    department: Department

    def act(self, obj: CollectionRound) -> RoundSubmission:
        self.department = self.department_to_submit()
        return rounds.submit_round(
            obj, self.department, acting_user=self.request.user, note=self.request.POST.get("note", "")[:2000]
        )

    def department_to_submit(self) -> Department:
        user = self.request.user
        department_id = parse_id(self.request.POST.get("department"))
        if department_id is None:
            writable = reports_progress.writable_department_ids(user)
            if len(writable) != 1:
                raise Http404
            department_id = next(iter(writable))
        department = get_object_or_404(Department.objects.with_people_for(user, VIEW), pk=department_id)
        if department.pk not in reports_progress.writable_department_ids(user):
            raise PermissionDenied  # sees the department's graduates, may not change them
        return department

    def get_success_message(self, obj: CollectionRound, result: RoundSubmission) -> str:
        return _("{department} submitted {round}.").format(department=self.department, round=obj)

    def get_success_url(self, obj: CollectionRound) -> str:
        return reverse("graduates:round_department", args=[obj.pk, self.department.pk])


class _RoundActionView(RoundManagerMixin, ScopedActionView):
    """A Career Center action on a round. The role is checked first (RoundManagerMixin); the round is then
    fetched to view, as every round the manager sees is theirs to manage."""

    queryset = ROUNDS
    action = VIEW


class RoundCloseView(_RoundActionView):
    def act(self, obj: CollectionRound) -> CollectionRound:
        rounds.close_round(obj, acting_user=self.request.user)
        messages.success(self.request, _("{round} is closed.").format(round=obj))
        return obj


class RoundReopenView(_RoundActionView):
    def act(self, obj: CollectionRound) -> CollectionRound:
        rounds.reopen_round(obj, acting_user=self.request.user)
        messages.success(self.request, _("{round} is open again.").format(round=obj))
        return obj


class RoundRemindView(_RoundActionView):
    def act(self, obj: CollectionRound) -> int:
        if obj.is_closed:
            messages.warning(self.request, _("The round is closed: no reminders were sent."))
            return 0
        # The links in the e-mails start with this site's address as the manager sees it.
        count = rounds.send_reminders(obj, site_url=self.request.build_absolute_uri("/"))
        messages.success(self.request, _("Reminders sent: {count}.").format(count=count))
        return count


class RoundPlatonusView(_RoundActionView):
    """Records that the round was registered in AIS Platonus (by whom, when)."""

    def act(self, obj: CollectionRound) -> bool:
        recorded = rounds.register_in_platonus(obj, acting_user=self.request.user)
        if not recorded:
            messages.info(self.request, _("The registration in Platonus was already recorded."))
        elif obj.platonus_registered_late and obj.platonus_deadline is not None:
            messages.warning(
                self.request,
                _("Registered in Platonus after the deadline of {date}.").format(
                    date=obj.platonus_deadline.strftime("%d.%m.%Y")
                ),
            )
        else:
            messages.success(self.request, _("The registration in Platonus is recorded."))
        return recorded


#
# Form No. 10
#
class Form10ExportView(ScopedMixin, SingleObjectMixin, View):
    """Form No. 10 of a round as XLSX: the user's graduates of the cohort, status as of the deadline."""

    queryset = ROUNDS

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        round_ = self.get_object()
        header, rows = form10.form10_table(round_, request.user, empty=None)
        return xlsx_response(rows_to_xlsx(_("Form No. 10"), header, rows), form10.export_filename(round_))


class Form10ColumnsView(RoundManagerMixin, TemplateView):
    """The column layout of form No. 10: add, change, remove and reorder columns.

    Not a scoped object page: the layout is a setting of the manager's institution (institution_for), and
    its columns are looked up within that institution only.
    """

    template_name = "graduates/form10_columns.html"

    def institution(self) -> Institution:
        return institution_for(self.request.user, or_raise=Http404)

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

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        institution = self.institution()
        action = request.POST.get("action", "")
        url = reverse("graduates:form10_columns")
        if action == "add":
            form = Form10ColumnForm(request.POST, prefix="new")
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(add_form=form), status=400)
            services_form10.add_form10_column(institution, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Column added."))
            return HttpResponseRedirect(url)
        column = get_object_or_404(
            Form10Column.objects.filter(institution=institution), pk=request.POST.get("column") or 0
        )
        if action == "save":
            form = self.row_form(column, request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(bound=form), status=400)
            services_form10.change_form10_column(column, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Column saved."))
        elif action == "delete":
            services_form10.remove_form10_column(column, acting_user=request.user)
            messages.success(request, _("Column removed."))
        elif action in {"up", "down"}:
            services_form10.move_column(column, -1 if action == "up" else 1, acting_user=request.user)
        return HttpResponseRedirect(url)


class RoundCalendarView(RoundManagerMixin, TemplateView):
    """The round calendar: each round's collection deadline and Platonus deadline (000 §8.1, §8.5).

    Not a scoped object page: the calendar is a setting of the manager's institution (institution_for), and
    its rules are looked up within that institution only. Each row is a form of its own (save one at a time).
    """

    template_name = "graduates/round_calendar.html"

    def institution(self) -> Institution:
        return institution_for(self.request.user, or_raise=Http404)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        bound: RoundRuleForm | None = kwargs.get("bound")
        year = reports_progress.current_academic_year(self.institution())
        rows = []
        for rule in rounds.ensure_default_rules(self.institution()):
            form = bound if bound is not None and bound.instance.pk == rule.pk else self.row_form(rule)
            rows.append((rule, form, rounds.deadlines_for(rule, year) if year else None))
        title = _("Round calendar")
        context.update(title=title, breadcrumbs=[rounds_crumb(), (title, None)], rows=rows, year=year)
        return context

    @staticmethod
    def row_form(rule: RoundRule, data: Any = None) -> RoundRuleForm:
        return RoundRuleForm(data, instance=rule, prefix=f"r{rule.pk}", form_id=f"rule-{rule.pk}")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        rules = RoundRule.objects.filter(institution=self.institution())
        rule = get_object_or_404(rules, pk=request.POST.get("rule") or 0)
        form = self.row_form(rule, request.POST)
        if form.is_valid():
            try:
                rounds.change_round_rule(rule, acting_user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("{rule}: the calendar is saved.").format(rule=rule))
                return HttpResponseRedirect(reverse("graduates:round_calendar"))
        return self.render_to_response(self.get_context_data(bound=form), status=400)

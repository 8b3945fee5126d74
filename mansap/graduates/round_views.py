"""Pages of collection rounds, form No. 10 and the graduates' self-service links.

The logic lives in rounds.py, form10.py and selfservice.py; these views check
who may do what: every staff member sees rounds (they are institution-wide),
the Career Center (institution-wide editors) manages them, department staff
submit their own department's round.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from mansap.common.exports import rows_to_xlsx, xlsx_response
from mansap.common.links import private_link_response, use_link_language
from mansap.common.views import StaffRequiredMixin
from mansap.core.querysets import CHANGE, VIEW
from mansap.graduates import form10, rounds, selfservice
from mansap.graduates.models import CollectionRound, EmploymentRecord, Form10Column
from mansap.graduates.round_forms import (
    CreateRoundsForm,
    ExtraRoundForm,
    Form10ColumnForm,
    SelfReportForm,
    SendLinksForm,
)


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
        institution = rounds.user_institution(user)
        current = rounds.current_academic_year(institution) if institution else None
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
        institution = rounds.user_institution(request.user)
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
        institution = rounds.user_institution(request.user)
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
        progress = rounds.department_progress(round_, user)
        writable = rounds.writable_department_ids(user)
        # Department staff submit from the table; the Career Center can do it on their behalf from a department's page.
        on_behalf = rounds.is_institution_wide(user)
        reminded = rounds.last_reminders(round_, [row.department.pk for row in progress]) if progress else {}
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
            totals=rounds.progress_totals(progress),
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
        department = get_object_or_404(rounds.departments_for(user, VIEW), pk=kwargs["department_pk"])
        graduates = rounds.round_graduates(round_, user).filter(program__department=department)
        missing = list(rounds.missing_graduates(round_, department, user))
        total = graduates.count()
        submission = round_.submissions.filter(department=department).select_related("submitted_by").first()
        can_change = department.pk in rounds.writable_department_ids(user)
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
            writable = rounds.writable_department_ids(request.user)
            if len(writable) != 1:
                raise Http404
            department_id = str(next(iter(writable)))
        department = get_object_or_404(rounds.departments_for(request.user, VIEW), pk=int(department_id))
        if department.pk not in rounds.writable_department_ids(request.user):
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
        institution = rounds.user_institution(self.request.user)
        if institution is None:
            raise Http404
        return institution

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        columns = form10.ensure_default_form10(self.institution())
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
            form10.renumber(institution)
            messages.success(request, _("Column removed."))
        elif action in {"up", "down"}:
            form10.move_column(column, -1 if action == "up" else 1)
        return HttpResponseRedirect(url)


#
# Self-service links
#
class SendLinksView(StaffRequiredMixin, View):
    """E-mails self-service links to the round's graduates the user may change (with an e-mail)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        round_ = get_round(request, pk)
        if not (rounds.can_manage_rounds(request.user) or rounds.writable_department_ids(request.user)):
            raise PermissionDenied
        back = request.POST.get("next") or round_.get_absolute_url()
        if not back.startswith("/") or back.startswith("//"):
            back = round_.get_absolute_url()
        form = SendLinksForm(request.POST)
        if round_.is_closed:
            messages.warning(request, _("The round is closed: no links were sent."))
            return HttpResponseRedirect(back)
        if not form.is_valid():
            messages.error(request, _("Choose the language of the e-mails."))
            return HttpResponseRedirect(back)
        graduates = rounds.round_graduates(round_, request.user, CHANGE)
        department = request.POST.get("department") or ""
        if department.isdigit():
            graduates = graduates.filter(program__department_id=int(department))
        if form.cleaned_data["only_missing"]:
            graduates = graduates.exclude(rounds.updated_condition(round_))
        sent, without = selfservice.send_links(
            round_,
            graduates,
            language=form.chosen_language(),
            fallback=translation.get_language(),
            site_url=request.build_absolute_uri("/"),
        )
        messages.success(
            request,
            _("Self-service links sent: {sent}. Graduates without an e-mail: {without}.").format(
                sent=sent, without=without
            ),
        )
        return HttpResponseRedirect(back)


class SelfServiceQRView(StaffRequiredMixin, View):
    """A graduate's self-service link as a QR code (PNG, or SVG with ?format=svg), to print."""

    def get(self, request: HttpRequest, pk: int, graduate_pk: int) -> HttpResponse:
        round_ = get_round(request, pk)
        graduate = get_object_or_404(rounds.round_graduates(round_, request.user, VIEW), pk=graduate_pk)
        if not rounds.round_graduates(round_, request.user, CHANGE).filter(pk=graduate.pk).exists():
            raise PermissionDenied
        language = request.GET.get("lang", "")
        if language not in selfservice.LANGUAGE_CODES:  # by default the graduate's own language
            language = graduate.preferred_language(translation.get_language())
        url = request.build_absolute_uri(selfservice.link_path(graduate, round_, language))
        fmt = "svg" if request.GET.get("format") == "svg" else "png"
        content, content_type = selfservice.qr_image(url, fmt)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'inline; filename="mansap-qr-{graduate.pk}-{round_.pk}.{fmt}"'
        response["Cache-Control"] = "private, no-store"
        return response


ERROR_STATUS = {"invalid": 400, "expired": 410, "closed": 410}


@method_decorator(never_cache, name="dispatch")
class SelfServiceView(View):
    """The graduate's page (no login): confirm or update their situation and contacts."""

    template_name = "graduates/selfservice_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.link = selfservice.read_token(kwargs["token"])
        except selfservice.TokenError as exc:
            self.use_language(request, exc.language)
            response = render(
                request,
                "graduates/selfservice_error.html",
                {"reason": exc.reason, "title": _("The link does not work")},
                status=ERROR_STATUS[exc.reason],
            )
            return self.private(response)
        self.use_language(request, self.link.language)
        if not selfservice.is_verified(request.session, self.link):
            return self.private(self.verify(request, kwargs["token"]))
        return self.private(super().dispatch(request, *args, **kwargs))

    def verify(self, request: HttpRequest, token: str) -> HttpResponse:
        """The IIN check that comes before anything personal; on success, back to the page itself."""
        form = selfservice.IINCheckForm(request.POST if "iin_last4" in request.POST else None)
        status, locked = 200, selfservice.locked_seconds(self.link)
        if locked:
            status = 429
        elif form.is_bound:
            status = 400
            if form.is_valid():
                result = selfservice.check_iin_digits(request.session, self.link, form.cleaned_data["iin_last4"])
                if result.ok:
                    return HttpResponseRedirect(reverse("graduates:selfservice", args=[token]))
                if result.locked_seconds:
                    status, locked = 429, result.locked_seconds
                else:
                    form.add_error(
                        "iin_last4",
                        _("These digits do not match our records. Attempts left: {count}.").format(
                            count=result.attempts_left
                        ),
                    )
        elif request.method == "POST":
            status = 403  # an answer sent from a page opened in another session: check again first
        context = {
            "form": form,
            "round": self.link.round,
            "locked_minutes": -(-locked // 60) if locked else 0,
            "title": _("Confirm it is you"),
        }
        return render(request, "graduates/selfservice_verify.html", context, status=status)

    use_language = staticmethod(use_link_language)
    private = staticmethod(private_link_response)

    def initial(self) -> dict[str, Any]:
        """The pending answer of this round, else the current record and the contacts on file."""
        graduate = self.link.graduate
        pending = selfservice.pending_report(graduate, self.link.round)
        if pending is not None:
            return {name: getattr(pending, name) for name in SelfReportForm._meta.fields}
        initial: dict[str, Any] = {"email": graduate.email, "phone": graduate.phone}
        record = EmploymentRecord.objects.filter(graduate=graduate, ended_on__isnull=True).first()
        if record is not None:
            initial.update(
                status=record.status,
                employer_name=record.employer_display,
                employer_bin=record.employer_bin,
                position=record.position,
                region=record.region,
                started_on=record.started_on,
            )
        return initial

    def render_form(self, request: HttpRequest, form: SelfReportForm, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "graduate": self.link.graduate,
            "round": self.link.round,
            "pending": selfservice.pending_report(self.link.graduate, self.link.round),
            "title": _("Your career after graduation"),
            "saved": request.GET.get("saved"),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        if request.GET.get("saved"):
            return render(
                request,
                "graduates/selfservice_done.html",
                {
                    "graduate": self.link.graduate,
                    "round": self.link.round,
                    "replaced": request.GET.get("saved") == "replaced",
                    "title": _("Thank you"),
                    "again_url": reverse("graduates:selfservice", args=[token]),
                },
            )
        return self.render_form(request, SelfReportForm(initial=self.initial()))

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        form = SelfReportForm(request.POST)
        if not form.is_valid():
            return self.render_form(request, form, status=400)
        fields = {name: form.cleaned_data.get(name) for name in SelfReportForm._meta.fields}
        fields = {k: ("" if v is None and k != "salary" and k != "started_on" else v) for k, v in fields.items()}
        _report, replaced = selfservice.save_self_report(self.link, fields)
        url = reverse("graduates:selfservice", args=[token])
        return HttpResponseRedirect(f"{url}?saved={'replaced' if replaced else 'new'}")

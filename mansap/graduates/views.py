"""Pages of the electronic journal and of a graduate's employment history.

Scoping works as everywhere: a graduate outside the user's view scope answers 404,
a write the user may only see answers 403. Every state change goes through
mansap.graduates.services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView

from mansap.common.views import ObjectHistoryView, ScopedListView, StaffRequiredMixin, user_can_change
from mansap.core.choices import Funding
from mansap.core.models import Student
from mansap.core.querysets import VIEW, can_create
from mansap.graduates import filtersets, forms, services, tables
from mansap.graduates.choices import SelfReportStatus
from mansap.graduates.evidence import read_head, sniff_content_type
from mansap.graduates.journal import current_round, graduate_cohorts, journal_rows
from mansap.graduates.models import (
    AssistanceAction,
    CollectionRound,
    ContactAttempt,
    EmploymentRecord,
    GrantObligation,
    SelfReport,
)

JOURNAL_TITLE = gettext_lazy("Electronic journal")
# The student fields behind the journal export's columns (name, IIN, program); the rest are annotations.
JOURNAL_EXPORT_FIELDS = (
    "last_name",
    "first_name",
    "middle_name",
    "iin",
    "program__code",
    "program__name_kk",
    "program__name_ru",
    "program__name_en",
    "program__department_id",
)


def _form_errors_to(form: Any, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form (on the field it names, when the form has it)."""
    errors = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
    for field, found in errors.items():
        form.add_error(field if field in form.fields else None, found)


def open_round_for(graduate: Student) -> CollectionRound | None:
    """The round a record entered today belongs to: an open round of the graduate's cohort running today."""
    today = timezone.localdate()
    return (
        CollectionRound.objects.filter(
            institution_id=graduate.institution_id,
            cohort=graduate.cohort,
            closed_at__isnull=True,
            opens_on__lte=today,
            deadline__gte=today,
        )
        .order_by("deadline")
        .first()
    )


#
# The electronic journal
#
class JournalView(ScopedListView):
    """A cohort's graduates with their current status; each row records a new status in place (htmx)."""

    queryset = Student.objects.graduates()
    filterset_class = filtersets.JournalFilterSet
    table_class = tables.JournalTable
    template_name = "graduates/journal.html"
    export_exclude = ("record",)
    table_pagination = {"per_page": 50}

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self._cohorts: list[int] | None = None
        self._round: Any = ...

    @property
    def export_name(self) -> str:  # type: ignore[override]
        return _("Journal {cohort}").format(cohort=self.cohort() or "")

    def cohorts(self) -> list[int]:
        if self._cohorts is None:
            self._cohorts = graduate_cohorts(self.request.user)
        return self._cohorts

    def cohort(self) -> int | None:
        """The cohort asked for, else the most recent cohort with graduates in scope."""
        asked = self.request.GET.get("cohort", "")
        if asked.isdigit():
            return int(asked)
        return self.cohorts()[0] if self.cohorts() else None

    def collection_round(self) -> CollectionRound | None:
        if self._round is ...:
            self._round = current_round(self.request.user, self.cohort())
        return self._round

    def get_queryset(self) -> QuerySet[Any]:
        rows = journal_rows(self.request.user, self.collection_round())
        if self.request.GET.get("export") == "xlsx":
            # Only what the exported columns show: loading every student field of thousands of
            # rows was about a fifth of the export's time (bench/bench_journal.py).
            rows = rows.only(*JOURNAL_EXPORT_FIELDS)
        return rows

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = self.request.GET.copy()
        cohort = self.cohort()
        if "cohort" not in data and cohort is not None:
            data["cohort"] = str(cohort)
        kwargs["data"] = data
        cohorts = self.cohorts()
        kwargs["cohorts"] = cohorts if cohort is None or cohort in cohorts else [*cohorts, cohort]
        kwargs["has_round"] = self.collection_round() is not None
        return kwargs

    def get_table_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"inline_form": forms.JournalStatusForm(), "compact": True}
        if not can_create(self.request.user, "department"):
            kwargs["exclude"] = ("record",)  # read-only users get no form column at all
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = JOURNAL_TITLE
        context["breadcrumbs"] = [(str(JOURNAL_TITLE), None)]
        context["add_url"] = None
        context["cohort"] = self.cohort()
        context["collection_round"] = self.collection_round()
        context["today"] = timezone.localdate()
        return context


class JournalRecordView(StaffRequiredMixin, DetailView):
    """The journal row's inline form: records a status and answers with the re-rendered row."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        graduate = get_object_or_404(Student.objects.graduates().for_user(request.user, VIEW), pk=pk)
        if not user_can_change(request.user, graduate):
            raise PermissionDenied
        form = forms.JournalStatusForm(request.POST)
        saved = False
        if form.is_valid():
            try:
                services.record_employment(
                    graduate,
                    acting_user=request.user,
                    status=form.cleaned_data["status"],
                    started_on=form.cleaned_data["started_on"],
                    channel=form.cleaned_data["channel"],
                    collection_round=open_round_for(graduate),
                )
                saved = True
            except ValidationError as exc:
                _form_errors_to(form, exc)
        if not request.htmx:  # type: ignore[attr-defined]
            # Without JavaScript the form posts normally: back to the journal with a message.
            if saved:
                messages.success(request, _("Recorded a new status for {name}.").format(name=graduate.full_name))
            else:
                errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
                messages.error(request, errors)
            return HttpResponseRedirect(reverse("graduates:journal") + f"?cohort={graduate.cohort}")
        return self.render_row(graduate, form if not saved else forms.JournalStatusForm(), saved=saved)

    def render_row(self, graduate: Student, form: Any, *, saved: bool) -> HttpResponse:
        collection_round = current_round(self.request.user, graduate.cohort)
        rows = journal_rows(self.request.user, collection_round).filter(pk=graduate.pk)
        table = tables.JournalTable(rows, request=self.request, inline_form=form, compact=True)
        html = render_to_string(
            "graduates/_journal_row.html",
            {"row": table.rows[0], "table": table, "form": form, "saved": saved},
            request=self.request,
        )
        return HttpResponse(html)


#
# A graduate's page
#
class GraduateDetailView(StaffRequiredMixin, DetailView):
    """Career history, contacts, assistance, the grant obligation and pending self-reports."""

    template_name = "graduates/graduate_detail.html"
    context_object_name = "graduate"

    def get_queryset(self) -> QuerySet[Student]:
        records = EmploymentRecord.objects.select_related("organization", "recorded_by").order_by(
            "-started_on", "-created_at", "-pk"
        )
        return (
            Student.objects.graduates()
            .for_user(self.request.user, VIEW)
            .select_related("program__department__faculty", "sponsor", "advisor")
            .prefetch_related(
                Prefetch("employment_records", queryset=records, to_attr="records"),
                Prefetch(
                    "contact_attempts",
                    queryset=ContactAttempt.objects.select_related("recorded_by"),
                    to_attr="contacts",
                ),
                Prefetch(
                    "assistance_actions",
                    queryset=AssistanceAction.objects.select_related("organization", "recorded_by"),
                    to_attr="assistance",
                ),
                Prefetch(
                    "self_reports",
                    queryset=SelfReport.objects.filter(review_status=SelfReportStatus.PENDING).select_related(
                        "collection_round__academic_year"
                    ),
                    to_attr="pending_reports",
                ),
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        graduate = self.object
        context["can_change"] = user_can_change(self.request.user, graduate)
        context["is_grant"] = graduate.funding == Funding.GRANT
        context["obligation"] = (
            GrantObligation.objects.filter(graduate=graduate).select_related("referral_organization").first()
            if context["is_grant"]
            else None
        )
        context["current"] = next((r for r in graduate.records if r.ended_on is None), None)
        context["title"] = graduate.full_name
        context["breadcrumbs"] = [
            (str(JOURNAL_TITLE), reverse("graduates:journal") + f"?cohort={graduate.cohort}"),
            (graduate.full_name, None),
        ]
        return context


class GraduateWriteMixin(StaffRequiredMixin):
    """A page that writes for one graduate: out of view scope 404, read-only 403."""

    request: HttpRequest
    kwargs: dict[str, Any]
    graduate: Student

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.graduate = get_object_or_404(
                Student.objects.graduates().for_user(request.user, VIEW).select_related("program__department"),
                pk=kwargs["pk"],
            )
            if not user_can_change(request.user, self.graduate):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def graduate_url(self) -> str:
        return reverse("graduates:graduate_detail", args=[self.graduate.pk])


class GraduateFormView(GraduateWriteMixin, FormView):
    """Adds something to a graduate's file through a service; errors of the service show on the form."""

    template_name = "common/object_form.html"
    heading: Any = ""
    success_message: Any = ""

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def save(self, form: Any) -> Any:
        raise NotImplementedError

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.save(form)
        except ValidationError as exc:
            _form_errors_to(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, str(self.success_message).format(name=self.graduate.full_name))
        return HttpResponseRedirect(self.graduate_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = str(self.heading).format(name=self.graduate.full_name)
        context["cancel_url"] = self.graduate_url()
        context["breadcrumbs"] = [
            (str(JOURNAL_TITLE), reverse("graduates:journal") + f"?cohort={self.graduate.cohort}"),
            (self.graduate.full_name, self.graduate_url()),
            (context["title"], None),
        ]
        return context


class RecordAddView(GraduateFormView):
    form_class = forms.EmploymentRecordForm
    template_name = "graduates/graduate_record_form.html"
    heading = gettext_lazy("New employment record: {name}")
    success_message = gettext_lazy("Recorded a new status for {name}.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = EmploymentRecord(graduate=self.graduate)
        return kwargs

    def save(self, form: forms.EmploymentRecordForm) -> EmploymentRecord:
        fields = form.record_fields()
        fields["collection_round"] = open_round_for(self.graduate)
        return services.record_employment(self.graduate, acting_user=self.request.user, **fields)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["current"] = self.graduate.employment_records.filter(ended_on__isnull=True).first()
        return context


class ContactAddView(GraduateFormView):
    form_class = forms.ContactAttemptForm
    heading = gettext_lazy("Contact attempt: {name}")
    success_message = gettext_lazy("Logged a contact attempt with {name}.")

    def save(self, form: forms.ContactAttemptForm) -> ContactAttempt:
        return services.log_contact(self.graduate, acting_user=self.request.user, **form.cleaned_data)


class AssistanceAddView(GraduateFormView):
    form_class = forms.AssistanceActionForm
    heading = gettext_lazy("Assistance given: {name}")
    success_message = gettext_lazy("Noted the assistance given to {name}.")

    def save(self, form: forms.AssistanceActionForm) -> AssistanceAction:
        return services.add_assistance(self.graduate, acting_user=self.request.user, **form.cleaned_data)


class ObligationEditView(GraduateFormView):
    form_class = forms.GrantObligationForm
    heading = gettext_lazy("State-grant work obligation: {name}")
    success_message = gettext_lazy("Saved the work obligation of {name}.")

    def get_form_kwargs(self) -> dict[str, Any]:
        if self.graduate.funding != Funding.GRANT:
            raise Http404(_("Only graduates who studied on a state grant have a work obligation."))
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = GrantObligation.objects.filter(graduate=self.graduate).first() or GrantObligation(
            graduate=self.graduate
        )
        return kwargs

    def save(self, form: forms.GrantObligationForm) -> GrantObligation:
        return services.save_obligation(self.graduate, acting_user=self.request.user, **form.obligation_fields())


class SelfReportReviewView(StaffRequiredMixin, DetailView):
    """Confirm (into a record) or reject a graduate's pending self-report."""

    http_method_names = ["post"]
    decision = "confirm"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = get_object_or_404(SelfReport.objects.for_user(request.user, VIEW).select_related("graduate"), pk=pk)
        if not user_can_change(request.user, report.graduate):
            raise PermissionDenied
        name = report.graduate.full_name
        try:
            if self.decision == "confirm":
                services.confirm_self_report(report, acting_user=request.user)
                messages.success(request, _("Confirmed the self-report of {name}.").format(name=name))
            else:
                services.reject_self_report(report, acting_user=request.user)
                messages.info(request, _("Rejected the self-report of {name}.").format(name=name))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(reverse("graduates:graduate_detail", args=[report.graduate_id]))


class RecordEvidenceView(StaffRequiredMixin, DetailView):
    """A record's supporting document, for users who may see the graduate (never a public media URL)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:  # type: ignore[override]
        record = get_object_or_404(EmploymentRecord.objects.for_user(request.user, VIEW).exclude(evidence=""), pk=pk)
        try:
            handle = record.evidence.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        content_type = sniff_content_type(read_head(handle)) or "application/octet-stream"
        filename = record.evidence.name.rsplit("/", 1)[-1]
        response = FileResponse(handle, content_type=content_type, filename=filename)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class EmploymentRecordHistoryView(ObjectHistoryView):
    queryset = EmploymentRecord.objects.select_related("graduate")


class GrantObligationHistoryView(ObjectHistoryView):
    queryset = GrantObligation.objects.select_related("graduate")

"""Pages of a graduate's employment history: records, contacts, assistance, obligations, self-reports.

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
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView

from mansap.common.views import ObjectHistoryView, StaffRequiredMixin, user_can_change
from mansap.core.choices import Funding
from mansap.core.models import Student
from mansap.core.querysets import VIEW
from mansap.graduates.choices import SelfReportStatus
from mansap.graduates.evidence import read_head, sniff_content_type
from mansap.graduates.forms import records as forms
from mansap.graduates.models import (
    AssistanceAction,
    ContactAttempt,
    EmploymentRecord,
    GrantObligation,
    SelfReport,
)
from mansap.graduates.services import records as services
from mansap.graduates.views.journal import JOURNAL_TITLE, _form_errors_to, open_round_for


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

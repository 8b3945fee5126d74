"""Pages of a graduate's employment history: records, contacts, assistance, obligations, self-reports.

Scoping works as everywhere: every page is a Scoped* view, so a graduate (or record) outside the
user's view scope answers 404, a write the user may only see answers 403, and students are
turned away (403) before anything is looked up. Every state change goes through
mansap.graduates.services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mansap.common.files import ScopedFileView
from mansap.common.views import ObjectHistoryView, ScopedActionView, ScopedDetailView, ScopedServiceFormView
from mansap.core.access import can_record_employment
from mansap.core.choices import Funding
from mansap.core.models import Student
from mansap.graduates.choices import SelfReportStatus
from mansap.graduates.forms import records as forms
from mansap.graduates.models import (
    AssistanceAction,
    ContactAttempt,
    EmploymentRecord,
    GrantObligation,
    SelfReport,
)
from mansap.graduates.services import records as services
from mansap.graduates.views.journal import JOURNAL_TITLE, open_round_for


def graduate_url(graduate: Student) -> str:
    return reverse("graduates:graduate_detail", args=[graduate.pk])


def journal_crumb(graduate: Student) -> tuple[str, str]:
    """The journal of the graduate's cohort, the first breadcrumb of every graduate page."""
    return (str(JOURNAL_TITLE), reverse("graduates:journal") + f"?cohort={graduate.cohort}")


#
# A graduate's page
#
class GraduateDetailView(ScopedDetailView):
    """Career history, contacts, assistance, the grant obligation and pending self-reports."""

    queryset = (
        Student.objects.graduates()
        .select_related("program__department__faculty", "sponsor", "advisor")
        .prefetch_related(
            Prefetch(
                "employment_records",
                queryset=EmploymentRecord.objects.select_related("organization", "recorded_by").order_by(
                    "-started_on", "-created_at", "-pk"
                ),
                to_attr="records",
            ),
            Prefetch(
                "contact_attempts", queryset=ContactAttempt.objects.select_related("recorded_by"), to_attr="contacts"
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
    template_name = "graduates/graduate_detail.html"
    context_object_name = "graduate"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        graduate = self.object
        # The page's "add" and "edit" links write employment data, which the Registrar's Office only reads.
        context["can_change"] = can_record_employment(self.request.user, graduate)
        context["is_grant"] = graduate.funding == Funding.GRANT
        context["obligation"] = (
            GrantObligation.objects.filter(graduate=graduate).select_related("referral_organization").first()
            if context["is_grant"]
            else None
        )
        context["current"] = next((r for r in graduate.records if r.ended_on is None), None)
        context["title"] = graduate.full_name
        context["breadcrumbs"] = [journal_crumb(graduate), (graduate.full_name, None)]
        return context


#
# Pages that write for a graduate
#
class GraduateFormView(ScopedServiceFormView):
    """Adds something to a graduate's file through a service; errors of the service show on the form.

    The graduate is fetched for change (out of view scope 404, read-only 403). An invalid form is shown
    again with 200, as these pages always answered.
    """

    queryset = Student.objects.graduates().select_related("program__department")
    invalid_status = 200
    heading: str | Promise = ""
    success_message_text: str | Promise = ""

    def get_form_kwargs(self, obj: Student) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(obj)
        kwargs["user"] = self.request.user
        return kwargs

    def get_title(self, obj: Student) -> str:
        return str(self.heading).format(name=obj.full_name)

    def get_success_message(self, obj: Student, result: Any) -> str:
        return str(self.success_message_text).format(name=obj.full_name)

    def get_success_url(self, obj: Student, result: Any) -> str:
        return graduate_url(obj)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        graduate: Student = context["object"]
        context["cancel_url"] = graduate_url(graduate)
        context["breadcrumbs"] = [
            journal_crumb(graduate),
            (graduate.full_name, graduate_url(graduate)),
            (context["title"], None),
        ]
        return context


class RecordAddView(GraduateFormView):
    form_class = forms.EmploymentRecordForm
    template_name = "graduates/graduate_record_form.html"
    heading = gettext_lazy("New employment record: {name}")
    success_message_text = gettext_lazy("Recorded a new status for {name}.")

    def get_form_kwargs(self, obj: Student) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(obj)
        kwargs["instance"] = EmploymentRecord(graduate=obj)
        return kwargs

    def perform(self, obj: Student, form: forms.EmploymentRecordForm) -> EmploymentRecord:
        return services.record_employment(
            obj, acting_user=self.request.user, collection_round=open_round_for(obj), **form.record_fields()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["current"] = context["object"].employment_records.filter(ended_on__isnull=True).first()
        return context


class ContactAddView(GraduateFormView):
    form_class = forms.ContactAttemptForm
    heading = gettext_lazy("Contact attempt: {name}")
    success_message_text = gettext_lazy("Logged a contact attempt with {name}.")

    def perform(self, obj: Student, form: forms.ContactAttemptForm) -> ContactAttempt:
        return services.log_contact(obj, acting_user=self.request.user, **form.cleaned_data)


class AssistanceAddView(GraduateFormView):
    form_class = forms.AssistanceActionForm
    heading = gettext_lazy("Assistance given: {name}")
    success_message_text = gettext_lazy("Noted the assistance given to {name}.")

    def perform(self, obj: Student, form: forms.AssistanceActionForm) -> AssistanceAction:
        return services.add_assistance(obj, acting_user=self.request.user, **form.cleaned_data)


class ObligationEditView(GraduateFormView):
    form_class = forms.GrantObligationForm
    heading = gettext_lazy("State-grant work obligation: {name}")
    success_message_text = gettext_lazy("Saved the work obligation of {name}.")

    def get_object(self) -> Student:
        graduate: Student = super().get_object()
        if graduate.funding != Funding.GRANT:
            raise Http404(_("Only graduates who studied on a state grant have a work obligation."))
        return graduate

    def get_form_kwargs(self, obj: Student) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(obj)
        kwargs["instance"] = GrantObligation.objects.filter(graduate=obj).first() or GrantObligation(graduate=obj)
        return kwargs

    def perform(self, obj: Student, form: forms.GrantObligationForm) -> GrantObligation:
        return services.save_obligation(obj, acting_user=self.request.user, **form.obligation_fields())


#
# Self-reports and supporting documents
#
class SelfReportReviewView(ScopedActionView):
    """Confirm (into a record) or reject a graduate's pending self-report.

    The report is fetched for change: its scope is its graduate's, so this is "may change the graduate".
    """

    queryset = SelfReport.objects.select_related("graduate")
    decision = "confirm"

    def act(self, obj: SelfReport) -> EmploymentRecord | SelfReport:
        name = obj.graduate.full_name
        if self.decision == "confirm":
            record = services.confirm_self_report(obj, acting_user=self.request.user)
            messages.success(self.request, _("Confirmed the self-report of {name}.").format(name=name))
            return record
        report = services.reject_self_report(obj, acting_user=self.request.user)
        messages.info(self.request, _("Rejected the self-report of {name}.").format(name=name))
        return report

    def get_success_url(self, obj: SelfReport) -> str:
        return reverse("graduates:graduate_detail", args=[obj.graduate_id])


class RecordEvidenceView(ScopedFileView):
    """A record's supporting document, for users who may see the graduate (never a public media URL)."""

    queryset = EmploymentRecord.objects.all()
    file_field = "evidence"


class EmploymentRecordHistoryView(ObjectHistoryView):
    queryset = EmploymentRecord.objects.select_related("graduate")


class GrantObligationHistoryView(ObjectHistoryView):
    queryset = GrantObligation.objects.select_related("graduate")

"""Pages of a graduate's employment history: records, contacts, assistance, obligations, self-reports.

Scoping works as everywhere: every page is a Scoped* view, so a graduate (or record) outside the
user's view scope answers 404, a write the user may only see answers 403, and students are
turned away (403) before anything is looked up. Every state change goes through
mansap.graduates.services.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mansap.common.files import ScopedFileView
from mansap.common.views import ObjectHistoryView, ScopedDetailView, ScopedServiceFormView
from mansap.core.access import can_record_employment
from mansap.core.choices import Funding
from mansap.core.models import Student
from mansap.graduates.choices import ConsentStatus, ContactOutcome, SelfReportStatus
from mansap.graduates.forms import records as forms
from mansap.graduates.models import (
    AssistanceAction,
    ContactAttempt,
    EmploymentRecord,
    GrantObligation,
    SelfReport,
)
from mansap.graduates.models.records import current_record
from mansap.graduates.services import records as services
from mansap.graduates.views.journal import JOURNAL_TITLE, open_round_for


def graduate_url(graduate: Student) -> str:
    return reverse("graduates:graduate_detail", args=[graduate.pk])


def journal_crumb(graduate: Student) -> tuple[str, str]:
    """The journal of the graduate's cohort, the first breadcrumb of every graduate page."""
    return (str(JOURNAL_TITLE), reverse("graduates:journal") + f"?cohort={graduate.cohort}")


def graduate_page_context(context: dict[str, Any], graduate: Student) -> None:
    """A form about a graduate: Cancel goes back to their page, the breadcrumbs lead through the journal."""
    context["cancel_url"] = graduate_url(graduate)
    context["breadcrumbs"] = [
        journal_crumb(graduate),
        (graduate.full_name, graduate_url(graduate)),
        (context["title"], None),
    ]


#
# A graduate's page
#
class GraduateDetailView(ScopedDetailView):
    """Career history, contacts, assistance, the grant obligation and pending self-reports."""

    queryset = (
        Student.objects.graduates()
        .select_related("program__department__faculty", "sponsor", "advisor", "official_check_consent__recorded_by")
        .prefetch_related(
            Prefetch(
                "employment_records",
                queryset=EmploymentRecord.objects.select_related("organization", "recorded_by", "voided_by").order_by(
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
        context["today"] = today = timezone.localdate()
        context["current"] = current_record(graduate.records, today)
        # Contacts come newest first: the first reached one is the last successful contact.
        context["last_reached"] = next((c for c in graduate.contacts if c.outcome == ContactOutcome.REACHED), None)
        context["title"] = graduate.full_name
        context["breadcrumbs"] = [journal_crumb(graduate), (graduate.full_name, None)]
        # Consent to official checks (#20): a graduate who refused is never covered by an extract.
        context["consent"] = getattr(graduate, "official_check_consent", None)
        context["consent_choices"] = ConsentStatus.choices
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
        graduate_page_context(context, context["object"])
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
        graduate = context["object"]
        context["current"] = EmploymentRecord.objects.current_of_graduate(graduate, timezone.localdate()).first()
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
class RecordVoidView(ScopedServiceFormView):
    """Void a wrong record with a reason (services.void_record): it stays in the history, struck through.

    The record is fetched for change (its graduate's scope): another department's 404, read-only 403; a
    record already voided is not offered (404).
    """

    queryset = EmploymentRecord.objects.valid().select_related("graduate__program__department")
    form_class = forms.VoidRecordForm
    template_name = "graduates/record_void_form.html"
    invalid_status = 200

    def get_title(self, obj: EmploymentRecord) -> str:
        return _("Void a record: {name}").format(name=obj.graduate.full_name)

    def perform(self, obj: EmploymentRecord, form: forms.VoidRecordForm) -> EmploymentRecord:
        return services.void_record(obj, acting_user=self.request.user, reason=form.cleaned_data["reason"])

    def get_success_message(self, obj: EmploymentRecord, result: Any) -> str:
        return _("The record was voided; it stays in the history with the reason.")

    def get_success_url(self, obj: EmploymentRecord, result: Any) -> str:
        return graduate_url(obj.graduate)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["record"] = record = context["object"]
        graduate_page_context(context, record.graduate)
        return context


class RecordCorrectView(RecordVoidView):
    """Correct a wrong record (services.correct_record): void it with a reason and add the right one."""

    form_class = forms.CorrectRecordForm  # type: ignore[assignment]

    def get_title(self, obj: EmploymentRecord) -> str:
        return _("Correct a record: {name}").format(name=obj.graduate.full_name)

    def get_form_kwargs(self, obj: EmploymentRecord) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(obj)
        kwargs["user"] = self.request.user
        kwargs["instance"] = EmploymentRecord(graduate=obj.graduate)
        return kwargs

    def get_initial(self, obj: EmploymentRecord) -> dict[str, Any]:
        names = forms.EmploymentRecordForm.Meta.fields
        initial = {name: getattr(obj, name) for name in names if name not in ("evidence", "organization")}
        initial["organization"] = obj.organization_id
        return initial

    def perform(self, obj: EmploymentRecord, form: forms.CorrectRecordForm) -> EmploymentRecord:  # type: ignore[override]
        return services.correct_record(
            obj,
            acting_user=self.request.user,
            reason=form.cleaned_data["reason"],
            collection_round=obj.collection_round,
            **form.record_fields(),
        )

    def get_success_message(self, obj: EmploymentRecord, result: Any) -> str:
        return _("The record was corrected: the wrong one stays in the history, voided with the reason.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["correcting"] = True
        return context


class RecordEvidenceView(ScopedFileView):
    """A record's supporting document, for users who may see the graduate (never a public media URL)."""

    queryset = EmploymentRecord.objects.all()
    file_field = "evidence"


class EmploymentRecordHistoryView(ObjectHistoryView):
    queryset = EmploymentRecord.objects.select_related("graduate")


class GrantObligationHistoryView(ObjectHistoryView):
    queryset = GrantObligation.objects.select_related("graduate")

"""Familiarization pages (issue #17): the quality department assigns a document to a department or a role; a
person acknowledges the version in force (a new major version asks again, a minor one does not); every staff
member sees what they still have to read."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from mansap.common.params import parse_id
from mansap.common.views import ScopedActionView, ScopedServiceFormView, StaffRequiredMixin
from mansap.core.access import VIEW, is_regulation_editor
from mansap.regulations.forms import AssignmentForm
from mansap.regulations.models import Assignment, Document, DocumentVersion
from mansap.regulations.reports.familiarization import unit_rows
from mansap.regulations.services import familiarization
from mansap.regulations.views.documents import RegisterCrumbs


class AssignView(RegisterCrumbs, ScopedServiceFormView):
    queryset = Document.objects.all()
    form_class = AssignmentForm
    title = gettext_lazy("Assign for familiarization")  # type: ignore[assignment]
    success_message = gettext_lazy("The document is assigned for familiarization.")  # type: ignore[assignment]

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {**super().get_form_kwargs(obj), "document": obj}

    def perform(self, obj: Document, form: AssignmentForm) -> Assignment:
        return familiarization.assign(obj, acting_user=self.request.user, department=form.cleaned_data["department"],
                                      role=form.cleaned_data["role"] or "",
                                      days_to_acknowledge=form.cleaned_data["days_to_acknowledge"] or 14)  # fmt: skip


class AcknowledgeView(ScopedActionView):
    """Any reader of the version acknowledges it (their own acknowledgement, nothing of the register changes)."""

    queryset = DocumentVersion.objects.select_related("document")
    action = VIEW
    success_message = gettext_lazy("Your acknowledgement is recorded.")  # type: ignore[assignment]

    def act(self, obj: DocumentVersion) -> Any:
        return familiarization.acknowledge(obj, acting_user=self.request.user)

    def get_success_url(self, obj: DocumentVersion) -> str:
        return obj.document.get_absolute_url()


class ToReadView(StaffRequiredMixin, TemplateView):
    template_name = "regulations/to_read.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["versions"] = familiarization.pending_versions(self.request.user)
        context["breadcrumbs"] = [(gettext_lazy("Register of regulations"), reverse("regulations:document_list")),
                                  (gettext_lazy("Documents to read"), None)]  # fmt: skip
        return context


class FamiliarizationStatusView(StaffRequiredMixin, TemplateView):
    """Overdue acknowledgements per unit (R-145): for each assignment and each unit it reaches, the people assigned,
    acknowledged and overdue (with their names). The quality department sees every document of its university;
    an owner sees the documents they own; ?document= narrows to one, ?overdue=1 to the rows with someone overdue."""

    template_name = "regulations/familiarization_status.html"

    def documents(self) -> QuerySet[Document]:
        user = self.request.user
        documents = Document.objects.for_user(user, VIEW)
        if not is_regulation_editor(user):
            documents = documents.filter(owner_id=user.pk)
        wanted = parse_id(self.request.GET.get("document"))
        if wanted is not None:
            documents = documents.filter(pk=wanted)
        return documents

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        rows = unit_rows(self.documents(), today)
        only_overdue = self.request.GET.get("overdue") == "1"
        if only_overdue:
            rows = [row for row in rows if row.overdue]
        context.update(
            rows=rows,
            today=today,
            only_overdue=only_overdue,
            totals={
                "assigned": sum(r.assigned for r in rows),
                "acknowledged": sum(r.acknowledged for r in rows),
                "overdue": sum(len(r.overdue) for r in rows),
            },
            title=gettext_lazy("Familiarization: overdue acknowledgements"),
            breadcrumbs=[(gettext_lazy("Register of regulations"), reverse("regulations:document_list")),
                         (gettext_lazy("Familiarization status"), None)],
        )  # fmt: skip
        return context

"""The change registration sheet and the distribution log of a document (issue #17, R-146, R-147): the quality
department records a change, issues a registered working copy and withdraws it; every reader of the document sees
both lists on its page (views.documents.DocumentDetailView)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from mansap.common.views import ScopedServiceFormView
from mansap.regulations.forms import ChangeForm, CopyForm, WithdrawForm
from mansap.regulations.models import ChangeRecord, Document, WorkingCopy
from mansap.regulations.services import changes, distribution
from mansap.regulations.views.documents import RegisterCrumbs


class ChangeAddView(RegisterCrumbs, ScopedServiceFormView):
    queryset = Document.objects.all()
    form_class = ChangeForm
    title = gettext_lazy("Register a change of {object}")  # type: ignore[assignment]
    success_message = gettext_lazy("The change is registered.")  # type: ignore[assignment]

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {**super().get_form_kwargs(obj), "user": self.request.user}

    def get_initial(self, obj: Document) -> dict[str, Any]:
        return {
            "made_on": timezone.localdate(),
            "made_by_name": getattr(self.request.user, "display_name", ""),
            "number": changes.next_change_number(obj),
        }

    def perform(self, obj: Document, form: ChangeForm) -> ChangeRecord:
        return changes.record_change(obj, acting_user=self.request.user, **form.cleaned_data)

    def get_success_url(self, obj: Document, result: Any = None) -> str:
        return obj.get_absolute_url() + "#document-changes"


class CopyAddView(RegisterCrumbs, ScopedServiceFormView):
    queryset = Document.objects.all()
    form_class = CopyForm
    title = gettext_lazy("Issue a working copy of {object}")  # type: ignore[assignment]
    success_message = gettext_lazy("The working copy is registered.")  # type: ignore[assignment]

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {**super().get_form_kwargs(obj), "document": obj}

    def get_initial(self, obj: Document) -> dict[str, Any]:
        return {"issued_on": timezone.localdate()}

    def perform(self, obj: Document, form: CopyForm) -> WorkingCopy:
        data = form.cleaned_data
        return distribution.issue_copy(
            obj, acting_user=self.request.user, issued_on=data["issued_on"], department=data["department"],
            recipient_name=data["recipient_name"] or "", number=data["number"],
        )  # fmt: skip

    def get_success_url(self, obj: Document, result: Any = None) -> str:
        return obj.get_absolute_url() + "#document-copies"


class CopyWithdrawView(RegisterCrumbs, ScopedServiceFormView):
    queryset = WorkingCopy.objects.select_related("document", "department")
    form_class = WithdrawForm
    title = gettext_lazy("Withdraw working copy {object}")  # type: ignore[assignment]
    success_message = gettext_lazy("The working copy is withdrawn.")  # type: ignore[assignment]

    def get_initial(self, obj: WorkingCopy) -> dict[str, Any]:
        return {"withdrawn_on": timezone.localdate()}

    def perform(self, obj: WorkingCopy, form: WithdrawForm) -> WorkingCopy:
        return distribution.withdraw_copy(obj, acting_user=self.request.user, on=form.cleaned_data["withdrawn_on"])

    def get_success_url(self, obj: WorkingCopy, result: Any = None) -> str:
        return obj.document.get_absolute_url() + "#document-copies"

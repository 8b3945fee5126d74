"""The outgoing register (the desk's list of issued documents, with revocation) and an issued document's file."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from mansap.common.files import ScopedFileView
from mansap.common.views import ScopedListView, ScopedServiceFormView
from mansap.servicedesk import filtersets, tables
from mansap.servicedesk.forms import RevokeForm
from mansap.servicedesk.models import IssuedDocument
from mansap.servicedesk.services import documents as services


class DocumentListView(ScopedListView):
    queryset = IssuedDocument.objects.with_list_related()
    filterset_class = filtersets.DocumentFilterSet
    table_class = tables.DocumentTable
    title = gettext_lazy("Outgoing register")  # type: ignore[assignment]
    export_name = "issued-documents"


class DocumentRevokeView(ScopedServiceFormView):
    queryset = IssuedDocument.objects.all()
    form_class = RevokeForm
    title = gettext_lazy("Revoke {object}")  # type: ignore[assignment]
    success_message = gettext_lazy("Document {object} is revoked.")  # type: ignore[assignment]

    def perform(self, obj: IssuedDocument, form: Any) -> Any:
        return services.revoke_document(obj, reason=form.cleaned_data["reason"], acting_user=self.request.user)

    def get_success_url(self, obj: Any, result: Any) -> str:
        return reverse("servicedesk:document_list")


class DocumentFileView(ScopedFileView):
    """The PDF, for its holder and the desk (the queryset's scope): nobody else, whatever the number."""

    staff_only = False
    queryset = IssuedDocument.objects.all()
    file_field = "file"

    def get_filename(self, obj: IssuedDocument) -> str:
        return f"{obj.number}-{obj.language}.pdf"

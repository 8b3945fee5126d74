"""The control sheets of a document as PDF or DOCX in kk/ru/en (issue #17; reports.sheets), for every reader of
the document (404 outside their scope)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.views import View

from mansap.common.exports import pdf_response
from mansap.common.views import ScopedMixin
from mansap.core.access import VIEW, get_for_user_or_404, scoped
from mansap.regulations.choices import LANGUAGES
from mansap.regulations.models import Document
from mansap.regulations.reports import sheets

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ControlSheetView(ScopedMixin, View):
    queryset = Document.objects.select_related("institution")
    http_method_names = ["get", "head"]
    staff_only = False  # students, graduates and employer contacts reach no document: 404

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        kind, extension, language = kwargs["sheet"], kwargs["fmt"], kwargs["language"]
        if kind not in sheets.KINDS or extension not in sheets.FORMATS or language not in LANGUAGES:
            raise Http404
        document: Document = get_for_user_or_404(scoped(Document), request.user, kwargs["pk"], VIEW)
        name = sheets.file_name(document, kind, language, extension)
        if extension == "pdf":
            return pdf_response(sheets.render_pdf(document, kind, language), name.removesuffix(".pdf"))
        response = HttpResponse(sheets.render_docx(document, kind, language), content_type=DOCX)
        safe = "".join(c if c.isalnum() or c in "-. " else "_" for c in name).strip()
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(safe)}"
        response["Cache-Control"] = "private, no-store"
        return response

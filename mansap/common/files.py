"""Stored files served to the people who may see their record, never through a public media URL.

Uploads (scans, CVs, evidence, reports) hold personal data, so MEDIA_URL is not served: each file goes
through a view that fetched its row through core.access. The response

- answers 404 when the file is missing from storage or the row has none (not a server error);
- announces the type its first bytes show (`common.uploads.sniff_content_type`; a zip as application/zip),
  never the type its name claims, and forbids the browser to guess another (`nosniff`), so an HTML
  file uploaded as ".pdf" is not rendered as a page of this site;
- is private and not stored by caches (`Cache-Control: private, no-store`): it may sit on a shared PC.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.views import View

from mansap.common.uploads import read_head, sniff_content_type
from mansap.common.views import ScopedMixin
from mansap.core.access import get_for_user_or_404

ZIP_CONTENT_TYPE = "application/zip"


def private_file_response(field_file: Any, *, filename: str | None = None, attachment: bool = False) -> FileResponse:
    """The stored file of a FileField as a private download; `filename` defaults to the stored name's last
    part, `attachment` asks the browser to save it rather than show it."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as exc:  # ValueError: the field has no file
        raise Http404 from exc
    head = read_head(handle)
    content_type = sniff_content_type(head) or (ZIP_CONTENT_TYPE if head.startswith(b"PK") else None)
    if filename is None:
        filename = (field_file.name or "").rsplit("/", 1)[-1]
    response = FileResponse(
        handle,
        content_type=content_type or "application/octet-stream",
        filename=filename,
        as_attachment=attachment,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class ScopedFileView(ScopedMixin, View):
    """The file of one row, for users who may see (or, with `action = CHANGE`, change) that row.

    Declare `queryset` and `file_field`; rows without a file are 404 like rows out of scope. Staff only
    by default (`staff_only = False` for students' and employer contacts' own files: the queryset's
    self_filter then decides). Override `get_filename(obj)` to name the download.
    """

    file_field: str
    attachment = False
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        queryset = self.queryset.exclude(**{self.file_field: ""})
        obj = get_for_user_or_404(queryset, request.user, self.kwargs["pk"], self.action)
        return private_file_response(
            getattr(obj, self.file_field), filename=self.get_filename(obj), attachment=self.attachment
        )

    def get_filename(self, obj: Any) -> str | None:
        return None


__all__ = ["ScopedFileView", "private_file_response"]

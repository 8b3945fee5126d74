"""common.files: private file responses (type by content, nosniff, no-store, 404 when missing) and the
declarative ScopedFileView.

The apps' copies are gone (they use the kernel); the practice downloads' headers, taken from its old copies,
are literals in mansap/practice/tests/test_compatibility.py."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from typing import Any

from django.core.files.base import ContentFile
from django.http import Http404
from django.test import override_settings
from django.urls import path, reverse

from mansap.common.files import ScopedFileView, private_file_response
from mansap.common.testing import ScopedCRUDTests, close_response
from mansap.core.models import ImportJob
from mansap.urls import urlpatterns as project_urlpatterns

PDF = b"%PDF-1.7\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
HTML = b"<html><script>alert(1)</script></html>"


class ImportFileView(ScopedFileView):
    queryset = ImportJob.objects.all()
    file_field = "file"


class ImportFileDownloadView(ImportFileView):
    attachment = True

    def get_filename(self, obj: ImportJob) -> str:
        return obj.original_name


# This module is the URLconf of ScopedFileViewTests: the project's URLs plus the two views above.
urlpatterns = [
    path("kernels/imports/<int:pk>/file/", ImportFileView.as_view(), name="kernels_import_file"),
    path("kernels/imports/<int:pk>/download/", ImportFileDownloadView.as_view(), name="kernels_import_download"),
    *project_urlpatterns,
]


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def body(response: Any) -> bytes:
    content = b"".join(response.streaming_content)
    close_response(response)
    return content


def headers(response: Any) -> dict[str, str]:
    names = ("Content-Type", "Content-Disposition", "X-Content-Type-Options", "Cache-Control", "Content-Length")
    return {name: response[name] for name in names if response.has_header(name)}


class FileFixture(ScopedCRUDTests):
    @classmethod
    def setUpClass(cls) -> None:
        cls.media = tempfile.mkdtemp(prefix="mansap-files-")
        cls.media_override = override_settings(MEDIA_ROOT=cls.media)
        cls.media_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        cls.media_override.disable()
        shutil.rmtree(cls.media, ignore_errors=True)

    def job(self, content: bytes, name: str, **fields: Any) -> ImportJob:
        fields.setdefault("created_by", self.cc)
        job = ImportJob(institution=self.institution, original_name=f"Original {name}", **fields)
        job.file.save(name, ContentFile(content), save=False)
        job.save()
        return job


class PrivateFileResponseTests(FileFixture):
    def test_type_by_content_and_private_headers(self) -> None:
        job = self.job(PDF, "scan.png")
        response = private_file_response(job.file)
        self.assertEqual(
            headers(response),
            {
                "Content-Type": "application/pdf",
                "Content-Disposition": 'inline; filename="scan.png"',
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "private, no-store",
                "Content-Length": str(len(PDF)),
            },
        )
        self.assertEqual(body(response), PDF)

    def test_html_is_never_served_as_html(self) -> None:
        response = private_file_response(self.job(HTML, "cv.html").file)
        self.assertEqual(response["Content-Type"], "application/octet-stream")
        close_response(response)

    def test_zip_and_attachment_with_a_name(self) -> None:
        response = private_file_response(self.job(docx(), "r.docx").file, filename="Report.docx", attachment=True)
        self.assertEqual(response["Content-Type"], "application/zip")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="Report.docx"')
        close_response(response)

    def test_missing_or_no_file_is_404(self) -> None:
        job = self.job(PDF, "gone.pdf")
        job.file.storage.delete(job.file.name)
        with self.assertRaises(Http404):
            private_file_response(job.file)
        with self.assertRaises(Http404):
            private_file_response(ImportJob(institution=self.institution).file)


@override_settings(ROOT_URLCONF="mansap.common.tests.test_files")
class ScopedFileViewTests(FileFixture):
    def test_who_may_download(self) -> None:
        job = self.job(PDF, "graduates.pdf")
        url = reverse("kernels_import_file", args=[job.pk])
        for user in (self.cc, self.registrar, self.admin):
            response = self.assert_status(user, url, 200)
            self.assertEqual(response["Content-Type"], "application/pdf")
            self.assertEqual(body(response), PDF)
        self.assert_status(self.aigerim, url, 404)  # imports are the institution's, unless one's own
        self.assert_status(self.student_user, url, 403)
        self.assertEqual(self.get_as(None, url).status_code, 302)
        own = self.job(PDF, "mine.pdf", created_by=self.aigerim)
        response = self.assert_status(self.aigerim, reverse("kernels_import_file", args=[own.pk]), 200)
        close_response(response)

    def test_rows_without_a_file_and_missing_files_are_404(self) -> None:
        empty = ImportJob.objects.create(institution=self.institution, original_name="x", created_by=self.cc)
        self.assert_status(self.cc, reverse("kernels_import_file", args=[empty.pk]), 404)
        job = self.job(PDF, "gone.pdf")
        job.file.storage.delete(job.file.name)
        self.assert_status(self.cc, reverse("kernels_import_file", args=[job.pk]), 404)

    def test_download_name(self) -> None:
        job = self.job(docx(), "stored.docx")
        response = self.assert_status(self.cc, reverse("kernels_import_download", args=[job.pk]), 200)
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="Original stored.docx"')
        self.assertEqual(response["Content-Type"], "application/zip")
        close_response(response)

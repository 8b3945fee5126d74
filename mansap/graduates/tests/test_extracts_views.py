"""Official extracts' pages and API (#20): upload → mapping → check → confirm, the rows, scope, bounded queries."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mansap.common.identifiers import make_bin, make_iin
from mansap.common.testing import ScopedMatrixTestCase, make_student
from mansap.core.choices import ImportStatus
from mansap.graduates.models import (
    ExtractProfile,
    ExtractUpload,
    OfficialCheckConsent,
    OfficialContract,
    OfficialExtract,
)
from mansap.graduates.services import extracts
from mansap.graduates.tests.test_extracts import csv_bytes

GRADUATED = dt.date(2024, 6, 28)
BIN = make_bin(2010, 5, "4", "0", 4242)


class ExtractPagesCase(ScopedMatrixTestCase):
    """Two graduates (departments A and B) and the upload of a contract extract (no tests of its own)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.g1 = make_student(cls.program_a, graduation_date=GRADUATED, birth_date=dt.date(2002, 2, 2))
        cls.g2 = make_student(cls.program_b, graduation_date=GRADUATED)

    def file(self, rows: list[list[Any]] | None = None, name: str = "esutd.csv") -> SimpleUploadedFile:
        rows = rows or [
            ["ЖСН", "Жұмыс берушінің БСН", "Жұмыс беруші", "Лауазымы", "Басталған күні", "Аяқталған күні", "Өзге"],
            [self.g1.iin[1:], BIN, "ТОО Альфа", "инженер", "02.09.2024", "", "x"],
            [self.g2.iin, BIN, "ТОО Альфа", "", "01.10.2024", "31.12.2024", ""],
            [make_iin(dt.date(1998, 1, 1), "M", 9), "", "ИП Бета", "", "01.08.2024", "", ""],
        ]
        return SimpleUploadedFile(name, csv_bytes(rows), content_type="text/csv")

    def upload_as(self, user: Any, **extra: Any) -> Any:
        self.client.force_login(user)
        data = {
            "file": self.file(),
            "kind": "contracts",
            "source": "ESUTD, Enbek",
            "period_start": "2024-07-01",
            "period_end": "2024-12-31",
            "consent_basis": "consent forms at graduation",
            "cohorts": ["2024"],
            **extra,
        }
        return self.client.post(reverse("graduates:extract_add"), data)


class ExtractPagesTests(ExtractPagesCase):
    def test_upload_map_check_confirm_and_see_rows(self) -> None:
        self.client.force_login(self.cc)
        assert self.client.get(reverse("graduates:extract_add")).status_code == 200
        response = self.upload_as(self.cc)
        upload = ExtractUpload.objects.get()
        self.assertRedirects(response, reverse("graduates:extract_mapping", args=[upload.pk]))
        assert (upload.kind, upload.cohorts, upload.source, upload.mapped) == (
            "contracts",
            [2024],
            "ESUTD, Enbek",
            False,
        )

        page = self.client.get(reverse("graduates:extract_mapping", args=[upload.pk]))
        assert page.status_code == 200
        form = page.context["form"]
        assert form["map_iin"].initial == "ЖСН" and form["map_started_on"].initial == "Басталған күні"
        first = page.context["preview"][0]["cells"]
        assert [c["value"] for c in first] == [self.g1.iin, BIN, "ТОО Альфа", "инженер", "2024-09-02", ""]

        mapping = {
            "map_iin": "ЖСН", "map_employer_bin": "Жұмыс берушінің БСН", "map_employer_name": "Жұмыс беруші",
            "map_position": "", "map_started_on": "Басталған күні", "map_ended_on": "Аяқталған күні",
        }  # fmt: skip
        preview = self.client.post(
            reverse("graduates:extract_mapping", args=[upload.pk]), {**mapping, "action": "preview"}
        )
        assert preview.status_code == 200
        assert [c["value"] for c in preview.context["preview"][0]["cells"]][3] == ""  # position unmapped now

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("graduates:extract_mapping", args=[upload.pk]),
                {**mapping, "action": "check", "profile_name": "ESUTD 2024"},
            )
        self.assertRedirects(response, reverse("graduates:extract_upload", args=[upload.pk]))
        upload.refresh_from_db()
        assert upload.job.status == ImportStatus.VALID  # huey runs inline under pytest
        assert ExtractProfile.objects.get().mapping == {k[4:]: v for k, v in mapping.items() if v}
        page = self.client.get(reverse("graduates:extract_upload", args=[upload.pk]))
        assert page.context["can_confirm"] and page.context["report"]["valid"] == 3
        assert [w["code"] for w in page.context["report"]["warnings"]] == ["iin_leading_zero", "unknown_graduate"]

        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("graduates:extract_confirm", args=[upload.pk]))
        upload.refresh_from_db()
        assert upload.job.status == ImportStatus.DONE and upload.extract is not None
        extract = upload.extract
        assert list(OfficialContract.objects.order_by("row_number").values_list("iin", "graduate_id", "position")) == [
            (self.g1.iin, self.g1.pk, ""),
            (self.g2.iin, self.g2.pk, ""),
            (make_iin(dt.date(1998, 1, 1), "M", 9), None, ""),
        ]
        detail = self.client.get(reverse("graduates:extract_detail", args=[extract.pk]))
        assert detail.status_code == 200
        assert (detail.context["extract"].matched, detail.context["extract"].unknown) == (2, 1)
        assert (
            self.client.get(reverse("graduates:extract_detail", args=[extract.pk]) + "?only=unknown")
            .context["page"]
            .paginator.count
            == 1
        )
        listing = self.client.get(reverse("graduates:extract_list"))
        assert [(e.pk, e.row_count, e.matched, e.unknown) for e in listing.context["extracts"]] == [
            (extract.pk, 3, 2, 1)
        ]
        download = self.client.get(reverse("graduates:extract_file", args=[extract.pk]))
        assert download.status_code == 200 and b"".join(download.streaming_content).startswith("ЖСН".encode())

        # The same file again: checked, said so, nothing to confirm.
        self.upload_as(self.cc)
        again = ExtractUpload.objects.exclude(pk=upload.pk).get()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                reverse("graduates:extract_mapping", args=[again.pk]),
                {**mapping, "action": "check", "profile_name": ""},
            )
        page = self.client.get(reverse("graduates:extract_upload", args=[again.pk]))
        assert page.context["already"] and "extract-confirm" not in page.content.decode()
        assert OfficialExtract.objects.count() == 1

        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("graduates:extract_delete", args=[extract.pk]))
        assert OfficialExtract.objects.count() == 0 and OfficialContract.objects.count() == 0

    def test_a_wrong_file_shows_its_errors_and_writes_nothing(self) -> None:
        self.client.force_login(self.cc)
        rows = [["ИИН", "Дата начала"], ["12345", "2024-13-01"]]
        self.upload_as(self.cc, file=self.file(rows))
        upload = ExtractUpload.objects.get()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("graduates:extract_mapping", args=[upload.pk]),
                {"map_iin": "ИИН", "map_started_on": "Дата начала", "action": "check"},
            )
        assert response.status_code == 302
        upload.refresh_from_db()
        assert upload.job.status == ImportStatus.INVALID
        page = self.client.get(reverse("graduates:extract_upload", args=[upload.pk]))
        assert [(e["row"], e["column"], e["code"]) for e in page.context["report"]["errors"]] == [
            (2, "iin", "bad_iin"),
            (2, "started_on", "bad_date"),
        ]
        errors = self.client.get(reverse("core:import_errors", args=[upload.job.pk]))
        assert errors.status_code == 200
        assert OfficialExtract.objects.count() == 0

    def test_mapping_without_a_required_field_is_refused(self) -> None:
        self.upload_as(self.cc)
        upload = ExtractUpload.objects.get()
        response = self.client.post(
            reverse("graduates:extract_mapping", args=[upload.pk]), {"map_iin": "ЖСН", "action": "check"}
        )
        assert response.status_code == 400
        upload.refresh_from_db()
        assert not upload.mapped and upload.job.status == ImportStatus.PENDING

    def test_who_reaches_the_pages(self) -> None:
        _report, extract = extracts.run_extract(
            io.BytesIO(csv_bytes([["IIN", "start"], [self.g1.iin, "01.09.2024"]])),
            "e.csv",
            institution=self.institution,
            acting_user=None,
            dry_run=False,
            params=extracts.ExtractParams(kind="contracts", cohorts=[2024]),
        )
        pages = [
            reverse("graduates:extract_list"),
            reverse("graduates:extract_detail", args=[extract.pk]),
            reverse("graduates:extract_file", args=[extract.pk]),
        ]
        for user in (self.cc, self.registrar, self.rector, self.admin):
            self.client.force_login(user)
            for url in pages:
                assert self.client.get(url).status_code == 200, (user, url)
        for user in (self.aigerim, self.dean):
            self.client.force_login(user)
            for url in pages:
                assert self.client.get(url).status_code == 404, (user, url)
        self.client.force_login(self.other_cc)  # another university's Career Center: its own (empty) list only
        assert list(self.client.get(pages[0]).context["extracts"]) == []
        for url in pages[1:]:
            assert self.client.get(url).status_code == 404, url
        # Uploading: the Career Center only; the registrar and the rector 403, departments 404.
        for user, status in ((self.registrar, 403), (self.rector, 403), (self.aigerim, 404), (self.dean, 404)):
            self.client.force_login(user)
            assert self.client.get(reverse("graduates:extract_add")).status_code == status, user
            assert self.client.post(reverse("graduates:extract_delete", args=[extract.pk])).status_code == status
        assert OfficialExtract.objects.count() == 1
        self.upload_as(self.cc)
        upload = ExtractUpload.objects.get()
        self.client.force_login(self.other_cc)
        assert self.client.get(reverse("graduates:extract_mapping", args=[upload.pk])).status_code == 404
        assert self.client.get(reverse("graduates:extract_upload", args=[upload.pk])).status_code == 404

    def test_consent_on_the_graduate_page(self) -> None:
        url = reverse("graduates:official_consent", args=[self.g1.pk])
        self.client.force_login(self.dana)  # another department
        assert self.client.post(url, {"status": "given"}).status_code == 404
        self.client.force_login(self.aigerim)
        response = self.client.post(url, {"status": "refused", "note": "отказ в письме"})
        assert response.status_code == 302
        consent = OfficialCheckConsent.objects.get(graduate=self.g1)
        assert (consent.status, consent.note, consent.recorded_by) == ("refused", "отказ в письме", self.aigerim)
        page = self.client.get(reverse("graduates:graduate_detail", args=[self.g1.pk]))
        assert 'id="official-consent"' in page.content.decode() and page.context["consent"] == consent
        self.client.force_login(self.registrar)  # reads the graduate, records nothing
        assert self.client.post(url, {"status": "given"}).status_code == 403

    def count_queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert self.client.get(url).status_code == 200
        return len(captured.captured_queries)

    def test_bounded_queries_at_2_and_20(self) -> None:
        self.client.force_login(self.cc)

        def add_extracts(count: int) -> OfficialExtract:
            last = None
            for n in range(count):
                rows = [["IIN", "start"]] + [[self.g1.iin, f"0{1 + n % 9}.09.2024"]] * (n + 1)
                _r, last = extracts.run_extract(
                    io.BytesIO(csv_bytes(rows) + b"\n" * n),
                    "e.csv",
                    institution=self.institution,
                    acting_user=None,
                    dry_run=False,
                    params=extracts.ExtractParams(kind="contracts", cohorts=[2024, 2025]),
                )
            return last

        add_extracts(2)
        few_list = self.count_queries(reverse("graduates:extract_list"))
        few_api = self.count_queries("/api/v1/official-extracts/")
        small = OfficialExtract.objects.order_by("pk").last()
        few_rows = self.count_queries(reverse("graduates:extract_detail", args=[small.pk]))
        OfficialExtract.objects.all().delete()
        big = add_extracts(20)
        assert OfficialExtract.objects.count() == 20 and big.row_count == 20
        assert self.count_queries(reverse("graduates:extract_list")) == few_list
        assert self.count_queries("/api/v1/official-extracts/") == few_api
        assert self.count_queries(reverse("graduates:extract_detail", args=[big.pk])) == few_rows

    def test_api_lists(self) -> None:
        OfficialCheckConsent.objects.create(graduate=self.g1, status="given")
        OfficialCheckConsent.objects.create(graduate=self.g2, status="refused")
        api = self.api_as(self.aigerim)
        body = api.get("/api/v1/official-check-consents/").json()
        assert [(r["graduate"]["id"], r["status"]) for r in body["results"]] == [(self.g1.pk, "given")]
        api = self.api_as(self.cc)
        body = api.get("/api/v1/official-check-consents/" + "?status=refused").json()
        assert [r["graduate"]["id"] for r in body["results"]] == [self.g2.pk]
        assert self.api_as(self.aigerim).get("/api/v1/official-extracts/").json()["results"] == []

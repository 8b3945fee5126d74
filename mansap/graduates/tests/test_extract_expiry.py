"""#20: an extract upload left unmapped (or checked and never confirmed) expires as core's import jobs are failed
when their worker stopped (core.services.imports.expire, read when the page is shown); core's import pages never
show an extract upload in the students' and graduates' import's words."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from mansap.core.choices import ImportStatus
from mansap.core.models import ImportJob
from mansap.graduates.models import ExtractUpload
from mansap.graduates.services import extracts
from mansap.graduates.tests.test_extracts_views import ExtractPagesCase

OLD = dt.timedelta(days=extracts.EXPIRES_DAYS, hours=1)
MAPPING = {
    "map_iin": "ЖСН", "map_employer_bin": "Жұмыс берушінің БСН", "map_employer_name": "Жұмыс беруші",
    "map_position": "", "map_started_on": "Басталған күні", "map_ended_on": "Аяқталған күні",
}  # fmt: skip


class ExpiryTests(ExtractPagesCase):
    def age(self, upload: ExtractUpload, by: dt.timedelta) -> None:
        ImportJob.objects.filter(pk=upload.job_id).update(created_at=timezone.now() - by)

    def test_an_unmapped_upload_expires_after_the_days(self) -> None:
        self.upload_as(self.cc)
        upload = ExtractUpload.objects.get()
        self.age(upload, dt.timedelta(days=extracts.EXPIRES_DAYS - 1))
        listing = self.client.get(reverse("graduates:extract_list"))
        self.assertEqual([u.pk for u in listing.context["pending"]], [upload.pk])  # not yet
        self.age(upload, OLD)
        listing = self.client.get(reverse("graduates:extract_list"))
        self.assertEqual(listing.context["pending"], [])
        job = ImportJob.objects.get(pk=upload.job_id)
        self.assertEqual((job.status, job.report["error_code"]), (ImportStatus.FAILED, "expired"))
        self.assertEqual(job.report["error_params"], {"name": "esutd.csv", "days": extracts.EXPIRES_DAYS})
        # Its mapping page sends to its page, which says why; mapping it now is refused.
        mapping_url = reverse("graduates:extract_mapping", args=[upload.pk])
        self.assertRedirects(self.client.get(mapping_url), reverse("graduates:extract_upload", args=[upload.pk]))
        page = self.client.get(reverse("graduates:extract_upload", args=[upload.pk]), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(page, f"waited more than {extracts.EXPIRES_DAYS} days")
        with self.assertRaisesMessage(Exception, "expired"):
            extracts.set_mapping(upload, {}, acting_user=self.cc)

    def test_a_checked_upload_never_confirmed_expires_too(self) -> None:
        self.upload_as(self.cc)
        upload = ExtractUpload.objects.get()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("graduates:extract_mapping", args=[upload.pk]), {**MAPPING, "action": "check"})
        self.assertEqual(ImportJob.objects.get(pk=upload.job_id).status, ImportStatus.VALID)
        self.age(upload, OLD)
        page = self.client.get(reverse("graduates:extract_upload", args=[upload.pk]))
        self.assertFalse(page.context["can_confirm"])
        self.assertEqual(ImportJob.objects.get(pk=upload.job_id).status, ImportStatus.FAILED)

    def test_a_mapped_upload_waiting_in_the_queue_is_left_alone(self) -> None:
        self.upload_as(self.cc)
        upload = ExtractUpload.objects.get()
        ExtractUpload.objects.filter(pk=upload.pk).update(mapped=True)  # queued; the worker has not taken it
        self.age(upload, OLD)
        upload.refresh_from_db()
        self.assertFalse(extracts.expire(upload))
        self.assertEqual(ImportJob.objects.get(pk=upload.job_id).status, ImportStatus.PENDING)

    def test_core_import_pages_send_an_extract_to_its_own_page(self) -> None:
        self.upload_as(self.cc)
        upload = ExtractUpload.objects.get()
        listing = self.client.get(reverse("core:import_list"))
        self.assertNotContains(listing, "esutd.csv")
        own = reverse("graduates:extract_upload", args=[upload.pk])
        self.assertRedirects(self.client.get(reverse("core:import_detail", args=[upload.job_id])), own)
        status = self.client.get(reverse("core:import_status", args=[upload.job_id]), HTTP_HX_REQUEST="true")
        self.assertEqual(status["HX-Redirect"], own)

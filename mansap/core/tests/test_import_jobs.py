"""Import jobs whose worker died, and progress while an import writes (issue #11, "Stuck jobs").

Killing the worker mid-import kept the data intact but left the job "importing" forever, impossible
to confirm again; progress stayed at 0 through the write phase (written inside the import's open
transaction, where nobody else could read it).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any
from unittest import mock

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from mansap.core import tasks
from mansap.core.choices import ImportStatus
from mansap.core.models import ImportJob, Student
from mansap.core.services import imports

from .test_imports import HEADER, ImportTestCase, good_rows, xlsx_bytes


class StuckJobTests(ImportTestCase):
    def job(self, status: str, *, started_seconds_ago: float | None, rows: list[list[Any]] | None = None) -> ImportJob:
        job = ImportJob.objects.create(
            institution=self.institution, original_name="graduates.xlsx", created_by=self.career, status=status
        )
        job.file.save("graduates.xlsx", ContentFile(xlsx_bytes(rows or [HEADER, *good_rows()])))
        if started_seconds_ago is not None:
            job.started_at = timezone.now() - dt.timedelta(seconds=started_seconds_ago)
            job.save(update_fields=["started_at"])
        self.addCleanup(imports.forget_progress, job.pk)
        return job

    def status_page(self, job: ImportJob) -> str:
        self.client.force_login(self.career)
        response = self.client.get(reverse("core:import_status", args=[job.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_a_job_whose_worker_stopped_beating_is_failed_and_can_be_checked_again(self) -> None:
        job = self.job(ImportStatus.IMPORTING, started_seconds_ago=imports.DEAD_AFTER + 30)

        html = self.status_page(job)

        job.refresh_from_db()
        self.assertEqual(job.status, ImportStatus.FAILED)
        self.assertEqual(job.report["error_code"], "worker_died")
        self.assertIn(reverse("core:import_retry", args=[job.pk]), html)
        page = self.client.get(job.get_absolute_url()).content.decode()
        self.assertIn("The background worker stopped while graduates.xlsx was being processed", page)
        self.assertFalse(Student.objects.exists())

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("core:import_retry", args=[job.pk]))
        self.assertEqual(response.status_code, 302)
        job.refresh_from_db()
        self.assertEqual(job.status, ImportStatus.VALID)  # checked again, ready to confirm
        self.assertEqual(job.report["valid"], 3)

    def test_a_recent_heartbeat_keeps_the_job_and_its_progress_shows(self) -> None:
        job = self.job(ImportStatus.IMPORTING, started_seconds_ago=imports.DEAD_AFTER * 5)
        imports.report_progress(job.pk, 57)

        html = self.status_page(job)

        job.refresh_from_db()
        self.assertEqual(job.status, ImportStatus.IMPORTING)
        self.assertIn('aria-valuenow="57"', html)
        self.assertIn("57%", html)

    def test_a_job_waiting_in_the_queue_is_not_failed(self) -> None:
        job = self.job(ImportStatus.IMPORTING, started_seconds_ago=None)  # not taken by the worker yet
        ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))
        self.status_page(job)
        job.refresh_from_db()
        self.assertEqual(job.status, ImportStatus.IMPORTING)

    def test_only_an_interrupted_job_can_be_retried(self) -> None:
        job = self.job(ImportStatus.DONE, started_seconds_ago=10)
        self.client.force_login(self.career)
        self.client.post(reverse("core:import_retry", args=[job.pk]))
        job.refresh_from_db()
        self.assertEqual(job.status, ImportStatus.DONE)
        self.client.force_login(self.editor_b)  # another department's editor: not theirs to touch
        dead = self.job(ImportStatus.FAILED, started_seconds_ago=10)
        ImportJob.objects.filter(pk=dead.pk).update(report={"error_code": "worker_died"}, created_by=self.editor_a)
        self.assertEqual(self.client.post(reverse("core:import_retry", args=[dead.pk])).status_code, 404)


class ProgressWhileWritingTests(ImportTestCase):
    def test_progress_is_reported_outside_the_database_while_the_import_writes(self) -> None:
        rows = [HEADER, *good_rows()] * 1  # the three good rows, then 1,200 more
        for n in range(1200):
            iin_row = list(good_rows()[0])
            iin_row[0] = _iin(n)
            rows.append(iin_row)
        job = ImportJob.objects.create(
            institution=self.institution, original_name="g.xlsx", created_by=self.career, status=ImportStatus.IMPORTING
        )
        job.file.save("g.xlsx", ContentFile(xlsx_bytes(rows)))
        seen: list[tuple[int, int, bool]] = []
        real = imports.report_progress

        def spy(job_id: int, percent: int) -> None:
            seen.append((job_id, percent, Student.objects.exists()))
            real(job_id, percent)

        with mock.patch.object(imports, "report_progress", spy):
            tasks.apply_import_job.call_local(job.pk, self.career.pk)

        job.refresh_from_db()
        self.assertEqual(job.status, ImportStatus.DONE, job.report)
        self.assertEqual(Student.objects.count(), 1203)
        written = [percent for _job, percent, students in seen if students]
        self.assertTrue(written, "no progress was reported once rows were being written")
        self.assertGreater(max(written), 0)
        self.assertEqual({job_id for job_id, _p, _s in seen}, {job.pk})


class HeartbeatTests(ImportTestCase):
    def test_the_worker_beats_during_a_long_step_that_reports_no_progress(self) -> None:
        job = ImportJob.objects.create(
            institution=self.institution, original_name="g.xlsx", created_by=self.career, status=ImportStatus.IMPORTING
        )
        job.file.save("g.xlsx", ContentFile(xlsx_bytes([HEADER, *good_rows()])))
        beats: list[int] = []

        def slow_import(*args: Any, **kwargs: Any) -> Any:
            time.sleep(0.3)  # one long bulk write
            return real_run(*args, **kwargs)

        real_run = imports.run_import
        with (
            mock.patch.object(imports, "HEARTBEAT_EVERY", 0.05),
            mock.patch.object(imports, "beat", side_effect=beats.append),
            mock.patch.object(imports, "run_import", slow_import),
        ):
            tasks.apply_import_job.call_local(job.pk, self.career.pk)
        self.assertGreaterEqual(len(beats), 3)
        self.assertEqual(set(beats), {job.pk})


def _iin(n: int) -> str:
    from mansap.common.identifiers import make_iin

    return make_iin(dt.date(1999, 1, 1) + dt.timedelta(days=n), "F" if n % 2 else "M", 100 + n % 800)

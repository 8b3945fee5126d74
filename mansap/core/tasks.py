"""Background jobs of the core app (huey): checking and applying uploaded imports.

Under pytest huey runs in immediate mode, so these run inline.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.utils import timezone
from huey.contrib.djhuey import db_task

from mansap.common.importing import UnreadableFile
from mansap.core.choices import ImportStatus
from mansap.core.models import ImportJob, User
from mansap.core.services import imports

logger = logging.getLogger(__name__)

# A stored report keeps at most this many errors and warnings (the totals are kept too).
MAX_STORED_ISSUES = 20000


@db_task()
def check_import_job(job_id: int) -> None:
    """VALIDATING → VALID / INVALID / FAILED; the report (with a preview) is stored on the job."""
    job = ImportJob.objects.select_related("institution", "created_by").filter(pk=job_id).first()
    if job is None:
        return
    _set_status(job, ImportStatus.VALIDATING)
    _run(job, acting_user=job.created_by, dry_run=True, success=ImportStatus.VALID)


@db_task()
def apply_import_job(job_id: int, user_id: int | None) -> None:
    """IMPORTING → DONE; INVALID if the data changed since the check and now has errors; or FAILED."""
    job = ImportJob.objects.select_related("institution", "created_by").filter(pk=job_id).first()
    if job is None or job.status != ImportStatus.IMPORTING:
        return  # already applied (a second confirmation) or gone
    user = User.objects.filter(pk=user_id).first() if user_id else None
    _run(job, acting_user=user or job.created_by, dry_run=False, success=ImportStatus.DONE)


def _set_status(job: Any, status: str) -> None:
    job.status = status
    job.progress = 0
    job.save(update_fields=["status", "progress"])


def _run(job: Any, *, acting_user: Any, dry_run: bool, success: str) -> None:
    # Taken: from now on the job must beat, or `imports.reap` fails it as lost (see there).
    job.started_at = timezone.now()
    job.save(update_fields=["started_at"])
    imports.report_progress(job.pk, 0)
    stop = threading.Event()

    def heartbeat() -> None:  # beats even through a long bulk write that reports no progress
        while not stop.wait(imports.HEARTBEAT_EVERY):
            imports.beat(job.pk)

    threading.Thread(target=heartbeat, name=f"import-job-{job.pk}-heartbeat", daemon=True).start()
    last = {"percent": -1}

    def progress(fraction: float) -> None:
        percent = max(0, min(99, int(fraction * 100)))
        if percent != last["percent"]:
            last["percent"] = percent
            imports.report_progress(job.pk, percent)

    try:
        _process(job, acting_user=acting_user, dry_run=dry_run, success=success, progress=progress)
    finally:
        stop.set()
        imports.forget_progress(job.pk)


def _process(job: Any, *, acting_user: Any, dry_run: bool, success: str, progress: Any) -> None:
    try:
        with job.file.open("rb") as handle:
            report = imports.runner_for_job(job)(
                handle,
                job.original_name,
                institution=job.institution,
                acting_user=acting_user,
                dry_run=dry_run,
                progress=progress,
            )
    except UnreadableFile as exc:
        _finish(job, ImportStatus.FAILED, exc.to_dict())
        return
    except FileNotFoundError:
        _finish(job, ImportStatus.FAILED, UnreadableFile.because("missing_file", name=job.original_name).to_dict())
        return
    except Exception:
        logger.exception("import job %s failed", job.pk)
        _finish(job, ImportStatus.FAILED, UnreadableFile.because("internal").to_dict())
        return
    stored = _stored(report.to_dict(messages=False))
    try:
        _finish(job, success if report.ok else ImportStatus.INVALID, stored)
    except Exception:
        # Never leave a job "checking" forever: the page polls until the status changes.
        logger.exception("import job %s: the report could not be stored", job.pk)
        _finish(job, ImportStatus.FAILED, UnreadableFile.because("internal").to_dict())


def _stored(report: dict[str, Any]) -> dict[str, Any]:
    for key in ("errors", "warnings"):
        report.setdefault(f"{key}_total", len(report[key]))
        report[key] = report[key][:MAX_STORED_ISSUES]
    return report


def _finish(job: ImportJob, status: str, report: dict[str, Any]) -> None:
    job.status = status
    job.report = report
    job.progress = 100
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "report", "progress", "finished_at"])

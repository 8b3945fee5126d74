"""State changes of the core app that carry rules. Views, the API, commands and tests call these."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mansap.core.models import Membership, Student, User
from mansap.core.querysets import CHANGE


@transaction.atomic
def save_student(student: Student, *, acting_user: Any) -> Student:
    """Validate and save a student: derived fields filled, the program within the user's write scope."""
    from mansap.core.models import EducationalProgram

    if acting_user is not None and student.program_id:
        allowed = EducationalProgram.objects.with_people_for(acting_user, CHANGE).filter(pk=student.program_id)
        if not allowed.exists():
            raise ValidationError({"program": _("You cannot add or move students to this program.")})
    student.fill_derived()
    student.full_clean()
    student._history_user = acting_user if getattr(acting_user, "is_authenticated", False) else None  # type: ignore[attr-defined]
    student.save()
    return student


def set_user_language(user: User, language: str) -> None:
    """Remember the interface language a user chose (used on their next login)."""
    if user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def grant_membership(user: User, *, acting_user: Any, **fields: Any) -> Membership:
    membership = Membership(user=user, **fields)
    membership.full_clean()
    membership._history_user = acting_user  # type: ignore[attr-defined]
    membership.save()
    return membership


@transaction.atomic
def start_import(upload: Any, *, institution: Any, acting_user: Any, kind: str = "graduates") -> Any:
    """Store an uploaded file as an import job and queue its check (nothing is imported yet)."""
    from mansap.core import tasks
    from mansap.core.models import ImportJob

    job = ImportJob.objects.create(
        institution=institution, kind=kind, file=upload, original_name=upload.name[:255], created_by=acting_user
    )
    transaction.on_commit(lambda: tasks.check_import_job(job.pk))
    return job


@transaction.atomic
def confirm_import(job: Any, *, acting_user: Any) -> None:
    """Queue the import of a checked file; the job re-checks it, so it stays all or nothing."""
    from mansap.core import tasks
    from mansap.core.choices import ImportStatus

    job.status = ImportStatus.IMPORTING
    job.progress = 0
    job.save(update_fields=["status", "progress"])
    transaction.on_commit(lambda: tasks.apply_import_job(job.pk, acting_user.pk))

"""The employment figures' cache follows every write of a record or a graduate (kpi_cache).

A record saved or deleted bumps its graduate's cohort; a student saved or deleted, or written in bulk
(core.signals.students_written: the people import), bumps every cohort, since the cohort the student left
(a graduation date or program changed) is not known after the write. The bulk writers that send no
signal (the demo) call kpi_cache.bump_all themselves.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from mansap.core.models import Student
from mansap.core.signals import students_written
from mansap.graduates import kpi_cache
from mansap.graduates.models import EmploymentRecord


@receiver([post_save, post_delete], sender=EmploymentRecord, dispatch_uid="graduates_kpis_record")
def record_written(sender: Any, instance: EmploymentRecord, **kwargs: Any) -> None:
    if not kpi_cache.enabled():
        return
    if EmploymentRecord.graduate.is_cached(instance):
        graduated = instance.graduate.graduation_date
    else:
        graduated = Student.objects.filter(pk=instance.graduate_id).values_list("graduation_date", flat=True).first()
    if graduated is None:
        kpi_cache.bump_all()  # not a graduate (or gone): whatever was counted must be counted again
    else:
        kpi_cache.bump([graduated.year])


@receiver([post_save, post_delete], sender=Student, dispatch_uid="graduates_kpis_student")
def student_written(sender: Any, **kwargs: Any) -> None:
    kpi_cache.bump_all()


@receiver(students_written, dispatch_uid="graduates_kpis_students")
def students_written_in_bulk(sender: Any, **kwargs: Any) -> None:
    kpi_cache.bump_all()

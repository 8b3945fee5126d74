"""A student saved without orders in force: their baseline period follows their fields. One by one (a form, an
order's service) through post_save (services.states.refresh_baseline); in bulk (the people import) through core's
students_written signal (refresh_baselines). So the contingent's readers never write.

An institution created gets the default checklist of personal files (services.files.ensure_default_kinds): the
pages only read it."""

from __future__ import annotations

import copy
from typing import Any

from django.db.models import Field
from django.db.models.signals import post_save
from django.dispatch import receiver

from mansap.core.models import Institution, Student
from mansap.core.signals import students_written
from mansap.studentbody.services.files import ensure_default_kinds
from mansap.studentbody.services.states import refresh_baseline, refresh_baselines


@receiver(post_save, sender=Student, dispatch_uid="studentbody_baseline")
def student_saved(sender: Any, instance: Student, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    # A caller may have saved raw values (a date as "2025-06-30", a year as "2022"): read them as the fields would.
    student = copy.copy(instance)
    for name in ("graduation_date", "admission_year", "course", "program_id"):
        field = Student._meta.get_field(name.removesuffix("_id"))
        assert isinstance(field, Field)
        setattr(student, name, field.to_python(getattr(instance, name)))
    refresh_baseline(student)


@receiver(students_written, dispatch_uid="studentbody_baselines")
def students_written_in_bulk(
    sender: Any, students: list[Student], created: list[Student] | None = None, **kwargs: Any
) -> None:
    if all(student.pk for student in students):  # as written, so nothing is read back (#19)
        refresh_baselines(students, created=created or ())
        return
    known = [student.pk for student in students if student.pk]
    unknown = [student.iin for student in students if not student.pk]  # a database that returns no ids
    found = Student.objects.filter(pk__in=known)
    if unknown:
        found = found | Student.objects.filter(iin__in=unknown)
    refresh_baselines(found)


@receiver(post_save, sender=Institution, dispatch_uid="studentbody_default_kinds")
def institution_saved(
    sender: Any, instance: Institution, created: bool = False, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        ensure_default_kinds(instance)

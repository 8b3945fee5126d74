"""A student saved one by one (a form, an order's service) without orders in force: their baseline period follows
their fields (services.states.refresh_baseline). Bulk writes send no signal: the contingent's readers make the
missing baselines (ensure_baselines)."""

from __future__ import annotations

import copy
from typing import Any

from django.db.models import Field
from django.db.models.signals import post_save
from django.dispatch import receiver

from mansap.core.models import Student
from mansap.studentbody.services.states import refresh_baseline


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

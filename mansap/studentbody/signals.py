"""A student saved one by one (a form, an order's service) without orders in force: their baseline period follows
their fields (services.states.refresh_baseline). Bulk writes send no signal: the contingent's readers make the
missing baselines (ensure_baselines)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from mansap.core.models import Student
from mansap.studentbody.services.states import refresh_baseline


@receiver(post_save, sender=Student, dispatch_uid="studentbody_baseline")
def student_saved(sender: Any, instance: Student, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    refresh_baseline(instance)

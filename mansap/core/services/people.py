"""State changes of students and graduates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.core.access import CHANGE
from mansap.core.models import EducationalProgram, Student

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from mansap.core.models import User


@transaction.atomic
def save_student(student: Student, *, acting_user: User | AnonymousUser | None) -> Student:
    """Validate and save a student: derived fields filled, the program within the user's write scope.

    No acting user (a command) skips the scope check.
    """
    if acting_user is not None and student.program_id:
        allowed = EducationalProgram.objects.with_people_for(acting_user, CHANGE).filter(pk=student.program_id)
        if not allowed.exists():
            raise ValidationError({"program": _("You cannot add or move students to this program.")})
    student.fill_derived()
    student.full_clean()
    attributed(student, acting_user).save()
    return student

"""State changes of students and graduates, and the institution a user works in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mansap.core.models import Institution, Student
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


def user_institution(user: Any) -> Institution | None:
    """The institution the user works for (a superuser: the deployment's default one; others: None)."""

    from mansap.core.querysets import user_memberships

    for membership in user_memberships(user):
        return membership.institution
    if getattr(user, "is_superuser", False):
        code = getattr(settings, "MANSAP_DEFAULT_INSTITUTION_CODE", "")
        return Institution.objects.filter(code=code).first() or Institution.objects.order_by("pk").first()
    return None

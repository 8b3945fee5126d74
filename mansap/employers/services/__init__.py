"""State changes of the employers app, one module per sub-domain: organizations, vacancies, events.

Every writing service is atomic, takes the acting user keyword-only and checks the role rules that are not
about scope (the views and viewsets fetch objects in the user's scope through core.access). `student_of` is
shared by vacancies (applications) and events (registrations): both act for a student's own login.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from mansap.core.models import Student

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from mansap.core.models import User


def student_of(user: User | AnonymousUser | None) -> Student | None:
    """The Student record a login is linked to (a student or a graduate), if any.

    Read through the reverse one-to-one (Student.user, related_name="student"), which Django caches on the
    user object: one query per request whoever asks first.
    """
    if user is None or not user.is_authenticated:
        return None
    try:
        return cast("User", user).student
    except Student.DoesNotExist:
        return None


__all__ = ["student_of"]

"""API of the practice app; `register(router)` is called by mansap/api/urls.py."""

from rest_framework.routers import DefaultRouter


def register(router: DefaultRouter) -> None:
    """Register the practice viewsets on the /api/v1/ router."""
    from mansap.practice.api import assessment, staff

    staff.register(router)  # bases, contracts, practices, placements
    assessment.register(router)  # grades, diary

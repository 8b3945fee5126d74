"""API of the practice app; `register(router)` is called by mansap/api/urls.py."""

from rest_framework.routers import DefaultRouter


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""

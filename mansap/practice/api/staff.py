"""Practice API (staff part)."""

from rest_framework.routers import DefaultRouter


def register(router: DefaultRouter) -> None:
    pass

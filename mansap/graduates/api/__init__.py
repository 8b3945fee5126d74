"""The graduates app's API: employment records, contact attempts, collection rounds, employment KPIs."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from mansap.graduates.api.views import (
    CollectionRoundViewSet,
    ContactAttemptViewSet,
    EmploymentKpiViewSet,
    EmploymentRecordViewSet,
)


def register(router: DefaultRouter) -> None:
    router.register("employment-records", EmploymentRecordViewSet)
    router.register("contact-attempts", ContactAttemptViewSet)
    router.register("collection-rounds", CollectionRoundViewSet)
    router.register("employment-kpis", EmploymentKpiViewSet, basename="employment-kpis")

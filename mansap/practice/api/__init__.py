"""The practice app's API: practices, bases, contracts, placements, grades and diary entries."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from mansap.practice.api.views import (
    DiaryEntryViewSet,
    GradeViewSet,
    PlacementViewSet,
    PracticeBaseViewSet,
    PracticeContractViewSet,
    PracticeViewSet,
)


def register(router: DefaultRouter) -> None:
    router.register("practices", PracticeViewSet)
    router.register("practice-bases", PracticeBaseViewSet)
    router.register("practice-contracts", PracticeContractViewSet)
    router.register("placements", PlacementViewSet)
    router.register("practice-grades", GradeViewSet, basename="practice-grade")
    router.register("practice-diary-entries", DiaryEntryViewSet, basename="practice-diaryentry")

"""The practice app's API: practices, bases, contracts, placements, grades and diary entries."""

from __future__ import annotations

from mansap.common.api import Route
from mansap.practice.api.views import (
    DiaryEntryViewSet,
    GradeViewSet,
    PlacementViewSet,
    PracticeBaseViewSet,
    PracticeContractViewSet,
    PracticeViewSet,
)

# This app's endpoints under /api/v1/ (mansap/api/urls.py registers every app's).
ROUTES: list[Route] = [
    ("practices", PracticeViewSet),
    ("practice-bases", PracticeBaseViewSet),
    ("practice-contracts", PracticeContractViewSet),
    ("placements", PlacementViewSet),
    ("practice-grades", GradeViewSet, "practice-grade"),
    ("practice-diary-entries", DiaryEntryViewSet, "practice-diaryentry"),
]

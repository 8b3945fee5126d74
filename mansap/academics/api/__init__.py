"""The academics app's API: courses, grades (read only) and GPA (mansap/api/urls.py registers ROUTES)."""

from __future__ import annotations

from mansap.academics.api.views import (
    CourseViewSet,
    GpaViewSet,
    GradeViewSet,
    IndividualCurriculumViewSet,
    ModelCurriculumViewSet,
)
from mansap.common.api import Route

ROUTES: list[Route] = [
    ("courses", CourseViewSet),
    ("grades", GradeViewSet),
    ("gpa", GpaViewSet, "gpa"),
    ("curricula", ModelCurriculumViewSet, "curriculum"),
    ("individual-curricula", IndividualCurriculumViewSet, "individual-curriculum"),
]

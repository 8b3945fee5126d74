"""The core app's API: the institution tree, people, memberships."""

from __future__ import annotations

from mansap.common.api import Route
from mansap.core.api.views import (
    AcademicYearViewSet,
    CalendarEventViewSet,
    DepartmentViewSet,
    EducationalProgramViewSet,
    EmployeeViewSet,
    FacultyViewSet,
    GraduateViewSet,
    InstitutionViewSet,
    MembershipViewSet,
    StudentViewSet,
)

# This app's endpoints under /api/v1/ (mansap/api/urls.py registers every app's).
ROUTES: list[Route] = [
    ("memberships", MembershipViewSet),
    ("institutions", InstitutionViewSet),
    ("faculties", FacultyViewSet),
    ("departments", DepartmentViewSet),
    ("programs", EducationalProgramViewSet),
    ("academic-years", AcademicYearViewSet),
    ("calendar-events", CalendarEventViewSet),
    ("employees", EmployeeViewSet),
    ("students", StudentViewSet),
    ("graduates", GraduateViewSet, "graduate"),
]

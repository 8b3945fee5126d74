"""The core app's API: the institution tree, people, memberships."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

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


def register(router: DefaultRouter) -> None:
    router.register("memberships", MembershipViewSet)
    router.register("institutions", InstitutionViewSet)
    router.register("faculties", FacultyViewSet)
    router.register("departments", DepartmentViewSet)
    router.register("programs", EducationalProgramViewSet)
    router.register("academic-years", AcademicYearViewSet)
    router.register("calendar-events", CalendarEventViewSet)
    router.register("employees", EmployeeViewSet)
    router.register("students", StudentViewSet)
    router.register("graduates", GraduateViewSet, basename="graduate")

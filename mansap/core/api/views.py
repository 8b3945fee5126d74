"""Viewsets of the core API: declarations over ScopedViewSet, sharing the pages' FilterSets.

None is `staff_only` but the memberships: a student's or an employer contact's login lists nothing through
the others (their querysets reach no row, `200 []`), except the students and graduates endpoints, which
give a student their own record.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from mansap.common.api import ScopedViewSet
from mansap.core import filtersets
from mansap.core.access import can_view_access
from mansap.core.api import serializers
from mansap.core.models import (
    AcademicYear,
    CalendarEvent,
    Department,
    EducationalProgram,
    Employee,
    Faculty,
    Institution,
    Membership,
    Student,
)
from mansap.core.services import people as services


class InstitutionViewSet(ScopedViewSet):
    queryset = Institution.objects.order_by("pk")
    serializer_class = serializers.InstitutionSerializer
    filterset_class = filtersets.InstitutionFilterSet
    http_method_names = ["get", "put", "patch", "head", "options"]


class FacultyViewSet(ScopedViewSet):
    queryset = Faculty.objects.order_by("code")
    serializer_class = serializers.FacultySerializer
    filterset_class = filtersets.FacultyFilterSet


class DepartmentViewSet(ScopedViewSet):
    queryset = Department.objects.order_by("code")
    serializer_class = serializers.DepartmentSerializer
    filterset_class = filtersets.DepartmentFilterSet


class EducationalProgramViewSet(ScopedViewSet):
    queryset = EducationalProgram.objects.order_by("code")
    serializer_class = serializers.EducationalProgramSerializer
    filterset_class = filtersets.EducationalProgramFilterSet


class AcademicYearViewSet(ScopedViewSet):
    queryset = AcademicYear.objects.prefetch_related("events").order_by("-start_year")
    serializer_class = serializers.AcademicYearSerializer
    filterset_class = filtersets.AcademicYearFilterSet


class CalendarEventViewSet(ScopedViewSet):
    queryset = CalendarEvent.objects.select_related("academic_year").order_by("starts_on", "pk")
    serializer_class = serializers.CalendarEventSerializer
    filterset_fields = ["academic_year", "kind"]


class EmployeeViewSet(ScopedViewSet):
    queryset = Employee.objects.order_by("last_name", "first_name", "pk")
    serializer_class = serializers.EmployeeSerializer
    filterset_class = filtersets.EmployeeFilterSet


class StudentViewSet(ScopedViewSet):
    staff_only = False  # a student reads their own record here (StudentQuerySet.self_filter)
    queryset = Student.objects.with_list_related().order_by("last_name", "first_name", "pk")
    serializer_class = serializers.StudentSerializer
    filterset_class = filtersets.StudentFilterSet
    ordering_fields = ["last_name", "iin", "graduation_date", "gpa", "admission_year"]

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.save_student(Student(**serializer.validated_data), acting_user=self.request.user)

    def perform_update(self, serializer: Any) -> None:
        student = serializer.instance
        for key, value in serializer.validated_data.items():
            setattr(student, key, value)
        serializer.instance = services.save_student(student, acting_user=self.request.user)


class GraduateViewSet(StudentViewSet):
    staff_only = False  # as StudentViewSet: a graduate reads their own record
    queryset = Student.objects.graduates().with_list_related().order_by("last_name", "first_name", "pk")
    http_method_names = ["get", "head", "options"]


class CanViewAccess(BasePermission):
    """Those who may open the access pages (core.access.can_view_access); others 403, not an empty list."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return can_view_access(request.user)


class MembershipViewSet(ScopedViewSet):
    """Who has which role (read-only), for the same people and rows as the access pages (/org/access/):
    the Career Center and superusers all of the institution, management read-only, a dean the department
    memberships of their faculty (Membership.objects.for_user)."""

    staff_only = True
    queryset = Membership.objects.select_related("user").order_by("user__last_name", "user__first_name", "role", "pk")
    serializer_class = serializers.MembershipSerializer
    filterset_fields = ["role", "access", "faculty", "department"]
    http_method_names = ["get", "head", "options"]

    def get_permissions(self) -> list[Any]:
        return [*super().get_permissions(), CanViewAccess()]

"""Viewsets of the academics API, scoped as the pages are.

- courses: GET (every staff member of the institution);
- grades: GET only (Platonus is the source of truth: no one writes a grade through the API); a student reads
  their own, an advisor their advisees', a department its students', the SSC all; ?student=, ?academic_year=;
- curricula: GET, model curricula with their elective groups and rows (the SSC all, a dean the faculty's, a department
  its programs'); ?program=, ?admission_year=;
- individual-curricula: GET, with their courses (a student their own, an advisor their advisees', a department its
  students', the SSC all); ?student=, ?academic_year=, ?status=;
- gpa: GET /gpa/{student id}/ (and the list for the students in scope): the gpa command's JSON with the student;
  GET /gpa/{student id}/transcript/[?language=kk|ru|en]: the transcript (terms, courses, term and cumulative GPA).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from mansap.academics.api.serializers import (
    AcademicGradeSerializer,
    CourseSerializer,
    GpaSerializer,
    IndividualCurriculumSerializer,
    ModelCurriculumSerializer,
    TranscriptSerializer,
)
from mansap.academics.filtersets import CourseFilterSet
from mansap.academics.models import (
    Course,
    Grade,
    IndividualCurriculum,
    IndividualCurriculumItem,
    ModelCurriculum,
    ModelCurriculumRow,
)
from mansap.academics.querysets import record_students
from mansap.academics.reports.gpa import GpaResult, gpa_of, gpas_for
from mansap.academics.reports.transcript import student_transcript
from mansap.academics.services.catalogue import current_scale
from mansap.common.api import ScopedViewSet
from mansap.core.models import Student


class CourseViewSet(ScopedViewSet):
    queryset = Course.objects.with_list_related()
    serializer_class = CourseSerializer
    filterset_class = CourseFilterSet
    staff_only = True
    http_method_names = ["get", "head", "options"]


class GradeViewSet(ScopedViewSet):
    queryset = Grade.objects.with_list_related().order_by("student_id", "academic_year", "term", "course__code", "pk")
    serializer_class = AcademicGradeSerializer
    http_method_names = ["get", "head", "options"]
    filterset_fields = ["student", "academic_year", "term", "kind", "attempt"]


class ModelCurriculumViewSet(ScopedViewSet):
    queryset = (
        ModelCurriculum.objects.select_related("program")
        .prefetch_related(Prefetch("rows", ModelCurriculumRow.objects.select_related("course")), "elective_groups")
        .order_by("program__code", "admission_year", "pk")
    )
    serializer_class = ModelCurriculumSerializer
    staff_only = True
    http_method_names = ["get", "head", "options"]
    filterset_fields = ["program", "admission_year"]


class IndividualCurriculumViewSet(ScopedViewSet):
    queryset = (
        IndividualCurriculum.objects.select_related("student")
        .prefetch_related(Prefetch("items", IndividualCurriculumItem.objects.select_related("course")))
        .order_by("academic_year", "student_id", "pk")
    )
    serializer_class = IndividualCurriculumSerializer
    http_method_names = ["get", "head", "options"]
    filterset_fields = ["student", "academic_year", "status"]


def _gpa_json(student: Any, result: GpaResult) -> dict[str, Any]:
    return {"student": student.pk, "iin": student.iin, **result.as_json()}


class GpaViewSet(viewsets.ReadOnlyModelViewSet):
    """A student's GPA, computed from their grades when asked (nothing is stored)."""

    serializer_class = GpaSerializer
    queryset = Student.objects.all()

    def get_queryset(self) -> QuerySet[Student]:
        return record_students(self.request.user).select_related("institution").order_by("pk")

    @extend_schema(responses=GpaSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        student = self.get_object()
        grades = Grade.objects.filter(student=student).select_related("course")
        return Response(_gpa_json(student, gpa_of(grades, current_scale(student.institution))))

    @extend_schema(
        responses=TranscriptSerializer,
        parameters=[OpenApiParameter("language", str, enum=["kk", "ru", "en"], description="course names' language")],
    )
    @action(detail=True, serializer_class=TranscriptSerializer)
    def transcript(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        student = self.get_object()
        language = request.query_params.get("language")
        language = language if language in ("kk", "ru", "en") else None
        return Response(student_transcript(student, language).as_json())

    @extend_schema(responses=GpaSerializer(many=True))
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        students = list(page if page is not None else self.get_queryset())
        results: list[dict[str, Any]] = []
        if students:
            gpas = gpas_for(Student.objects.filter(pk__in=[s.pk for s in students]), students[0].institution)
            results = [_gpa_json(s, gpas.get(s.pk, GpaResult())) for s in students]
        return self.get_paginated_response(results) if page is not None else Response(results)

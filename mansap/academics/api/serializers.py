"""Serializers of the academics API: courses, grades (read only) and a student's GPA."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from mansap.academics.models import (
    Course,
    ElectiveGroup,
    Grade,
    IndividualCurriculum,
    IndividualCurriculumItem,
    ModelCurriculum,
    ModelCurriculumRow,
)
from mansap.common.api import ModelSerializer


class CourseSerializer(ModelSerializer):
    class Meta:
        model = Course
        fields = ["id", "code", "name_kk", "name_ru", "name_en", "credits", "cycle", "component", "department"]


class AcademicGradeSerializer(ModelSerializer):
    course_code = serializers.CharField(source="course.code", read_only=True)
    credits = serializers.IntegerField(source="course.credits", read_only=True)
    iin = serializers.CharField(source="student.iin", read_only=True)

    class Meta:
        model = Grade
        fields = [
            "id", "student", "iin", "course", "course_code", "credits", "academic_year", "term", "attestation",
            "percent", "letter", "kind", "attempt", "source",
        ]  # fmt: skip
        read_only_fields = fields


class GpaSerializer(serializers.Serializer):
    """`python manage.py gpa --json`'s object, with the student."""

    student = serializers.IntegerField()
    iin = serializers.CharField()
    cumulative = serializers.FloatField(allow_null=True)
    years = serializers.DictField(child=serializers.FloatField(allow_null=True))
    credits_attempted = serializers.IntegerField()
    credits_earned = serializers.IntegerField()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return instance


class ElectiveGroupSerializer(ModelSerializer):
    class Meta:
        model = ElectiveGroup
        fields = ["id", "name", "year_of_study", "credits"]
        read_only_fields = fields


class ModelCurriculumRowSerializer(ModelSerializer):
    course_code = serializers.CharField(source="course.code", read_only=True)
    credits = serializers.IntegerField(source="course.credits", read_only=True)

    class Meta:
        model = ModelCurriculumRow
        fields = ["id", "course", "course_code", "credits", "year_of_study", "term", "component", "elective_group"]
        read_only_fields = fields


class ModelCurriculumSerializer(ModelSerializer):
    program_code = serializers.CharField(source="program.code", read_only=True)
    elective_groups = ElectiveGroupSerializer(many=True, read_only=True)
    rows = ModelCurriculumRowSerializer(many=True, read_only=True)

    class Meta:
        model = ModelCurriculum
        fields = ["id", "program", "program_code", "admission_year", "note", "elective_groups", "rows"]
        read_only_fields = fields


class IndividualCurriculumItemSerializer(ModelSerializer):
    course_code = serializers.CharField(source="course.code", read_only=True)
    credits = serializers.IntegerField(source="course.credits", read_only=True)

    class Meta:
        model = IndividualCurriculumItem
        fields = ["id", "course", "course_code", "credits", "term"]
        read_only_fields = fields


class IndividualCurriculumSerializer(ModelSerializer):
    iin = serializers.CharField(source="student.iin", read_only=True)
    items = IndividualCurriculumItemSerializer(many=True, read_only=True)

    class Meta:
        model = IndividualCurriculum
        fields = [
            "id", "student", "iin", "academic_year", "year_of_study", "status", "comment", "submitted_at",
            "approved_at", "items",
        ]  # fmt: skip
        read_only_fields = fields


class TranscriptCourseSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    credits = serializers.IntegerField()
    letter = serializers.CharField(allow_blank=True)
    numeric = serializers.FloatField(allow_null=True)
    percent = serializers.FloatField(allow_null=True)
    kind = serializers.CharField()
    attempt = serializers.CharField()
    counted = serializers.BooleanField()


class TranscriptTermSerializer(serializers.Serializer):
    academic_year = serializers.CharField()
    term = serializers.CharField()
    gpa = serializers.FloatField(allow_null=True)
    cumulative_gpa = serializers.FloatField(allow_null=True)
    credits_earned = serializers.IntegerField()
    courses = TranscriptCourseSerializer(many=True)


class TranscriptSerializer(GpaSerializer):
    """A student's transcript (reports.transcript.Transcript.as_json): the GPA's figures and the terms."""

    language = serializers.CharField()
    terms = TranscriptTermSerializer(many=True)

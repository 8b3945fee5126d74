"""Tables of the catalogue and the grade list; the XLSX export reuses them."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mansap.academics.choices import DEBT_LETTERS
from mansap.academics.models import Course, Grade, IndividualCurriculum, ModelCurriculum
from mansap.core.tables import ATTRS


class CourseTable(tables.Table):
    code = tables.Column(verbose_name=_("Code"), linkify=True, attrs={"td": {"class": "text-nowrap"}})
    name = tables.Column(verbose_name=_("Name"), accessor="name", order_by="name_ru", linkify=True)
    credits = tables.Column(verbose_name=_("Credits"), attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}})
    cycle = tables.Column(verbose_name=_("Cycle"))
    component = tables.Column(verbose_name=_("Component"))
    department = tables.Column(verbose_name=_("Department"), order_by="department__code")

    class Meta:
        model = Course
        fields = ("code", "name", "credits", "cycle", "component", "department")
        attrs = ATTRS
        empty_text = _("No courses match the filters.")


class GradeTable(tables.Table):
    student = tables.Column(verbose_name=_("Student"), order_by=("student__last_name", "student__first_name"))
    iin = tables.Column(verbose_name=_("IIN"), accessor="student__iin")
    course = tables.Column(verbose_name=_("Course"), order_by="course__code")
    credits = tables.Column(
        verbose_name=_("Credits"),
        accessor="course__credits",
        attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}},
    )
    academic_year = tables.Column(verbose_name=_("Academic year"))
    term = tables.Column(verbose_name=_("Term"))
    letter = tables.Column(verbose_name=_("Grade"), empty_values=())
    percent = tables.Column(
        verbose_name=_("Percent"), attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}}, default="—"
    )
    attempt = tables.Column(verbose_name=_("Attempt"))

    class Meta:
        model = Grade
        fields = ("student", "iin", "course", "credits", "academic_year", "term", "letter", "percent", "attempt")
        attrs = ATTRS
        empty_text = _("No grades match the filters.")

    def render_student(self, record: Grade) -> str:
        url = reverse("academics:record", args=[record.student_id])
        return format_html('<a href="{}">{}</a>', url, record.student.full_name)

    def value_student(self, record: Grade) -> str:
        return record.student.full_name

    def render_course(self, record: Grade) -> str:
        return format_html('<span title="{}"><code>{}</code> {}</span>', record.course.name, record.course.code,
                           record.course.name)  # fmt: skip

    def value_course(self, record: Grade) -> str:
        return f"{record.course.code} {record.course.name}"

    def render_percent(self, value: Any) -> str:
        return floatformat(value, -2)

    def render_letter(self, record: Grade) -> Any:
        return letter_badge(record)

    def value_letter(self, record: Grade) -> str:
        return record.letter or record.get_kind_display()


def letter_badge(grade: Grade) -> str:
    if not grade.letter:
        return format_html('<span class="badge text-bg-secondary">{}</span>', grade.get_kind_display())
    colour = "danger" if grade.letter in DEBT_LETTERS else "success" if grade.letter.startswith("A") else "primary"
    return format_html('<span class="badge text-bg-{}">{}</span>', colour, grade.letter)


class ModelCurriculumTable(tables.Table):
    program = tables.Column(verbose_name=_("Program"), order_by="program__code", linkify=False)
    admission_year = tables.Column(verbose_name=_("Admission year"))
    department = tables.Column(
        verbose_name=_("Department"), accessor="program__department", order_by="program__department__code"
    )
    row_count = tables.Column(
        verbose_name=_("Courses"), attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}}
    )
    credit_total = tables.Column(
        verbose_name=_("Credits"), default=0, attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}}
    )

    class Meta:
        model = ModelCurriculum
        fields = ("program", "admission_year", "department", "row_count", "credit_total")
        attrs = ATTRS
        empty_text = _("No model curricula match the filters.")

    def render_program(self, record: ModelCurriculum) -> str:
        return format_html(
            '<a href="{}"><code>{}</code> {}</a>', record.get_absolute_url(), record.program.code, record.program.name
        )

    def value_program(self, record: ModelCurriculum) -> str:
        return f"{record.program.code} {record.program.name}"


class IndividualCurriculumTable(tables.Table):
    student = tables.Column(verbose_name=_("Student"), order_by=("student__last_name", "student__first_name"))
    program = tables.Column(
        verbose_name=_("Program"), accessor="student__program__code", order_by="student__program__code"
    )
    academic_year = tables.Column(verbose_name=_("Academic year"))
    year_of_study = tables.Column(verbose_name=_("Year of study"))
    status = tables.Column(verbose_name=_("Status"))
    course_count = tables.Column(
        verbose_name=_("Courses"), attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}}
    )
    credit_total = tables.Column(
        verbose_name=_("Credits"), default=0, attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}}
    )

    class Meta:
        model = IndividualCurriculum
        fields = ("student", "program", "academic_year", "year_of_study", "status", "course_count", "credit_total")
        attrs = ATTRS
        empty_text = _("No individual curricula match the filters.")

    def render_student(self, record: IndividualCurriculum) -> str:
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.student.full_name)

    def value_student(self, record: IndividualCurriculum) -> str:
        return record.student.full_name

    def render_status(self, record: IndividualCurriculum) -> str:
        return status_badge(record)

    def value_status(self, record: IndividualCurriculum) -> str:
        return str(record.get_status_display())


STATUS_COLOURS = {"draft": "secondary", "submitted": "warning", "approved": "success", "returned": "danger"}


def status_badge(curriculum: IndividualCurriculum) -> str:
    colour = STATUS_COLOURS.get(curriculum.status, "secondary")
    return format_html(
        '<span class="badge text-bg-{}" data-status="{}">{}</span>',
        colour,
        curriculum.status,
        curriculum.get_status_display(),
    )

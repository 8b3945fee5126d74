"""Tables of the core lists; the XLSX exports reuse them, so headers are translated once."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from types import SimpleNamespace
from typing import Any, cast

import django_tables2 as tables
from django.db import models
from django.db.models import F, QuerySet
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mansap.common.exports import ExportValue
from mansap.common.navigation import pk_path
from mansap.common.tables import PlainRowsTable
from mansap.core.models import (
    AcademicYear,
    Department,
    EducationalProgram,
    Employee,
    Faculty,
    ImportJob,
    Institution,
    Membership,
    Student,
    User,
)
from mansap.core.models.base import translated
from mansap.core.models.people import full_name_of

ATTRS = {"class": "table table-sm table-hover align-middle"}


class StudentTable(tables.Table):
    full_name = tables.Column(
        verbose_name=_("Full name"), linkify=True, order_by=("last_name", "first_name"), accessor="full_name"
    )
    iin = tables.Column(verbose_name=_("IIN"))
    program = tables.Column(verbose_name=_("Program"), accessor="program__code", order_by="program__code")
    department = tables.Column(verbose_name=_("Department"), accessor="program__department__code")
    course = tables.Column(verbose_name=_("Course"))
    group = tables.Column(verbose_name=_("Group"))
    study_form = tables.Column(verbose_name=_("Study form"))
    study_language = tables.Column(verbose_name=_("Language"))
    funding = tables.Column(verbose_name=_("Funding"))
    status = tables.Column(verbose_name=_("Status"))
    gpa = tables.Column(verbose_name=_("GPA"))

    class Meta:
        model = Student
        fields: tuple[str, ...] = (
            "full_name",
            "iin",
            "program",
            "department",
            "course",
            "group",
            "study_form",
            "study_language",
            "funding",
            "status",
            "gpa",
        )
        attrs = ATTRS
        empty_text = _("No students match the filters.")

    def order_gpa(self, queryset: QuerySet[Student], is_descending: bool) -> tuple[QuerySet[Student], bool]:
        # Students without a GPA go last either way, on SQLite and PostgreSQL alike.
        gpa = F("gpa").desc(nulls_last=True) if is_descending else F("gpa").asc(nulls_last=True)
        return queryset.order_by(gpa, "last_name", "pk"), True

    def value_program(self, record: Student) -> str:
        return f"{record.program.code} {record.program.name}"

    def export_values(self) -> dict[str, ExportValue | str]:
        """The export reads every column with one values_list() (mansap.common.exports.table_values)."""
        language = get_language()

        @cache
        def program(code: str, kk: str, ru: str, en: str) -> str:
            return f"{code} {translated(SimpleNamespace(name_kk=kk, name_ru=ru, name_en=en), 'name', language)}"

        return {
            "full_name": ExportValue(("last_name", "first_name", "middle_name"), full_name_of),
            "program": ExportValue(
                ("program__code", "program__name_kk", "program__name_ru", "program__name_en"), program
            ),
            "cohort": ExportValue(("graduation_date",), lambda day: day.year if day else None),
        }


def _choice_labels(field: str) -> Callable[[Any, dict[str, Any], Any], Any]:
    """A choices field's label, as django-tables2 shows it (the model's get_<field>_display), from a mapping made
    once per language: get_<field>_display builds dict(flatchoices) on every call, translating every label."""
    choices = cast("models.Field[Any, Any]", Student._meta.get_field(field)).flatchoices
    per_language: dict[str | None, dict[Any, str]] = {}

    def label(value: Any, row: dict[str, Any], bound: Any) -> Any:
        language = get_language()
        labels = per_language.get(language)
        if labels is None:
            labels = per_language[language] = {key: str(text) for key, text in choices}
        return labels.get(value, value)

    return label


class GraduateTable(PlainRowsTable, StudentTable):
    """The graduates list (core:graduate_list). Its page of rows is read with values() and each cell rendered
    from those values (common.tables.PlainRowsTable), to the same markup django-tables2 gives from the model."""

    cohort = tables.Column(verbose_name=_("Cohort"), accessor="graduation_date__year", order_by="graduation_date")
    graduation_date = tables.DateColumn(verbose_name=_("Graduation date"), short=True)
    diploma_number = tables.Column(verbose_name=_("Diploma number"))
    with_honours = tables.BooleanColumn(verbose_name=_("With honours"))

    class Meta(StudentTable.Meta):
        fields = (
            "full_name",
            "iin",
            "program",
            "department",
            "cohort",
            "graduation_date",
            "diploma_number",
            "with_honours",
            "study_form",
            "study_language",
            "funding",
            "gpa",
        )
        exclude = ("course", "group", "status")
        sequence = fields
        empty_text = _("No graduates match the filters.")

    plain_fields = (
        "pk",
        "last_name",
        "first_name",
        "middle_name",
        "iin",
        "program__code",
        "program__department__code",
        "graduation_date",
        "diploma_number",
        "with_honours",
        "study_form",
        "study_language",
        "funding",
        "gpa",
    )

    @staticmethod
    def plain_value_full_name(row: dict[str, Any]) -> str:
        return full_name_of(row["last_name"], row["first_name"], row["middle_name"])

    @staticmethod
    def plain_render_full_name(value: str, row: dict[str, Any], bound: Any) -> str:
        # linkify=True: the record's get_absolute_url(), the <a> django-tables2's LinkTransform writes
        return format_html('<a href="{}">{}</a>', pk_path("core:student_detail", row["pk"]), value)

    @staticmethod
    def plain_value_program(row: dict[str, Any]) -> Any:
        return row["program__code"]

    @staticmethod
    def plain_value_department(row: dict[str, Any]) -> Any:
        return row["program__department__code"]

    @staticmethod
    def plain_value_cohort(row: dict[str, Any]) -> Any:
        day = row["graduation_date"]
        return day.year if day else None

    @staticmethod
    def plain_render_graduation_date(value: Any, row: dict[str, Any], bound: Any) -> str:
        # DateColumn(short=True): {{ value|date:"SHORT_DATE_FORMAT"|default:default }}
        return conditional_escape(date_format(value, "SHORT_DATE_FORMAT") or bound.default)

    @staticmethod
    def plain_render_with_honours(value: Any, row: dict[str, Any], bound: Any) -> str:
        return bound.column.render(value=value, record=row, bound_column=bound)

    plain_render_study_form = staticmethod(_choice_labels("study_form"))
    plain_render_study_language = staticmethod(_choice_labels("study_language"))
    plain_render_funding = staticmethod(_choice_labels("funding"))


class InstitutionTable(tables.Table):
    short_name = tables.Column(verbose_name=_("Short name"), linkify=True)
    name = tables.Column(verbose_name=_("Name"), accessor="name", orderable=False)

    class Meta:
        model = Institution
        fields = ("short_name", "name", "code", "bin", "city")
        attrs = ATTRS


class CodeNameTable(tables.Table):
    """A list of a unit of the structure (faculties, departments, programs): its code, linking to it, then its
    name in the reader's language, sorted by the Russian name."""

    code = tables.Column(verbose_name=_("Code"), linkify=True)
    name = tables.Column(verbose_name=_("Name"), accessor="name", order_by="name_ru")


class FacultyTable(CodeNameTable):
    class Meta:
        model = Faculty
        fields = ("code", "name")
        attrs = ATTRS


class DepartmentTable(CodeNameTable):
    faculty = tables.Column(verbose_name=_("Faculty"), accessor="faculty__code")
    is_graduating = tables.BooleanColumn(verbose_name=_("Graduating"))
    program_count = tables.Column(verbose_name=_("Programs"))

    class Meta:
        model = Department
        fields = ("code", "name", "faculty", "is_graduating", "program_count")
        attrs = ATTRS


class EducationalProgramTable(CodeNameTable):
    level = tables.Column(verbose_name=_("Level"))
    group = tables.Column(verbose_name=_("Group of programs"), accessor="group__code")
    department = tables.Column(verbose_name=_("Department"), accessor="department__code")
    is_active = tables.BooleanColumn(verbose_name=_("Active"))

    class Meta:
        model = EducationalProgram
        fields = ("code", "name", "level", "group", "department", "is_active")
        attrs = ATTRS


class AcademicYearTable(tables.Table):
    name = tables.Column(verbose_name=_("Academic year"), linkify=True, order_by="start_year", accessor="name")
    starts_on = tables.DateColumn(verbose_name=_("Starts on"), short=True)
    ends_on = tables.DateColumn(verbose_name=_("Ends on"), short=True)
    is_current = tables.BooleanColumn(verbose_name=_("Current"))

    class Meta:
        model = AcademicYear
        fields = ("name", "starts_on", "ends_on", "is_current")
        attrs = ATTRS


class EmployeeTable(tables.Table):
    full_name = tables.Column(
        verbose_name=_("Full name"),
        linkify=("core:employee_detail", [tables.A("pk")]),  # Employee has no get_absolute_url
        order_by=("last_name", "first_name"),
        accessor="full_name",
    )
    department = tables.Column(verbose_name=_("Department"), accessor="department__code")
    position = tables.Column(verbose_name=_("Position"))
    email = tables.EmailColumn(verbose_name=_("E-mail"))

    class Meta:
        model = Employee
        fields = ("full_name", "department", "position", "academic_degree", "email", "is_active")
        attrs = ATTRS


class ImportJobTable(tables.Table):
    original_name = tables.Column(verbose_name=_("File"), linkify=True)
    created_at = tables.DateTimeColumn(verbose_name=_("Uploaded"), short=True)
    created_by = tables.Column(verbose_name=_("Uploaded by"))
    status = tables.Column(verbose_name=_("Status"))
    rows = tables.Column(verbose_name=_("Rows"), accessor="report__rows", orderable=False, default="—")

    class Meta:
        model = ImportJob
        fields = ("original_name", "created_at", "created_by", "status", "rows")
        attrs = ATTRS

    def render_created_by(self, value: Any) -> str:
        return getattr(value, "display_name", str(value))


class AccessUserTable(tables.Table):
    """Users and their memberships (the visible ones are prefetched as `visible_memberships`)."""

    full_name = tables.Column(
        verbose_name=_("Full name"),
        accessor="display_name",
        order_by=("last_name", "first_name", "username"),
        linkify=("core:access_user", {"pk": tables.A("pk")}),
    )
    username = tables.Column(verbose_name=_("Login"))
    email = tables.Column(verbose_name=_("E-mail"))
    memberships = tables.Column(verbose_name=_("Roles"), accessor="pk", orderable=False)
    last_login = tables.DateTimeColumn(verbose_name=_("Last login"), format="d.m.Y H:i")
    is_active = tables.BooleanColumn(verbose_name=_("Login active"))

    class Meta:
        model = User
        fields = ("full_name", "username", "email", "memberships", "last_login", "is_active")
        attrs = ATTRS
        empty_text = _("No users match the filters.")

    @staticmethod
    def membership_label(m: Membership) -> str:
        where = m.department or m.faculty or m.institution
        return f"{m.get_role_display()} · {where.code if hasattr(where, 'code') else where} · {m.get_access_display()}"

    def render_memberships(self, record: User) -> str:
        labels = [(self.membership_label(m),) for m in record.visible_memberships]  # type: ignore[attr-defined]
        return format_html_join("", '<div class="small text-nowrap">{}</div>', labels) if labels else "—"

    def value_memberships(self, record: User) -> str:
        return "; ".join(self.membership_label(m) for m in record.visible_memberships)  # type: ignore[attr-defined]

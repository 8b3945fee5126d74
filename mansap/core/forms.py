"""Model forms of the core app; choices are limited to what the acting user may use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, ScopedModelForm
from mansap.core.models import (
    AcademicYear,
    CalendarEvent,
    Department,
    EducationalProgram,
    Employee,
    Faculty,
    Institution,
    ProgramGroup,
    Student,
)
from mansap.core.querysets import CHANGE
from mansap.employers.models import Organization


class InstitutionForm(ScopedModelForm):
    class Meta:
        model = Institution
        fields = ["code", "short_name", "name_kk", "name_ru", "name_en", "bin", "city", "address", "website"]


class FacultyForm(ScopedModelForm):
    class Meta:
        model = Faculty
        fields = ["institution", "code", "name_kk", "name_ru", "name_en"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.for_user(self.user, CHANGE)


class DepartmentForm(ScopedModelForm):
    class Meta:
        model = Department
        fields = ["faculty", "code", "name_kk", "name_ru", "name_en", "is_graduating", "email", "phone"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A dean may place departments only in their own faculty.
        self.fields["faculty"].queryset = Faculty.objects.hosting_departments_for(self.user)


class EducationalProgramForm(ScopedModelForm):
    class Meta:
        model = EducationalProgram
        fields = [
            "code",
            "level",
            "name_kk",
            "name_ru",
            "name_en",
            "group",
            "department",
            "duration_years",
            "is_active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.with_people_for(self.user, CHANGE).select_related(
            "faculty"
        )
        self.fields["group"].queryset = ProgramGroup.objects.all()


class AcademicYearForm(ScopedModelForm):
    class Meta:
        model = AcademicYear
        fields = ["institution", "start_year", "starts_on", "ends_on", "is_current"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.for_user(self.user, CHANGE)


class CalendarEventForm(ScopedModelForm):
    class Meta:
        model = CalendarEvent
        fields = ["kind", "title_kk", "title_ru", "title_en", "starts_on", "ends_on"]


class EmployeeForm(ScopedModelForm):
    class Meta:
        model = Employee
        fields = [
            "last_name",
            "first_name",
            "middle_name",
            "department",
            "position",
            "academic_degree",
            "email",
            "phone",
            "is_active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.with_people_for(self.user, CHANGE)


class StudentForm(ScopedModelForm):
    class Meta:
        model = Student
        fields = [
            "iin", "last_name", "first_name", "middle_name", "last_name_latin", "first_name_latin",
            "birth_date", "sex", "email", "phone",
            "program", "minor_program", "study_form", "study_language", "funding", "sponsor",
            "admission_year", "course", "group", "status", "gpa", "advisor",
            "graduation_date", "diploma_number", "with_honours",
        ]  # fmt: skip
        help_texts = {
            "last_name_latin": _("Left empty, it is spelled from the Cyrillic name."),
            "phone": _("Any common form; saved as +7 7XX XXX XX XX."),
        }

    fieldsets = (
        (_("Person"), ("iin", "last_name", "first_name", "middle_name", "last_name_latin", "first_name_latin",
                       "birth_date", "sex", "email", "phone")),
        (_("Studies"), ("program", "minor_program", "study_form", "study_language", "funding", "sponsor",
                        "admission_year", "course", "group", "status", "gpa", "advisor")),
        (_("Graduation"), ("graduation_date", "diploma_number", "with_honours")),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        writable = EducationalProgram.objects.with_people_for(self.user, CHANGE)
        self.fields["program"].queryset = writable
        self.fields["minor_program"].queryset = EducationalProgram.objects.for_user(self.user)
        self.fields["advisor"].queryset = Employee.objects.for_user(self.user).filter(is_active=True)
        self.fields["sponsor"].queryset = Organization.objects.for_user(self.user)


class ImportUploadForm(BootstrapForm):
    file = forms.FileField(
        label=_("File (XLSX or CSV)"),
        help_text=_("The first row holds the column names; up to 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is {size} MB; the limit is {limit} MB. Split it into smaller files.").format(
                    size=round(upload.size / 1024 / 1024, 1), limit=limit // (1024 * 1024)
                )
            )
        if not upload.name.lower().endswith((".xlsx", ".csv", ".xlsm")):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file (save older .xls files as .xlsx first)."))
        return upload

"""Model forms of the core app; choices are limited to what the acting user may use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, ScopedModelForm
from mansap.core.choices import Access, Role
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
    User,
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


class GrantAccessForm(BootstrapForm):
    """Give access: an existing user or a new one invited by e-mail, then the role and its scope."""

    EXISTING = "existing"
    INVITE = "invite"

    who = forms.ChoiceField(
        label=_("Give access to"),
        choices=[(EXISTING, _("an existing user")), (INVITE, _("invite a new user by e-mail"))],
        initial=EXISTING,
    )
    user = forms.ModelChoiceField(label=_("User"), queryset=None, required=False)  # type: ignore[arg-type]
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    language = forms.ChoiceField(
        label=_("Interface language"),
        choices=[("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")],
        initial="kk",
        help_text=_("The invitation e-mail is written in this language."),
    )
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=None, required=False)  # type: ignore[arg-type]
    role = forms.ChoiceField(label=_("Role"))
    faculty = forms.ModelChoiceField(
        label=_("Faculty"),
        queryset=None,
        required=False,
        help_text=_("Only for the dean's office."),  # type: ignore[arg-type]
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=None,
        required=False,
        help_text=_("Only for department staff."),  # type: ignore[arg-type]
    )
    access = forms.ChoiceField(label=_("Access"), choices=Access.choices, initial=Access.EDIT)

    fieldsets = [
        (_("Whom"), ["who", "user"]),
        (_("New user"), ["last_name", "first_name", "email", "language"]),
        (_("Role and scope"), ["role", "institution", "faculty", "department", "access"]),
    ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from mansap.core.services import access as services

        super().__init__(*args, **kwargs)
        self.acting_user = user
        self.fields["user"].queryset = User.objects.filter(
            is_active=True, is_superuser=False, student__isnull=True, employer_contact__isnull=True
        ).order_by("last_name", "first_name", "username")
        self.fields["user"].label_from_instance = lambda u: f"{u.display_name} ({u.email or u.username})"
        self.fields["role"].choices = [(r, Role(r).label) for r in services.grantable_roles(user)]
        institutions = services.access_institutions(user).order_by("short_name")
        self.fields["institution"].queryset = institutions
        self.default_institution = institutions[0] if len(institutions) == 1 else None
        if len(institutions) <= 1:
            self.fields["institution"].widget = forms.HiddenInput()
            self.fields["institution"].initial = institutions[0].pk if institutions else None
        self.fields["faculty"].queryset = services.grantable_faculties(user).order_by("code")
        self.fields["department"].queryset = services.grantable_departments(user).order_by("code")
        if Role.DEAN not in services.grantable_roles(user):
            del self.fields["faculty"]
        hidden = {name for name, field in self.fields.items() if isinstance(field.widget, forms.HiddenInput)}
        self.fieldsets = [
            (legend, [n for n in names if n in self.fields and n not in hidden]) for legend, names in self.fieldsets
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("who") == self.EXISTING:
            if not data.get("user"):
                self.add_error("user", _("Choose the user."))
        else:
            for name in ("last_name", "first_name", "email"):
                if not data.get(name):
                    self.add_error(name, _("This field is required to invite a new user."))
        return data

    def membership_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "role": data["role"],
            "institution": data.get("institution") or self.default_institution,
            "faculty": data.get("faculty"),
            "department": data.get("department"),
            "access": data["access"],
        }


class ChangeAccessForm(BootstrapForm):
    access = forms.ChoiceField(label=_("Access"), choices=Access.choices)

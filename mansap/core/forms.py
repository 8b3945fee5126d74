"""Forms of the core app: model forms whose choices are limited to what the acting user may use, access
management, and the login's own forms (passwords, API tokens)."""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterator
from typing import Any, TypedDict, TypeVar

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, ScopedModelForm, style_fields
from mansap.core.access import CHANGE
from mansap.core.choices import Access, Role
from mansap.core.countries import DEFAULT_COUNTRY
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
from mansap.core.services import access as access_services
from mansap.core.services.access import Invitation
from mansap.core.services.accounts import API_TOKEN_MAX_DAYS, send_password_reset_link
from mansap.employers.models import Organization

M = TypeVar("M", bound=Model)

logger = logging.getLogger(__name__)


def limit_choices(form: forms.BaseForm, name: str, queryset: QuerySet[M]) -> None:
    """Offer only these rows in the form's model choice field `name` (the rows the user may use)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a model choice field")
    field.queryset = queryset


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
        limit_choices(self, "institution", Institution.objects.for_user(self.user, CHANGE))


class DepartmentForm(ScopedModelForm):
    class Meta:
        model = Department
        fields = ["faculty", "code", "name_kk", "name_ru", "name_en", "is_graduating", "email", "phone"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A dean may place departments only in their own faculty.
        limit_choices(self, "faculty", Faculty.objects.hosting_departments_for(self.user))


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
        departments = Department.objects.with_people_for(self.user, CHANGE).select_related("faculty")
        limit_choices(self, "department", departments)
        limit_choices(self, "group", ProgramGroup.objects.all())


class AcademicYearForm(ScopedModelForm):
    class Meta:
        model = AcademicYear
        fields = ["institution", "start_year", "starts_on", "ends_on", "is_current"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "institution", Institution.objects.for_user(self.user, CHANGE))


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
        limit_choices(self, "department", Department.objects.with_people_for(self.user, CHANGE))


class StudentForm(ScopedModelForm):
    class Meta:
        model = Student
        fields = [
            "iin", "last_name", "first_name", "middle_name", "last_name_latin", "first_name_latin",
            "birth_date", "sex", "citizenship", "email", "phone",
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
                       "birth_date", "sex", "citizenship", "email", "phone")),
        (_("Studies"), ("program", "minor_program", "study_form", "study_language", "funding", "sponsor",
                        "admission_year", "course", "group", "status", "gpa", "advisor")),
        (_("Graduation"), ("graduation_date", "diploma_number", "with_honours")),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "program", EducationalProgram.objects.with_people_for(self.user, CHANGE))
        limit_choices(self, "minor_program", EducationalProgram.objects.for_user(self.user))
        limit_choices(self, "advisor", Employee.objects.for_user(self.user).filter(is_active=True))
        limit_choices(self, "sponsor", Organization.objects.for_user(self.user))
        # A form posted without the citizenship (a script, an older page) keeps the student's: Kazakhstan for a new one.
        self.fields["citizenship"].required = False

    def clean_citizenship(self) -> str:
        return self.cleaned_data.get("citizenship") or self.instance.citizenship or DEFAULT_COUNTRY


class ImportUploadForm(BootstrapForm):
    file = forms.FileField(
        label=_("File (XLSX or CSV)"),
        help_text=_("The first row holds the column names; up to 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        size = upload.size or 0
        if size > limit:
            raise forms.ValidationError(
                _("The file is {size} MB; the limit is {limit} MB. Split it into smaller files.").format(
                    size=round(size / 1024 / 1024, 1), limit=limit // (1024 * 1024)
                )
            )
        if not (upload.name or "").lower().endswith((".xlsx", ".csv", ".xlsm")):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file (save older .xls files as .xlsx first)."))
        return upload


class UserChoiceField(forms.ModelChoiceField):
    """A login shown by name and e-mail (or username), so two people with the same name can be told apart."""

    def label_from_instance(self, obj: User) -> str:
        return f"{obj.display_name} ({obj.email or obj.username})"


class MembershipFields(TypedDict):
    """The role and scope chosen on the grant form, as grant_access takes them."""

    role: str
    institution: Institution | None
    faculty: Faculty | None
    department: Department | None
    access: str


class GrantAccessForm(BootstrapForm):
    """Give access: an existing user or a new one invited by e-mail, then the role and its scope."""

    EXISTING = "existing"
    INVITE = "invite"

    who = forms.ChoiceField(
        label=_("Give access to"),
        choices=[(EXISTING, _("an existing user")), (INVITE, _("invite a new user by e-mail"))],
        initial=EXISTING,
    )
    user = UserChoiceField(label=_("User"), queryset=None, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    language = forms.ChoiceField(
        label=_("Interface language"),
        choices=[("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")],
        initial="kk",
        help_text=_("The invitation e-mail is written in this language."),
    )
    institution: forms.ModelChoiceField[Institution] = forms.ModelChoiceField(
        label=_("Institution"), queryset=None, required=False
    )
    role = forms.ChoiceField(label=_("Role"))
    faculty: forms.ModelChoiceField[Faculty] = forms.ModelChoiceField(
        label=_("Faculty"), queryset=None, required=False, help_text=_("Only for the dean's office.")
    )
    department: forms.ModelChoiceField[Department] = forms.ModelChoiceField(
        label=_("Department"), queryset=None, required=False, help_text=_("Only for department staff.")
    )
    access = forms.ChoiceField(label=_("Access"), choices=Access.choices, initial=Access.EDIT)

    fieldsets = [
        (_("Whom"), ["who", "user"]),
        (_("New user"), ["last_name", "first_name", "email", "language"]),
        (_("Role and scope"), ["role", "institution", "faculty", "department", "access"]),
    ]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.acting_user = user
        limit_choices(
            self,
            "user",
            User.objects.filter(
                is_active=True, is_superuser=False, student__isnull=True, employer_contact__isnull=True
            ).order_by("last_name", "first_name", "username"),
        )
        roles = access_services.grantable_roles(user)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [(r, Role(r).label) for r in roles]
        institutions = access_services.access_institutions(user).order_by("short_name")
        limit_choices(self, "institution", institutions)
        self.default_institution = institutions[0] if len(institutions) == 1 else None
        if len(institutions) <= 1:
            self.fields["institution"].widget = forms.HiddenInput()
            self.fields["institution"].initial = institutions[0].pk if institutions else None
        limit_choices(self, "faculty", access_services.grantable_faculties(user).order_by("code"))
        limit_choices(self, "department", access_services.grantable_departments(user).order_by("code"))
        if Role.DEAN not in roles:
            del self.fields["faculty"]
        hidden = {name for name, field in self.fields.items() if isinstance(field.widget, forms.HiddenInput)}
        self.fieldsets = [
            (legend, [n for n in names if n in self.fields and n not in hidden]) for legend, names in self.fieldsets
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("who") == self.EXISTING:
            if not data.get("user"):
                self.add_error("user", _("Choose the user."))
        else:
            for name in ("last_name", "first_name", "email"):
                if not data.get(name):
                    self.add_error(name, _("This field is required to invite a new user."))
        return data

    def existing_user(self) -> User | None:
        """The user chosen to receive access, or None when a new one is invited."""
        return self.cleaned_data["user"] if self.cleaned_data["who"] == self.EXISTING else None

    def invitation(self) -> Invitation | None:
        """The new login to create and invite, or None when an existing user was chosen."""
        if self.cleaned_data["who"] == self.EXISTING:
            return None
        data = self.cleaned_data
        return Invitation(
            email=data["email"], first_name=data["first_name"], last_name=data["last_name"], language=data["language"]
        )

    def membership_fields(self) -> MembershipFields:
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


# ---- The login's own forms -----------------------------------------------------------------------------------
class SetPasswordForm(auth_forms.SetPasswordForm):
    """Django's form for a new password (an invitation's link, a forgotten password's), in the site's look and words.

    The new password must pass AUTH_PASSWORD_VALIDATORS (at least 12 characters, not a common one, not like the
    login or the name); the first field's help lists those rules.
    """

    error_messages = {**auth_forms.SetPasswordForm.error_messages, "password_mismatch": _("The two passwords differ.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password2"].label = _("The new password again")
        self.fields["new_password2"].help_text = _("Type it once more, to be sure of it.")
        style_fields(self)


class PasswordChangeForm(SetPasswordForm, auth_forms.PasswordChangeForm):
    """Django's password change (the current password, then a new one twice), in the site's look and words."""

    error_messages = {
        **SetPasswordForm.error_messages,
        "password_incorrect": _("The current password is wrong. Type it again."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's forgotten-password form: it answers the same whether or not the address belongs to a login, and
    e-mails each login with that address a link to set a new password, in the login's own language.

    Logins invited by e-mail that have not set a password yet get the link too (Django leaves out logins with
    no usable password): their invitation's link expires, and this is how they get a fresh one.
    """

    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={"invalid": _("Enter a valid e-mail address.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)

    def get_users(self, email: str) -> Iterator[User]:
        """The active logins with this address, compared as Django does (NFKC, any letter case): with or without
        a usable password."""
        wanted = unicodedata.normalize("NFKC", email).casefold()
        users = User.objects.filter(email__iexact=email, is_active=True)
        return (user for user in users if unicodedata.normalize("NFKC", user.email).casefold() == wanted)

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Send the link in the user's language; as Django does, a failure is logged and not shown (it would tell
        the visitor that the address has a login)."""
        path = reverse("password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        link = f"{context['protocol']}://{context['domain']}{path}"
        try:
            send_password_reset_link(context["user"], link)
        except Exception:
            logger.exception("Failed to send the password reset e-mail to user %s", context["user"].pk)


class ApiTokenForm(BootstrapForm):
    """A new API token: what it is for, and for how many days."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_('What the token is for, e.g. "Platonus export".'),
    )
    days = forms.IntegerField(
        label=_("Valid for, days"),
        min_value=1,
        max_value=API_TOKEN_MAX_DAYS,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"days": settings.MANSAP_API_TOKEN_DAYS})
        super().__init__(*args, **kwargs)
        self.fields["days"].help_text = _("From 1 to {max}.").format(max=API_TOKEN_MAX_DAYS)


class ClaimStudentAccountForm(BootstrapForm):
    """A student opens their own login: the IIN and the e-mail on their record (the page answers the same
    whether or not they match)."""

    iin = forms.CharField(
        label=_("IIN"),
        max_length=12,
        min_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "autofocus": True}),
        help_text=_("Your individual identification number: 12 digits."),
        error_messages={"min_length": _("The IIN has 12 digits."), "max_length": _("The IIN has 12 digits.")},
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("The address the university has on your record."),
        error_messages={"invalid": _("Enter a valid e-mail address.")},
    )

    def clean_iin(self) -> str:
        value = "".join(self.cleaned_data["iin"].split())
        if not value.isdigit() or len(value) != 12:
            raise forms.ValidationError(_("The IIN has 12 digits."), code="iin")
        return value

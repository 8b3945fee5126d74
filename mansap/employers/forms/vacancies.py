"""Forms of vacancies, applications, employer contacts, student profiles and shortlists."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, PrivateFileInput, ScopedModelForm, style_fields
from mansap.core.access import VIEW, employer_organization_id, scoped
from mansap.core.filtersets import cohort_choices
from mansap.core.models import EducationalProgram
from mansap.employers.choices import ORGANIZATION_LABEL
from mansap.employers.forms.organizations import limit_organizations, own_institution
from mansap.employers.models import Application, Organization, StudentProfile, Vacancy
from mansap.employers.services.vacancies import ProfileCV

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from mansap.core.models import User


def _programs() -> QuerySet[EducationalProgram]:
    return EducationalProgram.objects.order_by("code")


# ---- Vacancy forms -------------------------------------------------------------------------------------------
class VacancyForm(ScopedModelForm):
    """Staff choose the organization; an employer contact's vacancies are always their organization's."""

    class Meta:
        model = Vacancy
        fields = [
            "organization", "kind", "title", "description", "requirements", "programs", "region", "city",
            "employment_type", "salary_from", "salary_to", "contact_email", "expires_on",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "requirements": forms.Textarea(attrs={"rows": 4}),
            "programs": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organization = employer_organization_id(self.user)
        if organization:
            del self.fields["organization"]
            del self.fields["expires_on"]  # the Career Center sets the publication period
            self.instance.organization_id = organization
            if self.instance.institution_id is None:
                self.instance.institution_id = Organization.objects.get(pk=organization).institution_id
        else:
            limit_organizations(self)
            own_institution(self)
        institution_id = self.instance.institution_id
        self.fields["programs"].queryset = _programs().filter(  # type: ignore[attr-defined]
            department__faculty__institution_id=institution_id
        )
        if self.instance.pk is None and self.user is not None:
            self.instance.created_by = self.user
            if organization:  # an employer contact: their own address by default
                self.fields["contact_email"].initial = self.user.email


class RejectForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ApplicationForm(forms.ModelForm):
    """The CV: the one kept in the student's profile (offered first, when there is one) or a new upload."""

    PROFILE, UPLOAD = "profile", "upload"
    cv_source = forms.ChoiceField(label=_("CV"), widget=forms.RadioSelect)

    class Meta:
        model = Application
        fields = ["cv", "cover_letter"]
        widgets = {
            "cv": PrivateFileInput(attrs={"accept": ".pdf,application/pdf"}),
            "cover_letter": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, profile_cv: ProfileCV | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.profile_cv = profile_cv
        self.fields["cv"].error_messages["required"] = _("Attach your CV as a PDF file.")
        if profile_cv is None:
            del self.fields["cv_source"]
        else:
            uploaded = date_format(timezone.localtime(profile_cv.uploaded), "d.m.Y")
            source = self.fields["cv_source"]
            assert isinstance(source, forms.ChoiceField)
            source.choices = [
                (self.PROFILE, _("The CV from my profile: {name} (uploaded {date})").format(
                    name=profile_cv.name, date=uploaded
                )),
                (self.UPLOAD, _("Upload another CV")),
            ]  # fmt: skip
            source.initial = self.PROFILE
            self.fields["cv"].required = False
            self.fields["cv"].label = _("Another CV")
            self.order_fields(["cv_source", "cv", "cover_letter"])
        style_fields(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["use_profile_cv"] = False
        if self.profile_cv is not None and cleaned.get("cv_source") == self.PROFILE:
            cleaned["use_profile_cv"] = True
            cleaned["cv"] = None  # a file chosen as well is not sent (nor checked)
            self.errors.pop("cv", None)
        elif not cleaned.get("cv") and "cv" not in self.errors:
            self.add_error("cv", _("Attach your CV as a PDF file."))
        return cleaned


class StudentProfileForm(forms.ModelForm):
    class Meta:
        model = StudentProfile
        fields = ["languages", "skills", "about", "cv", "share_contacts", "share_gpa", "share_cv"]
        widgets = {
            "skills": forms.Textarea(attrs={"rows": 3}),
            "about": forms.Textarea(attrs={"rows": 4}),
            "cv": PrivateFileInput(attrs={"accept": ".pdf,application/pdf"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class InviteContactForm(BootstrapForm):
    organization = forms.ModelChoiceField(label=ORGANIZATION_LABEL, queryset=Organization.objects.none())
    email = forms.EmailField(label=_("E-mail"))
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=255, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)

    def __init__(self, *args: Any, user: User | AnonymousUser | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = scoped(Organization).for_user(user, VIEW).order_by("name_ru")


class CandidateFilterForm(BootstrapForm):
    """Pre-screening of students and graduates for a vacancy."""

    program = forms.ModelChoiceField(label=_("Program"), queryset=EducationalProgram.objects.none(), required=False)
    cohort = forms.TypedChoiceField(label=_("Cohort"), coerce=int, required=False, empty_value=None)
    gpa_min = forms.DecimalField(label=_("GPA at least"), min_value=0, max_value=4, decimal_places=2, required=False)
    languages = forms.CharField(label=_("Languages contain"), required=False)
    skills = forms.CharField(label=_("Skills contain"), required=False)

    def __init__(self, *args: Any, programs: QuerySet[EducationalProgram] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs if programs is not None else _programs()  # type: ignore[attr-defined]
        self.fields["cohort"].choices = [("", "—"), *cohort_choices()]  # type: ignore[attr-defined]

    def filter(self, students: QuerySet[Any]) -> QuerySet[Any]:
        data = self.cleaned_data
        if data.get("program"):
            students = students.filter(program=data["program"])
        if data.get("cohort"):
            students = students.filter(graduation_date__year=data["cohort"])
        if data.get("gpa_min") is not None:
            students = students.filter(gpa__gte=data["gpa_min"])
        for name in ("languages", "skills"):
            for term in (data.get(name) or "").split():
                students = students.filter(Q(**{f"profile__{name}__icontains": term}))
        return students

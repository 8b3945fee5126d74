"""Forms, filters and tables of vacancies, applications, contacts and shortlists."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import Q, QuerySet
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, ScopedModelForm, style_fields
from mansap.core.filtersets import SearchFilterSet, cohort_choices
from mansap.core.models import EducationalProgram
from mansap.core.querysets import VIEW
from mansap.core.tables import ATTRS
from mansap.employers.filtersets import ORGANIZATION_LABEL
from mansap.employers.models import Organization
from mansap.employers.services import user_institution
from mansap.employers.vacancy_models import (
    Application,
    StudentProfile,
    Vacancy,
    VacancyKind,
    VacancyStatus,
    employer_organization_id,
)
from mansap.graduates.choices import Region

VACANCY_SEARCH = ("title", "description", "organization__name_kk", "organization__name_ru", "organization__name_en",
                  "organization__short_name")  # fmt: skip


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
            self.fields["organization"].queryset = (  # type: ignore[attr-defined]
                Organization.objects.for_user(self.user, VIEW).order_by("name_ru")
            )
            if self.instance.institution_id is None and self.user is not None:
                institution = user_institution(self.user)
                if institution is not None:
                    self.instance.institution = institution
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
    class Meta:
        model = Application
        fields = ["cv", "cover_letter"]
        widgets = {
            "cv": forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
            "cover_letter": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class StudentProfileForm(forms.ModelForm):
    class Meta:
        model = StudentProfile
        fields = ["languages", "skills", "about", "cv", "share_contacts", "share_gpa", "share_cv"]
        widgets = {
            "skills": forms.Textarea(attrs={"rows": 3}),
            "about": forms.Textarea(attrs={"rows": 4}),
            "cv": forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
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

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.for_user(user, VIEW).order_by("name_ru")  # type: ignore[attr-defined]


# ---- Filters -------------------------------------------------------------------------------------------------
class VacancyFilterSet(SearchFilterSet):
    search_fields = VACANCY_SEARCH
    q = django_filters.CharFilter(label=_("Title, organization or description"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=VacancyStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=VacancyKind.choices)
    region = django_filters.ChoiceFilter(label=_("Region"), choices=Region.choices)

    class Meta(SearchFilterSet.Meta):
        model = Vacancy
        fields = ["q", "status", "kind", "region"]


class PublicVacancyFilterSet(SearchFilterSet):
    search_fields = VACANCY_SEARCH
    q = django_filters.CharFilter(label=_("Search"), method="search")
    program = django_filters.ModelChoiceFilter(
        label=_("Program"), field_name="programs", queryset=lambda request: _programs(), empty_label=_("Any")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=VacancyKind.choices, empty_label=_("Any"))
    region = django_filters.ChoiceFilter(label=_("Region"), choices=Region.choices, empty_label=_("Any"))

    class Meta(SearchFilterSet.Meta):
        model = Vacancy
        fields = ["q", "program", "kind", "region"]


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


# ---- Tables --------------------------------------------------------------------------------------------------
STATUS_COLOURS = {"draft": "secondary", "submitted": "warning", "approved": "success", "rejected": "danger"}


def vacancy_badge(vacancy: Vacancy) -> tuple[str, str]:
    if vacancy.expired:
        return str(_("Expired")), "dark"
    return vacancy.get_status_display(), STATUS_COLOURS.get(vacancy.status, "secondary")


class VacancyTable(tables.Table):
    title = tables.Column(verbose_name=_("Title"), linkify=True)
    organization = tables.Column(verbose_name=ORGANIZATION_LABEL, order_by="organization__name_ru")
    kind = tables.Column(verbose_name=_("Kind"))
    region = tables.Column(verbose_name=_("Region"))
    status = tables.Column(verbose_name=_("Status"))
    published_on = tables.DateColumn(verbose_name=_("Published on"), short=True)
    expires_on = tables.DateColumn(verbose_name=_("Expires on"), short=True)

    class Meta:
        model = Vacancy
        fields = ("title", "organization", "kind", "region", "status", "published_on", "expires_on")
        attrs = ATTRS
        empty_text = _("No vacancies match the filters.")

    def render_status(self, record: Vacancy) -> str:
        label, colour = vacancy_badge(record)
        return format_html('<span class="badge text-bg-{}">{}</span>', colour, label)

    def value_status(self, record: Vacancy) -> str:
        return vacancy_badge(record)[0]

"""Pages of the core app. Declarations only: the base views in common.views do the work."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from mansap.common.views import (
    ObjectHistoryView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    StaffRequiredMixin,
    user_can_change,
)
from mansap.core import filtersets, forms, services, tables
from mansap.core.choices import INSTITUTION_WIDE_ROLES, Role, StudentStatus
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
    User,
)
from mansap.core.querysets import VIEW, is_staff_member, user_memberships


class HomeView(LoginRequiredMixin, TemplateView):
    """A dashboard for the user's role: what they are responsible for, in numbers."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["memberships"] = [m for m in user_memberships(user)]
        for m in context["memberships"]:
            m.scope_label = str(m.department or m.faculty or m.institution) if m.pk else ""
        if is_staff_member(user):
            students = Student.objects.for_user(user, VIEW)
            this_year = timezone.localdate().year
            context["counts"] = students.aggregate(
                studying=Count("pk", filter=Q(status=StudentStatus.STUDYING)),
                graduates=Count("pk", filter=Q(graduation_date__isnull=False)),
                recent=Count("pk", filter=Q(graduation_date__year=this_year)),
                total=Count("pk"),
            )
            context["recent_cohort"] = this_year
            context["by_department"] = (
                students.values("program__department__code", "program__department__name_" + _lang())
                .annotate(
                    studying=Count("pk", filter=Q(status=StudentStatus.STUDYING)),
                    graduates=Count("pk", filter=Q(graduation_date__isnull=False)),
                )
                .order_by("program__department__code")
            )
            context["lang_name_key"] = "program__department__name_" + _lang()
            context["is_institution_wide"] = user.is_superuser or any(
                m.role in INSTITUTION_WIDE_ROLES for m in context["memberships"]
            )
            context["is_read_only"] = not user.is_superuser and not any(m.is_rw for m in context["memberships"])
            context["role_labels"] = sorted({str(Role(m.role).label) for m in context["memberships"]})
        else:
            context["student"] = Student.objects.for_user(user).with_detail_related().first()
        return context


def _lang() -> str:
    from django.utils.translation import get_language

    return (get_language() or "kk")[:2] if (get_language() or "kk")[:2] in {"kk", "ru", "en"} else "kk"


class SetLanguageView(View):
    """Django's set_language, which also remembers the choice on the user's profile."""

    def post(self, request: HttpRequest) -> HttpResponse:
        from django.views.i18n import set_language

        response = set_language(request)
        language = request.POST.get("language", "")
        if request.user.is_authenticated and language in {"kk", "ru", "en"}:
            services.set_user_language(request.user, language)
        return response


#
# Institution
#
class InstitutionListView(ScopedListView):
    queryset = Institution.objects.all()
    filterset_class = filtersets.InstitutionFilterSet
    table_class = tables.InstitutionTable


class InstitutionDetailView(ScopedDetailView):
    queryset = Institution.objects.all()
    fields = ["code", "short_name", "name_kk", "name_ru", "name_en", "bin", "city", "address", "website"]
    template_name = "core/institution_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["faculties"] = self.object.faculties.annotate(department_count=Count("departments"))
        return context


class InstitutionEditView(ScopedEditView):
    queryset = Institution.objects.all()
    form_class = forms.InstitutionForm


class InstitutionHistoryView(ObjectHistoryView):
    queryset = Institution.objects.all()


#
# Faculties
#
class FacultyListView(ScopedListView):
    queryset = Faculty.objects.all()
    filterset_class = filtersets.FacultyFilterSet
    table_class = tables.FacultyTable


class FacultyDetailView(ScopedDetailView):
    queryset = Faculty.objects.select_related("institution")
    fields = ["institution", "code", "name_kk", "name_ru", "name_en"]
    template_name = "core/faculty_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["departments"] = self.object.departments.annotate(program_count=Count("programs"))
        return context


class FacultyEditView(ScopedEditView):
    queryset = Faculty.objects.all()
    form_class = forms.FacultyForm


class FacultyDeleteView(ScopedDeleteView):
    queryset = Faculty.objects.all()


class FacultyHistoryView(ObjectHistoryView):
    queryset = Faculty.objects.all()


#
# Departments
#
class DepartmentListView(ScopedListView):
    queryset = Department.objects.with_list_related()
    filterset_class = filtersets.DepartmentFilterSet
    table_class = tables.DepartmentTable


class DepartmentDetailView(ScopedDetailView):
    queryset = Department.objects.select_related("faculty")
    fields = ["faculty", "code", "name_kk", "name_ru", "name_en", "is_graduating", "email", "phone"]
    template_name = "core/department_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["programs"] = self.object.programs.select_related("group")
        context["can_see_people"] = (
            Department.objects.with_people_for(self.request.user).filter(pk=self.object.pk).exists()
        )
        return context


class DepartmentEditView(ScopedEditView):
    queryset = Department.objects.all()
    form_class = forms.DepartmentForm


class DepartmentDeleteView(ScopedDeleteView):
    queryset = Department.objects.all()


class DepartmentHistoryView(ObjectHistoryView):
    queryset = Department.objects.all()


#
# Educational programs
#
class EducationalProgramListView(ScopedListView):
    queryset = EducationalProgram.objects.with_list_related()
    filterset_class = filtersets.EducationalProgramFilterSet
    table_class = tables.EducationalProgramTable


class EducationalProgramDetailView(ScopedDetailView):
    queryset = EducationalProgram.objects.with_list_related()
    fields = ["code", "name_kk", "name_ru", "name_en", "level", "group", "department", "duration_years", "is_active"]


class EducationalProgramEditView(ScopedEditView):
    queryset = EducationalProgram.objects.all()
    form_class = forms.EducationalProgramForm


class EducationalProgramDeleteView(ScopedDeleteView):
    queryset = EducationalProgram.objects.all()


class EducationalProgramHistoryView(ObjectHistoryView):
    queryset = EducationalProgram.objects.all()


#
# Academic years and their calendar
#
class AcademicYearListView(ScopedListView):
    queryset = AcademicYear.objects.all()
    filterset_class = filtersets.AcademicYearFilterSet
    table_class = tables.AcademicYearTable


class AcademicYearDetailView(ScopedDetailView):
    queryset = AcademicYear.objects.select_related("institution")
    fields = ["institution", "start_year", "starts_on", "ends_on", "is_current"]
    template_name = "core/academicyear_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["events"] = self.object.events.all()
        return context


class AcademicYearEditView(ScopedEditView):
    queryset = AcademicYear.objects.all()
    form_class = forms.AcademicYearForm


class AcademicYearDeleteView(ScopedDeleteView):
    queryset = AcademicYear.objects.all()


class AcademicYearHistoryView(ObjectHistoryView):
    queryset = AcademicYear.objects.all()


class CalendarEventEditView(ScopedEditView):
    """Adds a period to a year's calendar (/years/<year>/events/add/) or edits one."""

    queryset = CalendarEvent.objects.select_related("academic_year")
    form_class = forms.CalendarEventForm

    def get_object(self, queryset: Any = None) -> Any:
        obj = super().get_object(queryset)
        if obj.pk is None:
            year = get_object_or_404(AcademicYear.objects.for_user(self.request.user, VIEW), pk=self.kwargs["year"])
            if not user_can_change(self.request.user, year):
                from django.core.exceptions import PermissionDenied

                raise PermissionDenied
            obj.academic_year = year
        return obj

    def get_success_url(self) -> str:
        return self.object.academic_year.get_absolute_url()


class CalendarEventDeleteView(ScopedDeleteView):
    queryset = CalendarEvent.objects.select_related("academic_year")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        year_url = self.get_object().academic_year.get_absolute_url()
        super().post(request, *args, **kwargs)
        return HttpResponseRedirect(year_url)


#
# Employees
#
class EmployeeListView(ScopedListView):
    queryset = Employee.objects.with_list_related()
    filterset_class = filtersets.EmployeeFilterSet
    table_class = tables.EmployeeTable


class EmployeeDetailView(ScopedDetailView):
    queryset = Employee.objects.with_list_related()
    fields = ["full_name", "department", "position", "academic_degree", "email", "phone", "user", "is_active"]


class EmployeeEditView(ScopedEditView):
    queryset = Employee.objects.all()
    form_class = forms.EmployeeForm


class EmployeeDeleteView(ScopedDeleteView):
    queryset = Employee.objects.all()


class EmployeeHistoryView(ObjectHistoryView):
    queryset = Employee.objects.all()


#
# Students and graduates
#
STUDENT_FIELDS = [
    "iin", "full_name", "last_name_latin", "first_name_latin", "birth_date", "sex", "email", "phone",
    "program", "minor_program", "study_form", "study_language", "funding", "sponsor", "admission_year", "course",
    "group", "status", "gpa", "advisor", "graduation_date", "cohort", "diploma_number", "with_honours",
]  # fmt: skip


class StudentListView(ScopedListView):
    queryset = Student.objects.with_list_related()
    filterset_class = filtersets.StudentFilterSet
    table_class = tables.StudentTable


class GraduateListView(ScopedListView):
    queryset = Student.objects.graduates().with_list_related()
    filterset_class = filtersets.StudentFilterSet
    table_class = tables.GraduateTable
    export_name = "graduates"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Graduates")
        context["breadcrumbs"] = [(context["title"], None)]
        return context


class StudentDetailView(ScopedDetailView):
    queryset = Student.objects.with_detail_related()
    fields = STUDENT_FIELDS
    staff_only = False  # a student may open their own record; for_user() lets only that one through
    template_name = "core/student_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["iin_warnings"] = self.object.iin_warnings()
        context["is_staff_member"] = is_staff_member(self.request.user)
        return context


class StudentEditView(ScopedEditView):
    queryset = Student.objects.all()
    form_class = forms.StudentForm
    template_name = "core/student_form.html"

    def save(self, form: Any) -> Student:
        return services.save_student(form.instance, acting_user=self.request.user)


class StudentDeleteView(ScopedDeleteView):
    queryset = Student.objects.all()


class StudentHistoryView(ObjectHistoryView):
    queryset = Student.objects.all()


#
# Access management: who may see and change which part of the institution
#
class AccessMixin(StaffRequiredMixin):
    """Managers (Career Center, deans with edit access, superusers) and management read-only; others 403."""

    manage = False
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            allowed = services.can_manage_access if self.manage else services.can_view_access
            if not allowed(request.user):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def list_crumb(self) -> tuple[str, str]:
        return (_("Access management"), reverse("core:access_list"))


class AccessListView(AccessMixin, ScopedListView):
    queryset = User.objects.all()
    filterset_class = filtersets.AccessUserFilterSet
    table_class = tables.AccessUserTable

    def get_queryset(self) -> QuerySet[Any]:
        user = self.request.user
        visible = services.memberships_for_access(user).select_related("institution", "faculty", "department")
        return (
            services.users_for_access(user)
            .prefetch_related(
                Prefetch("memberships", queryset=visible.order_by("role", "pk"), to_attr="visible_memberships")
            )
            .order_by("last_name", "first_name", "username")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Access management")
        context["breadcrumbs"] = [(context["title"], None)]
        context["export_name"] = context["title"]
        if services.can_manage_access(self.request.user):
            context["add_url"] = reverse("core:access_grant")
            context["add_label"] = _("Give access")
        else:
            context.pop("add_url", None)
        return context

    def export_xlsx(self) -> HttpResponse:
        self.export_name = str(_("Access management"))
        return super().export_xlsx()


class AccessUserView(AccessMixin, DetailView):
    """A user's memberships (the visible ones), what the acting user may do with them, and their history."""

    template_name = "core/access_user.html"
    context_object_name = "person"

    def get_queryset(self) -> QuerySet[Any]:
        return services.users_for_access(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        person = self.object
        visible = services.memberships_for_access(user).filter(user=person)
        manageable = set(
            services.memberships_for_access(user, manage=True).filter(user=person).values_list("pk", flat=True)
        )
        memberships = list(visible.select_related("institution", "faculty", "department").order_by("role", "pk"))
        for m in memberships:
            m.can_manage = m.pk in manageable  # type: ignore[attr-defined]
        context["memberships"] = memberships
        context["can_manage"] = services.can_manage_access(user)
        context["can_deactivate"] = (
            context["can_manage"]
            and person.is_active
            and not memberships
            and person.pk != user.pk
            and not person.is_superuser
            and not person.memberships.exists()
        )
        history = services.membership_history_for(user).filter(user_id=person.pk)
        context["history"] = history.select_related("history_user", "faculty", "department", "institution").order_by(
            "-history_date"
        )[:100]
        context["breadcrumbs"] = [self.list_crumb(), (person.display_name, None)]
        context["grant_url"] = reverse("core:access_grant") + f"?user={person.pk}"
        return context


class AccessGrantView(AccessMixin, FormView):
    manage = True
    template_name = "core/access_grant.html"
    form_class = forms.GrantAccessForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        user_id = self.request.GET.get("user", "")
        if user_id.isdigit():
            initial["user"] = int(user_id)
        return initial

    def form_valid(self, form: forms.GrantAccessForm) -> HttpResponse:
        data = form.cleaned_data
        acting = self.request.user
        try:
            with transaction.atomic():
                if data["who"] == form.EXISTING:
                    person = data["user"]
                else:
                    person = services.invite_staff_user(
                        email=data["email"],
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        language=data["language"],
                        acting_user=acting,
                        request=self.request,
                    )
                membership = services.grant_membership(person, acting_user=acting, **form.membership_fields())
        except ValidationError as exc:
            errors = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
            for field, found in errors.items():
                form.add_error(field if field in form.fields else None, found)
            return self.form_invalid(form)
        if data["who"] == form.INVITE:
            messages.success(
                self.request,
                _("{email} was invited; a link to set the password was e-mailed.").format(email=person.email),
            )
        messages.success(self.request, _("Access given: {membership}.").format(membership=membership))
        return HttpResponseRedirect(reverse("core:access_user", args=[person.pk]))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Give access")
        context["breadcrumbs"] = [self.list_crumb(), (context["title"], None)]
        context["cancel_url"] = reverse("core:access_list")
        return context


class MembershipActionMixin(AccessMixin):
    manage = True
    kwargs: dict[str, Any]

    def get_membership(self) -> Membership:
        user = self.request.user
        membership = get_object_or_404(
            services.memberships_for_access(user).select_related("user", "institution", "faculty", "department"),
            pk=self.kwargs["pk"],
        )
        if not services.memberships_for_access(user, manage=True).filter(pk=membership.pk).exists():
            raise PermissionDenied
        return membership

    def back(self, membership: Membership) -> HttpResponse:
        return HttpResponseRedirect(reverse("core:access_user", args=[membership.user_id]))

    def crumbs(self, membership: Membership, label: str) -> list[tuple[str, str | None]]:
        return [
            self.list_crumb(),
            (membership.user.display_name, reverse("core:access_user", args=[membership.user_id])),
            (label, None),
        ]


class MembershipAccessView(MembershipActionMixin, View):
    """Switch a membership between read-only and read-write (POST from the user page)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = self.get_membership()
        form = forms.ChangeAccessForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose read only or read and write."))
            return self.back(membership)
        try:
            services.change_access(membership, form.cleaned_data["access"], acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.back(membership)
        messages.success(request, _("Access changed: {membership}.").format(membership=membership))
        return self.back(membership)


class MembershipRevokeView(MembershipActionMixin, TemplateView):
    """Confirm, then revoke a membership; the history keeps it."""

    template_name = "core/access_revoke.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        membership = self.get_membership()
        context["membership"] = membership
        context["breadcrumbs"] = self.crumbs(membership, _("Revoke"))
        context["back_url"] = reverse("core:access_user", args=[membership.user_id])
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = self.get_membership()
        label = str(membership)
        try:
            services.revoke_membership(membership, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.back(membership)
        messages.success(request, _("Access revoked: {membership}.").format(membership=label))
        return self.back(membership)


class AccessDeactivateView(AccessMixin, View):
    """Switch off the login of a user who has no membership left."""

    manage = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = get_object_or_404(services.users_for_access(request.user), pk=pk)
        try:
            services.deactivate_login(person, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The login of {user} was deactivated.").format(user=person.display_name))
        return HttpResponseRedirect(reverse("core:access_user", args=[person.pk]))

"""Pages of employees, students and graduates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View

from mansap.common.confirm import posted_count
from mansap.common.typing import AuthedRequest
from mansap.common.views import (
    ObjectHistoryView,
    ScopedActionView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    StaffRequiredMixin,
    mark_refused,
)
from mansap.core import filtersets, forms, tables
from mansap.core.access import CHANGE, can_invite_students, is_staff_member
from mansap.core.models import (
    Employee,
    Student,
)
from mansap.core.services import accounts as services_accounts
from mansap.core.services import people as services


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
    "iin", "full_name", "last_name_latin", "first_name_latin", "birth_date", "sex", "citizenship", "email", "phone",
    "program", "minor_program", "study_form", "study_language", "funding", "sponsor", "admission_year", "course",
    "group", "status", "gpa", "advisor", "graduation_date", "cohort", "diploma_number", "with_honours",
]  # fmt: skip


class StudentListView(ScopedListView):
    queryset = Student.objects.with_list_related()
    filterset_class = filtersets.StudentFilterSet
    table_class = tables.StudentTable

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if can_invite_students(self.request.user):
            query = self.request.GET.copy()
            for name in ("page", "sort", "export"):
                query.pop(name, None)
            url = reverse("core:student_invite_list") + (f"?{query.urlencode()}" if query else "")
            context["list_actions"] = [{"label": _("Invite these students"), "url": url, "icon": "envelope-plus"}]
        return context


class StudentInviteListView(StaffRequiredMixin, View):
    """Invite every student of the filtered list (the same filters as the list, in the query string).

    GET shows what the invitation would do (how many new logins, how many links to set a new password, who is
    skipped and why) and asks to confirm the number of e-mails; POST with that number invites. The Career
    Center and the Registrar's Office (core.access.can_invite_students); others get 403.
    """

    template_name = "core/student_invite_list.html"
    request: AuthedRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not can_invite_students(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def students(self) -> list[Student]:
        """The students of the list with the same filters (invalid filters: none, as the list's export)."""
        queryset = Student.objects.for_user(self.request.user, CHANGE).select_related("program")
        filterset = filtersets.StudentFilterSet(self.request.GET or None, queryset=queryset, request=self.request)
        if filterset.is_bound:
            rows = filterset.qs if filterset.is_valid() else queryset.none()
        else:
            rows = queryset
        return list(rows.order_by("last_name", "first_name", "pk"))

    def get(self, request: HttpRequest) -> HttpResponse:
        students = self.students()
        return self.render(services_accounts.student_invitation_plan(students), len(students))

    def post(self, request: HttpRequest) -> HttpResponse:
        students = self.students()
        try:
            plan = services_accounts.invite_students(
                students, acting_user=self.request.user, confirmed_count=posted_count(request.POST), request=request
            )
        except ValidationError as exc:
            mark_refused(request)
            messages.error(request, " ".join(exc.messages))
            return self.render(services_accounts.student_invitation_plan(students), len(students), status=409)
        messages.success(
            request,
            _("Invitations sent: {invited}; links to set a new password: {reset}; skipped: {skipped}.").format(
                invited=len(plan.invite), reset=len(plan.reset), skipped=len(plan.skipped)
            ),
        )
        return HttpResponseRedirect(self.list_url())

    def list_url(self) -> str:
        query = self.request.GET.urlencode()
        return reverse("core:student_list") + (f"?{query}" if query else "")

    def render(self, plan: services_accounts.StudentInvitationPlan, total: int, status: int = 200) -> HttpResponse:
        title = _("Invite students")
        context = {
            "title": title,
            "breadcrumbs": [(capfirst(str(Student._meta.verbose_name_plural)), self.list_url()), (title, None)],
            "plan": plan,
            "total": total,
            "count": plan.count,
            "skipped": [(student, services_accounts.skipped_reason(reason)) for student, reason in plan.skipped],
            "list_url": self.list_url(),
            "action_url": self.request.get_full_path(),
        }
        return render(self.request, self.template_name, context, status=status)


class StudentInviteView(ScopedActionView):
    """Invite one student (the button on their page): a new login and its set-password link, or, when they
    already have one, a link to set a new password."""

    queryset = Student.objects.all()
    request: AuthedRequest

    def act(self, obj: Student) -> str:
        return services_accounts.invite_student(obj, acting_user=self.request.user, request=self.request)

    def get_success_message(self, obj: Student, result: str) -> str:
        if result == services_accounts.StudentLinkOutcome.RESET:
            return _("{name} already has a login: a link to set a new password was sent to {email}.").format(
                name=obj.full_name, email=obj.user.email if obj.user else obj.email
            )
        return _("{name} is invited: a link to set the password was sent to {email}.").format(
            name=obj.full_name, email=obj.email
        )


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
        student: Student = self.object
        context["iin_warnings"] = student.iin_warnings()
        context["is_staff_member"] = is_staff_member(self.request.user)
        if can_invite_students(self.request.user, student):
            context["invite_url"] = reverse("core:student_invite", args=[student.pk])
            context["has_login"] = student.user_id is not None
        if student.user_id is not None and student.user_id == self.request.user.pk:
            context["title"] = _("My data")
            context["breadcrumbs"] = [(_("My data"), None)]
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

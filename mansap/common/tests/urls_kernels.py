"""A test URLconf: the project's URLs plus tiny views built on the shared action and service-form bases,
over an existing scoped model (core.Student). Tests opt in with ROOT_URLCONF."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path

from mansap.common.views import ScopedActionView, ScopedServiceFormView
from mansap.core.access import VIEW, user_can_change
from mansap.core.models import Student
from mansap.urls import handler403, handler404, handler500
from mansap.urls import urlpatterns as project_urlpatterns

ROW_TEMPLATE = "kernels/row.html"


def set_group(student: Student, group: str, *, acting_user: Any) -> str:
    """The "service" of these views: a locked group cannot change; FULL and CLOSED are refused."""
    if student.group == "LOCKED":
        raise ValidationError("The group is locked.", code="locked")
    if group == "FULL":
        raise ValidationError({"group": "This group is full."}, code="full")
    if group == "CLOSED":
        raise ValidationError("Enrolment is closed.", code="closed")
    student.group = group
    student.save(update_fields=["group"])
    return group


class StudentGroupAction(ScopedActionView):
    queryset = Student.objects.select_related("program")
    success_message = "Group set for {object}."

    def act(self, obj: Student) -> str:
        return set_group(obj, self.request.POST.get("group", "X"), acting_user=self.request.user)


class StudentGroupRowAction(StudentGroupAction):
    partial_template_name = ROW_TEMPLATE


class StudentGroupServiceChecks(StudentGroupAction):
    """action = VIEW: the service decides who may act (here: those who may change the student)."""

    action = VIEW
    error_level = messages.WARNING

    def act(self, obj: Student) -> str:
        if not user_can_change(self.request.user, obj):
            raise PermissionDenied
        return super().act(obj)


class GroupForm(forms.Form):
    group = forms.CharField(max_length=8)


class StudentGroupFormView(ScopedServiceFormView):
    queryset = Student.objects.all()
    form_class = GroupForm
    title = "Group of {object}"
    success_message = "Saved {object}."

    def get_initial(self, obj: Student) -> dict[str, Any]:
        return {"group": obj.group}

    def perform(self, obj: Student, form: GroupForm) -> str:
        return set_group(obj, form.cleaned_data["group"], acting_user=self.request.user)


class StudentGroupRowFormView(StudentGroupFormView):
    partial_template_name = ROW_TEMPLATE


urlpatterns = [
    path("kernels/students/<int:pk>/group/", StudentGroupAction.as_view(), name="kernels_group"),
    path("kernels/students/<int:pk>/group-row/", StudentGroupRowAction.as_view(), name="kernels_group_row"),
    path("kernels/students/<int:pk>/group-view/", StudentGroupServiceChecks.as_view(), name="kernels_group_view"),
    path("kernels/students/<int:pk>/group-form/", StudentGroupFormView.as_view(), name="kernels_group_form"),
    path("kernels/students/<int:pk>/group-form-row/", StudentGroupRowFormView.as_view(), name="kernels_group_form_row"),
    *project_urlpatterns,
]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]

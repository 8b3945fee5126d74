"""ScopedViewSet and IsStaffMember: scoping, 404 / 403, and the staff_only switch."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from rest_framework import serializers
from rest_framework.test import APIRequestFactory, force_authenticate

from mansap.common.api import IsStaffMember, ScopedViewSet
from mansap.common.testing import BaseTestCase, make_student
from mansap.core.models import Student


class StudentBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Student
        fields = ["id", "last_name", "group"]


class StudentViewSet(ScopedViewSet):
    queryset = Student.objects.order_by("pk")
    serializer_class = StudentBriefSerializer


class StaffStudentViewSet(StudentViewSet):
    staff_only = True


class ScopedViewSetTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mine = make_student(cls.program_a, last_name="Алтынбекова", user=cls.student_user)
        cls.other = make_student(cls.program_b, last_name="Бейсенова")

    def call(self, viewset: type[ScopedViewSet], user: Any, method: str = "get", pk: int | None = None) -> Any:
        factory = APIRequestFactory()
        url = f"/api/test/{pk}/" if pk else "/api/test/"
        request = getattr(factory, method)(url, {"group": "X"}, format="json") if method != "get" else factory.get(url)
        if user is not None:
            force_authenticate(request, user=user)
        if pk is None:
            return viewset.as_view({"get": "list"})(request)
        return viewset.as_view({"get": "retrieve", "patch": "partial_update"})(request, pk=pk)

    def ids(self, response: Any) -> set[int]:
        self.assertEqual(response.status_code, 200)
        return {row["id"] for row in response.data["results"]}

    def test_rows_are_scoped(self) -> None:
        self.assertEqual(self.ids(self.call(StudentViewSet, self.aigerim)), {self.mine.pk})
        self.assertEqual(self.ids(self.call(StudentViewSet, self.dana)), {self.other.pk})
        self.assertEqual(self.ids(self.call(StudentViewSet, self.cc)), {self.mine.pk, self.other.pk})

    def test_out_of_scope_is_404_and_read_only_writes_403(self) -> None:
        self.assertEqual(self.call(StudentViewSet, self.dana, pk=self.mine.pk).status_code, 404)
        self.assertEqual(self.call(StudentViewSet, self.bolat, "patch", pk=self.mine.pk).status_code, 403)
        self.assertEqual(self.call(StudentViewSet, self.aigerim, "patch", pk=self.mine.pk).status_code, 200)
        self.mine.refresh_from_db()
        self.assertEqual(self.mine.group, "X")

    def test_not_staff_only_by_default(self) -> None:
        """A student reaches their own record (the queryset's self_filter), as /api/v1/students/ allows today."""
        self.assertIs(StudentViewSet.staff_only, False)
        self.assertEqual(self.ids(self.call(StudentViewSet, self.student_user)), {self.mine.pk})

    def test_staff_only(self) -> None:
        self.assertEqual(self.call(StaffStudentViewSet, self.student_user).status_code, 403)
        self.assertEqual(self.call(StaffStudentViewSet, self.student_user, pk=self.mine.pk).status_code, 403)
        self.assertEqual(self.ids(self.call(StaffStudentViewSet, self.bolat)), {self.mine.pk})  # read-only is staff
        self.assertIn(self.call(StaffStudentViewSet, None).status_code, (401, 403))

    def test_is_staff_member_permission(self) -> None:
        permission = IsStaffMember()
        request = APIRequestFactory().get("/")
        for user, expected in ((self.admin, True), (self.rector, True), (self.bolat, True),
                               (self.student_user, False), (AnonymousUser(), False)):  # fmt: skip
            request.user = user
            self.assertIs(permission.has_permission(request, None), expected, user)  # type: ignore[arg-type]

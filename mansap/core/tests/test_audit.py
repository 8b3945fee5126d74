"""The audit trail: every change through the pages records who changed which field, and the history shows it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape

from mansap.common.testing import ScopedCRUDTests, form_data, make_student
from mansap.core.forms import DepartmentForm, EducationalProgramForm, StudentForm


class AuditTrailTests(ScopedCRUDTests):
    def latest_change(self, obj: object) -> tuple[object, list[tuple[str, object, object]]]:
        """(history_user, [(field, old, new)]) of the object's newest history record."""
        newest, older = obj.history.order_by("-history_date", "-history_id")[:2]  # type: ignore[attr-defined]
        self.assertEqual(newest.history_type, "~")
        return newest.history_user, [(c.field, c.old, c.new) for c in newest.diff_against(older).changes]

    def test_student_edit_is_recorded_and_shown(self) -> None:
        student = make_student(self.program_a, group="IS-21-1", phone="+7 701 000 00 01")
        data = form_data(student, StudentForm.Meta.fields, group="IS-21-2", phone="87012223344")
        response = self.post_as(self.aigerim, reverse("core:student_edit", args=[student.pk]), data)
        self.assertEqual(response.status_code, 302)
        user, changes = self.latest_change(student)
        self.assertEqual(user, self.aigerim)
        self.assertEqual(
            sorted(changes), [("group", "IS-21-1", "IS-21-2"), ("phone", "+7 701 000 00 01", "+7 701 222 33 44")]
        )

        response = self.assert_page_shows(
            self.bolat, reverse("core:student_history", args=[student.pk]), "Aigerim", "IS-21-1", "IS-21-2"
        )
        self.assertContains(response, "+7 701 000 00 01</span> → +7 701 222 33 44", html=False)
        self.assertContains(response, "<strong>Group</strong>", html=False)
        # the creation (by a command, no user) is listed too
        self.assertContains(response, escape("system (import or command)"))
        entries = response.context["entries"]
        self.assertEqual([e.who for e in entries], ["Aigerim", "system (import or command)"])

    def test_choice_values_are_shown_with_their_labels(self) -> None:
        student = make_student(self.program_a, funding="paid")
        data = form_data(student, StudentForm.Meta.fields, funding="grant")
        self.post_as(self.aigerim, reverse("core:student_edit", args=[student.pk]), data)
        response = self.get_as(self.aigerim, reverse("core:student_history", args=[student.pk]))
        self.assertContains(response, "fee-paying</span> → state educational grant", html=False)

    def test_program_edit_is_recorded_and_shown(self) -> None:
        data = form_data(self.program_a, EducationalProgramForm.Meta.fields, name_en="Information systems (new)")
        response = self.post_as(self.aigerim, reverse("core:educationalprogram_edit", args=[self.program_a.pk]), data)
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", None) and response.context["form"].errors
        )
        user, changes = self.latest_change(self.program_a)
        self.assertEqual(user, self.aigerim)
        self.assertEqual(changes, [("name_en", "Information systems", "Information systems (new)")])
        self.assert_page_shows(
            self.dana,  # the structure's history is visible to every staff member
            reverse("core:educationalprogram_history", args=[self.program_a.pk]),
            "Aigerim",
            "Information systems</span> → Information systems (new)",
        )

    def test_department_edit_is_recorded_and_shown(self) -> None:
        data = form_data(self.dept_a, DepartmentForm.Meta.fields, email="is@kazutb.kz", phone="8 727 000 11 22")
        response = self.post_as(self.dean, reverse("core:department_edit", args=[self.dept_a.pk]), data)
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", None) and response.context["form"].errors
        )
        user, changes = self.latest_change(self.dept_a)
        self.assertEqual(user, self.dean)
        self.assertIn(("email", "", "is@kazutb.kz"), changes)
        self.assert_page_shows(
            self.aigerim, reverse("core:department_history", args=[self.dept_a.pk]), "Dean", "is@kazutb.kz"
        )

    def test_api_changes_are_recorded(self) -> None:
        student = make_student(self.program_a, group="A")
        response = self.api_as(self.dana).patch(f"/api/v1/students/{student.pk}/", {"group": "B"}, format="json")
        self.assertEqual(response.status_code, 404)
        response = self.api_as(self.dean).patch(f"/api/v1/students/{student.pk}/", {"group": "B"}, format="json")
        self.assertEqual(response.status_code, 200)
        user, changes = self.latest_change(student)
        self.assertEqual((user, changes), (self.dean, [("group", "A", "B")]))

    def test_deletion_is_recorded(self) -> None:
        student = make_student(self.program_a)
        self.post_as(self.aigerim, reverse("core:student_delete", args=[student.pk]))
        record = student.history.model.objects.filter(id=student.pk).order_by("-history_date").first()
        self.assertEqual((record.history_type, record.history_user), ("-", self.aigerim))

    def test_history_of_another_departments_student_is_404(self) -> None:
        other = make_student(self.program_b)
        self.assert_status(self.aigerim, reverse("core:student_history", args=[other.pk]), 404)
        self.assert_status(self.bolat, reverse("core:student_history", args=[other.pk]), 404)
        self.assert_status(self.dean, reverse("core:student_history", args=[other.pk]), 200)
        third = make_student(self.program_c)
        self.assert_status(self.dean, reverse("core:student_history", args=[third.pk]), 404)
        self.assert_status(self.rector, reverse("core:student_history", args=[third.pk]), 200)

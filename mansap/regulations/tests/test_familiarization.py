"""Familiarization (issue #17): assigned to a department or a role, acknowledged per version in force; a new
major version asks again, a minor one does not."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mansap.common.testing import ScopedCRUDTests
from mansap.core.choices import Role
from mansap.regulations.models import Acknowledgement
from mansap.regulations.services import documents as services
from mansap.regulations.services.familiarization import acknowledge, assign, pending_versions
from mansap.regulations.tests.factories import approved, document, in_force

D = dt.date


class FamiliarizationTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.doc = document(cls.institution, code="KazUTB-CC-RPA-7.2-2025-02", title_ru="Правила практики")
        cls.v1 = in_force(cls.doc, D(2025, 6, 18))
        assign(cls.doc, acting_user=cls.cc, department=cls.dept_a)
        assign(cls.doc, acting_user=cls.cc, role=Role.DEAN)

    def codes(self, user) -> list[str]:  # type: ignore[no-untyped-def]
        return [f"{v.document.code} {v.number}" for v in pending_versions(user)]

    def test_assigned_people_are_asked_others_are_not(self) -> None:
        for user in (self.aigerim, self.bolat, self.dean):
            self.assertEqual(self.codes(user), ["KazUTB-CC-RPA-7.2-2025-02 1.0"], user.username)
        for user in (self.dana, self.registrar, self.rector, self.student_user):
            self.assertEqual(self.codes(user), [], user.username)

    def test_a_minor_version_does_not_ask_again_a_major_one_does(self) -> None:
        acknowledge(self.v1, acting_user=self.aigerim)
        self.assertEqual(self.codes(self.aigerim), [])
        minor = approved(self.doc, on=D(2026, 1, 10), major=1, minor=1)
        services.put_in_force(minor, acting_user=None, effective_on=D(2026, 1, 10))
        self.assertEqual(self.codes(self.aigerim), [])
        self.assertEqual(self.codes(self.bolat), ["KazUTB-CC-RPA-7.2-2025-02 1.1"])
        in_force(self.doc, D(2026, 9, 1))  # 2.0
        self.assertEqual(self.codes(self.aigerim), ["KazUTB-CC-RPA-7.2-2025-02 2.0"])

    def test_acknowledging_twice_records_once(self) -> None:
        acknowledge(self.v1, acting_user=self.aigerim)
        acknowledge(self.v1, acting_user=self.aigerim)
        self.assertEqual(list(Acknowledgement.objects.values_list("user__username", "version__major")),
                         [("aigerim", 1)])  # fmt: skip

    def test_only_the_version_in_force_is_acknowledged(self) -> None:
        draft = services.add_version(self.doc, acting_user=None)
        with self.assertRaises(ValidationError):
            acknowledge(draft, acting_user=self.aigerim)

    def test_only_the_quality_department_assigns(self) -> None:
        with self.assertRaises(PermissionDenied):
            assign(self.doc, acting_user=self.aigerim, department=self.dept_b)
        with self.assertRaises(ValidationError):
            assign(self.doc, acting_user=self.cc, department=self.dept_a)  # already assigned

    def test_the_pages(self) -> None:
        self.assert_page_shows(self.aigerim, reverse("regulations:to_read"), "KazUTB-CC-RPA-7.2-2025-02")
        self.assert_page_shows(self.aigerim, self.doc.get_absolute_url(), "I have read version 1.0")
        response = self.post_as(self.aigerim, reverse("regulations:version_acknowledge", args=[self.v1.pk]))
        self.assertEqual(response.status_code, 302)
        self.assert_page_shows(self.aigerim, self.doc.get_absolute_url(), "You have acknowledged version 1.0.")
        self.assert_page_hides(self.aigerim, reverse("regulations:to_read"), "KazUTB-CC-RPA-7.2-2025-02")
        self.assert_status(self.student_user, reverse("regulations:version_acknowledge", args=[self.v1.pk]), 403,
                           method="post")  # fmt: skip
        response = self.post_as(self.cc, reverse("regulations:document_assign", args=[self.doc.pk]),
                                {"department": self.dept_b.pk})  # fmt: skip
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.codes(self.dana), ["KazUTB-CC-RPA-7.2-2025-02 1.0"])

"""Internal-only documents are never served to anonymous visitors, students, graduates or employer contacts, and
every download of one is logged (issue #17); public documents in force reach everyone on the public register."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from mansap.common.testing import ScopedMatrixTestCase, make_student, make_user
from mansap.core.choices import StudentStatus
from mansap.employers.models import EmployerContact
from mansap.employers.tests.factories import make_org
from mansap.regulations.models import DownloadLog
from mansap.regulations.tests.factories import document, in_force, with_file

D = dt.date


class InternalOnlyTests(ScopedMatrixTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.internal = document(cls.institution, code="ПСП 11-02.112-2022", classification="internal",
                                title_ru="Положение о центре обслуживания обучающихся")  # fmt: skip
        cls.internal_version = in_force(cls.internal, D(2024, 2, 29))
        cls.public = document(cls.institution, code="KazUTB-CC-RPA-7.2-2025-02", classification="public",
                              title_ru="Правила организации профессиональной практики")  # fmt: skip
        cls.public_version = in_force(cls.public, D(2025, 6, 18))
        cls.contact = make_user("employer")
        EmployerContact.objects.create(user=cls.contact, organization=make_org(cls.institution))
        cls.graduate = make_user("graduate")
        make_student(cls.program_a, user=cls.graduate, status=StudentStatus.GRADUATED,
                     graduation_date=D(2025, 6, 28))  # fmt: skip

    def setUp(self) -> None:
        # Files in setUp: each test has its own MEDIA_ROOT (conftest), set after setUpTestData.
        with_file(self.internal_version)
        with_file(self.public_version)

    def download(self, version, public: bool = False) -> str:  # type: ignore[no-untyped-def]
        name = "regulations:public_download" if public else "regulations:version_download"
        return reverse(name, args=[version.pk, "ru"])

    def test_outsiders_never_get_the_internal_file(self) -> None:
        for user in (self.student_user, self.contact, self.graduate):
            self.assert_status(user, self.download(self.internal_version), 404)
            self.assert_status(user, self.download(self.internal_version, public=True), 404)
            self.assert_status(user, self.internal.get_absolute_url(), 403)
            api_url = reverse("documentversion-download", args=[self.internal_version.pk]) + "?language=ru"
            self.assertEqual(self.api_as(user).get(api_url).status_code, 403)
        self.assertEqual(self.get_as(None, self.download(self.internal_version)).status_code, 302)
        self.assert_status(None, self.download(self.internal_version, public=True), 404)
        self.assertEqual(self.api_as(None).get(reverse("document-list")).status_code, 401)
        self.assertEqual(DownloadLog.objects.count(), 0)

    def test_staff_get_it_and_each_download_is_logged(self) -> None:
        for user in (self.aigerim, self.cc, self.bolat, self.rector):
            response = self.assert_status(user, self.download(self.internal_version), 200)
            self.assertEqual(response["Cache-Control"], "private, no-store")
        logged = list(DownloadLog.objects.order_by("pk").values_list("user__username", "version_id", "language"))
        self.assertEqual(logged, [(name, self.internal_version.pk, "ru") for name in ("aigerim", "cc", "bolat",
                                                                                        "rector")])  # fmt: skip

    def test_another_universitys_staff_get_404(self) -> None:
        self.assert_status(self.other_cc, self.download(self.internal_version), 404)

    def test_a_public_document_is_served_to_everyone_unlogged(self) -> None:
        for user in (None, self.student_user, self.contact, self.graduate):
            self.assert_status(user, self.download(self.public_version, public=True), 200)
        self.assert_status(self.aigerim, self.download(self.public_version), 200)
        self.assertEqual(DownloadLog.objects.count(), 0)

    def test_the_public_register_lists_public_documents_only(self) -> None:
        for user in (None, self.student_user, self.contact):
            response = self.assert_status(user, reverse("regulations:public_register"), 200)
            self.assertContains(response, "KazUTB-CC-RPA-7.2-2025-02")
            self.assertNotContains(response, "ПСП 11-02.112-2022")
        response = self.get_as(None, reverse("regulations:public_register") + "?q=центре")
        self.assertNotContains(response, "ПСП 11-02.112-2022")

    def test_a_superseded_public_version_is_not_public_any_more(self) -> None:
        in_force(self.public, D(2026, 9, 1))
        self.assert_status(None, self.download(self.public_version, public=True), 404)

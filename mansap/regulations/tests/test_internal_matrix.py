"""The internal-only rule of issue #17 for EVERY kind of user, on every page, API endpoint and download of the app.

test_access.py walks the main cases; this file is the exhaustive proof the issue's "Done means" asks for: each
kind of user who is not staff of the university (the anonymous visitor, a student, a graduate, an employer's
contact, a consortium-only viewer, a login with no role at all, another university's staff) is refused every page,
every API endpoint and every download that could carry the internal document, and its code never appears in any
answer; every kind of staff of the university downloads it on the page and in the API and each download is logged
(who, which version, which language).
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from mansap.common.testing import ScopedMatrixTestCase, make_student, make_user
from mansap.core.choices import StudentStatus
from mansap.core.models import Consortium
from mansap.employers.models import EmployerContact
from mansap.employers.tests.factories import make_org
from mansap.regulations.models import DownloadLog
from mansap.regulations.reports.sheets import FORMATS, KINDS
from mansap.regulations.services.changes import record_change
from mansap.regulations.services.distribution import issue_copy
from mansap.regulations.services.familiarization import acknowledge, assign
from mansap.regulations.services.reviews import record_review
from mansap.regulations.tests.factories import document, in_force, with_file

D = dt.date
CODE = "ПСП 11-02.112-2022"
TITLE = "Положение о центре обслуживания обучающихся"


class InternalOnlyEveryUserTests(ScopedMatrixTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.internal = document(cls.institution, code=CODE, classification="internal", title_ru=TITLE)
        cls.version = in_force(cls.internal, D(2024, 2, 29))
        record_review(cls.internal, acting_user=None, reviewed_on=D(2025, 3, 1), reviewer="Head", result="no_change")
        record_change(cls.internal, acting_user=None, sheets_replaced="5", made_on=D(2025, 4, 1), made_by_name="A")
        issue_copy(cls.internal, acting_user=None, issued_on=D(2025, 4, 2), recipient_name="ЦОО")
        assign(cls.internal, acting_user=None, role="department")
        acknowledge(cls.version, acting_user=cls.aigerim)
        contact = make_user("employer")
        EmployerContact.objects.create(user=contact, organization=make_org(cls.institution))
        graduate = make_user("graduate")
        make_student(cls.program_a, user=graduate, status=StudentStatus.GRADUATED, graduation_date=D(2025, 6, 28))
        ministry = make_user("ministry")
        Consortium.objects.create(name_kk="Министрлік", name_ru="Министерство", name_en="Ministry").members.add(
            ministry
        )
        cls.outsiders = {
            "anonymous": None,
            "student": cls.student_user,
            "graduate": graduate,
            "employer contact": contact,
            "consortium viewer": ministry,
            "login with no role": make_user("nobody"),
            "another university's staff": cls.other_cc,
        }
        cls.staff = {
            "superuser": cls.admin, "career center": cls.cc, "registrar": cls.registrar, "management": cls.rector,
            "dean": cls.dean, "department": cls.aigerim, "department (read only)": cls.bolat,
            "another department": cls.dana,
        }  # fmt: skip

    def setUp(self) -> None:
        with_file(self.version, "ru")

    def list_pages(self) -> list[str]:
        """Pages of a register: another university's staff open their own, where this document never is."""
        return [
            reverse("regulations:document_list"),
            reverse("regulations:document_list") + "?q=центре",
            reverse("regulations:to_read"),
            reverse("regulations:familiarization_status"),
            reverse("regulations:document_import"),
        ]

    def object_pages(self) -> list[str]:
        """The document's own page, its control sheets and every download of its version."""
        pk, version = self.internal.pk, self.version.pk
        urls = [reverse("regulations:document_detail", args=[pk])]
        urls += [reverse("regulations:control_sheet", args=[pk, kind, "ru", fmt]) for kind in KINDS for fmt in FORMATS]
        urls += [
            reverse(name, args=[version, language])
            for name in ("regulations:version_download", "regulations:public_download")
            for language in ("kk", "ru", "en")
        ]
        return urls

    def api_lists(self) -> list[str]:
        urls = [reverse(f"{name}-list") for name in ("document", "documentversion", "review", "acknowledgement",
                                                      "changerecord", "workingcopy")]  # fmt: skip
        return [*urls, reverse("document-list") + "?q=центре"]

    def api_objects(self) -> list[str]:
        return [
            reverse("document-detail", args=[self.internal.pk]),
            reverse("documentversion-detail", args=[self.version.pk]),
            *(reverse("documentversion-download", args=[self.version.pk]) + f"?language={language}"
              for language in ("kk", "ru", "en")),
        ]  # fmt: skip

    def test_no_outsider_gets_a_page_an_api_answer_or_a_file_with_it(self) -> None:
        for kind, user in self.outsiders.items():
            staff_elsewhere = kind == "another university's staff"
            with self.subTest(kind=kind):
                for url in self.list_pages():
                    response = self.get_as(user, url)
                    allowed = (200,) if staff_elsewhere else (302, 403, 404)
                    self.assertIn(response.status_code, allowed, f"{kind}: GET {url}")
                    self.assertNotIn(CODE.encode(), response.content, f"{kind}: GET {url}")
                for url in self.object_pages():
                    response = self.get_as(user, url)
                    self.assertIn(response.status_code, (302, 403, 404), f"{kind}: GET {url}")
                    self.assertNotIn(CODE.encode(), response.content, f"{kind}: GET {url}")
                for url in self.api_lists():
                    response = self.api_as(user).get(url)
                    if staff_elsewhere:
                        self.assertEqual((response.status_code, response.json()["count"]), (200, 0), url)
                    else:
                        self.assertIn(response.status_code, (401, 403, 404), f"{kind}: API {url}")
                    self.assertNotIn(CODE.encode(), response.content, f"{kind}: API {url}")
                for url in self.api_objects():
                    response = self.api_as(user).get(url)
                    self.assertIn(response.status_code, (401, 403, 404), f"{kind}: API {url}")
                    self.assertNotIn(CODE.encode(), response.content, f"{kind}: API {url}")
                for url in (
                    reverse("regulations:public_register"),
                    reverse("regulations:public_register") + "?q=центре",
                ):
                    response = self.get_as(user, url)
                    self.assertEqual(
                        response.status_code, 404 if kind == "consortium viewer" else 200, f"{kind}: {url}"
                    )
                    self.assertNotContains(response, CODE, status_code=response.status_code)
                    self.assertNotContains(response, TITLE, status_code=response.status_code)
        self.assertEqual(DownloadLog.objects.count(), 0)

    def test_every_kind_of_staff_downloads_it_on_the_page_and_in_the_api_each_time_logged(self) -> None:
        page = reverse("regulations:version_download", args=[self.version.pk, "ru"])
        api = reverse("documentversion-download", args=[self.version.pk]) + "?language=ru"
        for kind, user in self.staff.items():
            with self.subTest(kind=kind):
                self.assert_status(user, page, 200)
                self.assertEqual(self.api_as(user).get(api).status_code, 200)
                # The public download never serves it, even to staff: it is not a public document.
                self.assert_status(user, reverse("regulations:public_download", args=[self.version.pk, "ru"]), 404)
        logged = list(DownloadLog.objects.order_by("pk").values_list("user__username", "version_id", "language"))
        expected = [(user.username, self.version.pk, "ru") for user in self.staff.values() for _ in (1, 2)]
        self.assertEqual(logged, expected)
        self.assertEqual(DownloadLog.objects.filter(at__isnull=True).count(), 0)

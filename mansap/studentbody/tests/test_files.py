"""Personal files, the return of originals and the archive (issue #15, R-101–R-104, R-122, R-127): the checklist's
completeness, who sees a file (another department 404, a student only their own), a return refused for a studying
student, an archived file read-only, the archive search by IIN and by a Cyrillic name fragment, bounded queries."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core.models import Student
from mansap.core.tests.test_query_counts import QueryCountTestCase
from mansap.studentbody.models import FileItem, PersonalFile
from mansap.studentbody.services import files

D = dt.date


class FileTestCase(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.kinds = {kind.code: kind for kind in files.ensure_default_kinds(cls.institution)}
        cls.mine = make_student(cls.program_a, last_name="Бекова", first_name="Дана", user=cls.student_user)
        cls.grant = make_student(cls.program_a, funding="grant")
        cls.left = make_student(cls.program_a, last_name="Омаров", first_name="Ерлан", status="expelled")

    def setUp(self) -> None:
        translation.activate("en")

    def receive(self, student: Student, *codes: str, **values: object) -> None:
        for code in codes:
            files.record_item(student, self.kinds[code], acting_user=self.registrar, **values)  # type: ignore[arg-type]


class ChecklistTests(FileTestCase):
    def test_the_default_checklist(self) -> None:
        self.assertEqual(len(self.kinds), 8)
        self.assertEqual(files.checklist(self.mine).required, 6)  # the grant certificate is not asked of her
        self.assertEqual(files.checklist(self.grant).required, 7)
        self.assertEqual(len(files.ensure_default_kinds(self.institution)), 8)  # made once

    def test_completeness_follows_the_documents_received(self) -> None:
        self.receive(self.mine, "id_copy", "photos", received_on=D(2026, 8, 20))
        checklist = files.checklist(self.mine)
        self.assertEqual((checklist.received_required, checklist.required, checklist.complete), (2, 6, False))
        self.assertEqual(
            [line.kind.code for line in checklist.missing],
            ["previous_education", "medical_086", "unt_certificate", "applications"],
        )
        self.receive(
            self.mine, "previous_education", "medical_086", "unt_certificate", "applications", "order_extracts"
        )
        self.assertTrue(files.checklist(self.mine).complete)
        found = files.incomplete_annotations(Student.objects.filter(pk__in=[self.mine.pk, self.grant.pk]))
        self.assertEqual(
            {s.pk: (s.required_kinds, s.received_kinds, s.missing_kinds) for s in found},
            {self.mine.pk: (6, 6, 0), self.grant.pk: (7, 0, 7)},
        )

    def test_a_check_records_who_and_when(self) -> None:
        self.receive(self.mine, "id_copy", received_on=D(2026, 8, 20), checked_on=D(2026, 8, 21), note="нотариально")
        item = FileItem.objects.get(file__student=self.mine, kind=self.kinds["id_copy"])
        self.assertEqual((item.checked_on, item.checked_by, item.is_original, item.note),
                         (D(2026, 8, 21), self.registrar, False, "нотариально"))  # fmt: skip
        with self.assertRaisesMessage(ValidationError, "checked on or after the day it is received"):
            self.receive(self.mine, "photos", received_on=D(2026, 8, 20), checked_on=D(2026, 8, 19))

    def test_only_the_ssc_changes_a_file(self) -> None:
        from django.core.exceptions import PermissionDenied

        with self.assertRaises(PermissionDenied):
            files.record_item(self.mine, self.kinds["photos"], acting_user=self.aigerim)


class FilePageTests(FileTestCase):
    def url(self, student: Student) -> str:
        return reverse("studentbody:file_detail", args=[student.pk])

    def test_who_sees_a_file(self) -> None:
        for user, status in ((self.registrar, 200), (self.aigerim, 200), (self.dean, 200), (self.rector, 200),
                             (self.dana, 404), (self.student_user, 403)):  # fmt: skip
            with self.subTest(user.username):
                self.assert_status(user, self.url(self.mine), status)

    def test_a_department_reads_but_does_not_tick(self) -> None:
        response = self.get_as(self.aigerim, self.url(self.mine))
        self.assertNotIn("received_form", response.context)
        post = reverse("studentbody:file_received", args=[self.mine.pk])
        self.assert_status(self.aigerim, post, 403, "post")
        self.assert_status(self.dana, post, 404, "post")

    def test_the_registrar_ticks_two_documents(self) -> None:
        self.client.force_login(self.registrar)
        response = self.client.post(
            reverse("studentbody:file_received", args=[self.mine.pk]),
            {"kinds": [self.kinds["photos"].pk, self.kinds["id_copy"].pk]},
        )
        self.assertRedirects(response, self.url(self.mine), fetch_redirect_response=False)
        response = self.client.get(self.url(self.mine))
        self.assertContains(response, "2 of 6 required received")

    def test_the_student_sees_their_own_checklist(self) -> None:
        self.receive(self.mine, "photos")
        response = self.get_as(self.student_user, reverse("studentbody:my_file"))
        self.assertContains(response, "5 required documents are missing")
        self.assertContains(response, "Medical form 086-у")
        self.assertEqual(response.context["student"], self.mine)

    def test_the_incomplete_files_list_and_its_export(self) -> None:
        self.receive(self.mine, "previous_education", "id_copy", "photos", "medical_086", "unt_certificate",
                     "applications")  # fmt: skip
        url = reverse("studentbody:file_list") + "?completeness=incomplete"
        response = self.get_as(self.aigerim, url)
        self.assertEqual({s.pk for s in response.context["table"].data}, {self.grant.pk, self.left.pk})
        self.assertEqual(self.get_as(self.dana, url).context["table"].data.data.count(), 0)
        rows = self.xlsx_rows(self.get_as(self.registrar, url + "&export=xlsx"))
        self.assertEqual(rows[0][:2], ["Student", "IIN"])
        self.assertEqual(sorted(row[4] for row in rows[1:]), ["0 / 6", "0 / 7"])

    def test_the_location(self) -> None:
        self.client.force_login(self.registrar)
        self.client.post(reverse("studentbody:file_location", args=[self.mine.pk]),
                         {"room": "214", "shelf": "3", "box": "12"})  # fmt: skip
        self.assertEqual(PersonalFile.objects.get(student=self.mine).location, "room 214, shelf 3, box 12")


class ReturnTests(FileTestCase):
    def test_refused_for_a_studying_student(self) -> None:
        self.receive(self.mine, "previous_education")
        with self.assertRaisesMessage(ValidationError, "Бекова Дана is studying: originals are given back only"):
            files.return_originals(self.mine, [self.kinds["previous_education"]], acting_user=self.registrar)
        self.client.force_login(self.registrar)
        response = self.client.get(reverse("studentbody:file_return", args=[self.mine.pk]))
        self.assertContains(response, "Бекова Дана is studying")
        self.assertIsNone(FileItem.objects.get(file__student=self.mine).returned_on)

    def test_originals_given_back_to_an_expelled_student(self) -> None:
        self.receive(self.left, "previous_education", "photos", "id_copy")  # the ID copy is no original
        self.client.force_login(self.registrar)
        response = self.client.post(
            reverse("studentbody:file_return", args=[self.left.pk]),
            {"kinds": [self.kinds["previous_education"].pk, self.kinds["photos"].pk], "date": "2026-10-05"},
        )
        act = self.left.personal_file.return_acts.get()
        self.assertRedirects(response, act.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual(
            sorted((i.kind.code, i.returned_on) for i in act.items.all()),
            [("photos", D(2026, 10, 5)), ("previous_education", D(2026, 10, 5))],
        )
        self.assertEqual((act.handed_over_by, act.signed_on), (self.registrar, None))
        self.client.post(reverse("studentbody:return_act_signature", args=[act.pk]), {"signed_on": "2026-10-06"})
        act.refresh_from_db()
        self.assertEqual(act.signed_on, D(2026, 10, 6))
        pdf = self.client.get(act.get_absolute_url() + "?format=pdf&lang=kk")
        self.assertEqual((pdf.status_code, pdf["Content-Type"]), (200, "application/pdf"))
        self.assert_status(self.dana, act.get_absolute_url(), 404)

    def test_the_service_desks_entry_point(self) -> None:
        self.receive(self.left, "previous_education", "unt_certificate", "id_copy")
        act = files.return_for_request(self.left, acting_user=None, reference="SD-17")
        self.assertEqual(sorted(i.kind.code for i in act.items.all()), ["previous_education", "unt_certificate"])
        self.assertEqual(act.request_reference, "SD-17")
        with self.assertRaisesMessage(ValidationError, "is studying"):
            files.return_for_request(self.mine, acting_user=None)


class ArchiveTests(FileTestCase):
    def transfer(self, *students: Student) -> object:
        return files.transfer_to_archive(
            self.institution, students, acting_user=self.registrar, number="7-А", date=D(2026, 11, 2),
            handed_over_by="Серікова А.", received_by="Архив: Нұрланова Г.",
        )  # fmt: skip

    def test_an_archived_file_is_read_only(self) -> None:
        self.receive(self.left, "photos")
        act = self.transfer(self.left)
        with self.assertRaisesMessage(ValidationError, "is in the archive (Transfer act No. 7-А of 02.11.2026)"):
            self.receive(self.left, "id_copy")
        response = self.get_as(self.registrar, reverse("studentbody:file_detail", args=[self.left.pk]))
        self.assertContains(response, "Transfer act No. 7-А of 02.11.2026")
        self.assertFalse(response.context["can_edit"])
        self.assertNotContains(response, 'id="file-received-form"')
        self.assertEqual(act.files.get().student, self.left)  # type: ignore[attr-defined]

    def test_a_studying_students_file_stays(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Бекова Дана is still enrolled"):
            self.transfer(self.mine)

    def test_the_act_page_its_exports_and_scope(self) -> None:
        self.client.force_login(self.registrar)
        response = self.client.post(reverse("studentbody:transfer_act_add"), {
            "number": "8-А", "date": "2026-11-03", "handed_over_by": "Серікова А.", "received_by": "Архив",
            "iins": f"{self.left.iin}\n",
        })  # fmt: skip
        act = PersonalFile.objects.get(student=self.left).transfer_act
        self.assertRedirects(response, act.get_absolute_url(), fetch_redirect_response=False)
        bad = self.client.post(reverse("studentbody:transfer_act_add"), {
            "number": "9-А", "date": "2026-11-03", "handed_over_by": "С", "received_by": "А", "iins": "000000000000",
        })  # fmt: skip
        self.assertContains(bad, "No student of your university has the IIN: 000000000000.", status_code=400)
        rows = self.xlsx_rows(self.client.get(act.get_absolute_url() + "?format=xlsx&lang=ru"))
        self.assertEqual(rows[1][1:3], ["Омаров Ерлан", self.left.iin])
        pdf = self.client.get(act.get_absolute_url() + "?format=pdf&lang=ru")
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        self.assert_status(self.aigerim, act.get_absolute_url(), 403)
        self.assert_status(self.aigerim, reverse("studentbody:archive"), 403)

    def test_the_archive_search(self) -> None:
        self.transfer(self.left)
        self.client.force_login(self.registrar)
        url = reverse("studentbody:archive")
        by_iin = self.client.get(url, {"q": self.left.iin})
        self.assertEqual([s.pk for s in by_iin.context["found"]], [self.left.pk])
        self.assertContains(by_iin, "Transfer act No. 7-А of 02.11.2026")
        by_name = self.client.get(url, {"q": "бек"})  # a lower-case Cyrillic fragment of "Бекова"
        self.assertEqual([s.pk for s in by_name.context["found"]], [self.mine.pk])
        self.assertEqual(list(self.client.get(url, {"q": "омар ерл"}).context["found"]), [self.left])
        self.assertEqual(list(self.client.get(url).context["found"]), [])


class FileQueryCountTests(QueryCountTestCase):
    def add_files(self, n: int) -> None:
        kinds = files.ensure_default_kinds(self.institution)
        for _ in range(n):
            student = make_student(self.program_a, status="expelled")
            files.record_item(student, kinds[0], acting_user=None)
            files.update_location(student, acting_user=None, room="1", shelf="2", box="3")

    def test_the_file_list_and_its_export(self) -> None:
        # session, user, memberships, COUNT, the filter's programs, the page of students with their counts (each a
        # subquery) and files; the checklist's kinds are no longer read (nor made) by the list
        self.check_bounded(self.registrar, reverse("studentbody:file_list"), self.add_files, pinned=6)
        self.check_bounded(self.aigerim, reverse("studentbody:file_list") + "?export=xlsx", self.add_files, pinned=5)

    def test_the_archive_search(self) -> None:
        def archive(n: int) -> int:
            self.add_files(n)
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(reverse("studentbody:archive"), {"q": "Студент"})
            self.assertGreaterEqual(len(response.context["found"]), n)
            return len(captured.captured_queries)

        self.client.force_login(self.registrar)
        self.assertEqual(archive(2), archive(18))


class FileAPITests(FileTestCase):
    def test_the_files_in_scope_with_what_is_missing(self) -> None:
        self.receive(self.mine, "previous_education", "id_copy", "photos", "medical_086", received_on=D(2026, 8, 20))
        self.receive(self.grant, "id_copy", received_on=D(2026, 8, 21))
        body = self.api_as(self.aigerim).get("/api/v1/personal-files/").json()
        self.assertEqual(
            [(row["iin"], row["missing"]) for row in body["results"]],
            [(self.mine.iin, ["unt_certificate", "applications"]),
             (self.grant.iin, ["previous_education", "photos", "medical_086", "unt_certificate", "applications",
                               "grant_certificate"])],
        )  # fmt: skip
        self.assertEqual(body["results"][0]["items"][0], {
            "kind": "previous_education", "received_on": "2026-08-20", "checked_on": None, "is_original": True,
            "note": "", "returned_on": None,
        })  # fmt: skip
        self.assertEqual(self.api_as(self.dana).get("/api/v1/personal-files/").json()["results"], [])
        own = self.api_as(self.student_user).get("/api/v1/personal-files/").json()["results"]
        self.assertEqual([row["iin"] for row in own], [self.mine.iin])


class FileAPIQueryCountTests(QueryCountTestCase):
    def add_files(self, n: int) -> None:
        kinds = files.ensure_default_kinds(self.institution)
        for _ in range(n):
            files.record_item(make_student(self.program_a), kinds[0], acting_user=None)

    def test_the_api_list(self) -> None:
        # token with its user, memberships, COUNT, the files, their documents, the kinds
        self.check_bounded(self.aigerim, "/api/v1/personal-files/", self.add_files, pinned=6, api=True)


class DefaultKindsWrittenOnCreationTests(FileTestCase):
    """No writes on GET: the checklist is made when the institution is (its receiver), by the demo or the data
    migration; the pages only read it."""

    def test_a_new_institution_has_the_default_checklist(self) -> None:
        from mansap.core.tests.factories import InstitutionFactory
        from mansap.studentbody.models import DocumentKind

        institution = InstitutionFactory()
        self.assertEqual(DocumentKind.objects.filter(institution=institution).count(), 8)
        institution.save()  # saving again adds nothing
        self.assertEqual(DocumentKind.objects.filter(institution=institution).count(), 8)

    def test_the_pages_read_and_never_write(self) -> None:
        from mansap.studentbody.models import DocumentKind

        DocumentKind.objects.filter(institution=self.institution).delete()
        self.client.force_login(self.registrar)
        for name in ("studentbody:file_list", "studentbody:document_kinds"):
            with self.subTest(name):
                self.assertEqual(self.client.get(reverse(name)).status_code, 200)
                self.assertEqual(DocumentKind.objects.filter(institution=self.institution).count(), 0)
        self.assertEqual(self.client.get(reverse("studentbody:file_detail", args=[self.mine.pk])).status_code, 200)
        self.assertEqual(DocumentKind.objects.filter(institution=self.institution).count(), 0)

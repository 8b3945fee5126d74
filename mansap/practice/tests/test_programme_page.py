"""The practice programmes page (issue #17, R-018, R-019): the Career Center links a register document as a
program's programme of a type of practice (or its guidelines) and unlinks it; the practice page shows the version
in force; others read the list and get 403 on a POST; another institution's links answer 404; bad input names
the field and changes nothing; the list costs the same queries with 2 and 20 links."""

from __future__ import annotations

import datetime as dt
import itertools

from django.urls import reverse

from mansap.common.testing import BaseTestCase, ScopedMatrixTestCase
from mansap.core.tests.factories import EducationalProgramFactory
from mansap.core.tests.test_query_counts import QueryCountTestCase
from mansap.practice.choices import PracticeKind, ProgrammeRole
from mansap.practice.models import PracticeProgramme
from mansap.practice.services.programmes import link_programme
from mansap.practice.tests.factories import make_practice
from mansap.regulations.choices import DocumentType
from mansap.regulations.tests import factories as regulations

D = dt.date
URL = "/practice/programmes/"
_codes = itertools.count(300)


class ProgrammePageTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.practice = make_practice(cls.program_a, starts_on=D(2026, 6, 1))
        cls.programme = regulations.document(
            cls.institution, code="KazUTB-CC-PP-7.8-2025-51", type=DocumentType.INSTRUCTION,
            title_en="Programme of production practice 6B06101",
        )  # fmt: skip
        regulations.with_file(regulations.in_force(cls.programme, D(2025, 9, 1)), "en")
        cls.process_map = regulations.document(
            cls.institution, code="KazUTB-CC-PM-7.8-2025-52", type=DocumentType.PROCESS_MAP, title_en="Process map"
        )

    def post(self, **data: object) -> object:
        fields = {"program": self.program_a.pk, "kind": PracticeKind.PRODUCTION, "role": ProgrammeRole.PROGRAMME,
                  "document": self.programme.pk, **data}  # fmt: skip
        return self.client.post(URL, {k: v for k, v in fields.items() if v is not None})

    def test_the_url(self) -> None:
        self.assertEqual(reverse("practice:practiceprogramme_list"), URL)

    def test_a_link_made_on_the_page_shows_on_the_practice_page_with_its_version(self) -> None:
        self.client.force_login(self.cc)
        response = self.post()
        self.assertRedirects(response, URL, fetch_redirect_response=False)
        link = PracticeProgramme.objects.get()
        self.assertEqual((link.program, link.kind, link.role, link.document), (
            self.program_a, "production", "programme", self.programme,
        ))  # fmt: skip
        listing = self.client.get(URL)
        self.assertContains(listing, "KazUTB-CC-PP-7.8-2025-51")
        self.assertContains(listing, "1.0 since 01.09.2025")
        self.post(role=ProgrammeRole.GUIDELINES, kind="")
        rows = self.client.get(URL).context["table"].rows
        self.assertEqual([(r.get_cell("role"), r.get_cell("kind")) for r in rows], [
            ("methodological guidelines", "every type"), ("practice programme", "production practice"),
        ])  # fmt: skip
        self.assertContains(listing, reverse("practice:practiceprogramme_unlink", args=[link.pk]))
        page = self.client.get(self.practice.get_absolute_url())
        self.assertContains(page, "KazUTB-CC-PP-7.8-2025-51")
        self.assertContains(page, "version 1.0 in force since 01.09.2025")

    def test_the_practice_page_offers_the_link_form_to_the_career_center_only(self) -> None:
        link_url = f"{URL}?link_program={self.program_a.pk}&amp;link_kind=production#link-programme"
        self.client.force_login(self.cc)
        self.assertContains(self.client.get(self.practice.get_absolute_url()), link_url)
        form = self.client.get(f"{URL}?link_program={self.program_a.pk}&link_kind=production").context["link_form"]
        self.assertEqual(form.initial, {"program": str(self.program_a.pk), "kind": "production"})
        self.client.force_login(self.aigerim)
        self.assertNotContains(self.client.get(self.practice.get_absolute_url()), "Link a programme from the register")
        self.assertContains(self.client.get("/"), f'href="{URL}"')  # the practice menu

    def test_an_invalid_post_names_the_field_and_changes_nothing(self) -> None:
        self.client.force_login(self.cc)
        cases = [
            ({"document": self.process_map.pk}, "document",
             "Select a valid choice. That choice is not one of the available choices."),
            ({"kind": ""}, "kind", "Choose the type of practice the programme is for."),
            ({"program": None}, "program", "This field is required."),
        ]  # fmt: skip
        for data, field, error in cases:
            with self.subTest(field=field):
                response = self.post(**data)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.context["link_form"].errors, {field: [error]})
                self.assertContains(response, error, status_code=400)
        self.assertFalse(PracticeProgramme.objects.exists())

    def test_a_relink_replaces_the_document_and_unlink_removes_it(self) -> None:
        other = regulations.document(self.institution, code="KazUTB-CC-PP-7.8-2025-53", type=DocumentType.RULES)
        self.client.force_login(self.cc)
        self.post()
        self.post(document=other.pk)
        link = PracticeProgramme.objects.get()
        self.assertEqual(link.document, other)
        response = self.client.post(reverse("practice:practiceprogramme_unlink", args=[link.pk]))
        self.assertRedirects(response, URL, fetch_redirect_response=False)
        self.assertFalse(PracticeProgramme.objects.exists())
        self.assertEqual(link.history.order_by("-history_id").first().history_type, "-")

    def test_staff_without_the_right_read_the_list_and_get_403_on_a_post(self) -> None:
        link = link_programme(program=self.program_a, kind="production", document=self.programme, acting_user=None)
        for user in (self.aigerim, self.dana, self.dean):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                listing = self.client.get(URL)
                self.assertContains(listing, "KazUTB-CC-PP-7.8-2025-51")
                self.assertNotIn("link_form", listing.context)
                self.assertNotContains(listing, f"practice/programmes/{link.pk}/unlink/")
                self.assertEqual(self.post(document=self.process_map.pk).status_code, 403)
                unlink = reverse("practice:practiceprogramme_unlink", args=[link.pk])
                self.assertEqual(self.client.post(unlink).status_code, 403)
        self.assertEqual(PracticeProgramme.objects.get().document, self.programme)
        self.client.force_login(self.student_user)
        self.assertEqual(self.client.get(URL).status_code, 403)


class OtherInstitutionTests(ScopedMatrixTestCase):
    def test_another_institutions_link_answers_404_and_its_documents_are_not_offered(self) -> None:
        document = regulations.document(self.other_institution, code="KazUTB-CC-PP-7.8-2025-61")
        link = link_programme(program=self.other_program, kind="production", document=document, acting_user=None)
        for user in (self.cc, self.aigerim, self.dana):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(
                    self.client.post(reverse("practice:practiceprogramme_unlink", args=[link.pk])).status_code, 404
                )
        self.client.force_login(self.cc)
        response = self.client.post(URL, {"program": self.other_program.pk, "kind": "production",
                                          "role": "programme", "document": document.pk})  # fmt: skip
        self.assertEqual(sorted(response.context["link_form"].errors), ["document", "program"])
        self.assertEqual(PracticeProgramme.objects.get(), link)


class ProgrammeListQueryTests(QueryCountTestCase):
    def add_links(self, n: int) -> None:
        for _ in range(n):
            number = next(_codes)
            program = EducationalProgramFactory(department=self.dept_a, code=f"6B09{number:03d}")
            document = regulations.document(self.institution, code=f"KazUTB-CC-PP-7.8-2025-{number}",
                                            type=DocumentType.INSTRUCTION)  # fmt: skip
            regulations.in_force(document, D(2025, 9, 1))
            link_programme(program=program, kind="production", document=document, acting_user=None)

    def test_programme_list(self) -> None:
        self.check_bounded(self.cc, URL, self.add_links, pinned=8)

    def test_programme_export(self) -> None:
        self.check_bounded(self.aigerim, URL + "?export=xlsx", self.add_links, pinned=6)

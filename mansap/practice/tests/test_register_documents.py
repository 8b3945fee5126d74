"""Practice documents and programmes from the register of regulations (issue #17, R-018, R-019, R-021, R-152):
the printed texts come from the template versions, an issued referral keeps the version it was issued with, and
the programme of a practice is the register's version in force (internal ones never reach students)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from unittest import mock

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.urls import reverse

from mansap.common.demo import tiny_pdf
from mansap.common.testing import BaseTestCase, make_student
from mansap.practice.choices import PracticeKind, ProgrammeRole
from mansap.practice.models import Placement, Practice, PracticeProgramme
from mansap.practice.reports import documents
from mansap.practice.reports.documents import pdf
from mansap.practice.services.documents import issue_referrals
from mansap.practice.services.programmes import link_programme, programmes_for
from mansap.practice.tests.factories import make_base, make_placement, make_practice
from mansap.regulations.choices import Classification
from mansap.regulations.models import Document
from mansap.regulations.services import templates
from mansap.regulations.tests import factories as regulations

D = dt.date
START = D(2026, 6, 1)
OLD_EN = "The university sends the student named below to your organization for professional practice"


def at(day: dt.date) -> mock._patch:  # type: ignore[type-arg]
    return mock.patch("django.utils.timezone.localdate", return_value=day)


class TemplateVersionTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        templates.ensure_templates(cls.institution)
        cls.template = Document.objects.get(template__key="practice.referral")
        cls.practice = make_practice(cls.program_a, starts_on=START)
        cls.base = make_base(cls.institution, programs=[cls.program_a])
        cls.student = make_student(cls.program_a, last_name="Сейітова", first_name="Айым")
        cls.placement = make_placement(cls.practice, cls.student, cls.base)

    def referral(self, language: str = "en") -> documents.Document:
        return documents.build_for_placement(Placement.objects.get(pk=self.placement.pk), "referral", language)

    def test_the_referral_records_the_template_version_it_used(self) -> None:
        with at(D(2026, 5, 20)):
            doc = self.referral()
        self.assertIn(OLD_EN, doc.text())
        self.assertEqual(doc.templates, ["KazUTB-CC-F-7.8-2025-01 v1.0"])
        self.assertTrue(doc.footer.endswith("· KazUTB-CC-F-7.8-2025-01 v1.0"), doc.footer)
        import docx

        properties = docx.Document(BytesIO(documents.render(doc, "docx"))).core_properties
        self.assertEqual(properties.comments, "KazUTB-CC-F-7.8-2025-01 v1.0")

    def test_issuing_records_the_version_and_an_old_referral_keeps_its_text(self) -> None:
        with at(D(2026, 5, 20)):
            issue_referrals([self.placement], acting_user=self.cc)
            templates.revise_template(
                self.template, acting_user=self.cc, effective_on=D(2026, 5, 25),
                texts={"en": "{{ institution }} sends {{ student }} to {{ organization }} for {{ practice_type }}."},
            )  # fmt: skip
        placement = Placement.objects.get(pk=self.placement.pk)
        self.assertEqual((placement.referral_issued_on, placement.referral_template.number), (D(2026, 5, 20), "1.0"))
        self.assertEqual(placement.notice_template.document.code, "KazUTB-CC-F-7.8-2025-02")
        with at(D(2026, 5, 26)):
            old = self.referral()
            # Another student's referral, not issued yet, is printed with the version in force today.
            other = make_placement(
                self.practice, make_student(self.program_a, last_name="Нұров", first_name="Ерлан"), self.base
            )
            new = documents.build_for_placement(other, "referral", "en")
        self.assertIn(OLD_EN, old.text())
        self.assertEqual(old.templates, ["KazUTB-CC-F-7.8-2025-01 v1.0"])
        org = self.base.organization.name_en
        self.assertIn(f"KazUTB sends Нұров Ерлан to {org} for production practice.", new.text())
        self.assertEqual(new.templates, ["KazUTB-CC-F-7.8-2025-01 v1.1"])
        self.assertNotIn(OLD_EN, new.text())

    def test_the_pdf_says_the_new_text(self) -> None:
        with at(D(2026, 5, 20)):
            templates.revise_template(self.template, acting_user=self.cc, texts={"ru": "Новый текст направления."})
            doc = self.referral("ru")
        self.assertIn("Новый текст направления.", doc.text())
        self.assertIn('<meta name="keywords" content="KazUTB-CC-F-7.8-2025-01 v1.1">', pdf.html(doc))


class ProgrammeTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.practice = make_practice(cls.program_a, starts_on=START)
        cls.internal = regulations.document(cls.institution, classification=Classification.INTERNAL,
                                            title_en="Programme of production practice 6B06101")  # fmt: skip
        cls.version = regulations.with_file(regulations.in_force(cls.internal, D(2025, 9, 1)), "en")
        cls.guidelines = regulations.document(cls.institution, classification=Classification.PUBLIC,
                                              title_en="Methodological guidelines 6B06101")  # fmt: skip
        cls.guidelines_version = regulations.with_file(regulations.in_force(cls.guidelines, D(2025, 9, 1)), "ru")
        link_programme(program=cls.program_a, kind=PracticeKind.PRODUCTION, document=cls.internal, acting_user=cls.cc)
        link_programme(program=cls.program_a, role=ProgrammeRole.GUIDELINES, document=cls.guidelines,
                       acting_user=cls.cc)  # fmt: skip
        cls.base = make_base(cls.institution, programs=[cls.program_a])
        cls.placement = make_placement(cls.practice, make_student(cls.program_a, user=cls.student_user), cls.base)

    def test_only_the_career_center_links(self) -> None:
        with self.assertRaises(PermissionDenied):
            link_programme(program=self.program_a, document=self.internal, acting_user=self.aigerim)

    def test_staff_get_the_version_in_force_and_the_register_download(self) -> None:
        rows = programmes_for(self.practice, self.aigerim)
        self.assertEqual([(r.link.role, r.document.code, r.version.number) for r in rows], [
            ("guidelines", self.guidelines.code, "1.0"), ("programme", self.internal.code, "1.0"),
        ])  # fmt: skip
        self.assertEqual(rows[1].files, [("English", f"/regulations/versions/{self.version.pk}/en/")])
        self.client.force_login(self.aigerim)
        page = self.client.get(self.practice.get_absolute_url())
        self.assertContains(page, f"/regulations/versions/{self.version.pk}/en/")
        self.assertContains(page, "KazUTB-CC-RPA-7.2-2025-02 §7.8")

    def test_students_and_anonymous_never_get_an_internal_programme(self) -> None:
        for user in (self.student_user, AnonymousUser()):
            rows = programmes_for(self.practice, user)
            self.assertEqual([(r.document.code, r.files) for r in rows], [
                (self.guidelines.code, [("Russian", f"/regulations/public/versions/{self.guidelines_version.pk}/ru/")]),
                (self.internal.code, []),
            ])  # fmt: skip
        self.client.force_login(self.student_user)
        page = self.client.get(reverse("practice:my_practice"))
        self.assertContains(page, "Internal document: ask your department for it.")
        self.assertNotContains(page, f"/regulations/versions/{self.version.pk}/")
        self.assertEqual(self.client.get(f"/regulations/versions/{self.version.pk}/en/").status_code, 404)
        self.assertEqual(self.client.get(f"/regulations/public/versions/{self.version.pk}/en/").status_code, 404)

    def test_the_loose_uploaded_file_stays_readable_for_staff(self) -> None:
        self.practice.programme_file.save("programme.pdf", ContentFile(tiny_pdf("programme")), save=True)
        url = reverse("practice:practice_programme_file", args=[self.practice.pk])
        self.client.force_login(self.aigerim)
        self.assertContains(self.client.get(self.practice.get_absolute_url()), url)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.force_login(self.dana)
        self.assertEqual(self.client.get(url).status_code, 404)


class DemoProgrammesTests(BaseTestCase):
    def test_the_demo_registers_and_links_a_programme_and_guidelines(self) -> None:
        import random

        from mansap.practice.demo import programmes as demo

        make_practice(self.program_a, starts_on=START)
        self.assertEqual(demo.seed(self.institution, rng=random.Random(1), today=START), {"practice programmes": 2})
        rows = programmes_for(Practice.objects.get(program=self.program_a), self.aigerim)
        self.assertEqual([(r.link.role, r.document.classification, r.version.number, len(r.files)) for r in rows], [
            ("guidelines", "public", "1.0", 3), ("programme", "internal", "1.0", 3),
        ])  # fmt: skip
        demo.flush(self.institution)
        self.assertFalse(PracticeProgramme.objects.exists())

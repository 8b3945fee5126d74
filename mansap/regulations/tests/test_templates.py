"""Document templates kept as controlled documents (issue #17, R-152): the text in force on a date, a new minor
version from its effective date, the sandboxed rendering, the owner's edit page."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.core.exceptions import PermissionDenied, ValidationError
from django.template import Context, Template
from django.urls import reverse

from mansap.common.testing import BaseTestCase
from mansap.core.models import Institution
from mansap.regulations.choices import VersionStatus
from mansap.regulations.models import Document, DocumentTemplate, TemplateText
from mansap.regulations.services import templates
from mansap.regulations.services.preload import preload_platform_regulations

D = dt.date
TODAY = D(2026, 3, 2)
REFERRAL_EN = (
    "The university sends the student named below to your organization for professional practice and asks you to "
    "provide the conditions for completing the practice programme."
)


def at(day: dt.date) -> mock._patch:  # type: ignore[type-arg]
    return mock.patch("django.utils.timezone.localdate", return_value=day)


class TemplateServiceTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        templates.ensure_templates(cls.institution)
        cls.document = Document.objects.get(template__key="practice.referral")
        cls.institution_b = Institution.objects.create(code="OTHER", name_kk="Басқа", name_ru="Другой", name_en="Other")

    def test_a_fresh_install_answers_the_codes_default(self) -> None:
        text, version = templates.template_in_force("practice.referral", "en", institution=self.institution_b)
        self.assertEqual((text, version), (REFERRAL_EN, None))

    def test_registered_version_one_in_force_from_1_september_2025(self) -> None:
        self.assertEqual(self.document.code, "KazUTB-CC-F-7.8-2025-01")
        # the practice's 4 forms and the service desk's 5 certificates
        self.assertEqual(DocumentTemplate.objects.filter(document__institution=self.institution).count(), 9)
        text, version = templates.template_in_force("practice.referral", "en", institution=self.institution,
                                                    on=D(2025, 9, 1))  # fmt: skip
        self.assertEqual((text, version.number if version else None), (REFERRAL_EN, "1.0"))
        self.assertEqual(
            templates.template_in_force("practice.referral", "en", institution=self.institution, on=D(2025, 8, 31)),
            (REFERRAL_EN, None),
        )

    def test_ensure_templates_is_idempotent(self) -> None:
        self.assertEqual(templates.ensure_templates(self.institution), {"templates": 0})
        self.assertEqual(TemplateText.objects.filter(version__document=self.document).count(), 3)

    def test_new_minor_version_used_from_its_effective_date(self) -> None:
        with at(TODAY):
            version = templates.revise_template(
                self.document, acting_user=self.cc, texts={"en": "Dear {{ organization }}, we send {{ student }}."},
                effective_on=D(2026, 3, 10),
            )  # fmt: skip
        self.assertEqual((version.number, version.status, version.effective_on), ("1.1", "in_force", D(2026, 3, 10)))
        old = self.document.versions.get(major=1, minor=0)
        self.assertEqual((old.status, old.ended_on), (VersionStatus.SUPERSEDED, D(2026, 3, 10)))
        before = templates.template_in_force("practice.referral", "en", institution=self.institution, on=D(2026, 3, 9))
        after = templates.template_in_force("practice.referral", "en", institution=self.institution, on=D(2026, 3, 10))
        self.assertEqual((before[0], before[1].number), (REFERRAL_EN, "1.0"))
        self.assertEqual((after[0], after[1].number), ("Dear {{ organization }}, we send {{ student }}.", "1.1"))
        # The languages left out keep their text; the old version's text is still there to reproduce old documents.
        self.assertEqual(
            templates.template_text("practice.referral", "ru", version)[:29], "Университет направляет нижеук"
        )
        self.assertEqual(templates.template_text("practice.referral", "en", old), REFERRAL_EN)

    def test_only_the_owner_or_the_quality_department_revises(self) -> None:
        with self.assertRaises(PermissionDenied):
            templates.revise_template(self.document, acting_user=self.aigerim, texts={"en": "x"})
        self.document.owner = self.aigerim
        self.document.save()
        version = templates.revise_template(self.document, acting_user=self.aigerim, texts={"en": "Owner's text."})
        self.assertEqual((version.number, version.approved_by_name), ("1.1", self.aigerim.display_name))

    def test_bad_texts_are_refused_nothing_changes(self) -> None:
        for text in ("{% load static %}{% static 'x' %}", "{% include 'base.html' %}", "{% if %}", "{% debug %}"):
            with self.subTest(text=text), self.assertRaises(ValidationError):
                templates.revise_template(self.document, acting_user=self.cc, texts={"en": text})
        self.assertEqual(self.document.versions.count(), 1)
        with self.assertRaises(ValidationError):
            templates.revise_template(self.document, acting_user=self.cc, texts={"en": "ok"},
                                      effective_on=D(2020, 1, 1))  # fmt: skip

    def test_render_is_autoescaped_and_sees_only_the_context(self) -> None:
        text = "To {{ organization }} from {{ request.user }}{{ settings.SECRET_KEY }}."
        self.assertEqual(templates.render_text(text, {"organization": "A&B <Ltd>"}), "To A&amp;B &lt;Ltd&gt; from .")
        self.assertEqual(templates.render_text(text, {"organization": "A&B <Ltd>"}, plain=True), "To A&B <Ltd> from .")
        self.assertEqual(templates.paragraphs("One.\n\n  Two.\n"), ["One.", "Two."])


class TemplateEditPageTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        preload_platform_regulations(cls.institution)
        cls.document = Document.objects.get(template__key="practice.notice")

    def test_the_quality_department_edits_the_text_as_a_new_minor_version(self) -> None:
        self.client.force_login(self.cc)
        url = reverse("regulations:template_edit", args=[self.document.pk])
        page = self.client.get(url)
        self.assertContains(page, "Return this notice to the department")
        detail = self.client.get(self.document.get_absolute_url())
        self.assertContains(detail, url)
        response = self.client.post(url, {
            "text_kk": "Жаңа мәтін.", "text_ru": "Новый текст.", "text_en": "New text for {{ student }}.",
            "effective_on": "", "note": "",
        })  # fmt: skip
        self.assertEqual(response.status_code, 400)
        with at(TODAY):
            response = self.client.post(url, {
                "text_kk": "Жаңа мәтін.", "text_ru": "Новый текст.", "text_en": "New text for {{ student }}.",
                "effective_on": "02.03.2026", "note": "Shorter.",
            })  # fmt: skip
        self.assertRedirects(response, self.document.get_absolute_url(), fetch_redirect_response=False)
        version = self.document.versions.get(major=1, minor=1)
        self.assertEqual(
            dict(version.template_texts.values_list("language", "text")),
            {"kk": "Жаңа мәтін.", "ru": "Новый текст.", "en": "New text for {{ student }}."},
        )

    def test_a_broken_template_is_a_form_error(self) -> None:
        self.client.force_login(self.cc)
        response = self.client.post(reverse("regulations:template_edit", args=[self.document.pk]), {
            "text_kk": "{% if %}", "text_ru": "x", "text_en": "x", "effective_on": "06.12.2099",
        })  # fmt: skip
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.document.versions.count(), 1)

    def test_other_staff_get_403_and_students_404(self) -> None:
        url = reverse("regulations:template_edit", args=[self.document.pk])
        self.client.force_login(self.aigerim)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.client.force_login(self.student_user)
        self.assertIn(self.client.get(url).status_code, (403, 404))


class CitesTagTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        preload_platform_regulations(cls.institution)

    def render(self, user: object) -> str:
        request = mock.Mock(user=user)
        source = '{% load regulations_tags %}{% cites "001" "§7.8" %}|{% cites "004" "§7.13" %}'
        with self.settings(LANGUAGE_CODE="en"):
            return Template(source).render(Context({"request": request}))

    def test_staff_reach_the_document_page_with_the_version_in_force(self) -> None:
        html = self.render(self.aigerim)
        rules = Document.objects.get(code="KazUTB-CC-RPA-7.2-2025-02")
        self.assertIn(f'href="{rules.get_absolute_url()}"', html)
        self.assertIn("KazUTB-CC-RPA-7.2-2025-02 §7.8</a> · version 1.0 in force since 18.06.2025", html)

    def test_anonymous_reach_the_public_register_and_no_link_to_an_internal_document(self) -> None:
        from django.contrib.auth.models import AnonymousUser

        html = self.render(AnonymousUser())
        self.assertIn("/regulations/public/?q=KazUTB-CC-RPA-7.2-2025-02", html)
        internal = html.split("|")[1]
        self.assertNotIn("href", internal)
        self.assertIn("ПСП 11-02.112-2022 §7.13", internal)


class RegisterTemplateTests(BaseTestCase):
    def test_another_app_registers_its_template(self) -> None:
        spec = templates.TemplateSpec(
            "servicedesk.certificate.study", "KazUTB-CC-F-7.8-2025-09",
            {"kk": "Анықтама", "ru": "Справка", "en": "Certificate"},
            {"kk": "{{ student }} оқиды.", "ru": "{{ student }} обучается.", "en": "{{ student }} studies here."},
        )  # fmt: skip
        self.addCleanup(templates.DEFAULTS.pop, spec.key)
        templates.register_template(spec)
        self.assertEqual(templates.ensure_templates(self.institution), {"templates": 10})  # 4 + 5 + this one
        text, version = templates.template_in_force(spec.key, "ru", institution=self.institution, on=D(2026, 1, 5))
        self.assertEqual((templates.render_text(text, {"student": "Иванов И."}), version.number),
                         ("Иванов И. обучается.", "1.0"))  # fmt: skip

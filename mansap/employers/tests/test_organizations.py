"""Organizations: BIN validation (model, form, API), the employer page, access."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse

from mansap.common.identifiers import bin_facts
from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core.models import Institution
from mansap.employers.forms.organizations import OrganizationForm
from mansap.employers.models import Organization
from mansap.employers.tests.factories import a_bin, make_agreement, make_org, make_unit
from mansap.graduates.models import AssistanceAction, EmploymentRecord

VALID = a_bin("1", 4242)  # a resident legal entity's branch, registered 2015-03
WRONG_CHECK = VALID[:11] + str((int(VALID[11]) + 1) % 10)
BAD_MONTH = "151340012345"
BAD_TYPE = "150370012345"


class BinValidationTests(ScopedCRUDTests):
    def org(self, bin_: str) -> Organization:
        return Organization(institution=self.institution, name_kk="К", name_ru="К", name_en="K", bin=bin_)

    def test_model_accepts_a_valid_bin_and_rejects_the_rest(self) -> None:
        self.org(VALID).full_clean()
        for bad, code in ((WRONG_CHECK, "bin_checksum"), (BAD_MONTH, "bin_format"), (BAD_TYPE, "bin_format"),
                          ("12345", "bin_format")):  # fmt: skip
            with self.subTest(bad=bad), self.assertRaises(ValidationError) as caught:
                self.org(bad).full_clean()
            self.assertEqual(caught.exception.error_dict["bin"][0].code, code)

    def test_form_rejects_wrong_check_digit_and_duplicate_bin(self) -> None:
        data = {"name_kk": "К", "name_ru": "К", "name_en": "K", "bin": WRONG_CHECK}
        form = OrganizationForm(data=data, user=self.cc)
        self.assertFalse(form.is_valid())
        self.assertIn("bin", form.errors)
        make_org(self.institution, bin=VALID)
        form = OrganizationForm(data={**data, "bin": VALID}, user=self.cc)
        self.assertFalse(form.is_valid())
        self.assertIn("already registered", str(form.errors["bin"]))

    def test_form_normalizes_phone_and_checks_oked(self) -> None:
        data = {"name_kk": "К", "name_ru": "К", "name_en": "K", "phone": "8 701 123 45 67", "oked": "123"}
        form = OrganizationForm(data=data, user=self.cc)
        self.assertFalse(form.is_valid())
        self.assertIn("oked", form.errors)
        form = OrganizationForm(data={**data, "oked": "62010"}, user=self.cc)
        self.assertTrue(form.is_valid(), form.errors)
        org = form.save()
        self.assertEqual((org.phone, org.institution), ("+7 701 123 45 67", self.institution))

    def test_api_validates_like_the_form(self) -> None:
        api = self.api_as(self.cc)
        url = reverse("organization-list")
        base = {"name_kk": "К", "name_ru": "К", "name_en": "K"}
        for bad in (WRONG_CHECK, BAD_MONTH, BAD_TYPE):
            response = api.post(url, {**base, "bin": bad}, format="json")
            self.assertEqual(response.status_code, 400, bad)
            self.assertIn("bin", response.json())
        response = api.post(url, {**base, "bin": VALID, "phone": "87011234567", "region": "astana"}, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(body["phone"], "+7 701 123 45 67")
        self.assertEqual(body["bin_facts"]["kind"], "1")
        self.assertEqual(Organization.objects.get(pk=body["id"]).institution, self.institution)

    def test_bin_facts_on_the_page(self) -> None:
        org = make_org(self.institution, bin=VALID)
        facts = bin_facts(VALID)
        self.assertEqual((facts.entity_type, facts.kind, facts.registered), ("4", "1", "2015-03"))
        self.client.force_login(self.bolat)
        response = self.client.get(org.get_absolute_url())
        self.assertContains(response, "resident legal entity · branch")
        self.assertContains(response, "2015-03")


class OrganizationAccessTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.org = make_org(cls.institution, short_name="Astana Soft")
        other = Institution.objects.create(code="X", short_name="X", name_kk="X", name_ru="X", name_en="X")
        cls.foreign = make_org(other)

    def test_every_staff_member_views_only_institution_editors_change(self) -> None:
        detail = reverse("employers:organization_detail", args=[self.org.pk])
        edit = reverse("employers:organization_edit", args=[self.org.pk])
        for user in (self.cc, self.registrar, self.rector, self.dean, self.aigerim, self.bolat, self.dana):
            self.assert_status(user, detail, 200)
        for user in (self.cc, self.registrar, self.admin):
            self.assert_status(user, edit, 200)
        for user in (self.rector, self.dean, self.aigerim, self.bolat):
            self.assert_status(user, edit, 403)
        self.assert_status(self.aigerim, reverse("employers:organization_add"), 403)
        self.assert_status(self.student_user, detail, 403)

    def test_other_institution_is_404(self) -> None:
        for name in ("detail", "edit", "history", "merge"):
            self.assert_status(self.cc, reverse(f"employers:organization_{name}", args=[self.foreign.pk]), 404)

    def test_cc_creates_through_the_page(self) -> None:
        response = self.post_as(
            self.cc,
            reverse("employers:organization_add"),
            {"name_kk": "Жаңа", "name_ru": "Новая", "name_en": "New", "bin": VALID, "region": "astana",
             "size": "small"},
        )  # fmt: skip
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Organization.objects.filter(bin=VALID, institution=self.institution).exists())


class EmployerPageTests(ScopedCRUDTests):
    """The employer page: agreements, joint units and the people linked to it, scoped to the viewer."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.org = make_org(cls.institution, short_name="Astana Soft", bin=VALID)
        make_agreement(cls.org, number="17/2024", department=cls.dept_a)
        make_unit(cls.org, cls.dept_a, name_en="IS branch at Astana Soft", name_kk="Филиал", name_ru="Филиал")
        grad_a = make_student(cls.program_a, last_name="Ахметов", graduation_date=dt.date(2024, 6, 28))
        grad_b = make_student(cls.program_b, last_name="Бекова", graduation_date=dt.date(2024, 6, 28))
        for grad in (grad_a, grad_b):
            EmploymentRecord.objects.create(graduate=grad, status="employed_specialty", organization=cls.org,
                                            started_on=dt.date(2024, 8, 1), channel="telephone")  # fmt: skip
        AssistanceAction.objects.create(graduate=grad_b, organization=cls.org, happened_on=dt.date(2024, 7, 1),
                                        kind="negotiation", description="Talked to HR")  # fmt: skip
        make_student(cls.program_a, last_name="Спонсорлы", sponsor=cls.org)

    def test_sections_are_scoped_to_the_viewer(self) -> None:
        url = self.org.get_absolute_url()
        self.assert_page_shows(self.cc, url, "17/2024", "IS branch at Astana Soft", "Ахметов", "Бекова", "Спонсорлы",
                               "Talked to HR")  # fmt: skip
        self.assert_page_shows(self.aigerim, url, "17/2024", "Ахметов", "Спонсорлы")
        self.assert_page_hides(self.aigerim, url, "Бекова", "Talked to HR")
        self.assert_page_hides(self.dana, url, "Ахметов", "Спонсорлы")

    def test_the_graduates_sections_are_translated(self) -> None:
        """The two sections are the graduates app's template tags now; they still speak the page's language."""
        self.client.force_login(self.cc)
        url = self.org.get_absolute_url()
        response = self.client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
        self.assertContains(response, "Выпускники, работающие здесь")
        self.assertContains(response, "Помощь выпускникам")
        response = self.client.get(url, HTTP_ACCEPT_LANGUAGE="kk")
        self.assertContains(response, "Осында жұмыс істейтін түлектер")
        self.assertContains(response, "Түлектерге көмек")

    def test_merge_button_only_for_the_career_center(self) -> None:
        merge = reverse("employers:organization_merge", args=[self.org.pk])
        self.assert_page_shows(self.cc, self.org.get_absolute_url(), merge)
        self.assert_page_hides(self.aigerim, self.org.get_absolute_url(), merge)

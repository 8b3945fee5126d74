"""Agreements and joint units: validation, KPIs as of a date at the boundaries, expiring soon, department isolation."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core.models import Student
from mansap.employers.models import JointUnit, PartnershipAgreement
from mansap.employers.reports.kpis import partner_kpis
from mansap.employers.tests.factories import make_agreement, make_org, make_unit
from mansap.graduates.tests.factories import PDF_BYTES, upload

D = dt.date(2025, 3, 15)
DAY = dt.timedelta(days=1)


class AgreementValidationTests(ScopedCRUDTests):
    def test_valid_until_not_before_valid_from(self) -> None:
        org = make_org(self.institution)
        bad = PartnershipAgreement(organization=org, kind="cooperation", signed_on=D, valid_from=D, valid_until=D - DAY)
        with self.assertRaises(ValidationError) as caught:
            bad.full_clean()
        self.assertIn("valid_until", caught.exception.error_dict)
        PartnershipAgreement(
            organization=org, kind="cooperation", signed_on=D, valid_from=D, valid_until=D
        ).full_clean()

    def test_scan_is_checked_by_content(self) -> None:
        org = make_org(self.institution)
        data = {"organization": org.pk, "kind": "cooperation", "signed_on": "2025-01-10", "valid_from": "2025-01-10",
                "department": self.dept_a.pk}  # fmt: skip
        self.client.force_login(self.aigerim)
        url = reverse("employers:partnershipagreement_add")
        response = self.client.post(url, {**data, "scan": upload("scan.pdf", b"MZ not a pdf")})
        self.assertEqual(response.status_code, 200)
        self.assertIn("scan", response.context["form"].errors)
        response = self.client.post(url, {**data, "scan": upload("scan.pdf", PDF_BYTES)})
        self.assertEqual(response.status_code, 302)
        agreement = PartnershipAgreement.objects.get()
        scan = self.client.get(reverse("employers:partnershipagreement_scan", args=[agreement.pk]))
        self.assertEqual((scan.status_code, scan["Content-Type"]), (200, "application/pdf"))

    def test_api_rejects_what_the_form_rejects(self) -> None:
        org = make_org(self.institution)
        api = self.api_as(self.aigerim)
        url = reverse("partnershipagreement-list")
        data = {"organization": org.pk, "kind": "cooperation", "signed_on": "2025-01-10", "valid_from": "2025-01-10"}
        response = api.post(url, {**data, "valid_until": "2025-01-09", "department": self.dept_a.pk}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("valid_until", response.json())
        response = api.post(url, data, format="json")  # a department editor must name their department
        self.assertEqual(response.status_code, 400)
        self.assertIn("department", response.json())
        response = api.post(url, {**data, "department": self.dept_b.pk}, format="json")
        self.assertEqual(response.status_code, 400)
        response = api.post(url, {**data, "department": self.dept_a.pk}, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(self.api_as(self.cc).post(url, data, format="json").status_code, 201)

    def test_joint_unit_agreement_must_be_with_the_same_organization(self) -> None:
        org, other = make_org(self.institution), make_org(self.institution)
        agreement = make_agreement(other)
        unit = JointUnit(kind="other", name_kk="Б", name_ru="Б", name_en="B", department=self.dept_a,
                         organization=org, agreement=agreement, opened_on=D)  # fmt: skip
        with self.assertRaises(ValidationError) as caught:
            unit.full_clean()
        self.assertIn("agreement", caught.exception.error_dict)


class PartnerKpiTests(ScopedCRUDTests):
    """KPI-17.5/17.6/17.7 on date D, at the boundaries."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.org = make_org(cls.institution)
        sp = {"kind": "social_partnership"}
        cls.starts_on_d = make_agreement(cls.org, valid_from=D, valid_until=D + 100 * DAY, number="from-D", **sp)
        cls.ends_on_d = make_agreement(cls.org, valid_from=D - 100 * DAY, valid_until=D, number="until-D", **sp)
        cls.indefinite = make_agreement(cls.org, valid_from=D - 900 * DAY, valid_until=None, number="open", **sp)
        make_agreement(cls.org, valid_from=D - 100 * DAY, valid_until=D - DAY, number="ended-D-1", **sp)
        make_agreement(cls.org, valid_from=D + DAY, valid_until=None, number="starts-D+1", **sp)
        make_agreement(cls.org, kind="cooperation", valid_from=D - 100 * DAY, number="not-social")
        cls.unit_open = make_unit(cls.org, cls.dept_a, opened_on=D)
        cls.unit_closes_later = make_unit(cls.org, cls.dept_b, opened_on=D - 300 * DAY, closed_on=D + DAY)
        make_unit(cls.org, cls.dept_a, opened_on=D - 300 * DAY, closed_on=D)  # closed on D: not open on D
        cls.unit_from_d1 = make_unit(cls.org, cls.dept_a, opened_on=D + DAY)
        studying = make_student(cls.program_a, sponsor=cls.org, admission_year=2023)
        cls.on_leave = make_student(cls.program_b, sponsor=cls.org, admission_year=2024, status="academic_leave")
        cls.graduates_on_d = make_student(cls.program_a, sponsor=cls.org, admission_year=2021, graduation_date=D)
        make_student(cls.program_a, sponsor=cls.org, admission_year=2021, graduation_date=D - DAY)
        make_student(cls.program_a, sponsor=cls.org, admission_year=2025 + 1)  # admitted after D's year
        make_student(cls.program_a, admission_year=2023)  # no sponsor
        cls.studying = studying

    def test_values_and_rows_on_d(self) -> None:
        kpis = partner_kpis(self.institution, D)
        self.assertEqual(kpis["17.5"]["value"], 3)
        self.assertEqual({a.number for a in kpis["17.5"]["rows"]}, {"from-D", "until-D", "open"})
        self.assertEqual(kpis["17.6"]["value"], 2)
        self.assertEqual(set(kpis["17.6"]["rows"]), {self.unit_open, self.unit_closes_later})
        self.assertEqual(set(kpis["17.7"]["rows"]), {self.studying, self.on_leave, self.graduates_on_d})
        self.assertEqual(kpis["17.7"]["value"], 3)

    def test_the_day_after_and_before(self) -> None:
        after = partner_kpis(self.institution, D + DAY)
        self.assertEqual({a.number for a in after["17.5"]["rows"]}, {"from-D", "open", "starts-D+1"})
        self.assertEqual(set(after["17.6"]["rows"]), {self.unit_open, self.unit_from_d1})  # the other closed on D+1
        before = partner_kpis(self.institution, D - DAY)
        self.assertEqual({a.number for a in before["17.5"]["rows"]}, {"until-D", "open", "ended-D-1"})

    def test_expelled_counts_until_the_day_of_expulsion(self) -> None:
        student = Student.objects.get(pk=self.studying.pk)
        student.status = "expelled"
        student.save()
        today = timezone.localdate()
        self.assertNotIn(student, partner_kpis(self.institution, today)["17.7"]["rows"])
        self.assertIn(student, partner_kpis(self.institution, today - DAY)["17.7"]["rows"])

    def test_command_and_api_print_the_same_object(self) -> None:
        out = StringIO()
        call_command("partner_kpis", "--as-of", D.isoformat(), "--institution", "KAZUTB", "--json", stdout=out)
        printed = json.loads(out.getvalue())
        self.assertEqual([printed["kpis"][c]["value"] for c in ("17.5", "17.6", "17.7")], [3, 2, 3])
        response = self.api_as(self.cc).get(reverse("partner-kpis-list"), {"as_of": D.isoformat()})
        self.assertEqual(response.json(), printed)
        # A department sees the institution's figures but only its own students' names.
        mine = self.api_as(self.dana).get(reverse("partner-kpis-list"), {"as_of": D.isoformat()}).json()
        self.assertEqual(mine["kpis"]["17.7"]["value"], 3)
        self.assertEqual([r["id"] for r in mine["kpis"]["17.7"]["rows"]], [self.on_leave.pk])
        self.assertEqual(self.api_as(self.student_user).get(reverse("partner-kpis-list")).status_code, 403)

    def test_dashboard(self) -> None:
        response = self.assert_page_shows(self.rector, reverse("employers:partners_dashboard") + f"?as_of={D}", "17.5")
        self.assertEqual([response.context["kpis"][c]["value"] for c in ("17.5", "17.6", "17.7")], [3, 2, 3])


class ExpiringSoonTests(ScopedCRUDTests):
    def test_boundaries_of_the_window(self) -> None:
        today = timezone.localdate()
        org = make_org(self.institution)
        start = today - 400 * DAY
        for days in (-1, 0, 60, 61):
            make_agreement(org, valid_from=start, valid_until=today + days * DAY, number=f"d{days}")
        make_agreement(org, valid_from=start, number="indefinite")
        expiring = PartnershipAgreement.objects.expiring(today, 60)
        self.assertEqual({a.number for a in expiring}, {"d0", "d60"})
        self.client.force_login(self.bolat)
        response = self.client.get(reverse("employers:partnershipagreement_list") + "?expiring_within=60")
        self.assertEqual({a.number for a in response.context["table"].data}, {"d0", "d60"})
        response = self.client.get(reverse("employers:partners_dashboard"))
        self.assertEqual([a.number for a in response.context["expiring"]], ["d0", "d60"])
        response = self.client.get(reverse("employers:partnershipagreement_list") + f"?valid_on={today}")
        self.assertEqual({a.number for a in response.context["table"].data}, {"d0", "d60", "d61", "indefinite"})


class DepartmentIsolationTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.org = make_org(cls.institution)
        cls.mine = make_agreement(cls.org, department=cls.dept_a, number="A")
        cls.theirs = make_agreement(cls.org, department=cls.dept_b, number="B")
        cls.nobodys = make_agreement(cls.org, number="none")
        cls.unit = make_unit(cls.org, cls.dept_b)

    def edit(self, obj: object) -> str:
        return reverse(f"employers:{type(obj)._meta.model_name}_edit", args=[obj.pk])  # type: ignore[attr-defined]

    def test_department_editors_change_only_their_departments(self) -> None:
        self.assert_status(self.aigerim, self.edit(self.mine), 200)
        for obj in (self.theirs, self.nobodys, self.unit):
            self.assert_status(self.aigerim, self.edit(obj), 403)
        self.assert_status(self.dana, self.edit(self.theirs), 200)
        self.assert_status(self.dana, self.edit(self.unit), 200)
        self.assert_status(self.dana, self.edit(self.mine), 403)
        self.assert_status(self.bolat, self.edit(self.mine), 403)  # read-only in the same department
        self.assert_status(self.rector, self.edit(self.mine), 403)
        self.assert_status(self.dean, self.edit(self.theirs), 200)  # the faculty holds both departments
        for obj in (self.mine, self.theirs, self.nobodys):
            self.assert_status(self.cc, self.edit(obj), 200)
        for user in (self.aigerim, self.dana, self.bolat, self.rector):
            self.assert_status(user, self.theirs.get_absolute_url(), 200)  # everybody views

    def test_a_department_editor_cannot_move_an_agreement_to_another_department(self) -> None:
        data = {"organization": self.org.pk, "kind": "social_partnership", "signed_on": "2024-01-10",
                "valid_from": "2024-01-10", "department": self.dept_b.pk}  # fmt: skip
        response = self.post_as(self.aigerim, self.edit(self.mine), data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("department", response.context["form"].errors)
        response = self.post_as(self.aigerim, reverse("employers:partnershipagreement_add"), {**data, "department": ""})
        self.assertIn("department", response.context["form"].errors)
        self.mine.refresh_from_db()
        self.assertEqual(self.mine.department, self.dept_a)

    def test_api_edit_isolation(self) -> None:
        api = self.api_as(self.aigerim)
        url = reverse("partnershipagreement-detail", args=[self.theirs.pk])
        self.assertEqual(api.patch(url, {"number": "x"}, format="json").status_code, 403)
        url = reverse("partnershipagreement-detail", args=[self.mine.pk])
        self.assertEqual(api.patch(url, {"number": "x"}, format="json").status_code, 200)
        self.assertEqual(api.patch(url, {"department": self.dept_b.pk}, format="json").status_code, 400)
        self.assertEqual(self.api_as(self.bolat).patch(url, {"number": "y"}, format="json").status_code, 403)

"""Staff pages of the practice app: every page renders, department isolation (404/403), forms
go through the services (errors on the fields), the order submission block and its override."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.urls import reverse

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core.choices import Position
from mansap.core.models import AcademicYear, CalendarEvent
from mansap.employers.tests.factories import a_bin, make_org
from mansap.practice.choices import BaseStatus, PlacementStatus, PracticeStatus
from mansap.practice.models import Placement, Practice, PracticeBase, PracticeOrder
from mansap.practice.tests.factories import make_base, make_contract, make_employee, make_placement, make_practice

TODAY = dt.date(2026, 4, 20)


class StaffPageTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.practice = make_practice(cls.program_a)
        cls.practice_b = make_practice(cls.program_b)
        cls.base = make_base(cls.institution, programs=[cls.program_a], capacity=3)
        cls.base_b = make_base(cls.institution, programs=[cls.program_b])
        cls.contract = make_contract(cls.base, signed_on=dt.date(2026, 3, 1))
        cls.teacher = make_employee(cls.dept_a, Position.PROFESSOR)
        cls.student = make_student(cls.program_a, course=3)
        cls.placement = make_placement(cls.practice, cls.student, cls.base, supervisor=cls.teacher)
        cls.placement_b = make_placement(cls.practice_b, make_student(cls.program_b), cls.base_b)
        cls.order = PracticeOrder.objects.create(practice=cls.practice, submitted_on=dt.date(2026, 4, 1))

    def test_every_page_renders_for_the_career_center(self) -> None:
        urls = [
            reverse("practice:practice_list"), reverse("practice:practice_detail", args=[self.practice.pk]),
            reverse("practice:practice_add"), reverse("practice:practice_edit", args=[self.practice.pk]),
            reverse("practice:practice_history", args=[self.practice.pk]), reverse("practice:practice_plan"),
            reverse("practice:practice_allocate", args=[self.practice.pk]),
            reverse("practice:practice_preferences", args=[self.practice.pk]),
            reverse("practice:practicebase_list"), reverse("practice:practicebase_detail", args=[self.base.pk]),
            reverse("practice:practicebase_add"), reverse("practice:practicebase_edit", args=[self.base.pk]),
            reverse("practice:practicebase_vet", args=[self.base.pk]),
            reverse("practice:practicecontract_list"),
            reverse("practice:practicecontract_detail", args=[self.contract.pk]),
            reverse("practice:practicecontract_add"), reverse("practice:contractannex_add", args=[self.contract.pk]),
            reverse("practice:placement_list"), reverse("practice:placement_detail", args=[self.placement.pk]),
            reverse("practice:placement_add") + f"?practice={self.practice.pk}",
            reverse("practice:placement_edit", args=[self.placement.pk]),
            reverse("practice:practiceorder_list"), reverse("practice:practiceorder_detail", args=[self.order.pk]),
            reverse("practice:compliance"),
        ]  # fmt: skip
        for url in urls:
            self.assert_status(self.cc, url, 200)

    def test_department_isolation(self) -> None:
        for name, obj in (("practice_detail", self.practice), ("practicebase_detail", self.base),
                          ("practicecontract_detail", self.contract), ("placement_detail", self.placement),
                          ("practiceorder_detail", self.order)):  # fmt: skip
            url = reverse(f"practice:{name}", args=[obj.pk])
            self.assert_status(self.aigerim, url, 200)
            self.assert_status(self.dana, url, 404)
        self.assert_status(self.dana, reverse("practice:placement_edit", args=[self.placement.pk]), 404)
        self.assert_status(self.bolat, reverse("practice:placement_edit", args=[self.placement.pk]), 403)
        self.assert_status(self.bolat, reverse("practice:placement_cancel", args=[self.placement.pk]), 403, "post")
        self.assert_status(self.dana, reverse("practice:practice_allocate", args=[self.practice.pk]), 404)
        self.assert_status(self.bolat, reverse("practice:practicebase_vet", args=[self.base.pk]), 403)
        self.assert_page_hides(self.aigerim, reverse("practice:placement_list"), self.placement_b.student.last_name)
        self.assert_page_shows(self.aigerim, reverse("practice:placement_list"), self.student.last_name)

    def test_department_cannot_plan(self) -> None:
        self.assert_status(self.aigerim, reverse("practice:practice_plan"), 403)
        self.assert_status(self.aigerim, reverse("practice:practice_add"), 403)
        # ... but keeps the cycle debt of its practice
        self.assert_status(self.aigerim, reverse("practice:practice_edit", args=[self.practice.pk]), 200)
        response = self.post_as(self.aigerim, reverse("practice:practice_edit", args=[self.practice.pk]), {
            "special_cycle_ends_on": "2026-05-20", "students_with_cycle_debt": [self.student.pk],
        })  # fmt: skip
        self.assertEqual(response.status_code, 302)
        self.assertEqual(list(self.practice.students_with_cycle_debt.all()), [self.student])

    def test_placement_form_shows_rule_errors(self) -> None:
        minor = make_student(self.program_b, minor_program=self.program_a)
        candidate = make_base(self.institution, programs=[self.program_a], approved=False)
        response = self.post_as(self.aigerim, reverse("practice:placement_add"), {
            "practice": self.practice.pk, "student": minor.pk, "base": candidate.pk, "supervisor": self.teacher.pk,
        })  # fmt: skip
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertEqual(Placement.objects.filter(student=minor).count(), 0)

    def test_manual_placement_with_contract_warning(self) -> None:
        other_base = make_base(self.institution, programs=[self.program_a])
        student = make_student(self.program_a, course=3)
        response = self.post_as(self.aigerim, reverse("practice:placement_add"), {
            "practice": self.practice.pk, "student": student.pk, "base": other_base.pk, "supervisor": self.teacher.pk,
            "company_supervisor_name": "Serik",
        })  # fmt: skip
        self.assertEqual(response.status_code, 302)
        placement = Placement.objects.get(student=student)
        self.assertEqual(placement.status, PlacementStatus.CONFIRMED)
        page = self.client.get(placement.get_absolute_url())
        self.assertContains(page, "no signed contract")

    def test_base_with_new_organization_and_bin_check(self) -> None:
        data = {"new_name_ru": "ТОО Тест", "new_bin": "123456789012", "department": self.dept_a.pk,
                "programs": [self.program_a.pk], "statutory_activity": "IT", "source": "department",
                "capacity": 4}  # fmt: skip
        response = self.post_as(self.aigerim, reverse("practice:practicebase_add"), data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("new_bin", response.context["form"].errors)
        data["new_bin"] = a_bin()
        response = self.post_as(self.aigerim, reverse("practice:practicebase_add"), data)
        self.assertEqual(response.status_code, 302)
        base = PracticeBase.objects.get(organization__name_ru="ТОО Тест")
        self.assertEqual(base.status, BaseStatus.CANDIDATE)

    def test_base_from_registry_and_vetting(self) -> None:
        org = make_org(self.institution)
        response = self.post_as(self.aigerim, reverse("practice:practicebase_add"), {
            "organization": org.pk, "department": self.dept_a.pk, "programs": [self.program_a.pk],
            "statutory_activity": "IT", "source": "atameken", "capacity": 2,
        })  # fmt: skip
        self.assertEqual(response.status_code, 302)
        base = PracticeBase.objects.get(organization=org)
        vet = reverse("practice:practicebase_vet", args=[base.pk])
        data = {"checked_on": "2026-01-10", "decision": "approved"}
        for c in ("activity", "staff", "equipment", "safety", "reputation"):
            data[f"{c}_ok"] = "on"
            data[f"{c}_note"] = "ok"
        data.pop("safety_ok")
        response = self.post_as(self.aigerim, vet, data)
        self.assertEqual(response.status_code, 400)
        base.refresh_from_db()
        self.assertEqual(base.status, BaseStatus.CANDIDATE)
        data["safety_ok"] = "on"
        self.assertEqual(self.post_as(self.aigerim, vet, data).status_code, 302)
        base.refresh_from_db()
        self.assertEqual(base.status, BaseStatus.APPROVED)

    def test_order_submission_block_and_override(self) -> None:
        practice = make_practice(self.program_a, kind="educational", course=1, starts_on=dt.date(2026, 6, 1))
        late_base = make_base(self.institution, programs=[self.program_a])
        make_contract(late_base, signed_on=dt.date(2026, 5, 2))  # a day after the deadline
        make_placement(practice, make_student(self.program_a), late_base, supervisor=self.teacher)
        url = reverse("practice:practice_submit_order", args=[practice.pk])
        with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 5, 1)):
            self.post_as(self.aigerim, url, {"language": "kk"})
            self.assertFalse(PracticeOrder.objects.filter(practice=practice).exists())
            self.post_as(self.aigerim, url, {"language": "kk", "override_reason": "Rector agreed"})
            self.assertFalse(PracticeOrder.objects.filter(practice=practice).exists())
            self.post_as(self.cc, url, {"language": "kk", "override_reason": "Rector agreed"})
        order = PracticeOrder.objects.get(practice=practice)
        self.assertEqual(order.override_by, self.cc)
        self.assertEqual(order.override_reason, "Rector agreed")
        response = self.post_as(self.aigerim, reverse("practice:practiceorder_record", args=[order.pk]),
                                {"order_number": "123-П", "order_date": "2026-05-05"})  # fmt: skip
        self.assertEqual(response.status_code, 302)
        self.assertEqual(practice.placements.get().order, order)

    def test_plan_build_and_send(self) -> None:
        year = AcademicYear.objects.get(institution=self.institution, start_year=2025)
        CalendarEvent.objects.create(academic_year=year, kind="practice", title_kk="П", title_ru="П", title_en="P",
                                     starts_on=dt.date(2026, 6, 1), ends_on=dt.date(2026, 6, 27))  # fmt: skip
        response = self.post_as(
            self.cc, reverse("practice:practice_plan"), {"academic_year": year.pk, "action": "build"}
        )
        self.assertEqual(response.status_code, 302)
        drafts = Practice.objects.filter(academic_year=year, status=PracticeStatus.DRAFT)
        self.assertTrue(drafts.exists())
        self.post_as(self.cc, reverse("practice:practice_plan"),
                     {"academic_year": year.pk, "action": "send", "practice": [p.pk for p in drafts]})  # fmt: skip
        self.assertFalse(Practice.objects.filter(academic_year=year, status=PracticeStatus.DRAFT).exists())

    def test_compliance_page_and_export(self) -> None:
        response = self.assert_page_shows(self.cc, reverse("practice:compliance"), self.dept_a.code)
        self.assertEqual(response.status_code, 200)
        rows = self.xlsx_rows(self.get_as(self.cc, reverse("practice:compliance") + "?export=xlsx"))
        self.assertGreater(len(rows), 1)
        self.assert_page_hides(self.aigerim, reverse("practice:compliance"), self.program_b.code)

    def test_student_preferences_page(self) -> None:
        self.student.user = self.student_user
        self.student.save()
        url = reverse("practice:my_preferences", args=[self.practice.pk])
        other = make_practice(self.program_a, kind="educational", course=1)
        other_url = reverse("practice:my_preferences", args=[other.pk])
        self.assert_status(self.student_user, other_url, 200)
        self.assert_status(self.student_user, reverse("practice:my_preferences", args=[self.practice_b.pk]), 404)
        response = self.post_as(self.student_user, other_url, {"student": self.student.pk, "rank_1": self.base.pk})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.student.practice_preferences.get().base, self.base)
        self.assert_status(self.student_user, url, 200)

    def test_no_server_errors_and_read_only(self) -> None:
        """No page answers a server error to anyone; read-only personas see but cannot write."""
        pk, base, contract, placement, order = (
            self.practice.pk,
            self.base.pk,
            self.contract.pk,
            self.placement.pk,
            self.order.pk,
        )
        urls = [
            "/practice/plan/", f"/practice/plan/{pk}/", "/practice/plan/add/", f"/practice/plan/{pk}/edit/",
            "/practice/plan/build/", f"/practice/plan/{pk}/allocate/", f"/practice/plan/{pk}/preferences/",
            f"/practice/plan/{pk}/my-preferences/", "/practice/bases/", f"/practice/bases/{base}/",
            "/practice/bases/add/", f"/practice/bases/{base}/vet/", "/practice/contracts/",
            f"/practice/contracts/{contract}/", f"/practice/contracts/{contract}/annex/", "/practice/placements/",
            f"/practice/placements/{placement}/", "/practice/placements/add/?practice=x",
            f"/practice/placements/{placement}/edit/", "/practice/orders/", f"/practice/orders/{order}/",
            "/practice/compliance/?academic_year=999999&all=1", "/practice/bases/?program=abc&export=xlsx",
        ]  # fmt: skip
        for user in (self.rector, self.dean, self.bolat, self.dana, self.registrar, self.student_user, None):
            for url in urls:
                response = self.get_as(user, url)
                self.assertIn(response.status_code, (200, 302, 403, 404), f"{url} as {user}")
        # read-only management: sees everything, changes nothing
        self.assert_status(self.rector, f"/practice/plan/{pk}/", 200)
        self.assert_status(self.rector, f"/practice/plan/{pk}/submit-order/", 403, "post")
        self.assert_status(self.rector, f"/practice/placements/{placement}/edit/", 403)
        # the dean works for the faculty's departments
        self.assert_status(self.dean, f"/practice/placements/{placement}/edit/", 200)

"""The defence: commission from the practice's department (chair always a member), the pre-graduate
admission rule, record_grade (letter and points from the table), the grade sheet (htmx rows, XLSX)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import make_student
from mansap.core.choices import Position
from mansap.practice.choices import DocumentKind, PracticeKind
from mansap.practice.models import DefenceCommission, GradeBand, Placement
from mansap.practice.services import assessment as svc
from mansap.practice.tests.factories import make_employee, make_placement, make_practice
from mansap.practice.tests.test_diary import AssessmentSetup
from mansap.practice.tests.test_student_pages import PDF


class DefenceSetup(AssessmentSetup):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.pre = make_practice(
            cls.program_a, kind=PracticeKind.PRE_GRADUATE, starts_on=cls.today - dt.timedelta(days=40)
        )
        cls.pre.ends_on = cls.today - dt.timedelta(days=5)
        cls.pre.save()
        cls.thesis_student = make_student(cls.program_a)
        cls.pre_placement = make_placement(cls.pre, cls.thesis_student, cls.base)
        cls.prof = make_employee(cls.dept_a, Position.PROFESSOR)
        cls.docent = make_employee(cls.dept_a)
        cls.outsider = make_employee(cls.dept_b)

    def fresh(self, placement: Placement) -> Placement:
        return Placement.objects.select_related("practice").get(pk=placement.pk)

    def submit_everything(self, placement: Placement) -> None:
        for kind in (DocumentKind.REPORT, DocumentKind.REPORT_SCAN, DocumentKind.DIARY_SCAN):
            svc.upload_document(
                self.fresh(placement), kind=kind, file=SimpleUploadedFile("f.pdf", PDF), acting_user=None
            )
        # ... and the head of practice accepts the report (required for admission, R-045 step 1)
        svc.review_report(self.fresh(placement), text="The report covers the programme in full.",
                          decision="accepted", acting_user=None)  # fmt: skip


class CommissionTests(DefenceSetup):
    def test_chair_added_to_members(self) -> None:
        commission = DefenceCommission(practice=self.pre, order_number="15-П", order_date=self.today, chair=self.prof)
        svc.save_commission(commission, [self.docent], acting_user=self.aigerim)
        self.assertEqual(set(commission.members.all()), {self.prof, self.docent})

    def test_members_from_the_department_only(self) -> None:
        commission = DefenceCommission(practice=self.pre, order_number="15", order_date=self.today, chair=self.outsider)
        with self.assertRaises(ValidationError) as ctx:
            svc.save_commission(commission, [self.outsider], acting_user=self.aigerim)
        self.assertEqual(set(ctx.exception.error_dict), {"chair", "members"})

    def test_pages(self) -> None:
        add = reverse("practice:defencecommission_add")
        response = self.get_as(self.aigerim, add + f"?practice={self.pre.pk}")
        self.assertContains(response, str(self.prof))
        self.assertNotContains(response, str(self.outsider))
        data = {"practice": self.pre.pk, "order_number": "7-О", "order_date": self.today.isoformat(),
                "defence_date": (self.today + dt.timedelta(days=3)).isoformat(), "chair": self.prof.pk,
                "members": [self.docent.pk]}  # fmt: skip
        self.assertEqual(self.post_as(self.bolat, add, data).status_code, 403)
        response = self.post_as(self.aigerim, add, data)
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", None) and response.context["form"].errors
        )
        commission = DefenceCommission.objects.get()
        self.assertEqual(set(commission.members.all()), {self.prof, self.docent})
        detail = reverse("practice:defencecommission_detail", args=[commission.pk])
        self.assert_page_shows(self.bolat, detail, "7-О", str(self.docent))
        self.assert_status(self.dana, detail, 404)
        self.assert_status(self.dana, reverse("practice:defencecommission_edit", args=[commission.pk]), 404)
        self.assert_status(self.bolat, reverse("practice:defencecommission_edit", args=[commission.pk]), 403)
        self.assert_page_hides(self.dana, reverse("practice:defencecommission_list"), "7-О")
        self.assert_page_shows(self.cc, reverse("practice:defencecommission_list"), "7-О")
        self.assert_status(self.student_user, reverse("practice:defencecommission_list"), 403)
        # Department B cannot build a commission on department A's practice
        data["practice"] = self.practice.pk
        response = self.post_as(self.dana, add, data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(DefenceCommission.objects.count(), 1)


class AdmissionTests(DefenceSetup):
    def test_admission_needs_report_and_scans(self) -> None:
        with self.assertRaises(ValidationError) as ctx:
            svc.decide_admission(self.fresh(self.pre_placement), admitted=True, acting_user=self.aigerim)
        self.assertIn("practice report", str(ctx.exception))
        svc.upload_document(self.fresh(self.pre_placement), kind=DocumentKind.REPORT,
                            file=SimpleUploadedFile("r.pdf", PDF), acting_user=None)  # fmt: skip
        with self.assertRaises(ValidationError) as ctx:
            svc.decide_admission(self.fresh(self.pre_placement), admitted=True, acting_user=self.aigerim)
        self.assertIn("diary", str(ctx.exception))
        self.submit_everything(self.pre_placement)
        placement = svc.decide_admission(self.fresh(self.pre_placement), admitted=True, acting_user=self.aigerim)
        self.assertTrue(placement.admitted_to_defence)
        self.assertEqual(placement.admission_decided_on, self.today)

    def test_refusal_needs_nothing(self) -> None:
        placement = svc.decide_admission(self.fresh(self.pre_placement), admitted=False, acting_user=self.aigerim)
        self.assertIs(placement.admitted_to_defence, False)

    def test_decided_before_the_defence_date(self) -> None:
        self.submit_everything(self.pre_placement)
        Placement.objects.filter(pk=self.pre_placement.pk).update(defence_date=self.today + dt.timedelta(days=1))
        svc.decide_admission(self.fresh(self.pre_placement), admitted=True, acting_user=self.aigerim)
        Placement.objects.filter(pk=self.pre_placement.pk).update(defence_date=self.today)
        with self.assertRaises(ValidationError) as ctx:
            svc.decide_admission(self.fresh(self.pre_placement), admitted=True, acting_user=self.aigerim)
        self.assertIn("before the defence date", str(ctx.exception))

    def test_only_pre_graduate(self) -> None:
        with self.assertRaises(ValidationError):
            svc.decide_admission(self.fresh(self.placement), admitted=True, acting_user=self.aigerim)

    def test_scoped(self) -> None:
        with self.assertRaises(PermissionDenied):
            svc.decide_admission(self.fresh(self.pre_placement), admitted=False, acting_user=self.dana)
        with self.assertRaises(PermissionDenied):
            svc.decide_admission(self.fresh(self.pre_placement), admitted=False, acting_user=self.bolat)

    def test_alert_when_defence_near(self) -> None:
        self.assertIsNone(svc.admissions_alert(self.pre, self.today))
        DefenceCommission.objects.create(practice=self.pre, order_number="1", order_date=self.today,
                                         chair=self.prof, defence_date=self.today + dt.timedelta(days=7))  # fmt: skip
        self.assertEqual(svc.admissions_alert(self.pre, self.today)["count"], 1)
        self.assertIsNone(svc.admissions_alert(self.pre, self.today - dt.timedelta(days=1)))  # 8 days ahead
        self.assert_page_shows(self.aigerim, reverse("practice:practice_assessment", args=[self.pre.pk]),
                               'id="admission-alert"')  # fmt: skip
        svc.decide_admission(self.fresh(self.pre_placement), admitted=False, acting_user=self.aigerim)
        self.assertIsNone(svc.admissions_alert(self.pre, self.today))
        self.assertIsNone(svc.admissions_alert(self.practice, self.today))  # not pre-graduate


class GradeTests(DefenceSetup):
    def test_record_grade_uses_table(self) -> None:
        self.submit_everything(self.placement)
        result = svc.record_grade(self.fresh(self.placement), 90, acting_user=self.aigerim)
        self.assertEqual((result.letter, result.points), ("A-", Decimal("3.67")))
        self.assertTrue(result.warnings)  # no company evaluation: saved with a warning
        placement = self.fresh(self.placement)
        self.assertEqual((placement.score, placement.letter_grade, placement.grade_points), (90, "A-", Decimal("3.67")))
        self.assertEqual(placement.graded_on, self.today)
        self.assertEqual(placement.defence_date, self.today)
        GradeBand.objects.create(institution=self.institution, letter="P", min_score=50, max_score=100, points=4)
        GradeBand.objects.create(institution=self.institution, letter="N", min_score=0, max_score=49, points=0)
        self.assertEqual(svc.record_grade(self.fresh(self.placement), 50, acting_user=self.aigerim).letter, "P")
        self.assertEqual(svc.record_grade(self.fresh(self.placement), 49, acting_user=self.aigerim).letter, "N")

    def test_no_warning_with_company_evaluation(self) -> None:
        self.submit_everything(self.placement)
        Placement.objects.filter(pk=self.placement.pk).update(company_submitted_at=timezone.now())
        self.assertEqual(svc.record_grade(self.fresh(self.placement), 70, acting_user=self.aigerim).warnings, [])

    def test_grade_rules(self) -> None:
        with self.assertRaises(ValidationError) as ctx:
            svc.record_grade(self.fresh(self.placement), 80, acting_user=self.aigerim)
        self.assertIn("not submitted the report", str(ctx.exception))
        self.submit_everything(self.placement)
        for bad in (101, -1, True, "80"):
            with self.assertRaises(ValidationError):
                svc.record_grade(self.fresh(self.placement), bad, acting_user=self.aigerim)  # type: ignore[arg-type]
        Placement.objects.filter(pk=self.placement.pk).update(defence_date=self.today + dt.timedelta(days=1))
        with self.assertRaises(ValidationError) as ctx:
            svc.record_grade(self.fresh(self.placement), 80, acting_user=self.aigerim)
        self.assertIn("grade it then", str(ctx.exception))
        # pre-graduate: only after admission
        self.submit_everything(self.pre_placement)
        with self.assertRaises(ValidationError) as ctx:
            svc.record_grade(self.fresh(self.pre_placement), 80, acting_user=self.aigerim)
        self.assertIn("admitted", str(ctx.exception))
        svc.decide_admission(self.fresh(self.pre_placement), admitted=True, acting_user=self.aigerim)
        self.assertEqual(svc.record_grade(self.fresh(self.pre_placement), 95, acting_user=self.aigerim).letter, "A")
        with self.assertRaises(ValidationError):  # graded: the admission cannot change
            svc.decide_admission(self.fresh(self.pre_placement), admitted=False, acting_user=self.aigerim)

    def test_clear_grade(self) -> None:
        self.submit_everything(self.placement)
        svc.record_grade(self.fresh(self.placement), 60, acting_user=self.aigerim)
        svc.record_grade(self.fresh(self.placement), None, acting_user=self.aigerim)
        placement = self.fresh(self.placement)
        self.assertEqual((placement.score, placement.letter_grade, placement.grade_points), (None, "", None))

    def test_read_only_and_other_department(self) -> None:
        self.submit_everything(self.placement)
        for user in (self.bolat, self.dana, self.rector):
            with self.assertRaises(PermissionDenied):
                svc.record_grade(self.fresh(self.placement), 80, acting_user=user)


class GradeSheetTests(DefenceSetup):
    def test_sheet_and_htmx_row(self) -> None:
        self.submit_everything(self.pre_placement)
        sheet = reverse("practice:grade_sheet", args=[self.pre.pk])
        self.assert_page_shows(self.aigerim, sheet, str(self.thesis_student), 'id="row-')
        self.assert_page_hides(self.bolat, sheet, 'id="row-')
        self.assert_status(self.dana, sheet, 404)
        row = reverse("practice:grade_row", args=[self.pre_placement.pk])
        prefix = f"p{self.pre_placement.pk}"
        self.client.force_login(self.aigerim)
        # Score without admission: the row comes back with the error, nothing saved
        response = self.client.post(row, {f"{prefix}-admission": "", f"{prefix}-score": "85"}, HTTP_HX_REQUEST="true")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "not been admitted")
        self.assertIsNone(self.fresh(self.pre_placement).score)
        # Admission and score in one row: admitted first, then graded (with the warning)
        response = self.client.post(
            row, {f"{prefix}-admission": "yes", f"{prefix}-score": "85"}, HTTP_HX_REQUEST="true"
        )
        self.assertContains(response, "table-success")
        self.assertContains(response, "B+")
        self.assertContains(response, "have not been received")
        placement = self.fresh(self.pre_placement)
        self.assertEqual((placement.admitted_to_defence, placement.score, placement.letter_grade), (True, 85, "B+"))
        self.assertEqual(self.post_as(self.bolat, row, {f"{prefix}-score": "10"}).status_code, 403)
        self.assertEqual(self.post_as(self.dana, row, {f"{prefix}-score": "10"}).status_code, 404)
        # XLSX export
        rows = self.xlsx_rows(self.get_as(self.bolat, sheet + "?export=xlsx"))
        self.assertEqual(rows[1][0], str(self.thesis_student))
        self.assertEqual(rows[1][6:8], [85, "B+"])

    def test_failed_row_is_atomic(self) -> None:
        """Admission saved, then the score fails: nothing of the row is kept."""
        self.submit_everything(self.pre_placement)
        Placement.objects.filter(pk=self.pre_placement.pk).update(defence_date=self.today + dt.timedelta(days=2))
        prefix = f"p{self.pre_placement.pk}"
        self.client.force_login(self.aigerim)
        response = self.client.post(
            reverse("practice:grade_row", args=[self.pre_placement.pk]),
            {f"{prefix}-admission": "yes", f"{prefix}-defence_date": (self.today + dt.timedelta(days=2)).isoformat(),
             f"{prefix}-score": "85"},
            HTTP_HX_REQUEST="true",
        )  # fmt: skip
        self.assertContains(response, "grade it then")
        self.assertIsNone(self.fresh(self.pre_placement).admitted_to_defence)


class SaveGradeRowTests(DefenceSetup):
    """save_grade_row: one row of the grade sheet, in the order admission → defence date → score, all or nothing."""

    def save(self, placement: Placement, **row: object) -> svc.GradeResult | None:
        fresh = self.fresh(placement)
        row.setdefault("admission", fresh.admitted_to_defence)
        row.setdefault("defence_date", fresh.defence_date)
        row.setdefault("score", fresh.score)
        return svc.save_grade_row(fresh, acting_user=self.aigerim, **row)  # type: ignore[arg-type]

    def test_admission_then_score_in_one_row(self) -> None:
        self.submit_everything(self.pre_placement)
        result = self.save(self.pre_placement, admission=True, score=85)
        assert result is not None
        self.assertEqual((result.letter, result.points), ("B+", Decimal("3.33")))
        self.assertEqual(
            result.warnings, ["The company's characterization and report assessment have not been received."]
        )
        placement = self.fresh(self.pre_placement)
        self.assertEqual((placement.admitted_to_defence, placement.admission_decided_on), (True, self.today))
        self.assertEqual((placement.score, placement.graded_on, placement.defence_date), (85, self.today, self.today))

    def test_unchanged_values_write_nothing(self) -> None:
        self.submit_everything(self.pre_placement)
        self.save(self.pre_placement, admission=True, score=70)
        before = self.fresh(self.pre_placement).history.count()
        self.assertIsNone(self.save(self.pre_placement))
        self.assertEqual(self.fresh(self.pre_placement).history.count(), before)

    def test_a_refused_step_undoes_the_steps_before_it(self) -> None:
        self.submit_everything(self.pre_placement)
        later = self.today + dt.timedelta(days=2)
        with self.assertRaises(ValidationError) as ctx:  # admitted and dated, but graded before the defence
            self.save(self.pre_placement, admission=True, defence_date=later, score=90)
        self.assertEqual(set(ctx.exception.error_dict), {"score"})
        placement = self.fresh(self.pre_placement)
        self.assertEqual((placement.admitted_to_defence, placement.defence_date, placement.score), (None, None, None))

    def test_admission_is_ignored_outside_pre_graduate_practice(self) -> None:
        self.submit_everything(self.placement)  # production practice: no admission column
        result = self.save(self.placement, admission=False, score=60)
        assert result is not None
        placement = self.fresh(self.placement)
        self.assertEqual((placement.admitted_to_defence, placement.score, placement.letter_grade), (None, 60, "C-"))

    def test_scope(self) -> None:
        self.submit_everything(self.pre_placement)
        for user in (self.bolat, self.dana):
            with self.assertRaises(PermissionDenied):
                svc.save_grade_row(
                    self.fresh(self.pre_placement), admission=True, defence_date=None, score=None, acting_user=user
                )
        self.assertIsNone(self.fresh(self.pre_placement).admitted_to_defence)

    def test_without_htmx_the_sheet_reloads_with_messages(self) -> None:
        self.submit_everything(self.pre_placement)
        prefix = f"p{self.pre_placement.pk}"
        row = reverse("practice:grade_row", args=[self.pre_placement.pk])
        sheet = reverse("practice:grade_sheet", args=[self.pre.pk])
        response = self.post_as(self.aigerim, row, {f"{prefix}-admission": "", f"{prefix}-score": "85"})
        self.assertRedirects(response, sheet, fetch_redirect_response=False)
        self.assertIn("not been admitted", " ".join(str(m) for m in get_messages(response.wsgi_request)))
        response = self.post_as(self.aigerim, row, {f"{prefix}-admission": "yes", f"{prefix}-score": "85"})
        self.assertRedirects(response, sheet, fetch_redirect_response=False)
        self.assertIn("have not been received", " ".join(str(m) for m in get_messages(response.wsgi_request)))
        self.assertEqual(self.fresh(self.pre_placement).score, 85)
        self.assertEqual(self.get_as(self.aigerim, row).status_code, 405)  # the rows post; there is no page


class DemoTests(DefenceSetup):
    """demo_assessment on the placements that exist (here: one running practice, one ended pre-graduate)."""

    def test_seed_is_deterministic_and_follows_the_rules(self) -> None:
        import random

        from mansap.practice.demo import assessment as demo_assessment
        from mansap.practice.models import Conference, DiaryEntry, PracticeDocument, RetentionRule

        for _ in range(6):
            make_placement(self.pre, make_student(self.program_a), self.base)
        later = self.today + dt.timedelta(days=30)  # the pre-graduate defence has passed by then
        counts = demo_assessment.seed(self.institution, rng=random.Random(7), today=later)
        self.assertEqual(counts["commissions"], 3)  # every practice has ended by then
        self.assertGreater(counts["diary entries"], 0)
        self.assertGreater(counts["grades"], 0)
        self.assertEqual(RetentionRule.objects.count(), 4)
        self.assertTrue(Conference.objects.filter(practice=self.pre, kind="final").exists())
        for placement in Placement.objects.filter(practice=self.pre, score__isnull=False):
            self.assertTrue(placement.admitted_to_defence)
            self.assertIsNotNone(placement.report_submitted_on)
            self.assertTrue(placement.letter_grade)
        document = PracticeDocument.objects.first()
        self.assertTrue(document.file.read().startswith(b"%PDF"))
        snapshot = sorted(DiaryEntry.objects.values_list("placement_id", "day"))
        demo_assessment.flush(self.institution)
        self.assertFalse(PracticeDocument.objects.exists())
        self.assertFalse(DefenceCommission.objects.exists())
        Placement.objects.update(score=None, letter_grade="", grade_points=None, admitted_to_defence=None,
                                 admission_decided_on=None, company_submitted_at=None, report_submitted_on=None,
                                 defence_date=None)  # fmt: skip
        demo_assessment.seed(self.institution, rng=random.Random(7), today=later)
        self.assertEqual(sorted(DiaryEntry.objects.values_list("placement_id", "day")), snapshot)

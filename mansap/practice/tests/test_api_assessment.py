"""API: grades (PATCH score through record_grade) and the student's diary, with the rules of the forms."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mansap.practice.choices import DocumentKind
from mansap.practice.models import DiaryEntry, Placement
from mansap.practice.services import assessment as svc
from mansap.practice.tests.test_diary import AssessmentSetup
from mansap.practice.tests.test_student_pages import PDF


class GradeApiTests(AssessmentSetup):
    def setUp(self) -> None:
        self.list_url = reverse("practice-grade-list")
        self.url = reverse("practice-grade-detail", args=[self.placement.pk])
        placement = Placement.objects.select_related("practice").get(pk=self.placement.pk)
        svc.upload_document(placement, kind=DocumentKind.REPORT, file=SimpleUploadedFile("r.pdf", PDF),
                            acting_user=None)  # fmt: skip

    def test_patch_score_gives_letter_and_points(self) -> None:
        response = self.api_as(self.aigerim).patch(self.url, {"score": 74}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual((body["score"], body["letter_grade"], body["grade_points"]), (74, "C+", "2.33"))
        self.assertTrue(body["warnings"])
        self.assertEqual(Placement.objects.get(pk=self.placement.pk).letter_grade, "C+")

    def test_same_rules_as_the_form(self) -> None:
        api = self.api_as(self.aigerim)
        for bad in (101, -1, "x"):
            self.assertEqual(api.patch(self.url, {"score": bad}, format="json").status_code, 400)
        Placement.objects.filter(pk=self.placement.pk).update(defence_date=self.today + dt.timedelta(days=3))
        response = api.patch(self.url, {"score": 80}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("grade it then", str(response.json()))
        # Only the score is writable
        Placement.objects.filter(pk=self.placement.pk).update(defence_date=None)
        api.patch(self.url, {"score": 80, "letter_grade": "A", "grade_points": "4.00"}, format="json")
        placement = Placement.objects.get(pk=self.placement.pk)
        self.assertEqual((placement.letter_grade, placement.grade_points), ("B", 3))

    def test_scope(self) -> None:
        self.assertEqual(self.api_as(self.dana).get(self.url).status_code, 404)
        self.assertEqual(self.api_as(self.dana).patch(self.url, {"score": 80}, format="json").status_code, 404)
        self.assertEqual(self.api_as(self.bolat).patch(self.url, {"score": 80}, format="json").status_code, 403)
        self.assertEqual(self.api_as(self.rector).patch(self.url, {"score": 80}, format="json").status_code, 403)
        self.assertEqual(self.api_as(self.student_user).patch(self.url, {"score": 99}, format="json").status_code, 403)
        self.assertIsNone(Placement.objects.get(pk=self.placement.pk).score)
        ids = {row["id"] for row in self.api_as(self.student_user).get(self.list_url).json()["results"]}
        self.assertEqual(ids, {self.placement.pk})
        ids = {row["id"] for row in self.api_as(self.cc).get(self.list_url).json()["results"]}
        self.assertEqual(ids, {self.placement.pk, self.placement_b.pk})
        ids = {
            r["id"]
            for r in self.api_as(self.cc).get(self.list_url + f"?practice={self.practice_b.pk}").json()["results"]
        }
        self.assertEqual(ids, {self.placement_b.pk})
        self.assertEqual(self.api_as(self.aigerim).post(self.list_url, {}, format="json").status_code, 405)


class DiaryApiTests(AssessmentSetup):
    def setUp(self) -> None:
        self.list_url = reverse("practice-diaryentry-list")

    def test_student_keeps_own_diary(self) -> None:
        api = self.api_as(self.student_user)
        data = {"placement": self.placement.pk, "day": self.today.isoformat(), "work_done": "Deployed the app"}
        response = api.post(self.list_url, data, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        entry_url = reverse("practice-diaryentry-detail", args=[response.json()["id"]])
        self.assertEqual(api.patch(entry_url, {"work_done": "Deployed it twice"}, format="json").status_code, 200)
        future = (self.today + dt.timedelta(days=1)).isoformat()
        response = api.patch(entry_url, {"day": future}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("day", response.json())
        self.assertEqual(api.post(self.list_url, {**data, "day": future}, format="json").status_code, 400)
        self.assertEqual(api.delete(entry_url).status_code, 204)
        self.assertFalse(DiaryEntry.objects.exists())

    def test_other_placements_refused(self) -> None:
        api = self.api_as(self.student_user)
        data = {"placement": self.placement_b.pk, "day": self.today.isoformat(), "work_done": "x"}
        self.assertEqual(api.post(self.list_url, data, format="json").status_code, 400)
        theirs = DiaryEntry.objects.create(placement=self.placement_b, day=self.today, work_done="B's work")
        url = reverse("practice-diaryentry-detail", args=[theirs.pk])
        self.assertEqual(api.get(url).status_code, 404)
        self.assertEqual(api.delete(url).status_code, 404)
        self.assertEqual(api.get(self.list_url).json()["count"], 0)

    def test_staff_read_and_remark_only(self) -> None:
        entry = DiaryEntry.objects.create(placement=self.placement, day=self.today, work_done="Work")
        url = reverse("practice-diaryentry-detail", args=[entry.pk])
        api = self.api_as(self.aigerim)
        self.assertEqual(api.get(self.list_url).json()["count"], 1)
        data = {"placement": self.placement.pk, "day": self.today.isoformat(), "work_done": "x"}
        self.assertEqual(api.post(self.list_url, data, format="json").status_code, 403)
        response = api.patch(url, {"supervisor_remark": "Add details", "work_done": "Changed"}, format="json")
        self.assertEqual(response.status_code, 200)
        entry.refresh_from_db()
        self.assertEqual((entry.supervisor_remark, entry.work_done), ("Add details", "Work"))
        self.assertEqual(api.delete(url).status_code, 403)
        self.assertEqual(self.api_as(self.bolat).patch(url, {"supervisor_remark": "x"}, format="json").status_code, 403)
        self.assertEqual(self.api_as(self.dana).get(url).status_code, 404)
        # The student cannot write the remark
        self.api_as(self.student_user).patch(url, {"supervisor_remark": "Great!"}, format="json")
        entry.refresh_from_db()
        self.assertEqual(entry.supervisor_remark, "Add details")

    def test_closed_after_grading(self) -> None:
        entry = DiaryEntry.objects.create(placement=self.placement, day=self.today, work_done="Work")
        Placement.objects.filter(pk=self.placement.pk).update(score=70, letter_grade="C+")
        api = self.api_as(self.student_user)
        url = reverse("practice-diaryentry-detail", args=[entry.pk])
        self.assertEqual(api.patch(url, {"work_done": "x"}, format="json").status_code, 400)
        self.assertEqual(api.delete(url).status_code, 400)
        self.assertTrue(DiaryEntry.objects.filter(pk=entry.pk).exists())

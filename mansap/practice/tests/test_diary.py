"""The electronic diary: dates within the practice period (with grace days), never in the future,
closed once graded; students write only their own; staff add remarks; htmx answers."""

from __future__ import annotations

import datetime as dt
import tempfile
from typing import Any

from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import ScopedCRUDTests, make_student, make_user
from mansap.practice.choices import PracticeKind
from mansap.practice.models import DiaryEntry, Placement
from mansap.practice.services import assessment as svc
from mansap.practice.tests.factories import make_base, make_placement, make_practice


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="mansap-practice-tests-"))
class AssessmentSetup(ScopedCRUDTests):
    """A practice of department A running now (started 20 days ago, ends in 7 days) with aigerim's
    student placed; the same for department B. No tests of its own."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        today = timezone.localdate()
        cls.today = today
        cls.practice = make_practice(cls.program_a, starts_on=today - dt.timedelta(days=20))
        cls.practice.ends_on = today + dt.timedelta(days=7)
        cls.practice.save()
        cls.base = make_base(cls.institution, programs=[cls.program_a])
        cls.student = make_student(cls.program_a, user=cls.student_user)
        cls.placement = make_placement(cls.practice, cls.student, cls.base)
        cls.practice_b = make_practice(cls.program_b, starts_on=today - dt.timedelta(days=20))
        cls.base_b = make_base(cls.institution, programs=[cls.program_b])
        cls.student_b_user = make_user("student-b")
        cls.student_b = make_student(cls.program_b, user=cls.student_b_user)
        cls.placement_b = make_placement(cls.practice_b, cls.student_b, cls.base_b)

    def entry(self, placement: Placement | None = None, day: dt.date | None = None, text: str = "Worked") -> DiaryEntry:
        return DiaryEntry.objects.create(placement=placement or self.placement, day=day or self.today, work_done=text)

    def htmx_post(self, user: Any, url: str, data: dict[str, Any]) -> Any:
        self.client.logout()
        self.client.force_login(user)
        return self.client.post(url, data, HTTP_HX_REQUEST="true")


class DiaryRuleTests(AssessmentSetup):
    def add(self, day: dt.date | None, text: str = "Installed the server", **kw: Any) -> DiaryEntry:
        placement = Placement.objects.get(pk=self.placement.pk)
        return svc.add_diary_entry(placement, day=day, work_done=text, acting_user=self.student_user, **kw)

    def test_dates_at_the_boundaries(self) -> None:
        start, end = self.practice.starts_on, self.practice.ends_on
        grace = dt.timedelta(days=svc.DIARY_GRACE_DAYS)
        later = end + grace + dt.timedelta(days=5)  # a "today" after the whole window
        self.add(start - grace, today=later)
        self.add(end + grace, today=later)
        for day in (start - grace - dt.timedelta(days=1), end + grace + dt.timedelta(days=1)):
            with self.assertRaises(ValidationError) as ctx:
                self.add(day, today=later)
            self.assertIn("day", ctx.exception.error_dict)

    def test_no_future_entries(self) -> None:
        self.add(self.today)
        with self.assertRaises(ValidationError) as ctx:
            self.add(self.today + dt.timedelta(days=1))
        self.assertIn("future", str(ctx.exception))

    def test_text_required(self) -> None:
        with self.assertRaises(ValidationError) as ctx:
            self.add(self.today, text="   ")
        self.assertIn("work_done", ctx.exception.error_dict)

    def test_closed_after_grading(self) -> None:
        entry = self.entry()
        Placement.objects.filter(pk=self.placement.pk).update(score=80, letter_grade="B")
        entry = DiaryEntry.objects.select_related("placement__practice").get(pk=entry.pk)
        with self.assertRaises(ValidationError):
            self.add(self.today)
        with self.assertRaises(ValidationError):
            svc.update_diary_entry(entry, day=self.today, work_done="x", acting_user=self.student_user)
        with self.assertRaises(ValidationError):
            svc.delete_diary_entry(entry, acting_user=self.student_user)
        self.assertTrue(DiaryEntry.objects.filter(pk=entry.pk).exists())


class DiaryPageTests(AssessmentSetup):
    def test_student_adds_entry_with_htmx(self) -> None:
        url = reverse("practice:student_diary_add", args=[self.placement.pk])
        response = self.htmx_post(self.student_user, url, {"day": self.today.isoformat(), "work_done": "Wrote tests"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="diary"')
        self.assertContains(response, "Wrote tests")
        self.assertEqual(self.placement.diary.count(), 1)

    def test_invalid_entry_shows_error_in_place(self) -> None:
        url = reverse("practice:student_diary_add", args=[self.placement.pk])
        future = (self.today + dt.timedelta(days=2)).isoformat()
        response = self.htmx_post(self.student_user, url, {"day": future, "work_done": "Plans"})
        self.assertEqual(response.status_code, 200)  # htmx swaps only 2xx
        self.assertContains(response, "future")
        self.assertEqual(self.placement.diary.count(), 0)
        # Without htmx: the page again, with 400
        self.client.force_login(self.student_user)
        response = self.client.post(url, {"day": future, "work_done": "Plans"})
        self.assertEqual(response.status_code, 400)

    def test_student_edits_and_deletes_own_entry(self) -> None:
        entry = self.entry()
        url = reverse("practice:student_diary_entry", args=[entry.pk])
        response = self.get_as(self.student_user, url, HTTP_HX_REQUEST="true")
        self.assertContains(response, f'name="e{entry.pk}-work_done"')
        response = self.htmx_post(
            self.student_user, url, {f"e{entry.pk}-day": self.today.isoformat(), f"e{entry.pk}-work_done": "Changed"}
        )
        self.assertEqual(response["HX-Retarget"], "#diary")
        entry.refresh_from_db()
        self.assertEqual(entry.work_done, "Changed")
        self.htmx_post(self.student_user, url, {"action": "delete"})
        self.assertFalse(DiaryEntry.objects.filter(pk=entry.pk).exists())

    def test_other_student_and_staff_cannot_write_the_diary(self) -> None:
        entry = self.entry()
        url = reverse("practice:student_diary_entry", args=[entry.pk])
        response = self.htmx_post(self.student_b_user, url, {"action": "delete"})
        self.assertEqual(response.status_code, 404)
        response = self.htmx_post(
            self.student_b_user,
            reverse("practice:student_diary_add", args=[self.placement.pk]),
            {"day": self.today.isoformat(), "work_done": "x"},
        )
        self.assertEqual(response.status_code, 404)
        response = self.htmx_post(self.aigerim, url, {"action": "delete"})
        self.assertEqual(response.status_code, 403)
        self.assertTrue(DiaryEntry.objects.filter(pk=entry.pk).exists())

    def test_staff_remark(self) -> None:
        entry = self.entry()
        url = reverse("practice:diary_remark", args=[entry.pk])
        self.assert_status(self.dana, url, 404, method="post")
        response = self.post_as(self.bolat, url, {"supervisor_remark": "Good"})
        self.assertEqual(response.status_code, 403)
        response = self.post_as(self.aigerim, url, {"supervisor_remark": "Describe the tools used."})
        self.assertEqual(response.status_code, 302)
        entry.refresh_from_db()
        self.assertEqual(entry.supervisor_remark, "Describe the tools used.")
        self.assert_page_shows(self.student_user, reverse("practice:my_practice"), "Describe the tools used.")
        self.assertEqual(self.post_as(self.student_user, url, {"supervisor_remark": "x"}).status_code, 403)

    def test_staff_panel_shows_diary(self) -> None:
        self.entry(text="Configured the network")
        url = reverse("practice:placement_assessment", args=[self.placement.pk])
        self.assert_page_shows(self.aigerim, url, "Configured the network")
        self.assert_page_shows(self.bolat, url, "Configured the network")
        self.assert_status(self.dana, url, 404)
        self.assert_status(self.student_user, url, 403)
        response = self.get_as(self.aigerim, url, HTTP_HX_REQUEST="true")
        self.assertNotContains(response, "<html")

    def test_pre_graduate_practice_diary_too(self) -> None:
        practice = make_practice(self.program_a, kind=PracticeKind.PRE_GRADUATE, starts_on=self.today)
        placement = make_placement(practice, make_student(self.program_a), self.base)
        svc.add_diary_entry(placement, day=self.today, work_done="Thesis chapter 1", acting_user=None)
        self.assertEqual(placement.diary.count(), 1)

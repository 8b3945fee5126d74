"""Conferences with minutes, meetings and consultations, and the rules acknowledgement for a list of students."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mansap.common.testing import make_student
from mansap.practice.models import Conference, Meeting, Placement
from mansap.practice.tests.factories import make_employee, make_placement
from mansap.practice.tests.test_diary import AssessmentSetup
from mansap.practice.tests.test_student_pages import PDF


class ConferenceTests(AssessmentSetup):
    def data(self, **changes: object) -> dict[str, object]:
        data: dict[str, object] = {
            "practice": self.practice.pk,
            "kind": "orientation",
            "held_on": (self.practice.starts_on - dt.timedelta(days=3)).isoformat(),
            "attendees": "24",
            "minutes": "The head of practice explained the programme and the safety rules.",
        }
        data.update(changes)
        return data

    def test_add_with_minutes_scan(self) -> None:
        url = reverse("practice:conference_add")
        response = self.get_as(self.aigerim, url + f"?practice={self.practice.pk}")
        self.assertContains(response, f'<option value="{self.practice.pk}" selected')
        self.assertNotContains(response, f'<option value="{self.practice_b.pk}"')
        self.client.force_login(self.aigerim)
        response = self.client.post(url, {**self.data(), "minutes_file": SimpleUploadedFile("m.pdf", PDF)})
        self.assertEqual(response.status_code, 302)
        conference = Conference.objects.get()
        self.assertEqual(conference.attendees, 24)
        minutes = reverse("practice:conference_minutes", args=[conference.pk])
        self.assertEqual(self.get_as(self.bolat, minutes).status_code, 200)
        self.assert_status(self.dana, minutes, 404)
        panel = reverse("practice:practice_assessment", args=[self.practice.pk])
        self.assert_page_shows(self.bolat, panel, "safety rules")

    def test_rules(self) -> None:
        url = reverse("practice:conference_add")
        self.client.force_login(self.aigerim)
        bad_final = self.data(kind="final", held_on=(self.practice.ends_on - dt.timedelta(days=1)).isoformat())
        self.assertEqual(self.client.post(url, bad_final).status_code, 200)
        bad_orientation = self.data(held_on=(self.practice.starts_on + dt.timedelta(days=1)).isoformat())
        self.assertEqual(self.client.post(url, bad_orientation).status_code, 200)
        scan = {**self.data(), "minutes_file": SimpleUploadedFile("m.pdf", b"plain text")}
        self.assertEqual(self.client.post(url, scan).status_code, 200)
        self.assertFalse(Conference.objects.exists())
        self.assertEqual(self.client.post(url, self.data()).status_code, 302)
        response = self.client.post(url, self.data())  # one orientation conference per practice
        self.assertContains(response, "already recorded")
        self.assertEqual(Conference.objects.count(), 1)

    def test_scope(self) -> None:
        url = reverse("practice:conference_add")
        self.assertEqual(self.post_as(self.bolat, url, self.data()).status_code, 403)
        self.assertEqual(self.post_as(self.dana, url, self.data()).status_code, 200)  # not a choice for B
        self.assertFalse(Conference.objects.exists())
        conference = Conference.objects.create(practice=self.practice, kind="final", held_on=self.practice.ends_on)
        edit = reverse("practice:conference_edit", args=[conference.pk])
        self.assert_status(self.dana, edit, 404)
        self.assert_status(self.bolat, edit, 403)
        self.assert_status(self.aigerim, edit, 200)


class MeetingTests(AssessmentSetup):
    def test_add_edit_delete(self) -> None:
        teacher = make_employee(self.dept_a)
        stranger = make_employee(self.dept_b)
        url = reverse("practice:meeting_add")
        data = {"practice": self.practice.pk, "kind": "monitoring", "held_on": self.today.isoformat(),
                "topic": "Visit to the base", "held_by": teacher.pk}  # fmt: skip
        self.client.force_login(self.aigerim)
        self.assertEqual(self.client.post(url, {**data, "held_by": stranger.pk}).status_code, 200)
        self.assertEqual(self.client.post(url, data).status_code, 302)
        meeting = Meeting.objects.get()
        self.assert_page_shows(self.bolat, reverse("practice:practice_assessment", args=[self.practice.pk]),
                               "Visit to the base")  # fmt: skip
        delete = reverse("practice:meeting_delete", args=[meeting.pk])
        self.assert_status(self.dana, delete, 404, "post")
        self.assert_status(self.bolat, delete, 403, "post")
        self.assert_status(self.aigerim, delete, 302, "post")
        self.assertFalse(Meeting.objects.exists())


class RulesBulkTests(AssessmentSetup):
    def test_one_date_for_a_list(self) -> None:
        others = [make_placement(self.practice, make_student(self.program_a), self.base) for _ in range(2)]
        url = reverse("practice:rules_bulk", args=[self.practice.pk])
        self.assert_page_shows(self.aigerim, url, str(others[0].student))
        self.assert_status(self.dana, url, 404)
        self.assert_status(self.bolat, url, 403)
        day = self.today - dt.timedelta(days=25)
        response = self.post_as(self.aigerim, url, {"on": day.isoformat(), "placements": [p.pk for p in others]})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            set(Placement.objects.filter(rules_acknowledged_on=day).values_list("pk", flat=True)),
            {p.pk for p in others},
        )
        self.assertIsNone(Placement.objects.get(pk=self.placement.pk).rules_acknowledged_on)
        # A placement of another practice is not a valid choice; a future date is refused
        response = self.post_as(self.aigerim, url, {"on": day.isoformat(), "placements": [self.placement_b.pk]})
        self.assertEqual(response.status_code, 400)
        future = (self.today + dt.timedelta(days=1)).isoformat()
        response = self.post_as(self.aigerim, url, {"on": future, "placements": [self.placement.pk]})
        self.assertEqual(response.status_code, 400)
        self.assertIsNone(Placement.objects.get(pk=self.placement.pk).rules_acknowledged_on)

    def test_single_placement_by_staff(self) -> None:
        url = reverse("practice:placement_rules", args=[self.placement.pk])
        self.assertEqual(self.post_as(self.bolat, url, {"on": self.today.isoformat()}).status_code, 403)
        self.assertEqual(self.post_as(self.aigerim, url, {"on": self.today.isoformat()}).status_code, 302)
        self.assertEqual(Placement.objects.get(pk=self.placement.pk).rules_acknowledged_on, self.today)

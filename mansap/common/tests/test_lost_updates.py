"""Lost updates and double submits (issue #11).

Two people editing the same student overwrote each other without a warning; two quick posts of the
contact-attempt form created two records.
"""

from __future__ import annotations

from django.urls import reverse

from mansap.common.testing import BaseTestCase, make_student
from mansap.core.models import Student
from mansap.graduates.models import ContactAttempt


class OptimisticLockingTests(BaseTestCase):
    def edit_form(self, user: object, student: Student) -> dict[str, str]:
        """The edit form as the page sends it back unchanged (every field, the hidden version included)."""
        self.client.force_login(user)  # type: ignore[arg-type]
        response = self.client.get(reverse("core:student_edit", args=[student.pk]))
        form = response.context["form"]
        data: dict[str, str] = {}
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else str(getattr(value, "pk", value))
        return data

    def test_a_save_over_a_newer_version_is_refused_showing_both_values(self) -> None:
        student = make_student(self.program_a, last_name="Әлиева", phone="+7 701 123 45 67")
        mine = self.edit_form(self.aigerim, student)
        theirs = self.edit_form(self.cc, student)

        theirs["last_name"] = "Сейтқали"  # the Career Center saves first
        self.client.force_login(self.cc)
        self.assertEqual(self.client.post(reverse("core:student_edit", args=[student.pk]), theirs).status_code, 302)

        mine["phone"] = "+7 701 999 88 77"  # aigerim saves the page she opened before
        self.client.force_login(self.aigerim)
        response = self.client.post(reverse("core:student_edit", args=[student.pk]), mine)

        self.assertEqual(response.status_code, 200)
        student.refresh_from_db()
        self.assertEqual((student.last_name, student.phone), ("Сейтқали", "+7 701 123 45 67"))  # nothing of hers
        form = response.context["form"]
        self.assertIn("Cc changed this record on", form.non_field_errors()[0])
        self.assertEqual(form.errors["last_name"], ["Saved now: Сейтқали"])
        self.assertEqual(form["phone"].value(), "+7 701 999 88 77")  # her value is still in the field

        # Saving again, having seen theirs, keeps hers on purpose.
        again = {**mine, "_version": form["_version"].value()}
        self.assertEqual(self.client.post(reverse("core:student_edit", args=[student.pk]), again).status_code, 302)
        student.refresh_from_db()
        self.assertEqual((student.last_name, student.phone), ("Әлиева", "+7 701 999 88 77"))

    def test_an_unchanged_record_saves_as_before(self) -> None:
        student = make_student(self.program_a, last_name="Әлиева")
        data = self.edit_form(self.aigerim, student)
        data["first_name"] = "Айым"
        self.assertEqual(self.client.post(reverse("core:student_edit", args=[student.pk]), data).status_code, 302)
        student.refresh_from_db()
        self.assertEqual(student.first_name, "Айым")


class DoubleSubmitTests(BaseTestCase):
    def test_the_same_contact_attempt_posted_twice_is_recorded_once(self) -> None:
        graduate = make_student(self.program_a, graduation_date="2025-06-30")
        url = reverse("graduates:contact_add", args=[graduate.pk])
        data = {"contacted_on": "2026-11-20", "channel": "telephone", "outcome": "reached", "_once": "page-1-key"}
        self.client.force_login(self.aigerim)
        first = self.client.post(url, data)
        second = self.client.post(url, data, HTTP_REFERER=f"http://testserver{url}")

        self.assertEqual(first.status_code, 302)
        self.assertEqual(ContactAttempt.objects.filter(graduate=graduate).count(), 1)
        self.assertEqual((second.status_code, second["Location"]), (302, f"http://testserver{url}"))
        follow = self.client.get(url)
        self.assertContains(follow, "This form had already been sent: it was saved once.")
        # Another page load sends a new key: a second, deliberate attempt is recorded.
        self.client.post(url, {**data, "_once": "page-2-key"})
        self.assertEqual(ContactAttempt.objects.filter(graduate=graduate).count(), 2)

    def test_a_refused_post_releases_its_key_for_the_corrected_form(self) -> None:
        graduate = make_student(self.program_a, graduation_date="2025-06-30")
        url = reverse("graduates:contact_add", args=[graduate.pk])
        self.client.force_login(self.aigerim)
        bad = self.client.post(url, {"contacted_on": "", "channel": "telephone", "outcome": "reached", "_once": "k"})
        self.assertIn(bad.status_code, (200, 400))
        self.assertTrue(bad.context["form"].errors)
        good = {"contacted_on": "2026-11-20", "channel": "telephone", "outcome": "reached", "_once": "k"}
        self.assertEqual(self.client.post(url, good).status_code, 302)
        self.assertEqual(ContactAttempt.objects.filter(graduate=graduate).count(), 1)

    def test_an_htmx_double_is_a_204_that_leaves_the_page_alone(self) -> None:
        graduate = make_student(self.program_a, graduation_date="2025-06-30")
        url = reverse("graduates:contact_add", args=[graduate.pk])
        data = {"contacted_on": "2026-11-20", "channel": "telephone", "outcome": "reached", "_once": "htmx-key"}
        self.client.force_login(self.aigerim)
        self.client.post(url, data, HTTP_HX_REQUEST="true")
        self.assertEqual(self.client.post(url, data, HTTP_HX_REQUEST="true").status_code, 204)
        self.assertEqual(ContactAttempt.objects.filter(graduate=graduate).count(), 1)

"""Career events: .ics format, registrations (capacity, booths, once per person), attendance, the calendar,
invitations in the recipient's language, access rules and bounded queries."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import ScopedCRUDTests, make_student, make_user
from mansap.core.models import Institution
from mansap.core.tests.test_query_counts import QueryCountTestCase
from mansap.employers.models import CareerEvent, EventInvitation, EventRegistration
from mansap.employers.reports import events as reports_events
from mansap.employers.services import events
from mansap.employers.tests.factories import make_org

_serials = itertools.count(1)
UTC5 = dt.timezone(dt.timedelta(hours=5))  # Almaty's offset since 2024


def make_event(institution: Institution, **fields: Any) -> CareerEvent:
    n = next(_serials)
    start = fields.pop("starts_at", timezone.now() + dt.timedelta(days=10))
    defaults: dict[str, Any] = {
        "kind": "job_fair",
        "title_kk": f"Бос жұмыс орындарының жәрмеңкесі {n}",
        "title_ru": f"Ярмарка вакансий {n}",
        "title_en": f"Job fair {n}",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=3),
        "location": "Main hall",
    }
    defaults.update(fields)
    return CareerEvent.objects.create(institution=institution, **defaults)


class EventTestCase(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.student = make_student(cls.program_a, user=cls.student_user, email="student@example.kz")
        cls.event = make_event(cls.institution, department=cls.dept_a)

    def register(self, event: CareerEvent) -> EventRegistration:
        return events.register_student(event, make_student(self.program_a))


class IcsTests(EventTestCase):
    def test_exact_output(self) -> None:
        # 40 Kazakh letters of 2 octets each (80 octets): "SUMMARY:" (8) + the title cannot fit one line.
        title = "Түлектерге арналған мансап күні, Астана; «ҚазТБУ»"
        event = make_event(
            self.institution,
            title_kk=title,
            title_en="Career day",
            starts_at=dt.datetime(2025, 3, 14, 10, 0, tzinfo=UTC5),
            ends_at=dt.datetime(2025, 3, 14, 13, 30, tzinfo=UTC5),
            location="Room 101, building 2; floor 1",
            description="Bring your CV\\résumé.\nDress code: business",
        )
        stamp = dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC)
        text = reports_events.event_ics(event, "kk", stamp=stamp)
        # Folded by hand: "SUMMARY:" (8) + 10+8+6+4 two-octet letters, 3 spaces, "\\," (2) and "Ас" make 74 octets;
        # the next letter (2 octets) would make 76, so the line breaks before it, never inside a letter.
        folded_summary = "SUMMARY:Түлектерге арналған мансап күні\\, Ас\r\n тана\\; «ҚазТБУ»"
        expected = (
            "BEGIN:VCALENDAR\r\n"
            "VERSION:2.0\r\n"
            "PRODID:-//Mansap//Career events//EN\r\n"
            "CALSCALE:GREGORIAN\r\n"
            "METHOD:PUBLISH\r\n"
            "BEGIN:VEVENT\r\n"
            f"UID:event-{event.pk}@mansap\r\n"
            "DTSTAMP:20250301T080000Z\r\n"
            "DTSTART:20250314T050000Z\r\n"
            "DTEND:20250314T083000Z\r\n"
            f"{folded_summary}\r\n"
            "LOCATION:Room 101\\, building 2\\; floor 1\r\n"
            "DESCRIPTION:Bring your CV\\\\résumé.\\nDress code: business\r\n"
            "END:VEVENT\r\n"
            "END:VCALENDAR\r\n"
        )
        self.assertEqual(text, expected)
        self.assertEqual(len(folded_summary.split("\r\n")[0].encode("utf-8")), 74)
        for line in text.split("\r\n"):
            self.assertLessEqual(len(line.encode("utf-8")), 75, line)
        self.assertNotIn("\n", text.replace("\r\n", ""))  # CRLF only
        # The English file has the English title; the UID is the same.
        english = reports_events.event_ics(event, "en", stamp=stamp)
        self.assertIn("SUMMARY:Career day\r\n", english)
        self.assertIn(f"UID:event-{event.pk}@mansap\r\n", english)

    def test_fold_exact_boundaries(self) -> None:
        self.assertEqual(reports_events.ics_fold("A" * 75), "A" * 75)
        self.assertEqual(reports_events.ics_fold("A" * 76), "A" * 75 + "\r\n A")
        self.assertEqual(reports_events.ics_fold("A" * 150), "A" * 75 + "\r\n " + "A" * 74 + "\r\n A")
        # 2-octet letters: 37 fit (74 octets), the 38th would make 76.
        self.assertEqual(reports_events.ics_fold("Қ" * 38), "Қ" * 37 + "\r\n Қ")
        self.assertEqual(reports_events.ics_fold("A" + "Қ" * 38), "A" + "Қ" * 37 + "\r\n Қ")

    def test_escaping(self) -> None:
        self.assertEqual(reports_events.ics_escape("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf")

    def test_download(self) -> None:
        response = self.get_as(self.cc, reverse("events:event_ics", args=[self.event.pk]) + "?lang=ru")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertIn("attachment", response["Content-Disposition"])
        text = response.content.decode()
        self.assertTrue(text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        self.assertIn(f"SUMMARY:{self.event.title_ru}\r\n", text)
        # A student sees the public event's file; another institution's event is 404.
        self.assert_status(self.student_user, reverse("events:event_ics", args=[self.event.pk]), 200)
        other = make_event(Institution.objects.create(code="X", short_name="X", name_kk="X", name_ru="X", name_en="X"))
        self.assert_status(self.cc, reverse("events:event_ics", args=[other.pk]), 404)


class RegistrationTests(EventTestCase):
    def test_capacity_full_refuses(self) -> None:
        event = make_event(self.institution, capacity=2)
        self.register(event)
        self.register(event)
        with self.assertRaisesMessage(ValidationError, "full"):
            events.register_student(event, self.student)
        self.client.force_login(self.student_user)
        response = self.client.post(reverse("events:event_register", args=[event.pk]), follow=True)
        self.assertContains(response, "The event is full")
        self.assertFalse(event.registrations.filter(student=self.student).exists())
        # A cancellation frees a place.
        events.cancel_registration(event.registrations.first(), acting_user=self.cc)  # type: ignore[arg-type]
        response = self.client.post(reverse("events:event_register", args=[event.pk]), follow=True)
        self.assertTrue(event.registrations.filter(student=self.student, status="registered").exists())

    def test_companies_do_not_take_student_places(self) -> None:
        event = make_event(self.institution, capacity=1)
        events.register_organization(event, make_org(self.institution), "1", acting_user=self.cc)
        events.register_student(event, self.student)
        self.assertEqual(events.places_left(event), 0)

    def test_one_registration_per_student(self) -> None:
        events.register_student(self.event, self.student)
        with self.assertRaisesMessage(ValidationError, "already registered"):
            events.register_student(self.event, self.student)
        with self.assertRaises(IntegrityError), transaction.atomic():
            EventRegistration.objects.create(event=self.event, student=self.student)
        self.assertEqual(self.event.registrations.count(), 1)

    def test_cancel_and_register_again_renews_the_row(self) -> None:
        registration = events.register_student(self.event, self.student)
        self.client.force_login(self.student_user)
        self.client.post(reverse("events:registration_cancel", args=[registration.pk]))
        registration.refresh_from_db()
        self.assertEqual(registration.status, "cancelled")
        self.client.post(reverse("events:event_register", args=[self.event.pk]))
        registration.refresh_from_db()
        self.assertEqual(registration.status, "registered")
        self.assertEqual(self.event.registrations.count(), 1)

    def test_closed_or_past_event_refuses(self) -> None:
        closed = make_event(self.institution, registration_open=False)
        with self.assertRaisesMessage(ValidationError, "closed"):
            events.register_student(closed, self.student)
        past = make_event(self.institution, starts_at=timezone.now() - dt.timedelta(days=3))
        with self.assertRaisesMessage(ValidationError, "over"):
            events.register_student(past, self.student)

    def test_duplicate_booth_refused(self) -> None:
        first, second = make_org(self.institution, short_name="KEGOC"), make_org(self.institution)
        events.register_organization(self.event, first, "A-1", acting_user=self.cc)
        with self.assertRaises(ValidationError) as caught:
            events.register_organization(self.event, second, " A-1 ", acting_user=self.cc)
        self.assertIn("booth_number", caught.exception.message_dict)
        self.assertIn("A-1", caught.exception.message_dict["booth_number"][0])
        self.assertIn("KEGOC", caught.exception.message_dict["booth_number"][0])
        # The page shows the error and registers nothing.
        url = reverse("events:event_register_organization", args=[self.event.pk])
        self.client.force_login(self.cc)
        response = self.client.post(url, {"organization": second.pk, "booth_number": "A-1"}, follow=True)
        self.assertContains(response, "Booth A-1 is already taken by KEGOC")
        self.assertFalse(self.event.registrations.filter(organization=second).exists())
        # Another booth is fine; the company joins the participants.
        response = self.client.post(url, {"organization": second.pk, "booth_number": "A-2"})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(self.event.registrations.filter(organization=second, booth_number="A-2").exists())
        self.assertIn(second, self.event.organizations.all())
        # The database refuses a duplicate booth too.
        with self.assertRaises(IntegrityError), transaction.atomic():
            EventRegistration.objects.create(event=self.event, organization=make_org(self.institution),
                                             booth_number="A-1")  # fmt: skip

    def test_only_the_career_center_registers_companies(self) -> None:
        url = reverse("events:event_register_organization", args=[self.event.pk])
        org = make_org(self.institution)
        self.assertEqual(self.post_as(self.aigerim, url, {"organization": org.pk}).status_code, 403)
        self.assertEqual(self.post_as(self.student_user, url, {"organization": org.pk}).status_code, 403)
        with self.assertRaises(PermissionDenied):
            events.register_organization(self.event, org, acting_user=self.aigerim)

    def test_staff_without_student_record_cannot_register_themselves(self) -> None:
        self.assert_status(self.cc, reverse("events:event_register", args=[self.event.pk]), 403, method="post")


class AttendanceTests(EventTestCase):
    def test_htmx_toggle_returns_the_row(self) -> None:
        registration = events.register_student(self.event, self.student)
        url = reverse("events:registration_attendance", args=[registration.pk])
        self.client.force_login(self.aigerim)
        response = self.client.post(url, HTTP_HX_REQUEST="true")
        self.assertEqual(response.status_code, 200)
        body = response.content.decode()
        self.assertTrue(body.startswith(f'<tr id="registration-{registration.pk}"'), body[:80])
        self.assertIn('aria-pressed="true"', body)
        self.assertNotIn("<html", body)
        registration.refresh_from_db()
        self.assertTrue(registration.attended)
        response = self.client.post(url, HTTP_HX_REQUEST="true")
        self.assertIn('aria-pressed="false"', response.content.decode())
        registration.refresh_from_db()
        self.assertFalse(registration.attended)

    def test_read_only_and_other_departments_get_403(self) -> None:
        registration = events.register_student(self.event, self.student)
        url = reverse("events:registration_attendance", args=[registration.pk])
        for user in (self.bolat, self.rector, self.dana):
            self.assertEqual(self.post_as(user, url).status_code, 403, user)
        self.assertEqual(self.post_as(self.student_user, url).status_code, 403)
        registration.refresh_from_db()
        self.assertFalse(registration.attended)

    def test_the_event_page_lists_registrations_for_staff_only(self) -> None:
        events.register_student(self.event, self.student)
        url = reverse("events:event_detail", args=[self.event.pk])
        self.assert_page_shows(self.cc, url, self.student.full_name, "registration-")
        response = self.assert_page_shows(self.student_user, url, "You are registered for this event.")
        self.assertNotContains(response, "student-registrations")


class CalendarTests(EventTestCase):
    def test_leap_february_monday_first(self) -> None:
        event = make_event(
            self.institution,
            title_en="Leap day fair",
            starts_at=dt.datetime(2024, 2, 29, 10, 0, tzinfo=UTC5),
            ends_at=dt.datetime(2024, 2, 29, 12, 0, tzinfo=UTC5),
        )
        response = self.get_as(self.cc, reverse("events:calendar") + "?month=2024-02")
        self.assertEqual(response.status_code, 200)
        weeks = response.context["weeks"]
        self.assertTrue(all(len(week) == 7 for week in weeks))
        self.assertEqual(weeks[0][0].date, dt.date(2024, 1, 29))  # the Monday before 1 February (a Thursday)
        self.assertTrue(all(week[0].date.weekday() == 0 for week in weeks))
        in_month = [day for week in weeks for day in week if day.in_month]
        self.assertEqual(len(in_month), 29)
        found = {day.date: day.events for week in weeks for day in week if day.events}
        self.assertEqual(found, {dt.date(2024, 2, 29): [event]})
        # 29 February 2024 is a Thursday: the fourth column of its week.
        week = next(w for w in weeks if any(d.date == dt.date(2024, 2, 29) for d in w))
        self.assertEqual([d.date for d in week].index(dt.date(2024, 2, 29)), 3)
        self.assertContains(response, 'data-date="2024-02-29"')
        self.assertContains(response, "?month=2024-01")
        self.assertContains(response, "?month=2024-03")

    def test_rendered_cell_and_translated_names(self) -> None:
        make_event(self.institution, title_kk="Кәсіпорын таныстырылымы", kind="presentation",
                   starts_at=dt.datetime(2025, 1, 6, 15, 0, tzinfo=UTC5))  # fmt: skip
        self.client.force_login(self.cc)
        response = self.client.get(reverse("events:calendar") + "?month=2025-01", HTTP_ACCEPT_LANGUAGE="kk")
        html = response.content.decode()
        cell = html.split('data-date="2025-01-06"', 1)[1].split("</td>", 1)[0]
        self.assertIn("Кәсіпорын таныстырылымы", cell)
        self.assertIn("15:00", cell)
        self.assertEqual(response.context["weekdays"][0], reports_events.weekday_names()[0])
        self.client.cookies.load({"django_language": "en"})
        with self.settings(LANGUAGE_CODE="en"):
            from django.utils import translation

            with translation.override("en"):
                self.assertEqual(reports_events.weekday_names(), ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])

    def test_multi_day_event_spans_days_and_month_edges(self) -> None:
        event = make_event(
            self.institution,
            starts_at=dt.datetime(2025, 3, 30, 9, 0, tzinfo=UTC5),
            ends_at=dt.datetime(2025, 4, 1, 18, 0, tzinfo=UTC5),
        )
        weeks = reports_events.month_grid(dt.date(2025, 3, 1), [event])
        days = [day.date for week in weeks for day in week if event in day.events]
        self.assertEqual(days, [dt.date(2025, 3, 30), dt.date(2025, 3, 31), dt.date(2025, 4, 1)])

    def test_invalid_month_falls_back(self) -> None:
        response = self.get_as(self.cc, reverse("events:calendar") + "?month=2024-13")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.context["month_valid"])
        self.assertEqual(reports_events.shift_month(dt.date(2024, 12, 1), 1), dt.date(2025, 1, 1))
        self.assertEqual(reports_events.shift_month(dt.date(2024, 1, 1), -1), dt.date(2023, 12, 1))

    def test_students_see_public_events_only(self) -> None:
        hidden = make_event(self.institution, is_public=False, title_en="Staff only")
        first = timezone.localtime(self.event.starts_at).date().replace(day=1)
        url = reverse("events:calendar") + f"?month={first:%Y-%m}"
        response = self.get_as(self.student_user, url)
        shown = {e for week in response.context["weeks"] for day in week for e in day.events}
        self.assertIn(self.event, shown)
        self.assertNotIn(hidden, shown)
        self.assert_status(self.student_user, reverse("events:event_detail", args=[hidden.pk]), 404)


class AccessTests(EventTestCase):
    def test_other_institution_is_404(self) -> None:
        other = Institution.objects.create(code="Y", short_name="Y", name_kk="Y", name_ru="Y", name_en="Y")
        event = make_event(other)
        for name in ("event_detail", "event_edit", "event_ics", "event_history"):
            self.assert_status(self.cc, reverse(f"events:{name}", args=[event.pk]), 404)
        self.assert_status(self.cc, reverse("events:event_invite", args=[event.pk]), 404)
        self.assertEqual(self.api_as(self.cc).get(reverse("careerevent-detail", args=[event.pk])).status_code, 404)

    def test_department_editor_edits_own_department_only(self) -> None:
        mine = self.event  # department A
        theirs = make_event(self.institution, department=self.dept_b)
        self.assert_status(self.aigerim, reverse("events:event_edit", args=[mine.pk]), 200)
        self.assert_status(self.aigerim, reverse("events:event_edit", args=[theirs.pk]), 403)
        self.assert_status(self.aigerim, reverse("events:event_detail", args=[theirs.pk]), 200)  # staff see all
        self.assert_status(self.dana, reverse("events:event_edit", args=[mine.pk]), 403)
        self.assert_status(self.bolat, reverse("events:event_edit", args=[mine.pk]), 403)
        self.assert_status(self.rector, reverse("events:event_add"), 403)
        self.assert_status(self.student_user, reverse("events:event_add"), 403)
        api = self.api_as(self.dana)
        self.assertEqual(api.patch(reverse("careerevent-detail", args=[mine.pk]), {"location": "X"}).status_code, 403)

    def test_create_through_the_form(self) -> None:
        data = {
            "kind": "guest_lecture", "title_kk": "Дәріс", "title_ru": "Лекция", "title_en": "Lecture",
            "starts_at": "2026-12-10T10:00", "ends_at": "2026-12-10T12:00", "location": "A-101",
            "department": self.dept_b.pk, "is_public": "on", "registration_open": "on",
        }  # fmt: skip
        response = self.post_as(self.aigerim, reverse("events:event_add"), data)
        self.assertEqual(response.status_code, 200)  # department B is not among Aigerim's choices
        self.assertIn("department", response.context["form"].errors)
        data["department"] = self.dept_a.pk
        data["ends_at"] = "2026-12-10T09:00"
        response = self.post_as(self.aigerim, reverse("events:event_add"), data)
        self.assertIn("ends_at", response.context["form"].errors)
        data["ends_at"] = "2026-12-10T12:00"
        response = self.post_as(self.aigerim, reverse("events:event_add"), data)
        event = CareerEvent.objects.get(title_en="Lecture")
        self.assertRedirects(response, event.get_absolute_url())
        self.assertEqual(event.institution, self.institution)
        self.assertEqual(event.history.count(), 1)

    def test_detail_shows_local_times(self) -> None:
        event = make_event(self.institution, starts_at=dt.datetime(2025, 3, 14, 10, 0, tzinfo=UTC5))
        response = self.assert_page_shows(self.cc, event.get_absolute_url(), "14.03.2025 10:00", "13:00")
        self.assertNotContains(response, "05:00")  # the UTC hour never shows

    def test_export_history_and_delete(self) -> None:
        rows = self.xlsx_rows(self.get_as(self.cc, reverse("events:event_list") + "?export=xlsx"))
        self.assertIn(self.event.title_en, {str(v) for row in rows[1:] for v in row})
        self.assert_status(self.cc, reverse("events:event_history", args=[self.event.pk]), 200)
        self.assert_status(self.dana, reverse("events:event_delete", args=[self.event.pk]), 403, method="post")
        response = self.post_as(self.aigerim, reverse("events:event_delete", args=[self.event.pk]))
        self.assertRedirects(response, reverse("events:event_list"))
        self.assertFalse(CareerEvent.objects.filter(pk=self.event.pk).exists())

    def test_merging_organizations_keeps_their_events(self) -> None:
        from mansap.employers.services.organizations import merge_organizations

        survivor, duplicate = make_org(self.institution), make_org(self.institution)
        self.event.organizations.add(survivor, duplicate)
        other = make_event(self.institution)
        events.register_organization(other, duplicate, "9", acting_user=self.cc)
        merge_organizations(survivor, [duplicate], acting_user=self.cc)
        self.assertEqual(list(self.event.organizations.all()), [survivor])
        self.assertEqual(other.registrations.get().organization, survivor)

    def test_list_filters(self) -> None:
        past = make_event(self.institution, kind="round_table", starts_at=timezone.now() - dt.timedelta(days=5))
        url = reverse("events:event_list")
        response = self.get_as(self.cc, url + "?when=past")
        self.assertEqual(list(response.context["table"].data), [past])
        response = self.get_as(self.cc, url + "?when=upcoming&kind=job_fair")
        self.assertEqual(list(response.context["table"].data), [self.event])
        response = self.get_as(self.cc, url + f"?department={self.dept_a.pk}")
        self.assertEqual(list(response.context["table"].data), [self.event])

    def test_navigation_and_employer_page(self) -> None:
        self.assert_page_shows(self.cc, reverse("home"), reverse("events:calendar"))
        self.assert_page_shows(self.student_user, reverse("home"), reverse("events:event_list") + "?when=upcoming")
        org = make_org(self.institution)
        events.register_organization(self.event, org, "B-7", acting_user=self.cc)
        response = self.assert_page_shows(
            self.cc, org.get_absolute_url(), 'id="events"', self.event.title_en, "booth B-7"
        )
        self.assertContains(response, self.event.get_absolute_url())


class InvitationTests(EventTestCase):
    @override_settings(LANGUAGE_CODE="kk")
    def test_sent_in_the_recipients_language(self) -> None:
        self.student_user.language = "ru"
        self.student_user.save()
        plain = make_student(self.program_a, email="plain@example.kz")  # no account: the default language
        graduate = make_student(self.program_b, graduation_date=dt.date(2024, 6, 28), email="grad@example.kz")
        no_email = make_student(self.program_a)
        org = make_org(self.institution, email="hr@company.kz")
        with self.captureOnCommitCallbacks(execute=True):  # the e-mails leave once the invitations are committed
            result = events.invite(
                self.event, acting_user=self.cc, programs=[self.program_a], graduation_year=2024, organizations=[org]
            )
        self.assertEqual((result.created, result.sent), (5, 4))
        self.assertEqual(result.without_email, [no_email.full_name])
        by_address = {message.to[0]: message for message in mail.outbox}
        self.assertEqual(
            set(by_address), {"student@example.kz", "plain@example.kz", "grad@example.kz", "hr@company.kz"}
        )
        self.assertIn(self.event.title_ru, by_address["student@example.kz"].subject)
        self.assertIn(self.event.title_kk, by_address["plain@example.kz"].subject)
        self.assertIn(self.event.title_kk, by_address["hr@company.kz"].subject)
        self.assertNotIn(self.event.title_kk, by_address["student@example.kz"].body)
        self.assertEqual(EventInvitation.objects.get(student=self.student).language, "ru")
        self.assertEqual(EventInvitation.objects.get(student=graduate).language, "kk")
        self.assertIsNone(EventInvitation.objects.get(student=no_email).sent_at)
        self.assertIsNotNone(EventInvitation.objects.get(student=plain).sent_at)
        # Invited once: a second round sends nothing new.
        with self.captureOnCommitCallbacks(execute=True):
            again = events.invite(self.event, acting_user=self.cc, departments=[self.dept_a])
        self.assertEqual((again.created, again.already_invited), (0, 3))
        self.assertEqual(len(mail.outbox), 4)

    def test_page_and_access(self) -> None:
        url = reverse("events:event_invite", args=[self.event.pk])
        for user in (self.aigerim, self.rector, self.student_user):
            self.assert_status(user, url, 403)
        self.assert_page_shows(self.cc, url, "Nobody has been invited yet.")
        response = self.post_as(self.cc, url, {})
        self.assertEqual(response.status_code, 400)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.post_as(self.cc, url, {"programs": [self.program_a.pk]})
        self.assertRedirects(response, url)
        self.assertEqual(len(mail.outbox), 1)
        self.assertTrue(EventInvitation.objects.filter(event=self.event, student=self.student).exists())


class ApiTests(EventTestCase):
    def test_student_registers_through_the_api(self) -> None:
        event = make_event(self.institution, capacity=1)
        api = self.api_as(self.student_user)
        response = api.post(reverse("eventregistration-list"), {"event": event.pk}, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["student"], self.student.pk)
        response = api.post(reverse("eventregistration-list"), {"event": event.pk}, format="json")
        self.assertEqual(response.status_code, 400)
        other = self.api_as(make_student(self.program_a, user=make_user(f"student{next(_serials)}")).user)
        response = other.post(reverse("eventregistration-list"), {"event": event.pk}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("full", str(response.json()))
        # Staff without a student record cannot register themselves; companies need the Career Center.
        response = self.api_as(self.aigerim).post(reverse("eventregistration-list"), {"event": event.pk}, format="json")
        self.assertEqual(response.status_code, 403)
        org = make_org(self.institution)
        body = {"event": event.pk, "organization": org.pk, "booth_number": "5"}
        self.assertEqual(self.api_as(self.aigerim).post(reverse("eventregistration-list"), body).status_code, 403)
        self.assertEqual(self.api_as(self.cc).post(reverse("eventregistration-list"), body).status_code, 201)
        body["organization"] = make_org(self.institution).pk
        response = self.api_as(self.cc).post(reverse("eventregistration-list"), body)
        self.assertEqual(response.status_code, 400)
        self.assertIn("booth_number", response.json())
        # A student lists their own registrations only.
        rows = api.get(reverse("eventregistration-list")).json()["results"]
        self.assertEqual([r["student"] for r in rows], [self.student.pk])

    def test_create_and_update_events(self) -> None:
        body = {
            "kind": "business_game", "title_kk": "Ойын", "title_ru": "Игра", "title_en": "Game",
            "starts_at": "2026-12-01T10:00:00+05:00", "ends_at": "2026-12-01T12:00:00+05:00",
            "department": self.dept_b.pk,
        }  # fmt: skip
        self.assertEqual(self.api_as(self.aigerim).post(reverse("careerevent-list"), body).status_code, 400)
        self.assertEqual(self.api_as(self.rector).post(reverse("careerevent-list"), body).status_code, 403)
        self.assertEqual(self.api_as(self.student_user).post(reverse("careerevent-list"), body).status_code, 403)
        body["department"] = self.dept_a.pk
        response = self.api_as(self.aigerim).post(reverse("careerevent-list"), body)
        self.assertEqual(response.status_code, 201, response.content)
        pk = response.json()["id"]
        self.assertEqual(CareerEvent.objects.get(pk=pk).institution, self.institution)
        response = self.api_as(self.aigerim).patch(
            reverse("careerevent-detail", args=[pk]), {"ends_at": "2026-12-01T09:00:00+05:00"}
        )
        self.assertEqual(response.status_code, 400)
        response = self.api_as(self.cc).patch(
            reverse("careerevent-detail", args=[pk]), {"department": None}, format="json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        # Students read public events.
        rows = self.api_as(self.student_user).get(reverse("careerevent-list")).json()["results"]
        self.assertIn(self.event.pk, [r["id"] for r in rows])


class EventQueryCountTests(QueryCountTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.start = timezone.localtime().replace(day=10, hour=10, minute=0, second=0, microsecond=0)

    def add_events(self, n: int) -> None:
        for _ in range(n):
            event = make_event(self.institution, department=self.dept_a, starts_at=self.start)
            event.organizations.add(self.sponsor)
            EventRegistration.objects.create(event=event, student=make_student(self.program_a))

    def add_registrations(self, n: int) -> None:
        event = getattr(self, "_event", None) or make_event(self.institution, department=self.dept_a)
        self._event = event
        for _ in range(n):
            EventRegistration.objects.create(event=event, student=make_student(self.program_a))

    def fetch(self, user: Any, url: str, api: bool) -> None:
        if "/calendar/" not in url:
            return super().fetch(user, url, api)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        shown = {e for week in response.context["weeks"] for day in week for e in day.events}
        self.assertGreaterEqual(len(shown), self.expected_rows)
        return None

    def test_event_list(self) -> None:
        # session, user, memberships, COUNT, the filter's department choices, the page of rows
        # (department joined, registrations counted)
        self.check_bounded(self.cc, reverse("events:event_list"), self.add_events, pinned=6)

    def test_calendar(self) -> None:
        # session, user, memberships, the month's events (one query however many)
        self.check_bounded(self.cc, reverse("events:calendar"), self.add_events, pinned=4)

    def test_api_events(self) -> None:
        # token, memberships, COUNT, rows (department joined, registrations counted), their organizations
        self.check_bounded(self.cc, reverse("careerevent-list"), self.add_events, pinned=5, api=True)

    def test_api_registrations(self) -> None:
        # token, memberships, COUNT, rows (student and organization joined)
        self.check_bounded(self.cc, reverse("eventregistration-list"), self.add_registrations, pinned=4, api=True)


class EventRuleTests(EventTestCase):
    """Who may change an event and who manages its participants, per persona (the rules that were
    can_change_event and can_manage_participants here, now core.access's user_can_change and is_career_center;
    core/tests/test_access.py compared them until the copies were removed)."""

    PERSONAS = ("admin", "cc", "registrar", "rector", "dean", "aigerim", "bolat", "dana", "student_user")

    def who(self, rule: Any) -> set[str]:
        found = set()
        for name in self.PERSONAS:
            user = type(getattr(self, name)).objects.get(pk=getattr(self, name).pk)  # a fresh user: no cache
            if rule(user):
                found.add(name)
        return found

    def test_event_of_department_a(self) -> None:
        from mansap.core.access import is_career_center, user_can_change

        event = self.event  # department A's
        self.assertEqual(self.who(lambda u: user_can_change(u, event)), {"admin", "cc", "registrar", "dean", "aigerim"})
        self.assertEqual(self.who(lambda u: is_career_center(u, event)), {"admin", "cc"})  # not the registrar (#12)
        other = make_event(Institution.objects.create(code="Z", short_name="Z", name_kk="Z", name_ru="Z", name_en="Z"))
        self.assertEqual(self.who(lambda u: user_can_change(u, other)), {"admin"})
        self.assertEqual(self.who(lambda u: is_career_center(u, other)), {"admin"})

    def test_a_student_registers_only_themselves(self) -> None:
        other = make_student(self.program_a, user=make_user("another-student"))
        with self.assertRaises(PermissionDenied):
            events.register_student(self.event, other, acting_user=self.student_user)
        registration = events.register_student(self.event, self.student, acting_user=self.student_user)
        self.assertEqual(registration.student, self.student)

    def test_a_service_error_is_rolled_back(self) -> None:
        with self.assertRaises(ValidationError):
            events.register_organization(
                self.event, make_org(make_event(Institution.objects.create(
                    code="W", short_name="W", name_kk="W", name_ru="W", name_en="W")).institution),
                acting_user=self.cc,
            )  # fmt: skip
        self.assertFalse(self.event.registrations.exists())

    def test_the_invitation_text(self) -> None:
        """Pinned: the e-mail as it was written before it moved onto common.mail, in the recipient's language."""
        event = make_event(
            self.institution, title_ru="Ярмарка вакансий", starts_at=dt.datetime(2025, 3, 14, 10, 0, tzinfo=UTC5),
            location="Главный корпус", online_url="https://meet.example/x", description="Возьмите резюме.",
        )  # fmt: skip
        message = events.invitation_message(event, "ru", "a@x.kz", "https://m.example")
        self.assertEqual(message.subject, "Приглашение: Ярмарка вакансий")
        self.assertEqual(
            message.body,
            "Приглашаем Вас на мероприятие «Ярмарка вакансий» (ярмарка вакансий).\n"
            "Когда: 14 марта 2025 г., 10:00\nГде: Главный корпус\nОнлайн: https://meet.example/x\n\n"
            f"Возьмите резюме.\n\nПодробности и регистрация: https://m.example/events/{event.pk}/",
        )
        self.assertEqual((message.to, message.reply_to), (["a@x.kz"], []))

    def test_invitations_are_mailed_after_commit(self) -> None:
        with self.captureOnCommitCallbacks() as callbacks:
            result = events.invite(self.event, acting_user=self.cc, programs=[self.program_a])
            self.assertEqual(mail.outbox, [])
        self.assertEqual(result.sent, 1)
        for callback in callbacks:
            callback()
        self.assertEqual([m.to for m in mail.outbox], [["student@example.kz"]])


class EventActionPageTests(EventTestCase):
    def test_registration_messages_and_the_way_back(self) -> None:
        self.client.force_login(self.student_user)
        response = self.client.post(reverse("events:event_register", args=[self.event.pk]), follow=True)
        self.assertRedirects(response, self.event.get_absolute_url())
        self.assertContains(response, f"You are registered for {self.event}.")
        registration = self.event.registrations.get(student=self.student)
        response = self.client.post(reverse("events:registration_cancel", args=[registration.pk]), follow=True)
        self.assertRedirects(response, self.event.get_absolute_url())
        self.assertContains(response, f"The registration of {self.student.full_name} is cancelled.")
        response = self.client.post(reverse("events:registration_cancel", args=[registration.pk]), follow=True)
        self.assertContains(response, "The registration is already cancelled.")
        # Another student's registration: visible to neither, so 404.
        theirs = self.register(self.event)
        self.assertEqual(self.client.post(reverse("events:registration_cancel", args=[theirs.pk])).status_code, 404)

    def test_company_form_errors_come_back_as_a_message(self) -> None:
        url = reverse("events:event_register_organization", args=[self.event.pk])
        self.client.force_login(self.cc)
        response = self.client.post(url, {})
        self.assertRedirects(response, self.event.get_absolute_url(), fetch_redirect_response=False)
        org = make_org(self.institution, short_name="KEGOC")
        response = self.client.post(url, {"organization": org.pk, "booth_number": "C-3"})
        self.assertRedirects(response, self.event.get_absolute_url() + "#companies", fetch_redirect_response=False)
        response = self.client.post(url, {"organization": org.pk, "booth_number": "C-3"}, follow=True)
        self.assertContains(response, "This organization is already registered for the event.")

    def test_attendance_of_a_cancelled_registration(self) -> None:
        registration = events.register_student(self.event, self.student)
        events.cancel_registration(registration, acting_user=self.cc)
        url = reverse("events:registration_attendance", args=[registration.pk])
        self.client.force_login(self.aigerim)
        response = self.client.post(url, HTTP_HX_REQUEST="true")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.content.decode(), "A cancelled registration cannot be marked as attended.")
        response = self.client.post(url, follow=True)
        self.assertRedirects(response, self.event.get_absolute_url())
        self.assertContains(response, "A cancelled registration cannot be marked as attended.")

    def test_invite_page_warns_about_recipients_without_an_address(self) -> None:
        make_student(self.program_b)  # no e-mail
        url = reverse("events:event_invite", args=[self.event.pk])
        self.client.force_login(self.cc)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, {"departments": [self.dept_b.pk]}, follow=True)
        self.assertRedirects(response, url)
        self.assertContains(response, "1 invitations created, 0 e-mailed, 0 recipients had been invited before.")
        self.assertContains(response, "No e-mail address for:")
        self.assertContains(response, f"Invite to {self.event}")

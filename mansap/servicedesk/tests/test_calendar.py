"""The working-day calendar with the institution's exceptions (issue #16: "moved days are edited in the app"): literal
days of 2026 (Nauryz 21–25 March with the observed days, New Year 1–2 January, Victory Day 9 May observed on the
11th), a government-moved day off changing a due date, institution working hours across a weekend, the 0-day case,
the cache (no query per call), the holidays named in kk/ru/en, and the calendar page with its edits."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from mansap.common.testing import ScopedCRUDTests
from mansap.core.models import Institution
from mansap.servicedesk.models import CalendarException, ExceptionKind, WorkingHours
from mansap.servicedesk.services import calendar
from mansap.servicedesk.services.calendar import (
    add_working_days,
    add_working_time,
    is_working_day,
    working_time_between,
)

D = dt.date


def at(y: int, m: int, d: int, h: int = 12, mi: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, h, mi))


class CalendarClockTests(ScopedCRUDTests):
    def moved_day_off(self) -> None:
        """The government moves Friday 8 May 2026 (between Defender's Day and Victory Day) to Saturday 16 May."""
        CalendarException.objects.create(institution=self.institution, date=D(2026, 5, 8), kind=ExceptionKind.DAY_OFF,
                                         note_ru="Перенос с 16 мая")  # fmt: skip
        CalendarException.objects.create(
            institution=self.institution, date=D(2026, 5, 16), kind=ExceptionKind.WORKING_DAY
        )

    def test_public_holidays_without_an_institution(self) -> None:
        assert not is_working_day(D(2026, 1, 1)) and not is_working_day(D(2026, 1, 2))  # New Year
        assert is_working_day(D(2026, 1, 5))
        for day in range(21, 26):  # Nauryz, with the observed 24th and 25th
            assert not is_working_day(D(2026, 3, day)), day
        assert is_working_day(D(2026, 3, 26))
        assert is_working_day(D(2026, 5, 8))  # a Friday: no exception without an institution

    def test_a_moved_day_off_changes_the_due_date(self) -> None:
        inst = self.institution
        # Wednesday 6 May, 2 working days: Friday 8 (7 May Defender's Day, 9–10 weekend, 11 Victory Day observed)
        # and Tuesday 12 May.
        assert add_working_days(at(2026, 5, 6), 2, institution=inst) == at(2026, 5, 12, 18)
        self.moved_day_off()
        assert not is_working_day(D(2026, 5, 8), institution=inst)
        assert is_working_day(D(2026, 5, 16), institution=inst)
        assert is_working_day(D(2026, 5, 8))  # other callers (no institution) keep the public calendar
        assert add_working_days(at(2026, 5, 6), 2, institution=inst) == at(2026, 5, 13, 18)
        # Thursday 14 May, 2 working days: Friday 15 and the working Saturday 16 (else Monday 18).
        assert add_working_days(at(2026, 5, 14), 2, institution=inst) == at(2026, 5, 16, 18)
        assert add_working_days(at(2026, 5, 14), 2) == at(2026, 5, 18, 18)
        # A working-time clock across the moved days: Thursday 7 May is a holiday, the 8th now too.
        assert working_time_between(at(2026, 5, 6, 17), at(2026, 5, 12, 10), institution=inst) == dt.timedelta(hours=2)
        assert working_time_between(at(2026, 5, 6, 17), at(2026, 5, 12, 10)) == dt.timedelta(hours=11)

    def test_another_institution_keeps_its_own_calendar(self) -> None:
        self.moved_day_off()
        other = Institution.objects.create(code="OTHER", short_name="O", name_kk="О", name_ru="О", name_en="O")
        assert is_working_day(D(2026, 5, 8), institution=other)
        assert not is_working_day(D(2026, 5, 8), institution=self.institution.pk)  # a pk works too

    def test_working_hours_across_a_weekend(self) -> None:
        inst = self.institution
        # Friday 20 February 17:00 to Monday 23 February 10:00, 09:00–18:00: 1 h + 1 h.
        assert working_time_between(at(2026, 2, 20, 17), at(2026, 2, 23, 10), institution=inst) == dt.timedelta(hours=2)
        assert add_working_time(at(2026, 2, 20, 17), dt.timedelta(hours=2), institution=inst) == at(2026, 2, 23, 10)
        WorkingHours.objects.create(institution=inst, opens=dt.time(8, 30), closes=dt.time(17, 30))
        # 17:00–17:30 on Friday, 08:30–10:00 on Monday.
        assert working_time_between(at(2026, 2, 20, 17), at(2026, 2, 23, 10), institution=inst) == dt.timedelta(hours=2)
        assert add_working_time(at(2026, 2, 20, 17), dt.timedelta(hours=2), institution=inst) == at(2026, 2, 23, 10)
        assert add_working_days(at(2026, 2, 20), 1, institution=inst) == at(2026, 2, 23, 17, 30)
        # A start on Saturday waits for Monday's opening.
        assert add_working_time(at(2026, 2, 21, 11), dt.timedelta(minutes=30), institution=inst) == at(2026, 2, 23, 9)

    def test_the_zero_day_case(self) -> None:
        inst = self.institution
        assert add_working_days(at(2026, 3, 20, 10), 0, institution=inst) == at(2026, 3, 20, 18)  # a working Friday
        assert add_working_days(at(2026, 3, 21, 10), 0, institution=inst) == at(2026, 3, 26, 18)  # Nauryz → Thursday
        self.moved_day_off()
        assert add_working_days(at(2026, 5, 16, 10), 0, institution=inst) == at(2026, 5, 16, 18)  # the working Saturday
        assert add_working_days(at(2026, 5, 8, 10), 0, institution=inst) == at(2026, 5, 12, 18)

    def test_new_year_with_an_exception(self) -> None:
        # Wednesday 31 December 2025, 1 working day: 1–2 January are holidays, 3–4 a weekend: Monday 5 January.
        assert add_working_days(at(2025, 12, 31), 1, institution=self.institution) == at(2026, 1, 5, 18)
        CalendarException.objects.create(
            institution=self.institution, date=D(2026, 1, 3), kind=ExceptionKind.WORKING_DAY
        )
        assert add_working_days(at(2025, 12, 31), 1, institution=self.institution) == at(2026, 1, 3, 18)

    def test_the_calendar_is_read_once_per_institution_and_year(self) -> None:
        calendar.clear_cache()
        days = [D(2026, 1, 1) + dt.timedelta(days=n) for n in range(365)]
        with CaptureQueriesContext(connection) as first:
            for day in days:
                is_working_day(day, institution=self.institution)
        self.assertEqual(len(first.captured_queries), 1)
        with self.assertNumQueries(1):  # the working hours, once
            add_working_days(at(2026, 3, 2), 30, institution=self.institution)
        with self.assertNumQueries(0):
            for _ in range(3):
                add_working_days(at(2026, 3, 2), 30, institution=self.institution)
        # Saving an exception clears the copy: the next call reads again and sees it.
        CalendarException.objects.create(institution=self.institution, date=D(2026, 3, 2), kind=ExceptionKind.DAY_OFF)
        with self.assertNumQueries(1):
            self.assertFalse(is_working_day(D(2026, 3, 2), institution=self.institution))
        CalendarException.objects.filter(date=D(2026, 3, 2)).delete()  # a queryset delete sends post_delete too
        self.assertTrue(is_working_day(D(2026, 3, 2), institution=self.institution))

    def test_holidays_are_named_in_the_readers_language(self) -> None:
        self.assertEqual(calendar.public_holidays(2026, "kk")[D(2026, 3, 21)], "Наурыз мейрамы")
        self.assertEqual(calendar.public_holidays(2026, "en")[D(2026, 3, 21)], "Nauryz")
        self.assertEqual(calendar.public_holidays(2026, "ru")[D(2026, 3, 21)], "Наурыз")
        self.assertEqual(calendar.public_holidays(2026, "ru")[D(2026, 1, 1)], "Новый год")
        self.assertEqual(calendar.public_holidays(2026, "ru")[D(2026, 3, 24)], "Наурыз (перенесённый выходной)")
        self.assertEqual(calendar.public_holidays(2026, "en")[D(2026, 5, 11)], "Victory Day (moved day off)")

    def test_only_the_desk_edits_the_calendar(self) -> None:
        exception = CalendarException(institution=self.institution)
        with self.assertRaises(PermissionDenied):
            calendar.save_exception(exception, acting_user=self.cc, date=D(2026, 5, 8), kind=ExceptionKind.DAY_OFF)
        saved = calendar.save_exception(exception, acting_user=self.registrar, date=D(2026, 5, 8), kind="day_off")
        self.assertEqual(saved.history.first().history_user, self.registrar)
        with self.assertRaises(PermissionDenied):
            calendar.delete_exception(saved, acting_user=self.dean)
        calendar.delete_exception(saved, acting_user=self.registrar)
        self.assertFalse(CalendarException.objects.exists())


class CalendarPageTests(ScopedCRUDTests):
    def setUp(self) -> None:
        translation.activate("en")

    def test_the_year_page_shows_holidays_and_exceptions(self) -> None:
        CalendarException.objects.create(institution=self.institution, date=D(2026, 5, 8), kind=ExceptionKind.DAY_OFF,
                                         note_en="Moved to 16 May", note_ru="Перенесён на 16 мая")  # fmt: skip
        url = reverse("servicedesk:calendar") + "?year=2026"
        response = self.assert_page_shows(self.registrar, url, "Working-day calendar 2026", "Nauryz",
                                          "Moved to 16 May", "Add an exception")  # fmt: skip
        self.assertContains(response, 'class="exc-off" title="extra day off: Moved to 16 May"')
        self.assert_page_hides(self.cc, url, "Add an exception")  # every member reads, the desk edits
        self.assert_status(self.student_user, url, 403)
        self.assert_status(None, url, 302)
        self.client.cookies.load({"django_language": "ru"})
        self.client.force_login(self.registrar)
        response = self.client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
        self.assertContains(response, "Наурыз")
        self.assertContains(response, "Перенесён на 16 мая")

    def test_the_desk_adds_edits_and_deletes_an_exception(self) -> None:
        add = reverse("servicedesk:calendarexception_add")
        self.assert_status(self.cc, add, 403)
        self.assert_status(self.cc, add, 403, method="post")
        response = self.post_as(
            self.registrar, add, {"date": "2026-05-16", "kind": "working_day", "note_en": "For 8 May"}
        )
        self.assertRedirects(response, reverse("servicedesk:calendar") + "?year=2026", fetch_redirect_response=False)
        exception = CalendarException.objects.get()
        self.assertEqual((exception.institution, exception.kind), (self.institution, "working_day"))
        # The same date again: named on the form, nothing saved.
        response = self.post_as(self.registrar, add, {"date": "2026-05-16", "kind": "day_off"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertEqual(CalendarException.objects.count(), 1)
        edit = reverse("servicedesk:calendarexception_edit", args=[exception.pk])
        self.assert_status(self.cc, edit, 403)
        self.post_as(self.registrar, edit, {"date": "2026-05-16", "kind": "day_off"})
        exception.refresh_from_db()
        self.assertEqual(exception.kind, "day_off")
        delete = reverse("servicedesk:calendarexception_delete", args=[exception.pk])
        self.assert_status(self.dean, delete, 403, method="post")
        self.post_as(self.registrar, delete)
        self.assertFalse(CalendarException.objects.exists())

    def test_working_hours_are_set_on_the_page(self) -> None:
        url = reverse("servicedesk:calendar_hours")
        self.assert_status(self.cc, url, 403, method="post")
        response = self.post_as(self.registrar, url, {"opens": "18:00", "closes": "09:00"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "The working day must close after it opens.", status_code=400)
        self.post_as(self.registrar, url, {"opens": "08:30", "closes": "17:30"})
        self.assertEqual(calendar.working_hours(self.institution), (dt.time(8, 30), dt.time(17, 30)))

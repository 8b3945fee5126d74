"""Collection rounds: the calendar, progress per department, submissions, reminders and permissions."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from unittest import mock

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core.choices import Role
from mansap.core.models import AcademicYear, Department, EducationalProgram, Membership, User
from mansap.graduates.choices import Channel, ContactOutcome, EmploymentStatus
from mansap.graduates.models import (
    CollectionRound,
    ContactAttempt,
    EmploymentRecord,
    RoundReminder,
    RoundRule,
    RoundSubmission,
)
from mansap.graduates.reports import progress
from mansap.graduates.services import rounds

S = EmploymentStatus


def year_of(institution, start_year: int) -> AcademicYear:
    year, _ = AcademicYear.objects.get_or_create(
        institution=institution,
        start_year=start_year,
        defaults={"starts_on": dt.date(start_year, 9, 1), "ends_on": dt.date(start_year + 1, 6, 30)},
    )
    return year


def graduate(program, last_name: str, cohort: int = 2025, **fields):
    return make_student(program, last_name=last_name, graduation_date=dt.date(cohort, 6, 25), **fields)


def add_record(student, started_on: dt.date, *, created: dt.datetime | None = None, **fields) -> EmploymentRecord:
    record = EmploymentRecord.objects.create(
        graduate=student,
        status=fields.pop("status", S.EMPLOYED_OTHER),
        started_on=started_on,
        channel=Channel.TELEPHONE,
        **fields,
    )
    if created is not None:
        EmploymentRecord.objects.filter(pk=record.pk).update(created_at=created)
    return record


def aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


class CalendarTests(ScopedCRUDTests):
    def deadlines(self, start_year: int) -> dict[int, tuple[dt.date, dt.date | None]]:
        year = year_of(self.institution, start_year)
        return {rule.number: rounds.deadlines_for(rule, year) for rule in rounds.ensure_default_rules(self.institution)}

    def test_default_rules_are_created_once(self):
        self.assertEqual(len(rounds.ensure_default_rules(self.institution)), 4)
        self.assertEqual(len(rounds.ensure_default_rules(self.institution)), 4)
        self.assertEqual(RoundRule.objects.filter(institution=self.institution).count(), 4)
        february = RoundRule.objects.get(institution=self.institution, number=3)
        self.assertIsNone(february.collection_day)  # "30 February" = the last day of February

    def test_2026_2027_non_leap_february(self):
        self.assertEqual(
            self.deadlines(2026),
            {
                1: (dt.date(2026, 9, 30), dt.date(2026, 10, 1)),
                2: (dt.date(2026, 11, 30), dt.date(2026, 12, 1)),
                3: (dt.date(2027, 2, 28), dt.date(2027, 3, 1)),
                4: (dt.date(2027, 4, 30), None),
            },
        )

    def test_2027_2028_leap_february(self):
        deadlines = self.deadlines(2027)
        self.assertEqual(deadlines[3], (dt.date(2028, 2, 29), dt.date(2028, 3, 1)))
        self.assertEqual(deadlines[1][0], dt.date(2027, 9, 30))  # September: the first calendar year
        self.assertIsNone(deadlines[4][1])  # the April round has no Platonus deadline

    def test_literal_february_30_means_the_last_day(self):
        rule = RoundRule(institution=self.institution, number=9, collection_month=2, collection_day=30)
        self.assertEqual(rounds.deadlines_for(rule, year_of(self.institution, 2027))[0], dt.date(2028, 2, 29))
        self.assertEqual(rounds.deadlines_for(rule, year_of(self.institution, 2026))[0], dt.date(2027, 2, 28))

    def test_custom_rule_changes_the_dates(self):
        rounds.ensure_default_rules(self.institution)
        RoundRule.objects.filter(institution=self.institution, number=1).update(
            collection_month=10, collection_day=15, platonus_month=10, platonus_day=20
        )
        created = rounds.create_rounds(year_of(self.institution, 2026), cohort=2026, acting_user=self.cc)
        first, second = created[0], created[1]
        self.assertEqual((first.deadline, first.platonus_deadline), (dt.date(2026, 10, 15), dt.date(2026, 10, 20)))
        self.assertEqual(second.opens_on, dt.date(2026, 10, 16))

    def test_create_rounds_chains_the_opening_days_and_is_idempotent(self):
        year = year_of(self.institution, 2026)
        created = rounds.create_rounds(year, cohort=2026, acting_user=self.cc)
        self.assertEqual(
            [(r.number, r.opens_on, r.deadline, r.platonus_deadline) for r in created],
            [
                (1, dt.date(2026, 9, 1), dt.date(2026, 9, 30), dt.date(2026, 10, 1)),
                (2, dt.date(2026, 10, 1), dt.date(2026, 11, 30), dt.date(2026, 12, 1)),
                (3, dt.date(2026, 12, 1), dt.date(2027, 2, 28), dt.date(2027, 3, 1)),
                (4, dt.date(2027, 3, 1), dt.date(2027, 4, 30), None),
            ],
        )
        self.assertEqual(created[0].history.first().history_user, self.cc)
        self.assertEqual(rounds.create_rounds(year, cohort=2026, acting_user=self.cc), [])
        self.assertEqual(CollectionRound.objects.count(), 4)

    def test_extra_round_is_numbered_from_five(self):
        year = year_of(self.institution, 2026)
        rounds.create_rounds(year, cohort=2026, acting_user=self.cc)
        extra = rounds.create_extra_round(year, cohort=2026, deadline=dt.date(2027, 6, 30), acting_user=self.cc)
        self.assertEqual((extra.number, extra.opens_on), (5, dt.date(2027, 5, 1)))
        alone = rounds.create_extra_round(year, cohort=2027, deadline=dt.date(2027, 1, 15), acting_user=self.cc)
        self.assertEqual((alone.number, alone.opens_on), (5, dt.date(2026, 9, 1)))

    def test_extra_round_label_shows_in_its_name(self):
        year = year_of(self.institution, 2026)
        extra = rounds.create_extra_round(
            year, cohort=2026, deadline=dt.date(2027, 1, 15), label="  +6  months ", acting_user=self.cc
        )
        self.assertEqual(extra.label, "+6 months")
        with translation.override("en"):
            self.assertEqual(str(extra), "Round 5 (+6 months) of 2026-2027, cohort 2026")
            plain = rounds.create_rounds(year, cohort=2026, acting_user=self.cc)[0]
            self.assertEqual((plain.label, str(plain)), ("", "Round 1 of 2026-2027, cohort 2026"))

    def test_create_rounds_command(self):
        year_of(self.institution, 2026)
        call_command("create_rounds", "--year", "2026-2027", "--cohort", "2026", "--institution", "KAZUTB", stdout=None)
        self.assertEqual(
            list(CollectionRound.objects.order_by("number").values_list("number", "deadline")),
            [
                (1, dt.date(2026, 9, 30)),
                (2, dt.date(2026, 11, 30)),
                (3, dt.date(2027, 2, 28)),
                (4, dt.date(2027, 4, 30)),
            ],
        )


class ProgressTests(ScopedCRUDTests):
    """Department A: 4 graduates, 1 updated (25%); department B: 2 graduates, 1 updated (50%), submitted."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        year = year_of(cls.institution, 2025)
        cls.round = CollectionRound.objects.create(
            institution=cls.institution,
            academic_year=year,
            number=2,
            cohort=2025,
            opens_on=dt.date(2025, 10, 1),
            deadline=dt.date(2025, 11, 30),
        )
        before = aware(dt.date(2025, 8, 1))
        a = [graduate(cls.program_a, name) for name in ("Ахметов", "Бекова", "Жанов", "Омаров")]
        cls.a_updated, cls.a_old, cls.a_missed_contact, cls.a_nothing = a
        # Updated: a record entered during the round (it starts earlier: entered late).
        add_record(cls.a_updated, dt.date(2025, 7, 1), created=aware(dt.date(2025, 10, 10)))
        # Not updated: a record entered and started before the round opened.
        add_record(cls.a_old, dt.date(2025, 7, 1), created=before)
        # Not updated: a contact that did not reach the graduate.
        ContactAttempt.objects.create(
            graduate=cls.a_missed_contact, contacted_on=dt.date(2025, 10, 5), channel="telephone", outcome="no_answer"
        )
        b = [graduate(cls.program_b, name) for name in ("Дәулетов", "Ерланова")]
        cls.b_reached, cls.b_nothing = b
        ContactAttempt.objects.create(
            graduate=cls.b_reached,
            contacted_on=dt.date(2025, 10, 2),
            channel="telephone",
            outcome=ContactOutcome.REACHED,
        )
        RoundSubmission.objects.create(
            collection_round=cls.round, department=cls.dept_b, submitted_at=aware(dt.date(2025, 11, 20))
        )
        # Not counted: another cohort, a current student.
        graduate(cls.program_c, "Басқа", cohort=2024)
        make_student(cls.program_a, last_name="Студент")

    def table(self, user, today=dt.date(2025, 12, 5)):
        return {
            row.department.code: (row.graduates, row.updated, row.percent, row.submitted, row.overdue)
            for row in progress.department_progress(self.round, user, today=today)
        }

    def test_progress_by_hand(self):
        self.assertEqual(
            self.table(self.cc),
            {"IS": (4, 1, 25, False, True), "CS": (2, 1, 50, True, False)},
        )

    def test_nothing_overdue_before_the_deadline(self):
        self.assertEqual(self.table(self.cc, today=dt.date(2025, 11, 16))["IS"], (4, 1, 25, False, False))
        row = progress.department_progress(self.round, self.cc, today=dt.date(2025, 11, 16))[0]
        self.assertEqual(row.days_to_deadline, 14)

    def test_record_starting_this_round_counts(self):
        add_record(self.a_nothing, dt.date(2025, 10, 3), created=aware(dt.date(2025, 8, 1)))
        self.assertEqual(self.table(self.cc)["IS"][:3], (4, 2, 50))

    def test_scope(self):
        self.assertEqual(set(self.table(self.aigerim)), {"IS"})
        self.assertEqual(set(self.table(self.dana)), {"CS"})
        self.assertEqual(set(self.table(self.dean)), {"IS", "CS"})

    def test_missing_graduates(self):
        missing = progress.missing_graduates(self.round, self.dept_a, self.aigerim)
        self.assertEqual(list(missing), [self.a_old, self.a_missed_contact, self.a_nothing])

    def test_bounded_queries(self):
        def count() -> int:
            user = User.objects.get(pk=self.cc.pk)
            with CaptureQueriesContext(connection) as ctx:
                progress.department_progress(self.round, user)
            return len(ctx)

        small = count()
        for i in range(3):
            department = Department.objects.create(
                faculty=self.faculty, code=f"D{i}", name_kk=f"D{i}", name_ru=f"D{i}", name_en=f"D{i}"
            )
            program = EducationalProgram.objects.create(
                code=f"6B0710{i}", level="bachelor", name_kk="P", name_ru="P", name_en="P", department=department
            )
            for j in range(3):
                student = graduate(program, f"Extra{i}{j}")
                add_record(student, dt.date(2025, 10, 5))
                ContactAttempt.objects.create(
                    graduate=student, contacted_on=dt.date(2025, 10, 6), channel="telephone", outcome="reached"
                )
        self.assertEqual(len(progress.department_progress(self.round, self.cc)), 5)
        self.assertEqual(count(), small)

    def test_detail_page_flags_overdue_departments_in_red(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = self.assert_page_shows(self.cc, self.round.get_absolute_url(), "Information Systems", "25%")
        html = response.content.decode()
        row_a = html[html.index('data-department="IS"') - 40 : html.index('data-department="IS"')]
        row_b = html[html.index('data-department="CS"') - 40 : html.index('data-department="CS"')]
        self.assertIn("table-danger", row_a)  # the deadline (30.11.2025) has passed, not submitted
        self.assertNotIn("table-danger", row_b)  # submitted

    def test_detail_page_shows_the_last_reminder_in_bounded_queries(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.client.force_login(self.cc)
        url = self.round.get_absolute_url()
        self.client.get(url)  # warm caches

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(ctx)

        without = count()
        for day in (dt.date(2025, 11, 16), dt.date(2025, 11, 27)):
            for department, user in ((self.dept_a, self.aigerim), (self.dept_a, self.bolat), (self.dept_b, self.dana)):
                RoundReminder.objects.create(
                    collection_round=self.round, department=department, recipient=user, sent_on=day, kind="T-3"
                )
        self.assertEqual(count(), without)
        html = self.client.get(url).content.decode()
        start = html.index('data-department="IS"')
        row_a = html[start : html.index("</tr>", start)]
        self.assertIn("reminded on 27.11.2025", row_a)
        self.assertNotIn("16.11.2025", row_a)

    def test_detail_page_is_scoped(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.assert_page_hides(self.aigerim, self.round.get_absolute_url(), "Computer Science")
        self.assert_page_shows(self.aigerim, self.round.get_absolute_url(), "Information Systems")

    def test_department_view_lists_what_is_missing(self):
        url = reverse("graduates:round_department", args=[self.round.pk, self.dept_a.pk])
        response = self.assert_page_shows(
            self.aigerim,
            url,
            self.a_old.full_name,
            self.a_nothing.full_name,
            reverse("graduates:graduate_detail", args=[self.a_old.pk]),
        )
        self.assertNotContains(response, self.a_updated.full_name)
        self.assert_status(
            self.aigerim, reverse("graduates:round_department", args=[self.round.pk, self.dept_b.pk]), 404
        )

    def test_reminders_go_to_unsubmitted_departments_in_each_language(self):
        User.objects.filter(pk=self.aigerim.pk).update(email="aigerim@example.kz", language="ru")
        User.objects.filter(pk=self.bolat.pk).update(email="bolat@example.kz", language="")
        User.objects.filter(pk=self.dana.pk).update(email="dana@example.kz", language="en")
        with self.settings(LANGUAGE_CODE="kk"):
            sent = rounds.send_reminders(self.round, site_url="https://mansap.example")
        self.assertEqual(sent, 2)
        by_recipient = {m.to[0]: m for m in mail.outbox}
        self.assertEqual(set(by_recipient), {"aigerim@example.kz", "bolat@example.kz"})  # B submitted
        self.assertIn("Информационные системы", by_recipient["aigerim@example.kz"].body)  # Russian
        self.assertIn("Ақпараттық жүйелер", by_recipient["bolat@example.kz"].body)  # no language: LANGUAGE_CODE
        self.assertIn(
            f"https://mansap.example/employment/rounds/{self.round.pk}/", by_recipient["bolat@example.kz"].body
        )


class DueReminderTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = CollectionRound.objects.create(
            institution=cls.institution,
            academic_year=year_of(cls.institution, 2026),
            number=1,
            cohort=2026,
            opens_on=dt.date(2026, 9, 1),
            deadline=dt.date(2026, 9, 30),
        )
        graduate(cls.program_a, "Ахметов", cohort=2026)
        User.objects.filter(pk=cls.aigerim.pk).update(email="aigerim@example.kz")

    def test_t_minus_14_and_3_once_a_day(self):
        self.assertEqual(rounds.send_due_reminders(today=dt.date(2026, 9, 15)), {})  # T-15: nothing due
        self.assertEqual(rounds.send_due_reminders(today=dt.date(2026, 9, 16)), {self.round.pk: 1})  # T-14
        self.assertEqual(rounds.send_due_reminders(today=dt.date(2026, 9, 16)), {self.round.pk: 0})  # same day
        self.assertEqual(len(mail.outbox), 1)
        call_command("send_round_reminders", "--days", "14,3", "--date", "2026-09-27", stdout=StringIO())  # T-3
        self.assertEqual(len(mail.outbox), 2)
        call_command("send_round_reminders", "--date", "2026-09-27", stdout=StringIO())
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(
            list(
                RoundReminder.objects.order_by("sent_on").values_list(
                    "collection_round", "department", "recipient", "sent_on", "kind"
                )
            ),
            [
                (self.round.pk, self.dept_a.pk, self.aigerim.pk, dt.date(2026, 9, 16), "T-14"),
                (self.round.pk, self.dept_a.pk, self.aigerim.pk, dt.date(2026, 9, 27), "T-3"),
            ],
        )

    def test_a_row_inserted_elsewhere_stops_the_e_mail(self):
        """Another server (or run) already claimed today's reminder: the unique row wins, nothing is sent."""
        RoundReminder.objects.create(
            collection_round=self.round, department=self.dept_a, recipient=self.aigerim,
            sent_on=dt.date(2026, 9, 16), kind="T-14",
        )  # fmt: skip
        self.assertEqual(rounds.send_due_reminders(today=dt.date(2026, 9, 16)), {self.round.pk: 0})
        self.assertEqual(mail.outbox, [])
        with self.assertRaises(IntegrityError), transaction.atomic():
            RoundReminder.objects.create(
                collection_round=self.round, department=self.dept_a, recipient=self.aigerim,
                sent_on=dt.date(2026, 9, 16), kind="T-14",
            )  # fmt: skip

    def test_a_race_lost_at_insert_sends_nothing(self):
        """The row appears between the look-up and the insert: the IntegrityError is the signal to skip."""
        RoundReminder.objects.create(
            collection_round=self.round, department=self.dept_a, recipient=self.aigerim,
            sent_on=dt.date(2026, 9, 16), kind=RoundReminder.MANUAL,
        )  # fmt: skip
        with mock.patch.object(RoundReminder.objects, "filter", return_value=RoundReminder.objects.none()):
            self.assertEqual(rounds.send_reminders(self.round, today=dt.date(2026, 9, 16)), 0)
        self.assertEqual(mail.outbox, [])
        self.assertEqual(RoundReminder.objects.count(), 1)

    def test_manual_reminders_are_once_a_day_too_and_apart_from_the_schedule(self):
        self.assertEqual(rounds.send_reminders(self.round, today=dt.date(2026, 9, 16)), 1)
        self.assertEqual(rounds.send_reminders(self.round, today=dt.date(2026, 9, 16)), 0)
        self.assertEqual(rounds.send_due_reminders(today=dt.date(2026, 9, 16)), {self.round.pk: 1})  # T-14 kind
        self.assertEqual(rounds.send_reminders(self.round, today=dt.date(2026, 9, 17)), 1)  # the next day
        self.assertEqual(len(mail.outbox), 3)
        self.assertEqual(progress.last_reminders(self.round, [self.dept_a.pk]), {self.dept_a.pk: dt.date(2026, 9, 17)})

    def test_failed_sending_releases_the_claim(self):
        with (
            mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError("SMTP down")),
            self.assertRaises(OSError),
        ):
            rounds.send_due_reminders(today=dt.date(2026, 9, 16))
        self.assertFalse(RoundReminder.objects.exists())
        self.assertEqual(rounds.send_due_reminders(today=dt.date(2026, 9, 16)), {self.round.pk: 1})  # retried

    def test_closed_and_submitted_rounds_send_nothing(self):
        RoundSubmission.objects.create(collection_round=self.round, department=self.dept_a, submitted_at=timezone.now())
        self.assertEqual(rounds.send_due_reminders(today=dt.date(2026, 9, 16)), {self.round.pk: 0})
        self.round.closed_at = timezone.now()
        self.round.save()
        self.assertEqual(rounds.send_due_reminders(today=dt.date(2026, 9, 27)), {})
        self.assertEqual(mail.outbox, [])
        self.assertFalse(RoundReminder.objects.exists())


class PermissionTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.year = year_of(cls.institution, 2026)
        cls.year.is_current = True
        cls.year.save()
        cls.round = CollectionRound.objects.create(
            institution=cls.institution,
            academic_year=cls.year,
            number=1,
            cohort=2026,
            opens_on=dt.date(2026, 9, 1),
            deadline=dt.date(2026, 12, 30),
        )
        cls.graduate_a = graduate(cls.program_a, "Ахметов", cohort=2026)
        graduate(cls.program_b, "Бекова", cohort=2026)

    def setUp(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def url(self, name: str) -> str:
        return reverse(f"graduates:{name}", args=[self.round.pk])

    def test_every_staff_member_sees_rounds(self):
        for user in (self.cc, self.rector, self.dean, self.aigerim, self.bolat, self.admin):
            self.assert_status(user, reverse("graduates:collectionround_list"), 200)
            self.assert_status(user, self.round.get_absolute_url(), 200)
        self.assert_status(self.student_user, reverse("graduates:collectionround_list"), 403)
        self.assert_status(None, reverse("graduates:collectionround_list"), 302)

    def test_only_the_career_center_manages_rounds(self):
        create = reverse("graduates:collectionround_create")
        for user in (self.aigerim, self.bolat, self.dean, self.rector, self.dana):
            for name in ("collectionround_close", "collectionround_remind", "collectionround_platonus"):
                self.assert_status(user, self.url(name), 403, method="post")
            response = self.post_as(user, create, {"create-academic_year": self.year.pk, "create-cohort": 2026})
            self.assertEqual(response.status_code, 403)
            self.assert_status(user, reverse("graduates:form10_columns"), 403)
        self.assert_page_hides(self.aigerim, self.round.get_absolute_url(), "Close the round", "Send reminders")
        self.round.refresh_from_db()
        self.assertIsNone(self.round.closed_at)
        self.assertIsNone(self.round.platonus_registered_at)

    def test_career_center_creates_closes_and_reopens(self):
        response = self.post_as(
            self.cc,
            reverse("graduates:collectionround_create"),
            {"create-academic_year": self.year.pk, "create-cohort": 2027},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(CollectionRound.objects.filter(cohort=2027).count(), 4)
        self.assert_page_shows(self.cc, reverse("graduates:collectionround_list"), "Create the rounds", "Extra round")
        self.assert_status(self.cc, self.url("collectionround_close"), 302, method="post")
        self.round.refresh_from_db()
        self.assertTrue(self.round.is_closed)
        self.assert_status(self.cc, self.url("collectionround_reopen"), 302, method="post")
        self.round.refresh_from_db()
        self.assertFalse(self.round.is_closed)

    def test_career_center_creates_an_extra_round(self):
        response = self.post_as(
            self.cc,
            reverse("graduates:collectionround_extra"),
            {"extra-academic_year": self.year.pk, "extra-cohort": 2026, "extra-deadline": "2027-06-30"},
        )
        self.assertEqual(response.status_code, 302)
        extra = CollectionRound.objects.get(cohort=2026, number=5)
        self.assertEqual((extra.opens_on, extra.label), (dt.date(2026, 12, 31), ""))
        labelled = self.post_as(
            self.cc,
            reverse("graduates:collectionround_extra"),
            {"extra-academic_year": self.year.pk, "extra-cohort": 2026, "extra-deadline": "2027-12-31",
             "extra-label": "+6 months"},
        )  # fmt: skip
        self.assertEqual(labelled.status_code, 302)
        self.assertEqual(CollectionRound.objects.get(cohort=2026, number=6).label, "+6 months")
        listing = self.assert_page_shows(self.cc, reverse("graduates:collectionround_list"), "+6 months")
        self.assertContains(listing, "data-round-label", count=1)
        self.assert_page_shows(self.cc, labelled["Location"], "Round 6 (+6 months) of")
        bad = self.post_as(
            self.cc,
            reverse("graduates:collectionround_extra"),
            {"extra-academic_year": self.year.pk, "extra-cohort": 2026, "extra-deadline": "2027-06-30",
             "extra-opens_on": "2027-07-01"},
        )  # fmt: skip
        self.assertEqual(bad.status_code, 400)
        self.assertContains(bad, "A round must open on or before its deadline.", status_code=400)

    def test_department_editor_submits_once(self):
        response = self.post_as(self.aigerim, self.url("round_submit"), {"department": self.dept_a.pk})
        self.assertRedirects(
            response,
            reverse("graduates:round_department", args=[self.round.pk, self.dept_a.pk]),
            fetch_redirect_response=False,
        )
        submission = RoundSubmission.objects.get(collection_round=self.round, department=self.dept_a)
        self.assertEqual(submission.submitted_by, self.aigerim)
        again = self.client.post(self.url("round_submit"), {"department": self.dept_a.pk}, follow=True)
        self.assertContains(again, "already submitted this round")
        self.assertEqual(RoundSubmission.objects.filter(collection_round=self.round).count(), 1)

    def test_department_is_implicit_for_a_single_department(self):
        self.assert_status(self.dana, self.url("round_submit"), 302, method="post")
        self.assertTrue(RoundSubmission.objects.filter(collection_round=self.round, department=self.dept_b).exists())

    def test_read_only_member_cannot_submit(self):
        response = self.post_as(self.bolat, self.url("round_submit"), {"department": self.dept_a.pk})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(RoundSubmission.objects.exists())

    def test_another_department_cannot_be_submitted(self):
        response = self.post_as(self.aigerim, self.url("round_submit"), {"department": self.dept_b.pk})
        self.assertEqual(response.status_code, 404)
        response = self.post_as(self.rector, self.url("round_submit"), {"department": self.dept_a.pk})
        self.assertEqual(response.status_code, 403)  # sees the department, may not change it
        self.assertFalse(RoundSubmission.objects.exists())

    def test_closed_round_cannot_be_submitted(self):
        self.round.closed_at = timezone.now()
        self.round.save()
        response = self.post_as(self.aigerim, self.url("round_submit"), {"department": self.dept_a.pk})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(RoundSubmission.objects.exists())

    def test_send_reminders_button(self):
        User.objects.filter(pk=self.aigerim.pk).update(email="aigerim@example.kz")
        Membership.objects.create(
            user=User.objects.create_user("nomail"), institution=self.institution, role=Role.DEPARTMENT,
            department=self.dept_a,
        )  # fmt: skip
        self.assert_status(self.cc, self.url("collectionround_remind"), 302, method="post")
        self.assertEqual([m.to for m in mail.outbox], [["aigerim@example.kz"]])

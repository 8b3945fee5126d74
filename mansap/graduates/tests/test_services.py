"""The services of the journal: never-overwrite records, self-report review, assistance, obligations."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from mansap.common.testing import BaseTestCase
from mansap.employers.models import Organization
from mansap.graduates.choices import Channel, EmploymentStatus, SelfReportStatus
from mansap.graduates.models import EmploymentRecord, GrantObligation, SelfReport
from mansap.graduates.services import records as services
from mansap.graduates.tests.factories import make_graduate

S = EmploymentStatus
BIN = "180140000018"  # a valid BIN (check digit included)


def record(graduate, user, status=S.EMPLOYED_OTHER, started_on=dt.date(2025, 8, 1), **fields):
    fields.setdefault("channel", Channel.TELEPHONE)
    return services.record_employment(graduate, acting_user=user, status=status, started_on=started_on, **fields)


class RecordEmploymentTests(BaseTestCase):
    def setUp(self) -> None:
        self.graduate = make_graduate(self.program_a)

    def test_a_new_open_record_closes_the_open_one_the_day_before(self) -> None:
        first = record(self.graduate, self.aigerim, S.UNEMPLOYED_SEEKING, dt.date(2025, 7, 1))
        second = record(self.graduate, self.aigerim, S.EMPLOYED_SPECIALTY, dt.date(2025, 9, 15))
        first.refresh_from_db()
        self.assertEqual(first.ended_on, dt.date(2025, 9, 14))
        self.assertIsNone(second.ended_on)
        self.assertEqual(list(self.graduate.employment_records.open()), [second])

    def test_same_start_day_closes_on_that_day(self) -> None:
        first = record(self.graduate, self.aigerim, S.UNKNOWN, dt.date(2025, 9, 1))
        record(self.graduate, self.aigerim, S.EMPLOYED_OTHER, dt.date(2025, 9, 1))
        first.refresh_from_db()
        self.assertEqual(first.ended_on, dt.date(2025, 9, 1))

    def test_backdated_open_record_is_refused(self) -> None:
        current = record(self.graduate, self.aigerim, S.EMPLOYED_OTHER, dt.date(2025, 9, 1))
        with self.assertRaises(ValidationError) as caught:
            record(self.graduate, self.aigerim, S.UNEMPLOYED_SEEKING, dt.date(2025, 8, 1))
        self.assertIn("started_on", caught.exception.error_dict)
        current.refresh_from_db()
        self.assertIsNone(current.ended_on)
        self.assertEqual(self.graduate.employment_records.count(), 1)

    def test_a_closed_past_period_can_be_inserted(self) -> None:
        current = record(self.graduate, self.aigerim, S.EMPLOYED_OTHER, dt.date(2025, 9, 1))
        past = record(
            self.graduate, self.aigerim, S.MILITARY_SERVICE, dt.date(2025, 7, 1), ended_on=dt.date(2025, 8, 31)
        )
        current.refresh_from_db()
        self.assertIsNone(current.ended_on)  # the open record stays open
        self.assertEqual(past.ended_on, dt.date(2025, 8, 31))
        self.assertEqual(self.graduate.employment_records.count(), 2)

    def test_one_open_record_per_graduate_under_the_service_and_in_the_database(self) -> None:
        for day in range(1, 6):
            record(self.graduate, self.aigerim, S.EMPLOYED_OTHER, dt.date(2025, 9, day))
        self.assertEqual(self.graduate.employment_records.open().count(), 1)
        self.assertEqual(self.graduate.employment_records.count(), 5)
        with self.assertRaises(IntegrityError), transaction.atomic():
            EmploymentRecord.objects.create(
                graduate=self.graduate, status=S.UNKNOWN, started_on=dt.date(2025, 10, 1), channel=Channel.EMAIL
            )

    def test_history_records_the_acting_user(self) -> None:
        # The department records, the Career Center closes the record with a new one (both record employment).
        first = record(self.graduate, self.aigerim, S.UNKNOWN, dt.date(2025, 7, 1))
        record(self.graduate, self.cc, S.EMPLOYED_OTHER, dt.date(2025, 9, 1))
        self.assertEqual(first.history.order_by("history_date").first().history_user, self.aigerim)
        closing = first.history.order_by("-history_date").first()
        self.assertEqual(closing.ended_on, dt.date(2025, 8, 31))
        self.assertEqual(closing.history_user, self.cc)
        self.assertEqual(first.recorded_by, self.aigerim)

    def test_salary_only_for_employed(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            record(self.graduate, self.aigerim, S.UNEMPLOYED_SEEKING, salary=300000)
        self.assertIn("salary", caught.exception.error_dict)


class SelfReportTests(BaseTestCase):
    def setUp(self) -> None:
        self.graduate = make_graduate(self.program_a, email="old@example.kz")
        self.organization = Organization.objects.create(
            institution=self.institution, bin=BIN, name_kk="Кәсіпорын", name_ru="Предприятие", name_en="Company"
        )

    def report(self, **fields) -> SelfReport:
        defaults = {
            "graduate": self.graduate,
            "status": S.EMPLOYED_SPECIALTY,
            "employer_name": "ТОО Предприятие",
            "employer_bin": BIN,
            "position": "инженер",
            "started_on": dt.date(2025, 9, 1),
            "salary": 350000,
            "email": "new@example.kz",
            "phone": "8 701 123 45 67",
        }
        defaults.update(fields)
        return SelfReport.objects.create(**defaults)

    def test_confirm_creates_a_self_report_record_and_updates_contacts(self) -> None:
        report = self.report()
        created = services.confirm_self_report(report, acting_user=self.aigerim)
        self.assertEqual(created.channel, Channel.SELF_REPORT)
        self.assertEqual(created.status, S.EMPLOYED_SPECIALTY)
        self.assertEqual(created.organization, self.organization)  # the BIN matched a registered organization
        self.assertEqual(created.salary, 350000)
        self.assertEqual(created.recorded_by, self.aigerim)
        self.graduate.refresh_from_db()
        self.assertEqual(self.graduate.email, "new@example.kz")
        self.assertEqual(self.graduate.phone, "+7 701 123 45 67")
        report.refresh_from_db()
        self.assertEqual(report.review_status, SelfReportStatus.CONFIRMED)
        self.assertEqual(report.reviewed_by, self.aigerim)
        with self.assertRaises(ValidationError):
            services.confirm_self_report(report, acting_user=self.aigerim)
        self.assertEqual(self.graduate.employment_records.count(), 1)

    def test_confirm_closes_the_open_record(self) -> None:
        old = record(self.graduate, self.aigerim, S.UNEMPLOYED_SEEKING, dt.date(2025, 7, 1))
        services.confirm_self_report(self.report(), acting_user=self.aigerim)
        old.refresh_from_db()
        self.assertEqual(old.ended_on, dt.date(2025, 8, 31))

    def test_reject_marks_the_report_only(self) -> None:
        report = self.report()
        services.reject_self_report(report, acting_user=self.aigerim, reason="a classmate's answer")
        report.refresh_from_db()
        self.assertEqual(report.review_status, SelfReportStatus.REJECTED)
        self.assertEqual(report.review_note, "a classmate's answer")
        self.assertFalse(self.graduate.employment_records.exists())
        self.graduate.refresh_from_db()
        self.assertEqual(self.graduate.email, "old@example.kz")


class AssistanceAndObligationTests(BaseTestCase):
    def test_assistance_is_recorded_with_its_author(self) -> None:
        graduate = make_graduate(self.program_a)
        action = services.add_assistance(
            graduate, acting_user=self.aigerim, kind="consultation", happened_on=dt.date(2025, 9, 3), description="x"
        )
        self.assertEqual(action.recorded_by, self.aigerim)
        self.assertEqual(action.history.first().history_user, self.aigerim)

    def test_obligation_only_for_grant_graduates(self) -> None:
        paid = make_graduate(self.program_a, funding="paid")
        with self.assertRaises(ValidationError):
            services.save_obligation(paid, acting_user=self.aigerim, status="working_off")
        grant = make_graduate(self.program_a, funding="grant")
        obligation = services.save_obligation(grant, acting_user=self.aigerim, referral_place="Аудан әкімдігі")
        again = services.save_obligation(grant, acting_user=self.aigerim, status="fulfilled")
        self.assertEqual(obligation.pk, again.pk)
        self.assertEqual(GrantObligation.objects.get(graduate=grant).status, "fulfilled")
        self.assertEqual(again.referral_place, "Аудан әкімдігі")


class TypedArgumentsTests(BaseTestCase):
    """The services' keyword arguments: what an omitted, a None and an id-only argument mean."""

    def test_none_clears_an_obligation_field_and_an_omitted_one_is_kept(self) -> None:
        grant = make_graduate(self.program_a, funding="grant")
        services.save_obligation(grant, acting_user=self.aigerim, referral_date=dt.date(2025, 8, 1), note="x")
        obligation = services.save_obligation(grant, acting_user=self.cc, referral_date=None)
        obligation.refresh_from_db()
        self.assertEqual((obligation.referral_date, obligation.note), (None, "x"))
        self.assertEqual(obligation.history.first().history_user, self.cc)

    def test_a_registered_organization_by_id_fills_the_employer(self) -> None:
        organization = Organization.objects.create(
            institution=self.institution, bin=BIN, name_kk="Самұрық", name_ru="Самрук", name_en="Samruk"
        )
        graduate = make_graduate(self.program_a)
        found = record(graduate, None, organization_id=organization.pk)  # as the import, which knows only ids
        self.assertEqual(
            (found.organization, found.employer_name, found.employer_bin, found.recorded_by),
            (organization, str(organization), BIN, None),
        )
        named = record(graduate, self.aigerim, started_on=dt.date(2025, 9, 1), organization=organization,
                       employer_name="ТОО Самұрық")  # fmt: skip
        self.assertEqual((named.employer_name, named.employer_bin), ("ТОО Самұрық", BIN))  # a name given is kept

    def test_defaults_of_an_omitted_field(self) -> None:
        found = record(make_graduate(self.program_a), self.aigerim)
        self.assertEqual(
            (found.employer_name, found.region, found.salary, found.ended_on, found.evidence.name, found.import_key),
            ("", "", None, None, "", ""),
        )
        contact = services.log_contact(
            found.graduate, acting_user=self.aigerim, contacted_on=dt.date(2025, 9, 2), channel="telephone",
            outcome="reached",
        )  # fmt: skip
        self.assertEqual((contact.note, contact.recorded_by), ("", self.aigerim))
        self.assertEqual(contact.history.first().history_user, self.aigerim)

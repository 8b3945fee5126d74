"""The round calendar (#12): validated rules, and a screen on which the Career Center edits them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from mansap.common.testing import ScopedCRUDTests
from mansap.core.models import AcademicYear
from mansap.graduates.models import CollectionRound, RoundRule
from mansap.graduates.services import rounds

URL = reverse("graduates:round_calendar")


class RoundCalendarTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.year = AcademicYear.objects.create(
            institution=cls.institution, start_year=2026, starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 6, 30),
            is_current=True,
        )  # fmt: skip

    def rule(self, number: int) -> RoundRule:
        rounds.ensure_default_rules(self.institution)
        return RoundRule.objects.get(institution=self.institution, number=number)

    def change(self, number: int, **fields: int | None) -> RoundRule:
        values = {"collection_month": 4, "collection_day": 30, "platonus_month": None, "platonus_day": None}
        values.update(fields)
        return rounds.change_round_rule(self.rule(number), acting_user=self.cc, **values)  # type: ignore[arg-type]

    def test_month_13_is_refused_by_the_service_and_the_database(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.change(4, collection_month=13)
        self.assertIn("collection_month", caught.exception.message_dict)
        self.assertEqual(self.rule(4).collection_month, 4)  # nothing changed
        with self.assertRaises(IntegrityError), transaction.atomic():
            RoundRule.objects.filter(pk=self.rule(4).pk).update(collection_month=13)

    def test_creating_rounds_with_a_bad_legacy_rule_is_a_clear_error_not_a_crash(self) -> None:
        rule = self.rule(4)
        rule.collection_month = 0  # what a rule written before the validation could hold
        with self.assertRaises(ValidationError):
            rounds.deadlines_for(rule, self.year)

    def test_day_past_the_month_end_is_its_last_day_and_days_stop_at_31(self) -> None:
        self.change(3, collection_month=2, collection_day=30, platonus_month=3, platonus_day=1)
        self.assertEqual(rounds.deadlines_for(self.rule(3), self.year), (dt.date(2027, 2, 28), dt.date(2027, 3, 1)))
        with self.assertRaises(ValidationError) as caught:
            self.change(3, collection_month=2, collection_day=32)
        self.assertIn("collection_day", caught.exception.message_dict)

    def test_the_platonus_deadline_needs_a_month_and_cannot_come_first(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.change(1, collection_month=9, collection_day=30, platonus_month=None, platonus_day=5)
        self.assertIn("platonus_month", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            self.change(1, collection_month=9, collection_day=30, platonus_month=9, platonus_day=1)
        self.assertIn("platonus_month", caught.exception.message_dict)

    def test_deadlines_follow_the_round_numbers(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.change(2, collection_month=9, collection_day=15)  # before round 1's 30 September
        self.assertIn("Round 1", caught.exception.message_dict["collection_month"][0])
        changed = self.change(2, collection_month=12, collection_day=15, platonus_month=12, platonus_day=20)
        self.assertEqual((changed.collection_month, changed.collection_day), (12, 15))
        self.assertEqual(changed.history.latest().history_user, self.cc)

    def test_only_the_career_center_changes_the_calendar(self) -> None:
        for user in (self.registrar, self.dean, self.aigerim):
            with self.assertRaises(PermissionDenied):
                rounds.change_round_rule(
                    self.rule(4), acting_user=user, collection_month=5, collection_day=None, platonus_month=None,
                    platonus_day=None,
                )  # fmt: skip
        for user, status in ((self.registrar, 403), (self.aigerim, 403), (self.rector, 403), (self.cc, 200)):
            self.client.force_login(user)
            self.assertEqual(self.client.get(URL).status_code, status, user)

    def test_the_page_saves_a_row_and_new_rounds_follow_it(self) -> None:
        rule = self.rule(2)
        self.client.force_login(self.cc)
        page = self.client.get(URL)
        self.assertContains(page, "30.11.2026")  # round 2's deadline this year, by the regulation
        prefix = f"r{rule.pk}"
        response = self.client.post(
            URL,
            {"rule": rule.pk, f"{prefix}-collection_month": "12", f"{prefix}-collection_day": "10",
             f"{prefix}-platonus_month": "12", f"{prefix}-platonus_day": "15"},
        )  # fmt: skip
        self.assertRedirects(response, URL, fetch_redirect_response=False)
        rounds.create_rounds(self.year, cohort=2026, acting_user=self.cc)
        round_2 = CollectionRound.objects.get(academic_year=self.year, cohort=2026, number=2)
        self.assertEqual(round_2.deadline, dt.date(2026, 12, 10))

    def test_a_bad_row_is_shown_again_with_its_error_and_changes_nothing(self) -> None:
        rule = self.rule(4)
        self.client.force_login(self.cc)
        prefix = f"r{rule.pk}"
        response = self.client.post(
            URL,
            {"rule": rule.pk, f"{prefix}-collection_month": "13", f"{prefix}-collection_day": "40",
             f"{prefix}-platonus_month": "", f"{prefix}-platonus_day": ""},
        )  # fmt: skip
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "invalid-feedback", status_code=400)
        self.assertEqual(self.rule(4).collection_month, 4)

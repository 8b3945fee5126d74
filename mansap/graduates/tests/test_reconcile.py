"""Verified employment (#20): the reconciliation's states, rates, sustained employment, freezing and the tasks,
on hand-built graduates with literal expectations."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal as D

from django.core.exceptions import ValidationError
from django.core.management import call_command

from mansap.common.testing import BaseTestCase
from mansap.graduates.choices import (
    BinMatch,
    Channel,
    ConsentStatus,
    EmploymentStatus,
    ReconciledState,
    TaskStatus,
)
from mansap.graduates.models import DiscrepancyTask, EmploymentRecord, OfficialCheckConsent, Reconciliation
from mansap.graduates.services import reconcile as services
from mansap.graduates.services.records import record_employment
from mansap.graduates.tests.factories import add_contract, add_contributions, make_extract, make_graduate

S = EmploymentStatus
R = ReconciledState
AS_OF = dt.date(2026, 3, 15)
BIN_A = "180140000018"
BIN_B = "190540000024"


def record(graduate, status, started_on=dt.date(2025, 8, 1), **fields):
    fields.setdefault("channel", Channel.TELEPHONE)
    return record_employment(graduate, acting_user=None, status=status, started_on=started_on, **fields)


class ReconcileCase(BaseTestCase):
    def setUp(self) -> None:
        self.contracts = make_extract(self.institution, "contracts", cohorts=(2025,))
        self.contributions = make_extract(self.institution, "contributions", cohorts=(2025,))

    def graduate(self, status=None, program=None, **fields):
        graduate = make_graduate(program or self.program_a, **fields)
        if status is not None:
            record(graduate, status)
        return graduate

    def states(self, **kwargs):
        outcome = services.compute(self.institution.pk, 2025, AS_OF, **kwargs)
        return outcome, {g.graduate_id: g for g in outcome.graduates}


class StateTests(ReconcileCase):
    def test_each_state_on_hand_built_graduates(self) -> None:
        confirmed = self.graduate(S.EMPLOYED_SPECIALTY)
        add_contract(self.contracts, confirmed, dt.date(2025, 9, 1))
        employed_no_trace = self.graduate(S.EMPLOYED_OTHER)
        seeking_with_trace = self.graduate(S.UNEMPLOYED_SEEKING)
        add_contributions(self.contributions, seeking_with_trace, dt.date(2026, 3, 1))
        official_only = self.graduate()  # no record: unknown
        add_contributions(self.contributions, official_only, dt.date(2026, 2, 1))  # the month before counts
        seeking_no_trace = self.graduate(S.UNEMPLOYED_SEEKING)
        masters_working = self.graduate(S.CONTINUING_EDUCATION)
        add_contract(self.contracts, masters_working, dt.date(2025, 9, 1))
        unknown_no_trace = self.graduate()
        outcome, rows = self.states()
        self.assertEqual(rows[confirmed.pk].state, R.CONFIRMED)
        self.assertEqual(rows[employed_no_trace.pk].state, R.CONTRADICTED)
        self.assertEqual(rows[seeking_with_trace.pk].state, R.CONTRADICTED)
        self.assertEqual(rows[official_only.pk].state, R.OFFICIAL_ONLY)
        self.assertEqual(rows[seeking_no_trace.pk].state, R.CONSISTENT)
        self.assertEqual(rows[masters_working.pk].state, R.CONSISTENT)
        self.assertEqual(rows[unknown_no_trace.pk].state, R.CONSISTENT)
        self.assertEqual(
            outcome.as_json(),
            {
                "counts": {
                    "confirmed": 1,
                    "contradicted": 2,
                    "official_only": 1,
                    "consistent": 3,
                    "not_covered": 0,
                    "cohort": 7,
                },
                # (1 confirmed + 1 official only) / (7 − 1 continuing education)
                "verified_employment_rate": 2 / 6,
                "covered_share": 1.0,
            },
        )

    def test_a_contract_ending_the_day_before_is_no_trace(self) -> None:
        graduate = self.graduate(S.EMPLOYED_OTHER)
        add_contract(self.contracts, graduate, dt.date(2025, 9, 1), dt.date(2026, 3, 14))
        _, rows = self.states()
        self.assertFalse(rows[graduate.pk].has_trace)
        self.assertEqual(rows[graduate.pk].state, R.CONTRADICTED)

    def test_a_contract_ending_on_the_day_is_a_trace(self) -> None:
        graduate = self.graduate(S.EMPLOYED_OTHER)
        add_contract(self.contracts, graduate, dt.date(2025, 9, 1), AS_OF)
        _, rows = self.states()
        self.assertEqual(rows[graduate.pk].state, R.CONFIRMED)

    def test_a_contract_starting_after_the_date_is_no_trace(self) -> None:
        graduate = self.graduate()
        add_contract(self.contracts, graduate, dt.date(2026, 3, 16))
        _, rows = self.states()
        self.assertEqual(rows[graduate.pk].state, R.CONSISTENT)

    def test_two_contracts_one_ended_one_running(self) -> None:
        graduate = self.graduate(
            S.EMPLOYED_OTHER,
        )
        add_contract(self.contracts, graduate, dt.date(2025, 8, 1), dt.date(2025, 12, 31), employer_bin=BIN_B)
        add_contract(self.contracts, graduate, dt.date(2026, 1, 10), employer_bin=BIN_A, employer_name="Kaspi")
        outcome, rows = self.states()
        row = rows[graduate.pk]
        self.assertEqual((row.state, row.official_bin, row.official_employer), (R.CONFIRMED, BIN_A, "Kaspi"))
        self.assertEqual(row.official_since, dt.date(2026, 1, 10))
        self.assertEqual(outcome.counts["confirmed"], 1)  # one graduate, not two

    def test_contributions_two_months_before_are_no_trace(self) -> None:
        graduate = self.graduate(S.EMPLOYED_OTHER)
        add_contributions(self.contributions, graduate, dt.date(2026, 1, 1))
        _, rows = self.states()
        self.assertEqual(rows[graduate.pk].state, R.CONTRADICTED)

    def test_a_record_ended_before_the_date_leaves_the_status_unknown(self) -> None:
        graduate = self.graduate()
        record(graduate, S.EMPLOYED_OTHER, dt.date(2025, 8, 1), ended_on=dt.date(2025, 12, 31))
        add_contributions(self.contributions, graduate, dt.date(2026, 3, 1))
        _, rows = self.states()
        self.assertEqual((rows[graduate.pk].status, rows[graduate.pk].state), (S.UNKNOWN, R.OFFICIAL_ONLY))

    def test_refused_consent_is_not_covered_even_with_a_trace(self) -> None:
        graduate = self.graduate(S.EMPLOYED_OTHER)
        add_contract(self.contracts, graduate, dt.date(2025, 9, 1))
        OfficialCheckConsent.objects.create(graduate=graduate, status=ConsentStatus.REFUSED)
        other = self.graduate(S.EMPLOYED_OTHER)
        OfficialCheckConsent.objects.create(graduate=other, status=ConsentStatus.GIVEN)
        outcome, rows = self.states()
        self.assertEqual(rows[graduate.pk].state, R.NOT_COVERED)
        self.assertFalse(rows[graduate.pk].has_trace)
        self.assertEqual(rows[other.pk].state, R.CONTRADICTED)
        self.assertEqual(outcome.covered_share, 0.5)
        # Still in the denominator of the verified rate: employed, not out of the labour force.
        self.assertEqual(outcome.verified_employment_rate, 0.0)

    def test_a_cohort_no_extract_names_is_not_covered(self) -> None:
        graduate = self.graduate(S.EMPLOYED_OTHER, graduation_date=dt.date(2024, 6, 25))
        add_contract(self.contracts, graduate, dt.date(2024, 9, 1))
        outcome = services.compute(self.institution.pk, 2024, AS_OF)
        self.assertEqual(outcome.graduates[0].state, R.NOT_COVERED)
        self.assertEqual(outcome.as_json()["covered_share"], 0.0)
        self.assertEqual(outcome.as_json()["verified_employment_rate"], 0.0)

    def test_an_empty_cohort_has_no_rates(self) -> None:
        outcome = services.compute(self.institution.pk, 2019, AS_OF)
        self.assertEqual(outcome.as_json()["verified_employment_rate"], None)
        self.assertEqual(outcome.as_json()["counts"]["cohort"], 0)

    def test_bin_match_is_shown_where_both_have_one(self) -> None:
        same = self.graduate()
        record(same, S.EMPLOYED_OTHER, employer_bin=BIN_A, employer_name="Kaspi")
        add_contract(self.contracts, same, dt.date(2025, 9, 1), employer_bin=BIN_A)
        different = self.graduate()
        record(different, S.EMPLOYED_OTHER, employer_bin=BIN_A, employer_name="Kaspi")
        add_contributions(self.contributions, different, dt.date(2026, 3, 1), payer_bin=BIN_B)
        no_bin = self.graduate(S.EMPLOYED_OTHER)
        add_contract(self.contracts, no_bin, dt.date(2025, 9, 1), employer_bin=BIN_A)
        _, rows = self.states()
        self.assertEqual(rows[same.pk].bin_match, BinMatch.YES)
        self.assertEqual(rows[different.pk].bin_match, BinMatch.NO)
        self.assertEqual(rows[no_bin.pk].bin_match, BinMatch.NOT_COMPARABLE)

    def test_a_row_of_an_iin_unknown_at_import_counts(self) -> None:
        graduate = self.graduate()
        from mansap.graduates.models import OfficialContribution

        OfficialContribution.objects.create(
            extract=self.contributions, row_number=2, iin=graduate.iin, graduate=None, month=dt.date(2026, 3, 1)
        )
        _, rows = self.states()
        self.assertEqual(rows[graduate.pk].state, R.OFFICIAL_ONLY)

    def test_department_filter(self) -> None:
        self.graduate(S.EMPLOYED_OTHER)
        self.graduate(S.EMPLOYED_OTHER, program=self.program_b)
        outcome, _ = self.states(department=self.dept_b)
        self.assertEqual(outcome.counts["cohort"], 1)

    def test_queries_do_not_grow_with_the_cohort(self) -> None:
        def count_queries() -> int:
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as captured:
                services.compute(self.institution.pk, 2025, AS_OF, window=services.Window.after_graduation(2025))
            return len(captured)

        for _ in range(2):
            add_contract(self.contracts, self.graduate(S.EMPLOYED_OTHER), dt.date(2025, 9, 1))
        at_two = count_queries()
        for _ in range(18):
            add_contributions(self.contributions, self.graduate(), dt.date(2026, 3, 1))
        self.assertEqual(count_queries(), at_two)
        self.assertLessEqual(at_two, 7)


class SustainedTests(ReconcileCase):
    def months(self, *numbers):
        return [dt.date(2025 if n >= 10 else 2026, n, 1) for n in numbers]

    def test_five_of_six_is_sustained_four_is_not(self) -> None:
        five = self.graduate(S.EMPLOYED_OTHER)
        add_contributions(self.contributions, five, *self.months(10, 11, 12, 1, 3))
        four = self.graduate(S.EMPLOYED_OTHER)
        add_contributions(self.contributions, four, *self.months(10, 11, 1, 3))
        # Two payers in one month count once; April is outside the window.
        add_contributions(self.contributions, four, *self.months(10), payer_bin=BIN_B)
        add_contributions(self.contributions, four, dt.date(2026, 4, 1))
        outcome, rows = self.states(window=services.Window.after_graduation(2025))
        self.assertTrue(rows[five.pk].sustained)
        self.assertFalse(rows[four.pk].sustained)
        data = outcome.as_json(sustained=True)
        self.assertEqual((data["sustained_employment"], data["sustained_employment_rate"]), (1, 0.5))

    def test_the_window_is_configurable(self) -> None:
        four = self.graduate(S.EMPLOYED_OTHER)
        add_contributions(self.contributions, four, *self.months(10, 11, 1, 3))
        _, rows = self.states(window=services.Window.after_graduation(2025, months=6, required=4))
        self.assertTrue(rows[four.pk].sustained)
        with self.assertRaises(ValidationError):
            services.Window.after_graduation(2025, months=3, required=5)


class SavedReconciliationTests(ReconcileCase):
    def setUp(self) -> None:
        super().setUp()
        self.employed = self.graduate(S.EMPLOYED_OTHER)  # contradicted: no trace
        self.unknown = self.graduate()  # official only
        add_contract(self.contracts, self.unknown, dt.date(2025, 9, 1), employer_bin=BIN_A, employer_name="Kaspi")
        self.other_dept = self.graduate(program=self.program_b)
        add_contributions(self.contributions, self.other_dept, dt.date(2026, 3, 1))

    def reconcile(self):
        return services.reconcile(self.institution, 2025, AS_OF, acting_user=self.cc)

    def test_reconcile_saves_rows_figures_and_a_task_per_discrepancy(self) -> None:
        saved = self.reconcile()
        self.assertEqual(saved.rows.count(), 3)
        self.assertEqual(saved.figures["counts"]["official_only"], 2)
        self.assertEqual(saved.figures["counts"]["contradicted"], 1)
        tasks = {t.graduate_id: t for t in saved.tasks.all()}
        self.assertEqual(set(tasks), {self.employed.pk, self.unknown.pk, self.other_dept.pk})
        self.assertEqual(tasks[self.unknown.pk].official_bin, BIN_A)
        self.assertEqual(saved.created_by, self.cc)

    def test_only_the_career_center_reconciles(self) -> None:
        from django.core.exceptions import PermissionDenied

        with self.assertRaises(PermissionDenied):
            services.reconcile(self.institution, 2025, AS_OF, acting_user=self.aigerim)

    def test_accept_creates_an_official_extract_record_and_keeps_the_old_one(self) -> None:
        saved = self.reconcile()
        old = EmploymentRecord.objects.get(graduate=self.employed)
        task = saved.tasks.get(graduate=self.employed)
        made = services.accept_task(task, acting_user=self.aigerim)
        self.assertEqual(
            (made.status, made.channel, made.started_on), (S.UNEMPLOYED_SEEKING, "official_extract", AS_OF)
        )
        old.refresh_from_db()
        self.assertEqual((old.status, old.ended_on, old.voided_at), (S.EMPLOYED_OTHER, dt.date(2026, 3, 14), None))
        self.assertEqual(self.employed.employment_records.count(), 2)
        task.refresh_from_db()
        self.assertEqual((task.status, task.record, task.decided_by), (TaskStatus.ACCEPTED, made, self.aigerim))
        with self.assertRaises(ValidationError):
            services.accept_task(task, acting_user=self.aigerim)  # decided once

    def test_accepting_a_trace_records_the_official_employer(self) -> None:
        saved = self.reconcile()
        made = services.accept_task(saved.tasks.get(graduate=self.unknown), acting_user=self.aigerim)
        self.assertEqual((made.status, made.employer_bin, made.employer_name), (S.EMPLOYED_OTHER, BIN_A, "Kaspi"))
        with self.assertRaises(ValidationError):
            services.accept_task(
                saved.tasks.get(graduate=self.other_dept), acting_user=self.dana, status=S.UNEMPLOYED_SEEKING
            )

    def test_keep_requires_a_reason(self) -> None:
        saved = self.reconcile()
        task = saved.tasks.get(graduate=self.employed)
        with self.assertRaises(ValidationError) as caught:
            services.keep_task(task, acting_user=self.aigerim, reason="  ")
        self.assertIn("reason", caught.exception.error_dict)
        kept = services.keep_task(task, acting_user=self.aigerim, reason="works abroad")
        self.assertEqual((kept.status, kept.reason), (TaskStatus.KEPT, "works abroad"))
        self.assertEqual(self.employed.employment_records.count(), 1)
        self.assertEqual(kept.history.count(), 2)

    def test_another_departments_staff_cannot_decide(self) -> None:
        from django.core.exceptions import PermissionDenied

        saved = self.reconcile()
        with self.assertRaises(PermissionDenied):
            services.keep_task(saved.tasks.get(graduate=self.employed), acting_user=self.dana, reason="x")

    def test_frozen_figures_do_not_change_after_a_new_record(self) -> None:
        saved = self.reconcile()
        services.freeze(saved, acting_user=self.cc)
        issued = Reconciliation.objects.get(pk=saved.pk).figures
        record(self.unknown, S.EMPLOYED_OTHER, dt.date(2025, 9, 1))
        services.accept_task(saved.tasks.get(graduate=self.employed), acting_user=self.aigerim)
        frozen = Reconciliation.objects.get(pk=saved.pk)
        self.assertEqual(frozen.figures, issued)
        self.assertEqual(frozen.figures["counts"]["confirmed"], 0)
        self.assertEqual(frozen.rows.get(graduate=self.unknown).state, R.OFFICIAL_ONLY)
        self.assertIsNotNone(frozen.frozen_at)
        self.assertEqual(frozen.frozen_by, self.cc)
        with self.assertRaises(ValidationError):
            services.recompute(frozen, acting_user=self.cc)
        with self.assertRaises(ValidationError):
            services.freeze(frozen, acting_user=self.cc)
        # A reconciliation computed now sees the new records.
        live = services.compute(self.institution.pk, 2025, AS_OF)
        self.assertEqual(live.counts["confirmed"], 1)

    def test_freezing_takes_the_decisions_made_before(self) -> None:
        saved = self.reconcile()
        services.accept_task(saved.tasks.get(graduate=self.unknown), acting_user=self.aigerim)
        frozen = services.freeze(saved, acting_user=self.cc)
        self.assertEqual(frozen.figures["counts"]["confirmed"], 1)
        self.assertEqual(frozen.rows.get(graduate=self.unknown).state, R.CONFIRMED)
        # The decided task stays; the graduate is no longer discrepant.
        self.assertEqual(DiscrepancyTask.objects.get(graduate=self.unknown).status, TaskStatus.ACCEPTED)

    def test_recompute_drops_open_tasks_no_longer_discrepant(self) -> None:
        saved = self.reconcile()
        record(self.employed, S.UNEMPLOYED_SEEKING, dt.date(2026, 3, 1))
        services.recompute(saved, acting_user=self.cc)
        self.assertFalse(saved.tasks.filter(graduate=self.employed).exists())
        self.assertEqual(saved.tasks.count(), 2)


class CommandTests(ReconcileCase):
    def run_command(self, *args: str) -> dict:
        out = io.StringIO()
        call_command("reconcile", "--cohort", "2025", "--as-of", "2026-03-15", "--json", *args, stdout=out)
        return json.loads(out.getvalue())

    def test_the_contract_json(self) -> None:
        add_contract(self.contracts, self.graduate(S.EMPLOYED_OTHER), dt.date(2025, 9, 1))
        self.graduate(S.EMPLOYED_OTHER)
        self.graduate(S.MILITARY_SERVICE, program=self.program_b)
        self.assertEqual(
            self.run_command(),
            {
                "counts": {
                    "confirmed": 1,
                    "contradicted": 1,
                    "official_only": 0,
                    "consistent": 1,
                    "not_covered": 0,
                    "cohort": 3,
                },
                "verified_employment_rate": 0.5,
                "covered_share": 1.0,
            },
        )
        self.assertEqual(self.run_command("--department", "CS")["counts"]["cohort"], 1)
        self.assertFalse(Reconciliation.objects.exists())  # computes and prints only

    def test_sustained_and_save(self) -> None:
        graduate = self.graduate(S.EMPLOYED_OTHER)
        add_contributions(self.contributions, graduate, *[dt.date(2025, m, 1) for m in (10, 11, 12)])
        add_contributions(self.contributions, graduate, dt.date(2026, 1, 1), dt.date(2026, 2, 1))
        data = self.run_command("--sustained", "--save")
        self.assertEqual((data["sustained_employment"], data["sustained_employment_rate"]), (1, 1.0))
        self.assertEqual(Reconciliation.objects.count(), 1)

    def test_unknown_department_is_an_error(self) -> None:
        from django.core.management.base import CommandError

        with self.assertRaises(CommandError):
            self.run_command("--department", "NOPE")


class IndicatorTests(ReconcileCase):
    def test_process_17_indicators(self) -> None:
        from mansap.common import indicators
        from mansap.common.indicators import Period

        confirmed = self.graduate(S.EMPLOYED_OTHER)
        add_contract(self.contracts, confirmed, dt.date(2025, 9, 1))
        self.graduate(S.EMPLOYED_OTHER)
        refused = self.graduate(S.MILITARY_SERVICE)
        OfficialCheckConsent.objects.create(graduate=refused, status=ConsentStatus.REFUSED)
        # The academic year 2025-2026 reports the cohort 2025, as of 25 June 2026 (one year after graduation).
        period = Period.academic_year(2025)
        verified = indicators.get("graduates.verified_employment_rate").measure(self.institution, period)
        self.assertEqual((verified.value, verified.numerator, verified.denominator), (D("0.5000"), 1, 2))
        covered = indicators.get("graduates.covered_share").measure(self.institution, period)
        self.assertEqual((covered.value, covered.numerator, covered.denominator), (D("0.6667"), 2, 3))

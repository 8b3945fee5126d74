"""The monthly movement report (issue #15): its JSON on hand-built orders, and its identity start + arrivals −
departures = end over a year of random orders (a property test)."""

from __future__ import annotations

import datetime as dt
import io
import json

from django.core.exceptions import ValidationError
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from mansap.common.testing import BaseTestCase, make_student
from mansap.studentbody.models import StudentPeriod
from mansap.studentbody.reports.movement import movement
from mansap.studentbody.tests.factories import signed

D = dt.date
# (type, item values) the random walk may try; those that contradict the state are refused and skipped
MOVES = [
    ("expulsion", {"ground": "own_wish"}),
    ("academic_leave", {"ground": "illness"}),
    ("leave_return", {}),
    ("reinstatement", {}),
    ("transfer_out", {}),
    ("graduation", {}),
    ("transfer_internal", {"program": "b"}),
    ("scholarship", {}),
]


class MovementTests(BaseTestCase):
    def test_a_month_of_orders(self) -> None:
        a = make_student(self.program_a, admission_year=2024)
        b = make_student(self.program_a, admission_year=2024)
        make_student(self.program_a, admission_year=2026)  # admitted on 1 September 2026 by the people import
        signed(a, "academic_leave", D(2026, 9, 10), ground="illness")
        signed(b, "transfer_internal", D(2026, 9, 20), program=self.program_b)
        signed(a, "expulsion", D(2026, 9, 25), ground="own_wish")  # from leave: no departure from the studying
        out = io.StringIO()
        call_command("movement_report", "--month", "2026-09", "--json", stdout=out)
        self.assertEqual(json.loads(out.getvalue()), {
            "start": 2, "end": 2, "arrivals": {"enrolment": 1, "transfer_internal": 1},
            "departures": {"academic_leave": 1, "transfer_internal": 1},
        })  # fmt: skip
        out = io.StringIO()
        call_command("movement_report", "--month", "2026-09", "--program", "6B06101", "--json", stdout=out)
        self.assertEqual(json.loads(out.getvalue()), {
            "start": 2, "end": 1, "arrivals": {"enrolment": 1},
            "departures": {"academic_leave": 1, "transfer_internal": 1},
        })  # fmt: skip


class MovementIdentityTests(HypothesisTestCase, BaseTestCase):
    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, len(MOVES) - 1), st.integers(0, 364)),
                    min_size=1, max_size=14))  # fmt: skip
    def test_start_plus_arrivals_minus_departures_is_the_end(self, moves: list[tuple[int, int, int]]) -> None:
        students = [make_student(self.program_a, admission_year=2025) for _ in range(4)]
        for who, move, day in sorted(moves, key=lambda m: m[2]):
            order_type, values = MOVES[move]
            values = {k: (self.program_b if v == "b" else v) for k, v in values.items()}
            try:
                signed(students[who], order_type, D(2025, 9, 1) + dt.timedelta(days=day), **values)
            except ValidationError:
                continue  # an order the state refuses: the walk goes on
        periods = StudentPeriod.objects.all()
        for month in [f"{y}-{m:02d}" for y, m in [(2025, 9), (2025, 10), (2025, 11), (2025, 12)] +
                      [(2026, m) for m in range(1, 10)]]:  # fmt: skip
            for program in (None, self.program_a.pk, self.program_b.pk):
                result = movement(periods, month, program)
                self.assertEqual(result.balance, result.end, (month, program, result))

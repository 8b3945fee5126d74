"""The home page's practice card counts only the practices and placements in the user's scope."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.practice.tests.factories import make_base, make_placement, make_practice


class HomePracticeCardTests(ScopedCRUDTests):
    def test_counts_follow_the_scope_and_the_dates(self) -> None:
        today = timezone.localdate()
        running_a = make_practice(self.program_a, starts_on=today - dt.timedelta(days=5))
        make_practice(self.program_b, starts_on=today - dt.timedelta(days=3))  # running, department B
        make_practice(self.program_a, kind="educational", starts_on=today + dt.timedelta(days=45))  # soon
        make_practice(self.program_a, kind="pre_graduate", starts_on=today + dt.timedelta(days=46))  # not yet
        ended = make_practice(
            self.program_b, kind="educational", starts_on=today - dt.timedelta(days=40), report_due_on=today
        )
        late = make_practice(
            self.program_a, kind="pre_graduate", course=5, starts_on=today - dt.timedelta(days=40), report_due_on=today
        )
        base = make_base(self.institution, programs=[self.program_a, self.program_b])
        make_placement(running_a, make_student(self.program_a), base)
        make_placement(ended, make_student(self.program_b), base)  # due today: not overdue yet
        make_placement(late, make_student(self.program_a), base)
        late.report_due_on = today - dt.timedelta(days=1)
        late.save()

        def counts(user: object) -> dict[str, int]:
            return self.assert_status(user, reverse("home"), 200).context["practice_counts"]

        self.assertEqual(counts(self.aigerim), {"running": 1, "soon": 1, "reports_overdue": 1})
        self.assertEqual(counts(self.dana), {"running": 1, "soon": 0, "reports_overdue": 0})
        self.assertEqual(counts(self.cc), {"running": 2, "soon": 1, "reports_overdue": 1})

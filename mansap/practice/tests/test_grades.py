"""The letter-grade table: every boundary of the default table, a configured table, and its editing page."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from mansap.common.testing import ScopedCRUDTests
from mansap.practice.models import GradeBand
from mansap.practice.services import assessment as svc
from mansap.practice.services import grades

# (score, letter, points) on both sides of every boundary of the default table, and the ends.
BOUNDARIES = [
    (101, None, None), (100, "A", "4.00"), (95, "A", "4.00"), (94, "A-", "3.67"), (90, "A-", "3.67"),
    (89, "B+", "3.33"), (85, "B+", "3.33"), (84, "B", "3.00"), (80, "B", "3.00"), (79, "B-", "2.67"),
    (75, "B-", "2.67"), (74, "C+", "2.33"), (70, "C+", "2.33"), (69, "C", "2.00"), (65, "C", "2.00"),
    (64, "C-", "1.67"), (60, "C-", "1.67"), (59, "D+", "1.33"), (55, "D+", "1.33"), (54, "D", "1.00"),
    (50, "D", "1.00"), (49, "FX", "0.50"), (25, "FX", "0.50"), (24, "F", "0.00"), (0, "F", "0.00"),
    (-1, None, None),
]  # fmt: skip


@pytest.mark.parametrize(("score", "letter", "points"), BOUNDARIES)
def test_default_table_boundaries(score: int, letter: str | None, points: str | None) -> None:
    if letter is None:
        with pytest.raises(ValueError, match="outside"):
            grades.grade_for(score)
    else:
        grade = grades.grade_for(score)
        assert (grade.letter, grade.points) == (letter, Decimal(points))


def test_default_table_is_complete() -> None:
    assert grades.check_table(list(grades.DEFAULT_TABLE)) == []


def test_check_table_names_gaps_and_overlaps() -> None:
    table = [("A", 90, 100, Decimal(4)), ("B", 50, 85, Decimal(3)), ("F", 0, 50, Decimal(0))]
    assert grades.check_table(table) == [50, 86, 87, 88, 89]
    assert svc.describe_scores([50, 86, 87, 88, 89]) == "50, 86–89"


class ConfiguredTableTests(ScopedCRUDTests):
    def setUp(self) -> None:
        self.url = reverse("practice:grade_table")

    def configure(self) -> None:
        for letter, low, high, points in [
            ("A", 90, 100, "4"),
            ("B", 70, 89, "3"),
            ("C", 50, 69, "2"),
            ("F", 0, 49, "0"),
        ]:
            GradeBand.objects.create(institution=self.institution, letter=letter, min_score=low, max_score=high,
                                     points=Decimal(points))  # fmt: skip

    def test_configured_table_wins_over_default(self) -> None:
        self.configure()
        table = grades.table_for(self.institution)
        assert [r[0] for r in table] == ["A", "B", "C", "F"]
        for score, letter in [(100, "A"), (90, "A"), (89, "B"), (70, "B"), (69, "C"), (50, "C"), (49, "F"), (0, "F")]:
            assert grades.grade_for(score, table).letter == letter
        with pytest.raises(ValueError):
            grades.grade_for(101, table)

    def test_other_institution_keeps_default(self) -> None:
        from mansap.core.models import Institution

        self.configure()
        other = Institution.objects.create(code="X", short_name="X", name_kk="X", name_ru="X", name_en="X")
        assert grades.table_for(other) == list(grades.DEFAULT_TABLE)

    def formset_data(self, rows: list[tuple[str, int, int, str]], delete: tuple[int, ...] = ()) -> dict[str, str]:
        data = {"bands-TOTAL_FORMS": str(len(rows)), "bands-INITIAL_FORMS": "0", "bands-MIN_NUM_FORMS": "0",
                "bands-MAX_NUM_FORMS": "1000"}  # fmt: skip
        for i, (letter, low, high, points) in enumerate(rows):
            data.update({f"bands-{i}-letter": letter, f"bands-{i}-min_score": str(low),
                         f"bands-{i}-max_score": str(high), f"bands-{i}-points": points})  # fmt: skip
            if i in delete:
                data[f"bands-{i}-DELETE"] = "on"
        return data

    def test_career_center_saves_a_table(self) -> None:
        rows = [("A", 90, 100, "4"), ("B", 60, 89, "3"), ("F", 0, 59, "0"), ("X", 1, 2, "1")]
        response = self.post_as(self.cc, self.url, self.formset_data(rows, delete=(3,)))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            list(GradeBand.objects.filter(institution=self.institution).values_list("letter", flat=True)),
            ["A", "B", "F"],
        )

    def test_table_with_gap_and_overlap_is_refused_naming_scores(self) -> None:
        rows = [("A", 90, 100, "4"), ("B", 60, 85, "3"), ("F", 0, 60, "0")]
        response = self.post_as(self.cc, self.url, self.formset_data(rows))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "60, 86–89", status_code=400)
        self.assertFalse(GradeBand.objects.exists())

    def test_upper_below_lower_is_refused(self) -> None:
        response = self.post_as(self.cc, self.url, self.formset_data([("A", 90, 80, "4")]))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(GradeBand.objects.exists())

    def test_reset_returns_to_default(self) -> None:
        self.configure()
        self.post_as(self.cc, self.url, {"action": "reset"})
        self.assertFalse(GradeBand.objects.exists())

    def test_others_read_only(self) -> None:
        response = self.assert_status(self.aigerim, self.url, 200)
        self.assertNotContains(response, "grade-table-form")
        self.assertContains(response, "FX")
        for user in (self.aigerim, self.rector, self.dean):
            response = self.post_as(user, self.url, self.formset_data([("A", 0, 100, "4")]))
            self.assertEqual(response.status_code, 403)
        self.assertFalse(GradeBand.objects.exists())
        self.assert_status(self.student_user, self.url, 403)


@given(cuts=st.lists(st.integers(min_value=1, max_value=100), unique=True, max_size=15), score=st.integers(0, 100))
def test_any_partition_is_a_valid_table(cuts: list[int], score: int) -> None:
    """Bands cut at any points cover 0–100 once; the score lands in the band that contains it."""
    bounds = [0, *sorted(cuts), 101]
    table = [(f"L{i}", low, high - 1, Decimal(i)) for i, (low, high) in enumerate(itertools.pairwise(bounds))]
    assert grades.check_table(table) == []
    letter = grades.grade_for(score, table).letter
    low, high = next((r[1], r[2]) for r in table if r[0] == letter)
    assert low <= score <= high


@given(cuts=st.lists(st.integers(min_value=1, max_value=100), unique=True, min_size=1, max_size=15), data=st.data())
def test_removing_a_band_leaves_a_gap_named_by_check_table(cuts: list[int], data: st.DataObject) -> None:
    bounds = [0, *sorted(cuts), 101]
    table = [(f"L{i}", low, high - 1, Decimal(i)) for i, (low, high) in enumerate(itertools.pairwise(bounds))]
    removed = table.pop(data.draw(st.integers(0, len(table) - 1)))
    assert grades.check_table(table) == list(range(removed[1], removed[2] + 1))
    with pytest.raises(ValueError, match="no grade band"):
        grades.grade_for(removed[1], table)


class GradeTableChangeLogTests(ScopedCRUDTests):
    """R-082: replacing or resetting the table records who did it, when, and the table it left."""

    url = reverse("practice:grade_table")
    formset_data = ConfiguredTableTests.formset_data

    def test_saving_and_resetting_are_recorded_with_who_and_the_table(self) -> None:
        from mansap.practice.models import GradeTableChange

        rows = [("A", 90, 100, "4"), ("B", 60, 89, "3"), ("F", 0, 59, "0")]
        self.assertEqual(self.post_as(self.cc, self.url, self.formset_data(rows)).status_code, 302)
        self.assertEqual(self.post_as(self.cc, self.url, {"action": "reset"}).status_code, 302)
        changes = list(GradeTableChange.objects.filter(institution=self.institution).order_by("pk"))
        self.assertEqual([(c.action, c.changed_by) for c in changes], [("saved", self.cc), ("reset", self.cc)])
        self.assertEqual(changes[0].table, [["A", 90, 100, "4"], ["B", 60, 89, "3"], ["F", 0, 59, "0"]])
        self.assertEqual(changes[1].table[0], ["A", 95, 100, "4.00"])  # the default table is in force again
        self.assertEqual(len(changes[1].table), 12)
        self.assertIsNotNone(changes[0].changed_at)

    def test_the_page_lists_the_changes_to_every_reader(self) -> None:
        svc.save_grade_table(
            self.institution, [("P", 50, 100, Decimal(4)), ("F", 0, 49, Decimal(0))], acting_user=self.cc
        )
        page = self.get_as(self.rector, self.url)
        self.assertContains(page, 'id="grade-table-changes"')
        self.assertContains(page, self.cc.get_full_name() or self.cc.username)
        self.assertContains(page, "P 50–100")

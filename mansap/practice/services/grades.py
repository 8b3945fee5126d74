"""The point-rating letter system: a score 0–100 gives a letter grade and grade points.

The institution's own table (GradeBand rows) wins; without rows the default table below applies
(issue 3; Q12: a placeholder to be confirmed by the registrar).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mansap.core.models import Institution

DEFAULT_TABLE: tuple[tuple[str, int, int, Decimal], ...] = (
    ("A", 95, 100, Decimal("4.00")),
    ("A-", 90, 94, Decimal("3.67")),
    ("B+", 85, 89, Decimal("3.33")),
    ("B", 80, 84, Decimal("3.00")),
    ("B-", 75, 79, Decimal("2.67")),
    ("C+", 70, 74, Decimal("2.33")),
    ("C", 65, 69, Decimal("2.00")),
    ("C-", 60, 64, Decimal("1.67")),
    ("D+", 55, 59, Decimal("1.33")),
    ("D", 50, 54, Decimal("1.00")),
    ("FX", 25, 49, Decimal("0.50")),
    ("F", 0, 24, Decimal("0.00")),
)


@dataclass(frozen=True)
class Grade:
    letter: str
    points: Decimal


def table_for(institution: Institution | int) -> list[tuple[str, int, int, Decimal]]:
    """The institution's bands (highest first), or the default table."""
    from mansap.practice.models import GradeBand

    rows = list(
        GradeBand.objects.filter(institution=institution).values_list("letter", "min_score", "max_score", "points")
    )
    return sorted(rows, key=lambda r: -r[1]) if rows else list(DEFAULT_TABLE)


def grade_for(score: int, table: list[tuple[str, int, int, Decimal]] | tuple = DEFAULT_TABLE) -> Grade:
    """The band containing `score`; ValueError outside 0–100 or in a gap of the table."""
    if not 0 <= score <= 100:
        raise ValueError(f"score {score} is outside 0–100")
    for letter, low, high, points in table:
        if low <= score <= high:
            return Grade(letter, Decimal(points))
    raise ValueError(f"no grade band covers the score {score}")


def check_table(table: list[tuple[str, int, int, Decimal]]) -> list[int]:
    """Scores 0–100 the table does not cover, or covers twice (empty list: a valid table)."""
    cover = [0] * 101
    for _letter, low, high, _points in table:
        for score in range(max(low, 0), min(high, 100) + 1):
            cover[score] += 1
    return [score for score, count in enumerate(cover) if count != 1]

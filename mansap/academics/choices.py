"""Choice lists of the academics app, and the default grading scale (issue #14)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Cycle(models.TextChoices):
    GENERAL = "general", _("general education")
    BASIC = "basic", _("basic")
    PROFILE = "profile", _("profile")


class Component(models.TextChoices):
    REQUIRED = "required", _("required")
    ELECTIVE = "elective", _("elective")


class Term(models.TextChoices):
    """The terms of an academic year, in their order: 1 < 2 < summer."""

    FIRST = "1", _("term 1")
    SECOND = "2", _("term 2")
    SUMMER = "summer", _("summer term")


TERM_ORDER = {Term.FIRST: 1, Term.SECOND: 2, Term.SUMMER: 3}


class Attestation(models.TextChoices):
    EXAM = "exam", _("exam")
    COURSEWORK = "coursework", _("coursework")
    PRACTICE = "practice", pgettext_lazy("attestation", "practice")
    FINAL = "final", _("final attestation")


class GradeKind(models.TextChoices):
    GRADED = "graded", _("graded")
    PASS = "pass", pgettext_lazy("grade kind", "pass")
    EXEMPTED = "exempted", _("exempted")


class Attempt(models.TextChoices):
    REGULAR = "regular", _("regular")
    RETAKE = "retake", _("retake")
    SUMMER = "summer", _("summer semester")


ATTEMPT_ORDER = {Attempt.REGULAR: 1, Attempt.RETAKE: 2, Attempt.SUMMER: 3}


class GradeSource(models.TextChoices):
    PLATONUS = "platonus", _("AIS Platonus")
    PRACTICE = "practice", pgettext_lazy("grade source", "practice")


# Kazakhstan's point-rating system (issue #14; seed Q12): letter, numeric equivalent, lowest and highest percent.
DEFAULT_SCALE: tuple[tuple[str, Decimal, int, int], ...] = (
    ("A", Decimal("4.00"), 95, 100),
    ("A-", Decimal("3.67"), 90, 94),
    ("B+", Decimal("3.33"), 85, 89),
    ("B", Decimal("3.00"), 80, 84),
    ("B-", Decimal("2.67"), 75, 79),
    ("C+", Decimal("2.33"), 70, 74),
    ("C", Decimal("2.00"), 65, 69),
    ("C-", Decimal("1.67"), 60, 64),
    ("D+", Decimal("1.33"), 55, 59),
    ("D", Decimal("1.00"), 50, 54),
    ("FX", Decimal("0.50"), 25, 49),
    ("F", Decimal("0.00"), 0, 24),
)

# A grade with a numeric equivalent below this is not passed: FX and F earn no credits (issue #14).
PASSING_NUMERIC = Decimal("1.00")
# The letters of an academic debt (the summer semester clears them; ).
DEBT_LETTERS = ("FX", "F")


class CurriculumStatus(models.TextChoices):
    """An individual curriculum's way: drawn up (draft), submitted to the advisor, approved or returned."""

    DRAFT = "draft", pgettext_lazy("curriculum", "draft")
    SUBMITTED = "submitted", pgettext_lazy("curriculum", "submitted")
    APPROVED = "approved", pgettext_lazy("curriculum", "approved")
    RETURNED = "returned", pgettext_lazy("curriculum", "returned")


# An individual curriculum is changed while it is drawn up: a draft, or returned by the advisor.
EDITABLE_STATUSES = (CurriculumStatus.DRAFT, CurriculumStatus.RETURNED)

# The credits of an academic year when the institution has not set its own range (CurriculumSettings).
DEFAULT_MIN_CREDITS, DEFAULT_MAX_CREDITS = 50, 70
MAX_YEAR_OF_STUDY = 7

"""The course catalogue and the grading scale: the Student Service Center's changes (issue #14)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mansap.academics.choices import DEFAULT_SCALE
from mansap.academics.models import Course, GradeScaleBand
from mansap.common.history import attributed
from mansap.core.access import is_academic_records_editor, require_change

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser
    from mansap.core.models import Institution


@dataclass(frozen=True)
class Band:
    """A band of the scale as the rules read it (stored or the default)."""

    letter: str
    numeric: Decimal
    min_percent: int
    max_percent: int


LETTER_DASHES = str.maketrans("\u2212\u2013\u2014\u2010", "----")


def normalize_letter(value: str) -> str:
    """A letter as stored: upper case, a typographic minus (A−) written as a hyphen (A-); Cyrillic А, В, С, Д
    typed for Latin ones read as Latin."""
    text = (value or "").strip().upper().translate(LETTER_DASHES).replace(" ", "")
    return text.translate(str.maketrans("АВСДФХ", "ABCDFX"))


def default_scale() -> list[Band]:
    return [Band(letter, numeric, low, high) for letter, numeric, low, high in DEFAULT_SCALE]


def current_scale(institution: Institution) -> list[Band]:
    """The institution's scale, highest band first: the one the SSC saved, else the default (issue #14)."""
    stored = [
        Band(b.letter, b.numeric, b.min_percent, b.max_percent)
        for b in GradeScaleBand.objects.filter(institution=institution).order_by("-max_percent")
    ]
    return stored or default_scale()


def band_of_percent(scale: Sequence[Band], percent: Decimal) -> Band | None:
    """The band a percent falls in: the highest band whose lower bound it reaches (94.5 is A-, 95 is A)."""
    for band in sorted(scale, key=lambda b: -b.min_percent):
        if percent >= band.min_percent:
            return band
    return None


def scale_errors(scale: Sequence[Band]) -> list[str]:
    """What is wrong with a scale: bands must not overlap and must cover 0–100 without a gap; letters are unique."""
    errors: list[str] = []
    letters = [b.letter for b in scale]
    for letter in sorted({x for x in letters if letters.count(x) > 1}):
        errors.append(_("The letter {letter} is given twice.").format(letter=letter))
    ordered = sorted(scale, key=lambda b: (b.min_percent, b.max_percent))
    if not ordered:
        return [_("The scale has no bands.")]
    for band in ordered:
        if band.min_percent > band.max_percent:
            errors.append(_("{letter}: the band starts above its end.").format(letter=band.letter))
    if ordered[0].min_percent != 0:
        errors.append(_("No band covers 0 to {end}%.").format(end=ordered[0].min_percent - 1))
    if max(b.max_percent for b in ordered) != 100:
        errors.append(_("No band reaches 100%."))
    for lower, upper in pairwise(ordered):
        if upper.min_percent <= lower.max_percent:
            errors.append(
                _("The bands {a} and {b} overlap at {percent}%.").format(
                    a=lower.letter, b=upper.letter, percent=upper.min_percent
                )
            )
        elif upper.min_percent > lower.max_percent + 1:
            errors.append(
                _("No band covers {start} to {end}%.").format(start=lower.max_percent + 1, end=upper.min_percent - 1)
            )
    return errors


@transaction.atomic
def save_scale(institution: Institution, bands: Sequence[Band], *, acting_user: MaybeUser) -> list[GradeScaleBand]:
    """Replace the institution's scale with `bands` (all or nothing); ValidationError lists what is wrong."""
    if acting_user is not None and not is_academic_records_editor(acting_user):
        raise PermissionDenied
    bands = [Band(normalize_letter(b.letter), b.numeric, b.min_percent, b.max_percent) for b in bands]
    errors = scale_errors(bands)
    if errors:
        raise ValidationError(errors, code="bad_scale")
    existing = {b.letter: b for b in GradeScaleBand.objects.select_for_update().filter(institution=institution)}
    saved: list[GradeScaleBand] = []
    for band in bands:
        row = existing.pop(band.letter, None) or GradeScaleBand(institution=institution, letter=band.letter)
        changed = row.pk is None or (row.numeric, row.min_percent, row.max_percent) != (
            band.numeric, band.min_percent, band.max_percent,
        )  # fmt: skip
        row.numeric, row.min_percent, row.max_percent = band.numeric, band.min_percent, band.max_percent
        if changed:
            row.full_clean(validate_unique=False)
            attributed(row, acting_user, reason="scale").save()
        saved.append(row)
    for gone in existing.values():
        attributed(gone, acting_user, reason="scale").delete()
    return saved


@transaction.atomic
def save_course(course: Course, *, acting_user: MaybeUser) -> Course:
    """Add or change a course of the catalogue (the SSC's)."""
    if course.pk is None:
        if acting_user is not None and not is_academic_records_editor(acting_user):
            raise PermissionDenied
    else:
        require_change(acting_user, course)
    course.code = course.code.strip()
    course.full_clean()
    attributed(course, acting_user, reason="catalogue").save()
    return course

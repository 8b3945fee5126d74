"""Kazakhstan's 12-digit identifiers: IIN (individuals) and BIN (legal entities).

Both end in a check digit computed the same way (the algorithm published with
the national registers): weight the first eleven digits 1..11 and take the sum
modulo 11; if that gives 10, weight them 3..11,1,2 instead; if it is 10 again
the number is never issued.

IIN digits 1-6 are usually the birth date (YYMMDD) and digit 7 the century and
sex (1/2: 19th c., 3/4: 20th c., 5/6: 21st c.; odd = male). Since 2013 a
number may be issued that does not follow this, so a mismatch is a warning,
never an error. BIN digits 1-4 are the registration year and month, digit 5 the
entity type and digit 6 its kind (head office, branch, representative office).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from operator import mul

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_TWELVE_DIGITS = re.compile(r"^\d{12}$")


def check_digit(first_eleven: str) -> int | None:
    """The check digit for eleven digits, or None when no valid number can end them."""
    digits = list(map(int, first_eleven))
    if len(digits) != len(_WEIGHTS_1):
        raise ValueError(f"{len(digits)} digits, not eleven")
    total = sum(map(mul, digits, _WEIGHTS_1)) % 11
    if total == 10:
        total = sum(map(mul, digits, _WEIGHTS_2)) % 11
        if total == 10:
            return None
    return total


def clean_identifier(value: object) -> str:
    """Strip spaces (also non-breaking) and a trailing '.0' that spreadsheets add to numbers."""
    text = str(value).replace("\u00a0", " ").strip().replace(" ", "")
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text


def has_valid_check_digit(value: str) -> bool:
    return bool(_TWELVE_DIGITS.match(value)) and check_digit(value[:11]) == int(value[11])


def validate_iin(value: str) -> None:
    """Raise ValidationError with code 'iin_format' or 'iin_checksum'."""
    if not _TWELVE_DIGITS.match(value or ""):
        raise ValidationError(_("An IIN has exactly 12 digits."), code="iin_format")
    if not has_valid_check_digit(value):
        raise ValidationError(_("The IIN's check digit is wrong: check the number for a typo."), code="iin_checksum")


def validate_bin(value: str) -> None:
    """Raise ValidationError with code 'bin_format' or 'bin_checksum'."""
    if not _TWELVE_DIGITS.match(value or ""):
        raise ValidationError(_("A BIN has exactly 12 digits."), code="bin_format")
    if not 1 <= int(value[2:4]) <= 12 or value[4] not in "456":
        raise ValidationError(
            _("Digits 3-4 of a BIN are the registration month and digit 5 is 4, 5 or 6."), code="bin_format"
        )
    if not has_valid_check_digit(value):
        raise ValidationError(_("The BIN's check digit is wrong: check the number for a typo."), code="bin_checksum")


@dataclass(frozen=True)
class IINFacts:
    """What the digits of an IIN say, when they follow the classic layout."""

    birth_date: dt.date | None
    sex: str | None  # "M" / "F"


def iin_facts(iin: str) -> IINFacts:
    """Decode birth date and sex; None where the digits do not encode them."""
    if not _TWELVE_DIGITS.match(iin or ""):
        return IINFacts(None, None)
    century_digit = int(iin[6])
    if not 1 <= century_digit <= 6:
        return IINFacts(None, None)
    century = 1800 + 100 * ((century_digit - 1) // 2)
    sex = "M" if century_digit % 2 == 1 else "F"
    try:
        born = dt.date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        born = None
    return IINFacts(born, sex)


def make_iin(birth_date: dt.date, sex: str, serial: int) -> str:
    """A valid IIN for a birth date, sex and serial (0-9999); for demo data and tests."""
    century_digit = {18: 1, 19: 3, 20: 5}[birth_date.year // 100] + (0 if sex == "M" else 1)
    for bump in range(10000):
        body = f"{birth_date:%y%m%d}{century_digit}{(serial + bump) % 10000:04d}"
        digit = check_digit(body)
        if digit is not None:
            return body + str(digit)
    raise ValueError("no IIN available")  # pragma: no cover - cannot happen: most serials work


class BinType:
    RESIDENT = "4"
    NON_RESIDENT = "5"
    ENTREPRENEUR = "6"


BIN_TYPE_LABELS = {
    "4": _("resident legal entity"),
    "5": _("non-resident legal entity"),
    "6": _("joint individual entrepreneurship"),
}
BIN_KIND_LABELS = {
    "0": _("head office"),
    "1": _("branch"),
    "2": _("representative office"),
    "3": _("peasant (farm) household"),
}


@dataclass(frozen=True)
class BINFacts:
    registered: str  # "YYYY-MM" as far as two digits tell (20th or 21st century guessed)
    entity_type: str
    kind: str

    @property
    def is_branch(self) -> bool:
        return self.kind in {"1", "2"}

    @property
    def entity_type_label(self) -> str:
        return str(BIN_TYPE_LABELS.get(self.entity_type, ""))

    @property
    def kind_label(self) -> str:
        return str(BIN_KIND_LABELS.get(self.kind, ""))


def bin_facts(value: str) -> BINFacts:
    yy = int(value[0:2])
    year = 2000 + yy if yy <= dt.date.today().year % 100 else 1900 + yy
    return BINFacts(registered=f"{year}-{value[2:4]}", entity_type=value[4], kind=value[5])


def make_bin(year: int, month: int, entity_type: str, kind: str, serial: int) -> str:
    """A valid BIN; for demo data and tests."""
    for bump in range(100000):
        body = f"{year % 100:02d}{month:02d}{entity_type}{kind}{(serial + bump) % 100000:05d}"
        digit = check_digit(body)
        if digit is not None:
            return body + str(digit)
    raise ValueError("no BIN available")  # pragma: no cover

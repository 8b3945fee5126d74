"""IIN/BIN check digits and decoding, and phone normalization."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from mansap.common.identifiers import (
    bin_facts,
    check_digit,
    clean_identifier,
    has_valid_check_digit,
    iin_facts,
    make_bin,
    make_iin,
    validate_bin,
    validate_iin,
)
from mansap.common.phones import normalize_phone

WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)


def _code(exc_info: pytest.ExceptionInfo[ValidationError]) -> str | None:
    return exc_info.value.code


# --- IIN: known values computed by hand -------------------------------------------------------

# 850315300128 (born 15.03.1985, century digit 3 = 20th century, male):
#   8*1 + 5*2 + 0*3 + 3*4 + 1*5 + 5*6 + 3*7 + 0*8 + 0*9 + 1*10 + 2*11
#   = 8 + 10 + 0 + 12 + 5 + 30 + 21 + 0 + 0 + 10 + 22 = 118;  118 mod 11 = 8  -> check digit 8
# 000205500017 (born 05.02.2000, century digit 5 = 21st century, male):
#   0*1 + 0*2 + 0*3 + 2*4 + 0*5 + 5*6 + 5*7 + 0*8 + 0*9 + 0*10 + 1*11
#   = 8 + 30 + 35 + 11 = 84;  84 mod 11 = 7  -> check digit 7
HAND_COMPUTED = ["850315300128", "000205500017"]


@pytest.mark.parametrize("iin", HAND_COMPUTED)
def test_hand_computed_iins_are_valid(iin: str) -> None:
    validate_iin(iin)
    assert check_digit(iin[:11]) == int(iin[11])


def test_hand_computed_facts() -> None:
    assert iin_facts("850315300128").birth_date == dt.date(1985, 3, 15)
    assert iin_facts("850315300128").sex == "M"
    assert iin_facts("000205500017").birth_date == dt.date(2000, 2, 5)
    # century digit 4 = 20th century, female
    female = "850315400" + "12"
    female += str(check_digit(female))
    assert iin_facts(female).sex == "F"
    assert iin_facts(female).birth_date == dt.date(1985, 3, 15)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("850315300129", "iin_checksum"),  # wrong check digit (8 is right)
        ("850315300120", "iin_checksum"),
        ("85031530012", "iin_format"),  # 11 digits
        ("8503153001280", "iin_format"),  # 13 digits
        ("85031530012A", "iin_format"),  # a letter
        ("8503 1530 0128", "iin_format"),  # spaces are the caller's job (clean_identifier)
        ("", "iin_format"),
    ],
)
def test_invalid_iins(value: str, code: str) -> None:
    with pytest.raises(ValidationError) as exc_info:
        validate_iin(value)
    assert _code(exc_info) == code


def test_clean_identifier_strips_spaces_and_trailing_zero_decimal() -> None:
    assert clean_identifier(" 8503 1530\u00a00128 ") == "850315300128"
    assert clean_identifier("850315300128.0") == "850315300128"
    assert clean_identifier(850315300128) == "850315300128"


# --- the second-weights branch --------------------------------------------------------------

# Body 99010130040:
#   weights 1..11: 9*1 + 9*2 + 0*3 + 1*4 + 0*5 + 1*6 + 3*7 + 0*8 + 0*9 + 4*10 + 0*11
#                = 9 + 18 + 0 + 4 + 0 + 6 + 21 + 0 + 0 + 40 + 0 = 98;  98 mod 11 = 10  -> second weights
#   weights 3..11,1,2: 9*3 + 9*4 + 0*5 + 1*6 + 0*7 + 1*8 + 3*9 + 0*10 + 0*11 + 4*1 + 0*2
#                = 27 + 36 + 0 + 6 + 0 + 8 + 27 + 0 + 0 + 4 + 0 = 108;  108 mod 11 = 9  -> check digit 9
SECOND_WEIGHTS_BODY = "99010130040"


def test_second_weights_branch() -> None:
    assert sum(int(d) * w for d, w in zip(SECOND_WEIGHTS_BODY, WEIGHTS_1, strict=True)) % 11 == 10
    assert check_digit(SECOND_WEIGHTS_BODY) == 9
    validate_iin(SECOND_WEIGHTS_BODY + "9")
    for last in "012345678":
        with pytest.raises(ValidationError) as exc_info:
            validate_iin(SECOND_WEIGHTS_BODY + last)
        assert _code(exc_info) == "iin_checksum"


# Body 99010130046: weights 1..11 give 98 + 6*11 = 164, 164 mod 11 = 10;
# weights 3..11,1,2 give 108 + 6*2 = 120, 120 mod 11 = 10 again -> never issued.
def test_body_where_both_sums_give_ten_is_rejected() -> None:
    body = "99010130046"
    assert check_digit(body) is None
    for last in "0123456789":
        with pytest.raises(ValidationError) as exc_info:
            validate_iin(body + last)
        assert _code(exc_info) == "iin_checksum"


# --- BIN ---------------------------------------------------------------------------------------


def test_bin_type_and_kind_decoded() -> None:
    value = make_bin(2015, 7, "4", "1", 123)
    validate_bin(value)
    facts = bin_facts(value)
    assert facts.registered == "2015-07"
    assert facts.entity_type == "4"
    assert facts.kind == "1"
    assert facts.is_branch
    assert str(facts.entity_type_label) == "resident legal entity"
    assert str(facts.kind_label) == "branch"
    head_office = bin_facts(make_bin(2003, 1, "5", "0", 7))
    assert head_office.entity_type == "5" and head_office.kind == "0" and not head_office.is_branch


@pytest.mark.parametrize("month", [0, 13])
def test_bin_with_bad_month_is_rejected(month: int) -> None:
    body = f"15{month:02d}41" + "12345"
    digit = check_digit(body)
    value = body + str(digit if digit is not None else 0)
    with pytest.raises(ValidationError) as exc_info:
        validate_bin(value)
    assert _code(exc_info) == "bin_format"


def test_bin_with_bad_type_or_checksum_is_rejected() -> None:
    value = make_bin(2015, 7, "4", "0", 5)
    with pytest.raises(ValidationError) as exc_info:
        validate_bin(value[:4] + "7" + value[5:])
    assert _code(exc_info) == "bin_format"
    wrong = value[:11] + str((int(value[11]) + 1) % 10)
    with pytest.raises(ValidationError) as exc_info:
        validate_bin(wrong)
    assert _code(exc_info) == "bin_checksum"


# --- properties --------------------------------------------------------------------------------

birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))
sexes = st.sampled_from(["M", "F"])
serials = st.integers(min_value=0, max_value=9999)


@given(birth_dates, sexes, serials)
def test_make_iin_always_validates(born: dt.date, sex: str, serial: int) -> None:
    validate_iin(make_iin(born, sex, serial))


@given(birth_dates, sexes, serials)
def test_iin_facts_round_trip(born: dt.date, sex: str, serial: int) -> None:
    facts = iin_facts(make_iin(born, sex, serial))
    assert facts.birth_date == born
    assert facts.sex == sex


def _first_sum(eleven: str) -> int:
    return sum(int(d) * w for d, w in zip(eleven, WEIGHTS_1, strict=True)) % 11


@given(birth_dates, sexes, serials, st.integers(min_value=0, max_value=11), st.integers(min_value=1, max_value=9))
def test_single_digit_errors_are_caught(born: dt.date, sex: str, serial: int, position: int, shift: int) -> None:
    """Which single-digit typos the mod-11 scheme catches — exactly.

    It is NOT true that every single-digit change is caught:
    - digit 11 has weight 11 = 0 (mod 11), so changing it leaves the first sum unchanged;
    - a change that moves the first sum to or from 10 switches to the second weights,
      whose result can coincide with the old check digit.
    Everything else (the check digit itself, and digits 1-10 while the first weights
    apply before and after) is always caught; this test asserts precisely that.
    """
    iin = make_iin(born, sex, serial)
    digit = (int(iin[position]) + shift) % 10
    mutated = iin[:position] + str(digit) + iin[position + 1 :]
    if position == 11 or (position < 10 and _first_sum(iin[:11]) != 10 and _first_sum(mutated[:11]) != 10):
        assert not has_valid_check_digit(mutated)
        with pytest.raises(ValidationError):
            validate_iin(mutated)


def test_single_digit_errors_that_slip_through() -> None:
    # 850315300128 -> 850315300138: digit 11 has weight 11, so the sum (118 + 11 = 129) is still 8 mod 11.
    assert has_valid_check_digit("850315300138")
    # Leaving the second weights: in 990101300409 the first sum is 10 and the check digit 9 comes from the
    # second weights; a change of digits 1-10 that makes the first sum 9 gives check digit 9 again.
    # Changing digit 1 from 9 to 0: first sum 98 - 9 = 89 = 1 mod 11 -> check digit 1, so that one is caught.
    assert not has_valid_check_digit("090101300409")
    base = SECOND_WEIGHTS_BODY + "9"
    slipped = [
        base[:p] + d + base[p + 1 :]
        for p in range(10)
        for d in "0123456789"
        if d != base[p] and has_valid_check_digit(base[:p] + d + base[p + 1 :])
    ]
    assert slipped
    assert all(_first_sum(m[:11]) == 9 for m in slipped)


# --- phones ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("8 701 123 45 67", "+7 701 123 45 67"),
        ("+7(701)1234567", "+7 701 123 45 67"),
        ("+7 (701) 123-45-67", "+7 701 123 45 67"),
        ("87011234567", "+7 701 123 45 67"),
        ("7011234567", "+7 701 123 45 67"),
        ("77011234567", "+7 701 123 45 67"),
        ("87011234567.0", "+7 701 123 45 67"),
        ("8\u00a0727\u00a0250\u00a012\u00a034", "+7 727 250 12 34"),
        ("+998 90 123 45 67", "+998901234567"),
    ],
)
def test_phone_normalization(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "phone", "8 701 123 45", "+7 601 123 45 67", "8 (701) 123 45 67 8", ""])
def test_bad_phones(raw: str) -> None:
    with pytest.raises(ValidationError) as exc_info:
        normalize_phone(raw)
    assert _code(exc_info) == "bad_phone"

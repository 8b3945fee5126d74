"""Phone numbers as people type them in Kazakhstan, normalized to +7 7XX XXX XX XX."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-().\u00a0]")


def normalize_phone(value: str) -> str:
    """Return the normalized number or raise ValidationError(code='bad_phone').

    8 701 123 45 67, +7(701)1234567, 7011234567 and 87011234567 all become
    +7 701 123 45 67. Numbers of other countries keep their + and digits.
    """
    raw = (value or "").strip()
    text = raw[:-2] if raw.endswith(".0") and raw[:-2].isdigit() else raw  # a number cell read as text
    text = _SEPARATORS.sub("", text)
    digits = text[1:] if text.startswith("+") else text
    if not digits.isdigit():
        raise ValidationError(_("{value} is not a phone number.").format(value=raw), code="bad_phone")
    if text.startswith("+7") and len(digits) == 11:
        national = digits[1:]
    elif not text.startswith("+") and len(digits) == 11 and digits[0] in "78":
        national = digits[1:]
    elif not text.startswith("+") and len(digits) == 10 and digits[0] == "7":
        national = digits
    elif text.startswith("+") and not text.startswith("+7") and 8 <= len(digits) <= 15:
        return "+" + digits
    else:
        raise ValidationError(
            _("{value} is not a phone number: expected +7 7XX XXX XX XX.").format(value=raw), code="bad_phone"
        )
    if national[0] not in "79":
        raise ValidationError(
            _("{value} is not a phone number: expected +7 7XX XXX XX XX.").format(value=raw), code="bad_phone"
        )
    return f"+7 {national[0:3]} {national[3:6]} {national[6:8]} {national[8:10]}"

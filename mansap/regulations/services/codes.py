"""Document codes (R-138, §3.J O-13, O-18): the formats the institution's codes follow.

An institution's CodePatterns are its formats; until it configures any, the three observed ones apply:
`KazUTB-CC-RPA-7.2-2025-01`, `ҚазТБУ-АСП-ПАК-8.2/9.1.2-2026-17` and `ПСП 11-02.112-2022` (with the stray dot of
`ПСП 11-02.112.-2023`, printed on 004 for its predecessor). A code matching none is refused (`bad_code`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from mansap.core.models import Institution

# (name, regex, example): letters are any script's ([^\W\d_]), so Kazakh owner codes such as ТжӘЖЖП pass.
DEFAULT_PATTERNS: list[tuple[str, str, str]] = [
    (
        "KazUTB (Latin)",
        r"[A-Za-z]+-[A-Za-z]+(?:/[A-Za-z]+)*-[A-Za-z]+-\d+(?:\.\d+)*(?:/\d+(?:\.\d+)*)*-\d{4}-\d{2,3}",
        "KazUTB-CC-RPA-7.2-2025-01",
    ),
    (
        "ҚазТБУ (Kazakh)",
        r"ҚазТБУ-[^\W\d_]+(?:/[^\W\d_]+)*-[^\W\d_]+-\d+(?:\.\d+)*(?:/\d+(?:\.\d+)*)*-\d{4}-\d{2,3}",
        "ҚазТБУ-АСП-ПАК-8.2/9.1.2-2026-17",
    ),
    ("ПСП (Russian)", r"ПСП \d{2}-\d{2}\.\d{3}\.?-\d{4}", "ПСП 11-02.112-2022"),
]


def patterns_for(institution: Institution) -> list[tuple[str, str]]:
    """(name, regex) of the institution's code formats: its own, else the defaults."""
    from mansap.regulations.models import CodePattern

    own = [(p.name, p.regex) for p in CodePattern.objects.filter(institution=institution)]
    return own or [(name, regex) for name, regex, _example in DEFAULT_PATTERNS]


def matching_pattern(code: str, patterns: list[tuple[str, str]]) -> str | None:
    """The name of the first pattern the whole code matches, else None."""
    for name, regex in patterns:
        try:
            if re.fullmatch(regex, code.strip()):
                return name
        except re.error:
            continue
    return None


def check_code(code: str, institution: Institution, *, field: str = "code") -> None:
    """ValidationError (code `bad_code`) unless the code follows one of the institution's formats."""
    patterns = patterns_for(institution)
    if matching_pattern(code, patterns) is None:
        message = _("The code {code} matches none of the document code formats ({formats}).").format(
            code=code, formats=", ".join(name for name, _regex in patterns)
        )
        raise ValidationError({field: ValidationError(message, code="bad_code")})

"""Countries for a student's citizenship: ISO 3166-1 alpha-2 codes, named in Kazakh, Russian and English by the
CLDR data Babel ships (babel.Locale('kk').territories covers every country), so no list is kept here."""

from __future__ import annotations

import functools
from typing import Any

from babel import Locale
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DEFAULT_COUNTRY = "KZ"
# CLDR's two-letter territories that are no country: the EU, the eurozone, the UN, outlying Oceania, the
# pseudo-locales and "unknown region".
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})
LANGUAGES = ("kk", "ru", "en")


@functools.cache
def country_codes() -> tuple[str, ...]:
    codes = [str(c) for c in Locale("en").territories]
    return tuple(sorted(c for c in codes if len(c) == 2 and c.isalpha() and c not in NOT_COUNTRIES))


@functools.cache
def _names(language: str) -> dict[str, str]:
    territories = Locale.parse(language).territories
    return {code: str(territories.get(code, code)) for code in country_codes()}


def _language(language: str | None) -> str:
    code = (language or get_language() or "kk")[:2]
    return code if code in LANGUAGES else "en"


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in the language (the active one by default); the code itself when unknown."""
    return _names(_language(language)).get(code, code) if code else ""


def country_choices() -> list[tuple[str, str]]:
    """(code, name) in the active language, Kazakhstan first, then by name (the model field's callable choices,
    so a form shows the names of the page's language)."""
    names = _names(_language(None))
    rest = sorted((code for code in names if code != DEFAULT_COUNTRY), key=lambda code: names[code].casefold())
    return [(code, names[code]) for code in (DEFAULT_COUNTRY, *rest)]


@functools.cache
def _spellings() -> dict[str, str]:
    """Every accepted spelling (casefolded): the code and the names in kk, ru and en."""
    table: dict[str, str] = {}
    for language in LANGUAGES:
        for code, name in _names(language).items():
            table.setdefault(name.casefold().replace("ё", "е"), code)
    for code in country_codes():
        table[code.casefold()] = code
    return table


def find_country(value: Any) -> str | None:
    """The code of a country given by its alpha-2 code or its name in kk/ru/en (any case); None if none."""
    text = " ".join(str(value).split()).casefold().replace("ё", "е").strip(" .")
    return _spellings().get(text)


def validate_country(value: str) -> None:
    if value not in country_codes():
        raise ValidationError(
            _("%(value)s is not a country code (ISO 3166-1 alpha-2, e.g. KZ)."), params={"value": value},
            code="bad_country",
        )  # fmt: skip

"""Cyrillic (Kazakh and Russian) to Latin, as Kazakhstan's ID documents spell names."""

from __future__ import annotations

import functools

_TABLE = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n",
    "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip


def to_latin(text: str) -> str:
    """Each letter of the table (either case: a capital's spelling capitalised) in Latin, anything else as is."""
    return (text or "").translate(_translation())


@functools.cache
def _translation() -> dict[int, str]:
    """str.translate's table for to_latin: the table's letters and every character whose lower case is one of them
    (their capitals), as `_letter_by_letter` spells them (test_translit checks every code point): one C call a
    name, not a Python loop a letter (#19: an import's 2 names a row)."""
    table: dict[int, str] = {}
    for low, latin in _TABLE.items():
        table[ord(low)] = latin
        for upper in {low.upper(), low.title()}:
            if len(upper) == 1 and upper != low and upper.lower() == low:
                table[ord(upper)] = latin.capitalize() if latin else latin
    return table


def _letter_by_letter(text: str) -> str:
    """to_latin's definition, one character at a time (the reference its table is checked against)."""
    out = []
    for ch in text or "":
        low = ch.lower()
        if low in _TABLE:
            latin = _TABLE[low]
            out.append(latin.capitalize() if ch != low and latin else latin)
        else:
            out.append(ch)
    return "".join(out)

"""Fill the untranslated entries of a .po catalog (plural ones included) from other catalogs.

    python scripts/po_fill.py TARGET.po SOURCE.po...

When code moves between apps its strings move catalogs; scripts/fill-messages.sh calls this so
their kk/ru translations follow instead of being typed again (msgmerge's compendium skips plural
entries). The target's own translations always win; fuzzy source entries are not used.
"""

from __future__ import annotations

import ast
import sys

Key = tuple[str | None, str, str | None]


def _value(lines: list[str], start: int) -> tuple[str, int]:
    """The string starting at lines[start] (after the keyword) and its continuation lines."""
    parts = [lines[start].split(" ", 1)[1]]
    end = start + 1
    while end < len(lines) and lines[end].startswith('"'):
        parts.append(lines[end])
        end += 1
    return "".join(ast.literal_eval(part) for part in parts), end


def parse(entry: str) -> tuple[Key, list[str], list[str], bool] | None:
    """(msgctxt, msgid, msgid_plural), the lines before msgstr, the msgstr lines, whether all are empty."""
    lines = entry.split("\n")
    if any(line.startswith("#~") for line in lines):
        return None
    fields: dict[str, str] = {}
    index = 0
    while index < len(lines):
        word = lines[index].split(" ", 1)[0]
        if word in ("msgctxt", "msgid", "msgid_plural"):
            fields[word], index = _value(lines, index)
        elif word.startswith("msgstr"):
            break
        else:
            index += 1
    if "msgid" not in fields or index >= len(lines):
        return None
    head, strings = lines[:index], lines[index:]
    values, position = [], 0
    while position < len(strings) and strings[position].startswith("msgstr"):
        value, position = _value(strings, position)
        values.append(value)
    key = (fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"))
    return key, head, strings, all(not value for value in values)


def main(target: str, sources: list[str]) -> int:
    known: dict[Key, list[str]] = {}
    for path in sources:
        with open(path, encoding="utf-8") as handle:
            for entry in handle.read().split("\n\n")[1:]:
                parsed = parse(entry)
                if parsed and not parsed[3] and "#, fuzzy" not in entry:
                    known.setdefault(parsed[0], parsed[2])
    with open(target, encoding="utf-8") as handle:
        entries = handle.read().split("\n\n")
    filled = 0
    for number, entry in enumerate(entries[1:], start=1):
        parsed = parse(entry)
        if parsed and parsed[3] and parsed[0] in known and parsed[0][1]:
            entries[number] = "\n".join(parsed[1] + known[parsed[0]])
            filled += 1
    with open(target, "w", encoding="utf-8") as handle:
        handle.write("\n\n".join(entries))
    return filled


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])

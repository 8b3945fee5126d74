"""Empty the fuzzy entries of .po catalogs (the header entry excepted).

makemessages guesses a translation for a new or changed string from a similar old one and marks
it fuzzy: usually wrong (a new message is not the old one reworded). scripts/fill-messages.sh
empties those guesses so that the other apps' catalogs fill them, or a translator does.
    python scripts/po_clear_fuzzy.py FILE.po...
"""

from __future__ import annotations

import re
import sys


def clear(text: str) -> str:
    entries = text.split("\n\n")
    out = [entries[0]]  # the header entry (msgid "") keeps its flags and its charset
    for entry in entries[1:]:
        lines = entry.split("\n")
        flags = [i for i, line in enumerate(lines) if line.startswith("#,")]
        if not flags or "fuzzy" not in lines[flags[0]]:
            out.append(entry)
            continue
        kept_flags = [f.strip() for f in lines[flags[0]][2:].split(",") if f.strip() != "fuzzy"]
        new: list[str] = []
        in_msgstr = False
        for i, line in enumerate(lines):
            if line.startswith("#|"):
                continue  # the previous msgid of the guess
            if i == flags[0]:
                if kept_flags:
                    new.append("#, " + ", ".join(kept_flags))
                continue
            if re.match(r"msgstr(\[\d+\])? ", line):
                in_msgstr = True
                new.append(line.split(" ", 1)[0] + ' ""')
                continue
            if in_msgstr and line.startswith('"'):
                continue  # continuation lines of the guessed msgstr
            in_msgstr = False
            new.append(line)
        out.append("\n".join(new))
    return "\n\n".join(out)


for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(clear(text))

"""A {% blocktranslate %} fills {{ name }}, never {name}: a brace placeholder is printed as it is (the service desk's
mails said "Your request {number} … is now: {status}." in every language)."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]
BLOCK = re.compile(r"{%-?\s*blocktrans(?:late)?\b.*?%}(.*?){%-?\s*endblocktrans(?:late)?\s*-?%}", re.S)
BRACE = re.compile(r"(?<!{){[a-z_]+}(?!})")


class BlocktranslatePlaceholderTests(SimpleTestCase):
    def test_no_brace_placeholder_in_any_blocktranslate(self) -> None:
        found = []
        for path in sorted(ROOT.glob("*/templates/**/*")):
            if path.suffix not in {".html", ".txt", ".xml"}:
                continue
            for block in BLOCK.finditer(path.read_text(encoding="utf-8")):
                found += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in BRACE.finditer(block.group(1))]
        self.assertEqual(found, [])

    def test_the_check_finds_one(self) -> None:
        text = "{% blocktranslate with due=x %}Answer by: {due}.{% endblocktranslate %}"
        self.assertEqual([m.group(0) for b in BLOCK.finditer(text) for m in BRACE.finditer(b.group(1))], ["{due}"])

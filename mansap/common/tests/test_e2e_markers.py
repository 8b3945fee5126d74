"""Every browser test that photographs pages carries the `screenshots` marker, so `make test-browser` (-m "not
screenshots") leaves it out and `make screenshots` (-m screenshots) runs it."""

from __future__ import annotations

import ast
from pathlib import Path

from django.test import SimpleTestCase

E2E = Path(__file__).resolve().parents[3] / "e2e"


def marks_screenshots(node: ast.expr) -> bool:
    """`pytest.mark.screenshots`, alone, in a list, or called."""
    return any(
        isinstance(sub, ast.Attribute) and sub.attr == "screenshots" and ast.unparse(sub.value) == "pytest.mark"
        for sub in ast.walk(node)
    )


def unmarked_screenshot_tests() -> list[str]:
    found = []
    for path in sorted(E2E.glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_marked = any(
            isinstance(node, ast.Assign)
            and any(isinstance(target, ast.Name) and target.id == "pytestmark" for target in node.targets)
            and marks_screenshots(node.value)
            for node in tree.body
        )
        for node in tree.body:
            if (
                isinstance(node, ast.FunctionDef)
                and node.name.startswith("test_")
                and "screenshot" in node.name
                and not module_marked
                and not any(marks_screenshots(decorator) for decorator in node.decorator_list)
            ):
                found.append(f"{path.name}::{node.name}")
    return found


class ScreenshotMarkerTests(SimpleTestCase):
    def test_every_screenshot_test_is_marked(self) -> None:
        self.assertTrue(E2E.is_dir())
        self.assertEqual(unmarked_screenshot_tests(), [])

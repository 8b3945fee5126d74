"""mansap.demo: every app's demo steps with one signature, run in order; flushing them (last step first) leaves none
of the demo's rows; the apps' demo modules import no other app they should not."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
from pathlib import Path

import pytest
from django.apps import apps

from mansap import demo
from mansap.core import demo as core_demo
from mansap.employers import demo as employers_demo
from mansap.graduates import demo as graduates_demo
from mansap.practice import demo as practice_demo
from mansap.surveys import demo as surveys_demo

TODAY = dt.date(2026, 3, 15)
DOMAIN_APPS = {"employers", "graduates", "practice", "surveys"}


def imports(module: object) -> set[str]:
    """The modules a demo module (or package) imports, at the top or inside functions."""
    path = Path(inspect.getfile(module))  # type: ignore[arg-type]
    files = sorted(path.parent.glob("*.py")) if path.name == "__init__.py" else [path]
    found: set[str] = set()
    for file in files:
        for node in ast.walk(ast.parse(file.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return found


def app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if parts[0] == "mansap" and len(parts) > 1 else ""


def test_core_demo_imports_no_domain_app() -> None:
    assert {m for m in imports(core_demo) if app_of(m) in DOMAIN_APPS} == set()


def test_employers_demo_does_not_import_graduates() -> None:
    assert {m for m in imports(employers_demo) if app_of(m) == "graduates"} == set()


def test_the_apps_take_the_shared_helpers_from_common_not_from_core() -> None:
    for module in (employers_demo, graduates_demo, practice_demo, surveys_demo):
        assert {m for m in imports(module) if m.startswith("mansap.core.demo")} == set(), module.__name__


def test_every_step_has_the_one_signature() -> None:
    for step in demo.demo_steps():
        seed = inspect.signature(step.seed).parameters
        assert list(seed)[:3] == ["institution", "rng", "today"], step.name
        assert seed["rng"].kind is seed["today"].kind is inspect.Parameter.KEYWORD_ONLY, step.name
        assert all(p.default is not inspect.Parameter.empty for p in list(seed.values())[3:]), step.name
        assert list(inspect.signature(step.flush).parameters) == ["institution"], step.name


def demo_rows() -> dict[str, int]:
    """Rows of every model of the apps (their many-to-many tables too), but the history tables."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model.__module__.startswith("mansap.") and not model.__name__.startswith("Historical"):
            counts[model._meta.label] = model._default_manager.count()
    return counts


@pytest.mark.django_db
def test_flush_deletes_every_row_the_steps_made() -> None:
    before = demo_rows()
    result = demo.build_demo(graduates=30, seed=5, today=TODAY)
    seeded = {label for label, count in demo_rows().items() if count > before[label]}
    assert {"core.Student", "employers.Organization", "graduates.EmploymentRecord", "employers.Vacancy",
            "practice.Placement", "surveys.Response"} <= seeded  # fmt: skip
    demo.flush_demo(result.institution)
    left = {label: count for label, count in demo_rows().items() if count > before[label]}
    assert left == {"core.ProgramGroup": 17}  # national reference data, shared by institutions: kept


@pytest.mark.django_db
def test_the_merge_demo_rows_are_filed_under_the_copies() -> None:
    result = demo.build_demo(graduates=400, seed=11, today=TODAY)
    pairs = employers_demo.typed_twice(result.institution)
    assert [(original.short_name, copy.short_name) for original, copy in pairs] == [
        ("Astana Soft", "Астана Софт"),
        ("Береке Банк", "Bereke Bank"),
    ]
    for original, copy in pairs:
        assert copy.bin == "" and original.bin
        # Only the graduates step links an assistance action to the copy; employment records never are.
        assert copy.assistance_actions.count() <= 1
        assert not copy.employment_records.exists()
    assert sum(copy.assistance_actions.count() + copy.sponsored_students.count() for _original, copy in pairs) > 0

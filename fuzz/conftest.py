"""The fuzzing stage (`make test-fuzz`, a stage of `make test`), against the demo university:

- test_api.py: schemathesis over the whole API (/api/v1/), every operation;
- test_queries.py: hostile values in the query parameters of every page and API list.

Kept out of mansap/ (like e2e/) so that `pytest mansap` neither collects it nor builds the OpenAPI document:
it takes a few minutes of its own. The demo data is seeded once per worker and committed;
each test runs in a transaction of its own, and each schemathesis example in one more, rolled back after
its response, so every example starts from the same data and a run repeats exactly.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

DEMO_GRADUATES = 30
DEMO_SEED = 7


@pytest.fixture(scope="session")
def demo(django_db_setup: Any, django_db_blocker: Any) -> None:
    """The demo university (seed_demo: structure, people, employers, practice, surveys), for the whole session."""
    with django_db_blocker.unblock():
        call_command("seed_demo", graduates=DEMO_GRADUATES, seed=DEMO_SEED, consortium=True, verbosity=0)

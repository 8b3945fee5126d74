"""The stack test's data (stack/run_stack.py): the test suite's university (mansap.common.testing.BaseTestCase:
one institution, its faculties, departments and programs, and the personas cc, rector ... with the password
"pw-<login>"). seed_demo would take minutes; the stack test needs a login, a lock-out and an import."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mansap.settings")

import django

django.setup()

from mansap.common.testing import BaseTestCase  # noqa: E402

BaseTestCase.setUpTestData()
print("seeded: the university of the test suite")

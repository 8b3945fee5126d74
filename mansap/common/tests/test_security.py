"""Security regressions found in review: production settings and cross-institution references."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

BASE_DIR = Path(__file__).resolve().parents[3]


def import_settings(**env: str) -> subprocess.CompletedProcess[str]:
    """Imports mansap.settings in a fresh interpreter (not under pytest) with only the given variables."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "SECRET_KEY_FILE", "DEBUG"}}
    clean.pop("MANSAP_INSECURE_DEV_KEY", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import mansap.settings as s; print(s.SECRET_KEY[:8])"],
        cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


class SecretKeySettingTests(SimpleTestCase):
    def test_production_without_secret_key_refuses_to_start(self):
        result = import_settings(DEBUG="false")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY is required", result.stderr)

    def test_development_key_only_when_asked_for(self):
        self.assertEqual(import_settings(DEBUG="true").stdout.strip(), "insecure")
        self.assertEqual(import_settings(DEBUG="false", MANSAP_INSECURE_DEV_KEY="true").stdout.strip(), "insecure")
        self.assertEqual(import_settings(DEBUG="false", SECRET_KEY="k" * 50).stdout.strip(), "k" * 8)

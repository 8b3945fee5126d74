"""Security regressions found in review: production settings and cross-institution references."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

BASE_DIR = Path(__file__).resolve().parents[3]


def import_settings(var_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Imports mansap.settings in a fresh interpreter (not under pytest) with only the given variables."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "SECRET_KEY_FILE", "DEBUG"}}
    clean.update(env, MANSAP_VAR_DIR=str(var_dir))
    return subprocess.run(
        [sys.executable, "-c", "import mansap.settings as s; print(s.SECRET_KEY)"],
        cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


class SecretKeySettingTests(SimpleTestCase):
    def test_without_secret_key_each_installation_makes_its_own(self) -> None:
        """No key from the source code: a random one, kept private in var/ and stable across starts."""
        with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as other:
            first = import_settings(Path(one), DEBUG="false")
            self.assertEqual(first.returncode, 0, first.stderr)
            key = first.stdout.strip()
            self.assertGreaterEqual(len(key), 50)
            self.assertNotIn("insecure", key)
            stored = Path(one) / "secret_key"
            self.assertEqual(stored.read_text().strip(), key)
            self.assertEqual(stat.S_IMODE(stored.stat().st_mode), 0o600)
            self.assertEqual(import_settings(Path(one), DEBUG="false").stdout.strip(), key)  # kept
            self.assertNotEqual(import_settings(Path(other), DEBUG="false").stdout.strip(), key)  # per install

    def test_a_configured_key_wins(self) -> None:
        with tempfile.TemporaryDirectory() as var:
            result = import_settings(Path(var), DEBUG="false", SECRET_KEY="k" * 50)
            self.assertEqual(result.stdout.strip(), "k" * 50)
            self.assertFalse((Path(var) / "secret_key").exists())

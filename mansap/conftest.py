"""Test settings shared by every test: background jobs run inline, files go to a temp dir."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def media_root(tmp_path: Path) -> Path:
    """Where a test's files go; a class sharing rows seeded once overrides it with the folder of their files."""
    return tmp_path / "media"


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, media_root: Path) -> None:
    settings.MEDIA_ROOT = media_root
    settings.LANGUAGE_CODE = "en"
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

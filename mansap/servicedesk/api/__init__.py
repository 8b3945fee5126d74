"""The servicedesk app's API (mansap/api/urls.py registers ROUTES)."""

from __future__ import annotations

from mansap.common.api import Route

ROUTES: list[Route] = []

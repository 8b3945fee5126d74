"""The studentbody app's API: contingent orders (read only; mansap/api/urls.py registers ROUTES)."""

from __future__ import annotations

from mansap.common.api import Route
from mansap.studentbody.api.views import OrderViewSet

ROUTES: list[Route] = [
    ("orders", OrderViewSet),
]

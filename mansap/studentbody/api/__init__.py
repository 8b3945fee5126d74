"""The studentbody app's API: contingent orders (read only; mansap/api/urls.py registers ROUTES)."""

from __future__ import annotations

from mansap.common.api import Route
from mansap.studentbody.api.views import OrderViewSet, PersonalFileViewSet

ROUTES: list[Route] = [
    ("orders", OrderViewSet),
    ("personal-files", PersonalFileViewSet),
]

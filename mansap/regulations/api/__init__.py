"""The regulations app's API: documents, versions (and their downloads), reviews; read only
(mansap/api/urls.py registers ROUTES)."""

from __future__ import annotations

from mansap.common.api import Route
from mansap.regulations.api.views import DocumentViewSet, ReviewViewSet, VersionViewSet

ROUTES: list[Route] = [
    ("documents", DocumentViewSet),
    ("document-versions", VersionViewSet),
    ("document-reviews", ReviewViewSet),
]

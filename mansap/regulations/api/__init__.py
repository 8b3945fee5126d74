"""The regulations app's API: documents, versions (and their downloads), reviews, acknowledgements, registered
changes and working copies; read only
(mansap/api/urls.py registers ROUTES)."""

from __future__ import annotations

from mansap.common.api import Route
from mansap.regulations.api.views import (
    AcknowledgementViewSet,
    ChangeViewSet,
    DocumentViewSet,
    ReviewViewSet,
    VersionViewSet,
    WorkingCopyViewSet,
)

ROUTES: list[Route] = [
    ("documents", DocumentViewSet),
    ("document-versions", VersionViewSet),
    ("document-reviews", ReviewViewSet),
    ("document-acknowledgements", AcknowledgementViewSet),
    ("document-changes", ChangeViewSet),
    ("working-copies", WorkingCopyViewSet),
]

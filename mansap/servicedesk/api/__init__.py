"""The servicedesk app's API: the catalogue, requests and issued documents (mansap/api/urls.py registers ROUTES)."""

from __future__ import annotations

from mansap.common.api import Route
from mansap.servicedesk.api.views import IssuedDocumentViewSet, ServiceRequestViewSet, ServiceViewSet

ROUTES: list[Route] = [
    ("desk-services", ServiceViewSet),
    ("desk-requests", ServiceRequestViewSet),
    ("issued-documents", IssuedDocumentViewSet),
]

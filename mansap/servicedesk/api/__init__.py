"""The servicedesk app's API: the catalogue, requests, issued documents, enquiries and
requests for information (mansap/api/urls.py registers ROUTES)."""

from __future__ import annotations

from mansap.common.api import Route
from mansap.servicedesk.api.views import (
    EnquiryViewSet,
    InfoRequestViewSet,
    IssuedDocumentViewSet,
    ServiceRequestViewSet,
    ServiceViewSet,
)

ROUTES: list[Route] = [
    ("desk-services", ServiceViewSet),
    ("desk-requests", ServiceRequestViewSet),
    ("issued-documents", IssuedDocumentViewSet),
    ("desk-enquiries", EnquiryViewSet),
    ("desk-information-requests", InfoRequestViewSet),
]

"""The servicedesk app's models, one module per sub-domain (catalogue, requests, documents, calendar, enquiries)."""

from mansap.servicedesk.models.catalogue import Service
from mansap.servicedesk.models.documents import IssuedDocument
from mansap.servicedesk.models.requests import RequestEvent, ServiceRequest

__all__ = ["IssuedDocument", "RequestEvent", "Service", "ServiceRequest"]

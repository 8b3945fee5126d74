"""The servicedesk app's models, one module per sub-domain (catalogue, requests, documents, calendar, enquiries,
information requests to other units)."""

from mansap.servicedesk.models.calendar import CalendarException, ExceptionKind, WorkingHours
from mansap.servicedesk.models.catalogue import Service
from mansap.servicedesk.models.documents import IssuedDocument
from mansap.servicedesk.models.enquiries import Enquiry, EnquiryStatus, EnquiryTopic, UnitRole
from mansap.servicedesk.models.information import InfoRequest, InfoRequestStatus
from mansap.servicedesk.models.requests import RequestEvent, ServiceRequest

__all__ = [
    "CalendarException",
    "Enquiry",
    "EnquiryStatus",
    "EnquiryTopic",
    "ExceptionKind",
    "InfoRequest",
    "InfoRequestStatus",
    "IssuedDocument",
    "RequestEvent",
    "Service",
    "ServiceRequest",
    "UnitRole",
    "WorkingHours",
]

"""The servicedesk app's models, one module per sub-domain (catalogue, requests, documents, calendar, enquiries)."""

from mansap.servicedesk.models.calendar import CalendarException, ExceptionKind, WorkingHours
from mansap.servicedesk.models.enquiries import Enquiry, EnquiryStatus, EnquiryTopic, UnitRole

__all__ = [
    "CalendarException",
    "Enquiry",
    "EnquiryStatus",
    "EnquiryTopic",
    "ExceptionKind",
    "UnitRole",
    "WorkingHours",
]

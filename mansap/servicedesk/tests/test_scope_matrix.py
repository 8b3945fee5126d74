"""The inherited scope matrix (common.testing.ScopedPageTests) of the enquiries' and the calendar's pages (#16).

Enquiries: the in-scope one is routed to the Registrar's Office of the test university (its editor: the
registrar; management reads it); the out-of-scope one belongs to another university. Another unit's enquiry in the
same university (404) is tested by hand in test_enquiries.py. Calendar exceptions: the desk edits and deletes its
own institution's; another university's answer 404.
"""

from __future__ import annotations

import datetime as dt

from mansap.common.testing import ScopedMatrixTestCase, ScopedPageTests
from mansap.servicedesk.models import CalendarException, Enquiry
from mansap.servicedesk.tests.factories import make_enquiry, make_topic


class EnquiryPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = Enquiry
    url_names = {"list": "servicedesk:enquiry_list", "detail": "servicedesk:enquiry_detail", "edit": None,
                 "delete": None, "history": None}  # fmt: skip
    editor, viewer, outsider = "registrar", "rector", "other_cc"

    @classmethod
    def in_scope(cls):  # type: ignore[no-untyped-def]
        return make_enquiry(make_topic(cls.institution, "registrar"))

    @classmethod
    def out_of_scope(cls):  # type: ignore[no-untyped-def]
        return make_enquiry(make_topic(cls.other_institution, "registrar"))


class CalendarExceptionPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = CalendarException
    url_names = {"list": None, "detail": None, "edit": "servicedesk:calendarexception_edit",
                 "delete": "servicedesk:calendarexception_delete", "history": None}  # fmt: skip
    editor, viewer, outsider = "registrar", "rector", "other_cc"

    @classmethod
    def in_scope(cls):  # type: ignore[no-untyped-def]
        return CalendarException.objects.create(institution=cls.institution, date=dt.date(2026, 5, 8), kind="day_off")

    @classmethod
    def out_of_scope(cls):  # type: ignore[no-untyped-def]
        return CalendarException.objects.create(
            institution=cls.other_institution, date=dt.date(2026, 5, 8), kind="day_off"
        )

"""The inherited scope matrix (common.testing.ScopedPageTests) of the enquiries' and the calendar's pages (#16).

Enquiries: the in-scope one is routed to the Registrar's Office of the test university (its editor: the
registrar; management reads it); the out-of-scope one belongs to another university. Another unit's enquiry in the
same university (404) is tested by hand in test_enquiries.py. Calendar exceptions: the desk edits and deletes its
own institution's; another university's answer 404.
"""

from __future__ import annotations

import datetime as dt

from mansap.common.testing import ScopedAPITests, ScopedMatrixTestCase, ScopedPageTests
from mansap.servicedesk.models import CalendarException, Enquiry, EnquiryTopic, IssuedDocument, Service
from mansap.servicedesk.tests.factories import ServiceFactory, make_enquiry, make_topic
from mansap.servicedesk.tests.test_pages import a_request, bare_document


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


class _Services:
    """A service of the catalogue: the desk edits its institution's; every staff member of the institution reads the
    catalogue; another university's answers 404."""

    editor, viewer, outsider = "registrar", "aigerim", "other_cc"

    @classmethod
    def in_scope(cls):  # type: ignore[no-untyped-def]
        return ServiceFactory(institution=cls.institution)

    @classmethod
    def out_of_scope(cls):  # type: ignore[no-untyped-def]
        return ServiceFactory(institution=cls.other_institution)


class ServicePageMatrixTests(_Services, ScopedPageTests, ScopedMatrixTestCase):
    model = Service
    url_names = {"list": "servicedesk:service_list", "detail": None, "edit": "servicedesk:service_edit",
                 "delete": None, "history": None}  # fmt: skip


class ServiceAPIMatrixTests(_Services, ScopedAPITests, ScopedMatrixTestCase):
    model = Service
    basename = "service"
    writes = ()
    # A student reads their own university's catalogue (they pick a service from it): test_pages.py by hand.
    student = None


class DocumentPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    """The outgoing register: the desk's; nobody else on the staff reads it; another university's entry is hidden."""

    model = IssuedDocument
    url_names = {"list": "servicedesk:document_list", "detail": None, "edit": None, "delete": None, "history": None}
    editor, viewer, outsider = "registrar", None, "other_cc"

    @classmethod
    def in_scope(cls):  # type: ignore[no-untyped-def]
        return bare_document(a_request(cls.program_a))

    @classmethod
    def out_of_scope(cls):  # type: ignore[no-untyped-def]
        return bare_document(a_request(cls.other_program))


class EnquiryTopicPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    """The enquiry topics: every staff member of the institution reads them, the desk edits; another university's
    topic answers 404."""

    model = EnquiryTopic
    url_names = {"list": "servicedesk:enquirytopic_list", "detail": None, "edit": "servicedesk:enquirytopic_edit",
                 "delete": None, "history": None}  # fmt: skip
    editor, viewer, outsider = "registrar", "aigerim", "other_cc"

    @classmethod
    def in_scope(cls):  # type: ignore[no-untyped-def]
        return make_topic(cls.institution, "registrar")

    @classmethod
    def out_of_scope(cls):  # type: ignore[no-untyped-def]
        return make_topic(cls.other_institution, "registrar")

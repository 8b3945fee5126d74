"""The inherited scope matrix (common.testing.ScopedPageTests) of the enquiries' and the calendar's pages (#16),
the requests for information (pages and API: a department's request, its two members and department B's) and the
enquiries' staff API.

Enquiries: the in-scope one is routed to the Registrar's Office of the test university (its editor: the
registrar; management reads it); the out-of-scope one belongs to another university. Another unit's enquiry in the
same university (404) is tested by hand in test_enquiries.py. Calendar exceptions: the desk edits and deletes its
own institution's; another university's answer 404.
"""

from __future__ import annotations

import datetime as dt

from mansap.common.testing import ScopedAPITests, ScopedMatrixTestCase, ScopedPageTests
from mansap.servicedesk.models import CalendarException, Enquiry, EnquiryTopic, InfoRequest, IssuedDocument, Service
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


class _InfoRequests:
    """A request for information addressed to department A: its read-write member (aigerim) answers, its read-only
    member (bolat) reads it, department B's member (dana) gets 404; another university's request is hidden."""

    editor, viewer, outsider = "aigerim", "bolat", "dana"

    @classmethod
    def in_scope(cls):  # type: ignore[no-untyped-def]
        return ask(cls.institution, department=cls.dept_a)

    @classmethod
    def out_of_scope(cls):  # type: ignore[no-untyped-def]
        return ask(cls.other_institution, department=cls.other_dept)


def ask(institution, **unit):  # type: ignore[no-untyped-def]
    from mansap.servicedesk.services.information import ask_unit

    return ask_unit(institution=institution, subject="Приказ о зачислении", due_days=3, acting_user=None, **unit)


class InfoRequestPageMatrixTests(_InfoRequests, ScopedPageTests, ScopedMatrixTestCase):
    model = InfoRequest
    url_names = {"list": "servicedesk:inforequest_list", "detail": "servicedesk:inforequest_detail", "edit": None,
                 "delete": None, "history": None}  # fmt: skip


class InfoRequestAPIMatrixTests(_InfoRequests, ScopedAPITests, ScopedMatrixTestCase):
    model = InfoRequest
    basename = "inforequest"
    writes = ("create",)
    staff_only = True


class EnquiryAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    """The staff API of the enquiries: the unit's (here the Registrar's Office), as the pages scope them."""

    model = Enquiry
    basename = "enquiry"
    writes = ()
    staff_only = True
    editor, viewer, outsider = "registrar", "rector", "other_cc"

    @classmethod
    def in_scope(cls):  # type: ignore[no-untyped-def]
        return make_enquiry(make_topic(cls.institution, "registrar"))

    @classmethod
    def out_of_scope(cls):  # type: ignore[no-untyped-def]
        return make_enquiry(make_topic(cls.other_institution, "registrar"))

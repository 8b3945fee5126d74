"""SLA figures per service and month, on hand-built requests (the working-day clock measures the time to issue)."""

import datetime as dt
from decimal import Decimal

from django.test import TestCase
from django.utils import timezone

from mansap.common.indicators import Period
from mansap.common.indicators import get as indicator
from mansap.core.tests.factories import EducationalProgramFactory, StudentFactory
from mansap.servicedesk.models import Service, ServiceRequest
from mansap.servicedesk.reports.sla import institution_requests, sla_rows
from mansap.servicedesk.services import requests as svc
from mansap.servicedesk.services.catalogue import ensure_catalogue


def at(y: int, m: int, d: int, h: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, h))


class SlaTests(TestCase):
    def test_received_issued_median_and_share_within_sla(self) -> None:
        program = EducationalProgramFactory()
        institution = program.department.faculty.institution
        ensure_catalogue(institution)
        leave = Service.objects.get(institution=institution, code="academic_leave")  # 5 working days
        student = StudentFactory(program=program)

        def closed(received: dt.datetime, issued: dt.datetime | None) -> None:
            request = svc.submit_request(leave, student, acting_user=None, received_at=received, mail=False,
                                         answers={"reason": "x", "from_date": "2026-04-01"})  # fmt: skip
            if issued:
                ServiceRequest.objects.filter(pk=request.pk).update(status="issued", closed_at=issued)

        closed(at(2026, 3, 2, 10), at(2026, 3, 2, 14))  # 4 working hours, within
        closed(at(2026, 3, 20, 17), at(2026, 3, 26, 10))  # 2 working hours across Nauryz, within
        closed(at(2026, 3, 2, 9), at(2026, 3, 16, 9))  # due 10 March (8–9 March holidays): late
        closed(at(2026, 3, 30, 9), None)  # still open
        [row] = sla_rows(institution_requests(institution, dt.date(2026, 3, 1), dt.date(2026, 3, 31)))
        self.assertEqual((row.month, row.received, row.issued, row.within_sla), ("2026-03", 4, 3, 2))
        self.assertEqual(row.median_hours, Decimal("4.0"))
        self.assertEqual(row.share_within_sla, Decimal("0.6667"))
        measured = indicator("servicedesk.requests_within_sla").measure(institution, Period.month(2026, 3))
        self.assertEqual((measured.numerator, measured.denominator), (2, 3))

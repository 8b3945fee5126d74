"""SLA figures per service and month, on hand-built requests (the working-day clock measures the time to issue)."""

import datetime as dt
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse
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


class SlaPageTests(TestCase):
    """The figures page and its XLSX give the reader's numbers: two services, March and April 2026, across Nauryz
    (21–25 March 2026 are days off: 21–23 March and the moved 24–25)."""

    @classmethod
    def setUpTestData(cls) -> None:
        from mansap.servicedesk.tests.factories import desk_clerk

        program = EducationalProgramFactory()
        cls.institution = program.department.faculty.institution
        cls.clerk = desk_clerk(cls.institution)
        cls.leave = Service.objects.get(institution=cls.institution, code="academic_leave")  # 5 working days
        cls.military = Service.objects.get(institution=cls.institution, code="study_certificate_military")  # 3
        student = StudentFactory(program=program)

        def closed(service: Service, received: dt.datetime, issued: dt.datetime | None) -> None:
            answers = {"reason": "x", "from_date": "2026-04-01"} if service == cls.leave else {}
            request = svc.submit_request(service, student, acting_user=None, received_at=received, mail=False,
                                         answers=answers)  # fmt: skip
            if issued:
                ServiceRequest.objects.filter(pk=request.pk).update(status="issued", closed_at=issued)

        # The military certificate, 3 working days: received Fri 20 March 17:00, due Mon 30 March 18:00.
        closed(cls.military, at(2026, 3, 20, 17), at(2026, 3, 27, 12))  # 1 + 9 + 3 = 13 working hours, within
        closed(cls.military, at(2026, 3, 20, 17), at(2026, 3, 31, 10))  # 1 + 27 + 1 = 29 hours, late
        closed(cls.military, at(2026, 4, 1, 9), at(2026, 4, 1, 18))  # 9 hours, within
        closed(cls.leave, at(2026, 4, 6, 9), at(2026, 4, 8, 9))  # 18 hours (2 days), within
        closed(cls.leave, at(2026, 4, 7, 9), None)  # open

    def setUp(self) -> None:
        self.client.force_login(self.clerk)

    def test_rows_per_service_and_month_with_the_total(self) -> None:
        response = self.client.get(reverse("servicedesk:sla_figures"), {"start": "2026-03", "end": "2026-04"})
        self.assertEqual(response.status_code, 200)
        figures = response.context["figures"]
        got = [
            (r.service.code, r.month, r.received, r.issued, r.median_hours, r.median_days, r.within_sla,
             r.share_within_sla)
            for r in figures.rows
        ]  # fmt: skip
        self.assertEqual(
            got,
            [
                ("study_certificate_military", "2026-03", 2, 2, Decimal("21.0"), Decimal("2.33"), 1, Decimal("0.5")),
                ("study_certificate_military", "2026-04", 1, 1, Decimal("9.0"), Decimal("1.0"), 1, Decimal("1")),
                ("academic_leave", "2026-04", 2, 1, Decimal("18.0"), Decimal("2.0"), 1, Decimal("1")),
            ],
        )
        total = figures.total
        figures_total = (total.received, total.issued, total.within_sla, total.median_hours)
        self.assertEqual(figures_total, (5, 4, 3, Decimal("15.5")))
        self.assertContains(response, "75%")
        measured = indicator("servicedesk.requests_within_sla").measure(
            self.institution, Period(dt.date(2026, 3, 1), dt.date(2026, 4, 30), "month")
        )
        self.assertEqual((measured.numerator, measured.denominator), (3, 4))

    def test_the_service_filter_and_the_xlsx_give_the_same_numbers(self) -> None:
        import io

        from openpyxl import load_workbook

        params = {"start": "2026-03", "end": "2026-04", "service": self.leave.pk}
        response = self.client.get(reverse("servicedesk:sla_figures"), params)
        [row] = response.context["figures"].rows
        self.assertEqual((row.service.code, row.received, row.issued), ("academic_leave", 2, 1))
        export = self.client.get(reverse("servicedesk:sla_figures"), {**params, "export": "xlsx"})
        self.assertEqual(export.status_code, 200)
        sheet = load_workbook(io.BytesIO(export.content)).active
        values = [[cell.value for cell in line] for line in sheet.iter_rows()]
        self.assertEqual(values[0][2:4], ["Received", "Issued"])
        self.assertEqual(values[1][1:], ["April 2026", 2, 1, 18, 2, 1, 1])
        self.assertEqual(values[2][1:], ["Total", 2, 1, 18, 2, 1, 1])

    def test_a_bad_month_is_named_and_nothing_breaks(self) -> None:
        response = self.client.get(reverse("servicedesk:sla_figures"), {"start": "2026-13", "end": "x"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Enter a month as YYYY-MM.", status_code=400)
        response = self.client.get(reverse("servicedesk:sla_figures"), {"start": "2026-05", "end": "2026-04"})
        self.assertContains(response, "The period ends before it starts.", status_code=400)

    def test_only_the_desk_reads_the_figures(self) -> None:
        from mansap.core.choices import Role
        from mansap.core.tests.factories import MembershipFactory, UserFactory

        dean = UserFactory(username="dean1")
        MembershipFactory(user=dean, institution=self.institution, role=Role.CAREER_CENTER)
        self.client.force_login(dean)
        self.assertEqual(self.client.get(reverse("servicedesk:sla_figures")).status_code, 403)

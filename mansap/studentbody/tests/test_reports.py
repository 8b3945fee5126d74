"""The monthly movement report page (issue #15, R-123): a hand-built month with one order of each arrival and
departure type, the page's figures equal to the command's JSON (one reader), a mismatch shown, XLSX and PDF, and
bounded queries at 2 and 20 rows."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.studentbody.models import StudentPeriod
from mansap.studentbody.tests.factories import signed

D = dt.date
URL = "/studentbody/reports/movement/"


def command_json(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("movement_report", "--month", "2026-10", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


class MovementPageTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        a = cls.program_a
        student = lambda program=a, year=2024: make_student(program, admission_year=year)  # noqa: E731
        cls.steady = student()
        signed(student(year=2026), "enrolment", D(2026, 10, 5), program=a)
        signed(student(year=2026), "transfer_in", D(2026, 10, 6), program=a)
        back = student()
        signed(back, "expulsion", D(2026, 9, 10), ground="own_wish")
        signed(back, "reinstatement", D(2026, 10, 7))
        returning = student()
        signed(returning, "academic_leave", D(2026, 9, 10), ground="illness")
        signed(returning, "leave_return", D(2026, 10, 8))
        signed(student(cls.program_b), "transfer_internal", D(2026, 10, 9), program=a)
        signed(student(), "expulsion", D(2026, 10, 10), ground="own_wish")
        signed(student(), "transfer_out", D(2026, 10, 11))
        signed(student(), "academic_leave", D(2026, 10, 12), ground="illness")
        signed(student(), "graduation", D(2026, 10, 13))

    def setUp(self) -> None:
        translation.activate("en")

    def page(self, user: Any = None, month: str = "2026-10") -> Any:
        response = self.get_as(user or self.registrar, f"{URL}?month={month}")
        self.assertEqual(response.status_code, 200)
        return response

    def line(self, response: Any, code: str) -> Any:
        return next(line for line in response.context["report"].lines if line.code == code)

    def test_one_order_of_each_type(self) -> None:
        response = self.page()
        a = self.line(response, "6B06101").movement
        self.assertEqual((a.start, a.end), (5, 6))
        self.assertEqual(a.arrivals, {"enrolment": 1, "leave_return": 1, "reinstatement": 1, "transfer_in": 1,
                                      "transfer_internal": 1})  # fmt: skip
        self.assertEqual(a.departures, {"academic_leave": 1, "expulsion": 1, "graduation": 1, "transfer_out": 1})
        b = self.line(response, "6B06102").movement
        self.assertEqual((b.start, b.arrivals, b.departures, b.end), (1, {}, {"transfer_internal": 1}, 0))
        faculty = self.line(response, "FIT").movement
        self.assertEqual((faculty.start, faculty.end, sum(faculty.arrivals.values())), (6, 6, 5))
        self.assertNotContains(response, 'id="movement-mismatch"')
        self.assertContains(response, "transfer from another university")

    def test_the_page_and_the_command_read_the_same(self) -> None:
        response = self.page()
        self.assertEqual(response.context["report"].total.as_json(), command_json())
        self.assertEqual(self.line(response, "6B06101").movement.as_json(), command_json("--program", "6B06101"))
        self.assertEqual(self.line(response, "6B06102").movement.as_json(), command_json("--program", "6B06102"))

    def test_a_mismatch_is_shown(self) -> None:
        # A period written past the orders (two open periods at once): program A's row no longer adds up.
        StudentPeriod.objects.create(
            student=self.steady, valid_from=D(2026, 10, 20), state="studying", program=self.program_b,
            study_form="full_time", funding="paid",
        )  # fmt: skip
        response = self.page()
        a = self.line(response, "6B06101").movement
        self.assertEqual((a.start, a.balance, a.end), (5, 5, 6))
        self.assertContains(response, 'id="movement-mismatch"')
        self.assertContains(response, "mismatch: 5 ≠ 6")

    def test_a_past_month_and_the_department_scope(self) -> None:
        september = self.page(month="2026-09").context["report"].total
        self.assertEqual((september.start, september.end), (8, 6))  # one expelled, one on leave on 10 September
        dana = self.page(self.dana).context["report"]  # department B: its students only (by their program today)
        self.assertEqual([line.code for line in dana.lines], [])  # its only student moved to program A
        self.assert_status(self.student_user, URL, 403)

    def test_xlsx_and_pdf(self) -> None:
        self.client.force_login(self.registrar)
        response = self.client.get(URL, {"month": "2026-10", "export": "xlsx", "lang": "ru"})
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(rows[0][:3], ["Код", "Факультет / образовательная программа", "На 1-е число"])
        a = next(row for row in rows if row[0] == "6B06101")
        self.assertEqual((a[2], a[-2], a[-1]), (5, 6, "✓"))
        self.assertEqual(rows[-1][2], 6)
        pdf = self.client.get(URL, {"month": "2026-10", "export": "pdf", "lang": "kk"})
        self.assertEqual((pdf.status_code, pdf["Content-Type"]), (200, "application/pdf"))

    def test_queries_do_not_grow_with_the_programs(self) -> None:
        from mansap.core.models import EducationalProgram

        def add(n: int) -> None:
            for _ in range(n):
                program = EducationalProgram.objects.create(
                    code=f"6B7{EducationalProgram.objects.count():04d}", level="bachelor", department=self.dept_a,
                    name_kk="П", name_ru="П", name_en="P",
                )  # fmt: skip
                signed(make_student(program, admission_year=2024), "expulsion", D(2026, 10, 3), ground="own_wish")

        self.client.force_login(self.registrar)
        counts = []
        for n in (2, 18):
            add(n)
            self.client.get(URL + "?month=2026-10")
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(URL + "?month=2026-10")
            counts.append((len(captured.captured_queries), len(response.context["report"].lines)))
        self.assertEqual(counts[0][0], counts[1][0], counts)
        self.assertGreaterEqual(counts[1][1], 20)


GRANTS = "/studentbody/reports/vacated-grants/"


class VacatedGrantTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        grant = lambda program, **f: make_student(program, admission_year=2024, funding="grant", **f)  # noqa: E731
        cls.expelled = grant(cls.program_a, course=2, last_name="Әлиев")
        signed(cls.expelled, "expulsion", D(2026, 10, 10), ground="academic_failure")
        cls.out = grant(cls.program_a, course=3)
        signed(cls.out, "transfer_out", D(2026, 10, 12))
        cls.off_grant = grant(cls.program_b, course=2)
        signed(cls.off_grant, "transfer_internal", D(2026, 10, 14), program=cls.program_a, funding="paid")
        keeps = grant(cls.program_b, course=2)  # moves with the grant: no place
        signed(keeps, "transfer_internal", D(2026, 10, 14), program=cls.program_a)
        paid = make_student(cls.program_a, admission_year=2024, funding="paid")
        signed(paid, "expulsion", D(2026, 10, 10), ground="own_wish")  # not a grant holder
        earlier = grant(cls.program_a, course=2)
        signed(earlier, "expulsion", D(2026, 8, 10), ground="own_wish")  # before the chosen dates

    def setUp(self) -> None:
        translation.activate("en")

    def get(self, user: Any = None, **params: str) -> Any:
        query = {"start": "2026-09-01", "end": "2026-12-31", **params}
        return self.get_as(user or self.registrar, GRANTS + "?" + "&".join(f"{k}={v}" for k, v in query.items()))

    def test_the_places_freed(self) -> None:
        response = self.get()
        places = response.context["places"]
        self.assertEqual(
            [(p.student.pk, p.program.code, p.year_of_study, p.order.type, p.date) for p in places],
            [
                (self.expelled.pk, "6B06101", 2, "expulsion", D(2026, 10, 10)),
                (self.out.pk, "6B06101", 3, "transfer_out", D(2026, 10, 12)),
                (self.off_grant.pk, "6B06102", 2, "transfer_internal", D(2026, 10, 14)),
            ],
        )
        self.assertEqual(
            [(program.code, year, n) for program, year, n in response.context["summary"]],
            [("6B06101", 2, 1), ("6B06101", 3, 1), ("6B06102", 2, 1)],
        )
        self.assertContains(response, "Әлиев")
        august = self.get(start="2026-08-01", end="2026-08-31").context["places"]
        self.assertEqual(len(august), 1)

    def test_scope_and_xlsx(self) -> None:
        self.assertEqual(len(self.get(self.dana).context["places"]), 0)  # its students moved to program A
        self.assertEqual(len(self.get(self.aigerim).context["places"]), 3)
        self.assert_status(self.student_user, GRANTS, 403)
        self.client.force_login(self.registrar)
        response = self.client.get(GRANTS, {"start": "2026-09-01", "end": "2026-12-31", "export": "xlsx",
                                            "lang": "kk"})  # fmt: skip
        rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()]
        self.assertEqual(len(rows), 4)
        self.assertEqual(rows[1][:3], ["6B06101", "Ақпараттық жүйелер", 2])

    def test_queries_do_not_grow(self) -> None:
        def add(n: int) -> None:
            for _ in range(n):
                student = make_student(self.program_a, admission_year=2024, funding="grant", course=1)
                signed(student, "expulsion", D(2026, 11, 2), ground="own_wish")

        self.client.force_login(self.registrar)
        counts = []
        for n in (2, 18):
            add(n)
            self.get()
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(GRANTS + "?start=2026-11-01&end=2026-11-30")
            counts.append((len(captured.captured_queries), len(response.context["places"])))
        self.assertEqual([c[1] for c in counts], [2, 20])
        self.assertEqual(counts[0][0], counts[1][0], counts)

"""The inherited scope matrix of the contingent orders' pages and API (common.testing.ScopedPageTests /
ScopedAPITests).

The in-scope object is a signed order about a student of department A (the SSC edits; department A's staff read
it because it concerns their student); the out-of-scope one is another university's signed order. By hand
(test_pages.py): drafts hidden from everyone but the SSC, the items a department sees, the student's history, the
contingent page and the actions (sign, enter, cancel, add and remove a student).
"""

from __future__ import annotations

import datetime as dt

from mansap.common.testing import ScopedAPITests, ScopedMatrixTestCase, ScopedPageTests, make_student
from mansap.studentbody.choices import OrderType
from mansap.studentbody.models import Order, ReportLayout
from mansap.studentbody.tests.factories import signed

SCHOLARSHIP_ON = dt.date(2026, 9, 15)


class _Orders:
    editor, viewer, outsider = "registrar", "aigerim", "other_cc"

    @classmethod
    def in_scope(cls):
        return signed(make_student(cls.program_a), OrderType.SCHOLARSHIP, SCHOLARSHIP_ON)

    @classmethod
    def out_of_scope(cls):
        return signed(make_student(cls.other_program), OrderType.SCHOLARSHIP, SCHOLARSHIP_ON)


class OrderPageMatrixTests(_Orders, ScopedPageTests, ScopedMatrixTestCase):
    model = Order
    url_names = {
        "list": "studentbody:order_list", "detail": "studentbody:order_detail", "edit": "studentbody:order_edit",
        "delete": None, "history": None,
    }  # fmt: skip


class OrderAPIMatrixTests(_Orders, ScopedAPITests, ScopedMatrixTestCase):
    model = Order
    basename = "order"
    writes = ()


class ReportLayoutPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    """A stored statistical layout: the SSC edits its institution's; another university's answers 404."""

    model = ReportLayout
    editor, viewer, outsider = "registrar", "aigerim", "other_cc"
    url_names = {"list": None, "detail": None, "edit": "studentbody:layout_edit", "delete": None, "history": None}

    @classmethod
    def in_scope(cls):
        return ReportLayout.objects.create(institution=cls.institution, name_kk="К", name_ru="К", name_en="Y",
                                           rows=["year"], columns=["funding"])  # fmt: skip

    @classmethod
    def out_of_scope(cls):
        return ReportLayout.objects.create(institution=cls.other_institution, name_kk="К", name_ru="К", name_en="Y",
                                           rows=["year"], columns=["funding"])  # fmt: skip

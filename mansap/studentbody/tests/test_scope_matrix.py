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
from mansap.core.models import Student
from mansap.studentbody.choices import OrderType
from mansap.studentbody.models import DocumentKind, Order, PersonalFile, ReportLayout
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


class FileListPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    """The personal files' list is a list of students: the SSC's and department A's include department A's student,
    and another university's student is never listed (a file's own pages: test_files.py FilePageTests)."""

    model = Student
    editor, viewer, outsider = "registrar", "aigerim", "other_cc"
    url_names = {"list": "studentbody:file_list", "detail": None, "edit": None, "delete": None, "history": None}

    @classmethod
    def in_scope(cls):
        return make_student(cls.program_a, last_name="Құжатты")

    @classmethod
    def out_of_scope(cls):
        return make_student(cls.other_program, last_name="Бөгде")


class DocumentKindPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    """The checklist of the personal files: the SSC edits its institution's kinds; another university's answer 404."""

    model = DocumentKind
    editor, viewer, outsider = "registrar", "aigerim", "other_cc"
    url_names = {"list": "studentbody:document_kinds", "detail": None, "edit": "studentbody:document_kind_edit",
                 "delete": None, "history": None}  # fmt: skip

    @classmethod
    def in_scope(cls):
        return DocumentKind.objects.create(institution=cls.institution, code="scan", name_kk="Скан",
                                           name_ru="Скан", name_en="Scan")  # fmt: skip

    @classmethod
    def out_of_scope(cls):
        return DocumentKind.objects.create(institution=cls.other_institution, code="scan", name_kk="Скан",
                                           name_ru="Скан", name_en="Scan")  # fmt: skip


class PersonalFileAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    """A personal file through the API: the SSC and department A read department A's student's file; another
    university's file is never listed (read only)."""

    model = PersonalFile
    basename = "personalfile"
    writes = ()
    editor, viewer, outsider = "registrar", "aigerim", "other_cc"

    @classmethod
    def in_scope(cls):
        return PersonalFile.objects.create(student=make_student(cls.program_a))

    @classmethod
    def out_of_scope(cls):
        return PersonalFile.objects.create(student=make_student(cls.other_program))

"""The inherited scope matrix of the register's pages and API (common.testing.ScopedPageTests / ScopedAPITests).

The in-scope object is a document of the university (the quality department edits it; department A's staff read
it, as every staff member does); the out-of-scope one is another university's. By hand (test_access.py): the
internal-only rule for every kind of user and the download log.
"""

from __future__ import annotations

import datetime as dt

from mansap.common.testing import ScopedAPITests, ScopedMatrixTestCase, ScopedPageTests
from mansap.regulations.models import Acknowledgement, ChangeRecord, Document, DocumentVersion, Review, WorkingCopy
from mansap.regulations.services.changes import record_change
from mansap.regulations.services.distribution import issue_copy
from mansap.regulations.services.familiarization import acknowledge
from mansap.regulations.services.reviews import record_review
from mansap.regulations.tests.factories import document, in_force


class _Documents:
    editor, viewer, outsider = "cc", "aigerim", "other_cc"

    @classmethod
    def in_scope(cls):  # type: ignore[no-untyped-def]
        return document(cls.institution, code="KazUTB-CC-RPA-7.2-2025-01")

    @classmethod
    def out_of_scope(cls):  # type: ignore[no-untyped-def]
        return document(cls.other_institution, code="KazUTB-CC-RPA-7.2-2025-01")


class DocumentPageMatrixTests(_Documents, ScopedPageTests, ScopedMatrixTestCase):
    model = Document
    url_names = {
        "list": "regulations:document_list", "detail": "regulations:document_detail",
        "edit": "regulations:document_edit", "delete": None, "history": None,
    }  # fmt: skip


class DocumentAPIMatrixTests(_Documents, ScopedAPITests, ScopedMatrixTestCase):
    model = Document
    basename = "document"
    writes = ()
    staff_only = True


class _Versions:
    editor, viewer, outsider = "cc", "aigerim", "other_cc"

    @classmethod
    def in_scope(cls):  # type: ignore[no-untyped-def]
        return in_force(document(cls.institution, code="KazUTB-CC-RPA-7.2-2025-01"), dt.date(2025, 6, 18))

    @classmethod
    def out_of_scope(cls):  # type: ignore[no-untyped-def]
        return in_force(document(cls.other_institution, code="KazUTB-CC-RPA-7.2-2025-01"), dt.date(2025, 6, 18))


class VersionAPIMatrixTests(_Versions, ScopedAPITests, ScopedMatrixTestCase):
    model = DocumentVersion
    basename = "documentversion"
    writes = ()
    staff_only = True


class _Reviews:
    editor, viewer, outsider = "cc", "aigerim", "other_cc"

    @classmethod
    def review(cls, institution):  # type: ignore[no-untyped-def]
        doc = document(institution, code="KazUTB-CC-RPA-7.2-2025-01")
        in_force(doc, dt.date(2025, 6, 18))
        return record_review(doc, acting_user=None, reviewed_on=dt.date(2026, 1, 5), reviewer="Head",
                             result="no_change")  # fmt: skip

    @classmethod
    def in_scope(cls):  # type: ignore[no-untyped-def]
        return cls.review(cls.institution)

    @classmethod
    def out_of_scope(cls):  # type: ignore[no-untyped-def]
        return cls.review(cls.other_institution)


class ReviewAPIMatrixTests(_Reviews, ScopedAPITests, ScopedMatrixTestCase):
    model = Review
    basename = "review"
    writes = ()
    staff_only = True


class _Changes:
    editor, viewer, outsider = "cc", "aigerim", "other_cc"

    @classmethod
    def change(cls, institution):  # type: ignore[no-untyped-def]
        doc = document(institution, code="KazUTB-CC-RPA-7.2-2025-01")
        return record_change(doc, acting_user=None, sheets_replaced="5", made_on=dt.date(2026, 1, 5), made_by_name="A")

    @classmethod
    def in_scope(cls):  # type: ignore[no-untyped-def]
        return cls.change(cls.institution)

    @classmethod
    def out_of_scope(cls):  # type: ignore[no-untyped-def]
        return cls.change(cls.other_institution)


class ChangeAPIMatrixTests(_Changes, ScopedAPITests, ScopedMatrixTestCase):
    model = ChangeRecord
    basename = "changerecord"
    writes = ()
    staff_only = True


class _Copies:
    editor, viewer, outsider = "cc", "aigerim", "other_cc"

    @classmethod
    def copy(cls, institution):  # type: ignore[no-untyped-def]
        doc = document(institution, code="KazUTB-CC-RPA-7.2-2025-01")
        in_force(doc, dt.date(2025, 6, 18))
        return issue_copy(doc, acting_user=None, issued_on=dt.date(2025, 7, 1), recipient_name="ЦОО")

    @classmethod
    def in_scope(cls):  # type: ignore[no-untyped-def]
        return cls.copy(cls.institution)

    @classmethod
    def out_of_scope(cls):  # type: ignore[no-untyped-def]
        return cls.copy(cls.other_institution)


class WorkingCopyAPIMatrixTests(_Copies, ScopedAPITests, ScopedMatrixTestCase):
    model = WorkingCopy
    basename = "workingcopy"
    writes = ()
    staff_only = True


class _Acknowledgements:
    """The viewer's own acknowledgement (another staff member's is the quality department's to read)."""

    editor, viewer, outsider = "cc", "aigerim", "other_cc"

    @classmethod
    def acknowledgement(cls, institution, user):  # type: ignore[no-untyped-def]
        doc = document(institution, code="KazUTB-CC-RPA-7.2-2025-01")
        return acknowledge(in_force(doc, dt.date(2025, 6, 18)), acting_user=user)

    @classmethod
    def in_scope(cls):  # type: ignore[no-untyped-def]
        return cls.acknowledgement(cls.institution, cls.aigerim)

    @classmethod
    def out_of_scope(cls):  # type: ignore[no-untyped-def]
        return cls.acknowledgement(cls.other_institution, cls.other_cc)


class AcknowledgementAPIMatrixTests(_Acknowledgements, ScopedAPITests, ScopedMatrixTestCase):
    model = Acknowledgement
    basename = "acknowledgement"
    writes = ()
    staff_only = True

"""The scope matrix of the practice API (common.testing.ScopedAPITests), one class per ScopedViewSet.

Every practice model is scoped by department: aigerim (editor, department A) / bolat (read-only) / dana
(editor, department B), and "out of scope" is department B's object.

Covered (router basename: writes offered):
- practice: create, update (no delete).
- practicebase, practicecontract, placement: create, update (no delete).
- practice-grade (placements as graded by staff): update only.
- practice-diaryentry: create, update, delete (a student's diary; staff may only add their remark).

Known deviation, marked @unittest.expectedFailure for the lead: PATCH of another department's practice answers
403, not 404 (PracticeViewSet.update turns away everyone but institution-wide editors before the lookup).
"""

from __future__ import annotations

import datetime as dt
import unittest

from mansap.common.testing import ScopedAPITests, ScopedMatrixTestCase
from mansap.practice.models import DiaryEntry, Placement, Practice, PracticeBase, PracticeContract
from mansap.practice.tests.factories import make_base, make_practice
from mansap.practice.tests.test_scope_matrix import contract_in, placement_in

NO_DELETE = ("create", "update")


class PracticeAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = Practice
    basename = "practice"
    writes = NO_DELETE

    @classmethod
    def in_scope(cls):
        return make_practice(cls.program_a)

    @classmethod
    def out_of_scope(cls):
        return make_practice(cls.program_b)

    # BUG (for the lead): PATCH /api/v1/practices/<department B's practice>/ as aigerim answers 403, not 404:
    # PracticeViewSet.update refuses non-institution-wide editors before get_object(), so the answer does not
    # depend on the scope (it also refuses aigerim her own department's practice, which the edit page allows).
    @unittest.expectedFailure
    def test_api_update_out_of_scope_404(self) -> None:
        super().test_api_update_out_of_scope_404()


class PracticeBaseAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = PracticeBase
    basename = "practicebase"
    writes = NO_DELETE

    @classmethod
    def in_scope(cls):
        return make_base(cls.institution, programs=[cls.program_a])

    @classmethod
    def out_of_scope(cls):
        return make_base(cls.institution, programs=[cls.program_b])


class PracticeContractAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = PracticeContract
    basename = "practicecontract"
    writes = NO_DELETE

    @classmethod
    def in_scope(cls):
        return contract_in(cls.program_a)

    @classmethod
    def out_of_scope(cls):
        return contract_in(cls.program_b)


class PlacementAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = Placement
    basename = "placement"
    writes = NO_DELETE

    @classmethod
    def in_scope(cls):
        return placement_in(cls.program_a)

    @classmethod
    def out_of_scope(cls):
        return placement_in(cls.program_b)


class GradeAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = Placement
    basename = "practice-grade"
    writes = ("update",)

    @classmethod
    def in_scope(cls):
        return placement_in(cls.program_a)

    @classmethod
    def out_of_scope(cls):
        return placement_in(cls.program_b)


class DiaryEntryAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = DiaryEntry
    basename = "practice-diaryentry"

    @classmethod
    def in_scope(cls):
        return DiaryEntry.objects.create(placement=placement_in(cls.program_a), day=dt.date(2026, 6, 2), work_done="A")

    @classmethod
    def out_of_scope(cls):
        return DiaryEntry.objects.create(placement=placement_in(cls.program_b), day=dt.date(2026, 6, 2), work_done="B")

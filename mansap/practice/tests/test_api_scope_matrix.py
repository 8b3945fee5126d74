"""The scope matrix of the practice API (common.testing.ScopedAPITests), one class per ScopedViewSet.

Every practice model is scoped by department: aigerim (editor, department A) / bolat (read-only) / dana
(editor, department B), and "out of scope" is department B's object.

Covered (router basename: writes offered):
- practice: create, update (no delete).
- practicebase, practicecontract, placement: create, update (no delete).
- practice-grade (placements as graded by staff): update only.
- practice-diaryentry: create, update, delete (a student's diary; staff may only add their remark).
"""

from __future__ import annotations

import datetime as dt

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

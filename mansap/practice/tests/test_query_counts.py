"""Bounded queries: the practice list pages, exports and API lists cost the same with 2 or 20 rows."""

from __future__ import annotations

import datetime as dt
import itertools

from django.urls import reverse

from mansap.common.testing import make_student
from mansap.core.tests.factories import EducationalProgramFactory
from mansap.core.tests.test_query_counts import QueryCountTestCase
from mansap.practice.models import PracticeOrder
from mansap.practice.tests.factories import make_base, make_contract, make_employee, make_placement, make_practice

_codes = itertools.count(100)


class PracticeQueryCountTests(QueryCountTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.practice = make_practice(cls.program_a)
        cls.teacher = make_employee(cls.dept_a)

    def add_bases(self, n: int) -> None:
        for _ in range(n):
            make_contract(make_base(self.institution, programs=[self.program_a, self.program_b]))

    def add_placements(self, n: int) -> None:
        for _ in range(n):
            base = make_base(self.institution, programs=[self.program_a])
            make_contract(base)
            make_placement(self.practice, make_student(self.program_a), base, supervisor=self.teacher)

    def add_practices(self, n: int) -> None:
        for i in range(n):
            program = EducationalProgramFactory(department=self.dept_a, code=f"6B09{next(_codes):03d}")
            starts_on = dt.date(2026, 6, 1) + dt.timedelta(days=i)
            practice = make_practice(program, kind="educational", starts_on=starts_on)
            make_placement(
                practice, make_student(self.program_a), make_base(self.institution, programs=[self.program_a])
            )
            PracticeOrder.objects.create(practice=practice, submitted_on=dt.date(2026, 4, 1))

    def test_practice_list(self) -> None:
        self.check_bounded(self.cc, reverse("practice:practice_list"), self.add_practices, pinned=7)

    def test_base_list(self) -> None:
        self.check_bounded(self.aigerim, reverse("practice:practicebase_list"), self.add_bases, pinned=8)

    def test_base_export(self) -> None:
        self.check_bounded(self.cc, reverse("practice:practicebase_list") + "?export=xlsx", self.add_bases, pinned=6)

    def test_contract_list(self) -> None:
        self.check_bounded(self.aigerim, reverse("practice:practicecontract_list"), self.add_bases, pinned=7)

    def test_placement_list(self) -> None:
        self.check_bounded(self.aigerim, reverse("practice:placement_list"), self.add_placements, pinned=7)

    def test_placement_list_of_a_practice(self) -> None:
        url = reverse("practice:placement_list") + f"?practice={self.practice.pk}"
        self.check_bounded(self.aigerim, url, self.add_placements, pinned=10)

    def test_placement_export(self) -> None:
        url = reverse("practice:placement_list") + "?export=xlsx"
        self.check_bounded(self.aigerim, url, self.add_placements, pinned=5)

    def test_order_list(self) -> None:
        self.check_bounded(self.cc, reverse("practice:practiceorder_list"), self.add_practices, pinned=7)

    def test_api_practices(self) -> None:
        self.check_bounded(self.cc, reverse("practice-list"), self.add_practices, pinned=4, api=True)

    def test_api_bases(self) -> None:
        self.check_bounded(self.aigerim, reverse("practicebase-list"), self.add_bases, pinned=5, api=True)

    def test_api_contracts(self) -> None:
        self.check_bounded(self.aigerim, reverse("practicecontract-list"), self.add_bases, pinned=4, api=True)

    def test_api_placements(self) -> None:
        self.check_bounded(self.aigerim, reverse("placement-list"), self.add_placements, pinned=4, api=True)

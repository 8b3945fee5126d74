"""Bounded queries of the curricula pages and API (issue #14): the same count with 2 or 20 rows for the model and
individual curricula lists (and their exports), the two endpoints, the gaps page and its XLSX, and a curriculum's
page with 2 or 20 courses."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mansap.academics.tests.factories import make_course, make_individual, make_model_curriculum, make_row
from mansap.common.testing import make_student
from mansap.core.tests.test_query_counts import QueryCountTestCase

_serial = itertools.count(1)


class CurriculaQueryCountTests(QueryCountTestCase):
    def add_models(self, n: int) -> None:
        for _ in range(n):
            curriculum = make_model_curriculum(self.program_a, 1990 + next(_serial))
            make_row(curriculum, make_course(self.institution))

    def add_individuals(self, n: int) -> None:
        for _ in range(n):
            make_individual(make_student(self.program_a, admission_year=2024), "2024-2025",
                            [make_course(self.institution)])  # fmt: skip

    def test_the_model_curricula_list_and_export(self) -> None:
        # session, user, memberships, COUNT, the page of rows (program, department, counts), the filter's
        # departments and programs
        self.check_bounded(self.registrar, reverse("academics:modelcurriculum_list"), self.add_models, pinned=7)
        self.check_bounded(
            self.registrar, reverse("academics:modelcurriculum_list") + "?export=xlsx", self.add_models, pinned=5
        )

    def test_the_individual_curricula_list_and_export(self) -> None:
        url = reverse("academics:individualcurriculum_list")
        self.check_bounded(self.registrar, url, self.add_individuals, pinned=9)
        self.check_bounded(self.registrar, url + "?export=xlsx", self.add_individuals, pinned=5)

    def test_api_lists(self) -> None:
        for name, add, pinned in (("curriculum-list", self.add_models, 6), ("individual-curriculum-list",
                                                                           self.add_individuals, 5)):  # fmt: skip
            with self.subTest(name):
                self.check_bounded(self.registrar, reverse(name), add, pinned=pinned, api=True)

    def same_count(self, url: str, add: Callable[[int], None]) -> None:
        self.client.force_login(self.registrar)
        add(2)
        self.assertEqual(self.client.get(url).status_code, 200)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        add(18)
        with CaptureQueriesContext(connection) as many:
            self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(len(few), len(many), url)

    def test_the_gaps_page_and_export(self) -> None:
        model = make_model_curriculum(self.program_a, 2024)
        make_row(model, make_course(self.institution))

        def students(n: int) -> None:
            for i in range(n):
                student = make_student(self.program_a, admission_year=2024, course=1)
                if i % 2:
                    make_individual(student, "2024-2025", [make_course(self.institution)])

        url = reverse("academics:curriculum_gaps") + "?academic_year=2024-2025"
        self.same_count(url, students)
        self.same_count(url + "&export=xlsx", students)

    def test_a_curriculums_pages(self) -> None:
        model = make_model_curriculum(self.program_a, 2024)
        curriculum = make_individual(make_student(self.program_a, admission_year=2024), "2024-2025")

        def rows(n: int) -> None:
            for _ in range(n):
                course = make_course(self.institution)
                make_row(model, course)
                curriculum.items.create(course=course, term="1")

        self.same_count(reverse("academics:individualcurriculum_detail", args=[curriculum.pk]), rows)
        self.same_count(reverse("academics:modelcurriculum_detail", args=[model.pk]), rows)

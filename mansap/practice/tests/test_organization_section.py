"""The employer page's "Professional practice" section: the organization's bases and the placements
there, limited to what the user may see, in a fixed number of queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.employers.tests.factories import make_org
from mansap.practice.tests.factories import make_base, make_placement, make_practice


class OrganizationPracticeSectionTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.org = make_org(cls.institution, name_ru="ТОО «База»", name_kk="«База» ЖШС", name_en="Baza LLP")
        cls.practice_a = make_practice(cls.program_a)
        cls.practice_b = make_practice(cls.program_b)
        cls.base_a = make_base(cls.institution, programs=[cls.program_a], organization=cls.org, capacity=30)
        cls.base_b = make_base(cls.institution, programs=[cls.program_b], organization=cls.org, capacity=30)
        cls.student_a = make_student(cls.program_a, last_name="Әлиева", first_name="Дана")
        cls.student_b = make_student(cls.program_b, last_name="Петров", first_name="Иван")
        make_placement(cls.practice_a, cls.student_a, cls.base_a)
        make_placement(cls.practice_b, cls.student_b, cls.base_b)
        cls.url = reverse("employers:organization_detail", args=[cls.org.pk])

    def test_each_department_sees_its_own_placements(self) -> None:
        response = self.assert_page_shows(self.aigerim, self.url, 'id="practice"', "Әлиева", 'id="survey-answers"')
        self.assertNotContains(response, "Петров")
        response = self.assert_page_shows(self.dana, self.url, "Петров")
        self.assertNotContains(response, "Әлиева")
        self.assert_page_shows(self.cc, self.url, "Әлиева", "Петров", self.base_a.get_absolute_url())

    def test_queries_do_not_grow_with_placements(self) -> None:
        self.client.force_login(self.cc)
        self.client.get(self.url)  # warm caches

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(self.url).status_code, 200)
            return len(ctx.captured_queries)

        few = count()
        for i in range(18):
            make_placement(self.practice_a, make_student(self.program_a, last_name=f"Студент{i}"), self.base_a)
        self.assertEqual(count(), few)

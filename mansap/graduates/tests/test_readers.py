"""The records of one institution's graduates are read through the records' own institution_id (#18): the same
rows and figures, whether the graduates' filters name the institution, or a scope names it OR a graduate of
another institution (then the span of the graduates' institutions, read with their count, is used)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.test import TestCase

from mansap.core.models import Student, User
from mansap.graduates.models import EmploymentRecord
from mansap.graduates.readers import for_institutions_of, institutions_of, latest_records
from mansap.graduates.reports import analytics
from mansap.graduates.tests.factories import make_graduate
from mansap.graduates.tests.test_consortium_grouped import make_institution, record

AS_OF = dt.date(2026, 6, 1)


class InstitutionsOfTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.a, cls.program_a = make_institution("A")
        cls.b, cls.program_b = make_institution("B")
        cls.c, _program_c = make_institution("C")
        # A, cohort 2025: one employed by specialty (300,000), one unemployed and seeking, one never reached.
        cls.a1 = make_graduate(cls.program_a)
        record(cls.a1, "employed_specialty", dt.date(2025, 9, 1), salary=300_000)
        cls.a2 = make_graduate(cls.program_a)
        record(cls.a2, "unemployed_seeking", dt.date(2025, 9, 1))
        cls.a3 = make_graduate(cls.program_a)
        # B, cohort 2025: employed not by specialty (100,000), a graduate who is also a user; own business.
        cls.user = User.objects.create_user(username="b-graduate", password="x")
        cls.b1 = make_graduate(cls.program_b, user=cls.user)
        record(cls.b1, "employed_other", dt.date(2025, 10, 1), salary=100_000)
        cls.b2 = make_graduate(cls.program_b)
        record(cls.b2, "own_business", dt.date(2025, 10, 1))

    def test_the_institutions_named_by_the_filters(self) -> None:
        graduates = Student.objects.graduates()
        self.assertEqual(institutions_of(graduates.filter(institution=self.a)), frozenset({self.a.pk}))
        self.assertEqual(institutions_of(graduates.filter(institution_id=self.a.pk)), frozenset({self.a.pk}))
        both = graduates.filter(institution__in=[self.a, self.b]).filter(graduation_date__year=2025)
        self.assertEqual(institutions_of(both), frozenset({self.a.pk, self.b.pk}))
        self.assertEqual(institutions_of(both.filter(institution=self.b)), frozenset({self.b.pk}))
        # Not named: every institution, a department's scope, an OR with another condition, a negation.
        self.assertIsNone(institutions_of(graduates))
        self.assertIsNone(institutions_of(graduates.filter(program=self.program_a)))
        self.assertIsNone(institutions_of(graduates.filter(Q(institution=self.a) | Q(user=self.user))))
        self.assertIsNone(institutions_of(graduates.exclude(institution=self.a)))

    def test_the_records_are_filtered_by_their_own_institution(self) -> None:
        graduates = Student.objects.graduates().filter(institution=self.a)
        records = EmploymentRecord.objects.valid()
        sql = str(for_institutions_of(records, graduates).query)
        self.assertIn('"graduates_employmentrecord"."institution_id" IN', sql)
        self.assertEqual(
            set(latest_records(graduates, AS_OF).values_list("graduate_id", flat=True)), {self.a1.pk, self.a2.pk}
        )
        # A span read with the count: one institution is `=`, several a range; nothing named, no filter.
        everyone = Student.objects.graduates()
        self.assertIn(
            '"graduates_employmentrecord"."institution_id" = ',
            str(for_institutions_of(records, everyone, (self.b.pk, self.b.pk)).query),
        )
        spanned = str(for_institutions_of(records, everyone, (self.a.pk, self.b.pk)).query)
        self.assertIn(f'"graduates_employmentrecord"."institution_id" >= {self.a.pk}', spanned)
        self.assertIn(f'"graduates_employmentrecord"."institution_id" <= {self.b.pk}', spanned)
        unfiltered = str(for_institutions_of(records, everyone, (None, None)).query)
        self.assertNotIn("institution_id", unfiltered.split(" WHERE ")[1])

    def test_a_scope_of_an_institution_or_a_graduate_of_another_counts_both(self) -> None:
        # "My institution OR myself as a student", as Student.objects.for_user writes a scope: A's three
        # graduates and B's graduate who is the user; the records of both institutions are read.
        graduates = Student.objects.graduates().filter(Q(institution=self.a) | Q(user=self.user))
        kpis = analytics.compute_kpis(graduates, AS_OF)
        self.assertEqual(kpis["counts"]["cohort"], 4)
        self.assertEqual(kpis["counts"]["unknown"], 1)
        self.assertEqual(kpis["counts"]["employed"], 2)
        self.assertEqual(kpis["counts"]["employed_specialty"], 1)
        self.assertEqual(kpis["counts"]["own_business"], 0)
        self.assertEqual(kpis["average_salary"], 200_000)
        self.assertEqual(kpis["median_salary"], 200_000)
        analysis = analytics.analyse(graduates, as_of=AS_OF, dimension="program")
        self.assertEqual(analysis.kpis["counts"]["cohort"], 4)
        self.assertEqual(analysis.kpis["counts"]["employed"], 2)
        self.assertEqual(
            {row.key: row.kpis["counts"]["employed"] for row in analysis.breakdown},
            {self.program_a.pk: 1, self.program_b.pk: 1},
        )

    def test_one_institution_among_several(self) -> None:
        kpis = analytics.compute_kpis(Student.objects.graduates().filter(institution=self.b), AS_OF)
        self.assertEqual(kpis["counts"]["cohort"], 2)
        self.assertEqual(kpis["counts"]["employed"], 2)
        self.assertEqual(kpis["counts"]["own_business"], 1)
        self.assertEqual(kpis["average_salary"], 100_000)
        by = analytics.compute_kpis_by(Student.objects.graduates(), AS_OF, "institution_id")
        self.assertEqual({key: value["counts"]["employed"] for key, value in by.items()}, {self.a.pk: 1, self.b.pk: 2})
        self.assertEqual(
            analytics.compute_kpis(Student.objects.graduates().filter(institution=self.c), AS_OF)["counts"]["cohort"], 0
        )

"""common.bulk writes what Django's bulk_create and simple_history's bulk_create_with_history write (#19)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from mansap.common.bulk import create_with_history, insert_objects
from mansap.common.identifiers import make_iin
from mansap.common.testing import ScopedCRUDTests
from mansap.core.models import Student

SKIP = {
    "id",
    "iin",
    "history_id",
    "history_date",
    "last_name",
    "last_name_latin",
    "created_at",
    "updated_at",
    "birth_date",
}


class BulkInsertTests(ScopedCRUDTests):
    def student(self, serial: int, **fields) -> Student:
        born = dt.date(2001, 3, 4) + dt.timedelta(days=serial)
        student = Student(
            institution=self.institution,
            iin=make_iin(born, "F", serial),
            last_name=f"Әлиева{serial}",
            first_name="Дана",
            middle_name="",
            birth_date=born,
            sex="F",
            program=self.program_a,
            admission_year=2021,
            **fields,
        )
        student.fill_derived()
        student.created_at = student.updated_at = dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.UTC)
        return student

    def test_values_of_every_type_come_back_as_they_went(self):
        students = [
            self.student(1, graduation_date=dt.date(2025, 6, 25), gpa=Decimal("3.67"), with_honours=True,
                         study_language="kk", status="graduated", diploma_number="ЖБ-Б 001"),
            self.student(2, gpa=None, with_honours=False, email="dana@example.kz"),
        ]  # fmt: skip
        before = timezone.now()
        insert_objects(students, Student)
        self.assertTrue(all(s.pk for s in students))
        first, second = Student.objects.get(pk=students[0].pk), Student.objects.get(pk=students[1].pk)
        self.assertEqual(
            (first.graduation_date, first.gpa, first.with_honours, first.study_language),
            (dt.date(2025, 6, 25), Decimal("3.67"), True, "kk"),
        )
        self.assertGreaterEqual(first.created_at, before)  # auto_now_add: the time of the write, as bulk_create
        self.assertEqual(first.program_id, self.program_a.pk)
        self.assertEqual(first.last_name_latin, "Alieva1")
        self.assertEqual((second.gpa, second.with_honours, second.graduation_date), (None, False, None))
        self.assertEqual(second.email, "dana@example.kz")
        self.assertFalse(students[0]._state.adding)

    def test_history_rows_match_simple_history(self):
        django_made = [self.student(10, gpa=Decimal("2.50")), self.student(11, with_honours=True)]
        ours = [self.student(20, gpa=Decimal("2.50")), self.student(21, with_honours=True)]
        bulk_create_with_history(django_made, Student, default_user=self.cc)
        create_with_history(ours, Student, user=self.cc)
        history = Student.history.model

        def rows(students):
            found = history.objects.filter(id__in=[s.pk for s in students]).order_by("id")
            return [{k: v for k, v in row.items() if k not in SKIP} for row in found.values()]

        self.assertEqual(len(rows(ours)), 2)
        self.assertEqual(rows(ours), rows(django_made))
        self.assertEqual([r["history_type"] for r in rows(ours)], ["+", "+"])
        self.assertEqual([r["history_user_id"] for r in rows(ours)], [self.cc.pk, self.cc.pk])
        self.assertEqual([Student.objects.get(pk=s.pk).history.count() for s in ours], [1, 1])

    def test_many_rows_in_batches_keep_their_order(self):
        students = [self.student(100 + i) for i in range(1_500)]
        insert_objects(students, Student)
        stored = dict(Student.objects.filter(pk__in=[s.pk for s in students]).values_list("pk", "last_name"))
        self.assertEqual([stored[s.pk] for s in students], [f"Әлиева{100 + i}" for i in range(1_500)])

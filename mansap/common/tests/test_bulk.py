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

    def test_one_write_stamps_one_time_on_every_row_and_its_history(self):
        students = [self.student(200 + i) for i in range(3)]
        before = timezone.now()
        create_with_history(students, Student, user=self.cc)
        after = timezone.now()
        stored = list(Student.objects.filter(pk__in=[s.pk for s in students]).values_list("created_at", "updated_at"))
        created, updated = ({row[i] for row in stored} for i in (0, 1))
        # one time a field for the whole write (#19), each taken by its field's pre_save as bulk_create's are
        self.assertEqual((len(created), len(updated)), (1, 1))
        (moment,), (changed,) = created, updated
        self.assertTrue(before <= moment <= changed <= after)
        self.assertEqual([(s.created_at, s.updated_at) for s in students], [(moment, changed)] * 3)  # the objects too
        history = Student.history.model.objects.filter(id__in=[s.pk for s in students])
        self.assertEqual(list(history.values_list("created_at", flat=True)), [moment] * 3)

    def test_statements_go_django_s_way_when_watched(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        seen: list[str] = []

        def watch(execute, sql, params, many, context):
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(watch):
            insert_objects([self.student(300)], Student)
        self.assertEqual([sql.split(" (")[0] for sql in seen], ['INSERT INTO "core_student"'])
        with CaptureQueriesContext(connection) as captured:
            insert_objects([self.student(301)], Student)
        self.assertEqual(len(captured.captured_queries), 1)
        self.assertIn("Әлиева301", captured.captured_queries[0]["sql"])  # logged with its values, as Django logs
        insert_objects([self.student(302)], Student)  # unwatched: on SQLite, straight to the driver
        self.assertEqual(
            list(
                Student.objects.filter(last_name__startswith="Әлиева30")
                .order_by("pk")
                .values_list("last_name", flat=True)
            ),
            ["Әлиева300", "Әлиева301", "Әлиева302"],
        )

"""import_grades: the columns and aliases, every error code with its row and column, all or nothing, a new course
added from its first row, idempotent re-import (issue #14)."""

from __future__ import annotations

import io
import json
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management import call_command

from mansap.academics.models import Course, Grade
from mansap.academics.services.catalogue import Band, default_scale, save_scale, scale_errors
from mansap.academics.tests.factories import make_course
from mansap.common.testing import BaseTestCase, make_student, workbook_bytes

HEADER = ["iin", "course_code", "course_name", "credits", "academic_year", "term", "attestation", "percent",
          "letter", "kind", "attempt"]  # fmt: skip
RU_HEADER = ["ИИН", "Код дисциплины", "Дисциплина", "Кредиты", "Учебный год", "Семестр", "Аттестация", "Балл",
             "Оценка", "Вид оценки", "Попытка"]  # fmt: skip


class ImportGradesTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.s1 = make_student(cls.program_a)
        cls.s2 = make_student(cls.program_b)
        cls.math = make_course(cls.institution, "MAT101", 5)

    def setUp(self) -> None:
        self._dir = tempfile.TemporaryDirectory()

    def tearDown(self) -> None:
        self._dir.cleanup()

    def run_command(self, rows: list[list[Any]], *extra: str, header: list[str] = HEADER) -> tuple[int, dict]:
        path = Path(self._dir.name) / "grades.xlsx"
        path.write_bytes(workbook_bytes({"grades": [header, *rows]}))
        out = io.StringIO()
        try:
            call_command("import_grades", str(path), "--json", "--language", "en", *extra, stdout=out,
                         stderr=io.StringIO())  # fmt: skip
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        return code, json.loads(out.getvalue())

    def good(self) -> list[list[Any]]:
        return [
            [self.s1.iin, "MAT101", "Mathematics", 5, "2024-2025", 1, "exam", 92, "A-", "graded", "regular"],
            [self.s1.iin, "PHY101", "Physics", 3, "2024-2025", "2", "exam", "", "B", "graded", "regular"],
            [self.s1.iin, "PHY101", "Physics", 3, "2024-2025", "summer", "exam", 70, "C+", "graded", "summer"],
            [self.s2.iin, "PE101", "Physical education", 2, "2024-2025", "1", "final", "", "", "pass", "regular"],
        ]

    def test_a_good_file_is_imported_and_importing_it_again_adds_nothing(self) -> None:
        code, report = self.run_command(self.good())
        self.assertEqual((code, report["errors"]), (0, []))
        self.assertEqual((report["rows"], report["created"], report["updated"], report["unchanged"]), (4, 4, 0, 0))
        self.assertEqual(Grade.objects.count(), 4)
        physics = Course.objects.get(code="PHY101")
        self.assertEqual((physics.credits, physics.name_ru), (3, "Physics"))
        self.assertEqual(
            list(Grade.objects.filter(student=self.s1).order_by("academic_year", "term").values_list(
                "course__code", "term", "letter", "percent", "attempt")),
            [("MAT101", "1", "A-", Decimal("92.00"), "regular"), ("PHY101", "2", "B", None, "regular"),
             ("PHY101", "summer", "C+", Decimal("70.00"), "summer")],
        )  # fmt: skip
        code, report = self.run_command(self.good())
        self.assertEqual((code, report["created"], report["updated"], report["unchanged"]), (0, 0, 0, 4))
        self.assertEqual(Grade.objects.count(), 4)
        changed = self.good()
        changed[0][7:9] = [85, "B+"]
        code, report = self.run_command(changed)
        self.assertEqual((report["created"], report["updated"], report["unchanged"]), (0, 1, 3))
        grade = Grade.objects.get(student=self.s1, course=self.math)
        self.assertEqual(grade.letter, "B+")
        self.assertEqual(grade.history.count(), 2)  # the previous grade stays in the history

    def test_russian_headers_and_values(self) -> None:
        code, report = self.run_command(
            [[self.s1.iin, "MAT101", "Математика", 5, "2024/2025", "летний", "экзамен", "95", "А", "оценка",
              "летний семестр"]],
            header=RU_HEADER,
        )  # fmt: skip
        self.assertEqual((code, report["errors"], report["created"]), (0, [], 1))
        grade = Grade.objects.get()
        self.assertEqual((grade.academic_year, grade.term, grade.letter, grade.attempt), ("2024-2025", "summer", "A",
                                                                                           "summer"))  # fmt: skip

    def test_every_error_code_with_its_row_and_column_and_nothing_written(self) -> None:
        rows = [
            ["000000000000", "MAT101", "Mathematics", 5, "2024-2025", 1, "exam", 92, "A-", "graded", "regular"],
            [self.s1.iin, "MAT101", "Mathematics", 5, "2024-2025", 1, "exam", "", "Z", "graded", "regular"],
            [self.s1.iin, "HIS101", "History", 5, "2024-2025", 1, "exam", 60, "B", "graded", "regular"],
            [self.s1.iin, "MAT101", "Mathematics", 4, "2024-2025", 2, "exam", "", "B", "graded", "regular"],
            [self.s1.iin, "HIS102", "History 2", 31, "2024-2025", 1, "exam", "", "B", "graded", "regular"],
            [self.s1.iin, "HIS103", "History 3", 3, "2024-2025", 3, "exam", "", "B", "graded", "regular"],
            [self.s1.iin, "HIS104", "History 4", 3, "2024", 1, "exam", "", "B", "graded", "regular"],
            [self.s2.iin, "MAT101", "Mathematics", 5, "2024-2025", 1, "exam", "", "B", "graded", "regular"],
            [self.s2.iin, "MAT101", "Mathematics", 5, "2024-2025", 1, "exam", "", "C", "graded", "regular"],
            [self.s2.iin, "NEW1", "New", 4, "2024-2025", 1, "exam", "", "C", "graded", "regular"],
            [self.s1.iin, "NEW1", "New", 6, "2024-2025", 1, "exam", "", "C", "graded", "regular"],
            [self.s2.iin, "PE1", "PE", 2, "2024-2025", 1, "final", "", "A", "pass", "regular"],
            [self.s2.iin, "PE2", "PE", 2, "2024-2025", 1, "final", "", "", "graded", "regular"],
        ]
        code, report = self.run_command(rows)
        self.assertEqual(code, 1)
        self.assertEqual([(e["row"], e["column"], e["code"]) for e in report["errors"]], [
            (2, "iin", "unknown_student"),
            (3, "letter", "bad_grade"),
            (4, "letter", "grade_mismatch"),
            (5, "credits", "bad_credits"),
            (6, "credits", "bad_credits"),
            (7, "term", "bad_term"),
            (8, "academic_year", "bad_term"),
            (10, "attempt", "duplicate_row"),
            (12, "credits", "bad_credits"),
            (13, "letter", "bad_grade"),
            (14, "letter", "bad_grade"),
        ])  # fmt: skip
        messages = {(e["row"]): e["message"] for e in report["errors"]}
        self.assertEqual(messages[4], "The letter B does not match 60%: the scale gives C-.")
        self.assertEqual(messages[5], "The course MAT101 has 5 credits in the catalogue, not 4.")
        self.assertEqual(
            messages[10], "This attempt (student, course, year, term and attempt) is already given in row 9."
        )
        self.assertEqual(messages[12], "The course NEW1 has 4 credits in the catalogue, not 6.")
        self.assertEqual((Grade.objects.count(), Course.objects.count()), (0, 1))

    def test_an_error_in_a_later_chunk_rolls_back_the_rows_written_before_it(self) -> None:
        """The rows are written chunk by chunk (2,000 rows) as they are checked: an error in row 2,502 undoes the
        2,500 rows and the course written before it."""
        rows = [[self.s1.iin, f"K{n:04d}", "Course", 2, "2024-2025", 1, "exam", "", "B", "graded", "regular"]
                for n in range(2500)]  # fmt: skip
        rows.append([self.s1.iin, "MAT101", "Mathematics", 4, "2024-2025", 1, "exam", "", "B", "graded", "regular"])
        code, report = self.run_command(rows)
        self.assertEqual((code, [(e["row"], e["code"]) for e in report["errors"]]), (1, [(2502, "bad_credits")]))
        self.assertEqual((Grade.objects.count(), Course.objects.count()), (0, 1))
        code, report = self.run_command(rows[:-1])
        self.assertEqual(
            (code, report["created"], Grade.objects.count(), Course.objects.count()), (0, 2500, 2500, 2501)
        )

    def test_a_dry_run_counts_and_writes_nothing(self) -> None:
        code, report = self.run_command(self.good(), "--dry-run")
        self.assertEqual((code, report["created"]), (0, 4))
        self.assertEqual((Grade.objects.count(), Course.objects.count()), (0, 1))

    def test_only_the_student_service_center_imports(self) -> None:
        code, report = self.run_command(self.good(), "--user", "aigerim")
        self.assertEqual((code, report["error"]), (2, "Only the Student Service Center imports grades."))
        code, report = self.run_command(self.good(), "--user", "registrar")
        self.assertEqual((code, report["created"]), (0, 4))


class GradingScaleTests(BaseTestCase):
    def test_the_default_scale_is_valid(self) -> None:
        self.assertEqual(scale_errors(default_scale()), [])
        self.assertEqual([(b.letter, str(b.numeric), b.min_percent, b.max_percent) for b in default_scale()][::11],
                         [("A", "4.00", 95, 100), ("F", "0.00", 0, 24)])  # fmt: skip

    def test_bands_must_not_overlap_and_must_cover_0_to_100(self) -> None:
        bands = default_scale()
        overlap = [Band("A", Decimal(4), 94, 100), *bands[1:]]
        self.assertEqual(scale_errors(overlap), ["The bands A- and A overlap at 94%."])
        gap = [Band("A", Decimal(4), 96, 100), *bands[1:-1], Band("F", Decimal(0), 1, 24)]
        self.assertEqual(scale_errors(gap), ["No band covers 0 to 0%.", "No band covers 95 to 95%."])
        short = [Band("A", Decimal(4), 95, 99), *bands[1:]]
        self.assertEqual(scale_errors(short), ["No band reaches 100%."])

    def test_saving_a_scale_is_all_or_nothing_and_only_the_ssc_saves(self) -> None:
        from django.core.exceptions import PermissionDenied, ValidationError

        from mansap.academics.models import GradeScaleBand

        with self.assertRaises(PermissionDenied):
            save_scale(self.institution, default_scale(), acting_user=self.cc)
        with self.assertRaises(ValidationError):
            save_scale(self.institution, default_scale()[:-1], acting_user=self.registrar)
        self.assertEqual(GradeScaleBand.objects.count(), 0)
        save_scale(self.institution, default_scale(), acting_user=self.registrar)
        self.assertEqual(GradeScaleBand.objects.count(), 12)


class GradeImportPageTests(BaseTestCase):
    """The page: upload → the import job checks the file in the background → its page (core's) shows the
    grade import's coded errors in the reader's language and offers them as an XLSX report; nothing is written."""

    def test_a_file_with_errors_on_the_page(self) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.urls import reverse

        from mansap.core.models import ImportJob

        student = make_student(self.program_a)
        content = "\n".join([
            ",".join(HEADER),
            f"{student.iin},MAT101,Mathematics,5,2024-2025,1,exam,60,B,graded,regular",
            "000000000000,MAT101,Mathematics,5,2024-2025,1,exam,,A,graded,regular",
        ]).encode()  # fmt: skip
        self.client.force_login(self.registrar)
        with self.captureOnCommitCallbacks(execute=True):  # the check job runs at commit (huey immediate)
            response = self.client.post(
                reverse("academics:grade_import"), {"file": SimpleUploadedFile("grades.csv", content, "text/csv")}
            )
        job = ImportJob.objects.get()
        self.assertRedirects(response, job.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual((job.kind, job.status), ("grades", "invalid"))
        page = self.client.get(job.get_absolute_url())
        self.assertEqual(
            [(e["row"], e["column"], e["code"], e["message"]) for e in page.context["report"]["errors"]],
            [(2, "letter", "grade_mismatch", "The letter B does not match 60%: the scale gives C-."),
             (3, "iin", "unknown_student", "No student of the university has the IIN 000000000000.")],
        )  # fmt: skip
        self.assertEqual(page.context["breadcrumbs"][0], ("Import grades", reverse("academics:grade_import")))
        errors = self.client.get(reverse("core:import_errors", args=[job.pk]))
        self.assertEqual(errors.status_code, 200)
        self.assertEqual(Grade.objects.count(), 0)
        self.client.force_login(self.aigerim)
        self.assertEqual(self.client.get(reverse("academics:grade_import")).status_code, 403)

    def test_a_confirm_by_a_user_who_is_not_the_ssc_is_refused_up_front(self) -> None:
        """The Career Center may change import jobs of the institution, but it does not import grades: its
        confirm is refused with a message and the job stays checked (it used to fail as an internal error)."""
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.urls import reverse

        from mansap.core.models import ImportJob

        student = make_student(self.program_a)
        content = "\n".join([
            ",".join(HEADER), f"{student.iin},MAT101,Mathematics,5,2024-2025,1,exam,92,A-,graded,regular",
        ]).encode()  # fmt: skip
        self.client.force_login(self.registrar)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                reverse("academics:grade_import"), {"file": SimpleUploadedFile("grades.csv", content, "text/csv")}
            )
        job = ImportJob.objects.get()
        self.assertEqual(job.status, "valid")
        self.client.force_login(self.cc)
        page = self.client.get(job.get_absolute_url())
        self.assertEqual((page.status_code, page.context["can_confirm"]), (200, False))
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("core:import_confirm", args=[job.pk]), follow=True)
        self.assertEqual(
            [str(m) for m in response.context["messages"]], ["Only the Student Service Center imports grades."]
        )
        job.refresh_from_db()
        self.assertEqual((job.status, Grade.objects.count()), ("valid", 0))
        self.client.force_login(self.registrar)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("core:import_confirm", args=[job.pk]))
        job.refresh_from_db()
        self.assertEqual((job.status, Grade.objects.count()), ("done", 1))

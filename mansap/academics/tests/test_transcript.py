"""The transcript's reader (R-134): term and cumulative GPA from the one GPA computation, on a hand-built record
with a retake in the summer term and a pass row (issue #14)."""

from __future__ import annotations

from decimal import Decimal

from mansap.academics.models import Course
from mansap.academics.reports.transcript import student_transcript
from mansap.academics.tests.factories import make_course, make_grade
from mansap.common.testing import BaseTestCase, make_student

D = Decimal


def make_transcript_record(student, institution) -> None:  # type: ignore[no-untyped-def]
    """MAT101 failed (FX) in term 1 and retaken in the summer (C+), PHY101 A- in term 1, HIS101 B and a pass in
    PE101 in term 2 of 2024-2025; a long course name to wrap (the courses are made once per institution)."""
    if Course.objects.filter(institution=institution, code="MAT101").exists():
        courses = {c.code: c for c in Course.objects.filter(institution=institution)}
        mat, phy, his, pe = (courses[code] for code in ("MAT101", "PHY101", "HIS101", "PE101"))
        return _grades(student, mat, phy, his, pe)
    mat = make_course(institution, "MAT101", 5, name_kk="Математикалық талдау", name_ru="Математический анализ",
                      name_en="Mathematical analysis")  # fmt: skip
    phy = make_course(institution, "PHY101", 3, name_kk="Физика", name_ru="Физика", name_en="Physics")
    his = make_course(
        institution, "HIS101", 4, name_kk="Қазақстанның қазіргі заманғы тарихы және оның жаһандық контекстегі орны",
        name_ru="Современная история Казахстана и её место в глобальном контексте",
        name_en="Modern history of Kazakhstan and its place in the global context",
    )  # fmt: skip
    pe = make_course(institution, "PE101", 2, name_kk="Дене шынықтыру", name_ru="Физическая культура",
                     name_en="Physical education")  # fmt: skip
    _grades(student, mat, phy, his, pe)


def _grades(student, mat, phy, his, pe) -> None:  # type: ignore[no-untyped-def]
    make_grade(student, mat, "2024-2025", "1", "FX", percent=40)
    make_grade(student, phy, "2024-2025", "1", "A-", percent=92)
    make_grade(student, his, "2024-2025", "2", "B", percent=82)
    make_grade(student, pe, "2024-2025", "2", "", kind="pass")
    make_grade(student, mat, "2024-2025", "summer", "C+", percent=72, attempt="summer")


class TranscriptTests(BaseTestCase):
    def test_terms_gpa_and_cumulative(self) -> None:
        student = make_student(self.program_a)
        make_transcript_record(student, self.institution)
        transcript = student_transcript(student, "en")
        self.assertEqual([(t.academic_year, t.term) for t in transcript.terms],
                         [("2024-2025", "1"), ("2024-2025", "2"), ("2024-2025", "summer")])  # fmt: skip
        # Term 1: PHY101 A- counts (3.67); the FX is superseded by the summer's C+ and counts nowhere.
        # Cumulative at the end of term 1: 3 × 3.67 / 3 = 3.67 (the superseded FX weighs in no figure)
        # Term 2: HIS101 B = 3.00 (the pass row earns 2 credits, no GPA); cumulative (11.01 + 12) / 7 = 3.287… → 3.29
        # Summer: MAT101 C+ = 2.33; cumulative (11.65 + 11.01 + 12) / 12 = 34.66 / 12 = 2.8883… → 2.89
        self.assertEqual([t.gpa for t in transcript.terms], [D("3.67"), D("3.00"), D("2.33")])
        self.assertEqual([t.cumulative for t in transcript.terms], [D("3.67"), D("3.29"), D("2.89")])
        self.assertEqual([t.credits_earned for t in transcript.terms], [3, 6, 5])
        self.assertEqual((transcript.cumulative, transcript.credits_attempted, transcript.credits_earned),
                         (D("2.89"), 12, 14))  # fmt: skip
        first = transcript.terms[0].rows
        self.assertEqual(
            [(r.code, r.letter, r.numeric, r.percent, r.counted) for r in first],
            [("MAT101", "FX", D("0.50"), D("40"), False), ("PHY101", "A-", D("3.67"), D("92"), True)],
        )
        pass_row = transcript.terms[1].rows[1]
        self.assertEqual(
            (pass_row.code, pass_row.letter, pass_row.kind_label, pass_row.numeric), ("PE101", "", "pass", None)
        )
        self.assertEqual(transcript.terms[2].rows[0].attempt_label, "summer semester")

    def test_names_and_labels_in_the_chosen_language(self) -> None:
        student = make_student(self.program_a)
        make_transcript_record(student, self.institution)
        transcript = student_transcript(student, "kk")
        self.assertEqual(transcript.terms[0].rows[1].name, "Физика")
        self.assertEqual(transcript.terms[1].rows[0].name[:31], "Қазақстанның қазіргі заманғы та")
        self.assertEqual(transcript.terms[2].label, "жазғы семестр")

    def test_no_grades(self) -> None:
        transcript = student_transcript(make_student(self.program_a), "ru")
        self.assertEqual((transcript.terms, transcript.cumulative, transcript.credits_earned), ([], None, 0))
        self.assertEqual(transcript.as_json()["cumulative"], None)

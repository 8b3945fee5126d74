"""Curricula (issue #14; R-093, R-109, R-135): the model curriculum's rows and groups, its copy, an individual
curriculum's way (draft → submitted → approved / returned), who may do what, and the check against the model:
a missing required course, credits out of the range, an elective group short. Literal values on hand-built data."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from mansap.academics.models import ElectiveGroup, IndividualCurriculum, ModelCurriculum
from mansap.academics.reports.curricula import check_curriculum, gaps
from mansap.academics.services import curricula as services
from mansap.academics.tests.factories import make_course, make_model_curriculum, make_row
from mansap.common.testing import ScopedMatrixTestCase, make_student, make_user
from mansap.core.models import Employee, Student


class CurriculumFixture(ScopedMatrixTestCase):
    """Program A, admitted 2024: year 1 has MAT (10, term 1), HIS (20, term 1), PHY (10, term 2) required, the
    group "Languages" (choose 10 credits of ENG, GER, FRE, 5 each) and ART (10) a free elective; year 2 has ALG."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        credits = {"MAT": 10, "HIS": 20, "PHY": 10, "ENG": 5, "GER": 5, "FRE": 5, "ART": 10, "ALG": 10}
        c = {code: make_course(cls.institution, code, n) for code, n in credits.items()}
        cls.c = c
        cls.model = make_model_curriculum(cls.program_a, 2024)
        cls.group = ElectiveGroup.objects.create(curriculum=cls.model, name="Languages", year_of_study=1, credits=10)
        make_row(cls.model, c["MAT"])
        make_row(cls.model, c["HIS"])
        make_row(cls.model, c["PHY"], term="2")
        for code in ("ENG", "GER", "FRE"):
            make_row(cls.model, c[code], component="elective", group=cls.group)
        make_row(cls.model, c["ART"], term="2", component="elective")
        make_row(cls.model, c["ALG"], year_of_study=2)
        cls.advisor_user = make_user("advisor")
        cls.advisor = Employee.objects.create(
            department=cls.dept_a, last_name="Кеңесші", first_name="Б", position="professor", user=cls.advisor_user
        )
        cls.learner = make_user("learner")
        cls.student = make_student(cls.program_a, admission_year=2024, course=1, advisor=cls.advisor, user=cls.learner)

    def setUp(self) -> None:
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def draw_up(self, student: Student | None = None, user=None) -> IndividualCurriculum:
        return services.draw_up(student or self.student, academic_year="2024-2025", acting_user=user or self.learner)

    def add(self, curriculum: IndividualCurriculum, *codes: str, user=None) -> None:
        for code in codes:
            services.add_item(curriculum, course=self.c[code], term="1", acting_user=user or self.learner)

    def codes(self, curriculum: IndividualCurriculum) -> list[tuple[str, str]]:
        return sorted((i.course.code, i.term) for i in curriculum.items.select_related("course"))

    def texts(self, curriculum: IndividualCurriculum) -> list[str]:
        return [g.text for g in check_curriculum(curriculum).gaps]


class DrawUpAndCheckTests(CurriculumFixture):
    def test_draw_up_fills_in_the_required_courses_of_the_year_of_study(self) -> None:
        curriculum = self.draw_up()
        self.assertEqual((curriculum.status, curriculum.year_of_study), ("draft", 1))
        self.assertEqual(self.codes(curriculum), [("HIS", "1"), ("MAT", "1"), ("PHY", "2")])
        self.assertEqual(curriculum.history.first().history_user, self.learner)

    def test_a_fresh_draft_is_short_of_the_elective_group_and_of_credits(self) -> None:
        curriculum = self.draw_up()
        self.assertEqual(
            self.texts(curriculum),
            ["Elective group “Languages”: 0 of 10 credits chosen.",
             "40 credits for the year, fewer than the minimum of 50."],
        )  # fmt: skip
        self.add(curriculum, "ENG", "GER")
        result = check_curriculum(curriculum)
        self.assertEqual((result.passed, result.credits), (True, 50))

    def test_a_missing_required_course_is_named(self) -> None:
        curriculum = self.draw_up()
        services.remove_item(curriculum.items.get(course__code="PHY"), acting_user=self.learner)
        self.add(curriculum, "ENG", "GER", "ART")
        self.assertEqual(self.texts(curriculum), ["The required course PHY Course PHY (term 2) is missing."])

    def test_an_elective_group_half_chosen(self) -> None:
        curriculum = self.draw_up()
        self.add(curriculum, "ENG", "ART")
        self.assertEqual(self.texts(curriculum), ["Elective group “Languages”: 5 of 10 credits chosen."])

    def test_credits_above_the_institutions_maximum(self) -> None:
        services.save_credit_range(self.institution, min_credits=30, max_credits=45, acting_user=self.registrar)
        curriculum = self.draw_up()
        self.add(curriculum, "ENG", "GER")
        self.assertEqual(self.texts(curriculum), ["50 credits for the year, more than the maximum of 45."])

    def test_the_credit_range_refuses_a_minimum_above_the_maximum_and_a_department(self) -> None:
        with self.assertRaisesMessage(ValidationError, "The minimum cannot be above the maximum."):
            services.save_credit_range(self.institution, min_credits=60, max_credits=50, acting_user=self.registrar)
        with self.assertRaises(PermissionDenied):
            services.save_credit_range(self.institution, min_credits=40, max_credits=60, acting_user=self.aigerim)

    def test_no_model_curriculum_is_a_gap(self) -> None:
        student = make_student(self.program_a, admission_year=2023, course=2, user=make_user("s2023"))
        curriculum = services.draw_up(student, academic_year="2024-2025", acting_user=student.user)
        self.assertEqual(curriculum.year_of_study, 2)
        self.assertEqual(
            self.texts(curriculum),
            ["There is no model curriculum for the student's program and admission year.",
             "0 credits for the year, fewer than the minimum of 50."],
        )  # fmt: skip

    def test_drawing_up_twice_or_out_of_studies_is_refused(self) -> None:
        self.draw_up()
        with self.assertRaisesMessage(
            ValidationError, "The student already has an individual curriculum for 2024-2025."
        ):
            self.draw_up()
        with self.assertRaisesMessage(ValidationError, "The student does not study in 2019-2020."):
            services.draw_up(self.student, academic_year="2019-2020", acting_user=self.learner)

    def test_who_draws_up(self) -> None:
        for user in (self.advisor_user, self.aigerim, self.registrar):
            with self.subTest(user.username):
                student = make_student(self.program_a, admission_year=2024, course=1, advisor=self.advisor)
                self.assertEqual(self.draw_up(student, user).items.count(), 3)
        for user in (self.dana, self.bolat, self.dean, self.student_user):
            with self.subTest(user.username), self.assertRaises(PermissionDenied):
                self.draw_up(make_student(self.program_a, admission_year=2024, course=1), user)

    def test_the_error_speaks_the_readers_language(self) -> None:
        curriculum = self.draw_up()
        with (
            translation.override("ru"),
            self.assertRaisesMessage(ValidationError, "Утвердить можно только поданный учебный план; этот — черновик."),
        ):
            services.approve(curriculum, acting_user=self.advisor_user)


class TransitionTests(CurriculumFixture):
    def ready(self) -> IndividualCurriculum:
        curriculum = self.draw_up()
        self.add(curriculum, "ENG", "GER")
        return curriculum

    def test_submitted_by_the_student_approved_by_the_advisor(self) -> None:
        curriculum = services.submit(self.ready(), acting_user=self.learner)
        self.assertEqual(curriculum.status, "submitted")
        self.assertIsNotNone(curriculum.submitted_at)
        curriculum = services.approve(curriculum, acting_user=self.advisor_user)
        curriculum.refresh_from_db()
        self.assertEqual((curriculum.status, curriculum.approved_by), ("approved", self.advisor_user))
        self.assertEqual(
            [h.status for h in curriculum.history.order_by("history_id")], ["draft", "submitted", "approved"]
        )

    def test_an_approved_curriculum_is_not_changed_until_returned(self) -> None:
        curriculum = services.approve(
            services.submit(self.ready(), acting_user=self.learner), acting_user=self.registrar
        )
        with self.assertRaisesMessage(
            ValidationError,
            "The curriculum is approved: its courses change only while it is a draft or after it is returned.",
        ):
            self.add(curriculum, "ART")
        with self.assertRaisesMessage(ValidationError, "Say what to change: the comment is required."):
            services.return_curriculum(curriculum, comment="  ", acting_user=self.advisor_user)
        curriculum = services.return_curriculum(curriculum, comment="Add ART.", acting_user=self.advisor_user)
        self.assertEqual(
            (curriculum.status, curriculum.comment, curriculum.approved_by), ("returned", "Add ART.", None)
        )
        self.add(curriculum, "ART")
        self.assertEqual(services.submit(curriculum, acting_user=self.advisor_user).status, "submitted")

    def test_refusals(self) -> None:
        draft = self.draw_up()
        with self.assertRaisesMessage(ValidationError, "Only a submitted curriculum is approved; this one is draft."):
            services.approve(draft, acting_user=self.advisor_user)
        with self.assertRaisesMessage(
            ValidationError, "Only a submitted or approved curriculum is returned; this one is draft."
        ):
            services.return_curriculum(draft, comment="x", acting_user=self.advisor_user)
        submitted = services.submit(draft, acting_user=self.learner)
        with self.assertRaisesMessage(
            ValidationError, "Only a draft or a returned curriculum is submitted; this one is submitted."
        ):
            services.submit(submitted, acting_user=self.learner)
        with self.assertRaisesMessage(
            ValidationError,
            "The curriculum does not pass the check: Elective group “Languages”: 0 of 10 credits chosen. "
            "40 credits for the year, fewer than the minimum of 50.",
        ):
            services.approve(submitted, acting_user=self.advisor_user)
        for user in (self.learner, self.aigerim, self.dean):
            with self.subTest(user.username), self.assertRaises(PermissionDenied):
                services.approve(submitted, acting_user=user)
        submitted.refresh_from_db()
        self.assertEqual(submitted.status, "submitted")

    def test_an_empty_curriculum_is_not_submitted(self) -> None:
        student = make_student(self.program_a, admission_year=2020, course=5, user=make_user("old"))
        curriculum = services.draw_up(student, academic_year="2024-2025", acting_user=student.user)
        with self.assertRaisesMessage(ValidationError, "Add the courses of the year before submitting the curriculum."):
            services.submit(curriculum, acting_user=student.user)

    def test_another_student_or_department_changes_nothing(self) -> None:
        curriculum = self.draw_up()
        for user in (self.student_user, self.dana, self.bolat):
            with self.subTest(user.username), self.assertRaises(PermissionDenied):
                self.add(curriculum, "ENG", user=user)
        self.assertEqual(curriculum.items.count(), 3)


class ModelCurriculumServiceTests(CurriculumFixture):
    def test_copy_to_another_admission_year(self) -> None:
        copy = services.copy_model_curriculum(self.model, admission_year=2025, acting_user=self.aigerim)
        self.assertEqual((copy.program, copy.admission_year), (self.program_a, 2025))
        self.assertEqual(
            sorted((r.course.code, r.year_of_study, r.term, r.component, str(r.elective_group or ""))
                   for r in copy.rows.select_related("course", "elective_group")),
            [("ALG", 2, "1", "required", ""), ("ART", 1, "2", "elective", ""), ("ENG", 1, "1", "elective", "Languages"),
             ("FRE", 1, "1", "elective", "Languages"), ("GER", 1, "1", "elective", "Languages"),
             ("HIS", 1, "1", "required", ""), ("MAT", 1, "1", "required", ""), ("PHY", 1, "2", "required", "")],
        )  # fmt: skip
        self.assertNotEqual(copy.elective_groups.get().pk, self.group.pk)
        with self.assertRaisesMessage(ValidationError, "The program already has a model curriculum for 2025."):
            services.copy_model_curriculum(self.model, admission_year=2025, acting_user=self.registrar)

    def test_departments_edit_only_their_programs(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.copy_model_curriculum(self.model, admission_year=2026, acting_user=self.dana)
        with self.assertRaises(PermissionDenied):
            services.add_row(self.model, course=self.c["ALG"], year_of_study=3, term="1", component="required",
                             acting_user=self.dana)  # fmt: skip
        with self.assertRaises(PermissionDenied):
            services.save_model_curriculum(ModelCurriculum(program=self.program_a, admission_year=2030),
                                           acting_user=self.dana)  # fmt: skip
        with self.assertRaises(PermissionDenied):
            services.add_elective_group(self.model, name="X", year_of_study=1, credits=5, acting_user=self.bolat)
        created = services.save_model_curriculum(
            ModelCurriculum(program=self.program_a, admission_year=2030), acting_user=self.aigerim
        )
        self.assertEqual(created.history.first().history_user, self.aigerim)

    def test_a_row_refuses_a_group_for_a_required_course_or_another_year_and_a_duplicate(self) -> None:
        course = make_course(self.institution, "NEW", 5)
        with self.assertRaisesMessage(ValidationError, "Only an elective course belongs to an elective group."):
            services.add_row(self.model, course=course, year_of_study=1, term="1", component="required",
                             elective_group=self.group, acting_user=self.aigerim)  # fmt: skip
        with self.assertRaisesMessage(ValidationError, "The elective group is of year 1."):
            services.add_row(self.model, course=course, year_of_study=2, term="1", component="elective",
                             elective_group=self.group, acting_user=self.aigerim)  # fmt: skip
        with self.assertRaisesMessage(ValidationError, "The course is already in this curriculum."):
            services.add_row(self.model, course=self.c["MAT"], year_of_study=1, term="1", component="required",
                             acting_user=self.aigerim)  # fmt: skip


class GapsTests(CurriculumFixture):
    def test_each_students_gaps_in_words(self) -> None:
        approved = self.draw_up()
        self.add(approved, "ENG", "GER")
        services.approve(services.submit(approved, acting_user=self.learner), acting_user=self.advisor_user)
        missing = make_student(self.program_a, admission_year=2024, course=1, last_name="А")
        submitted = make_student(self.program_a, admission_year=2024, course=1, last_name="Б")
        curriculum = self.draw_up(submitted, self.registrar)
        services.submit(curriculum, acting_user=self.registrar)
        rows = gaps(Student.objects.filter(pk__in=[self.student.pk, missing.pk, submitted.pk]).order_by("last_name"),
                    "2024-2025")  # fmt: skip
        self.assertEqual(
            [(r.student.pk, [g.code for g in r.gaps]) for r in rows],
            [(missing.pk, ["no_curriculum"]),
             (submitted.pk, ["not_approved", "elective_group_short", "too_few_credits"])],
        )  # fmt: skip
        self.assertEqual(
            rows[1].text,
            "The individual curriculum is not approved (status: submitted). Elective group “Languages”: 0 of 10 "
            "credits chosen. 40 credits for the year, fewer than the minimum of 50.",
        )

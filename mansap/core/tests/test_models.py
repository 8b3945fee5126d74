"""Model rules, checked through full_clean() as forms, the API and imports call it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from mansap.common.identifiers import check_digit, iin_facts, make_iin
from mansap.common.testing import BaseTestCase, make_student
from mansap.core.choices import Access, Role
from mansap.core.models import AcademicYear, CalendarEvent, EducationalProgram, Membership, Student, User


class ModelRuleTestCase(BaseTestCase):
    def assert_invalid(self, obj: object, field: str) -> ValidationError:
        with self.assertRaises(ValidationError) as caught:
            obj.full_clean()  # type: ignore[attr-defined]
        self.assertIn(field, caught.exception.message_dict, caught.exception.message_dict)
        return caught.exception


class EducationalProgramTests(ModelRuleTestCase):
    def program(self, code: str, level: str = "", department: object = None) -> EducationalProgram:
        return EducationalProgram(
            code=code, level=level, department=department or self.dept_a, name_kk="Б", name_ru="П", name_en="P"
        )

    def test_code_format(self) -> None:
        for bad in ("6B0610", "6B061011", "5B06101", "6X06101", "B057", "6B0610A", ""):
            with self.subTest(bad):
                self.assert_invalid(self.program(bad, "bachelor"), "code")
        program = self.program(" 6b06199 ", "bachelor")
        program.full_clean()
        self.assertEqual(program.code, "6B06199")

    def test_level_follows_the_code_prefix(self) -> None:
        for code, level in (("6B06199", "bachelor"), ("7M06199", "master"), ("8D06199", "doctorate")):
            with self.subTest(code):
                program = self.program(code, level)
                program.full_clean()
                self.assertEqual(program.level, level)
        for code, level in (("6B06199", "master"), ("7M06199", "bachelor"), ("8D06199", "master")):
            with self.subTest(code=code, level=level):
                self.assert_invalid(self.program(code, level), "level")

    def test_code_is_unique_within_the_institution(self) -> None:
        # program_a has 6B06101 in department A; department C is in another faculty of the same institution
        self.assert_invalid(self.program("6B06101", "bachelor", self.dept_c), "code")
        self.assert_invalid(self.program("6B06101", "bachelor", self.dept_a), "code")
        self.program_a.full_clean()  # its own code does not clash with itself
        self.program("6B06103", "bachelor", self.dept_c).full_clean()

    def test_str_in_the_active_language(self) -> None:
        from django.utils import translation

        for language, name in (
            ("kk", "Ақпараттық жүйелер"),
            ("ru", "Информационные системы"),
            ("en", "Information systems"),
        ):
            with translation.override(language):
                self.assertEqual(str(self.program_a), f"6B06101 {name}")


class AcademicYearTests(ModelRuleTestCase):
    def year(self, start_year: int, starts_on: dt.date, ends_on: dt.date) -> AcademicYear:
        return AcademicYear(institution=self.institution, start_year=start_year, starts_on=starts_on, ends_on=ends_on)

    def test_name(self) -> None:
        year = self.year(2025, dt.date(2025, 9, 1), dt.date(2026, 6, 30))
        year.full_clean()
        self.assertEqual((year.name, str(year)), ("2025-2026", "2025-2026"))

    def test_start_year_must_match_the_start_date(self) -> None:
        self.assert_invalid(self.year(2025, dt.date(2024, 9, 1), dt.date(2025, 6, 30)), "starts_on")

    def test_must_end_after_it_starts(self) -> None:
        self.assert_invalid(self.year(2025, dt.date(2025, 9, 1), dt.date(2025, 8, 1)), "ends_on")
        self.assert_invalid(self.year(2025, dt.date(2025, 9, 1), dt.date(2025, 9, 1)), "ends_on")
        with self.assertRaises(IntegrityError), transaction.atomic():
            self.year(2025, dt.date(2025, 9, 1), dt.date(2025, 8, 1)).save()

    def test_unique_per_institution(self) -> None:
        self.year(2025, dt.date(2025, 9, 1), dt.date(2026, 6, 30)).save()
        with self.assertRaises(ValidationError):
            self.year(2025, dt.date(2025, 9, 2), dt.date(2026, 6, 30)).full_clean()


class CalendarEventTests(ModelRuleTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.year = AcademicYear.objects.create(
            institution=cls.institution, start_year=2025, starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2026, 6, 30)
        )

    def event(self, starts_on: dt.date, ends_on: dt.date) -> CalendarEvent:
        return CalendarEvent(
            academic_year=self.year, kind="exams", title_kk="Сессия", title_ru="Сессия", title_en="Exams",
            starts_on=starts_on, ends_on=ends_on,
        )  # fmt: skip

    def test_within_the_year(self) -> None:
        self.event(dt.date(2025, 9, 1), dt.date(2026, 6, 30)).full_clean()
        self.event(dt.date(2026, 1, 5), dt.date(2026, 1, 25)).full_clean()
        for starts_on, ends_on in (
            (dt.date(2025, 8, 31), dt.date(2025, 12, 1)),
            (dt.date(2026, 6, 1), dt.date(2026, 7, 1)),
            (dt.date(2024, 1, 1), dt.date(2024, 2, 1)),
        ):
            with self.subTest(starts_on=starts_on, ends_on=ends_on):
                self.assert_invalid(self.event(starts_on, ends_on), "__all__")

    def test_ends_on_or_after_its_first_day(self) -> None:
        self.event(dt.date(2026, 1, 5), dt.date(2026, 1, 5)).full_clean()
        self.assert_invalid(self.event(dt.date(2026, 1, 5), dt.date(2026, 1, 4)), "ends_on")


class StudentTests(ModelRuleTestCase):
    def student(self, **fields: object) -> Student:
        born = fields.pop("birth_date", dt.date(2003, 4, 5))
        sex = fields.pop("sex", "F")
        values: dict[str, object] = {
            "iin": make_iin(born, sex, 11),  # type: ignore[arg-type]
            "last_name": "Нұрланова",
            "first_name": "Айым",
            "birth_date": born,
            "sex": sex,
            "program": self.program_a,
        }
        values.update(fields)
        student = Student(**values)
        student.fill_derived()
        return student

    def test_valid_student_and_derived_fields(self) -> None:
        student = self.student(phone="8 701 123 45 67")
        student.full_clean()
        self.assertEqual(student.phone, "+7 701 123 45 67")
        self.assertEqual((student.last_name_latin, student.first_name_latin), ("Nurlanova", "Aiym"))
        self.assertEqual(student.institution, self.institution)
        self.assertEqual(student.status, "studying")
        self.assertIsNone(student.cohort)
        self.assertFalse(student.is_graduate)
        self.assertEqual(student.department, self.dept_a)

    def test_graduation_date_sets_status_graduated(self) -> None:
        student = self.student(graduation_date=dt.date(2025, 6, 30))
        student.full_clean()
        self.assertEqual(student.status, "graduated")
        self.assertEqual(student.cohort, 2025)
        self.assertTrue(student.is_graduate)

    def test_expelled_with_graduation_date_keeps_its_status(self) -> None:
        student = self.student(graduation_date=dt.date(2025, 6, 30), status="expelled")
        student.full_clean()
        self.assertEqual(student.status, "expelled")

    def test_graduated_needs_a_date(self) -> None:
        self.assert_invalid(self.student(status="graduated"), "graduation_date")

    def test_graduation_after_birth(self) -> None:
        self.assert_invalid(self.student(graduation_date=dt.date(2003, 4, 5)), "graduation_date")

    def test_minor_must_differ_from_major(self) -> None:
        self.assert_invalid(self.student(minor_program=self.program_a), "minor_program")
        self.student(minor_program=self.program_c).full_clean()

    def test_birth_date_in_the_past(self) -> None:
        today = timezone.localdate()
        student = self.student()
        student.birth_date = today
        self.assert_invalid(student, "birth_date")
        student.birth_date = today + dt.timedelta(days=30)
        self.assert_invalid(student, "birth_date")

    def test_gpa_bounds(self) -> None:
        for gpa in ("0", "0.00", "2.67", "4", "4.00"):
            self.student(gpa=Decimal(gpa)).full_clean()
        for gpa in ("4.01", "4.5", "-0.01"):
            with self.subTest(gpa):
                self.assert_invalid(self.student(gpa=Decimal(gpa)), "gpa")

    def test_gpa_bounds_hold_in_the_database(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_student(self.program_a, gpa=Decimal("4.5"))

    def test_iin_format_and_check_digit(self) -> None:
        good = make_iin(dt.date(2003, 4, 5), "F", 11)
        bad = good[:11] + str((int(good[11]) + 1) % 10)
        for iin, code in ((bad, "iin_checksum"), ("12345", "iin_format"), ("12345678901a", "iin_format")):
            with self.subTest(iin):
                error = self.assert_invalid(self.student(iin=iin), "iin")
                self.assertEqual(error.error_dict["iin"][0].code, code)

    def test_iin_unique_within_the_institution(self) -> None:
        existing = make_student(self.program_b)
        with self.assertRaises(ValidationError) as caught:
            self.student(iin=existing.iin).full_clean()
        self.assertIn("A student with this IIN already exists.", str(caught.exception))

    def test_bad_phone(self) -> None:
        self.assert_invalid(self.student(phone="12345"), "phone")

    def test_iin_warnings(self) -> None:
        born = dt.date(2003, 4, 5)
        iin = make_iin(born, "F", 11)
        self.assertEqual(iin_facts(iin).birth_date, born)
        self.assertEqual(iin_facts(iin).sex, "F")
        self.assertEqual(self.student(iin=iin, birth_date=born, sex="F").iin_warnings(), [])
        self.assertEqual(
            self.student(iin=iin, birth_date=dt.date(2003, 4, 6), sex="F").iin_warnings(), ["iin_birthdate_mismatch"]
        )
        self.assertEqual(self.student(iin=iin, birth_date=born, sex="M").iin_warnings(), ["iin_sex_mismatch"])
        self.assertEqual(
            self.student(iin=iin, birth_date=dt.date(1999, 1, 1), sex="M").iin_warnings(),
            ["iin_birthdate_mismatch", "iin_sex_mismatch"],
        )
        # a mismatch is a warning only: the record is still valid
        self.student(iin=iin, birth_date=dt.date(1999, 1, 1), sex="M").full_clean()
        # an IIN issued without the classic layout (century digit 0) gives no warnings
        odd = next(
            body + str(check_digit(body))
            for body in (f"0304050{serial:04d}" for serial in range(100))
            if check_digit(body) is not None
        )
        self.assertEqual(self.student(iin=odd, birth_date=dt.date(1999, 1, 1), sex="M").iin_warnings(), [])

    def test_iin_warnings_on_the_detail_page(self) -> None:
        iin = make_iin(dt.date(2003, 4, 5), "F", 11)
        student = make_student(self.program_a, iin=iin, birth_date=dt.date(2003, 4, 6), sex="F")
        self.client.force_login(self.aigerim)
        response = self.client.get(student.get_absolute_url())
        self.assertContains(response, "do not match the birth date")
        self.assertNotContains(response, "do not match the sex")


class MembershipTests(ModelRuleTestCase):
    def membership(self, **fields: object) -> Membership:
        user = User.objects.create_user(f"m{User.objects.count()}")
        return Membership(user=user, institution=self.institution, **fields)

    def test_dean_needs_a_faculty(self) -> None:
        self.assert_invalid(self.membership(role=Role.DEAN), "faculty")
        self.membership(role=Role.DEAN, faculty=self.faculty).full_clean()
        with self.assertRaises(IntegrityError), transaction.atomic():
            self.membership(role=Role.DEAN).save()

    def test_department_role_needs_a_department(self) -> None:
        self.assert_invalid(self.membership(role=Role.DEPARTMENT), "department")
        self.membership(role=Role.DEPARTMENT, department=self.dept_a).full_clean()
        with self.assertRaises(IntegrityError), transaction.atomic():
            self.membership(role=Role.DEPARTMENT).save()

    def test_management_is_never_read_write(self) -> None:
        membership = self.membership(role=Role.MANAGEMENT, access=Access.EDIT)
        self.assertFalse(membership.is_rw)
        membership.full_clean()
        self.assertEqual(membership.access, Access.VIEW)
        self.assertFalse(membership.is_rw)
        self.assertTrue(membership.is_institution_wide)

    def test_access_decides_read_write(self) -> None:
        self.assertTrue(self.membership(role=Role.CAREER_CENTER, access=Access.EDIT).is_rw)
        self.assertFalse(self.membership(role=Role.CAREER_CENTER, access=Access.VIEW).is_rw)
        self.assertTrue(self.membership(role=Role.DEAN, faculty=self.faculty).is_rw)
        self.assertFalse(self.membership(role=Role.DEAN, faculty=self.faculty).is_institution_wide)

    def test_a_management_membership_saved_as_edit_still_cannot_write(self) -> None:
        # Saved without full_clean (e.g. a shell or a fixture): the scope still treats it as read-only.
        boss = User.objects.create_user("boss")
        Membership.objects.create(user=boss, institution=self.institution, role=Role.MANAGEMENT, access=Access.EDIT)
        student = make_student(self.program_a)
        self.assertTrue(Student.objects.for_user(boss).filter(pk=student.pk).exists())
        self.assertFalse(Student.objects.for_user(boss, "change").exists())

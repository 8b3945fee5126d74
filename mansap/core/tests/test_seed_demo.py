"""seed_demo: valid, consistent, deterministic demo data and the demo logins."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import models

from mansap.common.identifiers import iin_facts, validate_bin, validate_iin
from mansap.common.testing import SeededDemo, class_demo_fixture
from mansap.core import demo
from mansap.core.choices import LEVEL_CODE_LETTER, Access, Role, StudentStatus
from mansap.core.models import (
    AcademicYear,
    CalendarEvent,
    Department,
    EducationalProgram,
    Employee,
    Faculty,
    Institution,
    Membership,
    Student,
    User,
)
from mansap.core.models.org import PROGRAM_CODE_RE
from mansap.employers.models import Organization

pytestmark = pytest.mark.django_db

GRADUATES = 60
SEED = 7


def seed(*args: str, **options: object) -> str:
    out = StringIO()
    call_command("seed_demo", *args, graduates=GRADUATES, seed=SEED, stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = (Institution, Faculty, Department, EducationalProgram, AcademicYear, CalendarEvent, Employee,
              Organization, Student, User, Membership)  # fmt: skip
    return {model.__name__: model.objects.count() for model in models}


def first_people() -> list[tuple[str, str, str, str]]:
    return list(Student.objects.order_by("pk").values_list("iin", "last_name", "first_name", "middle_name")[:10])


def test_quiet_run_prints_nothing() -> None:
    out = StringIO()
    call_command("seed_demo", graduates=5, seed=SEED, verbosity=0, stdout=out)
    assert out.getvalue() == ""
    assert Student.objects.graduates().count() == 5


def test_refuses_to_touch_a_real_institution() -> None:
    Institution.objects.create(code=settings.MANSAP_DEFAULT_INSTITUTION_CODE, short_name="Real", name_kk="R",
                               name_ru="R", name_en="R")  # fmt: skip
    with pytest.raises(CommandError, match="not created by seed_demo"):
        seed("--flush")
    assert Institution.objects.get().short_name == "Real"


def test_existing_account_is_left_alone() -> None:
    User.objects.create_user("admin", password="my-own-secret")
    out = seed()
    assert "left unchanged: admin" in out
    assert User.objects.get(username="admin").check_password("my-own-secret")


def languages() -> list[tuple[str, str]]:
    return list(Student.objects.order_by("pk").values_list("iin", "study_language"))


def test_study_language_depends_only_on_program_name_and_iin() -> None:
    kazakh = demo.PersonName("Абаев", demo.KAZAKH_MALE[0], "", "M")
    russian = demo.PersonName("Иванов", demo.RUSSIAN_MALE[0][0], "", "M")
    iins = [f"0201015{i:05d}" for i in range(400)]
    assert {demo.study_language("6B07301", kazakh, iin) for iin in iins} == {"kk", "ru"}  # no English groups
    mostly = [demo.study_language("6B07301", russian, iin) for iin in iins]
    assert mostly.count("ru") > 0.9 * len(iins)
    assert [demo.study_language("6B06101", kazakh, iin) for iin in iins] == [
        demo.study_language("6B06101", kazakh, iin) for iin in iins
    ]


demo_class = class_demo_fixture(graduates=GRADUATES)


@pytest.mark.usefixtures("demo_class")
class TestSeededDemo:
    """The tests that only read the demo share one seed (see class_demo_fixture)."""

    @pytest.fixture
    def media_root(self, demo_class: SeededDemo) -> Path:
        return demo_class.media

    @pytest.fixture
    def seeded(self, demo_class: SeededDemo) -> str:
        return demo_class.output

    def test_summary_and_logins_are_printed(self, seeded: str) -> None:
        assert "graduates" in seeded and "60" in seeded
        assert demo.DEMO_PASSWORD in seeded
        for login in [x.username for x in demo.DEMO_LOGINS]:  # employer and employer2 included
            assert f"\n  {login} " in seeded

    def test_institution(self, seeded: str) -> None:
        institution = Institution.objects.get(code=settings.MANSAP_DEFAULT_INSTITUTION_CODE)
        assert institution.short_name == "KazUTB"
        assert institution.name_en == "K. Kulazhanov Kazakh University of Technology and Business"
        assert institution.name_kk.startswith("Қ. Құлажанов")
        assert institution.name_ru.startswith("Казахский университет технологии и бизнеса")
        validate_bin(institution.bin)
        assert 4 <= Faculty.objects.count() <= 5
        assert 10 <= Department.objects.count() <= 14
        assert Department.objects.filter(is_graduating=True).count() >= 8

    def test_every_iin_is_valid_unique_and_matches_the_person(self, seeded: str) -> None:
        people = list(Student.objects.values_list("iin", "birth_date", "sex"))
        assert len(people) > 300
        assert len({iin for iin, _b, _s in people}) == len(people)
        for iin, birth_date, sex in people:
            validate_iin(iin)
            facts = iin_facts(iin)
            assert (facts.birth_date, facts.sex) == (birth_date, sex), iin

    def test_people_are_consistent(self, seeded: str) -> None:
        for student in Student.objects.select_related("program"):
            student.full_clean()  # field validators, phone format, graduation after birth...
            assert student.last_name and student.first_name and student.middle_name
            assert student.last_name_latin.isascii() and student.first_name_latin.isascii()
            age_at_admission = student.admission_year - student.birth_date.year
            assert 16 <= age_at_admission <= 40, student
            if student.sex == "F":
                assert student.middle_name.endswith(("қызы", "овна", "евна", "ична")), student.middle_name
            else:
                assert student.middle_name.endswith(("ұлы", "ович", "евич", "ич")), student.middle_name
            if student.phone:
                assert len(student.phone) == len("+7 701 123 45 67") and student.phone.startswith("+7 7")
            if student.email:
                assert student.email.rsplit("@", 1)[1] in ("example.com", "example.org", "example.net")
            if student.is_graduate:
                assert student.status == StudentStatus.GRADUATED
                assert student.graduation_date.month == 6 and student.graduation_date.day >= 20
                assert student.admission_year == student.graduation_date.year - student.program.duration_years
                assert student.diploma_number and dt.date(2000, 1, 1) < student.graduation_date
                assert 2 <= student.gpa <= 4
            else:
                assert student.status in (StudentStatus.STUDYING, StudentStatus.ACADEMIC_LEAVE, StudentStatus.EXPELLED)
                assert 1 <= student.course <= student.program.duration_years

    def test_programs(self, seeded: str) -> None:
        programs = list(EducationalProgram.objects.select_related("group"))
        assert 18 <= len(programs) <= 24
        assert len({p.code for p in programs}) == len(programs)
        for program in programs:
            assert PROGRAM_CODE_RE.match(program.code)
            assert program.level == LEVEL_CODE_LETTER[program.code[:2]]
            program.full_clean()
        assert {p.level for p in programs} == {"bachelor", "master"}
        bachelor_programs = [p for p in programs if p.level == "bachelor"]
        for program in bachelor_programs:
            assert {s.course for s in Student.objects.filter(program=program, graduation_date=None)} == {1, 2, 3, 4}

    def test_calendar(self, seeded: str) -> None:
        years = list(AcademicYear.objects.order_by("start_year"))
        assert [y.start_year for y in years] == list(range(years[-1].start_year - 4, years[-1].start_year + 1))
        assert [y.is_current for y in years] == [False] * 4 + [True]
        for year in years:
            kinds = sorted(e.kind for e in year.events.all())
            assert kinds.count("semester") == 2 and kinds.count("exams") == 2 and kinds.count("holidays") == 2
            assert "practice" in kinds and "final_attestation" in kinds
        for event in CalendarEvent.objects.select_related("academic_year"):
            event.full_clean()
            assert event.title_kk and event.title_ru and event.title_en

    def test_organizations(self, seeded: str) -> None:
        organizations = list(Organization.objects.all())
        assert 25 <= len(organizations) <= 35
        for organization in organizations:
            organization.full_clean()
            assert organization.name_kk and organization.name_ru and organization.name_en and organization.region
        assert Student.objects.filter(sponsor__isnull=False).exists() or Student.objects.count() < 100

    def test_demo_users_and_memberships(self, seeded: str) -> None:
        def membership(username: str) -> Membership:
            return Membership.objects.select_related("department", "faculty").get(user__username=username)

        assert User.objects.get(username="admin").is_superuser
        for user in User.objects.filter(username__in=[x.username for x in demo.DEMO_LOGINS]):
            assert user.check_password(demo.DEMO_PASSWORD)
            assert user.first_name and user.last_name and user.language in ("kk", "ru")
        cc, rector = membership("cc"), membership("rector")
        assert (cc.role, cc.access) == (Role.CAREER_CENTER, Access.EDIT)
        assert (rector.role, rector.access) == (Role.MANAGEMENT, Access.VIEW)
        assert membership("registrar").role == Role.REGISTRAR
        aigerim, bolat, dana, dean = membership("aigerim"), membership("bolat"), membership("dana"), membership("dean")
        assert (aigerim.role, aigerim.access) == (Role.DEPARTMENT, Access.EDIT)
        assert (bolat.role, bolat.access) == (Role.DEPARTMENT, Access.VIEW)
        assert bolat.department == aigerim.department
        assert (dana.role, dana.access) == (Role.DEPARTMENT, Access.EDIT)
        assert dana.department != aigerim.department
        assert aigerim.department.is_graduating and dana.department.is_graduating
        assert dean.role == Role.DEAN and dean.faculty == aigerim.department.faculty
        student = Student.objects.get(user__username="student")
        assert student.status == StudentStatus.STUDYING and not student.is_graduate

    def test_graduates_span_four_cohorts(self, seeded: str) -> None:
        graduates = Student.objects.graduates()
        assert graduates.count() == GRADUATES
        cohorts = sorted(set(graduates.values_list("graduation_date__year", flat=True)))
        current = AcademicYear.objects.get(is_current=True).start_year
        assert cohorts == list(range(current - 3, current + 1))
        assert graduates.filter(status=StudentStatus.GRADUATED).count() == GRADUATES
        assert len(set(graduates.values_list("diploma_number", flat=True))) == GRADUATES

    def test_second_run_changes_nothing(self, seeded: str) -> None:
        before = counts()
        out = seed()
        assert "already loaded" in out
        assert counts() == before

    def test_languages_of_instruction_are_realistic_and_deterministic(self, seeded: str) -> None:
        counts = dict(
            Student.objects.values("study_language").annotate(n=models.Count("pk")).values_list("study_language", "n")
        )
        total = sum(counts.values())
        assert set(counts) <= {"kk", "ru", "en"}  # everyone has one
        assert counts["kk"] > counts["ru"] > counts.get("en", 0) > 0
        assert counts["kk"] + counts["ru"] >= 0.85 * total
        english_programs = set(Student.objects.filter(study_language="en").values_list("program__code", flat=True))
        assert english_programs and english_programs <= set(demo.ENGLISH_SHARE)
        before = languages()
        seed("--flush")
        assert languages() == before

    def test_a_demo_student_has_a_practice_in_progress_with_an_open_diary(self, seeded: str) -> None:
        """Issue #12: the `student` login's only practice is graded; `student2` can try the diary."""
        from django.test import Client
        from django.utils import timezone

        from mansap.practice.models import Placement

        assert "student2" in seeded
        today = timezone.localdate()
        placement = Placement.objects.select_related("practice").get(student__user__username="student2")
        assert placement.practice.starts_on <= today <= placement.practice.ends_on
        client = Client()
        client.force_login(User.objects.get(username="student2"))
        page = client.get("/practice/my/")
        assert page.status_code == 200
        assert b'id="diary-add"' in page.content

    def test_same_seed_same_people_and_flush(self, seeded: str) -> None:
        before = first_people()
        out = seed("--flush")
        assert "Deleting" in out
        assert first_people() == before
        assert Institution.objects.count() == 1 and Student.objects.graduates().count() == GRADUATES
        call_command("seed_demo", "--flush", graduates=GRADUATES, seed=SEED + 1, stdout=StringIO())
        assert first_people() != before

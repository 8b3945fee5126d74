"""factory_boy factories for the core models (shared by the test modules)."""

from __future__ import annotations

import datetime as dt

import factory

from mansap.common.identifiers import iin_facts, make_iin
from mansap.common.translit import to_latin
from mansap.core.choices import Access, ProgramLevel, Role
from mansap.core.models import Department, EducationalProgram, Faculty, Institution, Membership, Student, User


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"uni{n}")
    short_name = factory.Sequence(lambda n: f"UNI{n}")
    name_kk = factory.LazyAttribute(lambda o: f"{o.short_name} университеті")
    name_ru = factory.LazyAttribute(lambda o: f"Университет {o.short_name}")
    name_en = factory.LazyAttribute(lambda o: f"{o.short_name} University")


class FacultyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faculty

    institution = factory.SubFactory(InstitutionFactory)
    code = factory.Sequence(lambda n: f"F{n}")
    name_kk = factory.Sequence(lambda n: f"Факультет {n}")
    name_ru = factory.Sequence(lambda n: f"Факультет {n}")
    name_en = factory.Sequence(lambda n: f"Faculty {n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    faculty = factory.SubFactory(FacultyFactory)
    code = factory.Sequence(lambda n: f"D{n}")
    name_kk = factory.Sequence(lambda n: f"Кафедра {n}")
    name_ru = factory.Sequence(lambda n: f"Кафедра {n}")
    name_en = factory.Sequence(lambda n: f"Department {n}")


class EducationalProgramFactory(factory.django.DjangoModelFactory):
    """A bachelor's program by default; pass code="7M..." together with level=ProgramLevel.MASTER."""

    class Meta:
        model = EducationalProgram

    department = factory.SubFactory(DepartmentFactory)
    code = factory.Sequence(lambda n: f"6B{6100 + n:05d}")
    level = ProgramLevel.BACHELOR
    name_kk = factory.Sequence(lambda n: f"Бағдарлама {n}")
    name_ru = factory.Sequence(lambda n: f"Программа {n}")
    name_en = factory.Sequence(lambda n: f"Program {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.kz")
    password = factory.django.Password("secret-pass-123")


class MembershipFactory(factory.django.DjangoModelFactory):
    """A Career Center (institution-wide, read-write) membership unless told otherwise."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Role.CAREER_CENTER
    access = Access.EDIT


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    program = factory.SubFactory(EducationalProgramFactory)
    institution = factory.LazyAttribute(lambda o: o.program.department.faculty.institution)
    iin = factory.Sequence(lambda n: make_iin(dt.date(2001, 1, 1) + dt.timedelta(days=n % 3000), "M", n % 9000))
    birth_date = factory.LazyAttribute(lambda o: iin_facts(o.iin).birth_date)
    sex = factory.LazyAttribute(lambda o: iin_facts(o.iin).sex or "")
    last_name = factory.Sequence(lambda n: f"Студентов{n}")
    first_name = "Асан"
    last_name_latin = factory.LazyAttribute(lambda o: to_latin(o.last_name))
    first_name_latin = factory.LazyAttribute(lambda o: to_latin(o.first_name))

"""The home page's figures: the four totals and the departments' rows, from one grouped query (#19)."""

from __future__ import annotations

import datetime as dt

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from mansap.core.choices import Access, Role, StudentStatus
from mansap.core.tests.factories import (
    DepartmentFactory,
    EducationalProgramFactory,
    FacultyFactory,
    InstitutionFactory,
    MembershipFactory,
    StudentFactory,
    UserFactory,
)


class HomeCountsTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.institution = InstitutionFactory()
        faculty = FacultyFactory(institution=cls.institution)
        cls.law = DepartmentFactory(faculty=faculty, code="LAW", name_kk="Құқық", name_ru="Право", name_en="Law")
        cls.cs = DepartmentFactory(faculty=faculty, code="CS", name_kk="Информатика", name_ru="Информатика")
        law, cs = EducationalProgramFactory(department=cls.law), EducationalProgramFactory(department=cls.cs)
        year = timezone.localdate().year
        for program, status, graduated in [
            (law, StudentStatus.STUDYING, None),
            (law, StudentStatus.STUDYING, None),
            (law, StudentStatus.GRADUATED, dt.date(year, 6, 30)),
            (law, StudentStatus.GRADUATED, dt.date(year - 3, 6, 30)),
            (cs, StudentStatus.STUDYING, None),
            (cs, StudentStatus.EXPELLED, None),
            (cs, StudentStatus.GRADUATED, dt.date(year, 6, 30)),
        ]:
            StudentFactory(program=program, status=status, graduation_date=graduated)
        cls.cc = MembershipFactory(institution=cls.institution, role=Role.CAREER_CENTER).user
        cls.law_staff = UserFactory(username="law-staff")
        MembershipFactory(
            user=cls.law_staff, institution=cls.institution, department=cls.law, role=Role.DEPARTMENT,
            access=Access.VIEW,
        )  # fmt: skip

    def context(self, user: object) -> dict[str, object]:
        self.client.force_login(user)  # type: ignore[arg-type]
        response = self.client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 200)
        return response.context  # type: ignore[no-any-return]

    def test_the_whole_institution(self) -> None:
        context = self.context(self.cc)
        self.assertEqual(context["counts"], {"studying": 3, "graduates": 3, "recent": 2, "total": 7})
        rows = [(r["program__department__code"], r["studying"], r["graduates"]) for r in context["by_department"]]
        self.assertEqual(rows, [("CS", 1, 1), ("LAW", 2, 2)])

    def test_one_department(self) -> None:
        context = self.context(self.law_staff)
        self.assertEqual(context["counts"], {"studying": 2, "graduates": 2, "recent": 1, "total": 4})
        rows = [(r["program__department__code"], r["studying"], r["graduates"]) for r in context["by_department"]]
        self.assertEqual(rows, [("LAW", 2, 2)])

    def test_nothing_in_scope(self) -> None:
        other = InstitutionFactory()
        user = MembershipFactory(institution=other, role=Role.CAREER_CENTER).user
        context = self.context(user)
        self.assertEqual(context["counts"], {"studying": 0, "graduates": 0, "recent": 0, "total": 0})
        self.assertEqual(list(context["by_department"]), [])

"""core.access: the role predicates against the personas, the scoped lookups (404 / 403 / 200), the
user's institution, and the equivalence with the copies in the apps that these replace."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import override_settings

from mansap.common.testing import BaseTestCase, make_student, make_user
from mansap.core import access, querysets
from mansap.core.choices import Access, Role
from mansap.core.models import Department, Faculty, Institution, Membership, ProgramGroup, Student
from mansap.employers.models import EmployerContact, Organization, Vacancy

PERSONAS = ("admin", "cc", "registrar", "rector", "dean", "aigerim", "bolat", "dana", "student_user")


class AccessFixture(BaseTestCase):
    """The personas, plus a second institution with a Career Center editor and an employer contact."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.other = Institution.objects.create(
            code="OTHER", short_name="Other", name_kk="Басқа", name_ru="Другой", name_en="Other"
        )
        other_faculty = Faculty.objects.create(institution=cls.other, code="OF", name_kk="Ф", name_ru="Ф", name_en="F")
        cls.other_dept = Department.objects.create(
            faculty=other_faculty, code="OD", name_kk="К", name_ru="К", name_en="D"
        )
        cls.other_cc = make_user("other-cc")
        Membership.objects.create(user=cls.other_cc, institution=cls.other, role=Role.CAREER_CENTER)
        cls.cc_reader = make_user("cc-reader")
        Membership.objects.create(
            user=cls.cc_reader, institution=cls.institution, role=Role.CAREER_CENTER, access=Access.VIEW
        )
        cls.organization = Organization.objects.create(
            institution=cls.institution, name_kk="Kaspi Bank", name_ru="Kaspi Bank", name_en="Kaspi Bank"
        )
        cls.contact_user = make_user("contact@kaspi.kz")
        EmployerContact.objects.create(user=cls.contact_user, organization=cls.organization)
        cls.student_a = make_student(cls.program_a, last_name="Алтынбекова")
        cls.student_b = make_student(cls.program_b, last_name="Бейсенова")

    def fresh(self, name: str) -> Any:
        """The persona as a new user object, as each request gets one (no cached memberships)."""
        user = getattr(self, name)
        return type(user).objects.get(pk=user.pk)


class MembershipReadTests(AccessFixture):
    def test_memberships_are_read_once_per_user_object(self) -> None:
        user = self.fresh("aigerim")
        with self.assertNumQueries(1):  # the user's memberships
            first = access.user_memberships(user)
            again = access.user_memberships(user)
            self.assertEqual(access.memberships_for(user, access.CHANGE), first)
        self.assertIs(first, again)
        self.assertEqual([(m.role, m.department_id) for m in first], [(Role.DEPARTMENT, self.dept_a.pk)])

    def test_anonymous_and_no_user_have_none(self) -> None:
        with self.assertNumQueries(0):
            self.assertEqual(access.user_memberships(AnonymousUser()), [])
            self.assertEqual(access.user_memberships(None), [])

    def test_read_only_memberships_do_not_grant_change(self) -> None:
        self.assertEqual(len(access.memberships_for(self.fresh("bolat"), access.VIEW)), 1)
        self.assertEqual(access.memberships_for(self.fresh("bolat"), access.CHANGE), [])
        self.assertEqual(access.memberships_for(self.fresh("rector"), access.CHANGE), [])  # management: read-only
        with self.assertRaises(ValueError):
            access.memberships_for(self.fresh("bolat"), "delete")

    def test_the_access_functions_live_in_core_access_only(self) -> None:
        for name in ("user_memberships", "memberships_for", "is_staff_member", "can_create"):
            self.assertFalse(hasattr(querysets, name), name)


class PredicateTests(AccessFixture):
    """Each predicate against every persona, with literal expectations."""

    def check(self, predicate: Callable[[Any], bool], expected: set[str], personas: tuple[str, ...] = PERSONAS) -> None:
        found = {name for name in personas if predicate(self.fresh(name))}
        self.assertEqual(found, expected, predicate.__name__)

    def test_is_staff_member(self) -> None:
        self.check(access.is_staff_member, {"admin", "cc", "registrar", "rector", "dean", "aigerim", "bolat", "dana"})
        self.assertIs(access.is_staff_member(AnonymousUser()), False)
        self.assertIs(access.is_staff_member(self.contact_user), False)

    def test_can_create_by_level(self) -> None:
        self.check(lambda u: access.can_create(u, "institution"), {"admin", "cc", "registrar"})
        self.check(lambda u: access.can_create(u, "faculty"), {"admin", "cc", "registrar", "dean"})
        self.check(
            lambda u: access.can_create(u, "department"), {"admin", "cc", "registrar", "dean", "aigerim", "dana"}
        )

    def test_institution_editors(self) -> None:
        self.check(access.is_institution_editor, {"admin", "cc", "registrar"})
        # The Career Center's powers are not the Registrar's Office's (#12; test_powers.py tries each action).
        self.check(access.can_manage_rounds, {"admin", "cc"})
        self.check(access.is_career_center, {"admin", "cc"})
        self.assertIs(access.is_institution_editor(self.cc_reader), False)
        self.assertIs(access.is_institution_editor(None), False)
        self.assertIs(access.is_institution_editor(AnonymousUser()), False)

    def test_career_center_editor_is_narrower(self) -> None:
        self.check(access.is_career_center_editor, {"admin", "cc"})  # not the Registrar's Office
        self.assertIs(access.is_career_center_editor(None), False)

    def test_write_membership_without_superusers(self) -> None:
        self.check(access.has_institution_wide_write_membership, {"cc", "registrar"})

    def test_institution_wide_readers(self) -> None:
        self.check(access.is_institution_wide, {"admin", "cc", "registrar", "rector"})
        self.assertIs(access.is_institution_wide(self.cc_reader), True)
        self.assertIs(access.is_institution_wide(AnonymousUser()), False)

    def test_read_only_staff(self) -> None:
        self.check(access.is_read_only_staff, {"rector", "bolat", "student_user"}, PERSONAS)

    def test_access_management(self) -> None:
        self.check(access.can_manage_access, {"admin", "cc", "dean"})
        self.check(access.can_view_access, {"admin", "cc", "dean", "rector"})
        # Beyond the personas: a Career Center reader neither manages nor reads the access pages; another
        # institution's Career Center manages its own; an employer contact and the anonymous visitor neither.
        others = ("cc_reader", "other_cc", "contact_user")
        self.check(access.can_manage_access, {"other_cc"}, others)
        self.check(access.can_view_access, {"other_cc"}, others)
        self.assertIs(access.can_manage_access(AnonymousUser()), False)
        self.assertIs(access.can_view_access(AnonymousUser()), False)
        self.assertEqual([m.role for m in access.managing_memberships(self.fresh("dean"))], [Role.DEAN])
        self.assertEqual(access.managing_memberships(self.fresh("registrar")), [])

    def test_employer_contacts(self) -> None:
        self.check(access.is_employer_contact, set())
        contact = self.fresh("contact_user")
        with self.assertNumQueries(2):  # memberships, then the contact's organization; both cached
            self.assertEqual(access.employer_organization_id(contact), self.organization.pk)
            self.assertIs(access.is_employer_contact(contact), True)
        self.assertIs(access.is_employer_contact(AnonymousUser()), False)

    def test_career_center_of_an_object(self) -> None:
        vacancy = Vacancy.objects.create(
            institution=self.institution, organization=self.organization, title="Analyst", description="Data"
        )
        self.assertIs(access.is_career_center(self.fresh("cc"), vacancy), True)
        self.assertIs(access.is_career_center(self.fresh("other_cc"), vacancy), False)
        self.assertIs(access.is_career_center(self.fresh("aigerim"), vacancy), False)


class SameAsTheAppCopiesTests(AccessFixture):
    """The predicates answer as the copies in the apps they replace did, beyond the personas (recorded with
    practice/services/placements.py's is_institution_editor and is_career_center_editor, the last copies)."""

    def test_predicates(self) -> None:
        # A Career Center editor of another institution is one; a read-only one and an employer contact are not.
        for name, expected in (("other_cc", True), ("cc_reader", False), ("contact_user", False)):
            self.assertIs(access.is_institution_editor(self.fresh(name)), expected, name)
            self.assertIs(access.is_career_center_editor(self.fresh(name)), expected, name)
        self.assertIs(access.is_career_center_editor(AnonymousUser()), False)


class GetForUserTests(AccessFixture):
    """Out of the view scope: 404; visible but not changeable: 403; else the object."""

    def test_view(self) -> None:
        self.assertEqual(access.get_for_user_or_404(Student, self.fresh("aigerim"), self.student_a.pk), self.student_a)
        self.assertEqual(access.get_for_user_or_404(Student, self.fresh("bolat"), self.student_a.pk), self.student_a)
        with self.assertRaises(Http404):
            access.get_for_user_or_404(Student, self.fresh("dana"), self.student_a.pk)
        with self.assertRaises(Http404):
            access.get_for_user_or_404(Student, AnonymousUser(), self.student_a.pk)

    def test_change(self) -> None:
        found = access.get_for_user_or_404(Student.objects.all(), self.fresh("aigerim"), self.student_a.pk, "change")
        self.assertEqual(found, self.student_a)
        with self.assertRaises(PermissionDenied):
            access.get_for_user_or_404(Student.objects.all(), self.fresh("bolat"), self.student_a.pk, access.CHANGE)
        with self.assertRaises(PermissionDenied):
            access.get_for_user_or_404(Student.objects.all(), self.fresh("rector"), self.student_a.pk, access.CHANGE)
        with self.assertRaises(Http404):  # 404 before 403: dana may not even know it exists
            access.get_for_user_or_404(Student.objects.all(), self.fresh("dana"), self.student_a.pk, access.CHANGE)
        for name in ("admin", "cc", "dean"):
            self.assertEqual(
                access.get_for_user_or_404(Student, self.fresh(name), self.student_a.pk, access.CHANGE), self.student_a
            )

    def test_the_queryset_is_kept_and_lookups_narrow_it(self) -> None:
        user, admin = self.fresh("cc"), self.fresh("admin")
        queryset = Student.objects.select_related("program").filter(last_name="Алтынбекова")
        with self.assertNumQueries(1):  # the student with its program (a superuser's scope reads no memberships)
            found = access.get_for_user_or_404(queryset, admin, self.student_a.pk)
            self.assertEqual(found.program.code, "6B06101")
        with self.assertRaises(Http404):
            access.get_for_user_or_404(queryset, user, self.student_b.pk)
        with self.assertRaises(Http404):
            access.get_for_user_or_404(Student, user, self.student_a.pk, program=self.program_b)
        self.assertEqual(
            access.get_for_user_or_404(Student, user, self.student_a.pk, program=self.program_a), self.student_a
        )

    def test_the_class_level_queryset_is_not_evaluated(self) -> None:
        queryset = Student.objects.all()
        access.get_for_user_or_404(queryset, self.fresh("admin"), self.student_a.pk)
        self.assertIsNone(queryset._result_cache)

    def test_unknown_action_and_unscoped_models(self) -> None:
        with self.assertRaises(ValueError):
            access.get_for_user_or_404(Student, self.fresh("cc"), self.student_a.pk, "delete")
        with self.assertRaises(TypeError):  # no for_user(): nothing to scope by
            access.get_for_user_or_404(ProgramGroup, self.fresh("cc"), 1)

    def test_a_pk_that_is_no_number_is_a_404(self) -> None:
        """An API path's pk reaches the lookup as typed (/api/v1/kpi-definitions/x/agree/): 404, never a 500."""
        for pk in ("x", "\U00073292", "1.5", None):
            with self.assertRaises(Http404):
                access.get_for_user_or_404(Student, self.fresh("cc"), pk)

    def test_memberships_of_the_access_pages(self) -> None:
        """core/views.py get_membership: the dean reads and changes department memberships of the faculty."""
        aigerim = Membership.objects.get(user=self.aigerim)
        dean = Membership.objects.get(user=self.dean)
        self.assertEqual(access.get_for_user_or_404(Membership, self.fresh("dean"), aigerim.pk, access.CHANGE), aigerim)
        with self.assertRaises(Http404):  # a dean does not reach other deans
            access.get_for_user_or_404(Membership, self.fresh("dean"), dean.pk)
        self.assertEqual(access.get_for_user_or_404(Membership, self.fresh("rector"), aigerim.pk), aigerim)
        with self.assertRaises(PermissionDenied):  # management reads, never changes
            access.get_for_user_or_404(Membership, self.fresh("rector"), aigerim.pk, access.CHANGE)
        with self.assertRaises(Http404):
            access.get_for_user_or_404(Membership, self.fresh("aigerim"), aigerim.pk)

    def test_user_can_change_and_require_change(self) -> None:
        self.assertIs(access.user_can_change(self.fresh("aigerim"), self.student_a), True)
        self.assertIs(access.user_can_change(self.fresh("bolat"), self.student_a), False)
        access.require_change(self.fresh("aigerim"), self.student_a)
        access.require_change(None, self.student_a)  # a command acts for the institution
        with self.assertRaises(PermissionDenied):
            access.require_change(self.fresh("bolat"), self.student_a)
        unsaved = Student(program=self.program_a)
        access.require_change(self.fresh("bolat"), unsaved)  # creation is decided elsewhere
        with self.assertRaises(PermissionDenied):  # practice/services/assessment.py's rule
            access.require_change(self.fresh("bolat"), unsaved, unsaved_ok=False)


class MembershipScopeTests(AccessFixture):
    """Membership.objects.for_user: the memberships of the access pages (it replaced core.services.access's
    memberships_for_access, which the same literals pinned)."""

    ALL = {"cc", "registrar", "rector", "dean", "aigerim", "bolat", "dana", "cc-reader"}  # the institution's

    def reached(self, name: str, action: str) -> set[str]:
        user = AnonymousUser() if name == "anonymous" else self.fresh(name)
        return set(Membership.objects.for_user(user, action).values_list("user__username", flat=True))

    def test_who_reaches_which_memberships(self) -> None:
        faculty_departments = {"aigerim", "bolat", "dana"}
        expected = {
            # persona: (VIEW, CHANGE)
            "admin": (self.ALL | {"other-cc"}, self.ALL | {"other-cc"}),
            "cc": (self.ALL, self.ALL),
            "rector": (self.ALL, set()),  # management reads, never changes
            "dean": (faculty_departments, faculty_departments),  # their faculty's department staff only
            "other_cc": ({"other-cc"}, {"other-cc"}),
        }
        nobody = ("registrar", "aigerim", "bolat", "dana", "student_user", "cc_reader", "contact_user", "anonymous")
        for name in nobody:
            expected[name] = (set(), set())
        for name, (view, change) in expected.items():
            self.assertEqual(self.reached(name, access.VIEW), view, f"{name} view")
            self.assertEqual(self.reached(name, access.CHANGE), change, f"{name} change")


class InstitutionForTests(AccessFixture):
    def test_view_is_the_first_membership(self) -> None:
        for name in ("cc", "registrar", "rector", "dean", "aigerim", "bolat", "dana", "cc_reader"):
            self.assertEqual(access.institution_for(self.fresh(name)), self.institution, name)
        self.assertEqual(access.institution_for(self.fresh("other_cc")), self.other)
        self.assertIsNone(access.institution_for(self.fresh("student_user")))
        self.assertIsNone(access.institution_for(self.fresh("contact_user")))
        self.assertIsNone(access.institution_for(AnonymousUser()))
        self.assertIsNone(access.institution_for(None))

    def test_a_superuser_gets_the_configured_default(self) -> None:
        self.assertEqual(access.institution_for(self.fresh("admin")), self.institution)  # KAZUTB
        with override_settings(MANSAP_DEFAULT_INSTITUTION_CODE="OTHER"):
            self.assertEqual(access.institution_for(self.fresh("admin")), self.other)
        with override_settings(MANSAP_DEFAULT_INSTITUTION_CODE="NONE"):
            self.assertEqual(access.institution_for(self.fresh("admin")), self.institution)  # the first created

    def test_change_needs_an_institution_wide_editor(self) -> None:
        for name in ("cc", "registrar"):
            self.assertEqual(access.institution_for(self.fresh(name), access.CHANGE), self.institution, name)
        for name in ("rector", "dean", "aigerim", "bolat", "student_user"):
            self.assertIsNone(access.institution_for(self.fresh(name), access.CHANGE), name)
        self.assertIsNone(access.institution_for(self.fresh("cc_reader"), access.CHANGE))
        self.assertEqual(access.institution_for(self.fresh("other_cc"), access.CHANGE), self.other)
        # A superuser: the lowest pk, whatever the configured default.
        with override_settings(MANSAP_DEFAULT_INSTITUTION_CODE="OTHER"):
            self.assertEqual(access.institution_for(self.fresh("admin"), access.CHANGE), self.institution)

    def test_the_institution_a_user_works_in(self) -> None:
        """institution_for(user): the first membership's institution; the default one for a bare superuser."""
        for name in ("cc", "rector", "dean", "bolat", "cc_reader"):
            self.assertEqual(access.institution_for(self.fresh(name)), self.institution, name)
        self.assertEqual(access.institution_for(self.fresh("other_cc")), self.other)
        self.assertEqual(access.institution_for(self.fresh("admin")), self.institution)  # the default
        self.assertIsNone(access.institution_for(self.fresh("student_user")))
        self.assertIsNone(access.institution_for(AnonymousUser()))

    def test_or_raise(self) -> None:
        with self.assertRaises(Http404):
            access.institution_for(self.fresh("student_user"), or_raise=Http404)
        with self.assertRaises(PermissionDenied):
            access.institution_for(self.fresh("dean"), access.CHANGE, or_raise=PermissionDenied)
        self.assertEqual(access.institution_for(self.fresh("dean"), or_raise=Http404), self.institution)
        with self.assertRaises(ValueError):
            access.institution_for(self.fresh("dean"), "delete")

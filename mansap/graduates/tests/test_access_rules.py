"""The role rules the rounds pages ask, now core.access's, answer as graduates' own copies did.

graduates/services/rounds.py had `can_manage_rounds` (the Career Center manages rounds, the calendar and
form No. 10) and `is_institution_wide` (the round page's "on behalf" switch); core.access's predicates of
the same names replace them. The expectations are what those copies answered for each persona.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from mansap.common.testing import ScopedMatrixTestCase, make_user
from mansap.core.access import can_manage_rounds, is_institution_wide
from mansap.core.choices import Access, Role
from mansap.core.models import Membership, User
from mansap.employers.models import EmployerContact, Organization

PERSONAS = (
    "admin", "cc", "registrar", "rector", "dean", "aigerim", "bolat", "dana", "student_user", "other_cc",
    "cc_reader", "contact_user",
)  # fmt: skip


class RoundRoleTests(ScopedMatrixTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cc_reader = make_user("cc-reader")
        Membership.objects.create(
            user=cls.cc_reader, institution=cls.institution, role=Role.CAREER_CENTER, access=Access.VIEW
        )
        organization = Organization.objects.create(
            institution=cls.institution, name_kk="Kaspi", name_ru="Kaspi", name_en="Kaspi"
        )
        cls.contact_user = make_user("contact@kaspi.kz")
        EmployerContact.objects.create(user=cls.contact_user, organization=organization)

    def answers(self, predicate: object) -> set[str]:
        assert callable(predicate)
        # A fresh user object per persona, as each request has (no cached memberships).
        return {name for name in PERSONAS if predicate(User.objects.get(pk=getattr(self, name).pk))}

    def test_who_manages_rounds(self) -> None:
        self.assertEqual(self.answers(can_manage_rounds), {"admin", "cc", "other_cc"})  # the Career Center's (#12)
        self.assertIs(can_manage_rounds(AnonymousUser()), False)

    def test_who_reads_the_whole_institution(self) -> None:
        self.assertEqual(
            self.answers(is_institution_wide), {"admin", "cc", "registrar", "rector", "other_cc", "cc_reader"}
        )
        self.assertIs(is_institution_wide(AnonymousUser()), False)

"""The base registry and the vetting gate: approval only with every criterion passed with evidence."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError

from mansap.common.testing import BaseTestCase, make_student
from mansap.employers.tests.factories import make_org
from mansap.practice.choices import BaseSource, BaseStatus, VettingDecision
from mansap.practice.models import PracticeBase
from mansap.practice.services import bases as svc
from mansap.practice.tests.factories import make_base

ALL_PASSED = {
    "checked_on": dt.date(2026, 1, 10),
    **{f"{c}_ok": True for c in ("activity", "staff", "equipment", "safety", "reputation")},
    **{f"{c}_note": f"Checked {c}" for c in ("activity", "staff", "equipment", "safety", "reputation")},
}


class VettingTests(BaseTestCase):
    def setUp(self) -> None:
        self.base = make_base(self.institution, programs=[self.program_a], approved=False)

    def test_approval_with_every_criterion_and_evidence(self) -> None:
        vetting = svc.vet_base(
            self.base, {**ALL_PASSED, "decision": VettingDecision.APPROVED}, acting_user=self.aigerim
        )
        self.base.refresh_from_db()
        self.assertEqual(self.base.status, BaseStatus.APPROVED)
        self.assertEqual(self.base.approved_on, dt.date(2026, 1, 10))
        self.assertEqual(vetting.checked_by, self.aigerim)

    def test_one_failed_criterion_blocks_approval(self) -> None:
        for criterion in ("activity", "staff", "equipment", "safety", "reputation"):
            data = {**ALL_PASSED, f"{criterion}_ok": False, "decision": VettingDecision.APPROVED}
            with self.assertRaises(ValidationError) as caught:
                svc.vet_base(self.base, data, acting_user=self.aigerim)
            self.assertIn(f"{criterion}_ok", caught.exception.message_dict)
        self.base.refresh_from_db()
        self.assertEqual(self.base.status, BaseStatus.CANDIDATE)

    def test_missing_evidence_blocks_approval(self) -> None:
        data = {**ALL_PASSED, "safety_note": " ", "decision": VettingDecision.APPROVED}
        with self.assertRaises(ValidationError) as caught:
            svc.vet_base(self.base, data, acting_user=self.aigerim)
        self.assertIn("safety_note", caught.exception.message_dict)

    def test_rejection(self) -> None:
        svc.vet_base(
            self.base, {"reputation_ok": False, "decision": VettingDecision.REJECTED}, acting_user=self.aigerim
        )
        self.base.refresh_from_db()
        self.assertEqual(self.base.status, BaseStatus.REJECTED)

    def test_suspend_and_reinstate(self) -> None:
        svc.vet_base(self.base, {**ALL_PASSED, "decision": VettingDecision.APPROVED}, acting_user=self.aigerim)
        with self.assertRaises(ValidationError):
            svc.suspend_base(self.base, acting_user=self.aigerim, reason="")
        svc.suspend_base(self.base, acting_user=self.aigerim, reason="Safety incident")
        self.assertEqual(self.base.status, BaseStatus.SUSPENDED)
        self.assertFalse(self.base.is_usable)
        svc.reinstate_base(self.base, acting_user=self.aigerim)
        self.assertEqual(self.base.status, BaseStatus.APPROVED)

    def test_other_department_and_read_only_cannot_vet(self) -> None:
        for user in (self.dana, self.bolat):
            with self.assertRaises(PermissionDenied):
                svc.vet_base(self.base, {**ALL_PASSED, "decision": "approved"}, acting_user=user)


class BaseRegistryTests(BaseTestCase):
    def test_new_base_is_a_candidate(self) -> None:
        base = PracticeBase(
            institution=self.institution, organization=make_org(self.institution), department=self.dept_a,
            statutory_activity="IT", source=BaseSource.DEPARTMENT, status=BaseStatus.APPROVED,
        )  # fmt: skip
        svc.save_base(base, acting_user=self.aigerim, programs=[self.program_a])
        self.assertEqual(base.status, BaseStatus.CANDIDATE)
        self.assertEqual(list(base.programs.all()), [self.program_a])

    def test_student_source_requires_the_student(self) -> None:
        base = PracticeBase(
            institution=self.institution, organization=make_org(self.institution), department=self.dept_a,
            statutory_activity="IT", source=BaseSource.STUDENT,
        )  # fmt: skip
        with self.assertRaises(ValidationError) as caught:
            svc.save_base(base, acting_user=self.aigerim)
        self.assertIn("proposed_by", caught.exception.message_dict)
        base.proposed_by = make_student(self.program_a)
        svc.save_base(base, acting_user=self.aigerim)
        self.assertIsNotNone(base.pk)

    def test_a_new_organization_is_created_with_its_base_or_not_at_all(self) -> None:
        from mansap.employers.models import Organization
        from mansap.employers.tests.factories import a_bin

        def new_base() -> PracticeBase:
            return PracticeBase(
                institution=self.institution, department=self.dept_a, statutory_activity="IT",
                source=BaseSource.DEPARTMENT,
            )  # fmt: skip

        organization = Organization(institution=self.institution, name_ru="ТОО Новая", name_kk="ТОО Новая",
                                    name_en="TOO Novaya", bin=a_bin())  # fmt: skip
        base = svc.save_base(new_base(), acting_user=self.aigerim, new_organization=organization)
        self.assertIsNotNone(organization.pk)
        self.assertEqual(PracticeBase.objects.get(pk=base.pk).organization, organization)
        self.assertEqual(organization.history.get().history_user, self.aigerim)
        # The base is refused (a student source without the student): the organization is not kept either.
        refused = Organization(institution=self.institution, name_ru="ТОО Лишняя", name_kk="ТОО Лишняя",
                               name_en="TOO Lishnyaya", bin=a_bin())  # fmt: skip
        base = new_base()
        base.source = BaseSource.STUDENT
        with self.assertRaises(ValidationError):
            svc.save_base(base, acting_user=self.aigerim, new_organization=refused)
        self.assertFalse(Organization.objects.filter(name_ru="ТОО Лишняя").exists())
        with self.assertRaises(PermissionDenied):  # read-only: nothing is created
            svc.save_base(make_base(self.institution, programs=[self.program_a]), acting_user=self.bolat,
                          new_organization=Organization(institution=self.institution, name_ru="X", name_kk="X",
                                                        name_en="X"))  # fmt: skip
        self.assertFalse(Organization.objects.filter(name_ru="X").exists())

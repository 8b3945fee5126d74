"""Contracts with bases: states for the list filters, annexes per practice, scans only in scope."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import ScopedCRUDTests
from mansap.practice.choices import Custodian
from mansap.practice.models import ContractAnnex
from mansap.practice.services import bases as svc
from mansap.practice.tests.factories import make_base, make_contract, make_practice

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ContractTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.base = make_base(cls.institution, programs=[cls.program_a])
        cls.practice = make_practice(cls.program_a)

    def test_states(self) -> None:
        today = dt.date(2026, 5, 1)
        unsigned = make_contract(self.base, signed=False)
        expired = make_contract(self.base, valid_from=dt.date(2024, 1, 1), valid_until=dt.date(2026, 4, 30))
        expiring = make_contract(self.base, valid_from=dt.date(2025, 1, 1), valid_until=dt.date(2026, 6, 30))
        valid = make_contract(self.base, valid_from=dt.date(2025, 1, 1), valid_until=dt.date(2026, 7, 1))
        self.assertEqual(svc.contract_state(unsigned, today), "unsigned")
        self.assertEqual(svc.contract_state(expired, today), "expired")
        self.assertEqual(svc.contract_state(expiring, today), "expiring")  # 60 days left: expiring
        self.assertEqual(svc.contract_state(valid, today), "valid")  # 61 days left
        self.assertEqual(valid.custodian, Custodian.CAREER_CENTER)

    def test_list_filters(self) -> None:
        today = timezone.localdate()
        make_contract(self.base, signed=False, number="UNSIGNED-1")
        make_contract(self.base, number="OLD-1", valid_from=today - dt.timedelta(days=900),
                      valid_until=today - dt.timedelta(days=1))  # fmt: skip
        url = reverse("practice:practicecontract_list")
        self.assert_page_shows(self.aigerim, url + "?state=unsigned", "UNSIGNED-1")
        self.assert_page_hides(self.aigerim, url + "?state=unsigned", "OLD-1")
        self.assert_page_shows(self.aigerim, url + "?state=expired", "OLD-1")
        self.assert_page_hides(self.dana, url, "OLD-1")

    def test_signed_after_expiry_refused(self) -> None:
        contract = make_contract(self.base)
        contract.signed_on = dt.date(2030, 1, 1)
        with self.assertRaises(ValidationError):
            svc.save_contract(contract, acting_user=self.aigerim)
        with self.assertRaises(PermissionDenied):
            svc.save_contract(make_contract(self.base), acting_user=self.dana)

    def test_annex_for_a_practice_of_the_base_programs(self) -> None:
        contract = make_contract(self.base)
        svc.save_annex(ContractAnnex(contract=contract, practice=self.practice, number="1"), acting_user=self.aigerim)
        other = make_practice(self.program_b)
        with self.assertRaises(ValidationError):
            svc.save_annex(ContractAnnex(contract=contract, practice=other, number="2"), acting_user=self.aigerim)

    def test_scan_only_in_scope(self) -> None:
        contract = make_contract(self.base)
        contract.scan = SimpleUploadedFile("contract.pdf", PDF, content_type="application/pdf")
        contract.save()
        url = reverse("practice:practicecontract_scan", args=[contract.pk])
        response = self.get_as(self.aigerim, url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "private, no-store")
        self.assert_status(self.dana, url, 404)
        self.assert_status(self.student_user, url, 403)

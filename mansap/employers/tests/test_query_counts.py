"""Bounded queries: the employers' list pages, exports and API lists cost the same with 2 or 20 rows.

The pinned counts name their queries in order (see mansap/core/tests/test_query_counts.py).
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from mansap.core.tests.test_query_counts import QueryCountTestCase
from mansap.employers.tests.factories import a_bin, make_agreement, make_org, make_unit


class EmployersQueryCountTests(QueryCountTestCase):
    def add_organizations(self, n: int) -> None:
        for _ in range(n):
            org = make_org(self.institution, bin=a_bin(), region="astana", size="small")
            make_agreement(org, department=self.dept_a)

    def add_agreements(self, n: int) -> None:
        for _ in range(n):
            make_agreement(make_org(self.institution), department=self.dept_a, number="1")

    def add_expiring(self, n: int) -> None:
        today = timezone.localdate()
        for _ in range(n):
            make_agreement(make_org(self.institution), valid_from=today.replace(year=today.year - 1),
                           valid_until=today + dt.timedelta(days=30))  # fmt: skip

    def add_units(self, n: int) -> None:
        for _ in range(n):
            org = make_org(self.institution)
            make_unit(org, self.dept_a, agreement=make_agreement(org))

    def test_organization_list(self) -> None:
        # session, user, memberships, COUNT, the page of rows (agreement counts annotated)
        self.check_bounded(self.cc, reverse("employers:organization_list"), self.add_organizations, pinned=5)

    def test_organization_export(self) -> None:
        url = reverse("employers:organization_list") + "?export=xlsx"
        # session, user, memberships, COUNT (the filterset), the rows
        self.check_bounded(self.cc, url, self.add_organizations, pinned=5)

    def test_agreement_list(self) -> None:
        # session, user, memberships, COUNT, the filter's department and organization choices,
        # the page of rows (organization and department joined)
        self.check_bounded(self.aigerim, reverse("employers:partnershipagreement_list"), self.add_agreements, pinned=7)

    def test_agreement_list_expiring(self) -> None:
        url = reverse("employers:partnershipagreement_list") + "?expiring_within=60"
        self.check_bounded(self.cc, url, self.add_expiring, pinned=7)  # as the plain list

    def test_joint_unit_list(self) -> None:
        # session, user, memberships, COUNT, department and organization choices, rows (all relations joined)
        self.check_bounded(self.dana, reverse("employers:jointunit_list"), self.add_units, pinned=7)

    def test_api_lists(self) -> None:
        # token, memberships, COUNT, rows (each with its related rows joined)
        self.check_bounded(self.cc, reverse("organization-list"), self.add_organizations, pinned=4, api=True)

    def test_api_agreements(self) -> None:
        self.check_bounded(self.aigerim, reverse("partnershipagreement-list"), self.add_agreements, pinned=4, api=True)

    def test_api_joint_units(self) -> None:
        self.check_bounded(self.aigerim, reverse("jointunit-list"), self.add_units, pinned=4, api=True)

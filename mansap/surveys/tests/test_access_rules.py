"""The access rules the surveys rely on, per persona, as literals: who reviews units' responses, who may run a
campaign of the whole institution, which institution a new campaign or questionnaire belongs to, and which
slice of an institution-wide campaign a department reads.

The first three were surveys' own copies (may_review_unit_responses, forms._is_institution_wide,
campaigns.default_institution) until core.access replaced them; core/tests/test_access.py compared the kernel
with those copies, and these literals keep the answers they gave.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from mansap.common.testing import ScopedMatrixTestCase, make_user
from mansap.core.access import (
    CHANGE,
    VIEW,
    has_institution_wide_write_membership,
    institution_for,
    is_institution_editor,
)
from mansap.core.choices import Access, Role
from mansap.core.models import Membership
from mansap.surveys.choices import SurveyKind
from mansap.surveys.forms import CampaignForm
from mansap.surveys.models import Campaign
from mansap.surveys.querysets import results_departments
from mansap.surveys.services.campaigns import save_campaign
from mansap.surveys.tests.factories import make_campaign, make_questionnaire

PERSONAS = ("admin", "cc", "registrar", "rector", "dean", "aigerim", "bolat", "dana", "student_user", "other_cc",
            "cc_reader", None)  # fmt: skip


class SurveyAccessRuleTests(ScopedMatrixTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cc_reader = make_user("cc-reader")  # the Career Center, read only
        Membership.objects.create(
            user=cls.cc_reader, institution=cls.institution, role=Role.CAREER_CENTER, access=Access.VIEW
        )
        cls.questionnaire = make_questionnaire(cls.institution)

    def answers(self, rule: Any) -> dict[str | None, Any]:
        return {name: rule(self.persona(name) if name else AnonymousUser()) for name in PERSONAS}

    def test_quality_assurance_reviews_the_units_responses(self) -> None:
        # The institution-wide editors, of any institution (the response itself is fetched in scope first).
        self.assertEqual(
            self.answers(is_institution_editor),
            {"admin": True, "cc": True, "registrar": True, "rector": False, "dean": False, "aigerim": False,
             "bolat": False, "dana": False, "student_user": False, "other_cc": True, "cc_reader": False, None: False},
        )  # fmt: skip

    def test_who_may_run_a_campaign_of_the_whole_institution(self) -> None:
        # Superusers are let through by the form before it asks (so False here).
        self.assertEqual(
            self.answers(has_institution_wide_write_membership),
            {"admin": False, "cc": True, "registrar": True, "rector": False, "dean": False, "aigerim": False,
             "bolat": False, "dana": False, "student_user": False, "other_cc": True, "cc_reader": False, None: False},
        )  # fmt: skip
        today = timezone.localdate()
        data = {"title_kk": "x", "title_ru": "x", "title_en": "x", "questionnaire": self.questionnaire.pk,
                "kind": SurveyKind.ALUMNI, "opens_on": today, "closes_on": today + dt.timedelta(days=9),
                "min_slice": 5, "language": "kk"}  # fmt: skip
        for name, refused in (("aigerim", True), ("dean", True), ("cc", False), ("admin", False)):
            form = CampaignForm(data, user=self.persona(name))
            self.assertIs("department" in form.errors, refused, f"{name}: {form.errors}")

    def test_the_institution_of_a_new_campaign_or_questionnaire(self) -> None:
        # The first institution the user may change as a whole; a superuser: the lowest pk (created first).
        self.assertEqual(
            self.answers(lambda user: institution_for(user, CHANGE)),
            {"admin": self.institution, "cc": self.institution, "registrar": self.institution, "rector": None,
             "dean": None, "aigerim": None, "bolat": None, "dana": None, "student_user": None,
             "other_cc": self.other_institution, "cc_reader": None, None: None},
        )  # fmt: skip
        other_questionnaire = make_questionnaire(self.other_institution)
        today = timezone.localdate()
        fields = {"kind": SurveyKind.ALUMNI, "title_kk": "x", "title_ru": "x", "title_en": "x", "opens_on": today,
                  "closes_on": today + dt.timedelta(days=9)}  # fmt: skip
        campaign = save_campaign(Campaign(questionnaire=other_questionnaire, **fields), acting_user=self.other_cc)
        self.assertEqual((campaign.institution, campaign.created_by), (self.other_institution, self.other_cc))
        with self.assertRaises(ValidationError) as caught:
            save_campaign(Campaign(questionnaire=self.questionnaire, **fields), acting_user=self.aigerim)
        self.assertEqual(caught.exception.error_list[0].code, "no_institution")

    def test_the_slice_of_an_institution_wide_campaign_a_unit_reads(self) -> None:
        wide = make_campaign(self.questionnaire)
        self.assertEqual(
            self.answers(lambda user: results_departments(user, wide)),
            {"admin": None, "cc": None, "registrar": None, "rector": None, "dean": [self.dept_a.pk, self.dept_b.pk],
             "aigerim": [self.dept_a.pk], "bolat": [self.dept_a.pk], "dana": [self.dept_b.pk], "student_user": [],
             "other_cc": None, "cc_reader": None, None: []},
        )  # fmt: skip
        own = make_campaign(self.questionnaire, department=self.dept_a)
        employers = make_campaign(make_questionnaire(self.institution, SurveyKind.EMPLOYERS))
        for campaign in (own, employers):  # a unit's own campaign, and organizations (no department): all of it
            self.assertEqual(set(self.answers(lambda user, c=campaign: results_departments(user, c)).values()), {None})

    def test_units_read_the_institution_wide_campaigns_but_run_only_their_own(self) -> None:
        wide = make_campaign(self.questionnaire)
        own = make_campaign(self.questionnaire, department=self.dept_a)
        other = make_campaign(make_questionnaire(self.other_institution))

        def reached(action: str) -> dict[str | None, set[int]]:
            return self.answers(lambda user: set(Campaign.objects.for_user(user, action).values_list("pk", flat=True)))

        self.assertEqual(
            reached(VIEW),
            {"admin": {wide.pk, own.pk, other.pk}, "cc": {wide.pk, own.pk}, "registrar": {wide.pk, own.pk},
             "rector": {wide.pk, own.pk}, "dean": {wide.pk, own.pk}, "aigerim": {wide.pk, own.pk},
             "bolat": {wide.pk, own.pk}, "dana": {wide.pk}, "student_user": set(), "other_cc": {other.pk},
             "cc_reader": {wide.pk, own.pk}, None: set()},
        )  # fmt: skip
        self.assertEqual(
            reached(CHANGE),
            {"admin": {wide.pk, own.pk, other.pk}, "cc": {wide.pk, own.pk}, "registrar": {wide.pk, own.pk},
             "rector": set(), "dean": {own.pk}, "aigerim": {own.pk}, "bolat": set(), "dana": set(),
             "student_user": set(), "other_cc": {other.pk}, "cc_reader": set(), None: set()},
        )  # fmt: skip

"""The scope matrix of the surveys API (common.testing.ScopedAPITests).

Covered (router basename: writes offered; editor / read-only / outsider; out of scope):
- survey-questionnaire: read-only, staff only; cc / rector / other_cc; the other institution's questionnaire.
- survey-campaign: create and update (no delete), staff only; aigerim / bolat / dana for department campaigns
  (department B's is out of scope), and cc / rector / other_cc for institution-wide ones (the other
  institution's is out of scope); and its results action (200 in scope, 404 out of scope).
"""

from __future__ import annotations

from django.urls import reverse

from mansap.common.testing import ScopedAPITests, ScopedMatrixTestCase
from mansap.surveys.models import Campaign, Questionnaire
from mansap.surveys.tests.factories import make_campaign
from mansap.surveys.tests.test_scope_matrix import department_campaign, small_questionnaire


class QuestionnaireAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = Questionnaire
    basename = "survey-questionnaire"
    writes = ()
    staff_only = True
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        return small_questionnaire(cls.institution)

    @classmethod
    def out_of_scope(cls):
        return small_questionnaire(cls.other_institution)


class DepartmentCampaignAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = Campaign
    basename = "survey-campaign"
    writes = ("create", "update")
    staff_only = True

    @classmethod
    def in_scope(cls):
        return department_campaign(cls.dept_a)

    @classmethod
    def out_of_scope(cls):
        return department_campaign(cls.dept_b)

    def test_api_results_in_scope_200_and_out_of_scope_404(self) -> None:
        self.call(self.editor, "get", reverse("survey-campaign-results", args=[self.obj.pk]), 200)
        self.call(self.editor, "get", reverse("survey-campaign-results", args=[self.other.pk]), 404)


class InstitutionCampaignAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = Campaign
    basename = "survey-campaign"
    writes = ("create", "update")
    staff_only = True
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        return make_campaign(small_questionnaire(cls.institution))

    @classmethod
    def out_of_scope(cls):
        return make_campaign(small_questionnaire(cls.other_institution))

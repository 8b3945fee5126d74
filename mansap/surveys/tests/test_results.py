"""Results maths against hand-computed figures; minimum slice; KPI-17.8; the employer page's section."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from django.template.loader import render_to_string
from django.utils import timezone

from mansap.common.testing import BaseTestCase, make_student
from mansap.employers.models import Organization
from mansap.surveys.choices import SurveyKind
from mansap.surveys.reports import results
from mansap.surveys.services import campaigns as services
from mansap.surveys.services import responses
from mansap.surveys.tests.factories import make_campaign, make_questionnaire, questions_by_text


class PureMathsTests(BaseTestCase):
    def test_mean_percent_and_suppression(self) -> None:
        self.assertEqual(results.mean([5, 4, 2, 3]), D("3.50"))
        self.assertEqual(results.mean([1, 2, 2]), D("1.67"))  # 5/3 rounded half up
        self.assertIsNone(results.mean([]))
        self.assertEqual(results.percent(2, 3), D("66.7"))
        self.assertIsNone(results.percent(1, 0))
        self.assertTrue(results.is_suppressed(4, 5))
        self.assertFalse(results.is_suppressed(5, 5))
        self.assertFalse(results.is_suppressed(0, 5))  # nothing to hide: shown as "no answers"

    def test_distributions(self) -> None:
        bars = results.choice_distribution([("a", "A"), ("b", "B"), ("c", "C")], ["a", "a", "b"], respondents=2)
        self.assertEqual([(b.count, b.percent) for b in bars], [(2, D("100.0")), (1, D("50.0")), (0, D("0.0"))])
        scale = results.scale_distribution([5, 4, 4, 1])
        self.assertEqual([b.count for b in scale], [1, 0, 0, 2, 1])
        self.assertEqual(scale[3].percent, D("50.0"))
        summary = results.number_summary([D("10"), D("30"), D("20"), D("40")])
        self.assertEqual((summary.mean, summary.median, summary.minimum, summary.maximum),
                         (D("25.00"), D("25.00"), D("10"), D("40")))  # fmt: skip

    def test_matrix_means_and_gaps(self) -> None:
        rows = [(1, "comm", "Communication"), (2, "tech", "Technical"), (3, "lang", "Languages")]
        importance = results.matrix_means(rows, [(1, 5), (1, 4), (2, 5), (2, 5), (3, 3)])
        self.assertEqual([(r.n, r.mean) for r in importance], [(2, D("4.50")), (2, D("5.00")), (1, D("3.00"))])
        preparedness = results.matrix_means(rows[:2], [(1, 2), (1, 3), (2, 4), (2, 5)])
        gaps = results.competency_gaps(importance, preparedness)
        self.assertEqual([(g.code, g.gap) for g in gaps], [("comm", D("2.00")), ("tech", D("0.50"))])  # lang unpaired

    def test_response_rates(self) -> None:
        rates = results.response_rates([("a", "A", 4, 3), ("b", "B", 0, 0)])
        self.assertEqual([(r.rate) for r in rates], [D("75.0"), None])


class CampaignResultsTests(BaseTestCase):
    """Four answers, computed by hand:

    respondent  program  employed  satisfaction  salary   skills     importance c/t  preparedness c/t  comment
    R1          A        yes       5             300000   it, lang   5 / 4           3 / 4             Good
    R2          A        no        4             200000   it         4 / 5           2 / 3             -
    R3          A        yes       2             -        -          5 / 5           4 / 2             -
    R4          B        yes       3             500000   team       3 / 4           3 / 5             Bad
    Invited: four students of A, one of B.
    """

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for i in range(4):
            make_student(cls.program_a, graduation_date=dt.date(2025, 6, 30), email=f"a{i}@e.kz")
        make_student(cls.program_b, graduation_date=dt.date(2025, 6, 30), email="b@e.kz")
        cls.questionnaire = make_questionnaire(cls.institution)
        q = questions_by_text(cls.questionnaire)
        cls.q = q
        cls.campaign = make_campaign(cls.questionnaire, cohort=2025, min_slice=2, headline_question=q["Satisfaction"])
        services.launch_campaign(
            cls.campaign, acting_user=cls.cc, confirmed_count=services.audience_count(cls.campaign)
        )
        cls.campaign.refresh_from_db()
        invitations = list(cls.campaign.invitations.order_by("program__code", "pk"))
        a, b = [i for i in invitations if i.program_id == cls.program_a.pk], invitations[-1]
        rows = [
            (a[0], "yes", 5, "300000", ["it", "lang"], (5, 4), (3, 4), "Good"),
            (a[1], "no", 4, "200000", ["it"], (4, 5), (2, 3), ""),
            (a[2], "yes", 2, "", [], (5, 5), (4, 2), ""),
            (b, "yes", 3, "500000", ["team"], (3, 4), (3, 5), "Bad"),
        ]
        for invitation, employed, satisfaction, salary, skills, imp, prep, comment in rows:
            responses.save_response(cls.campaign, cls.raw(employed, satisfaction, salary, skills, imp, prep, comment),
                                   submit=True, language="kk", invitation=invitation)  # fmt: skip

    @classmethod
    def raw(cls, employed, satisfaction, salary, skills, imp, prep, comment) -> dict:  # type: ignore[no-untyped-def]
        q = cls.q

        def code(question, value):  # type: ignore[no-untyped-def]
            return str(question.choices.get(code=value).pk)

        rows_i, rows_p = list(q["Importance"].choices.all()), list(q["Preparedness"].choices.all())
        raw = {
            q["Employed?"].pk: code(q["Employed?"], employed),
            q["Satisfaction"].pk: str(satisfaction),
            q["Salary"].pk: salary,
            q["Skills"].pk: [code(q["Skills"], s) for s in skills],
            q["Importance"].pk: {rows_i[0].pk: str(imp[0]), rows_i[1].pk: str(imp[1])},
            q["Preparedness"].pk: {rows_p[0].pk: str(prep[0]), rows_p[1].pk: str(prep[1])},
            q["Comment"].pk: comment,
        }
        if employed == "yes":
            raw[q["Employer"].pk] = f"Employer of {comment or satisfaction}"
        return raw

    def by_text(self, data: results.CampaignResults) -> dict[str, results.QuestionResult]:
        return {r.question.text_en: r for r in data.questions}

    def test_figures(self) -> None:
        data = results.campaign_results(self.campaign)
        self.assertEqual((data.invited, data.responded, data.rate, data.respondents), (5, 4, D("80.0"), 4))
        self.assertEqual([(r.invited, r.responded, r.rate) for r in data.by_program],
                         [(4, 3, D("75.0")), (1, 1, D("100.0"))])  # fmt: skip
        self.assertEqual([(r.invited, r.responded) for r in data.by_department], [(4, 3), (1, 1)])
        r = self.by_text(data)
        self.assertEqual([(b.count, b.percent) for b in r["Employed?"].bars], [(3, D("75.0")), (1, D("25.0"))])
        self.assertEqual(r["Satisfaction"].mean, D("3.50"))
        self.assertEqual([b.count for b in r["Satisfaction"].bars], [0, 1, 1, 1, 1])
        salary = r["Salary"].numbers
        self.assertEqual((salary.n, salary.mean, salary.median, salary.minimum, salary.maximum),
                         (3, D("333333.33"), D("300000.00"), D("200000.00"), D("500000.00")))  # fmt: skip
        self.assertEqual(r["Skills"].n, 3)  # R3 chose none: not a respondent of this question
        self.assertEqual([(b.count, b.percent) for b in r["Skills"].bars],
                         [(2, D("66.7")), (1, D("33.3")), (1, D("33.3"))])  # fmt: skip
        self.assertEqual(
            [(row.code, row.mean) for row in r["Importance"].rows], [("comm", D("4.25")), ("tech", D("4.50"))]
        )
        self.assertEqual([(row.code, row.mean) for row in r["Preparedness"].rows],
                         [("comm", D("3.00")), ("tech", D("3.50"))])  # fmt: skip
        ((_imp, _prep, gaps),) = data.gaps
        self.assertEqual([(g.code, g.gap) for g in gaps], [("comm", D("1.25")), ("tech", D("1.00"))])
        self.assertEqual(r["Employer"].n, 3)  # the hidden answer of R2 was never stored
        self.assertEqual(r["Comment"].texts, ["Bad", "Good"])
        self.assertEqual(data.headline, D("3.50"))
        self.assertEqual(results.headline_score(self.campaign), D("3.50"))
        self.assertEqual([(s.n, s.suppressed, s.headline) for s in data.slices],
                         [(3, False, D("3.67")), (1, True, None)])  # fmt: skip

    def test_program_slice(self) -> None:
        data = results.campaign_results(self.campaign, program_id=self.program_a.pk)
        self.assertEqual(data.respondents, 3)
        self.assertEqual(self.by_text(data)["Satisfaction"].mean, D("3.67"))
        one = results.campaign_results(self.campaign, department_id=self.dept_b.pk)
        self.assertTrue(one.suppressed)
        self.assertTrue(all(r.suppressed and not r.bars and r.mean is None for r in one.questions))

    def test_minimum_slice_hides_everything_below_it(self) -> None:
        self.campaign.min_slice = 5
        self.campaign.save()
        data = results.campaign_results(self.campaign)
        self.assertTrue(data.suppressed)
        self.assertIsNone(data.headline)
        self.assertIsNone(results.headline_score(self.campaign))
        self.assertTrue(all(r.suppressed and not r.texts for r in data.questions))
        self.campaign.min_slice = 3
        data = results.campaign_results(self.campaign)
        r = self.by_text(data)
        self.assertFalse(r["Satisfaction"].suppressed)
        self.assertTrue(r["Comment"].suppressed)  # two open answers: below 3
        self.assertEqual(r["Comment"].texts, [])


class EmployerKpiTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.orgs = [
            Organization.objects.create(
                institution=cls.institution, name_kk=f"О{i}", name_ru=f"О{i}", name_en=f"O{i}", email=f"hr{i}@o.kz"
            )
            for i in range(5)
        ]
        cls.questionnaire = make_questionnaire(cls.institution, SurveyKind.EMPLOYERS)
        q = questions_by_text(cls.questionnaire)
        cls.campaign = make_campaign(cls.questionnaire, anonymous=False, headline_question=q["Importance"])
        services.launch_campaign(
            cls.campaign, acting_user=cls.cc, confirmed_count=services.audience_count(cls.campaign)
        )
        cls.campaign.refresh_from_db()
        rows_i = list(q["Importance"].choices.all())
        for invitation, (c, t) in zip(cls.campaign.invitations.order_by("pk"),
                                      [(5, 5), (4, 4), (3, 4), (5, 4), (2, 3)], strict=True):  # fmt: skip
            raw = {q["Employed?"].pk: str(q["Employed?"].choices.get(code="no").pk), q["Satisfaction"].pk: "4",
                   q["Importance"].pk: {rows_i[0].pk: str(c), rows_i[1].pk: str(t)},
                   q["Preparedness"].pk: {row.pk: "3" for row in q["Preparedness"].choices.all()}}  # fmt: skip
            responses.save_response(cls.campaign, raw, submit=True, language="ru", invitation=invitation)

    def test_kpi_is_the_headline_mean_of_the_years_employer_campaign(self) -> None:
        year = self.campaign.closes_on.year
        kpi = results.employer_survey_kpi(self.institution, year)
        # A matrix headline: the mean of every cell, (5+5+4+4+3+4+5+4+2+3) / 10 = 3.9
        self.assertEqual((kpi["campaign"], kpi["score"], kpi["respondents"], kpi["invited"]),
                         (self.campaign, D("3.90"), 5, 5))  # fmt: skip
        self.assertIsNone(results.employer_survey_kpi(self.institution, year - 3))

    def test_kpi_17_8_as_of_a_date_in_every_output(self) -> None:
        """Counted from the day the campaign closes, for 365 days; the same value on the dashboard,
        in `partner_kpis --json` and in /api/v1/partner-kpis/."""
        import io
        import json

        from django.core.management import call_command
        from django.urls import reverse

        from mansap.employers.reports import kpis

        closes = self.campaign.closes_on
        self.assertIsNone(kpis.partner_kpis(self.institution, closes - dt.timedelta(days=1))["17.8"]["value"])
        self.assertEqual(kpis.partner_kpis(self.institution, closes)["17.8"]["value"], D("3.90"))
        self.assertEqual(
            kpis.partner_kpis(self.institution, closes + dt.timedelta(days=364))["17.8"]["value"], D("3.90")
        )
        self.assertIsNone(kpis.partner_kpis(self.institution, closes + dt.timedelta(days=365))["17.8"]["value"])
        as_of = closes + dt.timedelta(days=30)
        out = io.StringIO()
        call_command("partner_kpis", "--json", "--as-of", as_of.isoformat(), "--institution", self.institution.code,
                     stdout=out)  # fmt: skip
        printed = json.loads(out.getvalue())["kpis"]["17.8"]
        self.assertEqual((printed["value"], printed["rows"][0]["respondents"], printed["rows"][0]["invited"]),
                         ("3.90", 5, 5))  # fmt: skip
        from rest_framework.test import APIClient

        client = APIClient()
        client.force_authenticate(self.cc)
        api = client.get("/api/v1/partner-kpis/", {"as_of": as_of.isoformat()})
        self.assertEqual(api.status_code, 200)
        self.assertEqual(api.json()["kpis"]["17.8"], printed)
        self.client.force_login(self.cc)
        page = self.client.get(reverse("employers:partners_dashboard"), {"as_of": as_of.isoformat()})
        self.assertContains(page, 'id="kpi-178"')
        self.assertContains(page, "3,90" if page.context["LANGUAGE_CODE"] in ("kk", "ru") else "3.90")
        self.assertContains(page, reverse("surveys:campaign_results", args=[self.campaign.pk]))

    def test_answers_for_organization(self) -> None:
        org = self.orgs[0]
        rows = results.answers_for_organization(org, self.cc)
        self.assertEqual(len(rows), 1)
        self.assertEqual((rows[0]["campaign"], rows[0]["score"], rows[0]["date"]),
                         (self.campaign, D("5.00"), timezone.localdate()))  # fmt: skip
        self.assertEqual(results.answers_for_organization(org, self.dana), [])  # not their campaign
        html = render_to_string("surveys/_organization_section.html", {"survey_answers": rows})
        self.assertIn("5.00", html)
        self.assertIn(self.campaign.get_absolute_url(), html)
        # Anonymous campaigns never show up: they do not even store the organization.
        self.campaign.anonymous = True
        self.campaign.save()
        self.assertEqual(results.answers_for_organization(org, self.cc), [])

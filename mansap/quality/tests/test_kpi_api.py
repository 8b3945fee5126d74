"""The KPI API (#13) beyond the scope matrix: the process owner's writes, errors as 400, the scorecard endpoint
answering what `process_kpis --json` prints, provider missing as a state."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.quality.models import KPITarget, KPIValue
from mansap.quality.tests.factories import make_process
from mansap.quality.tests.kpi_fixtures import make_kpi, make_target

Y = "2025-2026"


class KPIApiTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.process = make_process(cls.institution, 17, owner_user=cls.registrar)
        cls.computed = make_kpi(cls.process, "17.1", source="computed", indicator="tests.graduated_share")
        cls.missing = make_kpi(cls.process, "17.2", source="computed", indicator="graduates.not_there_yet")
        cls.entered = make_kpi(cls.process, "17.3", unit="count")
        make_target(cls.computed, Y, "0.8", "0.75", "0.6")
        for graduated in (True, True, True, False, False, False):
            make_student(cls.program_a, admission_year=2025, graduation_date=dt.date(2026, 6, 1) if graduated else None)

    def test_the_owner_posts_a_target_and_a_value_and_a_correction(self) -> None:
        api = self.api_as(self.registrar)
        response = api.post(reverse("kpitarget-list"), {"definition": self.entered.pk, "period": Y, "target": "10"})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["amber_threshold"], "10.0000")
        payload = {"definition": self.entered.pk, "period": Y, "value": "8", "evidence_url": "https://x.kz/r"}
        self.assertEqual(api.post(reverse("kpivalue-list"), payload).status_code, 201)
        payload.update(value="9", reason="recount")
        self.assertEqual(api.post(reverse("kpivalue-list"), payload).status_code, 201)
        self.assertEqual(KPIValue.objects.get().value, 9)
        self.assertEqual(KPITarget.objects.filter(definition=self.entered).count(), 1)

    def test_errors_are_400_with_the_field(self) -> None:
        api = self.api_as(self.cc)
        response = api.post(reverse("kpitarget-list"), {"definition": self.entered.pk, "period": "2025", "target": "1"})
        self.assertEqual((response.status_code, response.json()), (400, {"period": ["Write the period as 2025-2026."]}))
        response = api.post(reverse("kpivalue-list"), {"definition": self.computed.pk, "period": Y, "value": "1",
                                                        "evidence_url": "https://x.kz"})  # fmt: skip
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.api_as(self.rector).post(
            reverse("kpitarget-list"), {"definition": self.entered.pk, "period": Y, "target": "1"}
        ).status_code, 403)  # fmt: skip

    def test_scorecard_answers_what_the_command_prints(self) -> None:
        out = StringIO()
        call_command("process_kpis", "--process", "17", "--year", Y, "--json", stdout=out)
        expected = json.loads(out.getvalue())
        self.assertEqual(expected[0], {"code": "17.1", "value": 0.5, "numerator": 3, "denominator": 6, "target": 0.8,
                                       "status": "red"})  # fmt: skip
        response = self.api_as(self.rector).get(reverse("kpidefinition-scorecard"), {"process": 17, "period": Y})
        self.assertEqual(response.json(), expected)
        by_dept = self.api_as(self.aigerim).get(
            reverse("kpidefinition-scorecard"), {"process": 17, "period": Y, "department": self.dept_a.pk}
        )
        self.assertEqual(by_dept.json()[0]["denominator"], 6)
        refused = self.api_as(self.aigerim).get(
            reverse("kpidefinition-scorecard"), {"process": 17, "period": Y, "department": self.dept_b.pk}
        )
        self.assertEqual(refused.status_code, 400)
        self.assertEqual(self.api_as(self.rector).get(reverse("kpidefinition-scorecard"), {"process": 99}).status_code,
                         400)  # fmt: skip

    def test_provider_missing_in_the_list(self) -> None:
        rows = self.api_as(self.rector).get(reverse("kpidefinition-list")).json()["results"]
        self.assertEqual({r["code"]: r["provider_missing"] for r in rows}, {"17.1": False, "17.2": True, "17.3": False})

"""The scope matrix of the quality API (common.testing.ScopedAPITests), one class per endpoint.

Covered (router basename: writes offered; editor / read-only / outsider; out of scope), staff only:
- process: update; cc / aigerim / other_cc; the other institution's process.
- risk: create, update; cc / aigerim (not its owner) / other_cc; the other institution's risk.
- riskassessment: create; cc / aigerim / other_cc; an assessment of the other institution's risk.
- riskaction: create, update; cc / aigerim / other_cc; an action of the other institution's risk.
"""

from __future__ import annotations

import datetime as dt

from mansap.common.testing import ScopedAPITests, ScopedMatrixTestCase
from mansap.quality.models import KPIDefinition, KPITarget, KPIValue, Process, Risk, RiskAction, RiskAssessment
from mansap.quality.tests.factories import assess, make_action, make_process, make_risk
from mansap.quality.tests.kpi_fixtures import make_kpi, make_target, make_value


class _Quality:
    """The personas and risks every quality endpoint shares (a mixin: the matrix classes below are the tests)."""

    editor, viewer, outsider = "cc", "aigerim", "other_cc"
    staff_only = True

    @classmethod
    def own_risk(cls) -> Risk:
        return make_risk(make_process(cls.institution, 5), cls.cc)  # type: ignore[attr-defined]

    @classmethod
    def other_risk(cls) -> Risk:
        return make_risk(make_process(cls.other_institution, 5), cls.other_cc)  # type: ignore[attr-defined]


class ProcessAPIMatrixTests(_Quality, ScopedAPITests, ScopedMatrixTestCase):
    model = Process
    basename = "process"
    writes = ("update",)

    @classmethod
    def in_scope(cls):
        return make_process(cls.institution, 1)

    @classmethod
    def out_of_scope(cls):
        return make_process(cls.other_institution, 1)


class RiskAPIMatrixTests(_Quality, ScopedAPITests, ScopedMatrixTestCase):
    model = Risk
    basename = "risk"
    writes = ("create", "update")

    @classmethod
    def in_scope(cls):
        return cls.own_risk()

    @classmethod
    def out_of_scope(cls):
        return cls.other_risk()

    def create_payload(self):
        return {"key": "NEW", "process": self.obj.process_id, "title_kk": "Жаңа", "category": "operational",
                "owner": self.cc.pk}  # fmt: skip


class RiskAssessmentAPIMatrixTests(_Quality, ScopedAPITests, ScopedMatrixTestCase):
    model = RiskAssessment
    basename = "riskassessment"
    writes = ("create",)

    @classmethod
    def in_scope(cls):
        return assess(cls.own_risk(), dt.date(2025, 1, 10), 2, 3)

    @classmethod
    def out_of_scope(cls):
        return assess(cls.other_risk(), dt.date(2025, 1, 10), 2, 3)

    def create_payload(self):
        return {"risk": self.obj.risk_id, "assessed_on": "2025-02-01", "likelihood": 4, "impact": 4}


class RiskActionAPIMatrixTests(_Quality, ScopedAPITests, ScopedMatrixTestCase):
    model = RiskAction
    basename = "riskaction"
    writes = ("create", "update")

    @classmethod
    def in_scope(cls):
        return make_action(cls.own_risk(), dt.date(2025, 3, 1))

    @classmethod
    def out_of_scope(cls):
        return make_action(cls.other_risk(), dt.date(2025, 3, 1))

    def create_payload(self):
        return {"risk": self.obj.risk_id, "action": "Check", "owner": self.cc.pk, "due_on": "2025-04-01"}


# ---- KPIs (#13): cc edits everything; aigerim (department staff) reads only; the other institution's editor sees
# nothing of ours.
class KPIDefinitionAPIMatrixTests(_Quality, ScopedAPITests, ScopedMatrixTestCase):
    model = KPIDefinition
    basename = "kpidefinition"
    writes = ("create", "update")

    @classmethod
    def in_scope(cls):
        return make_kpi(make_process(cls.institution, 9), "9.1")

    @classmethod
    def out_of_scope(cls):
        return make_kpi(make_process(cls.other_institution, 9), "9.1")

    def create_payload(self):
        return {"process": self.obj.process_id, "code": "9.9", "name_kk": "Жаңа", "source": "entered"}


class KPITargetAPIMatrixTests(_Quality, ScopedAPITests, ScopedMatrixTestCase):
    model = KPITarget
    basename = "kpitarget"
    writes = ("create",)

    @classmethod
    def in_scope(cls):
        return make_target(make_kpi(make_process(cls.institution, 9), "9.1"), "2024-2025", "1", "1", "1")

    @classmethod
    def out_of_scope(cls):
        return make_target(make_kpi(make_process(cls.other_institution, 9), "9.1"), "2024-2025", "1", "1", "1")

    def create_payload(self):
        return {"definition": self.obj.definition_id, "period": "2025-2026", "target": "0.8"}


class KPIValueAPIMatrixTests(_Quality, ScopedAPITests, ScopedMatrixTestCase):
    model = KPIValue
    basename = "kpivalue"
    writes = ("create",)

    @classmethod
    def in_scope(cls):
        return make_value(make_kpi(make_process(cls.institution, 9), "9.1"), "2024-2025", "0.5")

    @classmethod
    def out_of_scope(cls):
        return make_value(make_kpi(make_process(cls.other_institution, 9), "9.1"), "2024-2025", "0.5")

    def create_payload(self):
        return {"definition": self.obj.definition_id, "period": "2025-2026", "value": "0.6",
                "evidence_url": "https://example.kz/report"}  # fmt: skip

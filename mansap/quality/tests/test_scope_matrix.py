"""The scope matrix of the quality pages (common.testing.ScopedPageTests).

Covered (pages; editor / read-only / outsider; out of scope):
- process: the map (list), detail, edit, history; cc (the quality editor) / aigerim (a department's read-write
  member, who reads the map but does not edit it) / dana; the other institution's process.
- risk: the register (list), detail, edit, history; cc / aigerim (not the risk's owner) / dana; the other
  institution's risk.
- KPI: the register (list), detail, edit, history; cc / aigerim (reads, neither the quality editor nor the process
  owner) / dana; the other institution's KPI.

By hand (test_risks.py): the assessment and action forms, the action's "done" button and the heat map.
"""

from __future__ import annotations

from mansap.common.testing import ScopedMatrixTestCase, ScopedPageTests
from mansap.quality.models import KPIDefinition, Process, Risk
from mansap.quality.tests.factories import make_process, make_risk
from mansap.quality.tests.kpi_fixtures import make_kpi


class ProcessPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = Process
    url_names = {
        "list": "quality:process_list", "detail": "quality:process_detail", "edit": "quality:process_edit",
        "delete": None, "history": "quality:process_history",
    }  # fmt: skip
    list_context = "object_list"
    editor, viewer = "cc", "aigerim"

    @classmethod
    def in_scope(cls):
        return make_process(cls.institution, 17)

    @classmethod
    def out_of_scope(cls):
        return make_process(cls.other_institution, 17)


class RiskPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = Risk
    url_names = {
        "list": "quality:risk_list", "detail": "quality:risk_detail", "edit": "quality:risk_edit",
        "delete": None, "history": "quality:risk_history",
    }  # fmt: skip
    editor, viewer = "cc", "aigerim"

    @classmethod
    def in_scope(cls):
        return make_risk(make_process(cls.institution, 3), cls.cc)

    @classmethod
    def out_of_scope(cls):
        return make_risk(make_process(cls.other_institution, 3), cls.other_cc)


class KPIPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = KPIDefinition
    url_names = {
        "list": "quality:kpidefinition_list", "detail": "quality:kpidefinition_detail",
        "edit": "quality:kpidefinition_edit", "delete": None, "history": "quality:kpidefinition_history",
    }  # fmt: skip
    editor, viewer = "cc", "aigerim"

    @classmethod
    def in_scope(cls):
        return make_kpi(make_process(cls.institution, 17), "17.1")

    @classmethod
    def out_of_scope(cls):
        return make_kpi(make_process(cls.other_institution, 17), "17.1")

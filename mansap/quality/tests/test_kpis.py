"""KPIs (#13): the preload, the lifecycle's guards, targets and values with history, the permission matrix of
the services, the scorecard (computed, entered, provider missing, small numbers) and `process_kpis --json`."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from io import StringIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from mansap.common.indicators import WHOLE, Breakdown, Period
from mansap.common.testing import BaseTestCase, make_student
from mansap.quality.choices import KPIStatus
from mansap.quality.models import KPIDefinition, KPITarget, KPIValue, Process
from mansap.quality.reports.kpis import drill_children, scorecard, trend, visible_rows
from mansap.quality.services import kpis as services
from mansap.quality.services.processes import load_process_map
from mansap.quality.tests.factories import make_process
from mansap.quality.tests.kpi_fixtures import make_kpi, make_target, make_value

Y = "2025-2026"


class PreloadTests(BaseTestCase):
    def test_every_card_line_becomes_a_declared_kpi_and_process_17_has_its_eight(self) -> None:
        result = load_process_map(self.institution, owner=self.cc, acting_user=None)
        self.assertEqual(result.kpis_created, 88)
        kpis = KPIDefinition.objects.filter(institution=self.institution)
        self.assertTrue(all(k.status == KPIStatus.DECLARED for k in kpis))
        p17 = kpis.filter(process__number=17).order_by("code")
        self.assertEqual(
            [(k.code, k.source, k.indicator) for k in p17],
            [
                ("17.1", "computed", "graduates.employed_by_specialty"),
                ("17.2", "computed", "graduates.average_salary"),
                ("17.3", "computed", "graduates.own_business_share"),
                ("17.4", "computed", "graduates.successful"),
                ("17.5", "computed", "employers.partnership_agreements"),
                ("17.6", "computed", "employers.joint_units"),
                ("17.7", "computed", "employers.targeted_students"),
                ("17.8", "computed", "surveys.employer_training_quality"),
            ],
        )
        self.assertEqual(p17.get(code="17.2").name_ru, "Средний уровень заработной платы")
        self.assertEqual(p17.get(code="17.2").unit, "tenge")
        p3 = kpis.filter(process__number=3).order_by("code")
        self.assertEqual(
            [(k.code, k.source, k.indicator) for k in p3],
            [
                ("3.1", "entered", ""),
                ("3.2", "computed", "quality.left_red_share"),
                ("3.3", "entered", ""),
                ("3.4", "computed", "quality.processes_covered_share"),
                ("3.5", "computed", "quality.actions_done_share"),
            ],
        )
        self.assertEqual(p3.get(code="3.1").name_en, "Reduction of actual damage")
        p19 = kpis.get(code="19.3")
        self.assertTrue(p19.name_en.startswith("Percentage of automated operations"))
        for k in kpis:
            self.assertTrue(k.name_kk and k.name_ru and k.name_en, k.code)

    def test_reloading_adds_nothing_and_keeps_what_users_changed(self) -> None:
        load_process_map(self.institution, owner=self.cc, acting_user=None)
        KPIDefinition.objects.filter(code="1.1").update(name_en="Edited", formula_en="a / b")
        KPIDefinition.objects.filter(code="2.2").delete()
        again = load_process_map(self.institution, owner=self.cc, acting_user=None)
        self.assertEqual(again.kpis_created, 1)  # only the deleted one comes back
        edited = KPIDefinition.objects.get(code="1.1")
        self.assertEqual((edited.name_en, edited.formula_en), ("Edited", "a / b"))


class LifecycleTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.process = make_process(cls.institution, 9, owner_user=cls.registrar)

    def test_agreeing_needs_formula_unit_direction_and_period(self) -> None:
        kpi = make_kpi(self.process, "9.1", agreed=False)
        with self.assertRaises(ValidationError) as caught:
            services.agree_formula(kpi, acting_user=self.cc)
        self.assertEqual(set(caught.exception.message_dict), {"formula_kk", "unit", "higher_is_better", "period_kind"})
        kpi.formula_ru, kpi.unit, kpi.higher_is_better, kpi.period_kind = "a / b", "share", True, "academic_year"
        services.agree_formula(kpi, acting_user=self.cc)
        kpi.refresh_from_db()
        self.assertEqual((kpi.status, kpi.formula_agreed_by), (KPIStatus.FORMULA_AGREED, self.cc))
        with self.assertRaisesMessage(ValidationError, "already agreed"):
            services.agree_formula(kpi, acting_user=self.cc)

    def test_a_computed_kpi_needs_a_registered_indicator_to_be_agreed(self) -> None:
        kpi = make_kpi(self.process, "9.2", agreed=False, source="computed", indicator="nowhere.missing")
        kpi.formula_en, kpi.unit, kpi.higher_is_better, kpi.period_kind = "x", "share", True, "academic_year"
        with self.assertRaisesMessage(ValidationError, "No indicator with the code nowhere.missing is registered"):
            services.agree_formula(kpi, acting_user=self.cc)
        kpi.indicator = "tests.graduated_share"
        services.agree_formula(kpi, acting_user=self.cc)
        self.assertEqual(kpi.status, KPIStatus.FORMULA_AGREED)

    def test_no_target_or_value_before_the_formula_is_agreed(self) -> None:
        kpi = make_kpi(self.process, "9.3", agreed=False)
        with self.assertRaisesMessage(ValidationError, "Agree the KPI's formula before setting a target"):
            services.set_target(kpi, period=Y, target=D("0.8"), acting_user=self.cc)
        with self.assertRaisesMessage(ValidationError, "Agree the KPI's formula before entering a value"):
            services.enter_value(kpi, period=Y, value=D("0.5"), evidence_url="https://x.kz", acting_user=self.cc)

    def test_target_then_value_move_the_status_forward_and_never_back(self) -> None:
        kpi = make_kpi(self.process, "9.4")
        target = services.set_target(
            kpi, period="2025 - 2026", target=D("0.80"), amber_threshold=D("0.75"), red_threshold=D("0.60"),
            acting_user=self.registrar,
        )  # fmt: skip
        self.assertEqual((target.period, target.set_by), (Y, self.registrar))
        kpi.refresh_from_db()
        self.assertEqual(kpi.status, KPIStatus.TARGET_SET)
        services.enter_value(
            kpi, period=Y, value=D("0.7"), numerator=D("7"), denominator=D("10"),
            evidence_url="https://docs.example.kz/report", acting_user=self.registrar,
        )  # fmt: skip
        kpi.refresh_from_db()
        self.assertEqual(kpi.status, KPIStatus.MEASURED)
        services.set_target(kpi, period="2026-2027", target=D("0.85"), acting_user=self.cc)
        kpi.refresh_from_db()
        self.assertEqual(kpi.status, KPIStatus.MEASURED)
        later = KPITarget.objects.get(definition=kpi, period="2026-2027")
        self.assertEqual((later.amber_threshold, later.red_threshold), (D("0.85"), D("0.85")))

    def test_a_value_before_a_target_keeps_the_status_until_the_target(self) -> None:
        kpi = make_kpi(self.process, "9.5")
        services.enter_value(kpi, period=Y, value=D("3"), evidence_url="https://x.kz/a", acting_user=self.cc)
        kpi.refresh_from_db()
        self.assertEqual(kpi.status, KPIStatus.FORMULA_AGREED)
        services.set_target(kpi, period=Y, target=D("4"), acting_user=self.cc)
        kpi.refresh_from_db()
        self.assertEqual(kpi.status, KPIStatus.MEASURED)

    def test_bad_period_and_bad_bands_are_named_errors(self) -> None:
        kpi = make_kpi(self.process, "9.6")
        with self.assertRaises(ValidationError) as caught:
            services.set_target(kpi, period="2025", target=D("1"), acting_user=self.cc)
        self.assertEqual(caught.exception.message_dict, {"period": ["Write the period as 2025-2026."]})
        with self.assertRaises(ValidationError) as caught:
            services.set_target(
                kpi, period=Y, target=D("0.8"), amber_threshold=D("0.9"), red_threshold=D("0.5"), acting_user=self.cc
            )
        self.assertIn("amber_threshold", caught.exception.message_dict)
        lower = make_kpi(self.process, "9.7", higher_is_better=False)
        services.set_target(
            lower, period=Y, target=D("3"), amber_threshold=D("5"), red_threshold=D("10"), acting_user=self.cc
        )
        self.assertFalse(KPITarget.objects.filter(definition=kpi).exists())

    def test_a_value_needs_evidence_and_a_correction_keeps_history(self) -> None:
        kpi = make_kpi(self.process, "9.8")
        with self.assertRaises(ValidationError) as caught:
            services.enter_value(kpi, period=Y, value=D("0.5"), acting_user=self.cc)
        self.assertEqual(caught.exception.message_dict, {"evidence": ["Attach the evidence: a file or a link."]})
        first = services.enter_value(kpi, period=Y, value=D("0.5"), evidence_url="https://x.kz/1", acting_user=self.cc)
        second = services.enter_value(
            kpi, period=Y, value=D("0.55"), note="recounted", acting_user=self.registrar, reason="Typo in the report"
        )
        self.assertEqual(first.pk, second.pk)
        self.assertEqual(KPIValue.objects.get().value, D("0.55"))
        self.assertEqual(KPIValue.objects.get().evidence_url, "https://x.kz/1")  # the evidence is kept
        history = list(KPIValue.history.order_by("history_date").values_list("value", "history_change_reason"))
        self.assertEqual(history, [(D("0.5000"), None), (D("0.5500"), "Typo in the report")])

    def test_a_computed_kpi_is_measured_not_entered(self) -> None:
        kpi = make_kpi(self.process, "9.9", source="computed", indicator="tests.graduated_share")
        with self.assertRaisesMessage(ValidationError, "measured by its indicator"):
            services.enter_value(kpi, period=Y, value=D("1"), evidence_url="https://x.kz", acting_user=self.cc)
        make_student(self.program_a, admission_year=2025, graduation_date=dt.date(2026, 6, 30))
        make_student(self.program_a, admission_year=2025)
        stored = services.record_measurement(kpi, period=Y, acting_user=self.cc)
        self.assertEqual((stored.value, stored.numerator, stored.denominator), (D("0.5"), D("1"), D("2")))
        self.assertEqual(stored.source, "computed")


class PermissionTests(BaseTestCase):
    """Quality editor: everything; the process owner: targets and values of their process; other staff,
    department staff: nothing (they read)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.process = make_process(cls.institution, 9, owner_user=cls.registrar)
        cls.other_process = make_process(cls.institution, 10)

    def test_matrix(self) -> None:
        own = make_kpi(self.process, "9.1")
        other = make_kpi(self.other_process, "10.1")
        declared = make_kpi(self.process, "9.2", agreed=False, formula_en="f", unit="count", higher_is_better=True,
                            period_kind="calendar_year")  # fmt: skip

        def can_target(user, kpi) -> bool:
            try:
                services.set_target(kpi, period=Y, target=D("1"), acting_user=user)
            except PermissionDenied:
                return False
            return True

        def can_enter(user, kpi) -> bool:
            try:
                services.enter_value(kpi, period=Y, value=D("1"), evidence_url="https://x.kz", acting_user=user)
            except PermissionDenied:
                return False
            return True

        def can_agree(user) -> bool:
            try:
                services.agree_formula(KPIDefinition.objects.get(pk=declared.pk), acting_user=user)
            except PermissionDenied:
                return False
            return True

        self.assertEqual(
            {name: (can_target(u, own), can_target(u, other), can_enter(u, own)) for name, u in [
                ("cc", self.cc), ("registrar", self.registrar), ("rector", self.rector), ("aigerim", self.aigerim),
                ("dean", self.dean),
            ]},
            {
                "cc": (True, True, True), "registrar": (True, False, True), "rector": (False, False, False),
                "aigerim": (False, False, False), "dean": (False, False, False),
            },
        )  # fmt: skip
        self.assertEqual([can_agree(u) for u in (self.registrar, self.rector, self.aigerim)], [False] * 3)
        self.assertTrue(can_agree(self.cc))
        self.assertTrue(services.can_edit_definition(self.cc, own))
        self.assertFalse(services.can_edit_definition(self.registrar, own))


class ScorecardTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.process = make_process(cls.institution, 17)
        cls.computed = make_kpi(cls.process, "17.1", source="computed", indicator="tests.graduated_share")
        cls.missing = make_kpi(cls.process, "17.2", source="computed", indicator="graduates.not_there_yet")
        cls.entered = make_kpi(cls.process, "17.3", unit="count")
        make_target(cls.computed, Y, "0.80", "0.75", "0.60")
        make_target(cls.entered, Y, "10", "9", "5")
        make_value(cls.entered, Y, "9", numerator="9")
        # program A (department A): 4 students of 2025, 3 graduated; program B (department B): 2, 1 graduated.
        for graduated in (True, True, True, False):
            make_student(cls.program_a, admission_year=2025, graduation_date=dt.date(2026, 6, 1) if graduated else None)
        make_student(cls.program_b, admission_year=2025, graduation_date=dt.date(2026, 6, 1))
        make_student(cls.program_b, admission_year=2025)

    def test_values_targets_and_status_per_kpi(self) -> None:
        rows = scorecard(self.process, Y)
        self.assertEqual(
            [row.as_json() for row in rows],
            [
                {"code": "17.1", "value": 0.6667, "numerator": 4, "denominator": 6, "target": 0.8, "status": "amber"},
                {"code": "17.2", "value": None, "numerator": None, "denominator": None, "target": None,
                 "status": "none"},
                {"code": "17.3", "value": 9, "numerator": 9, "denominator": None, "target": 10, "status": "green"},
            ],
        )  # fmt: skip
        self.assertTrue(rows[1].provider_missing)

    def test_a_breakdown_under_five_people_shows_no_figure(self) -> None:
        dept_a = Breakdown(faculty=self.faculty.pk, department=self.dept_a.pk)
        rows = scorecard([self.computed, self.entered], Y, dept_a)
        self.assertTrue(rows[0].suppressed)  # 4 people
        self.assertEqual(rows[0].as_json()["value"], None)
        self.assertTrue(rows[1].unsupported)  # entered values are the institution's
        faculty = scorecard([self.computed], Y, Breakdown(faculty=self.faculty.pk))[0]
        self.assertEqual((faculty.value, faculty.denominator, faculty.suppressed), (D("0.6667"), 6, False))

    def test_a_label_of_another_kind_gives_no_figure(self) -> None:
        self.assertEqual([r.as_json()["status"] for r in scorecard(self.process, "2025")], ["none"] * 3)

    def test_trend_over_five_periods(self) -> None:
        make_value(self.entered, "2023-2024", "4")
        points = trend(self.entered, Period.parse("academic_year", Y))
        self.assertEqual(
            [(p.label, p.value) for p in points],
            [("2021-2022", None), ("2022-2023", None), ("2023-2024", D("4")), ("2024-2025", None), (Y, D("9"))],
        )

    def test_drill_down_is_narrowed_to_what_the_user_sees(self) -> None:
        period = Period.parse("academic_year", Y)
        faculties = drill_children(self.computed, period, WHOLE, self.cc)
        fit = faculties[1]
        self.assertEqual(
            [(s.dimension, s.unit.code, s.row.value) for s in faculties],
            [("faculty", "FEB", None), ("faculty", "FIT", D("0.6667"))],
        )
        departments = drill_children(self.computed, period, fit.breakdown, self.cc)
        self.assertEqual([(s.unit.code, s.row.suppressed) for s in departments], [("CS", True), ("IS", True)])
        self.assertEqual([s.unit.code for s in drill_children(self.computed, period, WHOLE, self.aigerim)], ["FIT"])
        as_aigerim = drill_children(self.computed, period, fit.breakdown, self.aigerim)
        self.assertEqual([s.unit.code for s in as_aigerim], ["IS"])
        rows = scorecard([self.computed], Y, with_rows=True)[0].rows
        self.assertEqual(len(visible_rows(rows, self.cc)), 4)
        self.assertEqual(len(visible_rows(rows, self.aigerim)), 3)  # department A's graduates only


class ProcessKpisCommandTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.process = make_process(cls.institution, 17)
        kpi = make_kpi(cls.process, "17.1", source="computed", indicator="tests.graduated_share")
        make_target(kpi, Y, "0.5", "0.5", "0.4")
        for graduated in (True, True, True, True, True, False):
            make_student(cls.program_a, admission_year=2025, graduation_date=dt.date(2026, 6, 1) if graduated else None)

    def run_command(self, *args: str) -> str:
        out = StringIO()
        call_command("process_kpis", *args, stdout=out)
        return out.getvalue()

    def test_json_array_one_object_per_kpi(self) -> None:
        data = json.loads(self.run_command("--process", "17", "--year", Y, "--json"))
        self.assertEqual(
            data,
            [{"code": "17.1", "value": 0.8333, "numerator": 5, "denominator": 6, "target": 0.5, "status": "green"}],
        )
        by_dept = json.loads(self.run_command("--process", "17", "--year", Y, "--department", "IS", "--json"))
        self.assertEqual(by_dept[0]["denominator"], 6)
        by_dept = json.loads(self.run_command("--process", "17", "--year", Y, "--department", "CS", "--json"))
        self.assertEqual(by_dept[0], {"code": "17.1", "value": None, "numerator": None, "denominator": None,
                                      "target": 0.5, "status": "none"})  # fmt: skip

    def test_clear_errors(self) -> None:
        for args, message in [
            (("--process", "99", "--year", Y), "unknown process '99'"),
            (("--process", "17", "--year", "2025-2027"), "--year '2025-2027' is not a period"),
            (("--process", "17", "--year", Y, "--department", "NOPE"), "unknown department 'NOPE'"),
        ]:
            with self.subTest(args=args), self.assertRaisesMessage(CommandError, message):
                self.run_command(*args, "--json")

    def test_the_process_is_found_by_code_too(self) -> None:
        data = json.loads(self.run_command("--process", Process.objects.get().code, "--year", Y, "--json"))
        self.assertEqual(len(data), 1)

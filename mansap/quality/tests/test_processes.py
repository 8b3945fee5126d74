"""The process map: the 22 cards of document 002 preloaded in kk/ru/en with their risks, idempotently; the map
and a process's page for staff; the card edited by the quality editors only."""

from __future__ import annotations

from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from mansap.common.testing import BaseTestCase, ScopedCRUDTests, form_data
from mansap.quality import processmap
from mansap.quality.forms import ProcessForm
from mansap.quality.models import Process, Risk
from mansap.quality.services.processes import load_process_map


class LoadProcessMapTests(BaseTestCase):
    def test_loads_22_processes_in_three_groups_and_the_seed_risks(self) -> None:
        result = load_process_map(self.institution, owner=self.cc, acting_user=None)
        self.assertEqual((result.processes_created, result.risks_created), (22, 98))
        processes = Process.objects.filter(institution=self.institution)
        self.assertEqual(
            {c: processes.filter(category=c).count() for c in ("management", "core", "support")},
            {"management": 8, "core": 9, "support": 5},
        )
        p17 = processes.get(number=17)
        self.assertEqual(p17.code, "ҚазТБУ-АСП-ПАК-8.2/9.1.2-2026-17")
        self.assertFalse(p17.codes_differ)
        self.assertEqual(p17.name_en, "Employment and interaction with employers")
        self.assertEqual(p17.name_ru, "Трудоустройство и взаимодействие с работодателями")
        self.assertEqual(p17.owner_kk, "Академиялық сұрақтар проректоры")
        p18 = processes.get(number=18)
        self.assertTrue(p18.codes_differ)
        self.assertEqual(p18.code, "ҚазТБУ-Р-ПАК-7.1.2/7.2-2026-18")
        self.assertEqual(p18.id_code, "ҚазТБУ-Р/П-ІКР-7.1.2/7.2-2026-18")
        self.assertEqual(
            p18.inputs_en.splitlines(), ["Regulatory requirements", "Strategic documents", "Requests of stakeholders"]
        )
        with translation.override("ru"):
            self.assertEqual(p18.name, "Управление персоналом")
        # Process 17: its four card risks (E.3), 000 §10's four and 001 §12's five.
        risks = Risk.objects.filter(process=p17)
        self.assertEqual(risks.count(), 13)
        self.assertEqual(
            set(risks.filter(category="anti_corruption").values_list("key", flat=True)),
            {"RPA01-R4", "RPA02-R4", "RPA02-R5"},
        )
        dubious = risks.get(key="RPA02-R4")
        self.assertEqual(dubious.source, "KazUTB-CC-RPA-7.2-2025-02 §12")
        self.assertTrue(dubious.treatment_en.startswith("The study and analysis of the activities of organizations"))
        self.assertEqual(
            risks.get(key="P17-R3").title_en,
            "Lack of reliable data on graduates' destinies (contact lost after graduation)",
        )
        self.assertTrue(all(r.owner_id == self.cc.pk for r in Risk.objects.all()))
        # Every preloaded text exists in the three languages.
        for process in processes:
            for field in ("name", "owner", "manager", "goal", "inputs", "content"):
                for lang in ("kk", "ru", "en"):
                    self.assertTrue(getattr(process, f"{field}_{lang}"), f"process {process.number} {field}_{lang}")
        for risk in Risk.objects.all():
            self.assertTrue(risk.title_kk and risk.title_ru and risk.title_en, risk.key)

    def test_loading_again_adds_nothing_and_keeps_edits(self) -> None:
        load_process_map(self.institution, owner=self.cc, acting_user=None)
        Process.objects.filter(number=3).update(goal_en="Edited by the quality department")
        again = load_process_map(self.institution, owner=self.admin, acting_user=None)
        self.assertEqual((again.processes_created, again.risks_created), (0, 0))
        self.assertEqual(Process.objects.get(number=3).goal_en, "Edited by the quality department")
        self.assertEqual(Risk.objects.count(), len(processmap.risks()))

    def test_the_command_loads_for_an_owner_by_email(self) -> None:
        self.cc.email = "cc@kazutb.kz"
        self.cc.save()
        call_command("load_process_map", "--owner", "CC@kazutb.kz", "--institution", "KAZUTB", stdout=_Sink())
        self.assertEqual(Process.objects.count(), 22)


class _Sink:
    def write(self, *args: object, **kwargs: object) -> None:
        pass


class ProcessPageTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        load_process_map(cls.institution, owner=cls.cc, acting_user=None)
        cls.p17 = Process.objects.get(number=17)

    def test_the_map_shows_three_groups_to_any_staff_member(self) -> None:
        response = self.assert_page_shows(
            self.bolat, reverse("quality:process_list"), "Management processes", "Core processes",
            "Support processes", "Employment and interaction with employers",
        )  # fmt: skip
        self.assertEqual([len(ps) for _c, ps in response.context["groups"]], [8, 9, 5])

    def test_a_process_page_shows_the_card_and_its_risks(self) -> None:
        self.assert_page_shows(
            self.aigerim, reverse("quality:process_detail", args=[self.p17.pk]),
            "ҚазТБУ-АСП-ПАК-8.2/9.1.2-2026-17", "Vice-Rector for Academic Affairs", "Educational Programs Department",
            "Economic crisis in the industry", "RPA02-R4",
        )  # fmt: skip

    def test_the_page_is_translated(self) -> None:
        self.client.force_login(self.rector)
        response = self.client.get(reverse("quality:process_detail", args=[self.p17.pk]), HTTP_ACCEPT_LANGUAGE="kk")
        self.assertContains(response, "Жұмыспен қамту және жұмыс берушілермен өзара әрекеттесу")

    def test_only_quality_editors_edit_a_card(self) -> None:
        url = reverse("quality:process_edit", args=[self.p17.pk])
        self.assert_status(self.aigerim, url, 403)
        self.assert_status(self.registrar, url, 403)
        self.assert_status(self.rector, url, 403)
        self.assert_status(self.cc, url, 200)
        data = form_data(self.p17, ProcessForm.Meta.fields, goal_en="Employment of graduates and work with employers.")
        data["_version"] = self.p17.updated_at.isoformat()
        response = self.post_as(self.cc, url, data)
        self.assertEqual(response.status_code, 302)
        self.p17.refresh_from_db()
        self.assertEqual(self.p17.goal_en, "Employment of graduates and work with employers.")
        self.assertEqual(self.p17.history.first().history_user, self.cc)

    def test_students_are_refused(self) -> None:
        self.assert_status(self.student_user, reverse("quality:process_list"), 403)

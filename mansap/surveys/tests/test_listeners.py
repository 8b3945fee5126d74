"""The end-of-course survey of process 12 (R-066): a campaign whose audience is a list of additional-education
course listeners, imported (all or nothing, coded row errors, an error report, idempotent) or typed in, invited
in their own language."""

from __future__ import annotations

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mansap.common.testing import ScopedMatrixTestCase, workbook_bytes
from mansap.surveys.choices import SurveyKind
from mansap.surveys.models import CourseListener, Invitation
from mansap.surveys.services import campaigns as campaign_services
from mansap.surveys.services import listeners as services
from mansap.surveys.tests.factories import make_campaign, make_questionnaire

CSV = (
    "ФИО;E-mail;Курс;Язык\n"
    "Серикова Айгуль;aigul@example.kz;Python для анализа данных;ru\n"
    "Омаров Данияр;daniyar@example.kz;Python для анализа данных;Қазақша\n"
    "Smith Anna;anna@example.com;Project management;en\n"
)


def csv_file(text: str = CSV, name: str = "listeners.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), "text/csv")


class ListenerImportTests(ScopedMatrixTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.questionnaire = make_questionnaire(cls.institution, kind=SurveyKind.COURSE)
        cls.campaign = make_campaign(cls.questionnaire, language="kk")

    def listeners(self) -> list[tuple[str, str, str, str]]:
        return list(self.campaign.listeners.order_by("email").values_list("full_name", "email", "course", "language"))

    def test_an_import_adds_the_listeners_and_a_second_one_adds_nobody(self) -> None:
        report = services.import_listeners(self.campaign, csv_file(), "listeners.csv", acting_user=self.cc)
        self.assertEqual((report.rows, report.created, report.updated, report.unchanged), (3, 3, 0, 0))
        self.assertEqual(
            self.listeners(),
            [
                ("Серикова Айгуль", "aigul@example.kz", "Python для анализа данных", "ru"),
                ("Smith Anna", "anna@example.com", "Project management", "en"),
                ("Омаров Данияр", "daniyar@example.kz", "Python для анализа данных", "kk"),
            ],
        )
        again = services.import_listeners(self.campaign, csv_file(), "listeners.csv", acting_user=self.cc)
        self.assertEqual((again.created, again.updated, again.unchanged), (0, 0, 3))
        changed = CSV.replace(
            "Smith Anna;anna@example.com;Project management;en", "Smith Anne;ANNA@example.com;Project management;"
        )
        third = services.import_listeners(self.campaign, csv_file(changed), "listeners.csv", acting_user=self.cc)
        self.assertEqual((third.created, third.updated, third.unchanged), (0, 1, 2))
        self.assertEqual(self.listeners()[1], ("Smith Anne", "anna@example.com", "Project management", "kk"))

    def test_one_bad_row_and_nobody_is_added_with_each_error_coded(self) -> None:
        data = workbook_bytes(
            {
                "Sheet1": [
                    ["full_name", "email", "course", "language"],
                    ["Серикова Айгуль", "aigul@example.kz", "Python", "ru"],
                    ["", "x@example.kz", "Python", "kk"],
                    ["Омаров Данияр", "not-an-e-mail", "Python", "de"],
                    ["Серикова А.", "AIGUL@example.kz", "python", ""],
                ]
            }
        )
        upload = SimpleUploadedFile("l.xlsx", data)
        report = services.import_listeners(self.campaign, upload, "l.xlsx", acting_user=self.cc)
        issues = [(e["row"], e["column"], e["code"]) for e in report.to_dict()["errors"]]
        self.assertEqual(
            issues,
            [(3, "full_name", "missing_field"), (4, "email", "bad_email"), (4, "language", "bad_choice"),
             (5, "email", "duplicate_row")],
        )  # fmt: skip
        self.assertEqual(report.to_dict()["errors"][3]["message"], "AIGUL@example.kz is already given in row 2.")
        self.assertEqual((report.valid, report.invalid), (1, 3))
        self.assertEqual(self.campaign.listeners.count(), 0)

    def test_a_missing_column_and_a_file_that_is_not_a_spreadsheet(self) -> None:
        report = services.import_listeners(
            self.campaign, csv_file("ФИО;Курс\nА;Python\n"), "l.csv", acting_user=self.cc
        )
        self.assertEqual([(e.row, e.column, e.code) for e in report.errors], [(1, "email", "missing_field")])
        from mansap.common.importing import UnreadableFile

        with self.assertRaises(UnreadableFile):
            services.import_listeners(
                self.campaign, SimpleUploadedFile("l.xlsx", b"%PDF-1.4"), "l.xlsx", acting_user=self.cc
            )

    def test_the_page_imports_shows_the_errors_and_gives_the_report(self) -> None:
        url = reverse("surveys:campaign_listeners", args=[self.campaign.pk])
        bad = CSV + "Без почты;;Python;ru\n"
        response = self.post_as(self.cc, url, {"file": csv_file(bad)})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "The required column email is empty.", status_code=400)
        self.assertEqual(self.campaign.listeners.count(), 0)
        report = self.client.get(reverse("surveys:campaign_listeners_errors", args=[self.campaign.pk]))
        self.assertEqual(
            self.xlsx_rows(report),
            [
                ["Row", "Column", "Code", "Message", "Value"],
                [5, "email", "missing_field", "The required column email is empty.", None],
            ],
        )
        response = self.client.post(url, {"file": csv_file()})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.campaign.listeners.count(), 3)
        response = self.client.post(
            url,
            {"add": "1", "full_name": "Жанов Ерлан", "email": "erlan@example.kz", "course": "Excel", "language": "kk"},
        )
        self.assertEqual(response.status_code, 302)
        response = self.client.post(
            url, {"add": "1", "full_name": "Жанов Е.", "email": "ERLAN@example.kz", "course": "excel", "language": "kk"}
        )
        self.assertContains(response, "This listener of this course is already on the list.", status_code=400)
        self.assertEqual(self.campaign.listeners.count(), 4)

    def test_who_may(self) -> None:
        url = reverse("surveys:campaign_listeners", args=[self.campaign.pk])
        self.assert_status(self.rector, url, 403)  # reads the campaign, may not change it
        self.assert_status(self.other_cc, url, 404)
        self.assert_status(self.student_user, url, 403)
        self.assert_status(self.other_cc, reverse("surveys:campaign_listeners_errors", args=[self.campaign.pk]), 404)
        other_kind = make_campaign(make_questionnaire(self.institution, kind=SurveyKind.ALUMNI), cohort=2025)
        with self.assertRaises(ValidationError):
            services.import_listeners(other_kind, csv_file(), "l.csv", acting_user=self.cc)

    def test_launch_invites_the_listeners_in_their_language_and_freezes_the_list(self) -> None:
        services.import_listeners(self.campaign, csv_file(), "l.csv", acting_user=self.cc)
        self.assertEqual(campaign_services.audience_count(self.campaign), 3)
        invited = campaign_services.launch_campaign(self.campaign, acting_user=self.cc, confirmed_count=3)
        self.assertEqual(invited, 3)
        self.assertEqual(
            sorted(Invitation.objects.filter(campaign=self.campaign).values_list("email", "language")),
            [("aigul@example.kz", "ru"), ("anna@example.com", "en"), ("daniyar@example.kz", "kk")],
        )
        with self.captureOnCommitCallbacks(execute=True):
            sent = campaign_services.send_invitations(
                self.campaign, acting_user=self.cc, site_url="https://mansap.example", confirmed_count=3
            )
        self.assertEqual(sent, 3)
        by_to = {m.to[0]: m for m in mail.outbox}
        self.assertEqual(by_to["anna@example.com"].subject, "Survey: Campaign")
        self.assertEqual(by_to["aigul@example.kz"].subject, "Опрос: Кампания")
        self.assertEqual(by_to["daniyar@example.kz"].subject, "Сауалнама: Науқан")
        self.assertIn("Серикова Айгуль", by_to["aigul@example.kz"].body)
        with self.assertRaises(ValidationError):
            services.import_listeners(self.campaign, csv_file(), "l.csv", acting_user=self.cc)
        self.assertEqual(
            [i.recipient_name for i in Invitation.objects.filter(campaign=self.campaign).order_by("email")],
            ["Серикова Айгуль", "Smith Anna", "Омаров Данияр"],
        )

    def test_the_listeners_page_costs_the_same_with_2_and_20(self) -> None:
        url = reverse("surveys:campaign_listeners", args=[self.campaign.pk])
        self.client.force_login(self.cc)

        def add(n: int) -> None:
            start = self.campaign.listeners.count()
            CourseListener.objects.bulk_create(
                CourseListener(campaign=self.campaign, full_name=f"L{i}", email=f"l{i}@example.kz", course="C")
                for i in range(start, start + n)
            )

        add(2)
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        add(18)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(url)
        self.assertEqual(len(response.context["listeners"]), 20)
        self.assertEqual(len(few), len(many))
        self.assertEqual(len(many), 6)  # session, user, memberships, the campaign, its change scope, the listeners

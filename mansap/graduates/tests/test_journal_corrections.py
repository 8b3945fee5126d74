"""Issue #12, the employment journal: statuses as of today, voiding and correcting records, the row's employer,
the last successful contact, negotiations naming their employer, self-reports in the journal, rounds in progress.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import ScopedCRUDTests
from mansap.core.models import AcademicYear
from mansap.employers.models import Organization
from mansap.graduates.choices import AssistanceKind, Channel, ContactOutcome, EmploymentStatus, SelfReportStatus
from mansap.graduates.forms.records import AssistanceActionForm
from mansap.graduates.models import AssistanceAction, CollectionRound, EmploymentRecord, SelfReport
from mansap.graduates.reports import analytics
from mansap.graduates.reports.form10 import records_as_of
from mansap.graduates.services import records as services
from mansap.graduates.tests.factories import make_graduate

S = EmploymentStatus
JOURNAL = reverse("graduates:journal")
HTMX = {"HTTP_HX_REQUEST": "true"}
RECORDS = "/api/v1/employment-records/"
BIN = "180140000018"


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def give(graduate, user, status=S.EMPLOYED_OTHER, started_on=None, **fields) -> EmploymentRecord:
    fields.setdefault("channel", Channel.TELEPHONE)
    return services.record_employment(
        graduate, acting_user=user, status=status, started_on=started_on or days(-200), **fields
    )


def journal_row(response, graduate):
    return next(row.record for row in response.context["table"].page.object_list if row.record.pk == graduate.pk)


class FutureRecordTests(ScopedCRUDTests):
    """A record that starts later is not the status as of today, wherever the status is shown."""

    def setUp(self) -> None:
        self.graduate = make_graduate(self.program_a, last_name="Болашақова", graduation_date=days(-400))
        self.now = give(self.graduate, self.aigerim, S.UNEMPLOYED_SEEKING, days(-100))
        self.later = give(self.graduate, self.aigerim, S.EMPLOYED_SPECIALTY, days(30), employer_name="ТОО Келешек")

    def test_journal_shows_the_status_in_force_today(self) -> None:
        row = journal_row(self.get_as(self.aigerim, JOURNAL + f"?cohort={self.graduate.cohort}"), self.graduate)
        self.assertEqual((row.current_status, row.current_since), (S.UNEMPLOYED_SEEKING, days(-100)))
        cohort = f"?cohort={self.graduate.cohort}"
        self.assertEqual(self.get_as(self.aigerim, JOURNAL + cohort + "&status=employed_specialty").context[
            "table"].paginator.count, 0)  # fmt: skip

    def test_graduate_page_marks_the_later_record_upcoming(self) -> None:
        url = reverse("graduates:graduate_detail", args=[self.graduate.pk])
        response = self.get_as(self.aigerim, url)
        self.assertEqual(response.context["current"], self.now)
        self.assertContains(response, "starts later")

    def test_api_current_filter_and_kpis(self) -> None:
        body = self.api_as(self.aigerim).get(RECORDS, {"current": "true"}).json()
        self.assertEqual([row["id"] for row in body["results"]], [self.now.pk])
        graduates = type(self.graduate).objects.filter(pk=self.graduate.pk)
        self.assertEqual(
            analytics.snapshot(graduates, timezone.localdate()).statuses, {self.graduate.pk: S.UNEMPLOYED_SEEKING}
        )
        self.assertEqual(records_as_of(graduates, timezone.localdate())[self.graduate.pk], self.now)

    def test_organization_page_lists_only_current_employees(self) -> None:
        org = Organization.objects.create(institution=self.institution, name_kk="Келешек", name_ru="Келешек",
                                          name_en="Keleshek", bin=BIN)  # fmt: skip
        EmploymentRecord.objects.filter(pk=self.later.pk).update(organization=org)
        from mansap.graduates.templatetags.graduates_employment import organization_graduates

        request = self.client.request().wsgi_request
        request.user = self.cc
        self.assertEqual(organization_graduates({"request": request}, org)["employed"], [])


class VoidAndCorrectTests(ScopedCRUDTests):
    def setUp(self) -> None:
        self.graduate = make_graduate(self.program_a, graduation_date=days(-400))
        self.before = give(self.graduate, self.aigerim, S.UNEMPLOYED_SEEKING, days(-100))
        self.wrong = give(self.graduate, self.aigerim, S.EMPLOYED_SPECIALTY, days(300), employer_name="ТОО Қате")

    def test_void_keeps_the_record_and_reopens_the_one_it_closed(self) -> None:
        self.before.refresh_from_db()
        self.assertEqual((self.before.ended_on, self.before.closed_by), (days(299), self.wrong))
        services.void_record(self.wrong, acting_user=self.aigerim, reason="2026 instead of 2025")
        self.wrong.refresh_from_db()
        self.before.refresh_from_db()
        self.assertEqual((self.wrong.void_reason, self.wrong.voided_by), ("2026 instead of 2025", self.aigerim))
        self.assertIsNotNone(self.wrong.voided_at)
        self.assertEqual((self.wrong.status, self.wrong.started_on), (S.EMPLOYED_SPECIALTY, days(300)))  # unchanged
        self.assertIsNone(self.before.ended_on)
        self.assertEqual(self.graduate.employment_records.count(), 2)  # nothing deleted
        self.assertEqual(self.wrong.history.first().history_user, self.aigerim)
        with self.assertRaises(ValidationError):
            services.void_record(self.wrong, acting_user=self.aigerim, reason="again")

    def test_a_reason_is_required(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.void_record(self.wrong, acting_user=self.aigerim, reason="  ")
        self.assertIn("void_reason", caught.exception.message_dict)
        self.wrong.refresh_from_db()
        self.assertIsNone(self.wrong.voided_at)

    def test_correction_is_void_plus_new_record_in_one_call(self) -> None:
        new = services.correct_record(
            self.wrong, acting_user=self.aigerim, reason="wrong year", status=S.EMPLOYED_SPECIALTY,
            started_on=days(-65), channel=Channel.TELEPHONE, employer_name="ТОО Дұрыс",
        )  # fmt: skip
        self.wrong.refresh_from_db()
        self.before.refresh_from_db()
        self.assertEqual(new.corrects, self.wrong)
        self.assertIsNotNone(self.wrong.voided_at)
        self.assertEqual((self.before.ended_on, self.before.closed_by), (days(-66), new))
        current = EmploymentRecord.objects.current_of_graduate(self.graduate, timezone.localdate()).get()
        self.assertEqual(current, new)

    def test_an_invalid_correction_changes_nothing(self) -> None:
        with self.assertRaises(ValidationError):
            services.correct_record(
                self.wrong,
                acting_user=self.aigerim,
                reason="x",
                status=S.EMPLOYED_SPECIALTY,
                started_on=days(-150),
                channel=Channel.TELEPHONE,
            )  # fmt: skip  (before the reopened record's start, without an end date)
        self.wrong.refresh_from_db()
        self.assertIsNone(self.wrong.voided_at)

    def test_voided_records_count_for_nothing(self) -> None:
        services.void_record(self.before, acting_user=self.aigerim, reason="never happened")
        graduates = type(self.graduate).objects.filter(pk=self.graduate.pk)
        self.assertEqual(analytics.snapshot(graduates, timezone.localdate()).statuses[self.graduate.pk], S.UNKNOWN)
        self.assertEqual(analytics.snapshot(graduates, days(301)).statuses[self.graduate.pk], S.EMPLOYED_SPECIALTY)
        trend = analytics.cohort_trend(graduates, {self.graduate.cohort: timezone.localdate()})
        self.assertEqual(trend[0].kpis["counts"]["unknown"], 1)
        row = journal_row(self.get_as(self.aigerim, JOURNAL + f"?cohort={self.graduate.cohort}"), self.graduate)
        self.assertIsNone(row.current_status)

    def test_void_page_scope_and_history_shown_struck_through(self) -> None:
        url = reverse("graduates:record_void", args=[self.wrong.pk])
        self.assert_status(self.aigerim, url, 200)
        self.assert_status(self.bolat, url, 403)
        self.assert_status(self.dana, url, 404)
        self.assertEqual(self.post_as(self.bolat, url, {"reason": "x"}).status_code, 403)
        response = self.post_as(self.aigerim, url, {"reason": ""})
        self.assertContains(response, "This field is required.")
        response = self.post_as(self.aigerim, url, {"reason": "typed 2026 instead of 2025"})
        detail = reverse("graduates:graduate_detail", args=[self.graduate.pk])
        self.assertRedirects(response, detail)
        page = self.get_as(self.bolat, detail)
        self.assertContains(page, "record-voided")
        self.assertContains(page, "text-decoration-line-through")
        self.assertContains(page, "typed 2026 instead of 2025")
        self.assertNotContains(page, reverse("graduates:record_void", args=[self.before.pk]))  # read-only
        self.assert_status(self.aigerim, url, 404)  # a voided record is not offered again

    def test_correct_page(self) -> None:
        url = reverse("graduates:record_correct", args=[self.wrong.pk])
        response = self.get_as(self.aigerim, url)
        self.assertEqual(response.context["form"].initial["employer_name"], "ТОО Қате")
        self.assert_status(self.dana, url, 404)
        data = {"reason": "wrong year", "status": S.EMPLOYED_SPECIALTY, "started_on": days(-30).isoformat(),
                "channel": Channel.TELEPHONE, "employer_name": "ТОО Қате"}  # fmt: skip
        response = self.post_as(self.aigerim, url, data)
        self.assertRedirects(response, reverse("graduates:graduate_detail", args=[self.graduate.pk]))
        new = EmploymentRecord.objects.get(corrects=self.wrong)
        self.assertEqual((new.started_on, new.recorded_by), (days(-30), self.aigerim))

    def test_api_void_and_correct(self) -> None:
        url = f"{RECORDS}{self.wrong.pk}/void/"
        self.assertEqual(self.api_as(self.bolat).post(url, {"reason": "x"}, format="json").status_code, 403)
        self.assertEqual(self.api_as(self.dana).post(url, {"reason": "x"}, format="json").status_code, 404)
        response = self.api_as(self.aigerim).post(url, {"reason": ""}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("reason", response.json())
        response = self.api_as(self.aigerim).post(url, {"reason": "wrong year"}, format="json")
        self.assertEqual(response.status_code, 200)
        self.assertEqual((response.json()["is_void"], response.json()["void_reason"]), (True, "wrong year"))
        body = {"reason": "wrong", "status": S.NOT_SEEKING, "started_on": days(-10).isoformat(), "channel": "email"}
        response = self.api_as(self.aigerim).post(f"{RECORDS}{self.before.pk}/correct/", body, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual((response.json()["corrects"], response.json()["status"]), (self.before.pk, S.NOT_SEEKING))
        listed = self.api_as(self.aigerim).get(RECORDS, {"voided": "true"}).json()["results"]
        self.assertEqual({row["id"] for row in listed}, {self.wrong.pk, self.before.pk})


class JournalEmployerTests(ScopedCRUDTests):
    def setUp(self) -> None:
        self.graduate = make_graduate(self.program_a)
        self.url = reverse("graduates:journal_record", args=[self.graduate.pk])
        self.org = Organization.objects.create(
            institution=self.institution, name_kk="Астана Софт", name_ru="Астана Софт", name_en="Astana Soft",
            short_name="Astana Soft", bin=BIN,
        )  # fmt: skip
        self.data = {"status": S.EMPLOYED_SPECIALTY, "started_on": "2025-09-01", "channel": Channel.TELEPHONE}

    def post(self, **data):
        self.client.force_login(self.aigerim)
        return self.client.post(self.url, {**self.data, **data}, **HTMX)

    def test_the_row_form_has_an_employer_box_with_suggestions(self) -> None:
        response = self.get_as(self.aigerim, JOURNAL)
        self.assertContains(response, 'name="employer"')
        self.assertContains(response, 'list="journal-employers"')
        self.assertContains(response, '<datalist id="journal-employers">')
        options = self.get_as(self.aigerim, reverse("graduates:employer_options") + "?employer=astana")
        self.assertContains(options, f'value="Astana Soft · {BIN}"')
        options = self.get_as(self.aigerim, reverse("graduates:employer_options") + "?employer=1801400")
        self.assertContains(options, BIN)
        self.assert_status(self.student_user, reverse("graduates:employer_options") + "?employer=a", 403)

    def test_a_picked_suggestion_links_the_registered_organization(self) -> None:
        response = self.post(employer=f"Astana Soft · {BIN}")
        self.assertNotContains(response, "invalid-feedback")
        record = self.graduate.employment_records.get()
        self.assertEqual((record.organization, record.employer_bin), (self.org, BIN))

    def test_a_registered_name_or_bin_links_it_too(self) -> None:
        self.post(employer="астана софт")
        self.assertEqual(self.graduate.employment_records.get().organization, self.org)

    def test_an_unregistered_name_is_kept_as_typed(self) -> None:
        response = self.post(employer="ИП Сапар")
        self.assertContains(response, "ИП Сапар")
        record = self.graduate.employment_records.get()
        self.assertEqual((record.organization, record.employer_name), (None, "ИП Сапар"))

    def test_a_wrong_bin_is_an_error_of_the_employer_box(self) -> None:
        response = self.post(employer="ИП Сапар 180140000019")
        self.assertContains(response, "Employer: The BIN")
        self.assertFalse(self.graduate.employment_records.exists())

    def test_an_employer_with_a_status_without_one_is_refused(self) -> None:
        response = self.post(status=S.MILITARY_SERVICE, employer="ИП Сапар")
        self.assertContains(response, "An employer is recorded only with an employed status.")
        self.assertFalse(self.graduate.employment_records.exists())


class LastContactTests(ScopedCRUDTests):
    def test_a_failed_attempt_does_not_hide_the_last_successful_contact(self) -> None:
        graduate = make_graduate(self.program_a)
        for day, outcome in (
            (dt.date(2025, 11, 1), ContactOutcome.REACHED),
            (dt.date(2025, 12, 1), ContactOutcome.NO_ANSWER),
        ):
            services.log_contact(graduate, acting_user=self.aigerim, contacted_on=day, channel=Channel.TELEPHONE,
                                 outcome=outcome)  # fmt: skip
        response = self.get_as(self.aigerim, JOURNAL)
        row = journal_row(response, graduate)
        self.assertEqual((row.last_contact, row.last_attempt), (dt.date(2025, 11, 1), dt.date(2025, 12, 1)))
        self.assertContains(response, "01.11.2025")
        self.assertContains(response, "01.12.2025 · no answer")
        self.client.force_login(self.aigerim)
        rows = self.xlsx_rows(self.client.get(JOURNAL + "?export=xlsx"))
        header = rows[0]
        self.assertEqual(rows[1][header.index("Last successful contact")].date(), dt.date(2025, 11, 1))
        self.assertEqual(rows[1][header.index("Last contact attempt")], "01.12.2025 · no answer")
        page = self.get_as(self.aigerim, reverse("graduates:graduate_detail", args=[graduate.pk]))
        self.assertEqual(page.context["last_reached"].contacted_on, dt.date(2025, 11, 1))


class NegotiationTests(ScopedCRUDTests):
    def test_a_negotiation_names_its_employer(self) -> None:
        graduate = make_graduate(self.program_a)
        with self.assertRaises(ValidationError) as caught:
            services.add_assistance(graduate, acting_user=self.aigerim, happened_on=dt.date(2025, 10, 1),
                                    kind=AssistanceKind.NEGOTIATION, description="called HR")  # fmt: skip
        self.assertIn("organization", caught.exception.message_dict)
        form = AssistanceActionForm(
            data={"happened_on": "2025-10-01", "kind": "negotiation", "description": "x"},
            instance=AssistanceAction(graduate=graduate), user=self.aigerim,
        )  # fmt: skip
        self.assertFalse(form.is_valid())
        self.assertIn("Choose the employer", form.errors["organization"][0])
        url = reverse("graduates:assistance_add", args=[graduate.pk])
        response = self.post_as(self.aigerim, url, {"happened_on": "2025-10-01", "kind": "negotiation",
                                                    "description": "x"})  # fmt: skip
        self.assertContains(response, "Choose the employer")
        self.assertFalse(AssistanceAction.objects.exists())
        # other help needs no employer
        services.add_assistance(graduate, acting_user=self.aigerim, happened_on=dt.date(2025, 10, 1),
                                kind=AssistanceKind.CONSULTATION, description="CV")  # fmt: skip


class JournalSelfReportTests(ScopedCRUDTests):
    def setUp(self) -> None:
        self.graduate = make_graduate(self.program_a, last_name="Өзіжазған")
        self.report = SelfReport.objects.create(
            graduate=self.graduate, status=S.EMPLOYED_OTHER, employer_name="ЖШС Бастау", started_on=dt.date(2025, 11, 1)
        )
        self.confirm = reverse("graduates:selfreport_confirm", args=[self.report.pk])
        self.reject = reverse("graduates:selfreport_reject", args=[self.report.pk])

    def test_the_journal_shows_pending_self_reports_with_actions(self) -> None:
        response = self.assert_page_shows(self.aigerim, JOURNAL, "Self-report, to confirm", "ЖШС Бастау",
                                          self.confirm, self.reject)  # fmt: skip
        self.assertEqual(len(journal_row(response, self.graduate).pending_reports), 1)
        response = self.assert_page_shows(self.bolat, JOURNAL, "Self-report, to confirm")
        self.assertNotContains(response, self.confirm)
        self.assertEqual(self.get_as(self.aigerim, JOURNAL + "?self_report=yes").context["table"].paginator.count, 1)
        make_graduate(self.program_a)
        self.assertEqual(self.get_as(self.aigerim, JOURNAL + "?self_report=no").context["table"].paginator.count, 1)

    def test_confirm_from_the_journal_records_it_for_the_department(self) -> None:
        self.client.force_login(self.aigerim)
        response = self.client.post(self.confirm, **HTMX)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertTrue(html.lstrip().startswith(f'<tr id="journal-row-{self.graduate.pk}"'), html[:200])
        self.assertIn("Confirmed the self-report", html)
        self.assertNotIn("Self-report, to confirm", html)
        self.report.refresh_from_db()
        record = self.graduate.employment_records.get()
        self.assertEqual((self.report.review_status, self.report.record), (SelfReportStatus.CONFIRMED, record))
        self.assertEqual((record.channel, record.recorded_by), (Channel.SELF_REPORT, self.aigerim))

    def test_reject_needs_a_reason_and_keeps_the_report(self) -> None:
        self.client.force_login(self.aigerim)
        response = self.client.post(self.reject, {"reason": ""}, **HTMX)
        self.assertContains(response, "This field is required.")
        self.report.refresh_from_db()
        self.assertEqual(self.report.review_status, SelfReportStatus.PENDING)
        self.client.post(self.reject, {"reason": "not our graduate's employer"}, **HTMX)
        self.report.refresh_from_db()
        self.assertEqual(
            (self.report.review_status, self.report.review_note, self.report.reviewed_by),
            (SelfReportStatus.REJECTED, "not our graduate's employer", self.aigerim),
        )
        self.assertFalse(self.graduate.employment_records.exists())

    def test_scope(self) -> None:
        self.assertEqual(self.post_as(self.bolat, self.confirm).status_code, 403)
        self.assertEqual(self.post_as(self.dana, self.confirm).status_code, 404)
        response = self.post_as(self.aigerim, self.confirm, {"next": JOURNAL + "?cohort=2025"})
        self.assertRedirects(response, JOURNAL + "?cohort=2025", fetch_redirect_response=False)


class RoundChartTests(ScopedCRUDTests):
    def test_rounds_ahead_are_in_progress_or_left_out(self) -> None:
        today = timezone.localdate()
        year = AcademicYear.objects.create(
            institution=self.institution, start_year=today.year - 1, starts_on=today - dt.timedelta(days=200),
            ends_on=today + dt.timedelta(days=100), is_current=True,
        )  # fmt: skip
        graduate = make_graduate(self.program_a, graduation_date=today - dt.timedelta(days=300))
        give(graduate, self.cc, S.EMPLOYED_SPECIALTY, today + dt.timedelta(days=10))  # starts after today
        spans = ((1, -90, -60), (2, -10, 20), (3, 40, 80))  # over, running today, not opened yet
        for number, opens, deadline in spans:
            CollectionRound.objects.create(
                institution=self.institution, academic_year=year, number=number, cohort=graduate.cohort,
                opens_on=today + dt.timedelta(days=opens), deadline=today + dt.timedelta(days=deadline),
            )  # fmt: skip
        # The rounds' trend comes after the analytics page, as its fragment.
        response = self.get_as(
            self.cc, reverse("graduates:analytics_rounds") + f"?cohort={graduate.cohort}", HTTP_HX_REQUEST="true"
        )
        rounds = response.context["round_trend"]
        self.assertEqual([p.label for p in rounds], ["Round 1", "Round 2 (in progress)"])
        self.assertEqual([p.as_of for p in rounds], [today - dt.timedelta(days=60), today])
        self.assertEqual([p.in_progress for p in rounds], [False, True])
        self.assertEqual(rounds[1].kpis["counts"]["employed"], 0)  # the later record is not counted yet
        chart = response.context["chart"]["rounds"]
        self.assertEqual(chart["in_progress"], [False, True])
        self.assertEqual(chart["labels"], ["Round 1", "Round 2 (in progress)"])

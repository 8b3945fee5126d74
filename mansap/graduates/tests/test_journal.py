"""The electronic journal: scoping, filters, freshness, the in-place (htmx) status form, export, query counts."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import ScopedCRUDTests
from mansap.graduates.choices import Channel, ContactOutcome, EmploymentStatus
from mansap.graduates.models import EmploymentRecord
from mansap.graduates.reports.journal import current_round
from mansap.graduates.services import records as services
from mansap.graduates.tests.factories import make_graduate, make_round

S = EmploymentStatus
JOURNAL = reverse("graduates:journal")
HTMX = {"HTTP_HX_REQUEST": "true"}


def names(response) -> set[str]:
    return {row.record.full_name for row in response.context["table"].page.object_list}


def give_status(graduate, user, status=S.EMPLOYED_OTHER, started_on=dt.date(2025, 9, 1), **fields):
    fields.setdefault("channel", Channel.TELEPHONE)
    return services.record_employment(graduate, acting_user=user, status=status, started_on=started_on, **fields)


class JournalScopeTests(ScopedCRUDTests):
    def setUp(self) -> None:
        self.a = make_graduate(self.program_a, last_name="Әлиева")
        self.b = make_graduate(self.program_b, last_name="Бекова")
        self.c = make_graduate(self.program_c, last_name="Сейітова")
        self.a_2024 = make_graduate(self.program_a, last_name="Ертаева", graduation_date=dt.date(2024, 6, 25))

    def test_each_user_sees_their_graduates_only(self) -> None:
        self.assertEqual(names(self.get_as(self.aigerim, JOURNAL)), {self.a.full_name})
        self.assertEqual(names(self.get_as(self.bolat, JOURNAL)), {self.a.full_name})
        self.assertEqual(names(self.get_as(self.dana, JOURNAL)), {self.b.full_name})
        self.assertEqual(names(self.get_as(self.dean, JOURNAL)), {self.a.full_name, self.b.full_name})
        self.assertEqual(names(self.get_as(self.cc, JOURNAL)), {self.a.full_name, self.b.full_name, self.c.full_name})
        self.assert_status(self.student_user, JOURNAL, 403)

    def test_default_cohort_is_the_latest_with_graduates_in_scope(self) -> None:
        self.a.delete()
        # Aigerim's latest cohort is now 2024 although department B has 2025 graduates.
        response = self.get_as(self.aigerim, JOURNAL)
        self.assertEqual(response.context["cohort"], 2024)
        self.assertEqual(names(response), {self.a_2024.full_name})
        self.assertEqual(names(self.get_as(self.dean, JOURNAL + "?cohort=2024")), {self.a_2024.full_name})

    def test_department_choices_are_limited_to_people_in_scope(self) -> None:
        response = self.get_as(self.aigerim, JOURNAL)
        choices = list(response.context["filter"].form.fields["department"].queryset)
        self.assertEqual(choices, [self.dept_a])
        response = self.get_as(self.aigerim, JOURNAL + f"?department={self.dept_b.pk}")
        self.assertEqual(names(response), set())  # an out-of-scope choice is invalid: nothing shown

    def test_filters_and_search(self) -> None:
        employed = make_graduate(self.program_a, last_name="Жұмысова")
        give_status(employed, self.aigerim, S.EMPLOYED_SPECIALTY, employer_name="ТОО Алтын")
        give_status(self.a, self.aigerim, S.UNKNOWN)
        self.assertEqual(names(self.get_as(self.aigerim, JOURNAL + "?status=employed_specialty")), {employed.full_name})
        self.assertEqual(names(self.get_as(self.aigerim, JOURNAL + "?status=unknown")), {self.a.full_name})
        self.assertEqual(names(self.get_as(self.aigerim, JOURNAL + "?q=Жұмыс")), {employed.full_name})
        self.assertEqual(names(self.get_as(self.aigerim, JOURNAL + f"?q={employed.iin}")), {employed.full_name})
        self.assertEqual(names(self.get_as(self.aigerim, JOURNAL + f"?program={self.program_a.pk}")), {
            employed.full_name, self.a.full_name,
        })  # fmt: skip
        response = self.get_as(self.aigerim, JOURNAL)
        self.assertContains(response, "ТОО Алтын")
        self.assertContains(response, reverse("graduates:graduate_detail", args=[employed.pk]))

    def test_evidence_filter(self) -> None:
        from mansap.graduates.tests.factories import PDF_BYTES, upload

        with_doc = make_graduate(self.program_a, last_name="Құжатова")
        give_status(with_doc, self.aigerim, evidence=upload("a.pdf", PDF_BYTES))
        give_status(self.a, self.aigerim)
        self.assertEqual(names(self.get_as(self.aigerim, JOURNAL + "?evidence=yes")), {with_doc.full_name})
        self.assertEqual(names(self.get_as(self.aigerim, JOURNAL + "?evidence=no")), {self.a.full_name})
        record = EmploymentRecord.objects.get(graduate=with_doc)
        self.assertContains(self.get_as(self.aigerim, JOURNAL), reverse("graduates:record_evidence", args=[record.pk]))

    def test_xlsx_export_has_only_in_scope_graduates_and_translated_headers(self) -> None:
        give_status(self.a, self.aigerim, S.EMPLOYED_SPECIALTY, employer_name="ТОО Алтын")
        self.client.force_login(self.aigerim)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
        response = self.client.get(JOURNAL + "?export=xlsx")
        rows = self.xlsx_rows(response)
        self.assertEqual(rows[0][:3], ["ФИО", "ИИН", "Программа"])  # Russian headers
        self.assertNotIn("Record a status", rows[0])  # the form column is not exported
        self.assertEqual(len(rows), 2)
        values = self.xlsx_values(response)
        self.assertIn(self.a.full_name, values)
        self.assertIn("ТОО Алтын", values)
        for other in (self.b, self.c, self.a_2024):
            self.assertNotIn(other.full_name, values)
        # The Career Center exports the whole cohort.
        self.client.force_login(self.cc)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        rows = self.xlsx_rows(self.client.get(JOURNAL + "?export=xlsx"))
        self.assertEqual(rows[0][:3], ["Full name", "IIN", "Program"])
        self.assertEqual(len(rows), 4)


class FreshnessTests(ScopedCRUDTests):
    def setUp(self) -> None:
        self.today = timezone.localdate()
        self.round = make_round(
            self.institution, opens_on=self.today - dt.timedelta(days=10), deadline=self.today + dt.timedelta(days=20)
        )
        self.recorded = make_graduate(self.program_a, last_name="Жазылған")
        self.reached = make_graduate(self.program_a, last_name="Хабарласқан")
        self.silent = make_graduate(self.program_a, last_name="Үнсіз")
        give_status(self.recorded, self.aigerim)
        services.log_contact(
            self.reached, acting_user=self.aigerim, contacted_on=self.today, channel=Channel.TELEPHONE,
            outcome=ContactOutcome.REACHED,
        )  # fmt: skip
        services.log_contact(
            self.silent, acting_user=self.aigerim, contacted_on=self.today, channel=Channel.TELEPHONE,
            outcome=ContactOutcome.NO_ANSWER,
        )  # fmt: skip

    def test_fresh_means_a_record_or_a_reached_contact_since_the_round_opened(self) -> None:
        fresh = names(self.get_as(self.aigerim, JOURNAL + "?fresh=yes"))
        self.assertEqual(fresh, {self.recorded.full_name, self.reached.full_name})
        self.assertEqual(names(self.get_as(self.aigerim, JOURNAL + "?fresh=no")), {self.silent.full_name})

    def test_old_data_is_not_fresh(self) -> None:
        EmploymentRecord.objects.filter(graduate=self.recorded).update(
            created_at=timezone.now() - dt.timedelta(days=30)
        )
        self.assertNotIn(self.recorded.full_name, names(self.get_as(self.aigerim, JOURNAL + "?fresh=yes")))

    def test_current_round_is_the_earliest_upcoming_open_one_else_the_latest(self) -> None:
        later = make_round(self.institution, opens_on=self.today, deadline=self.today + dt.timedelta(days=60))
        self.assertEqual(current_round(self.aigerim, 2025), self.round)
        self.round.closed_at = timezone.now()
        self.round.save()
        self.assertEqual(current_round(self.aigerim, 2025), later)
        later.closed_at = timezone.now()
        later.save()
        self.assertEqual(current_round(self.aigerim, 2025), later)  # none open: the latest
        self.assertIsNone(current_round(self.aigerim, 2019))
        self.assertEqual(self.get_as(self.aigerim, JOURNAL).context["collection_round"], later)


class InlineStatusTests(ScopedCRUDTests):
    def setUp(self) -> None:
        self.mine = make_graduate(self.program_a)
        self.theirs = make_graduate(self.program_b)
        self.url = reverse("graduates:journal_record", args=[self.mine.pk])
        self.data = {"status": S.EMPLOYED_SPECIALTY, "started_on": "2025-09-01", "channel": Channel.TELEPHONE}

    def htmx_post(self, user, url, data):
        self.client.logout()
        self.client.force_login(user)
        return self.client.post(url, data, **HTMX)

    def test_the_journal_rows_carry_the_htmx_form_for_editors_only(self) -> None:
        response = self.get_as(self.aigerim, JOURNAL)
        self.assertContains(response, f'hx-post="{self.url}"')
        self.assertContains(response, f'hx-target="#journal-row-{self.mine.pk}"')
        self.assertContains(response, f'id="journal-row-{self.mine.pk}"')
        response = self.get_as(self.bolat, JOURNAL)
        self.assertNotContains(response, "hx-post")
        self.assertNotContains(response, "Record a status")

    def test_post_records_and_returns_the_row(self) -> None:
        old = give_status(self.mine, self.aigerim, S.UNEMPLOYED_SEEKING, dt.date(2025, 7, 1))
        response = self.htmx_post(self.aigerim, self.url, self.data)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertTrue(html.lstrip().startswith(f'<tr id="journal-row-{self.mine.pk}"'), html[:200])
        self.assertIn("employed by specialty", html)
        self.assertNotIn("<html", html)
        current = self.mine.employment_records.get(ended_on__isnull=True)
        self.assertEqual((current.status, current.recorded_by), (S.EMPLOYED_SPECIALTY, self.aigerim))
        old.refresh_from_db()
        self.assertEqual(old.ended_on, dt.date(2025, 8, 31))

    def test_invalid_post_shows_the_error_in_the_row_and_creates_nothing(self) -> None:
        response = self.htmx_post(self.aigerim, self.url, {**self.data, "started_on": ""})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'id="journal-row-{self.mine.pk}"')
        self.assertContains(response, "This field is required.")
        self.assertFalse(EmploymentRecord.objects.exists())

    def test_service_rule_shows_in_the_row(self) -> None:
        give_status(self.mine, self.aigerim, S.UNKNOWN, dt.date(2025, 10, 1))
        response = self.htmx_post(self.aigerim, self.url, self.data)
        self.assertContains(response, "cannot start earlier")
        self.assertEqual(self.mine.employment_records.count(), 1)

    def test_read_only_403_and_out_of_scope_404(self) -> None:
        self.assertEqual(self.htmx_post(self.bolat, self.url, self.data).status_code, 403)
        self.assertEqual(self.htmx_post(self.rector, self.url, self.data).status_code, 403)
        other = reverse("graduates:journal_record", args=[self.theirs.pk])
        self.assertEqual(self.htmx_post(self.aigerim, other, self.data).status_code, 404)
        self.assertEqual(self.get_as(self.aigerim, self.url).status_code, 405)
        self.assertFalse(EmploymentRecord.objects.exists())
        self.assertEqual(self.htmx_post(self.dana, other, self.data).status_code, 200)

    def test_without_htmx_the_form_redirects_back(self) -> None:
        response = self.post_as(self.aigerim, self.url, self.data)
        self.assertRedirects(response, JOURNAL + "?cohort=2025")
        self.assertTrue(self.mine.employment_records.exists())


class JournalQueryCountTests(ScopedCRUDTests):
    def add(self, n: int) -> None:
        from mansap.graduates.tests.factories import PDF_BYTES, upload

        for i in range(n):
            graduate = make_graduate(self.program_a)
            give_status(graduate, self.aigerim, S.UNEMPLOYED_SEEKING, dt.date(2025, 7, 1))
            give_status(graduate, self.aigerim, S.EMPLOYED_SPECIALTY, dt.date(2025, 9, 1), employer_name=f"ТОО {i}",
                        evidence=upload("a.pdf", PDF_BYTES) if i % 2 else "")  # fmt: skip
            services.log_contact(
                graduate, acting_user=self.aigerim, contacted_on=dt.date(2025, 9, 2), channel=Channel.TELEPHONE,
                outcome=ContactOutcome.REACHED,
            )  # fmt: skip

    def count(self, url: str, rows: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        if "export" in url:
            self.assertEqual(len(self.xlsx_rows(response)) - 1, rows)
        else:
            self.assertEqual(len(response.context["table"].page.object_list), rows)
        return len(captured.captured_queries)

    def check(self, url: str, pinned: int) -> None:
        today = timezone.localdate()
        make_round(self.institution, opens_on=today - dt.timedelta(days=5), deadline=today + dt.timedelta(days=5))
        self.client.force_login(self.aigerim)
        self.add(2)
        self.client.get(url)  # warm caches (content types, sessions)
        with_few = self.count(url, 2)
        self.add(18)
        with_many = self.count(url, 20)
        self.assertEqual(with_few, with_many, f"{with_few} queries with 2 rows, {with_many} with 20")
        with self.assertNumQueries(pinned):
            self.client.get(url)

    def test_journal_page(self) -> None:
        # session, user, memberships, cohorts in scope (for the default cohort and its choices),
        # current round (+ academic year joined), count (paginator), rows (+ program, department joined;
        # the current record's fields, last successful contact, last attempt, freshness and write access
        # annotated), the rows' pending self-reports (one prefetch), filter choices: departments, programs
        self.check(JOURNAL, 10)

    def test_journal_export(self) -> None:
        # session, user, memberships, cohorts, current round, count (django-tables2 sizes its data), rows
        self.check(JOURNAL + "?export=xlsx", 7)


class JournalPageTests(ScopedCRUDTests):
    """A page reads its ids first and annotates only them (journal_page): the same rows, in the same order."""

    def setUp(self) -> None:
        statuses = {
            "Аскарова": S.CONTINUING_EDUCATION,
            "Бекова": S.UNEMPLOYED_SEEKING,
            "Волкова": S.MILITARY_SERVICE,
            "Галиева": S.NOT_SEEKING,
            "Данова": S.OWN_BUSINESS,
            "Ермекова": S.EMPLOYED_SPECIALTY,
            "Жанова": S.EMPLOYED_OTHER,
        }
        self.graduates = {}
        for name, status in statuses.items():
            self.graduates[name] = make_graduate(self.program_a, last_name=name, first_name="Асан")
            employer = "ТОО Алтын" if status == S.EMPLOYED_SPECIALTY else ""
            give_status(self.graduates[name], self.aigerim, status, employer_name=employer)

    def page_names(self, query: str) -> list[str]:
        response = self.get_as(self.aigerim, JOURNAL + query)
        return [row.record.last_name for row in response.context["table"].page.object_list]

    def test_pages_follow_the_sort_and_the_filters(self) -> None:
        from mansap.graduates.views.journal import JournalView

        self.addCleanup(setattr, JournalView, "table_pagination", JournalView.table_pagination)
        JournalView.table_pagination = {"per_page": 3}
        self.assertEqual(self.page_names("?page=1"), ["Аскарова", "Бекова", "Волкова"])
        self.assertEqual(self.page_names("?page=2"), ["Галиева", "Данова", "Ермекова"])
        self.assertEqual(self.page_names("?page=3"), ["Жанова"])
        self.assertEqual(self.page_names("?page=9"), ["Жанова"])  # past the end: the last page
        # Sorted by an annotation (the status' code), then filtered by one.
        self.assertEqual(self.page_names("?sort=-current_status&page=1"), ["Бекова", "Данова", "Галиева"])
        self.assertEqual(self.page_names("?sort=-current_status&page=2"), ["Волкова", "Ермекова", "Жанова"])
        self.assertEqual(self.page_names("?status=employed_specialty"), ["Ермекова"])

    def test_a_row_shows_its_situation(self) -> None:
        today = timezone.localdate()
        silent = self.graduates["Жанова"]
        services.log_contact(
            silent, acting_user=self.aigerim, contacted_on=today, channel=Channel.TELEPHONE,
            outcome=ContactOutcome.NO_ANSWER,
        )  # fmt: skip
        self.client.force_login(self.aigerim)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        html = " ".join(self.client.get(JOURNAL).content.decode().split())
        employed = self.graduates["Ермекова"]
        self.assertIn(
            f'<tr id="journal-row-{employed.pk}" class="odd"> <td ><a href="/employment/graduates/{employed.pk}/" '
            f'class="fw-medium">Ермекова Асан</a><div class="small text-body-secondary">{employed.iin} · '
            f'{self.program_a.code}</div></td> <td ><span class="badge text-bg-success text-wrap text-start '
            'fw-normal">employed by specialty</span></td> <td >ТОО Алтын</td> <td >01.09.2025</td> <td ><i '
            'class="bi bi-check-circle-fill text-success" title="yes"></i></td> <td >—</td> <td ></td> <td ></td>',
            html,
        )
        # No successful contact, a later attempt that did not reach the graduate.
        self.assertIn(
            '<td >—<div class="small text-body-secondary text-nowrap" title="Last contact attempt"><i '
            f'class="bi bi-telephone-x me-1" aria-hidden="true"></i>{today:%d.%m.%Y} · no answer</div></td>',
            html,
        )
        url = reverse("graduates:journal_record", args=[silent.pk])
        self.assertIn(f'<form class="journal-inline-form" method="post" action="{url}" hx-post="{url}"', html)


class CurrentRecordTieTests(ScopedCRUDTests):
    """The journal's one current-record subquery keeps current()'s rule: the latest valid record started by today
    (later start, then recorded later, then the higher id), none when that one has ended; the row, the status
    filter, the sort and the export all show the record EmploymentRecordQuerySet.current() picks."""

    def setUp(self) -> None:
        today = timezone.localdate()
        self.today = today
        stamp = timezone.make_aware(dt.datetime(2025, 9, 1, 10, 0))
        same_day = today - dt.timedelta(days=30)

        def record(graduate, status, started_on, created_at, ended_on=None, employer=""):
            made = give_status(graduate, self.aigerim, status, started_on, employer_name=employer)
            EmploymentRecord.objects.filter(pk=made.pk).update(created_at=created_at, ended_on=ended_on)
            return EmploymentRecord.objects.get(pk=made.pk)

        # Same day, recorded at different times: the one recorded later is the status (not the higher id).
        self.later = make_graduate(self.program_a, last_name="Абаева", first_name="Асан")
        self.recorded_later = record(
            self.later, S.EMPLOYED_SPECIALTY, same_day, stamp + dt.timedelta(hours=1), today, "ТОО Кейін"
        )
        record(self.later, S.EMPLOYED_OTHER, same_day, stamp, today + dt.timedelta(days=5), "ТОО Ерте")
        # Same day, recorded at the same moment: the higher id.
        self.tied = make_graduate(self.program_a, last_name="Бапова", first_name="Асан")
        record(self.tied, S.OWN_BUSINESS, same_day, stamp, today + dt.timedelta(days=5))
        self.higher_id = record(self.tied, S.NOT_SEEKING, same_day, stamp, today + dt.timedelta(days=5))
        # The latest record ended yesterday: no current status, though an older one runs until next week.
        self.ended = make_graduate(self.program_a, last_name="Бітова", first_name="Асан")
        record(self.ended, S.EMPLOYED_OTHER, today - dt.timedelta(days=300), stamp, today + dt.timedelta(days=7))
        record(self.ended, S.MILITARY_SERVICE, today - dt.timedelta(days=100), stamp, today - dt.timedelta(days=1))

    def rows(self, query: str = "") -> dict[str, tuple]:
        response = self.get_as(self.aigerim, JOURNAL + query)
        return {
            row.record.last_name: (row.record.current_record_id, row.record.current_status, row.record.current_employer)
            for row in response.context["table"].page.object_list
        }

    def test_ties_and_an_ended_record(self) -> None:
        expected = {
            "Абаева": (self.recorded_later.pk, S.EMPLOYED_SPECIALTY, "ТОО Кейін"),
            "Бапова": (self.higher_id.pk, S.NOT_SEEKING, ""),
            "Бітова": (None, None, None),
        }
        self.assertEqual(self.rows(), expected)
        current = EmploymentRecord.objects.current(self.today)
        self.assertEqual(
            set(current.filter(graduate__in=[self.later, self.tied, self.ended]).values_list("pk", flat=True)),
            {self.recorded_later.pk, self.higher_id.pk},
        )
        self.assertEqual(list(self.rows("?status=employed_specialty")), ["Абаева"])
        self.assertEqual(list(self.rows("?status=employed_other")), [])
        self.assertEqual(list(self.rows("?status=unknown")), ["Бітова"])  # no current record counts as unknown
        # Sorted by the status' code (where a graduate without one goes is the database's NULL order).
        descending = [name for name in self.rows("?sort=-current_status") if name != "Бітова"]
        self.assertEqual(descending, ["Бапова", "Абаева"])
        ascending = [name for name in self.rows("?sort=current_status") if name != "Бітова"]
        self.assertEqual(ascending, ["Абаева", "Бапова"])

    def test_the_export_shows_the_same_records(self) -> None:
        self.client.force_login(self.aigerim)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        rows = self.xlsx_rows(self.client.get(JOURNAL + "?export=xlsx"))
        header = rows[0]
        status, employer = header.index("Current status"), header.index("Employer")
        self.assertEqual(
            [(row[0], row[status], row[employer]) for row in rows[1:]],
            [
                ("Абаева Асан", "employed by specialty", "ТОО Кейін"),
                ("Бапова Асан", "not seeking work", None),
                ("Бітова Асан", "unknown", None),
            ],
        )

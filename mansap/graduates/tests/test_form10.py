"""Form No. 10: exact content, status as of the deadline, scope, headers' language, mapping, Platonus registration."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from mansap.common.identifiers import make_bin
from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core.models import AcademicYear, Student, User
from mansap.employers.models import Organization
from mansap.graduates.choices import Channel, ContactOutcome, EmploymentStatus
from mansap.graduates.models import CollectionRound, ContactAttempt, EmploymentRecord, Form10Column
from mansap.graduates.reports import analytics
from mansap.graduates.reports import form10 as reports_form10
from mansap.graduates.reports import progress as rounds
from mansap.graduates.services import form10
from mansap.graduates.services import rounds as services_rounds

S = EmploymentStatus
BIN = make_bin(2010, 5, "4", "0", 77)


def record(student, status, started_on, **fields) -> EmploymentRecord:
    return EmploymentRecord.objects.create(
        graduate=student, status=status, started_on=started_on, channel=Channel.TELEPHONE, **fields
    )


def contact(student, day: dt.date, outcome=ContactOutcome.REACHED) -> None:
    ContactAttempt.objects.create(graduate=student, contacted_on=day, channel=Channel.TELEPHONE, outcome=outcome)


class Form10Tests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.year = AcademicYear.objects.create(
            institution=cls.institution, start_year=2025, starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2026, 6, 30)
        )
        cls.round = CollectionRound.objects.create(
            institution=cls.institution,
            academic_year=cls.year,
            number=2,
            cohort=2025,
            opens_on=dt.date(2025, 10, 1),
            deadline=dt.date(2025, 11, 30),
            platonus_deadline=dt.date(2025, 12, 1),
        )
        grad = dt.date(2025, 6, 25)
        cls.g_employed = make_student(
            cls.program_a,
            last_name="Абаев",
            first_name="Нұрлан",
            middle_name="",
            graduation_date=grad,
            funding="grant",
            study_language="kk",
        )
        cls.g_none = make_student(
            cls.program_a, last_name="Бекова", first_name="Аружан", middle_name="", graduation_date=grad
        )
        cls.g_ended = make_student(
            cls.program_a, last_name="Досов", first_name="Ерлан", middle_name="", graduation_date=grad
        )
        cls.g_study = make_student(
            cls.program_a, last_name="Жанова", first_name="Дина", middle_name="", graduation_date=grad
        )
        cls.g_b = make_student(
            cls.program_b,
            last_name="Ким",
            first_name="Виктор",
            middle_name="",
            graduation_date=grad,
            study_language="ru",
        )
        make_student(cls.program_a, last_name="Ескі", graduation_date=dt.date(2024, 6, 25))  # another cohort
        record(
            cls.g_employed, S.EMPLOYED_SPECIALTY, dt.date(2025, 8, 1), employer_name="Kaspi Bank", employer_bin=BIN,
            position="Developer", region="almaty_city", evidence="evidence/2025/08/reference.pdf",
        )  # fmt: skip
        contact(cls.g_employed, dt.date(2025, 10, 3))
        record(cls.g_ended, S.EMPLOYED_OTHER, dt.date(2025, 7, 1), ended_on=dt.date(2025, 10, 31), employer_name="Cafe")
        record(cls.g_study, S.CONTINUING_EDUCATION, dt.date(2025, 9, 1), ended_on=dt.date(2025, 12, 14))
        record(cls.g_study, S.EMPLOYED_OTHER, dt.date(2025, 12, 15), employer_name="Later LLP")  # after the deadline
        contact(cls.g_study, dt.date(2025, 11, 20), ContactOutcome.NO_ANSWER)
        contact(cls.g_study, dt.date(2025, 12, 5))  # after the deadline
        record(cls.g_b, S.EMPLOYED_OTHER, dt.date(2025, 9, 15), employer_name="Halyk")

    def export(self, user, language: str = "en"):
        User.objects.filter(pk=user.pk).update(language=language)
        self.client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
        self.client.force_login(User.objects.get(pk=user.pk))
        return self.xlsx_rows(self.client.get(reverse("graduates:form10_export", args=[self.round.pk])))

    def test_exact_rows_and_columns(self):
        rows = self.export(self.cc)
        self.assertEqual(
            rows[0],
            ["IIN", "Graduate's full name", "Program code", "Educational program", "Study form",
             "Language of instruction", "Funding", "Graduation year", "Employment status", "By specialty (yes/no)",
             "Employer", "Employer's BIN", "Position", "Region", "Start date", "Supporting document (yes/no)",
             "Last contact date"],
        )  # fmt: skip
        at = dt.datetime.combine
        self.assertEqual(
            rows[1:],
            [
                [self.g_employed.iin, "Абаев Нұрлан", "6B06101", "Information systems", "full-time", "Kazakh",
                 "state educational grant", 2025, "employed by specialty", "yes", "Kaspi Bank", BIN, "Developer",
                 "Almaty", at(dt.date(2025, 8, 1), dt.time()), "yes", at(dt.date(2025, 10, 3), dt.time())],
                [self.g_none.iin, "Бекова Аружан", "6B06101", "Information systems", "full-time", None, "fee-paying",
                 2025, "unknown", "no", None, None, None, None, None, "no", None],
                [self.g_ended.iin, "Досов Ерлан", "6B06101", "Information systems", "full-time", None, "fee-paying",
                 2025, "unknown", "no", None, None, None, None, None, "no", None],  # the record ended before it
                [self.g_study.iin, "Жанова Дина", "6B06101", "Information systems", "full-time", None, "fee-paying",
                 2025, "continuing education (master's, abroad)", "no", None, None, None, None,
                 at(dt.date(2025, 9, 1), dt.time()), "no", at(dt.date(2025, 11, 20), dt.time())],
                [self.g_b.iin, "Ким Виктор", "6B06102", "Computer science", "full-time", "Russian", "fee-paying", 2025,
                 "employed not by specialty", "no", "Halyk", None, None, None, at(dt.date(2025, 9, 15), dt.time()),
                 "no", None],
            ],
        )  # fmt: skip

    def test_the_workbook_cell_by_cell_in_each_language(self):
        """The workbook as written (compiled rows, #19): every cell of the default layout in kk, ru and en, text
        that would start a formula kept as text, the bold header, real dates, the sheet's title."""
        from io import BytesIO

        from openpyxl import load_workbook

        Student.objects.filter(pk=self.g_b.pk).update(last_name="-Ким")
        EmploymentRecord.objects.filter(graduate=self.g_b).update(position="=1+1")
        at = dt.datetime.combine
        since, contacted = at(dt.date(2025, 8, 1), dt.time()), at(dt.date(2025, 10, 3), dt.time())
        study, study_contact = at(dt.date(2025, 9, 1), dt.time()), at(dt.date(2025, 11, 20), dt.time())
        b_since = at(dt.date(2025, 9, 15), dt.time())
        words = {
            "kk": ("№ 10 нысан", "ЖСН", "Ақпараттық жүйелер", "Информатика", "күндізгі", "қазақ", "орыс",
                   "мемлекеттік білім беру гранты", "ақылы негізде", "мамандығы бойынша жұмысқа орналасқан",
                   "белгісіз", "оқуын жалғастыруда (магистратура, шетелде)",
                   "мамандығы бойынша емес жұмысқа орналасқан", "иә", "жоқ", "Алматы"),
            "ru": ("Форма № 10", "ИИН", "Информационные системы", "Информатика", "очная", "казахский", "русский",
                   "государственный образовательный грант", "на платной основе", "трудоустроен по специальности",
                   "неизвестно", "продолжает обучение (магистратура, за рубежом)", "трудоустроен не по специальности",
                   "да", "нет", "Алматы"),
            "en": ("Form No. 10", "IIN", "Information systems", "Computer science", "full-time", "Kazakh", "Russian",
                   "state educational grant", "fee-paying", "employed by specialty", "unknown",
                   "continuing education (master's, abroad)", "employed not by specialty", "yes", "no", "Almaty"),
        }  # fmt: skip
        for language, w in words.items():
            title, iin, is_, cs, full_time, kazakh, russian, grant, fee, specialty, unknown, study_on, other = w[:13]
            yes, no, almaty = w[13:]
            with self.subTest(language=language):
                User.objects.filter(pk=self.cc.pk).update(language=language)
                self.client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
                self.client.force_login(User.objects.get(pk=self.cc.pk))
                response = self.client.get(reverse("graduates:form10_export", args=[self.round.pk]))
                self.assertEqual(response.status_code, 200)
                workbook = load_workbook(BytesIO(response.content))
                self.assertEqual(workbook.sheetnames, [title])
                sheet = workbook[title]
                rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
                self.assertEqual(rows[0][0], iin)
                self.assertEqual(len(rows[0]), 17)
                self.assertTrue(all(cell.font.b for cell in sheet[1]))
                self.assertEqual(
                    rows[1:],
                    [
                        [self.g_employed.iin, "Абаев Нұрлан", "6B06101", is_, full_time, kazakh, grant, 2025,
                         specialty, yes, "Kaspi Bank", BIN, "Developer", almaty, since, yes, contacted],
                        [self.g_none.iin, "Бекова Аружан", "6B06101", is_, full_time, None, fee, 2025, unknown, no,
                         None, None, None, None, None, no, None],
                        [self.g_ended.iin, "Досов Ерлан", "6B06101", is_, full_time, None, fee, 2025, unknown, no,
                         None, None, None, None, None, no, None],
                        [self.g_study.iin, "Жанова Дина", "6B06101", is_, full_time, None, fee, 2025, study_on, no,
                         None, None, None, None, study, no, study_contact],
                        [self.g_b.iin, "-Ким Виктор", "6B06102", cs, full_time, russian, fee, 2025, other, no,
                         "Halyk", None, "=1+1", None, b_since, no, None],
                    ],
                )  # fmt: skip
                # Text that would start a formula stays text; the dates are dates; no bold below the header.
                self.assertEqual((sheet["B6"].data_type, sheet["M6"].data_type), ("s", "s"))
                self.assertTrue(sheet["O2"].is_date)
                self.assertFalse(any(cell.font.b for row in sheet.iter_rows(min_row=2) for cell in row))

    def test_status_follows_analytics_snapshot(self):
        graduates = rounds.round_graduates(self.round, self.cc)
        statuses = analytics.snapshot(graduates, self.round.deadline).statuses
        rows = {row.graduate.pk: row for row in reports_form10.form10_rows(self.round, self.cc)}
        self.assertEqual({pk: (r.record.status if r.record else S.UNKNOWN) for pk, r in rows.items()}, statuses)

    def test_headers_in_kazakh(self):
        rows = self.export(self.cc, language="kk")
        self.assertEqual(rows[0][:3], ["ЖСН", "Түлектің аты-жөні", "БББ коды"])
        self.assertEqual(self.export(self.cc, language="ru")[0][:2], ["ИИН", "ФИО выпускника"])

    def test_department_staff_export_only_their_graduates(self):
        iins = {row[0] for row in self.export(self.aigerim)[1:]}
        self.assertEqual(iins, {self.g_employed.iin, self.g_none.iin, self.g_ended.iin, self.g_study.iin})
        self.assertEqual([row[0] for row in self.export(self.dana)[1:]], [self.g_b.iin])
        self.assertEqual(len(self.export(self.rector)), 6)  # read-only management sees all

    def test_bounded_queries(self):
        def count() -> int:
            user = User.objects.get(pk=self.cc.pk)
            with CaptureQueriesContext(connection) as ctx:
                reports_form10.form10_table(self.round, user, "en")
            return len(ctx)

        # Every value the layout may ask for, so that none of them loads a field the export left unread.
        columns = form10.ensure_default_form10(self.institution)
        used = {column.field for column in columns}
        for position, key in enumerate((key for key in reports_form10.FIELDS if key not in used), start=100):
            Form10Column.objects.create(
                institution=self.institution, position=position, field=key, header_kk=key, header_ru=key, header_en=key
            )
        before = count()
        self.assertLessEqual(before, 5)  # columns, memberships, graduates, records, last contacts
        for i in range(5):
            student = make_student(self.program_b, last_name=f"Қосымша{i}", graduation_date=dt.date(2025, 6, 30))
            record(student, S.EMPLOYED_SPECIALTY, dt.date(2025, 9, 1), employer_name=f"Org {i}")
            contact(student, dt.date(2025, 10, 1))
        self.assertEqual(len(reports_form10.form10_rows(self.round, self.cc)), 10)
        self.assertEqual(count(), before)

    def test_every_value_in_each_language(self):
        """Every value FIELDS offers, read as values (no model objects), for a record whose employer is a linked
        organization without a short name: the cells in kk, ru and en."""
        organization = Organization.objects.create(
            institution=self.institution, name_kk="Ұлттық банк", name_ru="Национальный банк", name_en="National Bank"
        )
        EmploymentRecord.objects.filter(graduate=self.g_employed).update(ended_on=dt.date(2025, 9, 30))
        record(
            self.g_employed, S.EMPLOYED_OTHER, dt.date(2025, 10, 1), organization=organization, position="Аналитик",
            region="almaty_city", salary=450000,
        )  # fmt: skip
        Student.objects.filter(pk=self.g_employed.pk).update(email="abaev@example.kz", phone="+77011234567")
        for position, key in enumerate(reports_form10.FIELDS, start=1):
            Form10Column.objects.create(
                institution=self.institution, position=position, field=key, header_kk=key, header_ru=key, header_en=key
            )
        same = [self.g_employed.iin, "Абаев Нұрлан", "6B06101"]
        day = dt.date
        expected = {
            "kk": [*same, "Ақпараттық жүйелер", "күндізгі", "қазақ", "мемлекеттік білім беру гранты", 2025,
                   day(2025, 6, 25), "Ақпараттық жүйелер", "мамандығы бойынша емес жұмысқа орналасқан", "жоқ",
                   "Ұлттық банк", "", "Аналитик", "Алматы", day(2025, 10, 1), 450000, "жоқ", day(2025, 10, 3),
                   "abaev@example.kz", "+77011234567"],
            "ru": [*same, "Информационные системы", "очная", "казахский", "государственный образовательный грант",
                   2025, day(2025, 6, 25), "Информационные системы", "трудоустроен не по специальности", "нет",
                   "Национальный банк", "", "Аналитик", "Алматы", day(2025, 10, 1), 450000, "нет", day(2025, 10, 3),
                   "abaev@example.kz", "+77011234567"],
            "en": [*same, "Information systems", "full-time", "Kazakh", "state educational grant", 2025,
                   day(2025, 6, 25), "Information Systems", "employed not by specialty", "no", "National Bank", "",
                   "Аналитик", "Almaty", day(2025, 10, 1), 450000, "no", day(2025, 10, 3), "abaev@example.kz",
                   "+77011234567"],
        }  # fmt: skip
        for language, cells in expected.items():
            with self.subTest(language=language):
                header, rows = reports_form10.form10_table(self.round, self.cc, language)
                self.assertEqual(header, list(reports_form10.FIELDS))
                self.assertEqual(rows[0], cells)
        # The graduate without a record in force: the record's cells are empty.
        _header, rows = reports_form10.form10_table(self.round, self.cc, "ru")
        self.assertEqual(rows[1][10:20], ["неизвестно", "нет", "", "", "", "", "", "", "нет", ""])

    def test_the_export_writes_nothing(self):
        """A GET: the default layout is used without being saved (the columns page saves it)."""
        self.assertEqual(self.export(self.cc)[0][0], "IIN")
        self.assertFalse(Form10Column.objects.exists())

    def test_other_users_and_anonymous(self):
        url = reverse("graduates:form10_export", args=[self.round.pk])
        self.assert_status(self.student_user, url, 403)
        self.assert_status(None, url, 302)


class Form10MappingTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.url = reverse("graduates:form10_columns")

    def columns(self) -> list[str]:
        return list(Form10Column.objects.filter(institution=self.institution).values_list("field", flat=True))

    def test_defaults_are_created_on_demand(self):
        self.assert_status(self.cc, self.url, 200)
        self.assertEqual(self.columns(), [field for field, *_headers in form10.DEFAULT_COLUMNS])
        self.assertEqual(len(self.columns()), 17)

    def test_add_move_change_and_remove(self):
        columns = form10.ensure_default_form10(self.institution)
        self.client.force_login(self.cc)
        response = self.client.post(
            self.url,
            {"action": "add", "new-field": "email", "new-header_kk": "Пошта", "new-header_ru": "Почта",
             "new-header_en": "E-mail"},
        )  # fmt: skip
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.columns()[-1], "email")
        self.client.post(self.url, {"action": "up", "column": columns[1].pk})
        self.assertEqual(self.columns()[:2], ["full_name", "iin"])
        self.client.post(self.url, {"action": "delete", "column": columns[0].pk})
        self.assertEqual(self.columns()[:2], ["full_name", "program_code"])
        self.assertEqual(
            list(Form10Column.objects.filter(institution=self.institution).values_list("position", flat=True)),
            list(range(1, 18)),
        )
        name = columns[1]
        response = self.client.post(
            self.url,
            {"action": "save", "column": name.pk, f"c{name.pk}-field": "full_name", f"c{name.pk}-header_kk": "Аты",
             f"c{name.pk}-header_ru": "Имя", f"c{name.pk}-header_en": "Name"},
        )  # fmt: skip
        self.assertEqual(response.status_code, 302)
        name.refresh_from_db()
        self.assertEqual(name.header_en, "Name")
        bad = self.client.post(self.url, {"action": "add", "new-field": "nonsense"})
        self.assertEqual(bad.status_code, 400)

    def test_the_export_follows_the_mapping(self):
        year = AcademicYear.objects.create(
            institution=self.institution, start_year=2025, starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2026, 6, 30)
        )
        round_ = CollectionRound.objects.create(
            institution=self.institution, academic_year=year, number=1, cohort=2025,
            opens_on=dt.date(2025, 9, 1), deadline=dt.date(2025, 9, 30),
        )  # fmt: skip
        student = make_student(self.program_a, graduation_date=dt.date(2025, 6, 25), email="a@example.kz")
        Form10Column.objects.create(
            institution=self.institution, position=1, field="email", header_kk="Е", header_ru="Е", header_en="Mail"
        )
        Form10Column.objects.create(
            institution=self.institution, position=2, field="iin", header_kk="Ж", header_ru="И", header_en="IIN"
        )
        self.client.force_login(self.cc)
        rows = self.xlsx_rows(self.client.get(reverse("graduates:form10_export", args=[round_.pk])))
        self.assertEqual(rows, [["Mail", "IIN"], ["a@example.kz", student.iin]])

    def test_only_the_career_center_edits_the_mapping(self):
        for user in (self.aigerim, self.bolat, self.dean, self.rector):
            self.assert_status(user, self.url, 403)
            self.assert_status(user, self.url, 403, method="post")
        self.assertEqual(Form10Column.objects.count(), 0)


class PlatonusRegistrationTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        year = AcademicYear.objects.create(
            institution=cls.institution, start_year=2025, starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2026, 6, 30)
        )
        created = services_rounds.create_rounds(year, cohort=2025, acting_user=cls.cc)
        cls.first, cls.april = created[0], created[3]

    def at(self, day: dt.date, hour: int = 12) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

    def test_late_flag(self):
        self.assertEqual(self.first.platonus_deadline, dt.date(2025, 10, 1))
        services_rounds.register_in_platonus(self.first, acting_user=self.cc, when=self.at(dt.date(2025, 10, 1), 23))
        self.assertFalse(self.first.platonus_registered_late)  # on the deadline day, local time
        self.first.platonus_registered_at = self.at(dt.date(2025, 10, 2), 0)
        self.assertTrue(self.first.platonus_registered_late)

    def test_april_round_is_never_late(self):
        self.assertIsNone(self.april.platonus_deadline)
        services_rounds.register_in_platonus(self.april, acting_user=self.cc, when=self.at(dt.date(2026, 12, 31)))
        self.assertFalse(self.april.platonus_registered_late)

    def test_button_records_who_and_when_and_shows_the_late_badge(self):
        url = reverse("graduates:collectionround_platonus", args=[self.first.pk])
        for user in (self.aigerim, self.rector, self.dean):
            self.assert_status(user, url, 403, method="post")
        self.assert_status(self.cc, url, 302, method="post")
        self.first.refresh_from_db()
        self.assertEqual(self.first.platonus_registered_by, self.cc)
        self.assertTrue(self.first.platonus_registered_late)  # today is after 1 October 2025
        response = self.assert_page_shows(self.cc, self.first.get_absolute_url(), 'data-platonus="late"')
        self.assertContains(response, "text-bg-danger")
        # A second click does not overwrite who registered it.
        self.assert_status(self.admin, url, 302, method="post")
        self.first.refresh_from_db()
        self.assertEqual(self.first.platonus_registered_by, self.cc)


class Form10ColumnServiceTests(ScopedCRUDTests):
    """The layout's changes, moved out of the columns page into services: positions and history."""

    def positions(self) -> list[tuple[str, int]]:
        return list(Form10Column.objects.filter(institution=self.institution).values_list("field", "position"))

    def test_add_change_move_and_remove(self) -> None:
        columns = form10.ensure_default_form10(self.institution)
        added = form10.add_form10_column(
            self.institution, field="email", header_kk="Пошта", header_ru="Почта", header_en="E-mail",
            acting_user=self.cc,
        )  # fmt: skip
        self.assertEqual(self.positions()[-1], ("email", 18))
        self.assertEqual(added.history.latest("history_date").history_user, self.cc)
        form10.change_form10_column(
            added, field="phone", header_kk="Телефон", header_ru="Телефон", header_en="Phone", acting_user=self.cc
        )
        added.refresh_from_db()
        self.assertEqual((added.field, added.header_en, added.position), ("phone", "Phone", 18))
        form10.move_column(added, -1, acting_user=self.cc)
        self.assertEqual(self.positions()[-2:], [("phone", 17), ("last_contact", 18)])
        first = columns[0].pk
        form10.remove_form10_column(columns[0], acting_user=self.cc)
        self.assertEqual(self.positions()[0], ("full_name", 1))
        self.assertEqual([p for _f, p in self.positions()], list(range(1, 18)))
        removed = Form10Column.history.filter(id=first, history_type="-").get()
        self.assertEqual(removed.history_user, self.cc)

    def test_a_column_needs_its_headers(self) -> None:
        with self.assertRaises(ValidationError):
            form10.add_form10_column(
                self.institution, field="email", header_kk="", header_ru="", header_en="", acting_user=self.cc
            )
        self.assertFalse(Form10Column.objects.exists())


class Form10EdgeTests(ScopedCRUDTests):
    """The export's one query (#19, second round): which record is in force, graduates without a record or a
    contact, and the same cells as FIELDS' getters over form10_rows, in kk, ru and en."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        year = AcademicYear.objects.create(
            institution=cls.institution, start_year=2025, starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2026, 6, 30)
        )
        cls.round = CollectionRound.objects.create(
            institution=cls.institution, academic_year=year, number=2, cohort=2025,
            opens_on=dt.date(2025, 10, 1), deadline=dt.date(2025, 11, 30),
        )  # fmt: skip
        grad = dt.date(2025, 6, 25)
        cls.same_day = make_student(cls.program_a, last_name="Алиев", first_name="Арман", graduation_date=grad)
        cls.older = record(
            cls.same_day, S.EMPLOYED_SPECIALTY, dt.date(2025, 9, 1), ended_on=dt.date(2025, 12, 31),
            employer_name="First LLP",
        )  # fmt: skip
        cls.newer = record(cls.same_day, S.EMPLOYED_OTHER, dt.date(2025, 9, 1), employer_name="Second LLP")
        # The latest record ended before the deadline: unknown, not the older record still open.
        cls.ended = make_student(cls.program_a, last_name="Бөкей", first_name="Ерлан", graduation_date=grad)
        record(cls.ended, S.EMPLOYED_OTHER, dt.date(2025, 7, 1), employer_name="Open LLP")
        record(cls.ended, S.CONTINUING_EDUCATION, dt.date(2025, 8, 1), ended_on=dt.date(2025, 11, 29))
        # No record and no contact at all.
        cls.nothing = make_student(cls.program_a, last_name="Вахитов", first_name="Данияр", graduation_date=grad)
        # A voided record is no record; a contact after the deadline is no contact.
        cls.voided = make_student(cls.program_b, last_name="Ғалым", first_name="Бек", graduation_date=grad)
        record(cls.voided, S.EMPLOYED_SPECIALTY, dt.date(2025, 9, 1), employer_name="Voided LLP")
        EmploymentRecord.objects.filter(graduate=cls.voided).update(voided_at=timezone.now())
        contact(cls.voided, dt.date(2025, 12, 1))
        contact(cls.same_day, dt.date(2025, 10, 1))
        contact(cls.same_day, dt.date(2025, 11, 30))  # on the deadline: counts

    def cells(self, language: str = "en", **kwargs) -> list[list]:
        return reports_form10.form10_table(self.round, self.cc, language, **kwargs)[1]

    def test_several_records_the_same_day_the_one_recorded_last(self):
        rows = self.cells()
        self.assertEqual(
            rows[0],
            [self.same_day.iin, "Алиев Арман", "6B06101", "Information systems", "full-time", "", "fee-paying", 2025,
             "employed not by specialty", "no", "Second LLP", "", "", "", dt.date(2025, 9, 1), "no",
             dt.date(2025, 11, 30)],
        )  # fmt: skip
        # Recorded last (created_at), not the higher id: the older row becomes the latest.
        EmploymentRecord.objects.filter(pk=self.older.pk).update(created_at=self.newer.created_at + dt.timedelta(1))
        self.assertEqual(self.cells()[0][8:11], ["employed by specialty", "yes", "First LLP"])
        # The same created_at: the higher id.
        EmploymentRecord.objects.filter(pk=self.older.pk).update(created_at=self.newer.created_at)
        self.assertEqual(self.cells()[0][8:11], ["employed not by specialty", "no", "Second LLP"])

    def test_graduates_without_a_record_in_force_or_a_contact(self):
        rows = self.cells("ru")
        unknown = ["неизвестно", "нет", "", "", "", "", "", "нет", ""]
        self.assertEqual(rows[1], [self.ended.iin, "Бөкей Ерлан", "6B06101", "Информационные системы", "очная", "",
                                   "на платной основе", 2025, *unknown])  # fmt: skip
        self.assertEqual(rows[2], [self.nothing.iin, "Вахитов Данияр", "6B06101", "Информационные системы", "очная",
                                   "", "на платной основе", 2025, *unknown])  # fmt: skip
        self.assertEqual(rows[3], [self.voided.iin, "Ғалым Бек", "6B06102", "Информатика", "очная", "",
                                   "на платной основе", 2025, *unknown])  # fmt: skip
        # The workbook's empty cells are no cells (None), the last one kept: every row as wide as the header.
        self.assertEqual(self.cells("ru", empty=None)[2][8:], ["неизвестно", "нет", None, None, None, None, None,
                                                               "нет", ""])  # fmt: skip
        User.objects.filter(pk=self.cc.pk).update(language="kk")
        self.client.force_login(User.objects.get(pk=self.cc.pk))
        sheet = self.xlsx_rows(self.client.get(reverse("graduates:form10_export", args=[self.round.pk])))
        self.assertEqual([len(row) for row in sheet], [17] * 5)
        self.assertEqual(sheet[3][8:], ["белгісіз", "жоқ", None, None, None, None, None, "жоқ", None])

    def test_the_same_cells_as_the_getters_over_form10_rows(self):
        organization = Organization.objects.create(
            institution=self.institution, short_name="", name_kk="", name_ru="Банк", name_en=""
        )
        EmploymentRecord.objects.filter(pk=self.newer.pk).update(
            organization=organization, region="", region_text="Шымкент маңы", salary=0, evidence="e/1.pdf"
        )
        Student.objects.filter(pk=self.nothing.pk).update(study_language="ru", email="v@example.kz")
        for position, key in enumerate(reports_form10.FIELDS, start=1):
            Form10Column.objects.create(
                institution=self.institution, position=position, field=key, header_kk=key, header_ru=key, header_en=key
            )
        for language in ("kk", "ru", "en"):
            with self.subTest(language=language), translation.override(language):
                getters = [get for _label, get in reports_form10.FIELDS.values()]
                expected = [[get(row) for get in getters] for row in reports_form10.form10_rows(self.round, self.cc)]
                self.assertEqual(self.cells(language), expected)
        self.assertEqual(self.cells("ru")[0][12:17], ["Банк", "", "", "Шымкент маңы", dt.date(2025, 9, 1)])
        self.assertEqual(self.cells("ru")[0][17:19], ["", "да"])  # a salary of 0 shows as empty, as before

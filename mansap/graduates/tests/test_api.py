"""The employment monitoring API: scoping, the services' rules, append-only records, KPIs, query counts."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core.models import AcademicYear, Student
from mansap.core.tests import test_query_counts as query_counts
from mansap.employers.models import Organization
from mansap.graduates.models import CollectionRound, ContactAttempt, EmploymentRecord
from mansap.graduates.services.records import log_contact, record_employment

RECORDS = "/api/v1/employment-records/"
CONTACTS = "/api/v1/contact-attempts/"
ROUNDS = "/api/v1/collection-rounds/"
KPIS = "/api/v1/employment-kpis/"
GRADUATED = dt.date(2024, 6, 28)
_day = itertools.count()


def add_record(graduate: Student, status: str = "employed_specialty", **fields: Any) -> EmploymentRecord:
    fields.setdefault("started_on", dt.date(2024, 9, 1))
    fields.setdefault("channel", "telephone")
    return record_employment(graduate, acting_user=None, status=status, **fields)


def add_round(institution: Any, number: int = 1, cohort: int = 2024) -> CollectionRound:
    year, _created = AcademicYear.objects.get_or_create(
        institution=institution, start_year=2024,
        defaults={"starts_on": dt.date(2024, 9, 1), "ends_on": dt.date(2025, 8, 31)},
    )  # fmt: skip
    return CollectionRound.objects.create(
        institution=institution, academic_year=year, number=number, cohort=cohort, opens_on=dt.date(2024, 9, 1),
        deadline=dt.date(2024, 9, 30) + dt.timedelta(days=61 * (number - 1)), platonus_deadline=dt.date(2024, 10, 1),
    )  # fmt: skip


class EmploymentApiTestCase(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.grad_a = make_student(cls.program_a, graduation_date=GRADUATED)
        cls.grad_a2 = make_student(cls.program_a, graduation_date=dt.date(2025, 6, 27))
        cls.grad_b = make_student(cls.program_b, graduation_date=GRADUATED)
        cls.record_a = add_record(cls.grad_a, "unemployed_seeking", started_on=dt.date(2024, 7, 15))
        cls.record_b = add_record(cls.grad_b, salary=300000)
        cls.contact_a = log_contact(
            cls.grad_a, acting_user=None, contacted_on=dt.date(2024, 8, 1), channel="telephone", outcome="reached"
        )
        cls.contact_b = log_contact(
            cls.grad_b, acting_user=None, contacted_on=dt.date(2024, 8, 1), channel="email", outcome="no_answer"
        )

    def payload(self, graduate: Student | None = None, **changes: Any) -> dict[str, Any]:
        data = {
            "graduate": (graduate or self.grad_a).pk,
            "status": "employed_specialty",
            "employer_name": "ТОО «Астана Софт»",
            "position": "Инженер-программист",
            "region": "astana",
            "salary": 350000,
            "started_on": "2024-10-01",
            "channel": "document",
        }
        data.update(changes)
        return data


class EmploymentRecordApiTests(EmploymentApiTestCase):
    def test_create_goes_through_the_service_and_closes_the_open_record(self) -> None:
        client = self.api_as(self.aigerim)
        response = client.post(RECORDS, self.payload(), format="json")
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual((body["is_open"], body["department"]["code"], body["graduate_detail"]["cohort"]),
                         (True, "IS", 2024))  # fmt: skip
        record = EmploymentRecord.objects.get(pk=body["id"])
        self.assertEqual((record.recorded_by, record.history.first().history_user), (self.aigerim, self.aigerim))
        self.record_a.refresh_from_db()
        self.assertEqual(self.record_a.ended_on, dt.date(2024, 9, 30))
        self.assertEqual(EmploymentRecord.objects.filter(graduate=self.grad_a, ended_on__isnull=True).count(), 1)

    def test_the_services_rules_are_400(self) -> None:
        client = self.api_as(self.aigerim)
        earlier = client.post(RECORDS, self.payload(started_on="2024-07-01"), format="json")
        self.assertEqual(earlier.status_code, 400)
        self.assertIn("started_on", earlier.json())
        salary = client.post(RECORDS, self.payload(status="unemployed_seeking"), format="json")
        self.assertEqual((salary.status_code, list(salary.json())), (400, ["salary"]))
        order = client.post(RECORDS, self.payload(ended_on="2024-09-01"), format="json")
        self.assertEqual(order.status_code, 400)
        self.assertIn("ended_on", order.json())
        bad_bin = client.post(RECORDS, self.payload(employer_bin="123456789012"), format="json")
        self.assertEqual((bad_bin.status_code, list(bad_bin.json())), (400, ["employer_bin"]))
        self.assertEqual(EmploymentRecord.objects.count(), 2)

    def test_the_level_of_studies(self) -> None:
        """study_level (#15): written and read, checked against ProgramLevel and the status."""
        client = self.api_as(self.aigerim)
        studying = self.payload(status="continuing_education", employer_name="", position="", salary=None,
                                study_level="master")  # fmt: skip
        response = client.post(RECORDS, studying, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["study_level"], "master")
        self.assertEqual(EmploymentRecord.objects.get(pk=response.json()["id"]).study_level, "master")
        listed = client.get(RECORDS, {"graduate": self.grad_a.pk}).json()["results"]
        self.assertEqual({row["id"]: row["study_level"] for row in listed}[response.json()["id"]], "master")
        wrong = client.post(RECORDS, {**studying, "study_level": "college"}, format="json")
        self.assertEqual((wrong.status_code, list(wrong.json())), (400, ["study_level"]))
        employed = client.post(RECORDS, self.payload(study_level="master", started_on="2025-01-01"), format="json")
        self.assertEqual((employed.status_code, list(employed.json())), (400, ["study_level"]))

    def test_a_registered_employer_fills_name_and_bin(self) -> None:
        org = Organization.objects.create(
            institution=self.institution, name_kk="Софт", name_ru="Софт", name_en="Soft", short_name="Soft"
        )
        client = self.api_as(self.aigerim)
        response = client.post(RECORDS, self.payload(employer_name="", organization=org.pk), format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["employer_name"], "Soft")

    def test_department_isolation(self) -> None:
        client = self.api_as(self.aigerim)
        ids = {row["id"] for row in client.get(RECORDS).json()["results"]}
        self.assertEqual(ids, {self.record_a.pk})
        self.assertEqual(client.get(f"{RECORDS}{self.record_b.pk}/").status_code, 404)
        response = client.post(RECORDS, self.payload(self.grad_b), format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("graduate", response.json())
        self.assertEqual(EmploymentRecord.objects.filter(graduate=self.grad_b).count(), 1)
        # A current student is not a graduate: no records through the API either.
        student = make_student(self.program_a)
        self.assertEqual(client.post(RECORDS, self.payload(student), format="json").status_code, 400)
        # The dean sees both departments of the faculty, the Career Center everything.
        for user in (self.dean, self.cc, self.rector):
            ids = {row["id"] for row in self.api_as(user).get(RECORDS).json()["results"]}
            self.assertEqual(ids, {self.record_a.pk, self.record_b.pk}, user)
        self.assertEqual(self.api_as(self.student_user).get(RECORDS).json()["results"], [])
        self.assertIn(self.api_as(None).get(RECORDS).status_code, (401, 403))

    def test_read_only_users_cannot_write(self) -> None:
        for user in (self.bolat, self.rector):
            client = self.api_as(user)
            self.assertEqual(client.get(f"{RECORDS}{self.record_a.pk}/").status_code, 200)
            self.assertEqual(client.post(RECORDS, self.payload(), format="json").status_code, 403, user)
            contact = {"graduate": self.grad_a.pk, "contacted_on": "2024-09-01", "channel": "telephone",
                       "outcome": "reached"}  # fmt: skip
            self.assertEqual(client.post(CONTACTS, contact, format="json").status_code, 403, user)
        self.assertEqual(EmploymentRecord.objects.count(), 2)

    def test_records_are_append_only(self) -> None:
        client = self.api_as(self.cc)
        url = f"{RECORDS}{self.record_a.pk}/"
        self.assertEqual(client.patch(url, {"position": "x"}, format="json").status_code, 405)
        self.assertEqual(client.put(url, self.payload(), format="json").status_code, 405)
        self.assertEqual(client.delete(url).status_code, 405)
        self.assertEqual(client.delete(f"{CONTACTS}{self.contact_a.pk}/").status_code, 405)
        self.assertTrue(EmploymentRecord.objects.filter(pk=self.record_a.pk, position="").exists())

    def test_filters(self) -> None:
        add_record(self.grad_a2, "military_service", started_on=dt.date(2025, 7, 1))
        client = self.api_as(self.cc)

        def ids(query: str) -> set[int]:
            response = client.get(f"{RECORDS}?{query}")
            self.assertEqual(response.status_code, 200, response.content)
            return {row["graduate"] for row in response.json()["results"]}

        self.assertEqual(ids("status=military_service"), {self.grad_a2.pk})
        self.assertEqual(ids("department=IS"), {self.grad_a.pk, self.grad_a2.pk})
        self.assertEqual(ids(f"department={self.dept_b.pk}"), {self.grad_b.pk})
        self.assertEqual(ids("cohort=2025"), {self.grad_a2.pk})
        self.assertEqual(ids(f"graduate={self.grad_b.pk}"), {self.grad_b.pk})
        self.assertEqual(ids("cohort=2024&status=employed_specialty"), {self.grad_b.pk})
        self.assertEqual(ids("open=true&department=IS"), {self.grad_a.pk, self.grad_a2.pk})
        self.assertEqual(client.get(f"{RECORDS}?status=nonsense").status_code, 400)


class ContactAndRoundApiTests(EmploymentApiTestCase):
    def test_contacts_are_logged_through_the_service_and_scoped(self) -> None:
        client = self.api_as(self.aigerim)
        data = {"graduate": self.grad_a.pk, "contacted_on": "2024-09-05", "channel": "messenger",
                "outcome": "no_answer", "note": "WhatsApp"}  # fmt: skip
        response = client.post(CONTACTS, data, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        attempt = ContactAttempt.objects.get(pk=response.json()["id"])
        self.assertEqual((attempt.recorded_by, attempt.history.first().history_user), (self.aigerim, self.aigerim))
        self.assertEqual(client.post(CONTACTS, {**data, "graduate": self.grad_b.pk}, format="json").status_code, 400)
        self.assertEqual(client.post(CONTACTS, {**data, "outcome": "maybe"}, format="json").status_code, 400)
        listed = {row["id"] for row in client.get(CONTACTS).json()["results"]}
        self.assertEqual(listed, {self.contact_a.pk, attempt.pk})
        self.assertEqual(client.get(f"{CONTACTS}{self.contact_b.pk}/").status_code, 404)
        outcome = {row["id"] for row in client.get(f"{CONTACTS}?outcome=reached").json()["results"]}
        self.assertEqual(outcome, {self.contact_a.pk})

    def test_rounds_are_read_only_for_staff(self) -> None:
        round_ = add_round(self.institution)
        for user in (self.aigerim, self.bolat, self.cc, self.rector):
            client = self.api_as(user)
            self.assertEqual([r["id"] for r in client.get(ROUNDS).json()["results"]], [round_.pk], user)
            self.assertEqual(client.get(f"{ROUNDS}{round_.pk}/").json()["academic_year_name"], "2024-2025")
        cc = self.api_as(self.cc)
        self.assertEqual(cc.post(ROUNDS, {"number": 2}, format="json").status_code, 405)
        self.assertEqual(cc.patch(f"{ROUNDS}{round_.pk}/", {"number": 2}, format="json").status_code, 405)
        self.assertEqual(cc.delete(f"{ROUNDS}{round_.pk}/").status_code, 405)
        self.assertEqual(self.api_as(self.student_user).get(ROUNDS).status_code, 403)
        self.assertEqual(cc.get(f"{ROUNDS}?cohort=2023").json()["results"], [])
        self.assertEqual(len(cc.get(f"{ROUNDS}?closed=false").json()["results"]), 1)


# Every graduate employed by specialty with a salary: all rates 100% but the own-business share (0%).
ALL_EMPLOYED_BY_SPECIALTY = {
    "knowledge_rate": 1.0, "employment_rate": 1.0, "employment_by_specialty_rate": 1.0,
    "own_business_share": 0.0, "career_outcomes_rate": 1.0,
}  # fmt: skip
ONE_EMPLOYED_BY_SPECIALTY = {
    "cohort": 1, "unknown": 0, "employed": 1, "employed_specialty": 1, "own_business": 0, "out_of_labour_force": 0,
    "continuing_education": 0, "military_service": 0, "parental_leave": 0, "with_salary": 1,
}  # fmt: skip
TWO_EMPLOYED_BY_SPECIALTY = {
    "cohort": 2, "unknown": 0, "employed": 2, "employed_specialty": 2, "own_business": 0, "out_of_labour_force": 0,
    "continuing_education": 0, "military_service": 0, "parental_leave": 0, "with_salary": 2,
}  # fmt: skip


def status_counts(employed_specialty: int) -> dict[str, int]:
    return {
        "employed_specialty": employed_specialty, "employed_other": 0, "own_business": 0, "continuing_education": 0,
        "military_service": 0, "parental_leave": 0, "unemployed_seeking": 0, "not_seeking": 0, "unknown": 0,
    }  # fmt: skip


class KpiApiTests(EmploymentApiTestCase):
    def test_kpis_of_the_users_graduates(self) -> None:
        # Cohort 2024 on 1 March 2025: grad_a (department A) employed by specialty at 250,000 since 1 October
        # 2024 (the record closes their unemployment), grad_b (department B) at 300,000 since 1 September 2024.
        add_record(self.grad_a, "employed_specialty", started_on=dt.date(2024, 10, 1), salary=250000)
        only_a = {
            **ALL_EMPLOYED_BY_SPECIALTY, "average_salary": 250000, "median_salary": 250000,
            "counts": ONE_EMPLOYED_BY_SPECIALTY, "status_counts": status_counts(employed_specialty=1),
        }  # fmt: skip
        # Two salaries: the average and the median are both (250,000 + 300,000) / 2.
        a_and_b = {
            **ALL_EMPLOYED_BY_SPECIALTY, "average_salary": 275000, "median_salary": 275000,
            "counts": TWO_EMPLOYED_BY_SPECIALTY, "status_counts": status_counts(employed_specialty=2),
        }  # fmt: skip
        for user, expected in ((self.aigerim, only_a), (self.cc, a_and_b), (self.dean, a_and_b)):
            response = self.api_as(user).get(f"{KPIS}?cohort=2024&as_of=2025-03-01")
            self.assertEqual(response.status_code, 200, response.content)
            body = response.json()
            self.assertEqual((body["cohort"], body["as_of"], body["department"]), (2024, "2025-03-01", None))
            self.assertEqual({k: v for k, v in body.items() if k in expected}, expected, user)
            self.assertEqual(
                set(body) - set(expected),
                {"cohort", "as_of", "department", "institution", "verified_employment_rate", "covered_share"},
            )
            # #20: no official extract names the cohort: nothing is verified, nobody is covered.
            self.assertEqual((body["verified_employment_rate"], body["covered_share"]), (0.0, 0.0))
        # On 15 September 2024 grad_a was still unemployed and seeking work: one employed of two in the labour
        # force, both statuses known, one salary.
        body = self.api_as(self.cc).get(f"{KPIS}?cohort=2024&as_of=2024-09-15").json()
        self.assertEqual(
            {k: body[k] for k in ("knowledge_rate", "employment_rate", "employment_by_specialty_rate",
                                  "own_business_share", "career_outcomes_rate", "average_salary", "median_salary")},
            {"knowledge_rate": 1.0, "employment_rate": 0.5, "employment_by_specialty_rate": 0.5,
             "own_business_share": 0.0, "career_outcomes_rate": 0.5, "average_salary": 300000, "median_salary": 300000},
        )  # fmt: skip
        self.assertEqual((body["counts"]["cohort"], body["counts"]["employed"], body["counts"]["unknown"]), (2, 1, 0))
        self.assertEqual(body["status_counts"], {**status_counts(employed_specialty=1), "unemployed_seeking": 1})

    def test_department_by_code_or_id(self) -> None:
        client = self.api_as(self.cc)
        by_code = client.get(f"{KPIS}?cohort=2024&as_of=2025-03-01&department=cs").json()
        by_id = client.get(f"{KPIS}?cohort=2024&as_of=2025-03-01&department={self.dept_b.pk}").json()
        self.assertEqual(by_code, by_id)
        self.assertEqual(by_code["department"], "CS")
        # Department B's cohort 2024 is grad_b alone, employed by specialty at 300,000.
        self.assertEqual(by_code["counts"], ONE_EMPLOYED_BY_SPECIALTY)
        self.assertEqual((by_code["average_salary"], by_code["median_salary"]), (300000, 300000))

    def test_bad_queries_and_access(self) -> None:
        client = self.api_as(self.aigerim)
        self.assertEqual(client.get(KPIS).status_code, 400)  # the cohort is required
        self.assertEqual(client.get(f"{KPIS}?cohort=2024&as_of=yesterday").status_code, 400)
        response = client.get(f"{KPIS}?cohort=2024&department=EC")  # not one of aigerim's departments
        self.assertEqual(response.status_code, 400)
        self.assertIn("department", response.json())
        self.assertEqual(self.api_as(self.student_user).get(f"{KPIS}?cohort=2024").status_code, 403)
        self.assertEqual(client.post(KPIS, {}, format="json").status_code, 405)
        today = client.get(f"{KPIS}?cohort=2024").json()
        self.assertEqual(today["as_of"], dt.date.today().isoformat())

    def test_schema(self) -> None:
        response = self.api_as(self.cc).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        self.assertEqual(response.status_code, 200)
        paths = response.json()["paths"]
        for path in (RECORDS, CONTACTS, ROUNDS, KPIS):
            self.assertIn(f"/api/v1/{path.split('/')[3]}/", paths)
        self.assertNotIn("/api/v1/employment-kpis/{id}/", paths)
        self.assertEqual(set(paths["/api/v1/employment-records/{id}/"]), {"get"})
        self.assertNotIn("post", paths["/api/v1/collection-rounds/"])
        params = {p["name"] for p in paths[RECORDS]["get"]["parameters"]}
        self.assertTrue({"graduate", "status", "department", "cohort", "page"} <= params)
        kpi = paths[KPIS]["get"]
        self.assertEqual({p["name"] for p in kpi["parameters"]}, {"cohort", "as_of", "department"})


class ApiQueryCountTests(query_counts.QueryCountTestCase):
    # An API list with a token always costs: token (+ user joined), memberships, count, rows.

    def add_records(self, n: int) -> None:
        for _ in range(n):
            graduate = make_student(self.program_a, graduation_date=GRADUATED)
            add_record(graduate, "unemployed_seeking", started_on=dt.date(2024, 7, 1))
            add_record(graduate, salary=200000, started_on=dt.date(2024, 9, 1) + dt.timedelta(days=next(_day) % 30))

    def add_contacts(self, n: int) -> None:
        for _ in range(n):
            graduate = make_student(self.program_a, graduation_date=GRADUATED)
            log_contact(graduate, acting_user=self.aigerim, contacted_on=dt.date(2024, 8, 1), channel="email",
                        outcome="reached")  # fmt: skip

    def add_rounds(self, n: int) -> None:
        for _ in range(n):
            year = 1990 + next(_day)
            academic_year = AcademicYear.objects.create(
                institution=self.institution, start_year=year, starts_on=dt.date(year, 9, 1),
                ends_on=dt.date(year + 1, 8, 31),
            )  # fmt: skip
            CollectionRound.objects.create(
                institution=self.institution, academic_year=academic_year, number=1, cohort=year,
                opens_on=dt.date(year, 9, 1), deadline=dt.date(year, 9, 30),
            )  # fmt: skip

    def test_employment_records(self) -> None:
        # token + user, memberships, count, rows (+ graduate, program, department joined)
        self.check_bounded(self.aigerim, RECORDS, self.add_records, 4, api=True)

    def test_contact_attempts(self) -> None:
        # token + user, memberships, count, rows (+ graduate, program, department joined)
        self.check_bounded(self.aigerim, CONTACTS, self.add_contacts, 4, api=True)

    def test_collection_rounds(self) -> None:
        # token + user, memberships, count, rows (+ academic year joined)
        self.check_bounded(self.rector, ROUNDS, self.add_rounds, 4, api=True)

"""Bad filter values answer 400 with a message, never 500 (issue #11).

The walk over every list URL is mansap/api/tests/test_hostile_queries.py; these are the rules it relies on.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from django.utils import translation

from mansap.common.filtersets import FilterSet
from mansap.common.forms import ModelMultipleChoiceField
from mansap.common.params import MAX_ID, parse_id, parse_ids, parse_int, parse_year
from mansap.common.testing import BaseTestCase, make_student
from mansap.core.models import EducationalProgram, Student

HUGE = str(2**70)


class ParseTests(SimpleTestCase):
    def test_parse_int_reads_ascii_digits_only(self) -> None:
        for given, expected in (
            ("12", 12),
            ("-1", -1),
            ("0", 0),
            (7, 7),
            (str(MAX_ID), MAX_ID),
            (str(MAX_ID + 1), None),
            (HUGE, None),
            ("²", None),  # "²".isdigit() is True, int("²") a ValueError
            ("١٢", None),  # Arabic-Indic digits: int() would read 12
            (" 1", None),
            ("1e5", None),
            ("1_000", None),
            ("+1", None),
            ("", None),
            (None, None),
            (True, None),
            ("x" * 2000, None),
        ):
            with self.subTest(given=given):
                self.assertEqual(parse_int(given), expected)

    def test_ids_and_years_have_their_bounds(self) -> None:
        self.assertEqual([parse_id(v) for v in ("1", "0", "-1", str(MAX_ID))], [1, None, None, MAX_ID])
        self.assertEqual([parse_year(v) for v in ("2025", "0", "9999", "10000")], [2025, None, 9999, None])
        self.assertEqual(parse_ids(["3", "x", "²", HUGE, "0", "5"]), [3, 5])


class StudentNumbers(FilterSet):
    department_id = django_filters.NumberFilter(field_name="program__department_id")
    cohort = django_filters.NumberFilter(field_name="graduation_date__year")
    programs = django_filters.ModelMultipleChoiceFilter(field_name="program", queryset=EducationalProgram.objects)

    class Meta:
        model = Student
        fields = ["department_id", "cohort", "programs"]


class FilterSetTests(BaseTestCase):
    def errors(self, **data: str | list[str]) -> dict[str, list[str]]:
        filterset = StudentNumbers(data, queryset=Student.objects.all())
        if filterset.is_valid():
            list(filterset.qs)  # the query runs: no OverflowError, no ValueError
        return {name: [str(m) for m in messages] for name, messages in filterset.errors.items()}

    def test_an_id_no_column_holds_is_a_form_error(self) -> None:
        self.assertEqual(
            self.errors(department_id=HUGE),
            {"department_id": [f"Ensure this value is less than or equal to {MAX_ID}."]},
        )
        self.assertEqual(self.errors(department_id="-1"), {})  # an id that exists nowhere: nothing matches

    def test_a_year_a_date_cannot_have_is_a_form_error(self) -> None:
        self.assertEqual(self.errors(cohort="0"), {"cohort": ["Ensure this value is greater than or equal to 1."]})
        self.assertEqual(self.errors(cohort="1e5"), {"cohort": ["Ensure this value is less than or equal to 9999."]})
        self.assertEqual(self.errors(cohort="2025"), {})

    def test_the_ids_of_a_multiple_choice_are_checked_before_the_query(self) -> None:
        self.assertEqual(
            self.errors(programs=[str(self.program_a.pk), HUGE]),
            {"programs": [f"“{HUGE}” is not a valid value."]},
        )
        self.assertEqual(self.errors(programs=[str(self.program_a.pk)]), {})

    def test_the_multiple_choice_of_model_forms_checks_its_ids_too(self) -> None:
        field = ModelMultipleChoiceField(queryset=EducationalProgram.objects.all())
        with self.assertRaises(ValidationError) as caught:
            field.clean([HUGE])
        self.assertEqual(caught.exception.code, "invalid_pk_value")
        self.assertEqual(list(field.clean([str(self.program_a.pk)])), [self.program_a])


class ListPageTests(BaseTestCase):
    def setUp(self) -> None:
        make_student(self.program_a, last_name="Сейтқалиева")
        self.client.force_login(self.cc)

    def test_a_bad_filter_value_answers_400_naming_the_field(self) -> None:
        response = self.client.get("/org/students/", {"department_id": HUGE})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Department ID:</strong>", status_code=400)
        self.assertContains(response, f"Ensure this value is less than or equal to {MAX_ID}.", status_code=400)
        self.assertNotContains(response, "Сейтқалиева", status_code=400)  # nothing listed

    def test_the_message_is_in_the_page_language(self) -> None:
        with translation.override("kk"):
            response = self.client.get("/org/students/", {"cohort": "0"}, HTTP_ACCEPT_LANGUAGE="kk")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Дұрыс тандау жасаңыз. 0 дұрыс тандау емес.", status_code=400)
        self.assertContains(
            response, 'class="form-select form-select-sm is-invalid" aria-invalid="true"', status_code=400
        )
        self.assertContains(response, '<div id="id_cohort_error">', status_code=400)

    def test_good_filters_still_answer_200(self) -> None:
        response = self.client.get("/org/students/", {"department_id": str(self.dept_a.pk)})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Сейтқалиева")

    def test_the_journal_refuses_cohort_0_with_400(self) -> None:
        make_student(self.program_a, last_name="Бекова", graduation_date="2025-06-30")
        response = self.client.get("/employment/journal/", {"cohort": "0"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Select a valid choice. 0 is not one of the available choices.", status_code=400)
        self.assertNotContains(response, "Бекова", status_code=400)
        for cohort in ("-1", HUGE, "²"):
            with self.subTest(cohort=cohort):
                self.assertEqual(self.client.get("/employment/journal/", {"cohort": cohort}).status_code, 400)


class APIListTests(BaseTestCase):
    def test_bad_filter_values_answer_a_json_400(self) -> None:
        api = self.api_as(self.cc)
        response = api.get("/api/v1/students/", {"department_id": HUGE})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"department_id": [f"Ensure this value is less than or equal to {MAX_ID}."]})
        response = api.get("/api/v1/contact-attempts/", {"cohort": "0"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"cohort": ["Ensure this value is greater than or equal to 1."]})
        for url, params in (
            ("/api/v1/employment-records/", {"department": HUGE}),
            ("/api/v1/practice-grades/", {"practice": "²"}),
            ("/api/v1/employment-kpis/", {"cohort": "2025", "department": "²"}),
        ):
            with self.subTest(url=url, params=params):
                self.assertIn(api.get(url, params).status_code, (200, 400))

    def api_as(self, user: Any) -> Any:
        from rest_framework.test import APIClient

        client = APIClient()
        client.force_authenticate(user)
        return client


class NullCharacterTests(BaseTestCase):
    """NUL reached PostgreSQL from parameters views read themselves: a DataError, a 500 there (not on SQLite)."""

    def setUp(self) -> None:
        self.client.force_login(self.cc)

    def test_a_nul_in_a_search_a_view_reads_itself_is_a_400_with_the_reason(self) -> None:
        from mansap.employers.models import Organization

        organization = Organization.objects.create(institution=self.institution, name_ru="ТОО Альфа", bin="")
        with self.assertLogs("django.request", "WARNING") as logged:
            response = self.client.get(f"/employers/organizations/{organization.pk}/merge/", {"q": "Аль\x00фа"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual([r.exc_info for r in logged.records], [None])  # one line, no traceback
        self.assertContains(response, "The request holds a NUL character, which no field may contain.", status_code=400)

    def test_a_nul_in_a_posted_form_or_in_the_path_is_a_400(self) -> None:
        response = self.client.post("/org/students/add/", {"last_name": "Аль\x00фа"})
        self.assertEqual(response.status_code, 400)
        self.client.logout()
        self.assertEqual(self.client.get("/surveys/p/ab\x00cd/").status_code, 400)

    def test_the_api_answers_json(self) -> None:
        response = self.client.get("/api/v1/students/", {"q": "\x00"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"detail": "The request holds a NUL character, which no field may contain."})


class DateRangeTests(BaseTestCase):
    def test_a_form_refuses_a_date_no_service_can_compute_with(self) -> None:
        self.client.force_login(self.cc)
        response = self.client.post("/org/students/add/", {"last_name": "Бекова", "birth_date": "0001-01-01"})
        self.assertEqual(response.status_code, 200)  # the form again, with its errors
        self.assertEqual(response.context["form"].errors["birth_date"], ["Enter a date from 01.01.1900 to 31.12.2999."])

    def test_the_bounds(self) -> None:
        import datetime as dt

        from mansap.common.params import validate_date_range

        for ok in (dt.date(1900, 1, 1), dt.date(2999, 12, 31), dt.datetime(1970, 1, 1, tzinfo=dt.UTC)):
            validate_date_range(ok)
        for wrong in (dt.date(1899, 12, 31), dt.date(3000, 1, 1), dt.datetime(1969, 12, 31, 23, tzinfo=dt.UTC)):
            with self.subTest(wrong=wrong), self.assertRaises(ValidationError):
                validate_date_range(wrong)

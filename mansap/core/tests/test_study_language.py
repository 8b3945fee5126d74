"""A student's language of instruction: model, form, list filter and column, export, API, history."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from mansap.common.identifiers import make_iin
from mansap.common.testing import ScopedCRUDTests, form_data, make_student
from mansap.core.choices import StudyLanguage
from mansap.core.forms import StudentForm
from mansap.core.models import Student

STUDENTS = "/api/v1/students/"


class ModelTests(ScopedCRUDTests):
    def test_blank_means_unknown_and_only_kk_ru_en_are_accepted(self) -> None:
        student = make_student(self.program_a)
        self.assertEqual(student.study_language, "")
        student.full_clean()
        for code in ("kk", "ru", "en"):
            student.study_language = code
            student.full_clean()
        for bad in ("de", "KK", "kz", "қаз"):
            student.study_language = bad
            with self.assertRaises(ValidationError) as caught:
                student.full_clean()
            self.assertIn("study_language", caught.exception.message_dict)

    def test_preferred_language_is_the_language_of_instruction_then_the_fallback(self) -> None:
        student = make_student(self.program_a, study_language="ru")
        self.assertEqual(student.preferred_language(), "ru")
        self.assertEqual(student.preferred_language("en"), "ru")  # the student's own wins
        student.study_language = ""
        self.assertEqual(student.preferred_language("en"), "en")
        self.assertEqual(student.preferred_language("en-us"), "en")
        with override_settings(LANGUAGE_CODE="ru"):
            self.assertEqual(student.preferred_language(), "ru")
            self.assertEqual(student.preferred_language("de"), "ru")  # not one of ours: the site's default
        with override_settings(LANGUAGE_CODE="de"):
            self.assertEqual(student.preferred_language(None), "kk")

    def test_choice_labels_are_translated(self) -> None:
        student = make_student(self.program_a, study_language="kk")
        with translation.override("ru"):
            self.assertEqual(student.get_study_language_display(), "казахский")
        with translation.override("kk"):
            self.assertEqual(student.get_study_language_display(), "қазақ")
        with translation.override("en"):
            self.assertEqual(student.get_study_language_display(), "Kazakh")


class PageTests(ScopedCRUDTests):
    def test_form_saves_it_and_the_history_records_it(self) -> None:
        student = make_student(self.program_a)
        self.assertIn("study_language", StudentForm.Meta.fields)
        data = form_data(student, StudentForm.Meta.fields, study_language="en")
        response = self.post_as(self.aigerim, reverse("core:student_edit", args=[student.pk]), data)
        self.assertRedirects(response, reverse("core:student_detail", args=[student.pk]))
        student.refresh_from_db()
        self.assertEqual(student.study_language, "en")
        last = student.history.first()
        self.assertEqual((last.study_language, last.history_user), ("en", self.aigerim))
        self.assertEqual(last.diff_against(last.prev_record).changed_fields, ["study_language"])

    def test_form_rejects_another_value(self) -> None:
        student = make_student(self.program_a, study_language="kk")
        data = form_data(student, StudentForm.Meta.fields, study_language="de")
        response = self.post_as(self.aigerim, reverse("core:student_edit", args=[student.pk]), data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("study_language", response.context["form"].errors)
        student.refresh_from_db()
        self.assertEqual(student.study_language, "kk")

    def test_read_only_member_cannot_change_it(self) -> None:
        student = make_student(self.program_a, study_language="kk")
        data = form_data(student, StudentForm.Meta.fields, study_language="ru")
        self.assertEqual(
            self.post_as(self.bolat, reverse("core:student_edit", args=[student.pk]), data).status_code, 403
        )
        student.refresh_from_db()
        self.assertEqual(student.study_language, "kk")

    def test_detail_page_shows_it(self) -> None:
        student = make_student(self.program_a, study_language="ru")
        with translation.override("en"):
            response = self.get_as(self.aigerim, reverse("core:student_detail", args=[student.pk]))
        self.assertContains(response, "Language of instruction")
        self.assertContains(response, "Russian")

    def test_list_filter_column_and_export(self) -> None:
        kazakh = make_student(self.program_a, last_name="Қазақова", study_language="kk")
        english = make_student(self.program_a, last_name="Инглишева", study_language="en")
        unknown = make_student(self.program_a, last_name="Белгісізова")
        url = reverse("core:student_list")
        response = self.get_as(self.cc, url + "?study_language=en")
        shown = {s.pk for s in response.context["table"].data}
        self.assertEqual(shown, {english.pk})
        self.assertEqual(self.get_as(self.cc, url + "?study_language=de").status_code, 400)  # a bad filter: no 500
        with translation.override("en"):
            rows = self.xlsx_rows(self.get_as(self.cc, url + "?export=xlsx&sort=full_name"))
        header = rows[0]
        self.assertIn("Language", header)
        column = header.index("Language")
        by_name = {row[header.index("Full name")].split()[0]: row[column] for row in rows[1:]}
        self.assertEqual(by_name[kazakh.last_name], "Kazakh")
        self.assertEqual(by_name[english.last_name], "English")
        self.assertIn(by_name[unknown.last_name], (None, "", "—"))

    def test_graduates_list_has_the_column(self) -> None:
        make_student(self.program_a, graduation_date=dt.date(2024, 6, 25), study_language="ru")
        response = self.get_as(self.cc, reverse("core:graduate_list") + "?study_language=ru&export=xlsx")
        rows = self.xlsx_rows(response)
        self.assertEqual(len(rows), 2)


class ApiTests(ScopedCRUDTests):
    def payload(self, **changes: object) -> dict[str, object]:
        data: dict[str, object] = {
            "iin": make_iin(dt.date(2002, 11, 3), "M", 778),
            "last_name": "Оспанов",
            "first_name": "Ерлан",
            "program": self.program_a.pk,
        }
        data.update(changes)
        return data

    def test_read_and_write(self) -> None:
        client = self.api_as(self.aigerim)
        response = client.post(STUDENTS, self.payload(study_language="kk"), format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["study_language"], "kk")
        student = Student.objects.get(pk=response.json()["id"])
        url = f"{STUDENTS}{student.pk}/"
        response = client.patch(url, {"study_language": "en"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        student.refresh_from_db()
        self.assertEqual(student.study_language, "en")
        self.assertEqual(student.history.first().history_user, self.aigerim)
        self.assertEqual(client.patch(url, {"study_language": ""}, format="json").json()["study_language"], "")
        self.assertEqual(client.get(url).json()["study_language"], "")
        rows = client.get(STUDENTS, {"study_language": "en"}).json()["results"]
        self.assertEqual(rows, [])

    def test_a_bad_value_is_a_field_error(self) -> None:
        client = self.api_as(self.aigerim)
        response = client.post(STUDENTS, self.payload(study_language="kazakh"), format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("study_language", response.json())
        self.assertFalse(Student.objects.filter(last_name="Оспанов").exists())
        student = make_student(self.program_a, study_language="ru")
        response = client.patch(f"{STUDENTS}{student.pk}/", {"study_language": "de"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("study_language", response.json())
        student.refresh_from_db()
        self.assertEqual(student.study_language, "ru")

    def test_filter_and_scope(self) -> None:
        mine = make_student(self.program_a, study_language="en")
        make_student(self.program_a, study_language="kk")
        theirs = make_student(self.program_b, study_language="en")
        rows = self.api_as(self.aigerim).get(STUDENTS, {"study_language": "en"}).json()["results"]
        self.assertEqual([row["id"] for row in rows], [mine.pk])
        response = self.api_as(self.aigerim).patch(f"{STUDENTS}{theirs.pk}/", {"study_language": "kk"}, format="json")
        self.assertEqual(response.status_code, 404)
        response = self.api_as(self.bolat).patch(f"{STUDENTS}{mine.pk}/", {"study_language": "kk"}, format="json")
        self.assertEqual(response.status_code, 403)


def test_choices_are_the_three_interface_languages() -> None:
    assert StudyLanguage.values == ["kk", "ru", "en"]

"""The department and program selects of the students' and graduates' filters are read with values() (#19,
common.filtersets.ValuesModelChoiceFilter): the same page, byte for byte, as the selects built from model objects,
in kk, ru and en, with a department and a program chosen, for the whole university and for one department."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock

from django.conf import settings
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils import translation

from mansap.common.filtersets import _RowsIterator
from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core.filtersets import StudentFilterSet
from mansap.core.models import Department, EducationalProgram

_VOLATILE = re.compile(r'([=:] ?)"[A-Za-z0-9+/=_-]{20,}"')  # the CSP nonce and the CSRF token


class FilterSelectsFromValuesTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # A name missing in English and Russian (the Kazakh one shows), markup to escape.
        cls.dept_b.name_en, cls.dept_b.name_ru, cls.dept_b.name_kk = "", "", "Тарих & <құқық>"
        cls.dept_b.save()
        cls.program_b.name_en = ""
        cls.program_b.save()
        day = dt.date(2024, 6, 28)
        for program in (cls.program_a, cls.program_b, cls.program_c):
            make_student(program, last_name="Ахметов", graduation_date=day)

    def page(self, user: object, language: str, url: str) -> str:
        self.client.force_login(user)  # type: ignore[arg-type]
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return _VOLATILE.sub(r'\1"…"', response.content.decode())

    def test_the_page_is_the_one_built_from_model_objects(self) -> None:
        cases = ((self.cc, self.dept_b, self.program_b), (self.aigerim, self.dept_a, self.program_a))
        for user, department, program in cases:
            chosen = f"?department={department.pk}&program={program.pk}"
            for language in ("kk", "ru", "en"):
                for url in (reverse("core:graduate_list"), reverse("core:student_list") + chosen):
                    with self.subTest(user=str(user), language=language, url=url):
                        fast = self.page(user, language, url)
                        with mock.patch.object(_RowsIterator, "__iter__", ModelChoiceIterator.__iter__):
                            slow = self.page(user, language, url)
                        self.assertEqual(fast, slow)

    def test_literal_choices(self) -> None:
        request = mock.Mock(user=self.cc)
        with translation.override("en"):
            form = StudentFilterSet(data={}, queryset=None, request=request).form
            departments = [(str(value), str(label)) for value, label in form.fields["department"].choices]
            programs = [(str(value), str(label)) for value, label in form.fields["program"].choices]
        self.assertEqual(
            departments,
            [("", "---------")]
            + [
                (str(d.pk), "Тарих & <құқық>" if d == self.dept_b else d.name_en)
                for d in Department.objects.order_by("code")
            ],
        )
        self.assertEqual(
            programs,
            [("", "---------")]
            + [
                (str(p.pk), f"{p.code} {p.name_kk if p == self.program_b else p.name_en}")
                for p in EducationalProgram.objects.order_by("code")
            ],
        )

    def test_a_choice_outside_the_scope_is_refused(self) -> None:
        response = self.get_as(self.aigerim, reverse("core:graduate_list") + f"?department={self.dept_b.pk}")
        self.assertEqual(response.status_code, 400)

"""Logs never hold personal data: IINs, e-mail addresses and model reprs are masked in every record (#11)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import SimpleTestCase, override_settings
from django.urls import path

from mansap.common.logs import PersonalDataFilter, mask
from mansap.common.testing import BaseTestCase, make_student
from mansap.core.models import EducationalProgram
from mansap.urls import urlpatterns as project_urlpatterns


def delete_program(request: HttpRequest, pk: int) -> HttpResponse:
    """A view with a bug: deleting a program students belong to raises ProtectedError, whose message lists them."""
    EducationalProgram.objects.get(pk=pk).delete()
    return HttpResponse("deleted")


urlpatterns = [path("buggy/<int:pk>/delete/", delete_program), *project_urlpatterns]


@contextmanager
def console_output() -> Iterator[io.StringIO]:
    """What the configured console handler writes (Django's loggers and the root's), while the block runs."""
    handlers = {h for name in ("django", "") for h in logging.getLogger(name).handlers if h.get_name() == "console"}
    assert handlers, "settings.LOGGING has no console handler"
    buffer = io.StringIO()
    previous = [(handler, handler.setStream(buffer)) for handler in handlers]  # type: ignore[attr-defined]
    try:
        yield buffer
    finally:
        for handler, stream in previous:
            handler.setStream(stream)  # type: ignore[attr-defined]


class MaskTests(SimpleTestCase):
    def test_iins_and_bins_are_masked(self) -> None:
        self.assertEqual(mask("IIN 950101300123 exists"), "IIN <12 digits> exists")
        self.assertEqual(mask("Key (iin)=(950101300123) already exists."), "Key (iin)=(<12 digits>) already exists.")
        self.assertEqual(mask("iin=950101300123&x=1"), "iin=<12 digits>&x=1")

    def test_other_numbers_are_kept(self) -> None:
        for text in ("import job 12 failed", "9501013001234", "95010130012", "2025-03-01 12:00:00", "+77011234567"):
            with self.subTest(text=text):
                self.assertEqual(mask(text), text)

    def test_email_addresses_are_masked(self) -> None:
        self.assertEqual(mask("mail to a.seitkali+cv@kazutb.edu.kz failed"), "mail to <e-mail> failed")
        self.assertEqual(mask("<aigerim@mail.ru>"), "<<e-mail>>")
        self.assertEqual(
            mask('"GET /org/students/?q=aigerim%40mail.ru HTTP/1.1"'), '"GET /org/students/?q=<e-mail> HTTP/1.1"'
        )

    def test_model_reprs_lose_their_names(self) -> None:
        self.assertEqual(
            mask("{<Student: Сейтқалиева Әйгерім Болатқызы>, <Student: Smith John>}"), "{<Student>, <Student>}"
        )
        self.assertEqual(
            mask("<QuerySet [<Student: Ахметов Ерлан>]>"),
            "<QuerySet [<Student>]>",
        )
        self.assertEqual(mask("<WSGIRequest: GET '/org/students/?q=Ахметов'>"), "<WSGIRequest>")
        self.assertEqual(mask("<function f at 0x7f>"), "<function f at 0x7f>")


class FilterTests(SimpleTestCase):
    def record(self, msg: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
        exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else None
        return logging.LogRecord("mansap.test", logging.ERROR, __file__, 1, msg, args, exc_info)

    def test_arguments_are_masked_after_formatting(self) -> None:
        record = self.record("mail to %s failed (%s)", "aigerim@mail.ru", 950101300123)
        self.assertTrue(PersonalDataFilter().filter(record))
        self.assertEqual(record.getMessage(), "mail to <e-mail> failed (<12 digits>)")

    def test_the_exception_text_is_masked_and_kept(self) -> None:
        try:
            raise ValueError("duplicate IIN 950101300123 of <Student: Ахметов Ерлан>")
        except ValueError as exc:
            record = self.record("import job %s failed", 7, exc=exc)
        PersonalDataFilter().filter(record)
        output = logging.Formatter().format(record)
        self.assertIn("import job 7 failed", output)
        self.assertIn("Traceback (most recent call last)", output)
        self.assertIn("ValueError: duplicate IIN <12 digits> of <Student>", output)
        self.assertNotIn("950101300123", output)
        self.assertNotIn("Ахметов", output)

    def test_a_record_filtered_twice_stays_the_same(self) -> None:
        record = self.record("to %s", "a@b.kz")
        PersonalDataFilter().filter(record)
        PersonalDataFilter().filter(record)
        self.assertEqual(record.getMessage(), "to <e-mail>")

    def test_every_handler_of_the_settings_masks(self) -> None:
        for name, handler in settings.LOGGING["handlers"].items():
            with self.subTest(handler=name):
                self.assertIn("personal_data", handler.get("filters", []))
        configured = [logging.getLogger(), *(logging.getLogger(n) for n in settings.LOGGING["loggers"])]
        for logger in configured:
            for handler in logger.handlers:
                if type(handler).__module__.startswith("_pytest"):
                    continue  # pytest's own capture
                with self.subTest(logger=logger.name, handler=handler):
                    self.assertTrue(any(isinstance(f, PersonalDataFilter) for f in handler.filters))


@override_settings(ROOT_URLCONF=__name__, DEBUG_PROPAGATE_EXCEPTIONS=False)
class ServerErrorLogTests(BaseTestCase):
    def test_a_500_logs_neither_the_names_nor_the_iins_nor_the_addresses(self) -> None:
        student = make_student(self.program_a, last_name="Сейтқалиева", first_name="Әйгерім", email="seitkali@mail.kz")
        self.client.raise_request_exception = False
        self.client.force_login(self.admin)
        with console_output() as output:
            response = self.client.post(
                f"/buggy/{self.program_a.pk}/delete/", {"iin": student.iin, "email": student.email}
            )
        self.assertEqual(response.status_code, 500)
        logged = output.getvalue()
        self.assertIn("Internal Server Error: /buggy/", logged)
        self.assertIn("ProtectedError", logged)  # the error is still there to be fixed
        self.assertIn("<Student>", logged)
        for personal in ("Сейтқалиева", "Әйгерім", student.iin, "seitkali@mail.kz"):
            self.assertNotIn(personal, logged)

"""Logs as one JSON object a line, with the request's id, never with personal data (issue #18)."""

from __future__ import annotations

import contextvars
import json
import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.test import SimpleTestCase, override_settings
from django.urls import path
from huey import SqliteHuey

from mansap.common.logs import (
    JsonFormatter,
    PersonalDataFilter,
    RequestIdFilter,
    connect_huey,
    request_id,
    task_finished,
    task_started,
)
from mansap.common.testing import BaseTestCase, make_student
from mansap.common.tests.test_logs import console_output
from mansap.settings import log_format
from mansap.urls import urlpatterns as project_urlpatterns

logger = logging.getLogger("mansap.test.json")


def logging_view(request: HttpRequest) -> HttpResponse:
    logger.warning("first line of the request")
    logging.getLogger("django.test.json").error("second line, another logger")
    return HttpResponse("ok")


urlpatterns = [path("logging/", logging_view), *project_urlpatterns]


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


class FormatTests(SimpleTestCase):
    def test_the_format_is_chosen_by_the_environment(self) -> None:
        self.assertEqual(log_format({"MANSAP_LOG_FORMAT": "json"}, debug=True, argv=["manage.py", "runserver"]), "json")
        self.assertEqual(log_format({"MANSAP_LOG_FORMAT": "Plain"}, debug=False, argv=["gunicorn"]), "plain")
        self.assertEqual(log_format({}, debug=False, argv=["gunicorn"]), "json")
        self.assertEqual(log_format({}, debug=False, argv=["manage.py", "run_huey"]), "json")
        self.assertEqual(log_format({}, debug=True, argv=["gunicorn"]), "plain")
        self.assertEqual(log_format({}, debug=False, argv=["manage.py", "runserver"]), "plain")
        with self.assertRaisesMessage(ImproperlyConfigured, "MANSAP_LOG_FORMAT must be json or plain, not 'xml'"):
            log_format({"MANSAP_LOG_FORMAT": "xml"}, debug=False, argv=[])

    def test_every_handler_puts_the_request_id_on_its_records(self) -> None:
        for name, handler in settings.LOGGING["handlers"].items():
            with self.subTest(handler=name):
                self.assertIn("request_id", handler.get("filters", []))

    def test_a_record_is_one_json_line_with_the_agreed_keys(self) -> None:
        record = logging.LogRecord("mansap.x", logging.WARNING, __file__, 1, "import %s: %s", (7, "done\nnext"), None)
        record.created = 1765065600.25  # 2025-12-07 00:00:00.250 UTC
        token = request_id.set("abcdef0123456789")
        try:
            PersonalDataFilter().filter(record)
            RequestIdFilter().filter(record)
        finally:
            request_id.reset(token)
        line = JsonFormatter().format(record)
        self.assertNotIn("\n", line)
        self.assertEqual(
            json.loads(line),
            {
                "timestamp": "2025-12-07T00:00:00.250+00:00",
                "level": "WARNING",
                "logger": "mansap.x",
                "message": "import 7: done\nnext",
                "request_id": "abcdef0123456789",
            },
        )

    def test_the_exception_is_kept_masked_in_exc_info(self) -> None:
        try:
            raise ValueError("IIN 950101300123 taken")
        except ValueError as exc:
            record = logging.LogRecord("m", logging.ERROR, __file__, 1, "failed", None, (ValueError, exc, None))
        PersonalDataFilter().filter(record)
        RequestIdFilter().filter(record)
        entry = json.loads(JsonFormatter().format(record))
        self.assertEqual(entry["request_id"], "-")
        self.assertIn("ValueError: IIN <12 digits> taken", entry["exc_info"])


class JsonConsoleTests(BaseTestCase):
    """The console handler, as settings.LOGGING configures it when DEBUG is off (as under pytest)."""

    def test_an_iin_an_email_and_a_student_are_masked_in_the_json_line(self) -> None:
        student = make_student(self.program_a, last_name="Сейтқалиева", first_name="Әйгерім", email="seitkali@mail.kz")
        with console_output() as output:
            logging.getLogger("mansap.test.json").error(
                "student %r (IIN %s, %s) could not be notified", student, student.iin, student.email
            )
        (entry,) = json_lines(output.getvalue())
        self.assertEqual(entry["message"], "student <Student> (IIN <12 digits>, <e-mail>) could not be notified")
        self.assertEqual(entry["level"], "ERROR")
        self.assertEqual(entry["logger"], "mansap.test.json")
        for personal in ("Сейтқалиева", "Әйгерім", student.iin, "seitkali@mail.kz"):
            self.assertNotIn(personal, output.getvalue())


@override_settings(ROOT_URLCONF=__name__)
class RequestIdTests(SimpleTestCase):
    def test_a_requests_lines_carry_the_id_of_its_answer(self) -> None:
        with console_output() as output:
            response = self.client.get("/logging/")
        generated = response["X-Request-ID"]
        self.assertRegex(generated, r"^[0-9a-f]{32}$")
        lines = json_lines(output.getvalue())
        self.assertEqual(
            [line["message"] for line in lines], ["first line of the request", "second line, another logger"]
        )
        self.assertEqual({line["request_id"] for line in lines}, {generated})
        self.assertEqual(request_id.get(), "")  # nothing left behind for the next request of this thread

    def test_nginxs_id_is_kept(self) -> None:
        nginx_id = "3f8a1c0de2b94a7c9d1e5f6a7b8c9d0e"
        with console_output() as output:
            response = self.client.get("/logging/", headers={"X-Request-ID": nginx_id})
        self.assertEqual(response["X-Request-ID"], nginx_id)
        self.assertEqual({line["request_id"] for line in json_lines(output.getvalue())}, {nginx_id})

    def test_an_insane_id_is_replaced(self) -> None:
        for given in ("short", "has space in it", "x" * 129, '"><script>', "ab\u0456cdefgh"):
            with self.subTest(given=given):
                response = self.client.get("/healthz", headers={"X-Request-ID": given})
                self.assertRegex(response["X-Request-ID"], r"^[0-9a-f]{32}$")

    def test_a_redirect_carries_it_too(self) -> None:
        response = self.client.get("/accounts/tokens/")
        self.assertEqual(response.status_code, 302)
        self.assertRegex(response["X-Request-ID"], r"^[0-9a-f]{32}$")


class HueyRequestIdTests(SimpleTestCase):
    """A job enqueued by a request logs, in the worker, with that request's id."""

    def test_a_job_logs_with_the_id_of_the_request_that_enqueued_it(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            huey_app = SqliteHuey("mansap-test", filename=str(Path(folder) / "q.sqlite3"))
            connect_huey(huey_app)
            connect_huey(huey_app)  # connected once only
            seen: list[str] = []

            @huey_app.task()
            def job() -> None:
                seen.append(request_id.get())
                logging.getLogger("huey.test").info("job ran")

            def in_request() -> None:
                request_id.set("req-0123456789")
                job()

            contextvars.copy_context().run(in_request)  # the web process enqueues
            self.assertEqual(request_id.get(), "")
            with console_output() as output:
                huey_app.execute(huey_app.dequeue())  # the worker runs it
            self.assertEqual(seen, ["req-0123456789"])
            lines = json_lines(output.getvalue())  # huey's own "Executing …" line and the job's
            self.assertIn(
                {"message": "job ran", "request_id": "req-0123456789"},
                [{"message": line["message"], "request_id": line["request_id"]} for line in lines],
            )
            # huey logs "Executing <task>" (with the task's id) before any hook runs; every later line has the id.
            self.assertTrue(lines[0]["message"].startswith("Executing "))
            self.assertEqual({line["request_id"] for line in lines[1:]}, {"req-0123456789"})
            self.assertEqual(request_id.get(), "")  # reset after the job

    def test_a_job_of_no_request_gets_its_task_id(self) -> None:
        class Task:
            id = "0f0e0d0c"

        task_started(Task())
        self.assertEqual(request_id.get(), "task-0f0e0d0c")
        task_finished(Task(), None, None)
        self.assertEqual(request_id.get(), "")

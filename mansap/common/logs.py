"""Logs never hold personal data (issue #11): every record is masked before a handler writes it.

`PersonalDataFilter` is on every handler of settings.LOGGING (a handler's filter sees the records its loggers
propagate; a logger's filter would not). It masks, in the message, its arguments and the exception's text:

- IIN-like numbers: 12 digits standing alone (a BIN looks the same and is masked too);
- e-mail addresses;
- model reprs, `<Student: Сейтқалиева Әйгерім>` → `<Student>`: what Django prints for an object in an
  exception (a ProtectedError lists every referring object), a QuerySet or a request (`<WSGIRequest: GET
  '/org/students/?q=…'>`).

The exception's text is rendered here, masked, and kept as the record's exc_text, which every formatter
prints instead of formatting the exception again; the exception itself is dropped from the record.

Issue #18 adds, for production:

- `JsonFormatter`: one JSON object a line (timestamp, level, logger, message, request_id, exc_info), which
  journald, Loki or any log shipper reads without a parser of its own. settings.LOGGING picks it with
  MANSAP_LOG_FORMAT=json, the default unless DEBUG is on or the process is `manage.py runserver` (plain text
  there, for a person reading a terminal). The PersonalDataFilter runs before any formatter, so the JSON holds
  the masked text only.
- A request id: RequestIdMiddleware (mansap.common.middleware) keeps the client's or nginx's `X-Request-ID`, or
  makes one, in `request_id` (a context variable) for the time of the request; `RequestIdFilter` puts it on every
  record. A huey job runs with the id of the request that enqueued it (`connect_huey`: the id travels through
  the jobs cache, keyed by the task's id).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import traceback
from typing import Any

IIN = re.compile(r"(?<!\d)\d{12}(?!\d)")
EMAIL = re.compile(r"[\w.+'%-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)  # %40: an address in a URL
MODEL_REPR = re.compile(r"<([A-Za-z_]\w*): [^<>\n]*>")

IIN_MASK = "<12 digits>"
EMAIL_MASK = "<e-mail>"


def mask(text: str) -> str:
    """The text with IIN-like numbers, e-mail addresses and model reprs replaced by placeholders."""
    text = MODEL_REPR.sub(r"<\1>", text)
    text = EMAIL.sub(EMAIL_MASK, text)
    return IIN.sub(IIN_MASK, text)


class PersonalDataFilter(logging.Filter):
    """Masks personal data in every record (see the module's docstring); drops no record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: log what there is rather than nothing
            message = f"{record.msg} {record.args!r}"
        record.msg = mask(message)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = mask("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True


# ---- Request ids and JSON lines (#18) ------------------------------------------------------------------------------
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("mansap_request_id", default="")
REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,127}")  # nginx's $request_id: 32 hex digits
NO_REQUEST = "-"


class RequestIdFilter(logging.Filter):
    """Puts the current request's (or job's) id on every record as `request_id` ("-" outside of one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or NO_REQUEST
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: timestamp (UTC, ISO 8601), level, logger, message, request_id, and exc_info.

    The message is the record's, already masked by PersonalDataFilter; exc_info is the masked traceback
    text (exc_text) that filter keeps. Non-ASCII text is written as is (Kazakh and Russian stay readable).
    """

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "timestamp": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id.get() or NO_REQUEST,
        }
        if record.exc_info and not record.exc_text:  # a handler without PersonalDataFilter: still masked
            record.exc_text = mask(self.formatException(record.exc_info))
        if record.exc_text:
            entry["exc_info"] = record.exc_text
        if record.stack_info:
            entry["stack_info"] = record.stack_info
        status = getattr(record, "status_code", None)
        if isinstance(status, int):  # django.request and django.server say which answer was given
            entry["status_code"] = status
        return json.dumps(entry, ensure_ascii=False, default=str)


# ---- huey jobs log with the id of the request that enqueued them -----------------------------------------------
TASK_REQUEST_KEY = "mansap:request-id:task:{}"
TASK_REQUEST_SECONDS = 7 * 24 * 3600  # a scheduled job may run days later


def remember_request_id(signal: str, task: Any) -> None:
    """huey SIGNAL_ENQUEUED: keep the enqueuing request's id for the worker, by the task's id."""
    current = request_id.get()
    if current:
        from django.core.cache import caches

        try:
            caches["jobs"].set(TASK_REQUEST_KEY.format(task.id), current, TASK_REQUEST_SECONDS)
        except Exception:  # a log id is never worth a failed enqueue
            logging.getLogger(__name__).warning("could not keep the request id of task %s", task.id, exc_info=True)


_task_tokens: dict[str, contextvars.Token[str]] = {}


def task_started(task: Any) -> None:
    """huey pre_execute: the job's records carry its request's id (inline jobs keep the request's own)."""
    if request_id.get():
        return
    from django.core.cache import caches

    try:
        found = caches["jobs"].get(TASK_REQUEST_KEY.format(task.id))
    except Exception:
        found = None
    _task_tokens[task.id] = request_id.set(found or f"task-{task.id}")


def task_finished(task: Any, task_value: Any = None, exc: BaseException | None = None) -> None:
    """huey post_execute: back to no request id."""
    token = _task_tokens.pop(task.id, None)
    if token is not None:
        request_id.reset(token)


def connect_huey(huey_app: Any) -> None:
    """Register the three hooks on the project's huey (called once, from CommonConfig.ready)."""
    from huey.signals import SIGNAL_ENQUEUED

    if getattr(huey_app, "_mansap_request_id", False):  # huey's signals append: connect once
        return
    huey_app._mansap_request_id = True
    huey_app.signal(SIGNAL_ENQUEUED)(remember_request_id)
    huey_app.pre_execute(name="mansap_request_id")(task_started)
    huey_app.post_execute(name="mansap_request_id")(task_finished)

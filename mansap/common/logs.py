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
"""

from __future__ import annotations

import logging
import re
import traceback

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

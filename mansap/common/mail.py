"""E-mail in the recipient's language, sent once the transaction that decided it has committed.

Every e-mail of the platform is plain text, from DEFAULT_FROM_EMAIL, rendered in the language of the
person who reads it (their account's language, else the one the sender chose), not in the language of
whoever clicked the button. `send_localized` does the three steps every sender repeated:

1. render the subject and the body inside `translation.override(language)`; with several languages
   (a recipient whose language is unknown gets Kazakh and Russian) the subjects are joined with " / "
   and the bodies with a blank line;
2. build one EmailMessage (several recipients share it, as in a shortlist sent to an organization);
3. send it through `transaction.on_commit`: a rolled-back change sends nothing, and an e-mail never
   announces a row that does not exist. Outside an atomic block Django runs the callback at once.

`send_messages_on_commit` sends a batch built with `localized_message` through one SMTP connection
(rounds' reminders, survey invitations, self-service links).

In tests, TestCase wraps each test in a transaction: wrap the call in
`self.captureOnCommitCallbacks(execute=True)` to see the e-mail in `mail.outbox`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import nullcontext
from typing import Any, Required, TypedDict, Unpack

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise

from mansap.common.links import LANGUAGE_CODES

# A text to render: a plain or lazy string (translated in the recipient's language), or a function called
# inside the language override (for `_("...").format(...)` with values).
Text = str | Promise | Callable[[], str]

SUBJECT_SEPARATOR = " / "
BODY_SEPARATOR = "\n\n"


def recipient_language(user: Any, default: str | None = None) -> str:
    """The language of a user's account when it is one of kk, ru, en; else `default` (the deployment's
    language, LANGUAGE_CODE, when none is given). `user` may be None (no account)."""
    language = (getattr(user, "language", "") or "") if user is not None else ""
    if language in LANGUAGE_CODES:
        return str(language)
    return default if default is not None else str(settings.LANGUAGE_CODE)[:2]


def _render(text: Text) -> str:
    return text() if callable(text) else str(text)


def localized_message(
    to: str | Sequence[str],
    language: str | Sequence[str] | None,
    *,
    subject: Text,
    body: Text | None = None,
    template: str | None = None,
    context: Mapping[str, Any] | None = None,
    from_email: str | None = None,
    reply_to: Sequence[str] | None = None,
) -> EmailMessage:
    """The e-mail, rendered in `language` (or in each of several languages, joined); None keeps the current one.

    The body is `body` or the plain-text `template` rendered with `context` (exactly one of them).
    `from_email` defaults to DEFAULT_FROM_EMAIL.
    """
    if (body is None) == (template is None):
        raise ValueError("give either body or template")
    languages: list[str | None]
    if language is None:
        languages = [None]
    elif isinstance(language, str):
        languages = [language]
    else:
        languages = list(language)
    subjects: list[str] = []
    bodies: list[str] = []
    for code in languages:
        # No language: render in the one active now (a message to the person who is clicking).
        with translation.override(code) if code else nullcontext():
            subjects.append(_render(subject))
            if template is not None:
                bodies.append(render_to_string(template, dict(context or {})))
            else:
                assert body is not None
                bodies.append(_render(body))
    return EmailMessage(
        subject=SUBJECT_SEPARATOR.join(subjects),
        body=BODY_SEPARATOR.join(bodies),
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=[to] if isinstance(to, str) else list(to),
        reply_to=list(reply_to) if reply_to else None,
    )


def send_messages_on_commit(
    messages: Iterable[EmailMessage], *, fail_silently: bool = False, on_commit: bool = True
) -> list[EmailMessage]:
    """Send the messages through one connection after the current transaction commits (at once outside one,
    or with `on_commit=False` when the caller must see a sending failure, e.g. to undo what it recorded)."""
    batch = list(messages)
    if not batch:
        return batch

    def send() -> None:
        get_connection(fail_silently=fail_silently).send_messages(batch)

    if on_commit:
        transaction.on_commit(send)
    else:
        send()
    return batch


class MessageParts(TypedDict, total=False):
    """The keywords of `localized_message`, for the functions that pass them on to it."""

    subject: Required[Text]
    body: Text | None
    template: str | None
    context: Mapping[str, Any] | None
    from_email: str | None
    reply_to: Sequence[str] | None


def send_localized(
    to: str | Sequence[str],
    language: str | Sequence[str] | None,
    *,
    fail_silently: bool = False,
    on_commit: bool = True,
    **parts: Unpack[MessageParts],
) -> EmailMessage:
    """Render one e-mail in the recipient's language (`localized_message`) and send it once the transaction commits.

    Returns the message (already rendered; sent now or at commit).
    """
    message = localized_message(to, language, **parts)
    send_messages_on_commit([message], fail_silently=fail_silently, on_commit=on_commit)
    return message


__all__ = [
    "MessageParts",
    "Text",
    "localized_message",
    "recipient_language",
    "send_localized",
    "send_messages_on_commit",
]

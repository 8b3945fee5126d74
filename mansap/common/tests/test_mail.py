"""common.mail: e-mail rendered in the recipient's language and sent only once the transaction commits.

The practice app's notice to the head of practice is sent through it; its subject and body are literals in
mansap/practice/tests/test_compatibility.py."""

from __future__ import annotations

from django.core import mail
from django.db import transaction
from django.test import SimpleTestCase, TestCase, TransactionTestCase, override_settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mansap.common.mail import localized_message, recipient_language, send_localized, send_messages_on_commit

INVITATION = gettext_lazy("Invitation: {title}")  # kk "Шақыру: {title}", ru "Приглашение: {title}"


def invitation_subject() -> str:
    return _("Invitation: {title}").format(title="Job fair")


@override_settings(DEFAULT_FROM_EMAIL="mansap@kazutb.example")
class LocalizedMessageTests(SimpleTestCase):
    def test_rendered_in_the_recipients_language_whatever_is_active(self) -> None:
        with translation.override("en"):
            message = localized_message(
                "dana@kazutb.example", "ru", subject=invitation_subject, body=gettext_lazy("Save")
            )
            self.assertEqual(translation.get_language(), "en")  # the override ends with the rendering
        self.assertEqual((message.subject, message.body), ("Приглашение: Job fair", "Сохранить"))
        self.assertEqual(
            (message.to, message.from_email, message.reply_to), (["dana@kazutb.example"], "mansap@kazutb.example", [])
        )

    def test_several_languages_are_joined(self) -> None:
        message = localized_message(["a@x.kz", "b@x.kz"], ["kk", "ru"], subject=INVITATION, body=gettext_lazy("Save"))
        self.assertEqual(message.subject, "Шақыру: {title} / Приглашение: {title}")
        self.assertEqual(message.body, "Сақтау\n\nСохранить")
        self.assertEqual(message.to, ["a@x.kz", "b@x.kz"])

    def test_no_language_keeps_the_active_one(self) -> None:
        with translation.override("kk"):
            message = localized_message("a@x.kz", None, subject=invitation_subject, body="Body", reply_to=["cc@x.kz"])
        self.assertEqual((message.subject, message.reply_to), ("Шақыру: Job fair", ["cc@x.kz"]))

    def test_body_from_a_template_with_its_context(self) -> None:
        message = localized_message(
            "a@x.kz",
            "en",
            subject="Reminder",
            template="graduates/email/round_reminder.txt",
            context={"user": None, "round": "Round 2", "departments": [], "days": 3, "url": "https://m.example/r/2/"},
            from_email="rounds@kazutb.example",
        )
        self.assertIn("https://m.example/r/2/", message.body)
        self.assertEqual(message.from_email, "rounds@kazutb.example")

    def test_body_or_template(self) -> None:
        with self.assertRaises(ValueError):
            localized_message("a@x.kz", "kk", subject="S")
        with self.assertRaises(ValueError):
            localized_message("a@x.kz", "kk", subject="S", body="B", template="graduates/email/round_reminder.txt")

    def test_recipient_language(self) -> None:
        class Account:
            def __init__(self, language: str) -> None:
                self.language = language

        self.assertEqual(recipient_language(Account("ru")), "ru")
        self.assertEqual(recipient_language(Account(""), "en"), "en")
        self.assertEqual(recipient_language(Account("de"), "en"), "en")
        self.assertEqual(recipient_language(None, "kk"), "kk")
        with override_settings(LANGUAGE_CODE="ru"):
            self.assertEqual(recipient_language(Account("")), "ru")


class SendOnCommitTests(TestCase):
    def test_sent_only_after_commit(self) -> None:
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            message = send_localized("a@x.kz", "ru", subject=invitation_subject, body="B")
        self.assertEqual(len(mail.outbox), 0)  # not yet: the transaction has not committed
        self.assertEqual(len(callbacks), 1)
        callbacks[0]()
        self.assertEqual([m.subject for m in mail.outbox], ["Приглашение: Job fair"])
        self.assertEqual(mail.outbox[0].subject, message.subject)

    def test_a_batch_through_one_connection(self) -> None:
        messages = [localized_message(f"{n}@x.kz", "kk", subject=INVITATION, body="B") for n in range(3)]
        with self.captureOnCommitCallbacks(execute=True):
            send_messages_on_commit(messages)
            self.assertEqual(len(mail.outbox), 0)
        self.assertEqual([m.to for m in mail.outbox], [["0@x.kz"], ["1@x.kz"], ["2@x.kz"]])
        self.assertEqual(send_messages_on_commit([]), [])

    def test_now_when_asked(self) -> None:
        """on_commit=False: the caller must see a failure at once (graduates' reminders undo their rows)."""
        send_localized("a@x.kz", "kk", subject="S", body="B", on_commit=False)
        self.assertEqual(len(mail.outbox), 1)


class SendOutsideTransactionsTests(TransactionTestCase):
    def test_immediately_outside_an_atomic_block(self) -> None:
        send_localized("a@x.kz", "en", subject="Now", body="B")
        self.assertEqual([m.subject for m in mail.outbox], ["Now"])

    def test_nothing_when_the_transaction_rolls_back(self) -> None:
        class Rollback(Exception):
            pass

        try:
            with transaction.atomic():
                send_localized("a@x.kz", "en", subject="Never", body="B")
                raise Rollback
        except Rollback:
            pass
        self.assertEqual(mail.outbox, [])
        with transaction.atomic():
            send_localized("a@x.kz", "en", subject="Committed", body="B")
            self.assertEqual(mail.outbox, [])
        self.assertEqual([m.subject for m in mail.outbox], ["Committed"])

"""#20: the source "official extract" is recorded only by accepting a discrepancy task (services/reconcile.py);
a department never gives it by hand: not in the record and contact forms, the API or the journal import."""

from __future__ import annotations

from django.urls import reverse

from mansap.graduates.choices import Channel, EmploymentStatus
from mansap.graduates.forms.records import ContactAttemptForm, EmploymentRecordForm, JournalStatusForm
from mansap.graduates.models import ContactAttempt, EmploymentRecord
from mansap.graduates.tests.factories import make_graduate
from mansap.graduates.tests.test_api import RECORDS, EmploymentApiTestCase
from mansap.graduates.tests.test_import_employment import HEADER, EmploymentImportTestCase

OFFICIAL = Channel.OFFICIAL_EXTRACT


class FormTests(EmploymentApiTestCase):
    def test_the_forms_do_not_offer_it(self) -> None:
        record = EmploymentRecord(graduate=self.grad_a)
        forms = (
            EmploymentRecordForm(instance=record, user=self.aigerim),
            ContactAttemptForm(instance=ContactAttempt(graduate=self.grad_a), user=self.aigerim),
            JournalStatusForm(user=self.aigerim),
        )
        for form in forms:
            values = [value for value, _label in form.fields["channel"].choices]
            self.assertNotIn(OFFICIAL, values, type(form).__name__)
            self.assertIn(Channel.TELEPHONE, values)

    def test_the_record_page_refuses_it(self) -> None:
        graduate = make_graduate(self.program_a)
        url = reverse("graduates:record_add", args=[graduate.pk])
        response = self.post_as(self.aigerim, url, {
            "status": EmploymentStatus.EMPLOYED_OTHER, "started_on": "2025-09-01", "channel": OFFICIAL,
            "employer_name": "ТОО Самұрық",
        })  # fmt: skip
        self.assertEqual(response.status_code, 200)
        self.assertIn("channel", response.context["form"].errors)
        self.assertFalse(EmploymentRecord.objects.filter(graduate=graduate).exists())

    def test_the_api_refuses_it(self) -> None:
        before = EmploymentRecord.objects.count()
        response = self.api_as(self.aigerim).post(RECORDS, self.payload(channel=OFFICIAL), format="json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.json()), ["channel"])
        self.assertEqual(EmploymentRecord.objects.count(), before)
        contact = {"graduate": self.grad_a.pk, "contacted_on": "2024-08-02", "channel": OFFICIAL, "outcome": "reached"}
        response = self.api_as(self.aigerim).post("/api/v1/contact-attempts/", contact, format="json")
        self.assertEqual((response.status_code, list(response.json())), (400, ["channel"]))


class ImportTests(EmploymentImportTestCase):
    def test_a_file_naming_it_is_a_row_error(self) -> None:
        rows = [HEADER, [self.g1.iin, "employed_other", "ТОО X", "", "", "Астана", "", "01.09.2024", "", OFFICIAL]]
        code, report = self.run_json(rows, "--user", "aigerim")
        self.assertNotEqual(code, 0)
        self.assertEqual(self.issues(report), {(2, "channel", "bad_choice")})
        self.assertFalse(EmploymentRecord.objects.exists())

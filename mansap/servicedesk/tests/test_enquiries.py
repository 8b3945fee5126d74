"""Public enquiries (issue #16, R-161): the public form and its spam guards (honeypot, too fast, too old, 429), the
receipt and the answer e-mailed in the enquiry's language, routing and scope (another unit's enquiry: 404),
forwarding with the clock running, response time in working hours against the target, the monthly figures and
their XLSX, the quality indicator, and bounded queries at 2 and 20 rows."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal
from typing import Any
from unittest import mock

from django.core import mail
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from mansap.common.indicators import Period
from mansap.common.indicators import get as get_indicator
from mansap.common.testing import ScopedCRUDTests
from mansap.core.choices import Role
from mansap.core.tests.test_query_counts import QueryCountTestCase
from mansap.servicedesk.forms.enquiries import form_stamp
from mansap.servicedesk.models import Enquiry, EnquiryStatus
from mansap.servicedesk.reports.enquiries import monthly
from mansap.servicedesk.services import enquiries as services
from mansap.servicedesk.tests.factories import make_enquiry, make_topic

LOCMEM = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "enquiry-tests"},
}


def at(y: int, m: int, d: int, h: int = 12, mi: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, h, mi))


class EnquiryTestCase(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.documents = make_topic(cls.institution, "registrar", position=1)
        cls.careers = make_topic(cls.institution, "career_center", name_kk="Жұмыс", name_ru="Работа",
                                 name_en="Jobs and internships", position=2)  # fmt: skip
        cls.it_dean = make_topic(cls.institution, "dean", faculty=cls.faculty, name_kk="АТ", name_ru="ИТ",
                                 name_en="IT faculty", position=3)  # fmt: skip
        cls.other_dean = cls.member("dean2", Role.DEAN, faculty=cls.other_faculty)

    def setUp(self) -> None:
        translation.activate("en")

    def form_data(self, **extra: Any) -> dict[str, Any]:
        data = {"name": "Аружан Серікова", "email": "aruzhan@example.kz", "phone": "8 701 123 45 67",
                "topic": self.documents.pk, "message": "Когда будет готова справка?", "website": "",
                "stamp": form_stamp(time.time() - 30)}  # fmt: skip
        data.update(extra)
        return data


class PublicFormTests(EnquiryTestCase):
    url = reverse("servicedesk:enquiry_public")

    def test_a_visitor_sends_an_enquiry_in_russian(self) -> None:
        self.client.logout()
        page = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="ru")
        self.assertContains(page, "Справки")  # the topic's Russian name
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, self.form_data(), HTTP_ACCEPT_LANGUAGE="ru")
        self.assertRedirects(response, reverse("servicedesk:enquiry_thanks"), fetch_redirect_response=False)
        enquiry = Enquiry.objects.get()
        self.assertEqual((enquiry.role, enquiry.faculty, enquiry.language), ("registrar", None, "ru"))
        self.assertEqual(enquiry.phone, "+7 701 123 45 67")
        self.assertEqual(enquiry.status, EnquiryStatus.NEW)
        self.assertRegex(enquiry.number, r"^\d{4}-\d{6}$")
        self.assertEqual(len(mail.outbox), 1)
        receipt = mail.outbox[0]
        self.assertEqual(receipt.to, ["aruzhan@example.kz"])
        self.assertEqual(receipt.subject, f"Ваше обращение {enquiry.number} получено")
        self.assertIn("Здравствуйте, Аружан Серікова!", receipt.body)
        thanks = self.client.get(reverse("servicedesk:enquiry_thanks"), HTTP_ACCEPT_LANGUAGE="ru")
        self.assertContains(thanks, enquiry.number)

    def test_errors_are_named_per_field_and_nothing_is_saved(self) -> None:
        response = self.client.post(self.url, self.form_data(email="not-an-email", phone="123", message="", topic=""))
        self.assertEqual(response.status_code, 400)
        form = response.context["form"]
        self.assertEqual(set(form.errors), {"email", "phone", "message", "topic"})
        self.assertIn("123 is not a phone number", form.errors["phone"][0])
        self.assertFalse(Enquiry.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_a_filled_honeypot_looks_like_success_and_saves_nothing(self) -> None:
        response = self.client.post(self.url, self.form_data(website="http://spam.example"))
        self.assertRedirects(response, reverse("servicedesk:enquiry_thanks"), fetch_redirect_response=False)
        self.assertFalse(Enquiry.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_a_form_sent_too_fast_is_refused(self) -> None:
        response = self.client.post(self.url, self.form_data(stamp=form_stamp(time.time() - 1)))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "The form was sent too quickly", status_code=400)
        self.assertContains(response, "Когда будет готова справка?", status_code=400)  # the values stay
        self.assertFalse(Enquiry.objects.exists())

    def test_an_old_or_forged_stamp_shows_the_form_again(self) -> None:
        for stamp in (form_stamp(time.time() - 3 * 3600), "forged", ""):
            response = self.client.post(self.url, self.form_data(stamp=stamp))
            self.assertContains(response, "The form was open for a long time", status_code=400)
            self.assertNotEqual(response.context["form"].data["stamp"], stamp)  # a fresh stamp for the next try
        self.assertFalse(Enquiry.objects.exists())

    @override_settings(CACHES=LOCMEM, MANSAP_ENQUIRY_MAX_PER_HOUR=2, MANSAP_TRUSTED_PROXIES=0)
    def test_the_rate_limit_answers_429_in_the_visitors_language(self) -> None:
        caches["throttle"].clear()
        for _ in range(2):
            self.assertEqual(self.client.post(self.url, self.form_data()).status_code, 302)
        response = self.client.post(self.url, self.form_data(), HTTP_ACCEPT_LANGUAGE="kk")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Сіздің желіңізден өтініштер тым көп", status_code=429)
        self.assertEqual(Enquiry.objects.count(), 2)
        # Another address is not limited.
        response = self.client.post(self.url, self.form_data(), REMOTE_ADDR="10.9.9.9")
        self.assertEqual(response.status_code, 302)

    def test_an_inactive_topic_is_not_offered(self) -> None:
        self.careers.active = False
        self.careers.save()
        self.assertNotContains(self.client.get(self.url), "Jobs and internships")
        response = self.client.post(self.url, self.form_data(topic=self.careers.pk))
        self.assertIn("topic", response.context["form"].errors)

    def test_the_public_menu_links_the_form(self) -> None:
        self.client.logout()
        self.assertContains(self.client.get(reverse("vacancies:board")), f'href="{self.url}"')


class RoutingAndAnswerTests(EnquiryTestCase):
    def test_each_unit_sees_only_its_enquiries(self) -> None:
        documents = make_enquiry(self.documents)
        careers = make_enquiry(self.careers)
        it = make_enquiry(self.it_dean)
        detail = lambda e: reverse("servicedesk:enquiry_detail", args=[e.pk])  # noqa: E731
        for user, d, c, i in (
            (self.registrar, 200, 404, 404),
            (self.cc, 404, 200, 404),
            (self.dean, 404, 404, 200),
            (self.other_dean, 404, 404, 404),
            (self.aigerim, 404, 404, 404),
            (self.rector, 200, 200, 200),  # management reads every enquiry
            (self.admin, 200, 200, 200),
        ):
            self.assert_status(user, detail(documents), d)
            self.assert_status(user, detail(careers), c)
            self.assert_status(user, detail(it), i)
        self.assert_status(self.student_user, detail(documents), 403)
        response = self.get_as(self.cc, reverse("servicedesk:enquiry_list"))
        self.assertEqual([row.record for row in response.context["table"].page.object_list], [careers])

    def test_another_units_staff_cannot_take_answer_or_forward(self) -> None:
        documents = make_enquiry(self.documents)
        for name, data in (("take", {}), ("answer", {"answer": "Готово"}), ("forward", {"unit": "career_center"})):
            response = self.post_as(self.cc, reverse(f"servicedesk:enquiry_{name}", args=[documents.pk]), data)
            self.assertEqual(response.status_code, 404, name)
        # Management reads but does not answer.
        response = self.post_as(
            self.rector, reverse("servicedesk:enquiry_answer", args=[documents.pk]), {"answer": "x"}
        )
        self.assertEqual(response.status_code, 403)
        documents.refresh_from_db()
        self.assertEqual((documents.status, documents.answer), (EnquiryStatus.NEW, ""))

    def test_the_unit_takes_and_answers_and_the_answer_is_emailed_in_the_enquirys_language(self) -> None:
        enquiry = make_enquiry(self.documents, received=at(2026, 2, 20, 17), language="kk", name="Ерлан")
        self.client.force_login(self.registrar)
        self.client.post(reverse("servicedesk:enquiry_take", args=[enquiry.pk]))
        enquiry.refresh_from_db()
        self.assertEqual((enquiry.status, enquiry.taken_by), (EnquiryStatus.IN_PROGRESS, self.registrar))
        with mock.patch("django.utils.timezone.now", return_value=at(2026, 2, 23, 9, 30)):
            with self.captureOnCommitCallbacks(execute=True):
                response = self.client.post(
                    reverse("servicedesk:enquiry_answer", args=[enquiry.pk]), {"answer": "Анықтама дайын."}
                )
        self.assertRedirects(response, enquiry.get_absolute_url(), fetch_redirect_response=False)
        enquiry.refresh_from_db()
        self.assertEqual(enquiry.status, EnquiryStatus.ANSWERED)
        # Friday 17:00–18:00 and Monday 09:00–09:30: 1.5 working hours, within the 2-hour target (due Monday 10:00).
        self.assertEqual(enquiry.due_at, at(2026, 2, 23, 10))
        self.assertEqual(enquiry.response_seconds, 5400)
        self.assertEqual(enquiry.response_hours, Decimal("1.50"))
        self.assertFalse(enquiry.is_overdue())
        self.assertEqual(len(mail.outbox), 1)
        answer = mail.outbox[0]
        self.assertEqual(answer.to, [enquiry.email])
        self.assertEqual(answer.subject, f"{enquiry.number} өтінішіңізге жауап")
        self.assertIn("Сәлеметсіз бе, Ерлан!", answer.body)
        self.assertIn("Анықтама дайын.", answer.body)
        # Answered: no second answer.
        response = self.client.post(reverse("servicedesk:enquiry_answer", args=[enquiry.pk]), {"answer": "Again"})
        self.assertContains(response, "has already been answered", status_code=400)
        self.assertEqual(len(mail.outbox), 1)

    def test_forwarding_moves_the_enquiry_and_keeps_the_clock(self) -> None:
        enquiry = make_enquiry(self.documents, received=at(2026, 2, 20, 17))
        due = enquiry.due_at
        response = self.post_as(self.registrar, reverse("servicedesk:enquiry_forward", args=[enquiry.pk]),
                                {"unit": f"dean:{self.faculty.pk}"})  # fmt: skip
        self.assertRedirects(response, reverse("servicedesk:enquiry_list"), fetch_redirect_response=False)
        enquiry.refresh_from_db()
        self.assertEqual((enquiry.role, enquiry.faculty, enquiry.forward_count), ("dean", self.faculty, 1))
        self.assertEqual((enquiry.received_at, enquiry.due_at), (at(2026, 2, 20, 17), due))
        self.assert_status(self.registrar, enquiry.get_absolute_url(), 404)  # no longer theirs
        self.assert_status(self.dean, enquiry.get_absolute_url(), 200)
        response = self.post_as(self.dean, reverse("servicedesk:enquiry_forward", args=[enquiry.pk]),
                                {"unit": f"dean:{self.faculty.pk}"})  # fmt: skip
        self.assertContains(response, "already with this unit", status_code=400)
        response = self.post_as(
            self.dean, reverse("servicedesk:enquiry_forward", args=[enquiry.pk]), {"unit": "dean:0"}
        )
        self.assertEqual(response.status_code, 400)

    def test_overdue_is_red_and_filtered(self) -> None:
        late = make_enquiry(self.documents, received=at(2026, 2, 20, 17))
        fresh = make_enquiry(self.documents, received=timezone.now())
        fresh.due_at = timezone.now() + dt.timedelta(hours=2)
        fresh.save()
        url = reverse("servicedesk:enquiry_list")
        response = self.get_as(self.registrar, url + "?overdue=yes")
        self.assertEqual([row.record for row in response.context["table"].page.object_list], [late])
        self.assertContains(response, 'class="table-danger')
        response = self.get_as(self.registrar, url + "?overdue=no")
        self.assertEqual([row.record for row in response.context["table"].page.object_list], [fresh])
        response = self.get_as(self.registrar, url + f"?topic={self.documents.pk}&status=new")
        self.assertEqual(response.context["table"].paginator.count, 2)


class FiguresTests(EnquiryTestCase):
    def make_february(self) -> None:
        on_time = make_enquiry(self.documents, received=at(2026, 2, 20, 17))
        late = make_enquiry(self.documents, received=at(2026, 2, 20, 17))
        make_enquiry(self.documents, received=at(2026, 2, 20, 17))  # open, past due
        make_enquiry(self.careers, received=at(2026, 3, 2, 9))  # another unit, March
        for enquiry, answered in ((on_time, at(2026, 2, 23, 9, 30)), (late, at(2026, 2, 23, 11))):
            services.answer_enquiry(enquiry, acting_user=self.registrar, answer="Жауап", now=answered)

    def test_monthly_figures_in_working_hours(self) -> None:
        self.make_february()
        figures = monthly(Enquiry.objects.filter(role="registrar"), 2026, now=at(2026, 12, 1))
        february = figures[1]
        self.assertEqual((february.received, february.answered, february.within, february.decided), (3, 2, 1, 3))
        self.assertEqual(february.median_hours, Decimal("2.25"))  # 1.5 h and 3 h
        self.assertEqual(february.share_within, Decimal("0.3333"))
        self.assertEqual(figures[2].received, 0)  # the March enquiry is the Career Center's
        self.assertEqual(figures[12].received, 3)  # the year

    def test_the_page_and_its_xlsx_read_the_users_units(self) -> None:
        self.make_february()
        url = reverse("servicedesk:enquiry_figures") + "?year=2026"
        self.assert_page_shows(self.registrar, url, "Enquiries: monthly figures 2026", "2.25", "33%")
        rows = self.xlsx_rows(self.get_as(self.registrar, url + "&export=xlsx"))
        self.assertEqual(rows[0][:4], ["Month", "Received", "Answered", "Median response, working hours"])
        self.assertEqual(rows[2][:6], ["February", 3, 2, 2.25, 1, 0.3333])
        cc_rows = self.xlsx_rows(self.get_as(self.cc, url + "&export=xlsx"))
        self.assertEqual(cc_rows[2][1], 0)
        self.assertEqual(cc_rows[3][1], 1)

    def test_the_quality_indicator(self) -> None:
        self.make_february()
        indicator = get_indicator("servicedesk.enquiries_within_target")
        measured = indicator.measure(self.institution, Period.month(2026, 2))
        self.assertEqual((measured.value, measured.numerator, measured.denominator), (Decimal("0.3333"), 1, 3))
        self.assertEqual(len(list(measured.rows)), 3)


class TopicPageTests(EnquiryTestCase):
    def test_the_desk_keeps_the_topics(self) -> None:
        add = reverse("servicedesk:enquirytopic_add")
        self.assert_status(self.cc, add, 403)
        data = {"name_kk": "Қабылдау", "name_ru": "Приём", "name_en": "Admissions", "role": "registrar",
                "target_hours": "2", "position": "4", "active": "on"}  # fmt: skip
        self.post_as(self.registrar, add, data)
        self.assertTrue(self.institution.enquiry_topics.filter(name_en="Admissions").exists())
        response = self.post_as(self.registrar, add, {**data, "name_en": "Dean", "role": "dean"})
        self.assertContains(response, "Choose the faculty whose dean")
        self.assert_page_shows(self.cc, reverse("servicedesk:enquirytopic_list"), "Admissions")


class EnquiryQueryCountTests(QueryCountTestCase):
    def test_the_enquiry_list_and_its_export(self) -> None:
        topic = make_topic(self.institution, "registrar")

        def add(n: int) -> None:
            for _ in range(n):
                make_enquiry(topic, taken_by=self.registrar)

        # session, user, memberships, their institution (the filter), COUNT, the filter's topics, the page
        self.check_bounded(self.registrar, reverse("servicedesk:enquiry_list"), add, pinned=7)
        self.check_bounded(self.registrar, reverse("servicedesk:enquiry_list") + "?export=xlsx", add, pinned=6)

"""The order pages, the student's history and the contingent page: who sees what (other objects answer 404),
the SSC's path from a draft to an order entered in Platonus, the API's scope, and bounded queries at 2 and 20
rows (issue #15)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import translation

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core.tests.test_query_counts import QueryCountTestCase
from mansap.studentbody.models import Order
from mansap.studentbody.tests.factories import draft, signed

D = dt.date


class OrderPageTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mine = make_student(cls.program_a, admission_year=2024, user=cls.student_user)
        cls.other = make_student(cls.program_b, admission_year=2024)
        cls.order_a = signed(cls.mine, "scholarship", D(2026, 9, 1))
        cls.order_b = signed(cls.other, "academic_leave", D(2026, 9, 1), ground="illness")
        cls.a_draft = draft(cls.institution, "expulsion")

    def setUp(self) -> None:
        translation.activate("en")

    def test_who_sees_which_order(self) -> None:
        detail = lambda order: reverse("studentbody:order_detail", args=[order.pk])  # noqa: E731
        for user, a, b, d in (
            (self.registrar, 200, 200, 200),
            (self.rector, 200, 200, 404),  # management reads orders in force, not drafts
            (self.aigerim, 200, 404, 404),  # department A: its own students' orders only
            (self.dana, 404, 200, 404),
            (self.dean, 200, 200, 404),
        ):
            with self.subTest(user.username):
                self.assert_status(user, detail(self.order_a), a)
                self.assert_status(user, detail(self.order_b), b)
                self.assert_status(user, detail(self.a_draft), d)
        self.assert_status(self.student_user, detail(self.order_a), 403)  # staff pages turn students away

    def test_the_list_shows_the_department_its_orders(self) -> None:
        response = self.get_as(self.aigerim, reverse("studentbody:order_list"))
        self.assertEqual([o.pk for o in response.context["table"].data], [self.order_a.pk])
        self.assertIsNone(response.context["add_url"])

    def test_only_the_ssc_acts(self) -> None:
        self.assert_status(self.aigerim, reverse("studentbody:order_sign", args=[self.order_a.pk]), 403, "post")
        self.assert_status(self.dana, reverse("studentbody:order_sign", args=[self.order_a.pk]), 404, "post")
        self.assert_status(self.cc, reverse("studentbody:order_add"), 403)
        self.assert_status(self.aigerim, reverse("studentbody:order_import"), 403)

    def test_the_ssc_drafts_adds_a_student_signs_and_enters(self) -> None:
        self.client.force_login(self.registrar)
        response = self.client.post(reverse("studentbody:order_add"), {
            "number": "77-К", "date": "2026-10-01", "type": "expulsion", "signatory": "Ректор", "note": "",
        })  # fmt: skip
        order = Order.objects.get(number="77-К")  # not "N-С": the factory numbers its orders so
        self.assertRedirects(response, order.get_absolute_url())
        url = reverse("studentbody:order_item_add", args=[order.pk])
        refused = self.client.post(url, {"iin": self.mine.iin, "effective_date": "2026-10-02", "ground": "illness"})
        self.assertEqual(refused.status_code, 400)
        self.assertContains(refused, "Choose the ground of the expulsion", status_code=400)
        self.client.post(url, {"iin": self.mine.iin, "effective_date": "2026-10-02", "ground": "own_wish"})
        self.assertEqual(order.items.count(), 1)
        self.client.post(reverse("studentbody:order_sign", args=[order.pk]))
        self.client.post(reverse("studentbody:order_enter", args=[order.pk]))
        order.refresh_from_db()
        self.mine.refresh_from_db()
        self.assertEqual((order.status, self.mine.status), ("entered", "expelled"))

    def test_a_refused_signature_names_the_student(self) -> None:
        order = draft(self.institution, "leave_return")
        from mansap.studentbody.services import orders

        orders.add_item(order, student=self.other, acting_user=None, effective_date=D(2026, 10, 1))
        signed(self.other, "expulsion", D(2026, 9, 15), ground="own_wish")
        self.client.force_login(self.registrar)
        response = self.client.post(reverse("studentbody:order_sign", args=[order.pk]), follow=True)
        self.assertContains(response, f"{self.other.full_name}: an order of return from academic leave needs")

    def test_a_students_history(self) -> None:
        url = reverse("studentbody:student_history", args=[self.mine.pk])
        response = self.get_as(self.student_user, url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual([i.order_id for i in response.context["items"]], [self.order_a.pk])
        self.assertContains(response, "Scholarship award")
        self.assert_status(self.student_user, reverse("studentbody:student_history", args=[self.other.pk]), 404)
        self.assert_status(self.aigerim, reverse("studentbody:student_history", args=[self.other.pk]), 404)
        self.assertRedirects(self.get_as(self.student_user, reverse("studentbody:my_history")), url)

    def test_a_students_menu_fits_the_bar(self) -> None:
        """Grades, transcript, curriculum, orders and personal file are one "My studies" menu: as eleven links on the
        bar a student's pages were wider than 1366 px."""
        response = self.get_as(self.student_user, reverse("studentbody:my_history"), follow=True)
        items = response.context["nav_items"]
        self.assertEqual(
            [str(entry["label"]) for entry in items],
            ["Home", "My practice", "My studies", "Services", "Surveys", "Vacancies", "Events"],
        )
        studies = next(entry for entry in items if str(entry["label"]) == "My studies")
        self.assertEqual(
            [str(child["label"]) for child in studies["children"]],
            ["My record", "My grades", "My transcript", "My curriculum", "My orders", "My personal file"],
        )
        self.assertEqual(studies["children"][4]["url"], reverse("studentbody:my_history"))

    def test_the_contingent_page_counts_the_users_scope(self) -> None:
        url = reverse("studentbody:contingent") + "?as_of=2026-10-01"
        response = self.get_as(self.registrar, url)
        self.assertEqual((response.context["total"].total, response.context["total"].on_leave), (1, 1))
        response = self.get_as(self.aigerim, url)
        self.assertEqual((response.context["total"].total, response.context["total"].on_leave), (1, 0))
        export = self.get_as(self.registrar, url + "&export=xlsx")
        self.assertEqual(export["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        self.assert_status(self.student_user, url, 403)

    def test_the_api_shows_only_the_items_in_scope(self) -> None:
        api = self.api_as(self.aigerim)
        body = api.get(reverse("order-list")).json()
        self.assertEqual([(o["number"], [i["iin"] for i in o["items"]]) for o in body["results"]],
                         [(self.order_a.number, [self.mine.iin])])  # fmt: skip
        self.assertEqual(api.get(reverse("order-detail", args=[self.order_b.pk])).status_code, 404)
        self.assertEqual(api.post(reverse("order-list"), {}).status_code, 405)


class OrderQueryCountTests(QueryCountTestCase):
    def add_orders(self, n: int) -> None:
        for _ in range(n):
            signed(make_student(self.program_a, admission_year=2024), "scholarship", D(2026, 9, 1))

    def test_the_order_list_its_export_and_the_api(self) -> None:
        # session, user, memberships, COUNT, the page of orders with their item counts (the export: the same)
        self.check_bounded(self.registrar, reverse("studentbody:order_list"), self.add_orders, pinned=5)
        self.check_bounded(self.registrar, reverse("studentbody:order_list") + "?export=xlsx", self.add_orders,
                           pinned=5)  # fmt: skip
        # token with its user, memberships, COUNT, the orders, their items in scope
        self.check_bounded(self.aigerim, reverse("order-list"), self.add_orders, pinned=5, api=True)

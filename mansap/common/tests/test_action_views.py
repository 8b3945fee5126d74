"""ScopedActionView and ScopedServiceFormView through a tiny URLconf over core.Student (urls_kernels.py),
and safe_next against the two `_back` helpers it replaces."""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.test import RequestFactory, SimpleTestCase, override_settings
from django.urls import reverse

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.common.views import safe_next
from mansap.core.models import Student


def templates_with(extra: dict[str, str]) -> list[dict[str, Any]]:
    """The project's template settings plus in-memory templates (the htmx fragments of these tests)."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["APP_DIRS"] = False
    templates[0]["OPTIONS"]["loaders"] = [
        ("django.template.loaders.locmem.Loader", extra),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    return templates


ROW_SOURCE = "<tr>{{ object.last_name }}|{{ result }}|{{ saved|yesno:'saved,' }}|{{ form.errors.group.0 }}</tr>"
ROW = templates_with({"kernels/row.html": ROW_SOURCE})


def texts(response: Any) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


@override_settings(ROOT_URLCONF="mansap.common.tests.urls_kernels")
class KernelViewTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.student = make_student(cls.program_a, last_name="Алтынбекова", first_name="Айгерім", group="IS-21")

    def group(self) -> str:
        return Student.objects.get(pk=self.student.pk).group

    def url(self, name: str) -> str:
        return reverse(name, args=[self.student.pk])


class ScopedActionViewTests(KernelViewTests):
    def test_it_acts_then_says_so_and_redirects_to_the_object(self) -> None:
        response = self.post_as(self.aigerim, self.url("kernels_group"), {"group": "IS-22"})
        self.assertRedirects(response, f"/org/students/{self.student.pk}/", fetch_redirect_response=False)
        self.assertEqual(self.group(), "IS-22")
        self.assertEqual(texts(response), [("success", "Group set for Алтынбекова Айгерім.")])

    def test_scope_404_and_read_only_403(self) -> None:
        self.assert_status(self.dana, self.url("kernels_group"), 404, method="post")  # another department
        self.assert_status(self.bolat, self.url("kernels_group"), 403, method="post")  # read-only
        self.assert_status(self.rector, self.url("kernels_group"), 403, method="post")  # management reads only
        self.assert_status(self.student_user, self.url("kernels_group"), 403, method="post")  # staff only
        self.assertEqual(self.post_as(None, self.url("kernels_group")).status_code, 302)  # to the login page
        self.assertEqual(self.group(), "IS-21")
        for user in (self.cc, self.dean, self.admin):
            self.assert_status(user, self.url("kernels_group"), 302, method="post")

    def test_get_is_not_allowed(self) -> None:
        self.assertEqual(self.get_as(self.aigerim, self.url("kernels_group")).status_code, 405)

    def test_a_service_error_becomes_a_message(self) -> None:
        Student.objects.filter(pk=self.student.pk).update(group="LOCKED")
        response = self.post_as(self.aigerim, self.url("kernels_group"), {"group": "IS-22"})
        self.assertRedirects(response, f"/org/students/{self.student.pk}/", fetch_redirect_response=False)
        self.assertEqual(texts(response), [("error", "The group is locked.")])
        self.assertEqual(self.group(), "LOCKED")

    def test_next_is_followed_on_this_site_only(self) -> None:
        response = self.post_as(self.aigerim, self.url("kernels_group"), {"next": "/employment/rounds/?x=1"})
        self.assertRedirects(response, "/employment/rounds/?x=1", fetch_redirect_response=False)
        response = self.post_as(self.aigerim, self.url("kernels_group"), {"next": "https://evil.example/"})
        self.assertRedirects(response, f"/org/students/{self.student.pk}/", fetch_redirect_response=False)

    def test_view_fetch_lets_the_service_decide(self) -> None:
        """action = VIEW: a read-only user is not stopped by the fetch; the service's PermissionDenied is 403."""
        self.assert_status(self.dana, self.url("kernels_group_view"), 404, method="post")
        self.assert_status(self.bolat, self.url("kernels_group_view"), 403, method="post")
        Student.objects.filter(pk=self.student.pk).update(group="LOCKED")
        response = self.post_as(self.aigerim, self.url("kernels_group_view"))
        self.assertEqual(texts(response), [("warning", "The group is locked.")])  # error_level = WARNING

    @override_settings(TEMPLATES=ROW)
    def test_htmx_gets_the_fragment(self) -> None:
        self.client.force_login(self.aigerim)
        response = self.client.post(self.url("kernels_group_row"), {"group": "IS-23"}, headers={"HX-Request": "true"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content.decode(), "<tr>Алтынбекова|IS-23||</tr>")
        self.assertEqual(texts(response), [])  # nothing left for the next full page
        Student.objects.filter(pk=self.student.pk).update(group="LOCKED")
        response = self.client.post(self.url("kernels_group_row"), {"group": "IS-24"}, headers={"HX-Request": "true"})
        self.assertEqual((response.status_code, response.content.decode()), (400, "The group is locked."))
        # Without htmx the same view redirects.
        response = self.client.post(self.url("kernels_group_row"), {"group": "IS-24"})
        self.assertEqual(response.status_code, 302)


class ScopedServiceFormViewTests(KernelViewTests):
    def test_get_renders_the_form_with_the_object(self) -> None:
        response = self.get_as(self.aigerim, self.url("kernels_group_form"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<h1 class="h3 mb-3">Group of Алтынбекова Айгерім</h1>', html=False)
        self.assertContains(response, 'value="IS-21"')  # the initial value
        self.assertEqual(response.context["cancel_url"], f"/org/students/{self.student.pk}/")
        self.assertEqual(
            response.context["breadcrumbs"],
            [
                ("Students", "/org/students/"),
                ("Алтынбекова Айгерім", f"/org/students/{self.student.pk}/"),
                ("Group of Алтынбекова Айгерім", None),
            ],
        )

    def test_scope_404_and_read_only_403(self) -> None:
        for method in ("get", "post"):
            self.assert_status(self.dana, self.url("kernels_group_form"), 404, method=method)
            self.assert_status(self.bolat, self.url("kernels_group_form"), 403, method=method)
            self.assert_status(self.student_user, self.url("kernels_group_form"), 403, method=method)

    def test_success_calls_the_service_and_redirects(self) -> None:
        response = self.post_as(self.aigerim, self.url("kernels_group_form"), {"group": "IS-22"})
        self.assertRedirects(response, f"/org/students/{self.student.pk}/", fetch_redirect_response=False)
        self.assertEqual(texts(response), [("success", "Saved Алтынбекова Айгерім.")])
        self.assertEqual(self.group(), "IS-22")

    def test_an_invalid_form_is_400_and_the_service_is_not_called(self) -> None:
        response = self.post_as(self.aigerim, self.url("kernels_group_form"), {"group": "TOO-LONG-GROUP"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.context["form"].errors), ["group"])
        self.assertEqual(self.group(), "IS-21")

    def test_service_errors_land_on_the_form_with_400(self) -> None:
        response = self.post_as(self.aigerim, self.url("kernels_group_form"), {"group": "FULL"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.context["form"].errors, {"group": ["This group is full."]})
        self.assertContains(response, "This group is full.", status_code=400)
        response = self.post_as(self.aigerim, self.url("kernels_group_form"), {"group": "CLOSED"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.context["form"].non_field_errors(), ["Enrolment is closed."])
        self.assertEqual(self.group(), "IS-21")
        self.assertEqual(texts(response), [])

    @override_settings(TEMPLATES=ROW)
    def test_htmx_gets_the_fragment_with_errors_as_200(self) -> None:
        self.client.force_login(self.aigerim)
        hx = {"HX-Request": "true"}
        response = self.client.post(self.url("kernels_group_form_row"), {"group": "FULL"}, headers=hx)
        self.assertEqual(
            (response.status_code, response.content.decode()), (200, "<tr>Алтынбекова|||This group is full.</tr>")
        )
        response = self.client.post(self.url("kernels_group_form_row"), {"group": "IS-25"}, headers=hx)
        self.assertEqual((response.status_code, response.content.decode()), (200, "<tr>Алтынбекова|IS-25|saved|</tr>"))
        self.assertEqual(self.group(), "IS-25")
        response = self.client.post(self.url("kernels_group_form_row"), {"group": "FULL"})  # no htmx: the page
        self.assertEqual(response.status_code, 400)


@override_settings(ALLOWED_HOSTS=["mansap.kazutb.kz"])
class SafeNextTests(SimpleTestCase):
    """safe_next against practice/views_assessment.py:88 and practice/views_documents.py:55 `_back`."""

    def request(self, method: str = "post", secure: bool = False, query: str = "", **post: str) -> Any:
        factory = RequestFactory()
        url = "/x/" + (f"?{query}" if query else "")
        if method == "post":
            return factory.post(url, post, secure=secure, HTTP_HOST="mansap.kazutb.kz")
        return factory.get(url, secure=secure, HTTP_HOST="mansap.kazutb.kz")

    def test_paths_and_this_sites_urls(self) -> None:
        cases = [
            ("/practice/5/", "/practice/5/"),
            ("https://mansap.kazutb.kz/practice/5/", "https://mansap.kazutb.kz/practice/5/"),
            ("http://mansap.kazutb.kz/practice/5/", "http://mansap.kazutb.kz/practice/5/"),
            ("https://evil.example/", "/default/"),
            ("//evil.example/", "/default/"),
            ("/\\evil.example/", "/default/"),
            ("javascript:alert(1)", "/default/"),
            ("", "/default/"),
        ]
        for target, expected in cases:
            self.assertEqual(safe_next(self.request(next=target), "/default/"), expected, target)

    def test_https_requests_refuse_http_targets(self) -> None:
        request = self.request(secure=True, next="http://mansap.kazutb.kz/practice/5/")
        self.assertEqual(safe_next(request, "/default/"), "/default/")

    def test_paths_only_is_the_assessment_rule(self) -> None:
        """views_assessment.py `_back` follows only paths (a leading "/"), from POST or the query string."""
        request = self.request(next="https://mansap.kazutb.kz/practice/5/")
        self.assertEqual(safe_next(request, "/default/", paths_only=True), "/default/")
        self.assertEqual(safe_next(self.request(next="/practice/5/"), "/d/", paths_only=True), "/practice/5/")
        self.assertEqual(
            safe_next(self.request("get", query="next=/practice/6/"), "/d/", paths_only=True), "/practice/6/"
        )

    def test_post_only_is_the_documents_rule(self) -> None:
        """views_documents.py `_back` reads only the POSTed next."""
        request = self.request(query="next=/practice/6/")
        self.assertEqual(safe_next(request, "/default/"), "/practice/6/")
        self.assertEqual(safe_next(request, "/default/", post_only=True), "/default/")

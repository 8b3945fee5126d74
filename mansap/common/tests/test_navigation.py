"""The menu bar: {% nav_bar %} renders what base.html's {% for %} loop rendered, the menus' URLs are remembered per
URL resolver, script prefix and language, and a role given or taken shows in the very next page's menu."""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation
from django.utils.translation import gettext_lazy

from mansap import navigation
from mansap.common.navigation import Menus, header, link, menu, menu_url, pk_path
from mansap.core.choices import Access, Role
from mansap.core.tests.factories import DepartmentFactory, InstitutionFactory, MembershipFactory, UserFactory

# base.html's loop before {% nav_bar %} (verbatim): the reference the tag is compared with.
TEMPLATE_LOOP = """
        {% for item in nav_items %}
          {% if item.children %}
            <li class="nav-item dropdown">
              <a class="nav-link dropdown-toggle text-nowrap" href="#" role="button" data-bs-toggle="dropdown" aria-expanded="false"><i class="bi bi-{{ item.icon }} me-1"></i>{{ item.label }}</a>
              <ul class="dropdown-menu{% if forloop.revcounter <= 2 %} dropdown-menu-xl-end{% endif %}{% if item.children|length > 16 %} dropdown-menu-columns{% endif %}">
                {% for child in item.children %}
                  {% if child.header %}<li><hr class="dropdown-divider"></li><li><h6 class="dropdown-header">{{ child.header }}</h6></li>
                  {% else %}<li><a class="dropdown-item" href="{{ child.url }}">{{ child.label }}</a></li>{% endif %}
                {% endfor %}
              </ul>
            </li>
          {% else %}
            <li class="nav-item"><a class="nav-link text-nowrap{% if request.path == item.url %} active{% endif %}" href="{{ item.url }}"><i class="bi bi-{{ item.icon }} me-1"></i>{{ item.label }}</a></li>
          {% endif %}
        {% endfor %}
"""  # noqa: E501
TAG = "{% load mansap %}{% nav_bar nav_items %}"


def normalized(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def rendered(source: str, items: Any, path: str = "/") -> str:
    request = RequestFactory().get(path)
    return Template(source).render(Context({"nav_items": items, "request": request}))


def sample_items() -> list[dict[str, Any]]:
    """Every shape the menus take: dropdowns (one with more than 16 links, headers, markup in labels), plain links
    (one on the page asked for), a lazy label, a missing icon."""
    return [
        link(gettext_lazy("Home"), "home", icon="house"),
        menu("People & <places>", "people", [link("Graduates", "core:graduate_list"), header("A <b> header")]),
        menu("Many", "list", [{"label": f"Link {n}", "url": f"/many/{n}/?a=1&b=2"} for n in range(17)]),
        {"label": "No icon", "url": "/plain/"},
        menu(gettext_lazy("Employment"), "briefcase", [link("Journal", "graduates:journal"), header("")]),
        {"label": "Last \"quoted\" 'link'", "url": "/last/", "icon": "x"},
    ]


class NavBarMarkupTests(SimpleTestCase):
    def test_the_tag_renders_what_the_template_loop_rendered(self) -> None:
        for language in ("kk", "ru", "en"):
            for path in ("/", "/plain/", "/last/", "/elsewhere/"):
                with self.subTest(language=language, path=path), translation.override(language):
                    items = sample_items()
                    expected = normalized(rendered(TEMPLATE_LOOP, items, path))
                    self.assertEqual(normalized(rendered(TAG, items, path)), expected)

    def test_literal_markup_of_a_dropdown_and_a_link(self) -> None:
        items = [menu("A & B", "people", [{"label": "<x>", "url": "/x/?a=1&b=2"}]), {"label": "Y", "url": "/y/"}]
        self.assertEqual(
            rendered(TAG, items, "/y/"),
            '<li class="nav-item dropdown"><a class="nav-link dropdown-toggle text-nowrap" href="#" role="button" '
            'data-bs-toggle="dropdown" aria-expanded="false"><i class="bi bi-people me-1"></i>A &amp; B</a>'
            '<ul class="dropdown-menu dropdown-menu-xl-end"><li><a class="dropdown-item" href="/x/?a=1&amp;b=2">'
            "&lt;x&gt;</a></li></ul></li>"
            '<li class="nav-item"><a class="nav-link text-nowrap active" href="/y/"><i class="bi bi- me-1"></i>'
            "Y</a></li>",
        )

    def test_no_menus(self) -> None:
        self.assertEqual(rendered(TAG, []), "")
        self.assertEqual(rendered(TAG, None), "")


class MenuUrlTests(SimpleTestCase):
    def test_the_path_of_reverse(self) -> None:
        self.assertEqual(menu_url("core:graduate_list"), reverse("core:graduate_list"))
        self.assertEqual(menu_url("home"), "/")

    def test_a_script_prefix_is_part_of_the_path(self) -> None:
        path = reverse("core:graduate_list")
        self.assertEqual(menu_url("core:graduate_list"), path)
        try:
            set_script_prefix("/mansap/")  # a deployment under a prefix (SCRIPT_NAME)
            self.assertEqual(menu_url("core:graduate_list"), "/mansap" + path)
        finally:
            set_script_prefix("/")
        self.assertEqual(menu_url("core:graduate_list"), path)

    def test_the_path_of_a_record_is_the_path_of_reverse(self) -> None:
        for pk in (0, 7, 123456789, 9081726354):
            self.assertEqual(pk_path("core:student_detail", pk), reverse("core:student_detail", args=[pk]))
        self.assertEqual(pk_path("core:student_detail", 42), "/org/students/42/")
        try:
            set_script_prefix("/mansap/")
            self.assertEqual(pk_path("core:student_detail", 42), "/mansap/org/students/42/")
        finally:
            set_script_prefix("/")
        with self.assertRaises(NoReverseMatch):
            pk_path("core:student_detail", "x")  # type: ignore[arg-type]  # not an integer: reverse() decides

    @override_settings(ROOT_URLCONF="mansap.common.tests.test_navigation")  # this module: no URL at all
    def test_another_urlconf_is_another_resolver(self) -> None:
        with self.assertRaises(NoReverseMatch):
            menu_url("home")  # not the path remembered for the project's URLconf


urlpatterns: list[Any] = []


class RoleChangeTests(TestCase):
    """The menus are built from the memberships read once per request: a role given or taken shows at once."""

    def menu_urls(self) -> list[str]:
        response = self.client.get(reverse("home"))
        self.assertEqual(response.status_code, 200)
        return [child.get("url") for entry in response.context["nav_items"] for child in entry.get("children", [])]

    def test_a_role_given_and_taken_shows_in_the_next_page(self) -> None:
        institution = InstitutionFactory()
        user = UserFactory(username="dept-staff")
        department = DepartmentFactory(faculty__institution=institution)
        MembershipFactory(
            user=user, institution=institution, department=department, role=Role.DEPARTMENT, access=Access.VIEW
        )
        self.client.force_login(user)
        extracts = reverse("graduates:extract_list")  # institution-wide offices only
        self.assertNotIn(extracts, self.menu_urls())

        career_center = MembershipFactory(user=user, institution=institution, role=Role.CAREER_CENTER)
        self.assertIn(extracts, self.menu_urls())
        self.assertIn(f'href="{extracts}"', self.client.get(reverse("home")).content.decode())

        career_center.delete()
        self.assertNotIn(extracts, self.menu_urls())
        self.assertNotIn(f'href="{extracts}"', self.client.get(reverse("home")).content.decode())


class RememberedStaffMenusTests(TestCase):
    """A staff member's menus and the bar's markup are remembered per roles, language and script prefix (#19):
    built once, the same page as built afresh, never another role's menus."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.institution = InstitutionFactory()
        cls.department = DepartmentFactory(faculty__institution=cls.institution)
        cls.aigerim = UserFactory(username="aigerim-nav")
        MembershipFactory(
            user=cls.aigerim, institution=cls.institution, department=cls.department, role=Role.DEPARTMENT
        )
        cls.dana = UserFactory(username="dana-nav")  # the same role in the same department
        MembershipFactory(user=cls.dana, institution=cls.institution, department=cls.department, role=Role.DEPARTMENT)
        cls.cc = UserFactory(username="cc-nav")
        MembershipFactory(user=cls.cc, institution=cls.institution, role=Role.CAREER_CENTER)

    def setUp(self) -> None:
        navigation._STAFF_CONTEXTS.clear()

    def page(self, user: Any, language: str, path: str = "/") -> str:
        self.client.force_login(user)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200)
        return re.sub(r'([=:] ?)"[A-Za-z0-9+/=_-]{20,}"', r'\1"…"', response.content.decode())

    def test_built_once_per_roles_and_language(self) -> None:
        with mock.patch.object(navigation, "_staff_context", wraps=navigation._staff_context) as built:
            self.page(self.aigerim, "kk")
            self.page(self.aigerim, "kk", reverse("core:graduate_list"))
            self.page(self.dana, "kk")  # the same memberships' values: the same menus
            self.assertEqual(built.call_count, 1)
            self.page(self.aigerim, "ru")
            self.page(self.cc, "kk")
            self.assertEqual(built.call_count, 3)

    def test_the_page_is_the_one_built_afresh(self) -> None:
        for user in (self.aigerim, self.cc):
            for language in ("kk", "ru", "en"):
                for path in ("/", reverse("core:graduate_list")):
                    with self.subTest(user=user.username, language=language, path=path):
                        self.page(user, language, path)  # remembered
                        remembered = self.page(user, language, path)
                        with mock.patch.object(navigation, "STAFF_MENUS_KEPT", 0):
                            navigation._STAFF_CONTEXTS.clear()
                            fresh = self.page(user, language, path)
                        self.assertEqual(remembered, fresh)

    def test_the_markup_is_kept_per_language(self) -> None:
        menus = navigation.Menus(
            [menu(gettext_lazy("Employment"), "briefcase", [link("Journal", "graduates:journal")])]
        )
        with translation.override("en"):
            english = rendered(TAG, menus)
        with translation.override("ru"):
            russian = rendered(TAG, menus)
        with translation.override("en"):
            self.assertEqual(rendered(TAG, menus), english)
        self.assertIn(">Employment</a>", english)
        self.assertIn(">Трудоустройство</a>", russian)
        self.assertEqual(set(menus.markup), {"en", "ru"})

    def test_a_plain_link_is_marked_on_its_own_page_only(self) -> None:
        menus = Menus([link("Home", "home", icon="house")])
        self.assertIn("nav-link text-nowrap active", rendered(TAG, menus, "/"))
        self.assertNotIn("active", rendered(TAG, menus, "/elsewhere/"))
        self.assertIn("nav-link text-nowrap active", rendered(TAG, menus, "/"))

    def test_a_role_taken_is_another_key(self) -> None:
        self.client.force_login(self.cc)
        extracts = f'href="{reverse("graduates:extract_list")}"'
        self.assertIn(extracts, self.client.get("/").content.decode())
        self.cc.memberships.update(role=Role.DEPARTMENT, department=self.department)  # no signal: a raw change
        self.assertNotIn(extracts, self.client.get("/").content.decode())

"""The session's user and its memberships from the cache (core/backends.py, #19): no query before the view, and
never a stale role: every change to the user or its memberships shows on the very next request."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mansap.common.testing import ScopedCRUDTests, make_student, make_user
from mansap.common.tests import test_navigation as navigation
from mansap.core import backends
from mansap.core.choices import Access, Role
from mansap.core.models import Membership, User
from mansap.core.services import access as services


@override_settings(MANSAP_USER_CACHE=True)
class SessionUserCacheTests(ScopedCRUDTests):
    def setUp(self) -> None:
        super().setUp()
        cache.clear()  # local memory in tests: nothing from another test
        self.student = make_student(self.program_a, first_name="Aruzhan", last_name="Seitova")
        self.student_url = reverse("core:student_detail", args=[self.student.pk])

    def user_queries(self, url: str, method: str = "get") -> list[str]:
        """The queries of one request that read the user or its memberships."""
        with CaptureQueriesContext(connection) as captured:
            getattr(self.client, method)(url)
        return [q["sql"] for q in captured if '"core_user"' in q["sql"] or '"core_membership"' in q["sql"]]

    def test_the_second_request_reads_neither_the_user_nor_its_memberships(self) -> None:
        self.client.force_login(self.aigerim)
        keep_alive = reverse("session_keepalive")
        self.assertEqual(len(self.user_queries(keep_alive, "post")), 2)  # the user, its memberships: now cached
        self.assertEqual(self.user_queries(keep_alive, "post"), [])
        self.assertEqual(self.client.get(self.student_url).status_code, 200)  # the cached roles are the real ones

    def test_without_the_setting_every_request_reads_them(self) -> None:
        self.client.force_login(self.aigerim)
        keep_alive = reverse("session_keepalive")
        with override_settings(MANSAP_USER_CACHE=False):
            for _ in range(2):
                self.assertIn('"core_user"', " ".join(self.user_queries(keep_alive, "post")))

    def test_a_removed_membership_refuses_the_very_next_request(self) -> None:
        self.client.force_login(self.aigerim)
        self.assertEqual(self.client.get(self.student_url).status_code, 200)
        self.assertEqual(self.client.get(self.student_url).status_code, 200)  # from the cache
        services.revoke_membership(Membership.objects.get(user=self.aigerim), acting_user=self.cc)
        self.assertEqual(self.client.get(self.student_url).status_code, 404)

    def test_a_membership_read_only_now_refuses_a_change_on_the_next_request(self) -> None:
        self.client.force_login(self.aigerim)
        edit_url = reverse("core:student_edit", args=[self.student.pk])
        self.assertEqual(self.client.get(edit_url).status_code, 200)
        membership = Membership.objects.get(user=self.aigerim)
        membership.access = Access.VIEW
        membership.save()
        self.assertEqual(self.client.get(edit_url).status_code, 403)
        self.assertEqual(self.client.get(self.student_url).status_code, 200)

    def test_a_membership_moved_to_another_user_leaves_the_first(self) -> None:
        self.client.force_login(self.aigerim)
        self.assertEqual(self.client.get(self.student_url).status_code, 200)
        other = make_user("other")
        membership = Membership.objects.get(user=self.aigerim)
        membership.user = other
        membership.save()
        self.assertEqual(self.client.get(self.student_url).status_code, 404)
        self.client.force_login(other)
        self.assertEqual(self.client.get(self.student_url).status_code, 200)

    def test_memberships_deleted_as_a_queryset_are_forgotten_too(self) -> None:
        self.client.force_login(self.dana)
        self.assertEqual(self.client.get(reverse("core:student_list")).status_code, 200)
        Membership.objects.filter(user=self.dana).delete()  # post_delete for each: a receiver is connected
        response = self.client.get(reverse("core:student_list"))
        self.assertEqual(response.wsgi_request.user.memberships.count(), 0)
        self.assertEqual(backends.cached_user(self.dana.pk)._mansap_memberships, [])  # type: ignore[union-attr]

    def test_a_deactivated_user_is_logged_out_on_the_next_request(self) -> None:
        former = make_user("former")
        membership = services.grant_membership(
            former, role=Role.DEPARTMENT, department=self.dept_a, acting_user=self.cc
        )
        self.client.force_login(former)
        self.assertEqual(self.client.get(self.student_url).status_code, 200)
        services.revoke_membership(membership, acting_user=self.cc)
        services.deactivate_login(User.objects.get(pk=former.pk), acting_user=self.cc)
        response = self.client.get(self.student_url)
        self.assertFalse(response.wsgi_request.user.is_authenticated)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("login")))

    def test_a_changed_password_ends_the_other_sessions_on_the_next_request(self) -> None:
        self.client.force_login(self.aigerim)
        self.assertEqual(self.client.get(self.student_url).status_code, 200)
        user = User.objects.get(pk=self.aigerim.pk)
        user.set_password("a-new-long-password")
        user.save()
        response = self.client.get(self.student_url)
        self.assertFalse(response.wsgi_request.user.is_authenticated)

    def test_superuser_status_taken_away_shows_at_once(self) -> None:
        self.client.force_login(self.admin)
        self.assertEqual(self.client.get(self.student_url).status_code, 200)
        User.objects.filter(pk=self.admin.pk).update(is_superuser=False)  # no signal: the code must say so
        backends.forget_user(self.admin.pk)
        self.assertEqual(self.client.get(self.student_url).status_code, 404)

    def test_a_granted_role_shows_in_the_menu_on_the_next_request(self) -> None:
        user = make_user("newcomer")
        self.client.force_login(user)
        self.assertNotContains(self.client.get(reverse("home")), reverse("core:access_list"))
        services.grant_membership(user, role=Role.CAREER_CENTER, institution=self.institution, acting_user=self.admin)
        self.assertContains(self.client.get(reverse("home")), reverse("core:access_list"))

    def test_the_objects_are_the_requests_own(self) -> None:
        first = backends.cached_user(self.aigerim.pk)
        second = backends.cached_user(self.aigerim.pk)
        assert first is not None and second is not None
        self.assertIsNot(first, second)
        self.assertEqual((second.pk, second.username, second.is_active), (self.aigerim.pk, "aigerim", True))
        memberships = second._mansap_memberships  # type: ignore[attr-defined]
        self.assertEqual([(m.role, m.department_id) for m in memberships], [("department", self.dept_a.pk)])
        self.assertFalse(second._state.adding)
        self.assertIsNone(backends.cached_user(987654))

    def test_an_evicted_version_never_brings_an_old_entry_back(self) -> None:
        backends.cached_user(self.aigerim.pk)
        cache.delete(backends._version_key(self.aigerim.pk))
        Membership.objects.filter(user=self.aigerim).update(access=Access.VIEW)  # no signal, no new version
        user = backends.cached_user(self.aigerim.pk)
        assert user is not None
        self.assertEqual([m.access for m in user._mansap_memberships], [Access.VIEW])  # type: ignore[attr-defined]


@override_settings(MANSAP_USER_CACHE=True)
class CachedRoleChangeTests(navigation.RoleChangeTests):
    """The menu's test of a role given and taken, with the user and its memberships from the cache."""

    def setUp(self) -> None:
        super().setUp()
        cache.clear()

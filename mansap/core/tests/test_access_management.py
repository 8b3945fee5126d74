"""Access management: who may give, change and revoke memberships, and the rules that keep the doors open."""

from __future__ import annotations

import re

from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mansap.common.testing import ScopedCRUDTests, make_student, make_user
from mansap.core.choices import Access, Role
from mansap.core.models import Membership, Student, User
from mansap.core.services import access as services
from mansap.core.services.accounts import set_password_link

LIST = reverse("core:access_list")
GRANT = reverse("core:access_grant")


def grant_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {"who": "existing", "language": "kk", "access": "edit"}
    data.update(changes)
    return data


class PermissionMatrixTests(ScopedCRUDTests):
    def setUp(self) -> None:
        self.newcomer = make_user("newcomer", first_name="Newcomer")
        self.m_dana = Membership.objects.get(user=self.dana)
        self.m_registrar = Membership.objects.get(user=self.registrar)
        self.m_other = Membership.objects.create(
            user=make_user("econ"), institution=self.institution, role=Role.DEPARTMENT, department=self.dept_c
        )

    def test_list_page(self) -> None:
        for user, status in [
            (self.admin, 200),
            (self.cc, 200),
            (self.dean, 200),
            (self.rector, 200),
            (self.aigerim, 403),
            (self.bolat, 403),
            (self.registrar, 403),
            (self.student_user, 403),
        ]:
            self.assert_status(user, LIST, status)
        self.assertEqual(self.get_as(None, LIST).status_code, 302)

    def test_grant_page(self) -> None:
        for user, status in [
            (self.cc, 200),
            (self.dean, 200),
            (self.rector, 403),
            (self.aigerim, 403),
            (self.student_user, 403),
        ]:
            self.assert_status(user, GRANT, status)

    def test_dean_sees_only_department_memberships_of_their_faculty(self) -> None:
        response = self.get_as(self.dean, LIST)
        names = {u.username for u in response.context["table"].data}
        self.assertIn("dana", names)
        self.assertNotIn("econ", names)
        self.assertNotIn("registrar", names)
        self.assert_status(self.dean, reverse("core:access_user", args=[self.registrar.pk]), 404)
        self.assert_status(self.dean, reverse("core:membership_revoke", args=[self.m_registrar.pk]), 404)
        self.assert_status(self.dean, reverse("core:membership_revoke", args=[self.m_other.pk]), 404)
        self.assert_status(self.dean, reverse("core:membership_revoke", args=[self.m_dana.pk]), 200)

    def test_rector_reads_but_cannot_change(self) -> None:
        self.assert_page_shows(self.rector, reverse("core:access_user", args=[self.dana.pk]), "Dana")
        self.assert_status(self.rector, reverse("core:membership_revoke", args=[self.m_dana.pk]), 403)
        response = self.post_as(
            self.rector, reverse("core:membership_access", args=[self.m_dana.pk]), {"access": "view"}
        )
        self.assertEqual(response.status_code, 403)
        self.m_dana.refresh_from_db()
        self.assertEqual(self.m_dana.access, Access.EDIT)

    def test_department_staff_and_students_are_refused(self) -> None:
        for user in (self.aigerim, self.student_user):
            self.assert_status(user, reverse("core:access_user", args=[self.dana.pk]), 403)
            self.assert_status(user, reverse("core:membership_revoke", args=[self.m_dana.pk]), 403, method="post")
        self.assertTrue(Membership.objects.filter(pk=self.m_dana.pk).exists())

    def test_filters_search_and_export(self) -> None:
        response = self.get_as(self.cc, LIST + "?role=department&access=view")
        self.assertEqual({u.username for u in response.context["table"].data}, {"bolat"})
        response = self.get_as(self.cc, LIST + f"?department={self.dept_b.pk}")
        self.assertEqual({u.username for u in response.context["table"].data}, {"dana"})
        response = self.get_as(self.cc, LIST + "?q=aigerim")
        self.assertEqual({u.username for u in response.context["table"].data}, {"aigerim"})
        rows = self.xlsx_rows(self.get_as(self.cc, LIST + "?role=department&export=xlsx"))
        self.assertEqual({row[1] for row in rows[1:]}, {"aigerim", "bolat", "dana", "econ"})
        self.assertTrue(any("IS" in str(cell) for row in rows[1:] for cell in row))


class GrantTests(ScopedCRUDTests):
    def setUp(self) -> None:
        self.newcomer = make_user("newcomer", first_name="Newcomer")

    def test_cc_grants_department_access_and_the_member_sees_that_departments_students(self) -> None:
        own = make_student(self.program_b)
        make_student(self.program_a)
        response = self.post_as(
            self.cc, GRANT, grant_data(user=self.newcomer.pk, role="department", department=self.dept_b.pk)
        )
        self.assertRedirects(response, reverse("core:access_user", args=[self.newcomer.pk]))
        membership = Membership.objects.get(user=self.newcomer)
        self.assertEqual(
            (membership.role, membership.department, membership.institution),
            ("department", self.dept_b, self.institution),
        )
        response = self.get_as(self.newcomer, reverse("core:student_list"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(Student.objects.for_user(User.objects.get(pk=self.newcomer.pk))), [own])
        self.assertEqual(membership.history.first().history_user, self.cc)

    def test_validation_per_role(self) -> None:
        cases = [
            (dict(role="dean"), "faculty"),
            (dict(role="department"), "department"),
            (dict(role="registrar", department=self.dept_a.pk), "department"),
            (dict(role="career_center", faculty=self.faculty.pk), "faculty"),
            (dict(who="existing", role="registrar", user=""), "user"),
        ]
        for changes, field in cases:
            data = grant_data(user=self.newcomer.pk)
            data.update(changes)
            response = self.post_as(self.cc, GRANT, data)
            self.assertEqual(response.status_code, 200, changes)
            self.assertIn(field, response.context["form"].errors, changes)
        self.assertFalse(Membership.objects.filter(user=self.newcomer).exists())

    def test_management_is_read_only(self) -> None:
        self.post_as(self.cc, GRANT, grant_data(user=self.newcomer.pk, role="management", access="edit"))
        self.assertEqual(Membership.objects.get(user=self.newcomer).access, Access.VIEW)

    def test_no_duplicate(self) -> None:
        data = grant_data(user=self.aigerim.pk, role="department", department=self.dept_a.pk)
        response = self.post_as(self.cc, GRANT, data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("role", response.context["form"].errors)
        self.assertEqual(Membership.objects.filter(user=self.aigerim).count(), 1)
        # The same role over another department is a different membership.
        self.post_as(self.cc, GRANT, grant_data(user=self.aigerim.pk, role="department", department=self.dept_b.pk))
        self.assertEqual(Membership.objects.filter(user=self.aigerim).count(), 2)

    def test_dean_choices_and_scope(self) -> None:
        response = self.get_as(self.dean, GRANT)
        form = response.context["form"]
        self.assertEqual([value for value, _ in form.fields["role"].choices], ["department"])
        self.assertNotIn("faculty", form.fields)
        self.assertEqual(set(form.fields["department"].queryset), {self.dept_a, self.dept_b})
        response = self.post_as(self.dean, GRANT, grant_data(user=self.newcomer.pk, role="career_center"))
        self.assertIn("role", response.context["form"].errors)
        response = self.post_as(
            self.dean, GRANT, grant_data(user=self.newcomer.pk, role="department", department=self.dept_c.pk)
        )
        self.assertIn("department", response.context["form"].errors)
        self.assertFalse(Membership.objects.filter(user=self.newcomer).exists())
        self.post_as(self.dean, GRANT, grant_data(user=self.newcomer.pk, role="department", department=self.dept_a.pk))
        self.assertTrue(Membership.objects.filter(user=self.newcomer, department=self.dept_a).exists())

    def test_service_refuses_out_of_scope_grants(self) -> None:
        from django.core.exceptions import PermissionDenied

        with self.assertRaises(PermissionDenied):
            services.grant_membership(
                self.newcomer, acting_user=self.dean, role=Role.DEPARTMENT, department=self.dept_c
            )
        with self.assertRaises(PermissionDenied):
            services.grant_membership(
                self.newcomer, acting_user=self.aigerim, role=Role.DEPARTMENT, department=self.dept_a
            )

    def test_invitation_email_in_chosen_language_with_set_password_link(self) -> None:
        data = grant_data(
            who="invite", last_name="Серікова", first_name="Әсем", email="Asem@Example.kz", language="ru",
            role="department", department=self.dept_a.pk, access="view",
        )  # fmt: skip
        with self.captureOnCommitCallbacks(execute=True):
            response = self.post_as(self.cc, GRANT, data)
        user = User.objects.get(email="asem@example.kz")
        self.assertRedirects(response, reverse("core:access_user", args=[user.pk]))
        self.assertFalse(user.has_usable_password())
        self.assertFalse(user.is_superuser)
        self.assertEqual(user.language, "ru")
        self.assertEqual(Membership.objects.get(user=user).access, Access.VIEW)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["asem@example.kz"])
        self.assertIn("Здравствуйте", message.body)
        link = re.search(r"https?://\S+", message.body).group(0)  # type: ignore[union-attr]
        path = link.split("testserver", 1)[1]
        self.client.logout()
        response = self.client.get(path, follow=True)
        self.assertEqual(response.status_code, 200)
        form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
        response = self.client.post(form_url, {"new_password1": "Zx-7plq-kaz!", "new_password2": "Zx-7plq-kaz!"})
        self.assertEqual(response.status_code, 302)
        user.refresh_from_db()
        self.assertTrue(user.check_password("Zx-7plq-kaz!"))

    def test_invite_refuses_a_known_email_and_rolls_back(self) -> None:
        self.newcomer.email = "new@example.kz"
        self.newcomer.save()
        data = grant_data(who="invite", last_name="A", first_name="B", email="NEW@example.kz", role="registrar")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.post_as(self.cc, GRANT, data)
        self.assertIn("email", response.context["form"].errors)
        self.assertEqual(len(mail.outbox), 0)

    def test_failed_grant_creates_no_user_and_no_email(self) -> None:
        data = grant_data(who="invite", last_name="A", first_name="B", email="b@example.kz", role="dean")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.post_as(self.cc, GRANT, data)
        self.assertIn("faculty", response.context["form"].errors)
        self.assertFalse(User.objects.filter(email="b@example.kz").exists())
        self.assertEqual(len(mail.outbox), 0)


class ChangeAndRevokeTests(ScopedCRUDTests):
    def test_change_access_and_history(self) -> None:
        m = Membership.objects.get(user=self.dana)
        self.post_as(self.dean, reverse("core:membership_access", args=[m.pk]), {"access": "view"})
        m.refresh_from_db()
        self.assertEqual(m.access, Access.VIEW)
        latest = m.history.first()
        self.assertEqual((latest.history_user, latest.access), (self.dean, "view"))
        self.assert_page_shows(self.cc, reverse("core:access_user", args=[self.dana.pk]), "Dean")

    def test_revoke_keeps_history_and_then_deactivate(self) -> None:
        m = Membership.objects.get(user=self.dana)
        self.assert_page_shows(self.cc, reverse("core:membership_revoke", args=[m.pk]), "Dana")
        response = self.post_as(self.cc, reverse("core:membership_revoke", args=[m.pk]))
        self.assertRedirects(response, reverse("core:access_user", args=[self.dana.pk]))
        self.assertFalse(Membership.objects.filter(pk=m.pk).exists())
        self.assertEqual(Membership.history.filter(id=m.pk, history_type="-").get().history_user, self.cc)
        page = self.assert_page_shows(self.cc, reverse("core:access_user", args=[self.dana.pk]), "Deactivate")
        self.assertTrue(page.context["can_deactivate"])
        self.post_as(self.cc, reverse("core:access_deactivate", args=[self.dana.pk]))
        self.dana.refresh_from_db()
        self.assertFalse(self.dana.is_active)

    def test_deactivate_refused_while_memberships_remain(self) -> None:
        self.post_as(self.cc, reverse("core:access_deactivate", args=[self.aigerim.pk]))
        self.aigerim.refresh_from_db()
        self.assertTrue(self.aigerim.is_active)

    def test_no_self_lock_out(self) -> None:
        m = Membership.objects.get(user=self.dean)
        # A dean does not manage their own dean membership at all (404 to them).
        self.assert_status(self.dean, reverse("core:membership_revoke", args=[m.pk]), 404)
        second_cc = make_user("cc2")
        Membership.objects.create(user=second_cc, institution=self.institution, role=Role.CAREER_CENTER)
        own = Membership.objects.get(user=self.cc)
        response = self.post_as(self.cc, reverse("core:membership_revoke", args=[own.pk]), {})
        self.assertTrue(Membership.objects.filter(pk=own.pk).exists())
        self.assertContains(self.client.get(response.url), "lock yourself out")
        self.post_as(self.cc, reverse("core:membership_access", args=[own.pk]), {"access": "view"})
        own.refresh_from_db()
        self.assertEqual(own.access, Access.EDIT)
        # With a second editing membership, the first may go.
        Membership.objects.create(user=self.cc, institution=self.institution, role=Role.REGISTRAR)
        self.post_as(self.cc, reverse("core:membership_access", args=[own.pk]), {"access": "view"})
        own.refresh_from_db()
        self.assertEqual(own.access, Access.VIEW)

    def test_last_career_center_editor_stays(self) -> None:
        own = Membership.objects.get(user=self.cc)
        response = self.post_as(self.admin, reverse("core:membership_revoke", args=[own.pk]))
        self.assertTrue(Membership.objects.filter(pk=own.pk).exists())
        self.assertContains(self.client.get(response.url), "last Career Center member")
        self.post_as(self.admin, reverse("core:membership_access", args=[own.pk]), {"access": "view"})
        own.refresh_from_db()
        self.assertEqual(own.access, Access.EDIT)
        Membership.objects.create(user=make_user("cc2"), institution=self.institution, role=Role.CAREER_CENTER)
        self.post_as(self.admin, reverse("core:membership_revoke", args=[own.pk]))
        self.assertFalse(Membership.objects.filter(pk=own.pk).exists())

    def test_management_cannot_be_given_edit(self) -> None:
        m = Membership.objects.get(user=self.rector)
        self.post_as(self.cc, reverse("core:membership_access", args=[m.pk]), {"access": "edit"})
        m.refresh_from_db()
        self.assertEqual(m.access, Access.VIEW)

    def test_superuser_flag_never_set(self) -> None:
        self.post_as(self.cc, GRANT, grant_data(user=self.student_user.pk, role="registrar", is_superuser="on"))
        self.assertFalse(User.objects.filter(is_superuser=True).exclude(pk=self.admin.pk).exists())


class GrantAccessServiceTests(ScopedCRUDTests):
    """grant_access: the access page's transaction (an invitation and a membership, both or neither) as a service."""

    def invitation(self, email: str = "asem@example.kz") -> services.Invitation:
        return services.Invitation(email=email, first_name="Әсем", last_name="Серікова", language="kk")

    def test_an_existing_user_gets_the_membership(self) -> None:
        newcomer = make_user("newcomer")
        membership = services.grant_access(
            newcomer, role=Role.DEPARTMENT, department=self.dept_b, access=Access.VIEW, acting_user=self.cc
        )
        self.assertEqual(
            (membership.user, membership.role, membership.department, membership.institution, membership.access),
            (newcomer, Role.DEPARTMENT, self.dept_b, self.institution, Access.VIEW),
        )
        self.assertEqual(membership.history.get().history_user, self.cc)
        self.assertEqual(len(mail.outbox), 0)

    def test_an_invitation_creates_the_login_and_mails_it_after_the_commit(self) -> None:
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            membership = services.grant_access(
                None, invite=self.invitation(), role=Role.REGISTRAR, institution=self.institution, acting_user=self.cc
            )
            self.assertEqual(len(mail.outbox), 0)  # nothing leaves before the commit
        self.assertEqual(len(callbacks), 1)
        callbacks[0]()
        user = membership.user
        self.assertEqual((user.email, user.language, user.has_usable_password()), ("asem@example.kz", "kk", False))
        self.assertEqual(mail.outbox[0].to, ["asem@example.kz"])
        self.assertIn("Сәлеметсіз бе", mail.outbox[0].body)  # the invitation's language, not the inviter's

    def test_a_refused_membership_undoes_the_invitation(self) -> None:
        with self.captureOnCommitCallbacks(execute=True), self.assertRaises(ValidationError) as caught:
            services.grant_access(None, invite=self.invitation(), role=Role.DEAN, acting_user=self.cc)  # no faculty
        self.assertIn("faculty", caught.exception.message_dict)
        self.assertFalse(User.objects.filter(email="asem@example.kz").exists())
        self.assertEqual(len(mail.outbox), 0)

    def test_out_of_scope_is_refused_before_anything_is_written(self) -> None:
        with self.captureOnCommitCallbacks(execute=True), self.assertRaises(PermissionDenied):
            services.grant_access(
                None, invite=self.invitation(), role=Role.DEPARTMENT, department=self.dept_c, acting_user=self.dean
            )
        self.assertFalse(User.objects.filter(email="asem@example.kz").exists())
        self.assertEqual(len(mail.outbox), 0)
        with self.assertRaises(PermissionDenied):  # department staff manage no access at all
            services.grant_access(None, invite=self.invitation(), role=Role.DEPARTMENT, acting_user=self.aigerim)

    def test_exactly_one_of_user_and_invitation(self) -> None:
        with self.assertRaises(ValueError):
            services.grant_access(None, role=Role.REGISTRAR, acting_user=self.cc)
        with self.assertRaises(ValueError):
            services.grant_access(self.dana, invite=self.invitation(), role=Role.REGISTRAR, acting_user=self.cc)

    def test_set_password_link_without_a_request_uses_the_site_address(self) -> None:
        with override_settings(MANSAP_BASE_URL="https://mansap.example.kz/"):
            link = set_password_link(None, self.dana)
        self.assertRegex(link, r"^https://mansap\.example\.kz/accounts/reset/[^/]+/[^/]+/$")


class DeactivateLoginTests(ScopedCRUDTests):
    """can_deactivate_login is deactivate_login's own rule: the page's button shows exactly when the POST works."""

    def former_member(self, username: str, **fields: object) -> User:
        """A login whose only membership the Career Center revoked (so the access pages still list it)."""
        user = make_user(username, **fields)
        membership = services.grant_membership(user, role=Role.DEPARTMENT, department=self.dept_a, acting_user=self.cc)
        services.revoke_membership(membership, acting_user=self.cc)
        return user

    def deactivate(self, acting: User, person: User) -> tuple[bool, list[str]]:
        response = self.post_as(acting, reverse("core:access_deactivate", args=[person.pk]))
        person.refresh_from_db()
        return person.is_active, [str(m) for m in get_messages(response.wsgi_request)]

    def test_the_rule_and_the_service_agree(self) -> None:
        former = self.former_member("former")
        cases = [
            (self.cc, former, True),
            (self.admin, former, True),
            (self.cc, self.aigerim, False),  # memberships left
            (self.cc, self.cc, False),  # oneself
            (self.rector, former, False),  # reads the access pages, manages nothing
            (self.aigerim, former, False),
        ]
        for acting, person, allowed in cases:
            with self.subTest(acting=acting.username, person=person.username):
                fresh = User.objects.get(pk=person.pk)
                self.assertIs(services.can_deactivate_login(fresh, acting_user=acting), allowed)
                try:
                    with self.captureOnCommitCallbacks(execute=True):
                        services.deactivate_login(fresh, acting_user=acting)
                except (PermissionDenied, ValidationError):
                    done = False
                else:
                    done = True
                    User.objects.filter(pk=person.pk).update(is_active=True)
                self.assertIs(done, allowed)

    def test_a_students_login_shows_no_button_and_the_post_is_refused(self) -> None:
        """The one case where the page and the service disagreed: the button showed for a student's login with
        a revoked membership, and the POST then refused. The service's rule now decides both."""
        student_login = self.former_member("student-login")
        make_student(self.program_a, user=student_login)
        url = reverse("core:access_user", args=[student_login.pk])
        page = self.assert_page_hides(self.cc, url, "Deactivate the login")
        self.assertIs(page.context["can_deactivate"], False)
        active, shown = self.deactivate(self.cc, student_login)
        self.assertIs(active, True)
        self.assertEqual(shown, ["This is a student's login; it is not managed here."])

    def test_the_button_for_a_former_member_and_not_once_deactivated(self) -> None:
        former = self.former_member("former")
        url = reverse("core:access_user", args=[former.pk])
        self.assertIs(self.assert_page_shows(self.cc, url, "Deactivate the login").context["can_deactivate"], True)
        active, shown = self.deactivate(self.cc, former)
        self.assertIs(active, False)
        self.assertEqual(shown, [f"The login of {former.display_name} was deactivated."])
        self.assertIs(self.assert_page_hides(self.cc, url, "Deactivate the login").context["can_deactivate"], False)


class AccessQueryCountTests(ScopedCRUDTests):
    def add(self, n: int) -> None:
        for i in range(n):
            user = make_user(f"qc{User.objects.count()}-{i}")
            Membership.objects.create(
                user=user, institution=self.institution, role=Role.DEPARTMENT, department=self.dept_a
            )
            Membership.objects.create(
                user=user, institution=self.institution, role=Role.DEPARTMENT, department=self.dept_b
            )

    def count(self, url: str) -> int:
        self.client.force_login(self.cc)
        self.client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(ctx)

    def test_list_and_export_are_bounded(self) -> None:
        for url in (LIST, LIST + "?export=xlsx", LIST + "?role=department"):
            few = self.count(url)
            self.add(18)
            self.assertEqual(self.count(url), few, url)

    def test_user_page_is_bounded(self) -> None:
        url = reverse("core:access_user", args=[self.aigerim.pk])
        few = self.count(url)
        for dept in (self.dept_b, self.dept_c):
            Membership.objects.create(
                user=self.aigerim, institution=self.institution, role=Role.DEPARTMENT, department=dept
            )
        self.assertEqual(self.count(url), few)


class MembershipApiTests(ScopedCRUDTests):
    URL = "/api/v1/memberships/"

    def test_who_may_read(self) -> None:
        # The same people as the access pages: the registrar has no access screen, a dean sees their faculty.
        cases = [(self.cc, 200), (self.rector, 200), (self.registrar, 403), (self.admin, 200), (self.dean, 200)]
        cases += [(self.aigerim, 403), (self.student_user, 403), (None, 403)]
        for user, status in cases:
            response = self.api_as(user).get(self.URL)
            self.assertIn(response.status_code, {status, 401} if user is None else {status}, user)
        rows = self.api_as(self.rector).get(self.URL + "?role=department").json()
        results = rows["results"] if isinstance(rows, dict) else rows
        self.assertEqual({r["username"] for r in results}, {"aigerim", "bolat", "dana"})
        rows = self.api_as(self.dean).get(self.URL).json()
        results = rows["results"] if isinstance(rows, dict) else rows
        expected = set(
            Membership.objects.filter(
                role=Role.DEPARTMENT, department__faculty=self.dean_membership_faculty()
            ).values_list("user__username", flat=True)
        )
        self.assertEqual({r["username"] for r in results}, expected)

    def dean_membership_faculty(self) -> object:
        return Membership.objects.get(user=self.dean, role=Role.DEAN).faculty

    def test_read_only(self) -> None:
        m = Membership.objects.get(user=self.dana)
        self.assertEqual(self.api_as(self.cc).delete(f"{self.URL}{m.pk}/").status_code, 405)
        self.assertEqual(self.api_as(self.cc).post(self.URL, {"user": self.dana.pk}).status_code, 405)

    def test_bounded_queries(self) -> None:
        client = self.api_as(self.cc)

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(client.get(self.URL).status_code, 200)
            return len(ctx)

        count()  # the user's memberships are read once per user object
        few = count()
        for i in range(18):
            Membership.objects.create(
                user=make_user(f"api{i}"), institution=self.institution, role=Role.DEPARTMENT, department=self.dept_a
            )
        self.assertEqual(count(), few)

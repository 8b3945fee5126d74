"""Vacancies (R-053…R-057): workflow, employer-contact isolation, the public board, applications, shortlists."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from unittest import mock

from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import ScopedCRUDTests, make_student, make_user
from mansap.core.models import Department, EducationalProgram, Faculty, Institution
from mansap.core.tests.test_query_counts import QueryCountTestCase
from mansap.employers.choices import VacancyStatus
from mansap.employers.models import Application, EmployerContact, StudentProfile, Vacancy
from mansap.employers.services import vacancies as services
from mansap.employers.tests.factories import make_org

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def pdf_file(name: str = "cv.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_vacancy(organization: Any, status: str = VacancyStatus.DRAFT, **fields: Any) -> Vacancy:
    today = timezone.localdate()
    defaults: dict[str, Any] = {"title": "Junior developer", "description": "Python, Django"}
    if status == VacancyStatus.APPROVED:
        defaults.update(published_on=today, expires_on=today + dt.timedelta(days=60))
    defaults.update(fields)
    return Vacancy.objects.create(
        institution=organization.institution, organization=organization, status=status, **defaults
    )


class VacancyTestCase(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.org1 = make_org(cls.institution, name_en="Kaspi", name_ru="Каспи", name_kk="Каспи")
        cls.org2 = make_org(cls.institution, name_en="Halyk", name_ru="Халык", name_kk="Халық")
        cls.contact1 = make_user("hr1@kaspi.kz", email="hr1@kaspi.kz")
        EmployerContact.objects.create(user=cls.contact1, organization=cls.org1, invited_by=cls.cc)
        cls.contact2 = make_user("hr2@halyk.kz", email="hr2@halyk.kz")
        EmployerContact.objects.create(user=cls.contact2, organization=cls.org2, invited_by=cls.cc)
        cls.student = make_student(cls.program_a, user=cls.student_user, email="s@example.kz", phone="+7 701 000 00 01")


class VacancyWorkflowTests(VacancyTestCase):
    def test_draft_submitted_approved_public_expired(self) -> None:
        self.client.force_login(self.contact1)
        response = self.client.post(
            reverse("employers:vacancy_add"),
            {"kind": "internship", "title": "Summer intern", "description": "Learn", "employment_type": "full_time",
             "programs": [self.program_a.pk], "salary_from": "200000", "salary_to": "300000"},
        )  # fmt: skip
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", {}) and response.context["form"].errors
        )
        vacancy = Vacancy.objects.get(title="Summer intern")
        self.assertEqual(
            (vacancy.organization, vacancy.status, vacancy.created_by), (self.org1, "draft", self.contact1)
        )
        self.assertFalse(vacancy.is_public())

        self.assert_status(self.contact1, reverse("employers:vacancy_submit", args=[vacancy.pk]), 302, "post")
        vacancy.refresh_from_db()
        self.assertEqual(vacancy.status, VacancyStatus.SUBMITTED)
        # Submitted: the employer may no longer edit it, and cannot approve it.
        self.assert_status(self.contact1, reverse("employers:vacancy_edit", args=[vacancy.pk]), 403)
        with self.assertRaises(PermissionDenied):
            services.approve_vacancy(vacancy, acting_user=self.contact1)
        # Staff list shows the waiting count.
        response = self.get_as(self.cc, reverse("employers:vacancy_list"))
        self.assertEqual(response.context["waiting_count"], 1)

        today = timezone.localdate()
        self.assert_status(self.cc, reverse("employers:vacancy_approve", args=[vacancy.pk]), 302, "post")
        vacancy.refresh_from_db()
        self.assertEqual(vacancy.status, VacancyStatus.APPROVED)
        self.assertEqual(vacancy.published_on, today)
        self.assertEqual(vacancy.expires_on, today + dt.timedelta(days=60))
        self.assertEqual(vacancy.approved_by, self.cc)
        self.assertTrue(vacancy.is_public(today))
        self.assertTrue(vacancy.is_public(vacancy.expires_on))
        self.assertFalse(vacancy.is_public(vacancy.expires_on + dt.timedelta(days=1)))
        public = Vacancy.objects.public
        self.assertIn(vacancy, Vacancy.objects.public(vacancy.expires_on))
        self.assertNotIn(vacancy, public(vacancy.expires_on + dt.timedelta(days=1)))
        self.assert_page_shows(None, reverse("vacancies:board"), "Summer intern")
        self.assert_status(None, reverse("vacancies:detail", args=[vacancy.pk]), 200)
        # The CC may still edit an approved vacancy.
        self.assert_status(self.cc, reverse("employers:vacancy_edit", args=[vacancy.pk]), 200)

    def test_vacancy_days_setting(self) -> None:
        vacancy = make_vacancy(self.org1, VacancyStatus.SUBMITTED)
        with self.settings(MANSAP_VACANCY_DAYS=10):
            services.approve_vacancy(vacancy, acting_user=self.cc, today=dt.date(2026, 1, 1))
        self.assertEqual(vacancy.expires_on, dt.date(2026, 1, 11))

    def test_expired_vacancy_leaves_the_board(self) -> None:
        today = timezone.localdate()
        vacancy = make_vacancy(
            self.org1, VacancyStatus.APPROVED, title="Old one",
            published_on=today - dt.timedelta(days=61), expires_on=today - dt.timedelta(days=1),
        )  # fmt: skip
        self.assertTrue(vacancy.expired)
        self.assert_page_hides(None, reverse("vacancies:board"), "Old one")
        self.assert_status(None, reverse("vacancies:detail", args=[vacancy.pk]), 404)
        response = self.get_as(self.cc, reverse("employers:vacancy_detail", args=[vacancy.pk]))
        self.assertContains(response, "Expired")

    def test_rejected_is_hidden_and_editable_again(self) -> None:
        vacancy = make_vacancy(self.org1, VacancyStatus.SUBMITTED, title="Rejected one")
        self.post_as(self.cc, reverse("employers:vacancy_reject", args=[vacancy.pk]), {"reason": ""})
        vacancy.refresh_from_db()
        self.assertEqual(vacancy.status, VacancyStatus.SUBMITTED)  # a reason is required
        self.post_as(self.cc, reverse("employers:vacancy_reject", args=[vacancy.pk]), {"reason": "No salary"})
        vacancy.refresh_from_db()
        self.assertEqual((vacancy.status, vacancy.rejection_reason), (VacancyStatus.REJECTED, "No salary"))
        self.assert_page_hides(None, reverse("vacancies:board"), "Rejected one")
        self.assert_status(None, reverse("vacancies:detail", args=[vacancy.pk]), 404)
        self.assert_status(self.contact1, reverse("employers:vacancy_edit", args=[vacancy.pk]), 200)
        self.assert_page_shows(self.contact1, reverse("employers:vacancy_detail", args=[vacancy.pk]), "No salary")

    def test_salary_range(self) -> None:
        self.client.force_login(self.cc)
        response = self.client.post(
            reverse("employers:vacancy_add"),
            {"organization": self.org1.pk, "kind": "job", "title": "X", "description": "Y",
             "employment_type": "remote", "salary_from": "500", "salary_to": "100"},
        )  # fmt: skip
        self.assertEqual(response.status_code, 200)
        self.assertIn("salary_to", response.context["form"].errors)

    def test_api_workflow(self) -> None:
        api = self.api_as(self.contact1)
        data = {"kind": "job", "title": "API job", "description": "D", "employment_type": "shift"}
        # Another organization cannot be named (it is not among the contact's choices).
        response = api.post("/api/v1/vacancies/", {**data, "organization": self.org2.pk}, format="json")
        self.assertEqual(response.status_code, 400)
        response = api.post("/api/v1/vacancies/", data, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        vacancy = Vacancy.objects.get(title="API job")
        self.assertEqual(vacancy.organization, self.org1)  # always the contact's own organization
        self.assertEqual(api.post(f"/api/v1/vacancies/{vacancy.pk}/submit/").json()["status"], "submitted")
        self.assertEqual(api.post(f"/api/v1/vacancies/{vacancy.pk}/approve/").status_code, 403)
        self.assertEqual(api.patch(f"/api/v1/vacancies/{vacancy.pk}/", {"title": "Z"}, format="json").status_code, 403)
        cc = self.api_as(self.cc)
        self.assertEqual(cc.post(f"/api/v1/vacancies/{vacancy.pk}/reject/", {"reason": ""}).status_code, 400)
        response = cc.post(f"/api/v1/vacancies/{vacancy.pk}/approve/")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "approved")
        self.assertEqual(response.json()["expires_on"], (timezone.localdate() + dt.timedelta(days=60)).isoformat())


class EmployerIsolationTests(VacancyTestCase):
    def test_other_organization_is_404(self) -> None:
        mine = make_vacancy(self.org1, VacancyStatus.APPROVED, title="Kaspi vacancy")
        theirs = make_vacancy(self.org2, VacancyStatus.DRAFT, title="Halyk vacancy")
        application = Application.objects.create(vacancy=mine, student=self.student, cv=pdf_file())
        self.assert_page_shows(self.contact1, reverse("employers:vacancy_list"), "Kaspi vacancy")
        self.assert_page_hides(self.contact1, reverse("employers:vacancy_list"), "Halyk vacancy")
        self.assert_status(self.contact1, reverse("employers:vacancy_detail", args=[theirs.pk]), 404)
        self.assert_status(self.contact1, reverse("employers:vacancy_edit", args=[theirs.pk]), 404)
        self.assert_status(self.contact1, reverse("employers:vacancy_submit", args=[theirs.pk]), 404, "post")
        self.assert_page_shows(
            self.contact1, reverse("employers:vacancy_detail", args=[mine.pk]), self.student.full_name
        )
        self.assert_status(self.contact1, reverse("employers:application_cv", args=[application.pk]), 200)
        # The other organization's contact sees neither the vacancy nor its applications.
        self.assert_status(self.contact2, reverse("employers:vacancy_detail", args=[mine.pk]), 404)
        self.assert_status(self.contact2, reverse("employers:application_cv", args=[application.pk]), 404)
        api = self.api_as(self.contact2)
        self.assertEqual([v["title"] for v in api.get("/api/v1/vacancies/").json()["results"]], ["Halyk vacancy"])
        self.assertEqual(api.get(f"/api/v1/vacancies/{mine.pk}/").status_code, 404)
        self.assertEqual(api.get("/api/v1/applications/").json()["results"], [])
        self.assertEqual(api.get(f"/api/v1/applications/{application.pk}/").status_code, 404)
        self.assertEqual(len(self.api_as(self.contact1).get("/api/v1/applications/").json()["results"]), 1)

    def test_staff_pages_are_403(self) -> None:
        for name in ("employers:organization_list", "core:student_list", "employers:partners_dashboard",
                     "employers:contact_invite"):  # fmt: skip
            self.assert_status(self.contact1, reverse(name), 403)
        self.assert_status(self.contact1, reverse("employers:organization_detail", args=[self.org1.pk]), 403)
        # The staff API answers nothing: the organization registry is not theirs to read.
        self.assertEqual(self.api_as(self.contact1).get("/api/v1/organizations/").json()["results"], [])
        self.assertEqual(self.api_as(self.contact1).get("/api/v1/students/").json()["results"], [])
        # Students are turned away from the vacancy pages, too.
        self.assert_status(self.student_user, reverse("employers:vacancy_list"), 403)

    def test_menu(self) -> None:
        response = self.get_as(self.contact1, reverse("home"))
        self.assertContains(response, "My vacancies")
        self.assertContains(response, 'id="employer-home"')
        self.assertContains(response, str(self.org1))
        self.assertNotContains(response, reverse("employers:organization_list"))
        self.assertContains(self.get_as(None, reverse("login")), reverse("vacancies:board"))
        self.assertContains(self.get_as(self.cc, reverse("home")), reverse("employers:vacancy_list"))


class InviteTests(VacancyTestCase):
    def test_invite_sends_set_password_link(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):  # the e-mail leaves once the login is committed
            response = self.post_as(
                self.cc,
                reverse("employers:contact_invite"),
                {"organization": self.org2.pk, "email": "New.HR@Halyk.kz", "last_name": "Ахметова",
                 "first_name": "Дана", "position": "HR"},
            )  # fmt: skip
        self.assertEqual(response.status_code, 302)
        contact = EmployerContact.objects.get(user__email="new.hr@halyk.kz")
        self.assertEqual((contact.organization, contact.invited_by), (self.org2, self.cc))
        self.assertFalse(contact.user.has_usable_password())
        self.assertFalse(contact.user.memberships.exists())
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["new.hr@halyk.kz"])
        link = re.search(r"https?://\S+/accounts/reset/\S+/", mail.outbox[0].body)
        assert link is not None
        self.assertIn(default_token_generator.make_token(contact.user), link.group(0))
        self.client.logout()
        response = self.client.get(link.group(0), follow=True)
        self.assertContains(response, "new_password1")
        # A second invitation with the same e-mail is refused on the form.
        response = self.post_as(
            self.cc, reverse("employers:contact_invite"),
            {"organization": self.org2.pk, "email": "new.hr@halyk.kz", "last_name": "A", "first_name": "B"},
        )  # fmt: skip
        self.assertEqual(response.status_code, 200)
        self.assertIn("email", response.context["form"].errors)

    def test_only_career_center_invites(self) -> None:
        self.assert_status(self.aigerim, reverse("employers:contact_invite"), 403)
        self.assert_status(self.cc, reverse("employers:contact_invite"), 200)


class BoardTests(VacancyTestCase):
    def test_only_approved_unexpired_of_the_institution(self) -> None:
        other = Institution.objects.create(code="OTHER", short_name="O", name_kk="O", name_ru="O", name_en="O")
        visible = make_vacancy(self.org1, VacancyStatus.APPROVED, title="Visible job")
        visible.programs.set([self.program_a])
        make_vacancy(self.org1, VacancyStatus.DRAFT, title="Draft job")
        make_vacancy(self.org1, VacancyStatus.SUBMITTED, title="Submitted job")
        make_vacancy(self.org1, VacancyStatus.REJECTED, title="Rejected job")
        foreign = make_vacancy(make_org(other), VacancyStatus.APPROVED, title="Foreign job")
        hidden = ["Draft job", "Submitted job", "Rejected job", "Foreign job"]
        self.assert_page_shows(None, reverse("vacancies:board"), "Visible job")
        self.assert_page_hides(None, reverse("vacancies:board"), *hidden)
        self.assert_status(None, reverse("vacancies:detail", args=[foreign.pk]), 404)
        # Search and filters.
        self.assert_page_shows(None, reverse("vacancies:board") + "?q=kaspi", "Visible job")
        self.assert_page_hides(None, reverse("vacancies:board") + "?q=halyk", "Visible job")
        self.assert_page_shows(None, reverse("vacancies:board") + f"?program={self.program_a.pk}", "Visible job")
        self.assert_page_hides(None, reverse("vacancies:board") + f"?program={self.program_b.pk}", "Visible job")
        self.assert_page_hides(None, reverse("vacancies:board") + "?kind=internship", "Visible job")
        # The public API: anonymous, the same set.
        response = self.api_as(None).get("/api/v1/public-vacancies/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual([v["title"] for v in response.json()["results"]], ["Visible job"])
        self.assertEqual(response.json()["results"][0]["programs"], [self.program_a.code])
        self.assertEqual(self.api_as(None).get(f"/api/v1/public-vacancies/{foreign.pk}/").status_code, 404)
        self.assertIn(self.api_as(None).get("/api/v1/vacancies/").status_code, (401, 403))

    def test_board_in_three_languages(self) -> None:
        make_vacancy(self.org1, VacancyStatus.APPROVED)
        for language, text in (("ru", 'lang="ru"'), ("kk", 'lang="kk"'), ("en", 'lang="en"')):
            self.client.post(reverse("set_language"), {"language": language, "next": "/vacancies/"})
            response = self.client.get(reverse("vacancies:board"))
            self.assertContains(response, f"<html {text}>")

    def test_salary_and_deadline_read_in_each_languages_order(self) -> None:
        # Kazakh puts the postposition after the amount or the date (#12): "150 000 ₸ бастап", "04.02.2027 дейін".
        expires = dt.date(2027, 2, 4)
        make_vacancy(self.org1, VacancyStatus.APPROVED, title="From only", salary_from=150000, expires_on=expires)
        make_vacancy(self.org1, VacancyStatus.APPROVED, title="To only", salary_to=400000, expires_on=expires)
        make_vacancy(
            self.org1, VacancyStatus.APPROVED, title="Both", salary_from=150000, salary_to=300000, expires_on=expires
        )
        expected = {
            "kk": [
                "150\u00a0000 ₸ бастап",
                "400\u00a0000 ₸ дейін",
                "150\u00a0000 – 300\u00a0000 ₸",
                "04.02.2027 дейін",
            ],
            "ru": ["от 150\u00a0000 ₸", "до 400\u00a0000 ₸", "150\u00a0000 – 300\u00a0000 ₸", "До 04.02.2027"],
            "en": ["from 150,000 ₸", "up to 400,000 ₸", "150,000 – 300,000 ₸", "Until 04.02.2027"],
        }
        for language, texts in expected.items():
            self.client.cookies["django_language"] = language
            with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2027, 1, 10)):
                response = self.client.get(reverse("vacancies:board"))
            for text in texts:
                self.assertContains(response, text, msg_prefix=language)
            self.assertNotContains(response, "– ₸")
            self.assertNotContains(response, "Дейін")


class ApplicationTests(VacancyTestCase):
    def setUp(self) -> None:
        self.vacancy = make_vacancy(self.org1, VacancyStatus.APPROVED)
        self.url = reverse("vacancies:apply", args=[self.vacancy.pk])

    def test_apply_once(self) -> None:
        response = self.post_as(self.student_user, self.url, {"cv": pdf_file(), "cover_letter": "Hire me"})
        self.assertEqual(response.status_code, 302)
        application = Application.objects.get()
        self.assertEqual((application.student, application.cover_letter), (self.student, "Hire me"))
        response = self.post_as(self.student_user, self.url, {"cv": pdf_file(), "cover_letter": "Again"})
        self.assertContains(response, "You have already applied to this vacancy.")
        self.assertEqual(Application.objects.count(), 1)
        self.assert_page_shows(self.student_user, reverse("vacancies:detail", args=[self.vacancy.pk]), 'id="applied"')
        with self.assertRaises(ValidationError):
            services.apply(self.vacancy, self.student, cv=pdf_file())

    def give_profile_cv(self, content: bytes = PDF, name: str = "aigerim-cv.pdf") -> StudentProfile:
        profile, _created = StudentProfile.objects.get_or_create(student=self.student)
        profile.cv = pdf_file(name, content)
        profile.save()
        return profile

    def test_the_profile_cv_is_offered_and_copied(self) -> None:
        profile = self.give_profile_cv(PDF + b"%version-1")
        page = self.get_as(self.student_user, self.url)
        self.assertContains(page, 'id="cv-source"')
        today = timezone.localdate().strftime("%d.%m.%Y")
        self.assertContains(page, f"The CV from my profile: {Path(profile.cv.name).name} (uploaded {today})")
        self.assertContains(page, 'value="profile" id="id_cv_source_0" checked')
        response = self.post_as(self.student_user, self.url, {"cv_source": "profile", "cover_letter": "Hi"})
        self.assertEqual(response.status_code, 302)
        application = Application.objects.get()
        self.assertTrue(application.cv.name.startswith("applications/"))
        self.assertNotEqual(application.cv.name, profile.cv.name)
        with application.cv.open("rb") as sent:
            self.assertEqual(sent.read(), PDF + b"%version-1")
        # A new CV in the profile (or none at all) leaves the sent application as it was.
        profile.cv.delete(save=False)
        self.give_profile_cv(PDF + b"%version-2")
        application.refresh_from_db()
        with application.cv.open("rb") as sent:
            self.assertEqual(sent.read(), PDF + b"%version-1")
        self.assert_status(self.contact1, reverse("employers:application_cv", args=[application.pk]), 200)

    def test_a_new_upload_instead_of_the_profile_cv(self) -> None:
        self.give_profile_cv(PDF + b"%profile")
        data = {"cv_source": "upload", "cv": pdf_file("fresh.pdf", PDF + b"%fresh")}
        self.assertEqual(self.post_as(self.student_user, self.url, data).status_code, 302)
        with Application.objects.get().cv.open("rb") as sent:
            self.assertEqual(sent.read(), PDF + b"%fresh")

    def test_upload_chosen_without_a_file_or_profile_chosen_with_a_bad_file(self) -> None:
        self.give_profile_cv()
        response = self.post_as(self.student_user, self.url, {"cv_source": "upload"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Attach your CV as a PDF file.", response.context["form"].errors["cv"])
        # The profile CV chosen: a PNG also picked in the file input is neither checked nor sent.
        response = self.post_as(self.student_user, self.url, {"cv_source": "profile", "cv": pdf_file("x.png", PNG)})
        self.assertEqual(response.status_code, 302)
        with Application.objects.get().cv.open("rb") as sent:
            self.assertEqual(sent.read(), PDF)

    def test_without_a_profile_cv_the_upload_is_required(self) -> None:
        StudentProfile.objects.create(student=self.student)  # a profile without a CV
        page = self.get_as(self.student_user, self.url)
        self.assertNotContains(page, 'id="cv-source"')
        response = self.post_as(self.student_user, self.url, {"cv_source": "profile", "cover_letter": "Hi"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Attach your CV as a PDF file.", response.context["form"].errors["cv"])
        self.assertFalse(Application.objects.exists())

    def test_a_profile_cv_whose_file_is_gone_is_not_offered(self) -> None:
        profile = self.give_profile_cv()
        profile.cv.storage.delete(profile.cv.name)
        self.assertIsNone(services.profile_cv(self.student))
        self.assertNotContains(self.get_as(self.student_user, self.url), 'id="cv-source"')
        with self.assertRaises(ValidationError) as caught:
            services.apply(self.vacancy, self.student, use_profile_cv=True)
        self.assertIn("cv", caught.exception.message_dict)
        self.assertFalse(Application.objects.exists())

    def test_a_profile_cv_is_checked_like_an_upload(self) -> None:
        """A profile CV stored before the checks existed (not a PDF): the application refuses it."""
        profile = self.give_profile_cv()
        profile.cv.storage.delete(profile.cv.name)
        with profile.cv.storage.open(profile.cv.name, "wb") as stored:
            stored.write(PNG)
        response = self.post_as(self.student_user, self.url, {"cv_source": "profile"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("cv", response.context["form"].errors)
        self.assertFalse(Application.objects.exists())

    def test_the_cv_choice_is_translated(self) -> None:
        self.give_profile_cv()
        self.client.force_login(self.student_user)
        page = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="ru")
        self.assertContains(page, "Резюме из моего профиля")
        page = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="kk")
        self.assertContains(page, "Профильдегі түйіндемем")

    def test_pdf_only_and_size(self) -> None:
        response = self.post_as(self.student_user, self.url, {"cv": pdf_file("cv.pdf", PNG)})
        self.assertEqual(response.status_code, 200)
        self.assertIn("cv", response.context["form"].errors)
        response = self.post_as(self.student_user, self.url, {"cv": pdf_file("cv.png", PNG)})
        self.assertIn("cv", response.context["form"].errors)
        big = PDF + b"0" * (5 * 1024 * 1024)
        response = self.post_as(self.student_user, self.url, {"cv": pdf_file("cv.pdf", big)})
        self.assertIn("too large", str(response.context["form"].errors["cv"]))
        self.assertFalse(Application.objects.exists())

    def test_only_students_apply_to_public_vacancies(self) -> None:
        self.assert_status(self.cc, self.url, 403)
        self.assert_status(self.contact1, self.url, 403)
        draft = make_vacancy(self.org1)
        self.assert_status(self.student_user, reverse("vacancies:apply", args=[draft.pk]), 404)
        self.assertEqual(self.get_as(None, self.url).status_code, 302)  # to the login page

    def test_api_create(self) -> None:
        api = self.api_as(self.student_user)
        response = api.post("/api/v1/applications/", {"vacancy": self.vacancy.pk, "cv": pdf_file()}, format="multipart")
        self.assertEqual(response.status_code, 201, response.content)
        response = api.post("/api/v1/applications/", {"vacancy": self.vacancy.pk, "cv": pdf_file()}, format="multipart")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.api_as(self.cc).post("/api/v1/applications/", {}).status_code, 403)
        self.assertEqual(len(self.api_as(self.cc).get("/api/v1/applications/").json()["results"]), 1)

    def test_api_create_with_the_profile_cv(self) -> None:
        api = self.api_as(self.student_user)
        url = "/api/v1/applications/"
        response = api.post(url, {"vacancy": self.vacancy.pk, "use_profile_cv": True}, format="json")
        self.assertEqual(response.status_code, 400)  # no profile CV yet: the CV is required
        self.assertIn("cv", response.json())
        self.give_profile_cv(PDF + b"%from-profile")
        both = {"vacancy": self.vacancy.pk, "use_profile_cv": "true", "cv": pdf_file()}
        self.assertEqual(api.post(url, both, format="multipart").status_code, 400)
        self.assertFalse(Application.objects.exists())
        response = api.post(url, {"vacancy": self.vacancy.pk, "use_profile_cv": True}, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        with Application.objects.get().cv.open("rb") as sent:
            self.assertEqual(sent.read(), PDF + b"%from-profile")

    def test_profile_consents_default_off(self) -> None:
        self.assert_status(self.student_user, reverse("vacancies:profile"), 200)
        response = self.post_as(
            self.student_user, reverse("vacancies:profile"), {"languages": "kk ru en", "skills": "python"}
        )
        self.assertEqual(response.status_code, 302)
        profile = StudentProfile.objects.get(student=self.student)
        self.assertEqual((profile.share_contacts, profile.share_gpa, profile.share_cv), (False, False, False))


class ShortlistTests(VacancyTestCase):
    def test_consent_limits_exports(self) -> None:
        vacancy = make_vacancy(self.org1, VacancyStatus.APPROVED)
        sharing = make_student(self.program_a, last_name="Aaa", email="a@x.kz", phone="+7 701 111 11 11", gpa="3.50",
                               graduation_date=dt.date(2025, 6, 30))  # fmt: skip
        StudentProfile.objects.create(
            student=sharing, languages="kk en", skills="django sql", share_contacts=True, share_gpa=True,
            share_cv=True, cv=pdf_file(),
        )  # fmt: skip
        private = make_student(self.program_a, last_name="Bbb", email="b@x.kz", phone="+7 701 222 22 22", gpa="3.90",
                               graduation_date=dt.date(2025, 6, 30))  # fmt: skip
        StudentProfile.objects.create(student=private, languages="en", skills="django")
        other = make_student(self.program_b, last_name="Ccc", gpa="3.95", graduation_date=dt.date(2025, 6, 30))

        build = reverse("employers:shortlist_build", args=[vacancy.pk])
        self.assert_status(self.aigerim, build, 403)
        self.assert_status(self.contact1, build, 403)
        response = self.get_as(self.cc, build + f"?program={self.program_a.pk}&cohort=2025&gpa_min=3.0&skills=django")
        self.assertEqual([s.pk for s in response.context["candidates"]], [sharing.pk, private.pk])
        response = self.get_as(self.cc, build + "?languages=kk")
        self.assertEqual([s.pk for s in response.context["candidates"]], [sharing.pk])
        response = self.get_as(self.cc, build + "?gpa_min=3.92")
        self.assertEqual([s.pk for s in response.context["candidates"]], [other.pk])

        response = self.post_as(self.cc, build, {"student": [sharing.pk, private.pk], "note": "strong"})
        shortlist = vacancy.shortlists.get()
        self.assertRedirects(response, shortlist.get_absolute_url())
        # Not sent yet: the employer cannot see it.
        self.assert_status(self.contact1, shortlist.get_absolute_url(), 404)

        rows = self.xlsx_rows(self.get_as(self.cc, shortlist.get_absolute_url() + "?export=xlsx"))
        self.assertEqual(rows[0], ["Name", "Program", "Cohort", "E-mail", "Phone", "GPA", "CV", "Note"])
        program = str(self.program_a)
        cv_url = "http://testserver" + reverse("employers:shortlist_cv", args=[shortlist.pk, sharing.pk])
        self.assertEqual(
            rows[1], [sharing.full_name, program, 2025, "a@x.kz", "+7 701 111 11 11", "3.50", cv_url, "strong"]
        )
        self.assertEqual(rows[2], [private.full_name, program, 2025, None, None, None, None, "strong"])
        self.assertEqual(len(rows), 3)

        pdf = self.get_as(self.cc, shortlist.get_absolute_url() + "?export=pdf")
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        self.assertEqual(pdf["Cache-Control"], "private, no-store")
        self.assertTrue(pdf.content.startswith(b"%PDF"))
        # The PDF's source: the same consented rows (the compressed PDF text is not searchable here).
        with mock.patch("weasyprint.HTML") as html:
            html.return_value.write_pdf.return_value = b"%PDF-stub"
            self.get_as(self.cc, shortlist.get_absolute_url() + "?export=pdf")
        source = html.call_args.kwargs["string"]
        for shown in (sharing.full_name, private.full_name, "a@x.kz", "+7 701 111 11 11", "3.50", cv_url):
            self.assertIn(shown, source)
        for hidden in ("b@x.kz", "+7 701 222 22 22", "3.90", f"/cv/{private.pk}/"):
            self.assertNotIn(hidden, source)
        page = self.get_as(self.cc, shortlist.get_absolute_url())
        self.assertContains(page, "a@x.kz")
        self.assertNotContains(page, "b@x.kz")
        self.assertNotContains(page, "3.90")

        with self.captureOnCommitCallbacks(execute=True):  # the e-mail leaves once the shortlist is marked sent
            self.assert_status(self.cc, reverse("employers:shortlist_send", args=[shortlist.pk]), 302, "post")
        shortlist.refresh_from_db()
        self.assertIsNotNone(shortlist.sent_at)
        self.assertEqual([m.to for m in mail.outbox], [["hr1@kaspi.kz"]])
        self.assertIn(shortlist.get_absolute_url(), mail.outbox[0].body)
        # Sent: the employer sees it (consented data only) and the consented CV; never the other CV.
        self.assert_page_shows(self.contact1, shortlist.get_absolute_url(), "a@x.kz")
        self.assert_page_hides(self.contact1, shortlist.get_absolute_url(), "b@x.kz", "3.90")
        self.assert_status(self.contact1, reverse("employers:shortlist_cv", args=[shortlist.pk, sharing.pk]), 200)
        self.assert_status(self.contact1, reverse("employers:shortlist_cv", args=[shortlist.pk, private.pk]), 404)
        self.assert_status(self.contact2, shortlist.get_absolute_url(), 404)

    def test_no_profile_means_no_consent(self) -> None:
        vacancy = make_vacancy(self.org1, VacancyStatus.APPROVED)
        shortlist = services.open_shortlist(vacancy, acting_user=self.cc)
        services.add_to_shortlist(shortlist, [self.student])
        (row,) = services.shortlist_rows(shortlist)
        self.assertEqual((row.email, row.phone, row.gpa, row.cv_url), ("", "", "", ""))
        self.assertEqual(row.name, self.student.full_name)


class MergeTests(VacancyTestCase):
    def test_merge_moves_vacancies_and_contacts(self) -> None:
        from mansap.employers.services.organizations import merge_organizations

        vacancy = make_vacancy(self.org2, VacancyStatus.APPROVED)
        merge_organizations(self.org1, [self.org2], acting_user=self.cc)
        vacancy.refresh_from_db()
        self.assertEqual(vacancy.organization, self.org1)
        self.assertEqual(EmployerContact.objects.get(user=self.contact2).organization, self.org1)
        self.assert_status(self.contact2, reverse("employers:vacancy_detail", args=[vacancy.pk]), 200)


class VacancyQueryCountTests(QueryCountTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.org = make_org(cls.institution)

    def add_vacancies(self, n: int) -> None:
        for i in range(n):
            vacancy = make_vacancy(self.org, VacancyStatus.APPROVED, title=f"Job {i}", region="astana")
            vacancy.programs.set([self.program_a, self.program_b])

    def test_staff_vacancy_list(self) -> None:
        # session, user, memberships, COUNT, the page of rows (organization joined), the waiting count
        self.check_bounded(self.cc, reverse("employers:vacancy_list"), self.add_vacancies, pinned=6)

    def test_api_vacancies(self) -> None:
        # token + user, memberships, COUNT, the rows, their programs (prefetched)
        self.check_bounded(self.cc, "/api/v1/vacancies/", self.add_vacancies, pinned=5, api=True)

    def test_api_public_vacancies(self) -> None:
        # COUNT, the rows (organization joined), their programs (prefetched)
        self.check_bounded(self.cc, "/api/v1/public-vacancies/", self.add_vacancies, pinned=3, api=True)

    def board_queries(self) -> int:
        self.client.logout()
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(reverse("vacancies:board"))
        self.assertEqual(response.status_code, 200)
        self.assertGreaterEqual(len(response.context["page_obj"].object_list), 2)
        return len(captured.captured_queries)

    def page_queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(captured.captured_queries)

    def test_organization_page_section(self) -> None:
        self.client.force_login(self.cc)
        url = reverse("employers:organization_detail", args=[self.org.pk])
        self.add_vacancies(2)
        self.page_queries(url)
        few = self.page_queries(url)
        self.add_vacancies(18)
        response = self.client.get(url)
        self.assertContains(response, 'id="vacancies"')
        self.assertContains(response, "Job 17")
        # The section costs one query (the newest 20 + 1 rows) whatever the number of vacancies.
        self.assertEqual(self.page_queries(url), few)

    def test_public_board(self) -> None:
        self.add_vacancies(2)
        self.board_queries()
        few = self.board_queries()
        self.add_vacancies(18)
        # Pinned: COUNT, the page of rows (organization joined), the program filter's choices.
        self.assertEqual(self.board_queries(), few)
        self.assertEqual(few, 3)


class VacancyProgramScopeTests(VacancyTestCase):
    """Security review: the API accepted programs of another university (the form never offered them)."""

    def test_api_rejects_programs_of_another_institution(self):
        other = Institution.objects.create(code="OTHER", short_name="O", name_kk="O", name_ru="O", name_en="O")
        faculty = Faculty.objects.create(institution=other, code="F", name_kk="F", name_ru="F", name_en="F")
        department = Department.objects.create(faculty=faculty, code="D", name_kk="D", name_ru="D", name_en="D")
        foreign = EducationalProgram.objects.create(
            code="6B99999", level="bachelor", name_kk="X", name_ru="X", name_en="X", department=department
        )
        api = self.api_as(self.contact1)
        data = {"kind": "job", "title": "Analyst", "description": "Data", "programs": [foreign.pk]}
        response = api.post("/api/v1/vacancies/", data, format="json")
        self.assertEqual(response.status_code, 400, response.content)
        self.assertIn("programs", response.json())
        self.assertFalse(Vacancy.objects.exists())
        data["programs"] = [self.program_a.pk]
        response = api.post("/api/v1/vacancies/", data, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        vacancy = Vacancy.objects.get()
        response = api.patch(f"/api/v1/vacancies/{vacancy.pk}/", {"programs": [foreign.pk]}, format="json")
        self.assertEqual(response.status_code, 400, response.content)
        self.assertEqual(list(vacancy.programs.all()), [self.program_a])


class ServiceContractTests(VacancyTestCase):
    """The services write atomically, attribute the history to the acting user and e-mail only once committed."""

    def test_workflow_history_names_the_acting_user(self) -> None:
        vacancy = make_vacancy(self.org1)
        services.submit_vacancy(vacancy, acting_user=self.contact1)
        services.approve_vacancy(vacancy, acting_user=self.cc)
        rows = list(vacancy.history.order_by("history_date", "history_id"))
        self.assertEqual(
            [(r.status, r.history_user, r.history_change_reason) for r in rows[-2:]],
            [("submitted", self.contact1, "submitted"), ("approved", self.cc, "approved")],
        )

    def test_invitation_is_mailed_after_commit_and_names_the_inviter(self) -> None:
        with self.captureOnCommitCallbacks() as callbacks:
            contact = services.invite_employer_contact(
                self.org1, email=" New@Kaspi.kz ", first_name="Дана", last_name="Ахметова", acting_user=self.cc
            )
            self.assertEqual(mail.outbox, [])  # nothing leaves before the login is committed
        self.assertEqual(len(callbacks), 1)
        callbacks[0]()
        self.assertEqual([m.to for m in mail.outbox], [["new@kaspi.kz"]])
        self.assertEqual((contact.invited_by, contact.user.username), (self.cc, "new@kaspi.kz"))

    def test_a_failed_invitation_sends_nothing(self) -> None:
        with self.captureOnCommitCallbacks(execute=True), self.assertRaises(ValidationError):
            services.invite_employer_contact(
                self.org1, email="hr1@kaspi.kz", first_name="A", last_name="B", acting_user=self.cc
            )
        self.assertEqual(mail.outbox, [])

    def test_invite_form_shows_a_message_error_on_the_form(self) -> None:
        """InviteContactView put the service's errors on the form with exc.message_dict, which fails on an
        error that names no field; errors_to_form puts it on the form instead."""
        url = reverse("employers:contact_invite")
        data = {"organization": self.org2.pk, "email": "x@halyk.kz", "last_name": "A", "first_name": "B"}
        refusal = ValidationError("The organization accepts no new contacts.")
        with mock.patch.object(services, "invite_employer_contact", side_effect=refusal):
            response = self.post_as(self.cc, url, data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].non_field_errors(), ["The organization accepts no new contacts."])

    def test_shortlist_students_opens_once_and_adds_the_new_ones(self) -> None:
        vacancy = make_vacancy(self.org1, VacancyStatus.APPROVED)
        other = make_student(self.program_a)
        shortlist, added = services.shortlist_students(vacancy, [self.student], "first", acting_user=self.cc)
        self.assertEqual((added, shortlist.created_by, shortlist.sent_at), (1, self.cc, None))
        again, added = services.shortlist_students(vacancy, [self.student, other], "second", acting_user=self.cc)
        self.assertEqual((again, added), (shortlist, 1))
        self.assertEqual(
            sorted(shortlist.entries.values_list("student_id", "note")),
            sorted([(self.student.pk, "first"), (other.pk, "second")]),
        )

    def test_shortlists_are_the_career_centers(self) -> None:
        vacancy = make_vacancy(self.org1, VacancyStatus.APPROVED)
        for user in (self.aigerim, self.rector, self.contact1):
            with self.assertRaises(PermissionDenied):
                services.shortlist_students(vacancy, [self.student], acting_user=user)
            with self.assertRaises(PermissionDenied):
                services.open_shortlist(vacancy, acting_user=user)
        self.assertFalse(vacancy.shortlists.exists())
        shortlist = services.open_shortlist(vacancy, acting_user=self.cc)
        with self.assertRaises(PermissionDenied):
            services.add_to_shortlist(shortlist, [self.student], acting_user=self.contact1)
        self.assertEqual(services.add_to_shortlist(shortlist, [self.student]), 1)  # no acting user: the demo

    def test_shortlist_students_is_all_or_nothing(self) -> None:
        vacancy = make_vacancy(self.org1, VacancyStatus.APPROVED)
        with mock.patch.object(services, "_add_to_shortlist", side_effect=ValidationError("x")):
            with self.assertRaises(ValidationError):
                services.shortlist_students(vacancy, [self.student], acting_user=self.cc)
        self.assertFalse(vacancy.shortlists.exists())  # the shortlist opened for it is rolled back

    def test_a_shortlist_is_mailed_after_commit(self) -> None:
        vacancy = make_vacancy(self.org1, VacancyStatus.APPROVED)
        shortlist, _added = services.shortlist_students(vacancy, [self.student], acting_user=self.cc)
        with self.captureOnCommitCallbacks() as callbacks:
            self.assertEqual(services.send_shortlist(shortlist, acting_user=self.cc), 1)
            self.assertEqual(mail.outbox, [])
        callbacks[0]()
        self.assertEqual([m.to for m in mail.outbox], [["hr1@kaspi.kz"]])
        self.assertIn(shortlist.get_absolute_url(), mail.outbox[0].body)

    def test_a_student_applies_for_themselves_only(self) -> None:
        vacancy = make_vacancy(self.org1, VacancyStatus.APPROVED)
        other = make_student(self.program_a, user=make_user("other-student"))
        with self.assertRaises(PermissionDenied):
            services.apply(vacancy, other, cv=pdf_file(), acting_user=self.student_user)
        application = services.apply(vacancy, self.student, cv=pdf_file(), acting_user=self.student_user)
        self.assertEqual(application.student, self.student)


class VacancyActionPageTests(VacancyTestCase):
    """The workflow buttons are one action view each; a refused step is a message, a step not theirs a 403."""

    def test_each_step_says_what_happened(self) -> None:
        vacancy = make_vacancy(self.org1)
        self.client.force_login(self.contact1)
        response = self.client.post(reverse("employers:vacancy_submit", args=[vacancy.pk]), follow=True)
        self.assertContains(response, "The vacancy was sent to the Career Center for approval.")
        # Submitted: no longer the contact's to change (403); the Career Center may, but not submit it again.
        self.assert_status(self.contact1, reverse("employers:vacancy_submit", args=[vacancy.pk]), 403, "post")
        self.assert_status(self.contact1, reverse("employers:vacancy_approve", args=[vacancy.pk]), 403, "post")
        self.client.force_login(self.cc)
        response = self.client.post(reverse("employers:vacancy_submit", args=[vacancy.pk]), follow=True)
        self.assertContains(response, "Only a draft or a rejected vacancy can be submitted.")
        response = self.client.post(reverse("employers:vacancy_approve", args=[vacancy.pk]), follow=True)
        self.assertContains(response, "The vacancy is published on the board.")
        response = self.client.post(reverse("employers:vacancy_reject", args=[vacancy.pk]), {"reason": "Late"})
        self.assertRedirects(response, vacancy.get_absolute_url())
        self.assertEqual(Vacancy.objects.get(pk=vacancy.pk).status, VacancyStatus.REJECTED)

    def test_get_is_not_allowed_and_students_are_turned_away(self) -> None:
        vacancy = make_vacancy(self.org1)
        self.assert_status(self.contact1, reverse("employers:vacancy_submit", args=[vacancy.pk]), 405)
        self.assert_status(self.student_user, reverse("employers:vacancy_submit", args=[vacancy.pk]), 403, "post")

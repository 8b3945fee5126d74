"""seed_demo's employers data: vacancies on the public board, employer contacts, the job fair, determinism."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from mansap.common.testing import SeededDemo, class_demo_fixture
from mansap.core.demo import DEMO_PASSWORD
from mansap.core.models import Membership, Student, User
from mansap.employers.choices import CareerEventKind, VacancyStatus
from mansap.employers.models import (
    Application,
    CareerEvent,
    EmployerContact,
    EventInvitation,
    EventRegistration,
    Shortlist,
    StudentProfile,
    Vacancy,
)

pytestmark = pytest.mark.django_db

GRADUATES = 20
SEED = 7


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, graduates=GRADUATES, seed=SEED, stdout=out)
    return out.getvalue()


def employers_counts() -> dict[str, int]:
    models = (Vacancy, Application, StudentProfile, Shortlist, CareerEvent, EventRegistration, EmployerContact)
    return {model.__name__: model.objects.count() for model in models}


demo_class = class_demo_fixture(graduates=GRADUATES)


@pytest.mark.usefixtures("demo_class")
class TestSeededDemo:
    """The tests that only read the demo share one seed (see class_demo_fixture)."""

    @pytest.fixture
    def media_root(self, demo_class: SeededDemo) -> Path:
        return demo_class.media

    @pytest.fixture
    def seeded(self, demo_class: SeededDemo) -> str:
        return demo_class.output

    def test_vacancies_in_every_state(self, seeded: str) -> None:
        statuses = list(Vacancy.objects.values_list("status", flat=True))
        assert len(statuses) == 12
        assert statuses.count(VacancyStatus.APPROVED) == 8
        assert statuses.count(VacancyStatus.SUBMITTED) == 2
        assert statuses.count(VacancyStatus.DRAFT) == 1
        assert statuses.count(VacancyStatus.REJECTED) == 1
        assert Vacancy.objects.get(status=VacancyStatus.REJECTED).rejection_reason
        assert [v.title for v in Vacancy.objects.all() if v.expired] == ["Стажёр службы приёма и размещения"]
        for vacancy in Vacancy.objects.all():
            vacancy.full_clean()
            assert vacancy.programs.exists()

    def test_public_board_shows_exactly_the_approved_unexpired_vacancies(self, seeded: str, client: Client) -> None:
        public = {v.title for v in Vacancy.objects.all() if v.status == VacancyStatus.APPROVED and not v.expired}
        assert len(public) == 7
        response = client.get(reverse("vacancies:board"))
        assert response.status_code == 200
        assert {v.title for v in response.context["page_obj"].object_list} == public
        assert set(Vacancy.objects.public().values_list("title", flat=True)) == public

    def test_employer_contact_sees_only_their_organization(self, seeded: str, client: Client) -> None:
        contact = EmployerContact.objects.select_related("organization").get(user__username="employer")
        assert contact.user.check_password(DEMO_PASSWORD) and contact.user.language == "kk"
        assert EmployerContact.objects.get(user__username="employer2").user.language == "ru"
        assert not Membership.objects.filter(user=contact.user).exists()
        own = set(Vacancy.objects.filter(organization=contact.organization).values_list("title", flat=True))
        assert own and own != set(Vacancy.objects.values_list("title", flat=True))
        assert set(Vacancy.objects.for_user(contact.user).values_list("title", flat=True)) == own
        client.force_login(contact.user)
        response = client.get(reverse("employers:vacancy_list"))
        assert response.status_code == 200
        assert {v.title for v in response.context["table"].data} == own

    def test_applications_profiles_and_shortlist(self, seeded: str) -> None:
        assert Application.objects.count() >= 5
        for application in Application.objects.select_related("vacancy"):
            assert application.vacancy.is_public()
            with application.cv.open("rb") as cv:
                body = cv.read()
            assert body.startswith(b"%PDF-1.4") and body.rstrip().endswith(b"%%EOF")
        assert StudentProfile.objects.filter(share_cv=True).exists()
        assert StudentProfile.objects.filter(cv="").count() == 0
        assert Application.objects.filter(student__user__username="student").exists()
        shortlist = Shortlist.objects.get()
        assert shortlist.sent_at is not None and shortlist.entries.exists()

    def test_career_events(self, seeded: str) -> None:
        events = list(CareerEvent.objects.all())
        assert len(events) == 6
        assert {e.kind for e in events} >= {CareerEventKind.JOB_FAIR, CareerEventKind.PRESENTATION,
                                            CareerEventKind.ROUND_TABLE, CareerEventKind.GUEST_LECTURE,
                                            CareerEventKind.TRAINING_CV, CareerEventKind.BUSINESS_GAME}  # fmt: skip
        fair = CareerEvent.objects.get(kind=CareerEventKind.JOB_FAIR)
        booths = fair.registrations.filter(organization__isnull=False)
        assert sorted(booths.values_list("booth_number", flat=True)) == ["A-1", "A-2", "A-3", "A-4", "A-5"]
        assert fair.organizations.count() == 5
        assert EventRegistration.objects.filter(attended=True).exists()
        for event in events:
            event.full_clean()
            assert event.registrations.filter(student__isnull=False).exists()

    def test_seeding_twice_adds_nothing(self, seeded: str) -> None:
        before = employers_counts()
        assert "already loaded" in seed()
        assert employers_counts() == before

    def test_employer_logins_are_printed(self, seeded: str) -> None:
        assert "\n  employer   employer contact" in seeded
        assert "\n  employer2  employer contact" in seeded
        assert "own organization's vacancies and applications" in seeded

    def test_admin_pages_of_the_new_models(self, seeded: str, client: Client) -> None:
        client.force_login(User.objects.get(username="admin"))
        # The demo sends no invitations; one by hand, so that change page is opened too.
        event, student = CareerEvent.objects.order_by("pk").first(), Student.objects.order_by("pk").first()
        assert event is not None and student is not None
        EventInvitation.objects.create(event=event, student=student)
        for model in (EmployerContact, Vacancy, StudentProfile, Application, Shortlist, CareerEvent, EventInvitation):
            opts = model._meta
            assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
            obj = model.objects.order_by("pk").first()
            # Every model has a row (the demo's, or the invitation above): if the demo stops seeding one, this says so
            # instead of silently skipping its change page.
            assert obj is not None, f"the demo seeds no {opts.model_name}"
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert client.get(url).status_code == 200, opts.model_name

    def test_flush_and_reseed_gives_the_same_vacancies(self, seeded: str) -> None:
        before = list(Vacancy.objects.order_by("title").values_list("title", "status", "organization__short_name"))
        applications = sorted(Application.objects.values_list("vacancy__title", "student__iin"))
        seed("--flush")
        after = list(Vacancy.objects.order_by("title").values_list("title", "status", "organization__short_name"))
        assert after == before
        assert sorted(Application.objects.values_list("vacancy__title", "student__iin")) == applications
        assert EmployerContact.objects.count() == 2 and CareerEvent.objects.count() == 6

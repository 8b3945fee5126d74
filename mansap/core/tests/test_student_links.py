"""Issue #12: a student gets no link they cannot follow, the 403 page says what is true, and no page links a
file through /media/ (not served: every file goes through a scoped view).

Logged in as the demo's students (seed_demo), every link on their own pages is followed: My data, their
practice, the events list and pages, the vacancies board, their profile and applications."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from mansap.common.testing import SeededDemo, class_demo_fixture, make_student, make_user
from mansap.core.models import Student, User

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"#]*)"')
SKIPPED = ("/static/", "/i18n/", "/accounts/logout/", "/admin/")


def links_of(content: str) -> list[str]:
    found = []
    for href in HREF.findall(content):
        href = href.replace("&amp;", "&")
        if href.startswith("/") and not href.startswith(SKIPPED):
            found.append(href)
    return found


def crawl(client: Client, start: list[str], depth: int = 1) -> dict[str, tuple[int, str]]:
    """Every same-site link of the start pages (and of their pages, `depth` levels down): status and referrer."""
    seen: dict[str, tuple[int, str]] = {}
    level = [(url, "start") for url in start]
    for _ in range(depth + 1):
        following: list[tuple[str, str]] = []
        for url, referrer in level:
            if url in seen:
                continue
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
            seen[url] = (response.status_code, referrer)
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                content = response.content.decode()
                assert "/media/" not in content, f"{url} links a file through /media/"
                following += [(link, url) for link in links_of(content) if link not in seen]
        level = following
    return seen


def student_pages(username: str) -> list[str]:
    from mansap.employers.models import CareerEvent

    student = Student.objects.get(user__username=username)
    events = list(CareerEvent.objects.for_user(student.user).order_by("pk").values_list("pk", flat=True)[:4])
    return [
        "/",
        student.get_absolute_url(),
        reverse("practice:my_practice"),
        reverse("events:event_list"),
        *[reverse("events:event_detail", args=[pk]) for pk in events],
        reverse("vacancies:board"),
        reverse("vacancies:profile"),
        reverse("vacancies:my_applications"),
    ]


def test_the_record_api_gives_the_evidence_through_its_scoped_view(client: Client) -> None:
    from django.core.files.base import ContentFile

    from mansap.core.tests.factories import EducationalProgramFactory
    from mansap.graduates.models import EmploymentRecord

    graduate = make_student(EducationalProgramFactory(), graduation_date=dt.date(2025, 6, 30))
    record = EmploymentRecord.objects.create(graduate=graduate, status="employed", started_on=dt.date(2025, 8, 1))
    record.evidence.save("proof.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    client.force_login(User.objects.create_superuser("root", password="x"))
    found = client.get(f"/api/v1/employment-records/{record.pk}/").json()
    assert found["evidence"] == reverse("graduates:record_evidence", args=[record.pk])


class TestForbiddenPage:
    def test_a_student_is_told_they_may_not_open_the_page(self, client: Client) -> None:
        from mansap.core.tests.factories import EducationalProgramFactory

        user = make_user("stud")
        make_student(EducationalProgramFactory(), user=user)
        client.force_login(user)
        response = client.get(reverse("core:student_list"), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 403
        text = response.content.decode()
        assert "You do not have permission to open this page." in text
        assert "see this, but not change it" not in text

    def test_read_only_staff_are_told_they_may_see_but_not_change(self, client: Client) -> None:
        from mansap.core.choices import Access, Role
        from mansap.core.models import Membership
        from mansap.core.tests.factories import EducationalProgramFactory

        student = make_student(EducationalProgramFactory())
        reader = make_user("reader")
        Membership.objects.create(
            user=reader, institution=student.institution, role=Role.CAREER_CENTER, access=Access.VIEW
        )
        client.force_login(reader)
        response = client.get(reverse("core:student_edit", args=[student.pk]), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 403
        assert "Your role lets you see this, but not change it." in response.content.decode()


demo_class = class_demo_fixture(graduates=60)


@pytest.mark.usefixtures("demo_class")
class TestDemoLinks:
    """The tests that only read the demo share one seed (see class_demo_fixture)."""

    @pytest.fixture
    def media_root(self, demo_class: SeededDemo) -> Path:
        return demo_class.media

    @pytest.fixture
    def demo(self, demo_class: SeededDemo) -> str:
        return demo_class.output

    @pytest.mark.parametrize("username", ["student", "student2"])
    def test_every_link_on_a_students_pages_opens(self, demo: str, client: Client, username: str) -> None:
        client.force_login(User.objects.get(username=username))
        seen = crawl(client, student_pages(username))
        broken = {url: found for url, found in seen.items() if found[0] in (403, 404, 500)}
        assert broken == {}
        assert len(seen) > 20

    def test_the_students_own_cv_opens_through_a_scoped_view(self, demo: str, client: Client) -> None:
        from mansap.employers.models import StudentProfile

        profile = StudentProfile.objects.get(student__user__username="student")
        assert profile.cv
        client.force_login(profile.student.user)
        page = client.get(reverse("vacancies:profile")).content.decode()
        assert reverse("vacancies:profile_cv") in page
        response = client.get(reverse("vacancies:profile_cv"))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        client.force_login(User.objects.get(username="student2"))  # another student: their own CV (none) only
        assert client.get(reverse("vacancies:profile_cv")).status_code == 404

    def test_staff_pages_with_files_never_link_media(self, demo: str, client: Client) -> None:
        from django.core.files.base import ContentFile

        from mansap.employers.models import PartnershipAgreement
        from mansap.practice.models import PracticeContract

        agreement = PartnershipAgreement.objects.order_by("pk").first()
        contract = PracticeContract.objects.order_by("pk").first()
        assert agreement is not None and contract is not None
        for row in (agreement, contract):
            row.scan.save("signed-scan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
        client.force_login(User.objects.get(username="cc"))
        pages = [
            reverse("employers:partnershipagreement_edit", args=[agreement.pk]),
            reverse("practice:practicecontract_edit", args=[contract.pk]),
        ]
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200
            content = response.content.decode()
            assert "/media/" not in content
            assert re.search(r'href="/[^"]+/scan/"', content), url

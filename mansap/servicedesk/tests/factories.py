"""factory_boy factories of the servicedesk app's models, and helpers building the desk's people."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from mansap.core.choices import Access, Role
from mansap.core.models import Institution, User
from mansap.core.tests.factories import InstitutionFactory, MembershipFactory, UserFactory
from mansap.servicedesk.choices import DocumentKind, Eligibility
from mansap.servicedesk.models import Enquiry, EnquiryTopic, Service
from mansap.servicedesk.services import calendar


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    institution = factory.SubFactory(InstitutionFactory)
    code = factory.Sequence(lambda n: f"service_{n}")
    name_kk = factory.Sequence(lambda n: f"Қызмет {n}")
    name_ru = factory.Sequence(lambda n: f"Услуга {n}")
    name_en = factory.Sequence(lambda n: f"Service {n}")
    eligibility = Eligibility.STUDYING
    sla_days = 3
    document_kind = DocumentKind.CERTIFICATE


def desk_clerk(institution: Institution, username: str = "clerk", **fields: Any) -> User:
    """A read-write member of the Registrar's Office: the service desk."""
    user = UserFactory(username=username, **fields)
    MembershipFactory(user=user, institution=institution, role=Role.REGISTRAR, access=Access.EDIT)
    return user


class ClassMedia:
    """Keeps the files that setUpTestData stores (rendered PDFs) in one temporary MEDIA_ROOT for the whole class:
    the per-test MEDIA_ROOT of mansap/conftest.py would not hold them."""

    media: str

    @classmethod
    def setUpClass(cls) -> None:
        import tempfile

        from django.test import override_settings

        cls.media = tempfile.mkdtemp(prefix="mansap-servicedesk-")
        cls._media_override = override_settings(MEDIA_ROOT=cls.media)
        cls._media_override.enable()
        super().setUpClass()  # type: ignore[misc]

    @classmethod
    def tearDownClass(cls) -> None:
        import shutil

        super().tearDownClass()  # type: ignore[misc]
        cls._media_override.disable()
        shutil.rmtree(cls.media, ignore_errors=True)

    def setUp(self) -> None:
        from django.test import override_settings

        override = override_settings(MEDIA_ROOT=self.media)
        override.enable()
        self.addCleanup(override.disable)
        super().setUp()  # type: ignore[misc]


def make_topic(institution: Any, role: str = "registrar", faculty: Any = None, **fields: Any) -> EnquiryTopic:
    defaults = {"name_kk": "Анықтамалар", "name_ru": "Справки", "name_en": "Certificates"}
    defaults.update(fields)
    return EnquiryTopic.objects.create(institution=institution, role=role, faculty=faculty, **defaults)


_serial = iter(range(1, 1_000_000))


def make_enquiry(topic: EnquiryTopic, received: dt.datetime | None = None, **fields: Any) -> Enquiry:
    """An enquiry as the form would record it, without its e-mail (services.enquiries.submit_enquiry sends one)."""
    received = received or timezone.now()
    n = next(_serial)
    defaults: dict[str, Any] = {
        "institution_id": topic.institution_id, "topic": topic, "role": topic.role, "faculty": topic.faculty,
        "name": f"Айгүл {n}", "email": f"visitor{n}@example.kz", "message": "Қашан?", "language": "kk",
        "received_at": received, "number": f"T-{n:06d}",
        "due_at": calendar.add_working_time(received, dt.timedelta(hours=float(topic.target_hours)),
                                            institution=topic.institution_id),
    }  # fmt: skip
    defaults.update(fields)
    return Enquiry.objects.create(**defaults)

"""factory_boy factories of the servicedesk app's models, and helpers building the desk's people."""

from __future__ import annotations

from typing import Any

import factory

from mansap.core.choices import Access, Role
from mansap.core.models import Institution, User
from mansap.core.tests.factories import InstitutionFactory, MembershipFactory, UserFactory
from mansap.servicedesk.choices import DocumentKind, Eligibility
from mansap.servicedesk.models import Service


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

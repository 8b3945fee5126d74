"""Small builders for the employers tests."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from mansap.common.identifiers import make_bin
from mansap.core.models import Department, Institution
from mansap.employers.models import JointUnit, Organization, PartnershipAgreement

_serials = itertools.count(1)


def make_org(institution: Institution, **fields: Any) -> Organization:
    n = next(_serials)
    defaults: dict[str, Any] = {"name_kk": f"Ұйым {n}", "name_ru": f"Организация {n}", "name_en": f"Company {n}"}
    defaults.update(fields)
    return Organization.objects.create(institution=institution, **defaults)


def a_bin(kind: str = "0", serial: int | None = None) -> str:
    return make_bin(2015, 3, "4", kind, serial if serial is not None else next(_serials) * 7)


def make_agreement(organization: Organization, **fields: Any) -> PartnershipAgreement:
    defaults: dict[str, Any] = {
        "kind": "social_partnership",
        "signed_on": dt.date(2024, 1, 10),
        "valid_from": dt.date(2024, 1, 10),
        "valid_until": None,
    }
    defaults.update(fields)
    return PartnershipAgreement.objects.create(organization=organization, **defaults)


def make_unit(organization: Organization, department: Department, **fields: Any) -> JointUnit:
    n = next(_serials)
    defaults: dict[str, Any] = {
        "kind": "joint_laboratory",
        "name_kk": f"Зертхана {n}",
        "name_ru": f"Лаборатория {n}",
        "name_en": f"Lab {n}",
        "opened_on": dt.date(2023, 9, 1),
    }
    defaults.update(fields)
    return JointUnit.objects.create(organization=organization, department=department, **defaults)

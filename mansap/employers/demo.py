"""Demo partnerships for seed_demo: agreements (some expiring soon, some expired), joint units, duplicates.

Called from mansap.core.demo's DemoBuilder after the organizations, students and employment
records exist. Deterministic for a seed: dates are counted from `today`, choices from `rng`.
Two organizations are typed twice (once without a BIN, once with the phone written
differently) so the Career Center has something to merge.
"""

from __future__ import annotations

import datetime as dt
import random

from mansap.core.models import Department, Institution, Student
from mansap.employers.choices import AgreementKind, JointUnitKind, OrganizationSize, Region
from mansap.employers.models import JointUnit, Organization, OrganizationMerge, PartnershipAgreement
from mansap.graduates.models import AssistanceAction

# (organization short name, kind, department code or "", days from today to valid_until or None, years running)
AGREEMENTS = [
    ("Astana Soft", AgreementKind.SOCIAL_PARTNERSHIP, "IS", 400, 2),
    ("Qazaq Digital", AgreementKind.SOCIAL_PARTNERSHIP, "IS", 12, 3),
    ("Нұр Телеком", AgreementKind.COOPERATION, "ISEC", 40, 2),
    ("Есіл Құрылыс", AgreementKind.SOCIAL_PARTNERSHIP, "CONS", None, 4),
    ("Сарыарқа Агро", AgreementKind.SOCIAL_PARTNERSHIP, "FOOD", 55, 3),
    ("Көкше Сүт", AgreementKind.COOPERATION, "FOOD", 700, 2),
    ("Дала Энерго", AgreementKind.SOCIAL_PARTNERSHIP, "ENER", -30, 3),
    ("Қазақ Қаржы Кеңес", AgreementKind.SOCIAL_PARTNERSHIP, "FIN", 25, 2),
    ("Steppe Audit", AgreementKind.OTHER, "FIN", -200, 2),
    ("Береке Банк", AgreementKind.SOCIAL_PARTNERSHIP, "", None, 5),
    ("Silk Way Hotels", AgreementKind.SOCIAL_PARTNERSHIP, "TOUR", 180, 3),
    ("Сапа Стандарт", AgreementKind.COOPERATION, "STD", 90, 2),
    ("Батыс Мұнай Сервис", AgreementKind.SOCIAL_PARTNERSHIP, "", -5, 3),
]

# (kind, department, organization, kk, ru, en, years since opening, closed days ago or None)
JOINT_UNITS = [
    (JointUnitKind.DEPARTMENT_BRANCH, "IS", "Astana Soft", "Ақпараттық жүйелер кафедрасының «Астана Софт» филиалы",
     "Филиал кафедры информационных систем в ТОО «Астана Софт»", "Information Systems branch at Astana Soft", 2, None),
    (JointUnitKind.JOINT_LABORATORY, "FOOD", "Көкше Сүт", "Сүт өнімдерінің бірлескен зертханасы",
     "Совместная лаборатория молочных продуктов", "Joint dairy products laboratory", 1, None),
    (JointUnitKind.DEPARTMENT_BRANCH, "ENER", "Дала Энерго", "Энергетика кафедрасының «Дала Энерго» филиалы",
     "Филиал кафедры энергетики в ТОО «Дала Энерго Сервис»", "Power Engineering branch at Dala Energo", 3, 60),
]  # fmt: skip

# Organizations typed a second time: (original short name, changes to the copy)
DUPLICATES = [
    ("Astana Soft", {"bin": "", "short_name": "Астана Софт", "name_ru": "Астана Софт ТОО", "phone": "",
                     "contact_person": "Ермеков Д. С.", "size": OrganizationSize.SMALL}),
    ("Береке Банк", {"bin": "", "short_name": "Bereke Bank", "email": "", "address": "Алматы, пр. Абая 10"}),
]  # fmt: skip


def seed_partnerships(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    """Agreements, joint units and two duplicate organizations; nothing when the institution has agreements."""
    if PartnershipAgreement.objects.filter(organization__institution=institution).exists():
        return {}
    orgs = {o.short_name: o for o in Organization.objects.filter(institution=institution)}
    departments = {d.code: d for d in Department.objects.filter(faculty__institution=institution)}
    agreements: dict[str, PartnershipAgreement] = {}
    for i, (short, kind, department, until_days, years) in enumerate(AGREEMENTS, start=1):
        if short not in orgs:
            continue
        valid_until = today + dt.timedelta(days=until_days) if until_days is not None else None
        valid_from = (valid_until or today) - dt.timedelta(days=365 * years + rng.randint(0, 20))
        agreements[short] = PartnershipAgreement.objects.create(
            organization=orgs[short],
            kind=kind,
            number=f"{i:02d}/{valid_from.year}",
            signed_on=valid_from - dt.timedelta(days=rng.randint(0, 14)),
            valid_from=valid_from,
            valid_until=valid_until,
            department=departments.get(department),
        )
    units = 0
    for unit_kind, department, short, kk, ru, en, years, closed_days_ago in JOINT_UNITS:
        if short not in orgs or department not in departments:
            continue
        JointUnit.objects.create(
            kind=unit_kind,
            department=departments[department],
            organization=orgs[short],
            agreement=agreements.get(short),
            name_kk=kk,
            name_ru=ru,
            name_en=en,
            opened_on=today - dt.timedelta(days=365 * years + rng.randint(0, 30)),
            closed_on=today - dt.timedelta(days=closed_days_ago) if closed_days_ago is not None else None,
        )
        units += 1
    duplicates = 0
    for short, changes in DUPLICATES:
        original = orgs.get(short)
        if original is None:
            continue
        copy = Organization.objects.get(pk=original.pk)
        copy.pk = None
        copy._state.adding = True
        for name, value in changes.items():
            setattr(copy, name, value)
        copy.region = copy.region or Region.ASTANA
        copy.save()
        # A sponsored student and an assistance action were filed under the copy: a merge moves them back.
        # (Employment records stay: they carry the employer's BIN, which the copy lacks.)
        for model, field in ((Student, "sponsor"), (AssistanceAction, "organization")):
            first = model.objects.filter(**{field: original}).order_by("pk").values_list("pk", flat=True)[:1]
            model.objects.filter(pk__in=list(first)).update(**{field: copy})
        duplicates += 1
    return {"partnership agreements": len(agreements), "joint units": units, "duplicate organizations": duplicates}


def flush_partnerships(institution: Institution) -> None:
    """Delete the institution's agreements, joint units and merge log (before its organizations and departments)."""
    from mansap.core.demo import _purge

    _purge(JointUnit.objects.filter(organization__institution=institution))
    _purge(PartnershipAgreement.objects.filter(organization__institution=institution))
    _purge(OrganizationMerge.objects.filter(institution=institution))

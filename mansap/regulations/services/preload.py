"""The platform's own regulations in the register (issue #17): seeds 000, 001, 002 and 004 and 004's predecessor,
with their codes, titles, approval, agreements, dates and versions as printed (§3.J: 002 is approved with the
year only and has no EDMS number, so it stays approved, not in force; 004 carries its alternate header code as an
alias). `preload_platform_regulations` is idempotent: a document or version already in the register is left as it
is. The demo runs it (a step of mansap/demo.py), and so does `manage.py load_platform_regulations`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction

from mansap.regulations.choices import Classification, DocumentType, VersionStatus
from mansap.regulations.models import Agreement, Document, DocumentVersion
from mansap.regulations.services import documents as services

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser
    from mansap.core.models import Institution

D = dt.date
RECTOR_2025 = {"approved_by_position": "Rector", "approved_by_name": "L.K. Baibolova"}
AGREED_2025 = [("Vice-Rector for Academic Affairs", "E.B. Askarbekov", D(2025, 6, 18))]
AGREED_2024 = [
    ("Проректор по учебно-методической работе", "Жамангарин Д.С."),
    ("Проректор по научной работе и внешним связям", "Алтынбек С.А."),
    ("Проректор по воспитательной и социальной работе", "Токсаба А.А."),
    ("Руководитель отдела правового обеспечения", "Серимов У.С."),
    ("Руководитель отдела обеспечения качества и аккредитации", "Нурбаева М.З."),
    ("Руководитель отдела бухгалтерского учета и отчетности", "Шағырбай М.А."),
    ("Руководитель учебно-методического отдела", "Баядилова Б.М."),
    ("Руководитель отдела по международным отношениям и АМ", "Абдыкаримова С.З."),
    ("Руководитель отдела науки и инновационной деятельности", "Сапакбаева А.А."),
    ("Руководитель отдела управления персоналом", "Кабильдина З.З."),
]

CAREER_CENTER = {"unit_name_kk": "Мансап орталығы", "unit_name_ru": "Центр карьеры", "unit_name_en": "Career Center"}

# (document fields, version fields, agreements, put in force?) in lineage order: a predecessor first.
PLATFORM_REGULATIONS: list[tuple[dict[str, Any], dict[str, Any], list[tuple[str, str, dt.date]], bool]] = [
    (
        {"code": "KazUTB-CC-RPA-7.2-2025-01", "type": DocumentType.REGULATION,
         "title_kk": "Түлектерді жұмысқа орналастыру туралы ереже",
         "title_ru": "Положение о трудоустройстве выпускников",
         "title_en": "Regulations on the employment of graduates",
         **CAREER_CENTER, "classification": Classification.PUBLIC},
        {"major": 1, "minor": 0, **RECTOR_2025, "approved_on": D(2025, 6, 18), "effective_on": D(2025, 6, 18),
         "note": "Introduced for the first time."},
        AGREED_2025,
        True,
    ),
    (
        {"code": "KazUTB-CC-RPA-7.2-2025-02", "type": DocumentType.RULES,
         "title_kk": "Кәсіптік практиканы ұйымдастыру және өткізу және ұйымдарды практика базалары ретінде айқындау "
                     "қағидалары (бакалавриат)",
         "title_ru": "Правила организации и проведения профессиональной практики и определения организаций в "
                     "качестве баз практики (бакалавриат)",
         "title_en": "Rules for the organization and conduct of professional practice and the definition of "
                     "organizations as bases of practice (Bachelor)",
         **CAREER_CENTER, "classification": Classification.PUBLIC},
        {"major": 1, "minor": 0, **RECTOR_2025, "approved_on": D(2025, 6, 18), "effective_on": D(2025, 6, 18),
         "note": "Introduced for the first time."},
        AGREED_2025,
        True,
    ),
    (
        {"code": "ҚазТБУ-СДД-ПАК-5.3/9.3-2026-02", "type": DocumentType.PROCESS_MAP,
         "title_kk": "Процестердің ақпараттық картасы", "title_ru": "Информационная карта процессов",
         "title_en": "Process information map", "unit_name_kk": "СДД", "unit_name_ru": "СДД", "unit_name_en": "SDD",
         "classification": Classification.INTERNAL},
        {"major": 1, "minor": 0, "approved_by_position": "Ректор", "approved_by_name": "Л.К. Байболова",
         "approved_year": 2026,
         "note": "Бекітілген: «2026 ж.» (күні мен айы көрсетілмеген); ЭҚА бойынша тіркеу № бос."},
        [],
        False,
    ),
    (
        {"code": "ПСП 11-02.112.-2023", "type": DocumentType.UNIT_REGULATION,
         "title_ru": "О центре обслуживания студентов", "unit_name_kk": "Студенттерге қызмет көрсету орталығы",
         "unit_name_ru": "Центр обслуживания студентов", "unit_name_en": "Student Service Center",
         "classification": Classification.INTERNAL},
        {"major": 3, "minor": 0, "approved_on": D(2021, 11, 12), "effective_on": D(2021, 11, 12),
         "approved_by_position": "Президент-ректор",
         "note": "Known from ПСП 11-02.112-2022 (Редакция 4), which replaces it: «ПСП 11-02.112.-2023 от 12 ноября "
                 "2021 г.»; its revision number is inferred."},
        [],
        True,
    ),
    (
        {"code": "ПСП 11-02.112-2022", "aliases": "ПСП 11-02.112-2021", "type": DocumentType.UNIT_REGULATION,
         "title_kk": "Білім алушыларға қызмет көрсету орталығы туралы ереже",
         "title_ru": "Положение о центре обслуживания обучающихся",
         "title_en": "Regulation on the Student Service Center",
         "unit_name_kk": "Білім алушыларға қызмет көрсету орталығы (БҚКО)",
         "unit_name_ru": "Центр обслуживания обучающихся (ЦОО)", "unit_name_en": "Student Service Center (SSC)",
         "classification": Classification.INTERNAL,
         "review_interval_years": 3, "replaces": "ПСП 11-02.112.-2023"},
        {"major": 4, "minor": 0, "approved_by_position": "Президент-ректор", "approved_by_name": "С. Байбеков",
         "approval_body": "Ученый совет", "protocol_number": "7", "approved_on": D(2024, 2, 29),
         "effective_on": D(2024, 2, 29), "note": "Редакция 4. Разработано рабочей группой (руководитель РГ: "
                                                 "проректор по УМР Жамангарин Д.С.)."},
        [(position, name, D(2024, 2, 22)) for position, name in AGREED_2024],
        True,
    ),
]  # fmt: skip


@transaction.atomic
def preload_platform_regulations(institution: Institution, *, acting_user: MaybeUser = None) -> dict[str, int]:
    """Register the platform's regulations (idempotent); returns how many documents and versions were added."""
    added = {"documents": 0, "versions": 0}
    for fields, version_fields, agreements, in_force in PLATFORM_REGULATIONS:
        values = dict(fields)
        predecessor = values.pop("replaces", None)
        if predecessor:
            values["replaces"] = Document.objects.get(institution=institution, code=predecessor)
        document = Document.objects.filter(institution=institution, code=values["code"]).first()
        if document is None:
            document = services.create_document(institution=institution, acting_user=acting_user, **values)
            added["documents"] += 1
        major, minor = version_fields["major"], version_fields["minor"]
        if DocumentVersion.objects.filter(document=document, major=major, minor=minor).exists():
            continue
        version = services.add_version(document, acting_user=acting_user, **version_fields)
        for position, name, day in agreements:
            Agreement.objects.create(version=version, position=position, full_name=name, agreed_on=day)
        version.status = VersionStatus.APPROVED
        version.save(update_fields=["status"])
        if in_force:
            services.put_in_force(version, acting_user=acting_user)
        else:
            services.refresh_document(document)
        added["versions"] += 1
    from mansap.regulations.services.templates import ensure_templates  # the templates are registered forms too

    added.update(ensure_templates(institution, acting_user=acting_user))
    return added

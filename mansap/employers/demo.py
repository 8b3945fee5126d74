"""Demo data of the employers app, in three steps of the demo that mansap/demo.py runs in order:

- `seed_organizations()`: the registry of employers, practice bases and sponsors, right after core's tree
  and before the people (students' sponsors are organizations), drawing from the same random stream.
  Two organizations are typed twice (once without a BIN, once with the phone written differently) so
  the Career Center has something to merge;
- `seed_partnerships()`: agreements (some expiring soon, some expired), joint units, and a sponsored
  student filed under each copy;
- `seed_vacancies_and_events()`: the two demo employer contacts, vacancies in every state, applications
  with tiny PDF CVs, a sent shortlist and six career events of the academic year.

Deterministic for a seed: dates are counted from `today`, choices from `rng`. Every seed function has the
signature of the other apps' (institution, *, rng, today) -> counts; each has a flush counterpart.
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from mansap.common.demo import DEMO_EMAIL_DOMAIN, current_start_year, latin_slug, purge, random_phone, tiny_pdf
from mansap.common.identifiers import make_bin
from mansap.core.choices import Region, StudentStatus, region_code
from mansap.core.models import Department, EducationalProgram, Institution, Membership, Student, User
from mansap.employers.choices import AgreementKind, JointUnitKind, OrganizationSize
from mansap.employers.models import (
    Application,
    CareerEvent,
    EmployerContact,
    EventRegistration,
    JointUnit,
    Organization,
    OrganizationMerge,
    PartnershipAgreement,
    StudentProfile,
    Vacancy,
)
from mansap.employers.services.events import register_organization, register_student
from mansap.employers.services.vacancies import (
    add_to_shortlist,
    apply,
    approve_vacancy,
    open_shortlist,
    reject_vacancy,
    submit_vacancy,
)

# Employers, practice bases and sponsors; made-up names. (short, kk, ru, en, region, sponsor?)
ORGANIZATIONS = [
    ("Astana Soft", "«Астана Софт» ЖШС", "ТОО «Астана Софт»", "Astana Soft LLP", "Астана қ.", True),
    ("Qazaq Digital", "«Qazaq Digital Solutions» ЖШС", "ТОО «Qazaq Digital Solutions»", "Qazaq Digital Solutions LLP",
     "Астана қ.", False),
    ("Нұр Телеком", "«Нұр Телеком» АҚ", "АО «Нур Телеком»", "Nur Telecom JSC", "Алматы қ.", False),
    ("Есіл Құрылыс", "«Есіл Құрылыс Групп» ЖШС", "ТОО «Есиль Курылыс Групп»", "Esil Qurylys Group LLP",
     "Астана қ.", True),
    ("Сарыарқа Агро", "«Сарыарқа Агро Өнім» АҚ", "АО «Сарыарка Агро Оним»", "Saryarka Agro Onim JSC",
     "Ақмола облысы", True),
    ("Алтын Дала Тағам", "«Алтын Дала Тағам» ЖШС", "ТОО «Алтын Дала Тагам»", "Altyn Dala Tagam LLP",
     "Солтүстік Қазақстан облысы", False),
    ("Көкше Сүт", "«Көкше Сүт» ЖШС", "ТОО «Кокше Сут»", "Kokshe Sut LLP", "Ақмола облысы", False),
    ("Дала Энерго", "«Дала Энерго Сервис» ЖШС", "ТОО «Дала Энерго Сервис»", "Dala Energo Service LLP",
     "Қарағанды облысы", True),
    ("Ертіс Жылу", "«Ертіс Жылу Желісі» АҚ", "АО «Иртыш Тепловые Сети»", "Ertis Heat Network JSC", "Павлодар облысы",
     False),
    ("Астана Энергосбыт", "«Астана Энергия Сату» ЖШС", "ТОО «Астана Энергосбыт»", "Astana Energy Supply LLP",
     "Астана қ.", False),
    ("Қазақ Қаржы Кеңес", "«Қазақ Қаржы Кеңес» ЖШС", "ТОО «Казах Каржы Кенес»", "Kazakh Finance Advisory LLP",
     "Астана қ.", False),
    ("Steppe Audit", "«Steppe Audit» ЖШС", "ТОО «Steppe Audit»", "Steppe Audit LLP", "Алматы қ.", False),
    ("Береке Банк", "«Береке Инвест Банк» АҚ", "АО «Береке Инвест Банк»", "Bereke Invest Bank JSC", "Алматы қ.", False),
    ("Шаңырақ Сақтандыру", "«Шаңырақ Сақтандыру» АҚ", "АО «Шанырак Страхование»", "Shanyraq Insurance JSC",
     "Астана қ.", False),
    ("Silk Way Hotels", "«Silk Way Hotels» ЖШС", "ТОО «Silk Way Hotels»", "Silk Way Hotels LLP", "Астана қ.", False),
    ("Бурабай Демалыс", "«Бурабай Демалыс Орталығы» ЖШС", "ТОО «Курортный центр Бурабай»", "Burabay Resort Centre LLP",
     "Ақмола облысы", False),
    ("Turan Travel", "«Turan Travel» ЖШС", "ТОО «Turan Travel»", "Turan Travel LLP", "Шымкент қ.", False),
    ("Сапа Стандарт", "«Сапа Стандарт Сынақ Орталығы» ЖШС", "ТОО «Испытательный центр Сапа Стандарт»",
     "Sapa Standard Testing Centre LLP", "Астана қ.", False),
    ("ҚазМетрология Сервис", "«Метрология Сервис» ЖШС", "ТОО «Метрология Сервис»", "Metrology Service LLP",
     "Қарағанды облысы", False),
    ("Жетісу Құрылыс Материалдары", "«Жетісу Құрылыс Материалдары» ЖШС", "ТОО «Жетысу Строительные Материалы»",
     "Zhetysu Building Materials LLP", "Жетісу облысы", False),
    ("Батыс Мұнай Сервис", "«Батыс Мұнай Сервис» ЖШС", "ТОО «Батыс Мунай Сервис»", "Batys Munai Service LLP",
     "Атырау облысы", True),
    ("Каспий Логистикс", "«Каспий Логистикс» ЖШС", "ТОО «Каспий Логистикс»", "Caspian Logistics LLP",
     "Маңғыстау облысы", False),
    ("Ақтөбе Машина", "«Ақтөбе Машина Жасау Зауыты» АҚ", "АО «Актюбинский машиностроительный завод»",
     "Aktobe Machine-Building Plant JSC", "Ақтөбе облысы", False),
    ("Шығыс Техмаш", "«Шығыс Техмаш» ЖШС", "ТОО «Шыгыс Техмаш»", "Shygys Techmash LLP",
     "Шығыс Қазақстан облысы", False),
    ("Qostanai Grain", "«Қостанай Астық Өнімдері» ЖШС", "ТОО «Костанай Зерновые Продукты»",
     "Qostanai Grain Products LLP", "Қостанай облысы", False),
    ("Тараз Қант", "«Тараз Қант Зауыты» ЖШС", "ТОО «Таразский сахарный завод»", "Taraz Sugar Plant LLP",
     "Жамбыл облысы", False),
    ("Ұлытау Кен", "«Ұлытау Кен Жабдықтары» ЖШС", "ТОО «Улытау Горное Оборудование»", "Ulytau Mining Equipment LLP",
     "Ұлытау облысы", False),
    ("Семей Ет", "«Семей Ет Комбинаты» ЖШС", "ТОО «Семипалатинский мясокомбинат»", "Semey Meat Plant LLP",
     "Абай облысы", False),
    ("Digital Akimat Lab", "«Цифрлық Қала Зертханасы» ЖШС", "ТОО «Лаборатория цифрового города»",
     "Digital City Lab LLP", "Астана қ.", False),
    ("Оқу Орталығы", "«Білім Инновация» оқу орталығы ЖШС", "ТОО «Учебный центр Білім Инновация»",
     "Bilim Innovation Training Centre LLP", "Түркістан облысы", False),
]  # fmt: skip

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


def seed_organizations(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    """The registry: ORGANIZATIONS in order (BINs and phones drawn from `rng`), then the DUPLICATES' copies."""
    organizations: dict[str, Organization] = {}
    for i, (short, kk, ru, en, region, _sponsor) in enumerate(ORGANIZATIONS):
        slug = latin_slug(short)[:24] or f"org{i}"
        organizations[short] = Organization.objects.create(
            institution=institution,
            bin=make_bin(rng.randint(1998, 2022), rng.randint(1, 12), "4", "0", rng.randrange(100000)),
            short_name=short,
            name_kk=kk,
            name_ru=ru,
            name_en=en,
            region=region_code(region) or "",
            email=f"hr@{slug}.example",
            phone=random_phone(rng),
        )
    duplicates = 0
    for short, changes in DUPLICATES:
        original = organizations.get(short)
        if original is None:
            continue
        copy = Organization.objects.get(pk=original.pk)
        copy.pk = None
        copy._state.adding = True
        for name, value in changes.items():
            setattr(copy, name, value)
        copy.region = copy.region or Region.ASTANA
        copy.save()
        duplicates += 1
    return {"organizations": len(organizations), "duplicate organizations": duplicates}


def flush_organizations(institution: Institution) -> None:
    """Delete the institution's organizations (after everything that points at them: students, bases...)."""
    Organization.objects.filter(institution=institution).delete()


def sponsor_ids(institution: Institution) -> list[int]:
    """The organizations that fund students ("other grant"), in ORGANIZATIONS order: core's people step takes them."""
    sponsors = [short for short, _kk, _ru, _en, _region, sponsor in ORGANIZATIONS if sponsor]
    pks = dict(
        Organization.objects.filter(institution=institution, short_name__in=sponsors).values_list("short_name", "pk")
    )
    return [pks[short] for short in sponsors if short in pks]


def typed_twice(institution: Institution) -> list[tuple[Organization, Organization]]:
    """The DUPLICATES as (original, copy) pairs: the rows a merge of the two would move are filed under the copy."""
    names = [name for short, changes in DUPLICATES for name in (short, str(changes["short_name"]))]
    found = {o.short_name: o for o in Organization.objects.filter(institution=institution, short_name__in=names)}
    pairs = []
    for short, changes in DUPLICATES:
        original, copy = found.get(short), found.get(str(changes["short_name"]))
        if original is not None and copy is not None:
            pairs.append((original, copy))
    return pairs


def seed_partnerships(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    """Agreements, joint units and a sponsored student under each copy; nothing when the institution has agreements."""
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
    # A sponsored student was filed under each copy: a merge moves it back. (The graduates demo does the same
    # with an assistance action; employment records stay: they carry the employer's BIN, which the copy lacks.)
    for original, copy in typed_twice(institution):
        first = Student.objects.filter(sponsor=original).order_by("pk").values_list("pk", flat=True)[:1]
        Student.objects.filter(pk__in=list(first)).update(sponsor=copy)
    return {"partnership agreements": len(agreements), "joint units": units}


def flush_partnerships(institution: Institution) -> None:
    """Delete the institution's agreements, joint units and merge log (before its organizations and departments)."""
    purge(JointUnit.objects.filter(organization__institution=institution))
    purge(PartnershipAgreement.objects.filter(organization__institution=institution))
    purge(OrganizationMerge.objects.filter(institution=institution))


# ---- Vacancies, applications, shortlists and career events -----------------------------------------------------
# The demo employer logins (created by mansap.core.demo's seed_people) and the organization each works for.
EMPLOYER_CONTACTS = [
    ("employer", "Astana Soft", "HR-менеджер", "+7 701 555 12 34"),
    ("employer2", "Береке Банк", "Руководитель отдела персонала", "+7 702 555 43 21"),
]

# (organization, kind, title, description, department codes of the suitable programs, employment type,
#  salary from, salary to, plan). Plans: "public:N" approved N days ago, "expired", "submitted", "draft",
#  "rejected". Astana Soft and Береке Банк are the demo employers' organizations.
VACANCIES = [
    ("Astana Soft", "job", "Младший Python-разработчик",
     "Разработка веб-сервисов на Django для государственных и частных заказчиков. Наставник с первого дня.",
     ["IS"], "full_time", 350_000, 500_000, "public:3"),
    ("Astana Soft", "internship", "Тестілеу бойынша тағылымдамашы (QA)",
     "Веб-қосымшаларды қолмен және автоматты тестілеу. Үш айлық ақылы тағылымдама, кейін жұмысқа қабылдау мүмкін.",
     ["IS", "ISEC"], "part_time", 150_000, None, "public:6"),
    ("Astana Soft", "job", "Аналитик данных",
     "Подготовка отчётов и дашбордов, SQL, Python. Опыт стажировки приветствуется.",
     ["IS", "ECON"], "remote", 400_000, 600_000, "submitted"),
    ("Береке Банк", "job", "Специалист по кредитованию МСБ",
     "Консультирование клиентов малого и среднего бизнеса, анализ финансовой отчётности заёмщиков.",
     ["FIN"], "full_time", 300_000, 420_000, "public:8"),
    ("Береке Банк", "internship", "Стажёр в отдел финансового мониторинга",
     "Летняя стажировка: работа с транзакциями, подготовка справок, изучение требований AML/KYC.",
     ["FIN", "ECON"], "full_time", None, None, "draft"),
    ("Qazaq Digital", "job", "Ақпараттық қауіпсіздік маманы",
     "Желілік инфрақұрылымды бақылау, оқиғаларға жауап беру, қауіпсіздік саясатын жүргізу.",
     ["ISEC"], "shift", 380_000, 520_000, "public:12"),
    ("Көкше Сүт", "job", "Технолог молочного производства",
     "Контроль технологического процесса, ведение документации по ХАССП, работа с лабораторией.",
     ["FOOD"], "full_time", 280_000, 350_000, "public:2"),
    ("Сапа Стандарт", "internship", "Сынақ зертханасының тағылымдамашысы",
     "Өнім үлгілерін сынау, хаттамаларды рәсімдеу, метрологиялық бақылауға қатысу.",
     ["STD", "FOOD"], "full_time", 120_000, None, "public:15"),
    ("Есіл Құрылыс", "job", "Инженер ПТО",
     "Ведение исполнительной документации, подсчёт объёмов работ, взаимодействие с техническим надзором.",
     ["CONS"], "full_time", 400_000, 550_000, "public:20"),
    ("Silk Way Hotels", "internship", "Стажёр службы приёма и размещения",
     "Работа на ресепшене отеля, бронирование, общение с гостями на казахском, русском и английском.",
     ["TOUR"], "shift", 130_000, 160_000, "expired"),
    ("Дала Энерго", "job", "Электр жабдықтары жөніндегі инженер",
     "Қосалқы станциялардың жабдықтарына қызмет көрсету, жөндеу жоспарларын құру.",
     ["ENER"], "shift", 420_000, 600_000, "submitted"),
    ("Steppe Audit", "job", "Ассистент аудитора",
     "Участие в аудиторских проверках, сбор и анализ первичных документов.",
     ["FIN"], "full_time", 250_000, 320_000, "rejected"),
]  # fmt: skip
REJECTION_REASON = "Укажите обязанности подробнее и диапазон зарплаты; описание слишком общее."

# (kind, kk, ru, en, days from today, start hour, hours, department code or "", capacity, organizations)
CAREER_EVENTS = [
    ("job_fair", "Бос жұмыс орындарының жәрмеңкесі", "Ярмарка вакансий", "Job fair",
     14, 10, 5, "", 300, ["Astana Soft", "Qazaq Digital", "Береке Банк", "Көкше Сүт", "Есіл Құрылыс"]),
    ("presentation", "«Астана Софт» компаниясының таныстырылымы", "Презентация компании «Астана Софт»",
     "Astana Soft company presentation", -20, 15, 2, "IS", 60, ["Astana Soft"]),
    ("round_table", "Дөңгелек үстел: қаржы саласындағы түлектердің мансабы",
     "Круглый стол: карьера выпускников в финансовой отрасли", "Round table: graduate careers in finance",
     -35, 14, 2, "FIN", 40, ["Береке Банк", "Steppe Audit"]),
    ("guest_lecture", "Қонақ дәріс: ақпараттық қауіпсіздік тәжірибеде",
     "Гостевая лекция: информационная безопасность на практике", "Guest lecture: information security in practice",
     7, 13, 2, "ISEC", None, ["Qazaq Digital"]),
    ("training_cv", "Тренинг: түйіндеме жазу", "Тренинг: как написать резюме", "Training: writing a CV",
     -10, 16, 2, "", 25, []),
    ("business_game", "Іскерлік ойын: «Стартап құру»", "Деловая игра «Создай стартап»",
     "Business game: build a startup", 21, 11, 4, "", 30, []),
]  # fmt: skip

PROFILE_LANGUAGES = ["kk, ru, en B1", "ru, kk, en B2", "kk, ru", "ru, en C1", "kk, ru, en A2, tr"]
PROFILE_SKILLS = [
    "Python, Django, SQL, Git", "Excel, 1С: Бухгалтерия, МСФО", "Photoshop, Figma, SMM",
    "Linux, сети, Wireshark", "HACCP, лабораторный анализ, Word/Excel",
]  # fmt: skip


def _cv_file(student: Student) -> SimpleUploadedFile:
    name = f"{student.last_name_latin or 'student'}-{student.first_name_latin or student.pk}".lower()
    body = tiny_pdf(f"CV: {student.first_name_latin} {student.last_name_latin}")
    return SimpleUploadedFile(f"cv-{latin_file_name(name)}.pdf", body, content_type="application/pdf")


def latin_file_name(text: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c == "-") else "-" for c in text)[:40] or "cv"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def seed_vacancies_and_events(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    """Employer contacts, vacancies in every state, applications, a sent shortlist and career events.

    Goes through the services (submit/approve/reject, apply, register_student/register_organization) acting
    as the demo Career Center login `cc`; nothing when the institution has vacancies or `cc` is not the demo's.
    """
    if Vacancy.objects.filter(institution=institution).exists():
        return {}
    demo_users = {u.username: u for u in User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")}
    cc = demo_users.get("cc")
    if cc is None:  # a real account named cc was left alone: no one to approve as
        return {}
    orgs = {o.short_name: o for o in Organization.objects.filter(institution=institution).order_by("pk")}
    programs: dict[str, list[EducationalProgram]] = {}
    for program in EducationalProgram.objects.filter(department__faculty__institution=institution).order_by("code"):
        programs.setdefault(program.department.code, []).append(program)

    employers: dict[str, User] = {}
    for username, short, position, phone in EMPLOYER_CONTACTS:
        user = demo_users.get(username)
        if user is None or short not in orgs or user_has_membership(user):
            continue
        EmployerContact.objects.create(
            user=user, organization=orgs[short], position=position, phone=phone, invited_by=cc,
            invited_at=_at(today - dt.timedelta(days=30), 10),
        )  # fmt: skip
        employers[short] = user

    vacancies: list[Vacancy] = []
    for short, kind, title, description, departments, employment, salary_from, salary_to, plan in VACANCIES:
        organization = orgs.get(short)
        if organization is None:
            continue
        author = employers.get(short, cc)
        vacancy = Vacancy.objects.create(
            institution=institution, organization=organization, kind=kind, title=title, description=description,
            region=organization.region, employment_type=employment, salary_from=salary_from, salary_to=salary_to,
            contact_email=organization.email, created_by=author,
        )  # fmt: skip
        vacancy.programs.set([p for code in departments for p in programs.get(code, [])])
        if plan == "draft":
            vacancies.append(vacancy)
            continue
        submit_vacancy(vacancy, acting_user=author)
        if plan.startswith("public:"):
            published = today - dt.timedelta(days=int(plan.split(":")[1]))
            vacancy.expires_on = today + dt.timedelta(days=rng.randint(25, 55))
            approve_vacancy(vacancy, acting_user=cc, today=published)
        elif plan == "expired":
            published = today - dt.timedelta(days=75)
            vacancy.expires_on = published + dt.timedelta(days=30)
            approve_vacancy(vacancy, acting_user=cc, today=published)
        elif plan == "rejected":
            reject_vacancy(vacancy, REJECTION_REASON, acting_user=cc)
        vacancies.append(vacancy)

    # Students who applied: the demo `student` login first, then third- and fourth-year students.
    studying = Student.objects.filter(institution=institution, status=StudentStatus.STUDYING, graduation_date=None)
    login_student = studying.filter(user__username="student").first()
    seniors = list(studying.filter(course__gte=3).select_related("program__department").order_by("pk"))
    applicants = ([login_student] if login_student else []) + [
        s for s in rng.sample(seniors, min(5, len(seniors))) if s != login_student
    ]
    profiles = 0
    for i, student in enumerate(applicants):
        profile = StudentProfile(
            student=student,
            languages=PROFILE_LANGUAGES[i % len(PROFILE_LANGUAGES)],
            skills=PROFILE_SKILLS[i % len(PROFILE_SKILLS)],
            share_contacts=i % 2 == 0,
            share_gpa=i % 3 != 2,
            share_cv=i != 1,
        )
        cv = _cv_file(student)
        profile.cv.save(cv.name or "cv.pdf", cv, save=False)
        profile.save()
        profiles += 1
    public = [v for v in vacancies if v.is_public()]
    applications = 0
    for i, student in enumerate(applicants):
        for vacancy in rng.sample(public, min(len(public), 1 + i % 2)):
            apply(
                vacancy, student, cv=_cv_file(student), cover_letter="Здравствуйте! Прошу рассмотреть мою кандидатуру."
            )
            applications += 1

    shortlists = 0
    target = next((v for v in public if v.applications.exists()), None)
    if target is not None:
        shortlist = open_shortlist(target, acting_user=cc)
        students = [a.student for a in target.applications.select_related("student").order_by("pk")]
        add_to_shortlist(shortlist, students, note="Рекомендован Центром карьеры")
        # send_shortlist() would e-mail the contacts (printed by the console backend): mark it sent instead.
        shortlist.sent_at = _at(today - dt.timedelta(days=1), 11)
        shortlist.save(update_fields=["sent_at"])
        shortlists = 1

    events, registrations = seed_career_events(institution, rng=rng, today=today, cc=cc, orgs=orgs)
    return {
        "employer contacts": len(employers),
        "vacancies": len(vacancies),
        "student profiles": profiles,
        "applications": applications,
        "shortlists": shortlists,
        "career events": events,
        "event registrations": registrations,
    }


def user_has_membership(user: User) -> bool:
    return Membership.objects.filter(user=user).exists()


def seed_career_events(
    institution: Institution, *, rng: random.Random, today: dt.date, cc: User, orgs: dict[str, Organization]
) -> tuple[int, int]:
    """Six events of the current academic year: past ones with attendance, upcoming ones with registrations."""
    first_day = dt.date(current_start_year(today), 9, 1)
    last_day = dt.date(first_day.year + 1, 6, 30)
    departments = {d.code: d for d in Department.objects.filter(faculty__institution=institution)}
    student_ids = list(
        Student.objects.filter(institution=institution, status=StudentStatus.STUDYING, graduation_date=None)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    students = Student.objects.in_bulk(rng.sample(student_ids, min(60, len(student_ids))))
    pool = [students[pk] for pk in sorted(students)]
    events = registrations = 0
    for kind, kk, ru, en, days, hour, hours, department, capacity, companies in CAREER_EVENTS:
        day = min(max(today + dt.timedelta(days=days), first_day), last_day)
        starts_at = _at(day, hour)
        event = CareerEvent.objects.create(
            institution=institution, kind=kind, title_kk=kk, title_ru=ru, title_en=en,
            description=ru + ". " + "Организатор: Центр карьеры КазУТБ.",
            starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=hours),
            location="Главный корпус, актовый зал" if kind == "job_fair" else f"Аудитория {rng.randint(101, 420)}",
            department=departments.get(department), capacity=capacity,
        )  # fmt: skip
        events += 1
        for n, short in enumerate(companies, start=1):
            if short in orgs:
                booth = f"A-{n}" if kind == "job_fair" else ""
                register_organization(event, orgs[short], booth, acting_user=cc)
                registrations += 1
        size = min(capacity or 20, rng.randint(8, 18), len(pool))
        chosen = rng.sample(pool, size)
        if day < today:  # past: registered before, attendance marked
            rows = [
                EventRegistration(
                    event=event,
                    student=student,
                    registered_at=starts_at - dt.timedelta(days=rng.randint(2, 10)),
                    attended=rng.random() < 0.8,
                )
                for student in chosen
            ]
            EventRegistration.objects.bulk_create(rows)
            registrations += len(rows)
        else:
            for student in chosen:
                register_student(event, student, now=_at(today - dt.timedelta(days=rng.randint(0, 5)), 9))
                registrations += 1
    return events, registrations


def flush_vacancies_and_events(institution: Institution) -> None:
    """Delete the institution's events, vacancies (applications, shortlists), CV files and student profiles."""
    events = CareerEvent.objects.filter(institution=institution)
    CareerEvent.organizations.through.objects.filter(careerevent__in=events).delete()
    purge(events)
    vacancies = Vacancy.objects.filter(institution=institution)
    profiles = StudentProfile.objects.filter(student__institution=institution)
    applications = Application.objects.filter(vacancy__in=vacancies)
    # Both FileFields use the default storage; the files go once the deletion is committed.
    names = [
        name for queryset in (applications, profiles) for name in queryset.exclude(cv="").values_list("cv", flat=True)
    ]

    def delete_files() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete_files)
    Vacancy.programs.through.objects.filter(vacancy__in=vacancies).delete()
    purge(vacancies)
    purge(profiles)
    purge(EmployerContact.objects.filter(organization__institution=institution))

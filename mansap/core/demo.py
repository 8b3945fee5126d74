"""Demo data of core for KazUTB: the institution tree, calendar, staff, students, graduates and the demo logins.

Two steps of the demo that mansap/demo.py runs in order (core imports no other app):

- `seed()`: faculties, departments, programs, the academic calendar and the teaching staff;
- `seed_people()`: students, graduates, the demo logins and their memberships. It runs after the
  employers' organizations (students' sponsors are organizations) and draws from the same random
  stream as `seed()` and the organizations, so the same seed gives the same people (names, IINs,
  diplomas) on every run.

It is written for scale: every value is computed in Python first and students go to the database
with bulk_create in batches, so 200,000 graduates load in a couple of minutes on SQLite.

Student rows are bulk-created on purpose WITHOUT django-simple-history records:
history is the audit trail of user edits, and a seed is not one (bulk_create sends
no post_save, so no historical rows are written). The few structural rows
(faculties, programs, users...) are created one by one and do get a "created" row.

Every e-mail address uses a reserved `.example` domain, so the platform can never
mail a real person from demo data; the phone numbers are made up.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TypedDict

from django.conf import settings
from django.contrib.auth.hashers import make_password

from mansap.common.demo import (
    DEMO_EMAIL_DOMAIN,
    Progress,
    current_start_year,
    latin_slug,
    no_progress,
    purge,
    random_phone,
)
from mansap.common.identifiers import make_bin, make_iin
from mansap.common.translit import to_latin
from mansap.core.choices import (
    Access,
    CalendarEventKind,
    Funding,
    Position,
    ProgramLevel,
    Role,
    Sex,
    StudentStatus,
    StudyForm,
    StudyLanguage,
)
from mansap.core.models import (
    AcademicYear,
    CalendarEvent,
    Department,
    EducationalProgram,
    Employee,
    Faculty,
    Institution,
    Membership,
    ProgramGroup,
    Student,
    User,
)

DEMO_PASSWORD = "mansap-demo"  # public on purpose: printed by seed_demo
DEFAULT_GRADUATES = 1200
DEFAULT_COHORTS = 4
DEFAULT_BATCH_SIZE = 5000

# The demo university's BIN is made up (make_bin gives a valid check digit); --flush
# only ever deletes an institution that carries it, never a real one with the same code.
DEMO_INSTITUTION_BIN = make_bin(1995, 9, "4", "0", 1996)

INSTITUTION = {
    "short_name": "KazUTB",
    "name_kk": "Қ. Құлажанов атындағы Қазақ технология және бизнес университеті",
    "name_ru": "Казахский университет технологии и бизнеса им. К. Кулажанова",
    "name_en": "K. Kulazhanov Kazakh University of Technology and Business",
    "city": "Астана",
    "website": "https://kazutb.edu.kz",
}

# (code, kk, ru, en)
FACULTIES = [
    ("IT", "Ақпараттық технологиялар факультеті", "Факультет информационных технологий",
     "Faculty of Information Technologies"),
    ("EB", "Экономика және бизнес факультеті", "Факультет экономики и бизнеса", "Faculty of Economics and Business"),
    ("TECH", "Технологиялық факультет", "Технологический факультет", "Faculty of Technology"),
    ("ENG", "Инженерлік-құрылыс факультеті", "Инженерно-строительный факультет",
     "Faculty of Engineering and Construction"),
]  # fmt: skip

# (faculty, code, graduating, kk, ru, en, degree of the staff)
DEPARTMENTS = [
    ("IT", "IS", True, "Ақпараттық жүйелер кафедрасы", "Кафедра информационных систем",
     "Department of Information Systems", "к.т.н."),
    ("IT", "ISEC", True, "Информатика және ақпараттық қауіпсіздік кафедрасы",
     "Кафедра информатики и информационной безопасности", "Department of Informatics and Information Security",
     "к.ф.-м.н."),
    ("IT", "MATH", False, "Жоғары математика және физика кафедрасы", "Кафедра высшей математики и физики",
     "Department of Higher Mathematics and Physics", "к.ф.-м.н."),
    ("EB", "ECON", True, "Экономика кафедрасы", "Кафедра экономики", "Department of Economics", "к.э.н."),
    ("EB", "MGMT", True, "Менеджмент және маркетинг кафедрасы", "Кафедра менеджмента и маркетинга",
     "Department of Management and Marketing", "к.э.н."),
    ("EB", "FIN", True, "Қаржы және есеп кафедрасы", "Кафедра финансов и учёта",
     "Department of Finance and Accounting", "к.э.н."),
    ("EB", "TOUR", True, "Туризм және сервис кафедрасы", "Кафедра туризма и сервиса",
     "Department of Tourism and Service", "к.э.н."),
    ("EB", "LANG", False, "Тілдер кафедрасы", "Кафедра языков", "Department of Languages", "к.филол.н."),
    ("TECH", "FOOD", True, "Азық-түлік өнімдерінің технологиясы кафедрасы",
     "Кафедра технологии продовольственных продуктов", "Department of Food Technology", "к.т.н."),
    ("TECH", "STD", True, "Стандарттау, метрология және сертификаттау кафедрасы",
     "Кафедра стандартизации, метрологии и сертификации", "Department of Standardization, Metrology and Certification",
     "к.т.н."),
    ("ENG", "CONS", True, "Құрылыс және құрылыс материалдары кафедрасы",
     "Кафедра строительства и строительных материалов", "Department of Construction and Building Materials", "к.т.н."),
    ("ENG", "ENER", True, "Энергетика және машина жасау кафедрасы", "Кафедра энергетики и машиностроения",
     "Department of Power Engineering and Mechanical Engineering", "к.т.н."),
]  # fmt: skip

# Groups of programs of the national classifier: (code, kk, ru, en)
PROGRAM_GROUPS = [
    ("B015", "Жаратылыстану пәндері бойынша мұғалімдер даярлау", "Подготовка учителей по естественнонаучным предметам",
     "Teacher training in natural science subjects"),
    ("B044", "Менеджмент және басқару", "Менеджмент и управление", "Management and administration"),
    ("B045", "Аудит және салық салу", "Аудит и налогообложение", "Audit and taxation"),
    ("B046", "Қаржы, экономика, банк және сақтандыру ісі", "Финансы, экономика, банковское и страховое дело",
     "Finance, economics, banking and insurance"),
    ("B047", "Маркетинг және жарнама", "Маркетинг и реклама", "Marketing and advertising"),
    ("B057", "Ақпараттық технологиялар", "Информационные технологии", "Information technologies"),
    ("B058", "Ақпараттық қауіпсіздік", "Информационная безопасность", "Information security"),
    ("B063", "Электр техникасы және энергетика", "Электротехника и энергетика", "Electrical engineering and power"),
    ("B064", "Механика және металл өңдеу", "Механика и металлообработка", "Mechanical engineering"),
    ("B072", "Тамақ өнімдерін өндіру технологиясы", "Технология производства продуктов питания",
     "Food production technology"),
    ("B074", "Қала құрылысы, құрылыс жұмыстары және азаматтық құрылыс",
     "Градостроительство, строительные работы и гражданское строительство",
     "Urban planning, construction and housing"),
    ("B076", "Стандарттау, сертификаттау және метрология", "Стандартизация, сертификация и метрология",
     "Standardization, certification and metrology"),
    ("B091", "Туризм", "Туризм", "Tourism"),
    ("B093", "Қонақ үй ісі", "Гостиничное дело", "Hospitality"),
    ("M072", "Менеджмент және басқару", "Менеджмент и управление", "Management and administration"),
    ("M094", "Ақпараттық технологиялар", "Информационные технологии", "Information technologies"),
    ("M110", "Тамақ өнімдерін өндіру", "Производство продуктов питания", "Food production"),
]  # fmt: skip

# (department, code, group, abbreviation for student groups, weight among graduates, kk, ru, en)
PROGRAMS = [
    ("IS", "6B06101", "B057", "ИС", 10, "Ақпараттық жүйелер", "Информационные системы", "Information systems"),
    ("IS", "6B06102", "B057", "ВТ", 9, "Есептеу техникасы және бағдарламалық қамтамасыз ету",
     "Вычислительная техника и программное обеспечение", "Computer science and software"),
    ("ISEC", "6B06103", "B058", "СИБ", 6, "Ақпараттық қауіпсіздік жүйелері", "Системы информационной безопасности",
     "Information security systems"),
    ("ISEC", "6B01501", "B015", "ИНФ", 4, "Информатика", "Информатика", "Informatics (teacher education)"),
    ("ECON", "6B04101", "B046", "ЭК", 8, "Экономика", "Экономика", "Economics"),
    ("MGMT", "6B04102", "B044", "МН", 8, "Менеджмент", "Менеджмент", "Management"),
    ("MGMT", "6B04105", "B047", "МР", 5, "Маркетинг", "Маркетинг", "Marketing"),
    ("FIN", "6B04103", "B045", "УА", 9, "Есеп және аудит", "Учёт и аудит", "Accounting and audit"),
    ("FIN", "6B04104", "B046", "ФН", 9, "Қаржы", "Финансы", "Finance"),
    ("TOUR", "6B11101", "B091", "ТУР", 5, "Туризм", "Туризм", "Tourism"),
    ("TOUR", "6B11102", "B093", "ГД", 4, "Қонақ үй бизнесі", "Гостиничный бизнес", "Hospitality management"),
    ("FOOD", "6B07201", "B072", "ТПП", 7, "Тағам өнімдерінің технологиясы", "Технология пищевых продуктов",
     "Food technology"),
    ("FOOD", "6B07202", "B072", "ТПерП", 5, "Қайта өңдеу өндірістерінің технологиясы",
     "Технология перерабатывающих производств", "Technology of processing industries"),
    ("STD", "6B07102", "B076", "СС", 5, "Стандарттау және сертификаттау", "Стандартизация и сертификация",
     "Standardization and certification"),
    ("CONS", "6B07301", "B074", "СТР", 7, "Құрылыс", "Строительство", "Construction"),
    ("CONS", "6B07302", "B074", "ПСМ", 4, "Құрылыс материалдарын, бұйымдарын және конструкцияларын өндіру",
     "Производство строительных материалов, изделий и конструкций",
     "Production of building materials, products and structures"),
    ("ENER", "6B07101", "B063", "ЭЭ", 7, "Электр энергетикасы", "Электроэнергетика", "Electric power engineering"),
    ("ENER", "6B07103", "B064", "ТМО", 4, "Технологиялық машиналар және жабдықтар",
     "Технологические машины и оборудование", "Technological machines and equipment"),
    ("IS", "7M06101", "M094", "МИС", 2, "Ақпараттық жүйелер", "Информационные системы", "Information systems"),
    ("MGMT", "7M04102", "M072", "ММН", 2, "Менеджмент", "Менеджмент", "Management"),
    ("FOOD", "7M07201", "M110", "МТПП", 1, "Тағам өнімдерінің технологиясы", "Технология пищевых продуктов",
     "Food technology"),
]  # fmt: skip

LEVEL_BY_PREFIX = {"6B": ProgramLevel.BACHELOR, "7M": ProgramLevel.MASTER, "8D": ProgramLevel.DOCTORATE}
DURATION_BY_LEVEL = {ProgramLevel.BACHELOR: 4, ProgramLevel.MASTER: 2, ProgramLevel.DOCTORATE: 3}
DIPLOMA_SERIES: dict[str, str] = {
    ProgramLevel.BACHELOR: "ЖБ-Б",
    ProgramLevel.MASTER: "ЖМ-М",
    ProgramLevel.DOCTORATE: "ЖД-D",
}

# ---- Names -------------------------------------------------------------------------------------------------
KAZAKH_MALE = (
    "Абылай Айбек Алмас Арман Асқар Асхат Ақжол Бауыржан Бекзат Болат Дамир Даниял Дархан Дәурен Ерасыл Ербол "
    "Ержан Ерлан Жандос Жәнібек Қайрат Мағжан Мейрамбек Мұхтар Нұрболат Нұрлан Нұрсұлтан Олжас Рауан Санжар "
    "Сұлтан Талғат Темірлан Тимур Шыңғыс Әлихан Әділет Айдос Алибек Ерназар"
).split()
KAZAKH_FEMALE = (
    "Айгерім Айдана Айжан Әлия Аружан Әсел Ақбота Балнұр Гүлнұр Дана Дариға Динара Жансая Жанар Жұлдыз Зарина "
    "Інжу Қарлығаш Қамила Лаура Мадина Меруерт Мөлдір Назерке Нұргүл Салтанат Сымбат Томирис Ұлжан Аяулым "
    "Ақерке Гүлназ Дильназ Раушан Сабина Сәуле Толғанай Шұғыла Әйгерім Балжан"
).split()
KAZAKH_FATHERS = (
    "Ерлан Болат Марат Серік Қайрат Нұрлан Бауыржан Асхат Ержан Талғат Дәурен Мұрат Азамат Ғалым Жандос Руслан "
    "Ербол Әділ Бақыт Ермек Жасұлан Қанат Мейрам Сәкен Оразалы Төлеген Нұрбек Әбдірахман Жақсылық Есен"
).split()
KAZAKH_SURNAMES = (
    "Жұмабаев Сәрсенбаев Қасымов Нұрланов Оспанов Ахметов Әбдірахманов Бекмұхамедов Досмағамбетов Ержанов "
    "Жақсылықов Жүнісов Исабеков Қалиев Қожахметов Құдайбергенов Мұхаметжанов Мұратов Нұрпейісов Омаров "
    "Рахымжанов Сағынтаев Серікбаев Смағұлов Сүлейменов Төлегенов Шәкенов Әбенов Байжанов Ғабитов Есенов "
    "Жексенбаев Кенжебаев Молдабеков Тұрсынов Шәріпов Ыбыраев Әлімжанов Байтұрсынов Қуанышев"
).split()
RUSSIAN_MALE = [
    ("Александр", "Александрович", "Александровна"), ("Алексей", "Алексеевич", "Алексеевна"),
    ("Андрей", "Андреевич", "Андреевна"), ("Дмитрий", "Дмитриевич", "Дмитриевна"),
    ("Евгений", "Евгеньевич", "Евгеньевна"), ("Иван", "Иванович", "Ивановна"), ("Максим", "Максимович", "Максимовна"),
    ("Михаил", "Михайлович", "Михайловна"), ("Николай", "Николаевич", "Николаевна"),
    ("Павел", "Павлович", "Павловна"), ("Сергей", "Сергеевич", "Сергеевна"),
    ("Владимир", "Владимирович", "Владимировна"),
    ("Виктор", "Викторович", "Викторовна"), ("Юрий", "Юрьевич", "Юрьевна"), ("Артём", "Артёмович", "Артёмовна"),
    ("Денис", "Денисович", "Денисовна"), ("Игорь", "Игоревич", "Игоревна"), ("Кирилл", "Кириллович", "Кирилловна"),
    ("Роман", "Романович", "Романовна"), ("Олег", "Олегович", "Олеговна"),
]  # fmt: skip
RUSSIAN_FEMALE = (
    "Анастасия Анна Валерия Виктория Дарья Екатерина Елена Елизавета Ирина Кристина Ксения Мария Наталья Ольга "
    "Полина Светлана Татьяна Юлия Алина Софья"
).split()
# (male, female): Russian, Ukrainian and Korean surnames common in Kazakhstan
RUSSIAN_SURNAMES = [
    ("Иванов", "Иванова"), ("Ковалёв", "Ковалёва"), ("Смирнов", "Смирнова"), ("Кузнецов", "Кузнецова"),
    ("Попов", "Попова"), ("Волков", "Волкова"), ("Морозов", "Морозова"), ("Соколов", "Соколова"),
    ("Лебедев", "Лебедева"), ("Новиков", "Новикова"), ("Фёдоров", "Фёдорова"), ("Петров", "Петрова"),
    ("Павлов", "Павлова"), ("Семёнов", "Семёнова"), ("Васильев", "Васильева"), ("Зайцев", "Зайцева"),
    ("Никитин", "Никитина"), ("Ильин", "Ильина"), ("Козловский", "Козловская"), ("Шевченко", "Шевченко"),
    ("Бондаренко", "Бондаренко"), ("Ткаченко", "Ткаченко"), ("Ким", "Ким"), ("Пак", "Пак"), ("Цой", "Цой"),
]  # fmt: skip

# Kazakh letters as Russian documents spell them, for the "-ович/-овна" style of patronymic.
_RUSSIFY = str.maketrans("әғқңөұүһі", "агкноуухи")


@dataclass(frozen=True)
class PersonName:
    last_name: str
    first_name: str
    middle_name: str
    sex: str


def random_name(rng: random.Random, sex: str | None = None, kazakh_share: float = 0.75) -> PersonName:
    """A Kazakh (or Russian) name with matching sex, surname form and patronymic."""
    if sex is None:
        sex = Sex.FEMALE if rng.random() < 0.55 else Sex.MALE
    female = sex == Sex.FEMALE
    if rng.random() < kazakh_share:
        first = rng.choice(KAZAKH_FEMALE if female else KAZAKH_MALE)
        surname = rng.choice(KAZAKH_SURNAMES)
        last = surname + "а" if female else surname
        father = rng.choice(KAZAKH_FATHERS)
        if rng.random() < 0.55:
            middle = father + ("қызы" if female else "ұлы")
        else:
            middle = father.translate(_RUSSIFY) + ("овна" if female else "ович")
    else:
        first = rng.choice(RUSSIAN_FEMALE) if female else rng.choice(RUSSIAN_MALE)[0]
        last = rng.choice(RUSSIAN_SURNAMES)[1 if female else 0]
        _father, son_of, daughter_of = rng.choice(RUSSIAN_MALE)
        middle = daughter_of if female else son_of
    return PersonName(last, first, middle, str(sex))


# Programs with English-taught groups (and their share of students); the others teach in Kazakh and Russian only.
ENGLISH_SHARE = {"6B06101": 0.12, "6B06102": 0.1, "6B04101": 0.1, "6B04102": 0.12, "6B04104": 0.08,
                 "6B11102": 0.15, "7M06101": 0.25, "7M04102": 0.3}  # fmt: skip


def study_language(program_code: str, name: PersonName, iin: str) -> str:
    """A realistic language of instruction: mostly Kazakh for Kazakh names, Russian for Russian ones.

    Drawn from its own generator seeded by the (deterministic) IIN, so that adding it changed no other demo value.
    """
    rng = random.Random(f"study-language:{iin}")
    if rng.random() < ENGLISH_SHARE.get(program_code, 0.0):
        return StudyLanguage.ENGLISH
    kazakh_name = name.first_name in KAZAKH_MALE or name.first_name in KAZAKH_FEMALE
    return StudyLanguage.KAZAKH if rng.random() < (0.72 if kazakh_name else 0.04) else StudyLanguage.RUSSIAN


def random_email(rng: random.Random, name: PersonName, year: int) -> str:
    domain = rng.choice(("example.com", "example.org", "example.net"))
    return f"{latin_slug(name.first_name)}.{latin_slug(name.last_name)}{year % 100:02d}{rng.randrange(100)}@{domain}"


# ---- Calendar ------------------------------------------------------------------------------------------------
class CalendarPeriod(TypedDict):
    """The fields of one CalendarEvent."""

    kind: str
    starts_on: dt.date
    ends_on: dt.date
    title_kk: str
    title_ru: str
    title_en: str


def calendar_events(start_year: int) -> list[CalendarPeriod]:
    """The periods of one academic year (1 September to 31 August); all lie inside it."""
    y, n = start_year, start_year + 1
    d = dt.date
    return [
        CalendarPeriod(kind=CalendarEventKind.SEMESTER, starts_on=d(y, 9, 1), ends_on=d(y, 12, 20),
             title_kk="1-академиялық кезең (күзгі семестр)", title_ru="Первый академический период (осенний семестр)",
             title_en="First academic period (autumn semester)"),
        CalendarPeriod(kind=CalendarEventKind.EXAMS, starts_on=d(y, 12, 22), ends_on=d(n, 1, 10),
             title_kk="Қысқы емтихан сессиясы", title_ru="Зимняя экзаменационная сессия",
             title_en="Winter examination session"),
        CalendarPeriod(kind=CalendarEventKind.HOLIDAYS, starts_on=d(n, 1, 11), ends_on=d(n, 1, 24),
             title_kk="Қысқы демалыс", title_ru="Зимние каникулы", title_en="Winter holidays"),
        CalendarPeriod(kind=CalendarEventKind.SEMESTER, starts_on=d(n, 1, 25), ends_on=d(n, 5, 9),
             title_kk="2-академиялық кезең (көктемгі семестр)",
             title_ru="Второй академический период (весенний семестр)",
             title_en="Second academic period (spring semester)"),
        CalendarPeriod(kind=CalendarEventKind.EXAMS, starts_on=d(n, 5, 11), ends_on=d(n, 5, 30),
             title_kk="Жазғы емтихан сессиясы", title_ru="Летняя экзаменационная сессия",
             title_en="Summer examination session"),
        CalendarPeriod(kind=CalendarEventKind.PRACTICE, starts_on=d(n, 6, 1), ends_on=d(n, 6, 27),
             title_kk="Кәсіптік практика (1–3 курстар)", title_ru="Профессиональная практика (1–3 курсы)",
             title_en="Professional practice (years 1–3)"),
        CalendarPeriod(kind=CalendarEventKind.FINAL_ATTESTATION, starts_on=d(n, 5, 11), ends_on=d(n, 6, 24),
             title_kk="Қорытынды аттестаттау (бітіруші курс)", title_ru="Итоговая аттестация (выпускной курс)",
             title_en="Final attestation (graduating year)"),
        CalendarPeriod(kind=CalendarEventKind.HOLIDAYS, starts_on=d(n, 7, 1), ends_on=d(n, 8, 31),
             title_kk="Жазғы демалыс", title_ru="Летние каникулы", title_en="Summer holidays"),
    ]  # fmt: skip


# ---- Demo logins ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoLogin:
    username: str
    first_name: str
    last_name: str
    language: str
    role: str  # a Role value, "superuser" or "student"
    access: str = ""
    scope: str = ""  # "", a faculty code or a department code
    sees: str = ""


DEMO_DEPARTMENT_A = "IS"
DEMO_DEPARTMENT_B = "FIN"
DEMO_DEAN_FACULTY = "IT"

DEMO_LOGINS = [
    DemoLogin("admin", "Ерлан", "Сәрсенов", "kk", "superuser", sees="everything, Django admin"),
    DemoLogin("cc", "Гүлнар", "Ахметова", "kk", Role.CAREER_CENTER, Access.EDIT, sees="whole university, edit"),
    DemoLogin("registrar", "Сәуле", "Бекова", "ru", Role.REGISTRAR, Access.EDIT, sees="whole university, edit"),
    DemoLogin("rector", "Қайрат", "Оспанов", "kk", Role.MANAGEMENT, Access.VIEW, sees="whole university, read only"),
    DemoLogin("dean", "Мұрат", "Қасымов", "kk", Role.DEAN, Access.EDIT, DEMO_DEAN_FACULTY,
              sees="Faculty of Information Technologies, edit"),
    DemoLogin("aigerim", "Айгерім", "Жұмабаева", "kk", Role.DEPARTMENT, Access.EDIT, DEMO_DEPARTMENT_A,
              sees="Department of Information Systems, edit"),
    DemoLogin("bolat", "Болат", "Серікбаев", "ru", Role.DEPARTMENT, Access.VIEW, DEMO_DEPARTMENT_A,
              sees="Department of Information Systems, read only"),
    DemoLogin("dana", "Дана", "Нұрланова", "kk", Role.DEPARTMENT, Access.EDIT, DEMO_DEPARTMENT_B,
              sees="Department of Finance and Accounting, edit"),
    DemoLogin("student", "", "", "ru", "student"),
    # A fourth-year in a pre-graduate practice that is under way (mansap.practice.demo): the diary is open.
    DemoLogin("student2", "", "", "kk", "student", sees="a practice in progress: fills the diary"),
    # Employer contacts (no Membership; mansap.employers.demo links them to their organization)
    DemoLogin("employer", "Дәурен", "Ермеков", "kk", "employer",
              sees="Astana Soft: own organization's vacancies and applications"),
    DemoLogin("employer2", "Ирина", "Ковалёва", "ru", "employer",
              sees="Береке Банк: own organization's vacancies and applications"),
]  # fmt: skip


# ---- The demo institution ------------------------------------------------------------------------------------
def demo_institution() -> Institution | None:
    return Institution.objects.filter(code=settings.MANSAP_DEFAULT_INSTITUTION_CODE).first()


def is_demo_institution(institution: Institution) -> bool:
    return institution.bin == DEMO_INSTITUTION_BIN


def create_institution() -> Institution:
    """The demo university, with the made-up BIN that marks it as the demo's (see DEMO_INSTITUTION_BIN)."""
    return Institution.objects.create(
        code=settings.MANSAP_DEFAULT_INSTITUTION_CODE, bin=DEMO_INSTITUTION_BIN, **INSTITUTION
    )


def allocate(total: int, weights: list[float]) -> list[int]:
    """Split `total` into whole parts proportional to weights (largest remainder); the parts sum to total."""
    weight_sum = sum(weights)
    exact = [total * w / weight_sum for w in weights]
    parts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


# ---- The institution tree: seed() ----------------------------------------------------------------------------
class TreeSeeder:
    """Faculties, departments, programs, the calendar and the teaching staff of one institution."""

    def __init__(self, institution: Institution, *, rng: random.Random, today: dt.date, cohorts: int) -> None:
        self.institution = institution
        self.rng = rng
        self.cohorts = cohorts
        self.current_year = current_start_year(today)
        self.counts: dict[str, int] = {}

    def run(self) -> dict[str, int]:
        self.build_structure()
        self.build_calendar()
        self.build_employees()
        return self.counts

    def build_structure(self) -> None:
        faculties = {
            code: Faculty.objects.create(institution=self.institution, code=code, name_kk=kk, name_ru=ru, name_en=en)
            for code, kk, ru, en in FACULTIES
        }
        self.departments: dict[str, Department] = {}
        for faculty_code, code, graduating, kk, ru, en, _degree in DEPARTMENTS:
            self.departments[code] = Department.objects.create(
                faculty=faculties[faculty_code],
                code=code,
                is_graduating=graduating,
                name_kk=kk,
                name_ru=ru,
                name_en=en,
                email=f"{code.lower()}@kazutb.{DEMO_EMAIL_DOMAIN}",
                phone=f"+7 717 264 {10 + len(self.departments):02d} {self.rng.randrange(10, 100):02d}",
            )
        groups = {}
        for code, kk, ru, en in PROGRAM_GROUPS:
            # Groups are national reference data shared by institutions: reuse, never overwrite.
            groups[code], _created = ProgramGroup.objects.get_or_create(
                code=code, defaults={"name_kk": kk, "name_ru": ru, "name_en": en}
            )
        programs = 0
        for dept, code, group, _abbr, _weight, kk, ru, en in PROGRAMS:
            level = LEVEL_BY_PREFIX[code[:2]]
            EducationalProgram.objects.create(
                code=code,
                level=level,
                group=groups[group],
                department=self.departments[dept],
                duration_years=DURATION_BY_LEVEL[level],
                name_kk=kk,
                name_ru=ru,
                name_en=en,
            )
            programs += 1
        self.counts.update(
            faculties=len(faculties),
            departments=len(self.departments),
            program_groups=len(groups),
            programs=programs,
        )

    def build_calendar(self) -> None:
        first = self.current_year - self.cohorts
        events = 0
        for start_year in range(first, self.current_year + 1):
            year = AcademicYear.objects.create(
                institution=self.institution,
                start_year=start_year,
                starts_on=dt.date(start_year, 9, 1),
                ends_on=dt.date(start_year + 1, 8, 31),
                is_current=start_year == self.current_year,
            )
            for event in calendar_events(start_year):
                CalendarEvent.objects.create(academic_year=year, **event)
                events += 1
        self.counts.update(academic_years=self.current_year - first + 1, calendar_events=events)

    def build_employees(self) -> None:
        rows = []
        for _faculty, code, _graduating, _kk, _ru, _en, degree in DEPARTMENTS:
            department = self.departments[code]
            rng = self.rng
            positions = [Position.PROFESSOR] + [Position.ASSOCIATE_PROFESSOR] * rng.randint(1, 2)
            positions += [Position.SENIOR_LECTURER] * rng.randint(2, 3) + [Position.LECTURER] * rng.randint(1, 3)
            positions += [Position.ASSISTANT] * rng.randint(0, 1)
            for position in positions:
                name = random_name(self.rng, kazakh_share=0.7)
                if position == Position.PROFESSOR:
                    academic_degree = "д" + degree[1:]
                elif position in (Position.ASSOCIATE_PROFESSOR, Position.SENIOR_LECTURER):
                    academic_degree = self.rng.choice((degree, "PhD"))
                else:
                    academic_degree = self.rng.choice(("магистр", "PhD", ""))
                rows.append(
                    Employee(
                        department=department,
                        position=position,
                        academic_degree=academic_degree,
                        last_name=name.last_name,
                        first_name=name.first_name,
                        middle_name=name.middle_name,
                        email=f"{latin_slug(name.first_name)[:1]}.{latin_slug(name.last_name)}@kazutb.{DEMO_EMAIL_DOMAIN}",
                        phone=random_phone(self.rng),
                    )
                )
        # Staff rows are few; bulk-created like students (no history: nobody edited them yet).
        Employee.objects.bulk_create(rows)
        self.counts["employees"] = len(rows)


def seed(
    institution: Institution, *, rng: random.Random, today: dt.date, cohorts: int = DEFAULT_COHORTS
) -> dict[str, int]:
    """The institution tree: faculties, departments, program groups and programs; the academic years of the
    last `cohorts` graduations and the current one with their calendars; each department's teaching staff."""
    return TreeSeeder(institution, rng=rng, today=today, cohorts=cohorts).run()


def flush(institution: Institution) -> None:
    """Delete the institution and its tree, children before parents (PROTECT); the later steps' rows are gone."""
    departments = Department.objects.filter(faculty__institution=institution)
    purge(Employee.objects.filter(department__in=departments))
    EducationalProgram.objects.filter(department__in=departments).delete()
    CalendarEvent.objects.filter(academic_year__institution=institution).delete()
    AcademicYear.objects.filter(institution=institution).delete()
    departments.delete()
    Faculty.objects.filter(institution=institution).delete()
    institution.delete()


# ---- Students, graduates and the demo logins: seed_people() --------------------------------------------------
class PeopleSeeder:
    """Students of every course, graduates of the last cohorts, the demo logins and their memberships.

    Reads the tree that seed() created (in creation order, so the draws from `rng` are the same as if it had
    been built in the same object).
    """

    def __init__(
        self,
        institution: Institution,
        *,
        rng: random.Random,
        today: dt.date,
        graduates: int,
        cohorts: int,
        batch_size: int,
        sponsor_ids: Sequence[int],
        progress: Progress,
    ) -> None:
        self.institution = institution
        self.rng = rng
        self.graduates = graduates
        self.cohorts = cohorts
        self.batch_size = batch_size
        self.sponsor_ids = list(sponsor_ids)
        self.progress = progress
        self.current_year = current_start_year(today)
        self.used_iins: set[str] = set()
        self.counts: dict[str, int] = {}
        departments = Department.objects.filter(faculty__institution=institution)
        self.departments = {d.code: d for d in departments.order_by("pk")}
        self.faculties = {f.code: f for f in Faculty.objects.filter(institution=institution).order_by("pk")}
        self.programs = list(EducationalProgram.objects.filter(department__in=departments).order_by("pk"))
        info = {code: (abbr, weight) for _dept, code, _group, abbr, weight, *_names in PROGRAMS}
        self.program_info = {p.pk: info[p.code] for p in self.programs}  # pk -> (group abbreviation, weight)
        self.bachelor_programs = [p for p in self.programs if p.level == ProgramLevel.BACHELOR]
        self.employees: dict[int, list[Employee]] = {}
        for employee in Employee.objects.filter(department__in=departments).order_by("pk"):
            self.employees.setdefault(employee.department_id, []).append(employee)

    def run(self) -> dict[str, int]:
        self.counts["students"] = self.bulk_insert(self.current_students(), "students")
        self.counts["graduates"] = self.bulk_insert(self.graduate_students(), "graduates")
        self.build_users()
        return self.counts

    def iin(self, birth_date: dt.date, sex: str) -> str:
        while True:
            value = make_iin(birth_date, sex, self.rng.randrange(10000))
            if value not in self.used_iins:
                self.used_iins.add(value)
                return value

    def student(self, program: EducationalProgram, admission_year: int, group_no: int) -> Student:
        """A student with everything but status, course and graduation filled in."""
        rng = self.rng
        name = random_name(rng)
        level = program.level
        age_days = rng.randint(17 * 365 + 30, 18 * 365 + 330)  # 17-18 at admission, a few older
        if level != ProgramLevel.BACHELOR:
            age_days += rng.randint(4 * 365, 8 * 365)
        study_form = rng.choices((StudyForm.FULL_TIME, StudyForm.PART_TIME, StudyForm.DISTANCE), weights=(90, 7, 3))[0]
        if study_form != StudyForm.FULL_TIME:
            age_days += rng.randint(0, 8 * 365)
        birth_date = dt.date(admission_year, 9, 1) - dt.timedelta(days=age_days)
        funding = rng.choices((Funding.GRANT, Funding.PAID, Funding.OTHER_GRANT), weights=(40, 55, 5))[0]
        sponsor_id = rng.choice(self.sponsor_ids) if funding == Funding.OTHER_GRANT and rng.random() < 0.6 else None
        advisors: list[Employee | None] = [*self.employees.get(program.department_id, [])] or [None]
        abbr, _weight = self.program_info[program.pk]
        iin = self.iin(birth_date, name.sex)
        return Student(
            institution=self.institution,
            iin=iin,
            last_name=name.last_name,
            first_name=name.first_name,
            middle_name=name.middle_name,
            last_name_latin=to_latin(name.last_name),
            first_name_latin=to_latin(name.first_name),
            birth_date=birth_date,
            sex=name.sex,
            email=random_email(rng, name, birth_date.year) if rng.random() < 0.9 else "",
            phone=random_phone(rng) if rng.random() < 0.85 else "",
            program=program,
            minor_program=(
                rng.choice(self.bachelor_programs) if level == ProgramLevel.BACHELOR and rng.random() < 0.05 else None
            ),
            study_form=study_form,
            study_language=study_language(program.code, name, iin),
            funding=funding,
            sponsor_id=sponsor_id,
            admission_year=admission_year,
            group=f"{abbr}-{admission_year % 100:02d}-{group_no}",
            advisor=rng.choice(advisors),
        )

    def current_students(self) -> Iterator[Student]:
        for program in self.programs:
            for course in range(1, program.duration_years + 1):
                admission_year = self.current_year - course + 1
                size = self.rng.randint(3, 7) if program.level == ProgramLevel.BACHELOR else self.rng.randint(1, 3)
                for _ in range(size):
                    student = self.student(program, admission_year, 1)
                    if student.minor_program_id == program.pk:
                        student.minor_program = None
                    student.course = course
                    student.status = self.rng.choices(
                        (StudentStatus.STUDYING, StudentStatus.ACADEMIC_LEAVE, StudentStatus.EXPELLED),
                        weights=(94, 3, 3),
                    )[0]
                    if course > 1:  # first-years have no GPA before their first session
                        student.gpa = Decimal(f"{self.rng.triangular(1.8, 4.0, 3.1):.2f}")
                    yield student

    def graduate_students(self) -> Iterator[Student]:
        cohorts = list(range(self.current_year - self.cohorts + 1, self.current_year + 1))
        per_cohort = allocate(self.graduates, [1 + 0.08 * i for i in range(len(cohorts))])
        weights: list[float] = [self.program_info[p.pk][1] for p in self.programs]
        diploma_numbers = iter(self.rng.sample(range(1_000_000, 10_000_000), self.graduates))
        for cohort, cohort_total in zip(cohorts, per_cohort, strict=True):
            for program, count in zip(self.programs, allocate(cohort_total, weights), strict=True):
                graduation_date = dt.date(cohort, 6, self.rng.randint(25, 30))
                admission_year = cohort - program.duration_years
                for i in range(count):
                    student = self.student(program, admission_year, i // 25 + 1)
                    if student.minor_program_id == program.pk:
                        student.minor_program = None
                    gpa = Decimal(f"{self.rng.triangular(2.0, 4.0, 3.15):.2f}")
                    student.gpa = gpa
                    student.course = program.duration_years
                    student.status = StudentStatus.GRADUATED
                    student.graduation_date = graduation_date
                    student.with_honours = gpa >= Decimal("3.50") and self.rng.random() < 0.6
                    student.diploma_number = f"{DIPLOMA_SERIES[program.level]} {next(diploma_numbers)}"
                    yield student

    def bulk_insert(self, rows: Iterator[Student], label: str) -> int:
        """bulk_create in batches, never holding more than one batch in memory."""
        total = 0
        batch: list[Student] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= self.batch_size:
                Student.objects.bulk_create(batch, batch_size=self.batch_size)
                total += len(batch)
                batch = []
                self.progress(f"  {label}: {total}")
        if batch:
            Student.objects.bulk_create(batch, batch_size=self.batch_size)
            total += len(batch)
        return total

    def build_users(self) -> None:
        # One hash for every demo login: the password is public anyway, and hashing it
        # nine times would take longer than loading a thousand graduates.
        password = make_password(DEMO_PASSWORD)
        users = memberships = employees = 0
        for login in DEMO_LOGINS:
            student = login_student(self.institution, login.username) if login.role == "student" else None
            if login.role == "student":
                if student is None:
                    continue
                login = replace(login, first_name=student.first_name, last_name=student.last_name)
            if User.objects.filter(username=login.username).exists():
                continue  # someone's real account: leave it alone (existing_logins() names it)
            user = User.objects.create(
                username=login.username,
                password=password,
                first_name=login.first_name,
                last_name=login.last_name,
                email=f"{login.username}@{DEMO_EMAIL_DOMAIN}",
                language=login.language,
                is_staff=login.role == "superuser",
                is_superuser=login.role == "superuser",
            )
            users += 1
            if student is not None and login.role == "student":
                Student.objects.filter(pk=student.pk).update(user=user)
                continue
            if login.role in ("superuser", "employer"):  # employer contacts: see mansap.employers.demo
                continue
            Membership.objects.create(
                user=user,
                institution=self.institution,
                role=login.role,
                access=login.access,
                faculty=self.faculties[login.scope] if login.role == Role.DEAN else None,
                department=self.departments[login.scope] if login.role == Role.DEPARTMENT else None,
            )
            memberships += 1
            if login.role == Role.DEPARTMENT:  # department staff are employees of their department
                Employee.objects.create(
                    department=self.departments[login.scope],
                    position=Position.SENIOR_LECTURER,
                    academic_degree="PhD",
                    last_name=login.last_name,
                    first_name=login.first_name,
                    email=user.email,
                    user=user,
                )
                employees += 1
        self.counts.update(employees=employees, users=users, memberships=memberships)


def login_student(institution: Institution, username: str = "student") -> Student | None:
    """The student behind a demo student login: for `student` a third-year of department A (or any student of
    it); for `student2` a fourth-year of the same program (or of department A), who has no login yet."""
    candidates = Student.objects.filter(
        institution=institution,
        program__department__code=DEMO_DEPARTMENT_A,
        status=StudentStatus.STUDYING,
        graduation_date__isnull=True,
        user__isnull=True,
    ).order_by("pk")
    if username != "student":
        first = Student.objects.filter(institution=institution, user__username="student").first()
        seniors = candidates.filter(course=4)
        if first is not None:
            return seniors.filter(program_id=first.program_id).first() or seniors.first()
        return seniors.first()
    return candidates.filter(course=3).first() or candidates.first()


def seed_people(
    institution: Institution,
    *,
    rng: random.Random,
    today: dt.date,
    graduates: int = DEFAULT_GRADUATES,
    cohorts: int = DEFAULT_COHORTS,
    batch_size: int = DEFAULT_BATCH_SIZE,
    sponsor_ids: Sequence[int] = (),
    progress: Progress = no_progress,
) -> dict[str, int]:
    """Students of every course, `graduates` graduates over the last `cohorts` years, the demo logins and their
    memberships; after seed() and the organizations, which the students' `sponsor_ids` come from.

    Existing accounts with a demo login's username are left alone (existing_logins() lists them).
    """
    seeder = PeopleSeeder(
        institution, rng=rng, today=today, graduates=graduates, cohorts=cohorts, batch_size=batch_size,
        sponsor_ids=sponsor_ids, progress=progress,
    )  # fmt: skip
    return seeder.run()


def flush_people(institution: Institution) -> None:
    """Delete the demo logins (their memberships with them) and the institution's students."""
    User.objects.filter(
        email__endswith=f"@{DEMO_EMAIL_DOMAIN}", username__in=[x.username for x in DEMO_LOGINS]
    ).delete()
    purge(Student.objects.filter(institution=institution))


def existing_logins() -> list[str]:
    """The demo logins whose username is taken before seeding: real accounts, which the demo leaves alone."""
    taken = set(User.objects.filter(username__in=[x.username for x in DEMO_LOGINS]).values_list("username", flat=True))
    return [x.username for x in DEMO_LOGINS if x.username in taken]


def seeded_logins(institution: Institution, *, skipped: Collection[str] = ()) -> list[DemoLogin]:
    """The demo logins that exist after seeding, but for the `skipped` ones; the student's names its student."""
    usernames = set(
        User.objects.filter(
            username__in=[x.username for x in DEMO_LOGINS], email__endswith=f"@{DEMO_EMAIL_DOMAIN}"
        ).values_list("username", flat=True)
    )
    logins = []
    for login in DEMO_LOGINS:
        if login.username in skipped or login.username not in usernames:
            continue
        if login.role == "student":
            student = Student.objects.filter(institution=institution, user__username=login.username).first()
            if student is None:
                continue
            login = replace(
                login,
                first_name=student.first_name,
                last_name=student.last_name,
                sees=f"own record: {student.full_name}, {student.group}" + (f"; {login.sees}" if login.sees else ""),
            )
        logins.append(login)
    return logins

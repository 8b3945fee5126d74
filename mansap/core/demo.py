"""Demo data for KazUTB: structure, calendar, employers, students, graduates and demo logins.

`build_demo()` creates everything for one seed; the same seed and options give the
same people (names, IINs, diplomas) on every run. It is written for scale: every
value is computed in Python first and students go to the database with bulk_create
in batches, so 200,000 graduates load in a couple of minutes on SQLite.

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
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from mansap.common.demo import DEMO_EMAIL_DOMAIN, current_start_year, latin_slug, purge, random_phone
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
    region_code,
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
from mansap.employers.models import Organization

DEMO_PASSWORD = "mansap-demo"  # public on purpose: printed by seed_demo
DEFAULT_GRADUATES = 1200
DEFAULT_SEED = 2026
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
DIPLOMA_SERIES = {ProgramLevel.BACHELOR: "ЖБ-Б", ProgramLevel.MASTER: "ЖМ-М", ProgramLevel.DOCTORATE: "ЖД-D"}

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
def calendar_events(start_year: int) -> list[dict]:
    """The periods of one academic year (1 September to 31 August); all lie inside it."""
    y, n = start_year, start_year + 1
    d = dt.date
    return [
        dict(kind=CalendarEventKind.SEMESTER, starts_on=d(y, 9, 1), ends_on=d(y, 12, 20),
             title_kk="1-академиялық кезең (күзгі семестр)", title_ru="Первый академический период (осенний семестр)",
             title_en="First academic period (autumn semester)"),
        dict(kind=CalendarEventKind.EXAMS, starts_on=d(y, 12, 22), ends_on=d(n, 1, 10),
             title_kk="Қысқы емтихан сессиясы", title_ru="Зимняя экзаменационная сессия",
             title_en="Winter examination session"),
        dict(kind=CalendarEventKind.HOLIDAYS, starts_on=d(n, 1, 11), ends_on=d(n, 1, 24),
             title_kk="Қысқы демалыс", title_ru="Зимние каникулы", title_en="Winter holidays"),
        dict(kind=CalendarEventKind.SEMESTER, starts_on=d(n, 1, 25), ends_on=d(n, 5, 9),
             title_kk="2-академиялық кезең (көктемгі семестр)",
             title_ru="Второй академический период (весенний семестр)",
             title_en="Second academic period (spring semester)"),
        dict(kind=CalendarEventKind.EXAMS, starts_on=d(n, 5, 11), ends_on=d(n, 5, 30),
             title_kk="Жазғы емтихан сессиясы", title_ru="Летняя экзаменационная сессия",
             title_en="Summer examination session"),
        dict(kind=CalendarEventKind.PRACTICE, starts_on=d(n, 6, 1), ends_on=d(n, 6, 27),
             title_kk="Кәсіптік практика (1–3 курстар)", title_ru="Профессиональная практика (1–3 курсы)",
             title_en="Professional practice (years 1–3)"),
        dict(kind=CalendarEventKind.FINAL_ATTESTATION, starts_on=d(n, 5, 11), ends_on=d(n, 6, 24),
             title_kk="Қорытынды аттестаттау (бітіруші курс)", title_ru="Итоговая аттестация (выпускной курс)",
             title_en="Final attestation (graduating year)"),
        dict(kind=CalendarEventKind.HOLIDAYS, starts_on=d(n, 7, 1), ends_on=d(n, 8, 31),
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
    DemoLogin("student", "", "", "ru", "student", sees="own student record"),
    # Employer contacts (no Membership; mansap.employers.demo links them to their organization)
    DemoLogin("employer", "Дәурен", "Ермеков", "kk", "employer",
              sees="Astana Soft: own organization's vacancies and applications"),
    DemoLogin("employer2", "Ирина", "Ковалёва", "ru", "employer",
              sees="Береке Банк: own organization's vacancies and applications"),
]  # fmt: skip


# ---- The builder ---------------------------------------------------------------------------------------------
@dataclass
class DemoResult:
    institution: Institution
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    logins: list[DemoLogin] = field(default_factory=list)
    skipped_users: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def demo_institution() -> Institution | None:
    return Institution.objects.filter(code=settings.MANSAP_DEFAULT_INSTITUTION_CODE).first()


def is_demo_institution(institution: Institution) -> bool:
    return institution.bin == DEMO_INSTITUTION_BIN


def allocate(total: int, weights: list[float]) -> list[int]:
    """Split `total` into whole parts proportional to weights (largest remainder); the parts sum to total."""
    weight_sum = sum(weights)
    exact = [total * w / weight_sum for w in weights]
    parts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


class DemoBuilder:
    """Builds the demo university for one seed. Call build() inside a transaction."""

    def __init__(
        self,
        *,
        graduates: int = DEFAULT_GRADUATES,
        seed: int = DEFAULT_SEED,
        cohorts: int = DEFAULT_COHORTS,
        batch_size: int = DEFAULT_BATCH_SIZE,
        today: dt.date | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.graduates = graduates
        self.seed = seed
        self.cohorts = cohorts
        self.batch_size = batch_size
        self.today = today or timezone.localdate()
        self.current_year = current_start_year(self.today)
        self.progress = progress or (lambda message: None)
        self.rng = random.Random(seed)
        self.used_iins: set[str] = set()
        self.counts: dict[str, int] = {}

    # -- helpers --
    def iin(self, birth_date: dt.date, sex: str) -> str:
        while True:
            value = make_iin(birth_date, sex, self.rng.randrange(10000))
            if value not in self.used_iins:
                self.used_iins.add(value)
                return value

    def build(self) -> DemoResult:
        started = time.perf_counter()
        self.institution = self.build_institution()
        self.build_structure()
        self.build_calendar()
        self.build_employees()
        self.build_organizations()
        self.build_students()
        logins, skipped = self.build_users()
        self.build_employment()
        self.build_partnerships()
        self.build_practice_and_surveys()
        return DemoResult(
            institution=self.institution,
            counts=self.counts,
            seconds=time.perf_counter() - started,
            logins=logins,
            skipped_users=skipped,
        )

    def build_institution(self) -> Institution:
        self.counts["institutions"] = 1
        return Institution.objects.create(
            code=settings.MANSAP_DEFAULT_INSTITUTION_CODE, bin=DEMO_INSTITUTION_BIN, **INSTITUTION
        )

    def build_structure(self) -> None:
        self.faculties = {
            code: Faculty.objects.create(institution=self.institution, code=code, name_kk=kk, name_ru=ru, name_en=en)
            for code, kk, ru, en in FACULTIES
        }
        self.departments: dict[str, Department] = {}
        for faculty_code, code, graduating, kk, ru, en, _degree in DEPARTMENTS:
            self.departments[code] = Department.objects.create(
                faculty=self.faculties[faculty_code],
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
        self.programs: list[EducationalProgram] = []
        self.program_info: dict[int, tuple[str, int]] = {}  # pk -> (group abbreviation, weight)
        for dept, code, group, abbr, weight, kk, ru, en in PROGRAMS:
            level = LEVEL_BY_PREFIX[code[:2]]
            program = EducationalProgram.objects.create(
                code=code,
                level=level,
                group=groups[group],
                department=self.departments[dept],
                duration_years=DURATION_BY_LEVEL[level],
                name_kk=kk,
                name_ru=ru,
                name_en=en,
            )
            self.programs.append(program)
            self.program_info[program.pk] = (abbr, weight)
        self.counts.update(
            faculties=len(self.faculties),
            departments=len(self.departments),
            program_groups=len(groups),
            programs=len(self.programs),
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
        self.employees: dict[int, list[Employee]] = {}
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
        for employee in Employee.objects.bulk_create(rows):
            self.employees.setdefault(employee.department_id, []).append(employee)
        self.counts["employees"] = len(rows)

    def build_organizations(self) -> None:
        self.organizations = []
        self.sponsors = []
        for i, (short, kk, ru, en, region, sponsor) in enumerate(ORGANIZATIONS):
            slug = latin_slug(short)[:24] or f"org{i}"
            org = Organization.objects.create(
                institution=self.institution,
                bin=make_bin(
                    self.rng.randint(1998, 2022), self.rng.randint(1, 12), "4", "0", self.rng.randrange(100000)
                ),
                short_name=short,
                name_kk=kk,
                name_ru=ru,
                name_en=en,
                region=region_code(region) or "",
                email=f"hr@{slug}.example",
                phone=random_phone(self.rng),
            )
            self.organizations.append(org)
            if sponsor:
                self.sponsors.append(org)
        self.counts["organizations"] = len(self.organizations)

    # -- students --
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
        sponsor = rng.choice(self.sponsors) if funding == Funding.OTHER_GRANT and rng.random() < 0.6 else None
        advisors = self.employees.get(program.department_id) or [None]
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
            sponsor=sponsor,
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
        weights = [self.program_info[p.pk][1] for p in self.programs]
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

    def build_students(self) -> None:
        self.bachelor_programs = [p for p in self.programs if p.level == ProgramLevel.BACHELOR]
        self.counts["students"] = self.bulk_insert(self.current_students(), "students")
        self.counts["graduates"] = self.bulk_insert(self.graduate_students(), "graduates")

    # -- users --
    def build_users(self) -> tuple[list[DemoLogin], list[str]]:
        # One hash for every demo login: the password is public anyway, and hashing it
        # nine times would take longer than loading a thousand graduates.
        password = make_password(DEMO_PASSWORD)
        department_a = self.departments[DEMO_DEPARTMENT_A]
        candidates = Student.objects.filter(
            program__department=department_a, status=StudentStatus.STUDYING, graduation_date__isnull=True
        ).order_by("pk")
        student = candidates.filter(course=3).first() or candidates.first()
        logins, skipped, memberships = [], [], 0
        for login in DEMO_LOGINS:
            if login.role == "student":
                if student is None:
                    continue
                login = DemoLogin(
                    login.username, student.first_name, student.last_name, login.language, login.role,
                    sees=f"own record: {student.full_name}, {student.group}",
                )  # fmt: skip
            if User.objects.filter(username=login.username).exists():
                skipped.append(login.username)  # someone's real account: leave it alone
                continue
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
            logins.append(login)
            if login.role == "student":
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
                self.counts["employees"] += 1
        self.counts.update(users=len(logins), memberships=memberships)
        return logins, skipped

    # -- employment monitoring (added for the graduates app; its data lives in mansap.graduates.demo) --
    def build_employment(self) -> None:
        """Career histories, contacts, rounds... of the graduates, when the graduates app has none yet."""
        from mansap.graduates import demo as graduates_demo

        rng = random.Random(f"{self.seed}:employment")  # its own stream: the people above do not depend on it
        self.counts.update(graduates_demo.seed(self.institution, rng=rng, today=self.today, progress=self.progress))

    # -- employer partnerships (added for the employers app; its data lives in mansap.employers.demo) --
    def build_partnerships(self) -> None:
        """Agreements (some expiring soon, some expired), joint units and two duplicate organizations."""
        from mansap.employers.demo import seed_partnerships

        rng = random.Random(f"{self.seed}:partnerships")
        self.counts.update(seed_partnerships(self.institution, rng=rng, today=self.today))
        # Vacancies, applications, shortlists and career events: their own stream too.
        from mansap.employers.demo import seed_vacancies_and_events

        rng = random.Random(f"{self.seed}:vacancies")
        self.counts.update(seed_vacancies_and_events(self.institution, rng=rng, today=self.today))

    # -- practice and surveys: their data lives in mansap.practice.demo and mansap.surveys.demo --
    def build_practice_and_surveys(self) -> None:
        from mansap.practice import demo as practice_demo
        from mansap.surveys import demo as surveys_demo

        for name, module in (("practice", practice_demo), ("surveys", surveys_demo)):
            rng = random.Random(f"{self.seed}:{name}")
            self.counts.update(module.seed(self.institution, rng=rng, today=self.today))


def build_demo(**options: object) -> DemoResult:
    """Build the whole demo in one transaction (see DemoBuilder for the options)."""
    with transaction.atomic():
        return DemoBuilder(**options).build()  # type: ignore[arg-type]


# ---- Flush ---------------------------------------------------------------------------------------------------
def flush_demo(institution: Institution) -> None:
    """Delete the demo institution and everything under it, children before parents (PROTECT)."""
    from mansap.employers.demo import flush_partnerships
    from mansap.graduates.demo import flush as flush_employment  # the graduates app's demo rows (rounds PROTECT years)
    from mansap.practice.demo import flush as flush_practice
    from mansap.surveys.demo import flush as flush_surveys

    with transaction.atomic():
        flush_surveys(institution)
        flush_practice(institution)
        flush_employment(institution)
        flush_partnerships(institution)  # employers app: agreements and joint units PROTECT organizations
        User.objects.filter(
            email__endswith=f"@{DEMO_EMAIL_DOMAIN}", username__in=[x.username for x in DEMO_LOGINS]
        ).delete()
        purge(Student.objects.filter(institution=institution))
        departments = Department.objects.filter(faculty__institution=institution)
        purge(Employee.objects.filter(department__in=departments))
        EducationalProgram.objects.filter(department__in=departments).delete()
        CalendarEvent.objects.filter(academic_year__institution=institution).delete()
        AcademicYear.objects.filter(institution=institution).delete()
        departments.delete()
        Faculty.objects.filter(institution=institution).delete()
        Organization.objects.filter(institution=institution).delete()
        institution.delete()

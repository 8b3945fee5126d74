"""Choice lists of the core app (labels translated)."""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    """What a membership lets its holder do, and over which part of the institution."""

    CAREER_CENTER = "career_center", _("Career Center")
    REGISTRAR = "registrar", _("Registrar's Office")
    MANAGEMENT = "management", _("Management")
    DEAN = "dean", _("Dean's office")
    DEPARTMENT = "department", _("Department staff")


INSTITUTION_WIDE_ROLES = {Role.CAREER_CENTER, Role.REGISTRAR, Role.MANAGEMENT}


class Access(models.TextChoices):
    VIEW = "view", _("read only")
    EDIT = "edit", _("read and write")


class ProgramLevel(models.TextChoices):
    BACHELOR = "bachelor", _("bachelor's")
    MASTER = "master", _("master's")
    DOCTORATE = "doctorate", _("doctorate")


LEVEL_CODE_LETTER = {"6B": ProgramLevel.BACHELOR, "7M": ProgramLevel.MASTER, "8D": ProgramLevel.DOCTORATE}


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class StudyForm(models.TextChoices):
    FULL_TIME = "full_time", _("full-time")
    PART_TIME = "part_time", _("part-time")
    DISTANCE = "distance", _("distance")


class StudyLanguage(models.TextChoices):
    """The language a student is taught in (AIS Platonus exports it per student); also their preferred one."""

    KAZAKH = "kk", pgettext_lazy("language of instruction", "Kazakh")
    RUSSIAN = "ru", pgettext_lazy("language of instruction", "Russian")
    ENGLISH = "en", pgettext_lazy("language of instruction", "English")


class Funding(models.TextChoices):
    GRANT = "grant", _("state educational grant")
    PAID = "paid", _("fee-paying")
    OTHER_GRANT = "other_grant", _("other grant")


class StudentStatus(models.TextChoices):
    STUDYING = "studying", _("studying")
    ACADEMIC_LEAVE = "academic_leave", _("academic leave")
    EXPELLED = "expelled", _("expelled")
    GRADUATED = "graduated", pgettext_lazy("student status", "graduated")


class Position(models.TextChoices):
    """Academic position of a department employee (practice supervisors must be senior)."""

    PROFESSOR = "professor", _("professor")
    ASSOCIATE_PROFESSOR = "associate_professor", _("associate professor")
    SENIOR_LECTURER = "senior_lecturer", _("senior lecturer")
    LECTURER = "lecturer", _("lecturer")
    ASSISTANT = "assistant", _("assistant")
    OTHER = "other", _("other staff")


class CalendarEventKind(models.TextChoices):
    SEMESTER = "semester", _("semester (classes)")
    EXAMS = "exams", _("examination session")
    HOLIDAYS = "holidays", _("holidays")
    PRACTICE = "practice", _("professional practice")
    FINAL_ATTESTATION = "final_attestation", _("final attestation")
    SUMMER_SEMESTER = "summer_semester", _("summer semester")
    OTHER = "other", _("other")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be checked")
    VALIDATING = "validating", _("checking")
    VALID = "valid", _("checked: ready to import")
    INVALID = "invalid", _("checked: has errors")
    IMPORTING = "importing", _("importing")
    DONE = "done", _("imported")
    FAILED = "failed", _("could not be read")


class Region(models.TextChoices):
    """Kazakhstan's regions and cities of republican significance (2022 division)."""

    ASTANA = "astana", _("Astana")
    ALMATY_CITY = "almaty_city", _("Almaty")
    SHYMKENT = "shymkent", _("Shymkent")
    ABAI = "abai", _("Abai Region")
    AKMOLA = "akmola", _("Akmola Region")
    AKTOBE = "aktobe", _("Aktobe Region")
    ALMATY = "almaty", _("Almaty Region")
    ATYRAU = "atyrau", _("Atyrau Region")
    EAST_KAZAKHSTAN = "east_kazakhstan", _("East Kazakhstan Region")
    JAMBYL = "jambyl", _("Jambyl Region")
    JETISU = "jetisu", _("Jetisu Region")
    KARAGANDA = "karaganda", _("Karaganda Region")
    KOSTANAY = "kostanay", _("Kostanay Region")
    KYZYLORDA = "kyzylorda", _("Kyzylorda Region")
    MANGYSTAU = "mangystau", _("Mangystau Region")
    NORTH_KAZAKHSTAN = "north_kazakhstan", _("North Kazakhstan Region")
    PAVLODAR = "pavlodar", _("Pavlodar Region")
    TURKISTAN = "turkistan", _("Turkistan Region")
    ULYTAU = "ulytau", _("Ulytau Region")
    WEST_KAZAKHSTAN = "west_kazakhstan", _("West Kazakhstan Region")
    ABROAD = "abroad", _("abroad")


# Names as people write them, in the three languages, for matching imported text.
REGION_NAMES: dict[str, tuple[str, ...]] = {
    "astana": ("Астана", "Astana", "Нур-Султан", "Нұр-Сұлтан"),
    "almaty_city": ("Алматы", "Almaty", "г. Алматы", "Алматы қаласы"),
    "shymkent": ("Шымкент", "Shymkent"),
    "abai": ("Абай облысы", "Абайская область", "Abai Region", "Abai"),
    "akmola": ("Ақмола облысы", "Акмолинская область", "Akmola Region", "Akmola"),
    "aktobe": ("Ақтөбе облысы", "Актюбинская область", "Aktobe Region", "Aktobe"),
    "almaty": ("Алматы облысы", "Алматинская область", "Almaty Region"),
    "atyrau": ("Атырау облысы", "Атырауская область", "Atyrau Region", "Atyrau"),
    "east_kazakhstan": ("Шығыс Қазақстан облысы", "Восточно-Казахстанская область", "ВКО", "East Kazakhstan Region"),
    "jambyl": ("Жамбыл облысы", "Жамбылская область", "Jambyl Region", "Zhambyl Region"),
    "jetisu": ("Жетісу облысы", "Жетысуская область", "Jetisu Region", "Zhetysu Region"),
    "karaganda": ("Қарағанды облысы", "Карагандинская область", "Karaganda Region", "Karagandy Region"),
    "kostanay": ("Қостанай облысы", "Костанайская область", "Kostanay Region"),
    "kyzylorda": ("Қызылорда облысы", "Кызылординская область", "Kyzylorda Region"),
    "mangystau": ("Маңғыстау облысы", "Мангистауская область", "Mangystau Region"),
    "north_kazakhstan": (
        "Солтүстік Қазақстан облысы",
        "Северо-Казахстанская область",
        "СКО",
        "North Kazakhstan Region",
    ),
    "pavlodar": ("Павлодар облысы", "Павлодарская область", "Pavlodar Region"),
    "turkistan": ("Түркістан облысы", "Туркестанская область", "Turkistan Region"),
    "ulytau": ("Ұлытау облысы", "Улытауская область", "Ulytau Region"),
    "west_kazakhstan": ("Батыс Қазақстан облысы", "Западно-Казахстанская область", "ЗКО", "West Kazakhstan Region"),
    "abroad": ("Шетел", "За рубежом", "Abroad"),
}


def match_region(text: str) -> str | None:
    """The region code for a name in any of the three languages (case and spaces ignored)."""
    wanted = " ".join((text or "").split()).casefold()
    if not wanted:
        return None
    for code, names in REGION_NAMES.items():
        if wanted == code or any(wanted == name.casefold() for name in names):
            return code
    return None


# "Астана қ.", "г. Алматы", "Шымкент қаласы": a city written with its marker.
_CITY_MARKERS = re.compile(r"^(г\.|город)\s*|\s*(қ\.|г\.|қаласы|city)$", re.IGNORECASE)


def region_code(text: str) -> str | None:
    """The Region code for a region or city as people write it, or None when it names none."""
    found = match_region(text)
    if found is None and text:
        found = match_region(_CITY_MARKERS.sub("", " ".join(text.split())))
    return found

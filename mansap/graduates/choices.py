"""Choice lists of graduate employment monitoring."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmploymentStatus(models.TextChoices):
    EMPLOYED_SPECIALTY = "employed_specialty", _("employed by specialty")
    EMPLOYED_OTHER = "employed_other", _("employed not by specialty")
    OWN_BUSINESS = "own_business", _("own business / self-employed")
    CONTINUING_EDUCATION = "continuing_education", _("continuing education (master's, abroad)")
    MILITARY_SERVICE = "military_service", _("military service")
    PARENTAL_LEAVE = "parental_leave", _("parental leave")
    UNEMPLOYED_SEEKING = "unemployed_seeking", _("unemployed and seeking work")
    NOT_SEEKING = "not_seeking", _("not seeking work")
    UNKNOWN = "unknown", _("unknown")


EMPLOYED = frozenset(
    {EmploymentStatus.EMPLOYED_SPECIALTY, EmploymentStatus.EMPLOYED_OTHER, EmploymentStatus.OWN_BUSINESS}
)
OUT_OF_LABOUR_FORCE = frozenset(
    {EmploymentStatus.CONTINUING_EDUCATION, EmploymentStatus.MILITARY_SERVICE, EmploymentStatus.PARENTAL_LEAVE}
)
# Statuses that name an employer (the employer, position and salary fields apply).
WITH_EMPLOYER = EMPLOYED


class Channel(models.TextChoices):
    """How the information was obtained (000 §8.2, 003 §9)."""

    TELEPHONE = "telephone", _("telephone survey")
    MESSENGER = "messenger", _("mobile communication / messenger")
    EMAIL = "email", _("e-mail")
    DOCUMENT = "document", _("supporting document")
    SELF_REPORT = "self_report", _("graduate self-report")
    SOCIAL_NETWORK = "social_network", _("social network")
    COLLEAGUE = "colleague", _("colleague or teacher")


class ContactOutcome(models.TextChoices):
    REACHED = "reached", _("reached")
    NO_ANSWER = "no_answer", _("no answer")
    WRONG_NUMBER = "wrong_number", _("wrong number")
    REFUSED = "refused", _("refused to answer")


class AssistanceKind(models.TextChoices):
    NEGOTIATION = "negotiation", _("negotiation with an employer")
    REFERRAL = "referral", _("referral to a vacancy")
    CONSULTATION = "consultation", _("career consultation")
    OTHER = "other", _("other help")


class ObligationStatus(models.TextChoices):
    """State-grant work obligation (Order No. 403 of 11.08.2023; no legal logic automated)."""

    WORKING_OFF = "working_off", _("working off")
    FULFILLED = "fulfilled", _("fulfilled")
    EXEMPT = "exempt", _("exempt")
    REIMBURSING = "reimbursing", _("reimbursing the cost")
    TERMINATED = "terminated", _("terminated")


class SelfReportStatus(models.TextChoices):
    PENDING = "pending", _("pending confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


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

"""Choice lists of the core app (labels translated)."""

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

"""Choices of the servicedesk app: who a service is for, what it issues, a request's channel and status."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Eligibility(models.TextChoices):
    STUDYING = "studying", _("students who are studying")
    GRADUATES = "graduates", _("graduates")
    EXPELLED = "expelled", _("expelled students")
    ANY = "any", _("any student or graduate")
    ENROLLED = "enrolled", _("students and graduates")
    FORMER = "former", _("expelled students and graduates")


class DocumentKind(models.TextChoices):
    STUDY_CERTIFICATE = "study_certificate", _("study certificate")
    CERTIFICATE = "certificate", _("certificate")
    TRANSCRIPT = "transcript", _("transcript")
    ARCHIVE_CERTIFICATE = "archive_certificate", _("archive certificate")
    DIPLOMA_SUPPLEMENT = "diploma_supplement", _("diploma supplement (kk, ru, en)")
    DIPLOMA_DUPLICATE = "diploma_duplicate", _("diploma duplicate's data sheet (kk, ru, en)")
    NONE = "none", _("no document (an application)")


class FieldType(models.TextChoices):
    TEXT = "text", _("text")
    CHOICE = "choice", _("choice")
    DATE = "date", _("date")


class Channel(models.TextChoices):
    SELF_SERVICE = "self_service", _("self-service")
    DESK = "desk", _("at the desk")
    GRADUATE_LINK = "graduate_link", _("self-service link")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("request status", "submitted")
    IN_PROGRESS = "in_progress", pgettext_lazy("request status", "in progress")
    WAITING = "waiting_for_student", pgettext_lazy("request status", "waiting for the student")
    READY = "ready", pgettext_lazy("request status", "ready")
    ISSUED = "issued", pgettext_lazy("request status", "issued")
    REFUSED = "refused", pgettext_lazy("request status", "refused")
    CANCELLED = "cancelled", pgettext_lazy("request status", "cancelled")


OPEN_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.IN_PROGRESS, RequestStatus.WAITING, RequestStatus.READY)
CLOSED_STATUSES = (RequestStatus.ISSUED, RequestStatus.REFUSED, RequestStatus.CANCELLED)


class DocumentStatus(models.TextChoices):
    VALID = "valid", pgettext_lazy("document status", "valid")
    REVOKED = "revoked", pgettext_lazy("document status", "revoked")


class Language(models.TextChoices):
    KAZAKH = "kk", "қазақша"
    RUSSIAN = "ru", "русский"
    ENGLISH = "en", "English"
